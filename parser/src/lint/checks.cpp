// sipspan — the validator's message checks: deviations, start line, header
// values through their typed parsers, presence and placement (RFC 3261 §8.1.1,
// §8.2.6, §20 tables 2 and 3), and the semantics the one-pass scan cannot see.

#include <cstring>
#include <iterator>

#include "lint/lint_checks.hpp"
#include "sip/uri_scan.hpp"
#include "sipspan/params.hpp"
#include "sipspan/auth.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/scanned.hpp"
#include "sipspan/uri.hpp"

namespace sipspan::lint_detail {

rule_id rule_for(deviation_kind k) noexcept {
  switch (k) {
#define SIPSPAN_X(e, legal, m) \
  case deviation_kind::e: return rule_id::e;
    SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  }
  return rule_id::unparseable;
}

std::size_t invalid_utf8(std::string_view t) noexcept {
  const auto* p = reinterpret_cast<const unsigned char*>(t.data());
  std::size_t n = t.size(), i = 0;
  while (i < n) {
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // bounds of the second byte (RFC 3629 §4)
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (p[i + 1] < lo || p[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if (p[i + k] < 0x80 || p[i + k] > 0xBF) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// IPv4address / IPv6address (RFC 3261 §25.1; IPv4 octets 0-255 and IPv6 groups
// as RFC 3986 §3.2.2 has them), or an IPv6reference: the URI machine's own rules.
bool is_ip_address(std::string_view a) noexcept {
  detail::uri_marks m;
  const auto* p = reinterpret_cast<const unsigned char*>(a.data());
  return !a.empty() && detail::scan_uri(m, p, p + a.size(), detail::uri_entry::ip_address) == nullptr;
}

// 1*DIGIT no larger than max.
bool digits_at_most(std::string_view d, std::uint64_t max) noexcept {
  if (d.empty()) return false;
  std::uint64_t v = 0;
  for (char c : d) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return false;
  }
  return true;
}

// Methods in the columns of RFC 3261 §20 tables 2 and 3.
enum : std::uint8_t { m_ack = 1, m_bye = 2, m_can = 4, m_inv = 8, m_opt = 16, m_reg = 32, m_none = 0 };

std::uint8_t column(method_id m) noexcept {
  switch (m) {
    case method_id::ack: return m_ack;
    case method_id::bye: return m_bye;
    case method_id::cancel: return m_can;
    case method_id::invite: return m_inv;
    case method_id::options: return m_opt;
    case method_id::register_: return m_reg;
    default: return m_none;
  }
}

// Header fields marked '-' (not applicable) in a request's column of tables 2
// and 3, and those whose "where" is only responses (r, 2xx, 401, 407, 420, 423,
// 3xx-6xx): a request's bit set 0x3F means "in no request".
struct placement {
  header_id id;
  std::uint8_t not_in_request;  // columns where the table says '-'
};
constexpr placement request_placement[] = {
    {header_id::accept, m_ack | m_can},
    {header_id::accept_encoding, m_ack | m_can},
    {header_id::accept_language, m_ack | m_can},
    {header_id::alert_info, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::allow, m_ack | m_can},
    {header_id::call_info, m_ack | m_bye | m_can},
    {header_id::contact, m_bye | m_can},
    {header_id::content_disposition, m_can},
    {header_id::content_encoding, m_can},
    {header_id::content_language, m_can},
    {header_id::content_type, m_can},
    {header_id::expires, m_ack | m_bye | m_can | m_opt},
    {header_id::in_reply_to, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::mime_version, m_can},
    {header_id::organization, m_ack | m_bye | m_can},
    {header_id::priority, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::proxy_authorization, m_can},
    {header_id::proxy_require, m_ack | m_can},
    {header_id::record_route, m_reg},
    {header_id::reply_to, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::require, m_ack | m_can},
    {header_id::subject, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::supported, m_ack},
    // response-only fields ("where" r, 2xx, 401, 407, 420, 423, 3xx-6xx)
    {header_id::authentication_info, 0x3F},
    {header_id::error_info, 0x3F},
    {header_id::min_expires, 0x3F},
    {header_id::proxy_authenticate, 0x3F},
    {header_id::retry_after, 0x3F},
    {header_id::server, 0x3F},
    {header_id::unsupported, 0x3F},
    {header_id::warning, 0x3F},
    {header_id::www_authenticate, 0x3F},
};

// Request-only fields ("where" R): not applicable in any response.
constexpr header_id request_only[] = {
    header_id::alert_info,  header_id::authorization, header_id::in_reply_to,   header_id::max_forwards,
    header_id::priority,    header_id::proxy_authorization, header_id::proxy_require, header_id::route,
    header_id::subject,
};

class checker {
 public:
  checker(const message_view& m, sink& s) noexcept : m_(m), s_(s), raw_(m.raw()) {}

  void run() noexcept {
    deviations();
    start_line();
    for (std::size_t i = 0; i < m_.header_count(); ++i) row(m_.header(i));
    presence();
    placement_rules();
    semantics();
    check_body(m_, s_);
  }

 private:
  std::uint32_t at(std::string_view piece) const noexcept {
    return static_cast<std::uint32_t>(piece.data() - raw_.data());
  }
  void add(rule_id r, error_code d, const header_view* h, std::string_view piece, std::uint32_t rel = 0,
           std::uint32_t len = 0xFFFFFFFFu) noexcept {
    std::uint32_t off = at(piece) + rel;
    if (len == 0xFFFFFFFFu) len = rel < piece.size() ? static_cast<std::uint32_t>(piece.size() - rel) : 0;
    s_.add(r, d, h ? h->id : header_id::other, h ? h->index : no_header, off, len);
  }
  // A failed typed parse: one byte at the failure (or the end of the value).
  void failed(rule_id r, const result& res, const header_view& h, std::string_view piece) noexcept {
    std::uint32_t rel = res.offset <= piece.size() ? res.offset : static_cast<std::uint32_t>(piece.size());
    // A deviation at the very byte already says what is wrong there.
    if (h.flags & header_flags::has_deviation)
      for (const deviation& d : m_.deviations())
        if (d.offset == at(piece) + rel) return;
    add(r, res.code, &h, piece, rel, rel < piece.size() ? 1 : 0);
  }
  // Where a missing header would go: the empty line that ends the header section.
  std::uint32_t end_of_headers() const noexcept {
    std::string_view hs = m_.headers_section();
    std::uint32_t end = at(hs) + static_cast<std::uint32_t>(hs.size());
    if (hs.ends_with("\r\n\r\n") || hs.ends_with("\n\r\n")) return end - 2;
    if (hs.ends_with("\n\n")) return end - 1;
    return end;
  }
  void missing(header_id id, rule_id r = rule_id::missing_mandatory_header) noexcept {
    s_.add(r, error_code::missing_header, id, no_header, end_of_headers(), 0);
  }

  // ---- the parse's deviations
  void deviations() noexcept {
    for (const deviation& d : m_.deviations()) {
      header_id id = d.header_index < m_.header_count() ? m_.records()[d.header_index].id : header_id::other;
      s_.add(rule_for(d.kind), error_code::success, id, d.header_index, d.offset, d.length);
    }
  }

  // ---- start line (RFC 3261 §7.1, §7.2)
  void start_line() noexcept {
    std::string_view v = m_.version();
    if (!v.empty() && !iequals(v, "SIP/2.0")) add(rule_id::sip_version, error_code::bad_sip_version, nullptr, v);
    // "case-insensitive, but implementations MUST send upper-case" (§7.1)
    if (v.size() >= 3 && iequals(v.substr(0, 3), "SIP") && v.substr(0, 3) != "SIP")
      add(rule_id::sip_version_case, error_code::success, nullptr, v, 0, 3);
    if (m_.is_response()) {
      std::uint16_t code = m_.status_code();
      if (code < 100 || code > 699)
        add(rule_id::status_code_range, error_code::bad_status_code, nullptr, m_.status_text());
      reason_phrase(m_.reason());
      return;
    }
    if (!m_.is_request()) return;
    if (m_.method_kind() == method_id::other)
      add(rule_id::unknown_method, error_code::success, nullptr, m_.method());
    std::string_view ruri = m_.request_uri();
    uri_view u;
    if (result r = parse_uri(ruri, u); !r) {
      std::uint32_t rel = r.offset <= ruri.size() ? r.offset : static_cast<std::uint32_t>(ruri.size());
      add(rule_id::request_uri_syntax, r.code, nullptr, ruri, rel, rel < ruri.size() ? 1 : 0);
      return;
    }
    ruri_ = ruri, ruri_host_ = u.host, ruri_ipv6_rfc3261_form_ = u.ipv6_rfc3261_form;
    if (u.ipv6_rfc3261_form) add(rule_id::ipv6_rfc3261_form, error_code::success, nullptr, u.host);
    if (u.scheme == uri_scheme::other) add(rule_id::request_uri_scheme, error_code::success, nullptr, u.scheme_text);
    if (!u.is_sip()) return;
    // '?' may appear in the user part; the headers component follows the hostport
    if (!u.headers_text.empty() && u.headers_text.data() > u.host.data())
      add(rule_id::request_uri_component, error_code::success, nullptr,
          std::string_view(u.headers_text.data() - 1, u.headers_text.size() + 1));
    for (const param& p : u.params())
      if (iequals(p.name, "method")) add(rule_id::request_uri_component, error_code::success, nullptr, p.name);
    if (m_.method_kind() == method_id::register_ && u.has_user)
      add(rule_id::request_uri_component, error_code::success, nullptr, u.user);
  }

  // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB)
  void reason_phrase(std::string_view r) noexcept {
    for (std::size_t i = 0; i < r.size(); ++i) {
      auto c = static_cast<unsigned char>(r[i]);
      if (c >= 0x80 || c < 0x20 || c == 0x7F) continue;  // UTF-8 below; control bytes are deviations
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) continue;
      if (std::strchr(";/?:@&=+$,-_.!~*'() \t", c)) continue;
      if (c == '%' && i + 2 < r.size() && is_hex(r[i + 1]) && is_hex(r[i + 2])) {
        i += 2;
        continue;
      }
      add(rule_id::reason_phrase, error_code::success, nullptr, r, static_cast<std::uint32_t>(i), 1);
      break;
    }
    utf8(nullptr, r);
  }

  void utf8(const header_view* h, std::string_view text) noexcept {
    std::size_t bad = invalid_utf8(text);
    if (bad != std::string_view::npos)
      add(rule_id::non_utf8_text, error_code::success, h, text, static_cast<std::uint32_t>(bad), 1);
  }

  // ---- each header row through its typed parser
  void row(const header_view& h) noexcept {
    if (h.flags & header_flags::compact) add(rule_id::compact_form, error_code::success, &h, h.name);
    if (h.id == header_id::other) {
      add(rule_id::unknown_header, error_code::success, &h, h.name);
      return;
    }
    const header_info& hi = info(h.id);
    if (hi.singleton) conflict(h);
    // An empty value is legal only where the ABNF reads HCOLON [ ... ]
    // ("Supported:" = no extension supported, §20.37); every other grammar
    // needs at least one element.
    if (h.value.empty()) {
      if (!hi.empty_ok) failed(rule_id::header_syntax, result{error_code::empty_value, 0}, h, h.value);
      return;
    }
    switch (hi.kind) {
      case value_kind::text: text_value(h); return;
      case value_kind::params: single(h, h.value); return;
      case value_kind::single: single(h, h.value); return;
      case value_kind::list: break;
    }
    switch (grammar_of(h.id)) {
      case value_grammar::none: return;  // no typed parser
      case value_grammar::token_list: single(h, h.value); return;  // the parser reads the whole row
      default: break;                                              // element by element
    }
    std::string_view rest = h.value;
    while (!rest.empty()) {
      std::string_view e = next_list_element(rest, rest);
      if (!e.empty()) single(h, e);
    }
  }

  // A second row of a single-valued header whose value differs from the first's.
  void conflict(const header_view& h) noexcept {
    const std::uint16_t first = m_.first_row(h.id);
    if (first == no_header || first == h.index) return;
    const header_record& r = m_.records()[first];
    if (raw_.substr(r.value_offset, r.value_length) != h.value)
      add(rule_id::conflicting_singleton, error_code::success, &h, h.value);
  }

  void text_value(const header_view& h) noexcept {
    switch (grammar_of(h.id)) {
      case value_grammar::date: {
        date_view d;
        if (result r = parse_date(h.value, d); !r) failed(rule_id::header_syntax, r, h, h.value);
        return;
      }
      case value_grammar::retry_after: {
        retry_after_view v;
        if (result r = parse_retry_after(h.value, v); !r) failed(rule_id::header_syntax, r, h, h.value);
        return;
      }
      case value_grammar::server_val:
        if (result r = parse_server_val(h.value); !r) failed(rule_id::product_syntax, r, h, h.value);
        utf8(&h, h.value);
        return;
      default: utf8(&h, h.value); return;
    }
  }

  template <class View>
  bool typed(const header_view& h, std::string_view v, result (*parse)(std::string_view, View&) noexcept,
             View& out) noexcept {
    if (result r = parse(v, out); !r) return failed(rule_id::header_syntax, r, h, v), false;
    return true;
  }

  // A number with its own range rule for number_overflow.
  bool number(const header_view& h, std::string_view v, result (*parse)(std::string_view, std::uint32_t&) noexcept,
              rule_id range_rule, std::uint32_t& n) noexcept {
    if (result r = parse(v, n); !r) {
      failed(r.code == error_code::number_overflow ? range_rule : rule_id::header_syntax, r, h, v);
      return false;
    }
    return true;
  }

  // The scan typed this row's value (the first row of its header, one element):
  // the scanned.hpp readers give what parsing it again would.
  bool scanned(const header_view& h, scanned_fields::field f) const noexcept {
    return m_.scanned().has(f) && h.id == scanned_fields::header_of(f) && m_.first_row(h.id) == h.index;
  }

  void single(const header_view& h, std::string_view v) noexcept {
    switch (grammar_of(h.id)) {
      case value_grammar::via: return via(h, v);
      case value_grammar::name_addr: {
        name_addr_view x;
        // From and To: the scan typed the first row (scanned.hpp), or it is parsed here
        result r = scanned(h, scanned_fields::from) ? parse_from(m_, x)
                   : scanned(h, scanned_fields::to) ? parse_to(m_, x)
                                                     : parse_name_addr(v, x);
        if (!r) return name_addr_failed(h, v, r);
        param_facts f;
        name_addr(h, x, nullptr, &f);
        if ((h.id == header_id::from || h.id == header_id::to) && m_.first_row(h.id) == h.index)
          (h.id == header_id::from ? from_tag_ : to_tag_) = f.tag ? 1 : 0;
        return;
      }
      case value_grammar::contact: {
        name_addr_view x;
        ++contact_count_;
        if (result r = parse_contact(v, x); !r) return name_addr_failed(h, v, r);
        if (x.is_star) {
          if (star_row_.name.empty()) star_row_ = h;
          return;
        }
        param_facts f;
        name_addr(h, x, nullptr, &f);
        if (!f.expires.empty() && !digits_at_most(f.expires, 0xFFFFFFFFu))
          add(rule_id::expires_range, error_code::number_overflow, &h, f.expires);
        return;
      }
      case value_grammar::route: {
        name_addr_view x;
        if (!typed(h, v, parse_route, x)) return;
        uri_view u;
        if (name_addr(h, x, &u) && (h.id == header_id::route || h.id == header_id::record_route) && u.is_sip() &&
            s_.wants(rule_id::route_lr) && !u.lr())
          add(rule_id::route_lr, error_code::success, &h, x.uri);
        return;
      }
      case value_grammar::cseq: {
        cseq_view x;
        if (result r = scanned(h, scanned_fields::cseq) ? parse_cseq(m_, x) : parse_cseq(v, x); !r)
          return failed(r.code == error_code::number_overflow ? rule_id::cseq_number_range : rule_id::header_syntax,
                        r, h, v);
        if (!cseq_seen_) cseq_seen_ = true, cseq_ = h, cseq_method_ = x.method;
        return;
      }
      case value_grammar::call_id: {
        call_id_view x;
        if (!scanned(h, scanned_fields::call_id)) typed(h, v, parse_call_id, x);
        return;
      }
      case value_grammar::max_forwards: {
        std::uint32_t n = m_.scanned().max_forwards_value;
        if ((scanned(h, scanned_fields::max_forwards) || number(h, v, parse_max_forwards, rule_id::max_forwards_range, n)) &&
            n > 70 && m_.is_request())
          add(rule_id::max_forwards_high, error_code::success, &h, v);
        return;
      }
      case value_grammar::content_length: {
        std::uint32_t n;
        if (!scanned(h, scanned_fields::content_length)) number(h, v, parse_content_length, rule_id::header_syntax, n);
        return;
      }
      case value_grammar::expires: {
        std::uint32_t n;
        if (!scanned(h, scanned_fields::expires)) number(h, v, parse_expires, rule_id::expires_range, n);
        return;
      }
      case value_grammar::min_expires: {
        std::uint32_t n;
        number(h, v, parse_min_expires, rule_id::expires_range, n);
        return;
      }
      case value_grammar::rseq: {
        std::uint32_t n;
        number(h, v, parse_rseq, rule_id::header_syntax, n);
        return;
      }
      case value_grammar::content_type: {
        media_type_view x;
        typed(h, v, parse_content_type, x);
        return;
      }
      case value_grammar::token_list:
        if (result r = parse_token_list(v, false); !r) failed(rule_id::header_syntax, r, h, v);
        return;
      case value_grammar::event: {
        event_view x;
        typed(h, v, parse_event, x);
        return;
      }
      case value_grammar::session_expires: {
        session_expires_view x;
        typed(h, v, parse_session_expires, x);
        return;
      }
      case value_grammar::min_se: {
        min_se_view x;
        typed(h, v, parse_min_se, x);
        return;
      }
      case value_grammar::rack: {
        rack_view x;
        typed(h, v, parse_rack, x);
        return;
      }
      case value_grammar::timestamp: {
        timestamp_view x;
        typed(h, v, parse_timestamp, x);
        return;
      }
      case value_grammar::warning: {
        warning_view x;
        typed(h, v, parse_warning, x);
        return;
      }
      case value_grammar::credentials: {
        auth_view x;
        typed(h, v, parse_credentials, x);
        return;
      }
      case value_grammar::challenge: {
        auth_view x;
        typed(h, v, parse_challenge, x);
        return;
      }
      case value_grammar::authentication_info: {
        auth_view x;
        typed(h, v, parse_authentication_info, x);
        return;
      }
      default: return;
    }
  }

  // What one walk over a header's parameters reads besides repeated names.
  struct param_facts {
    bool tag = false;           // a "tag" parameter (From, To: RFC 3261 §8.1.1.2, §8.2.6.2)
    bool expires_seen = false;  // the first "expires" parameter was read (Contact, §20.10)
    std::string_view expires;   // its value, empty when valueless
    bool address = false;       // a "received", or an "rport" with a value (Via, RFC 3581)
  };

  // One walk over a parameter list: a name the value already carried
  // (";tag=a;tag=b") is duplicate_parameter at the second one, and each
  // parameter's facts are noted on the way. The first 16 names are compared,
  // each with those before it: the work per value stays bounded on hostile
  // input.
  void walk_params(const header_view& h, const param_range& ps, param_facts& f) noexcept {
    struct name_ref {
      const char* data;
      std::size_t size;
    };
    name_ref seen[16];  // left uninitialised: only [0, n) is read
    std::size_t n = 0;
    bool comparing = true;
    for (const param& p : ps) {
      if (comparing) {
        if (n == std::size(seen)) {
          comparing = false;
        } else {
          for (std::size_t i = 0; i < n; ++i)
            if (iequals(std::string_view(seen[i].data, seen[i].size), p.name)) {
              add(rule_id::duplicate_parameter, error_code::success, &h, p.name);
              comparing = false;
              break;
            }
          if (comparing) seen[n++] = name_ref{p.name.data(), p.name.size()};
        }
      }
      switch (p.name.size()) {
        case 3: f.tag |= iequals(p.name, "tag"); break;
        case 5: f.address |= p.has_value && iequals(p.name, "rport"); break;
        case 7:
          if (!f.expires_seen && iequals(p.name, "expires")) f.expires_seen = true, f.expires = p.value;
          break;
        case 8: f.address |= iequals(p.name, "received"); break;
        default: break;
      }
    }
  }

  // §20.10: an addr-spec with ',', '?' or ';' in its URI must be inside < >;
  // without them the typed parser stops at that byte, and that rule says why.
  void name_addr_failed(const header_view& h, std::string_view v, const result& r) noexcept {
    std::string_view at_fault = v.substr(r.offset < v.size() ? r.offset : v.size());
    if (v.find('<') == std::string_view::npos && !at_fault.empty() &&
        (at_fault.front() == '?' || at_fault.front() == ',')) {
      std::size_t start = v.find_first_not_of(" \t");
      if (start == std::string_view::npos) start = 0;
      add(rule_id::addr_spec_with_separators, r.code, &h, v, static_cast<std::uint32_t>(start),
          static_cast<std::uint32_t>(v.size() - start));
      return;
    }
    failed(rule_id::header_syntax, r, h, v);
  }

  // The URI of a name-addr / addr-spec, its display name, the §20.10 rule.
  bool name_addr(const header_view& h, const name_addr_view& x, uri_view* out = nullptr,
                 param_facts* facts = nullptr) noexcept {
    if (x.display_name_quoted) utf8(&h, x.display_name);
    param_facts unused;
    walk_params(h, x.params, facts ? *facts : unused);
    if (!x.has_angle_brackets && x.uri.find_first_of(",?") != std::string_view::npos)
      add(rule_id::addr_spec_with_separators, error_code::success, &h, x.uri);
    // The same text as the Request-URI (To of a request, often): the same reading.
    if (!out && !ruri_.empty() && x.uri == ruri_) {
      if (ruri_ipv6_rfc3261_form_)
        add(rule_id::ipv6_rfc3261_form, error_code::success, &h,
            x.uri.substr(static_cast<std::size_t>(ruri_host_.data() - ruri_.data()), ruri_host_.size()));
      return true;
    }
    uri_view u;
    if (result r = parse_uri(x.uri, u); !r) {
      failed(rule_id::uri_syntax, r, h, x.uri);
      return false;
    }
    if (u.ipv6_rfc3261_form) add(rule_id::ipv6_rfc3261_form, error_code::success, &h, u.host);
    if (out) *out = u;
    return true;
  }

  void via(const header_view& h, std::string_view v) noexcept {
    via_view x;
    if (result r = scanned(h, scanned_fields::via) ? parse_via(m_, x) : parse_via(v, x); !r) {
      // received = IPv4address / IPv6address, rport = [1*DIGIT]: the parameter's own rule
      std::string_view before = v.substr(0, r.offset < v.size() ? r.offset : v.size());
      std::size_t semi = before.rfind(';');
      std::string_view param = semi == std::string_view::npos ? std::string_view() : before.substr(semi + 1);
      bool addr = param.starts_with("received=") || param.starts_with("rport=");
      failed(addr ? rule_id::via_rport_received : rule_id::header_syntax, r, h, v);
      return;
    }
    if (!iequals(x.protocol_name, "SIP") || x.protocol_version != "2.0")
      add(rule_id::via_sent_protocol, error_code::bad_via, &h,
          std::string_view(x.protocol_name.data(),
                           static_cast<std::size_t>(x.protocol_version.data() + x.protocol_version.size() -
                                                    x.protocol_name.data())));
    // one walk over the parameters (the grammar already checked their syntax;
    // parse_via marked the first branch, whose value is never empty)
    const std::string_view branch = x.branch();
    param_facts f;
    walk_params(h, x.params, f);
    // RFC 4475 §3.2.1: the cookie with no identifier after it
    if (branch == "z9hG4bK") add(rule_id::via_branch_cookie_only, error_code::success, &h, branch);
    // received = IPv4address / IPv6address, rport = [1*DIGIT] below 65536 (RFC 3581 §4)
    if (f.address)
      for (const param& p : x.params) {
        if (iequals(p.name, "received")) {
          if (!is_ip_address(p.value)) add(rule_id::via_rport_received, error_code::bad_host, &h, p.value);
        } else if (iequals(p.name, "rport")) {
          if (p.has_value && !digits_at_most(p.value, 65535))
            add(rule_id::via_rport_received, error_code::bad_port, &h, p.value);
        }
      }
    // RFC 3261 §8.1.1.7: the top Via of a request
    if (m_.is_request() && !top_via_seen_) {
      top_via_seen_ = true;
      if (!branch.starts_with("z9hG4bK"))
        add(rule_id::via_branch_cookie, error_code::success, &h, !branch.empty() ? branch : v);
    } else if (!branch.starts_with("z9hG4bK")) {
      // the other Vias: added by other elements, RFC 2543 ones among them
      add(rule_id::via_branch_no_cookie, error_code::success, &h, !branch.empty() ? branch : v);
    }
  }

  // ---- presence (RFC 3261 §8.1.1, §8.2.6 and the tables' 'm' entries)
  void presence() noexcept {
    if (!m_.is_request() && !m_.is_response()) return;
    for (header_id id : {header_id::to, header_id::from, header_id::cseq, header_id::call_id, header_id::via})
      if (!m_.has(id)) missing(id);
    if (m_.is_request()) {
      if (!m_.has(header_id::max_forwards)) missing(header_id::max_forwards, rule_id::missing_since_rfc3261);
      switch (m_.method_kind()) {
        case method_id::invite:
          if (!m_.has(header_id::contact)) missing(header_id::contact, rule_id::missing_since_rfc3261);
          break;
        case method_id::subscribe:
          if (!m_.has(header_id::event)) missing(header_id::event);
          break;
        case method_id::notify:
          if (!m_.has(header_id::event)) missing(header_id::event);
          if (!m_.has(header_id::subscription_state)) missing(header_id::subscription_state);
          break;
        case method_id::prack:
          if (!m_.has(header_id::rack)) missing(header_id::rack);
          break;
        case method_id::refer:
          if (!m_.has(header_id::refer_to)) missing(header_id::refer_to);
          break;
        default: break;
      }
      return;
    }
    std::uint16_t code = m_.status_code();
    method_id cm = cseq_method();
    auto need = [&](header_id id) {
      if (!m_.has(id)) missing(id);
    };
    if (code == 405 && cm != method_id::ack && cm != method_id::cancel) need(header_id::allow);
    if (code == 401 && cm != method_id::ack && cm != method_id::cancel) need(header_id::www_authenticate);
    if (code == 407 && cm != method_id::ack && cm != method_id::cancel) need(header_id::proxy_authenticate);
    if (code == 420 && cm != method_id::ack && cm != method_id::cancel) need(header_id::unsupported);
    if (code == 423) need(header_id::min_expires);
    if (code >= 200 && code < 300 && cm == method_id::invite && !m_.has(header_id::contact))
      missing(header_id::contact, rule_id::missing_since_rfc3261);
  }

  method_id cseq_method() const noexcept { return cseq_seen_ ? classify_method(cseq_method_) : method_id::other; }

  // ---- placement (the '-' entries of tables 2 and 3)
  void placement_rules() noexcept {
    if (!s_.wants(rule_id::header_not_applicable)) return;
    if (m_.is_request()) {
      std::uint8_t col = column(m_.method_kind());
      for (const placement& p : request_placement) {
        bool na = p.not_in_request == 0x3F || (col != m_none && (p.not_in_request & col));
        if (!na || !m_.has(p.id)) continue;
        header_view h;
        if (m_.find(p.id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
      }
      return;
    }
    if (!m_.is_response()) return;
    for (header_id id : request_only) {
      header_view h;
      if (m_.has(id) && m_.find(id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
    }
    std::uint16_t code = m_.status_code();
    auto only_for = [&](header_id id, bool ok) {
      header_view h;
      if (!ok && m_.find(id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
    };
    only_for(header_id::www_authenticate, code == 401 || code == 407);
    only_for(header_id::proxy_authenticate, code == 401 || code == 407);
    only_for(header_id::unsupported, code == 420);
    only_for(header_id::min_expires, code == 423);
    only_for(header_id::authentication_info, code >= 200 && code < 300);
    only_for(header_id::error_info, code >= 300);
  }

  // ---- semantics
  void semantics() noexcept {
    if (m_.is_request() && cseq_seen_ && cseq_method_ != m_.method())
      add(rule_id::cseq_method_mismatch, error_code::success, &cseq_, cseq_method_);
    tags();
    contacts();
    if (!m_.has_content_length() && (m_.is_request() || m_.is_response()))
      s_.add(rule_id::content_length_missing, error_code::missing_header, header_id::content_length, no_header,
             end_of_headers(), 0);
    if (!m_.body().empty() && !m_.has(header_id::content_type))
      s_.add(rule_id::content_type_missing, error_code::missing_header, header_id::content_type, no_header,
             m_.body_offset(), 0);
  }

  void tags() noexcept {
    header_view h;
    if (m_.is_request() && from_tag_ == 0 && m_.find(header_id::from, h))
      add(rule_id::from_tag_missing, error_code::success, &h, h.value);
    bool needs_to_tag = false;
    if (m_.is_response()) {
      needs_to_tag = m_.status_code() > 100;
    } else if (m_.is_request()) {
      switch (m_.method_kind()) {
        case method_id::bye:
        case method_id::ack:
        case method_id::prack:
        case method_id::update:
        case method_id::info:
        case method_id::notify: needs_to_tag = true; break;
        default: break;
      }
    }
    if (needs_to_tag && to_tag_ == 0 && m_.find(header_id::to, h))
      add(rule_id::to_tag_missing, error_code::success, &h, h.value);
  }

  // RFC 3261 §8.1.1.8, §12.1.1: one Contact URI in INVITE and its 2xx;
  // §10.2.2: "*" only in REGISTER, alone, with Expires: 0.
  void contacts() noexcept {
    std::size_t n = contact_count_;
    bool dialog_creating = (m_.is_request() && m_.method_kind() == method_id::invite) ||
                           (m_.is_response() && m_.status_code() >= 200 && m_.status_code() < 300 &&
                            cseq_method() == method_id::invite);
    header_view first;
    if (dialog_creating && n > 1 && m_.find(header_id::contact, first))
      add(rule_id::contact_required, error_code::success, &first, first.value);
    if (!star_row_.name.empty()) {
      std::uint32_t expires = 1;
      bool ok = m_.is_request() && m_.method_kind() == method_id::register_ && n == 1 &&
                parse_expires(m_.value(header_id::expires), expires) && expires == 0;
      if (!ok) add(rule_id::contact_required, error_code::success, &star_row_, star_row_.value);
    }
  }

  const message_view& m_;
  sink& s_;
  std::string_view raw_;
  bool top_via_seen_ = false;
  // the Request-URI when it parsed: its text, host and RFC 3261 IPv6 form
  std::string_view ruri_, ruri_host_;
  bool ruri_ipv6_rfc3261_form_ = false;
  // facts gathered by the row pass for the message-level checks
  int from_tag_ = -1, to_tag_ = -1;  // the first From / To row: 1 tag, 0 none, -1 unread
  std::size_t contact_count_ = 0;
  header_view star_row_{};
  bool cseq_seen_ = false;
  header_view cseq_{};
  std::string_view cseq_method_;
};

}  // namespace

void check_message(const message_view& msg, sink& s) noexcept { checker(msg, s).run(); }

}  // namespace sipspan::lint_detail
