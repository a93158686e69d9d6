#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-in-guest.sh - run the guest scenarios one after the other in ONE guest.
#
# usage (in a guest): tests/vm/vm-run.sh tests/guest/run-in-guest.sh [options]
#        (anywhere):  tests/guest/run-in-guest.sh --list [options]
#
#   --only ERE      only scenarios whose name matches ERE (e.g. 'smoke|close')
#   --debug-only    only scenarios with a line "# debug-kernel: yes"
#   --scale N       multiply every scenario timeout by N (default 3 on the
#                   debug kernel, else 1; env GUEST_TIMEOUT_SCALE)
#   --list          print "<name> <timeout>" per selected scenario and exit
#
# A scenario is tests/guest/[0-9]*.sh, run with bash as root from the top of
# the tree, with TOP, VM_KERNEL_NAME and SCENARIO_OUT (a directory for its
# artifacts) in the environment. Exit 0 = pass, 4 = skip, else fail. Header
# lines it may carry:
#   # debug-kernel: yes     also run it on the debug kernel (keep that set
#                           small: KASAN boots and runs several times slower)
#   # timeout: SECS         time limit (default 120), then it is killed
# A scenario also fails if the kernel logs a splat while it runs, or if the
# runner's clean-up finds af_smc still loaded and cannot unload it without
# leak reports. The clean-up after every scenario kills its leftover
# processes, unloads af_smc, deletes rxe devices, network namespaces and
# veth/dummy links, and drops addresses from the eth* interfaces.
#
# Output: "PLAN <n> <names...>", then one line per scenario,
#   PASS <name> (<secs>s)
#   FAIL <name> (<secs>s): <reason>      followed by its output, indented
#   SKIP <name> (<secs>s): <reason>
# and finally "run-in-guest: <n> passed, <n> failed, <n> skipped".
# Exit code: 0 if nothing failed, else 1.
set -u

GUEST_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../vm/lib.sh
. "$GUEST_DIR/../vm/lib.sh"
export TOP

usage() {
	sed -n '4,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}

ONLY='' DEBUG_ONLY=0 LIST=0 SCALE=${GUEST_TIMEOUT_SCALE:-}
while [ $# -gt 0 ]; do
	case "$1" in
	--only)		ONLY=$2; shift 2 ;;
	--debug-only)	DEBUG_ONLY=1; shift ;;
	--scale)	SCALE=$2; shift 2 ;;
	--list)		LIST=1; shift ;;
	-h|--help)	usage 0 ;;
	*)		echo "run-in-guest: unknown argument $1" >&2; usage ;;
	esac
done
if [ -z "$SCALE" ]; then
	SCALE=1
	[ "$LIST" = 0 ] && [ "$(kernel_name)" = debug ] && SCALE=3
fi

# header_timeout FILE: the "# timeout: N" value, or 120.
header_timeout() {
	local t
	t=$(sed -n 's/^# timeout: *\([0-9][0-9]*\) *$/\1/p' "$1" | head -n 1)
	echo "${t:-120}"
}

NAMES=() FILES=() LIMITS=()
for f in "$GUEST_DIR"/[0-9]*.sh; do
	[ -f "$f" ] || continue
	name=$(basename "$f" .sh)
	if [ -n "$ONLY" ] && ! [[ "$name" =~ $ONLY ]]; then
		continue
	fi
	if [ "$DEBUG_ONLY" = 1 ] && ! grep -qx '# debug-kernel: yes' "$f"; then
		continue
	fi
	NAMES+=("$name")
	FILES+=("$f")
	LIMITS+=($(( $(header_timeout "$f") * SCALE )))
done

if [ "$LIST" = 1 ]; then
	for i in "${!NAMES[@]}"; do
		echo "${NAMES[$i]} ${LIMITS[$i]}"
	done
	exit 0
fi

# ---------------------------------------------------------------------------
# In the guest from here on.

OUTROOT=${VM_OUTDIR:-/tmp/guest-out}
mkdir -p "$OUTROOT"

# cleanup_after: bring the guest back to a neutral state; print what it had
# to do, return 1 if af_smc could not be unloaded cleanly.
cleanup_after() {
	local rc=0 dev ns
	if grep -q '^af_smc ' /proc/modules; then
		echo "cleanup: af_smc was left loaded; unloading it"
		af_smc_unload || rc=1
	fi
	for dev in $(rdma link show 2>/dev/null | awk '$1 == "link" { sub("/.*", "", $2); print $2 }'); do
		echo "cleanup: deleting rdma link $dev"
		rdma link delete "$dev" 2>/dev/null
	done
	for ns in $(ip netns list 2>/dev/null | awk '{ print $1 }'); do
		echo "cleanup: deleting netns $ns"
		ip netns delete "$ns"
	done
	for dev in $(ip -o link show type veth 2>/dev/null | awk -F': ' '{ sub("@.*", "", $2); print $2 }') \
		   $(ip -o link show type dummy 2>/dev/null | awk -F': ' '{ print $2 }'); do
		echo "cleanup: deleting link $dev"
		ip link delete "$dev" 2>/dev/null
	done
	for dev in /sys/class/net/eth*; do
		[ -e "$dev" ] && ip addr flush dev "${dev##*/}"
	done
	return "$rc"
}

echo "PLAN ${#NAMES[@]} ${NAMES[*]}"
pass=0 fail=0 skipped=0
for i in "${!NAMES[@]}"; do
	name=${NAMES[$i]} file=${FILES[$i]} limit=${LIMITS[$i]}
	export SCENARIO_OUT=$OUTROOT/$name
	mkdir -p "$SCENARIO_OUT"
	log=$OUTROOT/$name.log
	mark=$(kmsg_mark "scenario-$name")
	read -r taint0 < /proc/sys/kernel/tainted
	start=$SECONDS

	(cd "$TOP" && run_deadline "$limit" bash "$file") </dev/null > "$log" 2>&1
	rc=$?

	reason=''
	case "$rc" in
	0)	;;
	4)	reason=$(sed -n 's/^SKIP: //p' "$log" | tail -n 1) ;;
	124)	reason="timed out after ${limit}s" ;;
	*)	reason="exit code $rc" ;;
	esac
	splats=$(splat_scan "$mark" "dmesg"; taint_new "$taint0")
	if [ -n "$splats" ]; then
		printf '%s\n' "$splats" >> "$log"
		if [ "$rc" = 0 ] || [ "$rc" = 4 ]; then
			rc=3
			reason="kernel splat"
		fi
	fi
	if ! cleanup_after >> "$log" 2>&1 && [ "$rc" = 0 ]; then
		rc=5
		reason="af_smc left loaded and its unload failed or reported leaks"
	fi
	secs=$((SECONDS - start))

	case "$rc" in
	0)	echo "PASS $name (${secs}s)"
		pass=$((pass + 1)) ;;
	4)	echo "SKIP $name (${secs}s): ${reason:-skipped}"
		skipped=$((skipped + 1)) ;;
	*)	echo "FAIL $name (${secs}s): $reason"
		prefix_lines "    | " < "$log"
		fail=$((fail + 1)) ;;
	esac
done
echo "run-in-guest: $pass passed, $fail failed, $skipped skipped"
[ "$fail" = 0 ]
