"""Scoring many captures on a Dask cluster (Dask's distributed scheduler: the
same on a laptop's LocalCluster and on many machines).

    from distributed import Client
    import sipspan.dask
    run = sipspan.dask.score_captures("/archive/**/*.pcap", Client("tcp://host:8786"))
    run.records            # a Dask DataFrame of every message's record
    print(run.total)       # one summary over every capture

One task per capture file, and per range of records of a large one: it reads,
scores (and lints) its part on a worker and returns its records as a pandas
frame and its CaptureSummary. Summaries merge exactly: counts add, distinct
Call-IDs and transactions merge by their keys or HyperLogLog registers (the
very count one pass over every message gives), top-N alerts merge. The
workers need sipspan installed (or on their PYTHONPATH) and the capture paths
readable.

Ranges: an index pass on a worker cuts a classic pcap file larger than
range_bytes at record boundaries (sipspan.capture_ranges). A range is read as
the whole file's reading reads it when nothing before it bears on it, which
the range's scan checks (CaptureScan.range_exact): UDP, where each datagram is
one message. A TCP stream (and an IP fragment, an SCTP message) may have begun
in an earlier range, and cutting it would lose or double a message: a file
with any of them in any range is read again whole, in one task. Joined in
order, the ranges give the file's records (message_index, capture_record and
trans_depth counted over the whole file) and its summary.
"""
from __future__ import annotations

import functools
import glob as _glob
import os
from dataclasses import dataclass
from typing import List, Optional

from . import _sipspan
from .capture import _scan, columns_frame, expand_inputs, records_frame


@functools.lru_cache(maxsize=8)
def _profile(path: Optional[str]):
    return _sipspan.default_profile() if path is None else _sipspan.load_profile(path)


DEFAULT_RANGE_BYTES = 64 << 20


def _frame_of(scan, path: str, lint: bool, stop=None):
    """The records of a scan as a DataFrame (columns built in C++); None when stop() says so."""
    batches = []
    while not scan.done:
        batches.append(scan.columns(16384))
        if stop is not None and stop():
            return None
    return columns_frame(batches, path, True, lint)


def score_file(path: str, profile_path: Optional[str] = None, fpr: float = 0.001, lint: bool = False,
               lint_profile: str = "strict", top: int = 10, records: bool = True, sip_ports=()):
    """The task: one capture's records (a pandas DataFrame) and summary."""
    scan = _scan(path, True, lint, _profile(profile_path), fpr, lint_profile, top, records, sip_ports)
    return _frame_of(scan, path, lint), scan.summary()


def index_file(path: str, range_bytes: int):
    """The index pass: the file's record ranges, [] to read it whole."""
    ranges = _sipspan.capture_ranges(path, range_bytes) if range_bytes else []
    return ranges if len(ranges) > 1 else []


def score_range(path: str, rng, profile_path: Optional[str] = None, fpr: float = 0.001, lint: bool = False,
                lint_profile: str = "strict", top: int = 10, records: bool = True, sip_ports=()):
    """The task of one range: its records (message_index and trans_depth counted in
    the range alone), its summary, whether it was read as the whole file reads it,
    and the requests of each flow in it."""
    scan = _scan(path, True, lint, _profile(profile_path), fpr, lint_profile, top, records, sip_ports, tuple(rng))
    frame = _frame_of(scan, path, lint, stop=lambda: not scan.range_exact)
    if frame is None:  # the file will be read whole: stop here
        return records_frame([], True, lint), scan.summary(), False, {}
    flows = frame.groupby(_flow_keys(frame))["trans_depth"].max().to_dict() if len(frame) else {}
    return frame, scan.summary(), scan.range_exact, flows


def _flow_keys(frame):
    """A flow's key per record, as trans_depth counts them: both endpoints, either way, and the transport."""
    import numpy as np
    import pandas as pd

    a = frame["src_ip"].astype(str) + "|" + frame["src_port"].astype(str)
    b = frame["dest_ip"].astype(str) + "|" + frame["dest_port"].astype(str)
    pair = np.where(a < b, a + " " + b, b + " " + a)
    return pd.Series(frame["proto"].astype(str).to_numpy() + " " + pair, index=frame.index)


def _frame(result):
    return result[0]


def _summary(result):
    return result[1]


def _all_exact(*parts):
    return all(p[2] for p in parts)


def _merge_pair(a, b):
    return a.merge(b)


def _join_pair(a, b):
    """Two adjacent ranges' summaries (or range results) as one."""
    return (a[1] if isinstance(a, tuple) else a).join(b[1] if isinstance(b, tuple) else b)


