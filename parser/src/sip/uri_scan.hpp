// sipspan — what the URI machine (grammar/uri.rl) marks while it runs.
//
// The machine's actions only record positions here; uri.cpp turns them into
// the spans of a uri_view once the machine has accepted the input.
#pragma once

#include <cstdint>

#include "sipspan/uri.hpp"

namespace sipspan::detail {

struct uri_marks {
  using uchar = unsigned char;

  const uchar* colon = nullptr;       // the ':' ending the scheme
  const uchar* pw_colon = nullptr;    // sip/sips: the ':' before the password
  const uchar* at = nullptr;          // sip/sips: the '@' ending the userinfo
  const uchar* port_colon = nullptr;  // sip/sips: the ':' before the port
  const uchar* params_at = nullptr;   // sip/sips/tel: the first ';' of the parameters
  const uchar* headers_at = nullptr;  // sip/sips: the '?' before the headers
  uri_scheme scheme = uri_scheme::other;
  host_kind kind = host_kind::none;
  bool context = false;  // tel: a ;phone-context parameter has been read
  bool ipv6_legacy = false;  // an IPv6 address only RFC 3261's own grammar admits

  // The '@' ends the userinfo: what the host-side alternative marked before it
  // (while the machine could not yet tell userinfo from hostport) is void.
  void userinfo_end(const uchar* p) noexcept {
    at = p;
    port_colon = nullptr;
    params_at = nullptr;
    headers_at = nullptr;
    kind = host_kind::none;
    ipv6_legacy = false;
  }
};

// Where the machine starts: a whole URI, or (for error reports) the
// `hostport uri-parameters [ headers ]` part of a SIP URI without userinfo.
enum class uri_entry : std::uint8_t { uri, hostside, ip_address };

// Run the machine over [begin, end). Returns nullptr when the input matched;
// otherwise the byte where it stopped (end when the input ran out first).
const unsigned char* scan_uri(uri_marks& m, const unsigned char* begin, const unsigned char* end,
                              uri_entry entry) noexcept;

// The view of `text`, a URI the machine accepted with the marks `m` (pointers
// into text). Fails only with bad_port (above 65535), as parse_uri does.
result uri_view_of(const uri_marks& m, std::string_view text, uri_view& out) noexcept;

}  // namespace sipspan::detail
