// sipspan CLI — lint's rule-selection options (see lint_flags.hpp, rule_selection.hpp).

#include "lint_flags.hpp"

#include "lint_report.hpp"

namespace sipspan::cli {

void add_selection_options(CLI::App& li, lint_cli_options& o) {
  const std::string items = "comma-separated codes (SS404), names (cseq-number-range), code prefixes (SS4, SS50) or ALL";
  li.add_option("--select", o.selection.select, "report only these rules: " + items + "; repeatable")
      ->delimiter(',')
      ->allow_extra_args(false);
  li.add_option("--extend-select", o.selection.extend_select, "report these rules too: " + items + "; repeatable")
      ->delimiter(',')
      ->allow_extra_args(false);
  li.add_option("--ignore", o.selection.ignore, "do not report these rules: " + items + "; repeatable")
      ->delimiter(',')
      ->allow_extra_args(false);
  li.add_option("--min-severity", o.selection.min_severity, "report no finding below this severity")
      ->check(CLI::IsMember({"info", "warning", "error"}))
      ->default_str("info");
  li.add_option("--enable", o.enable, "deprecated: --extend-select")->allow_extra_args(false)->group("Deprecated");
  li.add_option("--disable", o.disable, "deprecated: --ignore")->allow_extra_args(false)->group("Deprecated");
}

std::vector<std::string> lint_format_names() {
  return {
#define SIPSPAN_X(name) #name,
      SIPSPAN_LINT_FORMATS(SIPSPAN_X)
#undef SIPSPAN_X
  };
}

}  // namespace sipspan::cli
