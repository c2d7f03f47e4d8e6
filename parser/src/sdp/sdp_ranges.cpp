// sipspan — SDP: the lazy ranges over a description's lines, a block's
// attributes and a value's words (RFC 8866 §5: <type>=<value> lines; words
// separated by SP). They read the body as they go and allocate nothing.

#include <cstring>

#include "sipspan/sdp.hpp"

namespace sipspan {

line_range::iterator::iterator(std::string_view text, char type, std::size_t pos) noexcept
    : text_(text), pos_(pos), type_(type) {
  load();
}

void line_range::iterator::load() noexcept {
  while (pos_ < text_.size()) {
    const char* nl = static_cast<const char*>(std::memchr(text_.data() + pos_, '\n', text_.size() - pos_));
    std::size_t stop = nl ? static_cast<std::size_t>(nl - text_.data()) : text_.size();
    next_ = nl ? stop + 1 : text_.size();
    std::size_t ve = stop;
    if (ve > pos_ && text_[ve - 1] == '\r') --ve;
    char t = text_[pos_];
    if (type_ == 0 || t == type_) {
      current_.type = t;
      current_.offset = static_cast<std::uint32_t>(pos_);
      current_.value = ve >= pos_ + 2 ? text_.substr(pos_ + 2, ve - pos_ - 2) : text_.substr(ve, 0);
      return;
    }
    pos_ = next_;
  }
  pos_ = text_.size();
  current_ = sdp_line{};
}

line_range::iterator& line_range::iterator::operator++() noexcept {
  pos_ = next_;
  load();
  return *this;
}

std::size_t line_range::size() const noexcept {
  std::size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

attribute_range::iterator::iterator(line_range::iterator it, line_range::iterator end) noexcept
    : it_(it), end_(end) {
  load();
}

void attribute_range::iterator::load() noexcept {
  current_ = sdp_attribute{};
  if (it_ == end_) return;
  std::string_view v = it_->value;
  std::size_t colon = v.find(':');
  if (colon == std::string_view::npos) {
    current_.name = v;
    current_.value = v.substr(v.size());
  } else {
    current_.name = v.substr(0, colon);
    current_.value = v.substr(colon + 1);
    current_.has_value = true;
  }
}

attribute_range::iterator& attribute_range::iterator::operator++() noexcept {
  ++it_;
  load();
  return *this;
}

bool attribute_range::find(std::string_view name, sdp_attribute& out) const noexcept {
  for (const sdp_attribute& a : *this)
    if (a.name == name) {
      out = a;
      return true;
    }
  return false;
}

std::size_t attribute_range::count(std::string_view name) const noexcept {
  std::size_t n = 0;
  for (const sdp_attribute& a : *this) n += a.name == name;
  return n;
}

word_range::iterator::iterator(std::string_view text, std::size_t pos) noexcept : text_(text), pos_(pos) {
  load();
}

void word_range::iterator::load() noexcept {
  while (pos_ < text_.size() && text_[pos_] == ' ') ++pos_;
  if (pos_ >= text_.size()) {
    pos_ = text_.size();
    current_ = {};
    return;
  }
  std::size_t e = text_.find(' ', pos_);
  if (e == std::string_view::npos) e = text_.size();
  current_ = text_.substr(pos_, e - pos_);
  next_ = e;
}

word_range::iterator& word_range::iterator::operator++() noexcept {
  pos_ = next_;
  load();
  return *this;
}

std::size_t word_range::size() const noexcept {
  std::size_t n = 0;
  for (auto it = begin(); it != end(); ++it) ++n;
  return n;
}

}  // namespace sipspan
