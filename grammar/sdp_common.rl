# sipspan — SDP: the lexical rules every SDP machine shares (RFC 8866 §9),
# grammar only: no actions, no host code. Included by sdp_rules.rl as
# `include sdp_common "sdp_common.rl";`.

%%{
  machine sdp_common;
  include sip_core "core.rl";

  # POS-DIGIT = %x31-39 ; 1 - 9
  # VCHAR = %x21-7E
  POS_DIGIT = '1'..'9';
  VCHAR = 0x21..0x7e;

  # token-char = ALPHA / DIGIT / "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+"
  #              / "-" / "." / "^" / "_" / "`" / "{" / "|" / "}" / "~"
  # token = 1*(token-char)
  # (RFC 8866's token; core.rl's RFC 3261 token differs: no "#", "$", "&", "^",
  #  "{", "|", "}")
  sdp_token_char = ALPHA | DIGIT | '!' | '#' | '$' | '%' | '&' | "'" | '*' | '+'
                 | '-' | '.' | '^' | '_' | '`' | '{' | '|' | '}' | '~';
  sdp_token = sdp_token_char+;

  # non-ws-string = 1*(VCHAR/%x80-FF)
  # byte-string   = 1*(%x01-09/%x0B-0C/%x0E-FF)
  non_ws_string = ( VCHAR | 0x80..0xff )+;
  byte_string   = ( 0x01..0x09 | 0x0b..0x0c | 0x0e..0xff )+;

  # integer = POS-DIGIT *DIGIT ; zero-based-integer = "0" / integer
  integer = POS_DIGIT DIGIT*;
  zero_based_integer = '0' | integer;

  # decimal-uchar = DIGIT / POS-DIGIT DIGIT / ("1" 2(DIGIT))
  #                 / ("2" ("0"/"1"/"2"/"3"/"4") DIGIT) / ("2" "5" ("0"/"1"/"2"/"3"/"4"/"5"))
  # IP4-address = b1 3("." decimal-uchar) ; b1 = decimal-uchar ; less than "224"
  # m1 = ("22" ("4"/"5"/"6"/"7"/"8"/"9")) / ("23" DIGIT )
  # ttl = (POS-DIGIT *2DIGIT) / "0"
  decimal_uchar = DIGIT | POS_DIGIT DIGIT | '1' DIGIT DIGIT | '2' [0-4] DIGIT | '25' [0-5];
  IP4_address = decimal_uchar ( '.' decimal_uchar ){3};
  m1 = '22' [4-9] | '23' DIGIT;
  ttl = POS_DIGIT DIGIT{0,2} | '0';

  # IP6-address =                            6( h16 ":" ) ls32
  #             /                       "::" 5( h16 ":" ) ls32
  #             / [               h16 ] "::" 4( h16 ":" ) ls32
  #             / [ *1( h16 ":" ) h16 ] "::" 3( h16 ":" ) ls32
  #             / [ *2( h16 ":" ) h16 ] "::" 2( h16 ":" ) ls32
  #             / [ *3( h16 ":" ) h16 ] "::"    h16 ":"   ls32
  #             / [ *4( h16 ":" ) h16 ] "::"              ls32
  #             / [ *5( h16 ":" ) h16 ] "::"              h16
  #             / [ *6( h16 ":" ) h16 ] "::"
  # h16 = 1*4HEXDIG ; ls32 = ( h16 ":" h16 ) / IP4-address
  h16  = HEXDIG{1,4};
  ls32 = h16 ':' h16 | IP4_address;
  IP6_address =                                    ( h16 ':' ){6} ls32
              |                               '::' ( h16 ':' ){5} ls32
              | (                     h16 )?  '::' ( h16 ':' ){4} ls32
              | ( ( h16 ':' ){,1} h16 )?      '::' ( h16 ':' ){3} ls32
              | ( ( h16 ':' ){,2} h16 )?      '::' ( h16 ':' ){2} ls32
              | ( ( h16 ':' ){,3} h16 )?      '::'   h16 ':'      ls32
              | ( ( h16 ':' ){,4} h16 )?      '::'                ls32
              | ( ( h16 ':' ){,5} h16 )?      '::'                h16
              | ( ( h16 ':' ){,6} h16 )?      '::';

  # FQDN = 4*(alpha-numeric / "-" / ".")
  FQDN = ( alphanum | '-' | '.' ){4,};

  # time = POS-DIGIT 9*DIGIT ; start-time = time / "0" ; stop-time = time / "0"
  # repeat-interval = POS-DIGIT *DIGIT [fixed-len-time-unit]
  # typed-time = 1*DIGIT [fixed-len-time-unit]
  # fixed-len-time-unit = %s"d" / %s"h" / %s"m" / %s"s"
  time = POS_DIGIT DIGIT{9,};
  time_unit = 'd' | 'h' | 'm' | 's';
  typed_time = DIGIT+ time_unit?;
  repeat_interval = POS_DIGIT DIGIT* time_unit?;

  # ice-char = ALPHA / DIGIT / "+" / "/"   (RFC 8839 §5.1)
  ice_char = ALPHA | DIGIT | '+' | '/';
}%%
