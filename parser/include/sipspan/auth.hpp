// sipspan — authentication header values: credentials, challenges and
// Authentication-Info (RFC 3261 §22, §20.6, §20.7, §20.27, §20.28, §20.44).
//
//   auth_view a;
//   result r = sipspan::parse_credentials(value, a);   // Authorization, Proxy-Authorization
//   result r = sipspan::parse_challenge(value, a);     // WWW-Authenticate, Proxy-Authenticate
//   result r = sipspan::parse_authentication_info(value, a);
//   if (r && a.is_digest) use(unquote(a.realm()), a.nc());
//
// The machine (grammar/auth.rl) validates the whole value first: every Digest
// directive against its own rule (nc = 8LHEX, response = LDQUOT *LHEX RDQUOT,
// stale = true / false, ...), every other parameter as auth-param. The view
// then holds spans into the caller's buffer; parameters are walked lazily by a
// param_range over `params_text`. Errors carry the byte offset within `value`:
// the first byte that does not fit, or for an unterminated quoted-string its
// opening DQUOTE.
#pragma once

#include "sipspan/error.hpp"  // first: it checks for C++20

#include <cstdint>
#include <span>
#include <string_view>

#include "sipspan/error.hpp"
#include "sipspan/params.hpp"

namespace sipspan {

// Digest algorithms (RFC 3261 §25, RFC 8760 for SIP, names from RFC 7616 §6.1).
enum class digest_algorithm : std::uint8_t {
  none,  // no algorithm parameter (MD5 is then implied, RFC 2617 §3.2.1)
  md5,
  md5_sess,
  sha256,
  sha256_sess,
  sha512_256,
  sha512_256_sess,
  other,  // any other token
};

// Classify an algorithm value (case-insensitive; surrounding DQUOTEs ignored).
// An empty value gives digest_algorithm::none.
SIPSPAN_API digest_algorithm classify_digest_algorithm(std::string_view value) noexcept;

// Credentials (Authorization, Proxy-Authorization), a challenge
// (WWW-Authenticate, Proxy-Authenticate) or Authentication-Info.
struct auth_view {
  std::string_view scheme;       // "Digest", "Bearer", ...; empty for Authentication-Info
  bool is_digest = false;        // the scheme is Digest (any case), or Authentication-Info
  std::string_view params_text;  // the comma-separated parameters after the scheme
  std::string_view token68;      // a scheme other than Digest with a token68 instead of
                                 // parameters ("Bearer mF_9.B5f-4.1JqM"); params_text is then empty

  // The first Digest directive that appears twice (realm="a", realm="b"): its
  // second occurrence's name. Accessors return the first occurrence's value.
  bool has_duplicate_params = false;
  std::string_view duplicate_param;

  // The first token-valued directive written as a quoted-string (nc="00000001",
  // algorithm="MD5", qop="auth" in credentials): outside RFC 3261's grammar,
  // accepted because implementations send it. Spans the value with its quotes.
  bool has_quoted_token = false;
  std::string_view quoted_token;

  param_range params() const noexcept { return param_range(params_text, ','); }

  // Raw value of the first parameter with this name (case-insensitive): quotes
  // and escapes kept; use sipspan::unquote or sipspan::unescape. Empty when absent.
  std::string_view get(std::string_view name) const noexcept { return params().get(name); }

  std::string_view username() const noexcept { return get("username"); }
  std::string_view realm() const noexcept { return get("realm"); }
  std::string_view nonce() const noexcept { return get("nonce"); }
  std::string_view uri() const noexcept { return get("uri"); }
  std::string_view response() const noexcept { return get("response"); }
  std::string_view algorithm() const noexcept { return get("algorithm"); }
  std::string_view cnonce() const noexcept { return get("cnonce"); }
  std::string_view opaque() const noexcept { return get("opaque"); }
  std::string_view qop() const noexcept { return get("qop"); }
  std::string_view nc() const noexcept { return get("nc"); }
  std::string_view stale() const noexcept { return get("stale"); }
  std::string_view domain() const noexcept { return get("domain"); }
  std::string_view nextnonce() const noexcept { return get("nextnonce"); }
  std::string_view rspauth() const noexcept { return get("rspauth"); }

  // stale=true (any case, quoted or not)
  bool is_stale() const noexcept { return iequals(unquote(stale()), "true"); }
  digest_algorithm algorithm_id() const noexcept { return classify_digest_algorithm(algorithm()); }
};

[[nodiscard]] SIPSPAN_API result parse_credentials(std::string_view value, auth_view& out) noexcept;          // Authorization, Proxy-Authorization
[[nodiscard]] SIPSPAN_API result parse_challenge(std::string_view value, auth_view& out) noexcept;            // WWW-/Proxy-Authenticate
[[nodiscard]] SIPSPAN_API result parse_authentication_info(std::string_view value, auth_view& out) noexcept;  // Authentication-Info

// The content of a quoted-string with its quoted-pairs resolved ("\"" -> '"')
// and its line folds (CR LF, or a bare LF, before whitespace) removed, written
// into `buf`; `out` views the written bytes. A value without surrounding DQUOTEs
// is copied as is. Returns false, with `out` empty, when `buf` is too small;
// value.size() bytes always suffice. Never allocates.
SIPSPAN_API bool unescape(std::string_view value, std::span<char> buf, std::string_view& out) noexcept;

}  // namespace sipspan
