// sipspan — the Date header's machine (RFC 3261 §20.17: rfc1123-date), built
// with -G2. Shared actions and rules: header_value_rules.rl.
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
  include sip_header_values_common "header_value_rules.rl";
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

}  // namespace

result parse_date(std::string_view value, date_view& out) noexcept {
  out = date_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  SIPSPAN_VALUE_MACHINE(value);
  %% write init;
  %% write exec;
  if (!s.accepted(cs >= sip_date_first_final, p)) return s.err;
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

}  // namespace sipspan
