// sipspan — URIs: RFC 3261 §19.1.3 and §19.1.4 examples, IPv6 references
// (RFC 5118 style), tel: URIs (RFC 3966), absoluteURI, escapes, every error
// with its offset, spans inside the input, and no allocation.

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>

#include "sipspan/uri.hpp"
#include "alloc_counter.hpp"
#include "test_util.hpp"

using namespace sipspan;
using sipspan::testing::inside;


namespace {

// Parse and expect success; the text must outlive the view (literals do).
uri_view ok(std::string_view text) {
  uri_view u;
  result r = parse_uri(text, u);
  EXPECT_TRUE(r) << text << ": " << r.name() << " at " << r.offset;
  return u;
}

struct failure {
  error_code code;
  std::uint32_t offset;
};

failure bad(std::string_view text) {
  uri_view u;
  result r = parse_uri(text, u);
  EXPECT_FALSE(r) << text << " was accepted";
  EXPECT_EQ(u.raw.data(), text.data());
  EXPECT_TRUE(u.host.empty() && u.user.empty() && u.params_text.empty() && u.opaque.empty());
  return {r.code, r.offset};
}

#define EXPECT_URI_ERROR(text, code_, offset_)                                          \
  do {                                                                                  \
    failure f_ = bad(text);                                                             \
    EXPECT_EQ(error_name(f_.code), error_name(error_code::code_)) << (text);            \
    EXPECT_EQ(f_.offset, static_cast<std::uint32_t>(offset_)) << (text);                \
  } while (0)

bool equal(std::string_view a, std::string_view b) {
  uri_view x, y;
  EXPECT_TRUE(parse_uri(a, x)) << a;
  EXPECT_TRUE(parse_uri(b, y)) << b;
  bool ab = uri_equal(x, y);
  EXPECT_EQ(ab, uri_equal(y, x)) << "not symmetric: " << a << " / " << b;
  return ab;
}

std::string decoded(std::string_view in) {
  char buf[256];
  std::string_view out;
  result r = unescape(in, buf, sizeof buf, out);
  EXPECT_TRUE(r) << in << ": " << r.name() << " at " << r.offset;
  return std::string(out);
}

}  // namespace

// ------------------------------------------------ RFC 3261 §19.1.3 -----

TEST(uri, rfc3261_example_plain) {
  uri_view u = ok("sip:alice@atlanta.com");
  EXPECT_EQ(u.scheme, uri_scheme::sip);
  EXPECT_EQ(u.scheme_text, "sip");
  EXPECT_TRUE(u.has_user);
  EXPECT_EQ(u.user, "alice");
  EXPECT_FALSE(u.has_password);
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.host_type, host_kind::hostname);
  EXPECT_FALSE(u.has_port);
  EXPECT_EQ(u.params_text, "");
  EXPECT_EQ(u.headers_text, "");
  EXPECT_TRUE(u.params().empty());
  EXPECT_EQ(u.number, "");
}

TEST(uri, rfc3261_example_password_and_transport) {
  uri_view u = ok("sip:alice:secretword@atlanta.com;transport=tcp");
  EXPECT_EQ(u.user, "alice");
  EXPECT_TRUE(u.has_password);
  EXPECT_EQ(u.password, "secretword");
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.params_text, "transport=tcp");
  EXPECT_EQ(u.transport(), "tcp");
  EXPECT_FALSE(u.lr());
}

TEST(uri, rfc3261_example_sips_with_headers) {
  uri_view u = ok("sips:alice@atlanta.com?subject=project%20x&priority=urgent");
  EXPECT_EQ(u.scheme, uri_scheme::sips);
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.params_text, "");
  EXPECT_EQ(u.headers_text, "subject=project%20x&priority=urgent");
  EXPECT_EQ(u.headers().size(), 2u);
  EXPECT_EQ(u.headers().get("subject"), "project%20x");
  EXPECT_EQ(u.headers().get("priority"), "urgent");
  EXPECT_EQ(decoded(u.headers().get("subject")), "project x");
}

TEST(uri, rfc3261_example_telephone_subscriber_user) {
  uri_view u = ok("sip:+1-212-555-1212:1234@gateway.com;user=phone");
  EXPECT_EQ(u.user, "+1-212-555-1212");
  EXPECT_EQ(u.password, "1234");
  EXPECT_EQ(u.host, "gateway.com");
  EXPECT_FALSE(u.has_port);
  EXPECT_EQ(u.user_param(), "phone");
  EXPECT_EQ(u.number, "");  // only tel: URIs fill `number`
}

