/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smcr_setup.h - the SMC-Rv2 part of the CLC handshake (smcr_setup.c).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_SMCR_SETUP_H
#define _AF_SMC_SMCR_SETUP_H

#include "clc_wire.h"

struct smc_sock;

int smc_smcr_client(struct smc_sock *smc);
int smc_smcr_server(struct smc_sock *smc,
		    const struct smc_clc_proposal_info *prop);

#endif /* _AF_SMC_SMCR_SETUP_H */
