// sipspan — distinct_count: exact up to its limit, then a bounded estimate.

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "../tools/sipspan/distinct_count.hpp"

using sipspan::cli::distinct_count;

namespace {
double relative_error(std::uint64_t got, std::uint64_t want) {
  return std::abs(static_cast<double>(got) - static_cast<double>(want)) / static_cast<double>(want);
}
}  // namespace

TEST(distinct_count, exact_up_to_the_limit) {
  distinct_count c(1000);
  for (int round = 0; round < 3; ++round)
    for (std::uint64_t k = 0; k < 1000; ++k) c.add(k * 7919);
  EXPECT_TRUE(c.exact());
  EXPECT_EQ(c.size(), 1000u);
  c.add(1);  // the 1001st key
  EXPECT_FALSE(c.exact());
  EXPECT_LT(relative_error(c.size(), 1001), 0.04);
}

// Sequential keys (what a weak hash of similar Call-IDs looks like) and keys
// seen many times: the estimate stays within 4 standard errors (3.3 %) and
// does not move when keys come again.
TEST(distinct_count, estimate_past_the_limit) {
  for (std::uint64_t n : {5'000u, 60'000u, 400'000u}) {
    distinct_count c(1000);
    for (std::uint64_t k = 0; k < n; ++k) c.add(k);
    ASSERT_FALSE(c.exact());
    const std::uint64_t first = c.size();
    EXPECT_LT(relative_error(first, n), 0.033) << n << " keys, estimated " << first;
    for (std::uint64_t k = 0; k < n; k += 3) c.add(k);
    EXPECT_EQ(c.size(), first) << n;
  }
}

// The estimate's memory is the registers: after the switch the count keeps
// going on keys never seen, and small counts stay close (linear counting).
TEST(distinct_count, small_counts_after_the_switch) {
  distinct_count c(10);
  for (std::uint64_t k = 0; k < 50; ++k) c.add(k * 0x9e3779b97f4a7c15ull);
  EXPECT_FALSE(c.exact());
  EXPECT_LE(relative_error(c.size(), 50), 0.05);
  for (std::uint64_t k = 50; k < 2050; ++k) c.add(k * 0x9e3779b97f4a7c15ull);
  EXPECT_LT(relative_error(c.size(), 2050), 0.033);
}
