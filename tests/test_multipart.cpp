// sipspan — multipart bodies (RFC 2046 §5.1): delimiters, padding, preamble and
// epilogue, part header fields, nested multiparts, limits, errors with offsets.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "sipspan/multipart.hpp"
#include "alloc_counter.hpp"
#include "test_util.hpp"

// Splitting a multipart body must not allocate: alloc_counter.cpp counts global operator new.


using namespace sipspan;
using sipspan::testing::corpus;
using sipspan::testing::inside;

namespace {

std::string invite_with(const std::string& content_type, const std::string& body) {
  return "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
         "Call-ID: a84b4c76e66710\r\n"
         "CSeq: 1 INVITE\r\n"
         "Content-Type: " + content_type + "\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n"
         "\r\n" + body;
}

// The offset of the n-th (0-based) occurrence of `what` in `s`.
std::size_t nth(const std::string& s, const std::string& what, int n = 0) {
  std::size_t at = s.find(what);
  while (n-- > 0 && at != std::string::npos) at = s.find(what, at + 1);
  return at;
}

result split(const std::string& body, std::string_view boundary, multipart_view& mp) {
  return parse_multipart(body, boundary, mp);
}

}  // namespace

TEST(multipart, two_parts_with_preamble_padding_and_epilogue) {
  std::string body =
      "preamble line\r\n"
      "--b1 \t\r\n"
      "Content-Type: text/plain\r\n"
      "X-Extra:   spaced value  \r\n"
      "\r\n"
      "first body\r\n"
      "--b1\r\n"
      "\r\n"
      "second body, no headers\r\n"
      "--b1--\t \r\n"
      "epilogue\r\n";
  multipart_view mp;
  result r = split(body, "b1", mp);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(mp.preamble(), "preamble line");
  EXPECT_EQ(mp.epilogue(), "epilogue\r\n");
  EXPECT_EQ(mp.boundary(), "b1");
  ASSERT_EQ(mp.size(), 2u);
  const part_view& p0 = mp.part(0);
  ASSERT_EQ(p0.fields.size(), 2u);
  EXPECT_EQ(p0.fields[0].name, "Content-Type");
  EXPECT_EQ(p0.fields[0].id, header_id::content_type);
  EXPECT_EQ(p0.fields[0].value, "text/plain");
  EXPECT_EQ(p0.fields[1].name, "X-Extra");
  EXPECT_EQ(p0.fields[1].value, "spaced value");
  EXPECT_EQ(p0.field("x-extra"), "spaced value");
  EXPECT_EQ(p0.content_type(), "text/plain");
  EXPECT_EQ(p0.headers, "Content-Type: text/plain\r\nX-Extra:   spaced value  \r\n");
  EXPECT_EQ(p0.body, "first body");
  EXPECT_EQ(p0.offset, nth(body, "Content-Type"));
  EXPECT_EQ(p0.body_offset, nth(body, "first body"));
  EXPECT_EQ(p0.raw, body.substr(p0.offset, nth(body, "\r\n--b1", 1) - p0.offset));
  const part_view& p1 = mp.part(1);
  EXPECT_TRUE(p1.fields.empty());
  EXPECT_EQ(p1.headers, "");
  EXPECT_EQ(p1.body, "second body, no headers");
  EXPECT_EQ(p1.content_type(), "");
  EXPECT_FALSE(p1.is_multipart());
  for (const part_view& p : mp.parts()) {
    EXPECT_TRUE(inside(body, p.raw));
    EXPECT_TRUE(inside(body, p.body));
    for (const mime_field& f : p.fields) EXPECT_TRUE(inside(body, f.name) && inside(body, f.value));
  }
}

