#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo-guest.sh - the guest half of demo.sh: one stream over TCP and one
# over AF_SMC on the loopback, with the AF_SMC socket's mode and fallback
# reason read while it moves data.
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../../tests/vm/lib.sh"

XFER=$TOP/tests/bench/build/xfer
BYTES=${DEMO_BYTES:-$((64 << 20))}

af_smc_load || fail "cannot load af_smc.ko"

# run FAM PORT: one transfer, prints the client's MiB/s
run() {
	local fam=$1 port=$2 srv out
	"$XFER" server -1 -f "$fam" -p "$port" -b "$BYTES" >/dev/null & srv=$!
	wait_listen "$port" || return 1
	out=$("$XFER" client -f "$fam" -p "$port" -b "$BYTES") || return 1
	wait "$srv" || return 1
	echo "$out" >&2
	sed -n 's/.*MiB\/s=\([0-9.]*\).*/\1/p' <<<"$out"
}

tcp=$(run tcp 21001) || fail "TCP transfer failed"

# Watch the AF_SMC sockets while the transfer runs.
"$XFER" server -1 -f smc -p 21002 -b "$BYTES" >/dev/null & srv=$!
wait_listen 21002 || fail "no AF_SMC listener"
"$XFER" client -f smc -p 21002 -b "$BYTES" > /tmp/demo-smc.out & cli=$!
# the listener plus one accepted and one connected socket
: > /tmp/demo-socks
while kill -0 "$cli" 2>/dev/null; do
	if [ "$(wc -l < /sys/kernel/debug/af_smc/sockets)" -ge 4 ]; then
		cp /sys/kernel/debug/af_smc/sockets /tmp/demo-socks
		break
	fi
	sleep 0.02
done
wait "$cli" || fail "AF_SMC transfer failed"
wait "$srv" || fail "AF_SMC server failed"
cat /tmp/demo-smc.out >&2
smc=$(sed -n 's/.*MiB\/s=\([0-9.]*\).*/\1/p' /tmp/demo-smc.out)

echo
echo "AF_SMC sockets during the transfer (<debugfs>/af_smc/sockets):"
sed 's/^/  /' /tmp/demo-socks
# the connected client is the socket whose reason is our own decline; the
# accepted one received that decline
crsn=$(awk 'NR > 1 && $6 == "0x03030000" { print $6; exit }' /tmp/demo-socks)
arsn=$(awk 'NR > 1 && $6 == "0x05000000" { print $6 " (peer " $7 ")"; exit }' /tmp/demo-socks)
echo
printf '%-44s %10s %8s\n' "$((BYTES >> 20)) MiB over lo, kernel $(uname -r)" "MiB/s" "ratio"
printf '%-44s %10s %8s\n' "TCP (AF_INET)" "$tcp" "1.00"
printf '%-44s %10s %8s\n' "AF_SMC (fallback)" "$smc" \
	"$(awk -v a="$smc" -v b="$tcp" 'BEGIN { printf "%.2f", a / b }')"
echo
echo "Both ends carried the SMC option in SYN/SYN-ACK and ran the CLC"
echo "handshake. This build has no SMC-R data path yet, so the client"
echo "declined instead of proposing:"
echo "  client   reason ${crsn:-?} = SMC_CLC_DECL_NOSMCDEV (no SMC device usable)"
echo "  accepted reason ${arsn:-?} = SMC_CLC_DECL_PEERDECL (the peer declined)"
echo "and the stream ran over the internal TCP connection (fallback)."
echo "TCG timings are noisy: the ratio is not a benchmark."
leak_check 5 || fail "objects left"
af_smc_unload || fail "unload failed"
