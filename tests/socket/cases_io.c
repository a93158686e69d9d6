// SPDX-License-Identifier: GPL-2.0
/*
 * cases_io.c - data calls, flags, urgent data, shutdown/close semantics,
 * poll/select/epoll readiness.
 */
#include "conform.h"

#include <linux/sockios.h>
#include <sys/epoll.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <sys/uio.h>

/* a connected pair whose client send buffer and server receive buffer
 * are small and locked, so "full" is reached quickly and reproducibly */
void small_pair(struct ctx *c, int *cli, int *srv, int sndbuf, int rcvbuf)
{
	int l = vsocket(c, 0), p;
	struct sockaddr_storage ss;
	socklen_t len = mkaddr(c, &ss, A_LOOP, 0);

	MUST(c, setsockopt(l, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)));
	MUST(c, bind(l, (void *)&ss, len));
	MUST(c, listen(l, 4));
	p = sock_port(l);
	*cli = vsocket(c, 0);
	MUST(c, setsockopt(*cli, SOL_SOCKET, SO_SNDBUF, &sndbuf,
			   sizeof(sndbuf)));
	len = mkaddr(c, &ss, A_LOOP, p);
	MUST(c, connect(*cli, (void *)&ss, len));
	*srv = accept_w(l, NULL, NULL, 0);
	MUST(c, *srv);
	close(l);
}

/*
 * Barrier for "everything sent has arrived": the sender's SIOCOUTQ drops
 * to 0 once the peer acknowledged it.  Used with urgent data, where the
 * receiver's SIOCINQ only counts up to the urgent mark.
 */
static void all_acked(int fd)
{
	wait_outq_zero(fd, T(3000));
}

static void obs_atmark(struct ctx *c, const char *what, int fd)
{
	int v = -1;

	if (ioctl(fd, SIOCATMARK, &v) < 0)
		R(c, what, -1);
	else
		obs(c, "%s: SIOCATMARK = %d", what, v);
}

static void obs_inq(struct ctx *c, const char *what, int fd)
{
	int q = inq(fd);

	if (q < 0)
		obs(c, "%s: SIOCINQ = -1 %s", what, ename(-q));
	else
		obs(c, "%s: SIOCINQ = %d", what, q);
}

CASE(c_io_apis)
{
	int cli, srv, i, fds[2];
	char buf[2048], name[128];
	struct sockaddr_storage ss;
	socklen_t sl;
	struct msghdr m;
	struct iovec iov[3];

	vpair(c, &cli, &srv);
	fds[0] = cli;
	fds[1] = srv;
	for (i = 0; i < 2; i++) {
		int a = fds[i], b = fds[1 - i];
		const char *dir = i ? "srv->cli" : "cli->srv";
		char w[64];

		snprintf(w, sizeof(w), "%s send", dir);
		R(c, w, send(a, "send-msg", 8, 0));
		wait_inq(b, 8, T(3000));
		snprintf(w, sizeof(w), "%s recv", dir);
		obs_recv_str(c, w, b, 100, 0);

		snprintf(w, sizeof(w), "%s write", dir);
		R(c, w, write(a, "write-msg", 9));
		wait_inq(b, 9, T(3000));
		snprintf(w, sizeof(w), "%s read", dir);
		memset(buf, 0, sizeof(buf));
		R(c, w, read(b, buf, 100));
		obs(c, "  data \"%s\"", buf);

		snprintf(w, sizeof(w), "%s sendto(NULL, 0)", dir);
		R(c, w, sendto(a, "sendto-msg", 10, 0, NULL, 0));
		wait_inq(b, 10, T(3000));
		snprintf(w, sizeof(w), "%s recvfrom(with address buffer)", dir);
		memset(buf, 0, sizeof(buf));
		sl = sizeof(ss);
		R(c, w, recvfrom(b, buf, 100, 0, (void *)&ss, &sl));
		obs(c, "  data \"%s\" addrlen %u", buf, (unsigned int)sl);

		snprintf(w, sizeof(w), "%s sendmsg(3 iov)", dir);
		iov[0] = (struct iovec){ "send", 4 };
		iov[1] = (struct iovec){ "", 0 };
		iov[2] = (struct iovec){ "msg-3iov", 8 };
		memset(&m, 0, sizeof(m));
		m.msg_iov = iov;
		m.msg_iovlen = 3;
		R(c, w, sendmsg(a, &m, 0));
		wait_inq(b, 12, T(3000));
		snprintf(w, sizeof(w), "%s recvmsg(2 iov, name)", dir);
		memset(buf, 0, sizeof(buf));
		iov[0] = (struct iovec){ buf, 5 };
		iov[1] = (struct iovec){ buf + 5, 100 };
		memset(&m, 0, sizeof(m));
		m.msg_name = &ss;
		m.msg_namelen = sizeof(ss);
		m.msg_iov = iov;
		m.msg_iovlen = 2;
		m.msg_control = name;
		m.msg_controllen = sizeof(name);
		m.msg_flags = -1;
		R(c, w, recvmsg(b, &m, 0));
		obs(c, "  data \"%s\" namelen %u controllen %zu flags 0x%x",
		    buf, m.msg_namelen, (size_t)m.msg_controllen,
		    m.msg_flags);

		snprintf(w, sizeof(w), "%s writev(2 iov)", dir);
		iov[0] = (struct iovec){ "wri", 3 };
		iov[1] = (struct iovec){ "tev-msg", 7 };
		R(c, w, writev(a, iov, 2));
		wait_inq(b, 10, T(3000));
		snprintf(w, sizeof(w), "%s readv(3 iov)", dir);
		memset(buf, 0, sizeof(buf));
		iov[0] = (struct iovec){ buf, 1 };
		iov[1] = (struct iovec){ buf + 1, 2 };
		iov[2] = (struct iovec){ buf + 3, 100 };
		R(c, w, readv(b, iov, 3));
		obs(c, "  data \"%s\"", buf);
	}

	/* address on a connected stream socket is ignored */
	sl = mkaddr(c, &ss, A_LOOP, 9);
	R(c, "sendto(bogus address) on connected", sendto(cli, "to", 2, 0,
							 (void *)&ss, sl));
	wait_inq(srv, 2, T(3000));
	obs_recv_str(c, "recv", srv, 100, 0);

	/* zero-length calls and empty vectors */
	R(c, "send(len 0)", send(cli, buf, 0, 0));
	R(c, "write(len 0)", write(cli, buf, 0));
	memset(&m, 0, sizeof(m));
	R(c, "sendmsg(0 iov)", sendmsg(cli, &m, 0));
	R(c, "writev(0 iov)", writev(cli, iov, 0));
	R(c, "recv(len 0, MSG_DONTWAIT) on empty", recv(srv, buf, 0,
							MSG_DONTWAIT));
	R(c, "send 1 byte", send(cli, "!", 1, 0));
	wait_inq(srv, 1, T(3000));
	R(c, "recv(len 0) with data queued", recv(srv, buf, 0, 0));
	obs_inq(c, "still queued", srv);
	obs_recv_str(c, "recv", srv, 10, 0);

	/* many iovecs */
	{
		static struct iovec many[1025];
		static char bytes[1025];

		for (i = 0; i < 1025; i++) {
			bytes[i] = 'a' + i % 26;
			many[i] = (struct iovec){ bytes + i, 1 };
		}
		R(c, "writev(1024 x 1 byte)", writev(cli, many, 1024));
		R(c, "writev(1025 iov)", writev(cli, many, 1025));
		R(c, "recv 1024", recv_exact(srv, buf, 1024, T(3000)));
		obs(c, "  intact %d", !memcmp(buf, bytes, 1024));
	}

	/* error queue is empty on a healthy connection */
	memset(&m, 0, sizeof(m));
	iov[0] = (struct iovec){ buf, 100 };
	m.msg_iov = iov;
	m.msg_iovlen = 1;
	R(c, "recvmsg(MSG_ERRQUEUE)", recvmsg(srv, &m, MSG_ERRQUEUE));
	R(c, "send(MSG_CONFIRM|MSG_NOSIGNAL|MSG_DONTWAIT)",
	  send(cli, "f", 1, MSG_CONFIRM | MSG_NOSIGNAL | MSG_DONTWAIT));
	R(c, "send(MSG_EOR)", send(cli, "e", 1, MSG_EOR));
	R(c, "send(MSG_MORE)", send(cli, "m", 1, MSG_MORE));
	R(c, "send(0) flushes", send(cli, "n", 1, 0));
	R(c, "recv 4", recv_exact(srv, buf, 4, T(3000)));
	obs(c, "  data \"%.4s\"", buf);
	close(cli);
	close(srv);
}

