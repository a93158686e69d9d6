#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 80-smc-run: unmodified Debian programs (iperf3, redis-server and
# redis-benchmark/redis-cli, nginx and curl) run under tools/smc_run and
# talk SMC-R to each other; proven by the SMC-R connection counters, the
# sockets' mode in debugfs and rxe0's packet counters. Against a peer that
# does not run smc_run they fall back to TCP. Without the module they run
# on TCP after exactly one warning.
#
#   +------------------------------- guest --------------------------------+
#   |  smc_run iperf3 -c / redis-benchmark / curl                           |
#   |        | TCP (CLC) 127.0.0.1 ----> smc_run iperf3 -s / redis / nginx  |
#   |        +--- RC QP ---- rxe0 on lo (RoCE v2) ----+                     |
#   |  both modes: -p af_smc (AF_SMC sockets), -p ipproto (IPPROTO_SMC)     |
#   |  then: peers without smc_run (fallback), module absent (one warning)  |
#   +----------------------------------------------------------------------+
#
# timeout: 900
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/guest/lib-accel.sh
. "$(dirname "$0")/lib-accel.sh"

need_cmd rdma iperf3 redis-server redis-cli redis-benchmark nginx curl
{ [ -x "$SMC_RUN" ] && [ -f "$SMC_RUN_LIB" ]; } ||
	fail "smc_run missing (make -C tools/smc_run)"
SMCNL=$TOP/tools/smcnl/build/smcnl
W=/tmp/smc-run
rm -rf "$W"
mkdir -p "$W"
PORT=23100

# ---------------------------------------------------------------------
# 1. No SMC in the kernel (af_smc not loaded, smc.ko blocked): the program
#    runs on TCP, and says why exactly once.
grep -q '^af_smc ' /proc/modules && fail "af_smc loaded at start"
port=$((PORT++))
"$SMC_RUN" -d iperf3 -s -1 -B 127.0.0.1 -p $port > "$W/srv.out" 2> "$W/srv.err" & srv=$!
wait_listen $port || fail "iperf3 -s under smc_run without the module"
"$SMC_RUN" -d iperf3 -c 127.0.0.1 -p $port -t 1 -P 4 > "$W/cli.out" 2> "$W/cli.err" ||
	{ cat "$W"/cli.*; fail "iperf3 -c under smc_run without the module"; }
wait $srv || fail "iperf3 -s failed"
for f in srv cli; do
	prefix_lines "  $f.err | " < "$W/$f.err"
	n=$(grep -c 'not available' "$W/$f.err")
	[ "$n" = 1 ] || fail "$f: $n warnings, expected exactly one"
	grep -q 'is the SMC module loaded' "$W/$f.err" || fail "$f: the warning does not say why"
done
# LD_PRELOAD without the wrapper, many threads: still one warning
port=$((PORT++))
redis-server --port $port --save '' --appendonly no > "$W/redis0.out" 2>&1 & rs=$!
wait_listen $port || fail "redis-server"
LD_PRELOAD=$SMC_RUN_LIB redis-benchmark -p $port -t set -n 2000 -c 20 --threads 4 -q \
	> "$W/rb0.out" 2> "$W/rb0.err" || fail "redis-benchmark with the library, no module"
prefix_lines "  rb0.err | " < "$W/rb0.err"
[ "$(grep -c 'not available' "$W/rb0.err")" = 1 ] ||
	fail "the preload library alone warned $(grep -c 'not available' "$W/rb0.err") times"
kill $rs; wait $rs 2>/dev/null
pretty "" "without the module: TCP and one warning per program"

# ---------------------------------------------------------------------
rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add AF-SMC-LOOPBACK || fail "UEID"

# buffer sizes reach the new socket as SO_SNDBUF/SO_RCVBUF (doubled, as TCP)
out=$("$SMC_RUN" -t 100000 -r 150000 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
print(s.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN),
      s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF),
      s.getsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF))')
echo "python3 under smc_run -t 100000 -r 150000: $out"
[ "$out" = "43 200000 300000" ] || fail "buffer options: got '$out'"
out=$("$SMC_RUN" -p ipproto -s 100000 python3 -c '
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
print(s.getsockopt(socket.SOL_SOCKET, socket.SO_DOMAIN),
      s.getsockopt(socket.SOL_SOCKET, socket.SO_PROTOCOL),
      s.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF))')
echo "python3 under smc_run -p ipproto -s 100000: $out"
[ "$out" = "10 256 200000" ] || fail "ipproto mode: got '$out'"

