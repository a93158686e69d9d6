// SPDX-License-Identifier: GPL-2.0
/*
 * stats.c - statistics of each network namespace, and their generic
 * netlink dumps SMC_NETLINK_GET_STATS and SMC_NETLINK_GET_FBACK_STATS
 * (attribute sets SMC_NLA_STATS_* and SMC_NLA_FBACK_STATS_* of
 * include/uapi/linux/af_smc.h, upstream's).
 *
 * Counters are per CPU (this_cpu_*), so the data path pays no shared cache
 * line; a dump sums them. Gauges (buffers in use and their bytes) are
 * counted up on one CPU and down on another: only their sum means
 * anything, and it wraps correctly in u64 arithmetic. Fallback reasons are
 * few and rare: they are kept in two small tables under a spinlock, like
 * upstream's at most SMC_STATS_FBACK_RSNS distinct codes per side.
 *
 * The state hangs off its own net_generic() slot, so netns.c stays as it
 * is; a namespace's counters start at zero when it is created.
 *
 * Not counted by af_smc (always 0): SMC-D (there is none), SMC-Rv1
 * successes (the handshake offers only v2), sendpage (gone from the kernel
 * API), and of the buffer events "RMB full" and "RMB or send buffer too
 * small" on the receive side.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/log2.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <uapi/linux/af_smc.h>

#include "netlink.h"
#include "smc.h"
#include "stats.h"

#define SMC_STATS_BUCKETS	9	/* SMC_NLA_STATS_PLOAD_8K .. _G_1024K */
#define SMC_STATS_FBACK_RSNS	36	/* reason codes kept per side */

/* send buffer (tx) and RMB (rx) events: SMC_NLA_STATS_RMB_* */
struct smc_stats_bufev {
	u64 size_small_peer;
	u64 size_small;
	u64 full_peer;
	u64 full;
	u64 reuse;
	u64 alloc;
	u64 dgrade;
};

/* index 0: sending side (send buffers), 1: receiving side (RMBs) */
struct smc_stats_tech {
	struct smc_stats_bufev bufev[2];
	u64 bufsize[2][SMC_STATS_BUCKETS];	/* buffers in use, by size */
	u64 payload[2][SMC_STATS_BUCKETS];	/* sendmsg/recvmsg sizes */
	u64 bytes[2];
	u64 calls[2];
	u64 bufuse[2];				/* bytes of buffers in use */
	u64 clnt_v1, clnt_v2, srv_v1, srv_v2;
	u64 splice, cork, nodelay, urg;
};

struct smc_stats {
	struct smc_stats_tech smcr;
	u64 clnt_hs_err;
	u64 srv_hs_err;
};

struct smc_stats_fback {
	u32 code;
	u16 count;
};

/**
 * struct smc_stats_net - statistics of one network namespace
 * @pcpu: the counters, per CPU
 * @fback_lock: protects the rest
 * @fback: reason codes and how often each made a server (0) or client (1)
 *	socket fall back, in the order they first occurred
 * @fback_total: fallbacks per side, including codes @fback had no room for
 */
struct smc_stats_net {
	struct smc_stats __percpu *pcpu;
	spinlock_t fback_lock;		/* fback, fback_total */
	struct smc_stats_fback fback[2][SMC_STATS_FBACK_RSNS];
	u64 fback_total[2];
};

static unsigned int smc_stats_net_id __read_mostly;

static struct smc_stats __percpu *smc_stats_pcpu(const struct net *net)
{
	struct smc_stats_net *sn = net_generic(net, smc_stats_net_id);

	return sn->pcpu;
}

/* bucket of a length: < 8 KiB, < 16 KiB, ..., < 1 MiB, more */
static unsigned int smc_stats_bucket(u64 len)
{
	unsigned int b = fls64(len >> 13);

	return min_t(unsigned int, b, SMC_STATS_BUCKETS - 1);
}

/* bucket of a buffer size (a power of two): 8 KiB, 16 KiB, ... */
static unsigned int smc_stats_size_bucket(u32 len)
{
	unsigned int b = fls(len >> 13);

	b = b ? b - 1 : 0;
	return min_t(unsigned int, b, SMC_STATS_BUCKETS - 1);
}

/**
 * smc_stats_fallback() - count a socket's fall back to TCP
 * @smc: the socket; a listener's child counts for the server side
 * @reason: its SMC_CLC_DECL_* code
 *
 * Context: any but hard interrupt.
 */
