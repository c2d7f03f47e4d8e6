// sipspan CLI — how many distinct keys a capture holds, in bounded memory.
//
// The summary counts distinct Call-IDs and transactions over a whole capture,
// which may be a stream that never ends (`tcpdump -w - | sipspan score -`).
// Keys (64-bit hashes) are kept exactly up to a limit (2^20 by default, about
// 40 MB for the set); past it the count becomes a HyperLogLog estimate
// (Flajolet, Fusy, Gandouet and Meunier, 2007) over 2^14 one-byte registers,
// whose relative standard error is 1.04 / sqrt(2^14), about 0.8 %, and whose
// memory no longer grows.
//
// Counts of parts of one stream merge into the count of the whole (merge():
// the Python package scores captures on many machines): the registers are a
// function of the set of keys alone, so the union of two sets of keys and the
// register-wise maximum of two sketches give exactly the count one pass over
// every key would.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <span>
#include <unordered_set>
#include <vector>

namespace sipspan::cli {

class distinct_count {
 public:
  static constexpr unsigned precision = 14;  // 2^14 registers
  explicit distinct_count(std::size_t exact_limit = std::size_t{1} << 20) : limit_(exact_limit) {}

  void add(std::uint64_t key) {
    if (registers_.empty()) {
      keys_.insert(key);
      if (keys_.size() > limit_) to_estimate();
      return;
    }
    observe(key);
  }

  // Exactly while exact(), else the estimate.
  std::uint64_t size() const {
    if (registers_.empty()) return keys_.size();
    constexpr double m = double{1u << precision};
    const double alpha = 0.7213 / (1 + 1.079 / m);
    double sum = 0;
    std::size_t zeros = 0;
    for (std::uint8_t r : registers_) {
      sum += std::ldexp(1.0, -static_cast<int>(r));
      zeros += r == 0;
    }
    // Up to about 3m keys, linear counting over the empty registers is the more
    // accurate (the raw estimate is biased upwards there: +3 % near 2.5m).
    if (zeros) {
      const double linear = m * std::log(m / static_cast<double>(zeros));
      if (linear <= 3 * m) return static_cast<std::uint64_t>(std::llround(linear));
    }
    return static_cast<std::uint64_t>(std::llround(alpha * m * m / sum));
  }
  bool exact() const { return registers_.empty(); }

  // The state merge() reads: the keys while exact(), else the 2^precision registers.
  std::vector<std::uint64_t> keys() const { return {keys_.begin(), keys_.end()}; }
  std::span<const std::uint8_t> registers() const { return registers_; }

  // The count of this part and another part of the same keys: as if every key
  // of `o` had been added here.
  void merge(const distinct_count& o) {
    if (o.exact()) {
      for (std::uint64_t k : o.keys_) add(k);
      return;
    }
    merge_registers(o.registers_);
  }
  // The same with another count's registers (registers() of a count past its
  // limit); false, and nothing changes, when there are not 2^precision of them.
  bool merge_registers(std::span<const std::uint8_t> registers) {
    if (registers.size() != std::size_t{1} << precision) return false;
    if (registers_.empty()) to_estimate();
    for (std::size_t i = 0; i < registers.size(); ++i) registers_[i] = std::max(registers_[i], registers[i]);
    return true;
  }

 private:
  void to_estimate() {
    registers_.assign(std::size_t{1} << precision, 0);
    for (std::uint64_t k : keys_) observe(k);
    std::unordered_set<std::uint64_t>().swap(keys_);  // its memory goes back
  }
  void observe(std::uint64_t key) {
    // splitmix64's finaliser: every bit of the key reaches the register index and the rank
    std::uint64_t h = key + 0x9e3779b97f4a7c15ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    h ^= h >> 31;
    const std::size_t index = static_cast<std::size_t>(h >> (64 - precision));
    const std::uint64_t rest = h << precision | (std::uint64_t{1} << (precision - 1));  // never all zero
    const auto rank = static_cast<std::uint8_t>(__builtin_clzll(rest) + 1);
    if (rank > registers_[index]) registers_[index] = rank;
  }

  std::size_t limit_;
  std::unordered_set<std::uint64_t> keys_;
  std::vector<std::uint8_t> registers_;
};

}  // namespace sipspan::cli
