// sipspan CLI — captures: Suricata eve.json and Zeek sip.log records
// (capture_formats.hpp).

#include "capture_formats.hpp"

#include <ctime>

#include "sipspan/headers.hpp"

namespace sipspan::cli::capture_out {

namespace {

std::uint64_t endpoint_mix(const cap::endpoint& e) {
  std::uint64_t h = 0xcbf29ce484222325ull;  // FNV-1a over the address and the port
  for (std::uint8_t b : e.addr) h = (h ^ b) * 0x100000001b3ull;
  h = (h ^ (e.port & 0xFF)) * 0x100000001b3ull;
  return (h ^ (e.port >> 8)) * 0x100000001b3ull;
}

// The header's first value, or a null view when the message has no such row.
std::string_view header_or_null(const message_view& m, header_id id) {
  return m.has(id) ? m.value(id) : std::string_view();
}

// Zeek strips the tag from From (split at /;[ ]?tag=/) and the branch from
// each Via (split at /;[ ]?branch/): the part before the first match.
std::string_view cut_before(std::string_view v, std::string_view param) {
  for (std::size_t i = v.find(';'); i != std::string_view::npos; i = v.find(';', i + 1)) {
    std::size_t j = i + 1;
    if (j < v.size() && v[j] == ' ') ++j;
    if (v.substr(j, param.size()) == param) return v.substr(0, i);
  }
  return v;
}

// The open and close times: the local clock of the run, as Zeek writes them.
std::string zeek_now() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d-%H-%M-%S", &tm);
  return buf;
}

void tab(text_buffer& o) { o.append("\t", 1); }
void unset(text_buffer& o) { o.append("\t-", 2); }

void field_or_unset(text_buffer& o, std::string_view s) {
  tab(o);
  if (!s.data()) o.append("-", 1);
  else zeek_field(o, s);
}

// The Via rows of a message, each cut before its branch, as a Zeek vector.
void via_path(text_buffer& o, const message_view& m) {
  tab(o);
  bool any = false;
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    header_view h = m.header(i);
    if (h.id != header_id::via) continue;
    if (any) o.append(",", 1);
    zeek_field(o, cut_before(h.value, "branch"), true);
    any = true;
  }
  if (!any) o.append("(empty)", 7);
}

}  // namespace

std::uint64_t flow_id(const item& it) {
  const std::uint64_t a = endpoint_mix(it.src), b = endpoint_mix(it.dst);
  std::uint64_t h = (std::min(a, b) * 0x9e3779b97f4a7c15ull) ^ std::max(a, b) ^ static_cast<std::uint64_t>(it.proto);
  h ^= h >> 31;
  return (h & ((std::uint64_t{1} << 53) - 1)) | 1;
}

void eve_record(record_text& w, const record_facts& r, const std::string& timestamp, std::string_view file_json,
                std::string_view verdict) {
  const item& it = r.it;
  w.lit("{\"timestamp\":\"").lit(timestamp).lit("\",\"flow_id\":").num(flow_id(it));
  w.lit(",\"pcap_cnt\":").num(it.record).lit(",\"event_type\":\"sip\"");
  w.lit(",\"src_ip\":\"").lit(it.src.address_text()).lit("\",\"src_port\":").num(it.src.port);
  w.lit(",\"dest_ip\":\"").lit(it.dst.address_text()).lit("\",\"dest_port\":").num(it.dst.port);
  // Suricata names the IP protocol: SIP over WebSocket is TCP
  w.lit(it.proto == cap::transport::udp ? ",\"proto\":\"UDP\"" : it.proto == cap::transport::sctp ? ",\"proto\":\"SCTP\"" : ",\"proto\":\"TCP\"");
  w.lit(",\"tx_id\":").num(it.trans_depth ? it.trans_depth - 1 : 0).lit(",\"app_proto\":\"sip\"");
  if (const message_view* m = r.view) {
    const std::string_view line = m->start_line();
    if (m->is_request()) {
      w.lit(",\"sip\":{\"method\":").str(m->method()).lit(",\"uri\":").str(m->request_uri());
      w.lit(",\"version\":").str(m->version()).lit(",\"request_line\":").str(line).lit("}");
    } else {
      w.lit(",\"sip\":{\"version\":").str(m->version()).lit(",\"code\":").str(m->status_text());
      w.lit(",\"reason\":").str(m->reason()).lit(",\"response_line\":").str(line).lit("}");
    }
  }
  w.lit(",\"sipspan\":{").lit(file_json.substr(1)).lit(",\"capture_record\":").num(it.record);
  w.lit(",\"message_index\":").num(r.index).lit(",\"length\":").num(r.text.size());
  if (!r.parsed.ok()) {
    w.lit(",\"parse_error\":{\"code\":").str(r.parsed.name()).lit(",\"message\":").str(r.parsed.message());
    w.lit(",\"offset\":").num(r.parsed.offset).lit("}");
  }
  w.lit(",").lit(verdict).lit("}}\n");
}

