#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run.sh - the whole test suite; "make check" and .ci/run call this.
#
# usage: tests/run.sh [--kernels LIST] [--only ERE] [--no-host] [--no-guest]
#
#   --kernels LIST  guest kernels, comma separated, from 6.1, 6.12 and debug
#                   (default 6.1,6.12,debug)
#   --only ERE      guest scenarios whose name matches ERE (host steps are
#                   not filtered; add --no-host to skip them)
#   --no-host       skip the host steps (builds, style, unit tests)
#   --no-guest      skip the guest steps
#
# Host steps, one item each:
#   modules-all     make modules-all      (af_smc.ko for every kernel)
#   check-build     make check-build      (W=1 + sparse, 6.1 and 6.12)
#   check-style     make check-style      (checkpatch --strict)
#   unit            make -C tests/unit run   (if tests/unit/Makefile exists)
#   fuzz            make -C tests/fuzz run   (libFuzzer, 15 s per decoder)
#   socket          make -C tests/socket     (if tests/socket/Makefile exists)
#   bench           make -C tests/bench      (if tests/bench/Makefile exists)
#   hostile         make -C tests/hostile    (if tests/hostile/Makefile exists)
#   smcnl           make -C tools/smcnl      (if tools/smcnl/Makefile exists)
#   abi             make -C tests/abi        (if tests/abi/Makefile exists)
#   smc-tool        make -C tools/smc all asan check (smc(8), its ASan build
#                   and the host unit test of its decoders)
#   smc_run         make -C tools/smc_run    (if tools/smc_run/Makefile exists)
# Interop steps: every tests/interop/NN-name.sh runs in two 6.12 guests
# (tests/vm/two-vm.sh), one with the distribution's smc.ko, one with ours.
# Multilink steps: the two-guest, two-link scenarios of tests/multilink
# listed in tests/multilink/ci.list ("multilink-6.12-40-failover-b-delete-4").
# Guest steps: per kernel ONE boot running tests/guest/run-in-guest.sh; every
# scenario is one item ("6.1/00-smoke"). The debug kernel (KASAN, lockdep,
# kmemleak; ../shared/kernels/debug-6.1) runs the scenarios marked
# "# debug-kernel: yes" and is skipped with a message when it is missing. A
# splat or kmemleak report after the last scenario, a timeout or a dead guest
# adds a failed item "<kernel>/guest".
#
# Every item prints "PASS|FAIL|SKIP <name> (<secs>s)"; logs are kept in
# build/test-logs/ (<step>.log, guest-<kernel>/ with the console, the kernel
# log and one log per scenario). The last line is
# "<n> passed, <n> failed, <n> skipped"; the exit code is 1 if anything
# failed, 2 on a usage error.
set -u

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
LOGS=$TOP/build/test-logs
KERNELS_SH=$TOP/tools/kbuild/kernels.sh
DEBUG_DIR=${AF_SMC_DEBUG_KERNEL:-$TOP/../shared/kernels/debug-6.1}
DEBUG_SHOWN=${AF_SMC_DEBUG_KERNEL:-../shared/kernels/debug-6.1}

usage() {
	sed -n '4,/^set -u$/p' "$0" | sed -e '$d' -e 's/^# \{0,1\}//'
	exit "${1:-2}"
}

KERNEL_LIST=6.1,6.12,debug ONLY='' HOST=1 GUEST=1
while [ $# -gt 0 ]; do
	case "$1" in
	--kernels)	KERNEL_LIST=$2; shift 2 ;;
	--only)		ONLY=$2; shift 2 ;;
	--no-host)	HOST=0; shift ;;
	--no-guest)	GUEST=0; shift ;;
	-h|--help)	usage 0 ;;
	*)		echo "run.sh: unknown argument $1" >&2; usage ;;
	esac
done
IFS=, read -r -a KERNELS <<<"$KERNEL_LIST"
for k in "${KERNELS[@]}"; do
	case "$k" in
	6.1|6.12|debug) ;;
	*) echo "run.sh: unknown kernel '$k' (use 6.1, 6.12, debug)" >&2; exit 2 ;;
	esac
done

rm -rf "$LOGS"
mkdir -p "$LOGS"

PASSED=0 FAILED=0 SKIPPED=0 FAILURES=()

# result PASS|FAIL|SKIP NAME SECS [DETAIL]: count and print one item.
result() {
	local verdict=$1 name=$2 secs=$3 detail=${4:-}
	case "$verdict" in
	PASS) PASSED=$((PASSED + 1)) ;;
	FAIL) FAILED=$((FAILED + 1)); FAILURES+=("$name") ;;
	SKIP) SKIPPED=$((SKIPPED + 1)) ;;
	esac
	echo "$verdict $name (${secs}s)${detail:+: $detail}"
}

