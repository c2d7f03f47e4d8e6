#!/usr/bin/env python3
"""The C ABI check: the enumerators of the generated sipspan_enums.h against the
released list (tests/abi/c_enums.txt).

    abi_check.py GENERATED_HEADER RELEASED_LIST
    abi_check.py --self-test GENERATED_HEADER RELEASED_LIST

--self-test checks the check: a copy of the header with one released value
moved, one name dropped, a name inserted, two headers renumbered or
SIPSPAN_HDR_OTHER moved behind a new header, a rule or a scorer feature inserted
before the others must fail; one with a name
appended (a header before the fixed SIPSPAN_HDR_OTHER) must pass.

Fails (exit 1) when a released name is gone or has another value, when two
names share a value within one enumeration, or when a new name takes a value
below the released maximum of its enumeration (an insertion renumbers what
follows: append instead). New names appended after the released ones pass and
are listed, to be added to the released list with the release.
"""
import re
import sys


# Enumerators with one fixed value above the others: new names are appended below them.
FIXED = {"SIPSPAN_HDR_OTHER"}


def read_header(path):
    enums = {}
    current = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"typedef enum (\w+) \{", line)
            if m:
                current = m.group(1)
                enums[current] = {}
                continue
            m = re.match(r"\s+(SIPSPAN_\w+) = (-?\d+),", line)
            if m and current:
                enums[current][m.group(1)] = int(m.group(2))
            if line.startswith("}"):
                current = None
    return enums


def read_released(path):
    released = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            name, value = line.split()
            released[name] = int(value)
    return released


def self_test(enums, released):
    import copy
    cases = []
    moved = copy.deepcopy(enums)
    name = next(iter(moved["sipspan_header_id"]))
    moved["sipspan_header_id"][name] += 1000
    cases.append(("a released value moved", moved, True))
    dropped = copy.deepcopy(enums)
    dropped["sipspan_error_code"].pop(next(iter(dropped["sipspan_error_code"])))
    cases.append(("a released name dropped", dropped, True))
    inserted = copy.deepcopy(enums)
    inserted["sipspan_deviation_kind"]["SIPSPAN_DEV_INSERTED"] = 0
    cases.append(("a name inserted at a released value", inserted, True))
    appended = copy.deepcopy(enums)
    top = max(appended["sipspan_deviation_kind"].values())
    appended["sipspan_deviation_kind"]["SIPSPAN_DEV_APPENDED"] = top + 1
    cases.append(("a name appended", appended, False))
    headers = enums["sipspan_header_id"]
    top = max(v for n, v in headers.items() if n not in FIXED)
    header_appended = copy.deepcopy(enums)
    header_appended["sipspan_header_id"]["SIPSPAN_HDR_APPENDED"] = top + 1
    cases.append(("a header appended (SIPSPAN_HDR_OTHER stays)", header_appended, False))
    other_follows = copy.deepcopy(header_appended)
    other_follows["sipspan_header_id"]["SIPSPAN_HDR_OTHER"] = top + 2
    cases.append(("a header appended and SIPSPAN_HDR_OTHER after it", other_follows, True))
    renumbered = copy.deepcopy(enums)
    names = sorted(n for n in headers if n not in FIXED)
    renumbered["sipspan_header_id"][names[0]], renumbered["sipspan_header_id"][names[1]] = \
        headers[names[1]], headers[names[0]]
    cases.append(("two headers renumbered", renumbered, True))
    for enum, what in (("sipspan_rule_id", "a rule"), ("sipspan_feature", "a scorer feature")):
        items = enums[enum]
        first = min(items.values())
        shifted = copy.deepcopy(enums)
        shifted[enum] = {n: v + 1 if v >= first else v for n, v in items.items()}
        shifted[enum]["SIPSPAN_INSERTED"] = first
        cases.append((what + " inserted first (every one after it renumbered)", shifted, True))
    bad = 0
    for what, e, should_fail in cases:
        failed = bool(check(e, released, quiet=True))
        ok = failed == should_fail
        bad += not ok
        print(f"abi self-test: {what}: {'fails' if failed else 'passes'} ({'ok' if ok else 'WRONG'})")
    return 1 if bad else 0


def check(enums, released, quiet=False):
    generated = {name: value for enum in enums.values() for name, value in enum.items()}
    problems = []
    for name, value in released.items():
        if name not in generated:
            problems.append(f"{name} = {value} was released and is gone")
        elif generated[name] != value:
            problems.append(f"{name} was released as {value} and is now {generated[name]}")
    for enum, items in enums.items():
        by_value = {}
        for name, value in items.items():
            if value in by_value:
                problems.append(f"{enum}: {name} and {by_value[value]} share the value {value}")
            by_value[value] = name
        # a fixed sentinel (SIPSPAN_HDR_OTHER) sits above the range new names are appended to
        top = max((released[n] for n in items if n in released and n not in FIXED), default=-1)
        for name, value in items.items():
            if name not in released and value <= top:
                problems.append(f"{enum}: new {name} = {value} sits below released values (append it)")
    if quiet:
        return problems
    new = sorted(n for n in generated if n not in released)
    for p in problems:
        print("abi:", p)
    if new:
        print("abi: new, to add to tests/abi/c_enums.txt with the release:", " ".join(new))
    print(f"abi: {len(released)} released enumerators checked, {len(problems)} problems")
    return problems


def main():
    args = sys.argv[1:]
    test = bool(args) and args[0] == "--self-test"
    if test:
        args = args[1:]
    if len(args) != 2:
        print(__doc__)
        return 2
    enums, released = read_header(args[0]), read_released(args[1])
    if test:
        return self_test(enums, released)
    return 1 if check(enums, released) else 0


if __name__ == "__main__":
    sys.exit(main())
