// sipspan CLI — names on the command line: deprecated spellings that still
// work (with a note on stderr), and "did you mean ...?" for a subcommand or an
// option that does not exist (`sipspan lnt`, `sipspan lint --formt`).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace sipspan::cli {

// `old_flag` (hidden from --help) sets `target` as `now` does, and says on
// stderr that it is deprecated.
void add_deprecated_alias(CLI::App& app, const std::string& old_flag, CLI::Option* now, std::string& target);

// Before parsing: when the first argument is neither an option nor a
// subcommand, "sipspan: unknown command 'lnt' (did you mean lint?)" on stderr
// and true.
bool unknown_subcommand(const CLI::App& app, int argc, char** argv);

// After a parse error: a sentence naming an option the chosen subcommand does
// not have, with the closest one it has, on stderr. False when the error is
// about something else (the caller prints CLI11's own message then).
bool unknown_option(CLI::App& app, int argc, char** argv);

}  // namespace sipspan::cli
