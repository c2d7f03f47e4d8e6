// sipspan CLI — `sipspan lint [options] INPUT...`: the validator's findings.
//
// Each INPUT is a file holding one message, a directory (every regular file
// under it, sorted by path, without the corpus's *.jsonl, *.json, *.md and
// *.tsv side files) or - for standard input. Findings are written as compiler
// diagnostics (text), one JSON document (json), one object per finding
// (jsonl) or SARIF 2.1.0 for code-scanning services (sarif). --list-rules and
// --explain describe the rule catalogue; --list-rules --format markdown is
// docs/rules.md.
//
// Exit status: 0 no finding of severity error, 1 at least one (or an input
// that cannot be framed), 2 usage or I/O error (the other inputs are still
// checked). Outputs name files as given on the command line and carry no
// timestamps, so they can be compared byte for byte.

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "capture_input.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "json_writer.hpp"
#include "line_locator.hpp"
#include "markdown.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view tool_version = "0.1.0";
#ifndef SIPSPAN_DOCDIR
#define SIPSPAN_DOCDIR "/usr/local/share/doc/sipspan"
#endif
// The rule list as installed (docs/meson.build): SARIF viewers open it from helpUri.
constexpr std::string_view rules_doc_uri = "file://" SIPSPAN_DOCDIR "/rules.md";
constexpr std::array<lint_profile, 3> all_profiles{lint_profile::strict, lint_profile::interop,
                                                   lint_profile::forensic};

enum class out_format { text, json, jsonl, sarif, markdown };

bool format_from_name(std::string_view s, out_format& f) {
  if (s == "text") f = out_format::text;
  else if (s == "json") f = out_format::json;
  else if (s == "jsonl") f = out_format::jsonl;
  else if (s == "sarif") f = out_format::sarif;
  else if (s == "markdown") f = out_format::markdown;
  else return false;
  return true;
}

int usage_error(const std::string& what) {
  std::cerr << "sipspan lint: " << what << '\n';
  return 2;
}

void write_out(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

// ------------------------------------------------------------ the catalogue

std::string_view level_of(const rule_info& r, lint_profile p) { return severity_name(r.level[static_cast<int>(p)]); }

// The anchor GitHub gives the rule's heading in docs/rules.md ("### SS014 header-name-whitespace").
std::string anchor(const rule_info& r) {
  std::string a;
  for (char c : r.code) a += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  a += '-';
  a += r.name;
  return a;
}

// "header-name-whitespace" -> "HeaderNameWhitespace" (SARIF's rule name convention).
std::string pascal_case(std::string_view kebab) {
  std::string s;
  bool up = true;
  for (char c : kebab) {
    if (c == '-') {
      up = true;
      continue;
    }
    s += up ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    up = false;
  }
  return s;
}

std::string capitalized(std::string_view s) {
  std::string r(s);
  if (!r.empty()) r[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(r[0])));
  return r;
}

// The catalogue's groups, by the hundreds digit of the code.
std::string_view group_title(std::string_view code) {
  switch (code.size() > 2 ? code[2] : '?') {
    case '0': return "Framing and the parse's deviations (SS0xx)";
    case '1': return "The start line (SS1xx)";
    case '2': return "Presence and placement of headers (SS2xx)";
    case '3': return "The grammar of header values (SS3xx)";
    case '4': return "Semantics (SS4xx)";
    case '5': return "Bodies: SDP and multipart (SS5xx)";
    case '6': return "Style notes (SS6xx)";
    default: return "Other rules";
  }
}

