// sipspan — capture ingestion: the SIP messages inside a packet capture.
//
// Reads pcap and pcapng (through libpcap; "-" reads stdin; the records of a
// classic pcap file are read in place from a map of it) and hands out
// every SIP message it finds, one at a time, with the capture record where
// the message ends, its timestamp, its endpoints and its transport.
//
// Link layers: Ethernet (802.1Q and QinQ VLAN tags, MPLS), Linux cooked v1
// (SLL) and v2 (SLL2), raw IP (DLT_RAW, LINKTYPE_IPV4, LINKTYPE_IPV6), BSD
// loopback/null. Network: IPv4 and IPv6 (extension headers walked), IP-in-IP,
// GRE (incl. transparent Ethernet and ERSPAN type I, II and III), IPv4 and
// IPv6 fragment reassembly (bounded memory, timeouts in capture time).
// Transport: UDP (a datagram is one message, RFC 3261 §18.3), TCP (per-flow reassembly:
// sequence order, retransmissions and overlaps dropped, gaps counted and the
// flow resynchronised at the next start line), SCTP DATA chunks (PPID 0 or
// 39), SIP over WebSocket (RFC 7118) on TCP.
//
// What is SIP (capture_sniff.hpp, grammar/sniff.rl): a payload that looks like a SIP
// message (a start line of either kind, even malformed, or a Via, Call-ID or
// CSeq header line), or any payload but a keepalive, STUN, TLS, SigComp or
// HTTP on a SIP port (reader_options::sip_ports) or on a conversation that has
// carried SIP. Such a message is handed out whether or not it parses (the
// validator says why it does not), and a message a stream ends or breaks in
// is handed out as it was cut: no SIP message is skipped. What is skipped is
// counted by reason (capture_stats::skipped).
//
// The capture library (libsipspan_capture, pkg-config sipspan_capture) is not
// part of the core library, which knows nothing of files: it is built, and
// installed with this header, where libpcap is found. Its public headers:
// this one, capture_sniff.hpp (what is taken for SIP), hep.hpp (one HEP3
// packet decoded) and hep_framer.hpp (HEP3 packets cut from a TCP stream).
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/message.hpp"
#include "sipspan/capture_sniff.hpp"

