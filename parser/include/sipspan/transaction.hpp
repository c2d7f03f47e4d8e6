// sipspan — transaction keys (RFC 3261 §17.1.3, §17.2.3) and dialog ids (§12).
//
//   sipspan::transaction_key k;
//   if (sipspan::transaction_key_of(msg, k)) table.find(sipspan::transaction_hash(k));
//
// A key is a handful of spans into the message: the top Via's branch and
// sent-by and the method when the branch carries the RFC 3261 magic cookie,
// and, for RFC 2543 elements without it, the Request-URI, From and To tags,
// Call-ID, CSeq and the whole top Via. Keys are compared with the rules of
// §17.2.3 (server side: a request against the request that created the
// transaction) and §17.1.3 (client side: a response against its request);
// transaction_hash is consistent with both, so equal keys hash alike.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/message.hpp"

namespace sipspan {

struct transaction_key {
  bool rfc3261 = false;             // the top Via's branch starts with "z9hG4bK"
  std::string_view branch;          // the top Via's branch (may be empty in RFC 2543 mode)
  std::string_view sent_by_host;    // the top Via's sent-by host, as written
  std::uint16_t sent_by_port = 0;   // 0 when the sent-by has no port
  std::string_view method;          // request: its method; response: the CSeq method
  bool is_request = false;
  // RFC 2543 fallback fields (also filled in RFC 3261 mode)
  std::string_view request_uri;     // empty for responses
  std::string_view call_id;
  std::string_view from_tag;
  std::string_view to_tag;
  std::string_view top_via;         // the first element of the first Via row
  std::uint32_t cseq_number = 0;
  std::string_view cseq_method;
};

// Fill `out` from a parsed message. Errors: missing_header (no Via, or no CSeq,
// From, To or Call-ID where the key needs them), or the error of the typed
// parser, with the offset translated into the message.
[[nodiscard]] SIPSPAN_API result transaction_key_of(const message_view& m, transaction_key& out) noexcept;

// §17.2.3: does `request` belong to the server transaction created by `created_by`?
// With the magic cookie: branch, sent-by, and method (ACK matches INVITE) are equal.
// Without it (RFC 2543): for INVITE the Request-URI, To tag, From tag, Call-ID,
// CSeq and top Via; for ACK the same without the CSeq method, and with the To tag
// compared against `response_to_tag`, the tag of the response the server sent.
SIPSPAN_API bool same_server_transaction(const transaction_key& request, const transaction_key& created_by,
                                         std::string_view response_to_tag = {}) noexcept;

// §17.1.3: does `response` belong to the client transaction that sent `request`?
// The top Via branches are equal and the CSeq method equals the request's method.
SIPSPAN_API bool same_client_transaction(const transaction_key& response, const transaction_key& request) noexcept;

// A hash over the fields that decide a server-side match (ACK hashes like INVITE).
SIPSPAN_API std::uint64_t transaction_hash(const transaction_key& k) noexcept;

// §12: a dialog is identified by the Call-ID, the local tag and the remote tag.
// X(enum): the C API's SIPSPAN_ROLE_* are generated from this list (values are ABI: append).
#define SIPSPAN_DIALOG_ROLE_LIST(X) X(uac) X(uas)
enum class dialog_role : std::uint8_t {
#define SIPSPAN_X(e) e,
  SIPSPAN_DIALOG_ROLE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
struct dialog_id {
  std::string_view call_id;
  std::string_view local_tag;
  std::string_view remote_tag;
};
// For the UAC the local tag is the From tag; for the UAS it is the To tag (§12.1).
// Errors: missing_header (Call-ID, From or To), or the typed parser's error.
[[nodiscard]] SIPSPAN_API result dialog_id_of(const message_view& m, dialog_role role, dialog_id& out) noexcept;
// Call-IDs compare case-sensitively (§8.1.1.4), tags as tokens, case-insensitively.
SIPSPAN_API bool same_dialog(const dialog_id& a, const dialog_id& b) noexcept;

}  // namespace sipspan
