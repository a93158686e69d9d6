#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-bench.sh - the SMC-R benchmark: af_smc.ko against the distribution's
# smc.ko and against TCP, in ONE guest boot, over the same Soft-RoCE link.
#
# usage (host): tests/bench/run-bench.sh [-k 6.12|6.1] [-d SECS] [-r REPS]
#                                        [--rows LIST] [--no-build]
#
#   -k KERNEL   guest kernel (default 6.12: the distribution's smc.ko works
#               on its stock rxe; on 6.1 every implementation runs on the
#               rxe rebuilt by tests/vm/rxe-fix.sh, which upstream needs)
#   -d SECS     duration of one measurement (default 3)
#   -r REPS     measurements per row and implementation (default 3); the
#               table shows the median
#   --rows LIST comma separated subset of stream,rr1,rr1k,rr64k,crr
#   --no-build  use the module and tools that are already built
#   --redis ... run tests/bench/redis-bench.sh (redis-server and
#               redis-benchmark over TCP, smc.ko + smc_run, af_smc +
#               smc_run) with the remaining options instead
#
# This is a benchmark, not a test: it fails only if a transfer fails or
# the guest does; a connection that did not use SMC-R shows as a WARNING
# row. The results are also left in build/bench/<kernel>/results.txt.
#
#   +--------------------------------- guest ---------------------------------+
#   |  smcbench client ---- TCP (CLC) 10.99.0.1 ----> smcbench server         |
#   |        |                                              ^                  |
#   |        +---- RC QP ---- rxe0 on lo (RoCE v2) ---------+                  |
#   |  phase 1: af_smc.ko, phase 2: smc.ko + smc_diag; TCP in both phases     |
#   |  UEID AF-SMC-BENCH, pnet BENCHNET = lo + rxe0 port 1                    |
#   +-------------------------------------------------------------------------+
#
# Rows: stream (64 KiB writes, MiB/s), rr1/rr1k/rr64k (request/response of
# 1 B, 1 KiB, 64 KiB on one connection, transactions/s; latencies in a
# second table), crr (connect, send 1 B, receive 1 B, close; connections/s).
# Each measurement of an implementation is paired with one of TCP right
# before it, so both see the same load of the (shared) host; the "norm"
# column compares the two implementations relative to their phase's TCP.
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)
ALL_ROWS=stream,rr1,rr1k,rr64k,crr

if [ "${1:-}" != --in-guest ]; then
	KERNEL=6.12 SECS=3 REPS=3 ROWS=$ALL_ROWS BUILD=1
	while [ $# -gt 0 ]; do
		case "$1" in
		-k)		KERNEL=$2; shift 2 ;;
		-d)		SECS=$2; shift 2 ;;
		-r)		REPS=$2; shift 2 ;;
		--rows)		ROWS=$2; shift 2 ;;
		--no-build)	BUILD=0; shift ;;
		--redis)	shift; exec "$HERE/redis-bench.sh" "$@" ;;
		-h|--help)	sed -n '4,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
				exit 0 ;;
		*)		echo "run-bench: unknown argument $1" >&2; exit 2 ;;
		esac
	done
	case "$KERNEL" in
	6.1|6.12) ;;
	*) echo "run-bench: -k 6.1 or 6.12" >&2; exit 2 ;;
	esac
	cd "$TOP" || exit 2
	if [ "$BUILD" = 1 ]; then
		make -s "build/$KERNEL/af_smc.ko" || exit 1
		make -s -C tests/bench || exit 1
		make -s -C tools/smcnl || exit 1
	fi
	envs=(--env VM_ALLOW_UPSTREAM_SMC=1)
	if [ "$KERNEL" = 6.1 ]; then
		kver=$(tools/kbuild/kernels.sh kver 6.1) || exit 1
		ko=$(tests/vm/rxe-fix.sh "$kver") || exit 1
		envs+=(--env "RXE_KO=$ko")
	fi
	out=$TOP/build/bench/$KERNEL
	mkdir -p "$out"
	nrows=$(tr ',' '\n' <<<"$ROWS" | grep -c .)
	# two phases of (TCP + SMC) measurements, plus set-up and boot
	limit=$((nrows * REPS * 4 * (SECS + 3) + 240))
	exec tests/vm/vm-run.sh -k "$KERNEL" -t "$limit" --out "$out" \
		"${envs[@]}" "$0" --in-guest "$SECS" "$REPS" "$ROWS"
