// SPDX-License-Identifier: GPL-2.0
/*
 * xfer - move a byte stream over TCP or AF_SMC and verify every byte.
 *
 *   xfer server [-f FAM] [-a ADDR] [-p PORT] [-b BYTES] [-n CONNS] [-1] [-e CMD]
 *               [-L 0|1] [-R]
 *   xfer client [-f FAM] [-a ADDR] [-p PORT] [-b BYTES] [-n CONNS] [-e CMD]
 *               [-r SECS] [-w WSIZE] [-R] [-T SECS]
 *
 * FAM is tcp, tcp6, smc or smc6 (AF_SMC with SMCPROTO_SMC / SMCPROTO_SMC6).
 * Each of CONNS connections carries BYTES bytes from the client to the
 * server, a pattern derived from the connection's index and the offset, so
 * the server detects any lost, duplicated, reordered or corrupted byte. The
 * server then answers with an 8-byte count of the good bytes it received,
 * so the client knows the stream arrived whole before it reports.
 *
 * With -r SECS, a client retries a refused connect for up to SECS seconds
 * (the server in another guest may not listen yet).
 *
 * With -w, the client writes WSIZE bytes per send() call (1 .. 65536,
 * default 65536), e.g. to see how small writes are coalesced.
 *
 * With -T SECS, the sending side sends for SECS seconds (or BYTES, if that
 * comes first; -b 0: no limit), so that a stream outlasts a test's
 * disturbance whatever the speed. The receiving side then needs -b 0: it
 * takes a stream of any length, every byte still checked, and the sender
 * checks that the receiver's count of good bytes is what it sent.
 *
 * With -R (on both sides) the stream goes the other way: the server sends
 * and the client checks and answers.
 *
 * With -L, the server sets SOL_SMC/SMC_LIMIT_HS to 0 or 1 on its listening
 * socket before listen() and checks that getsockopt() reads it back.
 *
 * With -e, CMD runs (through sh) after every connection's stream is done
 * but before any of them is closed, so a test can inspect the sockets
 * (debugfs, smc_diag, rxe counters) while they still exist.
 *
 * Output (one line per side): "xfer: <role> fam=.. conns=.. bytes=..
 * secs=.. MiB/s=.. bad=0". Exit status 0 only if every byte was right.
 * The side that checks (the server; with -R the client), when it found bad
 * bytes, says per connection how many bytes came, where the first bad one
 * was, in how many stretches, and whether the stream there is the right
 * one displaced (bytes lost or repeated).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netutil.h"

#define CHUNK (64 * 1024)

struct opts {
	int domain, proto, v6;
	const char *addr;
	int port;
	unsigned long long bytes;
	int conns;
	int once;
	const char *exec;
	int retry;
	size_t wsize;
	int limit_hs;	/* -L: SMC_LIMIT_HS for the listener, -1: leave */
	int reverse;	/* -R: the server sends */
	int secs;	/* -T: send for this long, 0: until BYTES */
};

#ifndef SOL_SMC
#define SOL_SMC		286
#endif
#ifndef SMC_LIMIT_HS
#define SMC_LIMIT_HS	1
#endif

/* SMC_LIMIT_HS on a listener-to-be, read back to check it took */
static int set_limit_hs(int fd, int on)
{
	socklen_t len = sizeof(int);
	int val = -1;

	if (setsockopt(fd, SOL_SMC, SMC_LIMIT_HS, &on, sizeof(on)) ||
	    getsockopt(fd, SOL_SMC, SMC_LIMIT_HS, &val, &len)) {
		perror("xfer: SMC_LIMIT_HS");
		return -1;
	}
	if (len != sizeof(int) || val != on) {
		fprintf(stderr, "xfer: SMC_LIMIT_HS reads %d (len %u), set %d\n",
			val, (unsigned int)len, on);
		return -1;
	}
	return 0;
}

static unsigned char pattern(unsigned int conn, unsigned long long off)
{
	unsigned long long x = off * 2654435761ULL + conn * 40503ULL;

	return (unsigned char)(x ^ (x >> 13) ^ (off >> 8));
}

struct job {
	const struct opts *o;
	int fd;
	unsigned int conn;
	unsigned long long bad, good;
	unsigned long long sent;	/* sender_job() only: bytes sent */
	/* receiver_job() only: */
	unsigned long long got;		/* bytes received */
	unsigned long long first_bad;	/* offset of the first bad byte */
	unsigned long long bad_runs;	/* stretches of bad bytes */
	long long shift;		/* see find_shift() */
	int shift_found;
	int err;
};

