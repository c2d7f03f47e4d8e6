// sipspan CLI — packet captures as input: the work on each message (lint or
// score, the tally, its record) and the run (workers taking turns at the
// reader: capture_pipeline.hpp; the progress line: capture_progress.hpp; the
// records for Suricata and Zeek: capture_formats.hpp; the summary and the
// report: capture_summary.hpp).

#include "capture_input.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <functional>
#include <iostream>
#include <memory>
#include <system_error>
#include <thread>

#include "sipspan/capture.hpp"
#include "capture_formats.hpp"
#include "capture_pipeline.hpp"
#include "capture_progress.hpp"
#include "capture_record.hpp"
#include "capture_summary.hpp"
#include "distinct_count.hpp"
#include "finding_text.hpp"
#include "stride_sample.hpp"
#include "input.hpp"
#include "interrupt.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {

namespace cap = sipspan::capture;

namespace {

using namespace capture_out;

// Where a message stands in the top list: alerts first, then by value, then capture order.
struct rank {
  bool flagged;
  double value;
  std::uint64_t index;
};

bool ranks_before(const rank& a, const rank& b) {
  if (a.flagged != b.flagged) return a.flagged;
  if (a.value != b.value) return a.value > b.value;
  return a.index < b.index;
}

bool better(const top_message& a, const top_message& b) {
  return ranks_before({a.flagged, a.value, a.index}, {b.flagged, b.value, b.index});
}

void keep_top(std::vector<top_message>& top, std::size_t n) {
  std::sort(top.begin(), top.end(), better);
  if (top.size() > n) top.resize(n);
}

// ------------------------------------------------------------ formatting




// ------------------------------------------------------------ the work on one batch

// What a message becomes on standard output: nothing (the text summary), a
// JSON Lines record, an eve.json event or a sip.log row.
enum class record_kind { none, jsonl, eve, zeek };
record_kind record_kind_of(std::string_view format) {
  if (format == "jsonl") return record_kind::jsonl;
  if (format == "eve") return record_kind::eve;
  if (format == "zeek") return record_kind::zeek;
  return record_kind::none;
}

class analyzer {
 public:
  analyzer(const capture_run_options& o, const std::string& name)
      : o_(o),
        name_(name),
        kind_(record_kind_of(o.format)),
        keep_points_(!o.report.empty()) {
    text_buffer quoted, threshold;
    record_text{quoted}.text("file", name_);
    name_json_.assign(quoted.data(), quoted.size());
    record_text{threshold}.real(o.threshold);
    threshold_text_.assign(threshold.data(), threshold.size());
  }

  void run(batch& b) {
    tally& t = b.t;
    if (o_.job == capture_job::lint) t.by_rule.assign(rules().size(), 0);
    for (std::size_t i = 0; i < b.items.size(); ++i) one(b, b.items[i], b.first_index + i, t);
    keep_top(t.top, o_.top);
  }

