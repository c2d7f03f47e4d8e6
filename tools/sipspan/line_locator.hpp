// sipspan CLI — line and column of many offsets in one text, in one pass.
//
// locate() counts the lines from the start of the text each time: a
// message's 256 findings at the end of a 100 MB message cost 256 passes
// over it. A line_locator goes from the last offset it was asked about to the
// next one, forward or back, so offsets asked in order cost one pass in all.
// The reporters keep one for the starts of the findings and one for their
// ends: each sequence is (nearly) in order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sipspan/message.hpp"

namespace sipspan::cli {

class line_locator {
 public:
  explicit line_locator(std::string_view text) : text_(text) {}

  // As locate(text, offset): the 1-based line, and the column in bytes.
  line_column operator()(std::size_t offset);
  // Where the line of the last offset asked about starts.
  std::size_t line_start() const { return line_start_; }
  // The 1-based column of `offset` in Unicode code points (SARIF's
  // columnKind unicodeCodePoints): the UTF-8 characters of its line before
  // it, a byte that is not part of one (or is cut at `offset`) counting one.
  std::uint32_t code_point_column(std::size_t offset);

 private:
  std::string_view text_;
  std::size_t at_ = 0, line_start_ = 0;
  std::uint32_t line_ = 1;
  // code_point_column's walk: from line_start_ to cp_at_ (a character boundary), cp_count_ characters
  std::size_t cp_line_ = static_cast<std::size_t>(-1), cp_at_ = 0;
  std::uint32_t cp_count_ = 0;
};

}  // namespace sipspan::cli
