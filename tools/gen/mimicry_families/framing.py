"""Family content_length: games with the body's size. Content-Length = 1*DIGIT, the
body's size in octets (§20.14); on streams it alone frames the message, on datagrams
it must not exceed the datagram (§18.3). Parsers that read it differently cut the
body, or the next message, at different bytes (request smuggling)."""
from .message import Edit, body_of, digits_span, new_line, pick

FAMILY = "content_length"


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


def content_length_space_inside(rng, msg, hs, avoid):
    """A space inside the Content-Length digits (`Content-Length: 2 29`). One 1*DIGIT
    (§20.14): atoi reads 2, a strict parser rejects it, one that drops spaces reads
    229."""
    h = pick(rng, hs, ["Content-Length"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, e = digits_span(msg, h)
    if e - s < 2:
        return Edit(s, s, rng.choice([b"0 ", b"1 "]), "Content-Length")
    at = s + 1 + rng.randrange(e - s - 1)
    return Edit(at, at, b" ", "Content-Length")


def content_length_hex_prefix(rng, msg, hs, avoid):
    """A `0x` before the Content-Length (`Content-Length: 0x229`): atoi reads 0,
    strtol(..., 0) 553, a strict parser rejects the field (§20.14)."""
    h = pick(rng, hs, ["Content-Length"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, _ = digits_span(msg, h)
    return Edit(s, s, rng.choice([b"0x", b"0X"]), "Content-Length")


def content_length_wraps_32(rng, msg, hs, avoid):
    """A Content-Length of the body's size plus 2**32 (`Content-Length: 4294967525` for
    229 bytes). Legal digits (§20.14): a 32-bit reader frames the same body as the
    truth, a 64-bit one waits for 4 GiB or rejects, a saturating one takes the
    maximum."""
    h = pick(rng, hs, ["Content-Length"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, e = digits_span(msg, h)
    return Edit(s, e, b"%d" % (int(msg[s:e]) + 2 ** 32), "Content-Length")


def content_length_repeated_equal(rng, msg, hs, avoid):
    """A second, equal Content-Length row with a compact name and no space (`l:229`)
    beside the long one: the same value twice is no conflict for a last-wins parser and
    a repeated singleton (§7.3.1) for a strict one."""
    h = pick(rng, hs, ["Content-Length"], set(), lambda h: digits_span(msg, h))
    if not h:
        return None
    s, e = digits_span(msg, h)
    name = b"Content-Length" if h.name_end - h.start == 1 else b"l"
    return Edit(h.line_end, h.line_end, name + b":" + msg[s:e] + b"\r\n", "Content-Length")


TRANSFORMS = [compact_and_long_content_length, content_length_off_by, content_length_space_inside,
              content_length_hex_prefix, content_length_wraps_32, content_length_repeated_equal]
LEGAL = {"content_length_wraps_32"}
