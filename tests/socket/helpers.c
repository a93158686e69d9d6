// SPDX-License-Identifier: GPL-2.0
/*
 * helpers.c - sockets of the variant under test and small observation
 * helpers that turn kernel answers into variant-neutral log lines.
 */
#include "conform.h"

#include <arpa/inet.h>
#include <linux/sockios.h>
#include <time.h>
#include <sys/ioctl.h>

int vsocket(struct ctx *c, int type_flags)
{
	int fd = socket(c->v->family, SOCK_STREAM | type_flags, c->v->proto);

	if (fd < 0)
		FATAL(c, "socket(%d, SOCK_STREAM, %d): %s", c->v->family,
		      c->v->proto, ename(errno));
	return fd;
}

int tsocket(struct ctx *c, int type_flags)
{
	int fd = socket(c->v->af, SOCK_STREAM | type_flags, 0);

	if (fd < 0)
		FATAL(c, "socket(%d, SOCK_STREAM, 0): %s", c->v->af,
		      ename(errno));
	return fd;
}

socklen_t sa_len_of(int af)
{
	return af == AF_INET6 ? sizeof(struct sockaddr_in6) :
				sizeof(struct sockaddr_in);
}

socklen_t mkaddr(struct ctx *c, struct sockaddr_storage *ss,
		 enum addr_kind kind, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (c->v->af == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(port);
		s6->sin6_addr = kind == A_LOOP ? in6addr_loopback :
						 in6addr_any;
		return sizeof(*s6);
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(port);
		s4->sin_addr.s_addr = htonl(kind == A_LOOP ? INADDR_LOOPBACK :
							     INADDR_ANY);
		return sizeof(*s4);
	}
}

int sock_port(int fd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);

	if (getsockname(fd, (struct sockaddr *)&ss, &len) < 0)
		return -1;
	if (ss.ss_family == AF_INET6)
		return ntohs(((struct sockaddr_in6 *)&ss)->sin6_port);
	if (ss.ss_family == AF_INET)
		return ntohs(((struct sockaddr_in *)&ss)->sin_port);
	return -1;
}

static int listen_on(struct ctx *c, int fd, int backlog, int *port)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, A_LOOP, 0);

	MUST(c, bind(fd, (struct sockaddr *)&ss, len));
	MUST(c, listen(fd, backlog));
	*port = sock_port(fd);
	return fd;
}

int vlistener(struct ctx *c, int backlog, int *port)
{
	return listen_on(c, vsocket(c, 0), backlog, port);
}

int tlistener(struct ctx *c, int backlog, int *port)
{
	return listen_on(c, tsocket(c, 0), backlog, port);
}

static int connect_from(struct ctx *c, int fd, int port)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, A_LOOP, port);

	MUST(c, connect(fd, (struct sockaddr *)&ss, len));
	return fd;
}

int vconnect_to(struct ctx *c, int port)
{
	return connect_from(c, vsocket(c, 0), port);
}

int tconnect_to(struct ctx *c, int port)
{
	return connect_from(c, tsocket(c, 0), port);
}

void pair_from(struct ctx *c, int lfd, int port, int client_is_smc,
	       int *cli, int *srv)
{
	*cli = client_is_smc ? vconnect_to(c, port) : tconnect_to(c, port);
	if (!wait_ev(lfd, POLLIN, T(5000)))
		FATAL(c, "listener not readable after connect");
	*srv = accept(lfd, NULL, NULL);
	if (*srv < 0)
		FATAL(c, "accept: %s", ename(errno));
}

void vpair(struct ctx *c, int *cli, int *srv)
{
	int port, l = vlistener(c, 4, &port);

	pair_from(c, l, port, 1, cli, srv);
	close(l);
}

