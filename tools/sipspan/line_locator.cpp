// sipspan CLI — line and column of many offsets in one text, in one pass.

#include "line_locator.hpp"

#include <algorithm>
#include <cstring>

#include "json_writer.hpp"

namespace sipspan::cli {

line_column line_locator::operator()(std::size_t offset) {
  const std::size_t end = std::min(offset, text_.size());
  const char* p = text_.data();
  if (end >= at_) {
    // forward: each line end passed starts a line
    for (std::size_t i = at_; i < end;) {
      const void* lf = std::memchr(p + i, '\n', end - i);
      if (!lf) break;
      i = static_cast<std::size_t>(static_cast<const char*>(lf) - p) + 1;
      ++line_;
      line_start_ = i;
    }
  } else {
    // back: the line ends passed over, then the start of the line reached
    std::uint32_t passed = 0;
    for (std::size_t i = end; i < at_;) {
      const void* lf = std::memchr(p + i, '\n', at_ - i);
      if (!lf) break;
      i = static_cast<std::size_t>(static_cast<const char*>(lf) - p) + 1;
      ++passed;
    }
    if (passed) {
      line_ -= passed;
      const void* lf = end ? ::memrchr(p, '\n', end) : nullptr;
      line_start_ = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - p) + 1 : 0;
    }
  }
  at_ = end;
  return {line_, static_cast<std::uint32_t>(offset - line_start_ + 1)};
}

std::uint32_t line_locator::code_point_column(std::size_t offset) {
  (*this)(offset);
  const std::size_t end = std::min(offset, text_.size());
  if (cp_line_ != line_start_ || cp_at_ > end) {  // another line, or behind the walk: from the line's start
    cp_line_ = line_start_;
    cp_at_ = line_start_;
    cp_count_ = 0;
  }
  while (cp_at_ < end) {
    const std::size_t n = utf8_length(text_, cp_at_);
    if (n > 1 && cp_at_ + n > end) break;  // a character cut at the offset: its bytes count one each
    cp_at_ += n ? n : 1;
    ++cp_count_;
  }
  return cp_count_ + static_cast<std::uint32_t>(end - cp_at_) + 1;
}

}  // namespace sipspan::cli
