// sipspan — machines for token-shaped header values: media-type, tokens and
// token lists, Server / User-Agent, Event, Warning. Each machine quotes its
// ABNF; all are built with -G2. Shared actions and rules: header_value_rules.rl.
#include "sipspan/headers.hpp"
#include "sip/header_value_scan.hpp"
#include "sip/skip.hpp"

namespace sipspan {

using detail::fail_common;
using detail::hv_marks;
using detail::hv_uchar;
using detail::part;
using detail::two_digits;
using detail::value_scan;

namespace {

// --------------------------------------------------------- media-type ---
// Content-Type   =  ( "Content-Type" / "c" ) HCOLON media-type
// media-type     =  m-type SLASH m-subtype *(SEMI m-parameter)
// m-type         =  discrete-type / composite-type      (each a token here:
// m-subtype      =  extension-token / iana-token         x-token and
//                                                        ietf-token are tokens)
// m-parameter    =  m-attribute EQUAL m-value
// m-attribute    =  token
// m-value        =  token / quoted-string                (RFC 3261 §20.15, §25.1)
// a: type, b: subtype.
%%{
  machine sip_media_type;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { fail_common(s, m, p, pe, error_code::bad_media_type); }
  m_parameter = token EQUAL ( token | quoted_string >q_open @q_close );
  main := ( SWS ( token >a_b %a_e ) SLASH ( token >b_b %b_e %in_after )
          ( SWS ';' @in_param SWS ( m_parameter >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_media_type(std::string_view value, media_type_view& out) noexcept {
  out = media_type_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_media_type_first_final, p)) return s.err;
  out.type = value_scan::span(m.a_b, m.a_e);
  out.subtype = value_scan::span(m.b_b, m.b_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  return {};
}

namespace {

// -------------------------------------------------------- token lists ---
// Allow          =  "Allow" HCOLON [Method *(COMMA Method)]
// Supported      =  ( "Supported" / "k" ) HCOLON [option-tag *(COMMA option-tag)]
// Require        =  "Require" HCOLON option-tag *(COMMA option-tag)
// option-tag     =  token                      (RFC 3261 §20.5, §20.32, §20.37, §25.1)
// Allow-Events   =  ( "Allow-Events" / "u" ) HCOLON event-type *(COMMA event-type)
//                   (RFC 6665 §8.4; event-type is checked by parse_event)
// a: the token.
%%{
  machine sip_token;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { s.fail(error_code::bad_token, p); }
  main := ( SWS ( token >a_b %a_e ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_token(std::string_view value, std::string_view& token) noexcept {
  token = {};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_token_first_final, p)) return s.err;
  token = value_scan::span(m.a_b, m.a_e);
  return {};
}

result parse_token(std::string_view value) noexcept {
  std::string_view token;
  return parse_token(value, token);
}

namespace {

%%{
  machine sip_token_list;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { s.fail(error_code::bad_token_list, p); }
  main := ( SWS token ( COMMA token )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_token_list(std::string_view value, bool allow_empty) noexcept {
  if (result r = detail::precheck_value(value); !r) {
    if (r.code == error_code::empty_value && allow_empty) return {};
    return r;
  }
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_token_list_first_final, p)) return s.err;
  return {};
}

namespace {

// ------------------------------------------------- Server, User-Agent ---
// Server      =  "Server" HCOLON server-val *(LWS server-val)
// User-Agent  =  "User-Agent" HCOLON server-val *(LWS server-val)
// server-val  =  product / comment
// product     =  token [SLASH product-version]
// product-version = token                                 (RFC 3261 §20.35, §20.41)
// (comment, with its own SWS, carries the whitespace before it: "Foo/1.0(Linux)"
//  and "Foo/1.0 (Linux)" read alike)
%%{
  machine sip_server_val;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { s.fail(error_code::bad_product, p); }
  product = token ( SLASH token )?;
  main := ( SWS ( product | comment ) ( LWS product | comment )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_server_val(std::string_view value) noexcept {
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_server_val_first_final, p)) return s.err;
  return {};
}

namespace {

// -------------------------------------------------------------- Event ---
// Event             =  ( "Event" / "o" ) HCOLON event-type
//                      *( SEMI event-param )
// event-type        =  event-package *( "." event-template )
// event-package     =  token-nodot
// event-template    =  token-nodot
// event-param       =  generic-param / ( "id" EQUAL token )   (RFC 6665 §8.4)
// a: event-type, b: event-package.
%%{
  machine sip_event;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { fail_common(s, m, p, pe, error_code::bad_event); }
  event_type  = ( token_nodot >b_b %b_e ( '.' token_nodot )* ) >a_b %a_e %in_after;
  event_param = "id"i EQUAL token
              | ( token - "id"i ) ( EQUAL gen_value_q )?;
  main := ( SWS event_type ( SWS ';' @in_param SWS ( event_param >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_event(std::string_view value, event_view& out) noexcept {
  out = event_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_event_first_final, p)) return s.err;
  out.type = value_scan::span(m.a_b, m.a_e);
  out.package = value_scan::span(m.b_b, m.b_e);
  if (m.a_e > m.b_e) out.templates = value_scan::span(m.b_e + 1, m.a_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  return {};
}

namespace {

// ------------------------------------------------------------ Warning ---
// Warning        =  "Warning" HCOLON warning-value *(COMMA warning-value)
// warning-value  =  warn-code SP warn-agent SP warn-text
// warn-code      =  3DIGIT
// warn-agent     =  hostport / pseudonym
// warn-text      =  quoted-string
// pseudonym      =  token                                    (RFC 3261 §20.43)
// hostport       =  host [ ":" port ]                        (RFC 3261 §25.1)
// a: warn-code, b: warn-agent, c: warn-text.
%%{
  machine sip_warning;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { fail_common(s, m, p, pe, error_code::bad_warning); }
  action text_close { m.c_e = p + 1; m.where = part::after; }
  warn_agent = host ( ':' port )? | token;
  main := ( SWS ( DIGIT{3} >a_b ) SP ( warn_agent >b_b %b_e ) SP
          ( quoted_string >c_b >q_open @text_close ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_warning(std::string_view value, warning_view& out) noexcept {
  out = warning_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_warning_first_final, p)) return s.err;
  out.code_text = value_scan::span(m.a_b, m.a_b + 3);
  out.code = static_cast<std::uint16_t>((m.a_b[0] - '0') * 100 + two_digits(m.a_b + 1));
  out.agent = value_scan::span(m.b_b, m.b_e);
  out.text = value_scan::span(m.c_b, m.c_e);
  return {};
}

}  // namespace sipspan
