// sipspan — the state the message machine (grammar/message.rl) marks spans into.
//
// The machine's actions call these small inline functions; each one records
// where something starts or ends, or records a deviation. Nothing here scans
// bytes, except trimming trailing whitespace off a value that has just ended
// and reading the digits of Content-Length (RFC 3261 §20.14).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "sip/field_switch.hpp"
#include "sip/header_table.hpp"
#include "sip/skip.hpp"
#include "sip/uri_scan.hpp"
#include "sipspan/message.hpp"

namespace sipspan {

using uchar = unsigned char;

// The value machine (grammar/message_fields.rl) a header's first field enters.
enum class typed_value : std::uint8_t { none, number, cseq, call_id, via, name_addr, contact };

// What a value machine marks while it reads a field (named marks; null: not seen).
struct scan_marks {
  const uchar* colon = nullptr;  // where the message machine resumes when the value is not plain
  const uchar* vstart = nullptr;
  std::uint64_t number = 0;  // at most ten digits
  const uchar *num_b = nullptr, *num_e = nullptr, *method_b = nullptr, *method_e = nullptr;
  const uchar *cid_e = nullptr, *local_e = nullptr, *chost_b = nullptr, *chost_e = nullptr;
  const uchar *pn_e = nullptr, *pv_b = nullptr, *pv_e = nullptr, *tr_b = nullptr, *tr_e = nullptr;
  const uchar *host_b = nullptr, *host_e = nullptr, *port_b = nullptr, *port_e = nullptr;
  const uchar *branch_b = nullptr, *branch_e = nullptr, *rport_b = nullptr, *rport_e = nullptr;
  const uchar *params_b = nullptr, *params_e = nullptr;
  const uchar *dn_b = nullptr, *dn_e = nullptr, *uri_b = nullptr, *uri_e = nullptr;
  const uchar *tag_b = nullptr, *tag_e = nullptr;
  bool quoted = false, angle = false;
  // the names of the first parameters, for scan_facts' duplicate parameters
  static constexpr std::uint32_t max_names = 16;
  std::uint32_t names = 0;
  const uchar* name_b[max_names];
  const uchar* name_e[max_names];
  void param_name_begin(const uchar* p) noexcept {
    if (names < max_names) name_b[names] = name_e[names] = p;
    ++names;
  }
  void param_name_end(const uchar* p) noexcept {
    if (names - 1 < max_names) name_e[names - 1] = p;
  }
  // A name among the first max_names repeated, ignoring ASCII case.
  bool duplicate_name() const noexcept;
};

// The value machine of each header id: one table lookup at each colon; and the
// scanned field each header's first row gives (scanned_fields::repeated).
struct typed_table {
  typed_value v[header_id_count]{};
  std::uint16_t field[header_id_count]{};
  constexpr typed_table() {
    for (auto f : {scanned_fields::cseq, scanned_fields::call_id, scanned_fields::max_forwards, scanned_fields::expires,
                   scanned_fields::content_length, scanned_fields::via, scanned_fields::from, scanned_fields::to,
                   scanned_fields::contact})
      field[static_cast<std::size_t>(scanned_fields::header_of(f))] = f;
    for (header_id id : {header_id::content_length, header_id::max_forwards, header_id::expires})
      v[static_cast<std::size_t>(id)] = typed_value::number;
    v[static_cast<std::size_t>(header_id::cseq)] = typed_value::cseq;
    v[static_cast<std::size_t>(header_id::call_id)] = typed_value::call_id;
    v[static_cast<std::size_t>(header_id::via)] = typed_value::via;
    v[static_cast<std::size_t>(header_id::from)] = typed_value::name_addr;
    v[static_cast<std::size_t>(header_id::to)] = typed_value::name_addr;
    v[static_cast<std::size_t>(header_id::contact)] = typed_value::contact;
  }
};
inline constexpr typed_table typed_of{};

struct message_builder {
  message_view& m;
  const uchar* base;
  const uchar* end;
  parse_options opts;
  result err{};
  bool failed = false;

