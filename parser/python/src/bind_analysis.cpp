// sipspan Python package — the validator and the scorer: sipspan.lint(),
// sipspan.score(), their batch forms lint_many() and score_many() (which
// work without the GIL), scorer profiles (load_profile, default_profile) and
// the rule catalogue.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "analysis.hpp"
#include "finding_text.hpp"  // finding_message, header_label (the CLI's wording)
#include "line_locator.hpp"
#include "score_cli.hpp"      // default_profile_json

namespace sipspan::python {

namespace {

constexpr std::size_t max_findings = 256;  // as the CLI's capture records store

std::shared_ptr<const profile> load_profile_text(std::string_view json, std::string name) {
  auto p = std::make_shared<profile>();
  p->name = std::move(name);
  profile_error err;
  if (!load_profile_json(json, p->p, err)) throw parse_failure{"bad_profile", p->name + ": " + err.message, err.offset};
  return p;
}

std::shared_ptr<const profile> profile_or_default(const std::shared_ptr<const profile>& p) {
  return p ? p : builtin_profile();
}

// The buffers of a sequence, exported before the GIL is released.
std::vector<std::unique_ptr<held_buffer>> hold_all(const py::iterable& items) {
  std::vector<std::unique_ptr<held_buffer>> held;
  for (py::handle h : items) held.push_back(std::make_unique<held_buffer>(h));
  return held;
}

float checked_threshold(const profile& p, double fpr) {
  if (!(fpr > 0 && fpr < 1)) throw py::value_error("fpr must be between 0 and 1 (exclusive)");
  return p.p.threshold_for_fpr(fpr);
}

}  // namespace

const std::shared_ptr<const profile>& builtin_profile() {
  static const std::shared_ptr<const profile> p = load_profile_text(cli::default_profile_json(), "the built-in profile");
  return p;
}

lint_options lint_options_from(std::string_view profile_name, const std::vector<std::string>& enable,
                               const std::vector<std::string>& disable) {
  lint_options o;
  if (!profile_from_name(profile_name, o.profile))
    throw py::value_error("unknown lint profile '" + std::string(profile_name) + "' (strict, interop, forensic)");
  for (const auto* list : {&enable, &disable})
    for (const std::string& code : *list) {
      rule_id id;
      if (!find_rule(code, id)) throw py::value_error("unknown rule '" + code + "'");
      (list == &enable ? o.enable : o.disable).set(static_cast<std::size_t>(id));
    }
  return o;
}

py::object finding_object(const finding& f, std::string_view text_of_message) {
  cli::line_locator starts(text_of_message);
  const rule_info& r = rule(f.rule);
  line_column at = starts(f.offset);
  return type_of("Finding")(
      py::arg("code") = std::string(r.code), py::arg("name") = std::string(r.name),
      py::arg("severity") = std::string(severity_name(f.level)), py::arg("offset") = f.offset,
      py::arg("length") = f.length, py::arg("line") = at.line, py::arg("column") = at.column,
      py::arg("message") = cli::finding_message(f), py::arg("rfc") = std::string(r.rfc),
      py::arg("detail") = f.detail == error_code::success ? py::object(py::none()) : py::object(py::str(std::string(error_name(f.detail)))),
      py::arg("header") = f.header == header_id::other ? py::object(py::none()) : py::object(py::str(std::string(canonical_name(f.header)))));
}

scored score_one(std::string_view text_of_message, const message_view& view, const result& parsed,
                 const std::shared_ptr<const profile>& p, float threshold) {
  scored s;
  s.parse = parsed;
  s.threshold = threshold;
  s.prof = p;
  s.r = parsed ? score(view, p->p) : unparseable_result(parsed, text_of_message);
  const message_view* mv = parsed ? &view : nullptr;
  s.places.resize(s.r.reason_count);
  for (std::size_t i = 0; i < s.r.reason_count; ++i) {
    const score_reason& rs = s.r.reasons[i];
    line_column lc = locate(text_of_message, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(text_of_message.size())));
    s.places[i] = {lc.line, lc.column, cli::header_label(rs, mv)};
  }
  return s;
}

