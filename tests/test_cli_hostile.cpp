// sipspan — the CLI against hostile input: what it writes and the memory it
// takes stay bounded by the input (an echoed line is cut around the caret, every
// echoed value is capped), an input past the 32-bit offsets is refused before it
// is read, absurd option values are refused, no exception leaves main, and what
// the sender chose is escaped in every format the CLI writes.
//
// SIPSPAN_CLI names the sipspan binary (meson sets it).

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

const std::string head =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n";

std::string temp_path(const std::string& name) {
  return (fs::path(::testing::TempDir()) / ("sipspan_hostile_" + std::to_string(::getpid()) + "_" + name)).string();
}

}  // namespace

// ---------------------------------------------------------------- inputs past the offsets

namespace {

// A sparse file of 4 GiB: one byte more than 32-bit offsets address.
std::string sparse_4gib() {
  std::string path = temp_path("4gib.sip");
  std::ofstream(path, std::ios::binary) << head;
  std::error_code ec;
  fs::resize_file(path, std::uintmax_t{1} << 32, ec);
  if (ec) {
    fs::remove(path);
    return {};
  }
  return path;
}

// Without the sanitizers (which reserve terabytes of address space), the
// address space is held to 1 GiB: reading the file would fail.
std::string memory_limit() {
#if defined(__SANITIZE_ADDRESS__)
  return "";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
  return "";
#else
  return "ulimit -v 1048576;";
#endif
#else
  return "ulimit -v 1048576;";
#endif
}

}  // namespace

TEST(hostile, input_past_32_bit_offsets_is_refused_before_it_is_read) {
  const std::string big = sparse_4gib();
  if (big.empty()) GTEST_SKIP() << "no sparse file of 4 GiB here";
  for (const char* cmd : {"dump", "lint", "score", "train -o /dev/null"}) {
    run_result r = sipspan::testing::run_cli(std::string(cmd) + " " + shell_quote(big), nullptr, memory_limit());
    EXPECT_EQ(r.status, 2) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("larger than 4 GiB - 1 bytes"), std::string::npos) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("[input_too_large]"), std::string::npos) << cmd << ": " << r.err;
    // standard input redirected from it: the same
    std::string stdin_cmd = std::string(cmd) + " -";
    run_result s = sipspan::testing::run_cli(stdin_cmd, nullptr, memory_limit(), {}, big);
    EXPECT_EQ(s.status, 2) << stdin_cmd << ": " << s.err;
    EXPECT_NE(s.err.find("[input_too_large]"), std::string::npos) << stdin_cmd << ": " << s.err;
  }
  fs::remove(big);
}
