// sipspan — capture ingestion: link layers, IP (fragments), UDP, TCP, SCTP and
// WebSocket down to the SIP messages, with bounded memory.
//
// This file: the reader's interface, the file (mapped or through libpcap), the
// records and the queue of messages; which payloads are SIP. The layers are in
// link_ip.cpp, datagram.cpp, tcp_stream.cpp and websocket.cpp.
#include "sipspan/capture.hpp"

#include <arpa/inet.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include "capture_impl.hpp"

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

namespace detail {

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

key_bytes conversation_key(const endpoint& a, const endpoint& b, std::uint8_t proto) {
  auto before = [](const endpoint& x, const endpoint& y) {
    return x.addr != y.addr ? x.addr < y.addr : x.port < y.port;
  };
  const bool swap = before(b, a);
  const endpoint& lo = swap ? b : a;
  const endpoint& hi = swap ? a : b;
  net_ctx n;
  n.src = lo.addr;
  n.dst = hi.addr;
  n.v6 = lo.v6;
  return flow_key(n, lo.port, hi.port, proto);
}

bool timestamp_ns(std::int64_t sec, std::int64_t nsec, std::int64_t& out) noexcept {
  // the range an int64 of nanoseconds holds, less a second at the low end
  // (where the printers round down to whole seconds)
  constexpr __int128 lo = static_cast<__int128>(std::numeric_limits<std::int64_t>::min()) + 1'000'000'000;
  constexpr __int128 hi = std::numeric_limits<std::int64_t>::max();
  const __int128 t = static_cast<__int128>(sec) * 1'000'000'000 + nsec;
  out = static_cast<std::int64_t>(std::clamp(t, lo, hi));
  return t >= lo && t <= hi;
}

}  // namespace detail

reader::impl::~impl() {
  unmap();
  if (pcap != nullptr) pcap_close(pcap);
  if (hep_fd >= 0) ::close(hep_fd);
  for (const auto& c : hep_connections) ::close(c->fd);
}

void reader::impl::unmap() {
  if (map != nullptr) ::munmap(const_cast<std::uint8_t*>(map), map_size);
  map = nullptr;
}

