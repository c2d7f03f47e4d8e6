// sipspan — the fuzz targets' time oracle: every entry point is linear in its
// input, so one input may spend at most a fixed base plus a fixed cost per
// byte of CPU time (the thread's, so that a busy machine does not count).
// Quadratic work on a 100 kB input (10^10 steps: seconds) is a finding long
// before libFuzzer's -timeout; linear work on the same input takes
// milliseconds even unoptimised with the sanitizers.
//
//   sipspan::fuzz::work_bound bound(size);        // at the top of the target
//
// SIPSPAN_FUZZ_WORK_SCALE multiplies the bound (a slower machine or build);
// 0 turns it off.
#pragma once

#include <time.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace sipspan::fuzz {

class work_bound {
 public:
  // base_ms: the cost of an empty input; us_per_byte: each byte's share.
  explicit work_bound(std::size_t size, double us_per_byte = 20.0, double base_ms = 200.0) noexcept
      : size_(size), start_ns_(now_ns()) {
    static const double scale = read_scale();
    limit_ns_ = scale * (base_ms * 1e6 + us_per_byte * 1e3 * static_cast<double>(size));
  }
  work_bound(const work_bound&) = delete;
  work_bound& operator=(const work_bound&) = delete;
  ~work_bound() {
    if (limit_ns_ <= 0) return;
    double spent = static_cast<double>(now_ns() - start_ns_);
    if (spent > limit_ns_) {
      std::fprintf(stderr, "==work bound== %.1f ms of CPU time for %zu input bytes (bound %.1f ms): not linear\n",
                   spent / 1e6, size_, limit_ns_ / 1e6);
      std::abort();
    }
  }

 private:
  static std::int64_t now_ns() noexcept {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
  }
  static double read_scale() noexcept {
    const char* s = std::getenv("SIPSPAN_FUZZ_WORK_SCALE");
    if (s == nullptr || *s == '\0') return 1.0;
    char* end = nullptr;
    double v = std::strtod(s, &end);
    return end != s && v >= 0 ? v : 1.0;
  }

  std::size_t size_;
  std::int64_t start_ns_;
  double limit_ns_ = 0;
};

}  // namespace sipspan::fuzz
