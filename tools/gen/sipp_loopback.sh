#!/usr/bin/env bash
# Regenerates corpus/captures/sipp/: SIPp calls between a SIPp UAS and a SIPp UAC on
# loopback, recorded with tcpdump. Each capture is one run: tcpdump on `lo`, filtered to
# the run's UAS port, full packets, flushed per packet; the UAS and the UAC with a fixed
# number of calls (-m) at a fixed rate; tcpdump stopped with SIGINT once both have ended.
#
#   bash tools/gen/sipp_loopback.sh [OUTDIR]        (default corpus/captures/sipp)
#
# Needs root (tcpdump on lo, a network namespace) and installs sip-tester (SIPp), tcpdump
# and ethtool with apt-get when they are missing. SIPp's final statistics screens go to a
# temporary directory (printed at the end, never committed) and each run's message counts
# are printed: the script fails when a scenario saw a retransmission, a timeout or an
# unexpected message, when the UAC and the UAS disagree, or when the capture lacks a
# packet, so a capture always holds exactly calls x messages-per-call SIP messages.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/../.."

out="${1:-corpus/captures/sipp}"
scen="tools/gen/sipp"
mtu=""  # set inside a private network namespace (run_small_mtu)
if [ "$out" != --netns ]; then logs="$(mktemp -d /tmp/sipp_loopback.XXXXXX)"; fi

if ! command -v sipp >/dev/null || ! command -v tcpdump >/dev/null || ! command -v ethtool >/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y sip-tester tcpdump ethtool >/dev/null
fi
[ "$out" = --netns ] || mkdir -p "$out"

port=25060  # each run takes the next pair of ports (UAS, UAC), away from 5060

# run NAME TRANSPORT(u1|t1) FAMILY(4|6) CALLS RATE UAC UAS
#   UAC/UAS: "-sn uac" / "-sn uas" (SIPp's built-in scenarios) or a file in tools/gen/sipp/
run() {
  local name=$1 transport=$2 family=$3 calls=$4 rate=$5 uac=$6 uas=$7
  local ip=127.0.0.1 remote="127.0.0.1:$port"
  if [ "$family" = 6 ]; then ip=::1; remote="[::1]:$port"; fi
  local uas_port=$port uac_port=$((port + 1))
  port=$((port + 2))
  local pcap="$out/$name.pcap"
  rm -f "$pcap"

  # --immediate-mode: packets leave the kernel's ring buffer one by one; without it, the
  # last block of packets can still be there at SIGINT and is lost ("received by filter"
  # but not "captured").
  tcpdump -i lo -s 0 -U --immediate-mode -n -Z root -w "$pcap" "port $uas_port" 2>"$logs/$name.tcpdump" &
  local dump=$!
  for _ in $(seq 50); do grep -qs "listening on" "$logs/$name.tcpdump" && break; sleep 0.1; done

  # shellcheck disable=SC2086
  sipp $uas -t "$transport" -i "$ip" -p "$uas_port" -m "$calls" -nostdin \
       -trace_screen -screen_file "$logs/$name.uas.screen" -trace_err -error_file "$logs/$name.uas.err" \
       -timeout 60s -timeout_error >/dev/null 2>&1 &
  local uas_pid=$!
  sleep 0.5
  local status=0
  # shellcheck disable=SC2086
  sipp $uac "$remote" -t "$transport" -i "$ip" -p "$uac_port" -m "$calls" -r "$rate" -nostdin \
       -trace_screen -screen_file "$logs/$name.uac.screen" -trace_err -error_file "$logs/$name.uac.err" \
       -timeout 60s -timeout_error >/dev/null 2>&1 || status=$?
  wait "$uas_pid" || true  # a TCP UAS counts the call in its closing pause as failed when the UAC hangs up
  sleep 1
  kill -INT "$dump"
  wait "$dump" || true
  if ! grep -q "^0 packets dropped by kernel" "$logs/$name.tcpdump"; then
    echo "$name: tcpdump dropped packets: $(cat "$logs/$name.tcpdump")" >&2
    exit 1
  fi
  if [ "$status" != 0 ]; then
    echo "$name: the UAC exited with status $status; screens and errors in $logs" >&2
    exit 1
  fi
  check "$name" "$calls"
}

