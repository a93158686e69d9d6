#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 20-two-links: af_smc on both guests forms a link group with two links,
# one per RDMA device, and data still moves; then the idle second link is
# taken away (the client deletes rxe1) and the group goes on with one.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# af_smc offers two links (net.smc.smcr_max_links_per_lgr, default 2) on
# both sides. Run 1 (32 MiB): the first contact ends with the server's
# ADD LINK; at the end of the stream debugfs linkgroups must show, on both
# sides, one group with two ACTIVE links, on rxe0 and rxe1, and every byte
# must be right. Then b deletes rxe1, which carries no connection: b sends
# DELETE LINK over the first link and both sides drop the second link.
# Run 2 (16 MiB) joins the same group: both sides must show one ACTIVE link
# on rxe0, and the bytes must be right. Both sides end with the leak check.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/20-two-links.sh
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
PORT=22120

# links WHO FILE: print a linkgroups snapshot; its link lines go to
# stdout as "<group> <link id> <state> <device>"
links() {
	prefix_lines "linkgroups: " < "$2" >&2
	awk '{ print $1, $4, $5, $6 }' "$2"
}

# want_links WHO FILE STATE-DEVICES: the snapshot must hold exactly one
# group whose links, as "state:device" sorted, are STATE-DEVICES
want_links() {
	local got groups
	got=$(links "$1" "$2" | awk '{ print $3 ":" $4 }' | sort | tr '\n' ' ')
	groups=$(awk '{ print $1 }' "$2" | sort -u | wc -l)
	[ "$groups" = 1 ] || fail "$1: $groups link groups, want 1"
	[ "$got" = "$3" ] || fail "$1: links '$got', want '$3'"
}

ml_af_smc_up "$ROLE"

if [ "$ROLE" = a ]; then
	"$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT -b $((32 << 20)) \
		-e "cat $LG > /tmp/lg1" || fail "server: run 1"
	want_links a /tmp/lg1 "3:rxe0 3:rxe1 "
	pretty a "af_smc server: one link group, ACTIVE links on rxe0 and rxe1"
	"$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $((PORT + 1)) \
		-b $((16 << 20)) -e "cat $LG > /tmp/lg2" || fail "server: run 2"
	want_links a /tmp/lg2 "3:rxe0 "
	pretty a "af_smc server: the peer's DELETE LINK left one link, on rxe0"
	dmesg | grep "af_smc: link group"
else
	"$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT -b $((32 << 20)) \
		-r 30 -e "cat $LG > /tmp/lg1" || fail "client: run 1"
	want_links b /tmp/lg1 "3:rxe0 3:rxe1 "
	pretty b "af_smc client: one link group, ACTIVE links on rxe0 and rxe1"
	pp rdma link delete rxe1 || fail "rdma link delete rxe1"
	"$XFER" client -f smc -a "$(ml_addr a 0)" -p $((PORT + 1)) \
		-b $((16 << 20)) -r 30 -e "cat $LG > /tmp/lg2" ||
		fail "client: run 2"
	want_links b /tmp/lg2 "3:rxe0 "
	pretty b "af_smc client: rxe1 gone, the group runs on rxe0"
	dmesg | grep "af_smc: link group"
fi
smc_socks_gone 10 || true	# af_smc_unload reports what is left
af_smc_unload || fail "unload"
pretty "$ROLE" "two links, then one: bytes intact, no leaks"
exit 0
