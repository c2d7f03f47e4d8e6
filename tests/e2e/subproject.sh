#!/usr/bin/env bash
# End-to-end: sipspan as a meson subproject. A tiny consumer project in a temporary
# directory (its own meson.build with dependency('sipspan'), and subprojects/sipspan
# a symlink to this source tree) is configured, built and run. Checks that the
# subproject brings only the library: no CLI (so no CLI11), no tests, benches or
# fuzz targets.
# Usage: subproject.sh SOURCE_ROOT   (run by meson test)
set -euo pipefail
src=$(cd "$1" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/consumer/subprojects"
ln -s "$src" "$work/consumer/subprojects/sipspan"

cat >"$work/consumer/meson.build" <<'MESON'
project('consumer', 'cpp', default_options : ['cpp_std=c++20'])
sipspan_dep = dependency('sipspan')  # found through the subproject's meson.override_dependency
executable('consumer', 'consumer.cpp', dependencies : sipspan_dep)
MESON
cat >"$work/consumer/consumer.cpp" <<'CPP'
#include <sipspan/sipspan.hpp>
#include <cstdio>

int main() {
  std::string_view bytes =
      "SIP/2.0 200 OK\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKnashds8\r\n"
      "To: <sip:bob@example.com>;tag=314159\r\n"
      "From: <sip:alice@example.com>;tag=1928301774\r\n"
      "Call-ID: a84b4c76e66710\r\n"
      "CSeq: 314159 INVITE\r\n"
      "Content-Length: 0\r\n\r\n";
  sipspan::message_view msg;
  if (!sipspan::parse(bytes, msg)) return 1;
  sipspan::name_addr_view to;
  if (!sipspan::parse_name_addr(msg.value(sipspan::header_id::to), to)) return 1;
  std::printf("%u %.*s\n", unsigned(msg.status_code()), int(to.tag().size()), to.tag().data());
  return msg.status_code() == 200 && to.tag() == "314159" ? 0 : 1;
}
CPP

cd "$work/consumer"
# -O0: this test checks the wiring, not the speed; it keeps the build short.
meson setup build -Dbuildtype=debug >"$work/setup.log" 2>&1 || { cat "$work/setup.log"; echo "FAIL: meson setup"; exit 1; }
targets=$(meson introspect build --targets | python3 -c '
import json, sys
print("\n".join(t["type"] + " " + t["name"] for t in json.load(sys.stdin)))')
for unwanted in "executable sipspan" "executable test_message" "executable replay_message" \
                "executable bench_parse" "executable options_responder"; do
  if grep -qx "$unwanted" <<<"$targets"; then
    echo "FAIL: the subproject builds $unwanted"; exit 1
  fi
done
grep -qx "executable consumer" <<<"$targets" || { echo "FAIL: no consumer target"; exit 1; }
if grep -q 'CLI11\|gtest\|benchmark' "$work/setup.log"; then
  echo "FAIL: the subproject looked for a test, bench or CLI dependency:"; grep 'CLI11\|gtest\|benchmark' "$work/setup.log"; exit 1
fi
echo "ok: subproject configured with the library only ($(grep -c . <<<"$targets") targets)"

ninja -C build consumer >"$work/build.log" 2>&1 || { cat "$work/build.log"; echo "FAIL: build"; exit 1; }
out=$(./build/consumer)
[ "$out" = "200 314159" ] || { echo "FAIL: consumer printed '$out'"; exit 1; }
echo "ok: consumer built against dependency('sipspan') from the subproject and ran: $out"
