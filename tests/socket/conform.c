// SPDX-License-Identifier: GPL-2.0
/*
 * smc_conform - AF_SMC socket API conformance suite (TCP-fallback mode).
 *
 * Each case below is one body run for every variant:
 *   inet  = socket(AF_INET,  SOCK_STREAM, 0)             127.0.0.1
 *   inet6 = socket(AF_INET6, SOCK_STREAM, 0)             ::1
 *   smc4  = socket(AF_SMC,   SOCK_STREAM, SMCPROTO_SMC)  127.0.0.1
 *   smc6  = socket(AF_SMC,   SOCK_STREAM, SMCPROTO_SMC6) ::1
 *   ipsmc4, ipsmc6 = socket(AF_INET[6], SOCK_STREAM, IPPROTO_SMC), only
 *           when -V names them; compared with inet and inet6
 * in a child process of its own (bounded by alarm()).  The body logs what
 * the kernel answered; a case passes when log(smc4) == log(inet),
 * log(smc6) == log(inet6), log(inet6) == log(inet) except lines marked
 * family-specific, every CHECK() held and no descriptor leaked.
 *
 * Flags: VF_ALL = every variant, VF_V6 = the IPv6 ones only, VF_SMC =
 * smc4+smc6 only; CF_NOCMP = not compared (CHECKs only), CF_NOXFAM = inet6
 * not compared with inet.
 */
#include "conform.h"
#include "runner.h"

#include <dirent.h>
#include <getopt.h>
#include <poll.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <stddef.h>

