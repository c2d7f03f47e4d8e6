// sipspan CLI — the names of findings and score reasons (finding_text.hpp).

#include "finding_text.hpp"

#include "input.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {

// The sentence of a finding: the rule's summary, the parser's detail, the header.
std::string finding_message(const finding& f) {
  const rule_info& r = rule(f.rule);
  if (f.rule == rule_id::missing_mandatory_header && f.header != header_id::other)
    return "missing mandatory header " + std::string(canonical_name(f.header));
  std::string m;
  if (f.header != header_id::other) m += std::string(canonical_name(f.header)) + ": ";
  m += r.summary;
  // (missing_header adds nothing to a rule that is about an absence)
  if (f.detail != error_code::success && f.detail != error_code::missing_header)
    m += ": " + std::string(error_message(f.detail));
  return m;
}

// The fields every machine-readable finding carries.
void finding_fields(json_writer& j, const finding& f, line_locator& starts, line_locator& ends) {
  const rule_info& r = rule(f.rule);
  line_column at = starts(f.offset);
  line_column end = ends(static_cast<std::size_t>(f.offset) + f.length);
  j.field("rule", r.name).field("code", r.code).field("severity", severity_name(f.level));
  j.field("offset", f.offset).field("length", f.length);
  j.field("line", at.line).field("column", at.column);
  j.field("end_line", end.line).field("end_column", end.column);
  j.field("message", finding_message(f)).field("rfc", r.rfc);
  if (f.detail != error_code::success) j.field("detail", error_name(f.detail));
  else j.key("detail").null();
  if (f.header != header_id::other) j.field("header", canonical_name(f.header));
  else j.key("header").null();
}

// How a reason names its header: the canonical name, the row's own spelling for
// an unknown name, "body" for evidence inside the body (an SDP finding has no
// row either), "start-line" when there is no row.
std::string header_label(const score_reason& r, const message_view* m) {
  if (r.header != header_id::other) return std::string(canonical_name(r.header));
  if (m && r.header_index != no_header && r.header_index < m->header_count()) return std::string(m->header(r.header_index).name);
  if (m && !m->body().empty() && r.offset >= m->body_offset()) return "body";
  return "start-line";
}

std::string shown_header_label(const score_reason& r, const message_view* m) {
  return shown_text(header_label(r, m), max_shown_name);
}

}  // namespace sipspan::cli
