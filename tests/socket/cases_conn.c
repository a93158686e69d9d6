// SPDX-License-Identifier: GPL-2.0
/*
 * cases_conn.c - socket creation, bind, listen, accept, connect.
 */
#include "conform.h"

#include <arpa/inet.h>
#include <sys/stat.h>

CASE(c_socket_basic)
{
	int fd = vsocket(c, 0), fd2 = vsocket(c, SOCK_NONBLOCK | SOCK_CLOEXEC);
	int d;
	struct stat st;
	char b;

	obs_fl(c, "socket(0)", fd);
	obs_fl(c, "socket(SOCK_NONBLOCK|SOCK_CLOEXEC)", fd2);
	obs(c, "fstat: S_ISSOCK=%d", !fstat(fd, &st) && S_ISSOCK(st.st_mode));
	obs_get(c, "SO_TYPE", fd, SOL_SOCKET, SO_TYPE);
	obs_get(c, "SO_ACCEPTCONN", fd, SOL_SOCKET, SO_ACCEPTCONN);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_name(c, "getsockname", fd, 0, 0);
	obs_name(c, "getpeername", fd, 1, 0);
	obs_poll(c, "fresh", fd, POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0);
	obs_state(c, "fresh", fd);
	R(c, "recv(fresh)", recv(fd, &b, 1, 0));
	R(c, "recv(fresh, nonblocking)", recv(fd2, &b, 1, 0));
	R(c, "read(fresh)", read(fd, &b, 1));
	R(c, "fcntl(F_SETFL, O_NONBLOCK)", fcntl(fd, F_SETFL, O_NONBLOCK));
	obs_fl(c, "after F_SETFL", fd);
	d = dup(fd);
	R(c, "close(original)", close(fd));
	obs_get(c, "dup: SO_TYPE", d, SOL_SOCKET, SO_TYPE);
	obs_fl(c, "dup", d);
	close(d);
	close(fd2);
}

CASE(c_so_domain)
{
	int l, port, cli, srv, fds[4], i, d, p;
	const char *names[4] = { "fresh/listener", "connected", "accepted",
				 "fresh" };

	l = vlistener(c, 4, &port);
	pair_from(c, l, port, 1, &cli, &srv);
	fds[0] = l;
	fds[1] = cli;
	fds[2] = srv;
	fds[3] = vsocket(c, 0);
	for (i = 0; i < 4; i++) {
		int rd = getint(fds[i], SOL_SOCKET, SO_DOMAIN, &d);
		int rp = getint(fds[i], SOL_SOCKET, SO_PROTOCOL, &p);

		/* logged normalised, so smc4 and inet produce the same line */
		obs(c, "%s: SO_DOMAIN rc=%d %s, SO_PROTOCOL rc=%d %s",
		    names[i], rd, d == c->v->family ? "self" : "OTHER",
		    rp, p == c->v->so_protocol ? "self" : "OTHER");
		/* and asserted exactly */
		CHECK(c, rd == 0 && d == c->v->family,
		      "%s: SO_DOMAIN = %d, want %d", names[i], d,
		      c->v->family);
		CHECK(c, rp == 0 && p == c->v->so_protocol,
		      "%s: SO_PROTOCOL = %d, want %d", names[i], p,
		      c->v->so_protocol);
		close(fds[i]);
	}
}

CASE(c_bind_port0)
{
	int a = vsocket(c, 0), b = vsocket(c, 0);

	vbind_rc(c, "bind(loopback:0)", a, A_LOOP, 0);
	obs_name(c, "getsockname", a, 0, 0);
	obs_name(c, "getpeername", a, 1, 0);
	R(c, "listen", listen(a, 1));
	obs_name(c, "getsockname after listen", a, 0, 0);
	vbind_rc(c, "bind(any:0)", b, A_ANY, 0);
	obs_name(c, "getsockname", b, 0, 0);
	obs(c, "ports differ: %d", sock_port(a) != sock_port(b));
	close(a);
	close(b);
}

