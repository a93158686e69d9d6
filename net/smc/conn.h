/* SPDX-License-Identifier: GPL-2.0 */
/*
 * conn.h - an SMC-R connection: the part of an AF_SMC socket that moves
 * data by RDMA once the CLC handshake chose SMC-R.
 *
 * Each direction is a ring: the writer RDMA-writes into the reader's RMBE
 * at its producer cursor and then sends a CDC message with the new cursor;
 * the reader consumes and reports its consumer cursor back in CDC messages.
 * Locally, the application's data first goes into the send buffer (another
 * ring, never seen by the peer), from which the writes gather.
 *
 * Who does what:
 *   handshake.c/lgr.c  set the connection up (link group, link, token,
 *                      buffers, peer's RMBE) and tear the link group down;
 *   tx.c               sendmsg, pushing data, flow control;
 *   rx.c               recvmsg, consumer cursor updates;
 *   cdc.c              sending and receiving CDC messages;
 *   close.c            shutdown/close state machine, abort.
 *
 * Locking: @lock protects the cursors, sequence numbers and flags; it is
 * taken in softirq context (CDC receive, send completions), so process
 * context takes it with spin_lock_bh(). Order: the socket lock before
 * @lock; @lock before a link's tx_lock. CDCs are built and posted under
 * @lock, so their sequence numbers reach the QP in order; a send slot is
 * taken before @lock (smc_wr_tx_get() may sleep). @lock is never held
 * across a call into the clcsock (close.c). smc_lgr_rtoken() is
 * called under @lock and must not sleep. No lgr.c lock is ever taken under
 * the socket lock or @lock: smc_conn_free() runs in a work item with
 * neither held, so lgr.c may call smc_conn_abort() under its own locks.
 *
 * Lifetime: smc_conn_start() takes a reference on the socket for the
 * connection; close.c's close_work drops it after smc_conn_free() and the
 * release of the clcsock. Every posted CDC and every queued @tx_work holds
 * a socket reference too.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CONN_H
#define _AF_SMC_CONN_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "cursor.h"

/**
 * enum smc_conn_state - where an SMC-R connection stands in closing
 * @SMC_CONN_ACTIVE: open in both directions
 * @SMC_CONN_INIT: not started yet
 * @SMC_CONN_CLOSED: finished: both sides closed, or aborted
 * @SMC_CONN_PEERCLOSEWAIT1: we shut down writing or closed, the peer has
 *	not said anything yet
 * @SMC_CONN_PEERCLOSEWAIT2: as 1, and the peer is done writing
 * @SMC_CONN_APPCLOSEWAIT1: the peer is done writing or closed; our
 *	application has not shut down or closed
 * @SMC_CONN_APPCLOSEWAIT2: as 1, and our application shut down writing
 * @SMC_CONN_APPFINCLOSEWAIT: we shut down writing, the peer closed; waiting
 *	for our application to close
 * @SMC_CONN_PEERFINCLOSEWAIT: we closed after the peer was done writing;
 *	waiting for the peer to close
 * @SMC_CONN_PEERABORTWAIT: we aborted; waiting for the peer's close or
 *	abort
 * @SMC_CONN_PROCESSABORT: the peer aborted; our answer is being sent
 *
 * The values are upstream Linux's enum smc_state (smc_diag shows them).
 */
enum smc_conn_state {
	SMC_CONN_ACTIVE = 1,
	SMC_CONN_INIT = 2,
	SMC_CONN_CLOSED = 7,
	SMC_CONN_PEERCLOSEWAIT1 = 20,
	SMC_CONN_PEERCLOSEWAIT2 = 21,
	SMC_CONN_APPCLOSEWAIT1 = 22,
	SMC_CONN_APPCLOSEWAIT2 = 23,
	SMC_CONN_APPFINCLOSEWAIT = 24,
	SMC_CONN_PEERFINCLOSEWAIT = 25,
	SMC_CONN_PEERABORTWAIT = 26,
	SMC_CONN_PROCESSABORT = 27,
};

struct smc_lgr;
struct smc_link;
struct smc_buf;

