// SPDX-License-Identifier: GPL-2.0
/*
 * cases_data.c - bulk data integrity, sendfile/splice, many connections,
 * v4-mapped addresses, AF_SMC-only checks and interoperability.
 */
#include "conform.h"

#include <arpa/inet.h>
#include <sys/epoll.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/uio.h>

/* ---- helpers ---- */

static int memfd_with_stream(struct ctx *c, uint64_t seed, size_t len)
{
	int fd = memfd_create("smc_conform", MFD_CLOEXEC);
	unsigned char *buf = malloc(1 << 20);
	size_t off = 0;

	if (fd < 0 || !buf)
		FATAL(c, "memfd_create: %s", ename(errno));
	while (off < len) {
		size_t n = len - off > (1u << 20) ? (1u << 20) : len - off;

		stream_fill(seed, off, buf, n);
		if (pwrite(fd, buf, n, off) != (ssize_t)n)
			FATAL(c, "pwrite: %s", ename(errno));
		off += n;
	}
	free(buf);
	return fd;
}

/* checks that file @fd holds exactly stream(seed, len); logs the hash */
static void obs_file_stream(struct ctx *c, const char *what, int fd,
			    uint64_t seed, size_t len)
{
	unsigned char *buf = malloc(1 << 20), *exp = malloc(1 << 20);
	struct hash h;
	size_t off = 0;
	int ok = 1;
	off_t size = lseek(fd, 0, SEEK_END);

	hash_init(&h);
	while (off < (size_t)size) {
		ssize_t n = pread(fd, buf, 1 << 20, off);

		if (n <= 0)
			break;
		stream_fill(seed, off, exp, n);
		if (memcmp(buf, exp, n))
			ok = 0;
		hash_update(&h, buf, n);
		off += n;
	}
	obs(c, "%s: file size %lld hash %016llx intact %d", what,
	    (long long)size, (unsigned long long)hash_final(&h),
	    ok && (size_t)size == len);
	CHECK(c, ok && (size_t)size == len, "%s: file content wrong", what);
	free(buf);
	free(exp);
}

struct rxjob {
	int fd;
	uint64_t seed, len;
	struct xfer_res r;
};

static void *rx_thread(void *arg)
{
	struct rxjob *j = arg;

	xfer_recv(j->fd, j->seed, j->len, j->seed * 3, &j->r);
	return NULL;
}

struct txjob {
	int fd;
	uint64_t seed, len;
	struct xfer_res r;
};

static void *tx_thread(void *arg)
{
	struct txjob *j = arg;

	xfer_send(j->fd, j->seed, j->len, j->seed * 5, &j->r, 1);
	return NULL;
}

static void obs_rx(struct ctx *c, const char *what, struct rxjob *j)
{
	uint64_t want = stream_hash(j->seed, j->len);

	obs(c, "%s: received %llu hash %016llx error %s intact %d", what,
	    (unsigned long long)j->r.rcvd, (unsigned long long)j->r.rx_hash,
	    j->r.rx_err ? ename(j->r.rx_err) : "0", !j->r.mismatch);
	CHECK(c, j->r.rcvd == j->len && j->r.rx_hash == want &&
	      !j->r.mismatch, "%s: %llu of %llu bytes, mismatch %d", what,
	      (unsigned long long)j->r.rcvd, (unsigned long long)j->len,
	      j->r.mismatch);
}

/* ---- sendfile / splice ---- */