TEST(multipart, close_delimiter_may_end_the_body_and_body_may_start_with_it) {
  std::string body = "--x\r\nContent-Type: text/plain\r\n\r\nhi\r\n--x--";
  multipart_view mp;
  ASSERT_TRUE(split(body, "x", mp));
  EXPECT_EQ(mp.preamble(), "");
  EXPECT_EQ(mp.epilogue(), "");
  ASSERT_EQ(mp.size(), 1u);
  EXPECT_EQ(mp.part(0).body, "hi");
  // padding after the close-delimiter at the very end
  body += "  ";
  ASSERT_TRUE(split(body, "x", mp));
  EXPECT_EQ(mp.epilogue(), "");
}

TEST(multipart, headers_only_part_and_folded_field) {
  std::string body =
      "--q\r\n"
      "Content-Type: application/sdp\r\n"
      "Content-Disposition: session;\r\n"
      "  handling=required\r\n"
      "\r\n--q\r\n"
      "Content-ID: <only@headers>\r\n"
      "\r\n--q--\r\n";
  multipart_view mp;
  result r = split(body, "q", mp);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  ASSERT_EQ(mp.size(), 2u);
  EXPECT_EQ(mp.part(0).field(header_id::content_disposition), "session;\r\n  handling=required");
  EXPECT_EQ(mp.part(0).body, "");
  EXPECT_EQ(mp.part(1).field("Content-ID"), "<only@headers>");
  EXPECT_EQ(mp.part(1).body, "");
  // fields ending without the blank line (MIME-part-headers and no [CRLF *OCTET])
  std::string b2 = "--q\r\nContent-Type: text/plain\r\n\r\n--q--";
  ASSERT_TRUE(split(b2, "q", mp));
  EXPECT_EQ(mp.part(0).headers, "Content-Type: text/plain\r\n");
  EXPECT_EQ(mp.part(0).body, "");
}

TEST(multipart, a_boundary_that_is_a_prefix_inside_a_part_is_not_a_delimiter_unless_at_line_start) {
  std::string body = "--ab\r\n\r\nmid--ab text\r\n--ab--\r\n";
  multipart_view mp;
  ASSERT_TRUE(split(body, "ab", mp));
  EXPECT_EQ(mp.part(0).body, "mid--ab text");
}

TEST(multipart, corpus_sdp_isup) {
  std::string body = corpus("multipart/sdp-isup.mime");
  ASSERT_FALSE(body.empty());
  multipart_view mp;
  result r = split(body, "unique-boundary-1", mp);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  ASSERT_EQ(mp.size(), 2u);
  EXPECT_EQ(mp.part(0).content_type(), "application/sdp");
  EXPECT_TRUE(mp.part(0).body.starts_with("v=0\r\n"));
  EXPECT_TRUE(mp.part(0).body.ends_with("a=rtpmap:0 PCMU/8000"));
  EXPECT_EQ(mp.part(1).content_type(), "application/isup;version=itu-t92+");
  EXPECT_EQ(mp.part(1).field(header_id::content_disposition), "signal; handling=optional");
  EXPECT_EQ(mp.part(1).body.size(), 60u);
  EXPECT_EQ(mp.epilogue(), "");
}

