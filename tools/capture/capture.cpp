// sipspan — capture ingestion: link layers, IP (fragments), UDP, TCP, SCTP and
// WebSocket down to the SIP messages, with bounded memory.
#include "capture.hpp"

#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <list>
#include <map>
#include <unordered_map>
#include <vector>

#include "sipspan/framing.hpp"

namespace sipspan::capture {

std::string_view transport_name(transport t) noexcept {
  switch (t) {
    case transport::udp: return "udp";
    case transport::tcp: return "tcp";
    case transport::sctp: return "sctp";
    case transport::ws: return "ws";
  }
  return "?";
}

std::string endpoint::address_text() const {
  if (!v6) {  // dotted quad without inet_ntop's sprintf
    char buf[16];
    char* o = buf;
    for (int i = 0; i < 4; ++i) {
      unsigned b = addr[i];
      if (b >= 100) *o++ = static_cast<char>('0' + b / 100);
      if (b >= 10) *o++ = static_cast<char>('0' + b / 10 % 10);
      *o++ = static_cast<char>('0' + b % 10);
      if (i < 3) *o++ = '.';
    }
    return std::string(buf, o);
  }
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, addr.data(), buf, sizeof buf);
  return buf;
}

std::string endpoint::text() const {
  std::string a = address_text();
  std::string port_text = std::to_string(port);
  return v6 ? "[" + a + "]:" + port_text : a + ":" + port_text;
}

namespace {

std::uint16_t be16(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] << 8 | p[1]); }
std::uint32_t be32(const std::uint8_t* p) noexcept {
  return std::uint32_t{p[0]} << 24 | std::uint32_t{p[1]} << 16 | std::uint32_t{p[2]} << 8 | p[3];
}
std::uint64_t be64(const std::uint8_t* p) noexcept { return std::uint64_t{be32(p)} << 32 | be32(p + 4); }

std::string_view as_text(const std::uint8_t* p, std::size_t n) noexcept {
  return {reinterpret_cast<const char*>(p), n};
}

// token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~")  (RFC 3261 §25.1)
struct token_table {
  bool c[256] = {};
  constexpr token_table() {
    for (int b = 0; b < 256; ++b)
      c[b] = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '-' || b == '.' ||
             b == '!' || b == '%' || b == '*' || b == '_' || b == '+' || b == '`' || b == '\'' || b == '~';
  }
};
constexpr token_table token_chars;
bool is_token_char(unsigned char c) noexcept { return token_chars.c[c]; }

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    unsigned char x = static_cast<unsigned char>(a[i]), y = static_cast<unsigned char>(b[i]);
    if (x >= 'A' && x <= 'Z') x = static_cast<unsigned char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<unsigned char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

// Eight bytes compared with an 8-byte lower-case literal in any case, as one
// word: the case bit is set in the letters' places first (a byte ORed with 0x20
// equals a lower-case letter only if it was that letter in either case).
struct word8 {
  std::uint64_t value = 0, case_bits = 0;
  consteval word8(const char (&lit)[9]) {
    for (int i = 7; i >= 0; --i) {
      const unsigned char c = static_cast<unsigned char>(lit[i]);
      value = value << 8 | c;
      case_bits = case_bits << 8 | (c >= 'a' && c <= 'z' ? 0x20u : 0u);
    }
  }
};
bool iequals8(const char* p, word8 w) noexcept {
  if constexpr (std::endian::native != std::endian::little) {
    std::uint64_t v = 0;
    for (int i = 7; i >= 0; --i) v = v << 8 | static_cast<unsigned char>(p[i]);
    return (v | w.case_bits) == w.value;
  }
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return (v | w.case_bits) == w.value;
}

// The 14 bytes at p spell "Content-Length" in any case.
bool is_content_length(const char* p) noexcept { return iequals8(p, "content-") && iequals8(p + 6, "t-length"); }

bool icontains(std::string_view hay, std::string_view needle) noexcept {
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
    if (iequals(hay.substr(i, needle.size()), needle)) return true;
  return false;
}

// A SIP start line (its line end excluded): "SIP/2.0 ddd ..." or
// "METHOD scheme:... SIP/2.0".
bool is_start_line(std::string_view line) noexcept {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  constexpr std::string_view version = "SIP/2.0";
  if (line.size() >= 11 && iequals8(line.data(), "sip/2.0 ")) {
    for (std::size_t i = 8; i < 11; ++i)
      if (line[i] < '0' || line[i] > '9') return false;
    return line.size() == 11 || line[11] == ' ';
  }
  std::size_t i = 0;
  while (i < line.size() && is_token_char(static_cast<unsigned char>(line[i]))) ++i;
  if (i == 0 || i >= line.size() || line[i] != ' ') return false;
  ++i;
  std::size_t scheme = i;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  if (i >= line.size() || !alpha(line[i])) return false;
  while (i < line.size() && (alpha(line[i]) || (line[i] >= '0' && line[i] <= '9') || line[i] == '+' ||
                             line[i] == '-' || line[i] == '.'))
    ++i;
  if (i >= line.size() || line[i] != ':' || i == scheme) return false;
  return line.size() >= i + 1 + version.size() + 1 &&
         iequals8(line.data() + line.size() - version.size() - 1, " sip/2.0");
}

