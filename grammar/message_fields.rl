// sipspan — the value machines the message machine enters by header id: the
// fields a proxy reads, typed while the scan passes over them.
//
// Included by message.rl. When the colon of a header field is read and the
// field is the first of its header, the message machine calls (fcall) the value
// machine of its header_id. Each machine below reads the plain form of its value
// on one line — the form nearly all traffic has — marking its typed spans and
// converting its numbers as the bytes go by; at the line end it returns to the
// message machine, which reads the line end as for any field. Anything outside
// that plain form (a fold, a comma, a comment, a quoted parameter value, a
// control byte, a number out of range) makes it return to the colon instead:
// the message machine then reads the value as it reads every other one, and the
// typed parse_xxx functions read it on demand. Either way the header table and
// the deviations come out the same; the plain forms are subsets of what the
// lazy machines (header_numbers.rl, via.rl, name_addr.rl, uri.rl) accept, and the spans
// are the ones they mark (tests/test_scanned.cpp compares them on every corpus
// message).
//
// Actions only mark named positions into message_builder::scan_marks (and, for
// the Request-URI, into a detail::uri_marks the scan calls `m`); the builder
// checks the line end and commits the marks (field_marks.hpp).

%%{
  machine sip_message_fields;

  # --------------------------------------------------------------- actions ---
  # Return to the colon: the message machine reads the value itself.
  action tv_fallback  { p = b.t.colon; fret; }
  # The line end: commit the marks and return to read it, or fall back.
  action tv_end       { if (b.typed_end(p)) { fhold; fret; } p = b.t.colon; fret; }
  action tv_start     { b.t.vstart = p; }

  # numbers: converted as the digits go by; ten digits at most (32 bits), the
  # header's range is checked at the line end
  action num_b        { b.t.num_b = p; b.t.number = 0; }
  action num_d        { b.t.number = b.t.number * 10 + (fc - '0'); }
  action num_e        { b.t.num_e = p; }

  action method_b     { b.t.method_b = p; }
  action method_e     { b.t.method_e = p; }
  action cid_e        { b.t.cid_e = p; }
  action local_e      { b.t.local_e = p; }
  action chost_b      { b.t.chost_b = p; }
  action chost_e      { b.t.chost_e = p; }

  action pn_e         { b.t.pn_e = p; }
  action pv_b         { b.t.pv_b = p; }
  action pv_e         { b.t.pv_e = p; }
  action tr_b         { b.t.tr_b = p; }
  action tr_e         { b.t.tr_e = p; }
  action host_b       { b.t.host_b = p; }
  action host_e       { b.t.host_e = p; }
  action port_b       { b.t.port_b = p; }
  action port_e       { b.t.port_e = p; }
  action branch_b     { if (!b.t.branch_b) b.t.branch_b = p; }
  action branch_e     { if (!b.t.branch_e) b.t.branch_e = p; }
  action rport_b      { if (!b.t.rport_b) b.t.rport_b = p; }
  action rport_e      { if (!b.t.rport_e) b.t.rport_e = p; }
  action param_b      { if (!b.t.params_b) b.t.params_b = p; }
  action param_e      { b.t.params_e = p; }
  # each parameter's name, for the duplicate-parameter fact (scan_facts)
  action pname_b      { b.t.param_name_begin(p); }
  action pname_e      { b.t.param_name_end(p); }
  action tag_b        { if (!b.t.tag_b) b.t.tag_b = p; }
  action tag_e        { if (!b.t.tag_e) b.t.tag_e = p; }

  action dn_b         { b.t.dn_b = p; }
  action dn_e         { b.t.dn_e = p; }
  action dq_open      { b.t.dn_b = p + 1; b.t.quoted = true; }
  action uri_b        { b.t.uri_b = p; }
  action uri_e        { b.t.uri_e = p; }
  action angle        { b.t.angle = true; }

  # runs the machine loops on in place: jump over them
  action tok_run      { fexec detail::skip_token(p + 1, pe); }
  action uric_run     { fexec detail::skip_uric(p + 1, pe); }
  action word_run     { fexec detail::skip_word(p + 1, pe); }

  # ----------------------------------------------------------------- rules ---
  # The value ends with optional whitespace and the line end (CRLF, or a bare LF
  # the message machine records); the builder looks past it for a fold.
  tv_eol = WSP* ( CR | LF ) @tv_end;

  number_v = DIGIT{1,10} >num_b $num_d %num_e;
  token_j  = ( token_c @tok_run )+;

  # Max-Forwards = 1*DIGIT; Expires = delta-seconds; Content-Length = 1*DIGIT
  # (RFC 3261 §20.19, §20.22, §20.14)
  number_value := ( WSP* number_v >tv_start tv_eol ) $!tv_fallback;

  # CSeq = 1*DIGIT LWS Method   (RFC 3261 §20.16; the LWS here without a fold)
  cseq_value := ( WSP* number_v >tv_start WSP+ ( token_j >method_b %method_e ) tv_eol ) $!tv_fallback;

  # callid = word [ "@" word ]   (RFC 3261 §20.8). The message machine reads a
  # quote or an angle bracket in a word as structure, but in Call-ID only to look
  # for commas again (message_builder::word_commas), and a word holds none.
  cid_word = ( word_c @word_run )+;
  call_id_value := ( WSP* ( ( cid_word %local_e ( '@' cid_word >chost_b %chost_e )? ) >tv_start %cid_e )
                     tv_eol ) $!tv_fallback;

  # via-parm = sent-protocol LWS sent-by *( SEMI via-params )   (RFC 3261 §20.42)
  # One element with its parameters; a comma (a second element) falls back, and
  # so do the parameters whose values the lazy machine checks beyond a token
  # (ttl, maddr), quoted values and whitespace around ';', '/', ':' and '='.
  v_branch   = "branch"i %pname_e '=' ( token_j >branch_b %branch_e );
  v_rport    = "rport"i %pname_e ( '=' ( DIGIT{1,5} >rport_b %rport_e ) )?;
  v_received = "received"i %pname_e '=' IPv4address;
  v_other    = ( token - ( "ttl"i | "maddr"i | "received"i | "branch"i | "rport"i ) ) %pname_e ( '=' token_j )?;
  v_param    = v_branch | v_rport | v_received | v_other;
  via_value := ( WSP* ( token >tv_start %pn_e ) '/' ( token >pv_b %pv_e ) '/' ( token >tr_b %tr_e )
                 WSP+ ( host >host_b %host_e ) ( ':' ( DIGIT{1,5} >port_b %port_e ) )?
                 ( ';' ( v_param >param_b >pname_b %param_e ) )* tv_eol ) $!tv_fallback;

  # from-spec = ( name-addr / addr-spec ) *( SEMI from-param )   (§20.20, §20.39)
  # name-addr = [ display-name ] LAQUOT addr-spec RAQUOT; display-name =
  # *(token LWS) / quoted-string (no escapes here); parameters tag-param =
  # "tag" EQUAL token, or generic-param with a token or quoted-string value.
  # qdtext = LWS / %x21 / %x23-5B / %x5D-7E / UTF8-NONASCII, here without the fold
  dq_text    = WSP | 0x21 | 0x23..0x5b | 0x5d..0x7e | UTF8_NONASCII;
  na_display = ( token ( WSP+ token )* ) >dn_b %dn_e
             | DQUOTE @dq_open dq_text* DQUOTE @dn_e;
  na_angle   = ( scheme ':' ( uric_plain @uric_run | escaped )* ) >uri_b %uri_e;
  na_bare    = ( scheme ':' ( ( uric_plain - ';' - ',' - '?' ) | escaped )* ) >uri_b %uri_e;
  na_addr    = ( na_display WSP* )? '<' @angle na_angle '>' | na_bare;
  # gen-value = token / host / quoted-string (generic-param, §25.1): a token, or
  # a quoted-string without escapes or folds
  gen_value_plain = token_j | DQUOTE dq_text* DQUOTE;
  na_param   = "tag"i %pname_e '=' ( token_j >tag_b %tag_e ) | ( token - "tag"i ) %pname_e ( '=' gen_value_plain )?;
  name_addr_value := ( WSP* ( na_addr >tv_start ) ( ';' ( na_param >param_b >pname_b %param_e ) )* tv_eol )
                     $!tv_fallback;

  # Contact = ( "Contact" / "m" ) HCOLON ( STAR / (contact-param *(COMMA contact-param)))
  # contact-param = (name-addr / addr-spec) *(SEMI contact-params)   (§20.10)
  # contact-params = c-p-q / c-p-expires / contact-extension
  # c-p-q = "q" EQUAL qvalue; c-p-expires = "expires" EQUAL delta-seconds
  # One contact-param; STAR and a comma (a second one) fall back.
  c_param = "q"i '=' qvalue | "expires"i '=' delta_seconds | ( token - ( "q"i | "expires"i ) ) ( '=' gen_value_plain )?;
  contact_value := ( WSP* ( na_addr >tv_start ) ( ';' ( c_param >param_b %param_e ) )* tv_eol ) $!tv_fallback;

  # ------------------------------------------------------------ Request-URI ---
  # Request-Line = Method SP Request-URI SP SIP-Version CRLF   (RFC 3261 §25.1)
  # The message machine calls request_uri_value at the Request-URI's first byte
  # (b.mark). Its plain form is a SIP or SIPS URI by the rules parse_uri runs
  # (uri_rules.rl, marking into b.u through `m`), up to the SP after it; any
  # other scheme, an IPv6 host, or a byte outside the rules returns to that
  # first byte, and the start line delimits the URI as it does without this.
  action u_ipv6_host  { p = b.mark; fret; }
  action u_ipv6       { p = b.mark; fret; }
  include sip_uri_rules "uri_rules.rl";

  action ru_end       { if (b.request_uri_end(p)) { fhold; fret; } p = b.mark; fret; }
  action ru_fallback  { p = b.mark; fret; }

  request_uri_value := ( ( sip_uri | sips_uri ) WSP @ru_end ) $!ru_fallback;
}%%
