/* SPDX-License-Identifier: GPL-2.0 */
/* handshake.h - the SMC rendezvous: TCP option and CLC handshake.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_HANDSHAKE_H
#define _AF_SMC_HANDSHAKE_H

#include <linux/types.h>

struct smc_sock;
struct sock;
struct work_struct;

bool smc_hs_queue(struct work_struct *work);
void smc_hs_init_sock(struct smc_sock *smc);
void smc_hs_connect_start(struct smc_sock *smc);
void smc_hs_connect_abort(struct smc_sock *smc);
void smc_hs_disconnected(struct smc_sock *smc);
void smc_hs_connect_kick(struct smc_sock *smc);
int smc_hs_wait(struct smc_sock *smc, long *timeo);
int smc_hs_server(struct smc_sock *smc);
void smc_hs_listen_limit(struct sock *tk, bool limit);

int smc_hs_init(void);
void smc_hs_uninit(void);

#endif /* _AF_SMC_HANDSHAKE_H */
