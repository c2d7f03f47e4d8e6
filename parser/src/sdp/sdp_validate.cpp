// sipspan — SDP: validate_sdp and check_sdp_line, the verdict of each line by
// the typed parser its type letter (or attribute name) calls for.

#include <type_traits>

#include "sdp/sdp_convert.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {

using detail::make_error;

namespace {

// Run a typed parser for its verdict only.
template <class View>
result verdict(result (*parse)(std::string_view, View&) noexcept, std::string_view v) noexcept {
  View x;
  return parse(v, x);
}
template <class View>
result verdict(result (*parse)(std::string_view, View&, const sdp_options&) noexcept, std::string_view v,
               const sdp_options& opts) noexcept {
  View x;
  return parse(v, x, opts);
}

// version-field = %s"v" "=" 1*DIGIT
result check_version(std::string_view v) noexcept {
  if (v.empty()) return make_error(error_code::empty_value, 0);
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] < '0' || v[i] > '9') return make_error(error_code::sdp_bad_version, static_cast<std::uint32_t>(i));
  return {};
}

// One a= value: the typed parser its name calls for; offsets within the value.
result check_attribute(std::string_view v, const sdp_options& opts) noexcept {
  std::size_t colon = v.find(':');
  if (colon == std::string_view::npos) return {};  // flags: rtcp-mux, sendrecv ...
  std::string_view name = v.substr(0, colon);
  std::string_view val = v.substr(colon + 1);
  result r;
  if (name == "rtpmap") {
    r = verdict(parse_rtpmap, val, opts);
  } else if (name == "fmtp") {
    r = verdict(parse_fmtp, val);
  } else if (name == "ptime" || name == "maxptime") {
    r = verdict(parse_ptime, val);
  } else if (name == "rtcp") {
    r = verdict(parse_rtcp, val, opts);
  } else if (name == "mid") {
    r = verdict(parse_mid, val);
  } else if (name == "group") {
    r = verdict(parse_group, val);
  } else if (name == "ssrc") {
    r = verdict(parse_ssrc, val);
  } else if (name == "candidate") {
    r = verdict(parse_candidate, val);
  } else if (name == "ice-ufrag") {
    r = parse_ice_ufrag(val);
  } else if (name == "ice-pwd") {
    r = parse_ice_pwd(val);
  } else if (name == "fingerprint") {
    r = verdict(parse_fingerprint, val);
  } else if (name == "setup") {
    r = verdict(parse_setup, val);
  } else if (name == "crypto") {
    r = verdict(parse_crypto, val);
  } else if (name == "extmap") {
    r = verdict(parse_extmap, val);
  }
  if (!r) r.offset += static_cast<std::uint32_t>(colon + 1);
  return r;
}

// `views`: where o=, c= and m= keep their reading (nullptr: a verdict only).
result check_value(char type, std::string_view value, const sdp_options& opts) noexcept {
  switch (type) {
    case 'v': return check_version(value);
    case 'o': return verdict(parse_origin, value, opts);
    case 'c': return verdict(parse_connection, value, opts);
    case 'b': return verdict(parse_bandwidth, value);
    case 't': return verdict(parse_timing, value);
    case 'r': return verdict(parse_repeat, value);
    case 'z': return verdict(parse_zone, value);
    case 'm': return verdict(parse_media, value);
    case 'a': return check_attribute(value, opts);
    default: return {};
  }
}

// check_value that keeps the reading of o=, c= and m= in `views`.
result read_value(char type, std::string_view value, const sdp_options& opts, detail::sdp_line_views& views) noexcept {
  views.read = false;
  result r;
  switch (type) {
    case 'o': r = parse_origin(value, views.origin, opts); break;
    case 'c': r = parse_connection(value, views.connection, opts); break;
    case 'm': r = parse_media(value, views.media); break;
    default: return check_value(type, value, opts);
  }
  views.read = r.ok();
  return r;
}
struct no_views {};

// `views`: sdp_line_views to keep the reading, no_views for the verdict alone.
template <class Views>
sdp_line_check check_line(char type, std::string_view value, const sdp_options& opts, Views& views) noexcept {
  auto run = [&](const sdp_options& o) {
    if constexpr (std::is_same_v<Views, no_views>)
      return check_value(type, value, o);
    else
      return read_value(type, value, o, views);
  };
  sdp_line_check c;
  // What the typed parser tolerated, read back from a strict run: the
  // departure's kind and place (a value without one passes both alike).
  result strict = run(sdp_options::strict());
  if (strict) return c;
  if (strict.code == error_code::deviation_rejected) {
    // a departure at the value's end (rtpmap:0 PCMU: the missing "/rate") is a point
    c.departure = deviation{strict.offset, strict.offset < value.size() ? 1u : 0u, no_header, strict.deviation};
    if (!opts.allows(strict.deviation)) {
      c.error = strict;
    } else {
      c.error = run(opts);  // the rest of the value still has to hold
      c.tolerated = c.error.ok();
    }
    return c;
  }
  // A typed value followed by whitespace its grammar does not allow, and
  // otherwise sound (RFC 8866 §9: typed values end at their last field)
  std::size_t keep = value.find_last_not_of(" \t");
  if (keep != std::string_view::npos && keep + 1 < value.size()) {
    result trimmed = check_value(type, value.substr(0, keep + 1), opts);
    if (trimmed) {
      auto at = static_cast<std::uint32_t>(keep + 1);
      c.departure = deviation{at, static_cast<std::uint32_t>(value.size() - keep - 1), no_header,
                              deviation_kind::sdp_trailing_whitespace};
      if (opts.allows(deviation_kind::sdp_trailing_whitespace)) {
        c.tolerated = true;
      } else {
        c.error = make_error(error_code::deviation_rejected, at);
        c.error.deviation = deviation_kind::sdp_trailing_whitespace;
      }
      return c;
    }
  }
  c.error = strict;
  return c;
}

}  // namespace

