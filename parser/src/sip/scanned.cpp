// sipspan — the typed fields of a message from the scan's marks (scanned.hpp).

#include "sipspan/scanned.hpp"

#include "sip/uri_scan.hpp"

namespace sipspan {

namespace {

// The scan made the span inside the input: no bounds check (substr's would throw).
inline std::string_view text(const message_view& msg, scanned_fields::span s) noexcept {
  return std::string_view(msg.raw().data() + s.offset, s.length);
}

void fill(const message_view& msg, const scanned_fields::name_addr& na, name_addr_view& out) noexcept {
  out = name_addr_view{};
  out.display_name = text(msg, na.display_name);
  out.display_name_quoted = na.display_name_quoted;
  out.uri = text(msg, na.uri);
  out.has_angle_brackets = na.angle;
  out.params = param_range(text(msg, na.params));
}

result name_addr_of(const message_view& msg, header_id id, const scanned_fields::name_addr& na,
                    scanned_fields::field f, name_addr_view& out) noexcept {
  if (!msg.scanned().has(f)) return parse_name_addr(msg.value(id), out);
  fill(msg, na, out);
  return {};
}

// The first element of the header's first row; empty when there is none.
std::string_view first_element(const message_view& msg, header_id id) noexcept {
  value_range all = msg.values(id);
  auto it = all.begin();
  return it == all.end() ? std::string_view{} : *it;
}

}  // namespace

result parse_cseq(const message_view& msg, cseq_view& out) noexcept {
  const scanned_fields& s = msg.scanned();
  if (!s.has(scanned_fields::cseq)) return parse_cseq(msg.value(header_id::cseq), out);
  out.number = s.cseq_number;
  out.number_text = text(msg, s.cseq_number_text);
  out.method = text(msg, s.cseq_method);
  return {};
}

result parse_call_id(const message_view& msg, call_id_view& out) noexcept {
  const scanned_fields& s = msg.scanned();
  if (!s.has(scanned_fields::call_id)) return parse_call_id(msg.value(header_id::call_id), out);
  out.value = text(msg, s.call_id_value);
  out.local = text(msg, s.call_id_local);
  out.host = text(msg, s.call_id_host);
  out.has_host = s.call_id_host.length != 0;
  return {};
}

result parse_max_forwards(const message_view& msg, std::uint32_t& out) noexcept {
  const scanned_fields& s = msg.scanned();
  if (!s.has(scanned_fields::max_forwards)) return parse_max_forwards(msg.value(header_id::max_forwards), out);
  out = s.max_forwards_value;
  return {};
}

result parse_expires(const message_view& msg, std::uint32_t& out) noexcept {
  const scanned_fields& s = msg.scanned();
  if (!s.has(scanned_fields::expires)) return parse_expires(msg.value(header_id::expires), out);
  out = s.expires_value;
  return {};
}

result parse_via(const message_view& msg, via_view& out) noexcept {
  const scanned_fields& s = msg.scanned();
  if (!s.has(scanned_fields::via)) return parse_via(first_element(msg, header_id::via), out);
  out = via_view{};
  out.protocol_name = text(msg, s.via_protocol_name);
  out.protocol_version = text(msg, s.via_protocol_version);
  out.transport = text(msg, s.via_transport);
  out.host = text(msg, s.via_host);
  out.port_text = text(msg, s.via_port_text);
  out.port = s.via_port;
  out.has_port = s.via_port_text.length != 0;
  out.params = param_range(text(msg, s.via_params));
  out.branch_value = text(msg, s.via_branch);
  return {};
}

result parse_from(const message_view& msg, name_addr_view& out) noexcept {
  return name_addr_of(msg, header_id::from, msg.scanned().from_value, scanned_fields::from, out);
}

result parse_to(const message_view& msg, name_addr_view& out) noexcept {
  return name_addr_of(msg, header_id::to, msg.scanned().to_value, scanned_fields::to, out);
}

result parse_contact(const message_view& msg, name_addr_view& out) noexcept {
  if (!msg.scanned().has(scanned_fields::contact)) return parse_contact(first_element(msg, header_id::contact), out);
  fill(msg, msg.scanned().contact_value, out);
  return {};
}

result parse_request_uri(const message_view& msg, uri_view& out) noexcept {
  const scanned_fields& s = msg.scanned();
  const std::string_view text = msg.request_uri();
  if (!s.has(scanned_fields::request_uri)) return parse_uri(text, out);
  const scanned_fields::uri_parts& r = s.request_uri_parts;
  const unsigned char* base = reinterpret_cast<const unsigned char*>(text.data());
  auto at = [base](std::uint16_t o) { return o ? base + o : nullptr; };
  detail::uri_marks m;
  m.colon = base + r.colon;
  m.pw_colon = at(r.pw_colon);
  m.at = at(r.at);
  m.port_colon = at(r.port_colon);
  m.params_at = at(r.params_at);
  m.headers_at = at(r.headers_at);
  m.scheme = static_cast<uri_scheme>(r.scheme);
  m.kind = static_cast<host_kind>(r.host);
  return detail::uri_view_of(m, text, out);
}

}  // namespace sipspan
