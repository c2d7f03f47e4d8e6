// sipspan — the machines of grammar/multipart.rl as multipart.cpp calls them.
//
// multipart.cpp finds the candidate delimiters (CRLF "--" boundary) with a
// substring search; the machines judge the bytes around them: the boundary
// itself, the rest of a delimiter line, and a part's header fields. Offsets are
// relative to the `base` each function is given.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"

namespace sipspan::detail {

using mp_uchar = unsigned char;

// boundary := 0*69<bchars> bcharsnospace (RFC 2046 §5.1.1). Length is checked
// by the caller; this judges the bytes: multipart_bad_boundary at the first
// byte outside bchars, at the trailing space, or at 0 when empty.
result mp_check_boundary(std::string_view boundary) noexcept;

// The rest of a delimiter line, from the first byte after "--" boundary up to
// `pe` (the end of the body).
struct mp_delimiter_line {
  bool close = false;                // "--" followed the boundary
  bool has_crlf = false;             // the line ended in CRLF (false: the body ended first)
  const mp_uchar* next = nullptr;    // first byte after the line
};
// Errors: multipart_bad_delimiter at the first byte that is not padding;
// multipart_missing_close at `pe` when the body ends inside an ordinary
// delimiter line (a close-delimiter may end the body without its CRLF).
result mp_delimiter_tail(const mp_uchar* base, const mp_uchar* p, const mp_uchar* pe,
                         mp_delimiter_line& out) noexcept;

// One header field as the part machine marks it (offsets into the part).
struct mp_field_marks {
  std::uint32_t name_begin, name_end, value_begin, value_end;
};
// Sink for fields: `add` returns false when the table is full.
struct mp_field_sink {
  void* ctx;
  bool (*add)(void* ctx, const mp_field_marks& f) noexcept;
};
inline constexpr std::uint32_t mp_no_offset = 0xFFFFFFFFu;

// MIME-part-headers [CRLF *OCTET] over [base, pe): fields go to `sink`;
// `headers_end` is the offset after the last field's line end, `body_begin`
// the offset after the blank line (pe - base when there is none), `bare_lf`
// the offset of the first line end without CR (mp_no_offset when none).
// Errors: multipart_bad_part_header at the first byte that breaks
// field-name ":" value CRLF (at pe when the part ends inside a field),
// too_many_headers at the name of the field that does not fit.
result mp_part_headers(const mp_uchar* base, const mp_uchar* pe, mp_field_sink sink, std::uint32_t& headers_end,
                       std::uint32_t& body_begin, std::uint32_t& bare_lf) noexcept;

}  // namespace sipspan::detail
