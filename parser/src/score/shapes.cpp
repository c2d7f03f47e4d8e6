// sipspan — anomaly scorer: the shapes of values. A legal value in a form a
// header's training traffic never or rarely used is no error for any rule,
// and the class n-grams (byte_walk.cpp) do not see it: they read one '0' for
// every run of digits and one 'a' for every token, whatever its case.
//
// Numbers: a ten-digit CSeq where traffic counts from 1, "070" for
// Max-Forwards, an octal-looking "010.0.0.1", a version with an extra group
// (engine.hpp, number_shape). How much an unseen number shape weighs depends on
// how much the header's training says: of its `numbers` runs of digits,
// `shapes` distinct shapes. The chance that the next number shows a new shape
// is at most about shapes / numbers (Good–Turing: the shapes seen once, of
// which there are no more than the distinct ones), and a shape that chance
// never produced weighs as a validator rule with that frequency
// (score_profile::rule_weight_for): nothing for a header whose numbers take
// many forms (Request-URIs, User-Agent versions) or that training showed few
// numbers (a Subject), up to the feature's weight for one that thousands of
// messages wrote in a single form (Content-Length). A header training never
// showed a number in has no shape to compare: a digit there is a byte class it
// never showed (char_class).
//
// Forms (shapes.hpp, form_bit): the case of a token by what precedes it
// ("iNVITE" after CSeq's number, "sip/2.0" opening a Via), percent-escapes by
// what they stand for (an escaped letter, an escaped CR), whitespace around a
// separator ("branch = x"), the line structure (a fold after a separator, a
// continuation of whitespace only), the form of a host after '@'. Training counts, per header, the values that showed each form; a form
// weighs as a rule that fired on that many of the header's messages: nothing
// when common, the most when never seen behind much traffic.
//
// Both stay profile features: legal forms differ between real stacks (an IPv4
// Request-URI, an eight-digit extension, a lower-case transport), and one
// unseen form made hard evidence alerted on 11 % of public captures' messages.

#include "shapes.hpp"

#include <algorithm>

#include "collector.hpp"

