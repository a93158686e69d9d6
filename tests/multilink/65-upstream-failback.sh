#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 65-upstream-failback: failback between af_smc and the distribution's
# smc.ko: a two-link group loses its idle second link (rxe1 deleted on one
# side) and gets it back when the device returns, while a stream runs.
#
#        guest a (smc.ko)                        guest b (af_smc)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# First argument: af_smc's role, "server" (default) or "client". Second:
# whose rxe1 goes and comes back, "ours" (default, af_smc's) or "up"
# (upstream's; its pnet ID entry for rxe1 is added again with the device).
# A 128 MiB stream runs over the first link. Once both sides show two
# links, rxe1 is deleted; both must show one link; 2 s later it is added
# again and both must show two links again within 60 s (af_smc: two ACTIVE
# links on rxe0 and rxe1 in debugfs linkgroups; upstream: two links on
# rxe0 and rxe1 in its generic netlink dump). The stream must end with
# every byte right. af_smc's side ends with the leak check.
#
# What happens on the wire: af_smc as server adds the link itself (ADD
# LINK) when its device returns, or when upstream's client asks (upstream
# sends REQUEST ADD LINK for an SMC-Rv2 group); af_smc as client asks with
# REQUEST ADD LINK, and upstream's server answers with its ADD LINK flow.
# Both kernel logs are printed.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 400 \
#                   tests/multilink/65-upstream-failback.sh [server|client] \
#                   [ours|up]
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
OURS=${2:-server}
WHO=${3:-ours}
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22165
BYTES=$((128 << 20))

case "$OURS" in
server) UP=client ;;
client) UP=server ;;
*) fail "argument: server or client, not $OURS" ;;
esac
case "$WHO" in
ours) KILLER=b ;;
up) KILLER=a ;;
*) fail "argument: ours or up, not $WHO" ;;
esac
[ "$(kernel_name)" = 6.12 ] || [ -n "${UPSTREAM_RXE_KO:-}" ] ||
	skip "upstream smc.ko needs a fixed rxe on $(kernel_name)"

# xfer ROLE OPTS...: this side of the stream, the server on the eth0
# address of the guest that serves
xfer() {
	local srv
	if [ "$UP" = server ]; then srv=$(ml_addr a 0); else srv=$(ml_addr b 0); fi
	if [ "$1" = server ]; then
		timeout 300 "$XFER" server -1 -f smc -a "$srv" -p $PORT -b $BYTES "${@:2}"
	else
		timeout 300 "$XFER" client -f smc -a "$srv" -p $PORT -b $BYTES -r 30 "${@:2}"
	fi
}

# nlinks: this side's links (upstream: netlink; af_smc: ACTIVE in debugfs)
nlinks() {
	if [ "$ROLE" = a ]; then
		ml_upstream_links | wc -l
	else
		awk '$5 == 3' "$LG" 2>/dev/null | wc -l
	fi
}
show() {
	if [ "$ROLE" = a ]; then
		echo "types: $(ml_upstream_lgr_types | tr '\n' ' ')"
		ml_upstream_links | prefix_lines "link "
	else
		cat "$LG"
	fi
}
# wait_links N SECS
wait_links() {
	local end=$((SECONDS + $2))
	until [ "$(nlinks)" = "$1" ]; do
		if [ "$SECONDS" -ge "$end" ]; then
			show
			dmesg | grep -iE "smc|rxe" | tail -30
			fail "$ROLE: not $1 link(s) within $2 s"
		fi
		sleep 0.1
	done
}

ml_net "$ROLE" || fail "addresses"
if [ "$ROLE" = a ]; then
	ml_upstream_up "$UEID" AFSMCNET ||
		fail "cannot set up the distribution's smc"
	ml_wait_peer a || fail "links"
	xfer "$UP" &
else
	ml_rxe || fail "rxe devices"
	af_smc_load || fail "af_smc"
	pp "$SMCNL" ueid add "$UEID" || fail "UEID"
	ml_wait_peer b || fail "links"
	xfer "$OURS" &
fi
xpid=$!

wait_links 2 60
show
pretty "$ROLE" "two links"
if [ "$ROLE" = "$KILLER" ]; then
	sleep 1
	pp rdma link delete rxe1 || fail "rdma link delete rxe1"
fi
wait_links 1 60
show
pretty "$ROLE" "one link"
t0=$SECONDS
if [ "$ROLE" = "$KILLER" ]; then
	sleep 2
	pp rdma link add rxe1 type rxe netdev eth1 || fail "rdma link add rxe1"
	[ "$ROLE" = a ] && { pp "$SMCNL" pnet add AFSMCNET rxe1 1 || true; }
fi
wait_links 2 60
show
pretty "$ROLE" "failback: two links again after $((SECONDS - t0)) s"
running=yes
kill -0 "$xpid" 2>/dev/null || running=no
wait "$xpid" || fail "$ROLE: stream failed"
pretty "$ROLE" "stream intact (running at failback: $running)"
dmesg | grep -iE "af_smc: link group|smc: .*link" | tail -20
if [ "$ROLE" = b ]; then
	got=$(awk '$5 == 3 { print $6 }' "$LG" | sort | tr '\n' ' ')
	[ "$got" = "rxe0 rxe1 " ] || fail "af_smc: ACTIVE links on '$got'"
	smc_socks_gone 10 || true
	af_smc_unload || fail "unload"
else
	got=$(ml_upstream_links | awk '{ print $2 }' | sort | tr '\n' ' ')
	[ "$got" = "rxe0 rxe1 " ] || fail "upstream: links on '$got'"
fi
pretty "$ROLE" "af_smc $OURS <-> upstream $UP, $WHO rxe1 deleted and back: failback, stream intact"
exit 0
