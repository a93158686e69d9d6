#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-ib-devices: af_smc's RDMA device layer (net/smc/ib.c) follows Soft-RoCE
# devices and ports as they come and go, and its lookups choose the device,
# port and GID the SMC handshake would use.
#
#   +---------------------------------- guest ----------------------------------+
#   |  lo      127.0.0.1/8 10.99.0.1/24     <-- rxe0  made before af_smc loads  |
#   |  dummy0  10.99.1.1/24 (+10.99.2.1)    <-- rxe1  made while loaded;        |
#   |                                               port down/up; GID change    |
#   |  dummy1  10.99.0.11/24                <-- rxe2  alternate for 10.99.0/24  |
#   |                                                                           |
#   |  af_smc.ko: ib_client "af_smc"                                            |
#   |    <debugfs>/af_smc/devices  ports and RoCE GIDs as af_smc sees them      |
#   |    <debugfs>/af_smc/lookup   test interface: runs a lookup, holds result  |
#   |  PNET table (tools/smcnl): NETX dummy0, rxe1/1; NETY lo, rxe2/1; flushed  |
#   +---------------------------------------------------------------------------+
#
# Soft-RoCE creates GIDs for lo's addresses only when the rxe device is made
# (the RDMA core follows address changes of Ethernet netdevs only), so lo
# gets its address first. PNET entries are made with tools/smcnl. rxe has
# RoCE v2 GIDs only: the SMC-Rv1 lookup can only be shown to find nothing
# here (its decision is unit-tested on the host, tests/unit/test_ib_select.c).
#
# debug-kernel: yes
# timeout: 240
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ip modinfo insmod
DBG=/sys/kernel/debug/af_smc

# shellcheck disable=SC2317  # called through the trap
cleanup() {
	ip addr del 10.99.0.1/24 dev lo 2>/dev/null
}
trap cleanup EXIT

# wait_dev ERE [SECS]: wait until a line of the devices file matches ERE.
wait_dev() {
	local end=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -lt "$end" ]; do
		grep -qE -- "$1" "$DBG/devices" && return 0
		sleep 0.2
	done
	echo "devices: no line matches /$1/ after ${2:-10}s:"
	prefix_lines "  | " < "$DBG/devices"
	return 1
}

# wait_dev_gone ERE [SECS]: wait until no line of the devices file matches.
wait_dev_gone() {
	local end=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -lt "$end" ]; do
		grep -qE -- "$1" "$DBG/devices" || return 0
		sleep 0.2
	done
	echo "devices: a line still matches /$1/ after ${2:-10}s:"
	prefix_lines "  | " < "$DBG/devices"
	return 1
}

# expect_lookup QUERY ERE: run QUERY, the result must match ERE.
expect_lookup() {
	local r
	echo "$1" > "$DBG/lookup" || fail "lookup '$1': write failed"
	r=$(cat "$DBG/lookup")
	echo "lookup: $r"
	grep -qE -- "$2" <<<"$r" || fail "lookup '$1': expected /$2/"
}

obj_count() {
	awk -v n="$1" '$1 == n { print $2 }' "$DBG/objects"
}

expect_objs() {
	local n
	n=$(obj_count smc_ib_device)
	[ "$n" = "$1" ] || fail "smc_ib_device count is $n, expected $1"
}

mark=$(kmsg_mark ib-devices)
ko=$(af_smc_ko)

# 1. The module depends on ib_core and says so when it is missing.
deps=$(modinfo -F depends "$ko")
echo "modinfo depends: $deps"
grep -qw ib_core <<<"$deps" || fail "modinfo does not list ib_core as a dependency"
modprobe -r rdma_rxe ib_uverbs ib_core 2>/dev/null
if grep -q '^ib_core ' /proc/modules; then
	pretty "" "ib_core is in use here: insmod-without-ib_core check skipped"
else
	out=$(insmod "$ko" 2>&1) && fail "af_smc loaded without ib_core"
	echo "insmod without ib_core: $out"
	dmesg_since "$mark" | grep -q 'af_smc: Unknown symbol ib_' ||
		fail "no dmesg line naming the missing ib_core symbols"
	pretty "" "without ib_core insmod fails: $(dmesg_since "$mark" |
		grep -m1 'af_smc: Unknown symbol')"
fi

# 2. A device present before the module loads is found.
pp ip link set lo up
pp ip addr add 10.99.0.1/24 dev lo || fail "cannot add 10.99.0.1/24 to lo"
rxe_lo rxe0 || fail "cannot create rxe0 on lo"
af_smc_load || fail "af_smc does not load"
wait_dev '^rxe0 port 1 state ACTIVE mtu [0-9]+ mac 00:00:00:00:00:00 netdev lo ' ||
	fail "rxe0 port 1 not ACTIVE in debugfs"
wait_dev '^  gid [0-9]+ ::ffff:10\.99\.0\.1 roce_v2 netdev lo vlan 0 ipv4$' ||
	fail "no IPv4-mapped RoCE v2 GID for 10.99.0.1 on lo"
