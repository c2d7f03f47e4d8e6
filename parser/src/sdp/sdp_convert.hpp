// sipspan — SDP: what the typed parsers (sdp.cpp, sdp_attributes.cpp) share
// once a rule of grammar/sdp_rules.rl has marked a value: running it, the
// range-checked numbers, the rest of a value after a field, the tolerated
// departures; and each parser's conversion of the marks (finish_<value>),
// which the scan (sdp_builder.hpp) also calls on the lines it has marked.
#pragma once

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::detail {

inline constexpr std::uint64_t u32_max = 0xFFFFFFFFu;

// Run a rule; on failure the error (at the end when the value stopped short).
inline bool run(sdp_marks& m, sdp_value_kind kind, result& r) noexcept {
  if (m.base == m.end) {
    r = make_error(error_code::empty_value, 0);
    return false;
  }
  if (sdp_run(kind, m)) return true;
  r = m.failed ? m.err : make_error(m.code, m.offset(m.end));
  return false;
}

// Field i as a number no larger than max; number_overflow at its first digit.
inline bool number(const sdp_marks& m, int i, std::uint64_t max, std::uint64_t& out, result& r,
            error_code code = error_code::number_overflow) noexcept {
  if (sdp_digits(m.field(i), max, out)) return true;
  r = make_error(code, m.offset(m.fb[i]));
  return false;
}

inline std::uint32_t after(const sdp_marks& m, const sdp_uchar* p) noexcept {  // offset past p and one SP
  return p == nullptr ? m.offset(m.end) : m.offset(p) + (p < m.end ? 1 : 0);
}

inline std::string_view rest_of(std::string_view value, std::uint32_t at) noexcept {
  return at >= value.size() ? value.substr(value.size()) : value.substr(at);
}

// A departure the typed grammar tolerates: fine when opts allows it,
// deviation_rejected at `at` when not.
inline bool tolerate(const sdp_options& opts, deviation_kind k, std::uint32_t at, result& r) noexcept {
  if (opts.allows(k)) return true;
  r = make_error(error_code::deviation_rejected, at);
  r.deviation = k;
  return false;
}


// Each parser after its rule accepted the value: the conversions and range
// checks; offsets within `value`.
result finish_origin(std::string_view value, const sdp_marks& m, origin_view& out, const sdp_options& opts) noexcept;
result finish_connection(std::string_view value, const sdp_marks& m, connection_view& out, const sdp_options& opts) noexcept;
result finish_bandwidth(std::string_view value, const sdp_marks& m, bandwidth_view& out, const sdp_options& opts) noexcept;
result finish_repeat(std::string_view value, const sdp_marks& m, repeat_view& out, const sdp_options& opts) noexcept;
result finish_zone(std::string_view value, const sdp_marks& m, zone_view& out, const sdp_options& opts) noexcept;
result finish_timing(std::string_view value, const sdp_marks& m, timing_view& out, const sdp_options& opts) noexcept;
result finish_media(std::string_view value, const sdp_marks& m, media_view& out, const sdp_options& opts) noexcept;
result finish_rtpmap(std::string_view value, const sdp_marks& m, rtpmap_view& out, const sdp_options& opts) noexcept;
result finish_fmtp(std::string_view value, const sdp_marks& m, fmtp_view& out, const sdp_options& opts) noexcept;
result finish_ptime(std::string_view value, const sdp_marks& m, ptime_view& out, const sdp_options& opts) noexcept;
result finish_rtcp(std::string_view value, const sdp_marks& m, rtcp_view& out, const sdp_options& opts) noexcept;
result finish_mid(std::string_view value, const sdp_marks& m, std::string_view& tag, const sdp_options& opts) noexcept;
result finish_group(std::string_view value, const sdp_marks& m, group_view& out, const sdp_options& opts) noexcept;
result finish_ssrc(std::string_view value, const sdp_marks& m, ssrc_view& out, const sdp_options& opts) noexcept;
result finish_candidate(std::string_view value, const sdp_marks& m, candidate_view& out, const sdp_options& opts) noexcept;
result finish_fingerprint(std::string_view value, const sdp_marks& m, fingerprint_view& out, const sdp_options& opts) noexcept;
result finish_setup(std::string_view value, const sdp_marks& m, setup_role& out, const sdp_options& opts) noexcept;
result finish_crypto(std::string_view value, const sdp_marks& m, crypto_view& out, const sdp_options& opts) noexcept;
result finish_extmap(std::string_view value, const sdp_marks& m, extmap_view& out, const sdp_options& opts) noexcept;

// A typed parser: run the rule of `kind` over the value, then convert its
// marks with `finish`; `out` is reset first.
template <class View>
result parse_with(std::string_view value, View& out, error_code code, sdp_value_kind kind,
                  result (*finish)(std::string_view, const sdp_marks&, View&, const sdp_options&) noexcept,
                  const sdp_options& opts) noexcept {
  out = View{};
  sdp_marks m(value, code);
  result r;
  if (!run(m, kind, r)) return r;
  return finish(value, m, out, opts);
}

}  // namespace sipspan::detail
