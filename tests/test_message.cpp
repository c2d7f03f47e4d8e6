// sipspan — message scan: start line, header table, folding, body, deviations,
// strict vs tolerant, errors with offsets.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sipspan/message.hpp"
#include "test_util.hpp"

using namespace sipspan;
using sipspan::testing::corpus;

namespace {

std::vector<deviation_kind> kinds(const message_view& m) {
  std::vector<deviation_kind> v;
  for (const deviation& d : m.deviations()) v.push_back(d.kind);
  return v;
}

const char* const basic_invite =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

}  // namespace

TEST(message, request_line_and_headers) {
  std::string s = basic_invite;
  message_view m;
  result r = parse(s, m);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_TRUE(m.is_request());
  EXPECT_EQ(m.method(), "INVITE");
  EXPECT_EQ(m.method_kind(), method_id::invite);
  EXPECT_EQ(m.request_uri(), "sip:bob@biloxi.com");
  EXPECT_EQ(m.version(), "SIP/2.0");
  EXPECT_EQ(m.start_line(), "INVITE sip:bob@biloxi.com SIP/2.0");
  ASSERT_EQ(m.header_count(), 9u);
  EXPECT_EQ(m.header(0).id, header_id::via);
  EXPECT_EQ(m.header(0).name, "Via");
  EXPECT_EQ(m.header(0).value, "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds");
  EXPECT_EQ(m.value(header_id::call_id), "a84b4c76e66710@pc33.atlanta.com");
  EXPECT_EQ(m.value(header_id::cseq), "314159 INVITE");
  EXPECT_TRUE(m.has_content_length());
  EXPECT_EQ(m.content_length(), 4u);
  EXPECT_EQ(m.body(), "v=0\n");
  EXPECT_EQ(m.message_length(), s.size());
  EXPECT_TRUE(m.deviations().empty());
  // every span points into the input
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    EXPECT_TRUE(sipspan::testing::inside(s, m.header(i).name));
    EXPECT_TRUE(sipspan::testing::inside(s, m.header(i).value));
  }
}

TEST(message, status_line) {
  std::string s = "SIP/2.0 180 Ringing\r\nCall-ID: x\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_TRUE(m.is_response());
  EXPECT_EQ(m.status_code(), 180);
  EXPECT_EQ(m.status_text(), "180");
  EXPECT_EQ(m.reason(), "Ringing");
  EXPECT_EQ(m.body(), "");
  EXPECT_FALSE(m.has_content_length());
}

TEST(message, reason_phrase_with_utf8_and_spaces) {
  std::string s = "SIP/2.0 486 Busy \xc3\xa9t\xc3\xa9  here\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.reason(), "Busy \xc3\xa9t\xc3\xa9  here");
  EXPECT_TRUE(m.deviations().empty());
}

TEST(message, status_line_without_reason_is_a_deviation) {
  std::string s = "SIP/2.0 200\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  EXPECT_EQ(m.status_code(), 200);
  EXPECT_EQ(kinds(m), std::vector<deviation_kind>{deviation_kind::start_line_whitespace});
  EXPECT_FALSE(parse(s, m, parse_options::strict()));
}

