// sipspan — end-to-end tests of `sipspan evaluate`: run it on the committed benign
// and mimicry samples, read the --format json output back with simdjson and check
// that the figures hold together (the split adds up, rates lie in [0, 1], each
// transform is counted as often as labels.jsonl lists it); the Markdown report and
// its SVG; the per-family rows; that the calibrated profile and its thresholds do not
// depend on the attacks given (leave-one-family-out by construction); exit status 2
// on bad input.
//
// SIPSPAN_CLI names the sipspan binary (meson sets it; see cli_run.hpp).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <map>
#include <set>
#include <string>

#include "cli_run.hpp"

namespace {

namespace fs = std::filesystem;

// `sipspan evaluate ARGS`: exit status and stdout (stderr is not checked here).
sipspan::testing::run_result evaluate(const std::string& args) { return sipspan::testing::run_cli("evaluate " + args); }

std::string corpus_arg(const std::string& rel) {
  return sipspan::testing::shell_quote((sipspan::testing::corpus_dir() / rel).string());
}

std::size_t message_files(const fs::path& dir) {
  std::size_t n = 0;
  for (const auto& e : fs::directory_iterator(dir))
    n += e.path().extension() == ".sip" || e.path().extension() == ".msg";
  return n;
}

std::uint64_t u64(simdjson::dom::element e) { return e.get_uint64().value(); }
double dbl(simdjson::dom::element e) { return e.get_double().value(); }
simdjson::dom::array array_of(simdjson::dom::element e, const char* key) { return e[key].get_array().value(); }

class evaluate_samples : public ::testing::Test {
 protected:
  void SetUp() override {
    benign_ = sipspan::testing::corpus_dir() / "benign";
    attack_ = sipspan::testing::corpus_dir() / "mimicry";
    if (!fs::is_directory(benign_) || !fs::is_directory(attack_)) GTEST_SKIP() << "no corpus/benign or corpus/mimicry";
  }
  // `evaluate --format json` on the committed samples, parsed into doc (held by parser).
  void sample_json(simdjson::dom::parser& parser, simdjson::dom::element& doc) {
    sipspan::testing::run_result r =
        evaluate("--benign " + corpus_arg("benign") + " --attack " + corpus_arg("mimicry") + " --format json");
    ASSERT_EQ(r.status, 0);
    ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out.substr(0, 300);
  }
  fs::path benign_, attack_;
};

TEST_F(evaluate_samples, json_figures_hold_together) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_NO_FATAL_FAILURE(sample_json(parser, doc));

  // the split: 60/20/20 by order, adding up to the benign files
  simdjson::dom::element benign = doc["benign"];
  const std::uint64_t messages = u64(benign["messages"]), test = u64(benign["test"]);
  EXPECT_EQ(messages, message_files(benign_));
  EXPECT_EQ(u64(benign["train"]) + u64(benign["calibrate"]) + test, messages);
  EXPECT_EQ(u64(benign["train"]), messages * 60 / 100);
  EXPECT_EQ(u64(benign["train"]) + u64(benign["calibrate"]), messages * 80 / 100);
  EXPECT_EQ(std::string_view(doc["profile"]["source"].get_string().value()), "trained");

  simdjson::dom::element attack = doc["attack"];
  const std::uint64_t evaluated = u64(attack["evaluated"]);
  EXPECT_EQ(u64(attack["files"]), message_files(attack_));
  EXPECT_EQ(evaluated + u64(attack["without_edit"]), u64(attack["files"]));
  EXPECT_TRUE(attack["labels_found"].get_bool().value());
  EXPECT_EQ(u64(attack["unlabelled"]), 0u);
  EXPECT_GT(evaluated, 0u);

  const double auc = dbl(doc["auc"]);
  EXPECT_GE(auc, 0.0);
  EXPECT_LE(auc, 1.0);
  EXPECT_EQ(dbl(doc["pauc"]["max_fpr"]), 0.01);
  EXPECT_GE(dbl(doc["pauc"]["normalized"]), 0.0);
  EXPECT_LE(dbl(doc["pauc"]["normalized"]), 1.0);
  EXPECT_NEAR(dbl(doc["pauc"]["raw"]), dbl(doc["pauc"]["normalized"]) * 0.01, 1e-9);

