/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cdc.h - sending and receiving CDC messages of SMC-R connections.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CDC_H
#define _AF_SMC_CDC_H

#include <linux/types.h>

struct smc_sock;
struct smc_link;
struct smc_wr_tx_slot;
struct smc_wr_write;

int smc_cdc_get_slot(struct smc_sock *smc, bool can_sleep,
		     struct smc_wr_tx_slot **slot);
void smc_cdc_put_slot(struct smc_sock *smc, struct smc_wr_tx_slot *slot);
int smc_cdc_send_validation(struct smc_sock *smc, struct smc_wr_tx_slot *slot);
int smc_cdc_send(struct smc_sock *smc, struct smc_wr_tx_slot *slot,
		 const struct smc_wr_write *writes, unsigned int nwrites,
		 u32 len, u8 prod_flags, u8 conn_flags);
void smc_cdc_rx(struct smc_link *lnk, const u8 *msg, u32 len);

#endif /* _AF_SMC_CDC_H */
