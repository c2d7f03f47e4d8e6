#!/usr/bin/env python3
"""Differential test: the fields `sipspan dump` extracts equal Wireshark's (tshark).

    tshark_diff.py SIPSPAN SOURCE_ROOT

Inputs: every capture of corpus/captures/peers/ (real peers on loopback) and the
message files of corpus/torture/ and corpus/rfc3261/, written here into a pcap one UDP
datagram each. For each SIP message both tools see, these fields must be equal:
method, Request-URI, status code, Call-ID, CSeq number and method, From tag, To tag,
top Via branch and sent-by (host, port), Content-Length, first Contact URI. Messages
are matched by capture record (packet) and, within a record, by order. A message
sipspan does not parse (an invalid torture message) is counted, not compared.

A disagreement where tshark is wrong is listed in tests/peers/tshark_known.tsv
(key: the message file, or CAPTURE#RECORD; the field, or "messages" when the tools
find a different number of SIP messages in a packet; the reason); every other
disagreement fails the test, and so does a listed one that no longer occurs.
Exit 77 (skipped) when tshark is not installed.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peers_common as pc  # noqa: E402

FIELDS = ("method", "r-uri", "status", "call-id", "cseq.seq", "cseq.method", "from.tag", "to.tag",
          "via.branch", "via.host", "via.port", "content-length", "contact.uri")


def unbracket(host):
    return host[1:-1] if host and host.startswith("[") and host.endswith("]") else host


def text(x):
    return None if x is None else str(x)


def first(x):
    return x[0] if isinstance(x, list) else x


def sipspan_fields(m):
    f = dict.fromkeys(FIELDS)
    sl = m["start_line"]
    if m["kind"] == "request":
        f["method"] = sl["method"]
        f["r-uri"] = sl["request_uri"]["text"]
    else:
        f["status"] = str(sl["status_code"])
    h = pc.header(m, "call_id")
    if h:
        f["call-id"] = h["value"].strip()
    h = pc.header(m, "cseq")
    if h and h.get("typed"):
        f["cseq.seq"] = text(h["typed"].get("number"))
        f["cseq.method"] = h["typed"].get("method")
    for name in ("from", "to"):
        h = pc.header(m, name)
        if h and h.get("typed"):
            f[name + ".tag"] = h["typed"].get("tag")
    h = pc.header(m, "via")
    if h and h.get("typed"):
        v = h["typed"][0] if isinstance(h["typed"], list) and h["typed"] else {}
        f["via.branch"] = v.get("branch")
        f["via.host"] = unbracket(v.get("host"))
        f["via.port"] = text(v.get("port"))
    h = pc.header(m, "content_length")
    if h and h.get("typed"):
        f["content-length"] = text(h["typed"].get("value"))
    h = pc.header(m, "contact")
    if h and h.get("typed"):
        c = h["typed"][0] if isinstance(h["typed"], list) and h["typed"] else {}
        f["contact.uri"] = "*" if c.get("star") else (c.get("uri") or {}).get("text")
    return f


def tshark_fields(sip):
    f = dict.fromkeys(FIELDS)
    rl = sip.get("sip.Request-Line_tree")
    if rl:
        f["method"] = rl.get("sip.Method")
        f["r-uri"] = rl.get("sip.r-uri")
    sl = sip.get("sip.Status-Line_tree")
    if sl:
        f["status"] = sl.get("sip.Status-Code")
    h = sip.get("sip.msg_hdr_tree", {})
    f["call-id"] = first(h.get("sip.Call-ID"))
    cseq = first(h.get("sip.CSeq_tree")) or {}
    f["cseq.seq"] = first(cseq.get("sip.CSeq.seq"))
    f["cseq.method"] = first(cseq.get("sip.CSeq.method"))
    f["from.tag"] = first((first(h.get("sip.From_tree")) or {}).get("sip.from.tag"))
    f["to.tag"] = first((first(h.get("sip.To_tree")) or {}).get("sip.to.tag"))
    via = first(h.get("sip.Via_tree")) or {}
    # a header line with several Vias (commas) is one tree whose leaves are lists
    f["via.branch"] = first(via.get("sip.Via.branch"))
    f["via.host"] = unbracket(first(via.get("sip.Via.sent-by.address")))
    f["via.port"] = first(via.get("sip.Via.sent-by.port"))
    f["content-length"] = first(h.get("sip.Content-Length"))
    contact = first(h.get("sip.Contact_tree")) or {}
    uri = first(contact.get("sip.contact.uri"))
    f["contact.uri"] = uri if uri is not None else ("*" if first(h.get("sip.Contact")) == "*" else None)
    return f


def tshark_messages(capture):
    """{frame number: [sip layer, ...]} from tshark's JSON (SIP found on any port)."""
    cmd = ["tshark", "-r", capture, "-T", "json", "-J", "frame sip", "--no-duplicate-keys",
           "-o", "udp.try_heuristic_first:TRUE", "-o", "tcp.try_heuristic_first:TRUE",
           "--enable-heuristic", "sip_udp", "--enable-heuristic", "sip_tcp"]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit("tshark on %s: exit %d: %s" % (capture, p.returncode, p.stderr.strip()))
    out = {}
    for pkt in json.loads(p.stdout or "[]"):
        layers = pkt["_source"]["layers"]
        sip = layers.get("sip")
        if sip is None:
            continue
        number = int(layers["frame"]["frame.number"])
        out[number] = sip if isinstance(sip, list) else [sip]
    return out


