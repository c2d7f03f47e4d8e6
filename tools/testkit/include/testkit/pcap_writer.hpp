// sipspan testkit — a small packet capture writer: builds link-layer frames, IP
// packets (fragments, extension headers, tunnels), UDP, TCP, SCTP and WebSocket,
// and writes them as pcap or pcapng. Used by test_capture, bench_capture and
// tools/capture/make_sample.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sipspan::pcap_writer {

using bytes = std::vector<std::uint8_t>;
using addr4 = std::array<std::uint8_t, 4>;
using addr6 = std::array<std::uint8_t, 16>;

// LINKTYPE_ values (tcpdump.org/linktypes.html).
enum linktype : std::uint32_t {
  lt_null = 0, lt_ethernet = 1, lt_raw = 101, lt_loop = 108, lt_sll = 113,
  lt_ipv4 = 228, lt_ipv6 = 229, lt_sll2 = 276,
};

inline void put16(bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8));
  b.push_back(static_cast<std::uint8_t>(v));
}
inline void put32(bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16));
  put16(b, static_cast<std::uint16_t>(v));
}
inline void put(bytes& b, std::string_view s) { b.insert(b.end(), s.begin(), s.end()); }
inline void put(bytes& b, const bytes& s) { b.insert(b.end(), s.begin(), s.end()); }
inline void set16(bytes& b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
inline void le32(bytes& b, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
inline void le16(bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v));
  b.push_back(static_cast<std::uint8_t>(v >> 8));
}

inline addr4 v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) { return {a, b, c, d}; }
// 2001:db8::<last>
inline addr6 v6(std::uint8_t last) {
  addr6 a{};
  a[0] = 0x20; a[1] = 0x01; a[2] = 0x0d; a[3] = 0xb8;
  a[15] = last;
  return a;
}

// The Internet checksum over a pseudo header and data.
inline std::uint16_t checksum(const bytes& pseudo, const std::uint8_t* p, std::size_t n) {
  std::uint32_t sum = 0;
  auto add = [&sum](const std::uint8_t* q, std::size_t m) {
    for (std::size_t i = 0; i + 1 < m; i += 2) sum += static_cast<std::uint32_t>(q[i] << 8 | q[i + 1]);
    if (m & 1) sum += static_cast<std::uint32_t>(q[m - 1] << 8);
  };
  add(pseudo.data(), pseudo.size());
  add(p, n);
  while (sum >> 16) sum = (sum & 0xFFFF) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

// ------------------------------------------------------------ transports ---

inline bytes udp(std::uint16_t sport, std::uint16_t dport, std::string_view payload) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<std::uint16_t>(8 + payload.size()));
  put16(b, 0);
  put(b, payload);
  return b;
}

enum tcp_flags : std::uint8_t { fin = 1, syn = 2, rst = 4, psh = 8, ack = 16 };

inline bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint32_t seq, std::uint32_t ack_no, std::uint8_t flags,
                 std::string_view payload) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, seq);
  put32(b, ack_no);
  b.push_back(5 << 4);
  b.push_back(flags);
  put16(b, 65535);
  put16(b, 0);
  put16(b, 0);
  put(b, payload);
  return b;
}

// One SCTP packet with one DATA chunk (flags: 3 = whole message, 2 = first, 0 = middle, 1 = last).
inline bytes sctp_data(std::uint16_t sport, std::uint16_t dport, std::uint32_t tsn, std::uint16_t stream,
                       std::uint32_t ppid, std::uint8_t flags, std::string_view payload) {
  bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, 0x01020304);  // verification tag
  put32(b, 0);           // checksum (not checked by readers of captures)
  b.push_back(0);
  b.push_back(flags);
  put16(b, static_cast<std::uint16_t>(16 + payload.size()));
  put32(b, tsn);
  put16(b, stream);
  put16(b, 0);
  put32(b, ppid);
  put(b, payload);
  while (b.size() % 4) b.push_back(0);
  return b;
}

// A WebSocket frame (RFC 6455); mask: a 4-byte key, or none.
inline bytes ws_frame(std::uint8_t opcode, bool fin_bit, std::string_view payload, const std::uint8_t* mask = nullptr) {
  bytes b;
  b.push_back(static_cast<std::uint8_t>((fin_bit ? 0x80 : 0) | opcode));
  std::uint8_t m = mask ? 0x80 : 0;
  if (payload.size() < 126) {
    b.push_back(static_cast<std::uint8_t>(m | payload.size()));
  } else if (payload.size() < 65536) {
    b.push_back(m | 126);
    put16(b, static_cast<std::uint16_t>(payload.size()));
  } else {
    b.push_back(m | 127);
    put32(b, 0);
    put32(b, static_cast<std::uint32_t>(payload.size()));
  }
  if (mask) b.insert(b.end(), mask, mask + 4);
  for (std::size_t i = 0; i < payload.size(); ++i)
    b.push_back(static_cast<std::uint8_t>(payload[i] ^ (mask ? mask[i & 3] : 0)));
  return b;
}

