#!/usr/bin/env python3
"""Mimicry attacks: benign SIP messages changed by a few bytes so that parsers disagree.

After Marchal et al., IEEE TNSM 2015: a malicious message that stays within a few
bytes of a normal one, using a corner of the grammar (or just past it) that one
parser reads one way and another parser another way. Each transform below is a
named function; its docstring says what it abuses.

    mimicry.py --in DIR --out DIR [--k K] [--seed S] [--count N] [--ext EXT]

reads the messages of DIR (*.sip and *.msg), applies to each chosen message 1..K
transforms (K = 3 by default; each on a different header where possible) and writes
OUT/NNNNNN.<ext> plus OUT/labels.jsonl, one JSON object a file:
  file, source, label ("attack"), transforms (names), headers (the canonical header
  each transform changed, or "start-line"), offsets (where each edit starts in the
  output), lengths (how many bytes each edit wrote there), legal (true when every
  transform stays inside RFC 3261's grammar), edit_distance (byte Levenshtein
  distance between source and output).
The same seed and input give the same bytes.
"""
import argparse
import json
import os
import random
import sys

# --------------------------------------------------------------------------- header index

LONG_NAMES = [
    "Accept", "Accept-Encoding", "Accept-Language", "Alert-Info", "Allow", "Allow-Events",
    "Authentication-Info", "Authorization", "Call-ID", "Call-Info", "Contact",
    "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length",
    "Content-Type", "CSeq", "Date", "Error-Info", "Event", "Expires", "From", "In-Reply-To",
    "Max-Forwards", "Min-Expires", "Min-SE", "MIME-Version", "Organization",
    "P-Access-Network-Info", "P-Asserted-Identity", "P-Associated-URI", "P-Called-Party-ID",
    "P-Charging-Function-Addresses", "P-Charging-Vector", "P-Preferred-Identity",
    "P-Visited-Network-ID", "Path", "Priority", "Proxy-Authenticate", "Proxy-Authorization",
    "Proxy-Require", "RAck", "Reason", "Record-Route", "Refer-To", "Referred-By",
    "Remote-Party-ID", "Reply-To", "Require", "Retry-After", "Route", "RSeq",
    "Security-Client", "Security-Server", "Security-Verify", "Server", "Service-Route",
    "Session-Expires", "Subject", "Subscription-State", "Supported", "Timestamp", "To",
    "Unsupported", "User-Agent", "Via", "Warning", "WWW-Authenticate",
]
COMPACT = {"v": "Via", "f": "From", "t": "To", "i": "Call-ID", "m": "Contact",
           "l": "Content-Length", "c": "Content-Type", "k": "Supported", "s": "Subject",
           "o": "Event", "u": "Allow-Events", "r": "Refer-To", "b": "Referred-By",
           "e": "Content-Encoding", "x": "Session-Expires"}
CANONICAL = {n.lower(): n for n in LONG_NAMES}
CANONICAL.update(COMPACT)

SINGLETONS = ["Call-ID", "CSeq", "From", "To", "Max-Forwards", "Content-Type", "Expires"]
LISTS = ["Allow", "Supported", "Accept", "Require", "Allow-Events", "Proxy-Require",
         "Record-Route", "Route", "Path", "P-Asserted-Identity", "Security-Client",
         "Security-Verify", "Accept-Language", "Contact", "Via"]
NAME_ADDR = ["From", "To", "Contact", "Route", "Record-Route", "P-Asserted-Identity", "Path",
             "Refer-To", "Referred-By", "Remote-Party-ID"]
WSP = b" \t"


class Header:
    """One header field in a message: where its name, colon, value and line end are."""

    def __init__(self, start, name_end, colon, value_start, value_end, line_end, canonical):
        self.start, self.name_end, self.colon = start, name_end, colon
        self.value_start, self.value_end, self.line_end = value_start, value_end, line_end
        self.canonical = canonical

    def name(self, msg):
        return msg[self.start:self.name_end]

    def value(self, msg):
        return msg[self.value_start:self.value_end]