// Word-wrap `text` at `width` cells (UTF-8 aware), each line indented by `indent`.
std::string wrap(std::string_view text, std::size_t width, std::string_view indent) {
  std::string out, line;
  std::size_t cells = 0;
  auto width_of = [](std::string_view w) {
    return static_cast<std::size_t>(std::count_if(w.begin(), w.end(), [](char c) {
      return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    }));
  };
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t e = text.find(' ', i);
    if (e == std::string_view::npos) e = text.size();
    std::string_view word = text.substr(i, e - i);
    i = e + 1;
    if (word.empty()) continue;
    std::size_t w = width_of(word);
    if (!line.empty() && cells + 1 + w > width) {
      out += std::string(indent) + line + '\n';
      line.clear();
      cells = 0;
    }
    if (!line.empty()) {
      line += ' ';
      ++cells;
    }
    line += word;
    cells += w;
  }
  if (!line.empty()) out += std::string(indent) + line + '\n';
  return out;
}

void rule_json(json_writer& j, const rule_info& r) {
  j.begin_object();
  j.field("code", r.code).field("name", r.name);
  j.key("severity").begin_object();
  for (lint_profile p : all_profiles) j.field(profile_name(p), level_of(r, p));
  j.end_object();
  j.field("rfc", r.rfc).field("summary", r.summary).field("explanation", r.explanation);
  j.field("doc", std::string("docs/rules.md#") + anchor(r));
  j.end_object();
}

std::string rules_table_text() {
  std::size_t name_width = 4;
  for (const rule_info& r : rules()) name_width = std::max(name_width, r.name.size());
  auto row = [&](std::string_view code, std::string_view name, std::string_view s, std::string_view i,
                 std::string_view f, std::string_view summary) {
    std::string line(code);
    line.resize(7, ' ');
    line += name;
    line.resize(7 + name_width + 2, ' ');
    for (std::string_view level : {s, i, f}) {
      line += level;
      line.resize(line.size() + 9 - level.size(), ' ');
    }
    line += summary;
    return line + '\n';
  };
  std::string out = row("CODE", "NAME", "STRICT", "INTEROP", "FORENSIC", "SUMMARY");
  for (const rule_info& r : rules())
    out += row(r.code, r.name, level_of(r, lint_profile::strict), level_of(r, lint_profile::interop),
               level_of(r, lint_profile::forensic), r.summary);
  return out;
}

std::string rules_markdown() {
  std::string md;
  md += "# sipspan lint rules\n\n";
  md += "<!-- Generated by `sipspan lint --list-rules --format markdown`; do not edit by hand. -->\n\n";
  md += "`sipspan lint` checks SIP messages against RFC 3261, its extensions and the SDP and MIME RFCs. "
        "Every finding names a rule of the catalogue below by a stable code (`SS014`) and name "
        "(`header-name-whitespace`), points at the byte where it fires and cites the RFC clause.\n\n";
  md += "This page is generated from the rule catalogue (`SIPSPAN_RULE_LIST` in "
        "`parser/include/sipspan/lint.hpp`). After changing the catalogue, regenerate it with\n\n";
  md += "```sh\nsipspan lint --list-rules --format markdown > docs/rules.md\n```\n\n";
  md += "A test fails while this file and the command's output differ.\n\n";
  md += "## Profiles\n\n";
  md += "Each rule has a severity (error, warning, info or off) in each of three profiles, chosen with "
        "`--profile` (default `strict`):\n\n";
  md += "- **strict**: the RFC's letter. What the ABNF and the MUSTs forbid is an error; legal but unusual "
        "forms are info.\n";
  md += "- **interop**: what deployed stacks send and accept. Each tolerated quirk is a warning whose "
        "explanation says the risk; style notes are off.\n";
  md += "- **forensic**: anything that can be framed is read and everything is reported, style notes "
        "(compact forms, unknown headers) included.\n\n";
  md += "`--disable RULE` turns a rule off; `--enable RULE` turns on a rule the profile has off, at its "
        "strict severity (its forensic one when strict has it off too). RULE is a code or a name. "
        "`sipspan lint --explain RULE` prints a rule's entry in the terminal. `sipspan lint` exits with 1 "
        "when a message has a finding of severity error.\n\n";
  md += "## Catalogue\n\n";
  md += "| Code | Name | strict | interop | forensic | Summary |\n";
  md += "|------|------|--------|---------|----------|---------|\n";
  for (const rule_info& r : rules()) {
    md += "| [" + std::string(r.code) + "](#" + anchor(r) + ") | `" + std::string(r.name) + "` | ";
    for (lint_profile p : all_profiles) md += std::string(level_of(r, p)) + " | ";
    md += md_text(r.summary) + " |\n";
  }
  std::string_view group;
  for (const rule_info& r : rules()) {
    if (group_title(r.code) != group) {
      group = group_title(r.code);
      md += "\n## " + std::string(group) + "\n";
    }
    md += "\n### " + std::string(r.code) + " " + std::string(r.name) + "\n\n";
    md += md_text(capitalized(r.summary)) + ".\n\n";
    md += "- Severity: ";
    for (lint_profile p : all_profiles) {
      if (p != lint_profile::strict) md += ", ";
      md += std::string(profile_name(p)) + " **" + std::string(level_of(r, p)) + "**";
    }
    md += "\n- RFC: " + md_text(r.rfc) + "\n\n";
    md += md_text(r.explanation) + "\n";
  }
  return md;
}

