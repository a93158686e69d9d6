/* SPDX-License-Identifier: GPL-2.0 */
/* listen.h - listening AF_SMC sockets and accept().
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_LISTEN_H
#define _AF_SMC_LISTEN_H

#include <linux/poll.h>
#include <linux/types.h>

struct smc_sock;
struct socket;

int smc_listen(struct socket *sock, int backlog);
int smc_listen_accept(struct socket *sock, struct socket *newsock, int flags,
		      bool *is_empty);
__poll_t smc_listen_poll(struct smc_sock *lsmc);
void smc_listen_kick(struct smc_sock *lsmc);
void smc_listen_stop(struct smc_sock *lsmc);

#endif /* _AF_SMC_LISTEN_H */
