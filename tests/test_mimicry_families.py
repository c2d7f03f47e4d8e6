#!/usr/bin/env python3
"""Tests of the mimicry transform families (tools/gen/mimicry_families).

    test_mimicry_families.py

Every transform is in exactly one family; every family needed for an evaluation that
an unseen attack would meet is there; each transform alone changes a message with one
edit at the offset it records, and the change is the one its family names (a number
out of range, a version spelled otherwise, a tag given twice, ...); labels.jsonl
carries each transform's family; `--families` and `--classic` draw from what they
say; the median edit distance stays at a few bytes, as mimicry's does. Standard
library only (unittest; pytest collects it too).
"""
import io
import json
import os
import random
import re
import statistics
import sys
import tempfile
import unittest
from contextlib import redirect_stderr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, os.path.join(ROOT, "tools", "gen"))
import benign  # noqa: E402
import mimicry  # noqa: E402
from mimicry_families.message import StartLine, index  # noqa: E402

SOURCES = [d for d, _ in benign.generate(60, 5)]

REQUIRED = {"numeric_range", "version_spelling", "parameters", "escapes", "lookalike_names",
            "compact_forms", "line_structure", "before_start_line", "quoting_brackets",
            "control_bytes", "content_length", "disagreement"}


def value_of(msg, name):
    """Values of the header rows whose canonical name is name."""
    return [h.value(msg) for h in index(msg) if h.canonical == name]


def version(msg):
    sl = StartLine(msg)
    return msg[sl.version[0]:sl.version[1]] if sl.version else b""


def body(msg):
    i = msg.find(b"\r\n\r\n")
    return msg[i + 4:] if i >= 0 else b""


def ports(msg):
    return [int(p) for p in re.findall(rb"[\]\w.]:(\d+)", msg.split(b"\r\n\r\n")[0])]


def cseq_method(msg):
    v = value_of(msg, "CSeq")
    return v[0].split()[-1] if v else b""


def tags(v):
    return re.findall(rb";\s*tag=", v, re.I)