// The payload opens (after any CR/LF) with a SIP start line.
bool starts_with_sip(std::string_view data) noexcept {
  std::size_t i = 0;
  while (i < data.size() && (data[i] == '\r' || data[i] == '\n')) ++i;
  if (i == data.size()) return false;
  std::size_t lf = data.find('\n', i);
  return is_start_line(data.substr(i, lf == std::string_view::npos ? std::string_view::npos : lf - i));
}

// The first line beginning at or after `from` (a line start) that is a start
// line and ends inside `data`; npos when none. `tail`: where the last,
// unfinished line begins.
std::size_t find_start_line(std::string_view data, std::size_t from, std::size_t& tail) noexcept {
  std::size_t pos = from;
  while (pos < data.size()) {
    const void* lf = std::memchr(data.data() + pos, '\n', data.size() - pos);
    if (lf == nullptr) break;
    std::size_t end = static_cast<std::size_t>(static_cast<const char*>(lf) - data.data());
    if (is_start_line(data.substr(pos, end - pos))) return pos;
    pos = end + 1;
  }
  tail = pos;
  return std::string_view::npos;
}

// True when frame_datagram would hand `data` out whole, as one message, seen
// without parsing it: the parse either fails (then the bytes go out as they
// are) or ends the message at the end of the datagram. That holds when the
// header section (lines ending in CRLF up to an empty line) has no
// Content-Length (the body runs to the end) or one whose value reaches the end
// or beyond (a shorter body also goes out whole). Anything else — a length
// that leaves bytes after the body, a bare LF, a folded or repeated length, a
// value that is not plain digits — is left to frame_datagram. A parse that
// succeeds has no bare CR and ends its lines at LF, as this scan does.
bool single_message(std::string_view data) noexcept {
  const char* p = data.data();
  const std::size_t n = data.size();
  if (n == 0 || p[0] == '\r' || p[0] == '\n') return false;
  const void* lf = std::memchr(p, '\n', n);  // the start line
  if (lf == nullptr) return false;
  std::size_t pos = static_cast<std::size_t>(static_cast<const char*>(lf) - p) + 1;
  std::int64_t length = -1;
  bool after_length = false;  // the previous line was a Content-Length
  for (;;) {
    if (pos >= n) return false;
    lf = std::memchr(p + pos, '\n', n - pos);
    if (lf == nullptr) return false;
    const std::size_t end = static_cast<std::size_t>(static_cast<const char*>(lf) - p);
    if (end == pos || p[end - 1] != '\r') return false;  // a bare LF
    const std::string_view line(p + pos, end - 1 - pos);
    pos = end + 1;
    if (line.empty()) break;  // the empty line: the body starts at pos
    const char c = line[0];
    if (after_length && (c == ' ' || c == '\t')) return false;  // a folded length
    after_length = false;
    std::size_t i;
    if ((c == 'l' || c == 'L') && line.size() > 1 && (line[1] == ':' || line[1] == ' ' || line[1] == '\t')) {
      i = 1;
    } else if ((c == 'c' || c == 'C') && line.size() > 14 && is_content_length(line.data())) {
      i = 14;
    } else {
      continue;
    }
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i == line.size() || line[i] != ':') continue;  // another header whose name starts so
    if (length >= 0) return false;                       // a second length
    ++i;
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t digits = 0;
    std::int64_t v = 0;
    for (; i < line.size() && line[i] >= '0' && line[i] <= '9'; ++i, ++digits) v = v * 10 + (line[i] - '0');
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (digits == 0 || digits > 9 || i != line.size()) return false;
    length = v;
    after_length = true;
  }
  return length < 0 || static_cast<std::uint64_t>(pos) + static_cast<std::uint64_t>(length) >= n;
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

key_bytes flow_key(const net_ctx& n, std::uint16_t sport, std::uint16_t dport, std::uint8_t proto) {
  key_bytes k{};
  std::memcpy(k.data(), n.src.data(), 16);
  std::memcpy(k.data() + 16, n.dst.data(), 16);
  k[32] = static_cast<std::uint8_t>(sport >> 8);
  k[33] = static_cast<std::uint8_t>(sport);
  k[34] = static_cast<std::uint8_t>(dport >> 8);
  k[35] = static_cast<std::uint8_t>(dport);
  k[36] = n.v6;
  k[37] = proto;
  return k;
}

