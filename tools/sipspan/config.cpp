// sipspan CLI — sipspan.toml (see config.hpp).

#include "config.hpp"

#include <fnmatch.h>

#include <algorithm>

#include <iostream>

#include "commands.hpp"
#include "suggest.hpp"

#if SIPSPAN_HAVE_TOML
#include <toml++/toml.h>
#endif

namespace sipspan::cli {

namespace fs = std::filesystem;

#if SIPSPAN_HAVE_TOML
namespace {

std::string where(const fs::path& file, const toml::node& n) {
  const toml::source_region& s = n.source();
  return file.generic_string() + ":" + std::to_string(s.begin.line) + ":" + std::to_string(s.begin.column) + ": ";
}

bool known_keys(const fs::path& file, const toml::table& t, std::string_view table,
                const std::vector<std::string>& keys, std::string& error) {
  for (auto&& [k, v] : t) {
    const std::string key(k.str());
    if (std::find(keys.begin(), keys.end(), key) != keys.end()) continue;
    error = where(file, v) + "unknown key '" + key + "' in [" + std::string(table) + "]" + did_you_mean(key, keys);
    return false;
  }
  return true;
}

bool string_of(const fs::path& file, const toml::node& n, std::string_view key, std::string& out, std::string& error) {
  if (const auto* s = n.as_string()) return out = s->get(), true;
  error = where(file, n) + "'" + std::string(key) + "' takes a string";
  return false;
}

bool strings_of(const fs::path& file, const toml::node& n, std::string_view key, std::vector<std::string>& out,
                std::string& error) {
  const auto* a = n.as_array();
  if (!a) {
    error = where(file, n) + "'" + std::string(key) + "' takes a list of strings";
    return false;
  }
  for (const toml::node& e : *a) {
    std::string s;
    if (!string_of(file, e, key, s, error)) return false;
    out.push_back(s);
  }
  return true;
}

bool read_lint(const fs::path& file, const toml::table& t, project_config& c, std::string& error) {
  if (!known_keys(file, t, "lint",
                  {"mode", "select", "extend-select", "ignore", "min-severity", "severity", "per-file-ignores"}, error))
    return false;
  for (auto&& [k, v] : t) {
    const std::string_view key = k.str();
    bool ok = true;
    if (key == "mode") ok = string_of(file, v, key, c.mode, error);
    else if (key == "min-severity") ok = string_of(file, v, key, c.min_severity, error);
    else if (key == "select") ok = strings_of(file, v, key, c.selection.select, error);
    else if (key == "extend-select") ok = strings_of(file, v, key, c.selection.extend_select, error);
    else if (key == "ignore") ok = strings_of(file, v, key, c.selection.ignore, error);
    else if (const auto* sub = v.as_table()) {
      for (auto&& [item, value] : *sub) {
        if (key == "per-file-ignores") {
          c.per_file_ignores.emplace_back(std::string(item.str()), std::vector<std::string>{});
          if (!strings_of(file, value, item.str(), c.per_file_ignores.back().second, error)) return false;
          continue;
        }
        std::string level;
        severity s = severity::off;
        if (!string_of(file, value, item.str(), level, error)) return false;
        if (!severity_from_name(level, s)) {
          error = where(file, value) + "a severity is error, warning, info or off, not '" + level + "'";
          return false;
        }
        c.severities.emplace_back(std::string(item.str()), s);
      }
    } else {
      error = where(file, v) + "[lint." + std::string(key) + "] is a table";
      ok = false;
    }
    if (!ok) return false;
  }
  if (!c.mode.empty()) {
    lint_profile p;
    if (!profile_from_name(c.mode, p)) {
      error = where(file, *t.get("mode")) + "mode is strict, interop or forensic, not '" + c.mode + "'";
      return false;
    }
  }
  return true;
}

bool read_score(const fs::path& file, const toml::table& t, project_config& c, std::string& error) {
  if (!known_keys(file, t, "score", {"model", "fpr"}, error)) return false;
  if (const toml::node* m = t.get("model")) {
    std::string model;
    if (!string_of(file, *m, "model", model, error)) return false;
    c.model = fs::path(model).is_absolute() ? model : (c.dir / model).lexically_normal().generic_string();
  }
  if (const toml::node* f = t.get("fpr")) {
    std::optional<double> v = f->value<double>();
    if (!v || !(*v > 0 && *v < 1)) {
      error = where(file, *f) + "fpr is a number between 0 and 1";
      return false;
    }
    c.fpr = v;
  }
  return true;
}

}  // namespace

bool config_support() { return true; }

bool load_config(const fs::path& file, project_config& out, std::string& error) {
  out.file = file;
  out.dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  out.selection.source = file.generic_string();
  toml::table doc;
  try {
    doc = toml::parse_file(file.string());
  } catch (const toml::parse_error& e) {
    error = file.generic_string() + ":" + std::to_string(e.source().begin.line) + ":" +
            std::to_string(e.source().begin.column) + ": " + std::string(e.description());
    return false;
  }
  if (!known_keys(file, doc, "the top level", {"lint", "score"}, error)) return false;
  for (auto&& [k, v] : doc) {
    const auto* t = v.as_table();
    if (!t) {
      error = where(file, v) + "'" + std::string(k.str()) + "' is a table";
      return false;
    }
    if (!(k.str() == "lint" ? read_lint(file, *t, out, error) : read_score(file, *t, out, error))) return false;
  }
  return true;
}

#else

bool config_support() { return false; }

bool load_config(const fs::path& file, project_config&, std::string& error) {
  error = file.generic_string() + ": this sipspan was built without configuration support (toml++)";
  return false;
}

#endif

bool config_finder::find(const std::string& input, const project_config*& out, std::string& error) {
  out = nullptr;
  if (isolated_) return true;
  std::error_code ec;
  fs::path dir = explicit_.empty() ? fs::absolute(input == "-" ? fs::path(".") : fs::path(input), ec) : fs::path();
  if (explicit_.empty() && (input == "-" || !fs::is_directory(dir, ec))) dir = dir.parent_path();
  const fs::path key = explicit_.empty() ? dir.lexically_normal() : fs::path(explicit_);
  if (auto it = by_dir_.find(key); it != by_dir_.end()) return out = it->second.get(), true;
  fs::path file = explicit_;
  for (fs::path d = key; file.empty(); d = d.parent_path()) {
    if (fs::is_regular_file(d / config_name, ec)) file = d / config_name;
    if (d == d.parent_path()) break;
  }
  std::shared_ptr<project_config> c;
  if (!file.empty()) {
    if (!config_support()) {
      if (!warned_) std::cerr << "sipspan: " << file.generic_string() << " is not read: this sipspan was built without "
                                 "configuration support (toml++)\n";
      warned_ = true;
    } else {
      c = std::make_shared<project_config>();
      if (!load_config(file, *c, error)) return false;
    }
  }
  by_dir_[key] = c;
  out = c.get();
  return true;
}

namespace {

// Whether `glob` (relative to the configuration's directory) matches `input`:
// its path relative to that directory, or its file name for a glob without /.
bool glob_matches(const std::string& glob, const project_config& cfg, const std::string& input) {
  std::error_code ec;
  const fs::path abs = fs::absolute(input, ec);
  const std::string rel = abs.lexically_relative(fs::absolute(cfg.dir, ec)).generic_string();
  if (::fnmatch(glob.c_str(), rel.c_str(), 0) == 0) return true;
  return glob.find('/') == std::string::npos &&
         ::fnmatch(glob.c_str(), abs.filename().string().c_str(), 0) == 0;
}

}  // namespace

bool lint_options_for(const project_config* cfg, const std::string& input, const std::string& cli_mode,
                      const rule_selection& cli, const std::string& cli_min_severity, lint_options& out,
                      std::string& error) {
  out = lint_options{};
  const std::string mode = !cli_mode.empty() ? cli_mode : cfg && !cfg->mode.empty() ? cfg->mode : "strict";
  if (!profile_from_name(mode, out.profile)) {
    error = "unknown --mode '" + mode + "' (strict, interop or forensic)";
    return false;
  }
  std::vector<rule_selection> layers;
  std::string min_severity = cli_min_severity;
  if (cfg) {
    layers.push_back(cfg->selection);
    rule_selection per_file;
    per_file.source = cfg->file.generic_string() + " per-file-ignores";
    for (const auto& [glob, items] : cfg->per_file_ignores)
      if (input != "-" && glob_matches(glob, *cfg, input)) per_file.ignore.insert(per_file.ignore.end(), items.begin(), items.end());
    layers.push_back(per_file);
    if (min_severity.empty()) min_severity = cfg->min_severity;
    // the file's severities, least specific item first, so that the most specific one decides
    for (const rule_info& r : rules()) {
      int best = 0;
      for (const auto& [item, level] : cfg->severities) {
        const int s = selector_specificity(item, r);
        if (s == 0 || s < best) continue;
        best = s;
        out.override_level.set(static_cast<std::size_t>(r.id));
        out.level_override[static_cast<std::size_t>(r.id)] = level;
      }
    }
    for (const auto& [item, level] : cfg->severities) {
      bool known = false;
      for (const rule_info& r : rules()) known = known || selector_specificity(item, r) != 0;
      if (!known) {
        error = cfg->file.generic_string() + ": [lint.severity]: unknown rule or prefix '" + item + "'";
        return false;
      }
    }
  }
  layers.push_back(cli);
  return apply_selection(layers, min_severity.empty() ? "info" : min_severity, out, error);
}

bool apply_score_config(score_options& o, bool fpr_given) {
  config_finder finder("", false);
  const project_config* cfg = nullptr;
  std::string err;
  const std::string first = !o.inputs.empty() ? o.inputs[0] : !o.captures.empty() ? o.captures[0] : "-";
  if (!finder.find(first, cfg, err)) {
    std::cerr << "sipspan score: " << err << '\n';
    return false;
  }
  if (!cfg) return true;
  if (o.profile.empty()) o.profile = cfg->model;
  if (!fpr_given && cfg->fpr) o.fpr = *cfg->fpr;
  return true;
}

}  // namespace sipspan::cli
