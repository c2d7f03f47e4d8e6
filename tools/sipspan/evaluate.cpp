// sipspan CLI — `sipspan evaluate --benign B --attack A [--profile P] [--report FILE.md]
// [--format text|json]`: how well the anomaly scorer separates benign traffic from
// mimicry attacks.
//
// B and A are directories of messages (their order is the sort order of the
// paths; side files such as labels.jsonl left out), captures or single message
// files, expanded as every command expands its inputs (input.hpp). The benign set is split by that order,
// never at random: the first 60 % trains a fresh profile (or, with --profile, is
// left unused and P is taken as it is), the next 20 % calibrates it, the last 20 %
// is the benign test split. Every attack is test data. A/labels.jsonl says which
// transforms made each attack, the header each one mutated, where, and the edit
// distance to its source; an attack whose label lists no transform is not an
// attack and is left out.
//
// Exit status: 0 success, 2 usage or I/O error.

#include <simdjson.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "commands.hpp"
#include "evaluate.hpp"
#include "input.hpp"
#include "sipspan/message.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli {
namespace {

namespace fs = std::filesystem;

struct input_file {
  std::string name;  // as reported: the path below the directory given, or the path given
  std::string path;  // as opened; empty for a capture's message, which `text` holds
  std::string text;
};

// The messages of a directory or of a file, expanded as every command expands
// its inputs (input.hpp): a capture gives its SIP messages ("NAME#INDEX"), read now.
bool list_inputs(const std::string& path, std::vector<input_file>& out, std::string& err) {
  std::vector<input_entry> entries;
  if (!expand_inputs({path}, {}, entries, err)) return false;
  for (const input_entry& e : entries) {
    if (e.kind == input_kind::message) {
      out.push_back({e.relative, e.path, {}});
      continue;
    }
    std::vector<message_input> messages;
    if (!read_capture_messages(e.path, e.relative, messages, err)) return false;
    for (message_input& m : messages) out.push_back({std::move(m.name), {}, std::move(m.text)});
  }
  if (out.empty()) {
    err = path + ": no messages";
    return false;
  }
  return true;
}

struct label {
  std::vector<std::string> transforms, headers, families;
  std::vector<std::uint64_t> offsets, lengths;
  std::uint64_t edit_distance = 0;
  bool legal = false;
};

bool strings_of(simdjson::dom::element obj, const char* key, std::vector<std::string>& out) {
  simdjson::dom::array a;
  if (obj[key].get_array().get(a)) return false;
  for (simdjson::dom::element v : a) {
    std::string_view s;
    if (v.get_string().get(s)) return false;
    out.emplace_back(s);
  }
  return true;
}

bool numbers_of(simdjson::dom::element obj, const char* key, std::vector<std::uint64_t>& out) {
  simdjson::dom::array a;
  if (obj[key].get_array().get(a)) return true;  // optional
  for (simdjson::dom::element v : a) {
    std::uint64_t n;
    if (v.get_uint64().get(n)) return false;
    out.push_back(n);
  }
  return true;
}

// labels.jsonl: one object a line, keyed by "file".
bool read_labels(const std::string& path, std::map<std::string, label>& out, std::string& err) {
  std::string text;
  if (!read_input(path, text, err)) return false;
  simdjson::dom::parser parser;
  std::size_t line_no = 0, start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    start = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    simdjson::dom::element doc;
    std::string_view file;
    label l;
    bool ok = !parser.parse(simdjson::padded_string(line)).get(doc) && !doc["file"].get_string().get(file) &&
              strings_of(doc, "transforms", l.transforms) && strings_of(doc, "headers", l.headers) &&
              numbers_of(doc, "offsets", l.offsets) && numbers_of(doc, "lengths", l.lengths);
    // optional fields: absent or of another type, they keep their defaults
    if (ok && doc["edit_distance"].get_uint64().get(l.edit_distance) != simdjson::SUCCESS) l.edit_distance = 0;
    if (ok && doc["legal"].get_bool().get(l.legal) != simdjson::SUCCESS) l.legal = false;
    // "families": optional, one per transform when present
    if (ok && !strings_of(doc, "families", l.families)) l.families.clear();
    if (l.families.size() != l.transforms.size()) l.families.clear();
    if (!ok) {
      err = path + ":" + std::to_string(line_no) +
            ": not a label (an object with file, transforms and headers as the generator writes them)";
      return false;
    }
    out[std::string(file)] = std::move(l);
  }
  return true;
}

