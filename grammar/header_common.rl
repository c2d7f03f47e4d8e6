// sipspan — rules shared by the header-value machines (via.rl, name_addr.rl,
// header_numbers.rl, header_tokens.rl, header_date.rl, message_fields.rl). Definitions
// only: no actions, no instantiation.
//
// RFC 3261 §25.1 (host, port) and the structural URI characters of
// RFC 3261 §25.1 / RFC 2396. The including machine includes core.rl first:
//
//   include sip_core "core.rl";
//   include sip_header_common "header_common.rl";
//
// Full URI validation is uri.rl's job; header values only delimit a URI and
// check that its bytes are URI characters.

%%{
  machine sip_header_common;

  # hostname     =  *( domainlabel "." ) toplabel [ "." ]
  # domainlabel  =  alphanum / alphanum *( alphanum / "-" ) alphanum
  # toplabel     =  ALPHA / ALPHA *( alphanum / "-" ) alphanum
  domainlabel = alphanum | alphanum ( alphanum | '-' )* alphanum;
  toplabel    = ALPHA | ALPHA ( alphanum | '-' )* alphanum;
  hostname    = ( domainlabel '.' )* toplabel '.'?;

  # IPv4address    =  1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT
  IPv4address = DIGIT{1,3} '.' DIGIT{1,3} '.' DIGIT{1,3} '.' DIGIT{1,3};

  # IPv6reference  =  "[" IPv6address "]"
  # IPv6address    =  hexpart [ ":" IPv4address ]
  # hexpart        =  hexseq / hexseq "::" [ hexseq ] / "::" [ hexseq ]
  # hexseq         =  hex4 *( ":" hex4)
  # hex4           =  1*4HEXDIG
  hex4          = HEXDIG{1,4};
  hexseq        = hex4 ( ':' hex4 )*;
  hexpart       = hexseq | hexseq '::' hexseq? | '::' hexseq?;
  IPv6address   = hexpart ( ':' IPv4address )?;
  IPv6reference = '[' IPv6address ']';

  # host  =  hostname / IPv4address / IPv6reference
  # port  =  1*DIGIT
  host = hostname | IPv4address | IPv6reference;
  port = DIGIT+;

  # URI characters (RFC 3261 §25.1, RFC 2396 §2): uric = reserved / unreserved
  # / escaped, plus "[" "]" of an IPv6 reference. `escaped_uri` leaves the "%"
  # to the including machine so that it can mark a bad escape.
  uric_plain = reserved | unreserved | '[' | ']';

  # qvalue  =  ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )   (RFC 3261 §25.1)
  qvalue = '0' ( '.' DIGIT{0,3} )? | '1' ( '.' '0'{0,3} )?;

  # scheme  =  ALPHA *( ALPHA / DIGIT / "+" / "-" / "." )   (RFC 3261 §25.1)
  scheme = ALPHA ( ALPHA | DIGIT | '+' | '-' | '.' )*;

  # token-nodot  =  1*( alphanum / "-" / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" )
  #                 (RFC 6665 §8.4)
  token_nodot = ( alphanum | '-' | '!' | '%' | '*' | '_' | '+' | '`' | "'" | '~' )+;
}%%
