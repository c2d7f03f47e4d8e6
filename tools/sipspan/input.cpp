// sipspan CLI — reading inputs and pointing at bytes.

#include "input.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <utility>
#include <vector>

#include "json_writer.hpp"
#include "sipspan/error.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {

namespace {

// The bytes sniffed off file descriptor 0 before anything read standard input.
struct sniffed_stdin {
  unsigned char bytes[4] = {};
  std::size_t size = 0, given = 0;
  bool sniffed = false;
};
sniffed_stdin& sniffed() {
  static sniffed_stdin s;
  return s;
}

ssize_t read_sniffed(void*, char* buf, std::size_t n) {
  sniffed_stdin& s = sniffed();
  if (s.given < s.size) {
    std::size_t k = std::min(n, s.size - s.given);
    std::memcpy(buf, s.bytes + s.given, k);
    s.given += k;
    return static_cast<ssize_t>(k);
  }
  ssize_t r;
  do r = ::read(STDIN_FILENO, buf, n);
  while (r < 0 && errno == EINTR);
  return r;
}

void sniff_stdin() {
  sniffed_stdin& s = sniffed();
  if (s.sniffed) return;
  s.sniffed = true;
  while (s.size < sizeof s.bytes) {  // a pipe may hand the header over in pieces
    ssize_t r = ::read(STDIN_FILENO, s.bytes + s.size, sizeof s.bytes - s.size);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;  // end of input, or an error the reader will meet again
    s.size += static_cast<std::size_t>(r);
  }
}

}  // namespace

bool standard_input_is_capture() {
  sniff_stdin();
  const sniffed_stdin& s = sniffed();
  return s.size == 4 && capture_magic(s.bytes);
}

bool capture_magic(const unsigned char (&b)[4]) {
  const std::uint32_t le = b[0] | b[1] << 8 | b[2] << 16 | static_cast<std::uint32_t>(b[3]) << 24;
  const std::uint32_t be = b[3] | b[2] << 8 | b[1] << 16 | static_cast<std::uint32_t>(b[0]) << 24;
  for (std::uint32_t magic : {0xA1B2C3D4u, 0xA1B23C4Du, 0x0A0D0D0Au})
    if (le == magic || be == magic) return true;
  return false;
}

std::FILE* standard_input() {
  if (!sniffed().sniffed) return stdin;  // nothing taken off the descriptor: stdin as it is
  cookie_io_functions_t io{};
  io.read = read_sniffed;
  std::FILE* f = ::fopencookie(nullptr, "rb", io);
  return f ? f : stdin;
}

namespace {

// How many bytes are left to read from file descriptor `fd` when it is a
// regular file (its size less the current position), or -1 when that cannot
// be known (a pipe, a terminal, a device).
long long regular_file_remaining(int fd) {
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return -1;
  off_t at = ::lseek(fd, 0, SEEK_CUR);
  if (at < 0) at = 0;
  return st.st_size > at ? static_cast<long long>(st.st_size - at) : 0;
}

// Reads what is left of `f` into `out`, appending. A stream of unknown length
// is read into chunks of growing size, which are then copied into `out` once
// (reserved to the exact size) and freed one by one, so the peak is the input
// plus one chunk rather than the two or three times a doubling string takes.
// Returns 0, or errno on a read error; `too_large` when more than
// max_input_size bytes come (reading stops there).
int read_rest(std::FILE* f, std::string& out, bool& too_large) {
  too_large = false;
  std::vector<std::pair<std::unique_ptr<char[]>, std::size_t>> chunks;
  std::uint64_t total = out.size();
  std::size_t next = std::size_t{64} << 10;
  for (;;) {
    // one byte more than the limit allows tells an input at the limit from one past it
    const std::uint64_t room = max_input_size + 1 - total;
    const std::size_t size = static_cast<std::size_t>(std::min<std::uint64_t>(next, room));
    std::unique_ptr<char[]> chunk(new char[size]);  // not zeroed: untouched pages cost nothing
    const std::size_t n = std::fread(chunk.get(), 1, size, f);
    if (n) chunks.emplace_back(std::move(chunk), n);
    total += n;
    if (total > max_input_size) {
      too_large = true;
      break;
    }
    if (n < size) break;  // end of input or an error
    next = std::min<std::size_t>(next * 2, std::size_t{64} << 20);
  }
  const int err = std::ferror(f) ? (errno ? errno : EIO) : 0;
  if (too_large || err) return err;
  out.reserve(static_cast<std::size_t>(total));
  for (auto& [chunk, n] : chunks) {
    out.append(chunk.get(), n);
    chunk.reset();
  }
  return 0;
}

}  // namespace

