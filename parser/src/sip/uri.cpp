// sipspan — parse_uri, unescape and uri_equal.
//
// RFC 3261 §19.1 (SIP and SIPS URIs), §19.1.4 (comparison); RFC 3966 §3, §4
// (tel URIs and their comparison); RFC 2396 §2.4 (escapes). The syntax itself
// is grammar/uri.rl; this file turns the machine's marks into spans and names
// the error when the machine stops.

#include "sipspan/uri.hpp"

#include <cstring>

#include "sip/uri_scan.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

namespace {

using uchar = unsigned char;

inline int hex_value(uchar c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline uchar lower(uchar c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<uchar>(c | 0x20) : c; }

std::string_view span(const uchar* b, const uchar* e) noexcept {
  return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
}

result error_at(error_code c, std::size_t offset) noexcept {
  result r;
  r.code = c;
  r.offset = static_cast<std::uint32_t>(offset);
  return r;
}

result fail(error_code c, const uchar* at, const uchar* base) noexcept {
  return error_at(c, static_cast<std::size_t>(at - base));
}

// The machine stopped at `f`: when a '%' just before it starts an escape that
// the input cut short ("%", "%4" then a non-hex byte or the end), that '%' is
// the error. A '%' is never anything but the start of an escape in a URI.
const uchar* cut_escape(const uchar* f, const uchar* base) noexcept {
  if (f - base >= 1 && f[-1] == '%') return f - 1;
  if (f - base >= 2 && f[-2] == '%' && hex_value(f[-1]) >= 0) return f - 2;
  return nullptr;
}

// Name the error of a SIP URI's host side from the marks of the run that stopped at `f`.
result hostside_error(const detail::uri_marks& m, const uchar* f, const uchar* base) noexcept {
  if (m.headers_at && f > m.headers_at) return fail(error_code::bad_parameter, f, base);
  if (m.params_at && f > m.params_at) return fail(error_code::bad_parameter, f, base);
  if (m.port_colon && f > m.port_colon) return fail(error_code::bad_port, f, base);
  return fail(error_code::bad_host, f, base);
}

result classify(const detail::uri_marks& m, const uchar* f, const uchar* base, const uchar* end) noexcept {
  if (const uchar* pct = cut_escape(f, base)) return fail(error_code::bad_escape, pct, base);
  if (!m.colon) return fail(error_code::bad_uri, f, base);  // no scheme ":" yet

  switch (m.scheme) {
    case uri_scheme::sip:
    case uri_scheme::sips: {
      if (m.at) return hostside_error(m, f, base);
      // No '@' read: userinfo and hostport were both possible. An '@' still
      // ahead means the userinfo is what broke; otherwise read the URI again
      // as hostport-only to find where (and in which part) that reading stops.
      if (f < end && std::memchr(f, '@', static_cast<std::size_t>(end - f)))
        return fail(error_code::bad_uri, f, base);
      detail::uri_marks h;
      const uchar* f2 = detail::scan_uri(h, m.colon + 1, end, detail::uri_entry::hostside);
      if (!f2) f2 = f;  // cannot happen: the full machine would have matched
      if (const uchar* pct = cut_escape(f2, base)) return fail(error_code::bad_escape, pct, base);
      return hostside_error(h, f2, base);
    }
    case uri_scheme::tel:
      if (f == end && !m.context && m.colon + 1 < end && m.colon[1] != '+' &&
          !(end[-1] == ';' || end[-1] == '='))
        return fail(error_code::bad_uri, f, base);  // a local number without ;phone-context
      if (m.params_at && f > m.params_at) return fail(error_code::bad_parameter, f, base);
      return fail(error_code::bad_uri, f, base);
    case uri_scheme::other:
      break;
  }
  return fail(error_code::bad_uri, f, base);
}

// Port digits (1*DIGIT, checked by the machine) to a value; false above 65535.
bool port_value(std::string_view t, std::uint16_t& out) noexcept {
  std::uint32_t v = 0;
  for (char c : t) {
    v = v * 10 + static_cast<std::uint32_t>(c - '0');
    if (v > 65535) return false;
  }
  out = static_cast<std::uint16_t>(v);
  return true;
}

}  // namespace

// ------------------------------------------------------------- parse_uri ---

result parse_uri(std::string_view text, uri_view& out) noexcept {
  out = uri_view{};
  out.raw = text;
  if (text.empty()) return error_at(error_code::empty_value, 0);
  if (text.size() > 0xFFFFFFFFull) return error_at(error_code::input_too_large, 0);

  const uchar* base = reinterpret_cast<const uchar*>(text.data());
  const uchar* end = base + text.size();
  detail::uri_marks m;
  if (const uchar* f = detail::scan_uri(m, base, end, detail::uri_entry::uri)) {
    result r = classify(m, f, base, end);
    out = uri_view{};
    out.raw = text;
    return r;
  }

  return detail::uri_view_of(m, text, out);
}

// ------------------------------------------------------- view from marks ---

namespace detail {

result uri_view_of(const uri_marks& m, std::string_view text, uri_view& out) noexcept {
  const uchar* base = reinterpret_cast<const uchar*>(text.data());
  const uchar* end = base + text.size();
  out = uri_view{};
  out.raw = text;
  out.scheme = m.scheme;
  out.scheme_text = span(base, m.colon);
  const uchar* rest = m.colon + 1;

  switch (m.scheme) {
    case uri_scheme::sip:
    case uri_scheme::sips: {
      const uchar* host_begin = rest;
      if (m.at) {
        const uchar* user_end = m.pw_colon ? m.pw_colon : m.at;
        out.user = span(rest, user_end);
        out.has_user = true;
        if (m.pw_colon) {
          out.password = span(m.pw_colon + 1, m.at);
          out.has_password = true;
        }
        host_begin = m.at + 1;
      }
      const uchar* after_port = m.params_at ? m.params_at : m.headers_at ? m.headers_at : end;
      const uchar* host_end = m.port_colon ? m.port_colon : after_port;
      out.host = span(host_begin, host_end);
      out.host_type = m.kind;
      out.ipv6_rfc3261_form = m.ipv6_legacy;
      if (m.port_colon) {
        out.port_text = span(m.port_colon + 1, after_port);
        out.has_port = true;
        if (!port_value(out.port_text, out.port)) {
          out = uri_view{};
          out.raw = text;
          return fail(error_code::bad_port, m.port_colon + 1, base);
        }
      }
      if (m.params_at) out.params_text = span(m.params_at + 1, m.headers_at ? m.headers_at : end);
      if (m.headers_at) out.headers_text = span(m.headers_at + 1, end);
      break;
    }
    case uri_scheme::tel:
      out.number = span(rest, m.params_at ? m.params_at : end);
      out.global_number = *rest == '+';
      if (m.params_at) out.params_text = span(m.params_at + 1, end);
      break;
    case uri_scheme::other:
      out.opaque = span(rest, end);
      break;
  }
  return result{};
}

}  // namespace detail

// -------------------------------------------------------------- unescape ---

result unescape(std::string_view in, char* buf, std::size_t cap, std::string_view& out) noexcept {
  out = {};
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '%') {
      int hi = i + 1 < in.size() ? hex_value(static_cast<uchar>(in[i + 1])) : -1;
      int lo = i + 2 < in.size() ? hex_value(static_cast<uchar>(in[i + 2])) : -1;
      if (hi < 0 || lo < 0) return error_at(error_code::bad_escape, i);
      if (n >= cap) return error_at(error_code::buffer_too_small, i);
      buf[n++] = static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      if (n >= cap) return error_at(error_code::buffer_too_small, i);
      buf[n++] = c;
    }
  }
  out = std::string_view(buf, n);
  return result{};
}

