// sipspan — typed header values, parsed on demand (docs/design.md decision 5).
//
//   sipspan::via_view via;
//   if (sipspan::result r = sipspan::parse_via(msg.value(header_id::via), via))
//     use(via.host, via.branch());
//
// Each parse_xxx takes one header value as message_view gives it (folds
// `CRLF WSP` inside are linear whitespace) or one comma-separated element of a
// list header (message_view::values()), and fills a small struct of spans into
// that string: the string must outlive the view. Leading and trailing linear
// whitespace around the value is accepted. Parameters are validated by the
// machine and then iterated lazily with param_range (params.hpp).
//
// On failure the result carries the error code and the byte offset within the
// given value where parsing failed; the view's contents are then unspecified.
// Nothing here allocates or throws. The machines live in grammar/via.rl,
// grammar/name_addr.rl and grammar/header_{numbers,tokens,date}.rl.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

// ------------------------------------------------------------ which parser ---
// The typed parser that reads a known header's value (one element at a time
// for the list headers that hold several): one enumerator per parse_xxx
// function here and in auth.hpp; none when the value has no typed grammar here.
// The linter and `sipspan dump` dispatch on it, so a header gains its
// parser in one place.
enum class value_grammar : std::uint8_t {
  none,
  via,                  // parse_via
  name_addr,            // parse_name_addr (From, To, Reply-To, Refer-To, P-Asserted-Identity, ...)
  contact,              // parse_contact
  route,                // parse_route (Route, Record-Route, Path, Service-Route)
  cseq,                 // parse_cseq
  call_id,              // parse_call_id
  max_forwards,         // parse_max_forwards
  content_length,       // parse_content_length
  expires,              // parse_expires
  min_expires,          // parse_min_expires
  rseq,                 // parse_rseq
  content_type,         // parse_content_type
  token_list,           // parse_token_list (Allow, Supported, Require, ...)
  event,                // parse_event
  session_expires,      // parse_session_expires
  min_se,               // parse_min_se
  rack,                 // parse_rack
  retry_after,          // parse_retry_after
  timestamp,            // parse_timestamp
  date,                 // parse_date
  warning,              // parse_warning
  server_val,           // parse_server_val (Server, User-Agent)
  credentials,          // parse_credentials (auth.hpp)
  challenge,            // parse_challenge (auth.hpp)
  authentication_info,  // parse_authentication_info (auth.hpp)
};
SIPSPAN_API value_grammar grammar_of(header_id id) noexcept;

// ---------------------------------------------------------------- numbers ---
// 1*DIGIT with optional surrounding linear whitespace. Leading zeros are
// accepted. Errors: empty_value; bad_number at the first non-digit;
// number_overflow (value > max) at the first digit.
[[nodiscard]] SIPSPAN_API result parse_uint(std::string_view value, std::uint32_t& out, std::uint32_t max = 0xFFFFFFFFu) noexcept;

// delta-seconds = 1*DIGIT (RFC 3261 §25.1): Expires, Min-Expires and others; 0 .. 2^32-1.
[[nodiscard]] SIPSPAN_API result parse_delta_seconds(std::string_view value, std::uint32_t& out) noexcept;
// Max-Forwards = 1*DIGIT, 0 .. 255 (RFC 3261 §20.22).
[[nodiscard]] SIPSPAN_API result parse_max_forwards(std::string_view value, std::uint32_t& out) noexcept;
// Content-Length = 1*DIGIT (RFC 3261 §20.14), 0 .. 2^32-1.
[[nodiscard]] SIPSPAN_API result parse_content_length(std::string_view value, std::uint32_t& out) noexcept;
// Expires / Min-Expires = delta-seconds (RFC 3261 §20.19, §20.23).
[[nodiscard]] SIPSPAN_API result parse_expires(std::string_view value, std::uint32_t& out) noexcept;
[[nodiscard]] SIPSPAN_API result parse_min_expires(std::string_view value, std::uint32_t& out) noexcept;
// RSeq = response-num (RFC 3262 §7.1), 1 .. 2^32-1: 0 is number_underflow.
[[nodiscard]] SIPSPAN_API result parse_rseq(std::string_view value, std::uint32_t& out) noexcept;

