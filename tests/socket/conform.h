/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conform.h - shared declarations of the AF_SMC socket-conformance suite.
 *
 * Every case is one function run once per socket "variant" (inet, inet6,
 * smc4, smc6), each run in its own child process.  A case records what it
 * observes (return values, errno names, event masks, option values,
 * normalised addresses, checksums) in a per-run log with obs()/R()/...; the
 * harness then requires log(smc4) == log(inet), log(smc6) == log(inet6) and
 * (for lines not marked family-specific) log(inet6) == log(inet).
 * Hard expectations that must hold for every variant are CHECK()ed.
 */
#ifndef SMC_CONFORM_H
#define SMC_CONFORM_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

#ifndef AF_SMC
#define AF_SMC 43
#endif
#define SMCPROTO_SMC	0	/* AF_SMC socket with IPv4 semantics */
#define SMCPROTO_SMC6	1	/* AF_SMC socket with IPv6 semantics */

/* ipsmc4/ipsmc6: socket(AF_INET[6], SOCK_STREAM, IPPROTO_SMC); they run
 * only when -V names them (VF_DEFAULT leaves them out)
 */
enum { V_INET, V_INET6, V_SMC4, V_SMC6, V_IPSMC4, V_IPSMC6, V_MAX };
#ifndef IPPROTO_SMC
#define IPPROTO_SMC	256
#endif

struct variant {
	const char *name;
	int family;		/* socket() domain */
	int proto;		/* socket() protocol */
	int af;			/* family of the sockaddrs it uses */
	int ref;		/* variant whose log must be identical, or -1 */
	int so_protocol;	/* what SO_PROTOCOL must return */
};
extern const struct variant variants[V_MAX];

#define VF(v)		(1u << (v))
#define VF_ALL		(VF(V_INET) | VF(V_INET6) | VF(V_SMC4) | VF(V_SMC6) | \
			 VF(V_IPSMC4) | VF(V_IPSMC6))
#define VF_DEFAULT	(VF(V_INET) | VF(V_INET6) | VF(V_SMC4) | VF(V_SMC6))
#define VF_V6		(VF(V_INET6) | VF(V_SMC6) | VF(V_IPSMC6))
#define VF_IPSMC	(VF(V_IPSMC4) | VF(V_IPSMC6))
#define VF_SMC		(VF(V_SMC4) | VF(V_SMC6))

/* case flags (besides the variant mask) */
#define CF_NOCMP	(1u << 8)	/* variants not compared: CHECKs only */
#define CF_NOXFAM	(1u << 9)	/* don't compare inet6 with inet */

struct ctx {
	const struct variant *v;
	int vid;
	int verbose;
};

typedef void (*case_fn)(struct ctx *c);

struct tcase {
	const char *name;
	case_fn fn;
	unsigned int flags;	/* VF_* mask | CF_* */
	int timeout;		/* seconds, before scaling */
	const char *desc;
};

/* ---- harness.c: observation log ---- */
void obs(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* a line that may legitimately differ between IPv4 and IPv6 */
void obs_af(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* log "what = ret" or "what = -1 ENAME"; returns ret with errno kept */
long R(struct ctx *c, const char *what, long ret);
/* like R() but as a family-specific line */
long R_af(struct ctx *c, const char *what, long ret);
void check_fail(struct ctx *c, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
#define KNOWN_DIFF_PREFIX "KNOWN-DIFFERENCE:"
void known_diff(struct ctx *c, const char *why) __attribute__((noreturn));
int smc_sol_socket_inet_only(struct ctx *c);
int ipsmc_zerocopy_refused(struct ctx *c);
void fatal_at(struct ctx *c, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5), noreturn));

#define CHECK(c, cond, ...) do { \
	if (!(cond)) \
		check_fail((c), __FILE__, __LINE__, __VA_ARGS__); \
} while (0)
#define FATAL(c, ...)	fatal_at((c), __FILE__, __LINE__, __VA_ARGS__)
/* setup steps that are not under test: die loudly if they fail */
#define MUST(c, expr) do { \
	if ((long)(expr) < 0) \
		FATAL((c), "%s: %s", #expr, ename(errno)); \
} while (0)