static int reuse_sock(struct ctx *c, int reuseaddr, int reuseport)
{
	int fd = vsocket(c, 0), one = 1;

	if (reuseaddr)
		MUST(c, setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one,
				   sizeof(one)));
	if (reuseport && smc_sol_socket_inet_only(c)) {
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one,
			       sizeof(one)) != -1 || errno != EOPNOTSUPP)
			FATAL(c, "SO_REUSEPORT on Linux < 6.2: %s, not EOPNOTSUPP",
			      ename(errno));
		close(fd);
		known_diff(c, "Linux < 6.2 refuses SO_REUSEPORT on AF_SMC "
			   "(EOPNOTSUPP, sk_setsockopt accepts inet only)");
	}
	if (reuseport)
		MUST(c, setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one,
				   sizeof(one)));
	return fd;
}

CASE(c_bind_addrinuse)
{
	int a = vsocket(c, 0), b = vsocket(c, 0), b2 = vsocket(c, 0);
	int r1 = reuse_sock(c, 1, 0), r2 = reuse_sock(c, 1, 0);
	int r3 = reuse_sock(c, 1, 0), w = vsocket(c, 0);
	int p, q;

	vbind_rc(c, "bind A(loopback:0)", a, A_LOOP, 0);
	p = sock_port(a);
	vbind_rc(c, "bind B(loopback:P)", b, A_LOOP, p);
	vbind_rc(c, "bind B2(any:P)", b2, A_ANY, p);
	R(c, "listen A", listen(a, 1));
	vbind_rc(c, "bind B(loopback:P) while A listens", b, A_LOOP, p);

	/* both SO_REUSEADDR and nobody listening: sharing is allowed */
	vbind_rc(c, "bind R1(loopback:0) REUSEADDR", r1, A_LOOP, 0);
	q = sock_port(r1);
	vbind_rc(c, "bind R2(loopback:Q) REUSEADDR", r2, A_LOOP, q);
	R(c, "listen R1", listen(r1, 1));
	vbind_rc(c, "bind R3(loopback:Q) REUSEADDR, R1 listening", r3,
		 A_LOOP, q);
	R(c, "listen R2 (same port as listening R1)", listen(r2, 1));

	/* a wildcard bind blocks the specific address too */
	vbind_rc(c, "bind W(any:0)", w, A_ANY, 0);
	close(b);
	b = vsocket(c, 0);
	vbind_rc(c, "bind B(loopback:port of W)", b, A_LOOP, sock_port(w));

	close(a);
	close(b);
	close(b2);
	close(r1);
	close(r2);
	close(r3);
	close(w);
}

CASE(c_bind_reuseaddr_tw)
{
	int l = reuse_sock(c, 1, 0), cli, srv, n1, n2, p, c2, s2;
	char b;

	vbind_rc(c, "bind L(loopback:0) REUSEADDR", l, A_LOOP, 0);
	R(c, "listen L", listen(l, 4));
	p = sock_port(l);
	pair_from(c, l, p, 1, &cli, &srv);
	R(c, "close L", close(l));
	/* server closes first: its side of the connection ends in TIME_WAIT */
	R(c, "close accepted", close(srv));
	obs_poll_need(c, "client sees FIN", cli, POLLIN, POLLIN, T(3000));
	R(c, "client recv", recv(cli, &b, 1, 0));
	R(c, "client close", close(cli));
	msleep(20);

	n1 = vsocket(c, 0);
	vbind_rc(c, "bind(loopback:P) without SO_REUSEADDR", n1, A_LOOP, p);
	n2 = reuse_sock(c, 1, 0);
	vbind_rc(c, "bind(loopback:P) with SO_REUSEADDR", n2, A_LOOP, p);
	R(c, "listen", listen(n2, 4));
	c2 = vsocket(c, 0);
	vconnect_rc(c, "connect to the rebound listener", c2, A_LOOP, p);
	s2 = accept_w(n2, NULL, NULL, 0);
	R(c, "accept", s2 >= 0 ? 0 : -1);
	close_q(s2);
	close(c2);
	close(n1);
	close(n2);
}

