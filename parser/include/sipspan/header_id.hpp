// sipspan — header field names.
//
// RFC 3261 §20 (header fields), §7.3.3 (compact forms) and the extensions that
// SIP elements commonly send. Every name is recognised case-insensitively, in its
// long and (where one exists) compact form, into a header_id. Unknown names keep
// their span and classify as header_id::other.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>
#include <string_view>

namespace sipspan {

// How the one-pass scan treats a header value (see docs/design.md decision 3):
//  list   — comma-separated list (RFC 3261 §7.3.1): empty elements are deviations;
//  single — one value, commas only inside quotes or <>: a bare comma is a deviation;
//  params — one value whose parameters are comma-separated (digest auth), or a
//           header that may repeat (Identity, RFC 8224);
//  text   — free text (TEXT-UTF8, comments): only line ends and control bytes matter.
enum class value_kind : std::uint8_t { list, single, params, text };

// Whether the ABNF lets the value be empty: opt where it reads HCOLON [ ... ]
// (Accept, Accept-Encoding, Accept-Language, Allow, Supported, Subject,
// Organization in RFC 3261 §20; Accept-Resource-Priority, RFC 4412 §3.2;
// Recv-Info, RFC 6086 §7; P-Early-Media, RFC 5009 §8), req everywhere else.
enum class value_presence : std::uint8_t { req, opt };

// X(enum, wire name, compact form or 0, value_kind, value_presence)
// The order is the C ABI (SIPSPAN_HDR_*, generated from this list): the list was
// alphabetical up to its first release; a new header goes at the end. `other`
// follows the last entry here, while its C value SIPSPAN_HDR_OTHER is fixed
// (255, parser/src/capi/c_header_id.hpp): appending a header changes no released
// value, and the ABI check (tests/abi_check.py) fails on any other change.
#define SIPSPAN_HEADER_LIST(X) \
  X(accept, "Accept", 0, list, opt) \
  X(accept_contact, "Accept-Contact", 'a', list, req) \
  X(accept_encoding, "Accept-Encoding", 0, list, opt) \
  X(accept_language, "Accept-Language", 0, list, opt) \
  X(accept_resource_priority, "Accept-Resource-Priority", 0, list, opt) \
  X(alert_info, "Alert-Info", 0, list, req) \
  X(allow, "Allow", 0, list, opt) \
  X(allow_events, "Allow-Events", 'u', list, req) \
  X(answer_mode, "Answer-Mode", 0, single, req) \
  X(authentication_info, "Authentication-Info", 0, params, req) \
  X(authorization, "Authorization", 0, params, req) \
  X(call_id, "Call-ID", 'i', single, req) \
  X(call_info, "Call-Info", 0, list, req) \
  X(contact, "Contact", 'm', list, req) \
  X(content_disposition, "Content-Disposition", 0, single, req) \
  X(content_encoding, "Content-Encoding", 'e', list, req) \
  X(content_id, "Content-ID", 0, single, req) \
  X(content_language, "Content-Language", 0, list, req) \
  X(content_length, "Content-Length", 'l', single, req) \
  X(content_type, "Content-Type", 'c', single, req) \
  X(cseq, "CSeq", 0, single, req) \
  X(date, "Date", 0, text, req) \
  X(diversion, "Diversion", 0, list, req) \
  X(error_info, "Error-Info", 0, list, req) \
  X(event, "Event", 'o', single, req) \
  X(expires, "Expires", 0, single, req) \
  X(feature_caps, "Feature-Caps", 0, list, req) \
  X(flow_timer, "Flow-Timer", 0, single, req) \
  X(from, "From", 'f', single, req) \
  X(geolocation, "Geolocation", 0, list, req) \
  X(geolocation_error, "Geolocation-Error", 0, single, req) \
  X(geolocation_routing, "Geolocation-Routing", 0, single, req) \
  X(history_info, "History-Info", 0, list, req) \
  X(identity, "Identity", 'y', params, req) \
  X(identity_info, "Identity-Info", 'n', single, req) \
  X(in_reply_to, "In-Reply-To", 0, list, req) \
  X(info_package, "Info-Package", 0, single, req) \
  X(join, "Join", 0, single, req) \
  X(max_breadth, "Max-Breadth", 0, single, req) \
  X(max_forwards, "Max-Forwards", 0, single, req) \
  X(mime_version, "MIME-Version", 0, single, req) \
  X(min_expires, "Min-Expires", 0, single, req) \
  X(min_se, "Min-SE", 0, single, req) \
  X(organization, "Organization", 0, text, opt) \
  X(p_access_network_info, "P-Access-Network-Info", 0, list, req) \
  X(p_asserted_identity, "P-Asserted-Identity", 0, list, req) \
  X(p_associated_uri, "P-Associated-URI", 0, list, req) \
  X(p_called_party_id, "P-Called-Party-ID", 0, single, req) \
  X(p_charging_function_addresses, "P-Charging-Function-Addresses", 0, single, req) \
  X(p_charging_vector, "P-Charging-Vector", 0, single, req) \
  X(p_early_media, "P-Early-Media", 0, list, opt) \
  X(p_preferred_identity, "P-Preferred-Identity", 0, list, req) \
  X(p_visited_network_id, "P-Visited-Network-ID", 0, list, req) \
  X(path, "Path", 0, list, req) \
  X(permission_missing, "Permission-Missing", 0, list, req) \
  X(policy_contact, "Policy-Contact", 0, list, req) \
  X(policy_id, "Policy-ID", 0, list, req) \
  X(priority, "Priority", 0, single, req) \
  X(privacy, "Privacy", 0, single, req) \
  X(proxy_authenticate, "Proxy-Authenticate", 0, params, req) \
  X(proxy_authorization, "Proxy-Authorization", 0, params, req) \
  X(proxy_require, "Proxy-Require", 0, list, req) \
  X(rack, "RAck", 0, single, req) \
  X(reason, "Reason", 0, list, req) \
  X(record_route, "Record-Route", 0, list, req) \
  X(recv_info, "Recv-Info", 0, list, opt) \
  X(refer_sub, "Refer-Sub", 0, single, req) \
  X(refer_to, "Refer-To", 'r', single, req) \
  X(referred_by, "Referred-By", 'b', single, req) \
  X(reject_contact, "Reject-Contact", 'j', list, req) \
  X(replaces, "Replaces", 0, single, req) \
  X(reply_to, "Reply-To", 0, single, req) \
  X(request_disposition, "Request-Disposition", 'd', list, req) \
  X(require, "Require", 0, list, req) \
  X(resource_priority, "Resource-Priority", 0, list, req) \
  X(retry_after, "Retry-After", 0, text, req) \
  X(route, "Route", 0, list, req) \
  X(rseq, "RSeq", 0, single, req) \
  X(security_client, "Security-Client", 0, list, req) \
  X(security_server, "Security-Server", 0, list, req) \
  X(security_verify, "Security-Verify", 0, list, req) \
  X(server, "Server", 0, text, req) \
  X(service_route, "Service-Route", 0, list, req) \
  X(session_expires, "Session-Expires", 'x', single, req) \
  X(session_id, "Session-ID", 0, single, req) \
  X(sip_etag, "SIP-ETag", 0, single, req) \
  X(sip_if_match, "SIP-If-Match", 0, single, req) \
  X(subject, "Subject", 's', text, opt) \
  X(subscription_state, "Subscription-State", 0, single, req) \
  X(supported, "Supported", 'k', list, opt) \
  X(suppress_if_match, "Suppress-If-Match", 0, single, req) \
  X(target_dialog, "Target-Dialog", 0, single, req) \
  X(timestamp, "Timestamp", 0, single, req) \
  X(to, "To", 't', single, req) \
  X(trigger_consent, "Trigger-Consent", 0, list, req) \
  X(unsupported, "Unsupported", 0, list, req) \
  X(user_agent, "User-Agent", 0, text, req) \
  X(user_to_user, "User-to-User", 0, list, req) \
  X(via, "Via", 'v', list, req) \
  X(warning, "Warning", 0, list, req) \
  X(www_authenticate, "WWW-Authenticate", 0, params, req) \

enum class header_id : std::uint8_t {
#define SIPSPAN_X(e, n, c, k, v) e,
  SIPSPAN_HEADER_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  other,  // a name not in the table (its span is kept)
};

inline constexpr std::size_t header_id_count = static_cast<std::size_t>(header_id::other) + 1;

struct header_info {
  std::string_view name;  // canonical long form
  char compact;           // compact form (RFC 3261 §7.3.3), 0 when none
  value_kind kind;
  // Singleton: may appear once (RFC 3261 §7.3.1). Lists and the four
  // authentication headers (which may repeat, §20.7/20.27/20.28/20.44) are not.
  bool singleton;
  std::string_view key;   // stable snake_case id name ("call_id"; "other")
  // Call-ID and In-Reply-To hold callids: word = 1*(... / "<" / ">" / DQUOTE / ...),
  // so quotes and angle brackets there are word characters, not structure.
  bool words;
  // The ABNF admits an empty value ("Supported:" means no extension is
  // supported, RFC 3261 §20.37); every other known header needs one.
  bool empty_ok;
};

// Static facts about an id; header_id::other gives {"", 0, text, false}.
SIPSPAN_API const header_info& info(header_id id) noexcept;

// Stable snake_case name of an id ("call_id", "other").
inline std::string_view header_key(header_id id) noexcept { return info(id).key; }

// Canonical long name ("Call-ID"); empty for header_id::other.
inline std::string_view canonical_name(header_id id) noexcept { return info(id).name; }

// Classify a header name (long or compact form, any case) into its id.
// Bytes are compared exactly apart from ASCII case; "Call-ID", "call-id" and
// "i" give header_id::call_id, "Call ID" and "Call-ID\x01" give header_id::other.
SIPSPAN_API header_id classify_header(std::string_view name) noexcept;

}  // namespace sipspan
