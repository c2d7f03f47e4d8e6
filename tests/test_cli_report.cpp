// sipspan — the HTML report of a capture, as an analyst reads it: the summary
// as tables, charts with axes, counts and a text alternative, the timeline of
// every alert across the whole capture, the alerts grouped with a glossary of
// their reasons, and colours that meet WCAG 2.1 contrast on the white page.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <regex>
#include <set>
#include <string>

#include "cli_run.hpp"
#include "testkit/pcap_writer.hpp"
#include "test_util.hpp"

namespace {

namespace fs = std::filesystem;
namespace pw = sipspan::pcap_writer;
using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

std::string temp(const std::string& name) {
  return (fs::temp_directory_path() / ("sipspan_report_" + std::to_string(::getpid()) + "_" + name)).string();
}

std::string report_of(const std::string& args, const std::string* in = nullptr) {
  const std::string html = temp("r.html");
  run_result r = sipspan::testing::run_cli(args + " --report " + shell_quote(html), in, "",
                                           sipspan::testing::corpus_dir());
  EXPECT_NE(r.status, 2) << r.err;
  std::string page = sipspan::testing::read_file(html);
  std::remove(html.c_str());
  return page;
}

std::size_t count_of(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

// WCAG 2.1 relative luminance and contrast ratio.
double luminance(const std::string& hex) {
  auto channel = [&](int i) {
    const double c = std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0;
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}
double contrast(const std::string& a, const std::string& b) {
  double x = luminance(a), y = luminance(b);
  if (x < y) std::swap(x, y);
  return (x + 0.05) / (y + 0.05);
}

// A capture of `n` messages over an hour that does not parse as SIP (each one scores the maximum), all
// from 192.0.2.66 with the same broken start line, then one good OPTIONS at the very end.
pw::file many_alerts(int n) {
  pw::file f(false, pw::lt_ethernet);
  std::int64_t t = 1'767'225'600'000'000'000;
  const std::string bad = "INVITE sip:x@example.com SIP/2.0 trailing\r\nCall-ID: a\r\n\r\n";
  for (int i = 0; i < n; ++i)
    f.add(pw::ethernet(pw::ipv4(pw::v4(192, 0, 2, 66), pw::v4(192, 0, 2, 20), 17, pw::udp(5060, 5060, bad))),
          t + static_cast<std::int64_t>(i) * 3'600'000'000'000 / n);
  return f;
}

}  // namespace

TEST(cli_report, summary_is_tables_not_preformatted_text) {
  const std::string page = report_of("score captures/sample.pcap");
  EXPECT_EQ(page.find("<pre>" + std::string("captures/sample.pcap: ")), std::string::npos) << "the summary pasted as text";
  EXPECT_NE(page.find("<caption>Messages</caption>"), std::string::npos);
  EXPECT_NE(page.find("<th scope=\"row\">SIP messages</th><td class=\"n\">18</td>"), std::string::npos);
  EXPECT_NE(page.find("<table class=\"sortable\" id=\"methods\">"), std::string::npos);
  EXPECT_NE(page.find("<table class=\"sortable\" id=\"statuses\">"), std::string::npos);
  EXPECT_NE(page.find("Payloads skipped as not SIP, and why"), std::string::npos);
  EXPECT_GE(count_of(page, "<table"), 8u);
}

TEST(cli_report, charts_have_axes_counts_and_a_text_alternative) {
  const std::string page = report_of("score captures/sample.pcap");
  // the histogram, the timeline and the flagged call's ladder, each an image with a description
  EXPECT_EQ(count_of(page, "<svg"), 3u);
  EXPECT_EQ(count_of(page, "role=\"img\""), 3u);
  EXPECT_EQ(count_of(page, "<desc>"), 3u);
  EXPECT_NE(page.find(">messages (log scale)</text>"), std::string::npos);
  EXPECT_TRUE(std::regex_search(page, std::regex(">alert threshold [0-9]+\\.[0-9]{2}</text>")));
  EXPECT_NE(page.find(">capture time (UTC)</text>"), std::string::npos);
  EXPECT_EQ(count_of(page, "<details><summary>The "), 2u);  // the bins and the slices as tables
  // every bar says its count over it: the bins' counts add up to the messages
  std::smatch m;
  std::string rest = page.substr(page.find("The bins as a table"));
  std::uint64_t sum = 0;
  for (std::regex cell("<td>[0-9.]+</td><td>[0-9.]+</td><td>([0-9]+)</td>");
       std::regex_search(rest, m, cell); rest = m.suffix())
    sum += std::stoull(m[1]);
  EXPECT_EQ(sum, 18u);
}

TEST(cli_report, timeline_draws_every_alert_across_the_whole_capture) {
  // 2 500 alerts over an hour: the last ones, 50 minutes in and later, are on the timeline
  const pw::file f = many_alerts(2500);
  const std::string bytes(f.data().begin(), f.data().end());
  const std::string page = report_of("score --threads 0 -", &bytes);
  EXPECT_NE(page.find("Every one of the 2500 alerts, over the whole capture."), std::string::npos);
  EXPECT_NE(page.find("2500 alerts in 60 slices from 2026-01-01T00:00:00.000000Z"), std::string::npos);
  // the last of the 60 slices (the last message is at 00:59:58.56, a slice lasts 59.976 s) holds its share
  EXPECT_TRUE(std::regex_search(page, std::regex("<tr><td>2026-01-01T00:58:58\\.\\d{6}Z</td><td>4[0-9]</td></tr>")));
  // grouped: one group of 2 500 (the same reason from the same source), not 2 500 rows
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page, m, std::regex("<table class=\"sortable\" id=\"groups\">.*?</table>")));
  EXPECT_EQ(count_of(m.str(), "<tr><td>"), 1u) << m.str();
  EXPECT_NE(m.str().find("unparseable from 192.0.2.66</td><td class=\"n\">2500</td>"), std::string::npos) << m.str();
  EXPECT_NE(page.find("<table class=\"sortable\" id=\"sources\">"), std::string::npos);
  EXPECT_NE(page.find("<table class=\"sortable\" id=\"agents\">"), std::string::npos);
  // the glossary says what the reason means
  EXPECT_NE(page.find("<dt><code>unparseable</code></dt><dd>"), std::string::npos);
}