const struct tcase cases[] = {
/* name                   body              flags          secs  description */
{ "socket-basic",         c_socket_basic,   VF_ALL, 10,
  "fresh socket: SOCK_* flags, SO_TYPE, names, poll mask, TCP state" },
{ "so-domain-protocol",   c_so_domain,      VF_ALL, 10,
  "SO_DOMAIN/SO_PROTOCOL normalised; exact values asserted per variant" },
{ "bind-port0",           c_bind_port0,     VF_ALL, 10,
  "bind loopback/any port 0, getsockname gives a port" },
{ "bind-addrinuse",       c_bind_addrinuse, VF_ALL, 10,
  "EADDRINUSE rules: plain, listening, SO_REUSEADDR, wildcard" },
{ "bind-reuseaddr-timewait", c_bind_reuseaddr_tw, VF_ALL, 15,
  "rebind a port held by TIME_WAIT: EADDRINUSE without, 0 with SO_REUSEADDR" },
{ "bind-reuseport",       c_bind_reuseport, VF_ALL, 15,
  "two SO_REUSEPORT listeners share a port and accept all clients" },
{ "bind-twice",           c_bind_twice,     VF_ALL, 10,
  "second bind EINVAL; bind after listen/connect EINVAL" },
{ "bind-badaddr",         c_bind_badaddr,   VF_ALL, 10,
  "bind: wrong family, AF_UNSPEC, short/long length, EFAULT, non-local" },
{ "connect-badaddr",      c_connect_badaddr, VF_ALL, 10,
  "connect: wrong family, short/long length, EFAULT" },
{ "listen-accept",        c_listen_accept,  VF_ALL, 15,
  "autobind on listen, backlog, accept addresses, misuse of listeners" },
{ "accept4-flags",        c_accept4_flags,  VF_ALL, 10,
  "accept4 SOCK_NONBLOCK/SOCK_CLOEXEC, bad flags, flag inheritance" },
{ "accept-nonblock",      c_accept_nonblock, VF_ALL, 10,
  "non-blocking accept EAGAIN, SO_RCVTIMEO on accept, listener poll" },
{ "connect-blocking",     c_connect_blocking, VF_ALL, 10,
  "blocking connect, EISCONN, connect to the wildcard address" },
{ "connect-nonblock",     c_connect_nonblock, VF_ALL, 10,
  "EINPROGRESS, POLLOUT, SO_ERROR 0, reconnect 0 then EISCONN" },
{ "connect-refused",      c_connect_refused, VF_ALL, 10,
  "blocking connect to a closed port: ECONNREFUSED, state afterwards" },
{ "connect-refused-nb",   c_connect_refused_nb, VF_ALL, 10,
  "non-blocking connect to a closed port: poll mask, SO_ERROR, retries" },
{ "connect-timeout",      c_connect_timeout, VF_ALL, 15,
  "SO_SNDTIMEO connect to a listener whose accept queue is full" },
{ "connect-unspec",       c_connect_unspec, VF_ALL, 15,
  "connect(AF_UNSPEC) disconnects (peer sees reset), socket reusable" },
{ "send-unconnected",     c_send_unconnected, VF_ALL, 10,
  "I/O on never-connected sockets: EPIPE+SIGPIPE, ENOTCONN" },
{ "io-apis",              c_io_apis,        VF_ALL, 10,
  "send/write/sendto/sendmsg/writev x recv/read/recvfrom/recvmsg/readv" },
{ "recv-peek",            c_recv_peek,      VF_ALL, 10,
  "MSG_PEEK (+DONTWAIT, +TRUNC) and MSG_TRUNC discard" },
{ "msg-dontwait",         c_dontwait,       VF_ALL, 20,
  "MSG_DONTWAIT/O_NONBLOCK EAGAIN on empty recv and on full send" },
{ "msg-waitall",          c_waitall,        VF_ALL, 15,
  "MSG_WAITALL collects chunks; stops at EOF, timeout, DONTWAIT" },
{ "oob",                  c_oob,            VF_ALL, 10,
  "MSG_OOB urgent byte, SIOCATMARK, POLLPRI, reading past the mark" },
{ "oob-inline",           c_oob_inline,     VF_ALL, 10,
  "SO_OOBINLINE: urgent byte in-line, MSG_OOB EINVAL, SIOCATMARK" },
{ "sigpipe",              c_nosignal,       VF_ALL, 10,
  "send after peer close: EPIPE with/without MSG_NOSIGNAL, SIGPIPE count" },
{ "shutdown-wr",          c_shut_wr,        VF_ALL, 10,
  "SHUT_WR half-close: peer EOF, reverse direction works, EPIPE" },
{ "shutdown-rd",          c_shut_rd,        VF_ALL, 10,
  "SHUT_RD: queued data still read, EOF after, poll mask" },
{ "shutdown-rdwr",        c_shut_rdwr,      VF_ALL, 10,
  "SHUT_RDWR and repeated/invalid shutdown" },
{ "shutdown-unconnected", c_shut_unconnected, VF_ALL, 10,
  "shutdown on a fresh socket: ENOTCONN, poll mask after" },
{ "shutdown-listener",    c_shut_listener,  VF_ALL, 10,
  "shutdown(listener): SHUT_WR no-op, SHUT_RD stops it, wakes accept" },
{ "shutdown-wakes-recv",  c_shut_wakes_recv, VF_ALL, 10,
  "shutdown(SHUT_RD) from another thread wakes a blocked recv" },
{ "close-unread",         c_close_unread,   VF_ALL, 10,
  "close with unread data resets: peer ECONNRESET, then EOF, EPIPE" },
{ "linger",               c_linger,         VF_ALL, 10,
  "SO_LINGER read back; {1,0} close resets; {1,1} close returns 0" },
{ "poll-select",          c_poll_select,    VF_ALL, 10,
  "poll and select: read/write/except readiness" },
{ "epoll-lt",             c_epoll_lt,       VF_ALL, 10,
  "epoll level-triggered IN/OUT reporting" },
{ "epoll-et",             c_epoll_et,       VF_ALL, 10,
  "epoll edge-triggered (EPOLLET) IN/OUT edges, EPOLLONESHOT" },
{ "epoll-rdhup",          c_epoll_rdhup,    VF_ALL, 10,
  "EPOLLRDHUP after peer SHUT_WR, with and without pending data" },
{ "poll-hup",             c_poll_hup,       VF_ALL, 10,
  "POLLHUP once both directions are shut" },
{ "getname",              c_getname,        VF_ALL, 10,
  "getsockname/getpeername: families, lengths, truncation, ENOTCONN" },
{ "sockopt-socket",       c_opt_socket,     VF_ALL, 10,
  "SOL_SOCKET options read back (KEEPALIVE, REUSEADDR, TYPE, ACCEPTCONN...)" },
{ "sockopt-inet-only",    c_opt_inet_only,  VF_ALL, 10,
  "SO_REUSEPORT, SO_ZEROCOPY (refused on AF_SMC before Linux 6.2)" },
{ "sockopt-bufsize",      c_opt_bufs,       VF_ALL, 10,
  "SO_SNDBUF/SO_RCVBUF defaults, set values, clamping" },
{ "sockopt-timeo",        c_opt_timeo,      VF_ALL, 15,
  "SO_RCVTIMEO/SO_SNDTIMEO read back, recv/send time out, EDOM" },
{ "sockopt-rcvlowat",     c_opt_rcvlowat,   VF_ALL, 10,
  "SO_RCVLOWAT gates poll and recv" },
{ "sockopt-inherit",      c_opt_inherit,    VF_ALL, 10,
  "options set on a listener as seen on the accepted socket" },
{ "sockopt-bad",          c_opt_bad,        VF_ALL, 10,
  "unknown options ENOPROTOOPT, short optlen EINVAL, bad level" },
{ "tcp-nodelay-cork",     c_tcp_nodelay_cork, VF_ALL, 10,
  "TCP_NODELAY/TCP_CORK read back; corked data held until uncork" },
{ "tcp-keepalive",        c_tcp_keepalive,  VF_ALL, 10,
  "TCP_KEEPIDLE/INTVL/CNT defaults, read back, limits" },
{ "tcp-maxseg",           c_tcp_maxseg,     VF_ALL, 10,
  "TCP_MAXSEG before/after connect, user MSS, limits" },
{ "tcp-info",             c_tcp_info,       VF_ALL, 10,
  "TCP_INFO state through the connection life cycle" },
{ "tcp-misc",             c_tcp_misc,       VF_ALL, 10,
  "other SOL_TCP options: defaults and read back, TCP_CONGESTION" },
{ "ip-opts",              c_ip_opts,        VF_ALL | CF_NOXFAM, 10,
  "IP_TOS/IP_TTL resp. IPV6_TCLASS/HOPS/V6ONLY" },
{ "ioctl",                c_ioctl,          VF_ALL, 10,
  "FIONREAD/SIOCINQ/SIOCOUTQ/SIOCOUTQNSD/FIONBIO/SIOCGIFFLAGS/unknown" },
{ "sendfile",             c_sendfile,       VF_ALL, 20,
  "sendfile() of a 1 MiB+ file with offsets, EPIPE when unconnected" },
{ "splice-sock-to-file",  c_splice_in,      VF_ALL, 20,
  "splice socket -> pipe -> file, EAGAIN/ENOTCONN" },
{ "splice-file-to-sock",  c_splice_out,     VF_ALL, 20,
  "splice file -> pipe -> socket" },
{ "data-sizes",           c_data_sizes,     VF_ALL, 60,
  "duplex transfers of 1,7,4095,65536,1MiB+3 with random chunking" },
{ "data-16m",             c_data_16m,       VF_ALL, 90,
  "16 MiB one way + 64 KiB back, random chunking, checksummed" },
{ "data-64conn",          c_data_64conn,    VF_ALL, 90,
  "64 concurrent connections x 192 KiB each way in one epoll loop" },
{ "v6-v4mapped",          c_v4mapped,       VF_V6, 10,
  "dual-stack listener takes IPv4 clients, IPV6_V6ONLY refuses them" },
{ "smc-socket-create",    c_smc_create,     VF_SMC | CF_NOCMP, 10,
  "AF_SMC: ESOCKTNOSUPPORT for non-stream, EPROTONOSUPPORT for protocols" },
{ "interop-smc-to-tcp",   c_interop_smc_cli, VF_SMC | CF_NOCMP, 30,
  "AF_SMC client -> plain TCP server, duplex checksummed transfer" },
{ "interop-tcp-to-smc",   c_interop_smc_srv, VF_SMC | CF_NOCMP, 30,
  "plain TCP client -> AF_SMC server, duplex checksummed transfer" },
};
const int ncases = sizeof(cases) / sizeof(cases[0]);

