// sipspan — the URI machine: SIP and SIPS URIs, tel URIs, and every other
// absolute URI, in one machine chosen by the scheme (rules: uri_rules.rl).
//
// The actions only mark positions (sip/uri_scan.hpp), except the pair that
// calls the IPv6 machine and returns from it; uri.cpp makes the spans, reads the
// port's value and names the error. Built with -G2.
//
// Layout, as in every .rl file of this project: machine, data, init, exec.

#include "sip/uri_scan.hpp"

namespace sipspan::detail {

%%{
  machine sip_uri;
  alphtype unsigned char;
  include sip_core "core.rl";
  include sip_header_common "header_common.rl";

  action u_ipv6_host { m.kind = host_kind::ipv6; fcall ipv6_body; }
  action u_ipv6      { fcall ipv6_body; }
  include sip_uri_rules "uri_rules.rl";

  # IPv6reference = "[" IPv6address "]", read after its '[' (uri_rules.rl):
  # RFC 5954's address, or one only RFC 3261's own rules admit, which is marked.
  action ipv6_end    { fret; }
  action ipv6_legacy { m.ipv6_legacy = true; }
  ipv6_body := ( IPv6address_5954 ']' @ipv6_end )
             | ( ( IPv6address_rfc3261 - IPv6address_5954 ) ']' @ipv6_legacy @ipv6_end );

  # ------------------------------------------------------- entry points ---
  main := sip_uri | sips_uri | tel_uri | other_uri;

  # for error reports: a SIP URI read as if it had no userinfo
  hostside := sip_hostside;

  # an address on its own (a Via received parameter): IPv4address / IPv6address,
  # the latter also as an IPv6reference; RFC 3261's looser IPv6 forms are not taken
  ip_address := IPv4address_dec | IPv6address_5954 | '[' IPv6address_5954 ']';

  write data;
}%%

const unsigned char* scan_uri(uri_marks& m, const unsigned char* begin, const unsigned char* end,
                              uri_entry entry) noexcept {
  const unsigned char* p = begin;
  const unsigned char* pe = end;
  const unsigned char* eof = pe;
  int cs;
  int stack[2];
  int top;
  (void)eof;

  %% write init;
  if (entry == uri_entry::hostside) cs = sip_uri_en_hostside;
  if (entry == uri_entry::ip_address) cs = sip_uri_en_ip_address;
  %% write exec;

  if (cs == sip_uri_error) return p;
  if (cs < sip_uri_first_final) return pe;
  return nullptr;
}

}  // namespace sipspan::detail