 private:
  void one(batch& b, const item& it, std::uint64_t index, tally& t) {
    const std::string_view text = std::string_view(b.bytes).substr(it.offset, it.length);
    lint_summary ls;
    score_result sr;
    result parsed;
    message_view* msg = &view_;
    // A message the reader parsed to frame it (TCP) is not parsed again: the
    // framer's parse is the plain, tolerant one (fuzz_stream and test_framing
    // hold it to that), which is what lint and score parse with.
    message_view* carried = it.view ? &b.views[it.view - 1] : nullptr;
    if (carried && carried->rebase(text)) msg = carried;
    if (o_.job == capture_job::lint) {
      if (msg == carried) {
        ls = lint(*msg, storage_, *o_.lint);
      } else {
        ls = lint(text, view_, storage_, *o_.lint);
        parsed = ls.parse;
      }
    } else {
      if (msg != carried) parsed = parse(text, view_);
      sr = parsed ? score(*msg, *o_.profile) : unparseable_result(parsed, text);
    }
    const bool ok = parsed.ok();
    const message_view& v = *msg;
    const message_view* mv = ok ? msg : nullptr;
    sip_fields f;
    if (ok) f = fields_of(v, kind_ == record_kind::jsonl);

    // the tally
    const bool lint_job = o_.job == capture_job::lint;
    const message_rank rank = count_message(t, it.ts_ns, mv, f, lint_job ? &ls : nullptr, storage_.data(),
                                            lint_job ? 0.0 : static_cast<double>(sr.score), o_.threshold);
    const double value = rank.value;
    const bool flagged = rank.flagged;
    if (keep_points_) t.points.push_back({it.ts_ns, static_cast<float>(value), flagged});
    if (keep_points_ && flagged) count_alert(t, it, mv, ls, sr);
    if (keep_points_ && ok && f.call_id.data())
      t.steps.push_back({hash_of(f.call_id), it.ts_ns, it.src, it.dst, index, printable(line_at(text, 0), 48), flagged});
    if (o_.top && (value > 0 || flagged)) add_top(t, it, index, text, value, flagged, ls, sr, mv);

    if (kind_ == record_kind::none) return;
    text_buffer& o = b.out;
    record_text w{o};
    const record_facts facts{it, index, text, mv, parsed};
    if (kind_ == record_kind::zeek) {
      verdict_.clear();
      zeek_verdict(ls, sr, flagged);
      zeek_row(o, facts, std::string_view(verdict_.data(), verdict_.size()));
      return;
    }
    verdict_.clear();
    json_verdict(text, ls, sr, flagged, mv);
    const std::string_view verdict(verdict_.data(), verdict_.size());
    if (kind_ == record_kind::eve) {
      std::string ts = clock_.format(it.ts_ns);
      ts.back() = '+';  // Suricata's form: the offset, not Z
      ts += "0000";
      eve_record(w, facts, ts, name_json_, verdict);
      return;
    }
    // The record, written straight: the keys and punctuation as constant runs
    // (the same bytes json_writer writes, docs/capture-record.schema.json).
    w.lit("{\"timestamp\":\"").lit(clock_.format(it.ts_ns)).lit("\",\"ts\":");
    epoch_seconds(w, it.ts_ns);
    w.lit(",\"event_type\":\"sip\",\"src_ip\":\"").lit(it.src.address_text()).lit("\",\"src_port\":").num(it.src.port);
    w.lit(",\"dest_ip\":\"").lit(it.dst.address_text()).lit("\",\"dest_port\":").num(it.dst.port);
    w.lit(",\"proto\":\"").lit(cap::transport_name(it.proto)).lit("\"").lit(name_json_);
    w.lit(",\"capture_record\":").num(it.record).lit(",\"message_index\":").num(index);
    w.lit(",\"trans_depth\":").num(it.trans_depth).lit(",\"reassembled\":").boolean(it.reassembled);
    w.lit(",\"length\":").num(text.size());
    if (!ok) {
      w.lit(",\"parse_error\":{\"code\":").str(parsed.name()).lit(",\"message\":").str(parsed.message());
      w.lit(",\"offset\":").num(parsed.offset).lit("}");
    } else {
      if (v.is_request()) w.text("method", v.method()).text("uri", v.request_uri());
      else w.lit(",\"status_code\":").num(v.status_code()).text("reason", v.reason());
      w.text("call_id", f.call_id);
      if (f.has_cseq) {
        seq_.assign(std::to_string(f.cseq)).append(" ").append(f.cseq_method);
        w.text("seq", seq_);
      } else {
        w.lit(",\"seq\":null");
      }
      w.text("from", f.from_uri).text("to", f.to_uri).text("user_agent", f.user_agent);
      w.lit(v.is_request() ? ",\"request_body_len\":" : ",\"response_body_len\":").num(v.body().size());
    }
    w.lit(",").lit(verdict).lit("}\n");
  }

  // "lint":{...} or "score":{...}: sipspan's verdict, as the JSON Lines and eve records carry it.
  void json_verdict(std::string_view text, const lint_summary& ls, const score_result& sr, bool flagged,
                    const message_view* mv) {
    record_text w{verdict_};
    if (o_.job == capture_job::lint) {
      w.lit("\"lint\":{\"errors\":").num(ls.errors).lit(",\"warnings\":").num(ls.warnings);
      w.lit(",\"infos\":").num(ls.infos).lit(",\"findings\":");
      scratch_.clear();
      json_writer j(scratch_, false, false);
      j.begin_array();
      line_locator starts(text), ends(text);
      for (std::size_t k = 0; k < ls.stored; ++k) {
        j.begin_object();
        finding_fields(j, storage_[k], starts, ends);
        j.end_object();
      }
      j.end_array();
      w.lit(scratch_).lit("}");
      return;
    }
    w.lit("\"score\":{\"score\":").real(sr.score).lit(",\"threshold\":").lit(threshold_text_);
    w.lit(",\"alert\":").boolean(flagged).lit(",\"reasons\":[");
    for (std::size_t k = 0; k < sr.reason_count; ++k) {
      const score_reason& rs = sr.reasons[k];
      line_column lc = locate(text, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(text.size())));
      w.lit(k ? ",{\"feature\":" : "{\"feature\":").str(feature_name(rs.feature));
      if (rs.feature == score_feature::rule)  // the validator's rule, as `score` on a file names it
        w.lit(",\"rule\":").str(rule(rs.rule).code).lit(",\"rule_name\":").str(rule(rs.rule).name);
      w.text("header", header_label(rs, mv));
      w.lit(",\"offset\":").num(rs.offset).lit(",\"length\":").num(rs.length);
      w.lit(",\"line\":").num(lc.line).lit(",\"column\":").num(lc.column);
      w.lit(",\"contribution\":").real(rs.contribution).lit("}");
    }
    w.lit("]}");
  }