TEST(message, header_lookup_is_case_insensitive_and_knows_compact_forms) {
  std::string s = "OPTIONS sip:x SIP/2.0\r\nv: SIP/2.0/UDP a\r\ncall-id: 1@x\r\nX-Custom: yes\r\nVIA: SIP/2.0/TCP b\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  header_view h;
  ASSERT_TRUE(m.find(header_id::via, h));
  EXPECT_EQ(h.name, "v");
  EXPECT_TRUE(h.flags & header_flags::compact);
  ASSERT_TRUE(m.find("Call-ID", h));
  EXPECT_EQ(h.value, "1@x");
  ASSERT_TRUE(m.find("i", h));
  EXPECT_EQ(h.value, "1@x");
  ASSERT_TRUE(m.find("x-custom", h));
  EXPECT_EQ(h.id, header_id::other);
  EXPECT_EQ(h.value, "yes");
  EXPECT_FALSE(m.find("X-Missing", h));
  EXPECT_EQ(m.count(header_id::via), 2u);
  EXPECT_EQ(m.next_row(header_id::via, 0), 3);
  EXPECT_EQ(m.next_row(header_id::via, 3), no_header);
  // the first row of an id by index: the one find() reads; none for absent ids and other
  EXPECT_EQ(m.first_row(header_id::via), 0);
  EXPECT_EQ(m.first_row(header_id::call_id), 1);
  EXPECT_EQ(m.first_row(header_id::cseq), no_header);
  EXPECT_EQ(m.first_row(header_id::other), no_header);
  // Via in compact and long form is legal (list header): no deviation
  EXPECT_TRUE(m.deviations().empty());
}

TEST(message, classify_every_compact_form) {
  const std::pair<char, header_id> forms[] = {
      {'a', header_id::accept_contact}, {'b', header_id::referred_by},  {'c', header_id::content_type},
      {'d', header_id::request_disposition}, {'e', header_id::content_encoding}, {'f', header_id::from},
      {'i', header_id::call_id},        {'j', header_id::reject_contact}, {'k', header_id::supported},
      {'l', header_id::content_length}, {'m', header_id::contact},      {'n', header_id::identity_info},
      {'o', header_id::event},          {'r', header_id::refer_to},     {'s', header_id::subject},
      {'t', header_id::to},             {'u', header_id::allow_events}, {'v', header_id::via},
      {'x', header_id::session_expires}, {'y', header_id::identity},
  };
  for (auto [c, id] : forms) {
    char lower[2] = {c, 0};
    char upper[2] = {static_cast<char>(c - 32), 0};
    EXPECT_EQ(classify_header(lower), id) << c;
    EXPECT_EQ(classify_header(upper), id) << c;
  }
  for (char c : std::string("ghpqwz")) {
    char n[2] = {c, 0};
    EXPECT_EQ(classify_header(n), header_id::other) << c;
  }
}

TEST(message, classify_every_long_name_in_any_case) {
  for (std::size_t i = 0; i + 1 < header_id_count; ++i) {
    auto id = static_cast<header_id>(i);
    std::string name(canonical_name(id));
    EXPECT_EQ(classify_header(name), id) << name;
    std::string up = name, low = name;
    for (char& c : up) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(classify_header(up), id) << up;
    EXPECT_EQ(classify_header(low), id) << low;
    // one byte off is another name
    std::string off = name;
    off.back() = off.back() == 'x' ? 'y' : 'x';
    EXPECT_NE(classify_header(off), id) << off;
  }
  EXPECT_EQ(classify_header("Call ID"), header_id::other);
  EXPECT_EQ(classify_header(std::string_view("To\x01", 3)), header_id::other);
  EXPECT_EQ(classify_header(""), header_id::other);
}

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

TEST(message, body_and_content_length) {
  message_view m;
  std::string exact = "MESSAGE sip:x SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
  ASSERT_TRUE(parse(exact, m));
  EXPECT_EQ(m.body(), "hello");

  std::string extra = "MESSAGE sip:x SIP/2.0\r\nl: 5\r\n\r\nhelloMESSAGE";
  ASSERT_TRUE(parse(extra, m));
  EXPECT_EQ(m.body(), "hello");
  EXPECT_EQ(m.message_length(), extra.size() - 7);
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::bytes_after_body);
  EXPECT_EQ(m.deviations()[0].offset, extra.size() - 7);

  std::string shorter = "MESSAGE sip:x SIP/2.0\r\nContent-Length: 50\r\n\r\nhello";
  ASSERT_TRUE(parse(shorter, m));
  EXPECT_EQ(m.body(), "hello");
  EXPECT_TRUE(m.has_deviation(deviation_kind::body_shorter_than_content_length));
  EXPECT_EQ(parse(shorter, m, parse_options::strict()).deviation, deviation_kind::body_shorter_than_content_length);

  std::string none = "MESSAGE sip:x SIP/2.0\r\n\r\nhello";  // §18.3: to the end of the datagram
  ASSERT_TRUE(parse(none, m));
  EXPECT_EQ(m.body(), "hello");
  EXPECT_TRUE(m.deviations().empty());
}

