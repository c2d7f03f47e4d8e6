// sipspan — the validator's body checks: the body against Content-Type
// (RFC 3261 §20.15), session descriptions (RFC 8866, RFC 5118 for IPv6
// addresses, RFC 3551 for payload types) and multipart bodies (RFC 2046 §5.1),
// nested ones included. Offsets are relative to the message.

#include "lint/lint_checks.hpp"
#include "sdp/sdp_scan.hpp"
#include "sipspan/params.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/multipart.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::lint_detail {
namespace {

std::uint32_t rel(std::string_view whole, std::string_view piece) noexcept {
  return static_cast<std::uint32_t>(piece.data() - whole.data());
}

bool is_sdp(const media_type_view& t) noexcept {
  return same_text(t.type, "application") && same_text(t.subtype, "sdp");
}
bool is_sdp(std::string_view content_type) noexcept {
  media_type_view t;
  return parse_content_type(content_type, t) && is_sdp(t);
}

void add(sink& s, rule_id r, error_code d, std::uint32_t offset, std::uint32_t length) noexcept {
  s.add(r, d, header_id::other, no_header, offset, length);
}

// RFC 3551 §6, RFC 8866 §6.6: a dynamic payload type (96-127) in an RTP m=
// line needs an rtpmap in its media section. The formats' dynamic types are
// gathered in one pass, the bound ones in one walk over the section's
// attributes that stops once every one is bound; only a format left unbound
// sends the formats through again, for its place: formats plus attributes,
// not formats times attributes.
void dynamic_payload_types(std::string_view body, std::uint32_t base, const media_description& md,
                           const media_view& mv, sink& s) noexcept {
  if (!mv.is_rtp()) return;
  std::uint32_t wanted = 0, bound = 0;  // bit pt - 96
  for (std::string_view fmt : mv.formats) {
    std::uint32_t pt = 0;
    if (parse_uint(fmt, pt, 127) && pt >= 96) wanted |= std::uint32_t{1} << (pt - 96);
  }
  if (wanted == 0) return;
  for (const sdp_attribute& a : md.attributes()) {
    // the payload type only: a malformed rest of the line is another rule's
    if (a.name != "rtpmap") continue;
    std::string_view v = a.value;
    std::size_t digits = v.find_first_not_of("0123456789");
    std::uint32_t n = 0;
    if (digits != 0 && digits != std::string_view::npos && parse_uint(v.substr(0, digits), n, 127) && n >= 96)
      bound |= std::uint32_t{1} << (n - 96);
    if ((bound & wanted) == wanted) return;
  }
  for (std::string_view fmt : mv.formats) {
    std::uint32_t pt = 0;
    if (!parse_uint(fmt, pt, 127) || pt < 96 || (bound >> (pt - 96)) & 1u) continue;
    add(s, rule_id::sdp_rtpmap_missing, error_code::success, base + rel(body, fmt),
        static_cast<std::uint32_t>(fmt.size()));
  }
}

// RFC 8866 §5.7, RFC 5118: an address of the other family than addrtype says.
// A dotted IPv4 address is also a legal FQDN under the grammar, so the typed
// parser takes "IN IP6 192.0.2.1"; the kind it read tells. `views`: the
// line's reading when its check kept it.
void address_family(std::string_view body, std::uint32_t base, const sdp_line& l, detail::sdp_line_views& views,
                    sink& s) noexcept {
  std::string_view nettype, addrtype, address;
  sdp_address_kind kind = sdp_address_kind::other;
  if (l.type == 'c') {
    connection_view& c = views.connection;
    if (!views.read && !parse_connection(l.value, c)) return;
    nettype = c.nettype, addrtype = c.addrtype, address = c.address, kind = c.address_kind;
  } else {
    origin_view& o = views.origin;
    if (!views.read && !parse_origin(l.value, o)) return;
    nettype = o.nettype, addrtype = o.addrtype, address = o.address, kind = o.address_kind;
  }
  if (nettype == "IN" && addrtype == "IP6" && kind == sdp_address_kind::ip4)
    add(s, rule_id::sdp_address_form, error_code::bad_host, base + rel(body, address),
        static_cast<std::uint32_t>(address.size()));
}

// One typed line: its grammar error, or the departure it tolerated. A grammar
// error at a byte the scan already recorded (a NUL, a stray CR) is that
// deviation's finding, not a second one.
bool typed_line(const session_description_view& sdp, std::uint32_t base, char type, std::string_view value,
                detail::sdp_line_views& views, sink& s) noexcept {
  std::string_view body = sdp.body();
  sdp_line_check c = detail::check_sdp_line(type, value, sdp_options{}, views);
  std::uint32_t at = base + rel(body, value);
  if (c.tolerated)
    add(s, rule_for(c.departure.kind), error_code::success, at + c.departure.offset, c.departure.length);
  if (c.error) return true;
  for (const deviation& d : sdp.deviations())
    if (d.offset == rel(body, value) + c.error.offset) return false;
  // IN IP4 with an IPv6 address (RFC 5118): the address names the other family
  rule_id rid = c.error.code == error_code::bad_host && (type == 'c' || type == 'o') ? rule_id::sdp_address_form
                                                                                   : rule_id::sdp_value_syntax;
  add(s, rid, c.error.code, at + c.error.offset, c.error.offset < value.size() ? 1 : 0);
  return false;
}

// `base`: the offset of the outermost multipart body in the message.
void multipart_parts(const multipart_view& mp, std::uint32_t base, sink& s) noexcept {
  for (const deviation& d : mp.deviations()) add(s, rule_for(d.kind), error_code::success, base + d.offset, d.length);
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
    rule_id rid = r.code == error_code::sdp_missing_version ? rule_id::body_type_mismatch : rule_id::sdp_syntax;
    add(s, rid, r.code, base + r.offset, r.offset < body.size() ? 1 : 0);
    return;
  }
  // What the scan read outside the grammar, each under its own rule. In a body
  // part the CRLF before the next delimiter belongs to the delimiter (RFC 2046
  // §5.1.1): the part's last line has none of its own.
  for (const deviation& d : sdp.deviations()) {
    if (in_part && d.kind == deviation_kind::sdp_line_end && d.offset == body.size()) continue;
    add(s, rule_for(d.kind), error_code::success, base + d.offset, d.length);
  }
  // The lines before checked_until() passed their typed rule in the scan with
  // no departure under any options: only the address family is left to read.
  const std::uint32_t checked = sdp.checked_until();
  detail::sdp_line_views views;
  for (const sdp_line& l : line_range(body, 0)) {
    // m= is read with its media section below; empty values and skipped
    // lines are the scan's deviations
    if (l.type == 'm' || l.value.empty() || l.offset + 1 >= body.size() || body[l.offset + 1] != '=') continue;
    bool passed = l.offset < checked;
    if (passed) views.read = false;
    if ((passed || typed_line(sdp, base, l.type, l.value, views, s)) && (l.type == 'c' || l.type == 'o'))
      address_family(body, base, l, views, s);
  }
  // RFC 8866 §5.7: c= at the session level or in every media description
  bool session_c = !sdp.connection().empty();
  for (std::size_t i = 0; i < sdp.media_count(); ++i) {
    media_description md = sdp.media(i);
    if (!session_c && md.connection_count() == 0)
      add(s, rule_id::sdp_connection_missing, error_code::sdp_missing_connection, base + md.offset(), 1);
    std::string_view line = md.media_line();
    if (line.empty()) continue;
    bool passed = rel(body, line) < checked;
    if (!passed && !typed_line(sdp, base, 'm', line, views, s)) continue;
    // the check's reading, when it read the line as it stands and nothing trails it
    if (!passed && views.read && line.back() != ' ' && line.back() != '\t') {
      dynamic_payload_types(body, base, md, views.media, s);
      continue;
    }
    media_view mv;
    if (parse_media(line.substr(0, line.find_last_not_of(" \t") + 1), mv)) dynamic_payload_types(body, base, md, mv, s);
  }
}

