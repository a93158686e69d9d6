/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memacct.h - buffer memory of SMC-R connections, charged to their sockets.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_MEMACCT_H
#define _AF_SMC_MEMACCT_H

#include <linux/percpu.h>
#include <linux/types.h>

struct sock;
struct smc_sock;

/* the accounting fields of struct proto, shared by SMC and SMC6 */
extern atomic_long_t smc_memory_allocated;
DECLARE_PER_CPU(int, smc_memory_fw_alloc);
extern long smc_mem_limits[3];
extern int smc_mem_rmem[3];
extern int smc_mem_wmem[3];

#define SMC_PROTO_MEMACCT					\
	.memory_allocated	= &smc_memory_allocated,	\
	.per_cpu_fw_alloc	= &smc_memory_fw_alloc,		\
	.sysctl_mem		= smc_mem_limits,		\
	.sysctl_rmem		= smc_mem_rmem,			\
	.sysctl_wmem		= smc_mem_wmem

void smc_mem_init(void);
int smc_mem_charge(struct smc_sock *smc, u32 bytes);
void smc_mem_uncharge(struct smc_sock *smc);
void smc_mem_inherit_memcg(struct sock *child, const struct sock *parent);

#endif /* _AF_SMC_MEMACCT_H */
