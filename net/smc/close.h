/* SPDX-License-Identifier: GPL-2.0 */
/*
 * close.h - shutdown, close and abort of SMC-R connections.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CLOSE_H
#define _AF_SMC_CLOSE_H

#include <linux/types.h>

struct smc_sock;

void smc_conn_init(struct smc_sock *smc);
void smc_conn_start(struct smc_sock *smc);
void smc_conn_abort(struct smc_sock *smc, int err);
int smc_close_shutdown(struct smc_sock *smc, int how);
void smc_close_release(struct smc_sock *smc);
void smc_close_disconnect(struct smc_sock *smc);
bool smc_close_rx_flags_locked(struct smc_sock *smc, u8 new_flags);
bool smc_close_rx_data_locked(struct smc_sock *smc);
void smc_close_sent_locked(struct smc_sock *smc);
void smc_close_abort_locked(struct smc_sock *smc, int err);
void smc_close_check(struct smc_sock *smc);

#endif /* _AF_SMC_CLOSE_H */
