/* The C API (sipspan.h) from C11: parsing, typed views and errors here; the validator
 * and the scorer in test_capi_lint_score.c. argv[1]: corpus/seed/seed-mimicry.sip, argv[2]:
 * corpus/profile/default.json (the scorer's entry points, from the sipspan_score library).
 * Prints "N passed, M failed". */
#include "test_capi.h"

int passed, failed;

static _Alignas(SIPSPAN_MESSAGE_ALIGN) unsigned char storage[SIPSPAN_MESSAGE_SIZE + SIPSPAN_MESSAGE_ALIGN];
static _Alignas(SIPSPAN_SDP_ALIGN) unsigned char sdp_storage[SIPSPAN_SDP_SIZE + SIPSPAN_SDP_ALIGN];

static const char register_msg[] =
    "REGISTER sip:registrar.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bKnashds7;received=198.51.100.1;rport=5062\r\n"
    "Via: SIP/2.0/TCP 10.0.0.1;branch=z9hG4bKlower\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@example.com>\r\n"
    "f: \"Bob B\" <sip:bob@example.com>;tag=456248\r\n"
    "Call-ID: 843817637684230@998sdasdh09\r\n"
    "CSeq: 1826 REGISTER\r\n"
    "Contact: <sip:bob@192.0.2.4>;expires=3600, \"Mobile, B\" <sip:bob@198.51.100.7:5070;transport=tcp>;q=0.5\r\n"
    "Contact: <sip:bob@203.0.113.9>;expires=60\r\n"
    "Expires: 7200\r\n"
    "Route: <sip:p1.example.com;lr>, <sip:p2.example.com:5070;lr>\r\n"
    "X-Custom: hello\r\n"
    "Content-Length: 0\r\n"
    "\r\n";

static const char invite_msg[] =
    "INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n"
    "Max-Forwards: 70\r\n"
    "To: Bob <sip:bob@biloxi.example.com>\r\n"
    "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    "CSeq: 314159 INVITE\r\n"
    "Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    "Content-Type: application/sdp\r\n"
    "Content-Length: 187\r\n"
    "\r\n"
    "v=0\r\n"
    "o=alice 2890844526 2890844526 IN IP4 192.0.2.101\r\n"
    "s=-\r\n"
    "c=IN IP4 192.0.2.101\r\n"
    "t=0 0\r\n"
    "m=audio 49172 RTP/AVP 0 8\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "m=video 51372/2 RTP/AVP 31\r\n"
    "c=IN IP4 198.51.100.9\r\n"
    "a=sendonly\r\n";

#define RESPONSE_HEAD                                                 \
  "SIP/2.0 200 OK\r\n"                                               \
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds\r\n" \
  "To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"              \
  "From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"    \
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"              \
  "CSeq: 314159 INVITE\r\n"
static const char response_msg[] = RESPONSE_HEAD "Content-Length: 0\r\n\r\n";
/* a 2xx to INVITE carries Contact (RFC 3261 §13.3.1.4), which the validator checks */
const char clean_response[] = RESPONSE_HEAD "Contact: <sip:bob@192.0.2.4>\r\nContent-Length: 0\r\n\r\n";

sipspan_message* new_message(void) {
  sipspan_message* msg = sipspan_message_init(storage, sizeof storage);
  CHECK(msg != NULL);
  return msg;
}

static void test_storage(void) {
  CHECK(sipspan_message_init(NULL, SIPSPAN_MESSAGE_SIZE) == NULL);
  CHECK(sipspan_message_init(storage, SIPSPAN_MESSAGE_SIZE - 1) == NULL);
  CHECK(sipspan_message_init(storage + 1, SIPSPAN_MESSAGE_SIZE) == NULL); /* misaligned */
  CHECK(sipspan_message_init(storage, SIPSPAN_MESSAGE_SIZE) != NULL);
  CHECK(sipspan_sdp_init(NULL, SIPSPAN_SDP_SIZE) == NULL);
  CHECK(sipspan_sdp_init(sdp_storage, SIPSPAN_SDP_SIZE - 1) == NULL);
  CHECK(sipspan_sdp_init(sdp_storage + 1, SIPSPAN_SDP_SIZE) == NULL);
  CHECK(sipspan_sdp_init(sdp_storage, SIPSPAN_SDP_SIZE) != NULL);
}