fi

# ---------------------------------------------------------------------------
# In the guest from here on.

SECS=$2 REPS=$3 ROWS=$4
# shellcheck source=tests/vm/lib.sh
. "$TOP/tests/vm/lib.sh"
# shellcheck source=tests/bench/lib.sh
. "$TOP/tests/bench/lib.sh"

BENCH=$TOP/tests/bench/build/smcbench
DIAG=$TOP/tests/bench/build/smcdiag
SMCNL=$TOP/tools/smcnl/build/smcnl
ADDR=10.99.0.1
UEID=AF-SMC-BENCH
PNET=BENCHNET
RES=${VM_OUTDIR:-/tmp}/results.txt
SAMPLES=/tmp/bench-samples	# "impl row value extra..." per measurement
CHECKS=/tmp/bench-checks	# "impl row ok|bad detail" per measurement
IFS=, read -r -a ROW_LIST <<<"$ROWS"
: > "$SAMPLES"
: > "$CHECKS"

need_cmd rdma ip insmod modprobe

# row_args ROW: smcbench mode and options of a row
row_args() {
	case "$1" in
	stream)	echo "stream -s 65536" ;;
	rr1)	echo "rr -s 1" ;;
	rr1k)	echo "rr -s 1024" ;;
	rr64k)	echo "rr -s 65536" ;;
	crr)	echo "crr -s 1" ;;
	*)	return 1 ;;
	esac
}

# row_unit ROW
row_unit() {
	case "$1" in
	stream)	echo "MiB/s" ;;
	rr*)	echo "trans/s" ;;
	crr)	echo "conn/s" ;;
	esac
}

# check_ours FILE: a copy of our debugfs sockets, taken while the
# measured connection was open: both ends SMC-R, no socket in fallback
check_ours() {
	local smcr fb
	smcr=$(awk 'NR > 1 && $5 == "smcr"' "$1" | wc -l)
	fb=$(awk 'NR > 1 && $5 == "fallback"' "$1" | wc -l)
	[ "$smcr" -ge 2 ] && [ "$fb" = 0 ] && return 0
	echo "debugfs: $smcr smcr, $fb fallback sockets"
	return 1
}

# check_upstream FILE: smcdiag output taken the same way; listeners
# (state 10) aside, both ends SMC-R and none in fallback (mode tcp)
check_upstream() {
	local smcr fb
	smcr=$(grep -v ' state=10 ' "$1" | grep -c ' mode=smcr ')
	fb=$(grep -v ' state=10 ' "$1" | grep -c ' mode=tcp ')
	[ "$smcr" -ge 2 ] && [ "$fb" = 0 ] && return 0
	echo "smc_diag: $smcr smcr, $fb fallback sockets"
	return 1
}

# measure IMPL FAM PORT ROW: one measurement; appends to $SAMPLES and,
# for AF_SMC, the SMC-R check to $CHECKS
measure() {
	local impl=$1 fam=$2 port=$3 row=$4 out snap=() value extra
	local sent0 sent1 sends0 sends1 why
	# shellcheck disable=SC2046  # row_args is a word list
	set -- $(row_args "$row")
	case "$impl" in
	ours)		snap=(-e "cat /sys/kernel/debug/af_smc/sockets > /tmp/snap") ;;
	upstream)	snap=(-e "$DIAG > /tmp/snap") ;;
	esac
	rm -f /tmp/snap
	sent0=$(rxe_ctr_get rxe0 sent_pkts)
	sends0=$(rxe_ctr_get rxe0 rdma_sends)
	out=$("$BENCH" "$@" -f "$fam" -a "$ADDR" -p "$port" -t "$SECS" \
		"${snap[@]}" 2>&1) || {
		echo "$out"
		fail "$impl $row: smcbench failed"
	}
	sent1=$(rxe_ctr_get rxe0 sent_pkts)
	sends1=$(rxe_ctr_get rxe0 rdma_sends)
	echo "  $impl $row: ${out#smcbench: } rxe_pkts=$((sent1 - sent0)) rxe_sends=$((sends1 - sends0))"
	case "$row" in
	stream)	value=$(sed -n 's/.* MiB\/s=\([0-9.]*\).*/\1/p' <<<"$out")
		extra="" ;;
	rr*)	value=$(sed -n 's/.* tps=\([0-9.]*\).*/\1/p' <<<"$out")
		extra=$(sed -n 's/.* p50_us=\([0-9.]*\) p99_us=\([0-9.]*\).*/\1 \2/p' <<<"$out") ;;
	crr)	value=$(sed -n 's/.* cps=\([0-9.]*\).*/\1/p' <<<"$out")
		extra="" ;;
	esac
	# TCP samples carry the phase: tcp.ours, tcp.upstream
	echo "$impl${PHASE:+.$PHASE} $row $value $extra" >> "$SAMPLES"
	[ "$impl" = tcp ] && return 0
	if [ "$impl" = ours ]; then
		why=$(check_ours /tmp/snap)
	else
		why=$(check_upstream /tmp/snap)
	fi
	# RDMA moved the data: at least one rxe packet per 4 KiB or message
	if [ -z "$why" ] && [ $((sent1 - sent0)) -lt 100 ]; then
		why="rxe0 sent only $((sent1 - sent0)) packets"
	fi
	if [ -n "$why" ]; then
		echo "  WARNING: $impl $row did not run over SMC-R: $why"
		echo "$impl $row bad $why" >> "$CHECKS"
	else
		echo "$impl $row ok" >> "$CHECKS"
	fi
}

