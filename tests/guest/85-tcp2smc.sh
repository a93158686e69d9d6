#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 85-tcp2smc: net.smc.tcp2smc=1 makes every TCP socket that user space
# creates in that namespace afterwards an SMC socket (IPPROTO_SMC), with
# no preload and no change to the program. Unmodified iperf3 and redis
# talk SMC-R in init_net; sockets that existed before stay TCP (and SMC
# clients fall back against them); a namespace with tcp2smc=0 next to one
# with 1 keeps TCP; toggling under load and unloading the module while
# tcp2smc=1 leave nothing behind; with kprobes disabled the sysctl refuses 1.
#
#   +-------------------------------- guest ---------------------------------+
#   |  init_net, tcp2smc=1:  iperf3 -c ---- 127.0.0.1 ----> iperf3 -s        |
#   |                            +--- RC QP --- rxe0 on lo ---+               |
#   |  netns A (tcp2smc=1) and B (tcp2smc=0): iperf3 -c/-s on their own lo   |
#   |  (SMC sockets in A fall back: no RDMA device there; none in B)         |
#   +------------------------------------------------------------------------+
#
# timeout: 900
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/guest/lib-accel.sh
. "$(dirname "$0")/lib-accel.sh"

need_cmd rdma ip iperf3 redis-server redis-benchmark
SMCNL=$TOP/tools/smcnl/build/smcnl
SYS=/proc/sys/net/smc/tcp2smc
W=/tmp/tcp2smc
rm -rf "$W"
mkdir -p "$W"
PORT=24100

# socks_of NETNS_INODE FILE: sockets of one namespace in a debugfs copy
socks_of() {
	awk -v ns="$1" 'NR > 1 && $2 == ns { n++ } END { print n + 0 }' "$2"
}

# ns_inode [NETNS]: the inode number of a network namespace
ns_inode() {
	if [ -n "${1:-}" ]; then
		ip netns exec "$1" stat -L -c %i /proc/self/ns/net
	else
		stat -L -c %i /proc/self/ns/net
	fi
}

rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add AF-SMC-LOOPBACK || fail "UEID"

[ -f $SYS ] || fail "$SYS missing"
[ "$(cat $SYS)" = 0 ] || fail "tcp2smc is not 0 by default"
echo 2 > $SYS 2>/dev/null && fail "tcp2smc accepted 2"
echo -1 > $SYS 2>/dev/null && fail "tcp2smc accepted -1"

# 1. Off: an iperf3 pair is TCP, no SMC socket is created.
port=$((PORT++))
c0=$(netstat_get sockets_created)
iperf3 -s -1 -B 127.0.0.1 -p $port > /dev/null 2>&1 & srv=$!
wait_listen $port || fail "iperf3 -s"
iperf3 -c 127.0.0.1 -p $port -t 1 > /dev/null || fail "iperf3 with tcp2smc=0"
wait $srv
[ "$(netstat_get sockets_created)" = "$c0" ] || fail "SMC sockets created with tcp2smc=0"
pretty "" "tcp2smc=0: plain TCP"

# A listener that exists before tcp2smc goes on stays TCP.
port_tcp=$((PORT++))
iperf3 -s -B 127.0.0.1 -p $port_tcp > "$W/tcp-srv.out" 2>&1 & tcpsrv=$!
wait_listen $port_tcp || fail "TCP iperf3 -s"

# 2. On: unmodified iperf3 and redis over SMC-R.
pp sh -c "echo 1 > $SYS" || fail "cannot set tcp2smc=1"
[ "$(cat $SYS)" = 1 ] || fail "tcp2smc reads $(cat $SYS)"
port=$((PORT++))
iperf3 -s -1 -B 127.0.0.1 -p $port > "$W/srv.out" 2>&1 & srv=$!
wait_listen $port || fail "iperf3 -s (tcp2smc=1)"
smcr_proof "iperf3 (tcp2smc=1)" iperf3 -c 127.0.0.1 -p $port -t 3 ||
	{ cat "$W/srv.out"; fail "iperf3 over SMC-R with tcp2smc"; }
