// sipspan Python package — the capture summary as the binding keeps it:
// the CLI's merged tally (capture_summary.hpp), the reader's counters and the
// options its text names; it merges exactly and pickles (bind_summary.cpp).
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "sipspan/capture.hpp"
#include "capture_summary.hpp"
#include "common.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::python {

namespace cap = sipspan::capture;
namespace out = sipspan::cli::capture_out;

// Alerts first, then by value, then capture order: the CLI's top list.
inline bool ranks_before(const out::top_message& a, const out::top_message& b) {
  if (a.flagged != b.flagged) return a.flagged;
  if (a.value != b.value) return a.value > b.value;
  return a.index < b.index;
}

inline void keep_top(std::vector<out::top_message>& top, std::size_t n) {
  std::sort(top.begin(), top.end(), ranks_before);
  if (top.size() > n) top.resize(n);
}

struct summary {
  out::merged mg;
  cap::capture_stats stats{};
  std::string name;
  bool lint_job = false;
  lint_profile lint_prof = lint_profile::strict;
  float threshold = 0;
  double fpr = 0.001;
  std::string profile_name;
  std::size_t top = 10;
  std::uint64_t captures = 1;
  std::vector<std::string> errors;  // captures cut or damaged: "NAME: record N: sentence"

  cli::capture_run_options run_options(lint_options& lo) const {
    cli::capture_run_options o;
    o.job = lint_job ? cli::capture_job::lint : cli::capture_job::score;
    lo.profile = lint_prof;
    o.lint = &lo;
    o.threshold = threshold;
    o.fpr = fpr;
    o.profile_name = profile_name;
    o.top = top;
    return o;
  }
  std::string text() const {
    lint_options lo;
    return out::summary_text(name, run_options(lo), mg, stats);
  }

  // Another capture's (or another part's) summary into this one: the CLI's
  // merge of a batch's tally, then the distinct counts (exactly: their keys or
  // registers), the counters, the top list.
  void merge(const summary& o) {
    const bool had = mg.t.messages != 0;
    const std::int64_t first = mg.t.first_ts;
    add(o, 0);
    if (had && o.mg.t.messages) mg.t.first_ts = std::min(first, o.mg.t.first_ts);
    captures += o.captures;
  }
  // The summary of the capture's next range of records (read by another
  // task) after this one's, as one reading of both gives it: the next range's
  // messages numbered after this one's, the first timestamp this one's.
  void join(const summary& next) { add(next, mg.t.messages); }

  void add(const summary& o, std::uint64_t index_shift) {
    out::tally copy = o.mg.t;  // add() takes its parts
    for (out::top_message& m : copy.top) m.index += index_shift;
    mg.add(copy);
    mg.other_methods += o.mg.other_methods;
    mg.call_ids.merge(o.mg.call_ids);
    mg.transactions.merge(o.mg.transactions);
    keep_top(mg.t.top, top);
    add_stats(o.stats);
    errors.insert(errors.end(), o.errors.begin(), o.errors.end());
  }
  void add_stats(const cap::capture_stats& s) {
    auto* a = reinterpret_cast<std::uint64_t*>(&stats);
    auto* b = reinterpret_cast<const std::uint64_t*>(&s);
    static_assert(sizeof(cap::capture_stats) % sizeof(std::uint64_t) == 0, "capture_stats holds counters only");
    for (std::size_t i = 0; i < sizeof(cap::capture_stats) / sizeof(std::uint64_t); ++i) a[i] += b[i];
  }
};

// sipspan.CaptureSummary.
void bind_summary(py::module_& m);

}  // namespace sipspan::python
