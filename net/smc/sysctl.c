// SPDX-License-Identifier: GPL-2.0
/*
 * sysctl.c - the net.smc.* sysctls, one table per network namespace.
 *
 * Names, ranges and defaults are upstream's (SMC-R.md 10.9), so scripts
 * written for the distribution's smc module work here; both register
 * "net/smc", and only one of the two modules can be loaded at a time.
 * Every value is an int checked by proc_dointvec_minmax(): a write out of
 * range fails with EINVAL and changes nothing. Where af_smc supports less
 * than upstream accepts, the table still takes upstream's range and the
 * user of the value caps it (documented in Documentation/sysctl.rst).
 *
 * A value is read when it is used: by a connection's handshake (buffer
 * sizes, the v2.1 offer), when a link group is created (TEST LINK interval,
 * buffer type), when a socket starts listening (limit_smc_hs).
 *
 * Adding a sysctl: a field in struct smc_sysctl, its default in
 * smc_sysctl_net_init(), a row in smc_sysctl_tmpl[] and an accessor.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/slab.h>
#include <linux/stddef.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>

#include "netns.h"
#include "sysctl.h"
#include "tcp2smc.h"

static int smc_sysctl_buf_min = 16384;		/* SMC_BUFSIZE_MIN */
static int smc_sysctl_buf_max = INT_MAX / 2;
static int smc_sysctl_testlink_max = INT_MAX / HZ;
static int smc_sysctl_links_min = 1;
static int smc_sysctl_links_max = 2;
static int smc_sysctl_conns_min = SMC_SYSCTL_MAX_CONNS_MIN;
static int smc_sysctl_conns_max = SMC_SYSCTL_MAX_CONNS_MAX;
static int smc_sysctl_buf_type_max = SMC_BUF_MIXED;

/* .data holds the field's offset in struct smc_sysctl until a namespace's
 * copy of the table points it at that namespace's field
 */
#define SMC_SYSCTL_INT(name, field, lo, hi) {				\
	.procname	= name,						\
	.data		= (void *)offsetof(struct smc_sysctl, field),	\
	.maxlen		= sizeof(int),					\
	.mode		= 0644,						\
	.proc_handler	= proc_dointvec_minmax,				\
	.extra1		= (lo),						\
	.extra2		= (hi),						\
}

static const struct ctl_table smc_sysctl_tmpl[] = {
	SMC_SYSCTL_INT("autocorking_size", autocorking_size,
		       SYSCTL_ZERO, SYSCTL_INT_MAX),
	SMC_SYSCTL_INT("smcr_buf_type", smcr_buf_type,
		       SYSCTL_ZERO, &smc_sysctl_buf_type_max),
	SMC_SYSCTL_INT("smcr_testlink_time", smcr_testlink_time,
		       SYSCTL_ZERO, &smc_sysctl_testlink_max),
	SMC_SYSCTL_INT("wmem", wmem,
		       &smc_sysctl_buf_min, &smc_sysctl_buf_max),
	SMC_SYSCTL_INT("rmem", rmem,
		       &smc_sysctl_buf_min, &smc_sysctl_buf_max),
	SMC_SYSCTL_INT("smcr_max_links_per_lgr", smcr_max_links_per_lgr,
		       &smc_sysctl_links_min, &smc_sysctl_links_max),
	SMC_SYSCTL_INT("smcr_max_conns_per_lgr", smcr_max_conns_per_lgr,
		       &smc_sysctl_conns_min, &smc_sysctl_conns_max),
	SMC_SYSCTL_INT("limit_smc_hs", limit_smc_hs,
		       SYSCTL_ZERO, SYSCTL_ONE),
	/* af_smc's own (OpenAnolis' name): tcp2smc.c checks each write */
	{
		.procname	= "tcp2smc",
		.data		= (void *)offsetof(struct smc_sysctl, tcp2smc),
		.maxlen		= sizeof(int),
		.mode		= 0644,
		.proc_handler	= smc_tcp2smc_sysctl,
		.extra1		= SYSCTL_ZERO,
		.extra2		= SYSCTL_ONE,
	},
};

static const struct smc_sysctl *smc_sysctl(const struct net *net)
{
	return &smc_net(net)->sysctl;
}

/**
 * smc_sysctl_wmem() - send buffer size for a socket without SO_SNDBUF
 * @net: the connection's namespace
 *
 * Return: bytes as set (16 KiB .. INT_MAX/2); smc_buf_get() caps it.
 */
u32 smc_sysctl_wmem(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->wmem);
}

/**
 * smc_sysctl_rmem() - RMB size for a socket without SO_RCVBUF
 * @net: the connection's namespace
 *
 * Return: bytes as set (16 KiB .. INT_MAX/2); smc_buf_get() caps it.
 */
u32 smc_sysctl_rmem(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->rmem);
}

/**
 * smc_sysctl_autocorking_size() - most bytes a sender holds back
 * @net: the connection's namespace
 *
 * Return: bytes; 0 means no autocorking.
 */
u32 smc_sysctl_autocorking_size(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->autocorking_size);
}

