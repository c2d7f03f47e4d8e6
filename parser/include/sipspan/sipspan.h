/* sipspan.h — the C API of sipspan (C11).
 *
 *   _Alignas(SIPSPAN_MESSAGE_ALIGN) unsigned char storage[SIPSPAN_MESSAGE_SIZE];
 *   sipspan_message* msg = sipspan_message_init(storage, sizeof storage);
 *   sipspan_result r = sipspan_parse(msg, data, len, 0);
 *   if (r.code != SIPSPAN_ERR_SUCCESS)
 *     printf("%s at byte %u\n", sipspan_error_message(r.code), (unsigned)r.offset);
 *
 * The same parser as the C++ API (sipspan/sipspan.hpp), behind extern "C":
 * nothing here allocates, nothing throws, every function is safe to call from C.
 *
 * Storage: a message (and an SDP description) lives in storage the caller
 * provides, of at least SIPSPAN_MESSAGE_SIZE bytes aligned to
 * SIPSPAN_MESSAGE_ALIGN (SIPSPAN_SDP_SIZE / SIPSPAN_SDP_ALIGN). It needs no
 * clean-up: drop the storage when done.
 *
 * Lifetime: every sipspan_str a function gives points into the buffer the
 * caller parsed (or into the string given to a sipspan_parse_xxx call); it is
 * valid as long as that buffer is, and is never NUL-terminated.
 *
 * Results: a sipspan_result carries a sipspan_error_code and a byte offset.
 * Functions that take a sipspan_message report offsets in the message;
 * functions that take a sipspan_str report offsets in that string (add
 * sipspan_offset_of() to move them into the message). On an error the output
 * structure's contents are unspecified.
 *
 * Pointer arguments must not be NULL unless a function says otherwise.
 *
 * The validator: sipspan_lint() checks a message against the rule catalogue
 * (sipspan/lint.hpp, docs/rules.md) into caller storage; sipspan_rule_get()
 * and sipspan_rule_find() read the catalogue.
 *
 * The anomaly scorer (sipspan_profile_load, sipspan_score) lives in the
 * sipspan_score library: link with it (pkg-config sipspan_score) to use it.
 */
#ifndef SIPSPAN_H
#define SIPSPAN_H

#include <stddef.h>
#include <stdint.h>

#include "sipspan/export.h"  /* SIPSPAN_API */

