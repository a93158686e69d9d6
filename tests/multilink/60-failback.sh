#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 60-failback: a device of a two-link group goes away and comes back; the
# group gets its second link again, while a stream runs, and a new
# connection afterwards uses the returned link.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# A stream of MIB (third argument, default 256) MiB runs on the group's
# first link (rxe0); it has 240 s plus 0.5 s per MiB. Once both sides
# show two ACTIVE links, the guest named by the first argument ("b", the
# client, by default; or "a", the server) takes rxe1 away: "delete"
# (default) by "rdma link delete rxe1", "down" by "ip link set eth1 down".
# Both sides must show one link; then it comes back ("rdma link add rxe1
# type rxe netdev eth1" or "ip link set eth1 up") and both sides must show
# two ACTIVE links again, on rxe0 and rxe1, within FB_BOUND seconds
# (default 60): the server adds the link itself when its device returns, a
# client asks for it with REQUEST ADD LINK. The stream must still be
# running then and end with every byte right. A second connection (32 MiB)
# started then must move its data over rxe1 (the server gives a new
# connection the link with the fewest connections, and the stream is on
# rxe0; the rxe1 packet counters show it). Both sides end with the leak
# check.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 400 \
#                   tests/multilink/60-failback.sh [b|a] [delete|down] [MIB]
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
KILLER=${2:-b}
HOW=${3:-delete}
MIB=${4:-256}
LIMIT=$((240 + MIB / 2))
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22160
BOUND=${FB_BOUND:-60}

# active_links: ACTIVE links of this guest's groups
active_links() { awk '$5 == 3' "$LG" 2>/dev/null | wc -l; }
# all_links: links of any state
all_links() { wc -l < "$LG" 2>/dev/null || echo 0; }

# wait_for DESC SECS CMD...: poll CMD every 0.1 s
wait_for() {
	local desc=$1 secs=$2 end
	shift 2
	end=$((SECONDS + secs))
	until "$@"; do
		if [ "$SECONDS" -ge "$end" ]; then
			cat "$LG" >&2
			fail "$ROLE: $desc: not within $secs s"
		fi
		sleep 0.1
	done
}
two_active() { [ "$(active_links)" = 2 ] && [ "$(all_links)" = 2 ]; }
one_link() { [ "$(all_links)" = 1 ]; }

rxe1_pkts() {
	echo $(($(rxe_ctr_get rxe1 sent_pkts) + $(rxe_ctr_get rxe1 rcvd_pkts)))
}

ml_af_smc_up "$ROLE"

if [ "$ROLE" = a ]; then
	timeout $LIMIT "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $((MIB << 20)) &
else
	timeout $LIMIT "$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b $((MIB << 20)) -r 30 &
fi
xpid=$!

wait_for "two ACTIVE links" 60 two_active
cat "$LG"
pretty "$ROLE" "two ACTIVE links"
if [ "$ROLE" = "$KILLER" ]; then
	sleep 1
	case "$HOW" in
	delete) pp rdma link delete rxe1 || fail "rdma link delete rxe1" ;;
	down) pp ip link set eth1 down || fail "ip link set eth1 down" ;;
	*) fail "how: delete or down, not $HOW" ;;
	esac
fi
wait_for "one link left" 60 one_link
cat "$LG"
pretty "$ROLE" "the group runs on one link"
t0=$SECONDS
if [ "$ROLE" = "$KILLER" ]; then
	sleep 2
	case "$HOW" in
	delete) pp rdma link add rxe1 type rxe netdev eth1 ||
		fail "rdma link add rxe1" ;;
	down)	ml_link_up "$ROLE" eth1 || fail "ip link set eth1 up" ;;
	esac
fi
wait_for "two ACTIVE links again (failback)" "$BOUND" two_active
cat "$LG"
pretty "$ROLE" "failback: two ACTIVE links again after $((SECONDS - t0)) s"
kill -0 "$xpid" 2>/dev/null || fail "$ROLE: the stream ended before the failback"

# a new connection while the stream still runs on rxe0: the server gives it
# the link with fewer connections, the returned one
before=$(rxe1_pkts)
if [ "$ROLE" = a ]; then
	timeout 120 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" \
		-p $((PORT + 1)) -b $((32 << 20)) -e "cat $LG > /tmp/lg2" ||
		fail "server: run 2"
else
	timeout 120 "$XFER" client -f smc -a "$(ml_addr a 0)" \
		-p $((PORT + 1)) -b $((32 << 20)) -r 30 \
		-e "cat $LG > /tmp/lg2" || fail "client: run 2"
fi
delta=$(($(rxe1_pkts) - before))
wait "$xpid"
rc=$?
[ "$rc" = 124 ] && fail "$ROLE: the stream hung"
[ "$rc" = 0 ] || fail "$ROLE: the stream failed (rc $rc)"
pretty "$ROLE" "stream intact across removal and failback"
prefix_lines "linkgroups: " < /tmp/lg2
rxe_ctr rxe0
rxe_ctr rxe1
got=$(awk '{ print $5 ":" $6 }' /tmp/lg2 | sort | tr '\n' ' ')
[ "$got" = "3:rxe0 3:rxe1 " ] || fail "$ROLE: links '$got', want ACTIVE on rxe0 and rxe1"
# 32 MiB is at least 8192 packets of 4 KiB
[ "$delta" -ge 8192 ] || fail "$ROLE: the new connection moved $delta packets over rxe1"
pretty "$ROLE" "new connection over the returned link: $delta packets on rxe1"
dmesg | grep "af_smc: link group"
smc_socks_gone 30 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "$ROLE" "$KILLER took rxe1 away ($HOW) and back: failback, bytes intact, no leaks"
exit 0
