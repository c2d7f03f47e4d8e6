#!/usr/bin/env python3
"""The shared libraries' dynamic symbols against the released list
(tests/abi/symbols.txt), and the public headers against their export macro.

    abi_symbols.py LIST INCLUDE_DIR LIBRARY...
    abi_symbols.py --self-test LIST INCLUDE_DIR LIBRARY...
    abi_symbols.py --write LIST INCLUDE_DIR LIBRARY...   (rewrite LIST from the libraries)

Each LIBRARY is a built libsipspan*.so; its defined dynamic symbols are read
with `nm -D --defined-only`. Fails (exit 1) when:
  - an internal symbol is exported: anything in a detail namespace
    (sipspan::detail, sipspan::lint_detail, sipspan::score_detail), the
    scanners' builders, the profile reader, the C API's helpers;
  - a released symbol is gone (a program linked against the release would no
    longer load) or moved to another library;
  - a symbol is exported that the list does not hold (exporting is a decision:
    mark the declaration SIPSPAN_API and add it to the list with the release);
  - a C function of sipspan.h is not exported by either library;
  - a namespace-scope function declared in a public header lacks SIPSPAN_API.
Vague-linkage instances of the standard library's templates (weak or unique
std:: symbols) are not the library's: libstdc++ gives them default visibility
whatever -fvisibility says, every user instantiates its own, and they are not
listed.

--self-test checks the check: an exported detail symbol, a released symbol
dropped, an unlisted symbol and a C function left out must each fail, the
libraries as built must pass.
"""
import os
import re
import subprocess
import sys

INTERNAL = re.compile(r"\bsipspan::(\w+_)?detail::|\bsipspan::\w*_builder\b|\bsipspan::profile_reader\b"
                      r"|^deviation_at$")
STD_VAGUE = re.compile(r"^_Z+N?St|^_ZSt|^_ZGVZ?N?St")


def exported(path):
    """{mangled: (type, demangled)} of the library's defined dynamic symbols."""
    out = subprocess.run(["nm", "-D", "--defined-only", path], check=True, capture_output=True,
                         text=True).stdout
    rows = [line.split() for line in out.splitlines()]
    rows = [(r[-1], r[-2]) for r in rows if len(r) >= 2]
    names = [name for name, _ in rows]
    demangled = subprocess.run(["c++filt"], input="\n".join(names), check=True, capture_output=True,
                               text=True).stdout.splitlines() if names else []
    return {name: (kind, dem) for (name, kind), dem in zip(rows, demangled)}


def read_list(path):
    released = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                lib, name = line.split()
                released[name] = lib
    return released


def c_functions(include_dir):
    with open(os.path.join(include_dir, "sipspan", "sipspan.h"), encoding="utf-8") as f:
        return re.findall(r"^SIPSPAN_API [^;(]*?\b(sipspan_\w+)\(", f.read(), re.M)


# A namespace-scope declaration of a non-inline function, as the headers write them.
DECL = re.compile(r"^(\[\[nodiscard\]\] )?[A-Za-z_][\w:<>, ]*[ *&]+\w+\(")
NOT_DECL = re.compile(r"^(\[\[nodiscard\]\] )?(SIPSPAN_API|inline|constexpr|template|friend|return|using|enum"
                      r"|namespace|static_assert|typedef|#)\b")


