// sipspan CLI — text from outside (a label, a file name, a header name the
// sender chose) written into Markdown: the rule catalogue (docs/rules.md) and
// the `evaluate --report` page.
#pragma once

#include <string>
#include <string_view>

namespace sipspan::cli {

// `s` as Markdown inline text that reads as written: bytes a terminal would not
// show as themselves (shown_length: control bytes, bytes that are not UTF-8,
// C1 controls, bidirectional and zero-width characters) as a literal \xNN;
// Markdown's active characters (\ ` * _ [ ] < > | # ~ &) backslash-escaped, so
// that no value opens emphasis, a link, an HTML tag or an entity, or splits a
// table cell (CommonMark §2.4, GFM tables).
std::string md_text(std::string_view s);

// `s` as a Markdown code span (CommonMark §6.1): a fence of one backtick more
// than the longest run of backticks inside, padded with a space where the
// content starts or ends with a backtick or a space, the bytes shown as
// md_text shows them. Not for a table cell (a pipe would split it).
std::string md_code(std::string_view s);

// `s` as a link destination (CommonMark §6.3): every byte but letters, digits
// and - . _ ~ / percent-encoded.
std::string md_link_target(std::string_view s);

}  // namespace sipspan::cli
