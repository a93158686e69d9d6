// SPDX-License-Identifier: GPL-2.0
/*
 * fallback.c - AF_SMC sockets that run over their internal TCP socket.
 *
 * A socket in fallback mode must be indistinguishable from a TCP socket, so
 * every operation is handed to its clcsock. Three pieces of state live on
 * the AF_SMC sock instead of the TCP sock, because the socket layer reads
 * and writes them there without calling into the protocol:
 *
 * - SOL_SOCKET options: setsockopt(SOL_SOCKET) ends in sk_setsockopt() on
 *   our sock. smc_fback_release_cb() copies them to the TCP sock right
 *   after, smc_fback_sync_opts() before each operation that depends on them
 *   (in case TCP was busy). SO_KEEPALIVE, SO_RCVLOWAT and SO_PEEK_OFF have
 *   protocol hooks and are forwarded at once.
 * - SO_ERROR reads and clears sk_err of our sock. smc_fback_sync_err()
 *   mirrors the TCP error into it (also from the clcsock's error hook, see
 *   clcsock.c) and carries its consumption back.
 * - SO_ACCEPTCONN reads sk_state of our sock: smc_fback_sync_state().
 *
 * Locking: we may take the TCP sock's lock while holding our own (from
 * sk_setsockopt() callbacks), and the TCP sock's spinlock inside ours (from
 * the release callback), never the other way round.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/net.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "fallback.h"
#include "netns.h"
#include "stats.h"

/* sock flags that setsockopt(SOL_SOCKET) sets and TCP acts upon */
#define SMC_FBACK_SOCK_FLAGS						\
	(BIT(SOCK_DBG) | BIT(SOCK_LOCALROUTE) | BIT(SOCK_BROADCAST) |	\
	 BIT(SOCK_URGINLINE) | BIT(SOCK_LINGER) | BIT(SOCK_RCVTSTAMP) |	\
	 BIT(SOCK_RCVTSTAMPNS) | BIT(SOCK_TSTAMP_NEW) |			\
	 BIT(SOCK_RXQ_OVFL) | BIT(SOCK_WIFI_STATUS) | BIT(SOCK_NOFCS) |	\
	 BIT(SOCK_SELECT_ERR_QUEUE) | BIT(SOCK_RCVMARK))

#define SMC_FBACK_BUF_LOCKS	(SOCK_SNDBUF_LOCK | SOCK_RCVBUF_LOCK)

/**
 * smc_fback_clc() - the internal TCP socket of an AF_SMC socket
 * @sock: the AF_SMC socket
 *
 * The TCP code uses sock->file of its socket (O_NONBLOCK in splice, the
 * owner for SIGURG), so the first operation after the file exists lends our
 * file to the clcsock. smc_clcsock_release() takes it back.
 *
 * Return: the clcsock.
 */
struct socket *smc_fback_clc(struct socket *sock)
{
	struct socket *clc = smc_sk(sock->sk)->clcsock;

	if (unlikely(!READ_ONCE(clc->file)) && sock->file)
		WRITE_ONCE(clc->file, sock->file);
	return clc;
}

static bool smc_fback_opts_differ(const struct sock *sk, const struct sock *tk)
{
	if ((sk->sk_flags ^ tk->sk_flags) & SMC_FBACK_SOCK_FLAGS)
		return true;
	if (sk->sk_reuse != tk->sk_reuse ||
	    sk->sk_reuseport != tk->sk_reuseport ||
	    sk->sk_no_check_tx != tk->sk_no_check_tx)
		return true;
	if ((sk->sk_userlocks ^ tk->sk_userlocks) & SMC_FBACK_BUF_LOCKS)
		return true;
	if ((sk->sk_userlocks & SOCK_SNDBUF_LOCK) &&
	    READ_ONCE(sk->sk_sndbuf) != READ_ONCE(tk->sk_sndbuf))
		return true;
	if ((sk->sk_userlocks & SOCK_RCVBUF_LOCK) &&
	    READ_ONCE(sk->sk_rcvbuf) != READ_ONCE(tk->sk_rcvbuf))
		return true;
#ifdef CONFIG_NET_RX_BUSY_POLL
	if (READ_ONCE(sk->sk_ll_usec) != READ_ONCE(tk->sk_ll_usec))
		return true;
#endif
	return READ_ONCE(sk->sk_rcvtimeo) != READ_ONCE(tk->sk_rcvtimeo) ||
	       READ_ONCE(sk->sk_sndtimeo) != READ_ONCE(tk->sk_sndtimeo) ||
	       READ_ONCE(sk->sk_lingertime) != READ_ONCE(tk->sk_lingertime) ||
	       READ_ONCE(sk->sk_priority) != READ_ONCE(tk->sk_priority) ||
	       READ_ONCE(sk->sk_mark) != READ_ONCE(tk->sk_mark) ||
	       READ_ONCE(sk->sk_bound_dev_if) !=
			READ_ONCE(tk->sk_bound_dev_if) ||
	       READ_ONCE(sk->sk_max_pacing_rate) !=
			READ_ONCE(tk->sk_max_pacing_rate) ||
	       READ_ONCE(sk->sk_txrehash) != READ_ONCE(tk->sk_txrehash) ||
	       READ_ONCE(sk->sk_tsflags) != READ_ONCE(tk->sk_tsflags);
}