/* ------------------------------------------------------------------ */

struct result {
	int ran;
	int status;	/* 0 ok; else see describe_status() */
	int timed_out;
	int sig;
	char *log;
	char *fail;
	double ms;
};

static int opt_verbose, opt_require_smc;
static unsigned int opt_variants = VF_DEFAULT;
static unsigned int avail = VF_ALL;
static const char *avail_why[V_MAX];

static int count_fds(char *list, size_t lsz)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0, dfd;
	size_t off = 0;

	if (!d)
		return -1;
	dfd = dirfd(d);
	if (list && lsz)
		list[0] = 0;
	while ((e = readdir(d))) {
		char p[64], t[128];
		ssize_t k;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		fd = atoi(e->d_name);
		if (fd == dfd)
			continue;
		n++;
		if (!list || off >= lsz)
			continue;
		snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
		k = readlink(p, t, sizeof(t) - 1);
		t[k > 0 ? k : 0] = 0;
		off += snprintf(list + off, lsz - off, " %d:%s", fd, t);
	}
	closedir(d);
	return n;
}

static void on_alarm(int sig)
{
	(void)sig;
	g_shm->timed_out = 1;
	_exit(3);
}

static void child(const struct tcase *tc, int vid)
{
	struct ctx c = { .v = &variants[vid], .vid = vid,
			 .verbose = opt_verbose };
	char before[2048], after[2048];
	int n0, n1;

	signal(SIGPIPE, SIG_IGN);
	signal(SIGALRM, on_alarm);
	install_interrupter();
	alarm((unsigned int)(tc->timeout * timeout_scale + 0.999));
	n0 = count_fds(before, sizeof(before));
	tc->fn(&c);
	n1 = count_fds(after, sizeof(after));
	if (n0 != n1)
		check_fail(&c, __FILE__, __LINE__,
			   "descriptor leak: before [%s ] after [%s ]",
			   before, after);
	alarm(0);
	g_shm->finished = 1;
	_exit(g_shm->nfail ? 1 : 0);
}

