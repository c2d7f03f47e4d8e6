// sipspan — the README's example, compiled and run as it is written there.

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <string_view>

#include <sipspan/sipspan.hpp>

namespace {

// The README's snippet, verbatim inside a function.
int readme_example(std::string_view bytes) {
  sipspan::message_view msg;                                   // fixed-capacity tables, no heap
  if (sipspan::result r = sipspan::parse(bytes, msg); !r)     // errors are values, with a byte offset
    return printf("%s at byte %u\n", r.message().data(), r.offset);
  for (std::string_view hop : msg.values(sipspan::header_id::via)) {   // comma lists, across rows
    sipspan::via_view via;                                     // typed views parse on demand
    if (sipspan::parse_via(hop, via)) printf("via %.*s\n", int(via.host.size()), via.host.data());
  }
  for (const sipspan::deviation& d : msg.deviations())        // "Conta ct:", "From: a,<..>", ...
    printf("%s at byte %u\n", sipspan::deviation_name(d.kind).data(), d.offset);
  return 0;
}

// The validator section's snippet, verbatim inside a function.
void readme_lint_example(std::string_view bytes) {
  sipspan::message_view msg;
  sipspan::finding out[64];
  sipspan::lint_summary s = sipspan::lint(bytes, msg, out);      // parse (tolerant) + every rule
  for (std::size_t i = 0; i < s.stored; ++i) {
    const sipspan::rule_info& r = sipspan::rule(out[i].rule);    // "SS014" header-name-whitespace
    sipspan::line_column at = sipspan::locate(bytes, out[i].offset);
    printf("%u:%u %s %s [%s]\n", at.line, at.column, sipspan::severity_name(out[i].level).data(),
           r.summary.data(), r.code.data());
  }
}

}  // namespace

TEST(readme, lint_example_prints_each_finding) {
  std::string msg = "OPTIONS sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\n"
                    "Max-Forwards: 70\r\nTo: <sip:bob@biloxi.com>\r\nFrom: <sip:a@b.com>;tag=1\r\n"
                    "Call-ID: 1@a\r\nCSeq: 1 OPTIONS\r\nConta ct: <sip:x>\r\nContent-Length: 0\r\n\r\n";
  ::testing::internal::CaptureStdout();
  readme_lint_example(msg);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(),
            "8:6 error whitespace inside a header name [SS014]\n");
}

TEST(readme, example_runs_and_prints_what_it_says) {
  std::string msg = "INVITE sip:bob@biloxi.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1, "
                    "SIP/2.0/TCP b.example.com;branch=z9hG4bK2\r\nConta ct: <sip:x>\r\n\r\n";
  ::testing::internal::CaptureStdout();
  EXPECT_EQ(readme_example(msg), 0);
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_EQ(out, "via a.example.com\nvia b.example.com\nheader_name_whitespace at byte 131\n");
  ::testing::internal::CaptureStdout();
  EXPECT_GT(readme_example("INVITE sip:x SIP/2.0\r\nl: -1\r\n\r\n"), 0);
  EXPECT_EQ(::testing::internal::GetCapturedStdout(), "Content-Length is not 1*DIGIT at byte 25\n");
}
