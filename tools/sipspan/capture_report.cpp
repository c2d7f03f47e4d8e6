// sipspan CLI — captures: the text summary and the HTML report.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "capture_summary.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::cli::capture_out {

std::string fixed(double v, int precision) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.*f", precision, v);
  return buf;
}

std::string bytes_text(double n) {
  const char* unit[] = {"B", "kB", "MB", "GB", "TB"};
  int u = 0;
  while (n >= 1000 && u < 4) {
    n /= 1000;
    ++u;
  }
  return u == 0 ? fixed(n, 0) + " B" : fixed(n, 1) + " " + unit[u];
}

// Control and non-ASCII bytes as \xNN, at most `max` bytes.
std::string printable(std::string_view b, std::size_t max) {
  std::string s;
  for (std::size_t i = 0; i < b.size() && i < max; ++i) {
    unsigned char c = static_cast<unsigned char>(b[i]);
    if (c >= 0x20 && c < 0x7f) {
      s += static_cast<char>(c);
    } else {
      char esc[8];
      std::snprintf(esc, sizeof esc, "\\x%02x", c);
      s += esc;
    }
  }
  if (b.size() > max) s += "...";
  return s;
}

std::string endpoints(const item& it) {
  return it.src.text() + " -> " + it.dst.text() + " " + std::string(cap::transport_name(it.proto));
}

std::string summary_text(const std::string& name, const capture_run_options& o, const merged& mg,
                         const cap::capture_stats& st) {
  const tally& t = mg.t;
  iso_clock clock;
  std::string s = name + ": " + std::to_string(t.messages) + " SIP messages";
  if (t.messages) {
    s += ", " + clock.format(t.first_ts);
    s += " to " + clock.format(t.last_ts);
  }
  s += "\n";
  auto count = [](const distinct_count& c) {  // "~" marks an estimate (past 2^20 distinct keys)
    return (c.exact() ? "" : "~") + std::to_string(c.size());
  };
  s += "  calls (distinct Call-IDs): " + count(mg.call_ids) + "; transactions (branch + CSeq method): " +
       count(mg.transactions) + "\n";
  s += "  requests: " + std::to_string(t.requests);
  std::vector<std::pair<std::string, std::uint64_t>> methods(t.methods.begin(), t.methods.end());
  std::stable_sort(methods.begin(), methods.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::string sep = " (";
  for (auto& [k, v] : methods) {
    s += sep + printable(k, max_shown_method) + " " + std::to_string(v);  // the sender chose its length
    sep = ", ";
  }
  if (mg.other_methods) {
    s += sep + "other methods " + std::to_string(mg.other_methods);
    sep = ", ";
  }
  s += methods.empty() && !mg.other_methods ? "\n" : ")\n";
  s += "  responses: " + std::to_string(t.responses);
  sep = " (";
  for (auto& [k, v] : t.statuses) {
    s += sep + std::to_string(k) + " " + std::to_string(v);
    sep = ", ";
  }
  s += t.statuses.empty() ? "\n" : ")\n";
  s += "  parse failures: " + std::to_string(t.parse_failures) + "\n";
  if (o.job == capture_job::lint) {
    s += "lint (" + std::string(profile_name(o.lint->profile)) + "): " + std::to_string(t.findings) + " findings: " +
         std::to_string(t.errors) + " errors, " + std::to_string(t.warnings) + " warnings, " +
         std::to_string(t.infos) + " infos; " + std::to_string(t.flagged) + " messages with errors\n";
    std::vector<std::pair<std::uint64_t, std::size_t>> rows;
    for (std::size_t i = 0; i < t.by_rule.size(); ++i)
      if (t.by_rule[i]) rows.push_back({t.by_rule[i], i});
    std::stable_sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first > b.first; });
    for (auto& [n, i] : rows) {
      const rule_info& r = rule(static_cast<rule_id>(i));
      s += "  " + std::string(r.code) + " " + std::string(r.name) + " (" +
           std::string(severity_name(r.level[static_cast<int>(o.lint->profile)])) + "): " + std::to_string(n) + "\n";
    }
  } else {
    s += "score: " + std::to_string(t.flagged) + (t.flagged == 1 ? " alert" : " alerts") + "; threshold " + fixed(o.threshold, 2) + " for FPR " +
         fixed(o.fpr, 6) + " (" + o.profile_name + ")\n";
  }
  if (!t.top.empty()) {
    s += o.job == capture_job::lint ? "messages with the most errors:\n" : "highest scores:\n";
    iso_clock c2;
    for (const top_message& m : t.top) {
      s += "  #" + std::to_string(m.index) + " record " + std::to_string(m.meta.record) + " " + c2.format(m.meta.ts_ns) +
           " " + endpoints(m.meta) + "\n";
      s += "    " + printable(m.title, 80) + "\n";
      if (o.job == capture_job::score)
        s += "    score " + fixed(m.value, 2) + (m.flagged ? " ALERT" : " ok") + "\n";
      std::size_t shown = 0;
      for (const std::string& r : m.reasons) {
        if (++shown > 3) {
          s += "      (" + std::to_string(m.reasons.size() - 3) + " more)\n";
          break;
        }
        s += "      " + r + "\n";
      }
    }
  }
  s += "capture: " + std::to_string(st.records) + " records, " + std::to_string(st.bytes) + " bytes; " +
       std::to_string(st.ip_fragments) + " IP fragments (" + std::to_string(st.ip_reassembled) +
       " datagrams reassembled); " + std::to_string(st.tcp_segments) + " TCP segments, " +
       std::to_string(st.tcp_gaps) + " gaps, " + std::to_string(st.tcp_retransmissions) + " retransmissions; " +
       std::to_string(st.sctp_chunks) + " SCTP chunks, " + std::to_string(st.ws_frames) + " WebSocket frames; " +
       std::to_string(st.non_sip) + " payloads skipped as not SIP";
  sep = " (";
  for (std::size_t k = 0; k < st.skipped.size(); ++k) {
    if (!st.skipped[k]) continue;
    s += sep + std::string(cap::sniff_kind_name(static_cast<cap::sniff_kind>(k))) + " " + std::to_string(st.skipped[k]);
    sep = ", ";
  }
  if (sep == ", ") s += ")";
  s += ", " + std::to_string(st.non_ip) + " non-IP records";
  if (st.truncated_messages) s += ", " + std::to_string(st.truncated_messages) + " stream messages cut";
  if (st.ws_evictions) s += " (" + std::to_string(st.ws_evictions) + " for the WebSocket memory budget)";
  if (st.timestamps_saturated) s += ", " + std::to_string(st.timestamps_saturated) + " timestamps out of range";
  if (st.malformed) s += ", " + std::to_string(st.malformed) + " malformed";
  if (st.truncated_records) s += ", " + std::to_string(st.truncated_records) + " cut by the snapshot length";
  s += "\n";
  return s;
}

