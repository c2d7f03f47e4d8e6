// sipspan — the CLI's line_locator gives what locate() gives, and SARIF's
// code-point column, for offsets asked in any order: forward, back, across
// lines, inside UTF-8 characters.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "../tools/sipspan/json_writer.hpp"
#include "../tools/sipspan/line_locator.hpp"
#include "sipspan/message.hpp"

namespace {

using sipspan::cli::line_locator;

// The column in code points as SARIF's writer counted it before: the line's
// bytes before the offset, a UTF-8 character at a time, a byte that is not
// one (or is cut at the offset) counting one.
std::uint32_t code_points_before(std::string_view text, std::uint32_t offset) {
  const std::uint32_t byte_column = sipspan::locate(text, offset).column;
  const std::string_view before = text.substr(offset - (byte_column - 1), byte_column - 1);
  std::uint32_t cps = 1;
  for (std::size_t i = 0; i < before.size();) {
    const std::size_t n = sipspan::cli::utf8_length(before, i);
    i += n ? n : 1;
    ++cps;
  }
  return cps;
}

const std::string text =
    "INVITE sip:b\xc3\xa9@example.com SIP/2.0\r\n"
    "Subject: \xe2\x82\xac \xf0\x9f\x98\x80 \xff\xfe x\r\n"
    "\n"
    "X: \xe2\x82\r\n"  // a character cut by the line end
    "last line without end \xc3\xa9";

}  // namespace

TEST(line_locator, matches_locate_in_order_and_out_of_order) {
  std::vector<std::uint32_t> offsets;
  for (std::uint32_t o = 0; o <= text.size() + 2; ++o) offsets.push_back(o);
  for (int pass = 0; pass < 3; ++pass) {
    line_locator loc(text), cps(text);
    for (std::uint32_t o : offsets) {
      const sipspan::line_column want = sipspan::locate(text, o), got = loc(o);
      EXPECT_EQ(got.line, want.line) << "offset " << o << " pass " << pass;
      EXPECT_EQ(got.column, want.column) << "offset " << o << " pass " << pass;
      if (o <= text.size()) {
        EXPECT_EQ(cps.code_point_column(o), code_points_before(text, o)) << "offset " << o;
      }
    }
    if (pass == 0) std::reverse(offsets.begin(), offsets.end());
    else std::shuffle(offsets.begin(), offsets.end(), std::mt19937(7));
  }
}

// Starts and ends of findings, as the reporters ask: each locator goes forward.
TEST(line_locator, starts_and_ends) {
  line_locator starts(text), ends(text);
  for (std::uint32_t o = 0; o + 3 <= text.size(); o += 2) {
    EXPECT_EQ(starts(o).line, sipspan::locate(text, o).line);
    EXPECT_EQ(ends(o + 3).column, sipspan::locate(text, o + 3).column);
    EXPECT_EQ(ends.line_start() + ends(o + 3).column - 1, o + 3u);
  }
}
