// sipspan — the validator's catalogue and options (lint.hpp): codes and names,
// profiles and overrides, the findings storage bound, an unparseable message.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>

#include "lint_kit.hpp"

using namespace sipspan;
using namespace sipspan::testing::lint_kit;

TEST(lint, catalogue_is_well_formed) {
  std::set<std::string_view> codes, names;
  for (const rule_info& r : rules()) {
    EXPECT_TRUE(codes.insert(r.code).second) << r.code;
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_EQ(r.code.size(), 5u) << r.code;
    EXPECT_TRUE(r.code.starts_with("SS")) << r.code;
    EXPECT_EQ(r.name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string_view::npos) << r.name;
    EXPECT_FALSE(r.rfc.empty()) << r.name;
    EXPECT_FALSE(r.summary.empty()) << r.name;
    EXPECT_GT(r.explanation.size(), r.summary.size()) << r.name;
    EXPECT_EQ(&rule(r.id), &r);
    rule_id found;
    ASSERT_TRUE(find_rule(r.code, found));
    EXPECT_EQ(found, r.id);
    ASSERT_TRUE(find_rule(r.name, found));
    EXPECT_EQ(found, r.id);
    // forensic reports everything the strict profile does
    if (r.level[0] != severity::off) {
      EXPECT_NE(r.level[2], severity::off) << r.name;
    }
  }
  rule_id x;
  EXPECT_TRUE(find_rule("ss014", x));
  EXPECT_EQ(x, rule_id::header_name_whitespace);
  EXPECT_FALSE(find_rule("SS999", x));
  EXPECT_FALSE(find_rule("Header-Name-Whitespace", x));
}

TEST(lint, profiles_and_overrides) {
  std::string bare = replace_first(invite, "Max-Forwards: 70\r\n", "Max-Forwards: 70\n");
  linted l;
  run(l, finish(bare), lint_profile::strict);
  EXPECT_EQ(l.summary.errors, 1u) << describe(l);
  run(l, finish(bare), lint_profile::interop);
  EXPECT_EQ(l.summary.errors, 0u);
  EXPECT_EQ(l.summary.warnings, 1u);

  // style notes: off in strict, on in forensic, forced on by enable
  std::string compact = replace_first(invite, "Subject: Lunch", "s: Lunch");
  run(l, finish(compact), lint_profile::strict);
  EXPECT_EQ(l.summary.total, 0u) << describe(l);
  lint_options o;
  o.enable.set(static_cast<std::size_t>(rule_id::compact_form));
  l.text = finish(compact);
  l.summary = lint(l.text, l.view, l.out, o);
  ASSERT_EQ(l.summary.total, 1u);
  EXPECT_EQ(l.out[0].level, severity::info);
  o.disable.set(static_cast<std::size_t>(rule_id::compact_form));
  l.summary = lint(l.text, l.view, l.out, o);
  EXPECT_EQ(l.summary.total, 0u);
  EXPECT_EQ(o.level_of(rule_id::compact_form), severity::off);

  // a caller's severity replaces the profile's, and counts as such; disable still wins
  lint_options raised;
  const auto i = static_cast<std::size_t>(rule_id::compact_form);
  raised.override_level.set(i);
  raised.level_override[i] = severity::error;
  l.summary = lint(l.text, l.view, l.out, raised);
  ASSERT_EQ(l.summary.total, 1u);
  EXPECT_EQ(l.out[0].level, severity::error);
  EXPECT_EQ(l.summary.errors, 1u);
  raised.level_override[i] = severity::off;
  EXPECT_EQ(lint(l.text, l.view, l.out, raised).total, 0u);
  raised.level_override[i] = severity::warning;
  raised.disable.set(i);
  EXPECT_EQ(lint(l.text, l.view, l.out, raised).total, 0u);
}

TEST(lint, max_findings_counts_what_it_does_not_store) {
  std::string bad = replace_first(invite, "Max-Forwards: 70\r\n", "");
  bad = replace_first(bad, "Subject: Lunch", "Subject: Lu\x01nch");
  bad = replace_first(bad, "CSeq: 314159 INVITE", "CSeq: 314159 BYE");
  std::string text = finish(bad);
  message_view m;
  finding out[8];
  lint_options o;
  lint_summary all = lint(text, m, out, o);
  ASSERT_EQ(all.total, 3u);
  ASSERT_EQ(all.stored, 3u);
  EXPECT_TRUE(std::is_sorted(out, out + 3, [](const finding& a, const finding& b) { return a.offset < b.offset; }));
  o.max_findings = 1;
  lint_summary one = lint(text, m, out, o);
  EXPECT_EQ(one.total, 3u);
  EXPECT_EQ(one.stored, 1u);
  EXPECT_EQ(one.errors, 3u);
  // a span shorter than max_findings bounds storage too
  lint_summary two = lint(text, m, std::span<finding>(out, 2), lint_options{});
  EXPECT_EQ(two.stored, 2u);
  EXPECT_EQ(two.total, 3u);
}

TEST(lint, unparseable_message_is_one_finding_at_the_parser_offset) {
  std::string text = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>\r\n";
  message_view m;
  finding out[4];
  lint_summary s = lint(text, m, out);
  ASSERT_EQ(s.total, 1u);
  EXPECT_EQ(out[0].rule, rule_id::unparseable);
  EXPECT_EQ(out[0].detail, error_code::incomplete_message);
  EXPECT_EQ(s.parse.code, error_code::incomplete_message);
  EXPECT_EQ(out[0].offset, s.parse.offset);
  EXPECT_TRUE(s.has_error());
}