// ------------------------------------------------------------------- IP ---

// Fills the UDP/TCP checksum of an unfragmented transport segment.
inline void fill_l4_checksum(bytes& l4, std::uint8_t proto, const std::uint8_t* src, const std::uint8_t* dst,
                             std::size_t alen) {
  std::size_t at = proto == 17 ? 6 : proto == 6 ? 16 : 0;
  if (at == 0 || l4.size() < at + 2) return;
  bytes pseudo(src, src + alen);
  pseudo.insert(pseudo.end(), dst, dst + alen);
  if (alen == 4) {
    pseudo.push_back(0);
    pseudo.push_back(proto);
    put16(pseudo, static_cast<std::uint16_t>(l4.size()));
  } else {
    put32(pseudo, static_cast<std::uint32_t>(l4.size()));
    put32(pseudo, proto);
  }
  set16(l4, at, 0);
  std::uint16_t c = checksum(pseudo, l4.data(), l4.size());
  set16(l4, at, proto == 17 && c == 0 ? 0xFFFF : c);
}

// An IPv4 packet; frag_offset in bytes (a multiple of 8).
inline bytes ipv4(addr4 src, addr4 dst, std::uint8_t proto, bytes payload, std::uint16_t id = 1,
                  std::uint32_t frag_offset = 0, bool more_fragments = false) {
  if (frag_offset == 0 && !more_fragments) fill_l4_checksum(payload, proto, src.data(), dst.data(), 4);
  bytes b;
  b.push_back(0x45);
  b.push_back(0);
  put16(b, static_cast<std::uint16_t>(20 + payload.size()));
  put16(b, id);
  put16(b, static_cast<std::uint16_t>((more_fragments ? 0x2000 : 0) | (frag_offset / 8)));
  b.push_back(64);
  b.push_back(proto);
  put16(b, 0);
  b.insert(b.end(), src.begin(), src.end());
  b.insert(b.end(), dst.begin(), dst.end());
  set16(b, 10, checksum({}, b.data(), 20));
  put(b, payload);
  return b;
}

// An IPv6 packet; ext: extension headers (type, body of 6 + 8k bytes) before the payload.
inline bytes ipv6(addr6 src, addr6 dst, std::uint8_t proto, bytes payload,
                  const std::vector<std::pair<std::uint8_t, bytes>>& ext = {}) {
  fill_l4_checksum(payload, proto, src.data(), dst.data(), 16);
  bytes chain;
  for (std::size_t i = 0; i < ext.size(); ++i) {
    std::uint8_t next = i + 1 < ext.size() ? ext[i + 1].first : proto;
    const bytes& body = ext[i].second;
    chain.push_back(next);
    chain.push_back(static_cast<std::uint8_t>((body.size() + 2) / 8 - 1));
    put(chain, body);
  }
  bytes b;
  put32(b, 0x60000000);
  put16(b, static_cast<std::uint16_t>(chain.size() + payload.size()));
  b.push_back(ext.empty() ? proto : ext[0].first);
  b.push_back(64);
  b.insert(b.end(), src.begin(), src.end());
  b.insert(b.end(), dst.begin(), dst.end());
  put(b, chain);
  put(b, payload);
  return b;
}

// An IPv6 fragment of a transport segment (`piece` starts at `offset` in it).
inline bytes ipv6_fragment(addr6 src, addr6 dst, std::uint8_t proto, const bytes& piece, std::uint32_t offset,
                           bool more, std::uint32_t id) {
  bytes b;
  put32(b, 0x60000000);
  put16(b, static_cast<std::uint16_t>(8 + piece.size()));
  b.push_back(44);
  b.push_back(64);
  b.insert(b.end(), src.begin(), src.end());
  b.insert(b.end(), dst.begin(), dst.end());
  b.push_back(proto);
  b.push_back(0);
  put16(b, static_cast<std::uint16_t>(offset | (more ? 1 : 0)));
  put32(b, id);
  put(b, piece);
  return b;
}

