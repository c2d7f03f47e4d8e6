// sipspan CLI — captures: the JSON Lines record of a message, written
// straight into a batch's buffer (the same bytes json_writer writes,
// docs/capture-record.schema.json), the SIP fields it carries, and the
// per-flow request counts behind trans_depth. Internal to the CLI.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "sipspan/capture.hpp"
#include "json_writer.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli::capture_out {

namespace cap = sipspan::capture;

// The records of a batch: an append checks for room once, then copies.
class text_buffer {
 public:
  [[gnu::always_inline]] void append(const char* p, std::size_t n) {  // inlined: constant runs become moves
    if (cap_ - size_ < n) [[unlikely]] grow(n);
    std::memcpy(data_.get() + size_, p, n);
    size_ += n;
  }
  // Room for n more bytes at the end; advance() by what was written there.
  [[gnu::always_inline]] char* room(std::size_t n) {
    if (cap_ - size_ < n) [[unlikely]] grow(n);
    return data_.get() + size_;
  }
  void advance(std::size_t n) { size_ += n; }
  const char* data() const { return data_.get(); }
  std::size_t size() const { return size_; }
  void clear() { size_ = 0; }

 private:
  [[gnu::noinline]] void grow(std::size_t n) {
    std::size_t cap = std::max(cap_ * 2, size_ + n + 4096);
    std::unique_ptr<char[]> d(new char[cap]);  // not zeroed
    if (size_) std::memcpy(d.get(), data_.get(), size_);
    data_ = std::move(d);
    cap_ = cap;
  }
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, cap_ = 0;
};

