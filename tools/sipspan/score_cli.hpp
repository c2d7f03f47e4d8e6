// sipspan CLI — the scorer profile that ships with the tool.
#pragma once

#include <string_view>

namespace sipspan::cli {

// corpus/profile/default.json as it was at build time (embedded by meson).
std::string_view default_profile_json() noexcept;

}  // namespace sipspan::cli
