// sipspan tests — capture ingestion: TCP reassembly and framing (splits, gaps,
// retransmissions, evictions, cuts) and WebSocket.
#include <pthread.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_read.hpp"

using namespace sipspan::testing::capture_read;

// -------------------------------------------------------------------- TCP ---

TEST(Capture, TcpSplitAndTwoInOneSegment) {
  pw::tcp_connection c = conn();
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1;
  for (auto& p : c.handshake()) f.add(pw::ethernet(p), t++);
  const std::string& m = invite();
  f.add(pw::ethernet(c.send(0, std::string_view(m).substr(0, 100))), t++);
  f.add(pw::ethernet(c.send(0, std::string_view(m).substr(100, 300))), t++);
  f.add(pw::ethernet(c.send(0, std::string_view(m).substr(400))), t++);  // record 6
  f.add(pw::ethernet(c.send(1, ringing() + bye())), t++);                // record 7
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 3u);
  EXPECT_EQ(o.messages[0].bytes, invite());
  EXPECT_EQ(o.messages[0].record, 6u);
  EXPECT_TRUE(o.messages[0].reassembled);
  EXPECT_EQ(o.messages[0].proto, cap::transport::tcp);
  EXPECT_EQ(o.messages[0].src, "192.0.2.1:40000");
  EXPECT_EQ(o.messages[1].bytes, ringing());
  EXPECT_EQ(o.messages[1].record, 7u);
  EXPECT_FALSE(o.messages[1].reassembled);
  EXPECT_EQ(o.messages[2].bytes, bye());
  EXPECT_EQ(o.messages[2].src, "192.0.2.2:5060");
}

// Past the flow cap the least recently used flow goes, its unfinished message
// handed out as it was cut; a new flow takes over its memory and starts as new.
TEST(Capture, EvictedFlowsLeaveNothingBehind) {
  pw::tcp_connection a = conn(), b = conn(), c = conn();
  b.a_port = 40001;
  c.a_port = 40002;
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1;
  const std::string& m = invite();
  f.add(pw::ethernet(a.send(0, std::string_view(m).substr(0, 300))), t++);  // a: half an INVITE
  f.add(pw::ethernet(b.send(0, bye())), t++);                              // b evicts a
  f.add(pw::ethernet(c.send(0, ringing())), t++);                          // c evicts b, in a's memory
  f.add(pw::ethernet(c.send(0, bye())), t++);
  f.add(pw::ethernet(a.send(0, std::string_view(m).substr(300))), t++);     // a again: not a start line
  f.add(pw::ethernet(a.send(0, ringing())), t++);
  cap::reader_options opt;
  opt.max_tcp_flows = 1;
  outcome o = read_file(f, opt);
  ASSERT_EQ(o.messages.size(), 5u);
  EXPECT_EQ(o.messages[0].bytes, m.substr(0, 300));  // cut by the eviction
  EXPECT_EQ(o.messages[0].src, "192.0.2.1:40000");
  EXPECT_EQ(o.messages[0].record, 2u);
  EXPECT_EQ(o.messages[1].bytes, bye());
  EXPECT_EQ(o.messages[1].src, "192.0.2.1:40001");
  EXPECT_EQ(o.messages[2].bytes, ringing());
  EXPECT_EQ(o.messages[2].src, "192.0.2.1:40002");
  EXPECT_FALSE(o.messages[2].reassembled);
  EXPECT_EQ(o.messages[3].bytes, bye());
  EXPECT_EQ(o.messages[4].bytes, ringing());
  EXPECT_EQ(o.messages[4].src, "192.0.2.1:40000");
  EXPECT_EQ(o.stats.tcp_flow_evictions, 3u);
  EXPECT_EQ(o.stats.truncated_messages, 1u);
  EXPECT_EQ(o.stats.non_sip, 1u);  // a's INVITE body, on a flow that starts again as new
}

TEST(Capture, TcpOutOfOrderAndRetransmitted) {
  pw::tcp_connection c = conn();
  const std::string& m = invite();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 0);
  std::uint32_t s0 = c.seq[0];
  f.add(c.send_at(0, s0 + 200, std::string_view(m).substr(200)), 1);     // the second half first
  f.add(c.send_at(0, s0, std::string_view(m).substr(0, 200)), 2);        // then the first
  f.add(c.send_at(0, s0, std::string_view(m).substr(0, 200)), 3);        // retransmitted
  f.add(c.send_at(0, s0 + 100, std::string_view(m).substr(100, 200)), 4);  // overlapping, old
  c.seq[0] += static_cast<std::uint32_t>(m.size());
  f.add(c.send(0, bye()), 5);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[0].bytes, invite());
  EXPECT_EQ(o.messages[0].record, 4u);  // where its last byte came
  EXPECT_EQ(o.messages[1].bytes, bye());
  EXPECT_EQ(o.stats.tcp_retransmissions, 2u);
  EXPECT_EQ(o.stats.tcp_gaps, 0u);
}

