// sipspan — anomaly scorer: the profile features (header name spellings,
// unseen names, rows, order, delimiters, lengths, byte classes and n-grams,
// value shapes): each fires on a crafted message and not on its near miss, at
// the bytes that carry the evidence.

#include <gtest/gtest.h>

#include "score_test_util.hpp"

using namespace sipspan::score_test;

// ------------------------------------------------------- profile features ---

TEST(score, profile_features_rank_without_a_plateau) {
  // benign-looking departures only (unknown headers, unusual values): each
  // one more ranks the message higher, and all of them never alert
  std::string text = base_text;
  float last = -1;
  for (int i = 0; i < 12; ++i) {
    text.insert(text.find("Content-Length:"), "X-Odd-" + std::to_string(i) + ": ~!*" + std::string(i + 3, '~') + "\r\n");
    scored s = score_text(text);
    ASSERT_TRUE(s.parsed);
    EXPECT_GT(s.r.score, last) << i << " " << describe(s);
    EXPECT_LT(s.r.score, trained().profile_cap()) << describe(s);
    last = s.r.score;
  }
}

// The profile features' total as the score counts it (engine.hpp, soft_total):
// itself up to half the cap, then bending towards the cap.
float soft_total_of(float raw, float cap) {
  const float knee = cap / 2;
  return raw <= knee ? raw : knee + (cap - knee) * -std::expm1(-(raw - knee) / (cap - knee));
}

// A profile of `n` copies of the base message with CSeq counting from 1:
// Content-Length always "0", CSeq numbers of one to four digits.
score_profile counting_profile(int n) {
  profile_trainer t;
  for (int i = 1; i <= n; ++i) {
    const std::string text = edit("CSeq: 4711", "CSeq: " + std::to_string(i));
    message_view m;
    if (parse(text, m)) t.add(m);
  }
  return t.finish();
}

TEST(score, value_shape_weighs_by_what_training_says) {
  const score_profile many = counting_profile(4000), few = counting_profile(40);
  const std::string zeros = edit("Content-Length: 0", "Content-Length: 00");
  // 4000 messages, one form of Content-Length: a new one weighs as a rule
  // never seen in that much traffic (before the profile features bend
  // together towards their cap: a profile feature never alerts alone)
  const std::size_t cl = static_cast<std::size_t>(header_id::content_length);
  ASSERT_EQ(many.slot(cl).shapes.count(), 1u);
  ASSERT_EQ(many.slot(cl).numbers, 4000u);
  const float most = many.weight(score_feature::value_shape);
  scored s = score_text(zeros, many);
  const score_reason* r = find_reason(s, score_feature::value_shape);
  ASSERT_NE(r, nullptr) << describe(s);
  EXPECT_EQ(r->header, header_id::content_length);
  EXPECT_NEAR(s.r.score, soft_total_of(score_profile::rule_weight_for(1, 4000, most), many.profile_cap()), 1e-3)
      << describe(s);
  EXPECT_LT(s.r.score, many.profile_cap()) << describe(s);
  // CSeq took four forms (one to four digits) in the same traffic: a fifth weighs less
  scored c = score_text(edit("CSeq: 4711", "CSeq: 47110"), many);
  const score_reason* rc = find_reason(c, score_feature::value_shape);
  ASSERT_NE(rc, nullptr) << describe(c);
  EXPECT_EQ(rc->header, header_id::cseq);
  EXPECT_NEAR(c.r.score, soft_total_of(score_profile::rule_weight_for(4, 4000, most), many.profile_cap()), 1e-3)
      << describe(c);
  EXPECT_LT(rc->contribution, r->contribution);
  // forty messages say too little for a new form to mean anything
  EXPECT_EQ(find_reason(score_text(zeros, few), score_feature::value_shape), nullptr);
  // and a form training showed is no evidence however much it saw
  EXPECT_EQ(find_reason(score_text(edit("CSeq: 4711", "CSeq: 815"), many), score_feature::value_shape), nullptr);
}

