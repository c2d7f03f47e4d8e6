// sipspan — libFuzzer target: the capture reader (tools/capture) on arbitrary
// bytes handed to it as a file.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - the reader ends (no hang) and never delivers an empty message;
//  - every message's record number lies between 1 and the records read;
//  - an error names a record no earlier than the last message delivered
//    (what was read before the damage comes out first);
//  - each delivered message frames: frame_datagram finds at least one message
//    start in it or reports an error with an offset inside it;
//  - read by path (a classic pcap file is read from a map of it) and read
//    through a stream (libpcap throughout), the bytes give the same messages,
//    stats and error.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <tuple>
#include <vector>

#include "sipspan/capture.hpp"
#include "sipspan/framing.hpp"
#include "work_bound.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

// What a reader delivered: each message's origin and bytes, its stats, its error.
struct delivered {
  std::vector<std::tuple<std::uint64_t, std::int64_t, std::string, std::string, std::string, int, bool>> messages;
  std::uint64_t records = 0, bytes = 0, truncated = 0, non_sip = 0;
  bool opened = false, failed = false;
  std::uint64_t error_record = 0;
  std::string error;
  bool operator==(const delivered&) const = default;
};

delivered read_all(sipspan::capture::reader& r, bool opened, const sipspan::capture::capture_error& open_err) {
  delivered d;
  d.opened = opened;
  if (!opened) {
    d.error_record = open_err.record;
    return d;  // the messages differ by who names the input: not compared
  }
  sipspan::capture::sip_message m;
  while (r.next(m))
    d.messages.emplace_back(m.record, m.ts_ns, std::string(m.bytes), m.src.text(), m.dst.text(),
                            static_cast<int>(m.proto), m.reassembled);
  d.records = r.stats().records;
  d.bytes = r.stats().bytes;
  d.truncated = r.stats().truncated_records;
  d.non_sip = r.stats().non_sip;
  if (const sipspan::capture::capture_error* e = r.error()) {
    d.failed = true;
    d.error_record = e->record;
    d.error = e->message;
  }
  return d;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size, 60.0);  // linear in the input (work_bound.hpp)
  // the reader opens a path: hand it the bytes through an anonymous memory file
  int fd = memfd_create("capture", 0);
  if (fd < 0) return 0;
  std::size_t done = 0;
  while (done < size) {
    ssize_t n = write(fd, data + done, size - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  std::string path = "/proc/self/fd/" + std::to_string(fd);

  sipspan::capture::reader r;
  sipspan::capture::capture_error err;
  if (r.open(path, err)) {
    sipspan::capture::sip_message m;
    std::uint64_t last = 0;
    while (r.next(m)) {
      require(!m.bytes.empty());
      require(m.record >= 1 && m.record <= r.stats().records);
      last = std::max(last, m.record);
      sipspan::datagram_messages frames;
      sipspan::result fr = sipspan::frame_datagram(m.bytes, frames);
      require(fr.ok() || fr.offset <= m.bytes.size());
    }
    if (const sipspan::capture::capture_error* e = r.error()) require(e->record == 0 || e->record >= last);
  } else {
    require(err.record == 0 && !err.message.empty());
  }

  // the same bytes by path and through a stream
  sipspan::capture::reader by_path, by_stream;
  sipspan::capture::capture_error path_err, stream_err;
  const bool path_opened = by_path.open(path, path_err);
  const delivered a = read_all(by_path, path_opened, path_err);
  int copy = dup(fd);
  std::FILE* stream = copy >= 0 ? fdopen(copy, "rb") : nullptr;
  if (stream != nullptr && std::fseek(stream, 0, SEEK_SET) == 0) {
    const bool stream_opened = by_stream.open(stream, stream_err);  // the reader closes the stream
    const delivered b = read_all(by_stream, stream_opened, stream_err);
    require(a == b);
  } else if (stream != nullptr) {
    std::fclose(stream);
  } else if (copy >= 0) {
    close(copy);
  }
  close(fd);
  return 0;
}