# transform -> predicate(source, output): the change its family is about happened
CHANGED = {
    "cseq_past_2_31": lambda s, o: int(value_of(o, "CSeq")[0].split()[0]) >= 2 ** 31,
    "port_past_65535": lambda s, o: max(ports(o)) > 65535,
    "max_forwards_signed": lambda s, o: value_of(o, "Max-Forwards")[0][:1] in (b"+", b"-"),
    "content_length_signed": lambda s, o: value_of(o, "Content-Length")[0][:1] in (b"+", b"-"),
    "content_length_leading_zeros": lambda s, o: value_of(o, "Content-Length")[0].startswith(b"0")
    and len(value_of(o, "Content-Length")[0]) > 1 and int(value_of(o, "Content-Length")[0]) == len(body(o)),
    "expires_past_2_32": lambda s, o: any(int(n) >= 2 ** 32 for n in re.findall(
        rb"(?:^(?:Expires|Min-Expires|Session-Expires|x)[ \t]*:[ \t]*|expires=)(\d+)", o, re.I | re.M)),
    "status_code_four_digits": lambda s, o: re.match(rb"SIP/2\.0 \d{4} ", o) is not None,
    "version_lower_case": lambda s, o: version(o) != b"SIP/2.0" and version(o).upper() == b"SIP/2.0",
    "version_extra_digit": lambda s, o: version(o) in (b"SIP/2.00", b"SIP/02.0"),
    "version_other_number": lambda s, o: re.fullmatch(rb"SIP/\d\.\d", version(o)) is not None and version(o) != b"SIP/2.0",
    "version_space_inside": lambda s, o: b"SIP /2.0" in o.split(b"\r\n")[0] or b"SIP/ 2.0" in o.split(b"\r\n")[0],
    "via_version_spelling": lambda s, o: not all(v.startswith(b"SIP/2.0/") for v in value_of(o, "Via")),
    "tag_twice": lambda s, o: any(len(tags(v)) == 2 for v in value_of(o, "From") + value_of(o, "To")),
    "branch_twice": lambda s, o: any(v.count(b";branch=") == 2 for v in value_of(o, "Via")),
    "tag_separator_comma": lambda s, o: any(b",tag=" in v for v in value_of(o, "From") + value_of(o, "To")),
    "tag_inside_angle": lambda s, o: any(re.search(rb";tag=[^>]*>$", v) for v in value_of(o, "From") + value_of(o, "To")),
    "empty_via_parameter": lambda s, o: b";;" in o,
    "space_around_equals": lambda s, o: re.search(rb"\w[ \t]+=|=[ \t]+\w", o.split(b"\r\n\r\n")[0]) is not None,
    "percent_escaped_host": lambda s, o: o.count(b"%") > s.count(b"%"),
    "percent_escaped_method": lambda s, o: o.count(b"%") > s.count(b"%"),
    "percent_escaped_user": lambda s, o: o.count(b"%") > s.count(b"%"),
    "percent_escaped_parameter": lambda s, o: o.count(b"%") > s.count(b"%"),
    "truncated_percent_escape": lambda s, o: re.search(rb"%[0-9A-Fa-f]?@", o) is not None,
    "scheme_less_uri": lambda s, o: b"</" in o,
    "escaped_crlf_in_user": lambda s, o: re.search(rb"%0[DdAa0]", o) is not None,
    "ascii_lookalike_in_name": lambda s, o: len(index(o)) == len(index(s)) and
    sum(h.canonical is None for h in index(o)) == sum(h.canonical is None for h in index(s)) + 1,
    "fullwidth_colon": lambda s, o: "\uff1a".encode() in o or "\u200b".encode() in o,
    "compact_letter_swap": lambda s, o: [h.canonical for h in index(o)] != [h.canonical for h in index(s)],
    "compact_unassigned_letter": lambda s, o: sum(h.canonical is None for h in index(o)) == sum(h.canonical is None for h in index(s)) + 1,
    "compact_upper_case": lambda s, o: any(len(h.name(o)) == 1 and h.name(o).isupper() for h in index(o)),
    "bare_cr_line_end": lambda s, o: re.search(rb"\r(?!\n)", o) is not None,
    "fold_after_separator": lambda s, o: o.count(b"\r\n ") + o.count(b"\r\n\t") > s.count(b"\r\n ") + s.count(b"\r\n\t"),
    "fold_before_colon": lambda s, o: re.search(rb"^[\w-]+\r\n :", o, re.M) is not None,
    "whitespace_only_line": lambda s, o: re.search(rb"\r\n[ \t]\r\n", o) is not None,
    "empty_line_inside_headers": lambda s, o: len(index(o)) < len(index(s)),
    "crlf_before_start_line": lambda s, o: o.startswith(b"\r\n") and o.lstrip(b"\r\n") == s,
    "bare_lf_before_start_line": lambda s, o: o[1:] == s and o[:1] in (b"\n", b"\r"),
    "space_before_method": lambda s, o: o[1:] == s and o[:1] in (b" ", b"\t"),
    "escaped_closing_quote": lambda s, o: o.count(b'\\"') > s.count(b'\\"'),
    "extra_closing_angle": lambda s, o: b">>" in o,
    "angle_inside_uri": lambda s, o: o.count(b"<") + o.count(b'"') == s.count(b"<") + s.count(b'"') + 1,
    "unbalanced_ipv6_bracket": lambda s, o: o.count(b"[") != o.count(b"]"),
    "del_or_high_byte_in_value": lambda s, o: any(c in o for c in (b"\x7f", b"\xff", b"\xc0", b"\x80")),
    "vertical_tab_as_space": lambda s, o: b"\x0b" in o or b"\x0c" in o,
    "escape_sequence_in_value": lambda s, o: b"\x1b" in o,
    "content_length_space_inside": lambda s, o: b" " in value_of(o, "Content-Length")[0].strip(),
    "content_length_hex_prefix": lambda s, o: value_of(o, "Content-Length")[0].lower().startswith(b"0x"),
    "content_length_wraps_32": lambda s, o: int(value_of(o, "Content-Length")[0]) - 2 ** 32 == len(body(o)),
    "content_length_repeated_equal": lambda s, o: len(set(value_of(o, "Content-Length"))) == 1
    and len(value_of(o, "Content-Length")) == 2,
    "cseq_method_mismatch": lambda s, o: cseq_method(o) != o.split(b" ", 1)[0],
    "response_cseq_method_mismatch": lambda s, o: cseq_method(o) != cseq_method(s)
    and cseq_method(o).upper() == cseq_method(s).upper(),
    "content_type_mismatch": lambda s, o: value_of(o, "Content-Type") != value_of(s, "Content-Type")
    and body(o) == body(s),
    "singleton_repeated_one_byte_off": lambda s, o: len(value_of(o, "Call-ID") + value_of(o, "From"))
    == len(value_of(s, "Call-ID") + value_of(s, "From")) + 1,
}


