// sipspan — the incremental stream framer (RFC 3261 §18.3, RFC 5626 §4.4.1):
// messages and keepalives, Content-Length, junk, limits, caller buffers, and
// errors with stream offsets.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"

#include "framing_util.hpp"
#include "test_util.hpp"

using namespace sipspan;
using namespace sipspan::testing;

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
