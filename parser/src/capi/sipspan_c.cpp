// sipspan — the C API (sipspan.h): thin noexcept wrappers over the C++ API.
// Nothing here allocates or throws; spans are handed out as they are.

#include "sipspan/sipspan.h"

#include <cstdint>
#include <new>
#include <span>
#include <string_view>
#include <type_traits>

#include "sipspan/sdp.hpp"
#include "sipspan/sipspan.hpp"
#include "capi/c_header_id.hpp"
#include "capi/capi_types.hpp"

// The storage constants of the header must fit the C++ types (its enums are generated
// from the C++ lists: parser/src/capi/gen_c_enums.cpp).
static_assert(SIPSPAN_MESSAGE_SIZE >= sizeof(sipspan::message_view));
static_assert(SIPSPAN_MESSAGE_ALIGN >= alignof(sipspan::message_view));
static_assert(SIPSPAN_MESSAGE_ALIGN % alignof(sipspan::message_view) == 0);
static_assert(SIPSPAN_SDP_SIZE >= sizeof(sipspan::session_description_view));
static_assert(SIPSPAN_SDP_ALIGN % alignof(sipspan::session_description_view) == 0);
// Storage is dropped without a destructor call.
static_assert(std::is_trivially_destructible_v<sipspan::message_view>);
static_assert(std::is_trivially_destructible_v<sipspan::session_description_view>);
static_assert(SIPSPAN_NO_HEADER == sipspan::no_header);
static_assert(sipspan::rule_count <= SIPSPAN_RULE_BITS);

struct sipspan_sdp {
  sipspan::session_description_view view;
};
static_assert(sizeof(sipspan_message) == sizeof(sipspan::message_view));
static_assert(sizeof(sipspan_sdp) == sizeof(sipspan::session_description_view));
static_assert(SIPSPAN_HDR_OTHER == sipspan::capi::c_header_other);

