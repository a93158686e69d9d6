#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# redis-bench.sh - an unmodified redis-server and redis-benchmark over TCP,
# over the distribution's smc.ko with our smc_run, and over af_smc.ko with
# smc_run, in ONE guest boot on the same Soft-RoCE link.
#
# usage (host): tests/bench/redis-bench.sh [-k 6.12|6.1] [-n REQUESTS]
#                                          [-r REPS] [-c CLIENTS] [--no-build]
#        (or:   tests/bench/run-bench.sh --redis [the same options])
#
#   -k KERNEL   guest kernel (default 6.12; 6.1 runs every implementation
#               on the rxe rebuilt by tests/vm/rxe-fix.sh, as run-bench.sh)
#   -n REQUESTS requests per redis-benchmark run (default 100000)
#   -r REPS     runs per implementation (default 3; the table shows medians)
#   -c CLIENTS  parallel connections (default 50)
#   --no-build  use the module and tools that are already built
#
# Each run is `redis-benchmark -t set,get -n REQUESTS -c CLIENTS -d 1024`
# against a redis-server on 10.99.0.1; every SMC run is paired with a TCP
# run right before it. An SMC run whose connections did not use SMC-R
# (SMC-R connection counters or smc_diag, and rxe0's packet counter) is
# reported as a WARNING. This is a benchmark, not a test; results are
# left in build/bench/<kernel>/redis-results.txt.
#
#   +------------------------------ guest -------------------------------+
#   |  [smc_run] redis-benchmark ---- 10.99.0.1:6390 ----> [smc_run]     |
#   |        |                                          redis-server     |
#   |        +---- RC QP ---- rxe0 on lo (RoCE v2) ----------+           |
#   |  phase 1: af_smc.ko, phase 2: smc.ko; TCP runs in both phases       |
#   +--------------------------------------------------------------------+
set -u

HERE=$(cd "$(dirname "$0")" && pwd)
TOP=$(cd "$HERE/../.." && pwd)

if [ "${1:-}" != --in-guest ]; then
	KERNEL=6.12 REQS=100000 REPS=3 CLIENTS=50 BUILD=1
	while [ $# -gt 0 ]; do
		case "$1" in
		-k)		KERNEL=$2; shift 2 ;;
		-n)		REQS=$2; shift 2 ;;
		-r)		REPS=$2; shift 2 ;;
		-c)		CLIENTS=$2; shift 2 ;;
		--no-build)	BUILD=0; shift ;;
		-h|--help)	sed -n '4,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
				exit 0 ;;
		*)		echo "redis-bench: unknown argument $1" >&2; exit 2 ;;
		esac
	done
	case "$KERNEL" in
	6.1|6.12) ;;
	*) echo "redis-bench: -k 6.1 or 6.12" >&2; exit 2 ;;
	esac
	for c in redis-server redis-benchmark; do
		command -v $c >/dev/null ||
			{ echo "redis-bench: $c missing (apt-get install redis-server redis-tools)" >&2; exit 2; }
	done
	cd "$TOP" || exit 2
	if [ "$BUILD" = 1 ]; then
		make -s "build/$KERNEL/af_smc.ko" || exit 1
		make -s -C tests/bench || exit 1
		make -s -C tools/smcnl || exit 1
		make -s -C tools/smc_run || exit 1
	fi
	envs=(--env VM_ALLOW_UPSTREAM_SMC=1)
	if [ "$KERNEL" = 6.1 ]; then
		kver=$(tools/kbuild/kernels.sh kver 6.1) || exit 1
		ko=$(tests/vm/rxe-fix.sh "$kver") || exit 1
		envs+=(--env "RXE_KO=$ko")
	fi
	out=$TOP/build/bench/$KERNEL
	mkdir -p "$out"
	# 4 runs per rep (2 phases x TCP + SMC); generously 2000 requests/s
	limit=$((REPS * 4 * (REQS * 2 / 2000 + 20) + 240))
	exec tests/vm/vm-run.sh -k "$KERNEL" -t "$limit" --out "$out" \
		"${envs[@]}" "$0" --in-guest "$REQS" "$REPS" "$CLIENTS"
fi

# ---------------------------------------------------------------------------
# In the guest from here on.

REQS=$2 REPS=$3 CLIENTS=$4
# shellcheck source=tests/vm/lib.sh
. "$TOP/tests/vm/lib.sh"
# shellcheck source=tests/bench/lib.sh
. "$TOP/tests/bench/lib.sh"

DIAG=$TOP/tests/bench/build/smcdiag
SMCNL=$TOP/tools/smcnl/build/smcnl
SMC_RUN=$TOP/tools/smc_run/build/smc_run
ADDR=10.99.0.1
PORT=6390
UEID=AF-SMC-BENCH
PNET=BENCHNET
RES=${VM_OUTDIR:-/tmp}/redis-results.txt
SAMPLES=/tmp/redis-samples	# "impl test rps" per run
CHECKS=/tmp/redis-checks	# "impl ok|bad detail" per run
: > "$SAMPLES"
: > "$CHECKS"