def index(msg):
    """The header fields of msg, in order (folded lines joined to their field).
    Lines end at LF (a CR before it is not content); the first empty line ends them."""
    headers = []
    pos = msg.find(b"\n")
    if pos < 0:
        return headers
    pos += 1
    cur = None
    while pos < len(msg):
        nl = msg.find(b"\n", pos)
        if nl < 0:
            break
        end = nl - 1 if nl > pos and msg[nl - 1] == 0x0D else nl
        if end == pos:
            break  # the empty line
        if msg[pos] in WSP:
            if cur is not None:
                cur.value_end, cur.line_end = end, nl + 1
        else:
            colon = msg.find(b":", pos, end)
            if colon < 0:
                cur = None
            else:
                name_end = colon
                while name_end > pos and msg[name_end - 1] in WSP:
                    name_end -= 1
                vs = colon + 1
                while vs < end and msg[vs] in WSP:
                    vs += 1
                key = msg[pos:name_end].decode("latin-1").lower()
                cur = Header(pos, name_end, colon, vs, end, nl + 1, CANONICAL.get(key))
                headers.append(cur)
        pos = nl + 1
    return headers


def body_of(msg):
    i = msg.find(b"\r\n\r\n")
    return msg[i + 4:] if i >= 0 else b""


def pick(rng, headers, names, avoid, test=None):
    """A header whose canonical name is in names (all known ones when None), preferring
    one not in avoid; None when none fits."""
    cands = [h for h in headers if h.canonical and (names is None or h.canonical in names)
             and (test is None or test(h))]
    fresh = [h for h in cands if h.canonical not in avoid]
    pool = fresh or cands
    return rng.choice(pool) if pool else None


def outside_quotes(value, ch):
    """Offsets of byte ch in value outside quoted-strings (and, for ',', outside <>)."""
    out, q, esc, angle = [], False, False, 0
    for i, b in enumerate(value):
        if q:
            if esc:
                esc = False
            elif b == 0x5C:
                esc = True
            elif b == 0x22:
                q = False
            continue
        if b == 0x22:
            q = True
        elif b == 0x3C:
            angle += 1
            if ch == 0x3C:
                out.append(i)
        elif b == 0x3E:
            angle -= 1
            if ch == 0x3E:
                out.append(i)
        elif b == ch and (ch != 0x2C or angle == 0):
            out.append(i)
    return out


class Edit:
    """Replace msg[start:end] with data; `header` is the canonical header changed."""

    def __init__(self, start, end, data, header):
        self.start, self.end, self.data, self.header = start, end, data, header


def new_line(h_name, value):
    return h_name + b": " + value + b"\r\n"


def insert_inside(rng, hs, avoid, span, data):
    """Insert data strictly inside span(h) = (lo, hi) of some header h (not at either end)."""
    h = pick(rng, hs, None, avoid, lambda h: span(h)[1] - span(h)[0] >= 2)
    if not h:
        return None
    lo, hi = span(h)
    at = lo + rng.randrange(1, hi - lo)
    return Edit(at, at, data, h.canonical)


# --------------------------------------------------------------------------- transforms
# Each takes (rng, msg, headers, avoid) and returns an Edit, or None when the message
# has nothing it applies to.


def space_in_name(rng, msg, hs, avoid):
    """A space inside a header name (`Conta ct:`, `Vi a:`). field-name is a token
    (RFC 3261 §25.1, `header-name = token`), which has no SP: some parsers cut the name
    at the space, some drop the line, some keep 'Conta ct' as an unknown header."""
    return insert_inside(rng, hs, avoid, lambda h: (h.start, h.name_end), b" ")


def comma_in_display_name(rng, msg, hs, avoid):
    """A bare comma in the display name of From/To (`From: Alice W,<sip:...>`). From and
    To are single-valued (§7.3.1, §20.20); a parser that splits on commas anyway sees two
    values, one that does not sees one name-addr with an illegal display-name."""
    h = pick(rng, hs, ["From", "To"], avoid, lambda h: outside_quotes(h.value(msg), 0x3C))
    if not h:
        return None
    lt = h.value_start + outside_quotes(h.value(msg), 0x3C)[0]
    if msg[h.value_start:lt].strip():
        return Edit(lt, lt, b",", h.canonical)
    return Edit(lt, lt, rng.choice([b"Alice W,", b"Service,", b"x,"]), h.canonical)