static void smc_fback_copy_opts(const struct sock *sk, struct sock *tk)
{
	bool reroute;

	tk->sk_flags = (tk->sk_flags & ~SMC_FBACK_SOCK_FLAGS) |
		       (sk->sk_flags & SMC_FBACK_SOCK_FLAGS);
	tk->sk_reuse = sk->sk_reuse;
	tk->sk_reuseport = sk->sk_reuseport;
	tk->sk_no_check_tx = sk->sk_no_check_tx;
	tk->sk_userlocks = (tk->sk_userlocks & ~SMC_FBACK_BUF_LOCKS) |
			   (sk->sk_userlocks & SMC_FBACK_BUF_LOCKS);
	if (sk->sk_userlocks & SOCK_SNDBUF_LOCK) {
		WRITE_ONCE(tk->sk_sndbuf, READ_ONCE(sk->sk_sndbuf));
		tk->sk_write_space(tk);
	}
	if (sk->sk_userlocks & SOCK_RCVBUF_LOCK)
		WRITE_ONCE(tk->sk_rcvbuf, READ_ONCE(sk->sk_rcvbuf));
#ifdef CONFIG_NET_RX_BUSY_POLL
	WRITE_ONCE(tk->sk_ll_usec, READ_ONCE(sk->sk_ll_usec));
#endif
	WRITE_ONCE(tk->sk_rcvtimeo, READ_ONCE(sk->sk_rcvtimeo));
	WRITE_ONCE(tk->sk_sndtimeo, READ_ONCE(sk->sk_sndtimeo));
	WRITE_ONCE(tk->sk_lingertime, READ_ONCE(sk->sk_lingertime));
	WRITE_ONCE(tk->sk_priority, READ_ONCE(sk->sk_priority));
	reroute = READ_ONCE(tk->sk_mark) != READ_ONCE(sk->sk_mark) ||
		  READ_ONCE(tk->sk_bound_dev_if) !=
			READ_ONCE(sk->sk_bound_dev_if);
	WRITE_ONCE(tk->sk_mark, READ_ONCE(sk->sk_mark));
	WRITE_ONCE(tk->sk_bound_dev_if, READ_ONCE(sk->sk_bound_dev_if));
	WRITE_ONCE(tk->sk_max_pacing_rate, READ_ONCE(sk->sk_max_pacing_rate));
	if (READ_ONCE(tk->sk_pacing_rate) > READ_ONCE(sk->sk_max_pacing_rate))
		WRITE_ONCE(tk->sk_pacing_rate,
			   READ_ONCE(sk->sk_max_pacing_rate));
	WRITE_ONCE(tk->sk_txrehash, READ_ONCE(sk->sk_txrehash));
	WRITE_ONCE(tk->sk_tsflags, READ_ONCE(sk->sk_tsflags));
	if (reroute)
		sk_dst_reset(tk);
}

/**
 * smc_fback_inherit_opts() - take over the options of an accepted TCP socket
 * @smc: the new AF_SMC socket
 *
 * A TCP socket returned by accept() inherits the listener's options. Copy
 * them to our sock, so that getsockopt() on the accepted AF_SMC socket
 * reads what it would read on the accepted TCP socket.
 */
void smc_fback_inherit_opts(struct smc_sock *smc)
{
	struct sock *tk = smc->clcsock->sk;
	struct sock *sk = &smc->sk;

	lock_sock(tk);
	smc_fback_copy_opts(tk, sk);
	sock_valbool_flag(sk, SOCK_KEEPOPEN, sock_flag(tk, SOCK_KEEPOPEN));
	WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(tk->sk_sndbuf));
	WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(tk->sk_rcvbuf));
	WRITE_ONCE(sk->sk_rcvlowat, READ_ONCE(tk->sk_rcvlowat));
	release_sock(tk);
}

