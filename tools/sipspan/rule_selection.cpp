// sipspan CLI — rule selection (see rule_selection.hpp).

#include "rule_selection.hpp"

#include <cctype>

#include "sipspan/params.hpp"
#include "suggest.hpp"

namespace sipspan::cli {
namespace {

constexpr int exact = 100;

bool iprefix(std::string_view prefix, std::string_view s) {
  return prefix.size() <= s.size() && iequals(prefix, s.substr(0, prefix.size()));
}

// The items of comma lists, without spaces; false for an empty item.
bool items_of(const std::vector<std::string>& lists, std::vector<std::string>& out, const std::string& flag,
              std::string& error) {
  for (const std::string& list : lists) {
    std::size_t i = 0;
    while (i <= list.size()) {
      std::size_t e = list.find(',', i);
      if (e == std::string::npos) e = list.size();
      std::string item = list.substr(i, e - i);
      std::erase_if(item, [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
      if (item.empty()) {
        error = std::string(flag) + " '" + list + "': an empty item";
        return false;
      }
      out.push_back(item);
      i = e + 1;
    }
  }
  return true;
}

bool check_items(const std::vector<std::string>& items, const std::string& flag, std::string& error) {
  for (const std::string& item : items) {
    bool known = false;
    for (const rule_info& r : rules()) known = known || selector_specificity(item, r) != 0;
    if (known) continue;
    std::vector<std::string> words;
    for (const rule_info& r : rules()) {
      words.emplace_back(r.code);
      words.emplace_back(r.name);
    }
    error = std::string(flag) + ": unknown rule or prefix '" + item + "'" + did_you_mean(item, words) +
            " (sipspan lint --list-rules lists them)";
    return false;
  }
  return true;
}

// The most specific of `items` that names `r`, and its specificity (0: none).
int best_match(const std::vector<std::string>& items, const rule_info& r, const std::string** which) {
  int best = 0;
  for (const std::string& item : items) {
    int s = selector_specificity(item, r);
    if (s > best) {
      best = s;
      *which = &item;
    }
  }
  return best;
}

}  // namespace

int selector_specificity(std::string_view item, const rule_info& r) {
  if (iequals(item, "ALL")) return 1;
  if (item == r.name || iequals(item, r.code)) return exact;
  // a code prefix: "SS", "SS4", "SS50"; not a bare "S"
  if (item.size() >= 2 && iprefix(item, r.code)) return 2 + static_cast<int>(item.size());
  return 0;
}

bool severity_from_name(std::string_view n, severity& out) {
  for (severity s : {severity::off, severity::info, severity::warning, severity::error})
    if (n == severity_name(s)) return out = s, true;
  return false;
}

bool apply_selection(const std::vector<rule_selection>& layers, std::string_view min_severity, lint_options& opts,
                     std::string& error) {
  struct layer_items {
    std::vector<std::string> select, ignore;
    bool replaces = false;
    std::string where;
  };
  std::vector<layer_items> items;
  for (const rule_selection& s : layers) {
    layer_items l;
    l.where = s.source.empty() ? "" : s.source + ": ";
    l.replaces = !s.select.empty();
    const std::string key = s.source.empty() ? "--" : l.where;  // "--select" or "sipspan.toml: select"
    if (!items_of(s.select, l.select, key + "select", error) ||
        !items_of(s.extend_select, l.select, key + "extend-select", error) ||
        !items_of(s.ignore, l.ignore, key + "ignore", error) || !check_items(l.select, key + "select", error) ||
        !check_items(l.ignore, key + "ignore", error))
      return false;
    items.push_back(std::move(l));
  }
  severity floor = severity::off;
  if (!severity_from_name(min_severity, floor) || floor == severity::off) {
    error = "--min-severity takes info, warning or error, not '" + std::string(min_severity) + "'";
    return false;
  }
  for (const rule_info& r : rules()) {
    const auto i = static_cast<std::size_t>(r.id);
    bool on = true, named = false;  // the profile's rules, until a layer says otherwise
    for (const layer_items& l : items) {
      const std::string *by = nullptr, *against = nullptr;
      const int chosen = best_match(l.select, r, &by), dropped = best_match(l.ignore, r, &against);
      if (chosen != 0 && chosen == dropped) {
        error = l.where + "rule " + std::string(r.code) + " " + std::string(r.name) + " is both selected ('" + *by +
                "') and ignored ('" + *against + "'): say which";
        return false;
      }
      if (dropped > chosen || (chosen == 0 && l.replaces)) {
        on = named = false;
      } else if (chosen != 0) {
        on = true;
        named = chosen == exact;
      }
    }
    if (!on) {
      opts.disable.set(i);
      continue;
    }
    if (named) opts.enable.set(i);
    if (opts.level_of(r.id) < floor) opts.disable.set(i);
  }
  return true;
}

}  // namespace sipspan::cli
