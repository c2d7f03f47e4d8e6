// sipspan CLI — colour on terminals (see color.hpp).

#include "color.hpp"

#include <unistd.h>

#include <cstdlib>

namespace sipspan::cli {

bool use_color(std::string_view mode, std::FILE* stream) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(::fileno(stream)) != 0;
}

std::string alert_red(std::string_view text, bool color) {
  if (!color) return std::string(text);
  return "\033[1;31m" + std::string(text) + "\033[0m";
}

}  // namespace sipspan::cli
