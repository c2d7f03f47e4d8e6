// sipspan — typed header values (headers.hpp): the RFC 3261 §24 and §20
// example values, near-misses, every error with its exact offset, and spans
// that stay inside the input.

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <string_view>

#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "test_util.hpp"

using namespace sipspan;
using sipspan::testing::all_inside;
using sipspan::testing::fails_at;
using sipspan::testing::inside;
using sipspan::testing::offset_in;

namespace {


}  // namespace

// ===================================================================== Via ===

TEST(via, rfc3261_section24_example) {
  std::string s = "SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds";
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_EQ(v.protocol_name, "SIP");
  EXPECT_EQ(v.protocol_version, "2.0");
  EXPECT_EQ(v.transport, "UDP");
  EXPECT_EQ(v.host, "pc33.atlanta.com");
  EXPECT_FALSE(v.has_port);
  EXPECT_EQ(v.port_text, "");
  EXPECT_EQ(v.branch(), "z9hG4bK776asdhds");
  EXPECT_TRUE(v.has_magic_cookie());
  EXPECT_EQ(v.params.text(), "branch=z9hG4bK776asdhds");
  EXPECT_EQ(v.params.size(), 1u);
  EXPECT_FALSE(v.has_rport());
  EXPECT_TRUE(all_inside(s, {v.protocol_name, v.protocol_version, v.transport, v.host, v.params.text()}));
}

TEST(via, received_and_port) {
  std::string s = "SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2";
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_EQ(v.host, "bigbox3.site3.atlanta.com");
  EXPECT_EQ(v.received(), "192.0.2.2");
  EXPECT_EQ(v.params.size(), 2u);

  std::string t = "SIP/2.0/UDP 192.0.2.1:5060 ;received=192.0.2.207;branch=z9hG4bK77asjd";  // §20.42
  ASSERT_OK(parse_via(t, v));
  EXPECT_EQ(v.host, "192.0.2.1");
  EXPECT_TRUE(v.has_port);
  EXPECT_EQ(v.port, 5060);
  EXPECT_EQ(v.port_text, "5060");
  EXPECT_EQ(v.received(), "192.0.2.207");
  EXPECT_EQ(v.branch(), "z9hG4bK77asjd");
  EXPECT_EQ(v.params.text(), "received=192.0.2.207;branch=z9hG4bK77asjd");
}

TEST(via, spaces_around_slashes_ttl_maddr) {
  // RFC 3261 §20.42
  std::string s = "SIP / 2.0 / UDP first.example.com: 4000;ttl=16\r\n ;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1";
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_EQ(v.protocol_name, "SIP");
  EXPECT_EQ(v.protocol_version, "2.0");
  EXPECT_EQ(v.transport, "UDP");
  EXPECT_EQ(v.host, "first.example.com");
  EXPECT_EQ(v.port, 4000);
  EXPECT_EQ(v.ttl(), "16");
  EXPECT_EQ(v.maddr(), "224.2.0.1");
  EXPECT_EQ(v.branch(), "z9hG4bKa7c6a8dlze.1");
  EXPECT_EQ(v.params.size(), 3u);
}

TEST(via, ipv6_sent_by_and_received) {
  std::string s = "SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKx;received=2001:db8::9;rport=5062";
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_EQ(v.transport, "TCP");
  EXPECT_EQ(v.host, "[2001:db8::1]");
  EXPECT_EQ(v.port, 5060);
  EXPECT_EQ(v.received(), "2001:db8::9");
  EXPECT_TRUE(v.has_rport());
  EXPECT_TRUE(v.has_rport_value());
  EXPECT_EQ(v.rport(), 5062);

  std::string t = "SIP/2.0/UDP [::ffff:192.0.2.1];received=[2001:db8::2]";
  ASSERT_OK(parse_via(t, v));
  EXPECT_EQ(v.host, "[::ffff:192.0.2.1]");
  EXPECT_FALSE(v.has_port);
  EXPECT_EQ(v.received(), "[2001:db8::2]");
}

TEST(via, rport_without_value_and_extensions) {
  std::string s = "SIP/2.0/UDP 10.0.0.1;rport;branch=z9hG4bKabc;x-id=\"a;b\";alias";
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_TRUE(v.has_rport());
  EXPECT_FALSE(v.has_rport_value());
  EXPECT_EQ(v.rport(), 0);
  EXPECT_EQ(v.params.get("x-id"), "\"a;b\"");
  EXPECT_TRUE(v.params.has("alias"));
  EXPECT_EQ(v.params.size(), 4u);
}

TEST(via, old_branch_has_no_magic_cookie) {
  via_view v;
  ASSERT_OK(parse_via("SIP/2.0/UDP host.example.com;branch=1234abcd", v));
  EXPECT_FALSE(v.has_magic_cookie());
  ASSERT_OK(parse_via("SIP/2.0/UDP host.example.com", v));
  EXPECT_FALSE(v.has_magic_cookie());
  EXPECT_TRUE(v.params.empty());
  // the cookie is case-sensitive
  ASSERT_OK(parse_via("SIP/2.0/UDP h;branch=Z9HG4BK1", v));
  EXPECT_FALSE(v.has_magic_cookie());
}

TEST(via, branch_of_64_kib) {
  std::string branch = "z9hG4bK" + std::string(64 * 1024, 'a');
  std::string s = "SIP/2.0/UDP pc33.atlanta.com;branch=" + branch;
  via_view v;
  ASSERT_OK(parse_via(s, v));
  EXPECT_EQ(v.branch().size(), branch.size());
  EXPECT_EQ(v.branch(), branch);
  EXPECT_TRUE(inside(s, v.branch()));
}

TEST(via, surrounding_whitespace_accepted) {
  via_view v;
  ASSERT_OK(parse_via("  SIP/2.0/UDP h.example.com ; branch=z9hG4bK1  ", v));
  EXPECT_EQ(v.host, "h.example.com");
  EXPECT_EQ(v.branch(), "z9hG4bK1");
}

