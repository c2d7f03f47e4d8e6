#!/usr/bin/env bash
# End-to-end: sipspan as a meson subproject. A tiny consumer project in a temporary
# directory (its own meson.build with dependency('sipspan'), and subprojects/sipspan
# a symlink to this source tree) is configured, built and run. Checks that the
# subproject brings only what is asked for:
#   - no CLI (so no CLI11), no tests, benches or fuzz targets, no capture library
#     (no libpcap), no Python module, no shared library, nothing installed;
#   - with -Dsipspan:score=disabled the core library configures, builds and links
#     without simdjson (not even looked for);
#   - with the scorer available, sipspan_score is provided as a static library,
#     built only when the consumer links it.
# Usage: subproject.sh SOURCE_ROOT   (run by meson test)
set -euo pipefail
src=$(cd "$1" && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-subproject.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/consumer/subprojects"
ln -s "$src" "$work/consumer/subprojects/sipspan"

cat >"$work/consumer/meson.build" <<'MESON'
project('consumer', 'cpp', default_options : ['cpp_std=c++20'])
# configured first, so that its meson.override_dependency answers (not an installed sipspan)
sipspan_proj = subproject('sipspan')
sipspan_dep = dependency('sipspan')
executable('consumer', 'consumer.cpp', dependencies : sipspan_dep)
if sipspan_proj.get_variable('have_score')
  executable('score_consumer', 'score_consumer.cpp', dependencies : dependency('sipspan_score'),
             build_by_default : false)
endif
MESON
cat >"$work/consumer/score_consumer.cpp" <<'CPP'
#include <sipspan/score.hpp>
int main() { return sipspan::profile_trainer().finish().threshold_for_fpr(0.01) >= 0 ? 0 : 1; }
CPP
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
# targets BUILD_DIR: "type name" of each target of the configured build
targets() {
  meson introspect "$1" --targets | python3 -c '
import json, sys
for t in json.load(sys.stdin):
    print(t["type"] + " " + t["name"] + " " + ("default" if t["build_by_default"] else "on-demand")
          + (" installed" if t["installed"] else ""))'
}
# -O0: this test checks the wiring, not the speed; it keeps the build short.
meson setup build -Dbuildtype=debug -Dsipspan:score=disabled >"$work/setup.log" 2>&1 \
  || { cat "$work/setup.log"; echo "FAIL: meson setup"; exit 1; }
list=$(targets build)
for unwanted in "executable sipspan " "executable test_message " "executable replay_message " \
                "executable bench_parse " "executable options_responder " "static library sipspan_capture " \
                "shared library " "static library sipspan_score " "shared module " " installed"; do
  if grep -q -- "$unwanted" <<<"$list"; then
    echo "FAIL: the subproject has a target it was not asked for ($unwanted):"; grep -- "$unwanted" <<<"$list"; exit 1
  fi
done
grep -q "^executable consumer " <<<"$list" || { echo "FAIL: no consumer target"; exit 1; }
grep -q "^static library sipspan on-demand" <<<"$list" \
  || { echo "FAIL: the core library is not a static library built on demand:"; echo "$list"; exit 1; }
# a lookup logs "Run-time dependency X found: ..." or "Program python3 (pybind11) found"
looked_for='[Dd]ependency (CLI11|GTest|gtest|benchmark|libpcap|pybind11|simdjson|tomlplusplus) found|\(pybind11\) found'
if grep -Eq "$looked_for" "$work/setup.log"; then
  echo "FAIL: the subproject looked for a dependency it was not asked for:"
  grep -E "$looked_for" "$work/setup.log"; exit 1
fi
echo "ok: subproject configured with the core library only, simdjson not looked for ($(grep -c . <<<"$list") targets)"

ninja -C build >"$work/build.log" 2>&1 || { cat "$work/build.log"; echo "FAIL: build"; exit 1; }
if grep -q simdjson "$work/build.log" build/compile_commands.json; then
  echo "FAIL: the core library's build mentions simdjson"; exit 1
fi
built=$(find build/subprojects -name '*.so*' -o -name '*.a' | sed 's|.*/||' | sort | tr '\n' ' ')
[ "$built" = "libsipspan.a libsipspan_grammar.a " ] \
  || { echo "FAIL: the subproject built other libraries than the core one: $built"; exit 1; }
out=$(./build/consumer)
[ "$out" = "200 314159" ] || { echo "FAIL: consumer printed '$out'"; exit 1; }
echo "ok: consumer built against dependency('sipspan') without simdjson ($built) and ran: $out"

# The scorer, where simdjson is: offered as dependency('sipspan_score'), static, on demand.
if pkg-config --exists simdjson 2>/dev/null; then
  meson setup build-score -Dbuildtype=debug >"$work/setup-score.log" 2>&1 \
    || { cat "$work/setup-score.log"; echo "FAIL: meson setup (score auto)"; exit 1; }
  list=$(targets build-score)
  grep -q "^static library sipspan_score on-demand" <<<"$list" \
    || { echo "FAIL: sipspan_score is not a static library built on demand:"; echo "$list"; exit 1; }
  grep -q "^executable score_consumer " <<<"$list" \
    || { echo "FAIL: dependency('sipspan_score') is not offered by the subproject"; exit 1; }
  if grep -q -- "shared library \|sipspan_capture\| installed" <<<"$list"; then
    echo "FAIL: with the scorer, the subproject has targets it was not asked for:"; echo "$list"; exit 1
  fi
  echo "ok: with simdjson, dependency('sipspan_score') is a static library built on demand"
else
  echo "skip: simdjson not found by pkg-config: the scorer subproject configuration is not checked"
fi
