// sipspan — the scorer's C entry points (sipspan.h, "anomaly scorer"), built
// into the sipspan_score library. Nothing throws across the boundary: loading
// a profile catches what allocation may throw and reports it as an error.

#include <algorithm>
#include <cstring>
#include <new>

#include "capi/c_header_id.hpp"
#include "capi/capi_types.hpp"
#include "sipspan/score.hpp"

struct sipspan_profile {
  sipspan::score_profile profile;
};

namespace {

void put_message(char* out, std::size_t cap, std::string_view text) noexcept {
  if (!out || cap == 0) return;
  std::size_t n = std::min(cap - 1, text.size());
  std::memcpy(out, text.data(), n);
  out[n] = 0;
}

void to_c(const sipspan::score_result& r, sipspan_score_result* out) noexcept {
  out->score = r.score;
  out->reason_count = r.reason_count;
  for (std::size_t i = 0; i < SIPSPAN_MAX_REASONS; ++i) {
    const sipspan::score_reason& x = r.reasons[i];
    out->reasons[i] = i < r.reason_count
                          ? sipspan_score_reason{static_cast<int>(x.feature), sipspan::capi::c_header(x.header), x.header_index,
                                                 x.offset, x.length, x.contribution,
                                                 x.feature == sipspan::score_feature::rule ? static_cast<int>(x.rule) : -1}
                          : sipspan_score_reason{0, SIPSPAN_HDR_OTHER, SIPSPAN_NO_HEADER, 0, 0, 0.0f, -1};
  }
}

}  // namespace

static_assert(SIPSPAN_MAX_REASONS == sipspan::score_result::max_reasons);

extern "C" {

sipspan_profile* sipspan_profile_load(const char* json, size_t len, char* message, size_t message_cap,
                                      uint64_t* offset) noexcept {
  try {
    auto* p = new sipspan_profile{};
    sipspan::profile_error err;
    if (sipspan::load_profile_json(std::string_view(json ? json : "", json ? len : 0), p->profile, err)) return p;
    delete p;
    put_message(message, message_cap, err.message);
    if (offset) *offset = err.offset;
  } catch (const std::bad_alloc&) {
    put_message(message, message_cap, "out of memory while loading the profile");
    if (offset) *offset = 0;
  } catch (...) {
    put_message(message, message_cap, "the profile could not be loaded");
    if (offset) *offset = 0;
  }
  return nullptr;
}

void sipspan_profile_free(sipspan_profile* profile) noexcept { delete profile; }

float sipspan_profile_threshold(const sipspan_profile* profile, double fpr) noexcept {
  return profile->profile.threshold_for_fpr(fpr);
}

void sipspan_score(const sipspan_message* msg, const sipspan_profile* profile, sipspan_score_result* out) noexcept {
  to_c(sipspan::score(msg->view, profile->profile), out);
}

void sipspan_score_unparseable(sipspan_result parse_error, const char* data, size_t len,
                               sipspan_score_result* out) noexcept {
  sipspan::result r;
  r.code = static_cast<sipspan::error_code>(parse_error.code);
  r.offset = parse_error.offset;
  to_c(sipspan::unparseable_result(r, std::string_view(data ? data : "", data ? len : 0)), out);
}

uint32_t sipspan_profile_rule_seen(const sipspan_profile* profile, int rule) noexcept {
  if (rule < 0 || static_cast<std::size_t>(rule) >= sipspan::rule_count) return 0;
  return profile->profile.rule_fired(static_cast<sipspan::rule_id>(rule));
}

uint64_t sipspan_profile_trained_messages(const sipspan_profile* profile) noexcept {
  return profile->profile.trained_messages();
}

size_t sipspan_feature_count(void) noexcept { return sipspan::score_feature_count; }

const char* sipspan_feature_name(int feature) noexcept {
  if (feature < 0 || static_cast<std::size_t>(feature) >= sipspan::score_feature_count) return "";
  return sipspan::feature_name(static_cast<sipspan::score_feature>(feature)).data();
}

}  // extern "C"
