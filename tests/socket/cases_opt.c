// SPDX-License-Identifier: GPL-2.0
/*
 * cases_opt.c - names, socket options (SOL_SOCKET, SOL_TCP, SOL_IP/IPV6)
 * and ioctls.
 */
#include "conform.h"

#include <linux/sockios.h>
#include <net/if.h>
#include <sys/ioctl.h>

void small_pair(struct ctx *c, int *cli, int *srv, int sndbuf, int rcvbuf);

CASE(c_getname)
{
	int fd = vsocket(c, 0), l, p, cli, srv;
	struct sockaddr_storage ss;
	socklen_t len;
	char b;

	obs_name(c, "fresh getsockname", fd, 0, 0);
	obs_name(c, "fresh getpeername", fd, 1, 0);
	vbind_rc(c, "bind(loopback:0)", fd, A_LOOP, 0);
	obs_name(c, "bound getsockname", fd, 0, 0);

	memset(&ss, 0xaa, sizeof(ss));
	len = 4;
	R(c, "getsockname(4-byte buffer)", getsockname(fd, (void *)&ss, &len));
	obs(c, "  len %s, family %s, byte 4 untouched %d",
	    len == sa_len_of(c->v->af) ? "self" : "OTHER",
	    ss.ss_family == c->v->af ? "self" : "OTHER",
	    ((unsigned char *)&ss)[4] == 0xaa);
	len = 0;
	R(c, "getsockname(len 0)", getsockname(fd, (void *)&ss, &len));
	obs(c, "  len %s", len == sa_len_of(c->v->af) ? "self" : "OTHER");
	len = (socklen_t)-1;
	R(c, "getsockname(len -1)", getsockname(fd, (void *)&ss, &len));
	R(c, "getsockname(NULL len)", getsockname(fd, (void *)&ss, NULL));
	len = sizeof(ss);
	R(c, "getsockname(bad pointer)", getsockname(fd, (void *)16, &len));
	close(fd);

	l = vlistener(c, 4, &p);
	obs_name(c, "listener getsockname", l, 0, p);
	obs_name(c, "listener getpeername", l, 1, p);
	pair_from(c, l, p, 1, &cli, &srv);
	obs_name(c, "client getsockname", cli, 0, p);
	obs_name(c, "client getpeername", cli, 1, p);
	obs_name(c, "accepted getsockname", srv, 0, p);
	obs_name(c, "accepted getpeername", srv, 1, p);
	len = sizeof(ss);
	getpeername(srv, (void *)&ss, &len);
	obs(c, "accepted peer port == client port: %d",
	    (c->v->af == AF_INET ?
	     ntohs(((struct sockaddr_in *)&ss)->sin_port) :
	     ntohs(((struct sockaddr_in6 *)&ss)->sin6_port)) ==
	    sock_port(cli));
	R(c, "client shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, POLLRDHUP, T(3000));
	obs_name(c, "half-closed accepted getpeername", srv, 1, p);
	R(c, "send", send(srv, "x", 1, 0));
	close(cli);
	wait_mask(srv, POLLERR, POLLERR, T(3000));
	recv(srv, &b, 1, 0);
	obs_name(c, "reset accepted getsockname", srv, 0, p);
	obs_name(c, "reset accepted getpeername", srv, 1, p);
	close(srv);
	close(l);
}

/* Options that Linux < 6.2 refuses on non-inet sockets, apart so that the
 * rest of sockopt-socket is compared on every kernel.
 */
CASE(c_opt_inet_only)
{
	static const struct { const char *n; int opt; } o[] = {
		{ "SO_REUSEPORT", SO_REUSEPORT },
		{ "SO_ZEROCOPY", SO_ZEROCOPY },
	};
	int fd = vsocket(c, 0), i, one = 1;

	if (smc_sol_socket_inet_only(c)) {
		for (i = 0; i < 2; i++)
			if (setsockopt(fd, SOL_SOCKET, o[i].opt, &one,
				       sizeof(one)) != -1 || errno != EOPNOTSUPP)
				FATAL(c, "%s on Linux < 6.2: %s, not EOPNOTSUPP",
				      o[i].n, ename(errno));
		close(fd);
		known_diff(c, "Linux < 6.2 refuses SO_REUSEPORT and "
			   "SO_ZEROCOPY on AF_SMC (EOPNOTSUPP)");
	}
	if (ipsmc_zerocopy_refused(c)) {
		MUST(c, setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one,
				   sizeof(one)));
		if (setsockopt(fd, SOL_SOCKET, SO_ZEROCOPY, &one,
			       sizeof(one)) != -1 || errno != EOPNOTSUPP)
			FATAL(c, "SO_ZEROCOPY on IPPROTO_SMC, Linux < 6.2: %s, "
			      "not EOPNOTSUPP", ename(errno));
		close(fd);
		known_diff(c, "Linux < 6.2 refuses SO_ZEROCOPY on IPPROTO_SMC "
			   "(sk_setsockopt: TCP and UDP only)");
	}
	for (i = 0; i < 2; i++) {
		obs_get(c, o[i].n, fd, SOL_SOCKET, o[i].opt);
		obs_set(c, o[i].n, fd, SOL_SOCKET, o[i].opt, 1);
		obs_get(c, o[i].n, fd, SOL_SOCKET, o[i].opt);
	}
	close(fd);
}

