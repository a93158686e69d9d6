// SPDX-License-Identifier: GPL-2.0
/*
 * harness.c - observation log, errno/event naming, timing helpers.
 *
 * A run's log lives in a MAP_SHARED page set up by the runner (conform.c)
 * so that the parent still sees it when the child times out or crashes.
 */
#include "conform.h"
#include "runner.h"

#include <sys/utsname.h>
#include <time.h>

struct shm *g_shm;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
double timeout_scale = 1.0;

const struct variant variants[V_MAX] = {
	[V_INET]  = { "inet",  AF_INET,  0,             AF_INET,  -1,
		      IPPROTO_TCP },
	[V_INET6] = { "inet6", AF_INET6, 0,             AF_INET6, -1,
		      IPPROTO_TCP },
	[V_SMC4]  = { "smc4",  AF_SMC,   SMCPROTO_SMC,  AF_INET,  V_INET,
		      SMCPROTO_SMC },
	[V_SMC6]  = { "smc6",  AF_SMC,   SMCPROTO_SMC6, AF_INET6, V_INET6,
		      SMCPROTO_SMC6 },
	[V_IPSMC4] = { "ipsmc4", AF_INET, IPPROTO_SMC, AF_INET, V_INET,
		       IPPROTO_SMC },
	[V_IPSMC6] = { "ipsmc6", AF_INET6, IPPROTO_SMC, AF_INET6, V_INET6,
		       IPPROTO_SMC },
};

static void append(char *buf, volatile size_t *len, size_t max,
		   const char *prefix, const char *fmt, va_list ap)
{
	char line[1024];
	int n, p;

	p = snprintf(line, sizeof(line), "%s", prefix);
	n = vsnprintf(line + p, sizeof(line) - p, fmt, ap);
	if (n < 0)
		return;
	n += p;
	if (n >= (int)sizeof(line) - 1)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	pthread_mutex_lock(&log_lock);
	if (*len + n < max) {
		memcpy(buf + *len, line, n);
		*len += n;
		buf[*len] = 0;
	}
	pthread_mutex_unlock(&log_lock);
}

void obs(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	(void)c;
	va_start(ap, fmt);
	append(g_shm->log, &g_shm->loglen, LOG_MAX, "", fmt, ap);
	va_end(ap);
}

void obs_af(struct ctx *c, const char *fmt, ...)
{
	va_list ap;

	(void)c;
	va_start(ap, fmt);
	append(g_shm->log, &g_shm->loglen, LOG_MAX, AF_PREFIX, fmt, ap);
	va_end(ap);
}

static long R_common(struct ctx *c, const char *what, long ret, int af)
{
	int e = errno;

	if (ret < 0) {
		if (af)
			obs_af(c, "%s = -1 %s", what, ename(e));
		else
			obs(c, "%s = -1 %s", what, ename(e));
	} else {
		if (af)
			obs_af(c, "%s = %ld", what, ret);
		else
			obs(c, "%s = %ld", what, ret);
	}
	errno = e;
	return ret;
}

long R(struct ctx *c, const char *what, long ret)
{
	return R_common(c, what, ret, 0);
}

long R_af(struct ctx *c, const char *what, long ret)
{
	return R_common(c, what, ret, 1);
}

void check_fail(struct ctx *c, const char *file, int line, const char *fmt, ...)
{
	char pfx[128];
	va_list ap;

	(void)c;
	snprintf(pfx, sizeof(pfx), "CHECK %s:%d: ", file, line);
	va_start(ap, fmt);
	append(g_shm->fail, &g_shm->faillen, FAIL_MAX, pfx, fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&g_shm->nfail, 1, __ATOMIC_SEQ_CST);
}

/*
 * A documented difference between AF_SMC and TCP that the kernel imposes:
 * the variant's log ends here with a KNOWN-DIFFERENCE line, and the
 * comparison accepts it in place of the rest of the reference log. The
 * caller has already checked the exact AF_SMC behaviour.
 */
void known_diff(struct ctx *c, const char *why)
{
	obs(c, "%s %s", KNOWN_DIFF_PREFIX, why);
	g_shm->finished = 1;
	_exit(g_shm->nfail ? 1 : 0);
}

/* Linux before 6.2 has no SOCK_CUSTOM_SOCKOPT: SOL_SOCKET options never
 * reach an AF_SMC socket's protocol, and sk_setsockopt() accepts
 * SO_REUSEPORT and SO_ZEROCOPY from inet sockets only.
 */
static int kernel_before_6_2(void)
{
	struct utsname u;
	int major = 0, minor = 0;

	if (uname(&u) || sscanf(u.release, "%d.%d", &major, &minor) != 2)
		return 0;
	return major < 6 || (major == 6 && minor < 2);
}

int smc_sol_socket_inet_only(struct ctx *c)
{
	return c->v->family == AF_SMC && kernel_before_6_2();
}

/* Linux before 6.2: sk_setsockopt() accepts SO_ZEROCOPY on inet sockets
 * only if they are TCP or UDP, which an IPPROTO_SMC socket is not.
 */
