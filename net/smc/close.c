// SPDX-License-Identifier: GPL-2.0
/*
 * close.c - shutdown, close and abort of SMC-R connections (protocol
 * section 7), and the end of a connection's life.
 *
 * Closing is told by CDC flags: done writing (shutdown(SHUT_WR)), closed
 * (close()) and abort. A flag we request goes out with the CDC that writes
 * the last unsent byte (tx.c), so the peer sees end of stream only after
 * all data; an abort goes out at once and discards unsent data. Peer flags
 * are received in softirq context (cdc.c). conn->state follows upstream's
 * state names and values; what ends the connection is decided from the
 * flags: it is CLOSED once we sent closed or abort and the peer did too,
 * or when the link group died (smc_conn_abort()).
 *
 *   event                        state change
 *   shutdown(SHUT_WR)            ACTIVE -> PEERCLOSEWAIT1,
 *                                APPCLOSEWAIT1 -> APPCLOSEWAIT2
 *   close()                      ACTIVE -> PEERCLOSEWAIT1,
 *                                APPCLOSEWAIT1/2 -> PEERFINCLOSEWAIT unless
 *                                the peer closed; unread data: abort
 *   peer done writing/closed     ACTIVE -> APPCLOSEWAIT1,
 *                                PEERCLOSEWAIT1 -> PEERCLOSEWAIT2 (done
 *                                writing) or APPFINCLOSEWAIT (closed, we
 *                                only shut down writing)
 *   peer abort                   ECONNRESET (EPIPE if the peer had shut
 *                                down writing and we had not); our abort
 *                                answers (PROCESSABORT) unless we closed
 *   local abort                  PEERABORTWAIT until the peer closes or
 *                                aborts too
 *   data after we shut down      local abort with ECONNRESET (close_work),
 *   reading and writing          as TCP resets (RFC 1122)
 *   both sides closed/aborted    CLOSED
 *
 * close() waits up to the linger time (2 s without SO_LINGER) for the
 * closed flag to be sent; a connection whose data has not left by then
 * continues in the background, orphaned, like TCP's.
 *
 * The TCP connection (clcsock) stays open beside the SMC-R connection and
 * carries no data, but the application reads TCP_INFO and getpeername()
 * from it, so it ends as a TCP connection would: shutdown() and close()
 * shut it down, an abort resets it (tcp_abort()), each before the CDC
 * flag is sent, so that the peer's TCP socket shows it by the time the
 * peer's application sees the flag. Nothing of the TCP connection's state
 * flows back: only CDC flags count for the SMC-R connection.
 *
 * Locking: conn->lock is never held across a call into TCP; TCP's socket
 * lock is taken after ours (shutdown, close) or alone (close_work).
 *
 * End of life: once the application released the socket and the
 * connection is CLOSED with no CDC in flight, or the link group died,
 * close_work calls smc_conn_free() (lgr.c), releases the clcsock and drops
 * the reference smc_conn_start() took. It runs in a work item so that
 * nobody's locks are held: lgr.c may call smc_conn_abort() under its own.
 * A connection whose peer never closes lives until its link group ends.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/net.h>
#include <linux/sched/signal.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "smc.h"
#include "cdc_wire.h"
#include "clcsock.h"
#include "close.h"
#include "lgr.h"
#include "rx.h"
#include "tx.h"
#include "smc_trace.h"

/* how long close() waits for unsent data without SO_LINGER */
#define SMC_CLOSE_WAIT		(2 * HZ)

/* the flags that end a direction for good */
#define SMC_CDC_CONN_FIN	(SMC_CDC_CONN_CLOSED | SMC_CDC_CONN_ABORT)
/* the flags that end a direction's data, as TCP's FIN does */
#define SMC_CDC_CONN_EOF \
	(SMC_CDC_CONN_DONE_WRITING | SMC_CDC_CONN_CLOSED)

/* A detached connection (smc_close_disconnect()) no longer speaks for the
 * socket: the socket's state and shutdown bits are its next connection's.
 */