/**
 * struct smc_conn - the SMC-R state of a connection
 * @lgr: the link group; NULL while the connection does not use SMC-R
 * @lnk: the link the connection sends on; a failover changes it under
 *	@lock (smc_tx_failover()), so a send slot taken from it is checked
 *	against it again under @lock before it is posted
 * @token: our alert token: the peer puts it into every CDC for us
 * @peer_token: the peer's alert token, for the CDCs we send
 * @rmb: our receive buffer; the peer writes into its one element
 * @sndbuf: our send buffer, registered (mapped) on @lnk
 * @rmbe_size: size of our RMB element
 * @sndbuf_size: size of @sndbuf
 * @peer_rmbe_size: size of the peer's RMB element
 * @peer_rmbe_off: offset of the peer's element in its RMB
 *	((index - 1) * @peer_rmbe_size)
 * @peer_rtoken: index of the peer's RMB in the link group's rtoken table;
 *	smc_lgr_rtoken() gives its rkey and address on a link
 * @lock: protects everything below
 * @tx_prep: send buffer: end of the data the application copied in
 * @tx_sent: send buffer: end of the data written to the peer
 * @tx_fin: send buffer: end of the data whose CDC completed; space before
 *	it (and after @tx_prep) is free
 * @tx_prod: peer's RMBE: our producer cursor as last sent
 * @tx_prod_fin: peer's RMBE: our producer cursor in the last CDC whose
 *	send completed (a failover resends from here)
 * @tx_seq_fin: sequence number of that CDC (0 before the first)
 * @tx_prod_hi: peer's RMBE: the highest producer cursor we ever sent (a
 *	failover moves @tx_prod back, not this; the peer may consume up to it)
 * @tx_peer_cons: peer's RMBE: the consumer cursor the peer last reported
 * @tx_seq: sequence number of the last CDC we sent
 * @tx_conn_flags: SMC_CDC_CONN_* flags we send (sticky)
 * @tx_prod_flags: SMC_CDC_PROD_* flags of the last CDC we sent
 * @rx_prod: our RMBE: the producer cursor the peer last reported
 * @rx_cons: our RMBE: how far the application has read
 * @rx_cons_sent: the consumer cursor we last reported to the peer
 * @rx_seq: sequence number of the last CDC we accepted
 * @rx_seen: at least one CDC was accepted (@rx_seq is valid)
 * @rx_prod_flags: SMC_CDC_PROD_* flags of the last CDC received
 * @rx_conn_flags: SMC_CDC_CONN_* flags received so far (sticky)
 * @state: enum smc_conn_state
 * @tx_flags_req: SMC_CDC_CONN_* flags requested by shutdown or close but
 *	not sent yet: they go out with the CDC that sends the last unsent
 *	byte (an abort goes out at once)
 * @tx_hold: corked (TCP_CORK, MSG_MORE): keep small amounts of data in
 *	the send buffer
 * @tx_cons_upd: a CDC is wanted even without data (consumer cursor update)
 * @tx_last_data: the last CDC we sent carried data (request/response)
 * @rx_cons_delayed: a consumer cursor update is due but waits for a CDC
 *	with data to carry it, until @rx_cons_due at most (rx.c)
 * @rx_cons_due: jiffies when a delayed update goes out without data
 * @tx_discard: unsent data will never be sent (peer closed or aborted)
 * @tx_inflight: CDCs posted whose completion has not arrived
 * @tx_urg_pending: urgent data is in the send buffer, not yet written
 * @tx_urg: send buffer position just after the urgent byte
 * @rx_urg_state: enum smc_rx_urg_state (rx.c)
 * @rx_urg: RMBE position just after the peer's urgent byte
 * @rx_urg_byte: the urgent byte, once taken out of band
 * @killed: the link group is gone (smc_conn_abort()): nothing is sent
 * @started: smc_conn_start() ran; the socket reference is held
 * @released: the application released the socket
 * @freed: the connection's resources are being or have been freed
 * @tcp_aborted: the clcsock was aborted after @killed
 * @reset_req: data arrived after we shut down both directions: close_work
 *	resets TCP and aborts (smc_close_rx_data_locked())
 * @reset_done: close_work did that
 * @detached: connect(AF_UNSPEC) let go of the connection; the socket and
 *	its clcsock are no longer its (smc_close_disconnect())
 * @mem_charged: bytes of buffer memory charged to the socket (memacct.c)
 * @tx_work: pushes data or a cursor update that could not be sent at once,
 *	or a delayed consumer cursor update (rx.c)
 * @close_work: aborts the clcsock after @killed, resets after @reset_req;
 *	frees the connection once it is finished and released
 */
struct smc_conn {
	struct smc_lgr *lgr;
	struct smc_link *lnk;
	u32 token;
	u32 peer_token;
	struct smc_buf *rmb;
	struct smc_buf *sndbuf;
	u32 rmbe_size;
	u32 sndbuf_size;
	u32 peer_rmbe_size;
	u32 peer_rmbe_off;
	int peer_rtoken;
	int mem_charged;

	spinlock_t lock;	/* cursors, sequence numbers, flags */
	struct smc_cursor tx_prep;
	struct smc_cursor tx_sent;
	struct smc_cursor tx_fin;
	struct smc_cursor tx_prod;
	struct smc_cursor tx_prod_fin;
	struct smc_cursor tx_prod_hi;
	struct smc_cursor tx_peer_cons;
	u16 tx_seq;
	u16 tx_seq_fin;
	u8 tx_conn_flags;
	u8 tx_prod_flags;
	struct smc_cursor rx_prod;
	struct smc_cursor rx_cons;
	struct smc_cursor rx_cons_sent;
	u16 rx_seq;
	bool rx_seen;
	u8 rx_prod_flags;
	u8 rx_conn_flags;

	u8 state;
	u8 tx_flags_req;
	bool tx_hold;
	bool tx_cons_upd;
	bool tx_last_data;
	bool rx_cons_delayed;
	unsigned long rx_cons_due;
	bool tx_discard;
	unsigned int tx_inflight;
	bool tx_urg_pending;
	struct smc_cursor tx_urg;
	u8 rx_urg_state;
	struct smc_cursor rx_urg;
	u8 rx_urg_byte;
	bool killed;
	bool started;
	bool released;
	bool freed;
	bool tcp_aborted;
	bool reset_req;
	bool reset_done;
	bool detached;

	struct delayed_work tx_work;
	struct work_struct close_work;
};

#endif /* _AF_SMC_CONN_H */