static int run_one(const struct tcase *tc, int vid, struct result *r)
{
	double t0 = now_ms();
	int st = 0, pfd, limit_ms;
	pid_t pid;

	memset((void *)g_shm, 0, offsetof(struct shm, log) + 1);
	g_shm->log[0] = g_shm->fail[0] = 0;
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0)
		child(tc, vid);

	/* the child bounds itself with alarm(); this is the backstop */
	limit_ms = (int)((tc->timeout * timeout_scale + 10) * 1000);
	pfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pfd >= 0) {
		struct pollfd p = { .fd = pfd, .events = POLLIN };

		while (poll(&p, 1, limit_ms) < 0 && errno == EINTR)
			;
		if (!p.revents)
			kill(pid, SIGKILL);
		close(pfd);
	}
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	r->ran = 1;
	r->ms = now_ms() - t0;
	r->timed_out = g_shm->timed_out;
	r->sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + r->sig;
	if (r->status == 0 && (g_shm->nfail || !g_shm->finished))
		r->status = 1;
	r->log = strndup(g_shm->log, g_shm->loglen);
	r->fail = strndup(g_shm->fail, g_shm->faillen);
	return r->status;
}

/* ---- log comparison ---- */

struct lines { char **l; int n; };

static void split(const char *s, int drop_af, struct lines *out)
{
	char *dup = strdup(s), *p = dup, *nl;
	int cap = 64;

	out->l = malloc(cap * sizeof(char *));
	out->n = 0;
	while (*p) {
		nl = strchr(p, '\n');
		if (nl)
			*nl = 0;
		if (!(drop_af && !strncmp(p, AF_PREFIX, strlen(AF_PREFIX)))) {
			if (out->n == cap) {
				cap *= 2;
				out->l = realloc(out->l, cap * sizeof(char *));
			}
			out->l[out->n++] = strdup(p);
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	free(dup);
}

static void lines_free(struct lines *l)
{
	for (int i = 0; i < l->n; i++)
		free(l->l[i]);
	free(l->l);
}

/* returns 1 when equal; otherwise prints the first difference */
static int compare(FILE *out, const char *an, const char *a,
		   const char *bn, const char *b, int drop_af)
{
	struct lines la, lb;
	int i, eq = 1;

	split(a, drop_af, &la);
	split(b, drop_af, &lb);
	/* b stopped at a documented difference: compare what came before */
	for (i = 0; i < lb.n; i++) {
		if (strncmp(lb.l[i], KNOWN_DIFF_PREFIX,
			    strlen(KNOWN_DIFF_PREFIX)))
			continue;
		fprintf(out, "# %s: %s\n", bn, lb.l[i]);
		while (lb.n > i)
			free(lb.l[--lb.n]);
		while (la.n > i)
			free(la.l[--la.n]);
		break;
	}
	for (i = 0; i < la.n || i < lb.n; i++) {
		const char *x = i < la.n ? la.l[i] : "<end of log>";
		const char *y = i < lb.n ? lb.l[i] : "<end of log>";

		if (i < la.n && i < lb.n && !strcmp(x, y))
			continue;
		eq = 0;
		fprintf(out, "# %s differs from %s%s at log line %d:\n", bn,
			an, drop_af ? " (family-neutral lines)" : "", i + 1);
		if (i > 0)
			fprintf(out, "#      %-6s %s\n", "both:", la.l[i - 1]);
		fprintf(out, "#    - %-6s %s\n", an, x);
		fprintf(out, "#    + %-6s %s\n", bn, y);
		break;
	}
	lines_free(&la);
	lines_free(&lb);
	return eq;
}

static const char *describe_status(const struct result *r)
{
	static char b[64];

	if (r->timed_out)
		return "timed out";
	if (r->status == 1)
		return "check failed";
	if (r->status == 2)
		return "fatal error";
	if (r->sig) {
		snprintf(b, sizeof(b), "killed by signal %d", r->sig);
		return b;
	}
	snprintf(b, sizeof(b), "exit status %d", r->status);
	return b;
}

static void print_block(const char *tag, const char *text)
{
	const char *p = text;

	while (*p) {
		const char *nl = strchr(p, '\n');
		int n = nl ? (int)(nl - p) : (int)strlen(p);

		printf("#   %-5s| %.*s\n", tag, n, p);
		if (!nl)
			break;
		p = nl + 1;
	}
}

enum { R_PASS, R_FAIL, R_SKIP };

/* bounded append to a fixed buffer */
static void __attribute__((format(printf, 4, 5)))
addf(char *b, size_t cap, size_t *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*o >= cap - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b + *o, cap - *o, fmt, ap);
	va_end(ap);
	if (n > 0)
		*o = *o + n < cap - 1 ? *o + n : cap - 1;
}

static int r_fatal(const struct result *r)
{
	return r->status >= 2;
}

static const char *last_line(const char *log)
{
	static char b[512];
	size_t n = strlen(log);
	const char *e, *s;

	if (!n)
		return "(nothing)";
	e = log + n - 1;	/* the trailing newline */
	s = e;
	while (s > log && s[-1] != '\n')
		s--;
	snprintf(b, sizeof(b), "%.*s", (int)(e - s), s);
	return b;
}

static int run_case(const struct tcase *tc, int num)
{
	struct result res[V_MAX];
	unsigned int want = tc->flags & VF_ALL & opt_variants, run;
	int v, ok = 1, nrun = 0;
	char skipped[128] = "";
	char msgs[8192] = "";
	size_t mo = 0;

	/* an smc variant is meaningless without its reference */
	if (!(tc->flags & CF_NOCMP))
		for (v = 0; v < V_MAX; v++)
			if ((want & VF(v)) && variants[v].ref >= 0 &&
			    (tc->flags & VF(variants[v].ref)))
				want |= VF(variants[v].ref);
	run = want & avail;
	for (v = 0; v < V_MAX; v++)
		if ((want & VF(v)) && !(avail & VF(v)))
			snprintf(skipped + strlen(skipped),
				 sizeof(skipped) - strlen(skipped), "%s%s",
				 skipped[0] ? "," : "", variants[v].name);

	memset(res, 0, sizeof(res));
	for (v = 0; v < V_MAX; v++) {
		if (!(run & VF(v)))
			continue;
		nrun++;
		if (run_one(tc, v, &res[v])) {
			ok = 0;
			addf(msgs, sizeof(msgs), &mo, "# %s: %s after %.0f ms\n",
			     variants[v].name, describe_status(&res[v]),
			     res[v].ms);
			if (res[v].timed_out || r_fatal(&res[v]))
				addf(msgs, sizeof(msgs), &mo,
				     "#   last logged: %s\n",
				     last_line(res[v].log));
			for (char *p = res[v].fail, *nl; *p; p = nl + 1) {
				nl = strchr(p, '\n');
				addf(msgs, sizeof(msgs), &mo, "#   %.*s\n",
				     nl ? (int)(nl - p) : (int)strlen(p), p);
				if (!nl)
					break;
			}
		}
	}

	/* unavailable smc with --require-smc is a failure, not a skip */
	if (opt_require_smc && (want & ~avail & (VF_SMC | VF_IPSMC)))
		ok = 0;

	if (!nrun) {
		if (opt_require_smc && (want & (VF_SMC | VF_IPSMC))) {
			printf("not ok %d - %s\n# --require-smc: AF_SMC not "
			       "available\n", num, tc->name);
			return R_FAIL;
		}
		if (!want)
			printf("ok %d - %s # SKIP variants not selected\n",
			       num, tc->name);
		else
			printf("ok %d - %s # SKIP %s: %s\n", num, tc->name,
			       skipped, avail_why[__builtin_ctz(want)]);
		return R_SKIP;
	}

	/* comparisons are printed after the status line */
	char *cmpout = NULL;
	size_t cmplen = 0;
	FILE *mem = open_memstream(&cmpout, &cmplen);

	if (!(tc->flags & CF_NOCMP)) {
		for (v = 0; v < V_MAX; v++) {
			int ref = variants[v].ref;

			if (ref >= 0 && res[v].ran && res[ref].ran &&
			    !compare(mem, variants[ref].name, res[ref].log,
				     variants[v].name, res[v].log, 0))
				ok = 0;
		}
		if (!(tc->flags & CF_NOXFAM) && res[V_INET].ran &&
		    res[V_INET6].ran &&
		    !compare(mem, "inet", res[V_INET].log, "inet6",
			     res[V_INET6].log, 1))
			ok = 0;
	}
	fclose(mem);

	printf("%sok %d - %s", ok ? "" : "not ", num, tc->name);
	if (skipped[0])
		printf(" (%s %s)", skipped,
		       opt_require_smc ? "UNAVAILABLE" : "skipped");
	printf("\n");
	if (opt_require_smc && (want & ~avail & (VF_SMC | VF_IPSMC)))
		printf("# --require-smc: AF_SMC not available\n");
	fputs(msgs, stdout);
	fputs(cmpout, stdout);
	free(cmpout);
	if (opt_verbose) {
		for (v = 0; v < V_MAX; v++) {
			if (!res[v].ran)
				continue;
			printf("# --- %s log (%.0f ms):\n", variants[v].name,
			       res[v].ms);
			print_block(variants[v].name, res[v].log);
		}
	}
	for (v = 0; v < V_MAX; v++) {
		free(res[v].log);
		free(res[v].fail);
	}
	return ok ? R_PASS : R_FAIL;
}

/* ---- setup ---- */

static void probe(void)
{
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6,
				   .sin6_addr = IN6ADDR_LOOPBACK_INIT };
	int fd;

	fd = socket(AF_INET6, SOCK_STREAM, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&s6, sizeof(s6)) < 0) {
		avail &= ~(VF(V_INET6) | VF(V_SMC6) | VF(V_IPSMC6));
		avail_why[V_INET6] = avail_why[V_SMC6] = "no IPv6 loopback";
		avail_why[V_IPSMC6] = "no IPv6 loopback";
	}
	close_q(fd);

	for (int v = V_SMC4; v <= V_SMC6; v++) {
		fd = socket(AF_SMC, SOCK_STREAM, variants[v].proto);
		if (fd < 0 && errno == EAFNOSUPPORT) {
			avail &= ~VF(v);
			avail_why[v] = "AF_SMC not supported (EAFNOSUPPORT)";
		}
		close_q(fd);
	}
	for (int v = V_IPSMC4; v <= V_IPSMC6; v++) {
		fd = socket(variants[v].family, SOCK_STREAM, IPPROTO_SMC);
		if (fd < 0 && errno == EPROTONOSUPPORT) {
			avail &= ~VF(v);
			avail_why[v] = "IPPROTO_SMC not supported (EPROTONOSUPPORT)";
		}
		close_q(fd);
	}
}

