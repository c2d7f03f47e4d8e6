/* The C API tests' shared pieces (test_capi.c, test_capi_lint_score.c): the
 * CHECK counter, string helpers, the message storage and a test message. */
#ifndef SIPSPAN_TEST_CAPI_H
#define SIPSPAN_TEST_CAPI_H

#include <sipspan/sipspan.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern int passed, failed;

#define CHECK(cond)                                                        \
  do {                                                                     \
    if (cond) {                                                            \
      ++passed;                                                            \
    } else {                                                               \
      ++failed;                                                            \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
    }                                                                      \
  } while (0)

/* a span equals a C string */
static inline int eq(sipspan_str s, const char* want) {
  size_t n = strlen(want);
  return s.len == n && (n == 0 || memcmp(s.ptr, want, n) == 0);
}

/* offset of `needle` in `hay` (the test messages always contain it) */
static inline unsigned at(const char* hay, const char* needle) {
  const char* p = strstr(hay, needle);
  return p ? (unsigned)(p - hay) : 0xFFFFFFFFu;
}

/* a message in the one static storage (test_capi.c) */
sipspan_message* new_message(void);
/* a file's bytes in a static buffer (up to 64 KiB), NULL when it cannot be read */
char* read_file(const char* path, size_t* len);
/* a 2xx to INVITE with Contact (RFC 3261 §13.3.1.4), which the validator checks */
extern const char clean_response[];

/* the validator and the scorer (test_capi_lint_score.c) */
void test_mimicry(const char* path);
void test_lint(const char* path);
void test_score(const char* mimicry_path, const char* profile_path);

#endif