TEST(message, content_length_errors) {
  message_view m;
  struct c {
    std::string cl;
    error_code code;
  } cases[] = {
      {"-5", error_code::content_length_invalid},         {"+5", error_code::content_length_invalid},
      {"5x", error_code::content_length_invalid},         {"", error_code::content_length_invalid},
      {"4294967296", error_code::content_length_overflow}, {"99999999999999999999999", error_code::content_length_overflow},
  };
  for (const auto& t : cases) {
    std::string s = "MESSAGE sip:x SIP/2.0\r\nContent-Length: " + t.cl + "\r\n\r\n";
    result r = parse(s, m);
    EXPECT_EQ(r.code, t.code) << t.cl;
    EXPECT_GE(r.offset, s.find("Content-Length: ") + 16) << t.cl;
  }
  std::string lead0 = "MESSAGE sip:x SIP/2.0\r\nContent-Length: 0005\r\n\r\nhello";
  ASSERT_TRUE(parse(lead0, m));
  EXPECT_EQ(m.body(), "hello");
  std::string max = "MESSAGE sip:x SIP/2.0\r\nContent-Length: 4294967295\r\n\r\nx";
  ASSERT_TRUE(parse(max, m));
  EXPECT_TRUE(m.has_deviation(deviation_kind::body_shorter_than_content_length));

  std::string conflict = "MESSAGE sip:x SIP/2.0\r\nl: 1\r\nContent-Length: 5\r\n\r\nhello";
  result r = parse(conflict, m);
  EXPECT_EQ(r.code, error_code::content_length_conflict);
  EXPECT_EQ(r.offset, conflict.find("Content-Length"));
}

TEST(message, start_line_errors_name_the_part_and_offset) {
  message_view m;
  struct c {
    std::string in;
    error_code code;
    std::size_t at;
  } cases[] = {
      {"", error_code::empty_input, 0},
      {"<html>\r\n\r\n", error_code::bad_start_line, 0},
      {"INV@TE sip:x SIP/2.0\r\n\r\n", error_code::bad_method, 3},
      {"INVITE\r\n\r\n", error_code::bad_request_uri, 6},
      {"INVITE sip:x\r\n\r\n", error_code::bad_sip_version, 12},
      {"INVITE sip:x HTTP/1.1\r\n\r\n", error_code::bad_sip_version, 13},
      {"INVITE sip:x SIP/2.0x\r\n\r\n", error_code::bad_sip_version, 20},
      {"SIP/2.0 2x0 OK\r\n\r\n", error_code::bad_status_code, 9},
      {"SIP/2.0 2000 OK\r\n\r\n", error_code::bad_status_code, 11},
      {"SIP/x.0 200 OK\r\n\r\n", error_code::bad_sip_version, 4},
      {"INVITE sip:x SIP/2.0\r\n", error_code::incomplete_message, 22},
      {"INVI", error_code::incomplete_message, 4},
      {"INVITE sip:x SIP/2.0\r\nTo: a\r\nFrom: b", error_code::incomplete_message, 36},
      {"INVITE sip:x SIP/2.0\r\n  folded\r\n\r\n", error_code::bad_header_line, 22},
      {"INVITE sip:x SIP/2.0\r\n: v\r\n\r\n", error_code::bad_header_line, 22},
  };
  for (const auto& t : cases) {
    const std::string& in = t.in;
    result r = parse(in, m);
    EXPECT_EQ(r.code, t.code) << in << " got " << r.name();
    EXPECT_EQ(r.offset, t.at) << in;
  }
}

