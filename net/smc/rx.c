// SPDX-License-Identifier: GPL-2.0
/*
 * rx.c - receiving on SMC-R connections.
 *
 * The peer RDMA-writes into our RMBE, a ring of conn->rmbe_size bytes, and
 * announces it with its producer cursor (conn->rx_prod); [rx_cons, rx_prod)
 * is readable. recvmsg() copies from there without conn->lock (the peer
 * writes only outside that range) and then moves rx_cons. The peer learns
 * our consumer cursor from every CDC we send; a CDC just for it goes out
 * when more than a tenth of the RMBE was consumed and not reported yet and
 * the peer is write-blocked or, as far as it knows, has at most half of
 * the RMBE free (protocol section 5.4), when it asks for one, and when the
 * reader passes an urgent byte.
 *
 * Delayed consumer cursor updates: on a request/response connection (our
 * last CDC carried data) whose peer is not write-blocked, the update waits
 * for the next CDC with data, which carries our consumer cursor anyway:
 * the answer the application is about to send. It waits at most
 * SMC_RX_CONS_DELAY (conn->tx_work sends it then), and no longer than
 * until the reader waits for more data. A 64 KiB request/response then
 * costs two CDCs instead of four. A peer that has more to send than fits
 * says so (SMC_CDC_PROD_WRITE_BLOCKED) and gets its update at once; one
 * whose data fitted exactly and that writes more later waits for the
 * delay at most.
 *
 * Urgent data: a CDC with SMC_CDC_PROD_URG_PRESENT makes the byte before
 * its producer cursor urgent. It is copied aside at once, for
 * recv(MSG_OOB); without SO_OOBINLINE the stream skips it. Like TCP, a read
 * stops at the mark so that SIOCATMARK can tell, and a new urgent byte
 * replaces an older one that was not read.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/bvec.h>
#include <linux/pipe_fs_i.h>
#include <linux/sched/signal.h>
#include <linux/sockios.h>
#include <linux/splice.h>
#include <asm/ioctls.h>
#include <linux/uio.h>
#include <net/sock.h>

#include "smc.h"
#include "cdc_wire.h"
#include "lgr.h"
#include "rx.h"
#include "tx.h"
#include "stats.h"

/* how long a consumer cursor update may wait for a CDC with data */
#define SMC_RX_CONS_DELAY	max_t(unsigned long, 1, msecs_to_jiffies(5))

/**
 * smc_rx_readable() - bytes the application may read
 * @conn: the connection, conn->lock held
 *
 * Return: the number of bytes between the consumer and producer cursors.
 */
u32 smc_rx_readable(const struct smc_conn *conn)
{
	int n = smc_cursor_diff(conn->rmbe_size, &conn->rx_cons,
				&conn->rx_prod);

	return n > 0 ? n : 0;
}

/**
 * smc_rx_cons_update_needed_locked() - is a consumer cursor CDC due?
 * @conn: the connection, conn->lock held
 *
 * Return: true if more than a tenth of the RMBE was consumed since the
 * last report and the peer is write-blocked or believes at most half of
 * the RMBE is free.
 */
bool smc_rx_cons_update_needed_locked(const struct smc_conn *conn)
{
	int unreported, peer_used;

	unreported = smc_cursor_diff(conn->rmbe_size, &conn->rx_cons_sent,
				     &conn->rx_cons);
	if (unreported <= 0 || unreported < conn->rmbe_size / 10)
		return false;
	if (conn->rx_prod_flags & SMC_CDC_PROD_WRITE_BLOCKED)
		return true;
	peer_used = smc_cursor_diff(conn->rmbe_size, &conn->rx_cons_sent,
				    &conn->rx_prod);
	return peer_used < 0 || conn->rmbe_size - peer_used <=
				conn->rmbe_size / 2;
}

/* Bytes from rx_cons to the urgent byte, or -1 if no mark is ahead. */
static int smc_rx_urg_dist_locked(const struct smc_conn *conn)
{
	int d;

	if (conn->rx_urg_state == SMC_RX_URG_NONE)
		return -1;
	d = smc_cursor_diff(conn->rmbe_size, &conn->rx_cons, &conn->rx_urg);
	return d > 0 ? d - 1 : -1;
}

