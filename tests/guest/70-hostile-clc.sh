#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 70-hostile-clc: a CLC peer that breaks the rules, in both directions.
# A BPF sock_ops program (tests/hostile/smc_opt.bpf.c) puts the SMC TCP
# option on the SYNs and SYN-ACKs of plain TCP sockets in one cgroup, so a
# user-space peer there can talk CLC to af_smc. Every malformed message
# must end in what the protocol says (SMC-R.md 2, 8): a DECLINE and a
# working TCP fallback, or the end of the connection (FIN/RST, at once or
# after the 6 s CLC timeout) that accept() never sees; on the client side,
# connect() fails with the right errno or falls back with the right reason.
# Afterwards honest SMC-R connections still work, and nothing leaks.
#
#   +---------------------------------- guest ----------------------------------+
#   |  cgroup af-smc-hostile (smc_opt_cg:           root cgroup                  |
#   |  SMC option on SYN / SYN-ACK)                                              |
#   |                                                                            |
#   |  hostile_clc attack (TCP) --- bad PROPOSALs --> hostile_clc listen (AF_SMC)|
#   |                                                   ^  echo, logs accept()   |
#   |                                 hostile_clc normal (AF_SMC, SMC-R) --+     |
#   |                                                                            |
#   |  hostile_clc rserve (TCP) <-- PROPOSAL ---------- hostile_clc rconnect     |
#   |            --- bad ACCEPTs ----------------------> (AF_SMC client)         |
#   |                                                                            |
#   |  xfer client -f smc ------------------------------> xfer server -f smc     |
#   |  all on 127.0.0.1; rxe0 on lo; UEID AF-SMC-HOSTILE                         |
#   +----------------------------------------------------------------------------+
#
# timeout: 500
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ip insmod
BIN=$TOP/tests/hostile/build
PEER=$BIN/hostile_clc
CGRUN=$BIN/smc_opt_cg
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
PORT=22200
RPORT=22300
UEID=AF-SMC-HOSTILE
CG=/sys/fs/cgroup/af-smc-hostile
OUT=${SCENARIO_OUT:-/tmp/70-hostile-clc}
RANDOM_CASES=${HOSTILE_RANDOM:-1000}
SEED=${HOSTILE_SEED:-$(date +%s)}
mkdir -p "$OUT"

for b in "$PEER" "$CGRUN" "$BIN/smc_opt.bpf.o" "$XFER"; do
	[ -e "$b" ] || skip "$b missing (make -C tests/hostile; make -C tests/bench)"
done
if ! grep -q '^[^ ]* /sys/fs/cgroup cgroup2 ' /proc/mounts; then
	mount -t cgroup2 none /sys/fs/cgroup || skip "cannot mount cgroup v2"
fi

# the loader exits 125 when it cannot attach (no bpf(2), no cgroup BPF)
"$CGRUN" "$CG" true > "$OUT/probe.log" 2>&1
[ $? = 125 ] && skip "no BPF sock_ops on this kernel: $(tail -n 1 "$OUT/probe.log")"

mark=$(kmsg_mark 70-hostile-clc)
rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add "$UEID" || fail "UEID"

# quiet LOG: the per-case lines of LOG, without the random ones that passed
quiet() {
	grep -v '^ok random-' "$1" | prefix_lines "  | "
}

# --- 1: hostile client against the af_smc listener -----------------------
"$PEER" listen -p "$PORT" > "$OUT/listener.log" 2>&1 &
lpid=$!
wait_listen "$PORT" || fail "hostile_clc listen"
pretty "" "hostile client: $("$PEER" list | wc -l) cases, then $RANDOM_CASES random PROPOSALs (seed $SEED)"
run_deadline 400 "$CGRUN" "$CG" "$PEER" attack -p "$PORT" -u "$UEID" \
	-n "$RANDOM_CASES" -s "$SEED" -E "$OUT/expect.txt" > "$OUT/attack.log" 2>&1
arc=$?
quiet "$OUT/attack.log"
pp "$PEER" normal -p "$PORT" -b $((4 << 20)) || arc=1
echo "accepted normal smcr 0x00000000" >> "$OUT/expect.txt"
sleep 1				# the listener logs a stream when it ends
kill "$lpid"
wait "$lpid" 2>/dev/null
[ "$arc" = 0 ] || fail "hostile client: af_smc answered wrongly (above)"
# exactly the connections that fell back (and the honest one) reached
# accept(), in the mode and with the reason the client saw
grep '^accepted' "$OUT/listener.log" | sort > "$OUT/accepted.txt"
sort "$OUT/expect.txt" > "$OUT/expect.sorted"
if ! diff -u "$OUT/expect.sorted" "$OUT/accepted.txt" > "$OUT/accept.diff"; then
	prefix_lines "  | " < "$OUT/accept.diff"
	fail "accept() did not return exactly the expected connections"
fi
pretty "" "accept() returned the $(wc -l < "$OUT/accepted.txt") expected connections, no other"

# --- 2: hostile server against af_smc clients ------------------------------
"$CGRUN" "$CG" "$PEER" rserve -p "$RPORT" > "$OUT/rserve.log" 2>&1 &
rpid=$!
wait_listen "$RPORT" || fail "hostile_clc rserve"
run_deadline 200 "$PEER" rconnect -p "$RPORT" > "$OUT/rconnect.log" 2>&1
rrc=$?
sleep 1				# the server side's last verdicts
kill "$rpid"
wait "$rpid" 2>/dev/null
quiet "$OUT/rconnect.log"
prefix_lines "  | " < "$OUT/rserve.log"
[ "$rrc" = 0 ] || fail "hostile server: af_smc client misbehaved (above)"
nr=$("$PEER" rlist | wc -l)
grep -q '^FAIL' "$OUT/rserve.log" && fail "hostile server saw wrong answers (above)"
[ "$(grep -c '^ok' "$OUT/rserve.log")" = "$nr" ] ||
	fail "hostile server: $(grep -c '^ok' "$OUT/rserve.log") of $nr cases checked"
rmdir "$CG" 2>/dev/null

# --- 3: honest SMC-R still works -------------------------------------------
"$XFER" server -1 -f smc -p $((PORT + 1)) -b $((16 << 20)) -n 4 \
	-e "cat $DBG/sockets > $OUT/srv.socks" &
spid=$!
wait_listen $((PORT + 1)) || fail "xfer server"
"$XFER" client -f smc -p $((PORT + 1)) -b $((16 << 20)) -n 4 || fail "xfer client"
wait "$spid" || fail "xfer server"
if [ "$(awk 'NR > 1 && $5 == "smcr"' "$OUT/srv.socks" | wc -l)" -lt 4 ] ||
   [ "$(awk 'NR > 1 && $5 == "fallback"' "$OUT/srv.socks" | wc -l)" != 0 ]; then
	prefix_lines "  | " < "$OUT/srv.socks"
	fail "xfer: expected 4 SMC-R connections"
fi
pretty "" "4 x 16 MiB over SMC-R after the attacks, every byte checked"
cat "$DBG/linkgroups"

# --- nothing left behind ---------------------------------------------------
smc_socks_gone 10 || fail "sockets left"
af_smc_unload || fail "unload"
splat_scan "$mark" || fail "kernel splat"
pretty "" "hostile CLC peers: right answers, no crash, no hang, no leak"
exit 0
