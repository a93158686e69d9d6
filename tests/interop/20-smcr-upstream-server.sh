#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 20-smcr-upstream-server: af_smc as SMC-Rv2 client against the
# distribution's smc.ko as server. Both ends must say SMC-R: ours in its
# debugfs sockets list, upstream's through smc_diag (mode smcr); the rxe
# counters show the RDMA traffic; every byte is checked.
#
#   guest a (smc.ko, server)                 guest b (af_smc.ko, client)
#   +--------------------------+  eth0   +--------------------------+
#   | rxe0 10.99.0.1 UEID pnet |---------| rxe0 10.99.0.2 UEID      |
#   | xfer server -f smc       |         | xfer client -f smc       |
#   +--------------------------+         +--------------------------+
#
# On 6.1 guest a loads the rxe rebuilt with the two fixes smc.ko needs
# (UPSTREAM_RXE_KO, tests/vm/rxe-fix.sh); guest b always runs the stock rxe.
#
# usage (host): tests/vm/two-vm.sh -k 6.12 tests/interop/20-smcr-upstream-server.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

ROLE=$1
XFER=$TOP/tests/bench/build/xfer
DIAG=$TOP/tests/bench/build/smcdiag
SMCNL=$TOP/tools/smcnl/build/smcnl
BYTES=$((64 << 20))
UEID=AF-SMC-INTEROP-UEID
PORT=22020

if [ "$ROLE" = a ]; then
	addr_add eth0 10.99.0.1/24 || fail "eth0"
	upstream_smc_up eth0 "$UEID" AFSMCNET ||
		fail "cannot set up the distribution's smc"
	"$XFER" server -1 -f smc -a 10.99.0.1 -p $PORT -b $BYTES \
		-e "$DIAG > /tmp/diag" || fail "upstream server: transfer failed"
	cat /tmp/diag
	rxe_ctr rxe0
	# the accepted socket, not the listener (state 10)
	grep "sport=$PORT " /tmp/diag | grep -v " state=10 " |
		grep -q " mode=smcr " ||
		fail "upstream's smc_diag does not show the connection as SMC-R"
	pretty a "upstream server: SMC-R per smc_diag"
	exit 0
fi

addr_add eth0 10.99.0.2/24 || fail "eth0"
rxe_add eth0 rxe0 || fail "rxe on eth0"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add "$UEID" || fail "UEID"
wait_ping 10.99.0.1 || fail "no route to a"
sent0=$(rxe_ctr_get rxe0 sent_pkts)
"$XFER" client -f smc -a 10.99.0.1 -p $PORT -b $BYTES -r 30 \
	-e "cat /sys/kernel/debug/af_smc/sockets > /tmp/socks" ||
	fail "af_smc client: transfer failed"
sent1=$(rxe_ctr_get rxe0 sent_pkts)
cat /tmp/socks
rxe_ctr rxe0
awk 'NR > 1 && $5 == "smcr"' /tmp/socks | grep -q . ||
	fail "our client socket is not in SMC-R mode"
[ $((sent1 - sent0)) -ge $((BYTES / 4096)) ] ||
	fail "rxe0 sent $((sent1 - sent0)) packets for $BYTES bytes: not RDMA"
smc_socks_gone 10 || true	# af_smc_unload reports what is left
af_smc_unload || fail "unload"
pretty b "af_smc client <-> upstream server: SMC-R, $BYTES bytes intact"
exit 0
