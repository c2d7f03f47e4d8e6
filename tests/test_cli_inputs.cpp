// sipspan — end-to-end tests of the inputs every command shares (input.hpp):
// a directory is expanded once, with one policy, by dump, lint, score, train
// and evaluate; a capture found inside a directory is read as a capture, not
// as one message; `dump` picks one message of a capture with --index.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "sip_requests.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using sipspan::testing::lines_of;
using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

using sipspan::testing::run_in_corpus;

std::string message(const std::string& method, int n) {
  sipspan::testing::request_names r;
  // a REGISTER's Request-URI names the domain alone (RFC 3261 §10.2)
  if (method == "REGISTER") r.uri = "sip:example.com";
  r.name = r.call = "in";
  r.extra = "Contact: <sip:alice@192.0.2.10>\r\n";
  return sipspan::testing::numbered_request(method, n, r);
}

// Three UDP messages: OPTIONS, REGISTER, OPTIONS.
pw::file three_messages() {
  pw::file f(false, pw::lt_ethernet);
  const pw::addr4 a = pw::v4(192, 0, 2, 10), b = pw::v4(192, 0, 2, 20);
  std::int64_t t = 1'767'225'600'000'000'000;
  int n = 0;
  for (const char* m : {"OPTIONS", "REGISTER", "OPTIONS"})
    f.add(pw::ethernet(pw::ipv4(a, b, 17, pw::udp(5060, 5060, message(m, ++n)))), t += 1'000'000);
  return f;
}

// A directory with a message file, a capture named as one (.pcap) and a
// capture known only by its magic (.bin), and a side file left out.
struct mixed_dir {
  fs::path dir;
  mixed_dir() {
    dir = fs::temp_directory_path() / ("sipspan_inputs_" + std::to_string(::getpid()));
    fs::create_directories(dir / "sub");
    std::ofstream(dir / "a-message.sip", std::ios::binary) << message("INVITE", 9);
    EXPECT_TRUE(three_messages().save((dir / "b-capture.pcap").string()));
    EXPECT_TRUE(three_messages().save((dir / "sub" / "c-no-extension.bin").string()));
    std::ofstream(dir / "README.md") << "not a message\n";
  }
  ~mixed_dir() { fs::remove_all(dir); }
  std::string arg() const { return shell_quote(dir.string()); }
};

}  // namespace

TEST(cli_inputs, score_reads_a_capture_inside_a_directory_as_a_capture) {
  // corpus/captures/sipp: every .pcap scored as a capture; none is a message scoring 100.
  run_result dir = run_in_corpus("score --threads 0 --format jsonl captures/sipp");
  EXPECT_EQ(dir.err.find("unparseable"), std::string::npos) << dir.err;
  std::string one_by_one;
  std::vector<fs::path> pcaps;
  for (const auto& e : fs::directory_iterator(sipspan::testing::corpus_dir() / "captures/sipp"))
    if (e.path().extension() == ".pcap") pcaps.push_back(e.path());
  std::sort(pcaps.begin(), pcaps.end());
  ASSERT_GE(pcaps.size(), 10u);
  for (const fs::path& p : pcaps)
    one_by_one += run_in_corpus("score --threads 0 --format jsonl captures/sipp/" + p.filename().string()).out;
  EXPECT_EQ(dir.out, one_by_one);
  EXPECT_GT(lines_of(dir.out).size(), 3 * pcaps.size());
  EXPECT_EQ(dir.out.find("\"score\":100"), std::string::npos);
}

TEST(cli_inputs, one_policy_for_lint_score_and_train) {
  mixed_dir d;
  // score: the message file as a message, both captures as captures, README.md left out
  run_result s = run_in_corpus("score --threads 0 --format jsonl " + d.arg());
  EXPECT_EQ(s.status, 0) << s.err << s.out;
  std::vector<std::string> recs = lines_of(s.out);
  ASSERT_EQ(recs.size(), 7u) << s.out;  // 3 + 3 from the captures, then the message file
  EXPECT_NE(recs[0].find("b-capture.pcap\",\"capture_record\":1"), std::string::npos) << recs[0];
  EXPECT_NE(recs[3].find("c-no-extension.bin\",\"capture_record\":1"), std::string::npos) << recs[3];
  EXPECT_NE(recs[6].find("a-message.sip\""), std::string::npos) << recs[6];
  EXPECT_EQ(s.out.find("README"), std::string::npos);
  // lint: the same split
  run_result l = run_in_corpus("lint " + d.arg());
  EXPECT_EQ(l.status, 0) << l.err << l.out;
  EXPECT_NE(l.out.find("3 SIP messages"), std::string::npos) << l.out;
  EXPECT_NE(l.out.find("a-message.sip: no findings"), std::string::npos) << l.out;
  EXPECT_EQ(l.out.find("README"), std::string::npos) << l.out;
  // train: the directory gives 7 messages, as the captures and the file named one by one do
  run_result t = run_in_corpus("train -o - " + d.arg());
  // (named in the directory's order; the captures known by name and by magic)
  run_result named = run_in_corpus("train -o - " + shell_quote((d.dir / "a-message.sip").string()) + " " +
                         shell_quote((d.dir / "b-capture.pcap").string()) + " " +
                         shell_quote((d.dir / "sub/c-no-extension.bin").string()));
  EXPECT_EQ(t.status, 0) << t.err;
  std::smatch m;
  ASSERT_TRUE(std::regex_search(t.err, m, std::regex("(\\d+) messages trained, (\\d+) calibrated"))) << t.err;
  EXPECT_EQ(std::stoi(m[1]) + std::stoi(m[2]), 7) << t.err;
  EXPECT_FALSE(t.out.empty());
  EXPECT_EQ(t.out, named.out);
}

