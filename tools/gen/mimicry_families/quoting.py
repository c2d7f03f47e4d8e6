"""Family quoting_brackets: quotes and brackets that do not balance. quoted-string =
SWS DQUOTE *(qdtext / quoted-pair) DQUOTE, name-addr = [display-name] LAQUOT addr-spec
RAQUOT, IPv6reference = "[" IPv6address "]" (§25.1). A parser that scans for the
closing byte and one that stops at the next separator disagree on where a URI, a
display name or a parameter ends."""
from .message import Edit, NAME_ADDR, host_span, outside_quotes, pick

FAMILY = "quoting_brackets"


def unbalanced_quote_display_name(rng, msg, hs, avoid):
    """A display name whose quoted-string is never closed (`From: "Alice <sip:...>`). The
    quoted-string rule (§25.1) needs the closing DQUOTE: a parser scanning for it eats
    the URI and the parameters, another stops at `<`."""
    names = ["From", "To", "Contact", "P-Asserted-Identity"]
    h = pick(rng, hs, names, avoid, lambda h: h.value(msg).startswith(b'"'))
    if h:
        close = _closing_quote(h.value(msg))
        if close > 0:
            at = h.value_start + close
            return Edit(at, at + 1, b"", h.canonical)
    h = pick(rng, hs, names, avoid, lambda h: h.value(msg).startswith(b"<"))
    if not h:
        return None
    return Edit(h.value_start, h.value_start, b'"', h.canonical)


def unbalanced_angle(rng, msg, hs, avoid):
    """A name-addr without its closing `>` (`To: <sip:bob@example.com;tag=1`). §25.1's
    name-addr needs RAQUOT: parsers disagree on whether the tag is a URI or a header
    parameter, or reject it."""
    h = pick(rng, hs, NAME_ADDR, avoid, lambda h: outside_quotes(h.value(msg), 0x3E))
    if not h:
        return None
    at = h.value_start + outside_quotes(h.value(msg), 0x3E)[-1]
    return Edit(at, at + 1, b"", h.canonical)


def _closing_quote(v):
    """Offset of the DQUOTE that closes a display name opening v, or -1."""
    i = 1
    while i < len(v):
        if v[i] == 0x5C:
            i += 2
            continue
        if v[i] == 0x22:
            return i
        i += 1
    return -1


def escaped_closing_quote(rng, msg, hs, avoid):
    """A backslash before the closing quote of a display name (`"Alice\\" <sip:...>`):
    the quoted-pair escapes the DQUOTE (§25.1), so the string runs on through the URI;
    a parser that does not know quoted-pair closes it there, one that skips the byte
    after every backslash without a bound reads past the value (belle-sip,
    CVE-2021-43611)."""
    names = ["From", "To", "Contact", "P-Asserted-Identity", "Remote-Party-ID"]
    h = pick(rng, hs, names, avoid, lambda h: h.value(msg).startswith(b'"') and _closing_quote(h.value(msg)) > 0)
    if not h:
        return None
    at = h.value_start + _closing_quote(h.value(msg))
    return Edit(at, at, b"\\", h.canonical)


def extra_closing_angle(rng, msg, hs, avoid):
    """A second `>` after a name-addr's URI (`<sip:a@h>>;tag=1`). RAQUOT closes once
    (§25.1): the rest of the value is junk to a strict parser and the tag lost; a
    lenient one skips it."""
    h = pick(rng, hs, NAME_ADDR, avoid, lambda h: outside_quotes(h.value(msg), 0x3E))
    if not h:
        return None
    at = h.value_start + outside_quotes(h.value(msg), 0x3E)[-1]
    return Edit(at, at, b">", h.canonical)


def angle_inside_uri(rng, msg, hs, avoid):
    """A `<` or a DQUOTE inside a name-addr's URI (`<sip:al<ice@h>`). Neither is in a
    URI's grammar (§25.1): parsers that look for the last `<` or the first `>`, or
    that start a quoted-string, see different URIs."""
    def spot(h):
        v = h.value(msg)
        lt, gt = outside_quotes(v, 0x3C), outside_quotes(v, 0x3E)
        return (h.value_start + lt[0] + 5, h.value_start + gt[-1]) if lt and gt and gt[-1] - lt[0] > 6 else None
    h = pick(rng, hs, NAME_ADDR, avoid, spot)
    if not h:
        return None
    lo, hi = spot(h)
    at = lo + rng.randrange(hi - lo)
    return Edit(at, at, rng.choice([b"<", b'"']), h.canonical)


def unbalanced_ipv6_bracket(rng, msg, hs, avoid):
    """An IPv6 reference without its `]` (`[2001:db8::1:5060`) or an IPv4 host with a
    lone `[`. IPv6reference needs both brackets (§25.1): without them the port merges
    into the address for one parser and is split off by another."""
    def spot(h):
        sp = host_span(msg, h.value_start, h.value_end)
        if not sp and h.canonical == "Via":
            v = h.value(msg)
            s = v.find(b" ")
            sp = (h.value_start + s + 1, h.value_start + s + 2) if s > 0 else None
        return sp
    h = pick(rng, hs, ["Via", "Contact", "From", "To", "Route", "Record-Route"], avoid, spot)
    if not h:
        return None
    s, e = spot(h)
    if msg[s] == 0x5B:
        close = msg.find(b"]", s, h.value_end)
        return Edit(close, close + 1, b"", h.canonical) if close > 0 else None
    return Edit(s, s, b"[", h.canonical)


def scheme_less_uri(rng, msg, hs, avoid):
    """A `/` right after a name-addr's `<` (`To: </sip:bob@h>`): an absoluteURI needs a
    scheme (§25.1, RFC 3986 §3), so this is a relative reference with none; a parser
    that takes any URI between the brackets and then compares its scheme dereferences
    nothing (belle-sip, CVE-2021-33056), a strict one rejects the field."""
    h = pick(rng, hs, NAME_ADDR, avoid, lambda h: outside_quotes(h.value(msg), 0x3C))
    if not h:
        return None
    at = h.value_start + outside_quotes(h.value(msg), 0x3C)[0] + 1
    return Edit(at, at, b"/", h.canonical)


TRANSFORMS = [unbalanced_quote_display_name, unbalanced_angle, escaped_closing_quote, extra_closing_angle,
              angle_inside_uri, unbalanced_ipv6_bracket, scheme_less_uri]
LEGAL = set()
