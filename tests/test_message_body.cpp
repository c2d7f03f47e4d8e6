// sipspan — message scan: the body and Content-Length, on datagrams and in
// stream mode (parse_options::stream).
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
