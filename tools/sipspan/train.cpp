// sipspan CLI — `sipspan train INPUT... -o profile.json [--holdout F]
// [--update old.json]`: learn a scorer profile from benign traffic (or go on
// from one trained before), and say what it learned.
//
// The inputs are read in order (directories in path order) and split by that
// order, never at random: the first 1 - F of the messages train the profile,
// the last F (0.25 by default) are scored with it and calibrate the thresholds.
// Inputs that do not parse are left out, with a warning.
//
// Exit status: 0 success, 2 usage or I/O error (or too few messages).

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>

#include "capture_input.hpp"
#include "commands.hpp"
#include "input.hpp"
#include "score_cli.hpp"
#include "sipspan/message.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli {

namespace {
constexpr std::size_t max_warnings = 100;  // messages left out, named one by one

// What a profile has learned, for the user who trained it: the header names
// it knows and the validator's rules its traffic shows, with their weights.
void describe_learning(const score_profile& p, std::ostream& out) {
  std::size_t headers = 0, spellings = 0;
  for (std::size_t s = 0; s < score_profile::slot_count; ++s) {
    if (s == score_profile::start_line_slot || p.slot(s).messages == 0) continue;
    if (s != static_cast<std::size_t>(header_id::other)) ++headers;
    spellings += p.slot(s).spelling_text.size();
  }
  out << "  header names: " << headers << " known headers in " << spellings << " spellings, "
      << p.unknown_name_count() << " other names\n";
  std::vector<std::pair<std::uint32_t, rule_id>> fired;
  for (std::size_t r = 0; r < rule_count; ++r)
    if (std::uint32_t k = p.rule_fired(static_cast<rule_id>(r))) fired.emplace_back(k, static_cast<rule_id>(r));
  std::sort(fired.begin(), fired.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  out << "  validator rules in the training traffic: " << (fired.empty() ? "none" : std::to_string(fired.size())) << "\n";
  for (const auto& [k, r] : fired) {
    char line[160];
    std::snprintf(line, sizeof line, "    %s %-34s %6u of %zu messages (%.2f %%), weight %.1f\n",
                  std::string(rule(r).code).c_str(), std::string(rule(r).name).c_str(), k, p.trained_messages(),
                  100.0 * k / static_cast<double>(p.trained_messages()), p.rule_weight(r));
    out << line;
  }
}

}  // namespace

int run_train(const train_options& o) {
  if (o.inputs.empty() && o.captures.empty()) {
    std::cerr << "sipspan train: no INPUT (a file, a directory or - for standard input)\n";
    return 2;
  }
  if (!(o.holdout >= 0 && o.holdout < 1)) {
    std::cerr << "sipspan train: --holdout must be at least 0 and below 1\n";
    return 2;
  }
  std::vector<message_input> inputs;
  std::string err;
  bool read = read_message_inputs(o.inputs, inputs, err);
  for (std::size_t c = 0; read && c < o.captures.size(); ++c) read = read_capture_messages(o.captures[c], inputs, err);
  if (!read) {
    std::cerr << "sipspan train: " << err << "\n";
    return 2;
  }
  // Which inputs parse; the views are not kept (one is 2 kB, more than most
  // messages): each message is parsed again where it is used.
  std::vector<std::size_t> usable;
  message_view view;
  std::size_t left_out = 0;
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    if (result r = parse(inputs[i].text, view); !r) {
      if (++left_out <= max_warnings)
        std::cerr << "sipspan train: warning: " << shown_text(inputs[i].name, inputs[i].name.size()) << ": left out: "
                  << r.message() << " at offset " << r.offset << "\n";
      continue;
    }
    usable.push_back(i);
  }
  if (left_out > max_warnings)
    std::cerr << "sipspan train: warning: " << left_out - max_warnings << " more messages left out\n";
  const auto n = usable.size();
  const auto train_count = static_cast<std::size_t>(std::ceil(static_cast<double>(n) * (1.0 - o.holdout)));
  if (train_count == 0) {
    std::cerr << "sipspan train: no message to train on\n";
    return 2;
  }
  score_profile base;
  if (!o.update.empty()) {
    std::string json;
    profile_error perr;
    if (!read_input(o.update, json, err)) {
      std::cerr << "sipspan train: " << err << "\n";
      return 2;
    }
    if (!load_profile_json(json, base, perr)) {
      std::cerr << "sipspan train: " << o.update << ": offset " << perr.offset << ": " << perr.message << "\n";
      return 2;
    }
  }
  const std::size_t before = base.trained_messages();
  profile_trainer trainer(base);
  for (std::size_t k = 0; k < train_count; ++k) {
    (void)parse(inputs[usable[k]].text, view);  // usable: it parsed above
    trainer.add(view);
  }
  score_profile profile = trainer.finish();
  std::vector<float> scores;
  for (std::size_t k = train_count; k < n; ++k) {
    (void)parse(inputs[usable[k]].text, view);  // usable: it parsed above
    scores.push_back(score(view, profile).score);
  }
  calibrate(profile, scores);
  if (scores.empty())
    std::cerr << "sipspan train: warning: no held-out message: the profile is not calibrated\n";

  std::string json = write_profile_json(profile);
  std::FILE* f = o.output == "-" ? stdout : std::fopen(o.output.c_str(), "wb");
  if (!f || std::fwrite(json.data(), 1, json.size(), f) != json.size() || (f != stdout && std::fclose(f) != 0)) {
    std::cerr << "sipspan train: " << o.output << ": cannot write\n";
    return 2;
  }
  std::cerr << "sipspan train: " << train_count << " messages trained, " << scores.size() << " calibrated; "
            << profile.ngram_count() << " n-grams; threshold at FPR 0.001: " << profile.threshold_for_fpr(0.001)
            << "\n";
  if (before) std::cerr << "  on top of " << before << " in " << o.update << ": " << profile.trained_messages() << " in all\n";
  describe_learning(profile, std::cerr);
  return 0;
}

}  // namespace sipspan::cli
