// sipspan CLI — a small streaming JSON writer.
//
// Strings are written as JSON strings whatever bytes they hold, and the
// output is always valid UTF-8: valid UTF-8 passes through, control bytes and
// '"' '\' are escaped, and a byte that is not part of valid UTF-8 is written
// as \u00XX (its value as a code point: readable, but not the byte). So that
// every value gives its bytes back, field() follows a string that is not
// valid UTF-8 with a sibling "<key>_base64" holding its exact bytes (RFC 4648
// base64): a reader takes that when it is there, and the string's UTF-8
// encoding when not. Strings in arrays (value()) carry the tool's own words
// only.
#pragma once

#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <cstdio>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sipspan::cli {

// Length of the run of bytes at the start of `s` that a JSON string holds as
// they are: printable ASCII other than '"' and '\\'.
inline std::size_t json_plain_run(std::string_view s) noexcept {
  // 1: the byte needs no escape
  static constexpr auto plain = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0x20; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return t;
  }();
  const char* p = s.data();
  const std::size_t n = s.size();
  std::size_t i = 0;
#if defined(__SSE2__)
  if (n >= 16) {
    const __m128i space = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7f);
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\');
    auto bad_mask = [&](const char* at) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
      // signed: bytes >= 0x80 are negative, below ' ' as the control bytes are
      __m128i bad = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                                 _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
      return static_cast<unsigned>(_mm_movemask_epi8(bad));
    };
    for (; i + 16 <= n; i += 16)
      if (unsigned mask = bad_mask(p + i)) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    if (i == n) return n;
    // the last 16 bytes, of which the first 16 - (n - i) were checked already
    unsigned mask = bad_mask(p + n - 16) >> (16 - (n - i));
    return mask ? i + static_cast<std::size_t>(__builtin_ctz(mask)) : n;
  }
#endif
  while (i < n && plain[static_cast<unsigned char>(p[i])]) ++i;
  return i;
}

class json_writer {
 public:
  // `lines`: a document (a value outside any container) ends with a newline;
  // false for a value written inside text the caller puts together.
  explicit json_writer(std::string& out, bool pretty = true, bool lines = true)
      : out_(out), pretty_(pretty), lines_(lines) {}

  json_writer& begin_object() { return open('{'); }
  json_writer& end_object() { return close('}'); }
  // close whatever was opened last
  json_writer& end_any() { return close(open_.back()); }
  json_writer& begin_array() { return open('['); }
  json_writer& end_array() { return close(']'); }

  json_writer& key(std::string_view k) {
    comma();
    if (json_plain_run(k) == k.size()) {  // keys are plain: one append
      const std::size_t at = out_.size();
      out_.resize(at + k.size() + (pretty_ ? 4 : 3));
      char* o = out_.data() + at;
      *o++ = '"';
      std::memcpy(o, k.data(), k.size());
      o += k.size();
      *o++ = '"';
      *o++ = ':';
      if (pretty_) *o = ' ';
    } else {
      string_literal(k);
      out_ += pretty_ ? ": " : ":";
    }
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
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
    return *this;
  }
  json_writer& value(std::int64_t n) {
    comma();
    char buf[24];
    out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
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
    if constexpr (std::is_convertible_v<T, std::string_view> && !std::is_same_v<T, bool>) {
      return text_field(k, std::string_view(v));
    } else {
      key(k);
      return value(v);
    }
  }
  // "k": the text, and "k_base64": its bytes when they are not valid UTF-8.
  json_writer& text_field(std::string_view k, std::string_view v);

  // Appends `s` escaped (without the quotes) to `out`: a std::string, or any
  // buffer with append(const char*, std::size_t).
  template <class Out>
  static void escape(Out& out, std::string_view s);
  // Appends `s` in base64 (RFC 4648 §4, padded) to `out`.
  template <class Out>
  static void base64(Out& out, std::string_view s);

 private:
  json_writer& open(char c) {
    comma();
    out_ += c;
    first_.push_back(1);
    open_.push_back(c == '{' ? '}' : ']');
    return *this;
  }
  json_writer& close(char c) {
    bool empty = first_.back();
    first_.pop_back();
    open_.pop_back();
    if (pretty_ && !empty) newline();
    out_ += c;
    if (first_.empty() && lines_) out_ += '\n';  // a document ends its line (JSON Lines)
    return *this;
  }
  void comma() {
    if (after_key_) {
      after_key_ = false;
      return;
    }
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = 0;
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
  bool lines_;
  bool after_key_ = false;
  std::string first_;  // per open container: 1 while it has no member yet
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

// Whether `s` is valid UTF-8 throughout.
inline bool utf8_valid(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    std::size_t run = i + json_plain_run(s.substr(i));  // printable ASCII at once
    if (run == s.size()) return true;
    i = run;
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
    } else if (std::size_t n = utf8_length(s, i)) {
      i += n;
    } else {
      return false;
    }
  }
  return true;
}

inline json_writer& json_writer::text_field(std::string_view k, std::string_view v) {
  key(k);
  value(v);
  if (utf8_valid(v)) return *this;
  std::string name(k);
  name += "_base64";
  key(name);
  comma();
  out_ += '"';
  base64(out_, v);
  out_ += '"';
  return *this;
}

template <class Out>
void json_writer::base64(Out& out, std::string_view s) {
  static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i])); };
  std::size_t i = 0;
  for (; i + 3 <= s.size(); i += 3) {
    const std::uint32_t v = byte(i) << 16 | byte(i + 1) << 8 | byte(i + 2);
    const char q[4] = {digits[v >> 18], digits[v >> 12 & 63], digits[v >> 6 & 63], digits[v & 63]};
    out.append(q, 4);
  }
  if (const std::size_t left = s.size() - i) {
    const std::uint32_t v = byte(i) << 16 | (left == 2 ? byte(i + 1) << 8 : 0);
    const char q[4] = {digits[v >> 18], digits[v >> 12 & 63], left == 2 ? digits[v >> 6 & 63] : '=', '='};
    out.append(q, 4);
  }
}

template <class Out>
void json_writer::escape(Out& out, std::string_view s) {
  static const char hex[] = "0123456789abcdef";
  auto put = [&](const char* p, std::size_t n) { out.append(p, n); };
  for (std::size_t i = 0; i < s.size(); ++i) {
    // a run of printable ASCII other than '"' and '\\' is copied at once
    std::size_t run = i + json_plain_run(s.substr(i));
    if (run > i) {
      put(s.data() + i, run - i);
      i = run;
      if (i == s.size()) break;
    }
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': put("\\\"", 2); continue;
      case '\\': put("\\\\", 2); continue;
      case '\n': put("\\n", 2); continue;
      case '\r': put("\\r", 2); continue;
      case '\t': put("\\t", 2); continue;
      default: break;
    }
    if (c < 0x20 || c == 0x7f) {
      const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(u, 6);
    } else if (c < 0x80) {
      const char one = static_cast<char>(c);
      put(&one, 1);
    } else if (std::size_t n = utf8_length(s, i)) {
      put(s.data() + i, n);
      i += n - 1;
    } else {
      const char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      put(u, 6);
    }
  }
}

}  // namespace sipspan::cli
