# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh - helpers for scripts that run inside a test guest (the scenarios in
# tests/guest/ and anything started with tests/vm/vm-run.sh or two-vm.sh).
#
#   . "$(dirname "$0")/../vm/lib.sh"      # from tests/guest/NN-name.sh
#
# Sourcing it only defines variables and functions. Most helpers print what
# they do and return non-zero on failure, so a scenario can write
#   af_smc_load || fail "cannot load af_smc.ko"
#
# Environment understood here:
#   AF_SMC_KO       af_smc.ko to load (default: $TOP/build/<kernel name>/af_smc.ko)
#   RXE_KO          an rdma_rxe.ko to insmod instead of "modprobe rdma_rxe"
#   VM_KERNEL_NAME  6.1 | 6.12 | debug (set by vm-run.sh; else derived from uname -r)
#   VM_SPLAT_IGNORE extended regex of dmesg lines that splat_scan ignores
#   VM_COLOR=1      colour the pretty-printing helpers

VM_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TOP=${TOP:-$(cd "$VM_LIB_DIR/../.." && pwd)}

# ---------------------------------------------------------------------------
# Output, in the style of WireGuard's netns.sh: "[+] who: what".

if [ "${VM_COLOR:-0}" = 1 ]; then
	_c_on=$'\e[32m\e[1m' _c_off=$'\e[0m'
else
	_c_on='' _c_off=''
fi

# pretty WHO TEXT...: announce a step; WHO may be empty.
pretty() {
	local who=$1
	shift
	printf '%s[+] %s%s%s\n' "$_c_on" "${who:+$who: }" "$*" "$_c_off"
}

# prefix_lines PREFIX: copy stdin to stdout with PREFIX before every line.
prefix_lines() {
	local line
	while IFS= read -r line || [ -n "$line" ]; do
		printf '%s%s\n' "$1" "$line"
	done
}

# pp CMD...: print the command, then run it.
pp() {
	pretty "" "$*"
	"$@"
}

# in_ns NS CMD...: print and run CMD in network namespace NS.
in_ns() {
	local ns=$1
	shift
	pretty "$ns" "$*"
	ip netns exec "$ns" "$@"
}

# fail TEXT: end the scenario as failed (exit 1).
fail() {
	echo "FAIL: $*"
	exit 1
}

# skip TEXT: end the scenario as skipped (exit 4, see tests/guest/run-in-guest.sh).
skip() {
	echo "SKIP: $*"
	exit 4
}

# need_cmd CMD...: skip the scenario unless every command exists.
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "command '$c' not available"
	done
}

# run_deadline SECS CMD...: run CMD in a session of its own and return its
# exit code; if it is still running after SECS, show what hangs, kill the
# whole session and return 124. Whatever CMD left running in the background
# is killed as well. (timeout(1) is no help for a task stuck in D state: it
# would wait for it forever.)
run_deadline() {
	local secs=$1 me=$BASHPID pid dog rc
	shift
	_deadline_hit=0
	trap '_deadline_hit=1' USR1
	setsid "$@" &
	pid=$!
	(sleep "$secs"; kill -USR1 "$me") 2>/dev/null &
	dog=$!
	wait "$pid"
	rc=$?
	trap - USR1
	if [ "$_deadline_hit" = 1 ]; then
		echo "run_deadline: still running after ${secs}s, killing it: $*"
		echo w > /proc/sysrq-trigger 2>/dev/null	# blocked tasks -> dmesg
		ps -N --pid 2 --ppid 2 -o pid,stat,wchan:24,etime,args --forest 2>/dev/null |
			prefix_lines "run_deadline:   "
		# their stacks are printed at KERN_INFO, below the console's
		# level: copy them to the console
		sleep 1
		# shellcheck disable=SC2016 # sed's $, not the shell's
		dmesg 2>/dev/null | sed -n '/sysrq: Show Blocked State/h; //!H; ${x;p}' |
			tail -n 150 | prefix_lines "run_deadline: blocked: "
		rc=124
	else
		kill "$dog" 2>/dev/null
	fi
	kill -KILL -- "-$pid" 2>/dev/null
	return "$rc"
}

