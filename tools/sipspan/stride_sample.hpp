// sipspan CLI — every message while they fit, then an evenly spaced sample.
//
// The HTML report draws a score histogram and a timeline from one point per
// message; on a capture without end that list would not. A stride_sample keeps
// every item until `capacity` are held, then drops every other one and keeps
// one item in 2 from then on; each time it fills again the stride doubles. What
// it holds is always items 0, s, 2s, ... of everything added (s = stride()), so
// counts from it scale by s.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sipspan::cli {

template <class T>
class stride_sample {
 public:
  explicit stride_sample(std::size_t capacity = std::size_t{1} << 22) : capacity_(capacity < 2 ? 2 : capacity) {}

  void add(const T& item) {
    if (seen_++ % stride_ != 0) return;
    items_.push_back(item);
    if (items_.size() < capacity_) return;
    std::size_t j = 0;
    for (std::size_t i = 0; i < items_.size(); i += 2) items_[j++] = items_[i];
    items_.resize(j);
    stride_ *= 2;
  }

  const std::vector<T>& items() const { return items_; }
  std::uint64_t stride() const { return stride_; }
  std::uint64_t seen() const { return seen_; }

 private:
  std::size_t capacity_;
  std::vector<T> items_;
  std::uint64_t stride_ = 1, seen_ = 0;
};

}  // namespace sipspan::cli
