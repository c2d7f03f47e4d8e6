// sipspan — the switch that turns the scan's value machines off (tests only).
//
// With it set, parse() reads every header value as it reads the ones the value
// machines of grammar/message_fields.rl do not type: tests/test_scanned.cpp parses
// each message both ways and requires the same view and result. Never set outside
// that test; parse() only reads it.
#pragma once

namespace sipspan::detail {
extern bool typed_fields_off;
}  // namespace sipspan::detail