TEST(uri, rfc3261_example_sips_numeric_user) {
  uri_view u = ok("sips:1212@gateway.com");
  EXPECT_EQ(u.scheme, uri_scheme::sips);
  EXPECT_EQ(u.user, "1212");
  EXPECT_EQ(u.host, "gateway.com");
}

TEST(uri, rfc3261_example_ipv4_host) {
  uri_view u = ok("sip:alice@192.0.2.4");
  EXPECT_EQ(u.host, "192.0.2.4");
  EXPECT_EQ(u.host_type, host_kind::ipv4);
}

TEST(uri, rfc3261_example_method_and_headers_without_user) {
  uri_view u = ok("sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com");
  EXPECT_FALSE(u.has_user);
  EXPECT_EQ(u.user, "");
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.params_text, "method=REGISTER");
  EXPECT_EQ(u.method(), "REGISTER");
  EXPECT_EQ(u.headers_text, "to=alice%40atlanta.com");
  EXPECT_EQ(decoded(u.headers().get("to")), "alice@atlanta.com");
}

TEST(uri, rfc3261_example_semicolon_in_user) {
  uri_view u = ok("sip:alice;day=tuesday@atlanta.com");
  EXPECT_EQ(u.user, "alice;day=tuesday");
  EXPECT_EQ(u.host, "atlanta.com");
  EXPECT_EQ(u.params_text, "");
  EXPECT_TRUE(u.params().empty());
}

TEST(uri, rfc3261_maddr_ttl_example) {
  uri_view u = ok("sip:alice@atlanta.com;maddr=239.255.255.1;ttl=15");
  EXPECT_EQ(u.maddr(), "239.255.255.1");
  EXPECT_EQ(u.ttl(), "15");
  EXPECT_EQ(u.params().size(), 2u);
}

TEST(uri, userinfo_and_hostport_side_by_side) {
  // before the '@' the machine cannot tell userinfo from hostport
  uri_view u = ok("sip:alice:5060@host:5070;lr");
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.password, "5060");
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5070);
  EXPECT_TRUE(u.lr());

  u = ok("sip:host:5060");
  EXPECT_FALSE(u.has_user);
  EXPECT_FALSE(u.has_password);
  EXPECT_EQ(u.host, "host");
  EXPECT_EQ(u.port, 5060);

  u = ok("sip:a;b=c?d=e@h");  // everything before '@' is the user
  EXPECT_EQ(u.user, "a;b=c?d=e");
  EXPECT_EQ(u.host, "h");
  EXPECT_EQ(u.params_text, "");
  EXPECT_EQ(u.headers_text, "");

  u = ok("sip:alice:@host");  // an empty password is still a password
  EXPECT_TRUE(u.has_password);
  EXPECT_EQ(u.password, "");
}

TEST(uri, parameters_and_shortcuts) {
  uri_view u = ok("sip:proxy.example.com:5061;Transport=TLS;lr;user=ip;method=INVITE;maddr=[2001:db8::1];x-y=a%20b;z");
  EXPECT_EQ(u.port_text, "5061");
  EXPECT_EQ(u.port, 5061);
  EXPECT_TRUE(u.has_port);
  EXPECT_EQ(u.transport(), "TLS");
  EXPECT_TRUE(u.lr());
  EXPECT_EQ(u.user_param(), "ip");
  EXPECT_EQ(u.method(), "INVITE");
  EXPECT_EQ(u.maddr(), "[2001:db8::1]");
  EXPECT_EQ(u.ttl(), "");
  EXPECT_EQ(u.params().get("x-y"), "a%20b");
  param z;
  ASSERT_TRUE(u.params().find("z", z));
  EXPECT_FALSE(z.has_value);
  EXPECT_EQ(u.params().size(), 7u);

  u = ok("sip:h;lr=on");  // lr in the other-param form
  EXPECT_TRUE(u.lr());
  u = ok("sip:h;maddr=example.net;ttl=255;transport=%74cp");
  EXPECT_EQ(u.maddr(), "example.net");
  EXPECT_EQ(u.transport(), "%74cp");
}

