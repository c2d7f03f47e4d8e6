// sipspan — HEP3 over TCP: the framer (sipspan/hep_framer.hpp) cuts a
// connection's bytes into packets however the reads split them, refuses a
// stream that is not HEP3 at the byte where it stops being so, and holds no
// more than one packet; the reader's collector (open_hep "tcp:...") serves
// several connections at once and tells what it closes and why.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "sipspan/capture.hpp"
#include "sipspan/hep_framer.hpp"
#include "hep_packets.hpp"

namespace {

using sipspan::capture::hep_framer;
using namespace sipspan::testing::hep;

std::string sip(int n) {
  return "OPTIONS sip:a@example.com SIP/2.0\r\nCall-ID: hep-tcp-" + std::to_string(n) + "\r\nContent-Length: 0\r\n\r\n";
}

// Feeds `bytes` in reads of `step` bytes; the packets that come out, in order.
std::vector<std::string> frame(const std::string& bytes, std::size_t step, hep_framer& f, std::string& why) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < bytes.size(); at += step) {
    const std::size_t n = std::min({step, bytes.size() - at, f.room()});
    std::memcpy(f.space(), bytes.data() + at, n);
    f.commit(n);
    if (n < step) at -= step - n;  // what did not fit comes in the next read
    std::string_view p;
    for (hep_framer::result r; (r = f.next(p, why)) != hep_framer::result::more;) {
      if (r == hep_framer::result::bad) return out;
      out.emplace_back(p);
    }
  }
  return out;
}

TEST(hep_framer, packets_come_out_whole_however_the_reads_split_them) {
  const std::string a = ipv4_packet(sip(1)), b = ipv4_packet(sip(2)), c = ipv4_packet(std::string(60000, 'x'));
  const std::string stream = a + b + c + a;
  for (std::size_t step : {std::size_t{1}, std::size_t{5}, std::size_t{6}, a.size() - 1, a.size() + b.size(),
                           std::size_t{65536}, stream.size()}) {
    hep_framer f;
    std::string why;
    const std::vector<std::string> got = frame(stream, step, f, why);
    ASSERT_EQ(got.size(), 4u) << "reads of " << step << ": " << why;
    EXPECT_EQ(got[0], a);
    EXPECT_EQ(got[1], b);  // two in one read
    EXPECT_EQ(got[2], c);  // a packet of 60 000 bytes split over reads
    EXPECT_EQ(got[3], a);
    EXPECT_EQ(f.held(), 0u);
    EXPECT_EQ(f.offset(), stream.size());  // where the next packet starts
  }
}

TEST(hep_framer, a_cut_packet_is_held_and_its_start_known) {
  const std::string a = ipv4_packet(sip(1)), b = ipv4_packet(sip(2));
  hep_framer f;
  std::string why;
  const std::string cut = a + b.substr(0, 10);
  EXPECT_EQ(frame(cut, 7, f, why).size(), 1u);
  EXPECT_EQ(f.held(), 10u);  // a connection ending here ends inside a packet
  EXPECT_EQ(f.offset(), a.size());
  // the head alone cut short too
  hep_framer g;
  EXPECT_EQ(frame(a.substr(0, 3), 1, g, why).size(), 0u);
  EXPECT_EQ(g.held(), 3u);
}

TEST(hep_framer, a_stream_that_is_not_hep3_is_refused_where_it_stops) {
  const std::string a = ipv4_packet(sip(1));
  std::string why;
  {  // foreign bytes after a packet: refused at the first byte that differs, not after 64 KiB
    hep_framer f;
    EXPECT_EQ(frame(a + "HEX", 1, f, why).size(), 1u);
    EXPECT_EQ(f.offset(), a.size());
    EXPECT_NE(why.find("no \"HEP3\" magic"), std::string::npos) << why;
  }
  {  // a total length shorter than the head
    hep_framer f;
    EXPECT_EQ(frame(a + "HEP3" + u16(5) + "rest", 64, f, why).size(), 1u);
    EXPECT_EQ(f.offset(), a.size() + 4);
    EXPECT_NE(why.find("total length 5"), std::string::npos) << why;
  }
  {  // a total length longer than the packet: the next packet's bytes are read as its own, then no magic
    std::string bad = a;
    bad[5] = static_cast<char>(bad[5] + 4);
    hep_framer f;
    EXPECT_EQ(frame(bad + a + a, 3, f, why).size(), 1u);
    EXPECT_EQ(f.offset(), a.size() + 4);
  }
}

TEST(hep_framer, holds_at_most_one_packet) {
  hep_framer f;
  std::string why;
  // the largest packet a 16-bit length says fills it exactly; nothing more is read before it is given
  const std::string big = packet(chunk(15, std::string(hep_framer::max_packet - 12, 'y')));
  ASSERT_EQ(big.size(), hep_framer::max_packet);
  std::memcpy(f.space(), big.data(), big.size());
  f.commit(big.size());
  EXPECT_EQ(f.room(), 0u);
  std::string_view p;
  ASSERT_EQ(f.next(p, why), hep_framer::result::packet);
  EXPECT_EQ(p.size(), big.size());
  EXPECT_EQ(f.next(p, why), hep_framer::result::more);
  EXPECT_EQ(f.room(), hep_framer::max_packet);
}

