/* SPDX-License-Identifier: GPL-2.0 */
/*
 * sysctl.h - the net.smc.* sysctls of a network namespace.
 *
 * The values live in struct smc_net (netns.h); the rest of the module
 * reads them only through the accessors below. A value may be accepted by
 * the table for upstream compatibility and still be capped by its user
 * where af_smc supports less (Documentation/sysctl.rst).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_SYSCTL_H
#define _AF_SMC_SYSCTL_H

#include <linux/types.h>

struct ctl_table;
struct ctl_table_header;
struct net;

/* upstream's defaults and limits (SMC-R.md 10.9) */
#define SMC_SYSCTL_BUF_DEFAULT		(64 * 1024)
#define SMC_SYSCTL_AUTOCORK_DEFAULT	(64 * 1024)
#define SMC_SYSCTL_TESTLINK_DEFAULT	30	/* seconds */
#define SMC_SYSCTL_MAX_LINKS_DEFAULT	2
#define SMC_SYSCTL_MAX_CONNS_MIN	16
#define SMC_SYSCTL_MAX_CONNS_MAX	255

/* smcr_buf_type */
enum smc_buf_type {
	SMC_BUF_PHYS = 0,	/* physically contiguous */
	SMC_BUF_VIRT = 1,	/* virtually contiguous */
	SMC_BUF_MIXED = 2,	/* physical first, virtual if that fails */
};

/**
 * struct smc_sysctl - the values of one namespace's net.smc.* table
 * @autocorking_size: bytes a sender may hold back while a CDC is in flight
 * @smcr_buf_type: enum smc_buf_type of new link groups' buffers
 * @smcr_testlink_time: idle seconds before a link is tested, 0: never
 * @wmem: send buffer size of connections whose socket has no SO_SNDBUF
 * @rmem: RMB size of connections whose socket has no SO_RCVBUF
 * @smcr_max_links_per_lgr: links per group we offer in a v2.1 handshake
 * @smcr_max_conns_per_lgr: connections per group we offer in v2.1
 * @limit_smc_hs: new listeners refuse SMC while handshakes are congested
 * @tcp2smc: new user TCP sockets of the namespace are SMC sockets (tcp2smc.c)
 * @table: this namespace's copy of the table
 * @hdr: its registration
 */
struct smc_sysctl {
	int autocorking_size;
	int smcr_buf_type;
	int smcr_testlink_time;
	int wmem;
	int rmem;
	int smcr_max_links_per_lgr;
	int smcr_max_conns_per_lgr;
	int limit_smc_hs;
	int tcp2smc;
	struct ctl_table *table;
	struct ctl_table_header *hdr;
};

u32 smc_sysctl_wmem(const struct net *net);
u32 smc_sysctl_rmem(const struct net *net);
u32 smc_sysctl_autocorking_size(const struct net *net);
enum smc_buf_type smc_sysctl_buf_type(const struct net *net);
unsigned long smc_sysctl_testlink_time(const struct net *net);
u8 smc_sysctl_max_links(const struct net *net);
u8 smc_sysctl_max_conns(const struct net *net);
bool smc_sysctl_limit_hs(const struct net *net);
void smc_sysctl_set_limit_hs(const struct net *net, bool on);

void smc_sysctl_net_init(struct net *net);
int smc_sysctl_init(void);
void smc_sysctl_uninit(void);

#endif /* _AF_SMC_SYSCTL_H */