TEST(uri, hostnames) {
  EXPECT_EQ(ok("sip:a").host_type, host_kind::hostname);
  EXPECT_EQ(ok("sip:example.com.").host, "example.com.");  // trailing dot
  EXPECT_EQ(ok("sip:1a.example-2.com").host, "1a.example-2.com");
  EXPECT_EQ(ok("sip:x.1.2.a34").host_type, host_kind::hostname);
  EXPECT_URI_ERROR("sip:x.1.2.3a4", bad_host, 13);  // a toplabel starts with a letter
  EXPECT_EQ(ok("sip:0.0.0.0").host_type, host_kind::ipv4);
  EXPECT_EQ(ok("sip:1.2.3.4.com").host_type, host_kind::hostname);  // an IPv4 prefix, then a toplabel
  EXPECT_URI_ERROR("sip:1.2.3", bad_host, 9);
  EXPECT_EQ(ok("sip:255.255.255.255").host_type, host_kind::ipv4);
}

TEST(uri, scheme_is_case_insensitive) {
  uri_view u = ok("SIP:ALICE@AtLanTa.CoM");
  EXPECT_EQ(u.scheme, uri_scheme::sip);
  EXPECT_EQ(u.scheme_text, "SIP");
  EXPECT_EQ(u.user, "ALICE");
  EXPECT_EQ(ok("SiPs:bob@b.com").scheme, uri_scheme::sips);
  EXPECT_EQ(ok("TEL:+1").scheme, uri_scheme::tel);
  EXPECT_EQ(ok("sipx:whatever").scheme, uri_scheme::other);
}

TEST(uri, ports) {
  EXPECT_EQ(ok("sip:h:0").port, 0);
  EXPECT_EQ(ok("sip:h:65535").port, 65535);
  EXPECT_EQ(ok("sip:h:005060").port, 5060);
  EXPECT_EQ(ok("sip:h:005060").port_text, "005060");
  EXPECT_URI_ERROR("sip:host:65536", bad_port, 9);
  EXPECT_URI_ERROR("sip:host:99999999999999999999", bad_port, 9);
  EXPECT_URI_ERROR("sip:alice@host:70000;lr", bad_port, 15);
  EXPECT_URI_ERROR("sip:[::1]:65536", bad_port, 10);
}

// ------------------------------------------------- IPv6 (RFC 5118) -----

TEST(uri, ipv6_references) {
  uri_view u = ok("sip:[2001:db8::10]");
  EXPECT_EQ(u.host, "[2001:db8::10]");
  EXPECT_EQ(u.host_type, host_kind::ipv6);
  EXPECT_FALSE(u.has_port);

  u = ok("sip:[::ffff:192.0.2.1]");
  EXPECT_EQ(u.host, "[::ffff:192.0.2.1]");
  EXPECT_EQ(u.host_type, host_kind::ipv6);

  u = ok("sip:[2001:db8::10]:5070");
  EXPECT_EQ(u.host, "[2001:db8::10]");
  EXPECT_EQ(u.port, 5070);
  EXPECT_EQ(u.port_text, "5070");

  u = ok("sips:alice@[2001:db8::10]:5070;transport=tcp?x=y");
  EXPECT_EQ(u.user, "alice");
  EXPECT_EQ(u.host, "[2001:db8::10]");
  EXPECT_EQ(u.port, 5070);
  EXPECT_EQ(u.transport(), "tcp");
  EXPECT_EQ(u.headers_text, "x=y");

  for (std::string_view s : {"sip:[::]", "sip:[::1]", "sip:[1::]", "sip:[1:2:3:4:5:6:7:8]",
                             "sip:[1:2:3:4:5:6:192.0.2.1]", "sip:[::1:2:3:4:5:6:7]",
                             "sip:[1:2:3:4:5:6:7::]", "sip:[ABCD:ef01::]", "sip:[::192.0.2.1]",
                             "sip:[2001:db8:0:0:0:0:0:10]"})
    EXPECT_EQ(ok(s).host_type, host_kind::ipv6) << s;
}

// RFC 3261's own IPv6address (hexpart [":" IPv4address]) admits forms RFC
// 5954 §4.1 dropped; RFC 5118 §4.10 asks elements to tolerate them: read, and
// said, so that a validator can name them.
TEST(uri, ipv6_forms_only_rfc3261_admits) {
  for (std::string_view s : {"sip:[2001:db8:::192.0.2.1]", "sip:[1:2:3:4:5:6:7:8:9]", "sip:[1:2:3:4:5:6:7:192.0.2.1]",
                             "sip:user@[2001:db8:::192.0.2.1]:5070;transport=udp"}) {
    uri_view u = ok(s);
    EXPECT_EQ(u.host_type, host_kind::ipv6) << s;
    EXPECT_TRUE(u.ipv6_rfc3261_form) << s;
  }
  EXPECT_EQ(ok("sip:user@[2001:db8:::192.0.2.1]:5070").port, 5070);
  for (std::string_view s : {"sip:[2001:db8::192.0.2.1]", "sip:[::1]", "sip:[1:2:3:4:5:6:7:8]"})
    EXPECT_FALSE(ok(s).ipv6_rfc3261_form) << s;
}

