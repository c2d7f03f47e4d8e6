// sipspan — credentials, challenges and Authentication-Info: the RFC 3261
// examples (§20.6, §20.7, §20.27, §20.28, §20.44, §22.2), Digest directives
// against their own rules, other schemes, folding, escapes, duplicates, and
// errors with exact offsets.

#include <gtest/gtest.h>

#include <array>
#include <string>
#include <vector>

#include "sipspan/auth.hpp"
#include "sipspan/message.hpp"
#include "test_util.hpp"

using namespace sipspan;
using sipspan::testing::inside;
using sipspan::testing::offset_in;

namespace {

// Every span of the view lies inside the input.
void expect_inside(std::string_view in, const auth_view& a) {
  EXPECT_TRUE(inside(in, a.scheme));
  EXPECT_TRUE(inside(in, a.params_text));
  EXPECT_TRUE(inside(in, a.token68));
  EXPECT_TRUE(inside(in, a.duplicate_param));
  EXPECT_TRUE(inside(in, a.quoted_token));
  for (const param& p : a.params()) {
    EXPECT_TRUE(inside(in, p.name));
    EXPECT_TRUE(inside(in, p.value));
  }
}

std::vector<std::string> names(const auth_view& a) {
  std::vector<std::string> v;
  for (const param& p : a.params()) v.emplace_back(p.name);
  return v;
}

struct failure {
  error_code code;
  std::uint32_t offset;
};

failure cred_error(std::string_view v) {
  auth_view a;
  result r = parse_credentials(v, a);
  EXPECT_FALSE(r) << v;
  return {r.code, r.offset};
}

failure chal_error(std::string_view v) {
  auth_view a;
  result r = parse_challenge(v, a);
  EXPECT_FALSE(r) << v;
  return {r.code, r.offset};
}

#define EXPECT_FAILS(call, c, off)              \
  do {                                          \
    failure f_ = (call);                        \
    EXPECT_EQ(f_.code, error_code::c) << #call; \
    EXPECT_EQ(f_.offset, (off)) << #call;       \
  } while (0)

// RFC 3261 §22.2: the 401 a registrar sends, and the REGISTER sent again with
// credentials (header values folded as the RFC prints them).
const char* const unauthorized_401 =
    "SIP/2.0 401 Unauthorized\r\n"
    "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds7;received=192.0.2.4\r\n"
    "To: Bob <sip:bob@biloxi.com>;tag=2493k59kd\r\n"
    "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
    "Call-ID: 843817637684230@998sdasdh09\r\n"
    "CSeq: 1826 REGISTER\r\n"
    "WWW-Authenticate: Digest\r\n"
    "        realm=\"biloxi.com\",\r\n"
    "        qop=\"auth,auth-int\",\r\n"
    "        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
    "        opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

const char* const register_with_credentials =
    "REGISTER sip:registrar.biloxi.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP bobspc.biloxi.com:5060;branch=z9hG4bKnashds8\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.com>\r\n"
    "From: Bob <sip:bob@biloxi.com>;tag=456248\r\n"
    "Call-ID: 843817637684230@998sdasdh09\r\n"
    "CSeq: 1827 REGISTER\r\n"
    "Contact: <sip:bob@192.0.2.4>\r\n"
    "Authorization: Digest username=\"bob\",\r\n"
    "        realm=\"biloxi.com\",\r\n"
    "        nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\",\r\n"
    "        uri=\"sip:bob@biloxi.com\",\r\n"
    "        qop=auth,\r\n"
    "        nc=00000001,\r\n"
    "        cnonce=\"0a4f113b\",\r\n"
    "        response=\"6629fae49393a05397450978507c4ef1\",\r\n"
    "        opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"\r\n"
    "Expires: 3600\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

}  // namespace

// ------------------------------------------------------- RFC 3261 examples ---

