// sipspan — end-to-end tests of `sipspan train` and `sipspan score`: exit status,
// text and JSON Lines output (read back with simdjson), the built-in profile,
// --profile and --fpr, directories and standard input, errors.

#include <gtest/gtest.h>
#include <simdjson.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "cli_run.hpp"
#include "test_util.hpp"

namespace {

using sipspan::testing::run_result;
using sipspan::testing::shell_quote;

// `sipspan ARGS`, optionally with standard input.
run_result run(const std::string& args, const std::string* in = nullptr) { return sipspan::testing::run_cli(args, in); }

// A corpus file or directory, quoted for the shell.
std::string corpus_path(const std::string& rel) { return (sipspan::testing::corpus_dir() / rel).string(); }

std::string temp_path(const std::string& name) {
  return ::testing::TempDir() + "sipspan_score_" + std::to_string(::getpid()) + "_" + name;
}

// Every line of JSON Lines output, parsed (one parser a line: a DOM lives in its parser).
std::vector<simdjson::dom::element> jsonl(const std::string& out,
                                          std::vector<std::unique_ptr<simdjson::dom::parser>>& parsers) {
  std::vector<simdjson::dom::element> docs;
  std::istringstream in(out);
  std::string line;
  while (std::getline(in, line)) {
    parsers.push_back(std::make_unique<simdjson::dom::parser>());
    simdjson::dom::element e;
    EXPECT_EQ(parsers.back()->parse(line).get(e), simdjson::SUCCESS) << line;
    docs.push_back(e);
  }
  return docs;
}

}  // namespace

