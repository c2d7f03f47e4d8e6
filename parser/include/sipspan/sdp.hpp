// sipspan — SDP session descriptions (RFC 8866, accepting RFC 4566 forms).
//
//   sipspan::session_description_view sdp;
//   if (sipspan::result r = sipspan::parse_sdp(msg.body(), sdp); !r) report(r);
//   for (std::size_t i = 0; i < sdp.media_count(); ++i) {
//     sipspan::media_description m = sdp.media(i);
//     sipspan::media_view mv;
//     if (sipspan::parse_media(m.media_line(), mv)) use(mv.media, mv.port);
//     for (const sipspan::sdp_attribute& a : m.attributes()) ...
//   }
//
// parse_sdp makes one pass over the body (the machine in grammar/sdp.rl). It
// reads every line as <type>=<value>, marks the session-level lines and the
// media sections, and checks the order and cardinality of the lines (RFC 8866
// §9 session-description and media-description) as it goes. In the same pass
// it runs, over each value, the rule of the typed parser below that
// check_sdp_line would run on it, and converts the fields it marked: the
// lines it passes are not read again by validate_sdp, which starts at the
// first line it did not pass (checked_until). The typed parsers still read
// any value on demand (docs/design.md decision 5).
//
// Tolerant by default, as the SIP scan is (docs/design.md decision 3): whatever
// departs from the grammar but still leaves a description to read is recorded
// as a deviation with its offset, and the structure is still produced. An
// empty "s=", a line out of order or repeated (it still counts where it
// stands: an a= before c= in a media section leaves that c= the section's
// connection), a missing o=, s= or t=, a line with an unknown type letter or
// one that is not <letter>=<value> (both skipped), a NUL or a stray CR in a
// value, a bare LF line end, a last line without a line end, RFC 4566's z=
// without r=. The typed parsers tolerate what deployed stacks send the same
// way: an rtpmap without clock rate (RFC 4475's "a=rtpmap:31 LPC"), an IPv6
// address in brackets, trailing whitespace after a typed value.
// sdp_options::allow says which departures are accepted (the leniency flags
// of error.hpp, shared with parse_options); one that is not is error
// deviation_rejected, with its kind, where it stands. strict() accepts only
// what the grammar permits.
//
// Everything is a span into the caller's body, which must outlive the view.
// Media sections go into a fixed-capacity table (32 by default, or caller
// storage); one more is error too_many_media. Deviations go into a table of 16;
// one more is too_many_deviations. Lines of one kind (e=, b=, a= ...) are not
// stored: line_range and attribute_range walk them lazily. Nothing here
// allocates or throws.
//
// Offsets: parse_sdp and validate_sdp report offsets in the body; a typed parser
// reports offsets in the value it was given.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

// ------------------------------------------------------------------ lines ---
// One line of a validated description: the type letter and the value after "=".
struct sdp_line {
  char type = 0;
  std::string_view value;
  std::uint32_t offset = 0;  // of the type letter, within the block the range walks
};

// The lines of one block (the session part, or one media section), optionally
// only those of one type letter, walked lazily.
class SIPSPAN_API line_range {
 public:
  class iterator {
   public:
    using value_type = sdp_line;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const sdp_line& operator*() const noexcept { return current_; }
    const sdp_line* operator->() const noexcept { return &current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
    bool operator==(const iterator& o) const noexcept { return pos_ == o.pos_; }

   private:
    friend class line_range;
    iterator(std::string_view text, char type, std::size_t pos) noexcept;
    void load() noexcept;
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t next_ = 0;
    char type_ = 0;
    sdp_line current_;
  };

