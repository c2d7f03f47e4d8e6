// sipspan — the state of the smaller header-value machines (grammar/
// header_value_rules.rl and the machine files that include it) and the one way
// each runs:
//
//   result parse_xxx(std::string_view value, xxx_view& out) noexcept {
//     out = xxx_view{};
//     if (result r = detail::precheck_value(value); !r) return r;
//     SIPSPAN_VALUE_MACHINE(value);
//     %% write init;
//     %% write exec;
//     if (!s.accepted(cs >= sip_xxx_first_final, p)) return s.err;
//     ... spans from m ...
//   }
#pragma once

#include <cstdint>

#include "sip/header_scan.hpp"

namespace sipspan::detail {

// The part of the value a machine is in, for the error code.
enum class part : std::uint8_t { value, gap, method, after, param, quote, comment };

struct hv_marks {
  part where = part::value;
  const hv_uchar *a_b = nullptr, *a_e = nullptr, *b_b = nullptr, *b_e = nullptr;
  const hv_uchar *c_b = nullptr, *c_e = nullptr, *d_b = nullptr, *d_e = nullptr;
  const hv_uchar *params_b = nullptr, *params_e = nullptr, *quote = nullptr;
};

// The common tail of each error action: the parts every machine shares.
inline void fail_common(value_scan& s, const hv_marks& m, const hv_uchar* p, const hv_uchar* pe,
                        error_code main_code) noexcept {
  switch (m.where) {
    case part::value:
    case part::gap:
    case part::comment: s.fail(main_code, p); break;
    case part::method: s.fail(error_code::bad_method, p); break;
    case part::after: s.fail(error_code::trailing_garbage, p); break;
    case part::param: s.fail(error_code::bad_parameter, p); break;
    case part::quote: s.fail(error_code::bad_quoted_string, p == pe ? m.quote : p); break;
  }
}

// Two decimal digits at p (the machine has checked them).
inline std::uint32_t two_digits(const hv_uchar* p) noexcept {
  return static_cast<std::uint32_t>((p[0] - '0') * 10 + (p[1] - '0'));
}

}  // namespace sipspan::detail

// What the generated code of a value machine reads and writes, over `value`:
// the scan state s, the marks m, and Ragel's p, pe, eof and cs.
#define SIPSPAN_VALUE_MACHINE(value)                 \
  ::sipspan::detail::value_scan s(value);            \
  [[maybe_unused]] ::sipspan::detail::hv_marks m;    \
  const ::sipspan::detail::hv_uchar* p = s.base;     \
  const ::sipspan::detail::hv_uchar* pe = s.end;     \
  const ::sipspan::detail::hv_uchar* eof = pe;       \
  int cs
