// sipspan — the typed fields the scan reads (grammar/message_fields.rl, scanned.hpp).
//
// Two properties, on every corpus message and on mutations of the typed values:
//   - the scan's value machines change nothing the message machine reports: the
//     view (header table, deviations, body) and the result are those of a scan with
//     the value machines off;
//   - each scanned field equals what the header's parse_xxx(string_view) makes of
//     the value, and a field the scan did not type is parsed on demand.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sip/field_switch.hpp"
#include "sipspan/scanned.hpp"
#include "test_util.hpp"
#include "testkit/view_diff.hpp"

namespace sipspan {
namespace {

using testing::corpus_messages;
using testing::view_difference;

// The scan with and without its value machines.
struct both {
  message_view on, off;
  result r_on, r_off;
  explicit both(std::string_view m, const parse_options& o = {}) {
    r_on = parse(m, on, o);
    detail::typed_fields_off = true;
    r_off = parse(m, off, o);
    detail::typed_fields_off = false;
  }
};

std::string same_result(const result& a, const result& b) {
  if (a.code != b.code || a.offset != b.offset || a.deviation != b.deviation)
    return std::string(a.name()) + "@" + std::to_string(a.offset) + " vs " + std::string(b.name()) + "@" +
           std::to_string(b.offset);
  return {};
}

std::string params_text(const param_range& p) { return std::string(p.text()); }

// Each scanned field against the lazy parse of the same value.
std::string scanned_difference(const message_view& m) {
  std::string d;
  auto differ = [&](bool x, const char* what) {
    if (x && d.empty()) d = what;
  };
  {
    cseq_view a, b;
    result ra = parse_cseq(m, a), rb = parse_cseq(m.value(header_id::cseq), b);
    differ(!same_result(ra, rb).empty(), "cseq result");
    if (ra && rb) differ(a.number != b.number || a.number_text != b.number_text || a.method != b.method, "cseq");
  }
  {
    call_id_view a, b;
    result ra = parse_call_id(m, a), rb = parse_call_id(m.value(header_id::call_id), b);
    differ(!same_result(ra, rb).empty(), "call-id result");
    if (ra && rb)
      differ(a.value != b.value || a.local != b.local || a.host != b.host || a.has_host != b.has_host, "call-id");
  }
  {
    std::uint32_t a = 0, b = 0;
    result ra = parse_max_forwards(m, a), rb = parse_max_forwards(m.value(header_id::max_forwards), b);
    differ(!same_result(ra, rb).empty() || (ra && a != b), "max-forwards");
    ra = parse_expires(m, a);
    rb = parse_expires(m.value(header_id::expires), b);
    differ(!same_result(ra, rb).empty() || (ra && a != b), "expires");
  }
  {
    via_view a, b;
    value_range vias = m.values(header_id::via);
    result ra = parse_via(m, a), rb = parse_via(vias.begin() == vias.end() ? std::string_view{} : *vias.begin(), b);
    differ(!same_result(ra, rb).empty(), "via result");
    if (ra && rb)
      differ(a.protocol_name != b.protocol_name || a.protocol_version != b.protocol_version ||
                 a.transport != b.transport || a.host != b.host || a.port_text != b.port_text || a.port != b.port ||
                 a.has_port != b.has_port || params_text(a.params) != params_text(b.params) ||
                 a.branch_value != b.branch_value,
             "via");
  }
  for (header_id id : {header_id::from, header_id::to}) {
    name_addr_view a, b;
    result ra = id == header_id::from ? parse_from(m, a) : parse_to(m, a);
    result rb = parse_name_addr(m.value(id), b);
    differ(!same_result(ra, rb).empty(), "name-addr result");
    if (ra && rb)
      differ(a.display_name != b.display_name || a.display_name_quoted != b.display_name_quoted || a.uri != b.uri ||
                 a.has_angle_brackets != b.has_angle_brackets || a.is_star != b.is_star ||
                 params_text(a.params) != params_text(b.params),
             id == header_id::from ? "from" : "to");
  }
  {
    uri_view a, b;
    result ra = parse_request_uri(m, a), rb = parse_uri(m.request_uri(), b);
    differ(!same_result(ra, rb).empty(), "request-uri result");
    if (ra && rb)
      differ(a.raw != b.raw || a.scheme != b.scheme || a.scheme_text != b.scheme_text || a.user != b.user ||
                 a.password != b.password || a.has_user != b.has_user || a.has_password != b.has_password ||
                 a.host != b.host || a.host_type != b.host_type || a.ipv6_rfc3261_form != b.ipv6_rfc3261_form ||
                 a.port_text != b.port_text || a.port != b.port || a.has_port != b.has_port ||
                 a.params_text != b.params_text || a.headers_text != b.headers_text || a.number != b.number ||
                 a.global_number != b.global_number || a.opaque != b.opaque,
             "request-uri");
  }
  auto same_name_addr = [](const name_addr_view& a, const name_addr_view& b) {
    return a.display_name == b.display_name && a.display_name_quoted == b.display_name_quoted && a.uri == b.uri &&
           a.has_angle_brackets == b.has_angle_brackets && a.is_star == b.is_star &&
           params_text(a.params) == params_text(b.params);
  };
  {
    // the first contact-param, and every one through each_contact
    name_addr_view a, b;
    value_range all = m.values(header_id::contact);
    result ra = parse_contact(m, a), rb = parse_contact(all.begin() == all.end() ? std::string_view{} : *all.begin(), b);
    differ(!same_result(ra, rb).empty(), "contact result");
    if (ra && rb) differ(!same_name_addr(a, b), "contact");
    std::vector<name_addr_view> each;
    result re = each_contact(m, [&](const name_addr_view& c) { each.push_back(c); });
    std::size_t i = 0;
    result rl{};
    for (std::string_view e : all) {
      name_addr_view c;
      if (rl = parse_contact(e, c); !rl) break;
      differ(i >= each.size() || !same_name_addr(each[i], c), "each_contact");
      ++i;
    }
    differ(!same_result(re, rl).empty() || i != each.size(), "each_contact count or result");
  }
  return d;
}

std::string check(std::string_view msg, const parse_options& o = {}) {
  both b(msg, o);
  if (std::string d = same_result(b.r_on, b.r_off); !d.empty()) return "result: " + d;
  if (std::string d = view_difference(b.on, b.off); !d.empty()) return "view: " + d;
  if (b.off.scanned().present != 0) return "scanned with the value machines off";
  if (b.r_on) return scanned_difference(b.on);
  return {};
}

TEST(Scanned, CorpusMessagesAreTypedInTheScan) {
  const std::vector<std::string> msgs = corpus_messages();
  ASSERT_GT(msgs.size(), 50u);
  std::size_t typed = 0, contacts = 0, uris = 0;
  for (const std::string& m : msgs) {
    for (const parse_options& o : {parse_options{}, parse_options::strict()}) {
      std::string d = check(m, o);
      EXPECT_TRUE(d.empty()) << d << "\n" << m.substr(0, 200);
    }
    message_view v;
    if (parse(m, v) && v.scanned().has(scanned_fields::cseq)) ++typed;
    if (v.scanned().has(scanned_fields::contact)) ++contacts;
    if (v.scanned().has(scanned_fields::request_uri)) ++uris;
  }
  // most of the corpus is in the plain forms the scan types
  EXPECT_GT(typed, msgs.size() / 2);
  EXPECT_GT(contacts, msgs.size() / 10);
  EXPECT_GT(uris, msgs.size() / 3);
}

TEST(Scanned, PlainFieldsAreMarked) {
  const std::string m =
      "INVITE sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP pc33.example.com:5066;branch=z9hG4bK776asdhds;rport\r\n"
      "Max-Forwards: 70\r\n"
      "To: Bob <sip:bob@example.com>\r\n"
      "From: \"Alice A.\" <sip:alice@example.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710@pc33.example.com\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Expires: 3600\r\n"
      "m: \"A\" <sip:alice@pc33.example.com;transport=tcp>;q=0.7;expires=60;+sip.instance=\"<urn:x, y>\"\r\n"
      "Content-Length: 0\r\n\r\n";
  message_view v;
  ASSERT_TRUE(parse(m, v));
  const scanned_fields& s = v.scanned();
  EXPECT_TRUE(s.has(scanned_fields::via) && s.has(scanned_fields::from) && s.has(scanned_fields::to) &&
              s.has(scanned_fields::cseq) && s.has(scanned_fields::call_id) && s.has(scanned_fields::max_forwards) &&
              s.has(scanned_fields::expires) && s.has(scanned_fields::content_length) &&
              s.has(scanned_fields::contact) && s.has(scanned_fields::request_uri));
  uri_view ruri;
  ASSERT_TRUE(parse_request_uri(v, ruri));
  EXPECT_EQ(ruri.user, "bob");
  EXPECT_EQ(ruri.host, "example.com");
  EXPECT_EQ(ruri.host_type, host_kind::hostname);
  EXPECT_FALSE(s.has_more_rows(scanned_fields::contact));
  name_addr_view contact;
  ASSERT_TRUE(parse_contact(v, contact));
  EXPECT_EQ(contact.display_name, "A");
  EXPECT_EQ(contact.uri, "sip:alice@pc33.example.com;transport=tcp");
  EXPECT_EQ(contact.q(), "0.7");
  EXPECT_EQ(contact.expires(), "60");
  EXPECT_EQ(contact.params.get("+sip.instance"), "\"<urn:x, y>\"");
  via_view via;
  ASSERT_TRUE(parse_via(v, via));
  EXPECT_EQ(via.host, "pc33.example.com");
  EXPECT_EQ(via.port, 5066);
  EXPECT_EQ(via.branch(), "z9hG4bK776asdhds");
  EXPECT_TRUE(via.has_rport());
  name_addr_view from;
  ASSERT_TRUE(parse_from(v, from));
  EXPECT_EQ(from.display_name, "Alice A.");
  EXPECT_EQ(from.tag(), "1928301774");
  cseq_view cseq;
  ASSERT_TRUE(parse_cseq(v, cseq));
  EXPECT_EQ(cseq.number, 314159u);
  EXPECT_EQ(cseq.method, "INVITE");
  std::uint32_t n = 0;
  ASSERT_TRUE(parse_max_forwards(v, n));
  EXPECT_EQ(n, 70u);
  EXPECT_EQ(check(m), "");
}

// A value outside the plain form is read by the message machine and parsed on
// demand: out of range, folded, a second element, a comment.
TEST(Scanned, OtherFormsAreLeftToTheLazyParsers) {
  const std::string head = "OPTIONS sip:a@b SIP/2.0\r\n";
  const struct {
    const char* field;
    scanned_fields::field f;
  } cases[] = {
      {"Max-Forwards: 256\r\n", scanned_fields::max_forwards},
      {"CSeq: 2147483648 OPTIONS\r\n", scanned_fields::cseq},
      {"CSeq: 1\r\n OPTIONS\r\n", scanned_fields::cseq},
      {"Via: SIP/2.0/UDP a, SIP/2.0/UDP b\r\n", scanned_fields::via},
      {"Via: SIP/2.0/UDP a:70000\r\n", scanned_fields::via},
      {"From: <sip:a@b> ;tag=1\r\n", scanned_fields::from},
      {"To: \"a\\\"b\" <sip:a@b>\r\n", scanned_fields::to},
      {"Call-ID: abc, def\r\n", scanned_fields::call_id},
      {"Expires: 1,2\r\n", scanned_fields::expires},
      {"Contact: *\r\n", scanned_fields::contact},
      {"Contact: <sip:a@b>, <sip:c@d>\r\n", scanned_fields::contact},
      {"Contact: <sip:a@b>;q=2\r\n", scanned_fields::contact},
      {"Contact: <sip:a@b>;expires=soon\r\n", scanned_fields::contact},
      {"Contact: <sip:a@b>;q=\"1\"\r\n", scanned_fields::contact},
  };
  for (const auto& c : cases) {
    const std::string m = head + c.field + "\r\n";
    message_view v;
    (void)parse(m, v);
    EXPECT_FALSE(v.scanned().has(c.f)) << c.field;
    EXPECT_EQ(check(m), "") << c.field;
  }
}

// A Request-URI outside the plain form (another scheme, an IPv6 host, a byte
// the URI rules refuse) is delimited by the start line and parsed on demand; a
// port above 65535 is in the plain form and fails as parse_uri fails.
TEST(Scanned, RequestUriOtherForms) {
  const struct {
    const char* uri;
    bool typed;
  } cases[] = {
      {"sip:alice:secret@[2001:db8::1]:5060;transport=tcp?subject=x", false},
      {"tel:+1-201-555-0123", false},
      {"urn:service:sos", false},
      {"sip:a@b^c", false},
      {"sip:a@b.example.com:70000", true},
      {"SIPS:alice:pw@192.0.2.1:5061;maddr=192.0.2.2;lr?h=v&i=", true},
      {"sip:%61lice@example.com;user=phone", true},
  };
  for (const auto& c : cases) {
    const std::string m = std::string("OPTIONS ") + c.uri + " SIP/2.0\r\nContent-Length: 0\r\n\r\n";
    message_view v;
    ASSERT_TRUE(parse(m, v)) << c.uri;
    EXPECT_EQ(v.scanned().has(scanned_fields::request_uri), c.typed) << c.uri;
    EXPECT_EQ(check(m), "") << c.uri;
  }
}

// A second Contact row: the first row's contact-param is typed, and each_contact
// still yields every one, in order.
TEST(Scanned, EachContactReadsEveryRow) {
  const std::string m =
      "REGISTER sip:example.com SIP/2.0\r\n"
      "Contact: <sip:a@one.example.com>;expires=60\r\n"
      "Contact: <sip:b@two.example.com>, sip:c@three.example.com\r\n"
      "Content-Length: 0\r\n\r\n";
  message_view v;
  ASSERT_TRUE(parse(m, v));
  EXPECT_TRUE(v.scanned().has(scanned_fields::contact));
  EXPECT_TRUE(v.scanned().has_more_rows(scanned_fields::contact));
  std::vector<std::string> uris;
  ASSERT_TRUE(each_contact(v, [&](const name_addr_view& c) { uris.emplace_back(c.uri); }));
  EXPECT_EQ(uris, (std::vector<std::string>{"sip:a@one.example.com", "sip:b@two.example.com", "sip:c@three.example.com"}));
  EXPECT_EQ(check(m), "");
}

// Every byte of every typed value (and of the Request-URI) replaced by bytes that
// matter to the scan, or removed: the scan reports what it reports without its
// value machines.
TEST(Scanned, MutatedValuesFrameAsWithoutTheValueMachines) {
  const std::vector<std::string> msgs = corpus_messages();
  const char replacements[] = {' ', '\t', ',', '"', '<', '>', '\r', '\n', '\x01', ';', ':', '=', '@', '9', '\x80'};
  std::size_t runs = 0;
  // the bytes [b - 1, e + 1] of message m, one at a time
  auto mutate = [&](const std::string& m, std::size_t b, std::size_t e) {
    for (std::size_t i = b - 1; i <= e + 1 && i < m.size(); ++i) {
      for (char c : replacements) {
        std::string x = m;
        x[i] = c;
        for (const parse_options& o : {parse_options{}, parse_options::strict()}) {
          std::string d = check(x, o);
          ++runs;
          ASSERT_TRUE(d.empty()) << d << " at " << i << " with " << int(c) << "\n" << x.substr(0, 300);
        }
      }
      std::string x = m;
      x.erase(i, 1);
      std::string d = check(x);
      ASSERT_TRUE(d.empty()) << d << " without byte " << i << "\n" << x.substr(0, 300);
    }
  };
  for (std::size_t k = 0; k < msgs.size(); k += 3) {
    const std::string& m = msgs[k];
    message_view v;
    if (!parse(m, v)) continue;
    if (const std::string_view ruri = v.request_uri(); !ruri.empty()) {
      const std::size_t b = static_cast<std::size_t>(ruri.data() - v.raw().data());
      mutate(m, b, b + ruri.size() - 1);
    }
    for (const header_record& r : v.records()) {
      switch (r.id) {
        case header_id::via: case header_id::from: case header_id::to: case header_id::cseq:
        case header_id::call_id: case header_id::max_forwards: case header_id::expires:
        case header_id::content_length: case header_id::contact: break;
        default: continue;
      }
      mutate(m, r.value_offset, r.value_offset + r.value_length);
    }
    if (::testing::Test::HasFatalFailure()) return;
  }
  EXPECT_GT(runs, 10000u);
}

}  // namespace
}  // namespace sipspan
