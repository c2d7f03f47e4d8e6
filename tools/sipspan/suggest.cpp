// sipspan CLI — "did you mean ...?" (see suggest.hpp).

#include "suggest.hpp"

#include <algorithm>
#include <cctype>
#include <numeric>

namespace sipspan::cli {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); };
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}

std::string closest(std::string_view typo, const std::vector<std::string>& candidates) {
  const std::size_t limit = std::max<std::size_t>(1, (typo.size() + 2) / 3);
  std::string best;
  std::size_t best_distance = limit + 1;
  for (const std::string& c : candidates) {
    std::size_t d = edit_distance(typo, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view typo, const std::vector<std::string>& candidates) {
  std::string c = closest(typo, candidates);
  return c.empty() ? std::string() : " (did you mean " + c + "?)";
}

}  // namespace sipspan::cli
