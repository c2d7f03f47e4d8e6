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
  void item(const char* prefix, std::string_view name, int value) {
    std::fprintf(f, "  %s%s = %d,\n", prefix, upper(name).c_str(), value);
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
      " * from the C++ X-lists (sipspan/error.hpp, sipspan/header_id.hpp). Do not edit.\n"
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

  std::fputs("#endif /* SIPSPAN_ENUMS_H */\n", f);
  return std::fclose(f) == 0 ? 0 : 1;
}
