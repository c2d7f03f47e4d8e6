// sipspan — the facts the scan records as the bytes go by (scan_facts, scanned.hpp).
//
// Each fact must equal what the lazy parse of the same bytes gives, on every corpus
// message and on mutations of its start line and typed values; and a few messages
// show each fact set and unset.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sipspan/scanned.hpp"
#include "test_util.hpp"

namespace sipspan {
namespace {

using testing::corpus_messages;

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if ((a[i] | 0x20) != (b[i] | 0x20)) return false;
  return true;
}

// A parameter name repeated among the first 16 (as the validator counts them).
bool repeats(const param_range& ps) {
  std::vector<std::string_view> seen;
  for (const param& p : ps) {
    if (seen.size() == 16) break;
    for (std::string_view s : seen)
      if (iequal(s, p.name)) return true;
    seen.push_back(p.name);
  }
  return false;
}

// What the facts should be, from the lazy parsers; "" when they are.
std::string facts_difference(const message_view& m) {
  const scan_facts& f = facts(m);
  const scanned_fields& s = m.scanned();
  std::string d;
  auto differ = [&](bool x, const char* what) {
    if (x && d.empty()) d = what;
  };
  const std::string_view v = m.version();
  differ(f.has(scan_facts::version_2_0) != iequal(v, "SIP/2.0"), "version_2_0");
  differ(f.has(scan_facts::version_upper) != v.starts_with("SIP"), "version_upper");

  if (s.has(scanned_fields::via)) {
    via_view x;
    value_range vias = m.values(header_id::via);
    EXPECT_TRUE(parse_via(*vias.begin(), x));
    differ(f.has(scan_facts::via_sip_2_0) != (iequal(x.protocol_name, "SIP") && x.protocol_version == "2.0"),
           "via_sip_2_0");
    differ(f.has(scan_facts::via_branch_cookie) != x.has_magic_cookie(), "via_branch_cookie");
    differ(f.has(scan_facts::via_branch_cookie_only) != (x.branch() == "z9hG4bK"), "via_branch_cookie_only");
    differ(f.has(scan_facts::via_duplicate_param) != repeats(x.params), "via_duplicate_param");
  }
  for (header_id id : {header_id::from, header_id::to}) {
    const bool from = id == header_id::from;
    if (!s.has(from ? scanned_fields::from : scanned_fields::to)) continue;
    name_addr_view x;
    EXPECT_TRUE(parse_name_addr(m.value(id), x));
    const scanned_fields::name_addr& na = from ? s.from_value : s.to_value;
    differ(m.raw().substr(na.tag.offset, na.tag.length) != x.tag(), from ? "from tag" : "to tag");
    differ(f.has(from ? scan_facts::from_duplicate_param : scan_facts::to_duplicate_param) != repeats(x.params),
           from ? "from_duplicate_param" : "to_duplicate_param");
  }
  // a number out of range leaves the field untyped, and its parser says why
  for (scanned_fields::field fld : {scanned_fields::cseq, scanned_fields::max_forwards, scanned_fields::expires,
                                    scanned_fields::content_length, scanned_fields::via}) {
    if (!(f.out_of_range & fld)) continue;
    differ(s.has(fld), "typed while out of range");
    const std::string_view value = m.value(scanned_fields::header_of(fld));
    std::uint32_t n = 0;
    cseq_view c;
    via_view x;
    bool parsed = true;
    switch (fld) {
      case scanned_fields::cseq: parsed = parse_cseq(value, c).ok(); break;
      case scanned_fields::max_forwards: parsed = parse_max_forwards(value, n).ok(); break;
      case scanned_fields::expires: parsed = parse_expires(value, n).ok(); break;
      case scanned_fields::via: parsed = parse_via(value, x).ok(); break;
      default: parsed = false; break;  // Content-Length: the parse itself fails
    }
    differ(parsed, "out of range, yet its parser accepts it");
  }
  return d;
}

TEST(ScanFacts, EqualTheLazyParsesOnEveryCorpusMessage) {
  const std::vector<std::string> msgs = corpus_messages();
  ASSERT_GT(msgs.size(), 50u);
  std::size_t cookies = 0;
  for (const std::string& m : msgs) {
    message_view v;
    if (!parse(m, v)) continue;
    const std::string d = facts_difference(v);
    EXPECT_TRUE(d.empty()) << d << "\n" << m.substr(0, 300);
    cookies += facts(v).has(scan_facts::via_branch_cookie);
  }
  EXPECT_GT(cookies, msgs.size() / 3);
}

// Bytes of the start line and of the typed values replaced: the facts follow.
TEST(ScanFacts, FollowMutatedBytes) {
  const std::vector<std::string> msgs = corpus_messages();
  const char replacements[] = {'s', '2', '1', ';', '=', 'z', 'b', 'Z', ' ', ','};
  std::size_t runs = 0;
  for (std::size_t k = 0; k < msgs.size(); k += 5) {
    message_view v;
    if (!parse(msgs[k], v)) continue;
    for (const header_record& r : v.records()) {
      if (r.id != header_id::via && r.id != header_id::from && r.id != header_id::to) continue;
      for (std::uint32_t i = r.value_offset; i < r.value_offset + r.value_length && i < 120 + r.value_offset; ++i)
        for (char c : replacements) {
          std::string x = msgs[k];
          x[i] = c;
          message_view w;
          if (!parse(x, w)) continue;
          ++runs;
          const std::string d = facts_difference(w);
          ASSERT_TRUE(d.empty()) << d << " at " << i << " with " << c << "\n" << x.substr(0, 300);
        }
    }
  }
  EXPECT_GT(runs, 1000u);
}

TEST(ScanFacts, EachFactSetAndUnset) {
  const std::string tail =
      "To: <sip:b@example.com>;tag=9;x=1;TAG=8\r\n"
      "From: <sip:a@example.com>;tag=1;x=2\r\n"
      "Call-ID: c@h\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
  message_view v;
  ASSERT_TRUE(parse("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx;rport;RPORT\r\n" + tail, v));
  const scan_facts& f = facts(v);
  EXPECT_TRUE(f.has(scan_facts::version_2_0) && f.has(scan_facts::version_upper));
  EXPECT_TRUE(f.has(scan_facts::via_sip_2_0) && f.has(scan_facts::via_branch_cookie));
  EXPECT_FALSE(f.has(scan_facts::via_branch_cookie_only));
  EXPECT_TRUE(f.has(scan_facts::via_duplicate_param) && f.has(scan_facts::to_duplicate_param));
  EXPECT_FALSE(f.has(scan_facts::from_duplicate_param));
  EXPECT_EQ(v.raw().substr(v.scanned().from_value.tag.offset, v.scanned().from_value.tag.length), "1");
  EXPECT_EQ(v.raw().substr(v.scanned().to_value.tag.offset, v.scanned().to_value.tag.length), "9");
  EXPECT_EQ(f.out_of_range, 0);

  ASSERT_TRUE(parse("OPTIONS sip:a@b sip/3.0\r\nVia: sip/2.1/UDP h;branch=z9hG4bK\r\nMax-Forwards: 256\r\n" + tail, v));
  const scan_facts& g = facts(v);
  EXPECT_FALSE(g.has(scan_facts::version_2_0) || g.has(scan_facts::version_upper));
  EXPECT_FALSE(g.has(scan_facts::via_sip_2_0));
  EXPECT_TRUE(g.has(scan_facts::via_branch_cookie_only) && g.has(scan_facts::via_branch_cookie));
  EXPECT_EQ(g.out_of_range, scanned_fields::max_forwards);
  EXPECT_EQ(facts_difference(v), "");

  ASSERT_TRUE(parse("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP h:99999;branch=1\r\n" + tail, v));
  EXPECT_TRUE(facts(v).has(scan_facts::version_2_0));
  EXPECT_EQ(facts(v).out_of_range, scanned_fields::via);
  EXPECT_FALSE(v.scanned().has(scanned_fields::via));
}

}  // namespace
}  // namespace sipspan
