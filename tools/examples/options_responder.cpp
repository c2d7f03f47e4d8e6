// options_responder — embedding sipspan in a small UDP server.
//
//   options_responder PORT [COUNT [TIMEOUT_SECONDS]]
//
// Binds a UDP socket to 127.0.0.1:PORT (0 picks an ephemeral port) and prints
// "listening on 127.0.0.1:N" on stdout. Each datagram is framed and parsed
// with sipspan::frame_datagram (RFC 3261 §18.3), without copying, and each
// message in it is answered:
//
//   OPTIONS                  200 OK built from the request (RFC 3261 §8.2.6, §11.2):
//                            every Via in order, From, To (with a To tag added when it
//                            has none), Call-ID and CSeq copied; Allow; Content-Length: 0
//   ACK                      nothing (an ACK is never answered)
//   any other request        501 Not Implemented, built the same way
//   a response               nothing
//   a datagram that does not parse, or a request without Via, From, To,
//   Call-ID or CSeq          nothing: it is dropped and reported on stderr
//                            (there is no usable Via to answer to)
//
// The answer goes to the datagram's source address and port (symmetric
// response, as RFC 3581 rport asks; the Via sent-by is not consulted).
// After COUNT datagrams (default 10) it exits with status 0; when no datagram
// arrives for TIMEOUT_SECONDS (default 30) it exits with status 3. Usage
// errors exit with 2, socket errors with 1. Only 127.0.0.1 is ever bound.
//
// This example uses the C++ API (sipspan.hpp).
#include <sipspan/sipspan.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

bool parse_number(const char* text, unsigned long max, unsigned long& out) {
  std::string_view s(text);
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && out <= max;
}

// Header values may hold folds (CRLF WSP); a response carries them unfolded.
void append_unfolded(std::string& out, std::string_view value) {
  for (char c : value) out.push_back(c == '\r' || c == '\n' ? ' ' : c);
}

void append_header(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  append_unfolded(out, value);
  out.append("\r\n");
}

// A To tag for this response: unique enough for an example (pid and a counter).
std::string make_tag() {
  static unsigned counter = 0;
  char buf[32];
  int n = std::snprintf(buf, sizeof buf, "%x%04x", static_cast<unsigned>(getpid()), ++counter & 0xffffu);
  return std::string(buf, static_cast<std::size_t>(n));
}

// Builds the response to `msg` with the given status; false when a header
// field the response copies (Via, From, To, Call-ID, CSeq) is missing or does
// not parse.
bool build_response(const sipspan::message_view& msg, int status, std::string_view reason, std::string& out) {
  using sipspan::header_id;
  sipspan::header_view h;
  if (!msg.find(header_id::via, h) || !msg.has(header_id::from) || !msg.has(header_id::to) ||
      !msg.has(header_id::call_id) || !msg.has(header_id::cseq))
    return false;
  sipspan::via_view via;
  sipspan::name_addr_view from, to;
  sipspan::cseq_view cseq;
  if (!sipspan::parse_via(msg.value(header_id::via), via) ||
      !sipspan::parse_name_addr(msg.value(header_id::from), from) ||
      !sipspan::parse_name_addr(msg.value(header_id::to), to) ||
      !sipspan::parse_cseq(msg.value(header_id::cseq), cseq))
    return false;

  out.clear();
  char line[64];
  std::snprintf(line, sizeof line, "SIP/2.0 %d ", status);
  out.append(line);
  out.append(reason);
  out.append("\r\n");
  // Every Via row, in order (RFC 3261 §8.2.6.2), under its canonical name.
  for (std::uint16_t row = h.index; row != sipspan::no_header; row = msg.next_row(header_id::via, row))
    append_header(out, "Via", msg.header(row).value);
  append_header(out, "From", msg.value(header_id::from));
  out.append("To: ");
  append_unfolded(out, msg.value(header_id::to));
  if (!to.params.has("tag")) {  // RFC 3261 §8.2.6.2: add a tag
    out.append(";tag=");
    out.append(make_tag());
  }
  out.append("\r\n");
  append_header(out, "Call-ID", msg.value(header_id::call_id));
  append_header(out, "CSeq", msg.value(header_id::cseq));
  out.append("Allow: OPTIONS\r\n");
  out.append("Content-Length: 0\r\n\r\n");
  return true;
}

