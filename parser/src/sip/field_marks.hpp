// sipspan — committing what a value machine of grammar/message_fields.rl marked.
//
// The value machine stops at the byte that ends its line (CR, or a bare LF). The
// field is typed only if the line is not continued (a fold, RFC 3261 §7.3.1, would
// carry the value on) and its numbers are in range; otherwise the message machine
// reads the value from the colon as any other, and the typed parse functions read
// it on demand. Included by grammar/message.rl only.
#pragma once

#include "sip/message_builder.hpp"

namespace sipspan {

namespace detail {
// [b, e) of marks the machine sets whenever it accepts the value
inline scanned_fields::span mark_span(const uchar* base, const uchar* b, const uchar* e) noexcept {
  return {static_cast<std::uint32_t>(b - base), static_cast<std::uint32_t>(e - b)};
}
// [b, e) of marks it may leave unset: empty then
inline scanned_fields::span optional_span(const uchar* base, const uchar* b, const uchar* e) noexcept {
  if (b == nullptr || e == nullptr) return {};
  return mark_span(base, b, e);
}
}  // namespace detail

// p is the CR or LF that ends the value's line. True when the marks are committed
// and the message machine goes on from p; false: it reads the value from the colon.
inline bool message_builder::typed_end(const uchar* p) noexcept {
  // the line end is whole and the next line does not continue the value
  const uchar* next = *p == '\r' ? p + 2 : p + 1;
  if (next >= end || (*p == '\r' && p[1] != '\n') || *next == ' ' || *next == '\t') return false;

  scanned_fields& s = m.scanned_;
  auto span = [this](const uchar* b, const uchar* e) { return detail::mark_span(base, b, e); };
  auto optional = [this](const uchar* b, const uchar* e) { return detail::optional_span(base, b, e); };
  switch (f.id) {
    case header_id::content_length:
      if (t.number > 0xFFFFFFFFu) return false;
      s.present |= scanned_fields::content_length;
      break;
    case header_id::max_forwards:  // Max-Forwards: 0 to 255 (RFC 3261 §20.22, §8.1.1.6)
      if (t.number > 255) return false;
      s.max_forwards_value = static_cast<std::uint32_t>(t.number);
      s.present |= scanned_fields::max_forwards;
      break;
    case header_id::expires:
      if (t.number > 0xFFFFFFFFu) return false;
      s.expires_value = static_cast<std::uint32_t>(t.number);
      s.present |= scanned_fields::expires;
      break;
    case header_id::cseq:  // RFC 3261 §8.1.1.5: "MUST be less than 2**31"
      if (t.number > 0x7FFFFFFFu) return false;
      s.cseq_number = static_cast<std::uint32_t>(t.number);
      s.cseq_number_text = span(t.num_b, t.num_e);
      s.cseq_method = span(t.method_b, t.method_e);
      s.present |= scanned_fields::cseq;
      break;
    case header_id::call_id:
      s.call_id_value = span(t.vstart, t.cid_e);
      s.call_id_local = span(t.vstart, t.local_e);
      s.call_id_host = optional(t.chost_b, t.chost_e);
      s.present |= scanned_fields::call_id;
      break;
    case header_id::via: {
      // sent-by port and response-port (RFC 3581) fit a port
      std::uint32_t port = 0, rport = 0;
      for (const uchar* q = t.port_b; q && q < t.port_e; ++q) port = port * 10 + (*q - '0');
      for (const uchar* q = t.rport_b; q && q < t.rport_e; ++q) rport = rport * 10 + (*q - '0');
      if (port > 65535 || rport > 65535) return false;
      s.via_protocol_name = span(t.vstart, t.pn_e);
      s.via_protocol_version = span(t.pv_b, t.pv_e);
      s.via_transport = span(t.tr_b, t.tr_e);
      s.via_host = span(t.host_b, t.host_e);
      s.via_port_text = optional(t.port_b, t.port_e);
      s.via_port = static_cast<std::uint16_t>(port);
      s.via_params = optional(t.params_b, t.params_e);
      s.via_branch = optional(t.branch_b, t.branch_e);
      s.present |= scanned_fields::via;
      break;
    }
    case header_id::from:
    case header_id::to: {
      scanned_fields::name_addr& na = f.id == header_id::from ? s.from_value : s.to_value;
      na.display_name = optional(t.dn_b, t.dn_e);
      na.display_name_quoted = t.quoted;
      na.uri = span(t.uri_b, t.uri_e);
      na.angle = t.angle;
      na.params = optional(t.params_b, t.params_e);
      s.present |= f.id == header_id::from ? scanned_fields::from : scanned_fields::to;
      break;
    }
    default: return false;
  }
  // the value as the message machine would have left it: it starts at its first
  // byte and has content; quotes and angle brackets in it are balanced
  f.vstart = t.vstart;
  f.content = true;
  f.scanned = true;
  return true;
}

}  // namespace sipspan