CASE(c_bind_reuseport)
{
	int a = reuse_sock(c, 0, 1), b = reuse_sock(c, 0, 1), x = vsocket(c, 0);
	int cl[8], p, i, got = 0, got_a = 0, got_b = 0;
	double end;

	obs_get(c, "SO_REUSEPORT", a, SOL_SOCKET, SO_REUSEPORT);
	vbind_rc(c, "bind A(loopback:0)", a, A_LOOP, 0);
	p = sock_port(a);
	vbind_rc(c, "bind B(loopback:P)", b, A_LOOP, p);
	R(c, "listen A", listen(a, 16));
	R(c, "listen B", listen(b, 16));
	vbind_rc(c, "bind X(loopback:P) without SO_REUSEPORT", x, A_LOOP, p);

	for (i = 0; i < 8; i++)
		cl[i] = vconnect_to(c, p);
	set_nonblock(a, 1);
	set_nonblock(b, 1);
	end = now_ms() + T(5000);
	while (got < 8 && now_ms() < end) {
		struct pollfd pf[2] = { { a, POLLIN, 0 }, { b, POLLIN, 0 } };

		if (poll(pf, 2, 100) <= 0)
			continue;
		for (i = 0; i < 2; i++) {
			int s = (pf[i].revents & POLLIN) ?
				accept_w(pf[i].fd, NULL, NULL, 0) : -1;

			if (s >= 0) {
				got++;
				*(i ? &got_b : &got_a) += 1;
				close(s);
			}
		}
	}
	obs(c, "accepted %d of 8 clients over both listeners", got);
	CHECK(c, got_a + got_b == 8, "a=%d b=%d", got_a, got_b);
	for (i = 0; i < 8; i++)
		close(cl[i]);
	close(a);
	close(b);
	close(x);
}

CASE(c_bind_twice)
{
	int a = vsocket(c, 0), l, p, cli, srv;

	vbind_rc(c, "bind(loopback:0)", a, A_LOOP, 0);
	vbind_rc(c, "bind(loopback:0) again", a, A_LOOP, 0);
	vbind_rc(c, "bind(loopback:own port) again", a, A_LOOP, sock_port(a));
	R(c, "listen", listen(a, 1));
	vbind_rc(c, "bind after listen", a, A_LOOP, 0);

	l = vlistener(c, 4, &p);
	pair_from(c, l, p, 1, &cli, &srv);
	vbind_rc(c, "bind after connect", cli, A_LOOP, 0);
	vbind_rc(c, "bind accepted socket", srv, A_LOOP, 0);
	close(a);
	close(l);
	close(cli);
	close(srv);
}

/* family that is not the variant's, with the variant's address size */
static int other_af(struct ctx *c)
{
	return c->v->af == AF_INET ? AF_INET6 : AF_INET;
}

static void nonlocal_addr(struct ctx *c, struct sockaddr_storage *ss)
{
	if (c->v->af == AF_INET)
		inet_pton(AF_INET, "192.0.2.1",
			  &((struct sockaddr_in *)ss)->sin_addr);
	else
		inet_pton(AF_INET6, "2001:db8::1",
			  &((struct sockaddr_in6 *)ss)->sin6_addr);
}

