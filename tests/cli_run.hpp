// sipspan tests — running the `sipspan` CLI from a test: arguments, standard
// input and environment in; exit status, stdout and stderr out.
//
// SIPSPAN_CLI names the binary (meson sets it); without it, `sipspan` on PATH.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "test_util.hpp"

namespace sipspan::testing {

struct run_result {
  int status = -1;
  std::string out;
  std::string err;
};

inline std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Run `sipspan ARGS` (a shell fragment: quote paths with shell_quote), with
// `stdin_bytes` as standard input (none: /dev/null), `env` assignments such as
// "NO_COLOR=1" before the command, and `cwd` as working directory (none: the
// test's own).
// `stdin_path`, when set, is the file standard input comes from (instead of
// `stdin_bytes`): a file too large to copy, a sparse one.
inline run_result run_cli(const std::string& args, const std::string* stdin_bytes = nullptr,
                          const std::string& env = "", const std::filesystem::path& cwd = {},
                          const std::filesystem::path& stdin_path = {}) {
  static int counter = 0;
  std::string base = ::testing::TempDir() + "sipspan_cli_" + std::to_string(::getpid()) + "_" +
                     std::to_string(++counter);
  std::string in = base + ".in", out = base + ".out", err = base + ".err";
  const char* cli = std::getenv("SIPSPAN_CLI");
  std::string cmd = env + " " + shell_quote(cli ? cli : "sipspan") + " " + args;
  if (!cwd.empty()) cmd = "cd " + shell_quote(cwd.string()) + " && " + cmd;
  if (!stdin_path.empty()) {
    cmd += " < " + shell_quote(stdin_path.string());
  } else if (stdin_bytes) {
    std::ofstream(in, std::ios::binary) << *stdin_bytes;
    cmd += " < " + shell_quote(in);
  } else {
    cmd += " < /dev/null";
  }
  cmd += " > " + shell_quote(out) + " 2> " + shell_quote(err);
  int raw = std::system(cmd.c_str());
  run_result r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = read_file(out);
  r.err = read_file(err);
  std::remove(in.c_str());
  std::remove(out.c_str());
  std::remove(err.c_str());
  return r;
}

// `sipspan ARGS` run from corpus/ (paths in ARGS relative to it).
inline run_result run_in_corpus(const std::string& args, const std::string* stdin_bytes = nullptr) {
  return run_cli(args, stdin_bytes, "", corpus_dir());
}

// How many times `piece` occurs in `s` (overlapping ones included).
inline std::size_t occurrences(const std::string& s, const std::string& piece) {
  std::size_t n = 0;
  for (std::size_t at = s.find(piece); at != std::string::npos; at = s.find(piece, at + 1)) ++n;
  return n;
}

// The non-empty lines of a command's output (JSON Lines records, text rows).
inline std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) v.push_back(l);
  return v;
}

// The cases of a golden list: one vector of whitespace-separated fields per
// line, without blank lines and # comments. Empty when the list is missing.
inline std::vector<std::vector<std::string>> golden_cases(const std::filesystem::path& list) {
  std::vector<std::vector<std::string>> cases;
  std::ifstream in(list);
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::vector<std::string> c;
    for (std::string f; fields >> f;) c.push_back(f);
    if (!c.empty()) cases.push_back(c);
  }
  return cases;
}

// Compare `actual` with the golden file at `path`; with SIPSPAN_UPDATE_GOLDEN
// set, rewrite the file instead.
inline void expect_golden(const std::filesystem::path& path, const std::string& actual) {
  if (std::getenv("SIPSPAN_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  std::string expected = read_file(path);
  EXPECT_FALSE(expected.empty()) << path;
  EXPECT_EQ(actual, expected) << "golden " << path.filename() << " differs (SIPSPAN_UPDATE_GOLDEN=1 rewrites it)";
}

}  // namespace sipspan::testing
