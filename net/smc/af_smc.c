// SPDX-License-Identifier: GPL-2.0
/*
 * af_smc.c - the AF_SMC socket: creation, release, accept, and the
 * proto_ops shared by SMCPROTO_SMC (IPv4) and SMCPROTO_SMC6 (IPv6).
 *
 * Every AF_SMC socket owns an internal kernel TCP socket of the matching IP
 * family, the clcsock. The SMC handshake runs over it, and a connection
 * that cannot use SMC-R stays on it as plain TCP (fallback, fallback.c).
 * This module does not negotiate SMC-R yet, so every socket starts in
 * fallback mode with reason SMC_CLC_DECL_NOSMCDEV: no SMC device is
 * available to it.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/module.h>
#include <linux/net.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <net/sock.h>

#include "smc.h"
#include "fallback.h"
#include "netns.h"
#include "objcount.h"

/* every live struct smc_sock, for debugfs; protected by smc_socks_lock */
static LIST_HEAD(smc_socks);
static DEFINE_SPINLOCK(smc_socks_lock);

static struct proto smc_proto = {
	.name		= "SMC",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc_sock),
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
};

static struct proto smc_proto6 = {
	.name		= "SMC6",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc_sock),
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
};

static const struct proto_ops smc_sock_ops;

static void smc_sk_destruct(struct sock *sk)
{
	struct smc_sock *smc = smc_sk(sk);

	spin_lock_bh(&smc_socks_lock);
	list_del(&smc->node);
	spin_unlock_bh(&smc_socks_lock);
	smc_obj_dec(SMC_OBJ_SOCK);
}

static struct smc_sock *smc_sock_alloc(struct net *net, struct socket *sock,
				       int protocol, bool kern)
{
	struct proto *prot;
	struct smc_sock *smc;
	struct sock *sk;

	prot = protocol == SMCPROTO_SMC6 ? &smc_proto6 : &smc_proto;
	sk = sk_alloc(net, PF_SMC, GFP_KERNEL, prot, kern);
	if (!sk)
		return NULL;
	sock_init_data(sock, sk);
#ifdef COMPAT_HAVE_CUSTOM_SOCKOPT
	/* let setsockopt(SOL_SOCKET) reach smc_fback_setsockopt() */
	set_bit(SOCK_CUSTOM_SOCKOPT, &sock->flags);
#endif
	sk->sk_protocol = protocol;
	sk->sk_destruct = smc_sk_destruct;
	smc = smc_sk(sk);
	smc_obj_inc(SMC_OBJ_SOCK);
	spin_lock_bh(&smc_socks_lock);
	list_add_tail(&smc->node, &smc_socks);
	spin_unlock_bh(&smc_socks_lock);
	return smc;
}

/* Give the clcsock to its AF_SMC socket, which releases it in smc_release() */
static void smc_clcsock_adopt(struct smc_sock *smc, struct socket *clcsock)
{
	smc->clcsock = clcsock;
	smc_obj_inc(SMC_OBJ_CLCSOCK);
	/* no SMC-R yet: see the comment at the top of this file */
	smc_fback_set_reason(smc, SMC_CLC_DECL_NOSMCDEV);
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
	sock->ops = &smc_sock_ops;
	rc = __sock_create(net, family, SOCK_STREAM, IPPROTO_TCP, &clcsock,
			   kern);
	if (rc)
		return rc;
	smc = smc_sock_alloc(net, sock, protocol, kern);
	if (!smc) {
		sock_release(clcsock);
		return -ENOBUFS;
	}
	smc_clcsock_adopt(smc, clcsock);
	/* start from TCP's default buffer sizes, as a TCP socket would */
	smc_fback_sync_opts(smc);
	smc_net_count(net, SMC_NET_SOCK_CREATED);
	return 0;
}

static int smc_release(struct socket *sock)
{
	struct sock *sk = sock->sk;
	struct smc_sock *smc;

	if (!sk)
		return 0;
	smc = smc_sk(sk);
	if (smc->clcsock) {
		/* SO_LINGER and friends must reach TCP before it closes */
		smc_fback_sync_opts(smc);
		smc_fback_detach(smc);
		/* take back our file (smc_fback_clc()): TCP frees its inode */
		WRITE_ONCE(smc->clcsock->file, NULL);
		sock_release(smc->clcsock);
		smc->clcsock = NULL;
		smc_obj_dec(SMC_OBJ_CLCSOCK);
	}

	lock_sock(sk);
	sk->sk_state = TCP_CLOSE;
	sk->sk_shutdown = SHUTDOWN_MASK;
	sock_orphan(sk);
	sock->sk = NULL;
	release_sock(sk);
	sock_put(sk);
	return 0;
}