TEST(cli_inputs, evaluate_reads_a_capture_as_its_messages) {
  // the benign set from a capture, alone or found in a directory: its messages, not one file
  mixed_dir d;
  run_result e = run_in_corpus("evaluate --benign " + shell_quote((d.dir / "b-capture.pcap").string()) + " --attack mimicry");
  EXPECT_EQ(e.status, 0) << e.err;
  EXPECT_NE(e.out.find(": 3 messages, train 1, calibrate 1, test 1"), std::string::npos) << e.out;
  run_result all = run_in_corpus("evaluate --benign " + d.arg() + " --attack mimicry");
  EXPECT_EQ(all.status, 0) << all.err;
  EXPECT_NE(all.out.find(": 7 messages, train 4, calibrate 1, test 2"), std::string::npos) << all.out;
}

TEST(cli_inputs, dump_index_picks_one_message_of_a_capture) {
  mixed_dir d;
  const std::string cap = shell_quote((d.dir / "b-capture.pcap").string());
  run_result one = run_in_corpus("dump --index 1 " + cap);
  EXPECT_EQ(one.status, 0) << one.err;
  // the same parse as the message in a file, with where it lies in the capture
  const fs::path file = d.dir / "register.sip";
  std::ofstream(file, std::ios::binary) << message("REGISTER", 2);
  run_result f = run_in_corpus("dump " + shell_quote(file.string()));
  auto body = [](const std::string& s) { return s.substr(s.find("\"mode\"")); };
  EXPECT_EQ(body(one.out), body(f.out));
  EXPECT_NE(one.out.find("\"capture_record\": 2"), std::string::npos) << one.out;
  EXPECT_NE(one.out.find("\"message_index\": 1"), std::string::npos) << one.out;
  run_result spans = run_in_corpus("dump --format spans --index 1 " + cap);
  EXPECT_EQ(spans.out, run_in_corpus("dump --format spans " + shell_quote(file.string())).out);
  // past the end: how many there are
  run_result past = run_in_corpus("dump --index 3 " + cap);
  EXPECT_EQ(past.status, 2);
  EXPECT_NE(past.err.find("--index 3: the capture holds 3 SIP messages; --index takes 0 to 2"), std::string::npos)
      << past.err;
  // spans of a whole capture: says how to pick one
  run_result how = run_in_corpus("dump --format spans " + cap);
  EXPECT_EQ(how.status, 2);
  EXPECT_NE(how.err.find("--index N picks message N"), std::string::npos) << how.err;
  // --index on a message file, and a directory: refused with the reason
  run_result notcap = run_in_corpus("dump --index 0 " + shell_quote(file.string()));
  EXPECT_EQ(notcap.status, 2);
  EXPECT_NE(notcap.err.find("holds one message, not a capture"), std::string::npos) << notcap.err;
  run_result dir = run_in_corpus("dump " + d.arg());
  EXPECT_EQ(dir.status, 2);
  EXPECT_NE(dir.err.find("is a directory: dump shows one message file or one capture (4 inputs found under it)"),
            std::string::npos)
      << dir.err;
  // on standard input, sniffed
  pw::file f3 = three_messages();
  std::string bytes(f3.data().begin(), f3.data().end());
  run_result in = run_in_corpus("dump --compact --index 2 -", &bytes);
  EXPECT_EQ(in.status, 0) << in.err;
  EXPECT_NE(in.out.find("\"file\":\"<stdin>\",\"capture_record\":3,\"message_index\":2"), std::string::npos) << in.out;
}

TEST(cli_inputs, standard_input_is_named_alike_by_every_command) {
  const std::string msg = message("OPTIONS", 1);
  EXPECT_NE(run_in_corpus("score --format jsonl -", &msg).out.find("\"file\":\"<stdin>\""), std::string::npos);
  EXPECT_NE(run_in_corpus("lint -", &msg).out.find("<stdin>: no findings"), std::string::npos);
  EXPECT_NE(run_in_corpus("dump -", &msg).out.find("\"file\": \"<stdin>\""), std::string::npos);
}
