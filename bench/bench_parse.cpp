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
// Corpora: corpus/bench (the project's own messages, named "own"), plus each entry of
// SIPSPAN_BENCH_CORPUS (colon-separated), read at run time and never copied. An entry is
//   a directory        every *.sip file in it, e.g. /path/to/set
//   dir/pattern        the files of dir whose name matches the fnmatch(3) pattern,
//                      e.g. '../shared/bench-corpus/[01]*.sip' (its 12 messages 01..12)
// and is named after the directory. Files are parsed in name order.
//
//   export SIPSPAN_BENCH_CORPUS='../shared/bench-corpus/[01]*.sip'
//   build/bench/bench_parse --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// frame_typed checks once, before timing, that every typed parse it does succeeds on
// every message of the corpus (a failing parse would time an early exit); the program
// stops with a message naming the file and field if one does not.

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fnmatch.h>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "sipspan/uri.hpp"

namespace fs = std::filesystem;

namespace {

struct corpus_set {
  std::string name;
  std::vector<std::string> files;
  std::vector<std::string> messages;
  std::size_t bytes = 0;
};

std::vector<corpus_set>& corpora() {
  static std::vector<corpus_set> c;
  return c;
}

// The files of `dir` whose name matches `pattern` (fnmatch(3)).
corpus_set load(const fs::path& dir, const std::string& pattern, std::string name) {
  corpus_set s;
  s.name = std::move(name);
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.is_regular_file() && fnmatch(pattern.c_str(), e.path().filename().c_str(), 0) == 0)
      files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    s.files.push_back(f.filename().string());
    s.messages.push_back(ss.str());
    s.bytes += s.messages.back().size();
  }
  return s;
}

// One SIPSPAN_BENCH_CORPUS entry: a directory, or a directory and a file-name pattern.
void add_corpus(const std::string& entry) {
  if (entry.empty()) return;
  fs::path p = entry;
  if (fs::is_directory(p)) {
    corpora().push_back(load(p, "*.sip", p.filename().string()));
  } else if (fs::is_directory(p.parent_path())) {
    corpora().push_back(load(p.parent_path(), p.filename().string(), p.parent_path().filename().string()));
  } else {
    std::cerr << "SIPSPAN_BENCH_CORPUS: no such directory: " << entry << "\n";
  }
}

// ---- (b): the typed values a proxy reads
// Request-URI, top Via, From, To, CSeq, Call-ID, every Contact, Content-Length.
// Returns the name of the first field that failed to parse, or nullptr.
const char* typed_fields(const sipspan::message_view& v, std::uint64_t& sink) {
  using sipspan::header_id;
  if (v.is_request()) {
    sipspan::uri_view u;
    if (!sipspan::parse_uri(v.request_uri(), u)) return "Request-URI";
    sink += u.host.size();
  }
  auto vias = v.values(header_id::via);
  if (auto it = vias.begin(); it != vias.end()) {
    sipspan::via_view via;
    if (!sipspan::parse_via(*it, via)) return "Via";
    sink += via.host.size() + via.transport.size();
  }
  sipspan::name_addr_view na;
  if (v.has(header_id::from)) {
    if (!sipspan::parse_name_addr(v.value(header_id::from), na)) return "From";
    sink += na.uri.size() + na.display_name.size();
  }
  if (v.has(header_id::to)) {
    if (!sipspan::parse_name_addr(v.value(header_id::to), na)) return "To";
    sink += na.uri.size();
  }
  if (v.has(header_id::cseq)) {
    sipspan::cseq_view c;
    if (!sipspan::parse_cseq(v.value(header_id::cseq), c)) return "CSeq";
    sink += c.number;
  }
  if (v.has(header_id::call_id)) {
    sipspan::call_id_view c;
    if (!sipspan::parse_call_id(v.value(header_id::call_id), c)) return "Call-ID";
    sink += c.value.size();
  }
  for (std::string_view e : v.values(header_id::contact)) {
    if (!sipspan::parse_contact(e, na)) return "Contact";
    sink += na.uri.size();
  }
  if (v.has(header_id::content_length)) {
    std::uint32_t n = 0;
    if (!sipspan::parse_content_length(v.value(header_id::content_length), n)) return "Content-Length";
    sink += n;
  }
  return nullptr;
}

// Every message of the corpus frames and every typed value parses.
bool check_typed(const corpus_set& c) {
  sipspan::message_view view;
  std::uint64_t sink = 0;
  for (std::size_t i = 0; i < c.messages.size(); ++i) {
    if (!sipspan::parse(c.messages[i], view)) {
      std::cerr << c.name << "/" << c.files[i] << ": does not frame\n";
      return false;
    }
    if (const char* field = typed_fields(view, sink)) {
      std::cerr << c.name << "/" << c.files[i] << ": " << field << " does not parse\n";
      return false;
    }
  }
  return true;
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

void bm_frame_typed(benchmark::State& state, const corpus_set* c) {
  sipspan::message_view view;
  std::uint64_t sink = 0;
  run(state, *c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    benchmark::DoNotOptimize(r);
    const char* failed = typed_fields(view, sink);
    benchmark::DoNotOptimize(failed);
  });
  benchmark::DoNotOptimize(sink);
}

}  // namespace

int main(int argc, char** argv) {
  fs::path root = SIPSPAN_SOURCE_ROOT;
  if (fs::exists(root / "corpus" / "bench")) corpora().push_back(load(root / "corpus" / "bench", "*.sip", "own"));
  if (const char* extra = std::getenv("SIPSPAN_BENCH_CORPUS")) {
    std::string list = extra;
    std::size_t pos = 0;
    while (pos <= list.size()) {
      std::size_t e = list.find(':', pos);
      if (e == std::string::npos) e = list.size();
      add_corpus(list.substr(pos, e - pos));
      pos = e + 1;
    }
  }
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