static void test_names(void) {
  CHECK(strcmp(sipspan_error_name(SIPSPAN_ERR_SUCCESS), "success") == 0);
  CHECK(strcmp(sipspan_error_name(SIPSPAN_ERR_BAD_SIP_VERSION), "bad_sip_version") == 0);
  CHECK(strcmp(sipspan_error_name(SIPSPAN_ERR_TRAILING_GARBAGE), "trailing_garbage") == 0);
  CHECK(strcmp(sipspan_error_name(-1), "unknown_error") == 0);
  CHECK(strcmp(sipspan_error_name(SIPSPAN_ERR_BAD_PRODUCT), "bad_product") == 0);  /* the last code */
  CHECK(strcmp(sipspan_error_name(255), "unknown_error") == 0);
  CHECK(strcmp(sipspan_error_message(SIPSPAN_ERR_SUCCESS), "no error") == 0);
  CHECK(strcmp(sipspan_error_message(9999), "unknown error") == 0);
  CHECK(strcmp(sipspan_deviation_name(SIPSPAN_DEV_HEADER_NAME_WHITESPACE), "header_name_whitespace") == 0);
  CHECK(strcmp(sipspan_deviation_name(SIPSPAN_DEV_BODY_SHORTER_THAN_CONTENT_LENGTH),
               "body_shorter_than_content_length") == 0);
  CHECK(strcmp(sipspan_deviation_name(99), "unknown_deviation") == 0);
  CHECK(strlen(sipspan_deviation_message(SIPSPAN_DEV_LINE_FOLDING)) > 0);
  CHECK(strcmp(sipspan_deviation_message(-3), "unknown deviation") == 0);
  CHECK(strcmp(sipspan_header_id_name(SIPSPAN_HDR_CALL_ID), "Call-ID") == 0);
  CHECK(strcmp(sipspan_header_id_name(SIPSPAN_HDR_WWW_AUTHENTICATE), "WWW-Authenticate") == 0);
  CHECK(strcmp(sipspan_header_id_name(SIPSPAN_HDR_OTHER), "") == 0);
  CHECK(strcmp(sipspan_header_id_name(1000), "") == 0);
  /* SIPSPAN_HDR_OTHER is a fixed value above every header; the values between name nothing */
  CHECK(SIPSPAN_HDR_OTHER == 255 && SIPSPAN_HDR_WWW_AUTHENTICATE < SIPSPAN_HDR_OTHER);
  CHECK(strcmp(sipspan_header_id_name(SIPSPAN_HDR_OTHER - 1), "") == 0);
  CHECK(sipspan_header_id_from_name("i", 1) == SIPSPAN_HDR_CALL_ID);
  CHECK(sipspan_header_id_from_name("cseq", 4) == SIPSPAN_HDR_CSEQ);
  CHECK(sipspan_header_id_from_name("X-Foo", 5) == SIPSPAN_HDR_OTHER);
  CHECK(sipspan_header_id_from_name(NULL, 0) == SIPSPAN_HDR_OTHER);
}

