// SPDX-License-Identifier: GPL-2.0
/*
 * af_smc.c - the AF_SMC socket: creation, release, connect, poll, and the
 * proto_ops shared by SMCPROTO_SMC (IPv4) and SMCPROTO_SMC6 (IPv6).
 *
 * Every AF_SMC socket owns an internal kernel TCP socket of the matching IP
 * family, the clcsock. The SMC rendezvous runs over it (handshake.c;
 * listeners in listen.c), and a connection that does not use SMC-R stays
 * on it as plain TCP (fallback, fallback.c). Until the handshake has
 * decided, send and receive wait for it. A connection that uses SMC-R
 * (smc_sock_smcr()) moves its data by RDMA: tx.c, rx.c, cdc.c, close.c.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/compat.h>
#include <linux/module.h>
#include <linux/net.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/splice.h>
#include <linux/tcp.h>
#include <net/inet_common.h>
#include <net/sock.h>

#include "smc.h"
#include "clcsock.h"
#include "close.h"
#include "fallback.h"
#include "handshake.h"
#include "listen.h"
#include "memacct.h"
#include "netns.h"
#include "objcount.h"
#include "rx.h"
#include "tx.h"
#include "stats.h"
#include "sysctl.h"

/* every live struct smc_sock, for debugfs; protected by smc_socks_lock */
static LIST_HEAD(smc_socks);
static DEFINE_SPINLOCK(smc_socks_lock);

static struct proto smc_proto = {
	.name		= "SMC",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc_sock),
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
	SMC_PROTO_MEMACCT,
};

static struct proto smc_proto6 = {
	.name		= "SMC6",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc_sock),
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
	SMC_PROTO_MEMACCT,
};

static const struct proto_ops smc_sock_ops, smc_sock_ops_nopeek;

/**
 * smc_clcsock_release() - release the clcsock
 * @smc: the AF_SMC socket; it goes on without a clcsock until freed
 * @in_hs_work: called from @smc's own handshake work
 *
 * Closes the TCP connection as TCP's close() does.
 */
void smc_clcsock_release(struct smc_sock *smc, bool in_hs_work)
{
	struct socket *clc = smc->clcsock;

	if (!clc)
		return;
	smc_clcsock_unhook(smc, SMC_CLC_HOOK_ALL);
	/* the handshake uses the clcsock: it must be done */
	if (!in_hs_work && cancel_work_sync(&smc->hs_work))
		sock_put(&smc->sk);
	/* take back our file (smc_fback_clc()): TCP frees its own inode */
	WRITE_ONCE(clc->file, NULL);
	/* An SMC-R socket's clcsock goes in close_work, which may run while
	 * smc_release() still ends in release_sock(): our release_cb reads
	 * the pointer under our sock's spinlock, so clear it under that lock
	 * before the clcsock goes.
	 */
	spin_lock_bh(&smc->sk.sk_lock.slock);
	smc->clcsock = NULL;
	spin_unlock_bh(&smc->sk.sk_lock.slock);
	sock_release(clc);
	smc_obj_dec(SMC_OBJ_CLCSOCK);
}

static void smc_sk_destruct(struct sock *sk)
{
	struct smc_sock *smc = smc_sk(sk);

	WARN_ON_ONCE(smc->clcsock);
	spin_lock_bh(&smc_socks_lock);
	list_del(&smc->node);
	spin_unlock_bh(&smc_socks_lock);
	smc_obj_dec(SMC_OBJ_SOCK);
}

/* the fields of a new sock that every kind of SMC socket starts with */
static void smc_sock_setup(struct sock *sk, struct socket *sock, int protocol)
{
	struct smc_sock *smc = smc_sk(sk);

	sk->sk_type = SOCK_STREAM;
	sk->sk_protocol = protocol;
	sk->sk_destruct = smc_sk_destruct;
	smc_hs_init_sock(smc);
	smc_conn_init(smc);
	smc->limit_hs = smc_sysctl_limit_hs(sock_net(sk));
	INIT_LIST_HEAD(&smc->accept_q);
	INIT_LIST_HEAD(&smc->accept_node);
#ifdef COMPAT_HAVE_CUSTOM_SOCKOPT
	/* let setsockopt(SOL_SOCKET) reach smc_fback_setsockopt() */
	if (sock)
		set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
	smc_obj_inc(SMC_OBJ_SOCK);
	spin_lock_bh(&smc_socks_lock);
	list_add_tail(&smc->node, &smc_socks);
	spin_unlock_bh(&smc_socks_lock);
}