// ------------------------------------------------------ IP fragments ---

struct fragment_entry {
  std::string data;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> have;  // sorted, merged [begin, end)
  std::uint32_t total = UINT32_MAX;                          // known once the last piece came
  std::int64_t first_ts = 0;
  std::uint64_t serial = 0;
  std::size_t charged = 0;  // bytes counted against the cap
};

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
  std::uint32_t isn = 0;
  std::uint32_t next_seq = 0;
  std::int64_t next_off = 0;  // stream offset of next_seq
  std::map<std::int64_t, tcp_segment> pending;  // out of order, by stream offset
  std::size_t pending_bytes = 0;
  std::int64_t pending_since = 0;
  tcp_mode mode = tcp_mode::hunt;
  std::string carry;  // hunt: the unfinished last line (or HTTP head); ws: the unfinished frame
  std::unique_ptr<stream_framer> framer;
  std::string ws_message;  // the WebSocket message being collected
  bool ws_in_message = false;
  bool ws_split = false;
  std::list<key_bytes>::iterator lru;
};

struct sctp_partial {
  std::string data;
  std::uint32_t next_tsn = 0;
};

}  // namespace

struct reader::impl {
  reader_options options;
  capture_stats stats;
  capture_error error;
  bool failed = false;
  bool input_done = false;  // no more records
  bool done = false;
  pcap_t* pcap = nullptr;
  bool from_stdin = false;
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

  std::unordered_map<key_bytes, sctp_partial, key_hash> sctp;

  datagram_messages datagram;
  message_view view;

  ~impl() {
    unmap();
    if (pcap != nullptr) pcap_close(pcap);
  }

  void unmap() {
    if (map != nullptr) ::munmap(const_cast<std::uint8_t*>(map), map_size);
    map = nullptr;
  }

  // Maps the file libpcap opened when it is a regular file in the classic
  // format, version 2.4 (libpcap has checked the rest of its 24-byte header).
  // Its magic gives the byte order and the timestamp unit: 0xa1b2c3d4
  // microseconds, 0xa1b23c4d nanoseconds.
  void map_file() {
    std::FILE* f = pcap_file(pcap);
    struct stat st {};
    if (f == nullptr || ::fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 24) return;
    const auto n = static_cast<std::size_t>(st.st_size);
    void* p = ::mmap(nullptr, n, PROT_READ, MAP_PRIVATE, fileno(f), 0);
    if (p == MAP_FAILED) return;
    map = static_cast<const std::uint8_t*>(p);
    map_size = n;
    std::uint32_t magic;
    std::uint16_t version[2];
    std::memcpy(&magic, map, 4);
    std::memcpy(version, map + 4, 4);
    map_swapped = magic == __builtin_bswap32(0xa1b2c3d4) || magic == __builtin_bswap32(0xa1b23c4d);
    if (map_swapped) {
      magic = __builtin_bswap32(magic);
      version[0] = __builtin_bswap16(version[0]);
      version[1] = __builtin_bswap16(version[1]);
    }
    if ((magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) || version[0] != 2 || version[1] != 4) return unmap();
    ::madvise(p, n, MADV_SEQUENTIAL);
    ts_scale = magic == 0xa1b2c3d4 ? 1000 : 1;
    max_caplen = std::min(static_cast<std::uint32_t>(pcap_snapshot(pcap)), std::uint32_t{262144});
    map_at = 24;
  }

  // The next record from the map. False when the record at map_at is not
  // plainly whole and sound (its header or data past the end of the file,
  // caplen above len or the snapshot length, a timestamp fraction out of
  // range, ts_sec above INT32_MAX, which libpcap sign-extends or not by the
  // byte order): the map is let go and libpcap reads on from that record, for
  // its handling and its error text.
  bool mapped_record() {
    const std::size_t at = map_at;
    if (map_size - at >= 16) {
      std::uint32_t f[4];  // ts_sec, ts_usec (or ts_nsec), caplen, len
      std::memcpy(f, map + at, 16);
      if (map_swapped)
        for (std::uint32_t& v : f) v = __builtin_bswap32(v);
      if (f[0] <= INT32_MAX && f[1] < 1'000'000'000 / ts_scale && f[2] <= f[3] && f[2] <= max_caplen &&
          map_size - at - 16 >= f[2]) {
        pcap_pkthdr h{};
        h.ts.tv_sec = static_cast<time_t>(f[0]);
        h.ts.tv_usec = static_cast<suseconds_t>(f[1] * ts_scale);  // nanoseconds, as PCAP_TSTAMP_PRECISION_NANO
        h.caplen = f[2];
        h.len = f[3];
        map_at = at + 16 + f[2];
        record(h, map + at + 16);
        return true;
      }
    }
    unmap();
    if (::fseeko(pcap_file(pcap), static_cast<off_t>(at), SEEK_SET) != 0) {
      input_done = true;
      failed = true;
      error = {stats.records + 1, std::string("cannot seek: ") + std::strerror(errno)};
    }
    return false;
  }