  line_range() = default;
  // `type` 0: every line.
  line_range(std::string_view block, char type) noexcept : text_(block), type_(type) {}
  iterator begin() const noexcept { return iterator(text_, type_, 0); }
  iterator end() const noexcept { return iterator(text_, type_, text_.size()); }
  bool empty() const noexcept { return begin() == end(); }
  std::size_t size() const noexcept;
  std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
  char type_ = 0;
};

// attribute = (attribute-name ":" attribute-value) / attribute-name   (RFC 8866 §9)
struct sdp_attribute {
  std::string_view name;
  std::string_view value;  // empty when the attribute has no ':'
  bool has_value = false;
};

class SIPSPAN_API attribute_range {
 public:
  class iterator {
   public:
    using value_type = sdp_attribute;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    const sdp_attribute& operator*() const noexcept { return current_; }
    const sdp_attribute* operator->() const noexcept { return &current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
    bool operator==(const iterator& o) const noexcept { return it_ == o.it_; }

   private:
    friend class attribute_range;
    explicit iterator(line_range::iterator it, line_range::iterator end) noexcept;
    void load() noexcept;
    line_range::iterator it_, end_;
    sdp_attribute current_;
  };

  attribute_range() = default;
  explicit attribute_range(std::string_view block) noexcept : lines_(block, 'a') {}
  iterator begin() const noexcept { return iterator(lines_.begin(), lines_.end()); }
  iterator end() const noexcept { return iterator(lines_.end(), lines_.end()); }
  bool empty() const noexcept { return lines_.empty(); }
  std::size_t size() const noexcept { return lines_.size(); }

  // First attribute with this name (names compare exactly, as the registry spells them).
  bool find(std::string_view name, sdp_attribute& out) const noexcept;
  bool has(std::string_view name) const noexcept {
    sdp_attribute a;
    return find(name, a);
  }
  // Value of the first attribute with this name; empty when absent or valueless.
  std::string_view get(std::string_view name) const noexcept {
    sdp_attribute a;
    return find(name, a) ? a.value : std::string_view{};
  }
  // How many attributes have this name.
  std::size_t count(std::string_view name) const noexcept;

 private:
  line_range lines_;
};

// Space-separated words of a value (fmt lists, group tags, r= offsets ...).
class SIPSPAN_API word_range {
 public:
  class iterator {
   public:
    using value_type = std::string_view;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    std::string_view operator*() const noexcept { return current_; }
    iterator& operator++() noexcept;
    iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
    bool operator==(const iterator& o) const noexcept { return pos_ == o.pos_; }

   private:
    friend class word_range;
    iterator(std::string_view text, std::size_t pos) noexcept;
    void load() noexcept;
    std::string_view text_;
    std::size_t pos_ = 0, next_ = 0;
    std::string_view current_;
  };
  word_range() = default;
  explicit word_range(std::string_view text) noexcept : text_(text) {}
  iterator begin() const noexcept { return iterator(text_, 0); }
  iterator end() const noexcept { return iterator(text_, text_.size()); }
  bool empty() const noexcept { return begin() == end(); }
  std::size_t size() const noexcept;
  std::string_view text() const noexcept { return text_; }

 private:
  std::string_view text_;
};

// ------------------------------------------------------- the description ---
// A span as offset and length into the body (compact, docs/design.md decision 1).
struct sdp_span {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

// One media section as the table stores it.
struct sdp_media_record {
  sdp_span block;        // from the "m" of m= to the start of the next m= line or the end
  sdp_span media;        // the value of m=
  sdp_span information;  // i=, length 0 when absent
  sdp_span connection;   // the first c=, length 0 when absent
  sdp_span key;          // k=
  std::uint16_t connection_count = 0;
  std::uint16_t bandwidth_count = 0;
  std::uint32_t attribute_count = 0;
};

// A media section: spans into the body.
class media_description {
 public:
  media_description() = default;
  media_description(std::string_view body, const sdp_media_record& r) noexcept : body_(body), r_(&r) {}

  std::string_view text() const noexcept { return at(r_->block); }  // every line of the section
  std::string_view media_line() const noexcept { return at(r_->media); }  // the value of m=
  std::string_view information() const noexcept { return at(r_->information); }
  std::string_view connection() const noexcept { return at(r_->connection); }  // the first c=
  std::string_view key() const noexcept { return at(r_->key); }
  std::size_t connection_count() const noexcept { return r_->connection_count; }
  line_range connections() const noexcept { return {text(), 'c'}; }
  line_range bandwidths() const noexcept { return {text(), 'b'}; }
  line_range lines() const noexcept { return {text(), 0}; }
  attribute_range attributes() const noexcept { return attribute_range(text()); }
  std::size_t attribute_count() const noexcept { return r_->attribute_count; }
  std::uint32_t offset() const noexcept { return r_->block.offset; }  // of the "m" in the body

