// SPDX-License-Identifier: GPL-2.0
/*
 * smcbench - throughput, latency and connection rate over TCP or AF_SMC.
 *
 *   smcbench server [-f FAM] [-a ADDR] [-p PORT]
 *   smcbench stream [-f FAM] [-a ADDR] [-p PORT] [-s SIZE] [-t SECS]
 *                   [-b BYTES] [-e CMD]
 *   smcbench rr     [-f FAM] [-a ADDR] [-p PORT] [-s SIZE] [-t SECS] [-e CMD]
 *   smcbench crr    [-f FAM] [-a ADDR] [-p PORT] [-s SIZE] [-t SECS] [-e CMD]
 *
 * FAM is tcp, tcp6, smc or smc6 (AF_SMC with SMCPROTO_SMC / SMCPROTO_SMC6).
 * One server serves every mode, one connection at a time: each connection
 * starts with a 16-byte header that names the mode and the size.
 *
 * stream  the client writes SIZE-byte chunks (default 64 KiB) for SECS
 *         seconds (default 5) or BYTES bytes, then shuts down writing; the
 *         server checks the data and answers with the byte count and the
 *         number of bad chunks. The clock stops when that answer is in, so
 *         MiB/s counts data that arrived. Every 512-byte block starts with
 *         its stream offset and every 8th chunk is compared whole, so a
 *         lost, duplicated, reordered or corrupted chunk is found without
 *         checking every byte (TCG makes user-space loops expensive).
 * rr      request/response: the client sends SIZE bytes (default 1), the
 *         server answers with SIZE bytes, for SECS seconds on one
 *         connection. Each request carries its number, the answer must
 *         carry it back. Reports transactions/s and the mean, median and
 *         99th percentile of the round trip.
 * crr     connect, send SIZE bytes (default 1), receive SIZE bytes, close,
 *         for SECS seconds. Reports connections/s.
 *
 * With -e, CMD runs (through sh) while a connection of the measurement is
 * open but outside the timed part: after a stream's first (untimed) chunk,
 * after the last rr transaction, or during an untimed first crr connection. A
 * test uses it to check which transport the connection really took
 * (debugfs, smc_diag, rxe counters).
 *
 * Output, one line: "smcbench: MODE fam=.. size=.. secs=.. " and
 * "MiB/s=.. bytes=.. bad=0" (stream), "tps=.. mean_us=.. p50_us=..
 * p99_us=.. n=.." (rr), "cps=.. n=.." (crr). Exit status 0 only if every
 * check passed.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "netutil.h"

#define BENCH_MAGIC	0x534d4362u	/* "SMCb" */
#define BLOCK		512		/* stream: one offset word per block */
#define FULL_EVERY	8		/* stream: compare every 8th chunk whole */
#define MAX_SIZE	(16 << 20)

enum mode { M_STREAM = 1, M_RR, M_CRR };

struct hdr {
	uint32_t magic;
	uint32_t mode;
	uint32_t size;
	uint32_t pad;
};

struct opts {
	int domain, proto, v6;
	const char *fam;
	const char *addr;
	int port;
	enum mode mode;
	uint32_t size;
	double secs;
	unsigned long long bytes;
	const char *exec;
};

/* Read exactly @len bytes; returns @len, fewer at end of stream, or -1. */
static ssize_t read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	size_t got = 0;

	while (got < len) {
		ssize_t n = recv(fd, p + got, len - got, 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += n;
	}
	return got;
}

/* The static part of stream data: any byte pattern that is not constant. */
static void stream_template(unsigned char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		buf[i] = (unsigned char)(i * 7 + (i >> 9) + 0x5a);
}

/* Put the stream offset of every block of a chunk into its first word. */
static void stream_stamp(unsigned char *buf, size_t len,
			 unsigned long long off)
{
	size_t b;

	for (b = 0; b + sizeof(uint64_t) <= len; b += BLOCK) {
		uint64_t v = off + b;

		memcpy(buf + b, &v, sizeof(v));
	}
}

/* ------------------------------------------------------------------ */
/* server */

