// sipspan tools — sinks for describe_*: JSON, and a log of spans.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "describe.hpp"
#include "json_writer.hpp"

namespace sipspan::tools {

// Writes the typed fields into a JSON document being built.
class json_sink final : public describe_sink {
 public:
  explicit json_sink(cli::json_writer& j) : j_(j) {}
  void begin_object(std::string_view key) override {
    if (!key.empty()) j_.key(key);
    j_.begin_object();
  }
  void begin_list(std::string_view key) override {
    if (!key.empty()) j_.key(key);
    j_.begin_array();
  }
  void end() override { j_.end_any(); }
  void span(std::string_view key, std::string_view text) override { j_.field(key, text); }
  void number(std::string_view key, std::uint64_t v) override { j_.field(key, v); }
  void flag(std::string_view key, bool v) override { j_.field(key, v); }
  void word(std::string_view key, std::string_view v) override { j_.field(key, v); }

 private:
  cli::json_writer& j_;
};

// One line per field: "path off=N len=N \"text\"" for spans, "path = value"
// otherwise. Paths are dotted, list entries indexed: header[3].typed[0].branch.
class span_log_sink final : public describe_sink {
 public:
  span_log_sink(std::string& out, std::string_view input, std::string prefix)
      : out_(out), input_(input) {
    path_.push_back({std::move(prefix), false, 0});
  }
  void begin_object(std::string_view key) override { push(key, false); }
  void begin_list(std::string_view key) override { push(key, true); }
  void end() override { path_.pop_back(); }
  void span(std::string_view key, std::string_view text) override;
  void number(std::string_view key, std::uint64_t v) override { line(key, std::to_string(v)); }
  void flag(std::string_view key, bool v) override { line(key, v ? "true" : "false"); }
  void word(std::string_view key, std::string_view v) override { line(key, std::string(v)); }

 private:
  struct level {
    std::string path;
    bool list;
    std::size_t next;  // next index when a list
  };
  std::string child(std::string_view key);
  void push(std::string_view key, bool list) { path_.push_back({child(key), list, 0}); }
  void line(std::string_view key, const std::string& value) { out_ += child_name(key) + " = " + value + "\n"; }
  std::string child_name(std::string_view key) const;
  std::string& out_;
  std::string_view input_;
  std::vector<level> path_;
};

}  // namespace sipspan::tools
