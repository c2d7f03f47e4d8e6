// sipspan tests — capture ingestion: every link layer, tunnel, fragment case and
// transport, written with testkit/pcap_writer.hpp and read back with capture::reader.
#include <pthread.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sipspan/capture.hpp"
#include "testkit/pcap_writer.hpp"
#include "sipspan/framing.hpp"
#include "test_util.hpp"

namespace pw = sipspan::pcap_writer;
namespace cap = sipspan::capture;
using sipspan::testing::corpus;

namespace {

struct got {
  std::uint64_t record;
  cap::transport proto;
  std::string bytes, src, dst;
  bool reassembled;
  std::int64_t ts_ns;
  std::uint64_t bytes_read;  // the reader's position after the message
  bool operator==(const got&) const = default;
};

struct outcome {
  std::vector<got> messages;
  std::vector<bool> mapped;  // for each message: the file was mapped into memory as it came out
  cap::capture_stats stats;
  bool failed = false;
  cap::capture_error error;
};

std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("sipspan_capture_" + std::to_string(::getpid()) + "_" + name)).string();
}

// The file is mapped into this process: /proc/self/maps names it.
bool is_mapped(const std::string& path) {
  const std::string name = std::filesystem::canonical(path).string();
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.ends_with(" " + name)) return true;
  return false;
}

// Reads `data` written to a file, by its path or (stream) through a stream as
// stdin is read: a classic pcap file is read from a map of it only by path.
outcome read_bytes(const pw::bytes& data, const cap::reader_options& options = {}, bool stream = false) {
  std::string path = temp_path(::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  outcome o;
  cap::reader r(options);
  cap::capture_error err;
  if (!(stream ? r.open(std::fopen(path.c_str(), "rb"), err) : r.open(path, err))) {
    o.failed = true;
    o.error = err;
  } else {
    cap::sip_message m;
    while (r.next(m)) {
      o.messages.push_back({m.record, m.proto, std::string(m.bytes), m.src.text(), m.dst.text(), m.reassembled,
                            m.ts_ns, r.bytes_read()});
      o.mapped.push_back(is_mapped(path));
    }
    if (r.error()) {
      o.failed = true;
      o.error = *r.error();
    }
    o.stats = r.stats();
    EXPECT_EQ(r.file_size(), stream ? 0 : data.size());
  }
  std::filesystem::remove(path);
  return o;
}

outcome read_file(const pw::file& f, const cap::reader_options& options = {}) { return read_bytes(f.data(), options); }

const std::string& invite() {
  static const std::string m = corpus("bench/01-invite-sdp.sip");
  return m;
}
const std::string& ringing() {
  static const std::string m = corpus("bench/04-180-ringing.sip");
  return m;
}
const std::string& bye() {
  static const std::string m = corpus("bench/06-bye.sip");
  return m;
}

const pw::addr4 a4 = pw::v4(192, 0, 2, 1), b4 = pw::v4(192, 0, 2, 2);

pw::bytes udp4(std::string_view payload, std::uint16_t sport = 5060, std::uint16_t dport = 5060) {
  return pw::ipv4(a4, b4, 17, pw::udp(sport, dport, payload));
}

}  // namespace

// ------------------------------------------------------------ link layers ---

TEST(Capture, EthernetIpv4UdpInPcapAndPcapng) {
  for (bool ng : {false, true}) {
    pw::file f(ng, pw::lt_ethernet);
    f.add(pw::ethernet(udp4(invite())), 1'700'000'000'123'456'789);
    f.add(pw::ethernet(udp4(ringing(), 5060, 5062)), 1'700'000'001'000'000'000);
    outcome o = read_file(f);
    ASSERT_FALSE(o.failed) << o.error.message;
    ASSERT_EQ(o.messages.size(), 2u) << "pcapng " << ng;
    EXPECT_EQ(o.messages[0].bytes, invite());
    EXPECT_EQ(o.messages[0].record, 1u);
    EXPECT_EQ(o.messages[0].src, "192.0.2.1:5060");
    EXPECT_EQ(o.messages[0].dst, "192.0.2.2:5060");
    EXPECT_EQ(o.messages[0].proto, cap::transport::udp);
    EXPECT_FALSE(o.messages[0].reassembled);
    EXPECT_EQ(o.messages[1].bytes, ringing());
    EXPECT_EQ(o.messages[1].record, 2u);
    EXPECT_EQ(o.messages[1].dst, "192.0.2.2:5062");
    EXPECT_EQ(o.stats.records, 2u);
    EXPECT_EQ(o.mapped, std::vector<bool>(2, !ng));  // pcapng is read by libpcap alone
  }
}

