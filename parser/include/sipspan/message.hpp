// sipspan — message_view: one pass over a SIP message (RFC 3261 §7, §25).
//
//   result r = sipspan::parse(bytes, msg);            // tolerant by default
//   result r = sipspan::parse(bytes, msg, parse_options::strict());
//
// The view never owns bytes: every span points into the caller's buffer, which
// must outlive the view. Header records are offsets + lengths + id in a
// fixed-capacity table (inline, or caller-provided storage); a message with more
// header fields or deviations than the tables hold is an error, never an
// allocation. Typed values (Via, From, CSeq, ...) are parsed on demand by the
// parse_xxx functions of headers.hpp and uri.hpp.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/header_id.hpp"

namespace sipspan {

// ---------------------------------------------------------------- options ---

struct parse_options {
  leniency allow = ~leniency{0};  // every deviation is recorded and accepted
  // Stream mode (RFC 3261 §18.3: a message on a stream must carry
  // Content-Length), used by stream_framer; off for datagrams and files.
  // With it, parse() reads one message at the start of `input`:
  //   - Content-Length is required: content_length_missing at the empty line
  //     that ends the header section when there is none;
  //   - content_length_signed (at the sign) for a value with a sign, and a
  //     second Content-Length field is content_length_duplicate (same value)
  //     or content_length_conflict (another value), at its name, before any
  //     deviation that field would record;
  //   - the body is exactly Content-Length bytes; bytes after it belong to
  //     whatever follows (they are no deviation) and raw() and
  //     message_length() cover only the message;
  //   - fewer bytes than the message needs: body_truncated, with
  //     result.offset = the message's total length (header section plus
  //     Content-Length, at most 4294967295): feed that many bytes and parse
  //     again. The view then holds the start line and the header fields, and
  //     body_offset() / content_length() give the same length. An input that
  //     ends inside the header section is incomplete_message, as without it.
  bool stream = false;
  // Tolerant: frame what can be framed, record every deviation.
  static constexpr parse_options tolerant() noexcept { return {}; }
  // Strict: only what RFC 3261 permits (folding, whitespace before the colon,
  // CRLF before the start line, octets after a datagram's body) is accepted;
  // every other deviation is an error.
  static constexpr parse_options strict() noexcept { return {rfc_permitted}; }
  constexpr bool allows(deviation_kind k) const noexcept { return (allow & lenient(k)) != 0; }
};

// ---------------------------------------------------------------- records ---

// One header field: 16 bytes, offsets relative to the start of the input.
struct header_record {
  std::uint32_t name_offset;
  std::uint32_t value_offset;  // first byte after HCOLON and leading whitespace
  std::uint32_t value_length;  // trailing whitespace trimmed; folds stay inside
  std::uint16_t name_length;
  header_id id;
  std::uint8_t flags;  // header_flags
};

namespace header_flags {
inline constexpr std::uint8_t compact = 1;        // the name is the one-letter compact form
inline constexpr std::uint8_t folded = 2;         // the value spans several lines
inline constexpr std::uint8_t has_deviation = 4;  // a deviation points into this field
}  // namespace header_flags

enum class message_kind : std::uint8_t { none, request, response };

// Methods of RFC 3261 and its extensions; anything else is method_id::other.
// Method names are case-sensitive (RFC 3261 §7.1).
enum class method_id : std::uint8_t {
  other, invite, ack, bye, cancel, options, register_, prack, subscribe, notify, publish,
  info, refer, message, update
};
SIPSPAN_API method_id classify_method(std::string_view) noexcept;
SIPSPAN_API std::string_view method_name(method_id) noexcept;  // "" for other

// A header field seen through the view.
struct header_view {
  header_id id;
  std::uint16_t index;  // position in the header table
  std::uint8_t flags;
  std::string_view name;   // as written (compact or long, any case)
  std::string_view value;  // raw value: may contain folds (CRLF WSP)
};

class message_view;

// ---------------------------------------------------------------- scan facts ---
// Semantic facts the scan records while the bytes go by, for the validator and the
// scorer to read instead of parsing values again (scanned.hpp documents them).
// Start-line facts hold after every successful parse; the facts of a typed field
// only when scanned().has() that field (they describe its first row, as the
// scanned spans do).
struct scan_facts {
  enum bit : std::uint32_t {
    // SIP-Version = "SIP" "/" 1*DIGIT "." 1*DIGIT   (RFC 3261 §7.1, §25)
    version_2_0 = 1u << 0,    // the version is SIP/2.0, "SIP" in any case
    version_upper = 1u << 1,  // "SIP" is upper case, as implementations MUST send it (§7.1)
    // the first via-parm of the first Via row (§20.42, §8.1.1.7)
    via_sip_2_0 = 1u << 2,             // sent-protocol is SIP/2.0 ("SIP" in any case)
    via_branch_cookie = 1u << 3,       // its branch begins with the magic cookie "z9hG4bK"
    via_branch_cookie_only = 1u << 4,  // its branch is the cookie alone (RFC 4475 §3.2.1)
    // a parameter name repeated (ignoring case) among the first 16 of the value
    via_duplicate_param = 1u << 5,
    from_duplicate_param = 1u << 6,
    to_duplicate_param = 1u << 7,
  };
  std::uint32_t bits = 0;
  // scanned_fields::field bits: the field held a plain number outside its range
  // (CSeq ≥ 2^31, Max-Forwards > 255, Expires or Content-Length ≥ 2^32, a Via port
  // > 65535), so the scan left it untyped.
  std::uint16_t out_of_range = 0;
  bool has(bit b) const noexcept { return (bits & b) != 0; }
};

// ------------------------------------------------------------ scanned fields ---
// The typed fields the scan read as the bytes went by (docs/design.md decision 2,
// grammar/message_fields.rl). A field is present when the first row of its header
// held the plain form the scan's value machines read (one element on one line, no
// comment or quoted parameter value, numbers in range); the spans are then the ones
// the header's parse_xxx function marks. scanned.hpp reads them, and parses the
// value when a field is absent. Spans are offsets into message_view::raw().
struct scanned_fields {
  struct span {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  enum field : std::uint16_t {
    cseq = 1, call_id = 2, max_forwards = 4, expires = 8, content_length = 16, via = 32, from = 64, to = 128,
    contact = 256,  // the first contact-param: one element on the first row (not STAR)
    request_uri = 512  // a SIP or SIPS Request-URI without an IPv6 host
  };
  struct name_addr {
    span display_name, uri, params;
    span tag;  // the value of the first tag parameter (tag-param, §20.20); empty: none
    bool display_name_quoted = false;
    bool angle = false;
  };

