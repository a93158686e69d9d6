# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# tests/multilink/lib.sh - the two-link lab shared by the multilink scenarios.
#
#   . "$(dirname "$0")/lib.sh"      # after ../vm/lib.sh
#
# Two guests joined by two links (tests/vm/two-vm.sh -l 2). Each guest has
# an RDMA device on each link, and both netdevs in ONE IPv4 subnet: that is
# the condition under which upstream Linux adds an SMC-Rv2 alternate link
# (the alternate device's netdev needs an IPv4 address in the subnet of the
# link group's source address).
#
#        guest a                                   guest b
#   eth0 10.99.0.1/24  rxe0  ---- link 0 ----  rxe0  10.99.0.2/24  eth0
#   eth1 10.99.0.11/24 rxe1  ---- link 1 ----  rxe1  10.99.0.12/24 eth1
#
# Two interfaces in one subnet need care, or traffic for one address
# leaves or arrives through the other netdev:
#   arp_ignore=1    answer ARP only for an address of the netdev the
#                   request came in on (each address on its own wire);
#   arp_announce=2  ARP requests carry the source address of the netdev
#                   they leave from;
#   rp_filter=0     the reverse route of a packet that came in on eth1
#                   points at eth0 (the subnet's first route); strict
#                   reverse path filtering would drop it;
#   source routing  "ip rule from <eth1 address> table 101" with the
#                   subnet route on eth1 in table 101: without it, an
#                   answer from the eth1 address (an ICMP echo reply, a TCP
#                   segment) follows the main table's subnet route out of
#                   eth0, where arp_ignore=1 leaves its ARP unanswered.
# rxe routes its UDP packets with the netdev's ifindex as the output
# interface, so rxe1's packets leave through eth1 either way. The CLC
# connection (between the eth0 addresses) leaves through eth0, so the
# first link of a group is on rxe0.

ML_SUBNET=10.99.0

# ml_addr ROLE LINK: this guest's address on link LINK (0 or 1)
ml_addr() {
	local n
	[ "$1" = a ] && n=1 || n=2
	echo "$ML_SUBNET.$((n + 10 * $2))"
}

# ml_peer ROLE LINK: the other guest's address on link LINK
ml_peer() {
	if [ "$1" = a ]; then ml_addr b "$2"; else ml_addr a "$2"; fi
}

# ml_net ROLE: both netdevs up, addressed, with the sysctls above
ml_net() {
	local role=$1 dev
	for dev in all default eth0 eth1; do
		sysctl -qw "net.ipv4.conf.$dev.rp_filter=0" || return 1
		sysctl -qw "net.ipv4.conf.$dev.arp_ignore=1" || return 1
		sysctl -qw "net.ipv4.conf.$dev.arp_announce=2" || return 1
	done
	addr_add eth0 "$(ml_addr "$role" 0)/24" || return 1
	addr_add eth1 "$(ml_addr "$role" 1)/24" || return 1
	ip route add "$ML_SUBNET.0/24" dev eth1 src "$(ml_addr "$role" 1)" \
		table 101 || return 1
	ip rule add from "$(ml_addr "$role" 1)" table 101 || return 1
}

# ml_rxe [RXE_KO]: rxe0 on eth0 and rxe1 on eth1
ml_rxe() {
	RXE_KO=${1:-} rxe_add eth0 rxe0 && RXE_KO=${1:-} rxe_add eth1 rxe1
}

# ml_wait_peer ROLE: the peer answers on both links, each through its own
# netdev (ping -I binds the netdev, so a reply over the wrong wire fails)
ml_wait_peer() {
	local role=$1 l end
	for l in 0 1; do
		end=$((SECONDS + 30))
		until ping -c1 -W1 -I "eth$l" "$(ml_peer "$role" "$l")" \
			>/dev/null 2>&1; do
			if [ "$SECONDS" -ge "$end" ]; then
				echo "ml_wait_peer: $(ml_peer "$role" "$l") not reachable over eth$l" >&2
				return 1
			fi
			sleep 0.2
		done
	done
	pretty "$role" "peer reachable over eth0 and eth1"
}

# ml_af_smc_up ROLE: this guest's addresses and both rxe devices, af_smc
# with the UEID $UEID (set through $SMCNL), and the peer's links reachable
ml_af_smc_up() {
	ml_net "$1" || fail "addresses"
	ml_rxe || fail "rxe devices"
	af_smc_load || fail "af_smc"
	pp "$SMCNL" ueid add "$UEID" || fail "UEID"
	ml_wait_peer "$1" || fail "links"
}

