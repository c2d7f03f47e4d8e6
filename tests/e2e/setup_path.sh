#!/usr/bin/env bash
# End-to-end: tools/setup.sh leaves a `sipspan` the user can run by name. Setup installs
# into the prefix, then either says sipspan runs by name (its bin directory is on PATH)
# or prints the one line to add to a shell's profile; both are checked:
#   - with the install's bin directory off PATH, the line it prints, run in a new shell,
#     makes `sipspan` resolve to the installed CLI, which runs;
#   - with it on PATH, setup says so.
# Setup runs with this build (SIPSPAN_BUILD, already built), installs into a directory
# of the test (SIPSPAN_DESTDIR) and installs no package (SIPSPAN_NO_APT): when a
# required one is missing, the test is skipped (77) with setup's message.
# Usage: setup_path.sh SOURCE_ROOT BUILD_DIR
set -euo pipefail
root=$1
build=$(cd "$2" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-setup.XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# setup_run OUT [VAR=VALUE...]: setup.sh's output into OUT; skips the test without packages
setup_run() {
  local out=$1 status=0
  shift
  env SIPSPAN_BUILD="$build" SIPSPAN_NO_APT=1 SIPSPAN_DESTDIR="$work/stage" "$@" \
    bash "$root/tools/setup.sh" >"$out" 2>&1 || status=$?
  if [ "$status" -eq 3 ] && grep -q "SIPSPAN_NO_APT is set" "$out"; then
    echo "SKIP: setup needs packages this machine does not have (a test installs none):"
    cat "$out"
    exit 77
  fi
  [ "$status" -eq 0 ] || { cat "$out"; fail "tools/setup.sh ended with status $status"; }
}

# 1. Off PATH: the one line to add.
path_without=$(tr ':' '\n' <<<"$PATH" | grep -v "^$work" | paste -sd: -)
setup_run "$work/off.log" PATH="$path_without"
line=$(grep -A1 "to run sipspan by name, add to your shell's profile:" "$work/off.log" | sed -n 2p)
[[ $line == "export PATH="* ]] || { cat "$work/off.log"; fail "setup printed no export line to add: '$line'"; }
cli=$(find "$work/stage" -type f -path '*/bin/sipspan' | head -n 1)
[ -n "$cli" ] || fail "setup installed no bin/sipspan under its destdir"
got=$(env PATH="$path_without" bash --norc --noprofile -c "$line"'
  command -v sipspan && sipspan --version') || fail "after '$line', sipspan does not run by name: $got"
[ "$(head -n 1 <<<"$got")" = "$cli" ] || fail "after '$line', sipspan is $(head -n 1 <<<"$got"), not $cli"
[ -n "$(sed -n 2p <<<"$got")" ] || fail "sipspan --version printed nothing"
echo "ok: off PATH, setup prints the line to add ($line); then sipspan runs by name: $(sed -n 2p <<<"$got")"

# 2. On PATH: setup says sipspan runs by name (and does not ask for a line).
on=$(eval "$line"; echo "$PATH")
lib=$(eval "$line"; echo "${LD_LIBRARY_PATH:-}")
setup_run "$work/on.log" PATH="$on" LD_LIBRARY_PATH="$lib"
grep -q "run sipspan by name" "$work/on.log" || { cat "$work/on.log"; fail "on PATH, setup does not say sipspan runs by name"; }
if grep -q "^export PATH=" "$work/on.log"; then fail "on PATH, setup still asks for a line"; fi
echo "ok: on PATH, setup says: $(grep "run sipspan by name" "$work/on.log")"
