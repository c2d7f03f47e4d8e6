/* The C API from C11: the validator (sipspan_lint, the rule catalogue) and the
 * anomaly scorer (sipspan_profile_load, sipspan_score) on the mimicry seed. */
#include "test_capi.h"

void test_mimicry(const char* path) {
  size_t len = 0;
  char* s = path ? read_file(path, &len) : NULL;
  CHECK(s != NULL && len > 0);
  if (!s) return;
  s[len < 65535 ? len : 65535] = 0; /* for strstr */
  sipspan_message* msg = new_message();
  sipspan_result r = sipspan_parse(msg, s, len, 0);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_deviation_count(msg) == 5);
  static const int kinds[] = {SIPSPAN_DEV_HEADER_NAME_WHITESPACE, SIPSPAN_DEV_HEADER_NAME_WHITESPACE,
                              SIPSPAN_DEV_COMMA_IN_SINGLETON, SIPSPAN_DEV_COMMA_IN_SINGLETON,
                              SIPSPAN_DEV_EMPTY_LIST_ELEMENT};
  const unsigned offsets[] = {at(s, "Conta ct") + 5, at(s, "Vi a:") + 2, at(s, "Alice W,") + 7,
                              at(s, "0000012,@0") + 7, at(s, "otag-991,") + 8};
  for (size_t i = 0; i < 5; ++i) {
    sipspan_deviation d;
    CHECK(sipspan_deviation_get(msg, i, &d) == 1);
    CHECK(d.kind == kinds[i]);
    CHECK(d.offset == offsets[i]);
    CHECK(d.length >= 1);
    CHECK(d.header_index != SIPSPAN_NO_HEADER);
  }
  sipspan_deviation d;
  CHECK(sipspan_deviation_get(msg, 5, &d) == 0);
  sipspan_header h;
  CHECK(sipspan_deviation_get(msg, 0, &d) == 1 && sipspan_header_get(msg, d.header_index, &h) == 1);
  CHECK(h.id == SIPSPAN_HDR_OTHER && eq(h.name, "Conta ct"));
  CHECK(sipspan_header_find(msg, SIPSPAN_HDR_CONTACT, &h) == 0);
  CHECK(sipspan_header_find_name(msg, "Conta ct", 8, &h) == 1);

  r = sipspan_parse(msg, s, len, 1);
  CHECK(r.code == SIPSPAN_ERR_DEVIATION_REJECTED);
  CHECK(r.deviation == SIPSPAN_DEV_HEADER_NAME_WHITESPACE);
  CHECK(r.offset == offsets[0]);
}

/* The validator from C: the mimicry INVITE's findings, the catalogue, overrides. */
void test_lint(const char* path) {
  size_t len = 0;
  char* s = path ? read_file(path, &len) : NULL;
  CHECK(s != NULL && len > 0);
  if (!s) return;
  s[len < 65535 ? len : 65535] = 0;
  sipspan_message* msg = new_message();
  sipspan_finding out[SIPSPAN_LINT_MAX_STORED];
  sipspan_lint_summary sum = sipspan_lint(msg, s, len, NULL, out, SIPSPAN_LINT_MAX_STORED);
  CHECK(sum.parse.code == SIPSPAN_ERR_SUCCESS);
  CHECK(sum.errors >= 5 && sum.stored == sum.total);
  int ws = sipspan_rule_find("header-name-whitespace", 22);
  CHECK(ws >= 0 && sipspan_rule_find("SS014", 5) == ws && sipspan_rule_find("ss014", 5) == ws);
  CHECK(sipspan_rule_find("no-such-rule", 12) == -1);
  const unsigned at_conta = at(s, "Conta ct") + 5, at_via = at(s, "Vi a:") + 2;
  int seen = 0;
  for (size_t i = 0; i < sum.stored; ++i) {
    if (i) CHECK(out[i - 1].offset <= out[i].offset);
    if (out[i].rule == ws && out[i].severity == SIPSPAN_SEVERITY_ERROR &&
        (out[i].offset == at_conta || out[i].offset == at_via))
      ++seen;
  }
  CHECK(seen == 2);

  sipspan_rule_info info;
  CHECK(sipspan_rule_get(ws, &info) == 1);
  CHECK(strcmp(info.code, "SS014") == 0 && strcmp(info.name, "header-name-whitespace") == 0);
  CHECK(info.severity[SIPSPAN_PROFILE_STRICT] == SIPSPAN_SEVERITY_ERROR && strlen(info.explanation) > 20);
  CHECK(sipspan_rule_get((int)sipspan_rule_count(), &info) == 0 && sipspan_rule_get(-1, &info) == 0);

  /* disabling the rule removes exactly its two findings */
  sipspan_lint_options o;
  memset(&o, 0, sizeof o);
  o.disable[ws / 64] |= (uint64_t)1 << (ws % 64);
  sipspan_lint_summary less = sipspan_lint(msg, s, len, &o, out, SIPSPAN_LINT_MAX_STORED);
  CHECK(less.total == sum.total - 2);
  /* counting only, and a cap of one */
  sipspan_lint_summary count = sipspan_lint(msg, s, len, NULL, NULL, 0);
  CHECK(count.total == sum.total && count.stored == 0);
  o.max_findings = 1;
  memset(o.disable, 0, sizeof o.disable);
  sipspan_lint_summary one = sipspan_lint(msg, s, len, &o, out, SIPSPAN_LINT_MAX_STORED);
  CHECK(one.stored == 1 && one.total == sum.total);
  /* an unframeable message: one finding at the parser's offset */
  sipspan_lint_summary bad = sipspan_lint(msg, "<junk", 5, NULL, out, 4);
  CHECK(bad.parse.code == SIPSPAN_ERR_BAD_START_LINE && bad.total == 1 && out[0].offset == bad.parse.offset);
  CHECK(strcmp(sipspan_error_name(out[0].detail), "bad_start_line") == 0);
}

