# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# pairs.sh - connections held open for inspection, shared by
# tests/abi/record.sh and tests/guest/75-observability.sh (source it after
# tests/vm/lib.sh).
#
# pairs_start PORT SRVFAM CLIFAM CONNS BYTES: an xfer server (SRVFAM) and
# client (CLIFAM) on 127.0.0.1:PORT with CONNS connections of BYTES bytes;
# both ends keep their sockets open after the transfer until pairs_release.
# pairs_wait: wait until every started client has finished its transfer
# (its sockets and the server's are then all open).
# pairs_release: let them close, wait for them, fail if a transfer failed.

PAIRS_DIR=/tmp/pairs.$$
PAIRS_PIDS=()
PAIRS_N=0
XFER=${XFER:-$TOP/tests/bench/build/xfer}

_pairs_hold() {
	# the command xfer runs with its sockets open: mark, then wait
	echo "touch $PAIRS_DIR/$1; n=0; while [ ! -e $PAIRS_DIR/release ] && [ \$n -lt 3000 ]; do sleep 0.1; n=\$((n + 1)); done"
}

pairs_start() {
	local port=$1 sfam=$2 cfam=$3 conns=$4 bytes=$5 addr=127.0.0.1
	mkdir -p "$PAIRS_DIR"
	case $sfam in *6) addr=::1 ;; esac
	"$XFER" server -1 -f "$sfam" -a "$addr" -p "$port" -b "$bytes" \
		-n "$conns" -e "$(_pairs_hold "srv.$port")" & PAIRS_PIDS+=($!)
	wait_listen "$port" || return 1
	"$XFER" client -f "$cfam" -a "$addr" -p "$port" -b "$bytes" \
		-n "$conns" -e "$(_pairs_hold "cli.$port")" & PAIRS_PIDS+=($!)
	PAIRS_N=$((PAIRS_N + 1))
}

pairs_wait() {
	local end=$((SECONDS + ${1:-60}))
	while [ "$(find "$PAIRS_DIR" -name 'cli.*' | wc -l)" -lt "$PAIRS_N" ]; do
		[ "$SECONDS" -lt "$end" ] || { echo "pairs_wait: transfers did not finish" >&2; return 1; }
		sleep 0.2
	done
}

pairs_release() {
	local p rc=0
	touch "$PAIRS_DIR/release"
	for p in "${PAIRS_PIDS[@]}"; do
		wait "$p" || rc=1
	done
	rm -rf "$PAIRS_DIR"
	PAIRS_PIDS=()
	PAIRS_N=0
	return $rc
}
