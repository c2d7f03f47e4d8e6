# sipspan — SDP: the typed-value rules, one per line or attribute value,
# grammar only. RFC 8866 §9 (origin, connection, bandwidth, timing, repeat,
# zone, media), §6 (rtpmap, fmtp, ptime, maxptime and the direction
# attributes); RFC 3605 §2.1 (rtcp), RFC 5888 §4-5 (mid, group), RFC 5576
# §4.1 (ssrc), RFC 8839 §5.1, §5.4 (candidate, ice-ufrag, ice-pwd), RFC 8122
# §5 (fingerprint), RFC 4145 §4 (setup), RFC 4568 §9.1 (crypto), RFC 8285 §7
# (extmap). The ABNF each rule implements is quoted above it.
#
# The rules name the actions of sdp_marks.rl (field marks <value>_<field>_b /
# _e, address kinds, keywords), which the including machine defines first:
#   include sdp_marks "sdp_marks.rl";
#   include sdp_rules "sdp_rules.rl";
# sdp_values.rl runs each rule over one value; sdp.rl runs them while it scans
# the lines of a body.

%%{
  machine sdp_rules;
  include sdp_common "sdp_common.rl";

  # byte-string = 1*(%x01-09/%x0B-0C/%x0E-FF), the control bytes it permits
  # marked (value_ctl: the scan records the first one, as for any value)
  value_string = ( 0x09 | 0x20..0x7e | 0x80..0xff
                 | ( 0x01..0x08 | 0x0b..0x0c | 0x0e..0x1f | 0x7f ) @value_ctl )+;

  # (tolerated by origin and connection: an IPv6 address in brackets, as in a URI)
  bracketed_ip6_origin = ( '[' ( IP6_address >origin_bracketed_b %origin_bracketed_e ) ']' ) %k_bracket;
  bracketed_ip6_connection = ( '[' ( IP6_address >connection_bracketed_b %connection_bracketed_e ) ']' ) %k_bracket;

  # origin-field = %s"o" "=" username SP sess-id SP sess-version SP
  #                nettype SP addrtype SP unicast-address CRLF
  # username = non-ws-string ; sess-id = 1*DIGIT ; sess-version = 1*DIGIT
  # nettype = token ; addrtype = token
  # unicast-address = IP4-address / IP6-address / FQDN / extn-addr
  # extn-addr = non-ws-string
  unicast_address = IP4_address %k_ip4 | IP6_address %k_ip6 | FQDN %k_fqdn | bracketed_ip6_origin | non_ws_string;
  origin_value = ( non_ws_string >origin_username_b %origin_username_e ) SP
                 ( DIGIT+ >origin_sess_id_b %origin_sess_id_e ) SP
                 ( DIGIT+ >origin_sess_version_b %origin_sess_version_e ) SP
                 ( sdp_token >origin_nettype_b %origin_nettype_e ) SP
                 ( sdp_token >origin_addrtype_b %origin_addrtype_e ) SP
                 ( unicast_address >origin_address_b %origin_address_e );

  # connection-field = %s"c" "=" nettype SP addrtype SP connection-address CRLF
  # connection-address = multicast-address / unicast-address
  # multicast-address = IP4-multicast / IP6-multicast / FQDN / extn-addr
  # IP4-multicast = m1 3( "." decimal-uchar ) "/" ttl [ "/" numaddr ]
  # IP6-multicast = IP6-address [ "/" numaddr ] ; numaddr = integer
  ip4_multicast = ( m1 ( '.' decimal_uchar ){3} ) %connection_address_e '/'
                  ( ttl >connection_ttl_b %connection_ttl_e )
                  ( '/' ( integer >connection_numaddr_b %connection_numaddr_e ) )?;
  ip6_multicast = IP6_address %connection_address_e '/' ( integer >connection_numaddr_b %connection_numaddr_e );
  connection_address = ( IP4_address %k_ip4 | ip4_multicast %k_ip4m | IP6_address %k_ip6
                       | ip6_multicast %k_ip6m | FQDN %k_fqdn | bracketed_ip6_connection
                       | non_ws_string ) >connection_address_b;
  connection_value = ( sdp_token >connection_nettype_b %connection_nettype_e ) SP
                     ( sdp_token >connection_addrtype_b %connection_addrtype_e ) SP connection_address;

  # bandwidth-field = %s"b" "=" bwtype ":" bandwidth CRLF
  # bwtype = token ; bandwidth = 1*DIGIT
  bandwidth_value = ( sdp_token >bandwidth_type_b %bandwidth_type_e ) ':' ( DIGIT+ >bandwidth_value_b %bandwidth_value_e );

  # time-field = %s"t" "=" start-time SP stop-time CRLF
  # start-time = time / "0" ; stop-time = time / "0"
  timing_value = ( ( time | '0' ) >timing_start_b %timing_start_e ) SP ( ( time | '0' ) >timing_stop_b %timing_stop_e );

  # ["-"] typed-time, as z= offsets take it (the "-" only when asked for)
  typed_time_value = ( '-' @negative )? typed_time;

  # repeat-field = %s"r" "=" repeat-interval SP typed-time 1*(SP typed-time) CRLF
  repeat_value = ( repeat_interval >repeat_interval_b %repeat_interval_e ) SP
                 ( typed_time >repeat_duration_b %repeat_duration_e ) ( SP typed_time )+;

  # zone-field = %s"z" "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time) CRLF
  adjustment = time SP '-'? typed_time;
  zone_value = adjustment ( SP adjustment )*;

  # media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF
  # media = token ; port = 1*DIGIT ; proto = token *("/" token) ; fmt = token
  proto = sdp_token ( '/' sdp_token )*;
  media_value = ( sdp_token >media_media_b %media_media_e ) SP ( DIGIT+ >media_port_b %media_port_e )
                ( '/' ( integer >media_count_b %media_count_e ) )? SP
                ( proto >media_proto_b %media_proto_e ) ( SP sdp_token )+;

  # rtpmap-value = payload-type SP encoding-name "/" clock-rate [ "/" encoding-params ]
  # payload-type = zero-based-integer ; encoding-name = token ; clock-rate = integer
  # encoding-params = channels ; channels = integer               (RFC 8866 §6.6)
  # (tolerated: no "/" clock-rate, as RFC 2327 era offers wrote "a=rtpmap:31 LPC";
  #  the host says whether it is allowed)
  rtpmap_value = ( zero_based_integer >rtpmap_payload_b %rtpmap_payload_e ) SP
                 ( sdp_token >rtpmap_encoding_b %rtpmap_encoding_e )
                 ( '/' ( integer >rtpmap_clock_rate_b %rtpmap_clock_rate_e )
                   ( '/' ( integer >rtpmap_channels_b %rtpmap_channels_e ) )? )?;

  # fmtp-value = fmt SP format-specific-params
  # format-specific-params = byte-string                          (RFC 8866 §6.15)
  fmtp_value = ( sdp_token >fmtp_format_b %fmtp_format_e ) SP ( value_string >fmtp_params_b %fmtp_params_e );

  # ptime-value = non-zero-int-or-real ; maxptime-value = non-zero-int-or-real
  # non-zero-int-or-real = integer / non-zero-real
  # non-zero-real = zero-based-integer "." *DIGIT POS-DIGIT      (RFC 8866 §6.4, §6.5)
  ptime_value = ( integer >ptime_integer_b %ptime_integer_e )
              | ( zero_based_integer >ptime_integer_b %ptime_integer_e ) '.'
                ( ( DIGIT* POS_DIGIT ) >ptime_fraction_b %ptime_fraction_e );

  # "sendrecv" / "sendonly" / "recvonly" / "inactive"   (RFC 8866 §6.7; %s: case-sensitive)
  direction_value = 'sendrecv' @direction_sendrecv | 'sendonly' @direction_sendonly
                  | 'recvonly' @direction_recvonly | 'inactive' @direction_inactive;

  # rtcp-attribute = "a=rtcp:" port [nettype space addrtype space
  #                  connection-address] CRLF                      (RFC 3605 §2.1)
  rtcp_value = ( DIGIT+ >rtcp_port_b %rtcp_port_e ) ( SP ( value_string >rtcp_connection_b %rtcp_connection_e ) )?;

  # mid-attribute = "a=mid:" identification-tag ; identification-tag = token
  # group-attribute = "a=group:" semantics *(SP identification-tag)
  # semantics = "LS" / "FID" / semantics-extension ; semantics-extension = token
  #                                                                 (RFC 5888 §4, §5)
  # (one rule for both: a mid is a group value with its semantics alone)
  group_value = ( sdp_token >group_semantics_b %group_semantics_e ) ( SP sdp_token )*;

  # ssrc-attr = "ssrc:" ssrc-id SP attribute ; ssrc-id = integer ; 0 .. 2**32 - 1
  # attribute = (att-field ":" att-value) / att-field             (RFC 5576 §4.1)
  # (RFC 4566's integer starts with POS-DIGIT, yet the range RFC 5576 gives
  #  includes 0, and SSRC 0 is a valid RTP SSRC: read as zero-based-integer)
  ssrc_value = ( zero_based_integer >ssrc_id_b %ssrc_id_e ) SP ( sdp_token >ssrc_attribute_b %ssrc_attribute_e )
               ( ':' ( value_string >ssrc_value_b %ssrc_value_e ) )?;

  # candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP
  #                       priority SP connection-address SP port SP cand-type
  #                       [SP rel-addr] [SP rel-port] *(SP cand-extension)
  # foundation = 1*32ice-char ; component-id = 1*3DIGIT
  # transport = "UDP" / transport-extension ; transport-extension = token
  # priority = 1*10DIGIT ; cand-type = "typ" SP candidate-types
  # candidate-types = "host" / "srflx" / "prflx" / "relay" / token
  # rel-addr = "raddr" SP connection-address ; rel-port = "rport" SP port
  # cand-extension = extension-att-name SP extension-att-value
  # extension-att-name = token ; extension-att-value = *VCHAR       (RFC 8839 §5.1)
  # (connection-address, which RFC 8839 takes from RFC 4566, is read as
  #  non-ws-string: every alternative of it is one; "typ", "raddr", "rport" are
  #  case-insensitive literals)
  candidate_value = ( ice_char{1,32} >candidate_foundation_b %candidate_foundation_e ) SP
                    ( DIGIT{1,3} >candidate_component_b %candidate_component_e ) SP
                    ( sdp_token >candidate_transport_b %candidate_transport_e ) SP
                    ( DIGIT{1,10} >candidate_priority_b %candidate_priority_e ) SP
                    ( non_ws_string >candidate_address_b %candidate_address_e ) SP
                    ( DIGIT+ >candidate_port_b %candidate_port_e )
                    SP 'typ'i SP ( sdp_token >candidate_type_b %candidate_type_e )
                    ( SP 'raddr'i SP ( non_ws_string >candidate_raddr_b %candidate_raddr_e ) )?
                    ( SP 'rport'i SP ( DIGIT+ >candidate_rport_b %candidate_rport_e ) )?
                    ( SP sdp_token SP VCHAR* )*;

  # ice-ufrag-att = "ice-ufrag:" ufrag ; ufrag = 4*256ice-char
  # ice-pwd-att = "ice-pwd:" password ; password = 22*256ice-char   (RFC 8839 §5.4)
  # (the lower bound is checked by the host: one rule for both)
  ice_credential_value = ice_char{1,256};

  # fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
  # hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
  # fingerprint = 2UHEX *(":" 2UHEX) ; UHEX = DIGIT / %x41-46       (RFC 8122 §5)
  UHEX = DIGIT | 'A'..'F';
  fingerprint_value = ( sdp_token >fingerprint_hash_b %fingerprint_hash_e ) SP
                      ( ( UHEX{2} ( ':' UHEX{2} )* ) >fingerprint_digest_b %fingerprint_digest_e );

  # setup-attr = "a=setup:" role
  # role = "active" / "passive" / "actpass" / "holdconn"          (RFC 4145 §4)
  setup_value = 'active'i @setup_active | 'passive'i @setup_passive
              | 'actpass'i @setup_actpass | 'holdconn'i @setup_holdconn;

  # a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
  # tag = 1*9DIGIT ; crypto-suite = 1*(ALPHA / DIGIT / "_")
  # key-params = key-param *(";" key-param) ; key-param = key-method ":" key-info
  # key-method = "inline" / key-method-ext ; key-method-ext = 1*(ALPHA / DIGIT / "_")
  # key-info = 1*(%x21-3A / %x3C-7E) ; session-param = 1*(VCHAR)
  # separated by 1*WSP                                              (RFC 4568 §9.1)
  crypto_word = ( ALPHA | DIGIT | '_' )+;
  key_info = ( 0x21..0x3a | 0x3c..0x7e )+;
  key_params = ( crypto_word >crypto_key_method_b %crypto_key_method_e ':' ( key_info >crypto_key_info_b %crypto_key_info_e ) )
               ( ';' crypto_word ':' key_info )*;
  crypto_value = ( DIGIT{1,9} >crypto_tag_b %crypto_tag_e ) WSP+ ( crypto_word >crypto_suite_b %crypto_suite_e ) WSP+
                 ( key_params >crypto_key_params_b %crypto_key_params_e ) ( WSP+ VCHAR+ )*;

  # extmap = mapentry SP extensionname [SP extensionattributes]
  # extensionname = URI ; direction = "sendonly" / "recvonly" / "sendrecv" / "inactive"
  # mapentry = "extmap:" 1*5DIGIT ["/" direction]
  # extensionattributes = byte-string                               (RFC 8285 §7)
  # (the URI is read as non-ws-string)
  extmap_direction = 'sendonly' | 'recvonly' | 'sendrecv' | 'inactive';
  extmap_value = ( DIGIT{1,5} >extmap_id_b %extmap_id_e ) ( '/' ( extmap_direction >extmap_direction_b %extmap_direction_e ) )? SP
                 ( non_ws_string >extmap_uri_b %extmap_uri_e ) ( SP ( value_string >extmap_attributes_b %extmap_attributes_e ) )?;
}%%
