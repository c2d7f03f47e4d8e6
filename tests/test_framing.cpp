// sipspan — framing: datagrams (RFC 3261 §18.3) and the incremental stream
// framer (RFC 3261 §18.3, RFC 5626 §4.4.1): messages, keepalives, errors with
// offsets, zero-copy, and the chunking-invariance property.

#include <gtest/gtest.h>

#include <cstdlib>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"
#include "alloc_counter.hpp"
#include "sip/start_line.hpp"
#include "test_util.hpp"
#include "testkit/view_diff.hpp"

// Framing must not allocate: alloc_counter.cpp counts global operator new.


using namespace sipspan;
using sipspan::testing::corpus;
using sipspan::testing::inside;

namespace {

const std::string options_req =
    "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:carol@chicago.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 63104 OPTIONS\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

const std::string message_req =
    "MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776sgdkse\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=49583\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: asd88asd77a\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

// A message whose only variable part is the header lines given.
std::string with_headers(const std::string& lines, const std::string& body = "") {
  return "INVITE sip:bob@biloxi.example.com SIP/2.0\r\nCall-ID: x1\r\n" + lines + "\r\n" + body;
}

// ------------------------------------------------------------ stream helpers ---

struct event {
  stream_event kind;
  std::string bytes;
  std::uint64_t offset;
  bool assembled;
  result error;
};

// Feed `chunks` in order and collect every frame (finish() at the end).
std::vector<event> run(stream_framer& f, const std::vector<std::string_view>& chunks, bool finish = true) {
  std::vector<event> out;
  stream_frame fr;
  message_view msg;
  for (std::string_view c : chunks) {
    EXPECT_TRUE(f.feed(c));
    for (;;) {
      stream_event e = f.next(fr, msg);
      if (e == stream_event::need_more) break;
      out.push_back({e, std::string(fr.bytes), fr.offset, fr.assembled, fr.error});
      if (e == stream_event::error) return out;
    }
  }
  if (finish) {
    for (;;) {
      stream_event e = f.finish(fr);
      if (e == stream_event::need_more) break;
      out.push_back({e, std::string(fr.bytes), fr.offset, fr.assembled, fr.error});
      if (e == stream_event::error) break;
    }
  }
  return out;
}

std::vector<event> run_one(std::string_view s, const stream_limits& limits = {}) {
  stream_framer f(limits);
  return run(f, {s});
}

}  // namespace

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

// ================================================================== streams ===

TEST(stream, messages_and_keepalives_in_one_chunk) {
  std::string s = "\r\n\r\n" + options_req + "\r\n" + message_req + "\r\n\r\n";
  stream_framer f;
  stream_frame fr;
  message_view msg;
  ASSERT_TRUE(f.feed(s));
  ASSERT_EQ(f.next(fr, msg), stream_event::ping);
  EXPECT_EQ(fr.bytes, "\r\n\r\n");
  EXPECT_EQ(fr.offset, 0u);
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_EQ(fr.bytes, options_req);
  EXPECT_EQ(fr.offset, 4u);
  EXPECT_FALSE(fr.assembled);
  EXPECT_EQ(msg.method(), "OPTIONS");
  EXPECT_EQ(msg.raw(), fr.bytes);
  ASSERT_EQ(f.next(fr, msg), stream_event::pong);
  EXPECT_EQ(fr.bytes, "\r\n");
  EXPECT_EQ(fr.offset, 4 + options_req.size());
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_EQ(msg.body(), "hello");
  ASSERT_EQ(f.next(fr, msg), stream_event::ping);
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  EXPECT_EQ(f.finish(fr), stream_event::need_more);
  EXPECT_EQ(f.stream_offset(), s.size());
}

