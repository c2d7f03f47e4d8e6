// sipspan CLI — captures: the HTML report (capture_summary.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>

#include "capture_summary.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli::capture_out {

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

// Text the tool wrote itself (valid UTF-8, such as "RFC 3261 §7.3.1"): only the HTML specials escaped.
std::string esc_text(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}

std::string esc(std::string_view s) {
  std::string o;
  html_escape(o, s);
  return o;
}

namespace {

// WCAG 2.1 on the white page: text #1a1a1a (17:1), bars #1f5f8b (6.9:1),
// alerts #b03a2e (6.1:1), axes and grid #767676 (4.5:1): every graphic at
// least 3:1 and every text at least 4.5:1.
constexpr const char* ink = "#1a1a1a";
constexpr const char* bar_color = "#1f5f8b";
constexpr const char* alert_color = "#b03a2e";
constexpr const char* axis_color = "#767676";

// 1234 -> "1234", 12345 -> "12.3k", 1234567 -> "1.23M": a count that fits over a bar.
std::string short_count(std::uint64_t n) {
  if (n < 10000) return std::to_string(n);
  if (n < 1000000) return fixed(static_cast<double>(n) / 1000, n < 100000 ? 1 : 0) + "k";
  return fixed(static_cast<double>(n) / 1e6, 2) + "M";
}

std::string text_at(double x, double y, const std::string& s, const char* anchor = "start", int size = 12) {
  return "<text x=\"" + fixed(x, 1) + "\" y=\"" + fixed(y, 1) + "\" font-size=\"" + std::to_string(size) +
         "\" fill=\"" + ink + "\" text-anchor=\"" + anchor + "\">" + s + "</text>";
}

std::string line_at(double x1, double y1, double x2, double y2, const char* color, const char* extra = "") {
  return "<line x1=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(y1, 1) + "\" x2=\"" + fixed(x2, 1) + "\" y2=\"" +
         fixed(y2, 1) + "\" stroke=\"" + color + "\" " + extra + "/>";
}

// The frame of a chart: its title and description for assistive technology.
std::string svg_open(int w, int h, const std::string& title, const std::string& desc) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + std::to_string(w) + "\" height=\"" +
         std::to_string(h) + "\" role=\"img\" aria-labelledby=\"t d\"><title>" + esc(title) + "</title><desc>" +
         esc(desc) + "</desc><rect x=\"0\" y=\"0\" width=\"" + std::to_string(w) + "\" height=\"" + std::to_string(h) +
         "\" fill=\"#fff\"/>";
}

}  // namespace

