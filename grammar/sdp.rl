// sipspan — SDP: the session description scan and the typed-value machines.
//
// RFC 8866 §5 (the order of the lines), §9 (the ABNF, quoted below), §6 (the
// attributes rtpmap, fmtp, ptime, maxptime and the direction attributes);
// RFC 3605 §2.1 (rtcp), RFC 5888 §4-5 (mid, group), RFC 5576 §4.1 (ssrc),
// RFC 8839 §5.1, §5.4 (candidate, ice-ufrag, ice-pwd), RFC 8122 §5
// (fingerprint), RFC 4145 §4 (setup), RFC 4568 §9.1 (crypto), RFC 8285 §7
// (extmap). RFC 4566 forms are accepted where RFC 8866 narrowed them: see
// the time description below.
//
//   session-description = version-field origin-field session-name-field
//                         [information-field] [uri-field] *email-field
//                         *phone-field [connection-field] *bandwidth-field
//                         1*time-description [key-field] *attribute-field
//                         *media-description
//   media-description   = media-field [information-field] *connection-field
//                         *bandwidth-field [key-field] *attribute-field
//   time-description    = time-field [repeat-description]
//   repeat-description  = 1*repeat-field [zone-field]
//   version-field       = %s"v" "=" 1*DIGIT CRLF
//   (every other field) = %s"<letter>" "=" <value> CRLF
//   text                = byte-string
//   byte-string         = 1*(%x01-09/%x0B-0C/%x0E-FF)
//                         ;any byte except NUL, CR, or LF
//
// The scan (machine sdp_scan) reads the body once. It checks the order and the
// cardinality of the lines, that every line is <letter>=<value>, that v= is
// 1*DIGIT and every other value is a byte-string; it marks every line and the
// media sections through sdp_builder. It does not read the other values: the
// typed machines below do, on demand. Every value the ABNF gives (o= origin,
// s=/i= text ...) is at least one byte long: "s=" with nothing after it is an
// error, "s= " (one space, RFC 8866 §5.3's advice for "no name") is not. That
// was so in RFC 4566 too. Two readings go beyond the bare ABNF:
//   - a line may end in a bare LF (RFC 8866 §5: parsers SHOULD accept it), and
//     the last line may have no line end; both are recorded as evidence;
//   - RFC 4566 §9 placed one z= after all time descriptions with no r= before
//     it (time-fields = 1*( "t=" ... *(CRLF repeat-fields) CRLF)
//     [zone-adjustments CRLF]); RFC 8866 makes that a syntax error (§10). A z=
//     without r= is taken after any t= and recorded (strict mode rejects it).
//   - control bytes other than NUL, CR and LF are legal in a byte-string; the
//     first one is recorded (strict mode rejects it).
//
// Layout, as in every .rl file of this project: machine, data, init, exec.
// Actions only mark positions; sdp.cpp and the host code below convert.

