// sipspan — anomaly scorer: the byte walk's shortcuts give what the plain
// definitions give. number_shape_in (bit operations over a block's digit
// mask, what the walk of a known value uses) against number_shape (byte by
// byte, what training and the reports use), on every run of up to seven
// digits and separators, at every place in a block of 64 bytes.

#include <gtest/gtest.h>

#include <array>
#include <string>

#include "../parser/src/score/engine.hpp"

namespace {

using sipspan::score_detail::number_shape;
using sipspan::score_detail::number_shape_in;

std::uint64_t digit_mask(const std::array<unsigned char, 64>& block) {
  std::uint64_t m = 0;
  for (unsigned i = 0; i < 64; ++i) m |= std::uint64_t{block[i] >= '0' && block[i] <= '9'} << i;
  return m;
}

TEST(score_walk, number_shape_from_the_digit_mask_is_number_shape) {
  constexpr char alphabet[] = {'0', '1', '7', '.', '-', '_'};
  std::size_t runs = 0;
  for (unsigned len = 1; len <= 7; ++len) {
    unsigned combos = 1;
    for (unsigned i = 0; i < len; ++i) combos *= 6;
    for (unsigned k = 0; k < combos; ++k) {
      std::string run;
      for (unsigned i = 0, v = k; i < len; ++i, v /= 6) run += alphabet[v % 6];
      if (run[0] < '0' || run[0] > '9') continue;  // a '0' run starts with a digit
      const std::uint8_t want = number_shape(run);
      // at the block's start, its end and places between, among digits and
      // letters that are not part of the run
      for (unsigned at : {0u, 1u, 13u, 31u, 32u, 64u - len}) {
        for (unsigned char fill : {'x', '5', '.'}) {
          std::array<unsigned char, 64> block;
          block.fill(fill);
          for (unsigned i = 0; i < len; ++i) block[at + i] = static_cast<unsigned char>(run[i]);
          ASSERT_EQ(number_shape_in(block.data(), digit_mask(block), at, at + len - 1), want)
              << '"' << run << "\" at " << at << " among '" << fill << "'";
        }
      }
      ++runs;
    }
  }
  EXPECT_GT(runs, 50000u);
  // longer runs: the digit count saturates at 31, long groups
  for (const std::string& run : {std::string(40, '9'), "0" + std::string(30, '1'), std::string("1234.5"),
                                std::string("010.0.0.1"), std::string("1.2.3.4.5.6.7.8.9"), std::string("2_0-1.0")}) {
    std::array<unsigned char, 64> block;
    block.fill('a');
    for (std::size_t i = 0; i < run.size(); ++i) block[2 + i] = static_cast<unsigned char>(run[i]);
    EXPECT_EQ(number_shape_in(block.data(), digit_mask(block), 2, static_cast<unsigned>(2 + run.size() - 1)),
              number_shape(run))
        << run;
  }
}

}  // namespace
