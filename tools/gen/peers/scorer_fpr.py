#!/usr/bin/env python3
"""False-positive rates of the anomaly scorer on the peer captures, as Markdown tables.

    python3 tools/gen/peers/scorer_fpr.py [--sipspan build/tools/sipspan] [--fpr F] [--json FILE] CAPTURE...

The captures (corpus/captures/peers/*.pcap) are real third-party traffic, benign by
construction; no profile was trained on them. They are grouped by site, the
implementations of one recording scenario (the capture name's prefix: baresip and
linphone through Kamailio, SIPp, SIPp through Kamailio, sipsak with Kamailio and
baresip; any other capture, such as a public one given to check, is one more site).
For each site:

- the built-in profile: `sipspan score --capture ...` over all the site's messages,
  and per sending implementation (User-Agent or Server, as lint_report.py names it);
- a site-trained profile: the site's messages in capture order (captures sorted by
  name, then record order), the first 70 % written to new pcaps (the records before
  the first held-out message) for `sipspan train --capture ...` (which keeps its own
  last quarter to calibrate), the rest scored with that profile. The counts are
  those sipspan reads from the split pcaps (a TCP message cut by the split is lost);
  a site with a pcapng capture to cut is reported as not split.

With --recipe SCRIPT (tools/gen/default_profile.sh), also the built-in profile's recipe
with one implementation held out: for each implementation of HELD_OUT, the recipe run
without the captures that implementation takes part in (LEAVE_OUT, a pattern on the
capture's path), and those captures scored with that profile, per sending
implementation: false-positive rates on real traffic of an implementation the
profile never saw.

A message alerts when `sipspan score` says so at the target FPR (--fpr, 0.001). Prints
the tables (and writes the counts to --json FILE); exit 2 on a usage or run error. Needs no network and writes only to a
temporary directory.
"""
import argparse
import collections
import json
import math
import os
import re
import struct
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lint_report import implementations, run_lines  # noqa: E402

# site -> capture-name pattern, first match wins
SITES = [("Kamailio relaying SIPp (`sipp-kamailio-*`)", r"^sipp-kamailio-"),
         ("baresip + linphonec through Kamailio (`baresip-linphone-*`)", r"^baresip-linphone-"),
         ("SIPp (`sipp-*`)", r"^sipp-"),
         ("sipsak with Kamailio, baresip (`sipsak-*`)", r"^sipsak-"),
         ("other captures", r"")]
TRAIN_SHARE = 0.7
# implementation -> the captures it takes part in (LEAVE_OUT for the recipe: a path pattern)
HELD_OUT = [("SIPp", r"captures/sipp/|peers/sipp-"),
            ("Kamailio", r"peers/(sipp-kamailio|baresip-linphone|sipsak)-"),
            ("baresip + linphonec", r"peers/baresip-linphone-|peers/sipsak-(options|trace)-"),
            ("sipsak", r"peers/sipsak-")]


def wilson_high(k, n, z=1.96):
    """Upper end of the 95 % Wilson interval of k/n."""
    if n == 0:
        return float("nan")
    p = k / n
    d = 1 + z * z / n
    c = p + z * z / (2 * n)
    r = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (c + r) / d


def rate(k, n):
    return "n/a" if n == 0 else "%d / %d = %.2f %% (≤ %.1f %%)" % (k, n, 100.0 * k / n, 100.0 * wilson_high(k, n))


def score(sipspan, captures, fpr, profile=None):
    cmd = [sipspan, "score", "--format", "jsonl", "--threads", "0", "--fpr", str(fpr)]
    if profile:
        cmd += ["--model", profile]
    for c in captures:
        cmd += ["--capture", c]
    return run_lines(cmd)


def pcap_records(path):
    """(global header, [record bytes]) of a classic pcap file."""
    with open(path, "rb") as f:
        data = f.read()
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        endian = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        endian = ">"
    else:
        raise ValueError("%s: not a classic pcap file (pcapng is not split here)" % os.path.basename(path))
    records, pos = [], 24
    while pos + 16 <= len(data):
        caplen = struct.unpack(endian + "I", data[pos + 8:pos + 12])[0]
        records.append(data[pos:pos + 16 + caplen])
        pos += 16 + caplen
    return data[:24], records