TEST(uri, ipv6_errors) {
  EXPECT_URI_ERROR("sip:[2001:db8::10", bad_host, 17);
  EXPECT_URI_ERROR("sip:[::1::2]", bad_host, 9);
  EXPECT_URI_ERROR("sip:[12345::]", bad_host, 9);
  EXPECT_URI_ERROR("sip:[2001:db8::::1]", bad_host, 16);  // ":::" may lead an IPv4 tail (RFC 3261)
  EXPECT_URI_ERROR("sip:[::1]x", bad_host, 9);
  EXPECT_URI_ERROR("sip:[]", bad_host, 5);
  EXPECT_URI_ERROR("sip:[::256.0.0.1]", bad_host, 10);  // 256 is a h16, not a dec-octet
  EXPECT_URI_ERROR("sip:alice@[::1", bad_host, 14);
  EXPECT_URI_ERROR("sip:h;maddr=[::1", bad_parameter, 16);
}

// ------------------------------------------------ RFC 3261 §19.1.4 -----

TEST(uri, rfc3261_equivalent_sets) {
  EXPECT_TRUE(equal("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"));

  EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"));
  EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(equal("sip:carol@chicago.com;newparam=5", "sip:carol@chicago.com;security=on"));

  EXPECT_TRUE(equal("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
                    "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"));

  EXPECT_TRUE(equal("sip:alice@atlanta.com?subject=project%20x&priority=urgent",
                    "sip:alice@atlanta.com?priority=urgent&subject=project%20x"));
}

TEST(uri, rfc3261_non_equivalent_sets) {
  EXPECT_FALSE(equal("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"));
  EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
  EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"));
  EXPECT_FALSE(equal("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp"));
  EXPECT_FALSE(equal("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"));
  EXPECT_FALSE(equal("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4"));
}

TEST(uri, rfc3261_equality_is_not_transitive) {
  EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=on"));
  EXPECT_TRUE(equal("sip:carol@chicago.com", "sip:carol@chicago.com;security=off"));
  EXPECT_FALSE(equal("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"));
}

TEST(uri, comparison_details) {
  EXPECT_FALSE(equal("sip:alice@atlanta.com", "sips:alice@atlanta.com"));
  EXPECT_FALSE(equal("sip:alice:pw@h", "sip:alice@h"));
  EXPECT_FALSE(equal("sip:alice:pw@h", "sip:alice:PW@h"));
  EXPECT_FALSE(equal("sip:h", "sip:alice@h"));
  EXPECT_TRUE(equal("sip:h:5060", "sip:h:05060"));
  EXPECT_FALSE(equal("sip:h", "sip:h;maddr=h"));
  EXPECT_FALSE(equal("sip:h", "sip:h;ttl=1"));
  EXPECT_FALSE(equal("sip:h", "sip:h;user=ip"));
  EXPECT_FALSE(equal("sip:h", "sip:h;method=INVITE"));
  EXPECT_TRUE(equal("sip:h;method=INVITE", "sip:h;METHOD=invite"));
  EXPECT_TRUE(equal("sip:h;lr", "sip:h"));
  EXPECT_FALSE(equal("sip:h;lr", "sip:h;lr=on"));
  // an escaped reserved character is not the character itself
  EXPECT_FALSE(equal("sip:%3Bx@h", "sip:;x@h"));
  EXPECT_TRUE(equal("sip:%7e@h", "sip:~@h"));
  EXPECT_TRUE(equal("sip:a%2fb@h", "sip:a%2Fb@h"));
  // headers never ignored, values exact, names case-insensitive
  EXPECT_TRUE(equal("sip:h?Subject=x", "sip:h?subject=x"));
  EXPECT_FALSE(equal("sip:h?subject=x", "sip:h?subject=X"));
  EXPECT_FALSE(equal("sip:h?a=1", "sip:h?a=1&a=1"));
  // addresses compare by value
  EXPECT_TRUE(equal("sip:[2001:DB8::10]", "sip:[2001:db8:0:0:0:0:0:10]"));
  EXPECT_TRUE(equal("sip:[::ffff:192.0.2.1]:5060", "sip:[::FFFF:c000:0201]:5060"));
  EXPECT_FALSE(equal("sip:[2001:db8::10]", "sip:[2001:db8::1:0]"));
  EXPECT_FALSE(equal("sip:[1::]", "sip:[::1]"));
  EXPECT_TRUE(equal("sip:192.0.2.4", "sip:192.000.002.004"));
  EXPECT_FALSE(equal("sip:192.0.2.4", "sip:192.0.2.5"));
  EXPECT_TRUE(equal("sip:h;maddr=239.255.255.1", "sip:h;maddr=239.255.255.1;foo"));
}

