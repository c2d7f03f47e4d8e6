// sipspan — validator throughput (Google Benchmark).
//
//   frame_index/<corpus>      parse() alone (the framing pass), for reference
//   lint/<corpus>             parse() + lint() in the strict profile: every rule,
//                             every typed header value, SDP and multipart bodies
//   lint_forensic/<corpus>    the same with every rule on (style notes included)
//   memchr_lines/<corpus>     the floor: a memchr line split of the same bytes
//
// Corpora as in bench_parse (corpus/bench as "own", plus SIPSPAN_BENCH_CORPUS,
// e.g. '../shared/bench-corpus/[01]*.sip'), and corpus/torture/valid as
// "torture_valid". items_per_second is messages per second on one core.

#include <benchmark/benchmark.h>

#include "corpus_loader.hpp"
#include "sipspan/lint.hpp"

using namespace sipspan_bench;

namespace {

void bm_lint(benchmark::State& state, const corpus_set* c, sipspan::lint_profile profile) {
  sipspan::message_view view;
  sipspan::finding out[64];
  sipspan::lint_options opts;
  opts.profile = profile;
  std::size_t findings = 0;
  run(state, *c, [&](const std::string& m) {
    sipspan::lint_summary s = sipspan::lint(m, view, out, opts);
    findings += s.total;
    benchmark::DoNotOptimize(out);
  });
  state.counters["findings_per_msg"] =
      benchmark::Counter(static_cast<double>(findings) / static_cast<double>(state.iterations()));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  load_corpora(SIPSPAN_SOURCE_ROOT);
  corpora().push_back(load(std::filesystem::path(SIPSPAN_SOURCE_ROOT) / "corpus" / "torture" / "valid", "*.sip",
                           "torture_valid"));
  for (const corpus_set& c : corpora()) {
    benchmark::RegisterBenchmark(("memchr_lines/" + c.name).c_str(), bm_memchr_lines, &c);
    benchmark::RegisterBenchmark(("frame_index/" + c.name).c_str(), bm_frame_index, &c);
    benchmark::RegisterBenchmark(("lint/" + c.name).c_str(), bm_lint, &c, sipspan::lint_profile::strict);
    benchmark::RegisterBenchmark(("lint_forensic/" + c.name).c_str(), bm_lint, &c, sipspan::lint_profile::forensic);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
