#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-upstream-interop: a two-link group between af_smc and the
# distribution's smc.ko, af_smc as server (argument "server", the
# default) or as client ("client").
#
#        guest a (smc.ko)                        guest b (af_smc)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# Upstream's side has the UEID and every netdev and rxe port under one pnet
# ID (it needs them); ours has the UEID and offers two links (the default). A 32 MiB
# stream runs over the first link; at its end upstream must report one
# SYMMETRIC group with links on rxe0 and rxe1 (generic netlink), ours one
# group with two ACTIVE links on rxe0 and rxe1 (debugfs linkgroups), and
# every byte must be right. Ours ends with the leak check.
#
# With a second argument "failover", af_smc deletes its rxe0 (which carries
# the connection) once its group has two ACTIVE links, during a 64 MiB
# stream, and both sides must finish it intact over rxe1: af_smc sends
# DELETE LINK and moves its connection, upstream must move its own. Then
# only the 2-link check of the start is skipped. With "upfailover"
# upstream's side deletes its rxe0 instead, and af_smc must follow upstream's
# DELETE LINK. A third argument "reverse" makes the server send and the
# client check.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/30-upstream-interop.sh [server|client] \
#                   [failover|upfailover] [reverse]
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
OURS=${2:-server}
MODE=${3:-}
REV=()
[ "${4:-}" = reverse ] && REV=(-R)
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DIAG=$TOP/tests/bench/build/smcdiag
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22130
BYTES=$((32 << 20))
[ -n "$MODE" ] && BYTES=$((64 << 20))

if [ "$ROLE" = --state ]; then
	# xfer -e on upstream's side: the groups and links, then SYMMETRIC
	# if there is one such group with links on rxe0 and rxe1
	types=$(ml_upstream_lgr_types | tr '\n' ' ')
	links=$(ml_upstream_links | awk '{ print $2 }' | sort | tr '\n' ' ')
	echo "types: $types"
	ml_upstream_links | prefix_lines "link "
	[ "$types" = "2 " ] && [ "$links" = "rxe0 rxe1 " ] && echo SYMMETRIC
	exit 0
fi
case "$OURS" in
server) UP=client ;;
client) UP=server ;;
*) fail "argument: server or client, not $OURS" ;;
esac
[ "$(kernel_name)" = 6.12 ] || [ -n "${UPSTREAM_RXE_KO:-}" ] ||
	skip "upstream smc.ko needs a fixed rxe on $(kernel_name)"

# xfer ROLE OPTS...: this side of the stream, the server on a's eth0 address
# when a is the server, else on b's
xfer() {
	local srv
	if [ "$UP" = server ]; then srv=$(ml_addr a 0); else srv=$(ml_addr b 0); fi
	if [ "$1" = server ]; then
		"$XFER" server -1 -f smc -a "$srv" -p $PORT -b $BYTES "${REV[@]}" \
			"${@:2}"
	else
		"$XFER" client -f smc -a "$srv" -p $PORT -b $BYTES -r 30 \
			"${REV[@]}" "${@:2}"
	fi
}

# wait_stream PID: wait for the stream; one still running after 150 s
# stalled: both sides print their view of it (cursors, links) once
wait_stream() {
	local end=$((SECONDS + 150))
	while kill -0 "$1" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 1
	done
	if kill -0 "$1" 2>/dev/null; then
		echo "$ROLE: the stream is still running after 150 s"
		"$DIAG" 2>&1 | prefix_lines "smc_diag: "
		[ -r "$LG" ] && prefix_lines "linkgroups: " < "$LG"
		[ -r /sys/kernel/debug/af_smc/conns ] &&
			prefix_lines "conns: " < /sys/kernel/debug/af_smc/conns
		[ "$ROLE" = a ] && ml_upstream_links | prefix_lines "link: "
		dmesg | grep -E "smc|rxe" | tail -20 | prefix_lines "dmesg: "
	fi
	wait "$1"
}

ml_net "$ROLE" || fail "addresses"
if [ "$ROLE" = a ]; then
	ml_upstream_up "$UEID" AFSMCNET ||
		fail "cannot set up the distribution's smc"
	ml_wait_peer a || fail "links"
	if [ "$MODE" = upfailover ]; then
		xfer "$UP" -e "$0 --state > /tmp/state" &
		xpid=$!
		for _ in $(seq 300); do
			[ "$(ml_upstream_links | wc -l)" = 2 ] && break
			sleep 0.2
		done
		sleep 1
		[ "$(ml_upstream_links | wc -l)" = 2 ] || fail "not two links"
		pp rdma link delete rxe0 || fail "rdma link delete rxe0"
		wait_stream "$xpid" ||
			fail "upstream $UP: stream failed across its failover"
	elif [ -n "$MODE" ]; then
		xfer "$UP" -e "$0 --state > /tmp/state" &
		wait_stream $! || fail "upstream $UP: stream"
	else
		xfer "$UP" -e "$0 --state > /tmp/state" ||
			fail "upstream $UP: stream"
	fi
	cat /tmp/state
	if [ -n "$MODE" ]; then
		pretty a "upstream $UP: stream intact across af_smc's failover"
		exit 0
	fi
	grep -q '^SYMMETRIC$' /tmp/state ||
		fail "upstream $UP: no SYMMETRIC group with links on rxe0 and rxe1"
	pretty a "upstream $UP: SYMMETRIC link group with af_smc"
	exit 0
fi

ml_rxe || fail "rxe devices"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add "$UEID" || fail "UEID"
ml_wait_peer b || fail "links"
if [ "$MODE" = failover ]; then
	xfer "$OURS" -e "cat $LG > /tmp/lg" &
	xpid=$!
	for _ in $(seq 300); do
		[ "$(awk '$5 == 3' "$LG" 2>/dev/null | wc -l)" = 2 ] && break
		sleep 0.2
	done
	sleep 1
	cat "$LG"
	[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] || fail "not two ACTIVE links"
	pp rdma link delete rxe0 || fail "rdma link delete rxe0"
	wait_stream "$xpid" ||
		fail "af_smc $OURS: stream failed across the failover"
	want="3:rxe1 "
elif [ "$MODE" = upfailover ]; then
	xfer "$OURS" -e "cat $LG > /tmp/lg" ||
		fail "af_smc $OURS: stream failed across upstream's failover"
	want="3:rxe1 "
else
	xfer "$OURS" -e "cat $LG > /tmp/lg" || fail "af_smc $OURS: stream"
	want="3:rxe0 3:rxe1 "
fi
prefix_lines "linkgroups: " < /tmp/lg
got=$(awk '{ print $5 ":" $6 }' /tmp/lg | sort | tr '\n' ' ')
[ "$got" = "$want" ] || fail "af_smc $OURS: links '$got', want '$want'"
dmesg | grep "af_smc: link group"
smc_socks_gone 10 || true	# af_smc_unload reports what is left
af_smc_unload || fail "unload"
pretty b "af_smc $OURS <-> upstream $UP: two links, $BYTES bytes intact"
exit 0
