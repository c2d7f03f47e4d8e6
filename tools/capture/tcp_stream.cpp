// sipspan — capture: TCP reassembly (sequence order, retransmissions and
// overlaps dropped, gaps skipped) and the framing of each direction's stream
// (RFC 3261 §18.3: Content-Length frames a message), with resynchronisation at
// the next start line. Every message the stream holds is handed out: whole,
// cut (a gap, FIN, RST, the end of the capture, an evicted flow), or as the
// bytes up to the next start line when it cannot be framed.
//
// No recursion: a chunk of stream bytes goes through the modes in one loop
// (stream_bytes), however many times the stream resynchronises in it.
#include "capture_impl.hpp"

#include <algorithm>

namespace sipspan::capture {

namespace {

// The first line beginning at or after `from` (a line start) that looks like a
// start line and ends inside `data`; npos when none. `tail`: where the last,
// unfinished line begins.
std::size_t find_start_line(std::string_view data, std::size_t from, std::size_t& tail) noexcept {
  std::size_t pos = from;
  while (pos < data.size()) {
    const void* lf = std::memchr(data.data() + pos, '\n', data.size() - pos);
    if (lf == nullptr) break;
    std::size_t end = static_cast<std::size_t>(static_cast<const char*>(lf) - data.data());
    if (looks_like_start_line(data.substr(pos, end - pos))) return pos;
    pos = end + 1;
  }
  tail = pos;
  return std::string_view::npos;
}

bool icontains(std::string_view hay, std::string_view needle) noexcept {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
  if (needle.size() > hay.size()) return false;
  for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    std::size_t j = 0;
    while (j < needle.size() && lower(hay[i + j]) == lower(needle[j])) ++j;
    if (j == needle.size()) return true;
  }
  return false;
}

// "Nothing left to do with this chunk" (a handler's result; an empty view
// with a non-null pointer means "go on, in the mode now set, with nothing new").
constexpr std::string_view nothing_left{};

}  // namespace

void reader::impl::tcp(const std::uint8_t* p, std::size_t n, const net_ctx& net) {
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
    f.at_start = true;
    f.isn = seq;
    f.have_seq = true;
    f.next_seq = seq + 1;
    seq += 1;
  }
  if (!payload.empty()) segment(f, seq, payload);
  if (fin || rst) {  // the stream ends: nothing more comes for what it holds
    while (!f.pending.empty()) gap(f);
    if (rst) restart(f);
    else end_stream(f);
  }
}

void reader::impl::restart(tcp_flow& f) {
  end_stream(f);
  pending_total -= f.pending_bytes;
  f.pending.clear();
  f.pending_bytes = 0;
  f.have_seq = false;
  f.syn_seen = false;
  f.at_start = false;
  f.next_off = 0;
}

void reader::impl::hunt(tcp_flow& f) {
  f.mode = tcp_mode::hunt;
  f.held.clear();
  f.scan_from = 0;
  f.collecting = false;
  f.skip_line = false;
  f.partial.clear();
  ws_release(f);
  f.carry.clear();
  f.ws_message.clear();
  f.ws_in_message = false;
  if (f.framer) f.framer->reset();
}

// What the flow holds goes out before it is forgotten: the message a stream
// ended, broke or was evicted in, as it was cut (RFC 3261 §18.3 would have the
// receiver wait for the rest; the validator reports the cut), and the bytes of
// a message that could not be framed.
void reader::impl::end_stream(tcp_flow& f) {
  switch (f.mode) {
    case tcp_mode::sip:
      if (const sniff_kind k = sniff(f.partial); k == sniff_kind::sip || k == sniff_kind::other)
        emit_held(f, f.partial, transport::tcp, now, true);
      break;
    case tcp_mode::hunt:
      if (const sniff_kind k = sniff(f.held); f.collecting && (k == sniff_kind::sip || k == sniff_kind::other))
        emit_held(f, f.held, transport::tcp, now, false);
      else if (!f.collecting && !f.held.empty())
        skip_hunted(f, f.held);
      break;
    case tcp_mode::ws:
      if (f.ws_in_message && !f.ws_message.empty()) emit_held(f, f.ws_message, transport::ws, now, true);
      break;
  }
  hunt(f);
}