  // The header whose first row a field comes from.
  static constexpr header_id header_of(field f) noexcept {
    switch (f) {
      case cseq: return header_id::cseq;
      case call_id: return header_id::call_id;
      case max_forwards: return header_id::max_forwards;
      case expires: return header_id::expires;
      case content_length: return header_id::content_length;
      case via: return header_id::via;
      case from: return header_id::from;
      case to: return header_id::to;
      case contact: return header_id::contact;
      case request_uri: break;  // the start line's
    }
    return header_id::other;
  }

  std::uint16_t present = 0;
  bool has(field f) const noexcept { return (present & f) != 0; }
  // Fields whose header has more than one row (present or not): with a typed
  // Contact and no second row, that contact-param is the message's only one.
  std::uint16_t repeated = 0;
  bool has_more_rows(field f) const noexcept { return (repeated & f) != 0; }

  std::uint32_t cseq_number = 0;  // CSeq = 1*DIGIT LWS Method, below 2^31
  span cseq_number_text, cseq_method;
  span call_id_value, call_id_local, call_id_host;  // callid = word [ "@" word ]
  std::uint32_t max_forwards_value = 0;             // 0..255
  std::uint32_t expires_value = 0;                  // delta-seconds
  // the first via-parm of the first Via row
  span via_protocol_name, via_protocol_version, via_transport, via_host, via_port_text, via_params, via_branch;
  std::uint16_t via_port = 0;
  name_addr from_value, to_value;
  name_addr contact_value;  // tag: always empty (a Contact has no tag-param)
  // The Request-URI's parts: offsets from its first byte of the scheme's ':',
  // the password's ':', the '@', the port's ':', the parameters' first ';' and
  // the headers' '?' (0: absent); its uri_scheme and host_kind.
  struct uri_parts {
    std::uint16_t colon = 0, pw_colon = 0, at = 0, port_colon = 0, params_at = 0, headers_at = 0;
    std::uint8_t scheme = 0, host = 0;
  };
  uri_parts request_uri_parts;

