// sipspan — header name classification (RFC 3261 §20, §7.3.3).
//
// Names are classified from their span after the scan, not by a keyword union
// inside the -G2 message machine (DESIGN.md decision 2). One-letter names go
// through a 26-entry compact-form table; longer names through a perfect hash of
// the length and four bytes (case-folded) into 512 slots, then one
// case-insensitive comparison. The hash is checked to be collision-free at
// compile time.

#include <array>
#include <cstdint>

#include "sipspan/header_id.hpp"

namespace sipspan {
namespace {

constexpr header_info table[header_id_count] = {
#define SIPSPAN_X(e, n, c, k) \
  {n, c, value_kind::k, value_kind::k == value_kind::single || value_kind::k == value_kind::text, #e},
    SIPSPAN_HEADER_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    {"", 0, value_kind::text, false, "other"},
};

constexpr unsigned char fold(unsigned char c) noexcept { return (c >= 'A' && c <= 'Z') ? c | 0x20 : c; }

// Perfect hash over the long names (length >= 2), found by search and
// verified below by static_assert.
constexpr std::uint32_t hash(const char* s, std::size_t n) noexcept {
  std::uint32_t x = static_cast<std::uint32_t>(n) * 0x9E3779B1u +
                    fold(static_cast<unsigned char>(s[0])) * 35047u +
                    fold(static_cast<unsigned char>(s[n - 1])) * 39321u +
                    fold(static_cast<unsigned char>(s[n / 2])) * 48737u +
                    fold(static_cast<unsigned char>(s[1])) * 3987u;
  x *= 0x85EBCA6Bu;
  return (x >> 23) & 511u;
}

constexpr std::uint8_t empty_slot = 0xFF;

struct slots_t {
  std::array<std::uint8_t, 512> slot{};
  bool collision = false;
  constexpr slots_t() {
    for (auto& s : slot) s = empty_slot;
    for (std::size_t i = 0; i + 1 < header_id_count; ++i) {
      std::uint32_t h = hash(table[i].name.data(), table[i].name.size());
      if (slot[h] != empty_slot) collision = true;
      slot[h] = static_cast<std::uint8_t>(i);
    }
  }
};
constexpr slots_t slots{};
static_assert(!slots.collision, "the header-name hash has a collision: choose new constants");
static_assert(header_id_count < empty_slot, "header ids must fit below the empty-slot marker");

struct compact_t {
  std::array<std::uint8_t, 26> id{};
  constexpr compact_t() {
    for (auto& s : id) s = static_cast<std::uint8_t>(header_id::other);
    for (std::size_t i = 0; i + 1 < header_id_count; ++i)
      if (table[i].compact) id[static_cast<std::size_t>(table[i].compact - 'a')] = static_cast<std::uint8_t>(i);
  }
};
constexpr compact_t compact{};

}  // namespace

const header_info& info(header_id id) noexcept { return table[static_cast<std::size_t>(id)]; }

header_id classify_header(std::string_view name) noexcept {
  const std::size_t n = name.size();
  if (n == 1) {
    unsigned char c = fold(static_cast<unsigned char>(name[0]));
    return (c >= 'a' && c <= 'z') ? static_cast<header_id>(compact.id[c - 'a']) : header_id::other;
  }
  if (n < 2 || n > 32) return header_id::other;
  std::uint8_t i = slots.slot[hash(name.data(), n)];
  if (i == empty_slot) return header_id::other;
  std::string_view canon = table[i].name;
  if (canon.size() != n) return header_id::other;
  for (std::size_t k = 0; k < n; ++k)
    if (fold(static_cast<unsigned char>(name[k])) != fold(static_cast<unsigned char>(canon[k]))) return header_id::other;
  return static_cast<header_id>(i);
}

}  // namespace sipspan
