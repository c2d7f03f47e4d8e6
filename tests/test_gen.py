#!/usr/bin/env python3
"""Tests of the scorer's data generators, tools/gen/benign.py and tools/gen/mimicry.py.

    test_gen.py PATH_TO_SIPSPAN_CLI

Checks that the same seed gives the same bytes; that every benign message is accepted
by `sipspan dump --strict` with a Content-Length equal to its body's size, and that
every style appears; that each mimicry transform alone changes a message exactly at
the offset it records, that the parser reports the deviation the transform is built
to cause at that offset (for those the one-pass scan sees), that edit distances match
a plain O(n*m) Levenshtein; and that corpus/benign and corpus/mimicry are what the
generators make from their seeds.
"""
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(ROOT, "tools", "gen")
sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, GEN)
import benign  # noqa: E402
import mimicry  # noqa: E402

CLI = None

# transform -> (what `sipspan dump` reports, where). "at": a deviation of that kind
# (or an error of that code) inside the bytes the edit wrote, its end included;
# "field": a deviation of that kind in the header field the edit changed.
DETECTED = {
    "space_in_name": ({"header_name_whitespace"}, "at"),
    "comma_in_display_name": ({"comma_in_singleton"}, "at"),
    "comma_in_call_id": ({"comma_in_singleton"}, "at"),
    "compact_via_commas": ({"empty_list_element"}, "at"),
    "control_byte_before_colon": ({"header_name_control"}, "at"),
    "case_variant_duplicate_singleton": ({"repeated_singleton", "compact_long_mix"}, "at"),
    "compact_and_long_content_length": ({"content_length_conflict"}, "at"),
    "lf_only_line": ({"bare_lf"}, "at"),
    "tab_fold_inside_token": ({"line_folding"}, "at"),
    "utf8_lookalike_in_name": ({"header_name_invalid"}, "at"),
    "trailing_whitespace_in_name": ({"header_name_invalid"}, "at"),
    "junk_before_start_line": ({"bad_start_line"}, "at"),
    "trailing_comma_in_list": ({"empty_list_element"}, "at"),
    "empty_list_element": ({"empty_list_element"}, "at"),
    "unbalanced_quote_display_name": ({"unbalanced_quote"}, "field"),
    "unbalanced_angle": ({"unbalanced_angle"}, "field"),
    "duplicate_to_different_tag": ({"repeated_singleton"}, "at"),
    "nul_in_value": ({"control_byte_in_value", "content_length_invalid"}, "at"),
}


def dump(path, strict=False):
    args = [CLI, "dump", "--compact"] + (["--strict"] if strict else []) + [path]
    p = subprocess.run(args, capture_output=True)
    return p.returncode, json.loads(p.stdout)


def levenshtein(a, b):
    """The textbook O(n*m) table."""
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
        prev = cur
    return prev[-1]


def body(msg):
    return msg[msg.index(b"\r\n\r\n") + 4:]