TEST(auth, rfc3261_22_2_challenge_in_401) {
  std::string s = unauthorized_401;
  message_view m;
  ASSERT_TRUE(parse(s, m));
  std::string_view v = m.value(header_id::www_authenticate);
  ASSERT_FALSE(v.empty());
  auth_view a;
  result r = parse_challenge(v, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.scheme, "Digest");
  EXPECT_TRUE(a.is_digest);
  EXPECT_TRUE(a.token68.empty());
  EXPECT_EQ(names(a), (std::vector<std::string>{"realm", "qop", "nonce", "opaque"}));
  EXPECT_EQ(a.realm(), "\"biloxi.com\"");
  EXPECT_EQ(unquote(a.realm()), "biloxi.com");
  EXPECT_EQ(a.qop(), "\"auth,auth-int\"");
  EXPECT_EQ(unquote(a.nonce()), "dcd98b7102dd2f0e8b11d0f600bfb0c093");
  EXPECT_EQ(unquote(a.opaque()), "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::none);
  EXPECT_FALSE(a.is_stale());
  EXPECT_FALSE(a.has_duplicate_params);
  EXPECT_FALSE(a.has_quoted_token);
  // the parameters start on the folded line after the scheme
  EXPECT_EQ(a.params_text.substr(0, 6), "realm=");
  EXPECT_EQ(a.params_text.back(), '"');
  expect_inside(s, a);
  // spans are in the message buffer itself
  EXPECT_EQ(s.substr(offset_in(s, a.scheme), 6), "Digest");
}

TEST(auth, rfc3261_22_2_register_with_credentials) {
  std::string s = register_with_credentials;
  message_view m;
  ASSERT_TRUE(parse(s, m));
  std::string_view v = m.value(header_id::authorization);
  auth_view a;
  result r = parse_credentials(v, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.scheme, "Digest");
  EXPECT_TRUE(a.is_digest);
  EXPECT_EQ(a.params().size(), 9u);
  EXPECT_EQ(unquote(a.username()), "bob");
  EXPECT_EQ(unquote(a.realm()), "biloxi.com");
  EXPECT_EQ(unquote(a.uri()), "sip:bob@biloxi.com");
  EXPECT_EQ(a.qop(), "auth");
  EXPECT_EQ(a.nc(), "00000001");
  EXPECT_EQ(a.cnonce(), "\"0a4f113b\"");
  EXPECT_EQ(unquote(a.response()), "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(unquote(a.opaque()), "5ccc069c403ebaf9f0171e9517f40e41");
  EXPECT_TRUE(a.stale().empty());
  EXPECT_TRUE(a.domain().empty());
  EXPECT_FALSE(a.has_duplicate_params);
  EXPECT_FALSE(a.has_quoted_token);
  expect_inside(s, a);
}

TEST(auth, rfc3261_20_7_and_20_28_response_of_other_lengths) {
  // §20.7 and §20.28 print responses of 35 and 27 hex digits
  std::string s =
      "Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
      " nonce=\"84a4cc6f3082121f32b42a2187831a9e\",\r\n"
      " response=\"7587245234b3434cc3412213e5f113a5432\"";
  auth_view a;
  ASSERT_TRUE(parse_credentials(s, a));
  EXPECT_EQ(unquote(a.response()).size(), 35u);
  expect_inside(s, a);

  std::string p =
      "Digest username=\"Alice\", realm=\"atlanta.com\",\r\n"
      "   nonce=\"c60f3082ee1212b402a21831ae\",\r\n"
      "   response=\"245f23415f11432b3434341c022\"";
  ASSERT_TRUE(parse_credentials(p, a));
  EXPECT_EQ(unquote(a.response()), "245f23415f11432b3434341c022");
}

TEST(auth, rfc3261_20_27_and_20_44_challenges) {
  std::string p =
      "Digest realm=\"atlanta.com\",\r\n"
      " domain=\"sip:ss1.carrier.com\", qop=\"auth\",\r\n"
      " nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n"
      " opaque=\"\", stale=FALSE, algorithm=MD5";
  auth_view a;
  result r = parse_challenge(p, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.domain(), "\"sip:ss1.carrier.com\"");
  EXPECT_EQ(a.opaque(), "\"\"");
  EXPECT_EQ(unquote(a.opaque()), "");
  EXPECT_EQ(a.stale(), "FALSE");
  EXPECT_FALSE(a.is_stale());
  EXPECT_EQ(a.algorithm(), "MD5");
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::md5);
  EXPECT_EQ(a.params().size(), 7u);
  expect_inside(p, a);

  std::string w =
      "Digest realm=\"atlanta.com\",\r\n"
      "  domain=\"sip:boxesbybob.com\", qop=\"auth\",\r\n"
      "  nonce=\"f84f1cec41e6cbe5aea9c8e88d359\",\r\n"
      "  opaque=\"\", stale=FALSE, algorithm=MD5";
  ASSERT_TRUE(parse_challenge(w, a));
  EXPECT_EQ(unquote(a.domain()), "sip:boxesbybob.com");
}

TEST(auth, rfc3261_20_6_authentication_info) {
  std::string s = "nextnonce=\"47364c23432d2e131a5fb210812c\"";
  auth_view a;
  ASSERT_TRUE(parse_authentication_info(s, a));
  EXPECT_TRUE(a.scheme.empty());
  EXPECT_TRUE(a.is_digest);
  EXPECT_EQ(a.params_text, s);
  EXPECT_EQ(unquote(a.nextnonce()), "47364c23432d2e131a5fb210812c");

  std::string full =
      "qop=auth, rspauth=\"6629fae49393a05397450978507c4ef1\", cnonce=\"0a4f113b\", nc=00000001";
  ASSERT_TRUE(parse_authentication_info(full, a));
  EXPECT_EQ(a.qop(), "auth");
  EXPECT_EQ(unquote(a.rspauth()), "6629fae49393a05397450978507c4ef1");
  EXPECT_EQ(a.nc(), "00000001");
  EXPECT_EQ(a.params().size(), 4u);
  expect_inside(full, a);

  // ainfo has no auth-param: an unknown directive is an error at its name
  auth_view b;
  result r = parse_authentication_info("nextnonce=\"x\", foo=bar", b);
  EXPECT_EQ(r.code, error_code::bad_parameter);
  EXPECT_EQ(r.offset, 15u);
  // rspauth is *LHEX
  r = parse_authentication_info("rspauth=\"abcG\"", b);
  EXPECT_EQ(r.code, error_code::bad_credentials);
  EXPECT_EQ(r.offset, 12u);
  // the credentials' directives are not ainfo
  r = parse_authentication_info("realm=\"x\"", b);
  EXPECT_EQ(r.code, error_code::bad_parameter);
  // Authentication-Info takes no scheme
  r = parse_authentication_info("Digest nextnonce=\"x\"", b);
  EXPECT_FALSE(r);
}

// ------------------------------------------------------------ challenges ---

TEST(auth, qop_options_list) {
  auth_view a;
  ASSERT_TRUE(parse_challenge("Digest realm=\"r\", qop=\"auth,auth-int\", nonce=\"n\"", a));
  EXPECT_EQ(unquote(a.qop()), "auth,auth-int");
  // whitespace around the commas (RFC 7616 writes it so) and an extension token
  ASSERT_TRUE(parse_challenge("Digest realm=\"r\", qop=\"auth, auth-int ,x-other\", nonce=\"n\"", a));
  EXPECT_EQ(unquote(a.qop()), "auth, auth-int ,x-other");
  // the comma inside the quotes does not split the parameter list
  EXPECT_EQ(a.params().size(), 3u);
  // qop-options must be quoted and hold tokens
  EXPECT_FAILS(chal_error("Digest realm=\"r\", qop=auth"), bad_credentials, 22u);
  EXPECT_FAILS(chal_error("Digest qop=\"auth,\""), bad_credentials, 17u);
  EXPECT_FAILS(chal_error("Digest qop=\"\""), bad_credentials, 12u);
  EXPECT_FAILS(chal_error("Digest qop=\"auth auth-int\""), bad_credentials, 17u);
}

TEST(auth, stale_true_and_false) {
  auth_view a;
  ASSERT_TRUE(parse_challenge("Digest realm=\"r\", nonce=\"n2\", stale=TRUE", a));
  EXPECT_EQ(a.stale(), "TRUE");
  EXPECT_TRUE(a.is_stale());
  ASSERT_TRUE(parse_challenge("Digest stale=true", a));
  EXPECT_TRUE(a.is_stale());
  ASSERT_TRUE(parse_challenge("Digest stale=False", a));
  EXPECT_FALSE(a.is_stale());
  EXPECT_FAILS(chal_error("Digest stale=yes"), bad_credentials, 13u);
  EXPECT_FAILS(chal_error("Digest stale=truex"), bad_credentials, 17u);
  EXPECT_FAILS(chal_error("Digest stale=1"), bad_credentials, 13u);
}

TEST(auth, domain_lists) {
  std::string s = "Digest realm=\"r\", domain=\"sip:ss1.carrier.com sip:ss2.carrier.com  /register\"";
  auth_view a;
  ASSERT_TRUE(parse_challenge(s, a));
  EXPECT_EQ(unquote(a.domain()), "sip:ss1.carrier.com sip:ss2.carrier.com  /register");
  expect_inside(s, a);
  // a folded list
  ASSERT_TRUE(parse_challenge("Digest domain=\"sip:a.example.com\r\n sip:b.example.com\"", a));
  // at least one URI; no leading space; URIs hold no quote or backslash
  EXPECT_FAILS(chal_error("Digest domain=\"\""), bad_credentials, 15u);
  EXPECT_FAILS(chal_error("Digest domain=\" sip:a\""), bad_credentials, 15u);
  EXPECT_FAILS(chal_error("Digest domain=\"sip:a\\b\""), bad_credentials, 20u);
  EXPECT_FAILS(chal_error("Digest domain=sip:a"), bad_credentials, 14u);
}

TEST(auth, challenge_takes_credentials_names_as_auth_params) {
  // "username" is no digest-cln: in a challenge it is an auth-param
  auth_view a;
  ASSERT_TRUE(parse_challenge("Digest realm=\"r\", username=bob, charset=UTF-8", a));
  EXPECT_EQ(a.username(), "bob");
  EXPECT_EQ(a.get("charset"), "UTF-8");
  // and "stale" is no dig-resp: in credentials it is an auth-param
  ASSERT_TRUE(parse_credentials("Digest username=\"u\", stale=maybe", a));
  EXPECT_EQ(a.stale(), "maybe");
  // but "username" in credentials must be a quoted-string
  EXPECT_FAILS(cred_error("Digest username=bob"), bad_credentials, 16u);
}

// ------------------------------------------------------------ other schemes ---

TEST(auth, unknown_schemes_are_other_response) {
  auth_view a;
  // RFC 4475-style unknown scheme with auth-params
  std::string u = "NoOneKnowsThisScheme opaque-data=here";
  ASSERT_TRUE(parse_credentials(u, a));
  EXPECT_EQ(a.scheme, "NoOneKnowsThisScheme");
  EXPECT_FALSE(a.is_digest);
  EXPECT_EQ(a.params_text, "opaque-data=here");
  EXPECT_EQ(a.get("opaque-data"), "here");
  expect_inside(u, a);

  std::string n = "NTLM qop=\"auth\", realm=\"SIP Communications Service\", targetname=\"srv.example.com\", version=4";
  ASSERT_TRUE(parse_challenge(n, a));
  EXPECT_EQ(a.scheme, "NTLM");
  EXPECT_FALSE(a.is_digest);
  EXPECT_EQ(unquote(a.realm()), "SIP Communications Service");
  EXPECT_EQ(a.get("version"), "4");
  EXPECT_EQ(a.params().size(), 4u);
  // for other schemes, Digest's rules do not apply (qop quoted, no quirk recorded)
  EXPECT_FALSE(a.has_quoted_token);
  expect_inside(n, a);

  std::string b = "Bearer realm=\"atlanta.com\", scope=\"abc\", authz_server=\"https://as.example.com/token\"";
  ASSERT_TRUE(parse_challenge(b, a));
  EXPECT_EQ(a.scheme, "Bearer");
  EXPECT_EQ(unquote(a.get("authz_server")), "https://as.example.com/token");
}

TEST(auth, token68_for_other_schemes) {
  auth_view a;
  std::string b = "Bearer mF_9.B5f-4.1JqM";
  ASSERT_TRUE(parse_credentials(b, a));
  EXPECT_EQ(a.scheme, "Bearer");
  EXPECT_EQ(a.token68, "mF_9.B5f-4.1JqM");
  EXPECT_TRUE(a.params_text.empty());
  EXPECT_TRUE(a.params().empty());
  expect_inside(b, a);
  ASSERT_TRUE(parse_credentials("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==  ", a));
  EXPECT_EQ(a.token68, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
  // a single auth-param is not a token68
  ASSERT_TRUE(parse_credentials("Bearer a=b", a));
  EXPECT_TRUE(a.token68.empty());
  EXPECT_EQ(a.get("a"), "b");
  // Digest takes no token68: read as an auth-param, its value is missing
  EXPECT_FAILS(cred_error("Digest QWxhZGRpbjpvcGVuIHNlc2FtZQ=="), bad_parameter, 34u);
  // a scheme alone is not credentials (RFC 3261: auth-scheme LWS auth-param)
  EXPECT_FAILS(cred_error("Bearer"), bad_credentials, 6u);
  // neither a token68 ("a==" then "b") nor an auth-param: the first byte no reading takes
  EXPECT_FAILS(cred_error("Bearer a==b"), bad_parameter, 10u);
}

TEST(auth, scheme_is_case_insensitive) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("digest username=\"u\"", a));
  EXPECT_EQ(a.scheme, "digest");
  EXPECT_TRUE(a.is_digest);
  ASSERT_TRUE(parse_challenge("DIGEST REALM=\"r\", NONCE=\"n\", Stale=TRUE", a));
  EXPECT_TRUE(a.is_digest);
  EXPECT_EQ(unquote(a.realm()), "r");
  EXPECT_TRUE(a.is_stale());
  // directive names are case-insensitive too: "NC" follows nc-value's rule
  EXPECT_FAILS(cred_error("Digest NC=1"), bad_credentials, 11u);
  // a longer token starting with Digest is another scheme
  ASSERT_TRUE(parse_credentials("Digestive a=b", a));
  EXPECT_EQ(a.scheme, "Digestive");
  EXPECT_FALSE(a.is_digest);
}

