// sipspan — message scan: the deviations of the tolerant scan (folding, line
// ends, names, commas, quotes and brackets, control bytes), strict vs tolerant.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "message_test_util.hpp"
#include "sipspan/message.hpp"
#include "test_util.hpp"

using namespace sipspan;
using sipspan::testing::basic_invite;
using sipspan::testing::corpus;
using sipspan::testing::kinds;

TEST(message, folding_keeps_the_value_span_and_is_legal_in_strict_mode) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nSubject: I know you're there,\r\n\tpick up!\r\nTo: <sip:x>\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m, parse_options::strict()));
  header_view h;
  ASSERT_TRUE(m.find(header_id::subject, h));
  EXPECT_EQ(h.value, "I know you're there,\r\n\tpick up!");
  EXPECT_TRUE(h.flags & header_flags::folded);
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::line_folding);
  EXPECT_EQ(m.deviations()[0].offset, s.find("\r\n\tpick"));
  EXPECT_EQ(m.deviations()[0].header_index, 0);
}

TEST(message, trailing_whitespace_and_empty_values) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nSubject:   \r\nTo:\t<sip:x>  \t\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.header(0).value, "");
  EXPECT_EQ(m.header(1).value, "<sip:x>");
}

TEST(message, seed_invite_has_no_deviation) {
  std::string s = corpus("seed/seed-invite.sip");
  ASSERT_FALSE(s.empty());
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_TRUE(m.deviations().empty());
  EXPECT_TRUE(parse(s, m, parse_options::strict()));
  EXPECT_EQ(m.body().size(), 287u);
  EXPECT_EQ(m.count(header_id::via), 2u);  // "Via:" and "v:"
  EXPECT_EQ(m.count(header_id::route), 2u);
}

TEST(message, seed_mimicry_has_a_deviation_at_each_change) {
  std::string s = corpus("seed/seed-mimicry.sip");
  ASSERT_FALSE(s.empty());
  message_view m;
  ASSERT_TRUE(parse(s, m));
  auto d = m.deviations();
  ASSERT_EQ(d.size(), 5u);
  EXPECT_EQ(d[0].kind, deviation_kind::header_name_whitespace);
  EXPECT_EQ(d[0].offset, s.find("Conta ct") + 5);
  EXPECT_EQ(d[1].kind, deviation_kind::header_name_whitespace);
  EXPECT_EQ(d[1].offset, s.find("Vi a:") + 2);
  EXPECT_EQ(d[2].kind, deviation_kind::comma_in_singleton);
  EXPECT_EQ(d[2].offset, s.find("Alice W,") + 7);
  EXPECT_EQ(d[3].kind, deviation_kind::comma_in_singleton);
  EXPECT_EQ(d[3].offset, s.find("0000012,@0") + 7);
  EXPECT_EQ(d[4].kind, deviation_kind::empty_list_element);
  EXPECT_EQ(d[4].offset, s.find("otag-991,") + 8);
  // the mangled names are not Contact / Via any more
  header_view h;
  EXPECT_FALSE(m.find(header_id::contact, h));
  ASSERT_TRUE(m.find("Conta ct", h));
  EXPECT_EQ(h.id, header_id::other);
  EXPECT_EQ(m.count(header_id::via), 1u);

  result r = parse(s, m, parse_options::strict());
  EXPECT_EQ(r.code, error_code::deviation_rejected);
  EXPECT_EQ(r.deviation, deviation_kind::header_name_whitespace);
  EXPECT_EQ(r.offset, s.find("Conta ct") + 5);
}

TEST(message, whitespace_before_colon_and_control_in_name) {
  std::string s = std::string("OPTIONS sip:x SIP/2.0\r\nTo : <sip:a>\r\nFrom\x01: <sip:b>\r\nFr@m: c\r\n\r\n");
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.header(0).id, header_id::to);
  EXPECT_EQ(m.header(0).name, "To");
  EXPECT_EQ(m.header(1).id, header_id::other);
  EXPECT_EQ(m.header(1).name, std::string_view("From\x01", 5));
  EXPECT_EQ(m.header(2).id, header_id::other);
  EXPECT_EQ(kinds(m), (std::vector<deviation_kind>{deviation_kind::whitespace_before_colon,
                                                   deviation_kind::header_name_control,
                                                   deviation_kind::header_name_invalid}));
  // strict: whitespace before the colon is legal (HCOLON), a control byte is not
  result r = parse(s, m, parse_options::strict());
  EXPECT_EQ(r.code, error_code::deviation_rejected);
  EXPECT_EQ(r.deviation, deviation_kind::header_name_control);
  EXPECT_EQ(r.offset, s.find('\x01'));
}

