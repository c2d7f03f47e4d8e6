// sipspan — what the SDP scan's actions (grammar/sdp.rl) call: the builder that
// fills a session_description_view, records deviations and feeds each line's
// type letter to the order machine. Host code only; the machines mark.
#pragma once

#include <bit>
#include <cstring>

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::detail {

// The order machine, one letter at a time (below): the state after `letter`,
// 0 when the letter cannot stand there; `zone_alone` is set for a z= after t=.
int order_step(int cs, unsigned char letter, bool& zone_alone) noexcept;
int order_start() noexcept;
bool order_final(int cs) noexcept;

// What the scan's actions write: the view's spans and deviations, and enough
// about the line being read to place them.
struct sdp_builder {
  session_description_view& v;
  const sdp_options& opts;
  const sdp_uchar* base;
  const sdp_uchar* end;
  std::size_t capacity;
  const sdp_uchar* lb = nullptr;  // the type letter of the line being read
  const sdp_uchar* vb = nullptr;  // its value
  const sdp_uchar* cr = nullptr;  // the last CR seen in the value
  int order = 0;                  // the state of the order machine
  bool overflow = false;
  std::uint32_t overflow_at = 0;
  bool in_media = false;
  bool failed = false;
  result err{};
  // The typed rule of the line being read (sdp.rl), its marks and the end of
  // what it took; the first line whose value it did not take whole.
  sdp_marks marks{error_code::success};
  sdp_check check = sdp_check::none;
  const sdp_uchar* typed_end = nullptr;
  std::uint32_t unread_from;
  bool checking = true;  // every typed line so far passed

  sdp_builder(session_description_view& view, std::string_view body, std::size_t cap, const sdp_options& o) noexcept
      : v(view), opts(o), base(reinterpret_cast<const sdp_uchar*>(body.data())), end(base + body.size()),
        capacity(cap), order(order_start()), unread_from(static_cast<std::uint32_t>(body.size())) {}

  // Offsets; a pointer outside the body (the synthetic line end) is its end.
  std::uint32_t off(const sdp_uchar* p) const noexcept {
    if (p < base || p > end) return static_cast<std::uint32_t>(end - base);
    return static_cast<std::uint32_t>(p - base);
  }
  sdp_span span(const sdp_uchar* b, const sdp_uchar* e) const noexcept {
    std::uint32_t ob = off(b), oe = off(e);
    return sdp_span{ob, oe >= ob ? oe - ob : 0};
  }

  // Record a deviation; false (and the parse stops) when the options reject it
  // or the table is full. `once`: only the first of its kind is kept.
  bool dev(deviation_kind k, std::uint32_t at, std::uint32_t len, bool once = false) noexcept {
    if (failed) return false;
    if (!opts.allows(k)) {
      err = make_error(error_code::deviation_rejected, at);
      err.deviation = k;
      return !(failed = true);
    }
    if (once && v.has_deviation(k)) return true;
    if (v.deviation_count_ >= session_description_view::deviation_capacity) {
      err = make_error(error_code::too_many_deviations, at);
      return !(failed = true);
    }
    v.deviations_[v.deviation_count_++] = deviation{at, len, no_header, k};
    v.deviation_mask_ |= lenient(k);
    return true;
  }

  void line_begin(const sdp_uchar* p) noexcept {
    lb = p;
    vb = p + 2;
    cr = nullptr;
    check = sdp_check::none;
    typed_end = nullptr;
  }
  void media_begin() noexcept {
    std::uint32_t at = off(lb);
    if (!in_media) v.session_.length = at;
    in_media = true;
    if (v.media_count_ >= capacity) {
      if (!overflow) overflow_at = at;
      overflow = true;
      return;
    }
    sdp_media_record& r = v.table()[v.media_count_++];
    r = sdp_media_record{};
    r.block.offset = at;
  }
  sdp_media_record* current() noexcept {
    return in_media && !overflow ? &v.table()[v.media_count_ - 1] : nullptr;
  }
  // From a plain value byte at p (HTAB, %x20-7E, %x80-FF: nothing to mark),
  // the last of the run it starts; eight bytes at a time while none is below
  // %x20 or is %x7F.
  const sdp_uchar* plain_run(const sdp_uchar* p) const noexcept {
    const sdp_uchar* q = p + 1;
    constexpr std::uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (std::endian::native == std::endian::little && end - q >= 8) {
      std::uint64_t x;
      std::memcpy(&x, q, 8);
      std::uint64_t y = x ^ (0x7f * ones);
      // the lowest flagged byte is the first below %x20 or equal to %x7F
      // (a borrow only runs upward, past a byte that is one)
      if (std::uint64_t stop = (((x - 0x20 * ones) & ~x) | ((y - ones) & ~y)) & highs)
        return q + __builtin_ctzll(stop) / 8 - 1;
      q += 8;
    }
    while (q < end && ((*q >= 0x20 && *q != 0x7f) || *q == 0x09)) ++q;
    return q - 1;
  }
  void control(const sdp_uchar* p) noexcept { dev(deviation_kind::sdp_control_byte, off(p), 1, true); }
  void forbidden(const sdp_uchar* p) noexcept { dev(deviation_kind::sdp_forbidden_byte, off(p), 1); }
  // A CR in a value: a line end if LF follows it, a forbidden byte if not.
  void carriage_return(const sdp_uchar* p) noexcept {
    if (cr) forbidden(cr);
    cr = p;
  }
  // A line that is not <letter>=<value>, from its first byte: skipped.
  // `p` may be the synthetic LF after a last line without one: the line's
  // first byte is then its start, and an empty remainder has length 0.
  void bad_line(const sdp_uchar* p) noexcept {
    bool synthetic = p < base || p >= end;
    const sdp_uchar* from = lb && (synthetic || (p >= lb && p - lb <= 2)) ? lb : p;
    std::uint32_t at = off(from);
    dev(deviation_kind::sdp_bad_line, at, at < off(end) ? 1 : 0);
    lb = nullptr;
  }

  // The order machine takes the line's letter, or the host says why not.
  void order_letter(unsigned char letter) noexcept {
    bool zone_alone = false;
    if (int next = order_step(order, letter, zone_alone)) {
      order = next;
      if (zone_alone) dev(deviation_kind::sdp_zone_without_repeat, off(lb), 1);
      return;
    }
    order_departure(letter);
  }
  // The letter cannot stand here: a required line missing before it (then
  // the order goes on as if it were there), or a departure of its own.
  [[gnu::noinline]] void order_departure(unsigned char letter) noexcept {
    std::uint32_t at = off(lb);
    bool zone_alone = false;
    // a required line missing before this one: inserting it lets the letter
    // in. Only for letters that stand after it (an r= or z= without t= is out
    // of order, not a sign of a missing t=)
    static constexpr struct { unsigned char required; const char* after; } missing[] = {
        {'o', "siuepcbtkam"}, {'s', "iuepcbtkam"}, {'t', "kam"}};
    for (const auto& [required, after] : missing) {
      if (std::strchr(after, letter) == nullptr) continue;
      bool z = false;
      int with = order_step(order, required, z);
      int next = with ? order_step(with, letter, zone_alone) : 0;
      if (!next) continue;
      dev(deviation_kind::sdp_missing_line, at, 0);
      order = next;
      if (zone_alone) dev(deviation_kind::sdp_zone_without_repeat, at, 1);
      return;
    }
    bool known = std::strchr("vosiuepcbtrzkam", letter) != nullptr;
    dev(known ? deviation_kind::sdp_line_order : deviation_kind::sdp_unknown_type, at, 1);
  }
  // At the end: the required lines that never came (recorded at the end).
  void order_end() noexcept {
    for (unsigned char required : {'o', 's', 't'}) {
      if (order_final(order)) return;
      bool z = false;
      if (int next = order_step(order, required, z)) {
        order = next;
        dev(deviation_kind::sdp_missing_line, off(end), 0);
      }
    }
  }

  // At the LF that ends a line.
  // `p` is the synthetic LF (outside the body) when the last line has none.
  void line_done(const sdp_uchar* p) noexcept {
    if (lb == nullptr) return;
    bool synthetic = p < base || p >= end;
    // the LF, or the end of the body
    auto at = static_cast<std::uint32_t>((synthetic ? end : p) - base);
    std::uint32_t value_end = at;
    if (!synthetic && cr && cr + 1 == p) {
      value_end = at - 1;
      ++v.crlf_lines_;
    } else {
      if (cr) forbidden(cr);
      if (!synthetic) ++v.bare_lf_lines_;
      dev(deviation_kind::sdp_line_end, at, synthetic ? 0 : 1, true);
    }
    unsigned char letter = *lb;
    auto value_begin = static_cast<std::uint32_t>(vb - base);  // vb <= end: the line has "="
    sdp_span val{value_begin, value_end - value_begin};
    // the typed rule's verdict, until a line it does not pass (validate_sdp
    // reads the lines from there)
    if (check != sdp_check::none && checking) {
      const sdp_uchar* ve = base + value_end;
      bool passed = !synthetic && typed_end == ve;
      if (passed) {
        marks.end = ve;
        passed = sdp_verify(check, marks);
      }
      if (!passed) {
        unread_from = off(lb);
        checking = false;
      }
    }
    if (val.length == 0) dev(deviation_kind::sdp_empty_value, val.offset, 0);
    order_letter(letter);
    if (letter == 'm') media_begin();
    sdp_media_record* m = current();
    bool dropped = in_media && overflow;  // a section the table has no room for
    auto first = [&](sdp_span& field) {
      if (field.offset == 0) field = val;  // no value starts at 0: unset
    };
    switch (dropped ? 0 : letter) {
      case 'v': first(v.v_); break;
      case 'o': first(v.o_); break;
      case 's': first(v.s_); break;
      case 'u': first(v.u_); break;
      case 't': ++v.time_count_; break;
      case 'i': first(m ? m->information : v.i_); break;
      case 'k': first(m ? m->key : v.k_); break;
      case 'c':
        if (!m) {
          first(v.c_);
        } else {
          if (m->connection_count == 0) m->connection = val;
          if (m->connection_count < 0xFFFF) ++m->connection_count;
        }
        break;
      case 'b':
        if (m && m->bandwidth_count < 0xFFFF) ++m->bandwidth_count;
        break;
      case 'a':
        if (m) ++m->attribute_count;
        break;
      case 'm':
        if (m) m->media = val;
        break;
      default: break;
    }
    ++v.line_count_;
    if (m) m->block.length = at + (synthetic ? 0 : 1) - m->block.offset;
    lb = nullptr;
  }
};

// The scan machine (grammar/sdp.rl): its start state, and [p, pe) read from
// state cs; returns the state.
int sdp_scan_init() noexcept;
int sdp_scan_exec(sdp_builder& b, const sdp_uchar* p, const sdp_uchar* pe, int cs) noexcept;

}  // namespace sipspan::detail
