// sipspan — worst-case inputs of 1 MiB against 1 MiB of normal traffic
// (Google Benchmark): parse, parse + lint and parse + score must stay linear
// in the input (score: the default profile, corpus/profile/default.json).
//
//   <stage>/normal          1 MiB of corpus/bench messages, one parse per message
//   <stage>/commas          one Allow header holding 100k commas (empty list elements)
//   <stage>/via_commas      one Via with ~20k comma-separated via-parms
//   <stage>/headers         100k short header lines (past the header table: an error)
//   <stage>/nested          a User-Agent of nested comments and quotes "((((\"((..."
//   <stage>/folding         a Subject folded over 100k continuation lines
//   <stage>/token           1 MiB of a single token as the method
//   <stage>/quote           an unterminated quoted display name of 1 MiB
//   <stage>/names           1 MiB of messages with 80 header names each, all distinct (56k)
//   <stage>/spellings       1 MiB of messages spelling P-Asserted-Identity 80 ways each (27k)
//
// bytes_per_second of each case divided into that of <stage>/normal is the
// slow-down the results table records (target: under 10x). The train stage
// learns a profile from the case's messages (profile_trainer, then finish()).

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <iostream>

#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"
#include "default_profile.hpp"
#include "sipspan/score.hpp"
#include "testkit/worst_inputs.hpp"

namespace fs = std::filesystem;

namespace {

constexpr std::size_t mib = 1 << 20;

using sipspan::testing::spelling;
const std::string& head = sipspan::testing::worst_head;
const std::string& tail = sipspan::testing::worst_tail;

std::string repeat_to_mib(const std::string& prefix, const std::string& unit, const std::string& suffix) {
  return sipspan::testing::repeated(prefix, unit, suffix, mib);
}

// Messages of `rows` header lines each, row i of the whole run made by row(i), up to 1 MiB.
template <class Row>
std::vector<std::string> rows_to_mib(std::size_t rows, Row&& row) {
  std::vector<std::string> out;
  for (std::size_t bytes = 0, i = 0; bytes < mib; i += rows) {
    out.push_back(sipspan::testing::rows_message(i, rows, row));
    bytes += out.back().size();
  }
  return out;
}

std::vector<std::string> normal_traffic() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(fs::path(SIPSPAN_SOURCE_ROOT) / "corpus" / "bench")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    files.push_back(ss.str());
  }
  std::vector<std::string> out;
  std::size_t bytes = 0;
  for (std::size_t i = 0; bytes < mib && !files.empty(); ++i) {
    out.push_back(files[i % files.size()]);
    bytes += out.back().size();
  }
  return out;
}

struct worst_case {
  const char* name;
  std::vector<std::string> messages;
};

std::vector<worst_case>& cases() {
  static std::vector<worst_case> c = {
      {"normal", normal_traffic()},
      {"commas", {repeat_to_mib(head + "Allow: INVITE", ",", "\r\n" + tail)}},
      {"via_commas", {repeat_to_mib(head + "Via: SIP/2.0/UDP h.example.com;branch=z9hG4bK1", ", SIP/2.0/TCP h.example.com;branch=z9hG4bK2",
                           "\r\n" + tail)}},
      {"headers", {repeat_to_mib(head, "X-A: 1\r\n", tail)}},
      {"nested", {repeat_to_mib(head + "User-Agent: ", "((\"(\\\"", "\r\n" + tail)}},
      {"folding", {repeat_to_mib(head + "Subject: a", "\r\n b", "\r\n" + tail)}},
      {"token", {repeat_to_mib("", "A", " sip:bob@biloxi.example.com SIP/2.0\r\n" + head.substr(head.find("\r\n") + 2) + tail)}},
      {"quote", {repeat_to_mib(head + "Reply-To: \"", "a", " <sip:a@b>\r\n" + tail)}},
      {"names", rows_to_mib(80, [](std::size_t i) { return "X-N" + std::to_string(i) + ": v"; })},
      {"spellings", rows_to_mib(80, [](std::size_t i) { return spelling(i) + ": <sip:a@b>"; })},
  };
  return c;
}

template <class F>
void run(benchmark::State& state, const worst_case* c, F&& f) {
  std::size_t bytes = 0;
  for (auto _ : state)
    for (const std::string& m : c->messages) {
      f(m);
      bytes += m.size();
    }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void bm_parse(benchmark::State& state, const worst_case* c) {
  sipspan::message_view view;
  run(state, c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    benchmark::DoNotOptimize(r);
  });
}

void bm_lint(benchmark::State& state, const worst_case* c) {
  sipspan::message_view view;
  sipspan::finding out[64];
  sipspan::lint_options o;
  o.profile = sipspan::lint_profile::forensic;
  run(state, c, [&](const std::string& m) {
    sipspan::lint_summary s = sipspan::lint(m, view, out, o);
    benchmark::DoNotOptimize(s);
  });
}

sipspan::score_profile& profile() {
  static sipspan::score_profile p;
  return p;
}

void bm_score(benchmark::State& state, const worst_case* c) {
  sipspan::message_view view;
  run(state, c, [&](const std::string& m) {
    sipspan::result r = sipspan::parse(m, view);
    sipspan::score_result s = r ? sipspan::score(view, profile()) : sipspan::unparseable_result(r, std::string_view(m));
    benchmark::DoNotOptimize(s);
  });
}

void bm_train(benchmark::State& state, const worst_case* c) {
  std::vector<sipspan::message_view> views(c->messages.size());
  std::vector<char> parsed(views.size());
  for (std::size_t i = 0; i < views.size(); ++i) parsed[i] = sipspan::parse(c->messages[i], views[i]).ok();
  std::size_t bytes = 0;
  for (auto _ : state) {
    sipspan::profile_trainer t;
    for (std::size_t i = 0; i < views.size(); ++i) {
      if (parsed[i]) t.add(views[i]);
      bytes += c->messages[i].size();
    }
    sipspan::score_profile p = t.finish();
    benchmark::DoNotOptimize(p);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (!sipspan::bench::load_default_profile(fs::path(SIPSPAN_SOURCE_ROOT), profile())) return 2;
  for (const worst_case& c : cases()) {
    benchmark::RegisterBenchmark((std::string("parse/") + c.name).c_str(), bm_parse, &c)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("lint/") + c.name).c_str(), bm_lint, &c)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("score/") + c.name).c_str(), bm_score, &c)->Unit(benchmark::kMicrosecond);
    benchmark::RegisterBenchmark((std::string("train/") + c.name).c_str(), bm_train, &c)->Unit(benchmark::kMicrosecond);
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
