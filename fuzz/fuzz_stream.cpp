// sipspan — libFuzzer target: stream_framer and frame_datagram.
//
// Property (beyond not crashing): the framer gives the same frames — events,
// bytes, stream offsets, error codes — whether the input arrives as one chunk
// or split at positions taken from the input itself, and every message frame
// parses to a view whose spans lie inside the frame. And the framer's parse of a
// message, copied and rebased onto a copy of its bytes (what the capture reader
// hands the scorer instead of a second parse), is the view a plain parse of
// those bytes gives, field for field.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"
#include "testkit/view_diff.hpp"
#include "work_bound.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}

struct seen {
  sipspan::stream_event event;
  std::string bytes;
  std::uint64_t offset;
  sipspan::error_code code;
  bool operator==(const seen& o) const {
    return event == o.event && bytes == o.bytes && offset == o.offset && code == o.code;
  }
};

std::vector<seen> frames(std::string_view in, const std::vector<std::size_t>& cuts) {
  sipspan::stream_framer framer;
  sipspan::message_view msg;
  sipspan::stream_frame f;
  std::vector<seen> out;
  std::size_t pos = 0;
  for (std::size_t k = 0; k <= cuts.size(); ++k) {
    std::size_t end = k < cuts.size() ? cuts[k] : in.size();
    std::string chunk(in.substr(pos, end - pos));  // the framer must not keep the chunk's memory
    pos = end;
    framer.feed(chunk);
    for (;;) {
      sipspan::stream_event e = framer.next(f, msg);
      if (e == sipspan::stream_event::need_more) break;
      out.push_back({e, std::string(f.bytes), f.offset, f.error.code});
      if (e == sipspan::stream_event::error) return out;
      if (e == sipspan::stream_event::message) {
        require(msg.message_length() <= f.bytes.size());
        const std::string copy(f.bytes);
        sipspan::message_view carried = msg, plain;
        require(carried.rebase(copy));
        require(sipspan::parse(copy, plain).ok());
        require(sipspan::testing::view_difference(carried, plain).empty());
      }
    }
  }
  if (framer.finish(f) != sipspan::stream_event::need_more) out.push_back({f.event, std::string(f.bytes), f.offset, f.error.code});
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sipspan::datagram_messages dg;
  sipspan::result r = sipspan::frame_datagram(in, dg);
  if (!r) require(r.offset <= size);

  std::vector<std::size_t> cuts;
  if (size > 2) {
    // cut positions derived from the first bytes, in order
    std::size_t a = data[0] % size, b = data[1] % size;
    if (a > b) std::swap(a, b);
    if (a > 0) cuts.push_back(a);
    if (b > a) cuts.push_back(b);
  }
  require(frames(in, {}) == frames(in, cuts));
  return 0;
}
