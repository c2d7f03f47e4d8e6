// sipspan tests — the scores of the whole corpus, bit for bit. Every message
// file under corpus/ and every message of the project's captures
// (corpus/captures/**.pcap, through the capture reader as the CLI reads them)
// is scored with the built-in profile (corpus/profile/default.json); the score
// and each reason (feature or rule, header, row, bytes, contribution) are
// written with floats in hexadecimal, so that any change of a score, however
// small, shows. Speed work on the scorer must leave this file as it is; a
// change of the scorer or the profile that means to move scores rewrites it
// (SIPSPAN_UPDATE_GOLDEN=1) and shows the moves in the diff.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sipspan/capture.hpp"
#include "sipspan/score.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
namespace cap = sipspan::capture;
using sipspan::testing::corpus_dir;

const sipspan::score_profile& default_profile() {
  static const sipspan::score_profile p = [] {
    sipspan::score_profile q;
    sipspan::profile_error err;
    EXPECT_TRUE(sipspan::load_profile_json(sipspan::testing::read_file(corpus_dir() / "profile" / "default.json"), q, err))
        << err.message << " at " << err.offset;
    return q;
  }();
  return p;
}

std::string hex(float f) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%a", static_cast<double>(f));
  return buf;
}

// One line: where the message comes from, its score, its reasons.
std::string line_for(const std::string& where, std::string_view text, const sipspan::score_profile& p) {
  sipspan::message_view m;
  const sipspan::result r = sipspan::parse(text, m);
  const sipspan::score_result s = r ? sipspan::score(m, p) : sipspan::unparseable_result(r, text);
  std::ostringstream out;
  out << where << '\t' << hex(s.score);
  for (std::size_t i = 0; i < s.reason_count; ++i) {
    const sipspan::score_reason& x = s.reasons[i];
    out << '\t' << sipspan::reason_name(x) << ' ' << sipspan::header_key(x.header) << ' ' << x.header_index << ' '
        << x.offset << '+' << x.length << ' ' << hex(x.contribution);
  }
  out << '\n';
  return out.str();
}

bool is_capture(const fs::path& f) {
  const std::string ext = f.extension().string();
  return ext == ".pcap" || ext == ".pcapng";
}

std::string corpus_scores() {
  const sipspan::score_profile& p = default_profile();
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus_dir())) {
    const std::string ext = e.path().extension().string();
    if (e.is_regular_file() && ext != ".md" && ext != ".json" && ext != ".jsonl" && ext != ".tsv" && ext != ".py")
      files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  std::string all;
  for (const fs::path& f : files) {
    const std::string name = fs::relative(f, corpus_dir()).generic_string();
    if (!is_capture(f)) {
      all += line_for(name, sipspan::testing::read_file(f), p);
      continue;
    }
    if (name.rfind("captures/", 0) != 0) continue;  // the fuzz corpus' broken captures
    cap::reader rd;
    cap::capture_error err;
    EXPECT_TRUE(rd.open(f.string(), err)) << name << ": " << err.message;
    cap::sip_message msg;
    for (std::size_t i = 0; rd.next(msg); ++i) all += line_for(name + "#" + std::to_string(i), msg.bytes, p);
  }
  return all;
}

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

TEST(score_golden, corpus_scores_are_unchanged) {
  const fs::path golden = sipspan::testing::tests_dir() / "golden" / "score" / "corpus-default.tsv";
  const std::string actual = corpus_scores();
  if (std::getenv("SIPSPAN_UPDATE_GOLDEN")) {
    fs::create_directories(golden.parent_path());
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  const std::vector<std::string> want = lines_of(sipspan::testing::read_file(golden)), got = lines_of(actual);
  ASSERT_GT(want.size(), 1000u) << golden;
  EXPECT_EQ(got.size(), want.size()) << "messages scored";
  std::size_t shown = 0, differ = 0;
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    if (got[i] == want[i]) continue;
    ++differ;
    if (shown++ < 10) ADD_FAILURE() << "golden:  " << want[i] << "\nscored:  " << got[i];
  }
  EXPECT_EQ(differ, 0u) << "messages whose score or reasons moved (SIPSPAN_UPDATE_GOLDEN=1 rewrites " << golden << ")";
}

}  // namespace