namespace {

using sipspan::error_code;
using sipspan::header_id;
using sipspan::capi::c_header;
using sipspan::capi::known_header;
using sipspan::result;

constexpr int error_count = static_cast<int>(sipspan::error_code_count);
constexpr int deviation_count = static_cast<int>(sipspan::deviation_kind_count);

sipspan_str str(std::string_view s) noexcept { return {s.data(), s.size()}; }
std::string_view sv(sipspan_str s) noexcept {
  return s.ptr ? std::string_view(s.ptr, s.len) : std::string_view{};
}

sipspan_result c_result(result r) noexcept {
  return {static_cast<int>(r.code), r.offset, static_cast<int>(r.deviation)};
}
sipspan_result ok() noexcept { return {SIPSPAN_ERR_SUCCESS, 0, 0}; }

const sipspan::message_view& view(const sipspan_message* m) noexcept { return m->view; }

bool aligned(const void* p, std::size_t a) noexcept {
  return reinterpret_cast<std::uintptr_t>(p) % a == 0;
}

// The error when a header field is absent: where the start line begins (as transaction_key_of).
sipspan_result missing(const sipspan::message_view& m) noexcept {
  const std::string_view h = m.headers_section();
  const std::uint32_t at = h.empty() ? 0 : static_cast<std::uint32_t>(h.data() - m.raw().data());
  return {SIPSPAN_ERR_MISSING_HEADER, at, 0};
}

// A typed parser's result, its offset moved from the value to the message.
sipspan_result in_message(const sipspan::message_view& m, std::string_view value, result r) noexcept {
  if (!r) r.offset += static_cast<std::uint32_t>(value.data() - m.raw().data());
  return c_result(r);
}

// The first element of header `id` (empty when absent).
bool first_element(const sipspan::message_view& m, header_id id, std::string_view& out) noexcept {
  auto range = m.values(id);
  auto it = range.begin();
  if (it == range.end()) return false;
  out = *it;
  return true;
}

void fill_header(const sipspan::header_view& h, sipspan_header* out) noexcept {
  out->id = c_header(h.id);
  out->index = h.index;
  out->name = str(h.name);
  out->value = str(h.value);
}

void fill_name_addr(const sipspan::name_addr_view& v, sipspan_name_addr* out) noexcept {
  out->display_name = str(v.display_name);
  out->uri = str(v.uri);
  out->tag = str(v.tag());
  out->params = str(v.params.text());
  out->is_star = v.is_star ? 1 : 0;
  out->q = str(v.q());
  out->has_expires = 0;
  out->expires = 0;
  sipspan::param p;
  if (v.params.find("expires", p) && p.has_value) {
    std::uint32_t n = 0;
    if (sipspan::parse_delta_seconds(p.value, n)) {
      out->has_expires = 1;
      out->expires = n;
    }
  }
}

// A typed parser over one string given from C; offsets stay in that string.
template <class View, class Fill>
sipspan_result typed_value(sipspan_str value, result (*parse)(std::string_view, View&) noexcept, Fill fill) noexcept {
  View v{};
  result r = parse(sv(value), v);
  if (r) fill(v);
  return c_result(r);
}

// A typed parser over the first occurrence of a header; offsets in the message.
template <class View, class Fill>
sipspan_result typed_header(const sipspan_message* msg, header_id id,
                            result (*parse)(std::string_view, View&) noexcept, Fill fill) noexcept {
  const sipspan::message_view& m = view(msg);
  sipspan::header_view h;
  if (!m.find(id, h)) return missing(m);
  View v{};
  result r = parse(h.value, v);
  if (r) fill(v);
  return in_message(m, h.value, r);
}

sipspan_result number_header(const sipspan_message* msg, header_id id,
                             result (*parse)(std::string_view, std::uint32_t&) noexcept, uint32_t* out) noexcept {
  return typed_header(msg, id, parse, [out](std::uint32_t n) noexcept { *out = n; });
}

sipspan_result name_addr_header(const sipspan_message* msg, header_id id, sipspan_name_addr* out) noexcept {
  return typed_header(msg, id, sipspan::parse_name_addr,
                      [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

}  // namespace

extern "C" {

sipspan_message* sipspan_message_init(void* storage, size_t size) noexcept {
  if (!storage || size < sizeof(sipspan_message) || !aligned(storage, alignof(sipspan_message))) return nullptr;
  return ::new (storage) sipspan_message{};
}

sipspan_result sipspan_parse(sipspan_message* msg, const char* data, size_t len, int strict) noexcept {
  if (!data) len = 0;
  const sipspan::parse_options opts = strict ? sipspan::parse_options::strict() : sipspan::parse_options::tolerant();
  return c_result(sipspan::parse(std::string_view(data ? data : "", len), msg->view, opts));
}

const char* sipspan_error_name(int code) noexcept {
  if (code < 0 || code >= error_count) return "unknown_error";
  return sipspan::error_name(static_cast<error_code>(code)).data();
}

const char* sipspan_error_message(int code) noexcept {
  if (code < 0 || code >= error_count) return "unknown error";
  return sipspan::error_message(static_cast<error_code>(code)).data();
}

uint32_t sipspan_offset_of(const sipspan_message* msg, sipspan_str s) noexcept {
  const std::string_view raw = view(msg).raw();
  if (!s.ptr || !raw.data() || s.ptr < raw.data() || s.ptr > raw.data() + raw.size()) return 0;
  return static_cast<uint32_t>(s.ptr - raw.data());
}

sipspan_str sipspan_raw(const sipspan_message* msg) noexcept {
  const sipspan::message_view& m = view(msg);
  return str(m.raw().substr(0, m.message_length()));
}

size_t sipspan_deviation_count(const sipspan_message* msg) noexcept { return view(msg).deviations().size(); }

namespace {
// Deviation i of a table (a message's or an SDP body's) into the C struct.
int deviation_at(std::span<const sipspan::deviation> d, size_t i, sipspan_deviation* out) noexcept {
  if (i >= d.size()) return 0;
  out->kind = static_cast<int>(d[i].kind);
  out->offset = d[i].offset;
  out->length = d[i].length;
  out->header_index = d[i].header_index;
  return 1;
}
}  // namespace

int sipspan_deviation_get(const sipspan_message* msg, size_t i, sipspan_deviation* out) noexcept {
  return deviation_at(view(msg).deviations(), i, out);
}

const char* sipspan_deviation_name(int kind) noexcept {
  if (kind < 0 || kind >= deviation_count) return "unknown_deviation";
  return sipspan::deviation_name(static_cast<sipspan::deviation_kind>(kind)).data();
}

const char* sipspan_deviation_message(int kind) noexcept {
  if (kind < 0 || kind >= deviation_count) return "unknown deviation";
  return sipspan::deviation_message(static_cast<sipspan::deviation_kind>(kind)).data();
}

int sipspan_is_request(const sipspan_message* msg) noexcept { return view(msg).is_request() ? 1 : 0; }
sipspan_str sipspan_method(const sipspan_message* msg) noexcept { return str(view(msg).method()); }
sipspan_str sipspan_request_uri(const sipspan_message* msg) noexcept { return str(view(msg).request_uri()); }
sipspan_str sipspan_version(const sipspan_message* msg) noexcept { return str(view(msg).version()); }
int sipspan_status_code(const sipspan_message* msg) noexcept { return view(msg).status_code(); }
sipspan_str sipspan_reason(const sipspan_message* msg) noexcept { return str(view(msg).reason()); }

size_t sipspan_header_count(const sipspan_message* msg) noexcept { return view(msg).header_count(); }

int sipspan_header_get(const sipspan_message* msg, size_t i, sipspan_header* out) noexcept {
  const sipspan::message_view& m = view(msg);
  if (i >= m.header_count()) return 0;
  fill_header(m.header(i), out);
  return 1;
}

int sipspan_header_find(const sipspan_message* msg, int id, sipspan_header* out) noexcept {
  header_id known;
  if (!known_header(id, known)) return 0;
  sipspan::header_view h;
  if (!view(msg).find(known, h)) return 0;
  fill_header(h, out);
  return 1;
}

int sipspan_header_find_name(const sipspan_message* msg, const char* name, size_t len,
                             sipspan_header* out) noexcept {
  if (!name) return 0;
  sipspan::header_view h;
  if (!view(msg).find(std::string_view(name, len), h)) return 0;
  fill_header(h, out);
  return 1;
}

const char* sipspan_header_id_name(int id) noexcept {
  header_id known;
  if (!known_header(id, known)) return "";
  return sipspan::canonical_name(known).data();
}

int sipspan_header_id_from_name(const char* name, size_t len) noexcept {
  if (!name) return SIPSPAN_HDR_OTHER;
  return c_header(sipspan::classify_header(std::string_view(name, len)));
}

// state: 0 before the first row, 1 inside row `row`, 2 done.
void sipspan_values_begin(const sipspan_message* msg, int id, sipspan_values_iter* it) noexcept {
  it->msg = msg;
  it->id = id;
  it->row = SIPSPAN_NO_HEADER;
  it->rest = {nullptr, 0};
  header_id known;
  it->state = known_header(id, known) ? 0 : 2;
}

int sipspan_values_next(sipspan_values_iter* it, sipspan_str* out) noexcept {
  if (it->state == 2) return 0;
  const sipspan::message_view& m = view(it->msg);
  const header_id id = static_cast<header_id>(it->id);
  std::string_view rest = sv(it->rest);
  for (;;) {
    while (!rest.empty()) {
      std::string_view e = sipspan::next_list_element(rest, rest);
      if (!e.empty()) {
        it->rest = str(rest);
        *out = str(e);
        return 1;
      }
    }
    sipspan::header_view h;
    std::uint16_t row;
    if (it->state == 0) {
      row = m.find(id, h) ? h.index : sipspan::no_header;
      it->state = 1;
    } else {
      row = m.next_row(id, it->row);
    }
    if (row == sipspan::no_header) {
      it->state = 2;
      it->rest = {nullptr, 0};
      return 0;
    }
    it->row = row;
    rest = m.header(row).value;
  }
}

sipspan_result sipspan_via_top(const sipspan_message* msg, sipspan_via* out) noexcept {
  const sipspan::message_view& m = view(msg);
  std::string_view hop;
  if (!first_element(m, header_id::via, hop)) return missing(m);
  sipspan::via_view v;
  result r = sipspan::parse_via(hop, v);
  if (r) {
    out->transport = str(v.transport);
    out->host = str(v.host);
    out->port = v.port;
    out->has_port = v.has_port ? 1 : 0;
    out->branch = str(v.branch());
    out->received = str(v.received());
    out->has_rport = v.has_rport() ? 1 : 0;
    out->rport = v.rport();
  }
  return in_message(m, hop, r);
}

sipspan_result sipspan_from(const sipspan_message* msg, sipspan_name_addr* out) noexcept {
  return name_addr_header(msg, header_id::from, out);
}

sipspan_result sipspan_to(const sipspan_message* msg, sipspan_name_addr* out) noexcept {
  return name_addr_header(msg, header_id::to, out);
}

sipspan_result sipspan_call_id(const sipspan_message* msg, sipspan_str* out) noexcept {
  return typed_header(msg, header_id::call_id, sipspan::parse_call_id,
                      [out](const sipspan::call_id_view& v) noexcept { *out = str(v.value); });
}

sipspan_result sipspan_cseq_get(const sipspan_message* msg, sipspan_cseq* out) noexcept {
  return typed_header(msg, header_id::cseq, sipspan::parse_cseq, [out](const sipspan::cseq_view& v) noexcept {
    out->number = v.number;
    out->method = str(v.method);
  });
}

sipspan_result sipspan_max_forwards(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::max_forwards, sipspan::parse_max_forwards, out);
}

sipspan_result sipspan_content_length(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::content_length, sipspan::parse_content_length, out);
}

sipspan_result sipspan_expires(const sipspan_message* msg, uint32_t* out) noexcept {
  return number_header(msg, header_id::expires, sipspan::parse_expires, out);
}

sipspan_result sipspan_content_type(const sipspan_message* msg, sipspan_media_type* out) noexcept {
  return typed_header(msg, header_id::content_type, sipspan::parse_media_type,
                      [out](const sipspan::media_type_view& v) noexcept {
                        out->type = str(v.type);
                        out->subtype = str(v.subtype);
                        out->params = str(v.params.text());
                        out->boundary = str(v.boundary());
                      });
}

sipspan_str sipspan_body(const sipspan_message* msg) noexcept { return str(view(msg).body()); }

sipspan_result sipspan_parse_contact(sipspan_str value, sipspan_contact* out) noexcept {
  return typed_value(value, sipspan::parse_contact, [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_route(sipspan_str value, sipspan_name_addr* out) noexcept {
  return typed_value(value, sipspan::parse_route, [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_name_addr(sipspan_str value, sipspan_name_addr* out) noexcept {
  return typed_value(value, sipspan::parse_name_addr,
                     [out](const sipspan::name_addr_view& v) noexcept { fill_name_addr(v, out); });
}

sipspan_result sipspan_parse_uri(sipspan_str text, sipspan_uri* out) noexcept {
  return typed_value(text, sipspan::parse_uri, [out](const sipspan::uri_view& u) noexcept {
    out->scheme = static_cast<int>(u.scheme);
    out->scheme_text = str(u.scheme_text);
    out->user = str(u.user);
    out->host = str(u.host);
    out->port = u.port;
    out->has_port = u.has_port ? 1 : 0;
    out->transport = str(u.transport());
    out->lr = u.lr() ? 1 : 0;
    out->params = str(u.params_text);
    out->number = str(u.number);
  });
}

sipspan_result sipspan_transaction_hash(const sipspan_message* msg, uint64_t* out) noexcept {
  sipspan::transaction_key k;
  result r = sipspan::transaction_key_of(view(msg), k);
  if (r) *out = sipspan::transaction_hash(k);
  return c_result(r);
}

sipspan_result sipspan_dialog_id(const sipspan_message* msg, int role, sipspan_dialog* out) noexcept {
  sipspan::dialog_id d;
  const auto rl = role == SIPSPAN_ROLE_UAS ? sipspan::dialog_role::uas : sipspan::dialog_role::uac;
  result r = sipspan::dialog_id_of(view(msg), rl, d);
  if (r) {
    out->call_id = str(d.call_id);
    out->local_tag = str(d.local_tag);
    out->remote_tag = str(d.remote_tag);
  }
  return c_result(r);
}

sipspan_sdp* sipspan_sdp_init(void* storage, size_t size) noexcept {
  if (!storage || size < sizeof(sipspan_sdp) || !aligned(storage, alignof(sipspan_sdp))) return nullptr;
  return ::new (storage) sipspan_sdp{};
}

sipspan_result sipspan_parse_sdp(sipspan_sdp* sdp, sipspan_str body, int strict) noexcept {
  return c_result(sipspan::parse_sdp(sv(body), sdp->view,
                                     strict ? sipspan::sdp_options::strict() : sipspan::sdp_options::tolerant()));
}

size_t sipspan_sdp_deviation_count(const sipspan_sdp* sdp) noexcept { return sdp->view.deviations().size(); }

int sipspan_sdp_deviation_get(const sipspan_sdp* sdp, size_t i, sipspan_deviation* out) noexcept {
  return deviation_at(sdp->view.deviations(), i, out);
}

size_t sipspan_sdp_media_count(const sipspan_sdp* sdp) noexcept { return sdp->view.media_count(); }

sipspan_result sipspan_sdp_media_get(const sipspan_sdp* sdp, size_t i, sipspan_sdp_media* out) noexcept {
  const sipspan::session_description_view& s = sdp->view;
  if (i >= s.media_count()) return {SIPSPAN_ERR_MISSING_HEADER, 0, 0};
  const std::string_view body = s.body();
  const sipspan::media_description md = s.media(i);
  const auto at = [&](std::string_view value, result r) noexcept {
    r.offset += static_cast<std::uint32_t>(value.data() - body.data());
    return c_result(r);
  };
  sipspan::media_view mv;
  const std::string_view line = md.media_line();
  if (result r = sipspan::parse_media(line, mv); !r) return at(line, r);
  out->media = str(mv.media);
  out->port = mv.port;
  out->port_count = mv.port_count;
  out->proto = str(mv.proto);
  out->formats = str(mv.formats.text());
  out->connection = {nullptr, 0};
  const std::string_view c = md.connection().empty() ? s.connection() : md.connection();
  if (!c.empty()) {
    sipspan::connection_view cv;
    if (result r = sipspan::parse_connection(c, cv); !r) return at(c, r);
    out->connection = str(cv.address);
  }
  return ok();
}

// ---- validator

size_t sipspan_rule_count(void) noexcept { return sipspan::rule_count; }

int sipspan_rule_get(int r, sipspan_rule_info* out) noexcept {
  if (r < 0 || static_cast<std::size_t>(r) >= sipspan::rule_count) return 0;
  const sipspan::rule_info& i = sipspan::rule(static_cast<sipspan::rule_id>(r));
  // the catalogue's strings are literals: NUL-terminated
  *out = sipspan_rule_info{i.code.data(), i.name.data(),
                           {static_cast<int>(i.level[0]), static_cast<int>(i.level[1]), static_cast<int>(i.level[2])},
                           i.rfc.data(), i.summary.data(), i.explanation.data()};
  return 1;
}

int sipspan_rule_find(const char* key, size_t len) noexcept {
  sipspan::rule_id r;
  if (!key || !sipspan::find_rule(std::string_view(key, len), r)) return -1;
  return static_cast<int>(r);
}

sipspan_lint_summary sipspan_lint(sipspan_message* msg, const char* data, size_t len,
                                  const sipspan_lint_options* options, sipspan_finding* out, size_t cap) noexcept {
  sipspan::lint_options o;
  if (options) {
    if (options->profile >= 0 && options->profile <= 2) o.profile = static_cast<sipspan::lint_profile>(options->profile);
    for (std::size_t i = 0; i < sipspan::rule_count; ++i) {
      if (options->enable[i / 64] >> (i % 64) & 1u) o.enable.set(i);
      if (options->disable[i / 64] >> (i % 64) & 1u) o.disable.set(i);
    }
    o.max_findings = options->max_findings;
  }
  // findings go straight into the caller's array, one at a time, through a small buffer
  sipspan::finding buf[SIPSPAN_LINT_MAX_STORED];
  std::size_t want = o.max_findings ? std::min(o.max_findings, cap) : cap;
  sipspan_lint_summary s{};
  std::span<sipspan::finding> room(buf, std::min<std::size_t>(out ? want : 0, SIPSPAN_LINT_MAX_STORED));
  sipspan::lint_summary r = sipspan::lint(std::string_view(data ? data : "", data ? len : 0), msg->view, room, o);
  for (std::size_t i = 0; i < r.stored && out; ++i) {
    const sipspan::finding& f = buf[i];
    out[i] = sipspan_finding{static_cast<int>(f.rule), static_cast<int>(f.level), static_cast<int>(f.detail),
                             c_header(f.header), f.header_index, f.offset, f.length};
  }
  s.total = r.total;
  s.stored = out ? r.stored : 0;
  s.errors = r.errors;
  s.warnings = r.warnings;
  s.infos = r.infos;
  s.parse = c_result(r.parse);
  return s;
}

}  // extern "C"