def comma_in_call_id(rng, msg, hs, avoid):
    """A comma in the Call-ID (`Call-ID: abc,@0`). callid = word ["@" word] (§25.1) and
    word has no comma: list-splitting parsers see two Call-IDs, others one odd one, so
    transaction and dialog matching differ."""
    h = pick(rng, hs, ["Call-ID"], avoid)
    if not h:
        return None
    v = h.value(msg)
    at = v.find(b"@")
    at = h.value_start + (at if at > 0 else max(1, len(v) // 2))
    return Edit(at, at, b",", h.canonical)


def compact_via_commas(rng, msg, hs, avoid):
    """A compact Via whose parameters are separated by commas, with a trailing comma
    (`v:SIP/2.0/UDP host:5060,branch=z9hG4bK...,`). Via is a comma list (§20.42), so
    this reads as one Via without a branch and extra, malformed via-parms."""
    h = pick(rng, hs, ["Via"], avoid, lambda h: b";" in h.value(msg))
    if not h:
        return None
    v = msg[h.value_start:h.value_end]
    return Edit(h.start, h.value_end, b"v:" + v.replace(b";", b",") + b",", "Via")


def control_byte_before_colon(rng, msg, hs, avoid):
    """A control byte between the header name and the colon (`To\\x01:`). A token has no
    CTL (§25.1): a parser that trims or skips control bytes reads `To`, an exact one an
    unknown header (or rejects the message)."""
    h = pick(rng, hs, None, avoid)
    if not h:
        return None
    return Edit(h.name_end, h.name_end, rng.choice([b"\x01", b"\x02", b"\x1f", b"\x7f"]), h.canonical)


def case_variant_duplicate_singleton(rng, msg, hs, avoid):
    """A second Call-ID / CSeq / Max-Forwards row with another value, its name in other
    case (`call-ID:`, `cseq:`). Those are single-valued (§7.3.1); names are
    case-insensitive (§7.3.5), so a parser comparing names case-sensitively sees two
    different headers and takes either value."""
    h = pick(rng, hs, ["Call-ID", "CSeq", "Max-Forwards"], avoid)
    if not h:
        return None
    v = h.value(msg)
    if h.canonical == "Call-ID":
        name = rng.choice([b"call-ID", b"CALL-ID", b"Call-Id", b"call-id"])
        value = b"%x@%d.%d.%d.%d" % (rng.getrandbits(40), 192, 0, 2, rng.randrange(1, 255))
    elif h.canonical == "CSeq":
        name = rng.choice([b"cseq", b"CSEQ", b"Cseq", b"cSeq"])
        parts = v.split()
        num = int(parts[0]) if parts and parts[0].isdigit() else 1
        value = b"%d %s" % (num + rng.randrange(1, 1000), parts[-1] if parts else b"INVITE")
    else:
        name = rng.choice([b"max-forwards", b"MAX-FORWARDS", b"Max-forwards"])
        value = b"%d" % rng.choice([0, 1, 69, 255])
    where = rng.choice([h.line_end, hs[-1].line_end])
    return Edit(where, where, new_line(name, value), h.canonical)


def compact_and_long_content_length(rng, msg, hs, avoid):
    """`l:` beside `Content-Length:` with a different value. Both name the same header
    (§7.3.3); a parser that knows only the long form (or only the first occurrence)
    frames the body differently from one that takes the last."""
    h = pick(rng, hs, ["Content-Length"], set())
    if not h:
        return None
    real = len(body_of(msg))
    other = real + rng.choice([-3, -2, -1, 1, 2, 3, 10, 20])
    if other < 0:
        other = real + 5
    name = b"Content-Length" if h.name_end - h.start == 1 else b"l"
    where = rng.choice([h.start, h.line_end])
    return Edit(where, where, new_line(name, b"%d" % other), "Content-Length")


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


LOOKALIKE = {ord("a"): "\u0430", ord("e"): "\u0435", ord("o"): "\u043e", ord("c"): "\u0441",
             ord("p"): "\u0440", ord("x"): "\u0445", ord("i"): "\u0456", ord("C"): "\u0421",
             ord("T"): "\u0422", ord("A"): "\u0410", ord("E"): "\u0415", ord("M"): "\u041c",
             ord("P"): "\u0420", ord("S"): "\u0405", ord("I"): "\u0406"}


def utf8_lookalike_in_name(rng, msg, hs, avoid):
    """A Latin letter of a header name replaced by its Cyrillic look-alike in UTF-8
    (`Vi\\u0430` with U+0430 for `a`, `Cont\\u0430ct`). Not a token character (§25.1):
    humans, log viewers and Unicode-folding parsers read `Via`, byte parsers do not."""
    def spots(h):
        return [i for i in range(h.start, h.name_end) if msg[i] in LOOKALIKE]
    h = pick(rng, hs, ["Via", "Contact", "From", "To", "Call-ID", "CSeq", "Content-Length",
                       "Max-Forwards", "Route", "Record-Route", "P-Asserted-Identity"],
             avoid, lambda h: spots(h))
    if not h:
        h = pick(rng, hs, None, avoid, lambda h: spots(h))
    if not h:
        return None
    at = rng.choice(spots(h))
    return Edit(at, at + 1, LOOKALIKE[msg[at]].encode("utf-8"), h.canonical)


def trailing_whitespace_in_name(rng, msg, hs, avoid):
    """A NO-BREAK SPACE (U+00A0, UTF-8 C2 A0) between the name and the colon
    (`From\\u00a0:`). SP or HTAB there is legal (HCOLON = *( SP / HTAB ) ":", §25.1),
    NBSP is not: Unicode-aware trimming (Python str.strip, Java/.NET) reads `From`, a
    byte parser an illegal name."""
    h = pick(rng, hs, None, avoid)
    if not h:
        return None
    return Edit(h.name_end, h.name_end, b"\xc2\xa0", h.canonical)


def junk_before_start_line(rng, msg, hs, avoid):
    """Bytes before the start line that are not CRLF: a UTF-8 byte-order mark, a line of
    blanks, a NUL. §7.5 lets a receiver ignore CRLFs there, nothing else; lenient
    parsers skip any whitespace or junk, strict ones reject the message."""
    return Edit(0, 0, rng.choice([b"\xef\xbb\xbf", b" \r\n", b"\t\r\n", b"\x00", b"\r\n \r\n"]), "start-line")


def trailing_comma_in_list(rng, msg, hs, avoid):
    """A trailing comma in a list header (`Allow: INVITE,ACK,`). The #rule (§7.3.1)
    needs an element after each comma: some parsers ignore the empty element, others
    reject the header or add an empty value."""
    h = pick(rng, hs, LISTS, avoid)
    if not h:
        return None
    return Edit(h.value_end, h.value_end, b",", h.canonical)


def empty_list_element(rng, msg, hs, avoid):
    """An empty element inside a list (`Supported: timer,,path`). RFC 3261's #rule has no
    null elements (§7.3.1); parsers differ on skipping, keeping or rejecting them."""
    h = pick(rng, hs, LISTS, avoid, lambda h: outside_quotes(h.value(msg), 0x2C))
    if h:
        at = h.value_start + rng.choice(outside_quotes(h.value(msg), 0x2C)) + 1
        return Edit(at, at, b",", h.canonical)
    h = pick(rng, hs, LISTS, avoid)
    if not h:
        return None
    return Edit(h.value_start, h.value_start, b",", h.canonical)


def missing_magic_cookie(rng, msg, hs, avoid):
    """A Via branch without the `z9hG4bK` magic cookie (§8.1.1.7, §20.42): the receiver
    falls back to RFC 2543 transaction matching, which a forged message can exploit to
    hit another transaction."""
    h = pick(rng, hs, ["Via"], set(), lambda h: b"branch=z9hG4bK" in h.value(msg))
    if not h:
        return None
    at = msg.find(b"z9hG4bK", h.value_start, h.value_end)
    return Edit(at, at + 7, b"", "Via")


def unbalanced_quote_display_name(rng, msg, hs, avoid):
    """A display name whose quoted-string is never closed (`From: "Alice <sip:...>`). The
    quoted-string rule (§25.1) needs the closing DQUOTE: a parser scanning for it eats
    the URI and the parameters, another stops at `<`."""
    names = ["From", "To", "Contact", "P-Asserted-Identity"]
    h = pick(rng, hs, names, avoid, lambda h: h.value(msg).startswith(b'"'))
    if h:
        v = h.value(msg)
        close = 1
        while close < len(v):
            if v[close] == 0x5C:
                close += 2
                continue
            if v[close] == 0x22:
                break
            close += 1
        if close < len(v):
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


def content_length_off_by(rng, msg, hs, avoid):
    """Content-Length one to three bytes off the body's size (§18.3, §20.14): a datagram
    parser truncates the body or reads past it, a stream parser frames the next message
    from the wrong byte (request smuggling)."""
    h = pick(rng, hs, ["Content-Length"], set(), lambda h: h.value(msg).strip().isdigit())
    if not h:
        return None
    n = int(h.value(msg))
    d = rng.randrange(1, 4)
    if n - d >= 0 and rng.random() < 0.5:
        d = -d
    return Edit(h.value_start, h.value_end, b"%d" % (n + d), "Content-Length")


def second_via_without_sent_protocol(rng, msg, hs, avoid):
    """A Via without its sent-protocol (`Via: 192.0.2.9:5060;branch=z9hG4bK...`) below
    the top one. via-parm = sent-protocol LWS sent-by (§20.42): a parser that reads
    only the top Via never sees it, the element routing the response does."""
    h = pick(rng, hs, ["Via"], set())
    if not h:
        return None
    name = msg[h.start:h.name_end]
    value = b"%d.%d.%d.%d:5060;branch=z9hG4bK%x" % (198, 51, 100, rng.randrange(1, 255), rng.getrandbits(32))
    return Edit(h.line_end, h.line_end, new_line(name, value), "Via")


def duplicate_to_different_tag(rng, msg, hs, avoid):
    """A second To with a different tag. To is single-valued (§7.3.1, §20.39): which one a
    parser keeps decides which dialog the message belongs to."""
    h = pick(rng, hs, ["To"], set())
    if not h:
        return None
    v = h.value(msg)
    tag = b"%x" % rng.getrandbits(32)
    i = v.find(b";tag=")
    v2 = v[:i] + b";tag=" + tag if i >= 0 else v + b";tag=" + tag
    name = msg[h.start:h.name_end]
    where = rng.choice([h.line_end, hs[-1].line_end])
    return Edit(where, where, new_line(name, v2.replace(b"\r\n", b"")), "To")


def nul_in_value(rng, msg, hs, avoid):
    """A NUL byte inside a header value. No rule of §25.1 admits it: C-string parsers
    stop at it and see a shorter value, length-based ones keep the rest."""
    return insert_inside(rng, hs, avoid, lambda h: (h.value_start, h.value_end), b"\x00")


def header_name_case_mix(rng, msg, hs, avoid):
    """A header name in mixed case (`cALL-iD`, `vIA`). Legal: names are case-insensitive
    (§7.3.5), but exact-match parsers and signatures written for `Call-ID` miss it."""
    h = pick(rng, hs, None, avoid, lambda h: any(chr(c).isalpha() for c in msg[h.start:h.name_end]))
    if not h:
        return None
    old = msg[h.start:h.name_end]
    letters = [i for i, c in enumerate(old) if chr(c).isalpha()]
    new = bytearray(old)
    for i in letters:
        if rng.random() < 0.5:
            new[i] = ord(chr(new[i]).swapcase())
    if bytes(new) == old:
        i = rng.choice(letters)
        new[i] = ord(chr(new[i]).swapcase())
    return Edit(h.start, h.name_end, bytes(new), h.canonical)


TRANSFORMS = [space_in_name, comma_in_display_name, comma_in_call_id, compact_via_commas,
              control_byte_before_colon, case_variant_duplicate_singleton,
              compact_and_long_content_length, lf_only_line, tab_fold_inside_token,
              utf8_lookalike_in_name, trailing_whitespace_in_name, junk_before_start_line,
              trailing_comma_in_list, empty_list_element, missing_magic_cookie,
              unbalanced_quote_display_name, unbalanced_angle, content_length_off_by,
              second_via_without_sent_protocol, duplicate_to_different_tag, nul_in_value,
              header_name_case_mix]
BY_NAME = {t.__name__: t for t in TRANSFORMS}
# Transforms whose result stays inside RFC 3261's grammar.
LEGAL = {"header_name_case_mix"}
# Applied after the others: they move the start line or the end of headers.
LAST = {"junk_before_start_line": 1}


# --------------------------------------------------------------------------- applying


def apply(rng, msg, names):
    """Apply the named transforms in turn. Returns (bytes, applied) where applied is a
    list of (name, header, offset, length) with offsets in the final output."""
    applied = []
    avoid = set()
    for name in sorted(names, key=lambda n: LAST.get(n, 0)):
        e = BY_NAME[name](rng, msg, index(msg), avoid)
        if e is None:
            continue
        msg = msg[:e.start] + e.data + msg[e.end:]
        delta = len(e.data) - (e.end - e.start)
        moved = []
        for (n, h, off, ln) in applied:
            if off >= e.end:
                off += delta  # the edit lies before the earlier one
            elif off >= e.start:
                off = e.start  # the earlier edit's first bytes were replaced
            elif e.start < off + ln:
                ln = max(0, ln + delta)  # the edit lies inside the earlier one
            moved.append((n, h, off, ln))
        applied = moved + [(name, e.header, e.start, len(e.data))]
        avoid.add(e.header)
    return msg, applied


def apply_one(rng, msg, name):
    """Apply one transform; (bytes, (name, header, offset, length)) or (msg, None)."""
    out, applied = apply(rng, msg, [name])
    return out, (applied[0] if applied else None)


def edit_distance(a, b):
    """Levenshtein distance between byte strings a and b (insert, delete, substitute,
    each cost 1). The common prefix and suffix are dropped, then a band of width w
    around the diagonal is computed, doubling w until the answer is inside the band
    (Ukkonen): O((n + m) * d) for a distance d."""
    i = 0
    n, m = len(a), len(b)
    while i < n and i < m and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and j < m - i and a[n - 1 - j] == b[m - 1 - j]:
        j += 1
    a, b = a[i:n - j], b[i:m - j]
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return n + m
    w = max(8, abs(n - m) + 1)
    big = n + m + 1
    while True:
        prev = [k if k <= w else big for k in range(m + 1)]
        for x in range(1, n + 1):
            lo, hi = max(1, x - w), min(m, x + w)
            cur = [big] * (m + 1)
            if x <= w:
                cur[0] = x
            ax = a[x - 1]
            for y in range(lo, hi + 1):
                c = prev[y - 1] + (ax != b[y - 1])
                d = prev[y] + 1
                if d < c:
                    c = d
                d = cur[y - 1] + 1
                if d < c:
                    c = d
                cur[y] = c
            prev = cur
        if prev[m] <= w or w >= n + m:
            return prev[m]
        w *= 2


def sources_in(d):
    return sorted(f for f in os.listdir(d) if f.endswith((".sip", ".msg")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--k", type=int, default=3, help="at most this many transforms a message (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, help="messages to write (default: one per input)")
    ap.add_argument("--ext", help="file extension (default: the input files')")
    ap.add_argument("--only", help="comma-separated transform names to draw from (default: all)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    srcs = sources_in(a.inp)
    if not srcs:
        ap.error("no .sip or .msg files in %s" % a.inp)
    pool = [t.__name__ for t in TRANSFORMS]
    if a.only:
        pool = a.only.split(",")
        bad = [n for n in pool if n not in BY_NAME]
        if bad:
            ap.error("unknown transforms: %s" % ", ".join(bad))
    count = a.count if a.count is not None else len(srcs)
    order = list(srcs)
    rng.shuffle(order)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "labels.jsonl"), "w", encoding="utf-8") as labels:
        for n in range(count):
            src = order[n % len(order)]
            with open(os.path.join(a.inp, src), "rb") as f:
                msg = f.read()
            k = rng.randint(1, max(1, min(a.k, len(pool))))
            names = rng.sample(pool, k)
            out, applied = apply(rng, msg, names)
            tries = 0
            while not applied and tries < 5:  # none applied: draw again
                out, applied = apply(rng, msg, rng.sample(pool, k))
                tries += 1
            ext = a.ext or os.path.splitext(src)[1]
            name = "%06d%s" % (n + 1, ext)
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(out)
            rec = {"file": name, "source": src, "label": "attack",
                   "transforms": [x[0] for x in applied], "headers": [x[1] for x in applied],
                   "offsets": [x[2] for x in applied], "lengths": [x[3] for x in applied],
                   "legal": all(x[0] in LEGAL for x in applied),
                   "edit_distance": edit_distance(msg, out)}
            labels.write(json.dumps(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