TEST(stream, a_lone_crlf_waits_for_the_next_byte) {
  stream_framer f;
  stream_frame fr;
  message_view msg;
  ASSERT_TRUE(f.feed("\r\n"));
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);  // a pong, or half a ping?
  EXPECT_EQ(f.buffered(), 2u);
  ASSERT_TRUE(f.feed("\r\n"));
  ASSERT_EQ(f.next(fr, msg), stream_event::ping);
  EXPECT_TRUE(fr.assembled);
  EXPECT_EQ(fr.bytes, "\r\n\r\n");
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  // "\r\n\r" then a start line: a pong, then the message
  ASSERT_TRUE(f.feed("\r\n\r"));
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  ASSERT_TRUE(f.feed("\nOPTIONS"));
  ASSERT_EQ(f.next(fr, msg), stream_event::ping);
  EXPECT_EQ(fr.offset, 4u);
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  // end of stream after a lone CRLF: a pong
  stream_framer g;
  const std::string last = options_req + "\r\n";  // a chunk must outlive its frames
  ASSERT_TRUE(g.feed(last));
  ASSERT_EQ(g.next(fr, msg), stream_event::message);
  EXPECT_EQ(g.next(fr, msg), stream_event::need_more);
  ASSERT_EQ(g.finish(fr), stream_event::pong);
  EXPECT_EQ(fr.offset, options_req.size());
  EXPECT_EQ(g.finish(fr), stream_event::need_more);
}

TEST(stream, crlf_cr_then_a_start_line_is_a_pong_then_junk) {
  auto ev = run_one("\r\n\rOPTIONS");
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, stream_event::pong);
  EXPECT_EQ(ev[1].kind, stream_event::error);
  EXPECT_EQ(ev[1].error.code, error_code::stream_junk);
  EXPECT_EQ(ev[1].offset, 2u);
  // the same, split after the CR
  stream_framer f;
  auto ev2 = run(f, {"\r\n\r", "OPTIONS"});
  ASSERT_EQ(ev2.size(), 2u);
  EXPECT_EQ(ev2[0].kind, stream_event::pong);
  EXPECT_EQ(ev2[0].bytes, "\r\n");
  EXPECT_EQ(ev2[1].error.code, error_code::stream_junk);
  EXPECT_EQ(ev2[1].offset, 2u);
}

TEST(stream, a_message_inside_one_chunk_is_not_copied) {
  std::string chunk = options_req + message_req + message_req.substr(0, 40);
  stream_framer f;
  stream_frame fr;
  message_view msg;
  ASSERT_TRUE(f.feed(chunk));
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_FALSE(fr.assembled);
  EXPECT_EQ(fr.bytes.data(), chunk.data());
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_FALSE(fr.assembled);
  EXPECT_EQ(fr.bytes.data(), chunk.data() + options_req.size());
  EXPECT_TRUE(inside(chunk, fr.bytes));
  EXPECT_TRUE(inside(chunk, msg.body()));
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  EXPECT_EQ(f.buffered(), 40u);
  // the split message is assembled outside both chunks
  std::string chunk2 = message_req.substr(40) + options_req;
  ASSERT_TRUE(f.feed(chunk2));
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_TRUE(fr.assembled);
  EXPECT_EQ(fr.bytes, message_req);
  EXPECT_FALSE(inside(chunk, fr.bytes) || inside(chunk2, fr.bytes));
  EXPECT_EQ(msg.body(), "hello");
  ASSERT_EQ(f.next(fr, msg), stream_event::message);
  EXPECT_FALSE(fr.assembled);
  EXPECT_EQ(fr.bytes.data(), chunk2.data() + (message_req.size() - 40));
}

TEST(stream, spans_stay_valid_until_the_next_feed) {
  // chunk 2 completes one message (assembled), holds one whole and starts another:
  // the assembled frame must survive the stash of the unfinished one
  std::string c1 = message_req.substr(0, 100);
  std::string c2 = message_req.substr(100) + options_req + message_req.substr(0, 120);
  std::string c3 = message_req.substr(120);
  stream_framer f;
  stream_frame fr;
  message_view m1, m2, m3;
  ASSERT_TRUE(f.feed(c1));
  EXPECT_EQ(f.next(fr, m1), stream_event::need_more);
  ASSERT_TRUE(f.feed(c2));
  ASSERT_EQ(f.next(fr, m1), stream_event::message);
  std::string_view first = fr.bytes;
  ASSERT_EQ(f.next(fr, m2), stream_event::message);
  EXPECT_FALSE(f.feed(c3));  // not drained yet
  EXPECT_EQ(f.next(fr, m3), stream_event::need_more);
  c2.assign(c2.size(), 'x');  // the caller reuses its chunk memory
  EXPECT_EQ(first, message_req);
  EXPECT_EQ(m1.body(), "hello");
  EXPECT_EQ(m1.value(header_id::call_id), "asd88asd77a");
  ASSERT_TRUE(f.feed(c3));
  ASSERT_EQ(f.next(fr, m3), stream_event::message);
  EXPECT_EQ(fr.bytes, message_req);
  EXPECT_TRUE(fr.assembled);
}

