// sipspan — stable names and messages of error codes and deviation kinds.

#include "sipspan/error.hpp"

namespace sipspan {
namespace {

struct entry {
  std::string_view name;
  std::string_view message;
  bool legal;
};

constexpr entry errors[] = {
#define SIPSPAN_X(e, m) {#e, m, false},
    SIPSPAN_ERROR_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

constexpr entry deviations[] = {
#define SIPSPAN_X(e, legal, m) {#e, m, legal},
    SIPSPAN_DEVIATION_LIST(SIPSPAN_X)
#undef SIPSPAN_X
};

constexpr std::size_t error_count = sizeof(errors) / sizeof(errors[0]);

}  // namespace

std::string_view error_name(error_code c) noexcept {
  auto i = static_cast<std::size_t>(c);
  return i < error_count ? errors[i].name : std::string_view{"unknown_error"};
}
std::string_view error_message(error_code c) noexcept {
  auto i = static_cast<std::size_t>(c);
  return i < error_count ? errors[i].message : std::string_view{"unknown error"};
}

std::string_view deviation_name(deviation_kind k) noexcept {
  auto i = static_cast<std::size_t>(k);
  return i < deviation_kind_count ? deviations[i].name : std::string_view{"unknown_deviation"};
}
std::string_view deviation_message(deviation_kind k) noexcept {
  auto i = static_cast<std::size_t>(k);
  return i < deviation_kind_count ? deviations[i].message : std::string_view{"unknown deviation"};
}
bool deviation_abnf_legal(deviation_kind k) noexcept {
  auto i = static_cast<std::size_t>(k);
  return i < deviation_kind_count && deviations[i].legal;
}
bool deviation_from_name(std::string_view name, deviation_kind& out) noexcept {
  for (std::size_t i = 0; i < deviation_kind_count; ++i)
    if (deviations[i].name == name) {
      out = static_cast<deviation_kind>(i);
      return true;
    }
  return false;
}

}  // namespace sipspan
