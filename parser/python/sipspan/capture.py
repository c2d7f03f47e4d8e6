"""Captures from Python: records as the CLI's JSON Lines (docs/capture-record.schema.json),
a pandas DataFrame of them, and the capture summary `sipspan score CAPTURE` prints."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterator, Optional, Tuple

from ._sipspan import CaptureScan, CaptureSummary, Profile

CAPTURE_SUFFIXES = (".pcap", ".pcapng", ".cap")
_MAGICS = (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d", b"\x0a\x0d\x0d\x0a")


def is_capture(path) -> bool:
    """A pcap or pcapng file: by its name, or by its first four bytes (as the CLI decides)."""
    p = str(path)
    if p.endswith(CAPTURE_SUFFIXES):
        return True
    try:
        with open(p, "rb") as f:
            return f.read(4) in _MAGICS
    except OSError:
        return False


def _scan(path, score: bool, lint: bool, profile: Optional[Profile], fpr: float, lint_profile: str,
          top: int, records: bool, sip_ports, range=None) -> CaptureScan:
    path = os.fspath(path)
    if not os.path.exists(path):
        raise FileNotFoundError(path)
    return CaptureScan(path, path, score=score, lint=lint, profile=profile, fpr=fpr,
                       lint_profile=lint_profile, top=top, records=records, sip_ports=list(sip_ports), range=range)


def _drain(scan: CaptureScan) -> list:
    """Every record a scan has left to give."""
    out = []
    while True:
        recs = scan.next(4096)
        if scan.done and not recs:
            return out
        out.extend(recs)


def read_capture(path, *, score: bool = True, lint: bool = False, profile: Optional[Profile] = None,
                 fpr: float = 0.001, lint_profile: str = "strict", sip_ports=(), batch: int = 512) -> Iterator[dict]:
    """Every SIP message of a pcap/pcapng file as a record (a dict with the fields
    of the CLI's JSON Lines records), in capture order, read a batch at a time
    without holding the GIL."""
    scan = _scan(path, score, lint, profile, fpr, lint_profile, 0, True, sip_ports)
    while True:
        recs = scan.next(batch)
        if not recs:
            return
        yield from recs


def scan_capture(path, *, score: bool = True, lint: bool = False, profile: Optional[Profile] = None,
                 fpr: float = 0.001, lint_profile: str = "strict", top: int = 10, records: bool = True,
                 sip_ports=()) -> Tuple[list, CaptureSummary]:
    """(records, summary) of a whole capture; str(summary) is what `sipspan score|lint
    CAPTURE` prints (score when score=True, else lint). records=False keeps only the summary."""
    scan = _scan(path, score, lint, profile, fpr, lint_profile, top, records, sip_ports)
    out = _drain(scan)
    return out, scan.summary()


# The DataFrame's columns and their dtypes; nested parts are flattened.
_COLUMNS = {
    "timestamp": "datetime64[ns, UTC]", "ts": "float64", "src_ip": "string", "src_port": "uint16",
    "dest_ip": "string", "dest_port": "uint16", "proto": "category", "file": "string",
    "capture_record": "int64", "message_index": "int64", "trans_depth": "int64", "reassembled": "bool",
    "length": "int64", "method": "string", "uri": "string", "status_code": "Int64", "reason": "string",
    "call_id": "string", "seq": "string", "from": "string", "to": "string", "user_agent": "string",
    "request_body_len": "Int64", "response_body_len": "Int64", "parse_error": "string",
    "parse_error_offset": "Int64",
}
_SCORE_COLUMNS = {"score": "float64", "threshold": "float64", "alert": "bool", "reasons": "object", "top_reason": "string"}
_LINT_COLUMNS = {"lint_errors": "Int64", "lint_warnings": "Int64", "lint_infos": "Int64", "findings": "object"}


def flatten(rec: dict) -> dict:
    """One record as a DataFrame row: parse_error, score and lint spread into columns."""
    row = {k: rec.get(k) for k in _COLUMNS}
    pe = rec.get("parse_error")
    if pe:
        row["parse_error"], row["parse_error_offset"] = pe["code"], pe["offset"]
    s = rec.get("score")
    if s is not None:
        row.update(score=s["score"], threshold=s["threshold"], alert=s["alert"], reasons=s["reasons"],
                   top_reason=(s["reasons"][0].get("rule") or s["reasons"][0]["feature"]) if s["reasons"] else None)
    li = rec.get("lint")
    if li is not None:
        row.update(lint_errors=li["errors"], lint_warnings=li["warnings"], lint_infos=li["infos"], findings=li["findings"])
    return row


def frame_columns(score: bool, lint: bool) -> dict:
    cols = dict(_COLUMNS)
    if score:
        cols.update(_SCORE_COLUMNS)
    if lint:
        cols.update(_LINT_COLUMNS)
    return cols


def records_frame(records, score: bool = True, lint: bool = False):
    """A pandas DataFrame with typed columns from records (read_capture's dicts)."""
    import pandas as pd

    cols = frame_columns(score, lint)
    df = pd.DataFrame([flatten(r) for r in records], columns=list(cols))
    for name, dtype in cols.items():
        if name == "timestamp":
            df[name] = pd.to_datetime(df[name], utc=True, format="%Y-%m-%dT%H:%M:%S.%fZ")
        elif dtype != "object":
            df[name] = df[name].astype(dtype)
    return df


_PROTOS = ("udp", "tcp", "sctp", "ws")  # capture::transport's order


def columns_frame(batches, name: str, score: bool = True, lint: bool = False):
    """The DataFrame records_frame() makes of the same records, from the columns
    CaptureScan.columns() gives batch by batch (no dict per record)."""
    import numpy as np
    import pandas as pd

    cols = frame_columns(score, lint)
    batches = [b for b in batches if len(b["ts_ns"])]
    if not batches:
        return records_frame([], score, lint)

    def joined(key):
        parts = [b[key] for b in batches]
        return np.concatenate(parts) if isinstance(parts[0], np.ndarray) else [x for p in parts for x in p]

    ts = joined("ts_ns")
    n = len(ts)
    data = {"timestamp": pd.Series(pd.to_datetime(ts // 1000 * 1000, unit="ns", utc=True)), "ts": ts / 1e9,
            "proto": pd.Series(np.array(_PROTOS)[joined("proto")]).astype("category"),
            "file": pd.Series([name] * n, dtype="string")}
    for key, dtype in cols.items():
        if key in data:
            continue
        if dtype == "Int64":
            missing = joined(key + "_missing") if key + "_missing" in batches[0] else np.zeros(n, dtype=bool)
            data[key] = pd.arrays.IntegerArray(joined(key).astype("int64"), missing)
        elif dtype == "object":
            data[key] = pd.Series(joined(key), dtype=object)
        else:
            data[key] = pd.Series(joined(key)).astype(dtype)
    return pd.DataFrame(data, columns=list(cols))


def capture_frame(path, score: bool = True, lint: bool = False, *, profile: Optional[Profile] = None,
                  fpr: float = 0.001, lint_profile: str = "strict", sip_ports=()):
    """Every SIP message of a capture as a row of a pandas DataFrame with typed columns
    (timestamps in UTC, ports uint16, nullable integers, the score and its reasons,
    the lint counts and findings). Built from columns the scan fills in C++, a
    batch at a time without the GIL."""
    scan = _scan(path, score, lint, profile, fpr, lint_profile, 0, True, sip_ports)
    batches = []
    while not scan.done:
        batches.append(scan.columns(16384))
    return columns_frame(batches, os.fspath(path), score, lint)


def expand_inputs(inputs) -> list:
    """Captures named by INPUT arguments: a capture file, or a directory searched
    recursively (in path order) for captures."""
    out = []
    for i in inputs:
        p = Path(i)
        if p.is_dir():
            out.extend(str(f) for f in sorted(p.rglob("*")) if f.is_file() and is_capture(f))
        else:
            out.append(str(i))
    return out
