// sipspan — the state the authentication machine (grammar/auth.rl) marks spans into.
//
// The machine's actions call these small inline functions; each one records
// where something starts or ends, which directive is being read (for the error
// code and for duplicate detection), or where the scan stopped.
#pragma once

#include <cstdint>
#include <string_view>

#include "sipspan/error.hpp"

namespace sipspan::detail {

using auth_byte = unsigned char;

// Which rule the scan starts from.
enum class auth_entry : std::uint8_t {
  credentials,  // Authorization, Proxy-Authorization
  challenge,    // WWW-Authenticate, Proxy-Authenticate
  info,         // Authentication-Info
};

// Digest directives with a rule of their own (RFC 3261 §25); bit positions.
enum class auth_dir : std::uint8_t {
  generic,  // auth-param, or any parameter of a scheme other than Digest
  username, realm, nonce, uri, response, algorithm, cnonce, opaque, qop, nc,
  stale, domain, nextnonce, rspauth,
};

struct auth_scan {
  const auth_byte* base;
  const auth_byte* end;

  // Where the scan is: decides the error code when a byte does not fit.
  enum class ctx : std::uint8_t {
    scheme,         // the auth-scheme token
    scheme_sep,     // after the scheme: LWS and the first parameter
    name,           // a parameter name, or the EQUAL after it
    value_start,    // after "=": the value's first byte
    value,          // inside an unquoted value (token, nc, stale, ...)
    quoted,         // inside a quoted-string of any content
    quoted_strict,  // inside a quoted value with a rule of its own (response, uri, qop, ...)
    after_value,    // after a value: COMMA or the end
  } where = ctx::scheme;

  const auth_byte* scheme_begin = nullptr;
  const auth_byte* scheme_end = nullptr;
  bool digest = false;
  const auth_byte* params_begin = nullptr;  // first parameter's first byte
  const auth_byte* param_at = nullptr;      // current parameter's first byte
  const auth_byte* quote_at = nullptr;      // current value's opening DQUOTE
  auth_dir dir = auth_dir::generic;
  std::uint32_t seen = 0;  // directives seen so far (bit = auth_dir)

  std::string_view duplicate;     // name of the first repeated directive
  std::string_view quoted_token;  // first token-valued directive written quoted

  bool failed = false;
  result err{};

  auth_scan(const auth_byte* b, const auth_byte* e) noexcept : base(b), end(e) {}

  static std::string_view span(const auth_byte* b, const auth_byte* e) noexcept {
    return {reinterpret_cast<const char*>(b), static_cast<std::size_t>(e - b)};
  }

  void scheme_start(const auth_byte* p) noexcept { scheme_begin = p; }
  void scheme_done(const auth_byte* p, bool is_digest) noexcept {
    scheme_end = p;
    digest = is_digest;
    where = ctx::scheme_sep;
  }
  void param_start(const auth_byte* p) noexcept {
    if (!params_begin) params_begin = p;
    param_at = p;
    dir = auth_dir::generic;
    where = ctx::name;
  }
  // The name just read (ending at p) is directive d.
  void directive(auth_dir d, const auth_byte* p) noexcept {
    dir = d;
    std::uint32_t bit = std::uint32_t{1} << static_cast<unsigned>(d);
    if ((seen & bit) && duplicate.empty()) duplicate = span(param_at, p);
    seen |= bit;
  }
  void equal() noexcept { where = ctx::value_start; }
  void value_begin() noexcept { where = ctx::value; }
  void value_done() noexcept { where = ctx::after_value; }
  void quote_open(const auth_byte* p, bool strict) noexcept {
    quote_at = p;
    where = strict ? ctx::quoted_strict : ctx::quoted;
  }
  // p is the closing DQUOTE of a token value written as a quoted-string (nc="00000001").
  void quoted_token_done(const auth_byte* p) noexcept {
    if (quoted_token.empty()) quoted_token = span(quote_at, p + 1);
    where = ctx::after_value;
  }

  void fail(error_code c, const auth_byte* at) noexcept {
    failed = true;
    err.code = c;
    err.offset = static_cast<std::uint32_t>(at - base);
  }

  // The machine cannot take the byte at p (or the input ended, p == end).
  void error(const auth_byte* p) noexcept {
    if (failed) return;
    const bool at_end = p == end;
    const bool control = !at_end && (*p < 0x20 || *p == 0x7f) && *p != ' ' && *p != '\t';
    switch (where) {
      case ctx::scheme:
      case ctx::scheme_sep:
        fail(error_code::bad_credentials, p);
        break;
      case ctx::name:  // not a token, or no "=" after the name
      case ctx::after_value:
        fail(error_code::bad_parameter, p);
        break;
      case ctx::value_start:
        if (at_end || *p == ',') fail(error_code::empty_value, p);
        else fail(dir == auth_dir::generic ? error_code::bad_parameter : error_code::bad_credentials, p);
        break;
      case ctx::value:
        fail(dir == auth_dir::generic ? error_code::bad_parameter : error_code::bad_credentials, p);
        break;
      case ctx::quoted:
        fail(error_code::bad_quoted_string, at_end ? quote_at : p);
        break;
      case ctx::quoted_strict:
        if (at_end) fail(error_code::bad_quoted_string, quote_at);
        else fail(control ? error_code::bad_quoted_string : error_code::bad_credentials, p);
        break;
    }
  }
};

// Run the machine over [s.base, s.end) from `entry`. False when the input does
// not match (s.err says which error and where).
bool scan_auth(auth_scan& s, auth_entry entry) noexcept;

}  // namespace sipspan::detail