  // start line
  const uchar* mark = nullptr;
  const uchar* line_start = nullptr;
  const uchar* sep_start = nullptr;
  enum class ctx : std::uint8_t { start, method, uri, version, status, reason, done } where = ctx::start;

  // the header field being read; reset when its name begins
  struct field_state {
    const uchar* name_start = nullptr;
    const uchar* gap = nullptr;  // start of a whitespace run inside/after the name
    const uchar* vstart = nullptr;
    const uchar* quote_at = nullptr;
    const uchar* angle_at = nullptr;
    const uchar* last_comma = nullptr;
    // deviations inside the name, recorded once the colon shows it is a field;
    // null between names (name_deviations and missing_colon clear them)
    const uchar* name_ws_at = nullptr;
    const uchar* name_ctl_at = nullptr;
    const uchar* name_bad_at = nullptr;
    std::uint32_t name_ws_len = 0;
    std::uint32_t deviations_before = 0;  // deviation count when the field began
    std::uint32_t angle = 0;
    std::uint16_t name_length = 0;
    header_id id = header_id::other;
    value_kind kind = value_kind::text;
    bool compact = false;
    bool words = false;     // Call-ID, In-Reply-To: quotes and <> are word characters
    bool name_odd = false;  // one of the name's deviations above is set
    // the value's flags, side by side: the colon clears them at once
    bool folded = false;
    bool in_quote = false;
    bool content = false;         // list element has content since the last comma
    bool scanned = false;         // the value machine of its header read the value (scan_marks)
    bool structure_seen = false;  // a quote or angle bracket was read in the value
    // once-per-field guards
    bool dev_ctl = false, dev_angle = false, dev_comma = false, dev_empty = false;
  } f;
  const uchar* eol = nullptr;  // CR (or bare LF) of the line that just ended
  scan_marks t;                // the typed field being read (field_marks.hpp)
  detail::uri_marks u;         // the Request-URI being read (uri_rules.rl)

  // body
  const uchar* headers_end = nullptr;
  std::int64_t content_length = -1;  // -1: absent
  const uchar* content_length_at = nullptr;

  message_builder(message_view& v, const uchar* b, const uchar* e, const parse_options& o) noexcept
      : m(v), base(b), end(e), opts(o) {}

  std::uint32_t off(const uchar* p) const noexcept { return static_cast<std::uint32_t>(p - base); }
  std::uint16_t current_index() const noexcept {
    return m.header_count_ < no_header ? static_cast<std::uint16_t>(m.header_count_) : no_header;
  }
  bool structured() const noexcept { return f.kind != value_kind::text; }

  void fail(error_code c, const uchar* at) noexcept {
    if (failed) return;
    failed = true;
    err.code = c;
    err.offset = off(at);
  }

  // Record a deviation; false when the options reject it or the table is full.
  bool dev(deviation_kind k, const uchar* at, std::uint32_t len, std::uint16_t header = no_header) noexcept {
    if (failed) return false;
    if (!opts.allows(k)) {
      fail(error_code::deviation_rejected, at);
      err.deviation = k;
      return false;
    }
    if (m.deviation_count_ >= m.deviation_capacity_) {
      fail(error_code::too_many_deviations, at);
      return false;
    }
    m.deviation_table()[m.deviation_count_++] = deviation{off(at), len, header, k};
    m.deviation_mask_ |= lenient(k);
    return true;
  }
  bool field_dev(deviation_kind k, const uchar* at, std::uint32_t len) noexcept {
    return dev(k, at, len, current_index());
  }
  // A once-per-field deviation.
  bool field_dev_once(bool& guard, deviation_kind k, const uchar* at, std::uint32_t len) noexcept {
    if (guard) return true;
    guard = true;
    return field_dev(k, at, len);
  }

