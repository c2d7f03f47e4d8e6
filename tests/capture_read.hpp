// sipspan tests — capture ingestion: what the capture tests share: a capture
// written by testkit/pcap_writer.hpp to a file and read back with capture::reader
// (by path or as a stream), the messages it carries, and addresses.
#pragma once

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sipspan/capture.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"

namespace pw = sipspan::pcap_writer;
namespace cap = sipspan::capture;

namespace sipspan::testing::capture_read {

using sipspan::testing::corpus;

struct got {
  std::uint64_t record;
  cap::transport proto;
  std::string bytes, src, dst;
  bool reassembled;
  std::int64_t ts_ns;
  std::uint64_t bytes_read;  // the reader's position after the message
  bool operator==(const got&) const = default;
};

struct outcome {
  std::vector<got> messages;
  std::vector<bool> mapped;  // for each message: the file was mapped into memory as it came out
  cap::capture_stats stats;
  bool failed = false;
  cap::capture_error error;
};

inline std::string temp_path(const std::string& name) {
  return (std::filesystem::temp_directory_path() /
          ("sipspan_capture_" + std::to_string(::getpid()) + "_" + name)).string();
}

// The file is mapped into this process: /proc/self/maps names it.
inline bool is_mapped(const std::string& path) {
  const std::string name = std::filesystem::canonical(path).string();
  std::ifstream maps("/proc/self/maps");
  std::string line;
  while (std::getline(maps, line))
    if (line.ends_with(" " + name)) return true;
  return false;
}

// Reads `data` written to a file, by its path or (stream) through a stream as
// stdin is read: a classic pcap file is read from a map of it only by path.
inline outcome read_bytes(const pw::bytes& data, const cap::reader_options& options = {}, bool stream = false) {
  std::string path = temp_path(::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(data.data(), 1, data.size(), f);
  std::fclose(f);
  outcome o;
  cap::reader r(options);
  cap::capture_error err;
  if (!(stream ? r.open(std::fopen(path.c_str(), "rb"), err) : r.open(path, err))) {
    o.failed = true;
    o.error = err;
  } else {
    cap::sip_message m;
    while (r.next(m)) {
      o.messages.push_back({m.record, m.proto, std::string(m.bytes), m.src.text(), m.dst.text(), m.reassembled,
                            m.ts_ns, r.bytes_read()});
      o.mapped.push_back(is_mapped(path));
    }
    if (r.error()) {
      o.failed = true;
      o.error = *r.error();
    }
    o.stats = r.stats();
    EXPECT_EQ(r.file_size(), stream ? 0 : data.size());
  }
  std::filesystem::remove(path);
  return o;
}

inline outcome read_file(const pw::file& f, const cap::reader_options& options = {}) { return read_bytes(f.data(), options); }

inline const std::string& invite() {
  static const std::string m = corpus("bench/01-invite-sdp.sip");
  return m;
}
inline const std::string& ringing() {
  static const std::string m = corpus("bench/04-180-ringing.sip");
  return m;
}
inline const std::string& bye() {
  static const std::string m = corpus("bench/06-bye.sip");
  return m;
}

inline const pw::addr4 a4 = pw::v4(192, 0, 2, 1), b4 = pw::v4(192, 0, 2, 2);

inline pw::bytes udp4(std::string_view payload, std::uint16_t sport = 5060, std::uint16_t dport = 5060) {
  return pw::ipv4(a4, b4, 17, pw::udp(sport, dport, payload));
}

// A TCP connection from a4:40000 to b4:5060.
inline pw::tcp_connection conn() {
  pw::tcp_connection c;
  c.a = a4;
  c.b = b4;
  c.a_port = 40000;
  c.b_port = 5060;
  return c;
}

}  // namespace sipspan::testing::capture_read