// -------------------------------------------------------------------- Via ---
// via-parm = sent-protocol LWS sent-by *( SEMI via-params )   (RFC 3261 §20.42, §25.1)
struct SIPSPAN_API via_view {
  std::string_view protocol_name;     // "SIP"
  std::string_view protocol_version;  // "2.0"
  std::string_view transport;         // "UDP", as written
  std::string_view host;              // as written; an IPv6 reference keeps its brackets
  std::string_view port_text;         // empty when absent
  std::uint16_t port = 0;
  bool has_port = false;
  param_range params;  // every via-param, typed ones included
  std::string_view branch_value;  // the first via-branch's token, as parse_via marked it

  std::string_view branch() const noexcept { return branch_value; }
  std::string_view received() const noexcept { return params.get("received"); }
  std::string_view maddr() const noexcept { return params.get("maddr"); }
  std::string_view ttl() const noexcept { return params.get("ttl"); }
  // RFC 3581 response-port = "rport" [EQUAL 1*DIGIT]
  bool has_rport() const noexcept { return params.has("rport"); }
  bool has_rport_value() const noexcept;
  std::uint16_t rport() const noexcept;  // 0 when absent or without a value
  // RFC 3261 §8.1.1.7: the branch starts with the magic cookie "z9hG4bK".
  bool has_magic_cookie() const noexcept { return branch().starts_with("z9hG4bK"); }
};
// Errors: bad_via (sent-protocol, missing sent-by), bad_host, bad_port (also a
// port above 65535), bad_parameter, bad_escape, bad_quoted_string (at the
// opening quote of an unterminated one), trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_via(std::string_view value, via_view& out) noexcept;

// -------------------------------------------------------------- name-addr ---
// ( name-addr / addr-spec ) *( SEMI param )   (RFC 3261 §20.10, §20.20, §20.39, §25.1)
// name-addr = [ display-name ] LAQUOT addr-spec RAQUOT
// display-name = *(token LWS) / quoted-string
// A bare addr-spec ends at the first ";": what follows are header parameters.
struct name_addr_view {
  std::string_view display_name;  // tokens as written, or the inside of the quotes (escapes kept)
  bool display_name_quoted = false;
  std::string_view uri;  // the URI text without < >
  bool has_angle_brackets = false;
  bool is_star = false;  // Contact: *
  param_range params;    // header parameters

  bool has_display_name() const noexcept { return display_name_quoted || !display_name.empty(); }
  std::string_view tag() const noexcept { return params.get("tag"); }
  std::string_view expires() const noexcept { return params.get("expires"); }
  std::string_view q() const noexcept { return params.get("q"); }
};
// From, To, Reply-To, Refer-To, Referred-By, P-Asserted-Identity,
// P-Preferred-Identity: a tag parameter must be tag=token.
// Errors: bad_name_addr, bad_display_name, bad_quoted_string (unterminated: at
// the opening quote), bad_uri (a byte that is not a URI character), bad_escape,
// bad_parameter, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_name_addr(std::string_view value, name_addr_view& out) noexcept;
// Contact (one contact-param, or "*"): q must be a qvalue, expires delta-seconds.
[[nodiscard]] SIPSPAN_API result parse_contact(std::string_view value, name_addr_view& out) noexcept;
// Route, Record-Route, Path, Service-Route: name-addr only (angle brackets required;
// a bare addr-spec is bad_name_addr at its first byte).
[[nodiscard]] SIPSPAN_API result parse_route(std::string_view value, name_addr_view& out) noexcept;