TEST(Capture, TcpGapResynchronisesAtTheNextStartLine) {
  pw::tcp_connection c = conn();
  const std::string& m = invite();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 1);
  f.add(c.send(0, std::string_view(m).substr(0, 300)), 2);
  c.seq[0] += 200;  // 200 bytes never captured
  f.add(c.send(0, m.substr(500) + bye()), 3);
  f.add(c.send(0, ringing()), 4);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 3u);
  EXPECT_EQ(o.messages[0].bytes, m.substr(0, 300));  // the message the gap cut, as it was cut
  EXPECT_EQ(o.messages[0].record, 6u);  // the gap is known at the end of the capture
  EXPECT_EQ(o.messages[1].bytes, bye());
  EXPECT_EQ(o.messages[2].bytes, ringing());
  EXPECT_EQ(o.stats.tcp_gaps, 1u);
  EXPECT_EQ(o.stats.truncated_messages, 1u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::midstream)], 1u);  // the rest of the INVITE
}

// Runs `work` on a thread with a small stack: a recursion whose depth the input
// decides overflows it.
bool on_small_stack(const std::function<void()>& work, std::size_t stack = 256 * 1024) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setstacksize(&attr, stack);
  pthread_t t;
  auto run = [](void* w) -> void* {
    (*static_cast<const std::function<void()>*>(w))();
    return nullptr;
  };
  const bool started = pthread_create(&t, &attr, run, const_cast<std::function<void()>*>(&work)) == 0;
  pthread_attr_destroy(&attr);
  return started && pthread_join(t, nullptr) == 0;
}

// Ten thousand places to resynchronise at, five thousand in one segment: each
// a start line and an empty line, no Content-Length (the framer rejects it).
// Each goes out as a message of its own, with no recursion to overflow a
// 256 KiB stack.
TEST(Capture, TcpTenThousandResyncPointsOnASmallStack) {
  const std::string one = "SIP/2.0 200\n\n";
  std::string segment;
  for (int i = 0; i < 5000; ++i) segment += one;
  pw::tcp_connection c = conn();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 1);
  f.add(c.send(0, segment), 2);
  f.add(c.send(0, segment), 3);
  outcome o;
  ASSERT_TRUE(on_small_stack([&] { o = read_file(f); }));
  ASSERT_EQ(o.messages.size(), 10000u);
  for (const got& m : o.messages) ASSERT_EQ(m.bytes, one);
  EXPECT_EQ(o.stats.stream_errors, 10000u);
}

// A message a connection ends in goes out as it was cut (at FIN, RST, or the
// end of the capture), as a datagram cut short does: nothing is dropped.
TEST(Capture, TcpMessageCutAtTheEndGoesOut) {
  const std::string& m = invite();
  for (int how = 0; how < 3; ++how) {
    SCOPED_TRACE(how);
    pw::tcp_connection c = conn();
    pw::file f(false, pw::lt_raw);
    for (auto& p : c.handshake()) f.add(p, 1);
    f.add(c.send(0, bye()), 2);
    const std::uint8_t end = how == 0 ? pw::fin : how == 1 ? pw::rst : 0;
    f.add(c.send(0, std::string_view(m).substr(0, 500), static_cast<std::uint8_t>(pw::psh | pw::ack | end)), 3);
    f.add(udp4(ringing()), 4);
    outcome o = read_file(f);
    ASSERT_EQ(o.messages.size(), 3u);
    EXPECT_EQ(o.messages[0].bytes, bye());
    const got& cut = how == 2 ? o.messages[2] : o.messages[1];  // the end of the capture comes last
    EXPECT_EQ(cut.bytes, m.substr(0, 500));
    EXPECT_EQ(cut.proto, cap::transport::tcp);
    EXPECT_EQ(cut.record, how == 2 ? 6u : 5u);  // three records of handshake first
    EXPECT_EQ(o.stats.truncated_messages, 1u);
  }
}

