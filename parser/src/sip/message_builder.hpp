// sipspan — the state the message machine (grammar/message.rl) marks spans into.
//
// The machine's actions call these small inline functions; each one only records
// where something starts or ends, or records a deviation. Nothing here scans bytes
// except trimming trailing whitespace off a value that has just ended and reading
// the digits of Content-Length.
#pragma once

#include <cstdint>
#include <string_view>

#include "sipspan/message.hpp"

namespace sipspan {

using uchar = unsigned char;

struct message_builder {
  message_view& m;
  const uchar* base;
  const uchar* end;
  parse_options opts;
  result err{};
  bool failed = false;

  // start line
  const uchar* mark = nullptr;
  const uchar* line_start = nullptr;
  const uchar* sep_start = nullptr;
  enum class ctx : std::uint8_t { start, method, uri, version, status, reason, done } where = ctx::start;

  // current header name
  const uchar* name_start = nullptr;
  std::uint16_t name_length = 0;
  const uchar* gap = nullptr;  // start of a whitespace run inside/after the name
  std::uint8_t name_devs = 0;  // bit 0: ws inside, bit 1: control, bit 2: invalid

  // current header value
  header_id id = header_id::other;
  value_kind kind = value_kind::text;
  bool compact = false;
  bool folded = false;
  bool structured = false;
  const uchar* vstart = nullptr;
  const uchar* eol = nullptr;  // CR (or bare LF) of the line that just ended
  const uchar* quote_at = nullptr;
  const uchar* angle_at = nullptr;
  const uchar* last_comma = nullptr;
  std::uint32_t angle = 0;
  bool in_quote = false;
  bool content = false;      // list element has content since the last comma
  std::uint8_t value_devs = 0;  // once-per-field guards

  // body
  const uchar* headers_end = nullptr;
  std::int64_t content_length = -1;  // -1: absent
  const uchar* content_length_at = nullptr;

  message_builder(message_view& v, const uchar* b, const uchar* e, const parse_options& o) noexcept
      : m(v), base(b), end(e), opts(o) {}

  std::uint32_t off(const uchar* p) const noexcept { return static_cast<std::uint32_t>(p - base); }
  std::uint16_t current_index() const noexcept {
    return m.header_count_ < no_header ? static_cast<std::uint16_t>(m.header_count_) : no_header;
  }

  void fail(error_code c, const uchar* at) noexcept {
    if (failed) return;
    failed = true;
    err.code = c;
    err.offset = off(at);
  }

  // Record a deviation; false when the options reject it or the table is full.
  bool dev(deviation_kind k, const uchar* at, std::uint32_t len, std::uint16_t header = no_header) noexcept {
    if (failed) return false;
    if (!opts.allows(k)) {
      fail(error_code::deviation_rejected, at);
      err.deviation = k;
      return false;
    }
    if (m.deviation_count_ >= m.deviation_capacity_) {
      fail(error_code::too_many_deviations, at);
      return false;
    }
    m.deviation_table()[m.deviation_count_++] = deviation{off(at), len, header, k};
    m.deviation_mask_ |= lenient(k);
    return true;
  }
  bool field_dev(deviation_kind k, const uchar* at, std::uint32_t len) noexcept {
    return dev(k, at, len, current_index());
  }

  // ---- start line
  void set(message_view::span_t& s, const uchar* from, const uchar* to) noexcept {
    s.offset = off(from);
    s.length = static_cast<std::uint32_t>(to - from);
  }
  // A run of start-line separators ended at p: exactly one SP is canonical.
  bool separator_end(const uchar* p) noexcept {
    if (p - sep_start != 1 || *sep_start != ' ')
      return dev(deviation_kind::start_line_whitespace, sep_start, static_cast<std::uint32_t>(p - sep_start));
    return true;
  }
  // whitespace after the SIP-Version of a Request-Line
  bool trailing_whitespace(const uchar* p) noexcept {
    return dev(deviation_kind::start_line_whitespace, sep_start, static_cast<std::uint32_t>(p - sep_start));
  }
  void method_end(const uchar* p) noexcept { set(m.method_, mark, p); where = ctx::uri; }
  void uri_end(const uchar* p) noexcept { set(m.request_uri_, mark, p); where = ctx::version; }
  void version_end(const uchar* p) noexcept { set(m.version_, mark, p); }
  void status_end(const uchar* p) noexcept {
    set(m.status_, mark, p);
    m.status_code_ = static_cast<std::uint16_t>((mark[0] - '0') * 100 + (mark[1] - '0') * 10 + (mark[2] - '0'));
    where = ctx::reason;
  }
  void reason_end(const uchar* p) noexcept { set(m.reason_, mark, p); }
  void no_reason(const uchar* p) noexcept {
    m.reason_ = {off(p), 0};
    dev(deviation_kind::start_line_whitespace, p, 0);
  }
  void set_kind(message_kind k) noexcept { m.kind_ = k; }
  void start_line_end(const uchar* p) noexcept { set(m.start_line_, line_start, p); }

