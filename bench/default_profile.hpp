// sipspan benchmarks — the default scorer profile (corpus/profile/default.json), loaded
// from the source tree so that a benchmark scores with what `sipspan score` ships.
#pragma once

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "sipspan/score.hpp"

namespace sipspan::bench {

// False, with the offset and the reason on stderr, when the profile does not load.
inline bool load_default_profile(const std::filesystem::path& source_root, score_profile& out) {
  std::ifstream in(source_root / "corpus" / "profile" / "default.json", std::ios::binary);
  std::ostringstream json;
  json << in.rdbuf();
  profile_error err;
  if (load_profile_json(json.str(), out, err)) return true;
  std::cerr << "corpus/profile/default.json: offset " << err.offset << ": " << err.message << "\n";
  return false;
}

}  // namespace sipspan::bench
