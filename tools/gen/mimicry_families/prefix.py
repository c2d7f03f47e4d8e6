"""Family before_start_line: bytes before the start line. §7.5 lets a stream receiver
skip CRLFs there and nothing else; a datagram parser may see them as the start line."""
from .message import Edit, StartLine

FAMILY = "before_start_line"


def junk_before_start_line(rng, msg, hs, avoid):
    """Bytes before the start line that are not CRLF: a UTF-8 byte-order mark, a line of
    blanks, a NUL. §7.5 lets a receiver ignore CRLFs there, nothing else; lenient
    parsers skip any whitespace or junk, strict ones reject the message."""
    return Edit(0, 0, rng.choice([b"\xef\xbb\xbf", b" \r\n", b"\t\r\n", b"\x00", b"\r\n \r\n"]), "start-line")


def crlf_before_start_line(rng, msg, hs, avoid):
    """One or two CRLFs before the start line. Legal on streams (§7.5: "MUST ignore any
    CRLF appearing before the start-line"), a keep-alive (RFC 5626 §3.5.1) on
    datagrams; parsers that take the first line as the start line reject the message."""
    return Edit(0, 0, rng.choice([b"\r\n", b"\r\n\r\n"]), "start-line")


def bare_lf_before_start_line(rng, msg, hs, avoid):
    """A bare LF (or CR) before the start line: not the CRLF §7.5 allows. LF-splitting
    parsers skip an empty line, strict ones reject the message."""
    return Edit(0, 0, rng.choice([b"\n", b"\r"]), "start-line")


def space_before_method(rng, msg, hs, avoid):
    """A space or tab before the method or the version that opens the start line
    (` INVITE sip:...`). Request-Line = Method SP Request-URI SP SIP-Version (§25.1): a
    splitter on SP sees an empty method, a trimming one the right one."""
    if not StartLine(msg).version:
        return None
    return Edit(0, 0, rng.choice([b" ", b"\t"]), "start-line")


LEGAL = {"crlf_before_start_line"}
TRANSFORMS = [junk_before_start_line, crlf_before_start_line, bare_lf_before_start_line, space_before_method]
# applied after the others: they move the whole message
LAST = {name: 1 for name in ("junk_before_start_line", "crlf_before_start_line", "bare_lf_before_start_line",
                             "space_before_method")}
