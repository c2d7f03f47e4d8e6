// sipspan CLI — `sipspan evaluate` by attack family: each family's TPR at the
// calibrated thresholds, its ROC AUC against the benign test split and how often the
// top reason names a header the family's transforms touched, in text, JSON and the
// Markdown report.
//
// The profile and its thresholds come from benign messages only (evaluate.cpp fixes
// them before it reads an attack), so every family is unseen by everything tunable:
// each row is the leave-one-family-out result for that family.

#include <array>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "evaluate.hpp"
#include "input.hpp"
#include "markdown.hpp"

namespace sipspan::cli {
namespace {

constexpr std::size_t mid = 1;  // index of the 10^-3 operating point

}  // namespace

void family_metrics(evaluation& e) {
  std::vector<float> neg;
  for (const scored_message& s : e.benign_test) neg.push_back(s.score);
  std::map<std::string, group_row> rows;
  std::map<std::string, std::vector<float>> pos;
  for (const scored_message& a : e.attacks) {
    std::array<bool, target_count> hit{};
    for (std::size_t t = 0; t < target_count; ++t) hit[t] = flagged(a.score, e.points[t].threshold, threshold_rule::at_or_above);
    std::set<std::string> mine(a.families.begin(), a.families.end());
    for (const std::string& f : mine) {
      group_row& g = rows[f];
      g.name = f;
      ++g.attacks;
      pos[f].push_back(a.score);
      for (std::size_t t = 0; t < target_count; ++t) g.detected[t] += hit[t];
      bool named = false;  // the top reason names a header one of this family's transforms touched
      for (std::size_t j = 0; j < a.families.size() && j < a.transform_named.size(); ++j)
        named = named || (a.families[j] == f && a.transform_named[j]);
      g.named += named;
      g.flagged_named += named && hit[mid];
      if (mine.size() == 1) {
        ++g.alone;
        g.alone_detected += hit[mid];
        g.alone_named += named;
      }
    }
  }
  e.by_family.clear();
  for (auto& [name, g] : rows) {
    g.auc = roc_auc(neg, pos[name]);
    e.by_family.push_back(std::move(g));
  }
}

std::string family_text(const evaluation& e) {
  if (e.by_family.empty()) return {};
  std::string s = "family (leave-one-family-out)   attacks  AUC     TPR@10^-2  TPR@10^-3  named@10^-3\n";
  for (const group_row& g : e.by_family) {
    char buf[512];
    std::snprintf(buf, sizeof buf, "%-31s  %7zu  %-6s  %9s  %9s  %s\n", shown_text(g.name, 64).c_str(), g.attacks,
                  fixed(g.auc, 4).c_str(), percent(g.detected[0], g.attacks).c_str(),
                  percent(g.detected[mid], g.attacks).c_str(), percent(g.flagged_named, g.detected[mid]).c_str());
    s += buf;
  }
  return s;
}

void family_json(json_writer& j, const evaluation& e) {
  j.key("families").begin_array();
  for (const group_row& g : e.by_family) {
    j.begin_object();
    j.field("name", std::string_view(g.name));
    j.field("attacks", static_cast<std::uint64_t>(g.attacks));
    j.field("auc", g.auc);
    j.key("detected").begin_array();
    for (std::size_t d : g.detected) j.value(static_cast<std::uint64_t>(d));
    j.end_array();
    j.field("named", static_cast<std::uint64_t>(g.named));
    j.field("flagged_named_at_1e-3", static_cast<std::uint64_t>(g.flagged_named));
    j.field("alone", static_cast<std::uint64_t>(g.alone));
    j.field("alone_detected_at_1e-3", static_cast<std::uint64_t>(g.alone_detected));
    j.end_object();
  }
  j.end_array();
}

std::string family_markdown(const evaluation& e) {
  if (e.by_family.empty()) return {};
  std::string s = "## By family (leave-one-family-out)\n\n";
  s += "`sipspan evaluate` trains the profile on the first 60 % of the benign set and calibrates it on the next 20 %; "
       "it reads no attack before the profile, its weights and its thresholds are fixed, so every attack family "
       "is unknown to everything tunable and each row is that family's leave-one-family-out result "
       "(`--save-profile` writes the calibrated profile; a test checks it is byte-identical whatever attacks are "
       "given). An attack counts once for each family its label lists. *AUC*: these attacks against the benign "
       "test split. *Named*: of the attacks flagged at 10⁻³, those whose top reason names a header a transform "
       "of this family touched. Targets: TPR ≥ 80 % at 10⁻³ for every family.\n\n";
  s += "| family | attacks | ROC AUC | TPR at 10⁻² | TPR at 10⁻³ | flagged at 10⁻³, top reason names the header | "
       "alone | alone: TPR at 10⁻³ |\n";
  s += "|---|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const group_row& g : e.by_family)
    s += "| " + md_text(g.name) + (g.detected[mid] * 5 < g.attacks * 4 ? " ✗" : "") + " | " +
         std::to_string(g.attacks) + " | " + fixed(g.auc, 4) + " | " + percent(g.detected[0], g.attacks) + " | " +
         percent(g.detected[mid], g.attacks) + " | " + percent(g.flagged_named, g.detected[mid]) + " | " +
         std::to_string(g.alone) + " | " + percent(g.alone_detected, g.alone) + " |\n";
  s += "\n✗: below the 80 % target at 10⁻³.\n\n";
  return s;
}

}  // namespace sipspan::cli
