#!/usr/bin/env bash
# Trains the built-in scorer profile, corpus/profile/default.json, the way
# corpus/profile/README.md describes: the hand-written valid messages, the
# project's SIPp captures, its recordings of third-party stacks and the
# generated benign set, read in that order; the last 20 % calibrate.
#
#   bash tools/gen/default_profile.sh [SIPSPAN] [OUT]
#
# SIPSPAN: the CLI (default build/tools/sipspan); OUT: default corpus/profile/default.json.
# LEAVE_OUT: an extended regular expression; the captures whose path (from the
# repository's root) matches it are not read: the same recipe with an
# implementation held out (tools/gen/peers/scorer_fpr.py --recipe).
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
sipspan=$(realpath "${1:-$root/build/tools/sipspan}")
out=$(realpath -m "${2:-$root/corpus/profile/default.json}")
[ -x "$sipspan" ] || { echo "default_profile.sh: $sipspan: not an executable (build first)" >&2; exit 2; }
cd "$root"
captures=()
for c in corpus/captures/sipp/*.pcap corpus/captures/peers/*.pcap; do
  if [ -n "${LEAVE_OUT:-}" ] && printf '%s\n' "$c" | grep -Eq -- "$LEAVE_OUT"; then continue; fi
  captures+=("$c")
done
"$sipspan" train corpus/seed/seed-invite.sip corpus/bench corpus/rfc3261 corpus/torture/valid \
  "${captures[@]}" corpus/benign --holdout 0.2 -o "$out"