 private:
  std::string_view at(sdp_span s) const noexcept { return body_.substr(s.offset, s.length); }
  std::string_view body_;
  const sdp_media_record* r_ = nullptr;
};

struct sdp_options {
  std::size_t max_media = 0;  // 0: the table's capacity; otherwise at most that
  leniency allow = ~leniency{0};  // every departure is recorded and accepted
  static constexpr sdp_options tolerant() noexcept { return {}; }
  // Only what RFC 8866's grammar permits (a control byte in a byte-string).
  static constexpr sdp_options strict() noexcept { return {0, rfc_permitted}; }
  constexpr bool allows(deviation_kind k) const noexcept { return (allow & lenient(k)) != 0; }
};

namespace detail {
struct sdp_builder;
}

class session_description_view {
 public:
  static constexpr std::size_t default_media_capacity = 32;

  session_description_view() noexcept = default;
  // Caller-provided storage for the media table instead of the built-in one.
  session_description_view(sdp_media_record* storage, std::size_t capacity) noexcept
      : ext_(storage), ext_capacity_(capacity) {}

  std::string_view body() const noexcept { return body_; }

  // Session-level lines (values after "x="); empty when the line is absent.
  std::string_view version() const noexcept { return at(v_); }
  std::string_view origin() const noexcept { return at(o_); }
  std::string_view session_name() const noexcept { return at(s_); }
  std::string_view information() const noexcept { return at(i_); }
  std::string_view uri() const noexcept { return at(u_); }
  std::string_view connection() const noexcept { return at(c_); }
  std::string_view key() const noexcept { return at(k_); }
  std::string_view session_text() const noexcept { return at(session_); }  // v= up to the first m=

  line_range emails() const noexcept { return {session_text(), 'e'}; }
  line_range phones() const noexcept { return {session_text(), 'p'}; }
  line_range bandwidths() const noexcept { return {session_text(), 'b'}; }
  line_range times() const noexcept { return {session_text(), 't'}; }
  line_range repeats() const noexcept { return {session_text(), 'r'}; }
  line_range zones() const noexcept { return {session_text(), 'z'}; }
  line_range session_lines() const noexcept { return {session_text(), 0}; }
  attribute_range attributes() const noexcept { return attribute_range(session_text()); }
  std::size_t time_count() const noexcept { return time_count_; }
  std::size_t line_count() const noexcept { return line_count_; }

  std::size_t media_count() const noexcept { return media_count_; }
  std::size_t media_capacity() const noexcept { return ext_ ? ext_capacity_ : default_media_capacity; }
  media_description media(std::size_t i) const noexcept { return media_description(body_, table()[i]); }

  // What the scan read outside the grammar, in body order: kinds sdp_* of
  // error.hpp, offsets in the body, header_index no_header. The line-end and
  // control-byte kinds are recorded at their first occurrence only.
  static constexpr std::size_t deviation_capacity = 16;
  std::span<const deviation> deviations() const noexcept { return {deviations_, deviation_count_}; }
  bool has_deviation(deviation_kind k) const noexcept { return (deviation_mask_ & lenient(k)) != 0; }
  // Lines ended by CRLF and by a bare LF.
  std::uint32_t crlf_lines() const noexcept { return crlf_lines_; }
  std::uint32_t bare_lf_lines() const noexcept { return bare_lf_lines_; }
  // The scan runs each line's typed parser as it reads the line (the one
  // check_sdp_line runs). The offset of the first line whose value it did not
  // pass, in the body: every line before it passes check_sdp_line under any
  // options, with no departure; the body's size when every line does, 0 when
  // the parse failed. validate_sdp reads the lines from here.
  std::uint32_t checked_until() const noexcept { return unread_from_; }

