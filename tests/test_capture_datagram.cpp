// sipspan tests — capture ingestion: UDP and SCTP, where a datagram (or an SCTP
// message) is one SIP message, and what is SIP on them.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_read.hpp"

using namespace sipspan::testing::capture_read;

// -------------------------------------------------------------------- UDP ---

// A datagram is one message (RFC 3261 §18.3: what follows the body Content-Length
// announces is discarded, not read as another message; RFC 4475 dblreq), as the
// same bytes are in a file; what is not SIP is counted by reason.
TEST(Capture, DatagramIsOneMessageAndNonSipIsCountedByReason) {
  pw::file f(false, pw::lt_raw);
  f.add(udp4(ringing() + bye()), 1);
  f.add(udp4("\x01\x02 not sip at all\r\n", 40000, 40001), 2);
  f.add(udp4("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 40000, 80), 3);
  f.add(udp4("\r\n\r\n", 5060, 5060), 4);  // a keepalive on the SIP port
  f.add(udp4(std::string(4, '\0'), 5060, 5060), 5);  // vendors' keepalives
  f.add(udp4("hello", 5060, 5060), 6);
  f.add(udp4("jaK\n", 5060, 5060), 7);  // (with an LF: a message)
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[1].bytes, "jaK\n");
  EXPECT_EQ(o.messages[0].bytes, ringing() + bye());
  EXPECT_EQ(o.stats.non_sip, 5u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::other)], 1u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::http)], 1u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::keepalive)], 3u);
}

// Whatever its Content-Length says (19 digits, signed, repeated, folded, past
// the end), a datagram goes out whole: the reader reads no length.
TEST(Capture, DatagramGoesOutWholeWhateverItsLength) {
  const std::string head = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n";
  const std::string next = bye();
  const std::vector<std::string> cases = {
      head + "Content-Length: 4\r\n\r\nbody",
      head + "Content-Length: 4\r\n\r\nbody" + next,
      head + "Content-Length: 4\r\n\r\nbodyjunk",
      head + "Content-Length: 40\r\n\r\nshort",
      head + "Content-Length: 9999999999999999999\r\n\r\nbody" + next,  // 19 digits: past int64
      head + "Content-Length: 99999999999999999999999\r\n\r\nbody" + next,
      head + "Content-Length: +4\r\n\r\nbody" + next,
      head + "Content-Length: 4\r\n 5\r\n\r\nbody" + next,
      head + "Content-Length: 4\r\nContent-Length: 9\r\n\r\nbody" + next,
      head + "l: 4\r\n\r\nbody" + next,
      head + "Content-Length: 4\n\nbody" + next,
      "\r\n" + head + "Content-Length: 0\r\n\r\n",
      head,
      next + next + next,
  };
  for (const std::string& c : cases) {
    pw::file f(false, pw::lt_raw);
    f.add(udp4(c), 1);
    outcome o = read_file(f);
    ASSERT_EQ(o.messages.size(), 1u) << c;
    EXPECT_EQ(o.messages[0].bytes, c);
  }
}