// ------------------------------------------------------------ the HTML report

void html_escape(std::string& out, std::string_view s) {
  for (unsigned char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': out += "<span class=\"cr\">\\r</span>"; break;
      case '\n': out += "\n"; break;
      case '\t': out += "\t"; break;
      default:
        if (c < 0x20 || c >= 0x7f) {
          char esc[8];
          std::snprintf(esc, sizeof esc, "\\x%02x", c);
          out += "<span class=\"cr\">";
          out += esc;
          out += "</span>";
        } else {
          out += static_cast<char>(c);
        }
    }
  }
}

std::string esc(std::string_view s) {
  std::string o;
  html_escape(o, s);
  return o;
}

// `pts`: every stride-th message (counts scale by it).
std::string histogram_svg(const std::vector<point>& pts, std::uint64_t stride, double threshold, bool with_threshold) {
  const int w = 720, h = 220, bins = 40;
  double hi = with_threshold ? threshold : 1;
  for (const point& p : pts) hi = std::max(hi, static_cast<double>(p.value));
  hi = hi <= 0 ? 1 : hi * 1.02;
  std::vector<std::uint64_t> count(bins, 0);
  for (const point& p : pts) {
    int b = static_cast<int>(std::floor(std::max(0.0, static_cast<double>(p.value)) / hi * bins));
    count[std::clamp(b, 0, bins - 1)] += stride;
  }
  std::uint64_t top = 1;
  for (auto c : count) top = std::max(top, c);
  const double lt = std::log10(static_cast<double>(top) + 1);
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
                  std::to_string(h + 30) + "\" role=\"img\" aria-label=\"distribution\">";
  s += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) + "\" fill=\"#fafafa\"/>";
  const double bw = static_cast<double>(w) / bins;
  for (int i = 0; i < bins; ++i) {
    if (!count[i]) continue;
    double bh = std::log10(static_cast<double>(count[i]) + 1) / lt * (h - 10);
    double lo = hi * i / bins;
    bool over = with_threshold && lo >= threshold;
    s += "<rect x=\"" + fixed(i * bw + 1, 1) + "\" y=\"" + fixed(h - bh, 1) + "\" width=\"" + fixed(bw - 2, 1) +
         "\" height=\"" + fixed(bh, 1) + "\" fill=\"" + (over ? "#c0392b" : "#2c7fb8") + "\"><title>" +
         fixed(lo, 2) + " to " + fixed(hi * (i + 1) / bins, 2) + ": " + (stride > 1 ? "about " : "") +
         std::to_string(count[i]) + " messages</title></rect>";
  }
  if (with_threshold) {
    double x = threshold / hi * w;
    s += "<line x1=\"" + fixed(x, 1) + "\" y1=\"0\" x2=\"" + fixed(x, 1) + "\" y2=\"" + std::to_string(h) +
         "\" stroke=\"#000\" stroke-dasharray=\"4 3\"/><text x=\"" + fixed(x + 4, 1) +
         "\" y=\"14\" font-size=\"12\">threshold " + fixed(threshold, 2) + "</text>";
  }
  s += "<text x=\"0\" y=\"" + std::to_string(h + 18) + "\" font-size=\"12\">0</text><text x=\"" +
       std::to_string(w - 60) + "\" y=\"" + std::to_string(h + 18) + "\" font-size=\"12\">" + fixed(hi, 2) +
       "</text></svg>";
  return s;
}