wait $srv || fail "iperf3 -s failed"
[ "$(count_socks /tmp/proof.socks smcr inet)" -ge 4 ] ||
	fail "expected >= 4 SMC-R IPPROTO_SMC sockets"
grep receiver "$W/srv.out" | tail -n 1

port=$((PORT++))
redis-server --port $port --save '' --appendonly no > "$W/redis.out" 2>&1 & rs=$!
wait_listen $port || fail "redis-server (tcp2smc=1)"
smcr_proof "redis-benchmark (tcp2smc=1)" redis-benchmark -p $port -t set,get \
	-n 3000 -c 10 -d 1024 -q || fail "redis-benchmark with tcp2smc"

# 3. SMC clients against the TCP listener from before: fallback.
fallback_proof "iperf3 -c (SMC) -> iperf3 -s from before (TCP)" \
	iperf3 -c 127.0.0.1 -p $port_tcp -t 1 || fail "fallback against TCP"

# 4. Isolation: A with 1, B with 0 run the same client and server.
{ ip netns add A && ip netns add B; } || fail "netns"
for ns in A B; do
	ip -n $ns link set lo up
done
[ "$(ip netns exec A cat $SYS)" = 0 ] || fail "a new namespace does not start with 0"
ip netns exec A sh -c "echo 1 > $SYS" || fail "tcp2smc=1 in A"
[ "$(ip netns exec B cat $SYS)" = 0 ] || fail "B changed with A"
[ "$(cat $SYS)" = 1 ] || fail "init_net changed with A"
for ns in A B; do
	port=$((PORT++))
	ip netns exec $ns iperf3 -s -1 -B 127.0.0.1 -p $port > "$W/$ns.srv" 2>&1 & srv=$!
	sleep 1
	ip netns exec $ns iperf3 -c 127.0.0.1 -p $port -t 3 > "$W/$ns.cli" 2>&1 & cli=$!
	sleep 1.5
	cat "$DBG/sockets" > "$W/$ns.socks"
	wait $cli || { cat "$W/$ns.cli"; fail "iperf3 in $ns"; }
	wait $srv
done
ia=$(ns_inode A) ib=$(ns_inode B)
na=$(socks_of "$ia" "$W/A.socks") nb=$(socks_of "$ib" "$W/B.socks")
echo "namespace A ($ia, tcp2smc=1): $na SMC sockets; B ($ib, tcp2smc=0): $nb"
prefix_lines "  A | " < "$W/A.socks"
[ "$na" -ge 4 ] || fail "A's iperf3 sockets are not SMC sockets"
[ "$nb" = 0 ] || fail "B has SMC sockets"
[ "$(socks_of "$ib" "$W/A.socks")" = 0 ] || fail "B has SMC sockets"
pretty "" "isolation: only the namespace with tcp2smc=1 gets SMC sockets"

# 5. Off again: new sockets are TCP.
echo 0 > $SYS
c0=$(netstat_get sockets_created)
iperf3 -c 127.0.0.1 -p $port_tcp -t 1 > /dev/null || fail "iperf3 after tcp2smc=0"
[ "$(netstat_get sockets_created)" = "$c0" ] || fail "SMC sockets after tcp2smc=0"
pretty "" "tcp2smc=0 again: new sockets are TCP"

# 6. Toggle under load: connect-per-request clients against a TCP and an
#    SMC listener while tcp2smc flips every 0.1 s; every request succeeds.
port_smc=$((PORT++))
echo 1 > $SYS
redis-server --port $port_smc --save '' --appendonly no > "$W/redis2.out" 2>&1 & rs2=$!
wait_listen $port_smc || fail "redis-server (SMC listener)"
echo 0 > $SYS
port_rtcp=$((PORT++))
redis-server --port $port_rtcp --save '' --appendonly no > "$W/redis3.out" 2>&1 & rs3=$!
wait_listen $port_rtcp || fail "redis-server (TCP listener)"
created0=$(netstat_get sockets_created)
pids=()
for p in $port_smc $port_rtcp; do
	redis-benchmark -p "$p" -t ping_mbulk -n 1500 -c 4 -k 0 > "$W/load.$p" 2>&1 &
	pids+=($!)
