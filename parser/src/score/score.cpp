// sipspan — anomaly scorer: feature extraction, scoring and training.
//
// Hard evidence comes from the validator: every finding of lint() (strict
// profile) weighs what its rule's rarity in training says, so that one place
// decides what a malformed Via or a missing header is. Beside it, unknown names
// that imitate known ones. A walk over the header table compares each header's
// name and value with the profile. Scoring writes into fixed-size arrays on the
// stack (the validator's findings too): no allocation.

#include <algorithm>
#include <cmath>
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

#include "engine.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/lint.hpp"

namespace sipspan {

using namespace score_detail;

namespace {

constexpr std::size_t fi(score_feature f) noexcept { return static_cast<std::size_t>(f); }

// ------------------------------------------------------------ evidence sink ---

// Collects candidate reasons and per-feature totals. Reasons beyond the
// capacity still count towards the totals; the smallest reason is replaced.
struct collector {
  static constexpr std::size_t capacity = 48;
  // totals and firings per feature, then per validator rule
  static constexpr std::size_t key_count = score_feature_count + rule_count;
  static constexpr std::size_t rule_key(rule_id r) noexcept { return score_feature_count + static_cast<std::size_t>(r); }
  static constexpr std::size_t key_of(const score_reason& r) noexcept {
    return r.feature == score_feature::rule ? rule_key(r.rule) : fi(r.feature);
  }
  std::array<score_reason, capacity> items;
  std::size_t count = 0;
  std::array<float, key_count> totals{};
  std::array<bool, key_count> fired{};
  const score_profile* profile = nullptr;  // null while training: only `fired` matters

  // Adds `scale` x the feature's weight; returns the reason's index or capacity.
  std::size_t add(score_feature f, header_id h, std::uint16_t row, std::uint32_t offset, std::uint32_t length,
                  float scale = 1.0f) noexcept {
    fired[fi(f)] = true;
    if (!profile) return capacity;
    return put(fi(f), {f, rule_id::unparseable, h, row, offset, length, profile->weight(f) * scale});
  }
  // Adds the rule's learned weight.
  std::size_t add_rule(rule_id r, header_id h, std::uint16_t row, std::uint32_t offset, std::uint32_t length) noexcept {
    fired[rule_key(r)] = true;
    if (!profile) return capacity;
    return put(rule_key(r), {score_feature::rule, r, h, row, offset, length, profile->rule_weight(r)});
  }
  std::size_t put(std::size_t key, const score_reason& r) noexcept {
    const float c = r.contribution;
    if (c <= 0) return capacity;
    totals[key] += c;
    if (count < capacity) {
      items[count] = r;
      return count++;
    }
    std::size_t low = 0;
    for (std::size_t i = 1; i < capacity; ++i)
      if (items[i].contribution < items[low].contribution) low = i;
    if (items[low].contribution >= c) return capacity;
    items[low] = r;
    return low;
  }
};

std::uint32_t offset_in(std::string_view whole, std::string_view part) noexcept {
  return static_cast<std::uint32_t>(part.data() - whole.data());
}

// ------------------------------------------------------------ name near-miss ---

// Lower-cased name with non-token bytes as '?': "Vi\xd0\xb0" -> "vi?", "Conta ct" -> "contact"
// (whitespace dropped). Returns the length, 0 when too long.
std::size_t normalise_name(std::string_view name, std::array<char, 64>& out) noexcept {
  std::size_t n = 0;
  bool in_high = false;
  for (char ch : name) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ' || c == '\t') continue;
    char v;
    if (c >= 'A' && c <= 'Z') v = static_cast<char>(c + 32);
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.') v = static_cast<char>(c);
    else if (c >= 0x80 && in_high) continue;  // one '?' for a multi-byte character
    else v = '?';
    in_high = c >= 0x80;
    if (n == out.size()) return 0;
    out[n++] = v;
  }
  return n;
}

// Levenshtein distance, stopping early above `limit`.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit) noexcept {
  if (a.size() > 64 || b.size() > 64) return limit + 1;
  std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  // Only cells within `limit` of the diagonal: a path through any other costs
  // more than the limit. Cells just outside the band read as limit + 1.
  const unsigned out = limit + 1;
  const std::size_t n = a.size(), m = b.size();
  std::array<unsigned, 66> rows[2];
  unsigned* prev = rows[0].data();
  unsigned* cur = rows[1].data();
  const std::size_t hi0 = std::min<std::size_t>(m, limit);
  for (std::size_t j = 0; j <= hi0; ++j) prev[j] = static_cast<unsigned>(j);
  prev[hi0 + 1] = out;
  for (std::size_t i = 1; i <= n; ++i) {
    const std::size_t lo = i > limit ? i - limit : 0, hi = std::min<std::size_t>(m, i + limit);
    unsigned row_min = out;
    std::size_t j = lo;
    if (lo == 0) {
      cur[0] = static_cast<unsigned>(i);
      row_min = cur[0];
      j = 1;
    } else {
      cur[lo - 1] = out;
    }
    for (; j <= hi; ++j) {
      unsigned sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0u : 1u);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub, out});
      row_min = std::min(row_min, cur[j]);
    }
    cur[hi + 1] = out;
    if (row_min > limit) return out;
    std::swap(prev, cur);  // the row just made is the previous one of the next
  }
  return prev[m];
}

