#!/usr/bin/env bash
# Set up sipspan on a fresh Debian machine and run it on the bundled sample data:
# installs the Debian packages it needs (when missing), configures and builds with
# meson, then runs the main job on corpus/ (the two seed INVITEs, then the sample capture).
set -euo pipefail
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
  echo "setup: installing $label${missing[*]}"
  $sudo apt-get update -qq || return
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

install "" g++ clang libclang-rt-dev meson ninja-build ragel pkg-config python3 \
        libgtest-dev libbenchmark-dev libsimdjson-dev libcli11-dev libpcap-dev libtomlplusplus-dev help2man \
        python3-dev python3-pybind11 pybind11-dev python3-pandas python3-distributed python3-pytest

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
if [ -f "$build/parser/python/sipspan/__init__.py" ]; then
  $sudo meson install -C "$build" --no-rebuild --tags python-runtime >/dev/null &&
    echo "setup: installed the Python package sipspan" ||
    echo "setup: the Python package could not be installed; PYTHONPATH=$build/parser/python imports it"
fi

# Install into the prefix (default /usr/local, on PATH), so that `sipspan` runs by
# name, with its man pages and completions; SIPSPAN_NO_INSTALL=1 skips this.
if [ -z "${SIPSPAN_NO_INSTALL:-}" ]; then
  $sudo meson install -C "$build" --no-rebuild --quiet >/dev/null
  $sudo ldconfig 2>/dev/null || true
  prefix=$(meson introspect "$build" --buildoptions | python3 -c '
import json, sys
print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
  if [ "$(command -v sipspan)" = "$prefix/bin/sipspan" ]; then
    echo "setup: installed into $prefix: run sipspan by name (man sipspan-lint)"
  else
    echo "setup: installed into $prefix; add it to PATH: export PATH=\"$prefix/bin:\$PATH\""
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
