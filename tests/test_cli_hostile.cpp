// sipspan — the CLI against hostile input: what it writes and the memory it
// takes stay bounded by the input (an echoed line is cut around the caret, every
// echoed value is capped), an input past the 32-bit offsets is refused before it
// is read, absurd option values are refused, no exception leaves main, and what
// the sender chose is escaped in every format the CLI writes.
//
// SIPSPAN_CLI names the sipspan binary (meson sets it).

#include <gtest/gtest.h>
#include <simdjson.h>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "../tools/sipspan/json_writer.hpp"
#include "cli_run.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"
#include "testkit/worst_inputs.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

using sipspan::testing::run_cli;

const std::string& head = sipspan::testing::worst_head;
const std::string& tail = sipspan::testing::worst_tail;
using sipspan::testing::repeated;

// Messages of about 1 MiB, each one long line that draws many findings or is
// all control bytes.
struct hostile {
  const char* name;
  std::string bytes;
};
std::vector<hostile> hostile_messages() {
  return {
      {"route_of_bad_uris", repeated(head + "Route: <sip:a@b>", ",<x:\x01>", "\r\n" + tail)},
      {"nul_bytes", std::string(1 << 20, '\0')},
      {"bare_cr_line", repeated(head + "Subject: a", "\ra", "\r\n" + tail)},
      {"control_bytes_value", repeated(head + "Subject: a", std::string(1, '\x01'), "\r\n" + tail)},
      {"one_line_no_end", repeated("", "\x1b[2J\xc2\x9b", "")},
  };
}

std::string temp_path(const std::string& name) {
  return (fs::path(::testing::TempDir()) / ("sipspan_hostile_" + std::to_string(::getpid()) + "_" + name)).string();
}

