// sipspan tests — a message reads the same in a capture as in a file: every
// message file of corpus/torture, corpus/rfc3261 and corpus/seed (valid and
// invalid), put in a UDP datagram and in a TCP connection (written with
// testkit/pcap_writer.hpp), gives the same lint findings (rule, severity, byte)
// and the same score as the file, through the capture reader as the CLI uses
// it (the reader's parse carried to the validator when it made one).
#include <unistd.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "sipspan/capture.hpp"
#include "testkit/pcap_writer.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"
#include "test_util.hpp"

namespace pw = sipspan::pcap_writer;
namespace cap = sipspan::capture;
namespace fs = std::filesystem;
using sipspan::testing::corpus_dir;
using sipspan::testing::read_file;

namespace {

// A finding with its byte counted from the start of the file's bytes.
using placed = std::tuple<sipspan::rule_id, sipspan::severity, std::uint64_t>;

struct verdict {
  std::vector<placed> findings;  // sorted
  double score = 0;              // the highest of the messages
  std::size_t messages = 0;
};

const sipspan::score_profile& profile() {
  static const sipspan::score_profile p = [] {
    sipspan::score_profile q;
    sipspan::profile_error err;
    const std::string json = read_file(corpus_dir() / "profile" / "default.json");
    EXPECT_TRUE(sipspan::load_profile_json(json, q, err)) << err.message;
    return q;
  }();
  return p;
}

// Lints and scores one message as the CLI does (capture_input.cpp's analyzer):
// with the parse the reader made, when it made one, else parsing the bytes.
void judge(std::string_view text, const sipspan::message_view* carried, std::uint64_t base, verdict& v) {
  static std::array<sipspan::finding, 256> storage;
  sipspan::message_view scratch, copy;
  const sipspan::message_view* msg = nullptr;
  if (carried) {
    copy = *carried;
    if (copy.rebase(text)) msg = &copy;
  }
  sipspan::lint_summary ls = msg ? sipspan::lint(*msg, storage) : sipspan::lint(text, scratch, storage);
  for (std::size_t i = 0; i < ls.stored; ++i)
    v.findings.emplace_back(storage[i].rule, storage[i].level, base + storage[i].offset);
  sipspan::result parsed;
  if (!msg) {
    parsed = sipspan::parse(text, scratch);
    msg = &scratch;
  }
  const double s = parsed ? sipspan::score(*msg, profile()).score : sipspan::unparseable_result(parsed, text).score;
  v.score = std::max(v.score, s);
  ++v.messages;
}

verdict of_file(const std::string& bytes) {
  verdict v;
  judge(bytes, nullptr, 0, v);
  std::sort(v.findings.begin(), v.findings.end());
  return v;
}

// Every message the reader finds in the capture, placed in `bytes` (they come
// in order, each a run of those bytes).
verdict of_capture(const pw::file& f, const std::string& bytes, const std::string& name) {
  const std::string path =
      (fs::temp_directory_path() / ("sipspan_parity_" + std::to_string(::getpid()) + "_" + name)).string();
  EXPECT_TRUE(f.save(path));
  verdict v;
  cap::reader r;
  cap::capture_error err;
  EXPECT_TRUE(r.open(path, err)) << err.message;
  cap::sip_message m;
  std::size_t cursor = 0;
  while (r.next(m)) {
    const std::size_t at = bytes.find(m.bytes, cursor);
    EXPECT_NE(at, std::string::npos) << "a message that is not a run of the file's bytes";
    if (at == std::string::npos) break;
    judge(m.bytes, m.parsed, at, v);
    cursor = at + m.bytes.size();
  }
  EXPECT_EQ(r.error(), nullptr);
  fs::remove(path);
  std::sort(v.findings.begin(), v.findings.end());
  return v;
}

const pw::addr4 a4 = pw::v4(192, 0, 2, 1), b4 = pw::v4(192, 0, 2, 2);

verdict in_datagram(const std::string& bytes) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(a4, b4, 17, pw::udp(5060, 5060, bytes))), 1'000'000'000);
  return of_capture(f, bytes, "udp.pcap");
}

// A connection: handshake, the bytes in two segments, FIN.
verdict in_connection(const std::string& bytes) {
  pw::tcp_connection c;
  c.a = a4;
  c.b = b4;
  c.a_port = 40000;
  c.b_port = 5060;
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'000'000'000;
  for (const pw::bytes& p : c.handshake()) f.add(pw::ethernet(p), t++);
  const std::string_view b = bytes;
  f.add(pw::ethernet(c.send(0, b.substr(0, b.size() / 2))), t++);
  f.add(pw::ethernet(c.send(0, b.substr(b.size() / 2), pw::psh | pw::ack | pw::fin)), t++);
  return of_capture(f, bytes, "tcp.pcap");
}

std::vector<fs::path> message_files() {
  std::vector<fs::path> out;
  for (const char* dir : {"torture", "rfc3261", "seed"})
    for (const auto& e : fs::recursive_directory_iterator(corpus_dir() / dir))
      if (e.is_regular_file() && e.path().extension() == ".sip") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

std::string describe(const verdict& v) {
  std::string s = "score " + std::to_string(v.score) + ", findings:";
  for (const auto& [rule, level, at] : v.findings)
    s += " " + std::string(sipspan::rule(rule).code) + "/" + std::string(sipspan::severity_name(level)) + "@" +
         std::to_string(at);
  return s;
}

// On a stream, Content-Length frames a message (RFC 3261 §18.3) and CRLFs
// before a start line are keepalives (RFC 5626 §4.4.1): a file whose length
// leaves bytes after the body, or that opens with CRLFs, is framed otherwise
// on TCP than in a file, by design. Told by the file's own parse.
bool framed_otherwise_on_a_stream(const std::string& bytes) {
  sipspan::message_view v;
  if (!sipspan::parse(bytes, v)) return false;
  for (const sipspan::deviation& d : v.deviations())
    if (d.kind == sipspan::deviation_kind::bytes_after_body || d.kind == sipspan::deviation_kind::leading_crlf)
      return true;
  return false;
}

TEST(CaptureParity, EveryCorpusMessageInADatagramReadsAsTheFile) {
  const std::vector<fs::path> files = message_files();
  ASSERT_GT(files.size(), 80u);
  for (const fs::path& p : files) {
    SCOPED_TRACE(p.string());
    const std::string bytes = read_file(p);
    const verdict want = of_file(bytes), got = in_datagram(bytes);
    EXPECT_GE(got.messages, 1u) << "skipped";
    EXPECT_EQ(describe(got), describe(want));
  }
}

TEST(CaptureParity, EveryCorpusMessageOnAConnectionReadsAsTheFile) {
  std::size_t compared = 0;
  for (const fs::path& p : message_files()) {
    SCOPED_TRACE(p.string());
    const std::string bytes = read_file(p);
    const verdict got = in_connection(bytes);
    EXPECT_GE(got.messages, 1u) << "skipped";
    if (framed_otherwise_on_a_stream(bytes)) continue;
    const verdict want = of_file(bytes);
    EXPECT_EQ(describe(got), describe(want));
    ++compared;
  }
  EXPECT_GT(compared, 70u);
}

}  // namespace
