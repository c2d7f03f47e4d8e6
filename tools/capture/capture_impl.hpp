// sipspan — capture: the reader's state, shared by the files of one layer each
// (capture.cpp: the reader and the records; link_ip.cpp: link layers, IP and
// fragments; datagram.cpp: UDP and SCTP; tcp_stream.cpp: TCP reassembly and
// framing; websocket.cpp: SIP over WebSocket). Internal to the capture library.
#pragma once

#include <pcap/pcap.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "sipspan/capture.hpp"
#include "sipspan/hep_framer.hpp"
#include "sipspan/framing.hpp"
#include "sipspan/capture_sniff.hpp"

namespace sipspan::capture::detail {

inline std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
inline std::uint32_t be32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
inline std::uint64_t be64(const std::uint8_t* p) noexcept { return std::uint64_t{be32(p)} << 32 | be32(p + 4); }

inline std::string_view as_text(const std::uint8_t* p, std::size_t n) noexcept {
  return {reinterpret_cast<const char*>(p), n};
}

// Flow and fragment keys: addresses, ports or identification, as bytes.
using key_bytes = std::array<std::uint8_t, 40>;
struct key_hash {
  // five 8-byte words, each mixed in by a multiply (the tables look a key up
  // for every packet and, not caching hashes, again for each node they pass)
  std::size_t operator()(const key_bytes& k) const noexcept {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (std::size_t i = 0; i < k.size(); i += 8) {
      std::uint64_t w;
      std::memcpy(&w, k.data() + i, 8);
      h = (h ^ w) * 0xff51afd7ed558ccdull;
      h ^= h >> 32;
    }
    return static_cast<std::size_t>(h);
  }
};

struct net_ctx {
  std::array<std::uint8_t, 16> src{}, dst{};
  bool v6 = false;
  bool reassembled = false;
  int depth = 0;  // encapsulations so far
};

struct stamp {
  std::uint64_t record = 0;
  std::int64_t ts = 0;
};

key_bytes flow_key(const net_ctx& n, std::uint16_t sport, std::uint16_t dport, std::uint8_t proto);
// The same key for both directions of a conversation (the lower endpoint first).
key_bytes conversation_key(const endpoint& a, const endpoint& b, std::uint8_t proto);

// A pcap timestamp (seconds and nanoseconds) in nanoseconds since the epoch,
// saturated to what an int64 of nanoseconds holds (years 1678 to 2262); false
// when it had to be saturated.
bool timestamp_ns(std::int64_t sec, std::int64_t nsec, std::int64_t& out) noexcept;

// ------------------------------------------------------ IP fragments ---

struct fragment_entry {
  std::string data;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> have;  // sorted, merged [begin, end)
  std::uint32_t total = UINT32_MAX;                          // known once the last piece came
  std::int64_t first_ts = 0;
  std::uint64_t serial = 0;
  std::size_t charged = 0;  // bytes counted against the cap
};

// --------------------------------------------------------------- TCP ---

enum class tcp_mode : std::uint8_t { hunt, sip, ws };

struct tcp_segment {
  std::string data;
  stamp at;
};

struct tcp_flow {
  endpoint src, dst;
  bool have_seq = false;
  bool syn_seen = false;
  bool at_start = false;   // no stream byte handled yet since the SYN
  bool carried_sip = false;  // a SIP message came on this flow
  std::uint32_t isn = 0;
  std::uint32_t next_seq = 0;
  std::int64_t next_off = 0;  // stream offset of next_seq
  std::map<std::int64_t, tcp_segment> pending;  // out of order, by stream offset
  std::size_t pending_bytes = 0;
  std::int64_t pending_since = 0;
  tcp_mode mode = tcp_mode::hunt;
  // hunt: the bytes not yet placed (the unfinished last line, an HTTP head,
  // or, `collecting`, a message that could not be framed, up to the next
  // start line); scan_from: where the search for a start line goes on.
  std::string held;
  std::size_t scan_from = 0;
  bool collecting = false;
  bool skip_line = false;  // collecting: the first line is the unframed message's own
  // sip: a copy of the unfinished frame at the end of what was fed, reported
  // as a truncated message if the stream ends or breaks there.
  std::string partial;
  std::unique_ptr<stream_framer> framer;
  // ws: the unfinished frame (carry) and the message being collected, both
  // counted against the budget of all flows (reader_options::max_ws_total).
  std::string carry;
  std::string ws_message;
  bool ws_in_message = false;
  bool ws_split = false;
  std::uint64_t ws_serial = 0;  // when the held WebSocket bytes started, for eviction
  std::size_t ws_charged = 0;   // carry + ws_message bytes counted in ws_total
  std::list<key_bytes>::iterator lru;
};

// ------------------------------------------------------ HEP over TCP ---

struct hep_connection {
  int fd = -1;
  endpoint peer;
  hep_framer framer;
  bool packet_out = false;  // a packet was given from it: read it only once next() comes back
};

struct sctp_partial {
  std::string data;
  std::uint32_t next_tsn = 0;
  endpoint src, dst;
};

}  // namespace sipspan::capture::detail

