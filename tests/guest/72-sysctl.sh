#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 72-sysctl: the net.smc.* sysctls of af_smc and the effect of each, on
# one guest with af_smc at both ends of SMC-Rv2 connections (rxe on lo, as
# in 60-smcr-loopback).
#
#   +------------------------------- guest --------------------------------+
#   |  /proc/sys/net/smc/*: names, defaults, EINVAL out of range           |
#   |  netns t72: its own table with the defaults, isolated both ways      |
#   |  xfer client -f smc ---- 127.0.0.1, rxe0 on lo ----> xfer server     |
#   |    wmem/rmem             -> buffer sizes in debugfs conns            |
#   |    smcr_max_conns_per_lgr -> 20 connections, 2 link groups per role  |
#   |    smcr_max_links_per_lgr -> the negotiated v2.1 value               |
#   |    smcr_testlink_time     -> TEST LINKs on an idle link (netstat)    |
#   |    limit_smc_hs           -> plain TCP while 16 handshakes wait      |
#   |    smcr_buf_type          -> RMBs in vmalloc() memory, data checked  |
#   +----------------------------------------------------------------------+
#
# Link groups linger for 10 minutes and take some settings when they are
# created, so sections that need new groups reload the module (each
# unload is a leak check).
#
# debug-kernel: no
# timeout: 900
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ip insmod
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
SYS=/proc/sys/net/smc
PORT=22700
NS=t72
UEID=AF-SMC-SYSCTL

rxe_lo rxe0 || fail "rxe on lo"

# fresh: (re)load af_smc with no link group and its UEID
fresh() {
	if grep -q '^af_smc ' /proc/modules; then
		smc_socks_gone 10 || return 1
		af_smc_unload || return 1
	fi
	af_smc_load && pp "$SMCNL" ueid add "$UEID" >/dev/null
}

# netstat NAME: a counter of debugfs netstat
netstat() {
	awk -v n="$1" '$1 == n { print $2 }' "$DBG/netstat"
}

# xfer_run NAME CONNS BYTES CMD: CONNS SMC-R connections of BYTES each;
# the client runs CMD while they all exist
xfer_run() {
	local name=$1 conns=$2 bytes=$3 cmd=$4 port=$((PORT++)) srv rc=0
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b "$bytes" \
		-n "$conns" > /tmp/72.srv 2>&1 & srv=$!
	wait_listen "$port" || return 1
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b "$bytes" \
		-n "$conns" -e "$cmd; cat $DBG/sockets > /tmp/72.socks" \
		> /tmp/72.cli 2>&1 || rc=1
	wait "$srv" || rc=1
	if [ "$rc" != 0 ]; then
		echo "$name: transfer failed"
		prefix_lines "  | " < /tmp/72.srv
		prefix_lines "  | " < /tmp/72.cli
		return 1
	fi
}

# smcr_socks: sockets in SMC-R mode in the last xfer_run's snapshot
smcr_socks() {
	awk 'NR > 1 && $5 == "smcr" { n++ } END { print n + 0 }' /tmp/72.socks
}

# sysctl_try NAME VALUE: write VALUE; prints "ok" or the error
sysctl_try() {
	local err
	err=$( (echo "$2" > "$SYS/$1") 2>&1) && { echo ok; return; }
	case $err in
	*"Invalid argument"*) echo EINVAL ;;
	*) echo "$err" ;;
	esac
}

fresh || fail "af_smc"

# --- the table: names, defaults, ranges ------------------------------------
declare -A DEF=(
	[autocorking_size]=65536 [smcr_buf_type]=0 [smcr_testlink_time]=30
	[wmem]=65536 [rmem]=65536 [smcr_max_links_per_lgr]=2
	[smcr_max_conns_per_lgr]=255 [limit_smc_hs]=0
)
for n in "${!DEF[@]}"; do
	[ -f "$SYS/$n" ] || fail "$SYS/$n missing"
	v=$(cat "$SYS/$n")
	[ "$v" = "${DEF[$n]}" ] || fail "$n is $v, expected ${DEF[$n]}"
done
pretty "" "net.smc: ${#DEF[@]} sysctls with upstream's defaults"

