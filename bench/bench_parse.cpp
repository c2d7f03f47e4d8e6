// sipspan — parse throughput (Google Benchmark).
//
// Each corpus (a directory of .sip files) is parsed round-robin, one message per
// iteration, so the time per iteration is ns/message and bytes_per_second is the
// throughput over the real message sizes. In the same run:
//   memcpy       copy the message's bytes (the physical floor)
//   memchr_lines split the message into lines with memchr (the floor for a line splitter)
//   frame_index  sipspan::parse: start line, header table with ids, body, deviations  (a)
//   frame_typed  (a) plus the typed values a proxy reads: Request-URI, Via, From, To,
//                CSeq, Call-ID, Contact, Content-Length                               (b)
//
// Corpora: corpus/bench (named "own") plus the entries of SIPSPAN_BENCH_CORPUS, as
// described in corpus_loader.hpp (shared with bench_peers.cpp).
//
//   export SIPSPAN_BENCH_CORPUS='../shared/bench-corpus/[01]*.sip'
//   build/bench/bench_parse --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// frame_typed checks once, before timing, that every typed parse it does succeeds on
// every message of the corpus (a failing parse would time an early exit); the program
// stops with a message naming the file and field if one does not.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "corpus_loader.hpp"

using namespace sipspan_bench;

int main(int argc, char** argv) {
  load_corpora(SIPSPAN_SOURCE_ROOT);
  for (const corpus_set& c : corpora()) {
    if (c.messages.empty()) continue;
    if (!check_typed(c)) return 1;
    benchmark::RegisterBenchmark(("memcpy/" + c.name).c_str(), bm_memcpy, &c);
    benchmark::RegisterBenchmark(("memchr_lines/" + c.name).c_str(), bm_memchr_lines, &c);
    benchmark::RegisterBenchmark(("frame_index/" + c.name).c_str(), bm_frame_index, &c);
    benchmark::RegisterBenchmark(("frame_typed/" + c.name).c_str(), bm_frame_typed, &c);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