TEST(score, value_shape) {
  // legal numbers written in forms the header's training traffic never used:
  // a leading zero, an octal-looking dotted quad, a number of nine digits
  const score_profile p = counting_profile(4000);
  auto expect_shape = [&](const std::string& bad, std::string_view marker, header_id h) {
    scored s = score_text(bad, p);
    const score_reason* r = find_reason(s, score_feature::value_shape);
    ASSERT_NE(r, nullptr) << describe(s);
    EXPECT_EQ(r->offset, bad.find(marker)) << describe(s);
    EXPECT_EQ(r->length, marker.size()) << describe(s);
    EXPECT_EQ(r->header, h) << describe(s);
  };
  expect_shape(edit("Max-Forwards: 70", "Max-Forwards: 070"), "070", header_id::max_forwards);
  expect_shape(edit("ws12.denver.example.org:5060", "010.0.0.7:5060"), "010.0.0.7", header_id::via);
  expect_shape(edit("CSeq: 4711 INVITE", "CSeq: 000004711 INVITE"), "000004711", header_id::cseq);
  // the same numbers in the usual form are no evidence
  for (const char* usual : {"Max-Forwards: 69", "CSeq: 1 INVITE"}) {
    scored s = score_text(edit(std::string(usual).substr(0, 5) == "Max-F" ? "Max-Forwards: 70" : "CSeq: 4711 INVITE", usual), p);
    EXPECT_EQ(find_reason(s, score_feature::value_shape), nullptr) << describe(s);
  }
  // a profile written before shapes were learned compares none
  score_profile old = p;
  std::string json = write_profile_json(old);
  for (std::size_t at; (at = json.find(", \"shapes\": \"")) != std::string::npos;)
    json.erase(at, json.find('"', at + 13) + 1 - at);
  profile_error err;
  ASSERT_TRUE(load_profile_json(json, old, err)) << err.message;
  EXPECT_FALSE(old.shapes_learned());
  EXPECT_EQ(find_reason(score_text(edit("Max-Forwards: 70", "Max-Forwards: 070"), old), score_feature::value_shape),
            nullptr);
}

TEST(score, name_form) {
  // The benign corpus has RFC 4475-style random-case names, so a profile of
  // plainly written traffic shows what the feature sees.
  profile_trainer t;
  for (const std::string& s : corpus_messages({"bench", "rfc3261"})) {
    message_view m;
    if (parse(s, m)) t.add(m);
  }
  score_profile plain = t.finish();
  scored bad = score_text(edit("Call-ID:", "cALL-iD:"), plain);
  const score_reason* r = find_reason(bad, score_feature::name_form);
  ASSERT_NE(r, nullptr) << describe(bad);
  EXPECT_EQ(r->header, header_id::call_id);
  EXPECT_EQ(bad.text.compare(r->offset, r->length, "cALL-iD"), 0);
  EXPECT_EQ(find_reason(score_text(base_text, plain), score_feature::name_form), nullptr);
  // in that profile, a compact form is a style seen elsewhere: weak evidence only
  scored compact = score_text(edit("Call-ID:", "i:"), plain);
  EXPECT_EQ(find_reason(compact, score_feature::name_form), nullptr) << describe(compact);
  // Each-Word-Capitalised is the style of the canonical names training saw
  // (Via, Content-Type): "Call-Id" and "Cseq" are new spellings in it, weak
  // evidence, not a style never seen
  for (const char* words : {"Call-Id:", "Cseq:"}) {
    scored w = score_text(edit(std::string(words).substr(0, 2) == "Ca" ? "Call-ID:" : "CSeq:", words), plain);
    EXPECT_EQ(find_reason(w, score_feature::name_form), nullptr) << describe(w);
    EXPECT_NE(find_reason(w, score_feature::name_spelling), nullptr) << describe(w);
  }
}

TEST(score, name_spelling) {
  // lower case is a style benign traffic uses for some headers
  scored s = score_text(edit("Contact:", "contact:"));
  const score_reason* r = find_reason(s, score_feature::name_spelling);
  const score_reason* strong = find_reason(s, score_feature::name_form);
  EXPECT_TRUE(r != nullptr || strong == nullptr) << describe(s);
  EXPECT_EQ(strong, nullptr) << describe(s);
  EXPECT_EQ(find_reason(score_text(base_text), score_feature::name_spelling), nullptr);
}