static void smc_close_set_state(struct smc_sock *smc, u8 state)
{
	if (smc->conn.state != state)
		trace_smc_conn_state(smc, smc->conn.token, smc->conn.state,
				     state);
	smc->conn.state = state;
	if (state == SMC_CONN_CLOSED && !smc->conn.detached)
		WRITE_ONCE(smc->sk.sk_state, TCP_CLOSE);
}

static void smc_close_sk_shutdown(struct smc_sock *smc, u8 mask)
{
	struct sock *sk = &smc->sk;

	if (!smc->conn.detached)
		WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | mask);
}

/* Both sides sent closed or abort: finished. Under conn->lock. */
static void smc_close_update_locked(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;

	if (conn->state == SMC_CONN_CLOSED)
		return;
	if ((conn->tx_conn_flags & SMC_CDC_CONN_FIN) &&
	    (conn->rx_conn_flags & SMC_CDC_CONN_FIN))
		smc_close_set_state(smc, SMC_CONN_CLOSED);
}

/* The application shuts down writing or closes. Under conn->lock. */
static void smc_close_request_locked(struct smc_sock *smc, u8 flag)
{
	struct smc_conn *conn = &smc->conn;
	bool peer_closed = conn->rx_conn_flags & SMC_CDC_CONN_FIN;

	conn->tx_flags_req |= flag;
	conn->tx_hold = false;
	switch (conn->state) {
	case SMC_CONN_ACTIVE:
		smc_close_set_state(smc, SMC_CONN_PEERCLOSEWAIT1);
		break;
	case SMC_CONN_APPCLOSEWAIT1:
		if (flag == SMC_CDC_CONN_DONE_WRITING)
			smc_close_set_state(smc, SMC_CONN_APPCLOSEWAIT2);
		else if (!peer_closed)
			smc_close_set_state(smc, SMC_CONN_PEERFINCLOSEWAIT);
		break;
	case SMC_CONN_APPCLOSEWAIT2:
		if (flag == SMC_CDC_CONN_CLOSED && !peer_closed)
			smc_close_set_state(smc, SMC_CONN_PEERFINCLOSEWAIT);
		break;
	}
	smc_close_update_locked(smc);
}

/**
 * smc_close_abort_locked() - abort the connection from our side
 * @smc: the socket, conn->lock held
 * @err: socket error for the application (positive errno), or 0
 *
 * Unsent data is dropped and the abort flag goes out with the next push,
 * which the caller starts after dropping conn->lock.
 */
void smc_close_abort_locked(struct smc_sock *smc, int err)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;

	if (conn->killed ||
	    ((conn->tx_conn_flags | conn->tx_flags_req) & SMC_CDC_CONN_ABORT))
		return;
	if (err && !conn->released)
		WRITE_ONCE(sk->sk_err, err);
	smc_close_sk_shutdown(smc, SHUTDOWN_MASK);
	conn->tx_discard = true;
	conn->tx_hold = false;
	conn->tx_flags_req |= SMC_CDC_CONN_ABORT;
	if (conn->state != SMC_CONN_CLOSED &&
	    !(conn->rx_conn_flags & SMC_CDC_CONN_FIN))
		smc_close_set_state(smc, SMC_CONN_PEERABORTWAIT);
	smc_close_update_locked(smc);
}

/**
 * smc_close_rx_flags_locked() - the peer sent new connection state flags
 * @smc: the socket, conn->lock held
 * @new_flags: the SMC_CDC_CONN_* flags that were not set before
 *
 * Softirq context. The caller wakes the socket and pushes afterwards.
 *
 * A peer that closed still reads, as far as we know: our data goes out,
 * and the peer answers it with an abort (smc_close_rx_data_locked()), as a
 * closed TCP socket answers data with a reset. The peer's abort gives
 * EPIPE if it had shut down writing and we had not, ECONNRESET otherwise,
 * the errors TCP gives for a reset in CLOSE_WAIT and in other states.
 *
 * Return: true if the application can see the change (end of stream,
 * error, hang-up), so the caller must wake it; a close after the peer's
 * shutdown(SHUT_WR) changes nothing visible, as on TCP, where it sends
 * nothing new.
 */
