#!/usr/bin/env python3
"""What the public headers and the documents promise, checked on the source tree.

    public_contract.py SOURCE_ROOT

Fails (exit 1) when:
  - a function of a public header returns a sipspan::result without [[nodiscard]];
  - the umbrella header sipspan/sipspan.hpp does not include exactly the headers
    its comment lists (score.hpp, which its comment names as separate, apart);
  - a relative link of README.md or docs/*.md names a file the project does not have;
  - LICENSE does not name the license meson.build declares.
"""
import os
import re
import sys

RESULT_DECL = re.compile(r"^\s*(?:static\s+)?(?:SIPSPAN_API\s+)?result\s+\w+\(")


def nodiscard_problems(include_dir):
    problems = []
    for name in sorted(os.listdir(include_dir)):
        if not name.endswith(".hpp"):
            continue
        with open(os.path.join(include_dir, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if "friend" in line or "[[nodiscard]]" in line:
                    continue
                if RESULT_DECL.match(line):
                    problems.append(f"sipspan/{name}:{n}: returns a result without [[nodiscard]]: {line.strip()}")
    return problems


def umbrella_problems(include_dir):
    with open(os.path.join(include_dir, "sipspan.hpp"), encoding="utf-8") as f:
        text = f.read()
    listed = set(re.findall(r"^//   (\w+\.hpp)\s", text, re.M))
    included = set(re.findall(r'^#include "sipspan/(\w+\.hpp)"', text, re.M))
    problems = [f"sipspan.hpp lists {h} in its comment and does not include it" for h in sorted(listed - included)]
    problems += [f"sipspan.hpp includes {h}, which its comment does not list" for h in sorted(included - listed)]
    apart = {"sipspan.hpp", "score.hpp"}
    for name in sorted(os.listdir(include_dir)):
        if name.endswith(".hpp") and name not in apart and name not in included:
            problems.append(f"the public header {name} is not in the umbrella sipspan.hpp")
    return problems


def link_problems(root):
    problems = []
    docs = ["README.md"] + [os.path.join("docs", d) for d in sorted(os.listdir(os.path.join(root, "docs")))
                            if d.endswith(".md")]
    for doc in docs:
        with open(os.path.join(root, doc), encoding="utf-8") as f:
            text = f.read()
        for target in re.findall(r"\]\(([^)\s]+)\)", text):
            if re.match(r"^[a-z]+:", target) or target.startswith("#"):
                continue
            path = os.path.normpath(os.path.join(root, os.path.dirname(doc), target.split("#", 1)[0]))
            if not os.path.exists(path):
                problems.append(f"{doc} links to {target}, which does not exist")
    return problems


def license_problems(root):
    with open(os.path.join(root, "meson.build"), encoding="utf-8") as f:
        declared = re.search(r"license\s*:\s*'([^']+)'", f.read()).group(1)
    with open(os.path.join(root, "LICENSE"), encoding="utf-8") as f:
        first = f.readline().strip()
    if not first.startswith(declared + " "):
        return [f"LICENSE starts '{first}', meson.build declares '{declared}'"]
    return []


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    root = sys.argv[1]
    include_dir = os.path.join(root, "parser", "include", "sipspan")
    checks = {
        "[[nodiscard]]": nodiscard_problems(include_dir),
        "umbrella header": umbrella_problems(include_dir),
        "document links": link_problems(root),
        "license": license_problems(root),
    }
    bad = 0
    for what, problems in checks.items():
        for p in problems:
            print("contract:", p)
        print(f"contract: {what}: {'ok' if not problems else str(len(problems)) + ' problems'}")
        bad += len(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
