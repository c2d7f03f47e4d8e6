// sipspan — the validator's rules (lint.hpp): one message that fires each rule
// and a near-miss that does not, on templates that lint clean; every header
// with a typed grammar is read by its parser.

#include <gtest/gtest.h>

#include <array>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "lint_kit.hpp"
#include "sipspan/headers.hpp"

using namespace sipspan;
using namespace sipspan::testing::lint_kit;

namespace sipspan::testing::lint_kit {

const std::vector<rule_case>& cases() {
  static const std::vector<rule_case> all = {
      {rule_id::unparseable, &invite, "Content-Length: {CL}", "Content-Length: -{CL}", "Content-Length:  {CL}"},
      {rule_id::leading_crlf, &invite, "INVITE sip:bob", "\r\nINVITE sip:bob", ""},
      {rule_id::start_line_whitespace, &invite, " SIP/2.0\r\nVia", "  SIP/2.0\r\nVia", ""},
      {rule_id::bare_lf, &invite, "Max-Forwards: 70\r\n", "Max-Forwards: 70\n", ""},
      {rule_id::line_folding, &invite, "Subject: Lunch", "Subject: Lunch\r\n at noon", "Subject: Lunch at noon"},
      {rule_id::header_name_whitespace, &invite, "Contact:", "Cont act:", "Contact :"},
      {rule_id::whitespace_before_colon, &invite, "Subject:", "Subject :", ""},
      {rule_id::header_name_control, &invite, "Subject:", std::string("Subject\x01:"), "Subject:"},
      {rule_id::header_name_invalid, &invite, "Subject:", "Sub{ject:", "Sub-ject:"},
      {rule_id::missing_colon, &invite, "Subject: Lunch", "Subject Lunch", "Subject:Lunch"},
      {rule_id::control_byte_in_value, &invite, "Subject: Lunch", std::string("Subject: Lu\x01nch"), "Subject: Lu\tnch"},
      {rule_id::comma_in_singleton, &invite, "From: Alice <", "From: Alice, <", "From: \"Alice,\" <"},
      {rule_id::empty_list_element, &invite, "Supported: timer, 100rel", "Supported: timer,, 100rel",
       "Supported: timer , 100rel"},
      {rule_id::unbalanced_quote, &invite, "From: Alice <", "From: \"Alice <", "From: \"Alice\" <"},
      {rule_id::unbalanced_angle, &invite, "Contact: <sip:alice@pc33.atlanta.example.com>",
       "Contact: <sip:alice@pc33.atlanta.example.com", ""},
      {rule_id::repeated_singleton, &invite, "Expires: 120\r\n", "Expires: 120\r\nExpires: 120\r\n",
       "Supported: 100rel\r\nExpires: 120\r\n"},
      {rule_id::compact_long_mix, &invite, "Subject: Lunch\r\n", "Subject: Lunch\r\ns: Lunch\r\n", "s: Lunch\r\n"},
      {rule_id::bytes_after_body, &invite, "{END}", "{END}extra", ""},
      {rule_id::body_shorter_than_content_length, &invite, "Content-Length: {CL}", "Content-Length: 9{CL}", ""},
      {rule_id::sip_version, &invite, "SIP/2.0\r\nVia", "SIP/3.0\r\nVia", "sip/2.0\r\nVia"},
      {rule_id::sip_version_case, &invite, "SIP/2.0\r\nVia", "sip/2.0\r\nVia", "SIP/2.0 \r\nVia"},
      {rule_id::duplicate_parameter, &invite, "Alice <sip:alice@atlanta.example.com>;tag=1928301774",
       "Alice <sip:alice@atlanta.example.com>;tag=1928301774;TAG=1", "Alice <sip:alice@atlanta.example.com>;tag=1928301774;tog=1"},
      {rule_id::status_code_range, &response, "SIP/2.0 200 OK", "SIP/2.0 800 OK", "SIP/2.0 299 OK"},
      {rule_id::reason_phrase, &response, "200 OK", "200 O<K", "200 O%3CK"},
      {rule_id::request_uri_syntax, &invite, "INVITE sip:bob@biloxi.example.com SIP",
       "INVITE sip:bob@biloxi.example.com:99999 SIP", "INVITE sip:bob@biloxi.example.com:5060 SIP"},
      {rule_id::request_uri_scheme, &invite, "INVITE sip:bob@", "INVITE im:bob@", "INVITE sips:bob@"},
      {rule_id::request_uri_component, &invite, "INVITE sip:bob@biloxi.example.com SIP",
       "INVITE sip:bob@biloxi.example.com?Subject=x SIP", "INVITE sip:b?ob@biloxi.example.com;transport=tcp SIP"},
      {rule_id::unknown_method, &invite, "INVITE sip:", "INVITEX sip:", ""},
      {rule_id::missing_mandatory_header, &invite, "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n", "",
       "i: a84b4c76e66710@pc33.atlanta.example.com\r\n", false},
      {rule_id::missing_since_rfc3261, &invite, "Max-Forwards: 70\r\n", "", "Max-Forwards: 0\r\n", false},
      {rule_id::missing_since_rfc3261, &response, "Contact: <sip:bob@192.0.2.4>\r\n", "",
       "m: <sip:bob@192.0.2.4>\r\n", false},
      {rule_id::header_not_applicable, &invite, "Subject: Lunch\r\n", "Subject: Lunch\r\nServer: x\r\n",
       "Subject: Lunch\r\nUser-Agent: x\r\n"},
      {rule_id::conflicting_singleton, &invite, "Expires: 120\r\n", "Expires: 120\r\nExpires: 60\r\n",
       "Expires: 120\r\nExpires: 120\r\n"},
      {rule_id::header_syntax, &invite, "CSeq: 314159 INVITE", "CSeq: 314159x INVITE", "CSeq: 314159  INVITE"},
      {rule_id::uri_syntax, &invite, "To: Bob <sip:bob@biloxi.example.com>", "To: Bob <sip:bob@biloxi.example.com:99999>",
       "To: Bob <sip:bob@biloxi.example.com:5060>"},
      {rule_id::ipv6_rfc3261_form, &invite, "To: Bob <sip:bob@biloxi.example.com>",
       "To: Bob <sip:bob@[2001:db8:::192.0.2.1]>", "To: Bob <sip:bob@[2001:db8::192.0.2.1]>"},
      {rule_id::product_syntax, &invite, "Subject: Lunch\r\n", "Subject: Lunch\r\nUser-Agent: REGISTER sip:a@b SIP/2.0\r\n",
       "Subject: Lunch\r\nUser-Agent: Phone/1.0 (REGISTER sip:a@b SIP/2.0)\r\n"},
      {rule_id::header_syntax, &invite, "Allow: INVITE, ACK, CANCEL, BYE", "Require:", "Allow:"},
      {rule_id::header_syntax, &invite, "Supported: timer, 100rel", "Route:", "Supported:"},
      {rule_id::non_utf8_text, &invite, "Subject: Lunch", "Subject: Lunch \xC3\x28", "Subject: Lunch \xC3\xA9"},
      {rule_id::addr_spec_with_separators, &invite, "Contact: <sip:alice@pc33.atlanta.example.com>",
       "Contact: sip:alice@pc33.atlanta.example.com?Subject=x", "Contact: <sip:alice@pc33.atlanta.example.com?Subject=x>"},
      {rule_id::cseq_method_mismatch, &invite, "CSeq: 314159 INVITE", "CSeq: 314159 INVITe", "CSeq: 1 INVITE"},
      {rule_id::cseq_number_range, &invite, "CSeq: 314159 INVITE", "CSeq: 2147483648 INVITE",
       "CSeq: 2147483647 INVITE"},
      {rule_id::via_sent_protocol, &invite, "Via: SIP/2.0/UDP", "Via: SIP/3.0/UDP", "Via: SIP/2.0/XYZ"},
      {rule_id::via_branch_cookie, &invite, "branch=z9hG4bK776asdhds", "branch=776asdhds", "branch=z9hG4bKz9"},
      {rule_id::via_branch_no_cookie, &response, "branch=z9hG4bKnashds8", "branch=nashds8", "branch=z9hG4bKnashds9"},
      {rule_id::via_branch_cookie_only, &invite, "branch=z9hG4bK776asdhds", "branch=z9hG4bK", "branch=z9hG4bKx"},
      {rule_id::via_rport_received, &invite, ";rport\r\n", ";rport;received=pc33.example.com\r\n",
       ";rport;received=2001:db8::9\r\n"},
      // the Via grammar takes 1*3DIGIT octets; the rule wants an address (0-255, RFC 3986 groups)
      {rule_id::via_rport_received, &invite, ";rport\r\n", ";rport;received=192.0.2.256\r\n",
       ";rport;received=[2001:db8::9]\r\n"},
      {rule_id::via_rport_received, &invite, ";rport\r\n", ";rport;received=1:2:3:4:5:6:7:8:9\r\n",
       ";rport;received=::ffff:192.0.2.1\r\n"},
      {rule_id::from_tag_missing, &invite, "Alice <sip:alice@atlanta.example.com>;tag=1928301774",
       "Alice <sip:alice@atlanta.example.com>", "Alice <sip:alice@atlanta.example.com>;tag=x"},
      {rule_id::to_tag_missing, &response, "Bob <sip:bob@biloxi.example.com>;tag=a6c85cf",
       "Bob <sip:bob@biloxi.example.com>", "Bob <sip:bob@biloxi.example.com>;Tag=1"},
      {rule_id::contact_required, &invite, "Contact: <sip:alice@pc33.atlanta.example.com>",
       "Contact: <sip:alice@pc33.atlanta.example.com>, <sip:alice@backup.example.com>",
       "Contact: \"A, B\" <sip:alice@pc33.atlanta.example.com>;q=0.5"},
      {rule_id::contact_required, &invite, "Contact: <sip:alice@pc33.atlanta.example.com>", "Contact: *",
       "Contact: <sip:alice@pc33.atlanta.example.com>"},
      {rule_id::route_lr, &invite, "Route: <sip:p1.example.com;lr>", "Route: <sip:p1.example.com>",
       "Route: <sip:p1.example.com;LR>"},
      {rule_id::max_forwards_range, &invite, "Max-Forwards: 70", "Max-Forwards: 256", "Max-Forwards: 255"},
      {rule_id::expires_range, &invite, "Expires: 120", "Expires: 4294967296", "Expires: 4294967295"},
      {rule_id::expires_range, &invite, "pc33.atlanta.example.com>\r\nExpires",
       "pc33.atlanta.example.com>;expires=4294967296\r\nExpires", "pc33.atlanta.example.com>;expires=4294967295\r\nExpires"},
      {rule_id::content_length_missing, &invite, "Content-Length: {CL}\r\n", "", "l: {CL}\r\n", false},
      {rule_id::content_type_missing, &invite, "Content-Type: application/sdp\r\n", "", "c: application/sdp\r\n",
       false},
      {rule_id::body_type_mismatch, &invite, "Content-Type: application/sdp", "Content-Type: multipart/mixed",
       "Content-Type: Application/SDP"},
      {rule_id::body_type_mismatch, &invite, "v=0\r\n", "hello\r\nv=0\r\n", "", true},
      {rule_id::max_forwards_high, &invite, "Max-Forwards: 70", "Max-Forwards: 71", ""},
      {rule_id::sdp_syntax, &invite, "t=0 0\r\n", "t=0 0\r\n" + [] {
         std::string many;  // more departures than the table holds: no description to read
         for (int i = 0; i < 17; ++i) many += "y=" + std::to_string(i) + "\r\n";
         return many;
       }(), "t=0 0\r\ny=0\r\ny=1\r\n", false},
      {rule_id::sdp_value_syntax, &invite, "m=audio 49172 RTP/AVP", "m=audio 49172x RTP/AVP", "m=audio 49172/2 RTP/AVP"},
      {rule_id::sdp_connection_missing, &invite, "c=IN IP4 192.0.2.101\r\nt=0 0\r\n", "t=0 0\r\n",
       "t=0 0\r\nc=IN IP4 192.0.2.101\r\n", false},
      {rule_id::sdp_rtpmap_missing, &invite, "a=rtpmap:96 telephone-event/8000\r\n", "",
       "a=rtpmap:96 telephone-event/8000 \r\n", false},
      {rule_id::sdp_address_form, &invite, "c=IN IP4 192.0.2.101", "c=IN IP6 192.0.2.101", "c=IN IP6 2001:db8::1"},
      {rule_id::sdp_address_form, &invite, "c=IN IP4 192.0.2.101", "c=IN IP4 [2001:db8::1]", "c=IN IP6 ::1"},
      {rule_id::sdp_line_end, &invite, "t=0 0\r\n", "t=0 0\n", ""},
      {rule_id::sdp_control_byte, &invite, "s=-\r\n", "s=-\x01\r\n", "s=-\t\r\n"},
      {rule_id::sdp_zone_without_repeat, &invite, "t=0 0\r\n", "t=0 0\r\nz=2882844526 -1h\r\n",
       "t=0 0\r\nr=7d 1h 0\r\nz=2882844526 -1h\r\n"},
      {rule_id::sdp_empty_value, &invite, "s=-\r\n", "s=\r\n", "s= \r\n"},
      {rule_id::sdp_line_order, &invite, "c=IN IP4 192.0.2.101\r\nt=0 0\r\n", "t=0 0\r\nc=IN IP4 192.0.2.101\r\n",
       "c=IN IP4 192.0.2.101\r\nb=AS:64\r\nt=0 0\r\n"},
      {rule_id::sdp_missing_line, &invite, "s=-\r\n", "", "s=x\r\n", false},
      {rule_id::sdp_unknown_type, &invite, "t=0 0\r\n", "t=0 0\r\ny=0\r\n", "t=0 0\r\nk=prompt\r\n"},
      {rule_id::sdp_bad_line, &invite, "t=0 0\r\n", "t=0 0\r\n\r\n", ""},
      {rule_id::sdp_forbidden_byte, &invite, "s=-\r\n", std::string("s=-\0\r\n", 6), "s=-\x7f\r\n"},
      {rule_id::sdp_rtpmap_without_clock_rate, &invite, "a=rtpmap:0 PCMU/8000", "a=rtpmap:0 PCMU",
       "a=rtpmap:0 PCMU/8000/1"},
      {rule_id::sdp_address_brackets, &invite, "c=IN IP4 192.0.2.101", "c=IN IP6 [2001:db8::1]",
       "c=IN IP6 2001:db8::1"},
      {rule_id::sdp_trailing_whitespace, &invite, "a=rtpmap:0 PCMU/8000\r\n", "a=rtpmap:0 PCMU/8000 \t\r\n",
       "a=rtpmap:0 PCMU/8000/1\r\n"},
      {rule_id::multipart_syntax, &multipart, "--zz9\r\nContent-Type: text/plain", "--zz9\r\n--zz9\r\nContent-Type: text/plain",
       "--zz9  \r\nContent-Type: text/plain", false},
      {rule_id::sdp_connection_missing, &multipart, "c=IN IP4 192.0.2.1\r\n", "", "", false},
      {rule_id::multipart_bare_lf, &multipart, "Content-Type: text/plain\r\n", "Content-Type: text/plain\n",
       "Content-type: text/plain\r\n"},
      {rule_id::multipart_missing_close, &multipart, "--zz9--\r\n", "", "--zz9-- \r\n", false},
      {rule_id::compact_form, &invite, "Subject: Lunch", "s: Lunch", ""},
      {rule_id::unknown_header, &invite, "Subject: Lunch", "X-Subject: Lunch", ""},
  };
  return all;
}

}  // namespace sipspan::testing::lint_kit

