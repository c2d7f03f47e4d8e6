// sipspan tests — the CLI as a running process: started with a standard
// input of the test's choosing and its output on a pipe, read line by line
// with the time each line came, waited for with a deadline.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace sipspan::testing::process {

using clock_type = std::chrono::steady_clock;
using ms = std::chrono::milliseconds;

struct cli_process {
  pid_t pid = -1;
  int out = -1;           // its standard output
  std::string err_path;   // its standard error, in a file
};

// `sipspan ARGS...` reading `in`, its output on a pipe; `writer_end`, the
// pipe's other end, is closed in it (the writer alone holds it).
inline cli_process start_cli(int in, int writer_end, const std::vector<std::string>& args) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  cli_process c;
  c.out = out[0];
  c.err_path = ::testing::TempDir() + "sipspan_stream_" + std::to_string(::getpid()) + ".err";
  const char* cli = std::getenv("SIPSPAN_CLI");
  std::vector<std::string> argv{cli ? cli : "sipspan"};
  argv.insert(argv.end(), args.begin(), args.end());
  c.pid = ::fork();
  if (c.pid == 0) {
    ::dup2(in, 0);
    ::close(writer_end);
    ::dup2(out[1], 1);
    int err = ::open(c.err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ::dup2(err, 2);
    ::close(out[0]);
    std::vector<char*> raw;
    for (std::string& a : argv) raw.push_back(a.data());
    raw.push_back(nullptr);
    ::execvp(raw[0], raw.data());
    ::_exit(127);
  }
  ::close(out[1]);
  return c;
}

// Reads `fd` until it ends or `deadline`; the time each line was complete, since `start`.
struct timed_lines {
  std::vector<std::string> lines;
  std::vector<ms> at;
};
inline void read_lines(int fd, clock_type::time_point start, clock_type::time_point deadline, timed_lines& got,
                std::size_t want = SIZE_MAX) {
  std::string pending;
  while (got.lines.size() < want && clock_type::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, 20) <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    for (std::size_t nl; (nl = pending.find('\n')) != std::string::npos;) {
      got.lines.push_back(pending.substr(0, nl));
      got.at.push_back(std::chrono::duration_cast<ms>(clock_type::now() - start));
      pending.erase(0, nl + 1);
    }
  }
}

inline int wait_status(pid_t pid, ms within) {
  const auto deadline = clock_type::now() + within;
  int raw = 0;
  while (clock_type::now() < deadline) {
    pid_t r = ::waitpid(pid, &raw, WNOHANG);
    if (r == pid) return WIFEXITED(raw) ? WEXITSTATUS(raw) : 128 + WTERMSIG(raw);
    std::this_thread::sleep_for(ms(10));
  }
  ::kill(pid, SIGKILL);
  ::waitpid(pid, &raw, 0);
  return -1;  // did not end in time
}

}  // namespace sipspan::testing::process