TEST(message, junk_before_the_start_line) {
  message_view m;
  std::string nul = std::string("\0INVITE sip:x SIP/2.0\r\n\r\n", 25);
  result r = parse(nul, m);
  EXPECT_EQ(r.code, error_code::bad_start_line);
  EXPECT_EQ(r.offset, 0u);
  std::string junk = "xx\x01 INVITE sip:x SIP/2.0\r\n\r\n";
  r = parse(junk, m);
  EXPECT_EQ(r.code, error_code::bad_method);
  EXPECT_EQ(r.offset, 2u);
}

TEST(message, header_table_capacity_is_an_error_not_an_allocation) {
  std::array<header_record, 4> table{};
  std::array<deviation, 4> devs{};
  message_view m(table, devs);
  std::string s = "OPTIONS sip:x SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\nE: 5\r\n\r\n";
  result r = parse(s, m);
  EXPECT_EQ(r.code, error_code::too_many_headers);
  EXPECT_EQ(r.offset, s.find("E: 5"));
  std::string ok = "OPTIONS sip:x SIP/2.0\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\n";
  ASSERT_TRUE(parse(ok, m));
  EXPECT_EQ(m.header_count(), 4u);
  EXPECT_EQ(m.header(3).value, "4");
  EXPECT_EQ(&m.records()[0], &table[0]);  // the caller's storage is used

  std::string many = "OPTIONS sip:x SIP/2.0\r\nA : 1\r\nB : 2\r\nC : 3\r\nD : 4\r\n\r\n";
  std::array<deviation, 3> few{};
  message_view m2(table, few);
  EXPECT_EQ(parse(many, m2).code, error_code::too_many_deviations);
}

TEST(message, comma_splitting_across_rows) {
  std::string s =
      "OPTIONS sip:x SIP/2.0\r\n"
      "Route: <sip:a;lr>, \"x, y\" <sip:b>\r\n"
      "To: <sip:t>\r\n"
      "Route: <sip:c,d@e>,,<sip:f>\r\n"
      "\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m));
  std::vector<std::string_view> v;
  for (std::string_view e : m.values(header_id::route)) v.push_back(e);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(v[0], "<sip:a;lr>");
  EXPECT_EQ(v[1], "\"x, y\" <sip:b>");
  EXPECT_EQ(v[2], "<sip:c,d@e>");
  EXPECT_EQ(v[3], "<sip:f>");
  auto it = m.values(header_id::route).begin();
  EXPECT_EQ(it.row(), 0);
  ++it;
  ++it;
  EXPECT_EQ(it.row(), 2);
  std::size_t n = 0;
  for (auto e : m.values(header_id::contact)) n += !e.empty();
  EXPECT_EQ(n, 0u);
}

TEST(message, locate_gives_line_and_column) {
  std::string s = "ab\ncd\r\nef";
  EXPECT_EQ(locate(s, 0).line, 1u);
  EXPECT_EQ(locate(s, 0).column, 1u);
  EXPECT_EQ(locate(s, 4).line, 2u);
  EXPECT_EQ(locate(s, 4).column, 2u);
  EXPECT_EQ(locate(s, 7).line, 3u);
  EXPECT_EQ(locate(s, 7).column, 1u);
  EXPECT_EQ(locate(s, 2).line, 1u);  // the LF itself ends its line
  EXPECT_EQ(locate(s, 2).column, 3u);
  EXPECT_EQ(locate(s, 3).line, 2u);
  EXPECT_EQ(locate(s, 3).column, 1u);
  EXPECT_EQ(locate(s, 20).line, 3u);  // past the end: the last line, counted on
  EXPECT_EQ(locate(s, 20).column, 14u);
  EXPECT_EQ(locate("", 0).line, 1u);
  EXPECT_EQ(locate("\n\n", 2).line, 3u);
  EXPECT_EQ(locate("\n\n", 2).column, 1u);
}

