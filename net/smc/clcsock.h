/* SPDX-License-Identifier: GPL-2.0 */
/* clcsock.h - callbacks on the internal TCP socket.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CLCSOCK_H
#define _AF_SMC_CLCSOCK_H

struct smc_sock;
struct socket;

#define SMC_CLC_HOOK_ERR	0x1	/* sk_error_report: SO_ERROR mirror */
#define SMC_CLC_HOOK_STATE	0x2	/* sk_state_change: connect progress */
#define SMC_CLC_HOOK_DATA	0x4	/* sk_data_ready: listener */
#define SMC_CLC_HOOK_ALL	0x7

void smc_clcsock_hook(struct smc_sock *smc, unsigned int hooks);
void smc_clcsock_unhook(struct smc_sock *smc, unsigned int hooks);
void smc_clcsock_adopt_child(struct smc_sock *lsmc, struct socket *child);

#endif /* _AF_SMC_CLCSOCK_H */