// --------------------------------------------------------- digest values ---

TEST(auth, sha256_algorithms) {
  std::string s =
      "Digest username=\"alice\", realm=\"atlanta.com\", nonce=\"n\", uri=\"sip:bob@biloxi.com\","
      " algorithm=SHA-256, qop=auth, nc=0000000a, cnonce=\"c\","
      " response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\"";
  auth_view a;
  result r = parse_credentials(s, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.algorithm(), "SHA-256");
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::sha256);
  EXPECT_EQ(unquote(a.response()).size(), 64u);
  EXPECT_EQ(a.nc(), "0000000a");
  expect_inside(s, a);

  ASSERT_TRUE(parse_challenge("Digest realm=\"r\", algorithm=SHA-512-256-sess", a));
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::sha512_256_sess);
  ASSERT_TRUE(parse_challenge("Digest algorithm=md5-sess", a));
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::md5_sess);
  ASSERT_TRUE(parse_challenge("Digest algorithm=AKAv1-MD5", a));
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::other);
  EXPECT_EQ(classify_digest_algorithm("SHA-256-sess"), digest_algorithm::sha256_sess);
  EXPECT_EQ(classify_digest_algorithm("SHA-512-256"), digest_algorithm::sha512_256);
  EXPECT_EQ(classify_digest_algorithm("\"MD5\""), digest_algorithm::md5);
  EXPECT_EQ(classify_digest_algorithm(""), digest_algorithm::none);
  // algorithm is a token
  EXPECT_FAILS(chal_error("Digest algorithm=SHA/256"), bad_credentials, 20u);
}

