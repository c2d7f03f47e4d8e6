// sipspan CLI — lint's rule-selection options (see lint_flags.hpp, rule_selection.hpp).

#include "lint_flags.hpp"

#include "config.hpp"
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
  li.add_option("--min-severity", o.min_severity, "report no finding below this severity (default: info)")
      ->check(CLI::IsMember({"info", "warning", "error"}));
  li.add_option("--config", o.config, "read this configuration file for every input, instead of the sipspan.toml "
                                      "found upward from each" + std::string(config_support() ? "" : " (this build reads none: no toml++)"));
  li.add_flag("--isolated", o.isolated, "read no configuration file");
  li.add_option("--baseline", o.baseline, "report only the findings this baseline (--write-baseline) does not hold");
  li.add_option("--write-baseline", o.write_baseline, "record the findings, by message fingerprint and rule, in FILE");
  li.add_option("--enable", o.enable, "deprecated: --extend-select")->allow_extra_args(false)->group("Deprecated");
  li.add_option("--disable", o.disable, "deprecated: --ignore")->allow_extra_args(false)->group("Deprecated");
}

std::vector<std::string> lint_format_names() {
  return {
#define SIPSPAN_X(name) #name,
      SIPSPAN_LINT_FORMATS(SIPSPAN_X)
#undef SIPSPAN_X
      // a capture's records as Suricata's eve.json and Zeek's sip.log (capture_formats.hpp)
      "eve", "zeek",
  };
}

}  // namespace sipspan::cli
