// sipspan — the scorer's training and scoring stay near linear in what a
// hostile training set controls: the distinct unknown header names and the
// distinct spellings of one header. Each case is sized so that the quadratic
// work they once did takes several times the budget, and n log n a small part of it.
// The budget is the thread's CPU time, not the wall clock: on a shared machine the
// wall clock of the same work grows with the load (8x at load 16 on two cores), its
// CPU time hardly.

#include <gtest/gtest.h>

#include <ctime>
#include <string>
#include <vector>

#include "sipspan/message.hpp"
#include "sipspan/score.hpp"
#include "testkit/worst_inputs.hpp"

namespace {

using namespace sipspan;

// CPU seconds this thread has used.
double thread_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

using sipspan::testing::spelling;

// `count` messages of 80 rows each, row i of the whole set made by row(i).
template <class Row>
std::vector<std::string> messages(std::size_t count, Row&& row) {
  std::vector<std::string> out;
  for (std::size_t m = 0; m < count; ++m) out.push_back(sipspan::testing::rows_message(80 * m, 80, row));
  return out;
}

double seconds_since(double t) { return thread_seconds() - t; }

score_profile trained_on(const std::vector<std::string>& msgs) {
  profile_trainer t;
  message_view v;
  for (const std::string& m : msgs) {
    EXPECT_TRUE(parse(m, v));
    t.add(v);
  }
  return t.finish();
}

}  // namespace

// A million distinct unknown names: each was inserted into a sorted vector
// (10^12 / 4 eight-byte moves, 2 TB).
TEST(score_scale, training_on_distinct_unknown_names) {
  const auto msgs = messages(12500, [](std::size_t i) { return "X-N" + std::to_string(i) + ": v"; });
  const double t0 = thread_seconds();
  score_profile p = trained_on(msgs);
  EXPECT_LT(seconds_since(t0), 20.0);  // 5 s here; 66 s before
  EXPECT_TRUE(p.unknown_name_seen("x-n999999"));
  EXPECT_FALSE(p.unknown_name_seen("x-n1000000"));
}

// 100 000 spellings of one header: each was looked for among those seen one by
// one, in training, and again for each row scored.
TEST(score_scale, training_and_scoring_on_distinct_spellings) {
  const auto msgs = messages(1250, [](std::size_t i) { return spelling(i) + ": <sip:a@b>"; });
  double t0 = thread_seconds();
  score_profile p = trained_on(msgs);
  EXPECT_LT(seconds_since(t0), 10.0);  // 0.2 s here; 20 s before
  const auto slot = static_cast<std::size_t>(header_id::p_asserted_identity);
  EXPECT_EQ(p.slot(slot).spelling_text.size(), 100000u);
  EXPECT_TRUE(p.spelling_seen(slot, spelling(99999)));
  EXPECT_FALSE(p.spelling_seen(slot, spelling(100000)));

  t0 = thread_seconds();
  message_view v;
  for (const std::string& m : msgs) {
    ASSERT_TRUE(parse(m, v));
    score_result r = score(v, p);
    for (std::size_t k = 0; k < r.reason_count; ++k)  // every spelling was seen
      EXPECT_NE(r.reasons[k].feature, score_feature::name_spelling);
  }
  // one spelling it never saw
  const auto unseen = messages(1, [](std::size_t i) { return spelling(100000 + i) + ": <sip:a@b>"; });
  ASSERT_TRUE(parse(unseen[0], v));
  score_result r = score(v, p);
  bool flagged = false;
  for (std::size_t k = 0; k < r.reason_count; ++k) flagged = flagged || r.reasons[k].feature == score_feature::name_spelling;
  EXPECT_TRUE(flagged);
  EXPECT_LT(seconds_since(t0), 10.0);  // 0.2 s here; 21 s before
}
