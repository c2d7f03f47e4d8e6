// sipspan — libFuzzer target: parse_sdp, validate_sdp and the typed SDP parsers.
//
// Properties: every span of the view lies inside the input; an error's offset
// lies inside the input (or at its end); strict acceptance implies tolerant
// acceptance with only grammar-legal deviations, and a strict rejection names
// a deviation the tolerant parse recorded at that byte; deviations lie inside
// the input, in body order; validate_sdp never reads outside the body, and
// agrees with check_sdp_line over every line (lines before checked_until()
// pass it strictly: the scan's typed checks agree with the typed parsers).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sipspan/sdp.hpp"
#include "work_bound.hpp"

namespace {
void require(bool ok) {
  if (!ok) std::abort();
}
bool inside(std::string_view whole, std::string_view piece) {
  return piece.empty() || (piece.data() >= whole.data() && piece.data() + piece.size() <= whole.data() + whole.size());
}
// The first line check_sdp_line rejects under opts, or none; every line
// before checked_until() passes it strictly.
sipspan::result lines_checked(const sipspan::session_description_view& d, const sipspan::sdp_options& opts) {
  std::string_view body = d.body();
  for (const sipspan::sdp_line& l : sipspan::line_range(body, 0)) {
    if (l.value.empty() || l.offset + 1 >= body.size() || body[l.offset + 1] != '=') continue;
    sipspan::sdp_line_check c = sipspan::check_sdp_line(l.type, l.value, opts);
    if (l.offset < d.checked_until()) {
      sipspan::sdp_line_check s = sipspan::check_sdp_line(l.type, l.value, sipspan::sdp_options::strict());
      require(s.error.ok() && !s.tolerated);
    }
    if (!c.error) {
      c.error.offset += static_cast<std::uint32_t>(l.value.data() - body.data());
      return c.error;
    }
  }
  return {};
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sipspan::session_description_view d, strict;
  sipspan::result r = sipspan::parse_sdp(in, d);
  sipspan::result rs = sipspan::parse_sdp(in, strict, sipspan::sdp_options::strict());
  if (!r) {
    require(r.offset <= size);
    require(!rs);
    return 0;
  }
  std::uint32_t last = 0;
  for (const sipspan::deviation& x : d.deviations()) {
    require(x.offset <= size && x.length <= size - x.offset && x.header_index == sipspan::no_header);
    require(x.offset >= last);
    last = x.offset;
  }
  if (rs) {
    for (const sipspan::deviation& x : d.deviations()) require(sipspan::deviation_abnf_legal(x.kind));
  } else if (rs.code == sipspan::error_code::deviation_rejected) {
    bool recorded = false;
    for (const sipspan::deviation& x : d.deviations()) recorded |= x.kind == rs.deviation && x.offset == rs.offset;
    require(recorded);
  }
  for (std::string_view s : {d.version(), d.origin(), d.session_name(), d.information(), d.uri(), d.connection(),
                             d.key(), d.session_text()})
    require(inside(in, s));
  for (const sipspan::sdp_line& l : d.session_lines()) require(inside(in, l.value));
  for (const sipspan::sdp_attribute& a : d.attributes()) require(inside(in, a.name) && inside(in, a.value));
  for (std::size_t i = 0; i < d.media_count(); ++i) {
    sipspan::media_description m = d.media(i);
    require(inside(in, m.text()) && inside(in, m.media_line()));
    for (const sipspan::sdp_attribute& a : m.attributes()) require(inside(in, a.name) && inside(in, a.value));
    sipspan::media_view mv;
    if (sipspan::parse_media(m.media_line(), mv))
      for (std::string_view f : mv.formats) require(inside(in, f));
  }
  sipspan::result v = sipspan::validate_sdp(d);
  if (!v) require(v.offset <= size);
  require(d.checked_until() <= size);
  sipspan::result lines = lines_checked(d, {});
  if (!lines) require(v.code == lines.code && v.offset == lines.offset && v.deviation == lines.deviation);
  if (lines) require(v.ok() || v.code == sipspan::error_code::sdp_missing_connection);
  return 0;
}