// `pts`: every message or an even sample of them; `alerts`: the first flagged ones (all drawn).
std::string timeline_svg(const std::vector<point>& pts, const std::vector<point>& alerts, double threshold,
                         bool with_threshold) {
  const int w = 720, h = 220;
  if (pts.empty()) return "<p>No messages.</p>";
  std::int64_t t0 = pts.front().ts_ns, t1 = pts.front().ts_ns;
  double hi = with_threshold ? threshold : 1;
  for (const std::vector<point>* v : {&pts, &alerts})
    for (const point& p : *v) {
      t0 = std::min(t0, p.ts_ns);
      t1 = std::max(t1, p.ts_ns);
      hi = std::max(hi, static_cast<double>(p.value));
    }
  hi = hi <= 0 ? 1 : hi * 1.05;
  const double span = t1 > t0 ? static_cast<double>(t1 - t0) : 1;
  auto x_of = [&](std::int64_t t) { return static_cast<double>(t - t0) / span * (w - 10) + 5; };
  auto y_of = [&](double v) { return h - 5 - std::max(0.0, v) / hi * (h - 10); };
  // every message: the highest value per column, as a line; the flagged ones as dots (at most 2000)
  std::vector<double> column(w, -1);
  for (const std::vector<point>* v : {&pts, &alerts})
    for (const point& p : *v) {
      int c = std::clamp(static_cast<int>(x_of(p.ts_ns)), 0, w - 1);
      column[c] = std::max(column[c], static_cast<double>(p.value));
    }
  std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
                  std::to_string(h + 30) + "\" role=\"img\" aria-label=\"timeline\">";
  s += "<rect x=\"0\" y=\"0\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) + "\" fill=\"#fafafa\"/>";
  s += "<polyline fill=\"none\" stroke=\"#9bb\" stroke-width=\"1\" points=\"";
  for (int c = 0; c < w; ++c)
    if (column[c] >= 0) s += std::to_string(c) + "," + fixed(y_of(column[c]), 1) + " ";
  s += "\"/>";
  if (with_threshold)
    s += "<line x1=\"0\" y1=\"" + fixed(y_of(threshold), 1) + "\" x2=\"" + std::to_string(w) + "\" y2=\"" +
         fixed(y_of(threshold), 1) + "\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>";
  iso_clock clock;
  for (const point& p : alerts) {
    s += "<circle cx=\"" + fixed(x_of(p.ts_ns), 1) + "\" cy=\"" + fixed(y_of(p.value), 1) +
         "\" r=\"3.5\" fill=\"#c0392b\"><title>" + clock.format(p.ts_ns) + ": " + fixed(p.value, 2) +
         "</title></circle>";
  }
  s += "<text x=\"0\" y=\"" + std::to_string(h + 18) + "\" font-size=\"12\">" + clock.format(t0) + "</text>";
  s += "<text x=\"" + std::to_string(w - 230) + "\" y=\"" + std::to_string(h + 18) + "\" font-size=\"12\">" +
       clock.format(t1) + "</text></svg>";
  return s;
}

