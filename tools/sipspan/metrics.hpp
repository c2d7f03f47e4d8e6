// sipspan CLI — detection metrics for `sipspan evaluate`: pure functions over two
// sets of anomaly scores, the negatives (benign messages) and the positives
// (attacks). A higher score means more anomalous.
//
// Convention: a message is flagged at threshold t when its score is >= t
// (threshold_rule::at_or_above) or > t (threshold_rule::above); the ROC curve
// below uses at_or_above at every distinct score, so tied scores move both
// rates at once and the curve takes a diagonal step through them. The trapezoid
// area under that curve is exactly the Mann-Whitney statistic with ties counted
// one half.
//
// Scores must not be NaN (the caller rejects them); +inf and -inf are ordinary
// values.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace sipspan::cli {

// ROC AUC = P(positive > negative) + 1/2 P(positive == negative), computed
// exactly (Mann-Whitney U over all pairs). NaN when either set is empty.
double roc_auc(std::span<const float> negatives, std::span<const float> positives);

struct roc_point {
  double fpr = 0;
  double tpr = 0;
  float threshold = 0;  // flag when score >= threshold; +inf for the (0,0) corner
};

// The ROC curve: (0,0), then one point per distinct score in descending order
// (everything scoring >= that value flagged), ending at (1,1). Empty when
// either set is empty.
std::vector<roc_point> roc_curve(std::span<const float> negatives, std::span<const float> positives);

// Area under `curve` between FPR 0 and `max_fpr` (0 < max_fpr <= 1), the curve
// taken as straight segments between its points.
//   raw        — the area itself, in [0, max_fpr];
//   normalized — raw / max_fpr, in [0, 1]: the mean TPR over FPR in [0, max_fpr]
//                (1 for a perfect detector, max_fpr / 2 for a random one);
//   mcclish    — McClish's standardisation, 1/2 (1 + (raw - min) / (max - min))
//                with min = max_fpr^2 / 2 (the chance diagonal) and max = max_fpr:
//                0.5 for a random detector, 1 for a perfect one.
struct partial_auc_result {
  double max_fpr = 0;
  double raw = 0;
  double normalized = 0;
  double mcclish = 0;
};
partial_auc_result partial_auc(std::span<const roc_point> curve, double max_fpr);

enum class threshold_rule : std::uint8_t { at_or_above, above };

inline bool flagged(float score, float threshold, threshold_rule rule) noexcept {
  return rule == threshold_rule::at_or_above ? score >= threshold : score > threshold;
}

// Counts at one threshold.
struct rates {
  std::size_t negatives = 0;
  std::size_t positives = 0;
  std::size_t false_positives = 0;  // negatives flagged
  std::size_t true_positives = 0;   // positives flagged
  double fpr() const noexcept;      // NaN when there are no negatives
  double tpr() const noexcept;      // NaN when there are no positives
};
rates rates_at(std::span<const float> negatives, std::span<const float> positives, float threshold,
               threshold_rule rule = threshold_rule::at_or_above);

// Wilson score interval for a proportion of k successes in n trials (z = 1.96
// for 95 %). {0, 1} when n == 0.
struct interval {
  double low = 0;
  double high = 1;
};
interval wilson_interval(std::size_t k, std::size_t n, double z = 1.96) noexcept;

// The smallest false-positive rate a benign test set of n messages can show
// other than zero: 1 / n. A target FPR below it cannot be measured.
inline bool fpr_measurable(double target_fpr, std::size_t n) noexcept {
  return n > 0 && target_fpr * static_cast<double>(n) >= 1.0 - 1e-9;
}

// Edit-distance (Levenshtein) buckets of the report: 0, 1, 2, 3-5, 6-10, >10.
inline constexpr std::size_t edit_bucket_count = 6;
std::size_t edit_bucket(std::uint64_t distance) noexcept;
std::string_view edit_bucket_label(std::size_t bucket) noexcept;  // "0", "1", "2", "3-5", "6-10", ">10"

}  // namespace sipspan::cli