TEST(auth, nc_is_eight_lowercase_hex_digits) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("Digest nc=deadbeef", a));
  EXPECT_EQ(a.nc(), "deadbeef");
  EXPECT_FAILS(cred_error("Digest nc=0000001"), bad_credentials, 17u);    // 7 digits: ends early
  EXPECT_FAILS(cred_error("Digest nc=000000001"), bad_credentials, 18u);  // 9 digits
  EXPECT_FAILS(cred_error("Digest nc=0000000A"), bad_credentials, 17u);   // not LHEX
  EXPECT_FAILS(cred_error("Digest nc=0000001, x=y"), bad_credentials, 17u);
}

TEST(auth, response_is_lowercase_hex_inside_quotes) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("Digest response=\"\"", a));  // *LHEX
  EXPECT_FAILS(cred_error("Digest response=\"6629FAE4\""), bad_credentials, 21u);
  EXPECT_FAILS(cred_error("Digest response=6629fae4"), bad_credentials, 16u);
  EXPECT_FAILS(cred_error("Digest response=\"6629 fae4\""), bad_credentials, 21u);
  // a control byte inside is a quoted-string error, wherever it is
  EXPECT_FAILS(cred_error(std::string_view("Digest response=\"66\x01\"", 21)), bad_quoted_string, 19u);
  // and an unclosed one points at its opening quote
  EXPECT_FAILS(cred_error("Digest response=\"6629"), bad_quoted_string, 16u);
}

