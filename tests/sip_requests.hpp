// sipspan tests — numbered requests for the end-to-end tests: the headers
// RFC 3261 §8.1.1 asks for (Via with a z9hG4bK branch, Max-Forwards, From with
// a tag, To, Call-ID, CSeq), each made distinct by its number n.
#pragma once

#include <string>

namespace sipspan::testing {

struct request_names {
  std::string uri = "sip:bob@example.com";   // Request-URI
  std::string via = "192.0.2.10:5060";       // Via sent-by
  std::string name = "test";                 // branch z9hG4bK-<name>-n, Call-ID <call>-n@example.com
  std::string call = "call";
  std::string from = "sip:alice@example.com";
  std::string tag = "a";                     // From tag <tag>n
  std::string to = "sip:bob@example.com";
  std::string extra;                         // header lines after CSeq
};

inline std::string numbered_request(const std::string& method, int n, const request_names& r = {}) {
  const std::string k = std::to_string(n);
  return method + " " + r.uri + " SIP/2.0\r\n"
         "Via: SIP/2.0/UDP " + r.via + ";branch=z9hG4bK-" + r.name + "-" + k + "\r\n"
         "Max-Forwards: 70\r\n"
         "From: <" + r.from + ">;tag=" + r.tag + k + "\r\n"
         "To: <" + r.to + ">\r\n"
         "Call-ID: " + r.call + "-" + k + "@example.com\r\n"
         "CSeq: " + k + " " + method + "\r\n" + r.extra +
         "Content-Length: 0\r\n\r\n";
}

}  // namespace sipspan::testing
