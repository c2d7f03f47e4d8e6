// sipspan — end-to-end tests of `sipspan lint` and `sipspan score` on
// corpus/captures/sample.pcap: its JSON Lines records read back with simdjson,
// field by field, and checked against docs/capture-record.schema.json; the
// text summaries (the ten highest scores, across batches and workers; the
// methods table); the HTML report. Captures written by the tests:
// test_cli_capture_written.cpp.

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "cli_capture_fixtures.hpp"
#include "cli_run.hpp"
#include "json_fields.hpp"
#include "testkit/pcap_writer.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using namespace sipspan::testing::cli_capture;
using simdjson::dom::element;
using sipspan::testing::items;
using sipspan::testing::lines_of;
using sipspan::testing::num;
using sipspan::testing::run_in_corpus;
using sipspan::testing::run_result;
using sipspan::testing::str;

const std::string sample = "captures/sample.pcap";

}  // namespace

// ---------------------------------------------------------------- sample.pcap

TEST(cli_capture, sample_score_jsonl_records) {
  run_result r = run_in_corpus("score --format jsonl " + sample);
  EXPECT_EQ(r.status, 1) << r.err;  // the mimicry INVITE alerts
  std::vector<std::string> recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 18u) << r.out;
  simdjson::dom::parser p;
  element first = p.parse(recs.front()).value();
  EXPECT_EQ(str(first["timestamp"]), "2026-01-01T00:00:00.000000Z");
  EXPECT_DOUBLE_EQ(first["ts"].get_double().value(), 1767225600.0);
  EXPECT_EQ(str(first["event_type"]), "sip");
  EXPECT_EQ(str(first["src_ip"]), "198.51.100.23");
  EXPECT_EQ(num(first["src_port"]), 5060u);
  EXPECT_EQ(str(first["dest_ip"]), "203.0.113.10");
  EXPECT_EQ(num(first["dest_port"]), 5060u);
  EXPECT_EQ(str(first["proto"]), "udp");
  EXPECT_EQ(num(first["capture_record"]), 1u);
  EXPECT_EQ(num(first["message_index"]), 0u);
  EXPECT_EQ(str(first["method"]), "INVITE");
  EXPECT_EQ(str(first["call_id"]), "6aYvT3d2Lw");
  EXPECT_EQ(str(first["seq"]), "20 INVITE");
  EXPECT_EQ(str(first["from"]), "sip:alice@pbx.example.net");
  EXPECT_EQ(str(first["to"]), "sip:bob@pbx.example.net");
  EXPECT_FALSE(first["score"]["alert"].get_bool().value());
  element second = p.parse(recs[1]).value();
  EXPECT_EQ(num(second["status_code"]), 100u);
  EXPECT_EQ(str(second["reason"]), "Trying");
  EXPECT_EQ(num(second["response_body_len"]), 0u);
  EXPECT_EQ(num(second["trans_depth"]), 1u);
  // the seed mimicry INVITE is the last message, in the last record
  element last = p.parse(recs.back()).value();
  EXPECT_EQ(num(last["message_index"]), 17u);
  EXPECT_EQ(num(last["capture_record"]), 21u);
  EXPECT_EQ(num(last["trans_depth"]), 6u);  // INVITE, ACK, BYE, REGISTER, the seed INVITE, this one
  EXPECT_EQ(str(last["method"]), "INVITE");
  EXPECT_EQ(str(last["call_id"]), "Default_Label-12911-1254978872-0000012,@0");
  EXPECT_TRUE(last["score"]["alert"].get_bool().value());
  EXPECT_GT(last["score"]["score"].get_double().value(), last["score"]["threshold"].get_double().value());
  EXPECT_GE(last["score"]["reasons"].get_array().size(), 1u);
  // a validator finding among the reasons names its rule, as `score` on a file does
  bool named_rule = false;
  for (simdjson::dom::element r : last["score"]["reasons"].get_array())
    if (str(r["feature"]) == "rule") named_rule |= str(r["rule"]) == "SS020" && str(r["rule_name"]) == "comma-in-single-value-header";
  EXPECT_TRUE(named_rule);
  // the TCP copy of the call: the INVITE was split across two segments
  bool tcp_reassembled = false;
  for (const std::string& rec : recs) {
    element e = p.parse(rec).value();
    if (str(e["proto"]) == "tcp" && e["reassembled"].get_bool().value()) tcp_reassembled = true;
  }
  EXPECT_TRUE(tcp_reassembled);
  EXPECT_NE(r.err.find("18 SIP messages"), std::string::npos) << r.err;  // the summary goes to stderr
  EXPECT_EQ(r.err.find('\r'), std::string::npos) << "no progress line when stderr is not a terminal";
}