CASE(c_sendfile)
{
	const size_t len = (1 << 20) + 777;
	int mfd = memfd_with_stream(c, 42, len), cli, srv, fd;
	struct rxjob j = { .seed = 42, .len = len };
	struct thr t = { 0 };
	uint64_t s = 5;
	off_t off;
	ssize_t r;
	size_t sent = 0;
	int err = 0;

	vpair(c, &cli, &srv);
	j.fd = srv;
	thr_start(c, &t, rx_thread, &j);

	lseek(mfd, 0, SEEK_SET);
	R(c, "sendfile(NULL offset, 1000)", sendfile(cli, mfd, NULL, 1000));
	obs(c, "  file position %lld", (long long)lseek(mfd, 0, SEEK_CUR));
	sent = 1000;
	off = 1000;
	R(c, "sendfile(count 0)", sendfile(cli, mfd, &off, 0));
	while (sent < len) {
		size_t n = 1 + prng_next(&s) % (300 * 1024);

		r = sendfile(cli, mfd, &off, n);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (r == 0)
			break;
		sent += r;
	}
	obs(c, "sendfile loop: sent %zu offset %lld error %s", sent,
	    (long long)off, err ? ename(err) : "0");
	R(c, "sendfile at EOF of file", sendfile(cli, mfd, &off, 100));
	R(c, "shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	thr_join(&t);
	obs_rx(c, "peer", &j);

	fd = vsocket(c, 0);
	off = 0;
	R(c, "sendfile to unconnected socket", sendfile(fd, mfd, &off, 10));
	R(c, "sendfile from a socket", sendfile(cli, srv, NULL, 10));
	close(fd);
	close(cli);
	close(srv);
	close(mfd);
}

CASE(c_splice_in)
{
	const size_t len = (1 << 20) + 5;
	int cli, srv, p[2], out = memfd_create("smc_conform_out", MFD_CLOEXEC);
	int fd, err = 0;
	struct txjob sj;
	struct thr t = { 0 };
	loff_t off = 0;
	size_t moved = 0;
	ssize_t r;

	MUST(c, out);
	MUST(c, pipe2(p, O_CLOEXEC));
	vpair(c, &cli, &srv);
	set_nonblock(srv, 1);
	R(c, "splice(empty O_NONBLOCK socket -> pipe)",
	  splice(srv, NULL, p[1], NULL, 4096, SPLICE_F_NONBLOCK));
	set_nonblock(srv, 0);
	fd = vsocket(c, 0);
	R(c, "splice(unconnected socket -> pipe)",
	  splice(fd, NULL, p[1], NULL, 4096, 0));
	close(fd);
	R(c, "splice(socket with offset)",
	  splice(srv, &off, p[1], NULL, 4096, 0));

	sj = (struct txjob){ cli, 43, len, { 0 } };
	thr_start(c, &t, tx_thread, &sj);
	for (;;) {
		r = splice(srv, NULL, p[1], NULL, 65536, SPLICE_F_MOVE);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			break;
		}
		if (r == 0)
			break;
		while (r > 0) {
			ssize_t w = splice(p[0], NULL, out, &off, r,
					   SPLICE_F_MOVE);

			if (w <= 0) {
				err = w < 0 ? errno : EIO;
				break;
			}
			r -= w;
			moved += w;
		}
		if (err)
			break;
	}
	thr_join(&t);
	obs(c, "sender: sent %llu error %s", (unsigned long long)sj.r.sent,
	    sj.r.tx_err ? ename(sj.r.tx_err) : "0");
	obs(c, "splice loop: moved %zu error %s", moved,
	    err ? ename(err) : "0");
	obs_file_stream(c, "spliced file", out, 43, len);
	close(p[0]);
	close(p[1]);
	close(out);
	close(cli);
	close(srv);
}

