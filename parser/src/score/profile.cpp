// sipspan — anomaly scorer: the profile's defaults, thresholds and calibration.

#include <algorithm>
#include <cmath>

#include "engine.hpp"
#include "shapes.hpp"

namespace sipspan {

namespace {
constexpr score_profile::feature_defaults defaults[] = {
#define SIPSPAN_X(e, w, c, m) {w, c},
    SIPSPAN_SCORE_FEATURE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

// Quantile levels kept by calibrate(): dense in the tail, where thresholds for
// small false-positive rates are read.
constexpr double quantile_levels[] = {0.5,   0.75,   0.9,     0.95,     0.98,    0.99,   0.995,
                                      0.998, 0.999,  0.9995,  0.9998,   0.9999,  0.99999, 1.0};
}  // namespace

score_profile::feature_defaults score_profile::default_weight(score_feature f) noexcept {
  auto i = static_cast<std::size_t>(f);
  return i < score_feature_count ? defaults[i] : feature_defaults{0, 0};
}

score_profile::score_profile()
    : order_pairs_(slot_count * slot_count, 0), ngram_bits_((std::size_t{1} << ngram_bits) / 64, 0) {
  for (std::size_t f = 0; f < score_feature_count; ++f) {
    weights_[f] = defaults[f].weight;
    caps_[f] = defaults[f].cap;
  }
  rebuild_ngram_bits();
  rebuild_rule_weights();
}

void score_profile::set_weight(score_feature f, float weight, float cap) noexcept {
  auto i = static_cast<std::size_t>(f);
  if (i >= score_feature_count) return;
  weights_[i] = weight;
  caps_[i] = cap;
  if (f == score_feature::rule) rebuild_rule_weights();
}

// Information content of the rule's firing in training, in bits, less 6.5 bits
// (a rule on one message in 90 or more is no evidence: benign traffic carries
// it), 4 points a bit: 0.5 firings added to the count (and 1 message to the
// total) keep a rule never seen finite, and make its weight grow with the
// training set behind it.
float score_profile::rule_weight_for(std::uint32_t fired, std::size_t trained, float max_weight) noexcept {
  if (trained == 0) return max_weight;
  const double p = (static_cast<double>(fired) + 0.5) / (static_cast<double>(trained) + 1.0);
  const double w = 4.0 * (-std::log2(p) - 6.5);
  return static_cast<float>(std::clamp(w, 0.0, static_cast<double>(max_weight)));
}

void score_profile::rebuild_rule_weights() noexcept {
  const float max_weight = weight(score_feature::rule), max_cap = cap(score_feature::rule);
  for (std::size_t r = 0; r < rule_count; ++r) {
    // a rule benign training traffic showed at all ranks a message up but does
    // not alert alone: at most half of what the profile features add together
    const float w = std::min(rule_weight_for(rule_fired_[r], trained_, max_weight),
                             rule_fired_[r] == 0 ? max_weight : profile_cap_ / 2);
    rule_weights_[r] = w;
    // a rule benign traffic shows counts once per message (it may show it twice)
    rule_caps_[r] = rule_fired_[r] == 0 ? std::min(2 * w, max_cap) : w;
  }
}

score_profile::name_pattern score_profile::pattern_of(header_id id, std::string_view name) noexcept {
  if (name.empty()) return name_pattern::other;
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto lower = [](char c) { return c >= 'a' && c <= 'z'; };
  if (name.size() == 1) return upper(name[0]) ? name_pattern::compact_upper : name_pattern::compact_lower;
  if (id != header_id::other && name == canonical_name(id)) return name_pattern::canonical;
  bool all_lower = true, all_upper = true, words = true, first = upper(name[0]);
  bool word_start = true;
  for (std::size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (upper(c)) all_lower = false;
    if (lower(c)) all_upper = false;
    if (i > 0 && upper(c)) first = false;
    if (word_start ? lower(c) : upper(c)) words = false;
    word_start = c == '-';
  }
  if (all_lower) return name_pattern::lower;
  if (all_upper) return name_pattern::upper;
  if (first) return name_pattern::first;
  if (words) return name_pattern::words;
  return name_pattern::other;
}

void score_profile::add_spelling(std::size_t slot, std::string_view name) {
  slot_stats& s = slots_[slot];
  s.spellings.push_back(score_detail::name_hash(name, false));
  s.spelling_text.emplace_back(name);
  s.packed_spellings.push_back({score_detail::pack_name(name),
                                score_detail::pack_name(std::string(std::min<std::size_t>(name.size(), 16), '\xFF')), name.size(),
                                score_detail::regular_spelling(static_cast<header_id>(slot), name)});
  const name_pattern pattern = pattern_of(static_cast<header_id>(slot), name);
  auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(pattern));
  s.patterns |= bit;
  patterns_ |= bit;
  // Canonical names are Each-Word-Capitalised ("Content-Type"), or First-only
  // when one word ("Contact"), but for a few (Call-ID, CSeq): traffic that
  // writes canonical names has shown those styles, and an agent that
  // capitalises every word ("Call-Id") or the first letter ("Cseq") writes in
  // them — a spelling new for the header, not a style never seen.
  if (pattern == name_pattern::canonical) {
    const name_pattern style = pattern_of(header_id::other, name);
    if (style == name_pattern::words || style == name_pattern::first)
      patterns_ |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(style));
  }
}

