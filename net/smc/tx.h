/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tx.h - the sending side of SMC-R connections.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TX_H
#define _AF_SMC_TX_H

#include <linux/types.h>

struct msghdr;
struct smc_conn;
struct smc_link;
struct smc_sock;
struct work_struct;

void smc_tx_init_conn(struct smc_sock *smc);
int smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg, size_t len);
int smc_tx_push(struct smc_sock *smc, bool can_sleep);
void smc_tx_failover(struct smc_sock *smc, struct smc_link *old,
		     struct smc_link *lnk);
void smc_tx_schedule(struct smc_sock *smc);
void smc_tx_schedule_delayed(struct smc_sock *smc, unsigned long delay);
void smc_tx_flush(struct smc_sock *smc);
void smc_tx_write_space(struct smc_sock *smc);
u32 smc_tx_sndbuf_free(const struct smc_conn *conn);
u32 smc_tx_sndbuf_used(const struct smc_conn *conn);
u32 smc_tx_unsent(const struct smc_conn *conn);
bool smc_conn_queue(struct work_struct *work);

int smc_tx_init(void);
void smc_tx_uninit(void);

#endif /* _AF_SMC_TX_H */
