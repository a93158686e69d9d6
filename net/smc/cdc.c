// SPDX-License-Identifier: GPL-2.0
/*
 * cdc.c - CDC messages of SMC-R connections: building and posting them
 * (behind the RDMA writes of the data they announce), their send
 * completions, and their reception.
 *
 * A CDC carries our producer cursor in the peer's RMBE, our consumer cursor
 * in our RMBE and the flags; smc_cdc_send() builds it from the connection
 * and posts it with the writes in front, all under conn->lock, so sequence
 * numbers reach the QP in order. Its completion (RC: the writes in front of
 * it have landed) frees the send buffer space it covered.
 *
 * Reception runs in softirq context. A CDC is ignored if its sequence
 * number is not newer than the last one accepted; cursors never move
 * backwards; a cursor outside its buffer, or one that claims more data or
 * more consumption than possible, is a protocol violation and aborts the
 * connection.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/jiffies.h>
#include <net/sock.h>
#include <rdma/ib_verbs.h>

#include "smc.h"
#include "cdc.h"
#include "cdc_wire.h"
#include "close.h"
#include "lgr.h"
#include "link.h"
#include "rx.h"
#include "tx.h"

/* how long process context waits for a free send slot */
#define SMC_CDC_SLOT_WAIT	(2 * HZ)

/* what a posted CDC remembers for its completion (slot->priv) */
struct smc_cdc_tx_priv {
	struct smc_sock *smc;
	struct smc_cursor sent;	/* send buffer data covered up to here */
	struct smc_cursor prod;	/* the CDC's producer cursor */
	u16 seq;		/* its sequence number */
};

/**
 * smc_cdc_get_slot() - take a send slot of the connection's link
 * @smc: the socket; its connection is started and not freed
 * @can_sleep: process context: wait a while for a slot to become free
 * @slot: output
 *
 * Call without conn->lock held.
 *
 * Return: 0, or the error of smc_wr_tx_get() (-ENOLINK: the link is down).
 */
int smc_cdc_get_slot(struct smc_sock *smc, bool can_sleep,
		     struct smc_wr_tx_slot **slot)
{
	return smc_wr_tx_get(READ_ONCE(smc->conn.lnk),
			     can_sleep ? SMC_CDC_SLOT_WAIT : 0, slot);
}

/**
 * smc_cdc_put_slot() - give back a slot that was not posted
 * @smc: the socket
 * @slot: from smc_cdc_get_slot()
 */
void smc_cdc_put_slot(struct smc_sock *smc, struct smc_wr_tx_slot *slot)
{
	smc_wr_tx_put(slot->lnk, slot);
}

static void smc_cdc_tx_done(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
			    int status)
{
	struct smc_cdc_tx_priv *priv = (struct smc_cdc_tx_priv *)slot->priv;
	struct smc_sock *smc = priv->smc;
	struct smc_conn *conn = &smc->conn;
	bool push;

	spin_lock_bh(&conn->lock);
	/* RC completions arrive in order; a failed one frees nothing. The
	 * two fin cursors move together: a CDC written again after a
	 * failover that completes behind what the peer already reported
	 * consuming (smc_cdc_tx_catch_up()) moves neither back.
	 */
	if (status == IB_WC_SUCCESS &&
	    smc_cursor_cmp(&priv->sent, &conn->tx_fin) >= 0) {
		conn->tx_fin = priv->sent;
		conn->tx_prod_fin = priv->prod;
	}
	if (status == IB_WC_SUCCESS)
		conn->tx_seq_fin = priv->seq;
	conn->tx_inflight--;
	/* data autocorked behind this CDC (tx.c) leaves now */
	push = !conn->tx_inflight && status == IB_WC_SUCCESS &&
	       smc_cursor_cmp(&conn->tx_prep, &conn->tx_sent);
	spin_unlock_bh(&conn->lock);
	if (push)
		smc_tx_push(smc, false);
	smc_tx_write_space(smc);
	smc_close_check(smc);
	sock_put(&smc->sk);
}