# ---------------------------------------------------------------------------
# Which kernel are we on?

# kernel_name: print 6.1, 6.12 or debug (the names of tools/kbuild/kernels.sh).
kernel_name() {
	if [ -n "${VM_KERNEL_NAME:-}" ]; then
		echo "$VM_KERNEL_NAME"
		return
	fi
	local r
	r=$(uname -r)
	case "$r" in
	6.1.*-amd64)	echo 6.1 ;;
	6.12.*-amd64)	echo 6.12 ;;
	6.1.[0-9]*)	echo debug ;;	# the self-built debug kernel: plain "6.1.N"
	*)		echo "$r" ;;
	esac
}

# ---------------------------------------------------------------------------
# Kernel log checks.

# Lines that mean the kernel hit a bug, a warning or a lock problem. Matched
# case-sensitively, so the boot banner "kasan: KernelAddressSanitizer
# initialized" does not count. kmemleak reports are judged by kmemleak_check
# alone (only leaks from af_smc fail a run).
SPLAT_RE='WARNING:|BUG:|Oops|general protection|kernel BUG at|Kernel panic'
SPLAT_RE+='|Unable to handle kernel|refcount_t:|list_add corruption'
SPLAT_RE+='|list_del corruption|KASAN:|UBSAN:|possible circular locking'
SPLAT_RE+='|inconsistent lock state|possible recursive locking'
SPLAT_RE+='|suspicious RCU usage|lock held when returning to user space'
SPLAT_RE+='|DEBUG_LOCKS_WARN_ON|blocked for more than|detected stall'
SPLAT_RE+='|stack-protector|stack guard page|page allocation failure'
SPLAT_RE+='|Bad page state'

# Taint bits that a splat sets: B bad page (5), D died/oops (7), W warning (9),
# L soft lockup (14).
TAINT_SPLAT_MASK=$(((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))

# kmsg_mark TAG: put a unique marker line into the kernel log and print it.
kmsg_mark() {
	local m
	m="af-smc-mark:$1:$$:$RANDOM$RANDOM"
	echo "<6>$m" > /dev/kmsg 2>/dev/null	# KERN_INFO: not on the console
	echo "$m"
}

# dmesg_since MARK: the kernel log after MARK (all of it if MARK is gone).
dmesg_since() {
	local log
	log=$(dmesg 2>/dev/null)
	if grep -qF -- "$1" <<<"$log"; then
		awk -v m="$1" 'seen { print } index($0, m) { seen = 1 }' <<<"$log"
	else
		echo "(marker $1 not in the kernel log any more: checking all of it)" >&2
		echo "$log"
	fi
}

# splat_scan MARK [WHO]: print the splat lines logged since MARK, prefixed
# with WHO; return 1 if there were any.
splat_scan() {
	local hits
	hits=$(dmesg_since "$1" | grep -E -- "$SPLAT_RE")
	if [ -n "${VM_SPLAT_IGNORE:-}" ] && [ -n "$hits" ]; then
		hits=$(grep -vE -- "$VM_SPLAT_IGNORE" <<<"$hits")
	fi
	[ -z "$hits" ] && return 0
	prefix_lines "${2:-splat}: " <<<"$hits"
	return 1
}

# taint_new START: print the splat taint bits set since START (a value read
# from /proc/sys/kernel/tainted); return 1 if there are any.
taint_new() {
	local now gained
	now=$(cat /proc/sys/kernel/tainted)
	gained=$(( now & ~$1 & TAINT_SPLAT_MASK ))
	[ "$gained" = 0 ] && return 0
	echo "kernel taint gained $gained (now $now; B=32 D=128 W=512 L=16384)"
	return 1
}

# Where af_smc_load records the address ranges of every af_smc it loaded,
# "<start> <end> <what>" as 16-digit hex. kmemleak prints a backtrace frame
# of an unloaded module as a bare address; these ranges still tell it is ours.
AF_SMC_RANGES=/run/af-smc-ranges

# _kmemleak_blame: read a kmemleak report on stdin, print how many of its
# objects were allocated from af_smc (by symbol or by recorded range).
_kmemleak_blame() {
	awk -v rf="$AF_SMC_RANGES" '
	function hex16(a) {
		a = tolower(substr(a, 3))
		while (length(a) < 16)
			a = "0" a
		return a
	}
	BEGIN {
		while ((getline l < rf) > 0) {
			split(l, f, " ")
			lo[++n] = f[1]
			hi[n] = f[2]
		}
	}
	/^unreferenced object/ { obj++; hit = 0; next }
	obj && !hit {
		if (index($0, "af_smc")) {
			hit = 1
		} else if (match($0, /\] 0x[0-9a-f]+$/)) {
			a = hex16(substr($0, RSTART + 2))
			for (i = 1; i <= n; i++)
				if (a >= lo[i] && a < hi[i])
					hit = 1
		}
		if (hit)
			blamed++
	}
	END { print blamed + 0 }'
}

