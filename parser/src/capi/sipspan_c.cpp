// sipspan — the C API (sipspan.h): thin noexcept wrappers over the C++ API.
// Nothing here allocates or throws; spans are handed out as they are.

#include "sipspan/sipspan.h"

#include <cstdint>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>

#include "sipspan/sdp.hpp"
#include "sipspan/sipspan.hpp"
#include "capi/capi_types.hpp"

// The storage constants and the enums of the header must match the C++ types.
static_assert(SIPSPAN_MESSAGE_SIZE >= sizeof(sipspan::message_view));
static_assert(SIPSPAN_MESSAGE_ALIGN >= alignof(sipspan::message_view));
static_assert(SIPSPAN_MESSAGE_ALIGN % alignof(sipspan::message_view) == 0);
static_assert(SIPSPAN_SDP_SIZE >= sizeof(sipspan::session_description_view));
static_assert(SIPSPAN_SDP_ALIGN % alignof(sipspan::session_description_view) == 0);
// Storage is dropped without a destructor call.
static_assert(std::is_trivially_destructible_v<sipspan::message_view>);
static_assert(std::is_trivially_destructible_v<sipspan::session_description_view>);
static_assert(SIPSPAN_NO_HEADER == sipspan::no_header);
static_assert(sipspan::rule_count <= SIPSPAN_RULE_BITS);
static_assert(SIPSPAN_SEVERITY_OFF == static_cast<int>(sipspan::severity::off));
static_assert(SIPSPAN_SEVERITY_INFO == static_cast<int>(sipspan::severity::info));
static_assert(SIPSPAN_SEVERITY_WARNING == static_cast<int>(sipspan::severity::warning));
static_assert(SIPSPAN_SEVERITY_ERROR == static_cast<int>(sipspan::severity::error));
static_assert(SIPSPAN_PROFILE_STRICT == static_cast<int>(sipspan::lint_profile::strict));
static_assert(SIPSPAN_PROFILE_INTEROP == static_cast<int>(sipspan::lint_profile::interop));
static_assert(SIPSPAN_PROFILE_FORENSIC == static_cast<int>(sipspan::lint_profile::forensic));
static_assert(SIPSPAN_URI_SIP == static_cast<int>(sipspan::uri_scheme::sip));
static_assert(SIPSPAN_URI_SIPS == static_cast<int>(sipspan::uri_scheme::sips));
static_assert(SIPSPAN_URI_TEL == static_cast<int>(sipspan::uri_scheme::tel));
static_assert(SIPSPAN_URI_OTHER == static_cast<int>(sipspan::uri_scheme::other));
static_assert(SIPSPAN_ROLE_UAC == static_cast<int>(sipspan::dialog_role::uac));
static_assert(SIPSPAN_ROLE_UAS == static_cast<int>(sipspan::dialog_role::uas));
static_assert(SIPSPAN_ERR_SUCCESS == static_cast<int>(sipspan::error_code::success));
static_assert(SIPSPAN_ERR_EMPTY_INPUT == static_cast<int>(sipspan::error_code::empty_input));
static_assert(SIPSPAN_ERR_INPUT_TOO_LARGE == static_cast<int>(sipspan::error_code::input_too_large));
static_assert(SIPSPAN_ERR_INCOMPLETE_MESSAGE == static_cast<int>(sipspan::error_code::incomplete_message));
static_assert(SIPSPAN_ERR_BAD_START_LINE == static_cast<int>(sipspan::error_code::bad_start_line));
static_assert(SIPSPAN_ERR_BAD_METHOD == static_cast<int>(sipspan::error_code::bad_method));
static_assert(SIPSPAN_ERR_BAD_REQUEST_URI == static_cast<int>(sipspan::error_code::bad_request_uri));
static_assert(SIPSPAN_ERR_BAD_SIP_VERSION == static_cast<int>(sipspan::error_code::bad_sip_version));
static_assert(SIPSPAN_ERR_BAD_STATUS_CODE == static_cast<int>(sipspan::error_code::bad_status_code));
static_assert(SIPSPAN_ERR_BAD_HEADER_LINE == static_cast<int>(sipspan::error_code::bad_header_line));
static_assert(SIPSPAN_ERR_BARE_CR == static_cast<int>(sipspan::error_code::bare_cr));
static_assert(SIPSPAN_ERR_HEADER_NAME_TOO_LONG == static_cast<int>(sipspan::error_code::header_name_too_long));
static_assert(SIPSPAN_ERR_TOO_MANY_HEADERS == static_cast<int>(sipspan::error_code::too_many_headers));
static_assert(SIPSPAN_ERR_TOO_MANY_DEVIATIONS == static_cast<int>(sipspan::error_code::too_many_deviations));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_INVALID == static_cast<int>(sipspan::error_code::content_length_invalid));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_OVERFLOW == static_cast<int>(sipspan::error_code::content_length_overflow));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_CONFLICT == static_cast<int>(sipspan::error_code::content_length_conflict));
static_assert(SIPSPAN_ERR_DEVIATION_REJECTED == static_cast<int>(sipspan::error_code::deviation_rejected));
static_assert(SIPSPAN_ERR_EMPTY_VALUE == static_cast<int>(sipspan::error_code::empty_value));
static_assert(SIPSPAN_ERR_BAD_URI == static_cast<int>(sipspan::error_code::bad_uri));
static_assert(SIPSPAN_ERR_BAD_ESCAPE == static_cast<int>(sipspan::error_code::bad_escape));
static_assert(SIPSPAN_ERR_BAD_HOST == static_cast<int>(sipspan::error_code::bad_host));
static_assert(SIPSPAN_ERR_BAD_PORT == static_cast<int>(sipspan::error_code::bad_port));
static_assert(SIPSPAN_ERR_BAD_PARAMETER == static_cast<int>(sipspan::error_code::bad_parameter));
static_assert(SIPSPAN_ERR_BAD_VIA == static_cast<int>(sipspan::error_code::bad_via));
static_assert(SIPSPAN_ERR_BAD_NAME_ADDR == static_cast<int>(sipspan::error_code::bad_name_addr));
static_assert(SIPSPAN_ERR_BAD_DISPLAY_NAME == static_cast<int>(sipspan::error_code::bad_display_name));
static_assert(SIPSPAN_ERR_BAD_QUOTED_STRING == static_cast<int>(sipspan::error_code::bad_quoted_string));
static_assert(SIPSPAN_ERR_BAD_CSEQ == static_cast<int>(sipspan::error_code::bad_cseq));
static_assert(SIPSPAN_ERR_BAD_CALL_ID == static_cast<int>(sipspan::error_code::bad_call_id));
static_assert(SIPSPAN_ERR_BAD_NUMBER == static_cast<int>(sipspan::error_code::bad_number));
static_assert(SIPSPAN_ERR_NUMBER_OVERFLOW == static_cast<int>(sipspan::error_code::number_overflow));
static_assert(SIPSPAN_ERR_BAD_TOKEN == static_cast<int>(sipspan::error_code::bad_token));
static_assert(SIPSPAN_ERR_BAD_TOKEN_LIST == static_cast<int>(sipspan::error_code::bad_token_list));
static_assert(SIPSPAN_ERR_BAD_MEDIA_TYPE == static_cast<int>(sipspan::error_code::bad_media_type));
static_assert(SIPSPAN_ERR_BAD_RACK == static_cast<int>(sipspan::error_code::bad_rack));
static_assert(SIPSPAN_ERR_BAD_RETRY_AFTER == static_cast<int>(sipspan::error_code::bad_retry_after));
static_assert(SIPSPAN_ERR_BAD_TIMESTAMP == static_cast<int>(sipspan::error_code::bad_timestamp));
static_assert(SIPSPAN_ERR_BAD_DATE == static_cast<int>(sipspan::error_code::bad_date));
static_assert(SIPSPAN_ERR_BAD_WARNING == static_cast<int>(sipspan::error_code::bad_warning));
static_assert(SIPSPAN_ERR_BAD_EVENT == static_cast<int>(sipspan::error_code::bad_event));
static_assert(SIPSPAN_ERR_BAD_CREDENTIALS == static_cast<int>(sipspan::error_code::bad_credentials));
static_assert(SIPSPAN_ERR_NUMBER_UNDERFLOW == static_cast<int>(sipspan::error_code::number_underflow));
static_assert(SIPSPAN_ERR_MISSING_HEADER == static_cast<int>(sipspan::error_code::missing_header));
static_assert(SIPSPAN_ERR_BUFFER_TOO_SMALL == static_cast<int>(sipspan::error_code::buffer_too_small));
static_assert(SIPSPAN_ERR_SDP_MISSING_VERSION == static_cast<int>(sipspan::error_code::sdp_missing_version));
static_assert(SIPSPAN_ERR_SDP_MISSING_ORIGIN == static_cast<int>(sipspan::error_code::sdp_missing_origin));
static_assert(SIPSPAN_ERR_SDP_MISSING_SESSION_NAME == static_cast<int>(sipspan::error_code::sdp_missing_session_name));
static_assert(SIPSPAN_ERR_SDP_MISSING_TIMING == static_cast<int>(sipspan::error_code::sdp_missing_timing));
static_assert(SIPSPAN_ERR_SDP_MISSING_CONNECTION == static_cast<int>(sipspan::error_code::sdp_missing_connection));
static_assert(SIPSPAN_ERR_SDP_LINE_ORDER == static_cast<int>(sipspan::error_code::sdp_line_order));
static_assert(SIPSPAN_ERR_SDP_UNKNOWN_TYPE == static_cast<int>(sipspan::error_code::sdp_unknown_type));
static_assert(SIPSPAN_ERR_SDP_BAD_LINE == static_cast<int>(sipspan::error_code::sdp_bad_line));
static_assert(SIPSPAN_ERR_SDP_EMPTY_VALUE == static_cast<int>(sipspan::error_code::sdp_empty_value));
static_assert(SIPSPAN_ERR_SDP_NUL_BYTE == static_cast<int>(sipspan::error_code::sdp_nul_byte));
static_assert(SIPSPAN_ERR_SDP_BAD_VERSION == static_cast<int>(sipspan::error_code::sdp_bad_version));
static_assert(SIPSPAN_ERR_TOO_MANY_MEDIA == static_cast<int>(sipspan::error_code::too_many_media));
static_assert(SIPSPAN_ERR_SDP_BAD_ORIGIN == static_cast<int>(sipspan::error_code::sdp_bad_origin));
static_assert(SIPSPAN_ERR_SDP_BAD_CONNECTION == static_cast<int>(sipspan::error_code::sdp_bad_connection));
static_assert(SIPSPAN_ERR_SDP_BAD_BANDWIDTH == static_cast<int>(sipspan::error_code::sdp_bad_bandwidth));
static_assert(SIPSPAN_ERR_SDP_BAD_TIME == static_cast<int>(sipspan::error_code::sdp_bad_time));
static_assert(SIPSPAN_ERR_SDP_BAD_REPEAT == static_cast<int>(sipspan::error_code::sdp_bad_repeat));
static_assert(SIPSPAN_ERR_SDP_BAD_ZONE == static_cast<int>(sipspan::error_code::sdp_bad_zone));
static_assert(SIPSPAN_ERR_SDP_BAD_MEDIA == static_cast<int>(sipspan::error_code::sdp_bad_media));
static_assert(SIPSPAN_ERR_SDP_BAD_RTPMAP == static_cast<int>(sipspan::error_code::sdp_bad_rtpmap));
static_assert(SIPSPAN_ERR_SDP_BAD_FMTP == static_cast<int>(sipspan::error_code::sdp_bad_fmtp));
static_assert(SIPSPAN_ERR_SDP_BAD_PTIME == static_cast<int>(sipspan::error_code::sdp_bad_ptime));
static_assert(SIPSPAN_ERR_SDP_BAD_DIRECTION == static_cast<int>(sipspan::error_code::sdp_bad_direction));
static_assert(SIPSPAN_ERR_SDP_BAD_RTCP == static_cast<int>(sipspan::error_code::sdp_bad_rtcp));
static_assert(SIPSPAN_ERR_SDP_BAD_MID == static_cast<int>(sipspan::error_code::sdp_bad_mid));
static_assert(SIPSPAN_ERR_SDP_BAD_GROUP == static_cast<int>(sipspan::error_code::sdp_bad_group));
static_assert(SIPSPAN_ERR_SDP_BAD_SSRC == static_cast<int>(sipspan::error_code::sdp_bad_ssrc));
static_assert(SIPSPAN_ERR_SDP_BAD_CANDIDATE == static_cast<int>(sipspan::error_code::sdp_bad_candidate));
static_assert(SIPSPAN_ERR_SDP_BAD_ICE_CREDENTIAL == static_cast<int>(sipspan::error_code::sdp_bad_ice_credential));
static_assert(SIPSPAN_ERR_SDP_BAD_FINGERPRINT == static_cast<int>(sipspan::error_code::sdp_bad_fingerprint));
static_assert(SIPSPAN_ERR_SDP_BAD_SETUP == static_cast<int>(sipspan::error_code::sdp_bad_setup));
static_assert(SIPSPAN_ERR_SDP_BAD_CRYPTO == static_cast<int>(sipspan::error_code::sdp_bad_crypto));
static_assert(SIPSPAN_ERR_SDP_BAD_EXTMAP == static_cast<int>(sipspan::error_code::sdp_bad_extmap));
static_assert(SIPSPAN_ERR_BODY_TRUNCATED == static_cast<int>(sipspan::error_code::body_truncated));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_MISSING == static_cast<int>(sipspan::error_code::content_length_missing));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_SIGNED == static_cast<int>(sipspan::error_code::content_length_signed));
static_assert(SIPSPAN_ERR_CONTENT_LENGTH_DUPLICATE == static_cast<int>(sipspan::error_code::content_length_duplicate));
static_assert(SIPSPAN_ERR_HEADERS_TOO_LARGE == static_cast<int>(sipspan::error_code::headers_too_large));
static_assert(SIPSPAN_ERR_BODY_TOO_LARGE == static_cast<int>(sipspan::error_code::body_too_large));
static_assert(SIPSPAN_ERR_STREAM_JUNK == static_cast<int>(sipspan::error_code::stream_junk));
static_assert(SIPSPAN_ERR_STREAM_TRUNCATED == static_cast<int>(sipspan::error_code::stream_truncated));
static_assert(SIPSPAN_ERR_TOO_MANY_MESSAGES == static_cast<int>(sipspan::error_code::too_many_messages));
static_assert(SIPSPAN_ERR_NOT_MULTIPART == static_cast<int>(sipspan::error_code::not_multipart));
static_assert(SIPSPAN_ERR_MULTIPART_MISSING_BOUNDARY == static_cast<int>(sipspan::error_code::multipart_missing_boundary));
static_assert(SIPSPAN_ERR_MULTIPART_BOUNDARY_TOO_LONG == static_cast<int>(sipspan::error_code::multipart_boundary_too_long));
static_assert(SIPSPAN_ERR_MULTIPART_BAD_BOUNDARY == static_cast<int>(sipspan::error_code::multipart_bad_boundary));
static_assert(SIPSPAN_ERR_MULTIPART_NO_DELIMITER == static_cast<int>(sipspan::error_code::multipart_no_delimiter));
static_assert(SIPSPAN_ERR_MULTIPART_BAD_DELIMITER == static_cast<int>(sipspan::error_code::multipart_bad_delimiter));
static_assert(SIPSPAN_ERR_MULTIPART_MISSING_CLOSE == static_cast<int>(sipspan::error_code::multipart_missing_close));
static_assert(SIPSPAN_ERR_MULTIPART_EMPTY_PART == static_cast<int>(sipspan::error_code::multipart_empty_part));
static_assert(SIPSPAN_ERR_MULTIPART_ADJACENT_BOUNDARIES == static_cast<int>(sipspan::error_code::multipart_adjacent_boundaries));
static_assert(SIPSPAN_ERR_MULTIPART_BAD_PART_HEADER == static_cast<int>(sipspan::error_code::multipart_bad_part_header));
static_assert(SIPSPAN_ERR_MULTIPART_TOO_DEEP == static_cast<int>(sipspan::error_code::multipart_too_deep));
static_assert(SIPSPAN_ERR_TOO_MANY_PARTS == static_cast<int>(sipspan::error_code::too_many_parts));
static_assert(SIPSPAN_ERR_TRAILING_GARBAGE == static_cast<int>(sipspan::error_code::trailing_garbage));
static_assert(SIPSPAN_ERR_BAD_PRODUCT == static_cast<int>(sipspan::error_code::bad_product));
static_assert(SIPSPAN_DEV_LEADING_CRLF == static_cast<int>(sipspan::deviation_kind::leading_crlf));
static_assert(SIPSPAN_DEV_START_LINE_WHITESPACE == static_cast<int>(sipspan::deviation_kind::start_line_whitespace));
static_assert(SIPSPAN_DEV_BARE_LF == static_cast<int>(sipspan::deviation_kind::bare_lf));
static_assert(SIPSPAN_DEV_LINE_FOLDING == static_cast<int>(sipspan::deviation_kind::line_folding));
static_assert(SIPSPAN_DEV_HEADER_NAME_WHITESPACE == static_cast<int>(sipspan::deviation_kind::header_name_whitespace));
static_assert(SIPSPAN_DEV_WHITESPACE_BEFORE_COLON == static_cast<int>(sipspan::deviation_kind::whitespace_before_colon));
static_assert(SIPSPAN_DEV_HEADER_NAME_CONTROL == static_cast<int>(sipspan::deviation_kind::header_name_control));
static_assert(SIPSPAN_DEV_HEADER_NAME_INVALID == static_cast<int>(sipspan::deviation_kind::header_name_invalid));
static_assert(SIPSPAN_DEV_MISSING_COLON == static_cast<int>(sipspan::deviation_kind::missing_colon));
static_assert(SIPSPAN_DEV_CONTROL_BYTE_IN_VALUE == static_cast<int>(sipspan::deviation_kind::control_byte_in_value));
static_assert(SIPSPAN_DEV_COMMA_IN_SINGLETON == static_cast<int>(sipspan::deviation_kind::comma_in_singleton));
static_assert(SIPSPAN_DEV_EMPTY_LIST_ELEMENT == static_cast<int>(sipspan::deviation_kind::empty_list_element));
static_assert(SIPSPAN_DEV_UNBALANCED_QUOTE == static_cast<int>(sipspan::deviation_kind::unbalanced_quote));
static_assert(SIPSPAN_DEV_UNBALANCED_ANGLE == static_cast<int>(sipspan::deviation_kind::unbalanced_angle));
static_assert(SIPSPAN_DEV_REPEATED_SINGLETON == static_cast<int>(sipspan::deviation_kind::repeated_singleton));
static_assert(SIPSPAN_DEV_COMPACT_LONG_MIX == static_cast<int>(sipspan::deviation_kind::compact_long_mix));
static_assert(SIPSPAN_DEV_BYTES_AFTER_BODY == static_cast<int>(sipspan::deviation_kind::bytes_after_body));
static_assert(SIPSPAN_DEV_BODY_SHORTER_THAN_CONTENT_LENGTH == static_cast<int>(sipspan::deviation_kind::body_shorter_than_content_length));
static_assert(SIPSPAN_DEV_SDP_LINE_END == static_cast<int>(sipspan::deviation_kind::sdp_line_end));
static_assert(SIPSPAN_DEV_SDP_CONTROL_BYTE == static_cast<int>(sipspan::deviation_kind::sdp_control_byte));
static_assert(SIPSPAN_DEV_SDP_ZONE_WITHOUT_REPEAT == static_cast<int>(sipspan::deviation_kind::sdp_zone_without_repeat));
static_assert(SIPSPAN_DEV_SDP_EMPTY_VALUE == static_cast<int>(sipspan::deviation_kind::sdp_empty_value));
static_assert(SIPSPAN_DEV_SDP_LINE_ORDER == static_cast<int>(sipspan::deviation_kind::sdp_line_order));
static_assert(SIPSPAN_DEV_SDP_MISSING_LINE == static_cast<int>(sipspan::deviation_kind::sdp_missing_line));
static_assert(SIPSPAN_DEV_SDP_UNKNOWN_TYPE == static_cast<int>(sipspan::deviation_kind::sdp_unknown_type));
static_assert(SIPSPAN_DEV_SDP_BAD_LINE == static_cast<int>(sipspan::deviation_kind::sdp_bad_line));
static_assert(SIPSPAN_DEV_SDP_FORBIDDEN_BYTE == static_cast<int>(sipspan::deviation_kind::sdp_forbidden_byte));
static_assert(SIPSPAN_DEV_SDP_TRAILING_WHITESPACE == static_cast<int>(sipspan::deviation_kind::sdp_trailing_whitespace));
static_assert(SIPSPAN_DEV_SDP_RTPMAP_WITHOUT_CLOCK_RATE == static_cast<int>(sipspan::deviation_kind::sdp_rtpmap_without_clock_rate));
static_assert(SIPSPAN_DEV_SDP_ADDRESS_BRACKETS == static_cast<int>(sipspan::deviation_kind::sdp_address_brackets));
static_assert(SIPSPAN_DEV_MULTIPART_BARE_LF == static_cast<int>(sipspan::deviation_kind::multipart_bare_lf));
static_assert(SIPSPAN_DEV_MULTIPART_MISSING_CLOSE == static_cast<int>(sipspan::deviation_kind::multipart_missing_close));
static_assert(SIPSPAN_HDR_ACCEPT == static_cast<int>(sipspan::header_id::accept));
static_assert(SIPSPAN_HDR_ACCEPT_CONTACT == static_cast<int>(sipspan::header_id::accept_contact));
static_assert(SIPSPAN_HDR_ACCEPT_ENCODING == static_cast<int>(sipspan::header_id::accept_encoding));
static_assert(SIPSPAN_HDR_ACCEPT_LANGUAGE == static_cast<int>(sipspan::header_id::accept_language));
static_assert(SIPSPAN_HDR_ACCEPT_RESOURCE_PRIORITY == static_cast<int>(sipspan::header_id::accept_resource_priority));
static_assert(SIPSPAN_HDR_ALERT_INFO == static_cast<int>(sipspan::header_id::alert_info));
static_assert(SIPSPAN_HDR_ALLOW == static_cast<int>(sipspan::header_id::allow));
static_assert(SIPSPAN_HDR_ALLOW_EVENTS == static_cast<int>(sipspan::header_id::allow_events));
static_assert(SIPSPAN_HDR_ANSWER_MODE == static_cast<int>(sipspan::header_id::answer_mode));
static_assert(SIPSPAN_HDR_AUTHENTICATION_INFO == static_cast<int>(sipspan::header_id::authentication_info));
static_assert(SIPSPAN_HDR_AUTHORIZATION == static_cast<int>(sipspan::header_id::authorization));
static_assert(SIPSPAN_HDR_CALL_ID == static_cast<int>(sipspan::header_id::call_id));
static_assert(SIPSPAN_HDR_CALL_INFO == static_cast<int>(sipspan::header_id::call_info));
static_assert(SIPSPAN_HDR_CONTACT == static_cast<int>(sipspan::header_id::contact));
static_assert(SIPSPAN_HDR_CONTENT_DISPOSITION == static_cast<int>(sipspan::header_id::content_disposition));
static_assert(SIPSPAN_HDR_CONTENT_ENCODING == static_cast<int>(sipspan::header_id::content_encoding));
static_assert(SIPSPAN_HDR_CONTENT_ID == static_cast<int>(sipspan::header_id::content_id));
static_assert(SIPSPAN_HDR_CONTENT_LANGUAGE == static_cast<int>(sipspan::header_id::content_language));
static_assert(SIPSPAN_HDR_CONTENT_LENGTH == static_cast<int>(sipspan::header_id::content_length));
static_assert(SIPSPAN_HDR_CONTENT_TYPE == static_cast<int>(sipspan::header_id::content_type));
static_assert(SIPSPAN_HDR_CSEQ == static_cast<int>(sipspan::header_id::cseq));
static_assert(SIPSPAN_HDR_DATE == static_cast<int>(sipspan::header_id::date));
static_assert(SIPSPAN_HDR_DIVERSION == static_cast<int>(sipspan::header_id::diversion));
static_assert(SIPSPAN_HDR_ERROR_INFO == static_cast<int>(sipspan::header_id::error_info));
static_assert(SIPSPAN_HDR_EVENT == static_cast<int>(sipspan::header_id::event));
static_assert(SIPSPAN_HDR_EXPIRES == static_cast<int>(sipspan::header_id::expires));
static_assert(SIPSPAN_HDR_FEATURE_CAPS == static_cast<int>(sipspan::header_id::feature_caps));
static_assert(SIPSPAN_HDR_FLOW_TIMER == static_cast<int>(sipspan::header_id::flow_timer));
static_assert(SIPSPAN_HDR_FROM == static_cast<int>(sipspan::header_id::from));
static_assert(SIPSPAN_HDR_GEOLOCATION == static_cast<int>(sipspan::header_id::geolocation));
static_assert(SIPSPAN_HDR_GEOLOCATION_ERROR == static_cast<int>(sipspan::header_id::geolocation_error));
static_assert(SIPSPAN_HDR_GEOLOCATION_ROUTING == static_cast<int>(sipspan::header_id::geolocation_routing));
static_assert(SIPSPAN_HDR_HISTORY_INFO == static_cast<int>(sipspan::header_id::history_info));
static_assert(SIPSPAN_HDR_IDENTITY == static_cast<int>(sipspan::header_id::identity));
static_assert(SIPSPAN_HDR_IDENTITY_INFO == static_cast<int>(sipspan::header_id::identity_info));
static_assert(SIPSPAN_HDR_IN_REPLY_TO == static_cast<int>(sipspan::header_id::in_reply_to));
static_assert(SIPSPAN_HDR_INFO_PACKAGE == static_cast<int>(sipspan::header_id::info_package));
static_assert(SIPSPAN_HDR_JOIN == static_cast<int>(sipspan::header_id::join));
static_assert(SIPSPAN_HDR_MAX_BREADTH == static_cast<int>(sipspan::header_id::max_breadth));
static_assert(SIPSPAN_HDR_MAX_FORWARDS == static_cast<int>(sipspan::header_id::max_forwards));
static_assert(SIPSPAN_HDR_MIME_VERSION == static_cast<int>(sipspan::header_id::mime_version));
static_assert(SIPSPAN_HDR_MIN_EXPIRES == static_cast<int>(sipspan::header_id::min_expires));
static_assert(SIPSPAN_HDR_MIN_SE == static_cast<int>(sipspan::header_id::min_se));
static_assert(SIPSPAN_HDR_ORGANIZATION == static_cast<int>(sipspan::header_id::organization));
static_assert(SIPSPAN_HDR_P_ACCESS_NETWORK_INFO == static_cast<int>(sipspan::header_id::p_access_network_info));
static_assert(SIPSPAN_HDR_P_ASSERTED_IDENTITY == static_cast<int>(sipspan::header_id::p_asserted_identity));
static_assert(SIPSPAN_HDR_P_ASSOCIATED_URI == static_cast<int>(sipspan::header_id::p_associated_uri));
static_assert(SIPSPAN_HDR_P_CALLED_PARTY_ID == static_cast<int>(sipspan::header_id::p_called_party_id));
static_assert(SIPSPAN_HDR_P_CHARGING_FUNCTION_ADDRESSES == static_cast<int>(sipspan::header_id::p_charging_function_addresses));
static_assert(SIPSPAN_HDR_P_CHARGING_VECTOR == static_cast<int>(sipspan::header_id::p_charging_vector));
static_assert(SIPSPAN_HDR_P_EARLY_MEDIA == static_cast<int>(sipspan::header_id::p_early_media));
static_assert(SIPSPAN_HDR_P_PREFERRED_IDENTITY == static_cast<int>(sipspan::header_id::p_preferred_identity));
static_assert(SIPSPAN_HDR_P_VISITED_NETWORK_ID == static_cast<int>(sipspan::header_id::p_visited_network_id));
static_assert(SIPSPAN_HDR_PATH == static_cast<int>(sipspan::header_id::path));
static_assert(SIPSPAN_HDR_PERMISSION_MISSING == static_cast<int>(sipspan::header_id::permission_missing));
static_assert(SIPSPAN_HDR_POLICY_CONTACT == static_cast<int>(sipspan::header_id::policy_contact));
static_assert(SIPSPAN_HDR_POLICY_ID == static_cast<int>(sipspan::header_id::policy_id));
static_assert(SIPSPAN_HDR_PRIORITY == static_cast<int>(sipspan::header_id::priority));
static_assert(SIPSPAN_HDR_PRIVACY == static_cast<int>(sipspan::header_id::privacy));
static_assert(SIPSPAN_HDR_PROXY_AUTHENTICATE == static_cast<int>(sipspan::header_id::proxy_authenticate));
static_assert(SIPSPAN_HDR_PROXY_AUTHORIZATION == static_cast<int>(sipspan::header_id::proxy_authorization));
static_assert(SIPSPAN_HDR_PROXY_REQUIRE == static_cast<int>(sipspan::header_id::proxy_require));
static_assert(SIPSPAN_HDR_RACK == static_cast<int>(sipspan::header_id::rack));
static_assert(SIPSPAN_HDR_REASON == static_cast<int>(sipspan::header_id::reason));
static_assert(SIPSPAN_HDR_RECORD_ROUTE == static_cast<int>(sipspan::header_id::record_route));
static_assert(SIPSPAN_HDR_RECV_INFO == static_cast<int>(sipspan::header_id::recv_info));
static_assert(SIPSPAN_HDR_REFER_SUB == static_cast<int>(sipspan::header_id::refer_sub));
static_assert(SIPSPAN_HDR_REFER_TO == static_cast<int>(sipspan::header_id::refer_to));
static_assert(SIPSPAN_HDR_REFERRED_BY == static_cast<int>(sipspan::header_id::referred_by));
static_assert(SIPSPAN_HDR_REJECT_CONTACT == static_cast<int>(sipspan::header_id::reject_contact));
static_assert(SIPSPAN_HDR_REPLACES == static_cast<int>(sipspan::header_id::replaces));
static_assert(SIPSPAN_HDR_REPLY_TO == static_cast<int>(sipspan::header_id::reply_to));
static_assert(SIPSPAN_HDR_REQUEST_DISPOSITION == static_cast<int>(sipspan::header_id::request_disposition));
static_assert(SIPSPAN_HDR_REQUIRE == static_cast<int>(sipspan::header_id::require));
static_assert(SIPSPAN_HDR_RESOURCE_PRIORITY == static_cast<int>(sipspan::header_id::resource_priority));
static_assert(SIPSPAN_HDR_RETRY_AFTER == static_cast<int>(sipspan::header_id::retry_after));
static_assert(SIPSPAN_HDR_ROUTE == static_cast<int>(sipspan::header_id::route));
static_assert(SIPSPAN_HDR_RSEQ == static_cast<int>(sipspan::header_id::rseq));
static_assert(SIPSPAN_HDR_SECURITY_CLIENT == static_cast<int>(sipspan::header_id::security_client));
static_assert(SIPSPAN_HDR_SECURITY_SERVER == static_cast<int>(sipspan::header_id::security_server));
static_assert(SIPSPAN_HDR_SECURITY_VERIFY == static_cast<int>(sipspan::header_id::security_verify));
static_assert(SIPSPAN_HDR_SERVER == static_cast<int>(sipspan::header_id::server));
static_assert(SIPSPAN_HDR_SERVICE_ROUTE == static_cast<int>(sipspan::header_id::service_route));
static_assert(SIPSPAN_HDR_SESSION_EXPIRES == static_cast<int>(sipspan::header_id::session_expires));
static_assert(SIPSPAN_HDR_SESSION_ID == static_cast<int>(sipspan::header_id::session_id));
static_assert(SIPSPAN_HDR_SIP_ETAG == static_cast<int>(sipspan::header_id::sip_etag));
static_assert(SIPSPAN_HDR_SIP_IF_MATCH == static_cast<int>(sipspan::header_id::sip_if_match));
static_assert(SIPSPAN_HDR_SUBJECT == static_cast<int>(sipspan::header_id::subject));
static_assert(SIPSPAN_HDR_SUBSCRIPTION_STATE == static_cast<int>(sipspan::header_id::subscription_state));
static_assert(SIPSPAN_HDR_SUPPORTED == static_cast<int>(sipspan::header_id::supported));
static_assert(SIPSPAN_HDR_SUPPRESS_IF_MATCH == static_cast<int>(sipspan::header_id::suppress_if_match));
static_assert(SIPSPAN_HDR_TARGET_DIALOG == static_cast<int>(sipspan::header_id::target_dialog));
static_assert(SIPSPAN_HDR_TIMESTAMP == static_cast<int>(sipspan::header_id::timestamp));
static_assert(SIPSPAN_HDR_TO == static_cast<int>(sipspan::header_id::to));
static_assert(SIPSPAN_HDR_TRIGGER_CONSENT == static_cast<int>(sipspan::header_id::trigger_consent));
static_assert(SIPSPAN_HDR_UNSUPPORTED == static_cast<int>(sipspan::header_id::unsupported));
static_assert(SIPSPAN_HDR_USER_AGENT == static_cast<int>(sipspan::header_id::user_agent));
static_assert(SIPSPAN_HDR_USER_TO_USER == static_cast<int>(sipspan::header_id::user_to_user));
static_assert(SIPSPAN_HDR_VIA == static_cast<int>(sipspan::header_id::via));
static_assert(SIPSPAN_HDR_WARNING == static_cast<int>(sipspan::header_id::warning));
static_assert(SIPSPAN_HDR_WWW_AUTHENTICATE == static_cast<int>(sipspan::header_id::www_authenticate));
static_assert(SIPSPAN_HDR_OTHER == static_cast<int>(sipspan::header_id::other));

