// sipspan CLI — captures: the text summary (capture_summary.hpp).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "capture_summary.hpp"
#include "capture_record.hpp"
#include "sipspan/lint.hpp"

namespace sipspan::cli::capture_out {

message_rank count_message(tally& t, std::int64_t ts_ns, const message_view* parsed, const sip_fields& fields,
                           const lint_summary* ls, const finding* stored, double score, float threshold) {
  if (t.messages == 0) t.first_ts = ts_ns;
  t.last_ts = std::max(t.last_ts, ts_ns);
  ++t.messages;
  if (parsed == nullptr) {
    ++t.parse_failures;
  } else if (parsed->is_request()) {
    ++t.requests;
    auto m = t.methods.find(parsed->method());
    if (m == t.methods.end()) m = t.methods.emplace(std::string(parsed->method()), 0).first;
    ++m->second;
  } else {
    ++t.responses;
    ++t.statuses[parsed->status_code()];
  }
  if (parsed && fields.call_id.data()) t.call_ids.push_back(hash_of(fields.call_id));
  if (parsed && fields.branch.data() && fields.has_cseq) t.transactions.push_back(hash_of(fields.branch, fields.cseq_method));
  message_rank r;
  if (ls) {
    t.errors += ls->errors;
    t.warnings += ls->warnings;
    t.infos += ls->infos;
    t.findings += ls->total;
    for (std::size_t k = 0; k < ls->stored; ++k) ++t.by_rule[static_cast<std::size_t>(stored[k].rule)];
    r.value = static_cast<double>(ls->errors) + 0.01 * static_cast<double>(ls->warnings);
    r.flagged = ls->errors != 0 || parsed == nullptr;
  } else {
    r.value = score;
    r.flagged = score >= threshold;
  }
  t.flagged += r.flagged;
  return r;
}

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

}  // namespace sipspan::cli::capture_out
