// sipspan — libFuzzer target: load_profile_json on arbitrary bytes.
//
// Properties checked on every input (an abort is a finding, not only a crash):
//  - loading never crashes; a rejection says why, at an offset inside the input;
//  - a profile that loads writes out as JSON that loads again, and that second
//    profile writes out the same JSON (write and load agree);
//  - both profiles score a fixed message the same way.

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "sipspan/score.hpp"
#include "work_bound.hpp"

namespace {

void require(bool ok) {
  if (!ok) std::abort();
}

// A REGISTER with something for every kind of feature to look at (a control byte, a compact form).
constexpr std::string_view probe =
    "REGISTER sip:registrar.example.org SIP/2.0\r\n"
    "v: SIP/2.0/TCP 192.0.2.7:5070;branch=z9hG4bKfz1;rport\r\n"
    "Max-Forwards: 69\r\n"
    "t: <sip:carol@example.org>\r\n"
    "f: \"Carol\" <sip:carol@example.org>;tag=f00d\r\n"
    "i: 0f1e2d3c@192.0.2.7\r\n"
    "CSeq: 2 REGISTER\r\n"
    "m: <sip:carol@192.0.2.7:5070;transport=tcp>;expires=600\r\n"
    "X-Trace: a\x01" "b\r\n"
    "l: 0\r\n\r\n";

bool same(const sipspan::score_result& a, const sipspan::score_result& b) {
  if (!(a.score == b.score || (std::isnan(a.score) && std::isnan(b.score))) || a.reason_count != b.reason_count)
    return false;
  for (std::size_t i = 0; i < a.reason_count; ++i)
    if (a.reasons[i].feature != b.reasons[i].feature || a.reasons[i].offset != b.reasons[i].offset) return false;
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  std::string_view in(reinterpret_cast<const char*>(data), size);
  sipspan::score_profile p;
  sipspan::profile_error err;
  if (!sipspan::load_profile_json(in, p, err)) {
    require(!err.message.empty() && err.offset <= size);
    return 0;
  }
  std::string first = sipspan::write_profile_json(p);
  sipspan::score_profile q;
  require(sipspan::load_profile_json(first, q, err));
  require(sipspan::write_profile_json(q) == first);

  sipspan::message_view m;
  require(sipspan::parse(probe, m).ok());
  require(same(sipspan::score(m, p), sipspan::score(m, q)));
  return 0;
}