TEST(via, errors) {
  via_view v;
  // no sent-protocol: the host is read as protocol-name, then "/" is missing
  EXPECT_TRUE(fails_at(parse_via("pc33.atlanta.com;branch=z9hG4bK776asdhds", v), error_code::bad_via, 16));
  // SLASH = SWS "/" SWS: the space may precede a "/", so the host is where it fails
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0 pc33.atlanta.com", v), error_code::bad_via, 8));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP", v), error_code::bad_via, 11));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP ", v), error_code::bad_via, 12));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP;branch=z9hG4bK1", v), error_code::bad_via, 11));
  EXPECT_TRUE(fails_at(parse_via("", v), error_code::empty_value, 0));
  EXPECT_TRUE(fails_at(parse_via("   ", v), error_code::empty_value, 0));
  // host
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP pc33_atlanta.com", v), error_code::bad_host, 16));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP -bad.com", v), error_code::bad_host, 12));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP [2001:db8::1", v), error_code::bad_host, 24));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP [2001:db8::g]", v), error_code::bad_host, 23));
  // port
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h:", v), error_code::bad_port, 14));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h:50a0", v), error_code::bad_port, 16));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h:65536", v), error_code::bad_port, 14));
  ASSERT_OK(parse_via("SIP/2.0/UDP h:65535", v));
  EXPECT_EQ(v.port, 65535);
  // parameters
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;ttl=256", v), error_code::bad_parameter, 20));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;received=host.example.com", v), error_code::bad_parameter, 23));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;branch=", v), error_code::bad_parameter, 21));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;branch=a b", v), error_code::bad_parameter, 23));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;", v), error_code::bad_parameter, 14));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;rport=70000", v), error_code::bad_parameter, 20));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h;x=\"open", v), error_code::bad_quoted_string, 16));
  // after a complete via-parm
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h x", v), error_code::trailing_garbage, 14));
  EXPECT_TRUE(fails_at(parse_via("SIP/2.0/UDP h:5060 x", v), error_code::trailing_garbage, 19));
}

// =============================================================== name-addr ===

TEST(name_addr, token_display_name) {
  std::string s = "Bob <sip:bob@biloxi.com>";
  name_addr_view n;
  ASSERT_OK(parse_name_addr(s, n));
  EXPECT_EQ(n.display_name, "Bob");
  EXPECT_FALSE(n.display_name_quoted);
  EXPECT_EQ(n.uri, "sip:bob@biloxi.com");
  EXPECT_TRUE(n.has_angle_brackets);
  EXPECT_FALSE(n.is_star);
  EXPECT_TRUE(n.params.empty());
  EXPECT_EQ(n.tag(), "");
}

TEST(name_addr, tag_and_multi_token_display_name) {
  std::string s = "Alice <sip:alice@atlanta.com>;tag=1928301774";
  name_addr_view n;
  ASSERT_OK(parse_name_addr(s, n));
  EXPECT_EQ(n.display_name, "Alice");
  EXPECT_EQ(n.uri, "sip:alice@atlanta.com");
  EXPECT_EQ(n.tag(), "1928301774");

  std::string t = "The Operator <sip:operator@cs.columbia.edu>;tag=287447";  // §20.39
  ASSERT_OK(parse_name_addr(t, n));
  EXPECT_EQ(n.display_name, "The Operator");
  EXPECT_EQ(n.tag(), "287447");
  EXPECT_TRUE(all_inside(t, {n.display_name, n.uri, n.params.text()}));
}

TEST(name_addr, quoted_display_name) {
  std::string s = "\"A. G. Bell\" <sip:agb@bell-telephone.com> ;tag=a48s";  // §20.20
  name_addr_view n;
  ASSERT_OK(parse_name_addr(s, n));
  EXPECT_EQ(n.display_name, "A. G. Bell");
  EXPECT_TRUE(n.display_name_quoted);
  EXPECT_EQ(n.uri, "sip:agb@bell-telephone.com");
  EXPECT_EQ(n.tag(), "a48s");

  std::string e = "\"Alice \\\"the\\\" Great\\\\\" <sip:a@b.example>";
  ASSERT_OK(parse_name_addr(e, n));
  EXPECT_EQ(n.display_name, "Alice \\\"the\\\" Great\\\\");  // escapes kept

  std::string empty = "\"\" <sip:a@b.example>";
  ASSERT_OK(parse_name_addr(empty, n));
  EXPECT_TRUE(n.display_name_quoted);
  EXPECT_TRUE(n.display_name.empty());
  EXPECT_TRUE(n.has_display_name());

  std::string utf8 = "\"J\xc3\xb6rg\" <sip:j@example.com>";
  ASSERT_OK(parse_name_addr(utf8, n));
  EXPECT_EQ(n.display_name, "J\xc3\xb6rg");
}

TEST(name_addr, bare_addr_spec_params_are_header_params) {
  // §20.10: without <>, the parameters belong to the header field
  std::string s = "sip:+12125551212@server.phone2net.com;tag=887s";  // §20.20
  name_addr_view n;
  ASSERT_OK(parse_name_addr(s, n));
  EXPECT_FALSE(n.has_angle_brackets);
  EXPECT_FALSE(n.has_display_name());
  EXPECT_EQ(n.uri, "sip:+12125551212@server.phone2net.com");
  EXPECT_EQ(n.tag(), "887s");
  // inside <>, ";" belongs to the URI
  std::string t = "<sip:+12125551212@server.phone2net.com;user=phone>;tag=887s";
  ASSERT_OK(parse_name_addr(t, n));
  EXPECT_EQ(n.uri, "sip:+12125551212@server.phone2net.com;user=phone");
  EXPECT_EQ(n.params.text(), "tag=887s");
  EXPECT_EQ(n.params.size(), 1u);
}

TEST(name_addr, no_space_before_angle_and_other_schemes) {
  name_addr_view n;
  ASSERT_OK(parse_name_addr("Bob<sip:bob@biloxi.com>", n));
  EXPECT_EQ(n.display_name, "Bob");
  ASSERT_OK(parse_name_addr("<tel:+1-212-555-1212;phone-context=x>", n));
  EXPECT_EQ(n.uri, "tel:+1-212-555-1212;phone-context=x");
  ASSERT_OK(parse_name_addr("<sip:alice@[2001:db8::1]:5060;transport=tcp?Subject=a%20b>", n));
  EXPECT_EQ(n.uri, "sip:alice@[2001:db8::1]:5060;transport=tcp?Subject=a%20b");
  ASSERT_OK(parse_name_addr("Anonymous <sip:c8oqz84zk7z@privacy.org>;tag=hyh8", n));
  EXPECT_EQ(n.display_name, "Anonymous");
}