std::string zeek_header(capture_job job) {
  const std::string extra_fields = job == capture_job::score
                                       ? "\tsipspan_message_index\tsipspan_parse_error\tsipspan_score\tsipspan_alert\tsipspan_reasons"
                                       : "\tsipspan_message_index\tsipspan_parse_error\tsipspan_errors\tsipspan_warnings\tsipspan_rules";
  const std::string extra_types = job == capture_job::score ? "\tcount\tstring\tdouble\tbool\tvector[string]"
                                                            : "\tcount\tstring\tcount\tcount\tvector[string]";
  return "#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tsip\n#open\t" +
         zeek_now() +
         "\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\ttrans_depth\tmethod\turi\tdate"
         "\trequest_from\trequest_to\tresponse_from\tresponse_to\treply_to\tcall_id\tseq\tsubject\trequest_path"
         "\tresponse_path\tuser_agent\tstatus_code\tstatus_msg\twarning\trequest_body_len\tresponse_body_len"
         "\tcontent_type" +
         extra_fields +
         "\n#types\ttime\tstring\taddr\tport\taddr\tport\tcount\tstring\tstring\tstring\tstring\tstring\tstring"
         "\tstring\tstring\tstring\tstring\tstring\tvector[string]\tvector[string]\tstring\tcount\tstring\tstring"
         "\tcount\tcount\tstring" +
         extra_types + "\n";
}

std::string zeek_footer() { return "#close\t" + zeek_now() + "\n"; }

void zeek_field(text_buffer& o, std::string_view s, bool in_set) {
  if (s.empty()) {
    o.append("(empty)", 7);
    return;
  }
  auto hex = [&](unsigned char c) {
    static constexpr char digits[] = "0123456789abcdef";
    const char e[4] = {'\\', 'x', digits[c >> 4], digits[c & 15]};
    o.append(e, 4);
  };
  if (s == "-" || s == "(empty)") {  // the unset and empty markers, as data
    hex(static_cast<unsigned char>(s[0]));
    s.remove_prefix(1);
  }
  for (unsigned char c : s) {
    if (c < 0x20 || c >= 0x7f || c == '\\' || (in_set && c == ',')) hex(c);
    else o.append(reinterpret_cast<const char*>(&c), 1);
  }
}

void zeek_row(text_buffer& o, const record_facts& r, std::string_view verdict) {
  const item& it = r.it;
  const message_view* m = r.view;
  // The connection's originator sent the requests: a response's columns name it as the destination.
  const bool response = m && !m->is_request();
  const cap::endpoint& orig = response ? it.dst : it.src;
  const cap::endpoint& resp = response ? it.src : it.dst;
  record_text w{o};
  epoch_seconds(w, it.ts_ns);
  // uid: "C" and the flow id in base 62, as Zeek's connection uids look
  w.lit("\tC");
  static constexpr char b62[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  char uid[12];
  std::uint64_t f = flow_id(it);
  for (char& c : uid) {
    c = b62[f % 62];
    f /= 62;
  }
  o.append(uid, sizeof uid - 2);
  w.lit("\t").lit(orig.address_text()).lit("\t").num(orig.port);
  w.lit("\t").lit(resp.address_text()).lit("\t").num(resp.port);
  w.lit("\t").num(it.trans_depth);
  if (!m) {
    for (int k = 0; k < 20; ++k) unset(o);  // method .. content_type: nothing parsed
  } else {
    const bool request = m->is_request();
    if (request) {
      field_or_unset(o, m->method());
      field_or_unset(o, m->request_uri());
    } else {
      unset(o);
      unset(o);
    }
    field_or_unset(o, header_or_null(*m, header_id::date));
    std::string_view from = header_or_null(*m, header_id::from), to = header_or_null(*m, header_id::to);
    if (from.data()) from = cut_before(from, "tag=");
    field_or_unset(o, request ? from : std::string_view());
    field_or_unset(o, request ? to : std::string_view());
    field_or_unset(o, request ? std::string_view() : from);
    field_or_unset(o, request ? std::string_view() : to);
    field_or_unset(o, header_or_null(*m, header_id::reply_to));
    field_or_unset(o, header_or_null(*m, header_id::call_id));
    field_or_unset(o, header_or_null(*m, header_id::cseq));
    field_or_unset(o, header_or_null(*m, header_id::subject));
    if (request) {
      via_path(o, *m);
      o.append("\t(empty)", 8);
    } else {
      o.append("\t(empty)", 8);
      via_path(o, *m);
    }
    field_or_unset(o, header_or_null(*m, header_id::user_agent));
    if (request) {
      unset(o);
      unset(o);
    } else {
      w.lit("\t").num(m->status_code());
      field_or_unset(o, m->reason());
    }
    field_or_unset(o, header_or_null(*m, header_id::warning));
    // request_body_len, response_body_len: the Content-Length, as Zeek takes it
    if (request && m->has_content_length()) w.lit("\t").num(m->content_length()).lit("\t-");
    else if (!request && m->has_content_length()) w.lit("\t-\t").num(m->content_length());
    else w.lit("\t-\t-");
    field_or_unset(o, header_or_null(*m, header_id::content_type));
  }
  w.lit("\t").num(r.index);
  if (r.parsed.ok()) unset(o);
  else field_or_unset(o, r.parsed.name());
  w.lit(verdict).lit("\n");
}

}  // namespace sipspan::cli::capture_out
