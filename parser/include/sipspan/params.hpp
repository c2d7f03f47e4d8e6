// sipspan — lazy iteration over parameters.
//
// RFC 3261 §25: generic-param = token [ EQUAL gen-value ], separated by SEMI
// (header and URI parameters, ";"), by "&" (URI headers) or by COMMA
// (digest auth-params). A typed parser validates the whole span with its
// machine first; a param_range then walks that span on demand without
// allocating, splitting on the separator outside quoted-strings and trimming
// linear whitespace around names and values.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipspan {

struct param {
  std::string_view name;   // as written
  std::string_view value;  // raw: quotes and escapes kept ("\"x y\"", "%41")
  bool has_value = false;  // "lr" has none; "tag=" has an empty one
};

// ASCII case-insensitive comparison (header and parameter names are case-insensitive).
SIPSPAN_API bool iequals(std::string_view a, std::string_view b) noexcept;

// Strip one level of DQUOTEs from a quoted-string (escapes are left in place).
SIPSPAN_API std::string_view unquote(std::string_view v) noexcept;

class SIPSPAN_API param_range {
 public:
  class iterator {
   public:
    using value_type = param;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const param& operator*() const noexcept { return current_; }
    const param* operator->() const noexcept { return &current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
    bool operator==(const iterator& o) const noexcept { return pos_ == o.pos_ && done_ == o.done_; }

   private:
    friend class param_range;
    iterator(std::string_view text, char sep, bool end) noexcept;
    void load() noexcept;
    std::string_view text_;
    std::size_t pos_ = 0;   // start of the current parameter
    std::size_t next_ = 0;  // start of the one after it
    char sep_ = ';';
    bool done_ = true;
    param current_;
  };

  param_range() = default;
  // `text` holds the parameters without a leading separator: "transport=tcp;lr".
  explicit param_range(std::string_view text, char sep = ';') noexcept : text_(text), sep_(sep) {}

  iterator begin() const noexcept { return iterator(text_, sep_, false); }
  iterator end() const noexcept { return iterator(text_, sep_, true); }
  bool empty() const noexcept { return begin() == end(); }
  std::size_t size() const noexcept;
  std::string_view text() const noexcept { return text_; }

  // First parameter with this name (ASCII case-insensitive).
  bool find(std::string_view name, param& out) const noexcept;
  bool has(std::string_view name) const noexcept {
    param p;
    return find(name, p);
  }
  // Value of the first parameter with this name; empty when absent or valueless.
  std::string_view get(std::string_view name) const noexcept {
    param p;
    return find(name, p) ? p.value : std::string_view{};
  }

 private:
  std::string_view text_;
  char sep_ = ';';
};

}  // namespace sipspan