// Every known header's canonical name in lower case, made once.
struct lowered_names {
  std::array<std::array<char, 64>, header_id_count> text{};
  std::array<std::uint8_t, header_id_count> size{};
  std::string_view of(std::size_t id) const noexcept { return {text[id].data(), size[id]}; }
};
const lowered_names& lowered_canonical_names() noexcept {
  static const lowered_names names = [] {
    lowered_names t;
    for (std::size_t id = 0; id < header_id_count; ++id) {
      const std::string_view c = canonical_name(static_cast<header_id>(id));
      if (c.size() > t.text[id].size()) continue;  // left empty: not compared
      for (std::size_t i = 0; i < c.size(); ++i)
        t.text[id][i] = (c[i] >= 'A' && c[i] <= 'Z') ? static_cast<char>(c[i] + 32) : c[i];
      t.size[id] = static_cast<std::uint8_t>(c.size());
    }
    return t;
  }();
  return names;
}

// The known header an unknown name imitates ("Conta ct", "Vi\xd0\xb0", "To\x01",
// "Contcat"), or header_id::other.
header_id resembled_header(std::string_view name) noexcept {
  std::array<char, 64> buf;
  std::size_t n = normalise_name(name, buf);
  if (n < 2) return header_id::other;
  std::string_view norm(buf.data(), n);
  // Junk bytes around a known name ("To\x01", "l\x02", "From\xc2\xa0"): the name without them.
  std::array<char, 64> bare_buf;
  std::size_t bare_n = 0;
  for (char c : norm)
    if (c != '?') bare_buf[bare_n++] = c;
  std::string_view bare(bare_buf.data(), bare_n);
  if (bare_n != n && bare_n > 0) {
    if (bare_n == 1) {
      for (std::size_t id = 0; id + 1 < header_id_count; ++id)
        if (info(static_cast<header_id>(id)).compact == bare[0] ||
            info(static_cast<header_id>(id)).compact == bare[0] - 32)
          return static_cast<header_id>(id);
    } else {
      header_id h = classify_header(bare);
      if (h != header_id::other) return h;
    }
  }
  unsigned limit = n >= 9 ? 2 : n >= 3 ? 1 : 0;
  header_id best = header_id::other;
  unsigned best_d = limit + 1;
  const lowered_names& names = lowered_canonical_names();
  for (std::size_t id = 0; id + 1 < header_id_count; ++id) {
    const std::string_view lc = names.of(id);
    if (lc.empty()) continue;
    // lengths further apart than the limit are further apart in edit distance too
    if ((lc.size() > n ? lc.size() - n : n - lc.size()) > limit) continue;
    unsigned d = lc == norm ? 0 : edit_distance(norm, lc, limit);
    if (d < best_d) {
      best_d = d;
      best = static_cast<header_id>(id);
      if (d == 0) break;
    }
  }
  return best;
}