TEST(cli_report, reasons_are_explained_in_a_glossary) {
  const std::string page = report_of("score captures/sample.pcap");
  // the sample's mimicry INVITE alerts on rule SS020 and on scorer features
  EXPECT_NE(page.find("<dt><code>SS020</code></dt><dd>"), std::string::npos);
  EXPECT_NE(page.find("(the validator's rule SS020 comma-in-single-value-header, RFC 3261"), std::string::npos);
  EXPECT_NE(page.find("(a feature of the anomaly scorer"), std::string::npos);
  // lint: findings instead of scores, with the same tables
  const std::string lint = report_of("lint captures/sample.pcap");
  EXPECT_NE(lint.find("Messages with errors, grouped"), std::string::npos);
  EXPECT_NE(lint.find("<dt><code>SS014</code></dt>"), std::string::npos);
  EXPECT_NE(lint.find("<table class=\"sortable\" id=\"rules\">"), std::string::npos);
}

TEST(cli_report, colours_meet_wcag_contrast_on_the_page) {
  const std::string page = report_of("score captures/sample.pcap");
  std::set<std::string> graphics, texts;
  std::smatch m;
  std::string rest = page;
  for (std::regex attr("(fill|stroke)=\"(#[0-9a-fA-F]{6})\""); std::regex_search(rest, m, attr); rest = m.suffix())
    graphics.insert(m[2]);
  rest = page;
  for (std::regex text("<text [^>]*fill=\"(#[0-9a-fA-F]{6})\""); std::regex_search(rest, m, text); rest = m.suffix())
    texts.insert(m[1]);
  graphics.erase("#ffffff");  // the background itself
  ASSERT_FALSE(graphics.empty());
  ASSERT_FALSE(texts.empty());
  for (const std::string& c : graphics) EXPECT_GE(contrast(c, "#ffffff"), 3.0) << c;  // WCAG 1.4.11
  for (const std::string& c : texts) EXPECT_GE(contrast(c, "#ffffff"), 4.5) << c;     // WCAG 1.4.3
  EXPECT_NE(page.find("color:#1a1a1a;background:#fff"), std::string::npos);
}