TEST(name_addr, folded_value) {
  std::string s = "Bob\r\n <sip:bob@biloxi.com>\r\n ;tag=x";
  name_addr_view n;
  ASSERT_OK(parse_name_addr(s, n));
  EXPECT_EQ(n.display_name, "Bob");
  EXPECT_EQ(n.tag(), "x");
}

TEST(name_addr, errors) {
  name_addr_view n;
  EXPECT_TRUE(fails_at(parse_name_addr("\"Alice", n), error_code::bad_quoted_string, 0));
  EXPECT_TRUE(fails_at(parse_name_addr("  \"Alice <sip:a@b>", n), error_code::bad_quoted_string, 2));
  // the backslash escapes the closing quote: the string never ends
  EXPECT_TRUE(fails_at(parse_name_addr("\"Alice\\\" <sip:a@b>", n), error_code::bad_quoted_string, 0));
  EXPECT_TRUE(fails_at(parse_name_addr("\"Al\\\rice\" <sip:a@b>", n), error_code::bad_quoted_string, 4));
  EXPECT_TRUE(fails_at(parse_name_addr("Bob@home <sip:a@b>", n), error_code::bad_display_name, 3));
  EXPECT_TRUE(fails_at(parse_name_addr("Bob \"x\" <sip:a@b>", n), error_code::bad_display_name, 4));
  EXPECT_TRUE(fails_at(parse_name_addr("J\xc3\xb6rg <sip:a@b>", n), error_code::bad_display_name, 1));
  EXPECT_TRUE(fails_at(parse_name_addr("Bob", n), error_code::bad_name_addr, 3));
  EXPECT_TRUE(fails_at(parse_name_addr("\"Bob\" sip:a@b", n), error_code::bad_name_addr, 6));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a@b", n), error_code::bad_name_addr, 0));
  EXPECT_TRUE(fails_at(parse_name_addr("<>", n), error_code::bad_uri, 1));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a b>", n), error_code::bad_uri, 6));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a%zz@b>", n), error_code::bad_escape, 6));
  EXPECT_TRUE(fails_at(parse_name_addr("sip:a%4", n), error_code::bad_escape, 5));
  EXPECT_TRUE(fails_at(parse_name_addr("sip:a@b?subject=x", n), error_code::bad_uri, 7));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a@b>;tag=", n), error_code::bad_parameter, 14));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a@b>;tag=\"x\"", n), error_code::bad_parameter, 14));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a@b>;x=\"y", n), error_code::bad_quoted_string, 12));
  EXPECT_TRUE(fails_at(parse_name_addr("<sip:a@b> x", n), error_code::trailing_garbage, 10));
  EXPECT_TRUE(fails_at(parse_name_addr("*", n), error_code::bad_name_addr, 1));
  EXPECT_TRUE(fails_at(parse_name_addr("", n), error_code::empty_value, 0));
}

TEST(contact, examples) {
  name_addr_view n;
  std::string s = "\"Mr. Watson\" <sip:watson@worcester.bell-telephone.com>;q=0.7; expires=3600";  // §20.10
  ASSERT_OK(parse_contact(s, n));
  EXPECT_EQ(n.display_name, "Mr. Watson");
  EXPECT_EQ(n.uri, "sip:watson@worcester.bell-telephone.com");
  EXPECT_EQ(n.q(), "0.7");
  EXPECT_EQ(n.expires(), "3600");
  EXPECT_EQ(n.params.size(), 2u);

  ASSERT_OK(parse_contact("\"Mr. Watson\" <mailto:watson@bell-telephone.com> ;q=0.1", n));
  EXPECT_EQ(n.uri, "mailto:watson@bell-telephone.com");
  EXPECT_EQ(n.q(), "0.1");

  ASSERT_OK(parse_contact("<sip:alice@pc33.atlanta.com>", n));  // §24.2
  EXPECT_EQ(n.uri, "sip:alice@pc33.atlanta.com");

  ASSERT_OK(parse_contact("sip:bob@192.0.2.4;expires=0", n));
  EXPECT_FALSE(n.has_angle_brackets);
  EXPECT_EQ(n.uri, "sip:bob@192.0.2.4");
  EXPECT_EQ(n.expires(), "0");

  ASSERT_OK(parse_contact("<sip:a@b>;q=1.000;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-000A95A0E128>\"", n));
  EXPECT_EQ(n.q(), "1.000");
}

TEST(contact, star) {
  name_addr_view n;
  ASSERT_OK(parse_contact("*", n));
  EXPECT_TRUE(n.is_star);
  EXPECT_TRUE(n.uri.empty());
  ASSERT_OK(parse_contact(" * ", n));
  EXPECT_TRUE(n.is_star);
  // "*" is also a token: as a display name it is not the star form
  ASSERT_OK(parse_contact("* <sip:a@b>", n));
  EXPECT_FALSE(n.is_star);
  EXPECT_EQ(n.display_name, "*");
  EXPECT_TRUE(fails_at(parse_contact("*;expires=0", n), error_code::bad_name_addr, 1));
}

TEST(contact, errors) {
  name_addr_view n;
  // a stray DQUOTE after the address opens a quoted-string that never closes
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>\"", n), error_code::bad_quoted_string, 9));
  EXPECT_TRUE(fails_at(parse_contact("sip:a@b\"", n), error_code::bad_quoted_string, 7));
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>;q=2", n), error_code::bad_parameter, 12));
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>;q=0.1234", n), error_code::bad_parameter, 17));
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>;q=1.5", n), error_code::bad_parameter, 14));
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>;expires=soon", n), error_code::bad_parameter, 18));
  EXPECT_TRUE(fails_at(parse_contact("<sip:a@b>;expires", n), error_code::bad_parameter, 17));
}

