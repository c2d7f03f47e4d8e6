// sipspan — multipart bodies (RFC 2046 §5.1, as SIP carries them: RFC 3261
// §7.4, RFC 5621).
//
//   sipspan::multipart_view mp;
//   if (sipspan::result r = sipspan::parse_multipart(msg, mp))
//     for (std::size_t i = 0; i < mp.size(); ++i) use(mp.part(i).content_type(), mp.part(i).body);
//
// The body is split at its boundary delimiter lines into parts; each part's
// header fields (RFC 2045 §3: field-name ":" value CRLF, with folding) are
// recorded in a fixed table and its body is a span. Nothing is copied: every
// span points into the caller's bytes, which must outlive the view. A nested
// multipart part is split only when asked (parse_nested), up to a bounded depth.
// Tables are fixed-capacity; exceeding one is an error, never an allocation.
//
// Where the bytes go (RFC 2046 §5.1.1):
//
//   preamble CRLF "--" boundary padding CRLF  part  CRLF "--" boundary padding CRLF  part
//   CRLF "--" boundary "--" padding [CRLF epilogue]
//
// The CRLF before each "--" boundary belongs to the delimiter, not to the part
// before it: a part's body does not end with that CRLF. A delimiter line may
// carry transport padding (SP / HTAB) before its CRLF; any other byte after the
// boundary is an error (RFC 2046 says the boundary must not occur in the parts).
//
// Tolerant by default, with the leniency flags SIP messages and SDP use
// (multipart_options::allow): a part header line ended by a bare LF
// (multipart_bare_lf, at the first such LF) and a body that ends without its
// close-delimiter (multipart_missing_close, at the end: the last part runs to
// the end of the body) are recorded as deviations and the parts still read; a
// departure the options do not allow is error deviation_rejected.
//
// Errors (result.offset is relative to the body given, or for the message
// overload to the message's raw bytes):
//   multipart_bad_boundary, multipart_boundary_too_long (at byte 70 of the boundary),
//   multipart_no_delimiter (at 0), multipart_bad_delimiter (the first byte after
//   the boundary that is not padding), multipart_missing_close (at the end of the
//   body), multipart_empty_part (where the empty part would start),
//   multipart_adjacent_boundaries (at the second "--" boundary),
//   multipart_bad_part_header (the first byte that breaks the field syntax),
//   too_many_headers, too_many_parts (at the part that does not fit),
//   multipart_too_deep; for the message overload also missing_header (no
//   Content-Type, at the body), not_multipart and multipart_missing_boundary (at
//   the Content-Type value), and the errors of parse_media_type.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/headers.hpp"

namespace sipspan {

class message_view;

// One header field of a body part.
struct mime_field {
  std::string_view name;   // as written
  std::string_view value;  // leading and trailing whitespace trimmed; folds stay inside
  header_id id = header_id::other;  // Content-Type, Content-ID, Content-Disposition, ... (other when unknown)
};

// One body part: the bytes between a delimiter line's CRLF and the next delimiter's CRLF.
struct SIPSPAN_API part_view {
  std::string_view raw;      // header fields, blank line and body
  std::string_view headers;  // the header fields with their CRLFs (without the blank line)
  std::string_view body;     // after the blank line; empty when the part has none
  std::uint32_t offset = 0;       // of raw within the multipart body
  std::uint32_t body_offset = 0;  // of body within the multipart body
  std::span<const mime_field> fields;

  // First field with this name (ASCII case-insensitive; long and compact forms of
  // known names match); empty when absent.
  std::string_view field(std::string_view name) const noexcept;
  std::string_view field(header_id id) const noexcept;
  bool has_field(header_id id) const noexcept;
  // The Content-Type value; RFC 2046 §5.1: text/plain when absent ("" here).
  std::string_view content_type() const noexcept { return field(header_id::content_type); }
  // True when Content-Type is multipart/* (case-insensitive).
  bool is_multipart() const noexcept;
};

struct multipart_options {
  leniency allow = ~leniency{0};  // every departure is recorded and accepted
  static constexpr multipart_options tolerant() noexcept { return {}; }
  static constexpr multipart_options strict() noexcept { return {rfc_permitted}; }
  constexpr bool allows(deviation_kind k) const noexcept { return (allow & lenient(k)) != 0; }
};

class SIPSPAN_API multipart_view {
 public:
  static constexpr std::size_t part_capacity = 16;
  static constexpr std::size_t field_capacity = 64;  // header fields, all parts together
  static constexpr unsigned max_depth = 8;           // nesting levels below the outermost body
  static constexpr std::size_t max_boundary = 70;    // RFC 2046 §5.1.1

  multipart_view() noexcept = default;
  multipart_view(const multipart_view&) = delete;  // parts point into this view's field table
  multipart_view& operator=(const multipart_view&) = delete;

  std::string_view body() const noexcept { return body_; }
  std::string_view boundary() const noexcept { return boundary_; }
  std::string_view preamble() const noexcept { return preamble_; }
  std::string_view epilogue() const noexcept { return epilogue_; }
  std::size_t size() const noexcept { return part_count_; }
  bool empty() const noexcept { return part_count_ == 0; }
  const part_view& part(std::size_t i) const noexcept { return parts_[i]; }
  std::span<const part_view> parts() const noexcept { return {parts_.data(), part_count_}; }
  // 0 for the outermost body, parent's depth + 1 for a nested one.
  unsigned depth() const noexcept { return depth_; }
  // Offset of body() within the outermost body (0 at depth 0).
  std::uint32_t root_offset() const noexcept { return root_offset_; }
  // What was read outside the grammar (kinds multipart_*), each kind once,
  // offsets within the outermost body.
  std::span<const deviation> deviations() const noexcept { return {deviations_.data(), deviation_count_}; }

  void clear() noexcept;

 private:
  friend result parse_multipart(std::string_view, std::string_view, multipart_view&, const multipart_options&) noexcept;
  friend result parse_nested(const multipart_view&, std::size_t, multipart_view&, const multipart_options&) noexcept;
  friend struct multipart_builder;

  std::string_view body_, boundary_, preamble_, epilogue_;
  std::size_t part_count_ = 0;
  std::size_t field_count_ = 0;
  unsigned depth_ = 0;
  std::uint32_t root_offset_ = 0;
  std::array<part_view, part_capacity> parts_{};
  std::array<mime_field, field_capacity> fields_{};
  std::size_t deviation_count_ = 0;
  std::array<deviation, 2> deviations_{};
};

// Split `body` at `boundary` (the boundary parameter's value, unquoted).
// Offsets in errors are relative to `body`; boundary errors to `boundary`.
[[nodiscard]] SIPSPAN_API result parse_multipart(std::string_view body, std::string_view boundary, multipart_view& out,
                                   const multipart_options& opts = {}) noexcept;

// The message's body by its Content-Type (multipart/*; boundary parameter).
// Offsets in errors are relative to msg.raw() (deviations: to the body).
[[nodiscard]] SIPSPAN_API result parse_multipart(const message_view& msg, multipart_view& out, const multipart_options& opts = {}) noexcept;

// Split part `index` of `parent` (its Content-Type must be multipart/* with a
// boundary). out.depth() is parent.depth() + 1; beyond max_depth the result is
// multipart_too_deep (at the part). Offsets in errors are relative to the
// outermost body. Also missing_header: no such part, or it has no Content-Type.
[[nodiscard]] SIPSPAN_API result parse_nested(const multipart_view& parent, std::size_t index, multipart_view& out,
                                const multipart_options& opts = {}) noexcept;

}  // namespace sipspan
