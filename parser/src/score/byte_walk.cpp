// sipspan — anomaly scorer: the byte-class walk of a value. Each value's
// symbols (runs of letters and digits, punctuation, bytes >= 0x80: see
// engine.hpp's for_each_symbol) are compared with what training saw in that
// header: class trigrams, classes, delimiter counts, length, and the shapes
// of numbers (shapes.cpp). Most values are known and decided by value_known in
// one walk, up to 64 bytes a step; the others are walked again by
// value_evidence, and by shape_features when a number's shape is new, which
// report each place.

#include <algorithm>
#include <bitset>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// On x86-64 with glibc, the walk is also compiled for x86-64-v3 (AVX2, BMI:
// three-operand SSE forms, andn, shlx; 32-byte blocks) and the loader picks the
// version the CPU runs; elsewhere it is the one version the build targets.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__) && !defined(__AVX2__)
#define SIPSPAN_WALK_V3 1
#include <immintrin.h>
#endif

#include "collector.hpp"

namespace sipspan::score_detail {

namespace {

// The state value_features keeps while it walks one value, and what the cold
// path (an n-gram the profile has not seen) needs to report it.
struct value_walk {
  const score_profile& p;
  std::size_t slot;
  header_id h;
  std::uint16_t row;
  std::uint32_t base;                  // offset of the value in the message
  std::size_t open = collector::capacity;  // the n-gram reason being extended
  std::uint32_t open_end = 0;
};

// An unseen class trigram (a, b, c) whose third symbol starts at `c_at` (relative
// to the value; c_len 0 for the end of the value), the first ending at `a_end`.
[[gnu::noinline, gnu::cold]] void unseen_trigram(value_walk& w, collector& out, std::uint8_t a, std::uint8_t b,
                                                 std::uint8_t c, std::uint32_t a_end, std::uint32_t c_at,
                                                 std::uint32_t c_len) noexcept {
  const score_profile& p = w.p;
  const score_profile::slot_stats& s = p.slot(w.slot);
  if (c_len && !s.classes[c])
    out.add(score_feature::char_class, w.h, w.row, w.base + c_at, std::min<std::uint32_t>(c_len, 8));
  const float weight = p.weight(score_feature::unseen_ngram);
  if (weight <= 0) return;
  // Back-off: a new trigram made of two known bigrams is weak evidence; a new
  // bigram (a byte class next to one it never followed here) is strong.
  const float scale = p.ngram_seen(ngram_key(w.slot, 0, a, b)) && p.ngram_seen(ngram_key(w.slot, 0, b, c)) ? 0.25f : 1.0f;
  // The evidence: from the last byte of the first symbol to the first of the third.
  std::uint32_t from = w.base + (a_end > 0 ? a_end - 1 : 0);
  std::uint32_t to = w.base + c_at + (c_len ? 1 : 0);
  if (to <= from) to = from + 1;
  if (w.open < collector::capacity && from <= w.open_end && out.items[w.open].feature == score_feature::unseen_ngram) {
    score_reason& r = out.items[w.open];
    r.length = std::max(r.offset + r.length, to) - r.offset;
    r.contribution += weight * scale;
    out.totals[fi(score_feature::unseen_ngram)] += weight * scale;
  } else {
    w.open = out.add(score_feature::unseen_ngram, w.h, w.row, from, to - from, scale);
  }
  w.open_end = to;
}

// Delimiter counter index of a class symbol; delimiter_count (a spare counter) for the others.
constexpr std::array<std::uint8_t, 256> make_delimiter_slot() {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c)
    t[c] = delimiter_index[c] == 0xFF ? static_cast<std::uint8_t>(score_profile::delimiter_count) : delimiter_index[c];
  return t;
}
constexpr std::array<std::uint8_t, 256> delimiter_slot = make_delimiter_slot();

// The end of the run (letters, digits, '.', '-', '_': see for_each_symbol) that
// goes on at `q`; `letters` tells whether the run holds a letter. SSE2 checks 16 bytes a step where the CPU has it.
inline const unsigned char* skip_alnum(const unsigned char* q, const unsigned char* end, const unsigned char* limit,
                                       bool& letters) noexcept {
#if defined(__SSE2__)
  // `limit` (the end of the message) lets the last block of a value read past the
  // value's end; the bits of those bytes are masked off.
  const __m128i flip = _mm_set1_epi8(static_cast<char>(0x80));
  while (q < end && limit - q >= 16) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
    // unsigned range checks through signed compares: (x - lo) ^ 0x80 < (n ^ 0x80)
    const __m128i digit = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(v, _mm_set1_epi8('0')), flip),
                                         _mm_set1_epi8(static_cast<char>(10 ^ 0x80)));
    const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
    const __m128i alpha = _mm_cmplt_epi8(_mm_xor_si128(_mm_sub_epi8(lower, _mm_set1_epi8('a')), flip),
                                         _mm_set1_epi8(static_cast<char>(26 ^ 0x80)));
    const __m128i joins = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
                                       _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
    unsigned alnum = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(digit, alpha), joins)));
    unsigned alpha_bits = static_cast<unsigned>(_mm_movemask_epi8(alpha));
    if (end - q < 16) {
      const unsigned keep = (1u << (end - q)) - 1;
      alnum &= keep;
      alpha_bits &= keep;
    }
    if (alnum != 0xFFFF) {
      const unsigned n = static_cast<unsigned>(__builtin_ctz(~alnum));
      letters = letters || (alpha_bits & ((1u << n) - 1)) != 0;
      return q + n;
    }
    letters = letters || alpha_bits != 0;
    q += 16;
  }
