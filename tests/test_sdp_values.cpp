// sipspan — SDP (sdp.hpp): the typed parsers of the lines (o=, c=, b=, t=,
// r=, z=, m=) with their RFC examples, near-misses and errors at exact
// offsets, and check_sdp_line's verdicts.

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
