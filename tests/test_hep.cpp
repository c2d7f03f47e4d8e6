// sipspan — HEP3 packets (sipspan/hep.hpp): a packet built here chunk by
// chunk decodes into its addresses, ports, time, protocol and payload; a cut
// or foreign packet is refused with the reason and the offset.

#include <gtest/gtest.h>

#include <string>

#include "sipspan/hep.hpp"
#include "hep_packets.hpp"

namespace {

using sipspan::capture::decode_hep3;
using sipspan::capture::hep_packet;

using namespace sipspan::testing::hep;

const std::string sip = "OPTIONS sip:a@example.com SIP/2.0\r\n\r\n";

std::string ipv4_packet() { return sipspan::testing::hep::ipv4_packet(sip); }

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