TEST(message, bare_lf_line_ends) {
  std::string s = "OPTIONS sip:x SIP/2.0\nTo: <sip:a>\nCall-ID: 1\n\nbody";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.header_count(), 2u);
  EXPECT_EQ(m.header(0).value, "<sip:a>");
  EXPECT_EQ(m.body(), "body");
  EXPECT_EQ(kinds(m), std::vector<deviation_kind>(4, deviation_kind::bare_lf));
  EXPECT_EQ(m.deviations()[0].offset, s.find('\n'));
}

TEST(message, bare_cr_is_an_error) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nTo: <sip:a>\rX: y\r\n\r\n";
  message_view m;
  result r = parse(s, m);
  EXPECT_EQ(r.code, error_code::bare_cr);
  EXPECT_EQ(r.offset, s.find("\rX"));
}

TEST(message, repeated_and_mixed_singletons) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nTo: <sip:a>\r\nTo: <sip:b>\r\nl: 0\r\nContent-Length: 0\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(kinds(m), (std::vector<deviation_kind>{deviation_kind::repeated_singleton, deviation_kind::compact_long_mix}));
  EXPECT_EQ(m.deviations()[0].offset, s.find("To: <sip:b>"));
  EXPECT_EQ(m.deviations()[0].header_index, 1);
  EXPECT_EQ(m.value(header_id::to), "<sip:a>");  // first occurrence
}

TEST(message, comma_rules_follow_quotes_and_brackets) {
  std::string s =
      "OPTIONS sip:x SIP/2.0\r\n"
      "To: \"Doe, John\" <sip:j,d@x>;tag=1\r\n"  // commas inside quotes and <>: fine
      "Contact: <sip:a>, <sip:b>\r\n"           // list: fine
      "Allow: INVITE, , ACK\r\n"                // empty element
      "Supported: ,timer\r\n"                   // leading empty element
      "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n" // text: commas are words
      "User-Agent: tstsip, version 1\r\n"
      "Call-ID: a,b@c\r\n"                      // comma in singleton
      "\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  auto d = m.deviations();
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].kind, deviation_kind::empty_list_element);
  EXPECT_EQ(d[0].offset, s.find(", , ACK") + 2);
  EXPECT_EQ(d[1].kind, deviation_kind::empty_list_element);
  EXPECT_EQ(d[1].offset, s.find(",timer"));
  EXPECT_EQ(d[2].kind, deviation_kind::comma_in_singleton);
  EXPECT_EQ(d[2].offset, s.find("a,b@c") + 1);
}

TEST(message, unbalanced_quotes_and_brackets) {
  std::string s =
      "OPTIONS sip:x SIP/2.0\r\n"
      "Contact: <sip:a@b>\"\r\n"
      "To: sip:a@b>\r\n"
      "From: <sip:a@b\r\n"
      "\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(kinds(m), (std::vector<deviation_kind>{deviation_kind::unbalanced_quote, deviation_kind::unbalanced_angle,
                                                   deviation_kind::unbalanced_angle}));
  EXPECT_EQ(m.deviations()[0].offset, s.find("\"\r\n"));
  EXPECT_EQ(m.deviations()[1].offset, s.find("b>\r\nFrom") + 1);
  EXPECT_EQ(m.deviations()[2].offset, s.find("<sip:a@b\r\n"));
  // the unbalanced quote does not swallow the following lines
  EXPECT_EQ(m.header_count(), 3u);
}

TEST(message, control_byte_in_value) {
  std::string s = std::string("OPTIONS sip:x SIP/2.0\r\nSubject: a\0b\r\n\r\n", 41);
  message_view m;
  ASSERT_TRUE(parse(s, m));
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::control_byte_in_value);
  EXPECT_EQ(m.deviations()[0].offset, s.find('\0'));
  EXPECT_EQ(m.header(0).value, std::string_view("a\0b", 3));
}

