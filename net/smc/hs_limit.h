/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hs_limit.h - the per-namespace handshake limitation switch.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_HS_LIMIT_H
#define _AF_SMC_HS_LIMIT_H

#include <net/net_namespace.h>

bool smc_hs_limit(const struct net *net);
void smc_hs_limit_set(const struct net *net, bool on);

int smc_hs_limit_init(void);
void smc_hs_limit_uninit(void);

#endif /* _AF_SMC_HS_LIMIT_H */