# kmemleak_check: on a kernel with kmemleak, scan now, print every report and
# return 1 if a reported object was allocated from af_smc. kmemleak reports an
# object only when it was unreferenced and unchanged (same checksum) in two
# consecutive scans, and not before it is 5 s old: sleep, then scan twice.
kmemleak_check() {
	local kml=/sys/kernel/debug/kmemleak report n ours
	[ -w "$kml" ] || return 0
	sleep 5
	echo scan > "$kml" 2>/dev/null
	echo scan > "$kml" 2>/dev/null
	report=$(cat "$kml" 2>/dev/null)
	if [ -z "$report" ]; then
		echo "kmemleak: no unreferenced objects"
		return 0
	fi
	ours=$(_kmemleak_blame <<<"$report")
	n=$(grep -c '^unreferenced object' <<<"$report")
	echo "kmemleak: $n unreferenced object(s), $ours of them from af_smc:"
	prefix_lines "kmemleak: " <<<"$report"
	[ "$ours" = 0 ]
}

# ---------------------------------------------------------------------------
# af_smc.ko

# af_smc_ko: print the path of the af_smc.ko built for this kernel.
af_smc_ko() {
	echo "${AF_SMC_KO:-$TOP/build/$(kernel_name)/af_smc.ko}"
}

# af_smc_load [PARAM=VALUE...]: load ib_core/ib_uverbs, then insmod af_smc.ko.
af_smc_load() {
	local ko
	ko=$(af_smc_ko)
	if grep -q '^af_smc ' /proc/modules; then
		echo "af_smc_load: af_smc is already loaded" >&2
		return 1
	fi
	if [ ! -f "$ko" ]; then
		echo "af_smc_load: $ko not found (run 'make modules-all' on the host)" >&2
		return 1
	fi
	modprobe -a ib_core ib_uverbs 2>/dev/null || true
	if ! insmod "$ko" "$@"; then
		echo "af_smc_load: insmod $ko failed; vermagic $(modinfo -F vermagic "$ko" 2>/dev/null), kernel $(uname -r)" >&2
		dmesg | tail -n 5 >&2
		return 1
	fi
	_af_smc_record_ranges "$ko"
	pretty "" "af_smc loaded ($ko)"
}

# _af_smc_record_ranges KO: append the loaded module's core and init text
# ranges to $AF_SMC_RANGES (see _kmemleak_blame).
_af_smc_record_ranges() {
	local ko=$1 name size base init isize
	read -r name size _ _ _ base _ <<<"$(grep '^af_smc ' /proc/modules)"
	if [ "$name" != af_smc ] || [ $((base)) = 0 ]; then
		return 0	# addresses hidden (kptr_restrict)
	fi
	printf '%016x %016x core\n' "$base" $((base + size)) >> "$AF_SMC_RANGES"
	init=$(cat /sys/module/af_smc/sections/.init.text 2>/dev/null)
	isize=$(objdump -h "$ko" 2>/dev/null | awk '$2 == ".init.text" { print "0x" $3 }')
	if [ -n "$init" ] && [ -n "$isize" ]; then
		printf '%016x %016x init\n' "$init" $((init + isize)) >> "$AF_SMC_RANGES"
	fi
}

