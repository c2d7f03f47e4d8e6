// sipspan beside the SIP parsers Debian packages (Google Benchmark).
//
// The corpora of bench_parse (corpus/bench, named "own", plus the SIPSPAN_BENCH_CORPUS
// entries; see corpus_loader.hpp) are parsed round-robin, one message per iteration,
// so the time per iteration is ns/message. In the same run:
//   memcpy        copy the message's bytes (the physical floor)
//   memchr_lines  split the message into lines with memchr (floor for a line splitter)
//   frame_index   sipspan::parse: start line, header table with ids, body, deviations
//   frame_typed   frame_index plus the typed values a proxy reads (as in bench_parse)
//   osip2         libosip2: osip_message_init + osip_message_parse + osip_message_free
//   sofia         sofia-sip: msg_make(sip_default_mclass(), 0, ...) + msg_destroy
//   bellesip      belle-sip: belle_sip_message_parse + belle_sip_object_unref
//                 (about 1 ms per message: its iteration count is fixed and small)
//   libre         libre: sip_msg_decode over an mbuf + mem_deref
//
// Each peer is compiled in when meson finds it through pkg-config (SIPSPAN_PEER_*
// defines); an absent peer is named at start-up. Before timing, each peer parses every
// message of each corpus once; a peer that rejects a message is named, with the file,
// and not run on that corpus.
//
//   export SIPSPAN_BENCH_CORPUS='../shared/bench-corpus/[01]*.sip'
//   build/bench/bench_peers --benchmark_repetitions=5 --benchmark_report_aggregates_only=true

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstring>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include "corpus_loader.hpp"

// The peers' headers are C headers that may warn under -Wall -Wextra; meson passes
// their include directories as system includes (include_type : 'system').
// libre comes first: sofia-sip defines function-like macros (sip_request, ...) that
// would rewrite libre's declarations of functions with the same names.
#ifdef SIPSPAN_PEER_LIBRE
#include <re.h>
#endif
#ifdef SIPSPAN_PEER_OSIP2
#include <osipparser2/osip_parser.h>
#endif
#ifdef SIPSPAN_PEER_SOFIA
#include <sofia-sip/msg.h>
#include <sofia-sip/sip.h>
#include <sofia-sip/sip_header.h>
#endif
#ifdef SIPSPAN_PEER_BELLESIP
#include <belle-sip/belle-sip.h>
#endif

