// sipspan — end-to-end tests of the capture records for the tools analysts
// run: --format eve (Suricata's eve.json SIP event) and --format zeek
// (Zeek's sip.log, ASCII writer). Each is held to its consumer's field list:
// Suricata's SIP logger (the "sip" object: method, uri, version,
// request_line; version, code, reason, response_line) and the common eve
// fields; Zeek's SIP::Info record (base/protocols/sip/main.zeek), its
// column names and types, and the ASCII writer's header lines.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"

namespace {

namespace pw = sipspan::pcap_writer;
using simdjson::dom::element;
using sipspan::testing::lines_of;
using sipspan::testing::run_result;

using sipspan::testing::run_in_corpus;

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> v;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      v.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  v.push_back(cur);
  return v;
}

std::set<std::string> keys(element e) {
  std::set<std::string> k;
  simdjson::dom::object o = e.get_object().value();  // (not iterated as a temporary)
  for (auto field : o) k.insert(std::string(field.key));
  return k;
}

// Zeek's SIP::Info, as its ASCII writer names and types the columns (conn_id spread into id.*).
const std::vector<std::pair<std::string, std::string>> zeek_sip_info = {
    {"ts", "time"}, {"uid", "string"}, {"id.orig_h", "addr"}, {"id.orig_p", "port"}, {"id.resp_h", "addr"},
    {"id.resp_p", "port"}, {"trans_depth", "count"}, {"method", "string"}, {"uri", "string"}, {"date", "string"},
    {"request_from", "string"}, {"request_to", "string"}, {"response_from", "string"}, {"response_to", "string"},
    {"reply_to", "string"}, {"call_id", "string"}, {"seq", "string"}, {"subject", "string"},
    {"request_path", "vector[string]"}, {"response_path", "vector[string]"}, {"user_agent", "string"},
    {"status_code", "count"}, {"status_msg", "string"}, {"warning", "string"}, {"request_body_len", "count"},
    {"response_body_len", "count"}, {"content_type", "string"}};

}  // namespace

TEST(cli_formats, eve_records_are_suricata_sip_events) {
  run_result eve = run_in_corpus("score --threads 0 --format eve captures/sipp/call-udp4.pcap");
  run_result jsonl = run_in_corpus("score --threads 0 --format jsonl captures/sipp/call-udp4.pcap");
  EXPECT_EQ(eve.status, 0) << eve.err;
  const auto lines = lines_of(eve.out), records = lines_of(jsonl.out);
  ASSERT_EQ(lines.size(), records.size());
  ASSERT_GT(lines.size(), 5u);
  const std::set<std::string> common = {"timestamp", "flow_id", "pcap_cnt", "event_type", "src_ip", "src_port",
                                        "dest_ip", "dest_port", "proto", "tx_id", "app_proto", "sip", "sipspan"};
  const std::set<std::string> request = {"method", "uri", "version", "request_line"};
  const std::set<std::string> response = {"version", "code", "reason", "response_line"};
  const std::regex suricata_time(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+0000)");
  simdjson::dom::parser p, q;
  std::uint64_t flow = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    SCOPED_TRACE(lines[i]);
    element e = p.parse(lines[i]).value();
    element j = q.parse(records[i]).value();
    EXPECT_EQ(keys(e), common);
    EXPECT_TRUE(std::regex_match(std::string(e["timestamp"].get_string().value()), suricata_time));
    // the JSON Lines timestamp is the same instant, written with Z
    std::string z(j["timestamp"].get_string().value());
    EXPECT_EQ(std::string(e["timestamp"].get_string().value()), z.substr(0, z.size() - 1) + "+0000");
    EXPECT_EQ(e["event_type"].get_string().value(), "sip");
    EXPECT_EQ(e["app_proto"].get_string().value(), "sip");
    EXPECT_EQ(e["proto"].get_string().value(), "UDP");
    EXPECT_EQ(e["pcap_cnt"].get_uint64().value(), j["capture_record"].get_uint64().value());
    EXPECT_EQ(e["src_ip"].get_string().value(), j["src_ip"].get_string().value());
    EXPECT_EQ(e["dest_port"].get_uint64().value(), j["dest_port"].get_uint64().value());
    const std::uint64_t id = e["flow_id"].get_uint64().value();
    EXPECT_LT(id, std::uint64_t{1} << 53);
    if (i == 0) flow = id;
    EXPECT_EQ(id, flow) << "one call on one pair of ports: one flow, both directions";
    element sip = e["sip"].value();
    const bool is_request = j["method"].error() == simdjson::SUCCESS;
    EXPECT_EQ(keys(sip), is_request ? request : response);
    if (is_request) {
      EXPECT_EQ(sip["method"].get_string().value(), j["method"].get_string().value());
      EXPECT_EQ(sip["uri"].get_string().value(), j["uri"].get_string().value());
    } else {  // Suricata writes the code as a string
      EXPECT_EQ(std::to_string(j["status_code"].get_uint64().value()), sip["code"].get_string().value());
    }
    EXPECT_EQ(sip["version"].get_string().value(), "SIP/2.0");
    // sipspan's verdict under its own key, as the JSON Lines record has it
    element own = e["sipspan"].value();
    EXPECT_EQ(own["file"].get_string().value(), "captures/sipp/call-udp4.pcap");
    EXPECT_EQ(own["message_index"].get_uint64().value(), i);
    EXPECT_EQ(simdjson::to_string(own["score"].value()), simdjson::to_string(j["score"].value()));
  }
  // lint: the findings under sipspan.lint
  run_result lint = run_in_corpus("lint --threads 0 --format eve captures/sample.pcap");
  bool findings = false;
  for (const std::string& l : lines_of(lint.out)) {
    element e = p.parse(l).value();
    EXPECT_EQ(e["sipspan"]["lint"]["findings"].error(), simdjson::SUCCESS) << l;
    simdjson::dom::array found = e["sipspan"]["lint"]["findings"].get_array().value();
    findings |= found.size() > 0;
  }
  EXPECT_TRUE(findings);
}