/**
 * smc_sock_alloc() - allocate an AF_SMC sock
 * @net: its network namespace
 * @sock: its struct socket, or NULL for a listener's child (see
 *	smc_sock_graft())
 * @protocol: SMCPROTO_SMC or SMCPROTO_SMC6
 * @kern: a kernel socket (no reference on @net)
 *
 * Return: the new socket with one reference, or NULL.
 */
struct smc_sock *smc_sock_alloc(struct net *net, struct socket *sock,
				int protocol, bool kern)
{
	struct proto *prot;
	struct sock *sk;

	prot = protocol == SMCPROTO_SMC6 ? &smc_proto6 : &smc_proto;
	sk = sk_alloc(net, PF_SMC, GFP_KERNEL, prot, kern);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
	smc_sock_setup(sk, sock, protocol);
	return smc_sk(sk);
}

/**
 * smc_sock_alloc_child() - allocate a listener's child
 * @lsk: the listening socket: AF_SMC, or AF_INET/AF_INET6 with IPPROTO_SMC
 *
 * The child has the listener's family, protocol and struct proto, so that
 * accept() hands out the same kind of socket as the listener is.
 *
 * Return: the new socket with one reference, or NULL.
 */
struct smc_sock *smc_sock_alloc_child(const struct sock *lsk)
{
	struct sock *sk;

	if (lsk->sk_family == PF_SMC)
		return smc_sock_alloc(sock_net(lsk), NULL, lsk->sk_protocol,
				      !lsk->sk_net_refcnt);
	sk = sk_alloc(sock_net(lsk), lsk->sk_family, GFP_KERNEL, lsk->sk_prot,
		      !lsk->sk_net_refcnt);
	if (!sk)
		return NULL;
	sock_init_data(NULL, sk);
	smc_inet_sock_prepare(sk);
	smc_sock_setup(sk, NULL, lsk->sk_protocol);
	return smc_sk(sk);
}

/**
 * smc_clcsock_adopt() - give a clcsock to its AF_SMC socket
 * @smc: the AF_SMC socket
 * @clcsock: the TCP socket; released by smc_clcsock_release()
 */
void smc_clcsock_adopt(struct smc_sock *smc, struct socket *clcsock)
{
	smc->clcsock = clcsock;
	smc_obj_inc(SMC_OBJ_CLCSOCK);
}

/**
 * smc_sock_graft() - attach an accepted child to its struct socket
 * @smc: the child, its handshake done
 * @sock: the socket accept() returns
 */
void smc_sock_graft(struct smc_sock *smc, struct socket *sock)
{
	sock_graft(&smc->sk, sock);
	sock->state = SS_CONNECTED;
#ifdef COMPAT_HAVE_CUSTOM_SOCKOPT
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
	smc_fback_inherit_opts(smc);
	if (smc_sock_smcr(smc))
		return;		/* TCP's errors and state are not ours */
	smc_clcsock_hook(smc, SMC_CLC_HOOK_ERR);
	smc_fback_sync_err(smc);
	smc_fback_sync_state(smc);
}

/**
 * smc_sock_drop() - free a socket that never got a struct socket
 * @smc: a listener's child that accept() did not take
 * @in_hs_work: called from the child's own handshake work
 */
void smc_sock_drop(struct smc_sock *smc, bool in_hs_work)
{
	/* a handshake that is still to run must not start SMC-R under us */
	if (!in_hs_work && cancel_work_sync(&smc->hs_work))
		sock_put(&smc->sk);
	if (smc->conn.started)
		smc_close_release(smc);	/* close_work releases the clcsock */
	else
		smc_clcsock_release(smc, in_hs_work);
	sock_put(&smc->sk);
}

/* the clcsock of a new socket, of IP family @family */
static int smc_clcsock_create(struct net *net, int family, bool kern,
			      struct socket **clcsock)
{
	return __sock_create(net, family, SOCK_STREAM, IPPROTO_TCP, clcsock,
			     kern);
}

