#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 40-netlink-tables: the generic netlink families SMC_GEN_NETLINK and
# SMC_PNETID (tools/smcnl). The user EID table is global and checks UEIDs as
# upstream does; PNET tables are per network namespace and follow their
# netdevs; changes need CAP_NET_ADMIN (initial user namespace for UEIDs, the
# namespace's owner for PNET entries), dumps do not; malformed requests fail
# without side effects; sysinfo answers; nothing leaks.
#
#   +------------------------------- guest --------------------------------+
#   |  smcnl as root, as uid 65534, as root of a user+net namespace         |
#   |      | genl                                                            |
#   |  af_smc.ko: UEID table (global)                                        |
#   |             PNET table of init_net:  dummy0, dummy1, RDMA names        |
#   |             PNET table of netns nlt1: dummy0 (moved in), 160 entries   |
#   +------------------------------------------------------------------------+
#
# debug-kernel: yes
# timeout: 150
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

SMCNL=$TOP/tools/smcnl/build/smcnl
OUT=${SCENARIO_OUT:-$(mktemp -d)}
[ -x "$SMCNL" ] || fail "$SMCNL missing (make -C tools/smcnl)"
need_cmd ip setpriv unshare stat
DBG=/sys/kernel/debug/af_smc
NS=nlt1

# ok CMD...: print CMD and its output; it must succeed.
ok() {
	pretty "" "$*"
	"$@" || fail "failed: $*"
}

# The helpers use shell built-ins where they can: every process costs
# about a second on the debug kernel (KASAN under emulation).

# refused ERRNO CMD...: CMD must exit with 1 and report ERRNO (smcnl prints
# "(ERRNO)", its raw mode "error ERRNO").
refused() {
	local want=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	pretty "" "$* -> ${out%%$'\n'*}"
	[ "$rc" = 1 ] || fail "expected exit 1 ($want), got $rc: $*"
	[[ "$out" == *"($want)"* || "$out" == "error $want"[:\ ]* ||
	   "$out" == "error $want" ]] || fail "expected $want: $*: $out"
}