TEST(route, requires_angle_brackets) {
  name_addr_view n;
  ASSERT_OK(parse_route("<sip:bigbox3.site3.atlanta.com;lr>", n));
  EXPECT_EQ(n.uri, "sip:bigbox3.site3.atlanta.com;lr");
  EXPECT_TRUE(n.params.empty());
  ASSERT_OK(parse_route("<sip:p1.example.com;lr>;foo=bar", n));
  EXPECT_EQ(n.params.get("foo"), "bar");
  EXPECT_TRUE(fails_at(parse_route("  sip:p1.example.com", n), error_code::bad_name_addr, 2));
}

// ==================================================================== CSeq ===

TEST(cseq, examples) {
  cseq_view c;
  ASSERT_OK(parse_cseq("314159 INVITE", c));
  EXPECT_EQ(c.number, 314159u);
  EXPECT_EQ(c.number_text, "314159");
  EXPECT_EQ(c.method, "INVITE");
  ASSERT_OK(parse_cseq("4711 INVITE", c));  // §20.16
  EXPECT_EQ(c.number, 4711u);
  ASSERT_OK(parse_cseq("  1\r\n\tACK  ", c));
  EXPECT_EQ(c.number, 1u);
  EXPECT_EQ(c.method, "ACK");
  ASSERT_OK(parse_cseq("0 FOO-BAR", c));
  EXPECT_EQ(c.number, 0u);
  EXPECT_EQ(c.method, "FOO-BAR");
  ASSERT_OK(parse_cseq("2147483647 INVITE", c));
  EXPECT_EQ(c.number, 2147483647u);
}

TEST(cseq, errors) {
  cseq_view c;
  EXPECT_TRUE(fails_at(parse_cseq("2147483648 INVITE", c), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_cseq("4294967296 INVITE", c), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_cseq(" 99999999999999999999999 INVITE", c), error_code::number_overflow, 1));
  EXPECT_TRUE(fails_at(parse_cseq("INVITE", c), error_code::bad_cseq, 0));
  EXPECT_TRUE(fails_at(parse_cseq("1INVITE", c), error_code::bad_cseq, 1));
  EXPECT_TRUE(fails_at(parse_cseq("1", c), error_code::bad_cseq, 1));
  EXPECT_TRUE(fails_at(parse_cseq("1 ", c), error_code::bad_cseq, 2));
  EXPECT_TRUE(fails_at(parse_cseq("-1 INVITE", c), error_code::bad_cseq, 0));
  EXPECT_TRUE(fails_at(parse_cseq("1 INV@TE", c), error_code::bad_method, 5));
  EXPECT_TRUE(fails_at(parse_cseq("1 @", c), error_code::bad_method, 2));
  EXPECT_TRUE(fails_at(parse_cseq("1 INVITE x", c), error_code::trailing_garbage, 9));
  EXPECT_TRUE(fails_at(parse_cseq("", c), error_code::empty_value, 0));
}

// ================================================================= Call-ID ===

TEST(call_id, examples) {
  call_id_view c;
  std::string s = "a84b4c76e66710@pc33.atlanta.com";
  ASSERT_OK(parse_call_id(s, c));
  EXPECT_EQ(c.value, s);
  EXPECT_EQ(c.local, "a84b4c76e66710");
  EXPECT_EQ(c.host, "pc33.atlanta.com");
  EXPECT_TRUE(c.has_host);
  EXPECT_TRUE(all_inside(s, {c.value, c.local, c.host}));
  ASSERT_OK(parse_call_id("f81d4fae-7dec-11d0-a765-00a0c91e6bf6@foo.bar.com", c));  // §20.8
  EXPECT_EQ(c.host, "foo.bar.com");
  ASSERT_OK(parse_call_id("843817637684230@998sdasdh09", c));
  EXPECT_EQ(c.local, "843817637684230");
  ASSERT_OK(parse_call_id("<{weird}>/\"x\"", c));
  EXPECT_FALSE(c.has_host);
  EXPECT_EQ(c.local, "<{weird}>/\"x\"");
}

TEST(call_id, errors) {
  call_id_view c;
  EXPECT_TRUE(fails_at(parse_call_id("a@b@c", c), error_code::bad_call_id, 3));
  EXPECT_TRUE(fails_at(parse_call_id("a@", c), error_code::bad_call_id, 2));
  EXPECT_TRUE(fails_at(parse_call_id("@b", c), error_code::bad_call_id, 0));
  EXPECT_TRUE(fails_at(parse_call_id("a;b", c), error_code::bad_call_id, 1));
  EXPECT_TRUE(fails_at(parse_call_id("a b", c), error_code::trailing_garbage, 2));
}

// ================================================================= numbers ===

TEST(numbers, values_and_limits) {
  std::uint32_t v = 0;
  ASSERT_OK(parse_max_forwards("70", v));
  EXPECT_EQ(v, 70u);
  ASSERT_OK(parse_max_forwards(" 255 ", v));
  EXPECT_EQ(v, 255u);
  ASSERT_OK(parse_max_forwards("0", v));
  EXPECT_EQ(v, 0u);
  ASSERT_OK(parse_max_forwards("0070", v));
  EXPECT_EQ(v, 70u);
  ASSERT_OK(parse_content_length("4294967295", v));
  EXPECT_EQ(v, 4294967295u);
  ASSERT_OK(parse_expires("3600", v));
  EXPECT_EQ(v, 3600u);
  ASSERT_OK(parse_min_expires("60", v));
  EXPECT_EQ(v, 60u);
  ASSERT_OK(parse_rseq("988789", v));
  EXPECT_EQ(v, 988789u);
  ASSERT_OK(parse_uint("65535", v, 65535));
  ASSERT_OK(parse_delta_seconds("7200", v));
  EXPECT_EQ(v, 7200u);
}

