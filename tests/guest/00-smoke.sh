#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 00-smoke: does the lab's RDMA work at all? Soft-RoCE on the loopback
# interface and a user-space RC ping-pong through it. af_smc is not involved:
# when this fails, the lab is broken, not the module.
#
#   +-------------------------- guest ---------------------------+
#   |                                                            |
#   |  ibv_rc_pingpong (server)        ibv_rc_pingpong (client)  |
#   |            \     TCP 127.0.0.1:18515 (QP info)     /       |
#   |             \                                     /        |
#   |              +--------- rxe0 (RoCE v2) ----------+         |
#   |                          on lo, GID 1 =                    |
#   |                       ::ffff:127.0.0.1                     |
#   +------------------------------------------------------------+
#
# debug-kernel: yes
# timeout: 90
set -u
# shellcheck source-path=SCRIPTDIR source=../vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ibv_devinfo ibv_rc_pingpong ss
# Without the user-space rxe provider libibverbs sees no device at all.
[ -e /etc/libibverbs.d/rxe.driver ] ||
	skip "no user-space rxe provider (apt-get install ibverbs-providers)"

OUT=${SCENARIO_OUT:-$(mktemp -d)}
PORT=18515
ITERS=50

pretty "" "Soft-RoCE device rxe0 on lo"
rxe_lo rxe0 || fail "cannot create rxe0 on lo"
rdma link show rxe0/1
gid1=$(cat /sys/class/infiniband/rxe0/ports/1/gids/1)
[ "$gid1" = 0000:0000:0000:0000:0000:ffff:7f00:0001 ] ||
	fail "rxe0 GID 1 is $gid1, expected ::ffff:127.0.0.1"

pretty "" "ibv_devinfo -d rxe0"
info=$(ibv_devinfo -d rxe0) || fail "ibv_devinfo cannot open rxe0"
echo "$info"
grep -q 'state:.*PORT_ACTIVE' <<<"$info" || fail "rxe0 port 1 is not PORT_ACTIVE"

pretty "" "ibv_rc_pingpong server and client over rxe0, $ITERS iterations"
before=$(rxe_ctr_get rxe0 sent_pkts)
ibv_rc_pingpong -d rxe0 -g 1 -p "$PORT" -n "$ITERS" > "$OUT/server.log" 2>&1 &
server=$!
wait_listen "$PORT" 10 || { cat "$OUT/server.log"; fail "pingpong server did not start"; }
ibv_rc_pingpong -d rxe0 -g 1 -p "$PORT" -n "$ITERS" 127.0.0.1 > "$OUT/client.log" 2>&1
crc=$?
wait "$server"
src=$?
sed 's/^/server: /' "$OUT/server.log"
sed 's/^/client: /' "$OUT/client.log"
rxe_ctr rxe0
after=$(rxe_ctr_get rxe0 sent_pkts)

if [ "$crc" != 0 ] || [ "$src" != 0 ]; then
	fail "ibv_rc_pingpong failed (client $crc, server $src)"
fi
grep -q "$ITERS iters in" "$OUT/client.log" || fail "client did not finish $ITERS iterations"
[ "$after" -gt "$before" ] || fail "rxe0 sent no packets"
pretty "" "verbs over rxe0 work ($((after - before)) packets sent)"
rxe_del rxe0
exit 0
