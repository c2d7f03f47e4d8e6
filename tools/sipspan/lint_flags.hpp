// sipspan CLI — the options of `sipspan lint` that choose its rules (and their
// deprecated spellings), registered in one place for main.cpp.
#pragma once

#include <CLI/CLI.hpp>

#include "commands.hpp"

namespace sipspan::cli {

void add_selection_options(CLI::App& lint, lint_cli_options& o);

// The names --format takes (the reporters' X-list), for CLI11's IsMember.
std::vector<std::string> lint_format_names();

}  // namespace sipspan::cli
