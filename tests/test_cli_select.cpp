// sipspan — end-to-end tests of `sipspan lint`'s rule selection: --select,
// --extend-select and --ignore with comma lists of codes, names and code
// prefixes (the most specific item decides, as in ruff), the usage error for a
// rule selected and ignored equally specifically, and --min-severity.

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

using sipspan::testing::run_result;

using sipspan::testing::run_in_corpus;

const std::string mimicry = "seed/seed-mimicry.sip";

// The codes of the findings `sipspan lint --format jsonl ARGS` reports, with repeats.
std::multiset<std::string> codes(const std::string& args, const std::string* stdin_bytes = nullptr) {
  run_result r = run_in_corpus("lint --format jsonl " + args, stdin_bytes);
  EXPECT_NE(r.status, 2) << args << ": " << r.err;
  std::multiset<std::string> out;
  for (const std::string& line : sipspan::testing::lines_of(r.out)) {
    std::size_t at = line.find("\"code\":\"");
    EXPECT_NE(at, std::string::npos) << line;
    if (at != std::string::npos) out.insert(line.substr(at + 8, 5));
  }
  return out;
}

std::multiset<std::string> with_prefix(const std::multiset<std::string>& all, const std::string& prefix) {
  std::multiset<std::string> out;
  for (const std::string& c : all)
    if (c.rfind(prefix, 0) == 0) out.insert(c);
  return out;
}

// A message with a compact form (l:), which strict and interop have off and forensic reports.
std::string compact_message() {
  std::string m = sipspan::testing::corpus("bench/07-options.sip");
  m.replace(m.find("Content-Length:"), 14, "l");
  return m;
}

}  // namespace

TEST(lint_select, a_prefix_selects_a_family_and_a_code_ignores_one_of_it) {
  const auto all = codes(mimicry);
  ASSERT_GE(with_prefix(all, "SS4").size(), 1u);
  ASSERT_GE(with_prefix(all, "SS0").size(), 1u);
  EXPECT_EQ(codes("--select SS4 " + mimicry), with_prefix(all, "SS4"));
  EXPECT_EQ(codes("--select ss0 " + mimicry), with_prefix(all, "SS0")) << "codes in any case";
  // ruff's `--select SS4 --ignore SS404`: the family without the one rule
  std::multiset<std::string> expected = with_prefix(all, "SS4");
  expected.erase("SS404");
  EXPECT_EQ(codes("--select SS4 --ignore SS404 " + mimicry), expected);
  // and the other way round: a code is more specific than a prefix
  EXPECT_EQ(codes("--select SS404 --ignore SS4 " + mimicry), with_prefix(all, "SS404"));
  // a longer prefix beats a shorter one
  std::multiset<std::string> no_sdp = all;
  for (const std::string& c : with_prefix(all, "SS50")) no_sdp.erase(no_sdp.find(c));
  EXPECT_EQ(codes("--ignore SS50 " + mimicry), no_sdp);
  ASSERT_GE(with_prefix(all, "SS50").size(), 1u);
  EXPECT_EQ(codes("--ignore SS5 --extend-select SS50 " + mimicry), all) << "every SS5xx finding is SS50x";
  EXPECT_EQ(codes("--ignore SS5 " + mimicry), no_sdp);
}

TEST(lint_select, comma_lists_and_repeated_options_add_up) {
  const auto all = codes(mimicry);
  std::multiset<std::string> expected = with_prefix(all, "SS014");
  expected.merge(with_prefix(all, "SS508"));
  expected.merge(with_prefix(all, "SS020"));
  ASSERT_EQ(expected.size(), with_prefix(all, "SS014").size() + with_prefix(all, "SS508").size() +
                                 with_prefix(all, "SS020").size());
  EXPECT_EQ(codes("--select SS014,SS508 --select SS020 " + mimicry), expected);
  EXPECT_EQ(codes("--select header-name-whitespace,SS508,SS020 " + mimicry), expected) << "names and codes mix";
  EXPECT_EQ(codes("--select ALL " + mimicry), all) << "ALL is the profile's rules, as without --select";
  EXPECT_EQ(codes("--ignore ALL " + mimicry), std::multiset<std::string>{});
}

