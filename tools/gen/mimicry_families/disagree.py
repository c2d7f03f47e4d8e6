"""Family disagreement: headers that contradict the start line or the body. CSeq's
method must equal the request's (§8.1.1.5, §20.16); Content-Type names the body's
format (§20.15); a response's CSeq method names the request answered (§8.2.6.2).
Elements that read one and not the other act on different facts."""
from .message import Edit, StartLine, pick

FAMILY = "disagreement"

METHODS = [b"INVITE", b"ACK", b"BYE", b"CANCEL", b"REGISTER", b"OPTIONS", b"SUBSCRIBE", b"NOTIFY",
           b"MESSAGE", b"INFO", b"UPDATE", b"PRACK", b"REFER", b"PUBLISH"]
# a format for another one of about the same length
TYPE_SWAP = {b"sdp": b"xml", b"plain": b"html", b"dtmf-relay": b"dtmf", b"sipfrag": b"http",
             b"simple-message-summary": b"pidf+xml"}


def _cseq_method(msg, h):
    v = h.value(msg)
    parts = v.split()
    if len(parts) != 2:
        return None
    s = h.value_start + v.rfind(parts[1])
    return s, s + len(parts[1])


def cseq_method_mismatch(rng, msg, hs, avoid):
    """A CSeq method other than the request's (`INVITE sip:...` with `CSeq: 1 BYE`), or
    the same in another case (`CSeq: 1 invite`; methods are case-sensitive, §7.1).
    §8.1.1.5 requires them equal: transaction code keyed on the CSeq method and
    dispatch keyed on the start line handle different requests."""
    sl = StartLine(msg)
    if not sl.request:
        return None
    h = pick(rng, hs, ["CSeq"], avoid, lambda h: _cseq_method(msg, h))
    if not h:
        return None
    s, e = _cseq_method(msg, h)
    old = msg[s:e]
    if rng.random() < 0.4:
        i = rng.randrange(len(old))
        return Edit(s + i, s + i + 1, bytes([old[i] ^ 0x20]), "CSeq")
    same = [m for m in METHODS if m != old and len(m) == len(old)]
    return Edit(s, e, rng.choice(same or [m for m in METHODS if m != old]), "CSeq")


def response_cseq_method_mismatch(rng, msg, hs, avoid):
    """A response whose CSeq names another method than its transaction's
    (`SIP/2.0 200 OK` with `CSeq: 1 BYE` answering an INVITE), one letter changed:
    clients that match responses by branch only and those that also check the method
    (§17.1.3) accept different responses."""
    if StartLine(msg).request:
        return None
    h = pick(rng, hs, ["CSeq"], avoid, lambda h: _cseq_method(msg, h))
    if not h:
        return None
    s, e = _cseq_method(msg, h)
    i = rng.randrange(e - s)
    return Edit(s + i, s + i + 1, bytes([msg[s + i] ^ 0x20]), "CSeq")


def content_type_mismatch(rng, msg, hs, avoid):
    """A Content-Type that does not describe the body (`application/xml` over an SDP
    body, `text/html` over text/plain): §20.15 names the body's format; a proxy that
    inspects by Content-Type and an endpoint that sniffs the body see different things."""
    def spot(h):
        v = h.value(msg)
        sl = v.find(b"/")
        if sl < 0:
            return None
        e = sl + 1
        while e < len(v) and v[e] not in b"; \t":
            e += 1
        sub = v[sl + 1:e].lower()
        return (h.value_start + sl + 1, h.value_start + e, TYPE_SWAP[sub]) if sub in TYPE_SWAP else None
    h = pick(rng, hs, ["Content-Type"], avoid, spot)
    if not h:
        return None
    s, e, new = spot(h)
    return Edit(s, e, new, "Content-Type")


TRANSFORMS = [cseq_method_mismatch, response_cseq_method_mismatch, content_type_mismatch]
LEGAL = {"cseq_method_mismatch", "response_cseq_method_mismatch", "content_type_mismatch"}