TEST(Capture, Timestamps) {
  pw::file f(true, pw::lt_raw);
  f.add(udp4(invite()), 1'700'000'000'123'456'789);
  std::string path = temp_path("ts");
  ASSERT_TRUE(f.save(path));
  cap::reader r;
  cap::capture_error err;
  ASSERT_TRUE(r.open(path, err));
  cap::sip_message m;
  ASSERT_TRUE(r.next(m));
  EXPECT_EQ(m.ts_ns, 1'700'000'000'123'456'789);
  EXPECT_FALSE(r.next(m));
  EXPECT_EQ(r.error(), nullptr);
  EXPECT_EQ(r.bytes_read(), r.file_size());
  std::filesystem::remove(path);
}

// pcapng timestamps in other units than nanoseconds (if_tsresol): seconds,
// microseconds, picoseconds, 2^-20; and timestamps an int64 of nanoseconds
// cannot hold (past 2262), saturated and counted, never wrapped.
TEST(Capture, PcapngTimestampResolutions) {
  struct one {
    std::uint8_t tsresol;
    std::uint64_t ticks;
    std::int64_t want_ns;
    bool saturated;
  };
  const std::int64_t s2026 = 1767225600;  // 2026-01-01T00:00:00Z
  const one cases[] = {
      {0, static_cast<std::uint64_t>(s2026), s2026 * 1'000'000'000, false},
      {6, static_cast<std::uint64_t>(s2026) * 1'000'000 + 250'000, s2026 * 1'000'000'000 + 250'000'000, false},
      {12, 1000ull * 1'000'000'000'000 + 123'456'789, 1000ll * 1'000'000'000 + 123'456, false},
      {0x80 | 20, (static_cast<std::uint64_t>(s2026) << 20) | (1u << 19), s2026 * 1'000'000'000 + 500'000'000, false},
      {0, 1ull << 62, INT64_MAX, true},          // 4.6e18 s: far past 2262
      {3, 10'000'000'000'000'000ull, INT64_MAX, true},  // 1e16 s
  };
  for (const one& c : cases) {
    SCOPED_TRACE(std::to_string(c.tsresol) + " " + std::to_string(c.ticks));
    pw::file f(true, pw::lt_raw, 262144, c.tsresol);
    f.add_ticks(udp4(bye()), c.ticks);
    outcome o = read_file(f);
    ASSERT_EQ(o.messages.size(), 1u);
    EXPECT_EQ(o.stats.timestamps_saturated, c.saturated ? 1u : 0u);
    if (c.saturated) EXPECT_GT(o.messages[0].ts_ns, 9'000'000'000'000'000'000);
    else EXPECT_EQ(o.messages[0].ts_ns, c.want_ns);
  }
}

TEST(Capture, EveryLinkType) {
  for (std::uint32_t lt : {pw::lt_ethernet, pw::lt_sll, pw::lt_sll2, pw::lt_raw, pw::lt_ipv4, pw::lt_ipv6,
                           pw::lt_null, pw::lt_loop}) {
    for (bool ng : {false, true}) {
      pw::file f(ng, lt);
      bool v6_only = lt == pw::lt_ipv6;
      if (!v6_only) f.add(pw::link(lt, udp4(invite())), 1);
      if (lt != pw::lt_ipv4) f.add(pw::link(lt, pw::ipv6(pw::v6(1), pw::v6(2), 17, pw::udp(5060, 5060, bye()))), 2);
      outcome o = read_file(f);
      ASSERT_FALSE(o.failed) << lt << ": " << o.error.message;
      std::size_t want = (v6_only ? 0 : 1) + (lt != pw::lt_ipv4 ? 1 : 0);
      ASSERT_EQ(o.messages.size(), want) << "link type " << lt << " pcapng " << ng;
      if (!v6_only) {
        EXPECT_EQ(o.messages[0].bytes, invite());
      }
      if (lt != pw::lt_ipv4) {
        EXPECT_EQ(o.messages.back().bytes, bye());
        EXPECT_EQ(o.messages.back().src, "[2001:db8::1]:5060");
      }
    }
  }
}

TEST(Capture, VlanAndQinQ) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(udp4(invite()), {{0x8100, 100}}), 1);
  f.add(pw::ethernet(udp4(bye()), {{0x88A8, 10}, {0x8100, 20}}), 2);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 2u);
  EXPECT_EQ(o.messages[0].bytes, invite());
  EXPECT_EQ(o.messages[1].bytes, bye());
}