int list_rules(out_format f) {
  std::string out;
  switch (f) {
    case out_format::text: out = rules_table_text(); break;
    case out_format::markdown: out = rules_markdown(); break;
    case out_format::json: {
      json_writer j(out);
      j.begin_array();
      for (const rule_info& r : rules()) rule_json(j, r);
      j.end_array();
      break;
    }
    case out_format::jsonl:
      for (const rule_info& r : rules()) {
        json_writer j(out, false);
        rule_json(j, r);
      }
      break;
    case out_format::sarif: return usage_error("--list-rules prints text, json, jsonl or markdown");
  }
  write_out(out);
  return 0;
}

int explain(std::string_view name, out_format f) {
  rule_id id;
  if (!find_rule(name, id))
    return usage_error("unknown rule '" + std::string(name) + "' (sipspan lint --list-rules lists them)");
  const rule_info& r = rule(id);
  std::string out;
  if (f == out_format::json || f == out_format::jsonl) {
    json_writer j(out, f == out_format::json);
    rule_json(j, r);
  } else if (f == out_format::text) {
    out += std::string(r.code) + " " + std::string(r.name) + "\n";
    out += "  severity: ";
    for (lint_profile p : all_profiles) {
      if (p != lint_profile::strict) out += ", ";
      out += std::string(profile_name(p)) + " " + std::string(level_of(r, p));
    }
    out += "\n  rfc:      " + std::string(r.rfc) + "\n";
    out += "  summary:  " + std::string(r.summary) + "\n";
    out += "  doc:      docs/rules.md#" + anchor(r) + "\n\n";
    out += wrap(r.explanation, 76, "  ");
  } else {
    return usage_error("--explain prints text or json");
  }
  write_out(out);
  return 0;
}

// ------------------------------------------------------------ inputs

struct input_file {
  std::string name;  // as shown: the path as given (forward slashes), "<stdin>" for -
  std::string path;  // as opened: "-" for standard input
};

bool skipped_side_file(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".jsonl" || ext == ".json" || ext == ".md" || ext == ".tsv";
}

// The files an INPUT stands for; false (and a message) when it cannot be listed.
bool expand(const std::string& input, std::vector<input_file>& files, std::string& error) {
  if (input == "-") {
    files.push_back({"<stdin>", "-"});
    return true;
  }
  std::error_code ec;
  if (!fs::is_directory(input, ec)) {
    files.push_back({fs::path(input).generic_string(), input});  // read_input reports what is wrong
    return true;
  }
  std::vector<input_file> found;
  fs::recursive_directory_iterator it(input, fs::directory_options::none, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::error_code fec;
    if (!it->is_regular_file(fec) || skipped_side_file(it->path())) continue;
    found.push_back({it->path().generic_string(), it->path().string()});
  }
  if (ec) {
    error = input + ": cannot list: " + ec.message();
    return false;
  }
  std::sort(found.begin(), found.end(), [](const input_file& a, const input_file& b) { return a.name < b.name; });
  files.insert(files.end(), found.begin(), found.end());
  return true;
}

