// SPDX-License-Identifier: GPL-2.0
/*
 * tx.c - sending on SMC-R connections.
 *
 * sendmsg() copies the application's data into the send buffer, a ring of
 * conn->sndbuf_size bytes: [tx_fin, tx_sent) waits for the completion of
 * the CDC that announced it, [tx_sent, tx_prep) is not written yet, the
 * rest is free. Pushing writes min(unsent, free space in the peer's RMBE)
 * bytes with at most two RDMA writes (tx_seg.h) at our producer cursor and
 * posts the CDC behind them (smc_cdc_send()). When data is left that does
 * not fit, the CDC says so (SMC_CDC_PROD_WRITE_BLOCKED); the peer's
 * consumer cursor update then pushes again, from the CDC receive path.
 *
 * Pushes happen from any context, always under conn->lock; a push that
 * finds no free send slot in softirq context (or after waiting a while in
 * process context) is left to conn->tx_work. Shutdown and close requests
 * (conn->tx_flags_req) ride on the CDC that writes the last unsent byte.
 *
 * Corking: with TCP_CORK set on the clcsock or MSG_MORE, data is held until
 * half of the smaller of the two buffers is filled, until a send without
 * either, until the cork is released (smc_tx_flush()), or until shutdown or
 * close. There is no 200 ms cork ceiling as on TCP.
 *
 * Urgent data (MSG_OOB): the last byte of the send is urgent. The push that
 * reaches it stops right after it and its CDC carries
 * SMC_CDC_PROD_URG_PRESENT; earlier CDCs carry SMC_CDC_PROD_URG_PENDING.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/sched/signal.h>
#include <linux/uio.h>
#include <linux/workqueue.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "cdc.h"
#include "cdc_wire.h"
#include "close.h"
#include "lgr.h"
#include "link.h"
#include "sysctl.h"
#include "tx.h"
#include "tx_seg.h"
#include "stats.h"

/* pushes at most this many CDCs at once before handing over to tx_work */
#define SMC_TX_PUSH_MAX		4
/* how long a failover waits for a send slot on the new link */
#define SMC_TX_FAILOVER_WAIT	(2 * HZ)

/* tx_work and close_work of every connection */
static struct workqueue_struct *smc_conn_wq;

/**
 * smc_conn_queue() - queue a connection's work item
 * @work: conn->tx_work or conn->close_work
 *
 * Return: false if it was queued already.
 */
bool smc_conn_queue(struct work_struct *work)
{
	return queue_work(smc_conn_wq, work);
}

/**
 * smc_tx_unsent() - bytes in the send buffer not written to the peer yet
 * @conn: the connection, conn->lock held
 *
 * Return: the number of bytes.
 */
u32 smc_tx_unsent(const struct smc_conn *conn)
{
	int n = smc_cursor_diff(conn->sndbuf_size, &conn->tx_sent,
				&conn->tx_prep);

	return n > 0 ? n : 0;
}

/**
 * smc_tx_sndbuf_used() - bytes in the send buffer not completed yet
 * @conn: the connection, conn->lock held
 *
 * Return: the number of bytes, unsent or sent and not yet acknowledged.
 */
u32 smc_tx_sndbuf_used(const struct smc_conn *conn)
{
	int n = smc_cursor_diff(conn->sndbuf_size, &conn->tx_fin,
				&conn->tx_prep);

	return n > 0 ? n : 0;
}

/**
 * smc_tx_sndbuf_free() - free space in the send buffer
 * @conn: the connection, conn->lock held
 *
 * Return: the number of bytes sendmsg() may copy in.
 */
u32 smc_tx_sndbuf_free(const struct smc_conn *conn)
{
	return conn->sndbuf_size - smc_tx_sndbuf_used(conn);
}

static u32 smc_tx_peer_space(const struct smc_conn *conn)
{
	int n = smc_cursor_free(conn->peer_rmbe_size, &conn->tx_peer_cons,
				&conn->tx_prod);

	return n > 0 ? n : 0;
}

/* corked data is pushed anyway once this much is waiting */
static u32 smc_tx_hold_limit(const struct smc_conn *conn)
{
	return min(conn->sndbuf_size, conn->peer_rmbe_size) / 2;
}

/* Autocorking: while a CDC of ours is in flight, less than
 * net.smc.autocorking_size of new data waits for its completion
 * (smc_cdc_tx_done() pushes it), so that a stream of small writes becomes
 * fewer, larger RDMA writes and fewer CDCs. Nothing waits when no CDC is in
 * flight, so a lone small message leaves at once; 0 turns it off. Nor does
 * data wait that the peer's RMBE held back (our last CDC said we were
 * write-blocked): it goes as soon as the peer reports room, or a stream
 * would leave the freed room unused until every CDC in flight completed.
 */