/* a new socket's clcsock is in place: the rest of a TCP socket's start */
static void smc_sock_created(struct smc_sock *smc, struct socket *clcsock)
{
	smc_clcsock_adopt(smc, clcsock);
	/* start from TCP's default buffer sizes, as a TCP socket would */
	smc_fback_sync_opts(smc);
	smc_net_count(sock_net(&smc->sk), SMC_NET_SOCK_CREATED);
}

static int smc_create(struct net *net, struct socket *sock, int protocol,
		      int kern)
{
	struct socket *clcsock;
	struct smc_sock *smc;
	int family, rc;

	if (sock->type != SOCK_STREAM)
		return -ESOCKTNOSUPPORT;
	if (protocol != SMCPROTO_SMC && protocol != SMCPROTO_SMC6)
		return -EPROTONOSUPPORT;
	family = protocol == SMCPROTO_SMC6 ? PF_INET6 : PF_INET;

	sock->state = SS_UNCONNECTED;
	sock->ops = inet_stream_ops.set_peek_off ? &smc_sock_ops :
						   &smc_sock_ops_nopeek;
	rc = smc_clcsock_create(net, family, kern, &clcsock);
	if (rc)
		return rc;
	smc = smc_sock_alloc(net, sock, protocol, kern);
	if (!smc) {
		sock_release(clcsock);
		return -ENOBUFS;
	}
	smc_sock_created(smc, clcsock);
	return 0;
}

/**
 * smc_sock_inet_init() - struct proto init of an IPPROTO_SMC socket
 * @sk: the sock inet_create() or inet6_create() allocated and filled in
 *
 * inet_create() has set @sk up as an inet_sock of family AF_INET or
 * AF_INET6 with protocol IPPROTO_SMC and made our proto_ops the socket's;
 * this turns @sk into an SMC socket with a clcsock of the same family.
 * On failure the caller releases @sk (sk_common_release()), with the
 * inet destructor still in place.
 *
 * Return: 0 or a negative errno.
 */
int smc_sock_inet_init(struct sock *sk)
{
	struct socket *clcsock;
	int rc;

	smc_inet_sock_prepare(sk);
	rc = smc_clcsock_create(sock_net(sk), sk->sk_family,
				!sk->sk_net_refcnt, &clcsock);
	if (rc)
		return rc;
	smc_sock_setup(sk, sk->sk_socket, sk->sk_protocol);
	smc_sock_created(smc_sk(sk), clcsock);
	return 0;
}

/**
 * smc_sock_inet_destroy() - struct proto destroy of an IPPROTO_SMC socket
 * @sk: the sock
 *
 * Only sk_common_release() calls it, when inet_create() gives up on a
 * socket after smc_sock_inet_init() (a cgroup BPF program refused it); our
 * own release does not go through struct proto.
 */
void smc_sock_inet_destroy(struct sock *sk)
{
	struct smc_sock *smc = smc_sk(sk);

	if (sk->sk_destruct == smc_sk_destruct)
		smc_clcsock_release(smc, false);
}