static void *sender_job(void *arg)
{
	struct job *j = arg;
	unsigned char *buf = malloc(CHUNK);
	unsigned long long off = 0, good = 0;
	unsigned long long limit = j->o->bytes;
	double until = net_now() + j->o->secs;
	size_t got = 0;

	if (!buf) {
		j->err = ENOMEM;
		return NULL;
	}
	/* first 4 bytes: the connection index, so the server can check */
	if (net_write_all(j->fd, &j->conn, sizeof(j->conn))) {
		j->err = errno;
		goto out;
	}
	if (j->o->secs && !limit)
		limit = ~0ULL;
	while (off < limit) {
		size_t n = limit - off < j->o->wsize ? limit - off : j->o->wsize;
		size_t i;

		if (j->o->secs && net_now() >= until)
			break;

		for (i = 0; i < n; i++)
			buf[i] = pattern(j->conn, off + i);
		if (net_write_all(j->fd, buf, n)) {
			j->err = errno;
			goto out;
		}
		off += n;
	}
	shutdown(j->fd, SHUT_WR);
	while (got < sizeof(good)) {
		ssize_t n = recv(j->fd, (char *)&good + got, sizeof(good) - got, 0);

		if (n <= 0) {
			j->err = n ? errno : EPIPE;
			goto out;
		}
		got += n;
	}
	j->good = good;
	j->bad = off > good ? off - good : good - off;
out:
	j->sent = off;
	free(buf);
	return NULL;
}

/*
 * The stream went wrong at @off, where @buf (@n bytes) arrived: is it the
 * right stream displaced, i.e. bytes lost (positive shift) or repeated
 * (negative)? Look for the displacement within 16 MiB at which the next
 * 64 bytes (or what arrived) match, nearest first.
 */
static void find_shift(struct job *j, unsigned int conn,
		       const unsigned char *buf, size_t n,
		       unsigned long long off)
{
	long long d, s;
	size_t k, m = n < 64 ? n : 64;

	for (d = 1; d <= 16 << 20; d++) {
		for (s = d; s >= -d; s -= 2 * d) {
			if (s < 0 && (unsigned long long)-s > off)
				continue;
			for (k = 0; k < m; k++)
				if (buf[k] != pattern(conn, off + s + k))
					break;
			if (k == m) {
				j->shift = s;
				j->shift_found = 1;
				return;
			}
		}
	}
}

static void *receiver_job(void *arg)
{
	struct job *j = arg;
	unsigned char *buf = malloc(CHUNK);
	unsigned long long off = 0;
	unsigned int conn;
	size_t got = 0;
	int in_bad = 0;

	if (!buf) {
		j->err = ENOMEM;
		return NULL;
	}
	while (got < sizeof(conn)) {
		ssize_t n = recv(j->fd, (char *)&conn + got, sizeof(conn) - got, 0);

		if (n <= 0) {
			j->err = n ? errno : EPIPE;
			goto out;
		}
		got += n;
	}
	for (;;) {
		ssize_t n = recv(j->fd, buf, CHUNK, 0);
		ssize_t i;

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			j->err = errno;
			goto out;
		}
		if (n == 0)
			break;
		for (i = 0; i < n; i++) {
			if (buf[i] == pattern(conn, off + i)) {
				j->good++;
				in_bad = 0;
				continue;
			}
			if (!j->bad) {
				j->first_bad = off + i;
				find_shift(j, conn, buf + i, n - i, off + i);
			}
			j->bad++;
			j->bad_runs += !in_bad;
			in_bad = 1;
		}
		off += n;
	}
	j->got = off;
	if (j->o->bytes && off != j->o->bytes)
		j->bad += off > j->o->bytes ? off - j->o->bytes
					    : j->o->bytes - off;
	if (net_write_all(j->fd, &j->good, sizeof(j->good)))
		j->err = errno;
out:
	free(buf);
	return NULL;
}

