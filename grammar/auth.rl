// sipspan — the authentication machine: credentials (Authorization,
// Proxy-Authorization), challenges (WWW-Authenticate, Proxy-Authenticate) and
// Authentication-Info.
//
// RFC 3261 §22 (usage of HTTP authentication), §22.4 (Digest differences from
// RFC 2617: the uri MUST be quoted), §20.6, §20.7, §20.27, §20.28, §20.44, and
// the ABNF of §25:
//
//   credentials       =  ("Digest" LWS digest-response) / other-response
//   digest-response   =  dig-resp *(COMMA dig-resp)
//   dig-resp          =  username / realm / nonce / digest-uri
//                         / dresponse / algorithm / cnonce
//                         / opaque / message-qop
//                         / nonce-count / auth-param
//   username          =  "username" EQUAL username-value
//   username-value    =  quoted-string
//   digest-uri        =  "uri" EQUAL LDQUOT digest-uri-value RDQUOT
//   digest-uri-value  =  rquest-uri ; Equal to request-uri as specified by HTTP/1.1
//   message-qop       =  "qop" EQUAL qop-value
//   cnonce            =  "cnonce" EQUAL cnonce-value
//   cnonce-value      =  nonce-value
//   nonce-count       =  "nc" EQUAL nc-value
//   nc-value          =  8LHEX
//   dresponse         =  "response" EQUAL request-digest
//   request-digest    =  LDQUOT 32LHEX RDQUOT
//   auth-param        =  auth-param-name EQUAL ( token / quoted-string )
//   auth-param-name   =  token
//   other-response    =  auth-scheme LWS auth-param *(COMMA auth-param)
//   auth-scheme       =  token
//
//   challenge         =  ("Digest" LWS digest-cln *(COMMA digest-cln)) / other-challenge
//   other-challenge   =  auth-scheme LWS auth-param *(COMMA auth-param)
//   digest-cln        =  realm / domain / nonce / opaque / stale / algorithm
//                        / qop-options / auth-param
//   realm             =  "realm" EQUAL realm-value
//   realm-value       =  quoted-string
//   domain            =  "domain" EQUAL LDQUOT URI *( 1*SP URI ) RDQUOT
//   URI               =  absoluteURI / abs-path
//   nonce             =  "nonce" EQUAL nonce-value
//   nonce-value       =  quoted-string
//   opaque            =  "opaque" EQUAL quoted-string
//   stale             =  "stale" EQUAL ( "true" / "false" )
//   algorithm         =  "algorithm" EQUAL ( "MD5" / "MD5-sess" / token )
//   qop-options       =  "qop" EQUAL LDQUOT qop-value *("," qop-value) RDQUOT
//   qop-value         =  "auth" / "auth-int" / token
//
//   Authentication-Info  =  "Authentication-Info" HCOLON ainfo *(COMMA ainfo)
//   ainfo             =  nextnonce / message-qop / response-auth / cnonce / nonce-count
//   nextnonce         =  "nextnonce" EQUAL nonce-value
//   response-auth     =  "rspauth" EQUAL response-digest
//   response-digest   =  LDQUOT *LHEX RDQUOT
//   LHEX              =  DIGIT / %x61-66 ;lowercase a-f
//
// Reading of the grammar, where it is ambiguous or where practice departs:
//  * A parameter spelled like a directive of the rule being read ("realm",
//    "nc", ...) is that directive and must match its own rule; auth-param
//    covers the other names only. Names and the scheme are case-insensitive.
//  * request-digest is read as LDQUOT *LHEX RDQUOT, like response-digest:
//    SHA-256 and SHA-512/256 digests (RFC 8760) are longer than 32 digits,
//    and RFC 3261's own examples (§20.7, §20.28) carry other lengths.
//  * Token-valued directives (algorithm, qop in credentials, nc, stale) are
//    also taken inside DQUOTEs (nc="00000001"), as common implementations
//    send them; the parse reports the first such value.
//  * qop-options take whitespace around their commas (qop="auth, auth-int",
//    as RFC 7616 writes them); domain URIs are separated by LWS.
//  * Schemes other than Digest also take a token68 (RFC 7235 §2.1) instead
//    of auth-params: "Bearer mF_9.B5f-4.1JqM".
//  * Leading and trailing whitespace of the value is ignored.
//
// Layout, as in every .rl file of this project: machine, data, init, exec.