TEST(multipart, nested_mixed_with_sdp_and_pidf) {
  std::string body = corpus("multipart/nested-sdp-pidf.mime");
  ASSERT_FALSE(body.empty());
  std::string msg_bytes = invite_with("multipart/mixed;boundary=\"outer-boundary-1\"", body);
  message_view msg;
  ASSERT_TRUE(parse(msg_bytes, msg));
  multipart_view outer;
  result r = parse_multipart(msg, outer);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(outer.boundary(), "outer-boundary-1");
  EXPECT_EQ(outer.preamble(), "This is the preamble; SIP ignores it.");
  EXPECT_EQ(outer.epilogue(), "the epilogue\r\n");
  ASSERT_EQ(outer.size(), 2u);
  EXPECT_EQ(outer.part(0).body, "see the parts");
  EXPECT_FALSE(outer.part(0).is_multipart());
  ASSERT_TRUE(outer.part(1).is_multipart());
  EXPECT_EQ(outer.depth(), 0u);

  multipart_view inner;
  r = parse_nested(outer, 1, inner);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(inner.depth(), 1u);
  EXPECT_EQ(inner.boundary(), "inner-7f3a");
  EXPECT_EQ(inner.root_offset(), outer.part(1).body_offset);
  ASSERT_EQ(inner.size(), 2u);
  const part_view& sdp = inner.part(0);
  media_type_view mt;
  ASSERT_TRUE(parse_media_type(sdp.content_type(), mt));
  EXPECT_EQ(mt.type, "application");
  EXPECT_EQ(mt.subtype, "sdp");
  EXPECT_EQ(sdp.field(header_id::content_disposition), "session");
  EXPECT_TRUE(sdp.body.starts_with("v=0\r\no=alice"));
  EXPECT_TRUE(sdp.body.ends_with("a=rtpmap:0 PCMU/8000"));
  const part_view& pidf = inner.part(1);
  ASSERT_TRUE(parse_media_type(pidf.content_type(), mt));
  EXPECT_EQ(mt.subtype, "pidf+xml");
  EXPECT_EQ(pidf.field("content-id"), "<pidf1@atlanta.example.com>");
  EXPECT_TRUE(pidf.body.starts_with("<?xml"));
  EXPECT_TRUE(pidf.body.ends_with("</presence>"));
  // spans lie in the message's bytes, at the offsets the views give
  EXPECT_TRUE(inside(msg_bytes, pidf.body));
  EXPECT_EQ(static_cast<std::size_t>(pidf.body.data() - msg.body().data()), inner.root_offset() + pidf.body_offset);
  // the SDP part is not a multipart
  multipart_view none;
  r = parse_nested(inner, 0, none);
  EXPECT_EQ(r.code, error_code::not_multipart);
  EXPECT_EQ(r.offset, static_cast<std::size_t>(sdp.content_type().data() - msg.body().data()));
}

TEST(multipart, message_errors_point_into_the_message) {
  std::string body = "--b\r\n\r\nx\r\n--b--\r\n";
  multipart_view mp;
  message_view msg;
  // no boundary parameter: at the Content-Type value
  std::string m1 = invite_with("multipart/mixed;charset=utf-8", body);
  ASSERT_TRUE(parse(m1, msg));
  result r = parse_multipart(msg, mp);
  EXPECT_EQ(r.code, error_code::multipart_missing_boundary);
  EXPECT_EQ(r.offset, m1.find("multipart/mixed"));
  // not multipart
  std::string m2 = invite_with("application/sdp", body);
  ASSERT_TRUE(parse(m2, msg));
  r = parse_multipart(msg, mp);
  EXPECT_EQ(r.code, error_code::not_multipart);
  EXPECT_EQ(r.offset, m2.find("application/sdp"));
  // no Content-Type: at the body
  std::string m3 = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 3\r\n\r\nabc";
  ASSERT_TRUE(parse(m3, msg));
  r = parse_multipart(msg, mp);
  EXPECT_EQ(r.code, error_code::missing_header);
  EXPECT_EQ(r.offset, m3.size() - 3);
  // a body error: offset in the message
  std::string m4 = invite_with("multipart/mixed; boundary=b", "--b\r\n\r\nx\r\n--b\r\n");
  ASSERT_TRUE(parse(m4, msg));
  r = parse_multipart(msg, mp);
  EXPECT_EQ(r.code, error_code::multipart_missing_close);
  EXPECT_EQ(r.offset, m4.size());
  // a boundary error: offset of the bad byte inside the Content-Type value
  std::string m5 = invite_with("multipart/mixed; boundary=\"a b \"", "--a b \r\n\r\nx\r\n--a b --\r\n");
  ASSERT_TRUE(parse(m5, msg));
  r = parse_multipart(msg, mp);
  EXPECT_EQ(r.code, error_code::multipart_bad_boundary);
  EXPECT_EQ(r.offset, m5.find("a b \"") + 3);
  // a media-type error keeps parse_media_type's offset, in the message
  std::string m6 = invite_with("multipart/;boundary=b", body);
  ASSERT_TRUE(parse(m6, msg));
  r = parse_multipart(msg, mp);
  EXPECT_FALSE(r);
  media_type_view mt;
  result direct = parse_media_type("multipart/;boundary=b", mt);
  EXPECT_EQ(r.code, direct.code);
  EXPECT_EQ(r.offset, m6.find("multipart/;") + direct.offset);
}