static bool smc_tx_autocork(struct smc_sock *smc, u32 len)
{
	const struct smc_conn *conn = &smc->conn;

	return conn->tx_inflight &&
	       !(conn->tx_prod_flags & SMC_CDC_PROD_WRITE_BLOCKED) &&
	       len < min(smc_tx_hold_limit(conn),
			 smc_sysctl_autocorking_size(sock_net(&smc->sk)));
}

static bool smc_tx_corked(struct smc_sock *smc)
{
	struct socket *clc = smc->clcsock;

	/* a racy read of a bit-field: a late cork only delays a push */
	return clc && (tcp_sk(clc->sk)->nonagle & TCP_NAGLE_CORK);
}

/* Post a CDC (with data) if one is due. Under conn->lock. Without @slot,
 * only tell whether one is due.
 *
 * Return: 1 if a CDC was (or would be) posted, 0 if none is due, or a
 * negative errno.
 */
static int smc_tx_xmit_locked(struct smc_sock *smc, struct smc_wr_tx_slot *slot)
{
	struct smc_wr_write wr[SMC_TX_SEG_MAX] = {};
	struct smc_tx_seg seg[SMC_TX_SEG_MAX];
	struct smc_conn *conn = &smc->conn;
	u32 unsent, space, len, to_urg = 0;
	u8 prod_flags = 0, conn_flags = 0, new_flags;
	unsigned int n = 0, i, k;
	u8 req;
	int rc;

	if (conn->killed || conn->freed || !conn->started)
		return -ENOLINK;
	req = conn->tx_flags_req & ~conn->tx_conn_flags;
	unsent = conn->tx_discard ? 0 : smc_tx_unsent(conn);
	space = smc_tx_peer_space(conn);
	len = unsent;
	if (!req && ((conn->tx_hold && len < smc_tx_hold_limit(conn)) ||
		     smc_tx_autocork(smc, len)))
		len = 0;
	if (conn->tx_urg_pending && !conn->tx_discard) {
		/* up to and including the urgent byte, even when corked */
		to_urg = smc_cursor_diff(conn->sndbuf_size, &conn->tx_sent,
					 &conn->tx_urg);
		len = min(unsent, to_urg);
	}
	if (len > space) {
		prod_flags |= SMC_CDC_PROD_WRITE_BLOCKED;
		len = space;
		if (slot && !space)
			smc_stats_event(sock_net(&smc->sk),
					SMC_STATS_TX_PEER_FULL);
	}
	if (conn->tx_urg_pending && !conn->tx_discard)
		prod_flags |= len && len == to_urg ? SMC_CDC_PROD_URG_PRESENT :
						     SMC_CDC_PROD_URG_PENDING;
	if (req & SMC_CDC_CONN_ABORT) {
		len = 0;
		prod_flags = 0;
		conn_flags = SMC_CDC_CONN_ABORT;
	} else if (len == unsent) {
		conn_flags = req;
	}
	new_flags = prod_flags & ~conn->tx_prod_flags;
	/* No CDC just to say we are write-blocked: without data to send,
	 * the peer's RMBE is full as far as we know, and a receiver reports
	 * consumption of a full RMBE on its own (rx.c; as upstream's does).
	 * A stream would otherwise pay an extra CDC for most of its writes.
	 */
	if (!len)
		new_flags &= ~SMC_CDC_PROD_WRITE_BLOCKED;
	if (!len && !conn_flags && !conn->tx_cons_upd && !new_flags)
		return 0;
	if (!slot)
		return 1;

	if (len) {
		u64 vaddr, base;
		u32 rkey;

		rc = smc_lgr_rtoken(conn->lgr, conn->peer_rtoken, conn->lnk,
				    &rkey, &vaddr);
		if (rc)
			return rc;
		n = smc_tx_segs(conn->tx_sent.count, conn->sndbuf_size,
				conn->tx_prod.count, conn->peer_rmbe_size, len,
				seg);
		if (WARN_ON_ONCE(!n))
			return -EINVAL;
		base = conn->sndbuf->reg[conn->lnk->idx].dma_addr;
		for (i = 0; i < n; i++) {
			wr[i].remote_addr = vaddr + conn->peer_rmbe_off +
					    seg[i].dst_off;
			wr[i].rkey = rkey;
			wr[i].nsge = seg[i].nsge;
			for (k = 0; k < seg[i].nsge; k++) {
				wr[i].addr[k] = base + seg[i].src_off[k];
				wr[i].len[k] = seg[i].len[k];
			}
		}
	}
	rc = smc_cdc_send(smc, slot, n ? wr : NULL, n, len, prod_flags,
			  conn_flags);
	if (rc)
		return rc;
	if (prod_flags & SMC_CDC_PROD_URG_PRESENT)
		conn->tx_urg_pending = false;
	if (conn_flags)
		smc_close_sent_locked(smc);
	return 1;
}