CASE(c_recv_peek)
{
	int cli, srv;

	vpair(c, &cli, &srv);
	R(c, "recv(MSG_PEEK|MSG_DONTWAIT) empty",
	  recv(srv, NULL, 0, MSG_PEEK | MSG_DONTWAIT));
	R(c, "send", send(cli, "hello world", 11, 0));
	wait_inq(srv, 11, T(3000));
	obs_recv_str(c, "peek 5", srv, 5, MSG_PEEK);
	obs_recv_str(c, "peek 100", srv, 100, MSG_PEEK);
	obs_inq(c, "after peeks", srv);
	obs_recv_str(c, "recv 6", srv, 6, 0);
	obs_recv_str(c, "peek|dontwait 100", srv, 100,
		     MSG_PEEK | MSG_DONTWAIT);
	R(c, "recv(NULL, 2, MSG_TRUNC) discards",
	  recv(srv, NULL, 2, MSG_TRUNC));
	obs_inq(c, "after discard", srv);
	obs_recv_str(c, "recv 100", srv, 100, 0);
	R(c, "recv(MSG_PEEK|MSG_DONTWAIT) empty again",
	  recv(srv, NULL, 1, MSG_PEEK | MSG_DONTWAIT));
	R(c, "send", send(cli, "abc", 3, 0));
	wait_inq(srv, 3, T(3000));
	R(c, "recv(NULL, 10, MSG_PEEK|MSG_TRUNC)",
	  recv(srv, NULL, 10, MSG_PEEK | MSG_TRUNC));
	obs_recv_str(c, "recv 100", srv, 100, 0);
	close(cli);
	close(srv);
}

struct drain {
	int fd;
	uint64_t n;
	int err;
};

static void *drain_thread(void *arg)
{
	struct drain *d = arg;
	static __thread char buf[65536];

	for (;;) {
		ssize_t r;

		if (!wait_ev(d->fd, POLLIN, T(10000))) {
			d->err = ETIMEDOUT;
			break;
		}
		r = recv(d->fd, buf, sizeof(buf), 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			d->err = errno;
			break;
		}
		if (!r)
			break;
		d->n += r;
	}
	return NULL;
}

