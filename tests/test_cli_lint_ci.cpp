// sipspan — end-to-end tests of `sipspan lint`'s formats for CI systems:
// --format github (GitHub Actions workflow commands, which the runner turns
// into annotations) and --format junit (JUnit XML: a testsuite per input, a
// testcase per message, a failure per finding of severity error). Golden files
// in tests/golden/lint/ci/ (SIPSPAN_UPDATE_GOLDEN=1 rewrites them); every
// finding of the JSON Lines output appears once in each.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using sipspan::testing::lines_of;
using sipspan::testing::run_result;

run_result run(const std::string& args, const fs::path& cwd = sipspan::testing::corpus_dir()) {
  return sipspan::testing::run_cli(args, nullptr, "", cwd);
}

const fs::path golden_dir = sipspan::testing::tests_dir() / "golden" / "lint" / "ci";
const std::string inputs = "seed/seed-mimicry.sip torture/invalid/bare-lf-one-header-line.sip bench/07-options.sip";

using count_fn = std::size_t (*)(const std::string&, const std::string&);
const count_fn count = sipspan::testing::occurrences;

}  // namespace

TEST(lint_github, one_workflow_command_per_finding) {
  for (const char* profile : {"strict", "forensic"}) {
    run_result jsonl = run(std::string("lint --format jsonl --mode ") + profile + " " + inputs);
    run_result gh = run(std::string("lint --format github --mode ") + profile + " " + inputs);
    EXPECT_EQ(gh.status, jsonl.status) << "the exit status does not depend on the format";
    EXPECT_EQ(gh.status, 1);
    const auto findings = lines_of(jsonl.out);
    const auto commands = lines_of(gh.out);
    ASSERT_EQ(commands.size(), findings.size()) << gh.out;
    const std::regex shape(
        "::(error|warning|notice) file=[^,:]+,line=[0-9]+,col=[0-9]+,endLine=[0-9]+,endColumn=[0-9]+,"
        "title=SS[0-9]{3} [a-z0-9-]+::.+ \\(RFC .+\\)");
    for (std::size_t i = 0; i < commands.size(); ++i) {
      EXPECT_TRUE(std::regex_match(commands[i], shape)) << commands[i];
      const bool error = findings[i].find("\"severity\":\"error\"") != std::string::npos;
      const bool info = findings[i].find("\"severity\":\"info\"") != std::string::npos;
      EXPECT_EQ(commands[i].rfind(error ? "::error " : info ? "::notice " : "::warning ", 0), 0u) << commands[i];
    }
  }
  sipspan::testing::expect_golden(golden_dir / "seed-mimicry.github", run("lint --format github " + inputs).out);
}

TEST(lint_github, properties_and_messages_are_escaped) {
  const fs::path dir = fs::path(::testing::TempDir()) / "sipspan_github_escape";
  fs::create_directories(dir);
  std::ofstream(dir / "a,b:c%.sip", std::ios::binary) << sipspan::testing::corpus("seed/seed-mimicry.sip");
  run_result r = run("lint --format github --select SS014 " + sipspan::testing::shell_quote("a,b:c%.sip"), dir);
  const auto commands = lines_of(r.out);
  ASSERT_EQ(commands.size(), 2u) << r.out;
  EXPECT_EQ(commands[0].rfind("::error file=a%2Cb%3Ac%25.sip,line=9,col=6,", 0), 0u) << commands[0];
  fs::remove_all(dir);
}

TEST(lint_junit, a_suite_per_input_a_case_per_message_a_failure_per_error) {
  run_result jsonl = run("lint --format jsonl --mode interop " + inputs);
  run_result junit = run("lint --format junit --mode interop " + inputs);
  EXPECT_EQ(junit.status, jsonl.status);
  const std::string& x = junit.out;
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"sipspan lint (interop)\" tests=\"3\"", 0),
            0u)
      << x;
  EXPECT_EQ(count(x, "<testsuite name="), 3u);
  EXPECT_EQ(count(x, "<testcase "), 3u);
  EXPECT_EQ(count(x, "<failure "), count(jsonl.out, "\"severity\":\"error\""));
  EXPECT_EQ(count(x, "[SS"), lines_of(jsonl.out).size()) << "every finding, errors in failures, the rest in system-out";
  EXPECT_NE(x.find("<testsuite name=\"bench/07-options.sip\" tests=\"1\" failures=\"0\" errors=\"0\">\n"
                   "    <testcase classname=\"bench/07-options.sip\" name=\"message 0\"/>\n"),
            std::string::npos)
      << x;
  EXPECT_NE(x.find("&lt;&gt;"), std::string::npos) << "the <> of a rule summary is escaped";
  sipspan::testing::expect_golden(golden_dir / "seed-mimicry-interop.junit.xml", x);
  // a viewer can read it: well-formed XML (checked with xmllint when installed)
  if (std::system("command -v xmllint > /dev/null 2>&1") == 0) {
    const fs::path file = fs::path(::testing::TempDir()) / "sipspan_lint.junit.xml";
    std::ofstream(file, std::ios::binary) << x;
    EXPECT_EQ(std::system(("xmllint --noout " + sipspan::testing::shell_quote(file.string())).c_str()), 0);
    fs::remove(file);
  }
}

TEST(lint_junit, names_that_xml_cannot_hold_are_escaped) {
  const fs::path dir = fs::path(::testing::TempDir()) / "sipspan_junit_escape";
  fs::create_directories(dir);
  const std::string name = "a&b<\"\x01\xff\".sip";
  std::ofstream(dir / name, std::ios::binary) << sipspan::testing::corpus("seed/seed-mimicry.sip");
  run_result r = run("lint --format junit " + sipspan::testing::shell_quote(name), dir);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("<testsuite name=\"a&amp;b&lt;&quot;\\x01\\xFF&quot;.sip\""), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\x01'), std::string::npos);
  EXPECT_EQ(r.out.find('\xff'), std::string::npos);
  fs::remove_all(dir);
}

TEST(lint_formats, the_catalogue_is_not_listed_in_the_ci_formats) {
  EXPECT_EQ(run("lint --list-rules --format junit").status, 2);
  EXPECT_EQ(run("lint --list-rules --format github").status, 2);
}
