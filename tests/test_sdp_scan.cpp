// sipspan — SDP (sdp.hpp): the structural scan: order and cardinality of the
// lines, departures at exact offsets, line ends, control bytes, the
// deviation and media tables, the lazy ranges.

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

// Runs of plain bytes are passed eight at a time: a control byte, a NUL or
// a stray CR is found at every place of a long value, after tabs and high
// bytes, in a value without a rule and in one whose rule takes it.
TEST(sdp_scan, marked_bytes_found_at_every_place_of_a_long_value) {
  const std::string text = "a long session\tname \xC3\xA9 with plain bytes only, forty or more";
  struct mark {
    char byte;
    std::string_view kind;
  };
  for (mark m : {mark{'\x01', "sdp_control_byte"}, mark{'\x7f', "sdp_control_byte"}, mark{'\x1f', "sdp_control_byte"},
                 mark{'\0', "sdp_forbidden_byte"}, mark{'\r', "sdp_forbidden_byte"}})
    for (std::string_view line : {"s=", "a=fmtp:96 "})
      for (std::size_t i = 0; i < text.size(); ++i) {
        std::string value = text;
        value[i] = m.byte;
        std::string head = line == "s=" ? "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\n"
                                        : "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n"
                                          "m=audio 49170 RTP/AVP 96\r\n";
        std::string tail = line == "s=" ? "\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\n" : "\r\n";
        std::string body = head + std::string(line) + value + tail;
        SCOPED_TRACE(std::string(line) + " at " + std::to_string(i) + " byte " + std::to_string(int(m.byte)));
        session_description_view v;
        ASSERT_OK(parse_sdp(body, v));
        EXPECT_EQ(kinds(v), std::string(m.kind) + "@" + std::to_string(head.size() + line.size() + i));
      }
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
