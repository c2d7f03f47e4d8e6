// sipspan — end-to-end tests of `sipspan lint`: the exit statuses scripts and CI
// rely on, the options, the text, JSON, JSON Lines and SARIF outputs (read back
// with simdjson, field by field), golden outputs, and docs/rules.md, which must
// be exactly what `sipspan lint --list-rules --format markdown` prints.
//
// SIPSPAN_CLI names the sipspan binary (meson sets it). Golden files live in
// tests/golden/lint/ (listed in cases.txt there); SIPSPAN_UPDATE_GOLDEN=1
// rewrites them, and docs/rules.md, from the current output.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "json_fields.hpp"
#include "sipspan/lint.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
using simdjson::dom::element;

using sipspan::testing::run_result;

// Run `sipspan ARGS` in `cwd`, the corpus directory unless told, so that paths
// in the outputs are relative and the same on every machine.
run_result run(const std::string& args, const std::string* stdin_bytes = nullptr, const std::string& env = "",
               const fs::path& cwd = sipspan::testing::corpus_dir()) {
  return sipspan::testing::run_cli(args, stdin_bytes, env, cwd);
}

using sipspan::testing::num;
using sipspan::testing::str;

std::vector<std::string> lines_of(const std::string& s) {
  std::vector<std::string> v;
  std::istringstream in(s);
  for (std::string l; std::getline(in, l);) v.push_back(l);
  return v;
}

const std::string mimicry = "seed/seed-mimicry.sip";
const std::string clean = "bench/07-options.sip";
const std::string clean_message =
    "OPTIONS sip:carol@chicago.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.example.com;branch=z9hG4bKhjhs8ass877\r\n"
    "Max-Forwards: 70\r\n"
    "To: <sip:carol@chicago.example.com>\r\n"
    "From: Alice <sip:alice@example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710\r\n"
    "CSeq: 63104 OPTIONS\r\n"
    "Accept: application/sdp\r\n"
    "Content-Length: 0\r\n\r\n";
// The same message with a bare LF after the To line: an error in strict, a warning in interop.
std::string bare_lf_message() {
  std::string m = clean_message;
  m.erase(m.find("\r\nFrom:"), 1);
  return m;
}

}  // namespace

// ---------------------------------------------------------------- exit status

TEST(lint, exit_statuses_are_the_contract) {
  run_result ok = run("lint --color never " + clean);
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_NE(ok.out.find(clean + ": no findings\n"), std::string::npos) << ok.out;
  EXPECT_NE(ok.out.find("1 file, 1 message: 0 errors, 0 warnings, 0 infos\n"), std::string::npos) << ok.out;

  run_result bad = run("lint --color never " + mimicry);
  EXPECT_EQ(bad.status, 1) << bad.err;
  EXPECT_TRUE(bad.err.empty()) << bad.err;

  run_result missing = run("lint no/such/file.sip " + clean);
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("no/such/file.sip: cannot open"), std::string::npos) << missing.err;
  EXPECT_NE(missing.out.find(clean + ": no findings"), std::string::npos) << "the other inputs are still checked";
  EXPECT_NE(missing.out.find("1 file, 1 message"), std::string::npos) << missing.out;
  EXPECT_EQ(run("lint no/such/file.sip " + mimicry).status, 2) << "an I/O error outranks findings";

  run_result unknown = run("lint --select SS999 " + clean);
  EXPECT_EQ(unknown.status, 2);
  EXPECT_NE(unknown.err.find("unknown rule or prefix 'SS999'"), std::string::npos) << unknown.err;
  EXPECT_EQ(run("lint --ignore no-such-rule " + clean).status, 2);
  EXPECT_EQ(run("lint --frobnicate " + clean).status, 2);
  EXPECT_EQ(run("lint --format xml " + clean).status, 2);
  EXPECT_EQ(run("lint --mode lenient " + clean).status, 2);
  EXPECT_EQ(run("lint --color sometimes " + clean).status, 2);
  EXPECT_EQ(run("lint --max-findings many " + clean).status, 2);
  EXPECT_EQ(run("lint --format markdown " + clean).status, 2) << "markdown goes with --list-rules";
  EXPECT_EQ(run("lint").status, 2) << "no input";
  EXPECT_EQ(run("lint --explain SS999").status, 2);
}

