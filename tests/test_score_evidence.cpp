// sipspan — anomaly scorer: hard evidence. Each finding of the validator and
// each near-miss header name is a reason at the bytes that carry it, and not on
// the near miss of the message; a rule weighs by its rarity in training.

#include <gtest/gtest.h>

#include "score_test_util.hpp"

using namespace sipspan::score_test;

// ------------------------------------------- the validator's findings ---

TEST(score, header_name_invalid) {
  expect_rule(rule_id::header_name_whitespace, edit("Contact:", "Conta ct:"), base_text, " ct:", header_id::contact);
  expect_rule(rule_id::header_name_invalid, edit("To:", "To\xc2\xa0:"), base_text, "\xc2", header_id::to);
}

TEST(score, control_byte) {
  expect_rule(rule_id::control_byte_in_value, edit("Carol <", std::string("Car\x01" "ol <")), base_text, "\x01",
              header_id::to);
}

TEST(score, missing_colon) {
  expect_rule(rule_id::missing_colon, edit("CSeq:", "Subject hello\r\nCSeq:"), base_text, "Subject", header_id::other);
}

TEST(score, comma_in_singleton) {
  expect_rule(rule_id::comma_in_singleton, edit("From: Dave <", "From: Dave W,<"),
              edit("From: Dave <", "From: \"Dave W,\" <"), ",<", header_id::from);
}

TEST(score, repeated_singleton) {
  std::string two = edit("CSeq:", "call-ID: 9f@192.0.2.7\r\nCSeq:");
  expect_rule(rule_id::repeated_singleton, two, base_text, "call-ID", header_id::call_id);
}

TEST(score, call_id_charset) {
  expect_rule(rule_id::header_syntax, edit("7c0ffee3a1b2@", "7c0ffee3a1b2=@"), edit("7c0ffee3a1b2@", "7c0ffee3a1b2~@"),
              "=@", header_id::call_id);
}

TEST(score, via_sent_protocol) {
  std::string bad = edit("Max-Forwards:", "Via: 198.51.100.7:5060;branch=z9hG4bK77\r\nMax-Forwards:");
  std::string good = edit("Max-Forwards:", "Via: SIP/2.0/UDP 198.51.100.7:5060;branch=z9hG4bK77\r\nMax-Forwards:");
  expect_rule(rule_id::header_syntax, bad, good, "198.51.100.7:", header_id::via);
}

TEST(score, missing_magic_cookie) {
  expect_rule(rule_id::via_branch_cookie, edit("branch=z9hG4bK5e1d0c9b", "branch=a7f3c2"), base_text, "a7f3c2",
              header_id::via);
}

TEST(score, empty_list_element) {
  expect_rule(rule_id::empty_list_element, edit("Content-Length:", "Supported: timer,,path\r\nContent-Length:"),
              edit("Content-Length:", "Supported: timer, path\r\nContent-Length:"), ",,", header_id::supported);
  expect_rule(rule_id::empty_list_element, edit(";branch=z9hG4bK5e1d0c9b", ",branch=z9hG4bK5e1d0c9b,"), base_text,
              "b,\r", header_id::via);
}

TEST(score, content_length_mismatch) {
  std::string good = edit("Content-Length: 0\r\n\r\n", "Content-Length: 4\r\n\r\nbody");
  std::string bad = edit("Content-Length: 0\r\n\r\n", "Content-Length: 6\r\n\r\nbody");
  expect_rule(rule_id::body_shorter_than_content_length, bad, good, "body", header_id::content_length);
}

TEST(score, unbalanced_delimiter) {
  expect_rule(rule_id::unbalanced_angle,
              edit("Carol <sip:carol@chicago.example.org>", "Carol <sip:carol@chicago.example.org"), base_text,
              "<sip:carol", header_id::to);
  expect_rule(rule_id::unbalanced_quote, edit("From: Dave <", "From: \"Dave <"), edit("From: Dave <", "From: \"Dave\" <"),
              "\"Dave", header_id::from);
}

TEST(score, line_structure) {
  expect_rule(rule_id::bare_lf, edit("Max-Forwards: 70\r\n", "Max-Forwards: 70\n"), base_text, "\n",
              header_id::max_forwards, std::string(base_text).find("Max-Forwards"));
}