done
flips=0
while kill -0 "${pids[0]}" 2>/dev/null || kill -0 "${pids[1]}" 2>/dev/null; do
	echo $((flips % 2 == 0)) > $SYS || fail "sysctl write under load"
	flips=$((flips + 1))
	sleep 0.1
done
for p in "${pids[@]}"; do
	wait "$p" || { cat "$W"/load.*; fail "a client failed while tcp2smc flipped"; }
done
grep -h 'requests per second' "$W"/load.* | prefix_lines "  "
grep -qi error "$W"/load.* && { cat "$W"/load.*; fail "errors under toggling"; }
echo "flips: $flips, SMC sockets created meanwhile: $(( $(netstat_get sockets_created) - created0 ))"
[ $(( $(netstat_get sockets_created) - created0 )) -gt 0 ] || fail "no SMC socket while toggling"
pretty "" "toggled $flips times under load: every request served"

# 7. Fail closed: with kprobes disabled the probe cannot work; 1 is refused.
KP=/sys/kernel/debug/kprobes/enabled
if [ -w $KP ]; then
	echo 0 > $SYS
	echo 0 > $KP
	if echo 1 > $SYS 2>/dev/null; then
		echo 1 > $KP
		fail "tcp2smc=1 accepted while kprobes are disabled"
	fi
	echo "with kprobes disabled: $(sh -c "echo 1 > $SYS" 2>&1)"
	[ "$(cat $SYS)" = 0 ] || fail "tcp2smc reads 1 after a refused write"
	echo 1 > $KP
	echo 1 > $SYS || fail "tcp2smc=1 refused after kprobes came back"
	pretty "" "fail closed: no working probe, no tcp2smc=1"
fi

# 8. Unload while tcp2smc=1 (in init_net and A) and a client keeps
#    creating short-lived sockets (bash's /dev/tcp: socket(2) and
#    connect(2), converted by tcp2smc): rmmod gets through in a gap between
#    two sockets (an open one pins the module, as any socket does), with no
#    crash and no leak; TCP works afterwards.
echo 1 > $SYS
kill $tcpsrv $rs $rs2
wait $tcpsrv $rs $rs2 2>/dev/null
# shellcheck disable=SC2016  # expanded by the inner bash
bash -c 'while :; do
	(exec 3<>/dev/tcp/127.0.0.1/$0 && printf "PING\r\n" >&3 &&
	 head -c 7 <&3 > /dev/null) 2>/dev/null && echo ok || echo err
done' $port_rtcp > "$W/unload.load" & load=$!
sleep 2
mark=$(kmsg_mark unload-tcp2smc)
for _ in $(seq 300); do
	rmmod af_smc 2>/dev/null && break
	sleep 0.05
done
sleep 1
kill $load; wait $load 2>/dev/null
echo "connections during the unload: $(grep -c ok "$W/unload.load") ok, $(grep -c err "$W/unload.load") failed"
grep -q '^af_smc ' /proc/modules && fail "rmmod under load kept failing"
dmesg_since "$mark" | grep 'af_smc:'
dmesg_since "$mark" | grep -q 'af_smc: unloaded, no objects left' || fail "no clean unload report"
dmesg | grep 'af_smc: leak' && fail "leaks reported on unload"
[ -e $SYS ] && fail "$SYS outlived the module"
port=$((PORT++))
iperf3 -s -1 -B 127.0.0.1 -p $port > /dev/null 2>&1 & srv=$!
wait_listen $port || fail "iperf3 -s after unload"
iperf3 -c 127.0.0.1 -p $port -t 1 > /dev/null || fail "TCP after unloading with tcp2smc=1"
wait $srv
kill $rs3; wait $rs3 2>/dev/null
pretty "" "unloaded under load with tcp2smc=1; TCP goes on"

# the module again, for the leak check of a clean start and stop
af_smc_load || fail "reload"
smc_socks_gone 10 || fail "sockets left"
af_smc_unload || fail "unload"
exit 0
