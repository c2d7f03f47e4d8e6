// sipspan CLI — reading inputs and pointing at bytes.

#include "input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "sipspan/message.hpp"

namespace sipspan::cli {

bool read_input(std::string_view path, std::string& out, std::string& error) {
  out.clear();
  std::FILE* f = path == "-" ? stdin : std::fopen(std::string(path).c_str(), "rb");
  if (!f) {
    error = std::string(path) + ": cannot open: " + std::strerror(errno);
    return false;
  }
  char buf[65536];
  std::size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f) != 0;
  int saved = errno;
  if (f != stdin) std::fclose(f);
  if (bad) {
    error = std::string(path) + ": read error: " + std::strerror(saved);
    return false;
  }
  return true;
}

std::string_view line_at(std::string_view text, std::size_t offset) {
  if (offset > text.size()) offset = text.size();
  std::size_t b = 0;
  if (offset > 0) {
    std::size_t j = text.rfind('\n', offset - 1);
    if (j != std::string_view::npos) b = j + 1;
  }
  std::size_t e = text.find('\n', offset);
  if (e == std::string_view::npos) e = text.size();
  if (e > b && text[e - 1] == '\r') --e;
  return text.substr(b, e - b);
}

std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code) {
  line_column lc = locate(text, static_cast<std::uint32_t>(offset));
  std::string s;
  s += file;
  s += ':' + std::to_string(lc.line) + ':' + std::to_string(lc.column) + ": ";
  s += severity;
  s += ": ";
  s += message;
  s += " [";
  s += code;
  s += "]\n";
  std::string_view line = line_at(text, offset);
  std::string shown;
  for (unsigned char c : line) {
    if (c < 0x20 && c != '\t') {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      shown += esc;
    } else {
      shown += static_cast<char>(c);
    }
  }
  s += "  " + shown + '\n';
  // the caret counts the escapes shown before it
  std::size_t col = 0;
  for (std::size_t i = 0; i + 1 < lc.column && i < line.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(line[i]);
    col += (c < 0x20 && c != '\t') ? 4 : 1;
  }
  s += "  " + std::string(col, ' ') + "^\n";
  return s;
}

}  // namespace sipspan::cli
