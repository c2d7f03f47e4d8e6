// sipspan — parse() and message_view.
//
// RFC 3261 §7.3.1 (header fields: singletons, comma lists, compact forms),
// §7.4.1/§18.3 (Content-Length and the body), §7.5 (framing).

#include "sipspan/message.hpp"

#include <algorithm>
#include <cstring>

#include "sip/message_builder.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

namespace detail {
bool scan_message(message_builder& b) noexcept;
bool typed_fields_off = false;  // field_switch.hpp
}

namespace {

inline bool is_wsp_or_eol(uchar c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

// ----------------------------------------------------------------- parse ---

result parse(std::string_view input, message_view& out, const parse_options& options) noexcept {
  out.clear();
  out.input_ = input;
  result r{};
  if (input.empty()) {
    r.code = error_code::empty_input;
    return r;
  }
  if (input.size() > 0xFFFFFFFFull) {
    r.code = error_code::input_too_large;
    return r;
  }
  const uchar* base = reinterpret_cast<const uchar*>(input.data());
  const uchar* end = base + input.size();
  message_builder b(out, base, end, options);
  if (!detail::scan_message(b)) return b.err;

  const std::uint32_t hend = b.off(b.headers_end);
  out.headers_ = {out.start_line_.offset, hend - out.start_line_.offset};
  if (options.stream) {
    // one message at the start of a stream (parse_options::stream)
    if (out.kind_ == message_kind::request) out.method_id_ = classify_method(out.method());
    if (b.content_length < 0) {
      // at the empty line: CRLF, or a bare LF
      r.code = error_code::content_length_missing;
      r.offset = hend - (hend - out.start_line_.offset >= 2 && b.headers_end[-2] == '\r' ? 2 : 1);
      return r;
    }
    out.has_content_length_ = true;
    out.content_length_ = static_cast<std::uint32_t>(b.content_length);
    const std::uint64_t total = std::uint64_t{hend} + out.content_length_;
    if (total > input.size()) {
      out.body_ = {hend, 0};
      out.message_end_ = hend;
      r.code = error_code::body_truncated;
      r.offset = static_cast<std::uint32_t>(std::min<std::uint64_t>(total, 0xFFFFFFFFu));
      return r;
    }
    out.body_ = {hend, out.content_length_};
    out.message_end_ = static_cast<std::uint32_t>(total);
    out.input_ = input.substr(0, out.message_end_);
    return r;
  }
  std::uint32_t available = static_cast<std::uint32_t>(input.size()) - hend;
  std::uint32_t body_len = available;
  if (b.content_length >= 0) {
    out.has_content_length_ = true;
    out.content_length_ = static_cast<std::uint32_t>(b.content_length);
    if (out.content_length_ > available) {
      // RFC 3261 §18.3: fewer bytes than announced. The body is what is there.
      if (!b.dev(deviation_kind::body_shorter_than_content_length, b.content_length_at,
                 static_cast<std::uint32_t>(input.size()) - b.off(b.content_length_at)))
        return b.err;
    } else {
      body_len = out.content_length_;
      if (body_len < available &&
          !b.dev(deviation_kind::bytes_after_body, b.headers_end + body_len, available - body_len))
        return b.err;
    }
  }
  out.body_ = {hend, body_len};
  out.message_end_ = hend + body_len;
  if (out.kind_ == message_kind::request) out.method_id_ = classify_method(out.method());
  return r;
}

// ------------------------------------------------------------ the view ---

message_view::message_view() noexcept
    : header_capacity_(inline_header_capacity), deviation_capacity_(inline_deviation_capacity) {
  first_.fill(no_header);
}

message_view::message_view(std::span<header_record> headers, std::span<deviation> deviations) noexcept
    : header_capacity_(static_cast<std::uint32_t>(std::min<std::size_t>(headers.size(), no_header))),
      deviation_capacity_(static_cast<std::uint32_t>(std::min<std::size_t>(deviations.size(), 0xFFFFFFFFu))),
      ext_headers_(headers.data()),
      ext_deviations_(deviations.data()) {
  first_.fill(no_header);
}

message_view::message_view(const message_view& o) noexcept { *this = o; }

message_view& message_view::operator=(const message_view& o) noexcept {
  if (this == &o) return *this;
  input_ = o.input_;
  kind_ = o.kind_;
  method_id_ = o.method_id_;
  status_code_ = o.status_code_;
  start_line_ = o.start_line_;
  method_ = o.method_;
  request_uri_ = o.request_uri_;
  version_ = o.version_;
  status_ = o.status_;
  reason_ = o.reason_;
  headers_ = o.headers_;
  body_ = o.body_;
  content_length_ = o.content_length_;
  message_end_ = o.message_end_;
  has_content_length_ = o.has_content_length_;
  deviation_mask_ = o.deviation_mask_;
  scanned_ = o.scanned_;
  header_count_ = o.header_count_;
  header_capacity_ = o.header_capacity_;
  deviation_count_ = o.deviation_count_;
  deviation_capacity_ = o.deviation_capacity_;
  // caller-provided tables are shared; inline tables are copied
  ext_headers_ = o.ext_headers_;
  ext_deviations_ = o.ext_deviations_;
  first_ = o.first_;
  if (!ext_headers_) std::copy_n(o.inline_headers_.begin(), header_count_, inline_headers_.begin());
  if (!ext_deviations_) std::copy_n(o.inline_deviations_.begin(), deviation_count_, inline_deviations_.begin());
  return *this;
}

void message_view::clear() noexcept {
  input_ = {};
  kind_ = message_kind::none;
  method_id_ = method_id::other;
  status_code_ = 0;
  start_line_ = method_ = request_uri_ = version_ = status_ = reason_ = headers_ = body_ = span_t{};
  content_length_ = 0;
  message_end_ = 0;
  has_content_length_ = false;
  deviation_mask_ = 0;
  scanned_.present = 0;
  scanned_.repeated = 0;
  scanned_.facts.bits = 0;
  scanned_.facts.out_of_range = 0;
  header_count_ = 0;
  deviation_count_ = 0;
  first_.fill(no_header);
}

// Records are made by parse() from this input: their spans lie inside it.
header_view message_view::header(std::size_t index) const noexcept {
  const header_record& r = headers()[index];
  return header_view{r.id, static_cast<std::uint16_t>(index), r.flags,
                     std::string_view(input_.data() + r.name_offset, r.name_length),
                     std::string_view(input_.data() + r.value_offset, r.value_length)};
}

bool message_view::find(header_id id, header_view& out) const noexcept {
  if (id == header_id::other) return false;
  std::uint16_t i = first_[static_cast<std::size_t>(id)];
  if (i == no_header) return false;
  out = header(i);
  return true;
}

std::string_view message_view::value(header_id id) const noexcept {
  if (id == header_id::other) return {};
  const std::uint16_t i = first_[static_cast<std::size_t>(id)];
  if (i == no_header) return {};
  const header_record& r = headers()[i];
  return std::string_view(input_.data() + r.value_offset, r.value_length);
}

bool message_view::find(std::string_view name, header_view& out) const noexcept {
  header_id id = classify_header(name);
  if (id != header_id::other) return find(id, out);
  for (std::uint32_t i = 0; i < header_count_; ++i) {
    const header_record& r = headers()[i];
    if (r.id == header_id::other && iequals(input_.substr(r.name_offset, r.name_length), name)) {
      out = header(i);
      return true;
    }
  }
  return false;
}

std::size_t message_view::count(header_id id) const noexcept {
  std::size_t n = 0;
  for (std::uint32_t i = 0; i < header_count_; ++i) n += headers()[i].id == id;
  return n;
}

std::uint16_t message_view::next_row(header_id id, std::uint16_t index) const noexcept {
  for (std::uint32_t i = static_cast<std::uint32_t>(index) + 1; i < header_count_; ++i)
    if (headers()[i].id == id) return static_cast<std::uint16_t>(i);
  return no_header;
}

// ------------------------------------------------------- comma splitting ---

namespace {
// Element starting at v[pos]: returns it trimmed, and sets `next` to the offset
// after its comma (v.size() when it is the last one). Runs of bytes that cannot
// open or close a quote, an angle bracket or a list element are jumped over
// (skip.hpp); the jumps also stop at control bytes and HTAB, which are then
// taken like any other byte here.
std::string_view element_at(std::string_view v, std::size_t pos, std::size_t& next) noexcept {
  const uchar* base = reinterpret_cast<const uchar*>(v.data());
  const uchar* end = base + v.size();
  const uchar* q = base + pos;
  bool quote = false;
  unsigned angle = 0;
  for (;;) {
    q = quote ? detail::skip_quoted(q, end) : detail::skip_structured(q, end);
    if (q == end) break;
    const uchar c = *q;
    if (quote) {
      if (c == '\\' && q + 1 < end) ++q;
      else if (c == '"') quote = false;
    } else if (c == '"') {
      quote = true;
    } else if (c == '<') {
      ++angle;
    } else if (c == '>') {
      if (angle) --angle;
    } else if (c == ',' && angle == 0) {
      break;
    }
    ++q;
  }
  const std::size_t i = static_cast<std::size_t>(q - base), n = v.size();
  next = i < n ? i + 1 : n;
  std::size_t b = pos, e = i;
  while (b < e && is_wsp_or_eol(static_cast<uchar>(v[b]))) ++b;
  while (e > b && is_wsp_or_eol(static_cast<uchar>(v[e - 1]))) --e;
  return v.substr(b, e - b);
}
}  // namespace

std::string_view next_list_element(std::string_view v, std::string_view& rest) noexcept {
  std::size_t next = 0;
  std::string_view e = element_at(v, 0, next);
  rest = v.substr(next);
  return e;
}

value_range::iterator::iterator(const message_view* m, header_id id, std::size_t row) noexcept
    : msg_(m), id_(id), row_(row) {
  settle();
}

void value_range::iterator::settle() noexcept {
  const std::size_t n = msg_->header_count();
  const header_record* rows = msg_->records().data();
  const char* input = msg_->raw().data();
  for (; row_ < n; ++row_, pos_ = 0) {
    const header_record& r = rows[row_];
    if (r.id != id_) continue;
    const std::string_view v(input + r.value_offset, r.value_length);
    while (pos_ < v.size()) {
      std::size_t next = 0;
      std::string_view e = element_at(v, pos_, next);
      if (!e.empty()) {
        current_ = e;
        next_ = next;
        return;
      }
      pos_ = next;
    }
  }
  row_ = n;
  pos_ = 0;
  current_ = {};
}

value_range::iterator& value_range::iterator::operator++() noexcept {
  pos_ = next_;
  settle();
  return *this;
}

// A known id starts at its first row (none: the end); `other` rows are searched from the top.
value_range::iterator value_range::begin() const noexcept {
  std::size_t row = 0;
  if (id_ != header_id::other) {
    header_view h;
    row = msg_->find(id_, h) ? h.index : msg_->header_count();
  }
  return iterator(msg_, id_, row);
}
value_range::iterator value_range::end() const noexcept {
  iterator it;
  it.msg_ = msg_;
  it.id_ = id_;
  it.row_ = msg_->header_count();
  return it;
}

// ---------------------------------------------------------------- methods ---

method_id classify_method(std::string_view m) noexcept {
  switch (m.size()) {
    case 3:
      if (m == "ACK") return method_id::ack;
      if (m == "BYE") return method_id::bye;
      break;
    case 4:
      if (m == "INFO") return method_id::info;
      break;
    case 5:
      if (m == "PRACK") return method_id::prack;
      if (m == "REFER") return method_id::refer;
      break;
    case 6:
      if (m == "INVITE") return method_id::invite;
      if (m == "CANCEL") return method_id::cancel;
      if (m == "NOTIFY") return method_id::notify;
      if (m == "UPDATE") return method_id::update;
      break;
    case 7:
      if (m == "OPTIONS") return method_id::options;
      if (m == "PUBLISH") return method_id::publish;
      if (m == "MESSAGE") return method_id::message;
      break;
    case 8:
      if (m == "REGISTER") return method_id::register_;
      break;
    case 9:
      if (m == "SUBSCRIBE") return method_id::subscribe;
      break;
    default:
      break;
  }
  return method_id::other;
}

std::string_view method_name(method_id id) noexcept {
  switch (id) {
    case method_id::invite: return "INVITE";
    case method_id::ack: return "ACK";
    case method_id::bye: return "BYE";
    case method_id::cancel: return "CANCEL";
    case method_id::options: return "OPTIONS";
    case method_id::register_: return "REGISTER";
    case method_id::prack: return "PRACK";
    case method_id::subscribe: return "SUBSCRIBE";
    case method_id::notify: return "NOTIFY";
    case method_id::publish: return "PUBLISH";
    case method_id::info: return "INFO";
    case method_id::refer: return "REFER";
    case method_id::message: return "MESSAGE";
    case method_id::update: return "UPDATE";
    case method_id::other: break;
  }
  return {};
}

line_column locate(std::string_view input, std::uint32_t offset) noexcept {
  std::uint32_t line = 1;
  std::size_t line_start = 0;
  const std::size_t end = std::min<std::size_t>(offset, input.size());
  const char* p = input.data();
  // from line end to line end (memchr goes many bytes at a time)
  while (const void* lf = line_start < end ? std::memchr(p + line_start, '\n', end - line_start) : nullptr) {
    ++line;
    line_start = static_cast<std::size_t>(static_cast<const char*>(lf) - p) + 1;
  }
  return {line, static_cast<std::uint32_t>(offset - line_start + 1)};
}

}  // namespace sipspan