bool smc_close_rx_flags_locked(struct smc_sock *smc, u8 new_flags)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	u8 ours = conn->tx_conn_flags | conn->tx_flags_req;
	bool peer_closed = conn->rx_conn_flags & SMC_CDC_CONN_CLOSED;
	bool was_closed = conn->state == SMC_CONN_CLOSED;
	u8 shutdown = sk->sk_shutdown;
	int err = ECONNRESET;

	if (new_flags & SMC_CDC_CONN_ABORT) {
		if ((conn->rx_conn_flags & SMC_CDC_CONN_EOF) &&
		    !(ours & SMC_CDC_CONN_EOF))
			err = EPIPE;
		if (!conn->released)
			WRITE_ONCE(sk->sk_err, err);
		smc_close_sk_shutdown(smc, SHUTDOWN_MASK);
		conn->tx_discard = true;
		if (!(ours & SMC_CDC_CONN_FIN)) {
			/* answer, so that a peer waiting for it can finish */
			conn->tx_flags_req |= SMC_CDC_CONN_ABORT;
			if (conn->state != SMC_CONN_INIT)
				smc_close_set_state(smc,
						    SMC_CONN_PROCESSABORT);
		}
		smc_close_update_locked(smc);
		return true;
	}
	if (new_flags & SMC_CDC_CONN_EOF)
		smc_close_sk_shutdown(smc, RCV_SHUTDOWN);
	switch (conn->state) {
	case SMC_CONN_ACTIVE:
		smc_close_set_state(smc, SMC_CONN_APPCLOSEWAIT1);
		break;
	case SMC_CONN_PEERCLOSEWAIT1:
		if (!peer_closed)
			smc_close_set_state(smc, SMC_CONN_PEERCLOSEWAIT2);
		else if (!(ours & SMC_CDC_CONN_CLOSED))
			smc_close_set_state(smc, SMC_CONN_APPFINCLOSEWAIT);
		break;
	case SMC_CONN_PEERCLOSEWAIT2:
		if (peer_closed && !(ours & SMC_CDC_CONN_CLOSED))
			smc_close_set_state(smc, SMC_CONN_APPFINCLOSEWAIT);
		break;
	}
	smc_close_update_locked(smc);
	return sk->sk_shutdown != shutdown ||
	       (!was_closed && conn->state == SMC_CONN_CLOSED);
}

/**
 * smc_close_rx_data_locked() - the peer wrote data: do we refuse it?
 * @smc: the socket, conn->lock held
 *
 * Softirq context, called for a CDC that moved the producer cursor, before
 * its flags are processed. TCP resets a connection whose socket shut down
 * reading and sent its FIN (shutdown(SHUT_RDWR), or close()) when new data
 * arrives while the peer has not sent its own FIN (RFC 1122); we abort
 * such a connection the same way. The data is not accepted. close_work
 * resets the TCP connection and then sends the abort, so the peer's TCP
 * socket is closed by the time its application sees the abort.
 *
 * Return: true if the data must be dropped; the caller then calls
 * smc_close_check() after dropping conn->lock.
 */
bool smc_close_rx_data_locked(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	u8 ours = conn->tx_conn_flags | conn->tx_flags_req;

	if (conn->reset_req)
		return true;
	if (!(READ_ONCE(smc->sk.sk_shutdown) & RCV_SHUTDOWN) ||
	    !(ours & SMC_CDC_CONN_EOF) || (ours & SMC_CDC_CONN_ABORT) ||
	    (conn->rx_conn_flags & (SMC_CDC_CONN_EOF | SMC_CDC_CONN_ABORT)))
		return false;
	conn->reset_req = true;
	return true;
}

/**
 * smc_close_sent_locked() - a CDC with new connection flags was posted
 * @smc: the socket, conn->lock held
 */
void smc_close_sent_locked(struct smc_sock *smc)
{
	smc_close_update_locked(smc);
}