static unsigned int parse_variants(const char *s)
{
	unsigned int m = 0;
	char *dup = strdup(s), *tok, *save = NULL;

	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		int v, found = 0;

		if (!strcmp(tok, "all")) {
			m |= VF_ALL;
			continue;
		}
		for (v = 0; v < V_MAX; v++)
			if (!strcmp(tok, variants[v].name)) {
				m |= VF(v);
				found = 1;
			}
		if (!found) {
			fprintf(stderr, "unknown variant '%s' "
				"(inet, inet6, smc4, smc6, ipsmc4, ipsmc6, all)\n", tok);
			exit(2);
		}
	}
	free(dup);
	return m;
}

static void usage(const char *argv0)
{
	printf("usage: %s [options]\n"
	       "  -c SUBSTR       run only cases whose name contains SUBSTR "
	       "(repeatable)\n"
	       "  -V LIST         variants to run: inet,inet6,smc4,smc6,ipsmc4,ipsmc6 "
	       "(default the first four;\n"
	       "                  an smc variant also runs its reference "
	       "inet/inet6)\n"
	       "  -v              print every run's observation log\n"
	       "  -l              list the cases and exit\n"
	       "  -r N            run the selection N times (flakiness "
	       "hunting)\n"
	       "  -T SCALE        multiply timeouts by SCALE (slow guests), "
	       "default 1\n"
	       "  --require-smc   AF_SMC being unavailable is a failure, "
	       "not a skip\n"
	       "Environment: SMC_CONFORM_TIMEOUT_SCALE sets the default of "
	       "-T.\n", argv0);
}