TEST(auth, uri_must_be_quoted) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("Digest uri=\"sip:bob@biloxi.com;transport=tcp\"", a));
  EXPECT_EQ(unquote(a.uri()), "sip:bob@biloxi.com;transport=tcp");
  // §22.4 item 2: the uri MUST be enclosed in quotation marks
  EXPECT_FAILS(cred_error("Digest uri=sip:bob@biloxi.com"), bad_credentials, 11u);
  EXPECT_FAILS(cred_error("Digest uri=\"\""), bad_credentials, 12u);
  EXPECT_FAILS(cred_error("Digest uri=\"sip:bob @biloxi.com\""), bad_credentials, 19u);
}

TEST(auth, quoted_token_values_are_taken_and_reported) {
  // as sent by deployed user agents: nc and qop inside quotes
  std::string s = "Digest username=\"u\", nc=\"00000001\", qop=\"auth\", response=\"83e1\"";
  auth_view a;
  ASSERT_TRUE(parse_credentials(s, a));
  EXPECT_TRUE(a.has_quoted_token);
  EXPECT_EQ(a.quoted_token, "\"00000001\"");  // the first one
  EXPECT_EQ(offset_in(s, a.quoted_token), 24u);
  EXPECT_EQ(unquote(a.nc()), "00000001");
  EXPECT_EQ(unquote(a.qop()), "auth");
  expect_inside(s, a);
  ASSERT_TRUE(parse_challenge("Digest stale=\"true\", algorithm=\"MD5\"", a));
  EXPECT_TRUE(a.is_stale());
  EXPECT_EQ(a.algorithm_id(), digest_algorithm::md5);
  EXPECT_EQ(a.quoted_token, "\"true\"");
  // the content still follows the directive's rule
  EXPECT_FAILS(cred_error("Digest nc=\"1\""), bad_credentials, 12u);
  EXPECT_FAILS(cred_error("Digest qop=\"\""), bad_credentials, 12u);
}

