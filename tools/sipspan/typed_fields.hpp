// sipspan CLI — typed fields of header values and bodies in `dump` output.
#pragma once

#include "json_writer.hpp"
#include "sipspan/message.hpp"

namespace sipspan::cli {

// "uri": {...} for the Request-URI (scheme, user, host, port, params, ...)
void write_request_uri(json_writer& j, std::string_view uri);
// "typed": {...} (or "typed_error": {...}) for a header whose id has a typed parser
void write_typed(json_writer& j, const message_view& m, const header_view& h);
// body structure (SDP, multipart) when the body has one
void write_body(json_writer& j, const message_view& m);

}  // namespace sipspan::cli
