/* options_responder — embedding sipspan in a small UDP server, through the C API.
 *
 *   options_responder PORT [COUNT [TIMEOUT_SECONDS]]
 *
 * Binds a UDP socket to 127.0.0.1:PORT (0 picks an ephemeral port) and prints
 * "listening on 127.0.0.1:N" on stdout. Each datagram is parsed in place with
 * sipspan_parse (sipspan.h, C11) into storage on the stack — no copy, no
 * allocation — and answered:
 *
 *   OPTIONS                  200 OK built from the request (RFC 3261 §8.2.6, §11.2):
 *                            every Via row in order, From, To (with a To tag added
 *                            when it has none), Call-ID and CSeq copied; Allow;
 *                            Content-Length: 0
 *   ACK                      nothing (an ACK is never answered)
 *   any other request        501 Not Implemented, built the same way
 *   a response               nothing
 *   a datagram that does not parse, or a request without a usable Via, From,
 *   To, Call-ID or CSeq      nothing: it is dropped and reported on stderr
 *                            (there is no usable Via to answer to)
 *
 * One message per datagram (bytes after a message's body are a deviation,
 * RFC 3261 §18.3). The answer goes to the datagram's source address and port
 * (symmetric response, as RFC 3581 rport asks; the Via sent-by is not
 * consulted). After COUNT datagrams (default 10) it exits with status 0; when
 * no datagram arrives for TIMEOUT_SECONDS (default 30) it exits with status 3.
 * Usage errors exit with 2, socket errors with 1. Only 127.0.0.1 is bound.
 */
#define _POSIX_C_SOURCE 200809L

#include <sipspan/sipspan.h>

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

/* A response under construction in a fixed buffer; `failed` once it overflows. */
typedef struct out_buf {
  char data[8192];
  size_t len;
  int failed;
} out_buf;

