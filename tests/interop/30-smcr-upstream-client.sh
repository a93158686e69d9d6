#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30-smcr-upstream-client: the distribution's smc.ko as SMC-Rv2 client
# against an af_smc server. Both ends must say SMC-R: upstream's through
# smc_diag (mode smcr), ours in its debugfs sockets list; the rxe counters
# show the RDMA traffic; every byte is checked.
#
#   guest a (smc.ko, client)                 guest b (af_smc.ko, server)
#   +--------------------------+  eth0   +--------------------------+
#   | rxe0 10.99.0.1 UEID pnet |---------| rxe0 10.99.0.2 UEID      |
#   | xfer client -f smc       |         | xfer server -f smc       |
#   +--------------------------+         +--------------------------+
#
# On 6.1 guest a loads the rxe rebuilt with the two fixes smc.ko needs
# (UPSTREAM_RXE_KO, tests/vm/rxe-fix.sh); guest b always runs the stock rxe.
#
# usage (host): tests/vm/two-vm.sh -k 6.12 tests/interop/30-smcr-upstream-client.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

ROLE=$1
XFER=$TOP/tests/bench/build/xfer
DIAG=$TOP/tests/bench/build/smcdiag
SMCNL=$TOP/tools/smcnl/build/smcnl
BYTES=$((64 << 20))
UEID=AF-SMC-INTEROP-UEID
PORT=22030

if [ "$ROLE" = a ]; then
	addr_add eth0 10.99.0.1/24 || fail "eth0"
	upstream_smc_up eth0 "$UEID" AFSMCNET ||
		fail "cannot set up the distribution's smc"
	wait_ping 10.99.0.2 || fail "no route to b"
	"$XFER" client -f smc -a 10.99.0.2 -p $PORT -b $BYTES -r 30 \
		-e "$DIAG > /tmp/diag" || fail "upstream client: transfer failed"
	cat /tmp/diag
	rxe_ctr rxe0
	grep -q "mode=smcr sport=[0-9]* dport=$PORT" /tmp/diag ||
		fail "upstream's smc_diag does not show the connection as SMC-R"
	pretty a "upstream client: SMC-R per smc_diag"
	exit 0
fi

addr_add eth0 10.99.0.2/24 || fail "eth0"
rxe_add eth0 rxe0 || fail "rxe on eth0"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add "$UEID" || fail "UEID"
sent0=$(rxe_ctr_get rxe0 rcvd_pkts)
"$XFER" server -1 -f smc -a 10.99.0.2 -p $PORT -b $BYTES \
	-e "cat /sys/kernel/debug/af_smc/sockets > /tmp/socks" ||
	fail "af_smc server: transfer failed"
sent1=$(rxe_ctr_get rxe0 rcvd_pkts)
cat /tmp/socks
rxe_ctr rxe0
awk 'NR > 1 && $5 == "smcr"' /tmp/socks | grep -q . ||
	fail "our accepted socket is not in SMC-R mode"
[ $((sent1 - sent0)) -ge $((BYTES / 4096)) ] ||
	fail "rxe0 received $((sent1 - sent0)) packets for $BYTES bytes: not RDMA"
smc_socks_gone 10 || true	# af_smc_unload reports what is left
af_smc_unload || fail "unload"
pretty b "upstream client <-> af_smc server: SMC-R, $BYTES bytes intact"
exit 0