  // ---- start line
  void set(message_view::span_t& s, const uchar* from, const uchar* to) noexcept {
    s.offset = off(from);
    s.length = static_cast<std::uint32_t>(to - from);
  }
  // A run of start-line separators ended at p: exactly one SP is canonical.
  bool separator_end(const uchar* p) noexcept {
    if (p - sep_start != 1 || *sep_start != ' ')
      return dev(deviation_kind::start_line_whitespace, sep_start, static_cast<std::uint32_t>(p - sep_start));
    return true;
  }
  // whitespace after the SIP-Version of a Request-Line
  bool trailing_whitespace(const uchar* p) noexcept {
    return dev(deviation_kind::start_line_whitespace, sep_start, static_cast<std::uint32_t>(p - sep_start));
  }
  void method_end(const uchar* p) noexcept {
    set(m.method_, mark, p);
    where = ctx::uri;
  }
  // The Request-URI starts at mark: read its plain form (false: not typed)
  bool request_uri_begin() noexcept {
    if (detail::typed_fields_off) return false;
    u = detail::uri_marks{};
    return true;
  }
  // p is the SP (or HTAB) after a plain Request-URI: keep its marks as offsets
  bool request_uri_end(const uchar* p) noexcept {
    if (p - mark > 0xFFFF) return false;
    auto at = [this](const uchar* q) { return static_cast<std::uint16_t>(q ? q - mark : 0); };
    scanned_fields::uri_parts& r = m.scanned_.request_uri_parts;
    r.colon = at(u.colon);
    r.pw_colon = at(u.pw_colon);
    r.at = at(u.at);
    r.port_colon = at(u.port_colon);
    r.params_at = at(u.params_at);
    r.headers_at = at(u.headers_at);
    r.scheme = static_cast<std::uint8_t>(u.scheme);
    r.host = static_cast<std::uint8_t>(u.kind);
    m.scanned_.present |= scanned_fields::request_uri;
    return true;
  }
  void uri_end(const uchar* p) noexcept {
    set(m.request_uri_, mark, p);
    where = ctx::version;
  }
  // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT: the grammar has checked the form
  void version_end(const uchar* p) noexcept {
    set(m.version_, mark, p);
    std::uint32_t facts = 0;
    if (p - mark == 7 && mark[4] == '2' && mark[5] == '.' && mark[6] == '0') facts |= scan_facts::version_2_0;
    if (mark[0] == 'S' && mark[1] == 'I' && mark[2] == 'P') facts |= scan_facts::version_upper;
    m.scanned_.facts.bits |= facts;
  }
  void status_end(const uchar* p) noexcept {
    set(m.status_, mark, p);
    m.status_code_ = static_cast<std::uint16_t>((mark[0] - '0') * 100 + (mark[1] - '0') * 10 + (mark[2] - '0'));
    where = ctx::reason;
  }
  void reason_end(const uchar* p) noexcept { set(m.reason_, mark, p); }
  void no_reason(const uchar* p) noexcept {
    m.reason_ = {off(p), 0};
    dev(deviation_kind::start_line_whitespace, p, 0);
  }
  void set_kind(message_kind k) noexcept { m.kind_ = k; }
  void start_line_end(const uchar* p) noexcept { set(m.start_line_, line_start, p); }