/**
 * smc_rx_urg_arrived_locked() - the last CDC carried an urgent byte
 * @smc: the socket, conn->lock held; rx_prod was just advanced
 *
 * Softirq context.
 */
void smc_rx_urg_arrived_locked(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	const u8 *buf = conn->rmb->cpu_addr;
	u32 at = conn->rx_prod.count;

	/* The reader stands at an older urgent byte that is not inline: as
	 * on TCP, it is skipped now, or it would be read as data once the
	 * mark moved on.
	 */
	if (!sock_flag(&smc->sk, SOCK_URGINLINE) &&
	    !smc_rx_urg_dist_locked(conn))
		smc_cursor_add(&conn->rx_cons, 1, conn->rmbe_size);
	at = at ? at - 1 : conn->rmbe_size - 1;
	conn->rx_urg = conn->rx_prod;
	conn->rx_urg_byte = buf[at];
	conn->rx_urg_state = SMC_RX_URG_VALID;
	sk_send_sigurg(&smc->sk);
}

/* May a due consumer cursor update wait for a CDC with data? */
static bool smc_rx_cons_may_delay_locked(const struct smc_conn *conn)
{
	return conn->tx_last_data &&
	       !(conn->rx_prod_flags & (SMC_CDC_PROD_WRITE_BLOCKED |
					SMC_CDC_PROD_CONS_UPD_REQ |
					SMC_CDC_PROD_URG_PENDING));
}

/* The reader is about to wait for data: a delayed update goes out now. */
static void smc_rx_cons_flush(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	bool push;

	spin_lock_bh(&conn->lock);
	push = conn->rx_cons_delayed;
	if (push) {
		conn->rx_cons_delayed = false;
		conn->tx_cons_upd = true;
	}
	spin_unlock_bh(&conn->lock);
	if (push)
		smc_tx_push(smc, true);
}

/* The application consumed @n bytes: move the cursor, tell the peer.
 * @n 0 skips the urgent byte at the reader's position, unless a newer
 * urgent byte made smc_rx_urg_arrived_locked() skip it meanwhile.
 */
static void smc_rx_consume(struct smc_sock *smc, u32 n)
{
	struct smc_conn *conn = &smc->conn;
	bool push, delay = false;

	spin_lock_bh(&conn->lock);
	if (!n && !smc_rx_urg_dist_locked(conn))
		n = 1;
	smc_cursor_add(&conn->rx_cons, n, conn->rmbe_size);
	if (conn->rx_urg_state != SMC_RX_URG_NONE &&
	    smc_cursor_diff(conn->rmbe_size, &conn->rx_cons,
			    &conn->rx_urg) <= 0) {
		/* passed the urgent byte */
		conn->rx_urg_state = SMC_RX_URG_NONE;
		conn->tx_cons_upd = true;
	}
	if (!conn->tx_cons_upd && smc_rx_cons_update_needed_locked(conn)) {
		if (!smc_rx_cons_may_delay_locked(conn)) {
			conn->tx_cons_upd = true;
		} else if (!conn->rx_cons_delayed) {
			conn->rx_cons_delayed = true;
			conn->rx_cons_due = jiffies + SMC_RX_CONS_DELAY;
			delay = true;
		}
	}
	push = conn->tx_cons_upd;
	if (push)
		conn->rx_cons_delayed = false;
	spin_unlock_bh(&conn->lock);
	if (push)
		smc_tx_push(smc, true);
	else if (delay)
		smc_tx_schedule_delayed(smc, SMC_RX_CONS_DELAY);
}

static size_t smc_rx_copy(const struct smc_conn *conn, struct msghdr *msg,
			  const struct smc_cursor *at, u32 len)
{
	const u8 *buf = conn->rmb->cpu_addr;
	u32 first = min(len, conn->rmbe_size - at->count);
	size_t done;

	done = copy_to_iter(buf + at->count, first, &msg->msg_iter);
	if (done == first && len > first)
		done += copy_to_iter(buf, len - first, &msg->msg_iter);
	return done;
}