// ------------------------------------------------------------ the validator ---

// The header a reason about row `row` names: its id, or for an unknown name the
// known header it imitates.
struct row_names {
  static constexpr std::size_t capacity = 128;
  std::array<header_id, capacity> ids;
  bool imitations = false;  // an unknown name (among the first `capacity`) imitates a known one
};

header_id row_header(const message_view& m, const row_names& names, std::uint16_t row) noexcept {
  if (row == no_header || row >= m.header_count()) return header_id::other;
  return row < row_names::capacity ? names.ids[row] : m.records()[row].id;
}

// Hard evidence: every finding of the validator (strict profile), into the
// caller's buffer, and the unknown names that imitate known ones.
void validator_evidence(const message_view& m, const row_names& names, std::span<finding> buf,
                        collector& out) noexcept {
  const auto rows = m.records();
  bool imitated[header_id_count] = {};
  for (std::size_t i = 0; names.imitations && i < rows.size() && i < row_names::capacity; ++i)
    if (rows[i].id == header_id::other && names.ids[i] != header_id::other) {
      imitated[static_cast<std::size_t>(names.ids[i])] = true;
      // Twice the weight when the imitated header is also absent: a parser that
      // folds the name finds a header the others do not.
      float scale = m.has(names.ids[i]) ? 1.0f : 2.0f;
      out.add(score_feature::header_name_near_miss, names.ids[i], static_cast<std::uint16_t>(i), rows[i].name_offset,
              rows[i].name_length, scale);
    }
  const lint_options strict{};
  const lint_summary s = lint(m, buf, strict);
  for (std::size_t i = 0; i < s.stored; ++i) {
    const finding& f = buf[i];
    // the absence of a header a near-miss name stands for is that name's evidence
    if ((f.rule == rule_id::missing_mandatory_header || f.rule == rule_id::missing_since_rfc3261) &&
        imitated[static_cast<std::size_t>(f.header)])
      continue;
    // a finding on a row with an unknown name names the header the name imitates
    header_id h = f.header == header_id::other ? row_header(m, names, f.header_index) : f.header;
    std::uint16_t row = f.header_index;
    // a body at odds with Content-Length is that header's evidence
    header_view cl;
    if ((f.rule == rule_id::body_shorter_than_content_length || f.rule == rule_id::bytes_after_body) &&
        h == header_id::other && m.find(header_id::content_length, cl)) {
      h = header_id::content_length;
      row = cl.index;
    }
    out.add_rule(f.rule, h, row, f.offset, std::max<std::uint32_t>(f.length, 1));
  }
}

