// SPDX-License-Identifier: GPL-2.0
/*
 * hostile_clc - a CLC peer that breaks the rules, to test af_smc.
 *
 *   hostile_clc listen  [-a ADDR] -p PORT
 *   hostile_clc attack  [-a ADDR] -p PORT -u UEID [-n RANDOM] [-s SEED]
 *                       [-E EXPECT_FILE] [-o ONLY]
 *   hostile_clc normal  [-a ADDR] -p PORT [-b BYTES]
 *   hostile_clc rserve  [-a ADDR] -p BASE [-o ONLY]
 *   hostile_clc rconnect [-a ADDR] -p BASE [-o ONLY]
 *   hostile_clc list | rlist
 *
 * listen: an AF_SMC listener that echoes every accepted stream and prints
 * "accepted TAG MODE FALLBACK_REASON" per connection when it ends (TAG is
 * the last "TAG name" line of the stream, MODE and reason come from
 * <debugfs>/af_smc/sockets). It never sees a CLC message: af_smc consumes
 * them, so whatever reaches it is a connection af_smc handed to accept().
 *
 * attack: a plain TCP client (run it in a cgroup of smc_opt_cg, so its SYN
 * carries the SMC option and af_smc runs the CLC handshake) that sends one
 * malformed or unusual CLC message per connection to the listener and
 * checks the answer: a DECLINE with the right code (then the connection
 * must work as TCP: it sends a tag line and expects the echo of everything
 * after the CLC messages), an ACCEPT, or the connection's end (FIN or RST)
 * without a byte, quickly or only after af_smc's 6 s CLC timeout. Then
 * RANDOM connections with a valid PROPOSAL header and random contents. It
 * writes the lines "accepted TAG fallback REASON" that the listener must
 * print to EXPECT_FILE, one per connection that af_smc must hand over.
 *
 * normal: an AF_SMC client that moves BYTES through the listener's echo;
 * its own socket must be in SMC-R mode.
 *
 * rserve/rconnect: the other direction. rserve is a plain TCP server (in
 * the cgroup: its SYN-ACKs carry the option) listening on BASE + i for
 * reverse case i; it answers af_smc's PROPOSAL with that case's ACCEPT
 * (malformed, truncated, absent, SMC-D, v1, ...) and checks what af_smc
 * sends back. rconnect connects an AF_SMC socket to each port and checks
 * that connect() fails with the right errno, or succeeds in fallback mode
 * with the right reason (then the stream must work as TCP).
 *
 * Every check prints "ok NAME: ..." or "FAIL NAME: ..."; the last line is
 * "hostile_clc MODE: N checks, N failed". Exit status 0 when none failed.
 * Message layouts: ../../Documentation and SMC-R.md section 2 (written
 * here by hand on purpose, independent of net/smc/clc_wire.c).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;

#define EC_R		0xe2d4c3d9U	/* "SMCR" in EBCDIC */
#define EC_D		0xe2d4c3c4U	/* "SMCD" */
#define CLC_PROPOSAL	1
#define CLC_ACCEPT	2
#define CLC_CONFIRM	3
#define CLC_DECLINE	4
#define TYPE_R		0
#define TYPE_D		1
#define TYPE_N		2
#define FIRST_CONTACT	0x08		/* header byte 7; out of sync in DECLINE */

#define DECL_TIMEOUT_CL	0x02010000U
#define DECL_NOSMCDEV	0x03030000U
#define DECL_NOUEID	0x03030008U
#define DECL_MAXCONN	0x0303000AU
#define DECL_MAXLINK	0x0303000BU
#define DECL_MODEUNSUPP	0x03040000U
#define DECL_SYNCERR	0x04000000U
#define DECL_PEERDECL	0x05000000U

/* af_smc waits 6 s for a CLC message */
#define FAST_MAX	4.5	/* an answer that needs no timeout comes before */
#define SLOW_MIN	5.5	/* one that waits for the CLC timeout: after */
#define SLOW_MAX	12.0
#define LLC_MIN		4.5	/* client: 4 s for CONFIRM LINK + 1 s window */

#define MAXMSG		1024
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *opt_addr = "127.0.0.1";
static int opt_port;
static const char *opt_ueid = "";
static const char *opt_only;
static int checks, failures;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

static const u8 hostile_peer_id[8] = { 0x0b, 0xad, 0x02, 0, 0, 0, 0, 1 };

static void say(const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&out_lock);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

static void verdict(int ok, const char *name, const char *fmt, ...)
{
	char text[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	pthread_mutex_lock(&out_lock);
	checks++;
	if (!ok)
		failures++;
	printf("%s %s: %s\n", ok ? "ok" : "FAIL", name, text);
	fflush(stdout);
	pthread_mutex_unlock(&out_lock);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put32(u8 *p, u32 v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static u16 get16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 get32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static int selected(const char *name)
{
	return !opt_only || strstr(name, opt_only);
}

/* ------------------------------------------------------------------ */
/* Sockets */

static struct sockaddr_in sin_of(int port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };

	sa.sin_port = htons(port);
	if (inet_pton(AF_INET, opt_addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "hostile_clc: bad address %s\n", opt_addr);
		exit(2);
	}
	return sa;
}

static int tcp_connect(int domain, int port)
{
	struct sockaddr_in sa = sin_of(port);
	int fd;

	fd = socket(domain, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		close(fd);
		errno = e;
		return -1;
	}
	return fd;
}

static int tcp_listen(int domain, int port)
{
	struct sockaddr_in sa = sin_of(port);
	int fd, one = 1;

	fd = socket(domain, SOCK_STREAM, 0);
	if (fd < 0)
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) || listen(fd, 128)) {
		close(fd);
		return -1;
	}
	return fd;
}

