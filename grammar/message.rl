// sipspan — the message machine: one pass over a SIP message's start line and
// header section.
//
// RFC 3261 §7 (SIP messages), §7.3.1 (header field format, folding), §7.5
// (framing), §25 (ABNF):
//
//   SIP-message    =  Request / Response
//   Request        =  Request-Line *( message-header ) CRLF [ message-body ]
//   Response       =  Status-Line  *( message-header ) CRLF [ message-body ]
//   Request-Line   =  Method SP Request-URI SP SIP-Version CRLF
//   Status-Line    =  SIP-Version SP Status-Code SP Reason-Phrase CRLF
//   SIP-Version    =  "SIP" "/" 1*DIGIT "." 1*DIGIT
//   Status-Code    =  3DIGIT   (extension-code)
//   Reason-Phrase  =  *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB)
//   message-header =  header-name HCOLON header-value CRLF   (generic form, §7.3.1)
//   header-name    =  token
//   header-value   =  *(TEXT-UTF8char / UTF8-CONT / LWS)
//
// The scan is tolerant (docs/design.md decision 3): what it accepts outside that
// grammar is recorded as a deviation with its offset, and parse_options decide
// which deviations stop the parse. It is built with -G2. Header names are not
// keywords here: the name's span is classified afterwards (header_id.cpp).
// Inside values the machine jumps over runs of ordinary bytes (skip.hpp).
//
// Layout, as in every .rl file of this project: machine, data, init, exec.

#include "sip/field_marks.hpp"
#include "sip/header_scan.hpp"
#include "sip/message_builder.hpp"
#include "sip/skip.hpp"

