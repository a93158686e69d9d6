#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# record.sh upstream|ours OUTFILE - in a guest: set up SMC-R over rxe on lo
# with the distribution's smc.ko + smc_diag.ko (upstream) or af_smc.ko
# (ours), hold open one SMC-R connection, one client-side fallback (AF_SMC
# client, TCP server: no SMC option) and one server-side fallback (TCP
# client, AF_SMC server), and record `smcabi shape` into OUTFILE.
#
# Re-record the reference (6.12 guest, host root shared):
#   tests/vm/vm-run.sh -k 6.12 -t 400 --out /tmp/abi tests/abi/record.sh \
#	upstream /tmp/abi/upstream.shape
# then copy it to tests/abi/upstream-6.12.shape.
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/abi/pairs.sh
. "$(dirname "$0")/pairs.sh"

which=${1:?upstream or ours} out=${2:?output file}
SMCNL=$TOP/tools/smcnl/build/smcnl
ABI=$TOP/tests/abi/build/smcabi
UEID=AF-SMC-ABI-SHAPE

if [ "$which" = upstream ]; then
	upstream_smc_up lo "$UEID" ABINET || fail "upstream smc on lo"
else
	rxe_lo rxe0 || fail "rxe on lo"
	af_smc_load || fail "af_smc"
	pp "$SMCNL" ueid add "$UEID" || fail "UEID"
fi
pairs_start 22601 smc smc 1 65536 || fail "SMC-R pair"
pairs_start 22602 tcp smc 1 1000 || fail "client fallback pair"
pairs_start 22603 smc tcp 1 1000 || fail "server fallback pair"
pairs_wait 120 || fail "transfers"
"$ABI" diag 0xff
"$ABI" shape > "$out" || fail "smcabi shape"
pairs_release || fail "a transfer failed"
pretty "" "shape of the $which ABI recorded in $out ($(wc -l < "$out") lines)"
if [ "$which" = upstream ]; then
	pp "$SMCNL" ueid flush
	pp "$SMCNL" pnet flush
	exit 0
fi
smc_socks_gone 20 || fail "sockets left"
af_smc_unload || fail "unload"
exit 0
