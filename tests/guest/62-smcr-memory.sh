#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 62-smcr-memory: the buffers of SMC-R connections are charged to their
# sockets: to the SMC protocol's memory counter (/proc/net/protocols) and
# to the memory cgroup of the socket (memory.stat "sock"), the server's
# connections to the cgroup of the listener's creator. Closing gives every
# page back.
#
#   +---------------------------- guest -----------------------------+
#   |  cgroup /smc-cli                      cgroup /smc-srv           |
#   |  xfer client -f smc -n 20 -----CLC---> xfer server -f smc       |
#   |        |                                       ^                |
#   |        +------ RC QP, rxe0 on lo (RoCE v2) -----+               |
#   |  each connection: 64 KiB send buffer + 64 KiB RMB on each end   |
#   +----------------------------------------------------------------+
#
# debug-kernel: yes
# timeout: 300
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma insmod mount
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
DBG=/sys/kernel/debug/af_smc
CG=/sys/fs/cgroup
PORT=22600
CONNS=20
PER_CONN=$((2 * 65536))	# send buffer + RMB, the defaults

rxe_lo rxe0 || fail "rxe on lo"
af_smc_load || fail "af_smc"
pp "$SMCNL" ueid add AF-SMC-LOOPBACK || fail "UEID"

# the cgroup part needs the memory controller (the debug kernel has none)
MEMCG=1
if [ ! -e $CG/cgroup.controllers ]; then
	mount -t cgroup2 none $CG || MEMCG=0
fi
if [ $MEMCG = 1 ] && grep -qw memory $CG/cgroup.controllers; then
	echo +memory > $CG/cgroup.subtree_control || fail "enable memory controller"
	mkdir -p $CG/smc-cli $CG/smc-srv || fail "mkdir cgroups"
else
	MEMCG=0
	pretty "" "no memory cgroup controller: protocol accounting only"
fi

# sock_mem CGROUP: bytes of socket memory charged to CGROUP
sock_mem() {
	awk '$1 == "sock" { print $2 }' "$CG/$1/memory.stat"
}

# the protocol counters, in pages; the core keeps up to 1 MiB per CPU in
# a per-CPU reserve before it reaches the global counter
proto_pages() {
	awk '$1 == "SMC" { print $4 }' /proc/net/protocols
}

charged_pages() {
	awk '$1 == "charged_page" { print $2 }' "$DBG/objects"
}

cat > /tmp/memcheck.sh <<EOS
# runs while the $CONNS connections are open (xfer -e); the cgroup
# statistics are flushed lazily, so give them a few seconds
want=\$(($CONNS * $PER_CONN)) cli=0 srv=0
[ $MEMCG = 1 ] && for i in \$(seq 50); do
	cli=\$(awk '\$1 == "sock" { print \$2 }' $CG/smc-cli/memory.stat)
	srv=\$(awk '\$1 == "sock" { print \$2 }' $CG/smc-srv/memory.stat)
	[ "\$cli" -ge "\$want" ] && [ "\$srv" -ge "\$want" ] && break
	sleep 0.1
done
{
	echo "charged_pages \$(awk '\$1 == "charged_page" { print \$2 }' $DBG/objects)"
	echo "proto_pages \$(awk '\$1 == "SMC" { print \$4 }' /proc/net/protocols)"
	echo "cli_sock \$cli"
	echo "srv_sock \$srv"
	awk 'NR > 1 && \$5 == "smcr" { n++ } END { print "smcr_sockets", n + 0 }' $DBG/sockets
} > /tmp/mem.open
EOS

[ "$(charged_pages)" = 0 ] || fail "pages charged before any connection"
# in_cg CGROUP CMD...: run CMD in CGROUP (where there are cgroups)
in_cg() {
	local cg=$1
	shift
	if [ $MEMCG = 1 ]; then
		sh -c 'echo $$ > "$0/cgroup.procs" && exec "$@"' "$CG/$cg" "$@"
	else
		"$@"
	fi
}

cli0=0 srv0=0
[ $MEMCG = 1 ] && cli0=$(sock_mem smc-cli) srv0=$(sock_mem smc-srv)