namespace sipspan::detail {

%%{
  machine sip_message;
  alphtype unsigned char;
  include sip_core "core.rl";
  include sip_header_common "header_common.rl";
  include sip_message_fields "message_fields.rl";

  # ------------------------------------------------------------ actions ---
  # Each action marks a position or records a deviation through the builder.
  action fail_check       { if (b.failed) { fbreak; } }

  action leading          { b.dev(deviation_kind::leading_crlf, p, 1); }
  action line_start       { b.line_start = p; }
  action mark             { b.mark = p; }
  action in_method        { b.where = message_builder::ctx::method; }
  action in_version       { b.where = message_builder::ctx::version; }
  action method_end       { b.method_end(p); }
  action uri_end          { b.uri_end(p); }
  # the Request-URI's first byte (after mark): its value machine (message_fields.rl)
  action uri_call         { if (b.request_uri_begin()) { fhold; fcall request_uri_value; } }
  action version_end      { b.version_end(p); }
  action status_version   { b.where = message_builder::ctx::status; }
  action status_end       { b.status_end(p); }
  action reason_end       { b.reason_end(p); }
  action sep_start        { b.sep_start = p; }
  action sep_end          { b.separator_end(p); }
  action trailing_ws      { b.trailing_whitespace(p); }
  action tab_sep          { b.dev(deviation_kind::start_line_whitespace, p, 1); }
  action no_reason        { b.no_reason(p); }
  action request          { b.set_kind(message_kind::request); }
  action response         { b.set_kind(message_kind::response); }
  action start_line_end   { b.start_line_end(p); }
  action eol_cr           { b.eol = p; }
  action eol_bare_lf      { b.bare_lf(p); }
  action control          { b.control_byte(p); }
  action to_headers       { b.where = message_builder::ctx::done; }

  action name_begin       { b.name_begin(p); }
  action name_gap         { b.name_gap(p); }
  action name_inner_ws    { b.name_inner_ws(p); }
  action name_control     { b.name_control(p); }
  action name_invalid     { b.name_invalid(p); }
  action no_colon         { b.missing_colon(p); }
  # The first field of a header a proxy reads enters that header's value machine
  # (message_fields.rl), which returns here at the line end or, for a value not in
  # its plain form, to the colon. Otherwise the colon also jumps over the SWS after
  # it and the value's first run: the state after ':' loops on WSP and takes an
  # ordinary byte as value_run does.
  action colon {
    if (!b.colon(p)) { fbreak; }
    switch (b.typed_begin(p)) {
      case typed_value::none: break;
      case typed_value::number: fcall number_value;
      case typed_value::cseq: fcall cseq_value;
      case typed_value::call_id: fcall call_id_value;
      case typed_value::via: fcall via_value;
      case typed_value::name_addr: fcall name_addr_value;
      case typed_value::contact: fcall contact_value;
    }
    fexec b.after_colon(p + 1, pe);
  }
  action end_field        { if (!b.end_field()) { fbreak; } }
  action end_headers      { b.end_headers(p + 1); fbreak; }
  action fold             { b.fold(p); }

  # a run of ordinary bytes: jump to the next byte that matters
  action value_run        { b.run(p); fexec b.skip_value(p + 1, pe); }
  action quoted_run       { fexec skip_quoted(p + 1, pe); }
  action name_run         { fexec skip_token(p + 1, pe); }
  action uri_run          { fexec skip_uri(p + 1, pe); }
  action quote_open       { b.quote_open(p); }
  action quote_close      { b.quote_close(); }
  action angle_open       { b.angle_open(p); }
  action angle_close      { b.angle_close(p); }
  action comma            { b.comma(p); }

  action error {
    if (!b.failed) {
      if (p == pe) b.fail(error_code::incomplete_message, p);
      else if (p > b.base && p[-1] == 0x0d && *p != 0x0a) b.fail(error_code::bare_cr, p - 1);
      else switch (b.where) {
        case message_builder::ctx::start:   b.fail(error_code::bad_start_line, p); break;
        // a line that ends where the next element should start lacks that element
        case message_builder::ctx::method:
          b.fail(*p == 0x0d || *p == 0x0a ? error_code::bad_request_uri : error_code::bad_method, p); break;
        case message_builder::ctx::uri:
          b.fail(*p == 0x0d || *p == 0x0a ? error_code::bad_sip_version : error_code::bad_request_uri, p); break;
        case message_builder::ctx::version:
          b.fail(b.whitespace_ahead(p) ? error_code::bad_request_uri : error_code::bad_sip_version,
                 b.whitespace_ahead(p) ? b.sep_start : p);
          break;
        case message_builder::ctx::status:  b.fail(error_code::bad_status_code, p); break;
        case message_builder::ctx::reason:  b.fail(error_code::bad_start_line, p); break;
        case message_builder::ctx::done:    b.fail(error_code::bad_header_line, p); break;
      }
    }
  }

  # ---------------------------------------------------------- line ends ---
  # CRLF, or a bare LF recorded as a deviation
  eol = CR @eol_cr LF | LF @eol_bare_lf;

  # -------------------------------------------------------- start line ---
  # separators: one SP is canonical; more, or HTAB, is a deviation
  sep = WSP+ >sep_start %sep_end;

  # SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT
  sip_version = ( "SIP"i '/' @in_version DIGIT+ '.' DIGIT+ ) >mark %version_end;

  # Request-URI: delimited here; its plain form typed by request_uri_value, any
  # other parsed on demand by the URI machine (uri.rl)
  request_uri = ( ( any - WSP - CR - LF - CTL ) @uri_run )+ >mark >uri_call %uri_end;

  # Reason-Phrase: printable text; control bytes are recorded
  reason_phrase = ( ( any - CR - LF - CTLX ) | CTLX @control )* >mark %reason_end;

  request_line = ( Method >mark >in_method %method_end ) sep request_uri sep sip_version
                 ( WSP+ >sep_start %trailing_ws )? %request;
  # exactly one SP follows the Status-Code; further whitespace belongs to the
  # Reason-Phrase, which may hold SP and HTAB
  status_line  = sip_version %status_version sep ( DIGIT{3} >mark %status_end )
                 ( ( SP | HTAB @tab_sep ) reason_phrase | '' %no_reason ) %response;

  start_line = ( request_line | status_line ) >line_start %start_line_end;

  # ---------------------------------------------------- header name ---
  # header-name = token. Pieces of a name separated by whitespace ("Conta ct"),
  # control bytes ("To\x01") and non-token bytes are taken and recorded.
  name_piece = ( token_c @name_run | CTLX @name_control | ( any - token_c - WSP - CTL - ':' ) @name_invalid )+;
  name_gap   = WSP+ >name_gap;
  header_name = name_piece >name_begin ( name_gap name_piece >name_inner_ws )* name_gap?;

  # --------------------------------------------------- header value ---
  # header-value = *(TEXT-UTF8char / UTF8-CONT / LWS). A line end followed by
  # whitespace continues the value (LWS, §7.3.1). Quotes, <> and commas outside
  # them are marked for every header; what they mean depends on the header
  # (value_kind: list, single, params, text), which the actions know.
  #   quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE
  fold = eol WSP @fold;
  quoted_item = ( any - '"' - '\\' - CR - LF - CTLX ) @quoted_run
              | '\\' ( any - CR - LF )
              | CTLX @control
              | fold;
  quoted = '"' @quote_open quoted_item* '"' @quote_close;
  value_item = WSP
             | ( any - WSP - CR - LF - CTLX - '"' - '<' - '>' - ',' ) @value_run
             | quoted
             | '<' @angle_open
             | '>' @angle_close
             | ',' @comma
             | CTLX @control
             | fold;
  header_value = value_item* ( '"' @quote_open quoted_item* )?;

  # message-header = header-name HCOLON header-value CRLF. The field is stored
  # when the next line shows it is not continued (the leaving action).
  header_field = header_name ':' @colon header_value eol;
  # a line without a colon is recorded and skipped
  bad_line = header_name eol @no_colon;

  # an empty line ends the header section
  header_section = ( header_field %end_field | bad_line )* eol @end_headers;

  main := ( ( eol @leading )* start_line eol @to_headers header_section ) $!error;

  write data noerror nofinal noentry;
}%%

// Run the machine from the start of the input to the end of the header section.
// Returns false when it stopped on an error (b.err says which and where).
bool scan_message(message_builder& b) noexcept {
  const uchar* p = b.base;
  const uchar* pe = b.end;
  const uchar* eof = pe;
  int cs;
  int stack[1] = {0};  // one level: a field's value machine returns before the next is called
  int top = 0;
  detail::uri_marks& m = b.u;  // what the URI rules' actions mark (uri_rules.rl)
  (void)eof;

  %% write init;
  %% write exec;

  if (b.failed) return false;
  if (!b.headers_end) {
    // the machine stopped in a non-final state without an error action firing
    b.fail(p == pe ? error_code::incomplete_message : error_code::bad_header_line, p);
    return false;
  }
  return true;
}

}  // namespace sipspan::detail
