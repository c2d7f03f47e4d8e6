// sipspan — SDP: one typed value at a time. The rules are in sdp_rules.rl
// (grammar only), the actions they name in sdp_marks.rl; this machine has an
// entry per rule, and sdp_run reads a whole value from the entry of its kind.
//
// One convention runs them all: sdp_run(kind, marks) reads [m.base, m.end)
// and returns true when the rule accepted it; its actions only mark the named
// fields (slot::<value>::<field>), the address kinds and keywords, and sdp.cpp
// converts. The scan of a body (sdp.rl) runs the same rules over the lines it
// reads.

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::detail {

%%{
  machine sdp_value;
  alphtype unsigned char;
  include sdp_marks "sdp_marks.rl";
  # a control byte in a byte-string: legal, and nothing to record here
  action value_ctl {}
  include sdp_rules "sdp_rules.rl";

  # the first byte a rule cannot take
  action bad { m.fail(p); }

  origin := origin_value $!bad;
  connection := connection_value $!bad;
  bandwidth := bandwidth_value $!bad;
  timing := timing_value $!bad;
  typed_time_entry := typed_time_value $!bad;
  repeat := repeat_value $!bad;
  zone := zone_value $!bad;
  media := media_value $!bad;
  rtpmap := rtpmap_value $!bad;
  fmtp := fmtp_value $!bad;
  ptime := ptime_value $!bad;
  direction := direction_value $!bad;
  rtcp := rtcp_value $!bad;
  group := group_value $!bad;
  ssrc := ssrc_value $!bad;
  candidate := candidate_value $!bad;
  ice_credential := ice_credential_value $!bad;
  fingerprint := fingerprint_value $!bad;
  setup := setup_value $!bad;
  crypto := crypto_value $!bad;
  extmap := extmap_value $!bad;

  write data noerror;
}%%

namespace {
// The entry state of each kind, in the order of sdp_value_kind.
constexpr int entries[] = {
    sdp_value_en_origin,   sdp_value_en_connection, sdp_value_en_bandwidth,      sdp_value_en_timing,
    sdp_value_en_typed_time_entry, sdp_value_en_repeat,   sdp_value_en_zone,           sdp_value_en_media,
    sdp_value_en_rtpmap,   sdp_value_en_fmtp,       sdp_value_en_ptime,          sdp_value_en_direction,
    sdp_value_en_rtcp,     sdp_value_en_group,      sdp_value_en_ssrc,           sdp_value_en_candidate,
    sdp_value_en_ice_credential, sdp_value_en_fingerprint, sdp_value_en_setup,   sdp_value_en_crypto,
    sdp_value_en_extmap,
};
static_assert(sizeof entries / sizeof entries[0] == static_cast<int>(sdp_value_kind::count));
}  // namespace

bool sdp_run(sdp_value_kind kind, sdp_marks& m) noexcept {
  const sdp_uchar* p = m.base;
  const sdp_uchar* pe = m.end;
  const sdp_uchar* eof = pe;
  int cs = entries[static_cast<int>(kind)];
  %% write exec;
  return !m.failed && cs >= sdp_value_first_final;
}

}  // namespace sipspan::detail
