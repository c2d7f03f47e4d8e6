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
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>

#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"

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

}  // namespace sipspan