// ------------------------------------------------------------ profile features ---

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
                                                    std::uint32_t slot_bits, std::string_view value,
                                                    std::string_view raw) noexcept {
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
        if (!symbol(c)) return false;
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
    if (fix == 0) [[likely]] {
      for (; ends; ends &= ends - 1)
        if (!symbol(byte_class[q[__builtin_ctzll(ends)]])) return false;
    } else {
      for (; ends; ends &= ends - 1) {
        const std::size_t e = static_cast<unsigned>(__builtin_ctzll(ends));
        std::size_t c = byte_class[q[e]];
        if ((fix >> e) & 1) c = (lettered >> e) & 1 ? 'a' : '0';
        if (!symbol(c)) return false;
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
                                             std::uint32_t slot_bits, std::string_view value, std::string_view raw) noexcept {
  return value_known_impl<false>(p, s, slot_bits, value, raw);
}
[[gnu::target("arch=x86-64-v3"), gnu::flatten]] bool value_known(const score_profile& p, const score_profile::slot_stats& s,
                                                                  std::uint32_t slot_bits, std::string_view value,
                                                                  std::string_view raw) noexcept {
  return value_known_impl<true>(p, s, slot_bits, value, raw);
}
#else
inline bool value_known(const score_profile& p, const score_profile::slot_stats& s, std::uint32_t slot_bits,
                        std::string_view value, std::string_view raw) noexcept {
  return value_known_impl<false>(p, s, slot_bits, value, raw);
}
#endif

// A value that shows something new, walked again with the same symbols as
// for_each_symbol (which training uses), each piece of evidence reported where
// it lies. True when the value shows anything the profile has not seen.
[[gnu::noinline]] bool value_evidence(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row,
                                      std::string_view raw, std::string_view value, collector& out) noexcept {
  const auto* const limit = reinterpret_cast<const unsigned char*>(raw.data() + raw.size());
  const std::uint32_t slot_bits = static_cast<std::uint32_t>(slot) << 24;
  const score_profile::slot_stats& s = p.slot(slot);
  bool novel = false;
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
    novel = true;
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
      novel = true;
      // the evidence: the last of them (found again only here, off the common path)
      std::size_t at = value.rfind(score_profile::delimiters[d]);
      out.add(score_feature::delimiter_count, h, row, w.base + static_cast<std::uint32_t>(at == std::string_view::npos ? 0 : at),
              1, std::min(2.0f, static_cast<float>(counts[d] - s.max_delimiters[d])));
    }
  }
  const std::size_t n = value.size();
  if (n > 2 * static_cast<std::size_t>(s.max_length) + 16 || 2 * n + 2 < s.min_length) [[unlikely]] {
    novel = true;
    out.add(score_feature::value_length, h, row, w.base, static_cast<std::uint32_t>(std::max<std::size_t>(n, 1)));
  }
  return novel;
}

// Compares one value (or the start line) with its slot's statistics: most
// values show nothing new and are decided by value_known, the others by
// value_evidence. True when the value shows anything the profile has not seen.
inline bool value_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::string_view raw,
                           std::string_view value, collector& out) noexcept {
  if (value_known(p, p.slot(slot), static_cast<std::uint32_t>(slot) << 24, value, raw)) [[likely]]
    return false;
  return value_evidence(p, slot, h, row, raw, value, out);
}

// Header names are case-insensitive (RFC 3261 §7.3.5), and user agents write
// them in one style: canonical (Call-ID), all lower, all upper, Each-Word or
// First-only, compact. A name in no regular style (cALL-iD, vIA) among names
// that all keep one is what an exact-match evasion looks like; a message whose
// names are mostly irregular is one agent's odd style, and says nothing.
// Known headers only: unknown names have no canonical form to compare with.
//
// case_tally counts the names as they come; name_case_mix reads each name's
// style itself, score() passes what the row loop found (see regular_spelling).
struct case_tally {
  static constexpr std::size_t keep = 4;
  std::array<std::uint16_t, keep> odd{};
  std::size_t odd_count = 0, regular = 0;
  void add(const header_record& rec, std::size_t row, bool is_regular) noexcept {
    if (rec.id == header_id::other || rec.name_length < 2) return;
    if (is_regular) ++regular;
    else if (odd_count++ < keep) odd[odd_count - 1] = static_cast<std::uint16_t>(row);
  }
  void report(const message_view& m, collector& out) const noexcept {
    if (odd_count == 0 || odd_count > keep || regular < 3 * odd_count) return;
    const auto rows = m.records();
    for (std::size_t k = 0; k < odd_count; ++k) {
      const header_record& rec = rows[odd[k]];
      out.add(score_feature::name_case_mix, rec.id, odd[k], rec.name_offset, rec.name_length);
    }
  }
};

void name_case_mix(const message_view& m, collector& out) noexcept {
  const std::string_view raw = m.raw();
  const auto rows = m.records();
  case_tally t;
  for (std::size_t i = 0; i < rows.size(); ++i)
    t.add(rows[i], i, rows[i].id != header_id::other &&
                         regular_spelling(rows[i].id, raw.substr(rows[i].name_offset, rows[i].name_length)));
  t.report(m, out);
}