static bool smc_close_can_free_locked(const struct smc_conn *conn)
{
	if (!conn->started || !conn->released || conn->freed)
		return false;
	if (conn->killed)
		return true;
	return conn->state == SMC_CONN_CLOSED && !conn->tx_inflight;
}

static void smc_close_schedule(struct smc_sock *smc)
{
	sock_hold(&smc->sk);
	if (!smc_conn_queue(&smc->conn.close_work))
		sock_put(&smc->sk);
}

/**
 * smc_close_check() - let close_work run if it has something to do
 * @smc: the socket
 *
 * Any context, conn->lock not held.
 */
void smc_close_check(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	bool run;

	spin_lock_bh(&conn->lock);
	run = smc_close_can_free_locked(conn) ||
	      (conn->killed && !conn->tcp_aborted && !conn->freed) ||
	      (conn->reset_req && !conn->reset_done && !conn->freed);
	spin_unlock_bh(&conn->lock);
	if (run)
		smc_close_schedule(smc);
}

/**
 * smc_close_tcp_reset() - reset the TCP connection beside the SMC-R one
 * @smc: the socket; process context, conn->lock not held
 *
 * The application reads TCP_INFO and getpeername() from the clcsock, so
 * it must end as TCP's would: with a reset (RST) where TCP resets. Takes
 * the clcsock's lock, which comes after our sock lock.
 */
static void smc_close_tcp_reset(struct smc_sock *smc)
{
	struct socket *clc = smc->clcsock;

	if (clc && READ_ONCE(clc->sk->sk_state) != TCP_CLOSE)
		tcp_abort(clc->sk, ECONNABORTED);
}

/* Data arrived after we shut down reading and writing: reset TCP, then
 * abort (smc_close_rx_data_locked()).
 */
static void smc_close_reset(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;

	smc_close_tcp_reset(smc);
	spin_lock_bh(&conn->lock);
	smc_close_abort_locked(smc, ECONNRESET);
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
	sk_error_report(sk);
	sk->sk_state_change(sk);
}

static void smc_close_work(struct work_struct *work)
{
	struct smc_sock *smc = container_of(work, struct smc_sock,
					    conn.close_work);
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool abort_tcp, do_free, reset, detached;

	spin_lock_bh(&conn->lock);
	reset = conn->reset_req && !conn->reset_done && !conn->killed &&
		!conn->freed && !conn->detached;
	if (reset)
		conn->reset_done = true;
	spin_unlock_bh(&conn->lock);
	if (reset)
		smc_close_reset(smc);

	spin_lock_bh(&conn->lock);
	abort_tcp = conn->killed && !conn->tcp_aborted && !conn->freed;
	if (abort_tcp)
		conn->tcp_aborted = true;
	do_free = smc_close_can_free_locked(conn);
	if (do_free)
		conn->freed = true;
	detached = conn->detached;
	spin_unlock_bh(&conn->lock);

	/* only this work releases the clcsock of an SMC-R socket, unless
	 * the socket went on without the connection
	 */
	if (abort_tcp && !detached)
		smc_close_tcp_reset(smc);
	if (do_free) {
		if (cancel_delayed_work_sync(&conn->tx_work))
			sock_put(sk);
		smc_conn_free(smc);
		if (!detached)
			smc_clcsock_release(smc, false);
		sock_put(sk);		/* smc_conn_start()'s */
	}
	sock_put(sk);			/* smc_close_schedule()'s */
}

/**
 * smc_conn_init() - initialise the SMC-R part of a new socket
 * @smc: the socket, just allocated
 */
void smc_conn_init(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;

	spin_lock_init(&conn->lock);
	conn->state = SMC_CONN_INIT;
	smc_tx_init_conn(smc);
	INIT_WORK(&conn->close_work, smc_close_work);
}

/**
 * smc_conn_start() - the handshake chose SMC-R: the connection is open
 * @smc: the socket; smc->conn completely set up (link group, active link,
 *	registered token, buffers, peer's RMBE and rtoken, zero cursors)
 *
 * Called once, in process context, before the handshake is marked done;
 * takes no sleeping lock and never waits, so the caller may hold its own
 * locks. CDCs may have arrived since the token was registered: their
 * data and flags are kept.
 */
