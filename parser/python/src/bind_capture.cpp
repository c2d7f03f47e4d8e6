// sipspan Python package — captures: sipspan.CaptureScan reads a pcap or
// pcapng file through the capture library (tools/capture) a batch at a time,
// without the GIL, and gives each SIP message as a record with the fields of
// the CLI's JSON Lines records (docs/capture-record.schema.json), scored and/or
// linted, while it adds each message to the capture's summary
// (sipspan.CaptureSummary, bind_summary.cpp) as the CLI does;
// sipspan.capture_messages gives the messages alone.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>

#include "analysis.hpp"
#include "sipspan/capture.hpp"
#include "capture_range.hpp"
#include "capture_record.hpp"
#include "capture_summary.hpp"
#include "scan_record.hpp"
#include "scan_summary.hpp"
#include "input.hpp"  // line_at
#include "json_writer.hpp"
#include "line_locator.hpp"

namespace sipspan::python {

namespace {

std::optional<std::string> opt_copy(std::string_view s) {
  return s.data() ? std::optional<std::string>(std::string(s)) : std::nullopt;
}

struct scan_options {
  bool do_score = true, do_lint = false, records = true;
  std::shared_ptr<const profile> prof;
  float threshold = 0;
  double fpr = 0.001;
  lint_options lo;
  std::size_t top = 10;
};

// ------------------------------------------------------------ the scan

class capture_scan {
 public:
  // The whole file, or one range of its records (capture_range.hpp).
  capture_scan(const std::string& path, const std::string& name, scan_options o, const std::vector<std::uint16_t>& sip_ports,
               const std::optional<record_range>& range = std::nullopt)
      : o_(std::move(o)), ro_(reader_options(sip_ports)), reader_(ro_), flows_(o_.records), name_(name), range_(range) {
    cap::capture_error err;
    if (range_) {
      std::string why;
      std::FILE* f = open_range(path, *range_, why);
      if (f == nullptr) throw py::value_error(why);
      if (!reader_.open(f, err)) throw py::value_error(name + ": " + err.message);
      record_base_ = range_->records_before;
    } else if (!reader_.open(path, err)) {
      throw py::value_error(name + ": " + err.message);  // OSError-like: cannot open
    }
    sum_.name = name;
    sum_.lint_job = !o_.do_score;
    sum_.lint_prof = o_.lo.profile;
    sum_.threshold = o_.threshold;
    sum_.fpr = o_.fpr;
    sum_.profile_name = o_.prof ? o_.prof->name : "";
    sum_.top = o_.top;
  }

  // Up to `n` more records (none at the end), read without the GIL.
  py::list next(std::size_t n) {
    std::vector<record> batch = read(n);
    py::list l;
    for (const record& r : batch) l.append(record_dict(r));
    return l;
  }
  // The same as columns (record_columns).
  py::dict columns(std::size_t n) { return record_columns(read(n), o_.do_score, o_.do_lint); }

 private:
  std::vector<record> read(std::size_t n) {
    std::vector<record> batch;
    {
      py::gil_scoped_release nogil;
      batch_ = out::tally{};
      if (!o_.do_score) batch_.by_rule.assign(rules().size(), 0);
      cap::sip_message m;
      while (batch.size() < n && !done_) {
        if (!reader_.next(m)) {
          done_ = true;
          sum_.stats = reader_.stats();
          if (const cap::capture_error* e = reader_.error())
            sum_.errors.push_back(name_ + ": record " + std::to_string(e->record + record_base_) + ": " + e->message);
          break;
        }
        record r = one(m);
        if (o_.records) batch.push_back(std::move(r));
      }
      sum_.mg.add(batch_);
      keep_top(sum_.mg.t.top, o_.top);
    }
    return batch;
  }

