#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 82-ipproto-smc: socket(AF_INET or AF_INET6, SOCK_STREAM, IPPROTO_SMC)
# behaves like TCP (the conformance suite's cases, logs compared line by
# line with AF_INET/AF_INET6 TCP, in fallback mode) while it is an SMC
# socket; an open one pins the module; TCP_ULP "smc" is refused with
# EOPNOTSUPP on TCP, AF_SMC and IPPROTO_SMC sockets while af_smc is loaded.
# (SMC-R over IPPROTO_SMC sockets: 80-smc-run with -p ipproto, 85-tcp2smc.)
#
#   +------------------------------ guest -------------------------------+
#   |  smc_conform -V inet,inet6,ipsmc4,ipsmc6 (127.0.0.1, ::1)   |
#   |  python3: setsockopt(TCP_ULP, "smc") on tcp / AF_SMC / IPPROTO_SMC  |
#   +--------------------------------------------------------------------+
#
# timeout: 900
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

CONFORM=$TOP/tests/socket/build/smc_conform
[ -x "$CONFORM" ] || fail "$CONFORM missing (make -C tests/socket)"
need_cmd python3

# ulp_try KIND: setsockopt(SOL_TCP, TCP_ULP, "smc") on a new socket of
# KIND (tcp, af_smc, ipproto); prints "ok" or the errno name
ulp_try() {
	python3 - "$1" <<'EOPY'
import errno, socket, sys
kind = sys.argv[1]
if kind == "tcp":
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 0)
elif kind == "af_smc":
    s = socket.socket(43, socket.SOCK_STREAM, 0)
else:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 256)
try:
    s.setsockopt(socket.IPPROTO_TCP, 31, b"smc")   # TCP_ULP
    print("ok")
except OSError as e:
    print("EOPNOTSUPP" if e.errno == errno.EOPNOTSUPP else errno.errorcode[e.errno])
EOPY
}

out=$(ulp_try tcp)
echo "TCP_ULP smc on TCP without af_smc: $out"
[ "$out" = ENOENT ] || fail "TCP_ULP smc without af_smc: $out, expected ENOENT"

af_smc_load || fail "af_smc"
for kind in tcp af_smc ipproto; do
	out=$(ulp_try $kind)
	echo "TCP_ULP smc on $kind: $out"
	[ "$out" = EOPNOTSUPP ] || fail "TCP_ULP smc on $kind: $out"
done
grep -qw smc /proc/sys/net/ipv4/tcp_available_ulp || fail "ULP smc not listed"
pretty "" "TCP_ULP smc: EOPNOTSUPP on TCP, AF_SMC and IPPROTO_SMC sockets"

# an open IPPROTO_SMC socket pins the module
rm -f /tmp/ipsmc-open
python3 -c 'import socket, time
s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM, 256)
open("/tmp/ipsmc-open", "w").close()
time.sleep(600)' &
holder=$!
for _ in $(seq 300); do
	[ -e /tmp/ipsmc-open ] && break
	sleep 0.1
done
[ -e /tmp/ipsmc-open ] || fail "the IPPROTO_SMC socket was not created"
rmmod af_smc 2>/dev/null && fail "rmmod succeeded under an open IPPROTO_SMC socket"
kill $holder
wait $holder 2>/dev/null
pretty "" "an open IPPROTO_SMC socket pins the module"

rc=0
"$CONFORM" --require-smc -V inet,inet6,ipsmc4,ipsmc6 "$@" || rc=1
[ $rc = 0 ] || fail "conformance of IPPROTO_SMC sockets"
leak_check 10 || fail "leak"
af_smc_unload || fail "unload"
out=$(ulp_try tcp)
[ "$out" = ENOENT ] || fail "TCP_ULP smc after unload: $out, expected ENOENT"
pretty "" "IPPROTO_SMC sockets behave like TCP; ULP smc gone with the module"
exit 0