TEST(numbers, errors) {
  std::uint32_t v = 0;
  EXPECT_TRUE(fails_at(parse_max_forwards("256", v), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_max_forwards("  1000", v), error_code::number_overflow, 2));
  EXPECT_TRUE(fails_at(parse_content_length("4294967296", v), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_expires("99999999999", v), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_uint("65536", v, 65535), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_max_forwards("", v), error_code::empty_value, 0));
  EXPECT_TRUE(fails_at(parse_max_forwards("7a", v), error_code::bad_number, 1));
  EXPECT_TRUE(fails_at(parse_max_forwards("-1", v), error_code::bad_number, 0));
  EXPECT_TRUE(fails_at(parse_max_forwards("7 0", v), error_code::bad_number, 2));
  EXPECT_TRUE(fails_at(parse_expires("3600.5", v), error_code::bad_number, 4));
  EXPECT_TRUE(fails_at(parse_rseq("0", v), error_code::number_underflow, 0));
  EXPECT_TRUE(fails_at(parse_rseq(" 00", v), error_code::number_underflow, 1));
  EXPECT_TRUE(fails_at(parse_rseq("4294967296", v), error_code::number_overflow, 0));
}

// ============================================================== media-type ===

TEST(media_type, examples) {
  media_type_view m;
  ASSERT_OK(parse_media_type("application/sdp", m));
  EXPECT_EQ(m.type, "application");
  EXPECT_EQ(m.subtype, "sdp");
  EXPECT_TRUE(m.params.empty());
  std::string s = "text/html; charset=ISO-8859-4";  // §20.15
  ASSERT_OK(parse_content_type(s, m));
  EXPECT_EQ(m.type, "text");
  EXPECT_EQ(m.subtype, "html");
  EXPECT_EQ(m.charset(), "ISO-8859-4");
  EXPECT_TRUE(all_inside(s, {m.type, m.subtype, m.params.text(), m.charset()}));
  ASSERT_OK(parse_media_type("multipart/mixed ; boundary=\"simple boundary\" ;x=y", m));
  EXPECT_EQ(m.boundary(), "simple boundary");
  EXPECT_EQ(m.params.size(), 2u);
  ASSERT_OK(parse_media_type("application / pidf+xml", m));
  EXPECT_EQ(m.subtype, "pidf+xml");
}

TEST(media_type, errors) {
  media_type_view m;
  EXPECT_TRUE(fails_at(parse_media_type("application", m), error_code::bad_media_type, 11));
  EXPECT_TRUE(fails_at(parse_media_type("application/", m), error_code::bad_media_type, 12));
  EXPECT_TRUE(fails_at(parse_media_type("app@/sdp", m), error_code::bad_media_type, 3));
  EXPECT_TRUE(fails_at(parse_media_type("text/html;charset", m), error_code::bad_parameter, 17));
  EXPECT_TRUE(fails_at(parse_media_type("text/html;", m), error_code::bad_parameter, 10));
  EXPECT_TRUE(fails_at(parse_media_type("text/html; charset=\"abc", m), error_code::bad_quoted_string, 19));
  EXPECT_TRUE(fails_at(parse_media_type("text/html x", m), error_code::trailing_garbage, 10));
}

// ============================================================= token lists ===

TEST(tokens, single_and_lists) {
  std::string_view t;
  ASSERT_OK(parse_token(" 100rel ", t));
  EXPECT_EQ(t, "100rel");
  EXPECT_OK(parse_token("INVITE"));
  EXPECT_TRUE(fails_at(parse_token("a b"), error_code::bad_token, 2));
  EXPECT_TRUE(fails_at(parse_token("fo@o"), error_code::bad_token, 2));
  EXPECT_TRUE(fails_at(parse_token(""), error_code::empty_value, 0));

  EXPECT_OK(parse_token_list("INVITE, ACK, OPTIONS, CANCEL, BYE"));  // §20.5
  EXPECT_OK(parse_token_list("100rel,timer ,\r\n path"));
  EXPECT_OK(parse_token_list(""));
  EXPECT_TRUE(fails_at(parse_token_list("", false), error_code::empty_value, 0));
  EXPECT_TRUE(fails_at(parse_token_list("INVITE,,ACK"), error_code::bad_token_list, 7));
  EXPECT_TRUE(fails_at(parse_token_list("INVITE ACK"), error_code::bad_token_list, 7));
  EXPECT_TRUE(fails_at(parse_token_list("INVITE,"), error_code::bad_token_list, 7));
  EXPECT_TRUE(fails_at(parse_token_list(",INVITE"), error_code::bad_token_list, 0));
}

TEST(tokens, through_message_values) {
  std::string msg =
      "OPTIONS sip:carol@chicago.com SIP/2.0\r\n"
      "Allow: INVITE, ACK\r\n"
      "Supported: 100rel\r\n"
      "Allow: BYE\r\n"
      "\r\n";
  message_view m;
  ASSERT_OK(parse(msg, m));
  int n = 0;
  for (std::string_view el : m.values(header_id::allow)) {
    EXPECT_OK(parse_token(el));
    EXPECT_TRUE(inside(msg, el));
    ++n;
  }
  EXPECT_EQ(n, 3);
}

// =================================================================== Event ===

TEST(event, examples) {
  event_view e;
  ASSERT_OK(parse_event("presence", e));
  EXPECT_EQ(e.type, "presence");
  EXPECT_EQ(e.package, "presence");
  EXPECT_EQ(e.templates, "");
  std::string s = "presence.winfo;id=1234";
  ASSERT_OK(parse_event(s, e));
  EXPECT_EQ(e.type, "presence.winfo");
  EXPECT_EQ(e.package, "presence");
  EXPECT_EQ(e.templates, "winfo");
  EXPECT_EQ(e.id(), "1234");
  EXPECT_TRUE(all_inside(s, {e.type, e.package, e.templates, e.params.text()}));
  ASSERT_OK(parse_event("dialog.a.b ; call-id=\"x@y\" ;from-tag=\"q\"", e));
  EXPECT_EQ(e.templates, "a.b");
  EXPECT_EQ(e.params.size(), 2u);
  EXPECT_EQ(e.params.get("call-id"), "\"x@y\"");
  // generic-param values are token / host / quoted-string: "@" needs quotes
  EXPECT_TRUE(fails_at(parse_event("dialog;call-id=x@y", e), error_code::bad_parameter, 16));
}