static const char *famname(int f)
{
	static __thread char b[16];

	switch (f) {
	case AF_INET: return "AF_INET";
	case AF_INET6: return "AF_INET6";
	case AF_UNSPEC: return "AF_UNSPEC";
	case AF_SMC: return "AF_SMC";
	}
	snprintf(b, sizeof(b), "%d", f);
	return b;
}

void obs_sa(struct ctx *c, const char *what, const struct sockaddr *sa,
	    socklen_t len, int lport)
{
	char fam[24], ln[16], addr[INET6_ADDRSTRLEN + 16], port[16];
	char extra[64] = "";
	int p = -1;

	if (len < sizeof(sa_family_t)) {
		obs(c, "%s: len=%u", what, (unsigned int)len);
		return;
	}
	snprintf(fam, sizeof(fam), "%s",
		 sa->sa_family == c->v->af ? "self" : famname(sa->sa_family));
	if (len == sa_len_of(c->v->af))
		snprintf(ln, sizeof(ln), "self");
	else
		snprintf(ln, sizeof(ln), "%u", (unsigned int)len);

	if (sa->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
		const struct sockaddr_in *s = (const void *)sa;
		uint32_t a = ntohl(s->sin_addr.s_addr);

		p = ntohs(s->sin_port);
		if (a == INADDR_ANY)
			snprintf(addr, sizeof(addr), "any");
		else if (a == INADDR_LOOPBACK)
			snprintf(addr, sizeof(addr), "loopback");
		else
			inet_ntop(AF_INET, &s->sin_addr, addr, sizeof(addr));
	} else if (sa->sa_family == AF_INET6 &&
		   len >= sizeof(struct sockaddr_in6)) {
		const struct sockaddr_in6 *s = (const void *)sa;
		static const unsigned char v4lo[16] = {
			0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 127, 0, 0, 1
		};

		p = ntohs(s->sin6_port);
		if (IN6_IS_ADDR_UNSPECIFIED(&s->sin6_addr))
			snprintf(addr, sizeof(addr), "any");
		else if (IN6_IS_ADDR_LOOPBACK(&s->sin6_addr))
			snprintf(addr, sizeof(addr), "loopback");
		else if (!memcmp(&s->sin6_addr, v4lo, 16))
			snprintf(addr, sizeof(addr), "v4mapped-loopback");
		else
			inet_ntop(AF_INET6, &s->sin6_addr, addr, sizeof(addr));
		if (s->sin6_flowinfo || s->sin6_scope_id)
			snprintf(extra, sizeof(extra), " flow=%u scope=%u",
				 s->sin6_flowinfo, s->sin6_scope_id);
	} else {
		obs(c, "%s: fam=%s len=%s", what, fam, ln);
		return;
	}
	if (p == 0)
		snprintf(port, sizeof(port), "0");
	else if (lport > 0 && p == lport)
		snprintf(port, sizeof(port), "L");
	else
		snprintf(port, sizeof(port), "eph");
	obs(c, "%s: fam=%s len=%s addr=%s port=%s%s", what, fam, ln, addr,
	    port, extra);
}

void obs_name(struct ctx *c, const char *what, int fd, int peer, int lport)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int r;

	memset(&ss, 0, sizeof(ss));
	r = peer ? getpeername(fd, (struct sockaddr *)&ss, &len) :
		   getsockname(fd, (struct sockaddr *)&ss, &len);
	if (r < 0) {
		R(c, what, r);
		return;
	}
	obs_sa(c, what, (struct sockaddr *)&ss, len, lport);
}

int getint(int fd, int level, int opt, int *val)
{
	socklen_t len = sizeof(*val);

	*val = -12345;
	return getsockopt(fd, level, opt, val, &len);
}

static void get_common(struct ctx *c, const char *what, int fd, int level,
		       int opt, int af)
{
	socklen_t len = sizeof(int);
	int v = -12345;

	if (getsockopt(fd, level, opt, &v, &len) < 0) {
		if (af)
			R_af(c, what, -1);
		else
			R(c, what, -1);
		return;
	}
	if (af)
		obs_af(c, "%s = %d (len %u)", what, v, (unsigned int)len);
	else
		obs(c, "%s = %d (len %u)", what, v, (unsigned int)len);
}

