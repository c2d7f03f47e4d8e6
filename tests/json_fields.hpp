// sipspan tests — reading a field of a JSON record (simdjson DOM): its text,
// its number, the elements of an array. A wrong type fails the test that asked.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <string>
#include <vector>

namespace sipspan::testing {

inline std::string str(simdjson::dom::element e) { return std::string(e.get_string().value()); }
inline std::uint64_t num(simdjson::dom::element e) { return e.get_uint64().value(); }

// The elements of an array (kept in a vector: no iterator over a temporary).
inline std::vector<simdjson::dom::element> items(simdjson::dom::element e) {
  std::vector<simdjson::dom::element> v;
  simdjson::dom::array a = e.get_array().value();
  for (simdjson::dom::element x : a) v.push_back(x);
  return v;
}

}  // namespace sipspan::testing
