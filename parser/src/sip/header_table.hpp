// sipspan — header name tables and classification (internal) (RFC 3261 §20, §7.3.3).
//
// Names are classified from their span after the scan, not by a keyword union
// inside the -G2 message machine (docs/design.md decision 2). One-letter names go
// through a 26-entry compact-form table; longer names through a perfect hash of
// the length and four bytes (case-folded) into 512 slots, then one
// case-insensitive comparison. The hash is checked to be collision-free at
// compile time.

#pragma once

#ifndef SIPSPAN_CLASSIFY_INLINE
#define SIPSPAN_CLASSIFY_INLINE inline __attribute__((always_inline))
#endif

#include <array>
#include <cstdint>
#include <cstring>

#include "sipspan/header_id.hpp"

namespace sipspan::detail {

inline constexpr header_info table[header_id_count] = {
#define SIPSPAN_X(e, n, c, k, v) \
  {n, c, value_kind::k, value_kind::k == value_kind::single || value_kind::k == value_kind::text, #e, \
   header_id::e == header_id::call_id || header_id::e == header_id::in_reply_to, value_presence::v == value_presence::opt},
    SIPSPAN_HEADER_LIST(SIPSPAN_X)
#undef SIPSPAN_X
    {"", 0, value_kind::text, false, "other", false, true},
};

constexpr unsigned char fold(unsigned char c) noexcept { return (c >= 'A' && c <= 'Z') ? c | 0x20 : c; }

// Perfect hash over the long names (length >= 2), found by search and
// verified below by static_assert.
// Bytes are folded with | 0x20, which maps both cases of a letter together;
// the comparison that follows is exact.
constexpr std::uint32_t hash(const char* s, std::size_t n) noexcept {
  auto b = [s](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(s[i]) | 0x20u); };
  std::uint32_t x = static_cast<std::uint32_t>(n) * 0x9E3779B1u + b(0) * 35047u + b(n - 1) * 39321u +
                    b(n / 2) * 48737u + b(1) * 3987u;
  x *= 0x85EBCA6Bu;
  return (x >> 23) & 511u;
}

inline constexpr std::uint8_t empty_slot = 0xFF;

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
inline constexpr slots_t slots{};
static_assert(!slots.collision, "the header-name hash has a collision: choose new constants");
static_assert(header_id_count < empty_slot, "header ids must fit below the empty-slot marker");

// Lower-cased words and case masks of each name, for word-wise comparison.
// Names of 8 bytes or more: words at offsets 0, 8, 16 (those that fit) and one
// final word ending at the name's last byte (overlapping the one before).
// Shorter names: two overlapping 4-byte (or 2-byte) pieces, the head and the tail.
struct name_key {
  std::uint64_t lower[4]{};
  std::uint64_t mask[4]{};
};

constexpr std::uint64_t word_at(std::string_view s, std::size_t at, bool want_mask, std::size_t width = 8) noexcept {
  std::uint64_t w = 0;
  for (std::size_t k = 0; k < width; ++k) {
    unsigned char c = static_cast<unsigned char>(s[at + k]);
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    std::uint64_t b = want_mask ? (letter ? 0x20u : 0u) : fold(c);
    w |= b << (8 * k);  // little-endian byte order, as loaded below
  }
  return w;
}

struct keys_t {
  name_key k[header_id_count]{};
  constexpr keys_t() {
    for (std::size_t i = 0; i + 1 < header_id_count; ++i) {
      std::string_view n = table[i].name;
      if (n.size() >= 8) {
        std::size_t words = n.size() / 8;
        for (std::size_t w = 0; w < words && w < 3; ++w) {
          k[i].lower[w] = word_at(n, w * 8, false);
          k[i].mask[w] = word_at(n, w * 8, true);
        }
        k[i].lower[3] = word_at(n, n.size() - 8, false);
        k[i].mask[3] = word_at(n, n.size() - 8, true);
      } else if (n.size() >= 2) {
        std::size_t w = n.size() >= 4 ? 4 : 2;
        k[i].lower[0] = word_at(n, 0, false, w);
        k[i].mask[0] = word_at(n, 0, true, w);
        k[i].lower[3] = word_at(n, n.size() - w, false, w);
        k[i].mask[3] = word_at(n, n.size() - w, true, w);
      }
    }
  }
};
inline constexpr keys_t keys{};
static_assert(sizeof(table) / sizeof(table[0]) == header_id_count);

template <class T>
inline std::uint64_t load_le(const char* p) noexcept {
  T w;
  std::memcpy(&w, p, sizeof w);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  if constexpr (sizeof(T) == 8) w = __builtin_bswap64(w);
  if constexpr (sizeof(T) == 4) w = __builtin_bswap32(w);
  if constexpr (sizeof(T) == 2) w = __builtin_bswap16(w);
#endif
  return w;
}

// `name` (n >= 2 bytes) equals entry i's name ignoring ASCII case of its letters.
SIPSPAN_CLASSIFY_INLINE bool same_name(std::string_view name, std::size_t i) noexcept {
  const std::size_t n = name.size();
  if (table[i].name.size() != n) return false;
  const name_key& k = keys.k[i];
  const char* p = name.data();
  if (n < 4)
    return ((load_le<std::uint16_t>(p) | k.mask[0]) == k.lower[0]) && ((load_le<std::uint16_t>(p + n - 2) | k.mask[3]) == k.lower[3]);
  if (n < 8)
    return ((load_le<std::uint32_t>(p) | k.mask[0]) == k.lower[0]) && ((load_le<std::uint32_t>(p + n - 4) | k.mask[3]) == k.lower[3]);
  const std::size_t words = n / 8 < 3 ? n / 8 : 3;
  for (std::size_t w = 0; w < words; ++w)
    if ((load_le<std::uint64_t>(p + w * 8) | k.mask[w]) != k.lower[w]) return false;
  return (load_le<std::uint64_t>(p + n - 8) | k.mask[3]) == k.lower[3];
}

struct compact_t {
  std::array<std::uint8_t, 26> id{};
  constexpr compact_t() {
    for (auto& s : id) s = static_cast<std::uint8_t>(header_id::other);
    for (std::size_t i = 0; i + 1 < header_id_count; ++i)
      if (table[i].compact) id[static_cast<std::size_t>(table[i].compact - 'a')] = static_cast<std::uint8_t>(i);
  }
};
inline constexpr compact_t compact{};

// Classify a name span; `name` holds bytes of any value.
SIPSPAN_CLASSIFY_INLINE header_id classify(std::string_view name) noexcept {
  const std::size_t n = name.size();
  if (n == 1) {
    unsigned char c = fold(static_cast<unsigned char>(name[0]));
    return (c >= 'a' && c <= 'z') ? static_cast<header_id>(compact.id[c - 'a']) : header_id::other;
  }
  if (n < 2 || n > 32) return header_id::other;
  std::uint8_t i = slots.slot[hash(name.data(), n)];
  if (i == empty_slot) return header_id::other;
  return same_name(name, i) ? static_cast<header_id>(i) : header_id::other;
}

}  // namespace sipspan::detail