bool iequal(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [&](char x, char y) { return lower(x) == lower(y); });
}

// Does the reason name the header a label calls `name` (its canonical name, or
// "start-line")? Known names compare by id; unknown ones by the spelling of the
// row the reason points at (`m` is null when the message did not parse).
bool names_header(const score_reason& r, const message_view* m, std::string_view name) {
  if (name == "start-line") return r.header == header_id::other && r.header_index == no_header;
  header_id id = classify_header(name);
  if (id != header_id::other) return r.header == id;
  if (!m || r.header != header_id::other || r.header_index == no_header || r.header_index >= m->header_count())
    return false;
  return iequal(m->header(r.header_index).name, name);
}

std::string describe_reason(const score_reason& r, const message_view* m) {
  std::string s = reason_name(r);
  s += " at ";
  if (r.header != header_id::other) {
    s += canonical_name(r.header);
  } else if (m && r.header_index != no_header && r.header_index < m->header_count()) {
    s += m->header(r.header_index).name;
  } else if (r.header_index == no_header) {
    s += "start-line";
  } else {
    s += "header " + std::to_string(r.header_index);
  }
  s += " (offset " + std::to_string(r.offset) + ")";
  return s;
}

struct scored {
  score_result result;
  bool parsed = true;
};

// Parse tolerantly and score; input that does not parse gets the scorer's unparseable result.
scored score_text(const std::string& text, message_view& m, const score_profile& p) {
  result r = parse(text, m, parse_options::tolerant());
  if (!r) return {unparseable_result(r, std::string_view(text)), false};
  return {score(m, p), true};
}

bool read_message(const input_file& f, std::string& text, std::string& err) {
  if (f.path.empty()) {
    text = f.text;
    return true;
  }
  return read_input(f.path, text, err);
}

int fail(const std::string& err) {
  std::cerr << "sipspan evaluate: " << err << '\n';
  return 2;
}

// AUC, the curve, the operating points and the per-group tables.
void compute_metrics(evaluation& e) {
  std::vector<float> neg, pos;
  for (const scored_message& s : e.benign_test) neg.push_back(s.score);
  for (const scored_message& s : e.attacks) pos.push_back(s.score);
  e.auc = roc_auc(neg, pos);
  e.roc = roc_curve(neg, pos);
  e.pauc = partial_auc(e.roc, pauc_max_fpr);
  for (std::size_t t = 0; t < target_count; ++t) {
    operating_point& op = e.points[t];
    op.at = rates_at(neg, pos, op.threshold, threshold_rule::at_or_above);
    op.measurable = fpr_measurable(op.target_fpr, neg.size());
  }

  std::map<std::string, group_row> rows;
  const std::size_t mid = 1;  // the 10^-3 operating point
  for (const scored_message& a : e.attacks) {
    std::array<bool, target_count> hit{};
    for (std::size_t t = 0; t < target_count; ++t) hit[t] = flagged(a.score, e.points[t].threshold, threshold_rule::at_or_above);
    e.header_named += a.header_named;
    e.location_hits += a.location_hit;
    e.with_reason += !a.top_reason.empty();
    e.flagged += hit[mid];
    e.flagged_named += hit[mid] && a.header_named;
    if (a.legal) {
      ++e.legal_attacks;
      for (std::size_t t = 0; t < target_count; ++t) e.legal_detected[t] += hit[t];
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a.transforms.size(); ++i) {
      if (!seen.insert(a.transforms[i]).second) continue;
      group_row& g = rows[a.transforms[i]];
      g.name = a.transforms[i];
      ++g.attacks;
      for (std::size_t t = 0; t < target_count; ++t) g.detected[t] += hit[t];
      if (a.transforms.size() == 1) {
        ++g.alone;
        g.alone_detected += hit[mid];
        g.alone_named += a.header_named;
      }
      // any occurrence of this transform whose header the top reason names
      bool named = false;
      for (std::size_t j = 0; j < a.transforms.size(); ++j)
        if (a.transforms[j] == a.transforms[i] && j < a.transform_named.size() && a.transform_named[j]) named = true;
      g.named += named;
    }
    group_row& b = e.by_edit_distance[edit_bucket(a.edit_distance)];
    ++b.attacks;
    for (std::size_t t = 0; t < target_count; ++t) b.detected[t] += hit[t];
    b.named += a.header_named;
  }
  for (auto& [name, g] : rows) e.by_transform.push_back(std::move(g));
  for (std::size_t b = 0; b < edit_bucket_count; ++b) e.by_edit_distance[b].name = edit_bucket_label(b);
}

