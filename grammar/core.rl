// sipspan — core rules shared by every machine.
//
// RFC 3261 §25.1 "Basic Rules" and the RFC 2234 core rules they build on
// (ALPHA, DIGIT, HEXDIG, SP, HTAB, CR, LF, CTL). ABNF string literals are
// case-insensitive (RFC 2234 §2.3), so keywords below use Ragel's `"..."i`.
//
// Every machine in grammar/ includes this file with `include sip_core "core.rl";`
// and runs over `alphtype unsigned char`. Line ends: the grammar's CRLF is exact;
// `eol_lenient` also takes a bare LF, which machines that accept it record as a
// deviation (docs/design.md decision 3).

%%{
  machine sip_core;

  # --- RFC 2234 core rules --------------------------------------------------
  CR     = 0x0d;
  LF     = 0x0a;
  SP     = 0x20;
  HTAB   = 0x09;
  CRLF   = CR LF;
  WSP    = SP | HTAB;
  DQUOTE = '"';
  # CTL = %x00-1F / %x7F
  CTL    = 0x00..0x1f | 0x7f;
  # control bytes that are not whitespace or line ends
  CTLX   = CTL - HTAB - CR - LF;
  DIGIT  = '0'..'9';
  ALPHA  = 'a'..'z' | 'A'..'Z';
  HEXDIG = DIGIT | 'a'..'f' | 'A'..'F';

  # --- RFC 3261 §25.1 -------------------------------------------------------
  # alphanum  =  ALPHA / DIGIT
  alphanum = ALPHA | DIGIT;

  # LWS  =  [*WSP CRLF] 1*WSP ; linear whitespace
  # SWS  =  [LWS] ; sep whitespace
  # (folds are also taken after a bare LF: the message scan has already
  #  recorded that line end as a deviation)
  LWS = ( WSP* CR? LF )? WSP+;
  SWS = LWS?;

  # HCOLON  =  *( SP / HTAB ) ":" SWS
  HCOLON = WSP* ':' SWS;

  # reserved    =  ";" / "/" / "?" / ":" / "@" / "&" / "=" / "+" / "$" / ","
  # unreserved  =  alphanum / mark
  # mark        =  "-" / "_" / "." / "!" / "~" / "*" / "'" / "(" / ")"
  # escaped     =  "%" HEXDIG HEXDIG
  reserved   = ';' | '/' | '?' | ':' | '@' | '&' | '=' | '+' | '$' | ',';
  mark       = '-' | '_' | '.' | '!' | '~' | '*' | "'" | '(' | ')';
  unreserved = alphanum | mark;
  escaped    = '%' HEXDIG HEXDIG;

  # token  =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
  token_c = alphanum | '-' | '.' | '!' | '%' | '*' | '_' | '+' | '`' | "'" | '~';
  token   = token_c+;

  # separators  =  "(" / ")" / "<" / ">" / "@" / "," / ";" / ":" / "\" / DQUOTE
  #                / "/" / "[" / "]" / "?" / "=" / "{" / "}" / SP / HTAB
  # word        =  1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~"
  #                / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?"
  #                / "{" / "}" )
  word_c = token_c | '(' | ')' | '<' | '>' | ':' | '\\' | '"' | '/' | '[' | ']' | '?' | '{' | '}';
  word   = word_c+;

  # STAR = SWS "*" SWS ; SLASH = SWS "/" SWS ; EQUAL = SWS "=" SWS
  # LPAREN = SWS "(" SWS ; RPAREN = SWS ")" SWS ; RAQUOT = ">" SWS ; LAQUOT = SWS "<"
  # COMMA = SWS "," SWS ; SEMI = SWS ";" SWS ; COLON = SWS ":" SWS
  # LDQUOT = SWS DQUOTE ; RDQUOT = DQUOTE SWS
  STAR   = SWS '*' SWS;
  SLASH  = SWS '/' SWS;
  EQUAL  = SWS '=' SWS;
  LPAREN = SWS '(' SWS;
  RPAREN = SWS ')' SWS;
  RAQUOT = '>' SWS;
  LAQUOT = SWS '<';
  COMMA  = SWS ',' SWS;
  SEMI   = SWS ';' SWS;
  COLON  = SWS ':' SWS;
  LDQUOT = SWS DQUOTE;
  RDQUOT = DQUOTE SWS;

  # UTF8-NONASCII  =  %xC0-DF 1UTF8-CONT / %xE0-EF 2UTF8-CONT / %xF0-F7 3UTF8-CONT
  #                   / %xF8-FB 4UTF8-CONT / %xFC-FD 5UTF8-CONT
  # UTF8-CONT      =  %x80-BF
  UTF8_CONT     = 0x80..0xbf;
  UTF8_NONASCII = 0xc0..0xdf UTF8_CONT
                | 0xe0..0xef UTF8_CONT{2}
                | 0xf0..0xf7 UTF8_CONT{3}
                | 0xf8..0xfb UTF8_CONT{4}
                | 0xfc..0xfd UTF8_CONT{5};

  # TEXT-UTF8char  =  %x21-7E / UTF8-NONASCII
  # TEXT-UTF8-TRIM =  1*TEXT-UTF8char *(*LWS TEXT-UTF8char)
  TEXT_UTF8char  = 0x21..0x7e | UTF8_NONASCII;
  TEXT_UTF8_TRIM = TEXT_UTF8char+ ( LWS* TEXT_UTF8char )*;

  # ctext  =  %x21-27 / %x2A-5B / %x5D-7E / UTF8-NONASCII / LWS
  # quoted-pair  =  "\" (%x00-09 / %x0B-0C / %x0E-7F)
  # comment  =  LPAREN *(ctext / quoted-pair / comment) RPAREN
  # A comment nests; a finite machine takes three levels, which covers every
  # comment seen in practice (deeper nesting is a syntax error here).
  ctext       = 0x21..0x27 | 0x2a..0x5b | 0x5d..0x7e | UTF8_NONASCII | LWS;
  quoted_pair = '\\' ( 0x00..0x09 | 0x0b..0x0c | 0x0e..0x7f );
  comment_3   = '(' ( ctext | quoted_pair )* ')';
  comment_2   = '(' ( ctext | quoted_pair | comment_3 )* ')';
  comment     = SWS '(' ( ctext | quoted_pair | comment_2 )* ')' SWS;

  # quoted-string  =  SWS DQUOTE *(qdtext / quoted-pair ) DQUOTE
  # qdtext         =  LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII
  qdtext        = LWS | 0x21 | 0x23..0x5b | 0x5d..0x7e | UTF8_NONASCII;
  quoted_string = DQUOTE ( qdtext | quoted_pair )* DQUOTE;

  # delta-seconds  =  1*DIGIT
  delta_seconds = DIGIT+;

  # generic-param  =  token [ EQUAL gen-value ]
  # gen-value      =  token / host / quoted-string
  # (host is covered by token and the IPv6 reference below; an IPv6 reference is
  #  the only host form with bytes outside token)
  gen_value_v6  = '[' ( HEXDIG | ':' | '.' )+ ']';
  gen_value     = token | gen_value_v6 | quoted_string;
  generic_param = token ( EQUAL gen_value )?;

  # Method  =  INVITEm / ACKm / OPTIONSm / BYEm / CANCELm / REGISTERm / extension-method
  # extension-method  =  token   (method names are case-sensitive: §7.1)
  Method = token;
}%%