int ipsmc_zerocopy_refused(struct ctx *c)
{
	return c->v->proto == IPPROTO_SMC && kernel_before_6_2();
}

void fatal_at(struct ctx *c, const char *file, int line, const char *fmt, ...)
{
	char pfx[128];
	va_list ap;

	(void)c;
	snprintf(pfx, sizeof(pfx), "FATAL %s:%d: ", file, line);
	va_start(ap, fmt);
	append(g_shm->fail, &g_shm->faillen, FAIL_MAX, pfx, fmt, ap);
	va_end(ap);
	__atomic_add_fetch(&g_shm->nfail, 1, __ATOMIC_SEQ_CST);
	g_shm->fatal = 1;
	_exit(2);
}

#define E(x) [x] = #x
static const char *const enames[] = {
	E(EPERM), E(ENOENT), E(ESRCH), E(EINTR), E(EIO), E(ENXIO), E(E2BIG),
	E(ENOEXEC), E(EBADF), E(ECHILD), E(EAGAIN), E(ENOMEM), E(EACCES),
	E(EFAULT), E(EBUSY), E(EEXIST), E(EXDEV), E(ENODEV), E(ENOTDIR),
	E(EISDIR), E(EINVAL), E(ENFILE), E(EMFILE), E(ENOTTY), E(EFBIG),
	E(ENOSPC), E(ESPIPE), E(EROFS), E(EPIPE), E(EDOM), E(ERANGE),
	E(EDEADLK), E(ENAMETOOLONG), E(ENOSYS), E(ENOTEMPTY), E(ELOOP),
	E(ENOMSG), E(ENODATA), E(ENOSR), E(ENOLINK), E(EPROTO), E(EBADMSG),
	E(EOVERFLOW), E(EILSEQ), E(ENOTSOCK), E(EDESTADDRREQ), E(EMSGSIZE),
	E(EPROTOTYPE), E(ENOPROTOOPT), E(EPROTONOSUPPORT),
	E(ESOCKTNOSUPPORT), E(EOPNOTSUPP), E(EPFNOSUPPORT), E(EAFNOSUPPORT),
	E(EADDRINUSE), E(EADDRNOTAVAIL), E(ENETDOWN), E(ENETUNREACH),
	E(ENETRESET), E(ECONNABORTED), E(ECONNRESET), E(ENOBUFS), E(EISCONN),
	E(ENOTCONN), E(ESHUTDOWN), E(ETOOMANYREFS), E(ETIMEDOUT),
	E(ECONNREFUSED), E(EHOSTDOWN), E(EHOSTUNREACH), E(EALREADY),
	E(EINPROGRESS), E(ESTALE), E(EDQUOT), E(ECANCELED), E(EOWNERDEAD),
	E(ENOTRECOVERABLE), E(ERESTART), E(EREMOTEIO), E(ENOKEY),
};
#undef E

const char *ename(int err)
{
	static __thread char buf[8][16];
	static __thread int i;

	if (err > 0 && err < (int)(sizeof(enames) / sizeof(enames[0])) &&
	    enames[err])
		return enames[err];
	i = (i + 1) % 8;
	snprintf(buf[i], sizeof(buf[i]), "E#%d", err);
	return buf[i];
}

/* poll/epoll masks share the same bit values on Linux */
const char *evstr(unsigned int ev)
{
	static const struct { unsigned int bit; const char *n; } b[] = {
		{ POLLIN, "IN" }, { POLLPRI, "PRI" }, { POLLOUT, "OUT" },
		{ POLLERR, "ERR" }, { POLLHUP, "HUP" }, { POLLNVAL, "NVAL" },
		{ POLLRDNORM, "RDNORM" }, { POLLRDBAND, "RDBAND" },
		{ POLLWRNORM, "WRNORM" }, { POLLWRBAND, "WRBAND" },
		{ POLLMSG, "MSG" }, { POLLRDHUP, "RDHUP" },
	};
	static __thread char buf[8][128];
	static __thread int k;
	char *s;
	size_t i, n = 0;

	k = (k + 1) % 8;
	s = buf[k];
	s[0] = 0;
	if (!ev)
		return "0";
	for (i = 0; i < sizeof(b) / sizeof(b[0]); i++) {
		if (ev & b[i].bit) {
			n += snprintf(s + n, sizeof(buf[k]) - n, "%s%s",
				      n ? "|" : "", b[i].n);
			ev &= ~b[i].bit;
		}
	}
	if (ev)
		snprintf(s + n, sizeof(buf[k]) - n, "%s0x%x", n ? "|" : "", ev);
	return s;
}

const char *tcpstate(int st)
{
	static const char *const n[] = {
		"?", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
		"FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
		"LISTEN", "CLOSING", "NEW_SYN_RECV",
	};

	if (st < 0)
		return ename(-st);
	if (st < (int)(sizeof(n) / sizeof(n[0])))
		return n[st];
	return "?";
}

int T(int ms)
{
	return (int)(ms * timeout_scale);
}

double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
}

void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}