# show_tail LOG: the end of a failed step's log, indented.
show_tail() {
	echo "    ---- last lines of ${1#"$TOP"/} ----"
	tail -n 40 "$1" | sed 's/^/    | /'
}

# step NAME CMD...: run a host step, its output going to $LOGS/NAME.log.
step() {
	local name=$1 log=$LOGS/$1.log start rc summary
	shift
	start=$SECONDS
	"$@" > "$log" 2>&1 </dev/null
	rc=$?
	# Test runners end with "N passed, N failed": show it.
	summary=$(grep -Eo '[0-9]+ passed, [0-9]+ failed.*' "$log" | tail -n 1)
	if [ "$rc" = 0 ]; then
		result PASS "$name" $((SECONDS - start)) "$summary"
	else
		result FAIL "$name" $((SECONDS - start)) "${summary:-exit code $rc}"
		show_tail "$log"
	fi
}

# step_if FILE NAME CMD...: like step, skipped when FILE does not exist.
step_if() {
	local file=$1
	shift
	if [ -e "$file" ]; then
		step "$@"
	else
		result SKIP "$1" 0 "$file not present"
	fi
}

# ---------------------------------------------------------------------------
# Guests

# guest_run KERNEL: one boot of KERNEL running the selected scenarios; the
# guest's PASS/FAIL/SKIP lines become items "KERNEL/<scenario>".
guest_run() {
	local k=$1 dir=$LOGS/guest-$1 sel=() list n limit total start line
	local rc='' planned=() seen=() last='' verdict name rest missing wall
	[ -n "$ONLY" ] && sel+=(--only "$ONLY")
	[ "$k" = debug ] && sel+=(--debug-only --scale 3)

	if [ "$k" = debug ] && [ ! -f "$DEBUG_DIR/vmlinuz" ]; then
		echo "debug kernel not found at $DEBUG_SHOWN: skipped"
		result SKIP "$k/guest" 0 "no debug kernel"
		return
	fi
	if ! "$KERNELS_SH" kver "$k" >/dev/null 2>&1; then
		result FAIL "$k/guest" 0 "kernel $k not installed (tests/install-deps.sh)"
		return
	fi
	list=$(tests/guest/run-in-guest.sh --list "${sel[@]}")
	if [ -z "$list" ]; then
		echo "guest $k: no scenario selected"
		return
	fi
	n=$(wc -l <<<"$list")
	# The scenarios' own limits plus clean-up, boot and (debug) kmemleak.
	total=$(awk '{ s += $2 + 5 } END { print s }' <<<"$list")
	if [ "$k" = debug ]; then
		limit=$((total + 240))
	else
		limit=$((total + 60))
	fi
	echo "guest $k ($("$KERNELS_SH" kver "$k")): $n scenario(s), limit ${limit}s"

	mkdir -p "$dir"
	start=$SECONDS
	while IFS= read -r line; do
		case "$line" in
		"PLAN "*)
			read -r -a planned <<<"${line#PLAN }"
			planned=("${planned[@]:1}")
			;;
		PASS\ *|FAIL\ *|SKIP\ *)
			read -r verdict name rest <<<"$line"
			seen+=("$name")
			last=$verdict
			rest=${rest#(}
			result "$verdict" "$k/$name" "${rest%%s)*}" "$(sed -n 's/^[^)]*): //p' <<<"$rest")"
			;;
		"    | "*)
			[ "$last" = FAIL ] && echo "$line"
			;;
		"VMRUN-RC "*)
			rc=${line#VMRUN-RC }
			;;
		"vm-run: dmesg:"*|"vm-run: kernel"*|"vm-run: kmemleak"*|\
		"vm-run: TIMEOUT"*|"vm-run: the guest died"*|"vm-run: | "*|\
		"run_deadline:"*)
			echo "    $line"
			last=''
			;;
		"vm-run: $k "*|"vm-run: vm kernel="*)
			wall=$line
			;;
		esac
	done < <({ tests/vm/vm-run.sh -k "$k" -t "$limit" --out "$dir" \
			--log "$dir/console.log" tests/guest/run-in-guest.sh \
			"${sel[@]}" 2>&1; echo "VMRUN-RC $?"; } | tee "$dir/run.log")

	# Scenarios that never reported (the guest died or timed out).
	missing=0
	for name in "${planned[@]}"; do
		if ! [[ " ${seen[*]} " == *" $name "* ]]; then
			result FAIL "$k/$name" 0 "no result (guest exit ${rc:-?})"
			missing=1
		fi
	done
	case "${rc:-?}" in
	0)	;;
	1)	# The failed scenarios were counted; else say something.
		if [ "$missing" = 0 ] && ! [[ " ${FAILURES[*]} " == *" $k/"* ]]; then
			result FAIL "$k/guest" $((SECONDS - start)) "runner exit 1"
		fi
		;;
	3)	result FAIL "$k/guest" $((SECONDS - start)) "kernel splat or af_smc kmemleak report after the scenarios" ;;
	124)	result FAIL "$k/guest" $((SECONDS - start)) "timeout after ${limit}s" ;;
	125)	result FAIL "$k/guest" $((SECONDS - start)) "the guest died (panic?)" ;;
	*)	result FAIL "$k/guest" $((SECONDS - start)) "vm-run exit ${rc:-?}" ;;
	esac
	echo "guest $k: $((SECONDS - start))s; ${wall:-no summary from vm-run}"
	[ "${rc:-?}" = 0 ] || echo "    logs: ${dir#"$TOP"/}/ (console.log, dmesg.txt, <scenario>.log)"
}

