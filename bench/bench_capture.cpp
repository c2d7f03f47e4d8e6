// sipspan benchmarks — capture ingestion: reader::next() over a ~100 MB pcap of
// SIP over UDP and TCP, written at start-up into the temporary directory with the
// test suite's capture writer (testkit/pcap_writer.hpp) from corpus/bench.
//
// SIPSPAN_BENCH_CAPTURE_MB sets the size (default 100). Reported: bytes/s of the
// capture file and messages/s; the page cache holds the file after the first run.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sipspan/capture.hpp"
#include "testkit/pcap_writer.hpp"

namespace pw = sipspan::pcap_writer;

namespace {

std::vector<std::string> load_messages() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(SIPSPAN_SOURCE_ROOT) / "corpus" / "bench"))
    if (e.path().extension() == ".sip") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& p : files) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

struct capture_file {
  std::string path;
  std::uint64_t bytes = 0;
  std::uint64_t messages = 0;
  ~capture_file() {
    if (!path.empty()) std::filesystem::remove(path);
  }
};

// UDP datagrams between many endpoints, and TCP connections whose messages are
// split across segments or share one, interleaved; about `mb` megabytes.
const capture_file& capture() {
  static capture_file c = [] {
    capture_file out;
    std::size_t mb = 100;
    if (const char* s = std::getenv("SIPSPAN_BENCH_CAPTURE_MB")) mb = std::max(1, std::atoi(s));
    const std::size_t target = mb << 20;
    std::vector<std::string> msgs = load_messages();
    pw::file f(false, pw::lt_ethernet);
    std::int64_t t = 1'767'225'600'000'000'000;
    std::vector<pw::tcp_connection> conns(64);
    for (std::size_t i = 0; i < conns.size(); ++i) {
      conns[i].a = pw::v4(10, 1, static_cast<std::uint8_t>(i), 2);
      conns[i].b = pw::v4(10, 2, 0, 1);
      conns[i].a_port = static_cast<std::uint16_t>(40000 + i);
      conns[i].b_port = 5060;
      for (auto& p : conns[i].handshake()) f.add(pw::ethernet(p), t += 1000);
    }
    for (std::uint64_t n = 0; f.data().size() < target; ++n) {
      const std::string& m = msgs[n % msgs.size()];
      t += 100'000;
      if (n % 2 == 0) {  // UDP
        pw::addr4 src = pw::v4(192, 0, 2, static_cast<std::uint8_t>(n % 200 + 1));
        f.add(pw::ethernet(pw::ipv4(src, pw::v4(203, 0, 113, 10), 17, pw::udp(5060, 5060, m))), t);
        ++out.messages;
        continue;
      }
      pw::tcp_connection& c = conns[n % conns.size()];
      int dir = static_cast<int>((n / 2) % 2);
      if (n % 3 == 0) {  // split in two segments
        std::size_t half = m.size() / 2;
        f.add(pw::ethernet(c.send(dir, std::string_view(m).substr(0, half))), t);
        f.add(pw::ethernet(c.send(dir, std::string_view(m).substr(half))), t + 10);
        ++out.messages;
      } else if (n % 3 == 1) {  // two in one segment
        f.add(pw::ethernet(c.send(dir, m + msgs[(n + 1) % msgs.size()])), t);
        out.messages += 2;
      } else {
        f.add(pw::ethernet(c.send(dir, m)), t);
        ++out.messages;
      }
    }
    out.path = (std::filesystem::temp_directory_path() / ("sipspan_bench_capture_" + std::to_string(::getpid()) + ".pcap")).string();
    if (!f.save(out.path)) std::abort();
    out.bytes = f.data().size();
    return out;
  }();
  return c;
}

void BM_reader_next(benchmark::State& state) {
  const capture_file& c = capture();
  std::uint64_t messages = 0;
  for (auto _ : state) {
    sipspan::capture::reader r;
    sipspan::capture::capture_error err;
    if (!r.open(c.path, err)) {
      state.SkipWithError(err.message.c_str());
      return;
    }
    sipspan::capture::sip_message m;
    std::uint64_t n = 0;
    while (r.next(m)) {
      benchmark::DoNotOptimize(m.bytes.data());
      ++n;
    }
    if (n != c.messages || r.error()) {
      state.SkipWithError("the reader did not find every message");
      return;
    }
    messages += n;
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(c.bytes * state.iterations()));
  state.counters["messages/s"] = benchmark::Counter(static_cast<double>(messages), benchmark::Counter::kIsRate);
  state.counters["file_MB"] = static_cast<double>(c.bytes) / (1 << 20);
}
BENCHMARK(BM_reader_next)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
