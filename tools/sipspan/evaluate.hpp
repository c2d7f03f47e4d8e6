// sipspan CLI — `sipspan evaluate`: what it measures, shared by the code that
// measures (evaluate.cpp) and the code that writes it out (evaluate_report.cpp).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "json_writer.hpp"
#include "metrics.hpp"

namespace sipspan::cli {

// The target false-positive rates of the report, each with the calibrated
// threshold threshold_for_fpr(target).
inline constexpr std::array<double, 3> target_fprs = {1e-2, 1e-3, 1e-4};
inline constexpr std::size_t target_count = target_fprs.size();
// partial AUC runs from FPR 0 up to this
inline constexpr double pauc_max_fpr = 0.01;

// One scored message of a test set.
struct scored_message {
  std::string file;       // name inside its directory (or the path given)
  float score = 0;
  bool parsed = true;     // false: the tolerant parse failed and the scorer's unparseable result stands
  std::string top_reason; // "feature at Header (offset N)", empty when the scorer gave none
  // attacks only
  std::vector<std::string> transforms;
  std::vector<std::string> families;  // the label's "families", one per transform (empty in older labels)
  std::uint64_t edit_distance = 0;
  bool labelled = false;
  bool legal = false;       // every transform stays inside RFC 3261's grammar (label's "legal")
  bool header_named = false;  // the top reason names a header one of the transforms mutated
  std::vector<bool> transform_named;  // per transform: the top reason names its header
  bool location_hit = false;  // the top reason's bytes overlap one of the edits
};

struct operating_point {
  double target_fpr = 0;
  float threshold = 0;
  rates at;                  // benign test split and attacks at the threshold
  bool measurable = false;   // the benign test split can show an FPR this small
};

// Per transform, or per edit-distance bucket.
struct group_row {
  std::string name;
  std::size_t attacks = 0;
  std::size_t alone = 0;  // attacks with this transform and no other
  std::array<std::size_t, target_count> detected{};
  std::size_t alone_detected = 0;  // at the 10^-3 threshold
  std::size_t alone_named = 0;     // alone, and the top reason names its header
  std::size_t named = 0;           // top reason names this transform's header
  double auc = 0;                  // by family: ROC AUC of these attacks against the benign test split
  std::size_t flagged_named = 0;   // by family: flagged at 10^-3 and the top reason names a header of the family
};

struct evaluation {
  // inputs and the split
  std::string benign_path, attack_path, profile_path;  // profile_path empty: trained here
  std::string command_line;
  std::size_t benign_total = 0, train_count = 0, calibrate_count = 0, test_count = 0;
  std::size_t train_unparseable = 0, calibrate_unparseable = 0;
  std::size_t trained_messages = 0;  // as the profile reports
  std::size_t attack_files = 0, attack_unlabelled = 0, attack_without_edit = 0, labels_without_file = 0;
  bool labels_found = false;

  std::vector<scored_message> benign_test, attacks;  // attacks: those evaluated (an edit applied)

  // results
  double auc = 0;
  partial_auc_result pauc;
  std::vector<roc_point> roc;
  std::array<operating_point, target_count> points{};
  std::size_t header_named = 0, location_hits = 0, with_reason = 0;
  std::size_t flagged = 0, flagged_named = 0;  // attacks flagged at the 10^-3 threshold, and of those named
  std::size_t legal_attacks = 0;
  std::array<std::size_t, target_count> legal_detected{};
  std::vector<group_row> by_transform;  // sorted by name
  // by family (labels with "families"): every family is unseen by the profile and its thresholds,
  // which come from benign messages alone, so each row is a leave-one-family-out result
  std::vector<group_row> by_family;  // sorted by name
  std::array<group_row, edit_bucket_count> by_edit_distance{};
};

// Formatting shared by the writers: v with `digits` decimals ("n/a" for NaN); k/n as
// "12.5 %" ("n/a" when n is 0).
std::string fixed(double v, int digits);
std::string percent(std::size_t k, std::size_t n);

// The per-family rows from the scored attacks and the thresholds (evaluate_family.cpp).
void family_metrics(evaluation& e);

// Writers (evaluate_report.cpp; the per-family sections in evaluate_family.cpp).
std::string family_text(const evaluation& e);
std::string family_markdown(const evaluation& e);
std::string evaluation_text(const evaluation& e);
std::string evaluation_json(const evaluation& e);
// The Markdown report; `svg_name` is the ROC figure's file name next to it.
std::string evaluation_markdown(const evaluation& e, const std::string& svg_name);
std::string roc_svg(const evaluation& e);
void family_json(json_writer& j, const evaluation& e);

}  // namespace sipspan::cli