  std::string& keep(std::string s) {
    scratch.push_back(std::move(s));
    return scratch.back();
  }

  // The parses handed out with the queued messages.
  std::vector<message_view> parsed;
  std::size_t parsed_used = 0;

  void emit(std::string_view bytes, const endpoint& s, const endpoint& d, transport t, bool reassembled, stamp at,
            const message_view* view = nullptr) {
    sip_message m;
    std::size_t parse = 0;
    if (view != nullptr && view->raw().size() == bytes.size()) {
      if (parsed_used == parsed.size()) parsed.emplace_back();
      parsed[parsed_used] = *view;
      parse = ++parsed_used;
    }
    m.record = at.record;
    m.ts_ns = at.ts;
    m.src = s;
    m.dst = d;
    m.proto = t;
    m.bytes = bytes;
    m.reassembled = reassembled;
    queue.push_back({m, parse});
  }

  static endpoint make_endpoint(const std::array<std::uint8_t, 16>& a, bool v6, std::uint16_t port) {
    endpoint e;
    e.addr = a;
    e.v6 = v6;
    e.port = port;
    return e;
  }

  // ------------------------------------------------------------- records ---

  void record(const pcap_pkthdr& h, const std::uint8_t* p) {
    ++stats.records;
    stats.bytes += h.caplen;
    consumed += 16 + h.caplen;
    if (h.caplen < h.len) ++stats.truncated_records;
    now.record = stats.records;
    now.ts = static_cast<std::int64_t>(h.ts.tv_sec) * 1'000'000'000 + static_cast<std::int64_t>(h.ts.tv_usec);
    expire_fragments();
    std::size_t n = h.caplen;
    net_ctx net;
    switch (dlt) {
      case DLT_EN10MB: ethernet(p, n, net); break;
      case DLT_LINUX_SLL:
        if (n < 16) return malformed();
        ethertype(be16(p + 14), p + 16, n - 16, net);
        break;
      case DLT_LINUX_SLL2:
        if (n < 20) return malformed();
        ethertype(be16(p), p + 20, n - 20, net);
        break;
      case DLT_NULL:
      case DLT_LOOP: {
        if (n < 4) return malformed();
        std::uint32_t af = be32(p);
        if (dlt == DLT_NULL && af > 0xFFFF) af = __builtin_bswap32(af);  // host order of the writer
        if (af == 2) ipv4(p + 4, n - 4, net);
        else if (af == 10 || af == 24 || af == 28 || af == 30) ipv6(p + 4, n - 4, net);
        else ++stats.non_ip;
        break;
      }
      default: ip_any(p, n, net); break;  // raw IP, IPv4, IPv6
    }
  }

  void malformed() { ++stats.malformed; }

  void ip_any(const std::uint8_t* p, std::size_t n, net_ctx net) {
    if (n == 0) return malformed();
    if ((p[0] >> 4) == 4) ipv4(p, n, net);
    else if ((p[0] >> 4) == 6) ipv6(p, n, net);
    else ++stats.non_ip;
  }

  void ethernet(const std::uint8_t* p, std::size_t n, net_ctx net) {
    if (n < 14) return malformed();
    ethertype(be16(p + 12), p + 14, n - 14, net);
  }