TEST(lint, unparseable_input_exits_1) {
  std::string junk = "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03";
  run_result r = run("lint --color never -", &junk);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("<stdin>:1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[SS001 unparseable-message]"), std::string::npos) << r.out;
  // even with its rule turned off, a message that cannot be read is not a pass
  EXPECT_EQ(run("lint --ignore SS001 -", &junk).status, 1);
}

// ---------------------------------------------------------------- options

TEST(lint, ignore_the_only_error_rule_passes) {
  std::string m = bare_lf_message();
  run_result strict = run("lint --color never --format jsonl -", &m);
  ASSERT_EQ(strict.status, 1) << strict.out;
  std::vector<std::string> findings = lines_of(strict.out);
  ASSERT_EQ(findings.size(), 1u) << strict.out;
  EXPECT_NE(findings[0].find("\"code\":\"SS012\""), std::string::npos) << findings[0];

  run_result by_code = run("lint --ignore SS012 -", &m);
  EXPECT_EQ(by_code.status, 0) << by_code.out;
  run_result by_name = run("lint --ignore bare-lf-line-end -", &m);
  EXPECT_EQ(by_name.status, 0) << by_name.out;
  EXPECT_NE(by_name.out.find("0 errors"), std::string::npos) << by_name.out;
}

TEST(lint, interop_profile_downgrades_bare_lf_to_a_warning) {
  std::string m = bare_lf_message();
  run_result r = run("lint --color never --mode interop -", &m);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("<stdin>:4:36: warning: To: a line ends in LF without CR [SS012 bare-lf-line-end]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("0 errors, 1 warning, 0 infos"), std::string::npos) << r.out;
}

TEST(lint, extend_select_turns_on_a_rule_the_profile_has_off) {
  std::string m = clean_message;
  m.replace(m.find("Content-Length: 0"), 14, "l");
  run_result off = run("lint --format jsonl -", &m);
  EXPECT_EQ(off.status, 0);
  EXPECT_EQ(off.out, "") << "compact-form is off in strict";
  for (const char* rule : {"SS601", "compact-form"}) {
    run_result on = run(std::string("lint --format jsonl --extend-select ") + rule + " -", &m);
    EXPECT_EQ(on.status, 0) << "an info is not an error";
    std::vector<std::string> findings = lines_of(on.out);
    ASSERT_EQ(findings.size(), 1u) << on.out;
    simdjson::dom::parser p;
    element f;
    ASSERT_EQ(p.parse(findings[0]).get(f), simdjson::SUCCESS);
    EXPECT_EQ(str(f["code"]), "SS601");
    EXPECT_EQ(str(f["rule"]), "compact-form");
    EXPECT_EQ(str(f["severity"]), "info");
    EXPECT_EQ(str(f["header"]), "Content-Length");
    EXPECT_EQ(num(f["line"]), 9u);
    EXPECT_EQ(num(f["column"]), 1u);
  }
  // a rule selected and ignored as specifically is a usage error, not a guess
  run_result both = run("lint --format jsonl --extend-select SS601 --ignore compact-form -", &m);
  EXPECT_EQ(both.status, 2);
  EXPECT_EQ(both.out, "");
  EXPECT_NE(both.err.find("SS601 compact-form is both selected ('SS601') and ignored ('compact-form')"),
            std::string::npos)
      << both.err;
}

TEST(lint, max_findings_limits_what_is_shown_not_what_is_counted) {
  run_result all = run("lint --format jsonl " + mimicry);
  std::size_t total = lines_of(all.out).size();
  ASSERT_GT(total, 3u);
  run_result some = run("lint --color never --max-findings 2 " + mimicry);
  EXPECT_EQ(some.status, 1);
  EXPECT_EQ(std::count(some.out.begin(), some.out.end(), '^'), 2) << some.out;
  EXPECT_NE(some.out.find(mimicry + ": " + std::to_string(total - 2) + " more findings not shown\n"), std::string::npos)
      << some.out;
  run_result json = run("lint --format json --max-findings 1 " + mimicry);
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(json.out).get(doc), simdjson::SUCCESS);
  element msg = doc["files"].at(0)["messages"].at(0);
  EXPECT_EQ(msg["findings"].get_array().value().size(), 1u);
  EXPECT_EQ(num(msg["total"]), total);
  EXPECT_EQ(num(doc["summary"]["findings"]), total);
  EXPECT_EQ(num(doc["summary"]["not_shown"]), total - 1);
}

