// sipspan tests — global operator new replaced by a counting one, for the
// suites that prove a code path allocates nothing (linked into each of them).

#include <atomic>
#include <cstdlib>
#include <new>

#include "alloc_counter.hpp"

namespace {
std::atomic<long> count{0};
}

long sipspan::testing::allocations() noexcept { return count.load(std::memory_order_relaxed); }

// all kept out of line so that the compiler does not pair an inlined malloc
// with std::free across the replacement
[[gnu::noinline]] void* operator new(std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void* operator new[](std::size_t n) {
  count.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, std::size_t) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