#include <cstring>

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {
namespace detail {

// What the scan's actions write: the view's spans, evidence, and enough about
// the line being read to name an error.
struct sdp_builder {
  session_description_view& v;
  const sdp_uchar* base;
  const sdp_uchar* end;
  std::size_t capacity;
  const sdp_uchar* lb = nullptr;  // the type letter of the line being read
  const sdp_uchar* vb = nullptr;  // its value
  const sdp_uchar* ve = nullptr;
  std::uint32_t next = 0;  // offset where the next line starts
  int stage = 0;           // 0 nothing, 1 v=, 2 o=, 3 s=, 4 t=, 5 m=
  bool overflow = false;
  std::uint32_t overflow_at = 0;
  bool in_media = false;

  sdp_builder(session_description_view& view, std::string_view body, std::size_t cap) noexcept
      : v(view), base(reinterpret_cast<const sdp_uchar*>(body.data())), end(base + body.size()), capacity(cap) {}

  // Offsets; a pointer outside the body (the synthetic line end) is its end.
  std::uint32_t off(const sdp_uchar* p) const noexcept {
    if (p < base || p > end) return static_cast<std::uint32_t>(end - base);
    return static_cast<std::uint32_t>(p - base);
  }
  sdp_span span(const sdp_uchar* b, const sdp_uchar* e) const noexcept {
    std::uint32_t ob = off(b), oe = off(e);
    return sdp_span{ob, oe >= ob ? oe - ob : 0};
  }

  void line_begin(const sdp_uchar* p) noexcept {
    lb = p;
    switch (*p) {
      case 'v': stage = 1; break;
      case 'o': stage = 2; break;
      case 's': stage = 3; break;
      case 't': stage = 4; break;
      case 'm': stage = 5; break;
      default: break;
    }
  }
  void media_begin(const sdp_uchar* p) noexcept {
    std::uint32_t at = off(p);
    if (!in_media) v.session_.length = at;
    in_media = true;
    if (v.media_count_ >= capacity) {
      if (!overflow) overflow_at = at;
      overflow = true;
      return;
    }
    sdp_media_record& r = v.table()[v.media_count_++];
    r = sdp_media_record{};
    r.block.offset = at;
  }
  sdp_media_record* current() noexcept {
    return in_media && !overflow ? &v.table()[v.media_count_ - 1] : nullptr;
  }
  void control(const sdp_uchar* p) noexcept {
    if (v.evidence_.first_control_byte == sdp_evidence::none) v.evidence_.first_control_byte = off(p);
  }
  void zone_alone(const sdp_uchar* p) noexcept {
    if (v.evidence_.zone_without_repeat == sdp_evidence::none) v.evidence_.zone_without_repeat = off(p);
  }
  void crlf() noexcept { ++v.evidence_.crlf_lines; }
  void lf(const sdp_uchar* p) noexcept {
    if (p < base || p >= end) {
      v.evidence_.unterminated_last_line = true;
      return;
    }
    if (v.evidence_.first_bare_lf == sdp_evidence::none) v.evidence_.first_bare_lf = off(p);
    ++v.evidence_.bare_lf_lines;
  }
  // At the LF that ends a line.
  void line_done(const sdp_uchar* p) noexcept {
    sdp_span val = span(vb, ve);
    sdp_media_record* m = current();
    bool dropped = in_media && overflow;  // a section the table has no room for
    switch (dropped ? 0 : *lb) {
      case 'v': v.v_ = val; break;
      case 'o': v.o_ = val; break;
      case 's': v.s_ = val; break;
      case 'u': v.u_ = val; break;
      case 't': ++v.time_count_; break;
      case 'i': (m ? m->information : v.i_) = val; break;
      case 'k': (m ? m->key : v.k_) = val; break;
      case 'c':
        if (!m) {
          v.c_ = val;
        } else {
          if (m->connection_count == 0) m->connection = val;
          if (m->connection_count < 0xFFFF) ++m->connection_count;
        }
        break;
      case 'b':
        if (m && m->bandwidth_count < 0xFFFF) ++m->bandwidth_count;
        break;
      case 'a':
        if (m) ++m->attribute_count;
        break;
      case 'm':
        if (m) m->media = val;
        break;
      default: break;
    }
    ++v.line_count_;
    next = off(p) + (p < end ? 1 : 0);
    if (m) m->block.length = next - m->block.offset;
  }

  // The error at p (or at the end when at_end), named by where it stands.
  result diagnose(const sdp_uchar* p, bool at_end) const noexcept {
    std::uint32_t at = at_end ? off(end) : off(p);
    if (at == next) {
      if (at_end) {
        switch (stage) {
          case 0: return make_error(error_code::sdp_missing_version, at);
          case 1: return make_error(error_code::sdp_missing_origin, at);
          case 2: return make_error(error_code::sdp_missing_session_name, at);
          default: return make_error(error_code::sdp_missing_timing, at);
        }
      }
      unsigned char c = *p;
      if (c != 0 && std::strchr("vosiuepcbtrzkam", c) != nullptr) {
        switch (stage) {
          case 0: return make_error(error_code::sdp_missing_version, at);
          case 1: return make_error(error_code::sdp_missing_origin, at);
          case 2: return make_error(error_code::sdp_missing_session_name, at);
          case 3:
            if (c == 'k' || c == 'a' || c == 'm') return make_error(error_code::sdp_missing_timing, at);
            return make_error(error_code::sdp_line_order, at);
          default: return make_error(error_code::sdp_line_order, at);
        }
      }
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return make_error(error_code::sdp_unknown_type, at);
      return make_error(error_code::sdp_bad_line, at);
    }
    std::uint32_t line = off(lb);
    if (at == line + 1) return make_error(error_code::sdp_bad_line, at);
    if (at == line + 2 && (at_end || *p == '\r' || *p == '\n')) return make_error(error_code::sdp_empty_value, at);
    if (!at_end && *p == 0) return make_error(error_code::sdp_nul_byte, at);
    if (!at_end && p > base && p[-1] == '\r') return make_error(error_code::bare_cr, at - 1);
    if (*lb == 'v') return make_error(error_code::sdp_bad_version, at);
    return make_error(error_code::sdp_bad_line, at);
  }
};

namespace {

%%{
  # Rules shared by the scan and the typed machines.
  machine sdp_common;
  include sip_core "core.rl";

  # POS-DIGIT = %x31-39 ; 1 - 9
  # VCHAR = %x21-7E
  POS_DIGIT = '1'..'9';
  VCHAR = 0x21..0x7e;

  # token-char = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+"
  #              / "-" / "." / "^" / "_" / "`" / "{" / "|" / "}" / "~"
  # token = 1*(token-char)
  # (RFC 8866's token; core.rl's RFC 3261 token differs: no "#", "$", "&", "^",
  #  "{", "|", "}")
  sdp_token_char = ALPHA | DIGIT | '!' | '#' | '$' | '%' | '&' | "'" | '*' | '+'
                 | '-' | '.' | '^' | '_' | '`' | '{' | '|' | '}' | '~';
  sdp_token = sdp_token_char+;

  # non-ws-string = 1*(VCHAR/%x80-FF)
  # byte-string   = 1*(%x01-09/%x0B-0C/%x0E-FF)
  non_ws_string = ( VCHAR | 0x80..0xff )+;
  byte_string   = ( 0x01..0x09 | 0x0b..0x0c | 0x0e..0xff )+;

  # integer = POS-DIGIT *DIGIT ; zero-based-integer = "0" / integer
  integer = POS_DIGIT DIGIT*;
  zero_based_integer = '0' | integer;

  # decimal-uchar = DIGIT / POS-DIGIT DIGIT / ("1" 2(DIGIT))
  #                 / ("2" ("0"/"1"/"2"/"3"/"4") DIGIT) / ("2" "5" ("0"/"1"/"2"/"3"/"4"/"5"))
  # IP4-address = b1 3("." decimal-uchar) ; b1 = decimal-uchar ; less than "224"
  # m1 = ("22" ("4"/"5"/"6"/"7"/"8"/"9")) / ("23" DIGIT )
  # ttl = (POS-DIGIT *2DIGIT) / "0"
  decimal_uchar = DIGIT | POS_DIGIT DIGIT | '1' DIGIT DIGIT | '2' [0-4] DIGIT | '25' [0-5];
  IP4_address = decimal_uchar ( '.' decimal_uchar ){3};
  m1 = '22' [4-9] | '23' DIGIT;
  ttl = POS_DIGIT DIGIT{0,2} | '0';

  # IP6-address =                            6( h16 ":" ) ls32
  #             /                       "::" 5( h16 ":" ) ls32
  #             / [               h16 ] "::" 4( h16 ":" ) ls32
  #             / [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32
  #             / [ *2( h16 ":" ) h16 ] "::" 2( h16 ":" ) ls32
  #             / [ *3( h16 ":" ) h16 ] "::"    h16 ":"   ls32
  #             / [ *4( h16 ":" ) h16 ] "::"              ls32
  #             / [ *5( h16 ":" ) h16 ] "::"              h16
  #             / [ *6( h16 ":" ) h16 ] "::"
  # h16 = 1*4HEXDIG ; ls32 = ( h16 ":" h16 ) / IP4-address
  h16  = HEXDIG{1,4};
  ls32 = h16 ':' h16 | IP4_address;
  IP6_address =                                    ( h16 ':' ){6} ls32
              |                               '::' ( h16 ':' ){5} ls32
              | (                     h16 )?  '::' ( h16 ':' ){4} ls32
              | ( ( h16 ':' ){,1} h16 )?      '::' ( h16 ':' ){3} ls32
              | ( ( h16 ':' ){,2} h16 )?      '::' ( h16 ':' ){2} ls32
              | ( ( h16 ':' ){,3} h16 )?      '::'   h16 ':'      ls32
              | ( ( h16 ':' ){,4} h16 )?      '::'                ls32
              | ( ( h16 ':' ){,5} h16 )?      '::'                h16
              | ( ( h16 ':' ){,6} h16 )?      '::';

  # FQDN = 4*(alpha-numeric / "-" / ".")
  FQDN = ( alphanum | '-' | '.' ){4,};

  # time = POS-DIGIT 9*DIGIT ; start-time = time / "0" ; stop-time = time / "0"
  # repeat-interval = POS-DIGIT *DIGIT [fixed-len-time-unit]
  # typed-time = 1*DIGIT [fixed-len-time-unit]
  # fixed-len-time-unit = %s"d" / %s"h" / %s"m" / %s"s"
  time = POS_DIGIT DIGIT{9,};
  time_unit = 'd' | 'h' | 'm' | 's';
  typed_time = DIGIT+ time_unit?;
  repeat_interval = POS_DIGIT DIGIT* time_unit?;

  # ice-char = ALPHA / DIGIT / "+" / "/"   (RFC 8839 §5.1)
  ice_char = ALPHA | DIGIT | '+' | '/';
}%%

%%{
  # Actions of the typed machines: fields 0-9, address kinds, keywords.
  machine sdp_typed;
  include sdp_common;

  action f0b { m.fb[0] = p; }
  action f0e { m.fe[0] = p; }
  action f1b { m.fb[1] = p; }
  action f1e { m.fe[1] = p; }
  action f2b { m.fb[2] = p; }
  action f2e { m.fe[2] = p; }
  action f3b { m.fb[3] = p; }
  action f3e { m.fe[3] = p; }
  action f4b { m.fb[4] = p; }
  action f4e { m.fe[4] = p; }
  action f5b { m.fb[5] = p; }
  action f5e { m.fe[5] = p; }
  action f6b { m.fb[6] = p; }
  action f6e { m.fe[6] = p; }
  action f7b { m.fb[7] = p; }
  action f7e { m.fe[7] = p; }
  action f8b { m.fb[8] = p; }
  action f8e { m.fe[8] = p; }
  action k_ip4  { m.kinds |= k_ip4; }
  action k_ip4m { m.kinds |= k_ip4m; }
  action k_ip6  { m.kinds |= k_ip6; }
  action k_ip6m { m.kinds |= k_ip6m; }
  action k_fqdn { m.kinds |= k_fqdn; }
  action kw0 { m.keyword = 0; }
  action kw1 { m.keyword = 1; }
  action kw2 { m.keyword = 2; }
  action kw3 { m.keyword = 3; }
  action bad { m.fail(p); }
}%%

// ---------------------------------------------------------------- scan ---
// The session-description and media-description rules above, line by line.
// A line is its type letter, "=", the value and a line end (CRLF, or a bare
// LF: RFC 8866 §5). The builder's actions mark the letter, the value and the
// line end; sdp_builder::diagnose names an error from where the scan stopped.
%%{
  machine sdp_scan;
  alphtype unsigned char;
  include sdp_common;

  action lb    { b.line_begin(p); }
  action vb    { b.vb = p; }
  action ve    { b.ve = p; }
  action crlf  { b.crlf(); }
  action lf    { b.lf(p); }
  action done  { b.line_done(p); }
  action ctl   { b.control(p); }
  action media { b.media_begin(p); }
  action zone_alone { b.zone_alone(p); }

  # byte-string, with the control bytes it permits marked
  vbyte = 0x09 | 0x20..0x7e | 0x80..0xff
        | ( 0x01..0x08 | 0x0b | 0x0c | 0x0e..0x1f | 0x7f ) @ctl;
  eol   = CR LF @crlf @done | LF @lf @done;
  rest  = '=' ( vbyte+ >vb %ve ) eol;

  # version-field = %s"v" "=" 1*DIGIT CRLF
  v_line = 'v' >lb '=' ( DIGIT+ >vb %ve ) eol;
  o_line = 'o' >lb rest;
  s_line = 's' >lb rest;
  i_line = 'i' >lb rest;
  u_line = 'u' >lb rest;
  e_line = 'e' >lb rest;
  p_line = 'p' >lb rest;
  c_line = 'c' >lb rest;
  b_line = 'b' >lb rest;
  t_line = 't' >lb rest;
  r_line = 'r' >lb rest;
  z_line = 'z' >lb rest;
  z_alone = 'z' >lb >zone_alone rest;
  k_line = 'k' >lb rest;
  a_line = 'a' >lb rest;
  m_line = 'm' >lb >media rest;

  # time-description = time-field [repeat-description]
  # repeat-description = 1*repeat-field [zone-field]
  # (and RFC 4566's z= without r=)
  time_description = t_line ( r_line+ z_line? | z_alone )?;

  # media-description = media-field [information-field] *connection-field
  #                     *bandwidth-field [key-field] *attribute-field
  media_description = m_line i_line? c_line* b_line* k_line? a_line*;

  main := v_line o_line s_line i_line? u_line? e_line* p_line* c_line? b_line*
          time_description+ k_line? a_line* media_description*;

  write data noerror noentry;
}%%

int scan_init() noexcept {
  int cs;
  %% write init;
  return cs;
}

// Reads [p, pe) from state cs; returns the state, p where it stopped.
int scan_exec(sdp_builder& b, const sdp_uchar*& p, const sdp_uchar* pe, int cs) noexcept {
  %% write exec;
  return cs;
}

bool scan_final(int cs) noexcept { return cs >= sdp_scan_first_final; }

}  // namespace
}  // namespace detail

result parse_sdp(std::string_view body, session_description_view& out, const sdp_options& opts) noexcept {
  out.body_ = body;
  out.v_ = out.o_ = out.s_ = out.i_ = out.u_ = out.c_ = out.k_ = sdp_span{};
  out.session_ = sdp_span{0, 0};
  out.time_count_ = 0;
  out.line_count_ = 0;
  out.media_count_ = 0;
  out.evidence_ = sdp_evidence{};
  if (body.empty()) return detail::make_error(error_code::empty_input, 0);
  if (body.size() > 0xFFFFFFFEu) return detail::make_error(error_code::input_too_large, 0);
  out.session_.length = static_cast<std::uint32_t>(body.size());

  std::size_t cap = out.media_capacity();
  if (opts.max_media != 0 && opts.max_media < cap) cap = opts.max_media;
  detail::sdp_builder b(out, body, cap);
  const detail::sdp_uchar* p = b.base;
  const detail::sdp_uchar* pe = b.end;
  int cs = detail::scan_exec(b, p, pe, detail::scan_init());
  bool stopped = cs == 0;  // the error state
  if (!stopped && (b.end[-1] != '\n')) {
    // The last line has no line end: read one more, a synthetic LF, unless the
    // body ends in a CR that no LF follows.
    if (b.end[-1] == '\r') {
      if (b.overflow) return detail::make_error(error_code::too_many_media, b.overflow_at);
      return detail::make_error(error_code::bare_cr, b.off(b.end - 1));
    }
    static const detail::sdp_uchar synthetic_lf[1] = {'\n'};
    p = synthetic_lf;
    cs = detail::scan_exec(b, p, synthetic_lf + 1, cs);
    stopped = cs == 0;
  }
  if (b.overflow) return detail::make_error(error_code::too_many_media, b.overflow_at);
  if (stopped) return b.diagnose(p, p < b.base || p >= b.end);
  if (!detail::scan_final(cs)) return b.diagnose(b.end, true);

  if (b.in_media == false) out.session_.length = static_cast<std::uint32_t>(body.size());
  if (opts.strict) {
    const sdp_evidence& e = out.evidence_;
    std::uint32_t first = sdp_evidence::none;
    result r;
    if (e.first_bare_lf < first) {
      first = e.first_bare_lf;
      r = detail::make_error(error_code::deviation_rejected, first);
      r.deviation = deviation_kind::bare_lf;
    }
    if (e.first_control_byte < first) {
      first = e.first_control_byte;
      r = detail::make_error(error_code::deviation_rejected, first);
      r.deviation = deviation_kind::control_byte_in_value;
    }
    if (e.zone_without_repeat < first) {
      first = e.zone_without_repeat;
      r = detail::make_error(error_code::sdp_line_order, first);
    }
    if (!r) return r;
  }
  return {};
}

namespace detail {
namespace {

// Run a typed machine over `value`: the caller declares `m` and `cs`.
#define SIPSPAN_SDP_PRELUDE                                      \
  const sdp_uchar* p = m.base;                                   \
  const sdp_uchar* pe = m.end;                                   \
  const sdp_uchar* eof = pe;                                     \
  (void)eof

// ------------------------------------------------------------- origin ---
// origin-field = %s"o" "=" username SP sess-id SP sess-version SP
//                nettype SP addrtype SP unicast-address CRLF
// username = non-ws-string ; sess-id = 1*DIGIT ; sess-version = 1*DIGIT
// nettype = token ; addrtype = token
// unicast-address = IP4-address / IP6-address / FQDN / extn-addr
// extn-addr = non-ws-string
// 0 username, 1 sess-id, 2 sess-version, 3 nettype, 4 addrtype, 5 address.
%%{
  machine sdp_origin;
  alphtype unsigned char;
  include sdp_typed;
  unicast_address = ( IP4_address %k_ip4 | IP6_address %k_ip6 | FQDN %k_fqdn | non_ws_string );
  main := ( ( non_ws_string >f0b %f0e ) SP ( DIGIT+ >f1b %f1e ) SP ( DIGIT+ >f2b %f2e ) SP
            ( sdp_token >f3b %f3e ) SP ( sdp_token >f4b %f4e ) SP ( unicast_address >f5b %f5e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_origin(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_origin_first_final;
}

// --------------------------------------------------------- connection ---
// connection-field = %s"c" "=" nettype SP addrtype SP connection-address CRLF
// connection-address = multicast-address / unicast-address
// multicast-address = IP4-multicast / IP6-multicast / FQDN / extn-addr
// IP4-multicast = m1 3( "." decimal-uchar ) "/" ttl [ "/" numaddr ]
// IP6-multicast = IP6-address [ "/" numaddr ] ; numaddr = integer
// 0 nettype, 1 addrtype, 2 address (up to "/"), 3 ttl, 4 numaddr.
%%{
  machine sdp_connection;
  alphtype unsigned char;
  include sdp_typed;
  ip4_multicast = ( m1 ( '.' decimal_uchar ){3} ) %f2e '/' ( ttl >f3b %f3e ) ( '/' ( integer >f4b %f4e ) )?;
  ip6_multicast = IP6_address %f2e '/' ( integer >f4b %f4e );
  connection_address = ( IP4_address %k_ip4 | ip4_multicast %k_ip4m | IP6_address %k_ip6
                       | ip6_multicast %k_ip6m | FQDN %k_fqdn | non_ws_string ) >f2b;
  main := ( ( sdp_token >f0b %f0e ) SP ( sdp_token >f1b %f1e ) SP connection_address ) $!bad;
  write data noerror noentry;
}%%

bool run_connection(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_connection_first_final;
}

// ---------------------------------------------------------- bandwidth ---
// bandwidth-field = %s"b" "=" bwtype ":" bandwidth CRLF
// bwtype = token ; bandwidth = 1*DIGIT
%%{
  machine sdp_bandwidth;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( sdp_token >f0b %f0e ) ':' ( DIGIT+ >f1b %f1e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_bandwidth(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_bandwidth_first_final;
}

// ------------------------------------------------------------- timing ---
// time-field = %s"t" "=" start-time SP stop-time CRLF
%%{
  machine sdp_timing;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( ( time | '0' ) >f0b %f0e ) SP ( ( time | '0' ) >f1b %f1e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_timing(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_timing_first_final;
}

// --------------------------------------------------------- typed-time ---
// ["-"] typed-time, as z= offsets take it (the "-" only when asked for).
%%{
  machine sdp_typed_time;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( '-' @kw0 )? typed_time ) $!bad;
  write data noerror noentry;
}%%

bool run_typed_time(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_typed_time_first_final;
}

// ------------------------------------------------------------- repeat ---
// repeat-field = %s"r" "=" repeat-interval SP typed-time 1*(SP typed-time) CRLF
// 0 interval, 1 active duration; the offsets follow.
%%{
  machine sdp_repeat;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( repeat_interval >f0b %f0e ) SP ( typed_time >f1b %f1e ) ( SP typed_time )+ ) $!bad;
  write data noerror noentry;
}%%

bool run_repeat(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_repeat_first_final;
}

// --------------------------------------------------------------- zone ---
// zone-field = %s"z" "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time) CRLF
%%{
  machine sdp_zone;
  alphtype unsigned char;
  include sdp_typed;
  adjustment = time SP '-'? typed_time;
  main := ( adjustment ( SP adjustment )* ) $!bad;
  write data noerror noentry;
}%%

bool run_zone(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_zone_first_final;
}

// -------------------------------------------------------------- media ---
// media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF
// media = token ; port = 1*DIGIT ; proto = token *("/" token) ; fmt = token
// 0 media, 1 port, 2 count, 3 proto; the formats follow.
%%{
  machine sdp_media;
  alphtype unsigned char;
  include sdp_typed;
  proto = sdp_token ( '/' sdp_token )*;
  main := ( ( sdp_token >f0b %f0e ) SP ( DIGIT+ >f1b %f1e ) ( '/' ( integer >f2b %f2e ) )? SP
            ( proto >f3b %f3e ) ( SP sdp_token )+ ) $!bad;
  write data noerror noentry;
}%%

bool run_media(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_media_first_final;
}

// ------------------------------------------------------------- rtpmap ---
// rtpmap-value = payload-type SP encoding-name "/" clock-rate [ "/" encoding-params ]
// payload-type = zero-based-integer ; encoding-name = token ; clock-rate = integer
// encoding-params = channels ; channels = integer               (RFC 8866 §6.6)
%%{
  machine sdp_rtpmap;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( zero_based_integer >f0b %f0e ) SP ( sdp_token >f1b %f1e ) '/' ( integer >f2b %f2e )
            ( '/' ( integer >f3b %f3e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool run_rtpmap(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_rtpmap_first_final;
}

// --------------------------------------------------------------- fmtp ---
// fmtp-value = fmt SP format-specific-params
// format-specific-params = byte-string                          (RFC 8866 §6.15)
%%{
  machine sdp_fmtp;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( sdp_token >f0b %f0e ) SP ( byte_string >f1b %f1e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_fmtp(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_fmtp_first_final;
}

// -------------------------------------------------------------- ptime ---
// ptime-value = non-zero-int-or-real ; maxptime-value = non-zero-int-or-real
// non-zero-int-or-real = integer / non-zero-real
// non-zero-real = zero-based-integer "." *DIGIT POS-DIGIT      (RFC 8866 §6.4, §6.5)
// 0 integer part, 1 fraction.
%%{
  machine sdp_ptime;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( integer >f0b %f0e )
          | ( zero_based_integer >f0b %f0e ) '.' ( ( DIGIT* POS_DIGIT ) >f1b %f1e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_ptime(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ptime_first_final;
}

// ---------------------------------------------------------- direction ---
// "sendrecv" / "sendonly" / "recvonly" / "inactive"   (RFC 8866 §6.7; %s: case-sensitive)
%%{
  machine sdp_direction;
  alphtype unsigned char;
  include sdp_typed;
  main := ( 'sendrecv' @kw0 | 'sendonly' @kw1 | 'recvonly' @kw2 | 'inactive' @kw3 ) $!bad;
  write data noerror noentry;
}%%

bool run_direction(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_direction_first_final;
}

// --------------------------------------------------------------- rtcp ---
// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space
//                  connection-address] CRLF                      (RFC 3605 §2.1)
// 0 port, 1 the connection part (read by the connection machine).
%%{
  machine sdp_rtcp;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( DIGIT+ >f0b %f0e ) ( SP ( byte_string >f1b %f1e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool run_rtcp(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_rtcp_first_final;
}

// ---------------------------------------------------------- mid, group ---
// mid-attribute = "a=mid:" identification-tag ; identification-tag = token
// group-attribute = "a=group:" semantics *(SP identification-tag)
// semantics = "LS" / "FID" / semantics-extension ; semantics-extension = token
//                                                                 (RFC 5888 §4, §5)
%%{
  machine sdp_group;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( sdp_token >f0b %f0e ) ( SP sdp_token )* ) $!bad;
  write data noerror noentry;
}%%

bool run_group(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_group_first_final;
}

// --------------------------------------------------------------- ssrc ---
// ssrc-attr = "ssrc:" ssrc-id SP attribute ; ssrc-id = integer ; 0 .. 2**32 - 1
// attribute = (att-field ":" att-value) / att-field             (RFC 5576 §4.1)
// 0 id, 1 attribute name, 2 value.
%%{
  machine sdp_ssrc;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( integer >f0b %f0e ) SP ( sdp_token >f1b %f1e ) ( ':' ( byte_string >f2b %f2e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool run_ssrc(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ssrc_first_final;
}

// ---------------------------------------------------------- candidate ---
// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP
//                       priority SP connection-address SP port SP cand-type
//                       [SP rel-addr] [SP rel-port] *(SP cand-extension)
// foundation = 1*32ice-char ; component-id = 1*3DIGIT
// transport = "UDP" / transport-extension ; transport-extension = token
// priority = 1*10DIGIT ; cand-type = "typ" SP candidate-types
// candidate-types = "host" / "srflx" / "prflx" / "relay" / token
// rel-addr = "raddr" SP connection-address ; rel-port = "rport" SP port
// cand-extension = extension-att-name SP extension-att-value
// extension-att-name = token ; extension-att-value = *VCHAR       (RFC 8839 §5.1)
// (connection-address, which RFC 8839 takes from RFC 4566, is read as
//  non-ws-string: every alternative of it is one; "typ", "raddr", "rport" are
//  case-insensitive literals)
// 0 foundation, 1 component, 2 transport, 3 priority, 4 address, 5 port,
// 6 type, 7 raddr, 8 rport.
%%{
  machine sdp_candidate;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( ice_char{1,32} >f0b %f0e ) SP ( DIGIT{1,3} >f1b %f1e ) SP ( sdp_token >f2b %f2e ) SP
            ( DIGIT{1,10} >f3b %f3e ) SP ( non_ws_string >f4b %f4e ) SP ( DIGIT+ >f5b %f5e )
            SP 'typ'i SP ( sdp_token >f6b %f6e )
            ( SP 'raddr'i SP ( non_ws_string >f7b %f7e ) )?
            ( SP 'rport'i SP ( DIGIT+ >f8b %f8e ) )?
            ( SP sdp_token SP VCHAR* )* ) $!bad;
  write data noerror noentry;
}%%

bool run_candidate(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_candidate_first_final;
}

// ----------------------------------------------------- ice-ufrag, ice-pwd ---
// ice-ufrag-att = "ice-ufrag:" ufrag ; ufrag = 4*256ice-char
// ice-pwd-att = "ice-pwd:" password ; password = 22*256ice-char   (RFC 8839 §5.4)
// (the lower bound is checked by the host: one machine for both)
%%{
  machine sdp_ice_credential;
  alphtype unsigned char;
  include sdp_typed;
  main := ice_char{1,256} $!bad;
  write data noerror noentry;
}%%

bool run_ice_credential(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ice_credential_first_final;
}

// -------------------------------------------------------- fingerprint ---
// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
// hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
// fingerprint = 2UHEX *(":" 2UHEX) ; UHEX = DIGIT / %x41-46       (RFC 8122 §5)
%%{
  machine sdp_fingerprint;
  alphtype unsigned char;
  include sdp_typed;
  UHEX = DIGIT | 'A'..'F';
  main := ( ( sdp_token >f0b %f0e ) SP ( ( UHEX{2} ( ':' UHEX{2} )* ) >f1b %f1e ) ) $!bad;
  write data noerror noentry;
}%%

bool run_fingerprint(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_fingerprint_first_final;
}

// -------------------------------------------------------------- setup ---
// setup-attr = "a=setup:" role
// role = "active" / "passive" / "actpass" / "holdconn"          (RFC 4145 §4)
%%{
  machine sdp_setup;
  alphtype unsigned char;
  include sdp_typed;
  main := ( 'active'i @kw0 | 'passive'i @kw1 | 'actpass'i @kw2 | 'holdconn'i @kw3 ) $!bad;
  write data noerror noentry;
}%%

bool run_setup(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_setup_first_final;
}

// ------------------------------------------------------------- crypto ---
// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
// tag = 1*9DIGIT ; crypto-suite = 1*(ALPHA / DIGIT / "_")
// key-params = key-param *(";" key-param) ; key-param = key-method ":" key-info
// key-method = "inline" / key-method-ext ; key-method-ext = 1*(ALPHA / DIGIT / "_")
// key-info = 1*(%x21-3A / %x3C-7E) ; session-param = 1*(VCHAR)
// separated by 1*WSP                                              (RFC 4568 §9.1)
// 0 tag, 1 suite, 2 key-params, 3 first key-method, 4 its key-info.
%%{
  machine sdp_crypto;
  alphtype unsigned char;
  include sdp_typed;
  crypto_word = ( ALPHA | DIGIT | '_' )+;
  key_info = ( 0x21..0x3a | 0x3c..0x7e )+;
  key_params = ( crypto_word >f3b %f3e ':' ( key_info >f4b %f4e ) ) ( ';' crypto_word ':' key_info )*;
  main := ( ( DIGIT{1,9} >f0b %f0e ) WSP+ ( crypto_word >f1b %f1e ) WSP+ ( key_params >f2b %f2e )
            ( WSP+ VCHAR+ )* ) $!bad;
  write data noerror noentry;
}%%

bool run_crypto(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_crypto_first_final;
}

// ------------------------------------------------------------- extmap ---
// extmap = mapentry SP extensionname [SP extensionattributes]
// extensionname = URI ; direction = "sendonly" / "recvonly" / "sendrecv" / "inactive"
// mapentry = "extmap:" 1*5DIGIT ["/" direction]
// extensionattributes = byte-string                               (RFC 8285 §7)
// (the URI is read as non-ws-string)
// 0 id, 1 direction, 2 URI, 3 attributes.
%%{
  machine sdp_extmap;
  alphtype unsigned char;
  include sdp_typed;
  direction = 'sendonly' | 'recvonly' | 'sendrecv' | 'inactive';
  main := ( ( DIGIT{1,5} >f0b %f0e ) ( '/' ( direction >f1b %f1e ) )? SP ( non_ws_string >f2b %f2e )
            ( SP ( byte_string >f3b %f3e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool run_extmap(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_extmap_first_final;
}

#undef SIPSPAN_SDP_PRELUDE

}  // namespace

// The typed parsers' entries into the machines (sdp.cpp converts).
bool sdp_run_origin(sdp_marks& m) noexcept { return run_origin(m); }
bool sdp_run_connection(sdp_marks& m) noexcept { return run_connection(m); }
bool sdp_run_bandwidth(sdp_marks& m) noexcept { return run_bandwidth(m); }
bool sdp_run_timing(sdp_marks& m) noexcept { return run_timing(m); }
bool sdp_run_typed_time(sdp_marks& m) noexcept { return run_typed_time(m); }
bool sdp_run_repeat(sdp_marks& m) noexcept { return run_repeat(m); }
bool sdp_run_zone(sdp_marks& m) noexcept { return run_zone(m); }
bool sdp_run_media(sdp_marks& m) noexcept { return run_media(m); }
bool sdp_run_rtpmap(sdp_marks& m) noexcept { return run_rtpmap(m); }
bool sdp_run_fmtp(sdp_marks& m) noexcept { return run_fmtp(m); }
bool sdp_run_ptime(sdp_marks& m) noexcept { return run_ptime(m); }
bool sdp_run_direction(sdp_marks& m) noexcept { return run_direction(m); }
bool sdp_run_rtcp(sdp_marks& m) noexcept { return run_rtcp(m); }
bool sdp_run_group(sdp_marks& m) noexcept { return run_group(m); }
bool sdp_run_ssrc(sdp_marks& m) noexcept { return run_ssrc(m); }
bool sdp_run_candidate(sdp_marks& m) noexcept { return run_candidate(m); }
bool sdp_run_ice_credential(sdp_marks& m) noexcept { return run_ice_credential(m); }
bool sdp_run_fingerprint(sdp_marks& m) noexcept { return run_fingerprint(m); }
bool sdp_run_setup(sdp_marks& m) noexcept { return run_setup(m); }
bool sdp_run_crypto(sdp_marks& m) noexcept { return run_crypto(m); }
bool sdp_run_extmap(sdp_marks& m) noexcept { return run_extmap(m); }

}  // namespace detail
}  // namespace sipspan
