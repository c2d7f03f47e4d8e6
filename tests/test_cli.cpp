// sipspan — end-to-end tests of the CLI: exit status, JSON (read back with
// simdjson), diagnostics on stderr, and golden span logs.
//
// SIPSPAN_CLI names the sipspan binary (meson sets it). Golden files live in
// tests/golden/, listed in tests/golden/cases.txt ("golden-name corpus-path");
// SIPSPAN_UPDATE_GOLDEN=1 rewrites them from the current output.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

// Run `sipspan ARGS` with optional standard input; capture stdout, stderr, status.
using sipspan::testing::run_cli;

std::string corpus_path(const std::string& rel) { return (sipspan::testing::corpus_dir() / rel).string(); }

}  // namespace

TEST(cli, dump_prints_json_that_parses_back) {
  run_result r = run_cli("dump " + shell_quote(corpus_path("seed/seed-mimicry.sip")));
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << r.out.substr(0, 200);
  EXPECT_TRUE(doc["ok"].get_bool().value());
  EXPECT_EQ(std::string_view(doc["kind"].get_string().value()), "request");
  EXPECT_EQ(std::string_view(doc["start_line"]["method"].get_string().value()), "INVITE");
  EXPECT_EQ(std::string_view(doc["start_line"]["request_uri"]["host"].get_string().value()), "gl07b.example.com");
  simdjson::dom::array headers = doc["headers"].get_array().value();
  EXPECT_EQ(headers.size(), 19u);
  // the typed CSeq and the name that is no longer Contact
  bool saw_cseq = false, saw_conta_ct = false;
  for (simdjson::dom::element h : headers) {
    std::string_view id = h["id"].get_string().value();
    if (id == "cseq") {
      saw_cseq = true;
      EXPECT_EQ(h["typed"]["number"].get_uint64().value(), 477u);
    }
    if (h["name"].get_string().value() == std::string_view("Conta ct")) {
      saw_conta_ct = true;
      EXPECT_EQ(id, "other");
    }
  }
  EXPECT_TRUE(saw_cseq);
  EXPECT_TRUE(saw_conta_ct);
  simdjson::dom::array devs = doc["deviations"].get_array().value();
  ASSERT_EQ(devs.size(), 5u);
  std::vector<std::string> kinds;
  for (simdjson::dom::element d : devs) kinds.emplace_back(d["kind"].get_string().value());
  EXPECT_EQ(kinds, (std::vector<std::string>{"header_name_whitespace", "header_name_whitespace", "comma_in_singleton",
                                             "comma_in_singleton", "empty_list_element"}));
  EXPECT_EQ(devs.at(0)["at"]["offset"].get_uint64().value(), 324u);
  EXPECT_EQ(devs.at(0)["at"]["line"].get_uint64().value(), 9u);
  EXPECT_EQ(devs.at(0)["at"]["column"].get_uint64().value(), 6u);
}

TEST(cli, dump_of_a_capture_is_one_json_line_a_message) {
  // sample.pcap: 21 records, 18 SIP messages (README of corpus/captures)
  run_result r = run_cli("dump " + shell_quote(corpus_path("captures/sample.pcap")));
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> lines = sipspan::testing::lines_of(r.out);
  ASSERT_EQ(lines.size(), 18u);
  simdjson::dom::parser parser;
  std::uint64_t last_record = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    simdjson::dom::element doc;
    ASSERT_EQ(parser.parse(lines[i]).get(doc), simdjson::SUCCESS) << lines[i].substr(0, 200);
    EXPECT_EQ(doc["message_index"].get_uint64().value(), i);
    std::uint64_t record = doc["capture_record"].get_uint64().value();
    EXPECT_GE(record, last_record);  // 100 and 180 share a TCP segment
    last_record = record;
  }
  simdjson::dom::element first;
  ASSERT_EQ(parser.parse(lines[0]).get(first), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(first["start_line"]["method"].get_string().value()), "INVITE");
  EXPECT_EQ(first["capture_record"].get_uint64().value(), 1u);
  // in strict mode the seed's mimicry INVITE (the last message) is rejected: exit 1, ok false
  run_result strict = run_cli("dump --strict " + shell_quote(corpus_path("captures/sample.pcap")));
  EXPECT_EQ(strict.status, 1);
  std::vector<std::string> strict_lines = sipspan::testing::lines_of(strict.out);
  ASSERT_EQ(strict_lines.size(), 18u);
  simdjson::dom::element last;
  ASSERT_EQ(parser.parse(strict_lines.back()).get(last), simdjson::SUCCESS);
  EXPECT_FALSE(last["ok"].get_bool().value());
  EXPECT_EQ(std::string_view(last["error"]["code"].get_string().value()), "deviation_rejected");
  // --format spans reads one message, not a capture
  EXPECT_EQ(run_cli("dump --format spans " + shell_quote(corpus_path("captures/sample.pcap"))).status, 2);
}

TEST(cli, dump_reads_standard_input) {
  std::string msg = "OPTIONS sip:x@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nl: 0\r\n\r\n";
  run_result r = run_cli("dump --compact -", &msg);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1);  // one line
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  EXPECT_EQ(std::string_view(doc["file"].get_string().value()), "<stdin>");
  EXPECT_EQ(doc["headers"].at(0)["typed"].at(0)["magic_cookie"].get_bool().value(), true);
  EXPECT_EQ(doc["headers"].at(1)["compact"].get_bool().value(), true);
}

