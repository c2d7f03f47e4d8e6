// sipspan tests — the fuzz targets' time oracle (fuzz/work_bound.hpp): work
// within the bound passes, work past it aborts with a message.
#include <gtest/gtest.h>
#include <time.h>

#include "work_bound.hpp"

namespace {

// Spends `ms` of this thread's CPU time.
void spin_cpu(double ms) {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  const double start = t.tv_sec * 1e3 + t.tv_nsec / 1e6;
  volatile unsigned sink = 0;
  for (;;) {
    for (int i = 0; i < 10000; ++i) sink = sink + static_cast<unsigned>(i);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    if (t.tv_sec * 1e3 + t.tv_nsec / 1e6 - start >= ms) return;
  }
}

TEST(work_bound, work_within_the_bound_passes) {
  sipspan::fuzz::work_bound bound(1000, 10.0, 50.0);  // 60 ms
  spin_cpu(5);
}

TEST(work_bound, work_past_the_bound_aborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_DEATH(
      {
        sipspan::fuzz::work_bound bound(100, 1.0, 1.0);  // 1.1 ms
        spin_cpu(30);
      },
      "work bound.*100 input bytes.*not linear");
}

TEST(work_bound, the_bound_grows_with_the_input) {
  sipspan::fuzz::work_bound bound(10000, 5.0, 1.0);  // 51 ms: the 30 ms above fit
  spin_cpu(30);
}

}  // namespace