/* The scorer from C: load the default profile, score the mimicry INVITE (an
 * alert, with a reason at the "Conta ct" change) and a clean message. */
void test_score(const char* mimicry_path, const char* profile_path) {
  static char json[1 << 20];
  size_t jlen = 0;
  FILE* f = profile_path ? fopen(profile_path, "rb") : NULL;
  CHECK(f != NULL);
  if (!f) return;
  jlen = fread(json, 1, sizeof json, f);
  fclose(f);
  CHECK(jlen > 0 && jlen < sizeof json);

  char why[128];
  uint64_t where = 0;
  CHECK(sipspan_profile_load("{\"version\":", 12, why, sizeof why, &where) == NULL);
  CHECK(strlen(why) > 0 && where <= 12);
  sipspan_profile* p = sipspan_profile_load(json, jlen, why, sizeof why, &where);
  CHECK(p != NULL);
  if (!p) return;
  float threshold = sipspan_profile_threshold(p, 0.001);
  CHECK(threshold > 0);

  size_t len = 0;
  char* s = read_file(mimicry_path, &len);
  CHECK(s != NULL && len > 0);
  if (s) {
    s[len < 65535 ? len : 65535] = 0;
    sipspan_message* msg = new_message();
    CHECK(sipspan_parse(msg, s, len, 0).code == SIPSPAN_ERR_SUCCESS);
    sipspan_score_result r;
    sipspan_score(msg, p, &r);
    CHECK(r.score >= threshold && r.reason_count >= 5 && r.reason_count <= SIPSPAN_MAX_REASONS);
    const unsigned conta = at(s, "Conta ct");
    const unsigned comma = at(s, "Alice W,") + 7;
    int named = 0, rules = 0;
    for (size_t i = 0; i < r.reason_count; ++i) {
      if (i) CHECK(r.reasons[i - 1].contribution >= r.reasons[i].contribution);
      CHECK(r.reasons[i].offset + r.reasons[i].length <= len);
      CHECK(strlen(sipspan_feature_name(r.reasons[i].feature)) > 0);
      if (r.reasons[i].offset >= conta && r.reasons[i].offset <= conta + 8) named = 1;
      /* a validator finding names its rule; every other reason -1 */
      if (strcmp(sipspan_feature_name(r.reasons[i].feature), "rule") != 0) {
        CHECK(r.reasons[i].rule == -1);
        continue;
      }
      sipspan_rule_info info;
      CHECK(sipspan_rule_get(r.reasons[i].rule, &info) == 1);
      CHECK(sipspan_profile_rule_seen(p, r.reasons[i].rule) <= sipspan_profile_trained_messages(p));
      /* the comma in the From display name: RFC 3261 §7.3.1, one value only */
      if (r.reasons[i].offset == comma) {
        CHECK(strcmp(info.code, "SS020") == 0 && r.reasons[i].header == SIPSPAN_HDR_FROM);
        CHECK(sipspan_profile_rule_seen(p, r.reasons[i].rule) == 0);
        ++rules;
      }
    }
    CHECK(named && rules == 1);
    CHECK(sipspan_profile_trained_messages(p) > 0 && sipspan_profile_rule_seen(p, -1) == 0);
  }

  sipspan_message* clean = new_message();
  CHECK(sipspan_parse(clean, clean_response, strlen(clean_response), 0).code == SIPSPAN_ERR_SUCCESS);
  sipspan_score_result ok;
  sipspan_score(clean, p, &ok);
  CHECK(ok.score < threshold);

  const char junk[] = "INVITE sip:a@b SIP/2.0\r\nl: 5\r\nContent-Length: 6\r\n\r\nhello!";
  sipspan_message* bad = new_message();
  sipspan_result pr = sipspan_parse(bad, junk, sizeof junk - 1, 0);
  CHECK(pr.code == SIPSPAN_ERR_CONTENT_LENGTH_CONFLICT);
  sipspan_score_result u;
  sipspan_score_unparseable(pr, junk, sizeof junk - 1, &u);
  CHECK(u.score >= threshold && u.reason_count >= 1 && u.reasons[0].offset == pr.offset);
  CHECK(strcmp(sipspan_feature_name(u.reasons[0].feature), "unparseable") == 0);
  /* no header on the failing start line: the reason names SIPSPAN_HDR_OTHER, the C value */
  const char no_start[] = "NOT A START LINE\r\n\r\n";
  pr = sipspan_parse(bad, no_start, sizeof no_start - 1, 0);
  CHECK(pr.code != SIPSPAN_ERR_SUCCESS);
  sipspan_score_unparseable(pr, no_start, sizeof no_start - 1, &u);
  CHECK(u.reason_count >= 1 && u.reasons[0].header == SIPSPAN_HDR_OTHER);
  CHECK(sipspan_feature_count() > 10 && strcmp(sipspan_feature_name(-1), "") == 0);
  sipspan_profile_free(p);
}

