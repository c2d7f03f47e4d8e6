// sipspan CLI — expanding and reading inputs, and pointing at bytes.

#include "input.hpp"

#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <new>
#include <utility>
#include <vector>

#include "interrupt.hpp"
#include "json_writer.hpp"
#include "line_locator.hpp"
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
std::function<void()> stdin_waiting;  // on_standard_input_wait

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
  // A pipe may stay silent for long (tcpdump -w - on a quiet link): the wait
  // wakes every 100 ms to see whether SIGINT or SIGTERM asked the run to stop,
  // whichever thread the signal went to; then the input ends here.
  bool told = false;  // on_standard_input_wait: once a wait
  for (;;) {
    if (interrupted()) return 0;
    pollfd p{STDIN_FILENO, POLLIN, 0};
    if (!told && stdin_waiting && ::poll(&p, 1, 0) == 0) {
      stdin_waiting();
      told = true;
    }
    const int ready = ::poll(&p, 1, 100);
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    ssize_t r = ::read(STDIN_FILENO, buf, n);
    if (r < 0 && errno == EINTR) continue;
    return r;
  }
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

bool standard_input_is_stream() {
  struct stat st {};
  return ::fstat(STDIN_FILENO, &st) != 0 || !S_ISREG(st.st_mode);
}

void on_standard_input_wait(std::function<void()> f) { stdin_waiting = std::move(f); }

std::FILE* standard_input() {
  cookie_io_functions_t io{};
  io.read = read_sniffed;
  std::FILE* f = ::fopencookie(nullptr, "rb", io);
  return f ? f : stdin;
}

bool is_capture(const std::string& path) {
  if (path == "-") return standard_input_is_capture();
  for (std::string_view suffix : {".pcap", ".pcapng", ".cap"})
    if (path.size() >= suffix.size() && path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return false;
  unsigned char b[4] = {};
  std::size_t n = std::fread(b, 1, 4, f);
  std::fclose(f);
  return n == 4 && capture_magic(b);
}

bool side_file(std::string_view path) {
  const std::size_t dot = path.rfind('.'), slash = path.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return false;
  const std::string_view ext = path.substr(dot);
  for (std::string_view side : {".md", ".json", ".jsonl", ".tsv", ".txt"})
    if (ext == side) return true;
  return false;
}

bool expand_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& captures,
                   std::vector<input_entry>& out, std::string& error) {
  error.clear();
  namespace fs = std::filesystem;
  auto entry = [](const std::string& path, std::string name, std::string relative, input_kind kind) {
    return input_entry{std::move(name), path, std::move(relative), kind};
  };
  for (const std::string& c : captures) {
    const std::string name = c == "-" ? std::string("<stdin>") : std::filesystem::path(c).generic_string();
    out.push_back(entry(c, name, name, input_kind::capture));
  }
  for (const std::string& in : inputs) {
    std::error_code ec;
    if (in == "-") {
      out.push_back(entry(in, "<stdin>", "<stdin>", is_capture(in) ? input_kind::capture : input_kind::message));
      continue;
    }
    if (!fs::is_directory(in, ec)) {
      const std::string name = fs::path(in).generic_string();
      out.push_back(entry(in, name, name, is_capture(in) ? input_kind::capture : input_kind::message));
      continue;
    }
    std::vector<input_entry> found;
    fs::recursive_directory_iterator it(in, fs::directory_options::none, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      std::error_code fec;
      const std::string name = it->path().generic_string();
      if (!it->is_regular_file(fec) || side_file(name)) continue;
      const std::string path = it->path().string();
      found.push_back(entry(path, name, fs::relative(it->path(), in, fec).generic_string(),
                            is_capture(path) ? input_kind::capture : input_kind::message));
    }
    if (ec) {  // the other inputs are still expanded
      error += (error.empty() ? "" : "; ") + in + ": cannot list: " + ec.message();
      continue;
    }
    std::sort(found.begin(), found.end(), [](const input_entry& a, const input_entry& b) { return a.name < b.name; });
    for (input_entry& e : found) out.push_back(std::move(e));
  }
  return error.empty();
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
  bool too_large = known > static_cast<long long>(max_input_size), no_memory = false;
  int err = 0;
  if (!too_large) {
    try {
      if (known > 0) {
        out.resize(static_cast<std::size_t>(known));
        out.resize(std::fread(out.data(), 1, out.size(), f));
      }
      // whatever is left: a stream, or a file that grew while it was read
      if (!std::ferror(f)) err = read_rest(f, out, too_large);
      else err = errno ? errno : EIO;
    } catch (const std::bad_alloc&) {
      no_memory = true;
    }
  }
  if (f != stdin) std::fclose(f);
  if (no_memory) {
    out = std::string();
    error = std::string(path) + ": not enough memory to read it" +
            (known > 0 ? " (" + std::to_string(known) + " bytes)" : std::string());
    return false;
  }
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

// Whether the UTF-8 character at s[i], n bytes long, is one a terminal does not
// show as itself: a C1 control (U+0080..U+009F, which some terminals obey) or an
// invisible format character that can hide or reorder what is shown (zero-width
// spaces and joiners, the bidirectional marks, embeddings, overrides and
// isolates, line and paragraph separators, the byte order mark).
bool invisible_character(std::string_view s, std::size_t i, std::size_t n) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
  if (n == 2) return b(0) == 0xC2 && b(1) < 0xA0;
  if (n != 3) return false;
  if (b(0) == 0xEF) return b(1) == 0xBB && b(2) == 0xBF;  // U+FEFF
  if (b(0) != 0xE2) return false;
  const unsigned cp = 0x2000u | (b(1) & 0x3Fu) << 6 | (b(2) & 0x3Fu);
  return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) || (cp >= 0x2060 && cp <= 0x2069);
}

}  // namespace

