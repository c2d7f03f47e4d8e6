// sipspan CLI — writing out `sipspan evaluate`: a text summary, JSON, a Markdown
// report and its ROC curve as SVG (log FPR axis from 10^-4 to 1, linear TPR).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "evaluate.hpp"
#include "input.hpp"
#include "markdown.hpp"
#include "json_writer.hpp"

namespace sipspan::cli {

std::string fixed(double v, int digits) {
  if (std::isnan(v)) return "n/a";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", digits, v);
  return buf;
}

std::string percent(std::size_t k, std::size_t n) {
  return n == 0 ? std::string("n/a") : fixed(100.0 * static_cast<double>(k) / static_cast<double>(n), 1) + " %";
}

namespace {

std::string general(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// "10^-3" for text, "10⁻³" for Markdown
std::string power_text(double f) { return "10^" + std::to_string(static_cast<int>(std::lround(std::log10(f)))); }
std::string power_markdown(double f) {
  static const char* const sup[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
  int e = static_cast<int>(std::lround(std::log10(f)));
  std::string s = "10";
  if (e < 0) s += "⁻";
  for (char c : std::to_string(std::abs(e))) s += sup[c - '0'];
  return s;
}

constexpr std::size_t mid = 1;  // index of the 10^-3 operating point
constexpr std::size_t max_shown_label = 64;  // bytes of a transform's name the text shows
constexpr std::size_t listed = 10;

std::vector<const scored_message*> worst_missed(const evaluation& e) {
  std::vector<const scored_message*> v;
  for (const scored_message& a : e.attacks) v.push_back(&a);
  std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->score < b->score; });
  if (v.size() > listed) v.resize(listed);
  return v;
}

std::vector<const scored_message*> top_benign(const evaluation& e) {
  std::vector<const scored_message*> v;
  for (const scored_message& b : e.benign_test) v.push_back(&b);
  std::stable_sort(v.begin(), v.end(), [](auto* a, auto* b) { return a->score > b->score; });
  if (v.size() > listed) v.resize(listed);
  return v;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string s;
  for (std::size_t i = 0; i < v.size(); ++i) s += (i ? sep : "") + v[i];
  return s;
}

std::string range(std::size_t from, std::size_t count) {
  return count == 0 ? std::string("none") : std::to_string(from + 1) + "–" + std::to_string(from + count);
}

}  // namespace

std::string evaluation_text(const evaluation& e) {
  std::string s;
  s += "benign  " + shown_text(e.benign_path, e.benign_path.size()) + ": " + std::to_string(e.benign_total) + " messages, train " +
       std::to_string(e.train_count) + (e.profile_path.empty() ? "" : " (unused: --profile)") + ", calibrate " +
       std::to_string(e.calibrate_count) + ", test " + std::to_string(e.test_count) + "\n";
  s += "attack  " + shown_text(e.attack_path, e.attack_path.size()) + ": " + std::to_string(e.attack_files) + " files, " + std::to_string(e.attacks.size()) +
       " evaluated";
  if (e.attack_without_edit) s += ", " + std::to_string(e.attack_without_edit) + " without an edit left out";
  if (e.attack_unlabelled) s += ", " + std::to_string(e.attack_unlabelled) + " unlabelled";
  s += "\n";
  s += "ROC AUC " + fixed(e.auc, 4) + "   pAUC(FPR <= " + general(pauc_max_fpr) + ") " + fixed(e.pauc.normalized, 4) +
       " (area / " + general(pauc_max_fpr) + "; McClish " + fixed(e.pauc.mcclish, 4) + ")\n";
  s += "target FPR  threshold  benign FP/test  measured FPR  attacks TP/n   TPR\n";
  for (const operating_point& p : e.points) {
    char buf[256];
    std::snprintf(buf, sizeof buf, "%-10s  %9.3f  %6zu/%-7zu  %-12s  %6zu/%-6zu  %s%s\n", power_text(p.target_fpr).c_str(),
                  static_cast<double>(p.threshold), p.at.false_positives, p.at.negatives, general(p.at.fpr()).c_str(),
                  p.at.true_positives, p.at.positives, percent(p.at.true_positives, p.at.positives).c_str(),
                  p.measurable ? "" : "  (benign test split too small to measure this FPR)");
    s += buf;
  }
  s += "top reason names a mutated header: " + std::to_string(e.header_named) + "/" + std::to_string(e.attacks.size()) +
       " (" + percent(e.header_named, e.attacks.size()) + "); its bytes touch an edit: " +
       percent(e.location_hits, e.attacks.size()) + "\n";
  if (!e.by_transform.empty()) {
    s += "transform                           attacks  TPR@10^-3  named\n";
    for (const group_row& g : e.by_transform) {
      char buf[512];  // the name shown takes at most 4 * 64 + 3 bytes
      // a label's name, as the labels file spells it: escaped and cut
      std::snprintf(buf, sizeof buf, "%-34s  %7zu  %9s  %s\n", shown_text(g.name, max_shown_label).c_str(), g.attacks,
                    percent(g.detected[mid], g.attacks).c_str(), percent(g.named, g.attacks).c_str());
      s += buf;
    }
  }
  s += family_text(e);
  return s;
}

std::string evaluation_json(const evaluation& e) {
  std::string out;
  json_writer j(out, true);
  j.begin_object();
  j.key("benign").begin_object();
  j.field("path", std::string_view(e.benign_path));
  j.field("messages", static_cast<std::uint64_t>(e.benign_total));
  j.field("train", static_cast<std::uint64_t>(e.train_count));
  j.field("calibrate", static_cast<std::uint64_t>(e.calibrate_count));
  j.field("test", static_cast<std::uint64_t>(e.test_count));
  j.field("train_unparseable", static_cast<std::uint64_t>(e.train_unparseable));
  j.field("calibrate_unparseable", static_cast<std::uint64_t>(e.calibrate_unparseable));
  j.end_object();
  j.key("attack").begin_object();
  j.field("path", std::string_view(e.attack_path));
  j.field("files", static_cast<std::uint64_t>(e.attack_files));
  j.field("evaluated", static_cast<std::uint64_t>(e.attacks.size()));
  j.field("without_edit", static_cast<std::uint64_t>(e.attack_without_edit));
  j.field("unlabelled", static_cast<std::uint64_t>(e.attack_unlabelled));
  j.field("labels_found", e.labels_found);
  j.field("labels_without_file", static_cast<std::uint64_t>(e.labels_without_file));
  j.field("legal", static_cast<std::uint64_t>(e.legal_attacks));
  j.end_object();
  j.key("profile").begin_object();
  j.field("source", e.profile_path.empty() ? "trained" : "file");
  if (!e.profile_path.empty()) j.field("path", std::string_view(e.profile_path));
  j.field("trained_messages", static_cast<std::uint64_t>(e.trained_messages));
  j.end_object();
  j.field("auc", e.auc);
  j.key("pauc").begin_object();
  j.field("max_fpr", e.pauc.max_fpr);
  j.field("raw", e.pauc.raw);
  j.field("normalized", e.pauc.normalized);
  j.field("mcclish", e.pauc.mcclish);
  j.end_object();
  j.key("operating_points").begin_array();
  for (const operating_point& p : e.points) {
    j.begin_object();
    j.field("target_fpr", p.target_fpr);
    j.field("threshold", static_cast<double>(p.threshold));
    j.field("benign_test", static_cast<std::uint64_t>(p.at.negatives));
    j.field("false_positives", static_cast<std::uint64_t>(p.at.false_positives));
    j.field("measured_fpr", p.at.fpr());
    j.field("fpr_measurable", p.measurable);
    j.field("attacks", static_cast<std::uint64_t>(p.at.positives));
    j.field("true_positives", static_cast<std::uint64_t>(p.at.true_positives));
    j.field("tpr", p.at.tpr());
    j.end_object();
  }
  j.end_array();
  j.key("top_reason").begin_object();
  j.field("attacks", static_cast<std::uint64_t>(e.attacks.size()));
  j.field("with_reason", static_cast<std::uint64_t>(e.with_reason));
  j.field("names_mutated_header", static_cast<std::uint64_t>(e.header_named));
  j.field("touches_edit", static_cast<std::uint64_t>(e.location_hits));
  j.field("flagged_at_1e-3", static_cast<std::uint64_t>(e.flagged));
  j.field("flagged_and_named", static_cast<std::uint64_t>(e.flagged_named));
  j.end_object();
  auto group = [&](const group_row& g) {
    j.begin_object();
    j.field("name", std::string_view(g.name));
    j.field("attacks", static_cast<std::uint64_t>(g.attacks));
    j.key("detected").begin_array();
    for (std::size_t d : g.detected) j.value(static_cast<std::uint64_t>(d));
    j.end_array();
    j.field("named", static_cast<std::uint64_t>(g.named));
    j.end_object();
  };
  j.key("transforms").begin_array();
  for (const group_row& g : e.by_transform) {
    group(g);
  }
  j.end_array();
  j.key("alone").begin_array();
  for (const group_row& g : e.by_transform) {
    j.begin_object();
    j.field("name", std::string_view(g.name));
    j.field("attacks", static_cast<std::uint64_t>(g.alone));
    j.field("detected_at_1e-3", static_cast<std::uint64_t>(g.alone_detected));
    j.field("named", static_cast<std::uint64_t>(g.alone_named));
    j.end_object();
  }
  j.end_array();
  family_json(j, e);
  j.key("edit_distance").begin_array();
  for (const group_row& g : e.by_edit_distance) group(g);
  j.end_array();
  auto listing = [&](const char* key, const std::vector<const scored_message*>& v) {
    j.key(key).begin_array();
    for (const scored_message* m : v) {
      j.begin_object();
      j.field("file", std::string_view(m->file));
      j.field("score", static_cast<double>(m->score));
      j.field("parsed", m->parsed);
      j.field("top_reason", std::string_view(m->top_reason));
      if (!m->transforms.empty()) {
        j.key("transforms").begin_array();
        for (const std::string& t : m->transforms) j.value(std::string_view(t));
        j.end_array();
      }
      j.end_object();
    }
    j.end_array();
  };
  listing("worst_missed", worst_missed(e));
  listing("top_benign", top_benign(e));
  j.end_object();
  return out;
}

// ------------------------------------------------------------------ SVG ---

namespace {

constexpr double svg_w = 640, svg_h = 440;
constexpr double left = 70, right = 610, top = 40, bottom = 370;
constexpr double min_fpr = 1e-4;

double x_of(double fpr) { return left + (std::log10(std::max(fpr, min_fpr)) + 4.0) / 4.0 * (right - left); }
double y_of(double tpr) { return bottom - tpr * (bottom - top); }

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// SVG text "10" with a raised exponent
std::string svg_power(int e) {
  return "10<tspan dy=\"-6\" font-size=\"9\">" + std::string(e < 0 ? "−" : "") + std::to_string(std::abs(e)) +
         "</tspan>";
}

// The curve in pixels: diagonal segments (ties) sampled along the log axis,
// points closer than a tenth of a pixel to the last one dropped.
std::string curve_points(const std::vector<roc_point>& roc) {
  std::string s;
  double lx = -1, ly = -1;
  auto add = [&](double fpr, double tpr) {
    double x = std::round(x_of(fpr) * 10) / 10, y = std::round(y_of(tpr) * 10) / 10;
    if (x == lx && y == ly) return;
    s += (s.empty() ? "" : " ") + num(x) + "," + num(y);
    lx = x;
    ly = y;
  };
  for (std::size_t i = 0; i < roc.size(); ++i) {
    if (i > 0 && roc[i].fpr > roc[i - 1].fpr && roc[i].tpr > roc[i - 1].tpr && roc[i].fpr > min_fpr) {
      const roc_point& a = roc[i - 1];
      const roc_point& b = roc[i];
      double from = std::log10(std::max(a.fpr, min_fpr)), to = std::log10(b.fpr);
      for (int k = 1; k < 24; ++k) {
        double f = std::pow(10.0, from + (to - from) * k / 24.0);
        if (f <= a.fpr) continue;
        add(f, a.tpr + (b.tpr - a.tpr) * (f - a.fpr) / (b.fpr - a.fpr));
      }
    }
    add(roc[i].fpr, roc[i].tpr);
  }
  return s;
}

}  // namespace

std::string roc_svg(const evaluation& e) {
  std::string s;
  s += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(svg_w) + "\" height=\"" + num(svg_h) +
       "\" viewBox=\"0 0 " + num(svg_w) + " " + num(svg_h) + "\" font-family=\"sans-serif\" font-size=\"12\">\n";
  s += "<rect x=\"0\" y=\"0\" width=\"" + num(svg_w) + "\" height=\"" + num(svg_h) + "\" fill=\"white\"/>\n";
  s += "<text x=\"" + num((left + right) / 2) + "\" y=\"22\" text-anchor=\"middle\" font-size=\"14\">ROC: " +
       std::to_string(e.test_count) + " benign test messages, " + std::to_string(e.attacks.size()) +
       " attacks (AUC " + fixed(e.auc, 4) + ")</text>\n";
  // grid and ticks
  for (int d = -4; d <= 0; ++d) {
    double x = x_of(std::pow(10.0, d));
    s += "<line x1=\"" + num(x) + "\" y1=\"" + num(top) + "\" x2=\"" + num(x) + "\" y2=\"" + num(bottom) +
         "\" stroke=\"#ddd\"/>\n";
    s += "<text x=\"" + num(x) + "\" y=\"" + num(bottom + 18) + "\" text-anchor=\"middle\">" + svg_power(d) + "</text>\n";
  }
  for (int t = 0; t <= 10; t += 2) {
    double y = y_of(t / 10.0);
    s += "<line x1=\"" + num(left) + "\" y1=\"" + num(y) + "\" x2=\"" + num(right) + "\" y2=\"" + num(y) +
         "\" stroke=\"#ddd\"/>\n";
    s += "<text x=\"" + num(left - 8) + "\" y=\"" + num(y + 4) + "\" text-anchor=\"end\">" + fixed(t / 10.0, 1) +
         "</text>\n";
  }
  s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(right - left) + "\" height=\"" +
       num(bottom - top) + "\" fill=\"none\" stroke=\"#444\"/>\n";
  s += "<text x=\"" + num((left + right) / 2) + "\" y=\"" + num(bottom + 42) +
       "\" text-anchor=\"middle\">false-positive rate, benign test split (log scale; smaller rates, 0 included, "
       "on the left edge)</text>\n";
  s += "<text transform=\"translate(18 " + num((top + bottom) / 2) +
       ") rotate(-90)\" text-anchor=\"middle\">true-positive rate, attacks</text>\n";
  // chance
  std::string chance;
  for (int k = 0; k <= 40; ++k) {
    double f = std::pow(10.0, -4.0 + 4.0 * k / 40.0);
    chance += (k ? " " : "") + num(x_of(f)) + "," + num(y_of(f));
  }
  s += "<polyline points=\"" + chance + "\" fill=\"none\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\n";
  // the curve
  s += "<polyline points=\"" + curve_points(e.roc) + "\" fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\"/>\n";
  // operating points at the calibrated thresholds, one colour each, explained in a legend
  static const char* const colours[target_count] = {"#d0452f", "#e69a00", "#7a3fb0"};
  for (std::size_t t = 0; t < target_count; ++t) {
    const operating_point& p = e.points[t];
    s += "<circle cx=\"" + num(x_of(p.at.fpr())) + "\" cy=\"" + num(y_of(p.at.tpr())) + "\" r=\"" +
         num(5.0 - static_cast<double>(t)) + "\" fill=\"" + colours[t] + "\"/>\n";
    double ly = bottom - 14.0 * static_cast<double>(target_count - t) - 6;
    int d = static_cast<int>(std::lround(std::log10(p.target_fpr)));
    s += "<circle cx=\"" + num(right - 345) + "\" cy=\"" + num(ly - 4) + "\" r=\"4\" fill=\"" + colours[t] + "\"/>\n";
    s += "<text x=\"" + num(right - 335) + "\" y=\"" + num(ly) + "\" font-size=\"11\">threshold for FPR " + svg_power(d) +
         "<tspan dy=\"6\">: measured FPR " + general(p.at.fpr()) + ", TPR " + fixed(100 * p.at.tpr(), 1) +
         " %</tspan></text>\n";
  }
  s += "</svg>\n";
  return s;
}

// ------------------------------------------------------------- Markdown ---

std::string evaluation_markdown(const evaluation& e, const std::string& svg_name) {
  std::string s;
  s += "# Scorer evaluation\n\n";
  s += "Produced by " + md_code(e.command_line) + ".\n\n";

  s += "## Data and split\n\n";
  s += "The benign set is split by file-name order, never at random: the first 60 % trains the profile, the next "
       "20 % calibrates it (`calibrate()`: the thresholds `threshold_for_fpr(f)` come from these scores), the last "
       "20 % is the benign test split. Every attack is test data (made from a benign set other than this one, no "
       "attack shares a source message with the training or calibration data).\n\n";
  s += "| set | messages | files (1-based, in name order) | use |\n|---|---:|---|---|\n";
  s += "| benign | " + std::to_string(e.train_count) + " | " + range(0, e.train_count) + " | " +
       (e.profile_path.empty() ? "train a fresh profile" : "unused: the profile " + md_text(e.profile_path) + " was given") +
       (e.train_unparseable ? " (" + std::to_string(e.train_unparseable) + " unparseable, skipped)" : "") + " |\n";
  s += "| benign | " + std::to_string(e.calibrate_count) + " | " + range(e.train_count, e.calibrate_count) +
       " | calibrate" +
       (e.calibrate_unparseable ? " (" + std::to_string(e.calibrate_unparseable) + " unparseable)" : "") + " |\n";
  s += "| benign | " + std::to_string(e.test_count) + " | " + range(e.train_count + e.calibrate_count, e.test_count) +
       " | test (negatives) |\n";
  s += "| attack | " + std::to_string(e.attacks.size()) + " | all with an edit | test (positives) |\n\n";
  s += "Benign: " + md_code(e.benign_path) + ", " + std::to_string(e.benign_total) + " messages. Attacks: " +
       md_code(e.attack_path) + ", " + std::to_string(e.attack_files) + " files";
  if (e.attack_without_edit)
    s += "; " + std::to_string(e.attack_without_edit) +
         " whose label lists no transform (the generator found none that applied) are the benign source unchanged "
         "and are left out";
  if (e.attack_unlabelled) s += "; " + std::to_string(e.attack_unlabelled) + " have no label";
  if (!e.labels_found) s += "; no `labels.jsonl` was found";
  s += ". The profile has " + std::to_string(e.trained_messages) + " training messages.\n\n";

  s += "## Summary\n\n";
  s += "| measure | value |\n|---|---:|\n";
  s += "| ROC AUC (Mann-Whitney, ties count ½) | " + fixed(e.auc, 4) + " |\n";
  s += "| partial AUC, FPR 0 to " + general(pauc_max_fpr) + ", area / " + general(pauc_max_fpr) +
       " (1 = perfect, " + general(pauc_max_fpr / 2) + " = chance) | " + fixed(e.pauc.normalized, 4) + " |\n";
  s += "| the same, McClish-standardised (0.5 = chance, 1 = perfect) | " + fixed(e.pauc.mcclish, 4) + " |\n";
  for (const operating_point& p : e.points)
    s += "| TPR at the calibrated threshold for FPR " + power_markdown(p.target_fpr) + " | " +
         percent(p.at.true_positives, p.at.positives) + " |\n";
  s += "| top reason names a mutated header | " + percent(e.header_named, e.attacks.size()) + " |\n\n";

  s += "## Operating points\n\n";
  s += "Each threshold is `threshold_for_fpr(f)` of the calibrated profile; a message is flagged when its score is "
       "at or above it. The FPR is measured on the benign test split, the TPR on the attacks; the intervals are 95 % "
       "Wilson intervals.\n\n";
  s += "| target FPR | threshold | benign test flagged | measured FPR (95 %) | attacks flagged | TPR (95 %) |\n";
  s += "|---|---:|---:|---|---:|---|\n";
  for (const operating_point& p : e.points) {
    interval fi = wilson_interval(p.at.false_positives, p.at.negatives);
    interval ti = wilson_interval(p.at.true_positives, p.at.positives);
    s += "| " + power_markdown(p.target_fpr) + " | " + fixed(p.threshold, 3) + " | " +
         std::to_string(p.at.false_positives) + " / " + std::to_string(p.at.negatives) + " | " + general(p.at.fpr()) +
         " (" + general(fi.low) + "–" + general(fi.high) + ")" + (p.measurable ? "" : " †") + " | " +
         std::to_string(p.at.true_positives) + " / " + std::to_string(p.at.positives) + " | " +
         fixed(100 * p.at.tpr(), 2) + " % (" + fixed(100 * ti.low, 2) + "–" + fixed(100 * ti.high, 2) + ") |\n";
  }
  bool unmeasurable = std::any_of(e.points.begin(), e.points.end(), [](const operating_point& p) { return !p.measurable; });
  if (unmeasurable)
    s += "\n† The benign test split has " + std::to_string(e.test_count) +
         " messages: the smallest non-zero FPR it can show is 1/" + std::to_string(e.test_count) +
         ", larger than this target, so the target cannot be measured here (0 false positives says only that the "
         "FPR is probably below the interval's upper bound). The calibration split (" +
         std::to_string(e.calibrate_count) + " messages) that set the threshold is equally short of it.\n";
  if (e.legal_attacks) {
    s += "\nAttacks whose every transform stays inside RFC 3261's grammar: " + std::to_string(e.legal_attacks) +
         "; flagged";
    for (std::size_t t = 0; t < target_count; ++t)
      s += std::string(t ? "," : "") + " at " + power_markdown(e.points[t].target_fpr) + " " +
           percent(e.legal_detected[t], e.legal_attacks);
    s += ".\n";
  }
  s += "\n";

  s += "## ROC curve\n\n";
  s += "FPR on a log axis from 10⁻⁴ to 1 (points below 10⁻⁴, FPR 0 included, sit on the left edge), TPR linear; the "
       "dashed line is chance. Also in [" + md_text(svg_name) + "](" + md_link_target(svg_name) + ").\n\n";
  s += "![ROC curve](" + md_link_target(svg_name) + ")\n\n";
  std::string svg = roc_svg(e);
  svg.erase(std::remove(svg.begin(), svg.end(), '\r'), svg.end());
  s += svg + "\n";

  s += family_markdown(e);
  if (!e.by_transform.empty()) {
    s += "## By transform\n\n";
    s += "An attack counts once for each transform its label lists. *Named*: the top reason names the header this "
         "transform mutated (in an attack of several transforms it can name only one of them). *Alone*: the attacks "
         "made by this transform only: how many the 10⁻³ threshold flags, and in how many the top reason names the "
         "mutated header.\n\n";
    s += "| transform | attacks | TPR at 10⁻² | TPR at 10⁻³ | TPR at 10⁻⁴ | named | alone | alone: flagged at 10⁻³ | "
         "alone: named |\n";
    s += "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    for (const group_row& g : e.by_transform)
      s += "| " + md_text(g.name) + " | " + std::to_string(g.attacks) + " | " + percent(g.detected[0], g.attacks) + " | " +
           percent(g.detected[1], g.attacks) + " | " + percent(g.detected[2], g.attacks) + " | " +
           percent(g.named, g.attacks) + " | " + std::to_string(g.alone) + " | " + percent(g.alone_detected, g.alone) +
           " | " + percent(g.alone_named, g.alone) + " |\n";
    s += "\n## By edit distance\n\n";
    s += "Byte Levenshtein distance between the attack and its benign source, as the label gives it.\n\n";
    s += "| edit distance | attacks | TPR at 10⁻² | TPR at 10⁻³ | TPR at 10⁻⁴ | top reason names a mutated header |\n";
    s += "|---|---:|---:|---:|---:|---:|\n";
    for (const group_row& g : e.by_edit_distance) {
      if (g.attacks == 0 && g.name == "0") continue;
      s += "| " + md_text(g.name == ">10" ? "> 10" : g.name) + " | " + std::to_string(g.attacks) + " | " +
           percent(g.detected[0], g.attacks) + " | " + percent(g.detected[1], g.attacks) + " | " +
           percent(g.detected[2], g.attacks) + " | " + percent(g.named, g.attacks) + " |\n";
    }
    s += "\n";
  }

  s += "## Does the top reason name the mutated header?\n\n";
  s += "The top reason (largest contribution) names a mutated header when its header equals one of the headers the "
       "label says a transform mutated: by `header_id` for known names, by spelling for unknown ones; a start-line "
       "transform matches a reason on `header_id::other` with `header_index == no_header`. A looser check, whether "
       "the reason's bytes touch an edit (within two bytes), is given beside it.\n\n";
  s += "| attacks | with a reason | top reason names a mutated header | top reason's bytes touch an edit | "
       "flagged at 10⁻³ | of those, top reason names a mutated header |\n";
  s += "|---:|---:|---:|---:|---:|---:|\n";
  s += "| " + std::to_string(e.attacks.size()) + " | " + std::to_string(e.with_reason) + " | " +
       std::to_string(e.header_named) + " (" + percent(e.header_named, e.attacks.size()) + ") | " +
       std::to_string(e.location_hits) + " (" + percent(e.location_hits, e.attacks.size()) + ") | " +
       std::to_string(e.flagged) + " | " + std::to_string(e.flagged_named) + " (" +
       percent(e.flagged_named, e.flagged) + ") |\n\n";

  const float t3 = e.points[mid].threshold;
  s += "## The 10 worst-missed attacks\n\n";
  s += "Lowest scores first; *flagged* at the 10⁻³ threshold (" + fixed(t3, 3) + ").\n\n";
  s += "| file | score | flagged | transforms | edit distance | top reason |\n|---|---:|---|---|---:|---|\n";
  for (const scored_message* m : worst_missed(e))
    s += "| " + md_text(m->file) + " | " + fixed(m->score, 3) + " | " + (m->score >= t3 ? "yes" : "no") + " | " +
         md_text(join(m->transforms, ", ")) + " | " + std::to_string(m->edit_distance) + " | " +
         md_text(m->top_reason.empty() ? "(none)" : m->top_reason) + " |\n";
  s += "\n## The 10 highest-scoring benign test messages\n\n";
  s += "| file | score | flagged at 10⁻³ | top reason |\n|---|---:|---|---|\n";
  for (const scored_message* m : top_benign(e))
    s += "| " + md_text(m->file) + " | " + fixed(m->score, 3) + " | " + (m->score >= t3 ? "yes" : "no") + " | " +
         md_text(m->top_reason.empty() ? "(none)" : m->top_reason) + (m->parsed ? "" : " (does not parse)") + " |\n";

  s += "\n## Method\n\n";
  s += "- ROC AUC is the Mann-Whitney statistic: the share of (benign, attack) pairs in which the attack scores "
       "higher, a tie counting one half; it equals the trapezoid area under the ROC curve drawn through every "
       "distinct score.\n";
  s += "- Partial AUC is the area under that curve from FPR 0 to " + general(pauc_max_fpr) + ", divided by " +
       general(pauc_max_fpr) + ": the mean TPR over that FPR range (McClish's standardisation beside it maps chance "
       "to 0.5).\n";
  s += "- A message that does not parse (tolerant mode) gets the scorer's `unparseable` result.\n";
  return s;
}

}  // namespace sipspan::cli
