// sipspan tests — capture ingestion: damaged files, standard input, and a classic
// pcap read by path (mapped) and as a stream, alike.
#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "capture_read.hpp"

using namespace sipspan::testing::capture_read;

// -------------------------------------------------------- damaged files ---

TEST(Capture, TruncatedFileGivesTheRecordAndWhatCameBefore) {
  for (bool ng : {false, true}) {
    pw::file f(ng, pw::lt_ethernet);
    f.add(pw::ethernet(udp4(invite())), 1);
    f.add(pw::ethernet(udp4(bye())), 2);
    f.add(pw::ethernet(udp4(ringing())), 3);
    pw::bytes cut = f.data();
    cut.resize(cut.size() - 100);  // mid-record 3
    outcome o = read_bytes(cut);
    ASSERT_TRUE(o.failed) << "pcapng " << ng;
    EXPECT_EQ(o.error.record, 3u) << o.error.message;
    EXPECT_FALSE(o.error.message.empty());
    ASSERT_EQ(o.messages.size(), 2u);
    EXPECT_EQ(o.messages[1].bytes, bye());
  }
}

TEST(Capture, TruncatedFileStillDeliversHeldTcpData) {
  pw::tcp_connection c = conn();
  const std::string& m = invite();
  pw::file f(false, pw::lt_raw);
  for (auto& p : c.handshake()) f.add(p, 0);
  std::uint32_t s0 = c.seq[0];
  f.add(c.send_at(0, s0 + 10, std::string_view(m).substr(10)), 1);  // the first 10 bytes are lost
  f.add(udp4(bye()), 2);
  pw::bytes cut = f.data();
  cut.resize(cut.size() - 5);
  outcome o = read_bytes(cut);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.error.record, 5u);
  EXPECT_TRUE(o.messages.empty());  // the held bytes have no start line
  EXPECT_EQ(o.stats.tcp_gaps, 1u);
}

TEST(Capture, CorruptHeaderIsRecordZero) {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(udp4(invite())), 1);
  pw::bytes bad = f.data();
  bad[0] = 'X';
  outcome o = read_bytes(bad);
  ASSERT_TRUE(o.failed);
  EXPECT_EQ(o.error.record, 0u);
  EXPECT_FALSE(o.error.message.empty());
  EXPECT_TRUE(o.messages.empty());
}

TEST(Capture, MissingFileIsRecordZero) {
  cap::reader r;
  cap::capture_error err;
  EXPECT_FALSE(r.open(temp_path("does-not-exist.pcap"), err));
  EXPECT_EQ(err.record, 0u);
  ASSERT_NE(r.error(), nullptr);
}

TEST(Capture, SnapshotLengthCutsAreCounted) {
  pw::file f(false, pw::lt_raw);
  pw::bytes p = udp4(invite());
  std::uint32_t len = static_cast<std::uint32_t>(p.size());
  p.resize(200);
  f.add(p, 1, len);
  outcome o = read_file(f);
  EXPECT_EQ(o.stats.truncated_records, 1u);
  ASSERT_EQ(o.messages.size(), 1u);  // what was captured, for the validator to judge
  EXPECT_EQ(o.messages[0].bytes, invite().substr(0, 200 - 28));
}

TEST(Capture, ReadsStdin) {
  pw::file f(true, pw::lt_raw);
  f.add(udp4(invite()), 1);
  std::string path = temp_path("stdin");
  ASSERT_TRUE(f.save(path));
  ASSERT_NE(std::freopen(path.c_str(), "rb", stdin), nullptr);
  cap::reader r;
  cap::capture_error err;
  ASSERT_TRUE(r.open("-", err)) << err.message;
  cap::sip_message m;
  ASSERT_TRUE(r.next(m));
  EXPECT_EQ(m.bytes, invite());
  EXPECT_FALSE(r.next(m));
  EXPECT_EQ(r.error(), nullptr);
  EXPECT_EQ(r.file_size(), 0u);
  std::filesystem::remove(path);
}

// Damaged headers at every layer: nothing is read outside a record, and the SIP
// messages around them still come out.
TEST(Capture, GarbageRecordsAreSkipped) {
  std::uint32_t state = 12345;
  auto rnd = [&state] { return state = state * 1103515245u + 12345u, static_cast<std::uint8_t>(state >> 16); };
  pw::tcp_connection c = conn();
  std::vector<pw::bytes> good = {udp4(invite()), pw::ipv4(a4, b4, 47, pw::erspan3(pw::ethernet(udp4(bye())), true)),
                                 c.send(0, ringing()), pw::ipv4(a4, b4, 132, pw::sctp_data(1, 2, 1, 0, 0, 3, bye()))};
  for (std::uint32_t lt : {pw::lt_ethernet, pw::lt_sll, pw::lt_sll2, pw::lt_raw, pw::lt_null}) {
    pw::file f(false, lt);
    std::size_t expected = 0;
    for (int i = 0; i < 400; ++i) {
      pw::bytes frame = pw::link(lt, good[static_cast<std::size_t>(i) % good.size()]);
      if (i % 2 == 0) {
        ++expected;
      } else {  // a damaged copy: bytes flipped and cut anywhere
        for (int k = 0; k < 6; ++k) frame[rnd() % std::min<std::size_t>(frame.size(), 80)] = rnd();
        frame.resize(rnd() % frame.size() + 1);
      }
      f.add(frame, i + 1);
    }
    outcome o = read_file(f);
    EXPECT_FALSE(o.failed) << o.error.message;
    EXPECT_GE(o.messages.size(), expected / 2) << "link type " << lt;  // the TCP flow may be thrown off
    EXPECT_EQ(o.stats.records, 400u);
  }
}