// ------------------------------------------------------------ findings

}  // namespace

// The sentence of a finding: the rule's summary, the parser's detail, the header.

struct message_report {
  std::size_t index = 0;
  lint_summary summary;
  std::vector<finding> findings;  // the stored ones, in message order
};

struct file_report {
  const input_file* file;
  std::string text;
  std::vector<message_report> messages;
};

struct totals {
  std::size_t files = 0, messages = 0, findings = 0, not_shown = 0;
  std::size_t errors = 0, warnings = 0, infos = 0;
  bool unparseable = false;
};

std::string_view sarif_level(severity s) {
  return s == severity::error ? "error" : s == severity::warning ? "warning" : s == severity::info ? "note" : "none";
}

// The fields every machine-readable finding carries.

namespace {

// A relative reference for SARIF: the path as given, percent-encoded.
std::string uri_of(std::string_view name) {
  static const char hex[] = "0123456789ABCDEF";
  std::string u;
  if (name == "<stdin>") return "stdin";
  std::string_view n = name;
  while (n.substr(0, 2) == "./") n.remove_prefix(2);
  if (!n.empty() && n[0] == '/') u = "file://";
  for (unsigned char c : n) {
    if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos) {
      u += static_cast<char>(c);
    } else {
      u += '%';
      u += hex[c >> 4];
      u += hex[c & 15];
    }
  }
  return u;
}

// ------------------------------------------------------------ reporters

class reporter {
 public:
  virtual ~reporter() = default;
  virtual void file(const file_report& r) = 0;
  virtual void finish(const totals& t) = 0;
};

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

class text_reporter final : public reporter {
 public:
  text_reporter(bool quiet, bool color) : quiet_(quiet), color_(color) {}
  void file(const file_report& r) override {
    std::string out;
    line_locator where(r.text);
    for (const message_report& m : r.messages) {
      for (const finding& f : m.findings) {
        const rule_info& ri = rule(f.rule);
        out += diagnostic(r.file->name, r.text, where, f.offset, severity_name(f.level), finding_message(f),
                          std::string(ri.code) + " " + std::string(ri.name), diagnostic_style{color_, f.length});
      }
      if (m.summary.total > m.findings.size())
        out += shown_text(r.file->name, r.file->name.size()) + ": " +
               plural(m.summary.total - m.findings.size(), "more finding", "more findings") +
               " not shown\n";
      if (m.summary.total == 0 && !quiet_) out += shown_text(r.file->name, r.file->name.size()) + ": no findings\n";
    }
    write_out(out);
  }
  void finish(const totals& t) override {
    std::string s = plural(t.files, "file", "files") + ", " + plural(t.messages, "message", "messages") + ": " +
                    plural(t.errors, "error", "errors") + ", " + plural(t.warnings, "warning", "warnings") + ", " +
                    plural(t.infos, "info", "infos") + "\n";
    write_out(s);
  }

 private:
  bool quiet_, color_;
};

class jsonl_reporter final : public reporter {
 public:
  void file(const file_report& r) override {
    std::string out;
    line_locator starts(r.text), ends(r.text);
    for (const message_report& m : r.messages)
      for (const finding& f : m.findings) {
        json_writer j(out, false);
        j.begin_object();
        j.field("file", r.file->name).field("message_index", m.index);
        finding_fields(j, f, starts, ends);
        j.end_object();
      }
    write_out(out);
  }
  void finish(const totals&) override {}
};

void summary_fields(json_writer& j, const totals& t) {
  j.field("files", t.files).field("messages", t.messages).field("findings", t.findings);
  j.field("errors", t.errors).field("warnings", t.warnings).field("infos", t.infos);
  j.field("not_shown", t.not_shown);
}