std::size_t shown_length(std::string_view s, std::size_t i) {
  const unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return (c >= 0x20 && c != 0x7f) || c == '\t' ? 1 : 0;
  const std::size_t n = utf8_length(s, i);
  return n && !invisible_character(s, i, n) ? n : 0;
}

std::size_t append_shown(std::string_view s, std::size_t i, std::string& out, std::string_view backslash) {
  if (std::size_t n = shown_length(s, i)) {
    out.append(s.substr(i, n));
    return n;
  }
  const std::size_t n = std::max<std::size_t>(utf8_length(s, i), 1);
  for (std::size_t k = 0; k < n; ++k) {
    char hex[4];
    std::snprintf(hex, sizeof hex, "%02x", static_cast<unsigned char>(s[i + k]));
    out += backslash;
    out += 'x';
    out += hex;
  }
  return n;
}

std::string_view line_window(std::string_view text, std::size_t offset, std::size_t max_bytes) {
  std::string_view line = line_at(text, offset);
  if (line.size() <= max_bytes) return line;
  const std::size_t at = std::min(offset - static_cast<std::size_t>(line.data() - text.data()), line.size());
  // a third of the window before the byte, the rest after it (more before when the line ends sooner)
  std::size_t after = std::min(line.size() - at, max_bytes - max_bytes / 3);
  std::size_t b = at - std::min(at, max_bytes - after), e = at + after;
  // whole UTF-8 characters at both cuts
  while (b < at && (static_cast<unsigned char>(line[b]) & 0xC0) == 0x80) ++b;
  while (e > at && e < line.size() && (static_cast<unsigned char>(line[e]) & 0xC0) == 0x80) --e;
  return line.substr(b, e - b);
}

namespace {

// Terminal cells taken by what append_shown printed (a tab stays a tab).
void pad_like(std::string_view shown, std::string& pad) {
  for (std::size_t i = 0; i < shown.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(shown[i]);
    if (c == '\t') pad += '\t';
    else if ((c & 0xC0) != 0x80) pad += ' ';  // one cell per character, not per UTF-8 byte
  }
}

// The cells a shown piece counts for in the width budget: a tab as the most it can take.
std::size_t cells_of(std::string_view shown) {
  std::size_t n = 0;
  for (unsigned char c : shown) n += c == '\t' ? 8 : (c & 0xC0) != 0x80;
  return n;
}

// A byte (or UTF-8 character) of the line as shown: where it starts and what it became.
struct piece {
  std::size_t at, size;
  std::string shown;
  std::size_t cells;
};

// The pieces of line[from, to), in order, at most `budget` cells of them.
std::vector<piece> pieces(std::string_view line, std::size_t from, std::size_t to, std::size_t budget) {
  std::vector<piece> v;
  std::size_t used = 0;
  for (std::size_t i = from; i < to;) {
    piece p{i, 0, {}, 0};
    p.size = append_shown(line, i, p.shown);
    p.cells = cells_of(p.shown);
    if (used + p.cells > budget) break;
    used += p.cells;
    i += p.size;
    v.push_back(std::move(p));
  }
  return v;
}

std::size_t cells_in(const std::vector<piece>& v, std::size_t from = 0) {
  std::size_t n = 0;
  for (std::size_t k = from; k < v.size(); ++k) n += v[k].cells;
  return n;
}

std::string_view severity_color(std::string_view severity) {
  if (severity == "error") return "\033[1;31m";
  if (severity == "warning") return "\033[1;35m";
  return "\033[1;36m";
}

}  // namespace