# NAME BAD-VALUES... | GOOD-VALUES...
check_range() {
	local n=$1 v r old
	shift
	old=$(cat "$SYS/$n")
	while [ "$1" != "|" ]; do
		r=$(sysctl_try "$n" "$1")
		[ "$r" = EINVAL ] || fail "$n=$1: $r, expected EINVAL"
		[ "$(cat "$SYS/$n")" = "$old" ] || fail "$n changed by a bad write"
		shift
	done
	shift
	for v in "$@"; do
		r=$(sysctl_try "$n" "$v")
		[ "$r" = ok ] || fail "$n=$v: $r"
		[ "$(cat "$SYS/$n")" = "$v" ] || fail "$n=$v reads $(cat "$SYS/$n")"
	done
	echo "$old" > "$SYS/$n"
}
check_range wmem 16383 0 -1 1073741824 "|" 16384 1073741823 65536
check_range rmem 16383 -5 1073741824 "|" 16384 1073741823 65536
check_range smcr_max_links_per_lgr 0 3 -1 "|" 1 2
check_range smcr_max_conns_per_lgr 15 256 0 "|" 16 255
check_range limit_smc_hs 2 -1 "|" 1 0
check_range smcr_testlink_time -1 "|" 0 1 30
check_range autocorking_size -1 "|" 0 1 65536
check_range smcr_buf_type 3 -1 "|" 1 2 0
pretty "" "out-of-range writes fail with EINVAL and change nothing"

# --- per network namespace ---------------------------------------------------
ip netns add "$NS" || fail "netns"
echo 131072 > "$SYS/rmem"
echo 100 > "$SYS/smcr_max_conns_per_lgr"
for n in "${!DEF[@]}"; do
	v=$(ip netns exec "$NS" cat "$SYS/$n") || fail "$NS: no $SYS/$n"
	[ "$v" = "${DEF[$n]}" ] || fail "$NS: $n is $v, expected the default ${DEF[$n]}"
done
ip netns exec "$NS" sh -c "echo 32768 > $SYS/rmem" || fail "$NS: write"
[ "$(ip netns exec "$NS" cat $SYS/rmem)" = 32768 ] || fail "$NS: rmem not set"
[ "$(cat $SYS/rmem)" = 131072 ] || fail "a write in $NS changed init_net's rmem"
r=$(ip netns exec "$NS" bash -c "echo 0 > $SYS/limit_smc_hs; echo 300 > $SYS/smcr_max_conns_per_lgr" 2>&1)
case $r in *"Invalid argument"*) ;; *) fail "$NS: 300 accepted: $r" ;; esac
pretty "" "netns $NS: its own table, the defaults, writes stay there"
ip netns del "$NS"
echo 255 > "$SYS/smcr_max_conns_per_lgr"

# --- wmem / rmem --------------------------------------------------------------
# CHECK NAME RMB SNDBUF: every connection in debugfs conns (both ends: the
# peer's RMB is the other end's rmem) has these sizes
check_bufs() {
	local name=$1 rmb=$2 sb=$3
	awk -v r="rmb=$rmb" -v s="sndbuf=$sb" -v p="peer_rmb=$rmb" '
		{ n++; ok = 0; for (i = 1; i <= NF; i++) if ($i == r || $i == s || $i == p) ok++
		  if (ok != 3) bad = 1 }
		END { exit bad || n < 2 }' /tmp/72.conns && return 0
	echo "$name: expected rmb=$rmb sndbuf=$sb peer_rmb=$rmb on every connection:"
	prefix_lines "  | " < /tmp/72.conns
	return 1
}
for case in "131072 32768 131072 32768" "16384 262144 16384 262144" \
	    "1048576 16384 524288 16384" "65536 65536 65536 65536"; do
	set -- $case
	echo "$1" > "$SYS/rmem"; echo "$2" > "$SYS/wmem"
	xfer_run "rmem=$1 wmem=$2" 2 300000 "cat $DBG/conns > /tmp/72.conns" ||
		fail "transfer with rmem=$1 wmem=$2"
	[ "$(smcr_socks)" -ge 2 ] || fail "rmem=$1: not SMC-R"
	check_bufs "rmem=$1 wmem=$2" "$3" "$4" || fail "buffer sizes do not follow rmem=$1 wmem=$2"
	pretty "" "rmem=$1 wmem=$2: RMBs of $3 B, send buffers of $4 B"
done

