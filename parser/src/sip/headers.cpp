// sipspan — helpers of the typed header values (headers.hpp). The machines and
// their parse_xxx entry points are in grammar/via.rl, grammar/name_addr.rl and
// grammar/header_numbers.rl, header_tokens.rl and header_date.rl.

#include "sipspan/headers.hpp"

#include "sip/header_scan.hpp"

namespace sipspan {
namespace detail {

namespace {
inline bool is_lws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
}  // namespace

std::string_view trim_lws(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && is_lws(s[b])) ++b;
  while (e > b && is_lws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

bool digits_to_u32(std::string_view digits, std::uint32_t max, std::uint32_t& out) noexcept {
  std::uint64_t v = 0;
  for (char c : digits) {
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return false;
  }
  out = static_cast<std::uint32_t>(v);
  return true;
}

}  // namespace detail

value_grammar grammar_of(header_id id) noexcept {
  switch (id) {
    case header_id::via: return value_grammar::via;
    case header_id::from:
    case header_id::to:
    case header_id::reply_to:
    case header_id::refer_to:
    case header_id::referred_by:
    case header_id::p_asserted_identity:
    case header_id::p_preferred_identity:
    case header_id::p_called_party_id:
    case header_id::p_associated_uri: return value_grammar::name_addr;
    case header_id::contact: return value_grammar::contact;
    case header_id::route:
    case header_id::record_route:
    case header_id::path:
    case header_id::service_route: return value_grammar::route;
    case header_id::cseq: return value_grammar::cseq;
    case header_id::call_id: return value_grammar::call_id;
    case header_id::max_forwards: return value_grammar::max_forwards;
    case header_id::content_length: return value_grammar::content_length;
    case header_id::expires: return value_grammar::expires;
    case header_id::min_expires: return value_grammar::min_expires;
    case header_id::rseq: return value_grammar::rseq;
    case header_id::content_type: return value_grammar::content_type;
    case header_id::allow:
    case header_id::supported:
    case header_id::require:
    case header_id::proxy_require:
    case header_id::unsupported:
    case header_id::allow_events: return value_grammar::token_list;
    case header_id::event: return value_grammar::event;
    case header_id::session_expires: return value_grammar::session_expires;
    case header_id::min_se: return value_grammar::min_se;
    case header_id::rack: return value_grammar::rack;
    case header_id::retry_after: return value_grammar::retry_after;
    case header_id::timestamp: return value_grammar::timestamp;
    case header_id::date: return value_grammar::date;
    case header_id::warning: return value_grammar::warning;
    case header_id::server:
    case header_id::user_agent: return value_grammar::server_val;
    case header_id::authorization:
    case header_id::proxy_authorization: return value_grammar::credentials;
    case header_id::www_authenticate:
    case header_id::proxy_authenticate: return value_grammar::challenge;
    case header_id::authentication_info: return value_grammar::authentication_info;
    default: return value_grammar::none;
  }
}

// ---------------------------------------------------------------- numbers ---

result parse_delta_seconds(std::string_view value, std::uint32_t& out) noexcept {
  return parse_uint(value, out, 0xFFFFFFFFu);
}
result parse_max_forwards(std::string_view value, std::uint32_t& out) noexcept {
  return parse_uint(value, out, 255);
}
result parse_content_length(std::string_view value, std::uint32_t& out) noexcept {
  return parse_uint(value, out, 0xFFFFFFFFu);
}
result parse_expires(std::string_view value, std::uint32_t& out) noexcept {
  return parse_uint(value, out, 0xFFFFFFFFu);
}
result parse_min_expires(std::string_view value, std::uint32_t& out) noexcept {
  return parse_uint(value, out, 0xFFFFFFFFu);
}

result parse_rseq(std::string_view value, std::uint32_t& out) noexcept {
  result r = parse_uint(value, out, 0xFFFFFFFFu);
  if (r && out == 0) {
    r.code = error_code::number_underflow;
    r.offset = static_cast<std::uint32_t>(value.find_first_not_of(" \t\r\n"));  // the first digit
  }
  return r;
}

// -------------------------------------------------------------------- Via ---

bool via_view::has_rport_value() const noexcept {
  param p;
  return params.find("rport", p) && p.has_value;
}

std::uint16_t via_view::rport() const noexcept {
  param p;
  std::uint32_t v = 0;
  if (!params.find("rport", p) || !p.has_value) return 0;
  if (!detail::digits_to_u32(p.value, 65535, v)) return 0;
  return static_cast<std::uint16_t>(v);
}

// -------------------------------------------------------- Session-Expires ---

refresher_kind session_expires_view::refresher_role() const noexcept {
  std::string_view r = refresher();
  if (iequals(r, "uac")) return refresher_kind::uac;
  if (iequals(r, "uas")) return refresher_kind::uas;
  return refresher_kind::none;
}

// ------------------------------------------------------------ Retry-After ---

std::uint32_t retry_after_view::duration() const noexcept {
  std::uint32_t v = 0;
  if (!detail::digits_to_u32(params.get("duration"), 0xFFFFFFFFu, v)) return 0;
  return v;
}

// -------------------------------------------------------------- name-addr ---

result parse_route(std::string_view value, name_addr_view& out) noexcept {
  result r = parse_name_addr(value, out);
  if (r && !out.has_angle_brackets) {
    r.code = error_code::bad_name_addr;
    r.offset = static_cast<std::uint32_t>(out.uri.data() - value.data());
  }
  return r;
}

}  // namespace sipspan
