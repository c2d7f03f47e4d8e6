// sipspan — anomaly scorer internals shared by scoring, training and the JSON
// reader: byte classes, n-gram keys, name hashes, slot names.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "sipspan/score.hpp"

namespace sipspan::score_detail {

// Sentinels that open and close a value in the n-gram stream; control bytes
// themselves map to 'c', so these never come from the input.
inline constexpr std::uint8_t value_begin = 1;
inline constexpr std::uint8_t value_end = 2;

// Byte classes: letters 'a', digits '0', SP ' ', HTAB 't', CR 'r', LF 'n',
// other control bytes 'c', bytes >= 0x80 'u', punctuation as itself.
// Runs of letters and digits become one symbol ('0' when only digits), so that
// random tokens (tags, branches, Call-IDs) look alike; punctuation keeps its
// identity, because that is where mimicry edits land.
constexpr std::array<std::uint8_t, 256> make_byte_class() {
  std::array<std::uint8_t, 256> t{};
  for (unsigned c = 0; c < 256; ++c) {
    std::uint8_t v;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) v = 'a';
    else if (c >= '0' && c <= '9') v = '0';
    else if (c == ' ') v = ' ';
    else if (c == '\t') v = 't';
    else if (c == '\r') v = 'r';
    else if (c == '\n') v = 'n';
    else if (c < 0x20 || c == 0x7f) v = 'c';
    else if (c >= 0x80) v = 'u';
    else v = static_cast<std::uint8_t>(c);
    t[c] = v;
  }
  return t;
}
inline constexpr std::array<std::uint8_t, 256> byte_class = make_byte_class();

// Bytes that continue a run of letters and digits: host names, IPv4 addresses,
// versions and tokens ("pc33.atlanta.example.com", "198.51.100.7", "2.0",
// "z9hG4bK-524287-1") are one symbol each.
inline constexpr bool joins_run(unsigned char c) noexcept { return c == '.' || c == '-' || c == '_'; }

// Calls f(symbol, offset, length) for each symbol of `v`: a run that starts with
// a letter or digit and goes on with letters, digits, '.', '-' and '_' is 'a'
// ('0' when it has no letter); a run of bytes >= 0x80 is one 'u'; any other byte
// is its class.
template <class F>
inline void for_each_symbol(std::string_view v, F&& f) {
  const std::size_t n = v.size();
  std::size_t i = 0;
  while (i < n) {
    std::uint8_t c = byte_class[static_cast<unsigned char>(v[i])];
    std::size_t j = i + 1;
    if (c == 'a' || c == '0') {
      bool letters = c == 'a';
      for (; j < n; ++j) {
        const auto b = static_cast<unsigned char>(v[j]);
        std::uint8_t d = byte_class[b];
        if (d == 'a') letters = true;
        else if (d != '0' && !joins_run(b)) break;
      }
      c = letters ? 'a' : '0';
    } else if (c == 'u') {
      while (j < n && byte_class[static_cast<unsigned char>(v[j])] == 'u') ++j;
    }
    f(c, i, j - i);
    i = j;
  }
}

// The shape of a run for_each_symbol calls '0' (digits, with '.', '-' or '_'
// and no letter), 0..127: how a number is written, which the class n-grams
// (one '0' for any run) do not see.
//   one group of digits:  its length (1..31), +32 with a leading zero ("070");
//   groups:               64, +32 when not separated by '.', + 4 x groups
//                         (1..7), +2 with a leading zero in a group ("010.1.1.1",
//                         octal-looking), +1 with a group longer than three digits.
inline std::uint8_t number_shape(std::string_view run) noexcept {
  unsigned groups = 1, group = 0, digits = 0;
  bool zero = false, long_group = false, dotted = true;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const char c = run[i];
    if (c >= '0' && c <= '9') {
      if (group == 0 && c == '0' && i + 1 < run.size() && run[i + 1] >= '0' && run[i + 1] <= '9') zero = true;
      long_group = long_group || ++group > 3;
      ++digits;
    } else {
      ++groups;
      group = 0;
      dotted = dotted && c == '.';
    }
  }
  if (groups == 1) return static_cast<std::uint8_t>((digits < 31 ? digits : 31) | (zero ? 32 : 0));
  return static_cast<std::uint8_t>(64 + (dotted ? 0 : 32) + 4 * (groups < 7 ? groups : 7) + (zero ? 2 : 0) +
                                   (long_group ? 1 : 0));
}