  // ---- header names
  SIPSPAN_ALWAYS_INLINE void name_begin(const uchar* p) noexcept {
    f.name_start = p;
    f.gap = nullptr;
    f.deviations_before = m.deviation_count_;
  }
  void name_gap(const uchar* p) noexcept { f.gap = p; }
  // a name piece resumes after whitespace: "Conta ct"
  void name_inner_ws(const uchar* p) noexcept {
    if (!f.name_ws_at) {
      f.name_ws_at = f.gap;
      f.name_ws_len = static_cast<std::uint32_t>(p - f.gap);
    }
    f.gap = nullptr;
    f.name_odd = true;
  }
  void name_control(const uchar* p) noexcept {
    if (!f.name_ctl_at) f.name_ctl_at = p;
    f.name_odd = true;
  }
  void name_invalid(const uchar* p) noexcept {
    if (!f.name_bad_at) f.name_bad_at = p;
    f.name_odd = true;
  }
  void clear_name_deviations() noexcept {
    f.name_ws_at = f.name_ctl_at = f.name_bad_at = nullptr;
    f.name_odd = false;
  }
  // The name's deviations, in input order, once the colon makes it a field name.
  bool name_deviations() noexcept {
    struct item {
      const uchar* at;
      std::uint32_t len;
      deviation_kind kind;
    } items[3] = {{f.name_ws_at, f.name_ws_len, deviation_kind::header_name_whitespace},
                  {f.name_ctl_at, 1, deviation_kind::header_name_control},
                  {f.name_bad_at, 1, deviation_kind::header_name_invalid}};
    for (int round = 0; round < 3; ++round) {
      item* next = nullptr;
      for (item& it : items)
        if (it.at && (!next || it.at < next->at)) next = &it;
      if (!next) break;
      if (!field_dev(next->kind, next->at, next->len)) return false;
      next->at = nullptr;
    }
    clear_name_deviations();
    return true;
  }
  // A line without a colon is not a header field: it is recorded as one
  // deviation (what its "name" held is not).
  // A bare LF that ended the line was recorded for the field it would have
  // been: that row never exists, so it belongs to no field.
  bool missing_colon(const uchar* p) noexcept {
    for (std::uint32_t i = f.deviations_before; i < m.deviation_count_; ++i)
      m.deviation_table()[i].header_index = no_header;
    clear_name_deviations();
    return dev(deviation_kind::missing_colon, f.name_start, static_cast<std::uint32_t>(p - f.name_start));
  }
  // Error path of the Request-Line: whitespace before the line ends means the
  // Request-URI held whitespace ("sip:a b@c SIP/2.0"), not a bad SIP-Version.
  bool whitespace_ahead(const uchar* p) const noexcept {
    if (m.request_uri_.length == 0) return false;
    for (; p < end && *p != '\r' && *p != '\n'; ++p)
      if (*p == ' ' || *p == '\t') return true;
    return false;
  }

  // ':' at p ends the name: classify it and get ready for the value.
  SIPSPAN_ALWAYS_INLINE bool colon(const uchar* p) noexcept {
    const uchar* name_end = p;
    if (f.name_odd && !name_deviations()) return false;
    if (f.gap) {  // "Via :" — legal per HCOLON, recorded
      name_end = f.gap;
      if (!field_dev(deviation_kind::whitespace_before_colon, f.gap, static_cast<std::uint32_t>(p - f.gap))) return false;
    }
    if (failed) return false;
    const std::size_t len = static_cast<std::size_t>(name_end - f.name_start);
    if (len > 0xFFFF) {
      fail(error_code::header_name_too_long, f.name_start);
      return false;
    }
    f.name_length = static_cast<std::uint16_t>(len);
    f.id = detail::classify(std::string_view(reinterpret_cast<const char*>(f.name_start), len));
    const header_info& hi = detail::table[static_cast<std::size_t>(f.id)];
    f.kind = hi.kind;
    f.words = hi.words;
    f.compact = len == 1 && f.id != header_id::other;
    // the value's state starts here
    f.vstart = f.quote_at = f.angle_at = f.last_comma = nullptr;
    f.angle = 0;
    f.folded = f.in_quote = f.content = f.scanned = f.structure_seen = false;
    f.dev_ctl = f.dev_angle = f.dev_comma = f.dev_empty = false;
    return true;
  }

