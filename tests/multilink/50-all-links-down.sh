#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 50-all-links-down: both links of a group go away, one after the other,
# during a transfer: the first loss fails over, the second ends the group.
# Every connection must fail on both sides within a bounded time, nothing
# may hang, and both modules must unload without leaks.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# 4 connections of 128 MiB each. b deletes rxe0 once its group has two
# ACTIVE links, waits until the group shows one link (on rxe1), then
# deletes rxe1. b's connections must fail within 30 s of that; a's must
# fail, not hang, before a 200 s limit (a learns it from its own link's
# errors: b has no link left to send DELETE LINK ALL on). As a TCP peer
# that is gone does, the group's end resets the connections: every recv()
# on a and every send() on b fails with ECONNRESET.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/50-all-links-down.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22150
BYTES=$((128 << 20))
CONNS=4

ml_af_smc_up "$ROLE"

if [ "$ROLE" = a ]; then
	start=$SECONDS
	timeout 200 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $BYTES -n $CONNS 2> /tmp/50.err
	rc=$?
	cat /tmp/50.err
	[ "$rc" = 124 ] && fail "server: the streams hung after both links went"
	[ "$rc" = 0 ] && fail "server: the streams completed without a link"
	[ "$(grep -c ': Connection reset by peer$' /tmp/50.err)" = $CONNS ] ||
		fail "server: not every connection ended with ECONNRESET"
	pretty a "server: the streams failed (rc $rc) after $((SECONDS - start)) s"
else
	"$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT -b $BYTES \
		-n $CONNS -r 30 2> /tmp/50.err &
	xpid=$!
	for _ in $(seq 300); do
		[ "$(awk '$5 == 3' "$LG" 2>/dev/null | wc -l)" = 2 ] && break
		sleep 0.2
	done
	sleep 1
	cat "$LG"
	[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] || fail "client: not two ACTIVE links"
	pp rdma link delete rxe0 || fail "rdma link delete rxe0"
	for _ in $(seq 150); do
		[ "$(wc -l < "$LG")" = 1 ] && break
		sleep 0.2
	done
	cat "$LG"
	kill -0 "$xpid" 2>/dev/null || fail "client: the streams ended at the failover"
	pp rdma link delete rxe1 || fail "rdma link delete rxe1"
	gone=$SECONDS
	for _ in $(seq 150); do
		kill -0 "$xpid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$xpid" 2>/dev/null; then
		kill "$xpid"
		fail "client: the streams still run 30 s after the last link went"
	fi
	wait "$xpid"
	rc=$?
	cat /tmp/50.err
	[ "$rc" = 0 ] && fail "client: the streams completed without a link"
	[ "$(grep -c ': Connection reset by peer$' /tmp/50.err)" = $CONNS ] ||
		fail "client: not every connection ended with ECONNRESET"
	pretty b "client: the streams failed (rc $rc) $((SECONDS - gone)) s after the last link went"
fi
dmesg | grep "af_smc: link group"
smc_socks_gone 30 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "$ROLE" "both links lost: every connection ended, no hang, no leaks"
exit 0