TEST(auth, auth_params_inside_digest) {
  std::string s = "Digest username=\"u\", foo=bar, baz=\"q, r\", x-y.z=1";
  auth_view a;
  ASSERT_TRUE(parse_credentials(s, a));
  EXPECT_EQ(names(a), (std::vector<std::string>{"username", "foo", "baz", "x-y.z"}));
  EXPECT_EQ(a.get("baz"), "\"q, r\"");
  EXPECT_EQ(a.get("FOO"), "bar");
  expect_inside(s, a);
  EXPECT_FAILS(cred_error("Digest foo=a\"b\""), bad_parameter, 12u);
  EXPECT_FAILS(cred_error("Digest foo=<x>"), bad_parameter, 11u);
  EXPECT_FAILS(cred_error("Digest f@o=x"), bad_parameter, 8u);
}

// ------------------------------------------------ folding, escapes, spaces ---

TEST(auth, folded_values) {
  // CRLF WSP after the scheme, around "=", after commas and inside quotes
  std::string s =
      "Digest\r\n username\r\n\t=\r\n \"bob\",\r\n realm=\"biloxi\r\n .com\" ,\r\n\tnonce=\"n\"";
  auth_view a;
  result r = parse_credentials(s, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.scheme, "Digest");
  EXPECT_EQ(names(a), (std::vector<std::string>{"username", "realm", "nonce"}));
  EXPECT_EQ(a.username(), "\"bob\"");
  EXPECT_EQ(a.realm(), "\"biloxi\r\n .com\"");
  std::array<char, 32> buf{};
  std::string_view un;
  ASSERT_TRUE(unescape(a.realm(), buf, un));
  EXPECT_EQ(un, "biloxi .com");
  expect_inside(s, a);
  // a bare LF fold is taken as well
  ASSERT_TRUE(parse_credentials("Digest\n username=\"bob\"", a));
  // but a line end not followed by whitespace is no fold
  EXPECT_FAILS(cred_error("Digest username=\"bob\",\r\nrealm=\"r\""), bad_parameter, 24u);
  // nor is a CR alone
  EXPECT_FAILS(cred_error("Digest\r realm=\"r\""), bad_credentials, 7u);
}

TEST(auth, escaped_quotes_in_username) {
  std::string s = R"(Digest username="bo\"b\\", realm="a,b", nonce="n")";
  auth_view a;
  result r = parse_credentials(s, a);
  ASSERT_TRUE(r) << r.name() << " at " << r.offset;
  EXPECT_EQ(a.username(), R"("bo\"b\\")");
  EXPECT_EQ(a.realm(), "\"a,b\"");
  EXPECT_EQ(a.params().size(), 3u);
  std::array<char, 16> buf{};
  std::string_view un;
  ASSERT_TRUE(unescape(a.username(), buf, un));
  EXPECT_EQ(un, "bo\"b\\");
  EXPECT_TRUE(inside(std::string_view(buf.data(), buf.size()), un));
  expect_inside(s, a);
}

