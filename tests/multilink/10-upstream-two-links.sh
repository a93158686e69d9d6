#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10-upstream-two-links: validate the two-link lab with the distribution's
# smc.ko on BOTH guests, before af_smc is involved. Upstream must form a
# link group with two links (type SYMMETRIC, one link on rxe0 and one on
# rxe1 per its generic netlink dumps). With ML_UPSTREAM_FAILOVER=1 the
# client then deletes the RDMA device that carries a second connection
# (rxe0) in the middle of its transfer, and upstream must move the
# connection to the other link: every byte arrives, no link on rxe0 is
# left. (Measured on 6.12, TCG: that stage hangs both guests, the server
# with a kworker blocked for minutes; see Documentation/testing.rst.)
#
#        guest a (smc.ko, server)                guest b (smc.ko, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#   xfer server -f smc (twice)                   xfer client -f smc (twice)
#
# Run 1: 32 MiB; at its end both sides must show a SYMMETRIC group with two
# links. Run 2 (ML_UPSTREAM_FAILOVER=1): 128 MiB while b deletes rxe0 after
# 2 s; both sides must end with the bytes intact and b without a link on
# rxe0.
#
# 6.12 only by default: on 6.1 the stock rxe cannot run smc.ko (set
# UPSTREAM_RXE_KO to the fixed rxe, tests/vm/rxe-fix.sh).
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   [--env ML_UPSTREAM_FAILOVER=1] \
#                   tests/multilink/10-upstream-two-links.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
if [ "$ROLE" = --state ]; then
	# xfer -e: print the groups, and SYMMETRIC if there is exactly one
	# group of that type with its links on rxe0 and rxe1
	types=$(ml_upstream_lgr_types | tr '\n' ' ')
	links=$(ml_upstream_links | awk '{ print $2 }' | sort | tr '\n' ' ')
	echo "types: $types"
	ml_upstream_links | prefix_lines "link "
	[ "$types" = "2 " ] && [ "$links" = "rxe0 rxe1 " ] && echo SYMMETRIC
	exit 0
fi
XFER=$TOP/tests/bench/build/xfer
UEID=AF-SMC-MULTILINK-UEID
PORT=22110

[ "$(kernel_name)" = 6.12 ] || [ -n "${UPSTREAM_RXE_KO:-}" ] ||
	skip "upstream smc.ko needs a fixed rxe on $(kernel_name)"
[ -e /sys/class/net/eth1 ] || fail "no eth1: run with two-vm.sh -l 2"

ml_net "$ROLE" || fail "addresses"
ml_upstream_up "$UEID" AFSMCNET || fail "cannot set up the distribution's smc"
ml_wait_peer "$ROLE" || fail "links"

# show_groups WHO: print upstream's link groups and links
show_groups() {
	pretty "$1" "link group types: $(ml_upstream_lgr_types | tr '\n' ' ')"
	ml_upstream_links | prefix_lines "[$1] link "
}

if [ "$ROLE" = a ]; then
	"$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT -b $((32 << 20)) \
		-e "$0 --state > /tmp/state1" || fail "server: run 1"
	cat /tmp/state1
	grep -q '^SYMMETRIC$' /tmp/state1 || fail "server: no 2-link group"
	pretty a "upstream server: SYMMETRIC link group, links on rxe0 and rxe1"
	[ "${ML_UPSTREAM_FAILOVER:-0}" = 1 ] || exit 0
	"$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $((PORT + 1)) \
		-b $((128 << 20)) || fail "server: run 2 (failover) lost data"
	show_groups a
	pretty a "upstream server: 128 MiB intact across the client's rxe0 removal"
	exit 0
fi

"$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT -b $((32 << 20)) -r 30 \
	-e "$0 --state > /tmp/state1" || fail "client: run 1"
cat /tmp/state1
grep -q '^SYMMETRIC$' /tmp/state1 || fail "client: no 2-link group"
pretty b "upstream client: SYMMETRIC link group, links on rxe0 and rxe1"
[ "${ML_UPSTREAM_FAILOVER:-0}" = 1 ] || exit 0

"$XFER" client -f smc -a "$(ml_addr a 0)" -p $((PORT + 1)) -b $((128 << 20)) \
	-r 30 &
xpid=$!
sleep 2
rxe_ctr rxe0
pp rdma link delete rxe0 || fail "rdma link delete rxe0"
wait "$xpid" || fail "client: run 2 (failover) failed"
rxe_ctr rxe1
show_groups b
ml_upstream_links | awk '$2 == "rxe0" { bad = 1 } END { exit bad }' ||
	fail "a link on rxe0 is left after removing rxe0"
pretty b "upstream client: 128 MiB intact after rxe0 was deleted mid-transfer"
exit 0
