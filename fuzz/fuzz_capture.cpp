// sipspan — libFuzzer target: the capture reader (tools/capture) on arbitrary
// bytes handed to it as a file.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - the reader ends (no hang) and never delivers an empty message;
//  - every message's record number lies between 1 and the records read;
//  - an error names a record no earlier than the last message delivered
//    (what was read before the damage comes out first);
//  - each delivered message frames: frame_datagram finds at least one message
//    start in it or reports an error with an offset inside it.

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <algorithm>
#include <cstdlib>
#include <string>

#include "capture.hpp"
#include "sipspan/framing.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
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
  close(fd);
  return 0;
}