// The spelling of the slot's name the profile saw that this name is, or null:
// two words under the spelling's mask and the length per spelling (see
// pack_name), the text only past 16 bytes.
inline const score_profile::slot_stats::packed_spelling* spelling_known(const score_profile::slot_stats& s,
                                                                        std::string_view name,
                                                                        std::string_view raw) noexcept {
  const std::size_t n = name.size();
  // Past a few spellings (or 16 bytes) the hash of the name, binary-searched: the
  // work per row stays logarithmic in the spellings a profile holds.
  if ((n > 16 || s.packed_spellings.size() > 8) && s.spelling_index.size() == s.spelling_text.size()) [[unlikely]] {
    const std::uint64_t h = name_hash(name, false);
    auto it = std::lower_bound(s.spelling_index.begin(), s.spelling_index.end(), std::pair<std::uint64_t, std::uint32_t>{h, 0});
    for (; it != s.spelling_index.end() && it->first == h; ++it)
      if (s.spelling_text[it->second] == name) return &s.packed_spellings[it->second];
    return nullptr;
  }
  if (n > 16) [[unlikely]] {
    for (std::size_t i = 0; i < s.spelling_text.size(); ++i)
      if (s.spelling_text[i] == name) return &s.packed_spellings[i];
    return nullptr;
  }
  if (raw.data() + raw.size() - name.data() >= 16) {
    // the 16 bytes from the name's start, compared under each spelling's mask
    std::array<std::uint64_t, 2> w;
    std::memcpy(w.data(), name.data(), 16);
    for (const score_profile::slot_stats::packed_spelling& k : s.packed_spellings)
      if (k.length == n && (w[0] & k.mask[0]) == k.head[0] && (w[1] & k.mask[1]) == k.head[1]) return &k;
    return nullptr;
  }
  const std::array<std::uint64_t, 2> w = pack_name(name);
  for (const score_profile::slot_stats::packed_spelling& k : s.packed_spellings)
    if (k.length == n && w == k.head) return &k;
  return nullptr;
}

// The profile features of the start line and each row; also names each row
// for the hard flags (an unknown name the profile has not seen: the known
// header it imitates, when there is one).
void profile_features(const message_view& m, const score_profile& p, row_names& names, case_tally& cases,
                      collector& out) noexcept {
  const std::string_view raw = m.raw();
  const auto rows = m.records();
  std::array<std::uint16_t, header_id_count> row_counts{};
  std::size_t prev = score_profile::start_line_slot;

  if (m.kind() != message_kind::none)
    value_features(p, score_profile::start_line_slot, header_id::other, no_header, raw, m.start_line(), out);

  for (std::size_t i = 0; i < rows.size(); ++i) {
    const header_record& rec = rows[i];
    const auto row = static_cast<std::uint16_t>(i);
    const std::size_t slot = static_cast<std::size_t>(rec.id);
    const score_profile::slot_stats& s = p.slot(slot);
    const std::string_view name(raw.data() + rec.name_offset, rec.name_length);
    header_id h = rec.id;
    if (rec.id == header_id::other) {
      // Unknown names only need the (slow) near-miss search when the profile has not seen them.
      if (!p.unknown_name_seen(name)) {
        if (i < row_names::capacity) h = resembled_header(name);
        // An imitation is explained by header_name_near_miss already.
        if (h == header_id::other) out.add(score_feature::unseen_header_name, h, row, rec.name_offset, rec.name_length);
        else names.imitations = true;
      }
      if (i < row_names::capacity) names.ids[i] = h;
    } else {
      if (i < row_names::capacity) names.ids[i] = h;
      const score_profile::slot_stats::packed_spelling* seen = s.messages == 0 ? nullptr : spelling_known(s, name, raw);
      cases.add(rec, i, seen ? seen->regular : regular_spelling(rec.id, name));
      if (s.messages == 0) {
        out.add(score_feature::unseen_header_name, h, row, rec.name_offset, rec.name_length);
      } else if (!seen) {
        // A style the training traffic used for other headers (all lower case, say)
        // is weak evidence; a style it never used (cALL-iD) is strong.
        auto bit = 1u << static_cast<unsigned>(score_profile::pattern_of(rec.id, name));
        if (s.patterns & bit) out.add(score_feature::name_spelling, h, row, rec.name_offset, rec.name_length, 0.25f);
        else if (p.patterns_seen() & bit) out.add(score_feature::name_spelling, h, row, rec.name_offset, rec.name_length);
        else out.add(score_feature::name_form, h, row, rec.name_offset, rec.name_length);
      }
    }
    if (!p.order_seen(prev, slot))
      out.add(score_feature::header_order, h, row, rec.name_offset, rec.name_length);
    prev = slot;
    if (rec.id != header_id::other && ++row_counts[slot] > s.max_rows && s.messages > 0)
      out.add(score_feature::row_count, h, row, rec.name_offset, rec.name_length);
    value_features(p, slot, h, row, raw, std::string_view(raw.data() + rec.value_offset, rec.value_length), out);
  }
}

