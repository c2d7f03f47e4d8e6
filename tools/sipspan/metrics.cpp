// sipspan CLI — detection metrics (see metrics.hpp).

#include "metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sipspan::cli {
namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();

std::vector<float> sorted(std::span<const float> v) {
  std::vector<float> s(v.begin(), v.end());
  std::sort(s.begin(), s.end());
  return s;
}

}  // namespace

double roc_auc(std::span<const float> negatives, std::span<const float> positives) {
  if (negatives.empty() || positives.empty()) return nan;
  const std::vector<float> neg = sorted(negatives);
  // Twice U: 2 for every pair the positive wins, 1 for every tie. Exact in 64 bits
  // for any set that fits in memory.
  std::uint64_t twice_u = 0;
  for (float p : positives) {
    auto lo = std::lower_bound(neg.begin(), neg.end(), p);
    auto hi = std::upper_bound(lo, neg.end(), p);
    twice_u += 2 * static_cast<std::uint64_t>(lo - neg.begin()) + static_cast<std::uint64_t>(hi - lo);
  }
  const double pairs = static_cast<double>(neg.size()) * static_cast<double>(positives.size());
  return static_cast<double>(twice_u) / (2.0 * pairs);
}

std::vector<roc_point> roc_curve(std::span<const float> negatives, std::span<const float> positives) {
  std::vector<roc_point> curve;
  if (negatives.empty() || positives.empty()) return curve;
  const std::vector<float> neg = sorted(negatives), pos = sorted(positives);
  const double n = static_cast<double>(neg.size()), p = static_cast<double>(pos.size());
  curve.push_back({0.0, 0.0, std::numeric_limits<float>::infinity()});
  // Walk both sorted sets from the top, one distinct score at a time.
  std::size_t fi = neg.size(), ti = pos.size();  // elements [fi, end) and [ti, end) are flagged
  while (fi > 0 || ti > 0) {
    float t = fi == 0 ? pos[ti - 1] : ti == 0 ? neg[fi - 1] : std::max(neg[fi - 1], pos[ti - 1]);
    while (fi > 0 && neg[fi - 1] >= t) --fi;
    while (ti > 0 && pos[ti - 1] >= t) --ti;
    curve.push_back({static_cast<double>(neg.size() - fi) / n, static_cast<double>(pos.size() - ti) / p, t});
  }
  return curve;
}

partial_auc_result partial_auc(std::span<const roc_point> curve, double max_fpr) {
  partial_auc_result r;
  r.max_fpr = max_fpr;
  if (curve.empty() || !(max_fpr > 0.0) || max_fpr > 1.0) {
    r.raw = r.normalized = r.mcclish = nan;
    return r;
  }
  double area = 0.0;
  for (std::size_t i = 1; i < curve.size(); ++i) {
    const roc_point& a = curve[i - 1];
    const roc_point& b = curve[i];
    if (a.fpr >= max_fpr) break;
    if (b.fpr <= a.fpr) continue;  // a vertical step adds no area
    double x1 = std::min(b.fpr, max_fpr);
    // TPR where the segment crosses x1 (linear between a and b)
    double y1 = a.tpr + (b.tpr - a.tpr) * (x1 - a.fpr) / (b.fpr - a.fpr);
    area += (x1 - a.fpr) * (a.tpr + y1) / 2.0;
  }
  r.raw = area;
  r.normalized = area / max_fpr;
  const double lo = max_fpr * max_fpr / 2.0, hi = max_fpr;
  r.mcclish = 0.5 * (1.0 + (area - lo) / (hi - lo));
  return r;
}

double rates::fpr() const noexcept {
  return negatives == 0 ? nan : static_cast<double>(false_positives) / static_cast<double>(negatives);
}
double rates::tpr() const noexcept {
  return positives == 0 ? nan : static_cast<double>(true_positives) / static_cast<double>(positives);
}

rates rates_at(std::span<const float> negatives, std::span<const float> positives, float threshold,
               threshold_rule rule) {
  rates r;
  r.negatives = negatives.size();
  r.positives = positives.size();
  for (float s : negatives) r.false_positives += flagged(s, threshold, rule);
  for (float s : positives) r.true_positives += flagged(s, threshold, rule);
  return r;
}

interval wilson_interval(std::size_t k, std::size_t n, double z) noexcept {
  if (n == 0) return {0.0, 1.0};
  const double nn = static_cast<double>(n), p = static_cast<double>(k) / nn, z2 = z * z;
  const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
  const double half = z / (1 + z2 / nn) * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

std::size_t edit_bucket(std::uint64_t d) noexcept {
  if (d <= 2) return static_cast<std::size_t>(d);
  if (d <= 5) return 3;
  if (d <= 10) return 4;
  return 5;
}

std::string_view edit_bucket_label(std::size_t bucket) noexcept {
  static constexpr std::string_view labels[edit_bucket_count] = {"0", "1", "2", "3-5", "6-10", ">10"};
  return bucket < edit_bucket_count ? labels[bucket] : std::string_view();
}

}  // namespace sipspan::cli