  // The sipspan columns of a sip.log row: score, alert, reasons (a rule's code,
  // else the feature) or errors, warnings, rules; each after a tab.
  void zeek_verdict(const lint_summary& ls, const score_result& sr, bool flagged) {
    record_text w{verdict_};
    bool any = false;
    auto element = [&](std::string_view s) {
      w.lit(any ? "," : "");
      zeek_field(verdict_, s, true);
      any = true;
    };
    if (o_.job == capture_job::lint) {
      w.lit("\t").num(ls.errors).lit("\t").num(ls.warnings).lit("\t");
      for (std::size_t k = 0; k < ls.stored; ++k) element(rule(storage_[k].rule).code);
    } else {
      w.lit("\t").real(sr.score).lit(flagged ? "\tT\t" : "\tF\t");
      for (std::size_t k = 0; k < sr.reason_count; ++k) {
        const score_reason& rs = sr.reasons[k];
        element(rs.feature == score_feature::rule ? rule(rs.rule).code : feature_name(rs.feature));
      }
    }
    if (!any) w.lit("(empty)");
  }

  // The report's alert tables: where the alert came from, its User-Agent, its reasons.
  void count_alert(tally& t, const item& it, const message_view* mv, const lint_summary& ls, const score_result& sr) {
    const std::string source = it.src.address_text();
    ++t.by_source[source];
    std::string_view agent = mv && mv->has(header_id::user_agent) ? mv->value(header_id::user_agent) : "(none)";
    ++t.by_agent[printable(agent, 80)];
    std::vector<std::string> reasons;
    if (o_.job == capture_job::lint) {
      for (std::size_t k = 0; k < ls.stored; ++k)
        if (storage_[k].level == severity::error) reasons.emplace_back(rule(storage_[k].rule).code);
      if (!mv) reasons.emplace_back("unparseable");
    } else {
      for (std::size_t k = 0; k < sr.reason_count; ++k) {
        const score_reason& rs = sr.reasons[k];
        reasons.emplace_back(rs.feature == score_feature::rule ? rule(rs.rule).code : feature_name(rs.feature));
      }
    }
    std::sort(reasons.begin(), reasons.end());
    reasons.erase(std::unique(reasons.begin(), reasons.end()), reasons.end());
    std::string group;
    for (const std::string& r : reasons) {
      ++t.by_reason[r];
      group += (group.empty() ? "" : " + ") + r;
    }
    ++t.by_group[(group.empty() ? std::string("(no reason)") : group) + " from " + source];
  }

