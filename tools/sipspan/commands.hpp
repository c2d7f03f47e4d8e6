// sipspan CLI — subcommands. Each returns the process exit status:
// 0 success, 1 the input has an error (or a finding of severity error), 2 usage or I/O error.
#pragma once

#include <string>
#include <vector>

#include "rule_selection.hpp"

namespace sipspan::cli {

// The most worker threads --threads starts (each holds batches of up to 1 MiB).
inline constexpr int max_threads = 256;
// The most findings lint stores per message (--max-findings).
inline constexpr std::size_t max_findings_stored = 256;

struct dump_options {
  std::string input;
  bool strict = false;
  bool compact = false;
  std::string format = "json";  // json | spans
  long long index = -1;         // a capture: the message to dump (-1: every message as JSON lines)
  std::string color = "auto";   // the diagnostic on stderr: auto | always | never
};
int run_dump(const dump_options& o);

// sipspan evaluate: the scorer on a benign set (split 60/20/20 by order) and an attack set.
struct evaluate_options {
  std::string benign;   // directory of messages, or one message file
  std::string attack;   // directory with labels.jsonl, or one message file
  std::string profile;  // --model: empty to train a fresh profile on the first 60 % of the benign set
  std::string report;   // FILE.md: Markdown report, with the ROC curve also in FILE.svg
  std::string save_profile;  // FILE.json: the calibrated profile, written before any attack is read
  std::string format = "text";  // text | json
  std::string command_line;     // as invoked, for the report
};
int run_evaluate(const evaluate_options& o);

// sipspan lint: the validator's findings on files, directories or standard input.
struct lint_cli_options {
  std::vector<std::string> inputs;   // files, directories (recursively, by path), - for stdin
  std::string format = "text";       // text | json | jsonl | sarif (| markdown with --list-rules)
  std::string profile;               // --mode: strict | interop | forensic; empty: sipspan.toml's, else strict
  rule_selection selection;          // --select, --extend-select, --ignore
  std::string min_severity;          // info | warning | error; empty: sipspan.toml's, else info
  std::string config;                // --config FILE: for every input, instead of sipspan.toml found upward
  bool isolated = false;             // --isolated: no configuration file
  std::string baseline;              // --baseline FILE: report only findings it does not hold
  std::string write_baseline;        // --write-baseline FILE: record today's findings
  std::vector<std::string> enable;   // deprecated spellings of --extend-select and --ignore
  std::vector<std::string> disable;
  std::size_t max_findings = 0;      // per message, 0: no limit beyond the tool's storage
  bool quiet = false;
  std::string explain;               // a rule to describe
  bool list_rules = false;
  std::string color = "auto";        // auto | always | never
  std::vector<std::string> captures; // --capture: pcap/pcapng files, - for standard input
  std::string report;                // --report FILE.html (captures)
  int threads = -1;                  // captures: workers (-1: one per core, 0: no thread)
  std::vector<std::uint16_t> sip_ports;  // captures: --sip-port, besides 5060 and 5061
  std::string interface, filter;     // --interface: a live capture, with a BPF --filter
  std::string hep;                   // --hep udp|tcp:ADDR:PORT: a HEP3 collector
};
int run_lint(const lint_cli_options& o);

// sipspan train: learn a scorer profile from benign messages.
struct train_options {
  std::vector<std::string> inputs;  // files, directories (recursively, by path), - for stdin
  std::string output;               // the profile JSON, - for standard output
  double holdout = 0.25;            // the last fraction of the messages calibrates
  std::vector<std::string> captures; // --capture: pcap/pcapng files, - for standard input
  std::string update;               // --update: a profile to train further
};
int run_train(const train_options& o);

// sipspan score: how unlike normal traffic each message is, with the reasons.
struct score_options {
  std::vector<std::string> inputs;
  std::string profile;          // --model: empty for the built-in default profile
  std::string color = "auto";   // text: ALERT in red; auto | always | never
  double fpr = 0.001;           // target false-positive rate of the threshold
  std::string format = "text";  // text | jsonl
  std::vector<std::string> captures;  // --capture: pcap/pcapng files, - for standard input
  std::string report;                 // --report FILE.html (captures)
  int threads = -1;                   // captures: workers (-1: one per core, 0: no thread)
  std::vector<std::uint16_t> sip_ports;  // captures: --sip-port, besides 5060 and 5061
  std::string interface, filter;         // --interface: a live capture, with a BPF --filter
  std::string hep;                       // --hep udp|tcp:ADDR:PORT: a HEP3 collector
};
int run_score(const score_options& o);

}  // namespace sipspan::cli