CASE(c_bind_badaddr)
{
	struct sockaddr_storage ss;
	char big[256];
	socklen_t len;
	int fd;

#define FRESH() do { if (fd >= 0) close(fd); fd = vsocket(c, 0); } while (0)
	fd = -1;
	FRESH();
	/*
	 * The wrong family comes with sizeof(struct sockaddr_in6) bytes for
	 * both variants: an LSM (SELinux) validates AF_INET/AF_INET6 socket
	 * addresses before the protocol does and answers EINVAL for an
	 * AF_INET6 address shorter than 24 bytes, which it never does for
	 * AF_SMC sockets.
	 */
	len = mkaddr(c, &ss, A_LOOP, 0);
	ss.ss_family = other_af(c);
	R(c, "bind(other family, 28 bytes)",
	  bind(fd, (void *)&ss, sizeof(struct sockaddr_in6)));
	ss.ss_family = AF_UNIX;
	R(c, "bind(AF_UNIX, full length)", bind(fd, (void *)&ss, len));
	ss.ss_family = AF_SMC;
	R(c, "bind(AF_SMC, full length)", bind(fd, (void *)&ss, len));
	ss.ss_family = AF_UNSPEC;
	R(c, "bind(AF_UNSPEC, loopback)", bind(fd, (void *)&ss, len));
	FRESH();
	len = mkaddr(c, &ss, A_ANY, 0);
	ss.ss_family = AF_UNSPEC;
	/* IPv4 accepts AF_UNSPEC + INADDR_ANY for compatibility, IPv6 not */
	R_af(c, "bind(AF_UNSPEC, any)", bind(fd, (void *)&ss, len));
	FRESH();
	len = mkaddr(c, &ss, A_LOOP, 0);
	R(c, "bind(len 0)", bind(fd, (void *)&ss, 0));
	R(c, "bind(len 2)", bind(fd, (void *)&ss, 2));
	R(c, "bind(len 8)", bind(fd, (void *)&ss, 8));
	R(c, "bind(NULL, 0)", bind(fd, NULL, 0));
	R(c, "bind(NULL, len)", bind(fd, NULL, len));
	R(c, "bind(bad pointer)", bind(fd, (void *)16, len));
	R(c, "bind(len 129)", bind(fd, (void *)big, 129));
	R(c, "bind(len -1)", bind(fd, (void *)&ss, (socklen_t)-1));
	/* IPv6 takes 24..27 bytes (RFC 2133 size), IPv4 rejects 15 */
	R_af(c, "bind(len full-1)", bind(fd, (void *)&ss, len - 1));
	FRESH();
	memset(big, 0, sizeof(big));
	mkaddr(c, (void *)big, A_LOOP, 0);
	R(c, "bind(len 128, padded)", bind(fd, (void *)big, 128));
	FRESH();
	len = mkaddr(c, &ss, A_LOOP, 0);
	nonlocal_addr(c, &ss);
	R(c, "bind(non-local TEST-NET address)", bind(fd, (void *)&ss, len));
	obs_name(c, "getsockname after failures", fd, 0, 0);
	vbind_rc(c, "bind(loopback:0) after failures", fd, A_LOOP, 0);
	close(fd);
#undef FRESH
}

CASE(c_connect_badaddr)
{
	struct sockaddr_storage ss;
	char big[256];
	socklen_t len;
	int l, p, fd, s, fd2;

	l = vlistener(c, 8, &p);
	fd = vsocket(c, 0);
	len = mkaddr(c, &ss, A_LOOP, p);
	ss.ss_family = other_af(c);	/* 28 bytes: see c_bind_badaddr */
	R(c, "connect(other family, 28 bytes)",
	  connect(fd, (void *)&ss, sizeof(struct sockaddr_in6)));
	ss.ss_family = AF_UNIX;
	R(c, "connect(AF_UNIX, full length)", connect(fd, (void *)&ss, len));
	ss.ss_family = AF_SMC;
	R(c, "connect(AF_SMC, full length)", connect(fd, (void *)&ss, len));
	len = mkaddr(c, &ss, A_LOOP, p);
	R(c, "connect(len 0)", connect(fd, (void *)&ss, 0));
	R(c, "connect(len 1)", connect(fd, (void *)&ss, 1));
	R(c, "connect(len 8)", connect(fd, (void *)&ss, 8));
	R(c, "connect(NULL, len)", connect(fd, NULL, len));
	R(c, "connect(bad pointer)", connect(fd, (void *)16, len));
	R(c, "connect(len 129)", connect(fd, (void *)big, 129));
	obs_state(c, "after failures", fd);
	obs_name(c, "getsockname after failures", fd, 0, 0);
	R(c, "connect(valid) after failures", connect(fd, (void *)&ss, len));
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	close_q(s);

	fd2 = vsocket(c, 0);
	R_af(c, "connect(len full-1)", connect(fd2, (void *)&ss, len - 1));
	close(fd2);
	set_nonblock(l, 1);
	s = accept(l, NULL, NULL);	/* only IPv6 connected above */
	close_q(s);
	close(fd);
	close(l);
}