static bool smc_rx_ready(struct smc_sock *smc, u32 off)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool ready;

	spin_lock_bh(&conn->lock);
	ready = smc_rx_readable(conn) > off ||
		(READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN) ||
		READ_ONCE(sk->sk_err);
	spin_unlock_bh(&conn->lock);
	return ready;
}

static void smc_rx_wait(struct smc_sock *smc, long *timeo, u32 off)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;

	smc_rx_cons_flush(smc);
	add_wait_queue(sk_sleep(sk), &wait);
	sk_wait_event(sk, timeo, smc_rx_ready(smc, off), &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
}

static int smc_rx_recv_urg(struct smc_sock *smc, struct msghdr *msg,
			   size_t len, int flags)
{
	struct smc_conn *conn = &smc->conn;
	int rc = -EINVAL;
	u8 byte = 0;

	if (sock_flag(&smc->sk, SOCK_URGINLINE))
		return -EINVAL;
	spin_lock_bh(&conn->lock);
	if (conn->rx_urg_state == SMC_RX_URG_VALID) {
		byte = conn->rx_urg_byte;
		if (!(flags & MSG_PEEK))
			conn->rx_urg_state = SMC_RX_URG_READ;
		rc = 1;
	}
	spin_unlock_bh(&conn->lock);
	if (rc < 0)
		return rc;
	msg->msg_flags |= MSG_OOB;
	if (!len) {
		msg->msg_flags |= MSG_TRUNC;
		return 0;
	}
	if (!(flags & MSG_TRUNC) && memcpy_to_msg(msg, &byte, 1))
		return -EFAULT;
	return 1;
}

/**
 * smc_rx_recvmsg() - recvmsg() on an SMC-R connection
 * @smc: the socket, SMC-R mode, not locked
 * @msg: where to put the data
 * @len: at most this many bytes
 * @flags: MSG_PEEK (honours SO_PEEK_OFF), MSG_WAITALL, MSG_DONTWAIT,
 *	MSG_TRUNC (discard), MSG_OOB
 *
 * Blocks as SO_RCVTIMEO, SO_RCVLOWAT and the flags say.
 *
 * Return: bytes read, 0 at end of stream (the peer is done writing or
 * closed, or we shut down reading), or a negative errno: -EAGAIN, a
 * pending socket error (-ECONNRESET after the peer aborted), -EFAULT,
 * -EINVAL (MSG_OOB without urgent data), or a signal's.
 */
int smc_rx_recvmsg(struct smc_sock *smc, struct msghdr *msg, size_t len,
		   int flags)
{
	bool inline_urg, peek = flags & MSG_PEEK;
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	size_t copied = 0;
	u32 peek_off = 0, skipped = 0;
	int target, rc = 0;
	long timeo;

	if (flags & MSG_ERRQUEUE)
		return -EAGAIN;		/* nothing ever queues errors here */
	lock_sock(sk);
	if (flags & MSG_OOB) {
		rc = smc_rx_recv_urg(smc, msg, len, flags);
		release_sock(sk);
		if (rc > 0)
			smc_stats_event(sock_net(sk), SMC_STATS_URG);
		return rc;
	}
	timeo = sock_rcvtimeo(sk, flags & MSG_DONTWAIT);
	target = sock_rcvlowat(sk, flags & MSG_WAITALL, len);
	if (peek)
		peek_off = max(sk_peek_offset(sk, flags), 0);
	inline_urg = sock_flag(sk, SOCK_URGINLINE);

	/* one pass even for @len 0: like TCP, it answers -EAGAIN (or
	 * blocks) when nothing is readable, 0 when data is queued
	 */
	do {
		struct smc_cursor at;
		u32 avail, off, n;
		bool eof;
		int urg;

		off = peek ? peek_off + skipped + copied : 0;
		spin_lock_bh(&conn->lock);
		avail = smc_rx_readable(conn);
		urg = smc_rx_urg_dist_locked(conn);
		eof = READ_ONCE(sk->sk_shutdown) & RCV_SHUTDOWN;
		at = conn->rx_cons;
		spin_unlock_bh(&conn->lock);

		n = avail > off ? avail - off : 0;
		if (n && urg >= 0 && (u32)urg >= off) {
			if ((u32)urg == off) {
				if (copied)
					break;	/* stop at the mark */
				if (!inline_urg) {
					if (peek)
						skipped++;
					else
						smc_rx_consume(smc, 0);
					continue;
				}
			} else {
				n = min_t(u32, n, urg - off);
			}
		}
		if (n) {
			size_t done;

			if (copied == len)
				break;
			n = min_t(size_t, n, len - copied);
			done = n;

			smc_cursor_add(&at, off, conn->rmbe_size);
			if (!(flags & MSG_TRUNC))
				done = smc_rx_copy(conn, msg, &at, n);
			if (!peek && done)
				smc_rx_consume(smc, done);
			copied += done;
			if (done < n) {
				rc = -EFAULT;
				break;
			}
			continue;
		}
		if (copied >= target)
			break;
		if (copied) {
			if (READ_ONCE(sk->sk_err) || eof || !timeo ||
			    signal_pending(current))
				break;
		} else {
			if (READ_ONCE(sk->sk_err)) {
				rc = sock_error(sk);
				break;
			}
			if (eof)
				break;
			if (!timeo) {
				rc = -EAGAIN;
				break;
			}
			if (signal_pending(current)) {
				rc = sock_intr_errno(timeo);
				break;
			}
		}
		smc_rx_wait(smc, &timeo, off);
	} while (copied < len);
	if (peek)
		sk_peek_offset_fwd(sk, copied);
	else
		sk_peek_offset_bwd(sk, copied + skipped);
	release_sock(sk);
	if (copied)
		smc_stats_payload(sock_net(sk), true, copied);
	return copied ? copied : rc;
}