namespace sipspan::capture {

using namespace detail;

struct reader::impl {
  reader_options options;
  capture_stats stats;
  capture_error error;
  bool failed = false;
  bool input_done = false;  // no more records
  bool done = false;
  pcap_t* pcap = nullptr;
  bool from_stdin = false;
  bool live = false;  // open_live: a timeout is a quiet link, not the end
  int live_fd = -1;   // what a live capture waits on
  // open_hep (hep.cpp, hep_tcp.cpp): the UDP socket HEP packets come on, or
  // the TCP socket connections come to, and those connections
  int hep_fd = -1;
  bool hep_tcp = false;
  std::string hep_spec;
  std::vector<char> hep_buffer;
  std::vector<std::unique_ptr<hep_connection>> hep_connections;
  std::size_t hep_turn = 0;  // the connection asked first for a packet (round robin)
  bool hep_next(sip_message& out);
  bool hep_tcp_next(sip_message& out);
  // A packet's SIP payload into out; false (counted) when it is not HEP3 or not SIP.
  bool hep_deliver(std::string_view packet, sip_message& out);
  void hep_accept();
  void hep_close(std::size_t i, const std::string& why);
  // Whether dlt, the handle's link type, is one the reader decodes; err says which it is not.
  bool supported_link(capture_error& err);
  int dlt = -1;
  std::uint64_t size = 0;
  std::uint64_t consumed = 0;  // header and record bytes (when the position cannot be asked)

  // A classic pcap file read in place (map_file): its records are walked here
  // while they are plain, and libpcap takes over at the first that is not.
  const std::uint8_t* map = nullptr;
  std::size_t map_size = 0;
  std::size_t map_at = 0;         // offset of the next record header
  bool map_swapped = false;       // the file's byte order is not the host's
  std::uint32_t ts_scale = 1;     // to nanoseconds: 1000 for a microsecond file
  std::uint32_t max_caplen = 0;   // pcap_snapshot(), at most 262144

  struct queued {
    sip_message message;
    std::size_t parse;  // 1-based index into `parsed`, 0: none
  };
  std::vector<queued> queue;
  std::size_t head = 0;
  std::deque<std::string> scratch;  // bytes the queued messages point into
  stamp now;

  std::unordered_map<key_bytes, fragment_entry, key_hash> fragments;
  std::deque<std::pair<std::uint64_t, key_bytes>> fragment_order;
  std::uint64_t fragment_serial = 0;
  std::uint64_t fragment_bytes = 0;

  std::unordered_map<key_bytes, std::unique_ptr<tcp_flow>, key_hash> flows;
  std::list<key_bytes> lru;
  std::unique_ptr<tcp_flow> spare_flow;  // the last evicted flow, for the next new one
  std::uint64_t pending_total = 0;

  // WebSocket bytes held by all flows, and the flows holding them, oldest first
  // (an entry whose serial no longer matches its flow's is stale).
  std::uint64_t ws_total = 0;
  std::uint64_t ws_serial = 0;
  std::deque<std::pair<std::uint64_t, key_bytes>> ws_order;

  // Conversations (UDP, SCTP) that carried a SIP message: a payload on one of
  // them is SIP whatever it looks like. Cleared when it reaches its cap.
  std::unordered_set<key_bytes, key_hash> sip_conversations;
  static constexpr std::size_t max_sip_conversations = 1u << 16;

