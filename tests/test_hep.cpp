// sipspan — HEP3 packets (tools/capture/hep.hpp): a packet built here chunk by
// chunk decodes into its addresses, ports, time, protocol and payload; a cut
// or foreign packet is refused with the reason and the offset.

#include <gtest/gtest.h>

#include <string>

#include "hep.hpp"

namespace {

using sipspan::capture::decode_hep3;
using sipspan::capture::hep_packet;

std::string chunk(std::uint16_t type, const std::string& value, std::uint16_t vendor = 0) {
  const std::size_t n = value.size() + 6;
  std::string c{static_cast<char>(vendor >> 8), static_cast<char>(vendor & 0xFF), static_cast<char>(type >> 8),
                static_cast<char>(type & 0xFF), static_cast<char>(n >> 8), static_cast<char>(n & 0xFF)};
  return c + value;
}
std::string u16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
std::string u32(unsigned v) { return u16(v >> 16) + u16(v & 0xFFFF); }

std::string packet(const std::string& chunks) {
  const std::size_t n = chunks.size() + 6;
  return "HEP3" + u16(static_cast<unsigned>(n)) + chunks;
}

const std::string sip = "OPTIONS sip:a@example.com SIP/2.0\r\n\r\n";

std::string ipv4_packet() {
  return packet(chunk(1, "\x02") + chunk(2, "\x11") + chunk(3, std::string("\xC0\x00\x02\x0A", 4)) +
                chunk(4, std::string("\xC0\x00\x02\x14", 4)) + chunk(7, u16(5070)) + chunk(8, u16(5060)) +
                chunk(9, u32(1767225600)) + chunk(10, u32(250000)) + chunk(11, "\x01") + chunk(12, u32(2001)) +
                chunk(0x20, "vendor's own", 0x1234) + chunk(15, sip));
}

}  // namespace

TEST(hep, a_packet_gives_its_addresses_time_and_payload) {
  const std::string p = ipv4_packet();
  hep_packet h;
  std::string why;
  std::size_t at = 0;
  ASSERT_TRUE(decode_hep3(p, h, why, at)) << why << " at " << at;
  EXPECT_EQ(h.src.text(), "192.0.2.10:5070");
  EXPECT_EQ(h.dst.text(), "192.0.2.20:5060");
  EXPECT_EQ(h.ip_proto, 17);
  EXPECT_EQ(h.payload_type, 1);
  EXPECT_EQ(h.ts_ns, 1'767'225'600'250'000'000);
  EXPECT_EQ(h.payload, sip);
  // IPv6 addresses
  std::string a6(16, '\0'), b6(16, '\0');
  a6[0] = b6[0] = '\x20';
  a6[1] = b6[1] = '\x01';
  a6[15] = '\x01';
  b6[15] = '\x02';
  ASSERT_TRUE(decode_hep3(packet(chunk(5, a6) + chunk(6, b6) + chunk(7, u16(1)) + chunk(8, u16(2)) + chunk(2, "\x06") +
                                 chunk(15, sip)),
                          h, why, at))
      << why;
  EXPECT_EQ(h.src.text(), "[2001::1]:1");
  EXPECT_EQ(h.dst.text(), "[2001::2]:2");
  EXPECT_EQ(h.ip_proto, 6);
}

TEST(hep, a_cut_or_foreign_packet_is_refused_with_where) {
  hep_packet h;
  std::string why;
  std::size_t at = 0;
  EXPECT_FALSE(decode_hep3("HEP2\x00\x06", h, why, at));
  EXPECT_NE(why.find("magic"), std::string::npos);
  const std::string p = ipv4_packet();
  // the datagram shorter than the total length it announces
  EXPECT_FALSE(decode_hep3(std::string_view(p).substr(0, p.size() - 1), h, why, at));
  EXPECT_EQ(at, 4u);
  EXPECT_NE(why.find("total length"), std::string::npos) << why;
  // a chunk whose length runs past the packet
  std::string bad = packet(chunk(7, u16(5070)) + chunk(15, sip));
  bad[6 + 8 + 5] = static_cast<char>(0xFF);  // the payload chunk's length, low byte
  EXPECT_FALSE(decode_hep3(bad, h, why, at));
  EXPECT_EQ(at, 14u);
  EXPECT_NE(why.find("chunk type 15"), std::string::npos) << why;
  // no payload
  EXPECT_FALSE(decode_hep3(packet(chunk(7, u16(5070))), h, why, at));
  EXPECT_NE(why.find("no payload"), std::string::npos) << why;
}