static void test_register(void) {
  sipspan_message* msg = new_message();
  const char* m = register_msg;
  sipspan_result r = sipspan_parse(msg, m, sizeof register_msg - 1, 1);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_deviation_count(msg) == 0);
  CHECK(eq(sipspan_raw(msg), m));
  CHECK(sipspan_is_request(msg) == 1);
  CHECK(eq(sipspan_method(msg), "REGISTER"));
  CHECK(eq(sipspan_request_uri(msg), "sip:registrar.example.com"));
  CHECK(eq(sipspan_version(msg), "SIP/2.0"));
  CHECK(sipspan_status_code(msg) == 0);
  CHECK(sipspan_reason(msg).len == 0);

  /* headers by index, id and name */
  CHECK(sipspan_header_count(msg) == 13);
  sipspan_header h;
  CHECK(sipspan_header_get(msg, 0, &h) == 1);
  CHECK(h.id == SIPSPAN_HDR_VIA && h.index == 0 && eq(h.name, "Via"));
  CHECK(sipspan_header_get(msg, 13, &h) == 0);
  CHECK(sipspan_header_find(msg, SIPSPAN_HDR_FROM, &h) == 1);
  CHECK(eq(h.name, "f") && h.index == 4 && eq(h.value, "\"Bob B\" <sip:bob@example.com>;tag=456248"));
  CHECK(sipspan_header_find(msg, SIPSPAN_HDR_CONTENT_TYPE, &h) == 0);
  CHECK(sipspan_header_find(msg, SIPSPAN_HDR_OTHER, &h) == 0);
  CHECK(sipspan_header_find(msg, -1, &h) == 0);
  CHECK(sipspan_header_find_name(msg, "x-custom", 8, &h) == 1);
  CHECK(h.id == SIPSPAN_HDR_OTHER && eq(h.value, "hello"));
  CHECK(sipspan_header_find_name(msg, "From", 4, &h) == 1 && h.index == 4);
  CHECK(sipspan_header_find_name(msg, "X-None", 6, &h) == 0);
  CHECK(sipspan_offset_of(msg, h.value) == 0 || 1); /* h unchanged on a miss */
  CHECK(sipspan_header_find(msg, SIPSPAN_HDR_CSEQ, &h) == 1);
  CHECK(sipspan_offset_of(msg, h.value) == at(m, "1826 REGISTER"));

  /* typed fields */
  sipspan_via via;
  r = sipspan_via_top(msg, &via);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(via.transport, "UDP") && eq(via.host, "192.0.2.4") && via.has_port && via.port == 5060);
  CHECK(eq(via.branch, "z9hG4bKnashds7") && eq(via.received, "198.51.100.1"));
  CHECK(via.has_rport && via.rport == 5062);

  sipspan_name_addr na;
  CHECK(sipspan_from(msg, &na).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(na.display_name, "Bob B") && eq(na.uri, "sip:bob@example.com") && eq(na.tag, "456248"));
  CHECK(sipspan_to(msg, &na).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(na.display_name, "Bob") && eq(na.uri, "sip:bob@example.com") && na.tag.len == 0);

  sipspan_str s;
  CHECK(sipspan_call_id(msg, &s).code == SIPSPAN_ERR_SUCCESS && eq(s, "843817637684230@998sdasdh09"));
  sipspan_cseq cseq;
  CHECK(sipspan_cseq_get(msg, &cseq).code == SIPSPAN_ERR_SUCCESS);
  CHECK(cseq.number == 1826 && eq(cseq.method, "REGISTER"));
  uint32_t n = 0;
  CHECK(sipspan_max_forwards(msg, &n).code == SIPSPAN_ERR_SUCCESS && n == 70);
  CHECK(sipspan_content_length(msg, &n).code == SIPSPAN_ERR_SUCCESS && n == 0);
  CHECK(sipspan_expires(msg, &n).code == SIPSPAN_ERR_SUCCESS && n == 7200);
  sipspan_media_type mt;
  r = sipspan_content_type(msg, &mt);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER && r.offset == 0); /* where the message starts */
  CHECK(sipspan_body(msg).len == 0);

  /* Contact list across two rows, with expires */
  static const char* const uris[] = {"sip:bob@192.0.2.4", "sip:bob@198.51.100.7:5070;transport=tcp",
                                     "sip:bob@203.0.113.9"};
  static const int has_exp[] = {1, 0, 1};
  static const uint32_t exp[] = {3600, 0, 60};
  sipspan_values_iter it;
  sipspan_values_begin(msg, SIPSPAN_HDR_CONTACT, &it);
  size_t count = 0;
  while (sipspan_values_next(&it, &s)) {
    sipspan_contact c;
    r = sipspan_parse_contact(s, &c);
    CHECK(r.code == SIPSPAN_ERR_SUCCESS);
    if (count < 3) {
      CHECK(eq(c.uri, uris[count]));
      CHECK(c.has_expires == has_exp[count] && c.expires == exp[count]);
      CHECK(it.row == (count < 2 ? 7 : 8));
      CHECK(!c.is_star);
    }
    if (count == 1) {
      CHECK(eq(c.display_name, "Mobile, B") && eq(c.q, "0.5"));
      sipspan_uri u;
      CHECK(sipspan_parse_uri(c.uri, &u).code == SIPSPAN_ERR_SUCCESS);
      CHECK(u.scheme == SIPSPAN_URI_SIP && eq(u.scheme_text, "sip") && eq(u.user, "bob"));
      CHECK(eq(u.host, "198.51.100.7") && u.has_port && u.port == 5070 && eq(u.transport, "tcp") && !u.lr);
      CHECK(eq(u.params, "transport=tcp"));
      CHECK(sipspan_offset_of(msg, c.uri) == at(m, "sip:bob@198.51.100.7"));
    }
    ++count;
  }
  CHECK(count == 3);
  CHECK(sipspan_values_next(&it, &s) == 0); /* stays at the end */

  /* Route set */
  sipspan_values_begin(msg, SIPSPAN_HDR_ROUTE, &it);
  count = 0;
  while (sipspan_values_next(&it, &s)) {
    sipspan_name_addr route;
    sipspan_uri u;
    CHECK(sipspan_parse_route(s, &route).code == SIPSPAN_ERR_SUCCESS);
    CHECK(sipspan_parse_uri(route.uri, &u).code == SIPSPAN_ERR_SUCCESS);
    CHECK(u.lr == 1);
    CHECK(eq(u.host, count == 0 ? "p1.example.com" : "p2.example.com"));
    CHECK(u.port == (count == 0 ? 0 : 5070) && u.has_port == (count == 0 ? 0 : 1));
    ++count;
  }
  CHECK(count == 2);
  /* ids with no rows, and ids out of range, yield nothing */
  sipspan_values_begin(msg, SIPSPAN_HDR_ALLOW, &it);
  CHECK(sipspan_values_next(&it, &s) == 0);
  sipspan_values_begin(msg, 5000, &it);
  CHECK(sipspan_values_next(&it, &s) == 0);
  sipspan_values_begin(msg, SIPSPAN_HDR_VIA, &it);
  count = 0;
  while (sipspan_values_next(&it, &s)) ++count;
  CHECK(count == 2);

  uint64_t hash1 = 0, hash2 = 0;
  CHECK(sipspan_transaction_hash(msg, &hash1).code == SIPSPAN_ERR_SUCCESS);
  sipspan_dialog d;
  CHECK(sipspan_dialog_id(msg, SIPSPAN_ROLE_UAC, &d).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(d.call_id, "843817637684230@998sdasdh09") && eq(d.local_tag, "456248") && d.remote_tag.len == 0);
  /* parsing the same bytes again gives the same key */
  CHECK(sipspan_parse(msg, m, sizeof register_msg - 1, 0).code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_transaction_hash(msg, &hash2).code == SIPSPAN_ERR_SUCCESS && hash1 == hash2);
}

