// sipspan — the stage driver that bench/instructions.sh runs under callgrind.
//
//   stage_driver STAGE ROUNDS [CORPUS]
//
// Runs one stage ROUNDS times over every item of a corpus and prints how many items it
// ran. Each item goes through `sipspan_stage_item` alone, a function that is never
// inlined, so that `valgrind --tool=callgrind --toggle-collect=sipspan_stage_item`
// counts the stage's own instructions and not the loop, the loading or the start-up.
//
// Stages (per item):
//   frame_index    sipspan::parse                                     (a message)
//   frame_typed    parse + the typed fields a proxy reads (corpus_loader.hpp)
//   lint           lint(), strict profile: parse and every rule        (a message)
//   parse_score    parse + score with the default profile              (a message)
//   sdp_parse      parse_sdp                                           (a body)
//   sdp_validate   parse_sdp + validate_sdp                            (a body)
//
// CORPUS is as SIPSPAN_BENCH_CORPUS takes one entry (a directory, or dir/pattern); the
// default is corpus/bench. The SDP stages read the valid bodies of corpus/sdp
// (expect.tsv says "ok"), whatever CORPUS says.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "corpus_loader.hpp"
#include "default_profile.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"
#include "sipspan/sdp.hpp"

namespace {

namespace fs = std::filesystem;
using sipspan_bench::corpus_set;

enum class stage { frame_index, frame_typed, lint, parse_score, sdp_parse, sdp_validate };

struct stage_state {
  stage which = stage::frame_index;
  sipspan::message_view view;
  sipspan::session_description_view sdp;
  sipspan::score_profile profile;
  sipspan::finding findings[64];
  sipspan::lint_options lint_opts;
  std::uint64_t sink = 0;
  std::uint64_t failures = 0;
};

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::string> sdp_bodies(const fs::path& root) {
  std::vector<std::string> v;
  std::istringstream list(read(root / "corpus" / "sdp" / "expect.tsv"));
  std::string line;
  while (std::getline(list, line)) {
    std::istringstream f(line);
    std::string name, outcome;
    f >> name >> outcome;
    if (outcome == "ok") v.push_back(read(root / "corpus" / "sdp" / name));
  }
  return v;
}

}  // namespace

// One item through one stage. extern "C" so that callgrind's --toggle-collect names it.
extern "C" [[gnu::noinline]] void sipspan_stage_item(stage_state& s, const std::string& item) {
  switch (s.which) {
    case stage::frame_index: {
      sipspan::result r = sipspan::parse(item, s.view);
      s.failures += !r;
      s.sink += s.view.header_count();
      break;
    }
    case stage::frame_typed: {
      sipspan::result r = sipspan::parse(item, s.view);
      s.failures += !r || sipspan_bench::typed_fields(s.view, s.sink) != nullptr;
      break;
    }
    case stage::lint: {
      sipspan::lint_summary l = sipspan::lint(item, s.view, s.findings, s.lint_opts);
      s.sink += l.total;
      break;
    }
    case stage::parse_score: {
      sipspan::result r = sipspan::parse(item, s.view);
      sipspan::score_result sc = r ? sipspan::score(s.view, s.profile) : sipspan::unparseable_result(r, item.size());
      s.sink += static_cast<std::uint64_t>(sc.score * 1000.0f);
      break;
    }
    case stage::sdp_parse: {
      sipspan::result r = sipspan::parse_sdp(item, s.sdp);
      s.failures += !r;
      break;
    }
    case stage::sdp_validate: {
      sipspan::result r = sipspan::parse_sdp(item, s.sdp);
      if (r) r = sipspan::validate_sdp(s.sdp);
      s.failures += !r;
      break;
    }
  }
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s STAGE ROUNDS [CORPUS]\n", argv[0]);
    return 2;
  }
  static const std::pair<const char*, stage> names[] = {
      {"frame_index", stage::frame_index}, {"frame_typed", stage::frame_typed},
      {"lint", stage::lint},               {"parse_score", stage::parse_score},
      {"sdp_parse", stage::sdp_parse},     {"sdp_validate", stage::sdp_validate}};
  static stage_state s;  // large tables: not on the stack
  bool known = false;
  for (const auto& [name, st] : names)
    if (std::strcmp(argv[1], name) == 0) {
      s.which = st;
      known = true;
    }
  if (!known) {
    std::fprintf(stderr, "unknown stage: %s\n", argv[1]);
    return 2;
  }
  const long rounds = std::strtol(argv[2], nullptr, 10);
  const fs::path root = SIPSPAN_SOURCE_ROOT;
  s.lint_opts.profile = sipspan::lint_profile::strict;

  std::vector<std::string> items;
  if (s.which == stage::sdp_parse || s.which == stage::sdp_validate) {
    items = sdp_bodies(root);
  } else {
    if (argc > 3) {
      sipspan_bench::add_corpus(argv[3]);
    } else {
      sipspan_bench::corpora().push_back(sipspan_bench::load(root / "corpus" / "bench", "*.sip", "own"));
    }
    if (sipspan_bench::corpora().empty()) return 2;
    items = sipspan_bench::corpora().front().messages;
    if (s.which == stage::parse_score && !sipspan::bench::load_default_profile(root, s.profile)) return 1;
  }
  if (items.empty()) {
    std::fprintf(stderr, "no items\n");
    return 2;
  }
  for (long r = 0; r < rounds; ++r)
    for (const std::string& item : items) sipspan_stage_item(s, item);
  std::printf("%zu %llu\n", items.size() * static_cast<std::size_t>(rounds),
              static_cast<unsigned long long>(s.failures));
  return s.failures == 0 || s.which == stage::lint || s.which == stage::parse_score ? 0 : 1;
}