// ------------------------------------------------------ tel (RFC 3966) --

TEST(uri, tel_global_and_local_numbers) {
  uri_view u = ok("tel:+1-201-555-0123");
  EXPECT_EQ(u.scheme, uri_scheme::tel);
  EXPECT_EQ(u.number, "+1-201-555-0123");
  EXPECT_TRUE(u.global_number);
  EXPECT_EQ(u.params_text, "");
  EXPECT_EQ(u.host, "");
  EXPECT_FALSE(u.has_user);

  u = ok("tel:7042;phone-context=example.com");
  EXPECT_EQ(u.number, "7042");
  EXPECT_FALSE(u.global_number);
  EXPECT_EQ(u.params_text, "phone-context=example.com");
  EXPECT_EQ(u.params().get("phone-context"), "example.com");

  u = ok("tel:863-1234;phone-context=+1-914-555");
  EXPECT_EQ(u.number, "863-1234");
  EXPECT_EQ(u.params().get("phone-context"), "+1-914-555");

  u = ok("tel:+358-555-1234567;postd=pp22");
  EXPECT_EQ(u.number, "+358-555-1234567");
  EXPECT_EQ(u.params().get("postd"), "pp22");

  u = ok("tel:+1-212-555-0101;isub=1411;ext=1234;x-a=b%20c");
  EXPECT_EQ(u.params().get("isub"), "1411");
  EXPECT_EQ(u.params().get("ext"), "1234");
  EXPECT_EQ(u.params().size(), 3u);

  u = ok("tel:+1-201-555-0123;phone-context=+1");  // the ABNF lets a global number have one
  EXPECT_TRUE(u.global_number);
  EXPECT_EQ(u.params().get("phone-context"), "+1");

  u = ok("tel:*21#;phone-context=example.com");  // local-number-digits take * and #
  EXPECT_EQ(u.number, "*21#");
  u = ok("tel:(0)30.12;ext=1;phone-context=+49");
  EXPECT_EQ(u.number, "(0)30.12");
}

TEST(uri, tel_errors) {
  EXPECT_URI_ERROR("tel:", bad_uri, 4);
  EXPECT_URI_ERROR("tel:+", bad_uri, 5);
  EXPECT_URI_ERROR("tel:+-", bad_uri, 6);
  EXPECT_URI_ERROR("tel:1234", bad_uri, 8);              // local without phone-context
  EXPECT_URI_ERROR("tel:1234;ext=5", bad_uri, 14);       // still without it
  EXPECT_URI_ERROR("tel:+1 234", bad_uri, 6);
  EXPECT_URI_ERROR("tel:+1;ext=", bad_parameter, 11);
  EXPECT_URI_ERROR("tel:+1;ext=12a", bad_parameter, 13);
  EXPECT_URI_ERROR("tel:+1;phone-context=", bad_parameter, 21);
  EXPECT_URI_ERROR("tel:+1;phone-context=a_b", bad_parameter, 22);  // a domainname or global digits
  EXPECT_URI_ERROR("tel:+1;ext", bad_parameter, 10);               // ext takes only its own form
  EXPECT_URI_ERROR("tel:1234;phone-context=", bad_parameter, 23);
  EXPECT_URI_ERROR("tel:+1;", bad_parameter, 7);
  EXPECT_URI_ERROR("tel:+1;a_b=1", bad_parameter, 8);
  EXPECT_URI_ERROR("tel:+1;isub=%", bad_escape, 12);
}

TEST(uri, tel_comparison) {
  EXPECT_TRUE(equal("tel:+1-201-555-0123", "tel:+1(201)5550123"));
  EXPECT_TRUE(equal("tel:7042;phone-context=example.com", "tel:7042;PHONE-CONTEXT=EXAMPLE.COM"));
  EXPECT_TRUE(equal("tel:863-1234;phone-context=+1-914-555", "tel:8631234;phone-context=+1914555"));
  EXPECT_TRUE(equal("tel:+1-212-555-0101;ext=1;isub=2", "tel:+12125550101;isub=2;ext=1"));
  EXPECT_FALSE(equal("tel:+1-201-555-0123", "tel:+1-201-555-0124"));
  EXPECT_FALSE(equal("tel:+1-201-555-0123", "tel:+1-201-555-0123;ext=1"));
  EXPECT_FALSE(equal("tel:7042;phone-context=example.com", "tel:7042;phone-context=example.net"));
  EXPECT_FALSE(equal("tel:+1", "sip:+1@h"));
}

