// sipspan — SDP (sdp.hpp): the attribute parsers (rtpmap, fmtp, ptime,
// direction, rtcp, mid, group, ssrc, candidate, ICE, fingerprint, setup,
// crypto, extmap), offsets in the body, and parsing without an allocation.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "alloc_counter.hpp"
#include "sdp_test_util.hpp"

using namespace sdp_tests;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;
using sipspan::testing::all_inside;
using sipspan::testing::fails_at;
using sipspan::testing::inside;
using sipspan::testing::offset_in;

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
