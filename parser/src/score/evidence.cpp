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

}  // namespace

// Hard evidence: every finding of the validator (strict profile), into the
// caller's buffer, and the unknown names that imitate known ones.
void validator_evidence(const message_view& m, const row_names& names, std::span<finding> buf,
                        collector& out) noexcept {
  const auto rows = m.records();
  bool imitated[header_id_count] = {};
  for (std::size_t i = 0; names.imitations && i < rows.size() && i < row_names::capacity; ++i)
    if (rows[i].id == header_id::other && names.ids[i] != header_id::other) {
      imitated[static_cast<std::size_t>(names.ids[i])] = true;
      // Twice the weight when the imitated header is also absent: a parser that
      // folds the name finds a header the others do not.
      float scale = m.has(names.ids[i]) ? 1.0f : 2.0f;
      out.add(score_feature::header_name_near_miss, names.ids[i], static_cast<std::uint16_t>(i), rows[i].name_offset,
              rows[i].name_length, scale);
    }
  const lint_options strict{};
  const lint_summary s = lint(m, buf, strict);
  for (std::size_t i = 0; i < s.stored; ++i) {
    const finding& f = buf[i];
    // the absence of a header a near-miss name stands for is that name's evidence
    if ((f.rule == rule_id::missing_mandatory_header || f.rule == rule_id::missing_since_rfc3261) &&
        imitated[static_cast<std::size_t>(f.header)])
      continue;
    // a finding on a row with an unknown name names the header the name imitates
    header_id h = f.header == header_id::other ? row_header(m, names, f.header_index) : f.header;
    std::uint16_t row = f.header_index;
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
}

}  // namespace sipspan::score_detail
