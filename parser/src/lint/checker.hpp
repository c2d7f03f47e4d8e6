// sipspan — the validator's message checker: the state of one pass over a parsed
// message and the checks by rule family, each family in its own file:
//   checks.cpp       the pass, the parse's deviations, the shared helpers
//   start_line.cpp   the start line (RFC 3261 §7.1, §7.2)
//   header_rows.cpp  each header row through its typed parser (§20, §25.1)
//   addresses.cpp    name-addr, addr-spec, their URIs and parameters (§20.10, §19.1)
//   via.cpp          Via (§8.1.1.7, §18.2.1, RFC 3581)
//   presence.cpp     mandatory and not-applicable headers (§8.1.1, §8.2.6, §20 tables 2, 3)
//   semantics.cpp    CSeq, tags, Contact, Content-Length and Content-Type (§8.1.1, §12.1.1)
#pragma once

#include <cstdint>
#include <iterator>
#include <string_view>

#include "lint/lint_checks.hpp"
#include "sip/uri_scan.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/params.hpp"
#include "sipspan/scanned.hpp"
#include "sipspan/uri.hpp"

namespace sipspan::lint_detail {

// 1*DIGIT no larger than max.
inline bool digits_at_most(std::string_view d, std::uint64_t max) noexcept {
  if (d.empty()) return false;
  std::uint64_t v = 0;
  for (char c : d) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
    if (v > max) return false;
  }
  return true;
}

// IPv4address / IPv6address, or an IPv6reference (addresses.cpp).
bool is_ip_address(std::string_view a) noexcept;
// parse_uri accepts the URI and it has no RFC 3261-only IPv6 form; `m`: the
// URI machine's marks (addresses.cpp).
bool uri_verdict(std::string_view text, detail::uri_marks& m) noexcept;

class checker {
 public:
  checker(const message_view& m, sink& s, reading how) noexcept
      : m_(m), s_(s), raw_(m.raw()), facts_(how == reading::facts) {}

  // Every check, in message order of the families; check_body last.
  void run() noexcept;

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
  void failed(rule_id r, const result& res, const header_view& h, std::string_view piece) noexcept;
  // Where a missing header would go: the empty line that ends the header section.
  std::uint32_t end_of_headers() const noexcept;
  void missing(header_id id, rule_id r = rule_id::missing_mandatory_header) noexcept;

  // The parse's deviations, each under its rule.
  void deviations() noexcept;
  // TEXT-UTF8 (RFC 3629): non_utf8_text at the first byte that is not.
  void utf8(const header_view* h, std::string_view text) noexcept;

  // ---- start_line.cpp: the start line (RFC 3261 §7.1, §7.2)
  void start_line() noexcept;
  // Reason-Phrase = *(reserved / unreserved / escaped / UTF8-NONASCII / UTF8-CONT / SP / HTAB)
  void reason_phrase(std::string_view r) noexcept;

  // ---- header_rows.cpp: each header row through its typed parser
  void row(const header_view& h) noexcept;
  // A second row of a single-valued header whose value differs from the first's.
  void conflict(const header_view& h) noexcept;
  void text_value(const header_view& h) noexcept;
  template <class View>
  bool typed(const header_view& h, std::string_view v, result (*parse)(std::string_view, View&) noexcept,
             View& out) noexcept {
    if (result r = parse(v, out); !r) return failed(rule_id::header_syntax, r, h, v), false;
    return true;
  }
  // A typed parse for its verdict alone.
  template <class View>
  void verdict(const header_view& h, std::string_view v, result (*parse)(std::string_view, View&) noexcept) noexcept {
    View x;
    typed(h, v, parse, x);
  }

  // A number with its own range rule for number_overflow.
  bool number(const header_view& h, std::string_view v, result (*parse)(std::string_view, std::uint32_t&) noexcept,
              rule_id range_rule, std::uint32_t& n) noexcept;
  // The scan typed this row's value (the first row of its header, one element):
  // the scanned.hpp readers give what parsing it again would.
  bool scanned(const header_view& h, scanned_fields::field f) const noexcept {
    return facts_ && m_.scanned().has(f) && h.id == scanned_fields::header_of(f) && m_.first_row(h.id) == h.index;
  }

  void single(const header_view& h, std::string_view v) noexcept;