def write_pcap(path, header, records):
    with open(path, "wb") as f:
        f.write(header)
        for r in records:
            f.write(r)


def split_site(sipspan, captures, tmp, fpr):
    """The site's captures cut after the first 70 % of its messages: (train pcaps, test pcaps)."""
    per_capture = [(c, score(sipspan, [c], fpr)) for c in captures]
    total = sum(len(m) for _, m in per_capture)
    cut = math.ceil(total * TRAIN_SHARE)
    train, test, seen = [], [], 0
    for c, msgs in per_capture:
        name = os.path.basename(c)
        if seen + len(msgs) <= cut:
            train.append(c)
        elif seen >= cut:
            test.append(c)
        else:
            first_test = msgs[cut - seen]["capture_record"]  # 1-based record of the first held-out message
            header, records = pcap_records(c)
            a = os.path.join(tmp, "train-" + name)
            b = os.path.join(tmp, "test-" + name)
            write_pcap(a, header, records[:first_test - 1])
            write_pcap(b, header, records[first_test - 1:])
            train.append(a)
            test.append(b)
        seen += len(msgs)
    return train, test


def count_alerts(sipspan, captures, fpr, impl, profile=None):
    """(alerts, messages) of the captures; impl[sending implementation] += [alerts, messages]."""
    k = n = 0
    for c in captures:
        scored = score(sipspan, [c], fpr, profile)
        dumps = run_lines([sipspan, "dump", c])
        if len(dumps) != len(scored):
            sys.exit("%s: dump found %d messages, score %d" % (c, len(dumps), len(scored)))
        for who, rec in zip(implementations(c, dumps, scored), scored):
            alert = bool(rec["score"]["alert"])
            impl[who][0] += alert
            impl[who][1] += 1
            k += alert
            n += 1
    return k, n


def held_out(sipspan, recipe, captures, fpr, tmp):
    """The recipe without each HELD_OUT implementation's captures, scored on those captures."""
    def train(name, leave_out):
        out = os.path.join(tmp, name + ".json")
        env = dict(os.environ, LEAVE_OUT=leave_out)
        p = subprocess.run(["bash", recipe, sipspan, out], capture_output=True, text=True, env=env)
        if p.returncode != 0:
            sys.exit("%s: exit %d: %s" % (recipe, p.returncode, p.stderr.strip()))
        with open(out) as f:
            j = json.load(f)
        return out, j["trained_messages"] + j["calibration_messages"]

    _, all_messages = train("recipe-all", "")
    rows = []
    for i, (who, pattern) in enumerate(HELD_OUT):
        left = [c for c in captures if re.search(pattern, c.replace(os.sep, "/"))]
        if not left:
            continue
        profile, messages = train("recipe-%d" % i, pattern)
        impl = collections.defaultdict(lambda: [0, 0])
        k, n = count_alerts(sipspan, left, fpr, impl, profile)
        rows.append({"held_out": who, "captures": [os.path.basename(c) for c in left],
                     "recipe_messages": messages, "alerts": k, "messages": n,
                     "implementations": [{"implementation": w, "alerts": v[0], "messages": v[1]}
                                         for w, v in sorted(impl.items())]})
    return all_messages, rows


