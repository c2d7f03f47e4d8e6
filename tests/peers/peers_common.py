"""Shared pieces of the peer tests (tests/peers/*.py): the message files of the
corpus, a pcap holding them one UDP datagram each, `sipspan dump` over a capture,
and the known-disagreement lists (TSV: key, field or verdict, reason)."""
import json
import os
import shutil
import socket
import struct
import subprocess
import sys

SKIP = 77  # meson's exit code for a skipped test


def free_udp_port(kind=socket.SOCK_DGRAM):
    """A loopback UDP port (or TCP port, kind=socket.SOCK_STREAM) no one holds now."""
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


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


def udp_payloads(path):
    """[(record number, payload)] of the UDP datagrams of a pcap (Ethernet, IPv4 or
    IPv6, no fragments: what tcpdump writes on loopback); other records are skipped."""
    out = []
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic in (0xA1B2C3D4, 0xA1B23C4D) else ">"
    if struct.unpack(endian + "I", data[20:24])[0] != 1:
        sys.exit("%s: not an Ethernet capture" % path)
    pos, record = 24, 0
    while pos + 16 <= len(data):
        _, _, caplen, _ = struct.unpack(endian + "IIII", data[pos:pos + 16])
        frame = data[pos + 16:pos + 16 + caplen]
        pos += 16 + caplen
        record += 1
        ethertype = struct.unpack("!H", frame[12:14])[0]
        if ethertype == 0x0800 and frame[23] == 17:
            udp = frame[14 + (frame[14] & 0x0F) * 4:]
        elif ethertype == 0x86DD and frame[20] == 17:
            udp = frame[54:]
        else:
            continue
        out.append((record, udp[8:struct.unpack("!H", udp[4:6])[0]]))
    return out


def lint_errors(sipspan, paths, profile="interop"):
    """The files among `paths` whose message has a finding of severity error."""
    p = subprocess.run([sipspan, "lint", "--format", "jsonl", "--mode", profile] + list(paths),
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("sipspan lint: exit %d: %s" % (p.returncode, p.stderr.strip()))
    errors = {}
    for line in p.stdout.splitlines():
        f = json.loads(line)
        if f["severity"] == "error":
            errors.setdefault(f["file"], []).append(f["code"] + " " + f["rule"])
    return errors


def start(doc, tool, test, known_file):
    """The arguments (SIPSPAN SOURCE_ROOT) and the known list of a peer test, or None
    (the test is skipped, with a message) when `tool` is not installed."""
    if len(sys.argv) != 3:
        sys.exit(doc)
    if not shutil.which(tool):
        print("%s is not installed: the %s test is skipped" % (tool, test))
        return None
    root = sys.argv[2]
    return sys.argv[1], root, read_known(os.path.join(root, "tests", "peers", known_file))