// The distribution of the values: bins with their counts over them, a log
// count axis, the value axis with ticks, the threshold labelled; and the
// bins as a table (the chart's text alternative). `pts`: every stride-th message.
std::string histogram_svg(const std::vector<point>& pts, std::uint64_t stride, double threshold, bool with_threshold,
                          const char* what) {
  const int w = 760, h = 300, left = 64, right = 12, top = 24, bottom = 48, bins = 40;
  const double pw = w - left - right, ph = h - top - bottom;
  double hi = with_threshold ? threshold : 1;
  for (const point& p : pts) hi = std::max(hi, static_cast<double>(p.value));
  hi = hi <= 0 ? 1 : hi * 1.02;
  std::vector<std::uint64_t> count(bins, 0);
  for (const point& p : pts) {
    int b = static_cast<int>(std::floor(std::max(0.0, static_cast<double>(p.value)) / hi * bins));
    count[std::clamp(b, 0, bins - 1)] += stride;
  }
  std::uint64_t most = 1;
  for (auto c : count) most = std::max(most, c);
  const double decades = std::max(1.0, std::ceil(std::log10(static_cast<double>(most) + 1)));
  auto y_of = [&](std::uint64_t n) { return top + ph - std::log10(static_cast<double>(n) + 1) / decades * ph; };
  std::string s = svg_open(w, h, std::string("Messages per ") + what + " bin",
                           "A histogram of " + std::to_string(pts.size() * stride) + " messages in " +
                               std::to_string(bins) + " bins from 0 to " + fixed(hi, 2) + "; counts on a log scale.");
  // the count axis: 1, 10, 100, ... with grid lines
  for (int d = 0; d <= static_cast<int>(decades); ++d) {
    const auto n = static_cast<std::uint64_t>(std::pow(10.0, d));
    const double y = y_of(n - (d == 0 ? 1 : 0));
    s += line_at(left, y, w - right, y, axis_color, "stroke-width=\"0.5\"");
    s += text_at(left - 6, y + 4, d == 0 ? "0" : short_count(n), "end", 11);
  }
  s += "<text transform=\"translate(14," + fixed(top + ph / 2, 1) + ") rotate(-90)\" font-size=\"12\" fill=\"" + ink +
       "\" text-anchor=\"middle\">messages (log scale)</text>";
  const double bw = pw / bins;
  for (int i = 0; i < bins; ++i) {
    if (!count[i]) continue;
    const double lo = hi * i / bins, y = y_of(count[i]);
    const bool over = with_threshold && lo >= threshold;
    s += "<rect x=\"" + fixed(left + i * bw + 1, 1) + "\" y=\"" + fixed(y, 1) + "\" width=\"" + fixed(bw - 2, 1) +
         "\" height=\"" + fixed(top + ph - y, 1) + "\" fill=\"" + (over ? alert_color : bar_color) + "\"><title>" +
         fixed(lo, 2) + " to " + fixed(hi * (i + 1) / bins, 2) + ": " + (stride > 1 ? "about " : "") +
         std::to_string(count[i]) + " messages</title></rect>";
    s += text_at(left + (i + 0.5) * bw, y - 3, short_count(count[i]), "middle", 9);
  }
  // the value axis
  s += line_at(left, top + ph, w - right, top + ph, axis_color);
  for (int k = 0; k <= 5; ++k) {
    const double x = left + pw * k / 5;
    s += line_at(x, top + ph, x, top + ph + 4, axis_color);
    s += text_at(x, top + ph + 16, fixed(hi * k / 5, 1), k == 5 ? "end" : "middle", 11);
  }
  s += text_at(left + pw / 2, h - 8, what, "middle");
  if (with_threshold) {
    const double x = left + threshold / hi * pw;
    s += line_at(x, top - 6, x, top + ph, "#000", "stroke-dasharray=\"5 3\" stroke-width=\"1.5\"");
    s += text_at(x + 4, top + 4, "alert threshold " + fixed(threshold, 2));
  }
  s += "</svg>\n<details><summary>The bins as a table</summary><table><thead><tr><th>from</th><th>to</th><th>"
       "messages</th></tr></thead><tbody>";
  for (int i = 0; i < bins; ++i)
    if (count[i])
      s += "<tr><td>" + fixed(hi * i / bins, 2) + "</td><td>" + fixed(hi * (i + 1) / bins, 2) + "</td><td>" +
           std::to_string(count[i]) + "</td></tr>";
  return s + "</tbody></table></details>\n";
}