namespace {

// A call: an INVITE whose misspelt Contact alerts, then 100, 180, 200, ACK, BYE, 200.
pw::file one_call() {
  pw::file f(false, pw::lt_ethernet);
  const pw::addr4 a = pw::v4(192, 0, 2, 10), b = pw::v4(192, 0, 2, 20);
  std::int64_t t = 1'767'225'600'000'000'000;
  auto msg = [](const std::string& start, const std::string& cseq, const std::string& extra) {
    return start + "\r\nVia: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-ladder-" + cseq.substr(0, 1) +
           "\r\nMax-Forwards: 70\r\nFrom: <sip:alice@example.com>;tag=a1\r\nTo: <sip:bob@example.com>" +
           (start.rfind("SIP/2.0", 0) == 0 ? ";tag=b1" : "") + "\r\nCall-ID: ladder@example.com\r\nCSeq: " + cseq +
           "\r\n" + extra + "Content-Length: 0\r\n\r\n";
  };
  const std::vector<std::pair<bool, std::string>> flow = {
      {false, msg("INVITE sip:bob@example.com SIP/2.0", "1 INVITE", "Contcat: <sip:alice@192.0.2.10>\r\n")},
      {true, msg("SIP/2.0 100 Trying", "1 INVITE", "")},
      {true, msg("SIP/2.0 180 Ringing", "1 INVITE", "Contact: <sip:bob@192.0.2.20>\r\n")},
      {true, msg("SIP/2.0 200 OK", "1 INVITE", "Contact: <sip:bob@192.0.2.20>\r\n")},
      {false, msg("ACK sip:bob@192.0.2.20 SIP/2.0", "1 ACK", "")},
      {false, msg("BYE sip:bob@192.0.2.20 SIP/2.0", "2 BYE", "")},
      {true, msg("SIP/2.0 200 OK", "2 BYE", "")}};
  for (const auto& [back, m] : flow)
    f.add(pw::ethernet(pw::ipv4(back ? b : a, back ? a : b, 17, pw::udp(5060, 5060, m))), t += 10'000'000);
  return f;
}

}  // namespace

TEST(cli_report, a_call_ladder_for_the_flagged_call) {
  const pw::file f = one_call();
  const std::string bytes(f.data().begin(), f.data().end());
  const std::string page = report_of("score --threads 0 -", &bytes);
  ASSERT_NE(page.find("<h2 id=\"ladders\">Call ladders</h2>"), std::string::npos);
  const std::size_t at = page.find("<h3>The call of #0</h3>");
  ASSERT_NE(at, std::string::npos);
  const std::string svg = page.substr(at, page.find("</svg>", at) - at);
  EXPECT_NE(svg.find(">192.0.2.10:5060</text>"), std::string::npos);  // the endpoints as columns
  EXPECT_NE(svg.find(">192.0.2.20:5060</text>"), std::string::npos);
  EXPECT_EQ(count_of(svg, "marker-end="), 7u);  // every message of the call, in order
  const std::size_t invite = svg.find("#0 INVITE"), bye = svg.find("#5 BYE"), ok = svg.find("#6 SIP/2.0 200 OK");
  EXPECT_TRUE(invite < bye && bye < ok) << svg;
  EXPECT_NE(svg.find("<a href=\"#m0\">"), std::string::npos);  // the flagged one links to its bytes
  EXPECT_NE(page.find("<h3 id=\"m0\">"), std::string::npos);
  EXPECT_NE(svg.find("font-weight=\"bold\">#0 INVITE"), std::string::npos);
}