#else
  (void)limit;
#endif
  for (; q < end; ++q) {
    const std::uint8_t k = byte_class[*q];
    if (k != 'a' && k != '0' && !joins_run(*q)) break;
    letters = letters || k == 'a';
  }
  return q;
}

// Byte masks of up to 64 bytes of a value, bit i for byte i: letters, digits,
// the bytes that join a run ('.', '-', '_') and bytes >= 0x80.
struct byte_masks {
  std::uint64_t letters = 0, digits = 0, joins = 0, high = 0;
};

// The scalar path's table: bit 0 letter, 1 digit, 2 join, 3 byte >= 0x80.
constexpr std::array<std::uint8_t, 256> make_mask_bits() {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    const std::uint8_t k = byte_class[c];
    t[c] = static_cast<std::uint8_t>((k == 'a' ? 1 : 0) | (k == '0' ? 2 : 0) |
                                     (joins_run(static_cast<unsigned char>(c)) ? 4 : 0) | (c >= 0x80 ? 8 : 0));
  }
  return t;
}
constexpr std::array<std::uint8_t, 256> mask_bits = make_mask_bits();

inline byte_masks classify_bytes_scalar(const unsigned char* q, unsigned len) noexcept {
  byte_masks m;
  for (unsigned i = 0; i < len; ++i) {
    const std::uint64_t k = mask_bits[q[i]];
    m.letters |= (k & 1) << i;
    m.digits |= ((k >> 1) & 1) << i;
    m.joins |= ((k >> 2) & 1) << i;
    m.high |= ((k >> 3) & 1) << i;
  }
  return m;
}

#if defined(__SSE2__)
// The masks of the 16 bytes at p (bits 0..15), of which only those before
// `limit` are read: the block that ends at `limit`, shifted down.
template <bool near_limit>
[[gnu::always_inline]] inline void classify_block(const unsigned char* p, const unsigned char* limit, unsigned at, byte_masks& m) noexcept {
  unsigned back = 0;
  if (near_limit && limit - p < 16) [[unlikely]] {
    back = static_cast<unsigned>(16 - (limit - p));
    p = limit - 16;
  }
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Unsigned range checks as one signed compare: adding 0x80 - lo moves the
  // range [lo, lo + n) to the bottom of the signed bytes, below -128 + n.
  auto below = [](int n) { return _mm_set1_epi8(static_cast<char>(0x80 + n)); };
  auto shift = [&](__m128i x, int lo) { return _mm_add_epi8(x, _mm_set1_epi8(static_cast<char>(0x80 - lo))); };
  const __m128i digit = _mm_cmpgt_epi8(below(10), shift(v, '0'));
  const __m128i alpha = _mm_cmpgt_epi8(below(26), shift(_mm_or_si128(v, _mm_set1_epi8(0x20)), 'a'));
  // '-' and '.' are adjacent (0x2D, 0x2E)
  const __m128i joins = _mm_or_si128(_mm_cmpgt_epi8(below(2), shift(v, '-')), _mm_cmpeq_epi8(v, _mm_set1_epi8('_')));
  m.letters |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(alpha)) >> back} << at;
  m.digits |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(digit)) >> back} << at;
  m.joins |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(joins)) >> back} << at;
  m.high |= std::uint64_t{static_cast<unsigned>(_mm_movemask_epi8(v)) >> back} << at;
}
#endif

