// sipspan — end-to-end tests of `sipspan lint` and `sipspan score` on captures
// written here with testkit/pcap_writer.hpp (UDP, TCP split across segments,
// IPv6, IPv4 fragments, pcapng, a capture cut short, a capture on standard
// input, malformed start lines, extra SIP ports); the schema checker the
// records go through refuses what the schema forbids.

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "cli_capture_fixtures.hpp"
#include "cli_run.hpp"
#include "json_fields.hpp"
#include "json_schema_check.hpp"
#include "testkit/pcap_writer.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using namespace sipspan::testing::cli_capture;
using simdjson::dom::element;
using sipspan::testing::num;
using sipspan::testing::run_in_corpus;
using sipspan::testing::run_result;
using sipspan::testing::schema_checker;
using sipspan::testing::str;

const fs::path source_root = SIPSPAN_SOURCE_ROOT;

}  // namespace

// ---------------------------------------------------------------- written captures

TEST(cli_capture_written, transports_addresses_and_records) {
  for (bool ng : {false, true}) {
    std::string path = saved(transports_capture(ng), ng ? "t.pcapng" : "t.pcap");
    run_result r = run_in_corpus("lint --format jsonl " + sipspan::testing::shell_quote(path));
    std::remove(path.c_str());
    EXPECT_EQ(r.status, 0) << r.err << r.out;
    std::vector<std::string> recs = records_of(r.out);
    ASSERT_EQ(recs.size(), 4u) << r.out << r.err;
    simdjson::dom::parser p;
    struct expect {
      const char *method, *proto, *src, *dst;
      unsigned sport, dport;
      std::uint64_t record;
      bool reassembled;
    };
    const expect want[] = {{"OPTIONS", "udp", "192.0.2.10", "192.0.2.20", 5060, 5060, 1, false},
                           {"INVITE", "tcp", "192.0.2.10", "192.0.2.20", 40000, 5060, 6, true},
                           {"OPTIONS", "udp", "2001:db8::1", "2001:db8::2", 5062, 5060, 7, false},
                           {"MESSAGE", "udp", "192.0.2.10", "192.0.2.20", 5060, 5070, 11, true}};
    for (std::size_t i = 0; i < 4; ++i) {
      SCOPED_TRACE(std::string(ng ? "pcapng " : "pcap ") + want[i].method);
      element e = p.parse(recs[i]).value();
      EXPECT_EQ(str(e["method"]), want[i].method);
      EXPECT_EQ(str(e["proto"]), want[i].proto);
      EXPECT_EQ(str(e["src_ip"]), want[i].src);
      EXPECT_EQ(str(e["dest_ip"]), want[i].dst);
      EXPECT_EQ(num(e["src_port"]), want[i].sport);
      EXPECT_EQ(num(e["dest_port"]), want[i].dport);
      EXPECT_EQ(num(e["capture_record"]), want[i].record);
      EXPECT_EQ(num(e["message_index"]), i);
      EXPECT_EQ(e["reassembled"].get_bool().value(), want[i].reassembled);
      EXPECT_EQ(str(e["call_id"]), "call-" + std::to_string(i + 1) + "@example.com");
      EXPECT_EQ(str(e["user_agent"]), "test-agent/1");
      EXPECT_EQ(num(e["lint"]["errors"]), 0u);
    }
    run_result t = run_in_corpus("score " + sipspan::testing::shell_quote(path = saved(transports_capture(ng), "t2")));
    std::remove(path.c_str());
    EXPECT_NE(t.out.find("4 SIP messages"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("requests: 4 (OPTIONS 2, INVITE 1, MESSAGE 1)"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("4 IP fragments (1 datagrams reassembled)"), std::string::npos) << t.out;
  }
}

TEST(cli_capture_written, capture_on_standard_input) {
  pw::file f = transports_capture(false);
  std::string bytes(f.data().begin(), f.data().end());
  run_result r = run_in_corpus("score --format jsonl --capture -", &bytes);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::string> recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 4u);
  simdjson::dom::parser p;
  EXPECT_EQ(str(p.parse(recs[0]).value()["file"]), "<stdin>");
  EXPECT_EQ(str(p.parse(recs[3]).value()["method"]), "MESSAGE");
}

TEST(cli_capture_written, standard_input_sniffed_without_the_flag) {
  // `-` as an INPUT: the first four bytes decide, and are not lost to either reader.
  for (bool pcapng : {false, true}) {
    SCOPED_TRACE(pcapng ? "pcapng" : "pcap");
    pw::file f = transports_capture(pcapng);
    std::string bytes(f.data().begin(), f.data().end());
    run_result flag = run_in_corpus("score --format jsonl --capture -", &bytes);
    run_result sniffed = run_in_corpus("score --format jsonl -", &bytes);
    EXPECT_EQ(sniffed.status, 0) << sniffed.err;
    EXPECT_EQ(sniffed.out, flag.out);
    ASSERT_EQ(records_of(sniffed.out).size(), 4u);
    run_result lint = run_in_corpus("lint -", &bytes);
    EXPECT_NE(lint.out.find("4 SIP messages"), std::string::npos) << lint.out << lint.err;
  }
  // A message on standard input is still a message, its first bytes included.
  std::string msg = sipspan::testing::read_file(sipspan::testing::corpus_dir() / "seed/seed-invite.sip");
  run_result m = run_in_corpus("score --format jsonl -", &msg);
  EXPECT_EQ(m.status, 0) << m.err;
  EXPECT_NE(m.out.find("\"file\":\"<stdin>\""), std::string::npos) << m.out;
  EXPECT_EQ(m.out.find("unparseable"), std::string::npos) << m.out;
  // Shorter than a magic number: read as a message (and cut short).
  std::string two = "IN";
  run_result t = run_in_corpus("score -", &two);
  EXPECT_EQ(t.status, 1);
  EXPECT_NE(t.out.find("offset 2"), std::string::npos) << t.out;
  // A capture cut inside its first record: the error names the record.
  const pw::file whole = transports_capture(false);
  std::string cut(whole.data().begin(), whole.data().begin() + 30);
  run_result c = run_in_corpus("score -", &cut);
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("<stdin>: record 1"), std::string::npos) << c.err;
}

