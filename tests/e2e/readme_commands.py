#!/usr/bin/env python3
"""The README's commands, run as they are written there.

    readme_commands.py SOURCE_ROOT BUILD_ROOT

Takes from README.md the opening command block (`bash tools/setup.sh`, `bash tools/test.sh`)
and every block of the "Quick start" section, and runs them in a scratch copy of the
source tree (they write files: first.cpp, site.json, report.html, ...):

  - a cpp or c block whose first line is a comment naming a file (`// first.cpp: ...`)
    is written to that file, as it is;
  - each line of a sh block is one command, run by bash in the copy; it must end with
    status 0, or N when its comment starts with `# exit N` (as the README says).

What stays outside the README: the environment. setup.sh gets SIPSPAN_BUILD (this build,
already built), SIPSPAN_NO_APT (a test installs no package; when a required one is
missing the test is skipped, status 77, with setup's message) and SIPSPAN_DESTDIR (it
installs into a directory of the test, not into /usr/local); the quick start then finds
that installation by PATH, LD_LIBRARY_PATH and pkg-config, as it would find /usr/local.
test.sh gets SIPSPAN_TESTS, a few quick tests, not the whole suite this test is part of.

Also fails when a path the README names in backquotes (docs/..., tools/..., corpus/...)
does not exist in the project.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
REPO_PATH = re.compile(r"`((?:docs|tools|tests|corpus|bench|parser|grammar|fuzz)/[\w./-]*)`")
EXPECTED_STATUS = re.compile(r"\s#\s*exit (\d+)")
FILE_COMMENT = re.compile(r"^(?://|/\*)\s*([\w.-]+\.(?:c|cpp)):")


def blocks(text):
    """(language, body) of each fenced block of a markdown text."""
    return [(m.group(1), m.group(2)) for m in re.finditer(r"^```(\w*)\n(.*?)^```$", text, re.M | re.S)]


def section(text, title):
    start = text.index("\n## " + title + "\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end >= 0 else len(text)]


def commands(body):
    """The command lines of a sh block (a trailing backslash continues a line)."""
    out, pending = [], ""
    for line in body.splitlines():
        if pending:
            line = pending + "\n" + line
            pending = ""
        if line.endswith("\\"):
            pending = line
            continue
        if line.strip() and not line.lstrip().startswith("#"):
            out.append(line)
    return out


def expected_status(command):
    m = EXPECTED_STATUS.search(command)
    return int(m.group(1)) if m else 0


def scratch_copy(root, dest):
    """The project's files (git's list when it is a checkout), without build directories."""
    try:
        files = subprocess.run(["git", "-C", root, "ls-files", "-z"], check=True, capture_output=True,
                               text=True).stdout.split("\0")
    except (OSError, subprocess.CalledProcessError):
        files = []
    files = [f for f in files if f and os.path.isfile(os.path.join(root, f))]
    if files:
        for f in files:
            os.makedirs(os.path.join(dest, os.path.dirname(f)), exist_ok=True)
            shutil.copy2(os.path.join(root, f), os.path.join(dest, f))
    else:
        shutil.copytree(root, dest, dirs_exist_ok=True,
                        ignore=lambda d, names: [n for n in names if d == root and (n.startswith("build") or n == ".git")])


def run(command, cwd, env, log):
    p = subprocess.run(["bash", "-c", command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    out = (p.stdout + p.stderr).rstrip("\n")
    log.append("$ %s\n%s" % (command, "\n".join(out.splitlines()[-15:])))
    return p.returncode, p.stdout


def staged(stage, name, program=False):
    """The installed file `name` under the destdir; a program only from a bin
    directory (the bash completion is a file named sipspan too)."""
    for d, _, files in os.walk(stage):
        path = os.path.join(d, name)
        if name in files and (not program or (os.path.basename(d) == "bin" and os.access(path, os.X_OK))):
            return path
    return None


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    root, build = (os.path.abspath(a) for a in sys.argv[1:3])
    with open(os.path.join(root, "README.md"), encoding="utf-8") as f:
        readme = f.read()
    failures = []

    for path in sorted(set(REPO_PATH.findall(readme))):
        if not os.path.exists(os.path.join(root, path)):
            failures.append("README.md names %s, which the project does not have" % path)

    opening = commands(next(body for lang, body in blocks(readme) if lang == "sh"))
    if [c.split("#")[0].strip() for c in opening] != ["bash tools/setup.sh", "bash tools/test.sh"]:
        failures.append("the README's opening commands are not setup.sh and test.sh: %s" % opening)
    quick = blocks(section(readme, "Quick start"))
    sources = [(FILE_COMMENT.match(body), body) for lang, body in quick if lang in ("c", "cpp")]
    shell = [c for lang, body in quick if lang == "sh" for c in commands(body)]
    if len(sources) < 2 or not all(m for m, _ in sources) or len(shell) < 6:
        failures.append("the quick start has %d sources (each must start with a comment naming its file) "
                        "and %d commands" % (len(sources), len(shell)))
    if failures:
        print("\n".join("FAIL: " + f for f in failures))
        return 1

    with tempfile.TemporaryDirectory(prefix="sipspan-readme.") as work:
        tree, stage = os.path.join(work, "tree"), os.path.join(work, "stage")
        scratch_copy(root, tree)
        env = dict(os.environ, SIPSPAN_BUILD=build, SIPSPAN_NO_APT="1", SIPSPAN_DESTDIR=stage,
                   SIPSPAN_TESTS="public_contract abi")
        log = []
        status, out = run(opening[0], tree, env, log)
        if status == 3 and "SIPSPAN_NO_APT is set" in out:
            print("SKIP: %s needs packages this machine does not have (a test installs none):\n%s" % (opening[0], out))
            return SKIP
        if status != 0:
            failures.append("%s ended with status %d" % (opening[0], status))
        status, out = run(opening[1], tree, env, log)
        last = out.strip().splitlines()[-1] if out.strip() else ""
        if status != 0 or not re.fullmatch(r"\d+ passed, 0 failed(, \d+ skipped)?", last):
            failures.append("%s ended with status %d, last line '%s'" % (opening[1], status, last))

        # The quick start, against what setup.sh installed (as it would find /usr/local).
        cli, lib, pc = staged(stage, "sipspan", program=True), staged(stage, "libsipspan.so"), staged(stage, "sipspan.pc")
        if not (cli and lib and pc):
            failures.append("setup.sh installed no sipspan, libsipspan.so or sipspan.pc under its destdir")
        else:
            env = dict(os.environ, PATH=os.path.dirname(cli) + os.pathsep + os.environ["PATH"],
                       LD_LIBRARY_PATH=os.path.dirname(lib), PKG_CONFIG_PATH=os.path.dirname(pc),
                       PKG_CONFIG_SYSROOT_DIR=stage)
            for m, body in sources:
                with open(os.path.join(tree, m.group(1)), "w", encoding="utf-8") as f:
                    f.write(body)
            for command in shell:
                status, _ = run(command, tree, env, log)
                if status != expected_status(command):
                    failures.append("`%s` ended with status %d, the README says %d"
                                    % (command.split("  #")[0].strip(), status, expected_status(command)))
        print("\n".join(log))
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: the README's %d opening and %d quick-start commands, with %s, ran as written"
              % (len(opening), len(shell), " and ".join(m.group(1) for m, _ in sources)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
