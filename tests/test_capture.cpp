// sipspan tests — capture ingestion: link layers (Ethernet, VLAN, SLL, raw IP, pcapng
// timestamps), IP fragments and tunnels, written with testkit/pcap_writer.hpp and
// read back with capture::reader.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_read.hpp"

using namespace sipspan::testing::capture_read;

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
