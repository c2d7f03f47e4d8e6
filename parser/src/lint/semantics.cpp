// sipspan — the validator's message-level semantics: CSeq against the method,
// From and To tags (RFC 3261 §8.1.1.2, §8.2.6.2, §12), Contact in dialogs and
// "*" (§8.1.1.8, §10.2.2), Content-Length and Content-Type (§20.14, §20.15).

#include "lint/checker.hpp"

namespace sipspan::lint_detail {

// ---- semantics
void checker::semantics() noexcept {
  if (m_.is_request() && cseq_seen_ && cseq_method_ != m_.method())
    add(rule_id::cseq_method_mismatch, error_code::success, &cseq_, cseq_method_);
  tags();
  contacts();
  if (!m_.has_content_length() && (m_.is_request() || m_.is_response()))
    s_.add(rule_id::content_length_missing, error_code::missing_header, header_id::content_length, no_header,
           end_of_headers(), 0);
  if (!m_.body().empty() && !m_.has(header_id::content_type))
    s_.add(rule_id::content_type_missing, error_code::missing_header, header_id::content_type, no_header,
           m_.body_offset(), 0);
}

void checker::tags() noexcept {
  header_view h;
  if (m_.is_request() && from_tag_ == 0 && m_.find(header_id::from, h))
    add(rule_id::from_tag_missing, error_code::success, &h, h.value);
  bool needs_to_tag = false;
  if (m_.is_response()) {
    needs_to_tag = m_.status_code() > 100;
  } else if (m_.is_request()) {
    switch (m_.method_kind()) {
      case method_id::bye:
      case method_id::ack:
      case method_id::prack:
      case method_id::update:
      case method_id::info:
      case method_id::notify: needs_to_tag = true; break;
      default: break;
    }
  }
  if (needs_to_tag && to_tag_ == 0 && m_.find(header_id::to, h))
    add(rule_id::to_tag_missing, error_code::success, &h, h.value);
}

// RFC 3261 §8.1.1.8, §12.1.1: one Contact URI in INVITE and its 2xx;
// §10.2.2: "*" only in REGISTER, alone, with Expires: 0.
void checker::contacts() noexcept {
  std::size_t n = contact_count_;
  bool dialog_creating = (m_.is_request() && m_.method_kind() == method_id::invite) ||
                         (m_.is_response() && m_.status_code() >= 200 && m_.status_code() < 300 &&
                          cseq_method() == method_id::invite);
  header_view first;
  if (dialog_creating && n > 1 && m_.find(header_id::contact, first))
    add(rule_id::contact_required, error_code::success, &first, first.value);
  if (!star_row_.name.empty()) {
    std::uint32_t expires = 1;
    bool ok = m_.is_request() && m_.method_kind() == method_id::register_ && n == 1 &&
              parse_expires(m_.value(header_id::expires), expires) && expires == 0;
    if (!ok) add(rule_id::contact_required, error_code::success, &star_row_, star_row_.value);
  }
}

}  // namespace sipspan::lint_detail
