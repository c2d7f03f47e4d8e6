// sipspan — the validator's two readings of a message agree: what lint() does,
// reading the scan's facts and typed spans (message_view::scanned()), finds
// exactly what parsing every value again finds, on every corpus message and
// every rule's edit, under every rule. The fast path cannot drift from the
// grammar's verdicts unseen.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "lint/lint_checks.hpp"
#include "lint_kit.hpp"
#include "test_util.hpp"

using namespace sipspan;
using namespace sipspan::testing::lint_kit;

namespace {

struct outcome {
  std::vector<finding> findings;  // in a total order
  lint_summary summary;
};

outcome check(const message_view& m, const lint_options& o, lint_detail::reading how) {
  static finding storage[256];
  lint_detail::sink s;
  s.out = storage;
  s.capacity = std::size(storage);
  s.options = &o;
  s.size = static_cast<std::uint32_t>(m.raw().size());
  lint_detail::check_message(m, s, how);
  outcome r{{storage, storage + s.summary.stored}, s.summary};
  auto key = [](const finding& f) {
    return std::tuple(f.offset, f.rule, f.length, f.detail, f.header, f.header_index, f.level);
  };
  std::sort(r.findings.begin(), r.findings.end(), [&](const finding& a, const finding& b) { return key(a) < key(b); });
  return r;
}

std::string describe(std::string_view text, const std::vector<finding>& fs) {
  std::string s;
  for (const finding& f : fs) {
    line_column lc = locate(text, f.offset);
    s += "  " + std::string(rule(f.rule).code) + " " + std::string(rule(f.rule).name) + " at " +
         std::to_string(f.offset) + " (" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ") +" +
         std::to_string(f.length) + " " + std::string(error_name(f.detail)) + "\n";
  }
  return s;
}

bool same(const finding& a, const finding& b) {
  return a.rule == b.rule && a.level == b.level && a.detail == b.detail && a.header == b.header &&
         a.header_index == b.header_index && a.offset == b.offset && a.length == b.length;
}

// Every message the corpus holds (its first one, framed as a datagram), the
// templates, and each rule's firing edit and near miss.
std::vector<std::pair<std::string, std::string>> inputs() {
  std::vector<std::pair<std::string, std::string>> out;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::recursive_directory_iterator(sipspan::testing::corpus_dir()))
    if (e.is_regular_file()) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) out.emplace_back(f.string(), sipspan::testing::read_file(f));
  for (const std::string* t : {&invite, &response, &multipart}) out.emplace_back("template", finish(*t));
  for (const rule_case& c : cases()) {
    const std::string name(rule(c.rule).code);
    out.emplace_back(name + " fires", finish(replace_first(*c.base, c.old, c.fire)));
    if (!c.near.empty()) out.emplace_back(name + " near miss", finish(replace_first(*c.base, c.old, c.near)));
  }
  return out;
}

}  // namespace

TEST(lint, facts_reading_finds_what_parsing_every_value_finds) {
  lint_options every;  // every rule on, at its forensic severity or info
  every.profile = lint_profile::forensic;
  every.enable.set();
  std::size_t messages = 0, typed = 0, findings = 0;
  for (const auto& [name, text] : inputs()) {
    message_view m;
    if (!parse(text, m)) continue;
    ++messages;
    typed += m.scanned().present != 0;
    const outcome fast = check(m, every, lint_detail::reading::facts);
    const outcome full = check(m, every, lint_detail::reading::parse);
    findings += full.findings.size();
    bool equal = fast.findings.size() == full.findings.size() && fast.summary.total == full.summary.total &&
                 fast.summary.errors == full.summary.errors && fast.summary.warnings == full.summary.warnings &&
                 fast.summary.infos == full.summary.infos;
    for (std::size_t i = 0; equal && i < fast.findings.size(); ++i) equal = same(fast.findings[i], full.findings[i]);
    EXPECT_TRUE(equal) << name << "\nreading the facts:\n"
                       << describe(text, fast.findings) << "parsing every value:\n"
                       << describe(text, full.findings);
  }
  // the comparison means something: most messages have typed fields, and findings
  EXPECT_GT(messages, 700u);
  EXPECT_GT(typed * 10, messages * 8);
  EXPECT_GT(findings, 1000u);
}