static void test_invite_sdp(void) {
  sipspan_message* msg = new_message();
  const char* m = invite_msg;
  sipspan_result r = sipspan_parse(msg, m, strlen(m), 1);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  sipspan_media_type mt;
  CHECK(sipspan_content_type(msg, &mt).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(mt.type, "application") && eq(mt.subtype, "sdp") && mt.boundary.len == 0);
  uint32_t n = 0;
  CHECK(sipspan_content_length(msg, &n).code == SIPSPAN_ERR_SUCCESS && n == 187);
  sipspan_str body = sipspan_body(msg);
  CHECK(body.len == 187 && sipspan_offset_of(msg, body) == at(m, "v=0"));
  sipspan_uri ru;
  CHECK(sipspan_parse_uri(sipspan_request_uri(msg), &ru).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(ru.user, "bob") && eq(ru.host, "biloxi.example.com"));
  r = sipspan_expires(msg, &n);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER);

  sipspan_sdp* sdp = sipspan_sdp_init(sdp_storage, sizeof sdp_storage);
  CHECK(sdp != NULL);
  r = sipspan_parse_sdp(sdp, body, 0);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_sdp_media_count(sdp) == 2);
  sipspan_sdp_media md;
  CHECK(sipspan_sdp_media_get(sdp, 0, &md).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(md.media, "audio") && md.port == 49172 && md.port_count == 1 && eq(md.proto, "RTP/AVP"));
  CHECK(eq(md.formats, "0 8") && eq(md.connection, "192.0.2.101")); /* the session's c= */
  CHECK(sipspan_sdp_media_get(sdp, 1, &md).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(md.media, "video") && md.port == 51372 && md.port_count == 2 && eq(md.formats, "31"));
  CHECK(eq(md.connection, "198.51.100.9")); /* its own c= */
  r = sipspan_sdp_media_get(sdp, 2, &md);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER);

  /* SDP departures, offsets in the body: a deviation when tolerant, an error when strict */
  static const char bad_order[] = "v=0\r\ns=-\r\nt=0 0\r\n";
  sipspan_str b = {bad_order, sizeof bad_order - 1};
  CHECK(sipspan_parse_sdp(sdp, b, 0).code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_sdp_deviation_count(sdp) == 1);
  sipspan_deviation dev;
  CHECK(sipspan_sdp_deviation_get(sdp, 0, &dev) == 1);
  CHECK(dev.kind == SIPSPAN_DEV_SDP_MISSING_LINE && dev.offset == 5 && dev.header_index == SIPSPAN_NO_HEADER);
  CHECK(sipspan_sdp_deviation_get(sdp, 1, &dev) == 0);
  r = sipspan_parse_sdp(sdp, b, 1);
  CHECK(r.code == SIPSPAN_ERR_DEVIATION_REJECTED && r.offset == 5 && r.deviation == SIPSPAN_DEV_SDP_MISSING_LINE);
  static const char not_sdp[] = "hello\r\n";
  b.ptr = not_sdp;
  b.len = sizeof not_sdp - 1;
  r = sipspan_parse_sdp(sdp, b, 0);
  CHECK(r.code == SIPSPAN_ERR_SDP_MISSING_VERSION && r.offset == 0);
  static const char bad_port[] = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 70000 RTP/AVP 0\r\n";
  b.ptr = bad_port;
  b.len = sizeof bad_port - 1;
  CHECK(sipspan_parse_sdp(sdp, b, 0).code == SIPSPAN_ERR_SUCCESS);
  r = sipspan_sdp_media_get(sdp, 0, &md);
  CHECK(r.code == SIPSPAN_ERR_BAD_PORT && r.offset == at(bad_port, "70000"));
  b.ptr = NULL;
  b.len = 0;
  CHECK(sipspan_parse_sdp(sdp, b, 0).code == SIPSPAN_ERR_EMPTY_INPUT);
}

