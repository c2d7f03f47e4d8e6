// sipspan — capture: UDP datagrams and SCTP DATA chunks (PPID 0 or 39), each
// payload that is SIP one message (RFC 3261 §18.3).
#include "capture_impl.hpp"

namespace sipspan::capture {

bool reader::impl::is_sip_datagram(std::string_view payload, const endpoint& s, const endpoint& d,
                                   std::uint8_t proto) {
  const sniff_kind k = sniff(payload);
  if (k == sniff_kind::sip) {
    if (sip_conversations.size() >= max_sip_conversations) sip_conversations.clear();
    sip_conversations.insert(conversation_key(s, d, proto));
    return true;
  }
  if (k == sniff_kind::other && (sip_port(s, d) || sip_conversations.contains(conversation_key(s, d, proto))))
    return true;
  skipped(k);
  return false;
}

void reader::impl::udp(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
  if (n < 8) return malformed();
  std::size_t len = be16(p + 4);
  if (len >= 8 && len - 8 < n - 8) n = len;
  std::string_view payload = as_text(p + 8, n - 8);
  endpoint s = make_endpoint(net.src, net.v6, be16(p)), d = make_endpoint(net.dst, net.v6, be16(p + 2));
  if (!is_sip_datagram(payload, s, d, 17)) return;
  datagram_payload(payload, s, d, transport::udp, net.reassembled);
}

// A datagram (or an SCTP message) is one SIP message, its bytes as they came:
// RFC 3261 §18.3 has the bytes after the body Content-Length announces
// discarded on a message-oriented transport, not read as another message
// (RFC 4475 §3.1.1.12, dblreq), and the validator reports them
// (bytes_after_body) as it does in a file. Nothing is framed or parsed here:
// the Content-Length grammar is the parser's.
void reader::impl::datagram_payload(std::string_view payload, const endpoint& s, const endpoint& d, transport t,
                                    bool reassembled) {
  emit(payload, s, d, t, reassembled, now);
}

void reader::impl::sctp_packet(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
  if (n < 12) return malformed();
  endpoint s = make_endpoint(net.src, net.v6, be16(p)), d = make_endpoint(net.dst, net.v6, be16(p + 2));
  std::size_t off = 12;
  while (off + 4 <= n) {
    std::uint8_t type = p[off], flags = p[off + 1];
    std::size_t len = be16(p + off + 2);
    if (len < 4 || off + len > n) {
      if (len < 4) return malformed();
      len = n - off;  // cut by the snapshot length
    }
    if (type == 0 && len >= 16) {
      std::uint32_t tsn = be32(p + off + 4);
      std::uint16_t sid = be16(p + off + 8);
      std::uint32_t ppid = be32(p + off + 12);
      std::string_view data = as_text(p + off + 16, len - 16);
      if (ppid == 0 || ppid == 39) {
        ++stats.sctp_chunks;
        sctp_data(net, s, d, tsn, sid, flags, data);
      }
    }
    off += (len + 3) & ~std::size_t{3};
  }
}

// A message in several DATA chunks is collected per stream; one whose chunks
// stop following (a lost TSN, a new message begun, the table or the size
// full, the end of the capture) goes out as it was cut.
void reader::impl::sctp_data(const net_ctx& net, const endpoint& s, const endpoint& d, std::uint32_t tsn,
                             std::uint16_t sid, std::uint8_t flags, std::string_view data) {
  bool begin = (flags & 2) != 0, end = (flags & 1) != 0;
  if (begin && end) {
    if (is_sip_datagram(data, s, d, 132)) datagram_payload(data, s, d, transport::sctp, net.reassembled);
    return;
  }
  key_bytes k = flow_key(net, s.port, d.port, 132);
  k[38] = static_cast<std::uint8_t>(sid >> 8);
  k[39] = static_cast<std::uint8_t>(sid);
  auto it = sctp.find(k);
  if (it != sctp.end() && (begin || it->second.next_tsn != tsn ||
                           it->second.data.size() + data.size() > options.max_ws_message)) {
    sctp_cut(it);
    it = sctp.end();
  }
  if (begin) {
    if (sctp.size() >= 1024)
      while (!sctp.empty()) sctp_cut(sctp.begin());
    sctp_partial& part = sctp[k];
    part.data.assign(data);
    part.next_tsn = tsn + 1;
    part.src = s;
    part.dst = d;
    return;
  }
  if (it == sctp.end()) return;  // the middle of a message whose start was not seen
  it->second.data.append(data);
  it->second.next_tsn = tsn + 1;
  if (!end) return;
  std::string& whole = keep(std::move(it->second.data));
  sctp.erase(it);
  if (is_sip_datagram(whole, s, d, 132)) datagram_payload(whole, s, d, transport::sctp, true);
}

void reader::impl::sctp_cut(std::unordered_map<key_bytes, sctp_partial, key_hash>::iterator it) {
  std::string& part = keep(std::move(it->second.data));
  const endpoint s = it->second.src, d = it->second.dst;
  sctp.erase(it);
  if (!is_sip_datagram(part, s, d, 132)) return;
  ++stats.truncated_messages;
  datagram_payload(part, s, d, transport::sctp, true);
}

}  // namespace sipspan::capture
