// sipspan Python package — lint and score results as the binding keeps them
// (shared by bind_analysis.cpp and bind_capture.cpp).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"

namespace sipspan::python {

// A loaded scorer profile: sipspan.Profile.
struct profile {
  score_profile p;
  std::string name;  // the path, or "the built-in profile"
};

// The profile built into the package (corpus/profile/default.json).
const std::shared_ptr<const profile>& builtin_profile();

// One reason of a score with what only the message can say: where it is and
// how its header is named.
struct reason_place {
  std::uint32_t line = 0, column = 0;
  std::string header;
};

// A score: sipspan.Score. The Python reasons are built when asked for.
struct scored {
  score_result r;
  float threshold = 0;
  result parse;  // the parse's outcome: an unparseable message scores the maximum
  std::vector<reason_place> places;
  std::shared_ptr<const profile> prof;
};

// Score one message (already parsed into `view` with outcome `parsed`, or not).
scored score_one(std::string_view text, const message_view& view, const result& parsed,
                 const std::shared_ptr<const profile>& p, float threshold);

// The reasons of a score as sipspan.Reason objects.
py::list reason_objects(const scored& s);

// A finding as sipspan.Finding, located in `text`.
py::object finding_object(const finding& f, std::string_view text);

// The lint options sipspan.lint() takes: a profile name and rule codes or names.
lint_options lint_options_from(std::string_view profile_name, const std::vector<std::string>& enable,
                               const std::vector<std::string>& disable);

}  // namespace sipspan::python