CASE(c_dontwait)
{
	int cli, srv, eagain = 0, err = 0;
	uint64_t total = 0;
	static char buf[65536];
	struct drain d = { 0 };
	struct thr t = { 0 };
	char b;

	small_pair(c, &cli, &srv, 32768, 32768);
	R(c, "recv(MSG_DONTWAIT) empty", recv(srv, &b, 1, MSG_DONTWAIT));
	set_nonblock(srv, 1);
	R(c, "recv on O_NONBLOCK, empty", recv(srv, &b, 1, 0));
	R(c, "read on O_NONBLOCK, empty", read(srv, &b, 1));
	set_nonblock(srv, 0);

	while (total < (64u << 20)) {
		ssize_t r = send(cli, buf, sizeof(buf), MSG_DONTWAIT);

		if (r < 0) {
			if (errno == EAGAIN)
				eagain = 1;
			else
				err = errno;
			break;
		}
		total += r;
	}
	obs(c, "send(MSG_DONTWAIT) until full: EAGAIN %d, error %s, some "
	    "sent %d", eagain, err ? ename(err) : "0", total > 0);
	CHECK(c, total < (64u << 20), "send buffer never filled");

	d.fd = srv;
	thr_start(c, &t, drain_thread, &d);
	R(c, "shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	thr_join(&t);
	obs(c, "peer drained all sent bytes: %d, error %s", d.n == total,
	    d.err ? ename(d.err) : "0");
	CHECK(c, d.n == total, "drained %llu of %llu",
	      (unsigned long long)d.n, (unsigned long long)total);
	close(cli);
	close(srv);
}

struct slow_writer {
	int fd, chunks, size, gap_ms;
};

static void *slow_writer(void *arg)
{
	struct slow_writer *w = arg;
	unsigned char buf[16384];
	uint64_t off = 0;

	for (int i = 0; i < w->chunks; i++) {
		stream_fill(77, off, buf, w->size);
		if (send_all(w->fd, buf, w->size) != w->size)
			break;
		off += w->size;
		msleep(w->gap_ms);
	}
	return NULL;
}

CASE(c_waitall)
{
	int cli, srv;
	static unsigned char buf[100000], exp[100000];
	struct slow_writer w;
	struct thr t = { 0 };

	vpair(c, &cli, &srv);
	w = (struct slow_writer){ cli, 10, 10000, 5 };
	thr_start(c, &t, slow_writer, &w);
	R(c, "recv(100000, MSG_WAITALL) from 10 delayed chunks",
	  recv(srv, buf, sizeof(buf), MSG_WAITALL));
	thr_join(&t);
	stream_fill(77, 0, exp, sizeof(exp));
	obs(c, "  intact %d", !memcmp(buf, exp, sizeof(buf)));

	R(c, "send 500", send(cli, buf, 500, 0));
	R(c, "shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	R(c, "recv(1000, MSG_WAITALL) stops at EOF",
	  recv(srv, buf, 1000, MSG_WAITALL));
	R(c, "recv after EOF", recv(srv, buf, 1000, MSG_WAITALL));
	close(cli);
	close(srv);

	vpair(c, &cli, &srv);
	R(c, "send 500", send(cli, buf, 500, 0));
	wait_inq(srv, 500, T(3000));
	set_timeo(srv, SO_RCVTIMEO, 200);
	R(c, "recv(1000, MSG_WAITALL) with SO_RCVTIMEO 200ms",
	  recv(srv, buf, 1000, MSG_WAITALL));
	R(c, "send 300", send(cli, buf, 300, 0));
	wait_inq(srv, 300, T(3000));
	R(c, "recv(1000, MSG_WAITALL|MSG_DONTWAIT)",
	  recv(srv, buf, 1000, MSG_WAITALL | MSG_DONTWAIT));
	R(c, "recv(1000, MSG_WAITALL|MSG_DONTWAIT) empty",
	  recv(srv, buf, 1000, MSG_WAITALL | MSG_DONTWAIT));
	close(cli);
	close(srv);
}

CASE(c_oob)
{
	int cli, srv;
	char b;

	vpair(c, &cli, &srv);
	obs_get(c, "SO_OOBINLINE", srv, SOL_SOCKET, SO_OOBINLINE);
	R(c, "recv(MSG_OOB) with no urgent data",
	  recv(srv, &b, 1, MSG_OOB | MSG_DONTWAIT));
	R(c, "send(\"abc\", MSG_OOB)", send(cli, "abc", 3, MSG_OOB));
	R(c, "send(\"de\")", send(cli, "de", 2, 0));
	all_acked(cli);
	obs_inq(c, "all arrived", srv);
	obs_poll_need(c, "urgent pending", srv, POLLIN | POLLPRI | POLLRDBAND,
		      POLLPRI, T(3000));
	obs_atmark(c, "before reading", srv);
	obs_recv_str(c, "recv 100 (stops at the mark)", srv, 100, 0);
	obs_atmark(c, "at mark", srv);
	obs_recv_str(c, "recv(MSG_OOB|MSG_PEEK)", srv, 1, MSG_OOB | MSG_PEEK);
	obs_recv_str(c, "recv(MSG_OOB)", srv, 1, MSG_OOB);
	obs_atmark(c, "after MSG_OOB", srv);
	obs_recv_str(c, "recv(MSG_OOB) again", srv, 1, MSG_OOB);
	obs_inq(c, "after MSG_OOB", srv);
	obs_poll(c, "urgent consumed", srv, POLLIN | POLLPRI, 0);
	obs_recv_str(c, "recv 100", srv, 100, 0);
	obs_atmark(c, "drained", srv);

	/* reading past the mark without MSG_OOB drops the urgent byte */
	R(c, "send(\"12\", MSG_OOB)", send(cli, "12", 2, MSG_OOB));
	R(c, "send(\"34\")", send(cli, "34", 2, 0));
	all_acked(cli);
	obs_recv_str(c, "recv 100", srv, 100, 0);
	obs_recv_str(c, "recv 100 (skips the urgent byte)", srv, 100, 0);
	obs_recv_str(c, "recv(MSG_OOB) after skipping", srv, 1,
		     MSG_OOB | MSG_DONTWAIT);

	/* a newer urgent byte replaces an unread one */
	R(c, "send(\"x\", MSG_OOB)", send(cli, "x", 1, MSG_OOB));
	R(c, "send(\"y\", MSG_OOB)", send(cli, "y", 1, MSG_OOB));
	all_acked(cli);
	obs_recv_str(c, "recv(MSG_OOB)", srv, 1, MSG_OOB);
	obs_recv_str(c, "recv 100", srv, 100, MSG_DONTWAIT);
	R(c, "send(len 0, MSG_OOB)", send(cli, "", 0, MSG_OOB));
	close(cli);
	close(srv);
}

CASE(c_oob_inline)
{
	int cli, srv;

	vpair(c, &cli, &srv);
	obs_set(c, "SO_OOBINLINE", srv, SOL_SOCKET, SO_OOBINLINE, 1);
	obs_get(c, "SO_OOBINLINE", srv, SOL_SOCKET, SO_OOBINLINE);
	R(c, "send(\"abc\", MSG_OOB)", send(cli, "abc", 3, MSG_OOB));
	R(c, "send(\"de\")", send(cli, "de", 2, 0));
	all_acked(cli);
	obs_inq(c, "all arrived", srv);
	obs_poll_need(c, "urgent pending", srv, POLLIN | POLLPRI, POLLPRI,
		      T(3000));
	obs_atmark(c, "before reading", srv);
	obs_recv_str(c, "recv(MSG_OOB)", srv, 1, MSG_OOB);
	obs_recv_str(c, "recv 100 (stops at the mark)", srv, 100, 0);
	obs_atmark(c, "at mark", srv);
	obs_recv_str(c, "recv 100", srv, 100, 0);
	obs_atmark(c, "drained", srv);
	obs_poll(c, "drained", srv, POLLIN | POLLPRI, 0);
	close(cli);
	close(srv);
}

CASE(c_nosignal)
{
	int cli, srv;
	char b;
	struct iovec iov = { "m", 1 };
	struct msghdr m = { .msg_iov = &iov, .msg_iovlen = 1 };

	count_sigpipe();
	vpair(c, &cli, &srv);
	R(c, "peer close", close(srv));
	obs_poll_need(c, "FIN from peer", cli, POLLIN | POLLOUT | POLLRDHUP,
		      POLLRDHUP, T(3000));
	obs_state(c, "after FIN", cli);
	R(c, "send(MSG_NOSIGNAL) to closed peer", send(cli, "x", 1,
						       MSG_NOSIGNAL));
	obs_poll_need(c, "peer answered with RST", cli,
		      POLLIN | POLLOUT | POLLRDHUP, POLLERR | POLLHUP, T(3000));
	R(c, "send(MSG_NOSIGNAL)", send(cli, "x", 1, MSG_NOSIGNAL));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "send(0)", send(cli, "x", 1, 0));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "write", write(cli, "x", 1));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	R(c, "sendmsg(MSG_NOSIGNAL)", sendmsg(cli, &m, MSG_NOSIGNAL));
	R(c, "sendmsg(0)", sendmsg(cli, &m, 0));
	obs(c, "SIGPIPEs: %d", sigpipe_count());
	obs_sockerr(c, "SO_ERROR", cli);
	R(c, "send(MSG_NOSIGNAL) after SO_ERROR", send(cli, "x", 1,
						       MSG_NOSIGNAL));
	R(c, "recv", recv(cli, &b, 1, 0));
	obs_state(c, "end", cli);
	close(cli);
}

