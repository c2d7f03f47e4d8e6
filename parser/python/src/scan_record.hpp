// sipspan Python package — a capture's message as the scan keeps it
// (bind_capture.cpp), and its parts as Python objects: the record's dict (the
// fields of the CLI's JSON Lines records), or a batch of records as columns
// for a pandas DataFrame (record_columns.cpp).
#pragma once

#include <pybind11/pybind11.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis.hpp"
#include "sipspan/capture.hpp"
#include "line_locator.hpp"

namespace sipspan::python {

namespace cap = sipspan::capture;

struct located_finding {
  finding f;
  line_column at, end;
};

struct record {
  cap::sip_message meta;  // bytes and parsed are not kept
  std::uint64_t index = 0;
  std::uint32_t trans_depth = 0, length = 0;
  result parsed;
  bool request = false;
  std::string method, uri, reason;
  std::uint16_t status = 0;
  std::optional<std::string> call_id, seq, from, to, user_agent;
  std::uint64_t body_len = 0;
  std::optional<scored> score;
  bool linted = false;
  lint_summary ls;
  std::vector<located_finding> findings;
};

// A text field and, when its bytes are not UTF-8, key_base64 beside it (as the CLI writes them).
void put_text(py::dict& d, const char* key, const std::optional<std::string>& s);

// The record's score reasons and lint findings as lists of dicts (the
// records' "score" "reasons" and "lint" "findings").
py::list reason_dicts(const scored& s);
py::list finding_dicts(const record& r);

// A batch of records as columns: numbers in numpy arrays, text in lists (None
// where the record has no such field), the reasons and findings as lists of
// lists of dicts. sipspan.capture builds the DataFrame from them.
py::dict record_columns(const std::vector<record>& batch, bool score, bool lint);

}  // namespace sipspan::python
