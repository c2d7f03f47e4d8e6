// sipspan CLI — `sipspan dump FILE|-`: the parse of one message.
//
// --format json (default): start line, every header (id, name, value, offsets,
// line:column, typed fields), the body span and every deviation with its offset
// and line:column. --format spans: the same walk as one line per span,
// "header[3].typed[0].branch off=... len=... \"...\"", so a reader sees exactly
// which bytes the grammar gave each field (the golden tests use it).
// Exit 0 when the message parses, 1 with a clear error when it does not, 2 on
// I/O errors.
//
// A capture (pcap or pcapng, by name or first bytes) gives JSON lines: one compact
// object per SIP message the capture reader finds, the same fields as for a file
// plus "capture_record" (1-based packet number where the message ends) and
// "message_index"; exit 1 when one of them does not parse, 2 when the capture is
// damaged (after the messages read before the damage). --index N dumps message N
// alone, as a file's message is dumped (--format spans included).

#include <cstdio>
#include <iostream>
#include <vector>

#include "sipspan/capture.hpp"
#include "capture_input.hpp"
#include "color.hpp"
#include "commands.hpp"
#include "describe.hpp"
#include "input.hpp"
#include "json_writer.hpp"
#include "line_locator.hpp"
#include "sinks.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {
namespace {

using tools::describe_sink;

// The most bytes of the error's line the JSON carries (a line can be the whole input).
constexpr std::size_t source_line_bytes = 240;

void position(describe_sink& s, bool positions, std::string_view key, line_locator& where, std::uint32_t offset) {
  if (!positions) return;
  line_column lc = where(offset);
  s.begin_object(key);
  s.number("offset", offset);
  s.number("line", lc.line);
  s.number("column", lc.column);
  s.end();
}

// The whole parse through a sink. `positions` adds offset/line/column objects
// (JSON readers want them; the span log carries offsets on every span already).
void write_message(describe_sink& s, std::string_view text, const message_view& m, bool positions) {
  s.word("kind", m.is_request() ? "request" : "response");
  s.begin_object("start_line");
  s.span("text", m.start_line());
  if (m.is_request()) {
    s.span("method", m.method());
    s.begin_object("request_uri");
    tools::describe_uri(s, text, m.request_uri());
    s.end();
  } else {
    s.number("status_code", m.status_code());
    s.span("reason", m.reason());
  }
  s.span("version", m.version());
  s.end();

  s.begin_list("headers");
  line_locator where(text);  // the rows in order, then the deviations in order: two passes over the text
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    header_view h = m.header(i);
    s.begin_object("");
    if (positions) s.number("index", i);
    s.word("id", header_key(h.id));
    s.span("name", h.name);
    s.span("value", h.value);
    position(s, positions, "at", where, m.records()[i].name_offset);
    if (h.flags & header_flags::compact) s.flag("compact", true);
    if (h.flags & header_flags::folded) s.flag("folded", true);
    tools::describe_header(s, text, h);
    s.end();
  }
  s.end();

  s.begin_object("body");
  s.span("bytes", m.body());
  if (m.has_content_length()) s.number("content_length", m.content_length());
  tools::describe_body(s, text, m);
  s.end();

  s.begin_list("deviations");
  for (const deviation& d : m.deviations()) {
    s.begin_object("");
    s.word("kind", deviation_name(d.kind));
    s.word("message", deviation_message(d.kind));
    s.span("bytes", text.substr(d.offset, d.length));
    position(s, positions, "at", where, d.offset);
    if (d.header_index != no_header) s.number("header", d.header_index);
    s.flag("rfc_permitted", deviation_abnf_legal(d.kind));
    s.end();
  }
  s.end();
}

// The error object of a message that does not parse.
void write_error(json_writer& j, std::string_view text, const result& r) {
  line_column lc = locate(text, r.offset);
  j.key("error").begin_object();
  j.field("code", r.name());
  j.field("message", r.message());
  j.field("offset", r.offset).field("line", lc.line).field("column", lc.column);
  if (r.code == error_code::deviation_rejected) j.field("deviation", deviation_name(r.deviation));
  // the error's line, or at most source_line_bytes of it around the error
  std::string_view window = line_window(text, r.offset, source_line_bytes);
  j.field("source_line", window);
  j.field("source_line_offset", static_cast<std::uint64_t>(window.data() - text.data()));
  j.field("source_line_cut", window.size() < line_at(text, r.offset).size());
  j.end_object();
}

// Where a message dumped from a capture lies in it.
struct capture_place {
  std::uint64_t record, index;
};

