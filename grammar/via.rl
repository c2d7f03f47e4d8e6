// sipspan — the Via machine: one via-parm (one comma-separated element of Via).
//
// RFC 3261 §20.42, §18.2.1, §25.1; RFC 3581 §6 (rport):
//
//   Via               =  ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm)
//   via-parm          =  sent-protocol LWS sent-by *( SEMI via-params )
//   via-params        =  via-ttl / via-maddr
//                        / via-received / via-branch
//                        / via-extension
//   via-ttl           =  "ttl" EQUAL ttl
//   via-maddr         =  "maddr" EQUAL host
//   via-received      =  "received" EQUAL (IPv4address / IPv6address)
//   via-branch        =  "branch" EQUAL token
//   via-extension     =  generic-param
//   sent-protocol     =  protocol-name SLASH protocol-version
//                        SLASH transport
//   protocol-name     =  "SIP" / token
//   protocol-version  =  token
//   transport         =  "UDP" / "TCP" / "TLS" / "SCTP"
//                        / other-transport
//   other-transport   =  token
//   sent-by           =  host [ COLON port ]
//   ttl               =  1*3DIGIT ; 0 to 255
//   response-port     =  "rport" [EQUAL 1*DIGIT]          (RFC 3581)
//
// A received address is also taken as an IPv6 reference ("[...]"), as sent in
// practice. Built with -G2. Actions only mark positions and the part of the
// value being read; ports are converted after the machine accepted the value.

#include "sipspan/headers.hpp"
#include "sip/header_scan.hpp"
#include "sip/skip.hpp"