wait_dev '^peer_id [0-9a-f]{16} from rxe0 port 1$' ||
	fail "peer ID does not come from rxe0"
prefix_lines "devices: " < "$DBG/devices"
expect_objs 1
peer=$(sed -n 's/^peer_id \([0-9a-f]\{16\}\) from rxe0 port 1$/\1/p' "$DBG/devices")
[ -n "$peer" ] || fail "peer ID does not come from rxe0"
rand=${peer:0:4}
[ "${peer:4}" = 000000000000 ] || fail "peer ID $peer: lo's MAC is zero"
pretty "" "rxe0 (made before loading) found; peer ID $peer"

# 3. A device added while the module is loaded.
pp ip link add dummy0 type dummy || fail "cannot create dummy0"
addr_add dummy0 10.99.1.1/24 || fail "cannot address dummy0"
rxe_add dummy0 rxe1 || fail "cannot create rxe1 on dummy0"
mac1=$(cat /sys/class/net/dummy0/address)
wait_dev "^rxe1 port 1 state ACTIVE mtu [0-9]+ mac $mac1 netdev dummy0 " ||
	fail "rxe1 port 1 not ACTIVE in debugfs"
wait_dev '^  gid [0-9]+ ::ffff:10\.99\.1\.1 roce_v2 netdev dummy0 vlan 0 ipv4$' ||
	fail "no IPv4-mapped RoCE v2 GID for 10.99.1.1 on dummy0"
expect_objs 2
# a port with a real MAC replaces lo's zero MAC in the peer ID; the
# random part stays
wait_dev "^peer_id $rand${mac1//:/} from rxe1 port 1$" ||
	fail "peer ID did not move to rxe1's MAC"
pretty "" "rxe1 (made while loaded) found; peer ID uses its MAC"

# 4. GID table changes: an address added to and removed from dummy0.
pp ip addr add 10.99.2.1/24 dev dummy0
wait_dev '^  gid [0-9]+ ::ffff:10\.99\.2\.1 roce_v2 netdev dummy0 ' ||
	fail "GID for 10.99.2.1 did not appear"
pp ip addr del 10.99.2.1/24 dev dummy0
wait_dev_gone '::ffff:10\.99\.2\.1 ' || fail "GID for 10.99.2.1 did not go"
pretty "" "GID cache follows address changes"

# 5. Port down and up (rxe follows its netdev's state).
pp ip link set dummy0 down
wait_dev '^rxe1 port 1 state DOWN ' || fail "rxe1 port 1 not DOWN"
expect_lookup "v2 10.99.1.1 dummy0" ': none$'
wait_dev "^peer_id ${rand}000000000000 from rxe0 port 1$" ||
	fail "peer ID did not fall back to rxe0"
pp ip link set dummy0 up
wait_dev '^rxe1 port 1 state ACTIVE ' || fail "rxe1 port 1 not ACTIVE again"
expect_lookup "v2 10.99.1.1 dummy0" ": rxe1 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.1\.1 mac $mac1 "
wait_dev "^peer_id $rand${mac1//:/} from rxe1 port 1$" ||
	fail "peer ID did not return to rxe1"
pretty "" "port down/up tracked"

# 6. SMC-Rv2 lookups: the GID of the source address (not lo's 127.0.0.1),
# nothing for another subnet or for a netdev that is not the RoCE port's.
expect_lookup "v2 10.99.0.1 lo" ': rxe0 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.1 mac 00:00:00:00:00:00 ifindex 1 vlan 0$'
expect_lookup "v2 10.99.0.77 lo" ': rxe0 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.1 '
expect_lookup "v2 10.98.0.1 lo" ': none$'
expect_lookup "v2 10.99.1.1 lo" ': none$'
expect_lookup "v2 10.99.0.1 dummy0" ': none$'
expect_lookup "v1 lo 0" ': none$'
expect_lookup "v1 dummy0 0" ': none$'
if echo "v2 10.99.0.1 nosuchdev" 2>/dev/null > "$DBG/lookup"; then
	fail "lookup on an unknown netdev did not fail"
fi
if echo "v3 what" 2>/dev/null > "$DBG/lookup"; then
	fail "malformed lookup accepted"
fi
pretty "" "v2 lookups choose by source address and subnet; no v1 GIDs on rxe"

# 7. Alternate (failover) lookups: another device in the same subnet.
pp ip link add dummy1 type dummy || fail "cannot create dummy1"
addr_add dummy1 10.99.0.11/24 || fail "cannot address dummy1"
rxe_add dummy1 rxe2 || fail "cannot create rxe2 on dummy1"
wait_dev '^  gid [0-9]+ ::ffff:10\.99\.0\.11 roce_v2 netdev dummy1 ' ||
	fail "no GID for 10.99.0.11 on dummy1"
