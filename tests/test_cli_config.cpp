// sipspan — end-to-end tests of sipspan.toml (found upward from each input:
// mode, selection, severities, per-file ignores, the scorer's model and FPR;
// the command line over it; errors with their line and column) and of lint
// baselines (--write-baseline, --baseline: only new findings are reported).
// Each test writes its own project under the test's temporary directory.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using sipspan::testing::run_result;

const std::string mimicry = sipspan::testing::corpus("seed/seed-mimicry.sip");

struct project {
  fs::path root;
  explicit project(const std::string& name) : root(fs::path(::testing::TempDir()) / ("sipspan_config_" + name)) {
    fs::remove_all(root);
    fs::create_directories(root / "sub");
    put("top.sip", mimicry);
    put("sub/m.sip", mimicry);
  }
  ~project() { fs::remove_all(root); }
  void put(const std::string& rel, const std::string& text) const {
    std::ofstream(root / rel, std::ios::binary) << text;
  }
  run_result run(const std::string& args, const std::string& in = "") const {
    return sipspan::testing::run_cli(args, nullptr, "", root / in);
  }
};

bool has(const std::string& s, const std::string& piece) { return s.find(piece) != std::string::npos; }

using count_fn = std::size_t (*)(const std::string&, const std::string&);
const count_fn count = sipspan::testing::occurrences;

}  // namespace

TEST(config, found_upward_with_mode_selection_severities_and_per_file_ignores) {
  project p("upward");
  const std::string none = p.run("lint --format jsonl --isolated top.sip").out;
  ASSERT_EQ(count(none, "\"code\":\"SS404\",\"severity\":\"error\""), 1u) << none;
  p.put("sipspan.toml",
        "[lint]\nmode = \"interop\"\nignore = [\"SS5\"]\n"
        "[lint.severity]\nSS404 = \"error\"\nSS0 = \"info\"\nSS014 = \"warning\"\n"
        "[lint.per-file-ignores]\n\"sub/*\" = [\"SS02\"]\n");
  const std::string top = p.run("lint --format jsonl top.sip").out;
  EXPECT_EQ(count(top, "\"code\":\"SS5"), 0u) << top;
  EXPECT_EQ(count(top, "\"code\":\"SS404\",\"severity\":\"error\""), 1u) << "interop's warning raised: " << top;
  EXPECT_EQ(count(top, "\"code\":\"SS020\",\"severity\":\"info\""), 2u) << "a prefix's severity: " << top;
  EXPECT_EQ(count(top, "\"code\":\"SS014\",\"severity\":\"warning\""), 2u) << "a code beats a prefix: " << top;
  EXPECT_EQ(count(top, "\"code\":\"SS204\",\"severity\":\"warning\""), 1u) << "interop: " << top;
  const std::string sub = p.run("lint --format jsonl sub/m.sip").out;
  EXPECT_EQ(count(sub, "\"code\":\"SS02"), 0u) << "per-file-ignores: " << sub;
  EXPECT_EQ(count(sub, "\"code\":\"SS014\""), 2u) << sub;
  // from inside sub/, the same file upward, the same globs (relative to the file's directory)
  std::string inside = p.run("lint --format jsonl m.sip", "sub").out;
  for (std::size_t at; (at = inside.find("\"file\":\"m.sip\"")) != std::string::npos;)
    inside.replace(at, 14, "\"file\":\"sub/m.sip\"");
  EXPECT_EQ(inside, sub);
  // the command line goes over it
  EXPECT_EQ(count(p.run("lint --format jsonl --mode strict top.sip").out, "\"severity\":\"warning\""), 2u)
      << "--mode replaces the file's mode; its severities stay";
  EXPECT_EQ(p.run("lint --format jsonl --select SS404 top.sip").out.find("\"code\":\"SS0"), std::string::npos);
  EXPECT_EQ(count(p.run("lint --format jsonl --extend-select SS508 top.sip").out, "\"code\":\"SS508\""), 2u)
      << "the command line's code beats the file's prefix";
  EXPECT_EQ(p.run("lint --format jsonl --isolated top.sip").out, none);
  EXPECT_EQ(p.run("lint --format jsonl --min-severity error top.sip").out.find("\"severity\":\"warning\""),
            std::string::npos);
  // a nearer file wins, whole
  p.put("sub/sipspan.toml", "[lint]\nselect = [\"SS404\"]\n");
  const std::string near = p.run("lint --format jsonl sub/m.sip").out;
  EXPECT_EQ(count(near, "\"code\""), 1u) << near;
  EXPECT_TRUE(has(near, "\"code\":\"SS404\",\"severity\":\"error\"")) << "strict, no [lint.severity]: " << near;
  // --config names one file for every input
  EXPECT_EQ(p.run("lint --format jsonl --config sub/sipspan.toml top.sip").out.find("\"code\":\"SS0"),
            std::string::npos);
}