 private:
  friend struct detail::sdp_builder;
  friend result parse_sdp(std::string_view, session_description_view&, const sdp_options&) noexcept;
  std::string_view at(sdp_span s) const noexcept { return body_.substr(s.offset, s.length); }
  const sdp_media_record* table() const noexcept { return ext_ ? ext_ : media_; }
  sdp_media_record* table() noexcept { return ext_ ? ext_ : media_; }

  std::string_view body_;
  sdp_span v_, o_, s_, i_, u_, c_, k_, session_;
  std::uint32_t time_count_ = 0;
  std::uint32_t line_count_ = 0;
  std::size_t media_count_ = 0;
  std::uint32_t crlf_lines_ = 0, bare_lf_lines_ = 0;
  std::uint32_t deviation_count_ = 0;
  std::uint32_t unread_from_ = 0;
  leniency deviation_mask_ = 0;
  deviation deviations_[deviation_capacity];
  sdp_media_record* ext_ = nullptr;
  std::size_t ext_capacity_ = 0;
  sdp_media_record media_[default_media_capacity];
};

// The structural pass. Errors (offsets in the body): empty_input,
// input_too_large, sdp_missing_version (the body does not start with "v=": it
// is no session description), too_many_media (at the "m" of the first section
// that does not fit), too_many_deviations, deviation_rejected (a departure
// opts does not allow, with its kind in result.deviation).
[[nodiscard]] SIPSPAN_API result parse_sdp(std::string_view body, session_description_view& out, const sdp_options& opts) noexcept;
[[nodiscard]] inline result parse_sdp(std::string_view body, session_description_view& out) noexcept {
  return parse_sdp(body, out, sdp_options{});
}

// Every typed parser below over every line of a parsed description: v=, o=,
// c=, b=, t=, r=, z=, m=, and the attributes rtpmap, fmtp, ptime, maxptime,
// rtcp, mid, group, ssrc, candidate, ice-ufrag, ice-pwd, fingerprint, setup,
// crypto, extmap. The first failure, with its offset in the body: a value
// outside its grammar, or a departure `opts` does not allow.
[[nodiscard]] SIPSPAN_API result validate_sdp(const session_description_view& sdp, const sdp_options& opts = {}) noexcept;

// The typed parser for one line (its type letter and the value after "="):
// what validate_sdp runs on each line. Lines without a typed parser (s=, i=,
// u=, e=, p=, k=) and attributes without one (flags, unknown names) are
// accepted. Offsets within `value`.
struct sdp_line_check {
  result error;            // the value's grammar error, or success
  bool tolerated = false;  // a departure opts allows was read (error is success)
  deviation departure{0, 0, no_header, deviation_kind::sdp_trailing_whitespace};  // its kind and place
};
SIPSPAN_API sdp_line_check check_sdp_line(char type, std::string_view value, const sdp_options& opts = {}) noexcept;

// ============================================================ typed values ==
// Each takes the value after "x=" (or after "name:" for an attribute), with no
// line end, and reports offsets within it.

enum class sdp_address_kind : std::uint8_t { other, ip4, ip6, fqdn };

// origin-field = "o=" username SP sess-id SP sess-version SP nettype SP addrtype SP
//                unicast-address                                  (RFC 8866 §5.2)
struct origin_view {
  std::string_view username, sess_id, sess_version, nettype, addrtype, address;
  sdp_address_kind address_kind = sdp_address_kind::other;
  bool bracketed = false;  // "[2001:db8::1]": address is inside the brackets
};
// Errors: sdp_bad_origin; bad_host (nettype IN with addrtype IP4 / IP6 and an
// address that is neither that kind of address nor an FQDN); deviation_rejected
// (sdp_address_brackets, at the "[") when opts does not allow brackets.
[[nodiscard]] SIPSPAN_API result parse_origin(std::string_view value, origin_view& out, const sdp_options& opts = {}) noexcept;

// connection-field = "c=" nettype SP addrtype SP connection-address   (RFC 8866 §5.7)
struct connection_view {
  std::string_view nettype, addrtype;
  std::string_view address;  // without /ttl and /count
  sdp_address_kind address_kind = sdp_address_kind::other;
  bool multicast = false;
  std::string_view ttl_text, count_text;  // empty when absent
  std::uint32_t ttl = 0;
  std::uint32_t count = 1;  // number of addresses (numaddr), 1 when absent
  bool bracketed = false;   // an IPv6 address in brackets: address is inside them
};
// Errors: sdp_bad_connection (also an IN IP4 multicast address without /ttl,
// at its end); bad_host; number_overflow (TTL above 255, count above 2^32-1)
// at the first digit; deviation_rejected (sdp_address_brackets).
[[nodiscard]] SIPSPAN_API result parse_connection(std::string_view value, connection_view& out, const sdp_options& opts = {}) noexcept;

// bandwidth-field = "b=" bwtype ":" bandwidth   (RFC 8866 §5.8)
struct bandwidth_view {
  std::string_view type;  // "CT", "AS", "TIAS" ...
  std::string_view value_text;
  std::uint32_t value = 0;
};
// Errors: sdp_bad_bandwidth; number_overflow.
[[nodiscard]] SIPSPAN_API result parse_bandwidth(std::string_view value, bandwidth_view& out) noexcept;

// time-field = "t=" start-time SP stop-time; start-time = time / "0";
// time = POS-DIGIT 9*DIGIT                                     (RFC 8866 §5.9)
struct timing_view {
  std::string_view start_text, stop_text;
  std::uint64_t start = 0, stop = 0;  // NTP seconds; 0: unbounded / permanent
};
// Errors: sdp_bad_time; number_overflow (beyond 2^64-1).
[[nodiscard]] SIPSPAN_API result parse_timing(std::string_view value, timing_view& out) noexcept;

// typed-time = 1*DIGIT [fixed-len-time-unit]; fixed-len-time-unit = "d" / "h" / "m" / "s"
struct typed_time {
  std::string_view text;
  std::uint64_t seconds = 0;
  bool negative = false;  // z= offsets may be negative
};
// One typed-time (with an optional leading "-" when allow_negative). Errors:
// sdp_bad_repeat; number_overflow.
[[nodiscard]] SIPSPAN_API result parse_typed_time(std::string_view value, typed_time& out, bool allow_negative = false) noexcept;

// repeat-field = "r=" repeat-interval SP typed-time 1*(SP typed-time)   (RFC 8866 §5.10)
struct repeat_view {
  typed_time interval, duration;
  word_range offsets;  // each a typed-time (parse_typed_time)
};
// Errors: sdp_bad_repeat; number_overflow.
[[nodiscard]] SIPSPAN_API result parse_repeat(std::string_view value, repeat_view& out) noexcept;

// zone-field = "z=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time)   (RFC 8866 §5.11)
struct zone_adjustment {
  std::string_view time_text;
  std::uint64_t time = 0;
  typed_time offset;
};
struct SIPSPAN_API zone_view {
  word_range words;  // time, offset, time, offset ...
  std::size_t count = 0;
  // The i-th adjustment; false when i >= count.
  bool adjustment(std::size_t i, zone_adjustment& out) const noexcept;
};
// Errors: sdp_bad_zone; number_overflow.
[[nodiscard]] SIPSPAN_API result parse_zone(std::string_view value, zone_view& out) noexcept;

// media-field = "m=" media SP port ["/" integer] SP proto 1*(SP fmt)   (RFC 8866 §5.14)
struct SIPSPAN_API media_view {
  std::string_view media;  // audio, video, text, application, image, message ...
  std::string_view port_text;
  std::uint16_t port = 0;
  std::string_view port_count_text;  // empty when absent
  std::uint32_t port_count = 1;
  std::string_view proto;  // RTP/AVP, UDP/TLS/RTP/SAVPF, udp ...
  word_range formats;
  bool is_rtp() const noexcept;  // proto has an "RTP/" part: formats are payload types
};
// Errors: sdp_bad_media; bad_port (above 65535, at the port); number_overflow
// (count above 2^32-1; for RTP, a payload type above 127) at its first digit;
// sdp_bad_media at an RTP fmt that is not a number.
[[nodiscard]] SIPSPAN_API result parse_media(std::string_view value, media_view& out) noexcept;

// ---- attributes (the value after "name:") ----

// rtpmap-value = payload-type SP encoding-name "/" clock-rate ["/" encoding-params]
// payload-type = zero-based-integer; clock-rate = integer      (RFC 8866 §6.6)
// (tolerated: no "/" clock-rate, as in RFC 4475's "a=rtpmap:31 LPC")
struct rtpmap_view {
  std::string_view payload_type_text;
  std::uint8_t payload_type = 0;
  std::string_view encoding;
  std::string_view clock_rate_text;  // empty when absent (tolerated)
  std::uint32_t clock_rate = 0;
  std::string_view encoding_params;  // channels for audio; empty when absent
  bool has_clock_rate() const noexcept { return !clock_rate_text.empty(); }
};
// Errors: sdp_bad_rtpmap; number_overflow (payload type above 127, clock
// rate); deviation_rejected (sdp_rtpmap_without_clock_rate, at the end of the
// encoding name).
[[nodiscard]] SIPSPAN_API result parse_rtpmap(std::string_view value, rtpmap_view& out, const sdp_options& opts = {}) noexcept;

// fmtp-value = fmt SP format-specific-params; format-specific-params = byte-string (§6.15)
struct fmtp_view {
  std::string_view format;
  std::string_view params_text;
  param_range params() const noexcept { return param_range(params_text, ';'); }
};
// Errors: sdp_bad_fmtp.
[[nodiscard]] SIPSPAN_API result parse_fmtp(std::string_view value, fmtp_view& out) noexcept;

// ptime-value / maxptime-value = non-zero-int-or-real           (§6.4, §6.5)
// non-zero-int-or-real = integer / non-zero-real
// non-zero-real = zero-based-integer "." *DIGIT POS-DIGIT
struct ptime_view {
  std::string_view text;
  std::uint32_t milliseconds = 0;  // the integer part
  std::string_view fraction;       // digits after ".", empty when none
};
// Errors: sdp_bad_ptime; number_overflow (integer part above 2^32-1).
[[nodiscard]] SIPSPAN_API result parse_ptime(std::string_view value, ptime_view& out) noexcept;
[[nodiscard]] inline result parse_maxptime(std::string_view value, ptime_view& out) noexcept { return parse_ptime(value, out); }

// direction: "sendrecv" / "sendonly" / "recvonly" / "inactive"   (§6.7), an attribute name
enum class media_direction : std::uint8_t { sendrecv, sendonly, recvonly, inactive };
// Errors: sdp_bad_direction.
[[nodiscard]] SIPSPAN_API result parse_direction(std::string_view name, media_direction& out) noexcept;
// The direction attribute of a block (the last one wins), or `fallback`.
SIPSPAN_API media_direction direction_of(const attribute_range& attrs, media_direction fallback = media_direction::sendrecv) noexcept;

// rtcp-attribute = "a=rtcp:" port [nettype SP addrtype SP connection-address]   (RFC 3605 §2.1)
struct rtcp_view {
  std::string_view port_text;
  std::uint16_t port = 0;
  bool has_address = false;
  connection_view connection;
};
// Errors: sdp_bad_rtcp; bad_port; those of parse_connection (offsets in this value).
[[nodiscard]] SIPSPAN_API result parse_rtcp(std::string_view value, rtcp_view& out, const sdp_options& opts = {}) noexcept;

// mid-attribute = "a=mid:" identification-tag; identification-tag = token   (RFC 5888 §4)
// Errors: sdp_bad_mid.
[[nodiscard]] SIPSPAN_API result parse_mid(std::string_view value, std::string_view& tag) noexcept;

// group-attribute = "a=group:" semantics *(SP identification-tag)
// semantics = "LS" / "FID" / semantics-extension               (RFC 5888 §5)
struct group_view {
  std::string_view semantics;  // LS, FID, BUNDLE ...
  word_range tags;
};
// Errors: sdp_bad_group.
[[nodiscard]] SIPSPAN_API result parse_group(std::string_view value, group_view& out) noexcept;

// ssrc-attr = "ssrc:" ssrc-id SP attribute; ssrc-id = integer 0..2^32-1   (RFC 5576 §4.1)
struct ssrc_view {
  std::string_view id_text;
  std::uint32_t id = 0;
  std::string_view attribute;  // cname, msid ...
  std::string_view value;      // empty when the attribute has no ':'
  bool has_value = false;
};
// Errors: sdp_bad_ssrc; number_overflow.
[[nodiscard]] SIPSPAN_API result parse_ssrc(std::string_view value, ssrc_view& out) noexcept;

// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP
//     priority SP connection-address SP port SP cand-type [SP rel-addr] [SP rel-port]
//     *(SP cand-extension)                                      (RFC 8839 §5.1)
struct candidate_view {
  std::string_view foundation;
  std::uint32_t component = 0;
  std::string_view transport;  // UDP, TCP ...
  std::string_view priority_text;
  std::uint32_t priority = 0;
  std::string_view address;
  std::uint16_t port = 0;
  std::string_view type;  // host, srflx, prflx, relay, or an extension token
  std::string_view rel_address;
  std::uint16_t rel_port = 0;
  bool has_rel_address = false, has_rel_port = false;
  word_range extensions;  // name, value, name, value ...
};
// Errors: sdp_bad_candidate; bad_port; number_overflow (component above 256,
// priority above 2^32-1).
[[nodiscard]] SIPSPAN_API result parse_candidate(std::string_view value, candidate_view& out) noexcept;

// ice-ufrag = 4*256ice-char; ice-pwd = 22*256ice-char; ice-char = ALPHA / DIGIT / "+" / "/"
// (RFC 8839 §5.4). Errors: sdp_bad_ice_credential.
[[nodiscard]] SIPSPAN_API result parse_ice_ufrag(std::string_view value) noexcept;
[[nodiscard]] SIPSPAN_API result parse_ice_pwd(std::string_view value) noexcept;

// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
// fingerprint = 2UHEX *(":" 2UHEX); UHEX = DIGIT / %x41-46     (RFC 8122 §5)
struct fingerprint_view {
  std::string_view hash;         // sha-256 ...
  std::string_view fingerprint;  // AB:CD:...
  std::size_t octets = 0;
};
// Errors: sdp_bad_fingerprint (a lowercase hex digit too: UHEX is uppercase).
[[nodiscard]] SIPSPAN_API result parse_fingerprint(std::string_view value, fingerprint_view& out) noexcept;

// role = "active" / "passive" / "actpass" / "holdconn"          (RFC 4145 §4)
enum class setup_role : std::uint8_t { active, passive, actpass, holdconn };
// Errors: sdp_bad_setup.
[[nodiscard]] SIPSPAN_API result parse_setup(std::string_view value, setup_role& out) noexcept;

// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]   (RFC 4568 §9.1)
// tag = 1*9DIGIT; crypto-suite = 1*(ALPHA / DIGIT / "_")
// key-params = key-param *(";" key-param); key-param = key-method ":" key-info
struct crypto_view {
  std::string_view tag_text;
  std::uint32_t tag = 0;
  std::string_view suite;
  std::string_view key_params;    // every key-param
  std::string_view key_method;    // of the first key-param ("inline")
  std::string_view key_info;      // of the first key-param
  std::string_view session_params;  // empty when none
};
// Errors: sdp_bad_crypto.
[[nodiscard]] SIPSPAN_API result parse_crypto(std::string_view value, crypto_view& out) noexcept;

// extmap = mapentry SP extensionname [SP extensionattributes]
// mapentry = "extmap:" 1*5DIGIT ["/" direction]                (RFC 8285 §7)
struct extmap_view {
  std::string_view id_text;
  std::uint16_t id = 0;  // 1-14 one-byte, 1-255 two-byte headers; 4096-4351 in offers
  bool has_direction = false;
  media_direction direction = media_direction::sendrecv;
  std::string_view uri;
  std::string_view attributes;  // empty when none
};
// Errors: sdp_bad_extmap; number_underflow (id 0); number_overflow (256-4095, above 4351).
[[nodiscard]] SIPSPAN_API result parse_extmap(std::string_view value, extmap_view& out) noexcept;

}  // namespace sipspan