def _after(before, part):
    """What the ranges up to `part` hold: their messages and each flow's requests."""
    messages, flows = before
    flows = dict(flows)
    for k, n in part[3].items():
        flows[k] = flows.get(k, 0) + n
    return messages + part[1].messages, flows


def _placed(part, before):
    """A range's records numbered in the whole file: message_index after the
    messages of the ranges before it, trans_depth after their requests."""
    messages, flows = before
    frame = part[0].copy()
    if len(frame):
        frame["message_index"] += messages
        if flows:
            frame["trans_depth"] += _flow_keys(frame).map(flows).fillna(0).astype("int64")
    return frame


def _tree(client, futures, pair):
    """The futures combined pairwise on the workers, in order, down to one."""
    level = list(futures)
    while len(level) > 1:
        nxt = [client.submit(pair, level[i], level[i + 1], pure=False) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    return level[0]


@dataclass
class CaptureRun:
    paths: List[str]
    records: object        # dask.dataframe.DataFrame, one partition per capture (per range of a cut one)
    summaries: list        # CaptureSummary per capture, in path order
    total: object          # CaptureSummary of them all (name "N captures")
    parts: List[int]       # per capture: the ranges it was read in (1: whole)


def capture_paths(paths_or_glob) -> List[str]:
    """A glob pattern (recursive ** allowed), a capture file, a directory, or a list of them."""
    items = [paths_or_glob] if isinstance(paths_or_glob, (str, os.PathLike)) else list(paths_or_glob)
    out = []
    for i in items:
        s = os.fspath(i)
        if any(c in s for c in "*?[") and not os.path.exists(s):
            out.extend(sorted(_glob.glob(s, recursive=True)))
        else:
            out.extend(expand_inputs([s]))
    return out


def score_captures(paths_or_glob, client, *, profile: Optional[str] = None, fpr: float = 0.001, lint: bool = False,
                   lint_profile: str = "strict", top: int = 10, records: bool = True, sip_ports=(),
                   range_bytes: Optional[int] = DEFAULT_RANGE_BYTES) -> CaptureRun:
    """Score every SIP message of many captures on the cluster `client` talks to.

    profile: the path of a profile file (readable on the workers), or None for
    the built-in one. records=False keeps only the summaries (the frames are empty).
    range_bytes: a classic pcap file larger than this is read in ranges of
    records of about this size, one task each (None or 0: one task per file).
    Returns CaptureRun(paths, records, summaries, total, parts)."""
    import dask.dataframe as dd

    paths = capture_paths(paths_or_glob)  # as given: the workers read them (and records name them) so
    if not paths:
        raise FileNotFoundError(f"no capture in {paths_or_glob!r}")
    opts = (profile, fpr, lint, lint_profile, top, records, tuple(sip_ports))
    if range_bytes:
        indexes = client.gather([client.submit(index_file, p, range_bytes, key=f"sipspan-index-{i}-{os.path.basename(p)}",
                                               pure=False) for i, p in enumerate(paths)])
    else:
        indexes = [[] for _ in paths]
    ranged = {i: [client.submit(score_range, p, r, *opts, key=f"sipspan-range-{i}-{k}-{os.path.basename(p)}", pure=False)
                  for k, r in enumerate(indexes[i])]
              for i, p in enumerate(paths) if indexes[i]}
    exact = client.gather({i: client.submit(_all_exact, *fs, pure=False) for i, fs in ranged.items()})
    for i, ok in exact.items():
        if not ok:  # a stream, a fragment or an SCTP message may cross a range: the file whole
            client.cancel(ranged.pop(i))
    frames, summary_futures, parts = [], [], []
    for i, p in enumerate(paths):
        if i in ranged:
            fs = ranged[i]
            before = (0, {})
            for f in fs:
                frames.append(client.submit(_placed, f, before, pure=False))
                before = client.submit(_after, before, f, pure=False)
            joined = _tree(client, fs, _join_pair)
            summary_futures.append(joined if len(fs) > 1 else client.submit(_summary, joined, pure=False))
            parts.append(len(fs))
        else:
            f = client.submit(score_file, p, *opts, key=f"sipspan-score-{i}-{os.path.basename(p)}", pure=False)
            frames.append(client.submit(_frame, f, pure=False))
            summary_futures.append(client.submit(_summary, f, pure=False))
            parts.append(1)
    # the total, merged on the workers pairwise (a tree), while the frames stay where they are
    total_future = _tree(client, summary_futures, _merge_pair)
    summaries = client.gather(summary_futures)
    total = client.gather(total_future)
    if len(paths) > 1:
        total = total.renamed(f"{len(paths)} captures")
    meta = records_frame([], True, lint)
    records_df = dd.from_delayed(frames, meta=meta, verify_meta=False)
    return CaptureRun(paths, records_df, summaries, total, parts)
