// SPDX-License-Identifier: GPL-2.0
/*
 * netns.c - per network namespace state of af_smc.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <net/netns/generic.h>

#include "netns.h"

static unsigned int smc_net_id __read_mostly;

struct smc_net *smc_net(const struct net *net)
{
	return net_generic(net, smc_net_id);
}

void smc_net_count(const struct net *net, enum smc_net_counter c)
{
	atomic64_inc(&smc_net(net)->counters[c]);
}

static const char * const smc_net_counter_names[] = {
	[SMC_NET_SOCK_CREATED]	= "sockets_created",
	[SMC_NET_SOCK_ACCEPTED]	= "sockets_accepted",
	[SMC_NET_FALLBACK]	= "fallback",
	[SMC_NET_SMCR_CLIENT]	= "smcr_client",
	[SMC_NET_SMCR_SERVER]	= "smcr_server",
	[SMC_NET_LGR_CREATED]	= "linkgroups_created",
	[SMC_NET_TESTLINK_SENT]	= "testlink_sent",
	[SMC_NET_TESTLINK_ANSWERED] = "testlink_answered",
	[SMC_NET_TESTLINK_TIMEOUT] = "testlink_timeout",
	[SMC_NET_HS_LIMITED]	= "hs_limited",
};

static_assert(ARRAY_SIZE(smc_net_counter_names) == SMC_NET_COUNTER_MAX);

/**
 * smc_net_show() - print a namespace's counters, "<name> <value>" per line
 * @m: the seq_file (debugfs "netstat" shows the reader's namespace)
 * @net: the namespace
 */
void smc_net_show(struct seq_file *m, const struct net *net)
{
	struct smc_net *sn = smc_net(net);
	int i;

	for (i = 0; i < SMC_NET_COUNTER_MAX; i++)
		seq_printf(m, "%s %lld\n", smc_net_counter_names[i],
			   (long long)atomic64_read(&sn->counters[i]));
}

static int __net_init smc_net_init(struct net *net)
{
	struct smc_net *sn = smc_net(net);
	int i;

	for (i = 0; i < SMC_NET_COUNTER_MAX; i++)
		atomic64_set(&sn->counters[i], 0);
	smc_sysctl_net_init(net);
	smc_pnet_net_init(net);
	return 0;
}

static void __net_exit smc_net_exit(struct net *net)
{
	smc_pnet_net_exit(net);
}

static struct pernet_operations smc_net_ops = {
	.init = smc_net_init,
	.exit = smc_net_exit,
	.id = &smc_net_id,
	.size = sizeof(struct smc_net),
};

int smc_netns_init(void)
{
	return register_pernet_subsys(&smc_net_ops);
}

void smc_netns_uninit(void)
{
	unregister_pernet_subsys(&smc_net_ops);
}