// Maps the file libpcap opened when it is a regular file in the classic
// format, version 2.4 (libpcap has checked the rest of its 24-byte header).
// Its magic gives the byte order and the timestamp unit: 0xa1b2c3d4
// microseconds, 0xa1b23c4d nanoseconds.
void reader::impl::map_file() {
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
bool reader::impl::mapped_record() {
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

std::string& reader::impl::keep(std::string s) {
  scratch.push_back(std::move(s));
  return scratch.back();
}

// The parses handed out with the queued messages.
std::vector<message_view> parsed;
std::size_t parsed_used = 0;

void reader::impl::emit(std::string_view bytes, const endpoint& s, const endpoint& d, transport t, bool reassembled,
                        stamp at, const message_view* view) {
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

endpoint reader::impl::make_endpoint(const std::array<std::uint8_t, 16>& a, bool v6, std::uint16_t port) {
  endpoint e;
  e.addr = a;
  e.v6 = v6;
  e.port = port;
  return e;
}

void reader::impl::record(const pcap_pkthdr& h, const std::uint8_t* p) {
  ++stats.records;
  stats.bytes += h.caplen;
  consumed += 16 + h.caplen;
  if (h.caplen < h.len) ++stats.truncated_records;
  now.record = stats.records;
  // (libpcap gives nanoseconds in tv_usec: the file was opened at nanosecond precision)
  if (!timestamp_ns(static_cast<std::int64_t>(h.ts.tv_sec), static_cast<std::int64_t>(h.ts.tv_usec), now.ts))
    ++stats.timestamps_saturated;
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


bool reader::impl::sip_port(const endpoint& s, const endpoint& d) const {
  for (std::uint16_t port : options.sip_ports)
    if (s.port == port || d.port == port) return true;
  return false;
}

bool reader::impl::is_sip(std::string_view payload, const endpoint& s, const endpoint& d, bool on_sip_flow) {
  const sniff_kind k = sniff(payload);
  if (k == sniff_kind::sip || (k == sniff_kind::other && (on_sip_flow || sip_port(s, d)))) return true;
  skipped(k);
  return false;
}

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
  } else if (m.supported_link(err)) {
    m.consumed = 24;
    if (!stream) m.map_file();
    return true;
  }
  m.error = err;
  m.failed = true;
  m.done = true;
  return false;
}

bool reader::impl::supported_link(capture_error& err) {
  dlt = pcap_datalink(pcap);
  switch (dlt) {
    case DLT_EN10MB: case DLT_LINUX_SLL: case DLT_LINUX_SLL2: case DLT_RAW: case DLT_IPV4: case DLT_IPV6:
    case DLT_NULL: case DLT_LOOP:
#ifdef DLT_RAW_ALT
    case DLT_RAW_ALT:
#endif
      return true;
    default: {
      const char* name = pcap_datalink_val_to_name(dlt);
      err = {0, "unsupported link type " + std::to_string(dlt) + (name ? std::string(" (") + name + ")" : "")};
      return false;
    }
  }
}

bool reader::open_live(const std::string& interface, const std::string& filter, capture_error& err) {
  impl& m = *impl_;
  char errbuf[PCAP_ERRBUF_SIZE] = {};
  auto fail = [&](std::string text) {
    err = {0, interface + ": " + text};
    m.error = err;
    m.failed = m.done = true;
    return false;
  };
  m.pcap = pcap_create(interface.c_str(), errbuf);
  if (m.pcap == nullptr) return fail(errbuf);
  pcap_set_snaplen(m.pcap, 262144);
  pcap_set_timeout(m.pcap, 100);       // a quiet link returns every 100 ms (reader_options::stop)
  pcap_set_immediate_mode(m.pcap, 1);  // each packet as it comes, not a buffer's worth
  pcap_set_tstamp_precision(m.pcap, PCAP_TSTAMP_PRECISION_NANO);
  const int activated = pcap_activate(m.pcap);
  if (activated < 0) {
    const std::string detail = pcap_geterr(m.pcap);
    return fail(activated == PCAP_ERROR || detail.empty() ? detail.empty() ? pcap_statustostr(activated) : detail
                                                          : std::string(pcap_statustostr(activated)) + ": " + detail);
  }
  if (!filter.empty()) {
    bpf_program program{};
    if (pcap_compile(m.pcap, &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0)
      return fail("filter '" + filter + "': " + pcap_geterr(m.pcap));
    const int set = pcap_setfilter(m.pcap, &program);
    pcap_freecode(&program);
    if (set != 0) return fail("filter '" + filter + "': " + pcap_geterr(m.pcap));
  }
  // Non-blocking, waited on here in steps of 100 ms: libpcap's own timeout
  // does not wake a reader on every platform (immediate mode, TPACKET_V3).
  if (pcap_setnonblock(m.pcap, 1, errbuf) != 0) return fail(errbuf);
  m.live_fd = pcap_get_selectable_fd(m.pcap);
  if (m.live_fd < 0) return fail("no descriptor to wait on");
  m.live = true;
  if (!m.supported_link(err)) return fail(err.message);
  return true;
}

bool reader::next(sip_message& out) {
  impl& m = *impl_;
  if (m.hep_fd >= 0) return !m.done && (m.hep_tcp ? m.hep_tcp_next(out) : m.hep_next(out));
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
      if (m.live && m.options.stop && m.options.stop()) {
        m.input_done = true;
        continue;
      }
      int r = pcap_next_ex(m.pcap, &h, &data);
      if (r == 1) {
        m.record(*h, data);
        continue;
      }
      if (r == 0 && m.live) {  // a quiet link: wait for a packet, or 100 ms
        if (m.options.waiting) m.options.waiting();
        pollfd pfd{m.live_fd, POLLIN, 0};
        ::poll(&pfd, 1, 100);
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
  if (std::FILE* f = impl_->pcap != nullptr && !impl_->from_stdin ? pcap_file(impl_->pcap) : nullptr) {
    long pos = std::ftell(f);  // (a live capture has no file: its bytes are counted)
    if (pos >= 0) return static_cast<std::uint64_t>(pos);
  }
  return impl_->consumed;
}
int reader::link_type() const { return impl_->dlt; }

}  // namespace sipspan::capture
