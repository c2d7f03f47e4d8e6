// sipspan — end-to-end tests of a capture on a pipe, as `tcpdump -w - |
// sipspan score -` gives it: a writer process sends a pcap slowly, and each
// record must come out before the writer sends the next message; SIGINT and
// SIGTERM stop the run, which still writes its summary and its report.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "cli_process.hpp"
#include "cli_run.hpp"
#include "sip_requests.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using namespace sipspan::testing::process;

std::string message(int n) {
  sipspan::testing::request_names r;
  r.name = r.call = "stream";
  r.tag = "s";
  return sipspan::testing::numbered_request("OPTIONS", n, r);
}

// The pcap in pieces: the file header with the first record, then one record a piece.
std::vector<std::string> capture_pieces(int messages) {
  pw::file f(false, pw::lt_ethernet);
  std::vector<std::size_t> ends;
  std::int64_t t = 1'767'225'600'000'000'000;
  for (int n = 1; n <= messages; ++n) {
    f.add(pw::ethernet(pw::ipv4(pw::v4(192, 0, 2, 10), pw::v4(192, 0, 2, 20), 17, pw::udp(5060, 5060, message(n)))),
          t += 1'000'000);
    ends.push_back(f.data().size());
  }
  std::vector<std::string> pieces;
  std::size_t from = 0;
  for (std::size_t e : ends) {
    pieces.emplace_back(f.data().begin() + static_cast<std::ptrdiff_t>(from), f.data().begin() + static_cast<std::ptrdiff_t>(e));
    from = e;
  }
  return pieces;
}

// A writer process: piece k written at start + k * gap, then the pipe held
// open for `hold` (the writer is killed before) or closed.
pid_t start_writer(int fd, const std::vector<std::string>& pieces, clock_type::time_point start, ms gap, ms hold) {
  pid_t pid = ::fork();
  if (pid != 0) return pid;
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    std::this_thread::sleep_until(start + gap * static_cast<int>(k));
    if (::write(fd, pieces[k].data(), pieces[k].size()) != static_cast<ssize_t>(pieces[k].size())) ::_exit(1);
  }
  std::this_thread::sleep_for(hold);
  ::_exit(0);
}

}  // namespace

TEST(cli_stream, each_record_comes_before_the_next_message_is_written) {
  for (const char* threads : {"0", "2"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const auto pieces = capture_pieces(3);
    const ms gap(1000);
    int in[2];
    ASSERT_EQ(::pipe(in), 0);
    const auto start = clock_type::now();
    pid_t writer = start_writer(in[1], pieces, start, gap, ms(0));
    cli_process c = start_cli(in[0], in[1], {"score", "--format", "jsonl", "--threads", threads, "-"});
    ::close(in[0]);
    ::close(in[1]);
    timed_lines got;
    read_lines(c.out, start, start + gap * 3 + ms(3000), got);
    EXPECT_EQ(wait_status(c.pid, ms(3000)), 0);
    EXPECT_EQ(wait_status(writer, ms(1000)), 0);
    ::close(c.out);
    ASSERT_EQ(got.lines.size(), 3u) << sipspan::testing::read_file(c.err_path);
    for (std::size_t k = 0; k < 3; ++k) {
      EXPECT_NE(got.lines[k].find("stream-" + std::to_string(k + 1) + "@example.com"), std::string::npos);
      // written while the writer waits before its next message
      EXPECT_GE(got.at[k], gap * static_cast<int>(k)) << "record " << k;
      EXPECT_LT(got.at[k], gap * static_cast<int>(k + 1)) << "record " << k << " came late";
    }
    EXPECT_NE(sipspan::testing::read_file(c.err_path).find("3 SIP messages"), std::string::npos);
    std::remove(c.err_path.c_str());
  }
}

// A burst (many records in one write) and then a writer that waits: every
// message of the burst is written out while the writer waits, none held back
// for a batch to fill, in capture order.
TEST(cli_stream, a_burst_is_written_whole_while_the_writer_waits) {
  for (const char* threads : {"0", "2"}) {
    SCOPED_TRACE(std::string("--threads ") + threads);
    const int messages = 300;
    std::string burst;
    for (const std::string& p : capture_pieces(messages)) burst += p;
    int in[2];
    ASSERT_EQ(::pipe(in), 0);
    const auto start = clock_type::now();
    pid_t writer = start_writer(in[1], {burst}, start, ms(0), ms(60'000));
    cli_process c = start_cli(in[0], in[1], {"score", "--format", "jsonl", "--threads", threads, "-"});
    ::close(in[0]);
    ::close(in[1]);
    timed_lines got;
    read_lines(c.out, start, start + ms(5000), got, messages);
    ::kill(c.pid, SIGINT);
    EXPECT_EQ(wait_status(c.pid, ms(3000)), 0);
    ::kill(writer, SIGKILL);
    ::waitpid(writer, nullptr, 0);
    ::close(c.out);
    ASSERT_EQ(got.lines.size(), static_cast<std::size_t>(messages)) << sipspan::testing::read_file(c.err_path);
    for (int k = 0; k < messages; k += 37)
      EXPECT_NE(got.lines[static_cast<std::size_t>(k)].find("stream-" + std::to_string(k + 1) + "@example.com"),
                std::string::npos);
    std::remove(c.err_path.c_str());
  }
}

TEST(cli_stream, a_signal_ends_the_run_with_its_summary_and_report) {
  for (int sig : {SIGINT, SIGTERM}) {
    SCOPED_TRACE(sig == SIGINT ? "SIGINT" : "SIGTERM");
    const auto pieces = capture_pieces(2);
    int in[2];
    ASSERT_EQ(::pipe(in), 0);
    const std::string report = ::testing::TempDir() + "sipspan_stream_" + std::to_string(::getpid()) + ".html";
    std::remove(report.c_str());
    const auto start = clock_type::now();
    // the writer sends two messages and then holds the pipe open: the run would wait for ever
    pid_t writer = start_writer(in[1], pieces, start, ms(100), ms(60'000));
    cli_process c = start_cli(in[0], in[1], {sig == SIGINT ? "score" : "lint", "--format", "jsonl", "--report", report, "-"});
    ::close(in[0]);
    ::close(in[1]);
    timed_lines got;
    read_lines(c.out, start, start + ms(5000), got, 2);
    ASSERT_EQ(got.lines.size(), 2u) << sipspan::testing::read_file(c.err_path);
    ::kill(c.pid, sig);
    const auto signalled = clock_type::now();
    EXPECT_EQ(wait_status(c.pid, ms(3000)), 0) << "the run did not end on the signal";
    EXPECT_LT(clock_type::now() - signalled, ms(1000));
    ::kill(writer, SIGKILL);
    ::waitpid(writer, nullptr, 0);
    ::close(c.out);
    const std::string err = sipspan::testing::read_file(c.err_path);
    EXPECT_NE(err.find("2 SIP messages"), std::string::npos) << err;
    EXPECT_NE(err.find(std::string("stopped by ") + (sig == SIGINT ? "SIGINT" : "SIGTERM") + " after 2 messages"),
              std::string::npos)
        << err;
    const std::string page = sipspan::testing::read_file(report);
    EXPECT_NE(page.find("</html>"), std::string::npos) << "no report written";
    std::remove(report.c_str());
    std::remove(c.err_path.c_str());
  }
}
