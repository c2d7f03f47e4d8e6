// sipspan CLI — subcommands. Each returns the process exit status:
// 0 success, 1 the input has an error (or a finding of severity error), 2 usage or I/O error.
#pragma once

#include <string>
#include <vector>

namespace sipspan::cli {

struct dump_options {
  std::string input;
  bool strict = false;
  bool compact = false;
  std::string format = "json";  // json | spans
};
int run_dump(const dump_options& o);

}  // namespace sipspan::cli
