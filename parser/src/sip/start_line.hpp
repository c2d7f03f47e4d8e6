// sipspan — whether a line looks like a start line (grammar/start_line.rl).
#pragma once

#include <string_view>

namespace sipspan::detail {

// The line (its LF excluded) given as `first` followed by `second`: a Status-Line
// opening "SIP/", or a token byte ... SIP-Version, trailing whitespace aside.
bool plausible_start_line(std::string_view first, std::string_view second = {}) noexcept;

}  // namespace sipspan::detail
