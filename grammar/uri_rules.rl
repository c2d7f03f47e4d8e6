// sipspan — the URI rules: SIP and SIPS URIs, tel URIs, and every other
// absolute URI. Rules and their marking actions only; no instantiation.
//
// RFC 3261 §19.1 (SIP and SIPS URIs), §19.1.2 (escaping), §25 (ABNF);
// RFC 5954 §4.1 (the corrected IPv6reference of RFC 3261, i.e. RFC 3986 §3.2.2);
// RFC 3966 §3 (the tel URI); RFC 2396 §3 (absoluteURI, as RFC 3261 §25 uses it).
//
//   Request-URI  =  SIP-URI / SIPS-URI / absoluteURI
//
// Schemes are case-insensitive, like every ABNF string literal. The actions
// below mark named positions into `m`, a detail::uri_marks (sip/uri_scan.hpp),
// in scope where the machine runs. The including machine includes core.rl and
// header_common.rl first, and defines the two actions taken at an IPv6
// reference's '[' (uri.rl calls its IPv6 machine there; the message machine,
// which reads only a Request-URI's plain form, falls back):
//
//   action u_ipv6_host { ... }   # '[' of a SIP URI's host
//   action u_ipv6      { ... }   # '[' of any other host (maddr, srvr)
//   include sip_uri_rules "uri_rules.rl";
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

