// sipspan — libFuzzer target: sipspan::lint in every profile.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - every finding lies inside the input (offset + length <= size) and names a
//    header row that exists;
//  - the summary adds up: errors + warnings + infos == total, stored <= total,
//    stored <= the storage, and each stored finding has the profile's severity;
//  - findings are sorted by offset, and linting is deterministic;
//  - a message the parser cannot frame gives exactly one finding, unparseable
//    (or the rule of the rejected deviation), at the parser's offset;
//  - the forensic profile reports at least every error the strict one does.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sipspan/lint.hpp"
#include "work_bound.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

sipspan::lint_summary check(std::string_view in, sipspan::lint_profile p, sipspan::finding* out, std::size_t cap) {
  sipspan::message_view m;
  sipspan::lint_options o;
  o.profile = p;
  sipspan::lint_summary s = sipspan::lint(in, m, std::span<sipspan::finding>(out, cap), o);
  require(s.errors + s.warnings + s.infos == s.total);
  require(s.stored <= s.total && s.stored <= cap);
  for (std::size_t i = 0; i < s.stored; ++i) {
    const sipspan::finding& f = out[i];
    require(f.offset <= in.size() && f.length <= in.size() - f.offset);
    require(f.level != sipspan::severity::off && f.level == o.level_of(f.rule));
    if (s.parse.ok() && f.header_index != sipspan::no_header) require(f.header_index < m.header_count());
    if (i) require(out[i - 1].offset <= f.offset);
  }
  if (!s.parse.ok()) {
    require(s.total <= 1);
    if (s.stored == 1) require(out[0].offset == s.parse.offset);
  }
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  static sipspan::finding a[256], b[256];
  sipspan::lint_summary strict = check(in, sipspan::lint_profile::strict, a, 256);
  sipspan::lint_summary again = check(in, sipspan::lint_profile::strict, b, 256);
  require(strict.total == again.total && strict.stored == again.stored);
  for (std::size_t i = 0; i < strict.stored; ++i)
    require(a[i].rule == b[i].rule && a[i].offset == b[i].offset && a[i].length == b[i].length &&
            a[i].detail == b[i].detail && a[i].header_index == b[i].header_index);
  sipspan::lint_summary forensic = check(in, sipspan::lint_profile::forensic, b, 256);
  require(forensic.errors >= strict.errors);
  check(in, sipspan::lint_profile::interop, b, 4);  // a small span: storage bounded, counts kept
  return 0;
}
