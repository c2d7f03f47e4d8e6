// sipspan — anomaly scorer: how unlike normal traffic is a message (docs/design.md decision 6).
//
//   sipspan::profile_trainer t;
//   for (auto& m : benign_training) t.add(m);
//   sipspan::score_profile p = t.finish();
//   sipspan::calibrate(p, scores_of_held_out_benign_messages);
//   sipspan::score_result r = sipspan::score(msg, p);
//   bool alert = r.score >= p.threshold_for_fpr(0.001);
//
// The scorer is separate from the validator: it does not say whether a message
// is legal but how far it strays from the traffic the profile was trained on,
// the way mimicry attacks do (a normal-looking message that differs by a few
// bytes so that two elements on the path read it differently). Features come
// from the parse, its deviations and the typed views; no byte is scanned twice
// by the framing. Each feature adds a capped contribution; the largest ones are
// the explanation, each pointing at the bytes that carry the evidence.
//
// The profile holds the learned statistics, the weights and caps, and the
// quantiles of benign scores; it is written and read as versioned JSON
// (write_profile_json / load_profile_json, the latter with simdjson).
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

#include "sipspan/header_id.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"

namespace sipspan {

// X(enum, default weight, default cap, explanation)
// Hard evidence (unparseable .. name_form): what normal traffic does not carry;
// each can weigh more than all profile features together, so one alone alerts.
// `rule` is every finding of the validator (lint.hpp, strict profile): one
// place decides what a malformed value or a missing header is. Its weight is
// learned per rule from how rare the rule is in training (rule_weight()); the
// default here is the most one finding of a rule weighs. Training lowers the
// weight of the other hard evidence benign traffic shows. Profile features
// (unseen_header_name .. name_case_mix): departures from what the trained
// profile has seen, together with the rules training showed bending towards
// profile_cap() without reaching it (so they rank messages but never alert
// alone). value_shape's weight per header comes from how few number forms
// that header's training showed, and per value form from how often its
// training showed that form (parser/src/score/shapes.cpp), the default being
// the most it weighs. The enum order and the
// names are stable (they appear in profiles and in CLI output).
#define SIPSPAN_SCORE_FEATURE_LIST(X)                                                                      \
  X(unparseable, 100.0f, 100.0f, "the message cannot be framed at all")                                    \
  X(rule, 20.0f, 40.0f, "a finding of the validator, weighted by how rare its rule was in training")       \
  X(header_name_near_miss, 20.0f, 40.0f, "an unknown header name within a small edit of a known one")      \
  X(name_form, 20.0f, 40.0f, "a header spelling (case, compact or long form) never seen in training")      \
  X(unseen_header_name, 3.0f, 6.0f, "a header name never seen in training")                                \
  X(name_spelling, 1.0f, 3.0f, "a header spelling new for this header, in a style training showed elsewhere") \
  X(row_count, 3.0f, 6.0f, "more rows of this header than training ever showed")                           \
  X(header_order, 0.5f, 1.5f, "two adjacent headers in an order never seen in training")                   \
  X(delimiter_count, 1.5f, 3.0f, "more delimiters of one kind in a value than training ever showed")       \
  X(value_length, 1.0f, 2.0f, "a value much longer or shorter than training ever showed for this header")  \
  X(char_class, 2.0f, 4.0f, "a byte class never seen in this header during training")                      \
  X(unseen_ngram, 2.0f, 6.0f, "a byte sequence never seen in this header during training")               \
  X(name_case_mix, 3.0f, 3.0f, "a header name in irregular mixed case (cALL-iD) among names of one regular style") \
  X(value_shape, 20.0f, 40.0f, "a value in a form rare or never seen in this header during training (a number's digits, leading zero and groups; a token's case; a percent-escape; whitespace around a separator; a folded line; a host's form; a body its Content-Type does not describe), weighted by how rare training showed it")

enum class score_feature : std::uint8_t {
#define SIPSPAN_X(e, w, c, m) e,
  SIPSPAN_SCORE_FEATURE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

inline constexpr std::size_t score_feature_count = 0
#define SIPSPAN_X(e, w, c, m) +1
    SIPSPAN_SCORE_FEATURE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    ;

// Stable snake_case name ("unseen_ngram"); "" for a value outside the list.
SIPSPAN_API std::string_view feature_name(score_feature) noexcept;
// One-line explanation of what the feature means.
SIPSPAN_API std::string_view feature_description(score_feature) noexcept;
// Look a feature up by its stable name; false when there is none.
SIPSPAN_API bool feature_from_name(std::string_view, score_feature&) noexcept;

struct score_reason {
  score_feature feature;
  rule_id rule;                 // the validator's rule when feature is score_feature::rule
  header_id header;             // header_id::other for the start line or an unknown name
  std::uint16_t header_index;   // row in the header table, no_header when none
  std::uint32_t offset, length; // bytes in the message that carry the evidence
  float contribution;
};

struct score_result {
  static constexpr std::size_t max_reasons = 8;
  float score = 0;
  std::uint8_t reason_count = 0;  // reasons sorted by contribution, largest first
  std::array<score_reason, max_reasons> reasons{};
};

// Why a profile did not load: a sentence and the byte offset in the JSON.
struct profile_error {
  std::string message;
  std::size_t offset = 0;
};

// The learned statistics, the weights and the calibration of one profile.
// Tables are indexed by "slot": one per header_id (header_id::other shared by
// every unknown name) plus start_line_slot for the start line.
class SIPSPAN_API score_profile {
 public:
  // 2: evidence from the validator, with the per-rule table "rules"
  static constexpr std::uint32_t format_version = 2;
  static constexpr std::size_t slot_count = header_id_count + 1;
  static constexpr std::size_t start_line_slot = header_id_count;
  // Delimiters counted per value, in this order.
  static constexpr std::string_view delimiters = ",;<>\"@:=/ ";
  static constexpr std::size_t delimiter_count = delimiters.size();
  // Byte n-grams: trigrams of byte classes, hashed into a bitset of 2^ngram_bits.
  static constexpr unsigned ngram_bits = 17;  // 16 KiB: stays in the L1 cache

