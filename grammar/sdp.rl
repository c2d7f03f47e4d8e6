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
// Two machines read the body once. sdp_scan reads lines: a type letter, "=",
// the value, a line end (CRLF, or a bare LF: RFC 8866 §5 says parsers SHOULD
// accept it); it marks the letter, the value and the line end, and the control
// bytes, NULs and stray CRs inside a value. A line that is not <letter>=<value>
// is recorded (sdp_bad_line) and skipped to its LF. sdp_order, fed the type
// letter of each line, is the session-description rule above, letter by letter:
// where it cannot take a letter the host records why (a missing o=, s= or t=
// when inserting that letter lets it go on; otherwise an out-of-order or
// repeated line, or an unknown type letter) and goes on from where it was, so
// one departure does not cost the rest of the description (docs/design.md decision
// 3). What the grammar says beyond the bare ABNF:
//   - every value the ABNF gives is at least one byte long: "s=" with nothing
//     after it is recorded (sdp_empty_value), "s= " (RFC 8866 §5.3's advice for
//     "no name") is not;
//   - RFC 4566 §9 placed one z= after all time descriptions with no r= before
//     it (time-fields = 1*( "t=" ... *(CRLF repeat-fields) CRLF)
//     [zone-adjustments CRLF]); RFC 8866 makes that a syntax error (§10). A z=
//     without r= is taken after any t= and recorded;
//   - control bytes other than NUL, CR and LF are legal in a byte-string; the
//     first one is recorded all the same.
//
// Layout, as in every .rl file of this project: machine, data, init, exec.
// Actions only mark positions; sdp.cpp and the host code below convert.

