// sipspan tests — regression inputs for the bug classes that broke SIP parsers
// (corpus/fuzz/regressions/*.bin): Content-Length edge values, truncation,
// broken escapes and quotes, NUL bytes, huge and repeated fields, multipart and
// datagram framing. Each input is replayed by the replay_* fuzz tests as well;
// here its exact outcome is asserted from a table: the error code at its byte
// offset in the file (located by an anchor string, so the table says where),
// the validator's findings, and the fields of the inputs that parse.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "sipspan/framing.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"
#include "sipspan/multipart.hpp"
#include "sipspan/sdp.hpp"
#include "sipspan/uri.hpp"
#include "test_util.hpp"

namespace {

using namespace std::literals;
using sipspan::error_code;
using sipspan::header_id;
using sipspan::result;

namespace fs = std::filesystem;

std::string input(std::string_view name) {
  return sipspan::testing::corpus("fuzz/regressions/" + std::string(name) + ".bin");
}

// A byte of the file: the `nth` occurrence (0: the first, which must then be the
// only one) of `anchor`, plus `delta`; an empty anchor is the end of the file.
struct place {
  std::string_view anchor;
  std::size_t delta = 0;
  std::size_t nth = 0;
  bool from_start = false;  // `delta` is the offset itself
};
constexpr place end_of_input{};
constexpr place at_byte(std::size_t offset) { return {{}, offset, 0, true}; }

::testing::AssertionResult locate(const std::string& file, const place& p, std::size_t& out) {
  if (p.anchor.empty()) {
    out = p.from_start ? p.delta : file.size() + p.delta;
    return ::testing::AssertionSuccess();
  }
  std::size_t at = file.find(p.anchor);
  for (std::size_t k = 0; k < p.nth && at != std::string::npos; ++k) at = file.find(p.anchor, at + 1);
  if (at == std::string::npos) return ::testing::AssertionFailure() << "anchor not found";
  if (p.nth == 0 && file.find(p.anchor, at + 1) != std::string::npos)
    return ::testing::AssertionFailure() << "anchor occurs more than once";
  out = at + p.delta;
  return ::testing::AssertionSuccess();
}

// The entry point a row exercises.
enum class entry {
  parse,         // sipspan::parse, tolerant
  strict,        // sipspan::parse, strict
  datagram,      // frame_datagram
  stream,        // stream_framer, the whole file as one chunk: the first frame, or finish()
  request_uri,   // parse_uri on the Request-URI of the tolerant parse
  header,        // the typed parser of a header row (Via, From/To, Contact)
  sdp,           // parse_sdp on the body
  sdp_strict,    // parse_sdp on the body, sdp_options::strict()
  validate_sdp,  // validate_sdp on the parsed body
  multipart,     // parse_multipart on the message
};

struct outcome {
  std::string_view file;
  entry what;
  error_code code;
  place at;                            // where the error is (unused for success)
  header_id header = header_id::other;  // entry::header: which header
  std::size_t row = 0;                  // entry::header: its nth row
};

// The outcome of one row, with its offset in the file.
result run(const std::string& file, const outcome& o) {
  std::string_view in(file);
  sipspan::message_view m;
  switch (o.what) {
    case entry::parse:
      return sipspan::parse(in, m);
    case entry::strict:
      return sipspan::parse(in, m, sipspan::parse_options::strict());
    case entry::datagram: {
      sipspan::datagram_messages dg;
      return sipspan::frame_datagram(in, dg);
    }
    case entry::stream: {
      sipspan::stream_framer framer;
      sipspan::stream_frame f;
      framer.feed(in);
      sipspan::stream_event e = framer.next(f, m);
      if (e == sipspan::stream_event::need_more) e = framer.finish(f);
      if (e != sipspan::stream_event::error) return {};
      // f.offset is the failing byte's stream offset; f.error.offset the same byte
      // from the frame's first one, which here is the stream's first byte.
      EXPECT_EQ(f.offset, f.error.offset);
      return f.error;
    }
    default:
      break;
  }
  result r = sipspan::parse(in, m);
  if (!r) return r;  // the row's entry point needs a parsed message
  auto shift = [&](result x, std::string_view within) {
    if (!x) x.offset += static_cast<std::uint32_t>(within.data() - in.data());
    return x;
  };
  switch (o.what) {
    case entry::request_uri: {
      sipspan::uri_view u;
      return shift(sipspan::parse_uri(m.request_uri(), u), m.request_uri());
    }
    case entry::header: {
      std::uint16_t row = sipspan::no_header;
      for (std::size_t i = 0; i < m.header_count(); ++i)
        if (m.header(i).id == o.header && row == sipspan::no_header) row = static_cast<std::uint16_t>(i);
      for (std::size_t k = 0; k < o.row && row != sipspan::no_header; ++k) row = m.next_row(o.header, row);
      if (row == sipspan::no_header) return {error_code::missing_header, 0};
      std::string_view v = m.header(row).value;
      sipspan::via_view via;
      sipspan::name_addr_view na;
      if (o.header == header_id::via) return shift(sipspan::parse_via(v, via), v);
      if (o.header == header_id::contact) return shift(sipspan::parse_contact(v, na), v);
      return shift(sipspan::parse_name_addr(v, na), v);
    }
    case entry::sdp:
    case entry::sdp_strict:
    case entry::validate_sdp: {
      sipspan::session_description_view sdp;
      result s = sipspan::parse_sdp(m.body(), sdp,
                                    o.what == entry::sdp_strict ? sipspan::sdp_options::strict() : sipspan::sdp_options{});
      if (s && o.what == entry::validate_sdp) s = sipspan::validate_sdp(sdp);
      return shift(s, m.body());
    }
    case entry::multipart: {
      sipspan::multipart_view mp;
      return sipspan::parse_multipart(m, mp);  // offsets already relative to the message
    }
    default:
      return {error_code::bad_start_line, 0xFFFFFFFFu};  // unreachable
  }
}

// clang-format off
const outcome outcomes[] = {
  // Content-Length: a sign is not 1*DIGIT (the stream names the sign), leading zeros are digits.
  {"content-length-negative", entry::parse, error_code::content_length_invalid, {"-1"}},
  {"content-length-negative", entry::datagram, error_code::content_length_invalid, {"-1"}},
  {"content-length-negative", entry::stream, error_code::content_length_signed, {"-1"}},
  {"content-length-leading-zeros", entry::parse, error_code::success, {}},
  {"content-length-leading-zeros", entry::strict, error_code::success, {}},
  {"content-length-leading-zeros", entry::stream, error_code::success, {}},
  // 2^31 fits the 32-bit length (no sign trouble) but announces more than the datagram holds.
  {"content-length-2pow31", entry::parse, error_code::success, {}},
  {"content-length-2pow31", entry::strict, error_code::deviation_rejected, {"2147483648"}},
  {"content-length-2pow31", entry::datagram, error_code::body_truncated, end_of_input},
  {"content-length-2pow31", entry::stream, error_code::body_too_large, {"2147483648"}},
  // 2^32 does not fit: an overflow at the value, never a wrap to 0.
  {"content-length-2pow32", entry::parse, error_code::content_length_overflow, {"4294967296"}},
  {"content-length-2pow32", entry::datagram, error_code::content_length_overflow, {"4294967296"}},
  {"content-length-2pow32", entry::stream, error_code::content_length_overflow, {"4294967296"}},
  // l: and Content-Length: disagree: the second one's name.
  {"content-length-compact-and-long-differ", entry::parse, error_code::content_length_conflict, {"Content-Length"}},
  {"content-length-compact-and-long-differ", entry::stream, error_code::content_length_conflict, {"Content-Length"}},
  {"content-length-larger-than-body", entry::parse, error_code::success, {}},
  {"content-length-larger-than-body", entry::strict, error_code::deviation_rejected, {"100\r\n"}},
  {"content-length-larger-than-body", entry::datagram, error_code::body_truncated, end_of_input},
  {"content-length-larger-than-body", entry::stream, error_code::stream_truncated, end_of_input},
  // Truncation: in the method, in the middle of a header value.
  {"method-truncated-at-end", entry::parse, error_code::incomplete_message, end_of_input},
  {"method-truncated-at-end", entry::datagram, error_code::incomplete_message, end_of_input},
  {"method-truncated-at-end", entry::stream, error_code::stream_truncated, end_of_input},
  {"cut-inside-header", entry::parse, error_code::incomplete_message, end_of_input},
  {"cut-inside-header", entry::stream, error_code::stream_truncated, end_of_input},
  // URIs: an escape cut short at the end, a tel: with no number, a bare "/".
  {"uri-ending-in-percent", entry::parse, error_code::success, {}},
  {"uri-ending-in-percent", entry::request_uri, error_code::bad_escape, {"x=% ", 2}},
  {"uri-ending-in-percent-hex", entry::request_uri, error_code::bad_escape, {"x=%4 ", 2}},
  {"tel-uri-without-number", entry::request_uri, error_code::bad_uri, {"tel: ", 4}},
  {"request-uri-only-slash", entry::parse, error_code::success, {}},
  {"request-uri-only-slash", entry::request_uri, error_code::bad_uri, {"/ SIP"}},
  // Quotes: a backslash escapes the closing quote; a stray quote after the URI.
  {"display-name-ending-in-backslash", entry::parse, error_code::success, {}},
  {"display-name-ending-in-backslash", entry::header, error_code::bad_quoted_string, {"\"Alice\\\""}, header_id::from},
  {"display-name-ending-in-backslash", entry::strict, error_code::deviation_rejected, {"\"Alice\\\""}},
  {"contact-stray-quote", entry::header, error_code::bad_quoted_string, {">\"", 1}, header_id::contact},
  {"contact-stray-quote", entry::strict, error_code::deviation_rejected, {">\"", 1}},
  // NUL bytes: in a quoted string, in a header value, in an SDP attribute.
  {"nul-in-quoted-string", entry::parse, error_code::success, {}},
  {"nul-in-quoted-string", entry::header, error_code::bad_quoted_string, {"\0"sv}, header_id::from},
  {"nul-in-quoted-string", entry::strict, error_code::deviation_rejected, {"\0"sv}},
  {"nul-in-header-value", entry::parse, error_code::success, {}},
  {"nul-in-header-value", entry::strict, error_code::deviation_rejected, {"\0"sv}},
  {"nul-in-sdp-attribute", entry::parse, error_code::success, {}},
  {"nul-in-sdp-attribute", entry::sdp, error_code::success, {}},  // tolerant: a deviation
  {"nul-in-sdp-attribute", entry::sdp_strict, error_code::deviation_rejected, {"\0"sv}},
  // SDP: a type letter alone on its line; m= with a 2^32 format and a port that is not a number.
  {"sdp-line-without-value", entry::sdp, error_code::success, {}},  // tolerant: the line is skipped
  {"sdp-line-without-value", entry::sdp_strict, error_code::deviation_rejected, {"\r\na\r\n", 2}},
  {"sdp-media-format-2pow32", entry::sdp, error_code::success, {}},
  {"sdp-media-format-2pow32", entry::validate_sdp, error_code::number_overflow, {"4294967296"}},
  {"sdp-media-port-not-numeric", entry::validate_sdp, error_code::sdp_bad_media, {"49a72", 2}},
  // Thousands of header rows: a reported error at the first row the inline table cannot hold.
  {"accept-headers-4000", entry::parse, error_code::too_many_headers, {"\r\nAccept:", 2, 89}},
  {"accept-headers-4000", entry::datagram, error_code::too_many_headers, {"\r\nAccept:", 2, 89}},
  {"accept-headers-4000", entry::stream, error_code::headers_too_large, at_byte(16 * 1024)},  // the framer's header limit
  {"via-headers-4000", entry::parse, error_code::too_many_headers, {"\r\nVia:", 2, 90}},
  // 64 KiB values parse whole.
  {"via-branch-64k", entry::parse, error_code::success, {}},
  {"via-branch-64k", entry::header, error_code::success, {}, header_id::via},
  {"from-tag-64k", entry::header, error_code::success, {}, header_id::from},
  // Two To rows, each with an empty tag: the repeat is a deviation, each tag= a bad parameter.
  {"to-twice-with-empty-tag", entry::parse, error_code::success, {}},
  {"to-twice-with-empty-tag", entry::strict, error_code::deviation_rejected, {"\r\nTo:", 2, 1}},
  {"to-twice-with-empty-tag", entry::header, error_code::bad_parameter, {"tag=\r\nFrom", 4}, header_id::to, 0},
  {"to-twice-with-empty-tag", entry::header, error_code::bad_parameter, {"tag=\r\nContent-Length", 4}, header_id::to, 1},
  // A control byte before the colon.
  {"header-name-control-byte", entry::parse, error_code::success, {}},
  {"header-name-control-byte", entry::strict, error_code::deviation_rejected, {"\x01"}},
  // Multipart: a part with no bytes, two delimiter lines in a row.
  {"multipart-zero-length-part", entry::multipart, error_code::multipart_empty_part, {"--b1\r\n\r\n--b1\r\n", 6}},
  {"multipart-adjacent-boundaries", entry::multipart, error_code::multipart_adjacent_boundaries, {"--b1\r\n--b1\r\n", 6}},
  // Bytes that are no start line before the start line.
  {"junk-before-start-line", entry::parse, error_code::bad_start_line, {"\x16"}},
  {"junk-before-start-line", entry::datagram, error_code::bad_start_line, {"\x16"}},
  {"junk-before-start-line", entry::stream, error_code::stream_junk, {"\x16"}},
  // Three messages in one datagram.
  {"datagram-three-messages", entry::datagram, error_code::success, {}},
  {"datagram-three-messages", entry::stream, error_code::success, {}},
};
// clang-format on

TEST(regressions, outcomes) {
  for (const outcome& o : outcomes) {
    std::string file = input(o.file);
    ASSERT_FALSE(file.empty()) << o.file;
    SCOPED_TRACE(::testing::Message() << o.file << " (entry " << static_cast<int>(o.what) << ")");
    result r = run(file, o);
    if (o.code == error_code::success) {
      EXPECT_TRUE(r.ok()) << r.name() << " at " << r.offset;
      continue;
    }
    std::size_t at = 0;
    ASSERT_TRUE(locate(file, o.at, at));
    EXPECT_TRUE(sipspan::testing::fails_at(r, o.code, static_cast<std::uint32_t>(at)));
  }
}

// The validator (strict profile) on the inputs it has something to say about:
// every finding, in order, by rule name, place and the parser's code behind it.
struct expected_finding {
  std::string_view rule;
  place at;
  error_code detail = error_code::success;
};
struct lint_case {
  std::string_view file;
  std::vector<expected_finding> findings;
};

TEST(regressions, lint) {
  const lint_case cases[] = {
      {"content-length-negative", {{"unparseable-message", {"-1"}, error_code::content_length_invalid}}},
      {"content-length-2pow31", {{"body-shorter-than-content-length", {"2147483648"}},
                                 {"content-type-missing", {"abcd"}, error_code::missing_header}}},
      {"content-length-2pow32", {{"unparseable-message", {"4294967296"}, error_code::content_length_overflow}}},
      {"content-length-leading-zeros", {{"content-type-missing", {"abcd"}, error_code::missing_header}}},
      {"method-truncated-at-end", {{"unparseable-message", end_of_input, error_code::incomplete_message}}},
      {"uri-ending-in-percent", {{"request-uri-syntax", {"x=% ", 2}, error_code::bad_escape}}},
      {"uri-ending-in-percent-hex", {{"request-uri-syntax", {"x=%4 ", 2}, error_code::bad_escape}}},
      {"tel-uri-without-number", {{"request-uri-syntax", {"tel: ", 4}, error_code::bad_uri}}},
      {"request-uri-only-slash", {{"request-uri-syntax", {"/ SIP"}, error_code::bad_uri}}},
      {"display-name-ending-in-backslash", {{"unbalanced-quote", {"\"Alice\\\""}}}},
      {"contact-stray-quote", {{"unbalanced-quote", {">\"", 1}}}},
      {"nul-in-quoted-string", {{"control-byte-in-value", {"\0"sv}}}},
      {"nul-in-header-value", {{"control-byte-in-value", {"\0"sv}}}},
      {"nul-in-sdp-attribute", {{"sdp-forbidden-byte", {"\0"sv}}}},
      {"sdp-line-without-value", {{"sdp-bad-line", {"\r\na\r\n", 2}}}},
      {"sdp-media-format-2pow32", {{"sdp-value-syntax", {"4294967296"}, error_code::number_overflow}}},
      {"sdp-media-port-not-numeric", {{"sdp-value-syntax", {"49a72", 2}, error_code::sdp_bad_media}}},
      {"accept-headers-4000", {{"unparseable-message", {"\r\nAccept:", 2, 89}, error_code::too_many_headers}}},
      {"via-branch-64k", {}},
      {"from-tag-64k", {}},
      {"to-twice-with-empty-tag", {{"header-value-syntax", {"tag=\r\nFrom", 4}, error_code::bad_parameter},
                                   {"repeated-single-value-header", {"\r\nTo:", 2, 1}},
                                   {"header-value-syntax", {"tag=\r\nContent-Length", 4}, error_code::bad_parameter}}},
      // The name "To\x01" is not To: the message has no To (reported where it would go).
      {"header-name-control-byte", {{"header-name-control-byte", {"\x01"}},
                                    {"missing-mandatory-header", {"\r\n\r\n", 2}, error_code::missing_header}}},
      {"multipart-zero-length-part",
       {{"multipart-syntax", {"--b1\r\n\r\n--b1\r\n", 6}, error_code::multipart_empty_part}}},
      {"multipart-adjacent-boundaries",
       {{"multipart-syntax", {"--b1\r\n--b1\r\n", 6}, error_code::multipart_adjacent_boundaries}}},
      {"cut-inside-header", {{"unparseable-message", end_of_input, error_code::incomplete_message}}},
      {"junk-before-start-line", {{"unparseable-message", {"\x16"}, error_code::bad_start_line}}},
      {"datagram-three-messages", {{"bytes-after-body", {"OPTIONS sip:carol"}}}},
  };
  for (const lint_case& c : cases) {
    std::string file = input(c.file);
    SCOPED_TRACE(c.file);
    sipspan::message_view scratch;
    sipspan::finding found[16];
    sipspan::lint_summary s = sipspan::lint(file, scratch, found);
    ASSERT_EQ(s.total, c.findings.size());
    for (std::size_t i = 0; i < c.findings.size(); ++i) {
      const expected_finding& e = c.findings[i];
      std::size_t at = 0;
      ASSERT_TRUE(locate(file, e.at, at));
      EXPECT_EQ(sipspan::rule(found[i].rule).name, e.rule) << "finding " << i;
      EXPECT_EQ(found[i].offset, at) << e.rule;
      EXPECT_EQ(sipspan::error_name(found[i].detail), sipspan::error_name(e.detail)) << e.rule;
    }
  }
}

// ------------------------------------------------- fields of what parses ---

const sipspan::deviation* find_deviation(const sipspan::message_view& m, sipspan::deviation_kind k) {
  for (const sipspan::deviation& d : m.deviations())
    if (d.kind == k) return &d;
  return nullptr;
}

TEST(regressions, content_length_values) {
  sipspan::message_view m;
  std::string zeros = input("content-length-leading-zeros");
  ASSERT_TRUE(sipspan::parse(zeros, m).ok());
  EXPECT_EQ(m.content_length(), 4u);
  EXPECT_EQ(m.body(), "abcd");
  EXPECT_TRUE(m.deviations().empty());

  std::string big = input("content-length-2pow31");
  ASSERT_TRUE(sipspan::parse(big, m).ok());
  EXPECT_EQ(m.content_length(), 2147483648u);  // no sign bit trouble
  EXPECT_EQ(m.body(), "abcd");                 // the bytes there are, never beyond
  EXPECT_EQ(m.message_length(), big.size());
  const sipspan::deviation* d = find_deviation(m, sipspan::deviation_kind::body_shorter_than_content_length);
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->offset, big.find("2147483648"));