/**
 * smc_tx_push() - send what is due: data, close flags, a cursor update
 * @smc: the socket
 * @can_sleep: process context, no spinlock held: may wait for a send slot
 *
 * Without a free send slot the work is left to conn->tx_work.
 *
 * Return: 0 or a negative errno (-ENOLINK: the connection cannot send).
 */
int smc_tx_push(struct smc_sock *smc, bool can_sleep)
{
	struct smc_conn *conn = &smc->conn;
	struct smc_wr_tx_slot *slot;
	int i, rc;

	for (i = 0; i < SMC_TX_PUSH_MAX; i++) {
		spin_lock_bh(&conn->lock);
		rc = smc_tx_xmit_locked(smc, NULL);
		spin_unlock_bh(&conn->lock);
		if (rc <= 0)
			return rc;
		rc = smc_cdc_get_slot(smc, can_sleep, &slot);
		if (rc) {
			if (rc != -ENOLINK)
				smc_tx_schedule(smc);
			return rc;
		}
		spin_lock_bh(&conn->lock);
		rc = smc_tx_xmit_locked(smc, slot);
		spin_unlock_bh(&conn->lock);
		if (rc == -EAGAIN) {
			/* moved to another link meanwhile: take one of it */
			smc_cdc_put_slot(smc, slot);
			continue;
		}
		if (rc <= 0) {
			smc_cdc_put_slot(smc, slot);
			return rc;
		}
	}
	smc_tx_schedule(smc);
	return 0;
}

/**
 * smc_tx_failover() - move a connection to another link of its group
 * @smc: the socket
 * @old: the link it used, drained (smc_link_drain()) or leaving and idle
 *	(smc_link_set_leaving(), smc_wr_tx_wait_idle()): every CDC posted on
 *	it has completed or was flushed, so tx_fin and tx_prod_fin are final
 * @lnk: a working link of the same group
 *
 * SMC-R.md 5.6: the send buffer's sent cursor goes back to tx_fin and the
 * producer cursor to the one of the last CDC that arrived, so that data
 * not known to have landed is written again, at the same offsets, over
 * @lnk; if the peer reported consuming beyond that point (the completion
 * of a CDC it received was lost with the link), the cursors move up to its
 * consumer cursor. A validation CDC goes first; then a CDC is pushed even
 * without data, so that flags and our consumer cursor in a lost CDC reach
 * the peer. A connection whose peer RMB has no rkey on @lnk cannot go on
 * and is aborted.
 *
 * Context: process context, the group's conf_lock held.
 */
void smc_tx_failover(struct smc_sock *smc, struct smc_link *old,
		     struct smc_link *lnk)
{
	struct smc_conn *conn = &smc->conn;
	struct smc_wr_tx_slot *slot = NULL;
	struct smc_tx_cursors c;
	struct smc_cursor sent;
	bool abort = false;
	u64 vaddr;
	u32 rkey;
	int rc;

	rc = smc_wr_tx_get(lnk, SMC_TX_FAILOVER_WAIT, &slot);
	spin_lock_bh(&conn->lock);
	if (conn->lnk != old) {
		spin_unlock_bh(&conn->lock);
		if (slot)
			smc_wr_tx_put(lnk, slot);
		return;
	}
	WRITE_ONCE(conn->lnk, lnk);
	c.sent = conn->tx_sent;
	c.fin = conn->tx_fin;
	c.prod = conn->tx_prod;
	c.prod_fin = conn->tx_prod_fin;
	smc_cursor_failover(&c, &conn->tx_peer_cons, conn->sndbuf_size,
			    conn->peer_rmbe_size);
	sent = conn->tx_sent;
	conn->tx_sent = c.sent;
	conn->tx_fin = c.fin;
	conn->tx_prod = c.prod;
	conn->tx_prod_fin = c.prod_fin;
	/* an urgent byte written again (its CDC may be lost) is announced
	 * again; one outside what is written again is not
	 */
	if (!conn->tx_urg_pending &&
	    smc_cursor_cmp(&conn->tx_urg, &conn->tx_sent) > 0 &&
	    smc_cursor_cmp(&conn->tx_urg, &sent) <= 0)
		conn->tx_urg_pending = true;
	conn->tx_cons_upd = true;
	if (conn->started && !conn->killed && !conn->freed) {
		if (smc_lgr_rtoken(conn->lgr, conn->peer_rtoken, lnk, &rkey,
				   &vaddr))
			abort = true;
		else if (!rc)
			rc = smc_cdc_send_validation(smc, slot);
	}
	if (abort)
		smc_close_abort_locked(smc, ECONNABORTED);
	spin_unlock_bh(&conn->lock);
	if (slot && (rc || abort))
		smc_wr_tx_put(lnk, slot);
	if (abort) {
		sk_error_report(&smc->sk);
		smc_close_check(smc);
		return;
	}
	smc_tx_push(smc, true);
}