void smc_stats_fallback(struct smc_sock *smc, u32 reason)
{
	struct smc_stats_net *sn = net_generic(sock_net(&smc->sk),
					       smc_stats_net_id);
	int side = smc->listener ? 0 : 1, i;

	spin_lock_bh(&sn->fback_lock);
	sn->fback_total[side]++;
	for (i = 0; i < SMC_STATS_FBACK_RSNS; i++) {
		struct smc_stats_fback *f = &sn->fback[side][i];

		if (f->code && f->code != reason)
			continue;
		f->code = reason;
		if (f->count < U16_MAX)
			f->count++;
		break;
	}
	spin_unlock_bh(&sn->fback_lock);
}

/**
 * smc_stats_hs_err() - count a handshake that failed (no fallback)
 * @net: the namespace
 * @server: a listener's child (else a connecting socket)
 */
void smc_stats_hs_err(const struct net *net, bool server)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	if (server)
		this_cpu_inc(s->srv_hs_err);
	else
		this_cpu_inc(s->clnt_hs_err);
}

/**
 * smc_stats_smcr_ok() - count a connection that runs SMC-R
 * @net: the namespace
 * @server: the accepting side
 * @version: SMC version of the connection's link group
 */
void smc_stats_smcr_ok(const struct net *net, bool server, u8 version)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	if (server && version >= 2)
		this_cpu_inc(s->smcr.srv_v2);
	else if (server)
		this_cpu_inc(s->smcr.srv_v1);
	else if (version >= 2)
		this_cpu_inc(s->smcr.clnt_v2);
	else
		this_cpu_inc(s->smcr.clnt_v1);
}

/**
 * smc_stats_event() - count one event of an SMC-R connection
 * @net: the namespace
 * @ev: what happened
 */
void smc_stats_event(const struct net *net, enum smc_stats_event ev)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	switch (ev) {
	case SMC_STATS_SPLICE:
		this_cpu_inc(s->smcr.splice);
		break;
	case SMC_STATS_CORK:
		this_cpu_inc(s->smcr.cork);
		break;
	case SMC_STATS_NODELAY:
		this_cpu_inc(s->smcr.nodelay);
		break;
	case SMC_STATS_URG:
		this_cpu_inc(s->smcr.urg);
		break;
	case SMC_STATS_TX_FULL:
		this_cpu_inc(s->smcr.bufev[0].full);
		break;
	case SMC_STATS_TX_PEER_FULL:
		this_cpu_inc(s->smcr.bufev[0].full_peer);
		break;
	}
}

/**
 * smc_stats_payload() - count a sendmsg() or recvmsg() in SMC-R mode
 * @net: the namespace
 * @rx: recvmsg (else sendmsg)
 * @len: bytes it moved
 */
void smc_stats_payload(const struct net *net, bool rx, size_t len)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	this_cpu_inc(s->smcr.calls[rx]);
	this_cpu_add(s->smcr.bytes[rx], len);
	this_cpu_inc(s->smcr.payload[rx][smc_stats_bucket(len)]);
}

/**
 * smc_stats_buf_get() - a connection took a send buffer or an RMB
 * @net: the namespace
 * @is_rmb: an RMB (else a send buffer)
 * @len: its size
 * @reused: it was a free buffer of the link group (else newly allocated)
 * @downgraded: it is smaller than the size asked for
 */
void smc_stats_buf_get(const struct net *net, bool is_rmb, u32 len,
		       bool reused, bool downgraded)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	if (reused)
		this_cpu_inc(s->smcr.bufev[is_rmb].reuse);
	else
		this_cpu_inc(s->smcr.bufev[is_rmb].alloc);
	if (downgraded)
		this_cpu_inc(s->smcr.bufev[is_rmb].dgrade);
	this_cpu_inc(s->smcr.bufsize[is_rmb][smc_stats_size_bucket(len)]);
	this_cpu_add(s->smcr.bufuse[is_rmb], len);
}

/**
 * smc_stats_buf_put() - a connection gave its buffer back
 * @net: the namespace
 * @is_rmb: an RMB (else a send buffer)
 * @len: its size
 */
void smc_stats_buf_put(const struct net *net, bool is_rmb, u32 len)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);

	this_cpu_dec(s->smcr.bufsize[is_rmb][smc_stats_size_bucket(len)]);
	this_cpu_sub(s->smcr.bufuse[is_rmb], len);
}

