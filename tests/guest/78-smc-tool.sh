#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 78-smc-tool: the smc(8) admin tool (tools/smc) against a live SMC stack.
# It must report exactly what exists: the connections this script creates
# (SMC-R over rxe on lo, and AF_SMC clients that fall back to TCP), their
# link group, link and device, the statistics they add, in text and in JSON
# (checked with python3), and it must round-trip the UEID and pnet tables,
# whose pnet rules must change which RDMA device a connection may use. The
# tool runs as its ASan/UBSan build (build/smc-asan): any memory error or
# leak fails the command and so the scenario.
#
#   +------------------------------ guest ------------------------------+
#   |  xfer client -f smc ---- TCP 127.0.0.1 ----> xfer server -f smc   |
#   |        |  (-e: smc sock/lgr/link/dev show while the streams live) |
#   |        +---- RC QP ---- rxe0 on lo (RoCE v2) ----+                |
#   |  xfer client -f smc ---- TCP 127.0.0.1 ----> xfer server -f tcp   |
#   |        (falls back: peer-no-smc)                                  |
#   |  netns smct: a dummy with a pnet ID, invisible outside it         |
#   +-------------------------------------------------------------------+
#
# SMC_TOOL_IMPL selects the SMC implementation(s) to test, one after the
# other in this guest: "upstream" (the distribution's smc.ko + smc_diag.ko),
# "ours" (af_smc.ko), or "both" (default on 6.12; on other kernels the
# default is "ours", because upstream smc.ko needs a fixed rxe on 6.1).
# OURS_FEATURES lists what af_smc.ko implements: every other tool command
# must fail against it with exit code 2 and "not supported".
#
# timeout: 900
set -u
# shellcheck source=tests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

need_cmd rdma ip insmod python3 setpriv
SMC=$TOP/tools/smc/build/smc-asan
XFER=$TOP/tests/bench/build/xfer
OUT=${SCENARIO_OUT:-/tmp/smct}
UEID=AF-SMC-TOOL-UEID
BLOCK=/etc/modprobe.d/af-smc-test.conf
PORT=22780
N=3	# SMC-R connections
M=2	# fallback connections
OURS_FEATURES=${OURS_FEATURES:-info ueid seid pnet sock lgr link dev stats}
if [ "$(kernel_name)" = 6.12 ]; then
	IMPL=${SMC_TOOL_IMPL:-both}
else
	IMPL=${SMC_TOOL_IMPL:-ours}
fi
mkdir -p "$OUT"
[ -x "$SMC" ] || fail "$SMC missing (make -C tools/smc all asan)"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1

CUR=''	# implementation under test: upstream | ours

# smc ARGS...: run the tool, echo the command; its exit code is returned
smc() {
	pretty "" "smc $*" >&2
	"$SMC" "$@"
}

# jq_py EXPR FILE: evaluate python EXPR with d = the JSON in FILE
jq_py() {
	python3 -c "import json,sys
d = json.load(open(sys.argv[1]))
print($1)" "$2"
}

# json_ok FILE: FILE holds valid JSON
json_ok() {
	python3 -m json.tool "$1" > /dev/null || {
		echo "not valid JSON:"
		prefix_lines "  | " < "$1"
		return 1
	}
}

# expect_rc RC CMD...: CMD must exit with RC
expect_rc() {
	local want=$1 rc
	shift
	"$@" > "$OUT/stdout" 2> "$OUT/stderr"
	rc=$?
	if [ "$rc" != "$want" ]; then
		echo "'$*' exited $rc, expected $want"
		prefix_lines "  out| " < "$OUT/stdout"
		prefix_lines "  err| " < "$OUT/stderr"
		return 1
	fi
}

# has FEATURE: the implementation under test offers FEATURE
has() {
	[ "$CUR" = upstream ] && return 0
	[[ " $OURS_FEATURES " == *" $1 "* ]]
}

# ---------------------------------------------------------------------------
# bringing an implementation up and down

