#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10-module-lifecycle: af_smc.ko loads, refuses to load over the
# distribution's smc.ko, cannot be unloaded under an open socket, and
# survives insmod/rmmod cycles with and without traffic without leaking.
#
#   +------------------------- guest ---------------------------+
#   |  xfer client (AF_SMC) ---- lo 127.0.0.1 ---- xfer server   |
#   |                 af_smc.ko  <->  smc.ko (never both)        |
#   +------------------------------------------------------------+
#
# debug-kernel: yes
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

XFER=$TOP/tests/bench/build/xfer
[ -x "$XFER" ] || fail "$XFER missing (make -C tests/bench)"

# 1. Loading over the upstream module fails with EEXIST and says why.
upstream=$(modinfo -n smc 2>/dev/null)
if [ -n "$upstream" ] && [ -f "$upstream" ]; then
	modprobe -a ib_core ib_uverbs 2>/dev/null
	pp insmod "$upstream" || fail "cannot insmod the distribution's smc.ko"
	mark=$(kmsg_mark eexist)
	out=$(insmod "$(af_smc_ko)" 2>&1) && fail "af_smc loaded although smc.ko owns AF_SMC"
	echo "insmod: $out"
	grep -q 'File exists' <<<"$out" || fail "insmod error is not EEXIST: $out"
	dmesg_since "$mark" | grep -q 'af_smc: AF_SMC is already registered' ||
		fail "no dmesg line saying why af_smc did not load"
	dmesg_since "$mark" | grep 'af_smc:'
	pp rmmod smc || fail "cannot rmmod smc"
else
	pretty "" "distribution smc.ko not found: EEXIST check skipped"
fi

# 2. An open AF_SMC socket pins the module.
af_smc_load || fail "af_smc does not load"
"$XFER" server -f smc -p 20001 & srv=$!
wait_listen 20001 || fail "xfer server does not listen"
out=$(rmmod af_smc 2>&1) && fail "af_smc unloaded under an open socket"
echo "rmmod under open socket: $out"
grep -q 'in use' <<<"$out" || fail "unexpected rmmod error: $out"
kill "$srv"
wait "$srv" 2>/dev/null
leak_check 5 || fail "objects left after the last socket closed"
af_smc_unload || fail "af_smc does not unload after the socket closed"

# 3. Cycles without traffic.
for i in 1 2 3 4 5; do
	af_smc_load >/dev/null || fail "load cycle $i"
	af_smc_unload >/dev/null || fail "unload cycle $i"
done
pretty "" "5 load/unload cycles without traffic"

# 4. Cycles with traffic over IPv4 and IPv6, several connections each.
for i in 1 2 3; do
	af_smc_load >/dev/null || fail "traffic cycle $i: load"
	for fam in smc smc6; do
		"$XFER" server -1 -f $fam -p 20002 -n 4 -b 1000000 & srv=$!
		wait_listen 20002 || fail "cycle $i: no $fam listener"
		"$XFER" client -f $fam -p 20002 -n 4 -b 1000000 ||
			fail "cycle $i: $fam transfer failed"
		wait "$srv" || fail "cycle $i: $fam server failed"
	done
	leak_check 5 || fail "cycle $i: objects left"
	af_smc_unload >/dev/null || fail "traffic cycle $i: unload"
done
pretty "" "3 load/unload cycles with IPv4 and IPv6 traffic"
exit 0
