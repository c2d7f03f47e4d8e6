// sipspan tests — shared by the framing tests (test_framing_*.cpp): sample
// messages and a driver that feeds a stream framer and collects its frames.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/framing.hpp"
#include "sipspan/message.hpp"

namespace sipspan::testing {

inline const std::string options_req =
    "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKhjhs8ass877\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:carol@chicago.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 63104 OPTIONS\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

inline const std::string message_req =
    "MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776sgdkse\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=49583\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "Call-ID: asd88asd77a\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "Content-Type: text/plain\r\n"
    "Content-Length: 5\r\n"
    "\r\n"
    "hello";

// A message whose only variable part is the header lines given.
inline std::string with_headers(const std::string& lines, const std::string& body = "") {
  return "INVITE sip:bob@biloxi.example.com SIP/2.0\r\nCall-ID: x1\r\n" + lines + "\r\n" + body;
}

// ------------------------------------------------------------ stream helpers ---

struct event {
  stream_event kind;
  std::string bytes;
  std::uint64_t offset;
  bool assembled;
  result error;
};

// Feed `chunks` in order and collect every frame (finish() at the end).
inline std::vector<event> run(stream_framer& f, const std::vector<std::string_view>& chunks, bool finish = true) {
  std::vector<event> out;
  stream_frame fr;
  message_view msg;
  for (std::string_view c : chunks) {
    EXPECT_TRUE(f.feed(c));
    for (;;) {
      stream_event e = f.next(fr, msg);
      if (e == stream_event::need_more) break;
      out.push_back({e, std::string(fr.bytes), fr.offset, fr.assembled, fr.error});
      if (e == stream_event::error) return out;
    }
  }
  if (finish) {
    for (;;) {
      stream_event e = f.finish(fr);
      if (e == stream_event::need_more) break;
      out.push_back({e, std::string(fr.bytes), fr.offset, fr.assembled, fr.error});
      if (e == stream_event::error) break;
    }
  }
  return out;
}

inline std::vector<event> run_one(std::string_view s, const stream_limits& limits = {}) {
  stream_framer f(limits);
  return run(f, {s});
}

}  // namespace sipspan::testing
