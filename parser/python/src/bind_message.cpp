// sipspan Python package — sipspan.parse() and sipspan.Message: the start
// line, the header table, typed values (Via, From/To, CSeq, Call-ID, Contact,
// Request-URI), the deviations and the SDP body, read through the public API
// (message.hpp, headers.hpp, uri.hpp, sdp.hpp). The Message holds the caller's
// buffer (no copy); typed values are parsed on access, as in C++.

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "common.hpp"
#include "sipspan/header_id.hpp"
#include "sipspan/headers.hpp"
#include "sipspan/message.hpp"
#include "sipspan/sdp.hpp"
#include "sipspan/uri.hpp"

namespace sipspan::python {

namespace {

// Where a value starts in the message, for the offsets of its parse errors.
std::uint32_t offset_in(const message_view& v, std::string_view part) {
  return static_cast<std::uint32_t>(part.data() - v.raw().data());
}

py::dict params_dict(const param_range& params) {
  py::dict d;
  for (const param& p : params) {
    py::str name = text(p.name);
    if (!d.contains(name)) d[name] = p.has_value ? py::object(text(p.value)) : py::object(py::none());
  }
  return d;
}

header_id header_named(std::string_view name) {
  header_id id = classify_header(name);
  return id;
}

const char* host_kind_name(host_kind k) {
  switch (k) {
    case host_kind::hostname: return "hostname";
    case host_kind::ipv4: return "ipv4";
    case host_kind::ipv6: return "ipv6";
    default: return "none";
  }
}

// A URI as sipspan.Uri; ParseError with the offset moved by `base`.
py::object uri_object(std::string_view s, std::uint32_t base) {
  uri_view u;
  if (result r = parse_uri(s, u); !r) raise(r, base);
  return type_of("Uri")(
      py::arg("raw") = text(u.raw), py::arg("scheme") = text(u.scheme_text),
      py::arg("user") = u.has_user ? py::object(text(u.user)) : py::object(py::none()),
      py::arg("password") = u.has_password ? py::object(text(u.password)) : py::object(py::none()),
      py::arg("host") = opt_text(u.host, true), py::arg("host_kind") = host_kind_name(u.host_type),
      py::arg("port") = u.has_port ? py::object(py::int_(u.port)) : py::object(py::none()),
      py::arg("params") = params_dict(u.params()), py::arg("headers") = params_dict(u.headers()),
      py::arg("number") = opt_text(u.number, true), py::arg("opaque") = opt_text(u.opaque, true));
}

py::object via_object(std::string_view hop, std::uint32_t base) {
  via_view v;
  if (result r = parse_via(hop, v); !r) raise(r, base);
  std::string protocol = std::string(v.protocol_name) + "/" + std::string(v.protocol_version);
  return type_of("Via")(
      py::arg("protocol") = text(protocol), py::arg("transport") = text(v.transport), py::arg("host") = text(v.host),
      py::arg("port") = v.has_port ? py::object(py::int_(v.port)) : py::object(py::none()),
      py::arg("branch") = opt_text(v.branch(), !v.params.has("branch")),
      py::arg("received") = v.params.has("received") ? py::object(text(v.received())) : py::object(py::none()),
      py::arg("rport") = v.has_rport_value() ? py::object(py::int_(v.rport())) : py::object(py::none()),
      py::arg("has_rport") = v.has_rport(),
      py::arg("maddr") = v.params.has("maddr") ? py::object(text(v.maddr())) : py::object(py::none()),
      py::arg("ttl") = v.params.has("ttl") ? py::object(text(v.ttl())) : py::object(py::none()),
      py::arg("params") = params_dict(v.params));
}

py::object name_addr_object(const name_addr_view& n) {
  return type_of("NameAddr")(
      py::arg("display_name") = n.has_display_name() ? py::object(text(n.display_name)) : py::object(py::none()),
      py::arg("uri") = text(n.uri), py::arg("angle_brackets") = n.has_angle_brackets, py::arg("star") = n.is_star,
      py::arg("tag") = n.params.has("tag") ? py::object(text(n.tag())) : py::object(py::none()),
      py::arg("params") = params_dict(n.params));
}

// The first row of a single-valued header parsed by `parse`, or None when absent.
template <class Parse>
py::object single(const message& m, header_id id, Parse parse) {
  if (!m.view.has(id)) return py::none();
  std::string_view v = m.view.value(id);
  name_addr_view n;
  if (result r = parse(v, n); !r) raise(r, offset_in(m.view, v));
  return name_addr_object(n);
}

std::string kind_name(message_kind k) {
  return k == message_kind::request ? "request" : k == message_kind::response ? "response" : "none";
}

py::object sdp_object(const message& m) {
  const message_view& v = m.view;
  header_view ct;
  if (!v.find(header_id::content_type, ct)) return py::none();
  media_type_view mt;
  if (!parse_media_type(ct.value, mt) || !iequals(mt.type, "application") || !iequals(mt.subtype, "sdp"))
    return py::none();
  std::string_view body = v.body();
  const std::uint32_t base = v.body_offset();
  session_description_view sdp;
  if (result r = parse_sdp(body, sdp); !r) raise(r, base);
  auto attrs = [](const attribute_range& range) {
    py::list out;
    for (const sdp_attribute& a : range)
      out.append(py::make_tuple(text(a.name), a.has_value ? py::object(text(a.value)) : py::object(py::none())));
    return out;
  };
  py::list media;
  for (std::size_t i = 0; i < sdp.media_count(); ++i) {
    media_description md = sdp.media(i);
    media_view mv;
    std::string_view line = md.media_line();
    if (result r = parse_media(line, mv); !r) raise(r, base + static_cast<std::uint32_t>(line.data() - body.data()));
    py::list formats;
    for (std::string_view f : mv.formats) formats.append(text(f));
    media.append(type_of("SdpMedia")(
        py::arg("media") = text(mv.media), py::arg("port") = mv.port, py::arg("port_count") = mv.port_count,
        py::arg("proto") = text(mv.proto), py::arg("formats") = formats,
        py::arg("connection") = opt_text(md.connection(), true), py::arg("attributes") = attrs(md.attributes())));
  }
  py::list times, deviations;
  for (const sdp_line& t : sdp.times()) times.append(text(t.value));
  for (const deviation& d : sdp.deviations()) deviations.append(deviation_object(d, base));
  return type_of("Sdp")(py::arg("version") = text(sdp.version()), py::arg("origin") = opt_text(sdp.origin(), true),
                        py::arg("session_name") = opt_text(sdp.session_name(), true),
                        py::arg("connection") = opt_text(sdp.connection(), true), py::arg("times") = times,
                        py::arg("attributes") = attrs(sdp.attributes()), py::arg("media") = media,
                        py::arg("deviations") = deviations);
}

}  // namespace

py::object deviation_object(const deviation& d, std::uint32_t base) {
  return type_of("Deviation")(
      py::arg("kind") = std::string(deviation_name(d.kind)), py::arg("offset") = base + d.offset,
      py::arg("length") = d.length,
      py::arg("header_index") = d.header_index == no_header ? py::object(py::none()) : py::object(py::int_(d.header_index)),
      py::arg("message") = std::string(deviation_message(d.kind)), py::arg("abnf_legal") = deviation_abnf_legal(d.kind));
}

void bind_message(py::module_& m) {
  py::class_<message, std::shared_ptr<message>> msg(m, "Message",
      "A parsed SIP message: views into the buffer given to parse(), which it keeps alive.");
  msg.def_property_readonly("kind", [](const message& x) { return kind_name(x.view.kind()); })
      .def_property_readonly("is_request", [](const message& x) { return x.view.is_request(); })
      .def_property_readonly("is_response", [](const message& x) { return x.view.is_response(); })
      .def_property_readonly("buffer", [](const message& x) { return x.buffer->owner(); },
                             "the object given to parse() (its bytes are not copied)")
      .def_property_readonly("start_line", [](const message& x) { return text(x.view.start_line()); })
      .def_property_readonly("method", [](const message& x) { return opt_text(x.view.method(), !x.view.is_request()); })
      .def_property_readonly("request_uri", [](const message& x) {
        if (!x.view.is_request()) return py::object(py::none());
        std::string_view u = x.view.request_uri();
        return uri_object(u, offset_in(x.view, u));
      }, "the Request-URI parsed (sipspan.Uri); None for a response")
      .def_property_readonly("request_uri_text", [](const message& x) { return opt_text(x.view.request_uri(), !x.view.is_request()); })
      .def_property_readonly("version", [](const message& x) { return text(x.view.version()); })
      .def_property_readonly("status_code", [](const message& x) {
        return x.view.is_response() ? py::object(py::int_(x.view.status_code())) : py::object(py::none());
      })
      .def_property_readonly("reason", [](const message& x) { return opt_text(x.view.reason(), !x.view.is_response()); })
      .def_property_readonly("headers", [](const message& x) {
        py::list out;
        for (std::size_t i = 0; i < x.view.header_count(); ++i) {
          header_view h = x.view.header(i);
          out.append(py::make_tuple(text(h.name), text(h.value)));
        }
        return out;
      }, "every header field as (name as written, raw value), in message order")
      .def("header", [](const message& x, std::string_view name) {
        header_view h;
        return x.view.find(name, h) ? py::object(text(h.value)) : py::object(py::none());
      }, py::arg("name"), "the first value of a header (long or compact name, any case), or None")
      .def("header_all", [](const message& x, std::string_view name) {
        py::list out;
        header_id id = header_named(name);
        for (std::size_t i = 0; i < x.view.header_count(); ++i) {
          header_view h = x.view.header(i);
          if (id != header_id::other ? h.id == id : iequals(h.name, name)) out.append(text(h.value));
        }
        return out;
      }, py::arg("name"), "the value of every row of a header")
      .def("values", [](const message& x, std::string_view name) {
        py::list out;
        header_id id = header_named(name);
        if (id == header_id::other) throw py::value_error("values() splits the lists of known headers only");
        for (std::string_view e : x.view.values(id)) out.append(text(e));
        return out;
      }, py::arg("name"), "the comma-separated elements across every row of a known header (RFC 3261 §7.3.1)")
      .def_property_readonly("via", [](const message& x) {
        py::list out;
        for (std::string_view hop : x.view.values(header_id::via)) out.append(via_object(hop, offset_in(x.view, hop)));
        return out;
      }, "every Via hop, top first (sipspan.Via)")
      .def_property_readonly("from_", [](const message& x) { return single(x, header_id::from, [](auto v, auto& n) { return parse_name_addr(v, n); }); },
                             "From (sipspan.NameAddr), None when absent")
      .def_property_readonly("to", [](const message& x) { return single(x, header_id::to, [](auto v, auto& n) { return parse_name_addr(v, n); }); },
                             "To (sipspan.NameAddr), None when absent")
      .def_property_readonly("contact", [](const message& x) {
        py::list out;
        for (std::string_view c : x.view.values(header_id::contact)) {
          name_addr_view n;
          if (result r = parse_contact(c, n); !r) raise(r, offset_in(x.view, c));
          out.append(name_addr_object(n));
        }
        return out;
      }, "every Contact (sipspan.NameAddr)")
      .def_property_readonly("cseq", [](const message& x) {
        if (!x.view.has(header_id::cseq)) return py::object(py::none());
        std::string_view v = x.view.value(header_id::cseq);
        cseq_view c;
        if (result r = parse_cseq(v, c); !r) raise(r, offset_in(x.view, v));
        return type_of("CSeq")(py::arg("number") = c.number, py::arg("method") = text(c.method));
      })
      .def_property_readonly("call_id", [](const message& x) {
        if (!x.view.has(header_id::call_id)) return py::object(py::none());
        std::string_view v = x.view.value(header_id::call_id);
        call_id_view c;
        if (result r = parse_call_id(v, c); !r) raise(r, offset_in(x.view, v));
        return py::object(text(c.value));
      })
      .def_property_readonly("content_length", [](const message& x) {
        return x.view.has_content_length() ? py::object(py::int_(x.view.content_length())) : py::object(py::none());
      })
      .def_property_readonly("body_offset", [](const message& x) { return x.view.body_offset(); })
      .def_property_readonly("body", [](const message& x) {
        return x.buffer->slice(x.view.body_offset(), x.view.body().size());
      }, "the body as a memoryview of the caller's buffer (no copy)")
      .def_property_readonly("length", [](const message& x) { return x.view.message_length(); })
      .def_property_readonly("deviations", [](const message& x) {
        py::list out;
        for (const deviation& d : x.view.deviations()) out.append(deviation_object(d));
        return out;
      }, "what the scan accepted outside the ABNF (sipspan.Deviation), in input order")
      .def_property_readonly("sdp", [](const message& x) { return sdp_object(x); },
                             "the application/sdp body (sipspan.Sdp), None when the body is not SDP")
      .def("__repr__", [](const message& x) {
        return "<sipspan.Message " + std::string(x.view.start_line().substr(0, 80)) + ">";
      });

  m.def("parse", [](py::object buf, bool strict) {
    auto x = std::make_shared<message>();
    x->buffer = std::make_shared<held_buffer>(buf);
    std::string_view bytes = x->buffer->bytes();
    result r;
    {
      py::gil_scoped_release nogil;
      r = parse(bytes, x->view, strict ? parse_options::strict() : parse_options::tolerant());
    }
    if (!r) {
      if (r.code == error_code::deviation_rejected)
        throw parse_failure{std::string(deviation_name(r.deviation)), std::string(deviation_message(r.deviation)), r.offset};
      raise(r);
    }
    return x;
  }, py::arg("buf"), py::kw_only(), py::arg("strict") = false,
  "Parse one SIP message from bytes, bytearray or memoryview without copying it.\n"
  "Tolerant by default (departures are Message.deviations); strict=True rejects them.\n"
  "Raises sipspan.ParseError(code, offset) when the bytes cannot be framed.");

  m.def("parse_uri", [](std::string_view s) { return uri_object(s, 0); }, py::arg("text"),
        "Parse one URI (sip:, sips:, tel:, or another absolute URI) into sipspan.Uri.");
}

}  // namespace sipspan::python
