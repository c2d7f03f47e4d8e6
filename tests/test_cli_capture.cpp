// sipspan — end-to-end tests of `sipspan lint` and `sipspan score` on packet
// captures: corpus/captures/sample.pcap and captures written here with
// tests/pcap_writer.hpp (UDP, TCP split across segments, IPv6, IPv4 fragments,
// pcapng, a capture cut short, a capture on standard input). The JSON Lines
// records are read back with simdjson, field by field, and checked against
// docs/capture-record.schema.json by a small structural checker (types,
// required fields, const/enum, bounds, items, $ref, oneOf/anyOf).

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

#include "cli_run.hpp"
#include "pcap_writer.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using simdjson::dom::element;
using simdjson::dom::element_type;
using sipspan::testing::lines_of;
using sipspan::testing::run_result;

const fs::path source_root = SIPSPAN_SOURCE_ROOT;
const std::string sample = "captures/sample.pcap";

run_result run(const std::string& args, const std::string* stdin_bytes = nullptr) {
  return sipspan::testing::run_cli(args, stdin_bytes, "", sipspan::testing::corpus_dir());
}

std::string str(element e) { return std::string(e.get_string().value()); }

// The elements of an array (kept in a vector: no iterator over a temporary).
std::vector<element> items(element e) {
  std::vector<element> v;
  simdjson::dom::array a = e.get_array().value();
  for (element x : a) v.push_back(x);
  return v;
}
std::uint64_t num(element e) { return e.get_uint64().value(); }

// ------------------------------------------------------------ the schema checker

class schema_checker {
 public:
  explicit schema_checker(const fs::path& path) { root_ = parser_.load(path.string()).value(); }

  // Every violation, as "path: what"; empty when the record conforms.
  std::vector<std::string> check(element value) const {
    std::vector<std::string> errs;
    check(root_, value, "$", errs);
    return errs;
  }

 private:
  static bool is_type(element v, std::string_view t) {
    switch (v.type()) {
      case element_type::OBJECT: return t == "object";
      case element_type::ARRAY: return t == "array";
      case element_type::STRING: return t == "string";
      case element_type::INT64:
      case element_type::UINT64: return t == "integer" || t == "number";
      case element_type::DOUBLE: return t == "number";
      case element_type::BOOL: return t == "boolean";
      case element_type::NULL_VALUE: return t == "null";
    }
    return false;
  }
  static double as_number(element v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64().value());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64().value());
    return v.get_double().value();
  }
  static bool same(element a, element b) { return simdjson::to_string(a) == simdjson::to_string(b); }

  void check(element s, element v, const std::string& at, std::vector<std::string>& errs) const {
    simdjson::dom::object schema = s.get_object().value();
    element x;
    if (schema["$ref"].get(x) == simdjson::SUCCESS) {
      std::string ref = str(x);  // "#/$defs/name"
      element target = root_["$defs"][ref.substr(ref.rfind('/') + 1)].value();
      check(target, v, at, errs);
    }
    if (schema["type"].get(x) == simdjson::SUCCESS) {
      bool ok = false;
      if (x.is_string()) ok = is_type(v, x.get_string().value());
      else
        for (element t : items(x)) ok = ok || is_type(v, t.get_string().value());
      if (!ok) {
        errs.push_back(at + ": type is not " + simdjson::to_string(x));
        return;
      }
    }
    if (schema["const"].get(x) == simdjson::SUCCESS && !same(x, v)) errs.push_back(at + ": not the const");
    if (schema["enum"].get(x) == simdjson::SUCCESS) {
      bool ok = false;
      for (element e : items(x)) ok = ok || same(e, v);
      if (!ok) errs.push_back(at + ": not in the enum");
    }
    if (v.is_number()) {
      if (schema["minimum"].get(x) == simdjson::SUCCESS && as_number(v) < as_number(x)) errs.push_back(at + ": below minimum");
      if (schema["maximum"].get(x) == simdjson::SUCCESS && as_number(v) > as_number(x)) errs.push_back(at + ": above maximum");
    }
    if (v.is_string() && schema["pattern"].get(x) == simdjson::SUCCESS &&
        !std::regex_search(str(v), std::regex(str(x))))
      errs.push_back(at + ": does not match " + str(x));
    if (v.is_object()) {
      simdjson::dom::object obj = v.get_object().value();
      if (schema["required"].get(x) == simdjson::SUCCESS)
        for (element k : items(x))
          if (obj[k.get_string().value()].error()) errs.push_back(at + ": missing " + str(k));
      if (schema["properties"].get(x) == simdjson::SUCCESS)
        for (simdjson::dom::object props = x.get_object().value(); auto [key, sub] : props) {
          element field;
          if (obj[key].get(field) == simdjson::SUCCESS) check(sub, field, at + "." + std::string(key), errs);
        }
    }
    if (v.is_array() && schema["items"].get(x) == simdjson::SUCCESS) {
      std::size_t i = 0;
      for (element e : items(v)) check(x, e, at + "[" + std::to_string(i++) + "]", errs);
    }
    if (schema["oneOf"].get(x) == simdjson::SUCCESS && matching(x, v, at) != 1)
      errs.push_back(at + ": does not match exactly one of oneOf");
    if (schema["anyOf"].get(x) == simdjson::SUCCESS && matching(x, v, at) == 0)
      errs.push_back(at + ": matches none of anyOf");
  }

  // How many of the schemas in `alternatives` the value conforms to.
  int matching(element alternatives, element v, const std::string& at) const {
    int n = 0;
    for (element alt : items(alternatives)) {
      std::vector<std::string> e;
      check(alt, v, at, e);
      n += e.empty();
    }
    return n;
  }

  simdjson::dom::parser parser_;
  element root_;
};

