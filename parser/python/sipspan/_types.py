"""The small value objects the extension returns (plain data, no behaviour).

Every offset is a byte offset into the buffer given to parse(), lint() or
score(); text fields are str decoded from UTF-8 with "surrogateescape", so
that ``field.encode("utf-8", "surrogateescape")`` gives back the exact bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


class ParseError(ValueError):
    """A message, header value or profile that cannot be read.

    ``code`` is the stable error name (``bad_sip_version``, ...), ``offset``
    the byte where the input stopped making sense, ``message`` the sentence.
    """

    def __init__(self, message: str, code: str, offset: int):
        super().__init__(f"{code} at byte {offset}: {message}")
        self.message = message
        self.code = code
        self.offset = offset

    def __reduce__(self):  # pickles through Dask
        return (type(self), (self.message, self.code, self.offset))


@dataclass(frozen=True)
class Deviation:
    """A departure from the ABNF that the tolerant scan accepted."""
    kind: str
    offset: int
    length: int
    header_index: Optional[int]
    message: str
    abnf_legal: bool


@dataclass(frozen=True)
class Uri:
    """A SIP, SIPS, tel or other absolute URI (RFC 3261 §19.1, RFC 3966)."""
    raw: str
    scheme: str
    user: Optional[str]
    password: Optional[str]
    host: Optional[str]
    host_kind: str
    port: Optional[int]
    params: dict
    headers: dict
    number: Optional[str]
    opaque: Optional[str]

    @property
    def transport(self) -> Optional[str]:
        return self.params.get("transport")


@dataclass(frozen=True)
class Via:
    """One via-parm (RFC 3261 §20.42)."""
    protocol: str
    transport: str
    host: str
    port: Optional[int]
    branch: Optional[str]
    received: Optional[str]
    rport: Optional[int]
    has_rport: bool
    maddr: Optional[str]
    ttl: Optional[str]
    params: dict


@dataclass(frozen=True)
class NameAddr:
    """From, To, Contact, Route ... (RFC 3261 §20.10, §20.20, §20.39)."""
    display_name: Optional[str]
    uri: str
    angle_brackets: bool
    star: bool
    tag: Optional[str]
    params: dict


@dataclass(frozen=True)
class CSeq:
    number: int
    method: str


@dataclass(frozen=True)
class SdpMedia:
    """One media description (RFC 8866 §5.14)."""
    media: str
    port: int
    port_count: int
    proto: str
    formats: list
    connection: Optional[str]
    attributes: list  # (name, value or None) in order


@dataclass(frozen=True)
class Sdp:
    """A session description (RFC 8866), its structure and the scan's deviations."""
    version: str
    origin: Optional[str]
    session_name: Optional[str]
    connection: Optional[str]
    times: list
    attributes: list  # session-level (name, value or None)
    media: list       # SdpMedia
    deviations: list  # Deviation, offsets in the message


@dataclass(frozen=True)
class Finding:
    """One finding of the validator (`sipspan lint`)."""
    code: str       # SS014
    name: str       # header-name-whitespace
    severity: str   # error | warning | info
    offset: int
    length: int
    line: int
    column: int
    message: str
    rfc: str
    detail: Optional[str]
    header: Optional[str]


@dataclass(frozen=True)
class Reason:
    """One reason of a score, largest contribution first."""
    feature: str
    rule: Optional[str]       # the validator's rule code when feature == "rule"
    rule_name: Optional[str]
    header: str
    offset: int
    length: int
    line: int
    column: int
    contribution: float
    text: str