# start_server FAM PORT: a smcbench server in the background, in $SRV
start_server() {
	"$BENCH" server -f "$1" -a "$ADDR" -p "$2" &
	SRV+=" $!"
	wait_listen "$2" || fail "no $1 server on port $2"
}

stop_servers() {
	local pid
	for pid in $SRV; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	SRV=""
}

# phase IMPL: REPS x (TCP, IMPL) per row
phase() {
	local impl=$1 row
	SRV=""
	start_server tcp 22301
	start_server smc 22302
	# a first connection builds the link group: not part of any row
	"$BENCH" rr -f smc -a "$ADDR" -p 22302 -t 1 >/dev/null ||
		fail "$impl: warm-up connection failed"
	for row in "${ROW_LIST[@]}"; do
		row_args "$row" >/dev/null || fail "unknown row $row"
		for _ in $(seq "$REPS"); do
			PHASE=$impl measure tcp tcp 22301 "$row"
			measure "$impl" smc 22302 "$row"
		done
	done
	stop_servers
}

pretty "" "kernel $(uname -r), $(nproc) CPUs, ${SECS}s per measurement, $REPS per row"
bench_lab
bench_phases ""

# ---------------------------------------------------------------------------
# The tables.

{
	echo
	echo "smcbench, kernel $(uname -r), $(nproc) vCPUs, rxe on lo;" \
	     "median of $REPS x ${SECS}s (TCP: of $((REPS * 2)))"
	printf '%-22s %10s %10s %10s %8s %8s %8s\n' row TCP upstream ours \
		ours/up ours/TCP norm
	for row in "${ROW_LIST[@]}"; do
		t=$(median tcp "$row")
		u=$(median upstream "$row")
		o=$(median ours "$row")
		# each implementation against the TCP of its own phase
		n=$(ratio "$(ratio "$o" "$(median tcp.ours "$row")")" \
			  "$(ratio "$u" "$(median tcp.upstream "$row")")")
		printf '%-22s %10s %10s %10s %8s %8s %8s\n' \
			"$row ($(row_unit "$row"))" "$t" "$u" "$o" \
			"$(ratio "$o" "$u")" "$(ratio "$o" "$t")" "$n"
	done
	echo "norm = (ours / TCP of phase 1) / (upstream / TCP of phase 2):" \
	     "ours/up corrected for a change of the host's load between phases"
	awk '$3 == "bad" { $3 = ""; print "WARNING: not SMC-R:", $0 }' "$CHECKS" |
		sort | uniq -c
	echo
	echo "request/response latency, median of the runs' p50 / p99 (us)"
	printf '%-22s %16s %16s %16s\n' row TCP upstream ours
	for row in "${ROW_LIST[@]}"; do
		case "$row" in rr*) ;; *) continue ;; esac
		printf '%-22s %16s %16s %16s\n' "$row" \
			"$(median tcp "$row" 4) / $(median tcp "$row" 5)" \
			"$(median upstream "$row" 4) / $(median upstream "$row" 5)" \
			"$(median ours "$row" 4) / $(median ours "$row" 5)"
	done
	echo
	echo "every sample (impl row value [p50 p99]):"
	sed 's/^/  /' "$SAMPLES"
} | tee "$RES"
exit 0
