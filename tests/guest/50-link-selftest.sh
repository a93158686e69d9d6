#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 50-link-selftest: the SMC-R link layer (net/smc/link.c) on a real RDMA
# device. <debugfs>/af_smc/link_selftest (net/smc/link_selftest.c) joins
# two links of one kernel to each other through Soft-RoCE on lo and runs
# messages, a long message, RDMA writes, slot exhaustion, a destroy with
# messages in flight and a broken link through them.
#
#   +-------------------------------- guest --------------------------------+
#   |  af_smc.ko, debugfs link_selftest                                    |
#   |    link A: PD, CQs, RC QP  <------ RC ------>  link B: PD, CQs, RC QP |
#   |    64 KiB send buffer        100 messages      64 KiB RMB (REG_MR)   |
#   |                              each way; RDMA                          |
#   |                              writes A -> B                           |
#   |               \                                   /                  |
#   |                +-------- rxe0 (RoCE v2) ---------+                   |
#   |                   on lo, GID ::ffff:127.0.0.1 (loops back)           |
#   +-----------------------------------------------------------------------+
#
# Pass: the test reports "ok", rxe0's packet counters grew by at least the
# messages sent, no link went down, no af_smc object is left, and af_smc
# unloads cleanly.
#
# debug-kernel: yes
# timeout: 150
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma
DBG=/sys/kernel/debug/af_smc
RUNS=2

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

mark=$(kmsg_mark link-selftest)

pretty "" "Soft-RoCE device rxe0 on lo, af_smc"
rxe_lo rxe0 || fail "cannot create rxe0 on lo"
af_smc_load || fail "af_smc does not load"
wait_dev '^rxe0 port 1 state ACTIVE ' || fail "rxe0 port 1 not ACTIVE in debugfs"
wait_dev '^  gid [0-9]+ ::ffff:127\.0\.0\.1 roce_v2 netdev lo vlan 0 ipv4$' ||
	fail "no IPv4-mapped RoCE v2 GID for 127.0.0.1"
[ -w "$DBG/link_selftest" ] || fail "$DBG/link_selftest missing"

# Bad requests fail the write and run nothing.
if echo "nosuchdev 1" 2>/dev/null > "$DBG/link_selftest"; then
	fail "a test on an unknown device was accepted"
fi
if echo "rxe0 9" 2>/dev/null > "$DBG/link_selftest"; then
	fail "a test on port 9 was accepted"
fi
if echo "rxe0" 2>/dev/null > "$DBG/link_selftest"; then
	fail "a request without a port was accepted"
fi
pretty "" "unknown device, bad port and malformed requests are refused"

sent0=$(rxe_ctr_get rxe0 sent_pkts)
rcvd0=$(rxe_ctr_get rxe0 rcvd_pkts)
rxe_ctr rxe0
for run in $(seq "$RUNS"); do
	pretty "" "run $run: echo 'rxe0 1' > $DBG/link_selftest"
	start=$SECONDS
	echo "rxe0 1" > "$DBG/link_selftest"
	rc=$?
	res=$(cat "$DBG/link_selftest")
	echo "link_selftest ($((SECONDS - start))s): $res"
	[ "$rc" = 0 ] || fail "run $run: the write failed: $res"
	[[ "$res" == "ok: "* ]] || fail "run $run: $res"
done
rxe_ctr rxe0
sent=$(($(rxe_ctr_get rxe0 sent_pkts) - sent0))
rcvd=$(($(rxe_ctr_get rxe0 rcvd_pkts) - rcvd0))
# per run at least 200 messages, a long message and 3 message-and-write
# pairs went through rxe (plus their ACKs)
min=$((RUNS * 204))
[ "$sent" -ge "$min" ] || fail "rxe0 sent $sent packets, expected at least $min"
[ "$rcvd" -ge "$min" ] || fail "rxe0 received $rcvd packets, expected at least $min"
pretty "" "rxe0 carried the traffic: $sent packets sent, $rcvd received"

log=$(dmesg_since "$mark" | grep 'af_smc: ')
prefix_lines "dmesg: " <<<"$log"
if grep -q 'link down' <<<"$log"; then
	fail "a link went down during the test"
fi

# with rxe0 gone not even a device object may be left
pp rdma link delete rxe0 || fail "cannot delete rxe0"
leak_check 5 || fail "objects left"
af_smc_unload || fail "af_smc does not unload cleanly"
exit 0
