// sipspan — the validator's start-line rules (RFC 3261 §7.1, §7.2, §19.1.1):
// SIP version and its case, status code range, reason-phrase characters, the
// Request-URI grammar, its scheme and the components it may not carry.

#include <cstring>

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

}  // namespace

// ---- start line (RFC 3261 §7.1, §7.2)
void checker::start_line() noexcept {
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT: the scan's facts say which
  std::string_view v = m_.version();
  const scan_facts& sf = facts(m_);
  const bool v2_0 = facts_ ? sf.has(scan_facts::version_2_0) : same_text(v, "SIP/2.0");
  if (!v.empty() && !v2_0) add(rule_id::sip_version, error_code::bad_sip_version, nullptr, v);
  // "case-insensitive, but implementations MUST send upper-case" (§7.1)
  const bool upper = facts_ ? sf.has(scan_facts::version_upper) : v.substr(0, 3) == "SIP";
  if (v.size() >= 3 && !upper && iequals(v.substr(0, 3), "SIP"))
    add(rule_id::sip_version_case, error_code::success, nullptr, v, 0, 3);
  if (m_.is_response()) {
    std::uint16_t code = m_.status_code();
    if (code < 100 || code > 699)
      add(rule_id::status_code_range, error_code::bad_status_code, nullptr, m_.status_text());
    reason_phrase(m_.reason());
    return;
  }
  if (!m_.is_request()) return;
  if (m_.method_kind() == method_id::other)
    add(rule_id::unknown_method, error_code::success, nullptr, m_.method());
  std::string_view ruri = m_.request_uri();
  uri_view u;  // from the scan's marks when it typed the Request-URI (scanned.hpp)
  if (result r = parse_request_uri(m_, u); !r) {
    std::uint32_t rel = r.offset <= ruri.size() ? r.offset : static_cast<std::uint32_t>(ruri.size());
    add(rule_id::request_uri_syntax, r.code, nullptr, ruri, rel, rel < ruri.size() ? 1 : 0);
    return;
  }
  ruri_ = ruri, ruri_host_ = u.host, ruri_ipv6_rfc3261_form_ = u.ipv6_rfc3261_form;
  if (u.ipv6_rfc3261_form) add(rule_id::ipv6_rfc3261_form, error_code::success, nullptr, u.host);
  if (u.scheme == uri_scheme::other) add(rule_id::request_uri_scheme, error_code::success, nullptr, u.scheme_text);
  if (!u.is_sip()) return;
  // '?' may appear in the user part; the headers component follows the hostport
  if (!u.headers_text.empty() && u.headers_text.data() > u.host.data())
    add(rule_id::request_uri_component, error_code::success, nullptr,
        std::string_view(u.headers_text.data() - 1, u.headers_text.size() + 1));
  for (const param& p : u.params())
    if (iequals(p.name, "method")) add(rule_id::request_uri_component, error_code::success, nullptr, p.name);
  if (m_.method_kind() == method_id::register_ && u.has_user)
    add(rule_id::request_uri_component, error_code::success, nullptr, u.user);
}

// Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB)
void checker::reason_phrase(std::string_view r) noexcept {
  for (std::size_t i = 0; i < r.size(); ++i) {
    auto c = static_cast<unsigned char>(r[i]);
    if (c >= 0x80 || c < 0x20 || c == 0x7F) continue;  // UTF-8 below; control bytes are deviations
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
    if (std::strchr(";/?:@&=+$,-_.!~*'() \t", c)) continue;
    if (c == '%' && i + 2 < r.size() && is_hex(r[i + 1]) && is_hex(r[i + 2])) {
      i += 2;
      continue;
    }
    add(rule_id::reason_phrase, error_code::success, nullptr, r, static_cast<std::uint32_t>(i), 1);
    break;
  }
  utf8(nullptr, r);
}

}  // namespace sipspan::lint_detail
