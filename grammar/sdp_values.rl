// sipspan — SDP: the typed-value machines, one per line or attribute value.
//
// RFC 8866 §9 (origin, connection, bandwidth, timing, repeat, zone, media),
// §6 (rtpmap, fmtp, ptime, maxptime and the direction attributes); RFC 3605
// §2.1 (rtcp), RFC 5888 §4-5 (mid, group), RFC 5576 §4.1 (ssrc), RFC 8839
// §5.1, §5.4 (candidate, ice-ufrag, ice-pwd), RFC 8122 §5 (fingerprint),
// RFC 4145 §4 (setup), RFC 4568 §9.1 (crypto), RFC 8285 §7 (extmap). The ABNF
// each machine implements is quoted above it.
//
// One convention runs them all: sdp_run_<name>(marks) reads the whole value
// and returns true when the machine accepted it; its actions only mark the
// named fields (slot::<name>::<field>), the address kinds and keywords, and
// sdp.cpp converts. The lexical rules are in sdp_common.rl.

#include "sdp/sdp_scan.hpp"
#include "sipspan/sdp.hpp"

namespace sipspan::detail {

%%{
  # What every typed machine shares: the rules, the address kinds it
  # recognised, and the first failure. Each machine below names its own
  # field marks (slot::<machine>::<field>, sdp_scan.hpp).
  machine sdp_typed;
  include sdp_common "sdp_common.rl";

  action k_ip4  { m.kinds |= k_ip4; }
  action k_ip4m { m.kinds |= k_ip4m; }
  action k_ip6  { m.kinds |= k_ip6; }
  action k_ip6m { m.kinds |= k_ip6m; }
  action k_fqdn { m.kinds |= k_fqdn; }
  action k_bracket { m.kinds |= k_bracket; }
  action bad { m.fail(p); }
}%%

// Run a typed machine over `value`: the caller declares `m` and `cs`.
#define SIPSPAN_SDP_PRELUDE                                      \
  const sdp_uchar* p = m.base;                                   \
  const sdp_uchar* pe = m.end;                                   \
  const sdp_uchar* eof = pe;                                     \
  (void)eof

// ------------------------------------------------------------- origin ---
// origin-field = %s"o" "=" username SP sess-id SP sess-version SP
//                nettype SP addrtype SP unicast-address CRLF
// username = non-ws-string ; sess-id = 1*DIGIT ; sess-version = 1*DIGIT
// nettype = token ; addrtype = token
// unicast-address = IP4-address / IP6-address / FQDN / extn-addr
// extn-addr = non-ws-string
// (tolerated: an IPv6 address in brackets, as in a URI)
%%{
  machine sdp_origin;
  alphtype unsigned char;
  include sdp_typed;
  action username_b { m.fb[username] = p; }  action username_e { m.fe[username] = p; }
  action sess_id_b { m.fb[sess_id] = p; }  action sess_id_e { m.fe[sess_id] = p; }
  action sess_version_b { m.fb[sess_version] = p; }  action sess_version_e { m.fe[sess_version] = p; }
  action nettype_b { m.fb[nettype] = p; }  action nettype_e { m.fe[nettype] = p; }
  action addrtype_b { m.fb[addrtype] = p; }  action addrtype_e { m.fe[addrtype] = p; }
  action address_b { m.fb[address] = p; }  action address_e { m.fe[address] = p; }
  action bracketed_b { m.fb[bracketed] = p; }  action bracketed_e { m.fe[bracketed] = p; }
  bracketed_ip6 = ( '[' ( IP6_address >bracketed_b %bracketed_e ) ']' ) %k_bracket;
  unicast_address = ( IP4_address %k_ip4 | IP6_address %k_ip6 | FQDN %k_fqdn | bracketed_ip6 | non_ws_string );
  main := ( ( non_ws_string >username_b %username_e ) SP ( DIGIT+ >sess_id_b %sess_id_e ) SP ( DIGIT+ >sess_version_b %sess_version_e ) SP
            ( sdp_token >nettype_b %nettype_e ) SP ( sdp_token >addrtype_b %addrtype_e ) SP ( unicast_address >address_b %address_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_origin(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::origin;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_origin_first_final;
}

// --------------------------------------------------------- connection ---
// connection-field = %s"c" "=" nettype SP addrtype SP connection-address CRLF
// connection-address = multicast-address / unicast-address
// multicast-address = IP4-multicast / IP6-multicast / FQDN / extn-addr
// IP4-multicast = m1 3( "." decimal-uchar ) "/" ttl [ "/" numaddr ]
// IP6-multicast = IP6-address [ "/" numaddr ] ; numaddr = integer
// (tolerated: an IPv6 address in brackets)
%%{
  machine sdp_connection;
  alphtype unsigned char;
  include sdp_typed;
  action nettype_b { m.fb[nettype] = p; }  action nettype_e { m.fe[nettype] = p; }
  action addrtype_b { m.fb[addrtype] = p; }  action addrtype_e { m.fe[addrtype] = p; }
  action address_b { m.fb[address] = p; }  action address_e { m.fe[address] = p; }
  action ttl_b { m.fb[ttl] = p; }  action ttl_e { m.fe[ttl] = p; }
  action numaddr_b { m.fb[numaddr] = p; }  action numaddr_e { m.fe[numaddr] = p; }
  action bracketed_b { m.fb[bracketed] = p; }  action bracketed_e { m.fe[bracketed] = p; }
  ip4_multicast = ( m1 ( '.' decimal_uchar ){3} ) %address_e '/' ( ttl >ttl_b %ttl_e ) ( '/' ( integer >numaddr_b %numaddr_e ) )?;
  ip6_multicast = IP6_address %address_e '/' ( integer >numaddr_b %numaddr_e );
  bracketed_ip6 = ( '[' ( IP6_address >bracketed_b %bracketed_e ) ']' ) %k_bracket;
  connection_address = ( IP4_address %k_ip4 | ip4_multicast %k_ip4m | IP6_address %k_ip6
                       | ip6_multicast %k_ip6m | FQDN %k_fqdn | bracketed_ip6 | non_ws_string ) >address_b;
  main := ( ( sdp_token >nettype_b %nettype_e ) SP ( sdp_token >addrtype_b %addrtype_e ) SP connection_address ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_connection(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::connection;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_connection_first_final;
}

// ---------------------------------------------------------- bandwidth ---
// bandwidth-field = %s"b" "=" bwtype ":" bandwidth CRLF
// bwtype = token ; bandwidth = 1*DIGIT
%%{
  machine sdp_bandwidth;
  alphtype unsigned char;
  include sdp_typed;
  action type_b { m.fb[type] = p; }  action type_e { m.fe[type] = p; }
  action value_b { m.fb[value] = p; }  action value_e { m.fe[value] = p; }
  main := ( ( sdp_token >type_b %type_e ) ':' ( DIGIT+ >value_b %value_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_bandwidth(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::bandwidth;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_bandwidth_first_final;
}

// ------------------------------------------------------------- timing ---
// time-field = %s"t" "=" start-time SP stop-time CRLF
%%{
  machine sdp_timing;
  alphtype unsigned char;
  include sdp_typed;
  action start_b { m.fb[start] = p; }  action start_e { m.fe[start] = p; }
  action stop_b { m.fb[stop] = p; }  action stop_e { m.fe[stop] = p; }
  main := ( ( ( time | '0' ) >start_b %start_e ) SP ( ( time | '0' ) >stop_b %stop_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_timing(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::timing;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_timing_first_final;
}

// --------------------------------------------------------- typed-time ---
// ["-"] typed-time, as z= offsets take it (the "-" only when asked for).
%%{
  machine sdp_typed_time;
  alphtype unsigned char;
  include sdp_typed;
  action negative { m.negative = true; }
  main := ( ( '-' @negative )? typed_time ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_typed_time(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_typed_time_first_final;
}

// ------------------------------------------------------------- repeat ---
// repeat-field = %s"r" "=" repeat-interval SP typed-time 1*(SP typed-time) CRLF
%%{
  machine sdp_repeat;
  alphtype unsigned char;
  include sdp_typed;
  action interval_b { m.fb[interval] = p; }  action interval_e { m.fe[interval] = p; }
  action duration_b { m.fb[duration] = p; }  action duration_e { m.fe[duration] = p; }
  main := ( ( repeat_interval >interval_b %interval_e ) SP ( typed_time >duration_b %duration_e ) ( SP typed_time )+ ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_repeat(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::repeat;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_repeat_first_final;
}

// --------------------------------------------------------------- zone ---
// zone-field = %s"z" "=" time SP ["-"] typed-time *(SP time SP ["-"] typed-time) CRLF
%%{
  machine sdp_zone;
  alphtype unsigned char;
  include sdp_typed;
  adjustment = time SP '-'? typed_time;
  main := ( adjustment ( SP adjustment )* ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_zone(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_zone_first_final;
}

// -------------------------------------------------------------- media ---
// media-field = %s"m" "=" media SP port ["/" integer] SP proto 1*(SP fmt) CRLF
// media = token ; port = 1*DIGIT ; proto = token *("/" token) ; fmt = token
%%{
  machine sdp_media;
  alphtype unsigned char;
  include sdp_typed;
  action media_b { m.fb[media] = p; }  action media_e { m.fe[media] = p; }
  action port_b { m.fb[port] = p; }  action port_e { m.fe[port] = p; }
  action count_b { m.fb[count] = p; }  action count_e { m.fe[count] = p; }
  action proto_b { m.fb[proto] = p; }  action proto_e { m.fe[proto] = p; }
  proto = sdp_token ( '/' sdp_token )*;
  main := ( ( sdp_token >media_b %media_e ) SP ( DIGIT+ >port_b %port_e ) ( '/' ( integer >count_b %count_e ) )? SP
            ( proto >proto_b %proto_e ) ( SP sdp_token )+ ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_media(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::media;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_media_first_final;
}

// ------------------------------------------------------------- rtpmap ---
// rtpmap-value = payload-type SP encoding-name "/" clock-rate [ "/" encoding-params ]
// payload-type = zero-based-integer ; encoding-name = token ; clock-rate = integer
// encoding-params = channels ; channels = integer               (RFC 8866 §6.6)
// (tolerated: no "/" clock-rate, as RFC 2327 era offers wrote "a=rtpmap:31 LPC";
//  the host says whether it is allowed)
%%{
  machine sdp_rtpmap;
  alphtype unsigned char;
  include sdp_typed;
  action payload_b { m.fb[payload] = p; }  action payload_e { m.fe[payload] = p; }
  action encoding_b { m.fb[encoding] = p; }  action encoding_e { m.fe[encoding] = p; }
  action clock_rate_b { m.fb[clock_rate] = p; }  action clock_rate_e { m.fe[clock_rate] = p; }
  action channels_b { m.fb[channels] = p; }  action channels_e { m.fe[channels] = p; }
  main := ( ( zero_based_integer >payload_b %payload_e ) SP ( sdp_token >encoding_b %encoding_e )
            ( '/' ( integer >clock_rate_b %clock_rate_e ) ( '/' ( integer >channels_b %channels_e ) )? )? ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_rtpmap(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::rtpmap;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_rtpmap_first_final;
}

// --------------------------------------------------------------- fmtp ---
// fmtp-value = fmt SP format-specific-params
// format-specific-params = byte-string                          (RFC 8866 §6.15)
%%{
  machine sdp_fmtp;
  alphtype unsigned char;
  include sdp_typed;
  action format_b { m.fb[format] = p; }  action format_e { m.fe[format] = p; }
  action params_b { m.fb[params] = p; }  action params_e { m.fe[params] = p; }
  main := ( ( sdp_token >format_b %format_e ) SP ( byte_string >params_b %params_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_fmtp(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::fmtp;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_fmtp_first_final;
}

// -------------------------------------------------------------- ptime ---
// ptime-value = non-zero-int-or-real ; maxptime-value = non-zero-int-or-real
// non-zero-int-or-real = integer / non-zero-real
// non-zero-real = zero-based-integer "." *DIGIT POS-DIGIT      (RFC 8866 §6.4, §6.5)
%%{
  machine sdp_ptime;
  alphtype unsigned char;
  include sdp_typed;
  action integer_b { m.fb[integer] = p; }  action integer_e { m.fe[integer] = p; }
  action fraction_b { m.fb[fraction] = p; }  action fraction_e { m.fe[fraction] = p; }
  main := ( ( integer >integer_b %integer_e )
          | ( zero_based_integer >integer_b %integer_e ) '.' ( ( DIGIT* POS_DIGIT ) >fraction_b %fraction_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_ptime(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::ptime;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ptime_first_final;
}

// ---------------------------------------------------------- direction ---
// "sendrecv" / "sendonly" / "recvonly" / "inactive"   (RFC 8866 §6.7; %s: case-sensitive)
%%{
  machine sdp_direction;
  alphtype unsigned char;
  include sdp_typed;
  action sendrecv { m.keyword = static_cast<int>(media_direction::sendrecv); }
  action sendonly { m.keyword = static_cast<int>(media_direction::sendonly); }
  action recvonly { m.keyword = static_cast<int>(media_direction::recvonly); }
  action inactive { m.keyword = static_cast<int>(media_direction::inactive); }
  main := ( 'sendrecv' @sendrecv | 'sendonly' @sendonly | 'recvonly' @recvonly | 'inactive' @inactive ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_direction(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_direction_first_final;
}

// --------------------------------------------------------------- rtcp ---
// rtcp-attribute = "a=rtcp:" port [nettype space addrtype space
//                  connection-address] CRLF                      (RFC 3605 §2.1)
%%{
  machine sdp_rtcp;
  alphtype unsigned char;
  include sdp_typed;
  action port_b { m.fb[port] = p; }  action port_e { m.fe[port] = p; }
  action connection_b { m.fb[connection] = p; }  action connection_e { m.fe[connection] = p; }
  main := ( ( DIGIT+ >port_b %port_e ) ( SP ( byte_string >connection_b %connection_e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_rtcp(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::rtcp;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_rtcp_first_final;
}

// ---------------------------------------------------------- mid, group ---
// mid-attribute = "a=mid:" identification-tag ; identification-tag = token
// group-attribute = "a=group:" semantics *(SP identification-tag)
// semantics = "LS" / "FID" / semantics-extension ; semantics-extension = token
//                                                                 (RFC 5888 §4, §5)
%%{
  machine sdp_group;
  alphtype unsigned char;
  include sdp_typed;
  action semantics_b { m.fb[semantics] = p; }  action semantics_e { m.fe[semantics] = p; }
  main := ( ( sdp_token >semantics_b %semantics_e ) ( SP sdp_token )* ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_group(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::group;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_group_first_final;
}

// --------------------------------------------------------------- ssrc ---
// ssrc-attr = "ssrc:" ssrc-id SP attribute ; ssrc-id = integer ; 0 .. 2**32 - 1
// attribute = (att-field ":" att-value) / att-field             (RFC 5576 §4.1)
// (RFC 4566's integer starts with POS-DIGIT, yet the range RFC 5576 gives
//  includes 0, and SSRC 0 is a valid RTP SSRC: read as zero-based-integer)
%%{
  machine sdp_ssrc;
  alphtype unsigned char;
  include sdp_typed;
  action id_b { m.fb[id] = p; }  action id_e { m.fe[id] = p; }
  action attribute_b { m.fb[attribute] = p; }  action attribute_e { m.fe[attribute] = p; }
  action value_b { m.fb[value] = p; }  action value_e { m.fe[value] = p; }
  main := ( ( zero_based_integer >id_b %id_e ) SP ( sdp_token >attribute_b %attribute_e ) ( ':' ( byte_string >value_b %value_e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_ssrc(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::ssrc;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ssrc_first_final;
}

// ---------------------------------------------------------- candidate ---
// candidate-attribute = "candidate" ":" foundation SP component-id SP transport SP
//                       priority SP connection-address SP port SP cand-type
//                       [SP rel-addr] [SP rel-port] *(SP cand-extension)
// foundation = 1*32ice-char ; component-id = 1*3DIGIT
// transport = "UDP" / transport-extension ; transport-extension = token
// priority = 1*10DIGIT ; cand-type = "typ" SP candidate-types
// candidate-types = "host" / "srflx" / "prflx" / "relay" / token
// rel-addr = "raddr" SP connection-address ; rel-port = "rport" SP port
// cand-extension = extension-att-name SP extension-att-value
// extension-att-name = token ; extension-att-value = *VCHAR       (RFC 8839 §5.1)
// (connection-address, which RFC 8839 takes from RFC 4566, is read as
//  non-ws-string: every alternative of it is one; "typ", "raddr", "rport" are
//  case-insensitive literals)
%%{
  machine sdp_candidate;
  alphtype unsigned char;
  include sdp_typed;
  action foundation_b { m.fb[foundation] = p; }  action foundation_e { m.fe[foundation] = p; }
  action component_b { m.fb[component] = p; }  action component_e { m.fe[component] = p; }
  action transport_b { m.fb[transport] = p; }  action transport_e { m.fe[transport] = p; }
  action priority_b { m.fb[priority] = p; }  action priority_e { m.fe[priority] = p; }
  action address_b { m.fb[address] = p; }  action address_e { m.fe[address] = p; }
  action port_b { m.fb[port] = p; }  action port_e { m.fe[port] = p; }
  action type_b { m.fb[type] = p; }  action type_e { m.fe[type] = p; }
  action raddr_b { m.fb[raddr] = p; }  action raddr_e { m.fe[raddr] = p; }
  action rport_b { m.fb[rport] = p; }  action rport_e { m.fe[rport] = p; }
  main := ( ( ice_char{1,32} >foundation_b %foundation_e ) SP ( DIGIT{1,3} >component_b %component_e ) SP ( sdp_token >transport_b %transport_e ) SP
            ( DIGIT{1,10} >priority_b %priority_e ) SP ( non_ws_string >address_b %address_e ) SP ( DIGIT+ >port_b %port_e )
            SP 'typ'i SP ( sdp_token >type_b %type_e )
            ( SP 'raddr'i SP ( non_ws_string >raddr_b %raddr_e ) )?
            ( SP 'rport'i SP ( DIGIT+ >rport_b %rport_e ) )?
            ( SP sdp_token SP VCHAR* )* ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_candidate(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::candidate;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_candidate_first_final;
}

// ----------------------------------------------------- ice-ufrag, ice-pwd ---
// ice-ufrag-att = "ice-ufrag:" ufrag ; ufrag = 4*256ice-char
// ice-pwd-att = "ice-pwd:" password ; password = 22*256ice-char   (RFC 8839 §5.4)
// (the lower bound is checked by the host: one machine for both)
%%{
  machine sdp_ice_credential;
  alphtype unsigned char;
  include sdp_typed;
  main := ice_char{1,256} $!bad;
  write data noerror noentry;
}%%

bool sdp_run_ice_credential(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_ice_credential_first_final;
}

// -------------------------------------------------------- fingerprint ---
// fingerprint-attribute = "fingerprint" ":" hash-func SP fingerprint
// hash-func = "sha-1" / "sha-224" / "sha-256" / "sha-384" / "sha-512" / "md5" / "md2" / token
// fingerprint = 2UHEX *(":" 2UHEX) ; UHEX = DIGIT / %x41-46       (RFC 8122 §5)
%%{
  machine sdp_fingerprint;
  alphtype unsigned char;
  include sdp_typed;
  action hash_b { m.fb[hash] = p; }  action hash_e { m.fe[hash] = p; }
  action digest_b { m.fb[digest] = p; }  action digest_e { m.fe[digest] = p; }
  UHEX = DIGIT | 'A'..'F';
  main := ( ( sdp_token >hash_b %hash_e ) SP ( ( UHEX{2} ( ':' UHEX{2} )* ) >digest_b %digest_e ) ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_fingerprint(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::fingerprint;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_fingerprint_first_final;
}

// -------------------------------------------------------------- setup ---
// setup-attr = "a=setup:" role
// role = "active" / "passive" / "actpass" / "holdconn"          (RFC 4145 §4)
%%{
  machine sdp_setup;
  alphtype unsigned char;
  include sdp_typed;
  action active { m.keyword = static_cast<int>(setup_role::active); }
  action passive { m.keyword = static_cast<int>(setup_role::passive); }
  action actpass { m.keyword = static_cast<int>(setup_role::actpass); }
  action holdconn { m.keyword = static_cast<int>(setup_role::holdconn); }
  main := ( 'active'i @active | 'passive'i @passive | 'actpass'i @actpass | 'holdconn'i @holdconn ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_setup(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_setup_first_final;
}

// ------------------------------------------------------------- crypto ---
// a=crypto:<tag> <crypto-suite> <key-params> [<session-params>]
// tag = 1*9DIGIT ; crypto-suite = 1*(ALPHA / DIGIT / "_")
// key-params = key-param *(";" key-param) ; key-param = key-method ":" key-info
// key-method = "inline" / key-method-ext ; key-method-ext = 1*(ALPHA / DIGIT / "_")
// key-info = 1*(%x21-3A / %x3C-7E) ; session-param = 1*(VCHAR)
// separated by 1*WSP                                              (RFC 4568 §9.1)
%%{
  machine sdp_crypto;
  alphtype unsigned char;
  include sdp_typed;
  action tag_b { m.fb[tag] = p; }  action tag_e { m.fe[tag] = p; }
  action suite_b { m.fb[suite] = p; }  action suite_e { m.fe[suite] = p; }
  action key_params_b { m.fb[key_params] = p; }  action key_params_e { m.fe[key_params] = p; }
  action key_method_b { m.fb[key_method] = p; }  action key_method_e { m.fe[key_method] = p; }
  action key_info_b { m.fb[key_info] = p; }  action key_info_e { m.fe[key_info] = p; }
  crypto_word = ( ALPHA | DIGIT | '_' )+;
  key_info = ( 0x21..0x3a | 0x3c..0x7e )+;
  key_params = ( crypto_word >key_method_b %key_method_e ':' ( key_info >key_info_b %key_info_e ) ) ( ';' crypto_word ':' key_info )*;
  main := ( ( DIGIT{1,9} >tag_b %tag_e ) WSP+ ( crypto_word >suite_b %suite_e ) WSP+ ( key_params >key_params_b %key_params_e )
            ( WSP+ VCHAR+ )* ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_crypto(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::crypto;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_crypto_first_final;
}

// ------------------------------------------------------------- extmap ---
// extmap = mapentry SP extensionname [SP extensionattributes]
// extensionname = URI ; direction = "sendonly" / "recvonly" / "sendrecv" / "inactive"
// mapentry = "extmap:" 1*5DIGIT ["/" direction]
// extensionattributes = byte-string                               (RFC 8285 §7)
// (the URI is read as non-ws-string)
%%{
  machine sdp_extmap;
  alphtype unsigned char;
  include sdp_typed;
  action id_b { m.fb[id] = p; }  action id_e { m.fe[id] = p; }
  action direction_b { m.fb[direction] = p; }  action direction_e { m.fe[direction] = p; }
  action uri_b { m.fb[uri] = p; }  action uri_e { m.fe[uri] = p; }
  action attributes_b { m.fb[attributes] = p; }  action attributes_e { m.fe[attributes] = p; }
  direction = 'sendonly' | 'recvonly' | 'sendrecv' | 'inactive';
  main := ( ( DIGIT{1,5} >id_b %id_e ) ( '/' ( direction >direction_b %direction_e ) )? SP ( non_ws_string >uri_b %uri_e )
            ( SP ( byte_string >attributes_b %attributes_e ) )? ) $!bad;
  write data noerror noentry;
}%%

bool sdp_run_extmap(sdp_marks& m) noexcept {
  SIPSPAN_SDP_PRELUDE;
  using namespace slot::extmap;
  int cs;
  %% write init;
  %% write exec;
  return !m.failed && cs >= sdp_extmap_first_final;
}

#undef SIPSPAN_SDP_PRELUDE

}  // namespace sipspan::detail