/* --- netlink -------------------------------------------------------------- */

static void smc_stats_sum(const struct net *net, struct smc_stats *sum)
{
	struct smc_stats __percpu *s = smc_stats_pcpu(net);
	const size_t n = sizeof(*sum) / sizeof(u64);
	int cpu;
	size_t i;

	BUILD_BUG_ON(sizeof(*sum) % sizeof(u64));
	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const u64 *src = (const u64 *)per_cpu_ptr(s, cpu);
		u64 *dst = (u64 *)sum;

		for (i = 0; i < n; i++)
			dst[i] += READ_ONCE(src[i]);
	}
}

static int smc_stats_put_u64(struct sk_buff *skb, int type, u64 v)
{
	return nla_put_u64_64bit(skb, type, v, 0);
}

static int smc_stats_nl_bufev(struct sk_buff *skb, int type,
			      const struct smc_stats_bufev *ev)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_REUSE_CNT, ev->reuse) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT,
			      ev->size_small_peer) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_SIZE_SM_CNT,
			      ev->size_small) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_FULL_PEER_CNT,
			      ev->full_peer) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_FULL_CNT, ev->full) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_ALLOC_CNT, ev->alloc) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_RMB_DGRADE_CNT, ev->dgrade))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int smc_stats_nl_hist(struct sk_buff *skb, int type, const u64 *b)
{
	struct nlattr *nest = nla_nest_start(skb, type);
	int i;

	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < SMC_STATS_BUCKETS; i++)
		if (smc_stats_put_u64(skb, SMC_NLA_STATS_PLOAD_8K + i, b[i]))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int smc_stats_nl_tech(struct sk_buff *skb, int type,
			     const struct smc_stats_tech *t)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest ||
	    smc_stats_nl_bufev(skb, SMC_NLA_STATS_T_TX_RMB_STATS,
			       &t->bufev[0]) ||
	    smc_stats_nl_bufev(skb, SMC_NLA_STATS_T_RX_RMB_STATS,
			       &t->bufev[1]) ||
	    smc_stats_nl_hist(skb, SMC_NLA_STATS_T_TXPLOAD_SIZE,
			      t->payload[0]) ||
	    smc_stats_nl_hist(skb, SMC_NLA_STATS_T_RXPLOAD_SIZE,
			      t->payload[1]) ||
	    smc_stats_nl_hist(skb, SMC_NLA_STATS_T_TX_RMB_SIZE,
			      t->bufsize[0]) ||
	    smc_stats_nl_hist(skb, SMC_NLA_STATS_T_RX_RMB_SIZE,
			      t->bufsize[1]) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_CLNT_V1_SUCC, t->clnt_v1) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_CLNT_V2_SUCC, t->clnt_v2) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_SRV_V1_SUCC, t->srv_v1) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_SRV_V2_SUCC, t->srv_v2) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_RX_BYTES, t->bytes[1]) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_TX_BYTES, t->bytes[0]) ||
	    smc_nla_put_uint(skb, SMC_NLA_STATS_T_RX_RMB_USAGE, t->bufuse[1]) ||
	    smc_nla_put_uint(skb, SMC_NLA_STATS_T_TX_RMB_USAGE, t->bufuse[0]) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_RX_CNT, t->calls[1]) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_TX_CNT, t->calls[0]) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_SENDPAGE_CNT, 0) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_CORK_CNT, t->cork) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_NDLY_CNT, t->nodelay) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_SPLICE_CNT, t->splice) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_T_URG_DATA_CNT, t->urg))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * smc_nl_stats_dump() - SMC_NETLINK_GET_STATS: one message with the sums
 * @skb: the dump's buffer
 * @cb: the dump's state; args[0] is set once the message went out
 *
 * Return: bytes in @skb, or a negative errno.
 */
