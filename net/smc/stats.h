/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stats.h - per network namespace statistics of af_smc, reported by
 * SMC_NETLINK_GET_STATS and SMC_NETLINK_GET_FBACK_STATS (stats.c).
 *
 * The data path counts into per-CPU counters; the dump adds them up.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_STATS_H
#define _AF_SMC_STATS_H

#include <linux/types.h>
#include <net/net_namespace.h>

struct smc_sock;

/* events counted once each */
enum smc_stats_event {
	SMC_STATS_SPLICE,	/* splice_read() in SMC-R mode */
	SMC_STATS_CORK,		/* TCP_CORK released in SMC-R mode */
	SMC_STATS_NODELAY,	/* TCP_NODELAY set in SMC-R mode */
	SMC_STATS_URG,		/* urgent data sent or taken out of band */
	SMC_STATS_TX_FULL,	/* sendmsg found our send buffer full */
	SMC_STATS_TX_PEER_FULL,	/* a push found the peer's RMBE full */
};

void smc_stats_fallback(struct smc_sock *smc, u32 reason);
void smc_stats_hs_err(const struct net *net, bool server);
void smc_stats_smcr_ok(const struct net *net, bool server, u8 version);
void smc_stats_event(const struct net *net, enum smc_stats_event ev);
void smc_stats_payload(const struct net *net, bool rx, size_t len);
void smc_stats_buf_get(const struct net *net, bool is_rmb, u32 len,
		       bool reused, bool downgraded);
void smc_stats_buf_put(const struct net *net, bool is_rmb, u32 len);

int smc_stats_init(void);
void smc_stats_uninit(void);

#endif /* _AF_SMC_STATS_H */
