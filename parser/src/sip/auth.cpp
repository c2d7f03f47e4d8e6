// sipspan — credentials, challenges and Authentication-Info (RFC 3261 §22, §25).
//
// The machine in grammar/auth.rl validates the value and marks the scheme, the
// first parameter, duplicate directives and quoted token values; this file
// turns those marks into an auth_view.

#include "sipspan/auth.hpp"

#include <cstddef>
#include <cstdint>

#include "sip/auth_scan.hpp"

namespace sipspan {
namespace {

inline bool is_lws(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim_end(std::string_view s) noexcept {
  std::size_t e = s.size();
  while (e > 0 && is_lws(s[e - 1])) --e;
  return s.substr(0, e);
}

// token68 = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="   (RFC 7235 §2.1)
bool is_token68(std::string_view s) noexcept {
  std::size_t i = 0;
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
              c == '_' || c == '~' || c == '+' || c == '/';
    if (!ok) break;
  }
  if (i == 0) return false;
  for (; i < s.size(); ++i)
    if (s[i] != '=') return false;
  return true;
}

result parse_auth(std::string_view value, auth_view& out, detail::auth_entry entry) noexcept {
  out = auth_view{};
  result r;
  if (value.size() > UINT32_MAX) {
    r.code = error_code::input_too_large;
    return r;
  }
  bool blank = true;
  for (char c : value)
    if (!is_lws(c)) {
      blank = false;
      break;
    }
  if (blank) {
    r.code = error_code::empty_value;
    return r;
  }

  const auto* b = reinterpret_cast<const detail::auth_byte*>(value.data());
  detail::auth_scan s(b, b + value.size());
  if (!detail::scan_auth(s, entry)) return s.err;

  if (entry != detail::auth_entry::info) {
    out.scheme = detail::auth_scan::span(s.scheme_begin, s.scheme_end);
    out.is_digest = s.digest;
  } else {
    out.is_digest = true;
  }
  // Everything after the scheme's LWS is parameters (or a token68).
  std::string_view rest = trim_end(detail::auth_scan::span(s.params_begin ? s.params_begin : s.end, s.end));
  if (entry != detail::auth_entry::info && !s.digest && is_token68(rest)) {
    out.token68 = rest;
  } else {
    out.params_text = rest;
  }
  out.has_duplicate_params = !s.duplicate.empty();
  out.duplicate_param = s.duplicate;
  out.has_quoted_token = !s.quoted_token.empty();
  out.quoted_token = s.quoted_token;
  return r;
}

}  // namespace

result parse_credentials(std::string_view value, auth_view& out) noexcept {
  return parse_auth(value, out, detail::auth_entry::credentials);
}

result parse_challenge(std::string_view value, auth_view& out) noexcept {
  return parse_auth(value, out, detail::auth_entry::challenge);
}

result parse_authentication_info(std::string_view value, auth_view& out) noexcept {
  return parse_auth(value, out, detail::auth_entry::info);
}

digest_algorithm classify_digest_algorithm(std::string_view v) noexcept {
  v = unquote(v);
  if (v.empty()) return digest_algorithm::none;
  if (iequals(v, "MD5")) return digest_algorithm::md5;
  if (iequals(v, "MD5-sess")) return digest_algorithm::md5_sess;
  if (iequals(v, "SHA-256")) return digest_algorithm::sha256;
  if (iequals(v, "SHA-256-sess")) return digest_algorithm::sha256_sess;
  if (iequals(v, "SHA-512-256")) return digest_algorithm::sha512_256;
  if (iequals(v, "SHA-512-256-sess")) return digest_algorithm::sha512_256_sess;
  return digest_algorithm::other;
}

bool unescape(std::string_view value, std::span<char> buf, std::string_view& out) noexcept {
  out = {};
  const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"';
  std::string_view in = quoted ? value.substr(1, value.size() - 2) : value;
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (quoted) {
      if (c == '\\' && i + 1 < in.size()) {
        c = in[++i];
      } else if (c == '\r' && i + 2 < in.size() && in[i + 1] == '\n' && (in[i + 2] == ' ' || in[i + 2] == '\t')) {
        ++i;  // drop CR LF, keep the whitespace that follows
        continue;
      } else if (c == '\n' && i + 1 < in.size() && (in[i + 1] == ' ' || in[i + 1] == '\t')) {
        continue;
      }
    }
    if (n == buf.size()) return false;
    buf[n++] = c;
  }
  out = std::string_view(buf.data(), n);
  return true;
}

}  // namespace sipspan