void obs_get(struct ctx *c, const char *what, int fd, int level, int opt)
{
	get_common(c, what, fd, level, opt, 0);
}

void obs_get_af(struct ctx *c, const char *what, int fd, int level, int opt)
{
	get_common(c, what, fd, level, opt, 1);
}

void obs_set(struct ctx *c, const char *what, int fd, int level, int opt,
	     int val)
{
	char w[160];

	snprintf(w, sizeof(w), "set %s=%d", what, val);
	R(c, w, setsockopt(fd, level, opt, &val, sizeof(val)));
}

void obs_set_af(struct ctx *c, const char *what, int fd, int level, int opt,
		int val)
{
	char w[160];

	snprintf(w, sizeof(w), "set %s=%d", what, val);
	R_af(c, w, setsockopt(fd, level, opt, &val, sizeof(val)));
}

int tcp_state(int fd)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);

	memset(&ti, 0, sizeof(ti));
	if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0)
		return -errno;
	return ti.tcpi_state;
}

void obs_state(struct ctx *c, const char *what, int fd)
{
	obs(c, "%s: tcp state %s", what, tcpstate(tcp_state(fd)));
}

unsigned int wait_ev(int fd, short events, int ms)
{
	struct pollfd p = { .fd = fd, .events = events };
	double end = now_ms() + ms;
	int r;

	for (;;) {
		int left = (int)(end - now_ms());

		if (left < 0)
			left = 0;
		p.revents = 0;
		r = poll(&p, 1, left);
		if (r > 0)
			return p.revents;
		if (r == 0 || (r < 0 && errno != EINTR) || !left)
			return 0;
	}
}

void obs_poll(struct ctx *c, const char *what, int fd, short events, int ms)
{
	obs(c, "%s: poll(%s) -> %s", what, evstr((unsigned short)events),
	    evstr(wait_ev(fd, events, ms)));
}

int inq(int fd)
{
	int n = -1;

	if (ioctl(fd, SIOCINQ, &n) < 0)
		return -errno;
	return n;
}

int outq(int fd)
{
	int n = -1;

	if (ioctl(fd, SIOCOUTQ, &n) < 0)
		return -errno;
	return n;
}

int wait_inq(int fd, int n, int ms)
{
	double end = now_ms() + ms;
	int q;

	for (;;) {
		q = inq(fd);
		if (q < 0 || q >= n || now_ms() > end)
			return q;
		msleep(1);
	}
}

int wait_outq_zero(int fd, int ms)
{
	double end = now_ms() + ms;
	int q;

	for (;;) {
		q = outq(fd);
		if (q <= 0 || now_ms() > end)
			return q;
		msleep(1);
	}
}

void obs_fl(struct ctx *c, const char *what, int fd)
{
	int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

	obs(c, "%s: O_NONBLOCK=%d FD_CLOEXEC=%d O_RDWR=%d", what,
	    fl >= 0 && (fl & O_NONBLOCK) ? 1 : 0,
	    fdfl >= 0 && (fdfl & FD_CLOEXEC) ? 1 : 0,
	    fl >= 0 && (fl & O_ACCMODE) == O_RDWR ? 1 : 0);
}

ssize_t send_all(int fd, const void *buf, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = send(fd, (const char *)buf + done, n - done,
				 MSG_NOSIGNAL);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN) {
				wait_ev(fd, POLLOUT, 1000);
				continue;
			}
			return done ? (ssize_t)done : -1;
		}
		done += r;
	}
	return done;
}