  void ethertype(std::uint16_t type, const std::uint8_t* p, std::size_t n, net_ctx net) {
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

  void ipv4(const std::uint8_t* p, std::size_t n, net_ctx net) {
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

  void ipv6(const std::uint8_t* p, std::size_t n, net_ctx net) {
    if (n < 40 || (p[0] >> 4) != 6) return malformed();
    std::size_t plen = be16(p + 4);
    if (plen != 0 && 40 + plen < n) n = 40 + plen;
    net.v6 = true;
    std::memcpy(net.src.data(), p + 8, 16);
    std::memcpy(net.dst.data(), p + 24, 16);
    ip_payload(p[6], p + 40, n - 40, net);
  }

  void fragment(const key_bytes& k, std::uint32_t off, std::string_view piece, bool last, std::uint8_t proto,
                const net_ctx& net) {
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

  void drop_fragments(std::unordered_map<key_bytes, fragment_entry, key_hash>::iterator it) {
    fragment_bytes -= it->second.charged;
    fragments.erase(it);
  }

  void expire_fragments() {
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
  void ip_payload(std::uint8_t proto, const std::uint8_t* p, std::size_t n, net_ctx net) {
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

  void gre(const std::uint8_t* p, std::size_t n, net_ctx net) {
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

  // ------------------------------------------------------------- UDP ---

  void udp(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
    if (n < 8) return malformed();
    std::size_t len = be16(p + 4);
    if (len >= 8 && len - 8 < n - 8) n = len;
    std::string_view payload = as_text(p + 8, n - 8);
    if (!starts_with_sip(payload)) {
      ++stats.non_sip;
      return;
    }
    endpoint s = make_endpoint(net.src, net.v6, be16(p)), d = make_endpoint(net.dst, net.v6, be16(p + 2));
    datagram_payload(payload, s, d, transport::udp, net.reassembled);
  }

  // Every message of one datagram (or one SCTP / WebSocket message).
  void datagram_payload(std::string_view rest, const endpoint& s, const endpoint& d, transport t, bool reassembled) {
    if (single_message(rest)) {  // the common case, without the parse (the worker parses it)
      emit(rest, s, d, t, reassembled, now);
      return;
    }
    while (!rest.empty()) {
      result r = frame_datagram(rest, datagram);
      for (const auto& m : datagram) emit(m.bytes, s, d, t, reassembled, now);
      if (r.ok()) return;
      std::size_t used = 0;
      if (!datagram.empty()) used = datagram[datagram.size() - 1].offset + datagram[datagram.size() - 1].bytes.size();
      if (r.code == error_code::too_many_messages && used > 0) {
        rest.remove_prefix(used);
        continue;
      }
      // The message that does not parse goes out as it is: the validator says why.
      std::string_view tail = rest.substr(used);
      if (starts_with_sip(tail)) emit(tail, s, d, t, reassembled, now);
      return;
    }
  }

  // ------------------------------------------------------------- SCTP ---

  void sctp_packet(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
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

  void sctp_data(const net_ctx& net, const endpoint& s, const endpoint& d, std::uint32_t tsn, std::uint16_t sid,
                 std::uint8_t flags, std::string_view data) {
    bool begin = (flags & 2) != 0, end = (flags & 1) != 0;
    if (begin && end) {
      if (starts_with_sip(data)) datagram_payload(data, s, d, transport::sctp, net.reassembled);
      else ++stats.non_sip;
      return;
    }
    key_bytes k = flow_key(net, s.port, d.port, 132);
    k[38] = static_cast<std::uint8_t>(sid >> 8);
    k[39] = static_cast<std::uint8_t>(sid);
    if (begin) {
      if (sctp.size() >= 1024) sctp.clear();
      sctp_partial& part = sctp[k];
      part.data.assign(data);
      part.next_tsn = tsn + 1;
      return;
    }
    auto it = sctp.find(k);
    if (it == sctp.end() || it->second.next_tsn != tsn || it->second.data.size() + data.size() > options.max_ws_message) {
      if (it != sctp.end()) sctp.erase(it);
      return;
    }
    it->second.data.append(data);
    it->second.next_tsn = tsn + 1;
    if (!end) return;
    std::string& whole = keep(std::move(it->second.data));
    sctp.erase(it);
    if (starts_with_sip(whole)) datagram_payload(whole, s, d, transport::sctp, true);
    else ++stats.non_sip;
  }

  // -------------------------------------------------------------- TCP ---

  void tcp(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
    if (n < 20) return malformed();
    std::size_t hl = (p[12] >> 4) * 4u;
    if (hl < 20 || hl > n) return malformed();
    std::uint16_t sport = be16(p), dport = be16(p + 2);
    std::uint32_t seq = be32(p + 4);
    std::uint8_t flags = p[13];
    bool syn = (flags & 0x02) != 0, rst = (flags & 0x04) != 0, fin = (flags & 0x01) != 0;
    std::string_view payload = as_text(p + hl, n - hl);
    key_bytes k = flow_key(net, sport, dport, 6);
    auto it = flows.find(k);
    if (it == flows.end()) {
      if (payload.empty() && !syn) return;
      if (flows.size() >= options.max_tcp_flows) evict_flow();
      std::unique_ptr<tcp_flow> f;
      if (spare_flow) {  // an evicted flow's memory (its framer's buffer) used again, its state as new
        f = std::move(spare_flow);
        std::unique_ptr<stream_framer> framer = std::move(f->framer);
        *f = tcp_flow{};
        if (framer) framer->reset();
        f->framer = std::move(framer);
      } else {
        f = std::make_unique<tcp_flow>();
      }
      f->src = make_endpoint(net.src, net.v6, sport);
      f->dst = make_endpoint(net.dst, net.v6, dport);
      f->lru = lru.insert(lru.end(), k);
      it = flows.emplace(k, std::move(f)).first;
    } else {
      lru.splice(lru.end(), lru, it->second->lru);
    }
    tcp_flow& f = *it->second;
    if (syn) {
      if (f.syn_seen && f.isn == seq) {  // a retransmitted SYN
        ++stats.tcp_retransmissions;
        return;
      }
      restart(f);
      f.syn_seen = true;
      f.isn = seq;
      f.have_seq = true;
      f.next_seq = seq + 1;
      seq += 1;
    }
    if (!payload.empty()) segment(f, seq, payload);
    if (fin || rst) {
      while (!f.pending.empty()) gap(f);
      if (rst) restart(f);
    }
  }

  void restart(tcp_flow& f) {
    pending_total -= f.pending_bytes;
    f.pending.clear();
    f.pending_bytes = 0;
    f.have_seq = false;
    f.syn_seen = false;
    f.next_off = 0;
    hunt(f);
  }

  void hunt(tcp_flow& f) {
    f.mode = tcp_mode::hunt;
    f.carry.clear();
    f.ws_message.clear();
    f.ws_in_message = false;
    if (f.framer) f.framer->reset();
  }

  void evict_flow() {
    if (lru.empty()) return;
    auto it = flows.find(lru.front());
    lru.pop_front();
    if (it == flows.end()) return;
    pending_total -= it->second->pending_bytes;
    spare_flow = std::move(it->second);
    flows.erase(it);
    ++stats.tcp_flow_evictions;
  }

  void segment(tcp_flow& f, std::uint32_t seq, std::string_view payload) {
    ++stats.tcp_segments;
    if (!f.have_seq) {
      f.have_seq = true;
      f.next_seq = seq;
    }
    std::int64_t off = f.next_off + static_cast<std::int32_t>(seq - f.next_seq);
    std::int64_t end = off + static_cast<std::int64_t>(payload.size());
    if (end <= f.next_off) {
      ++stats.tcp_retransmissions;
      return;
    }
    if (off > f.next_off) {
      auto [pit, fresh] = f.pending.try_emplace(off);
      if (!fresh) {
        ++stats.tcp_retransmissions;
        return;
      }
      pit->second.data.assign(payload);
      pit->second.at = now;
      if (f.pending_bytes == 0) f.pending_since = now.ts;
      f.pending_bytes += payload.size();
      pending_total += payload.size();
      if (f.pending_bytes > options.max_tcp_flow_pending || pending_total > options.max_tcp_pending_bytes ||
          now.ts - f.pending_since > options.tcp_gap_timeout_ns)
        gap(f);
      return;
    }
    if (off < f.next_off) {
      ++stats.tcp_retransmissions;  // the overlapping part
      payload.remove_prefix(static_cast<std::size_t>(f.next_off - off));
    }
    advance(f, payload.size());
    stream_bytes(f, payload, now);
    drain(f);
  }

  void advance(tcp_flow& f, std::size_t n) {
    f.next_off += static_cast<std::int64_t>(n);
    f.next_seq += static_cast<std::uint32_t>(n);
  }

  // Hands over the held segments that now follow the stream.
  void drain(tcp_flow& f) {
    while (!f.pending.empty() && f.pending.begin()->first <= f.next_off) {
      auto node = f.pending.extract(f.pending.begin());
      std::int64_t off = node.key();
      tcp_segment& s = node.mapped();
      f.pending_bytes -= s.data.size();
      pending_total -= s.data.size();
      std::int64_t end = off + static_cast<std::int64_t>(s.data.size());
      if (end <= f.next_off) {
        ++stats.tcp_retransmissions;
        continue;
      }
      std::string& kept = keep(std::move(s.data));
      std::string_view bytes = kept;
      if (off < f.next_off) {
        ++stats.tcp_retransmissions;
        bytes.remove_prefix(static_cast<std::size_t>(f.next_off - off));
      }
      advance(f, bytes.size());
      stream_bytes(f, bytes, s.at);
    }
    if (!f.pending.empty() && f.pending_bytes > 0 && f.pending_since < now.ts) f.pending_since = now.ts;
  }

  // Bytes are missing before the first held segment: skip to it, resynchronise.
  void gap(tcp_flow& f) {
    if (f.pending.empty()) return;
    ++stats.tcp_gaps;
    std::int64_t skip = f.pending.begin()->first - f.next_off;
    if (skip > 0) advance(f, static_cast<std::size_t>(skip));
    hunt(f);
    drain(f);
  }

  void stream_bytes(tcp_flow& f, std::string_view data, stamp at) {
    switch (f.mode) {
      case tcp_mode::hunt: return hunt_bytes(f, data, at);
      case tcp_mode::sip: return frame_stream(f, data, at);
      case tcp_mode::ws: return ws_bytes(f, data, at);
    }
  }

  // Looks for a start line (or a WebSocket handshake) to follow the stream from.
  void hunt_bytes(tcp_flow& f, std::string_view data, stamp at) {
    if (!f.carry.empty()) {
      std::string joined = std::move(f.carry);
      f.carry.clear();
      joined.append(data);
      data = keep(std::move(joined));
    }
    bool http = data.starts_with("GET ") || data.starts_with("HTTP/1.");
    if (http) {
      std::size_t end = data.find("\r\n\r\n");
      if (end == std::string_view::npos) {
        if (data.size() < 16384) f.carry.assign(data);
        else ++stats.non_sip;
        return;
      }
      std::string_view head = data.substr(0, end);
      data.remove_prefix(end + 4);
      if (icontains(head, "websocket")) {
        f.mode = tcp_mode::ws;
        f.ws_message.clear();
        f.ws_in_message = false;
        if (!data.empty()) ws_bytes(f, data, at);
        return;
      }
    }
    std::size_t tail = 0;
    std::size_t pos = find_start_line(data, 0, tail);
    if (pos == std::string_view::npos) {
      if (data.size() - tail < 4096) f.carry.assign(data.substr(tail));
      ++stats.non_sip;
      return;
    }
    f.mode = tcp_mode::sip;
    if (!f.framer) f.framer = std::make_unique<stream_framer>();
    else f.framer->reset();
    frame_stream(f, data.substr(pos), at);
  }

  void frame_stream(tcp_flow& f, std::string_view chunk, stamp at) {
    stream_framer& fr = *f.framer;
    std::uint64_t base = fr.stream_offset() + fr.buffered();
    fr.feed(chunk);
    stream_frame frame;
    for (;;) {
      stream_event e = fr.next(frame, view);
      if (e == stream_event::need_more) return;
      if (e == stream_event::message) {
        std::string_view bytes = frame.bytes;
        if (frame.assembled) bytes = keep(std::string(bytes));
        emit(bytes, f.src, f.dst, transport::tcp, frame.assembled, at, &view);
        continue;
      }
      if (e != stream_event::error) continue;  // keepalives
      ++stats.stream_errors;
      std::size_t from = frame.offset >= base ? static_cast<std::size_t>(frame.offset - base) : 0;
      from = std::min(from, chunk.size());
      std::size_t lf = chunk.find('\n', from);
      hunt(f);
      if (lf != std::string_view::npos) hunt_bytes(f, chunk.substr(lf + 1), at);
      return;
    }
  }

  // WebSocket frames (RFC 6455) after the handshake; a whole message is SIP.
  void ws_bytes(tcp_flow& f, std::string_view data, stamp at) {
    bool joined = !f.carry.empty();
    if (joined) {
      f.carry.append(data);
      data = f.carry;
    }
    std::size_t pos = 0;
    bool ok = true;
    while (data.size() - pos >= 2) {
      const auto* p = reinterpret_cast<const std::uint8_t*>(data.data() + pos);
      std::size_t avail = data.size() - pos;
      bool fin = (p[0] & 0x80) != 0;
      std::uint8_t op = p[0] & 0x0F;
      bool masked = (p[1] & 0x80) != 0;
      std::uint64_t len = p[1] & 0x7F;
      std::size_t hl = 2;
      if (len == 126) {
        if (avail < 4) break;
        len = be16(p + 2);
        hl = 4;
      } else if (len == 127) {
        if (avail < 10) break;
        len = be64(p + 2);
        hl = 10;
      }
      if (masked) hl += 4;
      if (len > options.max_ws_message || (op != 0 && op != 1 && op != 2 && op < 8) || op > 10) {
        ok = false;
        break;
      }
      if (avail < hl + len) break;
      const std::uint8_t* payload = p + hl;
      pos += hl + static_cast<std::size_t>(len);
      if (op >= 8) continue;  // close, ping, pong
      ++stats.ws_frames;
      if (op != 0) {
        f.ws_message.clear();
        f.ws_in_message = true;
        f.ws_split = joined;
      } else if (!f.ws_in_message) {
        continue;  // a continuation whose start was not seen
      } else {
        f.ws_split = true;
      }
      if (f.ws_message.size() + len > options.max_ws_message) {
        ok = false;
        break;
      }
      std::size_t start = f.ws_message.size();
      f.ws_message.append(reinterpret_cast<const char*>(payload), static_cast<std::size_t>(len));
      if (masked)
        for (std::size_t i = 0; i < len; ++i) f.ws_message[start + i] ^= static_cast<char>(p[hl - 4 + (i & 3)]);
      if (!fin) continue;
      f.ws_in_message = false;
      std::string& message = keep(std::move(f.ws_message));
      f.ws_message.clear();
      if (starts_with_sip(message)) emit(message, f.src, f.dst, transport::ws, f.ws_split, at);
      else ++stats.non_sip;
    }
    if (!ok) {
      ++stats.stream_errors;
      hunt(f);
      return;
    }
    // the unfinished frame stays (erasing only what was framed: no copy per segment)
    if (joined) f.carry.erase(0, pos);
    else f.carry.assign(data.substr(pos));
  }

  // At the end of the capture: what the flows still hold, one flow at a time.
  bool flush_one() {
    while (!flows.empty()) {
      auto it = flows.begin();
      tcp_flow& f = *it->second;
      while (!f.pending.empty()) gap(f);
      pending_total -= f.pending_bytes;
      lru.erase(f.lru);
      flows.erase(it);
      if (head < queue.size()) return true;
    }
    return false;
  }
};

reader::reader(const reader_options& options) : impl_(std::make_unique<impl>()) { impl_->options = options; }
reader::~reader() = default;
reader::reader(reader&&) noexcept = default;
reader& reader::operator=(reader&&) noexcept = default;

bool reader::open(const std::string& path, capture_error& err) { return open_as(path == "-" ? stdin : nullptr, path, err); }

bool reader::open(std::FILE* stream, capture_error& err) { return open_as(stream, "-", err); }

bool reader::open_as(std::FILE* stream, const std::string& path, capture_error& err) {
  impl& m = *impl_;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  if (stream) {
    m.from_stdin = true;
    m.pcap = pcap_fopen_offline_with_tstamp_precision(stream, PCAP_TSTAMP_PRECISION_NANO, errbuf);
  } else {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode)) m.size = static_cast<std::uint64_t>(st.st_size);
    m.pcap = pcap_open_offline_with_tstamp_precision(path.c_str(), PCAP_TSTAMP_PRECISION_NANO, errbuf);
  }
  if (m.pcap == nullptr) {
    if (stream && stream != stdin) std::fclose(stream);  // libpcap closes it only once it took it
    // libpcap's message names the file itself when it could not open it
    std::string name = path == "-" ? "stdin" : path;
    std::string text = errbuf;
    err = {0, text.rfind(name + ":", 0) == 0 ? text : name + ": " + text};
  } else {
    m.dlt = pcap_datalink(m.pcap);
    switch (m.dlt) {
      case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
      case DLT_NULL: case DLT_LOOP:
#ifdef DLT_RAW_ALT
      case DLT_RAW_ALT:
#endif
        m.consumed = 24;
        if (!stream) m.map_file();
        return true;
      default: {
        const char* name = pcap_datalink_val_to_name(m.dlt);
        err = {0, "unsupported link type " + std::to_string(m.dlt) + (name ? std::string(" (") + name + ")" : "")};
      }
    }
  }
  m.error = err;
  m.failed = true;
  m.done = true;
  return false;
}

bool reader::next(sip_message& out) {
  impl& m = *impl_;
  for (;;) {
    if (m.head < m.queue.size()) {
      const impl::queued& q = m.queue[m.head++];
      out = q.message;
      out.parsed = q.parse ? &m.parsed[q.parse - 1] : nullptr;
      ++m.stats.messages;
      return true;
    }
    m.queue.clear();
    m.parsed_used = 0;
    m.head = 0;
    m.scratch.clear();
    if (m.done) return false;
    if (m.map != nullptr && m.mapped_record()) continue;
    if (!m.input_done) {
      pcap_pkthdr* h = nullptr;
      const u_char* data = nullptr;
      int r = pcap_next_ex(m.pcap, &h, &data);
      if (r == 1) {
        m.record(*h, data);
        continue;
      }
      m.input_done = true;
      if (r != PCAP_ERROR_BREAK) {
        m.failed = true;
        m.error = {m.stats.records + 1, pcap_geterr(m.pcap)};
      }
    }
    if (m.flush_one()) continue;
    m.done = true;
    return false;
  }
}

const capture_error* reader::error() const { return impl_->failed ? &impl_->error : nullptr; }
const capture_stats& reader::stats() const { return impl_->stats; }
std::uint64_t reader::file_size() const { return impl_->size; }
std::uint64_t reader::bytes_read() const {
  if (impl_->map != nullptr) return impl_->map_at;
  if (impl_->pcap != nullptr && !impl_->from_stdin) {
    long pos = std::ftell(pcap_file(impl_->pcap));
    if (pos >= 0) return static_cast<std::uint64_t>(pos);
  }
  return impl_->consumed;
}
int reader::link_type() const { return impl_->dlt; }

}  // namespace sipspan::capture
