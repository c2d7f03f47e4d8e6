// sipspan — SDP: the typed checks the scan runs while it reads the lines
// (grammar/sdp.rl, session_description_view::checked_until) against the
// reference, check_sdp_line over every line (detail::validate_sdp_from at 0):
// on every session description in corpus/, and on each of them with one
// byte changed at every place.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"
#include "test_util.hpp"

using namespace sipspan;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;

namespace {

// Every file under corpus/sdp and corpus/fuzz/sdp, and in every other corpus
// file each text from a "v=" at a line start to the end (the SDP bodies of
// messages and body parts, with whatever follows them).
std::vector<std::string> descriptions() {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(corpus_dir()))
    if (e.is_regular_file() && e.path().filename() != "expect.tsv") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const fs::path& f : files) {
    std::string text = sipspan::testing::read_file(f);
    std::string rel = fs::relative(f, corpus_dir()).generic_string();
    if (rel.starts_with("sdp/") || rel.starts_with("fuzz/sdp/")) {
      out.push_back(text);
      continue;
    }
    for (std::size_t at = text.find("\nv="); at != std::string::npos; at = text.find("\nv=", at + 1))
      out.push_back(text.substr(at + 1));
  }
  return out;
}

std::string outcome(result r) {
  if (r) return "ok";
  std::string n(r.name());
  if (r.code == error_code::deviation_rejected) n += ":" + std::string(deviation_name(r.deviation));
  return n + "@" + std::to_string(r.offset);
}

// validate_sdp and the reference agree, under both option sets; every line
// before checked_until() passes check_sdp_line strictly. The count of
// descriptions the scan checked whole goes to `whole`.
void agrees(std::string_view body, std::size_t& whole) {
  for (const sdp_options& opts : {sdp_options{}, sdp_options::strict()}) {
    session_description_view v;
    if (!parse_sdp(body, v, opts)) {
      EXPECT_EQ(v.checked_until(), 0u);
      continue;
    }
    EXPECT_EQ(outcome(validate_sdp(v, opts)), outcome(detail::validate_sdp_from(v, opts, 0)));
    ASSERT_LE(v.checked_until(), body.size());
    whole += v.checked_until() == body.size();
    for (const sdp_line& l : line_range(body.substr(0, v.checked_until()), 0)) {
      if (l.value.empty() || l.offset + 1 >= body.size() || body[l.offset + 1] != '=') continue;
      sdp_line_check c = check_sdp_line(l.type, l.value, sdp_options::strict());
      EXPECT_TRUE(c.error.ok() && !c.tolerated) << "line at " << l.offset << ": " << outcome(c.error);
    }
  }
}

}  // namespace

TEST(sdp_checked, agrees_with_check_sdp_line_on_every_corpus_description) {
  std::vector<std::string> all = descriptions();
  ASSERT_GE(all.size(), 100u);
  std::size_t whole = 0;
  for (const std::string& body : all) {
    SCOPED_TRACE(body.substr(0, 80));
    agrees(body, whole);
  }
  EXPECT_GT(whole, 0u);
}

// What validate_sdp is left to read on the valid descriptions of corpus/sdp:
// nothing, except a last line without a line end.
TEST(sdp_checked, valid_corpus_descriptions_are_checked_whole) {
  std::ifstream list(corpus_dir() / "sdp" / "expect.tsv");
  std::string row;
  std::size_t checked = 0;
  while (std::getline(list, row)) {
    std::string file = row.substr(0, row.find('\t'));
    if (row.empty() || row[0] == '#' || row.substr(file.size() + 1, 3) != "ok\t") continue;
    std::string body = sipspan::testing::read_file(corpus_dir() / "sdp" / file);
    SCOPED_TRACE(file);
    session_description_view v;
    ASSERT_TRUE(parse_sdp(body, v));
    if (body.back() != '\n') {
      EXPECT_EQ(v.checked_until(), body.rfind('\n') + 1);
    } else {
      EXPECT_EQ(v.checked_until(), body.size());
      ++checked;
    }
  }
  EXPECT_GE(checked, 25u);
}

TEST(sdp_checked, agrees_with_one_byte_changed_anywhere) {
  // the bytes that move a value across the edges of its rule
  static constexpr char changes[] = {' ', '0', '9', '/', ':', '.', 'a', 'F', '-', '\r', '\0', '\t', '['};
  std::size_t whole = 0;
  for (const fs::path& dir : {corpus_dir() / "sdp"})
    for (const auto& e : fs::directory_iterator(dir)) {
      if (e.path().extension() != ".sdp") continue;
      std::string body = sipspan::testing::read_file(e.path());
      if (body.size() > 4096) continue;
      for (std::size_t i = 0; i < body.size(); ++i) {
        char keep = body[i];
        for (char c : changes) {
          if (c == keep) continue;
          body[i] = c;
          SCOPED_TRACE(e.path().filename().string() + " @" + std::to_string(i) + " = " + std::to_string(int(c)));
          agrees(body, whole);
          if (::testing::Test::HasFailure()) return;
        }
        body[i] = keep;
        std::string cut = body.substr(0, i) + body.substr(i + 1);  // and the byte removed
        agrees(cut, whole);
        if (::testing::Test::HasFailure()) return;
      }
    }
  EXPECT_GT(whole, 0u);
}

// The facts are read while the scan passes: a line whose value its rule
// takes is not read again, one it does not take is where validation starts.
TEST(sdp_checked, checked_until_stops_at_the_first_line_its_rule_does_not_take) {
  const std::string ok = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                         "m=audio 49170 RTP/AVP 0 96\r\na=rtpmap:96 opus/48000/2\r\n";
  session_description_view v;
  ASSERT_TRUE(parse_sdp(ok, v));
  EXPECT_EQ(v.checked_until(), ok.size());
  EXPECT_TRUE(validate_sdp(v));

  // a port above 65535: the rule takes the value, the range check does not
  std::string port = ok;
  port.replace(port.find("49170"), 5, "70000");
  ASSERT_TRUE(parse_sdp(port, v));
  EXPECT_EQ(v.checked_until(), port.find("m="));
  EXPECT_EQ(outcome(validate_sdp(v)), "bad_port@" + std::to_string(port.find("70000")));

  // an rtpmap without clock rate: tolerated, so read again under the options
  std::string lpc = ok;
  lpc.replace(lpc.find("opus/48000/2"), 12, "LPC");
  ASSERT_TRUE(parse_sdp(lpc, v));
  EXPECT_EQ(v.checked_until(), lpc.find("a=rtpmap"));
  EXPECT_TRUE(validate_sdp(v));
  EXPECT_EQ(validate_sdp(v, sdp_options::strict()).code, error_code::deviation_rejected);

  // r= and z= (RFC 8866 §5.10, §5.11) too
  std::string rz = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=3034423619 3042462419\r\n"
                   "r=7d 1h 0 25h\r\n";
  ASSERT_TRUE(parse_sdp(rz, v));
  EXPECT_EQ(v.checked_until(), rz.size());
  EXPECT_TRUE(validate_sdp(v));
  std::string zone = rz + "z=2882844526 -1h 2898848070 0\r\n";
  ASSERT_TRUE(parse_sdp(zone, v));
  EXPECT_EQ(v.checked_until(), zone.size());
  zone.replace(zone.find("-1h"), 3, "-1x");
  ASSERT_TRUE(parse_sdp(zone, v));
  EXPECT_EQ(v.checked_until(), zone.find("z="));
  EXPECT_EQ(validate_sdp(v).code, error_code::sdp_bad_zone);
}