// Every alert across the whole capture (or an even sample, said so): the
// alerts per time slice as bars with their counts, the time axis from the
// first message to the last, and the slices as a table.
std::string timeline_svg(const stride_sample<point>& alerts, std::int64_t t0, std::int64_t t1, const char* what) {
  const int w = 760, h = 260, left = 64, right = 12, top = 16, bottom = 48, slices = 60;
  const double pw = w - left - right, ph = h - top - bottom;
  if (t1 < t0) std::swap(t0, t1);
  const double span = t1 > t0 ? static_cast<double>(t1 - t0) : 1;
  std::vector<std::uint64_t> count(slices, 0);
  for (const point& p : alerts.items()) {
    const int k = static_cast<int>(static_cast<double>(p.ts_ns - t0) / span * slices);
    count[std::clamp(k, 0, slices - 1)] += alerts.stride();
  }
  std::uint64_t most = 1, total = 0;
  for (auto c : count) {
    most = std::max(most, c);
    total += c;
  }
  const std::uint64_t step = (most + 3) / 4;  // four whole-number ticks
  most = step * 4;
  iso_clock clock;
  std::string s = svg_open(w, h, std::string(what) + " per time slice",
                           std::to_string(total) + " " + what + " in " + std::to_string(slices) + " slices from " +
                               clock.format(t0) + " to " + clock.format(t1) + ".");
  auto y_of = [&](double n) { return top + ph - n / static_cast<double>(most) * ph; };
  for (int k = 0; k <= 4; ++k) {
    const double y = y_of(static_cast<double>(step * static_cast<std::uint64_t>(k)));
    s += line_at(left, y, w - right, y, axis_color, "stroke-width=\"0.5\"");
    s += text_at(left - 6, y + 4, short_count(step * static_cast<std::uint64_t>(k)), "end", 11);
  }
  s += "<text transform=\"translate(14," + fixed(top + ph / 2, 1) + ") rotate(-90)\" font-size=\"12\" fill=\"" + ink +
       "\" text-anchor=\"middle\">" + what + "</text>";
  const double bw = pw / slices;
  for (int k = 0; k < slices; ++k) {
    if (!count[k]) continue;
    const double y = y_of(static_cast<double>(count[k]));
    const std::int64_t from = t0 + static_cast<std::int64_t>(span * k / slices);
    s += "<rect x=\"" + fixed(left + k * bw + 0.5, 1) + "\" y=\"" + fixed(y, 1) + "\" width=\"" +
         fixed(std::max(1.0, bw - 1), 1) + "\" height=\"" + fixed(top + ph - y, 1) + "\" fill=\"" + alert_color +
         "\"><title>from " + clock.format(from) + ": " + std::to_string(count[k]) + " " + what + "</title></rect>";
    if (bw >= 10) s += text_at(left + (k + 0.5) * bw, y - 3, short_count(count[k]), "middle", 9);
  }
  s += line_at(left, top + ph, w - right, top + ph, axis_color);
  for (int k = 0; k <= 2; ++k) {
    const double x = left + pw * k / 2;
    s += line_at(x, top + ph, x, top + ph + 4, axis_color);
    s += text_at(x, top + ph + 16, clock.format(t0 + static_cast<std::int64_t>(span * k / 2)),
                 k == 0 ? "start" : k == 2 ? "end" : "middle", 11);
  }
  s += text_at(left + pw / 2, h - 8, "capture time (UTC)", "middle");
  s += "</svg>\n<details><summary>The slices as a table</summary><table><thead><tr><th>from</th><th>" +
       std::string(what) + "</th></tr></thead><tbody>";
  for (int k = 0; k < slices; ++k)
    if (count[k])
      s += "<tr><td>" + clock.format(t0 + static_cast<std::int64_t>(span * k / slices)) + "</td><td>" +
           std::to_string(count[k]) + "</td></tr>";
  return s + "</tbody></table></details>\n";
}