def held_out_table(all_messages, rows):
    out = ["", "### Built-in recipe, one implementation held out\n",
           "`tools/gen/default_profile.sh` (the built-in profile's recipe, %d messages) run without the captures "
           "an implementation takes part in, then `sipspan score --model` on those captures: each sender's "
           "alerts, on traffic of an implementation the profile never saw." % all_messages, "",
           "| held out | captures | recipe messages left | sending implementation | alerts / messages |",
           "| --- | ---: | ---: | --- | --- |"]
    for r in rows:
        first = True
        for i in sorted(r["implementations"], key=lambda i: (-i["messages"], i["implementation"])):
            out.append("| %s | %s | %s | %s | %s |" % (r["held_out"] if first else "", len(r["captures"]) if first else "",
                                                    r["recipe_messages"] if first else "", i["implementation"],
                                                    rate(i["alerts"], i["messages"])))
            first = False
        out.append("| | | | **all** | **%s** |" % rate(r["alerts"], r["messages"]))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sipspan", default="build/tools/sipspan")
    ap.add_argument("--fpr", type=float, default=0.001)
    ap.add_argument("--json", help="also write the counts to this file")
    ap.add_argument("--recipe", help="the built-in profile's recipe (tools/gen/default_profile.sh): "
                    "also report it with each implementation held out")
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()

    sites = collections.OrderedDict((name, []) for name, _ in SITES)
    for c in sorted(a.captures, key=os.path.basename):
        for name, pattern in SITES:
            if re.search(pattern, os.path.basename(c)):
                sites[name].append(c)
                break

    builtin_rows, impl_rows, site_rows = [], collections.defaultdict(lambda: [0, 0]), []
    all_k = all_n = 0
    with tempfile.TemporaryDirectory(prefix="sipspan-peers-fpr-") as tmp:
        for site, caps in sites.items():
            if not caps:
                continue
            k, n = count_alerts(a.sipspan, caps, a.fpr, impl_rows)
            builtin_rows.append((site, len(caps), k, n))
            all_k += k
            all_n += n

            try:
                train, test = split_site(a.sipspan, caps, tmp, a.fpr)
            except ValueError as e:
                site_rows.append((site, None, [str(e)], None, None))
                continue
            profile = os.path.join(tmp, "site-%d.json" % len(site_rows))
            cmd = [a.sipspan, "train", "-o", profile]
            for c in train:
                cmd += ["--capture", c]
            p = subprocess.run(cmd, capture_output=True, text=True)
            if p.returncode != 0:
                site_rows.append((site, None, p.stderr.strip().splitlines()[-1:], None, None))
                continue
            trained = sum(len(score(a.sipspan, [c], a.fpr)) for c in train)
            held = score(a.sipspan, test, a.fpr, profile)
            held_builtin = score(a.sipspan, test, a.fpr)
            site_rows.append((site, trained, sum(r["score"]["alert"] for r in held), len(held),
                              sum(r["score"]["alert"] for r in held_builtin)))
        recipe_all, held_rows = held_out(a.sipspan, a.recipe, a.captures, a.fpr, tmp) if a.recipe else (0, [])

    out = ["### Built-in profile, per site\n",
           "Alerts at the threshold for FPR %g; in brackets the upper end of the 95 %% Wilson interval." % a.fpr, "",
           "| site | captures | alerts / messages |", "| --- | ---: | --- |"]
    for site, ncap, k, n in builtin_rows:
        out.append("| %s | %d | %s |" % (site, ncap, rate(k, n)))
    out.append("| **all** | %d | **%s** |" % (sum(r[1] for r in builtin_rows), rate(all_k, all_n)))
    out += ["", "### Built-in profile, per sending implementation\n",
            "| implementation (User-Agent or Server of the sender) | alerts / messages |", "| --- | --- |"]
    for who in sorted(impl_rows, key=lambda w: (-impl_rows[w][1], w)):
        out.append("| %s | %s |" % (who, rate(*impl_rows[who])))
    out += ["", "### Site-trained profile, on the site's held-out 30 %\n",
            "`sipspan train` on the first 70 % of the site's messages (its last quarter of those calibrates), then "
            "`sipspan score --model` on the remaining 30 %; the built-in profile on the same held-out messages "
            "beside it.", "",
            "| site | training messages | held-out alerts, site profile | held-out alerts, built-in profile |",
            "| --- | ---: | --- | --- |"]
    for site, trained, k, n, kb in site_rows:
        if trained is None:
            out.append("| %s | — | training failed: %s | — |" % (site, " ".join(k)))
        else:
            out.append("| %s | %d | %s | %s |" % (site, trained, rate(k, n), rate(kb, n)))
    if a.recipe:
        out += held_out_table(recipe_all, held_rows)
    print("\n".join(out))
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"fpr": a.fpr,
                       "builtin": {"alerts": all_k, "messages": all_n,
                                   "sites": [{"site": s, "alerts": k, "messages": n} for s, _, k, n in builtin_rows],
                                   "implementations": [{"implementation": w, "alerts": v[0], "messages": v[1]}
                                                       for w, v in sorted(impl_rows.items())]},
                       "site_trained": [{"site": s, "training_messages": t, "alerts": k, "messages": n,
                                         "builtin_alerts": kb} for s, t, k, n, kb in site_rows if t is not None],
                       "recipe_messages": recipe_all, "held_out": held_rows},
                      f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