sdp_line_check detail::check_sdp_line(char type, std::string_view value, const sdp_options& opts,
                                      sdp_line_views& views) noexcept {
  return check_line(type, value, opts, views);
}

sdp_line_check check_sdp_line(char type, std::string_view value, const sdp_options& opts) noexcept {
  no_views none;
  return check_line(type, value, opts, none);
}

bool detail::sdp_verify(sdp_check check, const sdp_marks& m) noexcept {
  static constexpr sdp_options strict = sdp_options::strict();
  std::string_view v = m.value();
  auto passes = [&](auto finish, auto view) { return finish(v, m, view, strict).ok(); };
  switch (check) {
    case sdp_check::none: return true;
    case sdp_check::version: return true;  // 1*DIGIT, the whole value
    case sdp_check::origin: return passes(detail::finish_origin, origin_view{});
    case sdp_check::connection: return passes(detail::finish_connection, connection_view{});
    case sdp_check::bandwidth: return passes(detail::finish_bandwidth, bandwidth_view{});
    case sdp_check::timing: return passes(detail::finish_timing, timing_view{});
    case sdp_check::repeat: return passes(detail::finish_repeat, repeat_view{});
    case sdp_check::zone: return passes(detail::finish_zone, zone_view{});
    case sdp_check::media: return passes(detail::finish_media, media_view{});
    case sdp_check::rtpmap: return passes(detail::finish_rtpmap, rtpmap_view{});
    case sdp_check::fmtp: return passes(detail::finish_fmtp, fmtp_view{});
    case sdp_check::ptime: return passes(detail::finish_ptime, ptime_view{});
    case sdp_check::rtcp: return passes(detail::finish_rtcp, rtcp_view{});
    case sdp_check::mid: return passes(detail::finish_mid, std::string_view{});
    case sdp_check::group: return passes(detail::finish_group, group_view{});
    case sdp_check::ssrc: return passes(detail::finish_ssrc, ssrc_view{});
    case sdp_check::candidate: return passes(detail::finish_candidate, candidate_view{});
    case sdp_check::ice_ufrag: return v.size() >= 4;   // ufrag = 4*256ice-char
    case sdp_check::ice_pwd: return v.size() >= 22;    // password = 22*256ice-char
    case sdp_check::fingerprint: return passes(detail::finish_fingerprint, fingerprint_view{});
    case sdp_check::setup: return passes(detail::finish_setup, setup_role{});
    case sdp_check::crypto: return passes(detail::finish_crypto, crypto_view{});
    case sdp_check::extmap: return passes(detail::finish_extmap, extmap_view{});
  }
  return false;
}

// Every line from offset `from` (a line start) through check_sdp_line, then
// the c= rule. validate_sdp starts where the scan's checks stopped; from 0 it
// is the reference the scan's checks are tested against.
result detail::validate_sdp_from(const session_description_view& sdp, const sdp_options& opts,
                                 std::uint32_t from) noexcept {
  std::string_view body = sdp.body();
  if (from > body.size()) from = static_cast<std::uint32_t>(body.size());
  for (const sdp_line& l : line_range(body.substr(from), 0)) {
    if (l.value.empty()) continue;  // the scan's sdp_empty_value says it
    std::size_t at = from + l.offset;
    if (at + 1 >= body.size() || body[at + 1] != '=') continue;  // a line the scan skipped
    sdp_line_check c = check_sdp_line(l.type, l.value, opts);
    if (!c.error) {
      c.error.offset += detail::offset_of(body, l.value);
      return c.error;
    }
  }
  // RFC 8866 §5.7: a c= in every media description or one at the session level
  if (sdp.connection().empty())
    for (std::size_t i = 0; i < sdp.media_count(); ++i)
      if (sdp.media(i).connection_count() == 0)
        return make_error(error_code::sdp_missing_connection, sdp.media(i).offset());
  return {};
}

result validate_sdp(const session_description_view& sdp, const sdp_options& opts) noexcept {
  return detail::validate_sdp_from(sdp, opts, sdp.checked_until());
}

}  // namespace sipspan
