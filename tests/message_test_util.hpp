// sipspan tests — what the message tests share: a basic INVITE and the kinds of
// a view's deviations in order.
#pragma once

#include <vector>

#include "sipspan/message.hpp"

namespace sipspan::testing {

inline std::vector<deviation_kind> kinds(const message_view& m) {
  std::vector<deviation_kind> v;
  for (const deviation& d : m.deviations()) v.push_back(d.kind);
  return v;
}

inline const char* const basic_invite =
    "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 4\r\n"
    "\r\n"
    "v=0\n";

}  // namespace sipspan::testing