// The terminal cells of a line as the diagnostics draw it (one per UTF-8 character, a tab as 8).
std::size_t cells(std::string_view line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += c == '\t' ? 8 : (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

// ---------------------------------------------------------------- output amplification

// Before: every finding echoed the whole line under its caret; a 1 MiB Route of
// bad URIs gave 384 MB of text (256 findings times the line, escaped).
TEST(hostile, lint_text_stays_smaller_than_its_input) {
  for (const hostile& h : hostile_messages()) {
    for (const char* profile : {"strict", "forensic"}) {
      run_result r = run_cli(std::string("lint --color never --mode ") + profile + " -", &h.bytes);
      EXPECT_EQ(r.status, 1) << h.name << r.err;
      EXPECT_LT(r.out.size() + r.err.size(), h.bytes.size()) << h.name << " " << profile;
      for (const std::string& line : sipspan::testing::lines_of(r.out))  // the echoed lines and carets
        if (line.starts_with("  ")) {
          EXPECT_LE(cells(line), 2 + 3 + 120 + 3u) << h.name << ": " << line.substr(0, 200);
        }
    }
  }
}

// dump's stderr diagnostic and the error's source line in its JSON are cut the
// same way. Its JSON describes every element of every list, so what it writes
// grows with the input, linearly: as much per byte on 1 MiB as on 256 KiB.
TEST(hostile, dump_output_grows_linearly_with_its_input) {
  for (const hostile& h : hostile_messages()) {
    run_result r = run_cli("dump -", &h.bytes);
    EXPECT_LE(r.status, 1) << h.name << r.err;
    EXPECT_LT(r.err.size(), 1024u) << h.name;
    if (r.status == 1) {
      EXPECT_LT(r.out.size(), 4096u) << h.name;  // the error and its cut source line
      continue;
    }
    const std::string quarter = h.bytes.substr(0, h.bytes.size() / 4 - tail.size()) + "\r\n" + tail;
    run_result q = run_cli("dump -", &quarter);
    const double per_byte = static_cast<double>(r.out.size()) / static_cast<double>(h.bytes.size());
    const double per_byte_quarter = static_cast<double>(q.out.size()) / static_cast<double>(quarter.size());
    EXPECT_LT(per_byte, 1.1 * per_byte_quarter + 0.05) << h.name;
    EXPECT_LT(per_byte, 64.0) << h.name;
  }
}

// The caret stays under the byte in a line cut on both sides, control and
// invisible characters (a bidirectional override, a C1 control) made visible.
TEST(hostile, long_line_is_cut_around_the_caret) {
  const std::string before(5000, 'a'), after(5000, 'b');
  const std::string m = head + "Subject: " + before + "\x01\xe2\x80\xae\xc2\x9b" + after + "\r\n" + tail;
  run_result r = run_cli("lint --color never -", &m);
  ASSERT_EQ(r.status, 1) << r.err;
  const std::vector<std::string> lines = sipspan::testing::lines_of(r.out);
  ASSERT_GE(lines.size(), 3u) << r.out;
  EXPECT_NE(lines[0].find(":9:5010: error:"), std::string::npos) << lines[0];
  const std::string& echoed = lines[1];
  const std::string& caret = lines[2];
  EXPECT_TRUE(echoed.starts_with("  ...aaaa")) << echoed;
  EXPECT_TRUE(echoed.ends_with("bbbb...")) << echoed;
  EXPECT_NE(echoed.find("a\\x01\\xe2\\x80\\xae\\xc2\\x9bb"), std::string::npos) << echoed;
  EXPECT_LE(cells(echoed), 2 + 3 + 120 + 3u) << echoed;
  EXPECT_EQ(caret.find_first_not_of(' '), echoed.find("\\x01")) << echoed << "\n" << caret;
  EXPECT_EQ(caret.substr(caret.find_first_not_of(' ')), "^");
  // near the start of a line: nothing cut before, the caret where it was
  const std::string early = head + "Subject: \x01" + after + "\r\n" + tail;
  run_result e = run_cli("lint --color never -", &early);
  const std::vector<std::string> el = sipspan::testing::lines_of(e.out);
  ASSERT_GE(el.size(), 3u) << e.out;
  EXPECT_TRUE(el[1].starts_with("  Subject: \\x01bbb")) << el[1];
  EXPECT_TRUE(el[1].ends_with("...")) << el[1];
  EXPECT_EQ(el[2], "           ^");
}

// A file name is the sender's too (a directory of captured messages): the
// text outputs show its control and invisible bytes escaped.
TEST(hostile, text_outputs_escape_file_names) {
  const fs::path dir = fs::path(::testing::TempDir()) / ("sipspan_hostile_names_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string clean = sipspan::testing::corpus("seed/seed-invite.sip");
  std::ofstream(dir / "a\x1b[2Jb\xe2\x80\xae.sip", std::ios::binary) << clean;
  std::ofstream(dir / "c\x1b[2Jd.sip", std::ios::binary) << head + "To\x01: <sip:a>\r\n" + tail;
  for (const char* cmd : {"lint --color never --mode interop", "score"}) {
    run_result r = run_cli(std::string(cmd) + " " + shell_quote(dir.string()));
    EXPECT_EQ(r.out.find('\x1b'), std::string::npos) << cmd << ": " << r.out;
    EXPECT_EQ(r.out.find("\xe2\x80\xae"), std::string::npos) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("a\\x1b[2Jb\\xe2\\x80\\xae.sip:"), std::string::npos) << cmd << ": " << r.out;
    EXPECT_NE(r.out.find("c\\x1b[2Jd.sip"), std::string::npos) << cmd << ": " << r.out;
  }
  fs::remove_all(dir);
}

// An unknown header name of 60 kB is named in the score's reasons, cut.
TEST(hostile, score_text_caps_header_names) {
  const std::string m = head + std::string(60000, 'X') + ": 1\r\n" + tail;
  run_result r = run_cli("score -", &m);
  ASSERT_LE(r.status, 1) << r.err;
  EXPECT_NE(r.out.find(std::string(64, 'X') + "..."), std::string::npos) << r.out.substr(0, 400);
  EXPECT_LT(r.out.size(), 4096u);
}

// A capture's summary names each method; a method of 60 kB is cut.
TEST(hostile, capture_summary_caps_method_names) {
  pw::file f(false, pw::lt_ethernet);
  const std::string method(60000, 'M');
  const std::string m = method + " sip:bob@example.com SIP/2.0\r\n" + head.substr(head.find("\r\n") + 2) + tail;
  f.add(pw::ethernet(pw::ipv4(pw::v4(192, 0, 2, 1), pw::v4(192, 0, 2, 2), 17, pw::udp(5060, 5060, m))),
        1'767'225'600'000'000'000);
  const std::string path = temp_path("method.pcap");
  ASSERT_TRUE(f.save(path));
  run_result r = run_cli("score " + shell_quote(path));
  fs::remove(path);
  EXPECT_LE(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("requests: 1 (" + std::string(32, 'M') + "... 1)"), std::string::npos) << r.out.substr(0, 600);
  EXPECT_LT(r.out.size(), 8192u);
}

// Many findings far into a large message: each was located by counting lines
// from the start of the message (and its line found by scanning it whole), 512
// passes over it for 256 findings. Reporting them all now costs about what
// reporting one does (CPU time of the command, which other work on the
// machine does not stretch as it does wall time).
TEST(hostile, many_findings_far_into_a_message_cost_one_pass) {
  std::string rows;  // 32 MiB in 80 header lines before the findings (the header table holds 96)
  for (int i = 0; i < 80; ++i) rows += "X-" + std::to_string(i) + ": " + std::string(400 << 10, 'x') + "\r\n";
  struct shape {
    const char* name;
    std::string bytes;
    std::vector<const char*> formats;
  };
  const std::vector<shape> shapes = {
      {"after long lines", head + rows + repeated("Route: <sip:a@b>", ",<x:\x01>", "\r\n", 4096) + tail,
       {"text", "jsonl", "sarif"}},
      // the text's echo looked for the line's ends
      {"at the start of a long line", head + repeated("Route: <sip:a@b>", ",<x:\x01>", "\r\n", 8u << 20) + tail,
       {"text"}},
  };
  auto cpu_seconds = [](const std::string& args) {
    auto children = [] {
      rusage u{};
      ::getrusage(RUSAGE_CHILDREN, &u);
      return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
             static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    const double t0 = children();
    run_result r = run_cli(args);
    EXPECT_EQ(r.status, 1) << args << r.err.substr(0, 200);
    return children() - t0;
  };
  for (const shape& sh : shapes) {
    const std::string path = temp_path("far.sip");
    std::ofstream(path, std::ios::binary) << sh.bytes;
    for (const char* format : sh.formats) {
      const std::string args = std::string("lint --mode forensic --format ") + format + " ";
      const double one = cpu_seconds(args + "--max-findings 1 " + shell_quote(path));
      const double all = cpu_seconds(args + shell_quote(path));
      EXPECT_LT(all, 1.5 * one + 0.2) << sh.name << ", " << format << ": " << all << " s for all, " << one << " s for one";
    }
    fs::remove(path);
  }
}

// ---------------------------------------------------------------- inputs past the offsets

namespace {

// A sparse file of 4 GiB: one byte more than 32-bit offsets address.
std::string sparse_4gib() {
  std::string path = temp_path("4gib.sip");
  std::ofstream(path, std::ios::binary) << head;
  std::error_code ec;
  fs::resize_file(path, std::uintmax_t{1} << 32, ec);
  if (ec) {
    fs::remove(path);
    return {};
  }
  return path;
}

// Without the sanitizers (which reserve terabytes of address space), the
// address space is held to 1 GiB: reading the file would fail.
std::string memory_limit() {
#if defined(__SANITIZE_ADDRESS__)
  return "";
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer)
  return "";
#else
  return "ulimit -v 1048576;";
#endif
#else
  return "ulimit -v 1048576;";
#endif
}

}  // namespace

TEST(hostile, input_past_32_bit_offsets_is_refused_before_it_is_read) {
  const std::string big = sparse_4gib();
  if (big.empty()) GTEST_SKIP() << "no sparse file of 4 GiB here";
  for (const char* cmd : {"dump", "lint", "score", "train -o /dev/null"}) {
    run_result r = sipspan::testing::run_cli(std::string(cmd) + " " + shell_quote(big), nullptr, memory_limit());
    EXPECT_EQ(r.status, 2) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("larger than 4 GiB - 1 bytes"), std::string::npos) << cmd << ": " << r.err;
    EXPECT_NE(r.err.find("[input_too_large]"), std::string::npos) << cmd << ": " << r.err;
    // standard input redirected from it: the same
    std::string stdin_cmd = std::string(cmd) + " -";
    run_result s = sipspan::testing::run_cli(stdin_cmd, nullptr, memory_limit(), {}, big);
    EXPECT_EQ(s.status, 2) << stdin_cmd << ": " << s.err;
    EXPECT_NE(s.err.find("[input_too_large]"), std::string::npos) << stdin_cmd << ": " << s.err;
  }
  fs::remove(big);
}

// ---------------------------------------------------------------- options and exceptions

// Every numeric option of every subcommand refuses what makes no sense, with
// exit status 2 and the option's name, before anything runs.
TEST(hostile, absurd_option_values_exit_2) {
  const std::string message = sipspan::testing::corpus_dir().string() + "/seed/seed-invite.sip";
  const std::string capture = sipspan::testing::corpus_dir().string() + "/captures/sample.pcap";
  struct bad {
    std::string args, names;
  };
  const std::vector<bad> cases = {
      {"lint --max-findings -1 MSG", "--max-findings"},
      {"lint --max-findings 257 MSG", "--max-findings"},
      {"lint --max-findings 99999999999999999999999 MSG", "--max-findings"},
      {"lint --max-findings many MSG", "--max-findings"},
      {"lint --threads -5 CAP", "--threads"},
      {"lint --threads 100000 CAP", "--threads"},
      {"score --threads 100000 CAP", "--threads"},
      {"score --threads -1 CAP", "--threads"},
      {"score --threads 1e9 CAP", "--threads"},
      {"score --fpr 0 MSG", "--fpr"},
      {"score --fpr 1 MSG", "--fpr"},
      {"score --fpr -0.5 MSG", "--fpr"},
      {"score --fpr nan MSG", "--fpr"},
      {"score --fpr 1e400 MSG", "--fpr"},
      {"train --holdout 1 -o /dev/null MSG", "--holdout"},
      {"train --holdout -0.1 -o /dev/null MSG", "--holdout"},
      {"train --holdout nan -o /dev/null MSG", "--holdout"},
  };
  for (const bad& b : cases) {
    std::string args = b.args;
    if (auto at = args.find("MSG"); at != std::string::npos) args.replace(at, 3, shell_quote(message));
    if (auto at = args.find("CAP"); at != std::string::npos) args.replace(at, 3, shell_quote(capture));
    run_result r = run_cli(args);
    EXPECT_EQ(r.status, 2) << b.args << ": " << r.err;
    EXPECT_NE(r.err.find(b.names), std::string::npos) << b.args << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << b.args << ": " << r.out.substr(0, 200);
  }
  // the bounds themselves are accepted
  for (const char* ok : {"lint --max-findings 256 MSG", "lint --max-findings 0 MSG", "score --threads 0 CAP",
                         "score --threads 256 CAP"}) {
    std::string args = ok;
    if (auto at = args.find("MSG"); at != std::string::npos) args.replace(at, 3, shell_quote(message));
    if (auto at = args.find("CAP"); at != std::string::npos) args.replace(at, 3, shell_quote(capture));
    EXPECT_LE(run_cli(args).status, 1) << ok;
  }
}

namespace {

bool sanitized() { return memory_limit().empty(); }

std::string sample_capture() { return shell_quote(sipspan::testing::corpus_dir().string() + "/captures/sample.pcap"); }

}  // namespace

// A thread that cannot start (here: each would need a 4 GB stack in 2 GB of
// address space) is reported, exit status 2; before, std::system_error left
// main and the process aborted (134).
TEST(hostile, no_exception_leaves_main) {
  if (sanitized()) GTEST_SKIP() << "address-space limits do not apply under the sanitizers";
  run_result r = sipspan::testing::run_cli("score --threads 2 " + sample_capture(), nullptr,
                                           "ulimit -v 2000000; ulimit -s 4000000;");
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("sipspan: cannot start a worker thread: "), std::string::npos) << r.err;
}