static int smc_accept_prepare(struct socket *clc, struct socket **newclc)
{
	int rc;

	rc = sock_create_lite(clc->sk->sk_family, SOCK_STREAM, IPPROTO_TCP,
			      newclc);
	if (rc)
		return rc;
	(*newclc)->ops = clc->ops;
	__module_get((*newclc)->ops->owner);
	return 0;
}

/* TCP accepted @newclc (or failed with @rc): wrap it in an AF_SMC socket */
static int smc_accept_finish(struct socket *sock, struct socket *newsock,
			     struct socket *newclc, bool kern, int rc)
{
	struct smc_sock *lsmc = smc_sk(sock->sk);
	struct smc_sock *smc;

	if (rc) {
		sock_release(newclc);
		return rc;
	}
	smc = smc_sock_alloc(sock_net(sock->sk), newsock,
			     lsmc->sk.sk_protocol, kern);
	if (!smc) {
		sock_release(newclc);
		return -ENOMEM;
	}
	smc_clcsock_adopt(smc, newclc);
	smc_fback_inherit_opts(smc);
	smc_fback_attach(smc, newclc);
	smc_fback_sync_state(smc);
	smc_net_count(sock_net(sock->sk), SMC_NET_SOCK_ACCEPTED);
	return 0;
}

#ifdef COMPAT_ACCEPT_ARG
static int smc_accept(struct socket *sock, struct socket *newsock,
		      struct proto_accept_arg *arg)
{
	struct socket *clc = smc_fback_clc(sock);
	struct socket *newclc;
	int rc;

	rc = smc_accept_prepare(clc, &newclc);
	if (rc)
		return rc;
	smc_fback_sync_opts(smc_sk(sock->sk));
	rc = clc->ops->accept(clc, newclc, arg);
	return smc_accept_finish(sock, newsock, newclc, arg->kern, rc);
}
#else
static int smc_accept(struct socket *sock, struct socket *newsock, int flags,
		      bool kern)
{
	struct socket *clc = smc_fback_clc(sock);
	struct socket *newclc;
	int rc;

	rc = smc_accept_prepare(clc, &newclc);
	if (rc)
		return rc;
	smc_fback_sync_opts(smc_sk(sock->sk));
	rc = clc->ops->accept(clc, newclc, flags, kern);
	return smc_accept_finish(sock, newsock, newclc, kern, rc);
}
#endif

/* Until SMC-R connections exist every socket is in fallback mode, so the
 * operations go straight to the fallback (TCP) implementations.
 */
static const struct proto_ops smc_sock_ops = {
	.family		= PF_SMC,
	.owner		= THIS_MODULE,
	.release	= smc_release,
	.bind		= smc_fback_bind,
	.connect	= smc_fback_connect,
	.socketpair	= sock_no_socketpair,
	.accept		= smc_accept,
	.getname	= smc_fback_getname,
	.poll		= smc_fback_poll,
	.ioctl		= smc_fback_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= smc_fback_compat_ioctl,
#endif
	.gettstamp	= smc_fback_gettstamp,
	.listen		= smc_fback_listen,
	.shutdown	= smc_fback_shutdown,
	.setsockopt	= smc_fback_setsockopt,
	.getsockopt	= smc_fback_getsockopt,
	.sendmsg	= smc_fback_sendmsg,
	.recvmsg	= smc_fback_recvmsg,
	.mmap		= smc_fback_mmap,
	.splice_read	= smc_fback_splice_read,
	.set_rcvlowat	= smc_fback_set_rcvlowat,
	.set_peek_off	= smc_fback_set_peek_off,
#ifdef COMPAT_HAVE_SENDPAGE
	.sendpage	= smc_fback_sendpage,
#endif
#ifdef COMPAT_HAVE_SPLICE_EOF
	.splice_eof	= smc_fback_splice_eof,
#endif
};

const struct net_proto_family smc_family_ops = {
	.family	= PF_SMC,
	.owner	= THIS_MODULE,
	.create	= smc_create,
};

/**
 * smc_sock_seq_show() - list every AF_SMC socket (debugfs "sockets")
 * @m: the seq_file to print to
 *
 * One line per socket: inode, network namespace inode, protocol, state,
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
			   sk->sk_protocol == SMCPROTO_SMC6 ? "smc6" : "smc",
			   READ_ONCE(sk->sk_state),
			   smc->use_fallback ? "fallback" : "smcr",
			   smc->fallback_rsn, smc->peer_diagnosis);
	}
	spin_unlock_bh(&smc_socks_lock);
}

int smc_proto_init(void)
{
	int rc;

	rc = proto_register(&smc_proto, 1);
	if (rc)
		return rc;
	rc = proto_register(&smc_proto6, 1);
	if (rc)
		proto_unregister(&smc_proto);
	return rc;
}

void smc_proto_uninit(void)
{
	proto_unregister(&smc_proto6);
	proto_unregister(&smc_proto);
}