// ------------------------------------------------------------- uri_equal ---

namespace {

// RFC 2396 §2.2 reserved = ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ","
inline bool is_reserved(uchar c) noexcept {
  switch (c) {
    case ';': case '/': case '?': case ':': case '@': case '&': case '=': case '+': case '$': case ',':
      return true;
    default:
      return false;
  }
}

// One character of an escaped string: an escape of an unreserved character is
// that character; an escape of a reserved one stays apart from the bare one.
struct unit {
  int c;         // the character, or -1 at the end
  bool escaped;  // an escaped reserved character
};

unit next_unit(std::string_view s, std::size_t& i) noexcept {
  if (i >= s.size()) return {-1, false};
  uchar c = static_cast<uchar>(s[i]);
  if (c == '%' && i + 2 < s.size() && hex_value(static_cast<uchar>(s[i + 1])) >= 0 &&
      hex_value(static_cast<uchar>(s[i + 2])) >= 0) {
    uchar d = static_cast<uchar>(hex_value(static_cast<uchar>(s[i + 1])) * 16 +
                                 hex_value(static_cast<uchar>(s[i + 2])));
    i += 3;
    return {d, is_reserved(d)};
  }
  ++i;
  return {c, false};
}

// Equal after escapes (RFC 3261 §19.1.4: characters other than reserved ones
// equal their "%" HEX HEX encoding); `icase` folds ASCII letters.
bool escaped_equal(std::string_view a, std::string_view b, bool icase) noexcept {
  std::size_t i = 0, j = 0;
  for (;;) {
    unit x = next_unit(a, i);
    unit y = next_unit(b, j);
    if (x.c < 0 || y.c < 0) return x.c < 0 && y.c < 0;
    if (x.escaped != y.escaped) return false;
    int cx = icase ? lower(static_cast<uchar>(x.c)) : x.c;
    int cy = icase ? lower(static_cast<uchar>(y.c)) : y.c;
    if (cx != cy) return false;
  }
}

// Dotted IPv4 (checked by the machine) to four bytes.
void ipv4_bytes(std::string_view s, uchar out[4]) noexcept {
  unsigned v = 0, k = 0;
  for (char c : s) {
    if (c == '.') {
      if (k < 4) out[k++] = static_cast<uchar>(v);
      v = 0;
    } else {
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
  }
  if (k < 4) out[k] = static_cast<uchar>(v);
}

// "[IPv6address]" (checked by the machine) to sixteen bytes.
void ipv6_bytes(std::string_view s, uchar out[16]) noexcept {
  std::memset(out, 0, 16);
  if (s.size() >= 2 && s.front() == '[') s = s.substr(1, s.size() - 2);
  std::uint16_t groups[8] = {};
  int n = 0, gap = -1;  // groups read; where "::" stands
  std::size_t i = 0;
  if (s.substr(0, 2) == "::") {
    gap = 0;
    i = 2;
  }
  while (i < s.size() && n < 8) {
    // an embedded IPv4 address ends the text: it fills the last two groups
    std::size_t e = i;
    while (e < s.size() && s[e] != ':') ++e;
    std::string_view piece = s.substr(i, e - i);
    if (piece.find('.') != std::string_view::npos) {
      uchar v4[4] = {};
      ipv4_bytes(piece, v4);
      if (n < 7) {
        groups[n++] = static_cast<std::uint16_t>(v4[0] << 8 | v4[1]);
        groups[n++] = static_cast<std::uint16_t>(v4[2] << 8 | v4[3]);
      }
      break;
    }
    unsigned v = 0;
    for (char c : piece) v = v * 16 + static_cast<unsigned>(hex_value(static_cast<uchar>(c)));
    groups[n++] = static_cast<std::uint16_t>(v);
    i = e;
    if (i < s.size()) {
      if (i + 1 < s.size() && s[i + 1] == ':') {
        gap = n;
        i += 2;
      } else {
        i += 1;
      }
    }
  }
  // groups before the gap stay, the ones after it move to the end
  std::uint16_t full[8] = {};
  if (gap < 0) gap = n;
  for (int k = 0; k < gap; ++k) full[k] = groups[k];
  int tail = n - gap;
  for (int k = 0; k < tail; ++k) full[8 - tail + k] = groups[gap + k];
  for (int k = 0; k < 8; ++k) {
    out[2 * k] = static_cast<uchar>(full[k] >> 8);
    out[2 * k + 1] = static_cast<uchar>(full[k] & 0xff);
  }
}

bool host_equal(const uri_view& a, const uri_view& b) noexcept {
  if (a.host_type != b.host_type) return false;
  switch (a.host_type) {
    case host_kind::ipv4: {
      uchar x[4] = {}, y[4] = {};
      ipv4_bytes(a.host, x);
      ipv4_bytes(b.host, y);
      return std::memcmp(x, y, 4) == 0;
    }
    case host_kind::ipv6: {
      uchar x[16], y[16];
      ipv6_bytes(a.host, x);
      ipv6_bytes(b.host, y);
      return std::memcmp(x, y, 16) == 0;
    }
    default:
      return iequals(a.host, b.host);
  }
}

// First entry of `r` whose name equals `name` after escapes, ignoring case.
bool find_escaped(const param_range& r, std::string_view name, param& out) noexcept {
  for (const param& p : r)
    if (escaped_equal(p.name, name, true)) {
      out = p;
      return true;
    }
  return false;
}

// RFC 3261 §19.1.4: parameters that never match when only one URI has them.
bool must_be_in_both(std::string_view name) noexcept {
  return escaped_equal(name, "user", true) || escaped_equal(name, "ttl", true) ||
         escaped_equal(name, "method", true) || escaped_equal(name, "maddr", true) ||
         escaped_equal(name, "transport", true);
}

// True when `x` is the first parameter of its name in `r` (a name that appears
// twice, which §19.1.1 forbids, is compared by its first occurrence).
bool first_of_name(const param_range& r, const param& x) noexcept {
  param f;
  return find_escaped(r, x.name, f) && f.name.data() == x.name.data();
}

bool sip_params_equal(const uri_view& a, const uri_view& b) noexcept {
  const param_range pa = a.params(), pb = b.params();
  for (const param& x : pa) {
    if (!first_of_name(pa, x)) continue;
    param y;
    if (find_escaped(pb, x.name, y)) {
      if (x.has_value != y.has_value || !escaped_equal(x.value, y.value, true)) return false;
    } else if (must_be_in_both(x.name)) {
      return false;
    }
  }
  for (const param& y : pb) {
    param x;
    if (!find_escaped(pa, y.name, x) && must_be_in_both(y.name)) return false;
  }
  return true;
}

// Every header of `a` has an equal one in `b` (name ignoring case, value exact
// after escapes).
bool headers_within(const param_range& a, const param_range& b) noexcept {
  for (const param& x : a) {
    bool found = false;
    for (const param& y : b)
      if (escaped_equal(x.name, y.name, true) && escaped_equal(x.value, y.value, false)) {
        found = true;
        break;
      }
    if (!found) return false;
  }
  return true;
}

bool sip_equal(const uri_view& a, const uri_view& b) noexcept {
  if (a.has_user != b.has_user || a.has_password != b.has_password) return false;
  if (!escaped_equal(a.user, b.user, false) || !escaped_equal(a.password, b.password, false)) return false;
  if (!host_equal(a, b)) return false;
  if (a.has_port != b.has_port || a.port != b.port) return false;
  if (!sip_params_equal(a, b)) return false;
  const param_range ha = a.headers(), hb = b.headers();
  return ha.size() == hb.size() && headers_within(ha, hb) && headers_within(hb, ha);
}

inline bool is_visual_separator(uchar c) noexcept { return c == '-' || c == '.' || c == '(' || c == ')'; }

// RFC 3966 §4: digits compared without visual separators, ignoring case (hex digits).
bool digits_equal(std::string_view a, std::string_view b) noexcept {
  std::size_t i = 0, j = 0;
  for (;;) {
    while (i < a.size() && is_visual_separator(static_cast<uchar>(a[i]))) ++i;
    while (j < b.size() && is_visual_separator(static_cast<uchar>(b[j]))) ++j;
    if (i == a.size() || j == b.size()) return i == a.size() && j == b.size();
    if (lower(static_cast<uchar>(a[i])) != lower(static_cast<uchar>(b[j]))) return false;
    ++i;
    ++j;
  }
}

bool tel_params_within(const param_range& a, const param_range& b) noexcept {
  for (const param& x : a) {
    if (!first_of_name(a, x)) continue;
    param y;
    if (!find_escaped(b, x.name, y) || x.has_value != y.has_value) return false;
    if (escaped_equal(x.name, "phone-context", true) && !x.value.empty() && x.value.front() == '+') {
      if (y.value.empty() || y.value.front() != '+' || !digits_equal(x.value, y.value)) return false;
    } else if (!escaped_equal(x.value, y.value, true)) {
      return false;
    }
  }
  return true;
}

bool tel_equal(const uri_view& a, const uri_view& b) noexcept {
  if (a.global_number != b.global_number || !digits_equal(a.number, b.number)) return false;
  const param_range pa = a.params(), pb = b.params();
  return tel_params_within(pa, pb) && tel_params_within(pb, pa);
}

}  // namespace

bool uri_equal(const uri_view& a, const uri_view& b) noexcept {
  if (a.scheme != b.scheme) return false;
  switch (a.scheme) {
    case uri_scheme::sip:
    case uri_scheme::sips:
      return sip_equal(a, b);
    case uri_scheme::tel:
      return tel_equal(a, b);
    case uri_scheme::other:
      break;
  }
  return iequals(a.scheme_text, b.scheme_text) && escaped_equal(a.opaque, b.opaque, false);
}

}  // namespace sipspan
