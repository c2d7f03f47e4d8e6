#!/usr/bin/env bash
# End-to-end: `meson install` into a temporary destdir, then use what was installed
# the way a consumer would, through pkg-config only (no path into the source tree):
#   - every installed public header compiles on its own (C++20; sipspan.h also as C11);
#   - a tiny program compiles with `pkg-config --cflags --libs sipspan`, links the
#     shared library, runs, and links the static library as well;
#   - a C program links the installed shared libraries (pkg-config sipspan_score);
#   - a CMake project finds the package (find_package(sipspan)) and builds with its
#     imported targets (skipped when cmake is not installed);
#   - the installed CLI runs.
# Usage: install.sh BUILD_DIR CXX...   (run by meson test; CXX is the compiler command,
# possibly several words; the C11 check of .h headers uses $CC or cc)
set -euo pipefail
build=$1
shift
cxx=("$@")
cc=${CC:-cc}

work=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-install.XXXXXX")
trap 'rm -rf "$work"' EXIT
stage=$work/stage

meson install -C "$build" --no-rebuild --destdir "$stage" --quiet >"$work/install.log" 2>&1 \
  || { cat "$work/install.log"; echo "FAIL: meson install"; exit 1; }

pc=$(find "$stage" -name sipspan.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || { echo "FAIL: no pkgconfig/sipspan.pc installed"; find "$stage"; exit 1; }
# The .pc names paths under the prefix (/usr/local/...); the sysroot maps them into the destdir.
export PKG_CONFIG_PATH=$(dirname "$pc")
export PKG_CONFIG_LIBDIR=$PKG_CONFIG_PATH
export PKG_CONFIG_SYSROOT_DIR=$stage
cflags=$(pkg-config --cflags sipspan)
libs=$(pkg-config --libs sipspan)
echo "pkg-config: cflags=$cflags libs=$libs"
libdir=$(pkg-config --variable=libdir sipspan)
case $libdir in "$stage"/*) ;; *) libdir=$stage$libdir ;; esac
incdir=$(pkg-config --variable=includedir sipspan)
case $incdir in "$stage"/*) ;; *) incdir=$stage$incdir ;; esac

for f in "$incdir/sipspan/"*; do
  case $f in *.hpp|*.h) ;; *) echo "FAIL: unexpected file installed: $f"; exit 1 ;; esac
done
for f in libsipspan.so libsipspan.a; do
  [ -e "$libdir/$f" ] || { echo "FAIL: $libdir/$f not installed"; exit 1; }
done
cli=$(find "$stage" -type f -path '*/bin/sipspan' -perm -u+x | head -n 1)
[ -n "$cli" ] || { echo "FAIL: the sipspan CLI is not installed"; exit 1; }
# The documents SARIF's helpUri and the README point at.
for f in rules.md capture-record.schema.json design.md LICENSE; do
  [ -n "$(find "$stage" -type f -path "*/share/doc/sipspan/$f")" ] || { echo "FAIL: share/doc/sipspan/$f not installed"; exit 1; }
done

# The Python package, when it was built: installed into site-packages whole, and it
# imports and scores from there (the extension links the library statically).
if [ -d "$build/parser/python/sipspan" ]; then
  pkg=$(find "$stage" -type f -name '_sipspan*.so' -path '*-packages/sipspan/*' | head -n 1)
  [ -n "$pkg" ] || { echo "FAIL: the Python package is not installed into a site-packages"; exit 1; }
  site=$(dirname "$(dirname "$pkg")")
  for f in __init__.py __main__.py _types.py capture.py dask.py; do
    [ -f "$site/sipspan/$f" ] || { echo "FAIL: sipspan/$f not installed beside the extension"; exit 1; }
  done
  py=""
  for cand in /usr/bin/python3 python3; do
    if (cd "$work" && PYTHONPATH="$site" "$cand" -c 'import sipspan, sys; sys.exit(0 if sipspan.score(b"INVITE sip:a@b SIP/2.0\r\n\r\n").score > 0 else 1)') 2>/dev/null; then
      py=$cand
      break
    fi
  done
  [ -n "$py" ] || { echo "FAIL: the installed package does not import"; exit 1; }
  echo "ok: the Python package imports from $site ($py)"
fi

# Every public header on its own: nothing from src/ (or the source tree) may be needed.
n=0
for h in "$incdir/sipspan/"*; do
  name=$(basename "$h")
  printf '#include <sipspan/%s>\n' "$name" >"$work/one.cpp"
  # shellcheck disable=SC2086
  "${cxx[@]}" -std=c++20 -Wall -Wextra -Werror -fsyntax-only $cflags "$work/one.cpp" \
    || { echo "FAIL: sipspan/$name does not compile on its own (C++20)"; exit 1; }
  if [ "${name%.h}" != "$name" ] && command -v "$cc" >/dev/null; then
    # a declaration after it: a header of macros alone (sipspan/export.h) leaves an empty
    # translation unit, which ISO C forbids
    printf '#include <sipspan/%s>\ntypedef int sipspan_one_header;\n' "$name" >"$work/one.c"
    # shellcheck disable=SC2086
    "$cc" -std=c11 -Wall -Wextra -Werror -pedantic -fsyntax-only $cflags "$work/one.c" \
      || { echo "FAIL: sipspan/$name does not compile on its own (C11)"; exit 1; }
  fi
  n=$((n + 1))
done
echo "ok: $n installed headers compile on their own"

# Below C++20 the headers say so first, in one line, instead of a page of errors.
printf '#include <sipspan/sipspan.hpp>\n' >"$work/old.cpp"
# shellcheck disable=SC2086
if "${cxx[@]}" -std=c++17 -fsyntax-only $cflags "$work/old.cpp" >"$work/old.log" 2>&1; then
  echo "FAIL: sipspan.hpp compiles as C++17"; exit 1
fi
first_error=$(grep -m 1 -E 'error' "$work/old.log" || true)
case $first_error in
  *"need C++20"*) echo "ok: below C++20: $first_error" ;;
  *) echo "FAIL: the first error below C++20 is not the C++20 check: $first_error"; exit 1 ;;
