// sipspan — anomaly scorer: hard evidence from the validator. Every finding of
// lint() (strict profile) is evidence of its rule, weighed by the rule's rarity
// in training (score_profile::rule_weight): one place, the validator, decides
// what a malformed value or a missing header is.

#include <algorithm>

#include "collector.hpp"
#include "sipspan/headers.hpp"

namespace sipspan::score_detail {

namespace {

header_id row_header(const message_view& m, const row_names& names, std::uint16_t row) noexcept {
  if (row == no_header || row >= m.header_count()) return header_id::other;
  return row < row_names::capacity ? names.ids[row] : m.records()[row].id;
}

// Whether the validator found fault inside a row's name.
bool faulted_name(std::span<const finding> found, const header_record& row) noexcept {
  for (const finding& f : found)
    if (f.offset >= row.name_offset && f.offset < row.name_offset + row.name_length) return true;
  return false;
}

}  // namespace

// Hard evidence: every finding of the validator (strict profile), into the
// caller's buffer, and the unknown names that imitate known ones.
void validator_evidence(const message_view& m, const row_names& names, std::span<finding> buf,
                        collector& out) noexcept {
  const auto rows = m.records();
  const lint_options strict{};
  const lint_summary s = lint(m, buf, strict);
  bool imitated[header_id_count] = {};
  for (std::size_t i = 0; names.imitations && i < rows.size() && i < row_names::capacity; ++i)
    if (rows[i].id == header_id::other && names.ids[i] != header_id::other) {
      // A name that stands in for an absent header imitates it; beside the
      // real one, a legal name ("XCall-ID" with a Call-ID) is an extension
      // header every parser reads as such, and only a name the validator
      // faults (a space, a control byte) imitates it: a parser that drops the
      // byte reads the header twice. Twice the weight when it stands in.
      const bool present = m.has(names.ids[i]);
      if (present && !faulted_name(buf.first(s.stored), rows[i])) continue;
      imitated[static_cast<std::size_t>(names.ids[i])] = true;
      out.add(score_feature::header_name_near_miss, names.ids[i], static_cast<std::uint16_t>(i), rows[i].name_offset,
              rows[i].name_length, present ? 1.0f : 2.0f);
    }
  // A compact name of a header the message repeats, while one mandatory header
  // is missing ("f:" beside From and no To), stands in for the missing one:
  // the letter is what changed, and the findings on the repeated header's rows
  // name the header it replaced (RFC 3261 §7.3.3: one letter apart, compact
  // forms are easy to swap).
  header_id missing = header_id::other;
  std::size_t missing_count = 0;
  for (std::size_t i = 0; i < s.stored; ++i)
    if (buf[i].rule == rule_id::missing_mandatory_header && buf[i].header != missing) {
      missing = buf[i].header;
      ++missing_count;
    }
  auto stand_in = [&](std::uint16_t row) noexcept {
    if (missing_count != 1 || row == no_header || row >= rows.size()) return false;
    const header_id id = rows[row].id;
    if (id == header_id::other || m.count(id) < 2) return false;
    // the findings on either row of the pair are about the compact one's being there
    for (const header_record& r : rows)
      if (r.id == id && r.name_length == 1) return true;
    return false;
  };
  for (std::size_t i = 0; i < s.stored; ++i) {
    const finding& f = buf[i];
    // the absence of a header a near-miss name stands for is that name's evidence
    if ((f.rule == rule_id::missing_mandatory_header || f.rule == rule_id::missing_since_rfc3261) &&
        imitated[static_cast<std::size_t>(f.header)])
      continue;
    // a finding on a row with an unknown name names the header the name imitates
    header_id h = f.header == header_id::other ? row_header(m, names, f.header_index) : f.header;
    std::uint16_t row = f.header_index;
    if (stand_in(row)) h = missing;
    // a body at odds with Content-Length is that header's evidence
    header_view cl;
    if ((f.rule == rule_id::body_shorter_than_content_length || f.rule == rule_id::bytes_after_body) &&
        h == header_id::other && m.find(header_id::content_length, cl)) {
      h = header_id::content_length;
      row = cl.index;
    }
    // a point finding names the byte it stands before; at the message's end there is none
    const std::uint32_t length = f.length ? f.length : f.offset < m.raw().size() ? 1u : 0u;
    out.add_rule(f.rule, h, row, f.offset, length);
  }
  // the body against its label, the other disagreement no rule can decide (shapes.cpp)
  if (out.profile) body_feature(m, *out.profile, out);
}

}  // namespace sipspan::score_detail
