#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 40-carrier-down: the link that carries a connection goes away in the
# middle of a transfer, in a group of two links, before failover exists:
# the connection must end with an error on both sides within a bounded
# time, nothing may hang, and both modules must unload without leaks.
# (When failover exists this scenario becomes the failover test: the
# transfer must then complete with every byte right.)
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# b deletes rxe0 (the first link, which carries the connection) 1 s after
# its group has two ACTIVE links, during a 256 MiB stream. b's side must see its connection fail within 30 s of the
# deletion; a's side within 60 s (it learns it from DELETE LINK ALL, or its
# own link's errors).
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/40-carrier-down.sh
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
PORT=22140
BYTES=$((256 << 20))

ml_net "$ROLE" || fail "addresses"
ml_rxe || fail "rxe devices"
af_smc_load smcr_max_links=2 || fail "af_smc"
pp "$SMCNL" ueid add "$UEID" || fail "UEID"
ml_wait_peer "$ROLE" || fail "links"

if [ "$ROLE" = a ]; then
	start=$SECONDS
	timeout 120 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $BYTES
	rc=$?
	[ "$rc" = 124 ] && fail "server: the stream hung after the peer lost rxe0"
	[ "$rc" = 0 ] && fail "server: the stream completed: failover works? update this test"
	pretty a "server: the stream failed (rc $rc) after $((SECONDS - start)) s"
else
	"$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT -b $BYTES -r 30 &
	xpid=$!
	# the stream must be running, in a group of two ACTIVE links
	for _ in $(seq 150); do
		[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] && break
		sleep 0.2
	done
	sleep 1
	cat "$LG"
	[ "$(awk '$5 == 3' "$LG" | wc -l)" = 2 ] || fail "client: not two ACTIVE links"
	kill -0 "$xpid" 2>/dev/null || fail "client: the stream is over already"
	pp rdma link delete rxe0 || fail "rdma link delete rxe0"
	gone=$SECONDS
	for _ in $(seq 150); do
		kill -0 "$xpid" 2>/dev/null || break
		sleep 0.2
	done
	if kill -0 "$xpid" 2>/dev/null; then
		kill "$xpid"
		fail "client: the stream still runs 30 s after rxe0 was deleted"
	fi
	wait "$xpid"
	rc=$?
	[ "$rc" = 0 ] && fail "client: the stream completed: failover works? update this test"
	pretty b "client: the stream failed (rc $rc) $((SECONDS - gone)) s after rxe0 went"
fi
dmesg | grep "af_smc: " | grep -v "loading out-of-tree"
smc_socks_gone 30 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "$ROLE" "carrier link lost: the connection ended, no hang, no leaks"
exit 0
