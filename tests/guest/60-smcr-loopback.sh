#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 60-smcr-loopback: af_smc against af_smc over real SMC-Rv2 on one guest.
# Both ends negotiate SMC-Rv2 over the CLC socket, share one link group per
# role on a Soft-RoCE device on lo, and move checksummed streams by RDMA
# WRITE + CDC. SMC-R use is proven by the sockets' mode in debugfs and by
# the rxe device's packet counters, not by the absence of errors.
#
#   +------------------------------- guest --------------------------------+
#   |  xfer client -f smc ---- TCP (CLC) 127.0.0.1 ----> xfer server -f smc |
#   |        |                                                  ^          |
#   |        +--- RC QP ---- rxe0 on lo (RoCE v2, UDP 4791) ----+          |
#   |  UEID AF-SMC-LOOPBACK (both ends are this kernel's af_smc)           |
#   |  then: one end killed mid-transfer, the other must see an error;     |
#   |  rxe0 deleted mid-transfer: both ends see an error, removal ends     |
#   +----------------------------------------------------------------------+
#
# debug-kernel: yes
# timeout: 600
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ip insmod
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
PORT=22100

rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add AF-SMC-LOOPBACK || fail "UEID"

# xfer_pair NAME BYTES CONNS [SERVER CLIENT]: one checksummed transfer;
# both ends record their sockets while the streams still exist; all CONNS
# must be SMC-R on both ends. SERVER and CLIENT are "FAMILY ADDRESS" for
# xfer's -f and -a (default "smc 127.0.0.1" each).
xfer_pair() {
	local name=$1 bytes=$2 conns=$3 port=$((PORT++)) srv rc=0
	local -a s c
	read -r -a s <<< "${4:-smc 127.0.0.1}"
	read -r -a c <<< "${5:-smc 127.0.0.1}"
	"$XFER" server -1 -f "${s[0]}" -a "${s[1]}" -p "$port" -b "$bytes" \
		-n "$conns" -e "cat $DBG/sockets > /tmp/srv.socks" & srv=$!
	wait_listen "$port" || return 1
	"$XFER" client -f "${c[0]}" -a "${c[1]}" -p "$port" -b "$bytes" \
		-n "$conns" -e "cat $DBG/sockets > /tmp/cli.socks" || rc=1
	wait "$srv" || rc=1
	if [ "$rc" != 0 ]; then
		echo "$name: transfer failed"
		return 1
	fi
	# each file lists both ends' sockets still open at that moment; the
	# recording side's own CONNS sockets are certainly among them
	for f in /tmp/srv.socks /tmp/cli.socks; do
		if [ "$(count_mode $f smcr)" -lt "$conns" ] ||
		   [ "$(count_mode $f fallback)" != 0 ]; then
			echo "$name: expected $conns SMC-R sockets in $f:"
			prefix_lines "  | " < $f
			return 1
		fi
	done
	pretty "" "$name: $conns x $bytes B over SMC-R, every byte checked"
}

before=$(rxe_ctr_get rxe0 sent_pkts)
sends0=$(rxe_ctr_get rxe0 rdma_sends)
xfer_pair "16 MiB" $((16 << 20)) 1 || fail "16 MiB transfer"
after=$(rxe_ctr_get rxe0 sent_pkts)
sends1=$(rxe_ctr_get rxe0 rdma_sends)
rxe_ctr rxe0
# 16 MiB in at most 4 KiB packets, plus the CDC SENDs
[ $((after - before)) -ge 4096 ] ||
	fail "rxe0 sent only $((after - before)) packets for 16 MiB: not RDMA"
[ $((sends1 - sends0)) -ge 2 ] ||
	fail "rxe0 carried no SENDs (CDC/LLC messages)"

for bytes in 1 2 4095 65535 65536 65537 1000003 $((RANDOM * 37 + 1)); do
	xfer_pair "$bytes B" "$bytes" 1 || fail "$bytes B transfer"
done

# the debug kernel (KASAN, lockdep, kmemleak under TCG) is ~10x slower
BIG=$((256 << 20)) CONNS=200
if [ "$(kernel_name)" = debug ]; then
	BIG=$((32 << 20)) CONNS=50
fi

xfer_pair "$CONNS connections" 65536 $CONNS ||
	fail "$CONNS concurrent connections"