/* Return: 0 if the stream was intact. */
static int serve_stream(int fd, uint32_t size)
{
	unsigned char *buf = malloc(size), *ref = malloc(size);
	unsigned long long off = 0, chunks = 0;
	uint64_t answer[2] = { 0, 0 };	/* bytes, bad chunks */
	int rc = 0;

	if (!buf || !ref) {
		free(buf);
		free(ref);
		return -1;
	}
	stream_template(ref, size);
	for (;;) {
		ssize_t n = read_all(fd, buf, size);
		size_t b;

		if (n < 0) {
			rc = -1;
			break;
		}
		if (n == 0)
			break;
		for (b = 0; b + sizeof(uint64_t) <= (size_t)n; b += BLOCK) {
			uint64_t v;

			memcpy(&v, buf + b, sizeof(v));
			if (v != off + b) {
				answer[1]++;
				break;
			}
		}
		if (chunks % FULL_EVERY == 0 || (size_t)n < size) {
			stream_stamp(ref, n, off);
			if (memcmp(buf, ref, n))
				answer[1]++;
		}
		/* a short read only at the end: the client writes whole chunks */
		off += n;
		chunks++;
		if ((size_t)n < size)
			answer[1]++;
	}
	answer[0] = off;
	if (net_write_all(fd, answer, sizeof(answer)))
		rc = -1;
	/* stay open until the client closes: it may look at both ends */
	else if (read_all(fd, buf, 1) != 0)
		rc = -1;
	free(buf);
	free(ref);
	return rc || answer[1] ? -1 : 0;
}

static int serve_rr(int fd, uint32_t size)
{
	unsigned char *buf = malloc(size);
	int rc = 0;

	if (!buf)
		return -1;
	for (;;) {
		ssize_t n = read_all(fd, buf, size);

		if (n == 0)
			break;
		if (n != (ssize_t)size || net_write_all(fd, buf, size)) {
			rc = -1;
			break;
		}
	}
	free(buf);
	return rc;
}

static void serve_one(int fd)
{
	struct hdr h;
	int rc = -1;

	if (read_all(fd, &h, sizeof(h)) == sizeof(h) &&
	    h.magic == BENCH_MAGIC && h.size && h.size <= MAX_SIZE) {
		switch (h.mode) {
		case M_STREAM:
			rc = serve_stream(fd, h.size);
			break;
		case M_RR:
		case M_CRR:
			/* crr is one transaction, then the client closes */
			rc = serve_rr(fd, h.size);
			break;
		}
	}
	if (rc)
		fprintf(stderr, "smcbench: server: bad connection (mode %u)\n",
			h.mode);
	close(fd);
}

static int run_server(const struct opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len = net_make_addr(o->v6, o->addr, o->port, &ss);
	int lfd, one = 1;

	if (!len) {
		fprintf(stderr, "smcbench: bad address %s\n", o->addr);
		return 2;
	}
	lfd = socket(o->domain, SOCK_STREAM, o->proto);
	if (lfd < 0) {
		perror("smcbench: socket");
		return 1;
	}
	setsockopt(lfd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(lfd, (struct sockaddr *)&ss, len) || listen(lfd, 128)) {
		perror("smcbench: bind/listen");
		return 1;
	}
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			perror("smcbench: accept");
			return 1;
		}
		serve_one(fd);
	}
}

/* ------------------------------------------------------------------ */
/* client */

static int bench_connect(const struct opts *o, uint32_t mode)
{
	struct hdr h = { BENCH_MAGIC, mode, o->size, 0 };
	struct sockaddr_storage ss;
	socklen_t len = net_make_addr(o->v6, o->addr, o->port, &ss);
	int fd;

	fd = socket(o->domain, SOCK_STREAM, o->proto);
	if (fd < 0) {
		perror("smcbench: socket");
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&ss, len)) {
		perror("smcbench: connect");
		close(fd);
		return -1;
	}
	/* crr sends the header with its request, in one write */
	if (mode != M_CRR && net_write_all(fd, &h, sizeof(h))) {
		perror("smcbench: send");
		close(fd);
		return -1;
	}
	return fd;
}

static int run_exec(const struct opts *o)
{
	if (o->exec && system(o->exec)) {
		fprintf(stderr, "smcbench: -e command failed\n");
		return -1;
	}
	return 0;
}

