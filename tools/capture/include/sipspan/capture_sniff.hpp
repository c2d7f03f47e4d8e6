// sipspan — capture: whether a transport payload looks like SIP (grammar/sniff.rl).
//
// The capture reader takes a payload for a SIP message when it looks like one
// (sniff() == sniff_kind::sip), when its flow has carried SIP before, or when it
// comes to or from a SIP port; a SIP message that then does not parse is
// reported, never skipped. The other kinds name why a payload was skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace sipspan::capture {

// The kinds, with the name the capture summary counts them under. sniff()
// gives all but `midstream`, which the TCP reader counts itself: bytes of a
// stream before its first start line (the middle of a message whose start was
// not captured, after a gap or in a connection joined late).
#define SIPSPAN_SNIFF_KINDS(X)        \
  X(sip, "SIP")                       \
  X(empty, "empty")                   \
  X(keepalive, "keepalive")           \
  X(stun, "STUN")                     \
  X(tls, "TLS")                       \
  X(sigcomp, "SigComp")               \
  X(http, "HTTP")                     \
  X(other, "no SIP start line")      \
  X(midstream, "TCP bytes before a start line")

enum class sniff_kind : std::uint8_t {
#define SIPSPAN_SNIFF_ENUM(id, text) id,
  SIPSPAN_SNIFF_KINDS(SIPSPAN_SNIFF_ENUM)
#undef SIPSPAN_SNIFF_ENUM
};

inline constexpr std::size_t sniff_kind_count = 0
#define SIPSPAN_SNIFF_COUNT(id, text) +1
    SIPSPAN_SNIFF_KINDS(SIPSPAN_SNIFF_COUNT)
#undef SIPSPAN_SNIFF_COUNT
    ;

// How far into a payload the marks are looked for (a header line farther in
// does not make a payload SIP).
inline constexpr std::size_t max_sniff_bytes = 2048;
// A payload this short with no LF is a keepalive (vendors send four NULs,
// "jaK", "hello"): the shortest start line and its line end take 15 bytes
// ("A a:b SIP/2.0\r\n").
inline constexpr std::size_t max_keepalive_bytes = 8;

sniff_kind sniff(std::string_view payload) noexcept;
// A line (its line end excluded) that looks like a start line of either kind:
// "SIP/" DIGIT, or a method-like token, SP and "SIP/" further on (after any
// leading whitespace). Where a stream is resynchronised.
bool looks_like_start_line(std::string_view line) noexcept;
std::string_view sniff_kind_name(sniff_kind k) noexcept;

}  // namespace sipspan::capture