class json_reporter final : public reporter {
 public:
  json_reporter(lint_profile p, bool quiet) : j_(out_), quiet_(quiet) {
    j_.begin_object();
    j_.field("tool", "sipspan").field("version", tool_version).field("profile", profile_name(p));
    j_.key("files").begin_array();
  }
  void file(const file_report& r) override {
    bool any = std::any_of(r.messages.begin(), r.messages.end(),
                           [](const message_report& m) { return m.summary.total != 0; });
    if (quiet_ && !any) return;
    j_.begin_object();
    j_.field("file", r.file->name);
    j_.key("messages").begin_array();
    line_locator starts(r.text), ends(r.text);
    for (const message_report& m : r.messages) {
      if (quiet_ && m.summary.total == 0) continue;
      j_.begin_object();
      j_.field("message_index", m.index);
      j_.field("parsed", m.summary.parse.ok());
      j_.field("total", m.summary.total);
      j_.field("errors", m.summary.errors).field("warnings", m.summary.warnings).field("infos", m.summary.infos);
      j_.key("findings").begin_array();
      for (const finding& f : m.findings) {
        j_.begin_object();
        finding_fields(j_, f, starts, ends);
        j_.end_object();
      }
      j_.end_array();
      j_.end_object();
    }
    j_.end_array();
    j_.end_object();
  }
  void finish(const totals& t) override {
    j_.end_array();
    j_.key("summary").begin_object();
    summary_fields(j_, t);
    j_.end_object();
    j_.end_object();
    write_out(out_);
  }

 private:
  std::string out_;
  json_writer j_;
  bool quiet_;
};

class sarif_reporter final : public reporter {
 public:
  explicit sarif_reporter(lint_profile p) : j_(out_) {
    j_.begin_object();
    j_.field("$schema", "https://json.schemastore.org/sarif-2.1.0.json").field("version", "2.1.0");
    j_.key("runs").begin_array().begin_object();
    j_.key("tool").begin_object().key("driver").begin_object();
    j_.field("name", "sipspan").field("version", tool_version).field("semanticVersion", tool_version);
    j_.key("rules").begin_array();
    for (const rule_info& r : rules()) {
      severity level = r.level[static_cast<int>(p)];
      j_.begin_object();
      j_.field("id", r.code).field("name", pascal_case(r.name));
      j_.key("shortDescription").begin_object().field("text", capitalized(r.summary)).end_object();
      j_.key("fullDescription").begin_object().field("text", r.explanation).end_object();
      j_.key("help").begin_object();
      j_.field("text", std::string(r.code) + " " + std::string(r.name) + " (" + std::string(r.rfc) + "): " +
                           std::string(r.explanation));
      j_.end_object();
      j_.field("helpUri", std::string(rules_doc_uri) + "#" + anchor(r));
      j_.key("defaultConfiguration").begin_object();
      j_.field("enabled", level != severity::off);
      j_.field("level", level == severity::off ? std::string_view("note") : sarif_level(level));
      j_.end_object();
      j_.key("properties").begin_object();
      j_.key("tags").begin_array().value(r.rfc).value(r.name).end_array();
      j_.end_object();
      j_.end_object();
    }
    j_.end_array();
    j_.end_object().end_object();  // driver, tool
    j_.key("results").begin_array();
  }
  void file(const file_report& r) override {
    const std::string uri = uri_of(r.file->name);
    line_locator starts(r.text), ends(r.text);
    for (const message_report& m : r.messages)
      for (const finding& f : m.findings) {
        const std::size_t to = static_cast<std::size_t>(f.offset) + f.length;
        line_column at = starts(f.offset), end = ends(to);
        j_.begin_object();
        j_.field("ruleId", rule(f.rule).code).field("ruleIndex", static_cast<unsigned>(f.rule));
        j_.field("level", sarif_level(f.level));
        j_.key("message").begin_object().field("text", finding_message(f)).end_object();
        j_.key("locations").begin_array().begin_object().key("physicalLocation").begin_object();
        j_.key("artifactLocation").begin_object().field("uri", uri);
        if (uri.rfind("file:", 0) != 0) j_.field("uriBaseId", "%SRCROOT%");
        j_.end_object();
        j_.key("region").begin_object();
        j_.field("startLine", at.line).field("startColumn", starts.code_point_column(f.offset));
        j_.field("endLine", end.line).field("endColumn", ends.code_point_column(to));
        j_.field("byteOffset", f.offset).field("byteLength", f.length);
        j_.end_object();
        j_.end_object().end_object().end_array();  // physicalLocation, location, locations
        j_.end_object();
      }
  }
  void finish(const totals&) override {
    j_.end_array();                 // results
    j_.field("columnKind", "unicodeCodePoints");
    j_.end_object().end_array();    // run, runs
    j_.end_object();
    write_out(out_);
  }

