// sipspan — SDP parsing and stream framing throughput (Google Benchmark).
//
//   sdp_parse      parse_sdp over the valid bodies of corpus/sdp, round-robin
//                  (the structural pass: lines, order, media table)
//   sdp_validate   parse_sdp + validate_sdp (every typed line: o, c, b, t, m,
//                  rtpmap, fmtp, candidate, fingerprint, crypto, ...)
//   stream/N       a TCP-like stream of the corpus/bench messages (repeated to
//                  ~256 KiB, a CRLFCRLF keepalive between rounds) fed to
//                  stream_framer in chunks of N bytes (0: the whole stream at
//                  once); every message is framed and parsed. The counters say
//                  how many frames were assembled (copied) rather than handed
//                  out in place.
//   memchr_stream  a memchr line split of the same stream (the floor)

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sipspan/framing.hpp"
#include "sipspan/sdp.hpp"

namespace fs = std::filesystem;

namespace {

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path root() { return SIPSPAN_SOURCE_ROOT; }

// The bodies expect.tsv marks ok.
const std::vector<std::string>& sdp_bodies() {
  static std::vector<std::string> bodies = [] {
    std::vector<std::string> v;
    std::istringstream list(read(root() / "corpus" / "sdp" / "expect.tsv"));
    std::string line;
    while (std::getline(list, line)) {
      std::istringstream f(line);
      std::string name, outcome;
      f >> name >> outcome;
      if (outcome == "ok") v.push_back(read(root() / "corpus" / "sdp" / name));
    }
    return v;
  }();
  return bodies;
}

struct stream_data {
  std::string bytes;
  std::size_t messages = 0;
};

const stream_data& stream() {
  static stream_data s = [] {
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(root() / "corpus" / "bench"))
      if (e.path().extension() == ".sip") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> msgs;
    for (const auto& f : files) msgs.push_back(read(f));
    stream_data d;
    while (d.bytes.size() < 256 * 1024) {
      for (const auto& m : msgs) {
        d.bytes += m;
        ++d.messages;
      }
      d.bytes += "\r\n\r\n";  // keepalive ping between rounds
    }
    return d;
  }();
  return s;
}

void bm_sdp(benchmark::State& state, bool validate) {
  const auto& bodies = sdp_bodies();
  sipspan::session_description_view view;
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& b = bodies[i];
    sipspan::result r = sipspan::parse_sdp(b, view);
    if (validate && r) r = sipspan::validate_sdp(view);
    if (!r) state.SkipWithError("a valid corpus body did not parse");
    benchmark::DoNotOptimize(r);
    bytes += b.size();
    if (++i == bodies.size()) i = 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["bodies"] = static_cast<double>(bodies.size());
}

void bm_stream(benchmark::State& state) {
  const stream_data& s = stream();
  const std::size_t chunk = static_cast<std::size_t>(state.range(0));
  sipspan::stream_framer framer;
  sipspan::message_view msg;
  sipspan::stream_frame f;
  std::size_t assembled = 0, messages = 0;
  for (auto _ : state) {
    framer.reset();
    std::size_t n = 0;
    for (std::size_t pos = 0; pos < s.bytes.size();) {
      std::size_t len = chunk == 0 ? s.bytes.size() : std::min(chunk, s.bytes.size() - pos);
      framer.feed(std::string_view(s.bytes).substr(pos, len));
      pos += len;
      while (framer.next(f, msg) != sipspan::stream_event::need_more) {
        if (f.event == sipspan::stream_event::error) {
          state.SkipWithError("the corpus stream did not frame");
          return;
        }
        if (f.event == sipspan::stream_event::message) {
          ++n;
          assembled += f.assembled;
        }
      }
    }
    if (n != s.messages) {
      state.SkipWithError("wrong number of messages");
      return;
    }
    messages += n;
  }
  state.SetBytesProcessed(static_cast<int64_t>(s.bytes.size() * state.iterations()));
  state.SetItemsProcessed(static_cast<int64_t>(messages));
  state.counters["assembled_per_pass"] =
      static_cast<double>(assembled) / static_cast<double>(std::max<std::int64_t>(1, state.iterations()));
  state.counters["messages_per_pass"] = static_cast<double>(s.messages);
}

void bm_memchr_stream(benchmark::State& state) {
  const stream_data& s = stream();
  for (auto _ : state) {
    const char* p = s.bytes.data();
    const char* e = p + s.bytes.size();
    std::size_t lines = 0;
    while (const void* q = std::memchr(p, '\n', static_cast<std::size_t>(e - p))) {
      p = static_cast<const char*>(q) + 1;
      ++lines;
    }
    benchmark::DoNotOptimize(lines);
  }
  state.SetBytesProcessed(static_cast<int64_t>(s.bytes.size() * state.iterations()));
  state.SetItemsProcessed(static_cast<int64_t>(s.messages * state.iterations()));
}

}  // namespace

BENCHMARK_CAPTURE(bm_sdp, sdp_parse, false);
BENCHMARK_CAPTURE(bm_sdp, sdp_validate, true);
BENCHMARK(bm_memchr_stream)->Name("memchr_stream");
BENCHMARK(bm_stream)->Name("stream")->Arg(0)->Arg(1460)->Arg(64);

BENCHMARK_MAIN();