// The message's bytes with the marked spans highlighted (the first mark wins where they overlap).
std::string highlighted(const top_message& m) {
  std::vector<int> owner(m.bytes.size() + 1, -1);
  for (std::size_t k = 0; k < m.marks.size(); ++k) {
    const mark& mk = m.marks[k];
    std::size_t b = std::min<std::size_t>(mk.offset, m.bytes.size());
    std::size_t e = std::min<std::size_t>(b + std::max<std::uint32_t>(mk.length, 1), m.bytes.size());
    for (std::size_t i = b; i < e; ++i)
      if (owner[i] < 0) owner[i] = static_cast<int>(k);
  }
  std::string out;
  int open = -1;
  for (std::size_t i = 0; i < m.bytes.size(); ++i) {
    if (owner[i] != open) {
      if (open >= 0) out += "</mark>";
      open = owner[i];
      if (open >= 0) out += "<mark title=\"" + esc(m.marks[open].label) + "\">";
    }
    html_escape(out, std::string_view(m.bytes).substr(i, 1));
  }
  if (open >= 0) out += "</mark>";
  return out;
}

std::string report_html(const std::string& name, const capture_run_options& o, const merged& mg,
                        const std::string& summary) {
  const tally& t = mg.t;
  const bool score_job = o.job == capture_job::score;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sipspan ";
  h += score_job ? "score" : "lint";
  h += " report: " + esc(name) + "</title>\n<style>\n";
  h += "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}"
       "pre{background:#f6f6f6;padding:.8em;overflow-x:auto;font-size:13px;line-height:1.35}"
       "mark{background:#ffd54f;outline:1px solid #c0392b}.cr{color:#999}"
       "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
       ".alert{color:#c0392b;font-weight:bold}ol.reasons li{font-family:monospace}\n";
  h += "</style></head><body>\n";
  h += "<h1>sipspan " + std::string(score_job ? "score" : "lint") + ": " + esc(name) + "</h1>\n";
  h += "<h2>Summary</h2>\n<pre>" + esc(summary) + "</pre>\n";
  h += score_job ? "<h2>Score distribution</h2>\n<p>Messages per score bin (log scale); the dashed line is the alert "
                   "threshold.</p>\n"
                 : "<h2>Errors per message</h2>\n<p>Messages per bin of error count (log scale).</p>\n";
  if (mg.points.stride() > 1)
    h += "<p>From every " + std::to_string(mg.points.stride()) + "th message of " + std::to_string(mg.points.seen()) +
         " (an even sample, so that the report's memory stays bounded).</p>\n";
  h += histogram_svg(mg.points.items(), mg.points.stride(), o.threshold, score_job) + "\n";
  h += score_job ? "<h2>Anomalies over time</h2>\n<p>The highest score per time slice; red dots are alerts.</p>\n"
                 : "<h2>Errors over time</h2>\n<p>Red dots are messages with an error.</p>\n";
  h += timeline_svg(mg.points.items(), mg.alerts, o.threshold, score_job) + "\n";
  h += "<h2>Top messages</h2>\n";
  if (t.top.empty()) h += "<p>None.</p>\n";
  iso_clock clock;
  for (const top_message& m : t.top) {
    h += "<h3>#" + std::to_string(m.index) + " (record " + std::to_string(m.meta.record) + ") " +
         esc(printable(m.title, 100)) + "</h3>\n<p>" + esc(clock.format(m.meta.ts_ns)) + " " + esc(endpoints(m.meta));
    if (score_job) h += " &mdash; score " + fixed(m.value, 2);
    if (m.flagged) h += " <span class=\"alert\">" + std::string(score_job ? "ALERT" : "ERROR") + "</span>";
    h += "</p>\n<ol class=\"reasons\">\n";
    for (const std::string& r : m.reasons) h += "<li>" + esc(r) + "</li>\n";
    h += "</ol>\n<pre>" + highlighted(m) + "</pre>\n";
  }
  h += "</body></html>\n";
  return h;
}


}  // namespace sipspan::cli::capture_out