// The first bytes of a connection to a SIP port that are no start line are a
// message (the validator says why), up to the next start line.
TEST(Capture, TcpConnectionOpeningWithJunkOnASipPort) {
  pw::tcp_connection c = conn();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 1);
  f.add(c.send(0, "\x01\x02junk\r\n" + bye()), 2);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[0].bytes, "\x01\x02junk\r\n");
  EXPECT_EQ(o.messages[1].bytes, bye());
}

TEST(Capture, TcpStreamWithoutSipIsIgnored) {
  pw::tcp_connection c = conn();
  pw::file f(false, pw::lt_raw);
  f.add(c.send(0, "GET /index.html HTTP/1.1\r\nHost: example.com\r\n\r\n"), 1);
  f.add(c.send(1, std::string(3000, 'z')), 2);
  outcome o = read_file(f);
  EXPECT_TRUE(o.messages.empty());
  EXPECT_EQ(o.stats.non_sip, 2u);
}

// ------------------------------------------------------------ WebSocket ---

TEST(Capture, WebSocketHandshakeMaskedAndFragmentedFrames) {
  pw::tcp_connection c = conn();
  c.b_port = 8443;
  const std::uint8_t key[4] = {0x11, 0x22, 0x33, 0x44};
  pw::file f(true, pw::lt_ethernet);
  f.add(pw::ethernet(c.send(0,
      "GET /sip HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: sip\r\n"
      "Sec-WebSocket-Version: 13\r\n\r\n")), 1);
  f.add(pw::ethernet(c.send(1,
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
      "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\nSec-WebSocket-Protocol: sip\r\n\r\n")), 2);
  pw::bytes masked = pw::ws_frame(1, true, invite(), key);
  f.add(pw::ethernet(c.send(0, std::string_view(reinterpret_cast<const char*>(masked.data()), masked.size()))), 3);
  // a response in three frames (text + continuation + ping between + final continuation), unmasked
  std::string_view r = ringing();
  pw::bytes frames = pw::ws_frame(1, false, r.substr(0, 50));
  pw::put(frames, pw::ws_frame(0, false, r.substr(50, 100)));
  pw::put(frames, pw::ws_frame(9, true, "ping"));
  pw::put(frames, pw::ws_frame(0, true, r.substr(150)));
  std::string_view fv(reinterpret_cast<const char*>(frames.data()), frames.size());
  f.add(pw::ethernet(c.send(1, fv.substr(0, 70))), 4);  // frames split across segments too
  f.add(pw::ethernet(c.send(1, fv.substr(70))), 5);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[0].bytes, invite());
  EXPECT_EQ(o.messages[0].proto, cap::transport::ws);
  EXPECT_EQ(o.messages[0].record, 3u);
  EXPECT_FALSE(o.messages[0].reassembled);
  EXPECT_EQ(o.messages[1].bytes, ringing());
  EXPECT_EQ(o.messages[1].record, 5u);
  EXPECT_TRUE(o.messages[1].reassembled);
  EXPECT_EQ(o.stats.ws_frames, 4u);
}

// The WebSocket bytes all flows hold are bounded (max_ws_total): past the
// budget the flow that started holding first is cut, its partial message
// handed out as truncated; the others are handed out at the end.
TEST(Capture, WebSocketMemoryIsBoundedAcrossFlows) {
  const std::string head = std::string(invite()).substr(0, 400);
  pw::file f(false, pw::lt_raw);
  std::int64_t t = 1;
  for (std::uint16_t i = 0; i < 5; ++i) {
    pw::tcp_connection c = conn();
    c.a_port = static_cast<std::uint16_t>(41000 + i);
    c.b_port = 8443;
    f.add(c.send(0, "GET /sip HTTP/1.1\r\nHost: ws.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    "Sec-WebSocket-Protocol: sip\r\n\r\n"), t++);
    pw::bytes frame = pw::ws_frame(1, false, head);  // the first frame of a message not finished
    f.add(c.send(0, std::string_view(reinterpret_cast<const char*>(frame.data()), frame.size())), t++);
  }
  cap::reader_options opt;
  opt.max_ws_total = 1000;
  outcome o = read_file(f, opt);
  ASSERT_EQ(o.messages.size(), 5u);
  const std::uint64_t records[] = {6, 8, 10, 10, 10};  // three cut by the budget, two at the end
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(o.messages[i].bytes, head);
    EXPECT_EQ(o.messages[i].proto, cap::transport::ws);
    EXPECT_EQ(o.messages[i].record, records[i]);
  }
  EXPECT_EQ(o.stats.ws_evictions, 3u);
  EXPECT_EQ(o.stats.truncated_messages, 5u);
}