TEST(message, start_line_spacing) {
  std::string s = "INVITE  sip:x\tSIP/2.0 \r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.request_uri(), "sip:x");
  EXPECT_EQ(kinds(m), std::vector<deviation_kind>(3, deviation_kind::start_line_whitespace));
  EXPECT_EQ(m.deviations()[0].offset, 6u);
  EXPECT_EQ(m.deviations()[0].length, 2u);
}

TEST(message, leading_crlf_is_skipped) {
  std::string s = "\r\n\r\nOPTIONS sip:x SIP/2.0\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m, parse_options::strict()));
  EXPECT_EQ(m.method(), "OPTIONS");
  EXPECT_EQ(kinds(m), std::vector<deviation_kind>(2, deviation_kind::leading_crlf));
}

TEST(message, missing_colon_line_is_skipped_and_recorded) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nTo: <sip:a>\r\n,NOTIFY ,SUBSCRIBE\r\nCall-ID: 1\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.header_count(), 2u);
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::missing_colon);
  EXPECT_EQ(m.deviations()[0].offset, s.find(",NOTIFY"));
  EXPECT_FALSE(parse(s, m, parse_options::strict()));
}


TEST(message, call_id_words_may_hold_quotes_and_brackets) {
  // word = 1*(... / "<" / ">" / DQUOTE / ...): no quote or bracket structure
  std::string s = "OPTIONS sip:x SIP/2.0\r\nCall-ID: 4b3\"q<p@[h]>{x}\r\nIn-Reply-To: 7>a@h, \"z<@h\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m, parse_options::strict()));
  EXPECT_TRUE(m.deviations().empty());
  EXPECT_EQ(m.value(header_id::call_id), "4b3\"q<p@[h]>{x}");
  // ... but a comma the quote seemed to hide is still a comma in a singleton
  std::string hidden = "OPTIONS sip:x SIP/2.0\r\nCall-ID: \"x,@y\r\nIn-Reply-To: <a,,b>\r\n\r\n";
  ASSERT_TRUE(parse(hidden, m));
  ASSERT_EQ(m.deviations().size(), 2u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::comma_in_singleton);
  EXPECT_EQ(m.deviations()[0].offset, hidden.find(",@y"));
  EXPECT_EQ(m.deviations()[1].kind, deviation_kind::empty_list_element);
  EXPECT_EQ(m.deviations()[1].offset, hidden.find(",b>"));
}

TEST(message, name_deviations_wait_for_the_colon) {
  // strict mode names the real problem of a line without a colon
  std::string s = "OPTIONS sip:x SIP/2.0\r\nThis line has no colon\r\n\r\n";
  message_view m;
  result r = parse(s, m, parse_options::strict());
  EXPECT_EQ(r.code, error_code::deviation_rejected);
  EXPECT_EQ(r.deviation, deviation_kind::missing_colon);
  EXPECT_EQ(r.offset, s.find("This"));
  // and a name with several problems records them in input order
  std::string many = std::string("OPTIONS sip:x SIP/2.0\r\nA@b c\x01: v\r\n\r\n");
  ASSERT_TRUE(parse(many, m));
  std::vector<deviation_kind> k;
  for (const deviation& d : m.deviations()) k.push_back(d.kind);
  EXPECT_EQ(k, (std::vector<deviation_kind>{deviation_kind::header_name_invalid, deviation_kind::header_name_whitespace,
                                            deviation_kind::header_name_control}));
}

TEST(message, identity_may_repeat_and_trailing_octets_pass_strict) {
  std::string s = "INVITE sip:x SIP/2.0\r\nIdentity: a.b.c;info=<https://x/1>\r\nIdentity: d.e.f;info=<https://x/2>\r\n"
                  "Content-Length: 0\r\n\r\nextra";
  message_view m;
  ASSERT_TRUE(parse(s, m, parse_options::strict()));  // RFC 8224; RFC 3261 §18.3
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::bytes_after_body);
  EXPECT_EQ(m.body(), "");
}