TEST(config, errors_name_the_file_line_and_column) {
  project p("errors");
  p.put("sipspan.toml", "[lint]\nmdoe = \"interop\"\n");
  run_result typo = p.run("lint top.sip");
  EXPECT_EQ(typo.status, 2);
  EXPECT_TRUE(has(typo.err, "sipspan.toml:2:8: unknown key 'mdoe' in [lint] (did you mean mode?)")) << typo.err;
  EXPECT_EQ(typo.out, "");
  p.put("sipspan.toml", "[lint]\nselect = [\"SS4\"\n");
  run_result bad = p.run("lint top.sip");
  EXPECT_EQ(bad.status, 2);
  EXPECT_TRUE(has(bad.err, "sipspan.toml:2:")) << "toml++'s parse error, with its place: " << bad.err;
  p.put("sipspan.toml", "[lint]\nmode = \"lenient\"\n");
  EXPECT_TRUE(has(p.run("lint top.sip").err, "mode is strict, interop or forensic, not 'lenient'"));
  p.put("sipspan.toml", "[lint]\nselect = [\"SS404\"]\nignore = [\"via-branch-magic-cookie\"]\n");
  run_result conflict = p.run("lint top.sip");
  EXPECT_EQ(conflict.status, 2);
  EXPECT_TRUE(has(conflict.err, "sipspan.toml: rule SS404 via-branch-magic-cookie is both selected")) << conflict.err;
  p.put("sipspan.toml", "[lint.severity]\nSS404 = \"fatal\"\n");
  EXPECT_TRUE(has(p.run("lint top.sip").err, "a severity is error, warning, info or off, not 'fatal'"));
  p.put("sipspan.toml", "[lint]\nignore = [\"SS99\"]\n");
  EXPECT_TRUE(has(p.run("lint top.sip").err, "ignore: unknown rule or prefix 'SS99'"));
  // but the command line's --select SS404 over the file's ignore is no conflict: the command line decides
  p.put("sipspan.toml", "[lint]\nignore = [\"SS404\"]\n");
  run_result over = p.run("lint --format jsonl --select SS404 top.sip");
  EXPECT_EQ(over.status, 1) << over.err;
  EXPECT_EQ(count(over.out, "\"code\":\"SS404\""), 1u) << over.out;
}

TEST(config, score_takes_its_model_and_fpr_from_the_file) {
  project p("score");
  const std::string model = (sipspan::testing::corpus_dir() / "profile" / "default.json").string();
  const std::string plain = p.run("score top.sip").out;
  fs::create_directories(p.root / "models");
  fs::copy_file(model, p.root / "models" / "site.json");
  p.put("sipspan.toml", "[score]\nmodel = \"models/site.json\"\nfpr = 0.01\n");
  run_result r = p.run("score top.sip");
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_TRUE(has(r.out, "for FPR 0.010000")) << r.out;
  EXPECT_TRUE(has(r.out, "site.json")) << "the summary names the model: " << r.out;
  EXPECT_TRUE(has(p.run("score --fpr 0.001 top.sip").out, "for FPR 0.001000 ")) << "--fpr goes over the file";
  p.put("sipspan.toml", "[score]\nmodel = \"models/none.json\"\n");
  run_result missing = p.run("score top.sip");
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(has(missing.err, "none.json")) << missing.err;
  p.put("sipspan.toml", "[score]\nfpr = 2\n");
  EXPECT_TRUE(has(p.run("score top.sip").err, "fpr is a number between 0 and 1"));
  EXPECT_FALSE(plain.empty());
}

TEST(baseline, only_new_findings_are_reported) {
  project p("baseline");
  run_result write = p.run("lint --color never --write-baseline base.txt top.sip sub/m.sip");
  EXPECT_EQ(write.status, 1) << "writing a baseline reports as usual";
  const std::string base = sipspan::testing::read_file(p.root / "base.txt");
  EXPECT_EQ(base.rfind("# sipspan lint baseline 1\n", 0), 0u) << base;
  EXPECT_TRUE(has(base, "\tSS014\t4\ttop.sip\n")) << "the same message twice, two findings each: " << base;

  run_result same = p.run("lint --color never --baseline base.txt top.sip sub/m.sip");
  EXPECT_EQ(same.status, 0) << same.out;
  EXPECT_TRUE(has(same.out, "2 files, 2 messages: 0 errors, 0 warnings, 0 infos (22 findings in the baseline not shown)"))
      << same.out;
  // renamed, the same bytes: still known
  fs::rename(p.root / "top.sip", p.root / "renamed.sip");
  EXPECT_EQ(p.run("lint --baseline base.txt renamed.sip").status, 0);
  // a third copy of the message: its findings are over the baseline's counts, so they are new
  p.put("third.sip", mimicry);
  run_result more = p.run("lint --format jsonl --baseline base.txt renamed.sip sub/m.sip third.sip");
  EXPECT_EQ(more.status, 1);
  EXPECT_EQ(count(more.out, "\"file\":\"third.sip\""), 11u) << more.out;
  EXPECT_EQ(count(more.out, "\"file\""), 11u) << more.out;
  // a new finding in a changed message is reported
  std::string changed = mimicry;
  changed.replace(changed.find("CSeq: "), 6, "CSeq: 99999999999 ");
  p.put("changed.sip", changed);
  EXPECT_EQ(p.run("lint --baseline base.txt changed.sip").status, 1);
}

TEST(baseline, a_file_that_is_not_one_is_a_usage_error) {
  project p("bad_baseline");
  p.put("base.txt", "not a baseline\n");
  run_result r = p.run("lint --baseline base.txt top.sip");
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(has(r.err, "base.txt:1: not a sipspan lint baseline")) << r.err;
  p.put("base.txt", "# sipspan lint baseline 1\n0123456789abcdef\tSS999\t1\tx\n");
  EXPECT_TRUE(has(p.run("lint --baseline base.txt top.sip").err, "base.txt:2: expected FINGERPRINT"));
  EXPECT_EQ(p.run("lint --baseline no-such-file top.sip").status, 2);
  EXPECT_EQ(p.run("lint --write-baseline base.txt --capture x.pcap").status, 2);
}