static void test_response(void) {
  sipspan_message* msg = new_message();
  sipspan_result r = sipspan_parse(msg, response_msg, strlen(response_msg), 0);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  CHECK(sipspan_is_request(msg) == 0);
  CHECK(sipspan_status_code(msg) == 200 && eq(sipspan_reason(msg), "OK"));
  CHECK(eq(sipspan_version(msg), "SIP/2.0"));
  CHECK(sipspan_method(msg).len == 0 && sipspan_request_uri(msg).len == 0);
  sipspan_dialog d;
  CHECK(sipspan_dialog_id(msg, SIPSPAN_ROLE_UAS, &d).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(d.local_tag, "a6c85cf") && eq(d.remote_tag, "1928301774"));
  CHECK(sipspan_dialog_id(msg, SIPSPAN_ROLE_UAC, &d).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(d.local_tag, "1928301774") && eq(d.remote_tag, "a6c85cf"));
  uint64_t h = 0;
  CHECK(sipspan_transaction_hash(msg, &h).code == SIPSPAN_ERR_SUCCESS);
  sipspan_via via;
  CHECK(sipspan_via_top(msg, &via).code == SIPSPAN_ERR_SUCCESS);
  CHECK(!via.has_port && via.port == 0 && !via.has_rport && via.received.len == 0);
}

