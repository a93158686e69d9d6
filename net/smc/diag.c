// SPDX-License-Identifier: GPL-2.0
/*
 * diag.c - sock_diag for AF_SMC: the NETLINK_SOCK_DIAG dump that ss(8)
 * and smc-tools use to list SMC sockets, in upstream's message format
 * (include/uapi/linux/af_smc_diag.h). Upstream serves it from a separate
 * module, smc_diag.ko; af_smc serves it itself. smc_diag.ko needs the
 * distribution's smc.ko, which cannot be loaded next to af_smc, so the two
 * handlers never compete for the family.
 *
 * A dump walks the list of live sockets (af_smc.c) under its spinlock and
 * reports those of the requester's network namespace. The position in the
 * list is kept in cb->args[0] between the parts of a long dump.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/inet_diag.h>
#include <linux/sock_diag.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <uapi/linux/af_smc_diag.h>

#include "diag.h"
#include "lgr.h"
#include "smc.h"

/**
 * struct smc_diag_dump_ctx - one part of a dump
 * @skb: the message buffer of this part
 * @cb: the dump's state
 * @req: the request
 * @net: the requester's network namespace
 */
struct smc_diag_dump_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	const struct smc_diag_req *req;
	struct net *net;
};

static bool smc_diag_wants(const struct smc_diag_req *req, int attr)
{
	return req->diag_ext & (1U << (attr - 1));
}

/* a GID as eight groups of four hex digits, as upstream prints it */
static void smc_diag_gid(u8 *out, const u8 *gid)
{
	const __be16 *w = (const __be16 *)gid;

	snprintf(out, SMC_DIAG_GID_LEN, "%04x:%04x:%04x:%04x:%04x:%04x:%04x:%04x",
		 be16_to_cpu(w[0]), be16_to_cpu(w[1]), be16_to_cpu(w[2]),
		 be16_to_cpu(w[3]), be16_to_cpu(w[4]), be16_to_cpu(w[5]),
		 be16_to_cpu(w[6]), be16_to_cpu(w[7]));
}

/* addresses and ports of the internal TCP socket; the cookie is ours */
static void smc_diag_sockid(struct smc_sock *smc, struct smc_diag_msg *r)
{
	struct sock *sk = &smc->sk;
	struct sock *csk;

	sock_diag_save_cookie(sk, r->id.idiag_cookie);
	/* the clcsock is cleared under this lock before it is released */
	spin_lock(&sk->sk_lock.slock);
	csk = smc->clcsock ? smc->clcsock->sk : NULL;
	if (csk) {
		r->id.idiag_sport = htons(inet_sk(csk)->inet_num);
		r->id.idiag_dport = inet_sk(csk)->inet_dport;
		r->id.idiag_if = READ_ONCE(csk->sk_bound_dev_if);
		if (csk->sk_family == AF_INET) {
			r->id.idiag_src[0] = inet_sk(csk)->inet_rcv_saddr;
			r->id.idiag_dst[0] = inet_sk(csk)->inet_daddr;
#if IS_ENABLED(CONFIG_IPV6)
		} else if (csk->sk_family == AF_INET6) {
			memcpy(r->id.idiag_src, &csk->sk_v6_rcv_saddr,
			       sizeof(r->id.idiag_src));
			memcpy(r->id.idiag_dst, &csk->sk_v6_daddr,
			       sizeof(r->id.idiag_dst));
#endif
		}
	}
	spin_unlock(&sk->sk_lock.slock);
}

static void smc_diag_cursor(struct smc_diag_cursor *d,
			    const struct smc_cursor *c)
{
	d->reserved = 0;
	d->wrap = c->wrap;
	d->count = c->count;
}

/* SMC_DIAG_CONNINFO and SMC_DIAG_LGRINFO, under the connection's lock:
 * the link group and link stay while the connection is neither freed nor
 * killed (close.c frees under the same lock).
 */