void name_rows(const message_view& m, row_names& names) noexcept {
  const auto rows = m.records();
  for (std::size_t i = 0; i < rows.size() && i < row_names::capacity; ++i) {
    names.ids[i] = rows[i].id != header_id::other
                       ? rows[i].id
                       : resembled_header(m.raw().substr(rows[i].name_offset, rows[i].name_length));
    if (rows[i].id == header_id::other && names.ids[i] != header_id::other) names.imitations = true;
  }
}

}  // namespace

// ---------------------------------------------------------------- profile lookups ---

bool score_profile::spelling_seen(std::size_t slot, std::string_view name) const noexcept {
  const slot_stats& s = slots_[slot];
  const std::uint64_t h = name_hash(name, false);
  if (s.spelling_index.size() == s.spelling_text.size()) {  // rebuilt: by hash
    auto it = std::lower_bound(s.spelling_index.begin(), s.spelling_index.end(), std::pair<std::uint64_t, std::uint32_t>{h, 0});
    for (; it != s.spelling_index.end() && it->first == h; ++it)
      if (s.spelling_text[it->second] == name) return true;
    return false;
  }
  for (const std::string& t : s.spelling_text)
    if (t == name) return true;
  return false;
}

bool score_profile::unknown_name_seen(std::string_view name) const noexcept {
  return std::binary_search(unknown_names_.begin(), unknown_names_.end(), name_hash(name, true));
}

// ---------------------------------------------------------------- scoring ---

score_result score(const message_view& m, const score_profile& p) noexcept {
  collector out;
  out.profile = &p;
  row_names names;
  case_tally cases;
  profile_features(m, p, names, cases, out);
  cases.report(m, out);  // name_case_mix, with the styles the row loop found
  std::array<finding, 64> findings;  // the validator's, on the stack: no allocation
  validator_evidence(m, names, findings, out);

  score_result res;
  if (out.count == 0) return res;  // nothing added (every total is zero): score 0, no reason
  std::array<float, collector::key_count> factor{};
  float total = 0, soft = 0;
  for (std::size_t f = 0; f < score_feature_count; ++f) {
    float t = out.totals[f];
    if (t <= 0) continue;
    float capped = std::min(t, p.cap(static_cast<score_feature>(f)));
    factor[f] = capped / t;
    if (is_hard(static_cast<score_feature>(f))) total += capped;
    else soft += capped;
  }
  for (std::size_t r = 0; r < rule_count; ++r) {
    const std::size_t k = collector::rule_key(static_cast<rule_id>(r));
    const float t = out.totals[k];
    if (t <= 0) continue;
    const float capped = std::min(t, p.rule_cap(static_cast<rule_id>(r)));
    factor[k] = capped / t;
    total += capped;
  }
  if (soft > p.profile_cap()) {
    const float shrink = p.profile_cap() / soft;
    for (std::size_t f = 0; f < score_feature_count; ++f)
      if (!is_hard(static_cast<score_feature>(f))) factor[f] *= shrink;
    soft = p.profile_cap();
  }
  total += soft;
  res.score = total;
  for (std::size_t i = 0; i < out.count; ++i) out.items[i].contribution *= factor[collector::key_of(out.items[i])];
  // Reasons on the very same bytes (a comma that is both outside the callid set
  // and a second value) become one, under the feature that weighs most, so that
  // the reasons shown cover as many places as they can.
  for (std::size_t i = 0; i < out.count; ++i)
    for (std::size_t j = i + 1; j < out.count; ++j) {
      score_reason& a = out.items[i];
      score_reason& b = out.items[j];
      if (a.offset != b.offset || a.length != b.length || a.header != b.header || b.contribution <= 0) continue;
      if (b.contribution > a.contribution) a.feature = b.feature, a.rule = b.rule;
      a.contribution += b.contribution;
      b.contribution = 0;
    }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < out.count; ++i)
    if (out.items[i].contribution > 0) out.items[kept++] = out.items[i];
  out.count = kept;
  std::size_t n = std::min(out.count, score_result::max_reasons);
  std::partial_sort(out.items.begin(), out.items.begin() + static_cast<std::ptrdiff_t>(n),
                    out.items.begin() + static_cast<std::ptrdiff_t>(out.count),
                    [](const score_reason& x, const score_reason& y) {
                      if (x.contribution != y.contribution) return x.contribution > y.contribution;
                      return x.offset < y.offset;
                    });
  std::copy_n(out.items.begin(), n, res.reasons.begin());
  res.reason_count = static_cast<std::uint8_t>(n);
  return res;
}

