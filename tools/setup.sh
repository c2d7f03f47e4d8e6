#!/usr/bin/env bash
# Set up sipspan on a fresh Debian machine and run it on the bundled sample data:
# installs the Debian packages it needs (when missing), configures and builds with
# meson, installs into the prefix (default /usr/local) so that `sipspan` runs by name,
# then runs the main job on corpus/ (the two seed INVITEs, then the sample capture).
# Environment:
#   SIPSPAN_BUILD=DIR      the build directory (default: build)
#   SIPSPAN_NO_APT=1       install no package: name the missing ones (a missing required
#                          one stops the setup, status 3)
#   SIPSPAN_DESTDIR=DIR    install under DIR (meson install --destdir), not into the prefix
#   SIPSPAN_NO_INSTALL=1   do not install at all
set -euo pipefail
if [ -n "${SIPSPAN_DESTDIR:-}" ]; then  # absolute, from where the caller stands
  mkdir -p "$SIPSPAN_DESTDIR"
  SIPSPAN_DESTDIR=$(cd "$SIPSPAN_DESTDIR" && pwd)
fi
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# install LABEL PACKAGE...: apt-get install those not installed yet; returns apt's status
install() {
  local label=$1 p
  shift
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  ((${#missing[@]})) || return 0
  if [ -n "${SIPSPAN_NO_APT:-}" ]; then
    echo "setup: missing $label${missing[*]} (SIPSPAN_NO_APT is set: not installing them)"
    return 3
  fi
  echo "setup: installing $label${missing[*]}"
  $sudo apt-get update -qq || return
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install "" g++ clang libclang-rt-dev meson ninja-build ragel pkg-config python3 \
        libgtest-dev libbenchmark-dev libsimdjson-dev libcli11-dev libpcap-dev libtomlplusplus-dev help2man \
        python3-dev python3-pybind11 pybind11-dev python3-pandas python3-distributed python3-pytest ||
  { status=$?; echo "setup: the required packages are missing"; exit "$status"; }

# Optional: the real SIP peers the differential tests (tests/peers/) compare with and
# tools/gen/record_peers.sh records. Without them those tests are skipped; a failed
# install never fails the setup.
install "the optional peers " tshark kamailio sipsak sip-tester tcpdump baresip-core linphone-cli 2>/dev/null ||
  echo "setup: the optional peers could not be installed: the peer tests will be skipped"
# Optional: cmake (writes the CMake package's version file; the install test builds a
# CMake consumer) and zsh (the completion test loads _sipspan in it).
install "the optional build tools " cmake zsh 2>/dev/null ||
  echo "setup: cmake and zsh could not be installed: their checks will be skipped"
# Optional: headless Chromium, which tests/e2e/report_chromium.py loads the HTML report in.
install "the optional browser " chromium 2>/dev/null ||
  echo "setup: chromium could not be installed: the report's browser test will be skipped"

build="${SIPSPAN_BUILD:-build}"
if [ ! -f "$build/build.ninja" ]; then
  meson setup "$build" >/dev/null
fi
ninja -C "$build" >/dev/null
echo "setup: built $build/tools/sipspan"
# The Python package (docs/python.md), when it was built: into the site-packages of the
# interpreter that has pybind11, so that `import sipspan` works there with nothing set.
destdir=()
[ -z "${SIPSPAN_DESTDIR:-}" ] || destdir=(--destdir "$SIPSPAN_DESTDIR")
if [ -f "$build/parser/python/sipspan/__init__.py" ] && [ -z "${SIPSPAN_NO_INSTALL:-}" ]; then
  $sudo meson install -C "$build" --no-rebuild --tags python-runtime "${destdir[@]}" >/dev/null &&
    echo "setup: installed the Python package sipspan" ||
    echo "setup: the Python package could not be installed; PYTHONPATH=$build/parser/python imports it"
fi

# Install into the prefix (default /usr/local, on PATH), so that `sipspan` runs by
# name, with its man pages and completions; SIPSPAN_NO_INSTALL=1 skips this.
if [ -z "${SIPSPAN_NO_INSTALL:-}" ]; then
  $sudo meson install -C "$build" --no-rebuild --quiet "${destdir[@]}" >/dev/null
  [ -n "${SIPSPAN_DESTDIR:-}" ] || $sudo ldconfig 2>/dev/null || true
  read -r prefix bindir libdir < <(meson introspect "$build" --buildoptions | python3 -c '
import json, os, sys
o = {x["name"]: x["value"] for x in json.load(sys.stdin)}
print(o["prefix"], *(os.path.join(o["prefix"], o[d]) for d in ("bindir", "libdir")))')
  # Staged (SIPSPAN_DESTDIR): the libraries are outside the loader's path too.
  root=${SIPSPAN_DESTDIR:-}
  line="export PATH=\"$root$bindir:\$PATH\""
  [ -z "$root" ] || line+=" LD_LIBRARY_PATH=\"$root$libdir\${LD_LIBRARY_PATH:+:\$LD_LIBRARY_PATH}\""
  if [ "$(command -v sipspan)" = "$root$bindir/sipspan" ]; then
    echo "setup: installed into $root$prefix: run sipspan by name (man sipspan-lint)"
  else
    echo "setup: installed into $root$prefix; to run sipspan by name, add to your shell's profile:"
    echo "$line"
  fi
fi

# The main job on the bundled sample data: the parse of the normal seed INVITE and
# of its mimicry copy (five deviations, each with its offset).
echo
echo "== sipspan dump corpus/seed/seed-invite.sip (deviations)"
"$build/tools/sipspan" dump --compact corpus/seed/seed-invite.sip | python3 -c '
import json, sys
d = json.load(sys.stdin)
print("headers:", len(d["headers"]), " body bytes:", len(d["body"]["bytes"]), " deviations:", len(d["deviations"]))'
echo "== sipspan dump corpus/seed/seed-mimicry.sip (deviations)"
"$build/tools/sipspan" dump --compact corpus/seed/seed-mimicry.sip | python3 -c '
import json, sys
d = json.load(sys.stdin)
for x in d["deviations"]:
    at = x["at"]
    print("  %d:%d  offset %d  %s: %s" % (at["line"], at["column"], at["offset"], x["kind"], x["message"]))'
echo "== sipspan dump --strict corpus/seed/seed-mimicry.sip"
"$build/tools/sipspan" dump --strict corpus/seed/seed-mimicry.sip >/dev/null || echo "(exit $?: rejected in strict mode, as it should be)"

# The main job: score every SIP message of the bundled capture (a summary; exit 1 = an alert).
echo
echo "== sipspan score corpus/captures/sample.pcap"
"$build/tools/sipspan" score corpus/captures/sample.pcap || [ $? -eq 1 ]