TEST(cli_capture, sample_lint_jsonl_flags_the_mimicry_invite) {
  run_result r = run_in_corpus("lint --format jsonl " + sample);
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<std::string> recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 18u);
  simdjson::dom::parser p;
  element first = p.parse(recs.front()).value();
  EXPECT_EQ(num(first["lint"]["errors"]), 0u);
  element last = p.parse(recs.back()).value();
  EXPECT_GE(num(last["lint"]["errors"]), 5u);
  bool whitespace = false;
  for (element f : items(last["lint"]["findings"])) {
    whitespace = whitespace || str(f["rule"]) == "header-name-whitespace";
    EXPECT_EQ(str(f["severity"]), "error");
  }
  EXPECT_TRUE(whitespace) << recs.back();
}

TEST(cli_capture, sample_text_summaries) {
  run_result s = run_in_corpus("score " + sample);
  EXPECT_EQ(s.status, 1) << s.err;
  EXPECT_NE(s.out.find(sample + ": 18 SIP messages"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("calls (distinct Call-IDs): 6; transactions (branch + CSeq method): 9"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("requests: 9 (INVITE 4, ACK 2, BYE 2, REGISTER 1)"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("responses: 9 (100 2, 180 2, 200 4, 401 1)"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("parse failures: 0"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("score: 1 alert;"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("#17 record 21"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("SS020 comma-in-single-value-header Call-ID"), std::string::npos) << s.out;  // the rule, named
  EXPECT_NE(s.out.find("capture: 21 records, 10726 bytes"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("7 TCP segments, 0 gaps, 0 retransmissions"), std::string::npos) << s.out;
  run_result l = run_in_corpus("lint " + sample);
  EXPECT_EQ(l.status, 1);
  // two INVITEs with the seed's User-Agent "tstsip, version ..." (SS305) beside the mimicry one's ten
  EXPECT_NE(l.out.find("lint (strict): 14 findings: 14 errors"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("SS305 server-val-syntax (error): 2"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("SS014 header-name-whitespace (error): 2"), std::string::npos) << l.out;
}

TEST(cli_capture, one_thread_and_workers_write_the_same_records) {
  run_result a = run_in_corpus("score --format jsonl --threads 0 " + sample);
  run_result b = run_in_corpus("score --format jsonl --threads 3 " + sample);
  EXPECT_EQ(a.out, b.out);
  EXPECT_EQ(a.status, b.status);
}

// The summary lists the ten best messages (alerts first, then by score, then by
// position) whatever order they come in; `odd_headers` gives each OPTIONS its
// count of unusual headers (its score climbs with it); -k: a second Call-ID (an
// alert) and k - 1 unusual headers. The expected list comes from the JSON Lines
// records; the summary is checked with each --threads value.
std::string expect_top_ten(const std::vector<int>& odd_headers, const std::vector<std::string>& threads) {
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;
  int n = 0;
  for (int k : odd_headers) {
    std::string extra = k < 0 ? "Call-ID: second@example.com\r\n" : "";
    for (int h = 0; h < std::abs(k) - (k < 0); ++h)
      extra += "X-Odd-" + std::to_string(h) + "-" + std::string(h % 3 + 1, 'q') + ": v\r\n";
    f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(5060, 5060, message("OPTIONS", ++n, extra)))), t += 1000);
  }
  std::string path = saved(f, "top");
  run_result r = run_in_corpus("score --format jsonl --threads 0 " + path);
  simdjson::dom::parser p;
  std::vector<std::tuple<bool, double, std::uint64_t>> scored;
  for (const std::string& line : lines_of(r.out)) {
    element e = p.parse(line).value();
    double v = e["score"]["score"].get_double().value();
    if (v > 0 || e["score"]["alert"].get_bool().value())
      scored.emplace_back(e["score"]["alert"].get_bool().value(), v, num(e["message_index"]));
  }
  EXPECT_GT(scored.size(), 10u) << r.status << r.err.substr(0, 2000);
  if (scored.size() < 10) return {};
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    if (std::get<0>(a) != std::get<0>(b)) return std::get<0>(a);
    if (std::get<1>(a) != std::get<1>(b)) return std::get<1>(a) > std::get<1>(b);
    return std::get<2>(a) < std::get<2>(b);
  });
  std::string want;
  for (std::size_t i = 0; i < 10; ++i) want += "#" + std::to_string(std::get<2>(scored[i])) + " ";
  for (const std::string& th : threads) {
    run_result s = run_in_corpus("score --threads " + th + " " + path);
    std::string got, rest = s.out + s.err;  // the summary: stdout; with --format jsonl, stderr
    std::smatch m;
    static const std::regex listed("\n  #([0-9]+) record");
    while (std::regex_search(rest, m, listed)) {
      got += "#" + m[1].str() + " ";
      rest = m.suffix();
    }
    EXPECT_EQ(got, want) << "--threads " << th << "\n" << s.err;
  }
  fs::remove(path);
  return want;
}

// Here scores climb, one message scores higher than all, and the eleventh
// message to score above zero beats the first.
TEST(cli_capture, summary_lists_the_ten_highest_scores) {
  expect_top_ten({1, 2, 3, 4, 5, 6, 7, 8, 9, 30, 10, 0, 11}, {"0"});
}

// Batches of 512 messages go to the workers in turn, and each worker skips what
// cannot beat the ten best it has kept from earlier batches. Over 3 000 messages
// scoring 0, 3.5 or 6.5 (many ties), five alerts in later batches must come
// first, then the earliest ties, from the first batch: the same list with one
// thread or several.
TEST(cli_capture, summary_top_ten_across_batches_and_workers) {
  std::vector<int> odd;
  std::uint32_t x = 12345;
  for (int i = 0; i < 3000; ++i) {
    x = x * 1103515245u + 12345u;
    odd.push_back(static_cast<int>((x >> 16) % 3));
  }
  odd[600] = -2;
  odd[1100] = -1;
  odd[1700] = -3;
  odd[2300] = -2;
  odd[2950] = -1;
  std::string listed = expect_top_ten(odd, {"0", "1", "2", "3"});
  EXPECT_TRUE(listed.starts_with("#1700 #600 #2300 #1100 #2950 #")) << listed;  // by score, then position
}

// A capture full of made-up methods (an extension method is any token) does not
// grow the summary's table past 64 names: the rest are counted together.
TEST(cli_capture, summary_methods_table_is_bounded) {
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;
  for (int i = 0; i < 70; ++i)
    for (int twice = 0; twice < 2; ++twice)
      f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(5060, 5060, message("XM" + std::to_string(i), i)))),
            t += 1000);
  std::string path = saved(f, "methods");
  run_result r = run_in_corpus("score " + path);
  const std::size_t at = r.out.find("requests: 140 (");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string line = r.out.substr(at, r.out.find('\n', at) - at);
  std::size_t named = 0;
  for (std::size_t p = line.find("XM"); p != std::string::npos; p = line.find("XM", p + 2)) ++named;
  EXPECT_EQ(named, 64u) << line;
  EXPECT_TRUE(line.ends_with(" 2, other methods 12)")) << line;
  EXPECT_NE(r.out.find("calls (distinct Call-IDs): 70;"), std::string::npos) << r.out;
  fs::remove(path);
}

TEST(cli_capture, report_is_one_self_contained_page) {
  std::string html = temp_path("report.html");
  run_result r = run_in_corpus("score --report " + sipspan::testing::shell_quote(html) + " " + sample);
  EXPECT_EQ(r.status, 1) << r.err;
  std::string page = sipspan::testing::read_file(html);
  std::remove(html.c_str());
  EXPECT_EQ(page.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(page.find("<svg"), std::string::npos);
  EXPECT_NE(page.find("SS020 comma-in-single-value-header Call-ID"), std::string::npos);  // a reason, its rule named
  EXPECT_NE(page.find("<mark title=\"SS020 comma-in-single-value-header Call-ID"), std::string::npos);
  // one inline script (table sorting), nothing fetched
  EXPECT_EQ(page.find("<script"), page.rfind("<script"));
  EXPECT_EQ(page.find("<script src"), std::string::npos);
  EXPECT_EQ(page.find("src="), std::string::npos);
  EXPECT_EQ(page.find("<link"), std::string::npos);
  EXPECT_NE(page.find("&lt;sip:"), std::string::npos);  // the message bytes are escaped
}

TEST(cli_capture, lint_report_highlights_the_findings) {
  std::string html = temp_path("lint.html");
  run_result r = run_in_corpus("lint --report " + sipspan::testing::shell_quote(html) + " " + sample);
  EXPECT_EQ(r.status, 1) << r.err;
  std::string page = sipspan::testing::read_file(html);
  std::remove(html.c_str());
  EXPECT_NE(page.find("<mark title=\"SS014 header-name-whitespace (error)"), std::string::npos);
  EXPECT_NE(page.find("#17 (record 21)"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
}

TEST(cli_capture, train_reads_captures) {
  run_result r = run_in_corpus("train -o - " + sample);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("14 messages trained"), std::string::npos) << r.err;
}
