// sipspan — what the smaller header-value machines share (header_numbers.rl,
// header_tokens.rl, header_date.rl): their marking actions and common rules.
// Definitions only: no instantiation.
//
// Every machine marks up to four fields (a, b, c, d: begin and end), the
// parameter span, the opening quote of a quoted-string and the part of the
// value it is in (so that an error gets its code), into `m`, a
// detail::hv_marks (sip/header_value_scan.hpp); numbers are converted after the
// machine accepted the value. A machine file includes this one:
//
//   include sip_header_values_common "header_value_rules.rl";

%%{
  machine sip_header_values_common;
  include sip_core "core.rl";

  action a_b      { m.a_b = p; }
  action a_e      { m.a_e = p; }
  action b_b      { m.b_b = p; }
  action b_e      { m.b_e = p; }
  action c_b      { m.c_b = p; }
  action c_e      { m.c_e = p; }
  action d_b      { m.d_b = p; }
  action d_e      { m.d_e = p; }
  action in_gap   { m.where = part::gap; }
  action in_method { m.where = part::method; }
  action in_after { m.where = part::after; }
  action in_comment { m.where = part::comment; }
  action in_param { m.where = part::param; }
  action param_b  { if (!m.params_b) m.params_b = p; }
  action param_e  { m.params_e = p; }
  action q_open   { m.quote = p; m.where = part::quote; }
  action q_close  { m.where = part::param; }

  include sip_header_common "header_common.rl";

  # gen-value = token / host / quoted-string, with the quote marked
  gen_value_q = token | gen_value_v6 | ( quoted_string >q_open @q_close );
  generic_param_q = token ( EQUAL gen_value_q )?;

  # Parameter lists below spell SEMI = SWS ";" SWS out, to mark where they start.
}%%