// ----------------------------------------------------- absoluteURI -----

TEST(uri, other_schemes) {
  uri_view u = ok("mailto:alice@atlanta.com");
  EXPECT_EQ(u.scheme, uri_scheme::other);
  EXPECT_EQ(u.scheme_text, "mailto");
  EXPECT_EQ(u.opaque, "alice@atlanta.com");
  EXPECT_EQ(u.host, "");

  u = ok("http://www.example.com:8080/a/b;p?q=1");
  EXPECT_EQ(u.scheme_text, "http");
  EXPECT_EQ(u.opaque, "//www.example.com:8080/a/b;p?q=1");

  EXPECT_EQ(ok("urn:service:sos").opaque, "service:sos");
  EXPECT_EQ(ok("im:alice@example.com").scheme_text, "im");
  EXPECT_EQ(ok("http://[2001:db8::1]:8080/").opaque, "//[2001:db8::1]:8080/");
  EXPECT_EQ(ok("http://").opaque, "//");
  EXPECT_EQ(ok("file:/etc/hosts").opaque, "/etc/hosts");
  EXPECT_EQ(ok("x-a.b+c:%41").scheme_text, "x-a.b+c");

  EXPECT_TRUE(equal("mailto:alice@atlanta.com", "MAILTO:alice@atlanta.com"));
  EXPECT_TRUE(equal("urn:a%41", "urn:aA"));
  EXPECT_FALSE(equal("mailto:alice@atlanta.com", "mailto:Alice@atlanta.com"));
}

TEST(uri, other_scheme_errors) {
  EXPECT_URI_ERROR("/", bad_uri, 0);
  EXPECT_URI_ERROR("/path", bad_uri, 0);
  EXPECT_URI_ERROR("alice@atlanta.com", bad_uri, 5);
  EXPECT_URI_ERROR("alice", bad_uri, 5);
  EXPECT_URI_ERROR("1abc:x", bad_uri, 0);
  EXPECT_URI_ERROR(":x", bad_uri, 0);
  EXPECT_URI_ERROR("mailto:", bad_uri, 7);
  EXPECT_URI_ERROR("http://a b", bad_uri, 8);
  EXPECT_URI_ERROR("http://[::1/", bad_uri, 11);
  EXPECT_URI_ERROR("mailto:a%", bad_escape, 8);
  EXPECT_URI_ERROR("urn:x%4", bad_escape, 5);
}

// ---------------------------------------------------------- escapes ----

TEST(uri, escapes_in_components) {
  uri_view u = ok("sip:%61lice@atlanta.com");
  EXPECT_EQ(u.user, "%61lice");
  EXPECT_EQ(decoded(u.user), "alice");
  u = ok("sip:j%40s0n@example.com");
  EXPECT_EQ(u.user, "j%40s0n");
  EXPECT_EQ(decoded(u.user), "j@s0n");
  u = ok("sip:h;x%20y=%C3%A9");
  EXPECT_EQ(decoded(u.params().begin()->name), "x y");
  EXPECT_EQ(decoded(u.params().get("x%20y")), "\xc3\xa9");
}

TEST(uri, escape_errors) {
  EXPECT_URI_ERROR("sip:alice%", bad_escape, 9);
  EXPECT_URI_ERROR("sip:alice%4", bad_escape, 9);
  EXPECT_URI_ERROR("sip:al%zzice@host", bad_escape, 6);
  EXPECT_URI_ERROR("sip:al%4zice@host", bad_escape, 6);
  EXPECT_URI_ERROR("sip:alice:p%@host", bad_escape, 11);
  EXPECT_URI_ERROR("sip:alice@host;x=%", bad_escape, 17);
  EXPECT_URI_ERROR("sip:alice@host;x=%4g", bad_escape, 17);
  EXPECT_URI_ERROR("sip:host?a=%2", bad_escape, 11);
  EXPECT_URI_ERROR("sip:host;transport=%", bad_escape, 19);
  // an escape is no part of a host (RFC 3261 §19.1.2)
  EXPECT_URI_ERROR("sip:ho%41st", bad_host, 6);
  EXPECT_URI_ERROR("sip:alice@ho%41st", bad_host, 12);
}

