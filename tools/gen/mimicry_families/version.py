"""Family version_spelling: other spellings of the protocol version. SIP-Version = "SIP"
"/" 1*DIGIT "." 1*DIGIT (§25.1), case-insensitive as ABNF literals are, sent upper case
(§7.1); Via's sent-protocol has protocol-name / protocol-version as tokens (§20.42).
Parsers compare with strcmp, strcasecmp, a prefix, or a version number."""
from .message import Edit, StartLine, pick

FAMILY = "version_spelling"


def version_lower_case(rng, msg, hs, avoid):
    """The start line's version in lower or mixed case (`sip/2.0`, `Sip/2.0`). The ABNF
    literal is case-insensitive (§7.1 asks for upper case when sending): strcmp readers
    reject or misroute what strcasecmp readers accept."""
    sl = StartLine(msg)
    if not sl.version or msg[sl.version[0]:sl.version[0] + 3] != b"SIP":
        return None
    s = sl.version[0]
    return Edit(s, s + 3, rng.choice([b"sip", b"Sip", b"sIP", b"siP"]), "start-line")


def version_extra_digit(rng, msg, hs, avoid):
    """A version with another digit run (`SIP/2.00`, `SIP/02.0`): 1*DIGIT "." 1*DIGIT
    admits them (§25.1). Is SIP/2.00 SIP/2.0? A string compare says no, a number
    compare yes."""
    sl = StartLine(msg)
    if not sl.version or msg[sl.version[0]:sl.version[1]] != b"SIP/2.0":
        return None
    s, e = sl.version
    return rng.choice([Edit(e, e, b"0", "start-line"), Edit(s + 4, s + 4, b"0", "start-line")])


def version_other_number(rng, msg, hs, avoid):
    """Another version number (`SIP/3.0`, `SIP/1.0`, `SIP/2.1`). Legal syntax; §8.2.1
    answers 505 to an unsupported version, lenient stacks read only the major digit or
    ignore the version."""
    sl = StartLine(msg)
    if not sl.version or msg[sl.version[0]:sl.version[1]] != b"SIP/2.0":
        return None
    s = sl.version[0]
    return rng.choice([Edit(s + 4, s + 5, rng.choice([b"1", b"3"]), "start-line"),
                       Edit(s + 6, s + 7, b"1", "start-line")])


def version_space_inside(rng, msg, hs, avoid):
    """A space inside the start line's version (`SIP /2.0`, `SIP/ 2.0`). SIP-Version
    has no LWS (§25.1): a tokenizer on SP sees four or more fields, a trimming parser
    the right version."""
    sl = StartLine(msg)
    if not sl.version or msg[sl.version[0]:sl.version[1]] != b"SIP/2.0":
        return None
    s = sl.version[0] + rng.choice([3, 4])
    return Edit(s, s, b" ", "start-line")


def via_version_spelling(rng, msg, hs, avoid):
    """Another spelling of Via's sent-protocol (`sip/2.0/UDP`, `SIP/2/UDP`,
    `SIP/2.0.0/UDP`). protocol-name and protocol-version are tokens (§20.42, §25.1), so
    all are syntactically Vias; the response routing code compares them as a string."""
    h = pick(rng, hs, ["Via"], avoid, lambda h: h.value(msg).startswith(b"SIP/2.0/"))
    if not h:
        return None
    s = h.value_start
    return rng.choice([Edit(s, s + 3, b"sip", "Via"), Edit(s + 5, s + 7, b"", "Via"),
                       Edit(s + 7, s + 7, b".0", "Via"), Edit(s + 4, s + 5, b"3", "Via")])


TRANSFORMS = [version_lower_case, version_extra_digit, version_other_number, version_space_inside,
              via_version_spelling]
LEGAL = {"version_lower_case", "version_extra_digit", "version_other_number", "via_version_spelling"}
