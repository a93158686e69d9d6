// SPDX-License-Identifier: GPL-2.0
/* handshake.c - the SMC rendezvous: TCP option and CLC handshake.
 *
 * Both ends ask TCP to carry the SMC option in SYN and SYN-ACK (the
 * kernel's tcp_have_smc key and tcp_sock.syn_smc). After the TCP handshake
 * syn_smc tells whether both did. If not, no CLC message is sent and the
 * connection is plain TCP (SMC_CLC_DECL_PEERNOSMC). If both did, the CLC
 * handshake runs over the TCP stream before the application may use it.
 *
 * The SMC-Rv2 exchange itself (PROPOSAL/ACCEPT/CONFIRM, link group, first
 * link) is smcr_setup.c's. A client that has nothing to propose (no UEID,
 * no RoCE v2 device for the route, IPv6) sends a DECLINE instead; a server
 * that cannot serve a valid PROPOSAL answers with a DECLINE; either side
 * that receives a DECLINE records the peer's diagnosis and falls back.
 * Malformed messages, timeouts and a stream that ends are errors: the
 * connection fails (the protocol allows no fallback there).
 *
 * A client's handshake runs in a work item once TCP leaves SYN_SENT, so
 * non-blocking connect() works; blocking connect() and early send/recv
 * wait for it (smc_hs_wait()). A server child's handshake runs in a work
 * item before accept() can return it (listen.c).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "clc.h"
#include "clcsock.h"
#include "fallback.h"
#include "handshake.h"
#include "netns.h"
#include "smcr_setup.h"
#include "stats.h"

/* Clients and servers wait for each other's CLC messages; with both ends
 * in one kernel, client work items must never keep server ones from
 * running. Hence two workqueues, each allowing many sleeping items.
 */
static struct workqueue_struct *smc_hs_wq;
static struct workqueue_struct *smc_hs_client_wq;

/* Server handshakes under way (PROPOSAL to CONFIRM, or to the 6 s CLC
 * timeout of a client that never sends one), all namespaces together: each
 * holds a worker of smc_hs_wq. At SMC_HS_CONGESTED or more, listeners with
 * limit_smc_hs answer new SYNs without the SMC option.
 */
static atomic_t smc_hs_busy = ATOMIC_INIT(0);
#define SMC_HS_CONGESTED	16

/**
 * smc_hs_queue() - run a listener's work item (accepting, server handshake)
 * @work: the work item
 *
 * Return: false if it was queued already.
 */
bool smc_hs_queue(struct work_struct *work)
{
	return queue_work(smc_hs_wq, work);
}

static void smc_hs_finish(struct smc_sock *smc, int err)
{
	struct sock *sk = &smc->sk;

	lock_sock(sk);
	smc->hs_err = err;
	WRITE_ONCE(smc->hs_state, SMC_HS_DONE);
	release_sock(sk);
	/* wakes connect(), send and recv waiting in smc_hs_wait() and poll */
	sk->sk_state_change(sk);
}

/* The client's side once TCP is connected. */
static int smc_hs_client(struct smc_sock *smc)
{
	struct socket *clc = smc->clcsock;

	if (clc->sk->sk_shutdown & SEND_SHUTDOWN) {
		smc_fback_set_reason(smc, SMC_CLC_DECL_OPTUNSUPP);
		return 0;
	}
	if (!tcp_sk(clc->sk)->syn_smc) {
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERNOSMC);
		return 0;
	}
	return smc_smcr_client(smc);
}

static void smc_hs_connect_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock, hs_work);
	struct sock *tk = smc->clcsock->sk;
	int rc = 0;

	smc_clcsock_unhook(smc, SMC_CLC_HOOK_STATE);
	if ((1 << READ_ONCE(tk->sk_state)) &
	    (TCPF_ESTABLISHED | TCPF_CLOSE_WAIT)) {
		rc = smc_hs_client(smc);
		if (rc) {
			net_dbg_ratelimited("CLC handshake failed: %d\n",
					    rc);
			smc_stats_hs_err(sock_net(&smc->sk), false);
			tcp_abort(tk, -rc);
		}
	}
	/* else TCP failed: the application sees TCP's own error */
	smc_hs_finish(smc, rc);
	sock_put(&smc->sk);
}

/**
 * smc_hs_connect_kick() - TCP left SYN_SENT: run the client handshake
 * @smc: the connecting AF_SMC socket
 *
 * Called from the clcsock's sk_state_change hook, in any context.
 */