// Every template is clean: no finding at all, even in the forensic profile
// apart from the style notes the case list turns on by editing.
TEST(lint, templates_are_clean) {
  for (const std::string* t : {&invite, &response, &multipart}) {
    linted l;
    run(l, finish(*t), lint_profile::forensic);
    EXPECT_EQ(l.summary.total, 0u) << finish(*t) << describe(l);
  }
}

TEST(lint, each_rule_fires_and_its_near_miss_does_not) {
  for (const rule_case& c : cases()) {
    SCOPED_TRACE(std::string(rule(c.rule).code) + " " + std::string(rule(c.rule).name) + ": '" + c.fire + "'");
    std::size_t at = 0;
    std::string t = replace_first(*c.base, c.old, c.fire, &at);
    std::size_t end = at + c.fire.size();
    std::size_t from = at, to = end;
    std::string fired = finish(t, &from);
    finish(t, &to);
    linted l;
    run(l, fired, c.profile);
    if (c.at_edit)
      EXPECT_TRUE(fires(l, c.rule, from, to)) << "expected within bytes " << from << ".." << to << "\n" << describe(l);
    else
      EXPECT_TRUE(fires(l, c.rule)) << describe(l);

    std::string near = c.near.empty() ? *c.base : replace_first(*c.base, c.old, c.near);
    linted n;
    run(n, finish(near), c.profile);
    EXPECT_FALSE(fires(n, c.rule)) << "near miss '" << c.near << "'\n" << describe(n);
  }
}

