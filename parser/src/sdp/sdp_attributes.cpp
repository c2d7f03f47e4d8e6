// sipspan — SDP: the attribute parsers (RFC 8866 §6, RFC 3605, RFC 5888,
// RFC 5576, RFC 8839, RFC 8122, RFC 4145, RFC 4568, RFC 8285): each runs its
// rule (grammar/sdp_rules.rl) and converts the marks (finish_<value>).

#include "sdp/sdp_convert.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan {

using detail::make_error;
using detail::sdp_marks;

namespace detail {
result finish_rtpmap([[maybe_unused]] std::string_view value, const sdp_marks& m, rtpmap_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::rtpmap;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_rtpmap(std::string_view value, rtpmap_view& out, const sdp_options& opts) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_rtpmap, detail::sdp_value_kind::rtpmap, detail::finish_rtpmap, opts);
}

namespace detail {
result finish_fmtp([[maybe_unused]] std::string_view value, const sdp_marks& m, fmtp_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::fmtp;
  [[maybe_unused]] result r;
  out.format = m.field(f::format);
  out.params_text = m.field(f::params);
  return {};
}
}  // namespace detail

result parse_fmtp(std::string_view value, fmtp_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_fmtp, detail::sdp_value_kind::fmtp, detail::finish_fmtp, sdp_options{});
}

namespace detail {
result finish_ptime([[maybe_unused]] std::string_view value, const sdp_marks& m, ptime_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::ptime;
  [[maybe_unused]] result r;
  out.text = value;
  out.fraction = m.field(f::fraction);
  std::uint64_t n = 0;
  if (!detail::number(m, f::integer, detail::u32_max, n, r)) return r;
  out.milliseconds = static_cast<std::uint32_t>(n);
  return {};
}
}  // namespace detail

result parse_ptime(std::string_view value, ptime_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_ptime, detail::sdp_value_kind::ptime, detail::finish_ptime, sdp_options{});
}

result parse_direction(std::string_view name, media_direction& out) noexcept {
  out = media_direction::sendrecv;
  sdp_marks m(name, error_code::sdp_bad_direction);
  result r;
  if (!detail::run(m, detail::sdp_value_kind::direction, r)) return r;
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

namespace detail {
result finish_rtcp([[maybe_unused]] std::string_view value, const sdp_marks& m, rtcp_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::rtcp;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_rtcp(std::string_view value, rtcp_view& out, const sdp_options& opts) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_rtcp, detail::sdp_value_kind::rtcp, detail::finish_rtcp, opts);
}

namespace detail {
result finish_mid([[maybe_unused]] std::string_view value, const sdp_marks& m, std::string_view& tag, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::group;
  [[maybe_unused]] result r;
  if (m.fe[f::semantics] != m.end) return make_error(error_code::sdp_bad_mid, m.offset(m.fe[f::semantics]));
  tag = value;
  return {};
}
}  // namespace detail

result parse_mid(std::string_view value, std::string_view& tag) noexcept {
  tag = {};
  sdp_marks m(value, error_code::sdp_bad_mid);
  result r;
  if (!detail::run(m, detail::sdp_value_kind::group, r)) return r;
  return detail::finish_mid(value, m, tag, sdp_options{});
}

namespace detail {
result finish_group([[maybe_unused]] std::string_view value, const sdp_marks& m, group_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::group;
  [[maybe_unused]] result r;
  out.semantics = m.field(f::semantics);
  out.tags = word_range(detail::rest_of(value, detail::after(m, m.fe[f::semantics])));
  return {};
}
}  // namespace detail

result parse_group(std::string_view value, group_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_group, detail::sdp_value_kind::group, detail::finish_group, sdp_options{});
}

namespace detail {
result finish_ssrc([[maybe_unused]] std::string_view value, const sdp_marks& m, ssrc_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::ssrc;
  [[maybe_unused]] result r;
  out.id_text = m.field(f::id);
  out.attribute = m.field(f::attribute);
  out.value = m.field(f::value);
  out.has_value = m.has(f::value);
  std::uint64_t n = 0;
  if (!detail::number(m, f::id, detail::u32_max, n, r)) return r;
  out.id = static_cast<std::uint32_t>(n);
  return {};
}
}  // namespace detail

result parse_ssrc(std::string_view value, ssrc_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_ssrc, detail::sdp_value_kind::ssrc, detail::finish_ssrc, sdp_options{});
}

namespace detail {
result finish_candidate([[maybe_unused]] std::string_view value, const sdp_marks& m, candidate_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::candidate;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_candidate(std::string_view value, candidate_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_candidate, detail::sdp_value_kind::candidate, detail::finish_candidate, sdp_options{});
}

namespace {
result ice_credential(std::string_view value, std::size_t min) noexcept {
  sdp_marks m(value, error_code::sdp_bad_ice_credential);
  result r;
  if (!detail::run(m, detail::sdp_value_kind::ice_credential, r)) return r;
  if (value.size() < min) return make_error(error_code::sdp_bad_ice_credential, static_cast<std::uint32_t>(value.size()));
  return {};
}
}  // namespace

result parse_ice_ufrag(std::string_view value) noexcept { return ice_credential(value, 4); }
result parse_ice_pwd(std::string_view value) noexcept { return ice_credential(value, 22); }

namespace detail {
result finish_fingerprint([[maybe_unused]] std::string_view value, const sdp_marks& m, fingerprint_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::fingerprint;
  [[maybe_unused]] result r;
  out.hash = m.field(f::hash);
  out.fingerprint = m.field(f::digest);
  out.octets = (out.fingerprint.size() + 1) / 3;
  return {};
}
}  // namespace detail

result parse_fingerprint(std::string_view value, fingerprint_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_fingerprint, detail::sdp_value_kind::fingerprint, detail::finish_fingerprint, sdp_options{});
}

namespace detail {
result finish_setup([[maybe_unused]] std::string_view value, const sdp_marks& m, setup_role& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  [[maybe_unused]] result r;
  out = static_cast<setup_role>(m.keyword);
  return {};
}
}  // namespace detail

result parse_setup(std::string_view value, setup_role& out) noexcept {
  out = setup_role::actpass;
  sdp_marks m(value, error_code::sdp_bad_setup);
  result r;
  if (!detail::run(m, detail::sdp_value_kind::setup, r)) return r;
  return detail::finish_setup(value, m, out, sdp_options{});
}

namespace detail {
result finish_crypto([[maybe_unused]] std::string_view value, const sdp_marks& m, crypto_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::crypto;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_crypto(std::string_view value, crypto_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_crypto, detail::sdp_value_kind::crypto, detail::finish_crypto, sdp_options{});
}

namespace detail {
result finish_extmap([[maybe_unused]] std::string_view value, const sdp_marks& m, extmap_view& out, [[maybe_unused]] const sdp_options& opts) noexcept {
  namespace f = detail::slot::extmap;
  [[maybe_unused]] result r;
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
}  // namespace detail

result parse_extmap(std::string_view value, extmap_view& out) noexcept {
  return detail::parse_with(value, out, error_code::sdp_bad_extmap, detail::sdp_value_kind::extmap, detail::finish_extmap, sdp_options{});
}

}  // namespace sipspan
