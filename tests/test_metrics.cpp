// sipspan — the detection metrics behind `sipspan evaluate`, on hand-computed cases:
// ROC AUC (Mann-Whitney, ties counted one half), the ROC curve, partial AUC and its
// normalisations, rates at a threshold with ties on it, Wilson intervals and the
// edit-distance buckets.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "../tools/sipspan/metrics.hpp"

namespace {

using namespace sipspan::cli;

constexpr double eps = 1e-12;

void expect_curve(const std::vector<roc_point>& got, const std::vector<std::pair<double, double>>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(got[i].fpr, want[i].first, eps) << "point " << i;
    EXPECT_NEAR(got[i].tpr, want[i].second, eps) << "point " << i;
  }
}

// Every (negative, positive) pair: 1 when the positive scores higher, 1/2 on a tie.
double brute_force_auc(const std::vector<float>& neg, const std::vector<float>& pos) {
  double wins = 0;
  for (float n : neg)
    for (float p : pos) wins += p > n ? 1.0 : p == n ? 0.5 : 0.0;
  return wins / (static_cast<double>(neg.size()) * static_cast<double>(pos.size()));
}

TEST(metrics, perfect_separation_gives_auc_one) {
  std::vector<float> neg = {0.1f, 0.3f, 0.2f}, pos = {0.9f, 0.5f};
  EXPECT_DOUBLE_EQ(roc_auc(neg, pos), 1.0);
  auto curve = roc_curve(neg, pos);
  expect_curve(curve, {{0, 0}, {0, 0.5}, {0, 1}, {1.0 / 3, 1}, {2.0 / 3, 1}, {1, 1}});
  EXPECT_TRUE(std::isinf(curve.front().threshold));
  EXPECT_FLOAT_EQ(curve[1].threshold, 0.9f);
  EXPECT_FLOAT_EQ(curve.back().threshold, 0.1f);
  partial_auc_result p = partial_auc(curve, 0.01);
  EXPECT_NEAR(p.raw, 0.01, eps);
  EXPECT_NEAR(p.normalized, 1.0, eps);
  EXPECT_NEAR(p.mcclish, 1.0, eps);
}

TEST(metrics, reversed_separation_gives_auc_zero) {
  std::vector<float> neg = {0.9f, 0.5f}, pos = {0.1f, 0.3f, 0.2f};
  EXPECT_DOUBLE_EQ(roc_auc(neg, pos), 0.0);
  auto curve = roc_curve(neg, pos);
  expect_curve(curve, {{0, 0}, {0.5, 0}, {1, 0}, {1, 1.0 / 3}, {1, 2.0 / 3}, {1, 1}});
  partial_auc_result p = partial_auc(curve, 0.01);
  EXPECT_NEAR(p.raw, 0.0, eps);
  EXPECT_NEAR(p.normalized, 0.0, eps);
  // below the chance diagonal: (0 - 0.00005) / (0.01 - 0.00005) under McClish
  EXPECT_NEAR(p.mcclish, 0.5 * (1.0 - 0.00005 / 0.00995), eps);
}

TEST(metrics, all_ties_give_auc_one_half_and_the_diagonal) {
  std::vector<float> neg = {0.5f, 0.5f, 0.5f}, pos = {0.5f, 0.5f};
  EXPECT_DOUBLE_EQ(roc_auc(neg, pos), 0.5);
  auto curve = roc_curve(neg, pos);
  expect_curve(curve, {{0, 0}, {1, 1}});
  partial_auc_result p = partial_auc(curve, 0.01);
  EXPECT_NEAR(p.raw, 0.00005, eps);  // the triangle under the diagonal up to 0.01
  EXPECT_NEAR(p.normalized, 0.005, eps);
  EXPECT_NEAR(p.mcclish, 0.5, eps);
}

