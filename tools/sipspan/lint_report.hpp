// sipspan CLI — `sipspan lint`'s outputs: the formats, what a run found per
// file, and the reporters that write it (text, json, jsonl, sarif in
// lint_reporters.cpp; github, junit in lint_ci_reporters.cpp), beside the rule
// catalogue's listings (lint_catalogue.cpp).
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "json_writer.hpp"
#include "line_locator.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::cli {

inline constexpr std::string_view tool_version = "0.1.0";
#ifndef SIPSPAN_DOCDIR
#define SIPSPAN_DOCDIR "/usr/local/share/doc/sipspan"
#endif
// The rule list as installed (docs/meson.build): SARIF viewers open it from helpUri.
inline constexpr std::string_view rules_doc_uri = "file://" SIPSPAN_DOCDIR "/rules.md";
inline constexpr std::array<lint_profile, 3> all_profiles{lint_profile::strict, lint_profile::interop,
                                                          lint_profile::forensic};

#define SIPSPAN_LINT_FORMATS(X) X(text) X(json) X(jsonl) X(sarif) X(github) X(junit) X(markdown)
enum class out_format {
#define SIPSPAN_X(f) f,
  SIPSPAN_LINT_FORMATS(SIPSPAN_X)
#undef SIPSPAN_X
};
bool format_from_name(std::string_view s, out_format& f);

// "sipspan lint: WHAT" on stderr; returns 2, the usage status.
int usage_error(const std::string& what);
void write_out(const std::string& s);
std::string plural(std::size_t n, std::string_view one, std::string_view many);

// ------------------------------------------------------------ the catalogue
std::string_view level_of(const rule_info& r, lint_profile p);
// The anchor GitHub gives the rule's heading in docs/rules.md ("ss014-header-name-whitespace").
std::string anchor(const rule_info& r);
// "header-name-whitespace" -> "HeaderNameWhitespace" (SARIF's rule name convention).
std::string pascal_case(std::string_view kebab);
std::string capitalized(std::string_view s);
int list_rules(out_format f);
int explain(std::string_view name, out_format f);

// ------------------------------------------------------------ findings
struct input_file {
  std::string name;  // as shown: the path as given (forward slashes), "<stdin>" for -
  std::string path;  // as opened: "-" for standard input
};

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
  std::size_t baselined = 0;  // findings --baseline held back
  bool unparseable = false;
};

// The sentence of a finding: the rule's summary, the parser's detail, the header.
std::string finding_message(const finding& f);

class reporter {
 public:
  virtual ~reporter() = default;
  virtual void file(const file_report& r) = 0;
  virtual void finish(const totals& t) = 0;
};

// A reporter that writes one record per finding, file by file, and nothing at the end.
class finding_reporter : public reporter {
 public:
  void file(const file_report& r) final;
  void finish(const totals&) override {}

 protected:
  // Append the record of `f` to `out`; `starts` and `ends` locate offsets in r.text.
  virtual void record(std::string& out, const file_report& r, const message_report& m, const finding& f,
                      line_locator& starts, line_locator& ends) = 0;
};

struct reporter_options {
  out_format format = out_format::text;
  lint_profile profile = lint_profile::strict;
  bool quiet = false;
  bool color = false;
};
// The reporter of a format (none for markdown, which only --list-rules prints).
std::unique_ptr<reporter> make_reporter(const reporter_options& o);
std::unique_ptr<reporter> make_github_reporter();
std::unique_ptr<reporter> make_junit_reporter(lint_profile p);

}  // namespace sipspan::cli
