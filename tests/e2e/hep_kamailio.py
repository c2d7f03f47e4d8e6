#!/usr/bin/env python3
"""End-to-end test of `sipspan score --hep`: Kamailio's siptrace module as the sender.

    hep_kamailio.py SIPSPAN SOURCE_ROOT [udp|tcp]

sipspan listens for HEP3 on a free loopback port, UDP or TCP (default udp);
Kamailio runs tests/e2e/kamailio_hep.cfg, mirroring every request it receives
to that port as HEP version 3 (a real sender, not a mock): on TCP siptrace
opens a connection to the collector (duplicate_uri with ;transport=tcp) and
writes the packets on it back to back. The test sends Kamailio three
OPTIONS from its own socket, waits for its answers, and checks that sipspan
wrote one record for each, as soon as it came, with the addresses HEP carries
(the test's socket as the source, Kamailio's as the destination), then stops
sipspan with SIGINT and checks the summary. Exit 77 (skipped) when kamailio or
its siptrace module is not installed.
"""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "peers"))
from peers_common import free_udp_port  # noqa: E402


def options(n, port, local):
    return ("OPTIONS sip:hep@127.0.0.1:%d SIP/2.0\r\n"
            "Via: SIP/2.0/UDP 127.0.0.1:%d;branch=z9hG4bK-hep-%d\r\n"
            "Max-Forwards: 70\r\n"
            "From: <sip:tester@example.com>;tag=h%d\r\n"
            "To: <sip:hep@example.com>\r\n"
            "Call-ID: hep-%d@example.com\r\n"
            "CSeq: %d OPTIONS\r\n"
            "Content-Length: 0\r\n\r\n" % (port, local, n, n, n, n)).encode()


def read_line(stream, deadline):
    """One line of the collector's output, or None past the deadline."""
    import select
    line = b""
    while time.time() < deadline:
        ready, _, _ = select.select([stream], [], [], 0.1)
        if not ready:
            continue
        ch = os.read(stream.fileno(), 1)
        if not ch:
            return None
        if ch == b"\n":
            return line.decode()
        line += ch
    return None


def main():
    sipspan, root = sys.argv[1], sys.argv[2]
    transport = sys.argv[3] if len(sys.argv) > 3 else "udp"
    kamailio = shutil.which("kamailio") or ("/usr/sbin/kamailio" if os.path.exists("/usr/sbin/kamailio") else None)
    if not kamailio:
        print("SKIP: kamailio is not installed")
        return 77
    modules = [d for d in ("/usr/lib/x86_64-linux-gnu/kamailio/modules", "/usr/lib/kamailio/modules",
                           "/usr/local/lib64/kamailio/modules") if os.path.exists(os.path.join(d, "siptrace.so"))]
    if not modules:
        print("SKIP: Kamailio's siptrace module is not installed")
        return 77

    hep_port = free_udp_port(socket.SOCK_STREAM if transport == "tcp" else socket.SOCK_DGRAM)
    sip_port = free_udp_port()
    hep_uri = "127.0.0.1:%d" % hep_port + (";transport=tcp" if transport == "tcp" else "")
    work = tempfile.mkdtemp(prefix="sipspan_hep_")
    cfg = os.path.join(work, "kamailio.cfg")
    with open(os.path.join(root, "tests/e2e/kamailio_hep.cfg")) as f:
        text = f.read().replace("@HEP_ADDRESS@", hep_uri)
    with open(cfg, "w") as f:
        f.write(text)

    collector = subprocess.Popen([sipspan, "score", "--format", "jsonl", "--hep", "%s:127.0.0.1:%d" % (transport, hep_port)],
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    # siptrace sends on TCP from a TCP socket of Kamailio's own
    listen = ["-l", "udp:127.0.0.1:%d" % sip_port] + (["-l", "tcp:127.0.0.1:%d" % sip_port] if transport == "tcp" else [])
    kam = subprocess.Popen([kamailio, "-DD", "-E", "-L", modules[0], "-f", cfg] + listen + ["-w", work], stdout=subprocess.DEVNULL, stderr=open(os.path.join(work, "kamailio.log"), "w"))
    failures = []
    try:
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(0.5)
        local = sock.getsockname()[1]
        # Kamailio is up once it answers
        answered = 0
        deadline = time.time() + 10
        records = []
        for n in (1, 2, 3):
            sock.sendto(options(n, sip_port, local), ("127.0.0.1", sip_port))
            while time.time() < deadline:
                try:
                    data, _ = sock.recvfrom(4096)
                    if data.startswith(b"SIP/2.0 200"):
                        answered += 1
                        break
                except socket.timeout:
                    if n == 1:  # Kamailio still starting: send the first again
                        sock.sendto(options(n, sip_port, local), ("127.0.0.1", sip_port))
            line = read_line(collector.stdout, time.time() + 3)
            if line is None:
                failures.append("no record for OPTIONS %d within 3 s of Kamailio's answer" % n)
                break
            records.append(json.loads(line))
        if answered != 3:
            failures.append("Kamailio answered %d of 3 OPTIONS" % answered)
        for n, r in enumerate(records, 1):
            want = {"method": "OPTIONS", "call_id": "hep-%d@example.com" % n, "src_ip": "127.0.0.1",
                    "src_port": local, "dest_ip": "127.0.0.1", "dest_port": sip_port, "proto": "udp",
                    "file": "hep:%s:127.0.0.1:%d" % (transport, hep_port)}
            for k, v in want.items():
                if r.get(k) != v:
                    failures.append("record %d: %s is %r, not %r" % (n, k, r.get(k), v))
            if r.get("score", {}).get("alert") is not False:
                failures.append("record %d: an alert on a plain OPTIONS: %r" % (n, r.get("score")))
    finally:
        kam.terminate()
        try:
            kam.wait(10)
        except subprocess.TimeoutExpired:
            kam.kill()
        collector.send_signal(signal.SIGINT)
        try:
            _, err = collector.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            collector.kill()
            _, err = collector.communicate()
            failures.append("sipspan did not end on SIGINT")
    err = err.decode(errors="replace")
    # a retransmitted first OPTIONS (Kamailio still starting) is a fourth message
    if " SIP messages" not in err or "stopped by SIGINT" not in err:
        failures.append("no summary after SIGINT:\n" + err)
    if "HEP connection from" in err:  # a connection closed for bytes that are not HEP3
        failures.append("the collector closed Kamailio's connection:\n" + err)
    if collector.returncode != 0:
        failures.append("sipspan exited %s" % collector.returncode)
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("FAIL:", f)
    if not failures:
        print("ok: %d HEP3 records from Kamailio siptrace over %s, each with HEP's addresses" % (len(records), transport))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