  // operating points 10^-2, 10^-3, 10^-4: counts on the right sets, thresholds
  // that do not fall as the target does, so detections do not rise
  simdjson::dom::array points = doc["operating_points"].get_array().value();
  ASSERT_EQ(points.size(), 3u);
  const double targets[] = {1e-2, 1e-3, 1e-4};
  double last_threshold = -1e30;
  std::uint64_t last_tp = evaluated, last_fp = test;
  std::size_t i = 0;
  for (simdjson::dom::element p : points) {
    EXPECT_DOUBLE_EQ(dbl(p["target_fpr"]), targets[i]);
    EXPECT_EQ(u64(p["benign_test"]), test);
    EXPECT_EQ(u64(p["attacks"]), evaluated);
    const std::uint64_t fp = u64(p["false_positives"]), tp = u64(p["true_positives"]);
    EXPECT_LE(fp, last_fp);
    EXPECT_LE(tp, last_tp);
    EXPECT_NEAR(dbl(p["measured_fpr"]), static_cast<double>(fp) / static_cast<double>(test), 1e-5);
    EXPECT_NEAR(dbl(p["tpr"]), static_cast<double>(tp) / static_cast<double>(evaluated), 1e-5);
    EXPECT_GE(dbl(p["threshold"]), last_threshold);
    EXPECT_EQ(p["fpr_measurable"].get_bool().value(), targets[i] * static_cast<double>(test) >= 1.0 - 1e-9);
    last_threshold = dbl(p["threshold"]);
    last_tp = tp;
    last_fp = fp;
    ++i;
  }

  // per transform: as many attacks as labels.jsonl lists (attacks with an edit only)
  std::map<std::string, std::uint64_t> want;
  std::uint64_t labelled_with_edit = 0;
  simdjson::dom::document_stream labels;
  simdjson::padded_string text = simdjson::padded_string::load((attack_ / "labels.jsonl").string()).value();
  ASSERT_EQ(parser.parse_many(text).get(labels), simdjson::SUCCESS);
  for (simdjson::dom::element l : labels) {
    std::set<std::string> names;
    for (simdjson::dom::element t : array_of(l, "transforms")) names.emplace(t.get_string().value());
    for (const std::string& n : names) ++want[n];
    labelled_with_edit += !names.empty();
  }
  EXPECT_EQ(labelled_with_edit, evaluated);

  simdjson::dom::parser parser2;  // `labels` borrows the first parser
  ASSERT_NO_FATAL_FAILURE(sample_json(parser2, doc));
  std::map<std::string, std::uint64_t> got;
  std::uint64_t alone_total = 0;
  for (simdjson::dom::element t : array_of(doc, "transforms")) {
    const std::uint64_t n = u64(t["attacks"]);
    got[std::string(t["name"].get_string().value())] = n;
    EXPECT_LE(u64(t["named"]), n);
    for (simdjson::dom::element d : array_of(t, "detected")) EXPECT_LE(u64(d), n);
  }
  EXPECT_EQ(got, want);
  for (simdjson::dom::element t : array_of(doc, "alone")) {
    alone_total += u64(t["attacks"]);
    EXPECT_LE(u64(t["detected_at_1e-3"]), u64(t["attacks"]));
    EXPECT_LE(u64(t["named"]), u64(t["attacks"]));
  }
  EXPECT_LE(alone_total, evaluated);

  // edit-distance buckets cover every attack once
  std::uint64_t bucketed = 0;
  for (simdjson::dom::element b : array_of(doc, "edit_distance")) bucketed += u64(b["attacks"]);
  EXPECT_EQ(bucketed, evaluated);