  // In stream mode the whole message would need header section + 2^31 bytes.
  sipspan::parse_options stream;
  stream.stream = true;
  result r = sipspan::parse(big, m, stream);
  EXPECT_TRUE(sipspan::testing::fails_at(r, error_code::body_truncated,
                                         static_cast<std::uint32_t>(big.find("abcd") + 2147483648u)));

  std::string larger = input("content-length-larger-than-body");
  ASSERT_TRUE(sipspan::parse(larger, m).ok());
  EXPECT_EQ(m.content_length(), 100u);
  EXPECT_EQ(m.body(), "v=0\r\n");
}

TEST(regressions, thousands_of_rows_with_a_caller_table) {
  std::vector<sipspan::header_record> rows(8192);
  std::vector<sipspan::deviation> devs(32);
  for (auto [name, id] : {std::pair{"accept-headers-4000", header_id::accept}, std::pair{"via-headers-4000", header_id::via}}) {
    std::string file = input(name);
    sipspan::message_view m(rows, devs);
    ASSERT_TRUE(sipspan::parse(file, m).ok()) << name;
    EXPECT_EQ(m.header_count(), 8u + 4000u) << name;
    EXPECT_EQ(m.count(id), id == header_id::via ? 4001u : 4000u) << name;
    std::size_t elements = 0;
    for (std::string_view v : m.values(id)) elements += !v.empty();
    EXPECT_EQ(elements, m.count(id)) << name;
    if (id == header_id::via) {
      sipspan::header_view last = m.header(m.header_count() - 2);
      sipspan::via_view via;
      ASSERT_TRUE(sipspan::parse_via(last.value, via).ok());
      EXPECT_EQ(via.host, "p3999.example.com");
      EXPECT_EQ(via.branch(), "z9hG4bK3999");
    }
  }
}

