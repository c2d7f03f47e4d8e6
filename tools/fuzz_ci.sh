#!/usr/bin/env bash
# The bounded fuzz step of CI (.ci/run calls it after the tests): when clang is
# available, build the libFuzzer targets in a separate build (-Dfuzz=true, no
# tests, benchmarks or CLI; -O0: clang takes minutes on the generated machines at -O1
# with the sanitizers, seconds at -O0) and run each one for a fixed time with its
# dictionary and a copy of its seed corpus in a temporary directory, so that the
# repository is not modified. A target that crashes, leaks, times out or aborts
# on a property is a failure; its reproducer is kept under $build/fuzz-artifacts/
# and the path printed. The last line is "fuzz: N passed, M failed".
#
#   SIPSPAN_FUZZ_SECONDS   time per target (default 30)
#   SIPSPAN_FUZZ_BUILD     build directory (default build-ci-fuzz; reused when configured)
#   SIPSPAN_FUZZ_TARGETS   space-separated subset of the targets below
#   SIPSPAN_FUZZ_OPT       optimization level of a new build (default 0; 1 for campaigns)
#   SIPSPAN_FUZZ_KEEP      a directory to keep each target's grown corpus in
#                          (<dir>/<target>), reused by the next run: a campaign
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${SIPSPAN_FUZZ_SECONDS:-30}"
build="${SIPSPAN_FUZZ_BUILD:-build-ci-fuzz}"

# target -> dictionaries (fuzz/*.dict) and seed folders (under corpus/)
declare -A dicts=(
  [message]="sip" [values]="sip" [stream]="sip" [lint]="sip sdp"
  [sdp]="sdp" [multipart]="sip sdp" [score]="sip" [profile]="" [capture]="sip"
  [capture_flows]="sip"
)
declare -A seeds=(
  [message]="seed rfc3261 torture bench fuzz/message fuzz/regressions"
  [values]="fuzz/values"
  [stream]="stream fuzz/regressions"
  [lint]="seed rfc3261 torture fuzz/message fuzz/regressions"
  [sdp]="sdp fuzz/sdp"
  [multipart]="multipart fuzz/multipart"
  [score]="seed rfc3261 torture bench mimicry"
  [profile]="profile fuzz/profile"
  [capture]="captures fuzz/capture"
  [capture_flows]="fuzz/capture_flows"
)
order=(message values sdp multipart stream lint score profile capture capture_flows)

if ! command -v clang++ >/dev/null 2>&1 || ! command -v clang >/dev/null 2>&1; then
  echo "fuzz: clang not found, step skipped"
  echo "fuzz: 0 passed, 0 failed"
  exit 0
fi

if [ ! -f "$build/build.ninja" ]; then
  CXX=clang++ CC=clang meson setup "$build" -Dfuzz=true -Dtests=false -Dbench=false -Dcli=disabled \
    -Doptimization="${SIPSPAN_FUZZ_OPT:-0}" -Db_lundef=false >/dev/null || { echo "fuzz: configure failed"; echo "fuzz: 0 passed, 1 failed"; exit 1; }
fi
# Only the targets this tree has (fuzz/meson.build lists them).
targets=()
for t in ${SIPSPAN_FUZZ_TARGETS:-${order[*]}}; do
  [ -f "fuzz/fuzz_$t.cpp" ] && targets+=("$t")
done
ninja -C "$build" "${targets[@]/#/fuzz/fuzz_}" >/dev/null ||
  { echo "fuzz: build failed"; echo "fuzz: 0 passed, 1 failed"; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"

passed=0
failed=0
for t in "${targets[@]}"; do
  dir="$work/$t"
  mkdir -p "$dir/corpus"
  for s in ${seeds[$t]}; do
    [ -d "corpus/$s" ] && mkdir -p "$dir/corpus/$s" && cp -R "corpus/$s/." "$dir/corpus/$s/"
  done
  args=()
  if [ -n "${dicts[$t]}" ]; then
    for d in ${dicts[$t]}; do cat "fuzz/$d.dict"; done >"$dir/fuzz.dict"
    args+=("-dict=$dir/fuzz.dict")
  fi
  rm -f "$artifacts/$t-"*
  # new inputs go to the first folder: the kept corpus in a campaign
  folders=("$dir/corpus")
  if [ -n "${SIPSPAN_FUZZ_KEEP:-}" ]; then
    mkdir -p "$SIPSPAN_FUZZ_KEEP/$t"
    folders=("$SIPSPAN_FUZZ_KEEP/$t" "$dir/corpus")
  fi
  # oracles: a crash or sanitizer report (every one aborts), 2 GiB of memory,
  # 10 s on one input, and the targets' own properties and work bound
  "$build/fuzz/fuzz_$t" "${args[@]}" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$artifacts/$t-" -print_final_stats=1 "${folders[@]}" >"$dir/log" 2>&1
  rc=$?
  # "#123456 DONE cov: 1234 ft: 5678 corp: 900/1Mb ..." and the final stats
  done_line="$(grep -a -E '^#[0-9]+[[:space:]]+DONE' "$dir/log" | tail -n 1)"
  start_line="$(grep -a -E '^#[0-9]+[[:space:]]+INITED' "$dir/log" | tail -n 1 | grep -o -E 'cov: [0-9]+ ft: [0-9]+')"
  if [ "$rc" -eq 0 ]; then
    passed=$((passed + 1))
    echo "fuzz_$t: ok ${done_line:-(no stats)} (seeds: ${start_line:-?})"
  else
    failed=$((failed + 1))
    echo "fuzz_$t: FAILED (exit $rc)"
    grep -a -E 'ERROR: |SUMMARY: |runtime error|Test unit written to' "$dir/log" | head -n 8 | sed 's/^/  /'
    for a in "$artifacts/$t-"*; do
      [ -e "$a" ] && echo "  reproducer: $a (replay: $build/fuzz/fuzz_$t $a)"
    done
  fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