TEST(auth, unescape_helper) {
  std::array<char, 4> small{};
  std::string_view out = "x";
  EXPECT_FALSE(unescape("\"abcde\"", small, out));
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(unescape("\"abcd\"", small, out));
  EXPECT_EQ(out, "abcd");
  // escapes shrink the text: fits
  EXPECT_TRUE(unescape(R"("\a\b\c\d")", small, out));
  EXPECT_EQ(out, "abcd");
  // a token is copied as is
  EXPECT_TRUE(unescape("MD5", small, out));
  EXPECT_EQ(out, "MD5");
  EXPECT_TRUE(unescape("\"\"", small, out));
  EXPECT_EQ(out, "");
}

TEST(auth, surrounding_whitespace_is_ignored) {
  std::string s = "  Digest realm=\"x\"  \t";
  auth_view a;
  ASSERT_TRUE(parse_challenge(s, a));
  EXPECT_EQ(a.scheme, "Digest");
  EXPECT_EQ(offset_in(s, a.scheme), 2u);
  EXPECT_EQ(a.params_text, "realm=\"x\"");
  ASSERT_TRUE(parse_challenge("Digest realm = \"x\" , nonce= \"y\"", a));
  EXPECT_EQ(unquote(a.nonce()), "y");
}

TEST(auth, utf8_in_quoted_strings) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("Digest username=\"J\xc3\xa4s\xc3\xb8n\"", a));
  EXPECT_EQ(unquote(a.username()), "J\xc3\xa4s\xc3\xb8n");
  // a lone continuation byte is no UTF8-NONASCII
  EXPECT_FAILS(cred_error("Digest username=\"J\xa4\""), bad_quoted_string, 18u);
}

// ----------------------------------------------------------- duplicates ---

TEST(auth, duplicate_directives_are_reported) {
  std::string s = "Digest realm=\"a\", nonce=\"n\", REALM=\"b\", nonce=\"m\"";
  auth_view a;
  ASSERT_TRUE(parse_challenge(s, a));
  EXPECT_TRUE(a.has_duplicate_params);
  EXPECT_EQ(a.duplicate_param, "REALM");  // the first repeated one, as written
  EXPECT_EQ(offset_in(s, a.duplicate_param), 29u);
  EXPECT_EQ(unquote(a.realm()), "a");  // accessors give the first occurrence
  expect_inside(s, a);

  ASSERT_TRUE(parse_credentials("Digest nc=00000001, response=\"ab\", nc=00000002", a));
  EXPECT_EQ(a.duplicate_param, "nc");
  // auth-params and distinct directives are no duplicates
  ASSERT_TRUE(parse_credentials("Digest username=\"u\", realm=\"r\", x=1, x=2", a));
  EXPECT_FALSE(a.has_duplicate_params);
  EXPECT_TRUE(a.duplicate_param.empty());
  ASSERT_TRUE(parse_authentication_info("nextnonce=\"a\", nextnonce=\"b\"", a));
  EXPECT_EQ(a.duplicate_param, "nextnonce");
}

// --------------------------------------------------------------- errors ---

TEST(auth, unterminated_quote) {
  // offset: the opening DQUOTE of the string that never closes
  EXPECT_FAILS(cred_error("Digest username=\"bob\", realm=\"biloxi.com"), bad_quoted_string, 29u);
  EXPECT_FAILS(chal_error("Digest realm=\""), bad_quoted_string, 13u);
  // an escaped closing quote does not close
  EXPECT_FAILS(cred_error(R"(Digest username="bob\")"), bad_quoted_string, 16u);
}

TEST(auth, missing_equals) {
  EXPECT_FAILS(cred_error("Digest username \"bob\""), bad_parameter, 16u);
  EXPECT_FAILS(cred_error("Digest username=\"u\", realm"), bad_parameter, 26u);
  EXPECT_FAILS(chal_error("Digest realm=\"r\", stale"), bad_parameter, 23u);
  EXPECT_FAILS(cred_error("Bearer token, a=b"), bad_parameter, 12u);
}

