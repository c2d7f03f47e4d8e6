// sipspan CLI — `sipspan lint`'s reporters for people and tools: text
// (compiler diagnostics), one JSON document, JSON Lines and SARIF 2.1.0.

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>

#include "capture_input.hpp"
#include "finding_text.hpp"
#include "input.hpp"
#include "lint_report.hpp"
#include "sipspan/header_id.hpp"

namespace sipspan::cli {

std::string_view sarif_level(severity s) {
  return s == severity::error ? "error" : s == severity::warning ? "warning" : s == severity::info ? "note" : "none";
}

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
                    plural(t.infos, "info", "infos") +
                    (t.baselined ? " (" + plural(t.baselined, "finding", "findings") + " in the baseline not shown)" : "") +
                    "\n";
    write_out(s);
  }

 private:
  bool quiet_, color_;
};

class jsonl_reporter final : public finding_reporter {
  void record(std::string& out, const file_report& r, const message_report& m, const finding& f,
              line_locator& starts, line_locator& ends) override {
    json_writer j(out, false);
    j.begin_object();
    j.field("file", r.file->name).field("message_index", m.index);
    finding_fields(j, f, starts, ends);
    j.end_object();
  }
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

}  // namespace

void finding_reporter::file(const file_report& r) {
  std::string out;
  line_locator starts(r.text), ends(r.text);
  for (const message_report& m : r.messages)
    for (const finding& f : m.findings) record(out, r, m, f, starts, ends);
  write_out(out);
}

std::unique_ptr<reporter> make_reporter(const reporter_options& o) {
  switch (o.format) {
    case out_format::text: return std::make_unique<text_reporter>(o.quiet, o.color);
    case out_format::json: return std::make_unique<json_reporter>(o.profile, o.quiet);
    case out_format::jsonl: return std::make_unique<jsonl_reporter>();
    case out_format::sarif: return std::make_unique<sarif_reporter>(o.profile);
    case out_format::github: return make_github_reporter();
    case out_format::junit: return make_junit_reporter(o.profile);
    case out_format::markdown: break;
  }
  return nullptr;
}

}  // namespace sipspan::cli