  // ---- header names
  void name_begin(const uchar* p) noexcept {
    name_start = p;
    gap = nullptr;
    name_devs = 0;
  }
  void name_gap(const uchar* p) noexcept { gap = p; }
  // a name piece resumes after whitespace: "Conta ct"
  bool name_inner_ws(const uchar* p) noexcept {
    const uchar* g = gap;
    gap = nullptr;
    if (name_devs & 1) return true;
    name_devs |= 1;
    return field_dev(deviation_kind::header_name_whitespace, g, static_cast<std::uint32_t>(p - g));
  }
  bool name_control(const uchar* p) noexcept {
    if (name_devs & 2) return true;
    name_devs |= 2;
    return field_dev(deviation_kind::header_name_control, p, 1);
  }
  bool name_invalid(const uchar* p) noexcept {
    if (name_devs & 4) return true;
    name_devs |= 4;
    return field_dev(deviation_kind::header_name_invalid, p, 1);
  }
  // A line without a colon is not a header field: what was noted about its
  // "name" is dropped, and the line is recorded as one deviation.
  bool missing_colon(const uchar* p) noexcept {
    const std::uint16_t index = current_index();
    while (m.deviation_count_ > 0 && m.deviation_table()[m.deviation_count_ - 1].header_index == index)
      --m.deviation_count_;
    m.deviation_mask_ = 0;
    for (std::uint32_t i = 0; i < m.deviation_count_; ++i) m.deviation_mask_ |= lenient(m.deviation_table()[i].kind);
    return dev(deviation_kind::missing_colon, name_start, static_cast<std::uint32_t>(p - name_start));
  }

  // ':' at p ends the name: classify it and get ready for the value.
  bool colon(const uchar* p) noexcept;

  // ---- header values
  void value_byte(const uchar* p) noexcept {
    if (!vstart) vstart = p;
  }
  // a run of ordinary bytes starts at p
  void run(const uchar* p) noexcept {
    value_byte(p);
    content = true;
  }
  bool control_byte(const uchar* p) noexcept {
    value_byte(p);
    if (value_devs & 1) return true;
    value_devs |= 1;
    return field_dev(deviation_kind::control_byte_in_value, p, 1);
  }
  bool bare_lf(const uchar* p) noexcept {
    eol = p;
    return dev(deviation_kind::bare_lf, p, 1, where == ctx::done ? current_index() : no_header);
  }
  bool fold(const uchar* p) noexcept {
    folded = true;
    return field_dev(deviation_kind::line_folding, eol, static_cast<std::uint32_t>(p + 1 - eol));
  }
  void quote_open(const uchar* p) noexcept {
    value_byte(p);
    content = true;
    in_quote = true;
    quote_at = p;
  }
  void quote_close() noexcept { in_quote = false; }
  void angle_open(const uchar* p) noexcept {
    value_byte(p);
    content = true;
    if (angle++ == 0) angle_at = p;
  }
  bool angle_close(const uchar* p) noexcept {
    value_byte(p);
    content = true;
    if (angle > 0) {
      --angle;
      return true;
    }
    if (value_devs & 2) return true;
    value_devs |= 2;
    return field_dev(deviation_kind::unbalanced_angle, p, 1);
  }
  bool comma(const uchar* p) noexcept {
    value_byte(p);
    if (angle != 0) return true;
    if (kind == value_kind::single) {
      if (value_devs & 4) return true;
      value_devs |= 4;
      return field_dev(deviation_kind::comma_in_singleton, p, 1);
    }
    if (kind == value_kind::list) {
      bool ok = true;
      if (!content && !(value_devs & 8)) {
        value_devs |= 8;
        ok = field_dev(deviation_kind::empty_list_element, p, 1);
      }
      content = false;
      last_comma = p;
      return ok;
    }
    return true;
  }

  // The line that ended at `eol` is not continued: store the header field.
  bool end_field() noexcept;

  // ---- end of the header section at p (the byte after the empty line)
  void end_headers(const uchar* p) noexcept { headers_end = p; }
};

}  // namespace sipspan
