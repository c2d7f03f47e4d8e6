// sipspan tools — walking a parsed message's typed values (see describe.hpp).

#include "describe.hpp"

#include <span>

#include "sipspan/auth.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/multipart.hpp"
#include "sipspan/params.hpp"
#include "sipspan/sdp.hpp"
#include "sipspan/uri.hpp"

namespace sipspan::tools {
namespace {

std::uint32_t offset_of(std::string_view input, std::string_view piece) {
  return static_cast<std::uint32_t>(piece.data() - input.data());
}

void error(describe_sink& s, std::string_view input, std::string_view value, const result& r) {
  s.begin_object("error");
  s.word("code", r.name());
  s.word("message", r.message());
  s.number("offset", offset_of(input, value) + r.offset);
  s.end();
}

void params(describe_sink& s, std::string_view key, const param_range& range) {
  if (range.empty()) return;
  s.begin_list(key);
  for (const param& p : range) {
    s.begin_object("");
    s.span("name", p.name);
    if (p.has_value) s.span("value", p.value);
    s.end();
  }
  s.end();
}

std::string_view scheme_name(uri_scheme k) {
  switch (k) {
    case uri_scheme::sip: return "sip";
    case uri_scheme::sips: return "sips";
    case uri_scheme::tel: return "tel";
    case uri_scheme::other: break;
  }
  return "other";
}

std::string_view host_name(host_kind k) {
  switch (k) {
    case host_kind::hostname: return "hostname";
    case host_kind::ipv4: return "ipv4";
    case host_kind::ipv6: return "ipv6";
    case host_kind::none: break;
  }
  return "none";
}

// ---- one typed value each; false when the value does not parse

// Parse `v` with `parse` into a View; on success hand it to `emit`, else report.
template <class View, class Emit>
bool typed(describe_sink& s, std::string_view input, std::string_view v,
           result (*parse)(std::string_view, View&) noexcept, Emit emit) {
  View x;
  if (result r = parse(v, x); !r) return error(s, input, v, r), false;
  emit(x);
  return true;
}

bool via(describe_sink& s, std::string_view input, std::string_view v) {
  via_view x;
  if (result r = parse_via(v, x); !r) return error(s, input, v, r), false;
  s.span("protocol_name", x.protocol_name);
  s.span("protocol_version", x.protocol_version);
  s.span("transport", x.transport);
  s.span("host", x.host);
  if (x.has_port) s.number("port", x.port);
  if (!x.branch().empty()) s.span("branch", x.branch());
  s.flag("magic_cookie", x.has_magic_cookie());
  if (!x.received().empty()) s.span("received", x.received());
  if (x.has_rport()) {
    if (x.has_rport_value()) s.number("rport", x.rport());
    else s.flag("rport", true);
  }
  params(s, "params", x.params);
  return true;
}

bool name_addr(describe_sink& s, std::string_view input, std::string_view v,
               result (*parse)(std::string_view, name_addr_view&) noexcept) {
  name_addr_view x;
  if (result r = parse(v, x); !r) return error(s, input, v, r), false;
  if (x.is_star) {
    s.flag("star", true);
    params(s, "params", x.params);
    return true;
  }
  if (x.has_display_name()) {
    s.span("display_name", x.display_name);
    s.flag("display_name_quoted", x.display_name_quoted);
  }
  s.flag("angle_brackets", x.has_angle_brackets);
  s.begin_object("uri");
  describe_uri(s, input, x.uri);
  s.end();
  if (!x.tag().empty()) s.span("tag", x.tag());
  params(s, "params", x.params);
  return true;
}

bool number(describe_sink& s, std::string_view input, std::string_view v,
            result (*parse)(std::string_view, std::uint32_t&) noexcept) {
  std::uint32_t n = 0;
  if (result r = parse(v, n); !r) return error(s, input, v, r), false;
  s.number("value", n);
  return true;
}

bool tokens(describe_sink& s, std::string_view input, std::string_view v) {
  std::string_view t;
  if (result r = parse_token(v, t); !r) return error(s, input, v, r), false;
  s.span("token", t);
  return true;
}

bool auth(describe_sink& s, std::string_view input, std::string_view v,
          result (*parse)(std::string_view, auth_view&) noexcept) {
  auth_view x;
  if (result r = parse(v, x); !r) return error(s, input, v, r), false;
  s.span("scheme", x.scheme);
  s.flag("digest", x.is_digest);
  if (!x.token68.empty()) s.span("token68", x.token68);
  if (x.has_duplicate_params) s.span("duplicate_param", x.duplicate_param);
  params(s, "params", x.params());
  return true;
}

// One value (a whole row, or one element of a list row).
bool value(describe_sink& s, std::string_view input, std::string_view v, header_id id) {
  switch (grammar_of(id)) {
    case value_grammar::none: return true;
    case value_grammar::via: return via(s, input, v);
    case value_grammar::name_addr: return name_addr(s, input, v, parse_name_addr);
    case value_grammar::contact: return name_addr(s, input, v, parse_contact);
    case value_grammar::route: return name_addr(s, input, v, parse_route);
    case value_grammar::cseq:
      return typed(s, input, v, parse_cseq, [&](const cseq_view& x) {
        s.number("number", x.number);
        s.span("method", x.method);
      });
    case value_grammar::call_id:
      return typed(s, input, v, parse_call_id, [&](const call_id_view& x) {
        s.span("local", x.local);
        if (x.has_host) s.span("host", x.host);
      });
    case value_grammar::max_forwards: return number(s, input, v, parse_max_forwards);
    case value_grammar::content_length: return number(s, input, v, parse_content_length);
    case value_grammar::expires: return number(s, input, v, parse_expires);
    case value_grammar::min_expires: return number(s, input, v, parse_min_expires);
    case value_grammar::rseq: return number(s, input, v, parse_rseq);
    case value_grammar::content_type:
      return typed(s, input, v, parse_media_type, [&](const media_type_view& x) {
        s.span("type", x.type);
        s.span("subtype", x.subtype);
        params(s, "params", x.params);
      });
    case value_grammar::token_list: return tokens(s, input, v);
    case value_grammar::server_val:
      if (result r = parse_server_val(v); !r) return error(s, input, v, r), false;
      return true;
    case value_grammar::event:
      return typed(s, input, v, parse_event, [&](const event_view& x) {
        s.span("package", x.package);
        if (!x.templates.empty()) s.span("templates", x.templates);
        params(s, "params", x.params);
      });
    case value_grammar::session_expires:
      return typed(s, input, v, parse_session_expires, [&](const session_expires_view& x) {
        s.number("seconds", x.seconds);
        if (!x.refresher().empty()) s.span("refresher", x.refresher());
        params(s, "params", x.params);
      });
    case value_grammar::min_se:
      return typed(s, input, v, parse_min_se, [&](const min_se_view& x) {
        s.number("seconds", x.seconds);
      });
    case value_grammar::rack:
      return typed(s, input, v, parse_rack, [&](const rack_view& x) {
        s.number("response_num", x.response_num);
        s.number("cseq_num", x.cseq_num);
        s.span("method", x.method);
      });
    case value_grammar::retry_after:
      return typed(s, input, v, parse_retry_after, [&](const retry_after_view& x) {
        s.number("seconds", x.seconds);
        if (!x.comment.empty()) s.span("comment", x.comment);
        if (x.has_duration()) s.number("duration", x.duration());
      });
    case value_grammar::timestamp:
      return typed(s, input, v, parse_timestamp, [&](const timestamp_view& x) {
        s.span("value", x.value);
        if (x.has_delay) s.span("delay", x.delay);
      });
    case value_grammar::date:
      return typed(s, input, v, parse_date, [&](const date_view& x) {
        s.number("year", x.year);
        s.number("month", x.month);
        s.number("day", x.day);
        s.span("time", x.time_text);
      });
    case value_grammar::warning:
      return typed(s, input, v, parse_warning, [&](const warning_view& x) {
        s.number("code", x.code);
        s.span("agent", x.agent);
        s.span("text", x.text);
      });
    case value_grammar::credentials: return auth(s, input, v, parse_credentials);
    case value_grammar::challenge: return auth(s, input, v, parse_challenge);
    case value_grammar::authentication_info: return auth(s, input, v, parse_authentication_info);
  }
  return true;
}

// commas separate list elements, except in digest parameters
bool is_list(header_id id) { return info(id).kind == value_kind::list; }

}  // namespace

bool has_typed_parser(header_id id) { return grammar_of(id) != value_grammar::none; }

void describe_uri(describe_sink& s, std::string_view input, std::string_view uri) {
  s.span("text", uri);
  uri_view u;
  if (result r = parse_uri(uri, u); !r) {
    error(s, input, uri, r);
    return;
  }
  s.word("scheme", scheme_name(u.scheme));
  if (u.scheme == uri_scheme::other) {
    s.span("scheme_text", u.scheme_text);
    s.span("opaque", u.opaque);
    return;
  }
  if (u.scheme == uri_scheme::tel) {
    s.span("number", u.number);
    s.flag("global", u.global_number);
  } else {
    if (u.has_user) s.span("user", u.user);
    if (u.has_password) s.span("password", u.password);
    s.span("host", u.host);
    s.word("host_kind", host_name(u.host_type));
    if (u.has_port) s.number("port", u.port);
  }
  params(s, "params", u.params());
  params(s, "headers", u.headers());
}

bool describe_header(describe_sink& s, std::string_view input, const header_view& h) {
  if (!has_typed_parser(h.id)) return true;
  if (!is_list(h.id)) {
    s.begin_object("typed");
    bool ok = value(s, input, h.value, h.id);
    s.end();
    return ok;
  }
  bool ok = true;
  s.begin_list("typed");
  std::string_view rest = h.value;
  while (!rest.empty()) {
    std::string_view e = next_list_element(rest, rest);
    if (e.empty()) continue;
    s.begin_object("");
    ok = value(s, input, e, h.id) && ok;
    s.end();
  }
  s.end();
  return ok;
}

namespace {

std::string_view address_kind_name(sdp_address_kind k) {
  switch (k) {
    case sdp_address_kind::ip4: return "ip4";
    case sdp_address_kind::ip6: return "ip6";
    case sdp_address_kind::fqdn: return "fqdn";
    case sdp_address_kind::other: break;
  }
  return "other";
}

void sdp_connection(describe_sink& s, std::string_view input, std::string_view value) {
  if (value.empty()) return;
  s.begin_object("connection");
  auto parse = [](std::string_view v, connection_view& c) noexcept { return parse_connection(v, c); };
  typed(s, input, value, +parse, [&](const connection_view& c) {
    s.span("address", c.address);
    s.word("address_kind", address_kind_name(c.address_kind));
    if (c.bracketed) s.flag("bracketed", true);
    if (c.multicast) {
      s.flag("multicast", true);
      if (!c.ttl_text.empty()) s.number("ttl", c.ttl);
      s.number("count", c.count);
    }
  });
  s.end();
}

void sdp_attributes(describe_sink& s, const attribute_range& attrs) {
  if (attrs.empty()) return;
  s.begin_list("attributes");
  for (const sdp_attribute& a : attrs) {
    s.begin_object("");
    s.span("name", a.name);
    if (a.has_value) s.span("value", a.value);
    s.end();
  }
  s.end();
}

// The deviations of a body (offsets in `body`), as the message's are shown.
// `skip_end`: leave out a line end missing at the very end (a multipart part,
// whose last CRLF belongs to the next delimiter, RFC 2046 §5.1.1).
void deviations(describe_sink& s, std::string_view body, std::span<const deviation> list, bool skip_end = false) {
  bool any = false;
  for (const deviation& x : list) {
    if (skip_end && x.kind == deviation_kind::sdp_line_end && x.offset == body.size()) continue;
    if (!any) s.begin_list("deviations");
    any = true;
    s.begin_object("");
    s.word("kind", deviation_name(x.kind));
    s.word("message", deviation_message(x.kind));
    s.span("bytes", body.substr(x.offset, x.length));
    s.flag("rfc_permitted", deviation_abnf_legal(x.kind));
    s.end();
  }
  if (any) s.end();
}

void sdp(describe_sink& s, std::string_view input, std::string_view body, bool in_part = false) {
  session_description_view d;
  s.begin_object("sdp");
  if (result r = parse_sdp(body, d); !r) {
    error(s, input, body, r);
    s.end();
    return;
  }
  s.span("version", d.version());
  s.begin_object("origin");
  auto parse = [](std::string_view v, origin_view& o) noexcept { return parse_origin(v, o); };
  if (!d.origin().empty())
    typed(s, input, d.origin(), +parse, [&](const origin_view& o) {
      s.span("username", o.username);
      s.span("session_id", o.sess_id);
      s.span("session_version", o.sess_version);
      s.span("address", o.address);
      s.word("address_kind", address_kind_name(o.address_kind));
      if (o.bracketed) s.flag("bracketed", true);
    });
  s.end();
  s.span("session_name", d.session_name());
  sdp_connection(s, input, d.connection());
  s.number("times", d.time_count());
  sdp_attributes(s, d.attributes());
  s.begin_list("media");
  for (std::size_t i = 0; i < d.media_count(); ++i) {
    media_description md = d.media(i);
    s.begin_object("");
    typed(s, input, md.media_line(), parse_media, [&](const media_view& mv) {
      s.span("media", mv.media);
      s.number("port", mv.port);
      if (!mv.port_count_text.empty()) s.number("port_count", mv.port_count);
      s.span("proto", mv.proto);
      s.begin_list("formats");
      for (std::string_view f : mv.formats) {
        s.begin_object("");
        s.span("fmt", f);
        s.end();
      }
      s.end();
    });
    sdp_connection(s, input, md.connection());
    sdp_attributes(s, md.attributes());
    s.end();
  }
  s.end();
  // what the scan read outside the grammar (RFC 8866 §9), as for the message
  deviations(s, body, d.deviations(), in_part);
  // every typed line, as the validator will see them
  if (result r = validate_sdp(d); !r) error(s, input, body, r);
  else s.flag("valid", true);
  s.end();
}

bool is_sdp(std::string_view content_type) {
  media_type_view mt;
  return parse_media_type(content_type, mt) && iequals(mt.type, "application") && iequals(mt.subtype, "sdp");
}

// The parts of a multipart body, nested ones included (RFC 2046 §5.1).
// `outer` is the message body: nested errors are reported relative to it.
void multipart(describe_sink& s, std::string_view input, std::string_view outer, const multipart_view& mp) {
  s.span("boundary", mp.boundary());
  if (!mp.preamble().empty()) s.span("preamble", mp.preamble());
  s.begin_list("parts");
  for (std::size_t i = 0; i < mp.size(); ++i) {
    const part_view& part = mp.part(i);
    s.begin_object("");
    s.begin_list("fields");
    for (const mime_field& f : part.fields) {
      s.begin_object("");
      s.span("name", f.name);
      s.span("value", f.value);
      s.end();
    }
    s.end();
    s.span("body", part.body);
    if (part.is_multipart()) {
      multipart_view child;
      s.begin_object("multipart");
      if (result r = parse_nested(mp, i, child); !r) error(s, input, outer, r);
      else multipart(s, input, outer, child);
      s.end();
    } else if (is_sdp(part.content_type())) {
      sdp(s, input, part.body, true);
    }
    s.end();
  }
  s.end();
  if (!mp.epilogue().empty()) s.span("epilogue", mp.epilogue());
  // deviation offsets are in the outermost body
  deviations(s, outer, mp.deviations());
}

}  // namespace

void describe_body(describe_sink& s, std::string_view input, const message_view& m) {
  std::string_view ct = m.value(header_id::content_type);
  if (ct.empty() || m.body().empty()) return;
  media_type_view mt;
  if (!parse_media_type(ct, mt)) return;
  if (is_sdp(ct)) {
    sdp(s, input, m.body());
  } else if (iequals(mt.type, "multipart")) {
    multipart_view mp;
    s.begin_object("multipart");
    if (result r = parse_multipart(m, mp); !r) error(s, input, input, r);  // offsets in the message
    else multipart(s, input, m.body(), mp);
    s.end();
  }
}

}  // namespace sipspan::tools