score_result unparseable_result(const result& parse_error, std::string_view input) noexcept {
  score_result res = unparseable_result(parse_error, input.size());
  // Name the header whose line holds the error, when it has a name.
  std::size_t at = std::min<std::size_t>(parse_error.offset, input.size());
  std::size_t line = input.rfind('\n', at ? at - 1 : 0);
  line = line == std::string_view::npos || at == 0 ? 0 : line + 1;
  std::size_t colon = input.find(':', line);
  std::size_t eol = input.find('\n', line);
  if (line > 0 && colon != std::string_view::npos && colon < eol) {
    std::string_view name = input.substr(line, colon - line);
    while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
    header_id h = classify_header(name);
    if (h == header_id::other) h = resembled_header(name);
    res.reasons[0].header = h;
  }
  return res;
}

score_result unparseable_result(const result& parse_error, std::size_t input_length) noexcept {
  score_result res;
  score_profile::feature_defaults d = score_profile::default_weight(score_feature::unparseable);
  res.score = d.cap;
  res.reason_count = 1;
  std::uint32_t at = parse_error.offset;
  std::uint32_t len = at < input_length ? 1 : 0;
  res.reasons[0] = {score_feature::unparseable, rule_id::unparseable, header_id::other, no_header, at, len, d.cap};
  return res;
}

// ---------------------------------------------------------------- training ---

profile_trainer::profile_trainer() = default;