impl_up() {
	CUR=$1
	pretty "" "===== implementation under test: $CUR ====="
	if [ "$CUR" = upstream ]; then
		ip link set lo up
		upstream_smc_up lo "$UEID" NETA || return 1
	else
		[ -e "$BLOCK" ] || printf 'install smc /bin/false\ninstall smc_diag /bin/false\n' > "$BLOCK"
		rxe_lo rxe0 || return 1
		af_smc_load || return 1
		smc ueid add "$UEID" || return 1
	fi
}

# no_socks [SECS]: wait until no AF_SMC socket is left
no_socks() {
	if [ "$CUR" = ours ]; then
		smc_socks_gone "${1:-10}"
		return
	fi
	local end=$((SECONDS + ${1:-10}))
	while [ "$SECONDS" -lt "$end" ]; do
		[ "$("$SMC" -j sock show | jq_py 'len(d)' /dev/stdin)" = 0 ] &&
			return 0
		sleep 0.2
	done
	echo "AF_SMC sockets still open:"
	"$SMC" sock show
	return 1
}

impl_down() {
	smc pnet flush || return 1
	smc ueid flush || return 1
	no_socks 20 || return 1
	if [ "$CUR" = upstream ]; then
		local _
		for _ in $(seq 40); do
			rmmod smc_diag smc 2>/dev/null
			grep -q '^smc ' /proc/modules || break
			sleep 0.5
		done
		grep -q '^smc ' /proc/modules && { echo "rmmod smc fails"; return 1; }
		pretty "" "smc.ko unloaded"
		rxe_del rxe0
	else
		# removing the device ends the lingering link groups
		run_deadline 60 rdma link delete rxe0 || return 1
		leak_check 10 || return 1
		af_smc_unload || return 1
	fi
	printf 'install smc /bin/false\ninstall smc_diag /bin/false\n' > "$BLOCK"
}

# ---------------------------------------------------------------------------
# checks that need no connection

check_not_loaded() {
	[ -e "$BLOCK" ] || printf 'install smc /bin/false\ninstall smc_diag /bin/false\n' > "$BLOCK"
	expect_rc 2 "$SMC" info || return 1
	grep -q 'af_smc module not loaded' "$OUT/stderr" || return 1
	expect_rc 2 "$SMC" -j sock show || return 1
	grep -q 'module not loaded' "$OUT/stderr" || return 1
	[ ! -s "$OUT/stdout" ] || { echo "output despite the error"; return 1; }
	expect_rc 2 "$SMC" pnet show || return 1
	expect_rc 1 "$SMC" frobnicate || return 1
	expect_rc 1 "$SMC" sock show state NOSUCHSTATE || return 1
	expect_rc 1 "$SMC" pnet add X frob y || return 1
	expect_rc 1 "$SMC" ueid add 0123456789012345678901234567890123 || return 1
	pretty "" "no module: exit 2 'not loaded'; usage errors: exit 1"
}

check_info() {
	local mod
	[ "$CUR" = upstream ] && mod=smc || mod=af_smc
	smc info > "$OUT/info.txt" || return 1
	cat "$OUT/info.txt"
	grep -q "smc_version 2 .* module $mod " "$OUT/info.txt" || return 1
	smc -j info > "$OUT/info.json" || return 1
	json_ok "$OUT/info.json" || return 1
	[ "$(jq_py 'd["module"], d["smc_version"], d["smcr_v2"], d["pnet_table"]' "$OUT/info.json")" = "$mod 2 True True" ] ||
		{ cat "$OUT/info.json"; return 1; }
	# sock_diag is there exactly when the implementation has it
	[ "$(jq_py 'd["sock_diag"]' "$OUT/info.json")" = "$(has sock && echo True || echo False)" ] ||
		{ echo "info: wrong sock_diag"; return 1; }
}

