// sipspan — anomaly scorer: the forms of a value that the profile counts per
// header (score_profile::slot_stats::forms), shared by training and scoring.
// Each is legal or at least common somewhere, so no validator rule may call
// it an error; what makes one evidence is that a header's training traffic
// rarely or never wrote it (parser/src/score/shapes.cpp).
#pragma once

#include <cstdint>
#include <string_view>

#include "sipspan/score.hpp"

namespace sipspan::score_detail {

// Bits of a value's forms, 0..63 (the profile stores them by number: append only).
namespace form_bit {
// The case of a token (a run of letters, digits, '.', '-', '_' with a letter)
// by what comes before it: (context x 4 + case). RFC 3261 §7.1: methods and
// the protocol name are case-sensitive tokens; hosts, transports and parameter
// names are not (§19.1.4), and agents write each in one case.
inline constexpr unsigned case_contexts = 8;  // value start, '/', ':', ';', '=', SP/HTAB, '@', other
inline constexpr unsigned cases = 4;          // lower, upper, Capitalised, mixed
inline constexpr unsigned case_first = 0;
// A percent-escape (§19.1.1, `escaped = "%" HEXDIG HEXDIG`, §25.1) by what it stands
// for: an unreserved character (which needs no escape), another printable one, a
// control byte, a byte >= 0x80; and a '%' not followed by two hex digits.
inline constexpr unsigned escape_unreserved = 32, escape_reserved = 33, escape_control = 34, escape_high = 35,
                          escape_broken = 36;
// SP or HTAB just before or after a separator (§7.3.1 LWS, §25.1 SEMI, COMMA,
// EQUAL, SLASH, COLON and '@'): separator x 2 + (0 before, 1 after).
inline constexpr std::string_view spaced_separators = ";,=/:@";
inline constexpr unsigned space_first = 37;  // .. 48
// Line structure (§7.3.1 folding, §25.1 LWS = [*WSP CRLF] 1*WSP): a folded line,
// its indent a tab, the line broken after a separator, the continuation starting
// with a separator, the line broken inside a token, a continuation of whitespace
// only; a bare CR or bare LF; whitespace at the value's end.
inline constexpr unsigned fold = 49, fold_tab = 50, fold_after_separator = 51, fold_before_separator = 52,
                          fold_inside_token = 53, fold_empty = 54, bare_cr = 55, bare_lf = 56, trailing_space = 57;
// The form of what follows '@' (the host of a userinfo URI, §19.1.1 hostport):
// a name, a number (dotted quad; number shapes tell its digits), an IPv6
// reference, anything else.
inline constexpr unsigned host_name = 58, host_number = 59, host_ipv6 = 60, host_other = 61;
// A percent-escape in a URI's userinfo (after "scheme:", before '@'), where
// registrars and ACLs compare users as strings (§19.1.4): one standing for an
// unreserved character, one for anything else (a control byte: header
// injection once unescaped). Counted besides its escape form above.
inline constexpr unsigned user_escape_unreserved = 62, user_escape_other = 63;
// (A parameter twice is the validator's: SS417 duplicate-parameter.)
inline constexpr unsigned count = 64;
}  // namespace form_bit

// The kind of a form, 0..5: case, escapes, spaces, lines, hosts, escapes in a userinfo.
constexpr unsigned form_kind(unsigned bit) noexcept {
  return bit < form_bit::escape_unreserved ? 0 : bit < form_bit::space_first ? 1 : bit < form_bit::fold ? 2
         : bit < form_bit::host_name ? 3 : bit < form_bit::user_escape_unreserved ? 4 : 5;
}

// The forms one value shows, as bits. `header_offset`: for a header's value,
// its offset in the message (its name and colon come before it: a fold right
// after the colon counts); 0 for the start line.
std::uint64_t value_forms(std::string_view value, std::size_t header_offset) noexcept;

// A body and its label (RFC 3261 §20.15: Content-Type names the body's format):
// the media type, case folded, with the byte classes of the body's first three
// symbols ("v=0" for SDP, "<?xml" for XML, "SIP/2.0" for a sipfrag), hashed;
// false when the message has no body or no Content-Type.
bool body_form(const message_view& m, std::uint32_t& key) noexcept;

// Whether `seen` of a header's `messages` training messages make a form rare
// enough to weigh: less than once in 90 (score_profile::rule_weight_for's zero).
bool rare_form(std::uint32_t seen, std::uint32_t messages) noexcept;

}  // namespace sipspan::score_detail
