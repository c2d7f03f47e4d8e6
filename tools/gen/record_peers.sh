#!/usr/bin/env bash
# Regenerates corpus/captures/peers/: real third-party SIP implementations talking to
# each other on loopback, recorded with tcpdump, one capture a scenario, named
# PEER-SCENARIO-TRANSPORT.pcap (transport: udp4, tcp4, udp6, tcp6).
#
#   bash tools/gen/record_peers.sh [OUTDIR]        (default corpus/captures/peers)
#
# The peers (Debian packages, installed with apt-get when missing):
#   - Kamailio as registrar and record-routing proxy (tools/gen/peers/kamailio.cfg),
#     listening on UDP and TCP, 127.0.0.1 and ::1;
#   - baresip (alice) and linphonec (bob): both register with Kamailio, alice calls
#     bob, hangs up, bob calls alice, hangs up, bob sends alice a MESSAGE, alice
#     SUBSCRIBEs to bob's presence; over each transport;
#   - SIPp's built-in scenarios: uac/uas, regexp/uas, branchc/branchs, 3pcc
#     (3pcc-C-A, 3pcc-C-B, 3pcc-A, 3pcc-B), directly, and uac/uas through Kamailio
#     (UDP over IPv4: the UAS's address is registered with sipsak, which has no
#     IPv6, and over TCP Kamailio sends the INVITE to the registered contact by UDP);
#   - sipsak: OPTIONS, REGISTER (usrloc mode), a flood of a few OPTIONS, and the
#     traceroute mode (-T) through Kamailio to a registered user, UDP and TCP over
#     IPv4 (sipsak 0.9.8 reads no IPv6 URI; its MESSAGE mode crashes, so it is left out).
# Everything is non-interactive: each peer runs under `timeout`, the user agents are
# driven by commands (linphonec on its standard input, baresip on its UDP console),
# the ports are picked free before each scenario, tcpdump captures only those ports
# (no RTP), and every process started here is stopped at the end, also on failure.
# Needs root (tcpdump on lo). Logs go to a temporary directory, printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$(pwd)"

out="${1:-corpus/captures/peers}"
cfg="$root/tools/gen/peers/kamailio.cfg"
work="$(mktemp -d /tmp/record_peers.XXXXXX)"
mkdir -p "$out"

