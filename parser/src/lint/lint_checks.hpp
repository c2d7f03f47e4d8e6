// sipspan — the validator's internals: the finding sink and the checks.
#pragma once

#include <cstdint>

#include "sipspan/lint.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/params.hpp"

namespace sipspan::lint_detail {

// Where findings go: severity by rule (profile and overrides applied), the
// caller's storage and the running summary.
struct sink {
  finding* out = nullptr;
  std::size_t capacity = 0;
  const lint_options* options = nullptr;
  std::uint32_t size = 0;  // the message's: every finding is kept inside it
  lint_summary summary;

  bool wants(rule_id r) const noexcept { return options->level_of(r) != severity::off; }
  void add(rule_id r, error_code detail, header_id header, std::uint16_t index, std::uint32_t offset,
           std::uint32_t length) noexcept;
};

// ASCII case-insensitive equality, the exact spelling (nearly every message's) tried first.
inline bool same_text(std::string_view a, std::string_view b) noexcept { return a == b || iequals(a, b); }

// The rule that reports a deviation kind (rules SS010.. carry the kinds' names).
rule_id rule_for(deviation_kind k) noexcept;

// How the checks read the fields the scan typed (message_view::scanned()).
enum class reading : std::uint8_t {
  facts,  // its spans and facts (scan_facts), parsing only what it did not type: lint()
  parse,  // every value parsed again, as if the scan had typed nothing: the reference
          // the tests compare the first with on every corpus message
};

// Every check over one parsed message (checks.cpp).
void check_message(const message_view& msg, sink& s, reading how = reading::facts) noexcept;

// The body checks (body.cpp): SDP and multipart, offsets relative to the message.
void check_body(const message_view& msg, sink& s) noexcept;
// The same with the first Content-Type row (`ct_row`) already read as `type`.
void check_body(const message_view& msg, sink& s, const media_type_view& type, std::uint16_t ct_row) noexcept;
// `in_part`: the body of a multipart part, whose last line has no CRLF of its own.
void check_sdp(std::string_view body, std::uint32_t base, sink& s, bool in_part = false) noexcept;

// First byte of `text` that is not well-formed UTF-8 (RFC 3629), or npos.
std::size_t invalid_utf8(std::string_view text) noexcept;

}  // namespace sipspan::lint_detail
