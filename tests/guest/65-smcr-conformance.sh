#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 65-smcr-conformance: the socket-API conformance cases of
# 20-socket-conformance, this time with a RoCE device and a UEID, so that
# every AF_SMC/SMCPROTO_SMC connection between two AF_SMC sockets runs
# SMC-R: half-close, urgent data, MSG_PEEK/MSG_WAITALL, poll/epoll, close
# with data pending, options... must all look exactly like TCP.
#
#   +-------------------------------- guest ---------------------------------+
#   |  case body (smc4) <-- CLC over TCP 127.0.0.1 --> peer (smc4)           |
#   |        \__________ RC QP on rxe0 (lo), RDMA WRITE + CDC __________/    |
#   |  reference: the same body over AF_INET                                 |
#   +------------------------------------------------------------------------+
#
# SMC-R use is shown by the link groups the run leaves behind (only SMC-R
# connections create them) and the rxe packet counters.
#
# debug-kernel: no
# timeout: 400
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

CONFORM=$TOP/tests/socket/build/smc_conform
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
[ -x "$CONFORM" ] || fail "$CONFORM missing (make -C tests/socket)"

rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc does not load"
pp "$SMCNL" ueid add AF-SMC-CONFORMANCE || fail "UEID"
sent0=$(rxe_ctr_get rxe0 sent_pkts)
rc=0
"$CONFORM" --require-smc -V smc4 -T 3 "$@" || rc=1
sent1=$(rxe_ctr_get rxe0 sent_pkts)
cat "$DBG/linkgroups"
rxe_ctr rxe0
if ! awk '$2 == "server" { s = 1 } $2 == "client" { c = 1 }
	  END { exit !(s && c) }' "$DBG/linkgroups"; then
	echo "no SMC-R link groups: the cases did not run over SMC-R"
	rc=1
fi
[ $((sent1 - sent0)) -ge 1000 ] || {
	echo "rxe0 sent only $((sent1 - sent0)) packets"; rc=1; }
af_smc_unload || rc=1
exit $rc