const char *ename(int err);
const char *evstr(unsigned int ev);
const char *tcpstate(int st);

/* global knobs */
extern double timeout_scale;
int T(int ms);				/* a wait for something expected */
double now_ms(void);
void msleep(int ms);

/* ---- helpers.c: sockets of a variant ---- */
enum addr_kind { A_LOOP, A_ANY };
int vsocket(struct ctx *c, int type_flags);
int tsocket(struct ctx *c, int type_flags);	/* plain TCP, same af */
socklen_t mkaddr(struct ctx *c, struct sockaddr_storage *ss,
		 enum addr_kind kind, int port);
socklen_t sa_len_of(int af);
int sock_port(int fd);
int vlistener(struct ctx *c, int backlog, int *port);
int tlistener(struct ctx *c, int backlog, int *port);
int vconnect_to(struct ctx *c, int port);
int tconnect_to(struct ctx *c, int port);
void vpair(struct ctx *c, int *cli, int *srv);
void pair_from(struct ctx *c, int lfd, int port, int client_is_smc,
	       int *cli, int *srv);
void obs_name(struct ctx *c, const char *what, int fd, int peer, int lport);
void obs_sa(struct ctx *c, const char *what, const struct sockaddr *sa,
	    socklen_t len, int lport);
int getint(int fd, int level, int opt, int *val);
void obs_get(struct ctx *c, const char *what, int fd, int level, int opt);
void obs_set(struct ctx *c, const char *what, int fd, int level, int opt,
	     int val);
void obs_get_af(struct ctx *c, const char *what, int fd, int level, int opt);
void obs_set_af(struct ctx *c, const char *what, int fd, int level, int opt,
		int val);
int tcp_state(int fd);
void obs_state(struct ctx *c, const char *what, int fd);
void obs_poll(struct ctx *c, const char *what, int fd, short events, int ms);
unsigned int wait_ev(int fd, short events, int ms);
int inq(int fd);
int outq(int fd);
int wait_inq(int fd, int n, int ms);
int wait_outq_zero(int fd, int ms);
void obs_fl(struct ctx *c, const char *what, int fd);
ssize_t send_all(int fd, const void *buf, size_t n);
ssize_t recv_exact(int fd, void *buf, size_t n, int ms);
void obs_recv_str(struct ctx *c, const char *what, int fd, size_t n, int flags);
int close_q(int fd);
void set_nonblock(int fd, int on);
void set_timeo(int fd, int opt, int ms);

/* threads */
struct thr { pthread_t t; int started; };
void thr_start(struct ctx *c, struct thr *t, void *(*fn)(void *), void *arg);
void thr_join(struct thr *t);

/* ---- data.c: streams, checksums, transfers ---- */
uint64_t prng_next(uint64_t *s);
void stream_fill(uint64_t seed, uint64_t off, unsigned char *p, size_t n);
struct hash { uint64_t h; uint64_t n; unsigned char carry[8]; int nc; };
void hash_init(struct hash *h);
void hash_update(struct hash *h, const void *p, size_t n);
uint64_t hash_final(const struct hash *h);
uint64_t stream_hash(uint64_t seed, uint64_t len);

struct xfer_res {
	uint64_t sent, rcvd;
	uint64_t tx_hash, rx_hash;
	int tx_err, rx_err;	/* errno of a failed call, or 0 */
	int mismatch;		/* received bytes differ from the stream */
};
/* send len bytes of stream(seed) on fd with random chunking/APIs */
void xfer_send(int fd, uint64_t seed, uint64_t len, uint64_t chunk_seed,
	       struct xfer_res *r, int shut_wr);
