// sipspan — the validator: every RFC violation of a message, with its rule,
// its RFC clause and its byte.
//
//   sipspan::finding out[64];
//   sipspan::lint_summary s = sipspan::lint(bytes, out);            // parse + check
//   for (std::size_t i = 0; i < s.stored; ++i)
//     report(sipspan::rule(out[i].rule).code, out[i].offset, out[i].level);
//
// One pass reports every finding of a message, not only the first: the
// deviations the parse recorded, the grammar of each header value through the
// typed parsers (headers.hpp, uri.hpp, auth.hpp), the semantics of RFC 3261
// (mandatory headers, §20 tables 2 and 3, CSeq, Via, tags, Contact, routes,
// ranges) and the bodies (SDP, multipart). Findings go into caller storage
// (picohttpparser style); more findings than it holds are counted, not stored.
// Nothing here allocates or throws.
//
// The rule catalogue is one table (SIPSPAN_RULE_LIST): a stable code and
// kebab-case name, a severity per profile, the RFC clause, a one-line summary
// and a longer explanation. docs/rules.md is generated from it
// (`sipspan lint --list-rules --format markdown`).
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/message.hpp"

namespace sipspan {

// X(enum): the C API's SIPSPAN_SEVERITY_* are generated from this list (values are ABI: append).
#define SIPSPAN_SEVERITY_LIST(X) X(off) X(info) X(warning) X(error)
enum class severity : std::uint8_t {
#define SIPSPAN_X(e) e,
  SIPSPAN_SEVERITY_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
SIPSPAN_API std::string_view severity_name(severity) noexcept;  // "off", "info", "warning", "error"

// Three profiles (the columns of the catalogue):
//  strict   — the RFC's letter: what the ABNF and the MUSTs forbid is an error;
//             legal-but-unusual forms are info.
//  interop  — what deployed stacks send and accept: each tolerated quirk is a
//             warning whose explanation says the risk; style notes are off.
//  forensic — anything frameable is read and everything is reported, style
//             notes (compact forms, unknown headers) included.
// X(enum): the C API's SIPSPAN_PROFILE_* are generated from this list (values are ABI: append).
#define SIPSPAN_LINT_PROFILE_LIST(X) X(strict) X(interop) X(forensic)
enum class lint_profile : std::uint8_t {
#define SIPSPAN_X(e) e,
  SIPSPAN_LINT_PROFILE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
SIPSPAN_API std::string_view profile_name(lint_profile) noexcept;
SIPSPAN_API bool profile_from_name(std::string_view, lint_profile&) noexcept;

// X(enum, code, name, strict, interop, forensic, rfc, summary, explanation)
// Severities: E error, W warning, I info, O off.
#define SIPSPAN_RULE_LIST(X)                                                                                  \
  /* ---- framing: the message cannot be read at all */                                                     \
  X(unparseable, "SS001", "unparseable-message", E, E, E, "RFC 3261 §7, §25",                                \
    "the message cannot be framed",                                                                          \
    "The bytes do not form a SIP message that can be framed: no start line, a header section that never "  \
    "ends, a Content-Length that is not a number, a bare CR. The detail names the parser's error and the "    \
    "offset where it stopped; nothing after it was checked.")                                                \
  /* ---- the parse's deviations, one rule per kind */                                                      \
  X(leading_crlf, "SS010", "leading-crlf", I, O, I, "RFC 3261 §7.5",                                         \
    "empty lines before the start line",                                                                     \
    "RFC 3261 §7.5 tells implementations to ignore CRLFs before the start line of a message on a stream; "  \
    "they are legal keepalive residue but unusual in a datagram.")                                           \
  X(start_line_whitespace, "SS011", "start-line-whitespace", E, W, E, "RFC 3261 §7.1, §7.2, §25.1",          \
    "start-line elements are not separated by exactly one SP",                                               \
    "Request-Line = Method SP Request-URI SP SIP-Version CRLF: exactly one SP between the elements, no "    \
    "tab, no trailing space. Interop risk: stacks that split on runs of whitespace and stacks that do not "  \
    "read a different Request-URI or version.")                                                             \
  X(bare_lf, "SS012", "bare-lf-line-end", E, W, E, "RFC 3261 §7, §25.1",                                      \
    "a line ends in LF without CR",                                                                          \
    "SIP lines end in CRLF. Many stacks also accept a bare LF (interop), but a stack that does not sees "   \
    "two lines as one, which lets a header hide inside another one's value.")                               \
  X(line_folding, "SS013", "line-folding", I, W, I, "RFC 3261 §7.3.1",                                       \
    "a header value continues on the next line",                                                             \
    "LWS = [*WSP CRLF] 1*WSP: a value may be folded onto lines that start with whitespace. Legal, but "     \
    "stacks that do not unfold read the continuation as a malformed header line (interop risk).")          \
  X(header_name_whitespace, "SS014", "header-name-whitespace", E, E, E, "RFC 3261 §7.3.1, §25.1",            \
    "whitespace inside a header name",                                                                       \
    "field-name = token: a name cannot contain SP or HTAB. A parser that drops the space sees the header "  \
    "(\"Conta ct\" as Contact), one that does not sees an unknown header: a classic mimicry edit.")          \
  X(whitespace_before_colon, "SS015", "whitespace-before-colon", I, W, I, "RFC 3261 §7.3.1, §25.1",          \
    "whitespace between the header name and the colon",                                                     \
    "HCOLON = *(SP / HTAB) \":\" SWS permits it, yet some stacks reject the line or keep the space in the " \
    "name (interop risk).")                                                                                  \
  X(header_name_control, "SS016", "header-name-control-byte", E, E, E, "RFC 3261 §25.1",                     \
    "a control byte in a header name",                                                                       \
    "A control byte (\"To\\x01:\") is not a token character. Parsers that stop at it, skip it or keep it "  \
    "disagree about which header the line is.")                                                             \
  X(header_name_invalid, "SS017", "header-name-invalid-byte", E, E, E, "RFC 3261 §25.1",                     \
    "a byte that is not a token character in a header name",                                                 \
    "field-name = token = 1*(alphanum / \"-\" / \".\" / \"!\" / \"%\" / \"*\" / \"_\" / \"+\" / \"`\" / "   \
    "\"'\" / \"~\"): any other byte makes the name unreadable to a conforming parser.")                     \
  X(missing_colon, "SS018", "header-line-without-colon", E, E, E, "RFC 3261 §7.3.1, §25.1",                  \
    "a header line has no colon",                                                                            \
    "message-header = field-name HCOLON field-value CRLF. A line without a colon is skipped by tolerant "   \
    "parsers and rejected by strict ones.")                                                                 \
  X(control_byte_in_value, "SS019", "control-byte-in-value", E, E, E, "RFC 3261 §25.1",                      \
    "a control byte in a header value or reason phrase",                                                     \
    "Header values are TEXT-UTF8, tokens and quoted strings: none admits a control byte other than HTAB. " \
    "A NUL ends the value early for C-string parsers.")                                                     \
  X(comma_in_singleton, "SS020", "comma-in-single-value-header", E, E, E, "RFC 3261 §7.3.1",                 \
    "a comma outside quotes and <> in a single-valued header",                                               \
    "Only headers whose grammar is a comma-separated list may carry several values. A comma in From, To, " \
    "Call-ID or CSeq splits the value for list-minded parsers and not for others: mimicry.")               \
  X(empty_list_element, "SS021", "empty-list-element", E, W, E, "RFC 3261 §7.3.1",                           \
    "an empty element in a comma-separated header list",                                                     \
    "A list is element *(COMMA element): \"a,,b\" and a trailing comma are outside the grammar. Most stacks " \
    "skip empty elements (interop), some count them.")                                                      \
  X(unbalanced_quote, "SS022", "unbalanced-quote", E, E, E, "RFC 3261 §25.1",                                \
    "a quoted-string is not closed before the end of the value",                                             \
    "quoted-string = SWS DQUOTE *(qdtext / quoted-pair) DQUOTE. An unclosed quote swallows the rest of the " \
    "value in some parsers and ends at the line in others.")                                                \
  X(unbalanced_angle, "SS023", "unbalanced-angle-brackets", E, E, E, "RFC 3261 §20.10, §25.1",               \
    "'<' and '>' do not pair up in the value",                                                               \
    "name-addr = [display-name] LAQUOT addr-spec RAQUOT: each '<' needs its '>'.")                           \
  X(repeated_singleton, "SS024", "repeated-single-value-header", E, E, E, "RFC 3261 §7.3.1, §20",            \
    "a single-valued header appears more than once",                                                         \
    "A header that is not a list may appear once. Elements that keep the first row and elements that keep "  \
    "the last one act on different values: a proxy checks one Call-ID or To, the UA uses the other.")       \
  X(compact_long_mix, "SS025", "compact-and-long-form", E, E, E, "RFC 3261 §7.3.3, §20",                     \
    "a single-valued header appears in both compact and long form",                                          \
    "\"l:\" beside \"Content-Length:\" (or \"i:\" beside \"Call-ID:\") is the same header twice; parsers "  \
    "that index only one form read only one value.")                                                         \
  X(bytes_after_body, "SS026", "bytes-after-body", W, W, W, "RFC 3261 §18.3",                                 \
    "bytes follow the body that Content-Length announces",                                                   \
    "In a datagram the octets after Content-Length bytes of body are discarded (§18.3). They are legal "    \
    "but can carry a second message that another element reads.")                                           \
  X(body_shorter_than_content_length, "SS027", "body-shorter-than-content-length", E, E, E, "RFC 3261 §18.3, §20.14", \
    "fewer body bytes than Content-Length announces",                                                        \
    "A datagram whose body is shorter than Content-Length MUST be discarded (§18.3); on a stream the "      \
    "receiver waits for bytes that never come.")                                                             \
  /* ---- the start line */                                                                                  \
  X(sip_version, "SS101", "sip-version", E, E, E, "RFC 3261 §7.1, §25.1",                                     \
    "the SIP-Version is not SIP/2.0",                                                                         \
    "SIP-Version = \"SIP\" \"/\" 1*DIGIT \".\" 1*DIGIT and this specification is version 2.0; an element "   \
    "answers another version with 505. \"sip/2.0\" is the same version (ABNF strings ignore case); " \
    "sending it is SS108.")        \
  X(sip_version_case, "SS108", "sip-version-case", W, W, W, "RFC 3261 §7.1",                                   \
    "the SIP-Version is not written in upper case",                                                          \
    "\"The SIP-Version string is case-insensitive, but implementations MUST send upper-case\" (§7.1). "      \
    "\"sip/2.0\" names the same version to a reader that folds case and an unknown one to a reader that "     \
    "compares bytes: elements on one path disagree about whether to answer 505. RFC 4475-style torture "  \
    "messages have receivers accept it, hence a warning.")                            \
  X(status_code_range, "SS102", "status-code-range", E, E, E, "RFC 3261 §7.2, §21",                            \
    "the status code is outside 100-699",                                                                    \
    "Status-Code = 3DIGIT with the first digit 1 to 6 (§7.2); 7xx, 8xx, 9xx and 0xx classes do not exist.") \
  X(reason_phrase, "SS103", "reason-phrase", E, W, E, "RFC 3261 §25.1",                                        \
    "the reason phrase has bytes outside its grammar",                                                        \
    "Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB): no "        \
    "'\"', '<', '>', '\\\\', '[', ']', '{', '}', '^', '`', '|', '#', no bare '%', well-formed UTF-8 only.")   \
  X(request_uri_syntax, "SS104", "request-uri-syntax", E, E, E, "RFC 3261 §19.1, §25.1",                     \
    "the Request-URI does not match its scheme's grammar",                                                   \
    "Request-URI = SIP-URI / SIPS-URI / absoluteURI. Angle brackets, spaces, a bad escape or a bad host "    \
    "make it unroutable or routed differently by each element.")                                           \
  X(request_uri_scheme, "SS105", "request-uri-scheme", I, W, I, "RFC 3261 §8.1.1.1, §19.1",                   \
    "the Request-URI scheme is not sip, sips or tel",                                                        \
    "Any absoluteURI is legal, but an element that does not know the scheme answers 416 (interop).")        \
  X(request_uri_component, "SS106", "request-uri-component", E, E, E, "RFC 3261 §19.1.1 (Table 1)",           \
    "the Request-URI has a component it may not carry",                                                      \
    "Table 1 of §19.1.1: a Request-URI carries no headers component (?h=v) and no method parameter; "        \
    "a REGISTER's Request-URI has no userinfo (§10.2).")                                                    \
  X(unknown_method, "SS107", "unknown-method", O, O, I, "RFC 3261 §7.1, §27.4",                              \
    "the method is not one of RFC 3261 or its registered extensions",                                        \
    "Extension methods are legal (answered with 501 by an element that does not know them); a method "     \
    "that differs only in case from a known one is a different method.")                                   \
  /* ---- presence and placement (§8.1.1, §8.2.6, §20 tables 2 and 3) */                                    \
  X(missing_mandatory_header, "SS201", "missing-mandatory-header", E, E, E, "RFC 3261 §8.1.1, §8.2.6, §20",   \
    "a mandatory header is absent",                                                                          \
    "Every request carries To, From, CSeq, Call-ID and Via (§8.1.1); every response To, From, CSeq, "       \
    "Call-ID and Via. Tables 2 and 3 of §20 add Allow in 405, "                                              \
    "WWW-Authenticate in 401, Proxy-Authenticate in 407, Unsupported in 420, Min-Expires in 423; the "       \
    "extensions add Event (RFC 6665), Subscription-State, RAck (RFC 3262) and Refer-To (RFC 3515).")        \
  X(missing_since_rfc3261, "SS204", "missing-header-since-rfc3261", E, W, E,                                  \
    "RFC 3261 §8.1.1.6, §8.1.1.8, §16.6; RFC 4475 §3.4",                                                     \
    "a header RFC 3261 requires and RFC 2543 did not is absent",                                            \
    "Max-Forwards in every request and Contact in an INVITE and its 2xx became mandatory with RFC 3261 "    \
    "(§8.1.1.6, §8.1.1.8); RFC 2543 elements omit them, and RFC 4475 §3.4 asks RFC 3261 elements to accept " \
    "such a request. A proxy repairs the first (§16.6 step 3: \"If the copy does not contain a "           \
    "Max-Forwards header field, the proxy MUST add one\"); without Contact the remote target of the dialog " \
    "is the From URI (interop: old elements, test tools).")                                                 \
  X(header_not_applicable, "SS202", "header-not-applicable", W, O, I, "RFC 3261 §20 (Tables 2 and 3)",        \
    "the header is not applicable to this method or to a request",                                           \
    "Tables 2 and 3 mark with '-' where a header field is not applicable: Contact in BYE or CANCEL, "      \
    "Require in ACK or CANCEL, Server or WWW-Authenticate in a request, Expires in BYE, ...")                \
  X(conflicting_singleton, "SS203", "conflicting-single-value-header", E, E, E, "RFC 3261 §7.3.1",           \
    "a single-valued header repeats with a different value",                                                 \
    "Two rows of a single-valued header with different values: elements that keep the first and elements "  \
    "that keep the last act on different values (Call-ID, To, From, CSeq, Content-Length). The finding "   \
    "points at the second row.")                                                                            \
  /* ---- the grammar of each header value */                                                                \
  X(header_syntax, "SS301", "header-value-syntax", E, E, E, "RFC 3261 §20, §25.1",                            \
    "the header value does not match its grammar",                                                           \
    "Each known header is read by its typed parser (Via, name-addr, CSeq, Call-ID, numbers, media types, "   \
    "token lists, Event, Session-Expires, RAck, Retry-After, Timestamp, Date, Warning, credentials and "    \
    "challenges); the detail names what failed at which byte.")                                              \
  X(uri_syntax, "SS302", "header-uri-syntax", E, E, E, "RFC 3261 §19.1, §25.1",                                 \
    "a URI in a header does not match its scheme's grammar",                                                 \
    "The URI inside From, To, Contact, Route, Record-Route and the other name-addr headers is read with the " \
    "same grammar as a Request-URI.")                                                                        \
  X(non_utf8_text, "SS303", "text-not-utf8", E, W, E, "RFC 3261 §25.1 (TEXT-UTF8)",                          \
    "bytes that are not well-formed UTF-8 in a text value",                                                  \
    "TEXT-UTF8 (Subject, Organization, Server, User-Agent, display names, reason phrases) is UTF-8; other " \
    "bytes render differently in each element and hide look-alike characters.")                            \
  X(addr_spec_with_separators, "SS304", "addr-spec-needs-angle-brackets", E, E, E, "RFC 3261 §20.10",         \
    "an addr-spec with ',', ';' or '?' is not inside < >",                                                   \
    "§20.10: when the URI contains a comma, question mark or semicolon, the name-addr form with < > MUST "  \
    "be used; otherwise its parameters and headers are read as header parameters.")                         \
  X(ipv6_rfc3261_form, "SS306", "ipv6-reference-rfc3261-form", E, W, E, "RFC 5954 §4.1; RFC 5118 §4.10",      \
    "an IPv6 reference that only RFC 3261's original grammar admits",                                         \
    "RFC 3261's IPv6address (hexpart [\":\" IPv4address]) admits \"[2001:db8:::192.0.2.1]\" and groups "   \
    "without bound; RFC 5954 corrected it to RFC 3986's rule. RFC 5118 §4.10 asks elements to tolerate both " \
    "(interop); elements built on RFC 3986 reject the URI.")                                                \
  X(product_syntax, "SS305", "server-val-syntax", E, E, E, "RFC 3261 §20.35, §20.41, §25.1",                   \
    "Server or User-Agent is not a list of products and comments",                                            \
    "server-val = product / comment; product = token [SLASH product-version]: outside a comment only token " \
    "bytes, '/' and whitespace. A ':', '@' or '<' there is text that is no product, such as a start line "  \
    "(\"User-Agent: REGISTER sip:host SIP/2.0\") glued into the value by a broken or hostile sender.")          \
  /* ---- semantics */                                                                                        \
  X(cseq_method_mismatch, "SS401", "cseq-method-mismatch", E, E, E, "RFC 3261 §8.1.1.5",                      \
    "the CSeq method differs from the request method",                                                       \
    "\"The method MUST match that of the request\" (§8.1.1.5), compared case-sensitively (§7.1).")          \
  X(cseq_number_range, "SS402", "cseq-number-range", E, E, E, "RFC 3261 §8.1.1.5",                             \
    "the CSeq number is not below 2^31",                                                                     \
    "\"The sequence number value MUST be expressible as a 32-bit unsigned integer and MUST be less than "   \
    "2**31.\"")                                                                                              \
  X(via_sent_protocol, "SS403", "via-sent-protocol", E, E, E, "RFC 3261 §20.42, §8.1.1.7",                    \
    "the Via sent-protocol is not SIP/2.0",                                                                  \
    "sent-protocol = protocol-name SLASH protocol-version SLASH transport with SIP/2.0 for this version.")  \
  X(via_branch_cookie, "SS404", "via-branch-magic-cookie", E, W, E, "RFC 3261 §8.1.1.7",                       \
    "the top Via has no branch starting with z9hG4bK",                                                       \
    "A request MUST carry a branch in its top Via that starts with the magic cookie z9hG4bK; without it, "  \
    "transactions are matched with the RFC 2543 rules (interop: old elements).")                           \
  X(via_rport_received, "SS405", "via-received-rport", E, E, E, "RFC 3261 §18.2.1, RFC 3581 §3",              \
    "received is not an IP address or rport is not a port",                                                 \
    "received = IPv4address / IPv6address, rport = [1*DIGIT] with a port number: a host name there is not " \
    "what the element saw on the wire.")                                                                    \
  X(from_tag_missing, "SS406", "from-tag-missing", E, W, E, "RFC 3261 §8.1.1.3",                              \
    "the From header has no tag",                                                                            \
    "\"The From field MUST contain a new tag parameter\" (§8.1.1.3); RFC 2543 elements omit it (interop).") \
  X(to_tag_missing, "SS407", "to-tag-missing", E, W, E, "RFC 3261 §8.2.6.2, §12.2.1.1",                        \
    "the To header has no tag where a dialog needs one",                                                     \
    "A response other than 100 carries a To tag (§8.2.6.2); a request inside a dialog (BYE, PRACK, UPDATE, " \
    "INFO, NOTIFY) carries the remote tag in To (§12.2.1.1).")                                               \
  X(contact_required, "SS408", "contact-form", E, E, E, "RFC 3261 §8.1.1.8, §10.2.2, §20.10",                  \
    "Contact is wrong for this message",                                                                     \
    "An INVITE and a 2xx to INVITE carry exactly one Contact URI (§8.1.1.8, §12.1.1); \"*\" is allowed only " \
    "in REGISTER, alone, with Expires: 0 (§10.2.2).")                                                         \
  X(via_branch_cookie_only, "SS416", "via-branch-cookie-only", E, W, E, "RFC 3261 §8.1.1.7, §17.2.3; RFC 4475 §3.2.1", \
    "a Via branch is the magic cookie and nothing else",                                                     \
    "\"branch=z9hG4bK\" claims RFC 3261 transaction matching but carries no identifier, so every request "   \
    "from that element matches the same transaction. RFC 4475 §3.2.1: an element could reject it with 400 " \
    "or fall back to RFC 2543 matching (interop).")                                                         \
  X(via_branch_no_cookie, "SS418", "via-branch-without-cookie", I, O, I, "RFC 3261 §8.1.1.7, §17.2.3",        \
    "a Via below the top one, or in a response, without a branch that starts with z9hG4bK",                 \
    "Every element that follows RFC 3261 puts the magic cookie in the branch it adds (§8.1.1.7); only an "  \
    "RFC 2543 element leaves it out, and then transactions are matched the old way (§17.2.3). A message "   \
    "whose lower Vias lack it where the traffic never does is a forged path.")                               \
  X(duplicate_parameter, "SS417", "duplicate-parameter", E, W, E, "RFC 3261 §19.1.1, §19.3, §20.42",            \
    "a parameter name appears twice in one header value",                                                    \
    "RFC 3261 §19.1.1: \"any given parameter-name MUST NOT appear more than once\" in a URI; a header value "  \
    "with two tags or two branches (\";tag=a;tag=b\") is no better defined. Elements that keep the first "   \
    "and elements that keep the last match different dialogs or transactions: mimicry.")                   \
  X(route_lr, "SS409", "route-without-lr", I, W, I, "RFC 3261 §16.12.1.1, §19.1.1",                             \
    "a Route or Record-Route URI has no lr parameter",                                                       \
    "Without lr the next hop is a strict router (RFC 2543) and the Request-URI gets rewritten: routing "    \
    "differs between loose and strict elements.")                                                           \
  X(max_forwards_range, "SS410", "max-forwards-range", E, E, E, "RFC 3261 §20.22",                            \
    "Max-Forwards is not an integer from 0 to 255",                                                          \
    "Max-Forwards = 1*DIGIT, \"an integer in the range 0-255\"; the initial value SHOULD be 70.")           \
  X(expires_range, "SS411", "expires-range", E, E, E, "RFC 3261 §20.19, §10.2.1.1",                            \
    "an expiry is not a delta-seconds below 2^32",                                                           \
    "Expires and the expires Contact parameter are delta-seconds from 0 to (2**32)-1.")                      \
  X(content_length_missing, "SS412", "content-length-missing", I, O, I, "RFC 3261 §20.14, §18.3",             \
    "the message has no Content-Length",                                                                     \
    "Content-Length SHOULD be present; on a stream it MUST (§18.3), and without it the body runs to the end " \
    "of the datagram.")                                                                                      \
  X(content_type_missing, "SS413", "content-type-missing", E, E, E, "RFC 3261 §20.15",                        \
    "a body without Content-Type",                                                                           \
    "\"The Content-Type header field MUST be present if the body is not empty.\"")                           \
  X(body_type_mismatch, "SS414", "body-does-not-match-content-type", E, E, E, "RFC 3261 §20.15, RFC 2046 §5.1", \
    "the body is not what Content-Type says",                                                                \
    "An application/sdp body is a session description, a multipart/* body needs a boundary parameter and " \
    "the delimiter lines; the detail says what failed.")                                                     \
  X(max_forwards_high, "SS415", "max-forwards-above-70", I, O, I, "RFC 3261 §8.1.1.6",                         \
    "Max-Forwards starts above 70",                                                                           \
    "The initial Max-Forwards SHOULD be 70; a larger value is legal but lets a loop run longer.")           \
  /* ---- SDP (RFC 8866, RFC 4566, RFC 5118) */                                                              \
  X(sdp_syntax, "SS501", "sdp-syntax", E, E, E, "RFC 8866 §5, §9",                                             \
    "the session description cannot be read",                                                                \
    "A body that Content-Type calls application/sdp but that cannot be read as a description at all: more " \
    "media sections or more departures from the grammar than the tables hold. Each departure that leaves a " \
    "description to read has its own rule (SS509-SS518).")                                                   \
  X(sdp_value_syntax, "SS502", "sdp-value-syntax", E, E, E, "RFC 8866 §5, §9; RFC 3264; RFC 8839",             \
    "an SDP line's value does not match its grammar",                                                        \
    "o=, c=, b=, t=, r=, z=, m= and the attributes rtpmap, fmtp, ptime, rtcp, mid, group, ssrc, candidate, " \
    "ice-ufrag, ice-pwd, fingerprint, setup, crypto, extmap are each read by their own parser.")            \
  X(sdp_connection_missing, "SS503", "sdp-connection-missing", E, E, E, "RFC 8866 §5.7",                       \
    "a media section has no c= and the session has none",                                                    \
    "c= MUST appear at session level or in every media description.")                                       \
  X(sdp_rtpmap_missing, "SS504", "sdp-rtpmap-missing", W, W, W, "RFC 8866 §6.6, RFC 3551 §6",                  \
    "a dynamic payload type has no rtpmap",                                                                  \
    "Payload types 96-127 are dynamic: the SDP carries no meaning for them without an a=rtpmap that binds "  \
    "each one to an encoding (RFC 8866 §6.6: SHOULD). The answerer cannot know what the number stands for.") \
  X(sdp_address_form, "SS505", "sdp-address-form", E, E, E, "RFC 8866 §5.7, RFC 5118 §4.4",                     \
    "an SDP address does not match its address type",                                                       \
    "IN IP4 takes a dotted IPv4 address or a name, IN IP6 an IPv6 address or a name: \"IN IP6 192.0.2.1\" " \
    "and \"IN IP4 ::1\" name an address of the other family.")                                              \
  X(sdp_line_end, "SS506", "sdp-line-end", W, O, W, "RFC 8866 §5",                                               \
    "an SDP line does not end in CRLF",                                                                      \
    "SDP lines end in CRLF; parsers SHOULD accept a bare LF, and a last line without any line end is "      \
    "truncated by some.")                                                                                    \
  X(sdp_trailing_whitespace, "SS508", "sdp-trailing-whitespace", E, W, E, "RFC 8866 §9",                        \
    "an SDP value ends in whitespace its grammar does not allow",                                            \
    "Typed SDP values (rtpmap, fmtp, m=, c=, ...) end at their last field; a trailing SP or HTAB is outside " \
    "the grammar. Many stacks trim it (interop); strict parsers reject the line or read the space as part " \
    "of the last field (\"8000 \" as a clock rate).")                                                         \
  X(sdp_control_byte, "SS509", "sdp-control-byte", I, W, I, "RFC 8866 §9 (byte-string)",                        \
    "a control byte inside an SDP value",                                                                    \
    "byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF) admits control bytes, but no value of a real offer carries " \
    "one; parsers built on C strings or on printable text stop or differ there (interop risk).")             \
  X(sdp_zone_without_repeat, "SS510", "sdp-zone-without-repeat", E, W, E, "RFC 8866 §9, §10; RFC 4566 §9",      \
    "z= follows t= with no r= before it",                                                                    \
    "RFC 8866: repeat-description = 1*repeat-field [zone-field], so z= comes only after r= lines; RFC 4566 " \
    "put one z= after all time descriptions, and RFC 8866 §10 lists the change. Older stacks send it "      \
    "(interop).")                                                                                             \
  X(sdp_empty_value, "SS511", "sdp-empty-value", E, W, E, "RFC 8866 §5.3, §9",                                  \
    "an SDP line has nothing after \"=\"",                                                                    \
    "Every value of the grammar is at least one byte (text = byte-string = 1*...). For a session without "  \
    "a name §5.3 recommends \"s= \" or \"s=-\"; an empty \"s=\" is read as no name by most stacks "         \
    "(interop) and rejected by strict ones.")                                                                 \
  X(sdp_line_order, "SS512", "sdp-line-order", E, W, E, "RFC 8866 §5, §9",                                      \
    "an SDP line out of order or repeated beyond its count",                                                 \
    "Lines follow the order of §9 (v, o, s, i, u, e, p, c, b, t, r, z, k, a, then media: m, i, c, b, k, a) " \
    "and v, o, s, i, u, c and k occur at most once per level. Many stacks read lines in any order "          \
    "(interop); a strict one rejects the description. The line still counts where it stands.")             \
  X(sdp_missing_line, "SS513", "sdp-missing-line", E, E, E, "RFC 8866 §5, §9",                                 \
    "o=, s= or t= is missing",                                                                               \
    "A description carries v=, o=, s= and at least one t= before its attributes and media (§9); without "    \
    "them the session has no identity or timing, and parsers that need them reject the offer.")             \
  X(sdp_unknown_type, "SS514", "sdp-unknown-type", E, E, E, "RFC 8866 §5",                                      \
    "an SDP line whose type letter RFC 8866 does not define",                                                \
    "\"An SDP parser MUST completely ignore any session description that contains a type letter that it "   \
    "does not understand\" (§5): a conforming receiver drops the whole offer. The line is skipped here.")     \
  X(sdp_bad_line, "SS515", "sdp-bad-line", E, E, E, "RFC 8866 §5, §9",                                          \
    "an SDP line that is not <type>=<value>",                                                                \
    "Every line is one lower-case type letter, \"=\" and a value (§5): an empty line, a space before \"=\", " \
    "a capital letter are not lines of the grammar. The line is skipped here.")                             \
  X(sdp_forbidden_byte, "SS516", "sdp-forbidden-byte", E, E, E, "RFC 8866 §9 (byte-string)",                    \
    "a NUL, or a CR not followed by LF, inside an SDP value",                                                \
    "byte-string excludes NUL, CR and LF. A NUL ends the value for C-string parsers, a lone CR ends the "   \
    "line for some and not for others.")                                                                     \
  X(sdp_rtpmap_without_clock_rate, "SS517", "sdp-rtpmap-without-clock-rate", E, W, E,                          \
    "RFC 8866 §6.6; RFC 4475 §3.1.1",                                                                        \
    "a=rtpmap has no clock rate",                                                                            \
    "rtpmap-value = payload-type SP encoding-name \"/\" clock-rate [\"/\" encoding-params]. RFC 2327-era "    \
    "offers wrote \"a=rtpmap:31 LPC\", and RFC 4475's valid messages still carry it: stacks take the "       \
    "static type's rate (interop); a strict parser rejects the line.")                                        \
  X(sdp_address_brackets, "SS518", "sdp-address-brackets", E, W, E, "RFC 8866 §5.7, §9; RFC 5118 §4.6",          \
    "an IPv6 address inside [ ] in o=, c= or a=rtcp",                                                        \
    "SDP writes IPv6 addresses bare (IP6-address, \"c=IN IP6 2001:db8::1\"); the brackets belong to URIs. "  \
    "Stacks that copy a URI host into the offer send them; a strict parser reads \"[2001:db8::1]\" as a name.") \
  X(multipart_syntax, "SS507", "multipart-syntax", E, E, E, "RFC 2046 §5.1",                                    \
    "the multipart body does not follow its grammar",                                                        \
    "A multipart body has a boundary parameter, dash-boundary lines, parts with their own headers and a "   \
    "close-delimiter; the detail says what failed.")                                                         \
  X(multipart_bare_lf, "SS521", "multipart-bare-lf", E, W, E, "RFC 2046 §5.1.1; RFC 2045 §3",                   \
    "a body part's header line ends in LF without CR",                                                       \
    "Part header fields end in CRLF like a message's. Many stacks also take a bare LF (interop); one that "  \
    "does not sees the part's headers run into its body.")                                                   \
  X(multipart_missing_close, "SS522", "multipart-missing-close", E, W, E, "RFC 2046 §5.1.1",                    \
    "the multipart body ends without its close delimiter",                                                   \
    "multipart-body ends in close-delimiter = delimiter \"--\". Without it a receiver cannot tell a cut "   \
    "body from a complete one; most take the last part to the end of the body (interop).")                  \
  /* ---- style notes (forensic) */                                                                           \
  X(compact_form, "SS601", "compact-form", O, O, I, "RFC 3261 §7.3.3",                                         \
    "a header uses its compact form",                                                                        \
    "Compact forms are legal and equivalent; a message that mixes forms is unusual traffic.")                \
  X(unknown_header, "SS602", "unknown-header", O, O, I, "RFC 3261 §7.3",                                       \
    "a header name sipspan does not know",                                                                   \
    "Unknown headers are legal and ignored by proxies; a name that is close to a known one is worth a look.")

enum class rule_id : std::uint8_t {
#define SIPSPAN_X(e, code, name, s, i, f, rfc, summary, text) e,
  SIPSPAN_RULE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

inline constexpr std::size_t rule_count = 0
#define SIPSPAN_X(e, code, name, s, i, f, rfc, summary, text) +1
    SIPSPAN_RULE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    ;

struct rule_info {
  rule_id id;
  std::string_view code;         // "SS014": stable
  std::string_view name;         // "header-name-whitespace": stable
  severity level[3];             // by lint_profile
  std::string_view rfc;          // "RFC 3261 §7.3.1, §25.1"
  std::string_view summary;      // one line
  std::string_view explanation;  // a paragraph
};

SIPSPAN_API const rule_info& rule(rule_id) noexcept;
SIPSPAN_API std::span<const rule_info> rules() noexcept;
// A rule by code ("SS014", any case) or name ("header-name-whitespace").
SIPSPAN_API bool find_rule(std::string_view code_or_name, rule_id&) noexcept;

// One finding: a rule, where it fires, and the detail behind it.
struct finding {
  rule_id rule;
  severity level;
  error_code detail;           // the parser's code behind it, success when the rule says it all
  header_id header;            // the header concerned, other for the start line / body / unknown
  std::uint16_t header_index;  // its row in the header table, no_header when none
  std::uint32_t offset;        // first byte concerned, relative to the message
  std::uint32_t length;        // bytes concerned (0 for an absence, at the place it is missed)
};

struct SIPSPAN_API lint_options {
  lint_profile profile = lint_profile::strict;
  std::bitset<rule_count> enable;   // forced on (at its strict severity when the profile has it off)
  std::bitset<rule_count> disable;  // forced off; wins over enable
  // Rules reported at a severity of the caller's instead of the profile's
  // (a project's configuration): bit i set, rule i at level_override[i].
  std::bitset<rule_count> override_level;
  std::array<severity, rule_count> level_override{};
  // Stop storing after this many findings (0: the span's size); the summary
  // still counts every finding.
  std::size_t max_findings = 0;

  severity level_of(rule_id r) const noexcept;
};

struct lint_summary {
  std::size_t total = 0;   // findings, stored or not
  std::size_t stored = 0;  // findings written to the caller's span, in message order
  std::size_t errors = 0, warnings = 0, infos = 0;  // by severity, stored or not
  result parse;            // the outcome of the parse (lint(string_view) only)

  bool has_error() const noexcept { return errors != 0; }
};

// Check a parsed message. `msg` should come from a tolerant parse (the
// default), so that its deviations are findings rather than parse failures.
SIPSPAN_API lint_summary lint(const message_view& msg, std::span<finding> out, const lint_options& opts = {}) noexcept;

// Parse `input` tolerantly into `scratch` and check it; a message that cannot
// be framed gives one finding, unparseable, at the parser's offset.
SIPSPAN_API lint_summary lint(std::string_view input, message_view& scratch, std::span<finding> out,
                              const lint_options& opts = {}) noexcept;

}  // namespace sipspan