void smc_conn_start(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	bool push;

	sock_hold(&smc->sk);		/* dropped by close_work */
	spin_lock_bh(&conn->lock);
	conn->started = true;
	if (conn->state == SMC_CONN_INIT) {
		smc_close_set_state(smc, SMC_CONN_ACTIVE);
		WRITE_ONCE(smc->sk.sk_state, TCP_ESTABLISHED);
		if (conn->rx_conn_flags)
			smc_close_rx_flags_locked(smc, conn->rx_conn_flags);
	}
	push = conn->tx_flags_req || conn->tx_cons_upd;
	spin_unlock_bh(&conn->lock);
	/* TCP errors are not ours any more: the data does not go over TCP */
	if (smc->clcsock)
		smc_clcsock_unhook(smc, SMC_CLC_HOOK_ERR);
	if (push)
		smc_tx_push(smc, false);
}

/**
 * smc_conn_abort() - the link group is gone: end the connection
 * @smc: the socket; the caller holds a reference
 * @err: the socket error the application sees (positive errno, e.g.
 *	ECONNABORTED); not set if the connection had closed normally
 *
 * Nothing is sent any more; readers, writers and pollers wake up with the
 * error; the clcsock is aborted (RST). Called by lgr.c in process context,
 * possibly under its own locks: never sleeps, takes only conn->lock and
 * queues close_work, which calls smc_conn_free() once the socket is
 * released.
 */
void smc_conn_abort(struct smc_sock *smc, int err)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool report = false;

	spin_lock_bh(&conn->lock);
	if (conn->killed || conn->freed) {
		spin_unlock_bh(&conn->lock);
		return;
	}
	conn->killed = true;
	if (conn->state != SMC_CONN_CLOSED && !conn->released && err) {
		WRITE_ONCE(sk->sk_err, err);
		report = true;
	}
	smc_close_sk_shutdown(smc, SHUTDOWN_MASK);
	smc_close_set_state(smc, SMC_CONN_CLOSED);
	spin_unlock_bh(&conn->lock);

	if (report)
		sk_error_report(sk);
	sk->sk_state_change(sk);
	smc_tx_write_space(smc);
	smc_close_check(smc);
}

/**
 * smc_close_shutdown() - shutdown() of an SMC-R connection
 * @smc: the socket, SMC-R mode, not locked
 * @how: SHUT_RD, SHUT_WR or SHUT_RDWR
 *
 * SHUT_RD only ends reading locally, as on TCP. SHUT_WR sends the done
 * writing flag after the data that is still unsent, without waiting.
 *
 * Return: 0, -EINVAL for a bad @how, -ENOTCONN if the connection is
 * closed (the shutdown bits are still set, as on TCP).
 */
int smc_close_shutdown(struct smc_sock *smc, int how)
{
	struct smc_conn *conn = &smc->conn;
	int cmd = how, rc = 0;
	struct sock *sk = &smc->sk;

	how++;		/* SHUT_RD -> RCV_SHUTDOWN and so on */
	if ((how & ~SHUTDOWN_MASK) || !how)
		return -EINVAL;
	lock_sock(sk);
	/* TCP first (its FIN before our flag), so that TCP_INFO on both
	 * sides shows the states TCP would: FIN_WAIT2, CLOSE_WAIT, ...
	 * Only CDC flags count for the SMC-R connection.
	 */
	if (smc->clcsock)
		kernel_sock_shutdown(smc->clcsock, cmd);
	spin_lock_bh(&conn->lock);
	/* after a reset TCP's shutdown() says ENOTCONN */
	if (conn->state == SMC_CONN_CLOSED || conn->killed ||
	    ((conn->tx_conn_flags | conn->tx_flags_req | conn->rx_conn_flags) &
	     SMC_CDC_CONN_ABORT))
		rc = -ENOTCONN;
	if ((how & SEND_SHUTDOWN) && !(sk->sk_shutdown & SEND_SHUTDOWN) &&
	    !rc)
		smc_close_request_locked(smc, SMC_CDC_CONN_DONE_WRITING);
	WRITE_ONCE(sk->sk_shutdown, sk->sk_shutdown | how);
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
	release_sock(sk);
	sk->sk_state_change(sk);
	return rc;
}

