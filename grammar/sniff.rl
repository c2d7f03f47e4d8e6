// sipspan — the sniff machine: whether a transport payload looks like SIP, for
// the capture reader, before (and whether or not) it parses.
//
// A payload is taken for SIP when it *looks* like a SIP message, not only when
// its start line is correct: a message with a malformed start line (RFC 4475
// §3.1.2: ltgtruri, lwsstart, trws, badvers, bigcode; a PROTOS test case) must
// reach the validator and be reported, not be skipped as "not SIP". The marks,
// on the first line after any CR, LF, SP or HTAB (RFC 3261 §7.5 lets CRLFs
// precede a start line; whitespace is tolerated to catch `lwsstart`):
//
//   "SIP/" DIGIT                          a Status-Line of any version (§7.2)
//   Method 1*(SP / HTAB) *line-byte "SIP/" a Request-Line, whatever its URI
//                                         (Method = token, §25.1)
//   *line-byte "SIP/2.0"                  the version anywhere on the line
//
// or, on any line of the scanned prefix, a header field only SIP carries:
//   ( "Via" / "v" / "Call-ID" / "CSeq" ) *WSP ":"   (§20.42, §20.8, §20.16)
//
// A stream is resynchronised (after a gap or a message that cannot be framed)
// at a line that looks like a start line of either kind (looks_like_start_line).
//
// When there is no mark, the payload is classified for the capture's
// counters: a keepalive (only CR/LF/SP/HTAB, RFC 5626 §4.4.1; or at most
// max_keepalive_bytes bytes with no LF, what user agents send instead: four
// NULs, "jaK", "hello" — too short to hold a start line), a STUN message
// (RFC 5389 §6: magic cookie 0x2112A442 at byte 4), a TLS record (RFC 8446
// §5.1: content type 20..23, legacy version 3.x), a SigComp message (RFC 3320
// §7: first five bits set), an HTTP start line (RFC 9112 §2: "HTTP/1." or
// token SP ... "HTTP/1."), or other bytes.

#include "sniff.hpp"

#include <algorithm>

namespace sipspan::capture {

namespace {

%%{
  machine sip_sniff;
  alphtype unsigned char;
  include sip_core "core.rl";

  action sip       { seen |= mark_sip; fbreak; }
  action http      { seen |= mark_http; }
  action stun      { seen |= mark_stun; }
  action tls       { seen |= mark_tls; }
  action sigcomp   { seen |= mark_sigcomp; }
  action text      { seen |= mark_text; }

  blank     = CR | LF | SP | HTAB;
  line_byte = any - CR - LF;

  # RFC 3261 §7.1, §7.2, loosely: what a start line of either kind opens with
  status_like  = 'SIP/'i DIGIT;
  request_like = Method ( SP | HTAB )+ line_byte* 'SIP/'i;
  version_seen = line_byte* 'SIP/2.0'i;
  start_like   = blank* ( status_like | request_like | version_seen );

  # a header field line only SIP carries, at the start of any line
  sip_header   = ( 'Via'i | 'v'i | 'Call-ID'i | 'CSeq'i ) WSP* ':';
  header_like  = any* LF sip_header;

  # what else a payload on a SIP port tends to be
  http_like    = blank* ( 'HTTP/1.' | token SP line_byte* 'HTTP/1.' );
  stun_head    = 0x00..0x3f any{3} 0x21 0x12 0xa4 0x42;
  tls_head     = 0x14..0x17 0x03 0x00..0x04;
  sigcomp_head = 0xf8..0xff;
  text_seen    = blank* ( any - blank );

  main := ( start_like @sip
          | header_like @sip
          | http_like @http
          | stun_head @stun
          | tls_head @tls
          | sigcomp_head @sigcomp
          | text_seen @text ) any*;

  # a line to resynchronise a stream at: a start line of either kind, loosely
  # (not the version alone: a Via line holds "SIP/2.0" too)
  start_line := blank* ( status_like | request_like ) @sip any*;

  write data noerror nofinal;
}%%

constexpr unsigned mark_sip = 1, mark_http = 2, mark_stun = 4, mark_tls = 8, mark_sigcomp = 16, mark_text = 32;

}  // namespace

sniff_kind sniff(std::string_view payload) noexcept {
  if (payload.empty()) return sniff_kind::empty;
  const auto* p = reinterpret_cast<const unsigned char*>(payload.data());
  const unsigned char* pe = p + std::min(payload.size(), max_sniff_bytes);
  const unsigned char* eof = pe;
  unsigned seen = 0;
  int cs;
  %% write init;
  %% write exec;
  (void)eof;
  if (seen & mark_sip) return sniff_kind::sip;
  if (seen & mark_stun) return sniff_kind::stun;
  if (seen & mark_tls) return sniff_kind::tls;
  if (seen & mark_sigcomp) return sniff_kind::sigcomp;
  if (seen & mark_http) return sniff_kind::http;
  if (!(seen & mark_text)) return sniff_kind::keepalive;
  if (payload.size() <= max_keepalive_bytes && payload.find('\n') == std::string_view::npos)
    return sniff_kind::keepalive;
  return sniff_kind::other;
}

bool looks_like_start_line(std::string_view line) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  const unsigned char* pe = p + line.size();
  const unsigned char* eof = pe;
  unsigned seen = 0;
  int cs;
  %% write init;
  cs = sip_sniff_en_start_line;
  %% write exec;
  (void)eof;
  return (seen & mark_sip) != 0;
}

std::string_view sniff_kind_name(sniff_kind k) noexcept {
  switch (k) {
#define SIPSPAN_SNIFF_NAME(id, text) case sniff_kind::id: return text;
    SIPSPAN_SNIFF_KINDS(SIPSPAN_SNIFF_NAME)
#undef SIPSPAN_SNIFF_NAME
  }
  return "?";
}

}  // namespace sipspan::capture