CASE(c_opt_socket)
{
	static const struct { const char *n; int opt, val; } o[] = {
		{ "SO_KEEPALIVE", SO_KEEPALIVE, 1 },
		{ "SO_REUSEADDR", SO_REUSEADDR, 1 },
		{ "SO_OOBINLINE", SO_OOBINLINE, 1 },
		{ "SO_DONTROUTE", SO_DONTROUTE, 1 },
		{ "SO_BROADCAST", SO_BROADCAST, 1 },
		{ "SO_PRIORITY", SO_PRIORITY, 3 },
		{ "SO_MARK", SO_MARK, 7 },
		{ "SO_RCVLOWAT", SO_RCVLOWAT, 10 },
		{ "SO_SNDLOWAT", SO_SNDLOWAT, 10 },
		{ "SO_TIMESTAMP", SO_TIMESTAMP, 1 },
		{ "SO_PASSCRED", SO_PASSCRED, 1 },
		{ "SO_PEEK_OFF", SO_PEEK_OFF, 0 },
		{ "SO_BUSY_POLL", SO_BUSY_POLL, 0 },
	};
	int fd = vsocket(c, 0), l, p, cli, srv, i;
	char dev[IFNAMSIZ + 8];
	socklen_t len;
	struct ucred cr;

	for (i = 0; i < (int)(sizeof(o) / sizeof(o[0])); i++) {
		obs_get(c, o[i].n, fd, SOL_SOCKET, o[i].opt);
		obs_set(c, o[i].n, fd, SOL_SOCKET, o[i].opt, o[i].val);
		obs_get(c, o[i].n, fd, SOL_SOCKET, o[i].opt);
	}
	obs_set(c, "SO_KEEPALIVE", fd, SOL_SOCKET, SO_KEEPALIVE, 0);
	obs_get(c, "SO_KEEPALIVE", fd, SOL_SOCKET, SO_KEEPALIVE);
	obs_get(c, "SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	obs_set(c, "SO_TYPE (read-only)", fd, SOL_SOCKET, SO_TYPE, 1);
	obs_get(c, "SO_ACCEPTCONN", fd, SOL_SOCKET, SO_ACCEPTCONN);
	obs_sockerr(c, "SO_ERROR", fd);

	R(c, "set SO_BINDTODEVICE lo",
	  setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, "lo", 3));
	memset(dev, 0, sizeof(dev));
	len = sizeof(dev);
	R(c, "get SO_BINDTODEVICE",
	  getsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, &len));
	obs(c, "  \"%s\" len %u", dev, (unsigned int)len);
	obs(c, "SO_BINDTOIFINDEX is lo: %d", ({ int v; getint(fd, SOL_SOCKET,
		SO_BINDTOIFINDEX, &v); v == (int)if_nametoindex("lo"); }));
	close(fd);

	l = vlistener(c, 4, &p);
	obs_get(c, "listener SO_ACCEPTCONN", l, SOL_SOCKET, SO_ACCEPTCONN);
	obs_get(c, "listener SO_REUSEADDR", l, SOL_SOCKET, SO_REUSEADDR);
	pair_from(c, l, p, 1, &cli, &srv);
	obs_get(c, "client SO_ACCEPTCONN", cli, SOL_SOCKET, SO_ACCEPTCONN);
	obs_get(c, "client SO_TYPE", cli, SOL_SOCKET, SO_TYPE);
	obs_set(c, "client SO_KEEPALIVE", cli, SOL_SOCKET, SO_KEEPALIVE, 1);
	obs_get(c, "client SO_KEEPALIVE", cli, SOL_SOCKET, SO_KEEPALIVE);
	len = sizeof(cr);
	memset(&cr, 0x55, sizeof(cr));
	R(c, "SO_PEERCRED", getsockopt(cli, SOL_SOCKET, SO_PEERCRED, &cr,
				       &len));
	obs(c, "  pid %d uid %d gid %d len %u", cr.pid, (int)cr.uid,
	    (int)cr.gid, (unsigned int)len);
	close(cli);
	close(srv);
	close(l);
}

CASE(c_opt_bufs)
{
	int fd = vsocket(c, 0), cli, srv;

	obs_get(c, "SO_SNDBUF default", fd, SOL_SOCKET, SO_SNDBUF);
	obs_get(c, "SO_RCVBUF default", fd, SOL_SOCKET, SO_RCVBUF);
	obs_set(c, "SO_SNDBUF", fd, SOL_SOCKET, SO_SNDBUF, 65536);
	obs_get(c, "SO_SNDBUF", fd, SOL_SOCKET, SO_SNDBUF);
	obs_set(c, "SO_RCVBUF", fd, SOL_SOCKET, SO_RCVBUF, 65536);
	obs_get(c, "SO_RCVBUF", fd, SOL_SOCKET, SO_RCVBUF);
	obs_set(c, "SO_SNDBUF", fd, SOL_SOCKET, SO_SNDBUF, 1);
	obs_get(c, "SO_SNDBUF (minimum)", fd, SOL_SOCKET, SO_SNDBUF);
	obs_set(c, "SO_RCVBUF", fd, SOL_SOCKET, SO_RCVBUF, 1);
	obs_get(c, "SO_RCVBUF (minimum)", fd, SOL_SOCKET, SO_RCVBUF);
	obs_set(c, "SO_SNDBUF", fd, SOL_SOCKET, SO_SNDBUF, 1 << 30);
	obs_get(c, "SO_SNDBUF (wmem_max cap)", fd, SOL_SOCKET, SO_SNDBUF);
	obs_set(c, "SO_RCVBUF", fd, SOL_SOCKET, SO_RCVBUF, -1);
	obs_get(c, "SO_RCVBUF (rmem_max cap)", fd, SOL_SOCKET, SO_RCVBUF);
	close(fd);

	/* values locked by the user survive the connection set-up */
	small_pair(c, &cli, &srv, 40000, 50000);
	obs_get(c, "connected client SO_SNDBUF", cli, SOL_SOCKET, SO_SNDBUF);
	obs_get(c, "accepted SO_RCVBUF (set on listener)", srv, SOL_SOCKET,
		SO_RCVBUF);
	obs_set(c, "connected SO_RCVBUF", cli, SOL_SOCKET, SO_RCVBUF, 70000);
	obs_get(c, "connected SO_RCVBUF", cli, SOL_SOCKET, SO_RCVBUF);
	duplex(c, "small buffers 300000", cli, srv, 300000, 300000, 11);
	obs_get(c, "after transfer SO_SNDBUF", cli, SOL_SOCKET, SO_SNDBUF);
	obs_get(c, "after transfer SO_RCVBUF", srv, SOL_SOCKET, SO_RCVBUF);
	close(cli);
	close(srv);
}

