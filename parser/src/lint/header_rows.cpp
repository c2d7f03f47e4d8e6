// sipspan — the validator's header rows: each row through its typed parser
// (RFC 3261 §20, §25.1), the scan's typed fields read instead where it typed
// the row, numbers with their own range rules, singletons repeated with
// another value.

#include <array>
#include <cstring>

#include "lint/checker.hpp"
#include "sipspan/auth.hpp"

namespace sipspan::lint_detail {

namespace {

// The whitespace next_list_element trims from an element (LWS, folds included).
bool is_wsp_or_eol(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// What the row pass reads of a header id, gathered once from info() and
// grammar_of() so that each row costs one lookup, not two calls.
struct row_plan {
  value_kind kind = value_kind::text;
  value_grammar grammar = value_grammar::none;
  bool singleton = false;
  bool empty_ok = false;
};

std::array<row_plan, header_id_count> make_plans() noexcept {
  std::array<row_plan, header_id_count> p{};
  for (std::size_t i = 0; i < header_id_count; ++i) {
    const auto id = static_cast<header_id>(i);
    const header_info& hi = info(id);
    p[i] = row_plan{hi.kind, grammar_of(id), hi.singleton, hi.empty_ok};
  }
  return p;
}

// filled when the library is loaded (info() and grammar_of() read constant tables)
const std::array<row_plan, header_id_count> plans = make_plans();

inline const row_plan& plan(header_id id) noexcept { return plans[static_cast<std::size_t>(id)]; }

}  // namespace

// ---- each header row through its typed parser
void checker::row(const header_view& h) noexcept {
  if (h.flags & header_flags::compact) add(rule_id::compact_form, error_code::success, &h, h.name);
  if (h.id == header_id::other) {
    add(rule_id::unknown_header, error_code::success, &h, h.name);
    return;
  }
  const row_plan& hi = plan(h.id);
  // a second row of a singleton (the first one is what the others are compared with)
  if (hi.singleton && m_.first_row(h.id) != h.index) conflict(h);
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
  switch (hi.grammar) {
    case value_grammar::none: return;  // no typed parser
    case value_grammar::token_list: single(h, h.value); return;  // the parser reads the whole row
    default: break;                                              // element by element
  }
  // No comma: the value is one element (next_list_element would find no other
  // and trim the same whitespace), as nearly every row is.
  if (!std::memchr(h.value.data(), ',', h.value.size())) {
    std::string_view e = h.value;
    while (!e.empty() && is_wsp_or_eol(e.front())) e.remove_prefix(1);
    while (!e.empty() && is_wsp_or_eol(e.back())) e.remove_suffix(1);
    if (!e.empty()) single(h, e);
    return;
  }
  std::string_view rest = h.value;
  while (!rest.empty()) {
    std::string_view e = next_list_element(rest, rest);
    if (!e.empty()) single(h, e);
  }
}

// A second row of a single-valued header whose value differs from the first's.
void checker::conflict(const header_view& h) noexcept {
  const std::uint16_t first = m_.first_row(h.id);
  if (first == no_header || first == h.index) return;
  const header_record& r = m_.records()[first];
  if (raw_.substr(r.value_offset, r.value_length) != h.value)
    add(rule_id::conflicting_singleton, error_code::success, &h, h.value);
}

void checker::text_value(const header_view& h) noexcept {
  switch (plan(h.id).grammar) {
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

// A number with its own range rule for number_overflow.
bool checker::number(const header_view& h, std::string_view v, result (*parse)(std::string_view, std::uint32_t&) noexcept,
            rule_id range_rule, std::uint32_t& n) noexcept {
  if (result r = parse(v, n); !r) {
    failed(r.code == error_code::number_overflow ? range_rule : rule_id::header_syntax, r, h, v);
    return false;
  }
  return true;
}

void checker::single(const header_view& h, std::string_view v) noexcept {
  switch (plan(h.id).grammar) {
    case value_grammar::via: return via(h, v);
    case value_grammar::name_addr: {
      name_addr_view x;
      param_facts f;
      // From and To: the scan typed the first row (scanned.hpp) and read its
      // parameters (scan_facts), or it is parsed here
      result r;
      if (scanned(h, scanned_fields::from) || scanned(h, scanned_fields::to)) {
        const bool from = h.id == header_id::from;
        r = from ? parse_from(m_, x) : parse_to(m_, x);
        f.scanned = true;
        f.duplicate = facts(m_).has(from ? scan_facts::from_duplicate_param : scan_facts::to_duplicate_param);
        // tag-param = "tag" EQUAL token: the scan marked the first one's token
        f.tag = (from ? m_.scanned().from_value : m_.scanned().to_value).tag.length != 0;
      } else {
        r = parse_name_addr(v, x);
      }
      if (!r) return name_addr_failed(h, v, r);
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
      bool no_lr = false;
      if (name_addr(h, x, &no_lr) && (h.id == header_id::route || h.id == header_id::record_route) && no_lr &&
          s_.wants(rule_id::route_lr))
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
    case value_grammar::content_type:
      // the first row's reading is the body's (check_body)
      if (m_.first_row(h.id) != h.index) return verdict<media_type_view>(h, v, parse_content_type);
      content_type_read_ = typed(h, v, parse_content_type, content_type_);
      return;
    case value_grammar::token_list:
      if (result r = parse_token_list(v, false); !r) failed(rule_id::header_syntax, r, h, v);
      return;
    case value_grammar::event: return verdict<event_view>(h, v, parse_event);
    case value_grammar::session_expires: return verdict<session_expires_view>(h, v, parse_session_expires);
    case value_grammar::min_se: return verdict<min_se_view>(h, v, parse_min_se);
    case value_grammar::rack: return verdict<rack_view>(h, v, parse_rack);
    case value_grammar::timestamp: return verdict<timestamp_view>(h, v, parse_timestamp);
    case value_grammar::warning: return verdict<warning_view>(h, v, parse_warning);
    case value_grammar::credentials: return verdict<auth_view>(h, v, parse_credentials);
    case value_grammar::challenge: return verdict<auth_view>(h, v, parse_challenge);
    case value_grammar::authentication_info: return verdict<auth_view>(h, v, parse_authentication_info);
    default: return;
  }
}

}  // namespace sipspan::lint_detail
