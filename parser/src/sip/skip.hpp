// sipspan — skipping runs of ordinary bytes (DESIGN.md decision 2).
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

namespace sipspan::detail {

using uchar = unsigned char;

// Byte classes, one bit each, for the portable path and the tails.
enum : std::uint8_t { k_eol_ctl = 1, k_struct = 2, k_quoted = 4 };

struct byte_classes {
  std::uint8_t c[256];
  constexpr byte_classes() : c{} {
    for (int b = 0; b < 256; ++b) {
      bool ctl = (b < 0x20 && b != '\t') || b == 0x7f;
      std::uint8_t v = 0;
      if (ctl) v |= k_eol_ctl | k_struct | k_quoted;
      if (b == '"' || b == '<' || b == '>' || b == ',') v |= k_struct;
      if (b == '"' || b == '\\') v |= k_quoted;
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
inline vec control(vec v) {
  vec low = eq(_mm_min_epu8(v, splat(0x1f)), v);
  return either(_mm_andnot_si128(eq(v, splat('\t')), low), eq(v, splat(0x7f)));
}
#endif

template <std::uint8_t Class>
inline const uchar* skip_tail(const uchar* p, const uchar* pe) noexcept {
  while (p < pe && !(classes.c[*p] & Class)) ++p;
  return p;
}

// First CR, LF or control byte (HTAB excepted).
inline const uchar* skip_text(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    std::uint32_t m = bits(control(load(p)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_eol_ctl>(p, pe);
}

// ... or '"', '<', '>', ','.
inline const uchar* skip_structured(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    vec v = load(p);
    vec s = either(either(eq(v, splat('"')), eq(v, splat(','))), either(eq(v, splat('<')), eq(v, splat('>'))));
    std::uint32_t m = bits(either(s, control(v)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_struct>(p, pe);
}

// Inside a quoted-string: line ends, control bytes, '"' and '\'.
inline const uchar* skip_quoted(const uchar* p, const uchar* pe) noexcept {
#if defined(__AVX2__) || defined(__SSE2__)
  while (pe - p >= vec_width) {
    vec v = load(p);
    std::uint32_t m = bits(either(either(eq(v, splat('"')), eq(v, splat('\\'))), control(v)));
    if (m) return p + __builtin_ctz(m);
    p += vec_width;
  }
#endif
  return skip_tail<k_quoted>(p, pe);
}

}  // namespace sipspan::detail