TEST(lint, quiet_says_nothing_about_clean_messages) {
  run_result text = run("lint --quiet --color never " + clean + " " + mimicry);
  EXPECT_EQ(text.out.find(clean), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(mimicry + ":9:6: error:"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("2 files, 2 messages:"), std::string::npos) << text.out;
  run_result clean_only = run("lint --quiet --color never " + clean);
  EXPECT_EQ(clean_only.out, "1 file, 1 message: 0 errors, 0 warnings, 0 infos\n");

  run_result json = run("lint --quiet --format json " + clean + " " + mimicry);
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(json.out).get(doc), simdjson::SUCCESS);
  simdjson::dom::array files = doc["files"].get_array().value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(str(files.at(0)["file"]), mimicry);
  EXPECT_EQ(num(doc["summary"]["files"]), 2u);
}

TEST(lint, directory_input_reads_every_message_file_in_path_order) {
  // a tree of our own: side files are skipped, subdirectories are read
  fs::path dir = fs::path(::testing::TempDir()) / "sipspan_lint_tree";
  fs::remove_all(dir);
  fs::create_directories(dir / "b");
  std::ofstream(dir / "b" / "2.sip", std::ios::binary) << clean_message;
  std::ofstream(dir / "a.sip", std::ios::binary) << clean_message;
  std::ofstream(dir / "c.msg", std::ios::binary) << bare_lf_message();
  for (const char* side : {"labels.jsonl", "profile.json", "README.md", "expect.tsv"})
    std::ofstream(dir / side) << "not a message\n";
  run_result r = run("lint --color never sipspan_lint_tree", nullptr, "", ::testing::TempDir());
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_EQ(r.out,
            "sipspan_lint_tree/a.sip: no findings\n"
            "sipspan_lint_tree/b/2.sip: no findings\n"
            "sipspan_lint_tree/c.msg:4:36: error: To: a line ends in LF without CR [SS012 bare-lf-line-end]\n"
            "  To: <sip:carol@chicago.example.com>\n"
            "                                     ^\n"
            "3 files, 3 messages: 1 error, 0 warnings, 0 infos\n");
  fs::remove_all(dir);

  // the corpus's own directories, with their README.md left out
  run_result torture = run("lint --format json torture/valid");
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(torture.out).get(doc), simdjson::SUCCESS) << torture.err;
  std::vector<std::string> expected;
  for (const auto& e : fs::directory_iterator(sipspan::testing::corpus_dir() / "torture" / "valid"))
    if (e.path().extension() != ".md") expected.push_back("torture/valid/" + e.path().filename().string());
  std::sort(expected.begin(), expected.end());
  std::vector<std::string> seen;
  for (element f : doc["files"].get_array()) seen.push_back(str(f["file"]));
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(num(doc["summary"]["files"]), expected.size());
  EXPECT_EQ(num(doc["summary"]["messages"]), expected.size());
}

TEST(lint, standard_input) {
  std::string m = clean_message;
  run_result r = run("lint --color never -", &m);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "<stdin>: no findings\n1 file, 1 message: 0 errors, 0 warnings, 0 infos\n");
}