# expect WANT CMD...: CMD must succeed and print exactly WANT.
expect() {
	local want=$1 got nl
	shift
	got=$("$@") || fail "failed: $*"
	nl=${got//[!$'\n']/}
	pretty "" "$* -> $(( ${#got} ? ${#nl} + 1 : 0 )) line(s)"
	[ "$got" = "$want" ] || fail "$*: got
$got
expected
$want"
}

# nobody CMD...: run CMD as uid/gid 65534 without capabilities.
# shellcheck disable=SC2317  # called through expect/refused
nobody() {
	setpriv --reuid=65534 --regid=65534 --clear-groups "$@"
}

# binding NETNS_INODE PNETID NAME: the ifindex debugfs "pnet" shows for that
# netdev entry ("-" while unbound); empty if there is no such entry
binding() {
	local ns id type name port idx
	while read -r ns id type name port idx; do
		if [ "$ns" = "$1" ] && [ "$id" = "$2" ] && [ "$type" = eth ] &&
		   [ "$name" = "$3" ]; then
			echo "$idx"
		fi
	done < "$DBG/pnet"
	: "$port"
}

# objects NAME: the live count of that object type
objects() {
	local name count
	while read -r name count; do
		[ "$name" = "$1" ] && echo "$count"
	done < "$DBG/objects"
}

# wait_objects NAME COUNT: wait up to 10 s for that object count (netns
# removal frees its entries from a work queue).
wait_objects() {
	local i
	for ((i = 0; i < 100; i++)); do
		[ "$(objects "$1")" = "$2" ] && return 0
		sleep 0.1
	done
	fail "$1 count is $(objects "$1"), expected $2"
}

pad32() {
	printf '%-32s' "$1"
}

# userns_run CMD...: run CMD as root of a new user and network namespace.
# The kernel refuses CLONE_NEWUSER to a chrooted caller, and the guest's
# root is a chroot into an overlay (tests/vm/initramfs.sh), so first make
# the overlay the root of a private mount namespace, as switch_root does.
UNCHROOT='
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def ck(rc, what):
    if rc:
        sys.exit("unchroot: %s: %s" % (what, os.strerror(ctypes.get_errno())))
ck(libc.unshare(0x20000), "unshare")			# CLONE_NEWNS
ck(libc.mount(None, b"/", None, 0x44000, None), "mount")	# MS_REC|MS_PRIVATE
cwd, dev = os.getcwd(), os.stat("/").st_dev
os.makedirs("/run/.unchroot", exist_ok=True)
fd = os.open("/", os.O_RDONLY)
os.chroot("/run/.unchroot")				# escape the chroot
os.fchdir(fd)
for _ in range(64):
    os.chdir("..")
os.chroot(".")
def same(p):
    try:
        return os.stat(p).st_dev == dev
    except OSError:
        return False
top = min((l.split()[4] for l in open("/proc/self/mountinfo")
           if same(l.split()[4])), key=len)
os.chdir(top)
ck(libc.mount(b".", b"/", None, 0x2000, None), "move")	# MS_MOVE
os.chroot(".")
os.chdir(cwd)
os.execvp(sys.argv[1], sys.argv[1:])
'
userns_run() {
	python3 -c "$UNCHROOT" unshare -Urn "$@"
}

# 1. Without the module, the tool says so.
out=$("$SMCNL" sysinfo 2>&1)
rc=$?
echo "$out"
if [ "$rc" != 3 ] || ! grep -q 'af_smc module not loaded' <<<"$out"; then
	fail "sysinfo without af_smc: exit $rc, $out"
fi

af_smc_load || fail "af_smc does not load"
INIT=$(stat -L -c %i /proc/self/ns/net)

# 2. System information and the system EID.
expect "version: 2
release: 1
smcr_v2: 1
ism_v2: 0
hostname: $(uname -n | cut -c1-32)
seid: none" "$SMCNL" sysinfo
expect "no system EID" "$SMCNL" seid show
refused EOPNOTSUPP "$SMCNL" seid enable
refused EOPNOTSUPP "$SMCNL" seid disable
expect "$("$SMCNL" sysinfo)" nobody "$SMCNL" sysinfo

# 3. User EIDs: upstream's rules and error codes.
expect "" "$SMCNL" ueid show
ok "$SMCNL" ueid add SMC-TEST.UEID-1
refused EEXIST "$SMCNL" ueid add SMC-TEST.UEID-1
for bad in smc-lower A_B 'A B' -ABC .ABC ''; do
	refused EINVAL "$SMCNL" ueid add "$bad"
done
refused ERANGE "$SMCNL" ueid add "$(printf 'A%.0s' {1..33})"
refused EINVAL "$SMCNL" raw gen 10 1:str:SHORT
refused EINVAL "$SMCNL" raw gen 10 "1:bin:$(pad32 NO-NUL)"
refused EINVAL "$SMCNL" raw gen 10 "1:hex:41424300$(printf '20%.0s' {1..28})00"
ok "$SMCNL" ueid add 0ANOTHER
ok "$SMCNL" ueid add "$(printf '9%.0s' {1..32})"
ok "$SMCNL" ueid add THE.FOURTH
refused ERANGE "$SMCNL" ueid add THE.FIFTH
expect "SMC-TEST.UEID-1
0ANOTHER
$(printf '9%.0s' {1..32})
THE.FOURTH" "$SMCNL" ueid show
ok "$SMCNL" ueid del 0ANOTHER
refused ENOENT "$SMCNL" ueid del 0ANOTHER
refused EINVAL "$SMCNL" raw gen 11 1:str:0ANOTHER
ok "$SMCNL" ueid add THE.FIFTH
UEIDS="SMC-TEST.UEID-1
$(printf '9%.0s' {1..32})
THE.FOURTH
THE.FIFTH"
expect "$UEIDS" "$SMCNL" ueid show

# Unprivileged users read the table but cannot change it.
expect "$UEIDS" nobody "$SMCNL" ueid show
refused EPERM nobody "$SMCNL" ueid add NOBODY
refused EPERM nobody "$SMCNL" ueid del THE.FIFTH
refused EPERM nobody "$SMCNL" ueid flush
refused EPERM nobody "$SMCNL" seid enable

# Malformed requests: an error and nothing else.
refused EINVAL "$SMCNL" raw gen 10				# no attribute
refused EINVAL "$SMCNL" raw gen 10 "1:str:$(pad32 X)" 2:u8:1	# unknown one
refused EINVAL "$SMCNL" raw gen 10 "0:str:$(pad32 X)"
refused EINVAL "$SMCNL" raw gen 12 1:str:X			# flush + attribute
refused EINVAL "$SMCNL" raw gen 9 dump 1:str:X			# dump + attribute
# dumps with nothing to report (no link group yet) and the one switch
out=$("$SMCNL" raw gen 2 dump) && grep -qx "ok, 0 replies" <<<"$out" ||
	fail "link group dump with no group: $out"
out=$("$SMCNL" raw gen 16 dump) && grep -qx "ok, 1 reply" <<<"$out" ||
	fail "handshake limitation dump: $out"
pretty "" "link group dump: no reply; handshake limitation dump: one"
refused EOPNOTSUPP "$SMCNL" raw gen 200
expect "$UEIDS" "$SMCNL" ueid show

# The table is global: a user namespace's root sees it but cannot change it.
if command -v python3 >/dev/null && userns_run true; then
	USERNS=1
	expect "$UEIDS" userns_run "$SMCNL" ueid show
	refused EPERM userns_run "$SMCNL" ueid add USERNS
else
	USERNS=0
	pretty "" "no user namespaces on this kernel: skipping those checks"
fi
ok "$SMCNL" ueid flush
expect "" "$SMCNL" ueid show

# 4. PNET table of init_net.
ok ip link add dummy0 type dummy
ok "$SMCNL" pnet add neta dummy0
refused EEXIST "$SMCNL" pnet add OTHER dummy0
ok "$SMCNL" pnet add NETA dummy1
ok "$SMCNL" pnet add NETB mlx5_0 1
ok "$SMCNL" pnet add NETB mlx5_0 2
refused EEXIST "$SMCNL" pnet add NETC mlx5_0 1
refused EINVAL "$SMCNL" pnet add NETC mlx5_0 0
refused EINVAL "$SMCNL" pnet add NETC mlx5_0 3
for bad in NET-1 'NE T' '' '   '; do
	refused EINVAL "$SMCNL" pnet add "$bad" dummy9
done
refused EINVAL "$SMCNL" pnet add ABCDEFGHIJKLMNOPQ dummy9	# 17 characters
refused EINVAL "$SMCNL" pnet add NETC 0123456789abcdef		# 16: no netdev name
refused EINVAL "$SMCNL" pnet add NETC "$(printf 'i%.0s' {1..64})" 1
refused EINVAL "$SMCNL" pnet add NETC ''
refused EINVAL "$SMCNL" raw pnet 2 1:str:NETC 3:str:mlx4_0 4:u32:1
refused EINVAL "$SMCNL" raw pnet 2 1:u32:7 2:str:dummy9
refused EINVAL "$SMCNL" raw pnet 2 1:bin:NETC 2:str:dummy9
refused EINVAL "$SMCNL" raw pnet 2 2:str:dummy9			# no PNET ID
refused EINVAL "$SMCNL" raw pnet 2 1:str:NETC 2:str:dummy9 9:u8:1
refused EINVAL "$SMCNL" raw pnet 1 dump 7:u8:0
refused EEXIST "$SMCNL" raw pnet 2 1:str:NETC			# nothing to add
refused EPERM nobody "$SMCNL" pnet add NETC dummy9
refused EPERM nobody "$SMCNL" pnet del NETA
refused EPERM nobody "$SMCNL" pnet flush
TABLE="NETA dummy0 n/a 255
NETA dummy1 n/a 255
NETB n/a mlx5_0 1
NETB n/a mlx5_0 2"
expect "$TABLE" "$SMCNL" pnet show
expect "$TABLE" nobody "$SMCNL" pnet show
expect "NETB n/a mlx5_0 1
NETB n/a mlx5_0 2" "$SMCNL" pnet show netb
expect "" "$SMCNL" pnet show NOPE
[ "$(objects pnet_entry)" = 4 ] || fail "pnet_entry count $(objects pnet_entry), expected 4"

# Entries follow their netdevs by name and never pin them.
dummy0=$(cat /sys/class/net/dummy0/ifindex)
[ "$(binding "$INIT" NETA dummy0)" = "$dummy0" ] || fail "NETA dummy0 not bound to $dummy0"
[ "$(binding "$INIT" NETA dummy1)" = - ] || fail "NETA dummy1 bound before it exists"
ok ip link add dummy1 type dummy
dummy1=$(cat /sys/class/net/dummy1/ifindex)
[ "$(binding "$INIT" NETA dummy1)" = "$dummy1" ] || fail "NETA dummy1 not bound to $dummy1"
ok ip link set dummy1 name dummy1x
[ "$(binding "$INIT" NETA dummy1)" = "$dummy1" ] || fail "rename lost the binding"
ok run_deadline 20 ip link del dummy1x
[ "$(binding "$INIT" NETA dummy1)" = - ] || fail "NETA dummy1 still bound after its netdev went away"
expect "$TABLE" "$SMCNL" pnet show
cat "$DBG/pnet"

# 5. A second namespace has its own table; a netdev that moves there takes
# no entry along but binds to that namespace's entry of its name.
ok ip netns add $NS
NSF=$(stat -L -c %i /run/netns/$NS)
expect "" ip netns exec $NS "$SMCNL" pnet show
ok ip netns exec $NS "$SMCNL" pnet add NETX dummy0
refused EEXIST ip netns exec $NS "$SMCNL" pnet add NETY mlx5_0 1
expect "NETX dummy0 n/a 255" ip netns exec $NS "$SMCNL" pnet show
expect "$TABLE" "$SMCNL" pnet show
[ "$(binding "$NSF" NETX dummy0)" = - ] || fail "NETX bound before dummy0 moved in"
ok ip link set dummy0 netns $NS
[ "$(binding "$INIT" NETA dummy0)" = - ] || fail "NETA dummy0 still bound after the move"
nsidx=$(ip netns exec $NS cat /sys/class/net/dummy0/ifindex)
[ "$(binding "$NSF" NETX dummy0)" = "$nsidx" ] || fail "NETX not bound to dummy0 ($nsidx) in $NS"
refused EPERM ip netns exec $NS setpriv --reuid=65534 --regid=65534 \
	--clear-groups "$SMCNL" pnet flush

# Dumps of many entries (several netlink messages per dump).
pretty "" "160 RDMA entries with long names (smcnl -b)"
for i in $(seq 1 80); do
	name=$(printf 'rdma%059d' "$i")
	echo "pnet add BULK$i $name 1"
	echo "pnet add BULK$i $name 2"
done > "$OUT/bulk"
ok "$SMCNL" -b "$OUT/bulk"
printf 'pnet add BULK1 %s 1\n' "$(printf 'rdma%059d' 1)" > "$OUT/bulk-dup"
refused EEXIST "$SMCNL" -b "$OUT/bulk-dup"
n=$("$SMCNL" pnet show | grep -c '^BULK')
[ "$n" = 160 ] || fail "dump shows $n bulk entries, expected 160"
[ "$("$SMCNL" pnet show | sort | uniq -d)" = "" ] || fail "dump repeats entries"
ok "$SMCNL" pnet del bulk7
[ "$("$SMCNL" pnet show | grep -c '^BULK')" = 158 ] || fail "del bulk7"
pretty "" "$(objects pnet_entry) pnet entries"

# A user namespace's root configures the PNET table of its own namespace.
if [ "$USERNS" = 1 ]; then
	before=$(objects pnet_entry)
	expect "USERNS d0 n/a 255" userns_run sh -c \
		"ip link add d0 type dummy && '$SMCNL' pnet add userns d0 &&
		 '$SMCNL' pnet show"
	wait_objects pnet_entry "$before"
fi

# 6. Deleting, flushing, and a namespace that goes away.
ok "$SMCNL" pnet del neta
refused ENOENT "$SMCNL" pnet del NETA
refused ENOENT "$SMCNL" pnet del NET-1
before=$(objects pnet_entry)
ok ip netns del $NS
wait_objects pnet_entry $((before - 1))
ok "$SMCNL" pnet flush
ok "$SMCNL" pnet flush
expect "" "$SMCNL" pnet show
leak_check 5 || fail "objects left after flushing"

# 7. Unloading with entries in the tables frees them.
ok "$SMCNL" pnet add NETA dummy9
ok "$SMCNL" pnet add NETB mlx5_0 1
ok "$SMCNL" ueid add SMC-TEST.UEID-1
af_smc_unload || fail "af_smc does not unload cleanly"
pretty "" "done in ${SECONDS}s"
exit 0
