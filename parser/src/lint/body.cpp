// sipspan — the validator's body checks: the body against Content-Type
// (RFC 3261 §20.15), session descriptions (RFC 8866, RFC 5118 for IPv6
// addresses, RFC 3551 for payload types) and multipart bodies (RFC 2046 §5.1),
// nested ones included. Offsets are relative to the message.

#include "lint/lint_checks.hpp"
#include "sipspan/params.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/multipart.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::lint_detail {
namespace {

std::uint32_t rel(std::string_view whole, std::string_view piece) noexcept {
  return static_cast<std::uint32_t>(piece.data() - whole.data());
}

bool is_sdp(std::string_view content_type) noexcept {
  media_type_view t;
  return parse_content_type(content_type, t) && iequals(t.type, "application") && iequals(t.subtype, "sdp");
}

void add(sink& s, rule_id r, error_code d, std::uint32_t offset, std::uint32_t length) noexcept {
  s.add(r, d, header_id::other, no_header, offset, length);
}

// RFC 3551 §6, RFC 8866 §6.6: a dynamic payload type (96-127) in an RTP m=
// line needs an rtpmap in its media section.
void dynamic_payload_types(std::string_view body, std::uint32_t base, const media_description& md,
                           const media_view& mv, sink& s) noexcept {
  if (!mv.is_rtp()) return;
  for (std::string_view fmt : mv.formats) {
    std::uint32_t pt = 0;
    if (!parse_uint(fmt, pt, 127) || pt < 96) continue;
    bool bound = false;
    for (const sdp_attribute& a : md.attributes()) {
      // the payload type only: a malformed rest of the line is sdp_value_syntax's
      if (a.name != "rtpmap") continue;
      std::string_view v = a.value;
      std::size_t digits = v.find_first_not_of("0123456789");
      std::uint32_t n = 0;
      if (digits != 0 && digits != std::string_view::npos && parse_uint(v.substr(0, digits), n, 127) && n == pt) {
        bound = true;
        break;
      }
    }
    if (!bound) add(s, rule_id::sdp_rtpmap_missing, error_code::success, base + rel(body, fmt),
                    static_cast<std::uint32_t>(fmt.size()));
  }
}

// c= and o= read once: their grammar, then (RFC 8866 §5.7, RFC 5118 §4.4) the
// kind of address. A dotted IPv4 address is also a legal FQDN under the
// grammar, but under IN IP6 it is the wrong kind of address (and an IPv6 one
// under IN IP4).
result address_line(std::string_view body, std::uint32_t base, const sdp_line& l, sink& s) noexcept {
  std::string_view nettype, addrtype, address;
  sdp_address_kind kind = sdp_address_kind::other;
  if (l.type == 'c') {
    connection_view c;
    if (result r = parse_connection(l.value, c); !r) return r;
    nettype = c.nettype, addrtype = c.addrtype, address = c.address, kind = c.address_kind;
  } else {
    origin_view o;
    if (result r = parse_origin(l.value, o); !r) return r;
    nettype = o.nettype, addrtype = o.addrtype, address = o.address, kind = o.address_kind;
  }
  bool wrong = nettype == "IN" && ((addrtype == "IP6" && kind == sdp_address_kind::ip4) ||
                                   (addrtype == "IP4" && kind == sdp_address_kind::ip6));
  if (wrong)
    add(s, rule_id::sdp_address_form, error_code::bad_host, base + rel(body, address),
        static_cast<std::uint32_t>(address.size()));
  return {};
}

void multipart_parts(const multipart_view& mp, std::uint32_t base, sink& s) noexcept {
  for (std::size_t i = 0; i < mp.size(); ++i) {
    const part_view& p = mp.part(i);
    if (p.is_multipart()) {
      multipart_view child;
      if (result r = parse_nested(mp, i, child); !r)
        add(s, rule_id::multipart_syntax, r.code, base + r.offset, 1);
      else
        multipart_parts(child, base, s);
      continue;
    }
    if (!p.body.empty() && is_sdp(p.content_type()))
      check_sdp(p.body, base + mp.root_offset() + p.body_offset, s, true);
  }
}

}  // namespace

