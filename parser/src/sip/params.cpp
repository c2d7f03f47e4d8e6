// sipspan — param_range (RFC 3261 §25 generic-param lists).

#include "sipspan/params.hpp"

#include "skip.hpp"

namespace sipspan {
namespace {

inline bool is_lws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
inline unsigned char lower(unsigned char c) noexcept { return (c >= 'A' && c <= 'Z') ? c | 0x20 : c; }

std::string_view trim(std::string_view s) noexcept {
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
  // skip empty parameters (";;" or a trailing separator)
  while (pos_ < text_.size()) {
    std::size_t e = param_end(text_, pos_, sep_);
    std::string_view raw = trim(text_.substr(pos_, e - pos_));
    next_ = e < text_.size() ? e + 1 : text_.size();
    if (!raw.empty()) {
      std::size_t eq = raw.find('=');
      if (eq == std::string_view::npos) {
        current_ = param{raw, {}, false};
      } else {
        current_ = param{trim(raw.substr(0, eq)), trim(raw.substr(eq + 1)), true};
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
