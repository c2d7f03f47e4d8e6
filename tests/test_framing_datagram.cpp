// sipspan — framing datagrams (RFC 3261 §18.3): one message or several back to
// back, trailing bytes, errors with their datagram offsets; and the start-line
// test both framers use (grammar/start_line.rl).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/start_line.hpp"
#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"

#include "framing_util.hpp"
#include "test_util.hpp"

using namespace sipspan;
using namespace sipspan::testing;

// ================================================================ datagrams ===

TEST(datagram, one_message_without_content_length_takes_the_rest) {
  std::string d = "SIP/2.0 200 OK\r\nCall-ID: a\r\n\r\nbody bytes";
  datagram_messages out;
  ASSERT_TRUE(frame_datagram(d, out));
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bytes, d);
  EXPECT_EQ(out[0].offset, 0u);
  EXPECT_EQ(out[0].view.body(), "body bytes");
  EXPECT_TRUE(out.trailing().empty());
}

TEST(datagram, messages_back_to_back) {
  std::string d = message_req + options_req + message_req;
  datagram_messages out;
  result r = frame_datagram(d, out);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].bytes, message_req);
  EXPECT_EQ(out[1].bytes, options_req);
  EXPECT_EQ(out[2].bytes, message_req);
  EXPECT_EQ(out[1].offset, message_req.size());
  EXPECT_EQ(out[2].offset, message_req.size() + options_req.size());
  EXPECT_EQ(out[0].view.body(), "hello");
  EXPECT_EQ(out[1].view.method(), "OPTIONS");
  for (const datagram_message& m : out) {
    EXPECT_TRUE(inside(d, m.bytes));
    EXPECT_FALSE(m.view.has_deviation(deviation_kind::bytes_after_body));
    EXPECT_EQ(m.view.raw(), m.bytes);
  }
  EXPECT_TRUE(out.trailing().empty());
}

TEST(datagram, crlf_before_the_next_start_line_belongs_to_that_message) {
  std::string d = message_req + "\r\n" + options_req;
  datagram_messages out;
  ASSERT_TRUE(frame_datagram(d, out));
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[1].offset, message_req.size());
  EXPECT_TRUE(out[1].view.has_deviation(deviation_kind::leading_crlf));
  EXPECT_EQ(out[1].view.method(), "OPTIONS");
}

TEST(datagram, truncated_body_is_an_error_at_the_end_of_the_datagram) {
  std::string d = message_req.substr(0, message_req.size() - 2);
  datagram_messages out;
  result r = frame_datagram(d, out);
  EXPECT_EQ(r.code, error_code::body_truncated);
  EXPECT_EQ(r.offset, d.size());
  // also for a second message
  std::string d2 = options_req + d;
  r = frame_datagram(d2, out);
  EXPECT_EQ(r.code, error_code::body_truncated);
  EXPECT_EQ(r.offset, d2.size());
  EXPECT_EQ(out.size(), 1u);  // the first one was framed
}

TEST(datagram, bytes_that_are_no_message_are_reported_as_trailing) {
  // Decision: a deviation (RFC 3261 §18.3: the receiver discards them), not an error.
  for (std::string tail : {std::string("\r\n\r\n"), std::string("\0\0\0\0", 4), std::string("garbage here"),
                           std::string("not a start line\r\n\r\n")}) {
    std::string d = options_req + tail;
    datagram_messages out;
    result r = frame_datagram(d, out);
    ASSERT_TRUE(r) << r.name();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out.trailing(), tail);
    EXPECT_EQ(out.trailing_offset(), options_req.size());
    EXPECT_TRUE(out[0].view.has_deviation(deviation_kind::bytes_after_body));
    EXPECT_EQ(out[0].bytes, options_req);
  }
  // with options that reject that deviation, it is an error at the first extra byte
  std::string d = options_req + "garbage";
  datagram_messages out;
  parse_options strict_no_extra{rfc_permitted & ~lenient(deviation_kind::bytes_after_body)};
  result r = frame_datagram(d, out, strict_no_extra);
  EXPECT_EQ(r.code, error_code::deviation_rejected);
  EXPECT_EQ(r.deviation, deviation_kind::bytes_after_body);
  EXPECT_EQ(r.offset, options_req.size());
}

TEST(datagram, a_broken_second_message_is_an_error_with_its_datagram_offset) {
  std::string bad = with_headers("Content-Length: 1x\r\n");
  std::string d = options_req + bad;
  datagram_messages out;
  result r = frame_datagram(d, out);
  EXPECT_EQ(r.code, error_code::content_length_invalid);
  EXPECT_EQ(r.offset, options_req.size() + bad.find("1x") + 1);
}

TEST(datagram, too_many_messages) {
  std::string d;
  for (std::size_t i = 0; i < datagram_messages::capacity + 1; ++i) d += options_req;
  datagram_messages out;
  result r = frame_datagram(d, out);
  EXPECT_EQ(r.code, error_code::too_many_messages);
  EXPECT_EQ(r.offset, datagram_messages::capacity * options_req.size());
  EXPECT_EQ(out.size(), datagram_messages::capacity);
}

// The start-line test of both framers (grammar/start_line.rl), on whole lines and
// on every split of a line into the stream framer's two pieces.
TEST(start_line, what_looks_like_a_start_line) {
  const struct {
    const char* line;
    bool start;
  } cases[] = {
      {"INVITE sip:bob@example.com SIP/2.0", true},
      {"INVITE sip:bob@example.com SIP/2.0\r", true},
      {"INVITE sip:bob@example.com sip/2.0 \t\r", true},
      {"FOO x SIP/10.25", true},
      {"SIP/2.0 200 OK", true},
      {"sip/2.0 200 OK\r", true},
      {"SIP/", true},
      {"SIP/  ", true},
      {"SIP/2.0", true},
      {"x SIP/2.0", true},
      {"xSIP/2.0", true},
      {"INVITE sip:bob@example.com SIP/2.0 trailing", false},
      {"INVITE sip:bob@example.com SIP/2.", false},
      {"INVITE sip:bob@example.com SIP/.0", false},
      {"INVITE sip:bob@example.com SIP/1.2.3", false},
      {"INVITE sip:bob@example.com SIP2.0", false},
      {" INVITE sip:bob@example.com SIP/2.0", false},
      {"<INVITE> sip:bob@example.com SIP/2.0", false},
      {"SIP", false},
      {"SI/2.0", false},
      {"", false},
      {"\r", false},
      {"HTTP/1.1 200 OK", false},
      {"Via: SIP/2.0/UDP host", false},
  };
  for (const auto& c : cases) {
    const std::string_view line = c.line;
    EXPECT_EQ(detail::plausible_start_line(line), c.start) << c.line;
    for (std::size_t k = 0; k <= line.size(); ++k)
      EXPECT_EQ(detail::plausible_start_line(line.substr(0, k), line.substr(k)), c.start) << c.line << " split at " << k;
  }
}

TEST(datagram, empty) {
  datagram_messages out;
  EXPECT_EQ(frame_datagram("", out).code, error_code::empty_input);
}

