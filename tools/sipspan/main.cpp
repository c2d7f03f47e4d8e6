// sipspan — command-line interface.
//
//   sipspan dump FILE|-      the parse of one message as JSON (or --format spans)
//   sipspan lint INPUT...    the validator's findings (text, json, jsonl, sarif); --list-rules, --explain
//                            (an INPUT may be a pcap/pcapng capture: see capture_input.hpp)
//   sipspan train INPUT... -o P   learn a scorer profile from benign messages
//   sipspan score INPUT...       anomaly score, verdict and reasons per message (--profile, --fpr, --format)
//   sipspan evaluate --benign B --attack A   the scorer's ROC AUC, TPR at fixed FPR, per transform
//
// Exit status: 0 success, 1 the input has an error, 2 usage or I/O error.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <new>
#include <string>

#include "cli_names.hpp"
#include "color.hpp"
#include "commands.hpp"
#include "config.hpp"
#include "lint_flags.hpp"

namespace {

using namespace sipspan::cli;

// What an exception says, for the one line the process ends with.
std::string what_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::bad_alloc&) {
    return "out of memory";
  } catch (const std::exception& x) {
    return x.what();
  } catch (...) {
    return "an unknown exception";
  }
}

// An exception no one caught (a worker thread's, or one thrown while another
// unwinds) ends the process with status 2 and a sentence, not with abort()'s
// 134; std::terminate without an exception aborts as it always does.
[[noreturn]] void on_terminate() {
  if (std::exception_ptr e = std::current_exception()) {
    const std::string line = "sipspan: " + what_of(e) + "\n";
    std::fwrite(line.data(), 1, line.size(), stderr);
    std::_Exit(2);
  }
  std::abort();
}

// A numeric option's value must lie in [lo, hi]: CLI11 refuses the rest, with
// the option's name and the range, before anything runs (exit status 2).
// (--fpr and --holdout are checked by their commands.)
template <class T>
CLI::Validator within(T lo, T hi) {
  return CLI::Range(lo, hi, "between " + std::to_string(lo) + " and " + std::to_string(hi));
}

