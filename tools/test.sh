#!/usr/bin/env bash
# Run every sipspan test: the GoogleTest suites, the end-to-end CLI tests and the
# corpus replays, through `meson test`. Builds first when needed. The last line is
# "N passed, M failed" (N and M count individual test cases).
# SIPSPAN_BUILD=DIR names the build directory (default: build); SIPSPAN_TESTS="a b"
# runs those tests alone (meson test names), logged apart (testlog-selected) so that a run of
# the whole suite keeps its log.
set -uo pipefail
cd "$(dirname "$0")/.."

build="${SIPSPAN_BUILD:-build}"
if [ ! -f "$build/build.ninja" ]; then
  bash tools/setup.sh >/dev/null || exit 2
fi
ninja -C "$build" >/dev/null || { echo "build failed"; echo "0 passed, 1 failed"; exit 1; }

if [ -n "${SIPSPAN_TESTS:-}" ]; then
  logbase=testlog-selected
  read -r -a selected <<<"$SIPSPAN_TESTS"
else
  logbase=testlog
  selected=()
fi
meson test -C "$build" --print-errorlogs --num-processes 2 --logbase "$logbase" "${selected[@]}"
status=$?

python3 - "$build/meson-logs/$logbase.junit.xml" "$status" <<'PY'
import sys, xml.etree.ElementTree as ET
path, status = sys.argv[1], int(sys.argv[2])
passed = failed = skipped = 0
try:
    root = ET.parse(path).getroot()
    for case in root.iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None:
            failed += 1
        elif case.find("skipped") is not None:
            skipped += 1
        else:
            passed += 1
except (OSError, ET.ParseError) as e:
    print("cannot read test log:", e)
if status != 0 and failed == 0:
    failed = 1  # a test program failed without reporting a case (crash, timeout)
line = "%d passed, %d failed" % (passed, failed)
if skipped:
    line += ", %d skipped" % skipped
print(line)
PY
exit $status
