// sipspan — the small state the header-value machines mark positions into
// (grammar/via.rl, grammar/name_addr.rl, grammar/header_numbers.rl, header_tokens.rl,
// header_date.rl).
//
// Actions only record where something starts or ends, or which part of the
// value the machine is in (so that an error can be named); the conversions
// below run once, after the machine has accepted the value.
#pragma once

#include <cstdint>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "sipspan/error.hpp"

namespace sipspan::detail {

using hv_uchar = unsigned char;

struct value_scan {
  const hv_uchar* base;
  const hv_uchar* end;
  result err{};
  bool failed = false;

  explicit value_scan(std::string_view v) noexcept
      : base(reinterpret_cast<const hv_uchar*>(v.data())), end(base + v.size()) {}

  std::uint32_t offset(const hv_uchar* p) const noexcept { return static_cast<std::uint32_t>(p - base); }

  result fail(error_code c, const hv_uchar* at) noexcept {
    if (!failed) {
      failed = true;
      err.code = c;
      err.offset = offset(at);
    }
    return err;
  }

  // After `write exec`: a machine that stopped in a non-final state without its
  // error action (a safety net: $!error reports first) leaves trailing garbage.
  // True when the value was accepted.
  bool accepted(bool final_state, const hv_uchar* p) noexcept {
    if (!failed && !final_state) fail(error_code::trailing_garbage, p);
    return !failed;
  }

  result error(error_code c, std::uint32_t at) const noexcept {
    result r;
    r.code = c;
    r.offset = at;
    return r;
  }

  // The span [b, e); empty when either end was never marked.
  static std::string_view span(const hv_uchar* b, const hv_uchar* e) noexcept {
    if (b == nullptr || e == nullptr || e < b) return {};
    return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
  }
};

// A set of bytes: alphanumerics plus the given punctuation.
struct alnum_set {
  bool c[256];
  constexpr explicit alnum_set(std::string_view punct) : c{} {
    for (int b = 0; b < 256; ++b) {
      bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
      c[b] = alnum || (b != 0 && punct.find(static_cast<char>(b)) != std::string_view::npos);
    }
  }
};
// uric_plain of header_common.rl: reserved / unreserved / "[" / "]" (RFC 3261 §25.1)
inline constexpr alnum_set uric{";/?:@&=+$,-_.!~*'()[]"};
// word of core.rl (callid = word [ "@" word ], RFC 3261 §25.1)
inline constexpr alnum_set word{"-.!%*_+`'~()<>:\\\"/[]?{}"};

// The first byte in [p, pe) outside `set`: a machine looping on those bytes
// without actions jumps there (fexec) instead of dispatching on each.
inline const hv_uchar* skip_set(const alnum_set& set, const hv_uchar* p, const hv_uchar* pe) noexcept {
  while (p < pe && set.c[*p]) ++p;
  return p;
}

// Strip linear whitespace (SP, HTAB, CR, LF) from both ends.
std::string_view trim_lws(std::string_view s) noexcept;

// The same for uric and word, 16 bytes at a time with SSE2 (the table takes the
// tail). `outside` gives, for a block, the mask of its bytes outside the set.
#if defined(__SSE2__)
template <class Outside>
inline const hv_uchar* skip_blocks(const alnum_set& set, const hv_uchar* p, const hv_uchar* pe,
                                   Outside outside) noexcept {
  while (pe - p >= 16) {
    const std::uint32_t m = outside(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    if (m) return p + __builtin_ctz(m);
    p += 16;
  }
  return skip_set(set, p, pe);
}
// Bytes of v in lo..hi (unsigned range through a signed compare: x - lo - 128 < n - 128).
inline __m128i set_range(__m128i v, unsigned char lo, unsigned char hi) noexcept {
  return _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>(lo + 128))),
                        _mm_set1_epi8(static_cast<char>(hi - lo + 1 - 128)));
}
inline __m128i set_eq(__m128i v, char c) noexcept { return _mm_cmpeq_epi8(v, _mm_set1_epi8(c)); }
// v is c or c with `bit` cleared ('<' '>', '"' '#', '\\' '^' are such pairs)
inline __m128i set_eq_or(__m128i v, char bit, char c) noexcept { return set_eq(_mm_or_si128(v, _mm_set1_epi8(bit)), c); }
inline std::uint32_t set_outside(__m128i in, __m128i out) noexcept {
  return static_cast<std::uint32_t>(_mm_movemask_epi8(out)) | (~static_cast<std::uint32_t>(_mm_movemask_epi8(in)) & 0xFFFFu);
}
#endif

// uric: outside 0x21..0x7A except '~', and '"' '#' '%' '<' '>' '\\' '^' '`'
inline const hv_uchar* skip_uric(const hv_uchar* p, const hv_uchar* pe) noexcept {
#if defined(__SSE2__)
  return skip_blocks(uric, p, pe, [](__m128i v) {
    const __m128i in = _mm_or_si128(set_range(v, 0x21, 0x7A), set_eq(v, '~'));
    const __m128i out = _mm_or_si128(_mm_or_si128(set_eq_or(v, 1, '#'), set_eq(v, '%')),
                                     _mm_or_si128(_mm_or_si128(set_eq_or(v, 2, '>'), set_eq_or(v, 2, '^')), set_eq(v, '`')));
    return set_outside(in, out);
  });
#else
  return skip_set(uric, p, pe);
#endif
}

// word: outside 0x21..0x7E, and '#' '$' '&' ',' ';' '=' '@' '^' '|'
inline const hv_uchar* skip_word(const hv_uchar* p, const hv_uchar* pe) noexcept {
#if defined(__SSE2__)
  return skip_blocks(word, p, pe, [](__m128i v) {
    const __m128i out = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(set_eq(v, '#'), set_eq(v, '$')), _mm_or_si128(set_eq(v, '&'), set_eq(v, ','))),
        _mm_or_si128(_mm_or_si128(_mm_or_si128(set_eq(v, ';'), set_eq(v, '=')), _mm_or_si128(set_eq(v, '@'), set_eq(v, '^'))),
                     set_eq(v, '|')));
    return set_outside(set_range(v, 0x21, 0x7E), out);
  });
#else
  return skip_set(word, p, pe);
#endif
}

// Checks every parse_xxx does first: empty_value for an empty or all-whitespace
// value, input_too_large beyond 32-bit offsets. Returns success otherwise.
// Inline: a value whose first byte is not whitespace is decided by that byte.
inline result precheck_value(std::string_view v) noexcept {
  result r;
  if (v.size() > 0xFFFFFFFFu) {
    r.code = error_code::input_too_large;
    return r;
  }
  if (!v.empty()) {
    const char c = v.front();
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return r;
  }
  if (trim_lws(v).empty()) r.code = error_code::empty_value;
  return r;
}

// Decimal digits to an integer; false when the value exceeds `max`.
bool digits_to_u32(std::string_view digits, std::uint32_t max, std::uint32_t& out) noexcept;

}  // namespace sipspan::detail