struct sipspan_sdp {
  sipspan::session_description_view view;
};
static_assert(sizeof(sipspan_message) == sizeof(sipspan::message_view));
static_assert(sizeof(sipspan_sdp) == sizeof(sipspan::session_description_view));

namespace {

using sipspan::error_code;
using sipspan::header_id;
using sipspan::result;

constexpr int error_count = static_cast<int>(error_code::trailing_garbage) + 1;
constexpr int deviation_count = static_cast<int>(sipspan::deviation_kind_count);

sipspan_str str(std::string_view s) noexcept { return {s.data(), s.size()}; }
std::string_view sv(sipspan_str s) noexcept {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view{};
}

sipspan_result c_result(result r) noexcept {
  return {static_cast<int>(r.code), r.offset, static_cast<int>(r.deviation)};
}
sipspan_result ok() noexcept { return {SIPSPAN_ERR_SUCCESS, 0, 0}; }

const sipspan::message_view& view(const sipspan_message* m) noexcept { return m->view; }

bool aligned(const void* p, std::size_t a) noexcept {
  return reinterpret_cast<std::uintptr_t>(p) % a == 0;
}

bool valid_header_id(int id) noexcept { return id >= 0 && id < static_cast<int>(sipspan::header_id_count); }

// The error when a header field is absent: where the start line begins (as transaction_key_of).
sipspan_result missing(const sipspan::message_view& m) noexcept {
  const std::string_view h = m.headers_section();
  const std::uint32_t at = h.empty() ? 0 : static_cast<std::uint32_t>(h.data() - m.raw().data());
  return {SIPSPAN_ERR_MISSING_HEADER, at, 0};
}

// A typed parser's result, its offset moved from the value to the message.
sipspan_result in_message(const sipspan::message_view& m, std::string_view value, result r) noexcept {
  if (!r) r.offset += static_cast<std::uint32_t>(value.data() - m.raw().data());
  return c_result(r);
}

// The first element of header `id` (empty when absent).
bool first_element(const sipspan::message_view& m, header_id id, std::string_view& out) noexcept {
  auto range = m.values(id);
  auto it = range.begin();
  if (it == range.end()) return false;
  out = *it;
  return true;
}

void fill_header(const sipspan::header_view& h, sipspan_header* out) noexcept {
  out->id = static_cast<int>(h.id);
  out->index = h.index;
  out->name = str(h.name);
  out->value = str(h.value);
}

void fill_name_addr(const sipspan::name_addr_view& v, sipspan_name_addr* out) noexcept {
  out->display_name = str(v.display_name);
  out->uri = str(v.uri);
  out->tag = str(v.tag());
  out->params = str(v.params.text());
  out->is_star = v.is_star ? 1 : 0;
  out->q = str(v.q());
  out->has_expires = 0;
  out->expires = 0;
  sipspan::param p;
  if (v.params.find("expires", p) && p.has_value) {
    std::uint32_t n = 0;
    if (sipspan::parse_delta_seconds(p.value, n)) {
      out->has_expires = 1;
      out->expires = n;
    }
  }
}

// A typed parser over one string given from C; offsets stay in that string.
template <class View, class Fill>
sipspan_result typed_value(sipspan_str value, result (*parse)(std::string_view, View&) noexcept, Fill fill) noexcept {
  View v{};
  result r = parse(sv(value), v);
  if (r) fill(v);
  return c_result(r);
}

// A typed parser over the first occurrence of a header; offsets in the message.
template <class View, class Fill>
sipspan_result typed_header(const sipspan_message* msg, header_id id,
                            result (*parse)(std::string_view, View&) noexcept, Fill fill) noexcept {
  const sipspan::message_view& m = view(msg);
  sipspan::header_view h;
  if (!m.find(id, h)) return missing(m);
  View v{};
  result r = parse(h.value, v);
  if (r) fill(v);
  return in_message(m, h.value, r);
}

sipspan_result number_header(const sipspan_message* msg, header_id id,
                             result (*parse)(std::string_view, std::uint32_t&) noexcept, uint32_t* out) noexcept {
  return typed_header(msg, id, parse, [out](std::uint32_t n) noexcept { *out = n; });
}

sipspan_result name_addr_header(const sipspan_message* msg, header_id id, sipspan_name_addr* out) noexcept {
  return typed_header(msg, id, sipspan::parse_name_addr,
                      [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

}  // namespace

extern "C" {

sipspan_message* sipspan_message_init(void* storage, size_t size) noexcept {
  if (!storage || size < sizeof(sipspan_message) || !aligned(storage, alignof(sipspan_message))) return nullptr;
  return ::new (storage) sipspan_message{};
}

sipspan_result sipspan_parse(sipspan_message* msg, const char* data, size_t len, int strict) noexcept {
  if (!data) len = 0;
  const sipspan::parse_options opts = strict ? sipspan::parse_options::strict() : sipspan::parse_options::tolerant();
  return c_result(sipspan::parse(std::string_view(data ? data : "", len), msg->view, opts));
}

const char* sipspan_error_name(int code) noexcept {
  if (code < 0 || code >= error_count) return "unknown_error";
  return sipspan::error_name(static_cast<error_code>(code)).data();
}

const char* sipspan_error_message(int code) noexcept {
  if (code < 0 || code >= error_count) return "unknown error";
  return sipspan::error_message(static_cast<error_code>(code)).data();
}

uint32_t sipspan_offset_of(const sipspan_message* msg, sipspan_str s) noexcept {
  const std::string_view raw = view(msg).raw();
  if (!s.ptr || !raw.data() || s.ptr < raw.data() || s.ptr > raw.data() + raw.size()) return 0;
  return static_cast<uint32_t>(s.ptr - raw.data());
}

sipspan_str sipspan_raw(const sipspan_message* msg) noexcept {
  const sipspan::message_view& m = view(msg);
  return str(m.raw().substr(0, m.message_length()));
}

size_t sipspan_deviation_count(const sipspan_message* msg) noexcept { return view(msg).deviations().size(); }

namespace {
// Deviation i of a table (a message's or an SDP body's) into the C struct.
int deviation_at(std::span<const sipspan::deviation> d, size_t i, sipspan_deviation* out) noexcept {
  if (i >= d.size()) return 0;
  out->kind = static_cast<int>(d[i].kind);
  out->offset = d[i].offset;
  out->length = d[i].length;
  out->header_index = d[i].header_index;
  return 1;
}
}  // namespace

int sipspan_deviation_get(const sipspan_message* msg, size_t i, sipspan_deviation* out) noexcept {
  return deviation_at(view(msg).deviations(), i, out);
}

const char* sipspan_deviation_name(int kind) noexcept {
  if (kind < 0 || kind >= deviation_count) return "unknown_deviation";
  return sipspan::deviation_name(static_cast<sipspan::deviation_kind>(kind)).data();
}

const char* sipspan_deviation_message(int kind) noexcept {
  if (kind < 0 || kind >= deviation_count) return "unknown deviation";
  return sipspan::deviation_message(static_cast<sipspan::deviation_kind>(kind)).data();
}

int sipspan_is_request(const sipspan_message* msg) noexcept { return view(msg).is_request() ? 1 : 0; }
sipspan_str sipspan_method(const sipspan_message* msg) noexcept { return str(view(msg).method()); }
sipspan_str sipspan_request_uri(const sipspan_message* msg) noexcept { return str(view(msg).request_uri()); }
sipspan_str sipspan_version(const sipspan_message* msg) noexcept { return str(view(msg).version()); }
int sipspan_status_code(const sipspan_message* msg) noexcept { return view(msg).status_code(); }
sipspan_str sipspan_reason(const sipspan_message* msg) noexcept { return str(view(msg).reason()); }

size_t sipspan_header_count(const sipspan_message* msg) noexcept { return view(msg).header_count(); }

int sipspan_header_get(const sipspan_message* msg, size_t i, sipspan_header* out) noexcept {
  const sipspan::message_view& m = view(msg);
  if (i >= m.header_count()) return 0;
  fill_header(m.header(i), out);
  return 1;
}

int sipspan_header_find(const sipspan_message* msg, int id, sipspan_header* out) noexcept {
  if (!valid_header_id(id) || id == SIPSPAN_HDR_OTHER) return 0;
  sipspan::header_view h;
  if (!view(msg).find(static_cast<header_id>(id), h)) return 0;
  fill_header(h, out);
  return 1;
}

int sipspan_header_find_name(const sipspan_message* msg, const char* name, size_t len,
                             sipspan_header* out) noexcept {
  if (!name) return 0;
  sipspan::header_view h;
  if (!view(msg).find(std::string_view(name, len), h)) return 0;
  fill_header(h, out);
  return 1;
}

const char* sipspan_header_id_name(int id) noexcept {
  if (!valid_header_id(id) || id == SIPSPAN_HDR_OTHER) return "";
  return sipspan::canonical_name(static_cast<header_id>(id)).data();
}

int sipspan_header_id_from_name(const char* name, size_t len) noexcept {
  if (!name) return SIPSPAN_HDR_OTHER;
  return static_cast<int>(sipspan::classify_header(std::string_view(name, len)));
}

// state: 0 before the first row, 1 inside row `row`, 2 done.
void sipspan_values_begin(const sipspan_message* msg, int id, sipspan_values_iter* it) noexcept {
  it->msg = msg;
  it->id = id;
  it->row = SIPSPAN_NO_HEADER;
  it->rest = {nullptr, 0};
  it->state = valid_header_id(id) && id != SIPSPAN_HDR_OTHER ? 0 : 2;
}

int sipspan_values_next(sipspan_values_iter* it, sipspan_str* out) noexcept {
  if (it->state == 2) return 0;
  const sipspan::message_view& m = view(it->msg);
  const header_id id = static_cast<header_id>(it->id);
  std::string_view rest = sv(it->rest);
  for (;;) {
    while (!rest.empty()) {
      std::string_view e = sipspan::next_list_element(rest, rest);
      if (!e.empty()) {
        it->rest = str(rest);
        *out = str(e);
        return 1;
      }
    }
    sipspan::header_view h;
    std::uint16_t row;
    if (it->state == 0) {
      row = m.find(id, h) ? h.index : sipspan::no_header;
      it->state = 1;
    } else {
      row = m.next_row(id, it->row);
    }
    if (row == sipspan::no_header) {
      it->state = 2;
      it->rest = {nullptr, 0};
      return 0;
    }
    it->row = row;
    rest = m.header(row).value;
  }
}

sipspan_result sipspan_via_top(const sipspan_message* msg, sipspan_via* out) noexcept {
  const sipspan::message_view& m = view(msg);
  std::string_view hop;
  if (!first_element(m, header_id::via, hop)) return missing(m);
  sipspan::via_view v;
  result r = sipspan::parse_via(hop, v);
  if (r) {
    out->transport = str(v.transport);
    out->host = str(v.host);
    out->port = v.port;
    out->has_port = v.has_port ? 1 : 0;
    out->branch = str(v.branch());
    out->received = str(v.received());
    out->has_rport = v.has_rport() ? 1 : 0;
    out->rport = v.rport();
  }
  return in_message(m, hop, r);
}

sipspan_result sipspan_from(const sipspan_message* msg, sipspan_name_addr* out) noexcept {
  return name_addr_header(msg, header_id::from, out);
}

sipspan_result sipspan_to(const sipspan_message* msg, sipspan_name_addr* out) noexcept {
  return name_addr_header(msg, header_id::to, out);
}

sipspan_result sipspan_call_id(const sipspan_message* msg, sipspan_str* out) noexcept {
  return typed_header(msg, header_id::call_id, sipspan::parse_call_id,
                      [out](const sipspan::call_id_view& v) noexcept { *out = str(v.value); });
}

sipspan_result sipspan_cseq_get(const sipspan_message* msg, sipspan_cseq* out) noexcept {
  return typed_header(msg, header_id::cseq, sipspan::parse_cseq, [out](const sipspan::cseq_view& v) noexcept {
    out->number = v.number;
    out->method = str(v.method);
  });
}

sipspan_result sipspan_max_forwards(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::max_forwards, sipspan::parse_max_forwards, out);
}

sipspan_result sipspan_content_length(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::content_length, sipspan::parse_content_length, out);
}

sipspan_result sipspan_expires(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::expires, sipspan::parse_expires, out);
}

sipspan_result sipspan_content_type(const sipspan_message* msg, sipspan_media_type* out) noexcept {
  return typed_header(msg, header_id::content_type, sipspan::parse_media_type,
                      [out](const sipspan::media_type_view& v) noexcept {
                        out->type = str(v.type);
                        out->subtype = str(v.subtype);
                        out->params = str(v.params.text());
                        out->boundary = str(v.boundary());
                      });
}

sipspan_str sipspan_body(const sipspan_message* msg) noexcept { return str(view(msg).body()); }

sipspan_result sipspan_parse_contact(sipspan_str value, sipspan_contact* out) noexcept {
  return typed_value(value, sipspan::parse_contact, [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_route(sipspan_str value, sipspan_name_addr* out) noexcept {
  return typed_value(value, sipspan::parse_route, [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_name_addr(sipspan_str value, sipspan_name_addr* out) noexcept {
  return typed_value(value, sipspan::parse_name_addr,
                     [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_uri(sipspan_str text, sipspan_uri* out) noexcept {
  return typed_value(text, sipspan::parse_uri, [out](const sipspan::uri_view& u) noexcept {
    out->scheme = static_cast<int>(u.scheme);
    out->scheme_text = str(u.scheme_text);
    out->user = str(u.user);
    out->host = str(u.host);
    out->port = u.port;
    out->has_port = u.has_port ? 1 : 0;
    out->transport = str(u.transport());
    out->lr = u.lr() ? 1 : 0;
    out->params = str(u.params_text);
    out->number = str(u.number);
  });
}

sipspan_result sipspan_transaction_hash(const sipspan_message* msg, uint64_t* out) noexcept {
  sipspan::transaction_key k;
  result r = sipspan::transaction_key_of(view(msg), k);
  if (r) *out = sipspan::transaction_hash(k);
  return c_result(r);
}

sipspan_result sipspan_dialog_id(const sipspan_message* msg, int role, sipspan_dialog* out) noexcept {
  sipspan::dialog_id d;
  const auto rl = role == SIPSPAN_ROLE_UAS ? sipspan::dialog_role::uas : sipspan::dialog_role::uac;
  result r = sipspan::dialog_id_of(view(msg), rl, d);
  if (r) {
    out->call_id = str(d.call_id);
    out->local_tag = str(d.local_tag);
    out->remote_tag = str(d.remote_tag);
  }
  return c_result(r);
}

sipspan_sdp* sipspan_sdp_init(void* storage, size_t size) noexcept {
  if (!storage || size < sizeof(sipspan_sdp) || !aligned(storage, alignof(sipspan_sdp))) return nullptr;
  return ::new (storage) sipspan_sdp{};
}

sipspan_result sipspan_parse_sdp(sipspan_sdp* sdp, sipspan_str body, int strict) noexcept {
  return c_result(sipspan::parse_sdp(sv(body), sdp->view,
                                     strict ? sipspan::sdp_options::strict() : sipspan::sdp_options::tolerant()));
}

size_t sipspan_sdp_deviation_count(const sipspan_sdp* sdp) noexcept { return sdp->view.deviations().size(); }

int sipspan_sdp_deviation_get(const sipspan_sdp* sdp, size_t i, sipspan_deviation* out) noexcept {
  return deviation_at(sdp->view.deviations(), i, out);
}

size_t sipspan_sdp_media_count(const sipspan_sdp* sdp) noexcept { return sdp->view.media_count(); }

sipspan_result sipspan_sdp_media_get(const sipspan_sdp* sdp, size_t i, sipspan_sdp_media* out) noexcept {
  const sipspan::session_description_view& s = sdp->view;
  if (i >= s.media_count()) return {SIPSPAN_ERR_MISSING_HEADER, 0, 0};
  const std::string_view body = s.body();
  const sipspan::media_description md = s.media(i);
  const auto at = [&](std::string_view value, result r) noexcept {
    r.offset += static_cast<std::uint32_t>(value.data() - body.data());
    return c_result(r);
  };
  sipspan::media_view mv;
  const std::string_view line = md.media_line();
  if (result r = sipspan::parse_media(line, mv); !r) return at(line, r);
  out->media = str(mv.media);
  out->port = mv.port;
  out->port_count = mv.port_count;
  out->proto = str(mv.proto);
  out->formats = str(mv.formats.text());
  out->connection = {nullptr, 0};
  const std::string_view c = md.connection().empty() ? s.connection() : md.connection();
  if (!c.empty()) {
    sipspan::connection_view cv;
    if (result r = sipspan::parse_connection(c, cv); !r) return at(c, r);
    out->connection = str(cv.address);
  }
  return ok();
}

// ---- validator

size_t sipspan_rule_count(void) noexcept { return sipspan::rule_count; }

int sipspan_rule_get(int r, sipspan_rule_info* out) noexcept {
  if (r < 0 || static_cast<std::size_t>(r) >= sipspan::rule_count) return 0;
  const sipspan::rule_info& i = sipspan::rule(static_cast<sipspan::rule_id>(r));
  // the catalogue's strings are literals: NUL-terminated
  *out = sipspan_rule_info{i.code.data(), i.name.data(),
                           {static_cast<int>(i.level[0]), static_cast<int>(i.level[1]), static_cast<int>(i.level[2])},
                           i.rfc.data(), i.summary.data(), i.explanation.data()};
  return 1;
}

int sipspan_rule_find(const char* key, size_t len) noexcept {
  sipspan::rule_id r;
  if (!key || !sipspan::find_rule(std::string_view(key, len), r)) return -1;
  return static_cast<int>(r);
}

sipspan_lint_summary sipspan_lint(sipspan_message* msg, const char* data, size_t len,
                                  const sipspan_lint_options* options, sipspan_finding* out, size_t cap) noexcept {
  sipspan::lint_options o;
  if (options) {
    if (options->profile >= 0 && options->profile <= 2) o.profile = static_cast<sipspan::lint_profile>(options->profile);
    for (std::size_t i = 0; i < sipspan::rule_count; ++i) {
      if (options->enable[i / 64] >> (i % 64) & 1u) o.enable.set(i);
      if (options->disable[i / 64] >> (i % 64) & 1u) o.disable.set(i);
    }
    o.max_findings = options->max_findings;
  }
  // findings go straight into the caller's array, one at a time, through a small buffer
  sipspan::finding buf[SIPSPAN_LINT_MAX_STORED];
  std::size_t want = o.max_findings ? std::min(o.max_findings, cap) : cap;
  sipspan_lint_summary s{};
  std::span<sipspan::finding> room(buf, std::min<std::size_t>(out ? want : 0, SIPSPAN_LINT_MAX_STORED));
  sipspan::lint_summary r = sipspan::lint(std::string_view(data ? data : "", data ? len : 0), msg->view, room, o);
  for (std::size_t i = 0; i < r.stored && out; ++i) {
    const sipspan::finding& f = buf[i];
    out[i] = sipspan_finding{static_cast<int>(f.rule), static_cast<int>(f.level), static_cast<int>(f.detail),
                             static_cast<int>(f.header), f.header_index, f.offset, f.length};
  }
  s.total = r.total;
  s.stored = out ? r.stored : 0;
  s.errors = r.errors;
  s.warnings = r.warnings;
  s.infos = r.infos;
  s.parse = c_result(r.parse);
  return s;
}

}  // extern "C"