  score_profile();

  // Smallest score that counts as an alert for a target false-positive rate:
  // the benign score quantile at 1 - fpr plus margin(), never below
  // min_alert(). Without calibration, min_alert() alone.
  float threshold_for_fpr(double fpr) const noexcept;
  bool calibrated() const noexcept { return !quantiles_.empty(); }
  std::size_t trained_messages() const noexcept { return trained_; }
  std::size_t calibration_messages() const noexcept { return calibration_count_; }

  float weight(score_feature f) const noexcept { return weights_[static_cast<std::size_t>(f)]; }
  float cap(score_feature f) const noexcept { return caps_[static_cast<std::size_t>(f)]; }
  void set_weight(score_feature f, float weight, float cap) noexcept;
  float margin() const noexcept { return margin_; }
  float min_alert() const noexcept { return min_alert_; }
  // The profile features (unseen_header_name .. unseen_ngram) together add at
  // most this much: each is weak alone, and novelty in benign traffic piles up.
  float profile_cap() const noexcept { return profile_cap_; }
  // One finding of a validator rule adds rule_weight(r); a message's findings
  // of that rule add at most rule_cap(r). Learned from rule_fired(r), the
  // training messages the rule fired on, out of trained_messages(): a smoothed
  // -log2 frequency (see rule_weight_for), so a rule that fires on much benign
  // traffic (an old PBX that never sends Max-Forwards) weighs little and one
  // training never showed weighs up to weight(score_feature::rule).
  float rule_weight(rule_id r) const noexcept { return rule_weights_[static_cast<std::size_t>(r)]; }
  float rule_cap(rule_id r) const noexcept { return rule_caps_[static_cast<std::size_t>(r)]; }
  std::uint32_t rule_fired(rule_id r) const noexcept { return rule_fired_[static_cast<std::size_t>(r)]; }
  // The weight of a rule seen in `fired` of `trained` messages, at most `max_weight`:
  // 4 x (-log2((fired + 1/2) / (trained + 1)) - 6.5), so 0 for a rule on one
  // message in 90 or more, 8.8 for one seen once in 628, 15.2 for one never
  // seen in 628 and `max_weight` (20) for one never seen in 41 203;
  // `max_weight` alone when nothing was trained. rule_weight() keeps a rule
  // training showed at all below profile_cap() / 2, and score() adds it to the
  // profile features' total: benign traffic carries it, so it ranks a message
  // up without alerting, alone or with profile features.
  static float rule_weight_for(std::uint32_t fired, std::size_t trained, float max_weight) noexcept;
  // (p, score) pairs, p ascending: the benign score at quantile p.
  const std::vector<std::pair<double, float>>& quantiles() const noexcept { return quantiles_; }

