// sipspan — anomaly scorer: the profile as JSON.
//
// Written by hand (the library carries no JSON writer), read with simdjson's
// On Demand API, which also says where in the text a field went wrong:
//
//   { "format": "sipspan-score-profile", "version": 2,
//     "trained_messages": N, "calibration_messages": M, "margin": m, "min_alert": a,
//     "features": { "<feature>": {"weight": w, "cap": c, "fired": k}, ... },
//                                  (k of the N training messages a hard flag fired on;
//                                   0 when absent)
//     "rules": { "<rule code>": k, ... },   (k of the N training messages it fired on)
//     "quantiles": [[p, score], ...],
//     "slots": { "<header key>|start_line": { "messages", "max_rows", "min_length",
//                "max_length", "max_delimiters": [...], "classes": "<64 hex digits>",
//                "shapes": "<32 hex digits>" (number shapes; absent: not learned),
//                "numbers": k (the runs of digits of those shapes; absent: 0),
//                "forms": [[form, k], ...] (value forms, score_detail::form_bit, and the
//                          training values that showed each; absent: not learned),
//                "spellings": ["Via", "v"], "ngrams": [24-bit class trigrams] }, ... },
//     "unknown_names": ["x-foo", ...],
//     "bodies": N, "body_forms": [k, ...],  (training messages with a body and a
//                          Content-Type, and the (type, body) forms they showed:
//                          score_detail::body_form; absent: none learned)
//     "order": [["start_line", "via"], ...] }
//
// Slots, features and rules are named, not numbered, so that a profile survives new
// header ids, features or rules (an unknown name is skipped; a missing feature keeps
// its default, a missing rule counts as never seen). Version 1 (hard flags of the
// scorer's own, no "rules") is refused with a sentence that says to train again;
// version 2 needs "rules": without it every rule would weigh as if never seen.

#include <simdjson.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "engine.hpp"

namespace sipspan {

using namespace score_detail;

namespace {

void put_string(std::string& out, std::string_view s) {
  out += '"';
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += ch;
    } else if (c < 0x20 || c >= 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += ch;
    }
  }
  out += '"';
}

void put_number(std::string& out, double v, int digits = 9) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.*g", digits, v);
  out += buf;
}

constexpr char hex_digits[] = "0123456789abcdef";

}  // namespace