  // ---- addresses.cpp: name-addr, addr-spec and parameters
  // What one walk over a header's parameters reads besides repeated names.
  struct param_facts {
    bool tag = false;           // a "tag" parameter (From, To: RFC 3261 §8.1.1.2, §8.2.6.2)
    bool expires_seen = false;  // the first "expires" parameter was read (Contact, §20.10)
    std::string_view expires;   // its value, empty when valueless
    // Via (RFC 3581 §4): set by the caller, the walk checks received = IPv4address /
    // IPv6address and rport = [1*DIGIT] below 65536, and keeps the values outside
    // their rule in order (the first two; `bad` counts them all)
    bool via = false;
    // From and To as the scan typed them (set by the caller): the tag and the
    // repeated names are its facts, and the walk runs only to place a repeat
    bool scanned = false;
    bool duplicate = false;
    std::uint8_t bad = 0;
    std::string_view bad_value[2];
    error_code bad_code[2]{};
    void bad_address(std::string_view value, error_code code) noexcept {
      if (bad < std::size(bad_value)) bad_value[bad] = value, bad_code[bad] = code;
      if (bad < 0xFF) ++bad;
    }
  };

  // One walk over a parameter list: a name the value already carried
  // (";tag=a;tag=b") is duplicate_parameter at the second one, and each
  // parameter's facts are noted on the way. The first 16 names are compared,
  // each with those before it: the work per value stays bounded on hostile
  // input.
  void walk_params(const header_view& h, const param_range& ps, param_facts& f) noexcept;
  // §20.10: an addr-spec with ',', '?' or ';' in its URI must be inside < >;
  // without them the typed parser stops at that byte, and that rule says why.
  void name_addr_failed(const header_view& h, std::string_view v, const result& r) noexcept;
  // The URI of a name-addr / addr-spec, its display name, the §20.10 rule.
  // `no_lr` (Route): set to whether the URI is a SIP or SIPS URI without lr.
  bool name_addr(const header_view& h, const name_addr_view& x, bool* no_lr = nullptr,
                 param_facts* facts = nullptr) noexcept;

  // ---- via.cpp
  void via(const header_view& h, std::string_view v) noexcept;
  // received in the parameters of a Via the scan typed, as walk_params checks it.
  void scanned_received(std::string_view params, param_facts& f) noexcept;

  // ---- presence.cpp
  // Mandatory headers (RFC 3261 §8.1.1, §8.2.6 and the tables' 'm' entries).
  void presence() noexcept;
  // Headers the '-' entries of tables 2 and 3 exclude.
  void placement_rules() noexcept;
  // A row of this header: its entry of the request table, if any, is present.
  void note_placement(header_id id) noexcept;
  method_id cseq_method() const noexcept { return cseq_seen_ ? classify_method(cseq_method_) : method_id::other; }

  // ---- semantics.cpp
  // CSeq against the method, tags, Contact, Content-Length and Content-Type.
  void semantics() noexcept;
  // From and To tags (RFC 3261 §8.1.1.2, §8.2.6.2, §12.2.1.1).
  void tags() noexcept;
  // RFC 3261 §8.1.1.8, §12.1.1: one Contact URI in INVITE and its 2xx;
  // §10.2.2: "*" only in REGISTER, alone, with Expires: 0.
  void contacts() noexcept;

  const message_view& m_;
  sink& s_;
  std::string_view raw_;
  // read the scan's facts and typed spans (reading::facts), or parse every value
  bool facts_;
  bool top_via_seen_ = false;
  // the Request-URI when it parsed: its text, host and RFC 3261 IPv6 form
  std::string_view ruri_, ruri_host_;
  bool ruri_ipv6_rfc3261_form_ = false;
  // facts gathered by the row pass for the message-level checks
  int from_tag_ = -1, to_tag_ = -1;  // the first From / To row: 1 tag, 0 none, -1 unread
  std::size_t contact_count_ = 0;
  header_view star_row_{};
  // the request placement table's entries whose header the message has (bits in table order)
  std::uint64_t placement_rows_ = 0;
  // the first Content-Type row's reading, when it parsed (check_body reads it)
  bool content_type_read_ = false;
  media_type_view content_type_{};
  bool cseq_seen_ = false;
  header_view cseq_{};
  std::string_view cseq_method_;
};

}  // namespace sipspan::lint_detail