/* pages filled by one smc_rx_splice_read() call, at most */
#define SMC_RX_SPLICE_PAGES	16

static void smc_rx_spd_release(struct splice_pipe_desc *spd, unsigned int i)
{
	put_page(spd->pages[i]);
}

/**
 * smc_rx_splice_read() - splice from an SMC-R connection into a pipe
 * @smc: the socket, SMC-R mode, not locked
 * @pipe: the pipe, locked by the caller
 * @len: at most this many bytes
 * @nonblock: the socket's file is O_NONBLOCK
 *
 * The RMBE belongs to the connection, so its pages cannot be lent to the
 * pipe: the data is copied into new pages, at most as many as the pipe has
 * free slots, by smc_rx_recvmsg(), which gives the waiting, end of stream
 * and error semantics of recv() (and of TCP's splice_read).
 *
 * Return: bytes moved into the pipe, 0 at end of stream, or a negative
 * errno (-EAGAIN when nothing is readable and @nonblock is set).
 */
ssize_t smc_rx_splice_read(struct smc_sock *smc, struct pipe_inode_info *pipe,
			   size_t len, bool nonblock)
{
	struct partial_page partial[SMC_RX_SPLICE_PAGES];
	struct page *pages[SMC_RX_SPLICE_PAGES];
	struct bio_vec bvec[SMC_RX_SPLICE_PAGES];
	struct splice_pipe_desc spd = {
		.pages = pages,
		.partial = partial,
		.nr_pages_max = SMC_RX_SPLICE_PAGES,
		.ops = &nosteal_pipe_buf_ops,
		.spd_release = smc_rx_spd_release,
	};
	struct msghdr msg = {};
	unsigned int slots, n, i;
	size_t left;
	int rc;

	if (!len)
		return 0;
	smc_stats_event(sock_net(&smc->sk), SMC_STATS_SPLICE);
	slots = pipe_occupancy(pipe->head, pipe->tail);
	if (slots >= pipe->max_usage)
		return -EAGAIN;
	slots = pipe->max_usage - slots;
	n = min_t(unsigned int, slots, SMC_RX_SPLICE_PAGES);
	n = min_t(size_t, n, DIV_ROUND_UP(len, PAGE_SIZE));
	for (i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_KERNEL);
		if (!pages[i])
			break;
		bvec[i].bv_page = pages[i];
		bvec[i].bv_offset = 0;
		bvec[i].bv_len = PAGE_SIZE;
	}
	n = i;
	if (!n)
		return -ENOMEM;
	len = min_t(size_t, len, (size_t)n * PAGE_SIZE);
	iov_iter_bvec(&msg.msg_iter, READ, bvec, n, len);
	rc = smc_rx_recvmsg(smc, &msg, len, nonblock ? MSG_DONTWAIT : 0);
	left = rc > 0 ? rc : 0;
	for (i = 0; i < n; i++) {
		if (!left) {
			put_page(pages[i]);
			continue;
		}
		partial[i].offset = 0;
		partial[i].len = min_t(size_t, left, PAGE_SIZE);
		partial[i].private = 0;
		left -= partial[i].len;
		spd.nr_pages++;
	}
	if (rc <= 0)
		return rc;
	return splice_to_pipe(pipe, &spd);
}

