// sipspan — anomaly scorer: training. Each benign message adds its header
// names, spellings, order, value statistics, value forms and class trigrams to the profile,
// and counts which validator rules and hard flags it shows: finish() turns the
// counts into weights (rare rules weigh much, frequent ones little).

#include <algorithm>
#include <cmath>

#include "collector.hpp"
#include "shapes.hpp"

namespace sipspan {

using namespace score_detail;

profile_trainer::profile_trainer() = default;

profile_trainer::profile_trainer(const score_profile& base) : profile_(base) {
  keys_ = base.ngram_keys_;
  for (std::uint64_t h : base.unknown_names_) unknown_names_seen_.insert(h);
  for (std::uint32_t k : base.body_forms_) body_forms_seen_.insert(k);
  for (std::size_t slot = 0; slot < score_profile::slot_count; ++slot)
    for (const std::string& name : base.slots_[slot].spelling_text)
      spellings_seen_.insert(std::string(1, static_cast<char>(slot)).append(name));
  profile_.quantiles_.clear();
  profile_.calibration_count_ = 0;
}

void profile_trainer::add(const message_view& m) {
  score_profile& p = profile_;
  const std::string_view raw = m.raw();
  if (p.trained_++ == 0) p.shapes_learned_ = p.forms_learned_ = true;  // not when going on from a profile without them

  // Which rules and hard flags benign traffic shows, and how often (they lower their weight).
  collector flags;
  row_names names;
  name_rows(m, names);
  validator_evidence(m, names, findings_, flags);
  name_case_mix(m, flags);
  for (std::size_t f = 0; f < score_feature_count; ++f)
    if (flags.fired[f]) ++p.feature_fired_[f];
  for (std::size_t r = 0; r < rule_count; ++r)
    if (flags.fired[collector::rule_key(static_cast<rule_id>(r))]) ++p.rule_fired_[r];

  auto learn_value = [&](std::size_t slot, std::string_view value) {
    score_profile::slot_stats& s = p.slots_[slot];
    std::array<std::uint16_t, score_profile::delimiter_count> counts{};
    std::uint8_t a = value_begin, b = value_begin;
    for_each_symbol(value, [&](std::uint8_t c, std::size_t at, std::size_t len) {
      s.classes.set(c);
      if (c == '0') {
        s.shapes.set(number_shape(value.substr(at, len)));
        if (s.numbers < 0xFFFFFFFFu) ++s.numbers;
      }
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
    const std::size_t offset = slot == score_profile::start_line_slot ? 0 : static_cast<std::size_t>(value.data() - raw.data());
    for (std::uint64_t forms = value_forms(value, offset); forms; forms &= forms - 1) {
      std::uint32_t& seen = s.forms[static_cast<std::size_t>(__builtin_ctzll(forms))];
      if (seen < 0xFFFFFFFFu) ++seen;
    }
    s.min_length = std::min<std::uint32_t>(s.min_length, static_cast<std::uint32_t>(value.size()));
    s.max_length = std::max<std::uint32_t>(s.max_length, static_cast<std::uint32_t>(value.size()));
  };

  if (std::uint32_t key; body_form(m, key)) {
    if (p.bodies_ < 0xFFFFFFFFu) ++p.bodies_;
    if (body_forms_seen_.insert(key).second) p.body_forms_.push_back(key);  // sorted by finish()
  }
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
  std::sort(p.body_forms_.begin(), p.body_forms_.end());
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
      if (!is_frequency_scaled(feature) || p.feature_fired_[f] == 0) continue;
      double freq = static_cast<double>(p.feature_fired_[f]) / static_cast<double>(p.trained_);
      auto scale = static_cast<float>(1.0 / (1.0 + 500.0 * freq));
      // ... and counts once per message: benign traffic that shows it may show
      // it twice. (From the default weight: a profile trained further was
      // scaled by its earlier share already.)
      const float w = score_profile::default_weight(feature).weight * scale;
      p.set_weight(feature, w, w);
    }
  return p;
}

}  // namespace sipspan
