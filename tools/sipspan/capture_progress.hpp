// sipspan CLI — captures: the progress line on a terminal's stderr (bytes
// read, messages a second, the time left). Internal to the CLI.
#pragma once

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

#include "capture_summary.hpp"

namespace sipspan::cli::capture_out {

class progress_line {
  using clock_type = std::chrono::steady_clock;


 public:
  explicit progress_line(std::uint64_t total) : total_(total), on_(::isatty(STDERR_FILENO) != 0) {}
  void update(std::uint64_t bytes, std::uint64_t messages) {
    if (!on_) return;
    auto now = clock_type::now();
    if (now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    double secs = std::chrono::duration<double>(now - start_).count();
    std::string s = "\rsipspan: " + bytes_text(static_cast<double>(bytes));
    if (total_) s += " of " + bytes_text(static_cast<double>(total_));
    if (secs > 0) s += ", " + fixed(static_cast<double>(messages) / secs, 0) + " messages/s";
    if (total_ && bytes && secs > 0.2) {
      double eta = secs * static_cast<double>(total_ - std::min(bytes, total_)) / static_cast<double>(bytes);
      s += ", ETA " + fixed(eta, 0) + " s";
    }
    s += "   ";
    width_ = std::max(width_, s.size());
    std::fputs(s.c_str(), stderr);
  }
  void clear() {
    if (!on_ || width_ == 0) return;
    std::fputs(("\r" + std::string(width_, ' ') + "\r").c_str(), stderr);
  }

 private:
  std::uint64_t total_;
  bool on_;
  std::size_t width_ = 0;
  clock_type::time_point start_ = clock_type::now(), last_{};
};

}  // namespace sipspan::cli::capture_out
