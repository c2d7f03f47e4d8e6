// sipspan — libFuzzer target: sipspan::parse, tolerant and strict.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - every span the view hands out lies inside the input;
//  - deviations point inside the input, and their header index names a row;
//  - strict acceptance implies tolerant acceptance with only ABNF-legal deviations;
//  - the tolerant parse is deterministic (a second parse gives the same table);
//  - comma splitting yields only non-empty spans inside their row's value;
//  - parse -> re-serialise -> parse gives the same views: a message strict mode
//    accepts, written back as start line, "name: value" rows and body, parses
//    strictly again to the same start line, header names, ids, values and body.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sipspan/message.hpp"
#include "work_bound.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

bool inside(std::string_view whole, std::string_view piece) {
  if (piece.empty()) return true;
  return piece.data() >= whole.data() && piece.data() + piece.size() <= whole.data() + whole.size();
}

void check_view(std::string_view in, const sipspan::message_view& m) {
  require(inside(in, m.start_line()) && inside(in, m.method()) && inside(in, m.request_uri()));
  require(inside(in, m.version()) && inside(in, m.reason()) && inside(in, m.body()));
  require(m.message_length() <= in.size());
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    sipspan::header_view h = m.header(i);
    require(inside(in, h.name) && inside(in, h.value));
    require(h.index == i);
    require(h.id == sipspan::classify_header(h.name));
  }
  for (const sipspan::deviation& d : m.deviations()) {
    require(d.offset <= in.size() && d.length <= in.size() - d.offset);
    require(d.header_index == sipspan::no_header || d.header_index < m.header_count());
  }
  for (std::size_t id = 0; id + 1 < sipspan::header_id_count; ++id) {
    auto hid = static_cast<sipspan::header_id>(id);
    for (auto it = m.values(hid).begin(); it != m.values(hid).end(); ++it) {
      require(!(*it).empty());
      require(inside(m.header(it.row()).value, *it));
    }
  }
}

// Write a parsed message back: start line, one "name: value" line per row (folds
// inside values kept), the empty line, the body.
std::string serialise(const sipspan::message_view& m) {
  std::string out(m.start_line());
  out += "\r\n";
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    sipspan::header_view h = m.header(i);
    out.append(h.name).append(": ").append(h.value).append("\r\n");
  }
  out += "\r\n";
  out += m.body();
  return out;
}

void check_round_trip(const sipspan::message_view& m) {
  std::string text = serialise(m);
  sipspan::message_view back;
  require(sipspan::parse(text, back, sipspan::parse_options::strict()).ok());
  require(back.kind() == m.kind() && back.start_line() == m.start_line());
  require(back.method() == m.method() && back.request_uri() == m.request_uri() && back.status_code() == m.status_code());
  require(back.header_count() == m.header_count());
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    sipspan::header_view a = m.header(i), b = back.header(i);
    require(a.id == b.id && a.name == b.name && a.value == b.value);
  }
  require(back.body() == m.body());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sipspan::message_view tolerant, again, strict;
  sipspan::result rt = sipspan::parse(in, tolerant);
  if (rt) check_view(in, tolerant);
  else require(rt.offset <= size);

  sipspan::result ra = sipspan::parse(in, again);
  require(ra.code == rt.code && ra.offset == rt.offset);
  if (ra) {
    require(again.header_count() == tolerant.header_count());
    require(again.deviations().size() == tolerant.deviations().size());
  }

  sipspan::result rs = sipspan::parse(in, strict, sipspan::parse_options::strict());
  if (rs) {
    check_view(in, strict);
    require(rt.ok());
    for (const sipspan::deviation& d : tolerant.deviations()) require(sipspan::deviation_abnf_legal(d.kind));
    require(strict.header_count() == tolerant.header_count());
    check_round_trip(strict);
  } else {
    require(rs.offset <= size);
  }
  return 0;
}
