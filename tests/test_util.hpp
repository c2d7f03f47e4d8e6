// sipspan tests — shared helpers: reading corpus files and describing spans.
#pragma once

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "sipspan/error.hpp"

namespace sipspan::testing {

inline std::filesystem::path corpus_dir() {
  if (const char* d = std::getenv("SIPSPAN_CORPUS")) return d;
  return std::filesystem::path(SIPSPAN_SOURCE_ROOT) / "corpus";
}

inline std::filesystem::path tests_dir() {
  if (const char* d = std::getenv("SIPSPAN_TESTS")) return d;
  return std::filesystem::path(SIPSPAN_SOURCE_ROOT) / "tests";
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline std::string corpus(std::string_view rel) { return read_file(corpus_dir() / std::string(rel)); }

// Every .sip file under corpus/, in path order.
inline std::vector<std::string> corpus_messages() {
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(corpus_dir()))
    if (e.is_regular_file() && e.path().extension() == ".sip") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> out;
  for (const auto& f : files) out.push_back(read_file(f));
  return out;
}

// Offset of `piece` inside `whole` (both views of the same buffer).
inline std::size_t offset_in(std::string_view whole, std::string_view piece) {
  return static_cast<std::size_t>(piece.data() - whole.data());
}

// True when `piece` lies inside `whole` (an empty piece may sit at its end).
inline bool inside(std::string_view whole, std::string_view piece) {
  if (piece.empty()) return true;
  return piece.data() >= whole.data() && piece.data() + piece.size() <= whole.data() + whole.size();
}

// Expect `r` to be the error `code` at `offset`.
inline ::testing::AssertionResult fails_at(const result& r, error_code code, std::uint32_t offset) {
  if (r.code == code && r.offset == offset) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "got " << r.name() << " at " << r.offset << ", expected "
                                       << error_name(code) << " at " << offset;
}

// Every piece lies inside `whole`.
inline ::testing::AssertionResult all_inside(std::string_view whole, std::initializer_list<std::string_view> pieces) {
  for (std::string_view p : pieces)
    if (!inside(whole, p)) return ::testing::AssertionFailure() << "span '" << p << "' lies outside '" << whole << "'";
  return ::testing::AssertionSuccess();
}

}  // namespace sipspan::testing

// Expect / assert success, printing the error name and offset otherwise.
#define EXPECT_OK(expr)                                                 \
  do {                                                                  \
    ::sipspan::result r_ = (expr);                                      \
    EXPECT_TRUE(r_) << r_.name() << " at " << r_.offset;                \
  } while (0)
#define ASSERT_OK(expr)                                                 \
  do {                                                                  \
    ::sipspan::result r_ = (expr);                                      \
    ASSERT_TRUE(r_) << r_.name() << " at " << r_.offset;                \
  } while (0)