py::list reason_objects(const scored& s) {
  py::list out;
  for (std::size_t i = 0; i < s.r.reason_count; ++i) {
    const score_reason& rs = s.r.reasons[i];
    const bool is_rule = rs.feature == score_feature::rule;
    out.append(type_of("Reason")(
        py::arg("feature") = std::string(feature_name(rs.feature)),
        py::arg("rule") = is_rule ? py::object(py::str(std::string(rule(rs.rule).code))) : py::object(py::none()),
        py::arg("rule_name") = is_rule ? py::object(py::str(std::string(rule(rs.rule).name))) : py::object(py::none()),
        py::arg("header") = text(s.places[i].header), py::arg("offset") = rs.offset, py::arg("length") = rs.length,
        py::arg("line") = s.places[i].line, py::arg("column") = s.places[i].column,
        py::arg("contribution") = static_cast<double>(rs.contribution),
        py::arg("text") = rs.feature == score_feature::unparseable ? std::string(s.parse.message()) : reason_text(rs, s.prof->p)));
  }
  return out;
}

void bind_analysis(py::module_& m) {
  py::class_<profile, std::shared_ptr<profile>>(m, "Profile", "A scorer profile (trained by `sipspan train`).")
      .def_readonly("name", &profile::name)
      .def_property_readonly("trained_messages", [](const profile& p) { return p.p.trained_messages(); })
      .def_property_readonly("calibrated", [](const profile& p) { return p.p.calibrated(); })
      .def("threshold", [](const profile& p, double fpr) { return checked_threshold(p, fpr); }, py::arg("fpr") = 0.001,
           "the smallest score that alerts at this false-positive rate")
      .def("__repr__", [](const profile& p) { return "<sipspan.Profile " + p.name + ">"; });

  m.def("load_profile", [](const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw py::value_error(path + ": cannot open");  // OSError-like cases are the caller's
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::const_pointer_cast<profile>(load_profile_text(ss.str(), path));
  }, py::arg("path"), "Load a profile written by `sipspan train`; ParseError(code 'bad_profile', offset) when it is not one.");
  m.def("load_profile_json", [](py::object buf, std::string name) {
    held_buffer b(buf);
    return std::const_pointer_cast<profile>(load_profile_text(b.bytes(), std::move(name)));
  }, py::arg("json"), py::arg("name") = "<json>");
  m.def("default_profile", [] { return std::const_pointer_cast<profile>(builtin_profile()); },
        "The profile built into sipspan (corpus/profile/default.json).");

  py::class_<scored>(m, "Score", "A message's anomaly score with its reasons.")
      .def_property_readonly("score", [](const scored& s) { return static_cast<double>(s.r.score); })
      .def_property_readonly("threshold", [](const scored& s) { return static_cast<double>(s.threshold); })
      .def_property_readonly("alert", [](const scored& s) { return s.r.score >= s.threshold; })
      .def_property_readonly("verdict", [](const scored& s) { return s.r.score >= s.threshold ? "alert" : "ok"; })
      .def_property_readonly("error", [](const scored& s) {
        return s.parse ? py::object(py::none()) : py::object(py::str(std::string(s.parse.name())));
      }, "the parse error's code when the message cannot be framed (it then scores the maximum)")
      .def_property_readonly("reasons", [](const scored& s) { return reason_objects(s); },
                             "sipspan.Reason objects, the largest contribution first")
      .def("__repr__", [](const scored& s) {
        char buf[96];
        std::snprintf(buf, sizeof buf, "<sipspan.Score %.2f (threshold %.2f) %s>", static_cast<double>(s.r.score),
                      static_cast<double>(s.threshold), s.r.score >= s.threshold ? "ALERT" : "ok");
        return std::string(buf);
      });

  m.def("lint", [](py::object buf, std::string_view profile_name, std::vector<std::string> enable, std::vector<std::string> disable) {
    held_buffer b(buf);
    lint_options o = lint_options_from(profile_name, enable, disable);
    std::array<finding, max_findings> out;
    message_view scratch;
    lint_summary s;
    {
      py::gil_scoped_release nogil;
      s = lint(b.bytes(), scratch, out, o);
    }
    py::list l;
    for (std::size_t i = 0; i < s.stored; ++i) l.append(finding_object(out[i], b.bytes()));
    return l;
  }, py::arg("buf"), py::kw_only(), py::arg("profile") = "strict", py::arg("enable") = std::vector<std::string>{},
  py::arg("disable") = std::vector<std::string>{},
  "Every finding of the validator on one message (sipspan.Finding), in message order.\n"
  "profile: strict | interop | forensic; enable / disable: rule codes or names.");

  m.def("lint_many", [](py::iterable bufs, std::string_view profile_name, std::vector<std::string> enable, std::vector<std::string> disable) {
    auto held = hold_all(bufs);
    lint_options o = lint_options_from(profile_name, enable, disable);
    std::vector<std::vector<finding>> all(held.size());
    {
      py::gil_scoped_release nogil;
      std::array<finding, max_findings> out;
      message_view scratch;
      for (std::size_t i = 0; i < held.size(); ++i) {
        lint_summary s = lint(held[i]->bytes(), scratch, out, o);
        all[i].assign(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(s.stored));
      }
    }
    py::list l;
    for (std::size_t i = 0; i < held.size(); ++i) {
      py::list one;
      for (const finding& f : all[i]) one.append(finding_object(f, held[i]->bytes()));
      l.append(one);
    }
    return l;
  }, py::arg("bufs"), py::kw_only(), py::arg("profile") = "strict", py::arg("enable") = std::vector<std::string>{},
  py::arg("disable") = std::vector<std::string>{},
  "lint() over a sequence of messages, without holding the GIL: a list of lists of findings.");

  m.def("score", [](py::object buf, std::shared_ptr<profile> p, double fpr) {
    held_buffer b(buf);
    auto prof = profile_or_default(p);
    const float threshold = checked_threshold(*prof, fpr);
    message_view view;
    py::gil_scoped_release nogil;
    result r = parse(b.bytes(), view);
    return score_one(b.bytes(), view, r, prof, threshold);
  }, py::arg("buf"), py::arg("profile") = nullptr, py::kw_only(), py::arg("fpr") = 0.001,
  "Score one message against a profile (the built-in one by default): sipspan.Score.\n"
  "A message that cannot be framed scores the maximum, with the reason 'unparseable'.");

  m.def("score_many", [](py::iterable bufs, std::shared_ptr<profile> p, double fpr) {
    auto prof = profile_or_default(p);
    const float threshold = checked_threshold(*prof, fpr);
    auto held = hold_all(bufs);
    std::vector<scored> all(held.size());
    {
      py::gil_scoped_release nogil;
      message_view view;
      for (std::size_t i = 0; i < held.size(); ++i) {
        std::string_view t = held[i]->bytes();
        result r = parse(t, view);
        all[i] = score_one(t, view, r, prof, threshold);
      }
    }
    py::list l(all.size());
    for (std::size_t i = 0; i < all.size(); ++i) l[i] = py::cast(std::move(all[i]));
    return l;
  }, py::arg("bufs"), py::arg("profile") = nullptr, py::kw_only(), py::arg("fpr") = 0.001,
  "score() over a sequence of messages, without holding the GIL: a list of sipspan.Score.");

  m.def("rules", [] {
    py::list out;
    for (const rule_info& r : rules())
      out.append(py::dict(py::arg("code") = std::string(r.code), py::arg("name") = std::string(r.name),
                          py::arg("strict") = std::string(severity_name(r.level[0])),
                          py::arg("interop") = std::string(severity_name(r.level[1])),
                          py::arg("forensic") = std::string(severity_name(r.level[2])),
                          py::arg("rfc") = std::string(r.rfc), py::arg("summary") = std::string(r.summary)));
    return out;
  }, "The validator's rule catalogue (docs/rules.md), as dicts.");
}

}  // namespace sipspan::python