TEST(event, errors) {
  event_view e;
  EXPECT_TRUE(fails_at(parse_event("pres@nce", e), error_code::bad_event, 4));
  EXPECT_TRUE(fails_at(parse_event("presence.", e), error_code::bad_event, 9));
  EXPECT_TRUE(fails_at(parse_event(".presence", e), error_code::bad_event, 0));
  EXPECT_TRUE(fails_at(parse_event("presence;id=", e), error_code::bad_parameter, 12));
  EXPECT_TRUE(fails_at(parse_event("presence;id=\"x\"", e), error_code::bad_parameter, 12));
  EXPECT_TRUE(fails_at(parse_event("presence x", e), error_code::trailing_garbage, 9));
}

// ======================================================= Session timers ===

TEST(session_expires, examples_and_errors) {
  session_expires_view v;
  ASSERT_OK(parse_session_expires("4000;refresher=uac", v));
  EXPECT_EQ(v.seconds, 4000u);
  EXPECT_EQ(v.refresher(), "uac");
  EXPECT_EQ(v.refresher_role(), refresher_kind::uac);
  ASSERT_OK(parse_session_expires("1800", v));
  EXPECT_EQ(v.seconds, 1800u);
  EXPECT_EQ(v.refresher_role(), refresher_kind::none);
  ASSERT_OK(parse_session_expires("90 ; refresher=UAS;x=y", v));
  EXPECT_EQ(v.refresher_role(), refresher_kind::uas);
  EXPECT_EQ(v.params.size(), 2u);

  EXPECT_TRUE(fails_at(parse_session_expires("4000;refresher=foo", v), error_code::bad_parameter, 15));
  EXPECT_TRUE(fails_at(parse_session_expires("4000;refresher", v), error_code::bad_parameter, 14));
  EXPECT_TRUE(fails_at(parse_session_expires("abc", v), error_code::bad_number, 0));
  EXPECT_TRUE(fails_at(parse_session_expires("4294967296", v), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_session_expires("40 00", v), error_code::trailing_garbage, 3));

  min_se_view m;
  ASSERT_OK(parse_min_se("90", m));
  EXPECT_EQ(m.seconds, 90u);
  ASSERT_OK(parse_min_se("90;x=1", m));
  EXPECT_EQ(m.params.get("x"), "1");
  EXPECT_TRUE(fails_at(parse_min_se("9o", m), error_code::bad_number, 1));
}

// ==================================================================== RAck ===

TEST(rack, examples_and_errors) {
  rack_view r;
  ASSERT_OK(parse_rack("776656 1 INVITE", r));  // RFC 3262 §7.2
  EXPECT_EQ(r.response_num, 776656u);
  EXPECT_EQ(r.cseq_num, 1u);
  EXPECT_EQ(r.method, "INVITE");
  EXPECT_TRUE(fails_at(parse_rack("0 1 INVITE", r), error_code::number_underflow, 0));
  EXPECT_TRUE(fails_at(parse_rack("4294967296 1 INVITE", r), error_code::number_overflow, 0));
  EXPECT_TRUE(fails_at(parse_rack("1 2147483648 INVITE", r), error_code::number_overflow, 2));
  EXPECT_TRUE(fails_at(parse_rack("1 1", r), error_code::bad_rack, 3));
  EXPECT_TRUE(fails_at(parse_rack("1 INVITE", r), error_code::bad_rack, 2));
  EXPECT_TRUE(fails_at(parse_rack("1 1 INV@", r), error_code::bad_method, 7));
  EXPECT_TRUE(fails_at(parse_rack("1 1 INVITE x", r), error_code::trailing_garbage, 11));
}

// ============================================================= Retry-After ===

TEST(retry_after, examples_and_errors) {
  retry_after_view r;
  ASSERT_OK(parse_retry_after("18000;duration=3600", r));  // §20.33
  EXPECT_EQ(r.seconds, 18000u);
  EXPECT_TRUE(r.has_duration());
  EXPECT_EQ(r.duration(), 3600u);
  EXPECT_EQ(r.comment, "");
  std::string s = "120 (I'm in a meeting)";  // §20.33
  ASSERT_OK(parse_retry_after(s, r));
  EXPECT_EQ(r.seconds, 120u);
  EXPECT_EQ(r.comment, "(I'm in a meeting)");
  EXPECT_FALSE(r.has_duration());
  EXPECT_TRUE(all_inside(s, {r.seconds_text, r.comment}));
  ASSERT_OK(parse_retry_after("300 (back (soon)) ;duration=60;x", r));
  EXPECT_EQ(r.comment, "(back (soon))");
  EXPECT_EQ(r.duration(), 60u);

  EXPECT_TRUE(fails_at(parse_retry_after("120 (unclosed", r), error_code::bad_retry_after, 13));
  EXPECT_TRUE(fails_at(parse_retry_after("abc", r), error_code::bad_retry_after, 0));
  EXPECT_TRUE(fails_at(parse_retry_after("120;duration=x", r), error_code::bad_parameter, 13));
  EXPECT_TRUE(fails_at(parse_retry_after("120;duration=99999999999", r), error_code::number_overflow, 13));
  EXPECT_TRUE(fails_at(parse_retry_after("120 (x) y", r), error_code::trailing_garbage, 8));
}

// =============================================================== Timestamp ===

TEST(timestamp, examples_and_errors) {
  timestamp_view t;
  ASSERT_OK(parse_timestamp("54", t));  // §20.38
  EXPECT_EQ(t.value, "54");
  EXPECT_FALSE(t.has_delay);
  ASSERT_OK(parse_timestamp("54.3 0.5", t));
  EXPECT_EQ(t.value, "54.3");
  EXPECT_EQ(t.delay, "0.5");
  EXPECT_TRUE(t.has_delay);
  ASSERT_OK(parse_timestamp("54. .", t));
  EXPECT_EQ(t.value, "54.");
  EXPECT_EQ(t.delay, ".");
  ASSERT_OK(parse_timestamp("54 ", t));
  EXPECT_FALSE(t.has_delay);
  EXPECT_TRUE(fails_at(parse_timestamp("a", t), error_code::bad_timestamp, 0));
  EXPECT_TRUE(fails_at(parse_timestamp(".5", t), error_code::bad_timestamp, 0));
  EXPECT_TRUE(fails_at(parse_timestamp("54 x", t), error_code::bad_timestamp, 3));
  EXPECT_TRUE(fails_at(parse_timestamp("54 1 2", t), error_code::bad_timestamp, 5));
}

