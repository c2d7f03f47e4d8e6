// sipspan — anomaly scorer: value forms (parser/src/score/shapes.cpp). Each
// form — a token's case, a percent-escape, whitespace around a separator, the
// line structure, a host's form — is counted per header by
// training; a message showing a form its header's training never showed scores
// higher than the same message without it, with a value_shape reason on that
// header; a form training showed often adds nothing. So does a body its
// Content-Type does not describe the way training's bodies were described.

#include <gtest/gtest.h>

#include "score_test_util.hpp"

using namespace sipspan::score_test;

namespace {

// `n` copies of the base message, CSeq counting from 1, then `extra` `n_extra` times.
score_profile train_on(int n, const std::string& extra = {}, int n_extra = 0) {
  profile_trainer t;
  for (int i = 1; i <= n; ++i) {
    const std::string text = edit("CSeq: 4711", "CSeq: " + std::to_string(i));
    message_view m;
    if (parse(text, m)) t.add(m);
  }
  for (int i = 0; i < n_extra; ++i) {
    message_view m;
    EXPECT_TRUE(parse(extra, m).ok());
    t.add(m);
  }
  return t.finish();
}

struct form_case {
  const char* what;
  std::string from, to;  // the base message's bytes, and the form
  std::string marker;    // where the evidence lies (the first occurrence in the form message at or after the edit)
  header_id header;
};

std::vector<form_case> cases() {
  return {
      {"token case after a slash", "/UDP ws12", "/udp ws12", "udp", header_id::via},
      {"token case at the value's start", "Via: SIP/2.0/UDP", "Via: sip/2.0/UDP", "sip", header_id::via},
      {"an escaped unreserved character", "To: Carol <sip:carol@", "To: Carol <sip:c%61rol@", "%61", header_id::to},
      {"an escaped control byte", "To: Carol <sip:carol@", "To: Carol <sip:carol%0D%0A@", "%0D", header_id::to},
      {"whitespace before a separator", ";branch=z9", ";branch =z9", " =", header_id::via},
      {"whitespace after a separator", ";tag=88213", ";tag= 88213", "= ", header_id::from},
      {"a fold after a separator", "5060;branch=", "5060;\r\n branch=", " ", header_id::via},
      {"a continuation that starts with a separator", "5060;branch=", "5060\r\n ;branch=", ";", header_id::via},
      {"an IPv6 reference as host", "<sip:dave@ws12.denver.example.org>", "<sip:dave@[2001:db8::7]>", "[",
       header_id::contact},
  };
}

// The forms `p` counts in a slot, as (form, values) pairs.
std::vector<std::pair<std::size_t, std::uint32_t>> forms_of(const score_profile& p, header_id h) {
  std::vector<std::pair<std::size_t, std::uint32_t>> out;
  const auto& f = p.slot(static_cast<std::size_t>(h)).forms;
  for (std::size_t b = 0; b < f.size(); ++b)
    if (f[b]) out.emplace_back(b, f[b]);
  return out;
}

}  // namespace

TEST(score_forms, an_unseen_form_scores_higher_than_a_seen_one) {
  const score_profile p = train_on(4000);
  ASSERT_TRUE(p.forms_learned());
  const scored plain = score_text(base_text, p);
  EXPECT_EQ(find_reason(plain, score_feature::value_shape), nullptr) << describe(plain);
  for (const form_case& c : cases()) {
    SCOPED_TRACE(c.what);
    const std::string bad = edit(c.from, c.to);
    const scored s = score_text(bad, p);
    ASSERT_TRUE(s.parsed);
    EXPECT_GT(s.r.score, plain.r.score) << describe(s);
    bool named = false;
    const std::size_t at = bad.find(c.marker, base_text == bad ? 0 : std::string(base_text).find(c.from));
    for (std::size_t i = 0; i < s.r.reason_count; ++i) {
      const score_reason& r = s.r.reasons[i];
      if (r.feature == score_feature::value_shape && r.header == c.header) {
        named = true;
        EXPECT_LE(r.offset, at + c.marker.size()) << describe(s);
        EXPECT_GE(r.offset + r.length, at) << describe(s);
      }
    }
    EXPECT_TRUE(named) << describe(s);
  }
}

TEST(score_forms, training_counts_each_form_and_a_common_one_adds_nothing) {
  const score_profile base = train_on(4000);
  for (const form_case& c : cases()) {
    SCOPED_TRACE(c.what);
    const std::string bad = edit(c.from, c.to);
    // three training messages with the form: its header counts a form the base traffic never showed, three times
    const score_profile three = train_on(4000, bad, 3);
    const auto before = forms_of(base, c.header), after = forms_of(three, c.header);
    std::vector<std::pair<std::size_t, std::uint32_t>> added;
    for (const auto& f : after) {
      bool known = false;
      for (const auto& g : before) known = known || g.first == f.first;
      if (!known) added.push_back(f);
    }
    ASSERT_FALSE(added.empty());
    for (const auto& f : added) EXPECT_EQ(f.second, 3u) << "form " << f.first;
    // three in 4003 is still rare: evidence, less than a form never seen
    const float unseen = score_text(bad, base).r.score, rare = score_text(bad, three).r.score;
    EXPECT_LE(rare, unseen);
    // as often as the base form: no value_shape evidence for it at all
    const score_profile half = train_on(4000, bad, 4000);
    const scored s = score_text(bad, half);
    for (std::size_t i = 0; i < s.r.reason_count; ++i)
      EXPECT_FALSE(s.r.reasons[i].feature == score_feature::value_shape && s.r.reasons[i].header == c.header)
          << describe(s);
  }
}

