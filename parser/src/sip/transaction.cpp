// sipspan — transaction keys (RFC 3261 §17.1.3, §17.2.3) and dialog ids (§12).

#include "sipspan/transaction.hpp"

#include "sipspan/headers.hpp"
#include "sipspan/params.hpp"
#include "sipspan/uri.hpp"

namespace sipspan {
namespace {

// A typed parser's result, its offset moved from the value to the message.
result in_message(const message_view& m, std::string_view value, result r) noexcept {
  r.offset += static_cast<std::uint32_t>(value.data() - m.raw().data());
  return r;
}

result missing(const message_view& m) noexcept {
  result r;
  r.code = error_code::missing_header;
  r.offset = m.headers_section().empty() ? 0 : static_cast<std::uint32_t>(m.headers_section().data() - m.raw().data());
  return r;
}

std::string_view first_element(const message_view& m, header_id id) noexcept {
  auto range = m.values(id);
  auto it = range.begin();
  return it == range.end() ? std::string_view{} : *it;
}

// The tag of a From or To value; `present` says whether the header exists.
result tag_of(const message_view& m, header_id id, std::string_view& tag, bool& present) noexcept {
  header_view h;
  present = m.find(id, h);
  tag = {};
  if (!present) return {};
  name_addr_view na;
  if (result r = parse_name_addr(h.value, na); !r) return in_message(m, h.value, r);
  tag = na.tag();
  return {};
}

// Param lists equal as sets: same names, values equal ignoring case.
bool same_params(const param_range& a, const param_range& b) noexcept {
  if (a.size() != b.size()) return false;
  for (const param& p : a) {
    param q;
    if (!b.find(p.name, q) || q.has_value != p.has_value || !iequals(p.value, q.value)) return false;
  }
  return true;
}

// Via values "match" (§17.2.3, RFC 2543 rule): sent-protocol and sent-by equal
// ignoring case, the same parameters with equal values.
bool same_via(std::string_view a, std::string_view b) noexcept {
  if (a == b) return true;
  via_view va, vb;
  if (!parse_via(a, va) || !parse_via(b, vb)) return false;
  return iequals(va.protocol_name, vb.protocol_name) && iequals(va.protocol_version, vb.protocol_version) &&
         iequals(va.transport, vb.transport) && iequals(va.host, vb.host) && va.has_port == vb.has_port &&
         va.port == vb.port && same_params(va.params, vb.params);
}

// Request-URIs compare by §19.1.4 when both parse, else byte for byte.
bool same_request_uri(std::string_view a, std::string_view b) noexcept {
  if (a == b) return true;
  uri_view ua, ub;
  if (!parse_uri(a, ua) || !parse_uri(b, ub)) return false;
  return uri_equal(ua, ub);
}

bool method_matches(std::string_view request, std::string_view created_by) noexcept {
  return request == created_by || (request == "ACK" && created_by == "INVITE");
}

// FNV-1a, optionally folding ASCII case
struct fnv {
  std::uint64_t h = 1469598103934665603ull;
  void add(std::string_view s, bool fold) noexcept {
    for (char c : s) {
      unsigned char u = static_cast<unsigned char>(c);
      if (fold && u >= 'A' && u <= 'Z') u |= 0x20;
      h = (h ^ u) * 1099511628211ull;
    }
    h = (h ^ 0xFF) * 1099511628211ull;  // field separator
  }
  void add(std::uint64_t v) noexcept {
    for (int i = 0; i < 8; ++i) h = (h ^ ((v >> (8 * i)) & 0xFF)) * 1099511628211ull;
  }
};

}  // namespace

result transaction_key_of(const message_view& m, transaction_key& out) noexcept {
  out = transaction_key{};
  out.is_request = m.is_request();

  std::string_view top = first_element(m, header_id::via);
  if (top.empty()) return missing(m);
  out.top_via = top;
  via_view via;
  if (result r = parse_via(top, via); !r) return in_message(m, top, r);
  out.branch = via.branch();
  out.rfc3261 = via.has_magic_cookie();
  out.sent_by_host = via.host;
  out.sent_by_port = via.has_port ? via.port : 0;

  header_view h;
  if (!m.find(header_id::cseq, h)) return missing(m);
  cseq_view cseq;
  if (result r = parse_cseq(h.value, cseq); !r) return in_message(m, h.value, r);
  out.cseq_number = cseq.number;
  out.cseq_method = cseq.method;
  out.method = m.is_request() ? m.method() : cseq.method;
  out.request_uri = m.request_uri();

  bool has_from = false, has_to = false;
  if (result r = tag_of(m, header_id::from, out.from_tag, has_from); !r) return r;
  if (result r = tag_of(m, header_id::to, out.to_tag, has_to); !r) return r;
  header_view cid;
  if (m.find(header_id::call_id, cid)) out.call_id = cid.value;
  // RFC 2543 matching cannot work without these
  if (!out.rfc3261 && (!has_from || !has_to || out.call_id.empty())) return missing(m);
  return {};
}

bool same_server_transaction(const transaction_key& request, const transaction_key& created_by,
                             std::string_view response_to_tag) noexcept {
  if (request.rfc3261 != created_by.rfc3261) return false;
  if (request.rfc3261)
    return iequals(request.branch, created_by.branch) && iequals(request.sent_by_host, created_by.sent_by_host) &&
           request.sent_by_port == created_by.sent_by_port && method_matches(request.method, created_by.method);

  // RFC 2543 backwards compatibility
  bool common = same_request_uri(request.request_uri, created_by.request_uri) &&
                iequals(request.from_tag, created_by.from_tag) && request.call_id == created_by.call_id &&
                request.cseq_number == created_by.cseq_number && same_via(request.top_via, created_by.top_via);
  if (!common) return false;
  if (request.method == "ACK")
    return created_by.method == "INVITE" && iequals(request.to_tag, response_to_tag);
  return iequals(request.to_tag, created_by.to_tag) && request.cseq_method == created_by.cseq_method &&
         request.method == created_by.method;
}

bool same_client_transaction(const transaction_key& response, const transaction_key& request) noexcept {
  return !response.branch.empty() && iequals(response.branch, request.branch) &&
         response.cseq_method == request.method;
}

std::uint64_t transaction_hash(const transaction_key& k) noexcept {
  fnv f;
  if (k.rfc3261) {
    f.add(k.branch, true);
    f.add(k.sent_by_host, true);
    f.add(k.sent_by_port);
    f.add(k.method == "ACK" ? std::string_view("INVITE") : k.method, false);
  } else {
    // the fields both the INVITE and the ACK rule compare exactly
    f.add(k.call_id, false);
    f.add(k.from_tag, true);
    f.add(k.cseq_number);
  }
  return f.h;
}

result dialog_id_of(const message_view& m, dialog_role role, dialog_id& out) noexcept {
  out = dialog_id{};
  header_view cid;
  if (!m.find(header_id::call_id, cid)) return missing(m);
  std::string_view from_tag, to_tag;
  bool has_from = false, has_to = false;
  if (result r = tag_of(m, header_id::from, from_tag, has_from); !r) return r;
  if (result r = tag_of(m, header_id::to, to_tag, has_to); !r) return r;
  if (!has_from || !has_to) return missing(m);
  out.call_id = cid.value;
  out.local_tag = role == dialog_role::uac ? from_tag : to_tag;
  out.remote_tag = role == dialog_role::uac ? to_tag : from_tag;
  return {};
}

bool same_dialog(const dialog_id& a, const dialog_id& b) noexcept {
  return a.call_id == b.call_id && iequals(a.local_tag, b.local_tag) && iequals(a.remote_tag, b.remote_tag);
}

}  // namespace sipspan