static int smc_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc;
	bool listening;

	if (!sk)
		return 0;
	smc = smc_sk(sk);
	lock_sock(sk);
	listening = sk->sk_state == TCP_LISTEN;
	sk->sk_state = TCP_CLOSE;
	release_sock(sk);
	if (listening)
		smc_listen_stop(smc);
	/* a handshake that is still to run must not start SMC-R under us */
	if (cancel_work_sync(&smc->hs_work))
		sock_put(sk);
	if (smc->conn.started && !smc->conn.detached) {
		/* the connection ends later; close_work releases the clcsock */
		smc_close_release(smc);
	} else if (smc->clcsock) {
		/* SO_LINGER and friends must reach TCP before it closes */
		smc_fback_sync_opts(smc);
		smc_clcsock_release(smc, false);
	}

	lock_sock(sk);
	sk->sk_shutdown = SHUTDOWN_MASK;
	sock_orphan(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static int smc_connect(struct socket *sock, struct sockaddr *addr, int len,
		       int flags)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	struct sock *sk = sock->sk;
	long timeo;
	int rc;

	smc_fback_sync_opts(smc);
	/* a failed attempt may still be finishing its bookkeeping */
	if (READ_ONCE(smc->hs_state) == SMC_HS_CONNECTING &&
	    READ_ONCE(clc->sk->sk_state) == TCP_CLOSE) {
		timeo = MAX_SCHEDULE_TIMEOUT;
		rc = smc_hs_wait(smc, &timeo);
		if (rc)
			return rc;
	}
	if (len >= sizeof(addr->sa_family) && addr->sa_family == AF_UNSPEC) {
		bool smcr = smc_sock_smcr(smc);

		/* a disconnect: nothing to negotiate; TCP resets first */
		rc = clc->ops->connect(clc, addr, len, flags);
		if (!rc && smcr)
			smc_close_disconnect(smc);
		lock_sock(sk);
		smc_hs_disconnected(smc);
		release_sock(sk);
		goto out;
	}
	lock_sock(sk);
	smc_hs_connect_start(smc);
	release_sock(sk);

	rc = clc->ops->connect(clc, addr, len, flags);
	if ((rc == 0 || rc == -EISCONN) &&
	    READ_ONCE(smc->hs_state) == SMC_HS_CONNECTING) {
		timeo = sock_sndtimeo(sk, flags & O_NONBLOCK);
		rc = smc_hs_wait(smc, &timeo);
		if (rc == -EAGAIN)
			rc = -EALREADY;
		if (!rc && smc->hs_err) {
			/* TCP was aborted: report the error once, like TCP */
			rc = smc->hs_err;
			sock_error(clc->sk);
		}
	} else if (rc && rc != -EINPROGRESS && rc != -EALREADY) {
		smc_hs_connect_abort(smc);
	}
out:
	if (smc_sock_smcr(smc))
		return rc;	/* state and errors are the connection's */
	smc_fback_sync_err(smc);
	smc_fback_sync_state(smc);
	return rc;
}

#ifdef COMPAT_ACCEPT_ARG
static int smc_accept(struct socket *sock, struct socket *newsock,
		      struct proto_accept_arg *arg)
{
	bool empty = false;
	int rc;

	rc = smc_listen_accept(sock, newsock, arg->flags, &empty);
	arg->is_empty = empty;
	return rc;
}
#else
static int smc_accept(struct socket *sock, struct socket *newsock, int flags,
		      bool kern)
{
	return smc_listen_accept(sock, newsock, flags, NULL);
}
#endif

static __poll_t smc_poll(struct file *file, struct socket *sock,
			 poll_table *wait)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	__poll_t mask;

	/* Wait on both queues: ours for the handshake and the accept queue,
	 * TCP's (through its poll) for everything in fallback mode. epoll
	 * registers the queues only once, so both are always registered.
	 */
	sock_poll_wait(file, sock, wait);
	if (READ_ONCE(sock->sk->sk_state) == TCP_LISTEN) {
		clc->ops->poll(file, clc, wait);
		return smc_listen_poll(smc);
	}
	/* an SMC-R connection wakes our queue only */
	if (smc_sock_smcr(smc))
		return smc_rx_poll(smc);
	mask = smc_fback_poll(file, sock, wait);
	if (READ_ONCE(smc->hs_state) == SMC_HS_CONNECTING)
		return 0;
	return mask;
}

static int smc_shutdown(struct socket *sock, int how)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	bool listening = READ_ONCE(sock->sk->sk_state) == TCP_LISTEN;
	int rc;

	if (smc_sock_smcr(smc))
		return smc_close_shutdown(smc, how);
	rc = smc_fback_shutdown(sock, how);
	if (listening && READ_ONCE(sock->sk->sk_state) != TCP_LISTEN)
		smc_listen_stop(smc);
	return rc;
}

/* Send and receive wait until the handshake has decided the mode. */
static int smc_wait_connected(struct socket *sock, long timeo)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	if (likely(READ_ONCE(smc->hs_state) != SMC_HS_CONNECTING))
		return 0;
	return smc_hs_wait(smc, &timeo);
}

static int smc_sendmsg(struct socket *sock, struct msghdr *msg, size_t len)
{
	bool nonblock = msg->msg_flags & MSG_DONTWAIT;
	int rc;

	rc = smc_wait_connected(sock, sock_sndtimeo(sock->sk, nonblock));
	if (rc)
		return rc;
	if (smc_sock_smcr(smc_sk(sock->sk)))
		return smc_tx_sendmsg(smc_sk(sock->sk), msg, len);
	return smc_fback_sendmsg(sock, msg, len);
}

