// SPDX-License-Identifier: GPL-2.0
/* listen.c - listening AF_SMC sockets and accept().
 *
 * A listener's clcsock listens for TCP connections with the SMC option
 * requested. When TCP has a new connection (sk_data_ready of the listening
 * TCP socket), listen_work accepts it from TCP, wraps it in a new AF_SMC
 * socket (a child, which has no struct socket yet) and runs the server's
 * CLC handshake in the child's own work item, so a slow or hostile client
 * delays nobody else. A child whose handshake succeeds waits in the
 * listener's accept queue; accept() takes it from there and grafts it onto
 * the new struct socket.
 *
 * Children still count in the TCP listener's accept backlog until accept()
 * takes them or they are dropped (smc_backlog_hold()/smc_backlog_drop()),
 * so TCP refuses SYNs exactly when a TCP listener with the same backlog
 * would.
 *
 * Locking: the listener's sock lock guards its accept queue, counters and
 * state. Each child holds a reference on its listener until it is
 * accepted or dropped.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/net.h>
#include <linux/poll.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "clcsock.h"
#include "fallback.h"
#include "handshake.h"
#include "listen.h"
#include "memacct.h"
#include "netns.h"
#include "stats.h"

/**
 * smc_listen_kick() - let listen_work accept from TCP
 * @lsmc: the listening AF_SMC socket
 *
 * Called from the clcsock's sk_data_ready hook and after a child left.
 */
void smc_listen_kick(struct smc_sock *lsmc)
{
	sock_hold(&lsmc->sk);
	if (!smc_hs_queue(&lsmc->listen_work))
		sock_put(&lsmc->sk);
}

/* Keep a child in the TCP listener's backlog count. The count is also
 * changed by TCP under the accept queue's spinlock; we take it too.
 */
static void smc_backlog_hold(struct smc_sock *lsmc)
{
	struct inet_connection_sock *icsk = inet_csk(lsmc->clcsock->sk);

	spin_lock_bh(&icsk->icsk_accept_queue.rskq_lock);
	sk_acceptq_added(lsmc->clcsock->sk);
	spin_unlock_bh(&icsk->icsk_accept_queue.rskq_lock);
}

/* A child left; the listener is locked and listening, or stopping. */
static void smc_backlog_drop(struct smc_sock *lsmc)
{
	struct inet_connection_sock *icsk = inet_csk(lsmc->clcsock->sk);

	spin_lock_bh(&icsk->icsk_accept_queue.rskq_lock);
	sk_acceptq_removed(lsmc->clcsock->sk);
	spin_unlock_bh(&icsk->icsk_accept_queue.rskq_lock);
}

/* Drop a child that never reached accept(): close its TCP connection. */
static void smc_child_drop(struct smc_sock *child, bool in_hs_work)
{
	struct sock *lsk = &child->listener->sk;

	child->listener = NULL;
	smc_sock_drop(child, in_hs_work);
	sock_put(lsk);
}

static void smc_child_hs_work(struct work_struct *work)
{
	struct smc_sock *child = container_of(work, struct smc_sock, hs_work);
	struct smc_sock *lsmc = child->listener;
	struct sock *lsk = &lsmc->sk;
	int rc;

	rc = smc_hs_server(child);
	if (rc)
		smc_stats_hs_err(sock_net(lsk), true);
	lock_sock(lsk);
	lsmc->hs_pending--;
	if (rc || lsk->sk_state != TCP_LISTEN) {
		if (lsk->sk_state == TCP_LISTEN)
			smc_backlog_drop(lsmc);
		list_del_init(&child->accept_node);
		release_sock(lsk);
		smc_child_drop(child, true);
		return;
	}
	WRITE_ONCE(child->hs_state, SMC_HS_DONE);
	lsmc->accept_q_len++;
	/* before unlocking: once accepted, the child's reference on the
	 * listener is gone
	 */
	lsk->sk_data_ready(lsk);
	release_sock(lsk);
}

static void smc_listen_work(struct work_struct *work)
{
	struct smc_sock *lsmc = container_of(work, struct smc_sock,
					     listen_work);
	struct sock *lsk = &lsmc->sk;
	struct smc_sock *child;
	struct socket *newclc;

	for (;;) {
		lock_sock(lsk);
		if (lsk->sk_state != TCP_LISTEN)
			break;
		if (kernel_accept(lsmc->clcsock, &newclc, O_NONBLOCK))
			break;
		smc_backlog_hold(lsmc);
		smc_clcsock_adopt_child(lsmc, newclc);
		child = smc_sock_alloc_child(lsk);
		if (!child) {
			smc_backlog_drop(lsmc);
			release_sock(lsk);
			sock_release(newclc);
			continue;
		}
		smc_clcsock_adopt(child, newclc);
		smc_mem_inherit_memcg(&child->sk, lsk);
		sock_hold(lsk);
		child->listener = lsmc;
		child->hs_state = SMC_HS_CONNECTING;
		INIT_WORK(&child->hs_work, smc_child_hs_work);
		/* in TCP's order; accept() takes the first one ready */
		list_add_tail(&child->accept_node, &lsmc->accept_q);
		lsmc->hs_pending++;
		smc_hs_queue(&child->hs_work);
		release_sock(lsk);
	}
	release_sock(lsk);
	sock_put(lsk);
}

/**
 * smc_listen() - proto_ops->listen
 * @sock: the AF_SMC socket
 * @backlog: as for TCP
 *
 * Return: 0 or TCP's error.
 */