expect_objs 3
expect_lookup "alt 10.99.0.1 0 rxe0" ': rxe2 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.11 '
expect_lookup "alt 10.99.0.1 0 rxe2" ': rxe0 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.1 '
expect_lookup "alt 10.99.1.1 0 rxe1" ': none$'
expect_lookup "alt 10.99.0.1 7 rxe0" ': none$'
# the first link's lookup still picks the egress netdev's port
expect_lookup "v2 10.99.0.1 lo" ': rxe0 port 1 '
pretty "" "alternate lookups find the other device in the subnet"

# 7b. PNET IDs (SMC-R.md 10.5), set with tools/smcnl: once the egress
# netdev has one, only ports with the same one serve, whatever their netdev.
SMCNL=$TOP/tools/smcnl/build/smcnl
if [ -x "$SMCNL" ]; then
	pp "$SMCNL" pnet add NETX dummy0 || fail "cannot add a PNET entry"
	# dummy0 has NETX, no port does: not even dummy0's own rxe1
	expect_lookup "v2 10.99.1.1 dummy0" ': none$'
	pp "$SMCNL" pnet add NETX rxe1 1 || fail "cannot add a PNET entry"
	wait_dev '^rxe1 port 1 .* pnet NETX ' || fail "rxe1 port 1 has no pnet NETX"
	expect_lookup "v2 10.99.1.1 dummy0" ': rxe1 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.1\.1 '
	# lo and rxe2 (on dummy1, same subnet) share NETY: rxe2 serves lo
	pp "$SMCNL" pnet add NETY lo || fail "cannot add a PNET entry"
	pp "$SMCNL" pnet add NETY rxe2 1 || fail "cannot add a PNET entry"
	expect_lookup "v2 10.99.0.1 lo" ': rxe2 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.11 '
	# an alternate for a link group without a PNET ID has none either
	expect_lookup "alt 10.99.0.1 0 rxe0" ': none$'
	pp "$SMCNL" pnet flush || fail "cannot flush the PNET table"
	wait_dev '^rxe2 port 1 .* pnet - ' || fail "rxe2 port 1 still has a pnet ID"
	expect_lookup "v2 10.99.0.1 lo" ': rxe0 port 1 '
	pretty "" "PNET IDs replace the netdev rule and are read at lookup time"
else
	pretty "" "$SMCNL missing (make -C tools/smcnl): PNET checks skipped"
fi

# 8. Removing a device waits for its users: the lookup result holds rxe1.
expect_lookup "v2 10.99.1.1 dummy0" ': rxe1 port 1 '
rdma link delete rxe1 &
del=$!
sleep 2
kill -0 "$del" 2>/dev/null || fail "rxe1 was removed although a reference was held"
wait_dev '^rxe1 port 1 .* refs 1 removing$' || fail "rxe1 not shown as removing"
expect_lookup put ': done$'
for _ in $(seq 50); do
	kill -0 "$del" 2>/dev/null || break
	sleep 0.2
done
kill -0 "$del" 2>/dev/null && fail "rxe1 removal still blocked after the reference was dropped"
wait "$del" || fail "rdma link delete rxe1 failed"
wait_dev_gone '^rxe1 ' || fail "rxe1 still listed"
expect_objs 2
pretty "" "rxe1 removal waited for the held reference, then finished"

# 9. Removing a device nobody holds.
pp rdma link delete rxe0 || fail "cannot delete rxe0"
wait_dev_gone '^rxe0 ' || fail "rxe0 still listed"
expect_objs 1
wait_dev "^peer_id $rand$(tr -d : < /sys/class/net/dummy1/address) from rxe2 port 1$" ||
	fail "peer ID did not move to rxe2"

# 10. Unloading with a device present and a lookup result held is clean;
# the device is found again on the next load.
expect_lookup "v2 10.99.0.11 dummy1" ': rxe2 port 1 gid_index [0-9]+ gid ::ffff:10\.99\.0\.11 '
af_smc_unload || fail "unload with rxe2 present and held failed"
af_smc_load || fail "af_smc does not load again"
wait_dev '^rxe2 port 1 state ACTIVE .* netdev dummy1 ' || fail "rxe2 not found after reload"
pp rdma link delete rxe2 || fail "cannot delete rxe2"
wait_dev_gone '^rxe2 ' || fail "rxe2 still listed"

log=$(dmesg_since "$mark" | grep 'af_smc: ')
prefix_lines "dmesg: " <<<"$log"
for re in 'RDMA device rxe0 added' 'RDMA device rxe1 added' \
	  'rxe1 port 1 is DOWN' 'rxe1 port 1 is ACTIVE' \
	  'RDMA device rxe1 removed' 'RDMA device rxe0 removed'; do
	grep -q "$re" <<<"$log" || fail "no dmesg line '$re'"
done

leak_check 5 || fail "objects left"
af_smc_unload || fail "af_smc does not unload cleanly"
exit 0