ssize_t recv_exact(int fd, void *buf, size_t n, int ms)
{
	double end = now_ms() + ms;
	size_t done = 0;

	while (done < n) {
		ssize_t r;
		int left = (int)(end - now_ms());

		if (left <= 0 || !wait_ev(fd, POLLIN, left))
			break;
		r = recv(fd, (char *)buf + done, n - done, MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return done ? (ssize_t)done : -1;
		}
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

void obs_recv_str(struct ctx *c, const char *what, int fd, size_t n, int flags)
{
	char buf[256];
	ssize_t r;
	int e;

	if (n > sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	memset(buf, 0, sizeof(buf));
	r = recv(fd, buf, n, flags);
	e = errno;
	if (r < 0) {
		obs(c, "%s = -1 %s", what, ename(e));
	} else {
		for (ssize_t i = 0; i < r; i++)
			if (buf[i] < 32 || buf[i] > 126)
				buf[i] = '.';
		obs(c, "%s = %zd \"%s\"", what, r, buf);
	}
	errno = e;
}

int close_q(int fd)
{
	return fd >= 0 ? close(fd) : 0;
}

void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);

	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

void set_timeo(int fd, int opt, int ms)
{
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };

	setsockopt(fd, SOL_SOCKET, opt, &tv, sizeof(tv));
}

void thr_start(struct ctx *c, struct thr *t, void *(*fn)(void *), void *arg)
{
	int e = pthread_create(&t->t, NULL, fn, arg);

	if (e)
		FATAL(c, "pthread_create: %s", ename(e));
	t->started = 1;
}

void thr_join(struct thr *t)
{
	if (t->started)
		pthread_join(t->t, NULL);
	t->started = 0;
}

/*
 * Poll until every bit of @need is reported (or @ms pass), then return the
 * full mask.  Used to let a state settle before it is logged, so that the
 * log does not depend on how fast the kernel got there.
 */
unsigned int wait_mask(int fd, short events, unsigned int need, int ms)
{
	double end = now_ms() + ms;
	unsigned int got;

	for (;;) {
		got = wait_ev(fd, events, 0);
		if ((got & need) == need || now_ms() > end)
			return got;
		if (!got)
			wait_ev(fd, events, (int)(end - now_ms()) + 1);
		else
			msleep(1);
	}
}

void obs_poll_need(struct ctx *c, const char *what, int fd, short events,
		   unsigned int need, int ms)
{
	obs(c, "%s: poll(%s) -> %s", what, evstr((unsigned short)events),
	    evstr(wait_mask(fd, events, need, ms)));
}

int wait_state(int fd, int st, int ms)
{
	double end = now_ms() + ms;
	int s;

	for (;;) {
		s = tcp_state(fd);
		if (s == st || s < 0 || now_ms() > end)
			return s;
		msleep(1);
	}
}

/* log that a blocking call took at least @min_ms (it timed out, not failed) */
void obs_elapsed(struct ctx *c, const char *what, double t0, int min_ms)
{
	double el = now_ms() - t0;

	/* Under emulation (TCG) jiffies can run ahead of CLOCK_MONOTONIC, so
	 * a kernel timeout may end early by wall time: only tell a real wait
	 * (at least half the timeout) from none.
	 */
	obs(c, "%s: waited >= %d ms: %d", what, min_ms / 2,
	    el >= min_ms * 0.5 ? 1 : 0);
	CHECK(c, el < min_ms + T(5000), "%s took %.0f ms (timeout %d ms)",
	      what, el, min_ms);
}

void obs_timeo(struct ctx *c, const char *what, int fd, int opt)
{
	struct timeval tv = { -1, -1 };
	socklen_t len = sizeof(tv);

	if (getsockopt(fd, SOL_SOCKET, opt, &tv, &len) < 0)
		R(c, what, -1);
	else
		obs(c, "%s = {%ld, %ld} (len %u)", what, (long)tv.tv_sec,
		    (long)tv.tv_usec, (unsigned int)len);
}

void obs_linger(struct ctx *c, const char *what, int fd)
{
	struct linger l = { -1, -1 };
	socklen_t len = sizeof(l);

	if (getsockopt(fd, SOL_SOCKET, SO_LINGER, &l, &len) < 0)
		R(c, what, -1);
	else
		obs(c, "%s = {%d, %d} (len %u)", what, l.l_onoff, l.l_linger,
		    (unsigned int)len);
}

long set_linger(struct ctx *c, int fd, int on, int secs)
{
	struct linger l = { on, secs };
	char w[64];

	snprintf(w, sizeof(w), "set SO_LINGER={%d,%d}", on, secs);
	return R(c, w, setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l)));
}