  // ---- typed fields (grammar/message_fields.rl, field_marks.hpp)
  // The value machine the field whose colon is at p enters: the first field of a
  // header the scan types; none for the others.
  SIPSPAN_ALWAYS_INLINE typed_value typed_begin(const uchar* p) noexcept {
    const typed_value k = typed_of.v[static_cast<std::size_t>(f.id)];
    if (k == typed_value::none || m.first_[static_cast<std::size_t>(f.id)] != no_header || detail::typed_fields_off)
      return typed_value::none;
    // the marks a machine may leave unset (the others are set whenever it accepts)
    t.colon = p;
    t.params_b = t.params_e = nullptr;
    t.names = 0;
    switch (k) {
      case typed_value::call_id: t.chost_b = t.chost_e = nullptr; break;
      case typed_value::via: t.port_b = t.port_e = t.branch_b = t.branch_e = t.rport_b = t.rport_e = nullptr; break;
      case typed_value::name_addr:
      case typed_value::contact:
        t.dn_b = t.dn_e = t.tag_b = t.tag_e = nullptr;
        t.quoted = t.angle = false;
        break;
      default: break;
    }
    return k;
  }
  bool typed_end(const uchar* p) noexcept;
  // A plain number out of its header's range: the field stays untyped (false).
  bool out_of_range(scanned_fields::field fld) noexcept {
    m.scanned_.facts.out_of_range |= fld;
    return false;
  }

  // ---- header values
  // After the colon at p - 1: past SP and HTAB (the machine loops on them in
  // place), and when an ordinary value byte follows, past its run as value_run
  // would go. Returns the next byte the machine must see.
  SIPSPAN_ALWAYS_INLINE const uchar* after_colon(const uchar* p, const uchar* pe) noexcept {
    while (p < pe && (*p == ' ' || *p == '\t')) ++p;
    if (p == pe || (detail::classes.c[*p] & detail::k_struct)) return p;
    run(p);
    return skip_value(p + 1, pe);
  }
  void value_byte(const uchar* p) noexcept {
    if (!f.vstart) f.vstart = p;
  }
  // a run of ordinary bytes starts at p
  void run(const uchar* p) noexcept {
    value_byte(p);
    f.content = true;
  }
  // The next byte of the value that matters for this header's kind: free text
  // only cares about line ends and control bytes; digest parameters about
  // quotes as well; single values and lists about quotes, <> and commas.
  SIPSPAN_ALWAYS_INLINE const uchar* skip_value(const uchar* p, const uchar* pe) const noexcept {
    switch (f.kind) {
      case value_kind::text: return detail::skip_text(p, pe);
      case value_kind::params: return detail::skip_params(p, pe);
      default: return detail::skip_structured(p, pe);
    }
  }
  bool control_byte(const uchar* p) noexcept {
    value_byte(p);
    if (where != ctx::done) return dev(deviation_kind::control_byte_in_value, p, 1);  // reason phrase
    return field_dev_once(f.dev_ctl, deviation_kind::control_byte_in_value, p, 1);
  }
  bool bare_lf(const uchar* p) noexcept {
    eol = p;
    return dev(deviation_kind::bare_lf, p, 1, where == ctx::done && f.name_start ? current_index() : no_header);
  }
  bool fold(const uchar* p) noexcept {
    f.folded = true;
    return field_dev(deviation_kind::line_folding, eol, static_cast<std::uint32_t>(p + 1 - eol));
  }
  void quote_open(const uchar* p) noexcept {
    value_byte(p);
    f.content = true;
    f.in_quote = true;
    f.quote_at = p;
    f.structure_seen = true;
  }
  void quote_close() noexcept { f.in_quote = false; }
  void angle_open(const uchar* p) noexcept {
    value_byte(p);
    f.content = true;
    f.structure_seen = true;
    if (f.angle++ == 0) f.angle_at = p;
  }
  bool angle_close(const uchar* p) noexcept {
    value_byte(p);
    f.content = true;
    f.structure_seen = true;
    if (f.angle > 0) {
      --f.angle;
      return true;
    }
    if (!structured() || f.words) return true;
    return field_dev_once(f.dev_angle, deviation_kind::unbalanced_angle, p, 1);
  }
  bool comma(const uchar* p) noexcept {
    value_byte(p);
    if (f.angle != 0) return true;
    if (f.kind == value_kind::single)
      return field_dev_once(f.dev_comma, deviation_kind::comma_in_singleton, p, 1);
    if (f.kind == value_kind::list) {
      bool ok = f.content || field_dev_once(f.dev_empty, deviation_kind::empty_list_element, p, 1);
      f.content = false;
      f.last_comma = p;
      return ok;
    }
    return true;
  }