# --- smcr_max_conns_per_lgr / smcr_max_links_per_lgr ----------------------------
fresh || fail "reload"
echo 16 > "$SYS/smcr_max_conns_per_lgr"
echo 1 > "$SYS/smcr_max_links_per_lgr"
xfer_run "20 connections" 20 65536 "cat $DBG/linkgroups > /tmp/72.lg" ||
	fail "20 connections"
[ "$(smcr_socks)" -ge 20 ] || fail "20 connections: not all SMC-R"
prefix_lines "  | " < /tmp/72.lg
for role in server client; do
	n=$(awk -v r=$role '$2 == r { print $1 }' /tmp/72.lg | sort -u | wc -l)
	[ "$n" = 2 ] || fail "$role: $n link groups for 20 connections at 16 per group"
	awk -v r=$role '$2 == r && $3 > 16 { bad = 1 } END { exit bad }' /tmp/72.lg ||
		fail "$role: a group has more than 16 connections"
done
grep -q -v 'max_conns=16 max_links=1$' /tmp/72.lg &&
	fail "link groups did not negotiate max_conns=16 max_links=1"
pretty "" "smcr_max_conns_per_lgr=16: 20 connections in 2 link groups per role, max_conns=16 in the v2.1 CLC"

fresh || fail "reload"
echo 2 > "$SYS/smcr_max_links_per_lgr"
echo 200 > "$SYS/smcr_max_conns_per_lgr"
xfer_run "defaults" 1 65536 "cat $DBG/linkgroups > /tmp/72.lg" || fail "transfer"
prefix_lines "  | " < /tmp/72.lg
grep -q -v 'max_conns=200 max_links=2$' /tmp/72.lg &&
	fail "expected max_conns=200, max_links=2 negotiated"
# one RDMA device: the server's asymmetric ADD LINK is refused by the
# client, which has no other device either; each group keeps one link
[ "$(wc -l < /tmp/72.lg)" = 2 ] ||
	fail "one device, yet not exactly one link per group"
pretty "" "smcr_max_links_per_lgr=2: max_links=2, max_conns=200 negotiated; one device, so one link per group"
echo 255 > "$SYS/smcr_max_conns_per_lgr"

# --- smcr_testlink_time ----------------------------------------------------------
# A lingering group's link is idle: with 1 s, TEST LINKs go out and are
# answered (both groups of the loopback pair test their link); with 0,
# none is sent.
fresh || fail "reload"
echo 1 > "$SYS/smcr_testlink_time"
xfer_run "testlink 1 s" 1 65536 true || fail "transfer"
sent0=$(netstat testlink_sent)
sleep 6
cp "$DBG/netstat" /tmp/72.ns
grep testlink /tmp/72.ns | prefix_lines "  | "
read -r total answered timeouts <<<"$(awk '$1 == "testlink_sent" { s = $2 }
	$1 == "testlink_answered" { a = $2 } $1 == "testlink_timeout" { t = $2 }
	END { print s, a, t }' /tmp/72.ns)"
sent=$((total - sent0))
[ "$sent" -ge 3 ] || fail "smcr_testlink_time=1: only $sent TEST LINKs in 6 idle seconds"
# each of the two groups may have one request in flight
[ "$answered" -ge $((total - 2)) ] || fail "TEST LINKs not answered"
[ "$timeouts" = 0 ] || fail "a TEST LINK timed out"
pretty "" "smcr_testlink_time=1: $sent TEST LINKs on the idle link in 6 s, all answered"

fresh || fail "reload"
echo 0 > "$SYS/smcr_testlink_time"
xfer_run "testlink off" 1 65536 true || fail "transfer"
sleep 4
[ "$(netstat testlink_sent)" = 0 ] || fail "smcr_testlink_time=0: TEST LINKs sent"
pretty "" "smcr_testlink_time=0: no TEST LINK"
echo 30 > "$SYS/smcr_testlink_time"

# --- limit_smc_hs ---------------------------------------------------------------
# 16 plain TCP clients whose SYNs carry the SMC option (cgroup BPF, as in
# 70-hostile-clc) never send a PROPOSAL: 16 server handshakes wait for
# them, af_smc's congestion mark. A listener made with limit_smc_hs=1
# then answers the next SYN without the option (plain TCP, reason
# 0x03010000, counter hs_limited); one made with 0 still serves SMC-R.
CGRUN=$TOP/tests/hostile/build/smc_opt_cg
CG=/sys/fs/cgroup/af-smc-sysctl
[ -x "$CGRUN" ] || fail "$CGRUN missing (make -C tests/hostile)"
if ! grep -q '^[^ ]* /sys/fs/cgroup cgroup2 ' /proc/mounts; then
	mount -t cgroup2 none /sys/fs/cgroup || fail "cannot mount cgroup v2"