// One message, as JSON (pretty unless --compact) or as the span log; exit 0, or
// 1 with a diagnostic on standard error when it does not parse.
int dump_one(const dump_options& o, std::string_view name, std::string_view text, const capture_place* at) {
  message_view m;
  result r = parse(text, m, o.strict ? parse_options::strict() : parse_options::tolerant());

  std::string out;
  if (o.format == "spans") {
    if (r) {
      tools::span_log_sink s(out, text, "");
      write_message(s, text, m, false);
    } else {
      out += "error = " + std::string(r.name()) + "\nerror.offset = " + std::to_string(r.offset) + "\n";
      if (r.code == error_code::deviation_rejected)
        out += "error.deviation = " + std::string(deviation_name(r.deviation)) + "\n";
    }
  } else {
    json_writer j(out, !o.compact);
    tools::json_sink s(j);
    j.begin_object();
    j.field("file", name);
    if (at) j.field("capture_record", at->record).field("message_index", at->index);
    j.field("mode", o.strict ? "strict" : "tolerant");
    j.field("ok", r.ok());
    j.field("size", static_cast<std::uint64_t>(text.size()));
    if (r.ok()) {
      write_message(s, text, m, true);
    } else {
      write_error(j, text, r);
    }
    j.end_object();
  }
  std::fwrite(out.data(), 1, out.size(), stdout);

  if (!r.ok()) {
    std::string msg(r.message());
    std::string code(r.name());
    if (r.code == error_code::deviation_rejected) {
      msg += ": " + std::string(deviation_message(r.deviation));
      code += " " + std::string(deviation_name(r.deviation));
    }
    const std::string where = at ? std::string(name) + "#" + std::to_string(at->index) : std::string(name);
    std::cerr << diagnostic(where, text, r.offset, "error", msg, code, diagnostic_style{use_color(o.color, stderr)});
    return 1;
  }
  return 0;
}

// Message `o.index` of a capture, dumped as a file's message is.
int dump_capture_message(const dump_options& o, const std::string& name) {
  capture::reader reader;
  capture::capture_error cerr;
  if (!(o.input == "-" ? reader.open(standard_input(), cerr) : reader.open(o.input, cerr))) {
    std::cerr << "sipspan: " << name << ": " << cerr.message << '\n';
    return 2;
  }
  const std::uint64_t wanted = static_cast<std::uint64_t>(o.index);
  capture::sip_message cm;
  std::uint64_t index = 0;
  for (; reader.next(cm); ++index) {
    if (index != wanted) continue;
    const std::string text(cm.bytes);  // the reader's view lasts until its next call
    const capture_place at{cm.record, index};
    return dump_one(o, name, text, &at);
  }
  if (const capture::capture_error* e = reader.error()) {
    std::cerr << "sipspan: " << name << ": record " << e->record << ": " << e->message << " (after " << index
              << " SIP messages)\n";
    return 2;
  }
  std::cerr << "sipspan: " << name << ": --index " << wanted << ": the capture holds " << index << " SIP message"
            << (index == 1 ? "" : "s") << (index ? "; --index takes 0 to " + std::to_string(index - 1) : std::string())
            << '\n';
  return 2;
}

// Every SIP message of a capture, one JSON line each.
int dump_capture(const dump_options& o) {
  const std::string name = o.input == "-" ? std::string("<stdin>") : o.input;
  if (o.index >= 0) return dump_capture_message(o, name);
  if (o.format != "json") {
    std::cerr << "sipspan: " << name << " is a capture: dump --format " << o.format
              << " shows one message (--index N picks message N; without it, every message as JSON lines)\n";
    return 2;
  }
  capture::reader reader;
  capture::capture_error cerr;
  if (!(o.input == "-" ? reader.open(standard_input(), cerr) : reader.open(o.input, cerr))) {
    std::cerr << "sipspan: " << o.input << ": " << cerr.message << '\n';
    return 2;
  }
  const parse_options how = o.strict ? parse_options::strict() : parse_options::tolerant();
  int status = 0;
  capture::sip_message cm;
  std::string out;
  for (std::uint64_t index = 0; reader.next(cm); ++index) {
    out.clear();
    json_writer j(out, false);
    tools::json_sink s(j);
    message_view m;
    result r = parse(cm.bytes, m, how);
    j.begin_object();
    j.field("file", o.input == "-" ? std::string_view("<stdin>") : std::string_view(o.input));
    j.field("capture_record", cm.record);
    j.field("message_index", index);
    j.field("mode", o.strict ? "strict" : "tolerant");
    j.field("ok", r.ok());
    j.field("size", static_cast<std::uint64_t>(cm.bytes.size()));
    if (r.ok()) {
      write_message(s, cm.bytes, m, true);
    } else {
      write_error(j, cm.bytes, r);
      status = 1;
    }
    j.end_object();  // the writer ends the line
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  if (const capture::capture_error* e = reader.error()) {
    std::cerr << "sipspan: " << o.input << ": record " << e->record << ": " << e->message << '\n';
    return 2;
  }
  return status;
}

}  // namespace

int run_dump(const dump_options& o) {
  std::vector<input_entry> entries;
  std::string err;
  if (!expand_inputs({o.input}, {}, entries, err)) {
    std::cerr << "sipspan: " << err << '\n';
    return 2;
  }
  if (entries.size() != 1 || entries[0].path != o.input) {
    std::cerr << "sipspan: " << o.input << " is a directory: dump shows one message file or one capture ("
              << entries.size() << " inputs found under it)\n";
    return 2;
  }
  if (entries[0].kind == input_kind::capture) return dump_capture(o);
  if (o.index >= 0) {
    std::cerr << "sipspan: " << entries[0].name << " holds one message, not a capture: --index picks a capture's message\n";
    return 2;
  }
  std::string text;
  if (!read_input(o.input, text, err)) {
    std::cerr << "sipspan: " << err << '\n';
    return 2;
  }
  return dump_one(o, o.input == "-" ? std::string_view("<stdin>") : std::string_view(o.input), text, nullptr);
}

}  // namespace sipspan::cli