static int smc_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		       int flags)
{
	int rc;

	rc = smc_wait_connected(sock, sock_rcvtimeo(sock->sk,
						    flags & MSG_DONTWAIT));
	if (rc)
		return rc;
	if (smc_sock_smcr(smc_sk(sock->sk)))
		return smc_rx_recvmsg(smc_sk(sock->sk), msg, len, flags);
	return smc_fback_recvmsg(sock, msg, len, flags);
}

static ssize_t smc_splice_read(struct socket *sock, loff_t *ppos,
			       struct pipe_inode_info *pipe, size_t len,
			       unsigned int flags)
{
	bool nonblock = flags & SPLICE_F_NONBLOCK;
	int rc;

	rc = smc_wait_connected(sock, sock_rcvtimeo(sock->sk, nonblock));
	if (rc)
		return rc;
	/* SMC-R: blocking follows the file's O_NONBLOCK only, as on TCP */
	if (smc_sock_smcr(smc_sk(sock->sk)))
		return smc_rx_splice_read(smc_sk(sock->sk), pipe, len,
					  sock->file &&
					  (sock->file->f_flags & O_NONBLOCK));
	return smc_fback_splice_read(sock, ppos, pipe, len, flags);
}

#ifdef COMPAT_HAVE_SENDPAGE
static ssize_t smc_sendpage(struct socket *sock, struct page *page,
			    int offset, size_t size, int flags)
{
	int rc;

	rc = smc_wait_connected(sock, sock_sndtimeo(sock->sk,
						    flags & MSG_DONTWAIT));
	if (rc)
		return rc;
	/* SMC-R copies anyway: through sendmsg */
	if (smc_sock_smcr(smc_sk(sock->sk)))
		return sock_no_sendpage(sock, page, offset, size, flags);
	return smc_fback_sendpage(sock, page, offset, size, flags);
}
#endif

#ifdef COMPAT_HAVE_SPLICE_EOF
static void smc_splice_eof(struct socket *sock)
{
	if (smc_sock_smcr(smc_sk(sock->sk)))
		smc_tx_flush(smc_sk(sock->sk));
	else
		smc_fback_splice_eof(sock);
}
#endif

static int smc_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	if (smc_sock_smcr(smc))
		return smc_rx_ioctl(smc, cmd, (int __user *)arg);
	return smc_fback_ioctl(sock, cmd, arg);
}

#ifdef CONFIG_COMPAT
static int smc_compat_ioctl(struct socket *sock, unsigned int cmd,
			    unsigned long arg)
{
	struct smc_sock *smc = smc_sk(sock->sk);

	if (smc_sock_smcr(smc))
		return smc_rx_ioctl(smc, cmd, compat_ptr(arg));
	return smc_fback_compat_ioctl(sock, cmd, arg);
}
#endif

static int smc_mmap(struct file *file, struct socket *sock,
		    struct vm_area_struct *vma)
{
	/* TCP's mmap is its zero-copy receive, which needs skbs */
	if (smc_sock_smcr(smc_sk(sock->sk)))
		return -ENODEV;
	return smc_fback_mmap(file, sock, vma);
}

/* SOL_SMC: the options of the SMC layer itself (SMC-R.md 10.2) */
static int smc_sol_setsockopt(struct sock *sk, int optname, sockptr_t optval,
			      unsigned int optlen)
{
	int val;

	if (optname != SMC_LIMIT_HS)
		return -ENOPROTOOPT;
	if (optlen < sizeof(int))
		return -EINVAL;
	if (copy_from_sockptr(&val, optval, sizeof(val)))
		return -EFAULT;
	lock_sock(sk);
	smc_sk(sk)->limit_hs = !!val;	/* taken by the next listen() */
	release_sock(sk);
	return 0;
}

static int smc_sol_getsockopt(struct sock *sk, int optname,
			      char __user *optval, int __user *optlen)
{
	int len, val;

	if (optname != SMC_LIMIT_HS)
		return -ENOPROTOOPT;
	if (get_user(len, optlen))
		return -EFAULT;
	if (len < (int)sizeof(int))
		return -EINVAL;
	len = sizeof(int);
	val = READ_ONCE(smc_sk(sk)->limit_hs);
	if (put_user(len, optlen) || copy_to_user(optval, &val, len))
		return -EFAULT;
	return 0;
}

