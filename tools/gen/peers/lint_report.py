#!/usr/bin/env python3
"""Lint figures of the peer captures, as Markdown tables (for docs/peers.md).

    python3 tools/gen/peers/lint_report.py [--sipspan build/tools/sipspan] CAPTURE...

For each capture, `sipspan dump` (JSON lines, one a message) names the sending
implementation of each message and `sipspan lint --format jsonl --mode P` gives
its findings under each profile (strict, interop, forensic). The implementation is
the message's User-Agent or Server value; a message Kamailio sends (from the port
Kamailio's own answers come from) is "kamailio relaying X" when it carries another
implementation's header, and a message with neither header is "no User-Agent/Server,
in PEER-* captures", PEER being the capture name's first word.

Prints: messages, errors and warnings per capture and per implementation under each
profile, then every rule that fired, per profile and implementation. Exit 1 when a
message has an error under interop (the peers' traffic is legal unless the findings
say otherwise), 2 on a usage or run error.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

PROFILES = ("strict", "interop", "forensic")


def run_lines(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        sys.exit("%s: exit %d: %s" % (" ".join(cmd), p.returncode, p.stderr.strip()))
    if " is deprecated: use " in p.stderr:  # the CLI's note on an old option name (cli_names.cpp)
        sys.exit("%s: %s" % (" ".join(cmd), p.stderr.strip()))
    return [json.loads(line) for line in p.stdout.splitlines() if line.strip()]


def header_value(msg, ident):
    for h in msg.get("headers", []):
        if h["id"] == ident:
            return h["value"].strip()
    return None


def implementations(path, dumps, lints):
    """The sending implementation of each message of one capture."""
    peer = os.path.basename(path).split("-")[0]
    kamailio_ports = set()
    for d, l in zip(dumps, lints):
        server = header_value(d, "server") or ""
        if d.get("kind") == "response" and server.startswith("kamailio"):
            kamailio_ports.add(l["src_port"])
    names = []
    for d, l in zip(dumps, lints):
        own = header_value(d, "user_agent") if d.get("kind") == "request" else header_value(d, "server")
        own = own or header_value(d, "user_agent") or header_value(d, "server")
        if l["src_port"] in kamailio_ports and not (own or "").startswith("kamailio"):
            names.append("kamailio relaying " + (own or "(no User-Agent/Server)"))
        else:
            names.append(own or "no User-Agent/Server, in %s-* captures" % peer)
    return names


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sipspan", default="build/tools/sipspan")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()

    per_capture = collections.OrderedDict()  # path -> {profile: [msgs, errors, warnings]}
    per_impl = collections.defaultdict(lambda: {p: [0, 0, 0] for p in PROFILES})
    rules = {p: collections.defaultdict(collections.Counter) for p in PROFILES}  # (code, name, sev) -> impl -> n
    interop_errors = []
    for path in a.captures:
        dumps = run_lines([a.sipspan, "dump", path])
        lint = {p: run_lines([a.sipspan, "lint", "--format", "jsonl", "--mode", p, "--threads", "0", path])
                for p in PROFILES}
        for p in PROFILES:
            if len(lint[p]) != len(dumps):
                sys.exit("%s: dump found %d messages, lint (%s) %d" % (path, len(dumps), p, len(lint[p])))
        names = implementations(path, dumps, lint["interop"])
        per_capture[path] = {}
        for p in PROFILES:
            row = per_capture[path][p] = [len(dumps), 0, 0]
            for name, rec in zip(names, lint[p]):
                s = rec["lint"]
                row[1] += s["errors"]
                row[2] += s["warnings"]
                impl = per_impl[name][p]
                impl[0] += 1
                impl[1] += s["errors"]
                impl[2] += s["warnings"]
                for f in s["findings"]:
                    rules[p][(f["code"], f["rule"], f["severity"])][name] += 1
                if p == "interop" and s["errors"]:
                    interop_errors.append((path, rec["capture_record"], name,
                                           ["%s %s" % (f["code"], f["rule"]) for f in s["findings"] if f["severity"] == "error"]))

    out = []
    out.append("### Per capture\n")
    out.append("| capture | messages | " + " | ".join("%s errors / warnings" % p for p in PROFILES) + " |")
    out.append("| --- | ---: | " + " | ".join("---:" for _ in PROFILES) + " |")
    total = {p: [0, 0, 0] for p in PROFILES}
    for path, row in per_capture.items():
        out.append("| `%s` | %d | " % (os.path.basename(path), row["interop"][0]) +
                   " | ".join("%d / %d" % (row[p][1], row[p][2]) for p in PROFILES) + " |")
        for p in PROFILES:
            for i in range(3):
                total[p][i] += row[p][i]
    out.append("| **all %d captures** | **%d** | " % (len(per_capture), total["interop"][0]) +
               " | ".join("**%d / %d**" % (total[p][1], total[p][2]) for p in PROFILES) + " |")

    out.append("\n### Per implementation (User-Agent or Server of the sender)\n")
    out.append("| implementation | messages | " + " | ".join("%s errors / warnings" % p for p in PROFILES) + " |")
    out.append("| --- | ---: | " + " | ".join("---:" for _ in PROFILES) + " |")
    for name in sorted(per_impl, key=lambda n: (-per_impl[n]["interop"][0], n)):
        row = per_impl[name]
        out.append("| %s | %d | " % (name, row["interop"][0]) +
                   " | ".join("%d / %d" % (row[p][1], row[p][2]) for p in PROFILES) + " |")

    for p in PROFILES:
        out.append("\n### Rules that fired, profile `%s`\n" % p)
        if not rules[p]:
            out.append("none")
            continue
        out.append("| rule | severity | findings | implementations (findings) |")
        out.append("| --- | --- | ---: | --- |")
        for (code, name, sev), by in sorted(rules[p].items(), key=lambda kv: (kv[0][2] != "error", kv[0][0])):
            who = ", ".join("%s (%d)" % (n, c) for n, c in by.most_common())
            out.append("| %s `%s` | %s | %d | %s |" % (code, name, sev, sum(by.values()), who))

    out.append("\n### Errors under interop\n")
    if not interop_errors:
        out.append("none")
    for path, record, name, codes in interop_errors:
        out.append("- `%s` record %d (%s): %s" % (os.path.basename(path), record, name, ", ".join(codes)))
    print("\n".join(out))
    return 1 if interop_errors else 0


if __name__ == "__main__":
    sys.exit(main())
