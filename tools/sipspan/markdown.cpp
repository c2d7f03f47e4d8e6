// sipspan CLI — escaping text from outside for Markdown.

#include "markdown.hpp"

#include <algorithm>

#include "input.hpp"

namespace sipspan::cli {

std::string md_text(std::string_view s) {
  std::string r;
  for (std::size_t i = 0; i < s.size();) {
    if (std::string_view("\\`*_[]<>|#~&").find(s[i]) != std::string_view::npos) {
      r += '\\';
      r += s[i++];
      continue;
    }
    i += append_shown(s, i, r, "\\\\");
  }
  return r;
}

std::string md_code(std::string_view s) {
  std::string body;
  for (std::size_t i = 0; i < s.size();) i += append_shown(s, i, body);
  std::size_t longest = 0, run = 0;
  for (char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(longest + 1, '`');
  const bool pad = !body.empty() && (body.front() == '`' || body.back() == '`' ||
                                     (body.front() == ' ' && body.back() == ' '));
  return fence + (pad ? " " : "") + body + (pad ? " " : "") + fence;
}

std::string md_link_target(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string r;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::string_view("-._~/").find(static_cast<char>(c)) != std::string_view::npos) {
      r += static_cast<char>(c);
    } else {
      r += '%';
      r += hex[c >> 4];
      r += hex[c & 15];
    }
  }
  return r;
}

}  // namespace sipspan::cli
