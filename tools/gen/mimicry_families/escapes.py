"""Family escapes: percent-escapes where none are expected, and escapes that decode to
something else. `escaped` is legal in a URI's user, password and parameters (§19.1.1,
§25.1: user = 1*( unreserved / escaped / user-unreserved )) and compared unescaped
(§19.1.4), but not in a host, and a method is a token in which `%` is a plain
character: the same bytes mean two things to a decoding and a non-decoding parser."""
from .message import Edit, StartLine, host_span, percent, pick

FAMILY = "escapes"

URI_HEADERS = ["From", "To", "Contact", "Route", "Record-Route", "P-Asserted-Identity"]


def _host(msg, hs, rng, avoid):
    """(header, (start, end)) of a host name to escape: the Request-URI's or a URI's."""
    sl = StartLine(msg)
    if sl.request and rng.random() < 0.5:
        sp = host_span(msg, sl.uri[0], sl.uri[1])
        if sp and msg[sp[0]] != 0x5B:
            return "start-line", sp
    h = pick(rng, hs, URI_HEADERS, avoid, lambda h: host_span(msg, h.value_start, h.value_end))
    if h:
        sp = host_span(msg, h.value_start, h.value_end)
        if msg[sp[0]] != 0x5B:
            return h.canonical, sp
    return None


def percent_escaped_host(rng, msg, hs, avoid):
    """One character of a URI's host percent-escaped (`sip:bob@%62iloxi.com`). host =
    hostname / IPv4address / IPv6reference (§25.1) has no escapes: a decoding parser
    routes to biloxi.com, another to a host that does not exist, a filter on the
    domain misses it."""
    found = _host(msg, hs, rng, avoid)
    if not found:
        return None
    header, (s, e) = found
    at = s + rng.randrange(e - s)
    return Edit(at, at + 1, percent(msg[at]), header)


def percent_escaped_method(rng, msg, hs, avoid):
    """One letter of the method percent-escaped, in the start line or in CSeq
    (`INV%49TE`). A method is a token and `%` a token character (§25.1): it is an
    extension method to a strict parser and INVITE to one that unescapes everything."""
    sl = StartLine(msg)
    h = pick(rng, hs, ["CSeq"], avoid, lambda h: len(h.value(msg).split()) == 2)
    if sl.request and (not h or rng.random() < 0.5):
        s, e = sl.method
        header = "start-line"
    elif h:
        v = h.value(msg)
        s = h.value_start + v.rfind(v.split()[1])
        e = h.value_start + len(v.rstrip())
        header = "CSeq"
    else:
        return None
    at = s + rng.randrange(e - s)
    return Edit(at, at + 1, percent(msg[at]), header)


def percent_escaped_user(rng, msg, hs, avoid):
    """One character of a URI's user part percent-escaped (`sip:%61lice@...`). Legal
    (§19.1.1) and equal to the unescaped URI (§19.1.4), but a string comparison of AORs,
    an ACL or a registrar binding sees another user."""
    def spot(h):
        v = h.value(msg)
        s = v.find(b"sip:")
        at = v.find(b"@", s)
        return (h.value_start + s + 4, h.value_start + at) if 0 <= s < at - 4 else None
    h = pick(rng, hs, URI_HEADERS, avoid, spot)
    if not h:
        return None
    s, e = spot(h)
    at = s + rng.randrange(e - s)
    if msg[at] == 0x25:
        return None
    return Edit(at, at + 1, percent(msg[at]), h.canonical)


def _before_at(rng, msg, hs, avoid):
    """(header, offset) of the `@` ending a sip: URI's user part in a header, or None."""
    def spot(h):
        v = h.value(msg)
        s = v.find(b"sip:")
        at = v.find(b"@", s)
        return h.value_start + at if 0 <= s < at - 4 else None
    h = pick(rng, hs, URI_HEADERS, avoid, spot)
    return (h.canonical, spot(h)) if h else None


def escaped_crlf_in_user(rng, msg, hs, avoid):
    """An escaped CRLF in a URI's user part (`sip:alice%0D%0AX:1@...`). Legal: escaped
    allows any octet (§25.1); an element that unescapes the user and writes it into a
    header of its own (a B2BUA, a log, a Remote-Party-ID) injects a header line."""
    found = _before_at(rng, msg, hs, avoid)
    if not found:
        return None
    header, at = found
    return Edit(at, at, rng.choice([b"%0D%0A", b"%0a", b"%00"]), header)


def percent_escaped_parameter(rng, msg, hs, avoid):
    """A percent-escaped character in a URI parameter name or value (`;transport=%75dp`,
    `;l%72`). Legal (paramchar = param-unreserved / unreserved / escaped, §25.1), but
    an element matching `transport=udp` or `lr` as bytes does not find it."""
    def spots(h):
        v = h.value(msg)
        lo, hi = v.find(b"<"), v.find(b">")
        if lo < 0 or hi < lo:
            return []
        out = []
        for i in range(lo, hi):
            if v[i] == 0x3B:
                j = i + 1
                while j < hi and v[j] not in b";=>":
                    if chr(v[j]).isalpha():
                        out.append(h.value_start + j)
                    j += 1
        return out
    h = pick(rng, hs, ["Contact", "Route", "Record-Route", "From", "To"], avoid, spots)
    if not h:
        return None
    at = rng.choice(spots(h))
    return Edit(at, at + 1, percent(msg[at]), h.canonical)


def truncated_percent_escape(rng, msg, hs, avoid):
    """A `%` followed by fewer than two hex digits at the end of a URI's user part
    (`sip:alice%4@...`, `sip:alice%@...`). escaped = "%" HEXDIG HEXDIG (§25.1): decoders
    that read two bytes past the `%` regardless run past the user part (sofia-sip's
    url_canonize, CVE-2022-31002), others keep the `%` as it is or reject the URI."""
    found = _before_at(rng, msg, hs, avoid)
    if not found:
        return None
    header, at = found
    return Edit(at, at, rng.choice([b"%", b"%4", b"%F"]), header)


TRANSFORMS = [percent_escaped_host, percent_escaped_method, percent_escaped_user, escaped_crlf_in_user,
              percent_escaped_parameter, truncated_percent_escape]
LEGAL = {"percent_escaped_method", "percent_escaped_user", "escaped_crlf_in_user", "percent_escaped_parameter"}