std::string write_profile_json(const score_profile& p) {
  std::string o;
  o.reserve(64 * 1024);
  o += "{\n  \"format\": \"sipspan-score-profile\",\n  \"version\": ";
  o += std::to_string(score_profile::format_version);
  o += ",\n  \"trained_messages\": " + std::to_string(p.trained_);
  o += ",\n  \"calibration_messages\": " + std::to_string(p.calibration_count_);
  o += ",\n  \"margin\": ";
  put_number(o, p.margin_);
  o += ",\n  \"min_alert\": ";
  put_number(o, p.min_alert_);
  o += ",\n  \"profile_cap\": ";
  put_number(o, p.profile_cap_);
  o += ",\n  \"features\": {";
  for (std::size_t f = 0; f < score_feature_count; ++f) {
    o += f ? ",\n    " : "\n    ";
    put_string(o, feature_name(static_cast<score_feature>(f)));
    o += ": {\"weight\": ";
    put_number(o, p.weights_[f]);
    o += ", \"cap\": ";
    put_number(o, p.caps_[f]);
    if (p.feature_fired_[f]) o += ", \"fired\": " + std::to_string(p.feature_fired_[f]);
    o += "}";
  }
  o += "\n  },\n  \"rules\": {";
  for (std::size_t r = 0; r < rule_count; ++r) {
    o += r % 8 ? ", " : (r ? ",\n    " : "\n    ");
    put_string(o, rule(static_cast<rule_id>(r)).code);
    o += ": " + std::to_string(p.rule_fired_[r]);
  }
  o += "\n  },\n  \"quantiles\": [";
  for (std::size_t i = 0; i < p.quantiles_.size(); ++i) {
    o += i ? ", [" : "[";
    put_number(o, p.quantiles_[i].first, 17);
    o += ", ";
    put_number(o, p.quantiles_[i].second);
    o += "]";
  }
  o += "],\n  \"slots\": {";
  bool first = true;
  for (std::size_t s = 0; s < score_profile::slot_count; ++s) {
    const score_profile::slot_stats& st = p.slots_[s];
    auto lo = std::lower_bound(p.ngram_keys_.begin(), p.ngram_keys_.end(), ngram_key(s, 0, 0, 0));
    auto hi = std::lower_bound(lo, p.ngram_keys_.end(), ngram_key(s + 1, 0, 0, 0));
    if (st.messages == 0 && lo == hi && st.spellings.empty()) continue;
    o += first ? "\n    " : ",\n    ";
    first = false;
    put_string(o, slot_name(s));
    o += ": {\"messages\": " + std::to_string(st.messages) + ", \"max_rows\": " + std::to_string(st.max_rows) +
         ", \"min_length\": " + std::to_string(st.min_length) + ", \"max_length\": " + std::to_string(st.max_length) +
         ", \"max_delimiters\": [";
    for (std::size_t d = 0; d < st.max_delimiters.size(); ++d) o += (d ? "," : "") + std::to_string(st.max_delimiters[d]);
    o += "], \"classes\": \"";
    for (std::size_t nib = 0; nib < 64; ++nib) {
      unsigned v = 0;
      for (unsigned b = 0; b < 4; ++b) v |= static_cast<unsigned>(st.classes[nib * 4 + b]) << b;
      o += hex_digits[v];
    }
    if (p.shapes_learned_) {
      o += "\", \"shapes\": \"";
      for (std::size_t nib = 0; nib < 32; ++nib) {
        unsigned v = 0;
        for (unsigned b = 0; b < 4; ++b) v |= static_cast<unsigned>(st.shapes[nib * 4 + b]) << b;
        o += hex_digits[v];
      }
      o += "\", \"numbers\": " + std::to_string(st.numbers);
      if (p.forms_learned_) {
        o += ", \"forms\": [";
        bool any = false;
        for (std::size_t b = 0; b < st.forms.size(); ++b)
          if (st.forms[b]) {
            o += any ? ", [" : "[";
            any = true;
            o += std::to_string(b) + "," + std::to_string(st.forms[b]) + "]";
          }
        o += "]";
      }
      o += ", \"spellings\": [";
    } else {
      o += "\", \"spellings\": [";
    }
    for (std::size_t i = 0; i < st.spelling_text.size(); ++i) {
      if (i) o += ", ";
      put_string(o, st.spelling_text[i]);
    }
    o += "],\n      \"ngrams\": [";
    for (auto it = lo; it != hi; ++it) {
      if (it != lo) o += ',';
      o += std::to_string(*it & 0xFFFFFFu);
    }
    o += "]}";
  }
  o += "\n  },\n  \"unknown_names\": [";
  for (std::size_t i = 0; i < p.unknown_name_text_.size(); ++i) {
    if (i) o += ", ";
    put_string(o, p.unknown_name_text_[i]);
  }
  o += "],\n  \"bodies\": " + std::to_string(p.bodies_) + ",\n  \"body_forms\": [";
  for (std::size_t i = 0; i < p.body_forms_.size(); ++i) o += (i ? "," : "") + std::to_string(p.body_forms_[i]);
  o += "],\n  \"order\": [";
  first = true;
  for (std::size_t a = 0; a < score_profile::slot_count; ++a)
    for (std::size_t b = 0; b < score_profile::slot_count; ++b)
      if (p.order_seen(a, b)) {
        o += first ? "[" : ", [";
        first = false;
        put_string(o, slot_name(a));
        o += ", ";
        put_string(o, slot_name(b));
        o += "]";
      }
  o += "]\n}\n";
  return o;
}

// ---------------------------------------------------------------- reading ---

using namespace simdjson;
using json_error = simdjson::error_code;

// Reads one profile; every failure names the field and where it is.
struct profile_reader {
  std::string_view text;
  const padded_string& padded;
  ondemand::document& doc;
  profile_error& err;

  bool fail(std::string_view what, json_error code = simdjson::SUCCESS) {
    std::size_t at = text.size();
    const char* loc = nullptr;
    // A document that ends early is wrong at its end, wherever the walk stood.
    const bool ended_early = code == simdjson::INCOMPLETE_ARRAY_OR_OBJECT || code == simdjson::UNCLOSED_STRING;
    if (!ended_early && !doc.current_location().get(loc) && loc >= padded.data() && loc <= padded.data() + text.size())
      at = static_cast<std::size_t>(loc - padded.data());
    err.offset = at;
    err.message = std::string(what);
    if (code != simdjson::SUCCESS) {
      err.message += " (";
      err.message += simdjson::error_message(code);
      err.message += ")";
    }
    return false;
  }

  template <class V, class T>
  bool number(V&& v, std::string_view field, T& out, double lo, double hi) {
    double d;
    if (json_error e = v.get_double().get(d)) return fail(std::string(field) + ": expected a number", e);
    if (!(d >= lo && d <= hi)) return fail(std::string(field) + ": out of range");
    out = static_cast<T>(d);
    return true;
  }

