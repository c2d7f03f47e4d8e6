# sipspan — SDP: the actions the typed-value rules (sdp_rules.rl) name, host
# code only: each marks one field of sdp_marks (parser/src/sdp/sdp_scan.hpp)
# by its name, slot::<value>::<field>, or records an address kind, a keyword
# or a leading "-". Included, before sdp_rules.rl, by the machine files that
# run those rules: sdp_values.rl (one value at a time) and sdp.rl (every
# typed line while the scan reads it). Both name their marks `m`.

%%{
  machine sdp_marks;

  # the address kinds a value's machine recognised (address_bits)
  action k_ip4  { m.kinds |= k_ip4; }
  action k_ip4m { m.kinds |= k_ip4m; }
  action k_ip6  { m.kinds |= k_ip6; }
  action k_ip6m { m.kinds |= k_ip6m; }
  action k_fqdn { m.kinds |= k_fqdn; }
  action k_bracket { m.kinds |= k_bracket; }

  # keywords: the enum value of the word matched
  action direction_sendrecv { m.keyword = static_cast<int>(media_direction::sendrecv); }
  action direction_sendonly { m.keyword = static_cast<int>(media_direction::sendonly); }
  action direction_recvonly { m.keyword = static_cast<int>(media_direction::recvonly); }
  action direction_inactive { m.keyword = static_cast<int>(media_direction::inactive); }
  action setup_active { m.keyword = static_cast<int>(setup_role::active); }
  action setup_passive { m.keyword = static_cast<int>(setup_role::passive); }
  action setup_actpass { m.keyword = static_cast<int>(setup_role::actpass); }
  action setup_holdconn { m.keyword = static_cast<int>(setup_role::holdconn); }
  action negative { m.negative = true; }

  # field marks: <value>_<field>_b at its first byte, _e after its last
  # origin
  action origin_username_b { m.fb[slot::origin::username] = p; }  action origin_username_e { m.fe[slot::origin::username] = p; }
  action origin_sess_id_b { m.fb[slot::origin::sess_id] = p; }  action origin_sess_id_e { m.fe[slot::origin::sess_id] = p; }
  action origin_sess_version_b { m.fb[slot::origin::sess_version] = p; }  action origin_sess_version_e { m.fe[slot::origin::sess_version] = p; }
  action origin_nettype_b { m.fb[slot::origin::nettype] = p; }  action origin_nettype_e { m.fe[slot::origin::nettype] = p; }
  action origin_addrtype_b { m.fb[slot::origin::addrtype] = p; }  action origin_addrtype_e { m.fe[slot::origin::addrtype] = p; }
  action origin_address_b { m.fb[slot::origin::address] = p; }  action origin_address_e { m.fe[slot::origin::address] = p; }
  action origin_bracketed_b { m.fb[slot::origin::bracketed] = p; }  action origin_bracketed_e { m.fe[slot::origin::bracketed] = p; }
  # connection
  action connection_nettype_b { m.fb[slot::connection::nettype] = p; }  action connection_nettype_e { m.fe[slot::connection::nettype] = p; }
  action connection_addrtype_b { m.fb[slot::connection::addrtype] = p; }  action connection_addrtype_e { m.fe[slot::connection::addrtype] = p; }
  action connection_address_b { m.fb[slot::connection::address] = p; }  action connection_address_e { m.fe[slot::connection::address] = p; }
  action connection_ttl_b { m.fb[slot::connection::ttl] = p; }  action connection_ttl_e { m.fe[slot::connection::ttl] = p; }
  action connection_numaddr_b { m.fb[slot::connection::numaddr] = p; }  action connection_numaddr_e { m.fe[slot::connection::numaddr] = p; }
  action connection_bracketed_b { m.fb[slot::connection::bracketed] = p; }  action connection_bracketed_e { m.fe[slot::connection::bracketed] = p; }
  # bandwidth
  action bandwidth_type_b { m.fb[slot::bandwidth::type] = p; }  action bandwidth_type_e { m.fe[slot::bandwidth::type] = p; }
  action bandwidth_value_b { m.fb[slot::bandwidth::value] = p; }  action bandwidth_value_e { m.fe[slot::bandwidth::value] = p; }
  # timing
  action timing_start_b { m.fb[slot::timing::start] = p; }  action timing_start_e { m.fe[slot::timing::start] = p; }
  action timing_stop_b { m.fb[slot::timing::stop] = p; }  action timing_stop_e { m.fe[slot::timing::stop] = p; }
  # repeat
  action repeat_interval_b { m.fb[slot::repeat::interval] = p; }  action repeat_interval_e { m.fe[slot::repeat::interval] = p; }
  action repeat_duration_b { m.fb[slot::repeat::duration] = p; }  action repeat_duration_e { m.fe[slot::repeat::duration] = p; }
  # media
  action media_media_b { m.fb[slot::media::media] = p; }  action media_media_e { m.fe[slot::media::media] = p; }
  action media_port_b { m.fb[slot::media::port] = p; }  action media_port_e { m.fe[slot::media::port] = p; }
  action media_count_b { m.fb[slot::media::count] = p; }  action media_count_e { m.fe[slot::media::count] = p; }
  action media_proto_b { m.fb[slot::media::proto] = p; }  action media_proto_e { m.fe[slot::media::proto] = p; }
  # rtpmap
  action rtpmap_payload_b { m.fb[slot::rtpmap::payload] = p; }  action rtpmap_payload_e { m.fe[slot::rtpmap::payload] = p; }
  action rtpmap_encoding_b { m.fb[slot::rtpmap::encoding] = p; }  action rtpmap_encoding_e { m.fe[slot::rtpmap::encoding] = p; }
  action rtpmap_clock_rate_b { m.fb[slot::rtpmap::clock_rate] = p; }  action rtpmap_clock_rate_e { m.fe[slot::rtpmap::clock_rate] = p; }
  action rtpmap_channels_b { m.fb[slot::rtpmap::channels] = p; }  action rtpmap_channels_e { m.fe[slot::rtpmap::channels] = p; }
  # fmtp
  action fmtp_format_b { m.fb[slot::fmtp::format] = p; }  action fmtp_format_e { m.fe[slot::fmtp::format] = p; }
  action fmtp_params_b { m.fb[slot::fmtp::params] = p; }  action fmtp_params_e { m.fe[slot::fmtp::params] = p; }
  # ptime
  action ptime_integer_b { m.fb[slot::ptime::integer] = p; }  action ptime_integer_e { m.fe[slot::ptime::integer] = p; }
  action ptime_fraction_b { m.fb[slot::ptime::fraction] = p; }  action ptime_fraction_e { m.fe[slot::ptime::fraction] = p; }
  # rtcp
  action rtcp_port_b { m.fb[slot::rtcp::port] = p; }  action rtcp_port_e { m.fe[slot::rtcp::port] = p; }
  action rtcp_connection_b { m.fb[slot::rtcp::connection] = p; }  action rtcp_connection_e { m.fe[slot::rtcp::connection] = p; }
  # group
  action group_semantics_b { m.fb[slot::group::semantics] = p; }  action group_semantics_e { m.fe[slot::group::semantics] = p; }
  # ssrc
  action ssrc_id_b { m.fb[slot::ssrc::id] = p; }  action ssrc_id_e { m.fe[slot::ssrc::id] = p; }
  action ssrc_attribute_b { m.fb[slot::ssrc::attribute] = p; }  action ssrc_attribute_e { m.fe[slot::ssrc::attribute] = p; }
  action ssrc_value_b { m.fb[slot::ssrc::value] = p; }  action ssrc_value_e { m.fe[slot::ssrc::value] = p; }
  # candidate
  action candidate_foundation_b { m.fb[slot::candidate::foundation] = p; }  action candidate_foundation_e { m.fe[slot::candidate::foundation] = p; }
  action candidate_component_b { m.fb[slot::candidate::component] = p; }  action candidate_component_e { m.fe[slot::candidate::component] = p; }
  action candidate_transport_b { m.fb[slot::candidate::transport] = p; }  action candidate_transport_e { m.fe[slot::candidate::transport] = p; }
  action candidate_priority_b { m.fb[slot::candidate::priority] = p; }  action candidate_priority_e { m.fe[slot::candidate::priority] = p; }
  action candidate_address_b { m.fb[slot::candidate::address] = p; }  action candidate_address_e { m.fe[slot::candidate::address] = p; }
  action candidate_port_b { m.fb[slot::candidate::port] = p; }  action candidate_port_e { m.fe[slot::candidate::port] = p; }
  action candidate_type_b { m.fb[slot::candidate::type] = p; }  action candidate_type_e { m.fe[slot::candidate::type] = p; }
  action candidate_raddr_b { m.fb[slot::candidate::raddr] = p; }  action candidate_raddr_e { m.fe[slot::candidate::raddr] = p; }
  action candidate_rport_b { m.fb[slot::candidate::rport] = p; }  action candidate_rport_e { m.fe[slot::candidate::rport] = p; }
  # fingerprint
  action fingerprint_hash_b { m.fb[slot::fingerprint::hash] = p; }  action fingerprint_hash_e { m.fe[slot::fingerprint::hash] = p; }
  action fingerprint_digest_b { m.fb[slot::fingerprint::digest] = p; }  action fingerprint_digest_e { m.fe[slot::fingerprint::digest] = p; }
  # crypto
  action crypto_tag_b { m.fb[slot::crypto::tag] = p; }  action crypto_tag_e { m.fe[slot::crypto::tag] = p; }
  action crypto_suite_b { m.fb[slot::crypto::suite] = p; }  action crypto_suite_e { m.fe[slot::crypto::suite] = p; }
  action crypto_key_params_b { m.fb[slot::crypto::key_params] = p; }  action crypto_key_params_e { m.fe[slot::crypto::key_params] = p; }
  action crypto_key_method_b { m.fb[slot::crypto::key_method] = p; }  action crypto_key_method_e { m.fe[slot::crypto::key_method] = p; }
  action crypto_key_info_b { m.fb[slot::crypto::key_info] = p; }  action crypto_key_info_e { m.fe[slot::crypto::key_info] = p; }
  # extmap
  action extmap_id_b { m.fb[slot::extmap::id] = p; }  action extmap_id_e { m.fe[slot::extmap::id] = p; }
  action extmap_direction_b { m.fb[slot::extmap::direction] = p; }  action extmap_direction_e { m.fe[slot::extmap::direction] = p; }
  action extmap_uri_b { m.fb[slot::extmap::uri] = p; }  action extmap_uri_e { m.fe[slot::extmap::uri] = p; }
  action extmap_attributes_b { m.fb[slot::extmap::attributes] = p; }  action extmap_attributes_e { m.fe[slot::extmap::attributes] = p; }
}%%
