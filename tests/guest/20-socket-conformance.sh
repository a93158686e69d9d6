#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 20-socket-conformance: the same socket-API case bodies run over AF_INET,
# AF_INET6, AF_SMC/SMCPROTO_SMC and AF_SMC/SMCPROTO_SMC6 must observe the
# same results (tests/socket/conform.c), and mixed pairs (AF_SMC client with
# a TCP server and the reverse) must work by fallback.
#
#   +----------------------- guest ------------------------+
#   |  case body (variant X) <-- lo 127.0.0.1 / ::1 --> peer |
#   |  X in { inet, inet6, smc4, smc6 }                      |
#   +--------------------------------------------------------+
#
# debug-kernel: yes
# timeout: 300
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

CONFORM=$TOP/tests/socket/build/smc_conform
[ -x "$CONFORM" ] || fail "$CONFORM missing (make -C tests/socket)"

af_smc_load || fail "af_smc does not load"
rc=0
"$CONFORM" --require-smc "$@" || rc=1
leak_check 10 || rc=1
af_smc_unload || rc=1
exit $rc
