"""Family line_structure: how header lines end and continue. Lines end in CRLF (§7,
§25.1); a value continues on a line that starts with SP or HTAB (LWS = [*WSP CRLF]
1*WSP, §7.3.1), and only where LWS may stand; the first empty line ends the headers.
Parsers accept bare LF or CR, unfold or not, and find the end of headers differently."""
from .message import Edit, outside_quotes, pick

FAMILY = "line_structure"


def lf_only_line(rng, msg, hs, avoid):
    """One header line ending in a bare LF. The ABNF requires CRLF (§7, §25.1); many
    parsers accept LF too, a strict one ends the header there or rejects it."""
    cands = [h for h in hs if h.line_end >= 2 and msg[h.line_end - 2] == 0x0D]
    h = pick(rng, cands, None, avoid)
    if not h:
        return None
    cr = h.line_end - 2
    return Edit(cr, cr + 1, b"", h.canonical)


def tab_fold_inside_token(rng, msg, hs, avoid):
    """A fold (CRLF HTAB) inside a token: the method of CSeq (`INV<CRLF><HT>ITE`), the host of a
    Via or the Call-ID. Folding is legal only where LWS is (§7.3.1), never inside a
    token: unfolding to SP gives `INV ITE`, deleting the fold gives `INVITE`."""
    def spot(h):
        v = h.value(msg)
        if h.canonical == "CSeq":
            parts = v.split()
            if len(parts) == 2 and len(parts[1]) >= 2:
                return h.value_start + v.rfind(parts[1]) + 1 + rng.randrange(len(parts[1]) - 1)
        elif h.canonical == "Via":
            sp = v.find(b" ")
            end = min([i for i in (v.find(b":", sp), v.find(b";", sp)) if i > sp] or [len(v)])
            if sp > 0 and end - sp > 3 and b"[" not in v[sp:end]:
                return h.value_start + sp + 2 + rng.randrange(end - sp - 2)
        elif h.canonical == "Call-ID" and len(v) >= 4 and b"\r" not in v:
            return h.value_start + 1 + rng.randrange(len(v) - 2)
        return None
    h = pick(rng, hs, ["CSeq", "Via", "Call-ID"], avoid, lambda h: spot(h) is not None)
    if not h:
        return None
    at = spot(h)
    return Edit(at, at, b"\r\n\t", h.canonical)


def bare_cr_line_end(rng, msg, hs, avoid):
    """One header line ending in a bare CR (`Max-Forwards: 70\\r` with no LF). Neither
    legal (§7) nor common: a CR-splitting parser sees two lines, an LF-splitting one
    a value with a CR in it that runs into the next header."""
    cands = [h for h in hs if h.line_end >= 2 and msg[h.line_end - 2] == 0x0D]
    h = pick(rng, cands, None, avoid)
    if not h:
        return None
    return Edit(h.line_end - 1, h.line_end, b"", h.canonical)


def fold_after_separator(rng, msg, hs, avoid):
    """A legal fold (CRLF SP or HTAB) after a comma or a semicolon, or after the colon
    (`Via:\\r\\n SIP/2.0/UDP ...`). LWS may stand there (§7.3.1, SEMI = SWS ";" SWS): a
    line-at-a-time parser that does not unfold cuts the value."""
    def spots(h):
        v = h.value(msg)
        out = [h.value_start] if h.value_start > h.colon + 1 else []
        out += [h.value_start + i + 1 for i in outside_quotes(v, 0x2C) + outside_quotes(v, 0x3B)]
        return out
    h = pick(rng, hs, None, avoid, spots)
    if not h:
        return None
    at = rng.choice(spots(h))
    return Edit(at, at, rng.choice([b"\r\n ", b"\r\n\t"]), h.canonical)


def fold_before_colon(rng, msg, hs, avoid):
    """A fold between a header name and its colon (`Subject\\r\\n : x`). HCOLON =
    *( SP / HTAB ) ":" (§25.1) has no CRLF: an unfolding parser reads `Subject :`, a
    line parser a line without a colon and a continuation line."""
    h = pick(rng, hs, None, avoid, lambda h: h.colon == h.name_end)
    if not h:
        return None
    return Edit(h.name_end, h.name_end, b"\r\n ", h.canonical)


def whitespace_only_line(rng, msg, hs, avoid):
    """A line of one space or tab between two header lines. As LWS it continues the
    previous value with nothing (§7.3.1); a parser that trims lines before testing for
    the empty line ends the headers there and takes the rest as body."""
    h = pick(rng, hs, None, avoid, lambda h: h is not hs[-1])
    if not h:
        return None
    return Edit(h.line_end, h.line_end, rng.choice([b" \r\n", b"\t\r\n"]), h.canonical)


def empty_line_inside_headers(rng, msg, hs, avoid):
    """An empty line between two header lines: the headers end there (§7), the rest is
    body. A parser that skips empty lines, or frames by Content-Length first, reads
    the later headers as headers."""
    h = pick(rng, hs, None, avoid, lambda h: h is not hs[-1] and h.canonical != "Content-Length")
    if not h:
        return None
    return Edit(h.line_end, h.line_end, b"\r\n", h.canonical)


TRANSFORMS = [lf_only_line, tab_fold_inside_token, bare_cr_line_end, fold_after_separator, fold_before_colon,
              whitespace_only_line, empty_line_inside_headers]
LEGAL = {"fold_after_separator"}
