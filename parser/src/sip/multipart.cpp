// sipspan — multipart bodies: the delimiter search and the part table.
//
// RFC 2046 §5.1.1: a delimiter is CRLF "--" boundary at the start of a line;
// "it is sufficient that the boundary appear in its entirety following the
// CRLF", so the search looks for that string and the delimiter machine
// (grammar/multipart.rl) judges what follows it on the line.

#include "sipspan/multipart.hpp"

#include <cstring>

#include "sip/multipart_scan.hpp"
#include "sipspan/message.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

namespace {

using detail::mp_uchar;

result fail(error_code c, std::uint32_t at) noexcept {
  result r;
  r.code = c;
  r.offset = at;
  return r;
}

std::uint32_t pointer_offset(std::string_view whole, std::string_view piece) noexcept {
  return static_cast<std::uint32_t>(piece.data() - whole.data());
}

// "\r\n--" boundary, built on the stack (the boundary is at most 70 bytes).
struct delimiter_needle {
  char bytes[4 + multipart_view::max_boundary];
  std::size_t size;
  explicit delimiter_needle(std::string_view boundary) noexcept : size(4 + boundary.size()) {
    std::memcpy(bytes, "\r\n--", 4);
    std::memcpy(bytes + 4, boundary.data(), boundary.size());
  }
  std::string_view delimiter() const noexcept { return {bytes, size}; }          // CRLF dash-boundary
  std::string_view dash_boundary() const noexcept { return {bytes + 2, size - 2}; }  // "--" boundary
};

}  // namespace

struct multipart_builder {
  multipart_view& out;
  const multipart_options& opts;
  std::uint32_t part_begin = 0;  // offset of the part whose fields are being read

  // A departure: recorded once per kind, or deviation_rejected.
  result departure(deviation_kind k, std::uint32_t at) noexcept {
    multipart_view& v = out;
    if (!opts.allows(k)) {
      result r = fail(error_code::deviation_rejected, at);
      r.deviation = k;
      return r;
    }
    for (std::size_t i = 0; i < v.deviation_count_; ++i)
      if (v.deviations_[i].kind == k) return {};
    if (v.deviation_count_ < v.deviations_.size())
      v.deviations_[v.deviation_count_++] = deviation{at, at < v.body_.size() ? 1u : 0u, no_header, k};
    return {};
  }

  static bool add_field(void* ctx, const detail::mp_field_marks& f) noexcept {
    auto& b = *static_cast<multipart_builder*>(ctx);
    multipart_view& v = b.out;
    if (v.field_count_ >= multipart_view::field_capacity) return false;
    std::string_view part = v.body_.substr(b.part_begin);
    std::string_view name = part.substr(f.name_begin, f.name_end - f.name_begin);
    std::string_view value = part.substr(f.value_begin, f.value_end - f.value_begin);
    v.fields_[v.field_count_++] = mime_field{name, trim_lws(value), classify_header(name)};
    return true;
  }

  // Leading and trailing SP / HTAB / CR / LF (folds at either end of the value).
  static std::string_view trim_lws(std::string_view s) noexcept {
    auto ws = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::size_t b = 0, e = s.size();
    while (b < e && ws(s[b])) ++b;
    while (e > b && ws(s[e - 1])) --e;
    return s.substr(b, e - b);
  }