TEST(stream, content_length_is_required) {
  std::string m = with_headers("CSeq: 1 INVITE\r\n");
  auto ev = run_one(m);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error.code, error_code::content_length_missing);
  EXPECT_EQ(ev[0].error.offset, m.size() - 2);  // the empty line
  EXPECT_EQ(ev[0].offset, m.size() - 2);
}

TEST(stream, content_length_errors_with_offsets) {
  struct row {
    std::string lines;
    error_code code;
    std::string at;  // the error is at the first occurrence of this text in the message
    std::size_t plus;
  } rows[] = {
      {"Content-Length: abc\r\n", error_code::content_length_invalid, "abc", 0},
      {"Content-Length: 12x\r\n", error_code::content_length_invalid, "12x", 2},
      {"Content-Length: 1 2\r\n", error_code::content_length_invalid, "1 2", 1},
      {"Content-Length:\r\n", error_code::content_length_invalid, ":\r\n\r\n", 1},
      {"Content-Length: +5\r\n", error_code::content_length_signed, "+5", 0},
      {"Content-Length: -1\r\n", error_code::content_length_signed, "-1", 0},
      {"Content-Length: 4294967296\r\n", error_code::content_length_overflow, "4294967296", 0},
      {"Content-Length: 99999999999999999999\r\n", error_code::content_length_overflow, "9999", 0},
      {"l: 0\r\nContent-Length: 0\r\n", error_code::content_length_duplicate, "Content-Length", 0},
      {"Content-Length: 0\r\nl: 0\r\n", error_code::content_length_duplicate, "l: 0", 0},
      {"Content-Length: 0\r\nContent-Length: 0\r\n", error_code::content_length_duplicate, "Content-Length: 0\r\n\r", 0},
      {"l: 0\r\nContent-Length: 3\r\n", error_code::content_length_conflict, "Content-Length", 0},
      {"Content-Length: 3\r\nl: 0\r\n", error_code::content_length_conflict, "l: 0", 0},
      {"Content-Length: 70000\r\n", error_code::body_too_large, "70000", 0},
  };
  for (const row& r : rows) {
    std::string m = with_headers(r.lines);
    auto ev = run_one(m);
    ASSERT_EQ(ev.size(), 1u) << r.lines;
    EXPECT_EQ(ev[0].kind, stream_event::error);
    EXPECT_EQ(ev[0].error.code, r.code) << r.lines << " " << ev[0].error.name();
    EXPECT_EQ(ev[0].error.offset, m.find(r.at) + r.plus) << r.lines;
    EXPECT_EQ(ev[0].offset, m.find(r.at) + r.plus) << r.lines;
  }
}

TEST(stream, content_length_forms_accepted) {
  for (std::string lines : {"l: 5\r\n", "content-length :  5  \r\n", "CONTENT-LENGTH: 005\r\n", "Content-Length:\r\n 5\r\n"}) {
    std::string m = with_headers(lines, "abcde");
    auto ev = run_one(m + options_req);
    ASSERT_EQ(ev.size(), 2u) << lines;
    EXPECT_EQ(ev[0].kind, stream_event::message) << lines << " " << ev[0].error.name();
    EXPECT_EQ(ev[0].bytes, m);
    EXPECT_EQ(ev[1].bytes, options_req);
  }
}

