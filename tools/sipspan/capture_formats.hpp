// sipspan CLI — captures: the records for the tools analysts already run.
//
// --format eve: one JSON object a line as Suricata's eve.json writes its SIP
//   events (event_type "sip", timestamp "YYYY-MM-DDTHH:MM:SS.uuuuuu+0000",
//   flow_id, pcap_cnt, uppercase proto, tx_id, app_proto, and the "sip" object
//   with method, uri, version, request_line or version, code, reason,
//   response_line); sipspan's own verdict under "sipspan".
// --format zeek: Zeek's sip.log in its ASCII (TSV) form: the #separator,
//   #set_separator, #empty_field, #unset_field, #path, #open, #fields and
//   #types lines, one row a message with SIP::Info's columns, the sipspan
//   columns after them, and #close at the end.
// README.md ("Output formats") says where each field comes from.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "capture_record.hpp"
#include "capture_summary.hpp"

namespace sipspan::cli::capture_out {

// What a record says of one message; `view` is null when it does not parse.
struct record_facts {
  const item& it;
  std::uint64_t index;
  std::string_view text;
  const message_view* view;
  const result& parsed;
};

// The flow a message belongs to, the same in both directions (the transport
// and the two endpoints): below 2^53, so that a JSON reader keeps it exact.
std::uint64_t flow_id(const item& it);

// An eve.json SIP event; `verdict` is the sipspan object's members after
// file, message_index and capture_record ("score":{...} or "lint":{...}).
void eve_record(record_text& w, const record_facts& r, const std::string& timestamp, std::string_view file_json,
                std::string_view verdict);

// The #... lines before the rows, and the #close line after them; `job`
// names the sipspan columns (score or lint).
std::string zeek_header(capture_job job);
std::string zeek_footer();
// One sip.log row; `verdict` is the sipspan columns' text, each after a tab.
void zeek_row(text_buffer& o, const record_facts& r, std::string_view verdict);
// A string as a Zeek ASCII field: tab, control, non-ASCII bytes and the
// backslash as \xNN; "-" and "(empty)" escaped; `in_set`: the comma too.
void zeek_field(text_buffer& o, std::string_view s, bool in_set = false);

}  // namespace sipspan::cli::capture_out
