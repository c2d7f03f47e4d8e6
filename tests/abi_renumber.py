#!/usr/bin/env python3
"""The C ABI check fails when a C++ X-list renumbers a released enumerator.

    abi_renumber.py SOURCE_ROOT RELEASED_LIST CXX...

Copies the public headers and parser/src/capi into a scratch directory, edits one
X-list the way a careless change would, builds the enum generator
(parser/src/capi/gen_c_enums.cpp) with CXX from the copy, and runs tests/abi_check.py
on what it writes:

  - the copy as it is                               -> the check passes;
  - a rule inserted first in SIPSPAN_RULE_LIST       -> fails (every rule renumbered);
  - a feature inserted first in the scorer's list    -> fails;
  - two severities swapped in SIPSPAN_SEVERITY_LIST  -> fails;
  - a header inserted first in SIPSPAN_HEADER_LIST   -> fails.

So the generated sipspan_enums.h, not only a hand-edited copy of it, is what the check holds.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def insert_after_define(macro, entry):
    """An edit: `entry` as the first element of the X-list `macro`."""
    def edit(text):
        m = re.search(r"^#define %s\(X\)[ \t]*\\\n" % macro, text, re.M)
        if not m:
            raise SystemExit("FAIL: %s not found" % macro)
        return text[:m.end()] + "  " + entry + " \\\n" + text[m.end():]
    return edit


def swap_first_two(macro):
    def edit(text):
        m = re.search(r"^(#define %s\(X\) )X\((\w+)\) X\((\w+)\)" % macro, text, re.M)
        if not m:
            raise SystemExit("FAIL: %s is not a one-line list" % macro)
        return text[:m.start()] + "%sX(%s) X(%s)" % (m.group(1), m.group(3), m.group(2)) + text[m.end():]
    return edit


CASES = [
    ("unchanged", None, None, False),
    ("a rule inserted first", "lint.hpp",
     insert_after_define("SIPSPAN_RULE_LIST", 'X(abi_inserted, "SS999", "abi-inserted", E, E, E, "-", "-", "-")'), True),
    ("a scorer feature inserted first", "score.hpp",
     insert_after_define("SIPSPAN_SCORE_FEATURE_LIST", 'X(abi_inserted, 1.0f, 1.0f, "-")'), True),
    ("two severities swapped", "lint.hpp", swap_first_two("SIPSPAN_SEVERITY_LIST"), True),
    ("a header inserted first", "header_id.hpp",
     insert_after_define("SIPSPAN_HEADER_LIST", 'X(abi_inserted, "Abi-Inserted", 0, list, opt)'), True),
]


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        return 2
    root, released, cxx = sys.argv[1], sys.argv[2], sys.argv[3:]
    check = os.path.join(root, "tests", "abi_check.py")
    bad = 0
    with tempfile.TemporaryDirectory(prefix="sipspan-abi.") as work:
        for n, (what, header, edit, should_fail) in enumerate(CASES):
            copy = os.path.join(work, str(n))
            shutil.copytree(os.path.join(root, "parser", "include"), os.path.join(copy, "include"))
            shutil.copytree(os.path.join(root, "parser", "src", "capi"), os.path.join(copy, "src", "capi"))
            if header:
                path = os.path.join(copy, "include", "sipspan", header)
                with open(path, encoding="utf-8") as f:
                    text = edit(f.read())
                with open(path, "w", encoding="utf-8") as f:
                    f.write(text)
            gen, out = os.path.join(copy, "gen_c_enums"), os.path.join(copy, "sipspan_enums.h")
            build = subprocess.run(cxx + ["-std=c++20", "-I", os.path.join(copy, "include"), "-I", os.path.join(copy, "src"),
                                          os.path.join(copy, "src", "capi", "gen_c_enums.cpp"), "-o", gen],
                                   capture_output=True, text=True)
            if build.returncode != 0:
                print("FAIL: %s: the generator does not build:\n%s" % (what, build.stderr[-2000:]))
                return 1
            subprocess.run([gen, out], check=True)
            result = subprocess.run([sys.executable, check, out, released], capture_output=True, text=True)
            failed = result.returncode != 0
            ok = failed == should_fail
            bad += not ok
            problems = [l for l in result.stdout.splitlines() if " is now " in l or "below released" in l]
            print("abi renumber: %s: the check %s (%s)%s" % (what, "fails" if failed else "passes",
                                                            "ok" if ok else "WRONG",
                                                            ": " + problems[0] if problems else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
