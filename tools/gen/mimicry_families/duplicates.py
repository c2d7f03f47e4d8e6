"""Family header_duplication: a header that must appear once appearing twice, or a
second row of a list header that a parser reading only the first never checks.
Single-valued headers appear once (§7.3.1); which copy an element keeps, first or
last, differs between stacks."""
from .message import Edit, body_of, new_line, pick

FAMILY = "header_duplication"


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


def singleton_repeated_one_byte_off(rng, msg, hs, avoid):
    """The Call-ID or From row repeated with one character changed, right below the first. Call-ID
    is single-valued (§20.8): first-wins and last-wins parsers put the message in
    different dialogs."""
    h = pick(rng, hs, ["Call-ID", "From"], avoid, lambda h: h.value_end - h.value_start >= 2)
    if not h:
        return None
    row = bytearray(msg[h.start:h.line_end])
    i = h.value_start - h.start + rng.randrange(h.value_end - h.value_start)
    row[i] = ord("1") if row[i] != ord("1") else ord("2")
    return Edit(h.line_end, h.line_end, bytes(row), h.canonical)


TRANSFORMS = [case_variant_duplicate_singleton, second_via_without_sent_protocol, duplicate_to_different_tag,
              singleton_repeated_one_byte_off]
LEGAL = set()