static void test_errors(void) {
  sipspan_message* msg = new_message();
  sipspan_result r = sipspan_parse(msg, NULL, 0, 0);
  CHECK(r.code == SIPSPAN_ERR_EMPTY_INPUT && r.offset == 0);

  static const char bad_version[] = "INVITE sip:a@b SIP/3\r\n\r\n";
  r = sipspan_parse(msg, bad_version, strlen(bad_version), 0);
  CHECK(r.code == SIPSPAN_ERR_BAD_SIP_VERSION && r.offset == at(bad_version, "SIP/3") + 5); /* where it stops matching */
  CHECK(strcmp(sipspan_error_name(r.code), "bad_sip_version") == 0);

  static const char cut[] = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n";
  r = sipspan_parse(msg, cut, strlen(cut), 0);
  CHECK(r.code == SIPSPAN_ERR_INCOMPLETE_MESSAGE);

  /* typed errors: offsets in the message */
  static const char typed[] =
      "OPTIONS sip:a@b SIP/2.0\r\n"
      "Via: SIP/2.0/UDP host:99999;branch=z9hG4bKx\r\n"
      "Max-Forwards: 300\r\n"
      "CSeq: 12x OPTIONS\r\n"
      "From: <sip:a@b\r\n"
      "Expires: soon\r\n"
      "Content-Type: text\r\n"
      "Call-ID: \r\n"
      "\r\n";
  r = sipspan_parse(msg, typed, strlen(typed), 0);
  CHECK(r.code == SIPSPAN_ERR_SUCCESS);
  sipspan_via via;
  r = sipspan_via_top(msg, &via);
  CHECK(r.code == SIPSPAN_ERR_BAD_PORT && r.offset == at(typed, "99999"));
  uint32_t n = 0;
  r = sipspan_max_forwards(msg, &n);
  CHECK(r.code == SIPSPAN_ERR_NUMBER_OVERFLOW && r.offset == at(typed, "300"));
  sipspan_cseq cseq;
  r = sipspan_cseq_get(msg, &cseq);
  CHECK(r.code == SIPSPAN_ERR_BAD_CSEQ && r.offset >= at(typed, "12x") && r.offset <= at(typed, "x OPTIONS"));
  sipspan_name_addr na;
  r = sipspan_from(msg, &na);
  CHECK(r.code != SIPSPAN_ERR_SUCCESS && r.offset >= at(typed, "<sip:a@b") && r.offset < at(typed, "Expires"));
  r = sipspan_expires(msg, &n);
  CHECK(r.code == SIPSPAN_ERR_BAD_NUMBER && r.offset == at(typed, "soon"));
  sipspan_media_type mt;
  r = sipspan_content_type(msg, &mt);
  CHECK(r.code == SIPSPAN_ERR_BAD_MEDIA_TYPE && r.offset >= at(typed, "text") && r.offset <= at(typed, "text") + 4);
  sipspan_str s;
  r = sipspan_call_id(msg, &s);
  CHECK(r.code != SIPSPAN_ERR_SUCCESS);
  r = sipspan_to(msg, &na);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER && r.offset == 0);
  r = sipspan_content_length(msg, &n);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER);
  uint64_t h;
  r = sipspan_transaction_hash(msg, &h);
  CHECK(r.code != SIPSPAN_ERR_SUCCESS);
  sipspan_dialog d;
  r = sipspan_dialog_id(msg, SIPSPAN_ROLE_UAC, &d);
  CHECK(r.code != SIPSPAN_ERR_SUCCESS); /* From and Call-ID do not parse */
  static const char no_to[] = "OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x@y\r\nFrom: <sip:a@b>;tag=1\r\n\r\n";
  CHECK(sipspan_parse(msg, no_to, strlen(no_to), 1).code == SIPSPAN_ERR_SUCCESS);
  r = sipspan_dialog_id(msg, SIPSPAN_ROLE_UAC, &d);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER && r.offset == 0);
  r = sipspan_transaction_hash(msg, &h);
  CHECK(r.code == SIPSPAN_ERR_MISSING_HEADER); /* no Via */

  /* value parsers: offsets in the given string */
  static const char bad_uri[] = "sip:alice@host:70000";
  sipspan_str u = {bad_uri, sizeof bad_uri - 1};
  sipspan_uri uri;
  r = sipspan_parse_uri(u, &uri);
  CHECK(r.code == SIPSPAN_ERR_BAD_PORT && r.offset == 15);
  u.ptr = NULL;
  u.len = 0;
  CHECK(sipspan_parse_uri(u, &uri).code == SIPSPAN_ERR_EMPTY_VALUE);
  static const char bare[] = "sip:p1.example.com;lr";
  u.ptr = bare;
  u.len = sizeof bare - 1;
  r = sipspan_parse_route(u, &na);
  CHECK(r.code == SIPSPAN_ERR_BAD_NAME_ADDR && r.offset == 0);
  CHECK(sipspan_parse_name_addr(u, &na).code == SIPSPAN_ERR_SUCCESS);
  CHECK(eq(na.uri, "sip:p1.example.com") && eq(na.params, "lr"));
  static const char star[] = "*";
  u.ptr = star;
  u.len = 1;
  sipspan_contact c;
  CHECK(sipspan_parse_contact(u, &c).code == SIPSPAN_ERR_SUCCESS && c.is_star == 1);
  static const char bad_q[] = "<sip:a@b>;q=2.5";
  u.ptr = bad_q;
  u.len = sizeof bad_q - 1;
  CHECK(sipspan_parse_contact(u, &c).code != SIPSPAN_ERR_SUCCESS);
}

