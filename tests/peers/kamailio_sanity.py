#!/usr/bin/env python3
"""Verdict test: sipspan's lint (profile interop) against Kamailio's sanity module.

    kamailio_sanity.py SIPSPAN SOURCE_ROOT

Kamailio runs tests/peers/sanity.cfg on a free loopback UDP port: every request it
receives goes through sanity_check("32767", "15"), every message and URI check of
Kamailio 5.x, and the verdict is logged. The test sends it each request of
corpus/torture/, corpus/rfc3261/ and of the UDP datagrams of corpus/captures/peers/
(responses are not judged: Kamailio's sanity checks requests, and a reply that is not
addressed to it never reaches the script), each followed by a probe request whose log
line closes that message's verdict. A message Kamailio's core parser rejects before
the script runs has no verdict line: it counts as rejected.

sipspan's verdict is "error" when `sipspan lint --mode interop` reports a finding of
severity error. Where the two verdicts differ, tests/peers/kamailio_known.tsv must list
the message (a file under the source root, or CAPTURE#RECORD) with the RFC clause that
decides it; the test fails on any other difference and on a listed one that no longer
occurs. Exit 77 (skipped) when kamailio or its sanity module is not installed.
"""
import os
import queue
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_common as pc  # noqa: E402

PROBE = ("OPTIONS sip:probe@127.0.0.1 SIP/2.0\r\n"
         "Via: SIP/2.0/UDP 127.0.0.1:9;branch=z9hG4bK-probe-%d\r\n"
         "From: <sip:probe@127.0.0.1>;tag=p%d\r\nTo: <sip:probe@127.0.0.1>\r\n"
         "Call-ID: sipspan-probe-%d\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
         "Content-Length: 0\r\n\r\n")


class Judge:
    """A Kamailio process running sanity.cfg; judge(bytes) -> (verdict, log lines)."""

    def __init__(self, cfg, rundir):
        self.port = pc.free_udp_port()
        self.proc = subprocess.Popen(
            ["kamailio", "-DD", "-E", "-m", "32", "-M", "4", "-Y", rundir, "-f", cfg,
             "-l", "udp:127.0.0.1:%d" % self.port],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, errors="replace")
        self.lines = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.count = 0
        # the first probe answers once the worker is up (sent until it does)
        for _ in range(50):
            verdict, _ = self.judge(None, wait=0.2)
            if verdict != "timeout":
                return
        raise RuntimeError("kamailio did not start: " + self.log_tail())

    def _read(self):
        self.tail = []
        for line in self.proc.stderr:
            self.tail = (self.tail + [line.rstrip()])[-20:]
            self.lines.put(line.rstrip())

    def log_tail(self):
        return "\n".join(getattr(self, "tail", []))

    def judge(self, data, wait=3.0):
        self.count += 1
        probe = "sipspan-probe-%d" % self.count
        if data is not None:
            self.sock.sendto(data, ("127.0.0.1", self.port))
        self.sock.sendto((PROBE % (self.count, self.count, self.count)).encode(), ("127.0.0.1", self.port))
        verdict, log = "dropped", []
        deadline = time.monotonic() + wait
        while True:
            try:
                line = self.lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                return "timeout", log
            if "SIPSPAN-PROBE " + probe in line:
                return verdict, log
            if "SIPSPAN-VERDICT pass" in line:
                verdict = "pass"
            elif "SIPSPAN-VERDICT fail" in line:
                verdict = "fail"
            elif "WARNING" in line or "ERROR" in line:
                log.append(line.split(": ", 1)[-1])

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def main():
    args = pc.start(__doc__, "kamailio", "verdict", "kamailio_known.tsv")
    if args is None:
        return pc.SKIP
    sipspan, root, known = args
    cfg = os.path.join(root, "tests", "peers", "sanity.cfg")
    tmp = tempfile.mkdtemp(prefix="kamailio_sanity.")
    judge = None
    try:
        # (key, bytes, path sipspan lints): corpus files as they are, capture datagrams in tmp
        messages = [(p, b, os.path.join(root, p)) for p, b in pc.corpus_messages(root, ["torture", "rfc3261"])]
        peers = os.path.join(root, "corpus", "captures", "peers")
        for name in sorted(os.listdir(peers)):
            if name.endswith(".pcap"):
                for record, payload in pc.udp_payloads(os.path.join(peers, name)):
                    key = "corpus/captures/peers/%s#%d" % (name, record)
                    path = os.path.join(tmp, "%s.%d.sip" % (name, record))
                    with open(path, "wb") as f:
                        f.write(payload)
                    messages.append((key, payload, path))
        requests = [m for m in messages if not m[1].lstrip(b"\r\n").startswith(b"SIP/")]
        errors = pc.lint_errors(sipspan, [path for _, _, path in requests])

        rundir = os.path.join(tmp, "run")
        os.mkdir(rundir)
        try:
            judge = Judge(cfg, rundir)
        except (OSError, RuntimeError) as e:
            if not os.path.exists("/usr/lib/x86_64-linux-gnu/kamailio/modules/sanity.so") and \
                    "sanity" in str(e):
                print("kamailio's sanity module is not installed: the verdict test is skipped")
                return pc.SKIP
            raise
        version = subprocess.run(["kamailio", "-v"], capture_output=True, text=True).stdout.splitlines()[0]

        failures, seen_known = [], set()
        counts = {"both reject": 0, "both accept": 0, "differ": 0}
        for key, data, path in requests:
            verdict, log = judge.judge(data)
            if verdict == "timeout":
                failures.append("%s: kamailio gave no verdict in time; log:\n%s" % (key, judge.log_tail()))
                break
            kam_rejects = verdict != "pass"
            ours = errors.get(path, [])
            if kam_rejects == bool(ours):
                counts["both reject" if ours else "both accept"] += 1
                continue
            counts["differ"] += 1
            what = "sipspan-error" if ours else "kamailio-reject"
            if (key, what) in known:
                seen_known.add((key, what))
                continue
            failures.append("%s: %s: sipspan %s, kamailio %s%s" % (
                key, what, ", ".join(ours) or "no error", verdict, (" (" + "; ".join(log) + ")") if log else ""))
        for key, what in sorted(set(known) - seen_known):
            failures.append("%s: %s: listed in kamailio_known.tsv but the verdicts now agree" % (key, what))
        print("%s; %d requests: %d rejected by both, %d accepted by both, %d differ "
              "(%d listed in kamailio_known.tsv), %d failures"
              % (version, len(requests), counts["both reject"], counts["both accept"], counts["differ"],
                 len(seen_known), len(failures)))
        for f in failures:
            print("FAIL " + f)
        return 1 if failures else 0
    finally:
        if judge:
            judge.stop()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
