// sipspan — name-addr / addr-spec with header parameters: From, To, Contact,
// Route, Record-Route, Reply-To, Refer-To, Referred-By, P-Asserted-Identity,
// P-Preferred-Identity, Path, Service-Route (one comma-separated element).
//
// RFC 3261 §20.10, §20.20, §20.39, §25.1:
//
//   From           =  ( "From" / "f" ) HCOLON from-spec
//   from-spec      =  ( name-addr / addr-spec ) *( SEMI from-param )
//   from-param     =  tag-param / generic-param
//   tag-param      =  "tag" EQUAL token
//   name-addr      =  [ display-name ] LAQUOT addr-spec RAQUOT
//   addr-spec      =  SIP-URI / SIPS-URI / absoluteURI
//   display-name   =  *(token LWS)/ quoted-string
//   Contact        =  ("Contact" / "m" ) HCOLON
//                     ( STAR / (contact-param *(COMMA contact-param)))
//   contact-param  =  (name-addr / addr-spec) *(SEMI contact-params)
//   contact-params =  c-p-q / c-p-expires / contact-extension
//   c-p-q          =  "q" EQUAL qvalue
//   c-p-expires    =  "expires" EQUAL delta-seconds
//   contact-extension  =  generic-param
//   qvalue         =  ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
//   rec-route      =  name-addr *( SEMI rr-param )
//
// §20.10: "when the header field value contains a display name, the URI
// including all URI parameters is enclosed in "<" and ">". If no "<" and ">"
// are present, all parameters after the URI are header parameters." A bare
// addr-spec therefore ends at the first ";" (and may not hold "," or "?").
//
// The URI is validated structurally only: scheme ":" then URI characters
// (reserved / unreserved / escaped, and "[" "]"); uri.rl does the rest.
// A token display name may touch the "<" ("Bob<sip:b@x>"), as is common.
// Built with -G2. Actions only mark positions and the part being read.

#include "sipspan/headers.hpp"
#include "sip/header_scan.hpp"
#include "sip/skip.hpp"