// Worked by hand. Scores in descending order, class in brackets:
//   0.9 [P]  0.8 [N]  0.6 [P]  0.4 [N]  0.35 [P, N]  0.1 [N]
// Pairs the positive wins: 0.9 beats 4, 0.6 beats 3 (0.1, 0.35, 0.4), 0.35 beats
// 1 (0.1) and ties 1 (0.35): U = 4 + 3 + 1 + 1/2 = 8.5 of 4 x 3 = 12 pairs.
TEST(metrics, hand_worked_example_with_one_tie) {
  std::vector<float> neg = {0.1f, 0.4f, 0.35f, 0.8f}, pos = {0.35f, 0.9f, 0.6f};
  EXPECT_NEAR(roc_auc(neg, pos), 8.5 / 12, eps);
  auto curve = roc_curve(neg, pos);
  // the tie at 0.35 moves both rates at once: a diagonal from (1/2, 2/3) to (3/4, 1)
  expect_curve(curve, {{0, 0}, {0, 1.0 / 3}, {0.25, 1.0 / 3}, {0.25, 2.0 / 3}, {0.5, 2.0 / 3}, {0.75, 1}, {1, 1}});
  // the trapezoid area of that curve is the same number: 2/24 + 4/24 + 5/24 + 6/24
  EXPECT_NEAR(partial_auc(curve, 1.0).raw, 17.0 / 24, eps);
  EXPECT_NEAR(partial_auc(curve, 1.0).normalized, 17.0 / 24, eps);
}

TEST(metrics, partial_auc_cuts_a_segment_at_max_fpr) {
  std::vector<float> neg = {0.1f, 0.4f, 0.35f, 0.8f}, pos = {0.35f, 0.9f, 0.6f};
  auto curve = roc_curve(neg, pos);
  // up to 0.5: 0.25 x 1/3 + 0.25 x 2/3 = 0.25
  partial_auc_result half = partial_auc(curve, 0.5);
  EXPECT_NEAR(half.raw, 0.25, eps);
  EXPECT_NEAR(half.normalized, 0.5, eps);
  EXPECT_NEAR(half.mcclish, 0.5 * (1 + (0.25 - 0.125) / (0.5 - 0.125)), eps);  // 2/3
  // up to 0.6: plus the first 0.1 of the diagonal, where TPR climbs from 2/3 to 0.8
  partial_auc_result p = partial_auc(curve, 0.6);
  EXPECT_NEAR(p.raw, 0.25 + 0.1 * (2.0 / 3 + 0.8) / 2, eps);
  EXPECT_NEAR(p.normalized, (0.25 + 0.1 * (2.0 / 3 + 0.8) / 2) / 0.6, eps);
}

TEST(metrics, partial_auc_of_a_steep_curve_inside_one_percent) {
  // 200 negatives, 4 positives: two positives above every negative, the third
  // above all but one negative (FPR 0.005 to reach it), the fourth below all.
  std::vector<float> neg(200);
  for (std::size_t i = 0; i < neg.size(); ++i) neg[i] = static_cast<float>(i);  // 0 .. 199
  std::vector<float> pos = {500.0f, 400.0f, 198.5f, -1.0f};
  auto curve = roc_curve(neg, pos);
  // TPR 1/2 from FPR 0 to 0.005, then 3/4 from 0.005 to 0.01
  partial_auc_result p = partial_auc(curve, 0.01);
  EXPECT_NEAR(p.raw, 0.005 * 0.5 + 0.005 * 0.75, eps);
  EXPECT_NEAR(p.normalized, 0.625, eps);
  EXPECT_NEAR(roc_auc(neg, pos), (200.0 + 200 + 199 + 0) / 800, eps);
}

TEST(metrics, auc_equals_pair_count_and_curve_area_on_many_ties) {
  // a fixed linear congruential sequence over 13 values: ties everywhere
  std::uint32_t x = 12345;
  auto next = [&] {
    x = x * 1103515245u + 12345u;
    return static_cast<float>((x >> 16) % 13);
  };
  std::vector<float> neg(300), pos(170);
  for (float& s : neg) s = next();
  for (float& s : pos) s = next() + 2.0f;
  const double auc = roc_auc(neg, pos);
  EXPECT_NEAR(auc, brute_force_auc(neg, pos), eps);
  EXPECT_NEAR(partial_auc(roc_curve(neg, pos), 1.0).raw, auc, eps);
  EXPECT_GT(auc, 0.5);
  EXPECT_LT(auc, 1.0);
}

TEST(metrics, infinite_scores_sort_as_values) {
  const float inf = std::numeric_limits<float>::infinity();
  std::vector<float> neg = {-inf, 0.0f, inf}, pos = {inf, 1.0f};
  // pos inf: beats 2, ties 1 -> 2.5; pos 1: beats 2 -> 2; (2.5 + 2) / 6
  EXPECT_NEAR(roc_auc(neg, pos), 4.5 / 6, eps);
  EXPECT_NEAR(brute_force_auc(neg, pos), 4.5 / 6, eps);
}