CASE(c_shut_wr)
{
	int cli, srv;
	char b;

	vpair(c, &cli, &srv);
	R(c, "send(\"last\")", send(cli, "last", 4, 0));
	R(c, "client shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	obs_poll_need(c, "server", srv, POLLIN | POLLOUT | POLLRDHUP,
		      POLLRDHUP, T(3000));
	obs_recv_str(c, "server recv", srv, 100, 0);
	R(c, "server recv at EOF", recv(srv, &b, 1, 0));
	R(c, "server recv at EOF again", recv(srv, &b, 1, MSG_DONTWAIT));
	R(c, "server send(\"reply\")", send(srv, "reply", 5, 0));
	wait_inq(cli, 5, T(3000));
	obs_recv_str(c, "client recv", cli, 100, 0);
	R(c, "client send after SHUT_WR", send(cli, "x", 1, MSG_NOSIGNAL));
	R(c, "client shutdown(SHUT_WR) again", shutdown(cli, SHUT_WR));
	obs(c, "client state %s", tcpstate(wait_state(cli, TCP_FIN_WAIT2,
						      T(3000))));
	obs_state(c, "server", srv);
	obs_poll(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "server shutdown(SHUT_WR)", shutdown(srv, SHUT_WR));
	obs_poll_need(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP,
		      POLLHUP, T(3000));
	R(c, "client recv at EOF", recv(cli, &b, 1, 0));
	obs(c, "client state %s", tcpstate(wait_state(cli, TCP_CLOSE,
						      T(3000))));
	obs(c, "server state %s", tcpstate(wait_state(srv, TCP_CLOSE,
						      T(3000))));
	obs_poll(c, "server", srv, POLLIN | POLLOUT | POLLRDHUP, 0);
	close(cli);
	close(srv);
}

