// sipspan — capture: link layers (Ethernet, VLAN, MPLS, SLL, null/loop), IPv4
// and IPv6 (extension headers, fragment reassembly with bounded memory),
// tunnels (IP-in-IP, GRE, ERSPAN), down to the transports.
#include "capture_impl.hpp"

#include <algorithm>

namespace sipspan::capture {

namespace {

constexpr std::uint32_t max_datagram = 65535 + 40;
constexpr std::size_t max_pieces = 512;

// Adds a piece, first arrival winning where pieces overlap. False: malformed.
bool add_piece(fragment_entry& e, std::uint32_t off, std::string_view piece, bool last) {
  std::uint32_t end = off + static_cast<std::uint32_t>(piece.size());
  if (end > max_datagram || e.have.size() >= max_pieces) return false;
  if (last && e.total == UINT32_MAX) e.total = end;
  if (end > e.data.size()) e.data.resize(end);
  std::uint32_t cur = off;
  std::size_t i = 0;
  while (i < e.have.size() && e.have[i].second < off) ++i;
  std::size_t first = i;
  std::uint32_t lo = off, hi = end;
  for (; i < e.have.size() && e.have[i].first <= end; ++i) {
    if (cur < e.have[i].first) std::memcpy(e.data.data() + cur, piece.data() + (cur - off), e.have[i].first - cur);
    cur = std::max(cur, e.have[i].second);
    lo = std::min(lo, e.have[i].first);
    hi = std::max(hi, e.have[i].second);
  }
  if (cur < end) std::memcpy(e.data.data() + cur, piece.data() + (cur - off), end - cur);
  e.have.erase(e.have.begin() + static_cast<std::ptrdiff_t>(first), e.have.begin() + static_cast<std::ptrdiff_t>(i));
  e.have.insert(e.have.begin() + static_cast<std::ptrdiff_t>(first), {lo, hi});
  return true;
}

bool complete(const fragment_entry& e) {
  return e.total != UINT32_MAX && e.have.size() == 1 && e.have[0].first == 0 && e.have[0].second >= e.total;
}

}  // namespace

void reader::impl::ip_any(const std::uint8_t* p, std::size_t n, net_ctx net) {
  if (n == 0) return malformed();
  if ((p[0] >> 4) == 4) ipv4(p, n, net);
  else if ((p[0] >> 4) == 6) ipv6(p, n, net);
  else ++stats.non_ip;
}

void reader::impl::ethernet(const std::uint8_t* p, std::size_t n, net_ctx net) {
  if (n < 14) return malformed();
  ethertype(be16(p + 12), p + 14, n - 14, net);
}

void reader::impl::ethertype(std::uint16_t type, const std::uint8_t* p, std::size_t n, net_ctx net) {
  for (int tags = 0; tags < 8; ++tags) {
    if (type == 0x8100 || type == 0x88A8 || type == 0x9100 || type == 0x9200) {
      if (n < 4) return malformed();
      type = be16(p + 2);
      p += 4;
      n -= 4;
      continue;
    }
    if (type == 0x8847 || type == 0x8848) {  // MPLS: labels down to the bottom of the stack
      for (;;) {
        if (n < 4) return malformed();
        bool bottom = (p[2] & 1) != 0;
        p += 4;
        n -= 4;
        if (bottom) break;
      }
      return ip_any(p, n, net);
    }
    break;
  }
  if (type == 0x0800) ipv4(p, n, net);
  else if (type == 0x86DD) ipv6(p, n, net);
  else ++stats.non_ip;
}

void reader::impl::ipv4(const std::uint8_t* p, std::size_t n, net_ctx net) {
  if (n < 20 || (p[0] >> 4) != 4) return malformed();
  std::size_t ihl = (p[0] & 0x0F) * 4u;
  std::size_t total = be16(p + 2);
  if (ihl < 20 || ihl > n || total < ihl) return malformed();
  if (total < n) n = total;  // link-layer padding
  net.v6 = false;
  net.src = {};
  net.dst = {};
  std::memcpy(net.src.data(), p + 12, 4);
  std::memcpy(net.dst.data(), p + 16, 4);
  std::uint8_t proto = p[9];
  std::uint16_t fo = be16(p + 6);
  bool more = (fo & 0x2000) != 0;
  std::uint32_t off = (fo & 0x1FFFu) * 8u;
  if (more || off != 0) {
    ++stats.ip_fragments;
    key_bytes k = flow_key(net, be16(p + 4), 0, proto);
    return fragment(k, off, as_text(p + ihl, n - ihl), !more, proto, net);
  }
  ip_payload(proto, p + ihl, n - ihl, net);
}

void reader::impl::ipv6(const std::uint8_t* p, std::size_t n, net_ctx net) {
  if (n < 40 || (p[0] >> 4) != 6) return malformed();
  std::size_t plen = be16(p + 4);
  if (plen != 0 && 40 + plen < n) n = 40 + plen;
  net.v6 = true;
  std::memcpy(net.src.data(), p + 8, 16);
  std::memcpy(net.dst.data(), p + 24, 16);
  ip_payload(p[6], p + 40, n - 40, net);
}

void reader::impl::fragment(const key_bytes& k, std::uint32_t off, std::string_view piece, bool last,
                            std::uint8_t proto, const net_ctx& net) {
  auto [it, fresh] = fragments.try_emplace(k);
  fragment_entry& e = it->second;
  if (fresh) {
    e.first_ts = now.ts;
    e.serial = ++fragment_serial;
    fragment_order.emplace_back(e.serial, k);
  }
  if (!add_piece(e, off, piece, last)) {
    malformed();
    drop_fragments(it);
    return;
  }
  fragment_bytes += e.data.size() - e.charged;
  e.charged = e.data.size();
  if (complete(e)) {
    e.data.resize(e.total);
    std::string& whole = keep(std::move(e.data));
    drop_fragments(it);
    ++stats.ip_reassembled;
    net_ctx inner = net;
    inner.reassembled = true;
    ip_payload(proto, reinterpret_cast<const std::uint8_t*>(whole.data()), whole.size(), inner);
    return;
  }
  while (!fragment_order.empty() &&
         (fragments.size() > options.max_fragment_datagrams || fragment_bytes > options.max_fragment_bytes)) {
    auto [serial, key] = fragment_order.front();
    fragment_order.pop_front();
    auto f = fragments.find(key);
    if (f == fragments.end() || f->second.serial != serial) continue;
    ++stats.ip_fragment_evictions;
    drop_fragments(f);
  }
}

void reader::impl::drop_fragments(std::unordered_map<key_bytes, fragment_entry, key_hash>::iterator it) {
  fragment_bytes -= it->second.charged;
  fragments.erase(it);
}

void reader::impl::expire_fragments() {
  while (!fragment_order.empty()) {
    auto& [serial, key] = fragment_order.front();
    auto f = fragments.find(key);
    if (f != fragments.end() && f->second.serial == serial) {
      if (now.ts - f->second.first_ts <= options.fragment_timeout_ns) break;
      ++stats.ip_fragment_timeouts;
      drop_fragments(f);
    }
    fragment_order.pop_front();
  }
}

// The payload of an IP packet: IPv6 extension headers, tunnels, transports.
void reader::impl::ip_payload(std::uint8_t proto, const std::uint8_t* p, std::size_t n, net_ctx net) {
  for (;;) {
    bool option_like = net.v6 && (proto == 0 || proto == 43 || proto == 60 || proto == 135 || proto == 139 ||
                                  proto == 140);
    if (option_like || proto == 51) {  // extension headers and AH: their length, then the next
      if (n < 8) return malformed();
      std::size_t len = proto == 51 ? (p[1] + 2u) * 4u : (p[1] + 1u) * 8u;
      if (len > n) return malformed();
      proto = p[0];
      p += len;
      n -= len;
      continue;
    }
    if (net.v6 && proto == 44) {  // fragment header
      if (n < 8) return malformed();
      std::uint8_t inner = p[0];
      std::uint16_t fo = be16(p + 2);
      std::uint32_t off = fo & 0xFFF8u;
      bool more = (fo & 1) != 0;
      ++stats.ip_fragments;
      if (off == 0 && !more) {  // atomic fragment
        proto = inner;
        p += 8;
        n -= 8;
        continue;
      }
      std::uint32_t id = be32(p + 4);
      key_bytes k = flow_key(net, static_cast<std::uint16_t>(id >> 16), static_cast<std::uint16_t>(id), inner);
      k[38] = 6;
      return fragment(k, off, as_text(p + 8, n - 8), !more, inner, net);
    }
    break;
  }
  switch (proto) {
    case 17: return udp(p, n, net);
    case 6: return tcp(p, n, net);
    case 132: return sctp_packet(p, n, net);
    case 4:
    case 41:
      if (++net.depth > 8) return malformed();
      net.reassembled = false;
      return proto == 4 ? ipv4(p, n, net) : ipv6(p, n, net);
    case 47: return gre(p, n, net);
    default: ++stats.non_ip; return;
  }
}

void reader::impl::gre(const std::uint8_t* p, std::size_t n, net_ctx net) {
  if (++net.depth > 8 || n < 4) return malformed();
  std::uint16_t flags = be16(p);
  std::uint16_t type = be16(p + 2);
  if ((flags & 7) != 0) {  // version 1: PPTP's enhanced GRE (PPP)
    ++stats.non_ip;
    return;
  }
  std::size_t off = 4;
  if (flags & 0x8000) off += 4;  // checksum and reserved
  if (flags & 0x2000) off += 4;  // key
  if (flags & 0x1000) off += 4;  // sequence number
  if (off > n) return malformed();
  p += off;
  n -= off;
  net.reassembled = false;
  if (type == 0x88BE) {  // ERSPAN type II (with a sequence number), type I without
    if (flags & 0x1000) {
      if (n < 8) return malformed();
      p += 8;
      n -= 8;
    }
    return ethernet(p, n, net);
  }
  if (type == 0x22EB) {  // ERSPAN type III, with its optional platform subheader
    if (n < 12) return malformed();
    std::size_t h = (p[11] & 1) ? 20 : 12;
    if (n < h) return malformed();
    return ethernet(p + h, n - h, net);
  }
  if (type == 0x6558) return ethernet(p, n, net);  // transparent Ethernet bridging
  ethertype(type, p, n, net);
}

}  // namespace sipspan::capture