// number_shape of the run at bytes [from, last] of a block of up to 64 bytes
// at `block`, a run for_each_symbol calls '0', from the block's digit mask
// (bit i: block[i] is a digit): the same value, with the digits counted and
// the groups found by bit operations instead of byte by byte. The bytes of the
// run that are not digits are its separators ('.', '-', '_').
inline std::uint8_t number_shape_in(const unsigned char* block, std::uint64_t digit_bits, unsigned from,
                                    unsigned last) noexcept {
  const std::uint64_t run = (~std::uint64_t{0} >> (63 - last)) & (~std::uint64_t{0} << from);
  const std::uint64_t d = digit_bits & run;
  const std::uint64_t seps = run & ~d;
  if (seps == 0) {
    const auto digits = static_cast<unsigned>(__builtin_popcountll(d));
    const bool zero = block[from] == '0' && last > from;
    return static_cast<std::uint8_t>((digits < 31 ? digits : 31) | (zero ? 32 : 0));
  }
  const auto groups = 1u + static_cast<unsigned>(__builtin_popcountll(seps));
  bool zero = false, dotted = true;
  // a group's first digit, followed by a digit
  for (std::uint64_t g = d & ~(d << 1) & (d >> 1); g; g &= g - 1) zero = zero || block[__builtin_ctzll(g)] == '0';
  for (std::uint64_t j = seps; j; j &= j - 1) dotted = dotted && block[__builtin_ctzll(j)] == '.';
  const bool long_group = (d & (d >> 1) & (d >> 2) & (d >> 3)) != 0;
  return static_cast<std::uint8_t>(64 + (dotted ? 0 : 32) + 4 * (groups < 7 ? groups : 7) + (zero ? 2 : 0) +
                                   (long_group ? 1 : 0));
}

inline constexpr std::uint32_t ngram_key(std::size_t slot, std::uint8_t a, std::uint8_t b, std::uint8_t c) noexcept {
  return static_cast<std::uint32_t>(slot) << 24 | std::uint32_t{a} << 16 | std::uint32_t{b} << 8 | c;
}
inline constexpr std::uint32_t ngram_bit(std::uint32_t key) noexcept { return score_profile::ngram_bit(key); }

// Index of a delimiter symbol in score_profile::delimiters, or 0xFF.
constexpr std::array<std::uint8_t, 256> make_delimiter_index() {
  std::array<std::uint8_t, 256> t{};
  for (auto& v : t) v = 0xFF;
  for (std::size_t i = 0; i < score_profile::delimiters.size(); ++i)
    t[static_cast<unsigned char>(score_profile::delimiters[i])] = static_cast<std::uint8_t>(i);
  return t;
}
inline constexpr std::array<std::uint8_t, 256> delimiter_index = make_delimiter_index();

// FNV-1a, exact bytes or ASCII-lower-cased.
inline std::uint64_t name_hash(std::string_view s, bool fold) noexcept {
  std::uint64_t h = 1469598103934665603ull;
  for (char ch : s) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (fold && c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c + 32);
    h = (h ^ c) * 1099511628211ull;
  }
  return h;
}

// A header name's first 16 bytes, zero-padded, as two words (see
// score_profile::slot_stats::packed_spelling); the length is compared apart.
inline std::array<std::uint64_t, 2> pack_name(std::string_view s) noexcept {
  unsigned char buf[16] = {};
  std::memcpy(buf, s.data(), s.size() < 16 ? s.size() : 16);
  std::array<std::uint64_t, 2> w;
  std::memcpy(w.data(), buf, 16);
  return w;
}

// Whether a known header's name keeps a regular style (name_case_mix): its
// canonical spelling, or any name_pattern but `other`.
inline bool regular_spelling(header_id id, std::string_view name) noexcept {
  return name == canonical_name(id) || score_profile::pattern_of(id, name) != score_profile::name_pattern::other;
}

// Slot names in the JSON: header keys, "start_line".
inline std::string_view slot_name(std::size_t slot) noexcept {
  return slot == score_profile::start_line_slot ? std::string_view("start_line") : header_key(static_cast<header_id>(slot));
}
inline bool slot_from_name(std::string_view name, std::size_t& out) noexcept {
  for (std::size_t s = 0; s < score_profile::slot_count; ++s)
    if (slot_name(s) == name) {
      out = s;
      return true;
    }
  return false;
}

// The profile features' total as it counts in the score: itself up to half
// the cap, then bending towards the cap without reaching it,
//   knee + (cap - knee) * (1 - exp(-(raw - knee) / (cap - knee))), knee = cap / 2,
// which has slope 1 at the knee. The profile features together never reach
// the cap, so they cannot alert alone (the threshold lies above it), and a
// message with more of them still scores higher: no plateau where benign
// messages tie.
inline float soft_total(float raw, float cap) noexcept {
  const float knee = cap / 2;
  if (raw <= knee || cap <= 0) return raw < cap ? raw : cap;
  const float room = cap - knee;
  return knee + room * -std::expm1(-(raw - knee) / room);
}

// True for the features that read grammar evidence (weights learned from how
// often benign training traffic shows them), false for profile features.
inline constexpr bool is_hard(score_feature f) noexcept { return f < score_feature::unseen_header_name; }
// name_form is learned like a profile feature but weighs like a hard flag.
// name_case_mix is a profile feature, but legal: training lowers it by how often
// benign traffic shows it, the way it lowers the hard flags.
inline constexpr bool is_frequency_scaled(score_feature f) noexcept {
  return f < score_feature::name_form || f == score_feature::name_case_mix;
}

}  // namespace sipspan::score_detail
