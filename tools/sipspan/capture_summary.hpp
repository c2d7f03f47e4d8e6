// sipspan CLI — captures: what the summary and the report are made of (the
// tally of a batch, the messages kept for the top list, the points of the
// charts), and the text summary and HTML report written from them
// (capture_report.cpp). Internal to the CLI.
#pragma once

#include <cstdint>
#include <ctime>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sipspan/capture.hpp"
#include "capture_input.hpp"
#include "distinct_count.hpp"
#include "stride_sample.hpp"

namespace sipspan::cli::capture_out {

namespace cap = sipspan::capture;

struct item {
  std::uint64_t record;
  std::int64_t ts_ns;
  cap::endpoint src, dst;
  cap::transport proto;
  bool reassembled;
  std::uint32_t offset, length;  // in the batch's bytes
  std::uint32_t trans_depth;     // Zeek's: the request's rank in its flow (a response: its flow's last request)
  std::uint32_t view;            // 1-based index into the batch's views (the reader's parse), 0: none
};

// What the highlighted bytes of a top message say.
struct mark {
  std::uint32_t offset, length;
  std::string label;
};

struct top_message {
  double value = 0;
  bool flagged = false;
  std::uint64_t index = 0;
  item meta{};
  std::string title;  // the start line
  std::string bytes;
  std::vector<mark> marks;
  std::vector<std::string> reasons;  // one line each
};

// One message of a call, as the report's call ladder draws it.
struct ladder_step {
  std::uint64_t call = 0;  // hash of the Call-ID
  std::int64_t ts_ns = 0;
  cap::endpoint src, dst;
  std::uint64_t index = 0;
  std::string label;  // the start line, shortened
  bool flagged = false;
};

struct point {
  std::int64_t ts_ns;
  float value;
  bool flagged;
};

// What the summary counts; one per batch, merged in capture order.
struct tally {
  std::uint64_t messages = 0, requests = 0, responses = 0, parse_failures = 0, flagged = 0;
  std::uint64_t errors = 0, warnings = 0, infos = 0, findings = 0;
  std::map<std::string, std::uint64_t, std::less<>> methods;  // looked up by the view, no string made
  std::map<unsigned, std::uint64_t> statuses;
  std::vector<std::uint64_t> call_ids, transactions;  // hashes
  std::vector<std::uint64_t> by_rule;
  std::vector<top_message> top;
  std::vector<point> points;  // for the report
  std::int64_t first_ts = 0, last_ts = 0;
  // The report's alert tables (flagged messages only): by source address, by
  // User-Agent, by reason (a rule's code or a feature's name), and by group
  // (the same reasons from the same source).
  std::map<std::string, std::uint64_t, std::less<>> by_source, by_agent, by_reason, by_group;
  std::vector<ladder_step> steps;  // the report's: every message that has a Call-ID
};

struct merged {
  tally t;
  distinct_count call_ids, transactions;
  stride_sample<point> points;  // the report's: every message, or every s-th past 2^22
  stride_sample<point> alerts{std::size_t{1} << 16};  // the report's: every alert, or an even sample
  // The most rows each alert table keeps; the rest count as "other".
  static constexpr std::size_t max_alert_rows = 256;
  std::uint64_t other_sources = 0, other_agents = 0, other_reasons = 0, other_groups = 0;
  // The call ladders: the steps of the calls with an alert (the first max_ladder_calls
  // of them, at most max_ladder_steps each), and the last recent_steps messages
  // of every call, from which a call that alerts late gets its beginning.
  static constexpr std::size_t max_ladder_calls = 64, max_ladder_steps = 48, recent_steps = 8192;
  std::map<std::uint64_t, std::vector<ladder_step>> ladders;
  std::vector<ladder_step> recent;  // a ring
  std::size_t recent_next = 0;
  void add_steps(std::vector<ladder_step>& steps) {
    for (const ladder_step& st : steps) {
      auto l = ladders.find(st.call);
      if (l == ladders.end() && st.flagged && ladders.size() < max_ladder_calls) {
        l = ladders.emplace(st.call, std::vector<ladder_step>{}).first;
        for (std::size_t k = 0; k < recent.size(); ++k) {  // the call's messages before this one, in order
          const ladder_step& r = recent[(recent_next + k) % recent.size()];
          if (r.call == st.call && l->second.size() < max_ladder_steps) l->second.push_back(r);
        }
      }
      if (l != ladders.end() && l->second.size() < max_ladder_steps) l->second.push_back(st);
      if (recent.size() < recent_steps) {
        recent.push_back(st);
      } else {
        recent[recent_next] = st;
        recent_next = (recent_next + 1) % recent_steps;
      }
    }
  }
  std::uint64_t other_methods = 0;  // requests whose method came after max_methods others
  static constexpr std::size_t max_methods = 64;
  void add(tally& b) {
    if (b.messages == 0) return;
    if (t.messages == 0) t.first_ts = b.first_ts;
    t.last_ts = std::max(t.last_ts, b.last_ts);
    t.messages += b.messages;
    t.requests += b.requests;
    t.responses += b.responses;
    t.parse_failures += b.parse_failures;
    t.flagged += b.flagged;
    t.errors += b.errors;
    t.warnings += b.warnings;
    t.infos += b.infos;
    t.findings += b.findings;
    for (auto& [k, v] : b.methods) {
      auto m = t.methods.find(k);
      if (m != t.methods.end()) m->second += v;
      else if (t.methods.size() < max_methods) t.methods.emplace(k, v);
      else other_methods += v;  // a flood of made-up methods does not grow the table
    }
    for (auto& [k, v] : b.statuses) t.statuses[k] += v;
    for (std::uint64_t k : b.call_ids) call_ids.add(k);
    for (std::uint64_t k : b.transactions) transactions.add(k);
    if (t.by_rule.size() < b.by_rule.size()) t.by_rule.resize(b.by_rule.size());
    for (std::size_t i = 0; i < b.by_rule.size(); ++i) t.by_rule[i] += b.by_rule[i];
    for (auto& m : b.top) t.top.push_back(std::move(m));
    for (const point& p : b.points) {
      points.add(p);
      if (p.flagged) alerts.add(p);
    }
    auto merge = [](auto& into, auto& from, std::uint64_t& other) {
      for (auto& [k, v] : from) {
        auto m = into.find(k);
        if (m != into.end()) m->second += v;
        else if (into.size() < max_alert_rows) into.emplace(k, v);
        else other += v;  // bounded, whatever the senders vary
      }
    };
    merge(t.by_source, b.by_source, other_sources);
    merge(t.by_agent, b.by_agent, other_agents);
    merge(t.by_reason, b.by_reason, other_reasons);
    merge(t.by_group, b.by_group, other_groups);
    add_steps(b.steps);
  }
};

struct sip_fields;  // capture_record.hpp

// How a message ranks for the top list, and whether it is flagged: an alert
// (score), or a message with an error or no parse (lint).
struct message_rank {
  double value = 0;
  bool flagged = false;
};

// What one message adds to its batch's tally, the same in the CLI and the
// Python package: the counts, the keys of its call and its transaction, and
// in a lint job (`ls` given) its findings. `parsed`: the message when it
// parsed, else nullptr; `fields`: its fields (when it parsed).
message_rank count_message(tally& t, std::int64_t ts_ns, const message_view* parsed, const sip_fields& fields,
                           const lint_summary* ls, const finding* stored, double score, float threshold);

// ISO 8601 UTC with microseconds; the date is cached per day, the time of day
// written from the seconds.
class iso_clock {
 public:
  const std::string& format(std::int64_t ts_ns) {
    std::int64_t sec = ts_ns >= 0 ? ts_ns / 1'000'000'000 : (ts_ns - 999'999'999) / 1'000'000'000;
    auto usec = static_cast<long>((ts_ns - sec * 1'000'000'000) / 1000);
    std::int64_t day = sec >= 0 ? sec / 86400 : (sec - 86399) / 86400;
    if (day != day_ || prefix_.empty()) {
      day_ = day;
      std::time_t t = static_cast<std::time_t>(day * 86400);
      std::tm tm{};
      gmtime_r(&t, &tm);
      char buf[40];
      std::strftime(buf, sizeof buf, "%Y-%m-%dT", &tm);
      prefix_ = buf;
    }
    auto in_day = static_cast<long>(sec - day * 86400);
    char buf[24];
    char* p = buf;
    auto two = [&](long v) {
      *p++ = static_cast<char>('0' + v / 10);
      *p++ = static_cast<char>('0' + v % 10);
    };
    two(in_day / 3600);
    *p++ = ':';
    two(in_day / 60 % 60);
    *p++ = ':';
    two(in_day % 60);
    *p++ = '.';
    for (long d = 100000; d; d /= 10) *p++ = static_cast<char>('0' + usec / d % 10);
    *p++ = 'Z';
    text_ = prefix_;
    text_.append(buf, p);
    return text_;
  }

 private:
  std::int64_t day_ = 0;
  std::string prefix_, text_;
};

// The most bytes of a method name the summary shows.
constexpr std::size_t max_shown_method = 32;

std::string fixed(double v, int precision);
// "1.5 kB": a byte count with its unit (powers of 1000).
std::string bytes_text(double n);
// Control and non-ASCII bytes as \xNN, at most `max` bytes.
std::string printable(std::string_view b, std::size_t max);
std::string endpoints(const item& it);

// The text summary of a capture's messages and the reader's counters.
std::string summary_text(const std::string& name, const capture_run_options& o, const merged& mg,
                         const cap::capture_stats& st);
// One self-contained HTML page: the summary tables, the histogram, the
// timeline of every alert, the alert tables with a glossary of the reasons,
// the top messages (capture_report.cpp).
std::string report_html(const std::string& name, const capture_run_options& o, const merged& mg,
                        const cap::capture_stats& st);

}  // namespace sipspan::cli::capture_out
