// sipspan — datagram framing (RFC 3261 §18.3) and the incremental stream
// framer (RFC 3261 §18.3, RFC 5626 §4.4.1).
//
// The framer parses each message once, with parse_options::stream: the message
// machine finds the end of the header section and reads Content-Length. A
// message that lies whole in a chunk is parsed where it is, and that parse is
// the framing. Only a message split across chunks is looked at before it is
// parsed: memchr finds its LFs (each byte once, however small the chunks) until
// an empty line ends the header section; then the header section is parsed
// with what the chunk holds of the body, which most often gives the whole
// message; otherwise that parse gives the message's length and is kept (in the
// framer's own view), the body is waited for with nothing but counting, and the
// kept parse is completed with the assembled bytes.

#include "sipspan/framing.hpp"

#include <algorithm>
#include <cstring>
#include <new>

#include "sip/message_builder.hpp"
#include "sip/skip.hpp"
#include "sip/start_line.hpp"

namespace sipspan {

namespace {

result error_at(error_code c, std::uint32_t at) noexcept {
  result r;
  r.code = c;
  r.offset = at;
  return r;
}

// What follows a datagram's message: another message when, after any CR/LF,
// its first line looks like a start line.
bool looks_like_message(std::string_view s) noexcept {
  std::size_t b = 0;
  while (b < s.size() && (s[b] == '\r' || s[b] == '\n')) ++b;
  if (b == s.size()) return false;
  std::string_view rest = s.substr(b);
  std::size_t lf = rest.find('\n');
  std::string_view line = rest.substr(0, lf == std::string_view::npos ? rest.size() : lf);
  return detail::plausible_start_line(line);
}

}  // namespace

// ------------------------------------------------------------ datagrams ---

result frame_datagram(std::string_view datagram, datagram_messages& out, const parse_options& options) noexcept {
  out.count_ = 0;
  out.trailing_ = {};
  out.trailing_offset_ = 0;
  if (datagram.empty()) return error_at(error_code::empty_input, 0);
  if (datagram.size() > 0xFFFFFFFFull) return error_at(error_code::input_too_large, 0);
  // the framer judges these two itself
  parse_options opts = options;
  opts.allow |= lenient(deviation_kind::body_shorter_than_content_length) | lenient(deviation_kind::bytes_after_body);

  std::size_t at = 0;
  for (;;) {
    if (out.count_ == datagram_messages::capacity)
      return error_at(error_code::too_many_messages, static_cast<std::uint32_t>(at));
    datagram_message& m = out.messages_[out.count_];
    std::string_view rest = datagram.substr(at);
    result r = parse(rest, m.view, opts);
    if (!r) {
      r.offset += static_cast<std::uint32_t>(at);
      return r;
    }
    if (m.view.has_deviation(deviation_kind::body_shorter_than_content_length))
      return error_at(error_code::body_truncated, static_cast<std::uint32_t>(datagram.size()));
    const std::size_t len = m.view.message_length();
    if (len < rest.size()) {
      std::string_view after = rest.substr(len);
      if (looks_like_message(after)) {
        // parse exactly this message's bytes, so that its view holds no bytes_after_body
        rest = rest.substr(0, len);
        r = parse(rest, m.view, opts);
        if (!r) {
          r.offset += static_cast<std::uint32_t>(at);
          return r;
        }
        m.bytes = rest;
        m.offset = static_cast<std::uint32_t>(at);
        ++out.count_;
        at += len;
        continue;
      }
      if (!options.allows(deviation_kind::bytes_after_body)) {
        result e = error_at(error_code::deviation_rejected, static_cast<std::uint32_t>(at + len));
        e.deviation = deviation_kind::bytes_after_body;
        return e;
      }
      out.trailing_ = after;
      out.trailing_offset_ = static_cast<std::uint32_t>(at + len);
    }
    m.bytes = rest.substr(0, len);
    m.offset = static_cast<std::uint32_t>(at);
    ++out.count_;
    return {};
  }
}

// --------------------------------------------------------------- streams ---

stream_framer::stream_framer(const stream_limits& limits, const parse_options& options) noexcept
    : limits_(limits), options_(options), owned_(true) {
  options_.stream = true;
  half_ = static_cast<std::size_t>(limits.max_header_bytes) + limits.max_body_bytes;
  buffer_ = new (std::nothrow) char[2 * half_];
  if (buffer_ == nullptr) half_ = 0;  // every split frame is then buffer_too_small
}

stream_framer::stream_framer(std::span<char> buffer, const stream_limits& limits, const parse_options& options) noexcept
    : limits_(limits), options_(options), buffer_(buffer.data()), half_(buffer.size() / 2), owned_(false) {
  options_.stream = true;
}

stream_framer::~stream_framer() {
  if (owned_) delete[] buffer_;
}

void stream_framer::reset() noexcept {
  cur_ = 0;
  live_assembled_ = false;
  held_ = 0;
  chunk_ = {};
  pos_ = 0;
  drained_ = true;
  failed_ = false;
  error_ = {};
  error_offset_ = 0;
  phase_ = phase::idle;
  scanned_ = 0;
  first_line_ok_ = false;
  junk_ = false;
  header_end_ = 0;
  total_ = 0;
  base_ = 0;
  have_kept_ = false;
}

bool stream_framer::feed(std::string_view chunk) noexcept {
  if (!drained_ && !failed_) return false;
  chunk_ = chunk;
  pos_ = 0;
  drained_ = false;
  live_assembled_ = false;  // frames handed out before this call are no longer valid
  return true;
}

unsigned char stream_framer::peek(std::size_t i) const noexcept {
  return static_cast<unsigned char>(i < held_ ? buffer_[cur_ * half_ + i] : chunk_[pos_ + (i - held_)]);
}

bool stream_framer::absorb(std::size_t n) noexcept {
  if (held_ + n > half_) return false;
  std::memcpy(buffer_ + cur_ * half_ + held_, chunk_.data() + pos_, n);
  held_ += n;
  pos_ += n;
  return true;
}

bool stream_framer::stash() noexcept {
  const std::size_t n = chunk_.size() - pos_;
  if (n == 0) return true;
  // a frame assembled in this chunk stays valid until the next feed: collect the next one in the other half
  if (held_ == 0 && live_assembled_) {
    cur_ ^= 1u;
    live_assembled_ = false;
  }
  return absorb(n);
}

std::string_view stream_framer::take(std::size_t n) noexcept {
  if (held_ == 0) {
    std::string_view s = chunk_.substr(pos_, n);
    pos_ += n;
    return s;
  }
  absorb(n - held_);  // the caller checked n <= half_
  held_ = 0;
  live_assembled_ = true;
  return {buffer_ + cur_ * half_, n};
}

stream_event stream_framer::fail(stream_frame& out, error_code c, std::size_t at) noexcept {
  failed_ = true;
  error_ = error_at(c, static_cast<std::uint32_t>(at));
  error_offset_ = base_ + at;
  out = stream_frame{};
  out.event = stream_event::error;
  out.offset = error_offset_;
  out.error = error_;
  return stream_event::error;
}

stream_event stream_framer::fail(stream_frame& out, const result& r) noexcept {
  const stream_event e = fail(out, r.code, r.offset);
  error_.deviation = r.deviation;
  out.error.deviation = r.deviation;
  return e;
}

stream_event stream_framer::emit(stream_frame& out, stream_event e, std::size_t n) noexcept {
  out = stream_frame{};
  out.event = e;
  out.offset = base_;
  out.assembled = held_ > 0;
  if (held_ > 0 && e != stream_event::message) {
    // a keepalive split across chunks: its bytes are constant, so the frame
    // points at them and the buffer keeps only what follows it
    static constexpr char crlfcrlf[] = "\r\n\r\n";
    out.bytes = std::string_view(crlfcrlf, n);
    if (n >= held_) {
      pos_ += n - held_;
      held_ = 0;
    } else {
      std::memmove(buffer_ + cur_ * half_, buffer_ + cur_ * half_ + n, held_ - n);
      held_ -= n;
    }
  } else {
    out.bytes = take(n);
  }
  base_ += n;
  return e;
}

// The end of the header section: an LF followed by CRLF or LF. `end` is the
// pending index after it. The first line is checked for junk once its LF is known.
bool stream_framer::find_header_end(std::size_t& end) noexcept {
  const std::size_t avail = available();
  const std::size_t limit = std::min<std::size_t>(avail, static_cast<std::size_t>(limits_.max_header_bytes) + 3);
  std::size_t i = scanned_;
  while (i < limit) {
    std::size_t lf;
    if (i < held_) {
      const char* b = buffer_ + cur_ * half_;
      const void* q = std::memchr(b + i, '\n', std::min(held_, limit) - i);
      if (q == nullptr) {
        i = std::min(held_, limit);
        continue;
      }
      lf = static_cast<std::size_t>(static_cast<const char*>(q) - b);
    } else {
      const char* c = chunk_.data() + pos_;  // pending index held_ is chunk byte pos_
      const void* q = std::memchr(c + (i - held_), '\n', limit - i);
      if (q == nullptr) {
        i = limit;
        break;
      }
      lf = held_ + static_cast<std::size_t>(static_cast<const char*>(q) - c);
    }
    if (!first_line_ok_) {
      // the line's bytes: the held ones, then the chunk's (peek())
      const char* held = buffer_ + cur_ * half_;
      const std::string_view line_held(held, std::min(lf, held_));
      const std::string_view line_chunk(chunk_.data() + pos_, lf > held_ ? lf - held_ : 0);
      if (!detail::plausible_start_line(line_held, line_chunk)) {
        junk_ = true;
        return false;
      }
      first_line_ok_ = true;
    }
    if (lf + 1 >= avail) {
      scanned_ = lf;
      return false;
    }
    const unsigned char c1 = peek(lf + 1);
    if (c1 == '\n') {
      end = lf + 2;
      return true;
    }
    if (c1 == '\r') {
      if (lf + 2 >= avail) {
        scanned_ = lf;
        return false;
      }
      if (peek(lf + 2) == '\n') {
        end = lf + 3;
        return true;
      }
    }
    i = lf + 1;
  }
  scanned_ = i;
  return false;
}

stream_event stream_framer::next(stream_frame& out, message_view& msg) noexcept {
  if (failed_) {
    out = stream_frame{};
    out.event = stream_event::error;
    out.offset = error_offset_;
    out.error = error_;
    return stream_event::error;
  }
  auto more = [&]() {
    if (!stash()) return fail(out, error_code::buffer_too_small, 0);
    drained_ = true;
    out = stream_frame{};
    out.offset = base_;
    return stream_event::need_more;
  };
  if (drained_) return more();

  const std::size_t avail = available();
  if (phase_ == phase::idle) {
    if (avail == 0) return more();
    const unsigned char c0 = peek(0);
    if (c0 == '\r') {  // RFC 5626 §4.4.1: CRLF CRLF ping, CRLF pong
      if (avail < 2) return more();
      if (peek(1) != '\n') return fail(out, error_code::stream_junk, 0);
      if (avail < 3) return more();
      if (peek(2) != '\r') return emit(out, stream_event::pong, 2);
      if (avail < 4) return more();
      return emit(out, peek(3) == '\n' ? stream_event::ping : stream_event::pong, peek(3) == '\n' ? 4 : 2);
    }
    if (!(detail::classes.c[c0] & detail::k_token)) return fail(out, error_code::stream_junk, 0);  // a Method's first byte
    phase_ = phase::headers;
    scanned_ = 0;
    first_line_ok_ = false;
    junk_ = false;
  }

  if (phase_ == phase::headers) {
    result r;
    if (held_ == 0) {
      // The message may lie whole in this chunk: parse it where it is. A valid
      // message within the limits is no longer than max_header_bytes +
      // max_body_bytes, so the parse needs to see no more than that.
      const std::size_t cap = static_cast<std::size_t>(limits_.max_header_bytes) + limits_.max_body_bytes;
      r = parse(chunk_.substr(pos_, std::min(chunk_.size() - pos_, cap)), msg, options_);
      if (r) return deliver(out, msg);
      if (r.code == error_code::body_truncated) {
        if (stream_event e = await_body(out, msg); e != stream_event::need_more) return e;
        return more();  // the chunk holds less than the message
      }
      // An error, or the header section is not whole yet: junk and the header
      // limit come first, as they would if the message arrived in pieces.
    }
    std::size_t hend = 0;
    if (!find_header_end(hend)) {
      if (junk_) return fail(out, error_code::stream_junk, 0);
      if (avail > limits_.max_header_bytes) return fail(out, error_code::headers_too_large, limits_.max_header_bytes);
      return more();
    }
    if (hend > limits_.max_header_bytes) return fail(out, error_code::headers_too_large, limits_.max_header_bytes);
    if (held_ == 0) {
      // the parse above saw the whole header section and stopped on an error
      if (r.code == error_code::incomplete_message) r.offset = static_cast<std::uint32_t>(hend);  // the scans disagree
      return fail(out, r);
    }
    // Split across chunks: parse the header section and what this chunk holds
    // of the body (copied behind it, but not taken yet). Most messages are then
    // whole; for a longer body the parse is kept while the body is waited for.
    if (held_ < hend && !absorb(hend - held_)) return fail(out, error_code::buffer_too_small, 0);
    const std::size_t ahead = std::min({chunk_.size() - pos_, half_ - held_, std::size_t{4096}});
    std::memcpy(buffer_ + cur_ * half_ + held_, chunk_.data() + pos_, ahead);
    r = parse(std::string_view(buffer_ + cur_ * half_, held_ + ahead), msg, options_);
    if (r) {
      const std::size_t total = msg.message_length();
      if (total < held_) return fail(out, error_code::incomplete_message, hend);  // the scans disagree
      pos_ += total - held_;  // its bytes are in the buffer already
      held_ = total;
      return deliver(out, msg);
    }
    if (r.code != error_code::body_truncated) return fail(out, r);
    if (stream_event e = await_body(out, msg); e != stream_event::need_more) return e;
  }

  if (available() < total_) return more();
  if (held_ > 0 && total_ > half_) return fail(out, error_code::buffer_too_small, 0);
  phase_ = phase::idle;
  const std::uint64_t start = base_;
  emit(out, stream_event::message, total_);
  result r;
  if (have_kept_ && message_builder::keep(msg, kept_)) {
    message_builder::complete(msg, out.bytes);  // the header section was parsed already
    have_kept_ = false;
    return stream_event::message;
  }
  r = parse(out.bytes, msg, options_);
  if (r && (msg.body_offset() != header_end_ || msg.message_length() != total_))
    r = error_at(error_code::incomplete_message, static_cast<std::uint32_t>(header_end_));  // the parses disagree
  if (!r) {
    failed_ = true;
    error_ = r;
    error_offset_ = start + r.offset;
    out.event = stream_event::error;
    out.offset = error_offset_;
    out.error = r;
    return stream_event::error;
  }
  return stream_event::message;
}

// Offset of the (first) Content-Length value in a parsed message.
std::size_t stream_framer::content_length_at(const message_view& msg) noexcept {
  header_view h;
  if (!msg.find(header_id::content_length, h)) return 0;
  return static_cast<std::size_t>(h.value.data() - msg.raw().data());
}

// A message parsed whole from the pending bytes: the limits, then the frame.
stream_event stream_framer::deliver(stream_frame& out, message_view& msg) noexcept {
  if (msg.body_offset() > limits_.max_header_bytes)
    return fail(out, error_code::headers_too_large, limits_.max_header_bytes);
  if (msg.content_length() > limits_.max_body_bytes)
    return fail(out, error_code::body_too_large, content_length_at(msg));
  phase_ = phase::idle;
  emit(out, stream_event::message, msg.message_length());  // msg.raw() is out.bytes
  return stream_event::message;
}

// The header section is parsed and the body is not all there: the limits, then
// wait for header section + Content-Length bytes (need_more: go on waiting).
// `msg` was only a scratch view for this parse.
stream_event stream_framer::await_body(stream_frame& out, message_view& msg) noexcept {
  header_end_ = msg.body_offset();
  if (header_end_ > limits_.max_header_bytes)
    return fail(out, error_code::headers_too_large, limits_.max_header_bytes);
  if (msg.content_length() > limits_.max_body_bytes)
    return fail(out, error_code::body_too_large, content_length_at(msg));
  total_ = header_end_ + msg.content_length();
  phase_ = phase::body;
  have_kept_ = message_builder::keep(kept_, msg);
  msg.clear();
  return stream_event::need_more;
}

stream_event stream_framer::finish(stream_frame& out) noexcept {
  if (failed_) {
    out = stream_frame{};
    out.event = stream_event::error;
    out.offset = error_offset_;
    out.error = error_;
    return stream_event::error;
  }
  const std::size_t avail = available();
  if (avail == 0) {
    out = stream_frame{};
    out.offset = base_;
    return stream_event::need_more;
  }
  if (phase_ == phase::idle && avail >= 2 && peek(0) == '\r' && peek(1) == '\n') return emit(out, stream_event::pong, 2);
  return fail(out, error_code::stream_truncated, avail);
}

}  // namespace sipspan