TEST(Capture, Ipv6ExtensionHeaders) {
  pw::bytes pad = {1, 4, 0, 0, 0, 0};  // PadN
  pw::bytes routing = {0, 0, 0, 0, 0, 0};
  pw::file f(false, pw::lt_raw);
  f.add(pw::ipv6(pw::v6(1), pw::v6(2), 17, pw::udp(5060, 5060, invite()), {{0, pad}, {43, routing}, {60, pad}}), 1);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0].bytes, invite());
}

TEST(Capture, UnsupportedLinkTypeIsAnErrorAtRecordZero) {
  pw::file f(false, 147);  // LINKTYPE_USER0
  f.add(udp4(invite()), 1);
  outcome o = read_file(f);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.error.record, 0u);
  EXPECT_NE(o.error.message.find("unsupported link type 147"), std::string::npos) << o.error.message;
}

// ---------------------------------------------------------- IP fragments ---

TEST(Capture, Ipv4FragmentsInOrderReversedAndOverlapping) {
  pw::bytes seg = pw::udp(5060, 5060, invite());
  // the checksum a whole datagram would carry
  pw::bytes whole = pw::ipv4(a4, b4, 17, seg);
  seg.assign(whole.begin() + 20, whole.end());
  std::vector<pw::piece> pieces = pw::split(seg, 256);
  ASSERT_GE(pieces.size(), 3u);
  for (int order = 0; order < 3; ++order) {
    pw::file f(false, pw::lt_ethernet);
    std::vector<pw::piece> ps = pieces;
    if (order == 1) std::reverse(ps.begin(), ps.end());
    std::int64_t t = 1;
    for (const auto& p : ps) {
      f.add(pw::ethernet(pw::ipv4(a4, b4, 17, p.data, 77, p.offset, p.more)), t++);
      if (order == 2 && p.offset == 256) {  // an overlapping copy of part of the first two pieces
        pw::bytes over(seg.begin() + 128, seg.begin() + 384);
        f.add(pw::ethernet(pw::ipv4(a4, b4, 17, over, 77, 128, true)), t++);
      }
    }
    outcome o = read_file(f);
    ASSERT_EQ(o.messages.size(), 1u) << "order " << order;
    EXPECT_EQ(o.messages[0].bytes, invite());
    EXPECT_TRUE(o.messages[0].reassembled);
    EXPECT_EQ(o.messages[0].record, static_cast<std::uint64_t>(t - 1));
    EXPECT_EQ(o.stats.ip_reassembled, 1u);
    EXPECT_EQ(o.stats.ip_fragments, static_cast<std::uint64_t>(t - 1));
  }
}

TEST(Capture, Ipv6Fragments) {
  pw::bytes seg = pw::udp(5060, 5060, invite());
  std::vector<pw::piece> pieces = pw::split(seg, 400);
  pw::file f(true, pw::lt_ethernet);
  std::int64_t t = 1;
  for (auto it = pieces.rbegin(); it != pieces.rend(); ++it)
    f.add(pw::ethernet(pw::ipv6_fragment(pw::v6(1), pw::v6(2), 17, it->data, it->offset, it->more, 0xABCDEF)), t++);
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0].bytes, invite());
  EXPECT_TRUE(o.messages[0].reassembled);
}