# ml_link_up ROLE DEV: bring eth0 or eth1 back up with the routes ml_net
# made. eth1's subnet route in table 101 went down with it. The main
# table holds a subnet route per netdev, and the first one found serves
# every address of the subnet that has no route of its own: the one of
# the netdev that came up last is appended, so after eth0 comes back
# eth1's route would come first, and traffic for the peer's eth0 address
# would leave through eth1, where arp_ignore=1 leaves it unanswered ("no
# route to host"). eth1's main route is appended again behind eth0's.
ml_link_up() {
	local role=$1 dev=$2 a1
	a1=$(ml_addr "$role" 1)
	ip link set "$dev" up || return 1
	if [ "$dev" = eth1 ]; then
		ip route replace "$ML_SUBNET.0/24" dev eth1 src "$a1" \
			table 101 || return 1
	else
		ip route del "$ML_SUBNET.0/24" dev eth1 2>/dev/null
		ip route append "$ML_SUBNET.0/24" dev eth1 proto kernel \
			scope link src "$a1" || return 1
	fi
}

# ml_flap ROLE DEV SECS [PID]: take DEV down for 700 ms and up for 1500 ms
# (ml_link_up), again and again for SECS seconds, or until PID ends; say
# how many cycles there were. The lab checks 15 and 16 use 70-flapping's
# default rhythm with it.
ml_flap() {
	local role=$1 dev=$2 end=$((SECONDS + $3)) pid=${4:-} flaps=0
	while [ "$SECONDS" -lt "$end" ]; do
		[ -z "$pid" ] || kill -0 "$pid" 2>/dev/null || break
		ip link set "$dev" down || fail "ip link set $dev down"
		sleep 0.7
		ml_link_up "$role" "$dev" || fail "ip link set $dev up"
		flaps=$((flaps + 1))
		sleep 1.5
	done
	pretty "$role" "$flaps down/up cycles of $dev"
}

# ml_barrier ROLE PORT [SECS]: return once the other guest has called
# ml_barrier with the same PORT too: a one-byte TCP stream between the eth0
# addresses (a listens, b connects and retries). A scenario that brings
# links down on one side uses it so that the other side does not unload
# af_smc, ending the group, while the first still waits for its links.
ml_barrier() {
	local role=$1 port=$2 secs=${3:-120} xfer=$TOP/tests/bench/build/xfer
	local end=$((SECONDS + secs)) rc
	if [ "$role" = a ]; then
		timeout "$secs" "$xfer" server -1 -f tcp -a "$(ml_addr a 0)" \
			-p "$port" -b 1 -n 1 >/dev/null
		rc=$?
	else
		# a netdev that just came back up may answer "no route to
		# host" until the neighbour is resolved again: retry
		rc=1
		while [ "$SECONDS" -lt "$end" ]; do
			if timeout 10 "$xfer" client -f tcp -a "$(ml_addr a 0)" \
				-p "$port" -b 1 -n 1 -r 5 >/dev/null 2>&1; then
				rc=0
				break
			fi
			sleep 1
		done
	fi
	[ "$rc" = 0 ] ||
		echo "ml_barrier $port: the other guest did not come within $secs s (rc $rc)" >&2
	return "$rc"
}

# ml_upstream_up NETDEVS UEID PNETID: the distribution's smc.ko with the
# UEID, and every netdev and rxe port of the lab under one PNET ID (rxe has
# no get_netdev, so upstream needs both sides of each pair named)
ml_upstream_up() {
	local ueid=$1 pnetid=$2 smcnl=$TOP/tools/smcnl/build/smcnl
	rm -f /etc/modprobe.d/af-smc-test.conf
	pp modprobe -a smc smc_diag || return 1
	ml_rxe "${UPSTREAM_RXE_KO:+$TOP/$UPSTREAM_RXE_KO}" || return 1
	pp "$smcnl" ueid add "$ueid" &&
	pp "$smcnl" pnet add "$pnetid" eth0 &&
	pp "$smcnl" pnet add "$pnetid" rxe0 1 &&
	pp "$smcnl" pnet add "$pnetid" eth1 &&
	pp "$smcnl" pnet add "$pnetid" rxe1 1
}

# ml_upstream_lgr_types: the type of every SMC-R link group of the
# distribution's smc.ko (generic netlink GET_LGR_SMCR, attribute
# SMC_NLA_LGR_R_TYPE: 1 single, 2 symmetric, 3 asymmetric peer,
# 4 asymmetric local), one per line
ml_upstream_lgr_types() {
	"$TOP/tools/smcnl/build/smcnl" raw gen 2 dump |
		awk '/^  attr 2 len [0-9]+: nest/ { in_lgr = 1; next }
		     /^  attr/ { in_lgr = 0 }
		     in_lgr && /^    attr 3 len 1:/ { print $5 + 0 }'
}

# ml_upstream_links: the SMC-R links of the distribution's smc.ko (generic
# netlink GET_LINK_SMCR), one line per link: "<link id, hex> <rdma device>"
ml_upstream_links() {
	"$TOP/tools/smcnl/build/smcnl" raw gen 3 dump |
		awk '/^  attr 3 len [0-9]+: nest/ { if (id != "") print id, dev; id = ""; dev = ""; in_l = 1; next }
		     /^  attr/ { in_l = 0 }
		     in_l && /^    attr 1 len 1:/ { id = $5 }
		     in_l && /^    attr 2 len/ { dev = $5; gsub(/"/, "", dev) }
		     END { if (id != "") print id, dev }'
}