 public:
  bool done() const { return done_; }
  // Whether this range was read as the whole file's reading reads it: nothing
  // before it bore on it. Each UDP datagram is one message and stands alone,
  // but for the conversations that carried SIP, where a payload that does not
  // look like SIP, off the SIP ports, is SIP (capture.hpp): no such payload
  // came, taken or skipped. A TCP segment with payload, an IP fragment, an SCTP
  // chunk: a stream, a datagram or a message may have begun before the range.
  bool range_exact() const {
    const cap::capture_stats& st = reader_.stats();
    return st.tcp_segments == 0 && st.ip_fragments == 0 && st.sctp_chunks == 0 && st.ws_frames == 0 &&
           st.skipped[static_cast<std::size_t>(cap::sniff_kind::other)] == 0 &&
           st.skipped[static_cast<std::size_t>(cap::sniff_kind::midstream)] == 0 && by_conversation_ == 0;
  }
  const summary& result_summary() const { return sum_; }

 private:
  bool sip_port(const cap::sip_message& m) const {
    for (std::uint16_t p : ro_.sip_ports)
      if (m.src.port == p || m.dst.port == p) return true;
    return false;
  }
  static cap::reader_options reader_options(const std::vector<std::uint16_t>& ports) {
    cap::reader_options ro;
    ro.sip_ports.insert(ro.sip_ports.end(), ports.begin(), ports.end());
    return ro;
  }

  // One message: its parse (the reader's for a stream message, as the CLI's), the
  // score and findings, the fields of its record, and its part of the summary.
  record one(const cap::sip_message& m) {
    record r;
    r.meta = m;
    r.meta.bytes = {};
    r.meta.parsed = nullptr;
    r.meta.record += record_base_;
    if (range_ && !sip_port(m) && cap::sniff(m.bytes) != cap::sniff_kind::sip) ++by_conversation_;
    r.index = index_++;
    r.trans_depth = flows_.depth(m);
    r.length = static_cast<std::uint32_t>(m.bytes.size());
    const std::string_view text_of = m.bytes;
    const message_view* msg = m.parsed ? m.parsed : &view_;
    if (o_.do_lint) {
      if (m.parsed) {
        r.ls = lint(*msg, storage_, o_.lo);
      } else {
        r.ls = lint(text_of, view_, storage_, o_.lo);
        r.parsed = r.ls.parse;
      }
      r.linted = true;
    } else if (!m.parsed) {
      r.parsed = parse(text_of, view_);
    }
    const bool ok = r.parsed.ok();
    if (o_.do_score) r.score = score_one(text_of, *msg, r.parsed, o_.prof, o_.threshold);
    const message_view& v = *msg;
    out::sip_fields f;
    if (ok) f = out::fields_of(v, o_.records);

    const out::message_rank rank = out::count_message(batch_, m.ts_ns, ok ? &v : nullptr, f, o_.do_score ? nullptr : &r.ls,
                                                      storage_.data(), o_.do_score ? r.score->r.score : 0.0, o_.threshold);
    const double value = rank.value;
    const bool flagged = rank.flagged;
    if (o_.top && (value > 0 || flagged)) add_top(m, r, text_of, value, flagged, ok ? msg : nullptr);

    if (r.linted) {
      cli::line_locator starts(text_of), ends(text_of);
      for (std::size_t k = 0; k < r.ls.stored; ++k)
        r.findings.push_back({storage_[k], starts(storage_[k].offset), ends(static_cast<std::size_t>(storage_[k].offset) + storage_[k].length)});
    }
    if (!o_.records || !ok) return r;
    r.request = v.is_request();
    if (r.request) {
      r.method = v.method();
      r.uri = v.request_uri();
    } else {
      r.status = v.status_code();
      r.reason = v.reason();
    }
    r.call_id = opt_copy(f.call_id);
    if (f.has_cseq) r.seq = std::to_string(f.cseq) + " " + std::string(f.cseq_method);
    r.from = opt_copy(f.from_uri);
    r.to = opt_copy(f.to_uri);
    r.user_agent = opt_copy(f.user_agent);
    r.body_len = v.body().size();
    return r;
  }