TEST(cli_formats, zeek_sip_log_has_zeeks_header_columns_and_types) {
  run_result r = run_in_corpus("score --threads 0 --format zeek captures/sipp/call-udp4.pcap");
  EXPECT_EQ(r.status, 0) << r.err;
  const auto lines = lines_of(r.out);
  ASSERT_GT(lines.size(), 10u);
  EXPECT_EQ(lines[0], "#separator \\x09");
  EXPECT_EQ(lines[1], "#set_separator\t,");
  EXPECT_EQ(lines[2], "#empty_field\t(empty)");
  EXPECT_EQ(lines[3], "#unset_field\t-");
  EXPECT_EQ(lines[4], "#path\tsip");
  EXPECT_TRUE(std::regex_match(lines[5], std::regex("#open\t\\d{4}(-\\d\\d){5}")));
  EXPECT_TRUE(std::regex_match(lines.back(), std::regex("#close\t\\d{4}(-\\d\\d){5}")));
  const auto fields = split(lines[6], '\t'), types = split(lines[7], '\t');
  ASSERT_EQ(fields[0], "#fields");
  ASSERT_EQ(types[0], "#types");
  ASSERT_EQ(fields.size(), types.size());
  ASSERT_GE(fields.size(), zeek_sip_info.size() + 1);
  for (std::size_t i = 0; i < zeek_sip_info.size(); ++i) {
    EXPECT_EQ(fields[i + 1], zeek_sip_info[i].first);
    EXPECT_EQ(types[i + 1], zeek_sip_info[i].second) << fields[i + 1];
  }
  for (std::size_t i = zeek_sip_info.size() + 1; i < fields.size(); ++i)
    EXPECT_EQ(fields[i].rfind("sipspan_", 0), 0u) << "sipspan's own columns come after Zeek's";
  auto column = [&](const std::string& name) {
    for (std::size_t i = 1; i < fields.size(); ++i)
      if (fields[i] == name) return i - 1;
    ADD_FAILURE() << name;
    return std::size_t{0};
  };
  std::string uid;
  std::size_t rows = 0;
  for (std::size_t k = 8; k + 1 < lines.size(); ++k, ++rows) {
    SCOPED_TRACE(lines[k]);
    const auto v = split(lines[k], '\t');
    ASSERT_EQ(v.size(), fields.size() - 1);
    // each value fits its type
    for (std::size_t i = 0; i < v.size(); ++i) {
      const std::string& t = types[i + 1];
      if (v[i] == "-") continue;
      std::string pattern = ".*";
      if (t == "time") pattern = R"(\d+\.\d{6})";
      if (t == "count" || t == "port") pattern = R"(\d+)";
      if (t == "bool") pattern = "[TF]";
      if (t == "double") pattern = R"(-?\d+(\.\d+)?(e[-+]\d+)?)";
      EXPECT_TRUE(std::regex_match(v[i], std::regex(pattern))) << fields[i + 1] << " " << v[i];
      EXPECT_EQ(v[i].find_first_of("\t\r\n"), std::string::npos);
    }
    EXPECT_TRUE(std::regex_match(v[column("uid")], std::regex("C[0-9A-Za-z]+")));
    if (uid.empty()) uid = v[column("uid")];
    EXPECT_EQ(v[column("uid")], uid) << "one connection";
    // the originator is the side that sends the requests, in every row
    EXPECT_EQ(v[column("id.orig_p")], "25071");
    const bool response = v[column("status_code")] != "-";
    EXPECT_EQ(v[column("method")] == "-", response);
    EXPECT_EQ(v[column(response ? "request_from" : "response_from")], "-");
    const std::string from = v[column(response ? "response_from" : "request_from")];
    EXPECT_EQ(from.find("tag="), std::string::npos) << "Zeek strips the From tag";
    const std::string path = v[column(response ? "response_path" : "request_path")];
    EXPECT_EQ(path.find("branch"), std::string::npos) << "Zeek cuts each Via before its branch";
    EXPECT_EQ(path.rfind("SIP/2.0/UDP ", 0), 0u);
  }
  EXPECT_EQ(rows, lines_of(run_in_corpus("score --threads 0 --format jsonl captures/sipp/call-udp4.pcap").out).size());
}

