// sipspan — writes the C API's enumerations (sipspan_enums.h) from the C++
// X-lists at build time, so that the C names and values cannot drift from the
// C++ ones (the way llhttp generates its C header). Run by meson:
//
//   gen_c_enums OUTPUT
//
// The values are the C++ enumerators' values, but for SIPSPAN_HDR_OTHER, which
// is fixed (capi/c_header_id.hpp). They are part of the ABI:
// tests/abi/c_enums.txt lists the released ones and tests/abi_check.py fails
// when a value changes or a name disappears.
#include <cctype>
#include <cstdio>
#include <string>
#include <string_view>

#include "capi/c_header_id.hpp"
#include "sipspan/error.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"
#include "sipspan/transaction.hpp"
#include "sipspan/uri.hpp"

namespace {

std::string upper(std::string_view s) {
  std::string o;
  for (char c : s) o += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

struct writer {
  std::FILE* f;
  void open(const char* type, const char* comment) {
    std::fprintf(f, "/* %s */\ntypedef enum %s {\n", comment, type);
  }
  void item(const char* prefix, std::string_view name, int value, std::string_view note = {}) {
    std::fprintf(f, "  %s%s = %d,", prefix, upper(name).c_str(), value);
    if (!note.empty()) std::fprintf(f, " /* %.*s */", static_cast<int>(note.size()), note.data());
    std::fputc('\n', f);
  }
  void close(const char* type) { std::fprintf(f, "} %s;\n\n", type); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: gen_c_enums OUTPUT\n");
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "w");
  if (f == nullptr) {
    std::perror(argv[1]);
    return 1;
  }
  writer w{f};
  std::fputs(
      "/* sipspan_enums.h — generated at build time by parser/src/capi/gen_c_enums.cpp\n"
      " * from the C++ X-lists (sipspan/error.hpp, header_id.hpp, lint.hpp, score.hpp,\n"
      " * transaction.hpp, uri.hpp). Do not edit.\n"
      " * Included by sipspan.h. The values are ABI: they are only ever appended. */\n"
      "#ifndef SIPSPAN_ENUMS_H\n#define SIPSPAN_ENUMS_H\n\n",
      f);

  w.open("sipspan_error_code", "Error codes: the stable names are those of sipspan_error_name().");
#define SIPSPAN_X(e, m) w.item("SIPSPAN_ERR_", #e, static_cast<int>(sipspan::error_code::e));
  SIPSPAN_ERROR_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  w.close("sipspan_error_code");

  w.open("sipspan_deviation_kind", "Deviations: the stable names are those of sipspan_deviation_name().");
#define SIPSPAN_X(e, legal, m) w.item("SIPSPAN_DEV_", #e, static_cast<int>(sipspan::deviation_kind::e));
  SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  w.close("sipspan_deviation_kind");

  w.open("sipspan_header_id", "Header fields (RFC 3261 §20 and extensions); OTHER: a name not in the table.");
#define SIPSPAN_X(e, n, c, k, v) w.item("SIPSPAN_HDR_", #e, static_cast<int>(sipspan::header_id::e));
  SIPSPAN_HEADER_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  // not header_id::other, which moves when a header is appended: one fixed value
  w.item("SIPSPAN_HDR_", "other", sipspan::capi::c_header_other);
  w.close("sipspan_header_id");

  // The one-argument X-lists, X(e): PREFIX_E = the C++ enumerator's value.
#define SIPSPAN_C_ITEM(e) w.item(prefix, #e, static_cast<int>(E::e));
#define SIPSPAN_C_ENUM(type, comment, c_prefix, cpp_type, list) \
  do {                                                          \
    using E = cpp_type;                                         \
    const char* prefix = c_prefix;                              \
    w.open(type, comment);                                      \
    list(SIPSPAN_C_ITEM)                                        \
    w.close(type);                                              \
  } while (false)
  SIPSPAN_C_ENUM("sipspan_uri_scheme", "URI schemes (sipspan_uri.scheme).", "SIPSPAN_URI_", sipspan::uri_scheme,
                 SIPSPAN_URI_SCHEME_LIST);
  SIPSPAN_C_ENUM("sipspan_dialog_role", "Dialog roles for sipspan_dialog_id (RFC 3261 §12).", "SIPSPAN_ROLE_",
                 sipspan::dialog_role, SIPSPAN_DIALOG_ROLE_LIST);
  SIPSPAN_C_ENUM("sipspan_severity", "Severities of a finding; off: the rule does not report.", "SIPSPAN_SEVERITY_",
                 sipspan::severity, SIPSPAN_SEVERITY_LIST);
  SIPSPAN_C_ENUM("sipspan_lint_profile", "Lint profiles: the RFC's letter, tolerated quirks as warnings, everything.",
                 "SIPSPAN_PROFILE_", sipspan::lint_profile, SIPSPAN_LINT_PROFILE_LIST);
#undef SIPSPAN_C_ENUM
#undef SIPSPAN_C_ITEM

  w.open("sipspan_rule_id", "Rules of the catalogue (sipspan_finding.rule, sipspan_rule_get), by code.");
#define SIPSPAN_X(e, code, name, s, i, fo, rfc, summary, text) \
  w.item("SIPSPAN_RULE_", code, static_cast<int>(sipspan::rule_id::e), name);
  SIPSPAN_RULE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  w.close("sipspan_rule_id");

  w.open("sipspan_feature", "Scorer features (sipspan_score_reason.feature, sipspan_feature_name).");
#define SIPSPAN_X(e, weight, cap, m) w.item("SIPSPAN_FEATURE_", #e, static_cast<int>(sipspan::score_feature::e));
  SIPSPAN_SCORE_FEATURE_LIST(SIPSPAN_X)
#undef SIPSPAN_X
  w.close("sipspan_feature");

  std::fputs("#endif /* SIPSPAN_ENUMS_H */\n", f);
  return std::fclose(f) == 0 ? 0 : 1;
}