static int send_all(int fd, const u8 *b, size_t len)
{
	ssize_t n;

	while (len) {
		n = send(fd, b, len, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= n;
	}
	return 0;
}

enum end_kind { END_NONE, END_FIN, END_RST, END_ERR, END_TIME };

static const char *end_name(enum end_kind e)
{
	static const char *const n[] = { "open", "FIN", "RST", "error",
					 "nothing" };

	return n[e];
}

/* Read up to @len bytes, all of them unless the stream ends or @deadline
 * passes. Return: bytes read; *end tells why fewer.
 */
static size_t read_until(int fd, u8 *b, size_t len, double deadline,
			 enum end_kind *end)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	size_t got = 0;
	double left;
	ssize_t n;

	*end = END_NONE;
	while (got < len) {
		left = deadline - now();
		if (left <= 0) {
			*end = END_TIME;
			break;
		}
		if (poll(&p, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		n = recv(fd, b + got, len - got, 0);
		if (n > 0) {
			got += n;
		} else if (!n) {
			*end = END_FIN;
			break;
		} else if (errno != EINTR) {
			*end = errno == ECONNRESET ? END_RST : END_ERR;
			break;
		}
	}
	return got;
}

/* wait for the end of the stream; return it, count the bytes before */
static enum end_kind wait_end(int fd, double deadline, size_t *bytes)
{
	enum end_kind end;
	u8 junk[512];

	*bytes = 0;
	do {
		*bytes += read_until(fd, junk, sizeof(junk), deadline, &end);
	} while (end == END_NONE);
	return end;
}

/* one CLC message: header, then the length it gives (at most MAXMSG) */
static int read_msg(int fd, u8 *b, double deadline, enum end_kind *end)
{
	size_t got, len;

	got = read_until(fd, b, 8, deadline, end);
	if (got < 8)
		return -1;
	len = get16(b + 5);
	if (len < 8 || len > MAXMSG)
		return -2;
	got = read_until(fd, b + 8, len - 8, deadline, end);
	return got == len - 8 ? (int)len : -1;
}

/* ------------------------------------------------------------------ */
/* Messages, built by hand from SMC-R.md section 2 */

static void clc_frame(u8 *b, u8 type, u16 len, u8 b7)
{
	put32(b, EC_R);
	b[4] = type;
	put16(b + 5, len);
	b[7] = b7;
	put32(b + len - 4, EC_R);
}

static void put_eid(u8 *p, const char *s)
{
	size_t n = strlen(s);

	memset(p, ' ', 32);
	memcpy(p, s, n > 32 ? 32 : n);
}

static void put_gid_lo(u8 *p)
{
	memset(p, 0, 16);
	p[10] = 0xff;
	p[11] = 0xff;
	p[12] = 127;
	p[15] = 1;		/* ::ffff:127.0.0.1 */
}

/* SMC-Rv2 PROPOSAL as Linux sends it: no v1 types, so no prefix area;
 * the 40-byte area at 40, the v2 extension at 80 with @neid UEIDs
 */
static size_t prop_v2(u8 *b, int neid, const char *eid)
{
	size_t len = 80 + 40 + 32 * neid + 4;
	u8 *x = b + 80;
	int i;

	memset(b, 0, len);
	clc_frame(b, CLC_PROPOSAL, len, 0x20 | TYPE_R << 2 | TYPE_N);
	memcpy(b + 8, hostile_peer_id, 8);
	put16(b + 50, 28);		/* v2 extension at 52 + 28 */
	x[0] = neid;
	x[3] = 0x10;			/* release 1 (v2.1) */
	put_gid_lo(x + 8);
	x[24] = 255;			/* max connections */
	x[25] = 1;			/* max links */
	for (i = 0; i < neid; i++)
		put_eid(x + 40 + 32 * i, eid);
	return len;
}

/* SMC-Rv1 PROPOSAL, RFC form: IP area right at 40, IPv4 127.0.0.0/8 */
static size_t prop_v1(u8 *b)
{
	memset(b, 0, 52);
	clc_frame(b, CLC_PROPOSAL, 52, 0x10 | TYPE_R);
	memcpy(b + 8, hostile_peer_id, 8);
	put32(b + 40, 0x7f000000);
	b[44] = 8;
	return 52;
}

static size_t decline_v2(u8 *b, u32 code, u8 flags)
{
	memset(b, 0, 44);
	clc_frame(b, CLC_DECLINE, 44, 0x20 | flags);
	put32(b + 16, code);
	b[20] = 2 << 4;
	return 44;
}

/* SMC-R ACCEPT (or CONFIRM), v2, first contact: 160 bytes */
static size_t accept_v2(u8 *b, u8 type)
{
	u8 *fce = b + 104;

	memset(b, 0, 160);
	clc_frame(b, type, 160, 0x20 | FIRST_CONTACT | TYPE_R);
	memcpy(b + 8, hostile_peer_id, 8);
	put_gid_lo(b + 16);
	memcpy(b + 32, "\x02\x00\x00\xba\xd0\x01", 6);
	b[38] = 0x00;			/* QPN 0x000123 */
	b[39] = 0x01;
	b[40] = 0x23;
	put32(b + 41, 0x1234);		/* rkey */
	b[45] = 1;			/* RMBE index */
	put32(b + 46, 0x4711);		/* alert token */
	b[50] = 0x13;			/* RMBE size 1, MTU 1024 */
	put32(b + 56, 0x10000);		/* RMB address */
	b[63] = 0x42;			/* PSN */
	put_eid(b + 64, opt_ueid);
	fce[0] = 0x80;			/* v2 direct */
	fce[1] = 2 << 4 | 1;		/* Linux, release 1 */
	put_eid(fce + 4, "HOSTILE");
	fce[36] = 255;			/* max connections */
	fce[37] = 1;			/* max links */
	return 160;
}

/* ------------------------------------------------------------------ */
/* listen: the AF_SMC server being attacked */

/* mode and fallback reason of our socket @fd, from af_smc's debugfs */
static void smc_mode(int fd, char *mode, char *rsn)
{
	char line[256], m[32], r[32];
	unsigned long ino;
	struct stat st;
	FILE *f;

	strcpy(mode, "?");
	strcpy(rsn, "?");
	if (fstat(fd, &st))
		return;
	f = fopen("/sys/kernel/debug/af_smc/sockets", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "%lu %*u %*s %*u %31s %31s", &ino, m, r) == 3 &&
		    ino == st.st_ino) {
			strcpy(mode, m);
			strcpy(rsn, r);
		}
	fclose(f);
}

static void *echo_conn(void *arg)
{
	int fd = (int)(intptr_t)arg, err = 0;
	struct timeval tv = { .tv_sec = 15 };
	char mode[32], rsn[32], tag[64] = "-";
	u8 buf[65536], win[128];
	size_t wlen = 0, total = 0;
	ssize_t n;
	char *t;

	smc_mode(fd, mode, rsn);
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (;;) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			err = n < 0 ? errno : 0;
			break;
		}
		total += n;
		if (send_all(fd, buf, n)) {
			err = errno;
			break;
		}
		/* keep the last bytes: the tag line ends the stream */
		if ((size_t)n >= sizeof(win)) {
			memcpy(win, buf + n - sizeof(win), sizeof(win));
			wlen = sizeof(win);
		} else {
			if (wlen + n > sizeof(win)) {
				memmove(win, win + wlen + n - sizeof(win),
					sizeof(win) - n);
				wlen = sizeof(win) - n;
			}
			memcpy(win + wlen, buf, n);
			wlen += n;
		}
	}
	t = memmem(win, wlen, "TAG ", 4);
	while (t) {
		char *next = memmem(t + 1, wlen - (t + 1 - (char *)win), "TAG ", 4);

		if (!next)
			break;
		t = next;
	}
	if (t)
		sscanf(t + 4, "%63[^\n]", tag);
	if (err)
		say("accepted %s %s %s error=%s bytes=%zu\n", tag, mode, rsn,
		    strerror(err), total);
	else
		say("accepted %s %s %s\n", tag, mode, rsn);
	close(fd);
	return NULL;
}

