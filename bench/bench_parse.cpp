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
// Corpora: corpus/bench (the project's own messages), plus any directories named in
// SIPSPAN_BENCH_CORPUS (colon-separated), e.g. a local reference set.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sipspan/message.hpp"

namespace fs = std::filesystem;

namespace {

struct corpus_set {
  std::string name;
  std::vector<std::string> messages;
  std::size_t bytes = 0;
};

std::vector<corpus_set>& corpora() {
  static std::vector<corpus_set> c;
  return c;
}

corpus_set load(const fs::path& dir, std::string name) {
  corpus_set s;
  s.name = std::move(name);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && e.path().extension() == ".sip") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    s.messages.push_back(ss.str());
    s.bytes += s.messages.back().size();
  }
  return s;
}

template <class F>
void run(benchmark::State& state, const corpus_set& c, F&& f) {
  const std::size_t n = c.messages.size();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& m = c.messages[i];
    f(m);
    bytes += m.size();
    if (++i == n) i = 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["msg_bytes_avg"] = static_cast<double>(c.bytes) / static_cast<double>(n);
}

void bm_memcpy(benchmark::State& state, const corpus_set* c) {
  static char sink[1 << 16];
  run(state, *c, [](const std::string& m) {
    std::memcpy(sink, m.data(), std::min(m.size(), sizeof sink));
    benchmark::DoNotOptimize(sink);
    benchmark::ClobberMemory();
  });
}

void bm_memchr_lines(benchmark::State& state, const corpus_set* c) {
  run(state, *c, [](const std::string& m) {
    const char* p = m.data();
    const char* e = p + m.size();
    unsigned lines = 0;
    while (const void* q = std::memchr(p, '\n', static_cast<std::size_t>(e - p))) {
      p = static_cast<const char*>(q) + 1;
      ++lines;
    }
    benchmark::DoNotOptimize(lines);
  });
}

void bm_frame_index(benchmark::State& state, const corpus_set* c) {
  sipspan::message_view view;
  run(state, *c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(view.header_count());
  });
}


}  // namespace

int main(int argc, char** argv) {
  fs::path root = SIPSPAN_SOURCE_ROOT;
  if (fs::exists(root / "corpus" / "bench")) corpora().push_back(load(root / "corpus" / "bench", "own"));
  if (const char* extra = std::getenv("SIPSPAN_BENCH_CORPUS")) {
    std::string list = extra;
    std::size_t pos = 0;
    while (pos <= list.size()) {
      std::size_t e = list.find(':', pos);
      if (e == std::string::npos) e = list.size();
      fs::path d = list.substr(pos, e - pos);
      if (!d.empty() && fs::is_directory(d)) corpora().push_back(load(d, d.filename().string()));
      pos = e + 1;
    }
  }
  for (const corpus_set& c : corpora()) {
    if (c.messages.empty()) continue;
    benchmark::RegisterBenchmark(("memcpy/" + c.name).c_str(), bm_memcpy, &c);
    benchmark::RegisterBenchmark(("memchr_lines/" + c.name).c_str(), bm_memchr_lines, &c);
    benchmark::RegisterBenchmark(("frame_index/" + c.name).c_str(), bm_frame_index, &c);
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
