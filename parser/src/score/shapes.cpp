// sipspan — anomaly scorer: the shapes of numbers. A legal number in a form a
// header's training traffic never used (a ten-digit CSeq where traffic counts
// from 1, "070" for Max-Forwards, an octal-looking "010.0.0.1", a version
// with an extra group) is no error for any rule, and the class n-grams see
// one '0' for every run of digits: the shape (engine.hpp, number_shape) is
// what the profile compares.

#include "collector.hpp"

namespace sipspan::score_detail {

void shape_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::uint32_t base,
                    std::string_view value, collector& out) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  if (!p.shapes_learned() || s.messages == 0 || p.weight(score_feature::value_shape) <= 0) return;
  for_each_symbol(value, [&](std::uint8_t c, std::size_t at, std::size_t len) {
    if (c != '0' || s.shapes[number_shape(value.substr(at, len))]) return;
    out.add(score_feature::value_shape, h, row, base + static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(len));
  });
}

}  // namespace sipspan::score_detail
