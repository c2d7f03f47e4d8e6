// sipspan — HEP3 over TCP (sipspan/hep_framer.hpp): packets cut by their total length.

#include "sipspan/hep_framer.hpp"

#include <cstring>

namespace sipspan::capture {

hep_framer::result hep_framer::next(std::string_view& packet, std::string& why) {
  offset_ = base_;
  const std::size_t have = end_ - begin_;
  const auto* p = reinterpret_cast<const unsigned char*>(buf_.data() + begin_);
  // the magic is checked as soon as its bytes are in: a stream that is not
  // HEP3 is refused at its first bytes, not after 64 KiB of them
  const std::size_t magic = have < 4 ? have : 4;
  if (std::memcmp(p, "HEP3", magic) != 0) {
    why = "not a HEP3 packet (no \"HEP3\" magic)";
    return result::bad;
  }
  if (have < head_size) {
    if (begin_ > 0) {  // make room for the rest of the packet
      std::memmove(buf_.data(), buf_.data() + begin_, have);
      begin_ = 0;
      end_ = have;
    }
    return result::more;
  }
  const std::size_t total = std::size_t{p[4]} << 8 | p[5];
  if (total < head_size) {
    offset_ = base_ + 4;
    why = "the total length " + std::to_string(total) + " is shorter than the packet head (6 bytes)";
    return result::bad;
  }
  if (have < total) {
    if (begin_ > 0) {
      std::memmove(buf_.data(), buf_.data() + begin_, have);
      begin_ = 0;
      end_ = have;
    }
    return result::more;
  }
  packet = std::string_view(buf_.data() + begin_, total);
  begin_ += total;
  base_ += total;
  if (begin_ == end_) begin_ = end_ = 0;  // the packet's bytes stay where they are until the next commit
  return result::packet;
}

}  // namespace sipspan::capture
