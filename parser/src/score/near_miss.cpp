// sipspan — anomaly scorer: unknown header names that imitate known ones
// ("Conta ct", "Vi\xd0\xb0", "To\x01", "Contcat"): normalised, then compared
// within a small edit distance (RFC 3261 §7.3.1: field-name = token).

#include <algorithm>

#include "collector.hpp"
#include "sipspan/headers.hpp"

namespace sipspan::score_detail {

namespace {

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

// Edit distance with adjacent transpositions (optimal string alignment:
// "contcat" is one edit from "contact", as a typing slip is), stopping early
// above `limit`.
unsigned edit_distance(std::string_view a, std::string_view b, unsigned limit) noexcept {
  if (a.size() > 64 || b.size() > 64) return limit + 1;
  std::size_t diff = a.size() > b.size() ? a.size() - b.size() : b.size() - a.size();
  if (diff > limit) return limit + 1;
  // Only cells within `limit` of the diagonal: a path through any other costs
  // more than the limit. Cells just outside the band read as limit + 1.
  const unsigned out = limit + 1;
  const std::size_t n = a.size(), m = b.size();
  std::array<unsigned, 66> rows[3];
  unsigned* before = rows[2].data();  // the row before `prev`, for transpositions
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
      // two rows up, cell j - 2 lies in that row's band (j >= i - limit)
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) sub = std::min(sub, before[j - 2] + 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub, out});
      row_min = std::min(row_min, cur[j]);
    }
    cur[hi + 1] = out;
    // (a transposition from two rows up costs no less than the row between)
    if (row_min > limit) return out;
    unsigned* oldest = before;
    before = prev;
    prev = cur;  // the row just made is the previous one of the next
    cur = oldest;
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

}  // namespace

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

void name_rows(const message_view& m, row_names& names) noexcept {
  const auto rows = m.records();
  for (std::size_t i = 0; i < rows.size() && i < row_names::capacity; ++i) {
    names.ids[i] = rows[i].id != header_id::other
                       ? rows[i].id
                       : resembled_header(m.raw().substr(rows[i].name_offset, rows[i].name_length));
    if (rows[i].id == header_id::other && names.ids[i] != header_id::other) names.imitations = true;
  }
}

}  // namespace sipspan::score_detail