  // The part [begin, end) of the body.
  result add_part(std::uint32_t begin, std::uint32_t end) noexcept {
    multipart_view& v = out;
    if (v.part_count_ >= multipart_view::part_capacity) return fail(error_code::too_many_parts, begin);
    part_begin = begin;
    const std::size_t first_field = v.field_count_;
    const mp_uchar* base = reinterpret_cast<const mp_uchar*>(v.body_.data()) + begin;
    std::uint32_t headers_end = 0, body_begin = 0, bare_lf = 0;
    result r = detail::mp_part_headers(base, base + (end - begin), detail::mp_field_sink{this, &add_field},
                                       headers_end, body_begin, bare_lf);
    if (!r) {
      r.offset += begin;
      return r;
    }
    if (bare_lf != detail::mp_no_offset)
      if (result d = departure(deviation_kind::multipart_bare_lf, begin + bare_lf); !d) return d;
    part_view& pv = v.parts_[v.part_count_++];
    pv.raw = v.body_.substr(begin, end - begin);
    pv.headers = pv.raw.substr(0, headers_end);
    pv.body = pv.raw.substr(body_begin);
    pv.offset = begin;
    pv.body_offset = begin + body_begin;
    pv.fields = std::span<const mime_field>(v.fields_.data() + first_field, v.field_count_ - first_field);
    return {};
  }
};

// ------------------------------------------------------------ part_view ---

std::string_view part_view::field(header_id id) const noexcept {
  if (id == header_id::other) return {};
  for (const mime_field& f : fields)
    if (f.id == id) return f.value;
  return {};
}

bool part_view::has_field(header_id id) const noexcept {
  if (id == header_id::other) return false;
  for (const mime_field& f : fields)
    if (f.id == id) return true;
  return false;
}

std::string_view part_view::field(std::string_view name) const noexcept {
  header_id id = classify_header(name);
  if (id != header_id::other) return field(id);
  for (const mime_field& f : fields)
    if (f.id == header_id::other && iequals(f.name, name)) return f.value;
  return {};
}

bool part_view::is_multipart() const noexcept {
  media_type_view mt;
  return parse_media_type(content_type(), mt) && iequals(mt.type, "multipart");
}

void multipart_view::clear() noexcept {
  body_ = boundary_ = preamble_ = epilogue_ = {};
  part_count_ = 0;
  field_count_ = 0;
  depth_ = 0;
  root_offset_ = 0;
  deviation_count_ = 0;
}

// ---------------------------------------------------------------- split ---

result parse_multipart(std::string_view body, std::string_view boundary, multipart_view& out,
                       const multipart_options& opts) noexcept {
  out.clear();
  if (body.size() > 0xFFFFFFFFull) return fail(error_code::input_too_large, 0);
  if (boundary.size() > multipart_view::max_boundary)
    return fail(error_code::multipart_boundary_too_long, static_cast<std::uint32_t>(multipart_view::max_boundary));
  if (result r = detail::mp_check_boundary(boundary); !r) return r;
  out.body_ = body;
  out.boundary_ = boundary;

  const delimiter_needle needle(boundary);
  const std::string_view delimiter = needle.delimiter();
  const std::string_view dash_boundary = needle.dash_boundary();
  const mp_uchar* base = reinterpret_cast<const mp_uchar*>(body.data());
  const mp_uchar* end = base + body.size();

  // [preamble CRLF] dash-boundary
  std::size_t at = 0;
  if (body.starts_with(dash_boundary)) {
    out.preamble_ = body.substr(0, 0);
  } else {
    std::size_t d = body.find(delimiter);
    if (d == std::string_view::npos) return fail(error_code::multipart_no_delimiter, 0);
    out.preamble_ = body.substr(0, d);
    at = d + 2;
  }
  detail::mp_delimiter_line line;
  if (result r = detail::mp_delimiter_tail(base, base + at + dash_boundary.size(), end, line); !r) return r;
  // the first delimiter must open a part: "--" boundary "--" first leaves the body without one
  if (line.close) return fail(error_code::multipart_empty_part, static_cast<std::uint32_t>(at));

  multipart_builder b{out, opts};
  const auto body_end = static_cast<std::uint32_t>(body.size());
  for (;;) {
    const std::size_t part_begin = static_cast<std::size_t>(line.next - base);
    if (body.substr(part_begin).starts_with(dash_boundary))
      return fail(error_code::multipart_adjacent_boundaries, static_cast<std::uint32_t>(part_begin));
    std::size_t d = body.find(delimiter, part_begin);
    if (d == std::string_view::npos) {
      // no close-delimiter: the last part runs to the end of the body
      if (part_begin == body.size()) return fail(error_code::multipart_missing_close, body_end);
      if (result r = b.departure(deviation_kind::multipart_missing_close, body_end); !r) return r;
      if (result r = b.add_part(static_cast<std::uint32_t>(part_begin), body_end); !r) return r;
      line.next = end;
      break;
    }
    if (d == part_begin) return fail(error_code::multipart_empty_part, static_cast<std::uint32_t>(part_begin));
    if (result r = b.add_part(static_cast<std::uint32_t>(part_begin), static_cast<std::uint32_t>(d)); !r) return r;
    result r = detail::mp_delimiter_tail(base, base + d + delimiter.size(), end, line);
    if (!r && r.code == error_code::multipart_missing_close) {
      // the body ends inside an ordinary delimiter line: read as the close
      if (result x = b.departure(deviation_kind::multipart_missing_close, body_end); !x) return x;
      line.next = end;
      break;
    }
    if (!r) return r;
    if (line.close) break;
  }
  out.epilogue_ = body.substr(static_cast<std::size_t>(line.next - base));
  return {};
}