void obs_sockerr(struct ctx *c, const char *what, int fd)
{
	int v = -1;
	socklen_t len = sizeof(v);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &v, &len) < 0)
		R(c, what, -1);
	else
		obs(c, "%s = %s", what, v ? ename(v) : "0");
}

static volatile sig_atomic_t sigpipes;

static void on_sigpipe(int sig)
{
	(void)sig;
	sigpipes++;
}

void count_sigpipe(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigpipe;
	sigaction(SIGPIPE, &sa, NULL);
}

int sigpipe_count(void)
{
	return sigpipes;
}

/* a port that is bound (so nobody else gets it) but has no listener */
int closed_port(struct ctx *c, int *holder)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, A_LOOP, 0);

	*holder = tsocket(c, 0);
	MUST(c, bind(*holder, (struct sockaddr *)&ss, len));
	return sock_port(*holder);
}

long vconnect_rc(struct ctx *c, const char *what, int fd, enum addr_kind k,
		 int port)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, k, port);

	return R(c, what, connect(fd, (struct sockaddr *)&ss, len));
}

long vbind_rc(struct ctx *c, const char *what, int fd, enum addr_kind k,
	      int port)
{
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, k, port);

	return R(c, what, bind(fd, (struct sockaddr *)&ss, len));
}

/* wait until the listener's accept queue holds @n connections */
void wait_backlog(int lfd, int n, int ms)
{
	double end = now_ms() + ms;
	struct tcp_info ti;
	socklen_t len;

	for (;;) {
		len = sizeof(ti);
		memset(&ti, 0, sizeof(ti));
		if (getsockopt(lfd, IPPROTO_TCP, TCP_INFO, &ti, &len) < 0 ||
		    ti.tcpi_state != TCP_LISTEN) {
			msleep(T(50));	/* no way to tell: settle a bit */
			return;
		}
		if ((int)ti.tcpi_unacked >= n || now_ms() > end)
			return;
		msleep(1);
	}
}

/*
 * accept() that cannot hang the case: if nothing becomes ready within 3 s
 * (scaled), the call is made non-blocking and fails with EAGAIN instead.
 * An invalid listener polls as HUP at once, so its error is still seen.
 */
int accept_w(int l, struct sockaddr *a, socklen_t *len, int flags)
{
	int fl, r, e;

	if (wait_ev(l, POLLIN, T(3000)))
		return accept4(l, a, len, flags);
	fl = fcntl(l, F_GETFL);
	fcntl(l, F_SETFL, fl | O_NONBLOCK);
	r = accept4(l, a, len, flags);
	e = errno;
	fcntl(l, F_SETFL, fl);
	errno = e;
	return r;
}

static void on_sigusr1(int sig)
{
	(void)sig;
}

void install_interrupter(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigusr1;	/* no SA_RESTART: calls get EINTR */
	sigaction(SIGUSR1, &sa, NULL);
}

/* join; a thread still blocked after @ms is interrupted (EINTR) first */
int thr_join_timeout(struct thr *t, int ms)
{
	struct timespec ts;
	int interrupted = 0;

	if (!t->started)
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	while (pthread_timedjoin_np(t->t, NULL, &ts) == ETIMEDOUT) {
		pthread_kill(t->t, SIGUSR1);
		interrupted = 1;
		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
	}
	t->started = 0;
	return interrupted;
}
