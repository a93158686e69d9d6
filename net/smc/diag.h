/* SPDX-License-Identifier: GPL-2.0 */
/*
 * diag.h - sock_diag (NETLINK_SOCK_DIAG) for AF_SMC sockets.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_DIAG_H
#define _AF_SMC_DIAG_H

int smc_diag_init(void);
void smc_diag_uninit(void);

#endif /* _AF_SMC_DIAG_H */