TEST(cli_formats, zeek_escapes_what_would_break_a_row) {
  // a Subject with a tab and a byte that is not ASCII; a Via row with two hops (a comma)
  const std::string msg = "MESSAGE sip:bob@example.com SIP/2.0\r\n"
                          "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1, SIP/2.0/UDP 192.0.2.9,x;branch=z9hG4bK-0\r\n"
                          "Max-Forwards: 70\r\n"
                          "From: <sip:alice@example.com>;tag=1\r\n"
                          "To: <sip:bob@example.com>\r\n"
                          "Call-ID: esc@example.com\r\n"
                          "CSeq: 1 MESSAGE\r\n"
                          "Subject: a\tb \xc3\xa9\r\n"
                          "Content-Length: 0\r\n\r\n";
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(pw::v4(192, 0, 2, 10), pw::v4(192, 0, 2, 20), 17, pw::udp(5060, 5060, msg))),
        1'767'225'600'000'000'000);
  std::string bytes(f.data().begin(), f.data().end());
  run_result r = run_in_corpus("score --format zeek -", &bytes);
  const auto lines = lines_of(r.out);
  ASSERT_EQ(lines.size(), 10u) << r.out << r.err;
  const auto v = split(lines[8], '\t');
  ASSERT_EQ(v.size(), split(lines[6], '\t').size() - 1) << lines[8];
  EXPECT_EQ(v[17], "a\\x09b \\xc3\\xa9");                 // subject
  EXPECT_EQ(v[18], "SIP/2.0/UDP 192.0.2.10:5060");        // request_path: the row cut before its first branch
  EXPECT_EQ(v[16], "1 MESSAGE");                          // seq
  // message files are not captures: eve and zeek are refused with the reason
  run_result m = run_in_corpus("score --format zeek -", &msg);
  EXPECT_EQ(m.status, 2);
  EXPECT_NE(m.err.find("--format zeek describes captures; <stdin> is a message file"), std::string::npos) << m.err;
}
