// sipspan CLI — what `train` and `score` share: the inputs they read and the
// profile that ships with the tool.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sipspan::cli {

struct message_input {
  std::string name;  // as reported: the path given, or the path of a file found under a directory
  std::string text;
};

// Expand INPUT arguments: a file, "-" (standard input), or a directory (every
// regular file under it, recursively, in path order, except the corpus
// documentation and manifests: *.md, *.json, *.jsonl, *.tsv, *.txt).
// False with `error` set when an input cannot be listed or read.
bool read_message_inputs(const std::vector<std::string>& inputs, std::vector<message_input>& out, std::string& error);

// corpus/profile/default.json as it was at build time (embedded by meson).
std::string_view default_profile_json() noexcept;

}  // namespace sipspan::cli