namespace sipspan {
namespace {

using detail::hv_uchar;

struct name_addr_marks {
  enum class ctx : std::uint8_t { lead, quote, after_quote, uri, bare, after, param } where = ctx::lead;
  const hv_uchar *dn_b = nullptr, *dn_e = nullptr, *uri_b = nullptr, *uri_e = nullptr;
  const hv_uchar *angle = nullptr, *quote = nullptr, *esc = nullptr;
  const hv_uchar *params_b = nullptr, *params_e = nullptr;
  bool quoted = false, esc_open = false, star = false;
};

// On an error before the address is known: a "<" further on means the bytes
// so far were meant as a display name.
bool angle_ahead(const hv_uchar* p, const hv_uchar* pe) noexcept {
  for (; p < pe; ++p)
    if (*p == '<') return true;
  return false;
}

%%{
  machine sip_name_addr_common;
  include sip_core "core.rl";

  # ------------------------------------------------------------ actions ---
  action dn_b        { m.dn_b = p; }
  action dn_e        { m.dn_e = p; }
  action dq_open     { m.quote = p; m.dn_b = p + 1; m.quoted = true; m.where = name_addr_marks::ctx::quote; }
  action dq_close    { m.dn_e = p; m.where = name_addr_marks::ctx::after_quote; }
  action angle_open  { m.angle = p; m.where = name_addr_marks::ctx::uri; }
  action angle_close { m.where = name_addr_marks::ctx::after; }
  action in_bare     { m.where = name_addr_marks::ctx::bare; }
  action uri_b       { m.uri_b = p; }
  action uri_e       { m.uri_e = p; m.where = name_addr_marks::ctx::after; }
  action esc_b       { m.esc = p; m.esc_open = true; }
  action esc_e       { m.esc_open = false; }
  action in_param    { m.where = name_addr_marks::ctx::param; }
  action param_b     { if (!m.params_b) m.params_b = p; }
  action param_e     { m.params_e = p; }
  action q_open      { m.quote = p; m.where = name_addr_marks::ctx::quote; }
  action q_close     { m.where = name_addr_marks::ctx::param; }
  action star        { m.star = true; }
  # inside < >, after the scheme's ':', the machine loops on uric_plain in place
  action uric_run    { fexec detail::skip_uric(p + 1, pe); }
  # a parameter value's token: after its first byte the machine loops on token_c in place
  action tok_run     { fexec detail::skip_token(p + 1, pe); }

  action error {
    switch (m.where) {
      case name_addr_marks::ctx::lead:
        if (p == pe) s.fail(error_code::bad_name_addr, p);
        else s.fail(angle_ahead(p, pe) ? error_code::bad_display_name : error_code::bad_name_addr, p);
        break;
      case name_addr_marks::ctx::quote:
        s.fail(error_code::bad_quoted_string, p == pe ? m.quote : p); break;
      case name_addr_marks::ctx::after_quote: s.fail(error_code::bad_name_addr, p); break;
      case name_addr_marks::ctx::uri:
        if (m.esc_open) s.fail(error_code::bad_escape, m.esc);
        else if (p == pe) s.fail(error_code::bad_name_addr, m.angle);  // "<" never closed
        else s.fail(error_code::bad_uri, p);
        break;
      case name_addr_marks::ctx::bare:
        if (m.esc_open) s.fail(error_code::bad_escape, m.esc);
        else if (p < pe && *p == '"') s.fail(error_code::bad_quoted_string, p);  // stray DQUOTE
        else s.fail(error_code::bad_uri, p);
        break;
      case name_addr_marks::ctx::after:
        // a stray DQUOTE opens a quoted-string that never closes
        s.fail(p < pe && *p == '"' ? error_code::bad_quoted_string : error_code::trailing_garbage, p); break;
      case name_addr_marks::ctx::param: s.fail(error_code::bad_parameter, p); break;
    }
  }

  include sip_header_common "header_common.rl";

  # -------------------------------------------------------------- rules ---
  escaped_m = '%' >esc_b HEXDIG HEXDIG @esc_e;

  # inside < >: any URI character; bare: not ";" "," "?" (§20.10)
  uric_angle = uric_plain @uric_run | escaped_m;
  uric_bare  = ( uric_plain - ';' - ',' - '?' ) | escaped_m;

  angle_uri = ( scheme ':' uric_angle* ) >uri_b %uri_e;
  addr_spec = ( scheme ':' @in_bare uric_bare* ) >uri_b %uri_e;

  # display-name = *(token LWS) / quoted-string
  display_tokens = ( token ( LWS token )* ) >dn_b %dn_e;
  display_quoted = DQUOTE >dq_open ( qdtext | quoted_pair )* DQUOTE @dq_close;

  # name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
  name_addr = ( display_tokens | display_quoted )? SWS '<' @angle_open angle_uri '>' @angle_close;

  addr = name_addr | addr_spec;

  token_j     = ( token_c @tok_run )+;
  gen_value_q = token_j | gen_value_v6 | ( quoted_string >q_open @q_close );

  # from-param / to-param / rr-param ... = tag-param / generic-param
  na_param = "tag"i EQUAL token_j
           | ( token - "tag"i ) ( EQUAL gen_value_q )?;

  contact_param = "q"i EQUAL qvalue
                | "expires"i EQUAL delta_seconds
                | ( token - ( "q"i | "expires"i ) ) ( EQUAL gen_value_q )?;
}%%

%%{
  machine sip_name_addr;
  alphtype unsigned char;
  include sip_name_addr_common;

  # SEMI = SWS ";" SWS, spelled out to mark where the parameters start
  main := ( SWS addr ( SWS ';' @in_param SWS ( na_param >param_b %param_e ) )* SWS ) $!error;

  write data noerror noentry;
}%%

%%{
  machine sip_contact;
  alphtype unsigned char;
  include sip_name_addr_common;

  # STAR / contact-param
  main := ( SWS ( '*' %star SWS
              | addr ( SWS ';' @in_param SWS ( contact_param >param_b %param_e ) )* SWS
              ) ) $!error;

  write data noerror noentry;
}%%

void fill(const name_addr_marks& m, name_addr_view& out) noexcept {
  using detail::value_scan;
  out.display_name = value_scan::span(m.dn_b, m.dn_e);
  out.display_name_quoted = m.quoted;
  out.uri = value_scan::span(m.uri_b, m.uri_e);
  out.has_angle_brackets = m.angle != nullptr;
  out.is_star = m.star && m.uri_b == nullptr;
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
}

}  // namespace

result parse_name_addr(std::string_view value, name_addr_view& out) noexcept {
  out = name_addr_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  detail::value_scan s(value);
  name_addr_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;

  %% machine sip_name_addr;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_name_addr_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first

  if (s.failed) return s.err;
  fill(m, out);
  return {};
}

result parse_contact(std::string_view value, name_addr_view& out) noexcept {
  out = name_addr_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  detail::value_scan s(value);
  name_addr_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;

  %% machine sip_contact;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_contact_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first

  if (s.failed) return s.err;
  fill(m, out);
  return {};
}

}  // namespace sipspan
