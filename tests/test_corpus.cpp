// sipspan — the corpus replayed: every file listed in corpus/expect.tsv is parsed
// in tolerant and strict mode and checked against its line of the manifest.
//
// corpus/expect.tsv, one line per corpus file, four tab-separated fields:
//   path (relative to corpus/)   outcome (ok / error name)   offset (or -)   kinds (or -)
// `kinds` is the sorted set of deviation names the tolerant parse records, plus
// `semantic:<what>` notes for faults the one-pass scan does not judge (the validator
// will). Strict mode must accept exactly the files whose deviations are all legal
// per RFC 3261's grammar (deviation_abnf_legal).

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/message.hpp"
#include "test_util.hpp"

using namespace sipspan;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;
using sipspan::testing::inside;

namespace {

struct entry {
  std::string path;
  std::string outcome;  // "ok" or an error name
  std::string offset;   // "-" or decimal
  std::string kinds;    // the raw fourth field
  std::vector<deviation_kind> deviations;  // parsed from `kinds`, semantic notes left out
  std::vector<std::string> semantic;
  int line = 0;
  std::string problem;  // a malformed manifest line, described
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

bool is_error_name(const std::string& name) {
  for (unsigned i = 0; i < 256; ++i) {
    std::string_view n = error_name(static_cast<error_code>(i));
    if (n == "unknown_error") break;
    if (n == name && i != 0) return true;
  }
  return false;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<entry> read_manifest() {
  std::vector<entry> out;
  std::ifstream f(corpus_dir() / "expect.tsv", std::ios::binary);
  std::string text;
  int n = 0;
  while (std::getline(f, text)) {
    ++n;
    if (text.empty() || text[0] == '#') continue;
    entry e;
    e.line = n;
    std::vector<std::string> fields = split(text, '\t');
    if (fields.size() != 4) {
      e.path = "line " + std::to_string(n);
      e.problem = "expected 4 tab-separated fields, got " + std::to_string(fields.size());
      out.push_back(e);
      continue;
    }
    e.path = fields[0];
    e.outcome = fields[1];
    e.offset = fields[2];
    e.kinds = fields[3];
    if (e.outcome != "ok" && !is_error_name(e.outcome)) e.problem = "unknown outcome '" + e.outcome + "'";
    if (e.outcome == "ok" && e.offset != "-") e.problem = "an ok outcome has no offset";
    if (e.outcome != "ok" && !all_digits(e.offset)) e.problem = "an error outcome needs a decimal offset";
    if (e.kinds != "-") {
      std::vector<std::string> items = split(e.kinds, ',');
      if (!std::is_sorted(items.begin(), items.end()) ||
          std::adjacent_find(items.begin(), items.end()) != items.end())
        e.problem = "kinds are not a sorted set: " + e.kinds;
      for (const std::string& it : items) {
        deviation_kind k;
        if (it.rfind("semantic:", 0) == 0 && it.size() > 9) {
          e.semantic.push_back(it.substr(9));
        } else if (deviation_from_name(it, k)) {
          e.deviations.push_back(k);
        } else {
          e.problem = "unknown deviation kind '" + it + "'";
        }
      }
    }
    out.push_back(e);
  }
  return out;
}

// gtest names a failing parameter by this
void PrintTo(const entry& e, std::ostream* os) { *os << e.path; }

const std::vector<entry>& manifest() {
  static const std::vector<entry> m = read_manifest();
  return m;
}

std::set<deviation_kind> kinds_of(const message_view& m) {
  std::set<deviation_kind> s;
  for (const deviation& d : m.deviations()) s.insert(d.kind);
  return s;
}

// The manifest's spelling of a set of kinds: sorted names joined by commas, or "-".
std::string names(const std::set<deviation_kind>& s) {
  std::set<std::string_view> sorted;
  for (deviation_kind k : s) sorted.insert(deviation_name(k));
  std::string out;
  for (std::string_view n : sorted) {
    if (!out.empty()) out += ",";
    out += n;
  }
  return out.empty() ? "-" : out;
}

bool under(const std::string& path, std::string_view dir) { return path.rfind(std::string(dir) + "/", 0) == 0; }

// Every span the view hands out lies inside the input.
void expect_spans_inside(const std::string& s, const message_view& m) {
  EXPECT_TRUE(inside(s, m.start_line()));
  EXPECT_TRUE(inside(s, m.method()));
  EXPECT_TRUE(inside(s, m.request_uri()));
  EXPECT_TRUE(inside(s, m.version()));
  EXPECT_TRUE(inside(s, m.status_text()));
  EXPECT_TRUE(inside(s, m.reason()));
  EXPECT_TRUE(inside(s, m.headers_section()));
  EXPECT_TRUE(inside(s, m.body()));
  EXPECT_LE(m.message_length(), s.size());
  EXPECT_LE(std::size_t{m.body_offset()} + m.body().size(), s.size());
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    header_view h = m.header(i);
    EXPECT_FALSE(h.name.empty()) << "header " << i;
    EXPECT_TRUE(inside(s, h.name)) << "header " << i;
    EXPECT_TRUE(inside(s, h.value)) << "header " << i;
    const header_record& r = m.records()[i];
    EXPECT_LE(std::size_t{r.name_offset} + r.name_length, s.size()) << "header " << i;
    EXPECT_LE(std::size_t{r.value_offset} + r.value_length, s.size()) << "header " << i;
  }
  for (const deviation& d : m.deviations()) {
    EXPECT_LE(std::size_t{d.offset} + d.length, s.size())
        << deviation_name(d.kind) << " at " << d.offset << " length " << d.length;
  }
}

// ------------------------------------------------------------ one file ---

class corpus_file : public ::testing::TestWithParam<entry> {};

TEST_P(corpus_file, matches_manifest) {
  const entry& e = GetParam();
  ASSERT_TRUE(e.problem.empty()) << "expect.tsv line " << e.line << ": " << e.problem;
  const std::string s = sipspan::testing::corpus(e.path);
  ASSERT_FALSE(s.empty()) << e.path << " is missing or empty";

  // tolerant: outcome, offset, the exact set of deviation kinds
  message_view m;
  result r = parse(s, m);
  if (e.outcome == "ok") {
    ASSERT_TRUE(r.ok()) << e.path << ": " << r.name() << " at " << r.offset;
  } else {
    EXPECT_EQ(r.name(), e.outcome) << e.path;
    EXPECT_EQ(std::to_string(r.offset), e.offset) << e.path << ": " << r.name();
  }
  const std::set<deviation_kind> expected(e.deviations.begin(), e.deviations.end());
  EXPECT_EQ(names(kinds_of(m)), names(expected)) << e.path;
  if (r.ok()) expect_spans_inside(s, m);

  // strict: accepts exactly what RFC 3261's grammar permits
  const bool all_legal =
      std::all_of(expected.begin(), expected.end(), [](deviation_kind k) { return deviation_abnf_legal(k); });
  message_view ms;
  result rs = parse(s, ms, parse_options::strict());
  if (e.outcome == "ok" && all_legal) {
    EXPECT_TRUE(rs.ok()) << e.path << ": strict mode rejected it: " << rs.name() << " ("
                         << deviation_name(rs.deviation) << ") at " << rs.offset;
    if (rs.ok()) {
      EXPECT_EQ(names(kinds_of(ms)), names(expected)) << e.path;
      expect_spans_inside(s, ms);
    }
  } else {
    EXPECT_FALSE(rs.ok()) << e.path << ": strict mode accepted it";
    if (rs.code == error_code::deviation_rejected) {
      EXPECT_FALSE(deviation_abnf_legal(rs.deviation)) << e.path << ": " << deviation_name(rs.deviation);
      EXPECT_TRUE(expected.count(rs.deviation)) << e.path << ": strict rejected "
                                                 << deviation_name(rs.deviation) << " at " << rs.offset;
    }
  }

  // reference messages: the RFC's own examples and the benchmark traffic
  if (under(e.path, "bench")) {
    EXPECT_EQ(e.outcome, "ok") << e.path;
    EXPECT_EQ(names(kinds_of(m)), "-") << e.path << ": a benchmark message has deviations";
  }
  if (under(e.path, "rfc3261")) {
    // RFC 3261 §24 folds long Via values onto continuation lines: legal LWS, the only
    // deviation those examples may carry.
    EXPECT_EQ(e.outcome, "ok") << e.path;
    for (const deviation& d : m.deviations())
      EXPECT_TRUE(deviation_abnf_legal(d.kind)) << e.path << ": " << deviation_name(d.kind) << " at " << d.offset;
  }
  if (under(e.path, "bench") || under(e.path, "rfc3261") || under(e.path, "torture/valid")) {
    EXPECT_TRUE(e.semantic.empty()) << e.path << ": a valid message has semantic faults listed";
  }
}

std::string test_name(const ::testing::TestParamInfo<entry>& info) {
  std::string n;
  for (char c : info.param.path) n += (std::isalnum(static_cast<unsigned char>(c)) ? c : '_');
  return n + "_" + std::to_string(info.index);
}

INSTANTIATE_TEST_SUITE_P(corpus, corpus_file, ::testing::ValuesIn(manifest()), test_name);

// ------------------------------------------------------ the manifest itself ---

TEST(corpus, manifest_is_well_formed) {
  ASSERT_FALSE(manifest().empty()) << "no entries in " << (corpus_dir() / "expect.tsv");
  std::set<std::string> seen;
  for (const entry& e : manifest()) {
    EXPECT_TRUE(e.problem.empty()) << "expect.tsv line " << e.line << ": " << e.problem;
    EXPECT_TRUE(seen.insert(e.path).second) << e.path << " is listed twice";
  }
}

TEST(corpus, every_sip_file_is_listed_and_every_listed_file_exists) {
  std::set<std::string> listed;
  for (const entry& e : manifest()) listed.insert(e.path);
  std::set<std::string> on_disk;
  for (const auto& f : fs::recursive_directory_iterator(corpus_dir())) {
    if (!f.is_regular_file() || f.path().extension() != ".sip") continue;
    on_disk.insert(fs::relative(f.path(), corpus_dir()).generic_string());
  }
  for (const std::string& p : on_disk) EXPECT_TRUE(listed.count(p)) << p << " is not listed in corpus/expect.tsv";
  for (const std::string& p : listed) EXPECT_TRUE(on_disk.count(p)) << p << " is listed but does not exist";
}

TEST(corpus, every_directory_has_its_messages) {
  std::map<std::string, int> per_dir;
  for (const entry& e : manifest()) per_dir[fs::path(e.path).parent_path().generic_string()]++;
  EXPECT_GE(per_dir["rfc3261"], 16);
  EXPECT_GE(per_dir["bench"], 12);
  EXPECT_GE(per_dir["torture/valid"], 25);
  EXPECT_GE(per_dir["torture/invalid"], 30);
}

}  // namespace
