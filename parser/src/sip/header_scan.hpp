// sipspan — the small state the header-value machines mark positions into
// (grammar/via.rl, grammar/name_addr.rl, grammar/header_values.rl).
//
// Actions only record where something starts or ends, or which part of the
// value the machine is in (so that an error can be named); the conversions
// below run once, after the machine has accepted the value.
#pragma once

#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"

namespace sipspan::detail {

using hv_uchar = unsigned char;

struct value_scan {
  const hv_uchar* base;
  const hv_uchar* end;
  result err{};
  bool failed = false;

  explicit value_scan(std::string_view v) noexcept
      : base(reinterpret_cast<const hv_uchar*>(v.data())), end(base + v.size()) {}

  std::uint32_t offset(const hv_uchar* p) const noexcept { return static_cast<std::uint32_t>(p - base); }

  result fail(error_code c, const hv_uchar* at) noexcept {
    if (!failed) {
      failed = true;
      err.code = c;
      err.offset = offset(at);
    }
    return err;
  }

  result error(error_code c, std::uint32_t at) const noexcept {
    result r;
    r.code = c;
    r.offset = at;
    return r;
  }

  // The span [b, e); empty when either end was never marked.
  static std::string_view span(const hv_uchar* b, const hv_uchar* e) noexcept {
    if (b == nullptr || e == nullptr || e < b) return {};
    return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
  }
};

// A set of bytes: alphanumerics plus the given punctuation.
struct alnum_set {
  bool c[256];
  constexpr explicit alnum_set(std::string_view punct) : c{} {
    for (int b = 0; b < 256; ++b) {
      bool alnum = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
      c[b] = alnum || (b != 0 && punct.find(static_cast<char>(b)) != std::string_view::npos);
    }
  }
};
// uric_plain of header_common.rl: reserved / unreserved / "[" / "]" (RFC 3261 §25.1)
inline constexpr alnum_set uric{";/?:@&=+$,-_.!~*'()[]"};
// word of core.rl (callid = word [ "@" word ], RFC 3261 §25.1)
inline constexpr alnum_set word{"-.!%*_+`'~()<>:\\\"/[]?{}"};

// The first byte in [p, pe) outside `set`: a machine looping on those bytes
// without actions jumps there (fexec) instead of dispatching on each.
inline const hv_uchar* skip_set(const alnum_set& set, const hv_uchar* p, const hv_uchar* pe) noexcept {
  while (p < pe && set.c[*p]) ++p;
  return p;
}

// Strip linear whitespace (SP, HTAB, CR, LF) from both ends.
std::string_view trim_lws(std::string_view s) noexcept;

// Checks every parse_xxx does first: empty_value for an empty or all-whitespace
// value, input_too_large beyond 32-bit offsets. Returns success otherwise.
// Inline: a value whose first byte is not whitespace is decided by that byte.
inline result precheck_value(std::string_view v) noexcept {
  result r;
  if (v.size() > 0xFFFFFFFFu) {
    r.code = error_code::input_too_large;
    return r;
  }
  if (!v.empty()) {
    const char c = v.front();
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return r;
  }
  if (trim_lws(v).empty()) r.code = error_code::empty_value;
  return r;
}

// Decimal digits to an integer; false when the value exceeds `max`.
bool digits_to_u32(std::string_view digits, std::uint32_t max, std::uint32_t& out) noexcept;

}  // namespace sipspan::detail