/* receive until EOF or len bytes; verifies against stream(seed) */
void xfer_recv(int fd, uint64_t seed, uint64_t len, uint64_t chunk_seed,
	       struct xfer_res *r);
/* full-duplex transfer a->b (len_ab) and b->a (len_ba); logs totals */
void duplex(struct ctx *c, const char *what, int a, int b, uint64_t len_ab,
	    uint64_t len_ba, uint64_t seed);

/* ---- case table (conform.c) ---- */
extern const struct tcase cases[];
extern const int ncases;

/* case bodies */
#define CASE(n) void n(struct ctx *c)
CASE(c_socket_basic);
CASE(c_so_domain);
CASE(c_bind_port0);
CASE(c_bind_addrinuse);
CASE(c_bind_reuseaddr_tw);
CASE(c_bind_reuseport);
CASE(c_bind_twice);
CASE(c_bind_badaddr);
CASE(c_connect_badaddr);
CASE(c_listen_accept);
CASE(c_accept4_flags);
CASE(c_accept_nonblock);
CASE(c_connect_blocking);
CASE(c_connect_nonblock);
CASE(c_connect_refused);
CASE(c_connect_refused_nb);
CASE(c_connect_timeout);
CASE(c_connect_unspec);
CASE(c_send_unconnected);
CASE(c_io_apis);
CASE(c_recv_peek);
CASE(c_dontwait);
CASE(c_waitall);
CASE(c_oob);
CASE(c_oob_inline);
CASE(c_nosignal);
CASE(c_shut_wr);
CASE(c_shut_rd);
CASE(c_shut_rdwr);
CASE(c_shut_unconnected);
CASE(c_shut_listener);
CASE(c_shut_wakes_recv);
CASE(c_close_unread);
CASE(c_linger);
CASE(c_poll_select);
CASE(c_epoll_lt);
CASE(c_epoll_et);
CASE(c_epoll_rdhup);
CASE(c_poll_hup);
CASE(c_getname);
CASE(c_opt_socket);
CASE(c_opt_inet_only);
CASE(c_opt_bufs);
CASE(c_opt_timeo);
CASE(c_opt_rcvlowat);
CASE(c_opt_inherit);
CASE(c_opt_bad);
CASE(c_tcp_nodelay_cork);
CASE(c_tcp_keepalive);
CASE(c_tcp_maxseg);
CASE(c_tcp_info);
CASE(c_tcp_misc);
CASE(c_ip_opts);
CASE(c_ioctl);
CASE(c_sendfile);
CASE(c_splice_in);
CASE(c_splice_out);
CASE(c_data_sizes);
CASE(c_data_16m);
CASE(c_data_64conn);
CASE(c_v4mapped);
CASE(c_smc_create);
CASE(c_interop_smc_cli);
CASE(c_interop_smc_srv);

/* more helpers (helpers.c) */
unsigned int wait_mask(int fd, short events, unsigned int need, int ms);
void obs_poll_need(struct ctx *c, const char *what, int fd, short events,
		   unsigned int need, int ms);
int wait_state(int fd, int st, int ms);
void obs_elapsed(struct ctx *c, const char *what, double t0, int min_ms);
void obs_timeo(struct ctx *c, const char *what, int fd, int opt);
void obs_linger(struct ctx *c, const char *what, int fd);
long set_linger(struct ctx *c, int fd, int on, int secs);
void obs_sockerr(struct ctx *c, const char *what, int fd);
void count_sigpipe(void);
int sigpipe_count(void);
int closed_port(struct ctx *c, int *holder);
long vconnect_rc(struct ctx *c, const char *what, int fd, enum addr_kind k,
		 int port);
long vbind_rc(struct ctx *c, const char *what, int fd, enum addr_kind k,
	      int port);
void wait_backlog(int lfd, int n, int ms);
int accept_w(int l, struct sockaddr *a, socklen_t *len, int flags);
void install_interrupter(void);
int thr_join_timeout(struct thr *t, int ms);

#endif
