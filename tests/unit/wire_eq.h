/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wire_eq.h - field-by-field equality of decoded messages, for the unit
 * tests and the fuzz targets. List entries are compared through the
 * accessors, so a decoded message (pointing into its buffer) and one built
 * for encoding (pointing to host-order arrays) can be compared.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TEST_WIRE_EQ_H
#define _AF_SMC_TEST_WIRE_EQ_H

#include "clc_wire.h"
#include "llc_wire.h"
#include "cdc_wire.h"

bool clc_proposal_eq(const struct smc_clc_proposal_info *a,
		     const struct smc_clc_proposal_info *b);
bool clc_accept_eq(const struct smc_clc_accept_info *a,
		   const struct smc_clc_accept_info *b);
bool clc_decline_eq(const struct smc_clc_decline_info *a,
		    const struct smc_clc_decline_info *b);
bool llc_msg_eq(const struct smc_llc_msg *a, const struct smc_llc_msg *b);
bool cdc_msg_eq(const struct smc_cdc_msg *a, const struct smc_cdc_msg *b);

#endif /* _AF_SMC_TEST_WIRE_EQ_H */