std::string shown_text(std::string_view s, std::size_t max_bytes) {
  std::string shown;
  std::size_t i = 0;
  while (i < s.size() && i < max_bytes) i += append_shown(s, i, shown);
  if (i < s.size()) shown += "...";
  return shown;
}

echoed_line echo_line(std::string_view line, std::size_t at, std::size_t length, std::size_t columns, bool more_before,
                      bool more_after) {
  at = std::min(at, line.size());
  // After the byte: as much as the width takes. Before it: what is left, at
  // least a third of the width when the line goes on past it.
  std::vector<piece> right = pieces(line, at, line.size(), columns);
  const std::size_t right_end = right.empty() ? at : right.back().at + right.back().size;
  const bool cut_right = right_end < line.size() || more_after;
  // the bytes that can fill the width before the byte, cut at a character's start
  std::size_t from = at - std::min(at, 4 * columns);
  while (from < at && from > 0 && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
  std::vector<piece> left = pieces(line, from, at, 4 * columns * 8);
  std::size_t left_budget = cut_right ? columns / 3 : columns - cells_in(right);
  std::size_t first = left.size();
  for (std::size_t used = 0; first > 0 && used + left[first - 1].cells <= left_budget; --first)
    used += left[first - 1].cells;
  // what the left side leaves goes back to the right side
  std::size_t right_budget = columns - cells_in(left, first);
  std::size_t last = 0;
  for (std::size_t used = 0; last < right.size() && used + right[last].cells <= right_budget; ++last)
    used += right[last].cells;
  const std::size_t shown_from = first < left.size() ? left[first].at : at;
  const std::size_t shown_to = last ? right[last - 1].at + right[last - 1].size : at;

  echoed_line e;
  std::string before, under;
  if (shown_from > 0 || more_before) before = "...";
  for (std::size_t k = first; k < left.size(); ++k) before += left[k].shown;
  e.text += before;
  for (std::size_t k = 0; k < last; ++k) {
    e.text += right[k].shown;
    if (k > 0 && right[k].at < at + length) under += right[k].shown;
  }
  if (shown_to < line.size() || more_after) e.text += "...";
  pad_like(before, e.pad);
  std::string cells;
  pad_like(under, cells);
  e.underline = "^" + std::string(cells.size(), '~');
  return e;
}

std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code) {
  return diagnostic(file, text, offset, severity, message, code, diagnostic_style{});
}

std::string diagnostic(std::string_view file, std::string_view text, std::size_t offset, std::string_view severity,
                       std::string_view message, std::string_view code, const diagnostic_style& style) {
  line_locator where(text);
  return diagnostic(file, text, where, offset, severity, message, code, style);
}

std::string diagnostic(std::string_view file, std::string_view text, line_locator& where, std::size_t offset,
                       std::string_view severity, std::string_view message, std::string_view code,
                       const diagnostic_style& style) {
  const std::string_view bold = style.color ? "\033[1m" : "", reset = style.color ? "\033[0m" : "";
  const line_column lc = where(offset);
  std::string s;
  s += bold;
  s += shown_text(file, file.size());
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
  // The echoed line, cut around the byte, with its bytes made visible; the
  // caret under the byte's first cell, a '~' under each further cell of the
  // span. Only the bytes that can fill the width are looked at (a cell is at
  // most 4 bytes), however long the line: a finding at the end of a line of a
  // gigabyte costs what one near its start does.
  const std::size_t reach = 4 * style.columns + 4;
  const std::size_t line_start = where.line_start(), off = std::min(offset, text.size());
  std::size_t from = off - std::min(off - line_start, reach);
  while (from > line_start && from < off && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  const std::size_t limit = std::min(text.size(), off + reach);
  const void* lf = std::memchr(text.data() + off, '\n', limit - off);
  std::size_t to = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - text.data()) : limit;
  if (lf && to > from && text[to - 1] == '\r') --to;  // as line_at: the line without its end
  const bool more_after = !lf && limit < text.size();
  echoed_line e = echo_line(text.substr(from, to - from), off - from, style.length, style.columns, from > line_start,
                            more_after);
  s += "  " + e.text + '\n';
  s += "  " + e.pad;
  if (style.color) s += "\033[1;32m";
  s += e.underline;
  s += reset;
  s += '\n';
  return s;
}

}  // namespace sipspan::cli
