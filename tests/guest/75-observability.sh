#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 75-observability: what af_smc reports about itself matches what the test
# created. One guest, rxe0 on lo; held open at the same time:
#   A  3 SMC-R connections         AF_SMC client -> AF_SMC server
#   B  2 client-side fallbacks     AF_SMC client -> TCP server (no option)
#   C  1 server-side fallback      TCP client -> AF_SMC server
#   D  1 IPv6 connection           SMCPROTO_SMC6 client -> server on ::1
# Checked: sock_diag (modes, reasons, CONNINFO/LGRINFO and the diag_ext
# filter, network namespaces), the SMC_GEN_NETLINK dumps of link groups,
# links and devices, the statistics and fallback statistics (deltas), the
# handshake limitation switch, malformed requests, and that a user without
# CAP_NET_ADMIN changes nothing.
#
# timeout: 600
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/abi/pairs.sh
. "$TOP/tests/abi/pairs.sh"

need_cmd rdma ip insmod setpriv
SMCNL=$TOP/tools/smcnl/build/smcnl
ABI=$TOP/tests/abi/build/smcabi
DIAG=$TOP/tests/bench/build/smcdiag
DBG=/sys/kernel/debug/af_smc
W=/tmp/obs
mkdir -p $W

rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add AF-SMC-OBSERVE || fail "UEID"

# tracepoints: every af_smc event into the ring buffer
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T || fail "tracefs"
[ -d $T/events/af_smc ] || fail "no af_smc events in tracefs"
echo > $T/trace
echo 1 > $T/events/af_smc/enable || fail "enable af_smc events"

# stat FILE PATH: the value of attribute PATH in a `smcabi dump` output
stat() {
	awk -v p="$2" '$1 == p { print $3; exit }' "$1"
}
# delta NAME PATH EXPECTED: the counter moved by EXPECTED between the dumps
delta() {
	local a b
	a=$(stat $W/stats0 "$2") b=$(stat $W/stats1 "$2")
	[ -n "$a" ] && [ -n "$b" ] || fail "statistics: $1 ($2) missing"
	[ $((b - a)) = "$3" ] ||
		fail "statistics: $1 ($2) moved by $((b - a)), expected $3"
	pretty "" "statistics: $1 +$3"
}

"$ABI" dump gen 7 > $W/stats0 || fail "GET_STATS"
"$ABI" dump gen 8 > $W/fback0 || fail "GET_FBACK_STATS"

BYTES=100000
pairs_start 22701 smc smc 3 $BYTES || fail "pair A"
pairs_start 22702 tcp smc 2 $BYTES || fail "pair B"
pairs_start 22703 smc tcp 1 $BYTES || fail "pair C"
pairs_start 22704 smc6 smc6 1 $BYTES || fail "pair D"
pairs_wait 180 || fail "transfers"

# --- sock_diag ----------------------------------------------------------
"$DIAG" > $W/diag || fail "sock_diag dump"
cp $DBG/sockets $W/socks
prefix_lines "  diag | " < $W/diag
# n REGEX: diag lines matching
n() { grep -cE "$1" $W/diag; }
total=$(($(wc -l < $W/socks) - 1))
[ "$(wc -l < $W/diag)" = "$total" ] ||
	fail "sock_diag lists $(wc -l < $W/diag) sockets, debugfs $total"
smcr=$(awk 'NR > 1 && $5 == "smcr"' $W/socks | wc -l)
v6mode=$(grep -E 'sport=22704 |dport=22704 ' $W/diag | grep -v 'state=10 ' |
	 grep -c 'mode=smcr')
[ "$(n 'mode=smcr .*token=.*link=')" = "$smcr" ] ||
	fail "sock_diag: $(n 'mode=smcr .*token=') SMC-R sockets with CONNINFO and LGRINFO, debugfs has $smcr"
[ "$smcr" = $((6 + v6mode)) ] ||
	fail "expected 6 SMC-R sockets of pair A (+ $v6mode of pair D), found $smcr"
