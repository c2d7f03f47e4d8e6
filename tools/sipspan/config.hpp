// sipspan CLI — the project's configuration file, sipspan.toml, found upward
// from each input as ruff finds its own (the nearest one wins; no merging):
//
//   [lint]
//   mode = "interop"                    # strict | interop | forensic
//   select = ["SS0", "SS4"]             # items as --select takes them
//   extend-select = ["compact-form"]
//   ignore = ["SS404"]
//   min-severity = "warning"
//   [lint.severity]                     # a rule, name or prefix -> error | warning | info | off
//   SS013 = "error"
//   [lint.per-file-ignores]             # a glob, relative to this file's directory -> items
//   "captures/*" = ["SS012"]            # (* also matches /; a glob without / matches the file name)
//   [score]
//   model = "profiles/site.json"        # relative to this file's directory
//   fpr = 0.0001
//
// The command line goes over the file: --mode, --min-severity, --model and
// --fpr replace its values, --select replaces its selection, --extend-select
// and --ignore add to it. --config FILE names one file for every input;
// --isolated reads none. Read with toml++; a build without it (Debian's
// libtomlplusplus-dev absent) reads no configuration and says so.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "rule_selection.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::cli {

inline constexpr std::string_view config_name = "sipspan.toml";

struct project_config {
  std::filesystem::path file;  // as found
  std::filesystem::path dir;   // its directory: relative paths start there
  std::string mode;            // empty: not set
  std::string min_severity;
  rule_selection selection;    // source: the file
  std::vector<std::pair<std::string, severity>> severities;                 // item -> level
  std::vector<std::pair<std::string, std::vector<std::string>>> per_file_ignores;  // glob -> items
  std::string model;           // a path (made relative to the working directory's view), empty: not set
  std::optional<double> fpr;
};

// Whether this build reads configuration files (toml++ was found).
bool config_support();

// Read `file` into `out`. False, with "FILE:LINE:COL: what" in `error`, for a
// file that cannot be read, is not TOML, or holds a key or value sipspan does
// not know.
bool load_config(const std::filesystem::path& file, project_config& out, std::string& error);

// The configuration that governs each input, found upward and read once per directory.
class config_finder {
 public:
  // `explicit_file`: --config (for every input); `isolated`: --isolated (none).
  config_finder(std::string explicit_file, bool isolated) : explicit_(std::move(explicit_file)), isolated_(isolated) {}
  // The configuration for `input` ("-": the working directory's), null when
  // none. False, with a sentence in `error`, for a file that cannot be read.
  bool find(const std::string& input, const project_config*& out, std::string& error);

 private:
  std::string explicit_;
  bool isolated_;
  bool warned_ = false;
  std::map<std::filesystem::path, std::shared_ptr<project_config>> by_dir_;  // null: none from there up
};

// The lint options for `input` under `cfg` (may be null) and the command
// line's own values: mode, selection layers (the file's, its per-file-ignores
// that match `input`, `cli`), min severity, per-rule severities.
bool lint_options_for(const project_config* cfg, const std::string& input, const std::string& cli_mode,
                      const rule_selection& cli, const std::string& cli_min_severity, lint_options& out,
                      std::string& error);

// score's [score] table: the model and the FPR of the sipspan.toml found
// upward from the first input (or the working directory), where the command
// line gave none (`fpr_given`: --fpr was). False, with a sentence on stderr,
// for a file that cannot be read.
struct score_options;
bool apply_score_config(score_options& o, bool fpr_given);

}  // namespace sipspan::cli