need=()
command -v kamailio >/dev/null || need+=(kamailio)
command -v baresip >/dev/null || need+=(baresip-core)
command -v linphonec >/dev/null || need+=(linphone-cli)
command -v sipp >/dev/null || need+=(sip-tester)
command -v sipsak >/dev/null || need+=(sipsak)
command -v tcpdump >/dev/null || need+=(tcpdump)
if ((${#need[@]})); then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi

# ------------------------------------------------------------------ processes
pids=()   # every background process started here
cleanup() {
  local p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
}
trap cleanup EXIT

# stop PID...: SIGTERM, then wait (each peer also runs under `timeout`)
stop() {
  local p
  for p in "$@"; do kill "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
}

# ------------------------------------------------------------------ ports
next_port=35060
# ports N: sets $base to the first of N consecutive ports that no socket holds
# (UDP and TCP, 127.0.0.1 and ::1), from 35060 on (26000 and the like
# are claimed by other dissectors in tshark); the next call starts after them.
ports() {
  base=$(python3 - "$next_port" "$1" <<'PY'
import socket, sys
start, n = int(sys.argv[1]), int(sys.argv[2])
def free(p):
    for fam, host in ((socket.AF_INET, "127.0.0.1"), (socket.AF_INET6, "::1")):
        for kind in (socket.SOCK_DGRAM, socket.SOCK_STREAM):
            s = socket.socket(fam, kind)
            try:
                s.bind((host, p))
            except OSError:
                return False
            finally:
                s.close()
    return True
p = start
while not all(free(p + i) for i in range(n)):
    p += n
print(p)
PY
)
  next_port=$((base + $1))
}

# ------------------------------------------------------------------ capture
# capture_start NAME PORT...: tcpdump on lo, only those ports, full packets
capture_start() {
  local name=$1
  shift
  local filter="" p
  for p in "$@"; do filter+="${filter:+ or }port $p"; done
  pcap="$out/$name.pcap"
  rm -f "$pcap"
  tcpdump -i lo -s 0 -B 16384 -U --immediate-mode -n -Z root -w "$pcap" "$filter" 2>"$work/$name.tcpdump" &
  dump=$!
  pids+=("$dump")
  local _
  for _ in $(seq 50); do grep -qs "listening on" "$work/$name.tcpdump" && break; sleep 0.1; done
}

# capture_stop NAME: stop tcpdump, fail when it dropped a packet or caught none
capture_stop() {
  sleep 0.5
  stop "$dump"
  if ! grep -q "^0 packets dropped by kernel" "$work/$1.tcpdump"; then
    echo "$1: tcpdump dropped packets: $(cat "$work/$1.tcpdump")" >&2
    exit 1
  fi
  local n
  n=$(tcpdump -r "$pcap" -n -q 2>/dev/null | awk '$NF != 0' | wc -l)
  if [ "$n" = 0 ]; then
    echo "$1: the capture holds no packet with data; logs in $work" >&2
    exit 1
  fi
  echo "$1: $n packets with data, $(stat -c %s "$pcap") bytes"
}

# ------------------------------------------------------------------ kamailio
# kamailio_start NAME PORT: the proxy on UDP and TCP, 127.0.0.1 and ::1, at PORT
kamailio_start() {
  mkdir -p "$work/$1.kam"
  timeout 120 kamailio -DD -E -m 32 -M 8 -Y "$work/$1.kam" -f "$cfg" \
    -l "udp:127.0.0.1:$2" -l "tcp:127.0.0.1:$2" -l "udp:[::1]:$2" -l "tcp:[::1]:$2" \
    >"$work/$1.kamailio.log" 2>&1 &
  kam=$!
  pids+=("$kam")
  local _
  for _ in $(seq 50); do grep -qs "main(): processes" "$work/$1.kamailio.log" && break; sleep 0.1; done
  sleep 0.3
}

# ------------------------------------------------------------------ user agents
# host FAMILY: the loopback address as it goes in a URI
host() { if [ "$1" = 6 ]; then echo "[::1]"; else echo 127.0.0.1; fi; }

# baresip_start DIR SIPPORT CONSPORT KAMPORT FAMILY TRANSPORT: alice, auto-answer,
# registered with Kamailio, subscribed to bob's presence, commands on a UDP console
baresip_start() {
  local dir=$1 sip=$2 cons=$3 kport=$4 fam=$5 tr=$6 h
  h=$(host "$fam")
  mkdir -p "$dir"
  cat >"$dir/config" <<EOF
poll_method epoll
sip_listen $h:$sip
sip_trans_def $tr
module_path /usr/lib/baresip/modules
module cons.so
module opus.so
module ausine.so
module aufile.so
module_app account.so
module_app contact.so
module_app menu.so
module_app presence.so
cons_listen 127.0.0.1:$cons
audio_source ausine,440
opus_samplerate 48000
audio_player aufile,$dir/play.wav
audio_alert aufile,$dir/alert.wav
rtp_ports $((sip + 10))-$((sip + 19))
EOF
  echo "<sip:alice@sipspan.test>;auth_pass=none;outbound=\"sip:$h:$kport;transport=$tr\";regint=60;answermode=auto" >"$dir/accounts"
  echo "\"Bob\" <sip:bob@sipspan.test>;presence=p2p" >"$dir/contacts"
  timeout 60 baresip "-$fam" -f "$dir" >"$dir/log" 2>&1 &
  alice=$!
  pids+=("$alice")
  alice_cons=$cons
}
alice_says() { printf '%s\n' "$1" >"/dev/udp/127.0.0.1/$alice_cons"; }

# linphone_start DIR SIPPORT KAMPORT FAMILY TRANSPORT: bob, auto-answer, registered
# with Kamailio, commands on its standard input (a FIFO held open on fd 7)
linphone_start() {
  local dir=$1 sip=$2 kport=$3 fam=$4 tr=$5 h ipv6=0
  h=$(host "$fam")
  [ "$fam" = 6 ] && ipv6=1
  mkdir -p "$dir/.local/share/linphone"
  cat >"$dir/linphonerc" <<EOF
[sip]
sip_port=$sip
sip_tcp_port=$sip
sip_tls_port=0
use_ipv6=$ipv6
default_proxy=0
guess_hostname=0
register_only_when_network_is_up=0
[rtp]
audio_rtp_port=$((sip + 20))
[proxy_0]
reg_proxy=<sip:$h:$kport;transport=$tr>
reg_route=<sip:$h:$kport;transport=$tr;lr>
reg_identity="Bob" <sip:bob@sipspan.test>
reg_expires=60
reg_sendregister=1
publish=0
EOF
  rm -f "$dir/in"
  mkfifo "$dir/in"
  HOME="$dir" timeout 60 linphonec -a -c "$dir/linphonerc" -d 4 -l "$dir/log" <"$dir/in" >"$dir/out" 2>&1 &
  bob=$!
  pids+=("$bob")
  exec 7>"$dir/in"
}
bob_says() { printf '%s\n' "$1" >&7; }

# ua_pair TRANSPORT FAMILY: baresip and linphonec through Kamailio
ua_pair() {
  local tr=$1 fam=$2 name="baresip-linphone-$1$2"
  ports 30
  local kport=$base alice_port=$((base + 2)) cons=$((base + 5)) bob_port=$((base + 6))
  local dir="$work/$name"
  capture_start "$name" "$kport" "$alice_port" "$bob_port"
  kamailio_start "$name" "$kport"
  linphone_start "$dir/bob" "$bob_port" "$kport" "$fam" "$tr"
  baresip_start "$dir/alice" "$alice_port" "$cons" "$kport" "$fam" "$tr"
  sleep 3                                   # both registered; alice subscribes to bob
  alice_says "/dial sip:bob@sipspan.test"   # bob answers (-a)
  sleep 3
  alice_says "/hangup"
  sleep 1.5
  bob_says "call sip:alice@sipspan.test"    # alice answers (answermode=auto)
  sleep 3
  bob_says "terminate"
  sleep 1.5
  bob_says "chat sip:alice@sipspan.test hello from bob"
  sleep 1.5
  alice_says "/quit"                        # baresip unsubscribes and unregisters
  sleep 1.5
  bob_says "quit"                           # linphonec unregisters
  exec 7>&-
  sleep 1.5
  stop "$bob" "$alice" "$kam"
  capture_stop "$name"
}

# ------------------------------------------------------------------ SIPp
# sipp_run NAME TRANSPORT(u1|t1) FAMILY CALLS UAC-ARGS UAS-ARGS [via]
# SIPp's built-in UAC and UAS; through Kamailio the UAS first registers its address
# for user "service" (sipsak's usrloc mode) and the UAC sends to the proxy.
sipp_run() {
  local name=$1 tr=$2 fam=$3 calls=$4 uac=$5 uas=$6 via=${7:-}
  ports 6
  local uas_port=$base uac_port=$((base + 1)) kport=$((base + 2)) h ip=127.0.0.1 t=udp
  h=$(host "$fam")
  [ "$fam" = 6 ] && ip=::1
  [ "$tr" = t1 ] && t=tcp
  if [ -n "$via" ]; then
    capture_start "$name" "$uas_port" "$uac_port" "$kport"
    kamailio_start "$name" "$kport"
    timeout 10 sipsak -U -C "sip:service@$h:$uas_port;transport=$t" -x 600 -s "sip:service@$h:$kport" \
      >"$work/$name.register" 2>&1 || true
  else
    capture_start "$name" "$uas_port" "$uac_port"
  fi
  # shellcheck disable=SC2086
  timeout 60 sipp $uas -t "$tr" -i "$ip" -p "$uas_port" -m "$calls" -nostdin -bg \
    -trace_err -error_file "$work/$name.uas.err" >/dev/null 2>&1 || true
  local uas_pid
  uas_pid=$(pgrep -n -f "sipp .* -p $uas_port " || true)
  [ -n "$uas_pid" ] && pids+=("$uas_pid")
  sleep 0.5
  local target="$h:$uas_port"
  [ -n "$via" ] && target="$h:$kport"
  # shellcheck disable=SC2086
  timeout 60 sipp $uac "$target" -t "$tr" -i "$ip" -p "$uac_port" -m "$calls" -r 10 -nostdin \
    -trace_err -error_file "$work/$name.uac.err" -timeout 30s -timeout_error >"$work/$name.uac.out" 2>&1 ||
    echo "$name: the SIPp UAC exited with $? (see $work)" >&2
  sleep 1
  [ -n "$uas_pid" ] && stop "$uas_pid"
  [ -n "$via" ] && stop "$kam"
  capture_stop "$name"
}

# sipp_3pcc NAME: SIPp's third-party call control quartet (RFC 3725 flow I): the
# controller's two halves (3pcc-C-A, 3pcc-C-B, twinned over -3pcc) and the two
# parties (3pcc-A, 3pcc-B), one call, UDP over 127.0.0.1
sipp_3pcc() {
  local name=$1
  ports 6
  local a=$base b=$((base + 1)) ca=$((base + 2)) cb=$((base + 3)) twin=$((base + 4))
  capture_start "$name" "$a" "$b" "$ca" "$cb"
  local common=(-i 127.0.0.1 -m 1 -nostdin -bg)
  timeout 60 sipp -sn 3pcc-A -p "$a" "${common[@]}" >/dev/null 2>&1 || true
  timeout 60 sipp -sn 3pcc-B -p "$b" "${common[@]}" >/dev/null 2>&1 || true
  timeout 60 sipp -sn 3pcc-C-B "127.0.0.1:$b" -p "$cb" -3pcc "127.0.0.1:$twin" "${common[@]}" >/dev/null 2>&1 || true
  sleep 0.5
  timeout 60 sipp -sn 3pcc-C-A "127.0.0.1:$a" -p "$ca" -3pcc "127.0.0.1:$twin" "${common[@]}" >/dev/null 2>&1 || true
  local p list=()
  for p in "$a" "$b" "$cb" "$ca"; do
    list+=("$(pgrep -n -f "sipp .* -p $p " || true)")
  done
  for p in "${list[@]}"; do [ -n "$p" ] && pids+=("$p"); done
  local _
  for _ in $(seq 100); do
    local alive=0
    for p in "${list[@]}"; do [ -n "$p" ] && kill -0 "$p" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for p in "${list[@]}"; do [ -n "$p" ] && stop "$p"; done
  capture_stop "$name"
}

# ------------------------------------------------------------------ sipsak
# sipsak_run FAMILY TRANSPORT: OPTIONS, REGISTER, a few flooded OPTIONS and the
# traceroute mode, all through Kamailio, each its own capture
sipsak_run() {
  local fam=$1 tr=$2 h
  h=$(host "$fam")
  local suffix="$tr$fam"
  ports 4
  local kport=$base ua=$((base + 1))
  local dir="$work/sipsak-$suffix"
  # a registered user for OPTIONS and traceroute to reach: baresip answers them
  kamailio_start "sipsak-$suffix" "$kport"

  capture_start "sipsak-register-$suffix" "$kport"
  timeout 10 sipsak -U -C "sip:carol@$h:$ua;transport=$tr" -x 60 -s "sip:carol@$h:$kport" --transport "$tr" \
    >"$dir.register" 2>&1 || true
  timeout 15 sipsak -U -s "sip:dave@$h:$kport" --transport "$tr" >>"$dir.register" 2>&1 || true
  capture_stop "sipsak-register-$suffix"

  baresip_start "$dir/alice" "$ua" "$((base + 3))" "$kport" "$fam" "$tr"
  sleep 2
  capture_start "sipsak-options-$suffix" "$kport" "$ua"
  timeout 10 sipsak -s "sip:$h:$kport" --transport "$tr" >"$dir.options" 2>&1 || true
  timeout 10 sipsak -s "sip:alice@$h:$kport" --transport "$tr" >>"$dir.options" 2>&1 || true
  capture_stop "sipsak-options-$suffix"

  capture_start "sipsak-trace-$suffix" "$kport" "$ua"
  timeout 20 sipsak -T -s "sip:alice@$h:$kport" --transport "$tr" >"$dir.trace" 2>&1 || true
  capture_stop "sipsak-trace-$suffix"

  capture_start "sipsak-flood-$suffix" "$kport"
  timeout 20 sipsak -F -e 20 -s "sip:$h:$kport" --transport "$tr" >"$dir.flood" 2>&1 || true
  capture_stop "sipsak-flood-$suffix"

  alice_says "/quit"
  sleep 1
  stop "$alice" "$kam"
}

# ------------------------------------------------------------------ scenarios
# PEERS_ONLY="ua_pair udp 4" runs one scenario (for working on this script)
if [ -n "${PEERS_ONLY:-}" ]; then
  $PEERS_ONLY
  exit 0
fi
ua_pair udp 4
ua_pair tcp 4
ua_pair udp 6
ua_pair tcp 6

sipp_run sipp-uac-uas-udp4            u1 4 3 "-sn uac" "-sn uas"
sipp_run sipp-uac-uas-tcp6            t1 6 3 "-sn uac" "-sn uas"
sipp_run sipp-regexp-udp4             u1 4 3 "-sn regexp" "-sn uas"
sipp_run sipp-branch-udp4             u1 4 3 "-sn branchc" "-sn branchs"
sipp_run sipp-kamailio-uac-uas-udp4   u1 4 3 "-sn uac" "-sn uas" via
sipp_3pcc sipp-3pcc-udp4

sipsak_run 4 udp
sipsak_run 4 tcp

echo "total: $(du -cb "$out"/*.pcap | tail -1 | cut -f1) bytes in $(ls "$out"/*.pcap | wc -l) captures"
echo "logs: $work"