namespace {

using namespace sipspan_bench;

// ---- peers: each parse function parses one message, frees it and says whether the
// library accepted it.

#ifdef SIPSPAN_PEER_OSIP2
bool parse_osip2(const std::string& m) {
  osip_message_t* msg = nullptr;
  if (osip_message_init(&msg) != 0) return false;
  int r = osip_message_parse(msg, m.data(), m.size());
  benchmark::DoNotOptimize(msg);
  osip_message_free(msg);
  return r == 0;
}
#endif

#ifdef SIPSPAN_PEER_SOFIA
bool parse_sofia(const std::string& m) {
  msg_t* msg = msg_make(sip_default_mclass(), 0, m.data(), static_cast<ssize_t>(m.size()));
  benchmark::DoNotOptimize(msg);
  if (!msg) return false;
  msg_destroy(msg);
  return true;
}
#endif

#ifdef SIPSPAN_PEER_BELLESIP
bool parse_bellesip(const std::string& m) {
  belle_sip_message_t* msg = belle_sip_message_parse(m.c_str());
  benchmark::DoNotOptimize(msg);
  if (!msg) return false;
  belle_sip_object_unref(msg);
  return true;
}
#endif

#ifdef SIPSPAN_PEER_LIBRE
// One mbuf per message, filled before timing; each parse rewinds it.
struct libre_buffers {
  std::vector<struct mbuf*> by_message;
};

std::vector<libre_buffers>& libre_sets() {
  static std::vector<libre_buffers> s;
  return s;
}

struct mbuf* libre_buffer(const std::string& m) {
  struct mbuf* mb = mbuf_alloc(m.size());
  if (mb) mbuf_write_mem(mb, reinterpret_cast<const uint8_t*>(m.data()), m.size());
  return mb;
}

bool parse_libre_mbuf(struct mbuf* mb) {
  mbuf_set_pos(mb, 0);
  struct sip_msg* msg = nullptr;
  int r = sip_msg_decode(&msg, mb);
  benchmark::DoNotOptimize(msg);
  mem_deref(msg);
  return r == 0;
}

bool parse_libre(const std::string& m) {
  struct mbuf* mb = libre_buffer(m);
  if (!mb) return false;
  bool ok = parse_libre_mbuf(mb);
  mem_deref(mb);
  return ok;
}

void bm_libre(benchmark::State& state, const corpus_set* c, const libre_buffers* b) {
  const std::size_t n = c->messages.size();
  std::size_t i = 0, bytes = 0;
  for (auto _ : state) {
    bool ok = parse_libre_mbuf(b->by_message[i]);
    benchmark::DoNotOptimize(ok);
    bytes += c->messages[i].size();
    if (++i == n) i = 0;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
  state.counters["msg_bytes_avg"] = static_cast<double>(c->bytes) / static_cast<double>(n);
}
#endif

using parse_fn = bool (*)(const std::string&);

void bm_peer(benchmark::State& state, const corpus_set* c, parse_fn f) {
  run(state, *c, [f](const std::string& m) {
    bool ok = f(m);
    benchmark::DoNotOptimize(ok);
  });
}

struct peer {
  const char* name;
  parse_fn parse;
};

// Every message of the corpus is accepted by the peer; otherwise the first rejected
// file is named.
bool peer_accepts(const peer& p, const corpus_set& c) {
  for (std::size_t i = 0; i < c.messages.size(); ++i) {
    if (!p.parse(c.messages[i])) {
      std::cerr << "bench_peers: " << p.name << " rejects " << c.name << "/" << c.files[i]
                << "; not run on " << c.name << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<peer> peers;
#ifdef SIPSPAN_PEER_OSIP2
  parser_init();
  peers.push_back({"osip2", parse_osip2});
#else
  std::cerr << "bench_peers: libosip2 not found by pkg-config at build time; skipped\n";
#endif
#ifdef SIPSPAN_PEER_SOFIA
  peers.push_back({"sofia", parse_sofia});
#else
  std::cerr << "bench_peers: sofia-sip-ua not found by pkg-config at build time; skipped\n";
#endif
#ifdef SIPSPAN_PEER_BELLESIP
  belle_sip_set_log_level(BELLE_SIP_LOG_FATAL);
  peers.push_back({"bellesip", parse_bellesip});
#else
  std::cerr << "bench_peers: belle-sip not found by pkg-config at build time; skipped\n";
#endif
#ifdef SIPSPAN_PEER_LIBRE
  if (libre_init() != 0) {
    std::cerr << "bench_peers: libre_init failed; libre skipped\n";
  } else {
    peers.push_back({"libre", parse_libre});
  }
#else
  std::cerr << "bench_peers: libre not found by pkg-config at build time; skipped\n";
#endif

  load_corpora(SIPSPAN_SOURCE_ROOT);
#ifdef SIPSPAN_PEER_LIBRE
  libre_sets().reserve(corpora().size());
#endif
  for (const corpus_set& c : corpora()) {
    if (c.messages.empty()) continue;
    if (!check_typed(c)) return 1;
    benchmark::RegisterBenchmark(("memcpy/" + c.name).c_str(), bm_memcpy, &c);
    benchmark::RegisterBenchmark(("memchr_lines/" + c.name).c_str(), bm_memchr_lines, &c);
    benchmark::RegisterBenchmark(("frame_index/" + c.name).c_str(), bm_frame_index, &c);
    benchmark::RegisterBenchmark(("frame_typed/" + c.name).c_str(), bm_frame_typed, &c);
    for (const peer& p : peers) {
      if (!peer_accepts(p, c)) continue;
      const std::string name = std::string(p.name) + "/" + c.name;
#ifdef SIPSPAN_PEER_LIBRE
      if (p.parse == parse_libre) {
        libre_buffers b;
        for (const std::string& m : c.messages) b.by_message.push_back(libre_buffer(m));
        if (std::find(b.by_message.begin(), b.by_message.end(), nullptr) != b.by_message.end()) {
          std::cerr << "bench_peers: mbuf_alloc failed; libre not run on " << c.name << "\n";
          continue;
        }
        libre_sets().push_back(std::move(b));
        benchmark::RegisterBenchmark(name.c_str(), bm_libre, &c, &libre_sets().back());
        continue;
      }
#endif
      auto* b = benchmark::RegisterBenchmark(name.c_str(), bm_peer, &c, p.parse);
      // belle-sip takes about a millisecond per message: a fixed number of rounds of
      // the corpus keeps the run short.
      if (std::strcmp(p.name, "bellesip") == 0) b->Iterations(static_cast<int64_t>(c.messages.size()) * 40);
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
#ifdef SIPSPAN_PEER_LIBRE
  for (libre_buffers& b : libre_sets())
    for (struct mbuf* mb : b.by_message) mem_deref(mb);
  libre_close();
#endif
  return 0;
}