namespace sipspan {
namespace {

using detail::hv_uchar;

struct via_marks {
  enum class ctx : std::uint8_t { proto, host, port, after, param, quote } where = ctx::proto;
  const hv_uchar *pn_b = nullptr, *pn_e = nullptr, *pv_b = nullptr, *pv_e = nullptr;
  const hv_uchar *tr_b = nullptr, *tr_e = nullptr, *host_b = nullptr, *host_e = nullptr;
  const hv_uchar *port_b = nullptr, *port_e = nullptr, *params_b = nullptr, *params_e = nullptr;
  const hv_uchar* quote = nullptr;
  // the value of the first rport parameter, when it has one (checked below);
  // parameters are numbered from 1, rport_param is the first rport's number
  const hv_uchar *rport_b = nullptr, *rport_e = nullptr;
  std::uint32_t param_no = 0, rport_param = 0;
  const hv_uchar *branch_b = nullptr, *branch_e = nullptr;  // the first branch's value
};

%%{
  machine sip_via;
  alphtype unsigned char;
  include sip_core "core.rl";
  include sip_header_common "header_common.rl";

  # ------------------------------------------------------------ actions ---
  action pn_b     { m.pn_b = p; }
  action pn_e     { m.pn_e = p; }
  action pv_b     { m.pv_b = p; }
  action pv_e     { m.pv_e = p; }
  action tr_b     { m.tr_b = p; }
  action tr_e     { m.tr_e = p; }
  action host_b   { m.host_b = p; m.where = via_marks::ctx::host; }
  action host_e   { m.host_e = p; m.where = via_marks::ctx::after; }
  action in_port  { m.where = via_marks::ctx::port; }
  action port_b   { m.port_b = p; }
  action port_e   { m.port_e = p; m.where = via_marks::ctx::after; }
  action in_param { m.where = via_marks::ctx::param; }
  action param_b  { if (!m.params_b) m.params_b = p; }
  action param_e  { m.params_e = p; }
  action q_open   { m.quote = p; m.where = via_marks::ctx::quote; }
  action q_close  { m.where = via_marks::ctx::param; }
  # the first rport parameter: its value's span (a later rport is not looked at).
  # rport_seen may fire early ("rport = 1": the SP could end the parameter), so
  # parameters are told apart by number, not by order of these actions.
  action param_no   { ++m.param_no; }
  action rport_seen { if (!m.rport_param) m.rport_param = m.param_no; }
  action rport_b    { if (!m.rport_b && (!m.rport_param || m.rport_param == m.param_no)) m.rport_b = p; }
  action rport_e    { if (!m.rport_e && m.rport_b) m.rport_e = p; }
  action branch_b   { if (!m.branch_b) m.branch_b = p; }
  action branch_e   { if (!m.branch_e && m.branch_b) m.branch_e = p; }
  # a parameter value's token: after its first byte the machine loops on token_c
  # in place (no other reading is alive there), so it jumps over the run
  action tok_run    { fexec detail::skip_token(p + 1, pe); }

  action error {
    switch (m.where) {
      case via_marks::ctx::proto:
        // a byte that cannot start a host after the sent-protocol and its LWS
        s.fail(m.tr_e && p < pe ? error_code::bad_host : error_code::bad_via, p); break;
      case via_marks::ctx::host:  s.fail(error_code::bad_host, p); break;
      case via_marks::ctx::port:  s.fail(error_code::bad_port, p); break;
      case via_marks::ctx::after: s.fail(error_code::trailing_garbage, p); break;
      case via_marks::ctx::param: s.fail(error_code::bad_parameter, p); break;
      case via_marks::ctx::quote:
        s.fail(error_code::bad_quoted_string, p == pe ? m.quote : p); break;
    }
  }

  # -------------------------------------------------------------- rules ---
  # gen-value = token / host / quoted-string, with the quote marked
  token_j     = ( token_c @tok_run )+;
  gen_value_q = token_j | gen_value_v6 | ( quoted_string >q_open @q_close );

  # ttl = 1*3DIGIT ; 0 to 255
  ttl = DIGIT | DIGIT DIGIT | [01] DIGIT DIGIT | '2' [0-4] DIGIT | '25' [0-5];

  via_ttl      = "ttl"i EQUAL ttl;
  via_maddr    = "maddr"i EQUAL host;
  via_received = "received"i EQUAL ( IPv4address | IPv6address | IPv6reference );
  via_branch   = "branch"i EQUAL ( token_j >branch_b %branch_e );
  via_rport    = ( "rport"i ( EQUAL ( DIGIT+ >rport_b %rport_e ) )? ) %rport_seen;
  via_ext      = ( token - ( "ttl"i | "maddr"i | "received"i | "branch"i | "rport"i ) )
                 ( EQUAL gen_value_q )?;
  via_param    = via_ttl | via_maddr | via_received | via_branch | via_rport | via_ext;

  sent_protocol = ( token >pn_b %pn_e ) SLASH ( token >pv_b %pv_e ) SLASH ( token >tr_b %tr_e );
  sent_by       = ( host >host_b %host_e ) ( SWS ':' @in_port SWS ( port >port_b %port_e ) )?;

  # SEMI = SWS ";" SWS, spelled out to mark where the parameters start
  main := ( SWS sent_protocol LWS sent_by
          ( SWS ';' @in_param SWS ( via_param >param_b >param_no %param_e ) )* SWS ) $!error;

  write data noerror noentry;
}%%

}  // namespace

result parse_via(std::string_view value, via_view& out) noexcept {
  out = via_view{};
  if (result r = detail::precheck_value(value); !r) return r;
  detail::value_scan s(value);
  via_marks m;
  const hv_uchar* p = s.base;
  const hv_uchar* pe = s.end;
  const hv_uchar* eof = pe;
  int cs;

  %% write init;
  %% write exec;
  if (!s.failed && cs < sip_via_first_final) s.fail(error_code::trailing_garbage, p);  // safety net: $!error reports first

  if (s.failed) return s.err;
  using detail::value_scan;
  out.protocol_name = value_scan::span(m.pn_b, m.pn_e);
  out.protocol_version = value_scan::span(m.pv_b, m.pv_e);
  out.transport = value_scan::span(m.tr_b, m.tr_e);
  out.host = value_scan::span(m.host_b, m.host_e);
  out.port_text = value_scan::span(m.port_b, m.port_e);
  out.params = param_range(value_scan::span(m.params_b, m.params_e));
  out.branch_value = value_scan::span(m.branch_b, m.branch_e);
  if (m.port_b) {
    std::uint32_t port = 0;
    if (!detail::digits_to_u32(out.port_text, 65535, port)) return s.error(error_code::bad_port, s.offset(m.port_b));
    out.port = static_cast<std::uint16_t>(port);
    out.has_port = true;
  }
  // response-port (RFC 3581) fits a port; the machine marked the first rport's digits
  if (m.rport_b) {
    std::uint32_t port = 0;
    if (!detail::digits_to_u32(value_scan::span(m.rport_b, m.rport_e), 65535, port))
      return s.error(error_code::bad_parameter, s.offset(m.rport_b));
  }
  return {};
}

}  // namespace sipspan
