// sipspan — distinct_count: exact up to its limit, then a bounded estimate.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <vector>

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

// Counts of the parts of a stream merge into the count one pass over the whole
// stream gives: exact while the union is within the limit, and past it the
// very same estimate (the registers depend on the set of keys alone).
TEST(distinct_count, parts_merge_into_the_whole) {
  for (std::uint64_t n : {900u, 5'000u, 60'000u}) {
    distinct_count whole(1000), a(1000), b(1000), c(1000);
    for (std::uint64_t k = 0; k < n; ++k) {
      whole.add(k * 0x9e3779b1u);
      (k % 3 == 0 ? a : k % 3 == 1 ? b : c).add(k * 0x9e3779b1u);
    }
    a.add(std::uint64_t{7} * 0x9e3779b1u);  // a key another part has too
    distinct_count merged(1000);
    merged.merge(a);
    merged.merge(b);
    merged.merge(c);
    EXPECT_EQ(merged.exact(), whole.exact()) << n;
    EXPECT_EQ(merged.size(), whole.size()) << n;
    if (!whole.exact()) {
      ASSERT_EQ(merged.registers().size(), whole.registers().size());
      EXPECT_TRUE(std::equal(merged.registers().begin(), merged.registers().end(), whole.registers().begin())) << n;
    }
  }
}

// Registers from elsewhere (another process) merge the same way; a wrong count
// of them is refused.
TEST(distinct_count, registers_merge_and_a_wrong_size_is_refused) {
  distinct_count part(100), whole(100), merged(100);
  for (std::uint64_t k = 0; k < 3000; ++k) {
    part.add(k);
    whole.add(k);
  }
  for (std::uint64_t k = 3000; k < 4000; ++k) whole.add(k), merged.add(k);
  std::vector<std::uint8_t> regs(part.registers().begin(), part.registers().end());
  EXPECT_FALSE(merged.merge_registers(std::span<const std::uint8_t>(regs).first(100)));
  ASSERT_TRUE(merged.merge_registers(regs));
  EXPECT_EQ(merged.size(), whole.size());
}