  scan_facts facts;
};

// Lazy comma splitting over every row of one header id (RFC 3261 §7.3.1):
// yields each element, trimmed, splitting on commas outside quotes and <>,
// honouring backslash escapes inside quotes. Empty elements are skipped.
class SIPSPAN_API value_range {
 public:
  class iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    std::string_view operator*() const noexcept { return current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
    bool operator==(const iterator& o) const noexcept { return msg_ == o.msg_ && row_ == o.row_ && pos_ == o.pos_; }
    // Header table index of the row the current element comes from.
    std::uint16_t row() const noexcept { return static_cast<std::uint16_t>(row_); }

   private:
    friend class value_range;
    iterator(const message_view* m, header_id id, std::size_t row) noexcept;
    void settle() noexcept;  // find the next non-empty element at or after (row_, pos_)
    const message_view* msg_ = nullptr;
    header_id id_ = header_id::other;
    std::size_t row_ = 0;
    std::size_t pos_ = 0;   // offset in the row's value where the current element starts
    std::size_t next_ = 0;  // offset after the current element's comma
    std::string_view current_;
  };
  value_range(const message_view& m, header_id id) noexcept : msg_(&m), id_(id) {}
  iterator begin() const noexcept;
  iterator end() const noexcept;

 private:
  const message_view* msg_;
  header_id id_;
};

// Split one header value into comma-separated elements (the same rule as value_range).
// Returns the first element and sets `rest` to what follows its comma.
SIPSPAN_API std::string_view next_list_element(std::string_view value, std::string_view& rest) noexcept;

// ---------------------------------------------------------- message_view ---

class SIPSPAN_API message_view {
 public:
  static constexpr std::size_t inline_header_capacity = 96;
  static constexpr std::size_t inline_deviation_capacity = 32;

  message_view() noexcept;
  // Caller-provided tables: the view uses them instead of its inline arrays.
  message_view(std::span<header_record> headers, std::span<deviation> deviations) noexcept;
  message_view(const message_view&) noexcept;
  message_view& operator=(const message_view&) noexcept;

  // --- the input and the start line
  std::string_view raw() const noexcept { return input_; }
  // The same bytes copied elsewhere: the view reads them there from now on
  // (every span is an offset into raw()). False, and nothing changes, when
  // `copy` is not as long as raw().
  bool rebase(std::string_view copy) noexcept {
    if (copy.size() != input_.size()) return false;
    input_ = copy;
    return true;
  }
  message_kind kind() const noexcept { return kind_; }
  bool is_request() const noexcept { return kind_ == message_kind::request; }
  bool is_response() const noexcept { return kind_ == message_kind::response; }
  std::string_view start_line() const noexcept { return span(start_line_); }
  std::string_view method() const noexcept { return span(method_); }
  method_id method_kind() const noexcept { return method_id_; }
  std::string_view request_uri() const noexcept { return span(request_uri_); }
  std::string_view version() const noexcept { return span(version_); }
  std::string_view status_text() const noexcept { return span(status_); }
  std::uint16_t status_code() const noexcept { return status_code_; }
  std::string_view reason() const noexcept { return span(reason_); }