  // Calls f(element) for each element of the array `v`; false at the first failure.
  template <class V, class F>
  bool each(V&& v, const std::string& where, F&& f) {
    ondemand::array a;
    if (json_error e = v.get_array().get(a)) return fail(where + ": expected an array", e);
    for (auto x : a)
      if (!f(x)) return false;
    return true;
  }

  bool feature_weights(ondemand::object obj, score_profile& p) {
    for (auto field : obj) {
      std::string_view key;
      if (json_error e = field.unescaped_key().get(key)) return fail("features: bad key", e);
      ondemand::object fo;
      if (json_error e = field.value().get_object().get(fo)) return fail("features." + std::string(key) + ": expected an object", e);
      float w = 0, c = 0;
      std::uint32_t fired = 0;
      bool has_w = false, has_c = false;
      for (auto ff : fo) {
        std::string_view k;
        if (json_error e = ff.unescaped_key().get(k)) return fail("features: bad key", e);
        if (k == "weight") {
          if (!number(ff.value(), "features." + std::string(key) + ".weight", w, 0, 1e6)) return false;
          has_w = true;
        } else if (k == "cap") {
          if (!number(ff.value(), "features." + std::string(key) + ".cap", c, 0, 1e6)) return false;
          has_c = true;
        } else if (k == "fired") {
          if (!number(ff.value(), "features." + std::string(key) + ".fired", fired, 0, 4294967295.0)) return false;
        }
      }
      if (!has_w || !has_c) return fail("features." + std::string(key) + ": needs weight and cap");
      score_feature f;
      if (feature_from_name(key, f)) {
        p.set_weight(f, w, c);
        p.feature_fired_[static_cast<std::size_t>(f)] = fired;
      }
    }
    return true;
  }

  // A bitset as hex digits, bit 0 the low bit of the first digit.
  template <std::size_t N>
  bool hex_bits(ondemand::value v, const std::string& where, std::bitset<N>& bits) {
    std::string_view hex;
    if (json_error e = v.get_string().get(hex)) return fail(where + ": expected a string", e);
    if (hex.size() != N / 4) return fail(where + ": expected " + std::to_string(N / 4) + " hex digits");
    for (std::size_t nib = 0; nib < N / 4; ++nib) {
      const char* d = std::find(hex_digits, hex_digits + 16, hex[nib]);
      if (d == hex_digits + 16) return fail(where + ": not a hex digit");
      auto val = static_cast<unsigned>(d - hex_digits);
      for (unsigned b = 0; b < 4; ++b) bits[nib * 4 + b] = (val >> b) & 1;
    }
    return true;
  }

  bool slot_stats(ondemand::object obj, std::size_t slot, score_profile& p, score_profile::slot_stats& st,
                  std::vector<std::uint32_t>& keys) {
    const std::string where = "slots." + std::string(slot < score_profile::slot_count ? slot_name(slot) : "?");
    for (auto field : obj) {
      std::string_view k;
      if (json_error e = field.unescaped_key().get(k)) return fail(where + ": bad key", e);
      ondemand::value v;
      if (json_error e = field.value().get(v)) return fail(where + "." + std::string(k), e);
      if (k == "messages") {
        if (!number(v, where + ".messages", st.messages, 0, 4294967295.0)) return false;
      } else if (k == "max_rows") {
        if (!number(v, where + ".max_rows", st.max_rows, 0, 65535)) return false;
      } else if (k == "min_length") {
        if (!number(v, where + ".min_length", st.min_length, 0, 4294967295.0)) return false;
      } else if (k == "max_length") {
        if (!number(v, where + ".max_length", st.max_length, 0, 4294967295.0)) return false;
      } else if (k == "max_delimiters") {
        std::size_t i = 0;
        if (!each(v, where + ".max_delimiters", [&](auto& x) {
              if (i >= st.max_delimiters.size()) return fail(where + ".max_delimiters: too many entries");
              return number(x, where + ".max_delimiters", st.max_delimiters[i++], 0, 65535);
            }))
          return false;
      } else if (k == "classes") {
        if (!hex_bits(v, where + ".classes", st.classes)) return false;
      } else if (k == "shapes") {
        if (!hex_bits(v, where + ".shapes", st.shapes)) return false;
        p.shapes_learned_ = true;
      } else if (k == "numbers") {
        if (!number(v, where + ".numbers", st.numbers, 0, 4294967295.0)) return false;
      } else if (k == "forms") {
        if (!each(v, where + ".forms", [&](auto& x) {
              double pair[2] = {-1, 0};
              std::size_t n = 0;
              if (!each(x, where + ".forms: [form, values]", [&](auto& y) {
                    return n < 2 ? number(y, where + ".forms", pair[n++], 0, 4294967295.0)
                                 : fail(where + ".forms: more than 2 numbers");
                  }))
                return false;
              if (n != 2 || pair[0] >= static_cast<double>(st.forms.size()) || pair[0] != static_cast<std::uint32_t>(pair[0]))
                return fail(where + ".forms: expected [form 0..63, values]");
              st.forms[static_cast<std::size_t>(pair[0])] = static_cast<std::uint32_t>(pair[1]);
              return true;
            }))
          return false;
        p.forms_learned_ = true;
      } else if (k == "spellings") {
        if (!each(v, where + ".spellings", [&](auto& x) {
              std::string_view s;
              if (json_error e = x.get_string().get(s)) return fail(where + ".spellings: expected strings", e);
              if (slot < header_id_count) p.add_spelling(slot, s);
              return true;
            }))
          return false;
      } else if (k == "ngrams") {
        if (!each(v, where + ".ngrams", [&](auto& x) {
              std::uint64_t g;
              if (json_error e = x.get_uint64().get(g)) return fail(where + ".ngrams: expected integers", e);
              if (g > 0xFFFFFFu) return fail(where + ".ngrams: not a 24-bit trigram");
              keys.push_back(static_cast<std::uint32_t>(slot) << 24 | static_cast<std::uint32_t>(g));
              return true;
            }))
          return false;
      }
    }
    return true;
  }