CASE(c_shut_rd)
{
	int cli, srv;
	char b;

	vpair(c, &cli, &srv);
	R(c, "send(\"before\")", send(cli, "before", 6, 0));
	wait_inq(srv, 6, T(3000));
	R(c, "server shutdown(SHUT_RD)", shutdown(srv, SHUT_RD));
	obs_poll(c, "server", srv, POLLIN | POLLOUT | POLLRDHUP, 0);
	obs_state(c, "server", srv);
	obs_recv_str(c, "server recv (queued data)", srv, 100, 0);
	R(c, "server recv again", recv(srv, &b, 1, 0));
	R(c, "client send(\"after\")", send(cli, "after", 5, MSG_NOSIGNAL));
	wait_inq(srv, 5, 200);
	obs_recv_str(c, "server recv (data sent after SHUT_RD)", srv, 100,
		     MSG_DONTWAIT);
	R(c, "server send(\"back\")", send(srv, "back", 4, MSG_NOSIGNAL));
	wait_inq(cli, 4, T(3000));
	obs_recv_str(c, "client recv", cli, 100, MSG_DONTWAIT);
	obs_poll(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "server shutdown(SHUT_RD) again", shutdown(srv, SHUT_RD));
	close(cli);
	close(srv);
}

CASE(c_shut_rdwr)
{
	int cli, srv;
	char b;

	vpair(c, &cli, &srv);
	R(c, "shutdown(how 3)", shutdown(cli, 3));
	R(c, "shutdown(how -1)", shutdown(cli, -1));
	R(c, "client shutdown(SHUT_RDWR)", shutdown(cli, SHUT_RDWR));
	obs_poll(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "client recv", recv(cli, &b, 1, 0));
	R(c, "client send", send(cli, "x", 1, MSG_NOSIGNAL));
	obs_poll_need(c, "server", srv, POLLIN | POLLOUT | POLLRDHUP,
		      POLLRDHUP, T(3000));
	R(c, "server recv", recv(srv, &b, 1, 0));
	obs(c, "client state %s", tcpstate(wait_state(cli, TCP_FIN_WAIT2,
						      T(3000))));
	/* data for a socket that shut its read side resets the connection */
	R(c, "server send", send(srv, "data", 4, MSG_NOSIGNAL));
	obs_poll_need(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP, POLLERR,
		      T(3000));
	obs_poll_need(c, "server", srv, POLLIN | POLLOUT | POLLRDHUP, POLLERR,
		      T(3000));
	R(c, "client recv", recv(cli, &b, 1, 0));
	R(c, "client recv again", recv(cli, &b, 1, 0));
	R(c, "server send", send(srv, "x", 1, MSG_NOSIGNAL));
	obs_sockerr(c, "server SO_ERROR", srv);
	obs_state(c, "client", cli);
	obs_state(c, "server", srv);
	R(c, "client shutdown(SHUT_RDWR) again", shutdown(cli, SHUT_RDWR));
	close(cli);
	close(srv);
}

CASE(c_shut_unconnected)
{
	int fd = vsocket(c, 0), l, p, s;
	char b;

	R(c, "shutdown(SHUT_RD)", shutdown(fd, SHUT_RD));
	obs_poll(c, "after SHUT_RD", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "shutdown(SHUT_WR)", shutdown(fd, SHUT_WR));
	R(c, "shutdown(SHUT_RDWR)", shutdown(fd, SHUT_RDWR));
	R(c, "shutdown(how 7)", shutdown(fd, 7));
	obs_poll(c, "after SHUT_RDWR", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "recv", recv(fd, &b, 1, MSG_DONTWAIT));
	R(c, "send", send(fd, "x", 1, MSG_NOSIGNAL));
	l = vlistener(c, 4, &p);
	vconnect_rc(c, "connect after shutdown", fd, A_LOOP, p);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	obs_poll(c, "connected", fd, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "send", send(fd, "x", 1, MSG_NOSIGNAL));
	close_q(s);
	close(l);
	close(fd);
}

struct acc {
	int fd, r, e;
};

static void *accept_thread(void *arg)
{
	struct acc *a = arg;

	a->r = accept(a->fd, NULL, NULL);
	a->e = errno;
	if (a->r >= 0)
		close(a->r);
	return NULL;
}