class Families(unittest.TestCase):
    def test_each_transform_in_exactly_one_family(self):
        seen = [n for names in mimicry.FAMILIES.values() for n in names]
        self.assertEqual(len(seen), len(set(seen)))
        self.assertEqual(set(seen), set(mimicry.BY_NAME))
        self.assertEqual(len(mimicry.TRANSFORMS), len(mimicry.BY_NAME))
        for name, fam in mimicry.FAMILY_OF.items():
            self.assertIn(name, mimicry.FAMILIES[fam])
        self.assertLessEqual(REQUIRED, set(mimicry.FAMILIES))
        self.assertLessEqual(set(mimicry.CLASSIC), set(mimicry.BY_NAME))
        self.assertEqual(len(mimicry.CLASSIC), 22)
        self.assertGreaterEqual(len(mimicry.TRANSFORMS), 60)
        self.assertLessEqual(set(mimicry.LEGAL), set(mimicry.BY_NAME))

    def test_every_transform_is_documented_with_a_section(self):
        for t in mimicry.TRANSFORMS:
            self.assertTrue(t.__doc__ and "§" in t.__doc__, t.__name__)

    def test_every_new_transform_has_an_oracle(self):
        new = set(mimicry.BY_NAME) - set(mimicry.CLASSIC)
        self.assertEqual(new - set(CHANGED), set())

    def test_each_transform_alone(self):
        for t in mimicry.TRANSFORMS:
            name = t.__name__
            rng = random.Random(name)
            applied = 0
            for src in SOURCES:
                out, a = mimicry.apply_one(rng, src, name)
                if a is None:
                    continue
                applied += 1
                _, header, off, ln = a
                self.assertNotEqual(out, src, name)
                tail = len(out) - off - ln
                self.assertEqual(out[:off], src[:off], name)
                self.assertEqual(out[off + ln:], src[len(src) - tail:], name)
                self.assertTrue(header in mimicry.LONG_NAMES or header == "start-line", (name, header))
                if name in CHANGED:
                    self.assertTrue(CHANGED[name](src, out), (name, out[max(0, off - 40):off + ln + 40]))
            self.assertGreater(applied, 0, name)

    def test_oracles_fail_on_the_source(self):
        # an oracle that also holds for the unchanged message proves nothing
        for name, pred in CHANGED.items():
            rng = random.Random(name)
            for src in SOURCES[:20]:
                out, a = mimicry.apply_one(rng, src, name)
                if a is None:
                    continue
                try:
                    held = pred(src, src)
                except (IndexError, ValueError):
                    held = False
                self.assertFalse(held, name)
                break

    def run_cli(self, *extra, count=120):
        tmp = tempfile.mkdtemp(dir=self.tmp.name)
        mimicry.main(["--in", self.src, "--out", tmp, "--seed", "3", "--count", str(count)] + list(extra))
        with open(os.path.join(tmp, "labels.jsonl")) as f:
            return tmp, [json.loads(line) for line in f]

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.src = os.path.join(cls.tmp.name, "src")
        os.makedirs(cls.src)
        for i, data in enumerate(SOURCES, 1):
            with open(os.path.join(cls.src, "%06d.sip" % i), "wb") as f:
                f.write(data)

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_labels_name_each_family(self):
        _, labels = self.run_cli()
        fams = set()
        for rec in labels:
            self.assertEqual(rec["families"], [mimicry.FAMILY_OF[t] for t in rec["transforms"]])
            self.assertEqual(rec["legal"], all(t in mimicry.LEGAL for t in rec["transforms"]))
            fams.update(rec["families"])
        self.assertGreaterEqual(len(fams), 10)

    def test_families_option_restricts_the_draw(self):
        _, labels = self.run_cli("--families", "numeric_range,escapes", count=40)
        for rec in labels:
            self.assertLessEqual(set(rec["families"]), {"numeric_range", "escapes"})
        _, labels = self.run_cli("--classic", count=40)
        for rec in labels:
            self.assertLessEqual(set(rec["transforms"]), set(mimicry.CLASSIC))
        with redirect_stderr(io.StringIO()), self.assertRaises(SystemExit):
            self.run_cli("--families", "no_such_family", count=1)

    def test_per_family_draw_balances_the_families(self):
        _, labels = self.run_cli("--per-family", "--k", "1", count=260)
        counts = {}
        applied = [rec for rec in labels if rec["transforms"]]  # a message may have nothing the family edits
        self.assertGreaterEqual(len(applied), 0.95 * len(labels))
        for rec in applied:
            self.assertEqual(len(rec["families"]), 1)
            counts[rec["families"][0]] = counts.get(rec["families"][0], 0) + 1
        # 20 an family expected; a family of 3 transforms gets as many as one of 12
        self.assertEqual(set(counts), set(mimicry.FAMILIES))
        self.assertGreaterEqual(min(counts.values()), 8, counts)

    def test_median_edit_distance_is_small(self):
        _, labels = self.run_cli("--k", "1", count=200)
        self.assertLessEqual(statistics.median(r["edit_distance"] for r in labels), 3)


if __name__ == "__main__":
    unittest.main(verbosity=1)
