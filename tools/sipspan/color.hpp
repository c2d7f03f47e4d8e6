// sipspan CLI — --color auto|always|never, as every subcommand reads it.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

namespace sipspan::cli {

// The values --color takes, for CLI11's IsMember (and --help).
inline const std::initializer_list<std::string_view> color_modes{"auto", "always", "never"};

// Whether `mode` colours `stream`: always, never, or auto — on a terminal,
// unless NO_COLOR (https://no-color.org) is set and not empty.
bool use_color(std::string_view mode, std::FILE* stream = stdout);

// `text` in bold red (an alert, an error) when `color`, as is otherwise.
std::string alert_red(std::string_view text, bool color);

}  // namespace sipspan::cli
