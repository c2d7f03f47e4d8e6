// sipspan — machines for the smaller typed header values: numbers, CSeq,
// Call-ID, media-type, token lists, Event, Session-Expires, Min-SE, RAck,
// Retry-After, Timestamp, Date, Warning. Via is in via.rl, name-addr in
// name_addr.rl. Each machine quotes its ABNF; all are built with -G2.
//
// Every machine marks up to four fields (a, b, c, d: begin and end), the
// parameter span, the opening quote of a quoted-string and the part of the
// value it is in (so that an error gets its code); numbers are converted
// after the machine accepted the value.

#include "sipspan/headers.hpp"
#include "sip/header_scan.hpp"
#include "sip/skip.hpp"

namespace sipspan {
namespace {

using detail::hv_uchar;
using detail::value_scan;

enum class part : std::uint8_t { value, gap, method, after, param, quote, comment };

struct hv_marks {
  part where = part::value;
  const hv_uchar *a_b = nullptr, *a_e = nullptr, *b_b = nullptr, *b_e = nullptr;
  const hv_uchar *c_b = nullptr, *c_e = nullptr, *d_b = nullptr, *d_e = nullptr;
  const hv_uchar *params_b = nullptr, *params_e = nullptr, *quote = nullptr;
};

// The common tail of each error action: the parts every machine shares.
void fail_common(value_scan& s, const hv_marks& m, const hv_uchar* p, const hv_uchar* pe,
                 error_code main_code) noexcept {
  switch (m.where) {
    case part::value:
    case part::gap:
    case part::comment: s.fail(main_code, p); break;
    case part::method: s.fail(error_code::bad_method, p); break;
    case part::after: s.fail(error_code::trailing_garbage, p); break;
    case part::param: s.fail(error_code::bad_parameter, p); break;
    case part::quote: s.fail(error_code::bad_quoted_string, p == pe ? m.quote : p); break;
  }
}

%%{
  # Definitions shared by the machines of this file.
  machine sip_header_values_common;
  include sip_core "core.rl";

  action a_b      { m.a_b = p; }
  action a_e      { m.a_e = p; }
  action b_b      { m.b_b = p; }
  action b_e      { m.b_e = p; }
  action c_b      { m.c_b = p; }
  action c_e      { m.c_e = p; }
  action d_b      { m.d_b = p; }
  action d_e      { m.d_e = p; }
  action in_gap   { m.where = part::gap; }
  action in_method { m.where = part::method; }
  action in_after { m.where = part::after; }
  action in_comment { m.where = part::comment; }
  action in_param { m.where = part::param; }
  action param_b  { if (!m.params_b) m.params_b = p; }
  action param_e  { m.params_e = p; }
  action q_open   { m.quote = p; m.where = part::quote; }
  action q_close  { m.where = part::param; }

  include sip_header_common "header_common.rl";

  # gen-value = token / host / quoted-string, with the quote marked
  gen_value_q = token | gen_value_v6 | ( quoted_string >q_open @q_close );
  generic_param_q = token ( EQUAL gen_value_q )?;

  # Parameter lists below spell SEMI = SWS ";" SWS out, to mark where they start.
}%%

// ------------------------------------------------------------ numbers ---
// delta-seconds = 1*DIGIT; Max-Forwards = 1*DIGIT; Content-Length = 1*DIGIT
// (RFC 3261 §20.14, §20.19, §20.22, §20.23, §25.1); response-num = 1*DIGIT
// (RFC 3262 §7.1). a: the digits.
%%{
  machine sip_number;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { s.fail(error_code::bad_number, p); }
  main := ( SWS ( DIGIT+ >a_b %a_e ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_uint(std::string_view value, std::uint32_t& out, std::uint32_t max) noexcept {
  out = 0;
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_number_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  if (!detail::digits_to_u32(value_scan::span(m.a_b, m.a_e), max, out))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  return {};
}

namespace {

// --------------------------------------------------------------- CSeq ---
// CSeq  =  "CSeq" HCOLON 1*DIGIT LWS Method   (RFC 3261 §20.16)
// a: the number, b: the method.
%%{
  machine sip_cseq;
  alphtype unsigned char;
  include sip_header_values_common;
  action error {
    if (m.where == part::gap && p < pe) s.fail(error_code::bad_method, p);
    else fail_common(s, m, p, pe, error_code::bad_cseq);
  }
  # after the method's first byte the machine loops on token_c in place: jump over the run
  action method_run { fexec detail::skip_token(p + 1, pe); }
  main := ( SWS ( DIGIT+ >a_b %a_e ) ( LWS >in_gap )
            ( ( token_c @method_run )+ >b_b >in_method %b_e %in_after ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_cseq(std::string_view value, cseq_view& out) noexcept {
  out = cseq_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_cseq_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.number_text = value_scan::span(m.a_b, m.a_e);
  out.method = value_scan::span(m.b_b, m.b_e);
  // RFC 3261 §8.1.1.5: "MUST be less than 2**31"
  if (!detail::digits_to_u32(out.number_text, 0x7FFFFFFFu, out.number))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  return {};
}

namespace {

// ------------------------------------------------------------ Call-ID ---
// Call-ID  =  ( "Call-ID" / "i" ) HCOLON callid
// callid   =  word [ "@" word ]   (RFC 3261 §20.8)
// a: the whole value, b: the local part, c: the host part.
%%{
  machine sip_call_id;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_call_id); }
  # inside a word the machine loops on word_c in place: jump over the run
  action word_run { fexec detail::skip_word(p + 1, pe); }
  word_j = ( word_c @word_run )+;
  main := ( SWS ( ( word_j >b_b %b_e ) ( '@' word_j >c_b %c_e )? ) >a_b %a_e %in_after SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_call_id(std::string_view value, call_id_view& out) noexcept {
  out = call_id_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_call_id_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.value = value_scan::span(m.a_b, m.a_e);
  out.local = value_scan::span(m.b_b, m.b_e);
  out.host = value_scan::span(m.c_b, m.c_e);
  out.has_host = m.c_b != nullptr;
  return {};
}

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
  include sip_header_values_common;
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
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_media_type_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
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
  include sip_header_values_common;
  action error { s.fail(error_code::bad_token, p); }
  main := ( SWS ( token >a_b %a_e ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_token(std::string_view value, std::string_view& token) noexcept {
  token = {};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_token_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
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
  include sip_header_values_common;
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
  value_scan s(value);
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_token_list_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
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
  include sip_header_values_common;
  action error { s.fail(error_code::bad_product, p); }
  product = token ( SLASH token )?;
  main := ( SWS ( product | comment ) ( LWS product | comment )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_server_val(std::string_view value) noexcept {
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_server_val_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
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
  include sip_header_values_common;
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
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_event_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.type = value_scan::span(m.a_b, m.a_e);
  out.package = value_scan::span(m.b_b, m.b_e);
  if (m.a_e > m.b_e) out.templates = value_scan::span(m.b_e + 1, m.a_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  return {};
}

namespace {

// ---------------------------------------------------- Session-Expires ---
// Session-Expires  =  ("Session-Expires" / "x") HCOLON delta-seconds
//                     *(SEMI se-params)
// se-params        =  refresher-param / generic-param
// refresher-param  =  "refresher" EQUAL  ("uas" / "uac")      (RFC 4028 §4)
// a: delta-seconds.
%%{
  machine sip_session_expires;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_number); }
  se_param = "refresher"i EQUAL ( "uas"i | "uac"i )
           | ( token - "refresher"i ) ( EQUAL gen_value_q )?;
  main := ( SWS ( DIGIT+ >a_b %a_e %in_after )
          ( SWS ';' @in_param SWS ( se_param >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_session_expires(std::string_view value, session_expires_view& out) noexcept {
  out = session_expires_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_session_expires_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.seconds_text = value_scan::span(m.a_b, m.a_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  if (!detail::digits_to_u32(out.seconds_text, 0xFFFFFFFFu, out.seconds))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  return {};
}

namespace {

// ------------------------------------------------------------- Min-SE ---
// Min-SE  =  "Min-SE" HCOLON delta-seconds *(SEMI generic-param)   (RFC 4028 §5)
// a: delta-seconds.
%%{
  machine sip_min_se;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_number); }
  main := ( SWS ( DIGIT+ >a_b %a_e %in_after )
          ( SWS ';' @in_param SWS ( generic_param_q >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_min_se(std::string_view value, min_se_view& out) noexcept {
  out = min_se_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_min_se_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.seconds_text = value_scan::span(m.a_b, m.a_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  if (!detail::digits_to_u32(out.seconds_text, 0xFFFFFFFFu, out.seconds))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  return {};
}

namespace {

// --------------------------------------------------------------- RAck ---
// RAck          =  "RAck" HCOLON response-num LWS CSeq-num LWS Method
// response-num  =  1*DIGIT
// CSeq-num      =  1*DIGIT                                   (RFC 3262 §7.2)
// a: response-num, b: CSeq-num, c: Method.
%%{
  machine sip_rack;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_rack); }
  main := ( SWS ( DIGIT+ >a_b %a_e ) LWS ( DIGIT+ >b_b %b_e ) LWS
          ( Method >c_b >in_method %c_e %in_after ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_rack(std::string_view value, rack_view& out) noexcept {
  out = rack_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_rack_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.response_num_text = value_scan::span(m.a_b, m.a_e);
  out.cseq_num_text = value_scan::span(m.b_b, m.b_e);
  out.method = value_scan::span(m.c_b, m.c_e);
  if (!detail::digits_to_u32(out.response_num_text, 0xFFFFFFFFu, out.response_num))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  if (out.response_num == 0) return s.error(error_code::number_underflow, s.offset(m.a_b));
  if (!detail::digits_to_u32(out.cseq_num_text, 0x7FFFFFFFu, out.cseq_num))
    return s.error(error_code::number_overflow, s.offset(m.b_b));
  return {};
}

namespace {

// -------------------------------------------------------- Retry-After ---
// Retry-After  =  "Retry-After" HCOLON delta-seconds
//                 [ comment ] *( SEMI retry-param )
// retry-param  =  ("duration" EQUAL delta-seconds)
//                 / generic-param                            (RFC 3261 §20.33)
// a: delta-seconds, b: the comment (with the whitespace around it).
%%{
  machine sip_retry_after;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_retry_after); }
  retry_param = "duration"i EQUAL delta_seconds
              | ( token - "duration"i ) ( EQUAL gen_value_q )?;
  main := ( SWS ( DIGIT+ >a_b %a_e %in_after )
          ( comment >b_b >in_comment %b_e %in_after )?
          ( SWS ';' @in_param SWS ( retry_param >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_retry_after(std::string_view value, retry_after_view& out) noexcept {
  out = retry_after_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_retry_after_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.seconds_text = value_scan::span(m.a_b, m.a_e);
  if (m.b_e) out.comment = detail::trim_lws(value_scan::span(m.b_b, m.b_e));
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  if (!detail::digits_to_u32(out.seconds_text, 0xFFFFFFFFu, out.seconds))
    return s.error(error_code::number_overflow, s.offset(m.a_b));
  param d;
  std::uint32_t v = 0;
  if (out.params.find("duration", d) && !detail::digits_to_u32(d.value, 0xFFFFFFFFu, v))
    return s.error(error_code::number_overflow, static_cast<std::uint32_t>(d.value.data() - value.data()));
  return {};
}

namespace {

// ---------------------------------------------------------- Timestamp ---
// Timestamp  =  "Timestamp" HCOLON 1*(DIGIT)
//                [ "." *(DIGIT) ] [ LWS delay ]
// delay      =  *(DIGIT) [ "." *(DIGIT) ]                     (RFC 3261 §20.38)
// An empty delay is trailing whitespace. a: the value, b: the delay.
%%{
  machine sip_timestamp;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { s.fail(error_code::bad_timestamp, p); }
  ts_value = DIGIT+ ( '.' DIGIT* )?;
  delay    = DIGIT+ ( '.' DIGIT* )? | '.' DIGIT*;
  main := ( SWS ( ts_value >a_b %a_e ) ( LWS ( delay >b_b %b_e ) )? SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_timestamp(std::string_view value, timestamp_view& out) noexcept {
  out = timestamp_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_timestamp_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.value = value_scan::span(m.a_b, m.a_e);
  out.delay = value_scan::span(m.b_b, m.b_e);
  out.has_delay = m.b_e != nullptr;
  return {};
}

namespace {

// --------------------------------------------------------------- Date ---
// Date          =  "Date" HCOLON SIP-date
// SIP-date      =  rfc1123-date
// rfc1123-date  =  wkday "," SP date1 SP time SP "GMT"
// date1         =  2DIGIT SP month SP 4DIGIT
//                  ; day month year (e.g., 02 Jun 1982)
// time          =  2DIGIT ":" 2DIGIT ":" 2DIGIT
//                  ; 00:00:00 - 23:59:59
// wkday         =  "Mon" / "Tue" / "Wed"
//                  / "Thu" / "Fri" / "Sat" / "Sun"
// month         =  "Jan" / "Feb" / "Mar" / "Apr"
//                  / "May" / "Jun" / "Jul" / "Aug"
//                  / "Sep" / "Oct" / "Nov" / "Dec"          (RFC 3261 §25.1)
// a: wkday, b: day, c: month, d: year; the time starts 5 bytes after d.
%%{
  machine sip_date;
  alphtype unsigned char;
  include sip_header_values_common;
  action error { fail_common(s, m, p, pe, error_code::bad_date); }
  wkday = "Mon"i | "Tue"i | "Wed"i | "Thu"i | "Fri"i | "Sat"i | "Sun"i;
  month = "Jan"i | "Feb"i | "Mar"i | "Apr"i | "May"i | "Jun"i
        | "Jul"i | "Aug"i | "Sep"i | "Oct"i | "Nov"i | "Dec"i;
  date1 = ( DIGIT{2} >b_b ) SP ( month >c_b ) SP ( DIGIT{4} >d_b );
  time  = DIGIT{2} ':' DIGIT{2} ':' DIGIT{2};
  main := ( SWS ( wkday >a_b ) ',' SP date1 SP time SP ( "GMT"i @in_after ) SWS ) $!error;
  write data noerror noentry;
}%%

constexpr std::string_view weekdays = "montuewedthufrisatsun";
constexpr std::string_view months = "janfebmaraprmayjunjulaugsepoctnovdec";

// Index of a three-letter name in a table of them, ASCII case-insensitively.
std::uint8_t name_index(std::string_view table, std::string_view name) noexcept {
  for (std::size_t i = 0; i + 3 <= table.size(); i += 3)
    if (iequals(table.substr(i, 3), name)) return static_cast<std::uint8_t>(i / 3);
  return 0;
}

std::uint32_t two_digits(const hv_uchar* p) noexcept {
  return static_cast<std::uint32_t>((p[0] - '0') * 10 + (p[1] - '0'));
}

}  // namespace

result parse_date(std::string_view value, date_view& out) noexcept {
  out = date_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_date_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  const hv_uchar* t = m.d_b + 5;  // "2010 23:29:00": the time follows the year and a SP
  out.weekday_text = value_scan::span(m.a_b, m.a_b + 3);
  out.day_text = value_scan::span(m.b_b, m.b_b + 2);
  out.month_text = value_scan::span(m.c_b, m.c_b + 3);
  out.year_text = value_scan::span(m.d_b, m.d_b + 4);
  out.time_text = value_scan::span(t, t + 8);
  out.weekday = name_index(weekdays, out.weekday_text);
  out.month = static_cast<std::uint8_t>(name_index(months, out.month_text) + 1);
  out.year = static_cast<std::uint16_t>(two_digits(m.d_b) * 100 + two_digits(m.d_b + 2));
  std::uint32_t day = two_digits(m.b_b), hour = two_digits(t), minute = two_digits(t + 3),
                second = two_digits(t + 6);
  if (day < 1 || day > 31) return s.error(error_code::bad_date, s.offset(m.b_b));
  if (hour > 23) return s.error(error_code::bad_date, s.offset(t));
  if (minute > 59) return s.error(error_code::bad_date, s.offset(t + 3));
  if (second > 59) return s.error(error_code::bad_date, s.offset(t + 6));
  out.day = static_cast<std::uint8_t>(day);
  out.hour = static_cast<std::uint8_t>(hour);
  out.minute = static_cast<std::uint8_t>(minute);
  out.second = static_cast<std::uint8_t>(second);
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
  include sip_header_values_common;
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
  value_scan s(value);
  hv_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_warning_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first
  if (s.failed) return s.err;
  out.code_text = value_scan::span(m.a_b, m.a_b + 3);
  out.code = static_cast<std::uint16_t>((m.a_b[0] - '0') * 100 + two_digits(m.a_b + 1));
  out.agent = value_scan::span(m.b_b, m.b_e);
  out.text = value_scan::span(m.c_b, m.c_e);
  return {};
}

}  // namespace sipspan