  // --- header fields
  std::size_t header_count() const noexcept { return header_count_; }
  std::size_t header_capacity() const noexcept { return header_capacity_; }
  std::span<const header_record> records() const noexcept { return {headers(), header_count_}; }
  header_view header(std::size_t index) const noexcept;
  // First occurrence of an id (O(1)); false when absent. header_id::other is not indexed.
  bool find(header_id id, header_view& out) const noexcept;
  bool has(header_id id) const noexcept { return first_[static_cast<std::size_t>(id)] != no_header; }
  // Row index of the first occurrence of an id (O(1)); no_header when absent or other.
  std::uint16_t first_row(header_id id) const noexcept {
    return id == header_id::other ? no_header : first_[static_cast<std::size_t>(id)];
  }
  // Value of the first occurrence, empty when absent.
  std::string_view value(header_id id) const noexcept;
  // First header whose name equals `name` ignoring ASCII case; known names
  // (long or compact) match every form of their id.
  bool find(std::string_view name, header_view& out) const noexcept;
  // How many rows carry this id.
  std::size_t count(header_id id) const noexcept;
  // Every comma-separated element across the rows of a (list) header.
  value_range values(header_id id) const noexcept { return value_range(*this, id); }
  // Next row with the same id after `index`; no_header when none.
  std::uint16_t next_row(header_id id, std::uint16_t index) const noexcept;

  // --- body
  std::string_view headers_section() const noexcept { return span(headers_); }
  std::string_view body() const noexcept { return span(body_); }
  std::uint32_t body_offset() const noexcept { return body_.offset; }
  // Content-Length as announced (valid when has_content_length()).
  bool has_content_length() const noexcept { return has_content_length_; }
  std::uint32_t content_length() const noexcept { return content_length_; }
  // Bytes of the input that belong to this message (start line to end of body).
  std::uint32_t message_length() const noexcept { return message_end_; }

  // --- typed fields the scan read (scanned.hpp reads them)
  const scanned_fields& scanned() const noexcept { return scanned_; }

  // --- deviations, in input order within each category
  std::span<const deviation> deviations() const noexcept { return {deviation_table(), deviation_count_}; }
  std::size_t deviation_capacity() const noexcept { return deviation_capacity_; }
  bool has_deviation(deviation_kind k) const noexcept { return (deviation_mask_ & lenient(k)) != 0; }

  // Span helpers: a span relative to raw().
  struct span_t {
    std::uint32_t offset = 0;
    std::uint32_t length = 0;
  };
  std::string_view span(span_t s) const noexcept { return input_.substr(s.offset, s.length); }

  void clear() noexcept;

 private:
  friend result parse(std::string_view, message_view&, const parse_options&) noexcept;
  friend struct message_builder;

  header_record* headers() noexcept { return ext_headers_ ? ext_headers_ : inline_headers_.data(); }
  const header_record* headers() const noexcept { return ext_headers_ ? ext_headers_ : inline_headers_.data(); }
  deviation* deviation_table() noexcept { return ext_deviations_ ? ext_deviations_ : inline_deviations_.data(); }
  const deviation* deviation_table() const noexcept {
    return ext_deviations_ ? ext_deviations_ : inline_deviations_.data();
  }

  std::string_view input_;
  message_kind kind_ = message_kind::none;
  method_id method_id_ = method_id::other;
  std::uint16_t status_code_ = 0;
  span_t start_line_, method_, request_uri_, version_, status_, reason_, headers_, body_;
  std::uint32_t content_length_ = 0;
  std::uint32_t message_end_ = 0;
  bool has_content_length_ = false;
  leniency deviation_mask_ = 0;
  scanned_fields scanned_;

  std::uint32_t header_count_ = 0;
  std::uint32_t header_capacity_;
  std::uint32_t deviation_count_ = 0;
  std::uint32_t deviation_capacity_;
  header_record* ext_headers_ = nullptr;
  deviation* ext_deviations_ = nullptr;
  std::array<std::uint16_t, header_id_count> first_;
  std::array<header_record, inline_header_capacity> inline_headers_;
  std::array<deviation, inline_deviation_capacity> inline_deviations_;
};

// Parse one complete message held in `input` (a datagram, a file, or a message
// the stream framer cut out). Without Content-Length the body runs to the end of
// the input (RFC 3261 §18.3); with it, the body has exactly that many bytes.
// parse_options::stream reads one message at the start of a stream instead
// (see there).
[[nodiscard]] SIPSPAN_API result parse(std::string_view input, message_view& out, const parse_options& options = {}) noexcept;

// 1-based line and column of a byte offset (columns count bytes).
struct line_column {
  std::uint32_t line;
  std::uint32_t column;
};
SIPSPAN_API line_column locate(std::string_view input, std::uint32_t offset) noexcept;

}  // namespace sipspan
