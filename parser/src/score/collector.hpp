// sipspan — anomaly scorer internals shared by the evidence, the near-miss
// names, the byte walk, scoring and training: where evidence goes, and the
// entry points of each part.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "engine.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::score_detail {

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
  // the keys whose total is above zero, a bit each: score() visits these alone, in key order
  std::array<std::uint64_t, (key_count + 63) / 64> touched{};
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
    touched[key / 64] |= std::uint64_t{1} << (key % 64);
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

inline std::uint32_t offset_in(std::string_view whole, std::string_view part) noexcept {
  return static_cast<std::uint32_t>(part.data() - whole.data());
}

// The header a reason about row `row` names: its id, or for an unknown name the
// known header it imitates.
struct row_names {
  static constexpr std::size_t capacity = 128;
  std::array<header_id, capacity> ids;
  bool imitations = false;  // an unknown name (among the first `capacity`) imitates a known one
};

// evidence.cpp: every finding of the validator (strict profile, into `buf`) and
// the unknown names that imitate known ones.
void validator_evidence(const message_view& m, const row_names& names, std::span<finding> buf,
                        collector& out) noexcept;

// near_miss.cpp: the known header an unknown name imitates ("Conta ct",
// "Vi\xd0\xb0", "To\x01", "Contcat"), or header_id::other; every row named so.
header_id resembled_header(std::string_view name) noexcept;
void name_rows(const message_view& m, row_names& names) noexcept;

// byte_walk.cpp: compares one value (or the start line) with its slot's
// statistics, the shapes of its numbers too (shape_features, reporting them at
// `shape_base` + their offset in the value).
void value_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::string_view raw,
                    std::string_view value, std::uint32_t shape_base, collector& out) noexcept;

// shapes.cpp: the number shapes of one value its slot never showed in training,
// each weighing shape_weight(p, slot): more the fewer shapes the slot's many
// training messages showed.
float shape_weight(const score_profile& p, std::size_t slot) noexcept;
void shape_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::uint32_t base,
                    std::string_view value, collector& out) noexcept;

// shapes.cpp: a body its Content-Type does not describe as training's did.
void body_feature(const message_view& m, const score_profile& p, collector& out) noexcept;

// score.cpp: name_case_mix as training counts it.
void name_case_mix(const message_view& m, collector& out) noexcept;

}  // namespace sipspan::score_detail