  EXPECT_LE(u64(doc["top_reason"]["names_mutated_header"]), evaluated);
  EXPECT_LE(u64(doc["top_reason"]["touches_edit"]), evaluated);
  EXPECT_EQ(u64(doc["top_reason"]["attacks"]), evaluated);
  EXPECT_EQ(u64(doc["top_reason"]["flagged_at_1e-3"]), u64(array_of(doc, "operating_points").at(1)["true_positives"]));
  EXPECT_LE(u64(doc["top_reason"]["flagged_and_named"]), u64(doc["top_reason"]["flagged_at_1e-3"]));

  // the listings: the lowest-scoring attacks ascending, the highest-scoring benign descending
  simdjson::dom::array missed = doc["worst_missed"].get_array().value();
  EXPECT_EQ(missed.size(), std::min<std::uint64_t>(10, evaluated));
  double last = -1e30;
  for (simdjson::dom::element m : missed) {
    EXPECT_GE(dbl(m["score"]), last);
    last = dbl(m["score"]);
  }
  simdjson::dom::array top = doc["top_benign"].get_array().value();
  EXPECT_EQ(top.size(), std::min<std::uint64_t>(10, test));
  last = 1e30;
  for (simdjson::dom::element m : top) {
    EXPECT_LE(dbl(m["score"]), last);
    last = dbl(m["score"]);
  }
}

TEST_F(evaluate_samples, markdown_report_and_svg) {
  fs::path dir = fs::path(::testing::TempDir()) / "sipspan_evaluate_report";
  fs::create_directories(dir);
  fs::path md = dir / "report.md";
  sipspan::testing::run_result r = evaluate("--benign " + corpus_arg("benign") + " --attack " +
                                            corpus_arg("mimicry") + " --report " + sipspan::testing::shell_quote(md.string()));
  ASSERT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("ROC AUC"), std::string::npos) << r.out;
  std::string report = sipspan::testing::read_file(md);
  std::string svg = sipspan::testing::read_file(dir / "report.svg");
  ASSERT_FALSE(report.empty());
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("<polyline"), std::string::npos);
  EXPECT_NE(report.find("](report.svg)"), std::string::npos);
  EXPECT_NE(report.find("<svg"), std::string::npos);  // inline as well
  for (const char* section : {"## Data and split", "## Operating points", "## By family (leave-one-family-out)",
                              "## By transform", "## By edit distance",
                              "## The 10 worst-missed attacks", "## The 10 highest-scoring benign test messages"})
    EXPECT_NE(report.find(section), std::string::npos) << section;
  fs::remove_all(dir);
}

// Every family of labels.jsonl has a row; a row counts each attack that lists the
// family once, its rates hold together and its AUC is a probability.
TEST_F(evaluate_samples, families_add_up) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_NO_FATAL_FAILURE(sample_json(parser, doc));
  std::map<std::string, std::uint64_t> expected;  // family -> attacks (with an edit) listing it
  simdjson::dom::parser lp;
  simdjson::padded_string text = simdjson::padded_string::load((attack_ / "labels.jsonl").string()).value();
  std::string_view rest(text.data(), text.size());
  while (!rest.empty()) {
    std::size_t nl = rest.find('\n');
    std::string_view line = rest.substr(0, nl);
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    simdjson::dom::element rec = lp.parse(simdjson::padded_string(line)).value();
    std::set<std::string> fams;
    for (simdjson::dom::element f : array_of(rec, "families")) fams.insert(std::string(f.get_string().value()));
    for (const std::string& f : fams) ++expected[f];
  }
  ASSERT_FALSE(expected.empty()) << "corpus/mimicry/labels.jsonl has no families";
  std::map<std::string, std::uint64_t> got;
  for (simdjson::dom::element f : array_of(doc, "families")) {
    std::string name(f["name"].get_string().value());
    const std::uint64_t n = u64(f["attacks"]);
    got[name] = n;
    std::vector<std::uint64_t> d;
    for (simdjson::dom::element x : array_of(f, "detected")) d.push_back(u64(x));
    ASSERT_EQ(d.size(), 3u);
    EXPECT_GE(d[0], d[1]) << name;  // thresholds rise as the target FPR falls
    EXPECT_GE(d[1], d[2]) << name;
    EXPECT_LE(d[0], n) << name;
    EXPECT_LE(u64(f["flagged_named_at_1e-3"]), d[1]) << name;
    EXPECT_LE(u64(f["alone"]), n) << name;
    EXPECT_LE(u64(f["alone_detected_at_1e-3"]), u64(f["alone"])) << name;
    EXPECT_GE(dbl(f["auc"]), 0.0) << name;
    EXPECT_LE(dbl(f["auc"]), 1.0) << name;
  }
  EXPECT_EQ(got, expected);
}