TEST(cli_capture_written, recognised_by_magic_whatever_the_name) {
  std::string path = saved(transports_capture(true), "capture.bin");
  run_result r = run_in_corpus("lint " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("4 SIP messages"), std::string::npos) << r.out;
}

TEST(cli_capture_written, truncated_capture_reports_what_came_before) {
  pw::file f = transports_capture(false);
  pw::bytes data = f.data();
  data.resize(data.size() - 40);  // the last fragment's record is cut short
  std::string path = temp_path("cut.pcap");
  {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), out);
    std::fclose(out);
  }
  run_result r = run_in_corpus("score --format jsonl " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("record 11"), std::string::npos) << r.err;
  EXPECT_EQ(records_of(r.out).size(), 3u) << r.out;
  run_result t = run_in_corpus("lint " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(t.status, 2);
  EXPECT_NE(t.out.find("3 SIP messages"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("record 11"), std::string::npos) << t.err;
}

// A capture of nothing but messages whose start line is malformed (RFC 4475
// §3.1.2 and a PROTOS-style method), on ports that are not SIP's: each is a SIP
// message, linted (exit 1, the error the same bytes give in a file) and scored
// (an alert), none skipped as "not SIP".
TEST(cli_capture_written, malformed_start_lines_are_reported_not_skipped) {
  const std::vector<std::pair<std::string, std::string>> files = {
      {"invalid/badvers-sip-7-0.sip", "SS101"},
      {"invalid/bigcode-overlarge-status-code.sip", "SS001"},
      {"invalid/ltgtruri-angle-brackets-around-request-uri.sip", "SS104"},
      {"invalid/lwsstart-multiple-sp-in-request-line.sip", "SS011"},
      {"invalid/trws-trailing-sp-in-request-line.sip", "SS011"},
  };
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;
  std::uint16_t port = 40000;
  for (const auto& [file, rule] : files) {
    const std::string bytes = sipspan::testing::corpus("torture/" + file);
    f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(port, static_cast<std::uint16_t>(port + 1), bytes))), t += 1000);
    port = static_cast<std::uint16_t>(port + 2);
  }
  const std::string protos =
      "INVITE %s%s%s%s%s%s%s%s:noone@host SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKp\r\n"
      "To: <sip:noone@host>\r\nFrom: <sip:a@b>;tag=1\r\nCall-ID: p\r\nCSeq: 1 INVITE\r\n\r\n";
  f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(port, static_cast<std::uint16_t>(port + 1), protos))), t += 1000);
  const std::string path = saved(f, "malformed_start_lines.pcap");
  const run_result l = run_in_corpus("lint " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(l.status, 1) << l.out << l.err;
  EXPECT_NE(l.out.find(": 6 SIP messages"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("0 payloads skipped as not SIP"), std::string::npos) << l.out;
  for (const auto& [file, rule] : files) EXPECT_NE(l.out.find("  " + rule + " "), std::string::npos) << rule << "\n" << l.out;
  const run_result s = run_in_corpus("score " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(s.status, 1) << s.out << s.err;
  EXPECT_NE(s.out.find(": 6 SIP messages"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("score: 0 alerts"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("ALERT"), std::string::npos) << s.out;
}

// --sip-port: a port whose payloads are SIP (besides 5060 and 5061), whatever
// they look like; without it, the same payload is skipped and counted.
TEST(cli_capture_written, sip_port_makes_any_payload_sip) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(40000, 5080, "\x01\x02 garbage\r\n"))), 1'767'225'600'000'000'000);
  const std::string path = saved(f, "sip_port.pcap");
  const run_result plain = run_in_corpus("lint " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(plain.status, 0) << plain.out;
  EXPECT_NE(plain.out.find(": 0 SIP messages"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("1 payloads skipped as not SIP (no SIP start line 1)"), std::string::npos) << plain.out;
  const run_result given = run_in_corpus("lint --sip-port 5080 " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(given.status, 1) << given.out;
  EXPECT_NE(given.out.find(": 1 SIP messages"), std::string::npos) << given.out;
  EXPECT_NE(given.out.find("parse failures: 1"), std::string::npos) << given.out;
}

TEST(cli_capture_written, schema_checker_rejects_what_the_schema_forbids) {
  schema_checker schema(source_root / "docs" / "capture-record.schema.json");
  simdjson::dom::parser p;
  const std::string good =
      R"({"timestamp":"2026-01-01T00:00:00.000000Z","ts":1767225600.0,"event_type":"sip","src_ip":"192.0.2.1",)"
      R"("src_port":5060,"dest_ip":"192.0.2.2","dest_port":5060,"proto":"udp","file":"x.pcap","capture_record":1,)"
      R"("message_index":0,"trans_depth":1,"reassembled":false,"length":10,"status_code":200,"reason":"OK","call_id":"c","seq":"1 BYE",)"
      R"("from":null,"to":null,"user_agent":null,"response_body_len":0,"score":{"score":0,"threshold":9,"alert":false,"reasons":[]}})";
  EXPECT_TRUE(schema.check(p.parse(good).value()).empty());
  std::string no_port = good;
  no_port.replace(no_port.find("\"src_port\":5060,"), 16, "");
  EXPECT_FALSE(schema.check(p.parse(no_port).value()).empty());
  std::string bad_proto = good;
  bad_proto.replace(bad_proto.find("\"udp\""), 5, "\"icmp\"");
  EXPECT_FALSE(schema.check(p.parse(bad_proto).value()).empty());
  std::string bad_time = good;
  bad_time.replace(bad_time.find("00.000000Z"), 10, "00Z");
  EXPECT_FALSE(schema.check(p.parse(bad_time).value()).empty());
}
