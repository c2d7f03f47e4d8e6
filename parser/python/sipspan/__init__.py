"""sipspan: zero-copy SIP (RFC 3261) and SDP parsing, the validator and the anomaly scorer.

    import sipspan
    msg = sipspan.parse(data)                 # bytes / bytearray / memoryview, not copied
    msg.via[0].branch, msg.from_.tag, msg.cseq.number, msg.deviations
    sipspan.lint(data, profile="interop")     # [Finding(code="SS014", ...), ...]
    sipspan.score(data).verdict               # "ok" | "alert", with .reasons
    for rec in sipspan.read_capture("calls.pcap"): ...
    df = sipspan.capture_frame("calls.pcap")  # pandas

Scoring many captures on a Dask cluster: sipspan.dask (docs/python.md).
"""
from ._types import (CSeq, Deviation, Finding, NameAddr, ParseError, Reason, Sdp, SdpMedia, Uri, Via)
from ._sipspan import (CaptureScan, Message, capture_messages, capture_ranges, Profile, Score, default_profile, lint, lint_many, load_profile,
                       load_profile_json, parse, parse_uri, rules, score, score_many)
from .capture import CaptureSummary, capture_frame, read_capture, scan_capture


__all__ = [
    "CSeq", "CaptureScan", "CaptureSummary", "capture_messages", "capture_ranges", "Deviation", "Finding", "Message", "NameAddr", "ParseError", "Profile",
    "Reason", "Score", "Sdp", "SdpMedia", "Uri", "Via", "capture_frame", "default_profile", "lint",
    "lint_many", "load_profile", "load_profile_json", "parse", "parse_uri", "read_capture", "rules",
    "scan_capture", "score", "score_many",
]
