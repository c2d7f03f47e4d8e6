// sipspan — uri_view: SIP, SIPS, tel and other absolute URIs as spans.
//
//   sipspan::uri_view u;
//   sipspan::result r = sipspan::parse_uri("sip:alice@atlanta.com;transport=tcp", u);
//   if (r) { u.host; u.transport(); ... }
//
// Grammar (grammar/uri.rl, one pass, -G2):
//   sip: / sips:  RFC 3261 §19.1 and §25 (SIP-URI, SIPS-URI), with the IPv6
//                 reference of RFC 5954 §4.1 (RFC 3986 §3.2.2's IPv6address);
//   tel:          RFC 3966 §3 (telephone-uri);
//   any other     RFC 3261 §25 absoluteURI = scheme ":" ( hier-part / opaque-part ).
// Schemes are case-insensitive (RFC 2396 §3.1).
//
// Every span points into the text given to parse_uri, which must outlive the view.
// Escapes stay in place: unescape() decodes a span into a caller buffer.
//
// Errors (result.offset is a byte offset within the given text):
//   empty_value    the text is empty (offset 0);
//   bad_escape     a '%' not followed by two hex digits (offset of the '%');
//   bad_host       the host is not a hostname, IPv4address or IPv6reference
//                  (offset of the byte where it stops matching, or of the end);
//   bad_port       the port is not 1*DIGIT (offset of the first byte that is not a
//                  digit, or of the end) or is larger than 65535 (offset of its
//                  first digit);
//   bad_parameter  a uri-parameter, a header (?hname=hvalue) or a tel: parameter
//                  does not match its rule;
//   bad_uri        anything else: no scheme, a userinfo that is not user [":" password] "@",
//                  a tel: without a number or a local number without ;phone-context,
//                  an absoluteURI that is neither hier-part nor opaque-part.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

// X(enum): the C API's SIPSPAN_URI_* are generated from this list (values are ABI: append).
#define SIPSPAN_URI_SCHEME_LIST(X) X(sip) X(sips) X(tel) X(other)
enum class uri_scheme : std::uint8_t {
#define SIPSPAN_X(e) e,
  SIPSPAN_URI_SCHEME_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
enum class host_kind : std::uint8_t { none, hostname, ipv4, ipv6 };

struct uri_view {
  std::string_view raw;  // the whole URI

  uri_scheme scheme = uri_scheme::other;
  std::string_view scheme_text;  // as written, without the ':'

  // sip/sips userinfo: user [":" password] "@"
  std::string_view user;
  std::string_view password;
  bool has_user = false;
  bool has_password = false;  // "sip:alice:@host" has an empty password

  // sip/sips hostport
  std::string_view host;  // ipv6: includes the brackets
  host_kind host_type = host_kind::none;
  // An IPv6 reference that RFC 3261's original grammar admits and RFC 5954
  // §4.1's correction does not ("[2001:db8:::192.0.2.1]"): read, as RFC 5118
  // §4.10 asks, and said.
  bool ipv6_rfc3261_form = false;
  std::string_view port_text;
  std::uint16_t port = 0;
  bool has_port = false;

  std::string_view params_text;   // sip/sips/tel: after the first ';', without it
  std::string_view headers_text;  // sip/sips: after '?', without it

  // tel: the number (global-number-digits or local-number-digits, separators kept)
  std::string_view number;
  bool global_number = false;  // tel: the number starts with '+'

  // other schemes: everything after "scheme:"
  std::string_view opaque;

  // uri-parameters (";"-separated) and headers ("&"-separated), raw (escapes kept)
  param_range params() const noexcept { return param_range(params_text, ';'); }
  param_range headers() const noexcept { return param_range(headers_text, '&'); }

  // Shortcuts over params(): the value of the first parameter of that name,
  // empty when absent.
  std::string_view transport() const noexcept { return params().get("transport"); }
  std::string_view user_param() const noexcept { return params().get("user"); }
  std::string_view method() const noexcept { return params().get("method"); }
  std::string_view maddr() const noexcept { return params().get("maddr"); }
  std::string_view ttl() const noexcept { return params().get("ttl"); }
  bool lr() const noexcept { return params().has("lr"); }

  bool is_sip() const noexcept { return scheme == uri_scheme::sip || scheme == uri_scheme::sips; }
};

// Parse one URI: the whole text must be the URI (no surrounding whitespace or
// angle brackets). On error `out` holds only `raw`.
[[nodiscard]] SIPSPAN_API result parse_uri(std::string_view text, uri_view& out) noexcept;

// Decode the %HH escapes of `in` into `buf` (capacity `cap`); `out` views the
// decoded bytes in `buf`. The decoded text is never longer than `in`, so a
// buffer of in.size() bytes always suffices. Errors:
//   bad_escape       at the offset (within `in`) of a '%' not followed by two hex digits;
//   buffer_too_small the buffer is too small: offset of the first byte of `in`
//                    whose decoded form does not fit.
// Nothing is allocated; on error `out` is empty.
[[nodiscard]] SIPSPAN_API result unescape(std::string_view in, char* buf, std::size_t cap, std::string_view& out) noexcept;

// URI equivalence.
//   sip/sips: RFC 3261 §19.1.4 — SIP never equals SIPS; userinfo case-sensitive,
//     everything else case-insensitive; an escape equals the character it encodes
//     unless that character is reserved; user, password, host and port must all
//     match (absent never equals present, even the default value); IPv4 and IPv6
//     hosts are compared by address; a parameter present in both must match;
//     user, ttl, method, maddr and transport present in only one never match;
//     other parameters present in only one are ignored; headers must be present
//     in both and match (name case-insensitive, value exact after escapes).
//   tel: RFC 3966 §4 — both global or both local, numbers equal without visual
//     separators, the same parameter names on both sides with equal values
//     (phone-context as a domain name or as digits), case-insensitive.
//   other schemes: scheme case-insensitive, the rest equal after escapes.
// URIs of different schemes are never equal.
SIPSPAN_API bool uri_equal(const uri_view& a, const uri_view& b) noexcept;

}  // namespace sipspan