CASE(c_shut_listener)
{
	int l, p, cl, s, cl2;
	struct acc a;
	struct thr t = { 0 };

	l = vlistener(c, 4, &p);
	R(c, "shutdown(listener, SHUT_WR)", shutdown(l, SHUT_WR));
	obs_get(c, "SO_ACCEPTCONN", l, SOL_SOCKET, SO_ACCEPTCONN);
	obs_state(c, "listener", l);
	cl = vconnect_to(c, p);
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept after SHUT_WR", s >= 0 ? 0 : -1);
	close_q(s);
	close(cl);

	a = (struct acc){ l, 0, 0 };
	thr_start(c, &t, accept_thread, &a);
	msleep(20);
	R(c, "shutdown(listener, SHUT_RD)", shutdown(l, SHUT_RD));
	obs(c, "accept thread had to be interrupted: %d",
	    thr_join_timeout(&t, T(3000)));
	errno = a.e;
	R(c, "blocked accept woken", a.r >= 0 ? 0 : -1);
	obs_state(c, "listener", l);
	obs_get(c, "SO_ACCEPTCONN", l, SOL_SOCKET, SO_ACCEPTCONN);
	obs_poll(c, "listener", l, POLLIN | POLLOUT | POLLRDHUP, 0);
	R(c, "accept", accept_w(l, NULL, NULL, 0));
	cl2 = vsocket(c, 0);
	vconnect_rc(c, "connect to the shut listener", cl2, A_LOOP, p);
	close(cl2);
	R(c, "listen again", listen(l, 4));
	/* the port was bound as 0, so the disconnect gave it back */
	obs_name(c, "getsockname", l, 0, p);
	cl = vsocket(c, 0);
	vconnect_rc(c, "connect", cl, A_LOOP, sock_port(l));
	s = accept_w(l, NULL, NULL, 0);
	R(c, "accept", s >= 0 ? 0 : -1);
	close_q(s);
	close(cl);
	close(l);
}

struct rcv {
	int fd;
	ssize_t r;
	int e;
};

static void *recv_thread(void *arg)
{
	struct rcv *a = arg;
	char buf[16];

	a->r = recv(a->fd, buf, sizeof(buf), 0);
	a->e = errno;
	return NULL;
}

CASE(c_shut_wakes_recv)
{
	int cli, srv;
	struct rcv a;
	struct thr t = { 0 };

	vpair(c, &cli, &srv);
	a = (struct rcv){ srv, 0, 0 };
	thr_start(c, &t, recv_thread, &a);
	msleep(20);
	R(c, "shutdown(SHUT_RD) while recv blocks", shutdown(srv, SHUT_RD));
	obs(c, "recv thread had to be interrupted: %d",
	    thr_join_timeout(&t, T(3000)));
	errno = a.e;
	R(c, "blocked recv returned", a.r);

	a = (struct rcv){ cli, 0, 0 };
	thr_start(c, &t, recv_thread, &a);
	msleep(20);
	R(c, "peer shutdown(SHUT_WR) while recv blocks",
	  shutdown(srv, SHUT_WR));
	obs(c, "recv thread had to be interrupted: %d",
	    thr_join_timeout(&t, T(3000)));
	errno = a.e;
	R(c, "blocked recv returned", a.r);
	close(cli);
	close(srv);
}

CASE(c_close_unread)
{
	int cli, srv;
	char b;

	vpair(c, &cli, &srv);
	R(c, "send(\"unread\")", send(cli, "unread", 6, 0));
	wait_inq(srv, 6, T(3000));
	R(c, "server close with unread data", close(srv));
	obs_poll_need(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP,
		      POLLERR | POLLHUP, T(3000));
	obs_state(c, "client", cli);
	R(c, "client recv", recv(cli, &b, 1, 0));
	R(c, "client recv again", recv(cli, &b, 1, 0));
	R(c, "client send", send(cli, "x", 1, MSG_NOSIGNAL));
	obs_sockerr(c, "SO_ERROR", cli);
	obs_name(c, "getpeername", cli, 1, 0);
	obs_poll(c, "client", cli, POLLIN | POLLOUT | POLLRDHUP, 0);
	close(cli);
}

CASE(c_linger)
{
	int fd = vsocket(c, 0), cli, srv;
	static char buf[1000];
	double t0;
	char b;

	obs_linger(c, "SO_LINGER default", fd);
	set_linger(c, fd, 1, 5);
	obs_linger(c, "SO_LINGER", fd);
	set_linger(c, fd, 0, 7);
	obs_linger(c, "SO_LINGER", fd);
	R(c, "set SO_LINGER short optlen",
	  setsockopt(fd, SOL_SOCKET, SO_LINGER, buf, 4));
	close(fd);

	vpair(c, &cli, &srv);
	set_linger(c, cli, 1, 0);
	R(c, "send", send(cli, "gone", 4, 0));
	wait_inq(srv, 4, T(3000));
	R(c, "close with SO_LINGER {1,0}", close(cli));
	obs_poll_need(c, "peer", srv, POLLIN | POLLOUT | POLLRDHUP,
		      POLLERR | POLLHUP, T(3000));
	R(c, "peer recv (data was queued before the reset)",
	  recv(srv, buf, sizeof(buf), 0));
	R(c, "peer recv", recv(srv, &b, 1, 0));
	close(srv);

	vpair(c, &cli, &srv);
	set_linger(c, cli, 1, 0);
	R(c, "close idle connection with SO_LINGER {1,0}", close(cli));
	obs_poll_need(c, "peer", srv, POLLIN | POLLOUT | POLLRDHUP,
		      POLLERR | POLLHUP, T(3000));
	R(c, "peer recv", recv(srv, &b, 1, 0));
	close(srv);

	vpair(c, &cli, &srv);
	set_linger(c, cli, 1, 2);
	R(c, "send 1000", send(cli, buf, sizeof(buf), 0));
	t0 = now_ms();
	R(c, "close with SO_LINGER {1,2}", close(cli));
	obs(c, "close returned before the linger time: %d",
	    now_ms() - t0 < 1900);
	R(c, "peer recv", recv_exact(srv, buf, sizeof(buf), T(3000)));
	R(c, "peer recv at EOF", recv(srv, &b, 1, 0));
	close(srv);
}

