/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tcp2smc.h - net.smc.tcp2smc: new TCP sockets become SMC sockets.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TCP2SMC_H
#define _AF_SMC_TCP2SMC_H

struct ctl_table;

int smc_tcp2smc_sysctl(SMC_CTL_TABLE_CONST struct ctl_table *table,
		       int write, void *buffer, size_t *lenp, loff_t *ppos);
int smc_tcp2smc_init(void);
void smc_tcp2smc_uninit(void);

#endif /* _AF_SMC_TCP2SMC_H */