static int do_listen(void)
{
	pthread_t th;
	int lfd, fd;

	lfd = tcp_listen(AF_SMC, opt_port);
	if (lfd < 0) {
		perror("hostile_clc listen: AF_SMC listener");
		return 1;
	}
	say("listening on %s:%d\n", opt_addr, opt_port);
	for (;;) {
		fd = accept(lfd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR)
				continue;
			perror("hostile_clc listen: accept");
			return 1;
		}
		if (pthread_create(&th, NULL, echo_conn, (void *)(intptr_t)fd)) {
			close(fd);
			continue;
		}
		pthread_detach(th);
	}
}

/* ------------------------------------------------------------------ */
/* attack: hostile client against an af_smc server */

enum expect {
	X_DROP,		/* the connection ends without a byte, at once */
	X_DROP_SLOW,	/* ... only after the CLC timeout */
	X_DECLINE,	/* a DECLINE, then the connection is plain TCP */
	X_ACCEPT,	/* an ACCEPT; then @then decides */
	X_QUIET,	/* no answer: the server fell back, plain TCP */
	X_RANDOM,	/* a drop or a DECLINE, never an ACCEPT or a hang */
};

enum then {
	T_SILENCE,	/* say nothing: dropped after the CONFIRM timeout */
	T_GARBAGE,	/* garbage as CONFIRM: dropped at once, RST */
	T_BAD_CONFIRM,	/* CONFIRM of the wrong length: dropped, FIN */
	T_DECLINE,	/* DECLINE: the server falls back */
};

struct fcase {
	const char *name;
	const char *what;
	size_t (*build)(u8 *b, size_t *tail);
	int shut;		/* shutdown(SHUT_WR) after sending */
	enum expect x;
	enum end_kind end;	/* X_DROP*: how the connection ends */
	u32 code;		/* X_DECLINE: the code */
	u8 dver;		/* X_DECLINE: its version */
	enum then then;		/* X_ACCEPT */
	u32 rsn;		/* fallback reason the listener must show */
};

static size_t b_len_short(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	put16(b + 5, 20);	/* shorter than any PROPOSAL */
	return len;
}

static size_t b_len_unsent(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	put16(b + 5, len + 76);	/* the rest never comes */
	return len;
}

static size_t b_len_over(u8 *b, size_t *tail)
{
	(void)tail;
	memset(b, 0x5a, 1000);
	clc_frame(b, CLC_PROPOSAL, 1000, 0x22);	/* > 652, the longest */
	return 1000;
}

static size_t b_len_ffff(u8 *b, size_t *tail)
{
	(void)tail;
	memset(b, 0x5a, 1000);
	clc_frame(b, CLC_PROPOSAL, 1000, 0x22);
	put16(b + 5, 0xffff);
	return 1000;
}

static size_t b_ec_lead(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	memcpy(b, "SMCR", 4);	/* ASCII, not EBCDIC */
	return len;
}

static size_t b_ec_trail(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	memcpy(b + len - 4, "SMCR", 4);
	return len;
}

static size_t b_ec_smcd(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 0, opt_ueid);

	(void)tail;
	put32(b, EC_D);		/* "SMCD" is a valid eye catcher too */
	put32(b + len - 4, EC_D);
	return len;
}

static size_t b_type_accept(u8 *b, size_t *tail)
{
	(void)tail;
	return accept_v2(b, CLC_ACCEPT);
}

static size_t b_type_confirm(u8 *b, size_t *tail)
{
	(void)tail;
	return accept_v2(b, CLC_CONFIRM);
}

static size_t b_type_unknown(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	b[4] = 9;
	return len;
}

static size_t b_version0(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	b[7] &= 0x0f;
	return len;
}

static size_t b_iparea_v1(u8 *b, size_t *tail)
{
	size_t len = prop_v1(b);

	(void)tail;
	put16(b + 38, 0x1000);	/* prefix area far beyond the end */
	return len;
}

static size_t b_iparea_v2(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	b[7] = 0x20 | TYPE_R << 2 | TYPE_R;	/* offer v1 too ... */
	put16(b + 38, 200);	/* ... with the prefix area outside */
	return len;
}

static size_t b_v2ext_beyond(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	put16(b + 50, 0x7fff);
	return len;
}

static size_t b_v2ext_inside(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	put16(b + 50, 20);	/* overlaps the area before it */
	return len;
}

static size_t b_eid_space(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	b[80] = 4;		/* room for one */
	return len;
}

static size_t b_eid_max(u8 *b, size_t *tail)
{
	(void)tail;
	return prop_v2(b, 9, "NINE-UEIDS");	/* the limit is 8 */
}

static size_t b_trunc_hdr(u8 *b, size_t *tail)
{
	(void)tail;
	prop_v2(b, 1, opt_ueid);
	return 5;
}

static size_t b_trunc_body(u8 *b, size_t *tail)
{
	(void)tail;
	prop_v2(b, 1, opt_ueid);
	return 50;
}

static size_t b_nothing(u8 *b, size_t *tail)
{
	(void)b;
	(void)tail;
	return 0;
}

static size_t b_decline_bad(u8 *b, size_t *tail)
{
	(void)tail;
	decline_v2(b, DECL_NOSMCDEV, 0);
	put16(b + 5, 30);	/* a DECLINE is 28 or 44 bytes */
	put32(b + 26, EC_R);
	return 30;
}