CASE(c_listen_accept)
{
	struct sockaddr_storage ss, cs;
	socklen_t len, clen;
	int l, p, cl[3], a[3], i, l2, p2, q[3], qa[2];
	char b;

	l = vsocket(c, 0);
	R(c, "listen(unbound, 4)", listen(l, 4));
	obs_name(c, "auto-bound listener", l, 0, 0);
	obs_get(c, "SO_ACCEPTCONN", l, SOL_SOCKET, SO_ACCEPTCONN);
	R(c, "listen again (backlog 8)", listen(l, 8));
	R(c, "listen(-1)", listen(l, -1));
	p = sock_port(l);
	obs_state(c, "listener", l);
	obs_name(c, "getpeername(listener)", l, 1, p);
	R(c, "recv(listener)", recv(l, &b, 1, MSG_DONTWAIT));
	R(c, "send(listener)", send(l, "x", 1, MSG_NOSIGNAL));
	vconnect_rc(c, "connect(listener to itself)", l, A_LOOP, p);

	for (i = 0; i < 3; i++)
		cl[i] = vconnect_to(c, p);

	len = sizeof(ss);
	a[0] = accept_w(l, (void *)&ss, &len, 0);
	R(c, "accept(full buffer)", a[0] >= 0 ? 0 : -1);
	obs_sa(c, "accept peer", (void *)&ss, len, p);
	clen = sizeof(cs);
	getsockname(cl[0], (void *)&cs, &clen);
	obs(c, "accept peer == client's name: %d",
	    len == clen && !memcmp(&ss, &cs, len));

	a[1] = accept_w(l, NULL, NULL, 0);
	R(c, "accept(NULL, NULL)", a[1] >= 0 ? 0 : -1);

	memset(&ss, 0xaa, sizeof(ss));
	len = 4;
	a[2] = accept_w(l, (void *)&ss, &len, 0);
	R(c, "accept(4-byte buffer)", a[2] >= 0 ? 0 : -1);
	obs(c, "  addrlen %s, family %s, byte 4 untouched %d",
	    len == sa_len_of(c->v->af) ? "self" : "OTHER",
	    ss.ss_family == c->v->af ? "self" : "OTHER",
	    ((unsigned char *)&ss)[4] == 0xaa);

	for (i = 0; i < 3; i++) {
		obs_name(c, "accepted getsockname", a[i], 0, p);
		obs_name(c, "accepted getpeername", a[i], 1, p);
		obs_get(c, "accepted SO_ACCEPTCONN", a[i], SOL_SOCKET,
			SO_ACCEPTCONN);
		obs_state(c, "accepted", a[i]);
		obs_fl(c, "accepted", a[i]);
	}
	R(c, "accept(connected client)", accept(cl[0], NULL, NULL));
	R(c, "listen(connected client)", listen(cl[0], 1));
	R(c, "listen(accepted)", listen(a[0], 1));
	i = vsocket(c, 0);
	R(c, "accept(fresh socket)", accept(i, NULL, NULL));
	close(i);
	for (i = 0; i < 3; i++) {
		close(cl[i]);
		close(a[i]);
	}
	close(l);

	/* backlog 1: the accept queue holds 2, a third SYN is dropped */
	l2 = vlistener(c, 1, &p2);
	for (i = 0; i < 2; i++)
		q[i] = vconnect_to(c, p2);
	wait_backlog(l2, 2, T(3000));
	q[2] = vsocket(c, SOCK_NONBLOCK);
	vconnect_rc(c, "3rd client, backlog 1", q[2], A_LOOP, p2);
	obs_poll(c, "3rd client", q[2], POLLOUT, 150);
	obs_state(c, "3rd client", q[2]);
	for (i = 0; i < 2; i++) {
		qa[i] = accept_w(l2, NULL, NULL, 0);
		close_q(qa[i]);
	}
	for (i = 0; i < 3; i++)
		close(q[i]);
	close(l2);
}