TEST(metrics, empty_sets_give_nan) {
  std::vector<float> some = {1.0f}, none;
  EXPECT_TRUE(std::isnan(roc_auc(none, some)));
  EXPECT_TRUE(std::isnan(roc_auc(some, none)));
  EXPECT_TRUE(roc_curve(some, none).empty());
  EXPECT_TRUE(std::isnan(partial_auc({}, 0.01).raw));
  rates r = rates_at(none, none, 0.0f);
  EXPECT_TRUE(std::isnan(r.fpr()));
  EXPECT_TRUE(std::isnan(r.tpr()));
}

// The calibrated threshold sits on a score several benign messages share: with
// "flag at or above", all of them count as false positives; with "flag above",
// none does. Both rates move together.
TEST(metrics, rates_at_a_threshold_with_ties_on_it) {
  std::vector<float> neg = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.7f, 0.7f, 0.9f};
  std::vector<float> pos = {0.7f, 0.7f, 0.8f, 0.95f, 0.2f};
  rates at = rates_at(neg, pos, 0.7f, threshold_rule::at_or_above);
  EXPECT_EQ(at.negatives, 10u);
  EXPECT_EQ(at.positives, 5u);
  EXPECT_EQ(at.false_positives, 4u);  // 0.7 x 3 and 0.9
  EXPECT_EQ(at.true_positives, 4u);   // 0.7 x 2, 0.8, 0.95
  EXPECT_DOUBLE_EQ(at.fpr(), 0.4);
  EXPECT_DOUBLE_EQ(at.tpr(), 0.8);
  rates above = rates_at(neg, pos, 0.7f, threshold_rule::above);
  EXPECT_EQ(above.false_positives, 1u);
  EXPECT_EQ(above.true_positives, 2u);
  EXPECT_DOUBLE_EQ(above.fpr(), 0.1);
  EXPECT_DOUBLE_EQ(above.tpr(), 0.4);
  // the ROC curve has exactly these two operating points around the tie
  auto curve = roc_curve(neg, pos);
  bool saw_at = false, saw_above = false;
  for (const roc_point& p : curve) {
    if (p.threshold == 0.7f) saw_at = std::abs(p.fpr - 0.4) < eps && std::abs(p.tpr - 0.8) < eps;
    if (p.threshold == 0.8f) saw_above = std::abs(p.fpr - 0.1) < eps && std::abs(p.tpr - 0.4) < eps;
  }
  EXPECT_TRUE(saw_at);
  EXPECT_TRUE(saw_above);
}

TEST(metrics, wilson_interval) {
  interval none = wilson_interval(0, 10);
  EXPECT_DOUBLE_EQ(none.low, 0.0);
  EXPECT_NEAR(none.high, 0.2775, 1e-4);
  interval half = wilson_interval(5, 10);
  EXPECT_NEAR(half.low, 0.2366, 1e-4);
  EXPECT_NEAR(half.high, 0.7634, 1e-4);
  interval all = wilson_interval(10, 10);
  EXPECT_NEAR(all.low, 1.0 - 0.2775, 1e-4);
  EXPECT_DOUBLE_EQ(all.high, 1.0);
  interval empty = wilson_interval(0, 0);
  EXPECT_DOUBLE_EQ(empty.low, 0.0);
  EXPECT_DOUBLE_EQ(empty.high, 1.0);
}

TEST(metrics, fpr_measurable_needs_one_over_n) {
  EXPECT_TRUE(fpr_measurable(1e-3, 1000));
  EXPECT_FALSE(fpr_measurable(1e-4, 1000));
  EXPECT_TRUE(fpr_measurable(1e-4, 10000));
  EXPECT_FALSE(fpr_measurable(1e-2, 99));
  EXPECT_FALSE(fpr_measurable(1e-2, 0));
}

TEST(metrics, edit_distance_buckets) {
  const std::uint64_t distances[] = {0, 1, 2, 3, 5, 6, 10, 11, 1000000};
  const std::size_t buckets[] = {0, 1, 2, 3, 3, 4, 4, 5, 5};
  for (std::size_t i = 0; i < std::size(distances); ++i) EXPECT_EQ(edit_bucket(distances[i]), buckets[i]) << distances[i];
  EXPECT_EQ(edit_bucket_label(0), "0");
  EXPECT_EQ(edit_bucket_label(1), "1");
  EXPECT_EQ(edit_bucket_label(2), "2");
  EXPECT_EQ(edit_bucket_label(3), "3-5");
  EXPECT_EQ(edit_bucket_label(4), "6-10");
  EXPECT_EQ(edit_bucket_label(5), ">10");
  EXPECT_EQ(edit_bucket_label(6), "");
}

}  // namespace
