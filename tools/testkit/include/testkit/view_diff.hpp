// sipspan testkit — where two message views differ.
//
// Every field the scorer and the linter read, through the accessors: the start
// line, the header table (offsets, lengths, ids, flags), the first value of each
// known header, the body and its length, the deviations. Used where one view is
// meant to equal another (the framer's parse rebased onto a copy of its bytes
// against a plain parse of them).
#pragma once

#include <cstddef>
#include <string>

#include "sipspan/message.hpp"

namespace sipspan::testing {

// The first field in which `a` and `b` differ, named; empty when none does.
inline std::string view_difference(const message_view& a, const message_view& b) {
  struct check {
    std::string what;
    bool differs(bool d, const char* field) {
      if (d && what.empty()) what = field;
      return d;
    }
  } c;
  c.differs(a.raw() != b.raw(), "raw");
  c.differs(a.kind() != b.kind(), "kind");
  c.differs(a.start_line() != b.start_line(), "start_line");
  c.differs(a.method() != b.method(), "method");
  c.differs(a.method_kind() != b.method_kind(), "method_kind");
  c.differs(a.request_uri() != b.request_uri(), "request_uri");
  c.differs(a.version() != b.version(), "version");
  c.differs(a.status_code() != b.status_code(), "status_code");
  c.differs(a.reason() != b.reason(), "reason");
  c.differs(a.headers_section() != b.headers_section(), "headers_section");
  c.differs(a.body() != b.body(), "body");
  c.differs(a.body_offset() != b.body_offset(), "body_offset");
  c.differs(a.has_content_length() != b.has_content_length(), "has_content_length");
  c.differs(a.content_length() != b.content_length(), "content_length");
  c.differs(a.message_length() != b.message_length(), "message_length");
  if (c.differs(a.header_count() != b.header_count(), "header_count")) return c.what;
  for (std::size_t i = 0; i < a.header_count(); ++i) {
    const header_record &x = a.records()[i], &y = b.records()[i];
    if (x.name_offset != y.name_offset || x.name_length != y.name_length || x.value_offset != y.value_offset ||
        x.value_length != y.value_length || x.id != y.id || x.flags != y.flags)
      c.differs(true, ("header " + std::to_string(i)).c_str());
  }
  for (std::size_t id = 0; id < header_id_count; ++id)
    if (a.value(static_cast<header_id>(id)) != b.value(static_cast<header_id>(id)))
      c.differs(true, ("value of header id " + std::to_string(id)).c_str());
  if (c.differs(a.deviations().size() != b.deviations().size(), "deviation count")) return c.what;
  for (std::size_t i = 0; i < a.deviations().size(); ++i) {
    const deviation &x = a.deviations()[i], &y = b.deviations()[i];
    if (x.offset != y.offset || x.length != y.length || x.header_index != y.header_index || x.kind != y.kind)
      c.differs(true, ("deviation " + std::to_string(i)).c_str());
  }
  return c.what;
}

}  // namespace sipspan::testing