CASE(c_opt_timeo)
{
	int fd = vsocket(c, 0), cli, srv;
	struct timeval tv;
	static char big[4 << 20];
	double t0;
	ssize_t r;

	obs_timeo(c, "SO_RCVTIMEO default", fd, SO_RCVTIMEO);
	obs_timeo(c, "SO_SNDTIMEO default", fd, SO_SNDTIMEO);
	tv = (struct timeval){ 0, 200000 };
	R(c, "set SO_RCVTIMEO {0,200000}",
	  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	obs_timeo(c, "SO_RCVTIMEO", fd, SO_RCVTIMEO);
	tv = (struct timeval){ 1, 500000 };
	R(c, "set SO_SNDTIMEO {1,500000}",
	  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	obs_timeo(c, "SO_SNDTIMEO", fd, SO_SNDTIMEO);
	tv = (struct timeval){ 0, 1000000 };
	R(c, "set SO_RCVTIMEO usec 1000000",
	  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv)));
	R(c, "set SO_RCVTIMEO short optlen",
	  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, 4));
	tv = (struct timeval){ -1, 0 };
	R(c, "set SO_SNDTIMEO negative",
	  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)));
	obs_timeo(c, "SO_SNDTIMEO", fd, SO_SNDTIMEO);
	close(fd);

	vpair(c, &cli, &srv);
	set_timeo(srv, SO_RCVTIMEO, 200);
	t0 = now_ms();
	R(c, "recv with SO_RCVTIMEO 200ms", recv(srv, big, 10, 0));
	obs_elapsed(c, "recv", t0, 200);
	t0 = now_ms();
	R(c, "read with SO_RCVTIMEO 200ms", read(srv, big, 10));
	obs_elapsed(c, "read", t0, 200);
	close(cli);
	close(srv);

	small_pair(c, &cli, &srv, 16384, 16384);
	set_timeo(cli, SO_SNDTIMEO, 200);
	t0 = now_ms();
	r = send(cli, big, sizeof(big), 0);
	obs(c, "send 4 MiB, peer not reading, SO_SNDTIMEO 200ms: partial "
	    "%d", r > 0 && r < (ssize_t)sizeof(big));
	obs_elapsed(c, "send", t0, 200);
	/* acks for data in flight may free some space: use it up and wait
	 * until the queue is stable, so that the next send finds it full */
	for (int i = 0; i < 100; i++) {
		int q1;

		while (send(cli, big, sizeof(big), MSG_DONTWAIT) > 0)
			;
		q1 = outq(cli);
		msleep(50);
		if (q1 == outq(cli) && send(cli, big, 1, MSG_DONTWAIT) < 0)
			break;
	}
	t0 = now_ms();
	R(c, "send again", send(cli, big, sizeof(big), 0));
	obs_elapsed(c, "send again", t0, 200);
	close(cli);
	close(srv);
}

struct late {
	int fd, delay;
	const char *s;
};

static void *late_send(void *arg)
{
	struct late *l = arg;

	msleep(l->delay);
	send(l->fd, l->s, strlen(l->s), 0);
	return NULL;
}

CASE(c_opt_rcvlowat)
{
	int fd = vsocket(c, 0), cli, srv;
	struct late lt;
	struct thr t = { 0 };
	char buf[100];

	obs_get(c, "SO_RCVLOWAT default", fd, SOL_SOCKET, SO_RCVLOWAT);
	obs_set(c, "SO_RCVLOWAT", fd, SOL_SOCKET, SO_RCVLOWAT, 0);
	obs_get(c, "SO_RCVLOWAT", fd, SOL_SOCKET, SO_RCVLOWAT);
	obs_set(c, "SO_RCVLOWAT", fd, SOL_SOCKET, SO_RCVLOWAT, 1 << 20);
	obs_get(c, "SO_RCVLOWAT", fd, SOL_SOCKET, SO_RCVLOWAT);
	obs_get(c, "SO_RCVBUF after a large SO_RCVLOWAT", fd, SOL_SOCKET,
		SO_RCVBUF);
	close(fd);

	vpair(c, &cli, &srv);
	obs_set(c, "SO_RCVLOWAT", srv, SOL_SOCKET, SO_RCVLOWAT, 10);
	R(c, "send 5", send(cli, "12345", 5, 0));
	wait_inq(srv, 5, T(3000));
	obs_poll(c, "5 bytes, lowat 10", srv, POLLIN, 50);
	R(c, "send 5", send(cli, "67890", 5, 0));
	obs_poll(c, "10 bytes, lowat 10", srv, POLLIN, T(3000));
	R(c, "recv", recv(srv, buf, sizeof(buf), 0));

	/*
	 * A blocking recv that already copied part of the low-water mark is
	 * not always woken by the rest (kernels compare the queued bytes,
	 * not queued + copied, with the mark).  Bound it with SO_RCVTIMEO so
	 * that either behaviour ends with the same observable result.
	 */
	R(c, "send 5", send(cli, "abcde", 5, 0));
	wait_inq(srv, 5, T(3000));
	set_timeo(srv, SO_RCVTIMEO, 300);
	lt = (struct late){ cli, 50, "fghij" };
	thr_start(c, &t, late_send, &lt);
	R(c, "blocking recv waits for lowat", recv(srv, buf, sizeof(buf), 0));
	thr_join(&t);
	set_timeo(srv, SO_RCVTIMEO, 0);
	R(c, "send 4, wait, then blocking recv",
	  send(cli, "klmn", 4, 0));
	lt = (struct late){ cli, 50, "opqrstuvw" };
	thr_start(c, &t, late_send, &lt);
	thr_join(&t);
	wait_inq(srv, 13, T(3000));
	R(c, "recv with 13 queued", recv(srv, buf, sizeof(buf), 0));

	R(c, "send 3", send(cli, "xyz", 3, 0));
	wait_inq(srv, 3, T(3000));
	R(c, "recv(MSG_DONTWAIT) below lowat", recv(srv, buf, sizeof(buf),
						     MSG_DONTWAIT));
	close(cli);
	close(srv);
}