TEST(score, name_case_mix) {
  // One irregular name among canonical ones: the exact-match evasion.
  expect_feature(score_feature::name_case_mix, edit("Call-ID:", "cALl-iD:"), base_text, "cALl-iD", header_id::call_id);
  // Regular styles are no evidence: all lower (Via too), Each-Word, First-only, all upper.
  for (auto [from, to] : {std::pair{"Call-ID:", "call-id:"}, std::pair{"Call-ID:", "Call-Id:"},
                          std::pair{"Max-Forwards:", "Max-forwards:"}, std::pair{"Contact:", "CONTACT:"}}) {
    scored s = score_text(edit(from, to));
    EXPECT_EQ(find_reason(s, score_feature::name_case_mix), nullptr) << to << "\n" << describe(s);
  }
  // A message whose names are all irregular is one agent's style, not one odd name.
  std::string odd = base_text;
  for (auto [from, to] : {std::pair{"Via:", "vIa:"}, std::pair{"Max-Forwards:", "mAX-fOrWARDS:"}, std::pair{"To:", "tO:"},
                          std::pair{"From:", "fROm:"}, std::pair{"Call-ID:", "cALl-iD:"}, std::pair{"CSeq:", "cSEq:"},
                          std::pair{"Contact:", "coNTacT:"}, std::pair{"Content-Length:", "cONTENt-LEngtH:"}})
    odd.replace(odd.find(from), std::string_view(from).size(), to);
  scored all = score_text(odd);
  ASSERT_TRUE(all.parsed);
  EXPECT_EQ(find_reason(all, score_feature::name_case_mix), nullptr) << describe(all);
  // Each odd name is a reason of its own, and alone the feature does not alert:
  // the message stays legal (RFC 3261 §7.3.5).
  scored two = score_text(edit("Call-ID:", "cALl-iD:").replace(std::string(base_text).find("Contact:"), 8, "coNTacT:"));
  std::size_t n = 0;
  for (std::size_t i = 0; i < two.r.reason_count; ++i) n += two.r.reasons[i].feature == score_feature::name_case_mix;
  EXPECT_EQ(n, 2u) << describe(two);
  EXPECT_LT(score_profile::default_weight(score_feature::name_case_mix).cap,
            trained().threshold_for_fpr(0.001) + 1e-6f);  // uncalibrated: min_alert
}

TEST(score, name_case_mix_weight_follows_training) {
  // Training on traffic that shows it lowers its weight, the way it does for hard flags.
  std::string odd = edit("Call-ID:", "cALl-iD:");
  profile_trainer plain, mixed;
  message_view base, m;
  ASSERT_TRUE(parse(base_text, base));
  ASSERT_TRUE(parse(odd, m));
  for (int i = 0; i < 100; ++i) {
    plain.add(base);
    mixed.add(i % 10 == 0 ? m : base);
  }
  const float w_plain = plain.finish().weight(score_feature::name_case_mix);
  const float w_mixed = mixed.finish().weight(score_feature::name_case_mix);
  EXPECT_EQ(w_plain, score_profile::default_weight(score_feature::name_case_mix).weight);
  EXPECT_GT(w_mixed, 0.0f);
  EXPECT_LT(w_mixed * 10, w_plain);  // 1 / (1 + 500 x 0.1)
}

TEST(score, unseen_header_name) {
  expect_feature(score_feature::unseen_header_name, edit("Content-Length:", "X-Zebra-Count: 3\r\nContent-Length:"),
                 base_text, "X-Zebra", header_id::other);
}

TEST(score, row_count) {
  std::string many;
  for (int i = 0; i < 24; ++i) many += "Via: SIP/2.0/UDP h" + std::to_string(i) + ".example.com;branch=z9hG4bK" + std::to_string(i) + "\r\n";
  std::string bad = edit("Max-Forwards:", many + "Max-Forwards:");
  scored s = score_text(bad);
  const score_reason* r = find_reason(s, score_feature::row_count);
  ASSERT_NE(r, nullptr) << describe(s);
  EXPECT_EQ(r->header, header_id::via);
  EXPECT_EQ(bad.compare(r->offset, 4, "Via:"), 0);
  EXPECT_EQ(find_reason(score_text(base_text), score_feature::row_count), nullptr);
}

TEST(score, header_order) {
  // Content-Length straight after the start line, before Via: an order benign traffic never shows
  std::string bad = edit("Via:", "Content-Length: 0\r\nVia:");
  bad.erase(bad.rfind("Content-Length: 0\r\n"), 19);
  expect_feature(score_feature::header_order, bad, base_text, "Content-Length", header_id::content_length);
}

TEST(score, delimiter_count) {
  std::string params;
  for (int i = 0; i < 40; ++i) params += ";p" + std::to_string(i);
  expect_feature(score_feature::delimiter_count, edit(";tag=88213", ";tag=88213" + params), base_text, ";p39",
                 header_id::from);
}

