#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# two-vm.sh - run a script in two guests joined by private Ethernet links.
#
# usage: tests/vm/two-vm.sh [options] SCRIPT [ARGS...]
#
#   -k K[,K2]     kernels of guest a and guest b (default 6.1; one name = both)
#   -l LINKS      number of links between the guests (default 1)
#   -t SECS       hard limit per guest (default 300)
#   -m MB         memory per guest (default 1536)
#   -c CPUS       CPUs per guest (default 1)
#   --env K=V     passed to both guests (repeatable)
#   --append TXT  extra kernel command-line text for both guests (e.g.
#                 "slub_debug=FZPU" to catch writes to freed memory)
#   --out DIR     artifacts: DIR/a and DIR/b become the guests' $VM_OUTDIR
#
#        guest a                                guest b
#   +----------------+   link 0 (eth0)   +----------------+
#   | SCRIPT a ARGS  |-------------------| SCRIPT b ARGS  |
#   | 52:54:00:0a:.. |   link 1 (eth1)   | 52:54:00:0b:.. |
#   |                |-------------------|                |
#   +----------------+        ...        +----------------+
#
# Every link is a pair of QEMU "dgram" netdevs over two host UNIX datagram
# sockets: no tap, bridge or host IP configuration is involved, and nothing
# else can see the traffic. Link N is ethN in both guests; the MAC of ethN is
# 52:54:00:0a:00:0(N+1) in a and 52:54:00:0b:00:0(N+1) in b. Addresses are up
# to SCRIPT, which gets its role ("a" or "b") as $1.
#
# The guests' consoles are printed live, each line prefixed "[a] " or "[b] ".
# Exit code: 0 if both guests' scripts exit 0, else the first non-zero code
# of a, then b (vm-run.sh codes: 3 splat, 124 timeout, 125 guest died).
set -u

HERE=$(cd "$(dirname "$0")" && pwd)

usage() {
	sed -n '4,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}

KERNELS=${VM_KERNEL:-6.1} LINKS=1 LIMIT=300 MEM=1536 CPUS=1 OUT=''
PASS=()
while [ $# -gt 0 ]; do
	case "$1" in
	-k)		KERNELS=$2; shift 2 ;;
	-l)		LINKS=$2; shift 2 ;;
	-t)		LIMIT=$2; shift 2 ;;
	-m)		MEM=$2; shift 2 ;;
	-c)		CPUS=$2; shift 2 ;;
	--env)		PASS+=(--env "$2"); shift 2 ;;
	--append)	PASS+=(--append "$2"); shift 2 ;;
	--out)		OUT=$2; shift 2 ;;
	-h|--help)	usage 0 ;;
	--)		shift; break ;;
	-*)		echo "two-vm: unknown option $1" >&2; usage ;;
	*)		break ;;
	esac
done
[ $# -ge 1 ] || usage
case "$LINKS" in
''|*[!0-9]*) echo "two-vm: -l takes a number" >&2; exit 2 ;;
esac
KA=${KERNELS%%,*}
KB=${KERNELS#*,}

# Socket paths must fit in sun_path (108 bytes): keep them short, in /tmp.
SOCKS=$(mktemp -d /tmp/af-smc-2vm.XXXXXX) || exit 126
trap 'rm -rf "$SOCKS"' EXIT
NICS_A=() NICS_B=()
for ((i = 0; i < LINKS; i++)); do
	sa=$SOCKS/a$i sb=$SOCKS/b$i
	NICS_A+=(--nic "dgram,local.type=unix,local.path=$sa,remote.type=unix,remote.path=$sb")
	NICS_B+=(--nic "dgram,local.type=unix,local.path=$sb,remote.type=unix,remote.path=$sa")
done

# guest ROLE KERNEL NIC-ARGS... SCRIPT ARGS...: start one guest in the
# background, its output prefixed with "[ROLE] "; sets GUEST_PID.
PREFIXERS=()
guest() {
	local role=$1 kernel=$2 out=()
	shift 2
	[ -n "$OUT" ] && out=(--out "$OUT/$role")
	mkfifo "$SOCKS/$role.out"
	sed -u "s/^/[$role] /" < "$SOCKS/$role.out" &
	PREFIXERS+=($!)
	"$HERE/vm-run.sh" -k "$kernel" -t "$LIMIT" -m "$MEM" -c "$CPUS" \
		--name "$role" --mac "0$role" "${PASS[@]}" "${out[@]}" "$@" \
		> "$SOCKS/$role.out" 2>&1 &
	GUEST_PID=$!
}

# reap PID: wait for PID even across trapped signals; its exit code goes
# to REAPED. (Not in $(...): a subshell cannot wait for our children.)
reap() {
	while :; do
		wait "$1"
		REAPED=$?
		kill -0 "$1" 2>/dev/null || break
	done
}

start=$(date +%s)
guest a "$KA" "${NICS_A[@]}" "$1" a "${@:2}"
pid_a=$GUEST_PID
guest b "$KB" "${NICS_B[@]}" "$1" b "${@:2}"
pid_b=$GUEST_PID
# vm-run.sh stops its guest on SIGTERM.
trap 'kill -TERM "$pid_a" "$pid_b" 2>/dev/null' INT TERM HUP
reap "$pid_a"
rc_a=$REAPED
reap "$pid_b"
rc_b=$REAPED
wait "${PREFIXERS[@]}"

echo "two-vm: a ($KA) rc=$rc_a, b ($KB) rc=$rc_b, ${LINKS} link(s), wall $(($(date +%s) - start))s" >&2
[ "$rc_a" != 0 ] && exit "$rc_a"
exit "$rc_b"
