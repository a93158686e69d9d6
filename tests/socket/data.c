// SPDX-License-Identifier: GPL-2.0
/*
 * data.c - reproducible byte streams, a chunking-independent checksum and
 * checked bulk transfers with random chunk sizes and random I/O calls.
 *
 * Stream byte i of seed s is byte (i % 8) of mix64(s * K + i / 8), so any
 * range can be generated (and verified) independently of how the transfer
 * was cut into pieces.
 */
#include "conform.h"

#include <sys/uio.h>

#define CHUNK_MAX	(1u << 20)

static inline uint64_t mix64(uint64_t z)
{
	z += 0x9e3779b97f4a7c15ULL;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t prng_next(uint64_t *s)
{
	*s += 0x9e3779b97f4a7c15ULL;
	return mix64(*s);
}

void stream_fill(uint64_t seed, uint64_t off, unsigned char *p, size_t n)
{
	uint64_t base = seed * 0x100000001b3ULL;

	while (n) {
		uint64_t w = mix64(base + off / 8);
		unsigned int o = off % 8, take = 8 - o;

		if (take > n)
			take = n;
		memcpy(p, (unsigned char *)&w + o, take);
		p += take;
		off += take;
		n -= take;
	}
}

static inline void hmix(struct hash *h, uint64_t w)
{
	h->h ^= w;
	h->h *= 0x9e3779b97f4a7c15ULL;
	h->h ^= h->h >> 29;
}

void hash_init(struct hash *h)
{
	memset(h, 0, sizeof(*h));
	h->h = 0xcbf29ce484222325ULL;
}

void hash_update(struct hash *h, const void *data, size_t n)
{
	const unsigned char *p = data;
	uint64_t w;

	h->n += n;
	while (h->nc && n) {
		h->carry[h->nc++] = *p++;
		n--;
		if (h->nc == 8) {
			memcpy(&w, h->carry, 8);
			hmix(h, w);
			h->nc = 0;
		}
	}
	while (n >= 8) {
		memcpy(&w, p, 8);
		hmix(h, w);
		p += 8;
		n -= 8;
	}
	while (n) {
		h->carry[h->nc++] = *p++;
		n--;
	}
}

uint64_t hash_final(const struct hash *h)
{
	struct hash t = *h;
	uint64_t w = 0;

	memcpy(&w, t.carry, t.nc);
	hmix(&t, w ^ ((uint64_t)t.nc << 56));
	hmix(&t, t.n);
	return t.h;
}

uint64_t stream_hash(uint64_t seed, uint64_t len)
{
	unsigned char *buf = malloc(CHUNK_MAX);
	struct hash h;
	uint64_t off = 0;

	if (!buf)
		abort();
	hash_init(&h);
	while (off < len) {
		size_t n = len - off > CHUNK_MAX ? CHUNK_MAX : len - off;

		stream_fill(seed, off, buf, n);
		hash_update(&h, buf, n);
		off += n;
	}
	free(buf);
	return hash_final(&h);
}

static size_t pick_chunk(uint64_t *s)
{
	uint64_t r = prng_next(s), k = r % 100, v = r >> 8;

	if (k < 10)
		return 1 + v % 16;
	if (k < 30)
		return 1 + v % 1500;
	if (k < 85)
		return 1 + v % 65536;
	return 1 + v % CHUNK_MAX;
}

void xfer_send(int fd, uint64_t seed, uint64_t len, uint64_t chunk_seed,
	       struct xfer_res *r, int shut_wr)
{
	unsigned char *buf = malloc(CHUNK_MAX);
	uint64_t s = chunk_seed;
	struct hash h;

	if (!buf)
		abort();
	hash_init(&h);
	while (r->sent < len) {
		size_t n = pick_chunk(&s);
		uint64_t api = prng_next(&s);
		ssize_t k;

		if (n > len - r->sent)
			n = len - r->sent;
		stream_fill(seed, r->sent, buf, n);
		switch (api % 4) {
		case 0:
			k = send(fd, buf, n, MSG_NOSIGNAL);
			break;
		case 1:
			k = write(fd, buf, n);
			break;
		case 2: {
			size_t cut = (api >> 8) % (n + 1);
			struct iovec iov[2] = {
				{ buf, cut }, { buf + cut, n - cut }
			};
			struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };

			k = sendmsg(fd, &m, MSG_NOSIGNAL);
			break;
		}
		default: {
			size_t a = (api >> 8) % (n + 1);
			size_t b = a + (api >> 32) % (n - a + 1);
			struct iovec iov[3] = {
				{ buf, a }, { buf + a, b - a }, { buf + b, n - b }
			};

			k = writev(fd, iov, 3);
			break;
		}
		}
		if (k < 0) {
			if (errno == EINTR)
				continue;
			r->tx_err = errno;
			break;
		}
		hash_update(&h, buf, k);
		r->sent += k;
	}
	r->tx_hash = hash_final(&h);
	if (shut_wr && shutdown(fd, SHUT_WR) < 0 && !r->tx_err)
		r->tx_err = errno;
	free(buf);
}