esac

cat >"$work/consumer.cpp" <<'CPP'
#include <sipspan/sipspan.hpp>
#include <cstdio>
#include <string_view>

int main() {
  std::string_view bytes =
      "OPTIONS sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
      "From: <sip:alice@example.com>;tag=1928301774\r\n"
      "To: <sip:bob@example.com>\r\n"
      "Call-ID: a84b4c76e66710@example.com\r\n"
      "CSeq: 63104 OPTIONS\r\n"
      "Content-Length: 0\r\n\r\n";
  sipspan::message_view msg;
  if (sipspan::result r = sipspan::parse(bytes, msg); !r) {
    std::printf("parse error at %u\n", static_cast<unsigned>(r.offset));
    return 1;
  }
  sipspan::via_view via;
  if (!sipspan::parse_via(msg.value(sipspan::header_id::via), via)) return 1;
  std::printf("%.*s %.*s\n", int(msg.method().size()), msg.method().data(),
              int(via.branch().size()), via.branch().data());
  return msg.method_kind() == sipspan::method_id::options && via.branch() == "z9hG4bK776asdhds" ? 0 : 1;
}
CPP

# Shared library (what -lsipspan picks when both are installed).
# shellcheck disable=SC2086
"${cxx[@]}" -std=c++20 -Wall -Wextra -Werror $cflags "$work/consumer.cpp" -o "$work/consumer" $libs
out=$(LD_LIBRARY_PATH=$libdir "$work/consumer")
[ "$out" = "OPTIONS z9hG4bK776asdhds" ] || { echo "FAIL: consumer (shared) printed '$out'"; exit 1; }
needed=$(LD_LIBRARY_PATH=$libdir ldd "$work/consumer")  # captured: grep -q in a pipe could SIGPIPE ldd
grep -q "$libdir/libsipspan.so" <<<"$needed" \
  || { echo "FAIL: consumer is not linked to the installed shared library"; exit 1; }
echo "ok: consumer built with pkg-config, linked to the installed libsipspan.so, ran: $out"

# Static library: the same program, with the archive from the same -L.
# shellcheck disable=SC2086
"${cxx[@]}" -std=c++20 -Wall -Wextra -Werror $cflags "$work/consumer.cpp" -o "$work/consumer-static" \
  $(pkg-config --libs-only-L sipspan) -l:libsipspan.a
needed=$(ldd "$work/consumer-static")
if grep -q libsipspan <<<"$needed"; then
  echo "FAIL: consumer-static still needs libsipspan.so"; exit 1
fi
out=$("$work/consumer-static")
[ "$out" = "OPTIONS z9hG4bK776asdhds" ] || { echo "FAIL: consumer (static) printed '$out'"; exit 1; }
echo "ok: consumer linked with the installed libsipspan.a, ran: $out"

# The C API from C, against the installed shared libraries (pkg-config sipspan_score
# brings sipspan): what a C program calls is exported, nothing internal is.
for lib in libsipspan.so libsipspan_score.so; do
  internal=$(nm -D --defined-only -C "$libdir/$lib" | grep -E 'sipspan::(\w+_)?detail::' || true)
  [ -z "$internal" ] || { echo "FAIL: the installed $lib exports internal symbols:"; head -n 5 <<<"$internal"; exit 1; }