def unmarked_declarations(include_dir):
    found = []
    folder = os.path.join(include_dir, "sipspan")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".hpp"):
            continue
        with open(os.path.join(folder, name), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                if DECL.match(line) and not NOT_DECL.match(line):
                    found.append(f"sipspan/{name}:{n}: {line.strip()}")
    return found


def check(libs, released, c_funcs, unmarked, quiet=False):
    problems = []
    seen = {}
    for lib, symbols in libs.items():
        for name, (kind, dem) in symbols.items():
            if INTERNAL.search(dem):
                problems.append(f"{lib} exports an internal symbol: {dem}")
                continue
            if STD_VAGUE.match(name) and kind in ("W", "V", "u"):
                continue
            seen[name] = lib
            if name not in released:
                problems.append(f"{lib} exports {dem}, which tests/abi/symbols.txt does not list")
            elif released[name] != lib:
                problems.append(f"{dem} was released in {released[name]} and is now in {lib}")
    demangled = {n: d for symbols in libs.values() for n, (_, d) in symbols.items()}
    for name, lib in released.items():
        if name not in seen and lib in libs:
            problems.append(f"{lib} no longer exports the released {demangled.get(name, name)} ({name})")
    for f in c_funcs:
        if f not in seen:
            problems.append(f"sipspan.h declares {f}, which no library exports")
    for u in unmarked:
        problems.append(f"not marked SIPSPAN_API: {u}")
    if not quiet:
        for p in problems:
            print("abi-symbols:", p)
        print(f"abi-symbols: {len(seen)} exported symbols in {len(libs)} libraries, {len(released)} released, "
              f"{len(c_funcs)} C functions, {len(problems)} problems")
    return problems


def self_test(libs, released, c_funcs, unmarked):
    import copy
    first = next(iter(libs))
    cases = [("the libraries as built", libs, released, c_funcs, unmarked, False)]
    leaked = copy.deepcopy(libs)
    leaked[first]["_ZN7sipspan6detail12scan_messageERNS_15message_builderE"] = (
        "T", "sipspan::detail::scan_message(sipspan::message_builder&)")
    cases.append(("a detail symbol exported", leaked, released, c_funcs, unmarked, True))
    dropped = copy.deepcopy(libs)
    gone = next(n for n in dropped[first] if n in released)
    del dropped[first][gone]
    cases.append(("a released symbol dropped", dropped, released, c_funcs, unmarked, True))
    extra = copy.deepcopy(libs)
    extra[first]["_ZN7sipspan9somethingEv"] = ("T", "sipspan::something()")
    cases.append(("an unlisted symbol exported", extra, released, c_funcs, unmarked, True))
    cases.append(("a C function not exported", libs, released, c_funcs + ["sipspan_not_there"], unmarked, True))
    cases.append(("a declaration without SIPSPAN_API", libs, released, c_funcs,
                  unmarked + ["sipspan/x.hpp:1: bool f() noexcept;"], True))
    bad = 0
    for what, l, r, c, u, should_fail in cases:
        failed = bool(check(l, r, c, u, quiet=True))
        ok = failed == should_fail
        bad += not ok
        print(f"abi-symbols self-test: {what}: {'fails' if failed else 'passes'} ({'ok' if ok else 'WRONG'})")
    return 1 if bad else 0


def write(path, libs):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The symbols the shared libraries export, as released: library and mangled name\n"
                "# (the demangled name after #). tests/abi_symbols.py fails when a build exports\n"
                "# another set. Regenerate with: python3 tests/abi_symbols.py --write LIST INCLUDE_DIR LIB...\n")
        for lib, symbols in libs.items():
            for name in sorted(symbols):
                kind, dem = symbols[name]
                if STD_VAGUE.match(name) and kind in ("W", "V", "u") or INTERNAL.search(dem):
                    continue
                f.write(f"{lib} {name}  # {dem}\n")


def main():
    args = sys.argv[1:]
    mode = args.pop(0) if args and args[0] in ("--self-test", "--write") else None
    if len(args) < 3:
        print(__doc__)
        return 2
    list_path, include_dir, paths = args[0], args[1], args[2:]
    libs = {}
    for p in paths:
        name = os.path.basename(p)
        name = name[:name.index(".so") + 3]
        libs[name] = exported(p)
    if mode == "--write":
        write(list_path, libs)
        return 0
    released = read_list(list_path)
    c_funcs = c_functions(include_dir)
    unmarked = unmarked_declarations(include_dir)
    if mode == "--self-test":
        return self_test(libs, released, c_funcs, unmarked)
    return 1 if check(libs, released, c_funcs, unmarked) else 0


if __name__ == "__main__":
    sys.exit(main())