TEST(multipart, boundary_rules) {
  multipart_view mp;
  std::string b70(70, 'z');
  std::string body = "--" + b70 + "\r\n\r\nx\r\n--" + b70 + "--";
  EXPECT_TRUE(split(body, b70, mp));
  std::string b71(71, 'z');
  result r = split("--" + b71 + "\r\n\r\nx\r\n--" + b71 + "--", b71, mp);
  EXPECT_EQ(r.code, error_code::multipart_boundary_too_long);
  EXPECT_EQ(r.offset, 70u);
  r = split(body, "", mp);
  EXPECT_EQ(r.code, error_code::multipart_bad_boundary);
  EXPECT_EQ(r.offset, 0u);
  r = split(body, "ab;c", mp);
  EXPECT_EQ(r.code, error_code::multipart_bad_boundary);
  EXPECT_EQ(r.offset, 2u);
  r = split(body, "abc ", mp);
  EXPECT_EQ(r.code, error_code::multipart_bad_boundary);
  EXPECT_EQ(r.offset, 3u);
  // every bcharsnospace and an inner space
  std::string all = "09azAZ'()+_,-./:=? x";
  std::string b2 = "--" + all + "\r\n\r\nx\r\n--" + all + "--";
  r = split(b2, all, mp);
  EXPECT_TRUE(r) << r.name() << " at " << r.offset;
}

// In the strict reading: the departures tolerant parsing records are errors
// (deviation_rejected, the kind checked below) at the same byte.
TEST(multipart, body_errors_with_offsets) {
  struct row {
    std::string body;
    error_code code;
    std::size_t at;
  } rows[] = {
      // no dash-boundary line at all
      {"just text\r\n", error_code::multipart_no_delimiter, 0},
      {"x--b\r\n\r\ny\r\n", error_code::multipart_no_delimiter, 0},
      // missing close-delimiter: at the end of the body
      {"--b\r\n\r\nx\r\n--b\r\n\r\ny\r\n", error_code::deviation_rejected, 20},
      {"--b\r\n\r\nx", error_code::deviation_rejected, 8},
      {"--b\r\n\r\nx\r\n--b", error_code::deviation_rejected, 13},
      {"--b\r\n\r\nx\r\n--b  ", error_code::deviation_rejected, 15},
      {"--b", error_code::multipart_missing_close, 3},  // not even one part to read
      // zero-length part: where it would start
      {"--b\r\n\r\n--b--", error_code::multipart_empty_part, 5},
      {"--b\r\n\r\nx\r\n--b\r\n\r\n--b--", error_code::multipart_empty_part, 15},
      {"--b--\r\n", error_code::multipart_empty_part, 0},
      // adjacent boundaries: at the second one
      {"--b\r\n--b\r\n\r\nx\r\n--b--", error_code::multipart_adjacent_boundaries, 5},
      {"--b\r\n\r\nx\r\n--b\r\n--b--", error_code::multipart_adjacent_boundaries, 15},
      // bytes other than padding after a boundary
      {"--bX\r\n\r\nx\r\n--b--", error_code::multipart_bad_delimiter, 3},
      {"--b\r\n\r\nx\r\n--b-x\r\n", error_code::multipart_bad_delimiter, 14},
      {"--b \n\r\nx\r\n--b--", error_code::multipart_bad_delimiter, 4},
      {"--b\r\n\r\nx\r\n--b--x", error_code::multipart_bad_delimiter, 15},
      {"--b\r\n\r\nx\r\n--bb--", error_code::multipart_bad_delimiter, 13},
      // part header fields
      {"--b\r\nNoColon\r\n\r\nx\r\n--b--", error_code::multipart_bad_part_header, 12},
      {"--b\r\n continued\r\n\r\nx\r\n--b--", error_code::multipart_bad_part_header, 5},
      {"--b\r\nA: 1\nB: 2\r\n\r\nx\r\n--b--", error_code::deviation_rejected, 9},  // a bare LF
      {"--b\r\n: v\r\n\r\nx\r\n--b--", error_code::multipart_bad_part_header, 5},
      {"--b\r\nA: 1\r\n\r\nx\r\n--b\r\nNo field\r\n--b--", error_code::multipart_bad_part_header, 24},
      {"--b\r\nContent-Type: text/plain\r\n--b--", error_code::multipart_bad_part_header, 29},
  };
  for (const row& r : rows) {
    multipart_view mp;
    result res = parse_multipart(r.body, "b", mp, multipart_options::strict());
    EXPECT_EQ(res.code, r.code) << r.body << " -> " << res.name() << " at " << res.offset;
    EXPECT_EQ(res.offset, r.at) << r.body;
    if (res.code == error_code::deviation_rejected) {
      EXPECT_TRUE(res.deviation == deviation_kind::multipart_missing_close ||
                  res.deviation == deviation_kind::multipart_bare_lf);
    }
  }
}