/**
 * smc_cdc_send() - post a CDC with the RDMA writes in front of it
 * @smc: the socket
 * @slot: a slot from smc_cdc_get_slot(); on success the link owns it, on
 *	failure the caller still does (smc_cdc_put_slot())
 * @writes: the writes of @len bytes of data, or NULL
 * @nwrites: number of @writes
 * @len: bytes written: the producer cursor and the send buffer's sent
 *	cursor advance by this much
 * @prod_flags: SMC_CDC_PROD_* flags of this CDC
 * @conn_flags: SMC_CDC_CONN_* flags to add (they stay set in later CDCs)
 *
 * The CDC gets the next sequence number, the peer's token, the new
 * producer cursor and our current consumer cursor. Called under conn->lock.
 *
 * Return: 0, -ENOLINK when the connection may not send any more, -EAGAIN
 * when @slot is of a link the connection no longer uses (failover), or the
 * error of smc_wr_tx_post().
 */
int smc_cdc_send(struct smc_sock *smc, struct smc_wr_tx_slot *slot,
		 const struct smc_wr_write *writes, unsigned int nwrites,
		 u32 len, u8 prod_flags, u8 conn_flags)
{
	struct smc_cdc_tx_priv *priv = (struct smc_cdc_tx_priv *)slot->priv;
	struct smc_conn *conn = &smc->conn;
	struct smc_cdc_msg msg = {};
	int rc;

	BUILD_BUG_ON(sizeof(*priv) > sizeof(slot->priv));
	lockdep_assert_held(&conn->lock);
	if (conn->killed || conn->freed)
		return -ENOLINK;
	if (slot->lnk != conn->lnk)
		return -EAGAIN;	/* the connection moved to another link */
	msg.seqno = conn->tx_seq + 1;
	msg.token = conn->peer_token;
	msg.prod = conn->tx_prod;
	smc_cursor_add(&msg.prod, len, conn->peer_rmbe_size);
	msg.cons = conn->rx_cons;
	msg.prod_flags = prod_flags;
	msg.conn_flags = conn->tx_conn_flags | conn_flags;
	smc_cdc_encode(&msg, slot->msg, SMC_WR_MSG_LEN);

	priv->smc = smc;
	priv->sent = conn->tx_sent;
	smc_cursor_add(&priv->sent, len, conn->sndbuf_size);
	priv->prod = msg.prod;
	priv->seq = msg.seqno;
	slot->done = smc_cdc_tx_done;
	sock_hold(&smc->sk);
	rc = smc_wr_tx_post(conn->lnk, slot, writes, nwrites);
	if (rc) {
		__sock_put(&smc->sk);	/* the caller holds another one */
		return rc;
	}
	conn->tx_seq = msg.seqno;
	conn->tx_prod = msg.prod;
	if (smc_cursor_cmp(&msg.prod, &conn->tx_prod_hi) > 0)
		conn->tx_prod_hi = msg.prod;
	conn->tx_sent = priv->sent;
	conn->tx_prod_flags = msg.prod_flags;
	conn->tx_conn_flags = msg.conn_flags;
	conn->rx_cons_sent = msg.cons;
	conn->tx_cons_upd = false;
	conn->rx_cons_delayed = false;	/* this CDC carries the cursor */
	conn->tx_last_data = len > 0;
	conn->tx_inflight++;
	return 0;
}

/**
 * smc_cdc_send_validation() - the failover validation CDC
 * @smc: the socket, just moved to the link of @slot
 * @slot: a slot of the connection's new link
 *
 * Flag %SMC_CDC_PROD_FAILOVER_VAL, the sequence number of the last CDC
 * whose send completed, the peer's token, cursors and other flags zero
 * (SMC-R.md 5.6): a peer that did not receive that CDC aborts. It does not
 * take a sequence number of its own. Called under conn->lock.
 *
 * Return: 0, or as smc_cdc_send().
 */