// Parses every line of `jsonl`, checks it against the schema, and gives the records back as JSON text.
std::vector<std::string> records_of(const std::string& jsonl) {
  static schema_checker schema(source_root / "docs" / "capture-record.schema.json");
  simdjson::dom::parser p;
  std::vector<std::string> out;
  for (const std::string& line : lines_of(jsonl)) {
    element e;
    EXPECT_EQ(p.parse(line).get(e), simdjson::SUCCESS) << line;
    for (const std::string& err : schema.check(e)) ADD_FAILURE() << err << " in " << line;
    out.push_back(line);
  }
  return out;
}

// ------------------------------------------------------------ captures written here

const pw::addr4 ua = pw::v4(192, 0, 2, 10), proxy = pw::v4(192, 0, 2, 20);

std::string message(const std::string& method, int n, const std::string& padding = "") {
  return method + " sip:bob@example.com SIP/2.0\r\n"
                  "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-test-" + std::to_string(n) + "\r\n"
                  "Max-Forwards: 70\r\n"
                  "From: <sip:alice@example.com>;tag=a" + std::to_string(n) + "\r\n"
                  "To: <sip:bob@example.com>\r\n"
                  "Call-ID: call-" + std::to_string(n) + "@example.com\r\n"
                  "CSeq: " + std::to_string(n) + " " + method + "\r\n"
                  "Contact: <sip:alice@192.0.2.10>\r\n" + padding +
         "User-Agent: test-agent/1\r\n"
         "Content-Length: 0\r\n\r\n";
}

std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("sipspan_cli_capture_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Four messages: UDP over IPv4; TCP split across two segments; UDP over IPv6; UDP in four IPv4 fragments.
pw::file transports_capture(bool pcapng) {
  pw::file f(pcapng, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;  // 2026-01-01T00:00:00Z
  f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(5060, 5060, message("OPTIONS", 1)))), t);  // record 1
  pw::tcp_connection c;
  c.a = ua;
  c.b = proxy;
  c.a_port = 40000;
  c.b_port = 5060;
  for (auto& p : c.handshake()) f.add(pw::ethernet(p), t += 1000);  // records 2-4
  const std::string invite = message("INVITE", 2);
  f.add(pw::ethernet(c.send(0, std::string_view(invite).substr(0, 100))), t += 1000);  // record 5
  f.add(pw::ethernet(c.send(0, std::string_view(invite).substr(100))), t += 1000);     // record 6
  f.add(pw::ethernet(pw::ipv6(pw::v6(1), pw::v6(2), 17, pw::udp(5062, 5060, message("OPTIONS", 3)))),
        t += 1'000'000);  // record 7
  pw::bytes seg = pw::udp(5060, 5070, message("MESSAGE", 4, "Subject: " + std::string(600, 'x') + "\r\n"));
  pw::bytes whole = pw::ipv4(ua, proxy, 17, seg);
  seg.assign(whole.begin() + 20, whole.end());
  for (const pw::piece& p : pw::split(seg, 256))
    f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, p.data, 99, p.offset, p.more)), t += 1000);  // records 8-11
  return f;
}

