"""Family compact_forms: compact header names (§7.3.3, §20: `v` Via, `f` From, `t` To,
`i` Call-ID, `m` Contact, `l` Content-Length, `c` Content-Type, `k` Supported, ...)
with the letter swapped for another header's, an unassigned one, or another case. A
parser that knows fewer compact forms, or maps them differently, reads other headers."""
from .message import COMPACT, Edit, pick

FAMILY = "compact_forms"

LETTER = {v: k for k, v in COMPACT.items()}
# pairs of headers whose compact letters a swap exchanges (§7.3.3's table)
SWAP = {"From": b"t", "To": b"f", "Content-Type": b"e", "Content-Length": b"c", "Contact": b"r",
        "Supported": b"u"}
# one letter next to the right one, assigned to nothing in the IANA registry
UNASSIGNED = {"Via": b"w", "From": b"g", "Call-ID": b"h", "Contact": b"q", "Content-Length": b"p",
              "Content-Type": b"z", "To": b"q", "Supported": b"z", "Subject": b"p", "Event": b"p"}


def _short(h):
    return h.name_end - h.start == 1


def compact_letter_swap(rng, msg, hs, avoid):
    """A header written with another header's compact letter: From as `t:`, To as `f:`,
    Content-Type as `e:`, Contact as `r:`. Each name is legal (§7.3.3), the message has
    two To or no From for every parser, but a parser missing some compact forms keeps
    the original reading."""
    h = pick(rng, hs, list(SWAP), avoid)
    if not h:
        return None
    return Edit(h.start, h.name_end, SWAP[h.canonical], h.canonical)


def compact_unassigned_letter(rng, msg, hs, avoid):
    """A header written with an unassigned compact letter next to its own (`w:` for Via,
    `h:` for Call-ID, `g:` for From). A token, so a legal extension header (§25.1): the
    real header is missing for every conforming parser, a typo-tolerant one maps it
    back."""
    h = pick(rng, hs, list(UNASSIGNED), avoid)
    if not h:
        return None
    return Edit(h.start, h.name_end, UNASSIGNED[h.canonical], h.canonical)


def compact_upper_case(rng, msg, hs, avoid):
    """A compact name in upper case (`V:`, `I:`, `L:`). Names are case-insensitive
    (§7.3.5), compact ones too; parsers that switch on the lower-case letter byte do
    not know it."""
    h = pick(rng, hs, list(LETTER), avoid)
    if not h:
        return None
    new = LETTER[h.canonical].upper().encode()
    return Edit(h.start, h.name_end, new, h.canonical) if h.name(msg) != new else None


TRANSFORMS = [compact_letter_swap, compact_unassigned_letter, compact_upper_case]
# a swap leaves two To (or two of another single-valued header, §7.3.1): not legal
LEGAL = {"compact_unassigned_letter", "compact_upper_case"}
