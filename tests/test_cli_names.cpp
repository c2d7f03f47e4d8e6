// sipspan — end-to-end tests of the CLI's names: lint's --mode and score's and
// evaluate's --model (both once spelled --profile, which still works with a
// note), suggestions for a mistyped command or option, the choices --help
// lists, and --color for dump and score (ALERT in red).

#include <gtest/gtest.h>

#include <string>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

run_result run(const std::string& args, const std::string& env = "") {
  return sipspan::testing::run_cli(args, nullptr, env, sipspan::testing::corpus_dir());
}

const std::string mimicry = "seed/seed-mimicry.sip";
const std::string model = (sipspan::testing::corpus_dir() / "profile" / "default.json").string();
bool has(const std::string& s, const std::string& piece) { return s.find(piece) != std::string::npos; }

}  // namespace

TEST(cli_names, lint_mode_and_its_old_spelling) {
  run_result mode = run("lint --color never --mode interop " + mimicry);
  EXPECT_EQ(mode.status, 1);
  EXPECT_EQ(mode.err, "");
  EXPECT_TRUE(has(mode.out, "warning: Via: the top Via has no branch")) << mode.out;
  run_result old = run("lint --color never --profile interop " + mimicry);
  EXPECT_EQ(old.out, mode.out);
  EXPECT_EQ(old.err, "sipspan lint: --profile is deprecated: use --mode\n");
  EXPECT_EQ(run("lint --mode lenient " + mimicry).status, 2);
}

TEST(cli_names, score_model_and_its_old_spelling) {
  run_result model_run = run("score --model " + shell_quote(model) + " " + mimicry);
  EXPECT_EQ(model_run.status, 1) << model_run.err;
  EXPECT_EQ(model_run.err, "");
  run_result old = run("score --profile " + shell_quote(model) + " " + mimicry);
  EXPECT_EQ(old.out, model_run.out);
  EXPECT_EQ(old.err, "sipspan score: --profile is deprecated: use --model\n");
  run_result missing = run("score --model no/such/model.json " + mimicry);
  EXPECT_EQ(missing.status, 2);
  EXPECT_TRUE(has(missing.err, "no/such/model.json")) << missing.err;
  EXPECT_TRUE(has(run("evaluate --help").out, "--model")) << "evaluate's trained file is a --model too";
}

TEST(cli_names, a_mistyped_command_or_option_gets_a_suggestion) {
  run_result cmd = run("lnt " + mimicry);
  EXPECT_EQ(cmd.status, 2);
  EXPECT_TRUE(has(cmd.err, "sipspan: unknown command 'lnt' (did you mean lint?)")) << cmd.err;
  EXPECT_TRUE(has(cmd.err, "dump, evaluate, lint, train, score")) << cmd.err;
  run_result far = run("frobnicate " + mimicry);
  EXPECT_EQ(far.status, 2);
  EXPECT_TRUE(has(far.err, "unknown command 'frobnicate';")) << "no suggestion for what is not close: " << far.err;
  run_result opt = run("lint --formt json " + mimicry);
  EXPECT_EQ(opt.status, 2);
  EXPECT_TRUE(has(opt.err, "sipspan lint: unknown option --formt (did you mean --format?)")) << opt.err;
  run_result eq = run("score --fpt=0.1 " + mimicry);
  EXPECT_EQ(eq.status, 2);
  EXPECT_TRUE(has(eq.err, "sipspan score: unknown option --fpt (did you mean --fpr?)")) << eq.err;
  run_result dump = run("dump --compct " + mimicry);
  EXPECT_TRUE(has(dump.err, "(did you mean --compact?)")) << dump.err;
}

TEST(cli_names, help_lists_each_options_choices) {
  const std::string lint = run("lint --help").out;
  EXPECT_TRUE(has(lint, "{text,json,jsonl,sarif,github,junit,markdown,eve,zeek}")) << lint;
  EXPECT_TRUE(has(lint, "{strict,interop,forensic}")) << lint;
  EXPECT_TRUE(has(lint, "{info,warning,error}")) << lint;
  EXPECT_TRUE(has(lint, "{auto,always,never}")) << lint;
  EXPECT_FALSE(has(lint, "--profile")) << "the old spelling is not advertised";
  for (const char* sub : {"dump", "score"})
    EXPECT_TRUE(has(run(std::string(sub) + " --help").out, "--color TEXT:{auto,always,never}")) << sub;
}

TEST(cli_names, score_alert_in_red_and_dump_error_in_colour) {
  const std::string red = "\033[1;31mALERT\033[0m";
  EXPECT_TRUE(has(run("score --color always " + mimicry).out, red));
  EXPECT_FALSE(has(run("score --color never " + mimicry).out, "\033["));
  EXPECT_FALSE(has(run("score " + mimicry).out, "\033[")) << "auto: not on a terminal";
  EXPECT_TRUE(has(run("score --color never " + mimicry).out, ") ALERT\n"));
  EXPECT_FALSE(has(run("score --color always bench/07-options.sip").out, "\033[")) << "ok stays plain";
  const std::string bad = "torture/invalid/tls-record-instead-of-sip.sip";
  run_result dump = run("dump --color always " + bad);
  EXPECT_EQ(dump.status, 1);
  EXPECT_TRUE(has(dump.err, "\033[1;31merror:")) << dump.err;
  EXPECT_FALSE(has(run("dump --color never " + bad).err, "\033["));
  EXPECT_FALSE(has(run("dump --color always " + bad, "NO_COLOR=1").out, "\033[")) << "stdout's JSON is never coloured";
  EXPECT_EQ(run("dump --color sometimes " + bad).status, 2);
}