CASE(c_opt_inherit)
{
	int l = vsocket(c, 0), p, cli, srv;
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, A_LOOP, 0);
	struct linger lg = { 1, 3 };
	char cc[16];

	obs_set(c, "L SO_KEEPALIVE", l, SOL_SOCKET, SO_KEEPALIVE, 1);
	obs_set(c, "L SO_OOBINLINE", l, SOL_SOCKET, SO_OOBINLINE, 1);
	obs_set(c, "L SO_PRIORITY", l, SOL_SOCKET, SO_PRIORITY, 2);
	obs_set(c, "L SO_RCVBUF", l, SOL_SOCKET, SO_RCVBUF, 60000);
	obs_set(c, "L SO_SNDBUF", l, SOL_SOCKET, SO_SNDBUF, 70000);
	obs_set(c, "L SO_RCVLOWAT", l, SOL_SOCKET, SO_RCVLOWAT, 3);
	obs_set(c, "L SO_MARK", l, SOL_SOCKET, SO_MARK, 5);
	R(c, "L SO_LINGER {1,3}", setsockopt(l, SOL_SOCKET, SO_LINGER, &lg,
					     sizeof(lg)));
	set_timeo(l, SO_RCVTIMEO, 1500);
	set_timeo(l, SO_SNDTIMEO, 2500);
	obs_set(c, "L TCP_NODELAY", l, IPPROTO_TCP, TCP_NODELAY, 1);
	obs_set(c, "L TCP_KEEPIDLE", l, IPPROTO_TCP, TCP_KEEPIDLE, 33);
	obs_set(c, "L TCP_KEEPINTVL", l, IPPROTO_TCP, TCP_KEEPINTVL, 7);
	obs_set(c, "L TCP_KEEPCNT", l, IPPROTO_TCP, TCP_KEEPCNT, 4);
	obs_set(c, "L TCP_USER_TIMEOUT", l, IPPROTO_TCP, TCP_USER_TIMEOUT,
		5000);
	obs_set(c, "L TCP_MAXSEG", l, IPPROTO_TCP, TCP_MAXSEG, 1200);
	obs_set(c, "L TCP_LINGER2", l, IPPROTO_TCP, TCP_LINGER2, 9);
	obs_set(c, "L TCP_NOTSENT_LOWAT", l, IPPROTO_TCP, TCP_NOTSENT_LOWAT,
		20000);
	R(c, "L TCP_CONGESTION reno",
	  setsockopt(l, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	MUST(c, bind(l, (void *)&ss, len));
	MUST(c, listen(l, 4));
	p = sock_port(l);
	pair_from(c, l, p, 1, &cli, &srv);

	obs_get(c, "accepted SO_KEEPALIVE", srv, SOL_SOCKET, SO_KEEPALIVE);
	obs_get(c, "accepted SO_OOBINLINE", srv, SOL_SOCKET, SO_OOBINLINE);
	obs_get(c, "accepted SO_PRIORITY", srv, SOL_SOCKET, SO_PRIORITY);
	obs_get(c, "accepted SO_RCVBUF", srv, SOL_SOCKET, SO_RCVBUF);
	obs_get(c, "accepted SO_SNDBUF", srv, SOL_SOCKET, SO_SNDBUF);
	obs_get(c, "accepted SO_RCVLOWAT", srv, SOL_SOCKET, SO_RCVLOWAT);
	obs_get(c, "accepted SO_MARK", srv, SOL_SOCKET, SO_MARK);
	obs_linger(c, "accepted SO_LINGER", srv);
	obs_timeo(c, "accepted SO_RCVTIMEO", srv, SO_RCVTIMEO);
	obs_timeo(c, "accepted SO_SNDTIMEO", srv, SO_SNDTIMEO);
	obs_get(c, "accepted TCP_NODELAY", srv, IPPROTO_TCP, TCP_NODELAY);
	obs_get(c, "accepted TCP_KEEPIDLE", srv, IPPROTO_TCP, TCP_KEEPIDLE);
	obs_get(c, "accepted TCP_KEEPINTVL", srv, IPPROTO_TCP, TCP_KEEPINTVL);
	obs_get(c, "accepted TCP_KEEPCNT", srv, IPPROTO_TCP, TCP_KEEPCNT);
	obs_get(c, "accepted TCP_USER_TIMEOUT", srv, IPPROTO_TCP,
		TCP_USER_TIMEOUT);
	obs_get_af(c, "accepted TCP_MAXSEG", srv, IPPROTO_TCP, TCP_MAXSEG);
	obs_get(c, "accepted TCP_LINGER2", srv, IPPROTO_TCP, TCP_LINGER2);
	obs_get(c, "accepted TCP_NOTSENT_LOWAT", srv, IPPROTO_TCP,
		TCP_NOTSENT_LOWAT);
	memset(cc, 0, sizeof(cc));
	len = sizeof(cc);
	R(c, "accepted TCP_CONGESTION",
	  getsockopt(srv, IPPROTO_TCP, TCP_CONGESTION, cc, &len));
	obs(c, "  \"%s\"", cc);
	obs_get(c, "client SO_KEEPALIVE (not set)", cli, SOL_SOCKET,
		SO_KEEPALIVE);
	close(cli);
	close(srv);
	close(l);
}

CASE(c_opt_bad)
{
	int fd = vsocket(c, 0), v = 1, cli, srv;
	socklen_t len;
	char buf[64];

	len = sizeof(v);
	R(c, "getsockopt(SOL_SOCKET, 9999)",
	  getsockopt(fd, SOL_SOCKET, 9999, &v, &len));
	R(c, "setsockopt(SOL_SOCKET, 9999)",
	  setsockopt(fd, SOL_SOCKET, 9999, &v, sizeof(v)));
	len = sizeof(v);
	R(c, "getsockopt(SOL_TCP, 9999)",
	  getsockopt(fd, IPPROTO_TCP, 9999, &v, &len));
	R(c, "setsockopt(SOL_TCP, 9999)",
	  setsockopt(fd, IPPROTO_TCP, 9999, &v, sizeof(v)));
	R(c, "setsockopt(TCP_NODELAY, optlen 2)",
	  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, 2));
	R(c, "setsockopt(SO_KEEPALIVE, optlen 2)",
	  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, &v, 2));
	R(c, "setsockopt(TCP_NODELAY, optlen 0)",
	  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, 0));
	R(c, "setsockopt(TCP_NODELAY, NULL)",
	  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, NULL, sizeof(v)));
	R(c, "setsockopt(SO_KEEPALIVE, bad pointer)",
	  setsockopt(fd, SOL_SOCKET, SO_KEEPALIVE, (void *)16, sizeof(v)));
	len = 2;
	v = 0;
	R(c, "getsockopt(TCP_MAXSEG, optlen 2)",
	  getsockopt(fd, IPPROTO_TCP, TCP_MAXSEG, &v, &len));
	obs(c, "  optlen %u", (unsigned int)len);
	len = 2;
	R(c, "getsockopt(SO_TYPE, optlen 2)",
	  getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	obs(c, "  optlen %u", (unsigned int)len);
	len = (socklen_t)-1;
	R(c, "getsockopt(TCP_NODELAY, optlen -1)",
	  getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, &len));
	R(c, "getsockopt(SO_TYPE, optlen -1)",
	  getsockopt(fd, SOL_SOCKET, SO_TYPE, &v, &len));
	R(c, "getsockopt(TCP_NODELAY, NULL optlen)",
	  getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, NULL));
	len = sizeof(buf);
	R(c, "getsockopt(TCP_NODELAY, 64-byte buffer)",
	  getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, buf, &len));
	obs(c, "  optlen %u", (unsigned int)len);
	/* unknown levels reach the IP layer: its answer differs by family */
	len = sizeof(v);
	R_af(c, "getsockopt(level 12345)", getsockopt(fd, 12345, 1, &v, &len));
	R_af(c, "setsockopt(level 12345)",
	     setsockopt(fd, 12345, 1, &v, sizeof(v)));
	close(fd);

	vpair(c, &cli, &srv);
	R(c, "connected setsockopt(SOL_TCP, 9999)",
	  setsockopt(cli, IPPROTO_TCP, 9999, &v, sizeof(v)));
	len = sizeof(v);
	R(c, "connected getsockopt(SOL_SOCKET, 9999)",
	  getsockopt(cli, SOL_SOCKET, 9999, &v, &len));
	close(cli);
	close(srv);
}