/**
 * smc_fback_sync_opts() - apply SOL_SOCKET options to the TCP socket
 * @smc: the AF_SMC socket
 *
 * Copies what the application set with setsockopt(SOL_SOCKET) on our sock
 * to the clcsock, and the buffer sizes that TCP tuned by itself back, so
 * that getsockopt(SO_SNDBUF/SO_RCVBUF) reads what TCP would report.
 * Takes the TCP sock's lock only when something changed.
 */
void smc_fback_sync_opts(struct smc_sock *smc)
{
	struct sock *tk = smc->clcsock->sk;
	struct sock *sk = &smc->sk;

	if (smc_fback_opts_differ(sk, tk)) {
		lock_sock(tk);
		smc_fback_copy_opts(sk, tk);
		release_sock(tk);
	}
	if (!(sk->sk_userlocks & SOCK_SNDBUF_LOCK))
		WRITE_ONCE(sk->sk_sndbuf, READ_ONCE(tk->sk_sndbuf));
	if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK))
		WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(tk->sk_rcvbuf));
}

/**
 * smc_fback_release_cb() - push SOL_SOCKET options to TCP at once
 * @sk: our sock
 *
 * proto->release_cb: runs at the end of every release_sock() of our sock,
 * which includes the end of sk_setsockopt(). Called under our sk_lock.slock
 * with BHs off, so it cannot sleep: the options are copied under the TCP
 * sock's spinlock when no task owns that sock; otherwise the next operation
 * copies them (smc_fback_sync_opts()). Without this an option such as
 * SO_OOBINLINE would miss data that arrives before the next call.
 */
void smc_fback_release_cb(struct sock *sk)
{
	struct socket *clc = smc_sk(sk)->clcsock;
	struct sock *tk;

	if (!clc)
		return;
	tk = clc->sk;
	if (!smc_fback_opts_differ(sk, tk))
		return;
	bh_lock_sock(tk);
	if (!sock_owned_by_user(tk))
		smc_fback_copy_opts(sk, tk);
	bh_unlock_sock(tk);
}

/**
 * smc_fback_sync_err() - keep SO_ERROR of our sock equal to TCP's
 * @smc: the AF_SMC socket
 *
 * @smc->err_mirrored remembers the TCP error last copied into our sk_err.
 * If the application consumed it with getsockopt(SO_ERROR), TCP must forget
 * it too; if TCP consumed it (connect() or recv() returned it), SO_ERROR
 * must not report it again. A new TCP error is copied.
 */
void smc_fback_sync_err(struct smc_sock *smc)
{
	struct sock *tk = smc->clcsock->sk;
	int mirrored = READ_ONCE(smc->err_mirrored);
	struct sock *sk = &smc->sk;
	int terr, serr;

	terr = READ_ONCE(tk->sk_err);
	serr = READ_ONCE(sk->sk_err);
	if (mirrored && !serr && terr == mirrored) {
		cmpxchg(&tk->sk_err, terr, 0);
		terr = READ_ONCE(tk->sk_err);
		mirrored = 0;
	} else if (mirrored && !terr && serr == mirrored) {
		cmpxchg(&sk->sk_err, serr, 0);
		mirrored = 0;
	}
	if (terr && terr != READ_ONCE(sk->sk_err)) {
		WRITE_ONCE(sk->sk_err, terr);
		mirrored = terr;
	}
	WRITE_ONCE(smc->err_mirrored, mirrored);
}

/**
 * smc_fback_sync_state() - mirror TCP's state and shutdown bits
 * @smc: the AF_SMC socket
 */
void smc_fback_sync_state(struct smc_sock *smc)
{
	struct sock *tk = smc->clcsock->sk;

	WRITE_ONCE(smc->sk.sk_state, READ_ONCE(tk->sk_state));
	WRITE_ONCE(smc->sk.sk_shutdown, READ_ONCE(tk->sk_shutdown));
}

static void smc_fback_sync_all(struct smc_sock *smc)
{
	smc_fback_sync_err(smc);
	smc_fback_sync_state(smc);
}

/* After an option call, which SMC-R sockets make too: in SMC-R mode the
 * connection's state and errors are the SMC-R connection's (close.c), and
 * the TCP socket's, e.g. its peer's FIN, must not leak into them.
 */
static void smc_fback_sync_conn(struct smc_sock *smc)
{
	if (!smc_sock_smcr(smc))
		smc_fback_sync_all(smc);
}

/* Before a data transfer: TCP must see the current options, and an error
 * the application already read with SO_ERROR must not be returned again.
 */
static void smc_fback_data_enter(struct smc_sock *smc)
{
	smc_fback_sync_opts(smc);
	smc_fback_sync_err(smc);
}