#include <cstring>
#include <utility>

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {
namespace detail {

// The order machine, one letter at a time (below): the state after `letter`,
// 0 when the letter cannot stand there; `zone_alone` is set for a z= after t=.
int order_step(int cs, unsigned char letter, bool& zone_alone) noexcept;
int order_start() noexcept;
bool order_final(int cs) noexcept;

// What the scan's actions write: the view's spans and deviations, and enough
// about the line being read to place them.
struct sdp_builder {
  session_description_view& v;
  const sdp_options& opts;
  const sdp_uchar* base;
  const sdp_uchar* end;
  std::size_t capacity;
  const sdp_uchar* lb = nullptr;  // the type letter of the line being read
  const sdp_uchar* vb = nullptr;  // its value
  const sdp_uchar* cr = nullptr;  // the last CR seen in the value
  int order = 0;                  // the state of the order machine
  bool overflow = false;
  std::uint32_t overflow_at = 0;
  bool in_media = false;
  bool failed = false;
  result err{};

  sdp_builder(session_description_view& view, std::string_view body, std::size_t cap, const sdp_options& o) noexcept
      : v(view), opts(o), base(reinterpret_cast<const sdp_uchar*>(body.data())), end(base + body.size()),
        capacity(cap), order(order_start()) {}

  // Offsets; a pointer outside the body (the synthetic line end) is its end.
  std::uint32_t off(const sdp_uchar* p) const noexcept {
    if (p < base || p > end) return static_cast<std::uint32_t>(end - base);
    return static_cast<std::uint32_t>(p - base);
  }
  sdp_span span(const sdp_uchar* b, const sdp_uchar* e) const noexcept {
    std::uint32_t ob = off(b), oe = off(e);
    return sdp_span{ob, oe >= ob ? oe - ob : 0};
  }

  // Record a deviation; false (and the parse stops) when the options reject it
  // or the table is full. `once`: only the first of its kind is kept.
  bool dev(deviation_kind k, std::uint32_t at, std::uint32_t len, bool once = false) noexcept {
    if (failed) return false;
    if (!opts.allows(k)) {
      err = make_error(error_code::deviation_rejected, at);
      err.deviation = k;
      return !(failed = true);
    }
    if (once && v.has_deviation(k)) return true;
    if (v.deviation_count_ >= session_description_view::deviation_capacity) {
      err = make_error(error_code::too_many_deviations, at);
      return !(failed = true);
    }
    v.deviations_[v.deviation_count_++] = deviation{at, len, no_header, k};
    v.deviation_mask_ |= lenient(k);
    return true;
  }

  void line_begin(const sdp_uchar* p) noexcept {
    lb = p;
    vb = p + 2;
    cr = nullptr;
  }
  void media_begin() noexcept {
    std::uint32_t at = off(lb);
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
  void control(const sdp_uchar* p) noexcept { dev(deviation_kind::sdp_control_byte, off(p), 1, true); }
  void forbidden(const sdp_uchar* p) noexcept { dev(deviation_kind::sdp_forbidden_byte, off(p), 1); }
  // A CR in a value: a line end if LF follows it, a forbidden byte if not.
  void carriage_return(const sdp_uchar* p) noexcept {
    if (cr) forbidden(cr);
    cr = p;
  }
  // A line that is not <letter>=<value>, from its first byte: skipped.
  // `p` may be the synthetic LF after a last line without one: the line's
  // first byte is then its start, and an empty remainder has length 0.
  void bad_line(const sdp_uchar* p) noexcept {
    bool synthetic = p < base || p >= end;
    const sdp_uchar* from = lb && (synthetic || (p >= lb && p - lb <= 2)) ? lb : p;
    std::uint32_t at = off(from);
    dev(deviation_kind::sdp_bad_line, at, at < off(end) ? 1 : 0);
    lb = nullptr;
  }

  // The order machine takes the line's letter, or the host says why not.
  void order_letter(unsigned char letter) noexcept {
    std::uint32_t at = off(lb);
    bool zone_alone = false;
    if (int next = order_step(order, letter, zone_alone)) {
      order = next;
      if (zone_alone) dev(deviation_kind::sdp_zone_without_repeat, at, 1);
      return;
    }
    // a required line missing before this one: inserting it lets the letter
    // in. Only for letters that stand after it (an r= or z= without t= is out
    // of order, not a sign of a missing t=)
    static constexpr struct { unsigned char required; const char* after; } missing[] = {
        {'o', "siuepcbtkam"}, {'s', "iuepcbtkam"}, {'t', "kam"}};
    for (const auto& [required, after] : missing) {
      if (std::strchr(after, letter) == nullptr) continue;
      bool z = false;
      int with = order_step(order, required, z);
      int next = with ? order_step(with, letter, zone_alone) : 0;
      if (!next) continue;
      dev(deviation_kind::sdp_missing_line, at, 0);
      order = next;
      if (zone_alone) dev(deviation_kind::sdp_zone_without_repeat, at, 1);
      return;
    }
    bool known = std::strchr("vosiuepcbtrzkam", letter) != nullptr;
    dev(known ? deviation_kind::sdp_line_order : deviation_kind::sdp_unknown_type, at, 1);
  }
  // At the end: the required lines that never came (recorded at the end).
  void order_end() noexcept {
    for (unsigned char required : {'o', 's', 't'}) {
      if (order_final(order)) return;
      bool z = false;
      if (int next = order_step(order, required, z)) {
        order = next;
        dev(deviation_kind::sdp_missing_line, off(end), 0);
      }
    }
  }

  // At the LF that ends a line.
  // `p` is the synthetic LF (outside the body) when the last line has none.
  void line_done(const sdp_uchar* p) noexcept {
    if (lb == nullptr) return;
    bool synthetic = p < base || p >= end;
    std::uint32_t at = off(p);  // the LF, or the end of the body
    std::uint32_t value_end = at;
    if (!synthetic && cr && cr + 1 == p) {
      value_end = at - 1;
      ++v.crlf_lines_;
    } else {
      if (cr) forbidden(cr);
      if (!synthetic) ++v.bare_lf_lines_;
      dev(deviation_kind::sdp_line_end, at, synthetic ? 0 : 1, true);
    }
    unsigned char letter = *lb;
    sdp_span val{off(vb), value_end - off(vb)};
    if (val.length == 0) dev(deviation_kind::sdp_empty_value, val.offset, 0);
    order_letter(letter);
    if (letter == 'm') media_begin();
    sdp_media_record* m = current();
    bool dropped = in_media && overflow;  // a section the table has no room for
    auto first = [&](sdp_span& field) {
      if (field.offset == 0) field = val;  // no value starts at 0: unset
    };
    switch (dropped ? 0 : letter) {
      case 'v': first(v.v_); break;
      case 'o': first(v.o_); break;
      case 's': first(v.s_); break;
      case 'u': first(v.u_); break;
      case 't': ++v.time_count_; break;
      case 'i': first(m ? m->information : v.i_); break;
      case 'k': first(m ? m->key : v.k_); break;
      case 'c':
        if (!m) {
          first(v.c_);
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
    if (m) m->block.length = at + (synthetic ? 0 : 1) - m->block.offset;
    lb = nullptr;
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
  action k_bracket { m.kinds |= k_bracket; }
  action kw0 { m.keyword = 0; }
  action kw1 { m.keyword = 1; }
  action kw2 { m.keyword = 2; }
  action kw3 { m.keyword = 3; }
  action bad { m.fail(p); }
}%%

// ---------------------------------------------------------------- scan ---
// A line is its type letter, "=", the value and a line end; the builder's
// actions mark them and what the value holds. A byte that breaks the line
// form records sdp_bad_line and skips to the next LF.
%%{
  machine sdp_scan;
  alphtype unsigned char;
  include sdp_common;

  action lb    { b.line_begin(p); }
  action done  { b.line_done(p); }
  action ctl   { b.control(p); }
  action nul   { b.forbidden(p); }
  action cr    { b.carriage_return(p); }
  action bad   { b.bad_line(p); fhold; fgoto skip; }

  # byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): the control bytes it permits
  # are marked, NUL (outside it) too; a CR is a line end only before LF.
  vbyte = 0x09 | 0x20..0x7e | 0x80..0xff
        | ( 0x01..0x08 | 0x0b | 0x0c | 0x0e..0x1f | 0x7f ) @ctl
        | 0x00 @nul
        | CR @cr;
  # type = %x61-7A; the value may be empty (recorded by the builder)
  line = 'a'..'z' >lb '=' vbyte* LF @done;

  skip := ( any - LF )* LF @{ fgoto main; };
  main := ( line $!bad )*;

  write data noerror noentry;
}%%

// -------------------------------------------------------------- order ---
// The session-description and media-description rules, one letter per line.
//   session-description = v o s [i] [u] *e *p [c] *b 1*time-description [k]
//                         *a *media-description
//   time-description    = t [repeat-description] ; repeat-description = 1*r [z]
//   media-description   = m [i] *c *b [k] *a
%%{
  machine sdp_order;
  alphtype unsigned char;

  action zone_alone { zone_alone = true; }

  time_description = 't' ( 'r'+ 'z'? | 'z' @zone_alone )?;
  media_description = 'm' 'i'? 'c'* 'b'* 'k'? 'a'*;
  main := 'v' 'o' 's' 'i'? 'u'? 'e'* 'p'* 'c'? 'b'* time_description+ 'k'? 'a'* media_description*;

  write data noerror noentry;
}%%

int scan_init() noexcept {
  int cs;
  %% machine sdp_scan;
  %% write init;
  return cs;
}

// Reads [p, pe) from state cs; returns the state. The end of the body is no
// EOF for this machine: parse_sdp feeds a synthetic LF after a last line that
// has none, so every line ends the same way (eof stays null).
int scan_exec(sdp_builder& b, const sdp_uchar* p, const sdp_uchar* pe, int cs) noexcept {
  const sdp_uchar* eof = nullptr;
  %% machine sdp_scan;
  %% write exec;
  return cs;
}

}  // namespace

int order_start() noexcept {
  int cs;
  %% machine sdp_order;
  %% write init;
  return cs;
}

int order_step(int cs, unsigned char letter, bool& zone_alone) noexcept {
  const sdp_uchar* p = &letter;
  const sdp_uchar* pe = p + 1;
  %% machine sdp_order;
  %% write exec;
  return cs;  // 0: the error state
}

bool order_final(int cs) noexcept { return cs >= sdp_order_first_final; }

}  // namespace detail

result parse_sdp(std::string_view body, session_description_view& out, const sdp_options& opts) noexcept {
  out.body_ = body;
  out.v_ = out.o_ = out.s_ = out.i_ = out.u_ = out.c_ = out.k_ = sdp_span{};
  out.session_ = sdp_span{0, 0};
  out.time_count_ = 0;
  out.line_count_ = 0;
  out.media_count_ = 0;
  out.crlf_lines_ = out.bare_lf_lines_ = 0;
  out.deviation_count_ = 0;
  out.deviation_mask_ = 0;
  if (body.empty()) return detail::make_error(error_code::empty_input, 0);
  if (body.size() > 0xFFFFFFFEu) return detail::make_error(error_code::input_too_large, 0);
  // RFC 8866 §5: a description starts with v=; anything else is not one
  if (body.size() < 2 || body[0] != 'v' || body[1] != '=') return detail::make_error(error_code::sdp_missing_version, 0);
  out.session_.length = static_cast<std::uint32_t>(body.size());

  std::size_t cap = out.media_capacity();
  if (opts.max_media != 0 && opts.max_media < cap) cap = opts.max_media;
  detail::sdp_builder b(out, body, cap, opts);
  int cs = detail::scan_exec(b, b.base, b.end, detail::scan_init());
  if (!b.failed && b.end[-1] != '\n') {
    // The last line has no line end: read one more, a synthetic LF.
    static const detail::sdp_uchar synthetic_lf[1] = {'\n'};
    cs = detail::scan_exec(b, synthetic_lf, synthetic_lf + 1, cs);
  }
  if (b.overflow) return detail::make_error(error_code::too_many_media, b.overflow_at);
  if (!b.failed) b.order_end();
  if (b.failed) return b.err;
  if (!b.in_media) out.session_.length = static_cast<std::uint32_t>(body.size());
  // In body order: a line's own departures are seen before its place in the
  // order is judged (insertion sort, stable, over at most 16)
  deviation* d = out.deviations_;
  for (std::size_t i = 1; i < out.deviation_count_; ++i)
    for (std::size_t j = i; j > 0 && d[j].offset < d[j - 1].offset; --j) std::swap(d[j], d[j - 1]);
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
// (tolerated: an IPv6 address in brackets, as in a URI; the address is field 6)
// 0 username, 1 sess-id, 2 sess-version, 3 nettype, 4 addrtype, 5 address.
%%{
  machine sdp_origin;
  alphtype unsigned char;
  include sdp_typed;
  bracketed_ip6 = ( '[' ( IP6_address >f6b %f6e ) ']' ) %k_bracket;
  unicast_address = ( IP4_address %k_ip4 | IP6_address %k_ip6 | FQDN %k_fqdn | bracketed_ip6 | non_ws_string );
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
// (tolerated: an IPv6 address in brackets; the address is field 5)
// 0 nettype, 1 addrtype, 2 address (up to "/"), 3 ttl, 4 numaddr.
%%{
  machine sdp_connection;
  alphtype unsigned char;
  include sdp_typed;
  ip4_multicast = ( m1 ( '.' decimal_uchar ){3} ) %f2e '/' ( ttl >f3b %f3e ) ( '/' ( integer >f4b %f4e ) )?;
  ip6_multicast = IP6_address %f2e '/' ( integer >f4b %f4e );
  bracketed_ip6 = ( '[' ( IP6_address >f5b %f5e ) ']' ) %k_bracket;
  connection_address = ( IP4_address %k_ip4 | ip4_multicast %k_ip4m | IP6_address %k_ip6
                       | ip6_multicast %k_ip6m | FQDN %k_fqdn | bracketed_ip6 | non_ws_string ) >f2b;
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
// (tolerated: no "/" clock-rate, as RFC 2327 era offers wrote "a=rtpmap:31 LPC";
//  the host says whether it is allowed)
%%{
  machine sdp_rtpmap;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( zero_based_integer >f0b %f0e ) SP ( sdp_token >f1b %f1e )
            ( '/' ( integer >f2b %f2e ) ( '/' ( integer >f3b %f3e ) )? )? ) $!bad;
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
// (RFC 4566's integer starts with POS-DIGIT, yet the range RFC 5576 gives
//  includes 0, and SSRC 0 is a valid RTP SSRC: read as zero-based-integer)
// 0 id, 1 attribute name, 2 value.
%%{
  machine sdp_ssrc;
  alphtype unsigned char;
  include sdp_typed;
  main := ( ( zero_based_integer >f0b %f0e ) SP ( sdp_token >f1b %f1e ) ( ':' ( byte_string >f2b %f2e ) )? ) $!bad;
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
