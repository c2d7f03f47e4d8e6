// sipspan — framing: where one message ends and the next begins.
//
// Datagrams (RFC 3261 §18.3): frame_datagram() reports every message in one
// datagram. Streams (TCP/TLS, RFC 3261 §18.3, RFC 5626 §4.4.1): stream_framer
// takes chunks of any size and gives whole messages and keepalives back.
// Each message is then parsed with sipspan::parse on exactly its bytes.
//
// Neither allocates while framing. The stream framer's reassembly buffer is
// allocated once, at construction, or provided by the caller.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/message.hpp"

namespace sipspan {

// ------------------------------------------------------------ datagrams ---

// One message of a datagram.
struct datagram_message {
  std::string_view bytes;  // the message: from its first byte (CRLFs before the
                           // start line included) to the end of its body
  std::uint32_t offset = 0;  // of bytes within the datagram
  message_view view;         // the parse of `bytes` (its offsets are relative to bytes)
};

class datagram_messages {
 public:
  static constexpr std::size_t capacity = 8;

  datagram_messages() noexcept = default;
  std::size_t size() const noexcept { return count_; }
  bool empty() const noexcept { return count_ == 0; }
  const datagram_message& operator[](std::size_t i) const noexcept { return messages_[i]; }
  std::span<const datagram_message> messages() const noexcept { return {messages_.data(), count_}; }
  const datagram_message* begin() const noexcept { return messages_.data(); }
  const datagram_message* end() const noexcept { return messages_.data() + count_; }
  // Bytes after the last message that are not a message (RFC 3261 §18.3: the
  // receiver discards them). The last message's view records them as the
  // bytes_after_body deviation. Empty when there are none.
  std::string_view trailing() const noexcept { return trailing_; }
  std::uint32_t trailing_offset() const noexcept { return trailing_offset_; }

 private:
  friend result frame_datagram(std::string_view, datagram_messages&, const parse_options&) noexcept;
  std::array<datagram_message, capacity> messages_;
  std::size_t count_ = 0;
  std::string_view trailing_;
  std::uint32_t trailing_offset_ = 0;
};

// Frame and parse every message of one datagram.
//
// A message with Content-Length takes exactly that many body bytes; what
// follows is the next message when it starts like one (its first line opens
// with a token character, after any CR/LF, and holds "SIP/"), and otherwise is
// reported as trailing() — a deviation, not an error, since RFC 3261 §18.3 has
// the receiver discard it. A message without Content-Length takes the rest of
// the datagram (RFC 3261 §18.3).
//
// Errors (offsets relative to the datagram): every error of parse() for any of
// the messages; body_truncated (fewer body bytes than Content-Length
// announces, at the end of the datagram); too_many_messages (at the message
// that does not fit). On error, out holds the messages framed before it.
[[nodiscard]] SIPSPAN_API result frame_datagram(std::string_view datagram, datagram_messages& out, const parse_options& options = {}) noexcept;

// --------------------------------------------------------------- streams ---

struct stream_limits {
  std::uint32_t max_header_bytes = 16 * 1024;  // start line, header fields and the empty line
  std::uint32_t max_body_bytes = 64 * 1024;    // Content-Length at most this
};

enum class stream_event : std::uint8_t {
  need_more,  // every whole frame of the last chunk has been handed out: feed() the next one
  message,    // a whole message, parsed
  ping,       // CRLF CRLF keepalive (RFC 5626 §4.4.1)
  pong,       // CRLF keepalive response (RFC 5626 §4.4.1)
  error,      // the stream cannot be framed any further (sticky until reset())
};

struct stream_frame {
  stream_event event = stream_event::need_more;
  std::string_view bytes;     // message: start line to end of body; ping/pong: its CRLFs
  std::uint64_t offset = 0;   // stream offset of bytes[0]; for an error, of the failing byte
  bool assembled = false;     // the frame was split across chunks: a message's bytes were
                              // copied into the reassembly buffer (a keepalive's point at a
                              // constant "\r\n\r\n"); false: bytes point into the chunk
  result error;               // event == error: the code, offset relative to the frame's first byte
};

// Incremental framing of a SIP byte stream.
//
//   sipspan::stream_framer framer;          // limits and parse options optional
//   sipspan::message_view msg;
//   sipspan::stream_frame f;
//   for (;;) {
//     std::string_view chunk = read_some();  // any size, split anywhere
//     framer.feed(chunk);
//     while (framer.next(f, msg) != stream_event::need_more) {
//       if (f.event == stream_event::error) { close_connection(f.error); break; }
//       if (f.event == stream_event::message) handle(msg);
//       if (f.event == stream_event::ping) send("\r\n");   // pong
//     }
//   }
//
// How to feed: feed() a chunk, then call next() until it returns need_more (or
// error); only then feed() the next chunk. When next() returns need_more, the
// unfinished frame at the end of the chunk has been copied into the framer:
// the caller may reuse the chunk's memory at once.
//
// How messages come out: next() gives one frame at a time, in stream order.
// For a message it also fills `msg` with sipspan::parse (with the framer's
// parse_options, in stream mode): msg.raw() is exactly the message's bytes.
//
// Lifetime of spans: frame.bytes and every span of `msg` stay valid until the
// next feed(). A frame that lies whole inside one chunk points into that chunk
// (zero-copy: nothing is copied, and it is valid as long as the chunk's bytes
// are); only a frame split across chunks is assembled in the reassembly
// buffer. The buffer has two halves of max_header_bytes + max_body_bytes each
// (one holds the assembled frame of this chunk, the other collects the
// unfinished one at its end).
//
// Rules: Content-Length is required (RFC 3261 §18.3, §20.14). Between messages
// only keepalives may appear: CRLF CRLF is a ping, a lone CRLF a pong (a CRLF
// at the end of a chunk is held until the next byte tells which; finish()
// reports a final lone CRLF as a pong). Anything else between messages is
// stream_junk: a byte that cannot start a method or "SIP/", a CR not followed
// by LF, a bare LF, or a first line without "SIP/".
//
// Each message is parsed once, by sipspan::parse with parse_options::stream
// (which finds the end of the header section and reads Content-Length): a
// message whole inside a chunk is parsed where it lies, and that parse frames
// it. A message split across chunks is parsed when its header section is
// whole (memchr finds the LFs, each byte once), with what has come of its
// body; if the body is not all there, that parse is kept in the framer and
// completed once the body has come (it is parsed again only when it holds more
// header fields or deviations than message_view's inline tables). While next()
// waits for the rest of a message it may use `msg` as scratch space: `msg`
// holds a message only after stream_event::message.
//
// Errors (result.offset relative to the frame's first byte):
//   stream_junk, headers_too_large (at max_header_bytes: no empty line by then),
//   content_length_missing (at the empty line ending the header section),
//   content_length_invalid (at the first byte of the value that is not a digit
//   or linear whitespace, or at the value when it is empty),
//   content_length_signed (at the sign), content_length_overflow (at the value),
//   content_length_duplicate / content_length_conflict (at the name of the second
//   Content-Length field: same / different value), body_too_large (at the value),
//   buffer_too_small (a caller's buffer cannot hold the frame, at the frame's
//   first byte), every error of parse(), and from finish(): stream_truncated
//   (at the end of the stream). Stream junk and headers_too_large come first;
//   the other errors of one message are reported in the order of their bytes,
//   as soon as the header section is whole.
class SIPSPAN_API stream_framer {
 public:
  explicit stream_framer(const stream_limits& limits = {}, const parse_options& options = {}) noexcept;
  // Caller-provided reassembly buffer; it should hold
  // 2 * (max_header_bytes + max_body_bytes) bytes (buffer_too_small otherwise,
  // when a split frame does not fit half of it).
  stream_framer(std::span<char> buffer, const stream_limits& limits = {}, const parse_options& options = {}) noexcept;
  ~stream_framer();
  stream_framer(const stream_framer&) = delete;
  stream_framer& operator=(const stream_framer&) = delete;

