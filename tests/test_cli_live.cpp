// sipspan — end-to-end test of a live capture: `sipspan score --interface lo
// --filter ...` while the test itself sends SIP over UDP on the loopback
// interface. Skipped, with the reason, when the process may not capture
// (not root, no CAP_NET_RAW) or libpcap cannot open the interface.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#include "cli_process.hpp"
#include "sip_requests.hpp"
#include "test_util.hpp"

namespace {

using namespace sipspan::testing::process;

std::string options(int n, int port) {
  sipspan::testing::request_names r;
  r.uri = "sip:probe@127.0.0.1:" + std::to_string(port);
  r.via = "127.0.0.1:5999";
  r.name = r.call = "live";
  r.from = "sip:live@example.com";
  r.tag = "l";
  r.to = "sip:probe@example.com";
  return sipspan::testing::numbered_request("OPTIONS", n, r);
}

void send_udp(const std::string& payload, int port) {
  int s = ::socket(AF_INET, SOCK_DGRAM, 0);
  ASSERT_GE(s, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(port));
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(::sendto(s, payload.data(), payload.size(), 0, reinterpret_cast<sockaddr*>(&to), sizeof to),
            static_cast<ssize_t>(payload.size()));
  ::close(s);
}

// Waits for `text` in the file at `path` (the CLI's standard error).
bool wait_for(const std::string& path, const std::string& text, ms within) {
  const auto deadline = clock_type::now() + within;
  while (clock_type::now() < deadline) {
    if (sipspan::testing::read_file(path).find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(ms(20));
  }
  return false;
}

}  // namespace

TEST(cli_live, scores_what_the_test_sends_on_loopback) {
  if (::geteuid() != 0) GTEST_SKIP() << "a live capture needs root (or CAP_NET_RAW): not run";
  const int port = 47000 + static_cast<int>(::getpid() % 1000);
  const int devnull = ::open("/dev/null", O_RDONLY);
  cli_process c = start_cli(devnull, -1, {"score", "--format", "jsonl", "--interface", "lo", "--filter",
                                          "udp and dst port " + std::to_string(port)});
  ::close(devnull);
  if (!wait_for(c.err_path, "listening on lo", ms(5000))) {
    const std::string err = sipspan::testing::read_file(c.err_path);
    ::kill(c.pid, SIGKILL);
    wait_status(c.pid, ms(1000));
    GTEST_SKIP() << "libpcap cannot capture on lo here: " << err;
  }
  const auto start = clock_type::now();
  for (int n = 1; n <= 3; ++n) send_udp(options(n, port), port);
  send_udp(options(9, port + 1), port + 1);  // outside the filter
  timed_lines got;
  read_lines(c.out, start, start + ms(5000), got, 3);
  ASSERT_EQ(got.lines.size(), 3u) << sipspan::testing::read_file(c.err_path);
  for (int n = 1; n <= 3; ++n) {
    const std::string& l = got.lines[static_cast<std::size_t>(n - 1)];
    EXPECT_NE(l.find("\"call_id\":\"live-" + std::to_string(n) + "@example.com\""), std::string::npos) << l;
    EXPECT_NE(l.find("\"src_ip\":\"127.0.0.1\""), std::string::npos) << l;
    EXPECT_NE(l.find("\"dest_port\":" + std::to_string(port) + ","), std::string::npos) << l;
    EXPECT_NE(l.find("\"file\":\"lo\""), std::string::npos) << l;
    EXPECT_LT(got.at[static_cast<std::size_t>(n - 1)], ms(2000)) << "a live record waits for nothing";
  }
  ::kill(c.pid, SIGINT);
  EXPECT_EQ(wait_status(c.pid, ms(3000)), 0);
  ::close(c.out);
  const std::string err = sipspan::testing::read_file(c.err_path);
  EXPECT_NE(err.find("lo: 3 SIP messages"), std::string::npos) << err;
  EXPECT_NE(err.find("stopped by SIGINT after 3 messages"), std::string::npos) << err;
  std::remove(c.err_path.c_str());
}

TEST(cli_live, a_bad_filter_or_interface_is_an_error_before_anything_runs) {
  const int devnull = ::open("/dev/null", O_RDONLY);
  for (const char* bad : {"--filter", "--interface"}) {
    std::vector<std::string> args{"score", "--interface", "lo", "--filter", "udp and and"};
    if (std::string(bad) == "--interface") args = {"score", "--interface", "no-such-interface0"};
    cli_process c = start_cli(devnull, -1, args);
    EXPECT_EQ(wait_status(c.pid, ms(5000)), 2) << bad;
    ::close(c.out);
    const std::string err = sipspan::testing::read_file(c.err_path);
    const std::string want = std::string(bad) == "--filter" ? "lo: filter 'udp and and': " : "no-such-interface0: ";
    if (std::string(bad) == "--interface" || ::geteuid() == 0) {
      EXPECT_NE(err.find(want), std::string::npos) << err;
    }
    std::remove(c.err_path.c_str());
  }
  ::close(devnull);
}

TEST(cli_live, a_hep_address_that_cannot_be_bound_is_an_error) {
  const int devnull = ::open("/dev/null", O_RDONLY);
  const std::pair<const char*, const char*> cases[] = {
      {"sctp:127.0.0.1:9060", "sctp:127.0.0.1:9060: HEP is received as udp:ADDRESS:PORT or tcp:ADDRESS:PORT"},
      {"tcp:192.0.2.1:9060", "tcp:192.0.2.1:9060: bind: "},
      {"udp:localhost:9060", "udp:localhost:9060: 'localhost' is not an IPv4 address"},
      {"udp:127.0.0.1:99999", "udp:127.0.0.1:99999: no port after the address"},
      {"udp:192.0.2.1:9060", "udp:192.0.2.1:9060: bind: "}};  // not an address of this host
  for (auto [spec, want] : cases) {
    cli_process c = start_cli(devnull, -1, {"score", "--hep", spec});
    EXPECT_EQ(wait_status(c.pid, ms(5000)), 2) << spec;
    ::close(c.out);
    const std::string err = sipspan::testing::read_file(c.err_path);
    EXPECT_NE(err.find(want), std::string::npos) << err;
    std::remove(c.err_path.c_str());
  }
  ::close(devnull);
}
