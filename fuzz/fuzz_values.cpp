// sipspan — libFuzzer target: every typed header-value parser, the URI parser
// and the digest parsers, on the same input.
//
// Properties: no crash; every span a view hands out lies inside the input; an
// error's offset lies inside the input (or at its end); parameter iteration
// stays inside the input; a URI that parses compares equal to itself.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sipspan/auth.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/uri.hpp"
#include "work_bound.hpp"

namespace {

std::string_view in;

void require(bool ok) {
  if (!ok) std::abort();
}
void span(std::string_view s) {
  require(s.empty() || (s.data() >= in.data() && s.data() + s.size() <= in.data() + in.size()));
}
void params(const sipspan::param_range& r) {
  for (const sipspan::param& p : r) {
    span(p.name);
    span(p.value);
  }
}
void verdict(const sipspan::result& r) { require(r.ok() || r.offset <= in.size()); }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  sipspan::fuzz::work_bound bound(size);  // linear in the input (work_bound.hpp)
  using namespace sipspan;
  in = std::string_view(reinterpret_cast<const char*>(data), size);

  uri_view u;
  result r = parse_uri(in, u);
  verdict(r);
  if (r) {
    for (std::string_view s : {u.scheme_text, u.user, u.password, u.host, u.port_text, u.number, u.opaque}) span(s);
    params(u.params());
    params(u.headers());
    require(uri_equal(u, u));
  }
  via_view via;
  if (r = parse_via(in, via); r) {
    for (std::string_view s : {via.protocol_name, via.transport, via.host, via.branch(), via.received()}) span(s);
    params(via.params);
    (void)via.rport();
  } else verdict(r);
  name_addr_view na;
  if (r = parse_name_addr(in, na); r) {
    span(na.display_name);
    span(na.uri);
    params(na.params);
  } else verdict(r);
  if (r = parse_contact(in, na); r) span(na.uri); else verdict(r);
  if (r = parse_route(in, na); r) span(na.uri); else verdict(r);
  cseq_view cs;
  if (r = parse_cseq(in, cs); r) span(cs.method); else verdict(r);
  call_id_view cid;
  if (r = parse_call_id(in, cid); r) span(cid.host); else verdict(r);
  media_type_view mt;
  if (r = parse_media_type(in, mt); r) params(mt.params); else verdict(r);
  std::uint32_t n;
  verdict(parse_uint(in, n));
  verdict(parse_max_forwards(in, n));
  verdict(parse_token_list(in));
  event_view ev;
  if (r = parse_event(in, ev); r) params(ev.params); else verdict(r);
  session_expires_view se;
  verdict(parse_session_expires(in, se));
  rack_view ra;
  verdict(parse_rack(in, ra));
  retry_after_view rt;
  if (r = parse_retry_after(in, rt); r) span(rt.comment); else verdict(r);
  timestamp_view ts;
  verdict(parse_timestamp(in, ts));
  date_view dt;
  verdict(parse_date(in, dt));
  warning_view w;
  if (r = parse_warning(in, w); r) span(w.text); else verdict(r);
  auth_view a;
  for (auto* fn : {parse_credentials, parse_challenge, parse_authentication_info}) {
    if (r = fn(in, a); r) {
      span(a.scheme);
      params(a.params());
      span(a.realm());
    } else {
      verdict(r);
    }
  }
  return 0;
}
