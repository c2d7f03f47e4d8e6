// sipspan Python package — sipspan.CaptureSummary: the text of `sipspan
// score|lint CAPTURE`, exact merges of summaries (of other captures, or of
// other workers' parts) and their pickled form, which Dask sends between
// processes: the counts, the distinct counts' keys or HyperLogLog registers,
// the top messages, the reader's counters.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <map>

#include "scan_summary.hpp"

namespace sipspan::python {

namespace {

py::bytes as_bytes(const void* p, std::size_t n) { return py::bytes(static_cast<const char*>(p), n); }

py::object distinct_state(const cli::distinct_count& c) {
  if (c.exact()) return py::cast(c.keys());
  return as_bytes(c.registers().data(), c.registers().size());
}

void restore_distinct(cli::distinct_count& c, const py::object& state) {
  if (py::isinstance<py::bytes>(state)) {
    std::string regs = state.cast<std::string>();
    if (!c.merge_registers({reinterpret_cast<const std::uint8_t*>(regs.data()), regs.size()}))
      throw py::value_error("a distinct-count sketch of the wrong size");
    return;
  }
  for (std::uint64_t k : state.cast<std::vector<std::uint64_t>>()) c.add(k);
}

py::tuple endpoint_state(const cap::endpoint& e) { return py::make_tuple(as_bytes(e.addr.data(), e.addr.size()), e.v6, e.port); }
cap::endpoint endpoint_from(const py::tuple& t) {
  cap::endpoint e;
  std::string a = t[0].cast<std::string>();
  std::copy_n(a.begin(), std::min(a.size(), e.addr.size()), e.addr.begin());
  e.v6 = t[1].cast<bool>();
  e.port = t[2].cast<std::uint16_t>();
  return e;
}

py::dict summary_state(const summary& s) {
  const out::tally& t = s.mg.t;
  py::dict d;
  d["counts"] = py::make_tuple(t.messages, t.requests, t.responses, t.parse_failures, t.flagged, t.errors, t.warnings,
                               t.infos, t.findings, t.first_ts, t.last_ts, s.mg.other_methods, s.captures);
  d["methods"] = py::cast(std::map<std::string, std::uint64_t>(t.methods.begin(), t.methods.end()));
  d["statuses"] = py::cast(t.statuses);
  d["by_rule"] = py::cast(t.by_rule);
  d["call_ids"] = distinct_state(s.mg.call_ids);
  d["transactions"] = distinct_state(s.mg.transactions);
  py::list top;
  for (const out::top_message& m : t.top)
    top.append(py::make_tuple(m.value, m.flagged, m.index, m.meta.record, m.meta.ts_ns, endpoint_state(m.meta.src),
                              endpoint_state(m.meta.dst), static_cast<int>(m.meta.proto), as_bytes(m.title.data(), m.title.size()),
                              py::cast(m.reasons)));
  d["top"] = top;
  d["stats"] = as_bytes(&s.stats, sizeof s.stats);
  d["options"] = py::make_tuple(s.name, s.lint_job, static_cast<int>(s.lint_prof), s.threshold, s.fpr, s.profile_name, s.top);
  d["errors"] = py::cast(s.errors);
  return d;
}

summary summary_from(const py::dict& d) {
  summary s;
  out::tally& t = s.mg.t;
  auto c = d["counts"].cast<py::tuple>();
  t.messages = c[0].cast<std::uint64_t>();
  t.requests = c[1].cast<std::uint64_t>();
  t.responses = c[2].cast<std::uint64_t>();
  t.parse_failures = c[3].cast<std::uint64_t>();
  t.flagged = c[4].cast<std::uint64_t>();
  t.errors = c[5].cast<std::uint64_t>();
  t.warnings = c[6].cast<std::uint64_t>();
  t.infos = c[7].cast<std::uint64_t>();
  t.findings = c[8].cast<std::uint64_t>();
  t.first_ts = c[9].cast<std::int64_t>();
  t.last_ts = c[10].cast<std::int64_t>();
  s.mg.other_methods = c[11].cast<std::uint64_t>();
  s.captures = c[12].cast<std::uint64_t>();
  for (auto& [k, v] : d["methods"].cast<std::map<std::string, std::uint64_t>>()) t.methods.emplace(k, v);
  t.statuses = d["statuses"].cast<std::map<unsigned, std::uint64_t>>();
  t.by_rule = d["by_rule"].cast<std::vector<std::uint64_t>>();
  restore_distinct(s.mg.call_ids, d["call_ids"]);
  restore_distinct(s.mg.transactions, d["transactions"]);
  for (py::handle h : d["top"]) {
    auto x = h.cast<py::tuple>();
    out::top_message m;
    m.value = x[0].cast<double>();
    m.flagged = x[1].cast<bool>();
    m.index = x[2].cast<std::uint64_t>();
    m.meta.record = x[3].cast<std::uint64_t>();
    m.meta.ts_ns = x[4].cast<std::int64_t>();
    m.meta.src = endpoint_from(x[5].cast<py::tuple>());
    m.meta.dst = endpoint_from(x[6].cast<py::tuple>());
    m.meta.proto = static_cast<cap::transport>(x[7].cast<int>());
    m.title = x[8].cast<std::string>();
    m.reasons = x[9].cast<std::vector<std::string>>();
    t.top.push_back(std::move(m));
  }
  std::string stats = d["stats"].cast<std::string>();
  if (stats.size() != sizeof s.stats) throw py::value_error("capture counters of another build");
  std::memcpy(&s.stats, stats.data(), sizeof s.stats);
  auto o = d["options"].cast<py::tuple>();
  s.name = o[0].cast<std::string>();
  s.lint_job = o[1].cast<bool>();
  s.lint_prof = static_cast<lint_profile>(o[2].cast<int>());
  s.threshold = o[3].cast<float>();
  s.fpr = o[4].cast<double>();
  s.profile_name = o[5].cast<std::string>();
  s.top = o[6].cast<std::size_t>();
  s.errors = d["errors"].cast<std::vector<std::string>>();
  return s;
}

}  // namespace

void bind_summary(py::module_& m) {
  py::class_<summary>(m, "CaptureSummary",
                      "What `sipspan score|lint CAPTURE` summarises: counts, distinct calls and transactions, the top messages.\n"
                      "merge() adds another capture's (or worker's) summary exactly; str() is the CLI's text.")
      .def(py::init([] { return summary{}; }))
      .def_property_readonly("name", [](const summary& s) { return s.name; })
      .def_property_readonly("captures", [](const summary& s) { return s.captures; })
      .def_property_readonly("messages", [](const summary& s) { return s.mg.t.messages; })
      .def_property_readonly("requests", [](const summary& s) { return s.mg.t.requests; })
      .def_property_readonly("responses", [](const summary& s) { return s.mg.t.responses; })
      .def_property_readonly("parse_failures", [](const summary& s) { return s.mg.t.parse_failures; })
      .def_property_readonly("flagged", [](const summary& s) { return s.mg.t.flagged; },
                             "alerts (score), or messages with errors (lint)")
      .def_property_readonly("calls", [](const summary& s) { return s.mg.call_ids.size(); }, "distinct Call-IDs")
      .def_property_readonly("transactions", [](const summary& s) { return s.mg.transactions.size(); })
      .def_property_readonly("distinct_exact", [](const summary& s) { return s.mg.call_ids.exact() && s.mg.transactions.exact(); })
      .def_property_readonly("methods", [](const summary& s) { return std::map<std::string, std::uint64_t>(s.mg.t.methods.begin(), s.mg.t.methods.end()); })
      .def_property_readonly("statuses", [](const summary& s) { return s.mg.t.statuses; })
      .def_property_readonly("top", [](const summary& s) {
        py::list l;
        for (const auto& t : s.mg.t.top)
          l.append(py::dict(py::arg("message_index") = t.index, py::arg("capture_record") = t.meta.record,
                            py::arg("value") = t.value, py::arg("flagged") = t.flagged, py::arg("start_line") = text(t.title),
                            py::arg("reasons") = t.reasons));
        return l;
      })
      .def_property_readonly("errors", [](const summary& s) { return s.errors; })
      .def("merge", [](const summary& s, const summary& o) {
        summary both = s;
        both.merge(o);
        return both;
      }, py::arg("other"), "this summary and another capture's (or worker's) as one, neither changed")
      .def("join", [](const summary& s, const summary& next) {
        summary both = s;
        both.join(next);
        return both;
      }, py::arg("next"), "this summary followed by that of the capture's next range of records, as one reading of both")
      .def("renamed", [](const summary& s, std::string name) { summary c = s; c.name = std::move(name); return c; })
      .def("text", &summary::text, "the summary as `sipspan score|lint CAPTURE` prints it")
      .def("__str__", &summary::text)
      .def(py::pickle([](const summary& s) { return summary_state(s); },
                      [](const py::dict& d) { return summary_from(d); }));

}

}  // namespace sipspan::python