// A call ladder, as sngrep and Homer draw one: the endpoints as columns, the
// messages as arrows in time order, the flagged ones in the alert colour and
// linked to their bytes in the top list (`listed`: the indexes it holds).
std::string ladder_svg(const std::vector<ladder_step>& steps, const std::vector<std::uint64_t>& listed) {
  std::vector<std::string> cols;
  auto col = [&](const cap::endpoint& e) {
    const std::string k = e.text();
    for (std::size_t i = 0; i < cols.size(); ++i)
      if (cols[i] == k) return i;
    cols.push_back(k);
    return cols.size() - 1;
  };
  for (const ladder_step& st : steps) {
    col(st.src);
    col(st.dst);
  }
  const int colw = 230, left = 150, top = 44, rowh = 30;
  const int w = left + static_cast<int>(cols.size()) * colw, h = top + static_cast<int>(steps.size()) * rowh + 16;
  iso_clock clock;
  std::string s = svg_open(w, h, "Call ladder",
                           std::to_string(steps.size()) + " messages between " + std::to_string(cols.size()) +
                               " endpoints, in time order; flagged ones in red.");
  s += "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" markerHeight=\"10\" "
       "markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\"><path d=\"M0,0L10,5L0,10z\" fill=\"#1a1a1a\"/></marker><marker id=\"arrow-alert\" "
       "viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"10\" markerHeight=\"10\" markerUnits=\"userSpaceOnUse\" orient=\"auto-start-reverse\">"
       "<path d=\"M0,0L10,5L0,10z\" fill=\"#b03a2e\"/></marker></defs>";
  auto x_of = [&](std::size_t c) { return left + static_cast<double>(c) * colw + colw / 2.0; };
  for (std::size_t c = 0; c < cols.size(); ++c) {
    s += "<rect x=\"" + fixed(x_of(c) - colw / 2.0 + 8, 1) + "\" y=\"4\" width=\"" + std::to_string(colw - 16) +
         "\" height=\"24\" fill=\"#ffffff\" stroke=\"" + axis_color + "\"/>";
    s += text_at(x_of(c), 21, esc(cols[c]), "middle");
    s += line_at(x_of(c), 28, x_of(c), h - 4, axis_color, "stroke-dasharray=\"3 3\"");
  }
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const ladder_step& st = steps[i];
    const double y = top + static_cast<double>(i) * rowh + 14;
    const double x1 = x_of(col(st.src)), x2 = x_of(col(st.dst));
    const char* color = st.flagged ? alert_color : ink;
    s += text_at(4, y + 4, clock.format(st.ts_ns).substr(11, 15), "start", 10);
    const bool linked = std::find(listed.begin(), listed.end(), st.index) != listed.end();
    if (linked) s += "<a href=\"#m" + std::to_string(st.index) + "\">";
    s += "<line x1=\"" + fixed(x1, 1) + "\" y1=\"" + fixed(y, 1) + "\" x2=\"" + fixed(x1 == x2 ? x2 + 30 : x2, 1) +
         "\" y2=\"" + fixed(y, 1) + "\" stroke=\"" + color + "\" stroke-width=\"" + (st.flagged ? "2.5" : "1.2") +
         "\" marker-end=\"url(#" + (st.flagged ? "arrow-alert" : "arrow") + ")\"/>";
    s += "<text x=\"" + fixed((x1 + x2) / 2, 1) + "\" y=\"" + fixed(y - 5, 1) + "\" font-size=\"11\" fill=\"" + color +
         "\" text-anchor=\"middle\"" + (st.flagged ? " font-weight=\"bold\"" : "") + ">#" + std::to_string(st.index) +
         " " + esc(st.label.substr(0, 34)) + "</text>";
    if (linked) s += "</a>";
  }
  return s + "</svg>\n";
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

namespace {

// A table of counts, the largest first, at most `rows` of them, and what the rest add up to.
std::string count_table(const std::string& id, const char* key, const std::map<std::string, std::uint64_t, std::less<>>& m,
                        std::uint64_t other, std::size_t rows, bool explain = false) {
  if (m.empty() && !other) return "<p>None.</p>\n";
  std::vector<std::pair<std::string, std::uint64_t>> v(m.begin(), m.end());
  std::stable_sort(v.begin(), v.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::string s = "<table class=\"sortable\" id=\"" + id + "\"><thead><tr><th>" + key + "</th><th>count</th>" +
                  (explain ? "<th>what it means</th>" : "") + "</tr></thead><tbody>";
  std::uint64_t rest = other;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i >= rows) {
      rest += v[i].second;
      continue;
    }
    s += "<tr><td>" + esc(v[i].first) + "</td><td class=\"n\">" + std::to_string(v[i].second) + "</td>";
    if (explain) {
      score_feature f;
      rule_id r;
      std::string what = feature_from_name(v[i].first, f) ? std::string(feature_description(f))
                         : find_rule(v[i].first, r)       ? std::string(rule(r).summary)
                                                          : std::string();
      s += "<td>" + esc_text(what) + "</td>";
    }
    s += "</tr>";
  }
  if (rest) s += "<tr><td>(the others)</td><td class=\"n\">" + std::to_string(rest) + "</td>" + (explain ? "<td></td>" : "") + "</tr>";
  return s + "</tbody></table>\n";
}