TEST(lint, explain_prints_the_rules_entry) {
  for (const char* name : {"SS014", "ss014", "header-name-whitespace"}) {
    run_result r = run(std::string("lint --explain ") + name);
    EXPECT_EQ(r.status, 0) << name;
    EXPECT_EQ(r.out.rfind("SS014 header-name-whitespace\n", 0), 0u) << r.out;
    EXPECT_NE(r.out.find("severity: strict error, interop error, forensic error\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("RFC 3261 §7.3.1, §25.1"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("whitespace inside a header name"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("classic mimicry"), std::string::npos) << "the explanation" << r.out;
  }
  run_result off = run("lint --explain compact-form");
  EXPECT_NE(off.out.find("strict off, interop off, forensic info"), std::string::npos) << off.out;
}

TEST(lint, list_rules_names_every_rule_once) {
  run_result r = run("lint --list-rules --format json");
  ASSERT_EQ(r.status, 0);
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(r.out).get(doc), simdjson::SUCCESS);
  std::set<std::string> codes, names;
  std::size_t n = 0;
  for (element e : doc.get_array()) {
    ++n;
    codes.insert(str(e["code"]));
    names.insert(str(e["name"]));
    EXPECT_FALSE(str(e["rfc"]).empty());
    EXPECT_FALSE(str(e["summary"]).empty());
    EXPECT_FALSE(str(e["explanation"]).empty());
    for (const char* profile : {"strict", "interop", "forensic"})
      EXPECT_TRUE(std::set<std::string>({"off", "info", "warning", "error"}).count(str(e["severity"][profile])));
  }
  EXPECT_EQ(n, sipspan::rule_count);
  EXPECT_EQ(codes.size(), n);
  EXPECT_EQ(names.size(), n);
  for (const sipspan::rule_info& ri : sipspan::rules()) EXPECT_TRUE(codes.count(std::string(ri.code))) << ri.code;

  run_result text = run("lint --list-rules");
  EXPECT_EQ(text.status, 0);
  EXPECT_EQ(lines_of(text.out).size(), sipspan::rule_count + 1) << "a heading and a row per rule";
  EXPECT_EQ(run("lint --list-rules --format sarif").status, 2);
}

// ---------------------------------------------------------------- text

TEST(lint, text_points_at_the_byte_and_escapes_control_bytes) {
  std::string m = clean_message;
  m.insert(m.find("To:") + 2, "\x01");  // "To\x01:"
  m.insert(m.find("Accept: ") + 8, "\tx");
  run_result r = run("lint --color never -", &m);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("<stdin>:4:3: error: a control byte in a header name [SS016 header-name-control-byte]\n"
                       "  To\\x01: <sip:carol@chicago.example.com>\n"
                       "    ^\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("missing mandatory header To [SS201 missing-mandatory-header]"), std::string::npos) << r.out;
}

TEST(lint, color_only_when_asked_or_on_a_terminal) {
  run_result plain = run("lint " + mimicry);  // stdout is a file: auto means no color
  EXPECT_EQ(plain.out.find('\033'), std::string::npos);
  run_result color = run("lint --color always " + mimicry);
  EXPECT_NE(color.out.find("\033[1m" + mimicry + ":9:6:\033[0m \033[1;31merror:\033[0m"), std::string::npos)
      << color.out;
  EXPECT_EQ(run("lint --color never " + mimicry).out, plain.out);
  EXPECT_EQ(run("lint --color auto " + mimicry, nullptr, "NO_COLOR=1").out.find('\033'), std::string::npos);
}

// ---------------------------------------------------------------- json, jsonl

TEST(lint, json_reports_the_mimicry_findings_where_they_are) {
  run_result r = run("lint --format json " + mimicry);
  EXPECT_EQ(r.status, 1);
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(r.out).get(doc), simdjson::SUCCESS) << r.out.substr(0, 300);
  EXPECT_EQ(str(doc["tool"]), "sipspan");
  EXPECT_FALSE(str(doc["version"]).empty());
  EXPECT_EQ(str(doc["profile"]), "strict");
  simdjson::dom::array files = doc["files"].get_array().value();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(str(files.at(0)["file"]), mimicry);
  element msg = files.at(0)["messages"].at(0);
  EXPECT_EQ(num(msg["message_index"]), 0u);
  EXPECT_TRUE(msg["parsed"].get_bool().value());

  std::vector<std::string> where;  // "rule line:column"
  bool via_error_on_16 = false;
  std::size_t errors = 0;
  for (element f : msg["findings"].get_array()) {
    std::string rule = str(f["rule"]), sev = str(f["severity"]);
    if (rule == "header-name-whitespace" || rule == "comma-in-single-value-header")
      where.push_back(rule + " " + std::to_string(num(f["line"])) + ":" + std::to_string(num(f["column"])));
    if (num(f["line"]) == 16 && sev == "error" && !f["header"].is_null() && str(f["header"]) == "Via")
      via_error_on_16 = true;
    errors += sev == "error";
  }
  EXPECT_EQ(where, (std::vector<std::string>{"header-name-whitespace 9:6", "header-name-whitespace 11:3",
                                             "comma-in-single-value-header 14:14",
                                             "comma-in-single-value-header 15:48"}));
  EXPECT_TRUE(via_error_on_16);
  EXPECT_EQ(num(doc["summary"]["errors"]), errors);
  EXPECT_EQ(num(msg["errors"]), errors);

  // one finding, every field
  element first = msg["findings"].at(0);
  for (element f : msg["findings"].get_array())
    if (str(f["rule"]) == "comma-in-single-value-header") {
      first = f;
      break;
    }
  EXPECT_EQ(str(first["code"]), "SS020");
  EXPECT_EQ(str(first["severity"]), "error");
  EXPECT_EQ(str(first["header"]), "From");
  EXPECT_EQ(str(first["message"]), "From: a comma outside quotes and <> in a single-valued header");
  EXPECT_EQ(str(first["rfc"]), "RFC 3261 §7.3.1");
  EXPECT_TRUE(first["detail"].is_null());
  std::string text = sipspan::testing::corpus(mimicry);
  EXPECT_EQ(num(first["offset"]), text.find("W,<sip:+alice") + 1);
  EXPECT_EQ(num(first["length"]), 1u);
}

TEST(lint, jsonl_is_one_finding_per_line_with_every_field) {
  run_result r = run("lint --format jsonl " + mimicry + " " + clean);
  EXPECT_EQ(r.status, 1);
  std::vector<std::string> lines = lines_of(r.out);
  run_result json = run("lint --format json " + mimicry);
  simdjson::dom::parser pj;
  element doc;
  ASSERT_EQ(pj.parse(json.out).get(doc), simdjson::SUCCESS);
  ASSERT_EQ(lines.size(), doc["files"].at(0)["messages"].at(0)["findings"].get_array().value().size());
  std::string text = sipspan::testing::corpus(mimicry);
  for (const std::string& line : lines) {
    simdjson::dom::parser p;
    element f;
    ASSERT_EQ(p.parse(line).get(f), simdjson::SUCCESS) << line;
    EXPECT_EQ(str(f["file"]), mimicry);
    EXPECT_EQ(num(f["message_index"]), 0u);
    sipspan::rule_id id;
    ASSERT_TRUE(sipspan::find_rule(str(f["rule"]), id)) << line;
    EXPECT_EQ(str(f["code"]), sipspan::rule(id).code);
    EXPECT_EQ(str(f["rfc"]), sipspan::rule(id).rfc);
    EXPECT_FALSE(str(f["message"]).empty());
    EXPECT_TRUE(f["detail"].is_null() || !str(f["detail"]).empty());
    EXPECT_TRUE(f["header"].is_null() || !str(f["header"]).empty());
    // line and column agree with the offset
    std::uint64_t offset = num(f["offset"]);
    ASSERT_LE(offset + num(f["length"]), text.size());
    std::uint64_t line_no = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(offset), '\n');
    std::size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1) + 1;
    if (offset == 0) line_start = 0;
    EXPECT_EQ(num(f["line"]), line_no) << line;
    EXPECT_EQ(num(f["column"]), offset - line_start + 1) << line;
  }
}