// A rule that fires on one training message in 90 or more weighs nothing: the
// benign corpus folds lines (RFC 4475 style), and an untrained profile still
// weighs the fold in full.
TEST(score, frequent_rules_weigh_nothing) {
  const std::string folded = edit("CSeq: 4711 INVITE", "CSeq: 4711 INV\r\n\tITE");
  const score_profile& p = trained();
  ASSERT_GE(91u * p.rule_fired(rule_id::line_folding), p.trained_messages());
  EXPECT_EQ(p.rule_weight(rule_id::line_folding), 0.0f);
  EXPECT_EQ(find_reason(score_text(folded), score_feature::rule, rule_id::line_folding), nullptr);
  const score_profile untrained;
  const auto folded_untrained = score_text(folded, untrained);  // the reasons point into it
  const score_reason* r = find_reason(folded_untrained, score_feature::rule, rule_id::line_folding);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->header, header_id::cseq);
  EXPECT_FLOAT_EQ(r->contribution, untrained.weight(score_feature::rule));
  // the same for whitespace before the colon
  const std::string spaced = edit("CSeq:", "CSeq :");
  ASSERT_GE(91u * p.rule_fired(rule_id::whitespace_before_colon), p.trained_messages());
  EXPECT_EQ(find_reason(score_text(spaced), score_feature::rule, rule_id::whitespace_before_colon), nullptr);
  const auto spaced_untrained = score_text(spaced, untrained);
  r = find_reason(spaced_untrained, score_feature::rule, rule_id::whitespace_before_colon);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->header, header_id::cseq);
  // never seen in training: the most a rule weighs with this much training
  EXPECT_EQ(p.rule_fired(rule_id::cseq_number_range), 0u);
  EXPECT_FLOAT_EQ(p.rule_weight(rule_id::cseq_number_range),
                  score_profile::rule_weight_for(0, p.trained_messages(), p.weight(score_feature::rule)));
  EXPECT_GT(p.rule_weight(rule_id::cseq_number_range), 12.0f);
  // seen at all: at most half the profile features' cap
  EXPECT_GT(p.rule_fired(rule_id::leading_crlf), 0u);
  EXPECT_LE(p.rule_weight(rule_id::leading_crlf), p.profile_cap() / 2);
  EXPECT_EQ(score_profile::rule_weight_for(0, 0, 20.0f), 20.0f);
  EXPECT_EQ(score_profile::rule_weight_for(0, 41203, 20.0f), 20.0f);
  EXPECT_NEAR(score_profile::rule_weight_for(99, 9999, 20.0f), 4.0f * (std::log2(10000.0 / 99.5) - 6.5), 1e-4);
}

TEST(score, start_line) {
  expect_rule(rule_id::start_line_whitespace, edit("INVITE sip", "INVITE  sip"), base_text, "  sip", header_id::other);
}

TEST(score, typed_value_invalid) {
  expect_rule(rule_id::cseq_method_mismatch, edit("CSeq: 4711 INVITE", "CSeq: 4711 BYE"), base_text, "BYE",
              header_id::cseq);
  expect_rule(rule_id::header_syntax, edit("Max-Forwards: 70", "Max-Forwards: 7x"), base_text, "7x",
              header_id::max_forwards);
}

TEST(score, required_header_missing) {
  scored s = score_text(edit("Max-Forwards: 70\r\n", ""));
  const score_reason* r = find_reason(s, score_feature::rule, rule_id::missing_since_rfc3261);
  ASSERT_NE(r, nullptr) << describe(s);
  EXPECT_EQ(r->header, header_id::max_forwards);
  EXPECT_EQ(r->header_index, no_header);
  EXPECT_EQ(find_reason(score_text(base_text), score_feature::rule, rule_id::missing_since_rfc3261), nullptr);
}

