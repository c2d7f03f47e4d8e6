// sipspan — machines for numeric header values: numbers (Max-Forwards,
// Expires, Content-Length, ...), CSeq, Call-ID, Session-Expires, Min-SE, RAck,
// Retry-After, Timestamp. Each machine quotes its ABNF; all are built with -G2.
// Shared actions and rules: header_value_rules.rl.
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

// ------------------------------------------------------------ numbers ---
// delta-seconds = 1*DIGIT; Max-Forwards = 1*DIGIT; Content-Length = 1*DIGIT
// (RFC 3261 §20.14, §20.19, §20.22, §20.23, §25.1); response-num = 1*DIGIT
// (RFC 3262 §7.1). a: the digits.
%%{
  machine sip_number;
  alphtype unsigned char;
  include sip_header_values_common "header_value_rules.rl";
  action error { s.fail(error_code::bad_number, p); }
  main := ( SWS ( DIGIT+ >a_b %a_e ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_uint(std::string_view value, std::uint32_t& out, std::uint32_t max) noexcept {
  out = 0;
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_number_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
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
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_cseq_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
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
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_call_id_first_final, p)) return s.err;
  out.value = value_scan::span(m.a_b, m.a_e);
  out.local = value_scan::span(m.b_b, m.b_e);
  out.host = value_scan::span(m.c_b, m.c_e);
  out.has_host = m.c_b != nullptr;
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
  include sip_header_values_common "header_value_rules.rl";
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
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_session_expires_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
  action error { fail_common(s, m, p, pe, error_code::bad_number); }
  main := ( SWS ( DIGIT+ >a_b %a_e %in_after )
          ( SWS ';' @in_param SWS ( generic_param_q >param_b %param_e ) )* SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_min_se(std::string_view value, min_se_view& out) noexcept {
  out = min_se_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_min_se_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
  action error { fail_common(s, m, p, pe, error_code::bad_rack); }
  main := ( SWS ( DIGIT+ >a_b %a_e ) LWS ( DIGIT+ >b_b %b_e ) LWS
          ( Method >c_b >in_method %c_e %in_after ) SWS ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result parse_rack(std::string_view value, rack_view& out) noexcept {
  out = rack_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_rack_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
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
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_retry_after_first_final, p)) return s.err;
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
  include sip_header_values_common "header_value_rules.rl";
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
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_timestamp_first_final, p)) return s.err;
  out.value = value_scan::span(m.a_b, m.a_e);
  out.delay = value_scan::span(m.b_b, m.b_e);
  out.has_delay = m.b_e != nullptr;
  return {};
}

}  // namespace sipspan
