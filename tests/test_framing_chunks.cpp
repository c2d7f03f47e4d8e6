// sipspan — the stream framer's properties: every way of cutting a stream into
// chunks frames the same messages, byte by byte included; framing does not
// allocate (alloc_counter.cpp counts global operator new); and the framer's
// parse of a message is the plain parse of its bytes.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "alloc_counter.hpp"
#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"
#include "testkit/view_diff.hpp"

#include "framing_util.hpp"
#include "test_util.hpp"

using namespace sipspan;
using namespace sipspan::testing;

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