port=$((PORT++))
in_cg smc-srv "$XFER" server -1 -f smc -a 127.0.0.1 -p $port -b 4096 \
	-n $CONNS & srv=$!
wait_listen "$port" || fail "listen"
in_cg smc-cli "$XFER" client -f smc -a 127.0.0.1 -p $port -b 4096 \
	-n $CONNS -e "sh /tmp/memcheck.sh" || fail "transfer"
wait "$srv" || fail "server"
prefix_lines "  | " < /tmp/mem.open

val() { awk -v k="$1" '$1 == k { print $2 }' /tmp/mem.open; }
[ "$(val smcr_sockets)" = $((2 * CONNS)) ] ||
	fail "expected $((2 * CONNS)) SMC-R sockets"
want_pages=$((2 * CONNS * PER_CONN / 4096))
[ "$(val charged_pages)" = "$want_pages" ] ||
	fail "charged pages $(val charged_pages), expected $want_pages"
slack=$((256 * $(nproc)))
[ "$(val proto_pages)" -ge $((want_pages - slack)) ] ||
	fail "/proc/net/protocols SMC memory $(val proto_pages) < $want_pages - $slack"
[ $MEMCG = 1 ] && for side in cli srv; do
	got=$(val ${side}_sock)
	base=$([ $side = cli ] && echo "$cli0" || echo "$srv0")
	[ $((got - base)) -ge $((CONNS * PER_CONN)) ] ||
		fail "cgroup smc-$side: sock memory grew by $((got - base)), expected >= $((CONNS * PER_CONN))"
done
pretty "" "$CONNS connections: $want_pages pages charged${MEMCG/1/, both cgroups see them}"

smc_socks_gone 10 || fail "sockets left"
[ "$(charged_pages)" = 0 ] || fail "$(charged_pages) pages still charged"
if [ $MEMCG = 1 ]; then
	end=$((SECONDS + 10))
	while [ "$SECONDS" -lt "$end" ]; do
		cli=$(sock_mem smc-cli) srv=$(sock_mem smc-srv)
		[ "$cli" -lt "$PER_CONN" ] && [ "$srv" -lt "$PER_CONN" ] && break
		sleep 0.5
	done
	[ "$cli" -lt "$PER_CONN" ] && [ "$srv" -lt "$PER_CONN" ] ||
		fail "cgroups keep socket memory after close: cli $cli srv $srv"
	rmdir $CG/smc-cli $CG/smc-srv
fi
pretty "" "closed: no page charged"

# Over the hard limit a new connection gets no SMC-R buffers: it declines
# (SMC_CLC_DECL_MEM) and runs over TCP, every byte intact. The limit is
# far below what 2 x $CONNS connections need ($want_pages pages); the
# per-CPU reserve lets the first few through.
P=/sys/module/af_smc/parameters/mem_limits
saved=$(cat $P)
echo 50,100,200 > $P || fail "set mem_limits"
port=$((PORT++))
"$XFER" server -1 -f smc -a 127.0.0.1 -p $port -b 100000 -n $CONNS \
	-e "cat $DBG/sockets > /tmp/tight.socks" & srv=$!
wait_listen "$port" || fail "listen"
"$XFER" client -f smc -a 127.0.0.1 -p $port -b 100000 -n $CONNS ||
	fail "transfer under the limit"
wait "$srv" || fail "server under the limit"
echo "$saved" > $P
mem_fb=$(awk 'NR > 1 && $5 == "fallback" &&
	      ($6 == "0x01010000" || $7 == "0x01010000")' /tmp/tight.socks | wc -l)
[ "$mem_fb" -ge 1 ] || {
	prefix_lines "  | " < /tmp/tight.socks
	fail "no connection declined for memory above the limit"
}
pretty "" "above mem_limits: $mem_fb of $((2 * CONNS)) sockets fell back (DECL_MEM), data intact"
smc_socks_gone 10 || fail "sockets left"
[ "$(charged_pages)" = 0 ] || fail "$(charged_pages) pages still charged"

af_smc_unload || fail "unload"
pretty "" "SMC-R buffer memory accounted to sockets and cgroups"
exit 0
