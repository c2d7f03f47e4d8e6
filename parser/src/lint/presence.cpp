// sipspan — the validator's presence and placement rules: mandatory headers
// (RFC 3261 §8.1.1, §8.2.6 and the 'm' entries of §20 tables 2 and 3) and
// headers where the tables say '-' or whose "where" excludes the message.

#include <array>
#include <iterator>

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

namespace {

// Methods in the columns of RFC 3261 §20 tables 2 and 3.
enum : std::uint8_t { m_ack = 1, m_bye = 2, m_can = 4, m_inv = 8, m_opt = 16, m_reg = 32, m_none = 0 };

std::uint8_t column(method_id m) noexcept {
  switch (m) {
    case method_id::ack: return m_ack;
    case method_id::bye: return m_bye;
    case method_id::cancel: return m_can;
    case method_id::invite: return m_inv;
    case method_id::options: return m_opt;
    case method_id::register_: return m_reg;
    default: return m_none;
  }
}

// Header fields marked '-' (not applicable) in a request's column of tables 2
// and 3, and those whose "where" is only responses (r, 2xx, 401, 407, 420, 423,
// 3xx-6xx): a request's bit set 0x3F means "in no request".
struct placement {
  header_id id;
  std::uint8_t not_in_request;  // columns where the table says '-'
};
constexpr placement request_placement[] = {
    {header_id::accept, m_ack | m_can},
    {header_id::accept_encoding, m_ack | m_can},
    {header_id::accept_language, m_ack | m_can},
    {header_id::alert_info, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::allow, m_ack | m_can},
    {header_id::call_info, m_ack | m_bye | m_can},
    {header_id::contact, m_bye | m_can},
    {header_id::content_disposition, m_can},
    {header_id::content_encoding, m_can},
    {header_id::content_language, m_can},
    {header_id::content_type, m_can},
    {header_id::expires, m_ack | m_bye | m_can | m_opt},
    {header_id::in_reply_to, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::mime_version, m_can},
    {header_id::organization, m_ack | m_bye | m_can},
    {header_id::priority, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::proxy_authorization, m_can},
    {header_id::proxy_require, m_ack | m_can},
    {header_id::record_route, m_reg},
    {header_id::reply_to, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::require, m_ack | m_can},
    {header_id::subject, m_ack | m_bye | m_can | m_opt | m_reg},
    {header_id::supported, m_ack},
    // response-only fields ("where" r, 2xx, 401, 407, 420, 423, 3xx-6xx)
    {header_id::authentication_info, 0x3F},
    {header_id::error_info, 0x3F},
    {header_id::min_expires, 0x3F},
    {header_id::proxy_authenticate, 0x3F},
    {header_id::retry_after, 0x3F},
    {header_id::server, 0x3F},
    {header_id::unsupported, 0x3F},
    {header_id::warning, 0x3F},
    {header_id::www_authenticate, 0x3F},
};

// Each header's row in request_placement plus one (0: not in the table),
// derived from the table, so that a message's rows find theirs directly.
constexpr auto placement_row = [] {
  std::array<std::uint8_t, header_id_count> row{};
  for (std::size_t i = 0; i < std::size(request_placement); ++i)
    row[static_cast<std::size_t>(request_placement[i].id)] = static_cast<std::uint8_t>(i + 1);
  return row;
}();
static_assert(std::size(request_placement) <= 64, "the rows a message has are bits of one word");
static_assert([] {
  for (std::size_t i = 0; i < std::size(request_placement); ++i)
    if (placement_row[static_cast<std::size_t>(request_placement[i].id)] != i + 1) return false;
  return true;
}(), "each header once in request_placement");

// Request-only fields ("where" R): not applicable in any response.
constexpr header_id request_only[] = {
    header_id::alert_info,  header_id::authorization, header_id::in_reply_to,   header_id::max_forwards,
    header_id::priority,    header_id::proxy_authorization, header_id::proxy_require, header_id::route,
    header_id::subject,
};

}  // namespace

void checker::note_placement(header_id id) noexcept {
  if (std::uint8_t at = placement_row[static_cast<std::size_t>(id)]) placement_rows_ |= std::uint64_t{1} << (at - 1);
}

// ---- presence (RFC 3261 §8.1.1, §8.2.6 and the tables' 'm' entries)
void checker::presence() noexcept {
  if (!m_.is_request() && !m_.is_response()) return;
  for (header_id id : {header_id::to, header_id::from, header_id::cseq, header_id::call_id, header_id::via})
    if (!m_.has(id)) missing(id);
  if (m_.is_request()) {
    if (!m_.has(header_id::max_forwards)) missing(header_id::max_forwards, rule_id::missing_since_rfc3261);
    switch (m_.method_kind()) {
      case method_id::invite:
        if (!m_.has(header_id::contact)) missing(header_id::contact, rule_id::missing_since_rfc3261);
        break;
      case method_id::subscribe:
        if (!m_.has(header_id::event)) missing(header_id::event);
        break;
      case method_id::notify:
        if (!m_.has(header_id::event)) missing(header_id::event);
        if (!m_.has(header_id::subscription_state)) missing(header_id::subscription_state);
        break;
      case method_id::prack:
        if (!m_.has(header_id::rack)) missing(header_id::rack);
        break;
      case method_id::refer:
        if (!m_.has(header_id::refer_to)) missing(header_id::refer_to);
        break;
      default: break;
    }
    return;
  }
  std::uint16_t code = m_.status_code();
  method_id cm = cseq_method();
  auto need = [&](header_id id) {
    if (!m_.has(id)) missing(id);
  };
  if (code == 405 && cm != method_id::ack && cm != method_id::cancel) need(header_id::allow);
  if (code == 401 && cm != method_id::ack && cm != method_id::cancel) need(header_id::www_authenticate);
  if (code == 407 && cm != method_id::ack && cm != method_id::cancel) need(header_id::proxy_authenticate);
  if (code == 420 && cm != method_id::ack && cm != method_id::cancel) need(header_id::unsupported);
  if (code == 423) need(header_id::min_expires);
  if (code >= 200 && code < 300 && cm == method_id::invite && !m_.has(header_id::contact))
    missing(header_id::contact, rule_id::missing_since_rfc3261);
}

// ---- placement (the '-' entries of tables 2 and 3)
void checker::placement_rules() noexcept {
  if (!s_.wants(rule_id::header_not_applicable)) return;
  if (m_.is_request()) {
    std::uint8_t col = column(m_.method_kind());
    // the table's rows whose header the message has (the row pass noted them), in table order
    for (std::uint64_t present = placement_rows_; present; present &= present - 1) {
      const placement& p = request_placement[__builtin_ctzll(present)];
      bool na = p.not_in_request == 0x3F || (col != m_none && (p.not_in_request & col));
      if (!na) continue;
      header_view h;
      if (m_.find(p.id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
    }
    return;
  }
  if (!m_.is_response()) return;
  for (header_id id : request_only) {
    header_view h;
    if (m_.has(id) && m_.find(id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
  }
  std::uint16_t code = m_.status_code();
  auto only_for = [&](header_id id, bool ok) {
    header_view h;
    if (!ok && m_.find(id, h)) add(rule_id::header_not_applicable, error_code::success, &h, h.name);
  };
  only_for(header_id::www_authenticate, code == 401 || code == 407);
  only_for(header_id::proxy_authenticate, code == 401 || code == 407);
  only_for(header_id::unsupported, code == 420);
  only_for(header_id::min_expires, code == 423);
  only_for(header_id::authentication_info, code >= 200 && code < 300);
  only_for(header_id::error_info, code >= 300);
}

}  // namespace sipspan::lint_detail