/**
 * smc_sysctl_buf_type() - buffer type of a new link group
 * @net: the group's namespace
 *
 * Return: enum smc_buf_type.
 */
enum smc_buf_type smc_sysctl_buf_type(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->smcr_buf_type);
}

/**
 * smc_sysctl_testlink_time() - TEST LINK interval of a new link group
 * @net: the group's namespace
 *
 * Return: jiffies of receive silence before a link is tested; 0: never.
 */
unsigned long smc_sysctl_testlink_time(const struct net *net)
{
	return (unsigned long)READ_ONCE(smc_sysctl(net)->smcr_testlink_time) *
	       HZ;
}

/**
 * smc_sysctl_max_links() - links per group to offer in a v2.1 handshake
 * @net: the connection's namespace
 *
 * Return: 1 or 2; the handshake caps it at what af_smc supports.
 */
u8 smc_sysctl_max_links(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->smcr_max_links_per_lgr);
}

/**
 * smc_sysctl_max_conns() - connections per group to offer in v2.1
 * @net: the connection's namespace
 *
 * Return: 16 .. 255.
 */
u8 smc_sysctl_max_conns(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->smcr_max_conns_per_lgr);
}

/**
 * smc_sysctl_limit_hs() - whether new listeners limit SMC handshakes
 * @net: the listener's namespace
 *
 * Return: the value of limit_smc_hs.
 */
bool smc_sysctl_limit_hs(const struct net *net)
{
	return READ_ONCE(smc_sysctl(net)->limit_smc_hs);
}

/**
 * smc_sysctl_set_limit_hs() - set limit_smc_hs (generic netlink's
 *	ENABLE/DISABLE_HS_LIMITATION change the same value)
 * @net: the namespace
 * @on: the new value
 */
void smc_sysctl_set_limit_hs(const struct net *net, bool on)
{
	WRITE_ONCE(smc_net(net)->sysctl.limit_smc_hs, on);
}

/**
 * smc_sysctl_net_init() - the defaults of a new namespace
 * @net: the namespace; its struct smc_net is zeroed
 *
 * The values exist as long as the namespace's struct smc_net; the table
 * that shows them is registered later (smc_sysctl_init()).
 */
void smc_sysctl_net_init(struct net *net)
{
	struct smc_sysctl *sc = &smc_net(net)->sysctl;

	sc->autocorking_size = SMC_SYSCTL_AUTOCORK_DEFAULT;
	sc->smcr_buf_type = SMC_BUF_PHYS;
	sc->smcr_testlink_time = SMC_SYSCTL_TESTLINK_DEFAULT;
	sc->wmem = SMC_SYSCTL_BUF_DEFAULT;
	sc->rmem = SMC_SYSCTL_BUF_DEFAULT;
	sc->smcr_max_links_per_lgr = SMC_SYSCTL_MAX_LINKS_DEFAULT;
	sc->smcr_max_conns_per_lgr = SMC_SYSCTL_MAX_CONNS_MAX;
	sc->limit_smc_hs = 0;
	sc->tcp2smc = 0;
}

/* the table of a namespace, pointing at its values */
static int __net_init smc_sysctl_table_init(struct net *net)
{
	struct smc_sysctl *sc = &smc_net(net)->sysctl;
	struct ctl_table *table;
	int i;

	/* one more, zeroed: the end marker kernels before 6.6 look for */
	table = kcalloc(ARRAY_SIZE(smc_sysctl_tmpl) + 1, sizeof(*table),
			GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	for (i = 0; i < ARRAY_SIZE(smc_sysctl_tmpl); i++) {
		table[i] = smc_sysctl_tmpl[i];
		table[i].data = (void *)sc + (uintptr_t)table[i].data;
	}
#ifdef COMPAT_HAVE_NET_SYSCTL_SZ
	sc->hdr = register_net_sysctl_sz(net, "net/smc", table,
					 ARRAY_SIZE(smc_sysctl_tmpl));
#else
	sc->hdr = register_net_sysctl(net, "net/smc", table);
#endif
	if (!sc->hdr) {
		kfree(table);
		return -ENOMEM;
	}
	sc->table = table;
	return 0;
}

static void __net_exit smc_sysctl_table_exit(struct net *net)
{
	struct smc_sysctl *sc = &smc_net(net)->sysctl;

	unregister_net_sysctl_table(sc->hdr);
	kfree(sc->table);
	sc->hdr = NULL;
	sc->table = NULL;
}

static struct pernet_operations smc_sysctl_ops = {
	.init = smc_sysctl_table_init,
	.exit = smc_sysctl_table_exit,
};

/**
 * smc_sysctl_init() - show net.smc.* in every namespace
 *
 * Called once AF_SMC is ours: the distribution's smc module registers the
 * same names, and while it is loaded af_smc must fail with its "AF_SMC is
 * taken" error, not with a duplicate sysctl.
 *
 * Return: 0 or a negative errno.
 */
int smc_sysctl_init(void)
{
	return register_pernet_subsys(&smc_sysctl_ops);
}

void smc_sysctl_uninit(void)
{
	unregister_pernet_subsys(&smc_sysctl_ops);
}
