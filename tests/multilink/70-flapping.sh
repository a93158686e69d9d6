#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 70-flapping: one link of a two-link group goes down and up again and
# again under many streams: every byte right, nothing hangs, nothing leaks.
#
#        guest a (af_smc, server)                guest b (af_smc, client)
#   eth0 10.99.0.1/24  rxe0 ------ link 0 ------ rxe0 10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1 ------ link 1 ------ rxe1 10.99.0.12/24 eth1
#
# CONNS streams (default 16) run from b to a for STREAM_SECS seconds
# (default FLAP_SECS + 20), however fast the lab is, or, with FLAP_MIB
# set, carry FLAP_MIB/CONNS MiB each. The
# server spreads them over both links (a new connection gets the link with
# the fewest connections). Once the group has two ACTIVE links, the guest
# named by the first argument ("b" by default, or "a") toggles NETDEV
# (default eth1) for FLAP_SECS seconds (default 60): down for DOWN_MS, up
# for UP_MS (defaults 700 and 1500). Each down makes the connections on
# that link fail over to the other; each up lets the group add the link
# again (failback), unless the next down comes first. NETDEV "both"
# alternates eth1 and eth0 and waits for two ACTIVE links before the next
# down: then every cycle moves every connection (those of the link that
# goes to the one that stays; a returned link carries none until the
# other one goes). Every stream must
# end with every byte right within 300 s; then both sides must show two
# ACTIVE links again within 90 s, and unload without leaks (and without a
# splat: two-vm.sh fails a guest whose kernel log has one).
#
# usage (host): tests/vm/two-vm.sh -l 2 -k 6.12 -t 500 \
#                   tests/multilink/70-flapping.sh [b|a] [CONNS] [NETDEV]
#   (--env FLAP_SECS=.. --env DOWN_MS=.. --env UP_MS=.. to change the
#   rhythm, --env STREAM_SECS=.. or FLAP_MIB=.. the streams' length)
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"
# shellcheck source=tests/multilink/lib.sh
. "$(dirname "$0")/lib.sh"

ROLE=$1
KILLER=${2:-b}
CONNS=${3:-16}
NETDEV=${4:-eth1}
FLAP_SECS=${FLAP_SECS:-60}
DOWN_MS=${DOWN_MS:-700}
UP_MS=${UP_MS:-1500}
XFER=$TOP/tests/bench/build/xfer
SMCNL=$TOP/tools/smcnl/build/smcnl
LG=/sys/kernel/debug/af_smc/linkgroups
UEID=AF-SMC-MULTILINK-UEID
PORT=22170
if [ -n "${FLAP_MIB:-}" ]; then
	BYTES=$(((FLAP_MIB << 20) / CONNS)) SEND=(-b "$BYTES")
	WHAT="$BYTES bytes"
else
	# the sender stops after STREAM_SECS; the receiver takes any length
	STREAM_SECS=${STREAM_SECS:-$((FLAP_SECS + 20))}
	BYTES=0 SEND=(-b 0 -T "$STREAM_SECS")
	WHAT="${STREAM_SECS} s streams,"
fi

active_links() { awk '$5 == 3' "$LG" 2>/dev/null | wc -l; }
two_active() {
	[ "$(active_links)" = 2 ] && [ "$(wc -l < "$LG")" = 2 ]
}
msecs() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }

case "$NETDEV" in
eth0|eth1|both) ;;
*) fail "netdev: eth0, eth1 or both, not $NETDEV" ;;
esac
ml_af_smc_up "$ROLE"

if [ "$ROLE" = a ]; then
	timeout 300 "$XFER" server -1 -f smc -a "$(ml_addr a 0)" -p $PORT \
		-b "$BYTES" -n "$CONNS" &
else
	timeout 300 "$XFER" client -f smc -a "$(ml_addr a 0)" -p $PORT \
		"${SEND[@]}" -n "$CONNS" -r 30 &
fi
xpid=$!

end=$((SECONDS + 60))
until two_active; do
	[ "$SECONDS" -ge "$end" ] && { cat "$LG"; fail "$ROLE: not two ACTIVE links"; }
	sleep 0.1
done
cat "$LG"
flaps=0
if [ "$ROLE" = "$KILLER" ]; then
	sleep 1
	kill -0 "$xpid" 2>/dev/null || fail "the streams are over already"
	end=$((SECONDS + FLAP_SECS))
	dev=$NETDEV
	[ "$NETDEV" = both ] && dev=eth1
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$xpid" 2>/dev/null; do
		ip link set "$dev" down || fail "ip link set $dev down"
		sleep "$(msecs "$DOWN_MS")"
		ml_link_up "$ROLE" "$dev" || fail "ip link set $dev up"
		flaps=$((flaps + 1))
		if [ "$NETDEV" = both ]; then
			# the other link goes next: the group must have both
			# again first, or that would end it
			t=$((SECONDS + 60))
			until two_active; do
				[ "$SECONDS" -ge "$t" ] && { cat "$LG"; fail "$ROLE: no failback within 60 s after cycle $flaps"; }
				sleep 0.1
			done
			[ "$dev" = eth1 ] && dev=eth0 || dev=eth1
		fi
		sleep "$(msecs "$UP_MS")"
	done
	pretty "$ROLE" "$flaps down/up cycles of $NETDEV"
fi
wait "$xpid"
rc=$?
if [ "$rc" != 0 ]; then
	cat "$LG"
	dmesg | grep -E "af_smc|rxe" | tail -80
	# a group that stopped answering: where its work items wait
	m=$(kmsg_mark blocked)
	echo w > /proc/sysrq-trigger 2>/dev/null
	sleep 1
	dmesg_since "$m" | tail -150
	[ "$rc" = 124 ] && fail "$ROLE: the streams hung"
	fail "$ROLE: the streams failed (rc $rc)"
fi
pretty "$ROLE" "$CONNS x $WHAT every byte right"

# The flapping side may still be in its last cycle: both wait for it, then
# for two links, then for each other before unloading (which ends the group).
ml_barrier "$ROLE" $((PORT + 1)) 120 || fail "$ROLE: no barrier after the streams"
end=$((SECONDS + 90))
until two_active; do
	[ "$SECONDS" -ge "$end" ] && { cat "$LG"; fail "$ROLE: no two ACTIVE links after the flapping"; }
	sleep 0.2
done
ml_barrier "$ROLE" $((PORT + 2)) 120 || fail "$ROLE: no barrier before the unload"
cat "$LG"
echo "moved: $(dmesg | grep -c 'connection(s) moved') added: $(dmesg | grep -c 'added on') removed: $(dmesg | grep -c 'removed, link')"
dmesg | grep "af_smc: link group" | tail -20
smc_socks_gone 30 || fail "sockets left"
af_smc_unload || fail "unload"
pretty "$ROLE" "$KILLER flapped $NETDEV: $CONNS streams intact, two links again, no leaks"
exit 0