CASE(c_accept4_flags)
{
	static const struct { int fl; const char *n; } f[] = {
		{ 0, "0" }, { SOCK_NONBLOCK, "SOCK_NONBLOCK" },
		{ SOCK_CLOEXEC, "SOCK_CLOEXEC" },
		{ SOCK_NONBLOCK | SOCK_CLOEXEC, "SOCK_NONBLOCK|SOCK_CLOEXEC" },
	};
	int l, p, cl[5], i, s;
	char w[96];

	l = vlistener(c, 8, &p);
	for (i = 0; i < 5; i++)
		cl[i] = vconnect_to(c, p);
	R(c, "accept4(flags 0x1)", accept4(l, NULL, NULL, 0x1));
	R(c, "accept4(flags O_APPEND)", accept4(l, NULL, NULL, O_APPEND));
	for (i = 0; i < 4; i++) {
		snprintf(w, sizeof(w), "accept4(%s)", f[i].n);
		s = accept_w(l, NULL, NULL, f[i].fl);
		R(c, w, s >= 0 ? 0 : -1);
		obs_fl(c, w, s);
		close_q(s);
	}
	set_nonblock(l, 1);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept from O_NONBLOCK listener", s >= 0 ? 0 : -1);
	obs_fl(c, "  accepted (O_NONBLOCK not inherited)", s);
	close_q(s);
	for (i = 0; i < 5; i++)
		close(cl[i]);
	close(l);
}

CASE(c_accept_nonblock)
{
	int l, p, l2, p2, cl, s;
	double t0;

	l = vlistener(c, 4, &p);
	set_nonblock(l, 1);
	R(c, "accept(O_NONBLOCK, empty)", accept(l, NULL, NULL));
	R(c, "accept4(SOCK_NONBLOCK flag, O_NONBLOCK listener, empty)",
	  accept4(l, NULL, NULL, SOCK_NONBLOCK));
	obs_poll(c, "empty listener", l, POLLIN | POLLOUT, 0);

	l2 = vlistener(c, 4, &p2);
	set_timeo(l2, SO_RCVTIMEO, 150);
	t0 = now_ms();
	R(c, "accept(SO_RCVTIMEO 150ms, empty)", accept(l2, NULL, NULL));
	obs_elapsed(c, "accept timeout", t0, 150);

	cl = vconnect_to(c, p);
	obs_poll(c, "listener with a pending connection", l, POLLIN, T(3000));
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept(O_NONBLOCK, pending)", s >= 0 ? 0 : -1);
	obs_poll(c, "listener drained", l, POLLIN, 0);
	R(c, "accept again", accept(l, NULL, NULL));
	close_q(s);
	close(cl);
	close(l);
	close(l2);
}

