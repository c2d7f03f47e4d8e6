// sipspan CLI — typed fields in `dump` output (filled as typed parsers land).

#include "typed_fields.hpp"

namespace sipspan::cli {

void write_request_uri(json_writer&, std::string_view) {}
void write_typed(json_writer&, const message_view&, const header_view&) {}
void write_body(json_writer&, const message_view&) {}

}  // namespace sipspan::cli
