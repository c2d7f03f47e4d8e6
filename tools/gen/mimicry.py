#!/usr/bin/env python3
"""Mimicry attacks: benign SIP messages changed by a few bytes so that parsers disagree.

After Marchal et al., IEEE TNSM 2015: a malicious message that stays within a few
bytes of a normal one, using a corner of the grammar (or just past it) that one
parser reads one way and another parser another way. Each transform is a named
function whose docstring says what it abuses; they live by family in the package
mimicry_families (numeric ranges, version spellings, parameters, escapes, look-alike
names, compact forms, line structure, bytes before the start line, quotes and
brackets, control bytes, Content-Length, disagreements, duplicated headers).

    mimicry.py --in DIR --out DIR [--k K] [--seed S] [--count N] [--ext EXT]
               [--only NAMES | --families NAMES | --classic] [--per-family]

reads the messages of DIR (*.sip and *.msg), applies to each chosen message 1..K
transforms (K = 3 by default; each on a different header where possible) and writes
OUT/NNNNNN.<ext> plus OUT/labels.jsonl, one JSON object a file:
  file, source, label ("attack"), transforms (names), headers (the canonical header
  each transform changed, or "start-line"), families (the family of each transform,
  see mimicry_families), offsets (where each edit starts in the
  output), lengths (how many bytes each edit wrote there), legal (true when every
  transform stays inside RFC 3261's grammar), edit_distance (byte Levenshtein
  distance between source and output).
The same seed and input give the same bytes.
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mimicry_families import BY_NAME, FAMILIES, FAMILY_OF, LAST, LEGAL, TRANSFORMS  # noqa: E402,F401
from mimicry_families.message import (COMPACT, LONG_NAMES, Edit, Header, body_of, index,  # noqa: E402,F401
                                      outside_quotes, pick)

# The first transforms, in their first order: `--classic` draws from these alone, as
# corpus/mimicry was made, so that the same seed still gives the same bytes.
CLASSIC = ["space_in_name", "comma_in_display_name", "comma_in_call_id", "compact_via_commas",
           "control_byte_before_colon", "case_variant_duplicate_singleton",
           "compact_and_long_content_length", "lf_only_line", "tab_fold_inside_token",
           "utf8_lookalike_in_name", "trailing_whitespace_in_name", "junk_before_start_line",
           "trailing_comma_in_list", "empty_list_element", "missing_magic_cookie",
           "unbalanced_quote_display_name", "unbalanced_angle", "content_length_off_by",
           "second_via_without_sent_protocol", "duplicate_to_different_tag", "nul_in_value",
           "header_name_case_mix"]


# --------------------------------------------------------------------------- applying


def apply(rng, msg, names):
    """Apply the named transforms in turn. Returns (bytes, applied) where applied is a
    list of (name, header, offset, length) with offsets in the final output."""
    applied = []
    avoid = set()
    for name in sorted(names, key=lambda n: LAST.get(n, 0)):
        e = BY_NAME[name](rng, msg, index(msg), avoid)
        if e is None:
            continue
        msg = msg[:e.start] + e.data + msg[e.end:]
        delta = len(e.data) - (e.end - e.start)
        moved = []
        for (n, h, off, ln) in applied:
            if off >= e.end:
                off += delta  # the edit lies before the earlier one
            elif off >= e.start:
                off = e.start  # the earlier edit's first bytes were replaced
            elif e.start < off + ln:
                ln = max(0, ln + delta)  # the edit lies inside the earlier one
            moved.append((n, h, off, ln))
        applied = moved + [(name, e.header, e.start, len(e.data))]
        avoid.add(e.header)
    return msg, applied


def apply_one(rng, msg, name):
    """Apply one transform; (bytes, (name, header, offset, length)) or (msg, None)."""
    out, applied = apply(rng, msg, [name])
    return out, (applied[0] if applied else None)


def edit_distance(a, b):
    """Levenshtein distance between byte strings a and b (insert, delete, substitute,
    each cost 1). The common prefix and suffix are dropped, then a band of width w
    around the diagonal is computed, doubling w until the answer is inside the band
    (Ukkonen): O((n + m) * d) for a distance d."""
    i = 0
    n, m = len(a), len(b)
    while i < n and i < m and a[i] == b[i]:
        i += 1
    j = 0
    while j < n - i and j < m - i and a[n - 1 - j] == b[m - 1 - j]:
        j += 1
    a, b = a[i:n - j], b[i:m - j]
    n, m = len(a), len(b)
    if n == 0 or m == 0:
        return n + m
    w = max(8, abs(n - m) + 1)
    big = n + m + 1
    while True:
        prev = [k if k <= w else big for k in range(m + 1)]
        for x in range(1, n + 1):
            lo, hi = max(1, x - w), min(m, x + w)
            cur = [big] * (m + 1)
            if x <= w:
                cur[0] = x
            ax = a[x - 1]
            for y in range(lo, hi + 1):
                c = prev[y - 1] + (ax != b[y - 1])
                d = prev[y] + 1
                if d < c:
                    c = d
                d = cur[y - 1] + 1
                if d < c:
                    c = d
                cur[y] = c
            prev = cur
        if prev[m] <= w or w >= n + m:
            return prev[m]
        w *= 2


def draw(rng, pool, k, per_family):
    """k distinct transforms of pool: uniformly, or (per_family) k distinct families
    uniformly and one transform of each, so that small families get as many attacks."""
    if not per_family:
        return rng.sample(pool, k)
    fams = sorted({FAMILY_OF[n] for n in pool})
    return [rng.choice([n for n in pool if FAMILY_OF[n] == f]) for f in rng.sample(fams, min(k, len(fams)))]


def sources_in(d):
    return sorted(f for f in os.listdir(d) if f.endswith((".sip", ".msg")))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--in", dest="inp", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--k", type=int, default=3, help="at most this many transforms a message (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--count", type=int, help="messages to write (default: one per input)")
    ap.add_argument("--ext", help="file extension (default: the input files')")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--only", help="comma-separated transform names to draw from (default: all)")
    which.add_argument("--families", help="comma-separated families to draw from (default: all)")
    which.add_argument("--classic", action="store_true",
                       help="draw from the first 22 transforms only, in their first order (corpus/mimicry)")
    ap.add_argument("--per-family", action="store_true",
                    help="draw k families first, then one transform of each (as many attacks a family)")
    a = ap.parse_args(argv)
    rng = random.Random(a.seed)
    srcs = sources_in(a.inp)
    if not srcs:
        ap.error("no .sip or .msg files in %s" % a.inp)
    pool = list(CLASSIC) if a.classic else [t.__name__ for t in TRANSFORMS]
    if a.families:
        bad = [f for f in a.families.split(",") if f not in FAMILIES]
        if bad:
            ap.error("unknown families: %s (known: %s)" % (", ".join(bad), ", ".join(FAMILIES)))
        pool = [n for f in a.families.split(",") for n in FAMILIES[f]]
    if a.only:
        pool = a.only.split(",")
        bad = [n for n in pool if n not in BY_NAME]
        if bad:
            ap.error("unknown transforms: %s" % ", ".join(bad))
    count = a.count if a.count is not None else len(srcs)
    order = list(srcs)
    rng.shuffle(order)
    os.makedirs(a.out, exist_ok=True)
    with open(os.path.join(a.out, "labels.jsonl"), "w", encoding="utf-8") as labels:
        for n in range(count):
            src = order[n % len(order)]
            with open(os.path.join(a.inp, src), "rb") as f:
                msg = f.read()
            k = rng.randint(1, max(1, min(a.k, len(pool))))
            names = draw(rng, pool, k, a.per_family)
            out, applied = apply(rng, msg, names)
            tries = 0
            # none applied: draw again (--per-family: in the same families, which keeps them uniform)
            again = [n for n in pool if FAMILY_OF[n] in {FAMILY_OF[x] for x in names}] if a.per_family else pool
            while not applied and tries < 5:
                out, applied = apply(rng, msg, draw(rng, again, k, a.per_family))
                tries += 1
            ext = a.ext or os.path.splitext(src)[1]
            name = "%06d%s" % (n + 1, ext)
            with open(os.path.join(a.out, name), "wb") as f:
                f.write(out)
            rec = {"file": name, "source": src, "label": "attack",
                   "transforms": [x[0] for x in applied],
                   "families": [FAMILY_OF[x[0]] for x in applied], "headers": [x[1] for x in applied],
                   "offsets": [x[2] for x in applied], "lengths": [x[3] for x in applied],
                   "legal": all(x[0] in LEGAL for x in applied),
                   "edit_distance": edit_distance(msg, out)}
            labels.write(json.dumps(rec) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