CASE(c_splice_out)
{
	const size_t len = (1 << 20) + 9;
	int mfd = memfd_with_stream(c, 44, len), cli, srv, p[2], err = 0;
	struct rxjob j = { .seed = 44, .len = len };
	struct thr t = { 0 };
	unsigned char head[4096];
	struct iovec iov = { head, sizeof(head) };
	loff_t off;
	size_t moved = 0;
	uint64_t s = 17;

	MUST(c, pipe2(p, O_CLOEXEC));
	vpair(c, &cli, &srv);
	j.fd = srv;
	thr_start(c, &t, rx_thread, &j);

	/* the first 4 KiB come from user memory through vmsplice */
	stream_fill(44, 0, head, sizeof(head));
	R(c, "vmsplice 4096 into pipe", vmsplice(p[1], &iov, 1, 0));
	R(c, "splice(pipe -> socket) 4096",
	  splice(p[0], NULL, cli, NULL, 4096, 0));
	moved = 4096;
	off = 4096;
	while (moved < len) {
		size_t n = 1 + prng_next(&s) % 65536;
		ssize_t r = splice(mfd, &off, p[1], NULL, n, SPLICE_F_MOVE);

		if (r <= 0) {
			err = r < 0 ? errno : EIO;
			break;
		}
		while (r > 0) {
			ssize_t w = splice(p[0], NULL, cli, NULL, r,
					   SPLICE_F_MOVE | SPLICE_F_MORE);

			if (w <= 0) {
				err = w < 0 ? errno : EIO;
				break;
			}
			r -= w;
			moved += w;
		}
		if (err)
			break;
	}
	obs(c, "splice loop: moved %zu error %s", moved,
	    err ? ename(err) : "0");
	R(c, "shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	thr_join(&t);
	obs_rx(c, "peer", &j);
	close(p[0]);
	close(p[1]);
	close(mfd);
	close(cli);
	close(srv);
}

/* ---- bulk data ---- */

CASE(c_data_sizes)
{
	static const uint64_t sizes[] = { 1, 7, 4095, 65536, (1 << 20) + 3 };
	char what[64];
	int i, cli, srv;

	for (i = 0; i < (int)(sizeof(sizes) / sizeof(sizes[0])); i++) {
		vpair(c, &cli, &srv);
		snprintf(what, sizeof(what), "size %llu",
			 (unsigned long long)sizes[i]);
		duplex(c, what, cli, srv, sizes[i], sizes[i], 100 + i);
		close(cli);
		close(srv);
	}
}

CASE(c_data_16m)
{
	int cli, srv;

	vpair(c, &cli, &srv);
	duplex(c, "16 MiB", cli, srv, 16u << 20, 65536, 200);
	close(cli);
	close(srv);
}

#define NCONN	64
#define CONN_LEN (192 * 1024)

struct econn {
	int fd, peer_idx;
	uint64_t tx_seed, rx_seed, sent, rcvd, cs;
	struct hash h;
	int tx_done, rx_done, bad, err;
};

static void econn_send(int ep, struct econn *e, unsigned char *buf)
{
	while (!e->tx_done) {
		size_t n = 1 + prng_next(&e->cs) % 65536;
		ssize_t r;

		if (n > CONN_LEN - e->sent)
			n = CONN_LEN - e->sent;
		stream_fill(e->tx_seed, e->sent, buf, n);
		r = send(e->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
		if (r < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				e->err = errno;
				e->tx_done = e->rx_done = 1;
			}
			return;
		}
		e->sent += r;
		if (e->sent == CONN_LEN) {
			struct epoll_event ev = { .events = EPOLLIN,
						  .data.u32 = 0 };

			e->tx_done = 1;
			if (shutdown(e->fd, SHUT_WR) < 0)
				e->err = errno;
			ev.data.ptr = e;
			epoll_ctl(ep, EPOLL_CTL_MOD, e->fd, &ev);
		}
	}
}

static void econn_recv(struct econn *e, unsigned char *buf,
		       unsigned char *exp)
{
	while (!e->rx_done) {
		size_t n = 1 + prng_next(&e->cs) % 65536;
		ssize_t r = recv(e->fd, buf, n, MSG_DONTWAIT);

		if (r < 0) {
			if (errno != EAGAIN && errno != EINTR) {
				e->err = errno;
				e->tx_done = e->rx_done = 1;
			}
			return;
		}
		if (r == 0) {
			e->rx_done = 1;
			return;
		}
		stream_fill(e->rx_seed, e->rcvd, exp, r);
		if (e->rcvd + r > CONN_LEN || memcmp(buf, exp, r))
			e->bad = 1;
		hash_update(&e->h, buf, r);
		e->rcvd += r;
	}
}

CASE(c_data_64conn)
{
	static struct econn e[2 * NCONN];
	static unsigned char buf[65536], exp[65536];
	struct epoll_event evs[64];
	int l, p, i, k, ep, accepted = 0, done = 0, intact = 0, errs = 0;
	int cport[NCONN];
	uint64_t total = 0, combined = 0;
	double end;

	l = vlistener(c, 128, &p);
	set_nonblock(l, 1);
	memset(e, 0, sizeof(e));
	for (i = 0; i < NCONN; i++) {
		struct sockaddr_storage ss;
		socklen_t len = mkaddr(c, &ss, A_LOOP, p);

		e[i].fd = vsocket(c, SOCK_NONBLOCK);
		if (connect(e[i].fd, (void *)&ss, len) < 0 &&
		    errno != EINPROGRESS)
			FATAL(c, "connect %d: %s", i, ename(errno));
		cport[i] = sock_port(e[i].fd);
		e[i].tx_seed = 1000 + i;
		e[i].rx_seed = 2000 + i;
		e[i].cs = 7 * i + 1;
	}
	end = now_ms() + T(10000);
	while (accepted < NCONN && now_ms() < end) {
		int s = accept4(l, NULL, NULL, SOCK_NONBLOCK), pp, j;

		if (s < 0) {
			wait_ev(l, POLLIN, 100);
			continue;
		}
		{
			struct sockaddr_storage ss;
			socklen_t len = sizeof(ss);

			getpeername(s, (void *)&ss, &len);
			pp = ss.ss_family == AF_INET6 ?
			     ntohs(((struct sockaddr_in6 *)&ss)->sin6_port) :
			     ntohs(((struct sockaddr_in *)&ss)->sin_port);
		}
		for (j = 0; j < NCONN && cport[j] != pp; j++)
			;
		if (j == NCONN || e[NCONN + j].fd) {
			close(s);
			continue;
		}
		e[NCONN + j].fd = s;
		e[NCONN + j].tx_seed = 2000 + j;
		e[NCONN + j].rx_seed = 1000 + j;
		e[NCONN + j].cs = 7 * j + 3;
		accepted++;
	}
	obs(c, "accepted %d of %d", accepted, NCONN);
	CHECK(c, accepted == NCONN, "only %d connections accepted", accepted);

	ep = epoll_create1(EPOLL_CLOEXEC);
	for (i = 0; i < 2 * NCONN; i++) {
		struct epoll_event ev = { .events = EPOLLIN | EPOLLOUT };

		hash_init(&e[i].h);
		if (!e[i].fd) {
			e[i].tx_done = e[i].rx_done = 1;
			e[i].fd = -1;
			continue;
		}
		ev.data.ptr = &e[i];
		MUST(c, epoll_ctl(ep, EPOLL_CTL_ADD, e[i].fd, &ev));
	}
	end = now_ms() + T(60000);
	while (now_ms() < end) {
		int n = epoll_wait(ep, evs, 64, 1000);

		for (k = 0; k < n; k++) {
			struct econn *x = evs[k].data.ptr;

			if (evs[k].events & (EPOLLIN | EPOLLERR | EPOLLHUP))
				econn_recv(x, buf, exp);
			if (evs[k].events & EPOLLOUT)
				econn_send(ep, x, buf);
			if (x->tx_done && x->rx_done)
				epoll_ctl(ep, EPOLL_CTL_DEL, x->fd, NULL);
		}
		for (done = 0, i = 0; i < 2 * NCONN; i++)
			done += e[i].tx_done && e[i].rx_done;
		if (done == 2 * NCONN)
			break;
	}
	for (i = 0; i < 2 * NCONN; i++) {
		int ok = e[i].rcvd == CONN_LEN && !e[i].bad && !e[i].err &&
			 hash_final(&e[i].h) == stream_hash(e[i].rx_seed,
							     CONN_LEN);

		intact += ok;
		errs += e[i].err != 0;
		total += e[i].rcvd;
		combined ^= hash_final(&e[i].h) * (2 * i + 1);
		if (!ok)
			CHECK(c, 0, "%s %d: received %llu/%d bad %d err %s",
			      i < NCONN ? "client" : "server", i % NCONN,
			      (unsigned long long)e[i].rcvd, CONN_LEN,
			      e[i].bad, ename(e[i].err));
		if (e[i].fd >= 0)
			close(e[i].fd);
	}
	obs(c, "%d endpoints finished, %d intact, %d errors, %llu bytes, "
	    "combined hash %016llx", done, intact, errs,
	    (unsigned long long)total, (unsigned long long)combined);
	close(ep);
	close(l);
}

/* ---- IPv6 specifics ---- */

CASE(c_v4mapped)
{
	struct sockaddr_in s4 = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	struct sockaddr_in6 s6 = { .sin6_family = AF_INET6 };
	struct sockaddr_storage ss;
	socklen_t len;
	int l, p, t4, s, l2, p2, t4b, l4, p4, c6, a4, c6o;
	char b = 0;

	l = vsocket(c, 0);
	obs_get(c, "IPV6_V6ONLY default", l, IPPROTO_IPV6, IPV6_V6ONLY);
	vbind_rc(c, "bind([::]:0)", l, A_ANY, 0);
	R(c, "listen", listen(l, 4));
	p = sock_port(l);
	t4 = socket(AF_INET, SOCK_STREAM, 0);
	s4.sin_port = htons(p);
	R(c, "IPv4 client connect(127.0.0.1)", connect(t4, (void *)&s4,
							sizeof(s4)));
	len = sizeof(ss);
	s = accept_w(l, (void *)&ss, &len, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	obs_sa(c, "accepted peer", (void *)&ss, len, p);
	obs_name(c, "accepted getsockname", s, 0, p);
	R(c, "send", send(s, "4", 1, 0));
	R(c, "IPv4 client recv", recv_exact(t4, &b, 1, T(3000)));
	close_q(s);
	close(t4);

	l2 = vsocket(c, 0);
	obs_set(c, "IPV6_V6ONLY", l2, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	vbind_rc(c, "bind([::]:0) v6only", l2, A_ANY, 0);
	R(c, "listen", listen(l2, 4));
	p2 = sock_port(l2);
	t4b = socket(AF_INET, SOCK_STREAM, 0);
	s4.sin_port = htons(p2);
	R(c, "IPv4 client connect to v6only listener",
	  connect(t4b, (void *)&s4, sizeof(s4)));
	close(t4b);

	/* a v6 socket of the variant connecting to a v4-mapped address */
	l4 = socket(AF_INET, SOCK_STREAM, 0);
	s4.sin_port = 0;
	MUST(c, bind(l4, (void *)&s4, sizeof(s4)));
	MUST(c, listen(l4, 4));
	p4 = sock_port(l4);
	inet_pton(AF_INET6, "::ffff:127.0.0.1", &s6.sin6_addr);
	s6.sin6_port = htons(p4);
	c6 = vsocket(c, 0);
	R(c, "connect([::ffff:127.0.0.1])", connect(c6, (void *)&s6,
						    sizeof(s6)));
	obs_name(c, "getsockname", c6, 0, p4);
	obs_name(c, "getpeername", c6, 1, p4);
	a4 = accept_w(l4, NULL, NULL, 0);
	R(c, "send over v4-mapped", send(c6, "m", 1, 0));
	R(c, "IPv4 peer recv", recv_exact(a4, &b, 1, T(3000)));
	obs_get(c, "TCP_MAXSEG over v4-mapped", c6, IPPROTO_TCP, TCP_MAXSEG);
	close_q(a4);
	close(c6);
	c6o = vsocket(c, 0);
	obs_set(c, "IPV6_V6ONLY", c6o, IPPROTO_IPV6, IPV6_V6ONLY, 1);
	R(c, "v6only connect([::ffff:127.0.0.1])",
	  connect(c6o, (void *)&s6, sizeof(s6)));
	close(c6o);
	close(l4);
	close(l);
	close(l2);
}

/* ---- AF_SMC only ---- */

CASE(c_smc_create)
{
	static const struct { int type; int proto; int err; const char *n; }
	bad[] = {
		{ SOCK_DGRAM, -2, ESOCKTNOSUPPORT, "SOCK_DGRAM" },
		{ SOCK_SEQPACKET, -2, ESOCKTNOSUPPORT, "SOCK_SEQPACKET" },
		{ SOCK_RAW, -2, ESOCKTNOSUPPORT, "SOCK_RAW" },
		{ SOCK_DGRAM, 99, ESOCKTNOSUPPORT, "SOCK_DGRAM proto 99" },
		{ SOCK_STREAM, 2, EPROTONOSUPPORT, "SOCK_STREAM proto 2" },
		{ SOCK_STREAM, 6, EPROTONOSUPPORT, "SOCK_STREAM proto 6" },
		{ SOCK_STREAM, 99, EPROTONOSUPPORT, "SOCK_STREAM proto 99" },
		{ SOCK_STREAM, 256, EPROTONOSUPPORT, "SOCK_STREAM proto 256" },
		{ SOCK_STREAM, -1, EPROTONOSUPPORT, "SOCK_STREAM proto -1" },
	};
	int i, fd, d, p, cli, srv;
	struct sockaddr_storage ss;
	socklen_t len;
	char w[96];

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++) {
		int proto = bad[i].proto == -2 ? c->v->proto : bad[i].proto;

		snprintf(w, sizeof(w), "socket(AF_SMC, %s)", bad[i].n);
		fd = socket(AF_SMC, bad[i].type, proto);
		R(c, w, fd);
		CHECK(c, fd < 0 && errno == bad[i].err, "%s: got %d %s, want %s",
		      w, fd, fd < 0 ? ename(errno) : "", ename(bad[i].err));
		if (fd >= 0)
			close(fd);
	}

	fd = socket(AF_SMC, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
		    c->v->proto);
	R(c, "socket(AF_SMC, SOCK_STREAM|SOCK_NONBLOCK|SOCK_CLOEXEC)",
	  fd >= 0 ? 0 : -1);
	if (fd >= 0) {
		int fl = fcntl(fd, F_GETFL), fdfl = fcntl(fd, F_GETFD);

		CHECK(c, (fl & O_NONBLOCK) && (fdfl & FD_CLOEXEC),
		      "flags not applied: F_GETFL %#x F_GETFD %#x", fl, fdfl);
		close(fd);
	}

	vpair(c, &cli, &srv);
	for (i = 0; i < 2; i++) {
		int s = i ? srv : cli;

		getint(s, SOL_SOCKET, SO_DOMAIN, &d);
		getint(s, SOL_SOCKET, SO_PROTOCOL, &p);
		obs(c, "%s: SO_DOMAIN %d SO_PROTOCOL %d", i ? "accepted" :
		    "client", d, p);
		CHECK(c, d == AF_SMC && p == c->v->proto,
		      "%s: SO_DOMAIN %d SO_PROTOCOL %d", i ? "accepted" :
		      "client", d, p);
		len = sizeof(ss);
		getsockname(s, (void *)&ss, &len);
		CHECK(c, ss.ss_family == c->v->af && len == sa_len_of(c->v->af),
		      "getsockname family %d len %u", ss.ss_family,
		      (unsigned int)len);
	}
	close(cli);
	close(srv);
}

static void interop(struct ctx *c, int smc_client)
{
	int l, p, cli, srv, d;

	l = smc_client ? tlistener(c, 4, &p) : vlistener(c, 4, &p);
	pair_from(c, l, p, smc_client, &cli, &srv);
	getint(smc_client ? cli : srv, SOL_SOCKET, SO_DOMAIN, &d);
	obs(c, "AF_SMC end: SO_DOMAIN %d", d);
	CHECK(c, d == AF_SMC, "SO_DOMAIN %d on the AF_SMC end", d);
	getint(smc_client ? srv : cli, SOL_SOCKET, SO_DOMAIN, &d);
	CHECK(c, d == c->v->af, "SO_DOMAIN %d on the TCP end", d);
	obs_name(c, "client getpeername", cli, 1, p);
	obs_name(c, "server getpeername", srv, 1, p);
	duplex(c, "1 MiB each way", cli, srv, 1 << 20, 1 << 20, 300);
	close(cli);
	close(srv);
	close(l);
}

CASE(c_interop_smc_cli)
{
	interop(c, 1);
}

CASE(c_interop_smc_srv)
{
	interop(c, 0);
}
