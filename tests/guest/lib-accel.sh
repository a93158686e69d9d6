# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib-accel.sh - helpers shared by the transparent acceleration scenarios
# (80-smc-run, 82-ipproto-smc, 85-tcp2smc): sourced after tests/vm/lib.sh.

# shellcheck disable=SC2034  # used by the scenarios that source this
DBG=/sys/kernel/debug/af_smc
# shellcheck disable=SC2034
SMC_RUN=$TOP/tools/smc_run/build/smc_run
# shellcheck disable=SC2034
SMC_RUN_LIB=$TOP/tools/smc_run/build/libsmc_run.so

# netstat_get NAME: one counter of debugfs af_smc/netstat (init_net)
netstat_get() {
	awk -v n="$1" '$1 == n { print $2; f = 1 } END { if (!f) print 0 }' \
		"$DBG/netstat"
}

# count_socks FILE MODE [PROTO]: sockets of FILE (a copy of debugfs
# sockets) in MODE (smcr, fallback), optionally only of PROTO
count_socks() {
	awk -v m="$2" -v p="${3:-}" \
		'NR > 1 && $5 == m && (p == "" || $3 == p) { n++ } END { print n + 0 }' "$1"
}

# mkfile PATH BYTES: a file of random bytes
mkfile() {
	head -c "$2" /dev/urandom > "$1"
}

# sha FILE: its SHA-256
sha() {
	sha256sum "$1" | awk '{ print $1 }'
}

# smcr_proof NAME CMD...: run CMD (a client that talks to a server already
# listening), record the debugfs sockets while it runs and the rxe0/netstat
# counters around it. CMD must succeed, and the SMC-R client/server
# connection counters and rxe0's sent packets must grow, with no new
# fallback. Leaves the snapshot in /tmp/proof.socks.
smcr_proof() {
	local name=$1 c0 s0 f0 p0 c1 s1 f1 p1 pid rc=0
	shift
	c0=$(netstat_get smcr_client) s0=$(netstat_get smcr_server)
	f0=$(netstat_get fallback) p0=$(rxe_ctr_get rxe0 sent_pkts)
	"$@" & pid=$!
	# keep the snapshot with the most SMC-R sockets (slow guests)
	: > /tmp/proof.socks
	while kill -0 "$pid" 2>/dev/null; do
		cat "$DBG/sockets" > /tmp/proof.new
		[ "$(count_socks /tmp/proof.new smcr)" -gt \
		  "$(count_socks /tmp/proof.socks smcr)" ] &&
			cp /tmp/proof.new /tmp/proof.socks
		sleep 0.3
	done
	wait "$pid" || rc=$?
	c1=$(netstat_get smcr_client) s1=$(netstat_get smcr_server)
	f1=$(netstat_get fallback) p1=$(rxe_ctr_get rxe0 sent_pkts)
	echo "$name: smcr_client +$((c1 - c0)) smcr_server +$((s1 - s0)) fallback +$((f1 - f0)) rxe0 sent_pkts +$((p1 - p0))"
	prefix_lines "  sockets | " < /tmp/proof.socks
	if [ "$rc" != 0 ]; then
		echo "$name: the client failed (exit $rc)"
		return 1
	fi
	if [ $((c1 - c0)) -lt 1 ] || [ $((s1 - s0)) -lt 1 ] ||
	   [ $((f1 - f0)) != 0 ] || [ $((p1 - p0)) -lt 100 ]; then
		echo "$name: not carried by SMC-R"
		return 1
	fi
	pretty "" "$name: over SMC-R (rxe0 +$((p1 - p0)) packets)"
}

# fallback_proof NAME CMD...: like smcr_proof, but the connection(s) must
# fall back to TCP: fallback grows, no SMC-R connection is made.
fallback_proof() {
	local name=$1 c0 s0 f0 c1 s1 f1 rc=0
	shift
	c0=$(netstat_get smcr_client) s0=$(netstat_get smcr_server)
	f0=$(netstat_get fallback)
	"$@" || rc=$?
	c1=$(netstat_get smcr_client) s1=$(netstat_get smcr_server)
	f1=$(netstat_get fallback)
	echo "$name: smcr_client +$((c1 - c0)) smcr_server +$((s1 - s0)) fallback +$((f1 - f0))"
	if [ "$rc" != 0 ]; then
		echo "$name: the client failed (exit $rc)"
		return 1
	fi
	if [ $((f1 - f0)) -lt 1 ] || [ $((c1 - c0)) != 0 ] ||
	   [ $((s1 - s0)) != 0 ]; then
		echo "$name: expected a fallback to TCP and no SMC-R"
		return 1
	fi
	pretty "" "$name: fell back to TCP, data intact"
}

# nginx_conf DIR PORT: a minimal nginx serving DIR/www on 127.0.0.1:PORT,
# everything it writes under DIR; prints the config file's path
nginx_conf() {
	local dir=$1 port=$2
	mkdir -p "$dir/www" "$dir/tmp"
	cat > "$dir/nginx.conf" <<EOC
daemon off;
master_process off;
worker_processes 1;
pid $dir/nginx.pid;
error_log stderr warn;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path $dir/tmp;
	proxy_temp_path $dir/tmp;
	fastcgi_temp_path $dir/tmp;
	uwsgi_temp_path $dir/tmp;
	scgi_temp_path $dir/tmp;
	server {
		listen 127.0.0.1:$port;
		root $dir/www;
	}
}
EOC
	echo "$dir/nginx.conf"
}