std::string saved(const pw::file& f, const std::string& name) {
  std::string path = temp_path(name);
  EXPECT_TRUE(f.save(path));
  return path;
}

}  // namespace

// ---------------------------------------------------------------- sample.pcap

TEST(cli_capture, sample_score_jsonl_records) {
  run_result r = run("score --format jsonl " + sample);
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
  run_result r = run("lint --format jsonl " + sample);
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
  run_result s = run("score " + sample);
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
  run_result l = run("lint " + sample);
  EXPECT_EQ(l.status, 1);
  // two INVITEs with the seed's User-Agent "tstsip, version ..." (SS305) beside the mimicry one's ten
  EXPECT_NE(l.out.find("lint (strict): 14 findings: 14 errors"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("SS305 server-val-syntax (error): 2"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("SS014 header-name-whitespace (error): 2"), std::string::npos) << l.out;
}

TEST(cli_capture, one_thread_and_workers_write_the_same_records) {
  run_result a = run("score --format jsonl --threads 0 " + sample);
  run_result b = run("score --format jsonl --threads 3 " + sample);
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
  run_result r = run("score --format jsonl --threads 0 " + path);
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
    run_result s = run("score --threads " + th + " " + path);
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
  run_result r = run("score " + path);
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
  run_result r = run("score --report " + sipspan::testing::shell_quote(html) + " " + sample);
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
  run_result r = run("lint --report " + sipspan::testing::shell_quote(html) + " " + sample);
  EXPECT_EQ(r.status, 1) << r.err;
  std::string page = sipspan::testing::read_file(html);
  std::remove(html.c_str());
  EXPECT_NE(page.find("<mark title=\"SS014 header-name-whitespace (error)"), std::string::npos);
  EXPECT_NE(page.find("#17 (record 21)"), std::string::npos);
  EXPECT_EQ(page.find("<script src"), std::string::npos);
}

// ---------------------------------------------------------------- written captures

TEST(cli_capture, transports_addresses_and_records) {
  for (bool ng : {false, true}) {
    std::string path = saved(transports_capture(ng), ng ? "t.pcapng" : "t.pcap");
    run_result r = run("lint --format jsonl " + sipspan::testing::shell_quote(path));
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
    run_result t = run("score " + sipspan::testing::shell_quote(path = saved(transports_capture(ng), "t2")));
    std::remove(path.c_str());
    EXPECT_NE(t.out.find("4 SIP messages"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("requests: 4 (OPTIONS 2, INVITE 1, MESSAGE 1)"), std::string::npos) << t.out;
    EXPECT_NE(t.out.find("4 IP fragments (1 datagrams reassembled)"), std::string::npos) << t.out;
  }
}

TEST(cli_capture, capture_on_standard_input) {
  pw::file f = transports_capture(false);
  std::string bytes(f.data().begin(), f.data().end());
  run_result r = run("score --format jsonl --capture -", &bytes);
  EXPECT_EQ(r.status, 0) << r.err;
  std::vector<std::string> recs = records_of(r.out);
  ASSERT_EQ(recs.size(), 4u);
  simdjson::dom::parser p;
  EXPECT_EQ(str(p.parse(recs[0]).value()["file"]), "<stdin>");
  EXPECT_EQ(str(p.parse(recs[3]).value()["method"]), "MESSAGE");
}

TEST(cli_capture, standard_input_sniffed_without_the_flag) {
  // `-` as an INPUT: the first four bytes decide, and are not lost to either reader.
  for (bool pcapng : {false, true}) {
    SCOPED_TRACE(pcapng ? "pcapng" : "pcap");
    pw::file f = transports_capture(pcapng);
    std::string bytes(f.data().begin(), f.data().end());
    run_result flag = run("score --format jsonl --capture -", &bytes);
    run_result sniffed = run("score --format jsonl -", &bytes);
    EXPECT_EQ(sniffed.status, 0) << sniffed.err;
    EXPECT_EQ(sniffed.out, flag.out);
    ASSERT_EQ(records_of(sniffed.out).size(), 4u);
    run_result lint = run("lint -", &bytes);
    EXPECT_NE(lint.out.find("4 SIP messages"), std::string::npos) << lint.out << lint.err;
  }
  // A message on standard input is still a message, its first bytes included.
  std::string msg = sipspan::testing::read_file(sipspan::testing::corpus_dir() / "seed/seed-invite.sip");
  run_result m = run("score --format jsonl -", &msg);
  EXPECT_EQ(m.status, 0) << m.err;
  EXPECT_NE(m.out.find("\"file\":\"<stdin>\""), std::string::npos) << m.out;
  EXPECT_EQ(m.out.find("unparseable"), std::string::npos) << m.out;
  // Shorter than a magic number: read as a message (and cut short).
  std::string two = "IN";
  run_result t = run("score -", &two);
  EXPECT_EQ(t.status, 1);
  EXPECT_NE(t.out.find("offset 2"), std::string::npos) << t.out;
  // A capture cut inside its first record: the error names the record.
  const pw::file whole = transports_capture(false);
  std::string cut(whole.data().begin(), whole.data().begin() + 30);
  run_result c = run("score -", &cut);
  EXPECT_EQ(c.status, 2);
  EXPECT_NE(c.err.find("<stdin>: record 1"), std::string::npos) << c.err;
}

TEST(cli_capture, recognised_by_magic_whatever_the_name) {
  std::string path = saved(transports_capture(true), "capture.bin");
  run_result r = run("lint " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("4 SIP messages"), std::string::npos) << r.out;
}

TEST(cli_capture, truncated_capture_reports_what_came_before) {
  pw::file f = transports_capture(false);
  pw::bytes data = f.data();
  data.resize(data.size() - 40);  // the last fragment's record is cut short
  std::string path = temp_path("cut.pcap");
  {
    std::FILE* out = std::fopen(path.c_str(), "wb");
    std::fwrite(data.data(), 1, data.size(), out);
    std::fclose(out);
  }
  run_result r = run("score --format jsonl " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("record 11"), std::string::npos) << r.err;
  EXPECT_EQ(records_of(r.out).size(), 3u) << r.out;
  run_result t = run("lint " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(t.status, 2);
  EXPECT_NE(t.out.find("3 SIP messages"), std::string::npos) << t.out;
  EXPECT_NE(t.err.find("record 11"), std::string::npos) << t.err;
}

TEST(cli_capture, train_reads_captures) {
  run_result r = run("train -o - " + sample);
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.err.find("14 messages trained"), std::string::npos) << r.err;
}

TEST(cli_capture, schema_checker_rejects_what_the_schema_forbids) {
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

// A capture of nothing but messages whose start line is malformed (RFC 4475
// §3.1.2 and a PROTOS-style method), on ports that are not SIP's: each is a SIP
// message, linted (exit 1, the error the same bytes give in a file) and scored
// (an alert), none skipped as "not SIP".
TEST(cli_capture, malformed_start_lines_are_reported_not_skipped) {
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
  const run_result l = run("lint " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(l.status, 1) << l.out << l.err;
  EXPECT_NE(l.out.find(": 6 SIP messages"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("0 payloads skipped as not SIP"), std::string::npos) << l.out;
  for (const auto& [file, rule] : files) EXPECT_NE(l.out.find("  " + rule + " "), std::string::npos) << rule << "\n" << l.out;
  const run_result s = run("score " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(s.status, 1) << s.out << s.err;
  EXPECT_NE(s.out.find(": 6 SIP messages"), std::string::npos) << s.out;
  EXPECT_EQ(s.out.find("score: 0 alerts"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("ALERT"), std::string::npos) << s.out;
}

// --sip-port: a port whose payloads are SIP (besides 5060 and 5061), whatever
// they look like; without it, the same payload is skipped and counted.
TEST(cli_capture, sip_port_makes_any_payload_sip) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(ua, proxy, 17, pw::udp(40000, 5080, "\x01\x02 garbage\r\n"))), 1'767'225'600'000'000'000);
  const std::string path = saved(f, "sip_port.pcap");
  const run_result plain = run("lint " + sipspan::testing::shell_quote(path));
  EXPECT_EQ(plain.status, 0) << plain.out;
  EXPECT_NE(plain.out.find(": 0 SIP messages"), std::string::npos) << plain.out;
  EXPECT_NE(plain.out.find("1 payloads skipped as not SIP (no SIP start line 1)"), std::string::npos) << plain.out;
  const run_result given = run("lint --sip-port 5080 " + sipspan::testing::shell_quote(path));
  std::remove(path.c_str());
  EXPECT_EQ(given.status, 1) << given.out;
  EXPECT_NE(given.out.find(": 1 SIP messages"), std::string::npos) << given.out;
  EXPECT_NE(given.out.find("parse failures: 1"), std::string::npos) << given.out;
}