check_ueid() {
	smc ueid flush || return 1
	[ -z "$("$SMC" ueid show)" ] || return 1
	smc ueid add "$UEID" || return 1
	smc ueid add second.eid-2 || return 1	# stored in upper case
	smc ueid show > "$OUT/ueid.txt" || return 1
	cat "$OUT/ueid.txt"
	[ "$(sort "$OUT/ueid.txt" | tr '\n' ' ')" = "ueid $UEID ueid SECOND.EID-2 " ] ||
		return 1
	smc -j ueid show > "$OUT/ueid.json" && json_ok "$OUT/ueid.json" || return 1
	[ "$(jq_py 'sorted(e["ueid"] for e in d)' "$OUT/ueid.json")" = "['$UEID', 'SECOND.EID-2']" ] ||
		return 1
	expect_rc 4 "$SMC" ueid add "$UEID" || return 1		# EEXIST
	expect_rc 4 "$SMC" ueid add 'BAD EID' || return 1	# EINVAL
	expect_rc 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SMC" ueid add NOBODY || return 1
	grep -q 'permission denied' "$OUT/stderr" || return 1
	expect_rc 0 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SMC" ueid show || return 1	# dumps are for everyone
	smc ueid del second.eid-2 || return 1
	[ "$("$SMC" -j ueid show | jq_py 'len(d)' /dev/stdin)" = 1 ] || return 1
	expect_rc 4 "$SMC" ueid del second.eid-2 || return 1
	pretty "" "ueid: add/show/del/flush round-trip, EEXIST, EINVAL, EPERM"
}

check_seid() {
	smc seid show > "$OUT/seid.txt" || return 1
	cat "$OUT/seid.txt"
	smc -j seid show > "$OUT/seid.json" && json_ok "$OUT/seid.json" ||
		return 1
	[ "$(jq_py 'd["enabled"]' "$OUT/seid.json")" = False ] || return 1
	# no system EID off s390: enabling it is not supported
	expect_rc 2 "$SMC" seid enable || return 1
	grep -q 'not supported' "$OUT/stderr" || return 1
	expect_rc 2 "$SMC" seid disable || return 1
}

# pnet_is "ID NETDEV IBDEV IBPORT;..." : the table, sorted, in JSON
pnet_is() {
	local got
	"$SMC" -j pnet show > "$OUT/pnet.json" && json_ok "$OUT/pnet.json" ||
		return 1
	got=$(jq_py '";".join(sorted("%s %s %s %s" % (e["pnetid"], e["netdev"] or "-", e["ibdev"] or "-", e.get("ibport", "-")) for e in d))' "$OUT/pnet.json")
	if [ "$got" != "$1" ]; then
		echo "pnet table: got '$got', expected '$1'"
		return 1
	fi
}

check_pnet_table() {
	smc pnet flush || return 1
	pnet_is "" || return 1
	[ -z "$("$SMC" pnet show)" ] || return 1
	smc pnet add testa netdev lo || return 1	# upper-cased by the kernel
	smc pnet add TESTB ibdev rxe0 ibport 1 || return 1
	pnet_is "TESTA lo - -;TESTB - rxe0 1" || return 1
	smc pnet show > "$OUT/pnet.txt" || return 1
	cat "$OUT/pnet.txt"
	grep -qx 'pnetid TESTA netdev lo ibdev -' "$OUT/pnet.txt" &&
	grep -qx 'pnetid TESTB netdev - ibdev rxe0 ibport 1' "$OUT/pnet.txt" &&
	[ "$(wc -l < "$OUT/pnet.txt")" = 2 ] || return 1
	[ "$("$SMC" -j pnet show TESTB | jq_py '[e["ibdev"] for e in d]' /dev/stdin)" = "['rxe0']" ] ||
		return 1
	expect_rc 4 "$SMC" pnet add TESTC netdev lo || return 1	# EEXIST
	expect_rc 4 "$SMC" pnet add 'BAD!ID' netdev lo || return 1	# EINVAL
	expect_rc 3 setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$SMC" pnet add TESTC netdev lo || return 1
	smc pnet del TESTA || return 1
	pnet_is "TESTB - rxe0 1" || return 1
	expect_rc 4 "$SMC" pnet del TESTA || return 1
	smc pnet flush || return 1
	pnet_is "" || return 1

	# the table is per network namespace; -n enters one
	ip netns add smct || return 1
	ip -n smct link add d0 type dummy || return 1
	smc -n smct pnet add NSNET netdev d0 || return 1
	[ "$("$SMC" -n smct -j pnet show | jq_py '[e["pnetid"] for e in d]' /dev/stdin)" = "['NSNET']" ] ||
		return 1
	pnet_is "" || return 1
	expect_rc 5 "$SMC" -n no-such-netns pnet show || return 1
	smc -n smct pnet flush || return 1
	ip netns delete smct
	pretty "" "pnet: add/show/del/flush round-trip, errors, per netns"
}