%%{
  machine sip_uri_rules;

  # ------------------------------------------------------------ actions ---
  action u_colon        { m.colon = p; }
  action u_scheme_sip   { m.scheme = uri_scheme::sip; }
  action u_scheme_sips  { m.scheme = uri_scheme::sips; }
  action u_scheme_tel   { m.scheme = uri_scheme::tel; }
  action u_scheme_other { m.scheme = uri_scheme::other; }
  action u_pw_colon     { m.pw_colon = p; }
  action u_at           { m.userinfo_end(p); }
  action u_port_colon   { m.port_colon = p; }
  action u_params_at    { m.params_at = p; }
  action u_headers_at   { m.headers_at = p; }
  action u_hostname     { m.kind = host_kind::hostname; }
  action u_ipv4         { m.kind = host_kind::ipv4; }
  action u_context      { m.context = true; }

  # ------------------------------------------------------------- hosts ---
  # RFC 3261 §25:
  #   host         =  hostname / IPv4address / IPv6reference
  #   hostname     =  *( domainlabel "." ) toplabel [ "." ]
  #   domainlabel  =  alphanum / alphanum *( alphanum / "-" ) alphanum
  #   toplabel     =  ALPHA / ALPHA *( alphanum / "-" ) alphanum
  # hostname: header_common.rl's.

  # IPv4address  =  1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
  # read with RFC 3986's dec-octet (0-255; leading zeros, which 1*3DIGIT allows, stay):
  #   dec-octet  =  DIGIT / 2DIGIT / ("0" / "1") 2DIGIT / "2" %x30-34 DIGIT / "25" %x30-35
  # (header_common.rl's IPv4address is the looser 1*3DIGIT form header values take)
  dec_octet       = DIGIT | DIGIT DIGIT | [01] DIGIT DIGIT | '2' [0-4] DIGIT | '25' [0-5];
  IPv4address_dec = dec_octet '.' dec_octet '.' dec_octet '.' dec_octet;

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
  ls32 = h16 ':' h16 | IPv4address_dec;
  IPv6address_5954 =                               ( h16 ':' ){6} ls32
                   |                          '::' ( h16 ':' ){5} ls32
                   | (                h16 )?  '::' ( h16 ':' ){4} ls32
                   | ( ( h16 ':' ){,1} h16 )? '::' ( h16 ':' ){3} ls32
                   | ( ( h16 ':' ){,2} h16 )? '::' ( h16 ':' ){2} ls32
                   | ( ( h16 ':' ){,3} h16 )? '::'   h16 ':'      ls32
                   | ( ( h16 ':' ){,4} h16 )? '::'                ls32
                   | ( ( h16 ':' ){,5} h16 )? '::'                h16
                   | ( ( h16 ':' ){,6} h16 )? '::';
  # RFC 3261's own rules, which RFC 5954 replaced, admit more: groups without
  # bound and an IPv4 tail after "::" and a colon ("[2001:db8:::192.0.2.1]").
  # RFC 5118 §4.10 asks elements to tolerate them; what only they admit is read
  # and marked (uri_view::ipv6_rfc3261_form):
  #   IPv6address  =  hexpart [ ":" IPv4address ]
  #   hexpart      =  hexseq / hexseq "::" [ hexseq ] / "::" [ hexseq ]
  #   hexseq       =  hex4 *( ":" hex4)
  #   hex4         =  1*4HEXDIG
  # (hexseq and hexpart: header_common.rl's)
  IPv6address_rfc3261 = hexpart ( ':' IPv4address_dec )?;
  # The address is read by a machine of its own (ipv6_body, in the machine
  # file), called at '[' by u_ipv6 and returning after ']', so that its states
  # exist once however many rules take a host. (No other alternative is alive
  # at a host's '[': no rule that could stand there instead takes a '['.)
  ipv6_call = '[' @u_ipv6;

  uri_host = hostname | IPv4address_dec | ipv6_call;

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
  userinfo = user ( ':' @u_pw_colon password )? '@' @u_at;

  # (port = 1*DIGIT: header_common.rl's)
  sip_host = hostname @u_hostname | IPv4address_dec @u_ipv4 | '[' @u_ipv6_host;
  hostport = sip_host ( ':' @u_port_colon port )?;

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
  maddr_param     = "maddr="i uri_host;
  lr_param        = "lr"i ( '=' pvalue )?;
  named_param     = "transport"i | "user"i | "method"i | "ttl"i | "maddr"i | "lr"i;
  other_param     = ( pname - named_param ) ( '=' pvalue )?;
  uri_parameter   = transport_param | user_param | method_param | ttl_param
                  | maddr_param | lr_param | other_param;
  uri_parameters  = ( ';' @u_params_at uri_parameter ( ';' uri_parameter )* )?;

  #   headers         =  "?" header *( "&" header )
  #   header          =  hname "=" hvalue
  #   hname           =  1*( hnv-unreserved / unreserved / escaped )
  #   hvalue          =  *( hnv-unreserved / unreserved / escaped )
  #   hnv-unreserved  =  "[" / "]" / "/" / "?" / ":" / "+" / "$"
  hnv_unreserved = '[' | ']' | '/' | '?' | ':' | '+' | '$';
  hname   = ( hnv_unreserved | unreserved | escaped )+;
  hvalue  = ( hnv_unreserved | unreserved | escaped )*;
  header  = hname '=' hvalue;
  headers = '?' @u_headers_at header ( '&' header )*;

  sip_hostside = hostport uri_parameters headers?;
  sip_uri  = "sip"i  ':' @u_colon @u_scheme_sip  userinfo? sip_hostside;
  sips_uri = "sips"i ':' @u_colon @u_scheme_sips userinfo? sip_hostside;

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
  context       = ";phone-context="i ( hostname | global_number_digits ) @u_context;
  par           = tel_parameter | extension | isdn_subaddress;

  global_number = global_number_digits ( ( par | context )+ >u_params_at )?;
  local_number  = local_number_digits ( par* context par* ) >u_params_at;
  tel_uri = "tel"i ':' @u_colon @u_scheme_tel ( global_number | local_number );

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
  # (scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ): header_common.rl's)
  uric_no_slash = unreserved | escaped | ';' | '?' | ':' | '@' | '&' | '=' | '+' | '$' | ',';
  pchar         = unreserved | escaped | ':' | '@' | '&' | '=' | '+' | '$' | ',';
  segment       = pchar* ( ';' pchar* )*;
  path_segments = segment ( '/' segment )*;
  abs_path      = '/' path_segments;
  userinfo_2396 = ( unreserved | escaped | ';' | ':' | '&' | '=' | '+' | '$' | ',' )*;
  srvr          = ( ( userinfo_2396 '@' )? uri_host ( ':' DIGIT* )? )?;
  reg_name      = ( unreserved | escaped | '$' | ',' | ';' | ':' | '@' | '&' | '=' | '+' )+;
  authority     = srvr | reg_name;
  net_path      = '//' authority abs_path?;
  hier_part     = ( net_path | abs_path ) ( '?' uric* )?;
  opaque_part   = uric_no_slash uric*;
  other_uri = ( scheme - ( "sip"i | "sips"i | "tel"i ) ) ':' @u_colon @u_scheme_other
              ( hier_part | opaque_part );
}%%