TEST(regressions, values_of_64_kib) {
  sipspan::message_view m;
  std::string branch = input("via-branch-64k");
  ASSERT_TRUE(sipspan::parse(branch, m).ok());
  sipspan::via_view via;
  ASSERT_TRUE(sipspan::parse_via(m.value(header_id::via), via).ok());
  EXPECT_EQ(via.branch().size(), 7u + 65536u);
  EXPECT_TRUE(via.has_magic_cookie());
  EXPECT_EQ(via.host, "pc33.atlanta.example.com");

  std::string tag = input("from-tag-64k");
  ASSERT_TRUE(sipspan::parse(tag, m).ok());
  sipspan::name_addr_view from;
  ASSERT_TRUE(sipspan::parse_name_addr(m.value(header_id::from), from).ok());
  EXPECT_EQ(from.tag(), std::string(65536, '7'));
  EXPECT_EQ(from.uri, "sip:alice@atlanta.example.com");
}

TEST(regressions, deviations_where_the_bytes_are) {
  struct row {
    std::string_view file;
    sipspan::deviation_kind kind;
    place at;
  };
  const row rows[] = {
      {"display-name-ending-in-backslash", sipspan::deviation_kind::unbalanced_quote, {"\"Alice\\\""}},
      {"contact-stray-quote", sipspan::deviation_kind::unbalanced_quote, {">\"", 1}},
      {"nul-in-quoted-string", sipspan::deviation_kind::control_byte_in_value, {"\0"sv}},
      {"nul-in-header-value", sipspan::deviation_kind::control_byte_in_value, {"\0"sv}},
      {"to-twice-with-empty-tag", sipspan::deviation_kind::repeated_singleton, {"\r\nTo:", 2, 1}},
      {"header-name-control-byte", sipspan::deviation_kind::header_name_control, {"\x01"}},
      {"datagram-three-messages", sipspan::deviation_kind::bytes_after_body, {"OPTIONS sip:carol"}},
  };
  for (const row& r : rows) {
    std::string file = input(r.file);
    sipspan::message_view m;
    ASSERT_TRUE(sipspan::parse(file, m).ok()) << r.file;
    ASSERT_EQ(m.deviations().size(), 1u) << r.file;
    std::size_t at = 0;
    ASSERT_TRUE(locate(file, r.at, at)) << r.file;
    EXPECT_EQ(m.deviations()[0].kind, r.kind) << r.file;
    EXPECT_EQ(m.deviations()[0].offset, at) << r.file;
  }
  // The name with a control byte is no To: the header is "To\x01", classified other.
  std::string ctl = input("header-name-control-byte");
  sipspan::message_view m;
  ASSERT_TRUE(sipspan::parse(ctl, m).ok());
  EXPECT_FALSE(m.has(header_id::to));
  sipspan::header_view h;
  ASSERT_TRUE(m.find("To\x01"sv, h));
  EXPECT_EQ(h.id, header_id::other);
  EXPECT_EQ(h.value, "<sip:bob@biloxi.example.com>");
}

