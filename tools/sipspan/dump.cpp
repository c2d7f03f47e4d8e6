// sipspan CLI — `sipspan dump FILE|-`: the parse of one message as JSON.
//
// Start line, every header (id, name, value, offsets, line:column, typed
// fields), the body span and every deviation with its offset and line:column.
// Exit 0 when the message parses, 1 with a clear error when it does not, 2 on
// I/O errors.

#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "input.hpp"
#include "json_writer.hpp"
#include "sipspan/message.hpp"
#include "typed_fields.hpp"

namespace sipspan::cli {
namespace {

void position(json_writer& j, std::string_view text, std::uint32_t offset) {
  line_column lc = locate(text, offset);
  j.field("offset", offset).field("line", lc.line).field("column", lc.column);
}

void write_message(json_writer& j, std::string_view text, const message_view& m) {
  j.field("kind", m.is_request() ? "request" : "response");
  j.key("start_line").begin_object();
  j.field("text", m.start_line());
  if (m.is_request()) {
    j.field("method", m.method());
    j.key("request_uri").begin_object();
    j.field("text", m.request_uri());
    j.field("offset", static_cast<std::uint64_t>(m.request_uri().data() - text.data()));
    write_request_uri(j, m.request_uri());
    j.end_object();
  } else {
    j.field("status_code", static_cast<unsigned>(m.status_code()));
    j.field("reason", m.reason());
  }
  j.field("version", m.version());
  j.end_object();

  j.key("headers").begin_array();
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    header_view h = m.header(i);
    const header_record& r = m.records()[i];
    j.begin_object();
    j.field("index", static_cast<std::uint64_t>(i));
    j.field("id", header_key(h.id));
    j.field("name", h.name);
    j.field("value", h.value);
    position(j, text, r.name_offset);
    j.field("value_offset", r.value_offset).field("value_length", r.value_length);
    if (h.flags & header_flags::compact) j.field("compact", true);
    if (h.flags & header_flags::folded) j.field("folded", true);
    write_typed(j, m, h);
    j.end_object();
  }
  j.end_array();

  j.key("body").begin_object();
  j.field("offset", m.body_offset()).field("length", static_cast<std::uint64_t>(m.body().size()));
  if (m.has_content_length()) j.field("content_length", m.content_length());
  j.end_object();
  write_body(j, m);

  j.key("deviations").begin_array();
  for (const deviation& d : m.deviations()) {
    j.begin_object();
    j.field("kind", deviation_name(d.kind));
    j.field("message", deviation_message(d.kind));
    position(j, text, d.offset);
    j.field("length", d.length);
    if (d.header_index != no_header) j.field("header", static_cast<unsigned>(d.header_index));
    j.field("abnf_legal", deviation_abnf_legal(d.kind));
    j.end_object();
  }
  j.end_array();
}

}  // namespace

int run_dump(const dump_options& o) {
  std::string text, err;
  if (!read_input(o.input, text, err)) {
    std::cerr << "sipspan: " << err << '\n';
    return 2;
  }
  message_view m;
  result r = parse(text, m, o.strict ? parse_options::strict() : parse_options::tolerant());
  std::string out;
  json_writer j(out, !o.compact);
  j.begin_object();
  j.field("file", o.input == "-" ? std::string_view("<stdin>") : std::string_view(o.input));
  j.field("mode", o.strict ? "strict" : "tolerant");
  j.field("ok", r.ok());
  j.field("size", static_cast<std::uint64_t>(text.size()));
  if (r.ok()) {
    write_message(j, text, m);
  } else {
    j.key("error").begin_object();
    j.field("code", r.name());
    j.field("message", r.message());
    position(j, text, r.offset);
    if (r.code == error_code::deviation_rejected) j.field("deviation", deviation_name(r.deviation));
    j.field("source_line", line_at(text, r.offset));
    j.end_object();
  }
  j.end_object();
  std::fwrite(out.data(), 1, out.size(), stdout);
  if (!r.ok()) {
    std::string msg(r.message());
    if (r.code == error_code::deviation_rejected) msg += std::string(": ") + std::string(deviation_message(r.deviation));
    std::string code(r.name());
    if (r.code == error_code::deviation_rejected) code += std::string(" ") + std::string(deviation_name(r.deviation));
    std::cerr << diagnostic(o.input == "-" ? "<stdin>" : o.input, text, r.offset, "error", msg, code);
    return 1;
  }
  return 0;
}

}  // namespace sipspan::cli
