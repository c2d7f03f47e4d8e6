// sipspan testkit — the pieces worst-case inputs are made of:
// the start of a normal INVITE, a unit repeated to a size, rows of headers,
// the many spellings of one header name. Used by bench_worst, test_cli_hostile
// and test_score_scale.
#pragma once

#include <cstddef>
#include <string>

namespace sipspan::testing {

// An INVITE's start line and the headers RFC 3261 §8.1.1 asks for, each
// line with its CRLF; worst_tail ends the headers with no body.
inline const std::string worst_head =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n";
inline const std::string worst_tail = "Content-Length: 0\r\n\r\n";

// prefix, then unit as many times as fit, then suffix: at most `size` bytes.
inline std::string repeated(const std::string& prefix, const std::string& unit, const std::string& suffix,
                            std::size_t size = std::size_t{1} << 20) {
  std::string s = prefix;
  while (s.size() + unit.size() + suffix.size() < size) s += unit;
  return s + suffix;
}

// worst_head, then `rows` header lines made by row(first), row(first + 1), ...
// (each without its CRLF), then worst_tail.
template <class Row>
std::string rows_message(std::size_t first, std::size_t rows, Row&& row) {
  std::string m = worst_head;
  for (std::size_t k = 0; k < rows; ++k) m += row(first + k) + "\r\n";
  return m + worst_tail;
}

// The i-th of the 2^17 spellings of P-Asserted-Identity: the case of each
// letter from a bit of i (RFC 3261 §7.3.1: header names are case-insensitive).
inline std::string spelling(std::size_t i) {
  std::string s = "p-asserted-identity";
  for (char& c : s)
    if (c != '-') {
      if (i & 1) c = static_cast<char>(c - 'a' + 'A');
      i >>= 1;
    }
  return s;
}

}  // namespace sipspan::testing