#ifdef __cplusplus
extern "C" {
#define SIPSPAN_NOEXCEPT noexcept
#else
#define SIPSPAN_NOEXCEPT
#endif

/* ------------------------------------------------------------- constants -- */

/* Storage for one message: at least this many bytes, aligned to this. */
#define SIPSPAN_MESSAGE_SIZE 2512
#define SIPSPAN_MESSAGE_ALIGN 8
/* Storage for one SDP description (32 media sections). */
#define SIPSPAN_SDP_SIZE 1864
#define SIPSPAN_SDP_ALIGN 8
/* sipspan_deviation.header_index when a deviation belongs to no header field. */
#define SIPSPAN_NO_HEADER 0xFFFF

/* Error codes, deviation kinds and header ids: generated from the C++ lists. */
#include <sipspan/sipspan_enums.h>

/* ----------------------------------------------------------------- types -- */

/* A span of bytes: never NUL-terminated; {NULL, 0} or {p, 0} when empty or absent. */
typedef struct sipspan_str {
  const char* ptr;
  size_t len;
} sipspan_str;

/* The outcome of a call: code (sipspan_error_code), the byte offset where it
 * happened, and for SIPSPAN_ERR_DEVIATION_REJECTED the sipspan_deviation_kind. */
typedef struct sipspan_result {
  int code;
  uint32_t offset;
  int deviation;
} sipspan_result;

/* A parsed message, placed in caller storage by sipspan_message_init. Opaque. */
typedef struct sipspan_message sipspan_message;
/* A parsed SDP body, placed in caller storage by sipspan_sdp_init. Opaque. */
typedef struct sipspan_sdp sipspan_sdp;

/* A place where the message strays from RFC 3261's canonical syntax. */
typedef struct sipspan_deviation {
  int kind;               /* sipspan_deviation_kind */
  uint32_t offset;        /* first byte concerned, in the message */
  uint32_t length;        /* bytes concerned */
  uint16_t header_index;  /* the header field it belongs to, or SIPSPAN_NO_HEADER */
} sipspan_deviation;

/* One header field. */
typedef struct sipspan_header {
  int id;            /* sipspan_header_id; SIPSPAN_HDR_OTHER for unknown names */
  uint16_t index;    /* position in the message's header table */
  sipspan_str name;  /* as written (compact or long, any case) */
  sipspan_str value; /* raw value, leading and trailing whitespace trimmed; folds stay inside */
} sipspan_header;

/* Iterator over the comma-separated elements of every row of one header id.
 * Set up by sipspan_values_begin; the fields other than `row` are private. */
typedef struct sipspan_values_iter {
  const sipspan_message* msg;
  int id;
  uint16_t row;  /* header table index of the row of the element last returned */
  sipspan_str rest;
  int state;
} sipspan_values_iter;

/* The top Via's typed fields (RFC 3261 §20.42, RFC 3581). */
typedef struct sipspan_via {
  sipspan_str transport;  /* "UDP", as written */
  sipspan_str host;       /* sent-by host; an IPv6 reference keeps its brackets */
  uint16_t port;          /* 0 when the sent-by has no port */
  int has_port;
  sipspan_str branch;     /* empty when absent */
  sipspan_str received;   /* empty when absent */
  int has_rport;          /* an rport parameter, with or without a value */
  uint16_t rport;         /* its value; 0 when absent or valueless */
} sipspan_via;

/* A name-addr or addr-spec with its header parameters: From, To, Contact, Route. */
typedef struct sipspan_name_addr {
  sipspan_str display_name; /* tokens as written, or the inside of the quotes */
  sipspan_str uri;          /* without < > */
  sipspan_str tag;          /* the tag parameter; empty when absent */
  sipspan_str params;       /* every header parameter, ";"-separated, as written */
  int is_star;              /* Contact: * */
  int has_expires;          /* Contact: an expires parameter */
  uint32_t expires;         /* its value in seconds */
  sipspan_str q;            /* Contact: the q parameter; empty when absent */
} sipspan_name_addr;
typedef sipspan_name_addr sipspan_contact;

/* CSeq = number method. */
typedef struct sipspan_cseq {
  uint32_t number;
  sipspan_str method;
} sipspan_cseq;

/* Content-Type = type "/" subtype *(; param). */
typedef struct sipspan_media_type {
  sipspan_str type;
  sipspan_str subtype;
  sipspan_str params;    /* ";"-separated, as written */
  sipspan_str boundary;  /* without quotes; empty when absent */
} sipspan_media_type;

/* URI schemes: sipspan_uri_scheme (SIPSPAN_URI_SIP, _SIPS, _TEL, _OTHER; sipspan_enums.h). */

/* A URI (RFC 3261 §19.1, RFC 3966, absoluteURI). */
typedef struct sipspan_uri {
  int scheme;              /* SIPSPAN_URI_* */
  sipspan_str scheme_text; /* as written, without ':' */
  sipspan_str user;        /* sip/sips: user part; empty when absent */
  sipspan_str host;        /* sip/sips: host; an IPv6 reference keeps its brackets */
  uint16_t port;           /* 0 when absent */
  int has_port;
  sipspan_str transport;   /* the transport parameter; empty when absent */
  int lr;                  /* the lr parameter is present */
  sipspan_str params;      /* uri-parameters after the first ';', as written */
  sipspan_str number;      /* tel: the number */
} sipspan_uri;

/* Dialog roles for sipspan_dialog_id (RFC 3261 §12): sipspan_dialog_role
 * (SIPSPAN_ROLE_UAC, SIPSPAN_ROLE_UAS; sipspan_enums.h). */

/* A dialog id: Call-ID, local tag, remote tag. */
typedef struct sipspan_dialog {
  sipspan_str call_id;
  sipspan_str local_tag;
  sipspan_str remote_tag;
} sipspan_dialog;

/* One SDP media section (m= and the connection that applies to it). */
typedef struct sipspan_sdp_media {
  sipspan_str media;       /* audio, video, ... */
  uint16_t port;
  uint32_t port_count;     /* 1 when m= has no "/count" */
  sipspan_str proto;       /* RTP/AVP, ... */
  sipspan_str formats;     /* the fmt list, space-separated, as written */
  sipspan_str connection;  /* the c= address of the section, else of the session; empty when neither */
} sipspan_sdp_media;

/* --------------------------------------------------------------- storage -- */

/* Place an empty message in `storage` (`size` bytes). Returns the message, or
 * NULL when storage is NULL, smaller than SIPSPAN_MESSAGE_SIZE or not aligned to
 * SIPSPAN_MESSAGE_ALIGN. The message lives as long as the storage; no clean-up. */
SIPSPAN_API sipspan_message* sipspan_message_init(void* storage, size_t size) SIPSPAN_NOEXCEPT;

/* --------------------------------------------------------------- parsing -- */

/* Parse one complete message (a datagram or a file) of `len` bytes at `data`
 * into `msg`. strict != 0 rejects every deviation RFC 3261 does not permit
 * (SIPSPAN_ERR_DEVIATION_REJECTED, with the kind in result.deviation).
 * Errors: the framing codes (SIPSPAN_ERR_EMPTY_INPUT, ..._BAD_START_LINE,
 * ..._TOO_MANY_HEADERS, ...) at their byte. `data` must outlive every span
 * taken from `msg`; parsing again reuses `msg`. data may be NULL when len is 0. */
SIPSPAN_API sipspan_result sipspan_parse(sipspan_message* msg, const char* data, size_t len, int strict) SIPSPAN_NOEXCEPT;

/* Stable snake_case name of an error code ("bad_sip_version"); "unknown_error"
 * for a code out of range. A static NUL-terminated string. */
SIPSPAN_API const char* sipspan_error_name(int code) SIPSPAN_NOEXCEPT;
/* One-line English message of an error code; "unknown error" out of range.
 * A static NUL-terminated string. */
SIPSPAN_API const char* sipspan_error_message(int code) SIPSPAN_NOEXCEPT;

/* Byte offset of `s` in the parsed message, for spans that point into it
 * (0 for spans that do not). Adds to the offsets of sipspan_parse_xxx results. */
SIPSPAN_API uint32_t sipspan_offset_of(const sipspan_message* msg, sipspan_str s) SIPSPAN_NOEXCEPT;

/* The parsed bytes from the first one to the end of the body (bytes after the
 * body that Content-Length announces are left out). Empty before a parse. */
SIPSPAN_API sipspan_str sipspan_raw(const sipspan_message* msg) SIPSPAN_NOEXCEPT;

/* ------------------------------------------------------------ deviations -- */

/* Number of deviations the parse recorded (0 after a strict parse succeeds
 * unless RFC 3261 permits them, e.g. line folding). */
SIPSPAN_API size_t sipspan_deviation_count(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* Copy deviation `i` (input order) to `out`. Returns 1, or 0 when i is out of range. */
SIPSPAN_API int sipspan_deviation_get(const sipspan_message* msg, size_t i, sipspan_deviation* out) SIPSPAN_NOEXCEPT;
/* Stable name of a deviation kind ("header_name_whitespace"); "unknown_deviation"
 * out of range. A static NUL-terminated string. */
SIPSPAN_API const char* sipspan_deviation_name(int kind) SIPSPAN_NOEXCEPT;
/* One-line message of a deviation kind; static, NUL-terminated. */
SIPSPAN_API const char* sipspan_deviation_message(int kind) SIPSPAN_NOEXCEPT;

/* ------------------------------------------------------------ start line -- */

/* 1 for a request, 0 for a response (or a message that did not parse). */
SIPSPAN_API int sipspan_is_request(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* The request's method as written; empty for a response. */
SIPSPAN_API sipspan_str sipspan_method(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* The Request-URI as written; empty for a response (sipspan_parse_uri reads it). */
SIPSPAN_API sipspan_str sipspan_request_uri(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* The SIP-Version ("SIP/2.0") of either kind of start line. */
SIPSPAN_API sipspan_str sipspan_version(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* The response's Status-Code (100..699); 0 for a request. */
SIPSPAN_API int sipspan_status_code(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* The response's Reason-Phrase (may be empty); empty for a request. */
SIPSPAN_API sipspan_str sipspan_reason(const sipspan_message* msg) SIPSPAN_NOEXCEPT;

/* --------------------------------------------------------------- headers -- */

/* Number of header fields (rows), in message order. */
SIPSPAN_API size_t sipspan_header_count(const sipspan_message* msg) SIPSPAN_NOEXCEPT;
/* Copy header field `i` to `out`. Returns 1, or 0 when i is out of range. */
SIPSPAN_API int sipspan_header_get(const sipspan_message* msg, size_t i, sipspan_header* out) SIPSPAN_NOEXCEPT;
/* The first header field with this id (any form, compact or long). Returns 1,
 * or 0 when absent (SIPSPAN_HDR_OTHER is never found this way). */
SIPSPAN_API int sipspan_header_find(const sipspan_message* msg, int id, sipspan_header* out) SIPSPAN_NOEXCEPT;
/* The first header field whose name equals `name` (`len` bytes) ignoring ASCII
 * case; a known name matches every form of its id ("i" finds "Call-ID").
 * Returns 1, or 0 when absent. */
SIPSPAN_API int sipspan_header_find_name(const sipspan_message* msg, const char* name, size_t len,
                                         sipspan_header* out) SIPSPAN_NOEXCEPT;
/* Canonical name of a header id ("Call-ID"); "" for SIPSPAN_HDR_OTHER or out of
 * range. A static NUL-terminated string. */
SIPSPAN_API const char* sipspan_header_id_name(int id) SIPSPAN_NOEXCEPT;
/* Classify a header name (long or compact, any case): its id, or SIPSPAN_HDR_OTHER. */
SIPSPAN_API int sipspan_header_id_from_name(const char* name, size_t len) SIPSPAN_NOEXCEPT;

/* Start iterating the comma-separated elements of every row of header `id`
 * (RFC 3261 §7.3.1: commas inside quotes and <> do not split; elements are
 * trimmed; empty elements are skipped). `it` is caller storage; `msg` must
 * stay unchanged while iterating. */
SIPSPAN_API void sipspan_values_begin(const sipspan_message* msg, int id, sipspan_values_iter* it) SIPSPAN_NOEXCEPT;
/* The next element in `out` (it->row says which row it comes from). Returns 1,
 * or 0 when there are no more. */
SIPSPAN_API int sipspan_values_next(sipspan_values_iter* it, sipspan_str* out) SIPSPAN_NOEXCEPT;

/* --------------------------------------------------------- typed fields -- */
/* Each reads the first occurrence of its header field. Errors:
 * SIPSPAN_ERR_MISSING_HEADER when the field is absent (offset: where the
 * message's start line begins, 0 unless CRLFs precede it), or the typed parser's error at its byte in the message. */

/* The top Via (the first element of the first Via row): transport, sent-by,
 * branch, received, rport. Errors: missing_header, bad_via, bad_host, bad_port,
 * bad_parameter, ... */
SIPSPAN_API sipspan_result sipspan_via_top(const sipspan_message* msg, sipspan_via* out) SIPSPAN_NOEXCEPT;
/* From: display name, URI, tag. Errors: missing_header, bad_name_addr, bad_uri, ... */
SIPSPAN_API sipspan_result sipspan_from(const sipspan_message* msg, sipspan_name_addr* out) SIPSPAN_NOEXCEPT;
/* To: display name, URI, tag. Errors as sipspan_from. */
SIPSPAN_API sipspan_result sipspan_to(const sipspan_message* msg, sipspan_name_addr* out) SIPSPAN_NOEXCEPT;
/* Call-ID, the whole value. Errors: missing_header, bad_call_id. */
SIPSPAN_API sipspan_result sipspan_call_id(const sipspan_message* msg, sipspan_str* out) SIPSPAN_NOEXCEPT;
/* CSeq number (< 2^31) and method. Errors: missing_header, bad_cseq, bad_method, number_overflow. */
SIPSPAN_API sipspan_result sipspan_cseq_get(const sipspan_message* msg, sipspan_cseq* out) SIPSPAN_NOEXCEPT;
/* Max-Forwards, 0..255. Errors: missing_header, empty_value, bad_number, number_overflow. */
SIPSPAN_API sipspan_result sipspan_max_forwards(const sipspan_message* msg, uint32_t* out) SIPSPAN_NOEXCEPT;
/* Content-Length as written. Errors: missing_header, empty_value, bad_number, number_overflow. */
SIPSPAN_API sipspan_result sipspan_content_length(const sipspan_message* msg, uint32_t* out) SIPSPAN_NOEXCEPT;
/* Content-Type: type, subtype, parameters, boundary. Errors: missing_header,
 * bad_media_type, bad_parameter, bad_quoted_string, trailing_garbage. */
SIPSPAN_API sipspan_result sipspan_content_type(const sipspan_message* msg, sipspan_media_type* out) SIPSPAN_NOEXCEPT;
/* Expires (delta-seconds). Errors: missing_header, empty_value, bad_number, number_overflow. */
SIPSPAN_API sipspan_result sipspan_expires(const sipspan_message* msg, uint32_t* out) SIPSPAN_NOEXCEPT;
/* The body: Content-Length bytes after the empty line, or the rest of the input
 * when there is no Content-Length. Empty when there is none. */
SIPSPAN_API sipspan_str sipspan_body(const sipspan_message* msg) SIPSPAN_NOEXCEPT;

/* --------------------------------------------------- values and URIs ----- */
/* These take one value or list element (from sipspan_values_next, a header's
 * value, or any string) and report offsets within it. */

/* One Contact element: name-addr / addr-spec or "*", with q (a qvalue) and
 * expires (delta-seconds) checked. Errors: bad_name_addr, bad_display_name,
 * bad_quoted_string, bad_uri, bad_escape, bad_parameter, trailing_garbage. */
SIPSPAN_API sipspan_result sipspan_parse_contact(sipspan_str value, sipspan_contact* out) SIPSPAN_NOEXCEPT;
/* One Route / Record-Route / Path element: name-addr only (a bare addr-spec is
 * bad_name_addr at its first byte). Errors as sipspan_parse_contact. */
SIPSPAN_API sipspan_result sipspan_parse_route(sipspan_str value, sipspan_name_addr* out) SIPSPAN_NOEXCEPT;
/* A From / To / Refer-To style value. Errors as sipspan_parse_contact. */
SIPSPAN_API sipspan_result sipspan_parse_name_addr(sipspan_str value, sipspan_name_addr* out) SIPSPAN_NOEXCEPT;
/* A URI, the whole string (no brackets or whitespace): scheme, user, host,
 * port, transport, lr. Errors: empty_value, bad_uri, bad_escape, bad_host,
 * bad_port, bad_parameter. */
SIPSPAN_API sipspan_result sipspan_parse_uri(sipspan_str text, sipspan_uri* out) SIPSPAN_NOEXCEPT;

/* ------------------------------------------------ transactions, dialogs -- */

/* The RFC 3261 §17.2.3 server transaction key of the message, hashed (ACK hashes
 * like INVITE; RFC 2543 fallback without the magic cookie). Errors:
 * missing_header, or a typed parser's error in the message. */
SIPSPAN_API sipspan_result sipspan_transaction_hash(const sipspan_message* msg, uint64_t* out) SIPSPAN_NOEXCEPT;
/* The §12 dialog id for `role` (SIPSPAN_ROLE_UAC: local tag = From tag;
 * SIPSPAN_ROLE_UAS: local tag = To tag). Errors: missing_header, or a typed
 * parser's error in the message. */
SIPSPAN_API sipspan_result sipspan_dialog_id(const sipspan_message* msg, int role, sipspan_dialog* out) SIPSPAN_NOEXCEPT;

/* ------------------------------------------------------------------- SDP -- */

/* Place an empty SDP description in `storage` (`size` bytes); NULL when storage
 * is NULL, smaller than SIPSPAN_SDP_SIZE or not aligned to SIPSPAN_SDP_ALIGN. */
SIPSPAN_API sipspan_sdp* sipspan_sdp_init(void* storage, size_t size) SIPSPAN_NOEXCEPT;
/* Parse an SDP body (RFC 8866; e.g. sipspan_body()) into `sdp`. Tolerant
 * when strict == 0: departures from the grammar that leave a description to
 * read (a missing s=, lines out of order, bare LF, ...) are deviations
 * (sipspan_sdp_deviation_get); strict != 0 rejects them with
 * SIPSPAN_ERR_DEVIATION_REJECTED and the kind in result.deviation. Errors:
 * empty_input, sdp_missing_version (no "v=" at the start), too_many_media,
 * too_many_deviations, deviation_rejected. `body` must outlive `sdp`'s spans. */
SIPSPAN_API sipspan_result sipspan_parse_sdp(sipspan_sdp* sdp, sipspan_str body, int strict) SIPSPAN_NOEXCEPT;
/* Deviations of the last SDP parse, in body order (kinds SIPSPAN_DEV_SDP_*,
 * offsets in the body, header_index SIPSPAN_NO_HEADER). */
SIPSPAN_API size_t sipspan_sdp_deviation_count(const sipspan_sdp* sdp) SIPSPAN_NOEXCEPT;
SIPSPAN_API int sipspan_sdp_deviation_get(const sipspan_sdp* sdp, size_t i, sipspan_deviation* out) SIPSPAN_NOEXCEPT;
/* Number of media sections (m= lines). */
SIPSPAN_API size_t sipspan_sdp_media_count(const sipspan_sdp* sdp) SIPSPAN_NOEXCEPT;
/* Media section `i`: m= (media, port, proto, formats) and its connection address.
 * Errors (offsets in the body): missing_header when i is out of range (offset 0),
 * sdp_bad_media, bad_port, number_overflow, sdp_bad_connection, bad_host. */
SIPSPAN_API sipspan_result sipspan_sdp_media_get(const sipspan_sdp* sdp, size_t i, sipspan_sdp_media* out) SIPSPAN_NOEXCEPT;

/* ------------------------------------------------------------- validator -- */

/* Severities (sipspan_severity: SIPSPAN_SEVERITY_OFF, _INFO, _WARNING, _ERROR) and
 * profiles (sipspan_lint_profile: SIPSPAN_PROFILE_STRICT, the RFC's letter; _INTEROP,
 * tolerated quirks as warnings; _FORENSIC, everything, style notes included) are in
 * sipspan_enums.h, generated from sipspan/lint.hpp; so are the rule numbers
 * (sipspan_rule_id: SIPSPAN_RULE_*) and the scorer's features (sipspan_feature:
 * SIPSPAN_FEATURE_*). */

/* Rules are numbered 0 .. sipspan_rule_count() - 1 (SIPSPAN_RULE_SS014, ...); the
 * numbers are ABI like every generated value (a new rule takes the next one), and
 * the code ("SS014") and the name are stable too. At most 128 rules. */
#define SIPSPAN_RULE_BITS 128
/* sipspan_lint stores at most this many findings per call (all are counted). */
#define SIPSPAN_LINT_MAX_STORED 64

/* One rule of the catalogue. Every string is NUL-terminated and static. */
typedef struct sipspan_rule_info {
  const char* code;         /* "SS014" */
  const char* name;         /* "header-name-whitespace" */
  int severity[3];          /* sipspan_severity by sipspan_lint_profile */
  const char* rfc;          /* "RFC 3261 §7.3.1, §25.1" (UTF-8) */
  const char* summary;      /* one line */
  const char* explanation;  /* a paragraph */
} sipspan_rule_info;

/* One finding: the rule, its severity in the profile used, the parser's error
 * code behind it (SIPSPAN_ERR_SUCCESS when the rule says it all), the header
 * (sipspan_header_id, SIPSPAN_HDR_OTHER for the start line or the body) and
 * its row (SIPSPAN_NO_HEADER when none), and the bytes concerned in the message
 * (length 0 for an absence, at the place it is missed). */
typedef struct sipspan_finding {
  int rule;
  int severity;
  int detail;
  int header;
  uint16_t header_index;
  uint32_t offset;
  uint32_t length;
} sipspan_finding;

/* What to check. Zero-initialised: the strict profile, no override, no limit
 * beyond the caller's array. Bit i of enable / disable (word i / 64, bit i % 64)
 * forces rule i on (at its strict, else forensic, else info severity) or off;
 * disable wins. */
typedef struct sipspan_lint_options {
  int profile;
  uint64_t enable[SIPSPAN_RULE_BITS / 64];
  uint64_t disable[SIPSPAN_RULE_BITS / 64];
  size_t max_findings; /* 0: the array's capacity */
} sipspan_lint_options;

/* The outcome: findings counted (total, by severity) and stored, and the parse. */
typedef struct sipspan_lint_summary {
  size_t total;
  size_t stored;
  size_t errors;
  size_t warnings;
  size_t infos;
  sipspan_result parse;
} sipspan_lint_summary;

/* Number of rules in the catalogue. */
SIPSPAN_API size_t sipspan_rule_count(void) SIPSPAN_NOEXCEPT;
/* Rule `rule` into `out`; 0 when out of range. */
SIPSPAN_API int sipspan_rule_get(int rule, sipspan_rule_info* out) SIPSPAN_NOEXCEPT;
/* The rule with this code (any case) or name; -1 when there is none. */
SIPSPAN_API int sipspan_rule_find(const char* key, size_t len) SIPSPAN_NOEXCEPT;
/* Parse `data` tolerantly into `msg` and check it: every finding, sorted by
 * offset, into `out` (capacity `cap`, at most SIPSPAN_LINT_MAX_STORED; more
 * are counted, not stored; `out` may be NULL to count only). A message
 * that cannot be framed gives one finding, unparseable-message, at the parse
 * error's offset (summary.parse). `options` may be NULL (strict, no override).
 * Allocates nothing. */
SIPSPAN_API sipspan_lint_summary sipspan_lint(sipspan_message* msg, const char* data, size_t len,
                                              const sipspan_lint_options* options, sipspan_finding* out,
                                              size_t cap) SIPSPAN_NOEXCEPT;

/* -------------------------------------------------------- anomaly scorer -- */
/* In the sipspan_score library (pkg-config sipspan_score), which reads profiles
 * with simdjson; the core library does not have these symbols. */

/* A loaded profile (sipspan/score.hpp: learned statistics, weights,
 * calibration), made by sipspan_profile_load. Opaque. */
typedef struct sipspan_profile sipspan_profile;

#define SIPSPAN_MAX_REASONS 8

/* One reason of a score: the feature (sipspan_feature_name), the header it
 * concerns (sipspan_header_id, SIPSPAN_HDR_OTHER for the start line, the body
 * or an unknown name) and its row (SIPSPAN_NO_HEADER when none), the bytes that
 * carry the evidence, what it added to the score, and, when the feature is
 * "rule" (a finding of the validator), the rule (sipspan_rule_get; how often
 * training saw it: sipspan_profile_rule_seen), -1 for any other feature. */
typedef struct sipspan_score_reason {
  int feature;
  int header;
  uint16_t header_index;
  uint32_t offset;
  uint32_t length;
  float contribution;
  int rule;
} sipspan_score_reason;

/* A score and its reasons, largest contribution first. */
typedef struct sipspan_score_result {
  float score;
  size_t reason_count;
  sipspan_score_reason reasons[SIPSPAN_MAX_REASONS];
} sipspan_score_result;

/* Load a profile from its JSON text (what `sipspan train` writes). This
 * allocates: free it with sipspan_profile_free. On an error returns NULL and,
 * when given, writes a NUL-terminated sentence into `message` (capacity
 * `message_cap`) and the byte offset in the JSON into `offset`. */
SIPSPAN_API sipspan_profile* sipspan_profile_load(const char* json, size_t len, char* message, size_t message_cap,
                                                  uint64_t* offset) SIPSPAN_NOEXCEPT;
SIPSPAN_API void sipspan_profile_free(sipspan_profile* profile) SIPSPAN_NOEXCEPT;
/* The alert threshold for a target false-positive rate (from the profile's
 * calibration quantiles). */
SIPSPAN_API float sipspan_profile_threshold(const sipspan_profile* profile, double fpr) SIPSPAN_NOEXCEPT;
/* Score a message parsed by sipspan_parse (successfully). Allocates nothing. */
SIPSPAN_API void sipspan_score(const sipspan_message* msg, const sipspan_profile* profile,
                               sipspan_score_result* out) SIPSPAN_NOEXCEPT;
/* The result for input that did not parse: the maximal score, one reason at
 * the parse error, naming the header on the failing line when there is one. */
SIPSPAN_API void sipspan_score_unparseable(sipspan_result parse_error, const char* data, size_t len,
                                           sipspan_score_result* out) SIPSPAN_NOEXCEPT;
/* How many of the profile's training messages the rule (sipspan_rule_get) fired
 * on, and how many messages it was trained on: a reason's "seen in K of N"; 0
 * for a rule out of range. */
SIPSPAN_API uint32_t sipspan_profile_rule_seen(const sipspan_profile* profile, int rule) SIPSPAN_NOEXCEPT;
SIPSPAN_API uint64_t sipspan_profile_trained_messages(const sipspan_profile* profile) SIPSPAN_NOEXCEPT;
/* Number of features, and each one's stable name ("unseen_ngram"; "" out of range). */
SIPSPAN_API size_t sipspan_feature_count(void) SIPSPAN_NOEXCEPT;
SIPSPAN_API const char* sipspan_feature_name(int feature) SIPSPAN_NOEXCEPT;

#ifdef __cplusplus
}
#endif
#undef SIPSPAN_NOEXCEPT

#endif /* SIPSPAN_H */
