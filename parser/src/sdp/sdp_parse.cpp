// sipspan — SDP: parse_sdp, which runs the scan machine (grammar/sdp.rl) over
// a body with the builder (sdp_builder.hpp) and orders what it recorded.

#include <utility>

#include "sdp/sdp_builder.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {

result parse_sdp(std::string_view body, session_description_view& out, const sdp_options& opts) noexcept {
  out.body_ = body;
  out.v_ = out.o_ = out.s_ = out.i_ = out.u_ = out.c_ = out.k_ = sdp_span{};
  out.session_ = sdp_span{0, 0};
  out.time_count_ = 0;
  out.line_count_ = 0;
  out.media_count_ = 0;
  out.crlf_lines_ = out.bare_lf_lines_ = 0;
  out.deviation_count_ = 0;
  out.deviation_mask_ = 0;
  out.unread_from_ = 0;
  if (body.empty()) return detail::make_error(error_code::empty_input, 0);
  if (body.size() > 0xFFFFFFFEu) return detail::make_error(error_code::input_too_large, 0);
  // RFC 8866 §5: a description starts with v=; anything else is not one
  if (body.size() < 2 || body[0] != 'v' || body[1] != '=') return detail::make_error(error_code::sdp_missing_version, 0);
  out.session_.length = static_cast<std::uint32_t>(body.size());

  std::size_t cap = out.media_capacity();
  if (opts.max_media != 0 && opts.max_media < cap) cap = opts.max_media;
  detail::sdp_builder b(out, body, cap, opts);
  int cs = detail::sdp_scan_exec(b, b.base, b.end, detail::sdp_scan_init());
  if (!b.failed && b.end[-1] != '\n') {
    // The last line has no line end: read one more, a synthetic LF.
    static const detail::sdp_uchar synthetic_lf[1] = {'\n'};
    cs = detail::sdp_scan_exec(b, synthetic_lf, synthetic_lf + 1, cs);
  }
  if (b.overflow) return detail::make_error(error_code::too_many_media, b.overflow_at);
  if (!b.failed) b.order_end();
  if (b.failed) return b.err;
  if (!b.in_media) out.session_.length = static_cast<std::uint32_t>(body.size());
  out.unread_from_ = b.unread_from;
  // In body order: a line's own departures are seen before its place in the
  // order is judged (insertion sort, stable, over at most 16)
  deviation* d = out.deviations_;
  for (std::size_t i = 1; i < out.deviation_count_; ++i)
    for (std::size_t j = i; j > 0 && d[j].offset < d[j - 1].offset; --j) std::swap(d[j], d[j - 1]);
  return {};
}

}  // namespace sipspan
