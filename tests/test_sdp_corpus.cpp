// sipspan — SDP (sdp.hpp): the corpus/sdp files against corpus/sdp/expect.tsv
// (outcome and offset, tolerant and strict, deviation kinds), the fields of
// the RFC 8866 example and a WebRTC offer, spans inside the input.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "sdp_test_util.hpp"

using namespace sdp_tests;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;
using sipspan::testing::all_inside;
using sipspan::testing::fails_at;
using sipspan::testing::inside;
using sipspan::testing::offset_in;

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