CASE(c_connect_blocking)
{
	int l, p, fd, fd2, s1, s2;

	l = vlistener(c, 4, &p);
	fd = vsocket(c, 0);
	vconnect_rc(c, "connect", fd, A_LOOP, p);
	vconnect_rc(c, "connect again", fd, A_LOOP, p);
	vconnect_rc(c, "connect elsewhere", fd, A_LOOP, p + 1);
	obs_name(c, "getsockname", fd, 0, p);
	obs_name(c, "getpeername", fd, 1, p);
	obs_state(c, "client", fd);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_poll(c, "client", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	s1 = accept_w(l, NULL, NULL, 0);

	fd2 = vsocket(c, 0);
	vconnect_rc(c, "connect(wildcard address)", fd2, A_ANY, p);
	obs_name(c, "getpeername", fd2, 1, p);
	obs_name(c, "getsockname", fd2, 0, p);
	s2 = accept_w(l, NULL, NULL, 0);
	R(c, "accepted both", s1 >= 0 && s2 >= 0 ? 0 : -1);
	close_q(s1);
	close_q(s2);
	close(fd);
	close(fd2);
	close(l);
}

CASE(c_connect_nonblock)
{
	int l, p, fd, s;

	l = vlistener(c, 4, &p);
	fd = vsocket(c, SOCK_NONBLOCK);
	vconnect_rc(c, "connect(non-blocking)", fd, A_LOOP, p);
	obs_poll_need(c, "connecting", fd, POLLOUT, POLLOUT, T(3000));
	obs_sockerr(c, "SO_ERROR", fd);
	vconnect_rc(c, "connect again", fd, A_LOOP, p);
	vconnect_rc(c, "connect third time", fd, A_LOOP, p);
	obs_state(c, "client", fd);
	obs_name(c, "getpeername", fd, 1, p);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	R(c, "send", send(fd, "hi", 2, MSG_NOSIGNAL));
	close_q(s);
	close(fd);
	close(l);
}

CASE(c_connect_refused)
{
	int h, q = closed_port(c, &h), fd = vsocket(c, 0), l, p, s;
	char b;

	vconnect_rc(c, "connect(closed port)", fd, A_LOOP, q);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_state(c, "after refusal", fd);
	obs_poll(c, "after refusal", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	obs_name(c, "getpeername", fd, 1, q);
	R(c, "recv", recv(fd, &b, 1, MSG_DONTWAIT));
	R(c, "send", send(fd, "x", 1, MSG_NOSIGNAL));
	vconnect_rc(c, "connect(closed port) again", fd, A_LOOP, q);
	l = vlistener(c, 4, &p);
	vconnect_rc(c, "connect(listener) after refusals", fd, A_LOOP, p);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	close_q(s);
	close(l);
	close(fd);
	close(h);
}

CASE(c_connect_refused_nb)
{
	int h, q = closed_port(c, &h), fd = vsocket(c, SOCK_NONBLOCK);
	char b;

	vconnect_rc(c, "connect(closed port, non-blocking)", fd, A_LOOP, q);
	obs_poll_need(c, "refused", fd, POLLIN | POLLOUT | POLLRDHUP,
		      POLLERR | POLLHUP, T(3000));
	obs_state(c, "refused", fd);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_sockerr(c, "SO_ERROR again", fd);
	obs_poll(c, "after SO_ERROR", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "recv", recv(fd, &b, 1, 0));
	vconnect_rc(c, "connect again", fd, A_LOOP, q);
	vconnect_rc(c, "connect third time", fd, A_LOOP, q);
	obs_poll_need(c, "refused again", fd, POLLOUT, POLLERR | POLLHUP,
		      T(3000));
	obs_sockerr(c, "SO_ERROR", fd);
	close(fd);
	close(h);
}

/*
 * A deterministic connect timeout without any routing tricks: a listener
 * with backlog 1 whose accept queue already holds two connections drops
 * further SYNs (tcp_conn_request: sk_acceptq_is_full), so a connect to
 * it stays in SYN_SENT; SYN retransmission starts after 1 s, far beyond
 * the 300 ms SO_SNDTIMEO used here.
 */
CASE(c_connect_timeout)
{
	int l, p, c1, c2, fd, nb, a;
	double t0;

	l = vlistener(c, 1, &p);
	c1 = vconnect_to(c, p);
	c2 = vconnect_to(c, p);
	wait_backlog(l, 2, T(3000));

	fd = vsocket(c, 0);
	set_timeo(fd, SO_SNDTIMEO, 300);
	obs_timeo(c, "SO_SNDTIMEO", fd, SO_SNDTIMEO);
	t0 = now_ms();
	vconnect_rc(c, "connect(full accept queue, SO_SNDTIMEO 300ms)", fd,
		    A_LOOP, p);
	obs_elapsed(c, "connect", t0, 300);
	obs_state(c, "timed-out connect", fd);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_poll(c, "timed-out connect", fd, POLLIN | POLLOUT, 0);
	t0 = now_ms();
	vconnect_rc(c, "connect again", fd, A_LOOP, p);
	obs_elapsed(c, "connect again", t0, 300);

	nb = vsocket(c, SOCK_NONBLOCK);
	vconnect_rc(c, "non-blocking connect(full queue)", nb, A_LOOP, p);
	vconnect_rc(c, "non-blocking connect again", nb, A_LOOP, p);
	obs_poll(c, "non-blocking connect", nb, POLLOUT, 150);
	obs_state(c, "non-blocking connect", nb);

	a = accept_w(l, NULL, NULL, 0);
	close_q(a);
	a = accept_w(l, NULL, NULL, 0);
	close_q(a);
	close(nb);
	close(fd);
	close(c1);
	close(c2);
	close(l);
}

CASE(c_connect_unspec)
{
	struct sockaddr sa = { .sa_family = AF_UNSPEC };
	int l, p, fd, s, s2;
	char b = 0;

	l = vlistener(c, 4, &p);
	fd = vsocket(c, 0);
	R(c, "connect(AF_UNSPEC) unconnected", connect(fd, &sa, sizeof(sa)));
	R(c, "connect(AF_UNSPEC, len 1)", connect(fd, &sa, 1));
	vconnect_rc(c, "connect", fd, A_LOOP, p);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "connect(AF_UNSPEC) connected", connect(fd, &sa, sizeof(sa)));
	obs_state(c, "disconnected", fd);
	obs_name(c, "getpeername", fd, 1, p);
	obs_sockerr(c, "SO_ERROR", fd);
	obs_poll(c, "disconnected", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	obs_poll_need(c, "peer", s, POLLIN, POLLERR, T(3000));
	R(c, "peer recv", recv(s, &b, 1, 0));
	vconnect_rc(c, "reconnect", fd, A_LOOP, p);
	s2 = accept_w(l, NULL, NULL, 0);
	R(c, "send after reconnect", send(fd, "z", 1, MSG_NOSIGNAL));
	R(c, "recv on new peer", recv_exact(s2, &b, 1, T(3000)));
	obs(c, "byte %c", b);
	close_q(s);
	close_q(s2);
	close(fd);
	close(l);
}

CASE(c_send_unconnected)
{
	int fd = vsocket(c, 0), l, p, s;
	struct sockaddr_storage ss;
	socklen_t len;
	char b;
	struct iovec iov = { "x", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	count_sigpipe();
	R(c, "send(MSG_NOSIGNAL)", send(fd, "x", 1, MSG_NOSIGNAL));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "send(0)", send(fd, "x", 1, 0));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "write", write(fd, "x", 1));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "sendmsg(MSG_NOSIGNAL)", sendmsg(fd, &m, MSG_NOSIGNAL));
	R(c, "send(len 0)", send(fd, "x", 0, MSG_NOSIGNAL));
	R(c, "recv", recv(fd, &b, 1, 0));
	R(c, "read", read(fd, &b, 1));
	R(c, "recv(MSG_OOB)", recv(fd, &b, 1, MSG_OOB));
	obs(c, "SIGPIPEs: %d", sigpipe_count());

	l = vlistener(c, 4, &p);
	len = mkaddr(c, &ss, A_LOOP, p);
	R(c, "sendto(listener address), no MSG_FASTOPEN",
	  sendto(fd, "x", 1, MSG_NOSIGNAL, (void *)&ss, len));
	obs_state(c, "after sendto", fd);
	R(c, "sendto(listener address, MSG_FASTOPEN)",
	  sendto(fd, "y", 1, MSG_NOSIGNAL | MSG_FASTOPEN, (void *)&ss, len));
	obs_state(c, "after MSG_FASTOPEN", fd);
	s = accept_w(l, NULL, NULL, 0);
	if (s >= 0) {
		R(c, "peer recv", recv_exact(s, &b, 1, T(3000)));
		obs(c, "byte %c", b);
		close(s);
	} else {
		R(c, "accept", -1);
	}
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	close(l);
	close(fd);
}
