#!/usr/bin/env python3
"""Tests of tools/gen/peers/scorer_fpr.py, the scorer's alerts on the peer captures.

    test_scorer_fpr.py PATH_TO_SIPSPAN_CLI

A pcap cut by the script's reader and writer gives its bytes back; on the committed
peer captures every message is counted once per site, once per sending
implementation, and the site-trained split trains on 70 % of a site's messages and
holds out the rest (a TCP message cut by the split may be lost, no more than one a
site); alerts never exceed messages. With the built-in profile's recipe, each
implementation held out leaves exactly the messages of its captures out of training,
and all of them are scored. The generators' scripts call the CLI with the
options its help lists (a deprecated alias is hidden there).
"""
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEERS = os.path.join(ROOT, "tools", "gen", "peers")
sys.dont_write_bytecode = True
sys.path.insert(0, PEERS)
import scorer_fpr  # noqa: E402

CLI = None
CAPTURES = sorted(glob.glob(os.path.join(ROOT, "corpus", "captures", "peers", "*.pcap")))


class ScorerFpr(unittest.TestCase):
    def test_pcap_round_trip(self):
        with tempfile.TemporaryDirectory() as tmp:
            for c in CAPTURES[:3]:
                header, records = scorer_fpr.pcap_records(c)
                out = os.path.join(tmp, "x.pcap")
                scorer_fpr.write_pcap(out, header, records)
                with open(c, "rb") as a, open(out, "rb") as b:
                    self.assertEqual(a.read(), b.read(), c)

    def test_counts_on_the_peer_captures(self):
        if not CAPTURES:
            self.skipTest("no corpus/captures/peers")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "fpr.json")
            p = subprocess.run([sys.executable, os.path.join(PEERS, "scorer_fpr.py"), "--sipspan", CLI, "--json", out]
                               + CAPTURES, capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("### Site-trained profile", p.stdout)
            with open(out) as f:
                j = json.load(f)
        total = 0
        for c in CAPTURES:
            d = subprocess.run([CLI, "dump", "--compact", c], capture_output=True, text=True)
            total += len([line for line in d.stdout.splitlines() if line.strip()])
        b = j["builtin"]
        self.assertEqual(b["messages"], total)
        self.assertEqual(sum(s["messages"] for s in b["sites"]), total)
        self.assertEqual(sum(i["messages"] for i in b["implementations"]), total)
        self.assertEqual(sum(s["alerts"] for s in b["sites"]), b["alerts"])
        self.assertLessEqual(b["alerts"], b["messages"])
        sites = {s["site"]: s["messages"] for s in b["sites"]}
        self.assertEqual(len(j["site_trained"]), len(sites))
        for s in j["site_trained"]:
            n = sites[s["site"]]
            self.assertLessEqual(abs(s["training_messages"] - 0.7 * n), 2, s)
            self.assertLessEqual(s["training_messages"] + s["messages"], n, s)
            self.assertGreaterEqual(s["training_messages"] + s["messages"], n - 1, s)
            self.assertLessEqual(s["alerts"], s["messages"])
            self.assertLessEqual(s["builtin_alerts"], s["messages"])


class HeldOut(unittest.TestCase):
    def test_recipe_with_each_implementation_held_out(self):
        """Each held-out run leaves exactly its captures' messages out of the recipe and scores them all."""
        if not CAPTURES:
            self.skipTest("no corpus/captures/peers")
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "fpr.json")
            p = subprocess.run([sys.executable, os.path.join(PEERS, "scorer_fpr.py"), "--sipspan", CLI, "--json", out,
                                "--recipe", os.path.join(ROOT, "tools", "gen", "default_profile.sh")] + CAPTURES,
                               capture_output=True, text=True)
            self.assertEqual(p.returncode, 0, p.stderr)
            self.assertIn("### Built-in recipe, one implementation held out", p.stdout)
            with open(out) as f:
                j = json.load(f)
        counts = {}
        for c in CAPTURES:
            d = subprocess.run([CLI, "dump", "--compact", c], capture_output=True, text=True)
            counts[os.path.basename(c)] = len([line for line in d.stdout.splitlines() if line.strip()])
        sipp_own = sum(len(subprocess.run([CLI, "dump", "--compact", c], capture_output=True, text=True)
                           .stdout.splitlines())
                       for c in glob.glob(os.path.join(ROOT, "corpus", "captures", "sipp", "*.pcap")))
        self.assertEqual([r["held_out"] for r in j["held_out"]], [w for w, _ in scorer_fpr.HELD_OUT])
        for r in j["held_out"]:
            pattern = dict(scorer_fpr.HELD_OUT)[r["held_out"]]
            expected = sorted(os.path.basename(c) for c in CAPTURES if re.search(pattern, c))
            self.assertEqual(sorted(r["captures"]), expected, r["held_out"])
            n = sum(counts[c] for c in expected)
            self.assertEqual(r["messages"], n)
            self.assertEqual(sum(i["messages"] for i in r["implementations"]), n)
            self.assertEqual(sum(i["alerts"] for i in r["implementations"]), r["alerts"])
            left = n + (sipp_own if re.search(pattern, "corpus/captures/sipp/x.pcap") else 0)
            self.assertEqual(r["recipe_messages"], j["recipe_messages"] - left, r["held_out"])


class GeneratorOptions(unittest.TestCase):
    def test_scorer_evaluation_uses_current_options(self):
        """Every `"$sipspan" COMMAND --option` of scorer_evaluation.sh is in COMMAND's help."""
        with open(os.path.join(ROOT, "tools", "gen", "scorer_evaluation.sh")) as f:
            script = f.read().replace("\\\n", " ")
        calls = re.findall(r'"\$sipspan" (\w+)([^\n]*)', script)
        self.assertGreaterEqual(len(calls), 3)
        helps = {}
        for command, rest in calls:
            if command not in helps:
                helps[command] = subprocess.run([CLI, command, "--help"], capture_output=True, text=True).stdout
            for option in re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", rest):
                self.assertRegex(helps[command], r"(?<![\w-])%s\b" % re.escape(option), "%s %s" % (command, option))


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_scorer_fpr.py PATH_TO_SIPSPAN_CLI")
    CLI = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
