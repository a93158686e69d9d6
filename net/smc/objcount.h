/* SPDX-License-Identifier: GPL-2.0 */
/*
 * objcount.h - live object counters, the leak check of the test suite.
 *
 * Every object the module allocates is counted here while it lives. The
 * counts are shown in <debugfs>/af_smc/objects and must all be zero when the
 * module unloads; a non-zero count is reported in dmesg as a leak.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_OBJCOUNT_H
#define _AF_SMC_OBJCOUNT_H

enum smc_obj {
	SMC_OBJ_SOCK,		/* struct smc_sock */
	SMC_OBJ_CLCSOCK,	/* internal TCP sockets */
	SMC_OBJ_PNET,		/* struct smc_pnet_entry */
	SMC_OBJ_IB_DEVICE,	/* struct smc_ib_device (ib.c) */
	SMC_OBJ_LINK,		/* links with verbs resources (link.c) */
	SMC_OBJ_MR,		/* buffer registrations on a link (link.c) */
	SMC_OBJ_LGR,		/* struct smc_lgr (lgr.c) */
	SMC_OBJ_CONN,		/* SMC-R connections (lgr.c) */
	SMC_OBJ_BUF,		/* RMBs and send buffers (lgr.c) */
	SMC_OBJ_CHARGED_PAGE,	/* buffer pages charged to sockets */
	SMC_OBJ_MAX
};

void smc_obj_inc(enum smc_obj obj);
void smc_obj_dec(enum smc_obj obj);
void smc_obj_add(enum smc_obj obj, long n);
void smc_obj_sub(enum smc_obj obj, long n);

struct dentry;

int smc_debugfs_init(void);
struct dentry *smc_debugfs_root(void);
void smc_debugfs_uninit(void);
bool smc_obj_leak_check(void);

#endif /* _AF_SMC_OBJCOUNT_H */
