// sipspan CLI — a lint baseline: today's findings, so that only new ones are
// reported. SIP messages carry no comments to suppress a finding with, so a
// finding is known by its message's fingerprint (FNV-1a 64 of the message's
// bytes: the same message anywhere, under any name) and its rule, counted:
//
//   # sipspan lint baseline 1
//   <fingerprint, 16 hex digits> TAB <rule code> TAB <count> TAB <file, for people>
//
// `sipspan lint --write-baseline FILE` writes it (sorted, so that it diffs
// well); `--baseline FILE` drops, per message, as many findings of each rule
// as the baseline counts for its fingerprint, and reports the rest.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>

#include "lint_report.hpp"

namespace sipspan::cli {

std::uint64_t message_fingerprint(std::string_view message);

class lint_baseline {
 public:
  bool read(const std::string& path, std::string& error);
  bool write(const std::string& path, std::string& error) const;
  // Record the stored findings of a message.
  void add(std::uint64_t fingerprint, const message_report& m, std::string_view file);
  // Remove from `m` the findings the baseline holds (using them up) and
  // adjust its summary; returns how many were removed.
  std::size_t subtract(std::uint64_t fingerprint, message_report& m);

 private:
  struct entry {
    std::size_t count = 0;
    std::string file;
  };
  std::map<std::pair<std::uint64_t, std::string>, entry> entries_;  // (fingerprint, rule code)
};

}  // namespace sipspan::cli
