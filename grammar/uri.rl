// sipspan — the URI machines: SIP and SIPS URIs, tel URIs, and every other
// absolute URI, in one machine chosen by the scheme.
//
// RFC 3261 §19.1 (SIP and SIPS URIs), §19.1.2 (escaping), §25 (ABNF);
// RFC 5954 §4.1 (the corrected IPv6reference of RFC 3261, i.e. RFC 3986 §3.2.2);
// RFC 3966 §3 (the tel URI); RFC 2396 §3 (absoluteURI, as RFC 3261 §25 uses it).
//
//   Request-URI  =  SIP-URI / SIPS-URI / absoluteURI
//
// Schemes are case-insensitive, like every ABNF string literal. The actions
// only mark positions (sip/uri_scan.hpp), except the pair that calls the IPv6
// machine and returns from it; uri.cpp makes the spans, reads the port's value
// and names the error. Built with -G2.
//
// Four readings are stricter than the bare ABNF, and say so where they are made:
//   - a '%' always starts an escape (RFC 2396 §2.4.2), also inside the `token`
//     of transport/user/method parameters, whose ABNF would take a bare '%';
//   - the parameters RFC 3261 (transport, user, method, ttl, maddr) and RFC 3966
//     (ext, isub, phone-context) name take only their own grammar, not also the
//     generic other-param one ("ttl=abc" is an error, not an other-param);
//     a tel: local number still needs its ;phone-context, a global one may have one;
//   - an IPv4address is four dec-octets 0-255 (RFC 3986), not any 1*3DIGIT;
//   - a ';' ends a tel: parameter, also an isub one (whose uric takes ';').
//
// Layout, as in every .rl file of this project: machine, data, init, exec.

#include "sip/uri_scan.hpp"