  void add_top(tally& t, const item& it, std::uint64_t index, std::string_view text, double value, bool flagged,
               const lint_summary& ls, const score_result& sr, const message_view* mv) {
    if (!admit({flagged, value, index})) return;
    if (t.top.size() >= o_.top * 2) keep_top(t.top, o_.top);
    top_message tm;
    tm.value = value;
    tm.flagged = flagged;
    tm.index = index;
    tm.meta = it;
    tm.bytes = std::string(text);
    tm.title = std::string(line_at(text, 0));
    if (o_.job == capture_job::lint) {
      line_locator where(text);
      for (std::size_t k = 0; k < ls.stored; ++k) {
        const finding& fd = storage_[k];
        const rule_info& r = rule(fd.rule);
        std::string label = std::string(r.code) + " " + std::string(r.name) + " (" +
                            std::string(severity_name(fd.level)) + "): " + finding_message(fd);
        line_column lc = where(fd.offset);
        tm.reasons.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + label);
        tm.marks.push_back({fd.offset, fd.length, label});
      }
    } else {
      for (std::size_t k = 0; k < sr.reason_count; ++k) {
        const score_reason& rs = sr.reasons[k];
        std::string what = rs.feature == score_feature::rule
                               ? std::string(rule(rs.rule).code) + " " + std::string(rule(rs.rule).name)
                               : std::string(feature_name(rs.feature));
        std::string label = what + " " + shown_header_label(rs, mv) + " (+" + fixed(rs.contribution, 2) + ")";
        line_column lc = locate(text, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(text.size())));
        std::string line = std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + label;
        if (rs.length && rs.offset < text.size())
          line += " \"" + printable(text.substr(rs.offset, rs.length), 40) + "\"";
        tm.reasons.push_back(line);
        tm.marks.push_back({rs.offset, rs.length, label});
      }
    }
    t.top.push_back(std::move(tm));
  }

  const capture_run_options& o_;
  const std::string& name_;
  record_kind kind_;
  bool keep_points_;
  message_view view_;
  std::array<finding, 256> storage_{};
  iso_clock clock_;
  std::string name_json_;  // ,"file":"the file name" (and file_base64)
  std::string seq_;        // a record's "CSeq-number method"
  std::string scratch_;    // a record's lint findings
  text_buffer verdict_;    // a record's lint or score part
  // The N best messages this analyzer has kept, over all its batches, the worst in front.
  // A message not better than the N-th cannot be among the N best of the capture:
  // the N better ones are each among the N best of their own batch, whose lists
  // are merged whole.
  bool admit(const rank& r) {
    if (best_.size() == o_.top) {
      if (!ranks_before(r, best_.front())) return false;
      std::pop_heap(best_.begin(), best_.end(), ranks_before);
      best_.pop_back();
    }
    best_.push_back(r);
    std::push_heap(best_.begin(), best_.end(), ranks_before);
    return true;
  }
  std::vector<rank> best_;
  std::string threshold_text_;          // the score threshold as a record writes it
};

void write_stdout(const std::string& s) { std::fwrite(s.data(), 1, s.size(), stdout); }

}  // namespace

