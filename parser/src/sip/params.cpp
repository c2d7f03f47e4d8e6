// sipspan — param_range (RFC 3261 §25 generic-param lists).

#include "sipspan/params.hpp"

#include "skip.hpp"

namespace sipspan {
namespace {

inline bool is_lws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline unsigned char lower(unsigned char c) noexcept { return (c >= 'A' && c <= 'Z') ? c | 0x20 : c; }

inline std::string_view trim(std::string_view s) noexcept {
  std::size_t b = 0, e = s.size();
  while (b < e && is_lws(s[b])) ++b;
  while (e > b && is_lws(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// End of the parameter starting at `pos`: the next separator outside quotes
// (a backslash inside quotes escapes the byte after it, RFC 3261 §25.1 quoted-pair).
std::size_t param_end(std::string_view t, std::size_t pos, char sep) noexcept {
  using detail::uchar;
  const uchar* base = reinterpret_cast<const uchar*>(t.data());
  const uchar* end = base + t.size();
  const uchar* q = base + pos;
  for (;;) {
    q = detail::find_either(q, end, sep, '"');
    if (q == end || *q == static_cast<uchar>(sep)) return static_cast<std::size_t>(q - base);
    ++q;  // inside quotes: to the closing one
    for (;;) {
      q = detail::find_either(q, end, '"', '\\');
      if (q == end) return t.size();
      if (*q == '"') break;
      q += q + 1 < end ? 2 : 1;
    }
    ++q;
  }
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(static_cast<unsigned char>(a[i])) != lower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string_view unquote(std::string_view v) noexcept {
  if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
  return v;
}

param_range::iterator::iterator(std::string_view text, char sep, bool end) noexcept : text_(text), sep_(sep) {
  if (end) {
    pos_ = text_.size();
    done_ = true;
    return;
  }
  pos_ = 0;
  done_ = false;
  load();
}

void param_range::iterator::load() noexcept {
  const char* t = text_.data();
  const std::size_t n = text_.size();
  // skip empty parameters (";;" or a trailing separator)
  while (pos_ < n) {
    const std::size_t e = param_end(text_, pos_, sep_);
    next_ = e < n ? e + 1 : n;
    std::size_t b = pos_, z = e;  // the parameter without the LWS around it
    while (b < z && is_lws(t[b])) ++b;
    while (z > b && is_lws(t[z - 1])) --z;
    if (b < z) {
      // the first '=' ends the name (names are short: a byte loop, no call)
      std::size_t eq = b;
      while (eq < z && t[eq] != '=') ++eq;
      if (eq == z) {
        current_ = param{std::string_view(t + b, z - b), {}, false};
      } else {
        current_ = param{trim(std::string_view(t + b, eq - b)), trim(std::string_view(t + eq + 1, z - eq - 1)), true};
      }
      return;
    }
    pos_ = next_;
  }
  pos_ = text_.size();
  done_ = true;
  current_ = param{};
}

param_range::iterator& param_range::iterator::operator++() noexcept {
  pos_ = next_;
  load();
  return *this;
}

std::size_t param_range::size() const noexcept {
  std::size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

bool param_range::find(std::string_view name, param& out) const noexcept {
  for (const param& p : *this) {
    if (iequals(p.name, name)) {
      out = p;
      return true;
    }
  }
  return false;
}

}  // namespace sipspan