// Tolerant (the default): a body without its close-delimiter and part header
// lines ended by a bare LF are read, and the departure is recorded once.
TEST(multipart, tolerated_departures_are_deviations) {
  multipart_view mp;
  std::string body = "--b\r\n\r\nx\r\n--b\r\n\r\ny\r\n";
  ASSERT_TRUE(split(body, "b", mp));
  ASSERT_EQ(mp.size(), 2u);
  EXPECT_EQ(mp.part(1).body, "y\r\n");  // the last part runs to the end
  ASSERT_EQ(mp.deviations().size(), 1u);
  EXPECT_EQ(mp.deviations()[0].kind, deviation_kind::multipart_missing_close);
  EXPECT_EQ(mp.deviations()[0].offset, body.size());
  body = "--b\r\n\r\nx\r\n--b";  // the body ends on an ordinary delimiter
  ASSERT_TRUE(split(body, "b", mp));
  EXPECT_EQ(mp.size(), 1u);
  EXPECT_EQ(mp.part(0).body, "x");
  EXPECT_EQ(mp.deviations()[0].kind, deviation_kind::multipart_missing_close);

  body = "--b\r\nA: 1\nB: 2\n\nx\r\n--b\r\nC: 3\n\ny\r\n--b--";
  ASSERT_TRUE(split(body, "b", mp));
  ASSERT_EQ(mp.size(), 2u);
  ASSERT_EQ(mp.part(0).fields.size(), 2u);
  EXPECT_EQ(mp.part(0).fields[0].value, "1");
  EXPECT_EQ(mp.part(0).field("B"), "2");
  EXPECT_EQ(mp.part(0).headers, "A: 1\nB: 2\n");
  EXPECT_EQ(mp.part(0).body, "x");
  EXPECT_EQ(mp.part(1).body, "y");
  ASSERT_EQ(mp.deviations().size(), 1u);  // once, at the first bare LF
  EXPECT_EQ(mp.deviations()[0].kind, deviation_kind::multipart_bare_lf);
  EXPECT_EQ(mp.deviations()[0].offset, 9u);
}

TEST(multipart, part_and_field_limits) {
  multipart_view mp;
  std::string body;
  std::size_t at17 = 0;
  for (std::size_t i = 0; i < multipart_view::part_capacity + 1; ++i) {
    body += "--b\r\n";
    if (i == multipart_view::part_capacity) at17 = body.size();
    body += "\r\npart " + std::to_string(i) + "\r\n";
  }
  std::string exactly16 = body.substr(0, at17 - 5) + "--b--";
  result r = split(exactly16, "b", mp);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(mp.size(), multipart_view::part_capacity);
  body += "--b--";
  r = split(body, "b", mp);
  EXPECT_EQ(r.code, error_code::too_many_parts);
  EXPECT_EQ(r.offset, at17);

  std::string fields = "--b\r\n";
  std::size_t at65 = 0;
  for (std::size_t i = 0; i < multipart_view::field_capacity + 1; ++i) {
    if (i == multipart_view::field_capacity) at65 = fields.size();
    fields += "X-F" + std::to_string(i) + ": v\r\n";
  }
  fields += "\r\nbody\r\n--b--";
  r = split(fields, "b", mp);
  EXPECT_EQ(r.code, error_code::too_many_headers);
  EXPECT_EQ(r.offset, at65);
}

