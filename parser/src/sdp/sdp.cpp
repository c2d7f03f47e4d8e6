// sipspan — SDP: the typed parsers of the lines (o=, c=, b=, t=, r=, z=, m=)
// and their conversions (range-checked numbers, address kinds). The rules are
// in grammar/sdp_rules.rl, run by grammar/sdp_values.rl; the attribute parsers
// are in sdp_attributes.cpp, parse_sdp in sdp_parse.cpp, validate_sdp in
// sdp_validate.cpp, the lazy ranges in sdp_ranges.cpp.

#include <cstring>
#include <limits>

#include "sdp/sdp_convert.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {
namespace detail {

bool sdp_digits(std::string_view digits, std::uint64_t max, std::uint64_t& out) noexcept {
  std::uint64_t v = 0;
  if (digits.size() <= 19) {  // below 10^19: no overflow on the way
    for (char c : digits) v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return false;
    out = v;
    return true;
  }
  for (char c : digits) {
    auto d = static_cast<std::uint64_t>(c - '0');
    if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, d, &v) || v > max) return false;
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

}  // namespace detail

using detail::make_error;
using detail::sdp_marks;

// ------------------------------------------------------- typed values ---

namespace detail {
result finish_origin([[maybe_unused]] std::string_view value, const sdp_marks& m, origin_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::origin;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_origin(std::string_view value, origin_view& out, const sdp_options& opts) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_origin, detail::sdp_value_kind::origin, detail::finish_origin, opts);
}

namespace detail {
result finish_connection([[maybe_unused]] std::string_view value, const sdp_marks& m, connection_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::connection;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_connection(std::string_view value, connection_view& out, const sdp_options& opts) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_connection, detail::sdp_value_kind::connection, detail::finish_connection, opts);
}

namespace detail {
result finish_bandwidth([[maybe_unused]] std::string_view value, const sdp_marks& m, bandwidth_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::bandwidth;
  [[maybe_unused]] result r;
  out.type = m.field(f::type);
  out.value_text = m.field(f::value);
  std::uint64_t n = 0;
  if (!detail::number(m, f::value, detail::u32_max, n, r)) return r;
  out.value = static_cast<std::uint32_t>(n);
  return {};
}
}  // namespace detail

result parse_bandwidth(std::string_view value, bandwidth_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_bandwidth, detail::sdp_value_kind::bandwidth, detail::finish_bandwidth, sdp_options{});
}

namespace detail {
result finish_timing([[maybe_unused]] std::string_view value, const sdp_marks& m, timing_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::timing;
  [[maybe_unused]] result r;
  out.start_text = m.field(f::start);
  out.stop_text = m.field(f::stop);
  constexpr std::uint64_t max = std::numeric_limits<std::uint64_t>::max();
  if (!detail::number(m, f::start, max, out.start, r)) return r;
  if (!detail::number(m, f::stop, max, out.stop, r)) return r;
  return {};
}
}  // namespace detail

result parse_timing(std::string_view value, timing_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_time, detail::sdp_value_kind::timing, detail::finish_timing, sdp_options{});
}

result parse_typed_time(std::string_view value, typed_time& out, bool allow_negative) noexcept {
  out = typed_time{};
  sdp_marks m(value, allow_negative ? error_code::sdp_bad_zone : error_code::sdp_bad_repeat);
  result r;
  if (!detail::run(m, detail::sdp_value_kind::typed_time, r)) return r;
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

namespace detail {
result finish_repeat([[maybe_unused]] std::string_view value, const sdp_marks& m, repeat_view& out, const sdp_options&) noexcept {
  namespace f = detail::slot::repeat;
  if (!detail::sdp_typed_seconds(m.field(f::interval), out.interval)) return make_error(error_code::number_overflow, 0);
  if (!detail::sdp_typed_seconds(m.field(f::duration), out.duration))
    return make_error(error_code::number_overflow, m.offset(m.fb[f::duration]));
  out.offsets = word_range(detail::rest_of(value, detail::after(m, m.fe[f::duration])));
  return typed_words(value, out.offsets, 0);
}
result finish_zone([[maybe_unused]] std::string_view value, const sdp_marks&, zone_view& out, const sdp_options&) noexcept {
  out.words = word_range(value);
  out.count = out.words.size() / 2;
  return typed_words(value, out.words, 1);
}
}  // namespace detail

result parse_repeat(std::string_view value, repeat_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_repeat, detail::sdp_value_kind::repeat, detail::finish_repeat,
                            sdp_options{});
}

result parse_zone(std::string_view value, zone_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_zone, detail::sdp_value_kind::zone, detail::finish_zone,
                            sdp_options{});
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

namespace detail {
result finish_media([[maybe_unused]] std::string_view value, const sdp_marks& m, media_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::media;
  [[maybe_unused]] result r;
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
    // the formats one by one (the rule took them: fmt separated by one SP)
    std::string_view list = out.formats.text();
    for (std::size_t i = 0; i < list.size(); ++i) {
      std::size_t b = i;
      bool number = true;
      std::uint32_t pt = 0;
      for (; i < list.size() && list[i] != ' '; ++i) {
        number &= list[i] >= '0' && list[i] <= '9';
        if (pt <= 127) pt = pt * 10 + static_cast<std::uint32_t>(list[i] - '0');
      }
      std::uint32_t at = detail::offset_of(value, list) + static_cast<std::uint32_t>(b);
      if (!number) return make_error(error_code::sdp_bad_media, at);
      if (pt > 127) return make_error(error_code::number_overflow, at);
    }
  }
  return {};
}
}  // namespace detail

result parse_media(std::string_view value, media_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_media, detail::sdp_value_kind::media, detail::finish_media, sdp_options{});
}

}  // namespace sipspan