std::string address_text(const sockaddr_in& a) {
  char ip[INET_ADDRSTRLEN] = "?";
  inet_ntop(AF_INET, &a.sin_addr, ip, sizeof ip);
  return std::string(ip) + ":" + std::to_string(ntohs(a.sin_port));
}

}  // namespace

int main(int argc, char** argv) {
  unsigned long port = 0, count = 10, timeout = 30;
  if (argc < 2 || argc > 4 || !parse_number(argv[1], 65535, port) ||
      (argc > 2 && (!parse_number(argv[2], 1000000, count) || count == 0)) ||
      (argc > 3 && (!parse_number(argv[3], 86400, timeout) || timeout == 0))) {
    std::fprintf(stderr, "usage: %s PORT [COUNT [TIMEOUT_SECONDS]]   (binds 127.0.0.1; PORT 0 = ephemeral)\n",
                 argc > 0 ? argv[0] : "options_responder");
    return 2;
  }

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    std::perror("socket");
    return 1;
  }
  sockaddr_in local{};
  local.sin_family = AF_INET;
  local.sin_port = htons(static_cast<std::uint16_t>(port));
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  // 127.0.0.1 only
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(timeout);
  socklen_t len = sizeof local;
  if (bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&local), &len) != 0) {
    std::perror("options_responder");
    close(fd);
    return 1;
  }
  std::printf("listening on 127.0.0.1:%u\n", static_cast<unsigned>(ntohs(local.sin_port)));
  std::fflush(stdout);

  std::vector<char> buffer(65536);
  sipspan::datagram_messages messages;  // fixed capacity: no allocation while parsing
  std::string response;
  for (unsigned long served = 0; served < count;) {
    sockaddr_in peer{};
    socklen_t peer_len = sizeof peer;
    ssize_t n = recvfrom(fd, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&peer), &peer_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        std::fprintf(stderr, "options_responder: no datagram for %lu s, exiting\n", timeout);
        close(fd);
        return 3;
      }
      std::perror("recvfrom");
      close(fd);
      return 1;
    }
    ++served;
    const std::string from = address_text(peer);
    std::string_view datagram(buffer.data(), static_cast<std::size_t>(n));
    sipspan::result r = sipspan::frame_datagram(datagram, messages);
    if (!r)  // the messages framed before the error are still answered
      std::fprintf(stderr, "%s: dropped from byte %u: %.*s [%.*s]\n", from.c_str(), static_cast<unsigned>(r.offset),
                   int(r.message().size()), r.message().data(), int(r.name().size()), r.name().data());
    for (const sipspan::datagram_message& m : messages) {
      const sipspan::message_view& msg = m.view;
      if (!msg.is_request() || msg.method_kind() == sipspan::method_id::ack) continue;
      const bool options = msg.method_kind() == sipspan::method_id::options;
      if (!build_response(msg, options ? 200 : 501, options ? "OK" : "Not Implemented", response)) {
        std::fprintf(stderr, "%s: %.*s without a usable Via, From, To, Call-ID or CSeq: dropped\n", from.c_str(),
                     int(msg.method().size()), msg.method().data());
        continue;
      }
      if (sendto(fd, response.data(), response.size(), 0, reinterpret_cast<sockaddr*>(&peer), peer_len) < 0)
        std::perror("sendto");
      else
        std::fprintf(stderr, "%s: %.*s -> %d\n", from.c_str(), int(msg.method().size()), msg.method().data(),
                     options ? 200 : 501);
    }
  }
  close(fd);
  return 0;
}
