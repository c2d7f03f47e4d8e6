// sipspan — skipping runs of ordinary bytes (docs/design.md decision 2).
//
// Inside a header value the message machine only cares about a few bytes: line
// ends, control bytes, and in structured values quotes, angle brackets and commas.
// These functions return the first such byte in [p, pe) (or pe), 16 bytes at a
// time with SSE2 (part of every x86-64 CPU), 32 with AVX2 when the build targets
// it, and a portable loop elsewhere. The machine then `fexec`s to that byte; the
// skipped bytes are exactly those on which it would have looped in place.
#pragma once

#include <cstdint>
#include <cstring>

#if defined(__AVX2__)
#include <immintrin.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#define SIPSPAN_ALWAYS_INLINE inline __attribute__((always_inline))

namespace sipspan::detail {

using uchar = unsigned char;

// Byte classes, one bit each, for the portable path and the tails.
enum : std::uint8_t { k_eol_ctl = 1, k_struct = 2, k_quoted = 4, k_token = 8, k_uri = 16, k_params = 32 };

struct byte_classes {
  std::uint8_t c[256];
  constexpr byte_classes() : c{} {
    for (int b = 0; b < 256; ++b) {
      bool ctl = (b < 0x20 && b != '\t') || b == 0x7f;
      std::uint8_t v = 0;
      if (ctl) v |= k_eol_ctl | k_struct | k_quoted | k_params;
      if (b == '\t') v |= k_struct | k_quoted | k_params;  // taken by the machine as whitespace
      if (b == '"' || b == '<' || b == '>' || b == ',') v |= k_struct;
      if (b == '"') v |= k_params;
      if (b == '"' || b == '\\') v |= k_quoted;
      // token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")
      bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
      if (alnum || b == '-' || b == '.' || b == '!' || b == '%' || b == '*' || b == '_' || b == '+' ||
          b == '`' || b == '\'' || b == '~')
        v |= k_token;
      // bytes of a Request-URI as the start line delimits it: not WSP, CR, LF or CTL
      if (b > 0x20 && b != 0x7f) v |= k_uri;
      c[b] = v;
    }
  }
};
inline constexpr byte_classes classes{};

#if defined(__AVX2__)
using vec = __m256i;
inline constexpr int vec_width = 32;
inline vec load(const uchar* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
inline vec splat(char c) { return _mm256_set1_epi8(c); }
inline vec eq(vec a, vec b) { return _mm256_cmpeq_epi8(a, b); }
inline vec either(vec a, vec b) { return _mm256_or_si256(a, b); }
inline std::uint32_t bits(vec v) { return static_cast<std::uint32_t>(_mm256_movemask_epi8(v)); }
// bytes < 0x20 other than HTAB, and 0x7F
inline vec min_1f(vec v) { return _mm256_min_epu8(v, splat(0x1f)); }
inline vec control(vec v) {
  vec low = eq(_mm256_min_epu8(v, splat(0x1f)), v);
  return either(_mm256_andnot_si256(eq(v, splat('\t')), low), eq(v, splat(0x7f)));
}
#elif defined(__SSE2__)
using vec = __m128i;
inline constexpr int vec_width = 16;
inline vec load(const uchar* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
inline vec splat(char c) { return _mm_set1_epi8(c); }
inline vec eq(vec a, vec b) { return _mm_cmpeq_epi8(a, b); }
inline vec either(vec a, vec b) { return _mm_or_si128(a, b); }
inline std::uint32_t bits(vec v) { return static_cast<std::uint32_t>(_mm_movemask_epi8(v)); }
inline vec min_1f(vec v) { return _mm_min_epu8(v, splat(0x1f)); }
inline vec control(vec v) {
  vec low = eq(_mm_min_epu8(v, splat(0x1f)), v);
  return either(_mm_andnot_si128(eq(v, splat('\t')), low), eq(v, splat(0x7f)));
}
#endif

template <std::uint8_t Class>
SIPSPAN_ALWAYS_INLINE const uchar* skip_tail(const uchar* p, const uchar* pe) noexcept {
  while (p < pe && !(classes.c[*p] & Class)) ++p;
  return p;
}

// First byte that is not of class `Class` (token characters, URI characters).
template <std::uint8_t Class>
SIPSPAN_ALWAYS_INLINE const uchar* skip_while(const uchar* p, const uchar* pe) noexcept {
  while (p < pe && (classes.c[*p] & Class)) ++p;
  return p;
}
// Header names are mostly letters, digits and '-': 16 bytes at a time find the
// first byte outside those, then the table decides (the other token characters
// are rare in names).
SIPSPAN_ALWAYS_INLINE const uchar* skip_token(const uchar* p, const uchar* pe) noexcept {
#if defined(__SSE2__)
  while (pe - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i l = _mm_or_si128(v, _mm_set1_epi8(0x20));
    // unsigned range tests through a signed compare: x - lo - 128 < n - 128
    __m128i letter = _mm_cmplt_epi8(_mm_sub_epi8(l, _mm_set1_epi8(static_cast<char>('a' + 128))),
                                    _mm_set1_epi8(static_cast<char>(-128 + 26)));
    __m128i digit = _mm_cmplt_epi8(_mm_sub_epi8(v, _mm_set1_epi8(static_cast<char>('0' + 128))),
                                   _mm_set1_epi8(static_cast<char>(-128 + 10)));
    __m128i dash = _mm_cmpeq_epi8(v, _mm_set1_epi8('-'));
    std::uint32_t ok = static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(letter, digit), dash)));
    if (ok != 0xFFFF) {
      p += __builtin_ctz(~ok);
      break;
    }
    p += 16;
  }
#endif
  return skip_while<k_token>(p, pe);
}

