// sipspan tools — walking a parsed message's typed values.
//
// describe_* visit the typed fields of the start line and of each header (Via,
// From/To, Contact, CSeq, URIs, digest parameters, ...) and hand every field to
// a sink: `dump` writes them as JSON, the golden tests as one line per span
// ("via[0].branch off=... len=... \"...\""). Spans stay views into the input, so
// a sink can tell where each one lies.
#pragma once

#include <cstdint>
#include <string_view>

#include "sipspan/message.hpp"

namespace sipspan::tools {

class describe_sink {
 public:
  virtual ~describe_sink() = default;
  virtual void begin_object(std::string_view key) = 0;  // key empty inside a list
  virtual void begin_list(std::string_view key) = 0;
  virtual void end() = 0;
  // a span of the input (a view into it)
  virtual void span(std::string_view key, std::string_view text) = 0;
  virtual void number(std::string_view key, std::uint64_t value) = 0;
  virtual void flag(std::string_view key, bool value) = 0;
  // a name that is not a span of the input (a scheme kind, an error code, ...)
  virtual void word(std::string_view key, std::string_view value) = 0;
};

// The typed fields of a URI (scheme, user, host, port, parameters, headers),
// or an "error" object when it does not parse. `input` is the whole message, so
// error offsets are given in the message.
void describe_uri(describe_sink& s, std::string_view input, std::string_view uri);

// The typed fields of one header row. Lists (Via, Contact, Route, Allow, ...)
// give one entry per comma-separated element. Headers without a typed parser
// give nothing. Returns false when a value failed its parser (the sink got an
// "error" object with code, message and offset in the message).
bool describe_header(describe_sink& s, std::string_view input, const header_view& h);

// Whether describe_header has a typed parser for this id.
bool has_typed_parser(header_id id);

// The structure of a body whose Content-Type has one: "sdp" (RFC 8866) with
// its session lines, typed origin/connection/media and attributes per media
// section; "multipart" (RFC 2046) with each part's fields and body, nested
// multiparts and SDP parts described in turn. Nothing for other bodies.
void describe_body(describe_sink& s, std::string_view input, const message_view& m);

}  // namespace sipspan::tools
