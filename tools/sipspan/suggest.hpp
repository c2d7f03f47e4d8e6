// sipspan CLI — "did you mean ...?": the closest of a set of words to a typo.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace sipspan::cli {

// The Levenshtein distance between two words (bytes, case-insensitive).
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typo`, when it is near enough to be what was meant
// (at most a third of the typo's length in edits, and at least one); empty otherwise.
std::string closest(std::string_view typo, const std::vector<std::string>& candidates);

// " (did you mean X?)" for a typo close to a candidate, empty otherwise.
std::string did_you_mean(std::string_view typo, const std::vector<std::string>& candidates);

}  // namespace sipspan::cli