namespace sipspan::score_detail {

namespace {

constexpr bool is_space(std::uint8_t c) noexcept { return c == ' ' || c == 't'; }
constexpr bool is_token(std::uint8_t c) noexcept { return c == 'a' || c == '0'; }
constexpr bool is_separator(std::uint8_t c) noexcept {
  return c == ';' || c == ',' || c == '=' || c == '/' || c == ':' || c == '@' || c == '<' || c == '>';
}
constexpr bool is_hex(char c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
constexpr unsigned hex_value(char c) noexcept {
  return c <= '9' ? static_cast<unsigned>(c - '0') : static_cast<unsigned>((c | 0x20) - 'a' + 10);
}

// The case context of a token: what symbol comes before it.
constexpr unsigned case_context(std::uint8_t prev) noexcept {
  switch (prev) {
    case value_begin: return 0;
    case '/': return 1;
    case ':': return 2;
    case ';': return 3;
    case '=': return 4;
    case ' ':
    case 't': return 5;
    case '@': return 6;
    default: return 7;
  }
}

// lower, upper, Capitalised (one upper-case letter, then lower case only), mixed
unsigned case_of(std::string_view run) noexcept {
  bool lower = false, upper = false, later_upper = false, first = true, first_upper = false;
  for (char ch : run) {
    if (ch >= 'a' && ch <= 'z') {
      lower = true;
    } else if (ch >= 'A' && ch <= 'Z') {
      upper = true;
      if (first) first_upper = true;
      else later_upper = true;
    } else {
      continue;
    }
    first = false;
  }
  if (!upper) return 0;
  if (!lower) return 1;
  return first_upper && !later_upper ? 2 : 3;
}

unsigned escape_form(std::string_view v, std::size_t at) noexcept {
  if (at + 2 >= v.size() || !is_hex(v[at + 1]) || !is_hex(v[at + 2])) return form_bit::escape_broken;
  const unsigned c = hex_value(v[at + 1]) * 16 + hex_value(v[at + 2]);
  if (c < 0x20 || c == 0x7f) return form_bit::escape_control;
  if (c >= 0x80) return form_bit::escape_high;
  // §25.1 unreserved = alphanum / mark
  const bool alnum = (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
  if (alnum || std::string_view("-_.!~*'()").find(static_cast<char>(c)) != std::string_view::npos)
    return form_bit::escape_unreserved;
  return form_bit::escape_reserved;
}

// Walks a value's symbols (for_each_symbol) and calls emit(bit, offset, length)
// for each form it shows, possibly more than once.
template <class Emit>
struct form_walk {
  std::string_view v;
  Emit& emit;
  std::uint8_t prev = value_begin;  // the previous symbol
  std::uint8_t solid = value_begin;  // the last symbol that is no whitespace or line end
  std::uint8_t before_break = value_begin;  // the symbol before the last line end
  std::uint8_t break_solid = value_begin;   // the last solid symbol before it
  bool cr_open = false;     // a CR whose LF has not come yet
  bool after_break = false; // the last line end came just before
  bool in_indent = false;   // in the whitespace that starts a continuation line
  bool in_user = false;     // after "scheme:", before '@'
  std::size_t cr_at = 0, indent_at = 0;

  void step(std::uint8_t c, std::size_t at, std::size_t len) noexcept {
    if (c == 'n' && cr_open) {  // CRLF: the line end the CR opened
      cr_open = false;
      prev = c;
      return;
    }
    if (cr_open) {  // the CR ended the line alone
      emit(form_bit::bare_cr, cr_at, 1);
      cr_open = false;
    }
    if (c == 'r' || c == 'n') {  // a line end starts here
      if (c == 'n') emit(form_bit::bare_lf, at, 1);
      if (in_indent) emit(form_bit::fold_empty, indent_at, at - indent_at);
      if (prev != 'r' && prev != 'n') before_break = prev;
      break_solid = solid;
      after_break = true;
      in_indent = false;
      cr_open = c == 'r';
      cr_at = at;
      prev = c;
      return;
    }
    if (after_break) {
      after_break = false;
      if (is_space(c)) {
        emit(form_bit::fold, at, len);
        if (c == 't') emit(form_bit::fold_tab, at, len);
        if (is_separator(break_solid)) emit(form_bit::fold_after_separator, at, len);
        in_indent = true;
        indent_at = at;
      }
    } else if (in_indent && !is_space(c)) {
      in_indent = false;
      if (is_separator(c)) emit(form_bit::fold_before_separator, at, len);
      if (is_token(c) && is_token(before_break)) emit(form_bit::fold_inside_token, at, len);
    }
    if (in_indent && is_space(c)) {
      prev = c;
      return;
    }
    if (c == 'a') emit(form_bit::case_first + case_context(prev) * form_bit::cases + case_of(v.substr(at, len)), at, len);
    if (c == '%') {
      const unsigned e = escape_form(v, at);
      const std::size_t n = at + 3 <= v.size() ? 3 : v.size() - at;
      emit(e, at, n);
      if (in_user) emit(e == form_bit::escape_unreserved ? form_bit::user_escape_unreserved : form_bit::user_escape_other, at, n);
    }
    // a userinfo runs from "scheme:" to '@' (or to what ends a URI's host part)
    if (c == ':' && prev == 'a') in_user = true;
    else if (c == '@' || c == ';' || c == '>' || c == ',' || is_space(c)) in_user = false;
    if (prev == '@') {
      const unsigned host = c == 'a' ? form_bit::host_name : c == '0' ? form_bit::host_number
                            : c == '[' ? form_bit::host_ipv6 : form_bit::host_other;
      emit(host, at, len);
    }
    if (const std::size_t i = form_bit::spaced_separators.find(static_cast<char>(c)); i != std::string_view::npos) {
      if (is_space(prev)) emit(form_bit::space_first + 2 * static_cast<unsigned>(i), at - 1, 2);
    } else if (is_space(c)) {
      if (const std::size_t j = form_bit::spaced_separators.find(static_cast<char>(prev)); j != std::string_view::npos)
        emit(form_bit::space_first + 2 * static_cast<unsigned>(j) + 1, at - 1, 2);
    }
    prev = c;
    if (!is_space(c)) solid = c;
  }

  // A header value the parser found after a fold that follows HCOLON at once
  // ("Server: \r\n Polycom"): the value starts after that whitespace, and
  // the bytes before it, back to the colon, tell (only for a header's value,
  // whose name and colon come before it; `room`: the bytes of the message
  // before the value, never read past).
  void leading(std::size_t room) noexcept {
    const char* p = v.data();
    const char* const lo = p - room;  // the message's first byte
    bool broken = false, tab = false;
    for (; p > lo && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\r' || p[-1] == '\n'); --p) {
      broken = broken || p[-1] == '\r' || p[-1] == '\n';
      tab = tab || (p[-1] == '\t' && !broken);
    }
    if (!broken) return;
    emit(form_bit::fold, 0, 0);
    emit(form_bit::fold_after_separator, 0, 0);
    if (tab) emit(form_bit::fold_tab, 0, 0);
  }

  void finish() noexcept {
    if (cr_open) emit(form_bit::bare_cr, cr_at, 1);
    if (in_indent) emit(form_bit::fold_empty, indent_at, v.size() - indent_at);
    if (!v.empty() && is_space(prev)) emit(form_bit::trailing_space, v.size() - 1, 1);
  }
};

}  // namespace

bool rare_form(std::uint32_t seen, std::uint32_t messages) noexcept {
  return score_profile::rule_weight_for(seen, messages, 1.0f) > 0;
}

std::uint64_t value_forms(std::string_view value, std::size_t header_offset) noexcept {
  std::uint64_t bits = 0;
  auto emit = [&](unsigned bit, std::size_t, std::size_t) { bits |= std::uint64_t{1} << bit; };
  form_walk<decltype(emit)> w{value, emit};
  if (header_offset) w.leading(header_offset);
  for_each_symbol(value, [&](std::uint8_t c, std::size_t at, std::size_t len) { w.step(c, at, len); });
  w.finish();
  return bits;
}

bool body_form(const message_view& m, std::uint32_t& key) noexcept {
  const std::string_view body = m.body();
  header_view ct;
  if (body.empty() || !m.find(header_id::content_type, ct)) return false;
  std::string_view type = m.value(header_id::content_type);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
  std::uint32_t classes = 0;
  unsigned symbols = 0;
  for_each_symbol(body.substr(0, 32), [&](std::uint8_t c, std::size_t, std::size_t) {
    if (symbols < 3) classes = classes << 8 | c;
    ++symbols;
  });
  key = static_cast<std::uint32_t>(name_hash(type, true) ^ (std::uint64_t{classes} * 0x9E3779B97F4A7C15ull >> 32));
  return true;
}

// A body its Content-Type does not describe the way training's did: weighs as
// an unseen number shape, by how many (type, body) forms training's bodies
// took (Good–Turing, see above).
void body_feature(const message_view& m, const score_profile& p, collector& out) noexcept {
  std::uint32_t key;
  const float max_weight = p.weight(score_feature::value_shape);
  if (p.bodies() == 0 || max_weight <= 0 || !body_form(m, key) || p.body_form_seen(key)) return;
  const float w = score_profile::rule_weight_for(static_cast<std::uint32_t>(p.body_form_count()), p.bodies(), max_weight);
  header_view ct;
  if (w <= 0 || !m.find(header_id::content_type, ct)) return;
  const std::string_view v = m.value(header_id::content_type);
  const std::size_t semi = v.find(';');
  out.add(score_feature::value_shape, header_id::content_type, ct.index, offset_in(m.raw(), v),
          static_cast<std::uint32_t>(semi == std::string_view::npos ? v.size() : semi), w / max_weight);
}

float shape_weight(const score_profile& p, std::size_t slot) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  const float max_weight = p.weight(score_feature::value_shape);
  if (!p.shapes_learned() || s.numbers == 0 || max_weight <= 0) return 0;
  return score_profile::rule_weight_for(static_cast<std::uint32_t>(s.shapes.count()), s.numbers, max_weight);
}

void shape_features(const score_profile& p, std::size_t slot, header_id h, std::uint16_t row, std::uint32_t base,
                    std::string_view value, collector& out) noexcept {
  const score_profile::slot_stats& s = p.slot(slot);
  const float max_weight = p.weight(score_feature::value_shape);
  if (s.messages == 0 || max_weight <= 0) return;
  const bool numbers = p.shapes_learned(), forms = p.forms_learned() && s.rare_forms != 0;
  if (!numbers && !forms) return;
  float scale = -1;  // the slot's number weight over the feature's, once there is an unseen shape
  // The rarest form of the value is its evidence (one a value: the forms of one
  // odd value are not independent), weighing as a rule seen on as many of the
  // header's messages as its own count, or as the rare forms of its kind
  // together when more: where values often show one rare escape or another,
  // none surprises.
  std::uint32_t rarest = 0xFFFFFFFFu;
  std::size_t rarest_at = 0, rarest_len = 0;
  auto emit = [&](unsigned bit, std::size_t at, std::size_t len) {
    if (!((s.rare_forms >> bit) & 1)) return;
    const std::uint32_t seen = std::max(s.forms[bit], s.rare_kind[form_kind(bit)]);
    if (seen >= rarest) return;
    rarest = seen;
    rarest_at = at;
    rarest_len = len ? len : 1;
  };
  form_walk<decltype(emit)> w{value, emit};
  if (forms && slot != score_profile::start_line_slot) w.leading(base);
  for_each_symbol(value, [&](std::uint8_t c, std::size_t at, std::size_t len) {
    if (forms) w.step(c, at, len);
    if (c != '0' || !numbers || s.shapes[number_shape(value.substr(at, len))]) return;
    if (scale < 0) scale = shape_weight(p, slot) / max_weight;
    if (scale <= 0) return;
    out.add(score_feature::value_shape, h, row, base + static_cast<std::uint32_t>(at), static_cast<std::uint32_t>(len),
            scale);
  });
  if (!forms) return;
  w.finish();
  if (rarest == 0xFFFFFFFFu) return;
  const float weight = score_profile::rule_weight_for(rarest, s.messages, max_weight);
  if (weight > 0)
    out.add(score_feature::value_shape, h, row, base + static_cast<std::uint32_t>(rarest_at),
            static_cast<std::uint32_t>(rarest_len), weight / max_weight);
}

}  // namespace sipspan::score_detail
