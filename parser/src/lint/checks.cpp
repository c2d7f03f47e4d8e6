// sipspan — the validator's pass over one parsed message (checker.hpp): the
// parse's deviations, the helpers every rule family shares, and the order in
// which the families run.

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

rule_id rule_for(deviation_kind k) noexcept {
  switch (k) {
#define SIPSPAN_X(e, legal, m) \
  case deviation_kind::e: return rule_id::e;
    SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  }
  return rule_id::unparseable;
}

std::size_t invalid_utf8(std::string_view t) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  std::size_t n = t.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte (RFC 3629 §4)
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

void checker::run() noexcept {
  deviations();
  start_line();
  // each row as message_view::header(i) gives it, read from the table in place
  const char* in = raw_.data();
  std::uint16_t i = 0;
  for (const header_record& r : m_.records()) {
    note_placement(r.id);
    row(header_view{r.id, i++, r.flags, std::string_view(in + r.name_offset, r.name_length),
                    std::string_view(in + r.value_offset, r.value_length)});
  }
  presence();
  placement_rules();
  semantics();
  // the body as the first Content-Type row says, read once by the row pass
  if (!facts_)
    check_body(m_, s_);
  else if (content_type_read_)
    check_body(m_, s_, content_type_, m_.first_row(header_id::content_type));
}

// A failed typed parse: one byte at the failure (or the end of the value).
void checker::failed(rule_id r, const result& res, const header_view& h, std::string_view piece) noexcept {
  std::uint32_t rel = res.offset <= piece.size() ? res.offset : static_cast<std::uint32_t>(piece.size());
  // A deviation at the very byte already says what is wrong there.
  if (h.flags & header_flags::has_deviation)
    for (const deviation& d : m_.deviations())
      if (d.offset == at(piece) + rel) return;
  add(r, res.code, &h, piece, rel, rel < piece.size() ? 1 : 0);
}

// Where a missing header would go: the empty line that ends the header section.
std::uint32_t checker::end_of_headers() const noexcept {
  std::string_view hs = m_.headers_section();
  std::uint32_t end = at(hs) + static_cast<std::uint32_t>(hs.size());
  if (hs.ends_with("\r\n\r\n") || hs.ends_with("\n\r\n")) return end - 2;
  if (hs.ends_with("\n\n")) return end - 1;
  return end;
}

void checker::missing(header_id id, rule_id r) noexcept {
  s_.add(r, error_code::missing_header, id, no_header, end_of_headers(), 0);
}

// ---- the parse's deviations
void checker::deviations() noexcept {
  for (const deviation& d : m_.deviations()) {
    header_id id = d.header_index < m_.header_count() ? m_.records()[d.header_index].id : header_id::other;
    s_.add(rule_for(d.kind), error_code::success, id, d.header_index, d.offset, d.length);
  }
}

void checker::utf8(const header_view* h, std::string_view text) noexcept {
  std::size_t bad = invalid_utf8(text);
  if (bad != std::string_view::npos)
    add(rule_id::non_utf8_text, error_code::success, h, text, static_cast<std::uint32_t>(bad), 1);
}

void check_message(const message_view& msg, sink& s, reading how) noexcept { checker(msg, s, how).run(); }

}  // namespace sipspan::lint_detail
