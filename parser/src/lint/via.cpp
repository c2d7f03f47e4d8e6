// sipspan — the validator's Via rules: sent-protocol, the branch and its
// magic cookie (RFC 3261 §8.1.1.7, RFC 4475 §3.2.1), received and rport
// (RFC 3581 §4), repeated parameters.

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

void checker::via(const header_view& h, std::string_view v) noexcept {
  via_view x;
  if (result r = scanned(h, scanned_fields::via) ? parse_via(m_, x) : parse_via(v, x); !r) {
    // received = IPv4address / IPv6address, rport = [1*DIGIT]: the parameter's own rule
    std::string_view before = v.substr(0, r.offset < v.size() ? r.offset : v.size());
    std::size_t semi = before.rfind(';');
    std::string_view param = semi == std::string_view::npos ? std::string_view() : before.substr(semi + 1);
    bool addr = param.starts_with("received=") || param.starts_with("rport=");
    failed(addr ? rule_id::via_rport_received : rule_id::header_syntax, r, h, v);
    return;
  }
  if (!same_text(x.protocol_name, "SIP") || x.protocol_version != "2.0")
    add(rule_id::via_sent_protocol, error_code::bad_via, &h,
        std::string_view(x.protocol_name.data(),
                         static_cast<std::size_t>(x.protocol_version.data() + x.protocol_version.size() -
                                                  x.protocol_name.data())));
  // one walk over the parameters (the grammar already checked their syntax;
  // parse_via marked the first branch, whose value is never empty)
  const std::string_view branch = x.branch();
  param_facts f;
  f.via = true;
  walk_params(h, x.params, f);
  // RFC 4475 §3.2.1: the cookie with no identifier after it
  if (branch == "z9hG4bK") add(rule_id::via_branch_cookie_only, error_code::success, &h, branch);
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
  if (m_.is_request() && !top_via_seen_) {
    top_via_seen_ = true;
    if (!branch.starts_with("z9hG4bK"))
      add(rule_id::via_branch_cookie, error_code::success, &h, !branch.empty() ? branch : v);
  } else if (!branch.starts_with("z9hG4bK")) {
    // the other Vias: added by other elements, RFC 2543 ones among them
    add(rule_id::via_branch_no_cookie, error_code::success, &h, !branch.empty() ? branch : v);
  }
}

}  // namespace sipspan::lint_detail