# af_smc_unload: rmmod af_smc (retrying while it is busy for up to 10 s),
# then fail if the module reported leaked objects ("af_smc: leak ...").
af_smc_unload() {
	local mark _ leaks
	grep -q '^af_smc ' /proc/modules || { echo "af_smc_unload: af_smc is not loaded" >&2; return 1; }
	mark=$(kmsg_mark af_smc_unload)
	for _ in $(seq 20); do
		rmmod af_smc 2>/dev/null && break
		sleep 0.5
	done
	if grep -q '^af_smc ' /proc/modules; then
		echo "af_smc_unload: rmmod af_smc failed: $(rmmod af_smc 2>&1) (refcount $(cat /sys/module/af_smc/refcnt 2>/dev/null))" >&2
		return 1
	fi
	leaks=$(dmesg_since "$mark" | grep 'af_smc: leak')
	if [ -n "$leaks" ]; then
		echo "af_smc_unload: the module reported leaks on unload:" >&2
		echo "$leaks" >&2
		return 1
	fi
	pretty "" "af_smc unloaded, no leaks reported"
}

# leak_check [WAIT_SECS]: every object count in af_smc's debugfs file must
# be 0 (lines "<name> <count>"). Polls up to WAIT_SECS (default 0) for
# deferred frees, prints the counts, returns 1 on a non-zero count.
leak_check() {
	local f=/sys/kernel/debug/af_smc/objects wait=${1:-0} left
	if [ ! -r "$f" ]; then
		echo "leak_check: $f missing (af_smc not loaded, or debugfs not mounted)" >&2
		return 1
	fi
	left=$((wait * 5))
	while awk '$2 != 0 { bad = 1 } END { exit !bad }' "$f" && [ "$left" -gt 0 ]; do
		sleep 0.2
		left=$((left - 1))
	done
	sed 's/^/leak_check: /' "$f"
	if awk '$2 != 0 { bad = 1 } END { exit !bad }' "$f"; then
		echo "leak_check: objects still allocated:" >&2
		awk '$2 != 0 { print "leak_check:   " $0 }' "$f" >&2
		return 1
	fi
	return 0
}

# _smc_socks_zero FILE: no smc_sock and no connection counted in FILE
_smc_socks_zero() {
	awk '($1 == "smc_sock" || $1 == "connection") && $2 != 0 { b = 1 }
	     END { exit b }' "$1"
}

# smc_socks_gone [WAIT_SECS]: wait (default 10 s) until no AF_SMC socket and
# no SMC-R connection is left; link groups and their buffers may linger for
# later connections (unloading ends them). Returns 1, printing the counts,
# if something is still there.
smc_socks_gone() {
	local f=/sys/kernel/debug/af_smc/objects left=$((${1:-10} * 5))
	while ! _smc_socks_zero "$f" && [ "$left" -gt 0 ]; do
		sleep 0.2
		left=$((left - 1))
	done
	_smc_socks_zero "$f" && return 0
	sed 's/^/smc_socks_gone: /' "$f"
	return 1
}

# ---------------------------------------------------------------------------
# Soft-RoCE

# rxe_load: load rdma_rxe (or insmod $RXE_KO, e.g. a patched build).
rxe_load() {
	grep -q '^rdma_rxe ' /proc/modules && return 0
	if [ -n "${RXE_KO:-}" ]; then
		modprobe -a ib_core ib_uverbs crc32_generic 2>/dev/null
		modprobe -a udp_tunnel ip6_udp_tunnel 2>/dev/null
		insmod "$RXE_KO" || { echo "rxe_load: insmod $RXE_KO failed" >&2; return 1; }
	else
		modprobe rdma_rxe || { echo "rxe_load: modprobe rdma_rxe failed" >&2; return 1; }
	fi
}

