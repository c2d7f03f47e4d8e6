// sipspan — the multipart machines: the boundary, the rest of a delimiter
// line, and a body part's header fields.
//
// RFC 2046 §5.1.1 (multipart body), as SIP carries it (RFC 3261 §7.4, RFC 5621):
//
//   boundary          := 0*69<bchars> bcharsnospace
//   bchars            := bcharsnospace / " "
//   bcharsnospace     := DIGIT / ALPHA / "'" / "(" / ")" / "+" / "_" / "," / "-"
//                        / "." / "/" / ":" / "=" / "?"
//   multipart-body    := [preamble CRLF] dash-boundary transport-padding CRLF
//                        body-part *encapsulation close-delimiter
//                        transport-padding [CRLF epilogue]
//   transport-padding := *LWSP-char
//   encapsulation     := delimiter transport-padding CRLF body-part
//   dash-boundary     := "--" boundary
//   delimiter         := CRLF dash-boundary
//   close-delimiter   := delimiter "--"
//   preamble, epilogue := discard-text
//   body-part         := MIME-part-headers [CRLF *OCTET]
//
// RFC 2045 §3 and RFC 5322 §2.2, §3.6.8 (the header fields of a part):
//
//   MIME-part-headers := *field            (entity-headers and other fields)
//   field             =  field-name ":" unstructured CRLF
//   field-name        =  1*ftext
//   ftext             =  %d33-57 / %d59-126   ; printable US-ASCII except ":"
//   (folding: a CRLF followed by WSP continues the value; RFC 5322 §2.2.3)
//
// The boundary is a run-time string, so it is not a keyword here: multipart.cpp
// finds each candidate CRLF "--" boundary with a substring search and hands the
// machines the bytes around it. Whitespace between a field name and its colon
// (RFC 5322 §4.5.1, obsolete syntax) is accepted. A header line (or the blank
// line) ended by a bare LF is read too and its first LF marked: the host
// records the deviation (multipart_bare_lf) or rejects it. Built with -G2.
// Actions only mark positions (the field action hands the previous field to
// the table).
//
// Layout, as in every .rl file of this project: machine, data, init, exec.

#include "sip/multipart_scan.hpp"