TEST(lint, every_rule_has_a_case) {
  std::set<rule_id> covered;
  for (const rule_case& c : cases()) covered.insert(c.rule);
  for (const rule_info& r : rules()) EXPECT_TRUE(covered.count(r.id)) << r.code << " " << r.name << " has no case";
}

// Every header with a typed grammar (grammar_of) is read by its parser: a value
// no grammar accepts ("@@@") gives a finding on that row. (Content-Length is the
// message parser's: such a value does not frame.)
TEST(lint, every_typed_header_is_parsed) {
  const std::vector<std::pair<header_id, std::string>> base = {
      {header_id::via, "SIP/2.0/UDP h.example.com;branch=z9hG4bK1"}, {header_id::max_forwards, "70"},
      {header_id::from, "<sip:a@example.com>;tag=1"},                  {header_id::to, "<sip:b@example.com>"},
      {header_id::call_id, "c1@example.com"},                           {header_id::cseq, "1 OPTIONS"},
      {header_id::content_length, "0"},
  };
  std::size_t typed = 0;
  for (std::size_t i = 0; i + 1 < header_id_count; ++i) {
    const header_id id = static_cast<header_id>(i);
    if (id == header_id::content_length || grammar_of(id) == value_grammar::none) continue;
    std::string m = "OPTIONS sip:b@example.com SIP/2.0\r\n";
    bool replaced = false;
    for (const auto& [h, v] : base) {
      const bool target = h == id;
      replaced |= target;
      m += std::string(canonical_name(h)) + ": " + (target ? "@@@" : v) + "\r\n";
    }
    if (!replaced) m += std::string(canonical_name(id)) + ": @@@\r\n";
    m += "\r\n";
    message_view view;
    std::array<finding, 64> out{};
    lint_summary s = lint(m, view, out, {});
    ASSERT_TRUE(s.parse.ok()) << canonical_name(id);
    bool on_row = false;
    for (std::size_t k = 0; k < s.stored; ++k) on_row |= out[k].header == id;
    ++typed;
    EXPECT_TRUE(on_row) << canonical_name(id) << " has a grammar but its value was not checked";
  }
  EXPECT_GE(typed, 40u);
}
