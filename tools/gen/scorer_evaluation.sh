#!/usr/bin/env bash
# Regenerates docs/scorer-evaluation.md (and its ROC figure) from scratch: fresh
# benign messages and mimicry attacks of every family from new seeds, `sipspan
# evaluate` with a trained and with the built-in profile, and the false-positive
# rates on the real third-party captures (tools/gen/peers/scorer_fpr.py).
#
#   bash tools/gen/scorer_evaluation.sh [SIPSPAN]
#
# SIPSPAN: the CLI (default build/tools/sipspan). Environment: BENIGN_COUNT (50000),
# SOURCE_COUNT (5000), ATTACK_COUNT (15000), SEED (31: benign SEED, attack sources
# SEED+1, mimicry SEED+2), OUT (docs/scorer-evaluation.md). Works in a temporary
# directory, removed at the end; about 10 minutes of CPU for the defaults.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
sipspan=$(realpath "${1:-$root/build/tools/sipspan}")
benign_count=${BENIGN_COUNT:-50000}
source_count=${SOURCE_COUNT:-5000}
attack_count=${ATTACK_COUNT:-15000}
seed=${SEED:-31}
out=${OUT:-$root/docs/scorer-evaluation.md}
[ -x "$sipspan" ] || { echo "scorer_evaluation.sh: $sipspan: not an executable (build first)" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sipspan-scorer-eval.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$root"

commands=(
  "python3 tools/gen/benign.py --count $benign_count --seed $seed --out \$T/benign"
  "python3 tools/gen/benign.py --count $source_count --seed $((seed + 1)) --out \$T/sources"
  "python3 tools/gen/mimicry.py --in \$T/sources --out \$T/attacks --k 1 --per-family --seed $((seed + 2)) --count $attack_count"
  "sipspan evaluate --benign \$T/benign --attack \$T/attacks --format json --save-profile \$T/profile.json --report \$T/evaluate.md"
  "sipspan evaluate --benign \$T/benign --attack \$T/attacks --format json --model corpus/profile/default.json"
  "python3 tools/gen/peers/scorer_fpr.py --sipspan sipspan --recipe tools/gen/default_profile.sh --json \$T/peers.json corpus/captures/peers/*.pcap"
  "sipspan score --format jsonl corpus/torture/valid"
  "sipspan score --format jsonl corpus/seed/seed-mimicry.sip"
)
T=$tmp
python3 tools/gen/benign.py --count "$benign_count" --seed "$seed" --out "$T/benign" >/dev/null
python3 tools/gen/benign.py --count "$source_count" --seed $((seed + 1)) --out "$T/sources" >/dev/null
python3 tools/gen/mimicry.py --in "$T/sources" --out "$T/attacks" --k 1 --per-family --seed $((seed + 2)) --count "$attack_count"
"$sipspan" evaluate --benign "$T/benign" --attack "$T/attacks" --format json --save-profile "$T/profile.json" \
  --report "$T/evaluate.md" >"$T/trained.json"
"$sipspan" evaluate --benign "$T/benign" --attack "$T/attacks" --format json \
  --model corpus/profile/default.json >"$T/builtin.json"
python3 tools/gen/peers/scorer_fpr.py --sipspan "$sipspan" --recipe tools/gen/default_profile.sh --json "$T/peers.json" \
  corpus/captures/peers/*.pcap >"$T/peers.md"
# the valid torture messages (RFC 4475/5118) and the seed's mimicry INVITE, built-in profile (exit 1: an alert)
"$sipspan" score --format jsonl corpus/torture/valid >"$T/torture.jsonl" || [ $? -eq 1 ]
"$sipspan" score --format jsonl corpus/seed/seed-mimicry.sip >"$T/seed.jsonl" || [ $? -eq 1 ]

commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- . ':!docs/scorer-evaluation.md' ':!docs/scorer-evaluation.svg' || commit="$commit (with uncommitted changes)"
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
DATE=$(date -u +%Y-%m-%dT%H:%MZ) MACHINE="$(nproc) × ${cpu:-unknown CPU}, $(uname -sr)" COMMIT=$commit \
SIPSPAN=${sipspan#"$root"/} TMPDIR_USED=$T BENIGN=$benign_count SEED=$seed SOURCES=$source_count ATTACKS=$attack_count \
python3 - "$T/meta.json" "${commands[@]}" <<'PY'
import json, os, sys
sys.path.insert(0, "tools/gen")
import mimicry
e, seed = os.environ, int(os.environ["SEED"])
json.dump({"date": e["DATE"], "tmp": e["TMPDIR_USED"], "machine": e["MACHINE"], "commit": e["COMMIT"], "sipspan": e["SIPSPAN"],
           "benign_count": int(e["BENIGN"]), "benign_seed": seed, "source_count": int(e["SOURCES"]),
           "source_seed": seed + 1, "attack_count": int(e["ATTACKS"]), "mimicry_seed": seed + 2,
           "transforms": len(mimicry.TRANSFORMS), "families": len(mimicry.FAMILIES),
           "commands": ["T=$(mktemp -d)"] + sys.argv[2:]}, open(sys.argv[1], "w"))
PY
python3 tools/gen/scorer_evaluation_doc.py --meta "$T/meta.json" --trained "$T/trained.json" \
  --builtin "$T/builtin.json" --peers "$T/peers.json" --peers-md "$T/peers.md" --report "$T/evaluate.md" \
  --torture "$T/torture.jsonl" --seed "$T/seed.jsonl" --out "$out"
sed -i 's/](evaluate\.svg)/](scorer-evaluation.svg)/g; s/\[evaluate\.svg\]/[scorer-evaluation.svg]/g' "$out"
cp "$T/evaluate.svg" "$(dirname "$out")/$(basename "$out" .md).svg"
echo "scorer_evaluation.sh: wrote $out" >&2