  // --- learned statistics, per slot (read by score(), written by the trainer)
  struct slot_stats {
    std::uint32_t messages = 0;      // training messages carrying this header
    std::uint16_t max_rows = 0;      // most rows in one message
    std::uint32_t min_length = 0xFFFFFFFFu, max_length = 0;  // value length range
    std::array<std::uint16_t, delimiter_count> max_delimiters{};  // most of each delimiter in one value
    // max_delimiters saturated to bytes, and 255 for the spare counters: what score() compares
    alignas(16) std::array<std::uint8_t, 16> delimiter_limits{};
    // per symbol class (all below 128): its delimiter counter, delimiter_count
    // for the other classes seen in values, unseen_class for a class never seen: what score() reads
    static constexpr std::uint8_t unseen_class = 15;
    std::array<std::uint8_t, 128> symbol_counters{};
    std::bitset<256> classes;        // byte classes seen in values
    std::bitset<128> shapes;         // number shapes seen in values (score_detail::number_shape)
    std::uint32_t numbers = 0;       // numbers (runs of digits) seen in values, of those shapes
    // Value forms (score_detail::form_bit: the case of a token by what precedes it,
    // percent-escapes by what they stand for, whitespace around separators, line
    // structure, the form of a host): per form, the
    // training values that showed it; and the forms rare enough to weigh (seen in
    // fewer than 1 in 90 of the header's messages), what score() tests.
    std::array<std::uint32_t, 64> forms{};
    std::uint64_t rare_forms = 0;
    // per kind of form (score_detail::form_kind: case, escapes, spaces, lines,
    // hosts, escapes in a userinfo), the values that showed a rare form of that kind, added up: a
    // header whose values often show one rare escape or another (random tokens)
    // makes no rare escape surprising
    std::array<std::uint32_t, 6> rare_kind{};
    std::vector<std::uint64_t> spellings;  // hashes of the exact name spellings seen, in the order seen
    std::vector<std::string> spelling_text;  // the same spellings, for the JSON
    // the same spellings as score() compares them: the first 16 bytes, zero-padded,
    // the mask of those bytes and the length; whether the spelling keeps a regular style
    struct packed_spelling {
      std::array<std::uint64_t, 2> head, mask;
      std::size_t length;
      bool regular;
    };
    std::vector<packed_spelling> packed_spellings;
    // (hash, index) of each spelling, by hash: a name is looked up among many
    // spellings (training may see thousands of spellings of one name) by
    // binary search rather than one by one
    std::vector<std::pair<std::uint64_t, std::uint32_t>> spelling_index;
    std::uint8_t patterns = 0;       // name_pattern bits of those spellings
  };
  // Spelling styles of a header name (name_form compares them): the canonical
  // form, compact lower / upper case, all lower, all upper, Each-Word-Capitalised,
  // First-only, anything else.
  enum class name_pattern : std::uint8_t { other, canonical, compact_lower, compact_upper, lower, upper, words, first };
  static name_pattern pattern_of(header_id id, std::string_view name) noexcept;
  std::uint8_t patterns_seen() const noexcept { return patterns_; }
  const slot_stats& slot(std::size_t s) const noexcept { return slots_[s]; }
  bool ngram_seen(std::uint32_t key) const noexcept { return ngram_seen(ngram_words(), key); }
  // The bitset's 2^ngram_bits / 64 words, for a loop that tests many keys.
  const std::uint64_t* ngram_words() const noexcept { return ngram_bits_.data(); }
  static bool ngram_seen(const std::uint64_t* words, std::uint32_t key) noexcept {
    const std::uint32_t bit = ngram_bit(key);
    return (words[bit >> 6] >> (bit & 63)) & 1;
  }
  // Where a key lands in the bitset (multiplicative hash).
  static constexpr std::uint32_t ngram_bit(std::uint32_t key) noexcept { return (key * 0x9E3779B1u) >> (32 - ngram_bits); }
  bool spelling_seen(std::size_t slot, std::string_view name) const noexcept;
  bool unknown_name_seen(std::string_view name) const noexcept;  // ASCII case ignored
  std::size_t unknown_name_count() const noexcept { return unknown_names_.size(); }
  // Whether the profile learned number shapes (a profile written before them did not).
  bool shapes_learned() const noexcept { return shapes_learned_; }
  // Whether the profile learned value forms (slot_stats::forms; a profile written before them did not).
  bool forms_learned() const noexcept { return forms_learned_; }
  // Bodies and what they are labelled: (Content-Type media type, the byte classes
  // of the body's first symbols) pairs seen in training (parser/src/score/shapes.cpp,
  // body_form), and the training messages with a body and a Content-Type.
  bool body_form_seen(std::uint32_t key) const noexcept {
    return std::binary_search(body_forms_.begin(), body_forms_.end(), key);
  }
  std::size_t body_form_count() const noexcept { return body_forms_.size(); }
  std::uint32_t bodies() const noexcept { return bodies_; }
  bool order_seen(std::size_t first_slot, std::size_t second_slot) const noexcept {
    return order_pairs_[first_slot * slot_count + second_slot] != 0;
  }
  std::size_t ngram_count() const noexcept { return ngram_keys_.size(); }

  // The weight and cap a feature has before training adjusts it.
  struct feature_defaults {
    float weight, cap;
  };
  static feature_defaults default_weight(score_feature f) noexcept;

 private:
  friend class profile_trainer;
  friend struct profile_reader;
  friend void calibrate(score_profile&, std::span<const float>);
  friend score_result score(const message_view&, const score_profile&) noexcept;
  friend std::string write_profile_json(const score_profile&);
  friend bool load_profile_json(std::string_view, score_profile&, profile_error&);

