// sipspan Python package — records as dicts' parts and as columns (scan_record.hpp).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <unordered_map>

#include "capture_record.hpp"
#include "finding_text.hpp"
#include "json_writer.hpp"
#include "scan_record.hpp"

namespace sipspan::python {

void put_text(py::dict& d, const char* key, const std::optional<std::string>& s) {
  if (!s) {
    d[key] = py::none();
    return;
  }
  d[key] = text(*s);
  if (!cli::utf8_valid(*s)) {
    cli::capture_out::text_buffer b;
    cli::json_writer::base64(b, *s);
    d[(std::string(key) + "_base64").c_str()] = py::str(b.data(), b.size());
  }
}

namespace {

// A record's dicts are many and their keys few: each key is made (interned)
// once, and the names from the static tables (features, rules, severities)
// once each.
#define SIPSPAN_KEY(name) ([]() -> PyObject* { static PyObject* const k = PyUnicode_InternFromString(name); return k; }())

void set(py::dict& d, PyObject* key, const py::object& v) {
  if (PyDict_SetItem(d.ptr(), key, v.ptr()) != 0) throw py::error_already_set();
}

const py::object& name_str(std::string_view static_name) {
  static std::unordered_map<std::string_view, py::object>* names = new std::unordered_map<std::string_view, py::object>;
  auto it = names->find(static_name);
  if (it == names->end()) it = names->emplace(static_name, py::str(static_name.data(), static_name.size())).first;
  return it->second;
}

template <class N>
py::object num(N n) {
  return py::cast(n);
}

}  // namespace

py::list reason_dicts(const scored& s) {
  py::list rl;
  for (std::size_t k = 0; k < s.r.reason_count; ++k) {
    const score_reason& rs = s.r.reasons[k];
    py::dict x;
    set(x, SIPSPAN_KEY("feature"), name_str(feature_name(rs.feature)));
    if (rs.feature == score_feature::rule) {
      set(x, SIPSPAN_KEY("rule"), name_str(rule(rs.rule).code));
      set(x, SIPSPAN_KEY("rule_name"), name_str(rule(rs.rule).name));
    }
    put_text(x, "header", s.places[k].header);
    set(x, SIPSPAN_KEY("offset"), num(rs.offset));
    set(x, SIPSPAN_KEY("length"), num(rs.length));
    set(x, SIPSPAN_KEY("line"), num(s.places[k].line));
    set(x, SIPSPAN_KEY("column"), num(s.places[k].column));
    set(x, SIPSPAN_KEY("contribution"), num(static_cast<double>(rs.contribution)));
    rl.append(x);
  }
  return rl;
}

py::list finding_dicts(const record& r) {
  py::list fl;
  for (const located_finding& lf : r.findings) {
    const rule_info& ri = rule(lf.f.rule);
    py::dict x;
    set(x, SIPSPAN_KEY("rule"), name_str(ri.name));
    set(x, SIPSPAN_KEY("code"), name_str(ri.code));
    set(x, SIPSPAN_KEY("severity"), name_str(severity_name(lf.f.level)));
    set(x, SIPSPAN_KEY("offset"), num(lf.f.offset));
    set(x, SIPSPAN_KEY("length"), num(lf.f.length));
    set(x, SIPSPAN_KEY("line"), num(lf.at.line));
    set(x, SIPSPAN_KEY("column"), num(lf.at.column));
    set(x, SIPSPAN_KEY("end_line"), num(lf.end.line));
    set(x, SIPSPAN_KEY("end_column"), num(lf.end.column));
    set(x, SIPSPAN_KEY("message"), py::str(cli::finding_message(lf.f)));
    set(x, SIPSPAN_KEY("rfc"), name_str(ri.rfc));
    set(x, SIPSPAN_KEY("detail"), lf.f.detail == error_code::success ? py::object(py::none()) : name_str(error_name(lf.f.detail)));
    set(x, SIPSPAN_KEY("header"), lf.f.header == header_id::other ? py::object(py::none()) : name_str(canonical_name(lf.f.header)));
    fl.append(x);
  }
  return fl;
}

namespace {

template <class T>
py::array_t<T> array_of(const std::vector<T>& v) {
  return py::array_t<T>(static_cast<py::ssize_t>(v.size()), v.data());
}

// A column of numbers some records lack: the values and where they are missing.
struct nullable {
  std::vector<std::int64_t> values;
  std::vector<bool> missing_bits;
  void add(std::optional<std::int64_t> v) {
    values.push_back(v.value_or(0));
    missing_bits.push_back(!v);
  }
  void put(py::dict& d, const char* name) const {
    d[name] = array_of(values);
    py::array_t<bool> m(static_cast<py::ssize_t>(missing_bits.size()));
    bool* p = m.mutable_data();
    for (std::size_t i = 0; i < missing_bits.size(); ++i) p[i] = missing_bits[i];
    d[(std::string(name) + "_missing").c_str()] = m;
  }
};

py::object opt_str(const std::optional<std::string>& s) { return s ? py::object(text(*s)) : py::object(py::none()); }

}  // namespace

py::dict record_columns(const std::vector<record>& batch, bool score, bool lint) {
  const std::size_t n = batch.size();
  std::vector<std::int64_t> ts(n), capture_record(n), message_index(n), trans_depth(n), length(n);
  std::vector<std::uint16_t> src_port(n), dest_port(n);
  std::vector<std::uint8_t> proto(n);
  std::vector<bool> reassembled(n);
  nullable status_code, request_body_len, response_body_len, parse_error_offset;
  py::list src_ip(n), dest_ip(n), method(n), uri(n), reason(n), call_id(n), seq(n), from(n), to(n), user_agent(n),
      parse_error(n);
  std::vector<double> scores, thresholds;
  std::vector<bool> alerts;
  py::list reasons, top_reason;
  std::vector<std::int64_t> errors, warnings, infos;
  py::list findings;
  // the same few addresses again and again: one str each
  std::string last_src, last_dst;
  py::str last_src_str, last_dst_str;
  const py::object none = py::none();
  for (std::size_t i = 0; i < n; ++i) {
    const record& r = batch[i];
    const cap::sip_message& m = r.meta;
    ts[i] = m.ts_ns;
    std::string a = m.src.address_text();
    if (i == 0 || a != last_src) {
      last_src_str = py::str(a);
      last_src = std::move(a);
    }
    src_ip[i] = last_src_str;
    std::string b = m.dst.address_text();
    if (i == 0 || b != last_dst) {
      last_dst_str = py::str(b);
      last_dst = std::move(b);
    }
    dest_ip[i] = last_dst_str;
    src_port[i] = m.src.port;
    dest_port[i] = m.dst.port;
    proto[i] = static_cast<std::uint8_t>(m.proto);
    capture_record[i] = static_cast<std::int64_t>(m.record);
    message_index[i] = static_cast<std::int64_t>(r.index);
    trans_depth[i] = r.trans_depth;
    reassembled[i] = m.reassembled;
    length[i] = r.length;
    const bool ok = r.parsed.ok();
    method[i] = ok && r.request ? py::object(text(r.method)) : none;
    uri[i] = ok && r.request ? py::object(text(r.uri)) : none;
    reason[i] = ok && !r.request ? py::object(text(r.reason)) : none;
    status_code.add(ok && !r.request ? std::optional<std::int64_t>(r.status) : std::nullopt);
    call_id[i] = ok ? opt_str(r.call_id) : none;
    seq[i] = ok ? opt_str(r.seq) : none;
    from[i] = ok ? opt_str(r.from) : none;
    to[i] = ok ? opt_str(r.to) : none;
    user_agent[i] = ok ? opt_str(r.user_agent) : none;
    request_body_len.add(ok && r.request ? std::optional<std::int64_t>(static_cast<std::int64_t>(r.body_len)) : std::nullopt);
    response_body_len.add(ok && !r.request ? std::optional<std::int64_t>(static_cast<std::int64_t>(r.body_len)) : std::nullopt);
    parse_error[i] = ok ? none : name_str(r.parsed.name());
    parse_error_offset.add(ok ? std::nullopt : std::optional<std::int64_t>(r.parsed.offset));
    if (score && r.score) {
      const scored& s = *r.score;
      scores.push_back(static_cast<double>(s.r.score));
      thresholds.push_back(static_cast<double>(s.threshold));
      alerts.push_back(s.r.score >= s.threshold);
      reasons.append(reason_dicts(s));
      if (s.r.reason_count == 0) {
        top_reason.append(none);
      } else {
        const score_reason& top = s.r.reasons[0];
        top_reason.append(name_str(top.feature == score_feature::rule ? rule(top.rule).code : feature_name(top.feature)));
      }
    }
    if (lint && r.linted) {
      errors.push_back(r.ls.errors);
      warnings.push_back(r.ls.warnings);
      infos.push_back(r.ls.infos);
      findings.append(finding_dicts(r));
    }
  }
  py::dict d;
  d["ts_ns"] = array_of(ts);
  d["src_ip"] = src_ip;
  d["src_port"] = array_of(src_port);
  d["dest_ip"] = dest_ip;
  d["dest_port"] = array_of(dest_port);
  d["proto"] = array_of(proto);
  d["capture_record"] = array_of(capture_record);
  d["message_index"] = array_of(message_index);
  d["trans_depth"] = array_of(trans_depth);
  py::array_t<bool> re(static_cast<py::ssize_t>(n));
  for (std::size_t i = 0; i < n; ++i) re.mutable_data()[i] = reassembled[i];
  d["reassembled"] = re;
  d["length"] = array_of(length);
  d["method"] = method;
  d["uri"] = uri;
  status_code.put(d, "status_code");
  d["reason"] = reason;
  d["call_id"] = call_id;
  d["seq"] = seq;
  d["from"] = from;
  d["to"] = to;
  d["user_agent"] = user_agent;
  request_body_len.put(d, "request_body_len");
  response_body_len.put(d, "response_body_len");
  d["parse_error"] = parse_error;
  parse_error_offset.put(d, "parse_error_offset");
  if (score) {
    d["score"] = array_of(scores);
    d["threshold"] = array_of(thresholds);
    py::array_t<bool> al(static_cast<py::ssize_t>(alerts.size()));
    for (std::size_t i = 0; i < alerts.size(); ++i) al.mutable_data()[i] = alerts[i];
    d["alert"] = al;
    d["reasons"] = reasons;
    d["top_reason"] = top_reason;
  }
  if (lint) {
    d["lint_errors"] = array_of(errors);
    d["lint_warnings"] = array_of(warnings);
    d["lint_infos"] = array_of(infos);
    d["findings"] = findings;
  }
  return d;
}

}  // namespace sipspan::python
