// sipspan — SDP: the typed parsers' conversions (range-checked numbers,
// address kinds). The machines are in grammar/sdp_values.rl; parse_sdp is in sdp_parse.cpp,
// validate_sdp in sdp_validate.cpp, the lazy ranges in sdp_ranges.cpp.

#include <cstring>
#include <limits>

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {
namespace detail {

bool sdp_digits(std::string_view digits, std::uint64_t max, std::uint64_t& out) noexcept {
  std::uint64_t v = 0;
  for (char c : digits) {
    auto d = static_cast<std::uint64_t>(c - '0');
    if (v > (max - d) / 10) return false;
    v = v * 10 + d;
  }
  out = v;
  return true;
}

bool sdp_typed_seconds(std::string_view text, typed_time& out) noexcept {
  out.text = text;
  out.negative = !text.empty() && text.front() == '-';
  std::string_view t = out.negative ? text.substr(1) : text;
  std::uint64_t unit = 1;
  if (!t.empty()) {
    switch (t.back()) {
      case 'd': unit = 86400; break;
      case 'h': unit = 3600; break;
      case 'm': unit = 60; break;
      case 's': unit = 1; break;
      default: unit = 0; break;
    }
    if (unit != 0)
      t.remove_suffix(1);
    else
      unit = 1;
  }
  std::uint64_t n = 0;
  if (!sdp_digits(t, std::numeric_limits<std::uint64_t>::max() / unit, n)) return false;
  out.seconds = n * unit;
  return true;
}

sdp_address_kind sdp_kind(unsigned bits) noexcept {
  if (bits & (k_ip4 | k_ip4m)) return sdp_address_kind::ip4;
  if (bits & (k_ip6 | k_ip6m | k_bracket)) return sdp_address_kind::ip6;
  if (bits & k_fqdn) return sdp_address_kind::fqdn;
  return sdp_address_kind::other;
}

bool sdp_address_fits(std::string_view nettype, std::string_view addrtype, unsigned bits) noexcept {
  if (nettype != "IN") return true;
  if (addrtype == "IP4") return (bits & (k_ip4 | k_ip4m | k_fqdn)) != 0;
  if (addrtype == "IP6") return (bits & (k_ip6 | k_ip6m | k_fqdn | k_bracket)) != 0;
  return true;
}

namespace {

constexpr std::uint64_t u32_max = 0xFFFFFFFFu;

// Run a machine; on failure the error (at the end when the value stopped short).
template <typename Run>
bool run(sdp_marks& m, Run fn, result& r) noexcept {
  if (m.base == m.end) {
    r = make_error(error_code::empty_value, 0);
    return false;
  }
  if (fn(m)) return true;
  r = m.failed ? m.err : make_error(m.code, m.offset(m.end));
  return false;
}

// Field i as a number no larger than max; number_overflow at its first digit.
bool number(const sdp_marks& m, int i, std::uint64_t max, std::uint64_t& out, result& r,
            error_code code = error_code::number_overflow) noexcept {
  if (sdp_digits(m.field(i), max, out)) return true;
  r = make_error(code, m.offset(m.fb[i]));
  return false;
}

std::uint32_t after(const sdp_marks& m, const sdp_uchar* p) noexcept {  // offset past p and one SP
  return p == nullptr ? m.offset(m.end) : m.offset(p) + (p < m.end ? 1 : 0);
}

std::string_view rest_of(std::string_view value, std::uint32_t at) noexcept {
  return at >= value.size() ? value.substr(value.size()) : value.substr(at);
}

// A departure the typed grammar tolerates: fine when opts allows it,
// deviation_rejected at `at` when not.
bool tolerate(const sdp_options& opts, deviation_kind k, std::uint32_t at, result& r) noexcept {
  if (opts.allows(k)) return true;
  r = make_error(error_code::deviation_rejected, at);
  r.deviation = k;
  return false;
}

}  // namespace
}  // namespace detail

using detail::make_error;
using detail::sdp_marks;

// ------------------------------------------------------- typed values ---

result parse_origin(std::string_view value, origin_view& out, const sdp_options& opts) noexcept {
  namespace f = detail::slot::origin;
  out = origin_view{};
  sdp_marks m(value, error_code::sdp_bad_origin);
  result r;
  if (!detail::run(m, detail::sdp_run_origin, r)) return r;
  out.username = m.field(f::username);
  out.sess_id = m.field(f::sess_id);
  out.sess_version = m.field(f::sess_version);
  out.nettype = m.field(f::nettype);
  out.addrtype = m.field(f::addrtype);
  out.address = m.field(f::address);
  out.address_kind = detail::sdp_kind(m.kinds);
  if (!detail::sdp_address_fits(out.nettype, out.addrtype, m.kinds))
    return make_error(error_code::bad_host, m.offset(m.fb[f::address]));
  if (m.kinds & detail::k_bracket) {
    if (!detail::tolerate(opts, deviation_kind::sdp_address_brackets, m.offset(m.fb[f::address]), r)) return r;
    out.address = m.field(f::bracketed);
    out.bracketed = true;
  }
  return {};
}

result parse_connection(std::string_view value, connection_view& out, const sdp_options& opts) noexcept {
  namespace f = detail::slot::connection;
  out = connection_view{};
  sdp_marks m(value, error_code::sdp_bad_connection);
  result r;
  if (!detail::run(m, detail::sdp_run_connection, r)) return r;
  out.nettype = m.field(f::nettype);
  out.addrtype = m.field(f::addrtype);
  unsigned bits = m.kinds;
  std::uint32_t at = m.offset(m.fb[f::address]);
  if (!detail::sdp_address_fits(out.nettype, out.addrtype, bits)) return make_error(error_code::bad_host, at);
  out.address_kind = detail::sdp_kind(bits);
  out.address = detail::rest_of(value, at);
  std::uint64_t n = 0;
  if (bits & detail::k_bracket) {
    if (!detail::tolerate(opts, deviation_kind::sdp_address_brackets, at, r)) return r;
    out.address = m.field(f::bracketed);
    out.bracketed = true;
    out.multicast = out.address.size() >= 2 && (out.address[0] == 'f' || out.address[0] == 'F') &&
                    (out.address[1] == 'f' || out.address[1] == 'F');
  } else if (bits & (detail::k_ip4m | detail::k_ip6m)) {
    out.multicast = true;
    out.address = m.field(f::address);
    if (bits & detail::k_ip4m) {
      out.ttl_text = m.field(f::ttl);
      if (!detail::number(m, f::ttl, 255, n, r)) return r;
      out.ttl = static_cast<std::uint32_t>(n);
    }
    if (m.has(f::numaddr)) {
      out.count_text = m.field(f::numaddr);
      if (!detail::number(m, f::numaddr, detail::u32_max, n, r)) return r;
      out.count = static_cast<std::uint32_t>(n);
    }
  } else if (bits & detail::k_ip4) {
    // RFC 8866 §5.7: an IPv4 multicast address (224.0.0.0/4) MUST carry a TTL
    unsigned first = 0;
    for (char c : out.address) {
      if (c == '.') break;
      first = first * 10 + static_cast<unsigned>(c - '0');
    }
    if (first >= 224 && first <= 239 && out.nettype == "IN" && out.addrtype == "IP4")
      return make_error(error_code::sdp_bad_connection, static_cast<std::uint32_t>(value.size()));
  } else if (bits & detail::k_ip6) {
    out.multicast = out.address.size() >= 2 && (out.address[0] == 'f' || out.address[0] == 'F') &&
                    (out.address[1] == 'f' || out.address[1] == 'F');
  }
  return {};
}

result parse_bandwidth(std::string_view value, bandwidth_view& out) noexcept {
  namespace f = detail::slot::bandwidth;
  out = bandwidth_view{};
  sdp_marks m(value, error_code::sdp_bad_bandwidth);
  result r;
  if (!detail::run(m, detail::sdp_run_bandwidth, r)) return r;
  out.type = m.field(f::type);
  out.value_text = m.field(f::value);
  std::uint64_t n = 0;
  if (!detail::number(m, f::value, detail::u32_max, n, r)) return r;
  out.value = static_cast<std::uint32_t>(n);
  return {};
}

result parse_timing(std::string_view value, timing_view& out) noexcept {
  namespace f = detail::slot::timing;
  out = timing_view{};
  sdp_marks m(value, error_code::sdp_bad_time);
  result r;
  if (!detail::run(m, detail::sdp_run_timing, r)) return r;
  out.start_text = m.field(f::start);
  out.stop_text = m.field(f::stop);
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  if (!detail::number(m, f::start, max, out.start, r)) return r;
  if (!detail::number(m, f::stop, max, out.stop, r)) return r;
  return {};
}

result parse_typed_time(std::string_view value, typed_time& out, bool allow_negative) noexcept {
  out = typed_time{};
  sdp_marks m(value, allow_negative ? error_code::sdp_bad_zone : error_code::sdp_bad_repeat);
  result r;
  if (!detail::run(m, detail::sdp_run_typed_time, r)) return r;
  if (m.negative && !allow_negative) return make_error(m.code, 0);
  if (!detail::sdp_typed_seconds(value, out)) return make_error(error_code::number_overflow, m.negative ? 1 : 0);
  return {};
}

namespace {

// Each word of `words` a typed-time; number_overflow at the first that is too large.
result typed_words(std::string_view value, const word_range& words, std::size_t skip_every_other) noexcept {
  std::size_t i = 0;
  for (std::string_view w : words) {
    bool is_time = skip_every_other && (i % 2 == 0);
    ++i;
    std::uint32_t at = detail::offset_of(value, w);
    if (is_time) {
      std::uint64_t n = 0;
      if (!detail::sdp_digits(w, std::numeric_limits<std::uint64_t>::max(), n))
        return make_error(error_code::number_overflow, at);
      continue;
    }
    typed_time t;
    if (!detail::sdp_typed_seconds(w, t)) return make_error(error_code::number_overflow, at + (t.negative ? 1 : 0));
  }
  return {};
}

}  // namespace

result parse_repeat(std::string_view value, repeat_view& out) noexcept {
  namespace f = detail::slot::repeat;
  out = repeat_view{};
  sdp_marks m(value, error_code::sdp_bad_repeat);
  result r;
  if (!detail::run(m, detail::sdp_run_repeat, r)) return r;
  if (!detail::sdp_typed_seconds(m.field(f::interval), out.interval)) return make_error(error_code::number_overflow, 0);
  if (!detail::sdp_typed_seconds(m.field(f::duration), out.duration))
    return make_error(error_code::number_overflow, m.offset(m.fb[f::duration]));
  out.offsets = word_range(detail::rest_of(value, detail::after(m, m.fe[f::duration])));
  return typed_words(value, out.offsets, 0);
}

result parse_zone(std::string_view value, zone_view& out) noexcept {
  out = zone_view{};
  sdp_marks m(value, error_code::sdp_bad_zone);
  result r;
  if (!detail::run(m, detail::sdp_run_zone, r)) return r;
  out.words = word_range(value);
  out.count = out.words.size() / 2;
  return typed_words(value, out.words, 1);
}

bool zone_view::adjustment(std::size_t i, zone_adjustment& out) const noexcept {
  out = zone_adjustment{};
  if (i >= count) return false;
  std::size_t k = 0;
  for (std::string_view w : words) {
    if (k == 2 * i) {
      out.time_text = w;
      detail::sdp_digits(w, std::numeric_limits<std::uint64_t>::max(), out.time);
    } else if (k == 2 * i + 1) {
      detail::sdp_typed_seconds(w, out.offset);
      return true;
    }
    ++k;
  }
  return false;
}

bool media_view::is_rtp() const noexcept {
  return proto.starts_with("RTP/") || proto.find("/RTP/") != std::string_view::npos;
}

result parse_media(std::string_view value, media_view& out) noexcept {
  namespace f = detail::slot::media;
  out = media_view{};
  sdp_marks m(value, error_code::sdp_bad_media);
  result r;
  if (!detail::run(m, detail::sdp_run_media, r)) return r;
  out.media = m.field(f::media);
  out.port_text = m.field(f::port);
  out.proto = m.field(f::proto);
  out.formats = word_range(detail::rest_of(value, detail::after(m, m.fe[f::proto])));
  std::uint64_t n = 0;
  if (!detail::number(m, f::port, 65535, n, r, error_code::bad_port)) return r;
  out.port = static_cast<std::uint16_t>(n);
  if (m.has(f::count)) {
    out.port_count_text = m.field(f::count);
    if (!detail::number(m, f::count, detail::u32_max, n, r)) return r;
    out.port_count = static_cast<std::uint32_t>(n);
  }
  if (out.is_rtp()) {
    // RFC 8866 §5.14: with RTP/AVP and RTP/SAVP (and their kin) each fmt is an
    // RTP payload type: 0-127 (RFC 3551 §3, a 7-bit field)
    for (std::string_view f : out.formats) {
      std::uint32_t at = detail::offset_of(value, f);
      for (char c : f)
        if (c < '0' || c > '9') return make_error(error_code::sdp_bad_media, at);
      if (!detail::sdp_digits(f, 127, n)) return make_error(error_code::number_overflow, at);
    }
  }
  return {};
}

result parse_rtpmap(std::string_view value, rtpmap_view& out, const sdp_options& opts) noexcept {
  namespace f = detail::slot::rtpmap;
  out = rtpmap_view{};
  sdp_marks m(value, error_code::sdp_bad_rtpmap);
  result r;
  if (!detail::run(m, detail::sdp_run_rtpmap, r)) return r;
  out.payload_type_text = m.field(f::payload);
  out.encoding = m.field(f::encoding);
  out.clock_rate_text = m.field(f::clock_rate);
  out.encoding_params = m.field(f::channels);
  std::uint64_t n = 0;
  if (!detail::number(m, f::payload, 127, n, r)) return r;
  out.payload_type = static_cast<std::uint8_t>(n);
  if (!m.has(f::clock_rate))
    return detail::tolerate(opts, deviation_kind::sdp_rtpmap_without_clock_rate, m.offset(m.fe[f::encoding]), r) ? result{} : r;
  if (!detail::number(m, f::clock_rate, detail::u32_max, n, r)) return r;
  out.clock_rate = static_cast<std::uint32_t>(n);
  if (m.has(f::channels) && !detail::number(m, f::channels, detail::u32_max, n, r)) return r;
  return {};
}

result parse_fmtp(std::string_view value, fmtp_view& out) noexcept {
  namespace f = detail::slot::fmtp;
  out = fmtp_view{};
  sdp_marks m(value, error_code::sdp_bad_fmtp);
  result r;
  if (!detail::run(m, detail::sdp_run_fmtp, r)) return r;
  out.format = m.field(f::format);
  out.params_text = m.field(f::params);
  return {};
}

result parse_ptime(std::string_view value, ptime_view& out) noexcept {
  namespace f = detail::slot::ptime;
  out = ptime_view{};
  sdp_marks m(value, error_code::sdp_bad_ptime);
  result r;
  if (!detail::run(m, detail::sdp_run_ptime, r)) return r;
  out.text = value;
  out.fraction = m.field(f::fraction);
  std::uint64_t n = 0;
  if (!detail::number(m, f::integer, detail::u32_max, n, r)) return r;
  out.milliseconds = static_cast<std::uint32_t>(n);
  return {};
}

result parse_direction(std::string_view name, media_direction& out) noexcept {
  out = media_direction::sendrecv;
  sdp_marks m(name, error_code::sdp_bad_direction);
  result r;
  if (!detail::run(m, detail::sdp_run_direction, r)) return r;
  out = static_cast<media_direction>(m.keyword);
  return {};
}

media_direction direction_of(const attribute_range& attrs, media_direction fallback) noexcept {
  media_direction d = fallback;
  for (const sdp_attribute& a : attrs) {
    media_direction x;
    if (!a.has_value && parse_direction(a.name, x)) d = x;
  }
  return d;
}

result parse_rtcp(std::string_view value, rtcp_view& out, const sdp_options& opts) noexcept {
  namespace f = detail::slot::rtcp;
  out = rtcp_view{};
  sdp_marks m(value, error_code::sdp_bad_rtcp);
  result r;
  if (!detail::run(m, detail::sdp_run_rtcp, r)) return r;
  out.port_text = m.field(f::port);
  std::uint64_t n = 0;
  if (!detail::number(m, f::port, 65535, n, r, error_code::bad_port)) return r;
  out.port = static_cast<std::uint16_t>(n);
  if (m.has(f::connection)) {
    out.has_address = true;
    r = parse_connection(m.field(f::connection), out.connection, opts);
    if (!r) {
      if (r.code == error_code::sdp_bad_connection) r.code = error_code::sdp_bad_rtcp;
      r.offset += m.offset(m.fb[f::connection]);
      return r;
    }
  }
  return {};
}

result parse_mid(std::string_view value, std::string_view& tag) noexcept {
  namespace f = detail::slot::group;
  tag = {};
  sdp_marks m(value, error_code::sdp_bad_mid);
  result r;
  if (!detail::run(m, detail::sdp_run_group, r)) return r;
  if (m.fe[f::semantics] != m.end) return make_error(error_code::sdp_bad_mid, m.offset(m.fe[f::semantics]));
  tag = value;
  return {};
}

result parse_group(std::string_view value, group_view& out) noexcept {
  namespace f = detail::slot::group;
  out = group_view{};
  sdp_marks m(value, error_code::sdp_bad_group);
  result r;
  if (!detail::run(m, detail::sdp_run_group, r)) return r;
  out.semantics = m.field(f::semantics);
  out.tags = word_range(detail::rest_of(value, detail::after(m, m.fe[f::semantics])));
  return {};
}

result parse_ssrc(std::string_view value, ssrc_view& out) noexcept {
  namespace f = detail::slot::ssrc;
  out = ssrc_view{};
  sdp_marks m(value, error_code::sdp_bad_ssrc);
  result r;
  if (!detail::run(m, detail::sdp_run_ssrc, r)) return r;
  out.id_text = m.field(f::id);
  out.attribute = m.field(f::attribute);
  out.value = m.field(f::value);
  out.has_value = m.has(f::value);
  std::uint64_t n = 0;
  if (!detail::number(m, f::id, detail::u32_max, n, r)) return r;
  out.id = static_cast<std::uint32_t>(n);
  return {};
}

result parse_candidate(std::string_view value, candidate_view& out) noexcept {
  namespace f = detail::slot::candidate;
  out = candidate_view{};
  sdp_marks m(value, error_code::sdp_bad_candidate);
  result r;
  if (!detail::run(m, detail::sdp_run_candidate, r)) return r;
  out.foundation = m.field(f::foundation);
  out.transport = m.field(f::transport);
  out.priority_text = m.field(f::priority);
  out.address = m.field(f::address);
  out.type = m.field(f::type);
  std::uint64_t n = 0;
  // RFC 8839 §5.1: the component ID is a positive integer between 1 and 256
  if (!detail::number(m, f::component, 256, n, r)) return r;
  if (n == 0) return make_error(error_code::number_underflow, m.offset(m.fb[f::component]));
  out.component = static_cast<std::uint32_t>(n);
  if (!detail::number(m, f::priority, detail::u32_max, n, r)) return r;
  out.priority = static_cast<std::uint32_t>(n);
  if (!detail::number(m, f::port, 65535, n, r, error_code::bad_port)) return r;
  out.port = static_cast<std::uint16_t>(n);
  const detail::sdp_uchar* last = m.fe[f::type];
  if (m.has(f::raddr)) {
    out.has_rel_address = true;
    out.rel_address = m.field(f::raddr);
    last = m.fe[f::raddr];
  }
  if (m.has(f::rport)) {
    out.has_rel_port = true;
    if (!detail::number(m, f::rport, 65535, n, r, error_code::bad_port)) return r;
    out.rel_port = static_cast<std::uint16_t>(n);
    last = m.fe[f::rport];
  }
  out.extensions = word_range(detail::rest_of(value, detail::after(m, last)));
  return {};
}

namespace {
result ice_credential(std::string_view value, std::size_t min) noexcept {
  sdp_marks m(value, error_code::sdp_bad_ice_credential);
  result r;
  if (!detail::run(m, detail::sdp_run_ice_credential, r)) return r;
  if (value.size() < min) return make_error(error_code::sdp_bad_ice_credential, static_cast<std::uint32_t>(value.size()));
  return {};
}
}  // namespace

result parse_ice_ufrag(std::string_view value) noexcept { return ice_credential(value, 4); }
result parse_ice_pwd(std::string_view value) noexcept { return ice_credential(value, 22); }

result parse_fingerprint(std::string_view value, fingerprint_view& out) noexcept {
  namespace f = detail::slot::fingerprint;
  out = fingerprint_view{};
  sdp_marks m(value, error_code::sdp_bad_fingerprint);
  result r;
  if (!detail::run(m, detail::sdp_run_fingerprint, r)) return r;
  out.hash = m.field(f::hash);
  out.fingerprint = m.field(f::digest);
  out.octets = (out.fingerprint.size() + 1) / 3;
  return {};
}

result parse_setup(std::string_view value, setup_role& out) noexcept {
  out = setup_role::actpass;
  sdp_marks m(value, error_code::sdp_bad_setup);
  result r;
  if (!detail::run(m, detail::sdp_run_setup, r)) return r;
  out = static_cast<setup_role>(m.keyword);
  return {};
}

result parse_crypto(std::string_view value, crypto_view& out) noexcept {
  namespace f = detail::slot::crypto;
  out = crypto_view{};
  sdp_marks m(value, error_code::sdp_bad_crypto);
  result r;
  if (!detail::run(m, detail::sdp_run_crypto, r)) return r;
  out.tag_text = m.field(f::tag);
  out.suite = m.field(f::suite);
  out.key_params = m.field(f::key_params);
  out.key_method = m.field(f::key_method);
  out.key_info = m.field(f::key_info);
  std::uint64_t n = 0;
  if (!detail::number(m, f::tag, 999999999, n, r)) return r;
  out.tag = static_cast<std::uint32_t>(n);
  std::uint32_t at = m.offset(m.fe[f::key_params]);
  while (at < value.size() && (value[at] == ' ' || value[at] == '\t')) ++at;
  out.session_params = detail::rest_of(value, at);
  return {};
}

result parse_extmap(std::string_view value, extmap_view& out) noexcept {
  namespace f = detail::slot::extmap;
  out = extmap_view{};
  sdp_marks m(value, error_code::sdp_bad_extmap);
  result r;
  if (!detail::run(m, detail::sdp_run_extmap, r)) return r;
  out.id_text = m.field(f::id);
  out.uri = m.field(f::uri);
  out.attributes = m.field(f::attributes);
  std::uint64_t n = 0;
  if (!detail::number(m, f::id, 99999, n, r)) return r;
  // RFC 8285 §5: 1-14 (one-byte headers), 1-255 (two-byte); §7: 4096-4351 in offers
  if (n == 0) return make_error(error_code::number_underflow, 0);
  if ((n > 255 && n < 4096) || n > 4351) return make_error(error_code::number_overflow, 0);
  out.id = static_cast<std::uint16_t>(n);
  if (m.has(f::direction)) {
    out.has_direction = true;
    (void)parse_direction(m.field(f::direction), out.direction);  // the machine took one of the four
  }
  return {};
}

}  // namespace sipspan
