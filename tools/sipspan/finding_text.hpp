// sipspan CLI — how a validator finding and a score reason are named in every
// output (lint's formats, score's, a capture's records, summary and report).
#pragma once

#include <cstddef>
#include <string>

#include "json_writer.hpp"
#include "line_locator.hpp"
#include "sipspan/lint.hpp"
#include "sipspan/score.hpp"

namespace sipspan::cli {

// The sentence of a finding: the rule's summary, the parser's detail, the header.
std::string finding_message(const finding& f);

// The fields every machine-readable finding carries (its start and end located
// by `starts` and `ends`, locators over the message).
void finding_fields(json_writer& j, const finding& f, line_locator& starts, line_locator& ends);

// How a reason names its header: the canonical name, the row's own spelling for
// an unknown name, "body" for evidence inside the body, "start-line" when there
// is no row.
std::string header_label(const score_reason& r, const message_view* m);

// That name as text output shows it: control and invisible bytes escaped, at
// most max_shown_name bytes of an unknown name (whose length the sender chose).
inline constexpr std::size_t max_shown_name = 64;
std::string shown_header_label(const score_reason& r, const message_view* m);

}  // namespace sipspan::cli