  void add_top(const cap::sip_message& m, const record& r, std::string_view text_of, double value, bool flagged,
               const message_view* mv) {
    std::vector<out::top_message>& top = batch_.top;
    if (top.size() >= o_.top * 2) keep_top(top, o_.top);
    out::top_message tm;
    tm.value = value;
    tm.flagged = flagged;
    tm.index = r.index;
    tm.meta.record = r.meta.record;
    tm.meta.ts_ns = m.ts_ns;
    tm.meta.src = m.src;
    tm.meta.dst = m.dst;
    tm.meta.proto = m.proto;
    tm.title = std::string(cli::line_at(text_of, 0));
    if (o_.do_score) {
      const score_result& sr = r.score->r;
      for (std::size_t k = 0; k < sr.reason_count; ++k) {
        const score_reason& rs = sr.reasons[k];
        std::string what = rs.feature == score_feature::rule
                               ? std::string(rule(rs.rule).code) + " " + std::string(rule(rs.rule).name)
                               : std::string(feature_name(rs.feature));
        std::string label = what + " " + cli::shown_header_label(rs, mv) + " (+" + out::fixed(rs.contribution, 2) + ")";
        line_column lc = locate(text_of, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(text_of.size())));
        std::string line = std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + label;
        if (rs.length && rs.offset < text_of.size())
          line += " \"" + out::printable(text_of.substr(rs.offset, rs.length), 40) + "\"";
        tm.reasons.push_back(std::move(line));
      }
    } else {
      cli::line_locator where(text_of);
      for (std::size_t k = 0; k < r.ls.stored; ++k) {
        const finding& fd = storage_[k];
        const rule_info& ri = rule(fd.rule);
        line_column lc = where(fd.offset);
        tm.reasons.push_back(std::to_string(lc.line) + ":" + std::to_string(lc.column) + " " + std::string(ri.code) + " " +
                             std::string(ri.name) + " (" + std::string(severity_name(fd.level)) + "): " + cli::finding_message(fd));
      }
    }
    top.push_back(std::move(tm));
  }

  py::dict record_dict(const record& r) {
    py::dict d;
    const cap::sip_message& m = r.meta;
    d["timestamp"] = clock_.format(m.ts_ns);
    d["ts"] = static_cast<double>(m.ts_ns) / 1e9;
    d["event_type"] = "sip";
    d["src_ip"] = m.src.address_text();
    d["src_port"] = m.src.port;
    d["dest_ip"] = m.dst.address_text();
    d["dest_port"] = m.dst.port;
    d["proto"] = std::string(cap::transport_name(m.proto));
    put_text(d, "file", name_);
    d["capture_record"] = m.record;
    d["message_index"] = r.index;
    d["trans_depth"] = r.trans_depth;
    d["reassembled"] = m.reassembled;
    d["length"] = r.length;
    if (!r.parsed) {
      d["parse_error"] = py::dict(py::arg("code") = std::string(r.parsed.name()), py::arg("message") = std::string(r.parsed.message()),
                                  py::arg("offset") = r.parsed.offset);
    } else {
      if (r.request) {
        put_text(d, "method", r.method);
        put_text(d, "uri", r.uri);
      } else {
        d["status_code"] = r.status;
        put_text(d, "reason", r.reason);
      }
      put_text(d, "call_id", r.call_id);
      put_text(d, "seq", r.seq);
      put_text(d, "from", r.from);
      put_text(d, "to", r.to);
      put_text(d, "user_agent", r.user_agent);
      d[r.request ? "request_body_len" : "response_body_len"] = r.body_len;
    }
    if (r.linted) {
      py::list fl = finding_dicts(r);
      d["lint"] = py::dict(py::arg("errors") = r.ls.errors, py::arg("warnings") = r.ls.warnings, py::arg("infos") = r.ls.infos,
                           py::arg("findings") = fl);
    }
    if (r.score) {
      const scored& s = *r.score;
      py::list rl = reason_dicts(s);
      d["score"] = py::dict(py::arg("score") = static_cast<double>(s.r.score), py::arg("threshold") = static_cast<double>(s.threshold),
                            py::arg("alert") = s.r.score >= s.threshold, py::arg("reasons") = rl);
    }
    return d;
  }

  scan_options o_;
  cap::reader_options ro_;
  cap::reader reader_;
  out::flow_depths flows_;
  std::string name_;
  summary sum_;
  out::tally batch_;  // what this batch adds to sum_ (merged as the CLI merges its batches)
  message_view view_;
  std::array<finding, 256> storage_{};
  out::iso_clock clock_;
  std::uint64_t index_ = 0;
  bool done_ = false;
  std::optional<record_range> range_;
  std::uint64_t record_base_ = 0;   // records of the file before the range
  std::uint64_t by_conversation_ = 0;  // messages taken for their conversation alone
};

}  // namespace