// Splits a transport segment into fragment pieces of `size` bytes (a multiple of 8):
// (offset, piece, more).
struct piece {
  std::uint32_t offset;
  bytes data;
  bool more;
};
inline std::vector<piece> split(const bytes& whole, std::size_t size) {
  std::vector<piece> out;
  for (std::size_t at = 0; at < whole.size(); at += size) {
    std::size_t n = std::min(size, whole.size() - at);
    out.push_back({static_cast<std::uint32_t>(at), bytes(whole.begin() + static_cast<std::ptrdiff_t>(at),
                                                         whole.begin() + static_cast<std::ptrdiff_t>(at + n)),
                   at + n < whole.size()});
  }
  return out;
}

// ----------------------------------------------------------- link layers ---

inline bool is_v6(const bytes& ip) { return !ip.empty() && (ip[0] >> 4) == 6; }

// Ethernet II; vlans: 802.1Q tags (outer first; tpid 0x88a8 for a QinQ outer tag).
inline bytes ethernet(const bytes& ip, const std::vector<std::pair<std::uint16_t, std::uint16_t>>& vlans = {},
                      std::uint16_t type = 0) {
  bytes b = {0x02, 0, 0, 0, 0, 0x02, 0x02, 0, 0, 0, 0, 0x01};
  for (auto [tpid, vid] : vlans) {
    put16(b, tpid);
    put16(b, vid);
  }
  put16(b, type ? type : is_v6(ip) ? 0x86DD : 0x0800);
  put(b, ip);
  return b;
}

inline bytes sll(const bytes& ip) {
  bytes b;
  put16(b, 0);       // packet type: to us
  put16(b, 1);       // ARPHRD_ETHER
  put16(b, 6);
  bytes mac = {0x02, 0, 0, 0, 0, 0x01, 0, 0};
  put(b, mac);
  put16(b, is_v6(ip) ? 0x86DD : 0x0800);
  put(b, ip);
  return b;
}

inline bytes sll2(const bytes& ip) {
  bytes b;
  put16(b, is_v6(ip) ? 0x86DD : 0x0800);
  put16(b, 0);
  put32(b, 2);       // interface index
  put16(b, 1);       // ARPHRD_ETHER
  b.push_back(0);    // packet type
  b.push_back(6);
  bytes mac = {0x02, 0, 0, 0, 0, 0x01, 0, 0};
  put(b, mac);
  put(b, ip);
  return b;
}

// BSD loopback: the address family in the writer's byte order (null, little-endian
// here) or in network order (loop).
inline bytes null_loop(const bytes& ip, bool loop) {
  bytes b;
  std::uint32_t af = is_v6(ip) ? 30 : 2;
  if (loop) put32(b, af);
  else le32(b, af);
  put(b, ip);
  return b;
}

inline bytes link(std::uint32_t lt, const bytes& ip) {
  switch (lt) {
    case lt_ethernet: return ethernet(ip);
    case lt_sll: return sll(ip);
    case lt_sll2: return sll2(ip);
    case lt_null: return null_loop(ip, false);
    case lt_loop: return null_loop(ip, true);
    default: return ip;  // raw, ipv4, ipv6
  }
}

// GRE (RFC 2784/2890) around a payload of protocol `type`; with a key and a sequence number when asked.
inline bytes gre(std::uint16_t type, const bytes& inner, bool key = false, bool seq = false) {
  bytes b;
  put16(b, static_cast<std::uint16_t>((key ? 0x2000 : 0) | (seq ? 0x1000 : 0)));
  put16(b, type);
  if (key) put32(b, 42);
  if (seq) put32(b, 7);
  put(b, inner);
  return b;
}

// ERSPAN type II (GRE with a sequence number, 8-byte header) around an Ethernet frame.
inline bytes erspan2(const bytes& frame) {
  bytes h;
  put32(h, 0x10000000 | 5);  // version 1, session 5
  put32(h, 0);
  put(h, frame);
  return gre(0x88BE, h, false, true);
}

// ERSPAN type III (12-byte header, with the platform-specific subheader when asked).
inline bytes erspan3(const bytes& frame, bool platform) {
  bytes h;
  put32(h, 0x20000000 | 7);  // version 2, session 7
  put32(h, 12345);           // timestamp
  put32(h, platform ? 1 : 0);  // SGT, P, FT, HW ID, D, Gra, O
  if (platform) {
    put32(h, 0);
    put32(h, 0);
  }
  put(h, frame);
  return gre(0x22EB, h, false, true);
}

// ---------------------------------------------------------------- files ---

