// sipspan benchmarks — the corpus loader, the typed-field reader of frame_typed and the
// round-robin loop, shared by bench_parse.cpp and bench_peers.cpp.
//
// Corpora: corpus/bench (the project's own messages, named "own"), plus each entry of
// SIPSPAN_BENCH_CORPUS (colon-separated), read at run time and never copied. An entry is
//   a directory        every *.sip file in it, e.g. /path/to/set
//   dir/pattern        the files of dir whose name matches the fnmatch(3) pattern,
//                      e.g. '../shared/bench-corpus/[01]*.sip' (its 12 messages 01..12)
// and is named after the directory. Files are parsed in name order.

#pragma once

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
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
#include "sipspan/scanned.hpp"
#include "sipspan/uri.hpp"

namespace sipspan_bench {

struct corpus_set {
  std::string name;
  std::vector<std::string> files;
  std::vector<std::string> messages;
  std::size_t bytes = 0;
};

inline std::vector<corpus_set>& corpora() {
  static std::vector<corpus_set> c;
  return c;
}

// The files of `dir` whose name matches `pattern` (fnmatch(3)).
inline corpus_set load(const std::filesystem::path& dir, const std::string& pattern, std::string name) {
  corpus_set s;
  s.name = std::move(name);
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir))
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
inline void add_corpus(const std::string& entry) {
  if (entry.empty()) return;
  std::filesystem::path p = entry;
  if (std::filesystem::is_directory(p)) {
    corpora().push_back(load(p, "*.sip", p.filename().string()));
  } else if (std::filesystem::is_directory(p.parent_path())) {
    corpora().push_back(load(p.parent_path(), p.filename().string(), p.parent_path().filename().string()));
  } else {
    std::cerr << "SIPSPAN_BENCH_CORPUS: no such directory: " << entry << "\n";
  }
}

// ---- (b): the typed values a proxy reads
// Request-URI, top Via, From, To, CSeq, Call-ID, every Contact, Content-Length. The scan
// typed the Request-URI, Via, From, To, CSeq, Call-ID and a lone Contact as it passed (scanned.hpp reads
// its marks, or parses a value it did not type) and converted Content-Length.
// Returns the name of the first field that failed to parse, or nullptr.
inline const char* typed_fields(const sipspan::message_view& v, std::uint64_t& sink) {
  using sipspan::header_id;
  if (v.is_request()) {
    sipspan::uri_view u;
    if (!sipspan::parse_request_uri(v, u)) return "Request-URI";
    sink += u.host.size();
  }
  if (v.has(header_id::via)) {
    sipspan::via_view via;
    if (!sipspan::parse_via(v, via)) return "Via";
    sink += via.host.size() + via.transport.size();
  }
  sipspan::name_addr_view na;
  if (v.has(header_id::from)) {
    if (!sipspan::parse_from(v, na)) return "From";
    sink += na.uri.size() + na.display_name.size();
  }
  if (v.has(header_id::to)) {
    if (!sipspan::parse_to(v, na)) return "To";
    sink += na.uri.size();
  }
  if (v.has(header_id::cseq)) {
    sipspan::cseq_view c;
    if (!sipspan::parse_cseq(v, c)) return "CSeq";
    sink += c.number;
  }
  if (v.has(header_id::call_id)) {
    sipspan::call_id_view c;
    if (!sipspan::parse_call_id(v, c)) return "Call-ID";
    sink += c.value.size();
  }
  if (!sipspan::each_contact(v, [&](const sipspan::name_addr_view& c) { sink += c.uri.size(); })) return "Contact";
  if (v.has_content_length()) sink += v.content_length();
  return nullptr;
}

// Every message of the corpus frames and every typed value parses.
inline bool check_typed(const corpus_set& c) {
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
inline void run(benchmark::State& state, const corpus_set& c, F&& f) {
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

// corpus/bench under `root` (named "own"), then each entry of SIPSPAN_BENCH_CORPUS.
inline void load_corpora(const std::filesystem::path& root) {
  if (std::filesystem::exists(root / "corpus" / "bench"))
    corpora().push_back(load(root / "corpus" / "bench", "*.sip", "own"));
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
}

// The benchmarks every program runs beside its own: the floors and sipspan itself.
inline void bm_memcpy(benchmark::State& state, const corpus_set* c) {
  static char sink[1 << 16];
  run(state, *c, [](const std::string& m) {
    std::memcpy(sink, m.data(), std::min(m.size(), sizeof sink));
    benchmark::DoNotOptimize(sink);
    benchmark::ClobberMemory();
  });
}

inline void bm_memchr_lines(benchmark::State& state, const corpus_set* c) {
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

inline void bm_frame_index(benchmark::State& state, const corpus_set* c) {
  sipspan::message_view view;
  run(state, *c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(view.header_count());
  });
}

inline void bm_frame_typed(benchmark::State& state, const corpus_set* c) {
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

}  // namespace sipspan_bench