CASE(c_tcp_nodelay_cork)
{
	int fd = vsocket(c, 0), cli, srv, q;
	double t0, el;

	obs_get(c, "TCP_NODELAY default", fd, IPPROTO_TCP, TCP_NODELAY);
	obs_set(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY, 1);
	obs_get(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY);
	obs_set(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY, 5);
	obs_get(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY);
	obs_set(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY, 0);
	obs_get(c, "TCP_CORK default", fd, IPPROTO_TCP, TCP_CORK);
	obs_set(c, "TCP_CORK", fd, IPPROTO_TCP, TCP_CORK, 1);
	obs_get(c, "TCP_CORK", fd, IPPROTO_TCP, TCP_CORK);
	obs_set(c, "TCP_NODELAY while corked", fd, IPPROTO_TCP, TCP_NODELAY,
		1);
	obs_get(c, "TCP_CORK", fd, IPPROTO_TCP, TCP_CORK);
	obs_get(c, "TCP_NODELAY", fd, IPPROTO_TCP, TCP_NODELAY);
	close(fd);

	vpair(c, &cli, &srv);
	obs_set(c, "TCP_CORK", cli, IPPROTO_TCP, TCP_CORK, 1);
	t0 = now_ms();
	R(c, "send 6 corked", send(cli, "corked", 6, 0));
	msleep(20);
	q = inq(srv);
	el = now_ms() - t0;
	/* the cork timer is 200 ms: only judge when we were quick enough */
	CHECK(c, q == 0 || el > 150, "corked data arrived after %.0f ms", el);
	obs_set(c, "TCP_CORK", cli, IPPROTO_TCP, TCP_CORK, 0);
	obs(c, "after uncork the peer has %d bytes", wait_inq(srv, 6, T(3000)));
	obs_set(c, "TCP_NODELAY", cli, IPPROTO_TCP, TCP_NODELAY, 1);
	R(c, "send 3", send(cli, "abc", 3, 0));
	obs(c, "peer has %d bytes", wait_inq(srv, 9, T(3000)));
	close(cli);
	close(srv);
}