TEST(message, error_and_deviation_names_are_stable) {
  EXPECT_EQ(error_name(error_code::content_length_overflow), "content_length_overflow");
  EXPECT_EQ(deviation_name(deviation_kind::header_name_whitespace), "header_name_whitespace");
  deviation_kind k;
  ASSERT_TRUE(deviation_from_name("comma_in_singleton", k));
  EXPECT_EQ(k, deviation_kind::comma_in_singleton);
  EXPECT_FALSE(deviation_from_name("nope", k));
  EXPECT_TRUE(deviation_abnf_legal(deviation_kind::line_folding));
  EXPECT_FALSE(deviation_abnf_legal(deviation_kind::bare_lf));
}

TEST(message, view_copies_keep_their_own_inline_tables) {
  std::string s = basic_invite;
  message_view a;
  ASSERT_TRUE(parse(s, a));
  message_view b = a;
  std::string other = "SIP/2.0 200 OK\r\nX: 1\r\n\r\n";
  ASSERT_TRUE(parse(other, a));
  EXPECT_EQ(b.header_count(), 9u);
  EXPECT_EQ(b.header(0).name, "Via");
  EXPECT_EQ(a.header(0).name, "X");
}

TEST(message, reason_phrase_may_start_with_whitespace) {
  // Status-Code SP Reason-Phrase: one SP separates, the rest is the phrase
  std::string s = "SIP/2.0 486  \tBusy Here\r\n\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m, parse_options::strict()));
  EXPECT_EQ(m.reason(), " \tBusy Here");
  EXPECT_TRUE(m.deviations().empty());
  std::string tab = "SIP/2.0 486\tBusy\r\n\r\n";  // HTAB as the separator is not SP
  ASSERT_TRUE(parse(tab, m));
  ASSERT_EQ(m.deviations().size(), 1u);
  EXPECT_EQ(m.deviations()[0].kind, deviation_kind::start_line_whitespace);
  EXPECT_EQ(m.deviations()[0].offset, 11u);
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

TEST(message, whitespace_inside_the_request_uri) {
  std::string s = "INVITE sip:foo bar@example.com SIP/2.0\r\n\r\n";
  message_view m;
  result r = parse(s, m);
  EXPECT_EQ(r.code, error_code::bad_request_uri);
  EXPECT_EQ(r.offset, s.find(" bar"));
}

// ------------------------------------------------------------ stream mode ---

namespace {

parse_options stream_mode(parse_options o = {}) {
  o.stream = true;
  return o;
}

const std::string stream_head = "OPTIONS sip:carol@chicago.com SIP/2.0\r\nCall-ID: s1\r\n";

}  // namespace

TEST(message_stream, content_length_is_required) {
  std::string s = stream_head + "\r\n";
  message_view m;
  result r = parse(s, m, stream_mode());
  EXPECT_EQ(r.code, error_code::content_length_missing);
  EXPECT_EQ(r.offset, s.size() - 2);  // at the empty line
  std::string lf = "OPTIONS sip:carol@chicago.com SIP/2.0\nCall-ID: s1\n\n";
  r = parse(lf, m, stream_mode());
  EXPECT_EQ(r.code, error_code::content_length_missing);
  EXPECT_EQ(r.offset, lf.size() - 1);  // a bare LF
  // without stream mode the body runs to the end of the input
  EXPECT_TRUE(parse(s, m));
}

TEST(message_stream, the_body_is_exactly_content_length_and_what_follows_is_no_deviation) {
  std::string msg = stream_head + "Content-Length: 5\r\n\r\nhello";
  std::string s = msg + "OPTIONS sip:next SIP/2.0\r\n";
  message_view m;
  ASSERT_TRUE(parse(s, m, stream_mode()));
  EXPECT_EQ(m.body(), "hello");
  EXPECT_EQ(m.raw(), msg);
  EXPECT_EQ(m.raw().data(), s.data());
  EXPECT_EQ(m.message_length(), msg.size());
  EXPECT_TRUE(m.deviations().empty());
  EXPECT_EQ(m.method_kind(), method_id::options);
  // the same bytes without stream mode: bytes_after_body, raw() is the input
  ASSERT_TRUE(parse(s, m));
  EXPECT_TRUE(m.has_deviation(deviation_kind::bytes_after_body));
  EXPECT_EQ(m.raw(), s);
  // strict options do not reject what follows in stream mode
  parse_options no_extra{rfc_permitted & ~lenient(deviation_kind::bytes_after_body)};
  EXPECT_TRUE(parse(s, m, stream_mode(no_extra)));
  EXPECT_FALSE(parse(s, m, no_extra));
  // exactly the message
  ASSERT_TRUE(parse(msg, m, stream_mode()));
  EXPECT_EQ(m.raw(), msg);
}

TEST(message_stream, fewer_bytes_than_needed_give_the_total_length) {
  std::string msg = stream_head + "Content-Length: 5\r\n\r\nhello";
  const std::size_t hend = msg.size() - 5;
  message_view m;
  for (std::size_t n = hend; n < msg.size(); ++n) {
    result r = parse(std::string_view(msg).substr(0, n), m, stream_mode());
    EXPECT_EQ(r.code, error_code::body_truncated) << n;
    EXPECT_EQ(r.offset, msg.size()) << n;
    EXPECT_EQ(m.body_offset(), hend);
    EXPECT_EQ(m.content_length(), 5u);
    EXPECT_EQ(m.value(header_id::call_id), "s1");
  }
  // inside the header section: incomplete, as without stream mode
  result r = parse(std::string_view(msg).substr(0, hend - 1), m, stream_mode());
  EXPECT_EQ(r.code, error_code::incomplete_message);
  // a total beyond 4 GiB - 1 is reported as 4294967295
  std::string big = stream_head + "Content-Length: 4294967295\r\n\r\n";
  r = parse(big, m, stream_mode());
  EXPECT_EQ(r.code, error_code::body_truncated);
  EXPECT_EQ(r.offset, 0xFFFFFFFFu);
  EXPECT_EQ(m.content_length(), 0xFFFFFFFFu);
}

TEST(message_stream, content_length_errors) {
  struct row {
    std::string lines;
    error_code code;
    std::string at;
  } rows[] = {
      {"Content-Length: +5\r\n", error_code::content_length_signed, "+5"},
      {"Content-Length: -1\r\n", error_code::content_length_signed, "-1"},
      {"Content-Length: 5\r\nl: 5\r\n", error_code::content_length_duplicate, "l: 5"},
      {"l: 5\r\nContent-Length: 6\r\n", error_code::content_length_conflict, "Content-Length"},
      {"Content-Length: 5x\r\n", error_code::content_length_invalid, "x"},
  };
  for (const row& w : rows) {
    std::string s = stream_head + w.lines + "\r\nhello!";
    message_view m;
    result r = parse(s, m, stream_mode());
    EXPECT_EQ(r.code, w.code) << w.lines;
    EXPECT_EQ(r.offset, s.find(w.at)) << w.lines;
  }
  // a second Content-Length is an error before it is a rejected deviation
  std::string s = stream_head + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello";
  message_view m;
  EXPECT_EQ(parse(s, m, stream_mode(parse_options::strict())).code, error_code::content_length_duplicate);
  EXPECT_EQ(parse(s, m, parse_options::strict()).code, error_code::deviation_rejected);
  // without stream mode a sign is not a digit, and the same value twice is a deviation
  std::string signed_cl = stream_head + "Content-Length: +5\r\n\r\nhello";
  EXPECT_EQ(parse(signed_cl, m).code, error_code::content_length_invalid);
  ASSERT_TRUE(parse(s, m));
  EXPECT_TRUE(m.has_deviation(deviation_kind::repeated_singleton));
}