// ==================================================================== Date ===

TEST(date, examples) {
  date_view d;
  std::string s = "Sat, 13 Nov 2010 23:29:00 GMT";  // §20.17
  ASSERT_OK(parse_date(s, d));
  EXPECT_EQ(d.weekday_text, "Sat");
  EXPECT_EQ(d.weekday, 5);
  EXPECT_EQ(d.day, 13);
  EXPECT_EQ(d.month_text, "Nov");
  EXPECT_EQ(d.month, 11);
  EXPECT_EQ(d.year, 2010);
  EXPECT_EQ(d.year_text, "2010");
  EXPECT_EQ(d.time_text, "23:29:00");
  EXPECT_EQ(d.hour, 23);
  EXPECT_EQ(d.minute, 29);
  EXPECT_EQ(d.second, 0);
  EXPECT_TRUE(all_inside(s, {d.weekday_text, d.day_text, d.month_text, d.year_text, d.time_text}));
  ASSERT_OK(parse_date("Thu, 21 Feb 2002 13:02:03 GMT", d));  // §24.2 uses this Date
  EXPECT_EQ(d.weekday, 3);
  EXPECT_EQ(d.month, 2);
  EXPECT_EQ(d.second, 3);
  ASSERT_OK(parse_date("Mon, 01 Jan 1900 00:00:00 GMT", d));
  EXPECT_EQ(d.weekday, 0);
  EXPECT_EQ(d.month, 1);
}

TEST(date, errors) {
  date_view d;
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nov 2010 23:29:00 PST", d), error_code::bad_date, 26));
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nov 2010 23:29:00", d), error_code::bad_date, 25));
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nov 2010 24:00:00 GMT", d), error_code::bad_date, 17));
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nov 2010 23:60:00 GMT", d), error_code::bad_date, 20));
  EXPECT_TRUE(fails_at(parse_date("Sat, 32 Nov 2010 23:29:00 GMT", d), error_code::bad_date, 5));
  EXPECT_TRUE(fails_at(parse_date("Sat, 00 Nov 2010 23:29:00 GMT", d), error_code::bad_date, 5));
  EXPECT_TRUE(fails_at(parse_date("Sat 13 Nov 2010 23:29:00 GMT", d), error_code::bad_date, 3));
  EXPECT_TRUE(fails_at(parse_date("Sat, 3 Nov 2010 23:29:00 GMT", d), error_code::bad_date, 6));
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nob 2010 23:29:00 GMT", d), error_code::bad_date, 10));
  EXPECT_TRUE(fails_at(parse_date("Sam, 13 Nov 2010 23:29:00 GMT", d), error_code::bad_date, 2));
  EXPECT_TRUE(fails_at(parse_date("Sat, 13 Nov 2010 23:29:00 GMT x", d), error_code::trailing_garbage, 30));
}

// ================================================================= Warning ===

TEST(warning, examples_and_errors) {
  warning_view w;
  std::string s = "307 isi.edu \"Session parameter 'foo' not understood\"";  // §20.43
  ASSERT_OK(parse_warning(s, w));
  EXPECT_EQ(w.code, 307);
  EXPECT_EQ(w.code_text, "307");
  EXPECT_EQ(w.agent, "isi.edu");
  EXPECT_EQ(w.text, "\"Session parameter 'foo' not understood\"");
  EXPECT_EQ(w.text_unquoted(), "Session parameter 'foo' not understood");
  EXPECT_TRUE(all_inside(s, {w.code_text, w.agent, w.text}));
  ASSERT_OK(parse_warning("301 isi.edu \"Incompatible network address type 'E.164'\"", w));
  EXPECT_EQ(w.code, 301);
  ASSERT_OK(parse_warning("399 [2001:db8::1]:5060 \"x\"", w));
  EXPECT_EQ(w.agent, "[2001:db8::1]:5060");
  ASSERT_OK(parse_warning("370 proxy_7 \"\"", w));
  EXPECT_EQ(w.agent, "proxy_7");

  EXPECT_TRUE(fails_at(parse_warning("307 isi.edu \"abc", w), error_code::bad_quoted_string, 12));
  EXPECT_TRUE(fails_at(parse_warning("30 isi.edu \"x\"", w), error_code::bad_warning, 2));
  EXPECT_TRUE(fails_at(parse_warning("307 isi.edu x", w), error_code::bad_warning, 12));
  EXPECT_TRUE(fails_at(parse_warning("307 isi.edu", w), error_code::bad_warning, 11));
  EXPECT_TRUE(fails_at(parse_warning("307 isi.edu \"x\" y", w), error_code::trailing_garbage, 16));
}

// ================================================== spans and a whole message ===