void bind_capture(py::module_& m) {
  bind_summary(m);

  m.def("capture_messages", [](const std::string& path, std::vector<std::uint16_t> sip_ports) {
    cap::reader_options ro;
    ro.sip_ports.insert(ro.sip_ports.end(), sip_ports.begin(), sip_ports.end());
    cap::reader r(ro);
    cap::capture_error err;
    if (!r.open(path, err)) throw py::value_error(path + ": " + err.message);
    std::vector<std::string> all;
    {
      py::gil_scoped_release nogil;
      cap::sip_message msg;
      while (r.next(msg)) all.emplace_back(msg.bytes);
    }
    if (const cap::capture_error* e = r.error())
      throw py::value_error(path + ": record " + std::to_string(e->record) + ": " + e->message);
    py::list l(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) l[i] = py::bytes(all[i]);
    return l;
  }, py::arg("path"), py::arg("sip_ports") = std::vector<std::uint16_t>{},
  "The SIP messages of a capture as bytes, in capture order (for lint_many / score_many).");

  m.def("capture_ranges", [](const std::string& path, std::uint64_t range_bytes) {
    std::vector<record_range> rs;
    {
      py::gil_scoped_release nogil;
      rs = capture_ranges(path, std::max<std::uint64_t>(range_bytes, 1));
    }
    py::list l;
    for (const record_range& r : rs) l.append(py::make_tuple(r.begin, r.end, r.records_before));
    return l;
  }, py::arg("path"), py::arg("range_bytes"),
  "The index pass: a classic pcap file cut at record boundaries every range_bytes or so, as\n"
  "(begin, end, records_before) for CaptureScan(range=...); [] when it cannot be cut.");

  py::class_<capture_scan>(m, "CaptureScan", "Reads a capture a batch of records at a time (sipspan.read_capture).")
      .def(py::init([](const std::string& path, const std::string& name, bool do_score, bool do_lint,
                       std::shared_ptr<profile> prof, double fpr, std::string_view lint_profile_name, std::size_t top,
                       bool records, std::vector<std::uint16_t> sip_ports,
                       std::optional<std::tuple<std::uint64_t, std::uint64_t, std::uint64_t>> range) {
             if (!do_score && !do_lint) throw py::value_error("score, lint or both");
             scan_options o;
             o.do_score = do_score;
             o.do_lint = do_lint;
             o.records = records;
             o.top = top;
             o.lo = lint_options_from(lint_profile_name, {}, {});
             if (do_score) {
               o.prof = prof ? std::shared_ptr<const profile>(prof) : builtin_profile();
               if (!(fpr > 0 && fpr < 1)) throw py::value_error("fpr must be between 0 and 1 (exclusive)");
               o.threshold = o.prof->p.threshold_for_fpr(fpr);
               o.fpr = fpr;
             }
             std::optional<record_range> rr;
             if (range) rr = record_range{std::get<0>(*range), std::get<1>(*range), std::get<2>(*range)};
             auto scan = std::make_unique<capture_scan>(path, name, std::move(o), sip_ports, rr);
             return scan;
           }),
           py::arg("path"), py::arg("name"), py::arg("score") = true, py::arg("lint") = false, py::arg("profile") = nullptr,
           py::arg("fpr") = 0.001, py::arg("lint_profile") = "strict", py::arg("top") = 10, py::arg("records") = true,
           py::arg("sip_ports") = std::vector<std::uint16_t>{}, py::arg("range") = py::none())
      .def("next", &capture_scan::next, py::arg("n") = 512, "up to n more records; [] at the end")
      .def("columns", &capture_scan::columns, py::arg("n") = 16384,
           "up to n more records as columns (numpy arrays and lists; sipspan.capture.columns_frame)")
      .def_property_readonly("done", &capture_scan::done)
      .def_property_readonly("range_exact", &capture_scan::range_exact,
                             "a range (range=(begin, end, records_before)): read as the whole file reads it")
      .def("summary", [](const capture_scan& s) { return s.result_summary(); }, "the summary of what was read so far");
}

}  // namespace sipspan::python