class Benign(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.out = os.path.join(cls.tmp.name, "benign")
        benign.main(["--count", "72", "--seed", "7", "--out", cls.out])
        with open(os.path.join(cls.out, "manifest.jsonl")) as f:
            cls.manifest = [json.loads(line) for line in f]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_same_seed_same_bytes(self):
        self.assertEqual(benign.generate(40, 11), benign.generate(40, 11))
        self.assertNotEqual(benign.generate(40, 11), benign.generate(40, 12))
        other = os.path.join(self.tmp.name, "again")
        benign.main(["--count", "72", "--seed", "7", "--out", other])
        for e in self.manifest:
            with open(os.path.join(self.out, e["file"]), "rb") as a, open(os.path.join(other, e["file"]), "rb") as b:
                self.assertEqual(a.read(), b.read(), e["file"])

    def test_manifest_and_styles(self):
        self.assertEqual(len(self.manifest), 72)
        self.assertEqual(sorted(os.listdir(self.out)), sorted([e["file"] for e in self.manifest] + ["manifest.jsonl"]))
        self.assertEqual({e["style"] for e in self.manifest}, set(benign.STYLE_NAMES))
        self.assertEqual(len(benign.STYLE_NAMES), 12)
        for e in self.manifest:
            with open(os.path.join(self.out, e["file"]), "rb") as f:
                first = f.read().split(b"\r\n", 1)[0].decode()
            if e["kind"] == "request":
                self.assertTrue(first.startswith(e["method"] + " "), e)
            else:
                self.assertTrue(first.startswith("SIP/2.0 %d " % e["status"]), e)

    def test_strict_parse_and_content_length(self):
        for e in self.manifest:
            path = os.path.join(self.out, e["file"])
            with open(path, "rb") as f:
                msg = f.read()
            rc, j = dump(path, strict=True)
            self.assertEqual(rc, 0, "%s (%s) rejected: %s" % (e["file"], e["style"], j.get("error")))
            self.assertEqual(j["body"]["content_length"], len(body(msg)), e["file"])
            self.assertNotIn(b"\n", msg.replace(b"\r\n", b""), e["file"])
            vias = [h["value"] for h in j["headers"] if h["id"] == "via"]
            self.assertTrue(vias, e["file"])
            for v in vias:
                self.assertIn(";branch=z9hG4bK", v.replace("\r\n", ""), e["file"])

    def test_compact_style_is_compact(self):
        for data, meta in benign.generate(24, 3):
            if meta["style"] != "compact_gw":
                continue
            names = [line.split(b":", 1)[0] for line in data.split(b"\r\n\r\n")[0].split(b"\r\n")[1:]]
            for long_name in (b"Via", b"From", b"To", b"Call-ID", b"Content-Length"):
                self.assertNotIn(long_name, names)
            for c in (b"v", b"f", b"t", b"i", b"l"):
                self.assertIn(c, names)


class Mimicry(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.sources = [d for d, _ in benign.generate(36, 5)]

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def test_enough_named_documented_transforms(self):
        self.assertGreaterEqual(len(mimicry.TRANSFORMS), 18)
        for t in mimicry.TRANSFORMS:
            self.assertTrue(t.__doc__ and "§" in t.__doc__, t.__name__)
        self.assertLessEqual(set(DETECTED), set(mimicry.BY_NAME))

    def test_each_transform_alone(self):
        for t in mimicry.TRANSFORMS:
            rng = random.Random(t.__name__)
            applied_any = 0
            for src in self.sources:  # until it has applied to 12 (some need a rare header)
                if applied_any == 12:
                    break
                out, a = mimicry.apply_one(rng, src, t.__name__)
                if a is None:
                    continue
                n = applied_any
                applied_any += 1
                name, header, off, ln = a
                self.assertNotEqual(out, src, t.__name__)
                # One edit: out = P + Y + S and src = P + X + S with P = out[:off], Y = out[off:off+ln].
                tail = len(out) - off - ln
                self.assertEqual(out[:off], src[:off], t.__name__)
                self.assertEqual(out[off + ln:], src[len(src) - tail:], t.__name__)
                self.assertNotEqual(out[off:off + ln], src[off:len(src) - tail], t.__name__)
                self.assertTrue(header in mimicry.LONG_NAMES or header == "start-line", (t.__name__, header))
                if n < 2:
                    self.assertEqual(mimicry.edit_distance(src, out), levenshtein(src, out), t.__name__)
                if t.__name__ in DETECTED:
                    self.check_detected(t.__name__, out, off, ln)
            self.assertGreater(applied_any, 0, t.__name__)

    def check_detected(self, name, out, off, ln):
        kinds, where = DETECTED[name]
        path = os.path.join(self.tmp.name, "one.msg")
        with open(path, "wb") as f:
            f.write(out)
        rc, j = dump(path)
        if not j["ok"]:
            self.assertIn(j["error"]["code"], kinds, name)
            self.assertTrue(off <= j["error"]["offset"] <= off + ln, (name, off, j["error"]))
            return
        if where == "at":
            lo, hi = off, off + ln
        else:
            lo = out.rfind(b"\n", 0, off) + 1
            hi = out.find(b"\n", off)
        found = [d for d in j["deviations"] if d["kind"] in kinds and lo <= d["at"]["offset"] <= hi]
        self.assertTrue(found, "%s at %d..%d: %s" % (name, lo, hi, [(d["kind"], d["at"]["offset"]) for d in j["deviations"]]))

    def test_legal_transforms_stay_strict(self):
        # `legal` labels: the strict parser accepts what they make. Except a Content-Length
        # past 2**32, legal digits that sipspan's 32-bit offsets refuse (content_length_overflow).
        path = os.path.join(self.tmp.name, "legal.msg")
        for name in sorted(mimicry.LEGAL - {"content_length_wraps_32"}):
            rng = random.Random(name)
            for src in self.sources[:6]:
                out, a = mimicry.apply_one(rng, src, name)
                if a is None:
                    continue
                with open(path, "wb") as f:
                    f.write(out)
                rc, j = dump(path, strict=True)
                self.assertEqual(rc, 0, (name, j.get("error")))

    def test_content_length_off_by(self):
        rng = random.Random(3)
        path = os.path.join(self.tmp.name, "cl.msg")
        for src in self.sources[:12]:
            out, (_, _, off, ln) = mimicry.apply_one(rng, src, "content_length_off_by")
            announced = int(out[off:off + ln])
            self.assertIn(abs(announced - len(body(src))), (1, 2, 3))
            with open(path, "wb") as f:
                f.write(out)
            kinds = {d["kind"] for d in dump(path)[1]["deviations"]}
            self.assertIn("body_shorter_than_content_length" if announced > len(body(src)) else "bytes_after_body", kinds)

    def test_edit_distance_against_reference(self):
        rng = random.Random(9)
        for _ in range(200):
            a = bytes(rng.choice(b"ab\r\n:;,") for _ in range(rng.randrange(0, 40)))
            b = bytearray(a)
            for _ in range(rng.randrange(0, 12)):
                op = rng.randrange(3)
                p = rng.randrange(len(b) + 1)
                if op == 0:
                    b.insert(p, rng.choice(b"ab,\x00"))
                elif b and p < len(b):
                    if op == 1:
                        del b[p]
                    else:
                        b[p] = rng.choice(b"ab,\x00")
            self.assertEqual(mimicry.edit_distance(a, bytes(b)), levenshtein(a, bytes(b)), (a, bytes(b)))
        x = bytes(rng.randrange(256) for _ in range(150))
        y = bytes(rng.randrange(256) for _ in range(120))
        self.assertEqual(mimicry.edit_distance(x, y), levenshtein(x, y))

    def test_cli_labels_and_determinism(self):
        src = os.path.join(self.tmp.name, "src")
        os.makedirs(src)
        for i, data in enumerate(self.sources, 1):
            with open(os.path.join(src, "%06d.sip" % i), "wb") as f:
                f.write(data)
        outs = []
        for run in ("a", "b"):
            out = os.path.join(self.tmp.name, "mim-" + run)
            mimicry.main(["--in", src, "--out", out, "--seed", "4", "--count", "40", "--k", "3"])
            outs.append(out)
        with open(os.path.join(outs[0], "labels.jsonl")) as f:
            labels = [json.loads(line) for line in f]
        self.assertEqual(len(labels), 40)
        for rec in labels:
            with open(os.path.join(outs[0], rec["file"]), "rb") as f:
                data = f.read()
            with open(os.path.join(outs[1], rec["file"]), "rb") as f:
                self.assertEqual(data, f.read())
            with open(os.path.join(src, rec["source"]), "rb") as f:
                original = f.read()
            self.assertEqual(rec["label"], "attack")
            self.assertTrue(1 <= len(rec["transforms"]) <= 3)
            self.assertEqual(len(set(rec["transforms"])), len(rec["transforms"]))
            for key in ("headers", "offsets", "lengths"):
                self.assertEqual(len(rec[key]), len(rec["transforms"]))
            for off, ln in zip(rec["offsets"], rec["lengths"]):
                self.assertLessEqual(off + ln, len(data))
            self.assertNotEqual(data, original)
            self.assertEqual(rec["edit_distance"], mimicry.edit_distance(original, data))
            self.assertGreater(rec["edit_distance"], 0)
            if len(rec["transforms"]) == 1 and rec["lengths"][0]:
                off, ln = rec["offsets"][0], rec["lengths"][0]
                self.assertEqual(data[:off], original[:off])


class CommittedSample(unittest.TestCase):
    """corpus/benign and corpus/mimicry are what the generators make from seeds 1 and 2
    (corpus/mimicry from the first 22 transforms, `--classic`)."""

    def test_benign_sample(self):
        d = os.path.join(ROOT, "corpus", "benign")
        with open(os.path.join(d, "manifest.jsonl")) as f:
            manifest = [json.loads(line) for line in f]
        self.assertEqual(len(manifest), 300)
        for (data, meta), e in zip(benign.generate(300, 1), manifest):
            with open(os.path.join(d, e["file"]), "rb") as f:
                self.assertEqual(f.read(), data, e["file"])
            self.assertEqual(dict(meta, file=e["file"]), e)

    def test_mimicry_sample(self):
        with tempfile.TemporaryDirectory() as tmp:
            mimicry.main(["--in", os.path.join(ROOT, "corpus", "benign"), "--out", tmp, "--seed", "2", "--count", "300",
                          "--classic"])
            d = os.path.join(ROOT, "corpus", "mimicry")
            for name in ("labels.jsonl",) + tuple("%06d.msg" % i for i in range(1, 301)):
                with open(os.path.join(tmp, name), "rb") as a, open(os.path.join(d, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_gen.py PATH_TO_SIPSPAN_CLI")
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