static size_t b_decline(u8 *b, size_t *tail)
{
	(void)tail;
	return decline_v2(b, 0x03030002, 0);
}

static size_t b_nomatch(u8 *b, size_t *tail)
{
	(void)tail;
	return prop_v2(b, 2, "NO-SUCH-EID");
}

static size_t b_noueid(u8 *b, size_t *tail)
{
	(void)tail;
	return prop_v2(b, 0, "");
}

static size_t b_v1only(u8 *b, size_t *tail)
{
	(void)tail;
	return prop_v1(b);
}

static size_t b_nomatch_garbage(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, "NO-SUCH-EID"), i;

	for (i = 0; i < 300; i++)
		b[len + i] = (u8)(i * 7 + 3);
	*tail = 300;		/* application data after the DECLINE */
	return len + 300;
}

static size_t b_maxconns(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	b[80 + 24] = 8;		/* fewer than 16 connections */
	return len;
}

static size_t b_match(u8 *b, size_t *tail)
{
	(void)tail;
	return prop_v2(b, 1, opt_ueid);
}

static size_t b_match_garbage(u8 *b, size_t *tail)
{
	size_t len = prop_v2(b, 1, opt_ueid);

	(void)tail;
	memset(b + len, 0xaa, 64);	/* where the CONFIRM should be */
	return len + 64;
}

static const struct fcase fcases[] = {
	{ "len-short", "header length 20, below the smallest PROPOSAL",
	  b_len_short, 0, X_DROP, END_RST },
	{ "len-unsent", "header length 76 bytes more than ever sent",
	  b_len_unsent, 0, X_DROP_SLOW, END_FIN },
	{ "len-over-max", "length 1000, longer than any PROPOSAL (652)",
	  b_len_over, 0, X_DROP, END_RST },
	{ "len-ffff", "length 65535, 1000 bytes sent",
	  b_len_ffff, 0, X_DROP, END_RST },
	{ "eyecatcher-lead", "leading eye catcher in ASCII",
	  b_ec_lead, 0, X_DROP, END_RST },
	{ "eyecatcher-trail", "trailing eye catcher in ASCII",
	  b_ec_trail, 0, X_DROP, END_FIN },
	{ "type-accept", "an ACCEPT sent to a server",
	  b_type_accept, 0, X_DROP, END_RST },
	{ "type-confirm", "a CONFIRM before any ACCEPT",
	  b_type_confirm, 0, X_DROP, END_RST },
	{ "type-unknown", "message type 9",
	  b_type_unknown, 0, X_DROP, END_RST },
	{ "version-0", "version 0 in the header",
	  b_version0, 0, X_DROP, END_RST },
	{ "iparea-v1-beyond", "v1: IP area offset 4096 in a 52-byte message",
	  b_iparea_v1, 0, X_DROP, END_FIN },
	{ "iparea-v2-bad", "v2 offering v1: IP area offset 200, not 40",
	  b_iparea_v2, 0, X_DROP, END_FIN },
	{ "v2ext-beyond", "v2 extension offset 32767",
	  b_v2ext_beyond, 0, X_DROP, END_FIN },
	{ "v2ext-inside", "v2 extension offset 20 (inside the fixed area)",
	  b_v2ext_inside, 0, X_DROP, END_FIN },
	{ "eid-count-space", "EID count 4, room for 1",
	  b_eid_space, 0, X_DROP, END_FIN },
	{ "eid-count-max", "9 UEIDs, length consistent (limit 8)",
	  b_eid_max, 0, X_DROP, END_FIN },
	{ "trunc-hdr-close", "5 bytes of a header, then FIN",
	  b_trunc_hdr, 1, X_DROP, END_RST },
	{ "trunc-body-close", "50 of 156 bytes, then FIN",
	  b_trunc_body, 1, X_DROP, END_FIN },
	{ "trunc-body-silence", "50 of 156 bytes, then silence",
	  b_trunc_body, 0, X_DROP_SLOW, END_FIN },
	{ "trunc-hdr-silence", "5 bytes of a header, then silence",
	  b_trunc_hdr, 0, X_DROP_SLOW, END_RST },
	{ "silence", "no CLC message at all",
	  b_nothing, 0, X_DROP_SLOW, END_FIN },
	{ "close-at-once", "FIN without a CLC message",
	  b_nothing, 1, X_DROP, END_FIN },
	{ "decline-bad-len", "a DECLINE of 30 bytes",
	  b_decline_bad, 0, X_DROP, END_FIN },
	{ "decline-instead", "the client declines at once",
	  b_decline, 0, X_QUIET, END_NONE, 0, 0, 0, DECL_PEERDECL },
	{ "eyecatcher-smcd", "SMCD eye catchers, v2 PROPOSAL without UEID",
	  b_ec_smcd, 0, X_DECLINE, END_NONE, DECL_NOUEID, 2, 0,
	  DECL_NOUEID },
	{ "ueid-nomatch", "valid v2 PROPOSAL, UEIDs the server lacks",
	  b_nomatch, 0, X_DECLINE, END_NONE, DECL_NOSMCDEV, 2, 0,
	  DECL_NOSMCDEV },
	{ "ueid-none", "valid v2 PROPOSAL without UEID",
	  b_noueid, 0, X_DECLINE, END_NONE, DECL_NOUEID, 2, 0, DECL_NOUEID },
	{ "v1-only", "valid SMC-Rv1 PROPOSAL (v1 is not served)",
	  b_v1only, 0, X_DECLINE, END_NONE, DECL_NOSMCDEV, 1, 0,
	  DECL_NOSMCDEV },
	{ "maxconns-low", "v2.1 PROPOSAL asking for 8 connections",
	  b_maxconns, 0, X_DECLINE, END_NONE, DECL_MAXCONN, 2, 0,
	  DECL_MAXCONN },
	{ "nomatch-garbage", "valid PROPOSAL + 300 bytes (data after DECLINE)",
	  b_nomatch_garbage, 0, X_DECLINE, END_NONE, DECL_NOSMCDEV, 2, 0,
	  DECL_NOSMCDEV },
	{ "match-garbage", "valid PROPOSAL + 64 bytes of 0xaa as CONFIRM",
	  b_match_garbage, 0, X_ACCEPT, END_RST, 0, 0, T_GARBAGE },
	{ "match-silence", "valid PROPOSAL, no CONFIRM after the ACCEPT",
	  b_match, 0, X_ACCEPT, END_FIN, 0, 0, T_SILENCE },
	{ "match-bad-confirm", "CONFIRM of 108 bytes with first contact",
	  b_match, 0, X_ACCEPT, END_FIN, 0, 0, T_BAD_CONFIRM },
	{ "match-decline", "DECLINE after the ACCEPT",
	  b_match, 0, X_ACCEPT, END_NONE, 0, 0, T_DECLINE, DECL_PEERDECL },
};