// A malformed start line (RFC 4475 §3.1.2) is still SIP, on any port: the
// validator reports it; so is anything but a keepalive, STUN, TLS, SigComp
// or HTTP on a SIP port, and anything on a conversation that carried SIP.
TEST(Capture, MalformedStartLinesAreSip) {
  const std::string rest = "Via: SIP/2.0/UDP h;branch=z9hG4bK1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\n\r\n";
  const std::vector<std::string> lines = {
      "INVITE sip:user@example.com; SIP/2.0\r\n",         // ltgtruri-like
      "INVITE <sip:user@example.com> SIP/2.0\r\n",        // ltgtruri
      "OPTIONS sip:t.watson@example.org SIP/7.0\r\n",     // badvers
      " INVITE  sip:vivekg@chair-dnrc.example.com  SIP/2.0\r\n",  // lwsstart
      "OPTIONS sip:remote-target@example.com SIP/2.0  \r\n",      // trws
      "SIP/2.0 4294967301 better not break the receiver\r\n",     // bigcode
      "INVITE %s%s%s%s%s:noone@host SIP/2.0\r\n",         // PROTOS
      "NOTAMETHOD\r\n",                                    // a Via line below
  };
  for (const std::string& l : lines) {
    pw::file f(false, pw::lt_raw);
    f.add(udp4(l + rest, 40000, 40001), 1);
    outcome o = read_file(f);
    ASSERT_EQ(o.messages.size(), 1u) << l;
    EXPECT_EQ(o.messages[0].bytes, l + rest);
  }
  pw::file f(false, pw::lt_raw);
  f.add(udp4("\x01\x02 garbage\r\n", 40000, 5060), 1);         // on a SIP port
  f.add(udp4(bye(), 40000, 40001), 2);                             // a conversation carries SIP
  f.add(pw::ipv4(b4, a4, 17, pw::udp(40001, 40000, "\x01\x02 garbage\r\n")), 3);  // garbage on it, back
  f.add(udp4("\x01\x02 garbage\r\n", 40002, 40001), 4);         // another one: not SIP
  std::string stun(20, '\0');
  stun[1] = 1;
  stun[4] = 0x21, stun[5] = 0x12, stun[6] = static_cast<char>(0xa4), stun[7] = 0x42;
  f.add(udp4(stun, 40000, 5060), 5);
  f.add(udp4(std::string("\x16\x03\x01\x00\x10", 5) + std::string(16, 'x'), 40000, 5061), 6);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 3u);
  EXPECT_EQ(o.messages[0].record, 1u);
  EXPECT_EQ(o.messages[2].record, 3u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::other)], 1u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::stun)], 1u);
  EXPECT_EQ(o.stats.skipped[static_cast<std::size_t>(cap::sniff_kind::tls)], 1u);
}

TEST(Capture, SipOnAnyPort) {
  pw::file f(false, pw::lt_raw);
  f.add(udp4(invite(), 40123, 7777), 1);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0].dst, "192.0.2.2:7777");
}

TEST(Capture, UnparsableMessageIsStillHandedOut) {
  std::string broken = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\nContent-Length: 50\r\n\r\nshort";
  pw::file f(false, pw::lt_raw);
  f.add(udp4(broken), 1);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0].bytes, broken);
}

// ------------------------------------------------------------------- SCTP ---

TEST(Capture, SctpData) {
  std::string_view m = invite();
  pw::file f(false, pw::lt_raw);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 1, 0, 0, 3, bye())), 1);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 2, 0, 39, 2, m.substr(0, 300))), 2);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 3, 0, 39, 0, m.substr(300, 300))), 3);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 4, 0, 39, 1, m.substr(600))), 4);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 5, 0, 46, 3, ringing())), 5);  // another PPID
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[0].bytes, bye());
  EXPECT_EQ(o.messages[0].proto, cap::transport::sctp);
  EXPECT_EQ(o.messages[1].bytes, invite());
  EXPECT_EQ(o.messages[1].record, 4u);
  EXPECT_TRUE(o.messages[1].reassembled);
}

// An SCTP message whose chunks stop following (a lost TSN, a new message
// begun on the stream, the end of the capture) goes out as it was cut.
TEST(Capture, SctpMessageCutGoesOut) {
  std::string_view m = invite();
  pw::file f(false, pw::lt_raw);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 1, 0, 0, 2, m.substr(0, 300))), 1);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 3, 0, 0, 1, m.substr(600))), 2);  // TSN 2 lost
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 4, 0, 0, 2, m.substr(0, 200))), 3);
  f.add(pw::ipv4(a4, b4, 132, pw::sctp_data(5060, 5060, 5, 0, 0, 2, m.substr(0, 100))), 4);  // begun again
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 3u);
  EXPECT_EQ(o.messages[0].bytes, m.substr(0, 300));
  EXPECT_EQ(o.messages[0].record, 2u);
  EXPECT_EQ(o.messages[1].bytes, m.substr(0, 200));
  EXPECT_EQ(o.messages[1].record, 4u);
  EXPECT_EQ(o.messages[2].bytes, m.substr(0, 100));  // at the end of the capture
  EXPECT_EQ(o.stats.truncated_messages, 3u);
}