# screen_rows NAME CALLS SCREEN: prints the sum of the message counts of SIPp's scenario
# screen. Each row is one scenario message: its count, retransmissions, timeouts and
# unexpected messages. Every count must be 0 (an optional message that did not come) or
# the number of calls, and every other column 0.
screen_rows() {
  awk -v calls="$2" -v name="$1" '
    /Scenario Screen/ { n++ }
    n == 1 && /---------->|<----------/ {
      k = 0
      # "INVITE ---------->  20 0 0" (UAC) or "----------> INVITE  20 0 0 0" (UAS): counts from field 3
      for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+$/) v[k++] = $i
      if (v[0] != 0 && v[0] != calls) { print name ": " $0 > "/dev/stderr"; bad = 1 }
      for (i = 1; i < k; i++) if (v[i] != 0) { print name ": " $0 > "/dev/stderr"; bad = 1 }
      total += v[0]
    }
    END { if (bad) exit 1; print total }' "$3"
}

# check NAME CALLS: the UAC's and the UAS's screens agree, without retransmission,
# timeout or unexpected message; the UAC's counts are the SIP messages of the capture.
check() {
  local name=$1 calls=$2
  local uac uas
  uac=$(screen_rows "$name" "$calls" "$logs/$name.uac.screen") || { echo "$name: see $logs" >&2; exit 1; }
  uas=$(screen_rows "$name" "$calls" "$logs/$name.uas.screen") || { echo "$name: see $logs" >&2; exit 1; }
  if [ "$uac" != "$uas" ]; then
    echo "$name: the UAC counted $uac messages, the UAS $uas" >&2
    exit 1
  fi
  # The capture holds them all: one UDP datagram or one TCP segment with data a message
  # (SIPp sends each message alone; on loopback a segment never has to be split), or,
  # with a small MTU, more segments than messages.
  local with_data
  with_data=$(tcpdump -r "$out/$name.pcap" -n -q 2>/dev/null | awk '$NF != 0' | wc -l)
  if { [ -z "$mtu" ] && [ "$with_data" != "$uac" ]; } || { [ -n "$mtu" ] && [ "$with_data" -le "$uac" ]; }; then
    echo "$name: SIPp counted $uac messages, the capture has $with_data packets with data" >&2
    exit 1
  fi
  echo "$name: $calls calls, $uac SIP messages ($((uac / calls)) a call), $(stat -c %s "$out/$name.pcap") bytes"
}

# run_small_mtu MTU NAME TRANSPORT FAMILY CALLS RATE UAC UAS: run in a private network
# namespace (unshare -n) whose own loopback has the given MTU, so that TCP cuts messages
# longer than the MSS into several segments; the host's lo is not touched.
run_small_mtu() {
  local m=$1
  shift
  unshare -n bash "$self" --netns "$m" "$out" "$port" "$logs" "$@"
  port=$((port + 2))
}

if [ "$out" = --netns ]; then  # inside run_small_mtu's namespace
  mtu=$2 out=$3 port=$4 logs=$5
  shift 5
  ip link set lo up
  ip link set lo mtu "$mtu"
  ethtool -K lo tso off gso off >/dev/null  # segments as the MSS cuts them, not one GSO packet
  run "$@"
  exit 0
fi

run uac-uas-udp4     u1 4 5 10 "-sn uac" "-sn uas"
run uac-uas-tcp4     t1 4 5 10 "-sn uac" "-sn uas"
run uac-uas-udp6     u1 6 5 10 "-sn uac" "-sn uas"
run register-udp4    u1 4 5 10 "-sf $scen/register_uac.xml" "-sf $scen/register_uas.xml"
run options-udp4     u1 4 5 10 "-sf $scen/options_uac.xml"  "-sf $scen/options_uas.xml"
run call-udp4        u1 4 5 5  "-sf $scen/call_uac.xml"     "-sf $scen/call_uas.xml"
run call-tcp4        t1 4 5 5  "-sf $scen/call_uac.xml"     "-sf $scen/call_uas.xml"
run busy-udp4        u1 4 5 10 "-sf $scen/busy_uac.xml"     "-sf $scen/busy_uas.xml"
run cancel-tcp4      t1 4 5 10 "-sf $scen/cancel_uac.xml"   "-sf $scen/cancel_uas.xml"
run options-tcp6     t1 6 5 10 "-sf $scen/options_uac.xml"  "-sf $scen/options_uas.xml"
run_small_mtu 400 call-tcp4-mtu400 t1 4 5 5 "-sf $scen/call_uac.xml" "-sf $scen/call_uas.xml"
echo "logs: $logs"