 private:
  std::string out_;
  json_writer j_;
};

bool use_color(std::string_view mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  const char* no_color = std::getenv("NO_COLOR");
  if (no_color && *no_color) return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

}  // namespace

int run_lint(const lint_cli_options& o) {
  out_format format;
  if (!format_from_name(o.format, format)) return usage_error("unknown --format '" + o.format + "'");
  if (o.color != "auto" && o.color != "always" && o.color != "never")
    return usage_error("--color takes auto, always or never");
  if (o.list_rules) return list_rules(format);
  if (!o.explain.empty()) return explain(o.explain, format);
  if (format == out_format::markdown) return usage_error("--format markdown goes with --list-rules");

  lint_options opts;
  if (!profile_from_name(o.profile, opts.profile))
    return usage_error("unknown --profile '" + o.profile + "' (strict, interop or forensic)");
  for (auto [names, bits] : {std::pair{&o.enable, &opts.enable}, std::pair{&o.disable, &opts.disable}})
    for (const std::string& n : *names) {
      rule_id id;
      if (!find_rule(n, id))
        return usage_error("unknown rule '" + n + "' (sipspan lint --list-rules lists them)");
      bits->set(static_cast<std::size_t>(id));
    }
  opts.max_findings = o.max_findings;
  std::vector<std::string> captures = o.captures, inputs;
  split_captures(o.inputs, captures, inputs);
  if (inputs.empty() && captures.empty()) return usage_error("no INPUT (a file, a directory or - for standard input)");

  int status = 0;
  for (const std::string& c : captures) {
    if (format != out_format::text && format != out_format::jsonl)
      return usage_error("a capture is reported as text or jsonl");
    capture_run_options co;
    co.job = capture_job::lint;
    co.format = o.format;
    co.report = o.report;
    co.lint = &opts;
    co.threads = o.threads;
    co.sip_ports = o.sip_ports;
    status = std::max(status, run_capture(c, co));
  }
  if (inputs.empty()) return status;
  std::vector<input_file> files;
  for (const std::string& in : inputs) {
    std::string err;
    if (!expand(in, files, err)) {
      std::cerr << "sipspan: " << err << '\n';
      status = 2;
    }
  }

  std::unique_ptr<reporter> rep;
  switch (format) {
    case out_format::text: rep = std::make_unique<text_reporter>(o.quiet, use_color(o.color)); break;
    case out_format::json: rep = std::make_unique<json_reporter>(opts.profile, o.quiet); break;
    case out_format::jsonl: rep = std::make_unique<jsonl_reporter>(); break;
    case out_format::sarif: rep = std::make_unique<sarif_reporter>(opts.profile); break;
    case out_format::markdown: return 2;
  }

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
    message_report m;
    m.summary = lint(r.text, scratch, storage, opts);
    m.findings.assign(storage.begin(), storage.begin() + static_cast<std::ptrdiff_t>(m.summary.stored));
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
  if (status == 0 && (t.errors != 0 || t.unparseable)) status = 1;
  return status;
}

}  // namespace sipspan::cli
