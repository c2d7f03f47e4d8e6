// sipspan — the validator on the corpus (lint.hpp): the seed's mimicry INVITE,
// the RFC 4475-style verdicts (corpus/torture/lint.tsv, compat.tsv), no
// allocation while linting, every finding inside its message.

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "lint_kit.hpp"
#include "test_util.hpp"

using namespace sipspan;
using namespace sipspan::testing::lint_kit;
namespace fs = std::filesystem;
using sipspan::testing::corpus;
using sipspan::testing::corpus_dir;

// The seed's mimicry INVITE: an error at each of its five changes.
TEST(lint, seed_mimicry_has_an_error_at_each_change) {
  std::string text = corpus("seed/seed-mimicry.sip");
  message_view m;
  finding out[64];
  lint_summary s = lint(text, m, out);
  struct expect_at {
    std::string needle;  // the changed bytes
    std::size_t delta;   // offset of the offending byte within the needle
    rule_id rule;
  };
  const expect_at changes[] = {
      {"Conta ct:", 5, rule_id::header_name_whitespace},
      {"Vi a:", 2, rule_id::header_name_whitespace},
      {"Alice W,<", 7, rule_id::comma_in_singleton},
      {"0000012,@0", 7, rule_id::comma_in_singleton},
      {"branch=z9hG4bK-otag-991,", 23, rule_id::empty_list_element},
  };
  for (const expect_at& c : changes) {
    std::size_t at = text.find(c.needle);
    ASSERT_NE(at, std::string::npos) << c.needle;
    bool found = false;
    for (std::size_t i = 0; i < s.stored; ++i)
      found |= out[i].rule == c.rule && out[i].offset == at + c.delta && out[i].level == severity::error;
    linted l;
    run(l, text, lint_profile::strict);
    EXPECT_TRUE(found) << c.needle << " at " << at + c.delta << "\n" << describe(l);
  }
  // the compact Via written with commas for semicolons: its grammar error too
  std::size_t v = text.find("v:SIP/2.0/UDP");
  bool via_error = false;
  for (std::size_t i = 0; i < s.stored; ++i)
    via_error |= out[i].header == header_id::via && out[i].rule == rule_id::header_syntax && out[i].offset > v;
  EXPECT_TRUE(via_error);
  // the normal seed INVITE has one header finding, and not a mimicry one: its
  // User-Agent "tstsip, version feat442.pl" has a comma outside a comment,
  // which server-val does not admit (RFC 3261 §20.41)
  std::string normal = corpus("seed/seed-invite.sip");
  lint_summary n = lint(normal, m, out);
  for (std::size_t i = 0; i < n.stored; ++i) {
    if (out[i].header == header_id::other) continue;
    EXPECT_EQ(out[i].header, header_id::user_agent) << rule(out[i].rule).name;
    EXPECT_EQ(out[i].rule, rule_id::product_syntax);
    EXPECT_EQ(out[i].offset, normal.find("tstsip,") + 6);
  }
}

// corpus/torture/lint.tsv: path, the rule (code) whose error the file must
// produce, the 1-based line it points at. Valid files give no error at all.
TEST(lint, rfc4475_style_corpus_verdicts) {
  std::ifstream manifest(corpus_dir() / "torture" / "lint.tsv");
  ASSERT_TRUE(manifest) << "corpus/torture/lint.tsv";
  std::map<std::string, std::pair<std::string, unsigned>> expect;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string path, code;
    unsigned at = 0;
    ASSERT_TRUE(f >> path >> code >> at) << line;
    expect[path] = {code, at};
  }
  std::size_t invalid = 0, valid = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir() / "torture" / "invalid")) {
    std::string rel = "invalid/" + e.path().filename().string();
    auto it = expect.find(rel);
    ASSERT_NE(it, expect.end()) << rel << " is not in corpus/torture/lint.tsv";
    linted l;
    run(l, sipspan::testing::read_file(e.path()), lint_profile::strict);
    rule_id want;
    ASSERT_TRUE(find_rule(it->second.first, want)) << it->second.first;
    bool hit = false;
    for (std::size_t i = 0; i < l.summary.stored; ++i) {
      const finding& f = l.out[i];
      hit |= f.rule == want && f.level == severity::error && locate(l.text, f.offset).line == it->second.second;
    }
    EXPECT_TRUE(hit) << rel << ": expected " << it->second.first << " on line " << it->second.second << "\n"
                     << describe(l);
    ++invalid;
  }
  for (const auto& e : fs::directory_iterator(corpus_dir() / "torture" / "valid")) {
    for (lint_profile p : {lint_profile::strict, lint_profile::interop}) {
      linted l;
      run(l, sipspan::testing::read_file(e.path()), p);
      EXPECT_EQ(l.summary.errors, 0u) << e.path().filename() << " (" << profile_name(p) << ")\n" << describe(l);
    }
    ++valid;
  }
  EXPECT_EQ(invalid + 0, expect.size()) << "lint.tsv lists files that do not exist";
  EXPECT_GE(valid, 30u);
}