need_cmd rdma ip redis-server redis-benchmark
[ -x "$SMC_RUN" ] || fail "smc_run missing (make -C tools/smc_run)"

# smcr_count IMPL: SMC-R sockets (not listeners) open right now
smcr_count() {
	if [ "$1" = ours ]; then
		cat /sys/kernel/debug/af_smc/sockets > /tmp/redis-snap 2>&1
		awk 'NR > 1 && $5 == "smcr"' /tmp/redis-snap | wc -l
	else
		"$DIAG" > /tmp/redis-snap 2>&1
		grep -v ' state=10 ' /tmp/redis-snap | grep -c ' mode=smcr '
	fi
}

# run_one IMPL: one redis-server + redis-benchmark pair; IMPL tcp runs
# them plainly, ours/upstream under smc_run
run_one() {
	local impl=$1 pre=() srv out sent0 sent1 n=0 bench
	: > /tmp/redis-snap
	[ "$impl" != tcp ] && pre=("$SMC_RUN")
	"${pre[@]}" redis-server --bind "$ADDR" --port $PORT --save '' --protected-mode no \
		--appendonly no > /tmp/redis-server.log 2>&1 & srv=$!
	wait_listen $PORT || fail "$impl: redis-server does not listen"
	sent0=$(rxe_ctr_get rxe0 sent_pkts)
	"${pre[@]}" redis-benchmark -h "$ADDR" -p $PORT -t set,get -n "$REQS" \
		-c "$CLIENTS" -d 1024 --csv > /tmp/redis-bench.out 2>&1 & bench=$!
	if [ "$impl" != tcp ]; then
		sleep 1
		n=$(smcr_count "$impl")
	fi
	wait $bench || { cat /tmp/redis-bench.out; fail "$impl: redis-benchmark failed"; }
	sent1=$(rxe_ctr_get rxe0 sent_pkts)
	kill $srv
	wait $srv 2>/dev/null
	# "SET","12345.67",... (redis 7 --csv)
	out=$(awk -F'"' '$2 == "SET" || $2 == "GET" { printf "%s=%s ", $2, $4 }' \
		/tmp/redis-bench.out)
	echo "  $impl: $out rxe_pkts=$((sent1 - sent0)) smcr_sockets=$n"
	awk -F'"' -v i="$impl${PHASE:+.$PHASE}" \
		'$2 == "SET" || $2 == "GET" { print i, $2, $4 }' \
		/tmp/redis-bench.out >> "$SAMPLES"
	[ "$impl" = tcp ] && return 0
	if [ "$n" -lt 2 ] || [ $((sent1 - sent0)) -lt 100 ]; then
		echo "  WARNING: $impl did not run over SMC-R ($n SMC-R sockets, $((sent1 - sent0)) rxe packets)"
		head -n 5 /tmp/redis-snap | prefix_lines "    snapshot | "
		echo "$impl bad" >> "$CHECKS"
	else
		echo "$impl ok" >> "$CHECKS"
	fi
}

phase() {
	local impl=$1
	for _ in $(seq "$REPS"); do
		PHASE=$impl run_one tcp
		run_one "$impl"
	done
}

pretty "" "kernel $(uname -r), $(nproc) CPUs, $REQS requests x $REPS, $CLIENTS clients"
bench_lab
bench_phases " + smc_run"

{
	echo
	echo "redis-benchmark -t set,get -n $REQS -c $CLIENTS -d 1024, kernel $(uname -r)," \
	     "$(nproc) vCPUs, rxe on lo; requests/s, median of $REPS (TCP: of $((REPS * 2)))"
	printf '%-6s %12s %12s %12s %8s %8s %8s\n' test TCP upstream ours \
		ours/up ours/TCP norm
	for t in SET GET; do
		tcp=$(median tcp $t) u=$(median upstream $t) o=$(median ours $t)
		n=$(ratio "$(ratio "$o" "$(median tcp.ours $t)")" \
			  "$(ratio "$u" "$(median tcp.upstream $t)")")
		printf '%-6s %12s %12s %12s %8s %8s %8s\n' $t "$tcp" "$u" "$o" \
			"$(ratio "$o" "$u")" "$(ratio "$o" "$tcp")" "$n"
	done
	echo "norm = (ours / TCP of phase 1) / (upstream / TCP of phase 2)"
	awk '$2 == "bad" { print "WARNING: not SMC-R:", $1 }' "$CHECKS" | sort | uniq -c
	echo
	echo "every sample (impl test requests/s):"
	sed 's/^/  /' "$SAMPLES"
} | tee "$RES"
exit 0