TEST(score, header_name_near_miss) {
  // an edit away from Max-Forwards, which is then absent
  expect_feature(score_feature::header_name_near_miss, edit("Max-Forwards:", "Max-Fowards:"), base_text, "Max-Fowards",
                 header_id::max_forwards);
  expect_feature(score_feature::header_name_near_miss, edit("To:", "To\x01:"), base_text, "To\x01", header_id::to);
  // two letters swapped: one edit, as a typing slip is
  expect_feature(score_feature::header_name_near_miss, edit("Contact:", "Contcat:"), base_text, "Contcat",
                 header_id::contact);
  // an unknown name far from every known one is not a near miss
  scored s = score_text(edit("Content-Length:", "X-Zebra-Count: 3\r\nContent-Length:"));
  EXPECT_EQ(find_reason(s, score_feature::header_name_near_miss), nullptr) << describe(s);
}

TEST(score, near_miss_beside_the_real_header_is_a_custom_header) {
  // a legal name an edit from Call-ID, beside a real Call-ID: an extension
  // header, which no parser takes for Call-ID
  scored custom = score_text(edit("Call-ID:", "XCall-ID: 7\r\nCall-ID:"));
  EXPECT_EQ(find_reason(custom, score_feature::header_name_near_miss), nullptr) << describe(custom);
  EXPECT_LT(custom.r.score, trained().threshold_for_fpr(0.001)) << describe(custom);
  // the same name standing in for an absent Call-ID imitates it
  expect_feature(score_feature::header_name_near_miss, edit("Call-ID:", "XCall-ID:"), base_text, "XCall-ID",
                 header_id::call_id);
  // a name with a byte outside token beside the real header still imitates it:
  // a parser that drops the byte reads a second Call-ID
  expect_feature(score_feature::header_name_near_miss, edit("Call-ID:", "Call-I\x01D: 7\r\nCall-ID:"), base_text,
                 "Call-I\x01D", header_id::call_id);
}

// A validator finding at the message's very end (an SDP line missing after the
// last one) has no byte to point at: its reason stays inside the message.
TEST(score, reasons_at_the_message_end_stay_inside) {
  std::string sdp = "v=0\r\nm=audio 1 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n";  // no o=, s=, t= or c=
  std::string text =
      "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h.example.com;branch=z9hG4bK1\r\n"
      "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
      "Call-ID: end@h\r\nCSeq: 1 INVITE\r\nContact: <sip:a@h>\r\nContent-Type: application/sdp\r\n"
      "Content-Length: " + std::to_string(sdp.size()) + "\r\n\r\n" + sdp;
  const score_profile untrained;  // every rule at full weight: all findings are reasons
  scored s = score_text(text, untrained);
  ASSERT_TRUE(s.parsed);
  bool at_end = false;
  for (std::size_t i = 0; i < s.r.reason_count; ++i) {
    const score_reason& r = s.r.reasons[i];
    EXPECT_LE(r.offset + r.length, text.size()) << describe(s);
    at_end |= r.offset == text.size();
  }
  EXPECT_TRUE(at_end) << "the missing o=/s=/t= is named at the end: " << describe(s);
}

TEST(score, compact_stand_in_names_the_missing_header) {
  // "f:" where To was: From twice and no To. The validator's findings on the
  // "f:" row (a repeated From, a compact and a long form, a tag missing) name
  // To, the header it stands in for; the same row added with nothing missing
  // names its own header.
  struct swap {
    const char* from;
    const char* to;
    header_id missing, own;
  };
  for (const swap& w : {swap{"To: Carol", "f: Carol", header_id::to, header_id::from},
                        swap{"From: Dave", "t: Dave", header_id::from, header_id::to}}) {
    const std::string letter = std::string(w.to).substr(0, 2);
    auto row_headers = [&](const std::string& text, header_id expected) {
      const scored s = score_text(text);
      ASSERT_TRUE(s.parsed);
      const std::size_t line = text.find("\r\n" + letter) + 2, end = text.find("\r\n", line);
      std::size_t on_row = 0;
      for (std::size_t i = 0; i < s.r.reason_count; ++i) {
        const score_reason& r = s.r.reasons[i];
        if (r.feature != score_feature::rule || r.offset < line || r.offset >= end) continue;
        ++on_row;
        EXPECT_EQ(r.header, expected) << describe(s);
      }
      EXPECT_GT(on_row, 0u) << describe(s);
    };
    row_headers(edit(w.from, w.to), w.missing);
    row_headers(edit("Contact:", letter + " <sip:x@example.org>;tag=1\r\nContact:"), w.own);
  }
}
