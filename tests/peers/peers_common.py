"""Shared pieces of the peer tests (tests/peers/*.py): the message files of the
corpus, a pcap holding them one UDP datagram each, `sipspan dump` over a capture,
and the known-disagreement lists (TSV: key, field or verdict, reason)."""
import json
import os
import struct
import subprocess
import sys

SKIP = 77  # meson's exit code for a skipped test


def corpus_messages(root, folders):
    """Every .sip file under corpus/FOLDER (sorted), as (path relative to root, bytes)."""
    out = []
    for folder in folders:
        base = os.path.join(root, "corpus", folder)
        for dirpath, _, files in sorted(os.walk(base)):
            for name in sorted(files):
                if name.endswith(".sip"):
                    path = os.path.join(dirpath, name)
                    with open(path, "rb") as f:
                        out.append((os.path.relpath(path, root), f.read()))
    return out


def write_udp_pcap(path, payloads, port=5060):
    """A pcap (Ethernet, IPv4, UDP 127.0.0.1:5061 -> 127.0.0.1:PORT) with one datagram a
    payload, record i+1 holding payloads[i]; payloads too large for a datagram are
    cut at 65507 bytes (the caller skips them)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, data in enumerate(payloads):
            data = data[:65507]
            udp = struct.pack("!HHHH", 5061, port, 8 + len(data), 0) + data
            ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), i & 0xFFFF, 0, 64, 17, 0,
                             bytes([127, 0, 0, 1]), bytes([127, 0, 0, 1]))
            csum = sum(struct.unpack("!10H", ip))
            csum = (csum & 0xFFFF) + (csum >> 16)
            csum = (csum & 0xFFFF) + (csum >> 16)
            ip = ip[:10] + struct.pack("!H", ~csum & 0xFFFF) + ip[12:]
            frame = b"\x00" * 12 + b"\x08\x00" + ip + udp
            f.write(struct.pack("<IIII", 1767225600 + i, 0, len(frame), len(frame)))
            f.write(frame)


def sipspan_dump(sipspan, capture):
    """{capture_record: [message JSON, ...]} from `sipspan dump CAPTURE` (JSON lines)."""
    p = subprocess.run([sipspan, "dump", capture], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("sipspan dump %s: exit %d: %s" % (capture, p.returncode, p.stderr.strip()))
    by_record = {}
    for line in p.stdout.splitlines():
        m = json.loads(line)
        by_record.setdefault(m["capture_record"], []).append(m)
    return by_record


def read_known(path):
    """{(key, field): reason} from a TSV file (# comments, blank lines skipped)."""
    known = {}
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3 or not parts[2].strip():
                sys.exit("%s:%d: want KEY<TAB>FIELD<TAB>REASON" % (path, n))
            known[(parts[0], parts[1])] = parts[2]
    return known


def header(msg, ident):
    """The first row of header `ident` in a dump message, or None."""
    for h in msg.get("headers", []):
        if h["id"] == ident:
            return h
    return None