static int smc_getsockopt(struct socket *sock, int level, int optname,
			  char __user *optval, int __user *optlen)
{
	if (level == SOL_SMC)
		return smc_sol_getsockopt(sock->sk, optname, optval, optlen);
	return smc_fback_getsockopt(sock, level, optname, optval, optlen);
}

static int smc_setsockopt(struct socket *sock, int level, int optname,
			  sockptr_t optval, unsigned int optlen)
{
	int rc;

	if (level == SOL_SMC)
		return smc_sol_setsockopt(sock->sk, optname, optval, optlen);
	rc = smc_fback_setsockopt(sock, level, optname, optval, optlen);
	/* a released cork (or TCP_NODELAY) pushes what it held back */
	if (!rc && level == SOL_TCP &&
	    (optname == TCP_CORK || optname == TCP_NODELAY) &&
	    smc_sock_smcr(smc_sk(sock->sk))) {
		bool cork = optname == TCP_CORK;
		int val = 0;

		/* TCP accepted it, so it holds an int; counted: a released
		 * cork, a set TCP_NODELAY
		 */
		if (!copy_from_sockptr(&val, optval, sizeof(val)) &&
		    cork == !val)
			smc_stats_event(sock_net(sock->sk),
					cork ? SMC_STATS_CORK :
					       SMC_STATS_NODELAY);
		smc_tx_flush(smc_sk(sock->sk));
	}
	return rc;
}

/* After the handshake an operation goes to the fallback implementation or,
 * in SMC-R mode, to tx.c, rx.c and close.c. Two tables differ only in
 * set_peek_off: SO_PEEK_OFF must work on AF_SMC exactly when it works on
 * TCP (Linux 6.8 and later), and the socket layer tells the two cases
 * apart by the presence of the hook.
 */
#define SMC_SOCK_OPS						\
	.owner		= THIS_MODULE,				\
	.release	= smc_release,				\
	.bind		= smc_fback_bind,			\
	.connect	= smc_connect,				\
	.socketpair	= sock_no_socketpair,			\
	.accept		= smc_accept,				\
	.getname	= smc_fback_getname,			\
	.poll		= smc_poll,				\
	.ioctl		= smc_ioctl,				\
	SMC_SOCK_OPS_COMPAT_IOCTL				\
	.gettstamp	= smc_fback_gettstamp,			\
	.listen		= smc_listen,				\
	.shutdown	= smc_shutdown,				\
	.setsockopt	= smc_setsockopt,			\
	.getsockopt	= smc_getsockopt,			\
	.sendmsg	= smc_sendmsg,				\
	.recvmsg	= smc_recvmsg,				\
	.mmap		= smc_mmap,				\
	.splice_read	= smc_splice_read,			\
	.set_rcvlowat	= smc_fback_set_rcvlowat,		\
	SMC_SOCK_OPS_SENDPAGE					\
	SMC_SOCK_OPS_SPLICE_EOF

#ifdef CONFIG_COMPAT
#define SMC_SOCK_OPS_COMPAT_IOCTL .compat_ioctl = smc_compat_ioctl,
#else
#define SMC_SOCK_OPS_COMPAT_IOCTL
#endif
#ifdef COMPAT_HAVE_SENDPAGE
#define SMC_SOCK_OPS_SENDPAGE .sendpage = smc_sendpage,
#else
#define SMC_SOCK_OPS_SENDPAGE
#endif
#ifdef COMPAT_HAVE_SPLICE_EOF
#define SMC_SOCK_OPS_SPLICE_EOF .splice_eof = smc_splice_eof,
#else
#define SMC_SOCK_OPS_SPLICE_EOF
#endif

static const struct proto_ops smc_sock_ops = {
	.family		= PF_SMC,
	SMC_SOCK_OPS
	.set_peek_off	= smc_fback_set_peek_off,
};

static const struct proto_ops smc_sock_ops_nopeek = {
	.family		= PF_SMC,
	SMC_SOCK_OPS
};

/* the same for IPPROTO_SMC sockets (inet_proto.c) */
static const struct proto_ops smc_inet_ops = {
	.family		= PF_INET,
	SMC_SOCK_OPS
	.set_peek_off	= smc_fback_set_peek_off,
};