# ---------------------------------------------------------------------------
# connections

# one_conn_mode FILE: after a single connection recorded into FILE (its
# client's view), print the mode every non-listening socket had
one_conn_mode() {
	if has sock; then
		jq_py '" ".join(sorted(set(e["mode"] for e in d if e["state"] != "LISTEN")))' "$1"
	else
		awk 'NR > 1 && $4 != 10 { print $5 }' "$1" | sort -u | tr '\n' ' ' |
			sed 's/ $//'
	fi
}

# conn_expect MODE: one checksummed connection; every SMC socket it made
# must be in MODE (smcr or fallback)
conn_expect() {
	local want=$1 port=$((PORT++)) srv rec got
	if has sock; then
		rec="$SMC -j sock show port $port > $OUT/one.json"
	else
		rec="cat /sys/kernel/debug/af_smc/sockets > $OUT/one.json"
	fi
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b 100000 & srv=$!
	wait_listen "$port" || return 1
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b 100000 -e "$rec" ||
		return 1
	wait "$srv" || return 1
	got=$(one_conn_mode "$OUT/one.json")
	if [ "$got" != "$want" ]; then
		echo "connection on port $port: mode '$got', expected '$want'"
		prefix_lines "  | " < "$OUT/one.json"
		return 1
	fi
	pretty "" "port $port: $want, as the pnet table says"
	no_socks 20
}

check_pnet_select() {
	smc pnet flush || return 1
	if [ "$CUR" = ours ]; then
		# no pnet ID anywhere: the port whose netdev is the egress one
		conn_expect smcr || return 1
		# an ID on the netdev only: no port carries it
		smc pnet add NETA netdev lo || return 1
		conn_expect fallback || return 1
		smc pnet flush || return 1
	fi
	smc pnet add NETA netdev lo || return 1
	smc pnet add NETB ibdev rxe0 ibport 1 || return 1
	conn_expect fallback || return 1
	smc pnet del NETB || return 1
	smc pnet add NETA ibdev rxe0 ibport 1 || return 1
	conn_expect smcr || return 1
	pretty "" "pnet rules decide whether rxe0 may carry the connection"
}

# stat_get FILE EXPR: a value of smc -j stats output
stat_get() {
	jq_py "$2" "$1"
}

check_unsupported() {
	local what mod=smc
	[ "$CUR" = ours ] && mod=af_smc
	for what in "sock show" "lgr show" "link show" "dev show" "stats"; do
		has "${what%% *}" && continue
		# shellcheck disable=SC2086
		expect_rc 2 "$SMC" -j $what || return 1
		grep -qF "not supported by the loaded SMC module ($mod)" "$OUT/stderr" ||
			{ cat "$OUT/stderr"; return 1; }
		[ ! -s "$OUT/stdout" ] || return 1
		pretty "" "$what: exit 2, $(cat "$OUT/stderr")"
	done
}

# the -e command of the SMC-R client: record everything while it lives
live_record() {
	cat > "$OUT/record.sh" <<EOF
cd "$OUT"
# sock: the client's own sockets only, the ones that surely live on
for f in "sock show dport $1" "lgr show" "link show" "dev show"; do
	n=\${f%% *}
	$SMC \$f > \$n.txt; echo \$? > \$n.rc
	$SMC -j \$f > \$n.json; echo \$? >> \$n.rc
done
$SMC -d sock show dport $1 > sockd.txt
$SMC -j -n smct sock show > netns.json
EOF
}