/**
 * smc_tx_schedule() - let conn->tx_work push now
 * @smc: the socket
 *
 * Any context. The work item holds a reference on the socket. A delayed
 * run that is pending (smc_tx_schedule_delayed()) is brought forward.
 */
void smc_tx_schedule(struct smc_sock *smc)
{
	sock_hold(&smc->sk);
	/* true: it was pending and holds its reference already */
	if (mod_delayed_work(smc_conn_wq, &smc->conn.tx_work, 0))
		sock_put(&smc->sk);
}

/**
 * smc_tx_schedule_delayed() - let conn->tx_work push after a while
 * @smc: the socket
 * @delay: jiffies
 *
 * Any context. A run that is pending already is left as it is.
 */
void smc_tx_schedule_delayed(struct smc_sock *smc, unsigned long delay)
{
	sock_hold(&smc->sk);
	if (!queue_delayed_work(smc_conn_wq, &smc->conn.tx_work, delay))
		sock_put(&smc->sk);
}

static void smc_tx_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(to_delayed_work(work),
					    struct smc_sock, conn.tx_work);
	struct smc_conn *conn = &smc->conn;
	unsigned long wait = 0;

	/* a delayed consumer cursor update (rx.c) that waited long enough
	 * goes out; one delayed later than the run was planned for waits on
	 */
	spin_lock_bh(&conn->lock);
	if (conn->rx_cons_delayed) {
		if (time_before(jiffies, conn->rx_cons_due)) {
			wait = conn->rx_cons_due - jiffies;
		} else {
			conn->rx_cons_delayed = false;
			conn->tx_cons_upd = true;
		}
	}
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
	if (wait)
		smc_tx_schedule_delayed(smc, wait);
	sock_put(&smc->sk);
}

/**
 * smc_tx_flush() - push data held back by corking
 * @smc: the socket, SMC-R mode
 *
 * Called when TCP_CORK is released or TCP_NODELAY set on the clcsock, and
 * when a splice ends. Process context.
 */
void smc_tx_flush(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;

	if (smc_tx_corked(smc))
		return;
	spin_lock_bh(&conn->lock);
	conn->tx_hold = false;
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
}

/**
 * smc_tx_write_space() - wake writers: send buffer space may be free
 * @smc: the socket
 *
 * Any context. Also wakes close() waiting for data to leave.
 */
void smc_tx_write_space(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;
	struct socket_wq *wq;

	rcu_read_lock();
	wq = rcu_dereference(sk->sk_wq);
	if (skwq_has_sleeper(wq))
		wake_up_interruptible_poll(&wq->wait, EPOLLOUT | EPOLLWRNORM |
					   EPOLLWRBAND);
	rcu_read_unlock();
	if (!(READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN))
		sk_wake_async(sk, SOCK_WAKE_SPACE, POLL_OUT);
}

/* Why no data may be sent (sock lock held): -EPIPE, or 0. A pending
 * socket error is left for sk_stream_error() to report, as TCP does, so
 * that a call that copied data first does not swallow it.
 */
static int smc_tx_check(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool peer_gone;

	if (READ_ONCE(sk->sk_err) ||
	    (READ_ONCE(sk->sk_shutdown) & SEND_SHUTDOWN))
		return -EPIPE;
	/* A peer that closed gets our data and answers with an abort, as a
	 * closed TCP socket answers with a reset: the first send succeeds.
	 */
	spin_lock_bh(&conn->lock);
	peer_gone = conn->killed || conn->tx_discard ||
		    (conn->rx_conn_flags & SMC_CDC_CONN_ABORT);
	spin_unlock_bh(&conn->lock);
	return peer_gone ? -EPIPE : 0;
}