#if defined(SIPSPAN_WALK_V3)
// classify_block32's constants, each broadcast from its byte: with the values in
// sight, GCC builds each vector from an immediate in three instructions, at each call of the walk.
constexpr unsigned char block32_bytes[8] = {0x80 + 10, 0x80 - '0', 0x80 + 26, 0x20, 0x80 - 'a', 0x80 + 2, 0x80 - '-', '_'};

// classify_block's masks of the 32 bytes at p (bits 0..31), all before the
// message's end: inlined only into the x86-64-v3 version of the walk. `k` is block32_bytes.
[[gnu::target("avx2")]] inline void classify_block32(const unsigned char* p, const unsigned char* k, unsigned at,
                                                     byte_masks& m) noexcept {
  // (no lambda for the broadcasts: it would not have this function's target)
  const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  const __m256i digit =
      _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(k[0])), _mm256_add_epi8(v, _mm256_set1_epi8(static_cast<char>(k[1]))));
  const __m256i alpha =
      _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(k[2])),
                        _mm256_add_epi8(_mm256_or_si256(v, _mm256_set1_epi8(static_cast<char>(k[3]))),
                                        _mm256_set1_epi8(static_cast<char>(k[4]))));
  const __m256i joins = _mm256_or_si256(
      _mm256_cmpgt_epi8(_mm256_set1_epi8(static_cast<char>(k[5])), _mm256_add_epi8(v, _mm256_set1_epi8(static_cast<char>(k[6])))),
      _mm256_cmpeq_epi8(v, _mm256_set1_epi8(static_cast<char>(k[7]))));
  m.letters |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(alpha))} << at;
  m.digits |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(digit))} << at;
  m.joins |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(joins))} << at;
  m.high |= std::uint64_t{static_cast<std::uint32_t>(_mm256_movemask_epi8(v))} << at;
}
#endif

// The masks of the `len` (1..64) bytes at q, inside the message [lo, limit):
// SSE2 reads 16 bytes a step (`wide`: AVX2, 32 bytes, away from the message's
// end) and may read past the value (never past the message); the bits at and
// past `len` are left for the caller to clear.
template <bool wide>
[[gnu::always_inline]] inline byte_masks classify_bytes(const unsigned char* q, unsigned len, const unsigned char* lo,
                                 const unsigned char* limit) noexcept {
#if defined(__SSE2__)
  if (limit - lo < 16) [[unlikely]]
    return classify_bytes_scalar(q, len);
  byte_masks m;
#if defined(SIPSPAN_WALK_V3)
  if constexpr (wide) {
    if (limit - q >= 64) [[likely]] {
      const unsigned char* k = block32_bytes;
      asm("" : "+r"(k));  // the values out of sight: vpbroadcastb from memory
      classify_block32(q, k, 0, m);
      if (len > 32) classify_block32(q + 32, k, 32, m);
      return m;
    }
  }
#endif
  if (limit - q >= 64) [[likely]] {
    classify_block<false>(q, limit, 0, m);
    if (len > 16) {
      classify_block<false>(q + 16, limit, 16, m);
      if (len > 32) {
        classify_block<false>(q + 32, limit, 32, m);
        if (len > 48) classify_block<false>(q + 48, limit, 48, m);
      }
    }
    return m;
  }
  for (unsigned at = 0; at < len; at += 16) classify_block<true>(q + at, limit, at, m);
  return m;
#else
  (void)lo;
  (void)limit;
  return classify_bytes_scalar(q, len);
#endif
}

