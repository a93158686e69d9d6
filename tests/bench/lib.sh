# SPDX-License-Identifier: GPL-2.0
#
# lib.sh - what the guest halves of run-bench.sh and redis-bench.sh share:
# the lab (10.99.0.1 and rxe0 on lo), the two phases (af_smc.ko, then the
# distribution's smc.ko, each with the same UEID and pnet IDs) and the
# statistics of the result tables. Sourced after tests/vm/lib.sh; the
# sourcing script sets ADDR, UEID, PNET, SMCNL and SAMPLES and defines
# phase IMPL, which measures IMPL ("ours" or "upstream") and its TCP pairs
# and appends "impl key value..." lines to $SAMPLES.

# bench_setup_smc: UEID and pnet IDs, the same for both implementations
bench_setup_smc() {
	pp "$SMCNL" ueid add "$UEID" || fail "UEID"
	pp "$SMCNL" pnet add "$PNET" lo || fail "pnet lo"
	pp "$SMCNL" pnet add "$PNET" rxe0 1 || fail "pnet rxe0"
}

# bench_lab: the address and the Soft-RoCE device on lo
bench_lab() {
	ip link set lo up
	ip addr add "$ADDR/24" dev lo || fail "address on lo"
	rxe_lo rxe0 || fail "rxe on lo"
	# short connections leave client TIME_WAIT sockets; 10.99.0.1 is no
	# loopback address
	sysctl -qw net.ipv4.tcp_tw_reuse=1
}

# bench_phases WHAT: phase 1 af_smc.ko, phase 2 the distribution's smc.ko
# (WHAT is appended to the phase titles, e.g. " + smc_run")
bench_phases() {
	pretty "" "phase 1: af_smc.ko$1"
	af_smc_load || fail "cannot load af_smc.ko"
	bench_setup_smc
	phase ours
	rxe_ctr rxe0
	smc_socks_gone 10 || true	# af_smc_unload reports what is left
	af_smc_unload || fail "cannot unload af_smc.ko"

	pretty "" "phase 2: the distribution's smc.ko$1"
	pp modprobe -a smc smc_diag || fail "cannot load smc.ko"
	bench_setup_smc
	phase upstream
	rxe_ctr rxe0
}

# median IMPL KEY [FIELD]: median of field FIELD (default 3, the value) of
# the samples of IMPL and KEY; IMPL tcp takes the TCP samples of both
# phases ("tcp.ours", "tcp.upstream"); "-" when there is none
median() {
	awk -v i="$1" -v r="$2" -v f="${3:-3}" '
	($1 == i || index($1, i ".") == 1) && $2 == r { print $f }' \
		"$SAMPLES" | sort -g | awk '{ v[++n] = $1 }
	END {
		if (!n)
			print "-"
		else if (n % 2)
			print v[(n + 1) / 2]
		else
			print (v[n / 2] + v[n / 2 + 1]) / 2
	}'
}

# ratio A B: A / B with two decimals, "-" if either is missing or B is 0
ratio() {
	awk -v a="$1" -v b="$2" 'BEGIN {
		if (a == "-" || b == "-" || b == 0) print "-"
		else printf "%.2f", a / b
	}'
}