// The Request-URI as the start line delimits it: up to SP, HTAB, CR, LF or a control byte.
SIPSPAN_ALWAYS_INLINE const uchar* skip_uri(const uchar* p, const uchar* pe) noexcept {
#if defined(__SSE2__)
  while (pe - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    __m128i stop = _mm_or_si128(_mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x20)), v),
                                _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7f)));
    std::uint32_t m = static_cast<std::uint32_t>(_mm_movemask_epi8(stop));
    if (m) return p + __builtin_ctz(m);
    p += 16;
  }
#endif
  return skip_while<k_uri>(p, pe);
}

// First CR, LF or control byte (HTAB excepted).
SIPSPAN_ALWAYS_INLINE const uchar* skip_text(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    std::uint32_t m = bits(control(load(p)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_eol_ctl>(p, pe);
}

// Control bytes (HTAB included: the machine takes it as whitespace and
// resumes), DEL, and the structural bytes of the value kind.
#if defined(__AVX2__) || defined(__SSE2__)
SIPSPAN_ALWAYS_INLINE vec control_or_tab(vec v) {
  return either(eq(min_1f(v), v), eq(v, splat(0x7f)));
}
#endif

// ... or '"', '<', '>', ','  (single-valued and list headers).
SIPSPAN_ALWAYS_INLINE const uchar* skip_structured(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    vec v = load(p);
    // '<' (0x3C) and '>' (0x3E) differ in one bit: (v | 2) == 0x3E matches both
    vec s = either(either(eq(v, splat('"')), eq(v, splat(','))), eq(either(v, splat(0x02)), splat('>')));
    std::uint32_t m = bits(either(s, control_or_tab(v)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_struct>(p, pe);
}

// ... or '"'  (digest parameters: commas and <> carry no list structure there).
SIPSPAN_ALWAYS_INLINE const uchar* skip_params(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    vec v = load(p);
    std::uint32_t m = bits(either(eq(v, splat('"')), control_or_tab(v)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_params>(p, pe);
}

// First byte equal to `a` or `b` (parameter lists: the separator and '"').
SIPSPAN_ALWAYS_INLINE const uchar* find_either(const uchar* p, const uchar* pe, char a, char b) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  const vec va = splat(a), vb = splat(b);
  while (pe - p >= vec_width) {
    vec v = load(p);
    std::uint32_t m = bits(either(eq(v, va), eq(v, vb)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  while (p < pe && *p != static_cast<uchar>(a) && *p != static_cast<uchar>(b)) ++p;
  return p;
}

// Inside a quoted-string: line ends, control bytes, '"' and '\'.
SIPSPAN_ALWAYS_INLINE const uchar* skip_quoted(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    vec v = load(p);
    std::uint32_t m = bits(either(either(eq(v, splat('"')), eq(v, splat('\\'))), control_or_tab(v)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_quoted>(p, pe);
}

}  // namespace sipspan::detail
