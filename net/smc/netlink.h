/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink.h - the generic netlink families SMC_GEN_NETLINK and SMC_PNETID
 * (user ABI in include/uapi/linux/af_smc.h).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_NETLINK_H
#define _AF_SMC_NETLINK_H

int smc_nl_init(void);
void smc_nl_uninit(void);

#endif /* _AF_SMC_NETLINK_H */