done
cat >"$work/c_consumer.c" <<'C'
#include <sipspan/sipspan.h>
#include <stdio.h>
#include <string.h>

int main(void) {
  static const char data[] =
      "OPTIONS sip:bob@example.com SIP/2.0\r\n"
      "Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
      "Call-ID: a84b4c76e66710@example.com\r\n"
      "Content-Length: 0\r\n\r\n";
  _Alignas(SIPSPAN_MESSAGE_ALIGN) unsigned char storage[SIPSPAN_MESSAGE_SIZE];
  sipspan_message* msg = sipspan_message_init(storage, sizeof storage);
  sipspan_result r = sipspan_parse(msg, data, sizeof data - 1, 0);
  if (r.code != SIPSPAN_ERR_SUCCESS) return 1;
  sipspan_header h;
  if (!sipspan_header_find(msg, SIPSPAN_HDR_CALL_ID, &h)) return 2;
  sipspan_finding findings[8];
  sipspan_lint_summary s = sipspan_lint(msg, data, sizeof data - 1, NULL, findings, 8);
  sipspan_score_result scored;
  sipspan_result bad = {SIPSPAN_ERR_BAD_START_LINE, 0, 0};
  sipspan_score_unparseable(bad, "x", 1, &scored);
  printf("%.*s %s findings=%zu unparseable=%.0f\n", (int)h.value.len, h.value.ptr,
         sipspan_header_id_name(h.id), s.total, (double)scored.score);
  return scored.score > 0 && sipspan_feature_count() > 0 ? 0 : 3;
}
C
# sipspan_score.pc names simdjson (Requires.private), found among the system's .pc files
sys_pc=$(env -u PKG_CONFIG_LIBDIR -u PKG_CONFIG_PATH -u PKG_CONFIG_SYSROOT_DIR pkg-config --variable pc_path pkg-config)
score_flags=$(PKG_CONFIG_LIBDIR="$PKG_CONFIG_PATH:$sys_pc" pkg-config --cflags --libs sipspan_score) \
  || { echo "FAIL: pkg-config sipspan_score"; exit 1; }
case $score_flags in *"-I$incdir"*|*"-I$stage"*) ;; *) echo "FAIL: sipspan_score's cflags miss the installed headers: $score_flags"; exit 1 ;; esac
if command -v "$cc" >/dev/null; then
  # shellcheck disable=SC2086
  "$cc" -std=c11 -Wall -Wextra -Werror -pedantic "$work/c_consumer.c" -o "$work/c_consumer" $score_flags \
    || { echo "FAIL: a C program does not link against the installed shared libraries"; exit 1; }
  out=$(LD_LIBRARY_PATH=$libdir "$work/c_consumer") || { echo "FAIL: the C consumer failed: $out"; exit 1; }
  needed=$(LD_LIBRARY_PATH=$libdir ldd "$work/c_consumer")
  grep -q "$libdir/libsipspan_score.so" <<<"$needed" \
    || { echo "FAIL: the C consumer is not linked to the installed libsipspan_score.so"; exit 1; }
  echo "ok: C consumer (cc, pkg-config sipspan_score) linked to the installed shared libraries, ran: $out"
fi

# CMake users: find_package(sipspan) with the installed package files, imported targets
# for the shared libraries (C++ and C) and the archive; a version from another minor
# release is refused. Skipped, with a message, when cmake is not installed.
if command -v cmake >/dev/null; then
  config=$(find "$stage" -name sipspanConfig.cmake -path '*/cmake/sipspan/*' | head -n 1)
  [ -n "$config" ] || { echo "FAIL: no cmake/sipspan/sipspanConfig.cmake installed"; exit 1; }
  [ -f "$(dirname "$config")/sipspanConfigVersion.cmake" ] || { echo "FAIL: no sipspanConfigVersion.cmake installed"; exit 1; }
  prefix=$stage$(pkg-config --variable=prefix sipspan | sed "s|^$stage||")
  mkdir -p "$work/cmake"
  cp "$work/consumer.cpp" "$work/c_consumer.c" "$work/cmake/"
  cat >"$work/cmake/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.16)