[ "$(n 'mode=smcr .*role=client')" = $((3 + v6mode / 2)) ] &&
[ "$(n 'mode=smcr .*role=server')" = $((3 + v6mode / 2)) ] ||
	fail "sock_diag: LGRINFO roles do not match the connections"
[ "$(n 'dev=rxe0 port=1')" = "$smcr" ] || fail "sock_diag: LGRINFO device"
[ "$(n 'state=10 ')" = 3 ] || fail "sock_diag: expected 3 listeners"
[ "$(n 'state=10 .*token=')" = 0 ] || fail "sock_diag: a listener has CONNINFO"
# B: client sockets to the TCP server, C: the server's child
[ "$(n 'mode=tcp .*dport=22702 fallback=0x03010000 ')" = 2 ] ||
	fail "sock_diag: expected 2 client fallbacks PEERNOSMC on 22702"
[ "$(n 'mode=tcp sport=22703 .*fallback=0x03010000 ')" = 1 ] ||
	fail "sock_diag: expected 1 server fallback PEERNOSMC on 22703"
[ "$(n 'mode=tcp .*token=')" = 0 ] || fail "sock_diag: CONNINFO on a fallback"
[ "$(n 'sport=22704 |dport=22704 ')" = 3 ] ||
	fail "sock_diag: expected the IPv6 listener and both ends on 22704"
[ "$(n 'shut=-1')" = 0 ] || fail "sock_diag: SMC_DIAG_SHUTDOWN missing"
pretty "" "sock_diag: $total sockets, $smcr SMC-R, 3 fallbacks PEERNOSMC (2 client, 1 server), IPv6 mode $([ $v6mode = 0 ] && echo fallback || echo SMC-R)"

# the diag_ext filter: bit 0 CONNINFO, bit 1 LGRINFO
"$DIAG" -x 0 | grep -qE 'token=|link=' && fail "ext 0: CONNINFO or LGRINFO sent"
"$DIAG" -x 1 > $W/x1
grep -q 'link=' $W/x1 && fail "ext 1: LGRINFO sent"
[ "$(grep -c 'token=' $W/x1)" = "$smcr" ] || fail "ext 1: CONNINFO missing"
"$DIAG" -x 2 > $W/x2
grep -q 'token=' $W/x2 && fail "ext 2: CONNINFO sent"
[ "$(grep -c 'link=' $W/x2)" = "$smcr" ] || fail "ext 2: LGRINFO missing"
pretty "" "sock_diag: diag_ext selects CONNINFO and LGRINFO"

# network namespaces: each sees only its own sockets
ip netns add obs || fail "netns"
ip -n obs link set lo up
[ -z "$(ip netns exec obs "$DIAG")" ] || fail "netns obs sees init_net sockets"
ip netns exec obs "$XFER" server -1 -f smc -a 127.0.0.1 -p 22799 -b 1 & nsrv=$!
for _ in $(seq 50); do
	[ -n "$(ip netns exec obs "$DIAG")" ] && break
	sleep 0.1
done
[ "$(ip netns exec obs "$DIAG" | wc -l)" = 1 ] ||
	fail "netns obs: expected its one listener"
"$DIAG" | grep -q 'sport=22799 ' && fail "init_net sees the listener of obs"
pretty "" "sock_diag: per network namespace"

# upstream's smc_diag.ko needs smc.ko, which cannot load next to af_smc;
# af_smc's own handler stays in place
modprobe smc_diag 2>/dev/null && fail "smc_diag.ko loaded next to af_smc"
grep -qE '^smc(_diag)? ' /proc/modules && fail "smc.ko or smc_diag.ko loaded"
[ "$("$DIAG" | wc -l)" -ge "$total" ] || fail "sock_diag after the smc_diag attempt"
pretty "" "sock_diag: the distribution's smc_diag cannot load next to af_smc"

