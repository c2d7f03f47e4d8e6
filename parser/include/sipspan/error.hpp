// sipspan — errors and deviations.
//
// Errors are values (docs/design.md decision 4): every entry point returns a `result`
// holding an error_code and the byte offset where the input stopped making sense.
// Codes have stable snake_case names (error_name) and one-line messages
// (error_message); neither ever changes meaning once released.
//
// A deviation is a place where the scan accepted something outside the canonical
// RFC 3261 syntax (docs/design.md decision 3). Each kind has a stable name, a message,
// and says whether the RFC's own grammar permits it (folding, whitespace before the
// colon, CRLF before the start line are legal yet unusual).
#pragma once

// Every public header includes this one: it says what the headers need.
#if defined(_MSVC_LANG) ? _MSVC_LANG < 202002L : (!defined(__cplusplus) || __cplusplus < 202002L)
#error "sipspan's C++ headers need C++20 (-std=c++20); C programs use sipspan/sipspan.h"
#endif

#include <cstdint>
#include <string_view>

#include "sipspan/export.h"  // SIPSPAN_API

namespace sipspan {

// X(enum, message)
#define SIPSPAN_ERROR_LIST(X)                                                              \
  X(success, "no error")                                                                   \
  X(empty_input, "the input is empty")                                                     \
  X(input_too_large, "the input is larger than 4 GiB - 1 bytes")                           \
  X(incomplete_message, "the input ends before the end of the header section")             \
  X(bad_start_line, "the first line is neither a Request-Line nor a Status-Line")          \
  X(bad_method, "the method is not a token")                                               \
  X(bad_request_uri, "the Request-URI is missing or contains a control byte")              \
  X(bad_sip_version, "the SIP-Version is not SIP/<digits>.<digits>")                       \
  X(bad_status_code, "the Status-Code is not three digits")                                \
  X(bad_header_line, "a header line has no name (it starts with ':' or continues nothing)") \
  X(bare_cr, "a CR is not followed by LF")                                                 \
  X(header_name_too_long, "a header name is longer than 65535 bytes")                      \
  X(too_many_headers, "more header fields than the header table holds")                    \
  X(too_many_deviations, "more deviations than the deviation table holds")                 \
  X(content_length_invalid, "Content-Length is not 1*DIGIT")                               \
  X(content_length_overflow, "Content-Length is larger than 4294967295")                   \
  X(content_length_conflict, "Content-Length appears twice with different values")         \
  X(deviation_rejected, "a deviation that the parse options do not allow")                 \
  /* typed values (parse_xxx) */                                                           \
  X(empty_value, "the value is empty")                                                     \
  X(bad_uri, "the URI does not match its scheme's grammar")                                \
  X(bad_escape, "a '%' is not followed by two hex digits")                                 \
  X(bad_host, "the host is not a hostname, IPv4 address or IPv6 reference")                \
  X(bad_port, "the port is not a number from 0 to 65535")                                  \
  X(bad_parameter, "a parameter is not token [= value]")                                   \
  X(bad_via, "the value does not match via-parm")                                          \
  X(bad_name_addr, "the value is neither a name-addr nor an addr-spec")                    \
  X(bad_display_name, "the display name is neither tokens nor a quoted-string")            \
  X(bad_quoted_string, "a quoted-string is not closed or has a bad escape")                \
  X(bad_cseq, "the value does not match CSeq = 1*DIGIT LWS Method")                        \
  X(bad_call_id, "the value does not match callid = word [\"@\" word]")                    \
  X(bad_number, "the value is not a decimal number")                                       \
  X(number_overflow, "the number is larger than its field allows")                         \
  X(bad_token, "a token was expected")                                                     \
  X(bad_token_list, "the value is not a comma-separated list of tokens")                   \
  X(bad_media_type, "the value does not match media-type = type \"/\" subtype *(; param)") \
  X(bad_rack, "the value does not match RAck = response-num LWS CSeq-num LWS Method")      \
  X(bad_retry_after, "the value does not match Retry-After")                               \
  X(bad_timestamp, "the value does not match Timestamp")                                   \
  X(bad_date, "the value is not an RFC 1123 date in GMT")                                  \
  X(bad_warning, "the value does not match warning-value")                                 \
  X(bad_event, "the value does not match Event = event-type *(; event-param)")             \
  X(bad_credentials, "the value does not match credentials / challenge")                   \
  X(number_underflow, "the number is smaller than its field allows")                       \
  X(missing_header, "a header field the operation needs is absent")                        \
  X(buffer_too_small, "the caller's buffer is too small for the result")                  \
  X(sdp_missing_version, "the session description does not start with v=")                 \
  X(sdp_missing_origin, "o= does not follow v=")                                           \
  X(sdp_missing_session_name, "s= does not follow o=")                                     \
  X(sdp_missing_timing, "no t= line before k=, a=, m= or the end of the session part")     \
  X(sdp_missing_connection, "a media section has no c= and the session has none either")   \
  X(sdp_line_order, "an SDP line is out of the RFC 8866 §9 order or repeats too often")    \
  X(sdp_unknown_type, "an SDP line has a type letter RFC 8866 does not define")            \
  X(sdp_bad_line, "an SDP line is not <type letter>=<value>")                              \
  X(sdp_empty_value, "an SDP line has nothing after \"=\"")                                \
  X(sdp_nul_byte, "a NUL byte inside an SDP line")                                         \
  X(sdp_bad_version, "v= is not 1*DIGIT")                                                  \
  X(too_many_media, "more media sections than the media table holds")                      \
  X(sdp_bad_origin, "o= does not match username sess-id sess-version nettype addrtype addr")\
  X(sdp_bad_connection, "c= does not match nettype addrtype connection-address")           \
  X(sdp_bad_bandwidth, "b= does not match bwtype \":\" bandwidth")                         \
  X(sdp_bad_time, "t= does not match start-time SP stop-time")                             \
  X(sdp_bad_repeat, "r= does not match repeat-interval SP typed-time 1*(SP typed-time)")   \
  X(sdp_bad_zone, "z= does not match time SP [\"-\"] typed-time pairs")                    \
  X(sdp_bad_media, "m= does not match media SP port [\"/\" integer] SP proto 1*(SP fmt)")  \
  X(sdp_bad_rtpmap, "rtpmap does not match payload-type SP encoding/clock-rate[/params]")  \
  X(sdp_bad_fmtp, "fmtp does not match fmt SP format-specific-params")                     \
  X(sdp_bad_ptime, "ptime / maxptime is not a non-zero integer or real")                   \
  X(sdp_bad_direction, "not sendrecv, sendonly, recvonly or inactive")                     \
  X(sdp_bad_rtcp, "rtcp does not match port [nettype SP addrtype SP connection-address]")  \
  X(sdp_bad_mid, "mid is not an identification-tag (token)")                               \
  X(sdp_bad_group, "group does not match semantics *(SP identification-tag)")              \
  X(sdp_bad_ssrc, "ssrc does not match ssrc-id SP attribute")                              \
  X(sdp_bad_candidate, "candidate does not match the RFC 8839 candidate-attribute")        \
  X(sdp_bad_ice_credential, "ice-ufrag / ice-pwd is not 4 (22) to 256 ice-chars")          \
  X(sdp_bad_fingerprint, "fingerprint does not match hash-func SP 2UHEX *(\":\" 2UHEX)")   \
  X(sdp_bad_setup, "setup is not active, passive, actpass or holdconn")                    \
  X(sdp_bad_crypto, "crypto does not match tag crypto-suite key-params [session-params]")  \
  X(sdp_bad_extmap, "extmap does not match id[/direction] SP URI [SP attributes]")         \
  X(body_truncated, "fewer body bytes than Content-Length announces")                      \
  X(content_length_missing, "a message on a stream has no Content-Length")                 \
  X(content_length_signed, "Content-Length has a sign; it must be 1*DIGIT")                \
  X(content_length_duplicate, "Content-Length appears twice with the same value")          \
  X(headers_too_large, "the header section is longer than the framer's limit")             \
  X(body_too_large, "Content-Length is larger than the framer's body limit")               \
  X(stream_junk, "bytes between messages that are neither a keepalive nor a start line")   \
  X(stream_truncated, "the stream ends inside a message")                                  \
  X(too_many_messages, "more messages in one datagram than the table holds")               \
  X(not_multipart, "the Content-Type is not multipart/*")                                  \
  X(multipart_missing_boundary, "the multipart Content-Type has no boundary parameter")    \
  X(multipart_boundary_too_long, "the boundary is longer than 70 characters")              \
  X(multipart_bad_boundary, "the boundary is empty, ends in a space or has a non-bchar")   \
  X(multipart_no_delimiter, "the body has no dash-boundary line")                          \
  X(multipart_bad_delimiter, "bytes other than transport padding after a boundary")        \
  X(multipart_missing_close, "the body ends before the close-delimiter")                   \
  X(multipart_empty_part, "a body part has no bytes between two delimiter lines")          \
  X(multipart_adjacent_boundaries, "a delimiter line directly follows another one")        \
  X(multipart_bad_part_header, "a part's header field is not field-name \":\" value CRLF") \
  X(multipart_too_deep, "nested multiparts deeper than the depth limit")                   \
  X(too_many_parts, "more body parts than the part table holds")                           \
  X(trailing_garbage, "unexpected bytes after a complete value")                          \
  X(bad_product, "the value is not products and comments (server-val *(LWS server-val))")

enum class error_code : std::uint8_t {
#define SIPSPAN_X(e, m) e,
  SIPSPAN_ERROR_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

inline constexpr unsigned error_code_count = 0
#define SIPSPAN_X(e, m) +1
    SIPSPAN_ERROR_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    ;

SIPSPAN_API std::string_view error_name(error_code) noexcept;
SIPSPAN_API std::string_view error_message(error_code) noexcept;

// X(enum, abnf_legal, message)
#define SIPSPAN_DEVIATION_LIST(X)                                                                \
  X(leading_crlf, true, "empty lines before the start line (RFC 3261 §7.5 says to ignore them)") \
  X(start_line_whitespace, false, "start-line elements are not separated by exactly one SP")   \
  X(bare_lf, false, "a line ends in LF without CR")                                             \
  X(line_folding, true, "a header value continues on a line starting with whitespace")         \
  X(header_name_whitespace, false, "whitespace inside a header name")                           \
  X(whitespace_before_colon, true, "whitespace between the header name and the colon")         \
  X(header_name_control, false, "a control byte in a header name")                              \
  X(header_name_invalid, false, "a byte that is not a token character in a header name")        \
  X(missing_colon, false, "a header line without a colon (the line is skipped)")                \
  X(control_byte_in_value, false, "a control byte in a header value or reason phrase")          \
  X(comma_in_singleton, false, "a comma outside quotes and <> in a single-valued header")       \
  X(empty_list_element, false, "an empty element in a comma-separated header list")             \
  X(unbalanced_quote, false, "a quoted-string is not closed before the end of the value")       \
  X(unbalanced_angle, false, "'<' and '>' do not pair up in the value")                         \
  X(repeated_singleton, false, "a single-valued header appears more than once")                 \
  X(compact_long_mix, false, "a single-valued header appears in both compact and long form")    \
  X(bytes_after_body, true, "bytes follow the body that Content-Length announces (RFC 3261 §18.3: discarded)")             \
  X(body_shorter_than_content_length, false, "fewer body bytes than Content-Length announces")   \
  /* SDP bodies (RFC 8866 §5, §9): the scan of parse_sdp, then the typed values */              \
  X(sdp_line_end, false, "an SDP line ends in a bare LF, or the last line has no line end")      \
  X(sdp_control_byte, true, "a control byte (which byte-string permits) inside an SDP value")    \
  X(sdp_zone_without_repeat, false, "z= follows no r= (the RFC 4566 form RFC 8866 §9 dropped)")  \
  X(sdp_empty_value, false, "an SDP line has nothing after \"=\"")                              \
  X(sdp_line_order, false, "an SDP line out of the RFC 8866 §9 order, or repeated too often")    \
  X(sdp_missing_line, false, "a line RFC 8866 requires (o=, s=, t=) is missing")                 \
  X(sdp_unknown_type, false, "an SDP line whose type letter RFC 8866 does not define (skipped)") \
  X(sdp_bad_line, false, "an SDP line that is not <letter>=<value> (skipped)")                   \
  X(sdp_forbidden_byte, false, "a NUL, or a CR not before LF, inside an SDP value")              \
  X(sdp_trailing_whitespace, false, "an SDP value ends in whitespace its grammar does not allow") \
  X(sdp_rtpmap_without_clock_rate, false, "a=rtpmap without \"/\" clock-rate")                   \
  X(sdp_address_brackets, false, "an IPv6 address inside [ ] in o=, c= or a=rtcp")               \
  /* multipart bodies (RFC 2046 §5.1) */                                                         \
  X(multipart_bare_lf, false, "a body part's header line ends in LF without CR")                 \
  X(multipart_missing_close, false, "the body ends without the close delimiter (the last part runs to the end)")

enum class deviation_kind : std::uint8_t {
#define SIPSPAN_X(e, legal, m) e,
  SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

inline constexpr unsigned deviation_kind_count = 0
#define SIPSPAN_X(e, legal, m) +1
    SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    ;

SIPSPAN_API std::string_view deviation_name(deviation_kind) noexcept;
SIPSPAN_API std::string_view deviation_message(deviation_kind) noexcept;
// True when RFC 3261 permits what was seen: its grammar (folding, whitespace
// before the colon), §7.5 (CRLF before the start line) or §18.3 (octets after
// the body of a datagram, which the receiver discards).
SIPSPAN_API bool deviation_abnf_legal(deviation_kind) noexcept;
// Look a kind up by its stable name; false when there is none.
SIPSPAN_API bool deviation_from_name(std::string_view, deviation_kind&) noexcept;

// Named leniency flags, one per deviation kind (the same model for SIP
// messages, SDP and multipart bodies): a deviation whose flag is not set in
// an options' `allow` stops the parse with error_code::deviation_rejected.
using leniency = std::uint64_t;
static_assert(deviation_kind_count <= 64, "one leniency bit per deviation kind");
constexpr leniency lenient(deviation_kind k) noexcept { return leniency{1} << static_cast<unsigned>(k); }

// The deviations the RFCs' own grammars permit (deviation_abnf_legal).
inline constexpr leniency rfc_permitted = 0
#define SIPSPAN_X(e, legal, m) | (legal ? lenient(deviation_kind::e) : leniency{0})
    SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    ;

inline constexpr std::uint16_t no_header = 0xFFFF;

// One deviation: what was read outside the grammar, where, and in which header
// field (no_header for the start line, bodies and the message as a whole).
struct deviation {
  std::uint32_t offset;        // first byte concerned
  std::uint32_t length;        // bytes concerned (at least 1 where there is a byte)
  std::uint16_t header_index;  // the header field it belongs to, or no_header
  deviation_kind kind;
};

// The outcome of a parse: a code and the byte offset where it happened.
// For error_code::deviation_rejected, `deviation` says which kind.
struct result {
  error_code code = error_code::success;
  std::uint32_t offset = 0;
  deviation_kind deviation = deviation_kind::leading_crlf;

  constexpr explicit operator bool() const noexcept { return code == error_code::success; }
  constexpr bool ok() const noexcept { return code == error_code::success; }
  std::string_view name() const noexcept { return error_name(code); }
  std::string_view message() const noexcept { return error_message(code); }
};

}  // namespace sipspan