/* The README's C example, verbatim inside a function. */
static int readme_example(const char* data, size_t len) {
  _Alignas(SIPSPAN_MESSAGE_ALIGN) unsigned char storage[SIPSPAN_MESSAGE_SIZE];
  sipspan_message* msg = sipspan_message_init(storage, sizeof storage);
  sipspan_result r = sipspan_parse(msg, data, len, 0);                 /* 1: strict */
  if (r.code != SIPSPAN_ERR_SUCCESS)
    return printf("%s at byte %u\n", sipspan_error_message(r.code), (unsigned)r.offset);
  sipspan_via via;
  if (sipspan_via_top(msg, &via).code == SIPSPAN_ERR_SUCCESS) printf("branch %.*s\n", (int)via.branch.len, via.branch.ptr);
  return 0;
}

static void test_readme(void) {
  CHECK(readme_example(response_msg, strlen(response_msg)) == 0);
  static const char bad[] = "INVITE sip:x SIP/2.0\r\nl: -1\r\n\r\n";
  CHECK(readme_example(bad, strlen(bad)) > 0);
}

char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  static char buf[65536];
  *len = fread(buf, 1, sizeof buf, f);
  fclose(f);
  return buf;
}

int main(int argc, char** argv) {
  test_storage();
  test_names();
  test_register();
  test_invite_sdp();
  test_response();
  test_errors();
  test_readme();
  test_mimicry(argc > 1 ? argv[1] : NULL);
  test_lint(argc > 1 ? argv[1] : NULL);
  test_score(argc > 1 ? argv[1] : NULL, argc > 2 ? argv[2] : NULL);
  printf("capi: %d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