  // Hand over the next chunk. False (and the chunk is not taken) while the
  // previous chunk still has frames to give: call next() until need_more first.
  bool feed(std::string_view chunk) noexcept;
  // The next frame; `msg` is filled for stream_event::message.
  stream_event next(stream_frame& out, message_view& msg) noexcept;
  // End of the stream (after next() returned need_more): a held lone CRLF is a
  // pong; an unfinished message or keepalive is stream_truncated; nothing
  // pending gives need_more.
  stream_event finish(stream_frame& out) noexcept;
  // Forget everything (an error included); the stream offset restarts at 0.
  void reset() noexcept;

  const stream_limits& limits() const noexcept { return limits_; }
  std::uint64_t stream_offset() const noexcept { return base_; }  // of the first byte not yet framed
  std::size_t buffered() const noexcept { return held_; }          // bytes held in the reassembly buffer
  bool failed() const noexcept { return failed_; }

 private:
  enum class phase : std::uint8_t { idle, headers, body };

  std::size_t available() const noexcept { return held_ + (chunk_.size() - pos_); }
  unsigned char peek(std::size_t i) const noexcept;
  std::string_view take(std::size_t n) noexcept;  // the first n pending bytes as one span
  bool absorb(std::size_t n) noexcept;              // move n chunk bytes behind the held ones
  bool stash() noexcept;                            // keep the chunk's rest: need more
  stream_event fail(stream_frame& out, error_code c, std::size_t at) noexcept;
  stream_event fail(stream_frame& out, const result& r) noexcept;  // a parse error
  stream_event deliver(stream_frame& out, message_view& msg) noexcept;
  stream_event await_body(stream_frame& out, message_view& msg) noexcept;
  static std::size_t content_length_at(const message_view& msg) noexcept;
  stream_event emit(stream_frame& out, stream_event e, std::size_t n) noexcept;
  bool find_header_end(std::size_t& end) noexcept;

  stream_limits limits_;
  parse_options options_;  // the caller's, with stream mode on
  char* buffer_ = nullptr;
  std::size_t half_ = 0;   // capacity of each half
  bool owned_ = false;
  unsigned cur_ = 0;       // the half holding the pending bytes
  bool live_assembled_ = false;  // cur_ holds a frame handed out since the last feed
  std::size_t held_ = 0;   // pending bytes in the buffer (the start of the next frame)
  std::string_view chunk_;
  std::size_t pos_ = 0;    // first chunk byte not yet framed or held
  bool drained_ = true;    // next() has returned need_more for the current chunk
  bool failed_ = false;
  result error_;
  std::uint64_t error_offset_ = 0;
  phase phase_ = phase::idle;
  std::size_t scanned_ = 0;      // header end search resumes here (pending index)
  bool first_line_ok_ = false;   // the first line has been checked for junk
  bool junk_ = false;            // ... and is no start line
  std::size_t header_end_ = 0;   // pending index after the empty line
  std::size_t total_ = 0;        // header section + Content-Length
  std::uint64_t base_ = 0;       // stream offset of the first pending byte
  message_view kept_;            // the parse of a message waiting for its body
  bool have_kept_ = false;       // ... when it fit kept_'s tables (else: parsed again)
};

}  // namespace sipspan
