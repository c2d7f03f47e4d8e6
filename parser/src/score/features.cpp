// sipspan — anomaly scorer: feature names and descriptions.

#include "sipspan/score.hpp"

namespace sipspan {

namespace {
struct feature_text {
  std::string_view name;
  std::string_view description;
};
constexpr feature_text feature_texts[] = {
#define SIPSPAN_X(e, w, c, m) {#e, m},
    SIPSPAN_SCORE_FEATURE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
}  // namespace

std::string_view feature_name(score_feature f) noexcept {
  auto i = static_cast<std::size_t>(f);
  return i < score_feature_count ? feature_texts[i].name : std::string_view{};
}

std::string_view feature_description(score_feature f) noexcept {
  auto i = static_cast<std::size_t>(f);
  return i < score_feature_count ? feature_texts[i].description : std::string_view{};
}

bool feature_from_name(std::string_view name, score_feature& out) noexcept {
  for (std::size_t i = 0; i < score_feature_count; ++i)
    if (feature_texts[i].name == name) {
      out = static_cast<score_feature>(i);
      return true;
    }
  return false;
}

}  // namespace sipspan