  // The line that ended at `eol` is not continued: store the header field.
  SIPSPAN_ALWAYS_INLINE bool end_field() noexcept;
  bool content_length_value(const uchar* vbeg, const uchar* vend) noexcept;
  bool word_commas(const uchar* vbeg, const uchar* vend) noexcept;

  // ---- stream mode (parse_options::stream): a message whose body has not all come
  // Copy what parse() found in such a message into `to`, in its own tables;
  // false when they are too small.
  static bool keep(message_view& to, const message_view& from) noexcept {
    if (from.header_count_ > to.header_capacity_ || from.deviation_count_ > to.deviation_capacity_) return false;
    to.input_ = from.input_;
    to.kind_ = from.kind_;
    to.method_id_ = from.method_id_;
    to.status_code_ = from.status_code_;
    to.start_line_ = from.start_line_;
    to.method_ = from.method_;
    to.request_uri_ = from.request_uri_;
    to.version_ = from.version_;
    to.status_ = from.status_;
    to.reason_ = from.reason_;
    to.headers_ = from.headers_;
    to.body_ = from.body_;
    to.content_length_ = from.content_length_;
    to.message_end_ = from.message_end_;
    to.has_content_length_ = from.has_content_length_;
    to.deviation_mask_ = from.deviation_mask_;
    to.scanned_ = from.scanned_;
    to.header_count_ = from.header_count_;
    to.deviation_count_ = from.deviation_count_;
    to.first_ = from.first_;
    std::copy_n(from.headers(), from.header_count_, to.headers());
    std::copy_n(from.deviation_table(), from.deviation_count_, to.deviation_table());
    return true;
  }
  // The body has come: `input` holds the same message (the same bytes up to the
  // body, anywhere in memory) with its whole body.
  static void complete(message_view& m, std::string_view input) noexcept {
    m.input_ = input.substr(0, m.body_.offset + m.content_length_);
    m.body_.length = m.content_length_;
    m.message_end_ = m.body_.offset + m.content_length_;
  }

