// sipspan CLI — `sipspan score [--profile P] [--fpr F] [--format text|jsonl] INPUT...`:
// how unlike normal traffic each message is, with the reasons.
//
// Each INPUT is a file holding one message, a directory (its message files,
// recursively) or - for standard input. The profile is P, or the default one
// embedded at build time (corpus/profile/default.json). A message alerts when its
// score reaches the profile's threshold for the target false-positive rate F
// (0.001 by default). A message that does not parse at all scores the maximum,
// with the reason `unparseable` at the parse error's offset.
//
// text: "file: score S (threshold T) ALERT|ok", then one line per reason
//   "  feature header line:col offset N: explanation"; a summary line at the end.
// jsonl: one object per message: file, message_index, score, threshold, alert,
//   reasons [{feature, header, offset, length, line, column, contribution}];
//   the summary goes to standard error.
//
// Exit status: 0 no alert, 1 at least one alert, 2 usage or I/O error.

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "capture_input.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "json_writer.hpp"
#include "score_cli.hpp"
#include "sipspan/message.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli {

namespace fs = std::filesystem;

namespace {

bool skipped_in_directory(const fs::path& p) {
  std::string ext = p.extension().string();
  return ext == ".md" || ext == ".json" || ext == ".jsonl" || ext == ".tsv" || ext == ".txt";
}

std::string format_number(double v, int precision) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

}  // namespace

namespace {

// The evidence bytes, shown with control and non-ASCII bytes escaped, at most 40.
std::string evidence(std::string_view text, const score_reason& r) {
  if (r.offset >= text.size() || r.length == 0) return {};
  std::string_view b = text.substr(r.offset, std::min<std::size_t>(r.length, 40));
  std::string s;
  for (unsigned char c : b) {
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      s += static_cast<char>(c);
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      s += esc;
    }
  }
  if (r.length > 40) s += "...";
  return s;
}

}  // namespace

bool read_message_inputs(const std::vector<std::string>& inputs, std::vector<message_input>& out, std::string& error) {
  for (const std::string& in : inputs) {
    if (is_capture(in)) {
      if (!read_capture_messages(in, out, error)) return false;
      continue;
    }
    std::error_code ec;
    if (in != "-" && fs::is_directory(in, ec)) {
      std::vector<fs::path> files;
      fs::recursive_directory_iterator it(in, fs::directory_options::none, ec), end;
      for (; !ec && it != end; it.increment(ec))
        if (it->is_regular_file(ec) && !skipped_in_directory(it->path())) files.push_back(it->path());
      if (ec) {
        error = in + ": cannot list: " + ec.message();
        return false;
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) {
        message_input mi{f.string(), {}};
        if (!read_input(mi.name, mi.text, error)) return false;
        out.push_back(std::move(mi));
      }
      continue;
    }
    message_input mi{in, {}};
    if (!read_input(in, mi.text, error)) return false;
    out.push_back(std::move(mi));
  }
  return true;
}