  // the bitset from ngram_keys_, and each slot's delimiter_limits, symbol_counters, rare_forms and spelling_index
  void rebuild_ngram_bits();
  // rule_weights_ and rule_caps_ from rule_fired_, trained_ and weight(rule)
  void rebuild_rule_weights() noexcept;
  void add_spelling(std::size_t slot, std::string_view name);

  std::size_t trained_ = 0;
  std::size_t calibration_count_ = 0;
  std::array<float, score_feature_count> weights_{};
  std::array<float, score_feature_count> caps_{};
  float margin_ = 0.5f;
  float min_alert_ = 4.0f;
  float profile_cap_ = 8.0f;
  std::vector<std::pair<double, float>> quantiles_;
  std::array<std::uint32_t, rule_count> rule_fired_{};
  // training messages each hard flag fired on (what scales its weight; kept
  // so that a profile can be trained further)
  std::array<std::uint32_t, score_feature_count> feature_fired_{};
  std::array<float, rule_count> rule_weights_{};
  std::array<float, rule_count> rule_caps_{};
  std::array<slot_stats, slot_count> slots_;
  bool shapes_learned_ = false;
  bool forms_learned_ = false;
  std::vector<std::uint32_t> body_forms_;         // body_form keys seen (sorted)
  std::uint32_t bodies_ = 0;                      // training messages with a body and a Content-Type
  std::uint8_t patterns_ = 0;                     // name_pattern bits seen in any header
  std::vector<std::uint64_t> unknown_names_;      // hashes of lower-cased unknown names seen (sorted)
  std::vector<std::string> unknown_name_text_;     // the same names, for the JSON
  std::vector<std::uint8_t> order_pairs_;         // slot_count * slot_count: adjacent pair seen
  std::vector<std::uint32_t> ngram_keys_;         // exact (slot, class trigram) keys seen (sorted)
  std::vector<std::uint64_t> ngram_bits_;         // 2^ngram_bits bits, hashed from ngram_keys_
};

class SIPSPAN_API profile_trainer {
 public:
  profile_trainer();
  // Go on from what `base` learned (sipspan train --update): training on A
  // and then on B gives the profile training on A and B gives, except its
  // calibration, which finish() drops (the weights changed): calibrate again.
  explicit profile_trainer(const score_profile& base);
  void add(const message_view& m);  // learn from one benign message
  score_profile finish() const;     // statistics + weights, not yet calibrated
  std::size_t messages() const noexcept { return profile_.trained_; }

 private:
  score_profile profile_;
  std::vector<std::uint32_t> keys_;  // n-gram keys, deduplicated by finish()
  std::size_t keys_limit_ = std::size_t{1} << 22;  // keys_ is deduplicated when it grows past this
  std::array<finding, 64> findings_{};                             // the validator's, per message
  // What the profile has learned already, looked up in constant time (the
  // profile's own lists are searched linearly or kept sorted: one insertion
  // each would make training quadratic in the distinct names it sees).
  std::unordered_set<std::uint64_t> unknown_names_seen_;  // hashes of lower-cased unknown names
  std::unordered_set<std::string> spellings_seen_;        // the slot's byte, then the spelling
  std::unordered_set<std::uint32_t> body_forms_seen_;     // score_profile::body_forms_
};

// Store the sorted benign scores' quantiles (scores of held-out benign messages).
SIPSPAN_API void calibrate(score_profile& p, std::span<const float> benign_scores);

// Score one parsed message. No allocation, no throw.
SIPSPAN_API score_result score(const message_view& m, const score_profile& p) noexcept;

// The result for input that does not parse: maximal score, one `unparseable`
// reason at the error offset.
SIPSPAN_API score_result unparseable_result(const result& parse_error, std::size_t input_length) noexcept;
// The same, naming the header whose line holds the error (header_id::other on
// the start line or for an unknown name).
SIPSPAN_API score_result unparseable_result(const result& parse_error, std::string_view input) noexcept;

// What a reason says, for people: the feature's description, or for a finding
// of the validator "rule SS402 cseq-number-range, seen in 0 of 628 training
// messages: <the rule's summary>".
SIPSPAN_API std::string reason_text(const score_reason& r, const score_profile& p);
// The reason's short name: the feature's, or for a finding "SS402 cseq-number-range".
SIPSPAN_API std::string reason_name(const score_reason& r);

SIPSPAN_API std::string write_profile_json(const score_profile& p);

// simdjson; false with a sentence and the byte offset when the JSON is not a
// profile of this format_version. Profiles of version 1 (before the per-rule
// table) are rejected with a sentence that says to train again.
SIPSPAN_API bool load_profile_json(std::string_view json, score_profile& out, profile_error& err);

}  // namespace sipspan
