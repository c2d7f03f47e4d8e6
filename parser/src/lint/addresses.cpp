// sipspan — the validator's addresses: name-addr and addr-spec (RFC 3261
// §20.10), the URI inside them (§19.1), their display names and one walk over
// their parameters.

#include <iterator>

#include "lint/checker.hpp"
#include "sip/uri_scan.hpp"

namespace sipspan::lint_detail {

// IPv4address / IPv6address (RFC 3261 §25.1; IPv4 octets 0-255 and IPv6 groups
// as RFC 3986 §3.2.2 has them), or an IPv6reference: the URI machine's own rules.
bool is_ip_address(std::string_view a) noexcept {
  detail::uri_marks m;
  const auto* p = reinterpret_cast<const unsigned char*>(a.data());
  return !a.empty() && detail::scan_uri(m, p, p + a.size(), detail::uri_entry::ip_address) == nullptr;
}

// True when parse_uri accepts `text` and reads no RFC 3261-only IPv6 form in
// it: the URI machine matches, and a SIP URI's port (1*DIGIT, the machine's)
// fits 16 bits as parse_uri's view needs. `m`: the machine's marks. False says
// nothing: parse_uri tells.
bool uri_verdict(std::string_view text, detail::uri_marks& m) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  if (text.empty() || text.size() > 0xFFFFFFFFu || detail::scan_uri(m, p, end, detail::uri_entry::uri) != nullptr ||
      m.ipv6_legacy)
    return false;
  if (!m.port_colon) return true;
  const auto* port_end = m.params_at ? m.params_at : m.headers_at ? m.headers_at : end;
  return digits_at_most(std::string_view(reinterpret_cast<const char*>(m.port_colon + 1),
                                         static_cast<std::size_t>(port_end - m.port_colon - 1)),
                        65535);
}

namespace {

// RFC 3261 §16.12.1.1: a SIP or SIPS URI without the lr parameter (the
// uri-parameters between the first ';' and '?', as parse_uri reads them).
bool sip_without_lr(const detail::uri_marks& m, std::string_view text) noexcept {
  if (m.scheme != uri_scheme::sip && m.scheme != uri_scheme::sips) return false;
  if (!m.params_at) return true;
  const char* b = reinterpret_cast<const char*>(m.params_at) + 1;
  const char* e = m.headers_at ? reinterpret_cast<const char*>(m.headers_at) : text.data() + text.size();
  return !param_range(std::string_view(b, static_cast<std::size_t>(e - b))).has("lr");
}

}  // namespace

// One walk over a parameter list: a name the value already carried
// (";tag=a;tag=b") is duplicate_parameter at the second one, and each
// parameter's facts are noted on the way. The first 16 names are compared,
// each with those before it: the work per value stays bounded on hostile
// input.
void checker::walk_params(const header_view& h, const param_range& ps, param_facts& f) noexcept {
  struct name_ref {
    const char* data;
    std::size_t size;
  };
  name_ref seen[16];  // left uninitialised: only [0, n) is read
  std::size_t n = 0;
  bool comparing = true;
  for (const param& p : ps) {
    if (comparing) {
      if (n == std::size(seen)) {
        comparing = false;
      } else {
        for (std::size_t i = 0; i < n; ++i)
          if (iequals(std::string_view(seen[i].data, seen[i].size), p.name)) {
            add(rule_id::duplicate_parameter, error_code::success, &h, p.name);
            comparing = false;
            break;
          }
        if (comparing) seen[n++] = name_ref{p.name.data(), p.name.size()};
      }
    }
    switch (p.name.size()) {
      case 3: f.tag |= iequals(p.name, "tag"); break;
      case 5:
        if (f.via && p.has_value && iequals(p.name, "rport") && !digits_at_most(p.value, 65535))
          f.bad_address(p.value, error_code::bad_port);
        break;
      case 7:
        if (!f.expires_seen && iequals(p.name, "expires")) f.expires_seen = true, f.expires = p.value;
        break;
      case 8:
        if (f.via && iequals(p.name, "received") && !is_ip_address(p.value)) f.bad_address(p.value, error_code::bad_host);
        break;
      default: break;
    }
  }
}

// §20.10: an addr-spec with ',', '?' or ';' in its URI must be inside < >;
// without them the typed parser stops at that byte, and that rule says why.
void checker::name_addr_failed(const header_view& h, std::string_view v, const result& r) noexcept {
  std::string_view at_fault = v.substr(r.offset < v.size() ? r.offset : v.size());
  if (v.find('<') == std::string_view::npos && !at_fault.empty() &&
      (at_fault.front() == '?' || at_fault.front() == ',')) {
    std::size_t start = v.find_first_not_of(" \t");
    if (start == std::string_view::npos) start = 0;
    add(rule_id::addr_spec_with_separators, r.code, &h, v, static_cast<std::uint32_t>(start),
        static_cast<std::uint32_t>(v.size() - start));
    return;
  }
  failed(rule_id::header_syntax, r, h, v);
}

// The URI of a name-addr / addr-spec, its display name, the §20.10 rule.
bool checker::name_addr(const header_view& h, const name_addr_view& x, bool* no_lr,
               param_facts* facts) noexcept {
  if (x.display_name_quoted) utf8(&h, x.display_name);
  param_facts unused;
  param_facts& f = facts ? *facts : unused;
  if ((!f.scanned || f.duplicate) && !x.params.text().empty()) walk_params(h, x.params, f);
  // the scan's addr-spec outside < > holds no ',' nor '?' (grammar/message_fields.rl)
  if (!f.scanned && !x.has_angle_brackets && x.uri.find_first_of(",?") != std::string_view::npos)
    add(rule_id::addr_spec_with_separators, error_code::success, &h, x.uri);
  // The same text as the Request-URI (To of a request, often): the same reading.
  if (!no_lr && !ruri_.empty() && x.uri == ruri_) {
    if (ruri_ipv6_rfc3261_form_)
      add(rule_id::ipv6_rfc3261_form, error_code::success, &h,
          x.uri.substr(static_cast<std::size_t>(ruri_host_.data() - ruri_.data()), ruri_host_.size()));
    return true;
  }
  // The verdict and the RFC 3261 IPv6 form are all a URI gives here: the URI
  // machine alone, without the view, when it matches (parse_uri names errors)
  if (detail::uri_marks um; facts_ && uri_verdict(x.uri, um)) {
    if (no_lr) *no_lr = sip_without_lr(um, x.uri);
    return true;
  }
  uri_view u;
  if (result r = parse_uri(x.uri, u); !r) {
    failed(rule_id::uri_syntax, r, h, x.uri);
    return false;
  }
  if (u.ipv6_rfc3261_form) add(rule_id::ipv6_rfc3261_form, error_code::success, &h, u.host);
  if (no_lr) *no_lr = u.is_sip() && !u.lr();
  return true;
}

}  // namespace sipspan::lint_detail