check_live() {
	local port=$((PORT++)) port2 srv f
	has sock || return 0
	ip netns add smct || return 1
	smc -j stats > "$OUT/stats0.json" && json_ok "$OUT/stats0.json" ||
		return 1

	# N SMC-R connections, inspected from the client while they live
	live_record "$port"
	"$XFER" server -1 -f smc -a 127.0.0.1 -p "$port" -b 200000 -n $N \
		-e "$SMC -j sock show sport $port > $OUT/srv.json" & srv=$!
	wait_listen "$port" || return 1
	smc sock show state LISTEN sport "$port" > "$OUT/listen.txt" || return 1
	cat "$OUT/listen.txt"
	[ "$(wc -l < "$OUT/listen.txt")" = 1 ] &&
		grep -q "^state LISTEN mode smcr local 127.0.0.1:$port " "$OUT/listen.txt" ||
		{ echo "expected one listener on $port"; return 1; }
	"$XFER" client -f smc -a 127.0.0.1 -p "$port" -b 200000 -n $N \
		-e "sh $OUT/record.sh" || return 1
	wait "$srv" || return 1
	for f in sock lgr link dev; do
		[ "$(tr '\n' ' ' < "$OUT/$f.rc")" = "0 0 " ] ||
			{ echo "$f show failed"; return 1; }
		json_ok "$OUT/$f.json" || return 1
		echo "--- smc $f show"
		cat "$OUT/$f.txt"
		# text and JSON list the same objects
		[ "$(grep -c '^[^ ]' "$OUT/$f.txt")" = "$(jq_py 'len(d)' "$OUT/$f.json")" ] ||
			{ echo "$f: text and JSON differ in length"; return 1; }
	done
	cat "$OUT/sockd.txt"

	# the client's N sockets (peer port = $port), all SMC-R on rxe0
	python3 - "$OUT" "$port" "$N" <<'EOF' || return 1
import json, sys
out, port, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
load = lambda f: json.load(open("%s/%s" % (out, f)))
socks, lgrs, links, devs = load("sock.json"), load("lgr.json"), load("link.json"), load("dev.json")
err = []
cli = [s for s in socks if s["peer"] == "127.0.0.1:" + port]
if len(cli) != n:
    err.append("client sockets: %d, expected %d" % (len(cli), n))
for s in cli:
    # (the server may have closed already: any state but LISTEN/CLOSED)
    if (s["mode"], s.get("ibdev"), s.get("role")) != ("smcr", "rxe0", "client") or \
       s["state"] in ("LISTEN", "CLOSED"):
        err.append("client socket not SMC-R on rxe0: %s" % s)
    if s["fallback"] != "0x00000000":
        err.append("SMC-R socket with a fallback reason: %s" % s)
srv = [s for s in load("srv.json") if s["state"] != "LISTEN"]
if len(srv) != n or any(s["mode"] != "smcr" or s.get("role") != "server" for s in srv):
    err.append("server view: %s" % srv)
clgr = [g for g in lgrs if g["role"] == "client"]
if sum(g["conns"] for g in clgr) != n:
    err.append("client link groups carry %d connections, expected %d: %s" % (sum(g["conns"] for g in clgr), n, clgr))
ids = set(g["id"] for g in clgr)
clinks = [l for l in links if l.get("lgr") in ids]
if not clinks or sum(l["conns"] for l in clinks) != n:
    err.append("links of the client groups: %s" % clinks)
for l in links:
    if l["state"] != "active" or l["ibdev"] != "rxe0" or l.get("lgr") not in set(g["id"] for g in lgrs):
        err.append("link: %s" % l)
for g in lgrs:
    if g["type"] != "single" or g.get("eid") != "AF-SMC-TOOL-UEID":
        err.append("link group: %s" % g)
rxe = [d for d in devs if d.get("ibdev") == "rxe0"]
if len(rxe) != 1 or rxe[0]["port1"]["state"] != "active" or \
   rxe[0]["port1"]["links"] != sum(1 for l in links if l["ibdev"] == "rxe0"):
    err.append("devices: %s (links %d)" % (devs, len(links)))
if load("netns.json") != []:
    err.append("sockets seen from netns smct: %s" % load("netns.json"))
for e in err:
    print("live check:", e)
sys.exit(1 if err else 0)
EOF
	grep -c "conn: token" "$OUT/sockd.txt" | grep -qx "$N" ||
		{ echo "sock show -d: no connection details"; return 1; }
	pretty "" "$N SMC-R connections: sock, lgr, link and dev show agree, text = JSON"
	no_socks 20 || return 1
	smc -j stats > "$OUT/stats1.json" && json_ok "$OUT/stats1.json" ||
		return 1
	for f in client_v2 server_v2; do
		[ $(( $(stat_get "$OUT/stats1.json" "d['smcr']['$f']") -
		      $(stat_get "$OUT/stats0.json" "d['smcr']['$f']") )) = $N ] ||
			{ echo "stats: smcr $f did not grow by $N"; return 1; }
	done

	# M AF_SMC clients of a plain TCP server: fallback, peer-no-smc
	port2=$((PORT++))
	"$XFER" server -1 -f tcp -a 127.0.0.1 -p "$port2" -b 1000 -n $M & srv=$!
	wait_listen "$port2" || return 1
	"$XFER" client -f smc -a 127.0.0.1 -p "$port2" -b 1000 -n $M \
		-e "$SMC sock show mode fallback dport $port2 > $OUT/fb.txt; $SMC -j sock show dport $port2 > $OUT/fb.json" ||
		return 1
	wait "$srv" || return 1
	cat "$OUT/fb.txt"
	json_ok "$OUT/fb.json" || return 1
	[ "$(grep -c " mode fallback .* fallback 0x03010000 fallback_name peer-no-smc " "$OUT/fb.txt")" = $M ] &&
	[ "$(wc -l < "$OUT/fb.txt")" = $M ] &&
	[ "$(jq_py 'sorted(set((e["mode"], e["fallback"]) for e in d)), len(d)' "$OUT/fb.json")" = "[('fallback', '0x03010000')] $M" ] ||
		{ echo "expected $M fallback sockets (peer-no-smc)"; return 1; }
	no_socks 20 || return 1
	smc stats || return 1
	smc -j stats > "$OUT/stats2.json" && json_ok "$OUT/stats2.json" ||
		return 1
	[ $(( $(stat_get "$OUT/stats2.json" "d['fallback']['client']") -
	      $(stat_get "$OUT/stats1.json" "d['fallback']['client']") )) = $M ] ||
		{ echo "stats: client fallbacks did not grow by $M"; return 1; }
	[ $(( $(stat_get "$OUT/stats2.json" "d['fallback']['client_reasons']['0x03010000']['count']") -
	      $(stat_get "$OUT/stats1.json" "d['fallback'].get('client_reasons', {}).get('0x03010000', {}).get('count', 0)") )) = $M ] ||
		{ echo "stats: peer-no-smc count did not grow by $M"; return 1; }
	smc -d stats > /dev/null || return 1
	ip netns delete smct
	pretty "" "$M fallback connections: sock show and stats count them"
}

run_impl() {
	impl_up "$1" || fail "$1: setup"
	check_info || fail "$1: info"
	check_ueid || fail "$1: ueid"
	check_seid || fail "$1: seid"
	check_pnet_table || fail "$1: pnet table"
	check_pnet_select || fail "$1: pnet device selection"
	check_unsupported || fail "$1: unsupported commands"
	check_live || fail "$1: live connections"
	impl_down || fail "$1: tear-down"
	pretty "" "===== $1: all checks passed ====="
}

check_not_loaded || fail "without a module"
case "$IMPL" in
upstream|ours)	run_impl "$IMPL" ;;
both)		run_impl upstream; run_impl ours ;;
*)		fail "SMC_TOOL_IMPL=$IMPL: upstream, ours or both" ;;
esac
exit 0
