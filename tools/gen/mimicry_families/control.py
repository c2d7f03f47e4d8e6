"""Family control_bytes: bytes below 0x20, DEL, and octets past 0x7F where the grammar
has none. No rule of §25.1 admits a CTL in a header (only HTAB as whitespace), TEXT-UTF8
admits UTF-8 only in a few places: C strings stop at NUL, terminals and logs act on
escape sequences, whitespace classes differ on VT and FF."""
from .message import Edit, insert_inside, pick

FAMILY = "control_bytes"


def control_byte_before_colon(rng, msg, hs, avoid):
    """A control byte between the header name and the colon (`To\\x01:`). A token has no
    CTL (§25.1): a parser that trims or skips control bytes reads `To`, an exact one an
    unknown header (or rejects the message). Asterisk's chan_sip took any non-printable
    byte there for whitespace, which let a To header slip past an authenticating proxy
    (AST-2016-009, CVE-2016-9938)."""
    h = pick(rng, hs, None, avoid)
    if not h:
        return None
    return Edit(h.name_end, h.name_end, rng.choice([b"\x01", b"\x02", b"\x1f", b"\x7f"]), h.canonical)


def nul_in_value(rng, msg, hs, avoid):
    """A NUL byte inside a header value. No rule of §25.1 admits it: C-string parsers
    stop at it and see a shorter value, length-based ones keep the rest."""
    return insert_inside(rng, hs, avoid, lambda h: (h.value_start, h.value_end), b"\x00")


def del_or_high_byte_in_value(rng, msg, hs, avoid):
    """A DEL (0x7F) or an octet that starts no UTF-8 sequence (0xFF, 0xC0, 0x80) inside
    a header value. Outside every rule of §25.1 (UTF8-CONT only follows a lead byte):
    decoders replace, drop or reject it, so two views of the value differ."""
    return insert_inside(rng, hs, avoid, lambda h: (h.value_start, h.value_end),
                         rng.choice([b"\x7f", b"\xff", b"\xc0", b"\x80"]))


def vertical_tab_as_space(rng, msg, hs, avoid):
    """A VT, FF or CR where a space stands in a value (`CSeq: 1\\x0bINVITE`). LWS is SP
    and HTAB only (§25.1); C's isspace also takes VT, FF and CR, so a sscanf-based
    parser reads two fields where a grammar-based one sees one."""
    def spots(h):
        return [i for i in range(h.value_start, h.value_end) if msg[i] == 0x20]
    h = pick(rng, hs, None, avoid, spots)
    if not h:
        return None
    at = rng.choice(spots(h))
    return Edit(at, at + 1, rng.choice([b"\x0b", b"\x0c"]), h.canonical)


def escape_sequence_in_value(rng, msg, hs, avoid):
    """An ANSI escape sequence in a free-text value (`User-Agent: \\x1b[2Jphone`,
    Subject, a display name): not TEXT-UTF8 (§25.1); a log viewer or an admin console
    that prints it runs it."""
    h = pick(rng, hs, ["User-Agent", "Server", "Subject", "From", "To", "Organization"], avoid,
             lambda h: h.value_end > h.value_start)
    if not h:
        return None
    return Edit(h.value_start, h.value_start, rng.choice([b"\x1b[2J", b"\x1b]0;", b"\x1b[8m"]), h.canonical)


TRANSFORMS = [control_byte_before_colon, nul_in_value, del_or_high_byte_in_value, vertical_tab_as_space,
              escape_sequence_in_value]
LEGAL = set()
