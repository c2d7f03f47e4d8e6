// sipspan — anomaly scorer (score): work in progress.
#include "sipspan/score.hpp"
namespace sipspan {
score_profile::score_profile() {}
float score_profile::threshold_for_fpr(double) const noexcept { return min_alert_; }
void score_profile::set_weight(score_feature f, float w, float c) noexcept {
  weights_[static_cast<std::size_t>(f)] = w;
  caps_[static_cast<std::size_t>(f)] = c;
}
void score_profile::rebuild_ngram_bits() {}
profile_trainer::profile_trainer() {}
void profile_trainer::add(const message_view&) {}
score_profile profile_trainer::finish() const { return profile_; }
void calibrate(score_profile&, std::span<const float>) {}
score_result score(const message_view&, const score_profile&) noexcept { return {}; }
score_result unparseable_result(const result&, std::size_t) noexcept { return {}; }
std::string write_profile_json(const score_profile&) { return "{}"; }
bool load_profile_json(std::string_view, score_profile&, profile_error& e) { e.message = "not implemented"; return false; }
}  // namespace sipspan
