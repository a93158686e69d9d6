/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ulp.h - TCP_ULP "smc" is refused.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_ULP_H
#define _AF_SMC_ULP_H

int smc_ulp_init(void);
void smc_ulp_uninit(void);

#endif /* _AF_SMC_ULP_H */