project(consumer LANGUAGES C CXX)
find_package(sipspan ${SIPSPAN_WANT} REQUIRED COMPONENTS score)
add_executable(consumer consumer.cpp)
target_link_libraries(consumer PRIVATE sipspan::sipspan)
add_executable(consumer_static consumer.cpp)
target_link_libraries(consumer_static PRIVATE sipspan::sipspan_static)
add_executable(c_consumer c_consumer.c)
target_link_libraries(c_consumer PRIVATE sipspan::score)
CMAKE
  cmake -S "$work/cmake" -B "$work/cmake/build" -DSIPSPAN_WANT=0.1 -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF >"$work/cmake.log" 2>&1 \
    || { cat "$work/cmake.log"; echo "FAIL: find_package(sipspan 0.1 COMPONENTS score) against $prefix"; exit 1; }
  grep -q "sipspan_DIR:PATH=$(dirname "$config")" "$work/cmake/build/CMakeCache.txt" \
    || { grep sipspan_DIR "$work/cmake/build/CMakeCache.txt"; echo "FAIL: CMake did not use the installed package"; exit 1; }
  cmake --build "$work/cmake/build" >"$work/cmake-build.log" 2>&1 \
    || { cat "$work/cmake-build.log"; echo "FAIL: the CMake consumer does not build"; exit 1; }
  # the imported target's path reaches the binary as its run path: nothing else is needed
  # (nor allowed: a library path from the environment would take precedence)
  out=$(env -u LD_LIBRARY_PATH "$work/cmake/build/consumer") || { echo "FAIL: CMake consumer (shared) failed"; exit 1; }
  needed=$(env -u LD_LIBRARY_PATH ldd "$work/cmake/build/consumer")
  grep -q "$libdir/libsipspan.so" <<<"$needed" \
    || { echo "FAIL: the CMake consumer is not linked to the installed libsipspan.so:"; echo "$needed"; exit 1; }
  needed=$(ldd "$work/cmake/build/consumer_static")
  if grep -q libsipspan <<<"$needed"; then echo "FAIL: sipspan::sipspan_static links the shared library"; exit 1; fi
  "$work/cmake/build/consumer_static" >/dev/null || { echo "FAIL: CMake consumer (static) failed"; exit 1; }
  c_out=$(env -u LD_LIBRARY_PATH "$work/cmake/build/c_consumer") || { echo "FAIL: CMake C consumer (sipspan::score) failed"; exit 1; }
  if cmake -S "$work/cmake" -B "$work/cmake/build-0.2" -DSIPSPAN_WANT=0.2 -DCMAKE_PREFIX_PATH="$prefix" \
       >"$work/cmake-0.2.log" 2>&1; then
    echo "FAIL: find_package(sipspan 0.2) accepted the installed $(pkg-config --modversion sipspan)"; exit 1
  fi
  echo "ok: CMake consumer: find_package(sipspan 0.1 COMPONENTS score), sipspan::sipspan ran: $out;" \
       "sipspan::sipspan_static ran; sipspan::score from C ran: $c_out; 0.2 refused"
else
  echo "skip: cmake is not installed: the CMake package is not checked (apt-get install cmake)"
fi

# The capture library, installed where libpcap was found: a program reads a
# capture through sipspan/capture.hpp and pkg-config sipspan_capture alone.
if [ -e "$PKG_CONFIG_PATH/sipspan_capture.pc" ]; then
  cat >"$work/capture_consumer.cpp" <<'CPP'
#include <sipspan/capture.hpp>
#include <cstdio>

int main(int argc, char** argv) {
  sipspan::capture::reader r;
  sipspan::capture::capture_error err;
  if (argc < 2 || !r.open(argv[1], err)) return 1;
  sipspan::capture::sip_message m;
  while (r.next(m)) {}
  std::printf("%llu\n", static_cast<unsigned long long>(r.stats().messages));
  return r.error() ? 1 : 0;
}
CPP
  # sipspan_capture.pc names libpcap (Requires), found among the system's .pc files
  capture_flags=$(PKG_CONFIG_LIBDIR="$PKG_CONFIG_PATH:$sys_pc" pkg-config --cflags --libs sipspan_capture) \
    || { echo "FAIL: pkg-config sipspan_capture"; exit 1; }
  # shellcheck disable=SC2086
  "${cxx[@]}" -std=c++20 -Wall -Wextra -Werror "$work/capture_consumer.cpp" -o "$work/capture_consumer" $capture_flags \
    || { echo "FAIL: a capture consumer does not build against the installed capture library"; exit 1; }
  src=$(cd "$(dirname "$0")/../.." && pwd)
  out=$(LD_LIBRARY_PATH=$libdir "$work/capture_consumer" "$src/corpus/captures/sample.pcap")
  [ "${out:-0}" -gt 0 ] || { echo "FAIL: the capture consumer read no message ('$out')"; exit 1; }
  echo "ok: a capture consumer built with pkg-config sipspan_capture read $out messages"
fi

# The installed CLI.
printf 'OPTIONS sip:b@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n' >"$work/m.sip"
dump=$("$cli" dump --compact "$work/m.sip")
grep -q '"OPTIONS"' <<<"$dump" \
  || { echo "FAIL: the installed CLI did not dump the message"; exit 1; }
echo "ok: installed CLI ${cli#"$stage"} runs"