// Fewer threads than asked start (the address space holds a few 8 MB stacks):
// the ones that did do the work, and the summary is the one-thread summary.
TEST(hostile, workers_that_start_do_the_work) {
  if (sanitized()) GTEST_SKIP() << "address-space limits do not apply under the sanitizers";
  run_result one = run_cli("score --threads 0 " + sample_capture());
  run_result r = sipspan::testing::run_cli("score --threads 256 " + sample_capture(), nullptr, "ulimit -v 300000;");
  EXPECT_EQ(r.status, one.status) << r.err;
  EXPECT_EQ(r.out, one.out);
}

// Memory that runs out while an input is read is that input's I/O error: the
// others are still checked.
TEST(hostile, out_of_memory_reading_an_input_is_reported) {
  if (sanitized()) GTEST_SKIP() << "address-space limits do not apply under the sanitizers";
  const std::string big = temp_path("300mb.sip");
  std::ofstream(big, std::ios::binary) << head;
  std::error_code ec;
  fs::resize_file(big, 300u << 20, ec);
  if (ec) GTEST_SKIP() << "no sparse file here";
  const std::string seed = sipspan::testing::corpus_dir().string() + "/seed/seed-mimicry.sip";
  run_result r = sipspan::testing::run_cli("lint --quiet " + shell_quote(big) + " " + shell_quote(seed), nullptr,
                                           "ulimit -v 200000;");
  fs::remove(big);
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find(": not enough memory to read it (314572800 bytes)"), std::string::npos) << r.err;
  EXPECT_NE(r.out.find("1 file, 1 message: "), std::string::npos) << r.out;
}