// The common case, decided without reporting anything: true when every symbol
// of the value (those of for_each_symbol), its class and its trigram, the end of
// the value, the delimiter counts and the length are all ones the profile has
// seen. Symbols are found up to 64 bytes at a time: byte masks give where each
// one ends, walked with ctz; each costs two table lookups and a bit test.
template <bool wide>
[[gnu::always_inline]] inline bool value_known_impl(const score_profile& p, const score_profile::slot_stats& s,
                                                    const std::bitset<128>& shapes, std::uint32_t slot_bits,
                                                    std::string_view value, std::string_view raw) noexcept {
  // per delimiter, the other classes in a spare counter, classes the slot never
  // showed in the last one (see slot_stats::symbol_counters); delimiters read
  // modulo 256 (a value with 256 of one delimiter wraps, and is news to
  // value_length anyway). Not byte counters, so that counting does not look
  // like it could change any other object the way a byte store can.
  alignas(16) std::array<std::uint32_t, 16> counts{};
  const auto* const begin = reinterpret_cast<const unsigned char*>(value.data());
  const auto* const end = begin + value.size();
  const auto* const lo = reinterpret_cast<const unsigned char*>(raw.data());
  const auto* const limit = lo + raw.size();
  const std::uint8_t* const counter = s.symbol_counters.data();
  const std::uint64_t* const seen = p.ngram_words();
  std::uint32_t key = slot_bits | std::uint32_t{value_begin} << 16 | std::uint32_t{value_begin} << 8;  // (slot, a, b, -)
  // false when the symbol is news to the profile
  auto symbol = [&](std::size_t c) {
    const std::size_t d = counter[c];
    // key's low byte is zero: adding is or-ing, and lets the compiler use lea
    const std::uint32_t k = key + static_cast<std::uint32_t>(c);
    if (!score_profile::ngram_seen(seen, k)) return false;
    ++counts[d];
    key = slot_bits | (static_cast<std::uint32_t>(static_cast<std::uint16_t>(k)) << 8);
    return true;
  };

  for (const unsigned char* q = begin; q < end;) {
    // A window of up to 64 bytes that starts at a symbol's first byte.
    const std::size_t avail = static_cast<std::size_t>(end - q);
    const unsigned len = avail < 64 ? static_cast<unsigned>(avail) : 64u;
    const std::uint64_t valid = ~std::uint64_t{0} >> (64 - len);
    const byte_masks m = classify_bytes<wide>(q, len, lo, limit);
    const std::uint64_t letters = m.letters & valid, joins = m.joins & valid, high = m.high & valid;
    // Runs: a letter or digit, then letters, digits and joins. A join with no
    // letter or digit before it in its stretch of alnum-or-join bytes is a
    // symbol of its own: a carry from each stretch that starts with a join
    // runs along those leading joins.
    const std::uint64_t run_bytes = letters | (m.digits & valid) | joins;
    const std::uint64_t stretch = run_bytes & ~(run_bytes << 1);
    const std::uint64_t lone_joins = joins & ~(joins + (stretch & joins));
    const std::uint64_t in_run = run_bytes & ~lone_joins;
    const std::uint64_t run_starts = in_run & ~(in_run << 1);
    const std::uint64_t starts = run_starts | (high & ~(high << 1)) | (valid & ~in_run & ~high);
    unsigned stop = len;
    std::uint64_t ends;  // the last byte of each symbol
    if (avail > 64 && ((in_run | high) >> 63)) {
      // the symbol holding the window's last byte may go on: the next window starts with it
      stop = 63u - static_cast<unsigned>(__builtin_clzll(starts));
      if (stop == 0) [[unlikely]] {
        // one run of 64 bytes or more
        const unsigned char* r = q + 64;
        std::size_t c;
        if (high & 1) {
          while (r < end && *r >= 0x80) ++r;
          c = 'u';
        } else {
          bool has_letter = letters != 0;
          r = skip_alnum(r, end, limit, has_letter);
          c = has_letter ? 'a' : '0';
        }
        if (!symbol(c) || (c == '0' && !shapes[number_shape(std::string_view(reinterpret_cast<const char*>(q),
                                                                             static_cast<std::size_t>(r - q)))]))
          return false;
        q = r;
        continue;
      }
      ends = (starts >> 1) & ~(~std::uint64_t{0} << stop);
    } else {
      ends = (starts >> 1) | (std::uint64_t{1} << (len - 1));
    }
    // A run is 'a' when it holds a letter, '0' when not. A carry from each
    // run's first byte along the digits and joins before its first letter
    // leaves, of the run's bytes, those from the first letter on. The class of
    // a run's last byte is already right when it is a letter, or a digit in a
    // run without letters; the other run ends are fixed up.
    const std::uint64_t no_letter = in_run & ~letters;
    const std::uint64_t lettered = in_run & ~(no_letter & ~(no_letter + (run_starts & no_letter)));
    const std::uint64_t run_ends = ends & in_run;
    const std::uint64_t fix = run_ends & ((lettered & ~letters) | joins);
    // Most windows need no fix-up (runs end in a letter, or are all digits):
    // their symbols are walked without testing for one.
    // Symbols tile the window from its first byte: each starts where the one before ended.
    unsigned from = 0;
    if (fix == 0) [[likely]] {
      for (; ends; ends &= ends - 1) {
        const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
        const std::size_t c = byte_class[q[e]];
        if (!symbol(c) || (c == '0' && !shapes[number_shape_in(q, m.digits, from, e)])) return false;
        from = e + 1;
      }
    } else {
      for (; ends; ends &= ends - 1) {
        const unsigned e = static_cast<unsigned>(__builtin_ctzll(ends));
        std::size_t c = byte_class[q[e]];
        if ((fix >> e) & 1) c = (lettered >> e) & 1 ? 'a' : '0';
        if (!symbol(c) || (c == '0' && !shapes[number_shape_in(q, m.digits, from, e)])) return false;
        from = e + 1;
      }
    }
    q += stop;
  }
  if (!score_profile::ngram_seen(seen, key | value_end) || counts[score_profile::slot_stats::unseen_class] != 0)
    return false;
  // no more of a delimiter than training showed
#if defined(__SSE2__)
  const __m128i low_byte = _mm_set1_epi32(0xFF);
  auto low_bytes = [&](std::size_t i) {
    return _mm_and_si128(_mm_load_si128(reinterpret_cast<const __m128i*>(counts.data() + i)), low_byte);
  };
  const __m128i count_bytes = _mm_packus_epi16(_mm_packs_epi32(low_bytes(0), low_bytes(4)), _mm_packs_epi32(low_bytes(8), low_bytes(12)));
  if (_mm_movemask_epi8(_mm_cmpeq_epi8(
          _mm_subs_epu8(count_bytes, _mm_load_si128(reinterpret_cast<const __m128i*>(s.delimiter_limits.data()))),
          _mm_setzero_si128())) != 0xFFFF)
    return false;
#else
  for (std::size_t d = 0; d < counts.size(); ++d)
    if ((counts[d] & 0xFF) > s.delimiter_limits[d]) return false;
#endif
  const std::size_t n = value.size();
  return !(n > 2 * static_cast<std::size_t>(s.max_length) + 16 || 2 * n + 2 < s.min_length);
}