int smc_cdc_send_validation(struct smc_sock *smc, struct smc_wr_tx_slot *slot)
{
	struct smc_cdc_tx_priv *priv = (struct smc_cdc_tx_priv *)slot->priv;
	struct smc_conn *conn = &smc->conn;
	struct smc_cdc_msg msg = {};
	int rc;

	lockdep_assert_held(&conn->lock);
	if (conn->killed || conn->freed)
		return -ENOLINK;
	if (slot->lnk != conn->lnk)
		return -EAGAIN;
	msg.seqno = conn->tx_seq_fin;
	msg.token = conn->peer_token;
	msg.prod_flags = SMC_CDC_PROD_FAILOVER_VAL;
	smc_cdc_encode(&msg, slot->msg, SMC_WR_MSG_LEN);
	priv->smc = smc;
	priv->sent = conn->tx_fin;
	priv->prod = conn->tx_prod_fin;
	priv->seq = conn->tx_seq_fin;
	slot->done = smc_cdc_tx_done;
	sock_hold(&smc->sk);
	rc = smc_wr_tx_post(conn->lnk, slot, NULL, 0);
	if (rc) {
		__sock_put(&smc->sk);
		return rc;
	}
	conn->tx_inflight++;
	return 0;
}

/* What a CDC changed, for the wakeups after conn->lock is dropped. */
struct smc_cdc_rx_res {
	bool data;
	bool space;
	bool push;
	bool reset;
	bool visible;
	u8 new_flags;
};

/* After a failover the peer may report consuming bytes beyond our
 * producer cursor: their CDC arrived, its completion was lost with the
 * link, and the failover moved the cursors back to rewrite them. The peer
 * has them: the send cursors move up to its consumer cursor, as
 * smc_cursor_failover() does for a report that came before the failover.
 * Under conn->lock.
 */
static void smc_cdc_tx_catch_up(struct smc_conn *conn,
				const struct smc_cursor *cons)
{
	int d;

	d = smc_cursor_diff(conn->peer_rmbe_size, &conn->tx_prod, cons);
	if (d > 0) {
		smc_cursor_add(&conn->tx_sent, (u32)d, conn->sndbuf_size);
		smc_cursor_add(&conn->tx_prod, (u32)d, conn->peer_rmbe_size);
	}
	d = smc_cursor_diff(conn->peer_rmbe_size, &conn->tx_prod_fin, cons);
	if (d > 0) {
		smc_cursor_add(&conn->tx_fin, (u32)d, conn->sndbuf_size);
		smc_cursor_add(&conn->tx_prod_fin, (u32)d,
			       conn->peer_rmbe_size);
	}
}

static bool smc_cdc_rx_cursors(struct smc_conn *conn,
			       const struct smc_cdc_msg *msg,
			       struct smc_cdc_rx_res *res)
{
	if (!smc_cursor_valid(&msg->prod, conn->rmbe_size))
		return false;
	/* A server learns the client's RMBE from the CLC CONFIRM, which may
	 * be processed after the client's first CDCs arrived over RDMA; the
	 * client cannot have consumed anything yet then.
	 */
	if (!conn->peer_rmbe_size) {
		if (msg->cons.wrap || msg->cons.count)
			return false;
	} else if (!smc_cursor_valid(&msg->cons, conn->peer_rmbe_size)) {
		return false;
	}
	if (smc_cursor_cmp(&msg->prod, &conn->rx_prod) > 0) {
		/* the peer may fill our RMBE, never overfill it */
		if (smc_cursor_diff(conn->rmbe_size, &conn->rx_cons,
				    &msg->prod) < 0)
			return false;
		conn->rx_prod = msg->prod;
		res->data = true;
	}
	if (smc_cursor_cmp(&msg->cons, &conn->tx_peer_cons) > 0) {
		/* nor consume what we never wrote */
		if (smc_cursor_diff(conn->peer_rmbe_size, &msg->cons,
				    &conn->tx_prod_hi) < 0)
			return false;
		if (smc_cursor_cmp(&msg->cons, &conn->tx_prod) > 0)
			smc_cdc_tx_catch_up(conn, &msg->cons);
		conn->tx_peer_cons = msg->cons;
		res->space = true;
	}
	return true;
}

/* Under conn->lock. Return: false on a protocol violation. */
static bool smc_cdc_rx_locked(struct smc_sock *smc,
			      const struct smc_cdc_msg *msg,
			      struct smc_cdc_rx_res *res)
{
	struct smc_conn *conn = &smc->conn;
	struct smc_cursor prod = conn->rx_prod;

