#!/usr/bin/env bash
# sipspan — instructions per item for each stage, counted by callgrind.
#
#   bench/instructions.sh [BUILD_DIR] [CORPUS...]
#
# BUILD_DIR defaults to build (it must hold bench/stage_driver). Each CORPUS is what
# SIPSPAN_BENCH_CORPUS takes as one entry (a directory, or 'dir/pattern'); the default is
# corpus/bench and, when it is there, the reference mix '../shared/bench-corpus/[01]*.sip'
# (its twelve messages 01..12, read in place, never copied).
#
# For each stage and corpus, bench/stage_driver runs the stage ROUNDS times over every
# item under `valgrind --tool=callgrind --toggle-collect=sipspan_stage_item`: only the
# instructions executed inside the per-item function are counted (no loop, loading or
# start-up), then divided by the number of items. The counts do not depend on the load
# of the machine; they do depend on the compiler and the build options (give them with
# the figures). The SDP stages count per body over the valid bodies of corpus/sdp.
#
# Output: a Markdown table, one row per stage, one column per corpus.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build}
shift || true
driver="$build/bench/stage_driver"
[[ -x $driver ]] || { echo "no $driver: build the project first (ninja -C $build bench/stage_driver)" >&2; exit 2; }
command -v valgrind >/dev/null || { echo "valgrind not found" >&2; exit 2; }

corpora=("$@")
if [[ ${#corpora[@]} -eq 0 ]]; then
  corpora=("$here/corpus/bench")
  ref="$here/../shared/bench-corpus"
  [[ -d $ref ]] || ref="$here/../../shared/bench-corpus"
  [[ -d $ref ]] && corpora+=("$ref/[01]*.sip")
fi
rounds=${ROUNDS:-20}
stages=(frame_index frame_typed lint parse_score sdp_parse sdp_validate)

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# instructions per item: stage corpus
count() {
  local out="$tmp/cg.out" items
  items=$(valgrind --tool=callgrind --toggle-collect=sipspan_stage_item --callgrind-out-file="$out" \
            "$driver" "$1" "$rounds" "$2" 2>/dev/null | awk '{print $1}')
  local total
  total=$(awk '/^(summary|totals):/ {print $2; exit}' "$out")
  awk -v t="$total" -v n="$items" 'BEGIN { printf "%.0f", t / n }'
}

header="| stage |"
rule="|---|"
for c in "${corpora[@]}"; do
  dir=$c
  [[ $c == *'*'* || $c == *'?'* || $c == *'['* ]] && dir=$(dirname "$c")
  case $(basename "$dir") in
    bench) name="own (corpus/bench)" ;;
    bench-corpus) name="reference mix" ;;
    *) name=$(basename "$dir") ;;
  esac
  header+=" $name |"
  rule+="---:|"
done
echo "$header"
echo "$rule"
for st in "${stages[@]}"; do
  row="| $st |"
  if [[ $st == sdp_* ]]; then
    n=$(count "$st" "${corpora[0]}")
    for _ in "${corpora[@]}"; do row+=" $n |"; done
  else
    for c in "${corpora[@]}"; do row+=" $(count "$st" "$c") |"; done
  fi
  echo "$row"
done