CASE(c_tcp_keepalive)
{
	static const struct { const char *n; int opt; int good, bad1, bad2; } o[] = {
		{ "TCP_KEEPIDLE", TCP_KEEPIDLE, 30, 0, 32768 },
		{ "TCP_KEEPINTVL", TCP_KEEPINTVL, 5, 0, 32768 },
		{ "TCP_KEEPCNT", TCP_KEEPCNT, 3, 0, 128 },
	};
	int fd = vsocket(c, 0), cli, srv, i;

	for (i = 0; i < 3; i++) {
		obs_get(c, o[i].n, fd, IPPROTO_TCP, o[i].opt);
		obs_set(c, o[i].n, fd, IPPROTO_TCP, o[i].opt, o[i].good);
		obs_get(c, o[i].n, fd, IPPROTO_TCP, o[i].opt);
		obs_set(c, o[i].n, fd, IPPROTO_TCP, o[i].opt, o[i].bad1);
		obs_set(c, o[i].n, fd, IPPROTO_TCP, o[i].opt, o[i].bad2);
		obs_set(c, o[i].n, fd, IPPROTO_TCP, o[i].opt, -1);
		obs_get(c, o[i].n, fd, IPPROTO_TCP, o[i].opt);
	}
	close(fd);

	vpair(c, &cli, &srv);
	obs_set(c, "SO_KEEPALIVE", cli, SOL_SOCKET, SO_KEEPALIVE, 1);
	for (i = 0; i < 3; i++) {
		obs_set(c, o[i].n, cli, IPPROTO_TCP, o[i].opt, o[i].good + 1);
		obs_get(c, o[i].n, cli, IPPROTO_TCP, o[i].opt);
	}
	obs_get(c, "SO_KEEPALIVE", cli, SOL_SOCKET, SO_KEEPALIVE);
	obs_get(c, "accepted TCP_KEEPIDLE", srv, IPPROTO_TCP, TCP_KEEPIDLE);
	close(cli);
	close(srv);
}

CASE(c_tcp_maxseg)
{
	int fd = vsocket(c, 0), l, p, cli, srv;

	obs_get(c, "TCP_MAXSEG unconnected", fd, IPPROTO_TCP, TCP_MAXSEG);
	obs_set(c, "TCP_MAXSEG", fd, IPPROTO_TCP, TCP_MAXSEG, 1000);
	obs_get(c, "TCP_MAXSEG", fd, IPPROTO_TCP, TCP_MAXSEG);
	obs_set(c, "TCP_MAXSEG", fd, IPPROTO_TCP, TCP_MAXSEG, 10);
	obs_set(c, "TCP_MAXSEG", fd, IPPROTO_TCP, TCP_MAXSEG, 70000);
	obs_get(c, "TCP_MAXSEG", fd, IPPROTO_TCP, TCP_MAXSEG);
	l = vlistener(c, 4, &p);
	vconnect_rc(c, "connect with user MSS 1000", fd, A_LOOP, p);
	srv = accept_w(l, NULL, NULL, 0);
	obs_get_af(c, "TCP_MAXSEG connected (user 1000)", fd, IPPROTO_TCP,
		   TCP_MAXSEG);
	obs_get_af(c, "TCP_MAXSEG accepted", srv, IPPROTO_TCP, TCP_MAXSEG);
	close_q(srv);
	close(fd);

	cli = vconnect_to(c, p);
	srv = accept_w(l, NULL, NULL, 0);
	/* An AF_SMC connection has carried its CLC handshake by now, and TCP
	 * recomputes the cached MSS (bounded by half the peer's window) when
	 * it sends: read it once both variants have sent data.
	 */
	R(c, "send(\"m\") before reading the MSS",
	  send(cli, "m", 1, MSG_NOSIGNAL));
	obs_recv_str(c, "peer got", srv, 1, MSG_WAITALL);
	R(c, "send(\"s\") back", send(srv, "s", 1, MSG_NOSIGNAL));
	obs_recv_str(c, "client got", cli, 1, MSG_WAITALL);
	obs_get_af(c, "TCP_MAXSEG connected (default)", cli, IPPROTO_TCP,
		   TCP_MAXSEG);
	obs_set(c, "TCP_MAXSEG connected", cli, IPPROTO_TCP, TCP_MAXSEG, 1000);
	obs_get_af(c, "TCP_MAXSEG", cli, IPPROTO_TCP, TCP_MAXSEG);
	duplex(c, "after MSS change", cli, srv, 100000, 100000, 5);
	close_q(srv);
	close(cli);
	close(l);
}

CASE(c_tcp_info)
{
	int fd = vsocket(c, 0), l, p, cli, srv;
	struct tcp_info ti;
	socklen_t len;

	obs_state(c, "fresh", fd);
	vbind_rc(c, "bind", fd, A_LOOP, 0);
	obs_state(c, "bound", fd);
	len = 8;
	memset(&ti, 0xee, sizeof(ti));
	R(c, "TCP_INFO optlen 8", getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti,
					     &len));
	obs(c, "  optlen %u state %s, byte 8 untouched %d", (unsigned int)len,
	    tcpstate(ti.tcpi_state), ((unsigned char *)&ti)[8] == 0xee);
	len = sizeof(ti);
	R(c, "TCP_INFO full", getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len));
	obs(c, "  optlen is sizeof(struct tcp_info): %d", len == sizeof(ti));
	close(fd);

	l = vlistener(c, 4, &p);
	obs_state(c, "listener", l);
	pair_from(c, l, p, 1, &cli, &srv);
	obs_state(c, "client", cli);
	obs_state(c, "accepted", srv);
	R(c, "client shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, POLLRDHUP, T(3000));
	obs(c, "client: %s", tcpstate(wait_state(cli, TCP_FIN_WAIT2, T(3000))));
	obs_state(c, "accepted", srv);
	R(c, "server shutdown(SHUT_WR)", shutdown(srv, SHUT_WR));
	obs(c, "client: %s", tcpstate(wait_state(cli, TCP_CLOSE, T(3000))));
	obs(c, "accepted: %s", tcpstate(wait_state(srv, TCP_CLOSE, T(3000))));
	close(cli);
	close(srv);
	R(c, "listener shutdown(SHUT_RDWR)", shutdown(l, SHUT_RDWR));
	obs_state(c, "listener", l);
	close(l);
}

