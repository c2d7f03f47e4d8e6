// sipspan CLI — `sipspan lint`'s reporters for CI systems:
//
//   github  GitHub Actions workflow commands, one a finding:
//           ::error file=F,line=L,col=C,endLine=L2,endColumn=C2,title=SS014 header-name-whitespace::message
//           (info findings are ::notice); the runner turns them into annotations.
//   junit   JUnit XML, as test-report viewers read it: one <testsuite> per input
//           file, one <testcase> per message, a <failure> per finding of severity
//           error (warnings and infos go to <system-out>, so they show without
//           failing the case).

#include <string>

#include "lint_report.hpp"

namespace sipspan::cli {
namespace {

// A workflow command's data: %, CR and LF escaped; in a property also : and ,.
std::string workflow_escape(std::string_view s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string_view workflow_command(severity s) {
  return s == severity::error ? "error" : s == severity::warning ? "warning" : "notice";
}

class github_reporter final : public finding_reporter {
  void record(std::string& out, const file_report& r, const message_report&, const finding& f, line_locator& starts,
              line_locator& ends) override {
    const rule_info& ri = rule(f.rule);
    line_column at = starts(f.offset), end = ends(static_cast<std::size_t>(f.offset) + f.length);
    out += "::" + std::string(workflow_command(f.level)) + " file=" + workflow_escape(r.file->name, true);
    out += ",line=" + std::to_string(at.line) + ",col=" + std::to_string(at.column);
    out += ",endLine=" + std::to_string(end.line) + ",endColumn=" + std::to_string(end.column);
    out += ",title=" + workflow_escape(std::string(ri.code) + " " + std::string(ri.name), true);
    out += "::" + workflow_escape(finding_message(f) + " (" + std::string(ri.rfc) + ")", false) + "\n";
  }
};

// XML character data and attribute values: the five entities, and every byte
// XML 1.0 cannot hold (a control, a byte that is not UTF-8) as the text
// "\xNN", so that the document stays well-formed.
std::string xml_escape(std::string_view s) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '&': out += "&amp;"; continue;
      case '<': out += "&lt;"; continue;
      case '>': out += "&gt;"; continue;
      case '"': out += "&quot;"; continue;
      case '\'': out += "&apos;"; continue;
      default: break;
    }
    std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len != 0 && i + len <= s.size() && (c >= 0x20 || c == '\t' || c == '\n' || c == '\r');
    for (std::size_t k = 1; ok && k < len; ++k) ok = (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80;
    if (!ok) {
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
      continue;
    }
    out.append(s.substr(i, len));
    i += len - 1;
  }
  return out;
}

class junit_reporter final : public reporter {
 public:
  explicit junit_reporter(lint_profile p) : profile_(p) {}
  void file(const file_report& r) override {
    std::size_t failures = 0;
    for (const message_report& m : r.messages)
      for (const finding& f : m.findings) failures += f.level == severity::error;
    failures_ += failures;
    tests_ += r.messages.size();
    const std::string suite = xml_escape(r.file->name);
    body_ += "  <testsuite name=\"" + suite + "\" tests=\"" + std::to_string(r.messages.size()) +
             "\" failures=\"" + std::to_string(failures) + "\" errors=\"0\">\n";
    line_locator starts(r.text);
    for (const message_report& m : r.messages) {
      body_ += "    <testcase classname=\"" + suite + "\" name=\"message " + std::to_string(m.index) + "\"";
      if (m.findings.empty()) {
        body_ += "/>\n";
        continue;
      }
      body_ += ">\n";
      std::string notes;
      for (const finding& f : m.findings) {
        const rule_info& ri = rule(f.rule);
        line_column at = starts(f.offset);
        const std::string where = r.file->name + ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
        const std::string text = where + ": " + std::string(severity_name(f.level)) + ": " + finding_message(f) +
                                 " [" + std::string(ri.code) + " " + std::string(ri.name) + "]";
        if (f.level == severity::error)
          body_ += "      <failure type=\"" + std::string(ri.code) + "\" message=\"" + xml_escape(finding_message(f)) +
                   "\">" + xml_escape(text + " (" + std::string(ri.rfc) + ")") + "</failure>\n";
        else
          notes += xml_escape(text) + "\n";
      }
      if (m.summary.total > m.findings.size())
        notes += plural(m.summary.total - m.findings.size(), "more finding", "more findings") + " not shown\n";
      if (!notes.empty()) body_ += "      <system-out>" + notes + "</system-out>\n";
      body_ += "    </testcase>\n";
    }
    body_ += "  </testsuite>\n";
  }
  void finish(const totals&) override {
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += "<testsuites name=\"sipspan lint (" + std::string(profile_name(profile_)) + ")\" tests=\"" +
           std::to_string(tests_) + "\" failures=\"" + std::to_string(failures_) + "\" errors=\"0\">\n";
    out += body_ + "</testsuites>\n";
    write_out(out);
  }

 private:
  lint_profile profile_;
  std::string body_;
  std::size_t tests_ = 0, failures_ = 0;  // messages, stored findings of severity error
};

}  // namespace

std::unique_ptr<reporter> make_github_reporter() { return std::make_unique<github_reporter>(); }
std::unique_ptr<reporter> make_junit_reporter(lint_profile p) { return std::make_unique<junit_reporter>(p); }

}  // namespace sipspan::cli
