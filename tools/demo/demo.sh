#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the main job: install what is needed, build af_smc.ko and the
# tools, boot a Debian kernel in a QEMU guest, load the module, move a real
# stream over AF_SMC, accelerated by SMC-R over a Soft-RoCE device, and over
# TCP, prove that the AF_SMC stream used SMC-R (both sockets' mode, the
# RDMA device's packet counters) and print the comparison.
#
# usage: sudo tools/demo/demo.sh [-k 6.1|6.12] [-b BYTES] [--no-install]
set -euo pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
KERNEL=6.1
BYTES=$((64 << 20))
INSTALL=1
while [ $# -gt 0 ]; do
	case "$1" in
	-k) KERNEL=$2; shift 2 ;;
	-b) BYTES=$2; shift 2 ;;
	--no-install) INSTALL=0; shift ;;
	*) echo "usage: $0 [-k 6.1|6.12] [-b BYTES] [--no-install]" >&2; exit 2 ;;
	esac
done

cd "$TOP"
if [ "$INSTALL" = 1 ]; then
	echo "== installing build and guest dependencies (apt)"
	bash tests/install-deps.sh
fi
echo "== building af_smc.ko for $KERNEL, the xfer tool and smcnl"
make -s "build/$KERNEL/af_smc.ko"
make -s -C tests/bench
make -s -C tools/smcnl
echo "== booting a $KERNEL guest (QEMU) and running the transfers"
exec tests/vm/vm-run.sh -k "$KERNEL" -t 600 --env "DEMO_BYTES=$BYTES" \
	tools/demo/demo-guest.sh
