// sipspan — anomaly scorer: scoring. The header walk compares each name
// (spelling, order, rows) and value (byte_walk.cpp) with the profile; the
// validator's findings and near-miss names (evidence.cpp) add hard evidence;
// totals are capped per feature and per rule; profile features bend towards
// their caps and, together, towards profile_cap() (soft_total, engine.hpp); and
// the largest contributions are the reasons. Scoring writes into fixed-size
// arrays on the stack (the validator's findings too): no allocation.

#include <algorithm>
#include <cstring>

#include "collector.hpp"
#include "sipspan/headers.hpp"

namespace sipspan {

using namespace score_detail;

namespace {

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

  if (m.kind() != message_kind::none) {
    value_features(p, score_profile::start_line_slot, header_id::other, no_header, raw, m.start_line(), 0, out);
  }

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
    const std::string_view value(raw.data() + rec.value_offset, rec.value_length);
    value_features(p, slot, h, row, raw, value, rec.value_offset, out);
  }
}

}  // namespace

namespace score_detail {

void name_case_mix(const message_view& m, collector& out) noexcept {
  const std::string_view raw = m.raw();
  const auto rows = m.records();
  case_tally t;
  for (std::size_t i = 0; i < rows.size(); ++i)
    t.add(rows[i], i, rows[i].id != header_id::other &&
                         regular_spelling(rows[i].id, raw.substr(rows[i].name_offset, rows[i].name_length)));
  t.report(m, out);
}

}  // namespace score_detail

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
  // Only the keys with a total (collector::touched), in key order: the features
  // first, then the rules, each in its order, as the sums are made.
  std::array<float, collector::key_count> factor;  // read for the touched keys alone
  std::array<bool, collector::key_count> benign_kind;  // what joins the soft total
  float total = 0, soft = 0;
  for (std::size_t w = 0; w < out.touched.size(); ++w)
    for (std::uint64_t bits = out.touched[w]; bits; bits &= bits - 1) {
      const std::size_t k = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
      const float t = out.totals[k];
      if (k < score_feature_count) {
        // a profile feature bends towards its cap (more of it still counts); a
        // hard one stops at it
        const auto f = static_cast<score_feature>(k);
        const bool hard = is_hard(f);
        const float cap = p.cap(f);
        const float capped = hard ? std::min(t, cap) : soft_total(t, cap);
        factor[k] = capped / t;
        benign_kind[k] = !hard;
        if (hard) total += capped;
        else soft += capped;
      } else {
        const auto r = static_cast<rule_id>(k - score_feature_count);
        const float capped = std::min(t, p.rule_cap(r));
        factor[k] = capped / t;
        // A rule benign training traffic showed is a habit of some sender (an old
        // PBX's Max-Forwards of 100, no Max-Forwards at all): it joins the profile
        // features, so that habits and novelty together rank a message without
        // alerting on it; what training never showed is hard evidence.
        benign_kind[k] = p.rule_fired(r) > 0;
        if (benign_kind[k]) soft += capped;
        else total += capped;
      }
    }
  if (const float bent = soft_total(soft, p.profile_cap()); bent < soft) {
    const float shrink = bent / soft;
    for (std::size_t w = 0; w < out.touched.size(); ++w)
      for (std::uint64_t bits = out.touched[w]; bits; bits &= bits - 1) {
        const std::size_t k = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
        if (benign_kind[k]) factor[k] *= shrink;
      }
    soft = bent;
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

}  // namespace sipspan