std::string row(const std::string& k, const std::string& v) { return "<tr><th scope=\"row\">" + k + "</th><td class=\"n\">" + v + "</td></tr>"; }

// Click a column's head to sort a table by it (numbers as numbers).
constexpr const char* sort_script =
    "<script>document.querySelectorAll('table.sortable th').forEach(function(th){th.tabIndex=0;"
    "th.addEventListener('click',function(){var t=th.closest('table'),b=t.tBodies[0],i=th.cellIndex,"
    "d=th.dataset.d==='1'?-1:1;th.dataset.d=d===1?'1':'0';Array.from(b.rows).sort(function(x,y){"
    "var p=x.cells[i].textContent,q=y.cells[i].textContent,m=parseFloat(p),n=parseFloat(q);"
    "return (isNaN(m)||isNaN(n)?p.localeCompare(q):m-n)*d;}).forEach(function(r){b.appendChild(r);});});});"
    "</script>\n";

}  // namespace

std::string report_html(const std::string& name, const capture_run_options& o, const merged& mg,
                        const cap::capture_stats& st) {
  const tally& t = mg.t;
  const bool score_job = o.job == capture_job::score;
  const char* alerts_word = score_job ? "alerts" : "messages with errors";
  iso_clock clock;
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sipspan ";
  h += score_job ? "score" : "lint";
  h += " report: " + esc(name) + "</title>\n<style>\n";
  h += "body{font-family:system-ui,sans-serif;margin:2em auto;max-width:62em;padding:0 1em;color:#1a1a1a;"
       "background:#fff;line-height:1.4}"
       "pre{background:#f4f4f4;padding:.8em;white-space:pre-wrap;overflow-wrap:anywhere;font-size:13px}"
       "mark{background:#ffe08a;outline:1px solid #b03a2e}.cr{color:#595959}"
       "table{border-collapse:collapse;margin:.5em 0 1em}td,th{border:1px solid #767676;padding:.2em .6em;"
       "text-align:left;vertical-align:top}thead th{background:#eef2f5;cursor:pointer}td.n{text-align:right;"
       "font-variant-numeric:tabular-nums}.alert{color:#b03a2e;font-weight:bold}ol.reasons li{font-family:monospace;"
       "overflow-wrap:anywhere}.grid{display:flex;flex-wrap:wrap;gap:0 2em}svg{max-width:100%;height:auto}\n";
  h += "</style></head><body>\n";
  h += "<h1>sipspan " + std::string(score_job ? "score" : "lint") + ": " + esc(name) + "</h1>\n";

  // ---- the summary, as tables
  h += "<h2 id=\"summary\">Summary</h2>\n<div class=\"grid\"><table><caption>Messages</caption><tbody>";
  h += row("SIP messages", std::to_string(t.messages));
  if (t.messages) h += row("first", clock.format(t.first_ts)) + row("last", clock.format(t.last_ts));
  h += row("calls (distinct Call-IDs)", (mg.call_ids.exact() ? "" : "~") + std::to_string(mg.call_ids.size()));
  h += row("transactions (branch + CSeq method)",
           (mg.transactions.exact() ? "" : "~") + std::to_string(mg.transactions.size()));
  h += row("requests", std::to_string(t.requests)) + row("responses", std::to_string(t.responses));
  h += row("parse failures", std::to_string(t.parse_failures));
  if (score_job) {
    h += row("<span class=\"alert\">alerts</span>", std::to_string(t.flagged));
    h += row("threshold", fixed(o.threshold, 2) + " for FPR " + fixed(o.fpr, 6) + " (" + esc(o.profile_name) + ")");
  } else {
    h += row("findings", std::to_string(t.findings)) + row("errors", std::to_string(t.errors)) +
         row("warnings", std::to_string(t.warnings)) + row("infos", std::to_string(t.infos));
    h += row("<span class=\"alert\">messages with errors</span>", std::to_string(t.flagged));
  }
  h += "</tbody></table>\n";
  std::map<std::string, std::uint64_t, std::less<>> methods;
  for (auto& [k, v] : t.methods) methods[printable(k, max_shown_method)] += v;
  h += "<div><h3>Methods</h3>" + count_table("methods", "method", methods, mg.other_methods, 64) + "</div>";
  std::map<std::string, std::uint64_t, std::less<>> statuses;
  for (auto& [k, v] : t.statuses) statuses[std::to_string(k)] += v;
  h += "<div><h3>Status codes</h3>" + count_table("statuses", "status", statuses, 0, 64) + "</div>";
  h += "<table><caption>The capture</caption><tbody>";
  h += row("records", std::to_string(st.records)) + row("bytes", std::to_string(st.bytes));
  h += row("IP fragments (datagrams reassembled)",
           std::to_string(st.ip_fragments) + " (" + std::to_string(st.ip_reassembled) + ")");
  h += row("TCP segments, gaps, retransmissions", std::to_string(st.tcp_segments) + ", " +
                                                      std::to_string(st.tcp_gaps) + ", " +
                                                      std::to_string(st.tcp_retransmissions));
  h += row("SCTP chunks, WebSocket frames", std::to_string(st.sctp_chunks) + ", " + std::to_string(st.ws_frames));
  h += row("non-IP records", std::to_string(st.non_ip)) + row("malformed records", std::to_string(st.malformed));
  h += row("stream messages cut", std::to_string(st.truncated_messages));
  h += "</tbody></table>\n";
  std::map<std::string, std::uint64_t, std::less<>> skipped;
  for (std::size_t k = 0; k < st.skipped.size(); ++k)
    if (st.skipped[k]) skipped[std::string(cap::sniff_kind_name(static_cast<cap::sniff_kind>(k)))] = st.skipped[k];
  h += "<div><h3>Payloads skipped as not SIP, and why</h3>" + count_table("skipped", "reason", skipped, 0, 64) +
       "</div></div>\n";
  if (!score_job) {
    std::map<std::string, std::uint64_t, std::less<>> rules;
    for (std::size_t i = 0; i < t.by_rule.size(); ++i)
      if (t.by_rule[i]) rules[std::string(rule(static_cast<rule_id>(i)).code)] = t.by_rule[i];
    h += "<h3>Findings by rule</h3>" + count_table("rules", "rule", rules, 0, 256, true);
  }

  // ---- the charts
  h += score_job ? "<h2 id=\"distribution\">Score distribution</h2>\n"
                 : "<h2 id=\"distribution\">Errors per message</h2>\n";
  if (mg.points.stride() > 1)
    h += "<p>Drawn from every " + std::to_string(mg.points.stride()) + "th message of " + std::to_string(mg.points.seen()) +
         " (an even sample: the report's memory stays bounded); counts are scaled back.</p>\n";
  h += histogram_svg(mg.points.items(), mg.points.stride(), o.threshold, score_job,
                     score_job ? "score" : "errors + 0.01 x warnings");
  h += std::string("<h2 id=\"timeline\">") + (score_job ? "Alerts" : "Messages with errors") + " over time</h2>\n<p>";
  h += mg.alerts.stride() > 1 ? "An even sample of every " + std::to_string(mg.alerts.stride()) + "th of the " +
                                    std::to_string(mg.alerts.seen()) + " " + alerts_word +
                                    ", spread over the whole capture; counts are scaled back."
                              : "Every one of the " + std::to_string(mg.alerts.seen()) + " " + alerts_word +
                                    ", over the whole capture.";
  h += "</p>\n" + timeline_svg(mg.alerts, t.first_ts, t.last_ts, alerts_word);

  // ---- the alerts, grouped, with what their reasons mean
  h += std::string("<h2 id=\"alerts\">") + (score_job ? "Alerts" : "Messages with errors") + ", grouped</h2>\n";
  if (t.by_group.empty()) {
    h += "<p>None.</p>\n";
  } else {
    h += "<p>The same reasons from the same source count as one group.</p>\n";
    h += count_table("groups", "reasons and source", t.by_group, mg.other_groups, 50);
    h += "<div class=\"grid\"><div><h3>By source address</h3>" +
         count_table("sources", "source", t.by_source, mg.other_sources, 25) + "</div>";
    h += "<div><h3>By User-Agent</h3>" + count_table("agents", "User-Agent", t.by_agent, mg.other_agents, 25) +
         "</div></div>\n";
    h += "<h3>By reason</h3>" + count_table("reasons", "reason", t.by_reason, mg.other_reasons, 100, true);
    h += "<h3 id=\"glossary\">Glossary of the reasons</h3>\n<dl>\n";
    for (auto& [k, v] : t.by_reason) {
      score_feature f;
      rule_id r;
      h += "<dt><code>" + esc(k) + "</code></dt><dd>";
      if (feature_from_name(k, f))
        h += esc_text(feature_description(f)) + " <em>(a feature of the anomaly scorer: how far the message "
             "is from the traffic the profile was trained on)</em>";
      else if (find_rule(k, r))
        h += esc_text(rule(r).summary) + " <em>(the validator's rule " + esc_text(rule(r).code) + " " +
             esc_text(rule(r).name) + ", " + esc_text(rule(r).rfc) + ")</em>";
      else if (k == "unparseable")
        h += "The message cannot be framed as SIP at all (its start line or header section is broken).";
      h += "</dd>\n";
    }
    h += "</dl>\n";
  }

  // ---- the call ladders of the top flagged messages
  std::vector<std::uint64_t> listed;
  for (const top_message& m : t.top) listed.push_back(m.index);
  std::size_t drawn = 0;
  std::string ladders;
  for (const top_message& m : t.top) {
    if (!m.flagged || drawn == 5) continue;
    for (const auto& [call, steps] : mg.ladders) {
      if (std::none_of(steps.begin(), steps.end(), [&](const ladder_step& st) { return st.index == m.index; })) continue;
      ladders += "<h3>The call of #" + std::to_string(m.index) + "</h3>\n" + ladder_svg(steps, listed);
      ++drawn;
      break;
    }
  }
  if (drawn)
    h += "<h2 id=\"ladders\">Call ladders</h2>\n<p>The messages of the calls the top " + std::string(alerts_word) +
         " belong to (at most " + std::to_string(merged::max_ladder_steps) +
         " a call); a flagged message in red links to its bytes below.</p>\n" + ladders;

  // ---- the top messages, their bytes with the reasons marked
  h += "<h2 id=\"top\">Top messages</h2>\n";
  if (t.top.empty()) h += "<p>None.</p>\n";
  for (const top_message& m : t.top) {
    h += "<h3 id=\"m" + std::to_string(m.index) + "\">#" + std::to_string(m.index) + " (record " +
         std::to_string(m.meta.record) + ") " + esc(printable(m.title, 100)) + "</h3>\n<p>" +
         esc(clock.format(m.meta.ts_ns)) + " " + esc(endpoints(m.meta));
    if (score_job) h += " &mdash; score " + fixed(m.value, 2);
    if (m.flagged) h += " <span class=\"alert\">" + std::string(score_job ? "ALERT" : "ERROR") + "</span>";
    h += "</p>\n<ol class=\"reasons\">\n";
    for (const std::string& r : m.reasons) h += "<li>" + esc(r) + "</li>\n";
    h += "</ol>\n<pre>" + highlighted(m) + "</pre>\n";
  }
  h += sort_script;
  h += "</body></html>\n";
  return h;
}

}  // namespace sipspan::cli::capture_out