static FILE *expect_file;

/* After a DECLINE: the connection is TCP. Send a tag line after what was
 * sent beyond the CLC messages (@tail, @tlen) and expect all of it back.
 */
static int fallback_check(int fd, const char *name, const u8 *tail,
			  size_t tlen, u32 rsn, char *why, size_t whylen)
{
	u8 want[MAXMSG + 128], got[MAXMSG + 128];
	enum end_kind end;
	size_t n, wlen;

	memcpy(want, tail, tlen);
	wlen = tlen + snprintf((char *)want + tlen, 128, "TAG %s\n", name);
	if (send_all(fd, want + tlen, wlen - tlen) || shutdown(fd, SHUT_WR)) {
		snprintf(why, whylen, "send after fallback: %s", strerror(errno));
		return -1;
	}
	n = read_until(fd, got, sizeof(got), now() + FAST_MAX, &end);
	if (n != wlen || memcmp(got, want, wlen) || end != END_FIN) {
		snprintf(why, whylen, "echo after fallback: %zu of %zu bytes%s, then %s",
			 n, wlen, n == wlen && memcmp(got, want, wlen) ?
			 " (different)" : "", end_name(end));
		return -1;
	}
	if (expect_file)
		fprintf(expect_file, "accepted %s fallback 0x%08x\n", name, rsn);
	return 0;
}

/* check a DECLINE in @m (@len bytes); return 0 if it is well formed */
static int decline_ok(const u8 *m, int len, u32 code, u8 ver, char *why,
		      size_t whylen)
{
	int want = ver == 1 ? 28 : 44;

	if (len != want || get32(m) != EC_R || m[4] != CLC_DECLINE ||
	    m[7] >> 4 != ver || get32(m + len - 4) != EC_R ||
	    (code && get32(m + 16) != code)) {
		snprintf(why, whylen, "bad DECLINE: len %d type %u ver %u code 0x%08x",
			 len, m[4], m[7] >> 4, len >= 20 ? get32(m + 16) : 0);
		return -1;
	}
	return 0;
}

static void check_drop(int fd, const char *name, enum end_kind want_end,
		       int slow, double t0)
{
	enum end_kind end;
	size_t bytes;
	double dt;

	end = wait_end(fd, t0 + (slow ? SLOW_MAX : FAST_MAX), &bytes);
	dt = now() - t0;
	if (end == END_TIME) {
		verdict(0, name, "no answer and no end within %.1fs (hang?)", dt);
		return;
	}
	verdict(!bytes && end == want_end &&
		(slow ? dt >= SLOW_MIN : dt < FAST_MAX),
		name, "%s after %.2fs, %zu bytes (want %s, %s)", end_name(end),
		dt, bytes, end_name(want_end), slow ? "after the CLC timeout" :
		"at once");
}

static void after_accept(int fd, const struct fcase *c, double t0)
{
	u8 b[MAXMSG];
	char why[200];
	size_t len;

	switch (c->then) {
	case T_SILENCE:
		check_drop(fd, c->name, c->end, 1, t0);
		return;
	case T_GARBAGE:		/* already sent */
		check_drop(fd, c->name, c->end, 0, t0);
		return;
	case T_BAD_CONFIRM:
		len = accept_v2(b, CLC_CONFIRM);
		put16(b + 5, 108);
		put32(b + 104, EC_R);
		send_all(fd, b, 108);
		check_drop(fd, c->name, c->end, 0, now());
		return;
	case T_DECLINE:
		len = decline_v2(b, DECL_TIMEOUT_CL, 0);
		send_all(fd, b, len);
		if (fallback_check(fd, c->name, NULL, 0, c->rsn, why,
				   sizeof(why)))
			verdict(0, c->name, "%s", why);
		else
			verdict(1, c->name, "ACCEPT, our DECLINE, then TCP");
		return;
	}
}

static void run_fcase(const struct fcase *c)
{
	u8 b[2 * MAXMSG], m[MAXMSG];
	size_t len, tail = 0;
	enum end_kind end;
	char why[200];
	double t0;
	int fd, n;

	memset(b, 0, sizeof(b));
	len = c->build(b, &tail);
	fd = tcp_connect(AF_INET, opt_port);
	if (fd < 0) {
		verdict(0, c->name, "connect: %s", strerror(errno));
		return;
	}
	t0 = now();
	if (send_all(fd, b, len) || (c->shut && shutdown(fd, SHUT_WR))) {
		verdict(0, c->name, "send: %s", strerror(errno));
		goto out;
	}
	switch (c->x) {
	case X_DROP:
	case X_DROP_SLOW:
		check_drop(fd, c->name, c->end, c->x == X_DROP_SLOW, t0);
		break;
	case X_DECLINE:
	case X_RANDOM:
		n = read_msg(fd, m, t0 + FAST_MAX, &end);
		if (c->x == X_RANDOM && n == -1 && end != END_TIME &&
		    end != END_NONE) {
			verdict(1, c->name, "no DECLINE: %s", end_name(end));
			break;
		}
		if (n < 0) {
			verdict(0, c->name, "no DECLINE: %s", end == END_TIME ?
				"nothing within the time" : end_name(end));
			break;
		}
		if (decline_ok(m, n, c->code, c->x == X_RANDOM ? m[7] >> 4 :
			       c->dver, why, sizeof(why)) ||
		    fallback_check(fd, c->name, b + len - tail, tail,
				   c->rsn ? c->rsn : get32(m + 16), why,
				   sizeof(why))) {
			verdict(0, c->name, "%s", why);
			break;
		}
		verdict(1, c->name, "DECLINE 0x%08x v%u, then TCP",
			get32(m + 16), m[7] >> 4);
		break;
	case X_QUIET:
		if (fallback_check(fd, c->name, NULL, 0, c->rsn, why,
				   sizeof(why)))
			verdict(0, c->name, "%s", why);
		else
			verdict(1, c->name, "no answer, then TCP");
		break;
	case X_ACCEPT:
		n = read_msg(fd, m, t0 + FAST_MAX, &end);
		if (n != 160 || m[4] != CLC_ACCEPT ||
		    m[7] != (0x20 | FIRST_CONTACT | TYPE_R) ||
		    get32(m + 156) != EC_R) {
			verdict(0, c->name, "no first-contact v2 ACCEPT: %d bytes, %s",
				n, end_name(end));
			break;
		}
		after_accept(fd, c, now());
		break;
	}
out:
	close(fd);
}