TEST(uri, unescape) {
  EXPECT_EQ(decoded("project%20x"), "project x");
  EXPECT_EQ(decoded("%41%62c"), "Abc");
  EXPECT_EQ(decoded("%7e%7E"), "~~");
  EXPECT_EQ(decoded("plain"), "plain");
  EXPECT_EQ(decoded(""), "");
  EXPECT_EQ(decoded("%00").size(), 1u);

  char buf[8];
  std::string_view out = "x";
  result r = unescape("a%", buf, sizeof buf, out);
  EXPECT_EQ(r.code, error_code::bad_escape);
  EXPECT_EQ(r.offset, 1u);
  EXPECT_TRUE(out.empty());
  r = unescape("ab%4", buf, sizeof buf, out);
  EXPECT_EQ(r.code, error_code::bad_escape);
  EXPECT_EQ(r.offset, 2u);
  r = unescape("%4G", buf, sizeof buf, out);
  EXPECT_EQ(r.code, error_code::bad_escape);
  EXPECT_EQ(r.offset, 0u);
  r = unescape("x%%41", buf, sizeof buf, out);
  EXPECT_EQ(r.code, error_code::bad_escape);
  EXPECT_EQ(r.offset, 1u);

  // the buffer is too small
  r = unescape("abc", buf, 2, out);
  EXPECT_EQ(r.code, error_code::buffer_too_small);
  EXPECT_EQ(r.offset, 2u);
  r = unescape("%41b", buf, 1, out);
  EXPECT_EQ(r.code, error_code::buffer_too_small);
  EXPECT_EQ(r.offset, 3u);
  // exactly large enough
  r = unescape("%41b", buf, 2, out);
  ASSERT_TRUE(r);
  EXPECT_EQ(out, "Ab");
  EXPECT_EQ(out.data(), buf);
  r = unescape("", buf, 0, out);
  EXPECT_TRUE(r);
  EXPECT_TRUE(out.empty());
}

// ------------------------------------------------ errors and offsets ---

TEST(uri, sip_errors_with_offsets) {
  EXPECT_URI_ERROR("", empty_value, 0);
  EXPECT_URI_ERROR("sip", bad_uri, 3);
  EXPECT_URI_ERROR("sip:", bad_host, 4);
  EXPECT_URI_ERROR("sip:alice@", bad_host, 10);
  EXPECT_URI_ERROR("sip:alice@@host", bad_host, 10);
  EXPECT_URI_ERROR("sip:@atlanta.com", bad_uri, 4);       // an empty user
  EXPECT_URI_ERROR("sip:al ice@host", bad_uri, 6);        // not a user
  EXPECT_URI_ERROR("sip:alice:p:w@host", bad_uri, 11);    // not a password
  EXPECT_URI_ERROR("sip:1234#5@gw", bad_uri, 8);          // '#' must be escaped in a user
  EXPECT_URI_ERROR("sip:host name", bad_host, 8);
  EXPECT_URI_ERROR("sip:-host", bad_host, 4);
  EXPECT_URI_ERROR("sip:host-.com", bad_host, 9);
  EXPECT_URI_ERROR("sip:256.1.1.1", bad_host, 13);
  EXPECT_URI_ERROR("sip://host", bad_host, 4);
  EXPECT_URI_ERROR("sip:alice@atlanta.com\r", bad_host, 21);
  EXPECT_URI_ERROR(" sip:alice@atlanta.com", bad_uri, 0);
  EXPECT_URI_ERROR("sip:host:", bad_port, 9);
  EXPECT_URI_ERROR("sip:host:5x", bad_port, 10);
  EXPECT_URI_ERROR("sip:alice@host:", bad_port, 15);
  EXPECT_URI_ERROR("sip:host;", bad_parameter, 9);
  EXPECT_URI_ERROR("sip:host;;lr", bad_parameter, 9);
  EXPECT_URI_ERROR("sip:host;ttl=abc", bad_parameter, 13);
  EXPECT_URI_ERROR("sip:host;ttl=1234", bad_parameter, 16);
  EXPECT_URI_ERROR("sip:host;maddr=", bad_parameter, 15);
  EXPECT_URI_ERROR("sip:host;maddr=a_b", bad_parameter, 16);
  EXPECT_URI_ERROR("sip:host;transport=", bad_parameter, 19);
  EXPECT_URI_ERROR("sip:host;transport", bad_parameter, 18);
  EXPECT_URI_ERROR("sip:host;a=b=c", bad_parameter, 12);
  EXPECT_URI_ERROR("sip:alice@host;a b", bad_parameter, 16);
  EXPECT_URI_ERROR("sip:host?", bad_parameter, 9);
  EXPECT_URI_ERROR("sip:host?subject", bad_parameter, 16);
  EXPECT_URI_ERROR("sip:host?a=b&", bad_parameter, 13);
  EXPECT_URI_ERROR("sip:host?a=b;c", bad_parameter, 12);
  EXPECT_URI_ERROR("sips:", bad_host, 5);

  // the result names the code and its message
  uri_view u;
  result r = parse_uri("sip:host:x", u);
  EXPECT_EQ(r.name(), "bad_port");
  EXPECT_FALSE(r.message().empty());
}

