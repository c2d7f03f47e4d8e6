// sipspan tools — the span log sink.

#include "sinks.hpp"

namespace sipspan::tools {

std::string span_log_sink::child(std::string_view key) {
  level& top = path_.back();
  if (top.list) return top.path + "[" + std::to_string(top.next++) + "]";
  if (top.path.empty()) return std::string(key);
  return top.path + "." + std::string(key);
}

std::string span_log_sink::child_name(std::string_view key) const {
  const level& top = path_.back();
  if (top.path.empty()) return std::string(key);
  return top.path + "." + std::string(key);
}

void span_log_sink::span(std::string_view key, std::string_view text) {
  std::string escaped;
  cli::json_writer::escape(escaped, text);
  out_ += child_name(key) + " off=" + std::to_string(text.data() - input_.data()) + " len=" +
          std::to_string(text.size()) + " \"" + escaped + "\"\n";
}

}  // namespace sipspan::tools