  // ---- end of the header section at p (the byte after the empty line)
  void end_headers(const uchar* p) noexcept {
    headers_end = p;
    // a bare LF that ends the header section belongs to no field
    if (m.deviation_count_ > 0) {
      deviation& d = m.deviation_table()[m.deviation_count_ - 1];
      if (d.kind == deviation_kind::bare_lf && d.offset == off(p - 1)) d.header_index = no_header;
    }
  }
};

SIPSPAN_ALWAYS_INLINE bool message_builder::end_field() noexcept {
  if (failed) return false;
  const std::uint16_t index = current_index();
  // trailing whitespace (and folds that carry nothing) are not part of the value
  const uchar* vend = eol;
  const uchar* vbeg = f.vstart ? f.vstart : eol;
  while (vend > vbeg && (vend[-1] == ' ' || vend[-1] == '\t' || vend[-1] == '\r' || vend[-1] == '\n')) --vend;

  if (f.words && f.structure_seen && !word_commas(vbeg, vend)) return false;
  if (structured() && !f.words) {
    if (f.in_quote &&
        !field_dev(deviation_kind::unbalanced_quote, f.quote_at, static_cast<std::uint32_t>(vend - f.quote_at)))
      return false;
    if (f.angle > 0 && !f.dev_angle &&
        !field_dev(deviation_kind::unbalanced_angle, f.angle_at, static_cast<std::uint32_t>(vend - f.angle_at)))
      return false;
    if (f.kind == value_kind::list && f.last_comma && !f.content && !f.dev_empty &&
        !field_dev(deviation_kind::empty_list_element, f.last_comma, 1))
      return false;
  }

  if (f.id != header_id::other) {
    // on a stream a second Content-Length is an error before it is a deviation
    if (f.id == header_id::content_length && opts.stream && !content_length_value(vbeg, vend)) return false;
    std::uint16_t& first = m.first_[static_cast<std::size_t>(f.id)];
    if (first == no_header) {
      first = index;
    } else {
      m.scanned_.repeated |= typed_of.field[static_cast<std::size_t>(f.id)];
      if (detail::table[static_cast<std::size_t>(f.id)].singleton) {
        bool first_compact = (m.headers()[first].flags & header_flags::compact) != 0;
        deviation_kind k =
            first_compact != f.compact ? deviation_kind::compact_long_mix : deviation_kind::repeated_singleton;
        if (!field_dev(k, f.name_start, static_cast<std::uint32_t>(vend - f.name_start))) return false;
      }
    }
    if (f.id == header_id::content_length && !opts.stream && !content_length_value(vbeg, vend)) return false;
  }

  if (m.header_count_ >= m.header_capacity_) {
    fail(error_code::too_many_headers, f.name_start);
    return false;
  }
  std::uint8_t flags = static_cast<std::uint8_t>((f.compact ? header_flags::compact : 0) |
                                                 (f.folded ? header_flags::folded : 0) |
                                                 (m.deviation_count_ != f.deviations_before ? header_flags::has_deviation : 0));
  m.headers()[m.header_count_++] = header_record{off(f.name_start), off(vbeg), static_cast<std::uint32_t>(vend - vbeg),
                                                 f.name_length, f.id, flags};
  return true;
}

// callid = word [ "@" word ], word = 1*(... / "<" / ">" / DQUOTE / ...)  (§25)
// In a Call-ID or In-Reply-To value that held a quote or an angle bracket, the
// machine read commas inside what looked like quotes or <> as quoted; they are
// separators after all. Such values are rare (and suspicious), so their commas
// are looked at again here rather than giving every value a second mode.
inline bool message_builder::word_commas(const uchar* vbeg, const uchar* vend) noexcept {
  bool content = false;
  const uchar* last = nullptr;
  for (const uchar* q = vbeg; q < vend; ++q) {
    if (*q == ',') {
      if (f.kind == value_kind::single)
        return field_dev_once(f.dev_comma, deviation_kind::comma_in_singleton, q, 1);
      if (!content && !field_dev_once(f.dev_empty, deviation_kind::empty_list_element, q, 1)) return false;
      content = false;
      last = q;
    } else if (*q != ' ' && *q != '\t' && *q != '\r' && *q != '\n') {
      content = true;
    }
  }
  if (f.kind == value_kind::list && last && !content)
    return field_dev_once(f.dev_empty, deviation_kind::empty_list_element, last, 1);
  return true;
}

// Content-Length = ( "Content-Length" / "l" ) HCOLON 1*DIGIT   (§20.14)
// The value machine converted the first field's digits (number_value); a value
// it did not read is looked at here, to name what is wrong with it.
inline bool message_builder::content_length_value(const uchar* vbeg, const uchar* vend) noexcept {
  if (vbeg == vend) {
    fail(error_code::content_length_invalid, vbeg);
    return false;
  }
  if (opts.stream && (*vbeg == '+' || *vbeg == '-')) {
    fail(error_code::content_length_signed, vbeg);
    return false;
  }
  std::uint64_t v = f.scanned ? t.number : 0;
  for (const uchar* q = f.scanned ? vend : vbeg; q < vend; ++q) {
    if (*q < '0' || *q > '9') {
      fail(error_code::content_length_invalid, q);
      return false;
    }
    v = v * 10 + static_cast<std::uint64_t>(*q - '0');
    if (v > 0xFFFFFFFFull) {
      fail(error_code::content_length_overflow, vbeg);
      return false;
    }
  }
  if (content_length >= 0 && static_cast<std::uint64_t>(content_length) != v) {
    fail(error_code::content_length_conflict, f.name_start);
    return false;
  }
  if (content_length >= 0 && opts.stream) {  // RFC 3261 §18.3: one length per message on a stream
    fail(error_code::content_length_duplicate, f.name_start);
    return false;
  }
  if (content_length < 0) content_length_at = vbeg;
  content_length = static_cast<std::int64_t>(v);
  return true;
}

}  // namespace sipspan