TEST(headers, every_span_lies_inside_a_parsed_message) {
  std::string msg =
      "INVITE sip:bob@biloxi.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds ,\r\n"
      " SIP/2.0/TCP [2001:db8::1]:5061;rport=5062;received=192.0.2.1\r\n"
      "Max-Forwards: 70\r\n"
      "To: Bob <sip:bob@biloxi.com>\r\n"
      "From: \"Alice, A.\" <sip:alice@atlanta.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Contact: <sip:alice@pc33.atlanta.com>;q=0.5, sip:a2@h.example.com;expires=60\r\n"
      "Content-Type: application/sdp\r\n"
      "Content-Length: 0\r\n"
      "\r\n";
  message_view m;
  ASSERT_OK(parse(msg, m));

  int vias = 0;
  for (std::string_view el : m.values(header_id::via)) {
    via_view v;
    ASSERT_OK(parse_via(el, v));
    EXPECT_TRUE(all_inside(msg, {v.protocol_name, v.protocol_version, v.transport, v.host, v.port_text,
                                 v.params.text(), v.branch(), v.received()}));
    ++vias;
  }
  EXPECT_EQ(vias, 2);

  name_addr_view from;
  ASSERT_OK(parse_name_addr(m.value(header_id::from), from));
  EXPECT_EQ(from.display_name, "Alice, A.");
  EXPECT_EQ(from.tag(), "1928301774");
  EXPECT_TRUE(all_inside(msg, {from.display_name, from.uri, from.params.text(), from.tag()}));

  int contacts = 0;
  for (std::string_view el : m.values(header_id::contact)) {
    name_addr_view c;
    ASSERT_OK(parse_contact(el, c));
    EXPECT_TRUE(all_inside(msg, {c.uri, c.params.text()}));
    ++contacts;
  }
  EXPECT_EQ(contacts, 2);

  cseq_view cs;
  ASSERT_OK(parse_cseq(m.value(header_id::cseq), cs));
  EXPECT_TRUE(all_inside(msg, {cs.number_text, cs.method}));
  EXPECT_EQ(offset_in(msg, cs.method), msg.find("INVITE\r\nContact"));

  call_id_view ci;
  ASSERT_OK(parse_call_id(m.value(header_id::call_id), ci));
  EXPECT_TRUE(all_inside(msg, {ci.local, ci.host}));

  std::uint32_t mf = 0;
  ASSERT_OK(parse_max_forwards(m.value(header_id::max_forwards), mf));
  EXPECT_EQ(mf, 70u);

  media_type_view ct;
  ASSERT_OK(parse_media_type(m.value(header_id::content_type), ct));
  EXPECT_TRUE(all_inside(msg, {ct.type, ct.subtype}));
}

TEST(headers, error_names_are_stable) {
  EXPECT_EQ(error_name(error_code::number_underflow), "number_underflow");
  EXPECT_EQ(error_name(error_code::number_overflow), "number_overflow");
  EXPECT_EQ(error_name(error_code::trailing_garbage), "trailing_garbage");
}

// Every prefix and every one-byte corruption of valid values: a parse either
// fails at an offset inside the value or succeeds with every span inside it.
TEST(headers, prefixes_and_corruptions_stay_inside) {
  const char* const vias[] = {
      "SIP / 2.0 / UDP first.example.com: 4000;ttl=16;maddr=224.2.0.1 ;branch=z9hG4bKa7c6a8dlze.1",
      "SIP/2.0/TCP [2001:db8::1]:5060;branch=z9hG4bKx;received=2001:db8::9;rport=5062;x=\"q;\\\"r\"",
  };
  const char* const addrs[] = {
      "\"A. G. \\\"Bell\\\"\" <sip:agb@bell-telephone.com;lr?x=%41> ;tag=a48s;q=0.5;x=\"y\"",
      "sip:+12125551212@server.phone2net.com;tag=887s;expires=60",
      "The Operator <sip:operator@[2001:db8::1]>;tag=287447",
  };
  const char bytes[] = {'\0', ' ', '"', '\\', '<', '>', ';', '=', ',', ':', '/', '%', '\r', '\n', '[', '\x80', 'x'};
  auto check_value = [](const std::string& v) {
    via_view via;
    result r = parse_via(v, via);
    if (r) {
      EXPECT_TRUE(all_inside(v, {via.protocol_name, via.protocol_version, via.transport, via.host, via.port_text,
                                 via.params.text(), via.branch()}))
          << v;
      for (const param& p : via.params) EXPECT_TRUE(all_inside(v, {p.name, p.value})) << v;
    } else {
      EXPECT_LE(r.offset, v.size()) << v;
    }
    name_addr_view n;
    r = parse_contact(v, n);
    if (r) {
      EXPECT_TRUE(all_inside(v, {n.display_name, n.uri, n.params.text()})) << v;
      for (const param& p : n.params) EXPECT_TRUE(all_inside(v, {p.name, p.value})) << v;
    } else {
      EXPECT_LE(r.offset, v.size()) << v;
    }
  };
  auto sweep = [&](std::string_view base) {
    for (std::size_t len = 0; len <= base.size(); ++len) check_value(std::string(base.substr(0, len)));
    for (std::size_t i = 0; i < base.size(); ++i)
      for (char b : bytes) {
        std::string v(base);
        v[i] = b;
        check_value(v);
      }
  };
  for (const char* v : vias) sweep(v);
  for (const char* v : addrs) sweep(v);
}

// parse_via marks the first via-branch's token as it parses; branch() must be
// the value the parameter list gives for "branch".
TEST(via, branch_is_the_first_branch_parameter) {
  const char* hops[] = {
      "SIP/2.0/UDP h;branch=z9hG4bK1",
      "SIP/2.0/UDP h:5060;rport;branch=z9hG4bK.a-b_c!d",
      "SIP/2.0/UDP h ; Branch = z9hG4bKx ; rport",
      "SIP/2.0/UDP h;BRANCH=abc;branch=second",
      "SIP/2.0/UDP h;branchx=1;branch=y",
      "SIP/2.0/UDP h;x=\"branch=q\";branch=r",
      "SIP/2.0/UDP h;received=192.0.2.1;rport=5060;branch=z9hG4bK%41",
      "SIP/2.0/TCP [2001:db8::1]:5061;branch=z9hG4bK~`'+*",
      "SIP/2.0/UDP h;rport",
      "SIP/2.0/UDP h",
      "SIP/2.0/UDP h;branch=z9hG4bK1\t",
  };
  for (const char* hop : hops) {
    via_view v;
    ASSERT_TRUE(parse_via(hop, v).ok()) << hop;
    EXPECT_EQ(v.branch(), v.params.get("branch")) << hop;
    EXPECT_EQ(v.branch().data(), v.params.get("branch").data()) << hop;
  }
  via_view v;
  ASSERT_TRUE(parse_via("SIP/2.0/UDP h;BRANCH=abc;branch=second", v).ok());
  EXPECT_EQ(v.branch(), "abc");
  ASSERT_TRUE(parse_via("SIP/2.0/UDP h", v).ok());
  EXPECT_TRUE(v.branch().empty());
}