TEST(score_forms, forms_survive_the_json_and_an_older_profile_compares_none) {
  const std::string bad = edit("CSeq: 4711 INVITE", "CSeq: 4711 iNVITE");
  const score_profile p = train_on(4000, bad, 2);
  score_profile q;
  profile_error err;
  ASSERT_TRUE(load_profile_json(write_profile_json(p), q, err)) << err.message;
  EXPECT_TRUE(q.forms_learned());
  for (std::size_t s = 0; s < score_profile::slot_count; ++s) EXPECT_EQ(q.slot(s).forms, p.slot(s).forms) << s;
  EXPECT_FLOAT_EQ(score_text(bad, q).r.score, score_text(bad, p).r.score);
  // a profile written before forms were learned has no "forms": none compared
  std::string json = write_profile_json(train_on(4000));
  for (std::size_t at; (at = json.find(", \"forms\": [")) != std::string::npos;) {
    std::size_t depth = 0, end = at + 11;
    for (; end < json.size(); ++end) {
      if (json[end] == '[') ++depth;
      if (json[end] == ']' && --depth == 0) break;
    }
    json.erase(at, end + 1 - at);
  }
  score_profile old;
  ASSERT_TRUE(load_profile_json(json, old, err)) << err.message;
  EXPECT_FALSE(old.forms_learned());
  EXPECT_EQ(find_reason(score_text(bad, old), score_feature::value_shape), nullptr);
  // a form number past the table is refused with its place
  std::string wrong = write_profile_json(p);
  const std::size_t at = wrong.find("\"forms\": [[");
  ASSERT_NE(at, std::string::npos);
  wrong.replace(at + 11, wrong.find(',', at + 11) - (at + 11), "64");
  EXPECT_FALSE(load_profile_json(wrong, old, err));
  EXPECT_NE(err.message.find("forms"), std::string::npos) << err.message;
}

namespace {

std::string with_body(const std::string& type, const std::string& body) {
  return edit("Content-Length: 0\r\n\r\n", "Content-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
                                               "\r\n\r\n" + body);
}

const std::string sdp =
    "v=0\r\no=dave 2890844526 2890844526 IN IP4 ws12.denver.example.org\r\ns=-\r\n"
    "c=IN IP4 192.0.2.7\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n";

}  // namespace

TEST(score_forms, a_body_its_content_type_does_not_describe) {
  const std::string good = with_body("application/sdp", sdp), bad = with_body("application/xml", sdp);
  profile_trainer t;
  for (int i = 0; i < 4000; ++i) {
    message_view m;
    ASSERT_TRUE(parse(good, m).ok());
    t.add(m);
  }
  const score_profile p = t.finish();
  // training counts the bodies and the one (type, body) form they showed
  EXPECT_EQ(p.bodies(), 4000u);
  EXPECT_EQ(p.body_form_count(), 1u);
  const scored g = score_text(good, p), s = score_text(bad, p);
  EXPECT_EQ(find_reason(g, score_feature::value_shape), nullptr) << describe(g);
  EXPECT_GT(s.r.score, g.r.score) << describe(s);
  const score_reason* r = find_reason(s, score_feature::value_shape);
  ASSERT_NE(r, nullptr) << describe(s);
  EXPECT_EQ(r->header, header_id::content_type);
  EXPECT_EQ(r->offset, bad.find("application/xml"));
  EXPECT_EQ(r->length, std::string("application/xml").size());
  // once training showed the pair, it adds nothing; the JSON keeps what training counted
  profile_trainer more(p);
  message_view m;
  ASSERT_TRUE(parse(bad, m).ok());
  more.add(m);
  const score_profile q = more.finish();
  score_profile back;
  profile_error err;
  ASSERT_TRUE(load_profile_json(write_profile_json(q), back, err)) << err.message;
  const score_profile* const learned[] = {&q, &back};
  for (const score_profile* x : learned) {
    EXPECT_EQ(x->bodies(), 4001u);
    EXPECT_EQ(x->body_form_count(), 2u);
    EXPECT_EQ(find_reason(score_text(bad, *x), score_feature::value_shape), nullptr);
  }
  EXPECT_NE(find_reason(score_text(bad, p), score_feature::value_shape), nullptr);
}
