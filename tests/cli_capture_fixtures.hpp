// sipspan tests — what the end-to-end capture tests share: the JSON Lines
// records of a run, each checked against docs/capture-record.schema.json, and
// captures written with testkit/pcap_writer.hpp (a message numbered n; four
// messages over UDP, TCP split across segments, IPv6 and IPv4 fragments).
#pragma once

#include <gtest/gtest.h>
#include <simdjson.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "cli_run.hpp"
#include "json_schema_check.hpp"
#include "sip_requests.hpp"
#include "testkit/pcap_writer.hpp"

namespace sipspan::testing::cli_capture {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;

// Parses every line of `jsonl`, checks it against the schema, and gives the records back as JSON text.
inline std::vector<std::string> records_of(const std::string& jsonl) {
  static schema_checker schema(fs::path(SIPSPAN_SOURCE_ROOT) / "docs" / "capture-record.schema.json");
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

inline const pw::addr4 ua = pw::v4(192, 0, 2, 10), proxy = pw::v4(192, 0, 2, 20);

// A request numbered n from the user agent, `padding` (header lines) among its headers.
inline std::string message(const std::string& method, int n, const std::string& padding = "") {
  request_names r;
  r.extra = "Contact: <sip:alice@192.0.2.10>\r\n" + padding + "User-Agent: test-agent/1\r\n";
  return numbered_request(method, n, r);
}

inline std::string temp_path(const std::string& name) {
  return (fs::temp_directory_path() / ("sipspan_cli_capture_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Four messages: UDP over IPv4; TCP split across two segments; UDP over IPv6; UDP in four IPv4 fragments.
inline pw::file transports_capture(bool pcapng) {
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

inline std::string saved(const pw::file& f, const std::string& name) {
  std::string path = temp_path(name);
  EXPECT_TRUE(f.save(path));
  return path;
}

}  // namespace sipspan::testing::cli_capture
