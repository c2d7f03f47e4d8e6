// sipspan — capture: SIP over WebSocket (RFC 7118) on a TCP stream after its
// HTTP upgrade: RFC 6455 frames (masked or not, fragmented, control frames
// between), a whole text or binary message being one SIP message.
//
// Memory: one message is at most reader_options::max_ws_message bytes, and the
// bytes all flows hold (unfinished frames and messages) at most max_ws_total:
// past it, the flows that started holding theirs first are cut, their partial
// message handed out as truncated (capture_stats::ws_evictions).
#include "capture_impl.hpp"

namespace sipspan::capture {

// WebSocket frames (RFC 6455) after the handshake; a whole message is SIP.
void reader::impl::ws_bytes(tcp_flow& f, std::string_view data, stamp at) {
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
    if (is_sip(message, f.src, f.dst, f.carried_sip)) {
      emit(message, f.src, f.dst, transport::ws, f.ws_split, at);
      f.carried_sip = true;
    }
  }
  if (!ok) {  // frames that cannot be followed: the message they were in goes out as it was cut
    ++stats.stream_errors;
    end_stream(f);
    return;
  }
  // the unfinished frame stays (erasing only what was framed: no copy per segment)
  if (joined) f.carry.erase(0, pos);
  else f.carry.assign(data.substr(pos));
  ws_charge(f);
}


void reader::impl::ws_charge(tcp_flow& f) {
  if (f.carry.empty() && f.carry.capacity() > 65536) std::string().swap(f.carry);  // an idle flow keeps little
  const std::size_t held = f.carry.size() + f.ws_message.size();
  ws_total = ws_total - f.ws_charged + held;
  if (f.ws_charged == 0 && held > 0) {
    f.ws_serial = ++ws_serial;
    ws_order.emplace_back(f.ws_serial, *f.lru);
  }
  f.ws_charged = held;
  if (held == 0) f.ws_serial = 0;
  while (ws_total > options.max_ws_total && !ws_order.empty()) {
    const auto [serial, key] = ws_order.front();
    ws_order.pop_front();
    auto it = flows.find(key);
    if (it == flows.end() || it->second->ws_serial != serial) continue;  // stale
    ++stats.ws_evictions;
    end_stream(*it->second);  // its partial message goes out as truncated; the bytes are let go
  }
  if (ws_order.size() > 2 * flows.size() + 64) {  // drop the stale entries
    std::erase_if(ws_order, [&](const std::pair<std::uint64_t, key_bytes>& e) {
      auto it = flows.find(e.second);
      return it == flows.end() || it->second->ws_serial != e.first;
    });
  }
}

void reader::impl::ws_release(tcp_flow& f) {
  ws_total -= f.ws_charged;
  f.ws_charged = 0;
  f.ws_serial = 0;
}

}  // namespace sipspan::capture
