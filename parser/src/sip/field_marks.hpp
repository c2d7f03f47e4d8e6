// sipspan — committing what a value machine of grammar/message_fields.rl marked.
//
// The value machine stops at the byte that ends its line (CR, or a bare LF). The
// field is typed only if the line is not continued (a fold, RFC 3261 §7.3.1, would
// carry the value on) and its numbers are in range; otherwise the message machine
// reads the value from the colon as any other, and the typed parse functions read
// it on demand. Included by grammar/message.rl only.
#pragma once

#include <cstring>

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

inline bool scan_marks::duplicate_name() const noexcept {
  const std::uint32_t n = names < max_names ? names : max_names;
  for (std::uint32_t i = 1; i < n; ++i)
    for (std::uint32_t j = 0; j < i; ++j) {
      const std::ptrdiff_t len = name_e[i] - name_b[i];
      if (name_e[j] - name_b[j] != len) continue;
      std::ptrdiff_t k = 0;
      while (k < len && (name_b[i][k] | 0x20) == (name_b[j][k] | 0x20)) ++k;  // names are tokens
      if (k == len) return true;
    }
  return false;
}

// The eight bytes at q are "SIP/2.0/", the letters of "SIP" in any case.
inline bool sip_2_0_slash(const uchar* q) noexcept {
  static constexpr unsigned char fold[8] = {0x20, 0x20, 0x20, 0, 0, 0, 0, 0};
  std::uint64_t w, want, mask;
  std::memcpy(&w, q, 8);
  std::memcpy(&want, "sip/2.0/", 8);
  std::memcpy(&mask, fold, 8);
  return (w | mask) == want;
}

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
      if (t.number > 0xFFFFFFFFu) return out_of_range(scanned_fields::content_length);
      s.present |= scanned_fields::content_length;
      break;
    case header_id::max_forwards:  // Max-Forwards: 0 to 255 (RFC 3261 §20.22, §8.1.1.6)
      if (t.number > 255) return out_of_range(scanned_fields::max_forwards);
      s.max_forwards_value = static_cast<std::uint32_t>(t.number);
      s.present |= scanned_fields::max_forwards;
      break;
    case header_id::expires:
      if (t.number > 0xFFFFFFFFu) return out_of_range(scanned_fields::expires);
      s.expires_value = static_cast<std::uint32_t>(t.number);
      s.present |= scanned_fields::expires;
      break;
    case header_id::cseq:  // RFC 3261 §8.1.1.5: "MUST be less than 2**31"
      if (t.number > 0x7FFFFFFFu) return out_of_range(scanned_fields::cseq);
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
      if (port > 65535 || rport > 65535) return out_of_range(scanned_fields::via);
      s.via_protocol_name = span(t.vstart, t.pn_e);
      s.via_protocol_version = span(t.pv_b, t.pv_e);
      s.via_transport = span(t.tr_b, t.tr_e);
      s.via_host = span(t.host_b, t.host_e);
      s.via_port_text = optional(t.port_b, t.port_e);
      s.via_port = static_cast<std::uint16_t>(port);
      s.via_params = optional(t.params_b, t.params_e);
      s.via_branch = optional(t.branch_b, t.branch_e);
      s.present |= scanned_fields::via;
      // sent-protocol = protocol-name SLASH protocol-version SLASH transport
      std::uint32_t facts = 0;
      // The value holds at least "a/b/c h" before its line end at p: eight bytes
      // from vstart are in the input, and they are "SIP/2.0/" ("SIP" in any case)
      // exactly when the name is SIP and the version 2.0.
      if (sip_2_0_slash(t.vstart)) facts |= scan_facts::via_sip_2_0;
      // branch = "branch" EQUAL token; the magic cookie "z9hG4bK" (§8.1.1.7)
      if (t.branch_b && t.branch_e - t.branch_b >= 7 && std::memcmp(t.branch_b, "z9hG4bK", 7) == 0)
        facts |= t.branch_e - t.branch_b == 7 ? scan_facts::via_branch_cookie | scan_facts::via_branch_cookie_only
                                              : scan_facts::via_branch_cookie;
      if (t.names > 1 && t.duplicate_name()) facts |= scan_facts::via_duplicate_param;
      s.facts.bits |= facts;
      break;
    }
    case header_id::contact: {
      scanned_fields::name_addr& na = s.contact_value;
      na.display_name = optional(t.dn_b, t.dn_e);
      na.display_name_quoted = t.quoted;
      na.uri = span(t.uri_b, t.uri_e);
      na.angle = t.angle;
      na.params = optional(t.params_b, t.params_e);
      na.tag = {};
      s.present |= scanned_fields::contact;
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
      na.tag = optional(t.tag_b, t.tag_e);
      s.present |= f.id == header_id::from ? scanned_fields::from : scanned_fields::to;
      if (t.names > 1 && t.duplicate_name())
        s.facts.bits |= f.id == header_id::from ? scan_facts::from_duplicate_param : scan_facts::to_duplicate_param;
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