// ------------------------------------------------- spans and memory ----

TEST(uri, every_span_lies_inside_the_input) {
  const char* const uris[] = {
      "sip:alice@atlanta.com",
      "sip:alice:secretword@atlanta.com;transport=tcp",
      "sips:alice@atlanta.com?subject=project%20x&priority=urgent",
      "sip:+1-212-555-1212:1234@gateway.com;user=phone",
      "sips:1212@gateway.com",
      "sip:alice@192.0.2.4",
      "sip:atlanta.com;method=REGISTER?to=alice%40atlanta.com",
      "sip:alice;day=tuesday@atlanta.com",
      "sip:[2001:db8::10]:5070",
      "sip:alice:@[::ffff:192.0.2.1]:1;lr?a=",
      "sip:h",
      "tel:+1-201-555-0123",
      "tel:7042;phone-context=example.com",
      "mailto:alice@atlanta.com",
      "http://www.example.com/",
  };
  for (const char* c : uris) {
    std::string text = c;  // a buffer of its own
    uri_view u;
    ASSERT_TRUE(parse_uri(text, u)) << text;
    EXPECT_EQ(u.raw.data(), text.data());
    EXPECT_EQ(u.raw.size(), text.size());
    for (std::string_view s : {u.scheme_text, u.user, u.password, u.host, u.port_text, u.params_text,
                               u.headers_text, u.number, u.opaque})
      EXPECT_TRUE(inside(text, s)) << text << ": " << s;
    for (const param& p : u.params()) EXPECT_TRUE(inside(text, p.name) && inside(text, p.value)) << text;
    for (const param& p : u.headers()) EXPECT_TRUE(inside(text, p.name) && inside(text, p.value)) << text;
    // the pieces sit where the grammar puts them
    if (u.is_sip()) {
      EXPECT_EQ(u.scheme_text.data() + u.scheme_text.size() + 1,
                u.has_user ? u.user.data() : u.host.data()) << text;
      if (u.has_port) {
        EXPECT_EQ(u.port_text.data(), u.host.data() + u.host.size() + 1) << text;
      }
      if (!u.headers_text.empty()) {
        EXPECT_EQ(u.headers_text.data()[-1], '?') << text;
      }
      if (!u.params_text.empty()) {
        EXPECT_EQ(u.params_text.data()[-1], ';') << text;
      }
    }
  }
}

TEST(uri, nothing_is_allocated) {
  const std::string_view a = "sip:%61lice:pw@[2001:db8::10]:5070;transport=TCP;lr;maddr=h?subject=x&b=c";
  const std::string_view b = "sip:alice:pw@[2001:DB8:0::10]:5070;lr;Transport=tcp;maddr=H?b=c&subject=x";
  uri_view x, y;
  char buf[64];
  std::string_view out;
  // the counter is live: a direct call of operator new is never elided
  unsigned long probe = sipspan::testing::allocations();
  ::operator delete(::operator new(16));
  ASSERT_EQ(sipspan::testing::allocations(), probe + 1);

  unsigned long before = sipspan::testing::allocations();
  bool parsed = parse_uri(a, x) && parse_uri(b, y);
  bool same = uri_equal(x, y);
  bool decoded_ok = static_cast<bool>(unescape(x.user, buf, sizeof buf, out));
  result bad_one = parse_uri("sip:alice%4", x);
  unsigned long after = sipspan::testing::allocations();
  EXPECT_TRUE(parsed);
  EXPECT_TRUE(same);
  EXPECT_TRUE(decoded_ok);
  EXPECT_FALSE(bad_one);
  EXPECT_EQ(after, before);
}
