// sipspan — libFuzzer target: the capture reader on captures built from a
// structured input. Where fuzz_capture mutates file bytes (and mostly breaks the
// file header), this target reads its input as a program of packet operations
// and writes a well-formed pcap or pcapng with testkit/pcap_writer.hpp, so the
// mutations land in what the reader reassembles: TCP flows with gaps,
// retransmissions, overlaps, resync points, FIN and RST; IPv4 and IPv6
// fragments out of order, overlapping or missing; WebSocket frames split over
// segments; SCTP chunks; timestamps that jump.
//
// Input: byte 0 picks the file (pcap or pcapng, link type); then operations,
// each an opcode byte and its operands (the payload is a length byte and that
// many input bytes, or a SIP message from a small table with input bytes
// written over it).
//
// Properties checked on every input:
//  - a file the writer made well-formed never gives a file error;
//  - the reader ends; no empty message; record numbers between 1 and the
//    records written;
//  - no amplification: the bytes of the messages handed out are at most the
//    transport payload bytes written (each stream byte goes out at most once,
//    a datagram once);
//  - each message frames (frame_datagram) or reports an error inside it;
//  - the work is linear in the input (work_bound.hpp).

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/capture.hpp"
#include "testkit/pcap_writer.hpp"
#include "sipspan/framing.hpp"
#include "work_bound.hpp"

namespace {

namespace pw = sipspan::pcap_writer;

void require(bool ok) {
  if (!ok) std::abort();
}

// The input, read front to back; past its end every read gives 0.
struct input {
  const std::uint8_t* p;
  const std::uint8_t* end;
  bool more() const { return p < end; }
  std::uint8_t byte() { return p < end ? *p++ : 0; }
  std::uint16_t u16() { return static_cast<std::uint16_t>(byte() << 8 | byte()); }
  std::string_view take(std::size_t n) {
    n = std::min<std::size_t>(n, static_cast<std::size_t>(end - p));
    std::string_view s(reinterpret_cast<const char*>(p), n);
    p += n;
    return s;
  }
};

// Messages a payload may start from (then bytes of the input are written over
// them), so that most payloads reach the SIP framer and parser.
constexpr std::string_view templates[] = {
    "INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP h.example.com;branch=z9hG4bK1\r\n"
    "Max-Forwards: 70\r\nFrom: <sip:a@example.com>;tag=1\r\nTo: <sip:bob@example.com>\r\n"
    "Call-ID: c1@h\r\nCSeq: 1 INVITE\r\nContent-Length: 4\r\n\r\nv=0\n",
    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK2\r\nFrom: <sip:a@h>;tag=1\r\nTo: <sip:b@h>;tag=2\r\n"
    "Call-ID: c2\r\nCSeq: 2 BYE\r\nContent-Length: 0\r\n\r\n",
    "OPTIONS sip:h SIP/2.0\r\nv: SIP/2.0/UDP h;branch=z9hG4bK3\r\nl: 0\r\n\r\n",
    "\r\n\r\n",
    "INVITE %s%s%s:noone@h SIP/2.0\r\nContent-Length: 99999999999999999999\r\n\r\n",
};

std::string payload(input& in) {
  std::uint8_t kind = in.byte();
  if (kind & 0x80) return std::string(in.take(kind & 0x7f ? (kind & 0x7f) * 3 : in.byte()));
  std::string s(templates[kind % std::size(templates)]);
  // a few overwrites and a cut, all chosen by the input
  for (int n = in.byte() & 3; n > 0; --n) {
    std::size_t at = in.byte() % (s.size() + 1);
    std::string_view with = in.take(in.byte() & 7);
    s.replace(at, std::min(with.size(), s.size() - at), with);
  }
  if (std::uint8_t cut = in.byte(); cut & 1) s.resize(s.size() * (cut >> 1) / 128);
  return s;
}

struct flow {
  pw::tcp_connection c;
  bool opened = false;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size, 200.0);  // each input byte can write a packet
  input in{data, data + size};
  constexpr std::uint32_t links[] = {pw::lt_ethernet, pw::lt_raw, pw::lt_sll, pw::lt_sll2, pw::lt_null, pw::lt_loop};
  const std::uint8_t head = in.byte();
  const std::uint32_t lt = links[(head >> 1) % std::size(links)];
  pw::file file(head & 1, lt);

  flow flows[4];
  for (int i = 0; i < 4; ++i) {
    flows[i].c.a = pw::v4(10, 0, 0, static_cast<std::uint8_t>(1 + i));
    flows[i].c.b = pw::v4(10, 0, 1, 1);
    flows[i].c.a_port = static_cast<std::uint16_t>(40000 + i);
    flows[i].c.b_port = i == 3 ? 80 : 5060;  // flow 3 carries WebSocket on port 80
  }
  std::int64_t ts = 1'700'000'000'000'000'000;
  std::uint64_t payload_bytes = 0;
  std::uint16_t ip_id = 1;
  std::size_t ops = 0;

