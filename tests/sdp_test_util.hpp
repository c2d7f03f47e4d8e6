// sipspan — what the SDP tests (test_sdp_*.cpp) share: descriptions built
// from lines, the deviations of a parse as text, the corpus outcome, the
// spans a view hands out, and the rows of corpus/sdp/expect.tsv.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/sdp.hpp"
#include "sdp/sdp_scan.hpp"
#include "test_util.hpp"

namespace sdp_tests {

using namespace sipspan;
using sipspan::testing::corpus_dir;
using sipspan::testing::inside;



// Lines joined with CRLF, each ended by one.
inline std::string sdp(std::initializer_list<std::string_view> lines) {
  std::string s;
  for (std::string_view l : lines) {
    s += l;
    s += "\r\n";
  }
  return s;
}

inline const std::string minimal = sdp({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0"});

// The deviations of a parse as "kind@offset kind@offset".
inline std::string kinds(const session_description_view& v) {
  std::string out;
  for (const deviation& d : v.deviations()) {
    if (!out.empty()) out += ' ';
    out += std::string(deviation_name(d.kind)) + "@" + std::to_string(d.offset);
  }
  return out;
}

// Parse the structure, then every typed value: the corpus outcome.
inline result parse_and_validate(std::string_view body, session_description_view& v) {
  result r = parse_sdp(body, v);
  if (!r) return r;
  return validate_sdp(v);
}

// Every span the view hands out, and those of the typed views, inside `in`.
inline std::size_t spans_outside(std::string_view in, const session_description_view& v) {
  std::size_t outside = 0;
  auto check = [&](std::string_view s) { outside += !inside(in, s); };
  for (std::string_view s : {v.version(), v.origin(), v.session_name(), v.information(), v.uri(), v.connection(),
                             v.key(), v.session_text()})
    check(s);
  for (const sdp_line& l : v.session_lines()) check(l.value);
  for (const sdp_attribute& a : v.attributes()) {
    check(a.name);
    check(a.value);
  }
  for (std::size_t i = 0; i < v.media_count(); ++i) {
    media_description m = v.media(i);
    for (std::string_view s : {m.text(), m.media_line(), m.information(), m.connection(), m.key()}) check(s);
    for (const sdp_line& l : m.lines()) check(l.value);
    for (const sdp_attribute& a : m.attributes()) {
      check(a.name);
      check(a.value);
    }
    media_view mv;
    if (parse_media(m.media_line(), mv)) {
      for (std::string_view s : {mv.media, mv.port_text, mv.proto, mv.formats.text()}) check(s);
      for (std::string_view f : mv.formats) check(f);
    }
  }
  origin_view o;
  if (parse_origin(v.origin(), o))
    for (std::string_view s : {o.username, o.sess_id, o.sess_version, o.nettype, o.addrtype, o.address}) check(s);
  return outside;
}

// corpus/sdp/expect.tsv: file, outcome and offset of the tolerant parse and
// validation, the same under sdp_options::strict() (deviation_rejected names
// its kind: "deviation_rejected:sdp_line_order"), and the deviation kinds the
// tolerant parse records (sorted, comma-separated, "-" for none).
struct expect_row {
  std::string file, outcome, offset, strict, strict_offset, deviations;
};

inline std::vector<expect_row> manifest() {
  std::vector<expect_row> rows;
  std::ifstream f(corpus_dir() / "sdp" / "expect.tsv");
  std::string line;
  while (std::getline(f, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    expect_row r;
    std::getline(ss, r.file, '\t');
    std::getline(ss, r.outcome, '\t');
    std::getline(ss, r.offset, '\t');
    std::getline(ss, r.strict, '\t');
    std::getline(ss, r.strict_offset, '\t');
    std::getline(ss, r.deviations, '\t');
    rows.push_back(r);
  }
  return rows;
}


}  // namespace sdp_tests
