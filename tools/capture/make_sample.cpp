// make_sample — writes corpus/captures/sample.pcap: a few calls over UDP and TCP,
// a REGISTER challenged with 401, and the two seed INVITEs, built with the
// project's capture writer (testkit/pcap_writer.hpp).
//
//   make_sample <corpus dir> <output .pcap> [MB]
//
// With MB, the same exchange is written again and again (each round from another
// user agent address and TCP port, later in time) until the file holds about MB
// megabytes: the capture the throughput figures in bench/HISTORY.md are measured on.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "testkit/pcap_writer.hpp"

namespace pw = sipspan::pcap_writer;

namespace {

std::string load(const std::string& dir, const std::string& rel) {
  std::ifstream f(dir + "/" + rel, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: make_sample <corpus dir> <output.pcap> [MB]\n");
    return 2;
  }
  const std::string corpus = argv[1];
  const char* names[] = {"bench/01-invite-sdp.sip", "bench/04-180-ringing.sip", "bench/03-200-ok-invite-sdp.sip",
                         "bench/05-ack.sip",        "bench/06-bye.sip",         "bench/02-register-digest.sip",
                         "bench/08-401-unauthorized.sip", "seed/seed-invite.sip", "seed/seed-mimicry.sip"};
  std::string m[9];
  for (int i = 0; i < 9; ++i) {
    m[i] = load(corpus, names[i]);
    if (m[i].empty()) {
      std::fprintf(stderr, "make_sample: cannot read %s/%s\n", corpus.c_str(), names[i]);
      return 1;
    }
  }
  const std::string& invite = m[0]; const std::string& ringing = m[1]; const std::string& ok = m[2];
  const std::string& ack = m[3]; const std::string& bye = m[4];
  const std::string trying =
      "SIP/2.0 100 Trying\r\nVia: SIP/2.0/UDP 198.51.100.23:5060;branch=z9hG4bK.sample1\r\n"
      "From: <sip:alice@pbx.example.net>;tag=sample\r\nTo: <sip:bob@pbx.example.net>\r\n"
      "Call-ID: sample-call-1\r\nCSeq: 20 INVITE\r\nContent-Length: 0\r\n\r\n";
  // BYE's 200 OK: a copy of the 100 Trying's shape
  const std::string bye_ok =
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.23:5060;branch=z9hG4bK.sample2\r\n"
      "From: <sip:alice@pbx.example.net>;tag=sample\r\nTo: <sip:bob@pbx.example.net>;tag=peer\r\n"
      "Call-ID: sample-call-1\r\nCSeq: 21 BYE\r\nContent-Length: 0\r\n\r\n";

  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;  // 2026-01-01 00:00:00 UTC
  auto at = [&t](std::int64_t ms) { return t += ms * 1'000'000; };
  const pw::addr4 pbx = pw::v4(203, 0, 113, 10);
  const std::size_t target = argc == 4 ? static_cast<std::size_t>(std::atol(argv[3])) << 20 : 0;
  for (std::size_t round = 0; round == 0 || f.data().size() < target; ++round) {
    const pw::addr4 ua = pw::v4(198, 51, static_cast<std::uint8_t>(100 + round / 200 % 50),
                                static_cast<std::uint8_t>(23 + round % 200));
    auto udp = [&](bool up, const std::string& msg, std::int64_t ms) {
      f.add(pw::ethernet(pw::ipv4(up ? ua : pbx, up ? pbx : ua, 17, pw::udp(5060, 5060, msg))), at(ms));
    };
    // a call over UDP
    struct step {
      int dir;  // 0: user agent to PBX, 1: back
      const std::string* msg;
      std::int64_t ms;  // after the step before
    };
    const step udp_call[] = {{0, &invite, 0}, {1, &trying, 20}, {1, &ringing, 300}, {1, &ok, 2500},
                             {0, &ack, 30},   {0, &bye, 9000},  {1, &bye_ok, 25}};
    for (const step& s : udp_call) udp(s.dir == 0, *s.msg, s.ms);
    // a REGISTER challenged with 401, over UDP
    udp(true, m[5], 1000);
    udp(false, m[6], 15);
    // the same call over TCP, the INVITE split across two segments
    pw::tcp_connection c;
    c.a = ua;
    c.b = pbx;
    c.a_port = static_cast<std::uint16_t>(49152 + round % 16000);
    c.b_port = 5060;
    for (auto& p : c.handshake()) f.add(pw::ethernet(p), at(1));
    f.add(pw::ethernet(c.send(0, std::string_view(invite).substr(0, 600))), at(1000));
    f.add(pw::ethernet(c.send(0, std::string_view(invite).substr(600))), at(1));
    f.add(pw::ethernet(c.send(1, trying + ringing)), at(200));
    const step tcp_call[] = {{1, &ok, 2000}, {0, &ack, 30}, {0, &bye, 5000}, {1, &bye_ok, 20}};
    for (const step& s : tcp_call) f.add(pw::ethernet(c.send(s.dir, *s.msg)), at(s.ms));
    // the two seed INVITEs, over UDP
    udp(true, m[7], 3000);
    udp(true, m[8], 3000);
  }
  if (!f.save(argv[2])) {
    std::fprintf(stderr, "make_sample: cannot write %s\n", argv[2]);
    return 1;
  }
  std::printf("make_sample: %zu records, %zu bytes -> %s\n", f.records(), f.data().size(), argv[2]);
  return 0;
}