static void put(out_buf* b, const char* p, size_t n) {
  if (b->failed || n > sizeof b->data - b->len) {
    b->failed = 1;
    return;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void put_cstr(out_buf* b, const char* s) { put(b, s, strlen(s)); }

/* Header values may hold folds (CRLF WSP); a response carries them unfolded. */
static void put_unfolded(out_buf* b, sipspan_str v) {
  for (size_t i = 0; i < v.len; ++i) {
    char c = v.ptr[i] == '\r' || v.ptr[i] == '\n' ? ' ' : v.ptr[i];
    put(b, &c, 1);
  }
}

static void put_header(out_buf* b, const char* name, sipspan_str value) {
  put_cstr(b, name);
  put_cstr(b, ": ");
  put_unfolded(b, value);
  put_cstr(b, "\r\n");
}

static int str_eq(sipspan_str s, const char* lit) { return s.len == strlen(lit) && memcmp(s.ptr, lit, s.len) == 0; }

/* Builds the response to `msg`; 0 when a header field the response copies
 * (Via, From, To, Call-ID, CSeq) is missing or does not parse. */
static int build_response(const sipspan_message* msg, int status, const char* reason, out_buf* b) {
  sipspan_via via;
  sipspan_name_addr from, to;
  sipspan_str call_id;
  sipspan_cseq cseq;
  sipspan_header h;
  if (sipspan_via_top(msg, &via).code != SIPSPAN_ERR_SUCCESS ||
      sipspan_from(msg, &from).code != SIPSPAN_ERR_SUCCESS || sipspan_to(msg, &to).code != SIPSPAN_ERR_SUCCESS ||
      sipspan_call_id(msg, &call_id).code != SIPSPAN_ERR_SUCCESS ||
      sipspan_cseq_get(msg, &cseq).code != SIPSPAN_ERR_SUCCESS)
    return 0;

  char line[64];
  b->len = 0;
  b->failed = 0;
  snprintf(line, sizeof line, "SIP/2.0 %d %s\r\n", status, reason);
  put_cstr(b, line);
  /* Every Via row, in order (RFC 3261 §8.2.6.2), under its canonical name. */
  for (size_t i = 0; sipspan_header_get(msg, i, &h); ++i)
    if (h.id == SIPSPAN_HDR_VIA) put_header(b, "Via", h.value);
  sipspan_header_find(msg, SIPSPAN_HDR_FROM, &h);
  put_header(b, "From", h.value);
  sipspan_header_find(msg, SIPSPAN_HDR_TO, &h);
  put_cstr(b, "To: ");
  put_unfolded(b, h.value);
  if (to.tag.len == 0) { /* RFC 3261 §8.2.6.2: the UAS adds a tag */
    static unsigned counter = 0;
    snprintf(line, sizeof line, ";tag=%x%04x", (unsigned)getpid(), ++counter & 0xffffu);
    put_cstr(b, line);
  }
  put_cstr(b, "\r\n");
  put_header(b, "Call-ID", call_id);
  sipspan_header_find(msg, SIPSPAN_HDR_CSEQ, &h);
  put_header(b, "CSeq", h.value);
  put_cstr(b, "Allow: OPTIONS\r\nContent-Length: 0\r\n\r\n");
  return !b->failed;
}

static int parse_number(const char* text, unsigned long max, unsigned long* out) {
  char* end = NULL;
  if (*text < '0' || *text > '9') return 0;
  errno = 0;
  *out = strtoul(text, &end, 10);
  return errno == 0 && *end == '\0' && *out <= max;
}

int main(int argc, char** argv) {
  unsigned long port = 0, count = 10, timeout = 30;
  if (argc < 2 || argc > 4 || !parse_number(argv[1], 65535, &port) ||
      (argc > 2 && (!parse_number(argv[2], 1000000, &count) || count == 0)) ||
      (argc > 3 && (!parse_number(argv[3], 86400, &timeout) || timeout == 0))) {
    fprintf(stderr, "usage: %s PORT [COUNT [TIMEOUT_SECONDS]]   (binds 127.0.0.1; PORT 0 = ephemeral)\n",
            argc > 0 ? argv[0] : "options_responder");
    return 2;
  }

  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  if (fd < 0) {
    perror("socket");
    return 1;
  }
  struct sockaddr_in local;
  memset(&local, 0, sizeof local);
  local.sin_family = AF_INET;
  local.sin_port = htons((uint16_t)port);
  local.sin_addr.s_addr = htonl(INADDR_LOOPBACK); /* 127.0.0.1 only */
  struct timeval tv = {(time_t)timeout, 0};
  socklen_t len = sizeof local;
  if (bind(fd, (struct sockaddr*)&local, sizeof local) != 0 ||
      setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv) != 0 ||
      getsockname(fd, (struct sockaddr*)&local, &len) != 0) {
    perror("options_responder");
    close(fd);
    return 1;
  }
  printf("listening on 127.0.0.1:%u\n", (unsigned)ntohs(local.sin_port));
  fflush(stdout);

  static char datagram[65536];
  static out_buf response;
  _Alignas(SIPSPAN_MESSAGE_ALIGN) unsigned char storage[SIPSPAN_MESSAGE_SIZE];
  sipspan_message* msg = sipspan_message_init(storage, sizeof storage);
  if (!msg) {
    fprintf(stderr, "options_responder: message storage too small\n");
    close(fd);
    return 1;
  }
  for (unsigned long served = 0; served < count;) {
    struct sockaddr_in peer;
    socklen_t peer_len = sizeof peer;
    ssize_t n = recvfrom(fd, datagram, sizeof datagram, 0, (struct sockaddr*)&peer, &peer_len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) {
        fprintf(stderr, "options_responder: no datagram for %lu s, exiting\n", timeout);
        close(fd);
        return 3;
      }
      perror("recvfrom");
      close(fd);
      return 1;
    }
    ++served;
    char from[INET_ADDRSTRLEN + 8] = "?";
    char ip[INET_ADDRSTRLEN] = "?";
    inet_ntop(AF_INET, &peer.sin_addr, ip, sizeof ip);
    snprintf(from, sizeof from, "%s:%u", ip, (unsigned)ntohs(peer.sin_port));

    sipspan_result r = sipspan_parse(msg, datagram, (size_t)n, 0);
    if (r.code != SIPSPAN_ERR_SUCCESS) {
      fprintf(stderr, "%s: dropped at byte %u: %s [%s]\n", from, (unsigned)r.offset, sipspan_error_message(r.code),
              sipspan_error_name(r.code));
      continue;
    }
    sipspan_str method = sipspan_method(msg);
    if (!sipspan_is_request(msg) || str_eq(method, "ACK")) continue;
    int options = str_eq(method, "OPTIONS");
    if (!build_response(msg, options ? 200 : 501, options ? "OK" : "Not Implemented", &response)) {
      fprintf(stderr, "%s: %.*s without a usable Via, From, To, Call-ID or CSeq: dropped\n", from, (int)method.len,
              method.ptr);
      continue;
    }
    if (sendto(fd, response.data, response.len, 0, (struct sockaddr*)&peer, peer_len) < 0)
      perror("sendto");
    else
      fprintf(stderr, "%s: %.*s -> %d\n", from, (int)method.len, method.ptr, options ? 200 : 501);
  }
  close(fd);
  return 0;
}