TEST(cli, parse_error_exits_1_with_location_and_caret) {
  std::string msg = "INVITE sip:x SIP/2.0\r\nContent-Length: -5\r\n\r\n";
  run_result r = run_cli("dump -", &msg);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("<stdin>:2:17: error: Content-Length is not 1*DIGIT [content_length_invalid]"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("  Content-Length: -5\n                  ^\n"), std::string::npos) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  EXPECT_FALSE(doc["ok"].get_bool().value());
  EXPECT_EQ(std::string_view(doc["error"]["code"].get_string().value()), "content_length_invalid");
  EXPECT_EQ(doc["error"]["offset"].get_uint64().value(), msg.find("-5"));
}

TEST(cli, strict_mode_rejects_the_mimicry_copy) {
  run_result r = run_cli("dump --strict " + shell_quote(corpus_path("seed/seed-mimicry.sip")));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find(":9:6: error:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[deviation_rejected header_name_whitespace]"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("  Conta ct: <sip:alice@10.111.64.160:5099>;q=0.5\n       ^\n"), std::string::npos) << r.err;
  run_result ok = run_cli("dump --strict " + shell_quote(corpus_path("seed/seed-invite.sip")));
  EXPECT_EQ(ok.status, 0) << ok.err;
}

TEST(cli, control_bytes_are_escaped_in_json_and_diagnostics) {
  std::string msg = std::string("OPTIONS sip:x SIP/2.0\r\nTo\x01: <sip:a>\r\nSubject: \xff\xfe ok \xc3\xa9\r\n\r\n");
  run_result r = run_cli("dump -", &msg);
  ASSERT_EQ(r.status, 0);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS) << "invalid UTF-8 must not reach the JSON";
  EXPECT_EQ(std::string_view(doc["headers"].at(0)["name"].get_string().value()), "To\x01");
  EXPECT_EQ(std::string_view(doc["headers"].at(1)["value"].get_string().value()), "\xc3\xbf\xc3\xbe ok \xc3\xa9");
  run_result s = run_cli("dump --strict -", &msg);
  EXPECT_EQ(s.status, 1);
  EXPECT_NE(s.err.find("  To\\x01: <sip:a>\n    ^\n"), std::string::npos) << s.err;
}

TEST(cli, usage_and_io_errors_exit_2) {
  EXPECT_EQ(run_cli("dump").status, 2);
  EXPECT_EQ(run_cli("").status, 2);
  EXPECT_EQ(run_cli("frobnicate x").status, 2);
  EXPECT_EQ(run_cli("dump --format xml x").status, 2);
  run_result missing = run_cli("dump /nonexistent/file.sip");
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("/nonexistent/file.sip: cannot open"), std::string::npos);
  run_result dir = run_cli("dump " + shell_quote(sipspan::testing::corpus_dir().string()));
  EXPECT_EQ(dir.status, 2) << dir.err;
  EXPECT_EQ(run_cli("--help").status, 0);
}

TEST(cli, empty_input_is_an_error_not_a_crash) {
  std::string empty;
  run_result r = run_cli("dump -", &empty);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("[empty_input]"), std::string::npos) << r.err;
}

TEST(cli, dump_shows_sdp_and_multipart_structure) {
  run_result r = run_cli("dump --compact " + shell_quote(corpus_path("torture/valid/mpart02-nested-multipart.sip")));
  ASSERT_EQ(r.status, 0) << r.err;
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  ASSERT_EQ(parser.parse(r.out).get(doc), simdjson::SUCCESS);
  simdjson::dom::element mp = doc["body"]["multipart"];
  EXPECT_EQ(std::string_view(mp["boundary"].get_string().value()), "outer.b1");
  simdjson::dom::array parts = mp["parts"].get_array().value();
  ASSERT_EQ(parts.size(), 2u);
  simdjson::dom::element sdp = parts.at(0)["sdp"];
  EXPECT_TRUE(sdp["valid"].get_bool().value());
  EXPECT_EQ(sdp["media"].at(0)["port"].get_uint64().value(), 49170u);
  EXPECT_EQ(std::string_view(sdp["media"].at(0)["formats"].at(1)["fmt"].get_string().value()), "96");
  simdjson::dom::array inner = parts.at(1)["multipart"]["parts"].get_array().value();
  ASSERT_EQ(inner.size(), 2u);
  EXPECT_EQ(std::string_view(inner.at(1)["fields"].at(0)["value"].get_string().value()), "application/pidf+xml");

  std::string bad = "MESSAGE sip:a@b SIP/2.0\r\nContent-Type: multipart/mixed;boundary=zz\r\nContent-Length: 18\r\n\r\n--zz\r\n--zz\r\n\r\nab\r\n";
  run_result e = run_cli("dump --compact -", &bad);
  ASSERT_EQ(e.status, 0) << "a bad body is described, the message still parses";
  ASSERT_EQ(parser.parse(e.out).get(doc), simdjson::SUCCESS);
  simdjson::dom::element err = doc["body"]["multipart"]["error"];
  EXPECT_FALSE(std::string_view(err["code"].get_string().value()).empty());
  EXPECT_GE(err["offset"].get_uint64().value(), bad.find("\r\n\r\n--zz"));
}

// ---------------------------------------------------------------- golden ---

TEST(golden, span_logs_match) {
  const auto golden_dir = sipspan::testing::tests_dir() / "golden";
  const auto cases = sipspan::testing::golden_cases(golden_dir / "cases.txt");
  for (const std::vector<std::string>& c : cases) {
    ASSERT_GE(c.size(), 2u);
    bool strict = c.size() > 2 && c[2] == "strict";
    run_result r = run_cli("dump --format spans " + std::string(strict ? "--strict " : "") + shell_quote(corpus_path(c[1])));
    sipspan::testing::expect_golden(golden_dir / (c[0] + ".spans"), r.out);
  }
  EXPECT_GE(cases.size(), 8u) << "tests/golden/cases.txt";
}