int run_score(const score_options& o) {
  if (o.inputs.empty() && o.captures.empty()) {
    std::cerr << "sipspan score: no INPUT (a file, a directory or - for standard input)\n";
    return 2;
  }
  if (!(o.fpr > 0 && o.fpr < 1)) {
    std::cerr << "sipspan score: --fpr must be between 0 and 1 (exclusive)\n";
    return 2;
  }
  score_profile profile;
  std::string json, err;
  std::string profile_name = o.profile.empty() ? std::string("the built-in profile") : o.profile;
  if (!o.profile.empty() && !read_input(o.profile, json, err)) {
    std::cerr << "sipspan score: " << err << "\n";
    return 2;
  }
  profile_error perr;
  if (!load_profile_json(o.profile.empty() ? default_profile_json() : std::string_view(json), profile, perr)) {
    std::cerr << "sipspan score: " << profile_name << ": offset " << perr.offset << ": " << perr.message << "\n";
    return 2;
  }
  if (!profile.calibrated())
    std::cerr << "sipspan score: warning: " << profile_name << " is not calibrated; the threshold is its minimum alert score\n";
  const float threshold = profile.threshold_for_fpr(o.fpr);

  std::vector<std::string> captures = o.captures, files;
  split_captures(o.inputs, captures, files);
  int status = 0;
  for (const std::string& c : captures) {
    capture_run_options co;
    co.job = capture_job::score;
    co.format = o.format;
    co.report = o.report;
    co.profile = &profile;
    co.threshold = threshold;
    co.fpr = o.fpr;
    co.profile_name = profile_name;
    co.threads = o.threads;
    co.sip_ports = o.sip_ports;
    status = std::max(status, run_capture(c, co));
  }
  if (files.empty()) return status;

  std::vector<message_input> inputs;
  if (!read_message_inputs(files, inputs, err)) {
    std::cerr << "sipspan score: " << err << "\n";
    return 2;
  }

  std::size_t alerts = 0, unparseable = 0;
  std::string out;
  for (const message_input& in : inputs) {
    message_view m;
    result r = parse(in.text, m);
    score_result s = r ? score(m, profile) : unparseable_result(r, std::string_view(in.text));
    if (!r) ++unparseable;
    const bool alert = s.score >= threshold;
    alerts += alert;
    const message_view* mv = r ? &m : nullptr;
    out.clear();
    if (o.format == "jsonl") {
      json_writer j(out, false);
      j.begin_object();
      j.field("file", std::string_view(in.name));
      j.field("message_index", 0u);
      j.field("score", static_cast<double>(s.score));
      j.field("threshold", static_cast<double>(threshold));
      j.field("alert", alert);
      if (!r) j.field("error", r.name());
      j.key("reasons").begin_array();
      for (std::size_t i = 0; i < s.reason_count; ++i) {
        const score_reason& rs = s.reasons[i];
        line_column lc = locate(in.text, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(in.text.size())));
        j.begin_object();
        j.field("feature", feature_name(rs.feature));
        if (rs.feature == score_feature::rule) {
          j.field("rule", rule(rs.rule).code);
          j.field("rule_name", rule(rs.rule).name);
          j.field("rule_seen", static_cast<std::uint64_t>(profile.rule_fired(rs.rule)));
          j.field("trained_messages", static_cast<std::uint64_t>(profile.trained_messages()));
        }
        j.field("header", std::string_view(header_label(rs, mv)));
        j.field("offset", static_cast<std::uint64_t>(rs.offset));
        j.field("length", static_cast<std::uint64_t>(rs.length));
        j.field("line", static_cast<std::uint64_t>(lc.line));
        j.field("column", static_cast<std::uint64_t>(lc.column));
        j.field("contribution", static_cast<double>(rs.contribution));
        j.end_object();
      }
      j.end_array();
      j.end_object();
    } else {
      out += shown_text(in.name, in.name.size()) + ": score " + format_number(s.score, 2) + " (threshold " + format_number(threshold, 2) + ") " +
             (alert ? "ALERT" : "ok") + "\n";
      for (std::size_t i = 0; i < s.reason_count; ++i) {
        const score_reason& rs = s.reasons[i];
        line_column lc = locate(in.text, std::min<std::uint32_t>(rs.offset, static_cast<std::uint32_t>(in.text.size())));
        out += "  " + reason_name(rs) + " " + shown_header_label(rs, mv) + " " + std::to_string(lc.line) +
               ":" + std::to_string(lc.column) + " offset " + std::to_string(rs.offset) + ": " +
               (rs.feature == score_feature::unparseable ? std::string(r.message()) : reason_text(rs, profile));
        std::string ev = evidence(in.text, rs);
        if (!ev.empty()) out += " \"" + ev + "\"";
        out += " (+" + format_number(rs.contribution, 2) + ")\n";
      }
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::string summary = std::to_string(inputs.size()) + " message" + (inputs.size() == 1 ? "" : "s") + ", " +
                        std::to_string(alerts) + " alert" + (alerts == 1 ? "" : "s") + ", " +
                        std::to_string(unparseable) + " unparseable; threshold " + format_number(threshold, 2) +
                        " for FPR " + format_number(o.fpr, 6) + " (" + profile_name + ")\n";
  if (o.format == "jsonl") std::cerr << summary;
  else std::fwrite(summary.data(), 1, summary.size(), stdout);
  std::fflush(stdout);
  return std::max(status, alerts ? 1 : 0);
}

}  // namespace sipspan::cli