static const struct proto_ops smc_inet_ops_nopeek = {
	.family		= PF_INET,
	SMC_SOCK_OPS
};

static const struct proto_ops smc_inet6_ops = {
	.family		= PF_INET6,
	SMC_SOCK_OPS
	.set_peek_off	= smc_fback_set_peek_off,
};

static const struct proto_ops smc_inet6_ops_nopeek = {
	.family		= PF_INET6,
	SMC_SOCK_OPS
};

/**
 * smc_inet_sock_ops() - proto_ops of an IPPROTO_SMC socket
 * @family: PF_INET or PF_INET6
 *
 * Return: the operations of the AF_SMC socket under @family's name.
 */
const struct proto_ops *smc_inet_sock_ops(int family)
{
	bool peek = inet_stream_ops.set_peek_off;

	if (family == PF_INET6)
		return peek ? &smc_inet6_ops : &smc_inet6_ops_nopeek;
	return peek ? &smc_inet_ops : &smc_inet_ops_nopeek;
}

const struct net_proto_family smc_family_ops = {
	.family	= PF_SMC,
	.owner	= THIS_MODULE,
	.create	= smc_create,
};

static const char *smc_sock_proto_name(const struct sock *sk)
{
	if (sk->sk_family == PF_INET)
		return "inet";
	if (sk->sk_family == PF_INET6)
		return "inet6";
	return sk->sk_protocol == SMCPROTO_SMC6 ? "smc6" : "smc";
}

/**
 * smc_sock_seq_show() - list every AF_SMC socket (debugfs "sockets")
 * @m: the seq_file to print to
 *
 * One line per socket: inode, network namespace inode, protocol (smc,
 * smc6, or inet/inet6 for IPPROTO_SMC sockets), state,
 * mode and fallback reason.
 */
void smc_sock_seq_show(struct seq_file *m)
{
	struct smc_sock *smc;

	seq_puts(m, "inode netns proto state mode fallback_rsn peer_diagnosis\n");
	spin_lock_bh(&smc_socks_lock);
	list_for_each_entry(smc, &smc_socks, node) {
		struct sock *sk = &smc->sk;

		seq_printf(m, "%lu %u %s %u %s 0x%08x 0x%08x\n",
			   sock_i_ino(sk), sock_net(sk)->ns.inum,
			   smc_sock_proto_name(sk),
			   READ_ONCE(sk->sk_state),
			   smc->use_fallback ? "fallback" :
			   smc->hs_state == SMC_HS_DONE ? "smcr" : "-",
			   smc->fallback_rsn, smc->peer_diagnosis);
	}
	spin_unlock_bh(&smc_socks_lock);
}

/**
 * smc_sock_for_each() - call @fn for the live sockets from position @pos
 * @pos: how many sockets of the list to skip (a dump's resume point)
 * @fn: called under the list's spinlock with bottom halves off, so it must
 *	not sleep; a negative return stops the walk before that socket
 * @arg: passed to @fn
 *
 * The sockets stay allocated while the lock is held (their destructor
 * takes it to leave the list), but may be closing.
 *
 * Return: the position to resume from.
 */
unsigned long smc_sock_for_each(unsigned long pos,
				int (*fn)(struct smc_sock *smc, void *arg),
				void *arg)
{
	struct smc_sock *smc;
	unsigned long i = 0;

	spin_lock_bh(&smc_socks_lock);
	list_for_each_entry(smc, &smc_socks, node) {
		if (i >= pos && fn(smc, arg) < 0)
			break;
		i++;
	}
	spin_unlock_bh(&smc_socks_lock);
	return i;
}

int smc_proto_init(void)
{
	int rc;

	smc_mem_init();
	rc = smc_tx_init();
	if (rc)
		return rc;
	rc = proto_register(&smc_proto, 1);
	if (rc)
		goto out_tx;
	rc = proto_register(&smc_proto6, 1);
	if (rc)
		goto out_proto;
	return 0;

out_proto:
	proto_unregister(&smc_proto);
out_tx:
	smc_tx_uninit();
	return rc;
}

void smc_proto_uninit(void)
{
	proto_unregister(&smc_proto6);
	proto_unregister(&smc_proto);
	/* waits for the connections' last work items */
	smc_tx_uninit();
}
