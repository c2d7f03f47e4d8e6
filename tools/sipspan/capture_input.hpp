// sipspan CLI — packet captures as input to `lint`, `score` and `train`.
//
// An INPUT is a capture when its name ends in .pcap or .pcapng or its first
// bytes are a pcap or pcapng magic; `--capture PATH` (- for standard input)
// says so explicitly. Every SIP message the capture reader finds is linted or
// scored like a file's message, with message_index its position in the capture.
//
// Worker threads take turns at the reader: one reads and frames a batch of
// messages (copies) while the others lint or score the batches they filled; the
// main thread writes the batches' output in capture order.
//
// Outputs: jsonl, one record per SIP message (docs/capture-record.schema.json);
// text, a summary of the capture; --report FILE.html, a self-contained page.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "finding_text.hpp"  // finding_message, header_label: every output names them alike
#include "json_writer.hpp"
#include "line_locator.hpp"
#include "score_cli.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli {

enum class capture_job { lint, score };

struct capture_run_options {
  capture_job job = capture_job::score;
  std::string format = "text";  // text | jsonl | eve | zeek (capture_formats.hpp)
  std::string report;           // FILE.html, or empty
  // lint
  const lint_options* lint = nullptr;
  // score
  const score_profile* profile = nullptr;
  float threshold = 0;
  double fpr = 0;
  std::string profile_name;
  // 0: read and analyse on one thread; N: N workers taking turns at the reader; -1: one per core
  int threads = -1;
  std::size_t top = 10;  // messages listed in the summary and the report
  // Ports where any payload but a keepalive, STUN, TLS, SigComp or HTTP is SIP,
  // besides 5060 and 5061 (sipspan/capture.hpp).
  std::vector<std::uint16_t> sip_ports;
  // A live capture on this interface (libpcap) instead of `path`, with a BPF filter.
  std::string interface, filter;
  // A HEP3 collector on udp:ADDRESS:PORT or tcp:ADDRESS:PORT (sipspan/hep.hpp) instead of `path`.
  std::string hep;
};

// Lint or score every SIP message of the capture at `path` ("-": standard
// input) and write the records or the summary to standard output. Returns the
// exit status: 0, 1 (a finding of severity error, an unparseable message or an
// alert), 2 (the capture cannot be opened or is damaged; what was read before
// the damage is reported first).
int run_capture(const std::string& path, const capture_run_options& o);

}  // namespace sipspan::cli
