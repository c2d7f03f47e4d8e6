// sipspan — the typed fields of a message, as the scan read them.
//
//   sipspan::cseq_view cseq;
//   if (sipspan::parse_cseq(msg, cseq)) use(cseq.number, cseq.method);
//
// parse() types the fields a proxy reads while it scans them (message_view::
// scanned(), grammar/message_fields.rl). Each function here gives the same view
// the header's parse_xxx(string_view) gives for the value of the header's first
// row (for Via: the first element of the first row), and the same result: it
// reads the scan's marks when the scan typed the field and parses the value
// otherwise. An absent header is empty_value, as parse_xxx of an empty value.
//
// Facts (scan_facts, message.hpp) are what the scan learnt about those bytes as
// they went by, so that the validator and the scorer need not parse them again:
//
//   const sipspan::scan_facts& f = sipspan::facts(msg);
//   if (!f.has(scan_facts::version_2_0)) ...                     // start line: always valid
//   if (msg.scanned().has(scanned_fields::via) &&                // a field's facts: only
//       !f.has(scan_facts::via_branch_cookie)) ...               // when the scan typed it
//   if (f.out_of_range & scanned_fields::max_forwards) ...       // a plain number, out of range
//
// Each fact equals what the lazy parse of the same value gives (tests/
// test_scan_facts.cpp checks it on every corpus message): version_2_0 is
// iequals(version(), "SIP/2.0"); via_branch_cookie is via_view::has_magic_cookie();
// the duplicate-parameter facts compare the first 16 parameter names ignoring
// case. scanned_fields::name_addr::tag is the value name_addr_view::tag() gives.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>

#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "sipspan/uri.hpp"

namespace sipspan {

[[nodiscard]] SIPSPAN_API result parse_cseq(const message_view& msg, cseq_view& out) noexcept;
[[nodiscard]] SIPSPAN_API result parse_call_id(const message_view& msg, call_id_view& out) noexcept;
[[nodiscard]] SIPSPAN_API result parse_max_forwards(const message_view& msg, std::uint32_t& out) noexcept;
[[nodiscard]] SIPSPAN_API result parse_expires(const message_view& msg, std::uint32_t& out) noexcept;
// The first via-parm of the first Via row.
[[nodiscard]] SIPSPAN_API result parse_via(const message_view& msg, via_view& out) noexcept;
// From and To (name-addr or addr-spec with their parameters).
[[nodiscard]] SIPSPAN_API result parse_from(const message_view& msg, name_addr_view& out) noexcept;
[[nodiscard]] SIPSPAN_API result parse_to(const message_view& msg, name_addr_view& out) noexcept;
// The Request-URI (parse_uri of message_view::request_uri(); a response has none:
// empty_value).
[[nodiscard]] SIPSPAN_API result parse_request_uri(const message_view& msg, uri_view& out) noexcept;
// The first contact-param of the first Contact row (parse_contact of that element).
[[nodiscard]] SIPSPAN_API result parse_contact(const message_view& msg, name_addr_view& out) noexcept;

// Every contact-param of the message, in order, as parse_contact gives each: f(view)
// for each one until one fails, whose result is returned. When the scan typed the
// only one (one element, one Contact row), nothing is parsed again.
template <class F>
[[nodiscard]] inline result each_contact(const message_view& msg, F&& f) noexcept {
  name_addr_view na;
  const scanned_fields& s = msg.scanned();
  if (s.has(scanned_fields::contact) && !s.has_more_rows(scanned_fields::contact)) {
    result r = parse_contact(msg, na);
    if (r) f(na);
    return r;
  }
  for (std::string_view e : msg.values(header_id::contact)) {
    if (result r = parse_contact(e, na); !r) return r;
    f(na);
  }
  return {};
}

// The scan's facts about the message (see above).
inline const scan_facts& facts(const message_view& msg) noexcept { return msg.scanned().facts; }

}  // namespace sipspan