// The walk's versions (SIPSPAN_WALK_V3: the default one and the x86-64-v3 one, which
// the loader picks where the CPU has it).
#if defined(SIPSPAN_WALK_V3)
[[gnu::target("default")]] bool value_known(const score_profile& p, const score_profile::slot_stats& s,
                                             const std::bitset<128>& shapes, std::uint32_t slot_bits,
                                             std::string_view value, std::string_view raw) noexcept {
  return value_known_impl<false>(p, s, shapes, slot_bits, value, raw);
}
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] bool value_known(const score_profile& p, const score_profile::slot_stats& s,
                                                                  const std::bitset<128>& shapes, std::uint32_t slot_bits,
                                                                  std::string_view value, std::string_view raw) noexcept {
  return value_known_impl<true>(p, s, shapes, slot_bits, value, raw);
}
#else
inline bool value_known(const score_profile& p, const score_profile::slot_stats& s, const std::bitset<128>& shapes,
                        std::uint32_t slot_bits, std::string_view value, std::string_view raw) noexcept {
  return value_known_impl<false>(p, s, shapes, slot_bits, value, raw);
}
#endif

// A value that shows something new, walked again with the same symbols as
// for_each_symbol (which training uses), each piece of evidence reported where
// it lies. True when a number in it has a shape `shapes` lacks: shape_features
// has something to report.
[[gnu::noinline]] bool value_evidence(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row,
                                      std::string_view raw, std::string_view value, const std::bitset<128>& shapes,
                                      collector& out) noexcept {
  const auto* const limit = reinterpret_cast<const unsigned char*>(raw.data() + raw.size());
  const std::uint32_t slot_bits = static_cast<std::uint32_t>(slot) << 24;
  const score_profile::slot_stats& s = p.slot(slot);
  bool new_shape = false;
  alignas(16) std::array<std::uint8_t, 16> counts{};  // per delimiter; [delimiter_count] counts the rest
  const auto* const begin = reinterpret_cast<const unsigned char*>(value.data());
  const auto* const end = begin + value.size();
  std::uint32_t ab = std::uint32_t{value_begin} << 8 | value_begin;  // the last two symbols
  const unsigned char* b_start = begin;  // where the last symbol starts (the one before ends there)
  value_walk w{p, slot, h, row, offset_in(raw, value)};
  // Evidence past the first misses of one value adds nothing (contributions are
  // capped) and would cost a collector update per byte on a hostile value.
  constexpr unsigned max_misses = 32;
  unsigned misses = 0;
  auto miss = [&](std::uint8_t c, const unsigned char* c_start, const unsigned char* c_end) {
    if (++misses > max_misses) return;
    unseen_trigram(w, out, static_cast<std::uint8_t>(ab >> 8), static_cast<std::uint8_t>(ab), c,
                   static_cast<std::uint32_t>(b_start - begin), static_cast<std::uint32_t>(c_start - begin),
                   static_cast<std::uint32_t>(c_end - c_start));
  };
  for (const unsigned char* q = begin; q < end;) {
    const unsigned char* start = q;
    std::uint8_t c = byte_class[*q++];
    if (c == 'a' || c == '0') {
      bool letters = c == 'a';
      q = skip_alnum(q, end, limit, letters);
      c = letters ? 'a' : '0';
      if (!letters && !shapes[number_shape(std::string_view(reinterpret_cast<const char*>(start),
                                                              static_cast<std::size_t>(q - start)))])
        new_shape = true;
    } else if (c == 'u') {
      while (q < end && byte_class[*q] == 'u') ++q;
    }
    ++counts[delimiter_slot[c]];
    // a class the header never showed is checked exactly (the n-gram bitset is hashed)
    if (!p.ngram_seen(slot_bits | ab << 8 | c) || !s.classes[c]) [[unlikely]]
      miss(c, start, q);
    ab = (ab << 8 | c) & 0xFFFF;
    b_start = start;
  }
  if (!p.ngram_seen(slot_bits | ab << 8 | value_end)) [[unlikely]]
    miss(value_end, end, end);
  // more of a delimiter than training showed (byte counters: a value with 256 of
  // one delimiter wraps, and is news to value_length anyway)
  unsigned over = 0;
#if defined(__SSE2__)
  over = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(
             _mm_subs_epu8(_mm_load_si128(reinterpret_cast<const __m128i*>(counts.data())),
                           _mm_load_si128(reinterpret_cast<const __m128i*>(s.delimiter_limits.data()))),
             _mm_setzero_si128()))) ^ 0xFFFFu;
