// sipspan — the small state the SDP typed-value rules (grammar/sdp_rules.rl)
// mark positions into, the names of their fields, and the conversions that
// run once a machine has accepted a value.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::detail {

using sdp_uchar = unsigned char;

// The fields each typed machine marks, by machine: m.field(slot::origin::address).
namespace slot {
namespace origin { enum : int { username, sess_id, sess_version, nettype, addrtype, address, bracketed }; }
namespace connection { enum : int { nettype, addrtype, address, ttl, numaddr, bracketed }; }
namespace bandwidth { enum : int { type, value }; }
namespace timing { enum : int { start, stop }; }
namespace repeat { enum : int { interval, duration }; }
namespace media { enum : int { media, port, count, proto }; }
namespace rtpmap { enum : int { payload, encoding, clock_rate, channels }; }
namespace fmtp { enum : int { format, params }; }
namespace ptime { enum : int { integer, fraction }; }
namespace rtcp { enum : int { port, connection }; }
namespace group { enum : int { semantics }; }
namespace ssrc { enum : int { id, attribute, value }; }
namespace candidate { enum : int { foundation, component, transport, priority, address, port, type, raddr, rport }; }
namespace fingerprint { enum : int { hash, digest }; }
namespace crypto { enum : int { tag, suite, key_params, key_method, key_info }; }
namespace extmap { enum : int { id, direction, uri, attributes }; }
}  // namespace slot

// Marks of a typed-value machine: up to ten fields (begin, end) named by its
// slot enum, the address kinds it recognised, a keyword (the enum value of
// the word it matched), a leading "-", and the first failure.
struct sdp_marks {
  static constexpr int fields = 10;
  const sdp_uchar* base;
  const sdp_uchar* end;
  const sdp_uchar* fb[fields] = {};
  const sdp_uchar* fe[fields] = {};
  unsigned kinds = 0;  // bits: address_bits
  int keyword = -1;
  bool negative = false;
  error_code code;  // the machine's main error
  result err{};
  bool failed = false;

  sdp_marks(std::string_view v, error_code main) noexcept
      : base(reinterpret_cast<const sdp_uchar*>(v.data())), end(base + v.size()), code(main) {}
  explicit sdp_marks(error_code main) noexcept : base(nullptr), end(nullptr), code(main) {}

  // Marks for a value that starts at b (its end is known later).
  void reset(const sdp_uchar* b) noexcept {
    base = b;
    end = nullptr;
    std::memset(fb, 0, sizeof fb);
    std::memset(fe, 0, sizeof fe);
    kinds = 0;
    keyword = -1;
    negative = false;
  }
  std::string_view value() const noexcept {
    return {reinterpret_cast<const char*>(base), static_cast<std::size_t>(end - base)};
  }

  std::uint32_t offset(const sdp_uchar* p) const noexcept { return static_cast<std::uint32_t>(p - base); }
  void fail(const sdp_uchar* p) noexcept { fail(code, p); }
  void fail(error_code c, const sdp_uchar* p) noexcept {
    if (!failed) {
      failed = true;
      err.code = c;
      err.offset = offset(p);
    }
  }
  // Field i as a span; empty when it was never marked.
  std::string_view field(int i) const noexcept {
    const sdp_uchar* b = fb[i];
    const sdp_uchar* e = fe[i];
    if (b == nullptr || e == nullptr || e < b) return {};
    return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
  }
  bool has(int i) const noexcept { return fb[i] != nullptr && fe[i] != nullptr && fe[i] >= fb[i]; }
  // The rest of the value from p (p inside or at the end).
  std::string_view from(const sdp_uchar* p) const noexcept {
    if (p == nullptr || p > end) return {};
    return {reinterpret_cast<const char*>(p), static_cast<std::size_t>(end - p)};
  }
};

enum address_bits : unsigned { k_ip4 = 1, k_ip4m = 2, k_ip6 = 4, k_ip6m = 8, k_fqdn = 16, k_bracket = 32 };

inline result make_error(error_code c, std::uint32_t at) noexcept {
  result r;
  r.code = c;
  r.offset = at;
  return r;
}

// The offset of `piece` within `whole` (views of the same buffer).
inline std::uint32_t offset_of(std::string_view whole, std::string_view piece) noexcept {
  return static_cast<std::uint32_t>(piece.data() - whole.data());
}

// Decimal digits to an integer; false when the value exceeds `max`.
bool sdp_digits(std::string_view digits, std::uint64_t max, std::uint64_t& out) noexcept;
// A typed-time already matched by its machine ("-"? 1*DIGIT [d h m s]) to seconds.
bool sdp_typed_seconds(std::string_view text, typed_time& out) noexcept;
// The kind an accepted address has, by the bits its machine set.
sdp_address_kind sdp_kind(unsigned bits) noexcept;
// nettype IN with addrtype IP4 / IP6: does the address kind fit?
bool sdp_address_fits(std::string_view nettype, std::string_view addrtype, unsigned bits) noexcept;

// The typed views of the lines whose fields a validator reads past their
// verdict (o=, c=, m=). check_sdp_line fills the one of the line's type when
// a run over the whole value accepted it: `read` says so; a value accepted
// only without its trailing whitespace leaves it unread.
struct sdp_line_views {
  origin_view origin;
  connection_view connection;
  media_view media;
  bool read = false;
};
sdp_line_check check_sdp_line(char type, std::string_view value, const sdp_options& opts,
                              sdp_line_views& views) noexcept;

// The rules of grammar/sdp_rules.rl, one entry each of the machine in
// grammar/sdp_values.rl (in the order of its entries).
enum class sdp_value_kind : std::uint8_t {
  origin, connection, bandwidth, timing, typed_time, repeat, zone, media, rtpmap, fmtp, ptime, direction,
  rtcp, group, ssrc, candidate, ice_credential, fingerprint, setup, crypto, extmap, count
};
// Read [m.base, m.end) with the rule of `kind`: true when it accepted the
// whole value; otherwise m.err says where it failed (or it stopped short).
bool sdp_run(sdp_value_kind kind, sdp_marks& m) noexcept;

// What check_sdp_line runs on a line, by its type letter or attribute name:
// none (no typed parser: s=, i=, flags, unknown attributes), or a typed parser.
enum class sdp_check : std::uint8_t {
  none, version, origin, connection, bandwidth, timing, repeat, zone, media, rtpmap, fmtp, ptime, rtcp, mid, group,
  ssrc, candidate, ice_ufrag, ice_pwd, fingerprint, setup, crypto, extmap
};
// The verdict of check_sdp_line on a value the scan marked with the rule of
// `check` from its first byte to its end: true when it passes under
// sdp_options::strict() (no departure, no range error).
bool sdp_verify(sdp_check check, const sdp_marks& m) noexcept;

// validate_sdp over the lines from offset `from` (a line start) on: from
// checked_until() it is validate_sdp, from 0 the reference it must agree with.
result validate_sdp_from(const session_description_view& sdp, const sdp_options& opts, std::uint32_t from) noexcept;

}  // namespace sipspan::detail
