// sipspan CLI — which rules `sipspan lint` reports, as ruff selects them.
//
//   --select LIST         only these rules (default: every rule the profile has on)
//   --extend-select LIST  these rules too
//   --ignore LIST         not these rules
//   --min-severity LEVEL  no finding below LEVEL (info, warning, error)
//
// A LIST is comma-separated (the options repeat, too); each item is a rule's
// code ("SS404", any case) or name ("cseq-number-range"), a code prefix
// ("SS4", "SS50": a family of the catalogue, SIPSPAN_RULE_LIST) or ALL.
// The most specific item decides a rule: a code or name beats a prefix, a
// longer prefix a shorter one, so `--select SS4 --ignore SS404` is every SS4xx
// rule but SS404. A rule selected and ignored by items equally specific
// (`--select SS404 --ignore cseq-number-range`) is a usage error, not a guess.
// A rule chosen by its code or name is reported even when the profile has it
// off (at its strict severity, else its forensic one); a prefix or ALL chooses
// among the rules the profile reports.
#pragma once

#include <string>
#include <vector>

#include "sipspan/lint.hpp"

namespace sipspan::cli {

// One layer of selection: a configuration file's [lint] table, its
// per-file-ignores for one path, the command line. Later layers decide the
// rules their items name; a conflict is looked for within a layer.
struct rule_selection {
  std::vector<std::string> select;         // items; not empty: only these (of what the layers before chose)
  std::vector<std::string> extend_select;
  std::vector<std::string> ignore;
  std::string source;                      // where the items come from, for messages ("" for the command line)
};

// Set `opts.enable` and `opts.disable` (for `opts.profile`) from `layers`, in
// order, and drop what is below `min_severity` (info, warning, error). False,
// with a sentence in `error`, for an unknown item or a conflict.
bool apply_selection(const std::vector<rule_selection>& layers, std::string_view min_severity, lint_options& opts,
                     std::string& error);

// A severity by name (info, warning, error, off); false for another word.
bool severity_from_name(std::string_view name, severity& out);

// Whether `item` names `r`, and how specifically: 0 no, 1 ALL, 2 + its length
// for a code prefix, 100 for the rule's code or name.
int selector_specificity(std::string_view item, const rule_info& r);

}  // namespace sipspan::cli