# rxe_add NETDEV [NAME]: create rxe device NAME (default rxe0) on NETDEV and
# wait until its port is ACTIVE. An existing NAME is reused.
rxe_add() {
	local dev=$1 name=${2:-rxe0} _
	rxe_load || return 1
	if [ ! -e "/sys/class/infiniband/$name" ]; then
		ip link set "$dev" up || return 1
		rdma link add "$name" type rxe netdev "$dev" || return 1
	fi
	for _ in $(seq 50); do
		grep -q ACTIVE "/sys/class/infiniband/$name/ports/1/state" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "rxe_add: $name on $dev is not ACTIVE: $(cat "/sys/class/infiniband/$name/ports/1/state" 2>&1)" >&2
	return 1
}

# rxe_lo [NAME]: Soft-RoCE device on the loopback interface (one-guest tests:
# rxe loops its packets back internally).
rxe_lo() {
	ip link set lo up
	rxe_add lo "${1:-rxe0}"
}

# rxe_del NAME: remove an rxe device.
rxe_del() {
	rdma link delete "$1"
}

# count_mode FILE MODE: sockets of FILE (a copy of debugfs sockets) in MODE
count_mode() {
	awk -v m="$2" 'NR > 1 && $5 == m { n++ } END { print n + 0 }' "$1"
}

# rxe_ctr_get NAME COUNTER: print one hw counter of port 1 (0 if missing).
rxe_ctr_get() {
	cat "/sys/class/infiniband/$1/ports/1/hw_counters/$2" 2>/dev/null || echo 0
}

# rxe_ctr [NAME]: one line with the interesting counters of an rxe device.
rxe_ctr() {
	local name=${1:-rxe0} c line=""
	for c in sent_pkts rcvd_pkts rdma_sends rdma_recvs send_err \
		 retry_exceeded_err rcvd_seq_err duplicate_request; do
		line+=" $c=$(rxe_ctr_get "$name" "$c")"
	done
	echo "$name:$line"
}

# upstream_smc_up NETDEV UEID PNETID: make this guest an SMC-Rv2 peer with
# the distribution's smc.ko: load smc and smc_diag, rxe0 on NETDEV (the
# rxe from $UPSTREAM_RXE_KO, relative to the tree, if set: 6.1 needs the
# fixed one), the UEID, and the pnet ID on NETDEV and rxe0 port 1 (rxe has
# no get_netdev, so upstream needs both).
upstream_smc_up() {
	local dev=$1 ueid=$2 pnetid=$3 smcnl=$TOP/tools/smcnl/build/smcnl
	rm -f /etc/modprobe.d/af-smc-test.conf
	pp modprobe -a smc smc_diag || return 1
	RXE_KO=${UPSTREAM_RXE_KO:+$TOP/$UPSTREAM_RXE_KO} rxe_add "$dev" rxe0 ||
		return 1
	pp "$smcnl" ueid add "$ueid" &&
	pp "$smcnl" pnet add "$pnetid" "$dev" &&
	pp "$smcnl" pnet add "$pnetid" rxe0 1
}

# ---------------------------------------------------------------------------
# Network

# wait_ping IP [SECS]: wait until IP answers ping (default 30 s).
wait_ping() {
	local ip=$1 end=$((SECONDS + ${2:-30}))
	while [ "$SECONDS" -lt "$end" ]; do
		ping -c1 -W1 "$ip" >/dev/null 2>&1 && return 0
		sleep 0.2
	done
	echo "wait_ping: $ip unreachable" >&2
	return 1
}

# wait_listen PORT [SECS]: wait until a TCP socket listens on PORT (default 10 s).
wait_listen() {
	local port=$1 end=$((SECONDS + ${2:-10}))
	while [ "$SECONDS" -lt "$end" ]; do
		[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ] && return 0
		sleep 0.1
	done
	echo "wait_listen: nothing listens on TCP port $port" >&2
	return 1
}

# addr_add IFACE ADDR/PLEN: bring IFACE up with an address.
addr_add() {
	ip link set "$1" up && ip addr add "$2" dev "$1"
}