void xfer_recv(int fd, uint64_t seed, uint64_t len, uint64_t chunk_seed,
	       struct xfer_res *r)
{
	unsigned char *buf = malloc(CHUNK_MAX), *exp = malloc(CHUNK_MAX);
	uint64_t s = chunk_seed;
	struct hash h;

	if (!buf || !exp)
		abort();
	hash_init(&h);
	for (;;) {
		size_t n = pick_chunk(&s);
		uint64_t api = prng_next(&s);
		ssize_t k;

		/* read past len to see the EOF (or excess data) */
		if (r->rcvd < len && n > len - r->rcvd)
			n = len - r->rcvd;
		if (!wait_ev(fd, POLLIN, T(30000))) {
			r->rx_err = ETIMEDOUT;
			break;
		}
		switch (api % 5) {
		case 0:
			k = recv(fd, buf, n, 0);
			break;
		case 1:
			k = read(fd, buf, n);
			break;
		case 2: {
			size_t cut = (api >> 8) % (n + 1);
			struct iovec iov[2] = {
				{ buf, cut }, { buf + cut, n - cut }
			};
			struct msghdr m = { .msg_iov = iov, .msg_iovlen = 2 };

			k = recvmsg(fd, &m, 0);
			break;
		}
		case 3: {
			size_t a = (api >> 8) % (n + 1);
			struct iovec iov[2] = { { buf, a }, { buf + a, n - a } };

			k = readv(fd, iov, 2);
			break;
		}
		default:
			k = recv(fd, buf, n, MSG_WAITALL);
			break;
		}
		if (k < 0) {
			if (errno == EINTR)
				continue;
			r->rx_err = errno;
			break;
		}
		if (k == 0)
			break;
		stream_fill(seed, r->rcvd, exp, k);
		if (r->rcvd + k > len || memcmp(buf, exp, k))
			r->mismatch = 1;
		hash_update(&h, buf, k);
		r->rcvd += k;
	}
	r->rx_hash = hash_final(&h);
	free(buf);
	free(exp);
}

struct xjob {
	int fd;
	uint64_t seed, len, cseed;
	int send;
	struct xfer_res res;
};

static void *xjob_run(void *arg)
{
	struct xjob *j = arg;

	if (j->send)
		xfer_send(j->fd, j->seed, j->len, j->cseed, &j->res, 1);
	else
		xfer_recv(j->fd, j->seed, j->len, j->cseed, &j->res);
	return NULL;
}

static void report(struct ctx *c, const char *what, const char *dir,
		   struct xjob *tx, struct xjob *rx)
{
	uint64_t want = stream_hash(tx->seed, tx->len);

	obs(c, "%s %s: len=%llu sent=%llu rcvd=%llu hash=%016llx "
	    "tx_err=%s rx_err=%s intact=%d", what, dir,
	    (unsigned long long)tx->len,
	    (unsigned long long)tx->res.sent,
	    (unsigned long long)rx->res.rcvd,
	    (unsigned long long)rx->res.rx_hash,
	    tx->res.tx_err ? ename(tx->res.tx_err) : "0",
	    rx->res.rx_err ? ename(rx->res.rx_err) : "0",
	    !rx->res.mismatch);
	CHECK(c, tx->res.sent == tx->len && rx->res.rcvd == tx->len,
	      "%s %s: sent %llu, received %llu of %llu", what, dir,
	      (unsigned long long)tx->res.sent,
	      (unsigned long long)rx->res.rcvd, (unsigned long long)tx->len);
	CHECK(c, !rx->res.mismatch && rx->res.rx_hash == want &&
	      tx->res.tx_hash == want, "%s %s: data corrupted", what, dir);
	CHECK(c, !tx->res.tx_err && !rx->res.rx_err,
	      "%s %s: tx_err %s rx_err %s", what, dir,
	      ename(tx->res.tx_err), ename(rx->res.rx_err));
}

void duplex(struct ctx *c, const char *what, int a, int b, uint64_t len_ab,
	    uint64_t len_ba, uint64_t seed)
{
	struct xjob j[4] = {
		{ a, seed * 2 + 1, len_ab, seed * 7 + 1, 1, { 0 } },
		{ b, seed * 2 + 1, len_ab, seed * 7 + 2, 0, { 0 } },
		{ b, seed * 2 + 2, len_ba, seed * 7 + 3, 1, { 0 } },
		{ a, seed * 2 + 2, len_ba, seed * 7 + 4, 0, { 0 } },
	};
	struct thr t[3] = { { 0 } };
	int i;

	for (i = 0; i < 3; i++)
		thr_start(c, &t[i], xjob_run, &j[i]);
	xjob_run(&j[3]);
	for (i = 0; i < 3; i++)
		thr_join(&t[i]);
	report(c, what, "a->b", &j[0], &j[1]);
	report(c, what, "b->a", &j[2], &j[3]);
}