namespace sipspan::detail {

%%{
  machine sip_uri;
  alphtype unsigned char;
  include sip_core "core.rl";

  # ------------------------------------------------------------ actions ---
  action colon        { m.colon = p; }
  action scheme_sip   { m.scheme = uri_scheme::sip; }
  action scheme_sips  { m.scheme = uri_scheme::sips; }
  action scheme_tel   { m.scheme = uri_scheme::tel; }
  action scheme_other { m.scheme = uri_scheme::other; }
  action pw_colon     { m.pw_colon = p; }
  action at           { m.userinfo_end(p); }
  action port_colon   { m.port_colon = p; }
  action params_at    { m.params_at = p; }
  action headers_at   { m.headers_at = p; }
  action k_hostname   { m.kind = host_kind::hostname; }
  action k_ipv4       { m.kind = host_kind::ipv4; }
  action context      { m.context = true; }
  action ipv6_host    { m.kind = host_kind::ipv6; fcall ipv6_body; }
  action ipv6         { fcall ipv6_body; }
  action ipv6_end     { fret; }

  # ------------------------------------------------------------- hosts ---
  # RFC 3261 §25:
  #   host         =  hostname / IPv4address / IPv6reference
  #   hostname     =  *( domainlabel "." ) toplabel [ "." ]
  #   domainlabel  =  alphanum / alphanum *( alphanum / "-" ) alphanum
  #   toplabel     =  ALPHA / ALPHA *( alphanum / "-" ) alphanum
  domainlabel = alphanum ( ( alphanum | '-' )* alphanum )?;
  toplabel    = ALPHA ( ( alphanum | '-' )* alphanum )?;
  hostname    = ( domainlabel '.' )* toplabel '.'?;

  # IPv4address  =  1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
  # read with RFC 3986's dec-octet (0-255; leading zeros, which 1*3DIGIT allows, stay):
  #   dec-octet  =  DIGIT / 2DIGIT / ("0" / "1") 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
  dec_octet   = DIGIT | DIGIT DIGIT | [01] DIGIT DIGIT | '2' [0-4] DIGIT | '25' [0-5];
  IPv4address = dec_octet '.' dec_octet '.' dec_octet '.' dec_octet;

  # IPv6reference  =  "[" IPv6address "]"
  # RFC 3261's hexpart/hexseq rules do not bound the number of groups; RFC 5954
  # §4.1 replaces them with RFC 3986 §3.2.2:
  #   IPv6address =                            6( h16 ":" ) ls32
  #               /                       "::" 5( h16 ":" ) ls32
  #               / [               h16 ] "::" 4( h16 ":" ) ls32
  #               / [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32
  #               / [ *2( h16 ":" ) h16 ] "::" 2( h16 ":" ) ls32
  #               / [ *3( h16 ":" ) h16 ] "::"    h16 ":"   ls32
  #               / [ *4( h16 ":" ) h16 ] "::"              ls32
  #               / [ *5( h16 ":" ) h16 ] "::"              h16
  #               / [ *6( h16 ":" ) h16 ] "::"
  #   h16         = 1*4HEXDIG
  #   ls32        = ( h16 ":" h16 ) / IPv4address
  h16  = HEXDIG{1,4};
  ls32 = h16 ':' h16 | IPv4address;
  IPv6address =                                    ( h16 ':' ){6} ls32
              |                               '::' ( h16 ':' ){5} ls32
              | (                     h16 )?  '::' ( h16 ':' ){4} ls32
              | ( ( h16 ':' ){,1} h16 )?      '::' ( h16 ':' ){3} ls32
              | ( ( h16 ':' ){,2} h16 )?      '::' ( h16 ':' ){2} ls32
              | ( ( h16 ':' ){,3} h16 )?      '::'   h16 ':'      ls32
              | ( ( h16 ':' ){,4} h16 )?      '::'                ls32
              | ( ( h16 ':' ){,5} h16 )?      '::'                h16
              | ( ( h16 ':' ){,6} h16 )?      '::';
  # RFC 3261's own rules, which RFC 5954 replaced, admit more: groups without
  # bound and an IPv4 tail after "::" and a colon ("[2001:db8:::192.0.2.1]").
  # RFC 5118 §4.10 asks elements to tolerate them; what only they admit is read
  # and marked (uri_view::ipv6_rfc3261_form):
  #   IPv6address  =  hexpart [ ":" IPv4address ]
  #   hexpart      =  hexseq / hexseq "::" [ hexseq ] / "::" [ hexseq ]
  #   hexseq       =  hex4 *( ":" hex4)
  #   hex4         =  1*4HEXDIG
  action ipv6_legacy { m.ipv6_legacy = true; }
  hexseq  = h16 ( ':' h16 )*;
  hexpart = hexseq | hexseq '::' hexseq? | '::' hexseq?;
  IPv6address_rfc3261 = hexpart ( ':' IPv4address )?;
  # The address is read by a machine of its own, called at '[' and returning
  # after ']', so that its states exist once however many rules take a host.
  # (No other alternative is alive at a host's '[': no rule that could stand
  # there instead takes a '['.)
  ipv6_body := ( IPv6address ']' @ipv6_end )
             | ( ( IPv6address_rfc3261 - IPv6address ) ']' @ipv6_legacy @ipv6_end );
  IPv6reference = '[' @ipv6;

  host = hostname | IPv4address | IPv6reference;

  # ------------------------------------------------- SIP and SIPS URIs ---
  # RFC 3261 §25:
  #   SIP-URI          =  "sip:" [ userinfo ] hostport uri-parameters [ headers ]
  #   SIPS-URI         =  "sips:" [ userinfo ] hostport uri-parameters [ headers ]
  #   userinfo         =  ( user / telephone-subscriber ) [ ":" password ] "@"
  #   user             =  1*( unreserved / escaped / user-unreserved )
  #   user-unreserved  =  "&" / "=" / "+" / "$" / "," / ";" / "?" / "/"
  #   password         =  *( unreserved / escaped / "&" / "=" / "+" / "$" / "," )
  #   hostport         =  host [ ":" port ]
  #   port             =  1*DIGIT
  # A telephone-subscriber in the userinfo has every character that `user` does
  # not allow escaped (§19.1.2), so it is a `user` and needs no rule of its own
  # here ("sip:+1-212-555-1212:1234@gateway.com" reads user "+1-212-555-1212").
  # The machine reads userinfo and hostport side by side until an '@' settles it
  # (no host-side byte is '@'); the '@' voids what the host side marked.
  user_unreserved = '&' | '=' | '+' | '$' | ',' | ';' | '?' | '/';
  user     = ( unreserved | escaped | user_unreserved )+;
  password = ( unreserved | escaped | '&' | '=' | '+' | '$' | ',' )*;
  userinfo = user ( ':' @pw_colon password )? '@' @at;

  sip_host = hostname @k_hostname | IPv4address @k_ipv4 | '[' @ipv6_host;
  port     = DIGIT+;
  hostport = sip_host ( ':' @port_colon port )?;

  #   uri-parameters    =  *( ";" uri-parameter)
  #   uri-parameter     =  transport-param / user-param / method-param
  #                        / ttl-param / maddr-param / lr-param / other-param
  #   transport-param   =  "transport=" ( "udp" / "tcp" / "sctp" / "tls" / other-transport)
  #   other-transport   =  token
  #   user-param        =  "user=" ( "phone" / "ip" / other-user)
  #   other-user        =  token
  #   method-param      =  "method=" Method
  #   ttl-param         =  "ttl=" ttl          ; ttl = 1*3DIGIT
  #   maddr-param       =  "maddr=" host
  #   lr-param          =  "lr"
  #   other-param       =  pname [ "=" pvalue ]
  #   pname             =  1*paramchar
  #   pvalue            =  1*paramchar
  #   paramchar         =  param-unreserved / unreserved / escaped
  #   param-unreserved  =  "[" / "]" / "/" / ":" / "&" / "+" / "$"
  # A '%' inside these tokens starts an escape. "lr" keeps the other-param form
  # ("lr=on" is common in traffic and other-param allows it).
  param_unreserved = '[' | ']' | '/' | ':' | '&' | '+' | '$';
  paramchar = param_unreserved | unreserved | escaped;
  pname     = paramchar+;
  pvalue    = paramchar+;
  utoken    = ( ( token_c - '%' ) | escaped )+;

  transport_param = "transport="i utoken;
  user_param      = "user="i utoken;
  method_param    = "method="i utoken;
  ttl_param       = "ttl="i DIGIT{1,3};
  maddr_param     = "maddr="i host;
  lr_param        = "lr"i ( '=' pvalue )?;
  named_param     = "transport"i | "user"i | "method"i | "ttl"i | "maddr"i | "lr"i;
  other_param     = ( pname - named_param ) ( '=' pvalue )?;
  uri_parameter   = transport_param | user_param | method_param | ttl_param
                  | maddr_param | lr_param | other_param;
  uri_parameters  = ( ';' @params_at uri_parameter ( ';' uri_parameter )* )?;

  #   headers         =  "?" header *( "&" header )
  #   header          =  hname "=" hvalue
  #   hname           =  1*( hnv-unreserved / unreserved / escaped )
  #   hvalue          =  *( hnv-unreserved / unreserved / escaped )
  #   hnv-unreserved  =  "[" / "]" / "/" / "?" / ":" / "+" / "$"
  hnv_unreserved = '[' | ']' | '/' | '?' | ':' | '+' | '$';
  hname   = ( hnv_unreserved | unreserved | escaped )+;
  hvalue  = ( hnv_unreserved | unreserved | escaped )*;
  header  = hname '=' hvalue;
  headers = '?' @headers_at header ( '&' header )*;

  sip_hostside = hostport uri_parameters headers?;
  sip_uri  = "sip"i  ':' @colon @scheme_sip  userinfo? sip_hostside;
  sips_uri = "sips"i ':' @colon @scheme_sips userinfo? sip_hostside;

  # ------------------------------------------------------------ tel URIs ---
  # RFC 3966 §3:
  #   telephone-uri        = "tel:" telephone-subscriber
  #   telephone-subscriber = global-number / local-number
  #   global-number        = global-number-digits *par
  #   local-number         = local-number-digits *par context *par
  #   par                  = parameter / extension / isdn-subaddress
  #   isdn-subaddress      = ";isub=" 1*uric
  #   extension            = ";ext=" 1*phonedigit
  #   context              = ";phone-context=" descriptor
  #   descriptor           = domainname / global-number-digits
  #   global-number-digits = "+" *phonedigit DIGIT *phonedigit
  #   local-number-digits  = *phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex
  #   domainname           = *( domainlabel "." ) toplabel [ "." ]
  #   parameter            = ";" pname ["=" pvalue ]
  #   pname                = 1*( alphanum / "-" )
  #   pvalue               = 1*paramchar
  #   paramchar            = param-unreserved / unreserved / pct-encoded
  #   phonedigit           = DIGIT / [ visual-separator ]
  #   phonedigit-hex       = HEXDIG / "*" / "#" / [ visual-separator ]
  #   visual-separator     = "-" / "." / "(" / ")"
  #   uric                 = reserved / unreserved / pct-encoded
  # ext, isub and phone-context take only their own rule. A global number may
  # carry a phone-context too: the ABNF lets a generic `parameter` of that name
  # follow it, and §5.1.5 only requires one on local numbers (whether it makes
  # sense there is for the validator). A ';' always ends a parameter, also in isub, whose
  # uric would take it (a ';' inside the subaddress is written %3B). The
  # parameter order of RFC 3966 §3 (isub/ext first, then the rest sorted) is a
  # SHOULD for producers and is not checked.
  visual_separator = '-' | '.' | '(' | ')';
  phonedigit       = DIGIT | visual_separator;
  phonedigit_hex   = HEXDIG | '*' | '#' | visual_separator;
  global_number_digits = '+' phonedigit* DIGIT phonedigit*;
  local_number_digits  = phonedigit_hex* ( HEXDIG | '*' | '#' ) phonedigit_hex*;
  uric = reserved | unreserved | escaped;

  tel_pname     = ( alphanum | '-' )+;
  tel_named     = "ext"i | "isub"i | "phone-context"i;
  tel_parameter = ';' ( tel_pname - tel_named ) ( '=' pvalue )?;
  isdn_subaddress = ";isub="i ( uric - ';' )+;
  extension     = ";ext="i phonedigit+;
  context       = ";phone-context="i ( hostname | global_number_digits ) @context;
  par           = tel_parameter | extension | isdn_subaddress;

  global_number = global_number_digits ( ( par | context )+ >params_at )?;
  local_number  = local_number_digits ( par* context par* ) >params_at;
  tel_uri = "tel"i ':' @colon @scheme_tel ( global_number | local_number );

  # --------------------------------------------------- other schemes ---
  # RFC 3261 §25 (after RFC 2396 §3):
  #   absoluteURI    =  scheme ":" ( hier-part / opaque-part )
  #   hier-part      =  ( net-path / abs-path ) [ "?" query ]
  #   net-path       =  "//" authority [ abs-path ]
  #   abs-path       =  "/" path-segments
  #   opaque-part    =  uric-no-slash *uric
  #   uric-no-slash  =  unreserved / escaped / ";" / "?" / ":" / "@"
  #                     / "&" / "=" / "+" / "$" / ","
  #   path-segments  =  segment *( "/" segment )
  #   segment        =  *pchar *( ";" param )
  #   param          =  *pchar
  #   pchar          =  unreserved / escaped / ":" / "@" / "&" / "=" / "+" / "$" / ","
  #   scheme         =  ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )
  #   authority      =  srvr / reg-name
  #   srvr           =  [ [ userinfo "@" ] hostport ]
  #   reg-name       =  1*( unreserved / escaped / "$" / "," / ";" / ":" / "@" / "&" / "=" / "+" )
  #   query          =  *uric
  # srvr's userinfo is RFC 2396's (RFC 3261's own userinfo already ends in "@"),
  # and its port is RFC 2396's *DIGIT:
  #   userinfo       =  *( unreserved / escaped / ";" / ":" / "&" / "=" / "+" / "$" / "," )
  #   port           =  *digit
  # sip, sips and tel are never read as absoluteURI: they have their own rules.
  scheme        = ALPHA ( ALPHA | DIGIT | '+' | '-' | '.' )*;
  uric_no_slash = unreserved | escaped | ';' | '?' | ':' | '@' | '&' | '=' | '+' | '$' | ',';
  pchar         = unreserved | escaped | ':' | '@' | '&' | '=' | '+' | '$' | ',';
  segment       = pchar* ( ';' pchar* )*;
  path_segments = segment ( '/' segment )*;
  abs_path      = '/' path_segments;
  userinfo_2396 = ( unreserved | escaped | ';' | ':' | '&' | '=' | '+' | '$' | ',' )*;
  srvr          = ( ( userinfo_2396 '@' )? host ( ':' DIGIT* )? )?;
  reg_name      = ( unreserved | escaped | '$' | ',' | ';' | ':' | '@' | '&' | '=' | '+' )+;
  authority     = srvr | reg_name;
  net_path      = '//' authority abs_path?;
  hier_part     = ( net_path | abs_path ) ( '?' uric* )?;
  opaque_part   = uric_no_slash uric*;
  other_uri = ( scheme - ( "sip"i | "sips"i | "tel"i ) ) ':' @colon @scheme_other
              ( hier_part | opaque_part );

  # ------------------------------------------------------- entry points ---
  main := sip_uri | sips_uri | tel_uri | other_uri;

  # for error reports: a SIP URI read as if it had no userinfo
  hostside := sip_hostside;

  # an address on its own (a Via received parameter): IPv4address / IPv6address,
  # the latter also as an IPv6reference; RFC 3261's looser IPv6 forms are not taken
  ip_address := IPv4address | IPv6address | '[' IPv6address ']';

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