TEST(score, value_length) {
  // (a word: 200 digits would also be a number of a new shape on the same
  // bytes, a reason that weighs more and takes this one's place)
  expect_feature(score_feature::value_length,
                 edit("Content-Length:", "Organization: " + std::string(200, 'o') + "\r\nContent-Length:"),
                 base_text, "oooo", header_id::organization);
}

TEST(score, char_class) {
  expect_feature(score_feature::char_class, edit("Content-Length:", "User-Agent: phone {1.0}\r\nContent-Length:"),
                 edit("Content-Length:", "User-Agent: phone (1.0)\r\nContent-Length:"), "}", header_id::user_agent);
}

TEST(score, unseen_ngram) {
  // one byte moved in a value: every byte class is known in the From header, the sequence is not
  expect_feature(score_feature::unseen_ngram, edit(";tag=88213", "=tag;88213"), base_text, "=tag;",
                 header_id::from);
  // random tokens of another shape are not news: letters and digits collapse to one class
  scored s = score_text(edit("7c0ffee3a1b2@ws12", "ZZq0912jjjkkkaaa778@pc99"));
  EXPECT_EQ(find_reason(s, score_feature::unseen_ngram), nullptr) << describe(s);
}

// Values the scorer walks in blocks and 64-byte windows: runs across a window's
// end, joins that are symbols of their own, runs of bytes >= 0x80 longer than a
// window, a value that ends the message. A profile trained on them knows them
// again; a byte changed deep inside one is found where it is.
TEST(score, long_and_unusual_values_are_walked_like_training) {
  std::string token;
  for (int i = 0; i < 90; ++i) token += "a1.b-_"[i % 6];
  std::string high;
  for (int i = 0; i < 40; ++i) high += "\xd0\xb0";
  const std::string digits(70, '7');
  std::string text = base_text;
  text.replace(text.find("Content-Length: 0\r\n"), 19,
               "Subject: " + token + " " + digits + "x " + digits + "\r\n" +
                   "User-Agent: ..-_. a.b -.-x" + high + "z" + high + "\r\n" +
                   "Content-Length: 0\r\nOrganization: last.value-at_the.end\r\n");
  profile_trainer t;
  message_view m;
  ASSERT_TRUE(parse(text, m));
  t.add(m);
  const score_profile p = t.finish();
  scored same = score_text(text, p);
  ASSERT_TRUE(same.parsed);
  EXPECT_EQ(same.r.reason_count, 0) << describe(same);
  EXPECT_EQ(same.r.score, 0.0f) << describe(same);

  auto expect_found = [&](std::string changed, std::size_t at, header_id h) {
    scored s = score_text(changed, p);
    ASSERT_TRUE(s.parsed);
    bool found = false;
    for (std::size_t i = 0; i < s.r.reason_count; ++i) {
      const score_reason& r = s.r.reasons[i];
      found = found || (r.header == h && r.offset <= at && at < r.offset + std::max<std::uint32_t>(r.length, 1));
    }
    EXPECT_TRUE(found) << "byte " << at << ": " << describe(s);
  };
  // a comma 70 bytes into the Subject's first run (its second window)
  std::string changed = text;
  const std::size_t comma = changed.find(token) + 70;
  changed[comma] = ',';
  expect_found(changed, comma, header_id::subject);
  // the letter that ends the long digit run, made a digit: the run is '0', not 'a'
  changed = text;
  const std::size_t x = changed.find(digits + "x") + digits.size();
  changed[x] = '7';
  expect_found(changed, x, header_id::subject);
  // a space between the two runs of high bytes
  changed = text;
  const std::size_t z = changed.find(high + "z") + high.size();
  changed[z] = ' ';
  expect_found(changed, z, header_id::user_agent);
  // the value that ends the message, with a '/' in place of its last join
  changed = text;
  const std::size_t slash = changed.find("the.end") + 3;
  changed[slash] = '/';
  expect_found(changed, slash, header_id::organization);
}

TEST(score, unparseable) {
  std::string text = "HELLO\r\n\r\n";
  message_view m;
  result r = parse(text, m);
  ASSERT_FALSE(r.ok());
  score_result u = unparseable_result(r, std::string_view(text));
  ASSERT_EQ(u.reason_count, 1);
  EXPECT_EQ(u.reasons[0].feature, score_feature::unparseable);
  EXPECT_EQ(u.reasons[0].offset, r.offset);
  EXPECT_GE(u.score, trained().threshold_for_fpr(1e-6));
}