static void obs_select(struct ctx *c, const char *what, int fd, int ms)
{
	fd_set r, w, e;
	struct timeval tv = { ms / 1000, (ms % 1000) * 1000 };
	int n;

	FD_ZERO(&r);
	FD_ZERO(&w);
	FD_ZERO(&e);
	FD_SET(fd, &r);
	FD_SET(fd, &w);
	FD_SET(fd, &e);
	n = select(fd + 1, &r, &w, &e, &tv);
	obs(c, "%s: select = %d read %d write %d except %d", what, n,
	    FD_ISSET(fd, &r) ? 1 : 0, FD_ISSET(fd, &w) ? 1 : 0,
	    FD_ISSET(fd, &e) ? 1 : 0);
}

CASE(c_poll_select)
{
	int cli, srv, l, p, fresh;
	fd_set r;
	struct timeval tv = { 0, 50000 };
	struct timespec ts = { 0, 0 };
	struct pollfd pf[2];

	vpair(c, &cli, &srv);
	obs_poll(c, "idle", srv, POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0);
	obs_select(c, "idle", srv, 0);
	FD_ZERO(&r);
	FD_SET(srv, &r);
	R(c, "select(read, 50 ms) on idle", select(srv + 1, &r, NULL, NULL,
						    &tv));
	R(c, "send", send(cli, "x", 1, 0));
	wait_inq(srv, 1, T(3000));
	obs_poll(c, "readable", srv, POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0);
	obs_select(c, "readable", srv, 0);
	R(c, "send(MSG_OOB)", send(cli, "u", 1, MSG_OOB));
	all_acked(cli);
	wait_mask(srv, POLLPRI, POLLPRI, T(3000));
	obs_poll(c, "urgent", srv, POLLIN | POLLOUT | POLLPRI | POLLRDHUP, 0);
	obs_select(c, "urgent", srv, 0);
	pf[0] = (struct pollfd){ srv, POLLIN, 0 };
	pf[1] = (struct pollfd){ cli, POLLOUT, 0 };
	R(c, "ppoll(2 fds)", ppoll(pf, 2, &ts, NULL));
	obs(c, "  revents %s / %s", evstr(pf[0].revents),
	    evstr(pf[1].revents));
	pf[0] = (struct pollfd){ srv, 0, 0 };
	R(c, "poll(events 0)", poll(pf, 1, 0));
	obs(c, "  revents %s", evstr(pf[0].revents));

	l = vlistener(c, 4, &p);
	obs_select(c, "listener", l, 0);
	fresh = vsocket(c, 0);
	obs_select(c, "fresh socket", fresh, 0);
	close(fresh);
	close(l);
	close(cli);
	close(srv);
}

/* log one epoll_wait: the events sorted by their tag (data.u32) */
static void obs_epoll(struct ctx *c, const char *what, int ep, int ms)
{
	struct epoll_event ev[8];
	char s[256] = "";
	int n, i, j;

	n = epoll_wait(ep, ev, 8, ms);
	if (n < 0) {
		R(c, what, -1);
		return;
	}
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && ev[j].data.u32 < ev[j - 1].data.u32; j--) {
			struct epoll_event t = ev[j];

			ev[j] = ev[j - 1];
			ev[j - 1] = t;
		}
	for (i = 0; i < n; i++)
		snprintf(s + strlen(s), sizeof(s) - strlen(s), " %u:%s",
			 ev[i].data.u32, evstr(ev[i].events));
	obs(c, "%s: epoll_wait = %d%s", what, n, s);
}

static int ep_ctl(int ep, int op, int fd, unsigned int events, unsigned int tag)
{
	struct epoll_event e = { .events = events, .data.u32 = tag };

	return epoll_ctl(ep, op, fd, &e);
}

CASE(c_epoll_lt)
{
	int cli, srv, ep = epoll_create1(EPOLL_CLOEXEC);
	char b[16];

	vpair(c, &cli, &srv);
	R(c, "EPOLL_CTL_ADD srv IN", ep_ctl(ep, EPOLL_CTL_ADD, srv, EPOLLIN, 2));
	R(c, "EPOLL_CTL_ADD srv again", ep_ctl(ep, EPOLL_CTL_ADD, srv,
					       EPOLLIN, 2));
	obs_epoll(c, "idle", ep, 0);
	R(c, "send 10", send(cli, "0123456789", 10, 0));
	obs_epoll(c, "data", ep, T(3000));
	wait_inq(srv, 10, T(3000));
	obs_epoll(c, "still there", ep, 0);
	R(c, "recv 5", recv(srv, b, 5, 0));
	obs_epoll(c, "half read", ep, 0);
	R(c, "recv 5", recv(srv, b, 5, 0));
	obs_epoll(c, "drained", ep, 0);
	R(c, "EPOLL_CTL_MOD srv IN|OUT",
	  ep_ctl(ep, EPOLL_CTL_MOD, srv, EPOLLIN | EPOLLOUT, 2));
	R(c, "EPOLL_CTL_ADD cli IN|OUT|RDHUP|PRI",
	  ep_ctl(ep, EPOLL_CTL_ADD, cli,
		 EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLPRI, 1));
	obs_epoll(c, "writable", ep, 0);
	R(c, "EPOLL_CTL_DEL srv", ep_ctl(ep, EPOLL_CTL_DEL, srv, 0, 0));
	R(c, "EPOLL_CTL_DEL srv again", ep_ctl(ep, EPOLL_CTL_DEL, srv, 0, 0));
	obs_epoll(c, "after DEL", ep, 0);
	close(ep);
	close(cli);
	close(srv);
}

