#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 40-failover: the link that carries a connection goes away in the middle
# of a transfer, in a group of two links: the connection moves to the
# other link (resending what was not known to have arrived) and the byte
# stream stays exact.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# The guest named by the first argument ("b", the client, by default; or
# "a", the server) takes rxe0, which carries the connection, away 1 s after
# its group shows two ACTIVE links, during a 128 MiB stream: with the
# second argument "delete" (default) by "rdma link delete rxe0", with
# "down" by "ip link set eth0 down" (rxe then reports its port DOWN; eth0
# comes up again once the group shows one link, and the group may get its
# link on rxe0 back before the end: failback). Both
# sides must finish the stream with every byte right within 120 s, end with
# one ACTIVE link, on rxe1 (with "down" possibly a second on rxe0), and
# unload without leaks.
#
# A fourth argument N runs N connections of 128/N MiB each instead of one:
# all but the first announce their RMBs with CONFIRM RKEY, whose entries for
# the second link are what lets them fail over. A fifth, MIB, changes the
# total from 128 MiB (issue 4's 1 GiB run: MIB 1024, which under TCG takes
# 2 to 10 minutes, so give two-vm.sh -t 1400; the stream's limit is 120 s
# plus 1 s per MiB above 128). The loss comes 1 s after the second link is
# up, or MIB/32 s for a stream above 128 MiB (32 s for 1 GiB, about a
# quarter of the way at 8 MiB/s); --env FAILOVER_AFTER=SECS sets it. xfer
# checks every byte against its pattern.
#
# A sixth argument "back" returns the device while the stream runs: once
# the group shows one link, rxe0 is added again ("delete") or eth0 comes
# up ("down" does that anyway), and the group must show two ACTIVE links
# again within 60 s, before the stream ends (the killer checks), and at
# the end on both sides, on rxe0 and rxe1 (failback, as 60-failback
# shows for the idle link).
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/40-failover.sh [b|a] [delete|down] [N] [MIB] [back]
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
KILLER=${2:-b}
HOW=${3:-delete}
CONNS=${4:-1}
MIB=${5:-128}
BACK=${6:-}
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22140
BYTES=$(((MIB << 20) / CONNS))
# 120 s for 128 MiB; larger runs get a second per MiB more (TCG: 1.5 to
# 6 MiB/s)
TMO=$((120 + (MIB > 128 ? MIB : 0)))

ml_af_smc_up "$ROLE"

if [ "$ROLE" = a ]; then
	timeout "$TMO" "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $BYTES -n "$CONNS" -e "cat $LG > /tmp/lg" &
else
	timeout "$TMO" "$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $BYTES -n "$CONNS" -r 30 -e "cat $LG > /tmp/lg" &
fi
xpid=$!
if [ "$ROLE" = "$KILLER" ]; then
	# the stream must be running, in a group of two ACTIVE links
	for _ in $(seq 300); do
		[ "$(awk '$5 == 3' "$LG" 2>/dev/null | wc -l)" = 2 ] && break
		sleep 0.2
	done
	sleep "${FAILOVER_AFTER:-$((MIB > 128 ? MIB / 32 : 1))}"
	cat "$LG"
	[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] || fail "not two ACTIVE links"
	kill -0 "$xpid" 2>/dev/null || fail "the stream is over already"
	case "$HOW" in
	delete) pp rdma link delete rxe0 || fail "rdma link delete rxe0" ;;
	down) pp ip link set eth0 down || fail "ip link set eth0 down" ;;
	*) fail "how: delete or down, not $HOW" ;;
	esac
	if [ "$HOW" = down ] || [ "$BACK" = back ]; then
		# once the link is gone, eth0 comes back: rxe's packets of the
		# dead QP queued on the downed netdev are freed only then, and
		# the QP's destruction waits for them (up to 50 s, then warns)
		for _ in $(seq 150); do
			[ "$(wc -l < "$LG")" = 1 ] && break
			sleep 0.2
		done
		cat "$LG"
		[ "$(wc -l < "$LG")" = 1 ] || fail "not one link after the loss"
		if [ "$HOW" = down ]; then
			ml_link_up "$ROLE" eth0 || fail "ip link set eth0 up"
		else
			pp rdma link add rxe0 type rxe netdev eth0 ||
				fail "rdma link add rxe0"
		fi
	fi
	if [ "$BACK" = back ]; then
		pretty "$ROLE" "one link after the loss; rxe0 back"
		for _ in $(seq 600); do
			[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] && break
			sleep 0.1
		done
		cat "$LG"
		[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] ||
			fail "not two ACTIVE links within 60 s of rxe0's return"
		kill -0 "$xpid" 2>/dev/null ||
			fail "the stream ended before the failback: make MIB larger"
		pretty "$ROLE" "two ACTIVE links again while the stream runs"
	fi
fi
wait "$xpid"
rc=$?
[ "$rc" = 124 ] && fail "$ROLE: the stream hung"
[ "$rc" = 0 ] || fail "$ROLE: the stream failed (rc $rc)"
[ "$MIB" = 128 ] || pretty "$ROLE" "$MIB MiB checked byte for byte across the failover"
prefix_lines "linkgroups: " < /tmp/lg
got=$(awk '{ print $5 ":" $6 }' /tmp/lg | sort | tr '\n' ' ')
if [ "$BACK" = back ]; then
	# the peer's snapshot may come a moment before its failback ends
	for _ in $(seq 600); do
		got=$(awk '{ print $5 ":" $6 }' "$LG" | sort | tr '\n' ' ')
		[ "$got" = "3:rxe0 3:rxe1 " ] && break
		sleep 0.1
	done
	cat "$LG"
	[ "$got" = "3:rxe0 3:rxe1 " ] ||
		fail "$ROLE: links '$got' after the stream, want ACTIVE on rxe0 and rxe1"
	pretty "$ROLE" "one link, then two again after rxe0 returned"
else
	# with "down", eth0 comes back and the group may have its link on
	# rxe0 again by the end (failback, 60-failback)
	[ "$got" = "3:rxe1 " ] || { [ "$HOW" = down ] && [ "$got" = "3:rxe0 3:rxe1 " ]; } ||
		fail "$ROLE: links '$got' at the end, want ACTIVE on rxe1"
fi
dmesg | grep "af_smc: link group"
smc_socks_gone 30 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "$ROLE" "$KILLER took rxe0 away ($HOW) mid-stream: $CONNS x $BYTES bytes intact over rxe1, no leaks"
exit 0