# --- link groups, links, devices ------------------------------------------
"$ABI" dump gen 2 > $W/lgr || fail "GET_LGR_SMCR"
"$ABI" dump gen 3 > $W/link || fail "GET_LINK_SMCR"
"$ABI" dump gen 6 > $W/dev || fail "GET_DEV_SMCR"
prefix_lines "  lgr | " < $W/lgr
[ "$(grep -c '^msg cmd=2' $W/lgr)" = 2 ] || fail "expected 2 link groups"
for role in 0 1; do
	conns=$(awk -v r=$role '/^msg/ { c = -1; rr = -1 }
		$1 == "2/6" { c = $3 } $1 == "2/2" { rr = $3 }
		/^2\/9 / && rr == r { s += c } END { print s + 0 }' $W/lgr)
	[ "$conns" = $((3 + v6mode / 2)) ] ||
		fail "link group of role $role has $conns connections"
done
grep -q '^2/7/4 len=.* "' $W/lgr || fail "no peer host name (V2_COMMON)"
[ "$(grep -c '^msg cmd=3' $W/link)" = 2 ] &&
[ "$(grep -c '^msg cmd=2' $W/link)" = 2 ] ||
	fail "GET_LINK_SMCR: expected 2 groups, 2 links"
[ "$(grep -c '^3/10 len=4 3$' $W/link)" = 2 ] || fail "links not ACTIVE"
[ "$(grep -c '^3/2 len=5 "rxe0"$' $W/link)" = 2 ] || fail "links not on rxe0"
prefix_lines "  dev | " < $W/dev
[ "$(grep -c '^msg cmd=6' $W/dev)" = 1 ] || fail "expected one RDMA device"
grep -q '^6/10 len=5 "rxe0"$' $W/dev || fail "device name"
grep -q '^6/8/6 len=4 2$' $W/dev || fail "rxe0 port 1 should carry 2 links"
grep -q '^6/2 len=1 1$' $W/dev || fail "rxe0 is the groups' only device: critical"
"$ABI" dump gen 4 | grep -q '^msg' && fail "SMC-D link groups reported"
"$ABI" dump gen 5 | grep -q '^msg' && fail "SMC-D devices reported"
[ "$(ip netns exec obs "$ABI" dump gen 2 | grep -c '^msg')" = 0 ] ||
	fail "netns obs sees init_net link groups"
pretty "" "netlink: 2 link groups, 2 active links on rxe0 port 1, 1 device"

# buffers in use while the connections exist: one RMB and one send buffer
# per SMC-R socket
"$ABI" dump gen 7 > $W/statsh
for h in 7/2/1 7/2/2; do
	s=$(awk -v p="$h/" 'index($1, p) == 1 { s += $3 } END { print s + 0 }' $W/statsh)
	[ "$s" = "$smcr" ] || fail "statistics: $h counts $s buffers in use, expected $smcr"
done
pretty "" "statistics: $smcr RMBs and $smcr send buffers in use"

kill $nsrv 2>/dev/null; wait $nsrv 2>/dev/null
ip netns del obs
pairs_release || fail "a transfer failed"
smc_socks_gone 20 || fail "sockets left"

# --- statistics -------------------------------------------------------------
"$ABI" dump gen 7 > $W/stats1 || fail "GET_STATS"
"$ABI" dump gen 8 > $W/fback1 || fail "GET_FBACK_STATS"
ncl=$((3 + v6mode / 2))
delta "client SMC-Rv2" 7/2/8 $ncl
delta "server SMC-Rv2" 7/2/10 $ncl
delta "client SMC-Rv1" 7/2/7 0
delta "SMC-D client" 7/1/8 0
# per connection: the client's 4-byte index and stream, the server's
# 8-byte answer
delta "tx bytes" 7/2/17 $((ncl * (4 + BYTES + 8)))
delta "rx bytes" 7/2/16 $((ncl * (4 + BYTES + 8)))
delta "handshake errors (client)" 7/3 0
delta "handshake errors (server)" 7/4 0
for h in 7/2/1 7/2/2; do
	s=$(awk -v p="$h/" 'index($1, p) == 1 { s += $3 } END { print s + 0 }' $W/stats1)
	[ "$s" = 0 ] || fail "statistics: $h still counts $s buffers in use"
done
[ "$(stat $W/stats1 7/2/20)" = 0 ] && [ "$(stat $W/stats1 7/2/21)" = 0 ] ||
	fail "statistics: buffer bytes in use after every connection closed"
prefix_lines "  fback | " < $W/fback1
# fback CODE SERVER(1)/CLIENT(0): the count reported for it
fback() {
	awk -v c=$(($1)) -v t="$2" '/^msg/ { ty = -1; rc = -1 }
		$1 == "8/1" { ty = $3 } $1 == "8/4" { rc = $3 }
		$1 == "8/5" && ty == t && rc == c { print $3 }' "$3"
}
v6fb=$((v6mode ? 0 : 1))
[ "$(fback 0x03010000 0 $W/fback1)" = 2 ] ||
	fail "fallback statistics: client PEERNOSMC should count 2"
[ "$(fback 0x03010000 1 $W/fback1)" = 1 ] ||
	fail "fallback statistics: server PEERNOSMC should count 1"
[ "$(stat $W/fback1 8/3)" = $((2 + v6fb)) ] &&
[ "$(stat $W/fback1 8/2)" = $((1 + v6fb)) ] ||
	fail "fallback statistics: totals"
pretty "" "fallback statistics: PEERNOSMC 2 client, 1 server"

# --- handshake limitation, permissions, malformed requests ----------------
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
"$ABI" dump gen 16 | grep -q '^1 len=1 0$' || fail "HS limitation not off"
nobody "$ABI" do gen 17 && fail "an unprivileged user enabled the HS limitation"
nobody "$ABI" do gen 10 1:str:AF-SMC-INTRUDER && fail "an unprivileged user added a UEID"
nobody "$ABI" do gen 12 && fail "an unprivileged user flushed the UEIDs"
nobody "$ABI" do pnet 2 1:str:EVIL 2:str:lo && fail "an unprivileged user added a PNET entry"
nobody "$ABI" dump gen 7 > /dev/null || fail "dumps are open to every user"
nobody "$DIAG" > /dev/null || fail "sock_diag is open to every user"
"$ABI" dump gen 16 | grep -q '^1 len=1 0$' || fail "HS limitation changed"
"$SMCNL" ueid show | grep -q AF-SMC-OBSERVE || fail "UEID table changed"
pretty "" "without CAP_NET_ADMIN: refused, nothing changed"
"$ABI" do gen 17 || fail "enable HS limitation"
"$ABI" dump gen 16 | grep -q '^1 len=1 1$' || fail "HS limitation not on"
ip netns add obs2
ip netns exec obs2 "$ABI" dump gen 16 | grep -q '^1 len=1 0$' ||
	fail "HS limitation is not per namespace"
ip netns del obs2
"$ABI" do gen 18 || fail "disable HS limitation"
"$ABI" dump gen 16 | grep -q '^1 len=1 0$' || fail "HS limitation not off again"
pretty "" "HS limitation: enable/disable, per namespace"

# malformed: each request fails and the tables stay as they were
"$SMCNL" ueid show > $W/ueid0
"$ABI" do gen 10 && fail "ADD_UEID without its attribute"
"$ABI" do gen 10 1:u32:7 && fail "ADD_UEID with a u32"
"$ABI" do gen 10 1:str:$(printf 'A%.0s' $(seq 40)) && fail "ADD_UEID with 40 characters"
"$ABI" do gen 10 1:bin:AF-SMC-OBSERVE-NO-NUL-AT-THE-END && fail "ADD_UEID without a NUL"
"$ABI" do gen 11 1:str:nonsense && fail "REMOVE_UEID of garbage"
"$ABI" do pnet 2 1:str:$(printf 'P%.0s' $(seq 17)) 2:str:lo && fail "PNET ID of 17 characters"
"$ABI" do pnet 2 1:str:OK 3:str:rxe0 4:u32:1 && fail "PNET port as u32"
"$ABI" do pnet 2 1:str:OK 2:str:$(printf 'e%.0s' $(seq 20)) && fail "netdev name of 20 characters"
"$ABI" do pnet 3 && fail "PNET DEL without a name"
"$SMCNL" ueid show | cmp -s - $W/ueid0 || fail "a malformed request changed the UEID table"
[ -z "$("$ABI" dump pnet 1 | grep '^msg')" ] || fail "a malformed request added a PNET entry"
"$ABI" diagbad > $W/diagbad
cat $W/diagbad
grep -q 'messages=[1-9]' $W/diagbad && fail "sock_diag answered a malformed request with sockets"
[ "$(grep -c '^error=-22 ' $W/diagbad)" = 1 ] &&
[ "$(grep -c '^error=-95 ' $W/diagbad)" = 1 ] ||
	fail "sock_diag: a short request must get EINVAL, a non-dump EOPNOTSUPP"
pretty "" "malformed requests: errors, no change"

smc_socks_gone 10 || fail "sockets left"

# the groups linger; removing the device ends them (smc_lgr_free)
run_deadline 60 rdma link delete rxe0 || fail "rxe0 removal"
end=$((SECONDS + 20))
while [ "$(grep -c 'smc_lgr_free:' $T/trace)" -lt 2 ] && [ $SECONDS -lt $end ]; do
	sleep 0.2
done
echo 0 > $T/events/af_smc/enable
grep -v '^#' $T/trace > $W/trace
prefix_lines "  trace | " < $W/trace | head -40
# tev EVENT [REGEX]: events of that name (whose text matches REGEX)
tev() { grep " $1: " $W/trace | grep -cE "${2:-.}"; }
[ "$(tev smc_fallback 'reason=0x03010000')" = 3 ] ||
	fail "trace: expected 3 PEERNOSMC fallbacks (+ IPv6), got $(tev smc_fallback)"
# an IPv6 fallback is one on each side
[ "$(tev smc_fallback)" = $((3 + 2 * v6fb)) ] || fail "trace: fallback events"
[ "$(tev smc_fallback ' server ')" = $((1 + v6fb)) ] ||
	fail "trace: server-side fallbacks"
[ "$(tev smc_lgr_create)" = 2 ] || fail "trace: expected 2 smc_lgr_create"
[ "$(tev smc_lgr_free)" = 2 ] || fail "trace: expected 2 smc_lgr_free"
[ "$(tev smc_link_up 'dev=rxe0 port=1')" = 2 ] || fail "trace: expected 2 smc_link_up"
[ "$(tev smc_link_down 'dev=rxe0 port=1')" = 2 ] || fail "trace: expected 2 smc_link_down"
[ "$(tev smc_conn_state ' 2 -> 1$')" = "$smcr" ] ||
	fail "trace: expected $smcr connections to become ACTIVE"
[ "$(tev smc_conn_state ' -> 7$')" = "$smcr" ] ||
	fail "trace: expected $smcr connections to reach CLOSED"
pretty "" "tracepoints: fallback, link group create/free, link up/down, connection states"

# the data path's event counters, through smc_conform's cases over SMC-R
# (their exact numbers depend on the case bodies: each must move)
rxe_lo rxe0 || fail "rxe on lo again"
"$ABI" dump gen 7 > $W/stats2
"$TOP/tests/socket/build/smc_conform" --require-smc -V smc4 -T 3 -c oob \
	-c tcp-nodelay-cork -c splice-sock-to-file > $W/conform ||
	{ cat $W/conform; fail "smc_conform cases"; }
"$ABI" dump gen 7 > $W/stats3
for c in "SMC-Rv2 clients:7/2/8" "urgent data:7/2/15" "TCP_CORK:7/2/13" \
	 "TCP_NODELAY:7/2/14" "splice:7/2/12"; do
	a=$(stat $W/stats2 "${c#*:}") b=$(stat $W/stats3 "${c#*:}")
	[ "$b" -gt "$a" ] || fail "statistics: ${c%%:*} (${c#*:}) did not move"
	pretty "" "statistics: ${c%%:*} +$((b - a))"
done
smc_socks_gone 20 || fail "sockets left"

af_smc_unload || fail "unload"
pretty "" "observability: sock_diag, netlink dumps and statistics match"
exit 0