void check_sdp(std::string_view body, std::uint32_t base, sink& s, bool in_part) noexcept {
  session_description_view sdp;
  if (result r = parse_sdp(body, sdp); !r) {
    // A body that does not even start like SDP is not what Content-Type says.
    bool not_sdp = r.offset == 0 && (r.code == error_code::sdp_missing_version ||
                                     r.code == error_code::sdp_unknown_type || r.code == error_code::sdp_bad_line);
    rule_id rid = not_sdp ? rule_id::body_type_mismatch
                  : r.code == error_code::sdp_missing_connection ? rule_id::sdp_connection_missing
                                                                  : rule_id::sdp_syntax;
    add(s, rid, r.code, base + r.offset, r.offset < body.size() ? 1 : 0);
    return;
  }
  for (const sdp_line& l : line_range(body, 0)) {
    if (l.type == 'm') continue;  // read once, with its media section, below
    result r = l.type == 'c' || l.type == 'o' ? address_line(body, base, l, s) : check_sdp_line(l.type, l.value);
    if (r) continue;
    // the same value without trailing whitespace parses: that is all that is wrong
    std::size_t keep = l.value.find_last_not_of(" \t");
    if (keep != std::string_view::npos && keep + 1 < l.value.size() && check_sdp_line(l.type, l.value.substr(0, keep + 1))) {
      std::uint32_t at = rel(body, l.value) + static_cast<std::uint32_t>(keep + 1);
      add(s, rule_id::sdp_trailing_whitespace, r.code, base + at, static_cast<std::uint32_t>(l.value.size() - keep - 1));
      continue;
    }
    // IN IP4 / IN IP6 with the other kind of address, or IPv6 in brackets (RFC 5118 §4.4)
    rule_id rid = r.code == error_code::bad_host && (l.type == 'c' || l.type == 'o') ? rule_id::sdp_address_form
                                                                                    : rule_id::sdp_value_syntax;
    std::uint32_t at = rel(body, l.value) + r.offset;
    add(s, rid, r.code, base + at, at < body.size() ? 1 : 0);
  }
  // RFC 8866 §5.7: c= at the session level or in every media description
  bool session_c = !sdp.connection().empty();
  for (std::size_t i = 0; i < sdp.media_count(); ++i) {
    media_description md = sdp.media(i);
    if (!session_c && md.connection_count() == 0)
      add(s, rule_id::sdp_connection_missing, error_code::sdp_missing_connection, base + md.offset(), 1);
    media_view mv;
    std::string_view line = md.media_line();
    if (result r = parse_media(line, mv); !r) {
      std::uint32_t at = rel(body, line) + r.offset;
      add(s, rule_id::sdp_value_syntax, r.code, base + at, at < body.size() ? 1 : 0);
    } else {
      dynamic_payload_types(body, base, md, mv, s);
    }
  }
  const sdp_evidence& e = sdp.evidence();
  if (e.first_bare_lf != sdp_evidence::none)
    add(s, rule_id::sdp_line_end, error_code::success, base + e.first_bare_lf, 1);
  // in a body part the CRLF before the next delimiter belongs to the delimiter (RFC 2046 §5.1.1)
  if (e.unterminated_last_line && !in_part)
    add(s, rule_id::sdp_line_end, error_code::success, base + static_cast<std::uint32_t>(body.size()), 0);
}

void check_body(const message_view& m, sink& s) noexcept {
  std::string_view body = m.body();
  header_view ct;
  if (body.empty() || !m.find(header_id::content_type, ct)) return;  // content_type_missing is semantics
  media_type_view t;
  if (!parse_content_type(ct.value, t)) return;  // header_syntax already says why
  if (iequals(t.type, "application") && iequals(t.subtype, "sdp")) {
    check_sdp(body, m.body_offset(), s);
    return;
  }
  if (!iequals(t.type, "multipart")) return;
  multipart_view mp;
  if (result r = parse_multipart(m, mp); !r) {
    bool header_fault = r.code == error_code::multipart_missing_boundary || r.code == error_code::multipart_bad_boundary ||
                        r.code == error_code::multipart_boundary_too_long || r.code == error_code::not_multipart;
    s.add(header_fault ? rule_id::body_type_mismatch : rule_id::multipart_syntax, r.code,
          header_fault ? header_id::content_type : header_id::other, header_fault ? ct.index : no_header, r.offset,
          r.offset < m.raw().size() ? 1 : 0);
    return;
  }
  multipart_parts(mp, m.body_offset(), s);
}

}  // namespace sipspan::lint_detail