TEST(Capture, MissingFragmentTimesOut) {
  pw::bytes seg = pw::udp(5060, 5060, invite());
  std::vector<pw::piece> pieces = pw::split(seg, 256);
  pw::file f(false, pw::lt_raw);
  f.add(pw::ipv4(a4, b4, 17, pieces[0].data, 9, 0, true), 1'000'000'000);  // the rest never comes
  f.add(udp4(bye()), 100'000'000'000);  // 99 s later
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 1u);
  EXPECT_EQ(o.messages[0].bytes, bye());
  EXPECT_EQ(o.stats.ip_fragment_timeouts, 1u);
}

TEST(Capture, FragmentMemoryIsCapped) {
  pw::file f(false, pw::lt_raw);
  pw::bytes piece(1024, 'x');
  for (std::uint16_t id = 0; id < 100; ++id) f.add(pw::ipv4(a4, b4, 17, piece, id, 0, true), id + 1);
  cap::reader_options opt;
  opt.max_fragment_datagrams = 10;
  opt.max_fragment_bytes = 5 * 1024;
  outcome o = read_file(f, opt);
  EXPECT_EQ(o.stats.ip_fragments, 100u);
  EXPECT_EQ(o.stats.ip_fragment_evictions, 95u);
}

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

// ---------------------------------------------------------------- tunnels ---

TEST(Capture, GreAndIpInIp) {
  pw::addr4 t1 = pw::v4(198, 51, 100, 1), t2 = pw::v4(198, 51, 100, 2);
  pw::bytes inner = udp4(invite());
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(t1, t2, 4, inner)), 1);                                     // IPv4 in IPv4
  f.add(pw::ethernet(pw::ipv4(t1, t2, 41, pw::ipv6(pw::v6(1), pw::v6(2), 17, pw::udp(5060, 5060, bye())))), 2);
  f.add(pw::ethernet(pw::ipv4(t1, t2, 47, pw::gre(0x0800, inner, true, true))), 3);     // GRE, key and seq
  f.add(pw::ethernet(pw::ipv4(t1, t2, 47, pw::gre(0x6558, pw::ethernet(inner)))), 4);    // transparent Ethernet
  f.add(pw::ethernet(pw::ipv4(t1, t2, 47, pw::erspan2(pw::ethernet(inner, {{0x8100, 3}})))), 5);
  f.add(pw::ethernet(pw::ipv4(t1, t2, 47, pw::erspan3(pw::ethernet(inner), false))), 6);
  f.add(pw::ethernet(pw::ipv4(t1, t2, 47, pw::erspan3(pw::ethernet(inner), true))), 7);
  f.add(pw::ethernet(pw::ipv6(pw::v6(8), pw::v6(9), 47, pw::gre(0x0800, inner))), 8);   // GRE over IPv6
  outcome o = read_file(f);
  ASSERT_EQ(o.messages.size(), 8u);
  for (std::size_t i = 0; i < o.messages.size(); ++i) {
    EXPECT_EQ(o.messages[i].record, i + 1);
    EXPECT_EQ(o.messages[i].bytes, i == 1 ? bye() : invite()) << i;
    if (i != 1) {
      EXPECT_EQ(o.messages[i].src, "192.0.2.1:5060");
    }
  }
}

// -------------------------------------------------------------------- TCP ---

namespace {
pw::tcp_connection conn() {
  pw::tcp_connection c;
  c.a = a4;
  c.b = b4;
  c.a_port = 40000;
  c.b_port = 5060;
  return c;
}
}  // namespace

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

// -------------------------------------------------------- damaged files ---

TEST(Capture, TruncatedFileGivesTheRecordAndWhatCameBefore) {
  for (bool ng : {false, true}) {
    pw::file f(ng, pw::lt_ethernet);
    f.add(pw::ethernet(udp4(invite())), 1);
    f.add(pw::ethernet(udp4(bye())), 2);
    f.add(pw::ethernet(udp4(ringing())), 3);
    pw::bytes cut = f.data();
    cut.resize(cut.size() - 100);  // mid-record 3
    outcome o = read_bytes(cut);
    ASSERT_TRUE(o.failed) << "pcapng " << ng;
    EXPECT_EQ(o.error.record, 3u) << o.error.message;
    EXPECT_FALSE(o.error.message.empty());
    ASSERT_EQ(o.messages.size(), 2u);
    EXPECT_EQ(o.messages[1].bytes, bye());
  }
}

TEST(Capture, TruncatedFileStillDeliversHeldTcpData) {
  pw::tcp_connection c = conn();
  const std::string& m = invite();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 0);
  std::uint32_t s0 = c.seq[0];
  f.add(c.send_at(0, s0 + 10, std::string_view(m).substr(10)), 1);  // the first 10 bytes are lost
  f.add(udp4(bye()), 2);
  pw::bytes cut = f.data();
  cut.resize(cut.size() - 5);
  outcome o = read_bytes(cut);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.error.record, 5u);
  EXPECT_TRUE(o.messages.empty());  // the held bytes have no start line
  EXPECT_EQ(o.stats.tcp_gaps, 1u);
}