# ---------------------------------------------------------------------------

T0=$SECONDS
echo "af_smc test suite: $(date -u '+%Y-%m-%d %H:%M:%S UTC') on $(uname -n), $(nproc) CPUs"
echo "logs: ${LOGS#"$TOP"/}/"
if [ "$HOST" = 1 ]; then
	step modules-all make modules-all
	step check-build make check-build
	step check-style make check-style
	step_if tests/unit/Makefile unit make -C tests/unit run
	step_if tests/fuzz/Makefile fuzz make -C tests/fuzz run FUZZ_SECONDS=15
	step_if tests/socket/Makefile socket make -C tests/socket
	step_if tests/bench/Makefile bench make -C tests/bench
	step_if tests/hostile/Makefile hostile make -C tests/hostile
	step_if tools/smcnl/Makefile smcnl make -C tools/smcnl
	step_if tests/abi/Makefile abi make -C tests/abi
	step_if tools/smc/Makefile smc-tool make -C tools/smc all asan check
	step_if tools/smc_run/Makefile smc_run make -C tools/smc_run
fi
if [ "$GUEST" = 1 ]; then
	for k in "${KERNELS[@]}"; do
		guest_run "$k"
	done
	# Two guests against the distribution's smc.ko. On 6.12 its stock rxe
	# works with smc.ko; on 6.1 the upstream guest loads rxe rebuilt with
	# the two fixes smc.ko needs (tests/vm/rxe-fix.sh); ours keeps the
	# stock one (see ../shared/notes/guest-lab.md). The decline scenario
	# (10) needs no RDMA and runs on 6.12 only.
	for k in "${KERNELS[@]}"; do
		[ "$k" = 6.1 ] || [ "$k" = 6.12 ] || continue
		envs=()
		if [ "$k" = 6.1 ]; then
			kver=$(tools/kbuild/kernels.sh kver 6.1)
			if ! ko=$(tests/vm/rxe-fix.sh "$kver"); then
				step "interop-6.1-rxe-fix" false
				continue
			fi
			envs=(--env "UPSTREAM_RXE_KO=${ko#"$TOP"/}")
		fi
		for s in tests/interop/[0-9]*.sh; do
			[ -e "$s" ] || continue
			[ -z "$ONLY" ] || [[ "$s" =~ $ONLY ]] || continue
			[ "$k" = 6.12 ] || [[ "$(basename "$s")" != 10-* ]] || continue
			step "interop-$k-$(basename "$s" .sh)" \
				tests/vm/two-vm.sh -k "$k" -t 400 "${envs[@]}" "$s"
		done
	done
	# Link groups of two links: two guests with two rxe devices each
	# (tests/multilink/lib.sh), the combinations in tests/multilink/ci.list.
	# A field "limit=SECS" replaces the guests' 300 s limit; "env:K=V"
	# sets K=V in both guests' environment (named in the step's name).
	while read -r -a f; do
		case "${f[0]:-#}" in '#'*) continue ;; esac
		[[ ",$KERNEL_LIST," == *",${f[0]},"* ]] || continue
		limit=300
		args=() mlenv=() named=()
		for a in "${f[@]:2}"; do
			case "$a" in
			limit=*) limit=${a#limit=} ;;
			env:*) mlenv+=(--env "${a#env:}") named+=("${a#env:}") ;;
			*) args+=("$a") named+=("$a") ;;
			esac
		done
		name=$(IFS=-; echo "multilink-${f[0]}-${f[1]}${named[*]:+-${named[*]}}")
		[ -z "$ONLY" ] || [[ "$name" =~ $ONLY ]] || continue
		step "$name" tests/vm/two-vm.sh -l 2 -k "${f[0]}" -t "$limit" \
			"${mlenv[@]}" "tests/multilink/${f[1]}.sh" "${args[@]}"
	done < tests/multilink/ci.list
fi

echo "total time $((SECONDS - T0))s"
if [ "$FAILED" != 0 ]; then
	echo "failed: ${FAILURES[*]}"
fi
echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[ "$FAILED" = 0 ]
