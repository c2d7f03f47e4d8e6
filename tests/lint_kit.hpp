// sipspan tests — the validator's test kit: message templates that lint clean,
// the edits that fire each rule (rule_case), and a linted message with its
// findings described for failure output.
#pragma once

#include <cstddef>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sipspan/lint.hpp"

namespace sipspan::testing::lint_kit {

// Templates: "{CL}" becomes the body's length, computed after the edit, from
// the empty line to "{END}"; "{END}" marks the end of the announced body (the
// bytes after it are outside Content-Length) and is removed.
inline const std::string invite =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
    "Max-Forwards: 70\r\n"
    "Route: <sip:p1.example.com;lr>\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Expires: 120\r\n"
    "Subject: Lunch\r\n"
    "Supported: timer, 100rel\r\n"
    "Allow: INVITE, ACK, CANCEL, BYE\r\n"
    "Date: Sat, 13 Nov 2010 23:29:00 GMT\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: {CL}\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0 96\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=rtpmap:96 telephone-event/8000\r\n"
    "{END}";

inline const std::string response =
    "SIP/2.0 200 OK\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bKnashds8;received=192.0.2.1\r\n"
    "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:bob@192.0.2.4>\r\n"
    "Content-Length: {CL}\r\n"
    "\r\n"
    "{END}";

inline const std::string multipart =
    "MESSAGE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/TCP pc33.atlanta.example.com;branch=z9hG4bK776mp\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:bob@biloxi.example.com>\r\n"
    "From: <sip:alice@atlanta.example.com>;tag=49583\r\n"
    "Call-ID: mp.1@pc33.atlanta.example.com\r\n"
    "CSeq: 1 MESSAGE\r\n"
    "Content-Type: multipart/mixed;boundary=zz9\r\n"
    "Content-Length: {CL}\r\n"
    "\r\n"
    "--zz9\r\n"
    "Content-Type: text/plain\r\n"
    "\r\n"
    "hello\r\n"
    "--zz9\r\n"
    "Content-Type: application/sdp\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 1 1 IN IP4 192.0.2.1\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.1\r\n"
    "t=0 0\r\n"
    "m=audio 4000 RTP/AVP 0\r\n"
    "--zz9--\r\n"
    "{END}";

inline std::string replace_first(std::string s, const std::string& old, const std::string& with, std::size_t* at = nullptr) {
  std::size_t p = s.find(old);
  if (p == std::string::npos) throw std::runtime_error("template has no '" + old + "'");
  s.replace(p, old.size(), with);
  if (at) *at = p;
  return s;
}

// Fill in {CL} and drop {END}; `marker` (a position in the template text) is
// moved to the same byte of the result.
inline std::string finish(std::string s, std::size_t* marker = nullptr) {
  std::size_t end = s.find("{END}");
  std::size_t body = s.find("\r\n\r\n");
  std::size_t cl = s.find("{CL}");
  if (end != std::string::npos) {
    if (marker && *marker > end) *marker -= 5;
    s.erase(end, 5);
  }
  if (cl != std::string::npos && body != std::string::npos) {
    std::size_t len = (end == std::string::npos ? s.size() : end) - (body + 4);
    std::string n = std::to_string(len);  // shifts every later byte by n.size() - 4
    s.replace(cl, 4, n);
    if (marker && *marker > cl) *marker += n.size() - 4;
  }
  return s;
}

struct rule_case {
  rule_id rule;
  const std::string* base;
  std::string old;   // text of the template to replace
  std::string fire;  // the edit that fires the rule
  std::string near;  // a near-miss edit that must not fire it ("" = the template unchanged)
  bool at_edit = true;  // the finding lies inside the edited bytes (false: an absence)
  lint_profile profile = lint_profile::forensic;
};

// One case per rule at least (test_lint_rules.cpp); every_rule_has_a_case checks that.
const std::vector<rule_case>& cases();

struct linted {
  std::string text;
  message_view view;
  finding out[128];
  lint_summary summary;
};

inline void run(linted& l, const std::string& text, lint_profile p) {
  l.text = text;
  lint_options o;
  o.profile = p;
  l.summary = lint(l.text, l.view, l.out, o);
}

inline std::string describe(const linted& l) {
  std::ostringstream s;
  for (std::size_t i = 0; i < l.summary.stored; ++i) {
    const finding& f = l.out[i];
    line_column lc = locate(l.text, f.offset);
    s << "  " << rule(f.rule).code << " " << rule(f.rule).name << " at " << f.offset << " (" << lc.line << ":"
      << lc.column << ") " << error_name(f.detail) << "\n";
  }
  return s.str();
}

inline bool fires(const linted& l, rule_id r, std::size_t from = 0, std::size_t to = std::string::npos) {
  for (std::size_t i = 0; i < l.summary.stored; ++i)
    if (l.out[i].rule == r && l.out[i].offset >= from && l.out[i].offset <= to) return true;
  return false;
}

}  // namespace sipspan::testing::lint_kit
