// sipspan tests — how many times global operator new has run in this process
// (alloc_counter.cpp replaces it; link that file into the suite).
#pragma once

namespace sipspan::testing {
long allocations() noexcept;
}
