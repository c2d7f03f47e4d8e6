// sipspan — SDP: the session description scan and the order of its lines.
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
// Actions only call the builder (parser/src/sdp/sdp_builder.hpp), which
// marks; parse_sdp (sdp_parse.cpp) runs the scan. The lexical rules are in
// sdp_common.rl, the typed-value rules in sdp_rules.rl (their actions in
// sdp_marks.rl); sdp_values.rl runs those rules one value at a time.
#include "sdp/sdp_builder.hpp"

namespace sipspan::detail {

// ---------------------------------------------------------------- scan ---
// A line is its type letter, "=", the value and a line end; the builder's
// actions mark them and what the value holds. A byte that breaks the line
// form records sdp_bad_line and skips to the next LF.
//
// While it reads a line the scan also runs the typed rule the line's letter
// (or attribute name) calls for (sdp_rules.rl), as check_sdp_line would: main
// reads the letter and "=" and goes on in the machine of that line's value;
// the rule's actions mark the named fields, `check` says which rule it is,
// and the builder converts the marks at the line end when the rule took the
// whole value (sdp_builder::line_done). At the first byte the rule does not
// take, the line goes on in `rest`, as a value without a rule does: its line
// is left to validate_sdp, and read all the same.
%%{
  machine sdp_scan;
  alphtype unsigned char;
  include sdp_marks "sdp_marks.rl";
  # a control byte a rule takes (in a byte-string), recorded as in any value
  action value_ctl { b.control(p); }
  include sdp_rules "sdp_rules.rl";

  action lb    { b.line_begin(p); }
  action done  { b.line_done(p); fgoto main; }
  action ctl   { b.control(p); }
  action nul   { b.forbidden(p); }
  action cr    { b.carriage_return(p); }
  action bad   { b.bad_line(p); fhold; fgoto skip; }
  action untyped { fhold; fgoto rest; }
  action plain { p = b.plain_run(p); }

  # the typed rule of the line, its first byte and the end of what it took
  action typed_begin { m.reset(p); }
  action typed_end   { b.typed_end = p; }
  action c_version     { b.check = sdp_check::version; }
  action c_origin      { b.check = sdp_check::origin; }
  action c_connection  { b.check = sdp_check::connection; }
  action c_bandwidth   { b.check = sdp_check::bandwidth; }
  action c_timing      { b.check = sdp_check::timing; }
  action c_repeat      { b.check = sdp_check::repeat; }
  action c_zone        { b.check = sdp_check::zone; }
  action c_media       { b.check = sdp_check::media; }
  action c_rtpmap      { b.check = sdp_check::rtpmap; }
  action c_fmtp        { b.check = sdp_check::fmtp; }
  action c_ptime       { b.check = sdp_check::ptime; }
  action c_rtcp        { b.check = sdp_check::rtcp; }
  action c_mid         { b.check = sdp_check::mid; }
  action c_group       { b.check = sdp_check::group; }
  action c_ssrc        { b.check = sdp_check::ssrc; }
  action c_candidate   { b.check = sdp_check::candidate; }
  action c_ice_ufrag   { b.check = sdp_check::ice_ufrag; }
  action c_ice_pwd     { b.check = sdp_check::ice_pwd; }
  action c_fingerprint { b.check = sdp_check::fingerprint; }
  action c_setup       { b.check = sdp_check::setup; }
  action c_crypto      { b.check = sdp_check::crypto; }
  action c_extmap      { b.check = sdp_check::extmap; }

  # byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF): the control bytes it permits
  # are marked, NUL (outside it) too; a CR is a line end only before LF. A
  # run of plain bytes is passed at once (sdp_builder::plain_run).
  vbyte = ( 0x09 | 0x20..0x7e | 0x80..0xff ) @plain
        | ( 0x01..0x08 | 0x0b | 0x0c | 0x0e..0x1f | 0x7f ) @ctl
        | 0x00 @nul
        | CR @cr;
  line_end = ( CR @cr )? LF @done;

  # a value without a rule, or the rest of one its rule did not take
  rest := vbyte* LF @done;

  # version-field = %s"v" "=" 1*DIGIT, and the values with a typed rule
  version_line := ( ( DIGIT+ >typed_begin %typed_end ) line_end ) $!untyped;
  origin_line := ( ( origin_value >typed_begin %typed_end ) line_end ) $!untyped;
  connection_line := ( ( connection_value >typed_begin %typed_end ) line_end ) $!untyped;
  bandwidth_line := ( ( bandwidth_value >typed_begin %typed_end ) line_end ) $!untyped;
  timing_line := ( ( timing_value >typed_begin %typed_end ) line_end ) $!untyped;
  repeat_line := ( ( repeat_value >typed_begin %typed_end ) line_end ) $!untyped;
  zone_line := ( ( zone_value >typed_begin %typed_end ) line_end ) $!untyped;
  media_line := ( ( media_value >typed_begin %typed_end ) line_end ) $!untyped;

  # attribute = (attribute-name ":" attribute-value) / attribute-name: the
  # names with a typed value (RFC 8866 §6 and the RFCs above); any other
  # name, or none, goes on in rest
  attribute_line := ( ( 'rtpmap:' @c_rtpmap ( rtpmap_value >typed_begin %typed_end )
                    | 'fmtp:' @c_fmtp ( fmtp_value >typed_begin %typed_end )
                    | ( 'ptime:' | 'maxptime:' ) @c_ptime ( ptime_value >typed_begin %typed_end )
                    | 'rtcp:' @c_rtcp ( rtcp_value >typed_begin %typed_end )
                    | 'mid:' @c_mid ( group_value >typed_begin %typed_end )
                    | 'group:' @c_group ( group_value >typed_begin %typed_end )
                    | 'ssrc:' @c_ssrc ( ssrc_value >typed_begin %typed_end )
                    | 'candidate:' @c_candidate ( candidate_value >typed_begin %typed_end )
                    | 'ice-ufrag:' @c_ice_ufrag ( ice_credential_value >typed_begin %typed_end )
                    | 'ice-pwd:' @c_ice_pwd ( ice_credential_value >typed_begin %typed_end )
                    | 'fingerprint:' @c_fingerprint ( fingerprint_value >typed_begin %typed_end )
                    | 'setup:' @c_setup ( setup_value >typed_begin %typed_end )
                    | 'crypto:' @c_crypto ( crypto_value >typed_begin %typed_end )
                    | 'extmap:' @c_extmap ( extmap_value >typed_begin %typed_end ) ) line_end ) $!untyped;

  skip := ( any - LF )* LF @{ fgoto main; };

  # type = %x61-7A, "=": the machine of the value (the value may be empty,
  # recorded by the builder)
  main := ( 'v=' @c_version @{ fgoto version_line; }
          | 'o=' @c_origin @{ fgoto origin_line; }
          | 'c=' @c_connection @{ fgoto connection_line; }
          | 'b=' @c_bandwidth @{ fgoto bandwidth_line; }
          | 't=' @c_timing @{ fgoto timing_line; }
          | 'm=' @c_media @{ fgoto media_line; }
          | 'a=' @{ fgoto attribute_line; }
          | 'r=' @c_repeat @{ fgoto repeat_line; }
          | 'z=' @c_zone @{ fgoto zone_line; }
          | ( 'a'..'z' - [vocbtmarz] ) '=' @{ fgoto rest; } ) >lb $!bad;

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

int sdp_scan_init() noexcept {
  int cs;
  %% machine sdp_scan;
  %% write init;
  return cs;
}

// Reads [p, pe) from state cs; returns the state. The end of the body is no
// EOF for this machine: parse_sdp feeds a synthetic LF after a last line that
// has none, so every line ends the same way (eof stays null).
int sdp_scan_exec(sdp_builder& b, const sdp_uchar* p, const sdp_uchar* pe, int cs) noexcept {
  const sdp_uchar* eof = nullptr;
  sdp_marks& m = b.marks;
  %% machine sdp_scan;
  %% write exec;
  return cs;
}


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

}  // namespace sipspan::detail