TEST(lint_select, selected_and_ignored_equally_is_a_usage_error) {
  for (const char* args : {"--select SS404 --ignore via-branch-magic-cookie", "--select SS4 --ignore ss4",
                           "--extend-select SS404 --ignore SS404", "--select ALL --ignore all"}) {
    run_result r = run_in_corpus(std::string("lint ") + args + " " + mimicry);
    EXPECT_EQ(r.status, 2) << args;
    EXPECT_EQ(r.out, "") << args << ": nothing is reported";
    EXPECT_NE(r.err.find("is both selected ("), std::string::npos) << args << ": " << r.err;
    EXPECT_NE(r.err.find(") and ignored ("), std::string::npos) << args << ": " << r.err;
  }
  run_result named = run_in_corpus("lint --select SS404 --ignore via-branch-magic-cookie " + mimicry);
  EXPECT_NE(named.err.find("rule SS404 via-branch-magic-cookie is both selected ('SS404') and ignored "
                           "('via-branch-magic-cookie')"),
            std::string::npos)
      << named.err;
}

TEST(lint_select, an_unknown_item_is_a_usage_error_with_a_suggestion) {
  run_result code = run_in_corpus("lint --select SS4,SS99 " + mimicry);
  EXPECT_EQ(code.status, 2);
  EXPECT_NE(code.err.find("--select: unknown rule or prefix 'SS99'"), std::string::npos) << code.err;
  run_result name = run_in_corpus("lint --ignore cseq-numbr-range " + mimicry);
  EXPECT_EQ(name.status, 2);
  EXPECT_NE(name.err.find("--ignore: unknown rule or prefix 'cseq-numbr-range' (did you mean cseq-number-range?)"),
            std::string::npos)
      << name.err;
  EXPECT_EQ(run_in_corpus("lint --select S " + mimicry).status, 2) << "one letter is not a prefix";
  EXPECT_EQ(run_in_corpus("lint --min-severity fatal " + mimicry).status, 2);
}

TEST(lint_select, a_code_turns_on_a_rule_the_profile_has_off_a_prefix_does_not) {
  const std::string m = compact_message();
  EXPECT_EQ(codes("-", &m), std::multiset<std::string>{}) << "compact-form is off in strict";
  EXPECT_EQ(codes("--select SS6 -", &m), std::multiset<std::string>{});
  EXPECT_EQ(codes("--select SS601 -", &m), std::multiset<std::string>{"SS601"});
  EXPECT_EQ(codes("--extend-select compact-form -", &m), std::multiset<std::string>{"SS601"});
  EXPECT_EQ(codes("--mode forensic --select SS6 -", &m), std::multiset<std::string>{"SS601"});
}

TEST(lint_select, min_severity_drops_what_is_below_it) {
  const auto interop = codes("--mode interop --extend-select SS601 " + mimicry);
  run_result all = run_in_corpus("lint --format jsonl --mode interop --extend-select SS601 " + mimicry);
  ASSERT_NE(all.out.find("\"severity\":\"info\""), std::string::npos) << all.out;
  run_result warnings = run_in_corpus("lint --format jsonl --mode interop --extend-select SS601 --min-severity warning " +
                            mimicry);
  EXPECT_EQ(warnings.out.find("\"severity\":\"info\""), std::string::npos) << warnings.out;
  EXPECT_NE(warnings.out.find("\"severity\":\"error\""), std::string::npos) << warnings.out;
  run_result errors = run_in_corpus("lint --format jsonl --mode interop --min-severity error " + mimicry);
  EXPECT_EQ(errors.out.find("\"severity\":\"warning\""), std::string::npos) << errors.out;
  EXPECT_LT(codes("--mode interop --min-severity error " + mimicry).size(), interop.size());
}

TEST(lint_select, enable_and_disable_are_deprecated_spellings) {
  const std::string m = compact_message();
  run_result on = run_in_corpus("lint --format jsonl --enable SS601 -", &m);
  EXPECT_EQ(on.status, 0);
  EXPECT_NE(on.out.find("\"code\":\"SS601\""), std::string::npos) << on.out;
  EXPECT_NE(on.err.find("--enable is deprecated: use --extend-select"), std::string::npos) << on.err;
  run_result off = run_in_corpus("lint --format jsonl --disable SS4 " + mimicry);
  EXPECT_EQ(off.out.find("\"code\":\"SS4"), std::string::npos) << off.out;
  EXPECT_NE(off.err.find("--disable is deprecated: use --ignore"), std::string::npos) << off.err;
}
