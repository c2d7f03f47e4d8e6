// sipspan CLI — `sipspan lint [options] INPUT...`: the validator's findings.
//
// Each INPUT is a file holding one message, a capture, a directory or - for
// standard input, expanded as every command expands them (input.hpp); a live
// interface or a HEP collector may be read too. Findings are written as compiler
// diagnostics (text), one JSON document (json), one object per finding
// (jsonl), SARIF 2.1.0 for code-scanning services (sarif), GitHub Actions
// workflow annotations (github) or JUnit XML (junit). --list-rules and
// --explain describe the rule catalogue; --list-rules --format markdown is
// docs/rules.md.
//
// Exit status: 0 no finding of severity error, 1 at least one (or an input
// that cannot be framed), 2 usage or I/O error (the other inputs are still
// checked). Outputs name files as given on the command line and carry no
// timestamps, so they can be compared byte for byte.


#include <algorithm>
#include <array>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "baseline.hpp"
#include "capture_input.hpp"
#include "color.hpp"
#include "config.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "lint_report.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {

bool format_from_name(std::string_view s, out_format& f) {
#define SIPSPAN_X(name) \
  if (s == #name) return f = out_format::name, true;
  SIPSPAN_LINT_FORMATS(SIPSPAN_X)
#undef SIPSPAN_X
  return false;
}

int usage_error(const std::string& what) {
  std::cerr << "sipspan lint: " << what << '\n';
  return 2;
}

void write_out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

int run_lint(const lint_cli_options& o) {
  // eve and zeek are the records of a capture's messages (capture_formats.hpp)
  const bool capture_format = o.format == "eve" || o.format == "zeek";
  out_format format = out_format::jsonl;
  if (!capture_format && !format_from_name(o.format, format)) return usage_error("unknown --format '" + o.format + "'");
  if (o.color != "auto" && o.color != "always" && o.color != "never")
    return usage_error("--color takes auto, always or never");
  if (o.list_rules) return list_rules(format);
  if (!o.explain.empty()) return explain(o.explain, format);
  if (format == out_format::markdown) return usage_error("--format markdown goes with --list-rules");

  rule_selection cli = o.selection;
  for (auto [old, now, into] : {std::tuple{&o.enable, "--extend-select", &cli.extend_select},
                                std::tuple{&o.disable, "--ignore", &cli.ignore}})
    if (!old->empty()) {
      std::cerr << "sipspan lint: --" << (old == &o.enable ? "enable" : "disable") << " is deprecated: use " << now
                << '\n';
      into->insert(into->end(), old->begin(), old->end());
    }
  // the options for one input: sipspan.toml found upward from it, then the command line
  config_finder configs(o.config, o.isolated);
  auto options_for = [&](const std::string& input, lint_options& opts) {
    const project_config* cfg = nullptr;
    std::string err;
    if (!configs.find(input, cfg, err) ||
        !lint_options_for(cfg, input, o.profile, cli, o.min_severity, opts, err)) {
      usage_error(err);
      return false;
    }
    opts.max_findings = o.max_findings;
    return true;
  };
  lint_options opts;
  int status = 0;
  std::vector<input_entry> entries;
  if (std::string err; !expand_inputs(o.inputs, o.captures, entries, err)) {
    std::cerr << "sipspan: " << err << '\n';
    status = 2;  // the other inputs are still checked
  }
  if (entries.empty() && o.interface.empty() && o.hep.empty() && status == 0)
    return usage_error("no INPUT (a file, a directory or - for standard input)");
  if (!options_for(entries.empty() ? std::string("-") : entries[0].path, opts)) return 2;
  const bool any_capture = std::any_of(entries.begin(), entries.end(),
                                       [](const input_entry& e) { return e.kind != input_kind::message; });
  lint_baseline baseline, written;
  if (!o.baseline.empty() || !o.write_baseline.empty()) {
    if (any_capture || !o.interface.empty() || !o.hep.empty())
      return usage_error("--baseline and --write-baseline read message files, not captures");
    if (std::string err; !o.baseline.empty() && !baseline.read(o.baseline, err)) return usage_error(err);
  }

  std::vector<input_file> files;
  capture_run_options co;
  co.job = capture_job::lint;
  co.format = o.format;
  co.report = o.report;
  co.threads = o.threads;
  co.sip_ports = o.sip_ports;
  for (const input_entry& c : entries) {
    if (c.kind == input_kind::message) {
      files.push_back({c.name, c.path});
      continue;
    }
    if (!capture_format && format != out_format::text && format != out_format::jsonl)
      return usage_error("a capture is reported as text, jsonl, eve or zeek");
    if (!options_for(c.path, opts)) return 2;
    co.lint = &opts;
    status = std::max(status, run_capture(c.path, co));
  }
  if (!o.interface.empty() || !o.hep.empty()) {  // a live capture or a HEP collector, after the files
    if (!capture_format && format != out_format::text && format != out_format::jsonl)
      return usage_error("a capture is reported as text, jsonl, eve or zeek");
    if (!options_for("-", opts)) return 2;
    co.lint = &opts;
  }
  if (!o.interface.empty()) {
    co.interface = o.interface;
    co.filter = o.filter;
    status = std::max(status, run_capture({}, co));
  }
  if (!o.hep.empty()) {
    co.interface.clear();
    co.hep = o.hep;
    status = std::max(status, run_capture({}, co));
  }
  if (files.empty()) return status;
  if (capture_format) return usage_error("--format " + o.format + " describes captures; " + files[0].name + " is a message file");

  std::unique_ptr<reporter> rep =
      make_reporter({.format = format, .profile = opts.profile, .quiet = o.quiet, .color = use_color(o.color)});
  if (!rep) return 2;

  totals t;
  message_view scratch;
  std::array<finding, max_findings_stored> storage;
  for (const input_file& f : files) {
    file_report r{&f, {}, {}};
    std::string err;
    if (!read_input(f.path, r.text, err)) {
      std::cerr << "sipspan: " << err << '\n';
      status = 2;
      continue;
    }
    if (!options_for(f.path, opts)) return 2;
    message_report m;
    m.summary = lint(r.text, scratch, storage, opts);
    m.findings.assign(storage.begin(), storage.begin() + static_cast<std::ptrdiff_t>(m.summary.stored));
    const std::uint64_t fingerprint = message_fingerprint(r.text);
    if (!o.write_baseline.empty()) written.add(fingerprint, m, f.name);
    if (!o.baseline.empty()) t.baselined += baseline.subtract(fingerprint, m);
    ++t.files;
    ++t.messages;
    t.findings += m.summary.total;
    t.not_shown += m.summary.total - m.summary.stored;
    t.errors += m.summary.errors;
    t.warnings += m.summary.warnings;
    t.infos += m.summary.infos;
    if (!m.summary.parse.ok()) t.unparseable = true;
    r.messages.push_back(std::move(m));
    rep->file(r);
  }
  rep->finish(t);
  std::fflush(stdout);
  if (std::string err; !o.write_baseline.empty() && !written.write(o.write_baseline, err)) {
    std::cerr << "sipspan: " << err << '\n';
    return 2;
  }
  if (status == 0 && (t.errors != 0 || t.unparseable)) status = 1;
  return status;
}

}  // namespace sipspan::cli