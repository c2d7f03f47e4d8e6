// sipspan tests — a small structural JSON Schema checker for the records the
// CLI writes (docs/capture-record.schema.json): types, required fields,
// const/enum, bounds, items, $ref, oneOf/anyOf. What a record must be, read
// from the schema itself, not restated in the tests.
#pragma once

#include <simdjson.h>

#include <filesystem>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "json_fields.hpp"

namespace sipspan::testing {

using simdjson::dom::element;
using simdjson::dom::element_type;

class schema_checker {
 public:
  explicit schema_checker(const std::filesystem::path& path) { root_ = parser_.load(path.string()).value(); }

  // Every violation, as "path: what"; empty when the record conforms.
  std::vector<std::string> check(element value) const {
    std::vector<std::string> errs;
    check(root_, value, "$", errs);
    return errs;
  }

 private:
  static bool is_type(element v, std::string_view t) {
    switch (v.type()) {
      case element_type::OBJECT: return t == "object";
      case element_type::ARRAY: return t == "array";
      case element_type::STRING: return t == "string";
      case element_type::INT64:
      case element_type::UINT64: return t == "integer" || t == "number";
      case element_type::DOUBLE: return t == "number";
      case element_type::BOOL: return t == "boolean";
      case element_type::NULL_VALUE: return t == "null";
    }
    return false;
  }
  static double as_number(element v) {
    if (v.is_int64()) return static_cast<double>(v.get_int64().value());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64().value());
    return v.get_double().value();
  }
  static bool same(element a, element b) { return simdjson::to_string(a) == simdjson::to_string(b); }

  void check(element s, element v, const std::string& at, std::vector<std::string>& errs) const {
    simdjson::dom::object schema = s.get_object().value();
    element x;
    if (schema["$ref"].get(x) == simdjson::SUCCESS) {
      std::string ref = str(x);  // "#/$defs/name"
      element target = root_["$defs"][ref.substr(ref.rfind('/') + 1)].value();
      check(target, v, at, errs);
    }
    if (schema["type"].get(x) == simdjson::SUCCESS) {
      bool ok = false;
      if (x.is_string()) ok = is_type(v, x.get_string().value());
      else
        for (element t : items(x)) ok = ok || is_type(v, t.get_string().value());
      if (!ok) {
        errs.push_back(at + ": type is not " + simdjson::to_string(x));
        return;
      }
    }
    if (schema["const"].get(x) == simdjson::SUCCESS && !same(x, v)) errs.push_back(at + ": not the const");
    if (schema["enum"].get(x) == simdjson::SUCCESS) {
      bool ok = false;
      for (element e : items(x)) ok = ok || same(e, v);
      if (!ok) errs.push_back(at + ": not in the enum");
    }
    if (v.is_number()) {
      if (schema["minimum"].get(x) == simdjson::SUCCESS && as_number(v) < as_number(x)) errs.push_back(at + ": below minimum");
      if (schema["maximum"].get(x) == simdjson::SUCCESS && as_number(v) > as_number(x)) errs.push_back(at + ": above maximum");
    }
    if (v.is_string() && schema["pattern"].get(x) == simdjson::SUCCESS &&
        !std::regex_search(str(v), std::regex(str(x))))
      errs.push_back(at + ": does not match " + str(x));
    if (v.is_object()) {
      simdjson::dom::object obj = v.get_object().value();
      if (schema["required"].get(x) == simdjson::SUCCESS)
        for (element k : items(x))
          if (obj[k.get_string().value()].error()) errs.push_back(at + ": missing " + str(k));
      if (schema["properties"].get(x) == simdjson::SUCCESS)
        for (simdjson::dom::object props = x.get_object().value(); auto [key, sub] : props) {
          element field;
          if (obj[key].get(field) == simdjson::SUCCESS) check(sub, field, at + "." + std::string(key), errs);
        }
    }
    if (v.is_array() && schema["items"].get(x) == simdjson::SUCCESS) {
      std::size_t i = 0;
      for (element e : items(v)) check(x, e, at + "[" + std::to_string(i++) + "]", errs);
    }
    if (schema["oneOf"].get(x) == simdjson::SUCCESS && matching(x, v, at) != 1)
      errs.push_back(at + ": does not match exactly one of oneOf");
    if (schema["anyOf"].get(x) == simdjson::SUCCESS && matching(x, v, at) == 0)
      errs.push_back(at + ": matches none of anyOf");
  }

  // How many of the schemas in `alternatives` the value conforms to.
  int matching(element alternatives, element v, const std::string& at) const {
    int n = 0;
    for (element alt : items(alternatives)) {
      std::vector<std::string> e;
      check(alt, v, at, e);
      n += e.empty();
    }
    return n;
  }

  simdjson::dom::parser parser_;
  element root_;
};

}  // namespace sipspan::testing