void smc_hs_connect_kick(struct smc_sock *smc)
{
	if (test_and_set_bit(0, &smc->hs_kicked))
		return;
	sock_hold(&smc->sk);
	if (!queue_work(smc_hs_client_wq, &smc->hs_work))
		sock_put(&smc->sk);
}

/**
 * smc_hs_init_sock() - initialise the handshake part of a new socket
 * @smc: the AF_SMC socket
 */
void smc_hs_init_sock(struct smc_sock *smc)
{
	INIT_WORK(&smc->hs_work, smc_hs_connect_work);
}

/**
 * smc_hs_connect_start() - prepare a socket for its first connect()
 * @smc: the AF_SMC socket, locked
 *
 * Asks TCP for the SMC option and watches the TCP socket's progress.
 * Does nothing while a connection is being set up or exists; after a
 * failed one (TCP is closed again) it starts afresh, as TCP does.
 */
void smc_hs_connect_start(struct smc_sock *smc)
{
	struct sock *tk = smc->clcsock->sk;

	if (smc->hs_state == SMC_HS_CONNECTING || tk->sk_state != TCP_CLOSE)
		return;
	smc->hs_err = 0;
	clear_bit(0, &smc->hs_kicked);
	lock_sock(tk);
	/* after shutdown(SHUT_WR) no CLC message could be sent; after an
	 * SMC-R connection (connect(AF_UNSPEC)) the socket has no room for
	 * another one
	 */
	tcp_sk(tk)->syn_smc = !(tk->sk_shutdown & SEND_SHUTDOWN) &&
			      !smc->conn.started;
	release_sock(tk);
	smc_clcsock_hook(smc, SMC_CLC_HOOK_ERR | SMC_CLC_HOOK_STATE);
	WRITE_ONCE(smc->hs_state, SMC_HS_CONNECTING);
}

/**
 * smc_hs_connect_abort() - the connect() that started the handshake failed
 * @smc: the AF_SMC socket, not locked
 *
 * If TCP gave up (it is closed again: refused, unreachable, bad address),
 * forget the attempt at once, as TCP does, so that poll() and a new
 * connect() see a closed socket. A connect() that was only interrupted
 * leaves TCP connecting and the handshake armed.
 */
void smc_hs_connect_abort(struct smc_sock *smc)
{
	if (READ_ONCE(smc->hs_state) != SMC_HS_CONNECTING ||
	    READ_ONCE(smc->clcsock->sk->sk_state) != TCP_CLOSE)
		return;
	smc_clcsock_unhook(smc, SMC_CLC_HOOK_STATE);
	/* a queued work would only record TCP's failure */
	if (cancel_work_sync(&smc->hs_work))
		sock_put(&smc->sk);
	lock_sock(&smc->sk);
	if (smc->hs_state == SMC_HS_CONNECTING)
		WRITE_ONCE(smc->hs_state, SMC_HS_NONE);
	release_sock(&smc->sk);
}

/**
 * smc_hs_disconnected() - connect(AF_UNSPEC) returned: start afresh
 * @smc: the AF_SMC socket, locked
 */
void smc_hs_disconnected(struct smc_sock *smc)
{
	if (smc->hs_state == SMC_HS_CONNECTING ||
	    smc->clcsock->sk->sk_state != TCP_CLOSE)
		return;
	smc_clcsock_unhook(smc, SMC_CLC_HOOK_STATE);
	WRITE_ONCE(smc->hs_state, SMC_HS_NONE);
}

/**
 * smc_hs_wait() - wait until the connection is set up
 * @smc: the AF_SMC socket, not locked
 * @timeo: in: how long to wait; out: what is left
 *
 * Return: 0 when the handshake is done (successful or not), -EAGAIN when
 * @timeo ran out, or the signal errno.
 */
int smc_hs_wait(struct smc_sock *smc, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;
	int rc = 0;

	add_wait_queue(sk_sleep(sk), &wait);
	while (READ_ONCE(smc->hs_state) == SMC_HS_CONNECTING) {
		if (!*timeo) {
			rc = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			rc = sock_intr_errno(*timeo);
			break;
		}
		*timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, *timeo);
	}
	remove_wait_queue(sk_sleep(sk), &wait);
	return rc;
}