// ------------------------------------------- pcap by path and by stream ---

namespace {

std::uint32_t get_le32(const pw::bytes& b, std::size_t at) {
  return std::uint32_t{b[at]} | std::uint32_t{b[at + 1]} << 8 | std::uint32_t{b[at + 2]} << 16 |
         std::uint32_t{b[at + 3]} << 24;
}
void set_le32(pw::bytes& b, std::size_t at, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) b[at + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v >> (8 * i));
}

// The offsets of the record headers of a classic pcap file as pw::file writes
// it (little-endian): 16 bytes (ts_sec, ts_frac, caplen, len), then caplen bytes.
std::vector<std::size_t> record_offsets(const pw::bytes& d) {
  std::vector<std::size_t> at;
  for (std::size_t i = 24; i + 16 <= d.size(); i += 16 + get_le32(d, i + 8)) at.push_back(i);
  return at;
}

// The file with microsecond timestamps (magic 0xa1b2c3d4, fractions / 1000).
pw::bytes to_microseconds(pw::bytes d) {
  set_le32(d, 0, 0xa1b2c3d4);
  for (std::size_t at : record_offsets(d)) set_le32(d, at + 4, get_le32(d, at + 4) / 1000);
  return d;
}

// The file in the other byte order: every field of the file and record headers swapped.
pw::bytes to_big_endian(pw::bytes d) {
  const std::vector<std::size_t> records = record_offsets(d);
  auto swap = [&d](std::size_t at, std::size_t n) {
    std::reverse(d.begin() + static_cast<std::ptrdiff_t>(at), d.begin() + static_cast<std::ptrdiff_t>(at + n));
  };
  swap(0, 4);  // magic
  swap(4, 2);  // version_major
  swap(6, 2);  // version_minor
  for (std::size_t at = 8; at < 24; at += 4) swap(at, 4);  // thiszone, sigfigs, snaplen, linktype
  for (std::size_t at : records)
    for (std::size_t k = 0; k < 16; k += 4) swap(at + k, 4);
  return d;
}

// Read by path (from a map of the file) and through a stream (libpcap alone,
// never mapped), the same messages, timestamps, positions, stats and error.
// `positions`: compare bytes_read() too (libpcap does not say where it left a
// record whose caplen it cut to the snapshot length). Returns the outcome by path.
outcome expect_same_both_ways(const pw::bytes& data, bool positions = true) {
  outcome by_path = read_bytes(data);
  outcome streamed = read_bytes(data, {}, true);
  if (!positions) {
    for (got& m : by_path.messages) m.bytes_read = 0;
    for (got& m : streamed.messages) m.bytes_read = 0;
  }
  EXPECT_TRUE(by_path.messages == streamed.messages);
  EXPECT_EQ(by_path.failed, streamed.failed);
  EXPECT_EQ(by_path.error.record, streamed.error.record);
  EXPECT_EQ(by_path.error.message, streamed.error.message);
  EXPECT_EQ(by_path.stats.records, streamed.stats.records);
  EXPECT_EQ(by_path.stats.bytes, streamed.stats.bytes);
  EXPECT_EQ(by_path.stats.messages, streamed.stats.messages);
  EXPECT_EQ(by_path.stats.truncated_records, streamed.stats.truncated_records);
  EXPECT_EQ(by_path.stats.malformed, streamed.stats.malformed);
  EXPECT_EQ(by_path.stats.non_sip, streamed.stats.non_sip);
  EXPECT_EQ(streamed.mapped, std::vector<bool>(streamed.messages.size(), false));
  return by_path;
}

// Two SIP messages, a record cut by the snapshot length, a timestamp past 2038
// (ts_sec above INT32_MAX) and a third message.
pw::bytes classic_sample() {
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(udp4(invite())), 1'700'000'000'123'456'789);
  f.add(pw::ethernet(udp4(bye())), 1'700'000'001'000'000'999);
  pw::bytes cut = pw::ethernet(udp4(ringing()));
  const auto len = static_cast<std::uint32_t>(cut.size());
  cut.resize(300);
  f.add(cut, 1'700'000'002'500'000'000, len);
  f.add(pw::ethernet(udp4(invite())), 3'000'000'000'000'000'001);
  return f.data();
}

}  // namespace

