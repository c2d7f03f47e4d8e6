// sipspan — stride_sample: all items while they fit, then every s-th.

#include <gtest/gtest.h>

#include <cstdint>

#include "../tools/sipspan/stride_sample.hpp"

using sipspan::cli::stride_sample;

TEST(stride_sample, keeps_everything_below_capacity) {
  stride_sample<int> s(8);
  for (int i = 0; i < 7; ++i) s.add(i);
  EXPECT_EQ(s.stride(), 1u);
  EXPECT_EQ(s.items(), (std::vector<int>{0, 1, 2, 3, 4, 5, 6}));
}

// Whatever the number added, the sample is items 0, s, 2s, ... and never
// reaches its capacity.
TEST(stride_sample, holds_every_stride_th_item) {
  for (int n : {8, 9, 15, 16, 17, 100, 1000, 12345}) {
    stride_sample<int> s(8);
    for (int i = 0; i < n; ++i) s.add(i);
    ASSERT_LT(s.items().size(), 8u) << n;
    std::vector<int> want;
    for (std::uint64_t i = 0; i < static_cast<std::uint64_t>(n); i += s.stride()) want.push_back(static_cast<int>(i));
    EXPECT_EQ(s.items(), want) << n;
    EXPECT_EQ(s.seen(), static_cast<std::uint64_t>(n));
    EXPECT_GE(s.items().size() * s.stride(), static_cast<std::uint64_t>(n) / 2) << n;  // at least half full
  }
}
