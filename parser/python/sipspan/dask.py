"""Scoring many captures on a Dask cluster (Dask's distributed scheduler: the
same on a laptop's LocalCluster and on many machines).

    from distributed import Client
    import sipspan.dask
    run = sipspan.dask.score_captures("/archive/**/*.pcap", Client("tcp://host:8786"))
    run.records            # a Dask DataFrame of every message's record
    print(run.total)       # one summary over every capture

One task per capture file: it reads, scores (and lints) the file on a worker
and returns its records as a pandas frame and its CaptureSummary. Summaries
merge exactly: counts add, distinct Call-IDs and transactions merge by their
keys or HyperLogLog registers (the very count one pass over every message
gives), top-N alerts merge. The workers need sipspan installed (or on their
PYTHONPATH) and the capture paths readable.
"""
from __future__ import annotations

import functools
import glob as _glob
import os
from dataclasses import dataclass
from typing import List, Optional

from . import _sipspan
from .capture import expand_inputs, frame_columns, records_frame, scan_capture


@functools.lru_cache(maxsize=8)
def _profile(path: Optional[str]):
    return _sipspan.default_profile() if path is None else _sipspan.load_profile(path)


def score_file(path: str, profile_path: Optional[str] = None, fpr: float = 0.001, lint: bool = False,
               lint_profile: str = "strict", top: int = 10, records: bool = True, sip_ports=()):
    """The task: one capture's records (a pandas DataFrame) and summary."""
    recs, summary = scan_capture(path, score=True, lint=lint, profile=_profile(profile_path), fpr=fpr,
                                 lint_profile=lint_profile, top=top, records=records, sip_ports=sip_ports)
    return records_frame(recs, True, lint), summary


def _frame(result):
    return result[0]


def _summary(result):
    return result[1]


def _merge_pair(a, b):
    return a.merge(b)


@dataclass
class CaptureRun:
    paths: List[str]
    records: object        # dask.dataframe.DataFrame, one partition per capture
    summaries: list        # CaptureSummary per capture, in path order
    total: object          # CaptureSummary of them all (name "N captures")


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
                   lint_profile: str = "strict", top: int = 10, records: bool = True, sip_ports=()) -> CaptureRun:
    """Score every SIP message of many captures on the cluster `client` talks to.

    profile: the path of a profile file (readable on the workers), or None for
    the built-in one. records=False keeps only the summaries (the frames are empty).
    Returns CaptureRun(paths, records, summaries, total)."""
    import dask.dataframe as dd
    import pandas as pd

    paths = capture_paths(paths_or_glob)  # as given: the workers read them (and records name them) so
    if not paths:
        raise FileNotFoundError(f"no capture in {paths_or_glob!r}")
    futures = [client.submit(score_file, p, profile, fpr, lint, lint_profile, top, records, tuple(sip_ports),
                             key=f"sipspan-score-{i}-{os.path.basename(p)}", pure=False)
               for i, p in enumerate(paths)]
    summary_futures = [client.submit(_summary, f, pure=False) for f in futures]
    # the total, merged on the workers pairwise (a tree), while the frames stay where they are
    level = summary_futures
    while len(level) > 1:
        nxt = [client.submit(_merge_pair, level[i], level[i + 1], pure=False) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])
        level = nxt
    summaries = client.gather(summary_futures)
    total = client.gather(level[0])
    if len(paths) > 1:
        total = total.renamed(f"{len(paths)} captures")
    meta = records_frame([], True, lint)
    frames = [client.submit(_frame, f, pure=False) for f in futures]
    records_df = dd.from_delayed(frames, meta=meta, verify_meta=False)
    return CaptureRun(paths, records_df, summaries, total)