static bool smc_tx_can_copy(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	bool ok;

	if (READ_ONCE(smc->sk.sk_err) ||
	    (READ_ONCE(smc->sk.sk_shutdown) & SEND_SHUTDOWN))
		return true;
	spin_lock_bh(&conn->lock);
	ok = conn->killed || conn->tx_discard ||
	     (conn->rx_conn_flags & SMC_CDC_CONN_ABORT) ||
	     smc_tx_sndbuf_free(conn) > 0;
	spin_unlock_bh(&conn->lock);
	return ok;
}

/* Wait for send buffer space; the caller loops and checks again. */
static int smc_tx_wait(struct smc_sock *smc, long *timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;

	if (!*timeo)
		return -EAGAIN;
	if (signal_pending(current))
		return sock_intr_errno(*timeo);
	sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	if (sk->sk_socket)
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	add_wait_queue(sk_sleep(sk), &wait);
	sk_wait_event(sk, timeo, smc_tx_can_copy(smc), &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
	return 0;
}

/* Copy @len bytes into the send buffer at tx_prep; returns bytes copied. */
static size_t smc_tx_copy(struct smc_conn *conn, struct iov_iter *from,
			  u32 len)
{
	u8 *buf = conn->sndbuf->cpu_addr;
	u32 off = conn->tx_prep.count;
	u32 first = min(len, conn->sndbuf_size - off);
	size_t done;

	done = copy_from_iter(buf + off, first, from);
	if (done == first && len > first)
		done += copy_from_iter(buf, len - first, from);
	return done;
}

/**
 * smc_tx_sendmsg() - sendmsg() on an SMC-R connection
 * @smc: the socket, SMC-R mode, not locked
 * @msg: the data and flags (MSG_DONTWAIT, MSG_NOSIGNAL, MSG_MORE, MSG_OOB)
 * @len: bytes to send
 *
 * Blocks for send buffer space as SO_SNDTIMEO and MSG_DONTWAIT allow.
 *
 * Return: bytes sent, or a negative errno: -EAGAIN, -EPIPE (with SIGPIPE
 * unless MSG_NOSIGNAL) after shutdown or the peer's close, a pending socket
 * error (-ECONNRESET after the peer aborted), -EFAULT, or a signal's.
 */
int smc_tx_sendmsg(struct smc_sock *smc, struct msghdr *msg, size_t len)
{
	struct smc_conn *conn = &smc->conn;
	int flags = msg->msg_flags;
	struct sock *sk = &smc->sk;
	size_t copied = 0;
	long timeo;
	int rc = 0;

	lock_sock(sk);
	timeo = sock_sndtimeo(sk, flags & MSG_DONTWAIT);
	for (;;) {
		size_t done;
		u32 n;

		rc = smc_tx_check(smc);
		if (rc || copied == len)
			break;
		spin_lock_bh(&conn->lock);
		n = smc_tx_sndbuf_free(conn);
		spin_unlock_bh(&conn->lock);
		if (!n) {
			smc_stats_event(sock_net(sk), SMC_STATS_TX_FULL);
			smc_tx_push(smc, true);
			rc = smc_tx_wait(smc, &timeo);
			if (rc)
				break;
			continue;
		}
		n = min_t(size_t, n, len - copied);
		done = smc_tx_copy(conn, &msg->msg_iter, n);
		spin_lock_bh(&conn->lock);
		smc_cursor_add(&conn->tx_prep, done, conn->sndbuf_size);
		copied += done;
		if (copied == len && (flags & MSG_OOB) && done) {
			conn->tx_urg = conn->tx_prep;
			conn->tx_urg_pending = true;
			smc_stats_event(sock_net(sk), SMC_STATS_URG);
		}
		conn->tx_hold = (flags & MSG_MORE) || smc_tx_corked(smc);
		spin_unlock_bh(&conn->lock);
		smc_tx_push(smc, true);
		if (done < n) {
			rc = -EFAULT;
			break;
		}
	}
	release_sock(sk);
	if (copied) {
		smc_stats_payload(sock_net(sk), false, copied);
		return copied;
	}
	return sk_stream_error(sk, flags, rc);
}

/**
 * smc_tx_init_conn() - initialise the sending side of a new socket
 * @smc: the socket
 */
void smc_tx_init_conn(struct smc_sock *smc)
{
	INIT_DELAYED_WORK(&smc->conn.tx_work, smc_tx_work);
}

int smc_tx_init(void)
{
	smc_conn_wq = alloc_workqueue("af_smc_conn", 0, 0);
	return smc_conn_wq ? 0 : -ENOMEM;
}

void smc_tx_uninit(void)
{
	destroy_workqueue(smc_conn_wq);
}
