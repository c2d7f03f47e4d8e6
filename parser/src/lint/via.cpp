// sipspan — the validator's Via rules: sent-protocol, the branch and its
// magic cookie (RFC 3261 §8.1.1.7, RFC 4475 §3.2.1), received and rport
// (RFC 3581 §4), repeated parameters.

#include <cstring>

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

namespace {

// More parameters than the scan compares for repeats (scan_facts): a token
// value holds no ';', so each one after the first is one more.
bool more_than_16_params(std::string_view text) noexcept {
  if (text.size() < 2 * 16 + 1) return false;  // ";x" at least per parameter
  std::size_t n = 0;
  for (const char* p = text.data(), *e = p + text.size();
       (p = static_cast<const char*>(std::memchr(p, ';', static_cast<std::size_t>(e - p)))) != nullptr; ++p)
    if (++n == 16) return true;
  return false;
}

}  // namespace

// The scan's plain Via parameters are name [ "=" token ] with no whitespace
// (grammar/message_fields.rl), and its received = IPv4address takes 1*3DIGIT
// octets: each received value is checked here as walk_params would.
void checker::scanned_received(std::string_view params, param_facts& f) noexcept {
  while (!params.empty()) {
    const void* semi = std::memchr(params.data(), ';', params.size());
    const std::size_t n = semi ? static_cast<std::size_t>(static_cast<const char*>(semi) - params.data()) : params.size();
    const std::string_view p = params.substr(0, n);
    params.remove_prefix(semi ? n + 1 : n);
    if (p.size() > 9 && iequals(p.substr(0, 9), "received=") && !is_ip_address(p.substr(9)))
      f.bad_address(p.substr(9), error_code::bad_host);
  }
}

void checker::via(const header_view& h, std::string_view v) noexcept {
  via_view x;
  const bool typed = scanned(h, scanned_fields::via);
  if (result r = typed ? parse_via(m_, x) : parse_via(v, x); !r) {
    // received = IPv4address / IPv6address, rport = [1*DIGIT]: the parameter's own rule
    std::string_view before = v.substr(0, r.offset < v.size() ? r.offset : v.size());
    std::size_t semi = before.rfind(';');
    std::string_view param = semi == std::string_view::npos ? std::string_view() : before.substr(semi + 1);
    bool addr = param.starts_with("received=") || param.starts_with("rport=");
    failed(addr ? rule_id::via_rport_received : rule_id::header_syntax, r, h, v);
    return;
  }
  const scan_facts& sf = facts(m_);
  if (typed ? !sf.has(scan_facts::via_sip_2_0) : (!same_text(x.protocol_name, "SIP") || x.protocol_version != "2.0"))
    add(rule_id::via_sent_protocol, error_code::bad_via, &h,
        std::string_view(x.protocol_name.data(),
                         static_cast<std::size_t>(x.protocol_version.data() + x.protocol_version.size() -
                                                  x.protocol_name.data())));
  // one walk over the parameters (the grammar already checked their syntax;
  // parse_via marked the first branch, whose value is never empty)
  const std::string_view branch = x.branch();
  param_facts f;
  f.via = true;
  // The scan's plain form has the first rport below 65536; a second one is a
  // repeated name, a fact when the value has at most 16 parameters. What is left
  // to check then is the octets of received.
  if (!typed || sf.has(scan_facts::via_duplicate_param) || more_than_16_params(x.params.text()))
    walk_params(h, x.params, f);
  else
    scanned_received(x.params.text(), f);
  // RFC 4475 §3.2.1: the cookie with no identifier after it
  if (typed ? sf.has(scan_facts::via_branch_cookie_only) : branch == "z9hG4bK")
    add(rule_id::via_branch_cookie_only, error_code::success, &h, branch);
  // received and rport outside their rules (RFC 3581 §4), as the walk found them;
  // more than it kept: walked again
  if (f.bad <= std::size(f.bad_value)) {
    for (std::uint8_t i = 0; i < f.bad; ++i) add(rule_id::via_rport_received, f.bad_code[i], &h, f.bad_value[i]);
  } else {
    for (const param& p : x.params) {
      if (iequals(p.name, "received")) {
        if (!is_ip_address(p.value)) add(rule_id::via_rport_received, error_code::bad_host, &h, p.value);
      } else if (iequals(p.name, "rport")) {
        if (p.has_value && !digits_at_most(p.value, 65535))
          add(rule_id::via_rport_received, error_code::bad_port, &h, p.value);
      }
    }
  }
  // RFC 3261 §8.1.1.7: the top Via of a request
  const bool cookie = typed ? sf.has(scan_facts::via_branch_cookie) : branch.starts_with("z9hG4bK");
  if (m_.is_request() && !top_via_seen_) {
    top_via_seen_ = true;
    if (!cookie)
      add(rule_id::via_branch_cookie, error_code::success, &h, !branch.empty() ? branch : v);
  } else if (!cookie) {
    // the other Vias: added by other elements, RFC 2543 ones among them
    add(rule_id::via_branch_no_cookie, error_code::success, &h, !branch.empty() ? branch : v);
  }
}

}  // namespace sipspan::lint_detail
