#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh - the guest half of demo.sh: one checksummed stream over
# TCP and one over AF_SMC, which af_smc moves by SMC-R (RDMA WRITE over a
# Soft-RoCE device on lo). The AF_SMC sockets' mode is read from debugfs
# while the connection is open, and the rxe device's counters show that
# the bytes really crossed the RDMA device.
#
#   +------------------------------- guest --------------------------------+
#   |  xfer client -f smc ---- TCP (CLC) 127.0.0.1 ----> xfer server -f smc |
#   |        |                                                  ^          |
#   |        +--- RC QP ---- rxe0 on lo (RoCE v2, UDP 4791) ----+          |
#   |  UEID AF-SMC-DEMO; the same stream over plain TCP for comparison     |
#   +----------------------------------------------------------------------+
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../../tests/vm/lib.sh"

XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
BYTES=${DEMO_BYTES:-$((64 << 20))}

rxe_lo rxe0 || fail "cannot create a Soft-RoCE device on lo"
af_smc_load || fail "cannot load af_smc.ko"
# SMC-Rv2 (the only version that works on RoCE v2 devices such as rxe)
# needs an EID both ends share
pp "$SMCNL" ueid add AF-SMC-DEMO || fail "cannot set the UEID"

# run FAM PORT: one transfer; prints the client's MiB/s, its output to stderr
run() {
	local fam=$1 port=$2 srv out
	"$XFER" server -1 -f "$fam" -p "$port" -b "$BYTES" >/dev/null & srv=$!
	wait_listen "$port" || return 1
	out=$("$XFER" client -f "$fam" -p "$port" -b "$BYTES" \
		-e "cat $DBG/sockets > /tmp/demo-$fam.socks") || return 1
	wait "$srv" || return 1
	echo "$out" >&2
	sed -n 's/.*MiB\/s=\([0-9.]*\).*/\1/p' <<<"$out"
}

tcp=$(run tcp 21001) || fail "TCP transfer failed"
read -r sent0 sends0 < <(echo "$(rxe_ctr_get rxe0 sent_pkts) $(rxe_ctr_get rxe0 rdma_sends)")
smc=$(run smc 21002) || fail "AF_SMC transfer failed"
read -r sent1 sends1 < <(echo "$(rxe_ctr_get rxe0 sent_pkts) $(rxe_ctr_get rxe0 rdma_sends)")
pkts=$((sent1 - sent0))
cdcs=$((sends1 - sends0))

echo
echo "AF_SMC sockets while the stream was open (<debugfs>/af_smc/sockets):"
sed 's/^/  /' /tmp/demo-smc.socks
smcr=$(awk 'NR > 1 && $5 == "smcr"' /tmp/demo-smc.socks | wc -l)
fb=$(awk 'NR > 1 && $5 == "fallback"' /tmp/demo-smc.socks | wc -l)
echo "rxe0 during the AF_SMC transfer: $pkts RoCE packets sent, $cdcs of them" \
     "SENDs (CDC and LLC messages), the rest RDMA WRITE packets"
echo
printf '%-44s %10s %8s\n' "$((BYTES >> 20)) MiB, kernel $(uname -r)" "MiB/s" "ratio"
printf '%-44s %10s %8s\n' "TCP (AF_INET over lo)" "$tcp" "1.00"
printf '%-44s %10s %8s\n' "AF_SMC (SMC-R over rxe0 on lo)" "$smc" \
	"$(awk -v a="$smc" -v b="$tcp" 'BEGIN { printf "%.2f", a / b }')"
echo
if [ "$smcr" -lt 2 ] || [ "$fb" != 0 ]; then
	fail "the AF_SMC connection did not run over SMC-R ($smcr smcr, $fb fallback sockets)"
fi
# at most 4 KiB of payload per RoCE packet on lo
if [ "$pkts" -lt $((BYTES / 4096)) ]; then
	fail "rxe0 sent only $pkts packets for $BYTES bytes: the data did not go over RDMA"
fi
echo "Both ends of the AF_SMC connection are in mode smcr: the CLC handshake"
echo "(SMC-Rv2) succeeded, every byte went by RDMA WRITE into the peer's"
echo "buffer and was announced with a CDC message, and xfer checked each one."
echo "Soft-RoCE is a CPU-bound emulation of an RDMA NIC and the guest runs"
echo "under TCG unless the CPU has vmx/svm: the ratio says nothing about real"
echo "RDMA hardware. tests/bench/run-bench.sh compares with the distribution's"
echo "smc.ko (Documentation/performance.md)."
# link groups linger for later connections; sockets and connections go
smc_socks_gone 10 || true	# af_smc_unload reports what is left
# unloading ends the link groups and reports any object left
af_smc_unload || fail "unload failed"