// ------------------------------------------------------------------- CSeq ---
// CSeq = 1*DIGIT LWS Method; the number must be < 2^31 (RFC 3261 §8.1.1.5).
struct cseq_view {
  std::string_view number_text;
  std::uint32_t number = 0;
  std::string_view method;
};
// Errors: bad_cseq, bad_method, number_overflow (at the first digit), trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_cseq(std::string_view value, cseq_view& out) noexcept;

// ---------------------------------------------------------------- Call-ID ---
// callid = word [ "@" word ]   (RFC 3261 §20.8)
struct call_id_view {
  std::string_view value;  // the whole Call-ID
  std::string_view local;  // before "@"
  std::string_view host;   // after "@"; empty when absent
  bool has_host = false;
};
[[nodiscard]] SIPSPAN_API result parse_call_id(std::string_view value, call_id_view& out) noexcept;

// ------------------------------------------------------------ media-type ---
// media-type = m-type SLASH m-subtype *( SEMI m-parameter )   (RFC 3261 §20.15)
// m-parameter = m-attribute EQUAL m-value; m-value = token / quoted-string
struct media_type_view {
  std::string_view type;
  std::string_view subtype;
  param_range params;
  std::string_view boundary() const noexcept { return unquote(params.get("boundary")); }
  std::string_view charset() const noexcept { return unquote(params.get("charset")); }
};
// Errors: bad_media_type, bad_parameter, bad_quoted_string, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_media_type(std::string_view value, media_type_view& out) noexcept;
[[nodiscard]] inline result parse_content_type(std::string_view value, media_type_view& out) noexcept {
  return parse_media_type(value, out);
}

// ------------------------------------------------------------ token lists ---
// One element of Allow, Supported, Require, Proxy-Require, Unsupported,
// Allow-Events (message_view::values() yields them). Errors: empty_value, bad_token.
[[nodiscard]] SIPSPAN_API result parse_token(std::string_view value) noexcept;
[[nodiscard]] SIPSPAN_API result parse_token(std::string_view value, std::string_view& token) noexcept;
// A whole list value: token *( COMMA token ). An empty value is accepted when
// allow_empty (Allow, Supported, Unsupported permit it). Error: bad_token_list.
[[nodiscard]] SIPSPAN_API result parse_token_list(std::string_view value, bool allow_empty = true) noexcept;

// ------------------------------------------------------------------ Event ---
// Event = event-type *( SEMI event-param )   (RFC 6665 §8.4)
// event-type = event-package *( "." event-template )
struct event_view {
  std::string_view type;       // "presence.winfo"
  std::string_view package;    // "presence"
  std::string_view templates;  // "winfo"; empty when none
  param_range params;
  std::string_view id() const noexcept { return params.get("id"); }
};
// Errors: bad_event, bad_parameter, bad_quoted_string, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_event(std::string_view value, event_view& out) noexcept;

// -------------------------------------------------------- Session-Expires ---
// Session-Expires = delta-seconds *( SEMI se-params )   (RFC 4028 §4)
// se-params = refresher-param / generic-param; refresher-param = "refresher" EQUAL ("uas" / "uac")
enum class refresher_kind : std::uint8_t { none, uac, uas };
struct SIPSPAN_API session_expires_view {
  std::string_view seconds_text;
  std::uint32_t seconds = 0;
  param_range params;
  std::string_view refresher() const noexcept { return params.get("refresher"); }
  refresher_kind refresher_role() const noexcept;
};
// Errors: bad_number, number_overflow, bad_parameter, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_session_expires(std::string_view value, session_expires_view& out) noexcept;

// Min-SE = delta-seconds *( SEMI generic-param )   (RFC 4028 §5)
struct min_se_view {
  std::string_view seconds_text;
  std::uint32_t seconds = 0;
  param_range params;
};
[[nodiscard]] SIPSPAN_API result parse_min_se(std::string_view value, min_se_view& out) noexcept;