namespace {

// Content-Type value -> boundary, with offsets of errors relative to `origin`.
result boundary_of(std::string_view content_type, std::string_view& boundary) noexcept {
  media_type_view mt;
  if (result r = parse_media_type(content_type, mt); !r) return r;
  if (!iequals(mt.type, "multipart")) return fail(error_code::not_multipart, 0);
  param p;
  if (!mt.params.find("boundary", p)) return fail(error_code::multipart_missing_boundary, 0);
  boundary = unquote(p.value);
  return {};
}

// Errors about the boundary point into the boundary's bytes; the others into the body.
bool is_boundary_error(error_code c) noexcept {
  return c == error_code::multipart_bad_boundary || c == error_code::multipart_boundary_too_long;
}

}  // namespace

result parse_multipart(const message_view& msg, multipart_view& out, const multipart_options& opts) noexcept {
  out.clear();
  const std::string_view raw = msg.raw();
  header_view ct;
  if (!msg.find(header_id::content_type, ct)) return fail(error_code::missing_header, msg.body_offset());
  std::string_view boundary;
  if (result r = boundary_of(ct.value, boundary); !r) {
    r.offset += pointer_offset(raw, ct.value);
    return r;
  }
  result r = parse_multipart(msg.body(), boundary, out, opts);
  if (!r) r.offset += is_boundary_error(r.code) ? pointer_offset(raw, boundary) : msg.body_offset();
  return r;
}

result parse_nested(const multipart_view& parent, std::size_t index, multipart_view& out,
                    const multipart_options& opts) noexcept {
  out.clear();
  if (index >= parent.size()) return fail(error_code::missing_header, parent.root_offset_);
  const part_view& part = parent.part(index);
  const std::uint32_t part_root = parent.root_offset_ + part.offset;
  if (parent.depth_ + 1 > multipart_view::max_depth) return fail(error_code::multipart_too_deep, part_root);
  std::string_view ct = part.content_type();
  if (ct.empty()) return fail(error_code::missing_header, part_root);
  std::string_view boundary;
  if (result r = boundary_of(ct, boundary); !r) {
    r.offset += parent.root_offset_ + pointer_offset(parent.body_, ct);
    return r;
  }
  result r = parse_multipart(part.body, boundary, out, opts);
  if (!r) {
    r.offset += parent.root_offset_ +
                (is_boundary_error(r.code) ? pointer_offset(parent.body_, boundary) : part.body_offset);
    out.clear();
    return r;
  }
  out.depth_ = parent.depth_ + 1;
  out.root_offset_ = parent.root_offset_ + part.body_offset;
  for (std::size_t i = 0; i < out.deviation_count_; ++i) out.deviations_[i].offset += out.root_offset_;
  return r;
}

}  // namespace sipspan
