"""Family numeric_range: numbers past their range or with a sign. The grammar's numbers
are 1*DIGIT (§25.1) and the prose bounds them (CSeq < 2**31, §8.1.1.5; a port fits 16
bits; Expires < 2**32, §20.19; Status-Code = 3DIGIT, §7.2); parsers read them with
atoi/strtol into int, int16 or uint32 and wrap, saturate, accept a sign, or reject."""
from .message import Edit, StartLine, digits_span, pick, port_span, via_sent_by

FAMILY = "numeric_range"


def _append_zeros(n, limit):
    """How many zeros to append to n so that it exceeds limit (n > 0)."""
    k = 0
    while n * 10 ** k <= limit:
        k += 1
    return k


def cseq_past_2_31(rng, msg, hs, avoid):
    """A CSeq number past 2**31 - 1 (`CSeq: 3141590000 INVITE`): §8.1.1.5 bounds it
    below 2**31, the grammar (CSeq = 1*DIGIT LWS Method, §25.1) does not. A signed 32-bit
    reader wraps it negative, a 64-bit one keeps it: the two disagree on ordering and
    retransmission matching."""
    h = pick(rng, hs, ["CSeq"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, e = digits_span(msg, h)
    n = int(msg[s:e])
    if n == 0:
        return Edit(s, e, b"2147483648", "CSeq")
    return Edit(e, e, b"0" * _append_zeros(n, 2 ** 31 - 1), "CSeq")


def port_past_65535(rng, msg, hs, avoid):
    """A port past 65535 in a Via sent-by or a Contact URI (`host:95060`): port = 1*DIGIT
    (§25.1); a 16-bit reader truncates 95060 to 29524, another rejects, a third keeps
    it, so responses and requests go to different places."""
    def spot(h):
        if h.canonical == "Via":
            sb = via_sent_by(msg, h)
            return sb[1] if sb else None
        return port_span(msg, h.value_start, h.value_end)
    h = pick(rng, hs, ["Via", "Contact"], avoid, spot)
    if not h:
        return None
    s, _ = spot(h)
    return Edit(s, s, b"9", h.canonical)


def max_forwards_signed(rng, msg, hs, avoid):
    """A sign before the Max-Forwards number (`Max-Forwards: -1`, `+70`). Max-Forwards =
    1*DIGIT (§20.22): strtol accepts the sign, so `-1` loops forever past a proxy that
    only decrements and tests for zero."""
    h = pick(rng, hs, ["Max-Forwards"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, e = digits_span(msg, h)
    if rng.random() < 0.5:
        return Edit(s, e, b"-1", "Max-Forwards")
    return Edit(s, s, b"+", "Max-Forwards")


def _before_digits(rng, msg, hs, avoid, choices):
    h = pick(rng, hs, ["Content-Length"], avoid, lambda h: digits_span(msg, h))
    if not h:
        return None
    s, _ = digits_span(msg, h)
    return Edit(s, s, rng.choice(choices), "Content-Length")


def content_length_signed(rng, msg, hs, avoid):
    """A sign before the Content-Length (`Content-Length: +229`). Content-Length =
    1*DIGIT (§20.14): strtol reads the same size, a strict parser rejects the field and
    frames by the datagram instead."""
    return _before_digits(rng, msg, hs, avoid, [b"+", b"-0", b"+0"])


def content_length_leading_zeros(rng, msg, hs, avoid):
    """Leading zeros in the Content-Length (`Content-Length: 00229`). Legal (1*DIGIT,
    §20.14), but a reader that takes a leading 0 for octal (strtol base 0) gets another
    size; 08/09 stop it at the first digit."""
    return _before_digits(rng, msg, hs, avoid, [b"0", b"00", b"000"])


def _expires_digits(msg, h):
    """The digits of an Expires-like value, or of a Contact's or Subscription-State's
    `expires=` parameter, as (start, end), or None."""
    if h.canonical in ("Expires", "Min-Expires", "Session-Expires"):
        return digits_span(msg, h)
    at = msg.find(b"expires=", h.value_start, h.value_end)
    if at < 0:
        return None
    s = e = at + 8
    while e < h.value_end and 0x30 <= msg[e] <= 0x39:
        e += 1
    return (s, e) if e > s else None


def expires_past_2_32(rng, msg, hs, avoid):
    """An expiry past 2**32 - 1 (`Expires: 36000000000`, `;expires=36000000000`): §20.19
    and §10.2.1.1 bound delta-seconds to 32 bits, the grammar does not. uint32 readers
    wrap it to a short or zero lifetime (an unregister), others saturate."""
    h = pick(rng, hs, ["Expires", "Min-Expires", "Session-Expires", "Contact", "Subscription-State"], avoid,
             lambda h: _expires_digits(msg, h))
    if not h:
        return None
    s, e = _expires_digits(msg, h)
    n = int(msg[s:e])
    if n == 0:
        return Edit(s, e, b"4294967296", h.canonical)
    return Edit(e, e, b"0" * _append_zeros(n, 2 ** 32 - 1), h.canonical)


def status_code_four_digits(rng, msg, hs, avoid):
    """A four-digit Status-Code (`SIP/2.0 2000 OK`): Status-Code = 3DIGIT (§7.2,
    §25.1). atoi reads 2000 (a class past 6xx), a fixed-width reader 200."""
    sl = StartLine(msg)
    if sl.request or not sl.status or sl.status[1] - sl.status[0] != 3:
        return None
    e = sl.status[1]
    return Edit(e, e, rng.choice([b"0", b"9", b"1"]), "start-line")


TRANSFORMS = [cseq_past_2_31, port_past_65535, max_forwards_signed, content_length_signed,
              content_length_leading_zeros, expires_past_2_32, status_code_four_digits]
# 1*DIGIT admits these: the bound is in the prose only
LEGAL = {"cseq_past_2_31", "port_past_65535", "content_length_leading_zeros", "expires_past_2_32"}
