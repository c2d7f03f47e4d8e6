// sipspan — libFuzzer target: parse_multipart and parse_nested.
//
// The first line of the input is the boundary, the rest the body. Properties:
// every part's spans and fields lie inside the body; nested parts too, to the
// depth limit; error offsets lie inside the body (or at its end) — inside the
// boundary for the errors about the boundary itself, as the API documents.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sipspan/multipart.hpp"
#include "work_bound.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
bool inside(std::string_view whole, std::string_view piece) {
  return piece.empty() || (piece.data() >= whole.data() && piece.data() + piece.size() <= whole.data() + whole.size());
}
void walk(std::string_view body, const sipspan::multipart_view& mp, unsigned depth) {
  for (std::size_t i = 0; i < mp.size(); ++i) {
    const sipspan::part_view& p = mp.part(i);
    require(inside(body, p.raw) && inside(body, p.headers) && inside(body, p.body));
    for (const sipspan::mime_field& f : p.fields) require(inside(body, f.name) && inside(body, f.value));
    if (p.is_multipart() && depth < 10) {
      sipspan::multipart_view child;
      sipspan::result r = sipspan::parse_nested(mp, i, child);
      if (r) walk(body, child, depth + 1);
      else require(r.offset <= body.size());
    }
  }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::size_t nl = in.find('\n');
  if (nl == std::string_view::npos) return 0;
  std::string_view boundary = in.substr(0, nl), body = in.substr(nl + 1);
  sipspan::multipart_view mp;
  sipspan::result r = sipspan::parse_multipart(body, boundary, mp);
  if (!r) {
    bool about_boundary = r.code == sipspan::error_code::multipart_bad_boundary ||
                          r.code == sipspan::error_code::multipart_boundary_too_long;
    require(r.offset <= (about_boundary ? boundary.size() : body.size()));
    return 0;
  }
  walk(body, mp, 0);
  return 0;
}