fi
# limit_case LIMIT [SERVER-ARGS]: one connection to a listener made with
# limit_smc_hs LIMIT (and SERVER-ARGS: -L sets SMC_LIMIT_HS on it) while 16
# handshakes wait; each end's snapshot of debugfs sockets while its
# connection is open: /tmp/72.socks (server), /tmp/72.csocks
limit_case() {
	local port=$((PORT++)) stall srv rc=0
	echo "$1" > "$SYS/limit_smc_hs"
	# shellcheck disable=SC2086 # SERVER-ARGS are words
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b 65536 -n 1 ${2:-} \
		-e "cat $DBG/sockets > /tmp/72.socks" > /tmp/72.srv 2>&1 & srv=$!
	wait_listen "$port" || return 1
	"$CGRUN" "$CG" bash -c "for i in \$(seq 16); do
		exec {fd}<>/dev/tcp/127.0.0.1/$port || exit 1; done; sleep 5" &
	stall=$!
	# the 16 children are in their handshakes (mode "-", not the listener)
	for _ in $(seq 100); do
		[ "$(awk '$5 == "-" && $4 != 10' $DBG/sockets | wc -l)" -ge 16 ] &&
			break
		sleep 0.1
	done
	sleep 0.5
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b 65536 -n 1 \
		-e "cat $DBG/sockets > /tmp/72.csocks" > /tmp/72.cli 2>&1 || rc=1
	wait "$srv" || rc=1
	wait "$stall" || rc=1
	[ "$rc" = 0 ] || { prefix_lines "  | " < /tmp/72.cli; return 1; }
}
lim0=$(netstat hs_limited)
limit_case 1 || fail "limit_smc_hs=1 transfer"
for f in /tmp/72.socks /tmp/72.csocks; do
	grep -v ' - 0x00000000 0x00000000$' $f | prefix_lines "  | "
	awk 'NR > 1 && $5 == "smcr" { b = 1 }
	     NR > 1 && $5 == "fallback" && $6 == "0x03010000" { n++ }
	     END { exit b || n < 1 }' $f ||
		fail "limit_smc_hs=1: expected the connection in fallback with reason 0x03010000 ($f)"
done
lim1=$(netstat hs_limited)
[ "$lim1" -gt "$lim0" ] || fail "hs_limited did not move"
pretty "" "limit_smc_hs=1: SYN answered without SMC while 16 handshakes wait (hs_limited $lim0 -> $lim1)"

limit_case 0 || fail "limit_smc_hs=0 transfer"
for f in /tmp/72.socks /tmp/72.csocks; do
	awk 'NR > 1 && $5 == "smcr" { n++ } END { exit n < 1 }' $f ||
		fail "limit_smc_hs=0: not SMC-R ($f)"
done
[ "$(netstat hs_limited)" = "$lim1" ] || fail "hs_limited moved with limit_smc_hs=0"
pretty "" "limit_smc_hs=0: SMC-R despite 16 waiting handshakes"

# the socket option overrides the namespace's value it started with
limit_case 0 "-L 1" || fail "SMC_LIMIT_HS=1 transfer"
for f in /tmp/72.socks /tmp/72.csocks; do
	awk 'NR > 1 && $5 == "smcr" { b = 1 }
	     NR > 1 && $5 == "fallback" && $6 == "0x03010000" { n++ }
	     END { exit b || n < 1 }' $f ||
		fail "SMC_LIMIT_HS=1 under limit_smc_hs=0: expected fallback 0x03010000 ($f)"
done
lim2=$(netstat hs_limited)
[ "$lim2" -gt "$lim1" ] || fail "hs_limited did not move with SMC_LIMIT_HS=1"
limit_case 1 "-L 0" || fail "SMC_LIMIT_HS=0 transfer"
for f in /tmp/72.socks /tmp/72.csocks; do
	awk 'NR > 1 && $5 == "smcr" { n++ } END { exit n < 1 }' $f ||
		fail "SMC_LIMIT_HS=0 under limit_smc_hs=1: not SMC-R ($f)"