TEST(auth, empty_values) {
  EXPECT_FAILS(cred_error(""), empty_value, 0u);
  EXPECT_FAILS(cred_error(" \t "), empty_value, 0u);
  EXPECT_FAILS(chal_error("Digest realm=, nonce=\"n\""), empty_value, 13u);
  EXPECT_FAILS(chal_error("Digest realm="), empty_value, 13u);
  EXPECT_FAILS(chal_error("Digest realm=  , nonce=\"n\""), empty_value, 15u);
  EXPECT_FAILS(cred_error("Digest foo="), empty_value, 11u);
  EXPECT_FAILS(cred_error("Digest username=\"u\", nc="), empty_value, 24u);
  auth_view a;
  result r = parse_authentication_info("", a);
  EXPECT_EQ(r.code, error_code::empty_value);
}

TEST(auth, digest_with_nothing_after_it) {
  EXPECT_FAILS(cred_error("Digest"), bad_credentials, 6u);
  EXPECT_FAILS(cred_error("Digest "), bad_credentials, 7u);
  EXPECT_FAILS(chal_error("Digest\r\n "), bad_credentials, 9u);
  EXPECT_FAILS(chal_error("digest,realm=\"r\""), bad_credentials, 6u);
}

TEST(auth, nul_byte_inside_a_quoted_string) {
  std::string s("Digest username=\"bo\0b\", realm=\"r\"", 33);
  ASSERT_EQ(s[19], '\0');
  EXPECT_FAILS(cred_error(s), bad_quoted_string, 19u);
  // outside quotes it is no token byte either
  std::string t("Digest nc=000\0" "0001", 18);
  EXPECT_FAILS(cred_error(t), bad_credentials, 13u);
  // a quoted-pair may escape a NUL (quoted-pair = "\" %x00-09 ...), but not CR or LF
  std::string u("Digest username=\"a\\\0\"", 21);
  auth_view a;
  EXPECT_TRUE(parse_credentials(u, a));
  EXPECT_FAILS(cred_error("Digest username=\"a\\\r\n b\""), bad_quoted_string, 19u);
}

TEST(auth, misplaced_separators) {
  EXPECT_FAILS(cred_error("Digest username=\"a\" realm=\"r\""), bad_parameter, 20u);  // missing comma
  EXPECT_FAILS(cred_error("Digest username=\"a\","), bad_parameter, 20u);             // trailing comma
  EXPECT_FAILS(cred_error("Digest username=\"a\",, realm=\"r\""), bad_parameter, 20u);
  EXPECT_FAILS(cred_error("Digest , username=\"a\""), bad_credentials, 7u);  // no first directive
  EXPECT_FAILS(cred_error("\"Digest\" username=\"a\""), bad_credentials, 0u);
  EXPECT_FAILS(cred_error("Digest username=\"a\"x"), bad_parameter, 19u);
}

TEST(auth, failed_parse_clears_the_view) {
  auth_view a;
  ASSERT_TRUE(parse_credentials("Digest username=\"u\", realm=\"r\", realm=\"s\"", a));
  ASSERT_TRUE(a.has_duplicate_params);
  EXPECT_FALSE(parse_credentials("Digest", a));
  EXPECT_TRUE(a.scheme.empty());
  EXPECT_FALSE(a.is_digest);
  EXPECT_FALSE(a.has_duplicate_params);
  EXPECT_TRUE(a.params().empty());
}

TEST(auth, real_world_values_from_the_bench_corpus) {
  std::string cr =
      "Digest username=\"alice@ims.example.net\", realm=\"ims.example.net\", "
      "nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", uri=\"sip:ims.example.net\", "
      "response=\"6629fae49393a05397450978507c4ef1\", algorithm=MD5, cnonce=\"0a4f113b\", qop=auth, "
      "nc=00000001, opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"";
  auth_view a;
  ASSERT_TRUE(parse_credentials(cr, a));
  EXPECT_EQ(a.params().size(), 10u);
  EXPECT_EQ(unquote(a.username()), "alice@ims.example.net");
  // no spaces after commas
  std::string ch = "Digest qop=\"auth\",nonce=\"695bd0bc0e572c5791521eac5bceee17\",realm=\"oxe\"";
  ASSERT_TRUE(parse_challenge(ch, a));
  EXPECT_EQ(unquote(a.realm()), "oxe");
  EXPECT_EQ(a.params().size(), 3u);
}
