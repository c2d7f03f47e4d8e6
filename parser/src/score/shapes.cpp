// sipspan — anomaly scorer: the shapes of numbers. A legal number in a form a
// header's training traffic never used (a ten-digit CSeq where traffic counts
// from 1, "070" for Max-Forwards, an octal-looking "010.0.0.1", a version
// with an extra group) is no error for any rule, and the class n-grams see
// one '0' for every run of digits: the shape (engine.hpp, number_shape) is
// what the profile compares.
//
// How much an unseen shape weighs depends on how much the header's training
// says: of its `numbers` runs of digits, `shapes` distinct shapes. The chance
// that the next number shows a new shape is at most about shapes / numbers
// (Good–Turing: the shapes seen once, of which there are no more than the
// distinct ones), and a shape that chance never produced weighs as a
// validator rule with that frequency (score_profile::rule_weight_for): nothing
// for a header whose numbers take many forms (Request-URIs, User-Agent
// versions) or that training showed few numbers (a Subject), up to the
// feature's weight for one that thousands of messages wrote in a single form
// (Content-Length). A header training never showed a number in has no shape
// to compare: a digit there is a byte class it never showed (char_class).
// It stays a profile feature: legal forms of numbers differ between real
// stacks (an IPv4 Request-URI, an eight-digit extension), and one unseen
// form made hard evidence alerted on 11 % of public captures' messages.

#include "collector.hpp"

namespace sipspan::score_detail {

float shape_weight(const score_profile& p, std::size_t slot) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  const float max_weight = p.weight(score_feature::value_shape);
  if (!p.shapes_learned() || s.numbers == 0 || max_weight <= 0) return 0;
  return score_profile::rule_weight_for(static_cast<std::uint32_t>(s.shapes.count()), s.numbers, max_weight);
}

void shape_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::uint32_t base,
                    std::string_view value, collector& out) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  if (!p.shapes_learned() || s.messages == 0 || p.weight(score_feature::value_shape) <= 0) return;
  float scale = -1;  // the slot's weight over the feature's, once there is an unseen shape
  for_each_symbol(value, [&](std::uint8_t c, std::size_t at, std::size_t len) {
    if (c != '0' || s.shapes[number_shape(value.substr(at, len))]) return;
    if (scale < 0) scale = shape_weight(p, slot) / p.weight(score_feature::value_shape);
    if (scale <= 0) return;
    out.add(score_feature::value_shape, h, row, base + static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(len),
            scale);
  });
}

}  // namespace sipspan::score_detail