TEST(regressions, three_messages_in_one_datagram) {
  std::string file = input("datagram-three-messages");
  sipspan::datagram_messages dg;
  ASSERT_TRUE(sipspan::frame_datagram(file, dg).ok());
  ASSERT_EQ(dg.size(), 3u);
  EXPECT_TRUE(dg.trailing().empty());
  std::size_t second = file.find("OPTIONS sip:carol"), third = file.find("SIP/2.0 200 OK");
  EXPECT_EQ(dg[0].offset, 0u);
  EXPECT_EQ(dg[0].bytes.size(), second);
  EXPECT_EQ(dg[1].offset, second);
  EXPECT_EQ(dg[1].view.body(), "abcd");
  EXPECT_EQ(dg[1].view.request_uri(), "sip:carol@chicago.example.com");
  EXPECT_EQ(dg[2].offset, third);
  EXPECT_EQ(dg[2].bytes.size(), file.size() - third);
  EXPECT_TRUE(dg[2].view.is_response());
  EXPECT_EQ(dg[2].view.status_code(), 200);
  for (const sipspan::datagram_message& d : dg) EXPECT_TRUE(d.view.deviations().empty());

  // A stream gives the same three messages, at the same offsets.
  sipspan::stream_framer framer;
  sipspan::stream_frame f;
  sipspan::message_view m;
  framer.feed(file);
  std::vector<std::uint64_t> offsets;
  while (framer.next(f, m) == sipspan::stream_event::message) offsets.push_back(f.offset);
  EXPECT_EQ(offsets, (std::vector<std::uint64_t>{0, second, third}));
}

TEST(regressions, every_input_is_in_a_table) {
  std::vector<std::string> missing;
  for (const auto& e : fs::directory_iterator(sipspan::testing::corpus_dir() / "fuzz" / "regressions")) {
    std::string stem = e.path().stem().string();
    bool listed = e.path().extension() != ".bin";
    for (const outcome& o : outcomes) listed = listed || o.file == stem;
    if (!listed) missing.push_back(stem);
  }
  EXPECT_TRUE(missing.empty()) << missing.size() << " inputs without an expected outcome, first: "
                               << (missing.empty() ? "" : missing.front());
}

}  // namespace