#include "sip/auth_scan.hpp"

namespace sipspan::detail {

%%{
  machine sip_auth;
  alphtype unsigned char;
  include sip_core "core.rl";

  # ------------------------------------------------------------ actions ---
  # Each action marks a position or says which directive is being read.
  action scheme_start  { s.scheme_start(p); }
  action digest_scheme { s.scheme_done(p, true); }
  action other_scheme  { s.scheme_done(p, false); }
  action param_start   { s.param_start(p); }
  action equal         { s.equal(); }
  action value_begin   { s.value_begin(); }
  action value_done    { s.value_done(); }
  action quote_open    { s.quote_open(p, false); }
  action quote_strict  { s.quote_open(p, true); }
  action quote_close   { s.value_done(); }
  action quoted_token  { s.quoted_token_done(p); }

  action d_username  { s.directive(auth_dir::username, p); }
  action d_realm     { s.directive(auth_dir::realm, p); }
  action d_nonce     { s.directive(auth_dir::nonce, p); }
  action d_uri       { s.directive(auth_dir::uri, p); }
  action d_response  { s.directive(auth_dir::response, p); }
  action d_algorithm { s.directive(auth_dir::algorithm, p); }
  action d_cnonce    { s.directive(auth_dir::cnonce, p); }
  action d_opaque    { s.directive(auth_dir::opaque, p); }
  action d_qop       { s.directive(auth_dir::qop, p); }
  action d_nc        { s.directive(auth_dir::nc, p); }
  action d_stale     { s.directive(auth_dir::stale, p); }
  action d_domain    { s.directive(auth_dir::domain, p); }
  action d_nextnonce { s.directive(auth_dir::nextnonce, p); }
  action d_rspauth   { s.directive(auth_dir::rspauth, p); }

  action error { s.error(p); }

  # ------------------------------------------------------------ values ---
  # LHEX  =  DIGIT / %x61-66 ;lowercase a-f
  LHEX = DIGIT | 'a'..'f';

  # EQUAL, with a mark on "=" (the value starts after it)
  eq = SWS '=' @equal SWS;

  # quoted-string (core.rl), its opening DQUOTE marked for errors
  qstring = quoted_string >quote_open @quote_close;

  # a token value, bare or (outside the grammar) inside DQUOTEs
  token_value  = token >value_begin %value_done
               | '"' >quote_strict token '"' @quoted_token;

  # auth-param value: token / quoted-string
  param_value = token >value_begin %value_done | qstring;

  # the text of a URI inside DQUOTEs: printable, no DQUOTE or "\"
  # (the URI itself is parsed on demand by the URI machines)
  uri_text = ( 0x21 | 0x23..0x5b | 0x5d..0x7e )+;

  # LDQUOT *LHEX RDQUOT (request-digest, response-digest)
  hex_digest = '"' >quote_strict LHEX* '"' @quote_close;

  # ------------------------------------------------------- directives ---
  username    = "username"i  %d_username  eq qstring;
  realm       = "realm"i     %d_realm     eq qstring;
  nonce       = "nonce"i     %d_nonce     eq qstring;
  digest_uri  = "uri"i       %d_uri       eq ( '"' >quote_strict uri_text '"' @quote_close );
  dresponse   = "response"i  %d_response  eq hex_digest;
  algorithm   = "algorithm"i %d_algorithm eq token_value;
  cnonce      = "cnonce"i    %d_cnonce    eq qstring;
  opaque      = "opaque"i    %d_opaque    eq qstring;
  message_qop = "qop"i       %d_qop       eq token_value;
  nonce_count = "nc"i        %d_nc        eq ( LHEX{8} >value_begin %value_done
                                             | '"' >quote_strict LHEX{8} '"' @quoted_token );
  stale_value = "true"i | "false"i;
  stale       = "stale"i     %d_stale     eq ( stale_value >value_begin %value_done
                                             | '"' >quote_strict stale_value '"' @quoted_token );
  domain      = "domain"i    %d_domain    eq ( '"' >quote_strict uri_text ( LWS uri_text )* '"' @quote_close );
  qop_options = "qop"i       %d_qop       eq ( '"' >quote_strict token ( WSP* ',' WSP* token )* '"' @quote_close );
  nextnonce   = "nextnonce"i %d_nextnonce eq qstring;
  rspauth     = "rspauth"i   %d_rspauth   eq hex_digest;

  # -------------------------------------------------------- credentials ---
  cr_names      = "username"i | "realm"i | "nonce"i | "uri"i | "response"i | "algorithm"i
                | "cnonce"i | "opaque"i | "qop"i | "nc"i;
  cr_auth_param = ( token - cr_names ) eq param_value;
  dig_resp      = ( username | realm | nonce | digest_uri | dresponse | algorithm | cnonce
                  | opaque | message_qop | nonce_count | cr_auth_param ) >param_start;

  # --------------------------------------------------------- challenges ---
  ch_names      = "realm"i | "domain"i | "nonce"i | "opaque"i | "stale"i | "algorithm"i | "qop"i;
  ch_auth_param = ( token - ch_names ) eq param_value;
  digest_cln    = ( realm | domain | nonce | opaque | stale | algorithm | qop_options
                  | ch_auth_param ) >param_start;

  # ----------------------------------------------------- other schemes ---
  # token68  =  1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="   (RFC 7235)
  token68    = ( ALPHA | DIGIT | '-' | '.' | '_' | '~' | '+' | '/' )+ '='*;
  auth_param = ( token eq param_value ) >param_start;
  other_rest = token68 | auth_param ( COMMA auth_param )*;

  digest_scheme = "Digest"i %digest_scheme LWS;
  other_scheme  = ( token - "Digest"i ) %other_scheme LWS;

  credentials_m = SWS ( digest_scheme dig_resp ( COMMA dig_resp )*
                      | other_scheme other_rest ) >scheme_start SWS;
  challenge_m   = SWS ( digest_scheme digest_cln ( COMMA digest_cln )*
                      | other_scheme other_rest ) >scheme_start SWS;

  # ------------------------------------------------- Authentication-Info ---
  ainfo   = ( nextnonce | message_qop | rspauth | cnonce | nonce_count ) >param_start;
  ainfo_m = SWS ainfo ( COMMA ainfo )* SWS;

  # ------------------------------------------------------- entry points ---
  credentials := credentials_m $!error;
  challenge   := challenge_m $!error;
  info        := ainfo_m $!error;

  write data noerror;
}%%

bool scan_auth(auth_scan& s, auth_entry entry) noexcept {
  const auth_byte* p = s.base;
  const auth_byte* pe = s.end;
  const auth_byte* eof = pe;
  int cs;

  %% write init;
  switch (entry) {
    case auth_entry::credentials: cs = sip_auth_en_credentials; break;
    case auth_entry::challenge:   cs = sip_auth_en_challenge; break;
    case auth_entry::info:        cs = sip_auth_en_info; break;
  }
  if (entry == auth_entry::info) s.where = auth_scan::ctx::name;
  %% write exec;

  if (s.failed) return false;
  if (cs < sip_auth_first_final) {
    // stopped in a non-final state without the error action firing
    s.error(p);
    return false;
  }
  return true;
}

}  // namespace sipspan::detail
