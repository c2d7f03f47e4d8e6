// sipspan — header ids across the C API (sipspan_header_id). A known header
// keeps its C++ value (the order of SIPSPAN_HEADER_LIST, a new header appended
// at the end); header_id::other, which in C++ follows the last entry and so
// moves when a header is added, is one fixed value in C: SIPSPAN_HDR_OTHER
// must not change between releases any more than the others. Read by
// gen_c_enums (which writes sipspan_enums.h) and by the C entry points.
#pragma once

#include "sipspan/header_id.hpp"

namespace sipspan::capi {

inline constexpr int c_header_other = 255;
static_assert(header_id_count - 1 < static_cast<std::size_t>(c_header_other),
              "the known header ids have reached SIPSPAN_HDR_OTHER");

// The C value of an id.
constexpr int c_header(header_id id) noexcept {
  return id == header_id::other ? c_header_other : static_cast<int>(id);
}

// A known header id from its C value; false for SIPSPAN_HDR_OTHER and values
// that name no header.
constexpr bool known_header(int id, header_id& out) noexcept {
  if (id < 0 || id >= static_cast<int>(header_id::other)) return false;
  out = static_cast<header_id>(id);
  return true;
}

}  // namespace sipspan::capi