static int smc_diag_conn(struct smc_sock *smc, struct sk_buff *skb,
			 const struct smc_diag_req *req)
{
	bool want_conn = smc_diag_wants(req, SMC_DIAG_CONNINFO);
	bool want_lgr = smc_diag_wants(req, SMC_DIAG_LGRINFO);
	struct smc_conn *c = &smc->conn;
	struct smc_diag_conninfo ci;
	struct smc_diag_lgrinfo li;
	bool have_conn, have_lgr;

	if (!want_conn && !want_lgr)
		return 0;
	memset(&ci, 0, sizeof(ci));
	memset(&li, 0, sizeof(li));
	spin_lock(&c->lock);
	have_conn = want_conn && c->started && !c->freed && c->lgr;
	if (have_conn) {
		ci.token = c->token;
		ci.sndbuf_size = c->sndbuf_size;
		ci.rmbe_size = c->rmbe_size;
		ci.peer_rmbe_size = c->peer_rmbe_size;
		smc_diag_cursor(&ci.rx_prod, &c->rx_prod);
		smc_diag_cursor(&ci.rx_cons, &c->tx_peer_cons);
		smc_diag_cursor(&ci.tx_prod, &c->tx_prod);
		smc_diag_cursor(&ci.tx_cons, &c->rx_cons_sent);
		ci.rx_prod_flags = c->rx_prod_flags;
		ci.rx_conn_state_flags = c->rx_conn_flags;
		ci.tx_prod_flags = c->tx_prod_flags;
		ci.tx_conn_state_flags = c->tx_conn_flags;
		smc_diag_cursor(&ci.tx_prep, &c->tx_prep);
		smc_diag_cursor(&ci.tx_sent, &c->tx_sent);
		smc_diag_cursor(&ci.tx_fin, &c->tx_fin);
	}
	have_lgr = want_lgr && c->started && !c->freed && !c->killed &&
		   c->lgr && c->lnk && c->lnk->sel.dev;
	if (have_lgr) {
		struct smc_link *lnk = c->lnk;

		li.role = c->lgr->role;
		li.lnk[0].link_id = lnk->link_id;
		li.lnk[0].ibport = lnk->sel.port;
		strscpy(li.lnk[0].ibname, dev_name(&lnk->sel.dev->ibdev->dev),
			sizeof(li.lnk[0].ibname));
		smc_diag_gid(li.lnk[0].gid, lnk->sel.gid);
		smc_diag_gid(li.lnk[0].peer_gid, lnk->peer_gid);
	}
	spin_unlock(&c->lock);
	if (have_conn && nla_put(skb, SMC_DIAG_CONNINFO, sizeof(ci), &ci))
		return -EMSGSIZE;
	if (have_lgr && nla_put(skb, SMC_DIAG_LGRINFO, sizeof(li), &li))
		return -EMSGSIZE;
	return 0;
}

/* one socket; runs under the socket list's spinlock */
static int smc_diag_fill(struct smc_sock *smc, void *arg)
{
	struct smc_diag_dump_ctx *ctx = arg;
	struct netlink_callback *cb = ctx->cb;
	struct sk_buff *skb = ctx->skb;
	struct sock *sk = &smc->sk;
	struct smc_diag_fallback fb;
	struct smc_diag_msg *r;
	struct nlmsghdr *nlh;
	bool fallback;

	if (!net_eq(sock_net(sk), ctx->net))
		return 0;
	nlh = nlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			SOCK_DIAG_BY_FAMILY, sizeof(*r), NLM_F_MULTI);
	if (!nlh)
		return -EMSGSIZE;
	r = nlmsg_data(nlh);
	memset(r, 0, sizeof(*r));
	fallback = READ_ONCE(smc->use_fallback);
	r->diag_family = AF_SMC;
	r->diag_state = READ_ONCE(sk->sk_state);
	r->diag_mode = fallback ? SMC_DIAG_MODE_FALLBACK_TCP :
				  SMC_DIAG_MODE_SMCR;
	r->diag_shutdown = READ_ONCE(sk->sk_shutdown);
	smc_diag_sockid(smc, r);
	r->diag_uid = from_kuid_munged(sk_user_ns(NETLINK_CB(cb->skb).sk),
				       sock_i_uid(sk));
	r->diag_inode = sock_i_ino(sk);

	fb.reason = fallback ? READ_ONCE(smc->fallback_rsn) : 0;
	fb.peer_diagnosis = READ_ONCE(smc->peer_diagnosis);
	if (nla_put_u8(skb, SMC_DIAG_SHUTDOWN, r->diag_shutdown) ||
	    smc_diag_conn(smc, skb, ctx->req) ||
	    nla_put(skb, SMC_DIAG_FALLBACK, sizeof(fb), &fb)) {
		nlmsg_cancel(skb, nlh);
		return -EMSGSIZE;
	}
	nlmsg_end(skb, nlh);
	return 0;
}

static int smc_diag_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_diag_dump_ctx ctx = {
		.skb = skb,
		.cb = cb,
		.req = nlmsg_data(cb->nlh),
		.net = sock_net(skb->sk),
	};

	cb->args[0] = smc_sock_for_each(cb->args[0], smc_diag_fill, &ctx);
	return skb->len;
}

/* Only dumps exist (as upstream); a request too short to hold a
 * struct smc_diag_req is refused rather than read past its end.
 */
static int smc_diag_handler_dump(struct sk_buff *skb, struct nlmsghdr *h)
{
	struct netlink_dump_control c = {
		.dump = smc_diag_dump,
	};
	struct net *net = sock_net(skb->sk);

	if (nlmsg_len(h) < (int)sizeof(struct smc_diag_req))
		return -EINVAL;
	if (h->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
	    !(h->nlmsg_flags & NLM_F_DUMP))
		return -EOPNOTSUPP;
	return netlink_dump_start(net->diag_nlsk, skb, h, &c);
}

static const struct sock_diag_handler smc_diag_handler = {
	.owner = THIS_MODULE,
	.family = AF_SMC,
	.dump = smc_diag_handler_dump,
};

int smc_diag_init(void)
{
	return sock_diag_register(&smc_diag_handler);
}

void smc_diag_uninit(void)
{
	sock_diag_unregister(&smc_diag_handler);
}