cat "$DBG/netstat"
awk -v n="$CONNS" '$1 ~ /^smcr_(client|server)$/ && $2 < n { bad = 1 }
		   $1 == "linkgroups_created" && $2 != 2 { bad = 1 }
		   END { exit bad }' "$DBG/netstat" ||
	fail "netstat: expected >= $CONNS SMC-R connections per role, 2 link groups"

cat "$DBG/linkgroups"
[ "$(awk '$2 == "server"' "$DBG/linkgroups" | wc -l)" = 1 ] &&
[ "$(awk '$2 == "client"' "$DBG/linkgroups" | wc -l)" = 1 ] ||
	fail "expected one link group per role, shared by every connection"

xfer_pair "$((BIG >> 20)) MiB" $BIG 1 || fail "$((BIG >> 20)) MiB transfer"

# IPv4 connections of IPv6 sockets (v4-mapped addresses) use SMC-Rv2 as
# IPv4 ones do: an IPv4 client taken by a dual-stack SMCPROTO_SMC6
# listener (its child is AF_INET6), and an SMCPROTO_SMC6 client that
# connects to ::ffff:127.0.0.1.
xfer_pair "IPv4 client, dual-stack IPv6 server" $((1 << 20)) 2 \
	"smc6 ::" "smc 127.0.0.1" || fail "v4-mapped server"
xfer_pair "v4-mapped IPv6 client, IPv4 server" $((1 << 20)) 2 \
	"smc 127.0.0.1" "smc6 ::ffff:127.0.0.1" || fail "v4-mapped client"

# kill_mid NAME WHO: a 1 GiB transfer; after 2 s the WHO end (client or
# server) is killed with SIGKILL. The other end must end with an error
# within 30 s (ECONNRESET/EPIPE, or EOF on a short stream), never hang.
kill_mid() {
	local name=$1 who=$2 port=$((PORT++)) srv cli victim other end
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b $((1 << 30)) \
		2>/tmp/srv.err & srv=$!
	wait_listen "$port" || return 1
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b $((1 << 30)) \
		2>/tmp/cli.err & cli=$!
	sleep 2
	if [ "$who" = client ]; then victim=$cli other=$srv; else victim=$srv other=$cli; fi
	kill -KILL "$victim"
	end=$((SECONDS + 30))
	while kill -0 "$other" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.2
	done
	if kill -0 "$other" 2>/dev/null; then
		echo "$name: the surviving end still runs 30 s after its peer died"
		kill -KILL "$other"
		return 1
	fi
	if wait "$other"; then
		echo "$name: the surviving end reported success"
		return 1
	fi
	wait "$victim" 2>/dev/null
	cat /tmp/srv.err /tmp/cli.err | sed 's/^/    /'
	pretty "" "$name: the surviving end saw the error"
}

kill_mid "client killed mid-transfer" client || fail "client killed"
kill_mid "server killed mid-transfer" server || fail "server killed"

# The RDMA device goes away mid-transfer: the link group ends, both ends
# see ECONNRESET instead of hanging, as a TCP socket whose peer is gone,
# and the device removal completes once they closed their sockets.
port=$((PORT++))
"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b $((1 << 30)) \
	2>/tmp/srv.err & srv=$!
wait_listen "$port" || fail "listen"
"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b $((1 << 30)) \
	2>/tmp/cli.err & cli=$!
sleep 2
run_deadline 60 rdma link delete rxe0 || fail "rxe0 removal hangs"
for p in $srv $cli; do
	end=$((SECONDS + 30))
	while kill -0 "$p" 2>/dev/null && [ "$SECONDS" -lt "$end" ]; do
		sleep 0.2
	done
	kill -0 "$p" 2>/dev/null && { kill -KILL $srv $cli; fail "a transfer survived its RDMA device"; }
	wait "$p" && fail "a transfer reported success without its RDMA device"
done
cat /tmp/srv.err /tmp/cli.err | sed 's/^/    /'
grep -q ': Connection reset by peer$' /tmp/srv.err ||
	fail "the receiver did not see ECONNRESET"
grep -q ': Connection reset by peer$' /tmp/cli.err ||
	fail "the sender did not see ECONNRESET"
[ -e /sys/class/infiniband/rxe0 ] && fail "rxe0 still exists"
pretty "" "RDMA device removed mid-transfer: both ends saw an error"

# the groups linger for later connections; sockets and connections are gone
smc_socks_gone 10 || fail "sockets left"
# unloading ends the lingering groups (DELETE LINK) and checks every counter
af_smc_unload || fail "unload"
pretty "" "SMC-R loopback: integrity, one link group per role, clean unload"
exit 0
