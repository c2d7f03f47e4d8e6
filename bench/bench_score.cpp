// sipspan — anomaly scoring throughput (Google Benchmark).
//
// Each corpus is parsed and scored round-robin, one message per iteration, with
// the default profile (corpus/profile/default.json), so items_per_second is
// messages per second on one core. In the same run:
//   frame_index  sipspan::parse alone (the floor the scorer adds to)
//   score_only   sipspan::score on a message parsed before timing
//   parse_score  sipspan::parse + sipspan::score: what `sipspan score` does per message
//
// Corpora: corpus/bench (named "own") plus the entries of SIPSPAN_BENCH_CORPUS, as
// described in corpus_loader.hpp.
//
//   build/bench/bench_score --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "corpus_loader.hpp"
#include "default_profile.hpp"
#include "sipspan/score.hpp"

using namespace sipspan_bench;

namespace {

sipspan::score_profile& profile() {
  static sipspan::score_profile p;
  return p;
}

void bm_score_only(benchmark::State& state, const corpus_set* c) {
  std::vector<sipspan::message_view> views(c->messages.size());
  for (std::size_t i = 0; i < views.size(); ++i) (void)sipspan::parse(c->messages[i], views[i]);
  std::size_t i = 0;
  float total = 0;
  for (auto _ : state) {
    sipspan::score_result r = sipspan::score(views[i], profile());
    total += r.score;
    benchmark::DoNotOptimize(r);
    if (++i == views.size()) i = 0;
  }
  benchmark::DoNotOptimize(total);
  state.SetItemsProcessed(state.iterations());
}

void bm_parse_score(benchmark::State& state, const corpus_set* c) {
  sipspan::message_view view;
  run(state, *c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    sipspan::score_result s = r ? sipspan::score(view, profile()) : sipspan::unparseable_result(r, m.size());
    benchmark::DoNotOptimize(s);
  });
}

}  // namespace

int main(int argc, char** argv) {
  if (!sipspan::bench::load_default_profile(std::filesystem::path(SIPSPAN_SOURCE_ROOT), profile())) return 1;
  load_corpora(SIPSPAN_SOURCE_ROOT);
  using bench_fn = void (*)(benchmark::State&, const corpus_set*);
  const std::pair<const char*, bench_fn> benches[] = {
      {"frame_index/", bm_frame_index}, {"score_only/", bm_score_only}, {"parse_score/", bm_parse_score}};
  for (const corpus_set& c : corpora())
    for (const auto& [prefix, fn] : benches)
      if (!c.messages.empty()) benchmark::RegisterBenchmark((prefix + c.name).c_str(), fn, &c);
  benchmark::Initialize(&argc, argv);
  if (!benchmark::ReportUnrecognizedArguments(argc, argv)) benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