  while (in.more() && ops++ < 4096) {
    std::uint8_t op = in.byte();
    ts += static_cast<std::int64_t>(in.byte()) * 1'000'000;  // up to 255 ms on
    switch (op % 9) {
      case 0: {  // a UDP datagram, IPv4 or IPv6, to or from 5060 or another port
        std::string s = payload(in);
        std::uint16_t port = (op & 0x10) ? in.u16() : 5060;
        pw::bytes seg = pw::udp(5060, port, s);
        pw::bytes ip = (op & 0x20) ? pw::ipv6(pw::v6(1), pw::v6(2), 17, seg)
                                   : pw::ipv4(pw::v4(10, 0, 0, 9), pw::v4(10, 0, 1, 1), 17, seg);
        file.add(pw::link(lt, ip), ts);
        payload_bytes += s.size();
        break;
      }
      case 1: {  // a TCP segment in order (opening the connection first)
        flow& f = flows[in.byte() & 3];
        if (!f.opened) {
          for (const pw::bytes& ip : f.c.handshake()) file.add(pw::link(lt, ip), ts);
          f.opened = true;
        }
        std::string s = payload(in);
        file.add(pw::link(lt, f.c.send(op >> 7, s)), ts);
        payload_bytes += s.size();
        break;
      }
      case 2: {  // a TCP segment at a sequence number near the flow's: gaps, overlaps, retransmissions
        flow& f = flows[in.byte() & 3];
        int dir = op >> 7;
        std::int32_t delta = static_cast<std::int16_t>(in.u16());
        std::string s = payload(in);
        file.add(pw::link(lt, f.c.send_at(dir, f.c.seq[dir] + static_cast<std::uint32_t>(delta), s)), ts);
        payload_bytes += s.size();
        break;
      }
      case 3: {  // FIN or RST on a flow (a message cut there is reported, not lost)
        flow& f = flows[in.byte() & 3];
        file.add(pw::link(lt, f.c.send(op >> 7, "", (op & 0x10) ? pw::rst : (pw::fin | pw::ack))), ts);
        f.opened = false;
        f.c.seq[0] += 100000;  // a later connection on the same ports starts elsewhere
        f.c.seq[1] += 100000;
        break;
      }
      case 4:    // a UDP datagram in IPv4 fragments: out of order, duplicated or missing
      case 5: {  // the same in IPv6
        std::string s = payload(in);
        pw::bytes seg = pw::udp(5060, 5060, s);
        const bool v6 = op % 9 == 5;
        if (v6) {
          pw::fill_l4_checksum(seg, 17, pw::v6(1).data(), pw::v6(2).data(), 16);
        } else {
          pw::fill_l4_checksum(seg, 17, pw::v4(10, 0, 0, 9).data(), pw::v4(10, 0, 1, 1).data(), 4);
        }
        std::vector<pw::piece> pieces = pw::split(seg, 8 * (1 + (in.byte() & 15)));
        const bool whole = pieces.size() == 1;  // not fragmented: each copy is a datagram
        std::uint8_t order = in.byte();
        if (order & 1) std::reverse(pieces.begin(), pieces.end());
        if ((order & 2) && pieces.size() > 1) pieces.erase(pieces.begin() + (order >> 2) % pieces.size());
        if ((order & 4) && !pieces.empty()) pieces.push_back(pieces.front());
        ++ip_id;
        for (const pw::piece& x : pieces) {
          pw::bytes ip = v6 ? pw::ipv6_fragment(pw::v6(1), pw::v6(2), 17, x.data, x.offset, x.more, ip_id)
                            : pw::ipv4(pw::v4(10, 0, 0, 9), pw::v4(10, 0, 1, 1), 17, x.data, ip_id, x.offset, x.more);
          file.add(pw::link(lt, ip), ts);
        }
        payload_bytes += s.size() * (whole ? pieces.size() : 1);
        break;
      }
      case 6: {  // WebSocket frames on flow 3 (port 80), masked or not, split or whole
        flow& f = flows[3];
        if (!f.opened) {
          for (const pw::bytes& ip : f.c.handshake()) file.add(pw::link(lt, ip), ts);
          f.opened = true;
        }
        std::string s = payload(in);
        const std::uint8_t mask[4] = {1, 2, 3, 4};
        std::uint8_t opcode = (op & 0x10) ? 0 : 1;  // continuation or text
        pw::bytes frame = pw::ws_frame(opcode, op & 0x20, s, (op & 0x40) ? mask : nullptr);
        std::string_view whole(reinterpret_cast<const char*>(frame.data()), frame.size());
        std::size_t cut = in.byte() % (whole.size() + 1);
        file.add(pw::link(lt, f.c.send(0, whole.substr(0, cut))), ts);
        if (cut < whole.size()) file.add(pw::link(lt, f.c.send(0, whole.substr(cut))), ts);
        payload_bytes += frame.size();
        break;
      }
      case 7: {  // an SCTP DATA chunk (PPID 0 or 39), whole or a piece of a message
        std::string s = payload(in);
        pw::bytes chunk = pw::sctp_data(5060, 5060, in.byte(), 0, (op & 0x10) ? 39 : 0, (op >> 5) & 3, s);
        file.add(pw::link(lt, pw::ipv4(pw::v4(10, 0, 0, 9), pw::v4(10, 0, 1, 1), 132, chunk)), ts);
        payload_bytes += s.size();
        break;
      }
      case 8:  // time jumps: far forward (timeouts fire) or back
        ts += (op & 0x10) ? 3'600'000'000'000 : -1'000'000'000;
        break;
    }
  }

  // the reader opens a path: hand it the file through an anonymous memory file
  const pw::bytes& bytes = file.data();
  int fd = memfd_create("capture", 0);
  if (fd < 0) return 0;
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  sipspan::capture::reader r;
  sipspan::capture::capture_error err;
  require(done == bytes.size());
  require(r.open("/proc/self/fd/" + std::to_string(fd), err));
  sipspan::capture::sip_message m;
  std::uint64_t out_bytes = 0;
  while (r.next(m)) {
    require(!m.bytes.empty());
    require(m.record >= 1 && m.record <= file.records());
    out_bytes += m.bytes.size();
    sipspan::datagram_messages frames;
    sipspan::result fr = sipspan::frame_datagram(m.bytes, frames);
    require(fr.ok() || fr.offset <= m.bytes.size());
  }
  require(r.error() == nullptr);
  require(r.stats().records == file.records());
  require(out_bytes <= payload_bytes);
  close(fd);
  return 0;
}