TEST(cli_score, mimicry_alerts_with_reasons_in_text) {
  run_result r = run("score " + shell_quote(corpus_path("seed/seed-mimicry.sip")));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.out.find("seed-mimicry.sip: score "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" ALERT\n"), std::string::npos) << r.out;
  // a reason line: feature, header, line:col, offset, explanation
  EXPECT_NE(r.out.find("  SS014 header-name-whitespace Via 11:3 offset 387: rule SS014 header-name-whitespace, seen in 0 of "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("SS020 comma-in-single-value-header Call-ID 15:48 offset 632"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("1 message, 1 alert, 0 unparseable; threshold "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("(the built-in profile)"), std::string::npos) << r.out;
}

TEST(cli_score, valid_messages_do_not_alert) {
  run_result r = run("score " + shell_quote(corpus_path("rfc3261")) + " " + shell_quote(corpus_path("bench")) + " " +
                     shell_quote(corpus_path("torture/valid")));
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_EQ(r.out.find("ALERT"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" 0 alerts, 0 unparseable"), std::string::npos) << r.out;
  // README.md under corpus/rfc3261 is not a message
  EXPECT_EQ(r.out.find("README.md"), std::string::npos);
}

TEST(cli_score, jsonl_reads_back) {
  run_result r = run("score --format jsonl " + shell_quote(corpus_path("seed")));
  EXPECT_EQ(r.status, 1) << r.err;
  std::vector<std::unique_ptr<simdjson::dom::parser>> parsers;
  std::vector<simdjson::dom::element> docs = jsonl(r.out, parsers);
  ASSERT_EQ(docs.size(), 2u) << r.out;
  // sorted by path: seed-invite, then seed-mimicry
  EXPECT_NE(std::string_view(docs[0]["file"].get_string().value()).find("seed-invite.sip"), std::string_view::npos);
  EXPECT_FALSE(docs[0]["alert"].get_bool().value());
  simdjson::dom::element m = docs[1];
  EXPECT_TRUE(m["alert"].get_bool().value());
  EXPECT_EQ(m["message_index"].get_uint64().value(), 0u);
  EXPECT_GT(m["score"].get_double().value(), m["threshold"].get_double().value());
  simdjson::dom::array reasons = m["reasons"].get_array().value();
  ASSERT_GT(reasons.size(), 4u);
  double last = 1e9;
  for (simdjson::dom::element x : reasons) {
    double c = x["contribution"].get_double().value();
    EXPECT_LE(c, last);
    last = c;
    EXPECT_GE(x["line"].get_uint64().value(), 1u);
    EXPECT_GE(x["column"].get_uint64().value(), 1u);
    EXPECT_GE(x["length"].get_uint64().value(), 1u);
    EXPECT_FALSE(std::string_view(x["feature"].get_string().value()).empty());
    EXPECT_FALSE(std::string_view(x["header"].get_string().value()).empty());
  }
  // the summary goes to stderr in JSON Lines mode
  EXPECT_NE(r.err.find("2 messages, 1 alert"), std::string::npos) << r.err;
}

TEST(cli_score, unparseable_input_scores_the_maximum) {
  std::string garbage = "this is not SIP\r\n\r\n";
  run_result r = run("score --format jsonl -", &garbage);
  EXPECT_EQ(r.status, 1) << r.err;
  simdjson::dom::parser p;
  simdjson::dom::element e;
  ASSERT_EQ(p.parse(r.out).get(e), simdjson::SUCCESS) << r.out;
  EXPECT_TRUE(e["alert"].get_bool().value());
  EXPECT_EQ(std::string_view(e["file"].get_string().value()), "<stdin>");  // as lint and dump name it
  simdjson::dom::array reasons = e["reasons"].get_array().value();
  ASSERT_EQ(reasons.size(), 1u);
  EXPECT_EQ(std::string_view(reasons.at(0)["feature"].get_string().value()), "unparseable");
}

TEST(cli_score, train_then_score_with_the_profile) {
  const std::string profile = temp_path("profile.json");
  run_result t = run("train " + shell_quote(corpus_path("bench")) + " " + shell_quote(corpus_path("rfc3261")) + " " +
                     shell_quote(corpus_path("benign")) + " -o " + shell_quote(profile));
  ASSERT_EQ(t.status, 0) << t.err;
  EXPECT_NE(t.err.find("messages trained"), std::string::npos) << t.err;
  std::string json = sipspan::testing::read_file(profile);
  EXPECT_NE(json.find("\"format\": \"sipspan-score-profile\""), std::string::npos);
  EXPECT_NE(json.find("\"quantiles\": [[0.5"), std::string::npos);

  run_result s = run("score --profile " + shell_quote(profile) + " " + shell_quote(corpus_path("seed/seed-mimicry.sip")) +
                     " " + shell_quote(corpus_path("bench/05-ack.sip")));
  EXPECT_EQ(s.status, 1) << s.err;
  EXPECT_NE(s.out.find("2 messages, 1 alert"), std::string::npos) << s.out;
  EXPECT_NE(s.out.find("(" + profile + ")"), std::string::npos) << s.out;
  // a looser target false-positive rate never raises the threshold
  run_result loose = run("score --fpr 0.5 --profile " + shell_quote(profile) + " " + shell_quote(corpus_path("bench/05-ack.sip")));
  EXPECT_LE(loose.status, 1);
  std::filesystem::remove(profile);
}

TEST(cli_score, train_update_equals_training_on_everything) {
  // training on A and then --update with B learns what training on A and B
  // learns (uncalibrated both: --holdout 0), and says what it learned
  const std::string a = shell_quote(corpus_path("bench")) + " " + shell_quote(corpus_path("rfc3261"));
  const std::string b = shell_quote(corpus_path("torture/valid")) + " " + shell_quote(corpus_path("benign"));
  run_result all = run("train " + a + " " + b + " --holdout 0 -o -");
  ASSERT_EQ(all.status, 0) << all.err;
  const std::string first = temp_path("first.json");
  run_result t = run("train " + a + " --holdout 0 -o " + shell_quote(first));
  ASSERT_EQ(t.status, 0) << t.err;
  run_result u = run("train " + b + " --holdout 0 --update " + shell_quote(first) + " -o -");
  ASSERT_EQ(u.status, 0) << u.err;
  EXPECT_TRUE(u.out == all.out) << "the updated profile differs from the one trained on everything";
  EXPECT_NE(u.err.find("on top of "), std::string::npos) << u.err;
  // the report: header names and the rules the training traffic shows
  EXPECT_NE(all.err.find("header names: "), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("validator rules in the training traffic: "), std::string::npos) << all.err;
  EXPECT_NE(all.err.find("SS013 line-folding"), std::string::npos) << all.err;  // RFC 4475-style folding
  // calibrated again on the new held-out messages
  run_result c = run("train " + b + " --holdout 0.2 --update " + shell_quote(first) + " -o -");
  ASSERT_EQ(c.status, 0) << c.err;
  EXPECT_NE(c.out.find("\"quantiles\": [[0.5"), std::string::npos);
  // a profile that is not one
  EXPECT_EQ(run("train " + b + " --update " + shell_quote(corpus_path("bench/05-ack.sip")) + " -o -").status, 2);
  std::filesystem::remove(first);
}

TEST(cli_score, errors_exit_2) {
  EXPECT_EQ(run("score").status, 2);
  EXPECT_EQ(run("score /no/such/file.sip").status, 2);
  EXPECT_EQ(run("score --fpr 2 " + shell_quote(corpus_path("bench/05-ack.sip"))).status, 2);
  EXPECT_EQ(run("score --format xml " + shell_quote(corpus_path("bench/05-ack.sip"))).status, 2);
  EXPECT_EQ(run("train " + shell_quote(corpus_path("bench"))).status, 2);  // no -o
  EXPECT_EQ(run("train -o /dev/null").status, 2);                           // no input

  // a malformed profile: the offset and what is wrong
  const std::string bad = temp_path("bad.json");
  std::ofstream(bad) << "{\"format\": \"sipspan-score-profile\", \"version\": 9}";
  run_result r = run("score --profile " + shell_quote(bad) + " " + shell_quote(corpus_path("bench/05-ack.sip")));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("offset "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("version 9 is not supported"), std::string::npos) << r.err;
  std::filesystem::remove(bad);
}

TEST(cli_score, text_names_the_body_for_sdp_evidence) {
  // an SDP line of unknown type (RFC 8866 §5), the Content-Length unchanged: the
  // reason points into the body, which has no header row and is no start line
  std::string msg = sipspan::testing::read_file(corpus_path("bench/01-invite-sdp.sip"));
  const std::size_t at = msg.find("\r\ns=Linphone call\r\n");
  ASSERT_NE(at, std::string::npos);
  msg[at + 2] = 'q';
  run_result r = run("score -", &msg);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("  SS514 sdp-unknown-type body "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find(" start-line "), std::string::npos) << r.out;
  run_result j = run("score --format jsonl -", &msg);
  EXPECT_NE(j.out.find("\"rule\":\"SS514\",\"rule_name\":\"sdp-unknown-type\""), std::string::npos) << j.out;
  EXPECT_NE(j.out.find("\"header\":\"body\""), std::string::npos) << j.out;
}