TEST(stream, junk_between_messages) {
  struct row {
    std::string junk;
    std::size_t at;  // relative to the junk's first byte
  } rows[] = {
      {std::string("\0", 1), 0}, {" OPTIONS", 0}, {"\n", 0}, {"\rX", 0}, {"{json}\r\n\r\n", 0},
      {"hello there\r\n\r\n", 0}, {"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0},
  };
  for (const row& r : rows) {
    std::string s = options_req + r.junk + options_req;
    auto ev = run_one(s);
    ASSERT_EQ(ev.size(), 2u) << r.junk;
    EXPECT_EQ(ev[0].kind, stream_event::message);
    EXPECT_EQ(ev[1].error.code, error_code::stream_junk) << r.junk;
    EXPECT_EQ(ev[1].offset, options_req.size() + r.at) << r.junk;
    EXPECT_EQ(ev[1].error.offset, r.at);
  }
  std::string s = corpus("stream/junk-between-messages.stream");
  auto ev = run_one(s);
  ASSERT_EQ(ev.size(), 3u);
  EXPECT_EQ(ev[0].kind, stream_event::message);
  EXPECT_EQ(ev[1].kind, stream_event::pong);
  EXPECT_EQ(ev[2].error.code, error_code::stream_junk);
  EXPECT_EQ(ev[2].offset, s.find("hello there"));
}

TEST(stream, limits) {
  stream_limits small{128, 16};
  // no empty line within max_header_bytes
  std::string big = with_headers("X-Long: " + std::string(200, 'a') + "\r\nContent-Length: 0\r\n");
  auto ev = run_one(big, small);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error.code, error_code::headers_too_large);
  EXPECT_EQ(ev[0].error.offset, 128u);
  // also when it arrives byte by byte
  stream_framer f(small);
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < big.size(); ++i) bytes.push_back(std::string_view(big).substr(i, 1));
  auto ev2 = run(f, bytes);
  ASSERT_EQ(ev2.size(), 1u);
  EXPECT_EQ(ev2[0].error.code, error_code::headers_too_large);
  EXPECT_EQ(ev2[0].offset, 128u);
  // a header section that ends past the limit
  std::string just = with_headers("X-Long: " + std::string(100, 'a') + "\r\nContent-Length: 0\r\n");
  ASSERT_GT(just.size(), 128u);
  ev = run_one(just, small);
  EXPECT_EQ(ev[0].error.code, error_code::headers_too_large);
  // body limit
  std::string body = with_headers("Content-Length: 17\r\n", std::string(17, 'b'));
  ev = run_one(body, small);
  EXPECT_EQ(ev[0].error.code, error_code::body_too_large);
  EXPECT_EQ(ev[0].error.offset, body.find("17"));
  std::string fits = with_headers("Content-Length: 16\r\n", std::string(16, 'b'));
  ev = run_one(fits, small);
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].kind, stream_event::message);
}

TEST(stream, caller_buffer_and_buffer_too_small) {
  std::vector<char> buf(2 * 1024);
  stream_framer f(std::span<char>(buf), stream_limits{512, 512});
  auto ev = run(f, {std::string_view(message_req).substr(0, 30), std::string_view(message_req).substr(30)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].bytes, message_req);
  EXPECT_TRUE(ev[0].assembled);
  // a split frame that does not fit half of a too small buffer
  std::vector<char> tiny(64);
  stream_framer g(std::span<char>(tiny), stream_limits{512, 512});
  ev = run(g, {std::string_view(message_req).substr(0, 100), std::string_view(message_req).substr(100)});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error.code, error_code::buffer_too_small);
  // whole messages inside a chunk need no buffer at all
  stream_framer h(std::span<char>(tiny.data(), 0), stream_limits{512, 512});
  ev = run(h, {options_req + options_req});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, stream_event::message);
}

TEST(stream, parse_errors_carry_stream_offsets) {
  std::string bad = "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n: no name\r\nContent-Length: 0\r\n\r\n";
  message_view m;
  result expected = parse(bad, m);
  ASSERT_FALSE(expected);
  auto ev = run_one(options_req + bad);
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].error.code, expected.code);
  EXPECT_EQ(ev[1].error.offset, expected.offset);
  EXPECT_EQ(ev[1].offset, options_req.size() + expected.offset);
  // strict parse options reach the parse
  std::string dev = "OPTIONS sip:c@d SIP/2.0\r\nCall ID: x\r\nContent-Length: 0\r\n\r\n";
  stream_framer strict(stream_limits{}, parse_options::strict());
  ev = run(strict, {dev});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error.code, error_code::deviation_rejected);
}

