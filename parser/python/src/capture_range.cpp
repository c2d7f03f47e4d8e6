// sipspan Python package — record ranges of a large capture (capture_range.hpp).
//
// The classic pcap format (libpcap's pcap-savefile(5)): a 24-byte file header
// (magic, version 2.4, thiszone, sigfigs, snaplen, linktype), then records of
// a 16-byte header (ts_sec, ts_usec or ts_nsec, caplen, len) and caplen bytes.
#include "capture_range.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>

namespace sipspan::python {

namespace {

constexpr std::size_t file_header = 24, record_header = 16;
constexpr std::uint32_t max_record = 262144;  // the most a record holds (libpcap's largest snapshot length)

struct fd_closer {
  int fd;
  ~fd_closer() {
    if (fd >= 0) ::close(fd);
  }
};

std::uint32_t word(const std::uint8_t* p, bool swapped) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return swapped ? __builtin_bswap32(v) : v;
}

}  // namespace

std::vector<record_range> capture_ranges(const std::string& path, std::uint64_t range_bytes) {
  fd_closer f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  struct stat st {};
  if (f.fd < 0 || ::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < static_cast<off_t>(file_header))
    return {};
  const auto size = static_cast<std::size_t>(st.st_size);
  void* m = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, f.fd, 0);
  if (m == MAP_FAILED) return {};
  struct unmapper {
    void* p;
    std::size_t n;
    ~unmapper() { ::munmap(p, n); }
  } un{m, size};
  const auto* p = static_cast<const std::uint8_t*>(m);
  ::madvise(m, size, MADV_SEQUENTIAL);

  std::uint32_t magic;
  std::memcpy(&magic, p, 4);
  const bool swapped = magic == __builtin_bswap32(0xa1b2c3d4u) || magic == __builtin_bswap32(0xa1b23c4du);
  magic = swapped ? __builtin_bswap32(magic) : magic;
  std::uint16_t major, minor;
  std::memcpy(&major, p + 4, 2);
  std::memcpy(&minor, p + 6, 2);
  if (swapped) {
    major = __builtin_bswap16(major);
    minor = __builtin_bswap16(minor);
  }
  if ((magic != 0xa1b2c3d4u && magic != 0xa1b23c4du) || major != 2 || minor != 4) return {};
  const std::uint32_t fraction_limit = magic == 0xa1b2c3d4u ? 1'000'000 : 1'000'000'000;
  const std::uint32_t snaplen = word(p + 16, swapped);

  std::vector<record_range> out;
  record_range cur{file_header, size, 0};
  std::uint64_t records = 0;
  std::size_t at = file_header;
  while (size - at >= record_header) {
    const std::uint32_t sec = word(p + at, swapped), frac = word(p + at + 4, swapped);
    const std::uint32_t caplen = word(p + at + 8, swapped), len = word(p + at + 12, swapped);
    if (sec > INT32_MAX || frac >= fraction_limit || caplen > len || caplen > snaplen || caplen > max_record ||
        size - at - record_header < caplen)
      break;  // not plainly sound: the rest is one range
    if (at - cur.begin >= range_bytes) {
      cur.end = at;
      out.push_back(cur);
      cur = {at, size, records};
    }
    at += record_header + caplen;
    ++records;
  }
  cur.end = size;
  out.push_back(cur);
  return out;
}

namespace {

// The stream open_range gives: the file header, then the range's bytes.
struct range_stream {
  int fd = -1;
  std::array<char, file_header> header{};
  std::uint64_t begin = 0, length = 0, pos = 0;  // pos: in the stream (header included)
};

ssize_t read_range(void* cookie, char* buf, std::size_t n) {
  auto& s = *static_cast<range_stream*>(cookie);
  const std::uint64_t total = file_header + s.length;
  std::size_t done = 0;
  while (done < n && s.pos < total) {
    const std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(n - done, total - s.pos));
    if (s.pos < file_header) {
      const std::size_t k = std::min<std::size_t>(want, file_header - s.pos);
      std::memcpy(buf + done, s.header.data() + s.pos, k);
      done += k;
      s.pos += k;
      continue;
    }
    const ssize_t got = ::pread(s.fd, buf + done, want, static_cast<off_t>(s.begin + (s.pos - file_header)));
    if (got < 0) {
      if (errno == EINTR) continue;
      return done ? static_cast<ssize_t>(done) : -1;
    }
    if (got == 0) break;  // the file shrank: the reader sees a cut record
    done += static_cast<std::size_t>(got);
    s.pos += static_cast<std::uint64_t>(got);
  }
  return static_cast<ssize_t>(done);
}

int close_range(void* cookie) {
  auto* s = static_cast<range_stream*>(cookie);
  const int r = ::close(s->fd);
  delete s;
  return r;
}

}  // namespace

std::FILE* open_range(const std::string& path, const record_range& r, std::string& error) {
  auto s = std::make_unique<range_stream>();
  s->fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (s->fd < 0) {
    error = path + ": " + std::strerror(errno);
    return nullptr;
  }
  if (::pread(s->fd, s->header.data(), file_header, 0) != static_cast<ssize_t>(file_header) || r.end < r.begin) {
    error = path + ": cannot read the file header";
    ::close(s->fd);
    return nullptr;
  }
  s->begin = r.begin;
  s->length = r.end - r.begin;
  cookie_io_functions_t io{};
  io.read = read_range;
  io.close = close_range;
  std::FILE* f = ::fopencookie(s.get(), "r", io);
  if (f == nullptr) {
    error = path + ": " + std::strerror(errno);
    ::close(s->fd);
    return nullptr;
  }
  s.release();
  std::setvbuf(f, nullptr, _IOFBF, 1 << 20);
  return f;
}

}  // namespace sipspan::python