// corpus/torture/compat.tsv: messages the RFCs call valid (or ask elements to
// accept) that carry a form outside the strict letter. interop: no error at
// all; strict: exactly the rules listed, and only as errors.
TEST(lint, compat_corpus_is_an_error_only_under_strict) {
  std::ifstream manifest(corpus_dir() / "torture" / "compat.tsv");
  ASSERT_TRUE(manifest) << "corpus/torture/compat.tsv";
  std::map<std::string, std::set<std::string>> expect;
  for (std::string line; std::getline(manifest, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string path, codes;
    ASSERT_TRUE(std::getline(f, path, '\t') && std::getline(f, codes, '\t')) << line;
    std::istringstream c(codes);
    for (std::string code; std::getline(c, code, ',');) expect[path].insert(code);
  }
  std::size_t files = 0;
  for (const auto& e : fs::directory_iterator(corpus_dir() / "torture" / "compat")) {
    std::string rel = "compat/" + e.path().filename().string();
    ASSERT_TRUE(expect.count(rel)) << rel << " is not in corpus/torture/compat.tsv";
    std::string text = sipspan::testing::read_file(e.path());
    linted strict, interop;
    run(strict, text, lint_profile::strict);
    run(interop, text, lint_profile::interop);
    std::set<std::string> errors;
    for (std::size_t i = 0; i < strict.summary.stored; ++i)
      if (strict.out[i].level == severity::error) errors.insert(std::string(rule(strict.out[i].rule).code));
    EXPECT_EQ(errors, expect[rel]) << rel << "\n" << describe(strict);
    EXPECT_EQ(interop.summary.errors, 0u) << rel << "\n" << describe(interop);
    EXPECT_GT(interop.summary.warnings, 0u) << rel << ": interop says nothing of what strict calls an error";
    ++files;
  }
  EXPECT_EQ(files, expect.size()) << "compat.tsv lists files that do not exist";
}

// Linting allocates nothing, whatever the message.
TEST(lint, no_allocation) {
  std::vector<std::string> inputs;
  for (const char* dir : {"bench", "torture/valid", "torture/invalid", "seed"})
    for (const auto& e : fs::directory_iterator(corpus_dir() / dir)) inputs.push_back(sipspan::testing::read_file(e.path()));
  inputs.push_back(finish(multipart));
  message_view m;
  finding out[64];
  lint_options o;
  o.profile = lint_profile::forensic;
  long before = sipspan::testing::allocations();
  std::size_t total = 0;
  for (const std::string& in : inputs) total += lint(in, m, out, o).total;
  EXPECT_EQ(sipspan::testing::allocations(), before);
  EXPECT_GT(total, 0u);
}

TEST(lint, every_finding_lies_inside_the_message) {
  // A multipart part header cut by the end of the body was reported one byte
  // past the message's end (found by fuzz_score); every finding of every
  // regression and kept fuzz input must lie inside its message, under every
  // profile (corpus/fuzz/message/multipart-part-header-cut-at-body-end.bin).
  for (const char* dir : {"fuzz/regressions", "fuzz/message"})
  for (const auto& e : std::filesystem::directory_iterator(corpus_dir() / dir)) {
    const std::string text = sipspan::testing::read_file(e.path());
    for (lint_profile p : {lint_profile::strict, lint_profile::interop, lint_profile::forensic}) {
      lint_options opts;
      opts.profile = p;
      message_view m;
      std::array<finding, 64> out;
      lint_summary s = lint(text, m, out, opts);
      for (std::size_t i = 0; i < s.stored; ++i) {
        EXPECT_LE(out[i].offset, text.size()) << e.path();
        EXPECT_LE(out[i].length, text.size() - std::min<std::size_t>(out[i].offset, text.size())) << e.path();
      }
    }
  }
}