	if (msg->prod_flags & SMC_CDC_PROD_FAILOVER_VAL) {
		/* after a failover: did we miss CDCs the peer sent? */
		if (conn->rx_seen ? smc_seq_before(conn->rx_seq, msg->seqno) :
				    msg->seqno != 0)
			return false;
		return true;
	}
	if (conn->rx_seen && !smc_seq_before(conn->rx_seq, msg->seqno))
		return true;	/* stale or repeated */
	if (!smc_cdc_rx_cursors(conn, msg, res))
		return false;
	conn->rx_seq = msg->seqno;
	conn->rx_seen = true;
	conn->rx_prod_flags = msg->prod_flags;
	if (res->data && smc_close_rx_data_locked(smc)) {
		/* refused, as TCP refuses it: a reset follows */
		conn->rx_prod = prod;
		res->data = false;
		res->reset = true;
	}
	if (res->data && (msg->prod_flags & SMC_CDC_PROD_URG_PRESENT))
		smc_rx_urg_arrived_locked(smc);
	if ((msg->prod_flags & (SMC_CDC_PROD_CONS_UPD_REQ |
				SMC_CDC_PROD_URG_PENDING)) ||
	    ((msg->prod_flags & SMC_CDC_PROD_WRITE_BLOCKED) &&
	     smc_rx_cons_update_needed_locked(conn)))
		conn->tx_cons_upd = true;
	res->new_flags = msg->conn_flags & ~conn->rx_conn_flags;
	conn->rx_conn_flags |= msg->conn_flags;
	if (res->new_flags)
		res->visible = smc_close_rx_flags_locked(smc, res->new_flags);
	res->push = res->space || res->new_flags || conn->tx_cons_upd;
	return true;
}

/* Return: true if the message moved the peer's consumer cursor */
static bool smc_cdc_rx_conn(struct smc_sock *smc, const struct smc_cdc_msg *msg)
{
	struct smc_cdc_rx_res res = {};
	struct smc_conn *conn = &smc->conn;
	struct sock *sk = &smc->sk;
	bool ok = true;

	/* before smc_conn_start() too: the peer may send as soon as the
	 * token is registered; what arrives is kept for the start
	 */
	spin_lock_bh(&conn->lock);
	if (!conn->killed && !conn->freed) {
		ok = smc_cdc_rx_locked(smc, msg, &res);
		if (!ok) {
			smc_close_abort_locked(smc, ECONNABORTED);
			res.push = true;
		}
	}
	spin_unlock_bh(&conn->lock);

	if (!ok) {
		net_dbg_ratelimited("CDC protocol violation, token %#x seq %u\n",
				    msg->token, msg->seqno);
		sk_error_report(sk);
	}
	/* flags that change nothing the application can see wake nobody:
	 * an edge-triggered epoll would report a second edge
	 */
	if (res.data || res.visible)
		sk->sk_data_ready(sk);
	if (res.space)
		smc_tx_write_space(smc);
	if (res.visible || !ok)
		sk->sk_state_change(sk);
	if (res.push)
		smc_tx_push(smc, false);
	if (res.new_flags || res.reset || !ok)
		smc_close_check(smc);
	return res.space;
}

/**
 * smc_cdc_rx() - a CDC message arrived
 * @lnk: the link it arrived on
 * @msg: the message
 * @len: its length
 *
 * Called in softirq context by the link group's receive dispatcher for
 * messages of type %SMC_CDC_MSG_TYPE.
 */
void smc_cdc_rx(struct smc_link *lnk, const u8 *msg, u32 len)
{
	struct smc_cdc_msg cdc;
	struct smc_sock *smc;

	if (smc_cdc_decode(msg, len, &cdc)) {
		net_dbg_ratelimited("malformed CDC message, %u bytes\n",
				    len);
		return;
	}
	smc = smc_lgr_conn_get(smc_link_lgr(lnk), cdc.token);
	if (!smc)
		return;
	if (smc_cdc_rx_conn(smc, &cdc))
		WRITE_ONCE(lnk->rx_cons_moves, lnk->rx_cons_moves + 1);
	sock_put(&smc->sk);
}