CASE(c_epoll_et)
{
	int cli, srv, ep = epoll_create1(0), ep2 = epoll_create1(0);
	int c2, s2;
	char b[32];

	vpair(c, &cli, &srv);
	R(c, "ADD srv IN|ET", ep_ctl(ep, EPOLL_CTL_ADD, srv,
				     EPOLLIN | EPOLLET, 2));
	obs_epoll(c, "idle", ep, 0);
	R(c, "send 10", send(cli, "0123456789", 10, 0));
	obs_epoll(c, "edge", ep, T(3000));
	obs_epoll(c, "no new edge", ep, 50);
	R(c, "recv 5", recv(srv, b, 5, 0));
	obs_epoll(c, "partial read, no new edge", ep, 50);
	R(c, "send 5", send(cli, "abcde", 5, 0));
	obs_epoll(c, "edge for new data", ep, T(3000));
	wait_inq(srv, 10, T(3000));
	R(c, "recv 32", recv(srv, b, sizeof(b), 0));
	R(c, "recv(MSG_DONTWAIT)", recv(srv, b, sizeof(b), MSG_DONTWAIT));
	obs_epoll(c, "drained", ep, 50);

	/* EPOLLONESHOT: one report, then disarmed until re-armed */
	R(c, "MOD srv IN|ONESHOT", ep_ctl(ep, EPOLL_CTL_MOD, srv,
					  EPOLLIN | EPOLLONESHOT, 2));
	R(c, "send 1", send(cli, "1", 1, 0));
	obs_epoll(c, "oneshot", ep, T(3000));
	R(c, "send 1", send(cli, "2", 1, 0));
	wait_inq(srv, 2, T(3000));
	obs_epoll(c, "disarmed", ep, 50);
	R(c, "MOD srv IN|ONESHOT (re-arm)", ep_ctl(ep, EPOLL_CTL_MOD, srv,
						   EPOLLIN | EPOLLONESHOT, 2));
	obs_epoll(c, "re-armed", ep, 0);

	/* write edge on a fresh connection that has sent nothing */
	vpair(c, &c2, &s2);
	R(c, "ADD fresh client OUT|ET", ep_ctl(ep2, EPOLL_CTL_ADD, c2,
					       EPOLLOUT | EPOLLET, 1));
	obs_epoll(c, "initial write edge", ep2, 0);
	obs_epoll(c, "no second write edge", ep2, 50);
	close(ep);
	close(ep2);
	close(cli);
	close(srv);
	close(c2);
	close(s2);
}

CASE(c_epoll_rdhup)
{
	int cli, srv, ep = epoll_create1(0), ep2 = epoll_create1(0);
	char b[16];

	vpair(c, &cli, &srv);
	R(c, "ADD srv IN|RDHUP", ep_ctl(ep, EPOLL_CTL_ADD, srv,
					EPOLLIN | EPOLLRDHUP, 2));
	R(c, "send(\"abc\")", send(cli, "abc", 3, 0));
	R(c, "peer shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	wait_mask(srv, POLLRDHUP, POLLRDHUP, T(3000));
	obs_epoll(c, "data + FIN", ep, 0);
	obs_recv_str(c, "recv", srv, sizeof(b), 0);
	obs_epoll(c, "only EOF left", ep, 0);
	R(c, "recv", recv(srv, b, sizeof(b), 0));
	obs_epoll(c, "EOF read (still reported)", ep, 0);
	close(cli);
	close(srv);

	vpair(c, &cli, &srv);
	R(c, "ADD srv IN|RDHUP|ET", ep_ctl(ep2, EPOLL_CTL_ADD, srv,
					   EPOLLIN | EPOLLRDHUP | EPOLLET, 2));
	obs_epoll(c, "idle", ep2, 0);
	R(c, "peer shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	obs_epoll(c, "FIN edge", ep2, T(3000));
	msleep(20);
	epoll_wait(ep2, (struct epoll_event[1]){ 0 }, 1, 0);
	R(c, "peer close", close(cli));
	msleep(20);
	obs_epoll(c, "peer close after SHUT_WR: no new event", ep2, 0);
	close(ep);
	close(ep2);
	close(srv);
}

CASE(c_poll_hup)
{
	int cli, srv;
	const short ev = POLLIN | POLLOUT | POLLRDHUP;
	struct pollfd pf;

	vpair(c, &cli, &srv);
	R(c, "client shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	obs_poll_need(c, "server (half closed)", srv, ev, POLLRDHUP, T(3000));
	obs_poll(c, "client (half closed)", cli, ev, 0);
	R(c, "server shutdown(SHUT_WR)", shutdown(srv, SHUT_WR));
	obs_poll_need(c, "client (both shut)", cli, ev, POLLHUP, T(3000));
	obs_poll_need(c, "server (both shut)", srv, ev, POLLHUP, T(3000));
	pf = (struct pollfd){ cli, 0, 0 };
	R(c, "poll(events 0)", poll(&pf, 1, 0));
	obs(c, "  revents %s", evstr(pf.revents));
	R(c, "server close", close(srv));
	msleep(20);
	obs_poll(c, "client after peer close", cli, ev, 0);
	close(cli);

	vpair(c, &cli, &srv);
	R(c, "server close", close(srv));
	obs_poll_need(c, "client, peer closed", cli, ev, POLLRDHUP, T(3000));
	R(c, "client shutdown(SHUT_WR)", shutdown(cli, SHUT_WR));
	obs_poll_need(c, "client, both shut", cli, ev, POLLHUP, T(3000));
	close(cli);
}
