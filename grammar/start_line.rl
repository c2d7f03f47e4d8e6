// sipspan — does a line look like a start line? The framers ask it of the line
// after a message in a datagram (is it another message?) and of the first line of
// a message on a stream (RFC 3261 §18.3: junk there is an error).
//
// RFC 3261 §7.1, §7.2, §25:
//
//   Request-Line  =  Method SP Request-URI SP SIP-Version CRLF
//   Status-Line   =  SIP-Version SP Status-Code SP Reason-Phrase CRLF
//   SIP-Version   =  "SIP" "/" 1*DIGIT "." 1*DIGIT
//
// Loosely, as framing needs it (the message machine judges the line exactly): a
// Status-Line opens with "SIP/"; a Request-Line opens with a token byte (a
// Method) and ends with a SIP-Version. Trailing whitespace and the CR of the
// line end are ignored; the line is given without its LF, possibly in two pieces
// (the stream framer's held bytes and its current chunk).

#include "sip/start_line.hpp"

namespace sipspan::detail {

%%{
  machine sip_start_like;
  alphtype unsigned char;
  include sip_core "core.rl";

  trailing = ( WSP | CR | LF )*;
  main := 'SIP/'i any*
        | token_c any* 'SIP/'i DIGIT+ '.' DIGIT+ trailing;

  write data noentry;
}%%

bool plausible_start_line(std::string_view first, std::string_view second) noexcept {
  int cs;
  %% write init;
  for (std::string_view piece : {first, second}) {
    const auto* p = reinterpret_cast<const unsigned char*>(piece.data());
    const unsigned char* pe = p + piece.size();
    const unsigned char* eof = pe;
    (void)eof;
    %% write exec;
  }
  return cs >= sip_start_like_first_final;
}

}  // namespace sipspan::detail
