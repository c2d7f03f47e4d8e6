// sipspan — end-to-end tests of `sipspan score` and `sipspan lint` on the captures
// of corpus/captures/sipp/: SIPp calls over loopback recorded with tcpdump
// (tools/gen/sipp_loopback.sh). Each capture's JSON Lines records are read back
// with simdjson and compared with what the scenario makes SIPp send: the per-call
// flow comes from the scenario's UAC file in tools/gen/sipp/ (each <send> is the
// request or ACK its first line names, each <recv> the response or request it
// waits for), or, for SIPp's built-in scenarios, from the flow stated below; the
// number of calls is the script's -m. Nothing here needs SIPp or tcpdump.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "json_fields.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;
using sipspan::testing::lines_of;
using sipspan::testing::run_result;

const fs::path source_root = SIPSPAN_SOURCE_ROOT;

using sipspan::testing::run_in_corpus;

// One message of a flow: a request method ("INVITE") or a status code ("180").
using flow = std::vector<std::string>;

// The messages of one call of a UAC scenario file, in order: each <send>'s start line
// gives its method; each <recv response="N"> is the status N, each <recv request="M">
// the request M. None of the project's scenarios has an optional message.
flow flow_of_uac_scenario(const std::string& file) {
  std::string xml = sipspan::testing::read_file(source_root / "tools" / "gen" / "sipp" / file);
  EXPECT_FALSE(xml.empty()) << file;
  EXPECT_EQ(xml.find("optional="), std::string::npos) << file;
  flow f;
  static const std::regex tag(R"re(<(send|recv)\b([^>]*)>)re");
  static const std::regex attr(R"re((request|response)\s*=\s*"([^"]+)")re");
  for (auto it = std::sregex_iterator(xml.begin(), xml.end(), tag); it != std::sregex_iterator(); ++it) {
    const std::smatch& m = *it;
    if (m[1] == "recv") {
      std::smatch a;
      std::string attrs = m[2];
      EXPECT_TRUE(std::regex_search(attrs, a, attr)) << m.str();
      f.push_back(a[2]);
    } else {
      std::size_t cdata = xml.find("<![CDATA[", static_cast<std::size_t>(m.position(0)));
      EXPECT_NE(cdata, std::string::npos);
      std::istringstream body(xml.substr(cdata + 9));
      std::string method;
      body >> method;  // the start line's first token, after the indentation
      f.push_back(method);
    }
  }
  return f;
}

// SIPp 3.6.1's built-in scenarios (`sipp -sd uac`, `sipp -sd uas`): the UAC sends
// INVITE, takes 100, 180 and 183 if they come, takes 200, sends ACK and BYE and takes
// 200; the UAS takes INVITE, sends 180 and 200, takes ACK and BYE, sends 200. It never
// sends 100 or 183, so a call is these six messages.
const flow builtin_uac_uas = {"INVITE", "180", "200", "ACK", "BYE", "200"};

struct sipp_capture {
  const char* file;
  const char* proto;   // udp or tcp
  const char* ip;      // 127.0.0.1 or ::1
  unsigned calls;      // sipp -m in tools/gen/sipp_loopback.sh
  const char* uac;     // the UAC scenario file, or nullptr for the built-in one
  // TCP payload bytes a segment when the script ran SIPp over a loopback with a small MTU
  // (0: the host's loopback, where every message is one segment): MTU 400 - 20 (IPv4
  // header) - 20 (TCP header) - 12 (the timestamp option) = 348.
  unsigned segment = 0;
};

const sipp_capture captures[] = {
    {"uac-uas-udp4.pcap", "udp", "127.0.0.1", 5, nullptr},
    {"uac-uas-tcp4.pcap", "tcp", "127.0.0.1", 5, nullptr},
    {"uac-uas-udp6.pcap", "udp", "::1", 5, nullptr},
    {"register-udp4.pcap", "udp", "127.0.0.1", 5, "register_uac.xml"},
    {"options-udp4.pcap", "udp", "127.0.0.1", 5, "options_uac.xml"},
    {"options-tcp6.pcap", "tcp", "::1", 5, "options_uac.xml"},
    {"call-udp4.pcap", "udp", "127.0.0.1", 5, "call_uac.xml"},
    {"call-tcp4.pcap", "tcp", "127.0.0.1", 5, "call_uac.xml"},
    {"busy-udp4.pcap", "udp", "127.0.0.1", 5, "busy_uac.xml"},
    {"cancel-tcp4.pcap", "tcp", "127.0.0.1", 5, "cancel_uac.xml"},
    {"call-tcp4-mtu400.pcap", "tcp", "127.0.0.1", 5, "call_uac.xml", 348},
};

flow flow_of(const sipp_capture& c) { return c.uac ? flow_of_uac_scenario(c.uac) : builtin_uac_uas; }

using sipspan::testing::str;

// A record's message: its method, or its status code as text.
std::string what(element e) {
  element m;
  if (e["method"].get(m) == simdjson::SUCCESS) return str(m);
  return std::to_string(e["status_code"].get_uint64().value());
}

std::string path_of(const sipp_capture& c) { return std::string("captures/sipp/") + c.file; }

}  // namespace

TEST(cli_sipp, scenario_flows_read_from_the_xml) {
  // the reader of the scenario files, on what their header comments say
  EXPECT_EQ(flow_of_uac_scenario("register_uac.xml"), (flow{"REGISTER", "401", "REGISTER", "200"}));
  EXPECT_EQ(flow_of_uac_scenario("cancel_uac.xml"), (flow{"INVITE", "100", "180", "CANCEL", "200", "487", "ACK"}));
  EXPECT_EQ(flow_of_uac_scenario("call_uac.xml").size(), 14u);
}

TEST(cli_sipp, every_message_sipp_sent_is_a_record) {
  std::size_t all = 0, split = 0;
  for (const sipp_capture& c : captures) {
    SCOPED_TRACE(c.file);
    const flow per_call = flow_of(c);
    ASSERT_FALSE(per_call.empty());
    run_result r = run_in_corpus("score --format jsonl " + path_of(c));
    EXPECT_EQ(r.status, 0) << r.err;  // 0: no alert at the default threshold (FPR 10^-3)
    simdjson::dom::parser p;
    std::map<std::string, std::size_t> counts, want;
    for (const std::string& m : per_call) want[m] += c.calls;
    std::map<std::string, flow> by_call;  // Call-ID -> its messages in capture order
    std::vector<std::string> recs = lines_of(r.out);
    ASSERT_EQ(recs.size(), per_call.size() * c.calls) << r.err;
    std::size_t segments = 0;  // TCP segments with data the messages took
    for (std::size_t i = 0; i < recs.size(); ++i) {
      element e;
      ASSERT_EQ(p.parse(recs[i]).get(e), simdjson::SUCCESS) << recs[i];
      EXPECT_TRUE(e["parse_error"].error()) << recs[i];
      EXPECT_EQ(e["message_index"].get_uint64().value(), i);
      EXPECT_EQ(str(e["proto"]), c.proto);
      EXPECT_EQ(str(e["src_ip"]), c.ip);
      EXPECT_EQ(str(e["dest_ip"]), c.ip);
      // a message is reassembled when it did not fit in one segment
      const std::uint64_t length = e["length"].get_uint64().value();
      const bool cut = c.segment && length > c.segment;
      EXPECT_EQ(e["reassembled"].get_bool().value(), cut) << recs[i];
      segments += c.segment ? (length + c.segment - 1) / c.segment : 1;
      split += cut;
      EXPECT_FALSE(e["score"]["alert"].get_bool().value()) << recs[i];
      EXPECT_LT(e["score"]["score"].get_double().value(), e["score"]["threshold"].get_double().value());
      ++counts[what(e)];
      by_call[str(e["call_id"])].push_back(what(e));
    }
    EXPECT_EQ(counts, want);
    EXPECT_EQ(by_call.size(), c.calls);  // one Call-ID a call
    for (const auto& [id, msgs] : by_call) EXPECT_EQ(msgs, per_call) << id;
    EXPECT_NE(r.err.find(std::to_string(recs.size()) + " SIP messages"), std::string::npos) << r.err;
    if (std::string(c.proto) == "tcp") {
      EXPECT_NE(r.err.find(" " + std::to_string(segments) + " TCP segments, 0 gaps, 0 retransmissions"),
                std::string::npos) << r.err;
    }
    all += recs.size();
  }
  EXPECT_EQ(all, 415u);  // corpus/captures/sipp/README.md's total
  EXPECT_GE(split, 10u);  // at least the INVITEs with SDP of the small-MTU capture
}

TEST(cli_sipp, text_summary_has_no_parse_failure_and_no_alert) {
  for (const sipp_capture& c : captures) {
    SCOPED_TRACE(c.file);
    run_result r = run_in_corpus("score " + path_of(c));
    EXPECT_EQ(r.status, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("parse failures: 0"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("score: 0 alerts"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("calls (distinct Call-IDs): " + std::to_string(c.calls) + ";"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find(" 0 gaps, 0 retransmissions"), std::string::npos) << r.out;
  }
}

TEST(cli_sipp, the_projects_scenarios_lint_clean) {
  for (const sipp_capture& c : captures) {
    SCOPED_TRACE(c.file);
    run_result r = run_in_corpus("lint --format jsonl " + path_of(c));
    std::vector<std::string> recs = lines_of(r.out);
    ASSERT_EQ(recs.size(), flow_of(c).size() * c.calls) << r.err;
    simdjson::dom::parser p;
    std::map<std::string, std::size_t> rules;  // rule -> findings
    for (const std::string& line : recs) {
      element e = p.parse(line).value();
      simdjson::dom::array findings = e["lint"]["findings"].get_array().value();
      for (element f : findings) ++rules[str(f["rule"])];
    }
    if (c.uac) {
      EXPECT_EQ(r.status, 0) << r.out;
      EXPECT_TRUE(rules.empty()) << recs.front();
    } else {
      // SIPp's built-in scenarios put Subject in ACK and BYE and Contact in BYE (RFC 3261
      // Table 2/3: not applicable), a warning: one Subject in each ACK and BYE, one Contact
      // in each BYE. Over IPv6 their SDP origin is "IN IP6 [::1]", brackets RFC 8866's
      // IP6-address does not allow (tolerated, an error under strict) in the INVITE's and
      // the 200's offer/answer.
      std::map<std::string, std::size_t> want = {{"header-not-applicable", 3 * c.calls}};
      if (std::string(c.ip) == "::1") want["sdp-address-brackets"] = 2 * c.calls;
      EXPECT_EQ(rules, want);
    }
  }
}

TEST(cli_sipp, default_profile_is_the_readmes_training_with_the_captures) {
  // The command corpus/profile/README.md gives (from the source root) is run from corpus/,
  // writing to standard output: it must write default.json byte for byte, and the SIPp
  // captures must be among its inputs, before corpus/benign (whose end calibrates).
  std::string readme = sipspan::testing::corpus("profile/README.md");
  std::size_t open = readme.find("```sh\n"), close = readme.find("```", open + 6);
  ASSERT_NE(open, std::string::npos);
  ASSERT_NE(close, std::string::npos);
  std::string cmd = std::regex_replace(readme.substr(open + 6, close - open - 6), std::regex(R"(\\\n\s*)"), "");
  EXPECT_LT(cmd.find("corpus/captures/sipp/*.pcap"), cmd.find("corpus/benign")) << cmd;
  EXPECT_LT(cmd.find("corpus/captures/peers/*.pcap"), cmd.find("corpus/benign")) << cmd;
  EXPECT_NE(cmd.find("--holdout 0.2"), std::string::npos) << cmd;
  ASSERT_EQ(cmd.rfind("sipspan train ", 0), 0u) << cmd;
  cmd = std::regex_replace(cmd.substr(14), std::regex(R"(corpus/profile/default\.json)"), "-");
  cmd = std::regex_replace(cmd, std::regex(R"((^|\s)corpus/)"), "$1");
  while (!cmd.empty() && std::isspace(static_cast<unsigned char>(cmd.back()))) cmd.pop_back();
  run_result r = run_in_corpus("train " + cmd);
  ASSERT_EQ(r.status, 0) << cmd << "\n" << r.err;
  EXPECT_NE(r.err.find("946 messages trained, 236 calibrated"), std::string::npos) << r.err;
  EXPECT_TRUE(r.out == sipspan::testing::corpus("profile/default.json")) << "train it again: " << cmd;
}
