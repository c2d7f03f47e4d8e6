// sipspan — HEP3 packets (sipspan/hep.hpp) and the reader's HEP receiver
// (reader::open_hep; on UDP one datagram, one HEP packet, one SIP message;
// TCP in hep_tcp.cpp).

#include "sipspan/hep.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "capture_impl.hpp"

namespace sipspan::capture {

bool decode_hep3(std::string_view packet, hep_packet& out, std::string& why, std::size_t& at) {
  const auto* p = reinterpret_cast<const unsigned char*>(packet.data());
  out = hep_packet{};
  at = 0;
  if (packet.size() < 6 || std::memcmp(p, "HEP3", 4) != 0) {
    why = "not a HEP3 packet (no \"HEP3\" magic)";
    return false;
  }
  const std::size_t total = be16(p + 4);
  if (total < 6 || total > packet.size()) {
    at = 4;
    why = "the total length " + std::to_string(total) + " is not within the " + std::to_string(packet.size()) +
          " bytes received";
    return false;
  }
  std::uint32_t sec = 0, usec = 0;
  bool payload = false;
  for (at = 6; at < total;) {
    if (total - at < 6) {
      why = "a chunk head cut short";
      return false;
    }
    const std::uint16_t vendor = be16(p + at), type = be16(p + at + 2), length = be16(p + at + 4);
    if (length < 6 || length > total - at) {
      why = "chunk type " + std::to_string(type) + ": length " + std::to_string(length) + " past the packet";
      return false;
    }
    const unsigned char* v = p + at + 6;
    const std::size_t n = length - 6u;
    if (vendor == 0) {
      switch (type) {
        case 2: if (n >= 1) out.ip_proto = v[0]; break;
        case 3: if (n == 4) std::memcpy(out.src.addr.data(), v, 4); break;
        case 4: if (n == 4) std::memcpy(out.dst.addr.data(), v, 4); break;
        case 5: if (n == 16) { std::memcpy(out.src.addr.data(), v, 16); out.src.v6 = true; } break;
        case 6: if (n == 16) { std::memcpy(out.dst.addr.data(), v, 16); out.dst.v6 = true; } break;
        case 7: if (n == 2) out.src.port = be16(v); break;
        case 8: if (n == 2) out.dst.port = be16(v); break;
        case 9: if (n == 4) sec = be32(v); break;
        case 10: if (n == 4) usec = be32(v); break;
        case 11: if (n >= 1) out.payload_type = v[0]; break;
        case 15:
          out.payload = packet.substr(at + 6, n);
          payload = true;
          break;
        default: break;  // agent id, auth key, correlation id, ...
      }
    }
    at += length;
  }
  if (!payload) {
    why = "no payload chunk (type 15)";
    return false;
  }
  out.ts_ns = static_cast<std::int64_t>(sec) * 1'000'000'000 + static_cast<std::int64_t>(usec % 1'000'000) * 1000;
  return true;
}

bool reader::open_hep(const std::string& spec, capture_error& err) {
  impl& m = *impl_;
  auto fail = [&](const std::string& text) {
    err = {0, spec + ": " + text};
    m.error = err;
    m.failed = m.done = true;
    return false;
  };
  // udp:ADDR:PORT or tcp:ADDR:PORT, ADDR an IPv4 address or an IPv6 one in brackets
  const bool tcp = spec.rfind("tcp:", 0) == 0;
  if (!tcp && spec.rfind("udp:", 0) != 0) return fail("HEP is received as udp:ADDRESS:PORT or tcp:ADDRESS:PORT");
  const std::size_t colon = spec.rfind(':');
  std::string host = spec.substr(4, colon - 4);
  const std::string port_text = spec.substr(colon + 1);
  char* end = nullptr;
  const unsigned long port = std::strtoul(port_text.c_str(), &end, 10);
  if (colon <= 4 || port_text.empty() || *end != '\0' || port > 65535) return fail("no port after the address");
  const bool v6 = host.size() > 2 && host.front() == '[' && host.back() == ']';
  if (v6) host = host.substr(1, host.size() - 2);
  sockaddr_storage ss{};
  socklen_t len;
  if (v6) {
    auto* a = reinterpret_cast<sockaddr_in6*>(&ss);
    a->sin6_family = AF_INET6;
    a->sin6_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET6, host.c_str(), &a->sin6_addr) != 1) return fail("'" + host + "' is not an IPv6 address");
    len = sizeof *a;
  } else {
    auto* a = reinterpret_cast<sockaddr_in*>(&ss);
    a->sin_family = AF_INET;
    a->sin_port = htons(static_cast<std::uint16_t>(port));
    if (::inet_pton(AF_INET, host.c_str(), &a->sin_addr) != 1) return fail("'" + host + "' is not an IPv4 address");
    len = sizeof *a;
  }
  m.hep_fd = ::socket(v6 ? AF_INET6 : AF_INET, (tcp ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
  if (m.hep_fd < 0) return fail(std::string("socket: ") + std::strerror(errno));
  const int on = 1;
  if (tcp) ::setsockopt(m.hep_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);  // a restarted collector binds at once
  const char* step = "bind";
  bool ok = ::bind(m.hep_fd, reinterpret_cast<sockaddr*>(&ss), len) == 0;
  if (ok && tcp) {
    step = "listen";
    ok = ::listen(m.hep_fd, 64) == 0;
  }
  if (!ok) {
    const std::string why = std::string(step) + ": " + std::strerror(errno);
    ::close(m.hep_fd);
    m.hep_fd = -1;
    return fail(why);
  }
  m.hep_tcp = tcp;
  m.hep_spec = spec;
  m.live = true;
  return true;
}

bool reader::impl::hep_deliver(std::string_view packet, sip_message& out) {
  ++stats.records;
  stats.bytes += packet.size();
  hep_packet h;
  std::string why;
  std::size_t at;
  if (!decode_hep3(packet, h, why, at)) {
    ++stats.malformed;
    return false;
  }
  if (h.payload_type != 1) {
    ++stats.non_sip;
    return false;
  }
  out = sip_message{};
  out.record = stats.records;
  out.ts_ns = h.ts_ns;
  out.src = h.src;
  out.dst = h.dst;
  out.proto = h.ip_proto == 6 ? transport::tcp : h.ip_proto == 132 ? transport::sctp : transport::udp;
  out.bytes = h.payload;
  ++stats.messages;
  return true;
}

// The next SIP message a HEP datagram carries; packets that are not HEP3 or
// carry something else than SIP are counted (malformed, non_sip) and skipped.
bool reader::impl::hep_next(sip_message& out) {
  hep_buffer.resize(65536);
  for (;;) {
    if (options.stop && options.stop()) {
      done = true;
      return false;
    }
    pollfd pfd{hep_fd, POLLIN, 0};
    if (options.waiting && ::poll(&pfd, 1, 0) == 0) options.waiting();
    if (::poll(&pfd, 1, 100) <= 0) continue;  // a quiet sender, or a signal: ask stop() again
    const ssize_t n = ::recv(hep_fd, hep_buffer.data(), hep_buffer.size(), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      failed = done = true;
      error = {stats.records + 1, std::string("recv: ") + std::strerror(errno)};
      return false;
    }
    if (hep_deliver(std::string_view(hep_buffer.data(), static_cast<std::size_t>(n)), out)) return true;
  }
}

}  // namespace sipspan::capture
