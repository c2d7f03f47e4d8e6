// sipspan — HEP3 over TCP: one connection's bytes cut into HEP3 packets.
//
// On a stream, HEP3 packets follow each other with nothing between them; each
// says how long it is in its head (HEP3 draft, "HEP3 Network Protocol
// Specification": the magic "HEP3", then the total length of the packet, 16
// bits big-endian, its 6-byte head included). The framer holds at most one
// packet (65 535 bytes): bytes are read into its free space, and whole packets
// come out of it as views. A stream that does not start a packet where the
// last one ended (no magic, a total length shorter than the head) cannot be
// framed again: the framer says why and at which byte of the stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sipspan::capture {

class hep_framer {
 public:
  static constexpr std::size_t head_size = 6;         // "HEP3" + total length
  static constexpr std::size_t max_packet = 65535;    // the largest a 16-bit total length says

  hep_framer() : buf_(max_packet) {}

  // Where the next bytes of the stream go, and how many fit; room() is 0 only
  // while next() has a whole packet to give.
  char* space() { return buf_.data() + end_; }
  std::size_t room() const { return buf_.size() - end_; }
  // n bytes were written at space() (n <= room()).
  void commit(std::size_t n) { end_ += n; }

  enum class result { packet, more, bad };
  // packet: `packet` views the next whole packet (valid until the next call to
  // next() or commit()); more: the stream must bring more bytes; bad: the
  // stream is not HEP3 at byte `offset()` and `why` says how.
  result next(std::string_view& packet, std::string& why);

  // Stream offset of the packet next() gave, of the byte it refused, or
  // (more) of the packet still to come.
  std::uint64_t offset() const { return offset_; }
  // Bytes held of a packet not yet whole (a connection that ends with some
  // held ends inside a packet).
  std::size_t held() const { return end_ - begin_; }

 private:
  std::vector<char> buf_;
  std::size_t begin_ = 0, end_ = 0;  // the bytes not yet given out
  std::uint64_t base_ = 0;           // stream offset of buf_[begin_]
  std::uint64_t offset_ = 0;
};

}  // namespace sipspan::capture
