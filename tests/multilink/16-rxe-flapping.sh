#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 16-rxe-flapping: 70-flapping's rhythm with no SMC at all, only rxe: RDMA
# WRITE streams between user-space QPs (perftest's ib_write_bw) on both
# rxe devices while eth1 flaps. A lab check of rxe and the guest kernel, so
# that a panic seen in 70 can be told from one the lab has by itself.
#
#        guest a (ib_write_bw servers)          guest b (ib_write_bw clients)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# PAIRS (default 8, --env RXE_PAIRS=..) pairs of ib_write_bw run 3 s tests
# again and again, half of them over rxe0 and half over rxe1, each test a
# new QP (64 KiB writes, GID index 1: the IPv4 GID). Once they run, b takes
# eth1 down for 700 ms and up for 1500 ms, for 60 s: rxe1's QPs fail, get
# destroyed and are created again while packets are in flight, as SMC's
# links do in 70. Passes if both guests live through it without a kernel
# splat (two-vm.sh fails a guest whose log has one) and the tests over
# rxe0 kept completing. Not in the CI list.
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 300 \
#                   tests/multilink/16-rxe-flapping.sh
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
PAIRS=${RXE_PAIRS:-8}
PORT=18600
RUN_SECS=75	# 5 s before the flapping, 60 s of it, 10 s after
OUT=/tmp/rxe-flap

command -v ib_write_bw >/dev/null || skip "no ib_write_bw (package perftest)"
ml_net "$ROLE" || fail "addresses"
ml_rxe || fail "rxe devices"
ml_wait_peer "$ROLE" || fail "links"
mkdir -p "$OUT"

# pair I: one ib_write_bw test after the other until the run ends; each
# test's exit code goes to $OUT/I (0 completed, else failed or timed out)
pair() {
	local i=$1 link=$(($1 % 2)) end=$((SECONDS + RUN_SECS))
	local args=(-d "rxe$link" -x 1 -F -s 65536 -D 3 -p $((PORT + i)))

	while [ "$SECONDS" -lt "$end" ]; do
		if [ "$ROLE" = a ]; then
			timeout 20 ib_write_bw "${args[@]}" >/dev/null 2>&1
		else
			timeout 20 ib_write_bw "${args[@]}" \
				"$(ml_addr a "$link")" >/dev/null 2>&1
		fi
		echo $? >> "$OUT/$i"
		# the server of the next test must listen before the client
		[ "$ROLE" = b ] && sleep 1
	done
}

pids=()
for i in $(seq 0 $((PAIRS - 1))); do
	pair "$i" &
	pids+=($!)
done
if [ "$ROLE" = b ]; then
	sleep 5
	ml_flap b eth1 60
fi
wait "${pids[@]}"

ok0=0 bad0=0 ok1=0 bad1=0
for i in $(seq 0 $((PAIRS - 1))); do
	ok=$(grep -cx 0 "$OUT/$i" 2>/dev/null)
	bad=$(grep -cvx 0 "$OUT/$i" 2>/dev/null)
	if [ $((i % 2)) = 0 ]; then
		ok0=$((ok0 + ${ok:-0})) bad0=$((bad0 + ${bad:-0}))
	else
		ok1=$((ok1 + ${ok:-0})) bad1=$((bad1 + ${bad:-0}))
	fi
done
pretty "$ROLE" "ib_write_bw tests: rxe0 $ok0 completed, $bad0 failed; rxe1 $ok1 completed, $bad1 failed"
[ "$ok0" -gt 0 ] || fail "$ROLE: no test over rxe0 completed"
pretty "$ROLE" "rxe alone lived through eth1 flapping under $PAIRS QP pairs"
exit 0