// "1767225600.000123": seconds since the epoch with microseconds, appended.
template <class Out>
void epoch_seconds(Out& out, std::int64_t ts_ns) {
  std::int64_t sec = ts_ns >= 0 ? ts_ns / 1'000'000'000 : (ts_ns - 999'999'999) / 1'000'000'000;
  char buf[40];
  char* p = std::to_chars(buf, buf + 24, sec).ptr;
  auto usec = static_cast<int>((ts_ns - sec * 1'000'000'000) / 1000);
  *p++ = '.';
  for (int d = 100000; d; d /= 10) *p++ = static_cast<char>('0' + usec / d % 10);
  out.lit(std::string_view(buf, static_cast<std::size_t>(p - buf)));
}




// ------------------------------------------------------------ the SIP fields of a record

struct sip_fields {
  std::string_view call_id, cseq_method, from_uri, to_uri, user_agent, branch;
  std::uint32_t cseq = 0;
  bool has_cseq = false;
};

// `all`: also From, To and User-Agent (the records want them; the summary does not).
inline sip_fields fields_of(const message_view& m, bool all) {
  sip_fields f;
  f.call_id = m.value(header_id::call_id);
  cseq_view cs;
  if (m.has(header_id::cseq) && parse_cseq(m.value(header_id::cseq), cs)) {
    f.cseq = cs.number;
    f.cseq_method = cs.method;
    f.has_cseq = true;
  }
  name_addr_view na;
  if (all && m.has(header_id::from) && parse_name_addr(m.value(header_id::from), na)) f.from_uri = na.uri;
  if (all && m.has(header_id::to) && parse_name_addr(m.value(header_id::to), na)) f.to_uri = na.uri;
  if (all) f.user_agent = m.value(header_id::user_agent);
  for (std::string_view hop : m.values(header_id::via)) {
    via_view v;
    if (parse_via(hop, v)) f.branch = v.branch();
    break;
  }
  return f;
}

inline std::uint64_t hash_of(std::string_view a, std::string_view b = {}) {
  std::uint64_t h = std::hash<std::string_view>{}(a);
  return h ^ (std::hash<std::string_view>{}(b) + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2));
}

// Appends the parts of a record: constant runs, JSON strings, numbers.
struct record_text {
  text_buffer& o;
  [[gnu::always_inline]] record_text& lit(std::string_view s) {
    o.append(s.data(), s.size());
    return *this;
  }
  record_text& str(std::string_view s) {
    o.append("\"", 1);
    json_writer::escape(o, s);
    o.append("\"", 1);
    return *this;
  }
  record_text& opt(std::string_view s) { return s.data() ? str(s) : lit("null"); }
  // `,"key":` and the string (or null when absent), then `,"key_base64":` and
  // its bytes when they are not valid UTF-8 (as json_writer::field writes them).
  record_text& text(std::string_view key, std::string_view s) {
    lit(",\"").lit(key).lit("\":").opt(s);
    if (s.data() && !utf8_valid(s)) {
      lit(",\"").lit(key).lit("_base64\":\"");
      json_writer::base64(o, s);
      lit("\"");
    }
    return *this;
  }
  record_text& num(std::uint64_t n) {
    char* p = o.room(24);
    o.advance(static_cast<std::size_t>(std::to_chars(p, p + 24, n).ptr - p));
    return *this;
  }
  record_text& real(double d) {  // as json_writer writes a double (%.6g)
    char* p = o.room(32);
    o.advance(static_cast<std::size_t>(std::to_chars(p, p + 32, d, std::chars_format::general, 6).ptr - p));
    return *this;
  }
  record_text& boolean(bool v) { return lit(v ? "true" : "false"); }
};

// Requests seen per flow (both directions and the transport), for trans_depth.
// Only the JSON Lines records carry it: otherwise (`counted` false) nothing is
// kept and depth() is 0. The counts sit in one open-addressed array (a key and
// its count side by side: one cache line a lookup on a capture with many flows),
// cleared when it would pass 2^20 flows, so that memory stays bounded.
class flow_depths {
 public:
  explicit flow_depths(bool counted) : counted_(counted) {}
  std::uint32_t depth(const cap::sip_message& m) {
    if (!counted_) return 0;
    std::uint64_t ha = endpoint_hash(m.src), hb = endpoint_hash(m.dst);
    std::uint64_t key = (std::min(ha, hb) * 0x9e3779b97f4a7c15ull ^ std::max(ha, hb)) + static_cast<std::uint64_t>(m.proto);
    key |= 1;  // 0 marks an empty slot
    std::uint32_t& n = slot(key);
    if (!m.bytes.starts_with("SIP/2.0 ")) ++n;
    return n;
  }

 private:
  struct entry {
    std::uint64_t key = 0;
    std::uint32_t requests = 0;
  };
  static constexpr std::size_t max_flows = std::size_t{1} << 20;

  std::uint32_t& slot(std::uint64_t key) {
    if (2 * (used_ + 1) > table_.size()) grow();
    const std::size_t mask = table_.size() - 1;
    for (std::size_t i = static_cast<std::size_t>((key * 0x9e3779b97f4a7c15ull) >> 20) & mask;; i = (i + 1) & mask) {
      entry& e = table_[i];
      if (e.key == key) return e.requests;
      if (e.key == 0) {
        e.key = key;
        ++used_;
        return e.requests;
      }
    }
  }
  void grow() {
    if (used_ >= max_flows) {  // bounded memory on endless captures: start again
      std::fill(table_.begin(), table_.end(), entry{});
      used_ = 0;
      return;
    }
    std::vector<entry> old(table_.empty() ? 1024 : table_.size() * 2);
    old.swap(table_);
    used_ = 0;
    for (const entry& e : old)
      if (e.key) slot(e.key) = e.requests;
  }
  // The address a word at a time, then the port (a multiply-xorshift mix).
  static std::uint64_t endpoint_hash(const cap::endpoint& e) {
    std::uint64_t w[2];
    std::memcpy(w, e.addr.data(), sizeof w);
    auto mix = [](std::uint64_t x) {
      x *= 0x9e3779b97f4a7c15ull;
      return x ^ (x >> 29);
    };
    return mix(mix(w[0]) ^ w[1]) + e.port;
  }
  bool counted_;
  std::vector<entry> table_;
  std::size_t used_ = 0;
};

}  // namespace sipspan::cli::capture_out
