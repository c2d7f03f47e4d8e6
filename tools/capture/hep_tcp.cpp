// sipspan — the reader's HEP collector on TCP (reader::open_hep "tcp:..."):
// connections accepted on the listening socket, each one's bytes cut into
// HEP3 packets by hep_framer (at most one packet held a connection), the
// packets of all connections handed out in turn.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "capture_impl.hpp"

namespace sipspan::capture {

namespace {

endpoint peer_endpoint(const sockaddr_storage& ss) {
  endpoint e;
  if (ss.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&ss);
    std::memcpy(e.addr.data(), &a->sin6_addr, 16);
    e.v6 = true;
    e.port = ntohs(a->sin6_port);
  } else {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&ss);
    std::memcpy(e.addr.data(), &a->sin_addr, 4);
    e.port = ntohs(a->sin_port);
  }
  return e;
}

}  // namespace

void reader::impl::hep_accept() {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  const int fd = ::accept4(hep_fd, reinterpret_cast<sockaddr*>(&ss), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
  if (fd < 0) return;  // gone before it was accepted, or out of descriptors: the next poll says again
  const endpoint peer = peer_endpoint(ss);
  if (hep_connections.size() >= options.max_hep_connections) {
    ::close(fd);
    if (options.notice)
      options.notice({stats.records, hep_spec + ": HEP connection from " + peer.text() + " refused: it would be one more than the " +
                                         std::to_string(hep_connections.size()) + " served at once"});
    return;
  }
  auto c = std::make_unique<hep_connection>();
  c->fd = fd;
  c->peer = peer;
  hep_connections.push_back(std::move(c));
}

// Closes connection i; `why` (when not empty) is told as a notice and counted
// as a stream that could not be framed.
void reader::impl::hep_close(std::size_t i, const std::string& why) {
  hep_connection& c = *hep_connections[i];
  if (!why.empty()) {
    ++stats.stream_errors;
    if (options.notice)
      options.notice({stats.records, hep_spec + ": HEP connection from " + c.peer.text() + ": " + why +
                                         "; the connection is closed"});
  }
  ::close(c.fd);
  c.fd = -1;
}

bool reader::impl::hep_tcp_next(sip_message& out) {
  std::vector<pollfd> fds;
  for (;;) {
    if (options.stop && options.stop()) {
      done = true;
      return false;
    }
    // whole packets already read, the connections in turn
    const std::size_t n = hep_connections.size();
    for (std::size_t k = 0; k < n; ++k) {
      const std::size_t i = (hep_turn + k) % n;
      hep_connection& c = *hep_connections[i];
      if (c.fd < 0) continue;
      std::string_view packet;
      std::string why;
      for (;;) {
        const hep_framer::result r = c.framer.next(packet, why);
        if (r == hep_framer::result::more) break;
        if (r == hep_framer::result::bad) {
          hep_close(i, "byte " + std::to_string(c.framer.offset()) + ": " + why);
          break;
        }
        if (hep_deliver(packet, out)) {
          hep_turn = i + 1;
          return true;
        }
      }
    }
    std::erase_if(hep_connections, [](const auto& c) { return c->fd < 0; });
    hep_turn = 0;

    // wait for a connection or bytes (100 ms at most: stop() is asked again)
    fds.assign(1, pollfd{hep_fd, POLLIN, 0});
    for (const auto& c : hep_connections) fds.push_back({c->fd, POLLIN, 0});
    if (options.waiting && ::poll(fds.data(), fds.size(), 0) == 0) options.waiting();
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (std::size_t i = 0; i < hep_connections.size(); ++i) {
      if (fds[i + 1].revents == 0) continue;
      hep_connection& c = *hep_connections[i];
      const ssize_t got = ::recv(c.fd, c.framer.space(), c.framer.room(), 0);
      if (got > 0) {
        c.framer.commit(static_cast<std::size_t>(got));
      } else if (got == 0) {  // the sender closed it
        hep_close(i, c.framer.held() ? "it ended inside a packet (" + std::to_string(c.framer.held()) +
                                           " bytes of it from byte " + std::to_string(c.framer.offset()) + ")"
                                     : std::string());
      } else if (errno != EINTR && errno != EAGAIN && errno != EWOULDBLOCK) {
        hep_close(i, std::string("recv: ") + std::strerror(errno));
      }
    }
    if (fds[0].revents & POLLIN) hep_accept();
  }
}

}  // namespace sipspan::capture