TEST(stream, errors_are_sticky_until_reset_and_truncation_at_finish) {
  stream_framer f;
  auto ev = run(f, {"\x01"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_TRUE(f.failed());
  stream_frame fr;
  message_view msg;
  EXPECT_TRUE(f.feed(options_req));
  EXPECT_EQ(f.next(fr, msg), stream_event::error);
  EXPECT_EQ(fr.error.code, error_code::stream_junk);
  f.reset();
  EXPECT_FALSE(f.failed());
  ev = run(f, {options_req, std::string_view(message_req).substr(0, 50)});
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[0].kind, stream_event::message);
  EXPECT_EQ(ev[1].error.code, error_code::stream_truncated);
  EXPECT_EQ(ev[1].offset, options_req.size() + 50);
  EXPECT_EQ(ev[1].error.offset, 50u);
  // a half keepalive at the end
  stream_framer g;
  ev = run(g, {"\r"});
  ASSERT_EQ(ev.size(), 1u);
  EXPECT_EQ(ev[0].error.code, error_code::stream_truncated);
}

// ---------------------------------------------------- chunking invariance ---

namespace {

struct reference {
  std::vector<event> events;
};

// Feed `s` cut at `cuts` (sorted offsets) and compare each frame with `ref`
// without building strings.
bool matches(stream_framer& f, std::string_view s, const std::size_t* cuts, std::size_t ncuts,
             const std::vector<event>& ref, message_view& msg) {
  f.reset();
  stream_frame fr;
  std::size_t k = 0;
  std::size_t from = 0;
  for (std::size_t c = 0; c <= ncuts; ++c) {
    std::size_t to = c < ncuts ? cuts[c] : s.size();
    if (!f.feed(s.substr(from, to - from))) return false;
    for (;;) {
      stream_event e = f.next(fr, msg);
      if (e == stream_event::need_more) break;
      if (k >= ref.size()) return false;
      const event& r = ref[k++];
      if (e != r.kind || fr.offset != r.offset || fr.bytes != r.bytes) return false;
      if (e == stream_event::message && msg.header_count() == 0) return false;
    }
    from = to;
  }
  for (;;) {
    stream_event e = f.finish(fr);
    if (e == stream_event::need_more) break;
    if (k >= ref.size()) return false;
    const event& r = ref[k++];
    if (e != r.kind || fr.offset != r.offset || fr.bytes != r.bytes) return false;
    if (e == stream_event::error) break;
  }
  return k == ref.size();
}

}  // namespace

TEST(stream, corpus_stream_in_one_chunk) {
  std::string s = corpus("stream/dialog-keepalives.stream");
  ASSERT_FALSE(s.empty());
  auto ev = run_one(s);
  std::vector<stream_event> kinds;
  for (const event& e : ev) kinds.push_back(e.kind);
  using E = stream_event;
  // the stream ends in CRLF CRLF CRLF: a ping, then a lone CRLF that finish() calls a pong
  std::vector<E> want = {E::ping, E::message, E::pong, E::message, E::message, E::ping,
                         E::message, E::message, E::ping, E::pong};
  EXPECT_EQ(kinds, want);
  std::size_t total = 0;
  for (const event& e : ev) {
    EXPECT_EQ(e.offset, total);
    if (e.kind == stream_event::message) {
      EXPECT_FALSE(e.assembled);
    }
    total += e.bytes.size();
  }
  EXPECT_EQ(total, s.size());
}

TEST(stream, chunking_invariance) {
  const std::string s = corpus("stream/dialog-keepalives.stream");
  ASSERT_FALSE(s.empty());
  const std::vector<event> ref = run_one(s);
  ASSERT_EQ(ref.size(), 10u);
  stream_framer f;
  message_view msg;
  const auto t0 = std::chrono::steady_clock::now();
  std::size_t runs = 0, failures = 0;
  // every 1-cut
  for (std::size_t i = 1; i < s.size(); ++i, ++runs)
    if (!matches(f, s, &i, 1, ref, msg)) {
      ADD_FAILURE() << "1-cut at " << i;
      ++failures;
    }
  // every 2-cut
  for (std::size_t i = 1; i < s.size() && failures < 10; ++i) {
    for (std::size_t j = i + 1; j < s.size(); ++j, ++runs) {
      std::size_t cuts[2] = {i, j};
      if (!matches(f, s, cuts, 2, ref, msg)) {
        ADD_FAILURE() << "2-cut at " << i << ", " << j;
        if (++failures >= 10) break;
      }
    }
  }
  // random splits: any number of cuts, including one-byte chunks
  std::mt19937_64 rng(20240601);
  std::vector<std::size_t> cuts;
  for (int n = 0; n < 1000; ++n, ++runs) {
    cuts.clear();
    std::size_t count = std::uniform_int_distribution<std::size_t>(1, n % 10 == 0 ? s.size() - 1 : 40)(rng);
    for (std::size_t c = 0; c < count; ++c) cuts.push_back(std::uniform_int_distribution<std::size_t>(1, s.size() - 1)(rng));
    std::sort(cuts.begin(), cuts.end());
    cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
    if (!matches(f, s, cuts.data(), cuts.size(), ref, msg)) ADD_FAILURE() << "random split #" << n;
  }
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("chunking invariance: %zu splits of a %zu-byte stream in %.2f s\n", runs, s.size(), secs);
}

TEST(stream, byte_by_byte_assembles_every_message) {
  const std::string s = corpus("stream/dialog-keepalives.stream");
  const std::vector<event> ref = run_one(s);
  stream_framer f;
  std::vector<std::string_view> bytes;
  for (std::size_t i = 0; i < s.size(); ++i) bytes.push_back(std::string_view(s).substr(i, 1));
  auto ev = run(f, bytes);
  ASSERT_EQ(ev.size(), ref.size());
  for (std::size_t i = 0; i < ev.size(); ++i) {
    EXPECT_EQ(ev[i].kind, ref[i].kind);
    EXPECT_EQ(ev[i].bytes, ref[i].bytes);
    EXPECT_EQ(ev[i].offset, ref[i].offset);
    if (ev[i].kind == stream_event::message) {
      EXPECT_TRUE(ev[i].assembled);
    }
  }
}

TEST(stream, framing_does_not_allocate) {
  const std::string s = corpus("stream/dialog-keepalives.stream");
  const std::string d = message_req + options_req + "trailing";
  stream_framer f;  // the reassembly buffer is allocated here, once
  auto* msg = new message_view;
  auto* dm = new datagram_messages;
  stream_frame fr;
  std::size_t frames = 0;
  const long before = sipspan::testing::allocations();
  for (std::size_t step : {std::size_t{1}, std::size_t{7}, std::size_t{100}, s.size()}) {
    f.reset();
    for (std::size_t at = 0; at < s.size(); at += step) {
      f.feed(std::string_view(s).substr(at, step));
      while (f.next(fr, *msg) != stream_event::need_more) ++frames;
    }
    while (f.finish(fr) != stream_event::need_more) ++frames;
  }
  EXPECT_TRUE(frame_datagram(d, *dm));
  const long after = sipspan::testing::allocations();
  EXPECT_EQ(after - before, 0);
  EXPECT_EQ(frames, 4 * 10u);
  EXPECT_EQ(dm->size(), 2u);
  delete dm;
  delete msg;
}

TEST(stream, a_body_that_comes_later_completes_the_parse_of_its_header_section) {
  // the header section and part of the body in one chunk, the rest in others
  const std::string body(5000, 'b');
  const std::string m = with_headers("Content-Length: 5000\r\n", body);
  const std::size_t hend = m.size() - body.size();
  for (std::size_t cut : {hend, hend + 10, std::size_t{30}}) {
    stream_framer f;
    stream_frame fr;
    message_view msg, reference;
    ASSERT_TRUE(parse(m, reference));
    ASSERT_TRUE(f.feed(std::string_view(m).substr(0, cut)));
    EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
    ASSERT_TRUE(f.feed(std::string_view(m).substr(cut, 2000)));
    EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
    ASSERT_TRUE(f.feed(std::string_view(m).substr(cut + 2000)));
    ASSERT_EQ(f.next(fr, msg), stream_event::message) << cut;
    EXPECT_EQ(fr.bytes, m);
    EXPECT_EQ(msg.raw(), fr.bytes);
    EXPECT_EQ(msg.body(), body);
    EXPECT_EQ(msg.body_offset(), hend);
    EXPECT_EQ(msg.header_count(), reference.header_count());
    EXPECT_EQ(msg.value(header_id::call_id), reference.value(header_id::call_id));
    EXPECT_EQ(msg.method(), "INVITE");
    EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  }
}

TEST(stream, a_waiting_message_with_more_fields_than_the_inline_table_is_parsed_again) {
  std::string lines;
  for (int i = 0; i < 120; ++i) lines += "X-H" + std::to_string(i) + ": " + std::to_string(i) + "\r\n";
  const std::string m = with_headers(lines + "Content-Length: 5\r\n", "hello");
  std::vector<header_record> records(256);
  std::vector<deviation> deviations(8);
  message_view msg(records, deviations);
  stream_framer f;
  stream_frame fr;
  ASSERT_TRUE(f.feed(std::string_view(m).substr(0, m.size() - 2)));
  EXPECT_EQ(f.next(fr, msg), stream_event::need_more);
  ASSERT_TRUE(f.feed(std::string_view(m).substr(m.size() - 2)));
  ASSERT_EQ(f.next(fr, msg), stream_event::message) << fr.error.name();
  EXPECT_EQ(msg.body(), "hello");
  EXPECT_GT(msg.header_count(), message_view::inline_header_capacity);
  EXPECT_EQ(msg.raw(), m);
}

// ---------------------------------------------------------- the framer's parse

// The comparison the next test (and fuzz_stream) relies on names what differs:
// a view rebased onto other bytes of the same length reads them at its own
// offsets, which a parse of those bytes does not share.
TEST(stream_framer, view_difference_names_the_field) {
  const std::string a = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\nMax-Forwards: 70\r\n\r\n";
  const std::string c = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID:  x\r\nMax-Forwards: 7\r\n\r\n";
  ASSERT_EQ(a.size(), c.size());
  message_view va, vc;
  ASSERT_TRUE(parse(a, va).ok());
  ASSERT_TRUE(parse(c, vc).ok());
  EXPECT_EQ(sipspan::testing::view_difference(va, vc), "raw");
  const std::string copy = a;
  message_view carried = va;
  ASSERT_TRUE(carried.rebase(copy));
  EXPECT_EQ(sipspan::testing::view_difference(carried, va), "");
  ASSERT_TRUE(carried.rebase(c));
  EXPECT_EQ(sipspan::testing::view_difference(carried, vc), "header 0");
}

// The capture reader hands the framer's parse of a stream message to the code
// that scores it instead of parsing the bytes again: copied and rebased onto a
// copy of the bytes, it must be the view a plain parse of those bytes gives.
TEST(stream_framer, the_framers_parse_rebased_is_the_plain_parse) {
  std::vector<std::string> messages = {options_req};
  for (const char* dir : {"bench", "benign", "mimicry", "rfc3261"}) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(sipspan::testing::corpus_dir() / dir))
      if (e.path().extension() == ".sip" || e.path().extension() == ".msg") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) messages.push_back(sipspan::testing::read_file(f));
  }
  std::size_t compared = 0;
  for (const std::string& m : messages) {
    for (std::size_t split : {std::size_t{0}, m.size() / 3}) {  // whole, and assembled from two chunks
      stream_framer fr;
      stream_frame f;
      message_view framed;
      if (split) {
        fr.feed(std::string_view(m).substr(0, split));
        if (fr.next(f, framed) != stream_event::need_more) continue;  // a whole message (or an error) already
      }
      fr.feed(std::string_view(m).substr(split));
      if (fr.next(f, framed) != stream_event::message) continue;  // no Content-Length, or an error
      const std::string copy(f.bytes);
      message_view carried = framed;
      ASSERT_TRUE(carried.rebase(copy));
      message_view plain;
      ASSERT_TRUE(parse(copy, plain).ok()) << copy;
      EXPECT_EQ(sipspan::testing::view_difference(carried, plain), "") << m.substr(0, 40);
      EXPECT_FALSE(carried.rebase(std::string_view(copy).substr(1)));
      ++compared;
    }
  }
  EXPECT_GT(compared, 400u);
}
