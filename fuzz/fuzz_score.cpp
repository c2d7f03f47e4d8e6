// sipspan — libFuzzer target: the anomaly scorer, sipspan::score after a
// tolerant parse (unparseable_result when the input cannot be framed), with the
// default profile: corpus/profile/default.json as embedded at build time, or the
// profile at the path in SIPSPAN_FUZZ_PROFILE.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - the score is finite and at least 0, and so is every reason's contribution;
//  - at most max_reasons reasons, sorted by contribution, largest first;
//  - every reason points inside the input and names a header row that exists;
//  - scoring is deterministic (a second parse and score give the same result).

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>

#include "sipspan/score.hpp"
#include "sipspan/score_cli.hpp"
#include "work_bound.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

const sipspan::score_profile& profile() {
  static const sipspan::score_profile p = [] {
    std::string text(sipspan::cli::default_profile_json());
    if (const char* path = std::getenv("SIPSPAN_FUZZ_PROFILE")) {
      std::ifstream in(path, std::ios::binary);
      text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    sipspan::score_profile out;
    sipspan::profile_error err;
    if (!sipspan::load_profile_json(text, out, err)) {
      std::fprintf(stderr, "fuzz_score: the profile does not load: %s (offset %zu)\n", err.message.c_str(), err.offset);
      std::abort();
    }
    return out;
  }();
  return p;
}

sipspan::score_result score_input(std::string_view in, sipspan::message_view& m, sipspan::result& r) {
  r = sipspan::parse(in, m);
  return r ? sipspan::score(m, profile()) : sipspan::unparseable_result(r, in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sipspan::message_view m;
  sipspan::result parsed;
  sipspan::score_result s = score_input(in, m, parsed);

  require(std::isfinite(s.score) && s.score >= 0);
  require(s.reason_count <= sipspan::score_result::max_reasons);
  for (std::size_t i = 0; i < s.reason_count; ++i) {
    const sipspan::score_reason& r = s.reasons[i];
    require(std::isfinite(r.contribution) && r.contribution >= 0);
    require(r.offset <= size && r.length <= size - r.offset);
    if (parsed) require(r.header_index == sipspan::no_header || r.header_index < m.header_count());
    if (i) require(s.reasons[i - 1].contribution >= r.contribution);
  }

  sipspan::message_view again;
  sipspan::result reparsed;
  sipspan::score_result t = score_input(in, again, reparsed);
  require(t.score == s.score && t.reason_count == s.reason_count);
  for (std::size_t i = 0; i < s.reason_count; ++i) {
    const sipspan::score_reason &a = s.reasons[i], &b = t.reasons[i];
    require(a.feature == b.feature && a.header == b.header && a.header_index == b.header_index &&
            a.offset == b.offset && a.length == b.length && a.contribution == b.contribution);
  }
  return 0;
}