static int run(const struct opts *o, int server)
{
	struct sockaddr_storage ss;
	socklen_t len = net_make_addr(o->v6, o->addr, o->port, &ss);
	pthread_t *tids = calloc(o->conns, sizeof(*tids));
	struct job *jobs = calloc(o->conns, sizeof(*jobs));
	unsigned long long bad = 0, total = 0;
	int lfd = -1, i, rc = 0, one = 1;
	int receiver = server != o->reverse;
	double t0, t1;

	if (!len || !tids || !jobs) {
		fprintf(stderr, "xfer: bad address %s or no memory\n", o->addr);
		return 2;
	}
	if (server) {
		lfd = socket(o->domain, SOCK_STREAM, o->proto);
		if (lfd < 0) {
			perror("xfer: socket");
			return 1;
		}
		setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (o->limit_hs >= 0 && set_limit_hs(lfd, o->limit_hs))
			return 1;
		if (bind(lfd, (struct sockaddr *)&ss, len) ||
		    listen(lfd, o->conns + 16)) {
			perror("xfer: bind/listen");
			return 1;
		}
	}
	do {
		t0 = net_now();
		for (i = 0; i < o->conns; i++) {
			jobs[i] = (struct job){ .o = o, .conn = i };
			if (server) {
				jobs[i].fd = accept(lfd, NULL, NULL);
			} else {
				double until = net_now() + o->retry;

				for (;;) {
					jobs[i].fd = socket(o->domain,
							    SOCK_STREAM,
							    o->proto);
					if (jobs[i].fd < 0 ||
					    !connect(jobs[i].fd,
						     (struct sockaddr *)&ss,
						     len))
						break;
					close(jobs[i].fd);
					jobs[i].fd = -1;
					if (errno != ECONNREFUSED ||
					    net_now() > until)
						break;
					usleep(200000);
				}
			}
			if (jobs[i].fd < 0) {
				perror(server ? "xfer: accept" : "xfer: connect");
				return 1;
			}
			pthread_create(&tids[i], NULL,
				       receiver ? receiver_job : sender_job,
				       &jobs[i]);
		}
		bad = 0;
		total = 0;
		for (i = 0; i < o->conns; i++)
			pthread_join(tids[i], NULL);
		if (o->exec && system(o->exec)) {
			fprintf(stderr, "xfer: -e command failed\n");
			rc = 1;
		}
		for (i = 0; i < o->conns; i++) {
			close(jobs[i].fd);
			if (jobs[i].err) {
				fprintf(stderr, "xfer: conn %d: %s\n", i,
					strerror(jobs[i].err));
				rc = 1;
			}
			bad += jobs[i].bad;
			if (o->secs || !o->bytes)
				total += receiver ? jobs[i].got : jobs[i].sent;
			else
				total += o->bytes;
			if (receiver && jobs[i].bad)
				printf("xfer: conn %d: received %llu, first bad byte at %llu, %llu bad stretch(es), %s %lld\n",
				       i, jobs[i].got, jobs[i].first_bad,
				       jobs[i].bad_runs,
				       jobs[i].shift_found ? "displaced by"
							   : "no displacement within 16 MiB, last tried",
				       jobs[i].shift_found ? jobs[i].shift
							   : 16LL << 20);
		}
		t1 = net_now();
		printf("xfer: %s fam=%s conns=%d bytes=%llu secs=%.3f MiB/s=%.1f bad=%llu\n",
		       server ? "server" : "client",
		       o->domain == AF_SMC ? (o->v6 ? "smc6" : "smc")
					   : (o->v6 ? "tcp6" : "tcp"),
		       o->conns, total, t1 - t0,
		       total / (1024.0 * 1024.0) / (t1 - t0), bad);
		fflush(stdout);
		if (bad)
			rc = 1;
	} while (server && !o->once && !rc);
	if (lfd >= 0)
		close(lfd);
	free(tids);
	free(jobs);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o = { .domain = AF_INET, .addr = NULL, .port = 12345,
			  .bytes = 16 << 20, .conns = 1, .wsize = CHUNK,
			  .limit_hs = -1 };
	struct net_fam fam;
	int c, server;

	if (argc < 2 || (strcmp(argv[1], "server") && strcmp(argv[1], "client"))) {
		fprintf(stderr, "usage: xfer server|client [-f tcp|tcp6|smc|smc6] [-a ADDR] [-p PORT] [-b BYTES] [-n CONNS] [-1] [-e CMD] [-r SECS] [-w WSIZE] [-L 0|1] [-R] [-T SECS]\n");
		return 2;
	}
	server = !strcmp(argv[1], "server");
	optind = 2;
	while ((c = getopt(argc, argv, "f:a:p:b:n:1e:r:w:L:RT:")) != -1) {
		switch (c) {
		case 'f':
			if (net_parse_family(optarg, &fam)) {
				fprintf(stderr, "xfer: unknown family %s\n", optarg);
				return 2;
			}
			o.domain = fam.domain;
			o.proto = fam.proto;
			o.v6 = fam.v6;
			break;
		case 'a': o.addr = optarg; break;
		case 'R': o.reverse = 1; break;
		case 'p': o.port = atoi(optarg); break;
		case 'b': o.bytes = strtoull(optarg, NULL, 0); break;
		case 'n': o.conns = atoi(optarg); break;
		case '1': o.once = 1; break;
		case 'e': o.exec = optarg; break;
		case 'r': o.retry = atoi(optarg); break;
		case 'w': o.wsize = strtoul(optarg, NULL, 0); break;
		case 'L': o.limit_hs = !!atoi(optarg); break;
		case 'T': o.secs = atoi(optarg); break;
		default: return 2;
		}
	}
	if (!o.addr)
		o.addr = o.v6 ? "::1" : "127.0.0.1";
	if (o.conns < 1)
		o.conns = 1;
	if (o.wsize < 1 || o.wsize > CHUNK) {
		fprintf(stderr, "xfer: -w takes 1 .. %d\n", CHUNK);
		return 2;
	}
	return run(&o, server);
}
