#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# rxe-fix.sh KVER: build Debian 6.1's Soft-RoCE driver (rdma_rxe) with the
# two fixes that later kernels have and that the distribution's smc.ko
# needs to run SMC-R over it (see ../shared/notes/guest-lab.md):
#
#   rxe_qp.c  rxe_qp_to_attr() fills in cur_qp_state, so ib_query_qp()
#             stops reporting RESET for a QP that is RTS;
#   rxe_cq.c  rxe_cq_post() tests the notify flags as bits, so a CQ armed
#             with IB_CQ_SOLICITED_MASK signals.
#
# Only the *upstream* peer of the interop tests loads this build; af_smc
# itself is always tested on the stock driver.
#
# Output: build/rxe-fix/KVER/rdma_rxe.ko (path printed on stdout).
set -euo pipefail
KVER=${1:?usage: rxe-fix.sh KVER}
TOP=$(cd "$(dirname "$0")/../.." && pwd)
SRC=$(ls /usr/src/linux-source-6.1.tar.* 2>/dev/null | head -n 1)
KDIR=${KDIR:-/usr/src/linux-headers-$KVER}
OUT=$TOP/build/rxe-fix/$KVER

[ -n "$SRC" ] || { echo "rxe-fix: linux-source-6.1 is not installed" >&2; exit 1; }
[ -d "$KDIR" ] || { echo "rxe-fix: no kernel build tree $KDIR" >&2; exit 1; }
if [ -f "$OUT/rdma_rxe.ko" ] && [ "$OUT/rdma_rxe.ko" -nt "$0" ]; then
	echo "$OUT/rdma_rxe.ko"
	exit 0
fi
rm -rf "$OUT"
mkdir -p "$OUT"
tar -xf "$SRC" -C "$OUT" --strip-components=5 --wildcards \
	'linux-source-6.1/drivers/infiniband/sw/rxe/*'
cd "$OUT"
# fix 1: report the QP's current state
sed -i 's/^\t\*attr = qp->attr;$/&\n\tattr->cur_qp_state = qp_state(qp);/' rxe_qp.c
grep -q 'attr->cur_qp_state = qp_state(qp);' rxe_qp.c ||
	{ echo "rxe-fix: rxe_qp.c did not take fix 1" >&2; exit 1; }
# fix 2: notify flags are bits
sed -i -e 's/(cq->notify == IB_CQ_NEXT_COMP)/(cq->notify \& IB_CQ_NEXT_COMP)/' \
	-e 's/(cq->notify == IB_CQ_SOLICITED \&\& solicited)/((cq->notify \& IB_CQ_SOLICITED) \&\& solicited)/' \
	rxe_cq.c
[ "$(grep -c 'cq->notify &' rxe_cq.c)" = 2 ] ||
	{ echo "rxe-fix: rxe_cq.c did not take fix 2" >&2; exit 1; }
make -C "$KDIR" M="$OUT" CONFIG_RDMA_RXE=m modules > build.log 2>&1 ||
	{ tail -n 20 build.log >&2; exit 1; }
echo "$OUT/rdma_rxe.ko"