static char *filters[64];
static int nfilters;

static int selected(const struct tcase *tc)
{
	if (!nfilters)
		return 1;
	for (int i = 0; i < nfilters; i++)
		if (strstr(tc->name, filters[i]))
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{ "require-smc", no_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int opt, list = 0, repeat = 1, i, num = 0, fd0, fd1;
	int npass = 0, nfail = 0, nskip = 0, total = 0;
	const char *env = getenv("SMC_CONFORM_TIMEOUT_SCALE");
	struct utsname u;

	if (env && atof(env) > 0)
		timeout_scale = atof(env);
	while ((opt = getopt_long(argc, argv, "c:V:vlr:T:h", lo, NULL)) != -1) {
		switch (opt) {
		case 'c':
			if (nfilters < 64)
				filters[nfilters++] = optarg;
			break;
		case 'V':
			opt_variants = parse_variants(optarg);
			break;
		case 'v':
			opt_verbose = 1;
			break;
		case 'l':
			list = 1;
			break;
		case 'r':
			repeat = atoi(optarg) > 0 ? atoi(optarg) : 1;
			break;
		case 'T':
			timeout_scale = atof(optarg) > 0 ? atof(optarg) : 1;
			break;
		case 'S':
			opt_require_smc = 1;
			break;
		case 'h':
			usage(argv[0]);
			return 0;
		default:
			usage(argv[0]);
			return 2;
		}
	}
	if (optind < argc) {
		usage(argv[0]);
		return 2;
	}

	if (list) {
		for (i = 0; i < ncases; i++) {
			char vs[64] = "";

			for (int v = 0; v < V_MAX; v++)
				if (cases[i].flags & VF(v))
					snprintf(vs + strlen(vs),
						 sizeof(vs) - strlen(vs),
						 "%s%s", vs[0] ? "," : "",
						 variants[v].name);
			if (selected(&cases[i]))
				printf("%-24s %-22s %s\n", cases[i].name, vs,
				       cases[i].desc);
		}
		return 0;
	}

	g_shm = mmap(NULL, sizeof(struct shm), PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g_shm == MAP_FAILED) {
		perror("mmap");
		return 2;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	signal(SIGPIPE, SIG_IGN);
	probe();
	fd0 = count_fds(NULL, 0);

	for (i = 0; i < ncases; i++)
		total += selected(&cases[i]);
	uname(&u);
	printf("# smc_conform on %s %s, timeout scale %.2g\n", u.sysname,
	       u.release, timeout_scale);
	for (int v = 0; v < V_MAX; v++)
		if (opt_variants & VF(v))
			printf("# variant %-5s %s\n", variants[v].name,
			       avail & VF(v) ? "available" :
			       avail_why[v]);
	printf("1..%d\n", total * repeat + 1);

	double t0 = now_ms();

	for (int r = 0; r < repeat; r++)
		for (i = 0; i < ncases; i++) {
			if (!selected(&cases[i]))
				continue;
			switch (run_case(&cases[i], ++num)) {
			case R_PASS: npass++; break;
			case R_FAIL: nfail++; break;
			default: nskip++; break;
			}
		}

	fd1 = count_fds(NULL, 0);
	if (fd0 == fd1) {
		printf("ok %d - harness-fd-count\n", ++num);
		npass++;
	} else {
		printf("not ok %d - harness-fd-count\n# %d open at start, "
		       "%d at the end\n", ++num, fd0, fd1);
		nfail++;
	}
	printf("# total time %.1f s\n", (now_ms() - t0) / 1000);
	if (nskip)
		printf("%d passed, %d failed, %d skipped\n", npass, nfail,
		       nskip);
	else
		printf("%d passed, %d failed\n", npass, nfail);
	return nfail ? 1 : 0;
}