int run_capture(const std::string& path, const capture_run_options& o) {
  const bool live = !o.interface.empty() || !o.hep.empty();
  const std::string name = !o.hep.empty() ? "hep:" + o.hep : live ? o.interface : path == "-" ? std::string("<stdin>") : path;
  const char* who = o.job == capture_job::lint ? "sipspan lint: " : "sipspan score: ";
  cap::reader_options ro;
  ro.sip_ports.insert(ro.sip_ports.end(), o.sip_ports.begin(), o.sip_ports.end());
  ro.stop = [] { return interrupted() != 0; };
  ro.notice = [who](const cap::capture_error& e) { std::cerr << who << e.message << "\n"; };
  stream_feeder* feeding = nullptr;  // a stream's reader, told when its input is about to wait
  ro.waiting = [&feeding] {
    if (feeding) feeding->waiting();
  };
  cap::reader r(ro);
  cap::capture_error open_err;
  // The handlers first: a live capture ends only on a signal.
  interrupt_guard on_signal;
  if (live) {
    if (!(o.hep.empty() ? r.open_live(o.interface, o.filter, open_err) : r.open_hep(o.hep, open_err))) {
      std::cerr << who << open_err.message << "\n";
      return 2;
    }
    if (o.hep.empty())
      std::cerr << who << "listening on " << o.interface << (o.filter.empty() ? "" : " (" + o.filter + ")")
                << "; Ctrl-C ends the capture\n";
    else
      std::cerr << who << "listening for HEP on " << o.hep << "; Ctrl-C ends the capture\n";
  } else if (!(path == "-" ? r.open(standard_input(), open_err) : r.open(path, open_err))) {
    // libpcap's sentences often name the file already
    bool named = open_err.message.rfind(path, 0) == 0 || (path == "-" && open_err.message.rfind("stdin", 0) == 0);
    std::cerr << who << (named ? "" : name + ": ") << open_err.message << "\n";
    return 2;
  }
  // A pipe (tcpdump -w -) or an interface is a stream: each record is written,
  // and flushed, as soon as its message is analysed. Ctrl-C or kill stop the
  // reading; what was read is reported, with the summary and the report.
  const bool stream = live || (path == "-" && standard_input_is_stream());
  progress_line progress(r.file_size());
  if (o.format == "zeek") write_stdout(zeek_header(o.job));
  merged mg;
  cap::capture_stats stats;
  std::unique_ptr<cap::capture_error> error;
  auto finish_batch = [&](batch& b) {
    std::fwrite(b.out.data(), 1, b.out.size(), stdout);
    if (stream) std::fflush(stdout);
    mg.add(b.t);
    keep_top(mg.t.top, o.top);
    progress.update(b.bytes_read, mg.t.messages);
  };

  std::size_t workers = o.threads < 0 ? std::max(1u, std::thread::hardware_concurrency())
                                      : static_cast<std::size_t>(o.threads);
  // Workers on threads of their own: each gets a batch from `next_batch`
  // (false: no more), analyses it and hands it to this thread, which writes
  // the batches in capture order. The system may start fewer threads than
  // asked (its limits): the ones started do the work.
  auto run_workers = [&](const std::function<bool(std::unique_ptr<batch>&)>& next_batch) {
    pipeline p(2 * workers + 2);
    std::vector<std::thread> pool;
    auto work = [&] {
      analyzer a(o, name);
      for (;;) {
        auto b = p.take_free();
        if (!next_batch(b)) {
          p.give_free(std::move(b));
          break;
        }
        a.run(*b);
        p.push_done(std::move(b));
      }
      p.worker_finished();
    };
    for (std::size_t w = 0; w < workers; ++w) {
      try {
        pool.emplace_back(work);
      } catch (const std::system_error& e) {
        if (pool.empty()) throw std::system_error(e.code(), "cannot start a worker thread");
        std::cerr << who << "started " << pool.size() << " of " << workers << " worker threads: " << e.what() << "\n";
        break;
      }
    }
    for (std::uint64_t next = 0;; ++next) {
      auto b = p.take_done(next, pool.size());
      if (!b) break;
      finish_batch(*b);
      p.give_free(std::move(b));
    }
    for (std::thread& t : pool) t.join();
  };
  if (workers == 0) {
    // one thread; a stream's batches hold one message, each written as soon as it is analysed
    analyzer a(o, name);
    batch b;
    flow_depths flows(o.format != "text");
    std::uint64_t index = 0, seq = 0;
    while (fill(r, b, index, seq, flows, stream ? 1 : batch_messages)) {
      a.run(b);
      finish_batch(b);
      b.clear();
    }
    stats = r.stats();
    if (r.error()) error = std::make_unique<cap::capture_error>(*r.error());
  } else if (stream) {
    // the reader on a thread of its own, the workers taking what it has read (stream_feeder)
    stream_feeder feeder(r, o.format != "text");
    feeding = &feeder;
    on_standard_input_wait([&] { feeder.waiting(); });
    std::thread reading([&] { feeder.run(); });
    run_workers([&](std::unique_ptr<batch>& b) { return feeder.take(b); });
    reading.join();
    on_standard_input_wait({});
    feeding = nullptr;
    stats = feeder.stats();
    error = std::move(feeder.error());
  } else {
    // the workers take turns at the reader, each filling the batch it then analyses
    std::mutex turn;
    flow_depths flows(o.format != "text");  // these four, stats and error: under the reader's turn
    std::uint64_t index = 0, seq = 0;
    bool read_all = false;
    run_workers([&](std::unique_ptr<batch>& b) {
      std::lock_guard hold(turn);
      const bool filled = !read_all && fill(r, *b, index, seq, flows);
      if (!filled && !read_all) {
        read_all = true;
        stats = r.stats();
        if (r.error()) error = std::make_unique<cap::capture_error>(*r.error());
      }
      return filled;
    });
  }
  progress.clear();

  std::string summary = summary_text(name, o, mg, stats);
  if (o.format == "zeek") write_stdout(zeek_footer());
  if (o.format != "text") std::cerr << summary;
  else write_stdout(summary);
  std::fflush(stdout);
  int status = 0;
  if (!o.report.empty()) {
    std::string html = report_html(name, o, mg, stats);
    std::FILE* f = std::fopen(o.report.c_str(), "wb");
    if (!f || std::fwrite(html.data(), 1, html.size(), f) != html.size() || std::fclose(f) != 0) {
      std::cerr << who << o.report << ": cannot write the report\n";
      status = 2;
    }
  }
  if (const int sig = interrupted()) {
    std::cerr << who << name << ": stopped by " << (sig == SIGINT ? "SIGINT" : "SIGTERM") << " after "
              << mg.t.messages << " messages, all reported\n";
    error.reset();  // a record the signal cut short is not damage
  }
  if (error) {
    std::cerr << who << name << ": record " << error->record << ": " << error->message << " (the capture is cut or damaged; "
              << mg.t.messages << " messages before it were reported)\n";
    return 2;
  }
  if (status) return status;
  if (o.job == capture_job::lint) return mg.t.errors || mg.t.parse_failures ? 1 : 0;
  return mg.t.flagged ? 1 : 0;
}

}  // namespace sipspan::cli