/**
 * smc_rx_poll() - poll() events of an SMC-R connection
 * @smc: the socket, SMC-R mode
 *
 * The caller registered the wait queue. Events as on TCP: EPOLLIN when
 * SO_RCVLOWAT bytes are readable or at end of stream, EPOLLRDHUP after the
 * peer's shutdown or close, EPOLLOUT when the send buffer has space or
 * sending is shut down, EPOLLPRI for an urgent byte, EPOLLHUP when both
 * directions are shut down or the connection is closed, EPOLLERR with a
 * pending error.
 *
 * Return: the events.
 */
__poll_t smc_rx_poll(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	u32 readable, sndfree;
	__poll_t mask = 0;
	bool closed, urg;
	u8 shutdown;

	spin_lock_bh(&conn->lock);
	readable = smc_rx_readable(conn);
	sndfree = smc_tx_sndbuf_free(conn);
	closed = conn->state == SMC_CONN_CLOSED;
	urg = conn->rx_urg_state == SMC_RX_URG_VALID;
	shutdown = READ_ONCE(sk->sk_shutdown);
	spin_unlock_bh(&conn->lock);

	if (READ_ONCE(sk->sk_err))
		mask |= EPOLLERR;
	if (shutdown == SHUTDOWN_MASK || closed)
		mask |= EPOLLHUP;
	if (shutdown & RCV_SHUTDOWN)
		mask |= EPOLLIN | EPOLLRDNORM | EPOLLRDHUP;
	if (readable && readable >= (u32)sock_rcvlowat(sk, 0, INT_MAX))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (urg)
		mask |= EPOLLPRI;
	if ((shutdown & SEND_SHUTDOWN) || sndfree)
		return mask | EPOLLOUT | EPOLLWRNORM;
	sk_set_bit(SOCKWQ_ASYNC_NOSPACE, sk);
	if (sk->sk_socket)
		set_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
	/* space freed between the check and the flag: report it */
	smp_mb__after_atomic();
	spin_lock_bh(&conn->lock);
	sndfree = smc_tx_sndbuf_free(conn);
	spin_unlock_bh(&conn->lock);
	if (sndfree)
		mask |= EPOLLOUT | EPOLLWRNORM;
	return mask;
}

/**
 * smc_rx_ioctl() - SIOCINQ, SIOCOUTQ, SIOCOUTQNSD, SIOCATMARK
 * @smc: the socket, SMC-R mode
 * @cmd: the ioctl
 * @arg: where the int answer goes
 *
 * Return: 0, -EFAULT, or -ENOIOCTLCMD for other ioctls.
 */
int smc_rx_ioctl(struct smc_sock *smc, unsigned int cmd, int __user *arg)
{
	struct smc_conn *conn = &smc->conn;
	int answ;

	spin_lock_bh(&conn->lock);
	switch (cmd) {
	case SIOCINQ:
		/* as TCP: only up to an urgent byte ahead that is not inline */
		answ = smc_rx_urg_dist_locked(conn);
		if (answ < 0 || sock_flag(&smc->sk, SOCK_URGINLINE))
			answ = smc_rx_readable(conn);
		break;
	case SIOCOUTQ:
		answ = smc_tx_sndbuf_used(conn);
		break;
	case SIOCOUTQNSD:
		answ = smc_tx_unsent(conn);
		break;
	case SIOCATMARK:
		answ = smc_rx_urg_dist_locked(conn) == 0;
		break;
	default:
		spin_unlock_bh(&conn->lock);
		return -ENOIOCTLCMD;
	}
	spin_unlock_bh(&conn->lock);
	return put_user(answ, arg);
}