def main():
    args = pc.start(__doc__, "tshark", "differential", "tshark_known.tsv")
    if args is None:
        return pc.SKIP
    sipspan, root, known = args
    seen_known = set()
    failures = []
    compared = skipped = 0
    version = subprocess.run(["tshark", "-v"], capture_output=True, text=True).stdout.splitlines()[0]

    inputs = []  # (capture path, name of record i: None for CAPTURE#RECORD)
    peers = os.path.join(root, "corpus", "captures", "peers")
    for name in sorted(os.listdir(peers)):
        if name.endswith(".pcap"):
            inputs.append((os.path.join(peers, name), None))
    tmp = tempfile.mkdtemp(prefix="tshark_diff.")
    try:
        files = [(p, b) for p, b in pc.corpus_messages(root, ["torture", "rfc3261"]) if len(b) <= 65507]
        corpus_pcap = os.path.join(tmp, "corpus.pcap")
        pc.write_udp_pcap(corpus_pcap, [b for _, b in files])
        inputs.append((corpus_pcap, [p for p, _ in files]))

        for capture, names in inputs:
            ours = pc.sipspan_dump(sipspan, capture)
            theirs = tshark_messages(capture)
            for record in sorted(set(ours) | set(theirs)):
                mine, wire = ours.get(record, []), theirs.get(record, [])
                key0 = names[record - 1] if names else "%s#%d" % (os.path.basename(capture), record)
                parsed = [m for m in mine if m["ok"]]
                skipped += len(mine) - len(parsed)
                if len(parsed) != len(mine) or not mine:
                    continue  # sipspan rejects it (or finds no SIP message): no fields to compare
                if len(wire) != len(mine):
                    if (key0, "messages") in known:
                        seen_known.add((key0, "messages"))
                    else:
                        failures.append("%s: messages: sipspan finds %d, tshark %d" % (key0, len(mine), len(wire)))
                    if not wire:
                        continue
                for i, (m, w) in enumerate(zip(mine, wire)):
                    key = key0 if len(mine) == 1 else "%s/%d" % (key0, i)
                    a, b = sipspan_fields(m), tshark_fields(w)
                    compared += 1
                    for field in FIELDS:
                        if a[field] == b[field]:
                            continue
                        if (key, field) in known:
                            seen_known.add((key, field))
                            continue
                        failures.append("%s: %s: sipspan %r, tshark %r" % (key, field, a[field], b[field]))
    finally:
        shutil.rmtree(tmp)

    stale = sorted(set(known) - seen_known)
    for key, field in stale:
        failures.append("%s: %s: listed in tshark_known.tsv but the tools now agree" % (key, field))
    print("%s; %d messages compared on %d fields, %d not parsed by sipspan (not compared), "
          "%d known disagreements (tshark_known.tsv), %d failures"
          % (version, compared, len(FIELDS), skipped, len(seen_known), len(failures)))
    for f in failures:
        print("FAIL " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