// ---------------------------------------------------------------- Markdown

namespace {

// The cells of a Markdown table row: split at the pipes no backslash escapes.
std::size_t table_cells(std::string_view row) {
  std::size_t pipes = 0;
  for (std::size_t i = 0; i < row.size(); ++i) {
    if (row[i] == '\\') ++i;
    else if (row[i] == '|') ++pipes;
  }
  return pipes - 1;
}

}  // namespace

// Transform names (labels.jsonl), file names and paths chosen to break the
// report: each is written as text, never as Markdown or HTML, and never splits
// a table cell or starts a heading.
TEST(hostile, evaluate_report_escapes_labels) {
  const fs::path attack = fs::path(::testing::TempDir()) / ("sipspan_hostile_att`ack_" + std::to_string(::getpid()));
  fs::remove_all(attack);
  fs::create_directories(attack);
  const std::string mimicry = sipspan::testing::corpus("seed/seed-mimicry.sip");
  const std::vector<std::pair<std::string, std::string>> attacks = {
      {"a|b.sip", "x|y"},
      {"<img src=x onerror=alert(1)>.sip", "<script>alert(1)</script>"},
      {"c.sip", "*em* [link](http://example.com) `code` &lt; \x1b[2J\xe2\x80\xae\n## Injected"},
  };
  std::string labels;
  for (const auto& [file, transform] : attacks) {
    std::ofstream(attack / file, std::ios::binary) << mimicry;
    std::string t;  // the name as a JSON string
    for (char c : transform) t += c == '\n' ? std::string("\\n") : c == '\x1b' ? std::string("\\u001b") : std::string(1, c);
    labels += "{\"file\": \"" + file + "\", \"transforms\": [\"" + t + "\"], \"headers\": [\"Via\"], \"offsets\": [0], " +
              "\"lengths\": [1], \"edit_distance\": 1}\n";
  }
  std::ofstream(attack / "labels.jsonl", std::ios::binary) << labels;
  const fs::path md = attack / "report.md";
  run_result r = run_cli("evaluate --benign " + shell_quote((sipspan::testing::corpus_dir() / "bench").string()) +
                     " --attack " + shell_quote(attack.string()) + " --report " + shell_quote(md.string()));
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string report = sipspan::testing::read_file(md);
  fs::remove_all(attack);
  ASSERT_FALSE(report.empty());

  for (const char* tag : {"<script", "<img", "</script"})  // only as escaped text
    for (std::size_t at = report.find(tag); at != std::string::npos; at = report.find(tag, at + 1))
      EXPECT_TRUE(at > 0 && report[at - 1] == '\\') << report.substr(at > 40 ? at - 40 : 0, 120);
  EXPECT_NE(report.find("\\<script\\>alert(1)\\</script\\>"), std::string::npos);
  EXPECT_NE(report.find("x\\|y"), std::string::npos);
  EXPECT_NE(report.find("\\*em\\* \\[link\\](http://example.com) \\`code\\` \\&lt; \\\\x1b\\[2J\\\\xe2\\\\x80\\\\xae\\\\x0a\\#\\# Injected"),
            std::string::npos)
      << report;
  EXPECT_EQ(report.find("\n## Injected"), std::string::npos);
  // the attack directory's path, a code span with a backtick inside
  EXPECT_NE(report.find("Attacks: ``" + attack.string() + "``,"), std::string::npos);
  // every row of each table has its header's number of cells
  std::size_t columns = 0;
  for (const std::string& line : sipspan::testing::lines_of(report)) {
    if (!line.starts_with("|")) {
      columns = 0;
      continue;
    }
    if (columns == 0) columns = table_cells(line);
    EXPECT_EQ(table_cells(line), columns) << line;
  }
  // valid UTF-8 and no control byte but the line ends (the ESC and the override are shown, not written)
  for (std::size_t i = 0; i < report.size();) {
    const auto c = static_cast<unsigned char>(report[i]);
    const std::size_t n = c < 0x80 ? 1 : sipspan::cli::utf8_length(report, i);
    ASSERT_GT(n, 0u) << "byte " << i;
    ASSERT_TRUE(c >= 0x20 || c == '\n') << "byte " << i;
    i += n;
  }
}