static uint64_t rng_state;

static u32 rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 11);
}

static size_t rnd_len, rnd_extra;

/* a PROPOSAL header with a length of 52..652, random version and types,
 * random contents; mostly a valid trailer; sometimes bytes after it
 */
static size_t b_random(u8 *b, size_t *tail)
{
	size_t i;

	for (i = 0; i < rnd_len + rnd_extra; i++)
		b[i] = rnd();
	clc_frame(b, CLC_PROPOSAL, rnd_len, (u8)((rnd() % 15 + 1) << 4 |
						 (rnd() & 15)));
	if (!(rnd() % 4))
		put32(b + rnd_len - 4, rnd());
	*tail = rnd_extra;
	return rnd_len + rnd_extra;
}

static int do_attack(int nrandom, unsigned int seed, const char *efile)
{
	struct fcase rc = { .build = b_random, .x = X_RANDOM };
	char name[32];
	size_t i;

	if (efile) {
		expect_file = fopen(efile, "w");
		if (!expect_file) {
			perror(efile);
			return 2;
		}
	}
	for (i = 0; i < ARRAY_SIZE(fcases); i++) {
		if (!selected(fcases[i].name))
			continue;
		say("case %s: %s\n", fcases[i].name, fcases[i].what);
		run_fcase(&fcases[i]);
	}
	rng_state = seed ? seed : 1;
	for (i = 0; (int)i < nrandom; i++) {
		snprintf(name, sizeof(name), "random-%zu", i);
		rnd_len = 52 + rnd() % (652 - 52 + 1);
		rnd_extra = rnd() % 4 ? 0 : 1 + rnd() % 32;
		rc.name = name;
		run_fcase(&rc);
	}
	if (expect_file)
		fclose(expect_file);
	say("hostile_clc attack: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* normal: an honest AF_SMC client through the same listener */

struct sender {
	int fd;
	size_t bytes;
	int err;
};

static u8 normal_byte(size_t off)
{
	return 'a' + (off * 7 + off / 251) % 26;
}

static void *normal_send(void *arg)
{
	struct sender *s = arg;
	u8 buf[8192];
	size_t off = 0, n, i;

	while (off < s->bytes) {
		n = s->bytes - off < sizeof(buf) ? s->bytes - off : sizeof(buf);
		for (i = 0; i < n; i++)
			buf[i] = normal_byte(off + i);
		if (send_all(s->fd, buf, n)) {
			s->err = errno;
			return NULL;
		}
		off += n;
	}
	if (send_all(s->fd, (const u8 *)"\nTAG normal\n", 12) ||
	    shutdown(s->fd, SHUT_WR))
		s->err = errno;
	return NULL;
}

static int do_normal(size_t bytes)
{
	struct sender s = { .bytes = bytes };
	size_t off = 0, bad = 0, i;
	char mode[32], rsn[32];
	u8 buf[65536];
	pthread_t th;
	ssize_t n;

	s.fd = tcp_connect(AF_SMC, opt_port);
	if (s.fd < 0) {
		verdict(0, "normal", "connect: %s", strerror(errno));
		goto out;
	}
	smc_mode(s.fd, mode, rsn);
	pthread_create(&th, NULL, normal_send, &s);
	while ((n = recv(s.fd, buf, sizeof(buf), 0)) > 0) {
		for (i = 0; i < (size_t)n; i++, off++)
			if (off < bytes && buf[i] != normal_byte(off))
				bad++;
	}
	pthread_join(th, NULL);
	verdict(!strcmp(mode, "smcr") && !s.err && n == 0 && !bad &&
		off == bytes + 12, "normal",
		"mode %s (reason %s), %zu of %zu bytes back, %zu bad%s%s",
		mode, rsn, off, bytes + 12, bad, s.err ? ", send: " : "",
		s.err ? strerror(s.err) : "");
	close(s.fd);
out:
	say("hostile_clc normal: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ */
/* rserve/rconnect: hostile server against an af_smc client */

struct rcase {
	const char *name;
	const char *what;
	size_t (*build)(u8 *b);	/* the answer to the PROPOSAL */
	int shut;		/* FIN after the answer */
	int xerr;		/* connect() fails with it; 0: fallback */
	int slow;		/* only after the CLC (1) or LLC (2) timeout */
	u32 rsn;		/* fallback reason of the client socket */
	u32 decl;		/* DECLINE the server must receive */
	int oos;		/* with the out-of-sync flag */
	int confirm;		/* a CONFIRM comes first */
};

static size_t r_ec_lead(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	memcpy(b, "SMCR", 4);
	return 160;
}

static size_t r_ec_trail(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	put32(b + 156, 0);
	return 160;
}

static size_t r_len_short(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	put16(b + 5, 20);
	return 160;
}

static size_t r_len_over(u8 *b)
{
	memset(b, 0x5a, 500);
	clc_frame(b, CLC_ACCEPT, 500, 0x20 | FIRST_CONTACT);
	return 500;		/* the longest is 292 */
}

static size_t r_len_wrong(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	put16(b + 5, 150);
	put32(b + 146, EC_R);
	return 150;
}

static size_t r_type_prop(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[4] = CLC_PROPOSAL;
	return 160;
}

static size_t r_type_confirm(u8 *b)
{
	return accept_v2(b, CLC_CONFIRM);
}

static size_t r_version0(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[7] &= 0x0f;
	return 160;
}

static size_t r_mtu0(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[50] = 0x10;		/* QP MTU 0 */
	return 160;
}

static size_t r_rmbe0(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[45] = 0;		/* RMBE index 0 */
	return 160;
}

static size_t r_trunc(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	return 50;
}

static size_t r_nothing(u8 *b)
{
	(void)b;
	return 0;
}

static size_t r_decline(u8 *b)
{
	return decline_v2(b, DECL_NOSMCDEV, 0);
}

static size_t r_decline_bad(u8 *b)
{
	decline_v2(b, DECL_NOSMCDEV, 0);
	put16(b + 5, 30);
	put32(b + 26, EC_R);
	return 30;
}

static size_t r_smcd(u8 *b)
{
	memset(b, 0, 78);	/* SMC-Dv2 ACCEPT without first contact */
	clc_frame(b, CLC_ACCEPT, 78, 0x20 | TYPE_D);
	put32(b, EC_D);
	put32(b + 74, EC_D);
	return 78;
}

static size_t r_v1(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);	/* the same fields, v1 length */
	b[7] = 0x10 | FIRST_CONTACT | TYPE_R;
	put16(b + 5, 68);
	put32(b + 64, EC_R);
	return 68;
}

static size_t r_not_first(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[7] = 0x20 | TYPE_R;
	put16(b + 5, 108);
	put32(b + 104, EC_R);
	return 108;
}

static size_t r_maxconns(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[104 + 36] = 8;
	return 160;
}

static size_t r_maxlinks(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[104 + 37] = 0;
	return 160;
}

static size_t r_release(u8 *b)
{
	accept_v2(b, CLC_ACCEPT);
	b[104 + 1] = 2 << 4 | 7;	/* release 7: never proposed */
	return 160;
}

static size_t r_valid(u8 *b)
{
	return accept_v2(b, CLC_ACCEPT);
}

static const struct rcase rcases[] = {
	{ "acc-eyecatcher-lead", "ACCEPT with an ASCII eye catcher",
	  r_ec_lead, 0, EPROTO },
	{ "acc-eyecatcher-trail", "ACCEPT with a zero trailer",
	  r_ec_trail, 0, EPROTO },
	{ "acc-len-short", "ACCEPT length 20", r_len_short, 0, EPROTO },
	{ "acc-len-over", "ACCEPT length 500 (longest 292)",
	  r_len_over, 0, EPROTO },
	{ "acc-len-wrong", "first-contact ACCEPT of 150 bytes",
	  r_len_wrong, 0, EPROTO },
	{ "acc-type-proposal", "a PROPOSAL instead of an ACCEPT",
	  r_type_prop, 0, EPROTO },
	{ "acc-type-confirm", "a CONFIRM instead of an ACCEPT",
	  r_type_confirm, 0, EPROTO },
	{ "acc-version-0", "ACCEPT version 0", r_version0, 0, EPROTO },
	{ "acc-mtu-0", "ACCEPT with QP MTU 0", r_mtu0, 0, EPROTO },
	{ "acc-rmbe-0", "ACCEPT with RMBE index 0", r_rmbe0, 0, EPROTO },
	{ "acc-decline-bad-len", "a DECLINE of 30 bytes",
	  r_decline_bad, 0, EPROTO },
	{ "acc-trunc-close", "50 bytes of an ACCEPT, then FIN",
	  r_trunc, 1, ECONNRESET },
	{ "acc-silence", "no answer to the PROPOSAL",
	  r_nothing, 0, ETIMEDOUT, 1 },
	{ "acc-decline", "a DECLINE instead of an ACCEPT",
	  r_decline, 0, 0, 0, DECL_PEERDECL },
	{ "acc-smcd", "well-formed SMC-Dv2 ACCEPT (not proposed)",
	  r_smcd, 0, 0, 0, DECL_MODEUNSUPP, DECL_MODEUNSUPP },
	{ "acc-v1", "well-formed SMC-Rv1 ACCEPT (v2 was proposed)",
	  r_v1, 0, 0, 0, DECL_MODEUNSUPP, DECL_MODEUNSUPP },
	{ "acc-not-first", "ACCEPT for a link group the client lacks",
	  r_not_first, 0, 0, 0, DECL_SYNCERR, DECL_SYNCERR, 1 },
	{ "acc-maxconns-low", "v2.1 ACCEPT with 8 connections per group",
	  r_maxconns, 0, 0, 0, DECL_MAXCONN, DECL_MAXCONN },
	{ "acc-maxlinks-0", "v2.1 ACCEPT with 0 links per group",
	  r_maxlinks, 0, 0, 0, DECL_MAXLINK, DECL_MAXLINK },
	{ "acc-release-7", "ACCEPT with SMC release 7",
	  r_release, 0, 0, 0, 0x03030009U, 0x03030009U },
	{ "acc-no-llc", "valid ACCEPT, then no CONFIRM LINK over RDMA",
	  r_valid, 0, 0, 2, DECL_TIMEOUT_CL, DECL_TIMEOUT_CL, 0, 1 },
};

#define NR_RCASES ((int)ARRAY_SIZE(rcases))

struct rconn {
	int fd;
	const struct rcase *c;
};

static void *rserve_conn(void *arg)
{
	struct rconn *rc = arg;
	const struct rcase *c = rc->c;
	u8 b[MAXMSG], m[MAXMSG];
	enum end_kind end;
	int fd = rc->fd, n;
	size_t len, bytes;
	char why[200] = "";
	u32 code;

	free(rc);
	n = read_msg(fd, m, now() + FAST_MAX, &end);
	if (n < 120 || m[4] != CLC_PROPOSAL || get32(m) != EC_R ||
	    m[7] != (0x20 | TYPE_R << 2 | TYPE_N)) {
		verdict(0, c->name, "server: no SMC-Rv2 PROPOSAL from af_smc: %d bytes, %s",
			n, end_name(end));
		goto out;
	}
	len = c->build(b);
	if (send_all(fd, b, len) || (c->shut && shutdown(fd, SHUT_WR))) {
		verdict(0, c->name, "server: send: %s", strerror(errno));
		goto out;
	}
	if (c->confirm) {
		n = read_msg(fd, m, now() + FAST_MAX, &end);
		if (n < 164 || m[4] != CLC_CONFIRM) {
			verdict(0, c->name, "server: no CONFIRM: %d bytes, %s", n,
				end_name(end));
			goto out;
		}
	}
	if (c->decl) {
		n = read_msg(fd, m, now() + SLOW_MAX, &end);
		code = n >= 20 ? get32(m + 16) : 0;
		if (n < 0 || m[4] != CLC_DECLINE || code != c->decl ||
		    !(m[7] & FIRST_CONTACT) != !c->oos) {
			verdict(0, c->name, "server: want DECLINE 0x%08x%s, got %d bytes type %u code 0x%08x flags 0x%x, %s",
				c->decl, c->oos ? " out of sync" : "", n,
				n > 4 ? m[4] : 0, code, n > 7 ? m[7] & 0xf : 0,
				end_name(end));
			goto out;
		}
		snprintf(why, sizeof(why), "DECLINE 0x%08x%s, ", code,
			 m[7] & FIRST_CONTACT ? " out of sync" : "");
	}
	if (!c->xerr) {
		/* fallback: plain TCP from here on, echo */
		while ((n = recv(fd, b, sizeof(b), 0)) > 0)
			send_all(fd, b, n);
		verdict(n == 0, c->name, "server: %sthen TCP until %s", why,
			n == 0 ? "FIN" : strerror(errno));
		goto out;
	}
	end = wait_end(fd, now() + SLOW_MAX, &bytes);
	verdict(end == END_RST && !bytes, c->name,
		"server: %s after %zu bytes (want RST: connection aborted)",
		end_name(end), bytes);
out:
	close(fd);
	return NULL;
}

static int do_rserve(void)
{
	struct pollfd pfd[64];
	struct rconn *rc;
	pthread_t th;
	int i, fd;

	for (i = 0; i < NR_RCASES; i++) {
		pfd[i].fd = tcp_listen(AF_INET, opt_port + i);
		pfd[i].events = POLLIN;
		if (pfd[i].fd < 0) {
			fprintf(stderr, "hostile_clc rserve: port %d: %s\n",
				opt_port + i, strerror(errno));
			return 2;
		}
	}
	say("rserve: listening on %s:%d..%d\n", opt_addr, opt_port,
	    opt_port + NR_RCASES - 1);
	for (;;) {
		if (poll(pfd, NR_RCASES, -1) < 0) {
			if (errno == EINTR)
				continue;
			return 2;
		}
		for (i = 0; i < NR_RCASES; i++) {
			if (!(pfd[i].revents & POLLIN))
				continue;
			fd = accept(pfd[i].fd, NULL, NULL);
			if (fd < 0)
				continue;
			rc = malloc(sizeof(*rc));
			rc->fd = fd;
			rc->c = &rcases[i];
			if (pthread_create(&th, NULL, rserve_conn, rc)) {
				close(fd);
				free(rc);
				continue;
			}
			pthread_detach(th);
		}
	}
}

static void run_rcase(int i)
{
	const struct rcase *c = &rcases[i];
	char mode[32], rsn[32], why[200];
	struct sockaddr_in sa;
	double t0, dt, lo, hi;
	int fd, rc, e;

	sa = sin_of(opt_port + i);
	fd = socket(AF_SMC, SOCK_STREAM, 0);
	if (fd < 0) {
		verdict(0, c->name, "socket(AF_SMC): %s", strerror(errno));
		return;
	}
	t0 = now();
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	e = errno;
	dt = now() - t0;
	lo = c->slow == 1 ? SLOW_MIN : c->slow == 2 ? LLC_MIN : 0;
	hi = c->slow ? SLOW_MAX : FAST_MAX;
	if (c->xerr) {
		verdict(rc < 0 && e == c->xerr && dt >= lo && dt < hi, c->name,
			"client: connect %s after %.2fs (want %s)",
			rc < 0 ? strerror(e) : "succeeded", dt,
			strerror(c->xerr));
		goto out;
	}
	smc_mode(fd, mode, rsn);
	if (rc < 0 || strcmp(mode, "fallback") ||
	    strtoul(rsn, NULL, 0) != c->rsn || dt < lo || dt >= hi) {
		verdict(0, c->name, "client: connect %s after %.2fs, mode %s reason %s (want fallback 0x%08x)",
			rc < 0 ? strerror(e) : "ok", dt, mode, rsn, c->rsn);
		goto out;
	}
	if (fallback_check(fd, c->name, NULL, 0, c->rsn, why, sizeof(why))) {
		verdict(0, c->name, "client: %s", why);
		goto out;
	}
	verdict(1, c->name, "client: fallback %s after %.2fs, then TCP", rsn, dt);
out:
	close(fd);
}

static int do_rconnect(void)
{
	int i;

	for (i = 0; i < NR_RCASES; i++) {
		if (!selected(rcases[i].name))
			continue;
		say("rcase %s: %s\n", rcases[i].name, rcases[i].what);
		run_rcase(i);
	}
	say("hostile_clc rconnect: %d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}

/* ------------------------------------------------------------------ */

static void usage(void)
{
	fprintf(stderr,
		"usage: hostile_clc listen|attack|normal|rserve|rconnect|list|rlist\n"
		"       [-a ADDR] [-p PORT] [-u UEID] [-n RANDOM] [-s SEED]\n"
		"       [-E EXPECT_FILE] [-b BYTES] [-o ONLY]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *mode, *efile = NULL;
	unsigned int seed = 1;
	size_t bytes = 1 << 20;
	int c, nrandom = 0, i;

	if (argc < 2)
		usage();
	mode = argv[1];
	optind = 2;
	while ((c = getopt(argc, argv, "a:p:u:n:s:E:b:o:")) != -1) {
		switch (c) {
		case 'a':
			opt_addr = optarg;
			break;
		case 'p':
			opt_port = atoi(optarg);
			break;
		case 'u':
			opt_ueid = optarg;
			break;
		case 'n':
			nrandom = atoi(optarg);
			break;
		case 's':
			seed = strtoul(optarg, NULL, 0);
			break;
		case 'E':
			efile = optarg;
			break;
		case 'b':
			bytes = strtoull(optarg, NULL, 0);
			break;
		case 'o':
			opt_only = optarg;
			break;
		default:
			usage();
		}
	}
	signal(SIGPIPE, SIG_IGN);
	if (!strcmp(mode, "list")) {
		for (i = 0; i < (int)(ARRAY_SIZE(fcases)); i++)
			printf("%s: %s\n", fcases[i].name, fcases[i].what);
		return 0;
	}
	if (!strcmp(mode, "rlist")) {
		for (i = 0; i < NR_RCASES; i++)
			printf("%s: %s\n", rcases[i].name, rcases[i].what);
		return 0;
	}
	if (!opt_port)
		usage();
	if (!strcmp(mode, "listen"))
		return do_listen();
	if (!strcmp(mode, "attack"))
		return do_attack(nrandom, seed, efile);
	if (!strcmp(mode, "normal"))
		return do_normal(bytes);
	if (!strcmp(mode, "rserve"))
		return do_rserve();
	if (!strcmp(mode, "rconnect"))
		return do_rconnect();
	usage();
	return 2;
}