class file {
 public:
  // tsresol (pcapng): the interface's if_tsresol option (RFC draft pcapng §4.2:
  // 10^-n, or 2^-(n & 0x7f) when the high bit is set); add() writes
  // nanoseconds, add_ticks() the timestamp in those units.
  file(bool pcapng, std::uint32_t lt, std::uint32_t snaplen = 262144, std::uint8_t tsresol = 9) : ng_(pcapng) {
    if (!ng_) {
      le32(out_, 0xA1B23C4D);  // nanosecond timestamps
      le16(out_, 2);
      le16(out_, 4);
      le32(out_, 0);
      le32(out_, 0);
      le32(out_, snaplen);
      le32(out_, lt);
      return;
    }
    bytes shb;
    le32(shb, 0x1A2B3C4D);
    le16(shb, 1);
    le16(shb, 0);
    le32(shb, 0xFFFFFFFF);
    le32(shb, 0xFFFFFFFF);
    block(0x0A0D0D0A, shb);
    bytes idb;
    le16(idb, static_cast<std::uint16_t>(lt));
    le16(idb, 0);
    le32(idb, snaplen);
    le16(idb, 9);  // if_tsresol: 10^-9
    le16(idb, 1);
    idb.push_back(tsresol);
    idb.insert(idb.end(), 3, 0);
    le32(idb, 0);  // opt_endofopt
    block(1, idb);
  }

  // A record; orig_len > frame size: the frame was cut by the snapshot length.
  void add(const bytes& frame, std::int64_t ts_ns, std::uint32_t orig_len = 0) {
    std::uint32_t len = orig_len ? orig_len : static_cast<std::uint32_t>(frame.size());
    if (!ng_) {
      le32(out_, static_cast<std::uint32_t>(ts_ns / 1000000000));
      le32(out_, static_cast<std::uint32_t>(ts_ns % 1000000000));
      le32(out_, static_cast<std::uint32_t>(frame.size()));
      le32(out_, len);
      put(out_, frame);
    } else {
      add_ticks(frame, static_cast<std::uint64_t>(ts_ns), orig_len);
      return;
    }
    ++records_;
  }

  // A pcapng record whose timestamp is `t` in the interface's units.
  void add_ticks(const bytes& frame, std::uint64_t t, std::uint32_t orig_len = 0) {
    std::uint32_t len = orig_len ? orig_len : static_cast<std::uint32_t>(frame.size());
    {
      bytes epb;
      le32(epb, 0);
      le32(epb, static_cast<std::uint32_t>(t >> 32));
      le32(epb, static_cast<std::uint32_t>(t));
      le32(epb, static_cast<std::uint32_t>(frame.size()));
      le32(epb, len);
      put(epb, frame);
      while (epb.size() % 4) epb.push_back(0);
      block(6, epb);
    }
    ++records_;
  }

  const bytes& data() const { return out_; }
  std::size_t records() const { return records_; }

  bool save(const std::string& path) const {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    if (!f) return false;
    bool ok = std::fwrite(out_.data(), 1, out_.size(), f) == out_.size();
    return std::fclose(f) == 0 && ok;
  }

 private:
  void block(std::uint32_t type, const bytes& body) {
    std::uint32_t total = static_cast<std::uint32_t>(12 + body.size());
    le32(out_, type);
    le32(out_, total);
    put(out_, body);
    le32(out_, total);
  }

  bool ng_;
  bytes out_;
  std::size_t records_ = 0;
};

// A TCP connection between two endpoints, each direction with its own sequence numbers.
struct tcp_connection {
  addr4 a{}, b{};
  std::uint16_t a_port = 0, b_port = 0;
  std::uint32_t seq[2] = {1000, 5000};

  // The IPv4 packet carrying `payload` from a (dir 0) or b (dir 1); advances the sequence.
  bytes send(int dir, std::string_view payload, std::uint8_t flags = psh | ack) {
    bytes seg = tcp(dir ? b_port : a_port, dir ? a_port : b_port, seq[dir], seq[1 - dir], flags, payload);
    seq[dir] += static_cast<std::uint32_t>(payload.size()) + ((flags & (syn | fin)) ? 1 : 0);
    return ipv4(dir ? b : a, dir ? a : b, 6, seg);
  }
  // The same, at an explicit sequence number (out of order, retransmissions); nothing advances.
  bytes send_at(int dir, std::uint32_t at, std::string_view payload) const {
    return ipv4(dir ? b : a, dir ? a : b, 6,
                tcp(dir ? b_port : a_port, dir ? a_port : b_port, at, seq[1 - dir], psh | ack, payload));
  }
  std::vector<bytes> handshake() {
    return {send(0, "", syn), send(1, "", syn | ack), send(0, "", ack)};
  }
};

}  // namespace sipspan::pcap_writer