TEST(multipart, nesting_depth_is_bounded) {
  // levels 0 .. 10, each a multipart whose single part is the next level
  const int levels = 11;
  std::string body = "innermost";
  std::string ct = "text/plain";
  for (int level = levels - 1; level >= 0; --level) {
    std::string b = "lvl" + std::to_string(level) + "z";  // no boundary is a prefix of another
    body = "--" + b + "\r\nContent-Type: " + ct + "\r\n\r\n" + body + "\r\n--" + b + "--";
    ct = "multipart/mixed;boundary=" + b;
  }
  multipart_view views[levels];
  ASSERT_TRUE(split(body, "lvl0z", views[0]));
  std::uint32_t root = 0;
  int level = 1;
  for (; level < levels; ++level) {
    result r = parse_nested(views[level - 1], 0, views[level]);
    if (!r) {
      EXPECT_EQ(level, static_cast<int>(multipart_view::max_depth) + 1);
      EXPECT_EQ(r.code, error_code::multipart_too_deep) << r.name();
      EXPECT_EQ(r.offset, root + views[level - 1].part(0).offset);
      break;
    }
    EXPECT_EQ(views[level].depth(), static_cast<unsigned>(level));
    root = views[level].root_offset();
    EXPECT_EQ(body.substr(root, 2 + 4 + std::to_string(level).size()), "--lvl" + std::to_string(level) + "z");
  }
  EXPECT_EQ(level, static_cast<int>(multipart_view::max_depth) + 1);
}

TEST(multipart, nested_errors_are_relative_to_the_outermost_body) {
  std::string body =
      "--o\r\nContent-Type: multipart/mixed; boundary=i\r\n\r\n"
      "--i\r\n--i\r\n\r\nx\r\n--i--\r\n--o--";
  multipart_view outer, inner;
  ASSERT_TRUE(split(body, "o", outer));
  result r = parse_nested(outer, 0, inner);
  EXPECT_EQ(r.code, error_code::multipart_adjacent_boundaries);
  EXPECT_EQ(r.offset, nth(body, "--i", 1));
}

TEST(multipart, corpus_missing_close) {
  std::string body = corpus("multipart/missing-close.mime");
  multipart_view mp;
  result r = parse_multipart(body, "b1", mp, multipart_options::strict());
  EXPECT_EQ(r.code, error_code::deviation_rejected);
  EXPECT_EQ(r.deviation, deviation_kind::multipart_missing_close);
  EXPECT_EQ(r.offset, body.size());
  ASSERT_TRUE(split(body, "b1", mp));
  ASSERT_FALSE(mp.empty());
  EXPECT_EQ(mp.deviations().size(), 1u);
}

TEST(multipart, splitting_does_not_allocate) {
  const std::string body = corpus("multipart/nested-sdp-pidf.mime");
  auto* outer = new multipart_view;
  auto* inner = new multipart_view;
  const long before = sipspan::testing::allocations();
  result r1 = parse_multipart(body, "outer-boundary-1", *outer);
  result r2 = parse_nested(*outer, 1, *inner);
  std::size_t fields = 0;
  for (const part_view& p : inner->parts()) fields += p.fields.size() + p.field("content-type").size();
  const long after = sipspan::testing::allocations();
  EXPECT_TRUE(r1);
  EXPECT_TRUE(r2);
  EXPECT_GT(fields, 0u);
  EXPECT_EQ(after - before, 0);
  delete inner;
  delete outer;
}