// ---------------------------------------------------------------- JSON: valid UTF-8, the bytes back

namespace {

using simdjson::dom::element;

std::string base64_decoded(std::string_view s) {
  std::string out;
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    int v = c >= 'A' && c <= 'Z' ? c - 'A' : c >= 'a' && c <= 'z' ? c - 'a' + 26 : c >= '0' && c <= '9' ? c - '0' + 52
          : c == '+' ? 62 : c == '/' ? 63 : -1;
    if (v < 0) break;  // '='
    acc = acc << 6 | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>(acc >> bits & 0xFF);
    }
  }
  return out;
}

// The bytes a field stands for: its "<key>_base64" sibling when there is one, else the string's UTF-8.
std::string bytes_of(element object, const std::string& key) {
  std::string_view b64;
  if (object[key + "_base64"].get_string().get(b64) == simdjson::SUCCESS) return base64_decoded(b64);
  return std::string(object[key].get_string().value());
}

// A document parsed strictly (simdjson validates the UTF-8 of the whole input first).
element parsed(simdjson::dom::parser& p, const std::string& json) {
  element doc;
  EXPECT_EQ(p.parse(json).get(doc), simdjson::SUCCESS) << json.substr(0, 300);
  return doc;
}

// Every byte value, in an order no valid UTF-8 follows (a deflated body looks like this).
std::string binary_bytes() {
  std::string b;
  std::uint32_t x = 12345;
  for (int i = 0; i < 512; ++i) {
    x = x * 1103515245u + 12345u;
    b += static_cast<char>(i < 256 ? i : static_cast<int>(x >> 16 & 0xFF));
  }
  return b;
}

