// SPDX-License-Identifier: GPL-2.0
/*
 * clcsock.c - callbacks on the internal TCP socket (the clcsock).
 *
 * An AF_SMC socket watches its TCP socket through three sock callbacks:
 *
 *   sk_error_report  on connecting and connected sockets: mirror TCP's
 *                    errors into our sock for SO_ERROR (fallback.c)
 *   sk_state_change  while a connect is in progress: start the CLC
 *                    handshake once TCP leaves SYN_SENT (handshake.c)
 *   sk_data_ready    on listeners: accept new TCP connections (listen.c)
 *
 * While any hook is installed, the TCP sock's sk_user_data points to the
 * AF_SMC socket, tagged SK_USER_DATA_NOCOPY so that the TCP children of a
 * listener start with no owner. The children do inherit the listener's
 * sk_data_ready hook; listen.c restores theirs right after accepting them,
 * and until then the hook does nothing for them (nobody can wait on a TCP
 * socket that has not been accepted yet). Hooks, their saved originals and
 * sk_user_data change together under the TCP sock's sk_callback_lock.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "clcsock.h"
#include "fallback.h"
#include "handshake.h"
#include "listen.h"

/* the AF_SMC socket that owns @tk, or NULL; under tk->sk_callback_lock */
static struct smc_sock *smc_clcsock_owner(const struct sock *tk)
{
	uintptr_t p = (uintptr_t)tk->sk_user_data;

	if (!(p & SK_USER_DATA_NOCOPY))
		return NULL;
	return (struct smc_sock *)(p & SK_USER_DATA_PTRMASK);
}

static void smc_clcsock_error_report(struct sock *tk)
{
	void (*orig)(struct sock *tk) = NULL;
	struct smc_sock *smc;

	read_lock_bh(&tk->sk_callback_lock);
	smc = smc_clcsock_owner(tk);
	if (smc && (smc->clc_hooks & SMC_CLC_HOOK_ERR)) {
		orig = smc->clc_error_report;
		smc_fback_sync_err(smc);
	} else if (tk->sk_error_report != smc_clcsock_error_report) {
		orig = tk->sk_error_report;	/* unhooked meanwhile */
	}
	read_unlock_bh(&tk->sk_callback_lock);
	if (orig)
		orig(tk);
}

static void smc_clcsock_state_change(struct sock *tk)
{
	void (*orig)(struct sock *tk) = NULL;
	struct smc_sock *smc;

	read_lock_bh(&tk->sk_callback_lock);
	smc = smc_clcsock_owner(tk);
	if (smc && (smc->clc_hooks & SMC_CLC_HOOK_STATE)) {
		orig = smc->clc_state_change;
		if (tk->sk_state != TCP_SYN_SENT)
			smc_hs_connect_kick(smc);
	} else if (tk->sk_state_change != smc_clcsock_state_change) {
		orig = tk->sk_state_change;
	}
	read_unlock_bh(&tk->sk_callback_lock);
	if (orig)
		orig(tk);
}

static void smc_clcsock_data_ready(struct sock *tk)
{
	void (*orig)(struct sock *tk) = NULL;
	struct smc_sock *smc;

	read_lock_bh(&tk->sk_callback_lock);
	smc = smc_clcsock_owner(tk);
	if (smc && (smc->clc_hooks & SMC_CLC_HOOK_DATA)) {
		orig = smc->clc_data_ready;
		smc_listen_kick(smc);
	} else if (tk->sk_data_ready != smc_clcsock_data_ready) {
		orig = tk->sk_data_ready;
	}
	/* else: a listener's child not yet accepted, see the top comment */
	read_unlock_bh(&tk->sk_callback_lock);
	if (orig)
		orig(tk);
}

/**
 * smc_clcsock_hook() - install callbacks on the clcsock
 * @smc: the AF_SMC socket
 * @hooks: SMC_CLC_HOOK_* bits; hooks already installed are left alone
 */
void smc_clcsock_hook(struct smc_sock *smc, unsigned int hooks)
{
	struct sock *tk = smc->clcsock->sk;

	write_lock_bh(&tk->sk_callback_lock);
	hooks &= ~smc->clc_hooks;
	if (!smc->clc_hooks)
		tk->sk_user_data = (void *)((uintptr_t)smc |
					    SK_USER_DATA_NOCOPY);
	if (hooks & SMC_CLC_HOOK_ERR) {
		smc->clc_error_report = tk->sk_error_report;
		tk->sk_error_report = smc_clcsock_error_report;
	}
	if (hooks & SMC_CLC_HOOK_STATE) {
		smc->clc_state_change = tk->sk_state_change;
		tk->sk_state_change = smc_clcsock_state_change;
	}
	if (hooks & SMC_CLC_HOOK_DATA) {
		smc->clc_data_ready = tk->sk_data_ready;
		tk->sk_data_ready = smc_clcsock_data_ready;
	}
	smc->clc_hooks |= hooks;
	write_unlock_bh(&tk->sk_callback_lock);
}

/**
 * smc_clcsock_unhook() - restore the clcsock's own callbacks
 * @smc: the AF_SMC socket
 * @hooks: SMC_CLC_HOOK_* bits to remove
 */
void smc_clcsock_unhook(struct smc_sock *smc, unsigned int hooks)
{
	struct sock *tk = smc->clcsock->sk;

	write_lock_bh(&tk->sk_callback_lock);
	hooks &= smc->clc_hooks;
	if (hooks & SMC_CLC_HOOK_ERR)
		tk->sk_error_report = smc->clc_error_report;
	if (hooks & SMC_CLC_HOOK_STATE)
		tk->sk_state_change = smc->clc_state_change;
	if (hooks & SMC_CLC_HOOK_DATA)
		tk->sk_data_ready = smc->clc_data_ready;
	smc->clc_hooks &= ~hooks;
	if (!smc->clc_hooks)
		tk->sk_user_data = NULL;
	write_unlock_bh(&tk->sk_callback_lock);
}

/**
 * smc_clcsock_adopt_child() - give an accepted TCP socket its own callback
 * @lsmc: the listening AF_SMC socket
 * @child: a TCP socket just accepted from @lsmc's clcsock
 *
 * The child was cloned from the listener and inherited our sk_data_ready
 * hook; put back the callback the listener had before we hooked it.
 */
void smc_clcsock_adopt_child(struct smc_sock *lsmc, struct socket *child)
{
	struct sock *tk = child->sk;

	write_lock_bh(&tk->sk_callback_lock);
	if (tk->sk_data_ready == smc_clcsock_data_ready)
		tk->sk_data_ready = lsmc->clc_data_ready;
	write_unlock_bh(&tk->sk_callback_lock);
}