  bool run(score_profile& p) {
    ondemand::object root;
    if (json_error e = doc.get_object().get(root)) return fail("the profile is not a JSON object", e);
    bool has_format = false, has_version = false, has_rules = false;
    std::vector<std::uint32_t> keys;
    for (auto field : root) {
      std::string_view key;
      if (json_error e = field.unescaped_key().get(key)) return fail("bad key", e);
      ondemand::value v;
      if (json_error e = field.value().get(v)) return fail(std::string(key), e);
      if (key == "format") {
        std::string_view f;
        if (json_error e = v.get_string().get(f)) return fail("format: expected a string", e);
        if (f != "sipspan-score-profile") return fail("format: not a sipspan score profile");
        has_format = true;
      } else if (key == "version") {
        std::uint64_t ver;
        if (json_error e = v.get_uint64().get(ver)) return fail("version: expected an integer", e);
        if (ver == 1)
          return fail("version 1 is not supported: it predates the validator's evidence and its per-rule "
                      "weights (this build reads version " + std::to_string(score_profile::format_version) +
                      "); train the profile again with `sipspan train`");
        if (ver != score_profile::format_version)
          return fail("version " + std::to_string(ver) + " is not supported (this build reads version " +
                      std::to_string(score_profile::format_version) + ")");
        has_version = true;
      } else if (key == "trained_messages") {
        if (!number(v, key, p.trained_, 0, 1e15)) return false;
      } else if (key == "calibration_messages") {
        if (!number(v, key, p.calibration_count_, 0, 1e15)) return false;
      } else if (key == "margin") {
        if (!number(v, key, p.margin_, 0, 1e6)) return false;
      } else if (key == "min_alert") {
        if (!number(v, key, p.min_alert_, 0, 1e6)) return false;
      } else if (key == "profile_cap") {
        if (!number(v, key, p.profile_cap_, 0, 1e6)) return false;
      } else if (key == "features") {
        ondemand::object o;
        if (json_error e = v.get_object().get(o)) return fail("features: expected an object", e);
        if (!feature_weights(o, p)) return false;
      } else if (key == "rules") {
        ondemand::object o;
        if (json_error e = v.get_object().get(o)) return fail("rules: expected an object", e);
        for (auto rf : o) {
          std::string_view code;
          if (json_error e = rf.unescaped_key().get(code)) return fail("rules: bad key", e);
          std::uint32_t fired = 0;
          if (!number(rf.value(), "rules." + std::string(code), fired, 0, 4294967295.0)) return false;
          rule_id r;
          if (find_rule(code, r)) p.rule_fired_[static_cast<std::size_t>(r)] = fired;  // else a rule this build lacks
        }
        has_rules = true;
      } else if (key == "quantiles") {
        if (!each(v, "quantiles", [&](auto& x) {
              double pair[2] = {-1, 0};
              std::size_t n = 0;
              if (!each(x, "quantiles: [level, score]", [&](auto& y) {
                    return n < 2 ? number(y, "quantiles", pair[n++], -1e9, 1e9) : fail("quantiles: more than 2 numbers");
                  }))
                return false;
              if (n != 2 || pair[0] < 0 || pair[0] > 1) return fail("quantiles: expected [level, score] with 0 <= level <= 1");
              if (!p.quantiles_.empty() && pair[0] <= p.quantiles_.back().first) return fail("quantiles: levels must ascend");
              p.quantiles_.emplace_back(pair[0], static_cast<float>(pair[1]));
              return true;
            }))
          return false;
      } else if (key == "slots") {
        ondemand::object o;
        if (json_error e = v.get_object().get(o)) return fail("slots: expected an object", e);
        for (auto sf : o) {
          std::string_view name;
          if (json_error e = sf.unescaped_key().get(name)) return fail("slots: bad key", e);
          ondemand::object so;
          if (json_error e = sf.value().get_object().get(so)) return fail("slots." + std::string(name) + ": expected an object", e);
          std::size_t slot;
          if (!slot_from_name(name, slot)) {
            score_profile::slot_stats ignored;  // a header this build does not know
            std::vector<std::uint32_t> ignored_keys;
            score_profile scratch;
            if (!slot_stats(so, score_profile::slot_count, scratch, ignored, ignored_keys)) return false;
            continue;
          }
          if (!slot_stats(so, slot, p, p.slots_[slot], keys)) return false;
        }
      } else if (key == "unknown_names") {
        if (!each(v, "unknown_names", [&](auto& x) {
              std::string_view s;
              if (json_error e = x.get_string().get(s)) return fail("unknown_names: expected strings", e);
              p.unknown_names_.push_back(name_hash(s, true));
              p.unknown_name_text_.emplace_back(s);
              return true;
            }))
          return false;
      } else if (key == "bodies") {
        if (!number(v, "bodies", p.bodies_, 0, 4294967295.0)) return false;
      } else if (key == "body_forms") {
        if (!each(v, "body_forms", [&](auto& x) {
              std::uint32_t k = 0;
              if (!number(x, "body_forms", k, 0, 4294967295.0)) return false;
              p.body_forms_.push_back(k);
              return true;
            }))
          return false;
      } else if (key == "order") {
        if (!each(v, "order", [&](auto& x) {
              std::size_t slots[2] = {0, 0}, n = 0;
              bool known = true;
              if (!each(x, "order: [first, second]", [&](auto& y) {
                    std::string_view s;
                    if (json_error e = y.get_string().get(s)) return fail("order: expected slot names", e);
                    if (n < 2) known = slot_from_name(s, slots[n]) && known;
                    ++n;
                    return true;
                  }))
                return false;
              if (n != 2) return fail("order: expected [first, second] pairs");
              if (known) p.order_pairs_[slots[0] * score_profile::slot_count + slots[1]] = 1;
              return true;
            }))
          return false;
      }
      // other keys: written by a later minor revision, skipped
    }
    if (!has_format) return fail("no \"format\" field: not a sipspan score profile");
    if (!has_version) return fail("no \"version\" field");
    if (!has_rules) return fail("no \"rules\" table (how often each validator rule fired in training)");
    for (std::size_t r = 0; r < rule_count; ++r)
      if (p.rule_fired_[r] > p.trained_)
        return fail("rules." + std::string(rule(static_cast<rule_id>(r)).code) + ": fired on " +
                    std::to_string(p.rule_fired_[r]) + " messages, more than the " + std::to_string(p.trained_) +
                    " trained");
    for (std::size_t f = 0; f < score_feature_count; ++f)
      if (p.feature_fired_[f] > p.trained_)
        return fail("features." + std::string(feature_name(static_cast<score_feature>(f))) + ".fired: " +
                    std::to_string(p.feature_fired_[f]) + " messages, more than the " + std::to_string(p.trained_) +
                    " trained");
    std::sort(p.unknown_names_.begin(), p.unknown_names_.end());
    std::sort(p.body_forms_.begin(), p.body_forms_.end());
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    p.ngram_keys_ = std::move(keys);
    p.rebuild_ngram_bits();
    p.rebuild_rule_weights();
    return true;
  }
};

bool load_profile_json(std::string_view json, score_profile& out, profile_error& err) {
  padded_string padded(json);
  ondemand::parser parser;
  ondemand::document doc;
  if (json_error e = parser.iterate(padded).get(doc)) {
    err.offset = json.size();
    err.message = std::string("not valid JSON (") + simdjson::error_message(e) + ")";
    return false;
  }
  score_profile p;
  profile_reader r{json, padded, doc, err};
  try {
    if (!r.run(p)) return false;
  } catch (const std::exception& e) {  // simdjson reports by value; this is only a guard
    err.message = e.what();
    return false;
  }
  out = std::move(p);
  return true;
}

}  // namespace sipspan
