// SPDX-License-Identifier: GPL-2.0
/*
 * inet_proto.c - IPPROTO_SMC: socket(AF_INET or AF_INET6, SOCK_STREAM,
 * IPPROTO_SMC) makes an SMC socket, as Linux does from 6.11 on.
 *
 * We register an inet_protosw for (SOCK_STREAM, IPPROTO_SMC) with IPv4 and
 * IPv6. inet_create()/inet6_create() then allocate the sock from our
 * struct proto (struct smc_sock for IPv4; struct smc6_sock, which appends
 * the ipv6_pinfo that inet6_create() fills in, for IPv6), fill in its
 * inet_sock part (struct smc_sock starts with a union that makes room for
 * it), install our proto_ops (the AF_SMC socket's, under the inet family's
 * name) and call our proto's init, smc_sock_inet_init(), which gives the
 * sock its clcsock exactly as socket(AF_SMC) does. From then on the socket
 * is an AF_SMC socket in all but its family: addresses come from the
 * clcsock, so getsockname(), getpeername() and accept() report AF_INET or
 * AF_INET6 addresses; accept() hands out children of the listener's kind
 * (smc_sock_alloc_child()).
 *
 * Lifetime: sk_alloc() pins the module through the proto's owner and the
 * socket layer pins it through the proto_ops' owner, so the module cannot
 * go while such a socket exists. Release is our proto_ops' release, never
 * inet_release(); struct proto is consulted only by inet_create() (init,
 * and destroy/unhash if it gives up on the socket) and by sk_alloc().
 * smc_inet_uninit() unregisters the protosw entries (which waits for
 * inet_create() callers that still see them) before the protos.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/module.h>
#include <linux/net.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/sock.h>

#include "smc.h"
#include "fallback.h"
#include "inet_proto.h"
#include "memacct.h"

/* inet6_create() expects the ipv6_pinfo at the end of the object (6.1) or
 * at proto.ipv6_pinfo_offset (later kernels): both hold for this layout
 */
struct smc6_sock {
	struct smc_sock smc;
	struct ipv6_pinfo inet6;
};

static int smc_inet_hash(struct sock *sk)
{
	return 0;	/* never in an inet hash table: the clcsock is */
}

static void smc_inet_unhash(struct sock *sk)
{
}

static struct proto smc_inet_prot = {
	.name		= "SMC-INET",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc_sock),
	.init		= smc_sock_inet_init,
	.destroy	= smc_sock_inet_destroy,
	.hash		= smc_inet_hash,
	.unhash		= smc_inet_unhash,
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
	SMC_PROTO_MEMACCT,
};

static struct proto smc_inet6_prot = {
	.name		= "SMC-INET6",
	.owner		= THIS_MODULE,
	.obj_size	= sizeof(struct smc6_sock),
#ifdef COMPAT_HAVE_IPV6_PINFO_OFFSET
	.ipv6_pinfo_offset = offsetof(struct smc6_sock, inet6),
#endif
	.init		= smc_sock_inet_init,
	.destroy	= smc_sock_inet_destroy,
	.hash		= smc_inet_hash,
	.unhash		= smc_inet_unhash,
	.keepalive	= smc_fback_keepalive,
	.release_cb	= smc_fback_release_cb,
	SMC_PROTO_MEMACCT,
};

static struct inet_protosw smc_inet_protosw = {
	.type		= SOCK_STREAM,
	.protocol	= IPPROTO_SMC,
	.prot		= &smc_inet_prot,
};

static struct inet_protosw smc_inet6_protosw = {
	.type		= SOCK_STREAM,
	.protocol	= IPPROTO_SMC,
	.prot		= &smc_inet6_prot,
};

/* An IPPROTO_SMC sock has an inet family, so sock_init_data() gave its
 * locks the lockdep class of TCP sockets of that family; its clcsock's
 * lock is taken under ours, which lockdep would take for recursion.
 */
static struct lock_class_key smc_inet_slock_key[2], smc_inet_lock_key[2];

/**
 * smc_inet_sock_prepare() - the inet-specific part of an IPPROTO_SMC sock
 * @sk: a sock from inet_create() or inet6_create(), or a listener's child
 *	fresh from sk_alloc()
 *
 * Gives @sk lock classes of its own and, for IPv6, points pinet6 at its
 * ipv6_pinfo as inet6_create() does (a child never sees inet6_create()).
 * @sk must not be locked.
 */
void smc_inet_sock_prepare(struct sock *sk)
{
	int v6 = sk->sk_family == PF_INET6;

	sock_lock_init_class_and_name(sk,
				      v6 ? "slock-AF_INET6-SMC" :
					   "slock-AF_INET-SMC",
				      &smc_inet_slock_key[v6],
				      v6 ? "sk_lock-AF_INET6-SMC" :
					   "sk_lock-AF_INET-SMC",
				      &smc_inet_lock_key[v6]);
	if (v6)
		inet_sk(sk)->pinet6 =
			&container_of(smc_sk(sk), struct smc6_sock, smc)->inet6;
}

int smc_inet_init(void)
{
	int rc;

	BUILD_BUG_ON(offsetof(struct smc6_sock, inet6) !=
		     sizeof(struct smc6_sock) - sizeof(struct ipv6_pinfo));
	BUILD_BUG_ON(IPPROTO_SMC >= IPPROTO_MAX);
	smc_inet_protosw.ops = smc_inet_sock_ops(PF_INET);
	smc_inet6_protosw.ops = smc_inet_sock_ops(PF_INET6);
	rc = proto_register(&smc_inet_prot, 1);
	if (rc)
		return rc;
	rc = proto_register(&smc_inet6_prot, 1);
	if (rc)
		goto out_prot;
	inet_register_protosw(&smc_inet_protosw);
	rc = inet6_register_protosw(&smc_inet6_protosw);
	if (rc)
		goto out_protosw;
	return 0;

out_protosw:
	inet_unregister_protosw(&smc_inet_protosw);
	proto_unregister(&smc_inet6_prot);
out_prot:
	proto_unregister(&smc_inet_prot);
	return rc;
}

void smc_inet_uninit(void)
{
	/* both wait until no inet_create() can still pick our entry */
	inet6_unregister_protosw(&smc_inet6_protosw);
	inet_unregister_protosw(&smc_inet_protosw);
	proto_unregister(&smc_inet6_prot);
	proto_unregister(&smc_inet_prot);
}