int smc_listen(struct socket *sock, int backlog)
{
	struct smc_sock *smc = smc_sk(sock->sk);
	struct socket *clc = smc_fback_clc(sock);
	struct sock *sk = sock->sk;
	int rc;

	smc_fback_sync_opts(smc);
	lock_sock(sk);
	if (sk->sk_state == TCP_LISTEN) {
		/* only the backlog changes */
		rc = clc->ops->listen(clc, backlog);
		if (!rc)
			WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
		goto out;
	}
	if (smc->hs_state != SMC_HS_NONE) {
		rc = -EINVAL;
		goto out;
	}
	lock_sock(clc->sk);
	tcp_sk(clc->sk)->syn_smc = 1;
	smc_hs_listen_limit(clc->sk, smc->limit_hs);
	release_sock(clc->sk);
	rc = clc->ops->listen(clc, backlog);
	if (rc)
		goto out;
	INIT_WORK(&smc->listen_work, smc_listen_work);
	INIT_LIST_HEAD(&smc->accept_q);
	WRITE_ONCE(sk->sk_max_ack_backlog, backlog);
	sk->sk_state = TCP_LISTEN;
	smc_clcsock_hook(smc, SMC_CLC_HOOK_DATA);
	/* connections that arrived before the hook */
	smc_listen_kick(smc);
out:
	release_sock(sk);
	return rc;
}

/* the oldest child whose handshake is done; the listener is locked */
static struct smc_sock *smc_accept_dequeue(struct smc_sock *lsmc)
{
	struct smc_sock *child;

	list_for_each_entry(child, &lsmc->accept_q, accept_node) {
		if (child->hs_state != SMC_HS_DONE)
			continue;
		list_del_init(&child->accept_node);
		lsmc->accept_q_len--;
		return child;
	}
	return NULL;
}

/**
 * smc_listen_accept() - take a connection from the accept queue
 * @sock: the listening AF_SMC socket
 * @newsock: the socket to graft the connection onto
 * @flags: O_NONBLOCK and friends
 * @is_empty: output, may be NULL: whether the queue is empty afterwards
 *
 * Waits as TCP's accept() does: not at all with O_NONBLOCK, up to
 * SO_RCVTIMEO otherwise, interruptible by signals.
 *
 * Return: 0, -EINVAL if not listening, -EAGAIN, or a signal errno.
 */
int smc_listen_accept(struct socket *sock, struct socket *newsock, int flags,
		      bool *is_empty)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct smc_sock *lsmc = smc_sk(sock->sk);
	struct sock *lsk = sock->sk;
	struct smc_sock *child;
	long timeo;
	int rc = 0;

	lock_sock(lsk);
	if (lsk->sk_state != TCP_LISTEN) {
		rc = -EINVAL;
		goto out;
	}
	timeo = sock_rcvtimeo(lsk, flags & O_NONBLOCK);
	add_wait_queue_exclusive(sk_sleep(lsk), &wait);
	while (!(child = smc_accept_dequeue(lsmc))) {
		if (lsk->sk_state != TCP_LISTEN) {
			rc = -EINVAL;
			break;
		}
		if (!timeo) {
			rc = -EAGAIN;
			break;
		}
		if (signal_pending(current)) {
			rc = sock_intr_errno(timeo);
			break;
		}
		release_sock(lsk);
		timeo = wait_woken(&wait, TASK_INTERRUPTIBLE, timeo);
		lock_sock(lsk);
	}
	remove_wait_queue(sk_sleep(lsk), &wait);
	if (is_empty)
		*is_empty = !lsmc->accept_q_len;
	if (!child)
		goto out;
	child->listener = NULL;
	smc_backlog_drop(lsmc);
	smc_sock_graft(child, newsock);
	release_sock(lsk);
	sock_put(lsk);		/* the child's reference */
	smc_net_count(sock_net(lsk), SMC_NET_SOCK_ACCEPTED);
	return 0;
out:
	release_sock(lsk);
	return rc;
}

/**
 * smc_listen_poll() - poll mask of a listener
 * @lsmc: the listening AF_SMC socket
 *
 * Return: EPOLLIN | EPOLLRDNORM when accept() would not block.
 */
__poll_t smc_listen_poll(struct smc_sock *lsmc)
{
	return READ_ONCE(lsmc->accept_q_len) ? EPOLLIN | EPOLLRDNORM : 0;
}

/**
 * smc_listen_stop() - the listener stops listening
 * @lsmc: the AF_SMC socket; its state has left TCP_LISTEN
 *
 * Stops accepting from TCP and drops the connections nobody accepted, as
 * TCP resets the connections in its accept queue. Children still in their
 * handshake drop themselves when it ends.
 */
void smc_listen_stop(struct smc_sock *lsmc)
{
	struct smc_sock *child, *tmp;
	struct sock *lsk = &lsmc->sk;
	LIST_HEAD(ready);

	smc_clcsock_unhook(lsmc, SMC_CLC_HOOK_DATA);
	if (cancel_work_sync(&lsmc->listen_work))
		sock_put(lsk);
	lock_sock(lsk);
	list_for_each_entry_safe(child, tmp, &lsmc->accept_q, accept_node) {
		/* a child still in its handshake drops itself when done; it
		 * leaves TCP's backlog count now, before TCP's listener
		 * closes (which warns about a count left over)
		 */
		list_del_init(&child->accept_node);
		smc_backlog_drop(lsmc);
		if (child->hs_state == SMC_HS_DONE)
			list_add_tail(&child->accept_node, &ready);
	}
	lsmc->accept_q_len = 0;
	release_sock(lsk);
	list_for_each_entry_safe(child, tmp, &ready, accept_node) {
		list_del_init(&child->accept_node);
		smc_child_drop(child, false);
	}
	/* wake accept() and poll() */
	lsk->sk_state_change(lsk);
}
