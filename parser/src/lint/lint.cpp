// sipspan — the validator (lint.hpp): the rule catalogue and the checks.
//
// One pass over a parsed message in four parts: the deviations the parse
// recorded, the start line, each header row through its typed parser, then the
// message-level semantics and the body. Where the scan typed a field
// (message_view::scanned()), the checks read its spans and facts instead of
// parsing the value again (lint_checks.hpp, reading). Every check writes
// through one sink that applies the profile's severity, counts, and stores
// while there is room.

#include "sipspan/lint.hpp"

#include <algorithm>

#include "lint/lint_checks.hpp"
#include "sipspan/params.hpp"

namespace sipspan {
namespace {

constexpr severity E = severity::error;
constexpr severity W = severity::warning;
constexpr severity I = severity::info;
constexpr severity O = severity::off;

constexpr rule_info rule_table[] = {
#define SIPSPAN_X(e, code, name, s, i, f, rfc, summary, text) {rule_id::e, code, name, {s, i, f}, rfc, summary, text},
    SIPSPAN_RULE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};
static_assert(std::size(rule_table) == rule_count);

}  // namespace

std::string_view severity_name(severity s) noexcept {
  switch (s) {
    case severity::off: return "off";
    case severity::info: return "info";
    case severity::warning: return "warning";
    case severity::error: return "error";
  }
  return "off";
}

std::string_view profile_name(lint_profile p) noexcept {
  switch (p) {
    case lint_profile::strict: return "strict";
    case lint_profile::interop: return "interop";
    case lint_profile::forensic: return "forensic";
  }
  return "strict";
}

bool profile_from_name(std::string_view n, lint_profile& out) noexcept {
  for (lint_profile p : {lint_profile::strict, lint_profile::interop, lint_profile::forensic})
    if (n == profile_name(p)) return out = p, true;
  return false;
}

const rule_info& rule(rule_id r) noexcept { return rule_table[static_cast<std::size_t>(r)]; }

std::span<const rule_info> rules() noexcept { return rule_table; }

bool find_rule(std::string_view key, rule_id& out) noexcept {
  for (const rule_info& r : rule_table)
    if (iequals(key, r.code) || key == r.name) return out = r.id, true;
  return false;
}

severity lint_options::level_of(rule_id r) const noexcept {
  auto i = static_cast<std::size_t>(r);
  if (disable[i]) return severity::off;
  if (override_level[i]) return level_override[i];
  severity s = rule_table[i].level[static_cast<std::size_t>(profile)];
  if (s == severity::off && enable[i]) {
    s = rule_table[i].level[static_cast<std::size_t>(lint_profile::strict)];
    if (s == severity::off) s = rule_table[i].level[static_cast<std::size_t>(lint_profile::forensic)];
    if (s == severity::off) s = severity::info;
  }
  return s;
}

namespace lint_detail {

void sink::add(rule_id r, error_code detail, header_id header, std::uint16_t index, std::uint32_t offset,
               std::uint32_t length) noexcept {
  severity s = options->level_of(r);
  if (s == severity::off) return;
  ++summary.total;
  switch (s) {
    case severity::error: ++summary.errors; break;
    case severity::warning: ++summary.warnings; break;
    default: ++summary.infos; break;
  }
  // a finding at the very end of the message (a part cut by the body's end)
  // names no byte past it
  if (offset > size) offset = size;
  if (length > size - offset) length = size - offset;
  if (summary.stored < capacity) out[summary.stored++] = finding{r, s, detail, header, index, offset, length};
}

}  // namespace lint_detail

lint_summary lint(const message_view& msg, std::span<finding> out, const lint_options& opts) noexcept {
  lint_detail::sink s;
  s.out = out.data();
  s.capacity = opts.max_findings ? std::min(opts.max_findings, out.size()) : out.size();
  s.options = &opts;
  s.size = static_cast<std::uint32_t>(std::min<std::size_t>(msg.raw().size(), 0xFFFFFFFFu));
  lint_detail::check_message(msg, s);
  std::sort(out.data(), out.data() + s.summary.stored, [](const finding& a, const finding& b) {
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.rule < b.rule;
  });
  return s.summary;
}

lint_summary lint(std::string_view input, message_view& scratch, std::span<finding> out,
                  const lint_options& opts) noexcept {
  result r = parse(input, scratch);
  if (r) {
    lint_summary s = lint(scratch, out, opts);
    s.parse = r;
    return s;
  }
  lint_detail::sink s;
  s.out = out.data();
  s.capacity = opts.max_findings ? std::min(opts.max_findings, out.size()) : out.size();
  s.options = &opts;
  s.size = static_cast<std::uint32_t>(std::min<std::size_t>(input.size(), 0xFFFFFFFFu));
  // A framing failure that is itself a deviation kind keeps that kind's rule.
  rule_id rid = rule_id::unparseable;
  if (r.code == error_code::deviation_rejected) rid = lint_detail::rule_for(r.deviation);
  std::uint32_t len = r.offset < input.size() ? 1 : 0;
  s.add(rid, r.code, header_id::other, no_header, r.offset, len);
  s.summary.parse = r;
  return s.summary;
}

}  // namespace sipspan