for mode in af_smc ipproto; do
	R=("$SMC_RUN" -p "$mode")
	proto=smc
	[ $mode = ipproto ] && proto=inet

	# iperf3: a control and a data connection each way
	port=$((PORT++))
	"${R[@]}" iperf3 -s -1 -B 127.0.0.1 -p $port > "$W/srv.out" 2>&1 & srv=$!
	wait_listen $port || fail "iperf3 -s ($mode)"
	smcr_proof "iperf3 ($mode)" "${R[@]}" iperf3 -c 127.0.0.1 -p $port -t 5 ||
		{ cat "$W/srv.out"; fail "iperf3 over SMC-R ($mode)"; }
	wait $srv || fail "iperf3 -s ($mode) failed"
	[ "$(count_socks /tmp/proof.socks smcr $proto)" -ge 2 ] ||
		fail "iperf3 ($mode): expected >= 2 SMC-R sockets of kind $proto"
	grep -E 'receiver' "$W/srv.out" | tail -n 1

	# redis: a 1 MiB value stored and read back, then redis-benchmark
	port=$((PORT++))
	"${R[@]}" redis-server --port $port --save '' --appendonly no \
		> "$W/redis.out" 2>&1 & rs=$!
	wait_listen $port || fail "redis-server ($mode)"
	mkfile "$W/val" $((1 << 20))
	base64 -w0 < "$W/val" > "$W/val.b64"
	# shellcheck disable=SC2016  # the inner sh expands them
	smcr_proof "redis-cli SET ($mode)" sh -c '"$@" < "$0"' "$W/val.b64" \
		"${R[@]}" redis-cli -p $port -x set big ||
		fail "redis-cli SET ($mode)"
	"${R[@]}" redis-cli -p $port --raw get big | head -c -1 > "$W/got.b64"
	cmp -s "$W/val.b64" "$W/got.b64" || fail "redis GET ($mode) returned other bytes"
	smcr_proof "redis-benchmark ($mode)" "${R[@]}" redis-benchmark -p $port \
		-t set,get -n 3000 -c 10 -d 1024 -q || fail "redis-benchmark ($mode)"
	"${R[@]}" redis-cli -p $port shutdown nosave 2>/dev/null
	wait $rs

	# nginx and curl: a 4 MiB file
	port=$((PORT++))
	conf=$(nginx_conf "$W/nginx" $port)
	mkfile "$W/nginx/www/f" $((4 << 20))
	"${R[@]}" nginx -p "$W/nginx" -c "$conf" 2> "$W/nginx.err" & ng=$!
	wait_listen $port || { cat "$W/nginx.err"; fail "nginx ($mode)"; }
	smcr_proof "curl from nginx ($mode)" "${R[@]}" curl -sS --limit-rate 2M \
		-o "$W/got" "http://127.0.0.1:$port/f" || fail "curl ($mode)"
	[ "$(sha "$W/got")" = "$(sha "$W/nginx/www/f")" ] || fail "curl got other bytes"
	kill $ng; wait $ng 2>/dev/null
	pretty "" "smc_run -p $mode: iperf3, redis, nginx+curl over SMC-R"
done

# ---------------------------------------------------------------------
# 3. Peers without smc_run: both directions fall back to TCP.
port=$((PORT++))
conf=$(nginx_conf "$W/nginx" $port)
nginx -p "$W/nginx" -c "$conf" 2> "$W/nginx.err" & ng=$!
wait_listen $port || fail "plain nginx"
fallback_proof "smc_run curl -> plain nginx" "$SMC_RUN" curl -sS -o "$W/got" \
	"http://127.0.0.1:$port/f" || fail "fallback, SMC client"
[ "$(sha "$W/got")" = "$(sha "$W/nginx/www/f")" ] || fail "curl got other bytes"
kill $ng; wait $ng 2>/dev/null

port=$((PORT++))
"$SMC_RUN" -p ipproto iperf3 -s -1 -B 127.0.0.1 -p $port > "$W/srv.out" 2>&1 & srv=$!
wait_listen $port || fail "iperf3 -s"
fallback_proof "plain iperf3 -> smc_run iperf3 -s" iperf3 -c 127.0.0.1 -p $port -t 1 ||
	fail "fallback, SMC server"
wait $srv || fail "iperf3 -s"

smc_socks_gone 10 || fail "sockets left"

af_smc_unload || fail "unload"
pretty "" "smc_run: SMC-R with three unmodified programs, fallback, no module"
exit 0
