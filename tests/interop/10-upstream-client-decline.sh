#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10-upstream-client-decline: the distribution's smc.ko, set up for SMC-Rv2
# (rxe, UEID, pnet ID), connects to an af_smc listener. Its PROPOSAL must
# pass our decoder (else we would drop the connection), we answer with a
# DECLINE, both ends fall back, and a checksummed stream gets through.
#
#   guest a (smc.ko, client)                 guest b (af_smc.ko, server)
#   +--------------------------+  eth0   +--------------------------+
#   | rxe0 10.99.0.1 UEID pnet |---------| 10.99.0.2                |
#   | xfer client -f smc       |         | xfer server -f smc       |
#   +--------------------------+         +--------------------------+
#
# usage (host): tests/vm/two-vm.sh -k 6.12 tests/interop/10-upstream-client-decline.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

ROLE=$1
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
BYTES=$((4 << 20))
UEID=AF-SMC-INTEROP-UEID

if [ "$ROLE" = a ]; then
	addr_add eth0 10.99.0.1/24 || fail "eth0"
	rm -f /etc/modprobe.d/af-smc-test.conf
	pp modprobe -a smc smc_diag || fail "cannot load the distribution's smc"
	rxe_add eth0 rxe0 || fail "rxe on eth0"
	pp "$SMCNL" ueid add "$UEID" || fail "UEID"
	pp "$SMCNL" pnet add AFSMCNET eth0 || fail "pnet eth0"
	pp "$SMCNL" pnet add AFSMCNET rxe0 1 || fail "pnet rxe0"
	wait_ping 10.99.0.2 || fail "no route to b"
	sleep 3
	"$XFER" client -f smc -a 10.99.0.2 -p 22001 -b $BYTES ||
		fail "transfer from upstream smc to af_smc failed"
	rxe_ctr rxe0
	pretty a "upstream client done"
	exit 0
fi

addr_add eth0 10.99.0.2/24 || fail "eth0"
af_smc_load || fail "af_smc"
# -e: list the sockets while the accepted one still exists
"$XFER" server -1 -f smc -a 10.99.0.2 -p 22001 -b $BYTES \
	-e "awk 'NR > 1 && \$5 == \"fallback\"' /sys/kernel/debug/af_smc/sockets > /tmp/socks" ||
	fail "xfer server failed"
cat /tmp/socks
grep -q ' fallback 0x03030000 0x00000000$' /tmp/socks ||
	fail "the accepted socket did not decline a valid proposal"
leak_check 5 || fail "objects left"
af_smc_unload || fail "unload"
pretty b "upstream PROPOSAL decoded, declined with NOSMCDEV, stream intact"
exit 0