TEST(Capture, CorruptHeaderIsRecordZero) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(udp4(invite())), 1);
  pw::bytes bad = f.data();
  bad[0] = 'X';
  outcome o = read_bytes(bad);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.error.record, 0u);
  EXPECT_FALSE(o.error.message.empty());
  EXPECT_TRUE(o.messages.empty());
}

TEST(Capture, MissingFileIsRecordZero) {
  cap::reader r;
  cap::capture_error err;
  EXPECT_FALSE(r.open(temp_path("does-not-exist.pcap"), err));
  EXPECT_EQ(err.record, 0u);
  ASSERT_NE(r.error(), nullptr);
}

TEST(Capture, SnapshotLengthCutsAreCounted) {
  pw::file f(false, pw::lt_raw);
  pw::bytes p = udp4(invite());
  std::uint32_t len = static_cast<std::uint32_t>(p.size());
  p.resize(200);
  f.add(p, 1, len);
  outcome o = read_file(f);
  EXPECT_EQ(o.stats.truncated_records, 1u);
  ASSERT_EQ(o.messages.size(), 1u);  // what was captured, for the validator to judge
  EXPECT_EQ(o.messages[0].bytes, invite().substr(0, 200 - 28));
}

TEST(Capture, ReadsStdin) {
  pw::file f(true, pw::lt_raw);
  f.add(udp4(invite()), 1);
  std::string path = temp_path("stdin");
  ASSERT_TRUE(f.save(path));
  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  cap::reader r;
  cap::capture_error err;
  ASSERT_TRUE(r.open("-", err)) << err.message;
  cap::sip_message m;
  ASSERT_TRUE(r.next(m));
  EXPECT_EQ(m.bytes, invite());
  EXPECT_FALSE(r.next(m));
  EXPECT_EQ(r.error(), nullptr);
  EXPECT_EQ(r.file_size(), 0u);
  std::filesystem::remove(path);
}

// Damaged headers at every layer: nothing is read outside a record, and the SIP
// messages around them still come out.
TEST(Capture, GarbageRecordsAreSkipped) {
  std::uint32_t state = 12345;
  auto rnd = [&state] { return state = state * 1103515245u + 12345u, static_cast<std::uint8_t>(state >> 16); };
  pw::tcp_connection c = conn();
  std::vector<pw::bytes> good = {udp4(invite()), pw::ipv4(a4, b4, 47, pw::erspan3(pw::ethernet(udp4(bye())), true)),
                                 c.send(0, ringing()), pw::ipv4(a4, b4, 132, pw::sctp_data(1, 2, 1, 0, 0, 3, bye()))};
  for (std::uint32_t lt : {pw::lt_ethernet, pw::lt_sll, pw::lt_sll2, pw::lt_raw, pw::lt_null}) {
    pw::file f(false, lt);
    std::size_t expected = 0;
    for (int i = 0; i < 400; ++i) {
      pw::bytes frame = pw::link(lt, good[static_cast<std::size_t>(i) % good.size()]);
      if (i % 2 == 0) {
        ++expected;
      } else {  // a damaged copy: bytes flipped and cut anywhere
        for (int k = 0; k < 6; ++k) frame[rnd() % std::min<std::size_t>(frame.size(), 80)] = rnd();
        frame.resize(rnd() % frame.size() + 1);
      }
      f.add(frame, i + 1);
    }
    outcome o = read_file(f);
    EXPECT_FALSE(o.failed) << o.error.message;
    EXPECT_GE(o.messages.size(), expected / 2) << "link type " << lt;  // the TCP flow may be thrown off
    EXPECT_EQ(o.stats.records, 400u);
  }
}

// ------------------------------------------- pcap by path and by stream ---