void profile_trainer::add(const message_view& m) {
  score_profile& p = profile_;
  const std::string_view raw = m.raw();
  ++p.trained_;

  // Which rules and hard flags benign traffic shows, and how often (they lower their weight).
  collector flags;
  row_names names;
  name_rows(m, names);
  validator_evidence(m, names, findings_, flags);
  name_case_mix(m, flags);
  for (std::size_t f = 0; f < score_feature_count; ++f)
    if (flags.fired[f]) ++hard_fires_[f];
  for (std::size_t r = 0; r < rule_count; ++r)
    if (flags.fired[collector::rule_key(static_cast<rule_id>(r))]) ++p.rule_fired_[r];

  auto learn_value = [&](std::size_t slot, std::string_view value) {
    score_profile::slot_stats& s = p.slots_[slot];
    std::array<std::uint16_t, score_profile::delimiter_count> counts{};
    std::uint8_t a = value_begin, b = value_begin;
    for_each_symbol(value, [&](std::uint8_t c, std::size_t, std::size_t) {
      s.classes.set(c);
      std::uint8_t d = delimiter_index[c];
      if (d != 0xFF) ++counts[d];
      keys_.push_back(ngram_key(slot, a, b, c));
      keys_.push_back(ngram_key(slot, 0, b, c));
      a = b;
      b = c;
    });
    keys_.push_back(ngram_key(slot, a, b, value_end));
    keys_.push_back(ngram_key(slot, 0, b, value_end));
    for (std::size_t d = 0; d < counts.size(); ++d) s.max_delimiters[d] = std::max(s.max_delimiters[d], counts[d]);
    s.min_length = std::min<std::uint32_t>(s.min_length, static_cast<std::uint32_t>(value.size()));
    s.max_length = std::max<std::uint32_t>(s.max_length, static_cast<std::uint32_t>(value.size()));
  };

  if (m.kind() != message_kind::none) {
    ++p.slots_[score_profile::start_line_slot].messages;
    learn_value(score_profile::start_line_slot, m.start_line());
  }
  std::array<std::uint16_t, header_id_count> row_counts{};
  std::size_t prev = score_profile::start_line_slot;
  for (const header_record& rec : m.records()) {
    const std::size_t slot = static_cast<std::size_t>(rec.id);
    std::string_view name = raw.substr(rec.name_offset, rec.name_length);
    score_profile::slot_stats& s = p.slots_[slot];
    if (rec.id == header_id::other) {
      // Keep printable-ASCII token names only: they go into the JSON as they are.
      bool printable = !name.empty() && name.size() <= 64;
      for (char c : name) printable = printable && c > 0x20 && c < 0x7f && c != '"' && c != '\\';
      if (printable && unknown_names_seen_.insert(name_hash(name, true)).second) {
        p.unknown_names_.push_back(name_hash(name, true));  // sorted by finish()
        std::string lower(name);
        for (char& c : lower)
          if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        p.unknown_name_text_.push_back(std::move(lower));
      }
    } else if (spellings_seen_.insert(std::string(1, static_cast<char>(slot)).append(name)).second) {
      p.add_spelling(slot, name);
    }
    if (++row_counts[slot] == 1) ++s.messages;
    s.max_rows = std::max(s.max_rows, row_counts[slot]);
    p.order_pairs_[prev * score_profile::slot_count + slot] = 1;
    prev = slot;
    learn_value(slot, raw.substr(rec.value_offset, rec.value_length));
  }
  if (keys_.size() > keys_limit_) {  // keep the buffer bounded on long runs
    std::sort(keys_.begin(), keys_.end());
    keys_.erase(std::unique(keys_.begin(), keys_.end()), keys_.end());
    // twice what is left: however many distinct keys there are, the sorts
    // stay n log n over the run, not one per message once 2^22 are distinct
    keys_limit_ = std::max(keys_limit_, 2 * keys_.size());
  }
}

score_profile profile_trainer::finish() const {
  score_profile p = profile_;
  std::sort(p.unknown_names_.begin(), p.unknown_names_.end());
  std::vector<std::uint32_t> keys = keys_;
  std::sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  p.ngram_keys_ = std::move(keys);
  p.rebuild_ngram_bits();
  p.rebuild_rule_weights();
  // A hard flag benign traffic shows (folding, whitespace before the colon in
  // RFC 4475-style traffic) weighs less the more often it was seen, 1/(1 + 500 f)
  // for a share f of the training messages,
  if (p.trained_ > 0)
    for (std::size_t f = 0; f < score_feature_count; ++f) {
      auto feature = static_cast<score_feature>(f);
      if (!is_frequency_scaled(feature) || hard_fires_[f] == 0) continue;
      double freq = static_cast<double>(hard_fires_[f]) / static_cast<double>(p.trained_);
      auto scale = static_cast<float>(1.0 / (1.0 + 500.0 * freq));
      // ... and counts once per message: benign traffic that shows it may show it twice.
      p.set_weight(feature, p.weight(feature) * scale, p.weight(feature) * scale);
    }
  return p;
}

}  // namespace sipspan