bool read_input(std::string_view path, std::string& out, std::string& error) {
  out.clear();
  const bool standard = path == "-";
  std::FILE* f = standard ? standard_input() : std::fopen(std::string(path).c_str(), "rb");
  if (!f) {
    error = std::string(path) + ": cannot open: " + std::strerror(errno);
    return false;
  }
  // A regular file (standard input redirected from one included) says its size:
  // one past the limit is refused before a byte is read, and the string is
  // sized once.
  long long known = regular_file_remaining(standard ? STDIN_FILENO : ::fileno(f));
  if (known >= 0 && standard) known += static_cast<long long>(sniffed().size - sniffed().given);
  bool too_large = known > static_cast<long long>(max_input_size);
  int err = 0;
  if (!too_large) {
    if (known > 0) {
      out.resize(static_cast<std::size_t>(known));
      out.resize(std::fread(out.data(), 1, out.size(), f));
    }
    // whatever is left: a stream, or a file that grew while it was read
    if (!std::ferror(f)) err = read_rest(f, out, too_large);
    else err = errno ? errno : EIO;
  }
  if (f != stdin) std::fclose(f);
  if (too_large) {
    out.clear();
    out.shrink_to_fit();
    error = std::string(path) + ": " + std::string(error_message(error_code::input_too_large)) +
            ", the most 32-bit offsets address [" + std::string(error_name(error_code::input_too_large)) + "]";
    return false;
  }
  if (err) {
    error = std::string(path) + ": read error: " + std::strerror(err);
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

namespace {

// How one byte of an echoed line is shown: printable ASCII, HTAB and valid
// UTF-8 as they are; control bytes, DEL and bytes that are not UTF-8 as \xNN.
// Returns the bytes consumed (a whole UTF-8 sequence at once).
std::size_t show_byte(std::string_view line, std::size_t i, std::string& shown) {
  unsigned char c = static_cast<unsigned char>(line[i]);
  if (c >= 0x80) {
    if (std::size_t n = utf8_length(line, i)) {
      shown.append(line.substr(i, n));
      return n;
    }
  } else if ((c >= 0x20 && c != 0x7f) || c == '\t') {
    shown += static_cast<char>(c);
    return 1;
  }
  char esc[8];
  std::snprintf(esc, sizeof esc, "\\x%02x", c);
  shown += esc;
  return 1;
}

// Terminal cells taken by what show_byte printed (a tab stays a tab).
void pad_like(std::string_view shown, std::string& pad) {
  for (std::size_t i = 0; i < shown.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(shown[i]);
    if (c == '\t') pad += '\t';
    else if ((c & 0xC0) != 0x80) pad += ' ';  // one cell per character, not per UTF-8 byte
  }
}

std::string_view severity_color(std::string_view severity) {
  if (severity == "error") return "\033[1;31m";
  if (severity == "warning") return "\033[1;35m";
  return "\033[1;36m";
}

}  // namespace

std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code) {
  return diagnostic(file, text, offset, severity, message, code, diagnostic_style{});
}

std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code, const diagnostic_style& style) {
  const std::string_view bold = style.color ? "\033[1m" : "", reset = style.color ? "\033[0m" : "";
  line_column lc = locate(text, static_cast<std::uint32_t>(offset));
  std::string s;
  s += bold;
  s += file;
  s += ':' + std::to_string(lc.line) + ':' + std::to_string(lc.column) + ":";
  s += reset;
  s += ' ';
  if (style.color) s += severity_color(severity);
  s += severity;
  s += ':';
  s += reset;
  s += ' ';
  s += message;
  s += " [";
  s += code;
  s += "]\n";
  // the echoed line with its bytes made visible; the caret counts the cells shown before it
  std::string_view line = line_at(text, offset);
  const std::size_t at = lc.column - 1;
  // the caret goes under the first byte shown, a '~' under each further cell of the span
  std::string before, first, rest, after;
  for (std::size_t i = 0; i < line.size();) {
    std::string& part = i < at ? before : i == at ? first : i < at + style.length ? rest : after;
    i += show_byte(line, i, part);
  }
  s += "  " + before + first + rest + after + '\n';
  std::string pad, under;
  pad_like(before, pad);
  pad_like(rest, under);
  std::string caret = "^" + std::string(under.size(), '~');
  s += "  " + pad;
  if (style.color) s += "\033[1;32m";
  s += caret;
  s += reset;
  s += '\n';
  return s;
}

}  // namespace sipspan::cli