/**
 * smc_close_disconnect() - connect(AF_UNSPEC) ended an SMC-R connection
 * @smc: the socket, not locked; its TCP connection was just reset by
 *	TCP's disconnect
 *
 * Aborts the connection, as TCP's disconnect resets, and lets go of it:
 * it ends in the background like a closed one, while the socket keeps
 * its clcsock for the next connect(). That one runs over TCP: the SMC-R
 * state lives in the socket, which has room for one connection only.
 */
void smc_close_disconnect(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;

	spin_lock_bh(&conn->lock);
	conn->detached = true;
	smc_close_abort_locked(smc, 0);
	conn->released = true;
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
	smc_close_check(smc);
}

static bool smc_close_flag_sent(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	bool sent;

	spin_lock_bh(&conn->lock);
	sent = conn->killed || (conn->tx_conn_flags & SMC_CDC_CONN_FIN);
	spin_unlock_bh(&conn->lock);
	return sent;
}

/* Wait until the closed flag left, for @timeo at most; sock locked. */
static void smc_close_wait(struct smc_sock *smc, long timeo)
{
	DEFINE_WAIT_FUNC(wait, woken_wake_function);
	struct sock *sk = &smc->sk;

	add_wait_queue(sk_sleep(sk), &wait);
	while (timeo && !signal_pending(current) && !smc_close_flag_sent(smc))
		sk_wait_event(sk, &timeo, smc_close_flag_sent(smc), &wait);
	remove_wait_queue(sk_sleep(sk), &wait);
}

/**
 * smc_close_release() - the application closes an SMC-R connection
 * @smc: the socket, SMC-R mode (smc_conn_start() ran), not locked
 *
 * Sends the closed flag after the unsent data, or aborts if unread data is
 * left or SO_LINGER is on with a zero time, and waits for the flag to leave
 * as described at the top. The connection is freed later by close_work;
 * the caller must not release the clcsock.
 */
void smc_close_release(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool closing = false, abort = false;
	long timeo;

	lock_sock(sk);
	spin_lock_bh(&conn->lock);
	if (!conn->killed &&
	    !((conn->tx_conn_flags | conn->tx_flags_req) & SMC_CDC_CONN_FIN)) {
		if (smc_rx_readable(conn) ||
		    (sock_flag(sk, SOCK_LINGER) && !sk->sk_lingertime))
			abort = true;
		else
			closing = true;
	}
	spin_unlock_bh(&conn->lock);
	/* TCP first, as TCP's close() would end it: a reset when data is
	 * left unread or the linger time is zero, else a FIN; the peer's
	 * TCP socket then shows it by the time the CDC arrives.
	 */
	if (abort)
		smc_close_tcp_reset(smc);
	else if (closing && smc->clcsock)
		kernel_sock_shutdown(smc->clcsock, SHUT_RDWR);
	spin_lock_bh(&conn->lock);
	if (!conn->killed &&
	    !((conn->tx_conn_flags | conn->tx_flags_req) & SMC_CDC_CONN_FIN)) {
		if (abort)
			smc_close_abort_locked(smc, 0);
		else if (closing)
			smc_close_request_locked(smc, SMC_CDC_CONN_CLOSED);
	}
	spin_unlock_bh(&conn->lock);
	smc_tx_push(smc, true);
	if (closing && rcu_access_pointer(sk->sk_wq)) {
		timeo = sock_flag(sk, SOCK_LINGER) ? sk->sk_lingertime :
						     SMC_CLOSE_WAIT;
		smc_close_wait(smc, timeo);
	}
	spin_lock_bh(&conn->lock);
	WRITE_ONCE(sk->sk_shutdown, SHUTDOWN_MASK);
	conn->released = true;
	spin_unlock_bh(&conn->lock);
	release_sock(sk);
	sk->sk_state_change(sk);
	smc_close_check(smc);
}
