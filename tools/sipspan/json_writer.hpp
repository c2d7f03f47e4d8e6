// sipspan CLI — a small streaming JSON writer.
//
// Strings are written as JSON strings whatever bytes they hold: valid UTF-8
// passes through, control bytes and '"' '\' are escaped, and a byte that is not
// part of valid UTF-8 is written as \u00XX so the output is always valid JSON
// (the offsets in the output say where the original bytes are).
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace sipspan::cli {

class json_writer {
 public:
  explicit json_writer(std::string& out, bool pretty = true) : out_(out), pretty_(pretty) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  // close whatever was opened last
  json_writer& end_any() { return close(open_.back()); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }

  json_writer& key(std::string_view k) {
    comma();
    string_literal(k);
    out_ += pretty_ ? ": " : ":";
    after_key_ = true;
    return *this;
  }
  json_writer& value(std::string_view s) {
    comma();
    string_literal(s);
    return *this;
  }
  json_writer& value(const char* s) { return value(std::string_view(s)); }
  json_writer& value(bool b) {
    comma();
    out_ += b ? "true" : "false";
    return *this;
  }
  json_writer& value(std::uint64_t n) {
    comma();
    out_ += std::to_string(n);
    return *this;
  }
  json_writer& value(std::int64_t n) {
    comma();
    out_ += std::to_string(n);
    return *this;
  }
  json_writer& value(unsigned n) { return value(static_cast<std::uint64_t>(n)); }
  json_writer& value(int n) { return value(static_cast<std::int64_t>(n)); }
  json_writer& value(double d) {
    comma();
    char buf[32];  // as printf's %.6g, without the format string's cost
    auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::general, 6);
    out_.append(buf, r.ptr);
    return *this;
  }
  // a number already formatted, written as it is ("1767225600.000123")
  json_writer& number_text(std::string_view n) {
    comma();
    out_ += n;
    return *this;
  }
  json_writer& null() {
    comma();
    out_ += "null";
    return *this;
  }
  template <class T>
  json_writer& field(std::string_view k, T v) {
    key(k);
    return value(v);
  }

  static void escape(std::string& out, std::string_view s);

 private:
  json_writer& open(char c) {
    comma();
    out_ += c;
    first_.push_back(true);
    open_.push_back(c == '{' ? '}' : ']');
    return *this;
  }
  json_writer& close(char c) {
    bool empty = first_.back();
    first_.pop_back();
    open_.pop_back();
    if (pretty_ && !empty) newline();
    out_ += c;
    if (first_.empty()) out_ += '\n';  // a document ends its line (JSON Lines)
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    if (pretty_) newline();
  }
  void newline() {
    out_ += '\n';
    out_.append(first_.size() * 2, ' ');
  }
  void string_literal(std::string_view s) {
    out_ += '"';
    escape(out_, s);
    out_ += '"';
  }

  std::string& out_;
  bool pretty_;
  bool after_key_ = false;
  std::vector<bool> first_;
  std::string open_;  // closing brackets of the open containers
};

// Length of the valid UTF-8 sequence at s[i], or 0 when it is not one.
inline std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  std::size_t n = c >= 0xF0 && c <= 0xF4 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c <= 0xDF ? 2 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  for (std::size_t k = 1; k < n; ++k)
    if ((b(i + k) & 0xC0) != 0x80) return 0;
  if (n == 3 && c == 0xE0 && b(i + 1) < 0xA0) return 0;  // overlong
  if (n == 3 && c == 0xED && b(i + 1) >= 0xA0) return 0;  // surrogates
  if (n == 4 && c == 0xF0 && b(i + 1) < 0x90) return 0;  // overlong
  if (n == 4 && c == 0xF4 && b(i + 1) >= 0x90) return 0;  // > U+10FFFF
  return n;
}

inline void json_writer::escape(std::string& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  for (std::size_t i = 0; i < s.size(); ++i) {
    // a run of printable ASCII other than '"' and '\\' is copied at once
    std::size_t run = i;
    while (run < s.size() && static_cast<unsigned char>(s[run]) >= 0x20 && static_cast<unsigned char>(s[run]) < 0x7f &&
           s[run] != '"' && s[run] != '\\')
      ++run;
    if (run > i) {
      out.append(s.data() + i, run - i);
      i = run;
      if (i == s.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; continue;
      case '\\': out += "\\\\"; continue;
      case '\n': out += "\\n"; continue;
      case '\r': out += "\\r"; continue;
      case '\t': out += "\\t"; continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (std::size_t n = utf8_length(s, i)) {
      out.append(s.substr(i, n));
      i += n - 1;
    } else {
      out += "\\u00";
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
}

}  // namespace sipspan::cli
