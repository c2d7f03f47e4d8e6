// sipspan — anomaly scorer: feature names and descriptions.

#include <string>

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

std::string reason_name(const score_reason& r) {
  if (r.feature != score_feature::rule) return std::string(feature_name(r.feature));
  const rule_info& ri = rule(r.rule);
  return std::string(ri.code) + " " + std::string(ri.name);
}

std::string reason_text(const score_reason& r, const score_profile& p) {
  if (r.feature != score_feature::rule) return std::string(feature_description(r.feature));
  const rule_info& ri = rule(r.rule);
  return "rule " + reason_name(r) + ", seen in " + std::to_string(p.rule_fired(r.rule)) + " of " +
         std::to_string(p.trained_messages()) + " training messages: " + std::string(ri.summary);
}

}  // namespace sipspan