/**
 * smc_fback_set_reason() - put a socket into fallback mode
 * @smc: the AF_SMC socket
 * @reason: why, an SMC_CLC_DECL_* code
 */
void smc_fback_set_reason(struct smc_sock *smc, u32 reason)
{
	if (!smc->use_fallback) {
		smc_net_count(sock_net(&smc->sk), SMC_NET_FALLBACK);
		smc_stats_fallback(smc, reason);
	}
	smc->use_fallback = true;
	smc->fallback_rsn = reason;
}

int smc_fback_bind(struct socket *sock, struct sockaddr *addr, int len)
{
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	smc_fback_sync_opts(smc_sk(sock->sk));
	rc = clc->ops->bind(clc, addr, len);
	smc_fback_sync_all(smc_sk(sock->sk));
	return rc;
}

int smc_fback_getname(struct socket *sock, struct sockaddr *addr, int peer)
{
	struct socket *clc = smc_fback_clc(sock);

	return clc->ops->getname(clc, addr, peer);
}

__poll_t smc_fback_poll(struct file *file, struct socket *sock,
			poll_table *wait)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	__poll_t mask;

	/* waits on the TCP socket's queue: TCP does all the wakeups */
	smc_fback_sync_err(smc);
	mask = clc->ops->poll(file, clc, wait);
	smc_fback_sync_all(smc);
	return mask;
}

int smc_fback_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct socket *clc = smc_fback_clc(sock);

	return clc->ops->ioctl(clc, cmd, arg);
}

int smc_fback_compat_ioctl(struct socket *sock, unsigned int cmd,
			   unsigned long arg)
{
#ifdef CONFIG_COMPAT
	struct socket *clc = smc_fback_clc(sock);

	if (clc->ops->compat_ioctl)
		return clc->ops->compat_ioctl(clc, cmd, arg);
#endif
	return -ENOIOCTLCMD;
}

int smc_fback_gettstamp(struct socket *sock, void __user *userstamp,
			bool timeval, bool time32)
{
	struct socket *clc = smc_fback_clc(sock);

	if (!clc->ops->gettstamp)
		return -ENOIOCTLCMD;
	return clc->ops->gettstamp(clc, userstamp, timeval, time32);
}

int smc_fback_shutdown(struct socket *sock, int how)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	smc_fback_sync_opts(smc);
	rc = clc->ops->shutdown(clc, how);
	smc_fback_sync_all(smc);
	return rc;
}

/* SOL_SOCKET reaches the protocol only on kernels with SOCK_CUSTOM_SOCKOPT,
 * which smc_sock_alloc() sets. The option goes to TCP first, so that its
 * checks and errors are TCP's (sk_setsockopt() refuses SO_REUSEPORT and
 * SO_ZEROCOPY on non-inet socks), then to our sock, where getsockopt()
 * reads it. Socket filters belong to TCP alone. The value is read from user
 * space once, so that both socks see the same value.
 */
static int smc_fback_setsockopt_socket(struct socket *sock, int optname,
				       sockptr_t optval, unsigned int optlen)
{
	struct socket *clc = smc_fback_clc(sock);
	struct sock *tk = clc->sk;
	struct sock *sk = sock->sk;
	u8 buf[64];
	int rc;

	if (optlen <= sizeof(buf) && !sockptr_is_kernel(optval)) {
		if (copy_from_sockptr(buf, optval, optlen))
			return -EFAULT;
		optval = KERNEL_SOCKPTR(buf);
	}
	rc = sock_setsockopt(clc, SOL_SOCKET, optname, optval, optlen);
	if (rc)
		return rc;
	switch (optname) {
	case SO_ATTACH_FILTER:
	case SO_ATTACH_BPF:
	case SO_DETACH_FILTER:
	case SO_LOCK_FILTER:
	case SO_ATTACH_REUSEPORT_CBPF:
	case SO_ATTACH_REUSEPORT_EBPF:
	case SO_DETACH_REUSEPORT_BPF:
		return 0;
	case SO_REUSEPORT:
		lock_sock(sk);
		sk->sk_reuseport = tk->sk_reuseport;
		release_sock(sk);
		return 0;
	case SO_ZEROCOPY:
		lock_sock(sk);
		sock_valbool_flag(sk, SOCK_ZEROCOPY,
				  sock_flag(tk, SOCK_ZEROCOPY));
		release_sock(sk);
		return 0;
	}
	/* TCP took it: our copy only serves getsockopt() */
	sock_setsockopt(sock, SOL_SOCKET, optname, optval, optlen);
	return 0;
}