std::string binary_message(const std::string& body) {
  return "MESSAGE sip:bob@example.com SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-1\r\n"
         "Max-Forwards: 70\r\n"
         "From: <sip:alice@example.com>;tag=1\r\n"
         "To: <sip:bob@example.com>\r\n"
         "Call-ID: bin-\xff\xfe-1@example.com\r\n"
         "CSeq: 1 MESSAGE\r\n"
         "Subject: \xc3\xa9t\xe9 \xed\xa0\x80\r\n"
         "X-\xff\xfe: 1\r\n"
         "Content-Type: message/imdn+xml\r\n"
         "Content-Encoding: deflate\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

}  // namespace

// dump: the body (a deflated IMDN is binary), a header value and a header name
// that are not UTF-8 come back byte for byte; so does the source line of an error.
TEST(hostile, dump_json_is_utf8_and_gives_the_bytes_back) {
  const std::string body = binary_bytes();
  const std::string m = binary_message(body);
  for (const char* flags : {"", "--compact "}) {
    run_result r = run_cli(std::string("dump ") + flags + "-", &m);
    ASSERT_EQ(r.status, 0) << r.err;
    simdjson::dom::parser p;
    element doc = parsed(p, r.out);
    EXPECT_EQ(bytes_of(doc["body"], "bytes"), body);
    simdjson::dom::array headers = doc["headers"].get_array().value();  // not iterated as a temporary
    for (element h : headers) {
      const std::uint64_t at = h["at"]["offset"].get_uint64().value();
      const std::string name = bytes_of(h, "name"), value = bytes_of(h, "value");
      EXPECT_EQ(m.substr(at, name.size()), name);
      EXPECT_NE(m.find(name + ": " + value + "\r\n", at), std::string::npos) << name;
    }
  }
  // an error: the source line around it, as bytes
  std::string bad = m;
  bad.replace(bad.find("Max-Forwards: 70"), 16, "Max-Forwards: \xff\xfe");
  run_result s = run_cli("dump --strict -", &bad);
  EXPECT_EQ(s.status, 1);
  simdjson::dom::parser p;
  element doc = parsed(p, s.out);
  const std::uint64_t from = doc["error"]["source_line_offset"].get_uint64().value();
  const std::string line = bytes_of(doc["error"], "source_line");
  EXPECT_EQ(bad.substr(from, line.size()), line);
}