#else
  for (std::size_t d = 0; d < counts.size(); ++d) over |= (counts[d] > s.delimiter_limits[d] ? 1u : 0u) << d;
#endif
  over &= (1u << score_profile::delimiter_count) - 1;
  for (; over; over &= over - 1) [[unlikely]] {
    const auto d = static_cast<std::size_t>(__builtin_ctz(over));
    {
      // the evidence: the last of them (found again only here, off the common path)
      std::size_t at = value.rfind(score_profile::delimiters[d]);
      out.add(score_feature::delimiter_count, h, row, w.base + static_cast<std::uint32_t>(at == std::string_view::npos ? 0 : at),
              1, std::min(2.0f, static_cast<float>(counts[d] - s.max_delimiters[d])));
    }
  }
  const std::size_t n = value.size();
  if (n > 2 * static_cast<std::size_t>(s.max_length) + 16 || 2 * n + 2 < s.min_length) [[unlikely]] {
    out.add(score_feature::value_length, h, row, w.base, static_cast<std::uint32_t>(std::max<std::size_t>(n, 1)));
  }
  return new_shape;
}

// Every shape: what value_known compares numbers with when shape_features
// would report none (the profile learned no shapes, the slot none, or the
// feature weighs nothing).
const std::bitset<128> any_shape = std::bitset<128>().set();

}  // namespace

// Compares one value (or the start line) with its slot's statistics: most
// values show nothing new and are decided by value_known in one walk (classes,
// trigrams, delimiters, length and the shapes of numbers), the others by
// value_evidence and shape_features, which report each place.
void value_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::string_view raw,
                    std::string_view value, std::uint32_t shape_base, collector& out) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  const bool shapes_count = p.shapes_learned() && s.messages != 0 && p.weight(score_feature::value_shape) > 0;
  const std::bitset<128>& shapes = shapes_count ? s.shapes : any_shape;
  // The value's forms (escapes, case, spacing: shapes.cpp) are walked whenever
  // the slot has a rare one to find, known value or not.
  const bool rare_forms = p.forms_learned() && s.rare_forms != 0;
  if (value_known(p, s, shapes, static_cast<std::uint32_t>(slot) << 24, value, raw)) [[likely]] {
    if (rare_forms) shape_features(p, slot, h, row, shape_base, value, out);
    return;
  }
  if (value_evidence(p, slot, h, row, raw, value, shapes, out) || rare_forms)
    shape_features(p, slot, h, row, shape_base, value, out);
}

}  // namespace sipspan::score_detail