static_assert(score_profile::delimiter_count < score_profile::slot_stats::unseen_class &&
              score_profile::slot_stats::unseen_class < std::tuple_size_v<decltype(score_profile::slot_stats::delimiter_limits)>);

void score_profile::rebuild_ngram_bits() {
  for (slot_stats& s : slots_) {
    s.spelling_index.clear();
    for (std::size_t i = 0; i < s.spellings.size(); ++i) s.spelling_index.emplace_back(s.spellings[i], static_cast<std::uint32_t>(i));
    std::sort(s.spelling_index.begin(), s.spelling_index.end());
    for (std::size_t d = 0; d < s.delimiter_limits.size(); ++d)
      s.delimiter_limits[d] = d < delimiter_count ? static_cast<std::uint8_t>(std::min<unsigned>(s.max_delimiters[d], 255)) : 255;
    for (std::size_t c = 0; c < s.symbol_counters.size(); ++c) {
      const std::uint8_t d = score_detail::delimiter_index[c];
      s.symbol_counters[c] = !s.classes[c] ? slot_stats::unseen_class : d != 0xFF ? d : static_cast<std::uint8_t>(delimiter_count);
    }
    s.rare_forms = 0;
    s.rare_kind = {};
    // Escapes and folds are never a header's usual form: every one counts for
    // its kind; of the case, spacing and host forms, the rare ones only.
    if (forms_learned_)
      for (unsigned b = 0; b < score_detail::form_bit::count; ++b) {
        const bool rare = score_detail::rare_form(s.forms[b], s.messages);
        const unsigned kind = score_detail::form_kind(b);
        if (rare) s.rare_forms |= std::uint64_t{1} << b;
        if (!rare && kind != score_detail::form_kind(score_detail::form_bit::escape_unreserved) &&
            kind != score_detail::form_kind(score_detail::form_bit::fold) &&
            kind != score_detail::form_kind(score_detail::form_bit::user_escape_unreserved))
          continue;
        std::uint32_t& k = s.rare_kind[kind];
        k = static_cast<std::uint32_t>(std::min<std::uint64_t>(std::uint64_t{k} + s.forms[b], 0xFFFFFFFFu));
      }
  }
  std::fill(ngram_bits_.begin(), ngram_bits_.end(), 0);
  for (std::uint32_t k : ngram_keys_) {
    std::uint32_t bit = score_detail::ngram_bit(k);
    ngram_bits_[bit >> 6] |= std::uint64_t{1} << (bit & 63);
  }
}

// The benign score at quantile 1 - fpr (linear between stored levels; the
// largest stored level when fpr is smaller than the calibration set can show),
// plus the margin, never below min_alert.
float score_profile::threshold_for_fpr(double fpr) const noexcept {
  if (quantiles_.empty()) return min_alert_;
  double level = 1.0 - std::clamp(fpr, 0.0, 1.0);
  float q = quantiles_.back().second;
  for (std::size_t i = 0; i < quantiles_.size(); ++i) {
    if (quantiles_[i].first < level) continue;
    if (i == 0) {
      q = quantiles_[0].second;
    } else {
      auto [p0, s0] = quantiles_[i - 1];
      auto [p1, s1] = quantiles_[i];
      double t = p1 > p0 ? (level - p0) / (p1 - p0) : 1.0;
      q = static_cast<float>(s0 + t * (s1 - s0));
    }
    break;
  }
  return std::max(q + margin_, min_alert_);
}

void calibrate(score_profile& p, std::span<const float> benign_scores) {
  p.quantiles_.clear();
  p.calibration_count_ = benign_scores.size();
  if (benign_scores.empty()) return;
  std::vector<float> sorted(benign_scores.begin(), benign_scores.end());
  std::sort(sorted.begin(), sorted.end());
  const std::size_t n = sorted.size();
  for (double level : quantile_levels) {
    // the nearest-rank quantile: the smallest score with at least `level` of the scores at or below it
    auto rank = static_cast<std::size_t>(std::ceil(level * static_cast<double>(n)));
    rank = std::clamp<std::size_t>(rank, 1, n);
    p.quantiles_.emplace_back(level, sorted[rank - 1]);
  }
}

}  // namespace sipspan
