// sipspan tests — HEP3 packets built chunk by chunk (HEP3 draft: vendor id,
// type id, chunk length with its 6-byte head, value), for the decoder and
// collector tests.
#pragma once

#include <cstdint>
#include <string>

namespace sipspan::testing::hep {

inline std::string u16(unsigned v) { return {static_cast<char>(v >> 8), static_cast<char>(v & 0xFF)}; }
inline std::string u32(unsigned v) { return u16(v >> 16) + u16(v & 0xFFFF); }

inline std::string chunk(std::uint16_t type, const std::string& value, std::uint16_t vendor = 0) {
  return u16(vendor) + u16(type) + u16(static_cast<unsigned>(value.size() + 6)) + value;
}

// "HEP3", the total length, the chunks.
inline std::string packet(const std::string& chunks) { return "HEP3" + u16(static_cast<unsigned>(chunks.size() + 6)) + chunks; }

// A SIP payload from 192.0.2.10:5070 to 192.0.2.20:5060 over UDP at
// 2026-01-01T00:00:00.25Z, with a capture id and a vendor's own chunk.
inline std::string ipv4_packet(const std::string& sip) {
  return packet(chunk(1, "\x02") + chunk(2, "\x11") + chunk(3, std::string("\xC0\x00\x02\x0A", 4)) +
                chunk(4, std::string("\xC0\x00\x02\x14", 4)) + chunk(7, u16(5070)) + chunk(8, u16(5060)) +
                chunk(9, u32(1767225600)) + chunk(10, u32(250000)) + chunk(11, "\x01") + chunk(12, u32(2001)) +
                chunk(0x20, "vendor's own", 0x1234) + chunk(15, sip));
}

}  // namespace sipspan::testing::hep
