#!/usr/bin/env bash
# End-to-end: `meson install` into a temporary destdir, then use what was installed
# the way a consumer would, through pkg-config only (no path into the source tree):
#   - every installed public header compiles on its own (C++20; sipspan.h also as C11);
#   - a tiny program compiles with `pkg-config --cflags --libs sipspan`, links the
#     shared library, runs, and links the static library as well;
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
    cp "$work/one.cpp" "$work/one.c"
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
  # shellcheck disable=SC2086
  "${cxx[@]}" -std=c++20 -Wall -Wextra -Werror $(pkg-config --cflags sipspan_capture) "$work/capture_consumer.cpp" \
    -o "$work/capture_consumer" $(pkg-config --libs sipspan_capture)
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
