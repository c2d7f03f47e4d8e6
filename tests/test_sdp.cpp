// sipspan — SDP (sdp.hpp): the corpus/sdp files against corpus/sdp/expect.tsv,
// the structural scan (order, cardinality, line ends, media table), every
// typed parser with its RFC examples, near-misses and errors at exact offsets,
// spans inside the input, and parsing without a single allocation.

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
#include "alloc_counter.hpp"
#include "test_util.hpp"

using namespace sipspan;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;
using sipspan::testing::all_inside;
using sipspan::testing::fails_at;
using sipspan::testing::inside;
using sipspan::testing::offset_in;

namespace {


// Lines joined with CRLF, each ended by one.
std::string sdp(std::initializer_list<std::string_view> lines) {
  std::string s;
  for (std::string_view l : lines) {
    s += l;
    s += "\r\n";
  }
  return s;
}

const std::string minimal = sdp({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0"});

// The deviations of a parse as "kind@offset kind@offset".
std::string kinds(const session_description_view& v) {
  std::string out;
  for (const deviation& d : v.deviations()) {
    if (!out.empty()) out += ' ';
    out += std::string(deviation_name(d.kind)) + "@" + std::to_string(d.offset);
  }
  return out;
}

// Parse the structure, then every typed value: the corpus outcome.
result parse_and_validate(std::string_view body, session_description_view& v) {
  result r = parse_sdp(body, v);
  if (!r) return r;
  return validate_sdp(v);
}

// Every span the view hands out, and those of the typed views, inside `in`.
std::size_t spans_outside(std::string_view in, const session_description_view& v) {
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

std::vector<expect_row> manifest() {
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

}  // namespace

// ================================================================= corpus ===

TEST(sdp_corpus, every_file_matches_its_expect_line) {
  std::vector<expect_row> rows = manifest();
  ASSERT_GE(rows.size(), 30u);
  for (const expect_row& row : rows) {
    SCOPED_TRACE(row.file);
    std::string body = sipspan::testing::read_file(corpus_dir() / "sdp" / row.file);
    ASSERT_FALSE(body.empty());
    session_description_view v;
    auto outcome = [](result r) {
      if (r) return std::string("ok\t-");
      std::string n(r.name());
      if (r.code == error_code::deviation_rejected) n += ":" + std::string(deviation_name(r.deviation));
      return n + "\t" + std::to_string(r.offset);
    };
    result r = parse_and_validate(body, v);
    EXPECT_EQ(outcome(r), row.outcome + "\t" + row.offset);
    std::set<std::string> kinds;
    for (const deviation& d : v.deviations()) kinds.insert(std::string(deviation_name(d.kind)));
    std::string joined;
    for (const std::string& k : kinds) joined += (joined.empty() ? "" : ",") + k;
    EXPECT_EQ(joined.empty() ? "-" : joined, row.deviations);
    if (r.ok()) {
      EXPECT_EQ(spans_outside(body, v), 0u);
    }
    result s = parse_sdp(body, v, sdp_options::strict());
    if (s) s = validate_sdp(v, sdp_options::strict());
    EXPECT_EQ(outcome(s), row.strict + "\t" + row.strict_offset);
  }
}

TEST(sdp_corpus, every_file_is_listed_and_every_listed_file_exists) {
  std::set<std::string> listed, on_disk;
  for (const expect_row& r : manifest()) EXPECT_TRUE(listed.insert(r.file).second) << r.file << " listed twice";
  for (const auto& f : fs::directory_iterator(corpus_dir() / "sdp"))
    if (f.is_regular_file() && f.path().filename() != "expect.tsv") on_disk.insert(f.path().filename().string());
  for (const std::string& p : on_disk) EXPECT_TRUE(listed.count(p)) << p << " is not listed in corpus/sdp/expect.tsv";
  for (const std::string& p : listed) EXPECT_TRUE(on_disk.count(p)) << p << " is listed but does not exist";
}

TEST(sdp_corpus, rfc8866_example_fields) {
  std::string body = sipspan::testing::read_file(corpus_dir() / "sdp" / "rfc8866-5-example.sdp");
  session_description_view v;
  ASSERT_OK(parse_sdp(body, v));
  EXPECT_EQ(v.version(), "0");
  EXPECT_EQ(v.origin(), "jdoe 3724394400 3724394405 IN IP4 198.51.100.1");
  EXPECT_EQ(v.session_name(), "Call to John Smith");
  EXPECT_EQ(v.information(), "SDP Offer #1");
  EXPECT_EQ(v.uri(), "http://www.jdoe.example.com/home.html");
  EXPECT_EQ(v.connection(), "IN IP4 198.51.100.1");
  EXPECT_EQ(v.emails().size(), 1u);
  EXPECT_EQ(v.emails().begin()->value, "Jane Doe <jane@jdoe.example.com>");
  EXPECT_EQ(v.phones().begin()->value, "+1 617 555-6011");
  EXPECT_EQ(v.time_count(), 1u);
  EXPECT_EQ(v.times().begin()->value, "0 0");
  EXPECT_EQ(v.line_count(), 14u);
  ASSERT_EQ(v.media_count(), 3u);
  EXPECT_EQ(v.media(0).media_line(), "audio 49170 RTP/AVP 0");
  EXPECT_EQ(v.media(1).media_line(), "audio 49180 RTP/AVP 0");
  EXPECT_EQ(v.media(2).media_line(), "video 51372 RTP/AVP 99");
  EXPECT_EQ(v.media(2).connection(), "IN IP6 2001:db8::2");
  EXPECT_EQ(v.media(0).connection_count(), 0u);
  EXPECT_EQ(v.media(2).attributes().get("rtpmap"), "99 h263-1998/90000");
  EXPECT_EQ(v.media(2).attribute_count(), 1u);
  EXPECT_EQ(v.media(0).offset(), offset_in(body, v.media(0).text()));
  EXPECT_TRUE(v.media(0).text().starts_with("m=audio 49170"));
  EXPECT_TRUE(v.media(0).text().ends_with("RTP/AVP 0\r\n"));
  EXPECT_TRUE(v.session_text().ends_with("t=0 0\r\n"));
  EXPECT_EQ(v.crlf_lines(), 14u);
  EXPECT_EQ(v.bare_lf_lines(), 0u);
  EXPECT_TRUE(v.deviations().empty());
  EXPECT_OK(validate_sdp(v));
  EXPECT_EQ(spans_outside(body, v), 0u);
}

TEST(sdp_corpus, webrtc_offer_walk) {
  std::string body = sipspan::testing::read_file(corpus_dir() / "sdp" / "webrtc-offer-bundle.sdp");
  session_description_view v;
  ASSERT_OK(parse_sdp(body, v));
  ASSERT_OK(validate_sdp(v));
  ASSERT_EQ(v.media_count(), 3u);
  group_view g;
  ASSERT_OK(parse_group(v.attributes().get("group"), g));
  EXPECT_EQ(g.semantics, "BUNDLE");
  EXPECT_EQ(g.tags.size(), 3u);
  EXPECT_TRUE(v.attributes().has("extmap-allow-mixed"));
  media_description audio = v.media(0);
  attribute_range a = audio.attributes();
  EXPECT_TRUE(a.has("rtcp-mux"));
  EXPECT_EQ(a.count("candidate"), 3u);
  EXPECT_EQ(a.count("rtpmap"), 3u);
  EXPECT_EQ(direction_of(a), media_direction::sendrecv);
  std::string_view mid;
  ASSERT_OK(parse_mid(a.get("mid"), mid));
  EXPECT_EQ(mid, "0");
  setup_role role;
  ASSERT_OK(parse_setup(a.get("setup"), role));
  EXPECT_EQ(role, setup_role::actpass);
  fingerprint_view fp;
  ASSERT_OK(parse_fingerprint(a.get("fingerprint"), fp));
  EXPECT_EQ(fp.hash, "sha-256");
  EXPECT_EQ(fp.octets, 32u);
  media_view mv;
  ASSERT_OK(parse_media(audio.media_line(), mv));
  EXPECT_EQ(mv.proto, "UDP/TLS/RTP/SAVPF");
  EXPECT_TRUE(mv.is_rtp());
  media_view dc;
  ASSERT_OK(parse_media(v.media(2).media_line(), dc));
  EXPECT_FALSE(dc.is_rtp());
  EXPECT_EQ(*dc.formats.begin(), "webrtc-datachannel");
}

TEST(sdp_corpus, deviations_of_line_ends_and_rfc4566_zone) {
  session_description_view v;
  std::string lf = sipspan::testing::read_file(corpus_dir() / "sdp" / "bare-lf-line-ends.sdp");
  ASSERT_OK(parse_sdp(lf, v));
  EXPECT_EQ(v.bare_lf_lines(), 7u);
  EXPECT_EQ(v.crlf_lines(), 0u);
  EXPECT_EQ(kinds(v), "sdp_line_end@3");  // the first one only
  EXPECT_EQ(v.media(0).attributes().get("rtpmap"), "8 PCMA/8000");
  result r = parse_sdp(lf, v, sdp_options::strict());
  EXPECT_TRUE(fails_at(r, error_code::deviation_rejected, 3));
  EXPECT_EQ(r.deviation, deviation_kind::sdp_line_end);

  std::string open = sipspan::testing::read_file(corpus_dir() / "sdp" / "no-line-end-after-last-line.sdp");
  ASSERT_OK(parse_sdp(open, v));
  EXPECT_EQ(kinds(v), "sdp_line_end@" + std::to_string(open.size()));
  EXPECT_EQ(v.deviations()[0].length, 0u);
  EXPECT_EQ(v.bare_lf_lines(), 0u);
  EXPECT_EQ(v.media(0).attributes().get("rtpmap"), "8 PCMA/8000");
  EXPECT_TRUE(v.media(0).text().ends_with("PCMA/8000"));

  std::string z = sipspan::testing::read_file(corpus_dir() / "sdp" / "rfc4566-zone-without-repeat.sdp");
  ASSERT_OK(parse_sdp(z, v));
  std::uint32_t zat = static_cast<std::uint32_t>(z.find("z="));
  EXPECT_EQ(kinds(v), "sdp_zone_without_repeat@" + std::to_string(zat));
  r = parse_sdp(z, v, sdp_options::strict());
  EXPECT_TRUE(fails_at(r, error_code::deviation_rejected, zat));
  EXPECT_EQ(r.deviation, deviation_kind::sdp_zone_without_repeat);

  std::string rz = sipspan::testing::read_file(corpus_dir() / "sdp" / "repeat-and-zone.sdp");
  ASSERT_OK(parse_sdp(rz, v));
  EXPECT_TRUE(v.deviations().empty());
  EXPECT_EQ(v.time_count(), 2u);
  EXPECT_EQ(v.repeats().size(), 2u);
  EXPECT_EQ(v.key(), "prompt");
  EXPECT_OK(parse_sdp(rz, v, sdp_options::strict()));
}

// ============================================================ structure ===

TEST(sdp_scan, minimal_and_what_is_no_description) {
  session_description_view v;
  ASSERT_OK(parse_sdp(minimal, v));
  EXPECT_EQ(v.media_count(), 0u);
  EXPECT_EQ(v.session_text(), minimal);
  EXPECT_TRUE(v.deviations().empty());
  EXPECT_TRUE(fails_at(parse_sdp("", v), error_code::empty_input, 0));
  // RFC 8866 §5: a description starts with v=; anything else is none
  EXPECT_TRUE(fails_at(parse_sdp("V=0\r\n", v), error_code::sdp_missing_version, 0));
  EXPECT_TRUE(fails_at(parse_sdp("\r\nv=0\r\n", v), error_code::sdp_missing_version, 0));
  EXPECT_TRUE(fails_at(parse_sdp(" v=0\r\n", v), error_code::sdp_missing_version, 0));
  EXPECT_TRUE(fails_at(parse_sdp("v", v), error_code::sdp_missing_version, 0));
  EXPECT_TRUE(fails_at(parse_sdp("hello\r\n", v), error_code::sdp_missing_version, 0));
}

// Required lines that never come: recorded where the missing line should
// stand (at the next line, or at the end), the rest still read.
TEST(sdp_scan, missing_lines_are_deviations) {
  session_description_view v;
  ASSERT_OK(parse_sdp("v=0\r\n", v));
  EXPECT_EQ(kinds(v), "sdp_missing_line@5 sdp_missing_line@5 sdp_missing_line@5");
  ASSERT_OK(parse_sdp("v=0\r\no=- 1 1 IN IP4 a.b\r\ns=-\r\n", v));
  EXPECT_EQ(kinds(v), "sdp_missing_line@30");
  std::string s = "v=0\r\no=- 1 1 IN IP4 a.b\r\ns=-\r\na=x\r\nm=audio 1 RTP/AVP 0\r\nc=IN IP4 192.0.2.1\r\n";
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(kinds(v), "sdp_missing_line@30");  // t= before a=
  ASSERT_EQ(v.media_count(), 1u);
  EXPECT_EQ(v.media(0).connection(), "IN IP4 192.0.2.1");
  EXPECT_EQ(v.attributes().get("x"), "");
  EXPECT_TRUE(v.attributes().has("x"));
  // RFC 4475 mismatch02's body: neither s= nor t=
  s = "v=0\r\no=mhandley 29739 7272939 IN IP4 192.0.2.1\r\nc=IN IP4 192.0.2.1\r\nm=audio 49217 RTP/AVP 0 12\r\n"
      "m=video 3227 RTP/AVP 31\r\na=rtpmap:31 LPC\r\n";
  ASSERT_OK(parse_sdp(s, v));
  std::size_t c = s.find("c="), m = s.find("m=");
  EXPECT_EQ(kinds(v), "sdp_missing_line@" + std::to_string(c) + " sdp_missing_line@" + std::to_string(m));
  EXPECT_EQ(v.connection(), "IN IP4 192.0.2.1");
  ASSERT_EQ(v.media_count(), 2u);
  EXPECT_EQ(v.media(1).attributes().get("rtpmap"), "31 LPC");
  result r = parse_sdp(s, v, sdp_options::strict());
  EXPECT_TRUE(fails_at(r, error_code::deviation_rejected, static_cast<std::uint32_t>(c)));
  EXPECT_EQ(r.deviation, deviation_kind::sdp_missing_line);
}

TEST(sdp_scan, line_departures_at_exact_offsets) {
  session_description_view v;
  auto one = [&](const std::string& text, deviation_kind k, std::size_t at) {
    SCOPED_TRACE(text);
    ASSERT_OK(parse_sdp(text, v));
    bool found = false;
    for (const deviation& d : v.deviations()) found |= d.kind == k && d.offset == at;
    EXPECT_TRUE(found) << kinds(v);
    for (const deviation& d : v.deviations()) EXPECT_LE(d.offset + d.length, text.size()) << kinds(v);
    result r = parse_sdp(text, v, sdp_options::strict());
    EXPECT_EQ(r.code, error_code::deviation_rejected);
  };
  one(minimal + "a=x\ry\r\n", deviation_kind::sdp_forbidden_byte, minimal.size() + 3);
  std::string nul = minimal + "a=x";
  nul += '\0';
  nul += "\r\n";
  one(nul, deviation_kind::sdp_forbidden_byte, minimal.size() + 3);
  one("v=0\r\r\n" + minimal.substr(5), deviation_kind::sdp_forbidden_byte, 3);
  one(minimal + "\r\n", deviation_kind::sdp_bad_line, minimal.size());  // an empty line at the end
  one(minimal + "y=1\r\n", deviation_kind::sdp_unknown_type, minimal.size());
  one(minimal + "a\r\n", deviation_kind::sdp_bad_line, minimal.size());
  one(minimal + "a =x\r\n", deviation_kind::sdp_bad_line, minimal.size());
  one(minimal + "s", deviation_kind::sdp_bad_line, minimal.size());  // no "=" and no line end
  one(minimal + "a=x\r\ns", deviation_kind::sdp_bad_line, minimal.size() + 5);
  one(minimal + "v=0\r\n", deviation_kind::sdp_line_order, minimal.size());
  std::string s = minimal + "m=audio 1 RTP/AVP 0\r\nk=prompt\r\nk=prompt\r\n";
  one(s, deviation_kind::sdp_line_order, s.size() - 10);
  EXPECT_EQ(v.media(0).key(), "prompt");
  s = minimal + "m=audio 1 RTP/AVP 0\r\nr=1 1 1\r\n";  // r= belongs to a time description
  one(s, deviation_kind::sdp_line_order, s.size() - 9);
  s = sdp({"v=0", "o=- 1 1 IN IP4 a.b", "s=-", "r=1 1 1", "t=0 0"});
  one(s, deviation_kind::sdp_line_order, s.find("r="));
  s = sdp({"v=0", "o=- 1 1 IN IP4 a.b", "s=-", "t=0 0", "r=1 1 1", "z=3000000000 1h", "z=3000000000 1h"});
  one(s, deviation_kind::sdp_line_order, s.rfind("z="));
  // RFC 5118 mult-ip-in-sdp: "s=" with nothing after it
  s = sdp({"v=0", "o=- 1 1 IN IP4 a.b", "s=", "t=0 0"});
  one(s, deviation_kind::sdp_empty_value, s.find("s=") + 2);
  EXPECT_EQ(v.session_name(), "");
  EXPECT_EQ(v.time_count(), 1u);
  s = "v=0\r\no=- 1 1 IN IP4 a.b\r\ns=-\r\nt=0 0";  // no line end after the last line
  one(s, deviation_kind::sdp_line_end, s.size());
  s = "v=0\r\no=- 1 1 IN IP4 a.b\r\ns=-\r\nt=0 0\r";  // and a CR without LF
  one(s, deviation_kind::sdp_forbidden_byte, s.size() - 1);
  EXPECT_EQ(v.times().begin()->value, "0 0");
}

// A line out of order still counts where it stands: an a= before c= in a
// media section leaves that c= the section's connection.
TEST(sdp_scan, out_of_order_lines_keep_the_structure) {
  session_description_view v;
  std::string s = sdp({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "t=0 0", "c=IN IP4 192.0.2.9",
                       "m=audio 49170 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", "c=IN IP4 192.0.2.2"});
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(kinds(v), "sdp_line_order@" + std::to_string(s.find("c=IN IP4 192.0.2.9")) + " sdp_line_order@" +
                          std::to_string(s.find("c=IN IP4 192.0.2.2")));
  EXPECT_EQ(v.connection(), "IN IP4 192.0.2.9");
  ASSERT_EQ(v.media_count(), 1u);
  EXPECT_EQ(v.media(0).connection(), "IN IP4 192.0.2.2");
  EXPECT_EQ(v.media(0).attribute_count(), 1u);
  EXPECT_OK(validate_sdp(v));
  EXPECT_EQ(parse_sdp(s, v, sdp_options::strict()).deviation, deviation_kind::sdp_line_order);
}

TEST(sdp_scan, deviation_capacity) {
  std::string s = minimal;
  for (int i = 0; i < 16; ++i) s += "y=" + std::to_string(i) + "\r\n";
  session_description_view v;
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(v.deviations().size(), 16u);
  std::uint32_t at = static_cast<std::uint32_t>(s.size());
  s += "y=16\r\n";
  EXPECT_TRUE(fails_at(parse_sdp(s, v), error_code::too_many_deviations, at));
}

TEST(sdp_scan, order_and_cardinality_accepted) {
  session_description_view v;
  std::string s = sdp({"v=0", "o=- 1 1 IN IP4 host.example", "s=-", "i=info", "u=http://a.b/", "e=a@b.c", "e=d@e.f",
                       "p=+1 555 0100", "p=+1 555 0101", "c=IN IP4 192.0.2.1", "b=CT:1", "b=AS:2", "t=0 0",
                       "r=7d 1h 0", "t=3000000000 3000003600", "r=1d 1h 0 2h", "z=3000000000 -1h", "k=prompt",
                       "a=recvonly", "a=tool:x", "m=audio 1 RTP/AVP 0", "i=media info", "c=IN IP4 192.0.2.2",
                       "c=IN IP4 192.0.2.3", "b=AS:1", "b=TIAS:1000", "k=clear:secret", "a=sendonly",
                       "m=video 0 RTP/AVP 31"});
  ASSERT_OK(parse_sdp(s, v));
  ASSERT_OK(validate_sdp(v));
  EXPECT_EQ(v.emails().size(), 2u);
  EXPECT_EQ(v.phones().size(), 2u);
  EXPECT_EQ(v.bandwidths().size(), 2u);
  EXPECT_EQ(v.time_count(), 2u);
  EXPECT_EQ(v.attributes().size(), 2u);
  EXPECT_EQ(direction_of(v.attributes()), media_direction::recvonly);
  ASSERT_EQ(v.media_count(), 2u);
  media_description m = v.media(0);
  EXPECT_EQ(m.information(), "media info");
  EXPECT_EQ(m.connection(), "IN IP4 192.0.2.2");
  EXPECT_EQ(m.connection_count(), 2u);
  EXPECT_EQ(m.bandwidths().size(), 2u);
  EXPECT_EQ(m.key(), "clear:secret");
  EXPECT_EQ(direction_of(m.attributes(), direction_of(v.attributes())), media_direction::sendonly);
  EXPECT_EQ(direction_of(v.media(1).attributes(), direction_of(v.attributes())), media_direction::recvonly);
  EXPECT_EQ(v.information(), "info");  // the media i= did not overwrite it
  EXPECT_EQ(v.key(), "prompt");
  EXPECT_EQ(spans_outside(s, v), 0u);
}

TEST(sdp_scan, control_byte_is_legal_and_recorded) {
  session_description_view v;
  std::string s = minimal + "a=tool:a\x01z\r\n";
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(kinds(v), "sdp_control_byte@" + std::to_string(minimal.size() + 8));
  // byte-string admits it: the grammar's letter accepts it, a narrower allow does not
  EXPECT_OK(parse_sdp(s, v, sdp_options::strict()));
  sdp_options none{0, 0};
  result r = parse_sdp(s, v, none);
  EXPECT_TRUE(fails_at(r, error_code::deviation_rejected, static_cast<std::uint32_t>(minimal.size() + 8)));
  EXPECT_EQ(r.deviation, deviation_kind::sdp_control_byte);
  s = minimal + "i=tab\there\r\n";  // HTAB is ordinary text; i= after t= is out of order though
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(kinds(v), "sdp_line_order@" + std::to_string(minimal.size()));
}

TEST(sdp_scan, media_capacity) {
  std::string s = minimal;
  for (int i = 0; i < 32; ++i) s += "m=audio " + std::to_string(1000 + i) + " RTP/AVP 0\r\na=sendrecv\r\n";
  session_description_view v;
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_EQ(v.media_count(), 32u);
  EXPECT_EQ(v.media(31).media_line(), "audio 1031 RTP/AVP 0");
  EXPECT_EQ(v.media(31).attribute_count(), 1u);
  std::uint32_t at = static_cast<std::uint32_t>(s.size());
  s += "m=audio 2000 RTP/AVP 0\r\ni=dropped\r\n";
  EXPECT_TRUE(fails_at(parse_sdp(s, v), error_code::too_many_media, at));
  EXPECT_EQ(v.information(), "");

  // caller storage, and a limit from the options
  sdp_media_record table[2];
  session_description_view small(table, 2);
  EXPECT_EQ(small.media_capacity(), 2u);
  std::string t = minimal + "m=audio 1 RTP/AVP 0\r\nm=audio 2 RTP/AVP 0\r\n";
  ASSERT_OK(parse_sdp(t, small));
  EXPECT_EQ(small.media(1).media_line(), "audio 2 RTP/AVP 0");
  std::uint32_t at3 = static_cast<std::uint32_t>(t.size());
  t += "m=audio 3 RTP/AVP 0\r\n";
  EXPECT_TRUE(fails_at(parse_sdp(t, small), error_code::too_many_media, at3));
  sdp_options one;
  one.max_media = 1;
  EXPECT_TRUE(fails_at(parse_sdp(t, v, one), error_code::too_many_media,
                       static_cast<std::uint32_t>(t.find("m=audio 2"))));
}

TEST(sdp_scan, ranges) {
  std::string s = minimal + "a=flag\r\na=name:value:with:colons\r\na=empty-looking: \r\n";
  session_description_view v;
  ASSERT_OK(parse_sdp(s, v));
  std::vector<sdp_attribute> attrs(v.attributes().begin(), v.attributes().end());
  ASSERT_EQ(attrs.size(), 3u);
  EXPECT_EQ(attrs[0].name, "flag");
  EXPECT_FALSE(attrs[0].has_value);
  EXPECT_EQ(attrs[1].name, "name");
  EXPECT_EQ(attrs[1].value, "value:with:colons");
  EXPECT_EQ(attrs[2].value, " ");
  EXPECT_EQ(v.session_lines().size(), 8u);
  word_range w("a b  c");
  std::vector<std::string_view> words(w.begin(), w.end());
  ASSERT_EQ(words.size(), 3u);
  EXPECT_EQ(words[2], "c");
  EXPECT_TRUE(word_range("").empty());
}

// ========================================================== typed values ===

TEST(sdp_origin, examples_and_errors) {
  origin_view o;
  std::string s = "jdoe 3724394400 3724394405 IN IP4 198.51.100.1";
  ASSERT_OK(parse_origin(s, o));
  EXPECT_EQ(o.username, "jdoe");
  EXPECT_EQ(o.sess_id, "3724394400");
  EXPECT_EQ(o.sess_version, "3724394405");
  EXPECT_EQ(o.nettype, "IN");
  EXPECT_EQ(o.addrtype, "IP4");
  EXPECT_EQ(o.address, "198.51.100.1");
  EXPECT_EQ(o.address_kind, sdp_address_kind::ip4);
  EXPECT_TRUE(all_inside(s, {o.username, o.sess_id, o.sess_version, o.nettype, o.addrtype, o.address}));
  ASSERT_OK(parse_origin("- 1 1 IN IP6 2001:db8::1", o));
  EXPECT_EQ(o.address_kind, sdp_address_kind::ip6);
  ASSERT_OK(parse_origin("alice 1 1 IN IP4 host.atlanta.example.com", o));
  EXPECT_EQ(o.address_kind, sdp_address_kind::fqdn);
  ASSERT_OK(parse_origin("x 1 1 ATM NSAP 47.0091.8100.0000.0060.3e64.fd01", o));  // extn-addr
  EXPECT_TRUE(fails_at(parse_origin("", o), error_code::empty_value, 0));
  EXPECT_TRUE(fails_at(parse_origin("jdoe x 1 IN IP4 a.b.c", o), error_code::sdp_bad_origin, 5));
  EXPECT_TRUE(fails_at(parse_origin("jdoe 1  1 IN IP4 a.b.c", o), error_code::sdp_bad_origin, 7));
  EXPECT_TRUE(fails_at(parse_origin("jdoe 1 1 IN IP4", o), error_code::sdp_bad_origin, 15));
  EXPECT_TRUE(fails_at(parse_origin("jdoe 1 1 IN IP4 a:b", o), error_code::bad_host, 16));
  EXPECT_TRUE(fails_at(parse_origin("jdoe 1 1 IN IP6 192.0.2.1/x", o), error_code::bad_host, 16));
  ASSERT_OK(parse_origin("jdoe 1 1 IN IP6 192.0.2.1x", o));  // FQDN = 4*(alpha-numeric / "-" / ".")
}

TEST(sdp_connection, unicast_multicast_ttl_count) {
  connection_view c;
  ASSERT_OK(parse_connection("IN IP4 198.51.100.1", c));
  EXPECT_EQ(c.address, "198.51.100.1");
  EXPECT_FALSE(c.multicast);
  EXPECT_EQ(c.count, 1u);
  std::string s = "IN IP4 233.252.0.1/127/3";
  ASSERT_OK(parse_connection(s, c));
  EXPECT_TRUE(c.multicast);
  EXPECT_EQ(c.address, "233.252.0.1");
  EXPECT_EQ(c.ttl, 127u);
  EXPECT_EQ(c.ttl_text, "127");
  EXPECT_EQ(c.count, 3u);
  EXPECT_TRUE(all_inside(s, {c.nettype, c.addrtype, c.address, c.ttl_text, c.count_text}));
  ASSERT_OK(parse_connection("IN IP4 224.2.1.1/0", c));
  EXPECT_EQ(c.ttl, 0u);
  ASSERT_OK(parse_connection("IN IP6 ff15::101/3", c));
  EXPECT_TRUE(c.multicast);
  EXPECT_EQ(c.address, "ff15::101");
  EXPECT_EQ(c.count, 3u);
  ASSERT_OK(parse_connection("IN IP6 FF02::1", c));
  EXPECT_TRUE(c.multicast);
  EXPECT_EQ(c.address_kind, sdp_address_kind::ip6);
  ASSERT_OK(parse_connection("IN IP6 2001:db8::2", c));
  EXPECT_FALSE(c.multicast);
  ASSERT_OK(parse_connection("IN IP4 host.example.com", c));
  EXPECT_EQ(c.address_kind, sdp_address_kind::fqdn);

  EXPECT_TRUE(fails_at(parse_connection("IN IP4 233.252.0.1/256", c), error_code::number_overflow, 19));
  EXPECT_TRUE(fails_at(parse_connection("IN IP4 233.252.0.1/1/4294967296", c), error_code::number_overflow, 21));
  EXPECT_TRUE(fails_at(parse_connection("IN IP4 233.252.0.1", c), error_code::sdp_bad_connection, 18));
  EXPECT_TRUE(fails_at(parse_connection("IN IP4 192.0.2.1/127", c), error_code::bad_host, 7));  // TTL on unicast
  EXPECT_TRUE(fails_at(parse_connection("IN IP4 ::1", c), error_code::bad_host, 7));
  EXPECT_TRUE(fails_at(parse_connection("IN IP4", c), error_code::sdp_bad_connection, 6));
  EXPECT_TRUE(fails_at(parse_connection("IN  IP4 a.b.c", c), error_code::sdp_bad_connection, 3));

  // an IPv6 address in brackets (copied from a URI host): tolerated, and said
  ASSERT_OK(parse_connection("IN IP6 [2001:db8::1]", c));
  EXPECT_EQ(c.address, "2001:db8::1");
  EXPECT_TRUE(c.bracketed);
  EXPECT_EQ(c.address_kind, sdp_address_kind::ip6);
  result r = parse_connection("IN IP6 [2001:db8::1]", c, sdp_options::strict());
  EXPECT_TRUE(fails_at(r, error_code::deviation_rejected, 7));
  EXPECT_EQ(r.deviation, deviation_kind::sdp_address_brackets);
  EXPECT_TRUE(fails_at(parse_connection("IN IP4 [2001:db8::1]", c), error_code::bad_host, 7));
  // an extn-addr, not a bracketed address: no IPv6 address or name under IP6
  EXPECT_TRUE(fails_at(parse_connection("IN IP6 [2001:db8::1]x", c), error_code::bad_host, 7));
  origin_view o;
  ASSERT_OK(parse_origin("- 1 1 IN IP6 [::1]", o));
  EXPECT_EQ(o.address, "::1");
  EXPECT_TRUE(o.bracketed);
}

// check_sdp_line says what a typed value tolerated, and where in the value.
TEST(sdp_validate, check_line_reports_tolerated_departures) {
  sdp_line_check c = check_sdp_line('a', "rtpmap:31 LPC");
  EXPECT_OK(c.error);
  ASSERT_TRUE(c.tolerated);
  EXPECT_EQ(c.departure.kind, deviation_kind::sdp_rtpmap_without_clock_rate);
  EXPECT_EQ(c.departure.offset, 13u);
  EXPECT_EQ(c.departure.length, 0u) << "at the value's end: a point, not a byte past it";
  c = check_sdp_line('a', "rtpmap:0 PCMU/8000 \t");
  EXPECT_OK(c.error);
  ASSERT_TRUE(c.tolerated);
  EXPECT_EQ(c.departure.kind, deviation_kind::sdp_trailing_whitespace);
  EXPECT_EQ(c.departure.offset, 18u);
  EXPECT_EQ(c.departure.length, 2u);
  c = check_sdp_line('a', "rtpmap:0 PCMU/8000 ", sdp_options::strict());
  EXPECT_TRUE(fails_at(c.error, error_code::deviation_rejected, 18));
  EXPECT_FALSE(c.tolerated);
  c = check_sdp_line('c', "IN IP6 [::1]");
  EXPECT_TRUE(c.tolerated);
  EXPECT_EQ(c.departure.kind, deviation_kind::sdp_address_brackets);
  c = check_sdp_line('a', "rtpmap:0 PCMU/8000");
  EXPECT_OK(c.error);
  EXPECT_FALSE(c.tolerated);
  c = check_sdp_line('a', "rtpmap:0 PCMU/80x0 ");  // not only the trailing space is wrong
  EXPECT_TRUE(fails_at(c.error, error_code::sdp_bad_rtpmap, 16));
  c = check_sdp_line('v', "1x");
  EXPECT_TRUE(fails_at(c.error, error_code::sdp_bad_version, 1));
  // a tolerated departure and a real error further on: the error wins
  c = check_sdp_line('a', "rtcp:9 IN IP4 [::1]");
  EXPECT_FALSE(c.error.ok());
}

// The validator's form of check_sdp_line keeps the reading of o=, c= and m=
// when a run over the whole value accepted it, so that it is not parsed again.
TEST(sdp_validate, check_line_keeps_the_reading_of_whole_values) {
  detail::sdp_line_views v;
  sdp_line_check c = detail::check_sdp_line('c', "IN IP4 192.0.2.1", sdp_options{}, v);
  EXPECT_OK(c.error);
  ASSERT_TRUE(v.read);
  EXPECT_EQ(v.connection.address, "192.0.2.1");
  EXPECT_EQ(v.connection.address_kind, sdp_address_kind::ip4);
  // tolerated, and read again tolerantly over the whole value
  c = detail::check_sdp_line('c', "IN IP6 [::1]", sdp_options{}, v);
  EXPECT_TRUE(c.tolerated);
  ASSERT_TRUE(v.read);
  EXPECT_EQ(v.connection.address, "::1");
  c = detail::check_sdp_line('o', "- 1 2 IN IP6 192.0.2.1", sdp_options{}, v);
  EXPECT_OK(c.error);
  ASSERT_TRUE(v.read);
  EXPECT_EQ(v.origin.address_kind, sdp_address_kind::ip4);
  c = detail::check_sdp_line('m', "audio 49170 RTP/AVP 0 96", sdp_options{}, v);
  ASSERT_TRUE(v.read);
  EXPECT_EQ(v.media.port, 49170);
  EXPECT_EQ(v.media.formats.size(), 2u);
  // accepted only without its trailing whitespace: no reading of the whole value
  c = detail::check_sdp_line('m', "audio 49170 RTP/AVP 0 ", sdp_options{}, v);
  EXPECT_TRUE(c.tolerated);
  EXPECT_FALSE(v.read);
  c = detail::check_sdp_line('c', "IN IP4", sdp_options{}, v);
  EXPECT_FALSE(c.error.ok());
  EXPECT_FALSE(v.read);
  // other lines keep no reading, and the verdict is check_sdp_line's
  c = detail::check_sdp_line('a', "rtpmap:31 LPC", sdp_options{}, v);
  EXPECT_FALSE(v.read);
  EXPECT_TRUE(c.tolerated);
}

TEST(sdp_bandwidth, examples_and_errors) {
  bandwidth_view b;
  ASSERT_OK(parse_bandwidth("AS:64", b));
  EXPECT_EQ(b.type, "AS");
  EXPECT_EQ(b.value, 64u);
  ASSERT_OK(parse_bandwidth("TIAS:4294967295", b));
  EXPECT_EQ(b.value, 4294967295u);
  EXPECT_TRUE(fails_at(parse_bandwidth("TIAS:4294967296", b), error_code::number_overflow, 5));
  EXPECT_TRUE(fails_at(parse_bandwidth("AS 64", b), error_code::sdp_bad_bandwidth, 2));
  EXPECT_TRUE(fails_at(parse_bandwidth("AS:", b), error_code::sdp_bad_bandwidth, 3));
  EXPECT_TRUE(fails_at(parse_bandwidth("AS:6x", b), error_code::sdp_bad_bandwidth, 4));
}

TEST(sdp_timing, time_repeat_zone) {
  timing_view t;
  ASSERT_OK(parse_timing("3034423619 3042462419", t));
  EXPECT_EQ(t.start, 3034423619u);
  EXPECT_EQ(t.stop, 3042462419u);
  ASSERT_OK(parse_timing("0 0", t));
  EXPECT_EQ(t.start, 0u);
  EXPECT_TRUE(fails_at(parse_timing("99999999999999999999 0", t), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_timing("123456789 0", t), error_code::sdp_bad_time, 9));  // time = 10 digits or more
  EXPECT_TRUE(fails_at(parse_timing("00 0", t), error_code::sdp_bad_time, 1));
  EXPECT_TRUE(fails_at(parse_timing("0", t), error_code::sdp_bad_time, 1));

  repeat_view r;
  std::string s = "7d 1h 0 25h";
  ASSERT_OK(parse_repeat(s, r));
  EXPECT_EQ(r.interval.seconds, 604800u);
  EXPECT_EQ(r.duration.seconds, 3600u);
  std::vector<std::string_view> offs(r.offsets.begin(), r.offsets.end());
  ASSERT_EQ(offs.size(), 2u);
  EXPECT_EQ(offs[1], "25h");
  typed_time tt;
  ASSERT_OK(parse_typed_time(offs[1], tt));
  EXPECT_EQ(tt.seconds, 90000u);
  ASSERT_OK(parse_repeat("604800 3600 0 90000", r));
  EXPECT_EQ(r.interval.seconds, 604800u);
  EXPECT_TRUE(fails_at(parse_repeat("0 1h 0", r), error_code::sdp_bad_repeat, 0));  // interval is POS-DIGIT first
  EXPECT_TRUE(fails_at(parse_repeat("7d 1h", r), error_code::sdp_bad_repeat, 5));  // at least one offset
  EXPECT_TRUE(fails_at(parse_repeat("7w 1h 0", r), error_code::sdp_bad_repeat, 1));
  EXPECT_TRUE(fails_at(parse_repeat("7D 1h 0", r), error_code::sdp_bad_repeat, 1));  // units are case-sensitive
  EXPECT_TRUE(fails_at(parse_repeat("7d 1h 99999999999999999999d", r), error_code::number_overflow, 6));
  EXPECT_TRUE(fails_at(parse_typed_time("-1h", tt), error_code::sdp_bad_repeat, 0));
  ASSERT_OK(parse_typed_time("-1h", tt, true));
  EXPECT_TRUE(tt.negative);
  EXPECT_EQ(tt.seconds, 3600u);

  zone_view z;
  ASSERT_OK(parse_zone("2882844526 -1h 2898848070 0", z));
  EXPECT_EQ(z.count, 2u);
  zone_adjustment adj;
  ASSERT_TRUE(z.adjustment(0, adj));
  EXPECT_EQ(adj.time, 2882844526u);
  EXPECT_TRUE(adj.offset.negative);
  EXPECT_EQ(adj.offset.seconds, 3600u);
  ASSERT_TRUE(z.adjustment(1, adj));
  EXPECT_EQ(adj.time_text, "2898848070");
  EXPECT_FALSE(z.adjustment(2, adj));
  EXPECT_TRUE(fails_at(parse_zone("2882844526", z), error_code::sdp_bad_zone, 10));
  EXPECT_TRUE(fails_at(parse_zone("2882844526 -1h 2898848070", z), error_code::sdp_bad_zone, 25));
  EXPECT_TRUE(fails_at(parse_zone("2882844526 +1h", z), error_code::sdp_bad_zone, 11));
}

TEST(sdp_media, examples_and_errors) {
  media_view m;
  std::string s = "audio 49170 RTP/AVP 0 8 97";
  ASSERT_OK(parse_media(s, m));
  EXPECT_EQ(m.media, "audio");
  EXPECT_EQ(m.port, 49170);
  EXPECT_EQ(m.port_count, 1u);
  EXPECT_EQ(m.proto, "RTP/AVP");
  std::vector<std::string_view> f(m.formats.begin(), m.formats.end());
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[2], "97");
  EXPECT_TRUE(all_inside(s, {m.media, m.port_text, m.proto, f[0], f[1], f[2]}));
  ASSERT_OK(parse_media("video 49170/2 RTP/AVP 31", m));
  EXPECT_EQ(m.port_count, 2u);
  EXPECT_EQ(m.port_count_text, "2");
  ASSERT_OK(parse_media("video 0 RTP/AVP 31", m));
  EXPECT_EQ(m.port, 0);
  ASSERT_OK(parse_media("audio 65535 RTP/AVP 127", m));
  ASSERT_OK(parse_media("image 49170 udptl t38", m));
  EXPECT_FALSE(m.is_rtp());
  ASSERT_OK(parse_media("application 9 UDP/DTLS/SCTP webrtc-datachannel", m));

  EXPECT_TRUE(fails_at(parse_media("audio 70000 RTP/AVP 0", m), error_code::bad_port, 6));
  EXPECT_TRUE(fails_at(parse_media("audio 65536 RTP/AVP 0", m), error_code::bad_port, 6));
  EXPECT_TRUE(fails_at(parse_media("audio 49170 RTP/AVP 0 4294967296", m), error_code::number_overflow, 22));
  EXPECT_TRUE(fails_at(parse_media("audio 49170 RTP/AVP 128", m), error_code::number_overflow, 20));
  EXPECT_TRUE(fails_at(parse_media("audio 49170 RTP/AVP x", m), error_code::sdp_bad_media, 20));
  EXPECT_TRUE(fails_at(parse_media("audio 49170/0 RTP/AVP 0", m), error_code::sdp_bad_media, 12));
  EXPECT_TRUE(fails_at(parse_media("audio 49170/4294967296 RTP/AVP 0", m), error_code::number_overflow, 12));
  EXPECT_TRUE(fails_at(parse_media("audio 49170 RTP/AVP", m), error_code::sdp_bad_media, 19));
  EXPECT_TRUE(fails_at(parse_media("audio 49170 RTP/AVP ", m), error_code::sdp_bad_media, 20));
  EXPECT_TRUE(fails_at(parse_media("audio x RTP/AVP 0", m), error_code::sdp_bad_media, 6));
}

TEST(sdp_attributes, rtpmap_fmtp_ptime) {
  rtpmap_view r;
  std::string s = "111 opus/48000/2";
  ASSERT_OK(parse_rtpmap(s, r));
  EXPECT_EQ(r.payload_type, 111);
  EXPECT_EQ(r.encoding, "opus");
  EXPECT_EQ(r.clock_rate, 48000u);
  EXPECT_EQ(r.encoding_params, "2");
  EXPECT_TRUE(all_inside(s, {r.payload_type_text, r.encoding, r.clock_rate_text, r.encoding_params}));
  ASSERT_OK(parse_rtpmap("0 PCMU/8000", r));
  EXPECT_EQ(r.encoding_params, "");
  ASSERT_OK(parse_rtpmap("99 h263-1998/90000", r));
  EXPECT_TRUE(fails_at(parse_rtpmap("4294967296 opus/48000/2", r), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_rtpmap("128 opus/48000", r), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_rtpmap("01 opus/48000", r), error_code::sdp_bad_rtpmap, 1));
  // RFC 4475's "a=rtpmap:31 LPC": no clock rate, tolerated unless the options say no
  ASSERT_OK(parse_rtpmap("31 LPC", r));
  EXPECT_EQ(r.encoding, "LPC");
  EXPECT_FALSE(r.has_clock_rate());
  EXPECT_EQ(r.clock_rate, 0u);
  result strict = parse_rtpmap("96 opus", r, sdp_options::strict());
  EXPECT_TRUE(fails_at(strict, error_code::deviation_rejected, 7));
  EXPECT_EQ(strict.deviation, deviation_kind::sdp_rtpmap_without_clock_rate);
  EXPECT_TRUE(fails_at(parse_rtpmap("96 opus/", r), error_code::sdp_bad_rtpmap, 8));
  EXPECT_TRUE(fails_at(parse_rtpmap("96 opus/0", r), error_code::sdp_bad_rtpmap, 8));
  EXPECT_TRUE(fails_at(parse_rtpmap("96 opus/4294967296", r), error_code::number_overflow, 8));

  fmtp_view f;
  ASSERT_OK(parse_fmtp("111 minptime=10;useinbandfec=1", f));
  EXPECT_EQ(f.format, "111");
  EXPECT_EQ(f.params().get("useinbandfec"), "1");
  EXPECT_EQ(f.params().size(), 2u);
  ASSERT_OK(parse_fmtp("101 0-15", f));
  EXPECT_TRUE(fails_at(parse_fmtp("101", f), error_code::sdp_bad_fmtp, 3));
  EXPECT_TRUE(fails_at(parse_fmtp("101 ", f), error_code::sdp_bad_fmtp, 4));

  ptime_view p;
  ASSERT_OK(parse_ptime("20", p));
  EXPECT_EQ(p.milliseconds, 20u);
  ASSERT_OK(parse_ptime("0.5", p));
  EXPECT_EQ(p.milliseconds, 0u);
  EXPECT_EQ(p.fraction, "5");
  ASSERT_OK(parse_maxptime("120", p));
  EXPECT_TRUE(fails_at(parse_ptime("0", p), error_code::sdp_bad_ptime, 1));
  EXPECT_TRUE(fails_at(parse_ptime("20.0", p), error_code::sdp_bad_ptime, 4));
  EXPECT_TRUE(fails_at(parse_ptime("20ms", p), error_code::sdp_bad_ptime, 2));
  EXPECT_TRUE(fails_at(parse_ptime("4294967296", p), error_code::number_overflow, 0));
}

TEST(sdp_attributes, direction_rtcp_mid_group) {
  media_direction d;
  ASSERT_OK(parse_direction("sendonly", d));
  EXPECT_EQ(d, media_direction::sendonly);
  ASSERT_OK(parse_direction("inactive", d));
  EXPECT_EQ(d, media_direction::inactive);
  EXPECT_TRUE(fails_at(parse_direction("SendOnly", d), error_code::sdp_bad_direction, 0));
  EXPECT_TRUE(fails_at(parse_direction("sendrecvx", d), error_code::sdp_bad_direction, 8));

  rtcp_view r;
  ASSERT_OK(parse_rtcp("53020", r));
  EXPECT_EQ(r.port, 53020);
  EXPECT_FALSE(r.has_address);
  std::string s = "53020 IN IP6 2001:db8::f81d:4fae:7dec:11d0:a765";
  ASSERT_OK(parse_rtcp(s, r));
  EXPECT_TRUE(r.has_address);
  EXPECT_EQ(r.connection.address, "2001:db8::f81d:4fae:7dec:11d0:a765");
  EXPECT_TRUE(inside(s, r.connection.address));
  EXPECT_TRUE(fails_at(parse_rtcp("65536", r), error_code::bad_port, 0));
  EXPECT_TRUE(fails_at(parse_rtcp("9 IN IP4", r), error_code::sdp_bad_rtcp, 8));
  EXPECT_TRUE(fails_at(parse_rtcp("9 IN IP4 ::1", r), error_code::bad_host, 9));
  EXPECT_TRUE(fails_at(parse_rtcp("x", r), error_code::sdp_bad_rtcp, 0));

  std::string_view tag;
  ASSERT_OK(parse_mid("audio1", tag));
  EXPECT_EQ(tag, "audio1");
  EXPECT_TRUE(fails_at(parse_mid("a b", tag), error_code::sdp_bad_mid, 1));
  EXPECT_TRUE(fails_at(parse_mid("a/b", tag), error_code::sdp_bad_mid, 1));

  group_view g;
  ASSERT_OK(parse_group("LS 1 2", g));
  EXPECT_EQ(g.semantics, "LS");
  EXPECT_EQ(g.tags.size(), 2u);
  ASSERT_OK(parse_group("BUNDLE", g));
  EXPECT_TRUE(g.tags.empty());
  EXPECT_TRUE(fails_at(parse_group("FID 1  2", g), error_code::sdp_bad_group, 6));
  EXPECT_TRUE(fails_at(parse_group("FID ", g), error_code::sdp_bad_group, 4));
}

TEST(sdp_attributes, ssrc_candidate_ice) {
  ssrc_view x;
  ASSERT_OK(parse_ssrc("3735928559 cname:f8Kq2Lw0pZr7Tx4v", x));
  EXPECT_EQ(x.id, 3735928559u);
  EXPECT_EQ(x.attribute, "cname");
  EXPECT_EQ(x.value, "f8Kq2Lw0pZr7Tx4v");
  EXPECT_TRUE(x.has_value);
  ASSERT_OK(parse_ssrc("1 flag", x));
  EXPECT_FALSE(x.has_value);
  ASSERT_OK(parse_ssrc("0 cname:user@host", x));  // RFC 5576 §4.1: ssrc-id 0 .. 2**32 - 1
  EXPECT_EQ(x.id, 0u);
  EXPECT_TRUE(fails_at(parse_ssrc("00 cname:x", x), error_code::sdp_bad_ssrc, 1));
  EXPECT_TRUE(fails_at(parse_ssrc("4294967296 cname:x", x), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_ssrc("12 cname:", x), error_code::sdp_bad_ssrc, 9));
  EXPECT_TRUE(fails_at(parse_ssrc("12", x), error_code::sdp_bad_ssrc, 2));

  candidate_view c;
  std::string s = "435653019 1 udp 1845501695 198.51.100.7 46243 typ srflx raddr 192.0.2.10 rport 46244 generation 0";
  ASSERT_OK(parse_candidate(s, c));
  EXPECT_EQ(c.foundation, "435653019");
  EXPECT_EQ(c.component, 1u);
  EXPECT_EQ(c.transport, "udp");
  EXPECT_EQ(c.priority, 1845501695u);
  EXPECT_EQ(c.address, "198.51.100.7");
  EXPECT_EQ(c.port, 46243);
  EXPECT_EQ(c.type, "srflx");
  EXPECT_TRUE(c.has_rel_address);
  EXPECT_EQ(c.rel_address, "192.0.2.10");
  EXPECT_TRUE(c.has_rel_port);
  EXPECT_EQ(c.rel_port, 46244);
  std::vector<std::string_view> ext(c.extensions.begin(), c.extensions.end());
  ASSERT_EQ(ext.size(), 2u);
  EXPECT_EQ(ext[0], "generation");
  EXPECT_TRUE(all_inside(s, {c.foundation, c.transport, c.address, c.type, c.rel_address, ext[0], ext[1]}));
  ASSERT_OK(parse_candidate("1 1 UDP 2130706431 2001:db8::20 50000 typ host", c));
  EXPECT_FALSE(c.has_rel_address);
  EXPECT_TRUE(c.extensions.empty());
  ASSERT_OK(parse_candidate("3 1 tcp 1518280447 mdns-7d1c.local 9 TYP host tcptype active", c));
  EXPECT_EQ(c.extensions.size(), 2u);
  EXPECT_TRUE(fails_at(parse_candidate("1 1 udp 1 192.0.2.1 65536 typ host", c), error_code::bad_port, 20));
  EXPECT_TRUE(fails_at(parse_candidate("1 1 udp 4294967296 192.0.2.1 9 typ host", c), error_code::number_overflow, 8));
  EXPECT_TRUE(fails_at(parse_candidate("1 257 udp 1 192.0.2.1 9 typ host", c), error_code::number_overflow, 2));
  EXPECT_TRUE(fails_at(parse_candidate("1 0 udp 1 192.0.2.1 9 typ host", c), error_code::number_underflow, 2));
  EXPECT_TRUE(fails_at(parse_candidate("1 1 udp 1 192.0.2.1 9 host", c), error_code::sdp_bad_candidate, 22));
  EXPECT_TRUE(fails_at(parse_candidate("1 1 udp 1 192.0.2.1 9 typ host raddr", c), error_code::sdp_bad_candidate, 36));
  EXPECT_TRUE(fails_at(parse_candidate("f-1 1 udp 1 192.0.2.1 9 typ host", c), error_code::sdp_bad_candidate, 1));

  EXPECT_OK(parse_ice_ufrag("Fq3b"));
  EXPECT_OK(parse_ice_pwd("dK2pV7wQ9xZ4mR1tY6uB8nE0"));
  EXPECT_TRUE(fails_at(parse_ice_ufrag("abc"), error_code::sdp_bad_ice_credential, 3));
  EXPECT_TRUE(fails_at(parse_ice_pwd("dK2pV7wQ9xZ4mR1tY6uB8"), error_code::sdp_bad_ice_credential, 21));
  EXPECT_TRUE(fails_at(parse_ice_ufrag("ab-cd"), error_code::sdp_bad_ice_credential, 2));
  EXPECT_TRUE(fails_at(parse_ice_ufrag(std::string(257, 'a')), error_code::sdp_bad_ice_credential, 256));
  EXPECT_OK(parse_ice_ufrag(std::string(256, 'a')));
}

TEST(sdp_attributes, fingerprint_setup_crypto_extmap) {
  fingerprint_view f;
  ASSERT_OK(parse_fingerprint("sha-1 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB", f));
  EXPECT_EQ(f.hash, "sha-1");
  EXPECT_EQ(f.octets, 20u);
  EXPECT_TRUE(fails_at(parse_fingerprint("sha-1 4a:AD", f), error_code::sdp_bad_fingerprint, 7));
  EXPECT_TRUE(fails_at(parse_fingerprint("sha-1 4A:A", f), error_code::sdp_bad_fingerprint, 10));
  EXPECT_TRUE(fails_at(parse_fingerprint("sha-1 4A:", f), error_code::sdp_bad_fingerprint, 9));
  EXPECT_TRUE(fails_at(parse_fingerprint("sha-1", f), error_code::sdp_bad_fingerprint, 5));

  setup_role r;
  ASSERT_OK(parse_setup("active", r));
  EXPECT_EQ(r, setup_role::active);
  ASSERT_OK(parse_setup("holdconn", r));
  EXPECT_EQ(r, setup_role::holdconn);
  ASSERT_OK(parse_setup("PASSIVE", r));
  EXPECT_EQ(r, setup_role::passive);
  EXPECT_TRUE(fails_at(parse_setup("act", r), error_code::sdp_bad_setup, 3));
  EXPECT_TRUE(fails_at(parse_setup("activex", r), error_code::sdp_bad_setup, 6));

  crypto_view c;
  std::string s = "1 AES_CM_128_HMAC_SHA1_80 inline:Wk9mR2xhc3Rvd0Fsc29Ob3RBS2V5UmVhbGx5|2^20|1:32";
  ASSERT_OK(parse_crypto(s, c));
  EXPECT_EQ(c.tag, 1u);
  EXPECT_EQ(c.suite, "AES_CM_128_HMAC_SHA1_80");
  EXPECT_EQ(c.key_method, "inline");
  EXPECT_EQ(c.key_info, "Wk9mR2xhc3Rvd0Fsc29Ob3RBS2V5UmVhbGx5|2^20|1:32");
  EXPECT_EQ(c.session_params, "");
  EXPECT_TRUE(all_inside(s, {c.tag_text, c.suite, c.key_params, c.key_method, c.key_info}));
  ASSERT_OK(parse_crypto("2 AES_CM_128_HMAC_SHA1_32 inline:QUJD|2^20|1:32;inline:REVG|2^20|2:32 KDR=1 UNENCRYPTED_SRTCP", c));
  EXPECT_EQ(c.key_params, "inline:QUJD|2^20|1:32;inline:REVG|2^20|2:32");
  EXPECT_EQ(c.key_info, "QUJD|2^20|1:32");
  EXPECT_EQ(c.session_params, "KDR=1 UNENCRYPTED_SRTCP");
  EXPECT_TRUE(fails_at(parse_crypto("1234567890 AES inline:x", c), error_code::sdp_bad_crypto, 9));
  EXPECT_TRUE(fails_at(parse_crypto("1 AES-CM inline:x", c), error_code::sdp_bad_crypto, 5));
  EXPECT_TRUE(fails_at(parse_crypto("1 AES inline", c), error_code::sdp_bad_crypto, 12));
  EXPECT_TRUE(fails_at(parse_crypto("1 AES inline:", c), error_code::sdp_bad_crypto, 13));

  extmap_view e;
  ASSERT_OK(parse_extmap("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level", e));
  EXPECT_EQ(e.id, 1);
  EXPECT_FALSE(e.has_direction);
  EXPECT_EQ(e.uri, "urn:ietf:params:rtp-hdrext:ssrc-audio-level");
  ASSERT_OK(parse_extmap("2/recvonly urn:ietf:params:rtp-hdrext:toffset vad=on", e));
  EXPECT_TRUE(e.has_direction);
  EXPECT_EQ(e.direction, media_direction::recvonly);
  EXPECT_EQ(e.attributes, "vad=on");
  ASSERT_OK(parse_extmap("4096 urn:x", e));
  EXPECT_TRUE(fails_at(parse_extmap("0 urn:x", e), error_code::number_underflow, 0));
  EXPECT_TRUE(fails_at(parse_extmap("256 urn:x", e), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_extmap("4352 urn:x", e), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_extmap("123456 urn:x", e), error_code::sdp_bad_extmap, 5));
  EXPECT_TRUE(fails_at(parse_extmap("1/both urn:x", e), error_code::sdp_bad_extmap, 2));
  EXPECT_TRUE(fails_at(parse_extmap("1", e), error_code::sdp_bad_extmap, 1));
}

TEST(sdp_validate, offsets_in_the_body) {
  session_description_view v;
  std::string s = minimal + "m=audio 9 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000x\r\n";
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_TRUE(fails_at(validate_sdp(v), error_code::sdp_bad_rtpmap, static_cast<std::uint32_t>(s.size() - 3)));
  s = sdp({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "b=AS:x", "t=0 0"});
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_TRUE(fails_at(validate_sdp(v), error_code::sdp_bad_bandwidth, static_cast<std::uint32_t>(s.find("x"))));
  s = sdp({"v=0", "o=- 1 1 IN IP4 192.0.2.1", "s=-", "c=IN IP4 192.0.2.1", "t=0 0", "a=setup:both"});
  ASSERT_OK(parse_sdp(s, v));
  EXPECT_TRUE(fails_at(validate_sdp(v), error_code::sdp_bad_setup, static_cast<std::uint32_t>(s.find("both"))));
}

// ========================================================== allocation ===

TEST(sdp_alloc, parsing_and_walking_allocate_nothing) {
  std::vector<std::string> bodies;
  for (const expect_row& row : manifest()) bodies.push_back(sipspan::testing::read_file(corpus_dir() / "sdp" / row.file));
  ASSERT_FALSE(bodies.empty());
  std::size_t walked = 0;
  long before = sipspan::testing::allocations();
  for (const std::string& body : bodies) {
    session_description_view v;
    if (!parse_sdp(body, v)) continue;
    (void)validate_sdp(v);
    walked += spans_outside(body, v);
    for (std::size_t i = 0; i < v.media_count(); ++i) {
      for (const sdp_attribute& a : v.media(i).attributes()) {
        rtpmap_view r;
        candidate_view c;
        crypto_view k;
        if (a.name == "rtpmap" && parse_rtpmap(a.value, r)) walked += r.clock_rate != 0;
        if (a.name == "candidate" && parse_candidate(a.value, c))
          for (std::string_view w : c.extensions) walked += w.size() != 0;
        if (a.name == "crypto" && parse_crypto(a.value, k)) walked += k.tag;
      }
      connection_view c;
      if (parse_connection(v.media(i).connection(), c)) walked += c.ttl;
    }
  }
  long after = sipspan::testing::allocations();
  EXPECT_EQ(after - before, 0) << "parsing allocated";
  EXPECT_GT(walked, 0u);
}