// Everything tunable comes from the benign set alone: the calibrated profile (and so
// every threshold) is byte-identical whichever attacks are given, so each attack
// family is unseen by it.
TEST_F(evaluate_samples, profile_and_thresholds_ignore_the_attacks) {
  fs::path dir = fs::path(::testing::TempDir()) / "sipspan_evaluate_lofo";
  fs::create_directories(dir);
  std::vector<std::string> profiles, thresholds;
  for (const std::string& attack : {corpus_arg("mimicry"), corpus_arg("seed/seed-mimicry.sip")}) {
    fs::path p = dir / ("profile-" + std::to_string(profiles.size()) + ".json");
    sipspan::testing::run_result r = evaluate("--benign " + corpus_arg("benign") + " --attack " + attack +
                                              " --format json --save-profile " + sipspan::testing::shell_quote(p.string()));
    ASSERT_EQ(r.status, 0);
    profiles.push_back(sipspan::testing::read_file(p));
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
    std::string t;
    for (simdjson::dom::element op : array_of(doc, "operating_points")) t += std::to_string(dbl(op["threshold"])) + " ";
    thresholds.push_back(t);
  }
  ASSERT_FALSE(profiles[0].empty());
  EXPECT_NE(profiles[0].find("\"calibration_messages\": 60"), std::string::npos) << "the saved profile is not the calibrated one";
  EXPECT_EQ(profiles[0], profiles[1]);
  EXPECT_EQ(thresholds[0], thresholds[1]);
  fs::remove_all(dir);
}

TEST(evaluate, single_files_and_no_labels) {
  // benign: the bench corpus (14 messages); attack: one message file without labels
  sipspan::testing::run_result r =
      evaluate("--benign " + corpus_arg("bench") + " --attack " + corpus_arg("seed/seed-mimicry.sip") + " --format json");
  ASSERT_EQ(r.status, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out.substr(0, 300);
  EXPECT_EQ(u64(doc["attack"]["files"]), 1u);
  EXPECT_EQ(u64(doc["attack"]["evaluated"]), 1u);
  EXPECT_EQ(u64(doc["attack"]["unlabelled"]), 1u);
  EXPECT_FALSE(doc["attack"]["labels_found"].get_bool().value());
  EXPECT_EQ(u64(doc["benign"]["train"]) + u64(doc["benign"]["calibrate"]) + u64(doc["benign"]["test"]),
            message_files(sipspan::testing::corpus_dir() / "bench"));
  EXPECT_EQ(doc["transforms"].get_array().value().size(), 0u);
}

TEST(evaluate, usage_and_io_errors_exit_2) {
  EXPECT_EQ(evaluate("--benign /nonexistent/dir --attack " + corpus_arg("seed")).status, 2);
  // one benign message cannot be split 60/20/20
  EXPECT_EQ(evaluate("--benign " + corpus_arg("seed/seed-invite.sip") + " --attack " + corpus_arg("seed")).status, 2);
  EXPECT_EQ(evaluate("--benign " + corpus_arg("bench")).status, 2);  // --attack is required
  EXPECT_EQ(evaluate("--benign " + corpus_arg("bench") + " --attack " + corpus_arg("seed") + " --format xml").status, 2);
}

}  // namespace