// ------------------------------------------------------------------- RAck ---
// RAck = response-num LWS CSeq-num LWS Method   (RFC 3262 §7.2)
struct rack_view {
  std::string_view response_num_text;
  std::uint32_t response_num = 0;  // 1 .. 2^32-1
  std::string_view cseq_num_text;
  std::uint32_t cseq_num = 0;      // < 2^31
  std::string_view method;
};
// Errors: bad_rack, bad_method, number_overflow, number_underflow, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_rack(std::string_view value, rack_view& out) noexcept;

// ------------------------------------------------------------ Retry-After ---
// Retry-After = delta-seconds [ comment ] *( SEMI retry-param )   (RFC 3261 §20.33)
// retry-param = ("duration" EQUAL delta-seconds) / generic-param
struct SIPSPAN_API retry_after_view {
  std::string_view seconds_text;
  std::uint32_t seconds = 0;
  std::string_view comment;  // with its parentheses; empty when absent
  param_range params;
  bool has_duration() const noexcept { return params.has("duration"); }
  std::uint32_t duration() const noexcept;  // 0 when absent (or above 2^32-1)
};
// Errors: bad_retry_after, number_overflow, bad_parameter, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_retry_after(std::string_view value, retry_after_view& out) noexcept;

// -------------------------------------------------------------- Timestamp ---
// Timestamp = 1*(DIGIT) [ "." *(DIGIT) ] [ LWS delay ]   (RFC 3261 §20.38)
// delay = *(DIGIT) [ "." *(DIGIT) ]
struct timestamp_view {
  std::string_view value;  // "54.3"
  std::string_view delay;  // empty when absent
  bool has_delay = false;
};
[[nodiscard]] SIPSPAN_API result parse_timestamp(std::string_view value, timestamp_view& out) noexcept;

// ------------------------------------------------------------------- Date ---
// rfc1123-date = wkday "," SP date1 SP time SP "GMT"   (RFC 3261 §20.17, §25.1)
// date1 = 2DIGIT SP month SP 4DIGIT; time = 2DIGIT ":" 2DIGIT ":" 2DIGIT
struct date_view {
  std::string_view weekday_text;  // "Sat"
  std::string_view day_text;      // "13"
  std::string_view month_text;    // "Nov"
  std::string_view year_text;     // "2010"
  std::string_view time_text;     // "23:29:00"
  std::uint8_t weekday = 0;  // 0 = Monday .. 6 = Sunday
  std::uint8_t day = 0;      // 1 .. 31
  std::uint8_t month = 0;    // 1 .. 12
  std::uint16_t year = 0;
  std::uint8_t hour = 0;     // 0 .. 23
  std::uint8_t minute = 0;   // 0 .. 59
  std::uint8_t second = 0;   // 0 .. 59
};
// Errors: bad_date (also a day, hour, minute or second out of range, at that
// field), trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_date(std::string_view value, date_view& out) noexcept;

// ---------------------------------------------------------------- Warning ---
// warning-value = warn-code SP warn-agent SP warn-text   (RFC 3261 §20.43)
// warn-agent = hostport / pseudonym; warn-text = quoted-string
struct warning_view {
  std::string_view code_text;
  std::uint16_t code = 0;
  std::string_view agent;
  std::string_view text;  // the quoted-string as written, quotes included
  std::string_view text_unquoted() const noexcept { return unquote(text); }
};
// Errors: bad_warning, bad_quoted_string, trailing_garbage.
[[nodiscard]] SIPSPAN_API result parse_warning(std::string_view value, warning_view& out) noexcept;

// ---------------------------------------------------- Server, User-Agent ---
// server-val *(LWS server-val); server-val = product / comment;
// product = token [SLASH product-version]          (RFC 3261 §20.35, §20.41)
// A ':' or '@' outside a comment is not a token byte: "User-Agent: REGISTER
// sip:a@b SIP/2.0" (a start line glued into the value) fails at the ':'.
// Errors: bad_product (at the first byte outside the grammar), empty_value.
[[nodiscard]] SIPSPAN_API result parse_server_val(std::string_view value) noexcept;

}  // namespace sipspan
