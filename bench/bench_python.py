#!/usr/bin/env python3
"""Messages per second of the Python package beside the CLI, on one core.

    taskset -c 0 python3 bench/bench_python.py BUILD [SIZE_MB]

Writes a capture with BUILD/tools/make_sample (corpus/captures/sample.pcap's
exchange repeated to about SIZE_MB megabytes, 20 by default), then times, best
of 3, on the core the process is pinned to:
  cli          `sipspan score FILE --threads 0` (text summary, one thread)
  score_many   sipspan.score_many() over the capture's messages (bytes in a list,
               read beforehand by sipspan.capture_messages)
  scan         sipspan.scan_capture(FILE, records=False): the CLI's job from Python
  records      sipspan.scan_capture(FILE): every record as a dict
  frame        sipspan.capture_frame(FILE): a pandas DataFrame
Run it with the interpreter that has the package (PYTHONPATH=BUILD/parser/python).
"""
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def best(fn, runs=3):
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main():
    build = Path(sys.argv[1])
    size = sys.argv[2] if len(sys.argv) > 2 else "20"
    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(build / "parser" / "python"))
    import sipspan

    with tempfile.TemporaryDirectory() as tmp:
        cap = os.path.join(tmp, "bench.pcap")
        subprocess.run([str(build / "tools" / "make_sample"), str(root / "corpus"), cap, size], check=True,
                       stdout=subprocess.DEVNULL)
        msgs = sipspan.capture_messages(cap)
        n = len(msgs)
        cli = [str(build / "tools" / "sipspan"), "score", cap, "--threads", "0"]
        rows = [
            ("cli: sipspan score FILE --threads 0", best(lambda: subprocess.run(cli, stdout=subprocess.DEVNULL))),
            ("sipspan.score_many(messages)", best(lambda: sipspan.score_many(msgs))),
            ("sipspan.scan_capture(FILE, records=False)", best(lambda: sipspan.scan_capture(cap, records=False))),
            ("sipspan.scan_capture(FILE) (records)", best(lambda: sipspan.scan_capture(cap))),
            ("sipspan.capture_frame(FILE)", best(lambda: sipspan.capture_frame(cap))),
        ]
        print(f"{platform.processor() or platform.machine()}, affinity {sorted(os.sched_getaffinity(0))}, "
              f"{os.path.getsize(cap) / 1e6:.1f} MB, {n} messages, "
              f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load {os.getloadavg()[0]:.1f}")
        cli_rate = n / rows[0][1]
        print("| what | wall (best of 3) | messages/s | × CLI |")
        print("|---|---:|---:|---:|")
        for name, t in rows:
            print(f"| {name} | {t:.3f} s | {n / t:,.0f} | {n / t / cli_rate:.2f} |")


if __name__ == "__main__":
    main()
