"""Family lookalike_names: header names that look like a known one and are not, in
ASCII and in Unicode. header-name = token (§25.1), ASCII only, compared
case-insensitively (§7.3.5): humans, log viewers, Unicode-aware trimming and
fuzzy or case-sensitive matchers each read a different header."""
from .message import Edit, insert_inside, pick

FAMILY = "lookalike_names"


def space_in_name(rng, msg, hs, avoid):
    """A space inside a header name (`Conta ct:`, `Vi a:`). field-name is a token
    (RFC 3261 §25.1, `header-name = token`), which has no SP: some parsers cut the name
    at the space, some drop the line, some keep 'Conta ct' as an unknown header."""
    return insert_inside(rng, hs, avoid, lambda h: (h.start, h.name_end), b" ")


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


ASCII_LOOKALIKE = {ord("l"): b"1", ord("I"): b"l", ord("i"): b"l", ord("O"): b"0", ord("o"): b"0",
                   ord("-"): b"_", ord("a"): b"4", ord("S"): b"5", ord("e"): b"3"}


def ascii_lookalike_in_name(rng, msg, hs, avoid):
    """One character of a header name replaced by an ASCII look-alike (`Cal1-ID`,
    `C0ntact`, `Max_Forwards`, `Vla`). Still a token (§25.1), so a legal extension
    header; the real one is gone for a strict parser, present for one that matches
    names loosely (underscore for dash, as HTTP stacks do)."""
    def spots(h):  # compact names are the compact_forms family's
        return h.name_end - h.start > 1 and [i for i in range(h.start, h.name_end) if msg[i] in ASCII_LOOKALIKE]
    h = pick(rng, hs, ["Via", "Contact", "From", "To", "Call-ID", "CSeq", "Content-Length",
                       "Max-Forwards", "Route", "Record-Route", "Content-Type", "Expires"], avoid, spots)
    if not h:
        return None
    at = rng.choice(spots(h))
    return Edit(at, at + 1, ASCII_LOOKALIKE[msg[at]], h.canonical)


def fullwidth_colon(rng, msg, hs, avoid):
    """The colon after a header name replaced by FULLWIDTH COLON U+FF1A (`Via\\uff1a`) or
    preceded by ZERO WIDTH SPACE U+200B. HCOLON is ASCII `:` (§25.1): NFKC-normalizing
    code sees `Via:`, a byte parser a line without a colon."""
    h = pick(rng, hs, None, avoid)
    if not h:
        return None
    if rng.random() < 0.5:
        return Edit(h.colon, h.colon + 1, "\uff1a".encode("utf-8"), h.canonical)
    return Edit(h.name_end, h.name_end, "\u200b".encode("utf-8"), h.canonical)


TRANSFORMS = [space_in_name, utf8_lookalike_in_name, trailing_whitespace_in_name, header_name_case_mix,
              ascii_lookalike_in_name, fullwidth_colon]
LEGAL = {"header_name_case_mix", "ascii_lookalike_in_name"}