done
echo 0 > "$SYS/limit_smc_hs"
pretty "" "SOL_SMC/SMC_LIMIT_HS on the listener overrides limit_smc_hs both ways (reads back; hs_limited $lim1 -> $lim2)"

# the generic netlink switch (ENABLE/DISABLE_HS_LIMITATION) is this sysctl
SMCABI=$TOP/tests/abi/build/smcabi
if [ -x "$SMCABI" ]; then
	"$SMCABI" do gen 17 > /dev/null || fail "ENABLE_HS_LIMITATION"
	[ "$(cat "$SYS/limit_smc_hs")" = 1 ] || fail "netlink enable did not set limit_smc_hs"
	"$SMCABI" do gen 18 > /dev/null || fail "DISABLE_HS_LIMITATION"
	[ "$(cat "$SYS/limit_smc_hs")" = 0 ] || fail "netlink disable did not clear limit_smc_hs"
	pretty "" "ENABLE/DISABLE_HS_LIMITATION set and clear limit_smc_hs"
fi

# --- smcr_buf_type ----------------------------------------------------------------
# 1: RMBs in vmalloc() memory, registered page by page in one MR (debugfs
# conns marks them "v"); 16 MiB per connection checked byte by byte.
# 2: physically contiguous first, which this guest always has.
for t in "1 v" "2 -"; do
	set -- $t
	fresh || fail "reload"
	echo "$1" > "$SYS/smcr_buf_type"
	echo 262144 > "$SYS/rmem"
	xfer_run "smcr_buf_type=$1" 2 $((16 << 20)) "cat $DBG/conns > /tmp/72.conns" ||
		fail "smcr_buf_type=$1 transfer"
	[ "$(smcr_socks)" -ge 4 ] || fail "smcr_buf_type=$1: not SMC-R"
	prefix_lines "  | " < /tmp/72.conns
	want="rmb=262144${2#-}"
	awk -v w="$want" '{ n++; ok = 0; for (i = 1; i <= NF; i++) if ($i == w) ok = 1
		if (!ok) bad = 1 } END { exit bad || n < 4 }' /tmp/72.conns ||
		fail "smcr_buf_type=$1: expected $want on every connection"
	pretty "" "smcr_buf_type=$1: 2 x 16 MiB over SMC-R, RMBs $want"
done
echo 0 > "$SYS/smcr_buf_type"
echo 65536 > "$SYS/rmem"

# --- autocorking_size -------------------------------------------------------------
# 4 MiB in 512-byte writes. With autocorking, what is written while a CDC
# is in flight waits for its completion and leaves in one RDMA write, so
# there are far fewer SENDs (CDCs, both directions) than writes; with 0,
# every write that finds room in the peer's RMB is a CDC of its own.
# sends_with VALUE: rxe0's SENDs for the transfer
sends_with() {
	local port=$((PORT++)) s0 srv
	echo "$1" > "$SYS/autocorking_size"
	s0=$(rxe_ctr_get rxe0 rdma_sends)
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b $((4 << 20)) \
		> /tmp/72.srv 2>&1 & srv=$!
	wait_listen "$port" || return 1
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b $((4 << 20)) -w 512 \
		> /tmp/72.cli 2>&1 || return 1
	wait "$srv" || return 1
	echo $(($(rxe_ctr_get rxe0 rdma_sends) - s0))
}
# On 6.1, rxe on lo runs a kernel QP's send, its loopback receive and the
# send completion inside ib_post_send(), and the completion's softirq runs
# when conn->lock is released: a CDC is never in flight when the next write
# comes, so there is nothing to cork behind. That kernel only shows the
# numbers.
fresh || fail "reload"
on=$(sends_with 65536) || fail "transfer with autocorking"
off=$(sends_with 0) || fail "transfer without autocorking"
echo 65536 > "$SYS/autocorking_size"
if [ "$(kernel_name)" = 6.12 ]; then
	[ $((on * 2)) -lt "$off" ] ||
		fail "autocorking_size: $on SENDs with 65536, $off with 0 (8192 writes)"
	pretty "" "autocorking_size: 8192 writes of 512 B took $on SENDs with 65536, $off with 0"
else
	pretty "" "autocorking_size: $on SENDs with 65536, $off with 0 (no CDC is ever in flight on this kernel's rxe)"
fi

# --- the end ----------------------------------------------------------------------
smc_socks_gone 10 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "" "sysctls: every effect shown, clean unload"
exit 0