int smc_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	static const struct smc_stats_tech smcd_none;
	struct smc_stats *sum;
	struct nlattr *nest;
	void *hdr;
	int rc = -EMSGSIZE;

	if (cb->args[0])
		return 0;
	sum = kmalloc(sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return -ENOMEM;
	smc_stats_sum(sock_net(skb->sk), sum);
	hdr = smc_nl_msg_start(skb, cb, SMC_NETLINK_GET_STATS);
	if (!hdr)
		goto out;
	nest = nla_nest_start(skb, SMC_GEN_STATS);
	if (!nest ||
	    smc_stats_nl_tech(skb, SMC_NLA_STATS_SMCD_TECH, &smcd_none) ||
	    smc_stats_nl_tech(skb, SMC_NLA_STATS_SMCR_TECH, &sum->smcr) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_CLNT_HS_ERR_CNT,
			      sum->clnt_hs_err) ||
	    smc_stats_put_u64(skb, SMC_NLA_STATS_SRV_HS_ERR_CNT,
			      sum->srv_hs_err)) {
		genlmsg_cancel(skb, hdr);
		goto out;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	rc = skb->len;
out:
	kfree(sum);
	return rc;
}

/* one reason code of one side; the first message carries the totals */
static int smc_stats_nl_fback_one(struct sk_buff *skb,
				  struct netlink_callback *cb,
				  const struct smc_stats_fback *f, int side,
				  const u64 *total)
{
	struct nlattr *nest;
	void *hdr;

	hdr = smc_nl_msg_start(skb, cb, SMC_NETLINK_GET_FBACK_STATS);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SMC_GEN_FBACK_STATS);
	if (!nest ||
	    nla_put_u8(skb, SMC_NLA_FBACK_STATS_TYPE, side == 0) ||
	    (!cb->args[2] &&
	     (smc_stats_put_u64(skb, SMC_NLA_FBACK_STATS_SRV_CNT, total[0]) ||
	      smc_stats_put_u64(skb, SMC_NLA_FBACK_STATS_CLNT_CNT,
				total[1]))) ||
	    nla_put_u32(skb, SMC_NLA_FBACK_STATS_RSN_CODE, f->code) ||
	    nla_put_u16(skb, SMC_NLA_FBACK_STATS_RSN_CNT, f->count)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[2] = 1;
	return 0;
}

/**
 * smc_nl_fback_stats_dump() - SMC_NETLINK_GET_FBACK_STATS
 * @skb: the dump's buffer
 * @cb: the dump's state: args[0] the table row, args[1] the side (0
 *	server, 1 client) to continue with, args[2] the totals were sent
 *
 * Row by row, the server's code then the client's, as upstream orders them.
 *
 * Return: bytes in @skb.
 */
int smc_nl_fback_stats_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_stats_net *sn = net_generic(sock_net(skb->sk),
					       smc_stats_net_id);
	struct smc_stats_fback rows[2][SMC_STATS_FBACK_RSNS];
	unsigned long row = cb->args[0], side = cb->args[1];
	u64 total[2];

	spin_lock_bh(&sn->fback_lock);
	memcpy(rows, sn->fback, sizeof(rows));
	total[0] = sn->fback_total[0];
	total[1] = sn->fback_total[1];
	spin_unlock_bh(&sn->fback_lock);

	for (; row < SMC_STATS_FBACK_RSNS; row++, side = 0) {
		if (!rows[0][row].code && !rows[1][row].code)
			break;
		for (; side < 2; side++) {
			if (!rows[side][row].code)
				continue;
			if (smc_stats_nl_fback_one(skb, cb, &rows[side][row],
						   side, total))
				goto out;
		}
	}
out:
	cb->args[0] = row;
	cb->args[1] = side;
	return skb->len;
}

/* --- per namespace -------------------------------------------------------- */

static int __net_init smc_stats_net_init(struct net *net)
{
	struct smc_stats_net *sn = net_generic(net, smc_stats_net_id);

	sn->pcpu = alloc_percpu(struct smc_stats);
	if (!sn->pcpu)
		return -ENOMEM;
	spin_lock_init(&sn->fback_lock);
	return 0;
}

static void __net_exit smc_stats_net_exit(struct net *net)
{
	struct smc_stats_net *sn = net_generic(net, smc_stats_net_id);

	free_percpu(sn->pcpu);
}

static struct pernet_operations smc_stats_net_ops = {
	.init = smc_stats_net_init,
	.exit = smc_stats_net_exit,
	.id = &smc_stats_net_id,
	.size = sizeof(struct smc_stats_net),
};

int smc_stats_init(void)
{
	return register_pernet_subsys(&smc_stats_net_ops);
}

void smc_stats_uninit(void)
{
	unregister_pernet_subsys(&smc_stats_net_ops);
}