TEST(Capture, PcapByPathReadsAsThroughAStream) {
  for (bool micro : {false, true}) {
    for (bool big : {false, true}) {
      SCOPED_TRACE(std::string(micro ? "microseconds" : "nanoseconds") + (big ? ", big-endian" : ", little-endian"));
      pw::bytes d = classic_sample();
      if (micro) d = to_microseconds(d);
      if (big) d = to_big_endian(d);
      outcome o = expect_same_both_ways(d);
      ASSERT_FALSE(o.failed) << o.error.message;
      ASSERT_EQ(o.messages.size(), 4u);
      EXPECT_EQ(o.messages[0].ts_ns, micro ? 1'700'000'000'123'456'000 : 1'700'000'000'123'456'789);
      EXPECT_EQ(o.messages[1].ts_ns, micro ? 1'700'000'001'000'000'000 : 1'700'000'001'000'000'999);
      EXPECT_EQ(o.messages[2].record, 3u);
      EXPECT_EQ(o.messages[2].bytes, ringing().substr(0, 300 - 14 - 28));
      EXPECT_EQ(o.messages[3].record, 4u);
      EXPECT_EQ(o.messages[0].bytes_read, 24 + 16 + pw::ethernet(udp4(invite())).size());
      EXPECT_EQ(o.messages[3].bytes_read, d.size());
      EXPECT_EQ(o.stats.records, 4u);
      EXPECT_EQ(o.stats.truncated_records, 1u);
      EXPECT_EQ(o.mapped, (std::vector<bool>{true, true, true, false}));  // libpcap reads the record past 2038
    }
  }
}

TEST(Capture, PcapCutInARecordByPathReadsAsThroughAStream) {
  for (bool big : {false, true}) {
    const pw::bytes whole = big ? to_big_endian(classic_sample()) : classic_sample();
    const std::size_t third = record_offsets(classic_sample())[2];
    for (std::size_t cut : {third + 7, third + 16 + 20}) {  // in the record header, in the data
      SCOPED_TRACE("cut at " + std::to_string(cut) + (big ? ", big-endian" : ""));
      pw::bytes d(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(cut));
      outcome o = expect_same_both_ways(d);
      ASSERT_TRUE(o.failed);
      EXPECT_EQ(o.error.record, 3u);
      EXPECT_NE(o.error.message.find("truncated"), std::string::npos) << o.error.message;
      ASSERT_EQ(o.messages.size(), 2u);
      EXPECT_EQ(o.messages[1].bytes, bye());
      EXPECT_EQ(o.stats.records, 2u);
      EXPECT_EQ(o.mapped, (std::vector<bool>{true, true}));
    }
  }
}

// Records out of the ordinary, and the records after them: the map leaves them
// to libpcap, which reads on to the end.
TEST(Capture, PcapOddRecordsByPathReadAsThroughAStream) {
  const pw::bytes sample = classic_sample();
  const std::vector<std::size_t> at = record_offsets(sample);
  {
    SCOPED_TRACE("caplen above the snapshot length");
    pw::file f(false, pw::lt_ethernet, 200);
    f.add(pw::ethernet(udp4(invite())), 1);
    f.add(pw::ethernet(udp4(bye())), 2);
    outcome o = expect_same_both_ways(f.data(), false);
    EXPECT_FALSE(o.failed) << o.error.message;
    EXPECT_EQ(o.stats.records, 2u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{false, false}));
  }
  {
    SCOPED_TRACE("caplen above len");
    pw::bytes d = sample;
    set_le32(d, at[1] + 12, get_le32(d, at[1] + 8) - 10);
    outcome o = expect_same_both_ways(d);
    EXPECT_EQ(o.messages.size(), 4u);
    EXPECT_EQ(o.stats.records, 4u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, false, false, false}));
  }
  {
    SCOPED_TRACE("fraction of a second out of range");
    pw::bytes d = sample;
    set_le32(d, at[1] + 4, 1'500'000'000);
    outcome o = expect_same_both_ways(d);
    EXPECT_EQ(o.messages.size(), 4u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, false, false, false}));
  }
  {
    SCOPED_TRACE("caplen above 262144");
    pw::bytes d = sample;
    set_le32(d, at[2] + 8, 300'000);
    set_le32(d, at[2] + 12, 300'000);
    d.resize(d.size() + 300'000);
    outcome o = expect_same_both_ways(d);
    ASSERT_TRUE(o.failed);
    EXPECT_EQ(o.error.record, 3u) << o.error.message;
    EXPECT_EQ(o.messages.size(), 2u);
    EXPECT_EQ(o.mapped, (std::vector<bool>{true, true}));
  }
}

// ---------------------------------------------------------------- sample ---

TEST(Capture, BundledSample) {
  cap::reader r;
  cap::capture_error err;
  ASSERT_TRUE(r.open((sipspan::testing::corpus_dir() / "captures" / "sample.pcap").string(), err)) << err.message;
  cap::sip_message m;
  std::size_t n = 0, tcp = 0;
  while (r.next(m)) {
    ++n;
    tcp += m.proto == cap::transport::tcp;
  }
  EXPECT_EQ(r.error(), nullptr);
  EXPECT_EQ(n, 18u);
  EXPECT_EQ(tcp, 7u);
}
