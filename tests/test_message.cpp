// sipspan — message scan: start line, header table and lookups, comma splitting,
// start-line errors with offsets, views.
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


TEST(message, whitespace_inside_the_request_uri) {
  std::string s = "INVITE sip:foo bar@example.com SIP/2.0\r\n\r\n";
  message_view m;
  result r = parse(s, m);
  EXPECT_EQ(r.code, error_code::bad_request_uri);
  EXPECT_EQ(r.offset, s.find(" bar"));
}
