#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 76-abi-shape: af_smc answers every request of the SMC user ABI (generic
# netlink SMC_GEN_NETLINK and SMC_PNETID, sock_diag for AF_SMC with every
# diag_ext bit) with replies of the same shape as the distribution's
# smc.ko + smc_diag.ko: attribute numbers, types, lengths, nesting, which
# messages come, which errors. tests/abi/record.sh sets up the same
# connections as when tests/abi/upstream-6.12.shape was recorded against
# upstream (Linux 6.12, rxe on lo); the two recordings must differ exactly
# as tests/abi/upstream-6.12.exceptions says (a normal diff, justified in
# its comments), no more and no less.
#
# timeout: 400
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

REF=$TOP/tests/abi/upstream-6.12.shape
EXC=$TOP/tests/abi/upstream-6.12.exceptions
OUT=${SCENARIO_OUT:-/tmp}/af_smc.shape

bash "$TOP/tests/abi/record.sh" ours "$OUT" || fail "recording af_smc's ABI"
diff "$REF" "$OUT" > /tmp/abi.diff
grep -v '^#' "$EXC" | diff - /tmp/abi.diff > /tmp/abi.unexpected
if [ -s /tmp/abi.unexpected ]; then
	echo "differences from upstream 6.12 (< upstream, > af_smc):"
	prefix_lines "  | " < /tmp/abi.diff
	echo "not listed in $EXC (or listed but gone):"
	prefix_lines "  | " < /tmp/abi.unexpected
	fail "the ABI shape differs from upstream's"
fi
pretty "" "ABI shape: $(grep -c '^==' "$OUT") requests answered as upstream 6.12 does ($(grep -vc '^#' "$EXC") listed exception lines)"
exit 0