// lint (jsonl, json, sarif), score (jsonl) and a capture's records (score and
// lint): a file name, a header name and SIP fields that are not UTF-8.
TEST(hostile, every_json_writer_gives_the_bytes_back) {
  const std::string m = binary_message(binary_bytes());
  const fs::path dir = fs::path(::testing::TempDir()) / ("sipspan_hostile_json_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string file = (dir / "m\xff\xfe.sip").string();
  std::ofstream(file, std::ios::binary) << m;

  simdjson::dom::parser p;
  run_result jsonl = run_cli("lint --format jsonl " + shell_quote(file));
  for (const std::string& line : sipspan::testing::lines_of(jsonl.out)) EXPECT_EQ(bytes_of(parsed(p, line), "file"), file);
  run_result json = run_cli("lint --format json " + shell_quote(file));
  EXPECT_EQ(bytes_of(parsed(p, json.out)["files"].at(0), "file"), file);
  run_result sarif = run_cli("lint --format sarif " + shell_quote(file));
  std::string_view uri = parsed(p, sarif.out)["runs"].at(0)["results"].at(0)["locations"].at(0)["physicalLocation"]
                             ["artifactLocation"]["uri"].get_string().value();
  EXPECT_NE(uri.find("m%FF%FE.sip"), std::string_view::npos) << uri;

  run_result score = run_cli("score --format jsonl " + shell_quote(file));
  element rec = parsed(p, score.out);
  EXPECT_EQ(bytes_of(rec, "file"), file);
  bool named = false;
  simdjson::dom::array reasons = rec["reasons"].get_array().value();
  for (element reason : reasons) named = named || bytes_of(reason, "header") == "X-\xff\xfe";
  EXPECT_TRUE(named) << score.out;

  // the same message in a capture, under a name that is not UTF-8 either
  pw::file f(false, pw::lt_ethernet);
  f.add(pw::ethernet(pw::ipv4(pw::v4(192, 0, 2, 10), pw::v4(192, 0, 2, 20), 17, pw::udp(5060, 5060, m))),
        1'767'225'600'000'000'000);
  const std::string capture = (dir / "c\xff.pcap").string();
  ASSERT_TRUE(f.save(capture));
  for (const char* cmd : {"score", "lint"}) {
    run_result r = run_cli(std::string(cmd) + " --format jsonl " + shell_quote(capture));
    ASSERT_LE(r.status, 1) << r.err;
    element c = parsed(p, sipspan::testing::lines_of(r.out).at(0));
    EXPECT_EQ(bytes_of(c, "file"), capture);
    EXPECT_EQ(bytes_of(c, "call_id"), "bin-\xff\xfe-1@example.com");
    EXPECT_EQ(bytes_of(c, "method"), "MESSAGE");
    EXPECT_EQ(bytes_of(c, "seq"), "1 MESSAGE");
  }
  fs::remove_all(dir);
}