namespace {

std::uint32_t get_le32(const pw::bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}
void set_le32(pw::bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

// The offsets of the record headers of a classic pcap file as pw::file writes
// it (little-endian): 16 bytes (ts_sec, ts_frac, caplen, len), then caplen bytes.
std::vector<std::size_t> record_offsets(const pw::bytes& d) {
  std::vector<std::size_t> at;
  for (std::size_t i = 24; i + 16 <= d.size(); i += 16 + get_le32(d, i + 8)) at.push_back(i);
  return at;
}

// The file with microsecond timestamps (magic 0xa1b2c3d4, fractions / 1000).
pw::bytes to_microseconds(pw::bytes d) {
  set_le32(d, 0, 0xa1b2c3d4);
  for (std::size_t at : record_offsets(d)) set_le32(d, at + 4, get_le32(d, at + 4) / 1000);
  return d;
}

// The file in the other byte order: every field of the file and record headers swapped.
pw::bytes to_big_endian(pw::bytes d) {
  const std::vector<std::size_t> records = record_offsets(d);
  auto swap = [&d](std::size_t at, std::size_t n) {
    std::reverse(d.begin() + static_cast<std::ptrdiff_t>(at), d.begin() + static_cast<std::ptrdiff_t>(at + n));
  };
  swap(0, 4);  // magic
  swap(4, 2);  // version_major
  swap(6, 2);  // version_minor
  for (std::size_t at = 8; at < 24; at += 4) swap(at, 4);  // thiszone, sigfigs, snaplen, linktype
  for (std::size_t at : records)
    for (std::size_t k = 0; k < 16; k += 4) swap(at + k, 4);
  return d;
}

// Read by path (from a map of the file) and through a stream (libpcap alone,
// never mapped), the same messages, timestamps, positions, stats and error.
// `positions`: compare bytes_read() too (libpcap does not say where it left a
// record whose caplen it cut to the snapshot length). Returns the outcome by path.
outcome expect_same_both_ways(const pw::bytes& data, bool positions = true) {
  outcome by_path = read_bytes(data);
  outcome streamed = read_bytes(data, {}, true);
  if (!positions) {
    for (got& m : by_path.messages) m.bytes_read = 0;
    for (got& m : streamed.messages) m.bytes_read = 0;
  }
  EXPECT_TRUE(by_path.messages == streamed.messages);
  EXPECT_EQ(by_path.failed, streamed.failed);
  EXPECT_EQ(by_path.error.record, streamed.error.record);
  EXPECT_EQ(by_path.error.message, streamed.error.message);
  EXPECT_EQ(by_path.stats.records, streamed.stats.records);
  EXPECT_EQ(by_path.stats.bytes, streamed.stats.bytes);
  EXPECT_EQ(by_path.stats.messages, streamed.stats.messages);
  EXPECT_EQ(by_path.stats.truncated_records, streamed.stats.truncated_records);
  EXPECT_EQ(by_path.stats.malformed, streamed.stats.malformed);
  EXPECT_EQ(by_path.stats.non_sip, streamed.stats.non_sip);
  EXPECT_EQ(streamed.mapped, std::vector<bool>(streamed.messages.size(), false));
  return by_path;
}

// Two SIP messages, a record cut by the snapshot length, a timestamp past 2038
// (ts_sec above INT32_MAX) and a third message.
pw::bytes classic_sample() {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(udp4(invite())), 1'700'000'000'123'456'789);
  f.add(pw::ethernet(udp4(bye())), 1'700'000'001'000'000'999);
  pw::bytes cut = pw::ethernet(udp4(ringing()));
  const auto len = static_cast<std::uint32_t>(cut.size());
  cut.resize(300);
  f.add(cut, 1'700'000'002'500'000'000, len);
  f.add(pw::ethernet(udp4(invite())), 3'000'000'000'000'000'001);
  return f.data();
}

}  // namespace

TEST(Capture, PcapByPathReadsAsThroughAStream) {
  for (bool micro : {false, true}) {
    for (bool big : {false, true}) {
      SCOPED_TRACE(std::string(micro ? "microseconds" : "nanoseconds") + (big ? ", big-endian" : ", little-endian"));
      pw::bytes d = classic_sample();
      if (micro) d = to_microseconds(d);
      if (big) d = to_big_endian(d);
      outcome o = expect_same_both_ways(d);
      ASSERT_FALSE(o.failed) << o.error.message;
      ASSERT_EQ(o.messages.size(), 4u);
      EXPECT_EQ(o.messages[0].ts_ns, micro ? 1'700'000'000'123'456'000 : 1'700'000'000'123'456'789);
      EXPECT_EQ(o.messages[1].ts_ns, micro ? 1'700'000'001'000'000'000 : 1'700'000'001'000'000'999);
      EXPECT_EQ(o.messages[2].record, 3u);
      EXPECT_EQ(o.messages[2].bytes, ringing().substr(0, 300 - 14 - 28));
      EXPECT_EQ(o.messages[3].record, 4u);
      EXPECT_EQ(o.messages[0].bytes_read, 24 + 16 + pw::ethernet(udp4(invite())).size());
      EXPECT_EQ(o.messages[3].bytes_read, d.size());
      EXPECT_EQ(o.stats.records, 4u);
      EXPECT_EQ(o.stats.truncated_records, 1u);
      EXPECT_EQ(o.mapped, (std::vector<bool>{true, true, true, false}));  // libpcap reads the record past 2038
    }
  }
}