void check_body(const message_view& m, sink& s) noexcept {
  header_view ct;
  if (m.body().empty() || !m.find(header_id::content_type, ct)) return;  // content_type_missing is semantics
  media_type_view t;
  if (!parse_content_type(ct.value, t)) return;  // header_syntax already says why
  check_body(m, s, t, ct.index);
}

void check_body(const message_view& m, sink& s, const media_type_view& t, std::uint16_t ct_row) noexcept {
  std::string_view body = m.body();
  if (body.empty()) return;
  if (is_sdp(t)) {
    check_sdp(body, m.body_offset(), s);
    return;
  }
  if (!iequals(t.type, "multipart")) return;
  multipart_view mp;
  if (result r = parse_multipart(m, mp); !r) {
    bool header_fault = r.code == error_code::multipart_missing_boundary || r.code == error_code::multipart_bad_boundary ||
                        r.code == error_code::multipart_boundary_too_long || r.code == error_code::not_multipart;
    s.add(header_fault ? rule_id::body_type_mismatch : rule_id::multipart_syntax, r.code,
          header_fault ? header_id::content_type : header_id::other, header_fault ? ct_row : no_header, r.offset,
          r.offset < m.raw().size() ? 1 : 0);
    return;
  }
  multipart_parts(mp, m.body_offset(), s);
}

}  // namespace sipspan::lint_detail
