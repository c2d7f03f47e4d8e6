// sipspan — what the anomaly scorer's tests share: the benign corpus and a
// profile trained on all of it, a plain INVITE to edit, and checks that a
// feature or a validator rule fires at the bytes that carry the evidence.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "sipspan/message.hpp"
#include "sipspan/score.hpp"
#include "test_util.hpp"

namespace sipspan::score_test {

using namespace sipspan;
namespace fs = std::filesystem;

// The messages of the corpus directories the default profile learns from, in path order.
inline std::vector<std::string> corpus_messages(std::initializer_list<const char*> dirs) {
  std::vector<std::string> out;
  for (const char* d : dirs) {
    fs::path p = sipspan::testing::corpus_dir() / d;
    if (fs::is_regular_file(p)) {
      out.push_back(sipspan::testing::read_file(p));
      continue;
    }
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(p)) {
      std::string ext = e.path().extension().string();
      if (e.is_regular_file() && ext != ".md" && ext != ".json" && ext != ".jsonl" && ext != ".tsv") files.push_back(e.path());
    }
    std::sort(files.begin(), files.end());
    for (const auto& f : files) out.push_back(sipspan::testing::read_file(f));
  }
  return out;
}

inline std::vector<std::string> benign_messages() {
  return corpus_messages({"seed/seed-invite.sip", "bench", "rfc3261", "torture/valid", "benign"});
}

// A profile trained on the whole benign corpus (no hold-out: the feature tests
// want everything benign to be known), built once.
inline const score_profile& trained() {
  static const score_profile p = [] {
    profile_trainer t;
    static const std::vector<std::string> msgs = benign_messages();
    for (const std::string& s : msgs) {
      message_view m;
      if (parse(s, m)) t.add(m);
    }
    return t.finish();
  }();
  return p;
}

// A plain INVITE without body, the shape the benign corpus has.
inline const char* const base_text =
    "INVITE sip:carol@chicago.example.org SIP/2.0\r\n"
    "Via: SIP/2.0/UDP ws12.denver.example.org:5060;branch=z9hG4bK5e1d0c9b\r\n"
    "Max-Forwards: 70\r\n"
    "To: Carol <sip:carol@chicago.example.org>\r\n"
    "From: Dave <sip:dave@denver.example.org>;tag=88213\r\n"
    "Call-ID: 7c0ffee3a1b2@ws12.denver.example.org\r\n"
    "CSeq: 4711 INVITE\r\n"
    "Contact: <sip:dave@ws12.denver.example.org>\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

// The base message with the first `from` replaced by `to`.
inline std::string edit(std::string_view from, std::string_view to) {
  std::string s = base_text;
  std::size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

struct scored {
  std::string text;
  score_result r;
  bool parsed = false;
};

inline scored score_text(std::string text, const score_profile& p = trained()) {
  scored s{std::move(text), {}, false};
  message_view m;
  result pr = parse(s.text, m);
  s.parsed = pr.ok();
  s.r = pr ? score(m, p) : unparseable_result(pr, std::string_view(s.text));
  return s;
}

inline std::string describe(const scored& s) {
  std::string d = "score " + std::to_string(s.r.score) + ":";
  for (std::size_t i = 0; i < s.r.reason_count; ++i) {
    const score_reason& r = s.r.reasons[i];
    d += "\n  " + reason_name(r) + " " + std::string(header_key(r.header)) + " @" +
         std::to_string(r.offset) + "+" + std::to_string(r.length) + " '" +
         (r.offset < s.text.size() ? s.text.substr(r.offset, std::min<std::size_t>(r.length, 30)) : std::string()) +
         "' " + std::to_string(r.contribution);
  }
  return d;
}

// The reason of feature f (of rule `rule` when f is score_feature::rule), or null.
inline const score_reason* find_reason(const scored& s, score_feature f, rule_id rule = rule_id::unparseable) {
  for (std::size_t i = 0; i < s.r.reason_count; ++i)
    if (s.r.reasons[i].feature == f && (f != score_feature::rule || s.r.reasons[i].rule == rule)) return &s.r.reasons[i];
  return nullptr;
}

// `f` (the validator's `rule` when f is score_feature::rule) fires on `bad` with
// bytes that cover `marker` (the first occurrence of it in `bad`, from
// `marker_from` on) and names header `h`; it does not fire on `good`.
inline void expect_evidence(score_feature f, rule_id rule, const std::string& bad, const std::string& good,
                     std::string_view marker, header_id h, std::size_t marker_from = 0) {
  SCOPED_TRACE(f == score_feature::rule ? std::string(sipspan::rule(rule).code) : std::string(feature_name(f)));
  scored b = score_text(bad);
  ASSERT_TRUE(b.parsed);
  const score_reason* r = find_reason(b, f, rule);
  ASSERT_NE(r, nullptr) << describe(b);
  std::size_t at = bad.find(marker, marker_from);
  ASSERT_NE(at, std::string::npos);
  EXPECT_LE(r->offset, at + marker.size() - 1) << describe(b);
  EXPECT_GT(r->offset + std::max<std::uint32_t>(r->length, 1), at) << describe(b);
  EXPECT_EQ(r->header, h) << describe(b);
  EXPECT_GT(r->contribution, 0.0f);
  scored g = score_text(good);
  ASSERT_TRUE(g.parsed);
  EXPECT_EQ(find_reason(g, f, rule), nullptr) << describe(g);
}

inline void expect_feature(score_feature f, const std::string& bad, const std::string& good, std::string_view marker,
                    header_id h, std::size_t marker_from = 0) {
  expect_evidence(f, rule_id::unparseable, bad, good, marker, h, marker_from);
}

// A finding of the validator's rule `r` as evidence (see expect_evidence).
inline void expect_rule(rule_id r, const std::string& bad, const std::string& good, std::string_view marker, header_id h,
                 std::size_t marker_from = 0) {
  expect_evidence(score_feature::rule, r, bad, good, marker, h, marker_from);
}

}  // namespace sipspan::score_test