CASE(c_tcp_misc)
{
	static const struct { const char *n; int opt, val; } o[] = {
		{ "TCP_SYNCNT", TCP_SYNCNT, 3 },
		{ "TCP_LINGER2", TCP_LINGER2, 10 },
		{ "TCP_DEFER_ACCEPT", TCP_DEFER_ACCEPT, 5 },
		{ "TCP_WINDOW_CLAMP", TCP_WINDOW_CLAMP, 20000 },
		{ "TCP_QUICKACK", TCP_QUICKACK, 0 },
		{ "TCP_USER_TIMEOUT", TCP_USER_TIMEOUT, 5000 },
		{ "TCP_NOTSENT_LOWAT", TCP_NOTSENT_LOWAT, 16384 },
		{ "TCP_THIN_LINEAR_TIMEOUTS", TCP_THIN_LINEAR_TIMEOUTS, 1 },
		{ "TCP_FASTOPEN", TCP_FASTOPEN, 5 },
		{ "TCP_FASTOPEN_CONNECT", TCP_FASTOPEN_CONNECT, 1 },
		{ "TCP_INQ", TCP_INQ, 1 },
		{ "TCP_SYNCNT out of range", TCP_SYNCNT, 1000 },
		{ "TCP_USER_TIMEOUT negative", TCP_USER_TIMEOUT, -1 },
		{ "TCP_LINGER2 negative", TCP_LINGER2, -1 },
	};
	int fd = vsocket(c, 0), i, cli, srv;
	char cc[32];
	socklen_t len;

	for (i = 0; i < (int)(sizeof(o) / sizeof(o[0])); i++) {
		obs_get(c, o[i].n, fd, IPPROTO_TCP, o[i].opt);
		obs_set(c, o[i].n, fd, IPPROTO_TCP, o[i].opt, o[i].val);
		obs_get(c, o[i].n, fd, IPPROTO_TCP, o[i].opt);
	}
	memset(cc, 0, sizeof(cc));
	len = sizeof(cc);
	R(c, "TCP_CONGESTION", getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION,
					  cc, &len));
	obs(c, "  \"%s\"", cc);
	R(c, "set TCP_CONGESTION reno",
	  setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	R(c, "set TCP_CONGESTION no-such-algorithm",
	  setsockopt(fd, IPPROTO_TCP, TCP_CONGESTION, "no-such-cc", 10));
	memset(cc, 0, sizeof(cc));
	len = sizeof(cc);
	R(c, "TCP_CONGESTION", getsockopt(fd, IPPROTO_TCP, TCP_CONGESTION,
					  cc, &len));
	obs(c, "  \"%s\"", cc);
	close(fd);

	vpair(c, &cli, &srv);
	obs_set(c, "connected TCP_WINDOW_CLAMP", cli, IPPROTO_TCP,
		TCP_WINDOW_CLAMP, 0);
	obs_set(c, "connected TCP_QUICKACK", cli, IPPROTO_TCP, TCP_QUICKACK,
		1);
	obs_set(c, "connected TCP_NOTSENT_LOWAT", cli, IPPROTO_TCP,
		TCP_NOTSENT_LOWAT, 4096);
	obs_get(c, "connected TCP_NOTSENT_LOWAT", cli, IPPROTO_TCP,
		TCP_NOTSENT_LOWAT);
	R(c, "connected set TCP_CONGESTION reno",
	  setsockopt(cli, IPPROTO_TCP, TCP_CONGESTION, "reno", 4));
	duplex(c, "after option changes", cli, srv, 50000, 50000, 3);
	close(cli);
	close(srv);
}

CASE(c_ip_opts)
{
	int fd = vsocket(c, 0), cli, srv;

	if (c->v->af == AF_INET) {
		obs_get(c, "IP_TOS", fd, IPPROTO_IP, IP_TOS);
		obs_set(c, "IP_TOS", fd, IPPROTO_IP, IP_TOS, 0x10);
		obs_get(c, "IP_TOS", fd, IPPROTO_IP, IP_TOS);
		obs_get(c, "IP_TTL", fd, IPPROTO_IP, IP_TTL);
		obs_set(c, "IP_TTL", fd, IPPROTO_IP, IP_TTL, 32);
		obs_get(c, "IP_TTL", fd, IPPROTO_IP, IP_TTL);
		obs_set(c, "IP_TTL", fd, IPPROTO_IP, IP_TTL, 256);
		obs_get(c, "IP_RECVERR", fd, IPPROTO_IP, IP_RECVERR);
		obs_set(c, "IP_RECVERR", fd, IPPROTO_IP, IP_RECVERR, 1);
		obs_get(c, "IP_RECVERR", fd, IPPROTO_IP, IP_RECVERR);
		obs_get(c, "IP_FREEBIND", fd, IPPROTO_IP, IP_FREEBIND);
		obs_set(c, "IP_FREEBIND", fd, IPPROTO_IP, IP_FREEBIND, 1);
		obs_get(c, "IP_FREEBIND", fd, IPPROTO_IP, IP_FREEBIND);
		obs_get(c, "IPV6_V6ONLY on IPv4", fd, IPPROTO_IPV6,
			IPV6_V6ONLY);
	} else {
		obs_get(c, "IPV6_TCLASS", fd, IPPROTO_IPV6, IPV6_TCLASS);
		obs_set(c, "IPV6_TCLASS", fd, IPPROTO_IPV6, IPV6_TCLASS, 0x20);
		obs_get(c, "IPV6_TCLASS", fd, IPPROTO_IPV6, IPV6_TCLASS);
		obs_get(c, "IPV6_UNICAST_HOPS", fd, IPPROTO_IPV6,
			IPV6_UNICAST_HOPS);
		obs_set(c, "IPV6_UNICAST_HOPS", fd, IPPROTO_IPV6,
			IPV6_UNICAST_HOPS, 32);
		obs_get(c, "IPV6_UNICAST_HOPS", fd, IPPROTO_IPV6,
			IPV6_UNICAST_HOPS);
		obs_get(c, "IPV6_V6ONLY", fd, IPPROTO_IPV6, IPV6_V6ONLY);
		obs_set(c, "IPV6_V6ONLY", fd, IPPROTO_IPV6, IPV6_V6ONLY, 1);
		obs_get(c, "IPV6_V6ONLY", fd, IPPROTO_IPV6, IPV6_V6ONLY);
		obs_get(c, "IPV6_RECVERR", fd, IPPROTO_IPV6, IPV6_RECVERR);
		obs_set(c, "IPV6_RECVERR", fd, IPPROTO_IPV6, IPV6_RECVERR, 1);
		obs_get(c, "IPV6_RECVERR", fd, IPPROTO_IPV6, IPV6_RECVERR);
		obs_get(c, "IP_TOS on IPv6", fd, IPPROTO_IP, IP_TOS);
		obs_set(c, "IP_TOS on IPv6", fd, IPPROTO_IP, IP_TOS, 0x10);
	}
	close(fd);

	vpair(c, &cli, &srv);
	if (c->v->af == AF_INET) {
		obs_set(c, "connected IP_TOS", cli, IPPROTO_IP, IP_TOS, 0x08);
		obs_get(c, "connected IP_TOS", cli, IPPROTO_IP, IP_TOS);
		obs_get(c, "accepted IP_TTL", srv, IPPROTO_IP, IP_TTL);
	} else {
		obs_set(c, "connected IPV6_TCLASS", cli, IPPROTO_IPV6,
			IPV6_TCLASS, 0x08);
		obs_get(c, "connected IPV6_TCLASS", cli, IPPROTO_IPV6,
			IPV6_TCLASS);
		obs_set(c, "connected IPV6_V6ONLY", cli, IPPROTO_IPV6,
			IPV6_V6ONLY, 1);
	}
	duplex(c, "with IP options", cli, srv, 20000, 20000, 4);
	close(cli);
	close(srv);
}

