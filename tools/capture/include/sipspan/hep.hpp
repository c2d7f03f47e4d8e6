// sipspan — HEP version 3 (the Homer Encapsulation Protocol that Kamailio's
// siptrace, OpenSIPS, FreeSWITCH and heplify use to mirror SIP to a
// collector): one packet decoded into the addresses, ports, time, protocol
// and payload it carries.
//
// A HEP3 packet (HEP3 draft, "HEP3 Network Protocol Specification"): the
// magic "HEP3", its total length (16 bits, big-endian), then chunks of
// vendor id (16), type id (16), chunk length (16, its 6-byte head included)
// and payload. Vendor 0 types read here: 1 IP family, 2 IP protocol,
// 3/4 IPv4 source/destination, 5/6 IPv6 source/destination, 7/8 source/
// destination port, 9/10 time in seconds/microseconds, 11 payload type
// (1: SIP), 15 the captured payload. Other chunks (agent id, auth key,
// correlation id, vendors' own) are skipped by their length.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sipspan/capture.hpp"

namespace sipspan::capture {

struct hep_packet {
  endpoint src, dst;
  std::uint8_t ip_proto = 17;      // 17 UDP, 6 TCP, 132 SCTP
  std::uint8_t payload_type = 0;   // 1: SIP
  std::int64_t ts_ns = 0;
  std::string_view payload;        // a view into the packet
};

// False, with `why` and the byte offset where the packet stops making sense,
// when it is not a whole HEP3 packet (magic, total length, a chunk past the
// end, no payload chunk).
bool decode_hep3(std::string_view packet, hep_packet& out, std::string& why, std::size_t& at);

}  // namespace sipspan::capture