namespace sipspan::detail {
namespace {

result mp_error(error_code c, std::uint32_t at) noexcept {
  result r;
  r.code = c;
  r.offset = at;
  return r;
}

%%{
  machine sip_mp_common;
  include sip_core "core.rl";

  bcharsnospace = DIGIT | ALPHA | "'" | '(' | ')' | '+' | '_' | ',' | '-' | '.' | '/' | ':' | '=' | '?';
  bchars        = bcharsnospace | SP;
  ftext         = 0x21..0x39 | 0x3b..0x7e;
}%%

// ------------------------------------------------------------ boundary ---
%%{
  machine sip_mp_boundary;
  alphtype unsigned char;
  include sip_mp_common;

  action error { bad = p; }

  main := ( bchars* bcharsnospace ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result mp_check_boundary(std::string_view boundary) noexcept {
  const mp_uchar* base = reinterpret_cast<const mp_uchar*>(boundary.data());
  const mp_uchar* p = base;
  const mp_uchar* pe = base + boundary.size();
  const mp_uchar* eof = pe;
  const mp_uchar* bad = nullptr;
  int cs;
  %% write init;
  %% write exec;
  if (bad == nullptr && cs >= sip_mp_boundary_first_final) return {};
  if (bad == nullptr) bad = p;
  // the machine runs out after a trailing space: the space is the fault
  std::uint32_t at = static_cast<std::uint32_t>(bad - base);
  if (bad == pe && at > 0) --at;
  return mp_error(error_code::multipart_bad_boundary, at);
}

namespace {

// ------------------------------------------------------ delimiter line ---
// After dash-boundary: ["--"] transport-padding CRLF (the close-delimiter's
// CRLF is optional at the end of the body).
%%{
  machine sip_mp_delimiter;
  alphtype unsigned char;
  include sip_mp_common;

  action close    { d.close = true; }
  action line_end { d.has_crlf = true; d.next = p + 1; fbreak; }
  action error    { bad = p; }

  main := ( ( '--' @close )? WSP* CR LF @line_end ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result mp_delimiter_tail(const mp_uchar* base, const mp_uchar* p, const mp_uchar* pe,
                         mp_delimiter_line& d) noexcept {
  d = mp_delimiter_line{};
  const mp_uchar* eof = pe;
  const mp_uchar* bad = nullptr;
  int cs;
  %% write init;
  %% write exec;
  if (d.has_crlf) return {};
  if (bad == nullptr) bad = p;
  if (bad == pe) {
    if (d.close) {  // the body ends after the close-delimiter and its padding
      d.next = pe;
      return {};
    }
    return mp_error(error_code::multipart_missing_close, static_cast<std::uint32_t>(pe - base));
  }
  return mp_error(error_code::multipart_bad_delimiter, static_cast<std::uint32_t>(bad - base));
}

namespace {

// The marks of the part machine and the field it is reading.
struct part_marks {
  const mp_uchar* base;
  mp_field_sink sink;
  const mp_uchar *name_b = nullptr, *name_e = nullptr, *value_b = nullptr, *value_e = nullptr;
  const mp_uchar* blank = nullptr;  // first byte after the blank line
  const mp_uchar* bad = nullptr;
  const mp_uchar* full = nullptr;   // the name of a field the table had no room for
  const mp_uchar* bare_lf = nullptr;  // the first line end without CR
  bool pending = false;

  std::uint32_t off(const mp_uchar* q) const noexcept { return static_cast<std::uint32_t>(q - base); }
  // Hand the field read so far to the table.
  bool commit() noexcept {
    if (!pending) return true;
    pending = false;
    mp_field_marks f{off(name_b), off(name_e), off(value_b), off(value_e)};
    if (!sink.add(sink.ctx, f)) {
      full = name_b;
      return false;
    }
    return true;
  }
  bool begin(const mp_uchar* q) noexcept {
    if (!commit()) return false;
    pending = true;
    name_b = q;
    return true;
  }
};

// ------------------------------------------------------- part headers ---
%%{
  machine sip_mp_part;
  alphtype unsigned char;
  include sip_mp_common;

  action name_b { if (!m.begin(p)) { fbreak; } }
  action name_e { m.name_e = p; }
  action colon  { m.value_b = p + 1; }
  # every line end inside the value could be its end: the last one is
  action eol    { m.value_e = p > m.base && p[-1] == '\r' ? p - 1 : p; }
  action lf     { if (!m.bare_lf) m.bare_lf = p; }
  action blank  { m.blank = p + 1; fbreak; }
  action error  { m.bad = p; }

  vchar = any - CR - LF;
  line_end = CR LF | LF @lf;
  field = ( ftext+ >name_b %name_e ) WSP* ':' @colon ( vchar | line_end WSP )* line_end @eol;

  main := ( field* ( line_end @blank )? ) $!error;
  write data noerror noentry;
}%%

}  // namespace

result mp_part_headers(const mp_uchar* base, const mp_uchar* pe, mp_field_sink sink, std::uint32_t& headers_end,
                       std::uint32_t& body_begin, std::uint32_t& bare_lf) noexcept {
  part_marks m{base, sink};
  bare_lf = mp_no_offset;
  const mp_uchar* p = base;
  const mp_uchar* eof = pe;
  int cs;
  %% write init;
  %% write exec;
  if (m.full) return mp_error(error_code::too_many_headers, m.off(m.full));
  if (m.bare_lf) bare_lf = m.off(m.bare_lf);
  if (m.blank) {
    if (!m.commit()) return mp_error(error_code::too_many_headers, m.off(m.full));
    headers_end = m.off(m.blank) - (m.blank - 2 >= base && m.blank[-2] == '\r' ? 2 : 1);
    body_begin = m.off(m.blank);
    return {};
  }
  if (m.bad == nullptr && cs >= sip_mp_part_first_final) {
    if (!m.commit()) return mp_error(error_code::too_many_headers, m.off(m.full));
    headers_end = body_begin = m.off(pe);
    return {};
  }
  return mp_error(error_code::multipart_bad_part_header, m.off(m.bad ? m.bad : p));
}

}  // namespace sipspan::detail