TEST(Capture, PcapCutInARecordByPathReadsAsThroughAStream) {
  for (bool big : {false, true}) {
    const pw::bytes whole = big ? to_big_endian(classic_sample()) : classic_sample();
    const std::size_t third = record_offsets(classic_sample())[2];
    for (std::size_t cut : {third + 7, third + 16 + 20}) {  // in the record header, in the data
      SCOPED_TRACE("cut at " + std::to_string(cut) + (big ? ", big-endian" : ""));
      pw::bytes d(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
      outcome o = expect_same_both_ways(d);
      ASSERT_TRUE(o.failed);
      EXPECT_EQ(o.error.record, 3u);
      EXPECT_NE(o.error.message.find("truncated"), std::string::npos) << o.error.message;
      ASSERT_EQ(o.messages.size(), 2u);
      EXPECT_EQ(o.messages[1].bytes, bye());
      EXPECT_EQ(o.stats.records, 2u);
      EXPECT_EQ(o.mapped, (std::vector<bool>{true, true}));
    }
  }
}

// Records out of the ordinary, and the records after them: the map leaves them
// to libpcap, which reads on to the end.
TEST(Capture, PcapOddRecordsByPathReadAsThroughAStream) {
  const pw::bytes sample = classic_sample();
  const std::vector<std::size_t> at = record_offsets(sample);
  {
    SCOPED_TRACE("caplen above the snapshot length");
    pw::file f(false, pw::lt_ethernet, 200);
    f.add(pw::ethernet(udp4(invite())), 1);
    f.add(pw::ethernet(udp4(bye())), 2);
    outcome o = expect_same_both_ways(f.data(), false);
    EXPECT_FALSE(o.failed) << o.error.message;
    EXPECT_EQ(o.stats.records, 2u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{false, false}));
  }
  {
    SCOPED_TRACE("caplen above len");
    pw::bytes d = sample;
    set_le32(d, at[1] + 12, get_le32(d, at[1] + 8) - 10);
    outcome o = expect_same_both_ways(d);
    EXPECT_EQ(o.messages.size(), 4u);
    EXPECT_EQ(o.stats.records, 4u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, false, false, false}));
  }
  {
    SCOPED_TRACE("fraction of a second out of range");
    pw::bytes d = sample;
    set_le32(d, at[1] + 4, 1'500'000'000);
    outcome o = expect_same_both_ways(d);
    EXPECT_EQ(o.messages.size(), 4u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, false, false, false}));
  }
  {
    SCOPED_TRACE("caplen above 262144");
    pw::bytes d = sample;
    set_le32(d, at[2] + 8, 300'000);
    set_le32(d, at[2] + 12, 300'000);
    d.resize(d.size() + 300'000);
    outcome o = expect_same_both_ways(d);
    ASSERT_TRUE(o.failed);
    EXPECT_EQ(o.error.record, 3u) << o.error.message;
    EXPECT_EQ(o.messages.size(), 2u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, true}));
  }
}

// ---------------------------------------------------------------- sample ---

TEST(Capture, BundledSample) {
  cap::reader r;
  cap::capture_error err;
  ASSERT_TRUE(r.open((sipspan::testing::corpus_dir() / "captures" / "sample.pcap").string(), err)) << err.message;
  cap::sip_message m;
  std::size_t n = 0, tcp = 0;
  while (r.next(m)) {
    ++n;
    tcp += m.proto == cap::transport::tcp;
  }
  EXPECT_EQ(r.error(), nullptr);
  EXPECT_EQ(n, 18u);
  EXPECT_EQ(tcp, 7u);
}