  std::unordered_map<key_bytes, sctp_partial, key_hash> sctp;

  message_view view;

  // The parses handed out with the queued messages.
  std::vector<message_view> parsed;
  std::size_t parsed_used = 0;

  ~impl();

  // capture.cpp: the file, the records, the queue
  void unmap();
  void map_file();
  bool mapped_record();
  std::string& keep(std::string s);
  void emit(std::string_view bytes, const endpoint& s, const endpoint& d, transport t, bool reassembled, stamp at,
            const message_view* view = nullptr);
  static endpoint make_endpoint(const std::array<std::uint8_t, 16>& a, bool v6, std::uint16_t port);
  void record(const pcap_pkthdr& h, const std::uint8_t* p);
  void malformed() { ++stats.malformed; }
  void skipped(sniff_kind why) {
    ++stats.non_sip;
    ++stats.skipped[static_cast<std::size_t>(why)];
  }
  bool sip_port(const endpoint& s, const endpoint& d) const;
  // Whether a payload between s and d is a SIP message (see sipspan/capture_sniff.hpp); when
  // not, it is counted as skipped for the reason sniff() gave.
  bool is_sip(std::string_view payload, const endpoint& s, const endpoint& d, bool on_sip_flow);
  // The same for a datagram (UDP, SCTP, `proto`), whose conversation is
  // remembered when it looks like SIP.
  bool is_sip_datagram(std::string_view payload, const endpoint& s, const endpoint& d, std::uint8_t proto);

  // link_ip.cpp
  void ip_any(const std::uint8_t* p, std::size_t n, net_ctx net);
  void ethernet(const std::uint8_t* p, std::size_t n, net_ctx net);
  void ethertype(std::uint16_t type, const std::uint8_t* p, std::size_t n, net_ctx net);
  void ipv4(const std::uint8_t* p, std::size_t n, net_ctx net);
  void ipv6(const std::uint8_t* p, std::size_t n, net_ctx net);
  void fragment(const key_bytes& k, std::uint32_t off, std::string_view piece, bool last, std::uint8_t proto,
                const net_ctx& net);
  void drop_fragments(std::unordered_map<key_bytes, fragment_entry, key_hash>::iterator it);
  void expire_fragments();
  void ip_payload(std::uint8_t proto, const std::uint8_t* p, std::size_t n, net_ctx net);
  void gre(const std::uint8_t* p, std::size_t n, net_ctx net);

  // datagram.cpp
  void udp(const std::uint8_t* p, std::size_t n, const net_ctx& net);
  void datagram_payload(std::string_view rest, const endpoint& s, const endpoint& d, transport t, bool reassembled);
  void sctp_packet(const std::uint8_t* p, std::size_t n, const net_ctx& net);
  void sctp_data(const net_ctx& net, const endpoint& s, const endpoint& d, std::uint32_t tsn, std::uint16_t sid,
                 std::uint8_t flags, std::string_view data);
  void sctp_cut(std::unordered_map<key_bytes, sctp_partial, key_hash>::iterator it);

  // tcp_stream.cpp
  void tcp(const std::uint8_t* p, std::size_t n, const net_ctx& net);
  void restart(tcp_flow& f);
  void hunt(tcp_flow& f);
  void end_stream(tcp_flow& f);
  void evict_flow();
  void segment(tcp_flow& f, std::uint32_t seq, std::string_view payload);
  void advance(tcp_flow& f, std::size_t n);
  void drain(tcp_flow& f);
  void gap(tcp_flow& f);
  void stream_bytes(tcp_flow& f, std::string_view data, stamp at);
  std::string_view hunt_bytes(tcp_flow& f, std::string_view data, stamp at);
  std::string_view frame_stream(tcp_flow& f, std::string_view chunk, stamp at);
  void skip_hunted(const tcp_flow& f, std::string_view bytes);
  void emit_held(tcp_flow& f, std::string_view bytes, transport t, stamp at, bool truncated);
  bool flush_one();

  // websocket.cpp
  void ws_bytes(tcp_flow& f, std::string_view data, stamp at);
  // Counts what the flow holds against the budget of all flows, cutting the
  // oldest holders past it.
  void ws_charge(tcp_flow& f);
  void ws_release(tcp_flow& f);
};

}  // namespace sipspan::capture