// ------------------------------------------------ the reader's collector

std::atomic<bool> stop_now{false};
bool stop_requested() { return stop_now.load(); }

int free_tcp_port() {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(s);
  return ntohs(a.sin_port);
}

int connect_to(int port) {
  const int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  for (int i = 0; i < 100 && ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return s;
}

void send_all(int s, std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(s, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) return;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
}

struct collected {
  std::vector<std::string> messages;  // the SIP payloads
  std::vector<std::string> notices;
};

// Runs a collector on a free port while `sender` talks to it, until `want`
// messages came (or 10 s passed).
template <class Sender>
collected collect(std::size_t want, Sender sender, std::uint32_t max_connections = 256) {
  collected out;
  const int port = free_tcp_port();
  sipspan::capture::reader_options o;
  o.stop = stop_requested;
  o.max_hep_connections = max_connections;
  o.notice = [&](const sipspan::capture::capture_error& e) { out.notices.push_back(e.message); };
  sipspan::capture::reader r(o);
  sipspan::capture::capture_error err;
  stop_now = false;
  EXPECT_TRUE(r.open_hep("tcp:127.0.0.1:" + std::to_string(port), err)) << err.message;
  std::thread t([&] { sender(port); });
  std::thread watchdog([&] {
    for (int i = 0; i < 1000 && !stop_now; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stop_now = true;
  });
  sipspan::capture::sip_message m;
  while (out.messages.size() < want && r.next(m)) {
    out.messages.emplace_back(m.bytes);
    EXPECT_EQ(m.src.text(), "192.0.2.10:5070");
  }
  t.join();
  // what the sender did last (a bad stream, a close) is seen within the next polls
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(300);
  stop_now = false;
  std::thread later([&] {
    std::this_thread::sleep_until(until);
    stop_now = true;
  });
  while (r.next(m)) out.messages.emplace_back(m.bytes);
  later.join();
  stop_now = true;
  watchdog.join();
  return out;
}

TEST(hep_collector, serves_several_connections_at_once) {
  const collected c = collect(6, [](int port) {
    const int a = connect_to(port), b = connect_to(port);
    const std::string p1 = ipv4_packet(sip(1)), p2 = ipv4_packet(sip(2));
    send_all(a, p1.substr(0, 20));  // a's first packet split around b's two in one write
    send_all(b, p2 + p2);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    send_all(a, p1.substr(20) + p1);
    const int c3 = connect_to(port);
    send_all(c3, ipv4_packet(sip(3)) + ipv4_packet(sip(3)));
    ::close(a);
    ::close(b);
    ::close(c3);
  });
  ASSERT_EQ(c.messages.size(), 6u);
  int per[4] = {};
  for (const std::string& m : c.messages) ++per[m[m.find("hep-tcp-") + 8] - '0'];
  EXPECT_EQ(per[1], 2);
  EXPECT_EQ(per[2], 2);
  EXPECT_EQ(per[3], 2);
  EXPECT_TRUE(c.notices.empty()) << c.notices.front();
}

TEST(hep_collector, a_connection_that_stops_being_hep3_is_closed_with_where) {
  const std::string p = ipv4_packet(sip(1));
  const collected c = collect(2, [&](int port) {
    const int bad = connect_to(port), good = connect_to(port);
    send_all(bad, p + "GET / HTTP/1.1\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    send_all(good, p);  // the other connection goes on
    ::close(good);
    ::close(bad);
  });
  EXPECT_EQ(c.messages.size(), 2u);
  ASSERT_EQ(c.notices.size(), 1u);
  EXPECT_NE(c.notices[0].find("byte " + std::to_string(p.size()) + ": not a HEP3 packet"), std::string::npos)
      << c.notices[0];
  EXPECT_NE(c.notices[0].find("the connection is closed"), std::string::npos) << c.notices[0];
}

TEST(hep_collector, a_connection_that_ends_inside_a_packet_is_told) {
  const std::string p = ipv4_packet(sip(1));
  const collected c = collect(1, [&](int port) {
    const int s = connect_to(port);
    send_all(s, p + p.substr(0, 30));
    ::close(s);
  });
  EXPECT_EQ(c.messages.size(), 1u);
  ASSERT_EQ(c.notices.size(), 1u);
  EXPECT_NE(c.notices[0].find("ended inside a packet (30 bytes of it from byte " + std::to_string(p.size())),
            std::string::npos)
      << c.notices[0];
}

TEST(hep_collector, connections_past_the_cap_are_refused_and_told) {
  const std::string p = ipv4_packet(sip(1));
  const collected c = collect(
      1,
      [&](int port) {
        const int first = connect_to(port);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));  // accepted before the second comes
        const int second = connect_to(port);
        send_all(second, p);
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        send_all(first, p);
        ::close(second);
        ::close(first);
      },
      1);
  EXPECT_EQ(c.messages.size(), 1u);
  ASSERT_EQ(c.notices.size(), 1u);
  EXPECT_NE(c.notices[0].find("refused: it would be one more than the 1 served at once"), std::string::npos) << c.notices[0];
}

}  // namespace
