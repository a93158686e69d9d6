/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netns.h - per network namespace state of af_smc.
 *
 * An out-of-tree module cannot add fields to struct net, so the state lives
 * in a net_generic() slot that the pernet_operations below allocate.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_NETNS_H
#define _AF_SMC_NETNS_H

#include <linux/atomic.h>
#include <linux/seq_file.h>
#include <net/net_namespace.h>

#include "pnet.h"
#include "sysctl.h"

enum smc_net_counter {
	SMC_NET_SOCK_CREATED,	/* socket(AF_SMC) calls that succeeded */
	SMC_NET_SOCK_ACCEPTED,	/* connections handed out by accept() */
	SMC_NET_FALLBACK,	/* sockets that run over plain TCP */
	SMC_NET_SMCR_CLIENT,	/* connect()s that ended in SMC-R */
	SMC_NET_SMCR_SERVER,	/* accepted connections that run SMC-R */
	SMC_NET_LGR_CREATED,	/* link groups created (first contacts) */
	SMC_NET_TESTLINK_SENT,	/* TEST LINK requests we sent (idle links) */
	SMC_NET_TESTLINK_ANSWERED, /* ... that the peer answered in time */
	SMC_NET_TESTLINK_TIMEOUT, /* ... that it did not: the group ended */
	SMC_NET_HS_LIMITED,	/* SYNs answered without SMC: limit_smc_hs */
	SMC_NET_COUNTER_MAX
};

/**
 * struct smc_net - af_smc state of one network namespace
 * @counters: event counters, indexed by enum smc_net_counter
 * @pnet: the PNET table (pnet.c)
 * @sysctl: the net.smc.* values (sysctl.c)
 */
struct smc_net {
	atomic64_t counters[SMC_NET_COUNTER_MAX];
	struct smc_pnet_table pnet;
	struct smc_sysctl sysctl;
};

struct smc_net *smc_net(const struct net *net);
void smc_net_count(const struct net *net, enum smc_net_counter c);

void smc_net_show(struct seq_file *m, const struct net *net);

int smc_netns_init(void);
void smc_netns_uninit(void);

#endif /* _AF_SMC_NETNS_H */