/* The server's side: PROPOSAL or DECLINE expected. */
static int smc_hs_server_clc(struct smc_sock *smc, u8 *buf)
{
	struct smc_clc_proposal_info *prop;
	struct socket *clc = smc->clcsock;
	struct smc_clc_decline_info decl;
	struct smc_clc_hdr hdr;
	u32 code = 0;
	int len, rc;

	len = smc_clc_recv(clc, buf, SMC_CLC_PROPOSAL_MAX_LEN,
			   SMC_CLC_PROPOSAL, SMC_CLC_WAIT_TIME, &hdr);
	if (len < 0)
		return len;
	if (hdr.type == SMC_CLC_DECLINE) {
		if (smc_clc_decline_decode(buf, len, &decl))
			return -EPROTO;
		smc->peer_diagnosis = decl.diag;
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERDECL);
		return 0;
	}
	prop = kzalloc(sizeof(*prop), GFP_KERNEL);
	if (!prop)
		return -ENOMEM;
	rc = smc_clc_proposal_decode(buf, len, prop, &code);
	if (!rc)
		rc = smc_smcr_server(smc, prop);
	else if (rc == -EOPNOTSUPP && code)
		rc = code;	/* understood, but not a mode we serve */
	else
		rc = -EPROTO;
	kfree(prop);
	if (rc <= 0)
		return rc;	/* SMC-R, or the connection fails */
	if (rc == SMC_CLC_DECL_PEERDECL) {
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERDECL);
		return 0;
	}
	code = rc;
	rc = smc_clc_send_decline(clc, code,
				  hdr.version > SMC_CLC_V1 ? SMC_CLC_V2 :
							     SMC_CLC_V1);
	if (rc)
		return rc;
	smc_fback_set_reason(smc, code);
	return 0;
}

/**
 * smc_hs_server() - run the server's handshake on an accepted connection
 * @smc: the new AF_SMC socket; its clcsock is connected
 *
 * Return: 0 when the connection may be handed to accept() (in fallback
 * mode, with the reason set), or a negative errno when it must be dropped.
 */
int smc_hs_server(struct smc_sock *smc)
{
	long timeo;
	u8 *buf;
	int rc;

	if (!tcp_sk(smc->clcsock->sk)->syn_smc) {
		smc_fback_set_reason(smc, SMC_CLC_DECL_PEERNOSMC);
		return 0;
	}
	buf = kmalloc(SMC_CLC_PROPOSAL_MAX_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	/* the CLC waits change the timeout the child inherited */
	timeo = READ_ONCE(smc->clcsock->sk->sk_rcvtimeo);
	atomic_inc(&smc_hs_busy);
	rc = smc_hs_server_clc(smc, buf);
	atomic_dec(&smc_hs_busy);
	WRITE_ONCE(smc->clcsock->sk->sk_rcvtimeo, timeo);
	kfree(buf);
	if (rc)
		net_dbg_ratelimited("CLC handshake from a client failed: %d\n",
				    rc);
	return rc;
}

/* TCP asks this for every SYN a limiting listener receives (softirq):
 * true means "answer without the SMC option", so the connection becomes
 * plain TCP (SMC_CLC_DECL_PEERNOSMC at both ends) instead of waiting for a
 * handshake worker.
 */
static bool smc_hs_congested(const struct sock *sk)
{
	if (atomic_read(&smc_hs_busy) < SMC_HS_CONGESTED)
		return false;
	smc_net_count(sock_net(sk), SMC_NET_HS_LIMITED);
	return true;
}

/**
 * smc_hs_listen_limit() - apply SMC_LIMIT_HS to a new listener
 * @tk: the listener's TCP socket, locked
 * @limit: the listener's SMC_LIMIT_HS (net.smc.limit_smc_hs when the socket
 *	was made, unless setsockopt() changed it)
 */
void smc_hs_listen_limit(struct sock *tk, bool limit)
{
	tcp_sk(tk)->smc_hs_congested = limit ? smc_hs_congested : NULL;
}

int smc_hs_init(void)
{
	smc_hs_wq = alloc_workqueue("af_smc_hs", 0, WQ_MAX_ACTIVE);
	if (!smc_hs_wq)
		return -ENOMEM;
	smc_hs_client_wq = alloc_workqueue("af_smc_hs_client", 0,
					   WQ_MAX_ACTIVE);
	if (!smc_hs_client_wq) {
		destroy_workqueue(smc_hs_wq);
		return -ENOMEM;
	}
	/* let TCP carry the SMC option for sockets that ask for it */
	static_branch_enable(&tcp_have_smc);
	return 0;
}

void smc_hs_uninit(void)
{
	static_branch_disable(&tcp_have_smc);
	destroy_workqueue(smc_hs_client_wq);
	destroy_workqueue(smc_hs_wq);
}