namespace sipspan::capture {

enum class transport : std::uint8_t { udp, tcp, sctp, ws };  // ws: SIP over WebSocket (RFC 7118) on TCP

std::string_view transport_name(transport t) noexcept;  // "udp", "tcp", "sctp", "ws"

struct endpoint {
  std::array<std::uint8_t, 16> addr{};  // IPv4: the first 4 bytes
  bool v6 = false;
  std::uint16_t port = 0;
  std::string text() const;  // "192.0.2.1:5060" / "[2001:db8::1]:5060"
  std::string address_text() const;  // without the port: "192.0.2.1" / "2001:db8::1"
};

// One SIP message found in the capture.
struct sip_message {
  std::uint64_t record = 0;  // 1-based capture record (packet) number where the message ends
  std::int64_t ts_ns = 0;    // timestamp of that record, ns since the epoch
  endpoint src, dst;
  transport proto = transport::udp;
  std::string_view bytes;    // the message (valid until the next call to next())
  bool reassembled = false;  // from several segments / fragments / frames
  // The parse the reader made of `bytes` to find where a message on a stream
  // ends (TCP), or nullptr. It reads `bytes` where the framer saw them: rebase()
  // a copy onto a copy of the bytes. Valid until the next call to next().
  const message_view* parsed = nullptr;
};

struct capture_error {
  std::uint64_t record = 0;  // record 0: the file header (or the file itself)
  std::string message;
};

struct capture_stats {
  std::uint64_t records = 0;              // capture records read
  std::uint64_t bytes = 0;                // captured bytes of those records
  std::uint64_t messages = 0;             // SIP messages handed out
  std::uint64_t ip_fragments = 0;         // IPv4/IPv6 fragments seen
  std::uint64_t ip_reassembled = 0;       // datagrams rebuilt from fragments
  std::uint64_t ip_fragment_timeouts = 0; // incomplete datagrams dropped after the timeout
  std::uint64_t ip_fragment_evictions = 0;// incomplete datagrams dropped for the memory caps
  std::uint64_t tcp_segments = 0;         // TCP segments with payload
  std::uint64_t tcp_gaps = 0;             // missing stream bytes (the flow resynchronised)
  std::uint64_t tcp_retransmissions = 0;  // segments (or their overlapping part) seen before
  std::uint64_t tcp_flow_evictions = 0;   // flows dropped for the flow cap
  std::uint64_t stream_errors = 0;        // TCP/WebSocket streams that could not be framed (resynchronised)
  std::uint64_t sctp_chunks = 0;          // SCTP DATA chunks with PPID 0 or 39
  std::uint64_t ws_frames = 0;            // WebSocket data frames
  std::uint64_t non_sip = 0;              // payloads skipped as not SIP (the sum of `skipped`)
  std::array<std::uint64_t, sniff_kind_count> skipped{};  // by reason, indexed by sniff_kind
  std::uint64_t truncated_messages = 0;   // stream messages handed out as cut (end, gap, eviction)
  std::uint64_t ws_evictions = 0;         // WebSocket messages cut for the budget of all flows
  std::uint64_t timestamps_saturated = 0; // records whose time an int64 of ns cannot hold
  std::uint64_t non_ip = 0;               // records with no IP packet (ARP, LLDP, ...)
  std::uint64_t truncated_records = 0;    // records cut short by the snapshot length
  std::uint64_t malformed = 0;            // records whose headers do not parse
};

// Limits; the defaults suit captures of any size.
struct reader_options {
  std::uint64_t max_fragment_bytes = 64u << 20;    // all datagrams waiting for fragments
  std::uint32_t max_fragment_datagrams = 8192;     // datagrams waiting for fragments
  std::int64_t fragment_timeout_ns = 30'000'000'000;  // capture time
  std::uint32_t max_tcp_flows = 4096;              // directions of TCP connections followed
  std::uint64_t max_tcp_pending_bytes = 64u << 20; // out-of-order bytes held, all flows
  std::uint32_t max_tcp_flow_pending = 1u << 20;   // out-of-order bytes held by one flow
  std::int64_t tcp_gap_timeout_ns = 10'000'000'000;   // a hole older than this is a gap
  std::uint32_t max_ws_message = 1u << 20;         // WebSocket message (all its frames)
  std::uint64_t max_ws_total = 64u << 20;          // WebSocket bytes held, all flows (oldest cut first)
  // Ports where any payload (but a keepalive, STUN, TLS, SigComp or HTTP) is SIP.
  std::vector<std::uint16_t> sip_ports = {5060, 5061};
  // A live capture (open_live) asks this between packets and at least every
  // 100 ms while the link is quiet; true ends the capture as its end would.
  bool (*stop)() = nullptr;
  // A HEP collector on TCP (open_hep "tcp:..."): connections served at once
  // (one more is accepted and closed at once, with a notice).
  std::uint32_t max_hep_connections = 256;
  // Told of what goes wrong without ending the capture: a HEP connection whose
  // bytes cannot be framed (where and why), or that ends inside a packet.
  std::function<void(const capture_error&)> notice;
  // Called when a live capture or a HEP collector has nothing to read and is
  // about to wait for the link or the senders (a caller batching messages
  // hands on what it holds).
  std::function<void()> waiting;
};

class reader {
 public:
  explicit reader(const reader_options& options = {});
  ~reader();
  reader(reader&&) noexcept;
  reader& operator=(reader&&) noexcept;
  reader(const reader&) = delete;
  reader& operator=(const reader&) = delete;

  // pcap or pcapng; "-" = stdin. False with err filled (record 0) when the file
  // cannot be opened, its header is corrupt or its link type is not supported.
  bool open(const std::string& path, capture_error& err);
  // The same on a stream read like stdin (no size); libpcap closes it at the
  // end unless it is stdin.
  bool open(std::FILE* stream, capture_error& err);
  // A live capture on a network interface ("lo", "eth0", "any"), with a BPF
  // filter (tcpdump's syntax; empty: every packet). False with err filled
  // when the interface cannot be opened (no such device, no permission) or
  // the filter does not compile. It ends when reader_options::stop says so.
  bool open_live(const std::string& interface, const std::string& filter, capture_error& err);
  // A HEP collector (sipspan/hep.hpp): HEP3 packets received on "udp:ADDRESS:PORT"
  // (one datagram, one packet) or "tcp:ADDRESS:PORT" (packets back to back
  // on each connection, sipspan/hep_framer.hpp; up to max_hep_connections at once),
  // an IPv6 address in brackets, each one's SIP payload handed out with the
  // addresses, ports and time the packet carries. A TCP connection whose
  // bytes stop being HEP3 is closed, with a notice saying at which byte. It
  // ends when reader_options::stop says so. False with err filled when the
  // spec does not parse or the socket cannot be bound.
  bool open_hep(const std::string& spec, capture_error& err);
  // Next SIP message; false at the end or on an error (then error() says which
  // record; what came before was delivered).
  bool next(sip_message& out);
  const capture_error* error() const;  // nullptr: no error
  const capture_stats& stats() const;
  std::uint64_t file_size() const;   // 0 when unknown (stdin)
  std::uint64_t bytes_read() const;  // for a progress line
  int link_type() const;             // the capture's DLT_ value; -1 before open()

 private:
  bool open_as(std::FILE* stream, const std::string& path, capture_error& err);
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace sipspan::capture
