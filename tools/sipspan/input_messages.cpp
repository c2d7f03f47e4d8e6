// sipspan CLI — the messages of INPUT arguments read whole: a message file as
// one message, a capture as its SIP messages (train, evaluate).

#include <cstdint>

#include "sipspan/capture.hpp"
#include "input.hpp"

namespace sipspan::cli {

bool read_capture_messages(const std::string& path, const std::string& name, std::vector<message_input>& out,
                           std::string& error) {
  capture::reader r;
  capture::capture_error err;
  if (!(path == "-" ? r.open(standard_input(), err) : r.open(path, err))) {
    error = name + ": " + err.message;
    return false;
  }
  capture::sip_message m;
  for (std::uint64_t i = 0; r.next(m); ++i) out.push_back({name + "#" + std::to_string(i), std::string(m.bytes)});
  if (const capture::capture_error* e = r.error()) {
    error = name + ": record " + std::to_string(e->record) + ": " + e->message;
    return false;
  }
  return true;
}

bool read_message_inputs(const std::vector<std::string>& inputs, const std::vector<std::string>& captures,
                         std::vector<message_input>& out, std::string& error) {
  std::vector<input_entry> entries;
  if (!expand_inputs(inputs, captures, entries, error)) return false;
  for (const input_entry& e : entries) {
    if (e.kind == input_kind::capture) {
      if (!read_capture_messages(e.path, e.name, out, error)) return false;
      continue;
    }
    message_input mi{e.name, {}};
    if (!read_input(e.path, mi.text, error)) return false;
    out.push_back(std::move(mi));
  }
  return true;
}

}  // namespace sipspan::cli