bool write_file(const std::string& path, const std::string& bytes, std::string& err) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    err = path + ": cannot create";
    return false;
  }
  bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) err = path + ": write error";
  return ok;
}

}  // namespace

int run_evaluate(const evaluate_options& o) {
  evaluation e;
  e.benign_path = o.benign;
  e.attack_path = o.attack;
  e.profile_path = o.profile;
  e.command_line = o.command_line;
  std::string err;

  std::vector<input_file> benign, attack;
  if (!list_inputs(o.benign, benign, err) || !list_inputs(o.attack, attack, err)) return fail(err);

  // The split, by order: [0, train) [train, cal) [cal, n).
  const std::size_t n = benign.size();
  e.benign_total = n;
  e.train_count = n * 60 / 100;
  e.calibrate_count = n * 80 / 100 - e.train_count;
  e.test_count = n - e.train_count - e.calibrate_count;
  if (e.calibrate_count == 0 || e.test_count == 0 || (o.profile.empty() && e.train_count == 0))
    return fail(o.benign + ": " + std::to_string(n) + " benign messages are too few to split 60/20/20 (at least 5)");

  std::map<std::string, label> labels;
  std::error_code ec;
  const fs::path labels_path = fs::is_directory(o.attack, ec) ? fs::path(o.attack) / "labels.jsonl"
                                                             : fs::path(o.attack).parent_path() / "labels.jsonl";
  if (fs::is_regular_file(labels_path, ec)) {
    if (!read_labels(labels_path.string(), labels, err)) return fail(err);
    e.labels_found = true;
  } else {
    std::cerr << "sipspan evaluate: warning: " << labels_path.string()
              << " not found: no per-transform or edit-distance figures\n";
  }

  message_view m;
  std::string text;

  // 1. the profile: trained on the first 60 %, or loaded
  score_profile profile;
  if (o.profile.empty()) {
    profile_trainer trainer;
    for (std::size_t i = 0; i < e.train_count; ++i) {
      if (!read_message(benign[i], text, err)) return fail(err);
      if (parse(text, m, parse_options::tolerant()))
        trainer.add(m);
      else
        ++e.train_unparseable;
    }
    profile = trainer.finish();
  } else {
    std::string json;
    if (!read_input(o.profile, json, err)) return fail(err);
    profile_error perr;
    if (!load_profile_json(json, profile, perr))
      return fail(o.profile + ": offset " + std::to_string(perr.offset) + ": " + perr.message);
  }
  e.trained_messages = profile.trained_messages();

  // 2. calibration on the next 20 %
  std::vector<float> calibration;
  for (std::size_t i = e.train_count; i < e.train_count + e.calibrate_count; ++i) {
    if (!read_message(benign[i], text, err)) return fail(err);
    scored s = score_text(text, m, profile);
    e.calibrate_unparseable += !s.parsed;
    calibration.push_back(s.result.score);
  }
  calibrate(profile, calibration);
  for (std::size_t t = 0; t < target_count; ++t) {
    e.points[t].target_fpr = target_fprs[t];
    e.points[t].threshold = profile.threshold_for_fpr(target_fprs[t]);
  }
  // Everything tunable (the profile's statistics and weights, its calibration, the
  // thresholds) is fixed here, from benign messages alone: no attack has been read
  // yet, so every attack family is unseen by it (leave-one-family-out by
  // construction; tests/test_cli_eval.cpp checks the saved profile does not change
  // with the attack set).
  if (!o.save_profile.empty() && !write_file(o.save_profile, write_profile_json(profile), err)) return fail(err);

  // 3. the benign test split
  for (std::size_t i = e.train_count + e.calibrate_count; i < n; ++i) {
    if (!read_message(benign[i], text, err)) return fail(err);
    scored s = score_text(text, m, profile);
    scored_message sm;
    sm.file = benign[i].name;
    sm.score = s.result.score;
    sm.parsed = s.parsed;
    if (s.result.reason_count > 0) sm.top_reason = describe_reason(s.result.reasons[0], s.parsed ? &m : nullptr);
    e.benign_test.push_back(std::move(sm));
  }

  // 4. every attack
  e.attack_files = attack.size();
  std::set<std::string> attack_names;
  for (const input_file& f : attack) {
    attack_names.insert(f.name);
    auto it = labels.find(fs::path(f.name).filename().string());
    if (it != labels.end() && it->second.transforms.empty()) {
      ++e.attack_without_edit;
      continue;
    }
    if (!read_message(f, text, err)) return fail(err);
    scored s = score_text(text, m, profile);
    scored_message sm;
    sm.file = f.name;
    sm.score = s.result.score;
    sm.parsed = s.parsed;
    if (it == labels.end()) {
      ++e.attack_unlabelled;
    } else {
      const label& l = it->second;
      sm.labelled = true;
      sm.transforms = l.transforms;
      sm.families = l.families;
      sm.edit_distance = l.edit_distance;
      sm.legal = l.legal;
      sm.transform_named.assign(l.transforms.size(), false);
    }
    if (s.result.reason_count > 0) {
      const score_reason& top = s.result.reasons[0];
      sm.top_reason = describe_reason(top, s.parsed ? &m : nullptr);
      if (it != labels.end()) {
        const label& l = it->second;
        for (std::size_t j = 0; j < l.headers.size() && j < sm.transform_named.size(); ++j) {
          sm.transform_named[j] = names_header(top, s.parsed ? &m : nullptr, l.headers[j]);
          sm.header_named = sm.header_named || sm.transform_named[j];
        }
        // the reason's bytes overlap an edit (two bytes of slack either side)
        for (std::size_t j = 0; j < l.offsets.size(); ++j) {
          std::uint64_t lo = l.offsets[j], hi = lo + std::max<std::uint64_t>(j < l.lengths.size() ? l.lengths[j] : 1, 1);
          std::uint64_t rlo = top.offset, rhi = rlo + std::max<std::uint32_t>(top.length, 1);
          if (rlo < hi + 2 && lo < rhi + 2) sm.location_hit = true;
        }
      }
    }
    if (std::isnan(sm.score)) return fail(f.path + ": the scorer returned NaN");
    e.attacks.push_back(std::move(sm));
  }
  for (const auto& [file, l] : labels) e.labels_without_file += attack_names.count(file) == 0;
  for (const scored_message& s : e.benign_test)
    if (std::isnan(s.score)) return fail(s.file + ": the scorer returned NaN");
  if (e.attacks.empty()) return fail(o.attack + ": no attack with an edit to evaluate");

  compute_metrics(e);
  family_metrics(e);

  if (!o.report.empty()) {
    fs::path md(o.report);
    fs::path svg = md;
    svg.replace_extension(".svg");
    if (!write_file(svg.string(), roc_svg(e), err) ||
        !write_file(md.string(), evaluation_markdown(e, svg.filename().string()), err))
      return fail(err);
    std::cerr << "sipspan evaluate: wrote " << md.string() << " and " << svg.string() << '\n';
  }
  std::string out = o.format == "json" ? evaluation_json(e) : evaluation_text(e);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return 0;
}

}  // namespace sipspan::cli