static void obs_ioctl_int(struct ctx *c, const char *what, int fd,
			  unsigned long req)
{
	int v = -12345;

	if (ioctl(fd, req, &v) < 0)
		R(c, what, -1);
	else
		obs(c, "%s = %d", what, v);
}

CASE(c_ioctl)
{
	int cli, srv, l, p, on, q, nsd;
	static char buf[65536];
	struct ifreq ifr;
	uint64_t total = 0;

	vpair(c, &cli, &srv);
	obs_ioctl_int(c, "FIONREAD empty", srv, FIONREAD);
	obs_ioctl_int(c, "SIOCOUTQ idle", cli, SIOCOUTQ);
	R(c, "send 1000", send(cli, buf, 1000, 0));
	wait_inq(srv, 1000, T(3000));
	obs_ioctl_int(c, "FIONREAD", srv, FIONREAD);
	obs_ioctl_int(c, "SIOCINQ", srv, SIOCINQ);
	obs(c, "SIOCOUTQ after the peer acked: %d",
	    wait_outq_zero(cli, T(3000)));
	obs_ioctl_int(c, "SIOCOUTQNSD", cli, SIOCOUTQNSD);
	R(c, "recv 1000", recv_exact(srv, buf, 1000, T(3000)));
	obs_ioctl_int(c, "FIONREAD drained", srv, FIONREAD);

	on = 1;
	R(c, "FIONBIO on", ioctl(srv, FIONBIO, &on));
	obs_fl(c, "after FIONBIO", srv);
	R(c, "recv", recv(srv, buf, 1, 0));
	on = 0;
	R(c, "FIONBIO off", ioctl(srv, FIONBIO, &on));
	obs_fl(c, "after FIONBIO off", srv);
	R(c, "FIOASYNC off", ioctl(srv, FIOASYNC, &on));

	R(c, "unknown ioctl", ioctl(srv, _IO('x', 0x42), &on));
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	R(c, "SIOCGIFFLAGS lo", ioctl(srv, SIOCGIFFLAGS, &ifr));
	obs(c, "  up %d loopback %d", !!(ifr.ifr_flags & IFF_UP),
	    !!(ifr.ifr_flags & IFF_LOOPBACK));
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "lo");
	R(c, "SIOCGIFINDEX lo", ioctl(srv, SIOCGIFINDEX, &ifr));
	obs(c, "  index matches %d",
	    ifr.ifr_ifindex == (int)if_nametoindex("lo"));
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "no-such-if0");
	R(c, "SIOCGIFFLAGS unknown interface", ioctl(srv, SIOCGIFFLAGS, &ifr));
	close(cli);
	close(srv);

	l = vlistener(c, 4, &p);
	obs_ioctl_int(c, "FIONREAD listener", l, FIONREAD);
	obs_ioctl_int(c, "SIOCOUTQ listener", l, SIOCOUTQ);
	obs_ioctl_int(c, "SIOCATMARK listener", l, SIOCATMARK);
	close(l);
	l = vsocket(c, 0);
	obs_ioctl_int(c, "FIONREAD unconnected", l, FIONREAD);
	obs_ioctl_int(c, "SIOCOUTQ unconnected", l, SIOCOUTQ);
	close(l);

	/*
	 * A full send queue shows in SIOCOUTQ and SIOCOUTQNSD.  The peer's
	 * receive buffer is tiny and the sender's large, so once the peer's
	 * window is closed most of the queue is unsent, whatever the timing.
	 */
	small_pair(c, &cli, &srv, 262144, 4096);
	while (total < (16u << 20)) {
		ssize_t r = send(cli, buf, sizeof(buf), MSG_DONTWAIT);

		if (r <= 0)
			break;
		total += r;
	}
	wait_inq(srv, 1, T(3000));
	for (int i = 0, last = -1; i < 100; i++) {	/* let acks settle */
		q = outq(cli);
		if (q == last)
			break;
		last = q;
		msleep(20);
	}
	nsd = -1;
	ioctl(cli, SIOCOUTQNSD, &nsd);
	obs(c, "full: SIOCOUTQ > 0 %d, SIOCOUTQNSD > 0 %d, NSD <= OUTQ %d",
	    q > 0, nsd > 0, nsd <= q);
	obs(c, "full: peer FIONREAD > 0 %d", inq(srv) > 0);
	close(cli);
	close(srv);
}
