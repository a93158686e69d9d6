#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 25-lossy: af_smc on both guests over RoCE links that drop packets, while
# new connections register new RMBs on links that have sends in flight.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#        netem: each guest drops LOSS (default 2%) of what leaves eth0/eth1
#
# Every dropped packet makes the sender's rxe go back to the oldest work
# request the peer has not acknowledged and send from there again. 6.1's
# and 6.12's rxe then execute once more every local work request they
# meet on the way: a REG_MR queued behind a send that is retried fails as
# "not free" and the link is lost. af_smc posts a REG_MR only on an empty
# send queue (smc_link_reg_mr()), so none is ever behind such a send.
#
# b streams 4 x STREAM_MIB (default 16) MiB to a all along. Meanwhile, in
# ROUNDS rounds, both set net.smc.rmem and wmem to a size class not used
# before and b opens 16 connections of 256 KiB each: every one gets new
# buffers, which both sides register on both links while the streams keep
# the send queues busy. Passes if every byte of every stream is right,
# every round's connections use SMC-R, no link went down on either side,
# the streams' sender had to retry (the loss took effect), and both sides
# end with the leak check.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.1 -t 300 \
#                   tests/multilink/25-lossy.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
UEID=AF-SMC-MULTILINK-UEID
PORT=22500
LOSS=${LOSS:-2%}
STREAM=$((${STREAM_MIB:-16} << 20))
# KiB: each falls into a buffer size class (16 KiB << n) of its own
SIZES="16 24 40 72 136 264"

need_cmd tc
modprobe sch_netem 2>/dev/null
ml_af_smc_up "$ROLE"
mark=$(kmsg_mark lossy)

# retries: work requests that rxe0 and rxe1 sent again, in all
retries() {
	echo $(($(rxe_ctr_get rxe0 completer_retry_err) +
		$(rxe_ctr_get rxe1 completer_retry_err)))
}

for dev in eth0 eth1; do
	tc qdisc add dev $dev root netem loss "$LOSS" ||
		skip "no netem qdisc (sch_netem) to drop packets with"
done
retries0=$(retries)

rounds=0
if [ "$ROLE" = a ]; then
	timeout 240 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b "$STREAM" -n 4 > /tmp/stream.out 2>&1 & stream=$!
	p=$((PORT + 1))
	for kib in $SIZES; do
		sysctl -qw net.smc.rmem=$((kib << 10)) \
			net.smc.wmem=$((kib << 10)) || fail "net.smc.rmem/wmem"
		timeout 120 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $p \
			-b $((256 << 10)) -n 16 -e "cat $DBG/sockets > /tmp/socks" ||
			fail "round $kib KiB: bad bytes, or no client within 120 s"
		[ "$(count_mode /tmp/socks smcr)" -ge 16 ] &&
		[ "$(count_mode /tmp/socks fallback)" = 0 ] ||
			fail "round $kib KiB: not every connection used SMC-R"
		p=$((p + 1)) rounds=$((rounds + 1))
	done
	wait "$stream" || { cat /tmp/stream.out; fail "the streams arrived damaged"; }
	cat /tmp/stream.out
else
	"$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT -b "$STREAM" \
		-n 4 -r 30 > /tmp/stream.out 2>&1 & stream=$!
	p=$((PORT + 1))
	for kib in $SIZES; do
		sysctl -qw net.smc.rmem=$((kib << 10)) \
			net.smc.wmem=$((kib << 10)) || fail "net.smc.rmem/wmem"
		"$XFER" client -f smc -a "$(ml_addr a 0)" -p $p \
			-b $((256 << 10)) -n 16 -r 30 ||
			fail "round $kib KiB: transfer failed"
		p=$((p + 1)) rounds=$((rounds + 1))
	done
	kill -0 "$stream" 2>/dev/null ||
		echo "note: the streams ended before the last round"
	wait "$stream" || { cat /tmp/stream.out; fail "the streams failed"; }
	cat /tmp/stream.out
fi
pretty "$ROLE" "$rounds rounds of 16 connections with new buffers under 4 streams, every byte right"

for dev in eth0 eth1; do
	tc qdisc del dev $dev root
done
n=$(($(retries) - retries0))
rxe_ctr rxe0
rxe_ctr rxe1
if [ "$ROLE" = b ] && [ "$n" -le 0 ]; then
	fail "rxe retried nothing: netem dropped nothing"
fi
if dmesg_since "$mark" | grep -E "link down|not free|moved from link|adding a link failed"; then
	fail "a link went down under packet loss"
fi
pretty "$ROLE" "$LOSS of RoCE packets dropped ($n retries here): no link lost"

smc_socks_gone 10 || true	# af_smc_unload reports what is left
af_smc_unload || fail "unload"
pretty "$ROLE" "lossy links: bytes intact, no leaks"
exit 0