static int client_stream(const struct opts *o)
{
	unsigned char *buf = malloc(o->size);
	unsigned long long off = 0;
	uint64_t answer[2];
	double t0, t1, end;
	int fd, rc = 0;

	if (!buf)
		return 1;
	stream_template(buf, o->size);
	fd = bench_connect(o, M_STREAM);
	if (fd < 0)
		return 1;
	/* one untimed chunk: the server has accepted when -e looks */
	stream_stamp(buf, o->size, off);
	if (net_write_all(fd, buf, o->size)) {
		perror("smcbench: send");
		return 1;
	}
	off += o->size;
	if (run_exec(o))
		rc = 1;
	t0 = net_now();
	end = t0 + o->secs;
	for (;;) {
		if (o->bytes ? off >= o->bytes : net_now() >= end)
			break;
		stream_stamp(buf, o->size, off);
		if (net_write_all(fd, buf, o->size)) {
			perror("smcbench: send");
			return 1;
		}
		off += o->size;
	}
	shutdown(fd, SHUT_WR);
	if (read_all(fd, answer, sizeof(answer)) != sizeof(answer)) {
		fprintf(stderr, "smcbench: no answer from the server\n");
		return 1;
	}
	t1 = net_now();
	if (answer[0] != off || answer[1]) {
		fprintf(stderr, "smcbench: server got %llu of %llu bytes, %llu bad chunks\n",
			(unsigned long long)answer[0], off,
			(unsigned long long)answer[1]);
		rc = 1;
	}
	close(fd);
	printf("smcbench: stream fam=%s size=%u secs=%.3f MiB/s=%.1f bytes=%llu bad=%llu\n",
	       o->fam, o->size, t1 - t0,
	       (off - o->size) / 1048576.0 / (t1 - t0), off,
	       (unsigned long long)answer[1]);
	free(buf);
	return rc;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* One transaction number in a message of any size (a byte of it if small). */
static void rr_stamp(unsigned char *buf, uint32_t size, uint64_t seq)
{
	if (size >= sizeof(seq))
		memcpy(buf, &seq, sizeof(seq));
	else
		buf[0] = (unsigned char)seq;
}

static int rr_check(const unsigned char *buf, uint32_t size, uint64_t seq)
{
	uint64_t v;

	if (size < sizeof(seq))
		return buf[0] == (unsigned char)seq;
	memcpy(&v, buf, sizeof(v));
	return v == seq;
}

static int client_rr(const struct opts *o)
{
	unsigned char *buf = calloc(1, o->size);
	size_t cap = 1 << 16, n = 0;
	uint64_t *lat = malloc(cap * sizeof(*lat));
	double t0, t1, end, sum = 0;
	int fd, rc = 0;

	if (!buf || !lat)
		return 1;
	fd = bench_connect(o, M_RR);
	if (fd < 0)
		return 1;
	t0 = net_now();
	end = t0 + o->secs;
	for (t1 = t0; t1 < end;) {
		double t = t1;

		rr_stamp(buf, o->size, n);
		if (net_write_all(fd, buf, o->size) ||
		    read_all(fd, buf, o->size) != (ssize_t)o->size) {
			perror("smcbench: rr");
			return 1;
		}
		if (!rr_check(buf, o->size, n)) {
			fprintf(stderr, "smcbench: rr: wrong answer to %zu\n", n);
			return 1;
		}
		t1 = net_now();
		if (n == cap) {
			cap *= 2;
			lat = realloc(lat, cap * sizeof(*lat));
			if (!lat)
				return 1;
		}
		lat[n++] = (uint64_t)((t1 - t) * 1e9);
		sum += t1 - t;
	}
	if (run_exec(o))
		rc = 1;
	close(fd);
	qsort(lat, n, sizeof(*lat), cmp_u64);
	printf("smcbench: rr fam=%s size=%u secs=%.3f tps=%.1f mean_us=%.1f p50_us=%.1f p99_us=%.1f n=%zu\n",
	       o->fam, o->size, t1 - t0, n / (t1 - t0), sum / n * 1e6,
	       lat[n / 2] / 1e3, lat[n * 99 / 100] / 1e3, n);
	free(lat);
	free(buf);
	return rc;
}

/* One crr connection; runs -e while it is open if @exec. */
static int crr_one(const struct opts *o, unsigned char *req, size_t reqlen,
		   unsigned char *resp, int exec)
{
	int fd = bench_connect(o, M_CRR);
	int rc = 0;

	if (fd < 0)
		return -1;
	if (net_write_all(fd, req, reqlen) ||
	    read_all(fd, resp, o->size) != (ssize_t)o->size ||
	    memcmp(resp, req + sizeof(struct hdr), o->size)) {
		fprintf(stderr, "smcbench: crr: transaction failed\n");
		rc = -1;
	}
	if (exec && run_exec(o))
		rc = -1;
	close(fd);
	return rc;
}

static int client_crr(const struct opts *o)
{
	struct hdr h = { BENCH_MAGIC, M_CRR, o->size, 0 };
	size_t reqlen = sizeof(h) + o->size;
	unsigned char *req = malloc(reqlen), *resp = malloc(o->size);
	unsigned long n = 0;
	double t0, t1, end;

	if (!req || !resp)
		return 1;
	memcpy(req, &h, sizeof(h));
	memset(req + sizeof(h), 0xa5, o->size);
	if (crr_one(o, req, reqlen, resp, 1))
		return 1;
	t0 = net_now();
	end = t0 + o->secs;
	for (t1 = t0; t1 < end; t1 = net_now()) {
		if (crr_one(o, req, reqlen, resp, 0))
			return 1;
		n++;
	}
	printf("smcbench: crr fam=%s size=%u secs=%.3f cps=%.1f n=%lu\n",
	       o->fam, o->size, t1 - t0, n / (t1 - t0), n);
	free(req);
	free(resp);
	return 0;
}

static void usage(void)
{
	fprintf(stderr, "usage: smcbench server|stream|rr|crr [-f tcp|tcp6|smc|smc6] [-a ADDR] [-p PORT] [-s SIZE] [-t SECS] [-b BYTES] [-e CMD]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct opts o = { .domain = AF_INET, .fam = "tcp", .port = 12866,
			  .secs = 5 };
	struct net_fam fam;
	int c, server = 0;

	if (argc < 2)
		usage();
	if (!strcmp(argv[1], "server"))
		server = 1;
	else if (!strcmp(argv[1], "stream"))
		o.mode = M_STREAM;
	else if (!strcmp(argv[1], "rr"))
		o.mode = M_RR;
	else if (!strcmp(argv[1], "crr"))
		o.mode = M_CRR;
	else
		usage();
	optind = 2;
	while ((c = getopt(argc, argv, "f:a:p:s:t:b:e:")) != -1) {
		switch (c) {
		case 'f':
			if (net_parse_family(optarg, &fam)) {
				fprintf(stderr, "smcbench: unknown family %s\n",
					optarg);
				return 2;
			}
			o.domain = fam.domain;
			o.proto = fam.proto;
			o.v6 = fam.v6;
			o.fam = optarg;
			break;
		case 'a': o.addr = optarg; break;
		case 'p': o.port = atoi(optarg); break;
		case 's': o.size = strtoul(optarg, NULL, 0); break;
		case 't': o.secs = atof(optarg); break;
		case 'b': o.bytes = strtoull(optarg, NULL, 0); break;
		case 'e': o.exec = optarg; break;
		default: usage();
		}
	}
	if (!o.addr)
		o.addr = o.v6 ? "::1" : "127.0.0.1";
	if (!o.size)
		o.size = o.mode == M_STREAM ? 64 * 1024 : 1;
	if (o.size > MAX_SIZE) {
		fprintf(stderr, "smcbench: -s at most %d\n", MAX_SIZE);
		return 2;
	}
	signal(SIGPIPE, SIG_IGN);
	if (server)
		return run_server(&o);
	switch (o.mode) {
	case M_STREAM:
		return client_stream(&o);
	case M_RR:
		return client_rr(&o);
	case M_CRR:
		return client_crr(&o);
	}
	return 2;
}