// ---------------------------------------------------------------- sarif

TEST(lint, sarif_is_what_code_scanning_accepts) {
  run_result r = run("lint --format sarif ./" + mimicry + " " + clean);
  EXPECT_EQ(r.status, 1);
  simdjson::dom::parser p;
  element doc;
  ASSERT_EQ(p.parse(r.out).get(doc), simdjson::SUCCESS) << r.out.substr(0, 300);
  EXPECT_EQ(str(doc["$schema"]), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(str(doc["version"]), "2.1.0");
  simdjson::dom::array runs = doc["runs"].get_array().value();
  ASSERT_EQ(runs.size(), 1u);
  element driver = runs.at(0)["tool"]["driver"];
  EXPECT_EQ(str(driver["name"]), "sipspan");
  EXPECT_FALSE(str(driver["version"]).empty());
  EXPECT_TRUE(driver["informationUri"].error()) << "no placeholder URL: the field is left out";

  std::vector<std::string> rule_ids;
  for (element rule : driver["rules"].get_array()) {
    std::string id = str(rule["id"]);
    rule_ids.push_back(id);
    sipspan::rule_id rid;
    ASSERT_TRUE(sipspan::find_rule(id, rid)) << id;
    const sipspan::rule_info& ri = sipspan::rule(rid);
    EXPECT_EQ(str(rule["shortDescription"]["text"]).size(), ri.summary.size()) << id;
    EXPECT_EQ(str(rule["fullDescription"]["text"]), ri.explanation);
    EXPECT_NE(str(rule["help"]["text"]).find(ri.explanation), std::string::npos);
    std::string help_uri = str(rule["helpUri"]);
    std::string anchor = str(rule["id"]) + "-" + std::string(ri.name);
    std::transform(anchor.begin(), anchor.end(), anchor.begin(), [](unsigned char c) { return std::tolower(c); });
    EXPECT_NE(help_uri.find("/doc/sipspan/rules.md#" + anchor), std::string::npos) << help_uri;
    EXPECT_EQ(help_uri.rfind("file:///", 0), 0u) << "the installed rule list, an absolute URI";
    EXPECT_EQ(help_uri.find("example."), std::string::npos) << help_uri;
    std::string level = str(rule["defaultConfiguration"]["level"]);
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    EXPECT_EQ(str(rule["properties"]["tags"].at(0)), ri.rfc);
    EXPECT_EQ(str(rule["name"]).find('-'), std::string::npos) << "PascalCase";
  }
  ASSERT_EQ(rule_ids.size(), sipspan::rule_count);
  EXPECT_EQ(rule_ids.front(), "SS001");
  EXPECT_EQ(std::set<std::string>(rule_ids.begin(), rule_ids.end()).size(), rule_ids.size());

  std::size_t results = 0;
  bool saw_9_6 = false;
  for (element res : runs.at(0)["results"].get_array()) {
    ++results;
    std::string id = str(res["ruleId"]);
    std::uint64_t index = num(res["ruleIndex"]);
    ASSERT_LT(index, rule_ids.size());
    EXPECT_EQ(rule_ids[index], id) << "ruleIndex points at its rule";
    std::string level = str(res["level"]);
    EXPECT_TRUE(level == "error" || level == "warning" || level == "note") << level;
    EXPECT_FALSE(str(res["message"]["text"]).empty());
    simdjson::dom::array locs = res["locations"].get_array().value();
    ASSERT_EQ(locs.size(), 1u);
    element loc = locs.at(0)["physicalLocation"];
    EXPECT_EQ(str(loc["artifactLocation"]["uri"]), mimicry) << "as given, without ./";
    EXPECT_EQ(str(loc["artifactLocation"]["uriBaseId"]), "%SRCROOT%");
    element region = loc["region"];
    EXPECT_GE(num(region["startLine"]), 1u);
    EXPECT_GE(num(region["startColumn"]), 1u);
    EXPECT_GE(num(region["endLine"]), num(region["startLine"]));
    EXPECT_GE(num(region["endColumn"]), 1u);
    if (num(region["startLine"]) == 9) {
      saw_9_6 = num(region["startColumn"]) == 6 && id == "SS014";
      EXPECT_EQ(num(region["byteOffset"]), 324u);
      EXPECT_EQ(num(region["byteLength"]), 1u);
      EXPECT_EQ(num(region["endColumn"]), 7u);
    }
  }
  EXPECT_TRUE(saw_9_6);
  run_result jsonl = run("lint --format jsonl " + mimicry);
  EXPECT_EQ(results, lines_of(jsonl.out).size());
}

// ---------------------------------------------------------------- golden

TEST(lint_golden, text_and_json_outputs_match) {
  const fs::path dir = sipspan::testing::tests_dir() / "golden" / "lint";
  const auto cases = sipspan::testing::golden_cases(dir / "cases.txt");
  for (const std::vector<std::string>& c : cases) {
    ASSERT_GE(c.size(), 2u);
    std::string profile = c.size() > 2 ? c[2] : "strict";
    for (std::string format : {"text", "json"}) {
      run_result r = run("lint --color never --mode " + profile + " --format " + format + " " + c[1]);
      EXPECT_NE(r.status, 2) << r.err;
      sipspan::testing::expect_golden(dir / (c[0] + (format == "text" ? ".txt" : ".json")), r.out);
    }
  }
  EXPECT_GE(cases.size(), 4u) << "tests/golden/lint/cases.txt";
}

TEST(lint_golden, docs_rules_md_is_the_generated_catalogue) {
  run_result r = run("lint --list-rules --format markdown");
  ASSERT_EQ(r.status, 0);
  const fs::path doc = sipspan::testing::tests_dir().parent_path() / "docs" / "rules.md";
  if (std::getenv("SIPSPAN_UPDATE_GOLDEN")) std::ofstream(doc, std::ios::binary) << r.out;
  std::string committed = sipspan::testing::read_file(doc);
  EXPECT_EQ(committed, r.out)
      << "docs/rules.md differs from the catalogue: sipspan lint --list-rules --format markdown > docs/rules.md";
  for (const sipspan::rule_info& ri : sipspan::rules()) {
    std::string heading = "\n### " + std::string(ri.code) + " " + std::string(ri.name) + "\n";
    EXPECT_NE(r.out.find(heading), std::string::npos) << heading;
  }
}
