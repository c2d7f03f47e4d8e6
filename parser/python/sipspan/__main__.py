"""python3 -m sipspan score [--scheduler tcp://HOST:8786] [--profile P] [--fpr F] [--total] [--range-mb M] INPUT...

Scores every SIP message of the captures named (files, or directories searched
for captures) and prints each capture's summary, as `sipspan score INPUT...`
prints it. With --scheduler the work runs on that Dask cluster, one task per
capture (and per range of records of a large one); without it, here.
--total adds the summary of all captures merged. Exit status: 0 no alert,
1 at least one alert, 2 usage error or a capture that cannot be read (or is
cut: what came before is summarised first).
"""
from __future__ import annotations

import argparse
import sys

from . import capture


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python3 -m sipspan", description=__doc__.split("\n\n")[1])
    sub = ap.add_subparsers(dest="command", required=True)
    sc = sub.add_parser("score", help="score the SIP messages of captures")
    sc.add_argument("inputs", nargs="+", metavar="INPUT")
    sc.add_argument("--scheduler", help="a Dask scheduler's address, tcp://HOST:8786")
    sc.add_argument("--profile", help="a profile file (readable on the workers); default: the built-in one")
    sc.add_argument("--fpr", type=float, default=0.001, help="target false-positive rate (default 0.001)")
    sc.add_argument("--total", action="store_true", help="also print the summary of all captures merged")
    sc.add_argument("--range-mb", type=float, default=64,
                    help="with --scheduler: a pcap file larger than this is read in ranges of records of "
                         "about this many megabytes, one task each (0: one task per file; default 64)")
    a = ap.parse_args(argv)

    if not 0 < a.fpr < 1:
        print("python3 -m sipspan score: --fpr must be between 0 and 1 (exclusive)", file=sys.stderr)
        return 2
    paths = capture.expand_inputs(a.inputs)
    for p in paths:
        if not capture.is_capture(p):
            print(f"python3 -m sipspan score: {p}: not a pcap or pcapng capture", file=sys.stderr)
            return 2
    try:
        if a.scheduler:
            from distributed import Client

            from .dask import score_captures
            with Client(a.scheduler, timeout=30) as client:
                run = score_captures(paths, client, profile=a.profile, fpr=a.fpr, records=False,
                                     range_bytes=int(a.range_mb * 1e6))
                summaries, total = run.summaries, run.total
        else:
            from . import _sipspan
            prof = _sipspan.load_profile(a.profile) if a.profile else None
            summaries = [capture.scan_capture(p, profile=prof, fpr=a.fpr, records=False)[1] for p in paths]
            total = None
            for s in summaries:
                total = s if total is None else total.merge(s)
            if total is not None and len(summaries) > 1:
                total = total.renamed(f"{len(summaries)} captures")
    except (OSError, ValueError) as e:  # a capture or profile that cannot be read
        print(f"python3 -m sipspan score: {e}", file=sys.stderr)
        return 2
    status = 0
    for s in summaries:
        sys.stdout.write(s.text())
        for err in s.errors:
            print(f"python3 -m sipspan score: {err} (the capture is cut or damaged; "
                  f"{s.messages} messages before it were reported)", file=sys.stderr)
            status = 2
    if a.total and total is not None:
        sys.stdout.write(total.text())
    sys.stdout.flush()
    if status:
        return status
    return 1 if any(s.flagged for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