int run(int argc, char** argv) {
  CLI::App app{"sipspan: SIP and SDP parsing, validation and anomaly scoring"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "sipspan 0.1.0");

  dump_options dump;
  CLI::App* d = app.add_subcommand("dump", "Print the parse of one SIP message as JSON (a capture: one line a message)");
  d->add_option("input", dump.input, "message file, pcap or pcapng capture, or - for standard input")->required();
  d->add_flag("--strict", dump.strict, "reject every deviation outside RFC 3261's grammar");
  d->add_flag("--compact", dump.compact, "one-line JSON");
  d->add_option("--format", dump.format, "json (default) or spans: one line per span with its offset and length")
      ->check(CLI::IsMember({"json", "spans"}));
  d->add_option("--index", dump.index, "a capture: dump its message N (from 0) alone")
      ->check(CLI::NonNegativeNumber);
  d->add_option("--color", dump.color, "colour the diagnostic of an error: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember(color_modes));

  evaluate_options evaluate;
  CLI::App* ev = app.add_subcommand("evaluate", "Measure the anomaly scorer on benign and attack messages");
  ev->add_option("--benign", evaluate.benign, "benign messages: a directory (in name order) or a file")->required();
  ev->add_option("--attack", evaluate.attack, "attacks: a directory with labels.jsonl, or a file")->required();
  add_deprecated_alias(*ev, "--profile", ev->add_option("--model", evaluate.profile, "use this scorer model (a profile JSON written by sipspan train) instead of training one on the benign set"), evaluate.profile);
  ev->add_option("--report", evaluate.report, "write a Markdown report to FILE.md and its ROC curve to FILE.svg");
  ev->add_option("--save-profile", evaluate.save_profile,
                 "write the calibrated profile (trained, or given, then calibrated) to FILE.json");
  ev->add_option("--format", evaluate.format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  for (int i = 0; i < argc; ++i) evaluate.command_line += (i ? " " : "") + std::string(i ? argv[i] : "sipspan");

  lint_cli_options lint;
  CLI::App* li = app.add_subcommand("lint", "Check SIP messages against the RFCs and report every finding");
  li->add_option("input", lint.inputs, "message files, directories (every file under them) or - for standard input");
  li->add_option("--format", lint.format, "text (default), json, jsonl, sarif, github (workflow annotations), junit (JUnit XML); markdown with --list-rules; eve or zeek for captures")
      ->check(CLI::IsMember(lint_format_names()));
  add_deprecated_alias(*li, "--profile", li->add_option("--mode", lint.profile, "the rules' severities: strict (default; the RFC's letter), interop (what deployed stacks accept) or forensic (everything)")
      ->check(CLI::IsMember({"strict", "interop", "forensic"})), lint.profile);
  add_selection_options(*li, lint);
  li->add_option("--max-findings", lint.max_findings, "report at most N findings per message (0: all the tool stores, " +
                                                         std::to_string(max_findings_stored) + ")")
      ->check(within<std::size_t>(0, max_findings_stored));
  li->add_flag("--quiet", lint.quiet, "say nothing about messages without findings");
  li->add_option("--explain", lint.explain, "describe one rule and exit");
  li->add_flag("--list-rules", lint.list_rules, "list the rule catalogue and exit");
  li->add_option("--color", lint.color, "auto (default: on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember(color_modes));
  li->add_option("--capture", lint.captures, "a pcap or pcapng capture (- for standard input); repeatable")
      ->allow_extra_args(false);
  li->add_option("--report", lint.report, "captures: write a self-contained HTML report to FILE");
  li->add_option("--sip-port", lint.sip_ports, "captures: a port whose payloads are SIP, besides 5060 and 5061; repeatable")
      ->allow_extra_args(false);
  li->add_option("--interface", lint.interface, "capture live on a network interface (libpcap; Ctrl-C ends it)");
  li->add_option("--filter", lint.filter, "with --interface: a BPF filter, as tcpdump takes it");
  li->add_option("--hep", lint.hep, "receive HEP3 (Kamailio siptrace, heplify) on udp:ADDRESS:PORT or tcp:ADDRESS:PORT; Ctrl-C ends it");
  li->add_option("--threads", lint.threads, "captures: worker threads, which take turns reading (default: one per core; 0: all on the main thread)")
      ->check(within(0, max_threads));

  train_options train;
  CLI::App* tr = app.add_subcommand("train", "Learn an anomaly-scorer profile from benign SIP messages");
  tr->add_option("input", train.inputs, "message files, directories (every file under them) or - for standard input");
  tr->add_option("-o,--output", train.output, "the profile to write (JSON), - for standard output")->required();
  tr->add_option("--holdout", train.holdout, "fraction of the messages, the last ones, kept to calibrate (0.25)");
  tr->add_option("--update", train.update,
                 "a profile (JSON) to train further with INPUT; calibrated again on the held-out messages");
  tr->add_option("--capture", train.captures, "a pcap or pcapng capture (- for standard input); repeatable")
      ->allow_extra_args(false);

  score_options scoring;
  CLI::App* sc = app.add_subcommand("score", "Score SIP messages against a profile of normal traffic, with reasons");
  sc->add_option("input", scoring.inputs, "message files, directories (every file under them) or - for standard input");
  add_deprecated_alias(*sc, "--profile", sc->add_option("--model", scoring.profile, "the scorer model: a profile JSON written by sipspan train (default: the built-in one)"), scoring.profile);
  sc->add_option("--color", scoring.color, "ALERT in red: auto (on a terminal, unless NO_COLOR is set), always or never")
      ->check(CLI::IsMember(color_modes));
  sc->add_option("--fpr", scoring.fpr, "target false-positive rate that sets the alert threshold (0.001)");
  sc->add_option("--format", scoring.format, "text (default), jsonl; captures also eve (Suricata) or zeek (sip.log)")
      ->check(CLI::IsMember({"text", "jsonl", "eve", "zeek"}));
  sc->add_option("--capture", scoring.captures, "a pcap or pcapng capture (- for standard input); repeatable")
      ->allow_extra_args(false);
  sc->add_option("--report", scoring.report, "captures: write a self-contained HTML report to FILE");
  sc->add_option("--sip-port", scoring.sip_ports, "captures: a port whose payloads are SIP, besides 5060 and 5061; repeatable")
      ->allow_extra_args(false);
  sc->add_option("--interface", scoring.interface, "capture live on a network interface (libpcap; Ctrl-C ends it)");
  sc->add_option("--filter", scoring.filter, "with --interface: a BPF filter, as tcpdump takes it");
  sc->add_option("--hep", scoring.hep, "receive HEP3 (Kamailio siptrace, heplify) on udp:ADDRESS:PORT or tcp:ADDRESS:PORT; Ctrl-C ends it");
  sc->add_option("--threads", scoring.threads, "captures: worker threads, which take turns reading (default: one per core; 0: all on the main thread)")
      ->check(within(0, max_threads));

  if (unknown_subcommand(app, argc, argv)) return 2;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (!unknown_option(app, argc, argv)) app.exit(e);
    return 2;
  }
  if (d->parsed()) return run_dump(dump);
  if (tr->parsed()) return run_train(train);
  if (sc->parsed()) return apply_score_config(scoring, sc->count("--fpr") != 0) ? run_score(scoring) : 2;
  if (li->parsed()) return run_lint(lint);
  if (ev->parsed()) return run_evaluate(evaluate);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::set_terminate(on_terminate);
  try {
    return run(argc, argv);
  } catch (...) {
    // no exception leaves main: out of memory, a thread that cannot start, ...
    std::cout.flush();
    std::fflush(stdout);
    std::cerr << "sipspan: " << what_of(std::current_exception()) << '\n';
    return 2;
  }
}