// Bytes skipped while hunting for a start line: the middle of a message whose
// start was not seen on a flow that carried SIP (or that looks like SIP), or,
// on another flow, what sniff() says they are.
void reader::impl::skip_hunted(const tcp_flow& f, std::string_view bytes) {
  const sniff_kind k = sniff(bytes);
  skipped(f.carried_sip || k == sniff_kind::sip ? sniff_kind::midstream : k);
}

void reader::impl::emit_held(tcp_flow& f, std::string_view bytes, transport t, stamp at, bool truncated) {
  std::string& kept = keep(std::string(bytes));
  emit(kept, f.src, f.dst, t, true, at);
  f.carried_sip = true;
  if (truncated) ++stats.truncated_messages;
}

void reader::impl::evict_flow() {
  if (lru.empty()) return;
  auto it = flows.find(lru.front());
  lru.pop_front();
  if (it == flows.end()) return;
  end_stream(*it->second);
  pending_total -= it->second->pending_bytes;
  spare_flow = std::move(it->second);
  flows.erase(it);
  ++stats.tcp_flow_evictions;
}

void reader::impl::segment(tcp_flow& f, std::uint32_t seq, std::string_view payload) {
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

void reader::impl::advance(tcp_flow& f, std::size_t n) {
  f.next_off += static_cast<std::int64_t>(n);
  f.next_seq += static_cast<std::uint32_t>(n);
}

// Hands over the held segments that now follow the stream.
void reader::impl::drain(tcp_flow& f) {
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
void reader::impl::gap(tcp_flow& f) {
  if (f.pending.empty()) return;
  ++stats.tcp_gaps;
  std::int64_t skip = f.pending.begin()->first - f.next_off;
  if (skip > 0) advance(f, static_cast<std::size_t>(skip));
  end_stream(f);  // the message the gap cut goes out as it is
  f.at_start = false;  // what follows the gap is not the connection's first bytes
  drain(f);
}

void reader::impl::stream_bytes(tcp_flow& f, std::string_view data, stamp at) {
  for (;;) {
    switch (f.mode) {
      case tcp_mode::hunt: data = hunt_bytes(f, data, at); break;
      case tcp_mode::sip: data = frame_stream(f, data, at); break;
      case tcp_mode::ws: ws_bytes(f, data, at); data = nothing_left; break;
    }
    if (data.data() == nullptr) break;
  }
  f.at_start = false;
}

// Looks for a start line (or a WebSocket handshake) to follow the stream from.
// Collecting (a message that could not be framed, or the first bytes of a
// connection that look like SIP but do not open with a start line), the bytes
// before it are a message of their own; otherwise they are skipped (the middle
// of a message whose start was not seen). Returns the bytes from the start
// line on, in SIP mode, or `nothing_left`.
std::string_view reader::impl::hunt_bytes(tcp_flow& f, std::string_view data, stamp at) {
  bool in_held = !f.held.empty();
  if (in_held) f.held.append(data);
  std::string_view buf = in_held ? std::string_view(f.held) : data;
  if (buf.empty()) return nothing_left;
  if (f.at_start && !in_held && !f.collecting) {  // the first bytes of a connection
    const sniff_kind k = sniff(buf);
    if (k == sniff_kind::sip || (k == sniff_kind::other && (f.carried_sip || sip_port(f.src, f.dst))))
      f.collecting = true;
  }
  if (!f.collecting && f.scan_from == 0 && (buf.starts_with("GET ") || buf.starts_with("HTTP/1."))) {
    const std::size_t end = buf.find("\r\n\r\n");  // an HTTP head: a WebSocket handshake?
    if (end == std::string_view::npos) {
      if (buf.size() < 16384) {
        if (!in_held) f.held.assign(buf);
      } else {
        f.held.clear();
        skipped(sniff_kind::http);
      }
      return nothing_left;
    }
    const std::string_view head = buf.substr(0, end);
    std::string_view rest = buf.substr(end + 4);
    if (in_held) rest = keep(std::string(rest));
    f.held.clear();
    in_held = false;
    if (icontains(head, "websocket")) {
      f.mode = tcp_mode::ws;
      f.ws_message.clear();
      f.ws_in_message = false;
      return rest.empty() ? nothing_left : rest;
    }
    skipped(sniff_kind::http);
    buf = rest;
    if (buf.empty()) return nothing_left;
  }
  std::size_t from = f.scan_from;
  if (f.skip_line) {
    const std::size_t lf = buf.find('\n', from);
    if (lf == std::string_view::npos) {
      if (!in_held) f.held.assign(buf);
      f.scan_from = buf.size();
      return nothing_left;
    }
    from = lf + 1;
    f.skip_line = false;
  }
  std::size_t tail = 0;
  const std::size_t pos = find_start_line(buf, from, tail);
  const stream_limits limits;  // what the framer takes of one message: what is collected of one
  const std::size_t max_held = std::size_t{limits.max_header_bytes} + limits.max_body_bytes;
  if (pos == std::string_view::npos) {
    if (f.collecting) {
      if (buf.size() > max_held) {  // bounded: what was collected goes out as it is
        emit_held(f, buf, transport::tcp, at, true);
        f.held.clear();
        f.scan_from = 0;
        f.collecting = false;
        return nothing_left;
      }
      if (!in_held) f.held.assign(buf);
      f.scan_from = tail;
      return nothing_left;
    }
    if (tail > 0 || buf.size() - tail >= 4096) skip_hunted(f, buf);
    if (buf.size() - tail >= 4096) tail = buf.size();
    if (in_held) f.held.erase(0, tail);
    else f.held.assign(buf.substr(tail));
    f.scan_from = 0;
    return nothing_left;
  }
  if (pos > 0) {
    const sniff_kind k = sniff(buf.substr(0, pos));
    if (f.collecting && (k == sniff_kind::sip || k == sniff_kind::other))
      emit_held(f, buf.substr(0, pos), transport::tcp, at, false);
    else if (!f.collecting)
      skip_hunted(f, buf.substr(0, pos));
  }
  std::string_view rest = buf.substr(pos);
  if (in_held) rest = keep(std::string(rest));
  f.held.clear();
  f.scan_from = 0;
  f.collecting = false;
  f.mode = tcp_mode::sip;
  f.partial.clear();
  if (!f.framer) f.framer = std::make_unique<stream_framer>();
  else f.framer->reset();
  return rest;
}

// Frames the stream; on an error, the frame that failed (from its first byte)
// is collected in hunt mode up to the next start line, and the bytes from it
// on are returned for that.
std::string_view reader::impl::frame_stream(tcp_flow& f, std::string_view chunk, stamp at) {
  stream_framer& fr = *f.framer;
  const std::uint64_t chunk_base = fr.stream_offset() + fr.buffered();
  fr.feed(chunk);
  stream_frame frame;
  for (;;) {
    const stream_event e = fr.next(frame, view);
    if (e == stream_event::need_more) {
      // a copy of the unfinished frame, should the stream end or break in it
      const std::uint64_t start = fr.stream_offset();
      if (start >= chunk_base)
        f.partial.assign(chunk.substr(std::min<std::uint64_t>(start - chunk_base, chunk.size())));
      else
        f.partial.append(chunk);
      return nothing_left;
    }
    if (e == stream_event::message) {
      std::string_view bytes = frame.bytes;
      if (frame.assembled) bytes = keep(std::string(bytes));
      emit(bytes, f.src, f.dst, transport::tcp, frame.assembled, at, &view);
      f.carried_sip = true;
      continue;
    }
    if (e != stream_event::error) continue;  // keepalives
    ++stats.stream_errors;
    const std::uint64_t start = fr.stream_offset();  // the failing frame's first byte
    std::string earlier;                              // its bytes before this chunk
    std::string_view rest = chunk;
    if (start >= chunk_base) rest = chunk.substr(std::min<std::uint64_t>(start - chunk_base, chunk.size()));
    else earlier = std::move(f.partial);
    hunt(f);
    f.collecting = true;
    f.skip_line = true;
    f.held = std::move(earlier);
    return rest.data() ? rest : chunk.substr(chunk.size());
  }
}

// At the end of the capture: what the flows still hold, one flow at a time
// (the SCTP messages left unfinished first).
bool reader::impl::flush_one() {
  while (!sctp.empty()) sctp_cut(sctp.begin());
  if (head < queue.size()) return true;
  while (!flows.empty()) {
    auto it = flows.begin();
    tcp_flow& f = *it->second;
    while (!f.pending.empty()) gap(f);
    end_stream(f);
    pending_total -= f.pending_bytes;
    lru.erase(f.lru);
    flows.erase(it);
    if (head < queue.size()) return true;
  }
  return false;
}

}  // namespace sipspan::capture