int smc_fback_setsockopt(struct socket *sock, int level, int optname,
			 sockptr_t optval, unsigned int optlen)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	if (level == SOL_SOCKET)
		return smc_fback_setsockopt_socket(sock, optname, optval,
						   optlen);

	/* an upper layer protocol on the internal socket would bypass us */
	if (level == SOL_TCP && optname == TCP_ULP)
		return -EOPNOTSUPP;
	smc_fback_sync_opts(smc);
	rc = clc->ops->setsockopt(clc, level, optname, optval, optlen);
	smc_fback_sync_conn(smc);
	return rc;
}

int smc_fback_getsockopt(struct socket *sock, int level, int optname,
			 char __user *optval, int __user *optlen)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	if (!clc->ops->getsockopt)
		return -EOPNOTSUPP;
	smc_fback_sync_opts(smc);
	rc = clc->ops->getsockopt(clc, level, optname, optval, optlen);
	smc_fback_sync_conn(smc);
	return rc;
}

int smc_fback_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	smc_fback_data_enter(smc);
	rc = clc->ops->sendmsg(clc, msg, len);
	smc_fback_sync_all(smc);
	return rc;
}

int smc_fback_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		      int flags)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	int rc;

	smc_fback_data_enter(smc);
	rc = clc->ops->recvmsg(clc, msg, len, flags);
	smc_fback_sync_all(smc);
	return rc;
}

int smc_fback_mmap(struct file *file, struct socket *sock,
		   struct vm_area_struct *vma)
{
	struct socket *clc = smc_fback_clc(sock);

	if (!clc->ops->mmap)
		return -ENODEV;
	return clc->ops->mmap(file, clc, vma);
}

ssize_t smc_fback_splice_read(struct socket *sock, loff_t *ppos,
			      struct pipe_inode_info *pipe, size_t len,
			      unsigned int flags)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	ssize_t rc;

	smc_fback_data_enter(smc);
	rc = clc->ops->splice_read(clc, ppos, pipe, len, flags);
	smc_fback_sync_all(smc);
	return rc;
}

#ifdef COMPAT_HAVE_SENDPAGE
ssize_t smc_fback_sendpage(struct socket *sock, struct page *page,
			   int offset, size_t size, int flags)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	ssize_t rc;

	smc_fback_data_enter(smc);
	rc = clc->ops->sendpage(clc, page, offset, size, flags);
	smc_fback_sync_all(smc);
	return rc;
}
#endif

#ifdef COMPAT_HAVE_SPLICE_EOF
void smc_fback_splice_eof(struct socket *sock)
{
	struct socket *clc = smc_fback_clc(sock);

	if (clc->ops->splice_eof)
		clc->ops->splice_eof(clc);
}
#endif

/* called by sk_setsockopt(SO_PEEK_OFF) with our sock locked; TCP supports
 * SO_PEEK_OFF from Linux 6.8 on, before that this fails as it does on TCP
 */
int smc_fback_set_peek_off(struct sock *sk, int val)
{
	struct socket *clc = smc_sk(sk)->clcsock;
	int rc;

	if (!clc->ops->set_peek_off)
		return -EOPNOTSUPP;
	lock_sock(clc->sk);
	rc = clc->ops->set_peek_off(clc->sk, val);
	release_sock(clc->sk);
	if (!rc)
		WRITE_ONCE(sk->sk_peek_off, val);
	return rc;
}

/* called by sk_setsockopt(SO_RCVLOWAT) with our sock locked */
int smc_fback_set_rcvlowat(struct sock *sk, int val)
{
	struct socket *clc = smc_sk(sk)->clcsock;
	struct sock *tk = clc->sk;
	int rc = 0;

	lock_sock(tk);
	if (clc->ops->set_rcvlowat)
		rc = clc->ops->set_rcvlowat(tk, val);
	else
		WRITE_ONCE(tk->sk_rcvlowat, val ? : 1);
	release_sock(tk);
	if (!rc) {
		WRITE_ONCE(sk->sk_rcvlowat, val ? : 1);
		/* TCP may have grown its receive buffer to hold @val */
		if (!(sk->sk_userlocks & SOCK_RCVBUF_LOCK))
			WRITE_ONCE(sk->sk_rcvbuf, READ_ONCE(tk->sk_rcvbuf));
	}
	return rc;
}

/* proto->keepalive: called by sk_setsockopt(SO_KEEPALIVE), our sock locked */
void smc_fback_keepalive(struct sock *sk, int valbool)
{
	struct sock *tk = smc_sk(sk)->clcsock->sk;

	lock_sock(tk);
	if (tk->sk_prot->keepalive)
		tk->sk_prot->keepalive(tk, valbool);
	sock_valbool_flag(tk, SOCK_KEEPOPEN, valbool);
	release_sock(tk);
}
