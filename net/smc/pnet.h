/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pnet.h - the PNET table: which netdevs and RDMA ports share a physical
 * network.
 *
 * A PNET ID (1 to 16 upper-case letters and digits) names a physical
 * network. SMC-R uses an RDMA port for a TCP connection only if the port
 * has the PNET ID of the netdev the connection leaves through; when that
 * netdev has none, the RDMA port that belongs to the netdev itself is used
 * (no configuration needed).
 *
 * Each network namespace has a table (struct smc_net.pnet). Netdev entries
 * bind a PNET ID to a netdev name of that namespace; RDMA entries bind one
 * to an (RDMA device, port) pair and exist in the initial namespace only, as
 * RDMA devices are shared by all namespaces. Upstream keeps the same rules.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_PNET_H
#define _AF_SMC_PNET_H

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct ib_device;
struct net;
struct net_device;
struct netlink_ext_ack;

/* characters of a PNET ID */
#define SMC_PNETID_LEN		16
/* RDMA ports an entry can name: 1 .. SMC_PNET_MAX_PORT */
#define SMC_PNET_MAX_PORT	2

/**
 * struct smc_pnet_table - the PNET table of one network namespace
 * @lock: guards @entries and every entry; a leaf lock, taken with bottom
 *	halves disabled
 * @entries: struct smc_pnet_entry, in the order they were added
 */
struct smc_pnet_table {
	spinlock_t lock;		/* see above */
	struct list_head entries;
};

/* Lookups for device selection, from any context but hard interrupts. They
 * fill SMC_PNETID_LEN bytes (NUL padded, not NUL terminated when all 16 are
 * used) and return 0, or -ENOENT and all NULs when there is no PNET ID. The
 * table can change at any time: look up when selecting a device, do not
 * cache the result.
 */
int smc_pnet_id_of_netdev(const struct net_device *ndev, u8 *pnetid);
int smc_pnet_id_of_ibport(const struct ib_device *ibdev, u8 port,
			  u8 *pnetid);

/**
 * struct smc_pnet_info - one table entry as smc_pnet_walk() shows it
 * @pnetid: the PNET ID, upper case, NUL terminated
 * @ethname: netdev name, or NULL for an RDMA entry
 * @ibname: RDMA device name, or NULL for a netdev entry
 * @ibport: RDMA port (1 or 2), 0 for a netdev entry
 */
struct smc_pnet_info {
	const char *pnetid;
	const char *ethname;
	const char *ibname;
	u8 ibport;
};

/* Configuration, for netlink.c (process context). */
int smc_pnet_add(struct net *net, const char *pnetid, const char *ethname,
		 const char *ibname, const u8 *ibport,
		 struct netlink_ext_ack *extack);
int smc_pnet_del(struct net *net, const char *pnetid);
void smc_pnet_flush(struct net *net);
int smc_pnet_walk(struct net *net, const char *pnetid, int skip,
		  int (*fn)(const struct smc_pnet_info *info, void *arg),
		  void *arg);

void smc_pnet_net_init(struct net *net);
void smc_pnet_net_exit(struct net *net);
int smc_pnet_init(void);
void smc_pnet_uninit(void);

#endif /* _AF_SMC_PNET_H */
