// SPDX-License-Identifier: GPL-2.0
/*
 * link.c - an SMC-R link: the verbs resources of one RC queue pair, its
 * send slots, its receive ring and the registration of buffers on it.
 *
 * Resources of a link (smc_link_create(), freed in the reverse order by
 * smc_link_free_res()):
 *	a reference on the struct smc_ib_device of the selection
 *	a protection domain; local SGEs use its local_dma_lkey
 *	a send CQ and a receive CQ, polled in softirq context (IB_POLL_SOFTIRQ)
 *	the RC QP; its state is tracked in @qp_state, never queried
 *	the send slots' messages, the receive buffers, the spill buffer and
 *	the long message buffer, each DMA mapped as one block
 *
 * Work requests and their completion entries (struct ib_cqe):
 *	SEND of slot N		tx_slots[N].cqe		smc_wr_tx_done()
 *	RDMA WRITE (unsignaled)	write_cqe		smc_wr_write_done()
 *	REG_MR			reg_cqe			smc_link_reg_done()
 *	long SEND		long_cqe		smc_wr_long_done()
 *	RECV N			rx_cqes[N]		smc_wr_rx_done()
 * Unsignaled writes complete only with an error or a flush, but then they
 * do, so they need a completion entry too.
 *
 * The send queue holds every SEND a full set of slots can have outstanding,
 * each with its writes, plus the REG_MR work requests and the drain work
 * request of ib_drain_qp(); the receive queue holds the receive WRs plus
 * the drain's. A SEND's writes precede it on the queue and retire before
 * its completion, so slots bound the queue's use and a post never finds it
 * full.
 *
 * Slot life: free -> taken (smc_wr_tx_get(); @tx_used) -> posted
 * (smc_wr_tx_post(); @tx_inflight, @tx_posted) -> completion: done(), then
 * free. A taken slot that is not posted goes back with smc_wr_tx_put().
 *
 * Going down: whoever sees an error first (a completion error that is not a
 * flush, a fatal QP event, a REG_MR that never completes) sets @broken and
 * calls @failed; the owner may set @broken itself (smc_link_set_broken()),
 * then @failed is not called. smc_link_destroy() sets @broken, takes and
 * drops @tx_lock so that no post that saw the link alive is still running,
 * and drains the QP: every posted WR completes (flushed) before the QP,
 * the CQs and the buffers go away. Posts check @broken under @tx_lock, so
 * none follows the drain. A slot taken but not yet posted when the link
 * broke is still being filled in: destruction waits for its sender to
 * give it back before the slot buffers are freed.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/bitops.h>
#include <linux/bottom_half.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <rdma/ib_verbs.h>

#include "link.h"
#include "objcount.h"

/* REG_MR work requests that may be outstanding (smc_link_reg_mr()
 * serializes them; one more covers a REG_MR left behind by a timeout)
 */
#define SMC_WR_REG_WRS		2
/* long SENDs that may be outstanding (smc_wr_tx_send_long()) */
#define SMC_WR_LONG_WRS		1
/* send queue: slots with their writes, REG_MRs, the long SEND; +1 for
 * ib_drain_qp()
 */
#define SMC_WR_SQ_SIZE		(SMC_WR_TX_SLOTS * (1 + SMC_WR_MAX_WRITES) + \
				 SMC_WR_REG_WRS + SMC_WR_LONG_WRS)
#define SMC_WR_RQ_SIZE		SMC_WR_RX_BUFS
/* the longest message a receive WR takes */
#define SMC_WR_RX_MAX_LEN	(SMC_WR_MSG_LEN + SMC_WR_RX_SPILL_LEN)
/* how long smc_link_reg_mr() waits for the REG_MR completion */
#define SMC_LINK_REG_TIMEOUT	(5 * HZ)
/* how long destruction waits for senders to give back taken slots */
#define SMC_LINK_HELD_WAIT	(2 * HZ)

static_assert(SMC_WR_TX_SLOTS <= BITS_PER_LONG);
static_assert(SMC_WR_RX_MAX_LEN == SMC_WR_LONG_MSG_LEN);

static struct ib_device *smc_link_ibdev(const struct smc_link *lnk)
{
	return lnk->sel.dev->ibdev;
}

static const char *smc_link_name(const struct smc_link *lnk)
{
	return dev_name(&smc_link_ibdev(lnk)->dev);
}

/* The link broke by itself: mark it, wake the senders, tell the owner once
 * (unless the owner marked it first). Any context but hard interrupts.
 */
static void smc_link_fail(struct smc_link *lnk, const char *why, int val)
{
	if (atomic_xchg(&lnk->broken, SMC_LINK_BROKEN))
		return;
	pr_warn_ratelimited("%s port %u link %u: link down: %s %d\n",
			    smc_link_name(lnk), lnk->sel.port, lnk->link_id,
			    why, val);
	wake_up_all(&lnk->tx_wait);
	if (lnk->failed)
		lnk->failed(lnk);
}

/**
 * smc_link_set_broken() - mark a link down
 * @lnk: the link
 *
 * Sends fail with -ENOLINK from now on and waiting senders wake up. The QP
 * is left alone (smc_link_destroy() moves it to ERR) and @lnk->failed is
 * not called.
 *
 * Context: any context.
 */
void smc_link_set_broken(struct smc_link *lnk)
{
	atomic_set(&lnk->broken, SMC_LINK_BROKEN);
	wake_up_all(&lnk->tx_wait);
}

/**
 * smc_link_set_leaving() - mark a working link down for sends only
 * @lnk: the link
 *
 * As smc_link_set_broken(), but the receive side goes on: each receive
 * that completes is posted again, so the peer's SENDs on the link keep
 * being answered until smc_link_drain(). A link that is going away while
 * its QP still works (its device is being removed) leaves this way, so
 * that the peer's outstanding sends complete instead of being retried
 * until the peer gives up (rxe never does with retry count 7).
 *
 * Context: any context.
 * Return: true if the link was working and is leaving now; false if it
 * was broken already (it stays broken).
 */
bool smc_link_set_leaving(struct smc_link *lnk)
{
	bool ok = !atomic_cmpxchg(&lnk->broken, 0, SMC_LINK_LEAVING);

	wake_up_all(&lnk->tx_wait);
	return ok;
}

/**
 * smc_link_drain() - stop a link and wait for everything posted on it
 * @lnk: a created link, going away
 *
 * Marks the link broken, moves its QP to ERR and waits until every work
 * request posted before has completed (with %IB_WC_WR_FLUSH_ERR unless it
 * completed before) and its handler has run: after this, each send slot's
 * done handler has told its sender whether the message arrived. The link
 * keeps its resources until smc_link_destroy(), which does not drain again.
 * A failover needs this to know which CDCs arrived.
 *
 * Context: process context; sleeps.
 */
void smc_link_drain(struct smc_link *lnk)
{
	unsigned long flags;

	might_sleep();
	/* a leaving link stops reposting receives too */
	atomic_set(&lnk->broken, SMC_LINK_BROKEN);
	/* a post that saw the link alive has finished after this */
	spin_lock_irqsave(&lnk->tx_lock, flags);
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	wake_up_all(&lnk->tx_wait);
	/* RESET cannot go to ERR, and nothing is posted in RESET */
	if (!lnk->qp || lnk->drained || lnk->qp_state == IB_QPS_RESET)
		return;
	ib_drain_qp(lnk->qp);
	lnk->qp_state = IB_QPS_ERR;
	lnk->drained = true;
}

/* ------------------------------------------------------------------------
 * Completions
 */

/* A posted slot is done: tell its sender, then free it. */
static void smc_wr_tx_finish(struct smc_link *lnk,
			     struct smc_wr_tx_slot *slot, int status)
{
	unsigned long flags;

	if (slot->done)
		slot->done(lnk, slot, status);
	spin_lock_irqsave(&lnk->tx_lock, flags);
	__clear_bit(slot->index, &lnk->tx_inflight);
	__clear_bit(slot->index, &lnk->tx_used);
	lnk->tx_posted--;
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	wake_up_all(&lnk->tx_wait);
}

static void smc_wr_tx_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_wr_tx_slot *slot = container_of(wc->wr_cqe,
						   struct smc_wr_tx_slot, cqe);
	struct smc_link *lnk = cq->cq_context;

	if (wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)
		smc_link_fail(lnk, "send completion status", wc->status);
	smc_wr_tx_finish(lnk, slot, wc->status);
}

static void smc_wr_write_done(struct ib_cq *cq, struct ib_wc *wc)
{
	if (wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)
		smc_link_fail(cq->cq_context, "RDMA write completion status",
			      wc->status);
}

static void smc_link_reg_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_link *lnk = cq->cq_context;

	if (wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)
		smc_link_fail(lnk, "REG_MR completion status", wc->status);
	lnk->reg_status = wc->status;
	complete(&lnk->reg_done);
}

static void smc_wr_long_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_link *lnk = cq->cq_context;
	unsigned long flags;

	if (wc->status != IB_WC_SUCCESS && wc->status != IB_WC_WR_FLUSH_ERR)
		smc_link_fail(lnk, "long send completion status", wc->status);
	spin_lock_irqsave(&lnk->tx_lock, flags);
	lnk->long_status = wc->status;
	lnk->long_posted = false;
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	complete(&lnk->long_done);
	wake_up_all(&lnk->tx_wait);	/* smc_link_reg_mr() may wait */
}

static void smc_wr_rx_done(struct ib_cq *cq, struct ib_wc *wc)
{
	struct smc_link *lnk = cq->cq_context;
	struct ib_device *ibdev = smc_link_ibdev(lnk);
	unsigned int i = wc->wr_cqe - lnk->rx_cqes;
	u64 dma = lnk->rx_dma + i * SMC_WR_MSG_LEN;
	const u8 *msg = lnk->rx_bufs + i * SMC_WR_MSG_LEN;
	u32 len = wc->byte_len;
	int rc;

	if (wc->status != IB_WC_SUCCESS) {
		if (wc->status != IB_WC_WR_FLUSH_ERR)
			smc_link_fail(lnk, "receive completion status",
				      wc->status);
		return;		/* no repost: the QP is in error */
	}

	ib_dma_sync_single_for_cpu(ibdev, dma, SMC_WR_MSG_LEN,
				   DMA_FROM_DEVICE);
	if (len < 2) {
		pr_debug_ratelimited("%s port %u link %u: %u byte message dropped\n",
				     smc_link_name(lnk), lnk->sel.port,
				     lnk->link_id, len);
	} else if (len > SMC_WR_MSG_LEN) {
		/* the first 44 bytes in this WR's buffer, the rest spilled */
		ib_dma_sync_single_for_cpu(ibdev, lnk->rx_spill_dma,
					   len - SMC_WR_MSG_LEN,
					   DMA_FROM_DEVICE);
		memcpy(lnk->rx_msg, msg, SMC_WR_MSG_LEN);
		memcpy(lnk->rx_msg + SMC_WR_MSG_LEN, lnk->rx_spill,
		       len - SMC_WR_MSG_LEN);
		ib_dma_sync_single_for_device(ibdev, lnk->rx_spill_dma,
					      len - SMC_WR_MSG_LEN,
					      DMA_FROM_DEVICE);
		if (lnk->rx_handler)
			lnk->rx_handler(lnk, lnk->rx_msg, len);
	} else if (lnk->rx_handler) {
		lnk->rx_handler(lnk, msg, len);
	}
	ib_dma_sync_single_for_device(ibdev, dma, SMC_WR_MSG_LEN,
				      DMA_FROM_DEVICE);

	if (atomic_read(&lnk->broken) == SMC_LINK_BROKEN)
		return;
	rc = ib_post_recv(lnk->qp, &lnk->rx_wrs[i], NULL);
	if (rc)
		smc_link_fail(lnk, "receive repost error", rc);
}

static void smc_link_qp_event(struct ib_event *ev, void *context)
{
	struct smc_link *lnk = context;

	switch (ev->event) {
	case IB_EVENT_QP_FATAL:
	case IB_EVENT_QP_REQ_ERR:
	case IB_EVENT_QP_ACCESS_ERR:
	case IB_EVENT_PATH_MIG_ERR:
		smc_link_fail(lnk, "QP event", ev->event);
		break;
	default:
		break;
	}
}

/* ------------------------------------------------------------------------
 * Buffers of the send slots and the receive ring
 */

/* Allocate and map one block; on failure nothing is left. */
static void *smc_link_buf_alloc(struct smc_link *lnk, size_t size,
				enum dma_data_direction dir, u64 *dma)
{
	struct ib_device *ibdev = smc_link_ibdev(lnk);
	void *buf;

	buf = kzalloc(size, GFP_KERNEL);
	if (!buf)
		return NULL;
	*dma = ib_dma_map_single(ibdev, buf, size, dir);
	if (ib_dma_mapping_error(ibdev, *dma)) {
		kfree(buf);
		*dma = 0;
		return NULL;
	}
	return buf;
}

static void smc_link_buf_free(struct smc_link *lnk, void *buf, size_t size,
			      enum dma_data_direction dir, u64 dma)
{
	if (!buf)
		return;
	ib_dma_unmap_single(smc_link_ibdev(lnk), dma, size, dir);
	kfree(buf);
}

static void smc_link_bufs_free(struct smc_link *lnk)
{
	smc_link_buf_free(lnk, lnk->tx_bufs,
			  SMC_WR_TX_SLOTS * SMC_WR_MSG_LEN, DMA_TO_DEVICE,
			  lnk->tx_dma);
	lnk->tx_bufs = NULL;
	smc_link_buf_free(lnk, lnk->rx_bufs,
			  SMC_WR_RX_BUFS * SMC_WR_MSG_LEN, DMA_FROM_DEVICE,
			  lnk->rx_dma);
	lnk->rx_bufs = NULL;
	smc_link_buf_free(lnk, lnk->rx_spill, SMC_WR_RX_SPILL_LEN,
			  DMA_FROM_DEVICE, lnk->rx_spill_dma);
	lnk->rx_spill = NULL;
	kfree(lnk->rx_msg);
	lnk->rx_msg = NULL;
	smc_link_buf_free(lnk, lnk->tx_long, SMC_WR_LONG_MSG_LEN,
			  DMA_TO_DEVICE, lnk->tx_long_dma);
	lnk->tx_long = NULL;
}

/* Allocate the buffers and prepare every send and receive WR. */
static int smc_link_bufs_alloc(struct smc_link *lnk)
{
	u32 lkey = lnk->pd->local_dma_lkey;
	unsigned int i;

	lnk->tx_bufs = smc_link_buf_alloc(lnk,
					  SMC_WR_TX_SLOTS * SMC_WR_MSG_LEN,
					  DMA_TO_DEVICE, &lnk->tx_dma);
	lnk->rx_bufs = smc_link_buf_alloc(lnk,
					  SMC_WR_RX_BUFS * SMC_WR_MSG_LEN,
					  DMA_FROM_DEVICE, &lnk->rx_dma);
	lnk->rx_spill = smc_link_buf_alloc(lnk, SMC_WR_RX_SPILL_LEN,
					   DMA_FROM_DEVICE,
					   &lnk->rx_spill_dma);
	lnk->rx_msg = kmalloc(SMC_WR_RX_MAX_LEN, GFP_KERNEL);
	lnk->tx_long = smc_link_buf_alloc(lnk, SMC_WR_LONG_MSG_LEN,
					  DMA_TO_DEVICE, &lnk->tx_long_dma);
	if (!lnk->tx_bufs || !lnk->rx_bufs || !lnk->rx_spill || !lnk->rx_msg ||
	    !lnk->tx_long) {
		smc_link_bufs_free(lnk);
		return -ENOMEM;
	}

	for (i = 0; i < SMC_WR_TX_SLOTS; i++) {
		struct smc_wr_tx_slot *slot = &lnk->tx_slots[i];

		memset(slot, 0, sizeof(*slot));
		slot->index = i;
		slot->lnk = lnk;
		slot->msg = lnk->tx_bufs + i * SMC_WR_MSG_LEN;
		slot->cqe.done = smc_wr_tx_done;
		slot->sge.addr = lnk->tx_dma + i * SMC_WR_MSG_LEN;
		slot->sge.length = SMC_WR_MSG_LEN;
		slot->sge.lkey = lkey;
		slot->wr.wr_cqe = &slot->cqe;
		slot->wr.sg_list = &slot->sge;
		slot->wr.num_sge = 1;
		slot->wr.opcode = IB_WR_SEND;
		/* upstream Linux arms its receive CQ for solicited events */
		slot->wr.send_flags = IB_SEND_SIGNALED | IB_SEND_SOLICITED;
	}
	for (i = 0; i < SMC_WR_RX_BUFS; i++) {
		struct ib_sge *sge = lnk->rx_sges[i];

		lnk->rx_cqes[i].done = smc_wr_rx_done;
		sge[0].addr = lnk->rx_dma + i * SMC_WR_MSG_LEN;
		sge[0].length = SMC_WR_MSG_LEN;
		sge[0].lkey = lkey;
		sge[1].addr = lnk->rx_spill_dma;
		sge[1].length = SMC_WR_RX_SPILL_LEN;
		sge[1].lkey = lkey;
		lnk->rx_wrs[i].next = NULL;
		lnk->rx_wrs[i].wr_cqe = &lnk->rx_cqes[i];
		lnk->rx_wrs[i].sg_list = sge;
		lnk->rx_wrs[i].num_sge = 2;
	}
	return 0;
}

/* After the CQs are gone: a slot whose completion never came (posted
 * behind the drain) is completed here as flushed, in softirq-like context
 * as the done handlers expect.
 */
static void smc_wr_tx_flush_left(struct smc_link *lnk)
{
	unsigned int i;

	local_bh_disable();
	for (i = 0; i < SMC_WR_TX_SLOTS; i++)
		if (test_bit(i, &lnk->tx_inflight))
			smc_wr_tx_finish(lnk, &lnk->tx_slots[i],
					 IB_WC_WR_FLUSH_ERR);
	local_bh_enable();
}

/* ------------------------------------------------------------------------
 * Creation, QP states, destruction
 */

/* no slot is taken without being posted (tx_lock not held) */
static bool smc_wr_tx_none_held(struct smc_link *lnk)
{
	unsigned long flags;
	bool none;

	spin_lock_irqsave(&lnk->tx_lock, flags);
	none = !(lnk->tx_used & ~lnk->tx_inflight);
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	return none;
}

/* Free whatever exists, in the reverse order of smc_link_create(). */
static void smc_link_free_res(struct smc_link *lnk)
{
	if (lnk->qp) {
		smc_link_drain(lnk);
		/* A sender that took a slot before the link broke still
		 * writes its message into the slot's buffer; its post fails
		 * and it gives the slot back (smc_wr_tx_put()). The buffers
		 * stay until then.
		 */
		if (!wait_event_timeout(lnk->tx_wait, smc_wr_tx_none_held(lnk),
					SMC_LINK_HELD_WAIT))
			pr_warn_ratelimited("%s port %u link %u: send slots %#lx still taken at destruction\n",
					    smc_link_name(lnk), lnk->sel.port,
					    lnk->link_id,
					    lnk->tx_used & ~lnk->tx_inflight);
		ib_destroy_qp(lnk->qp);
		lnk->qp = NULL;
		lnk->qp_state = IB_QPS_RESET;
	}
	/* freeing a CQ waits for its running completion handlers */
	if (lnk->send_cq) {
		ib_free_cq(lnk->send_cq);
		lnk->send_cq = NULL;
	}
	if (lnk->recv_cq) {
		ib_free_cq(lnk->recv_cq);
		lnk->recv_cq = NULL;
	}
	if (lnk->tx_bufs)
		smc_wr_tx_flush_left(lnk);
	smc_link_bufs_free(lnk);
	if (lnk->pd) {
		ib_dealloc_pd(lnk->pd);
		lnk->pd = NULL;
	}
	if (lnk->sel.dev) {
		smc_ib_dev_put(lnk->sel.dev);
		lnk->sel.dev = NULL;
	}
}

static int smc_link_modify(struct smc_link *lnk, struct ib_qp_attr *attr,
			   int mask)
{
	int rc;

	rc = ib_modify_qp(lnk->qp, attr, mask);
	if (rc) {
		pr_warn_ratelimited("%s port %u link %u: QP %u to state %d failed: %d\n",
				    smc_link_name(lnk), lnk->sel.port,
				    lnk->link_id, lnk->qp->qp_num,
				    attr->qp_state, rc);
		return rc;
	}
	lnk->qp_state = attr->qp_state;
	return 0;
}

static int smc_link_to_init(struct smc_link *lnk)
{
	struct ib_qp_attr attr = {
		.qp_state = IB_QPS_INIT,
		.pkey_index = 0,
		.port_num = lnk->sel.port,
		.qp_access_flags = IB_ACCESS_LOCAL_WRITE |
				   IB_ACCESS_REMOTE_WRITE,
	};

	return smc_link_modify(lnk, &attr, IB_QP_STATE | IB_QP_PKEY_INDEX |
				     IB_QP_PORT | IB_QP_ACCESS_FLAGS);
}

static int smc_link_create_qp(struct smc_link *lnk)
{
	struct ib_qp_init_attr init = {
		.event_handler = smc_link_qp_event,
		.qp_context = lnk,
		.send_cq = lnk->send_cq,
		.recv_cq = lnk->recv_cq,
		.cap = {
			.max_send_wr = SMC_WR_SQ_SIZE + 1,
			.max_recv_wr = SMC_WR_RQ_SIZE + 1,
			.max_send_sge = 2,
			.max_recv_sge = 2,
		},
		.sq_sig_type = IB_SIGNAL_REQ_WR,
		.qp_type = IB_QPT_RC,
	};
	struct ib_qp *qp;

	qp = ib_create_qp(lnk->pd, &init);
	if (IS_ERR(qp))
		return PTR_ERR(qp);
	lnk->qp = qp;
	lnk->qp_state = IB_QPS_RESET;
	return 0;
}

/**
 * smc_link_create() - create the verbs resources of a link
 * @lnk: the link; @lnk->rx_handler, @lnk->failed, @lnk->link_id and the
 *	owner's fields may be set before, the rest is initialized here
 * @sel: device, port and GID; the link takes its own device reference
 *
 * Creates the protection domain, the send and receive CQs, the RC QP (moved
 * to INIT), the send slots and the receive buffers, and posts every receive
 * WR. The initial PSN is random and the MTU is the port's active MTU.
 *
 * Context: process context; sleeps.
 * Return: 0, or a negative error code with nothing left allocated.
 */
int smc_link_create(struct smc_link *lnk, const struct smc_ib_sel *sel)
{
	struct ib_port_attr pattr;
	struct ib_device *ibdev;
	unsigned int i;
	int rc;

	might_sleep();
	if (WARN_ON_ONCE(lnk->counted || !sel->dev))
		return -EINVAL;
	lnk->sel = *sel;
	smc_ib_dev_get(sel->dev);
	ibdev = smc_link_ibdev(lnk);

	spin_lock_init(&lnk->tx_lock);
	init_waitqueue_head(&lnk->tx_wait);
	mutex_init(&lnk->reg_mutex);
	init_completion(&lnk->reg_done);
	mutex_init(&lnk->long_mutex);
	init_completion(&lnk->long_done);
	lnk->long_posted = false;
	lnk->drained = false;
	lnk->tx_used = 0;
	lnk->tx_inflight = 0;
	lnk->tx_posted = 0;
	atomic_set(&lnk->broken, 0);
	lnk->qp_state = IB_QPS_RESET;
	lnk->write_cqe.done = smc_wr_write_done;
	lnk->reg_cqe.done = smc_link_reg_done;
	lnk->long_cqe.done = smc_wr_long_done;

	rc = ib_query_port(ibdev, sel->port, &pattr);
	if (rc)
		goto err;
	lnk->mtu = pattr.active_mtu;
	lnk->psn = get_random_u32() & 0xffffff;

	lnk->pd = ib_alloc_pd(ibdev, 0);
	if (IS_ERR(lnk->pd)) {
		rc = PTR_ERR(lnk->pd);
		lnk->pd = NULL;
		goto err;
	}
	lnk->send_cq = ib_alloc_cq(ibdev, lnk, SMC_WR_SQ_SIZE + 1, 0,
				   IB_POLL_SOFTIRQ);
	if (IS_ERR(lnk->send_cq)) {
		rc = PTR_ERR(lnk->send_cq);
		lnk->send_cq = NULL;
		goto err;
	}
	lnk->recv_cq = ib_alloc_cq(ibdev, lnk, SMC_WR_RQ_SIZE + 1, 0,
				   IB_POLL_SOFTIRQ);
	if (IS_ERR(lnk->recv_cq)) {
		rc = PTR_ERR(lnk->recv_cq);
		lnk->recv_cq = NULL;
		goto err;
	}
	rc = smc_link_create_qp(lnk);
	if (rc)
		goto err;
	rc = smc_link_bufs_alloc(lnk);
	if (rc)
		goto err;
	rc = smc_link_to_init(lnk);
	if (rc)
		goto err;
	for (i = 0; i < SMC_WR_RX_BUFS; i++) {
		rc = ib_post_recv(lnk->qp, &lnk->rx_wrs[i], NULL);
		if (rc)
			goto err;
	}

	lnk->counted = true;
	smc_obj_inc(SMC_OBJ_LINK);
	return 0;

err:
	pr_warn_ratelimited("%s port %u: cannot create a link: %d\n",
			    dev_name(&ibdev->dev), sel->port, rc);
	smc_link_free_res(lnk);
	mutex_destroy(&lnk->reg_mutex);
	mutex_destroy(&lnk->long_mutex);
	return rc;
}

/**
 * smc_link_to_rtr() - move the QP to RTR, towards the peer
 * @lnk: a created link in INIT; @lnk->peer_qpn, @lnk->peer_psn,
 *	@lnk->peer_mtu, @lnk->peer_gid and @lnk->peer_mac are set
 *
 * The address vector is RoCE with a GRH to @lnk->peer_gid (hop limit 1)
 * from our GID index, the path MTU the smaller of both MTUs.
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL if the QP is not in INIT or the peer's MTU is unset,
 * or the error of the modify.
 */
int smc_link_to_rtr(struct smc_link *lnk)
{
	struct ib_qp_attr attr = {
		.qp_state = IB_QPS_RTR,
		.path_mtu = min(lnk->mtu, lnk->peer_mtu),
		.dest_qp_num = lnk->peer_qpn,
		.rq_psn = lnk->peer_psn,
		.max_dest_rd_atomic = 1,
		.min_rnr_timer = SMC_QP_MIN_RNR_TIMER,
	};
	union ib_gid dgid;

	if (!lnk->qp || lnk->qp_state != IB_QPS_INIT || !lnk->peer_mtu)
		return -EINVAL;
	memcpy(dgid.raw, lnk->peer_gid, sizeof(dgid.raw));
	attr.ah_attr.type = rdma_ah_find_type(smc_link_ibdev(lnk),
					      lnk->sel.port);
	rdma_ah_set_port_num(&attr.ah_attr, lnk->sel.port);
	rdma_ah_set_grh(&attr.ah_attr, &dgid, 0, lnk->sel.gid_index, 1, 0);
	memcpy(attr.ah_attr.roce.dmac, lnk->peer_mac, ETH_ALEN);

	return smc_link_modify(lnk, &attr, IB_QP_STATE | IB_QP_AV |
			       IB_QP_PATH_MTU | IB_QP_DEST_QPN |
			       IB_QP_RQ_PSN | IB_QP_MAX_DEST_RD_ATOMIC |
			       IB_QP_MIN_RNR_TIMER);
}

/**
 * smc_link_to_rts() - move the QP to RTS: the link can send
 * @lnk: a link in RTR
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL if the QP is not in RTR, or the error of the modify.
 */
int smc_link_to_rts(struct smc_link *lnk)
{
	struct ib_qp_attr attr = {
		.qp_state = IB_QPS_RTS,
		.timeout = SMC_QP_TIMEOUT,
		.retry_cnt = SMC_QP_RETRY_CNT,
		.rnr_retry = SMC_QP_RNR_RETRY,
		.sq_psn = lnk->psn,
		.max_rd_atomic = 1,
	};

	if (!lnk->qp || lnk->qp_state != IB_QPS_RTR)
		return -EINVAL;
	return smc_link_modify(lnk, &attr, IB_QP_STATE | IB_QP_TIMEOUT |
			       IB_QP_RETRY_CNT | IB_QP_RNR_RETRY |
			       IB_QP_SQ_PSN | IB_QP_MAX_QP_RD_ATOMIC);
}

/**
 * smc_link_destroy() - free every resource of a link
 * @lnk: the link: created, partially set up, or never created (all zero)
 *
 * Marks the link broken, moves the QP to ERR and drains it: every posted
 * slot's done handler runs (with %IB_WC_WR_FLUSH_ERR unless it completed
 * before). Then the QP, the CQs, the buffers and the protection domain are
 * freed and the device reference dropped; @lnk->state becomes
 * %SMC_LNK_UNUSED. Buffers mapped on the link must be unmapped before
 * (smc_link_unmap_buf()).
 *
 * Context: process context; sleeps.
 */
void smc_link_destroy(struct smc_link *lnk)
{
	might_sleep();
	smc_link_free_res(lnk);
	if (lnk->counted) {
		lnk->counted = false;
		mutex_destroy(&lnk->reg_mutex);
		mutex_destroy(&lnk->long_mutex);
		smc_obj_dec(SMC_OBJ_LINK);
	}
	lnk->state = SMC_LNK_UNUSED;
}

/* ------------------------------------------------------------------------
 * Send slots
 */

/* Take a free slot, or learn that the link is down. Return: true when
 * done (*rc 0 and *slot set, or *rc -ENOLINK), false if none is free.
 */
static bool smc_wr_tx_take(struct smc_link *lnk,
			   struct smc_wr_tx_slot **slot, int *rc)
{
	struct smc_wr_tx_slot *s;
	unsigned long flags;
	unsigned int idx;

	spin_lock_irqsave(&lnk->tx_lock, flags);
	if (atomic_read(&lnk->broken)) {
		spin_unlock_irqrestore(&lnk->tx_lock, flags);
		*rc = -ENOLINK;
		return true;
	}
	idx = find_first_zero_bit(&lnk->tx_used, SMC_WR_TX_SLOTS);
	if (idx >= SMC_WR_TX_SLOTS || lnk->reg_hold) {
		spin_unlock_irqrestore(&lnk->tx_lock, flags);
		*rc = -EBUSY;
		return false;
	}
	__set_bit(idx, &lnk->tx_used);
	spin_unlock_irqrestore(&lnk->tx_lock, flags);

	s = &lnk->tx_slots[idx];
	memset(s->msg, 0, SMC_WR_MSG_LEN);
	s->done = NULL;
	memset(s->priv, 0, sizeof(s->priv));
	*slot = s;
	*rc = 0;
	return true;
}

/**
 * smc_wr_tx_get() - take a free send slot
 * @lnk: a created link
 * @timeout: jiffies to wait for a free slot; 0: do not wait;
 *	%MAX_SCHEDULE_TIMEOUT: wait until one is free or the link breaks
 * @slot: receives the slot: message zeroed, no done handler, priv zeroed
 *
 * Context: any context with @timeout 0, else process context (the wait is
 * interruptible).
 * Return: 0; -ENOLINK if the link is broken; -EBUSY (@timeout 0) or
 * -ETIMEDOUT if no slot became free; -ERESTARTSYS on a signal.
 */
int smc_wr_tx_get(struct smc_link *lnk, long timeout,
		  struct smc_wr_tx_slot **slot)
{
	long left;
	int rc;

	*slot = NULL;
	if (smc_wr_tx_take(lnk, slot, &rc) || timeout <= 0)
		return rc;
	left = wait_event_interruptible_timeout(lnk->tx_wait,
						smc_wr_tx_take(lnk, slot, &rc),
						timeout);
	if (left < 0)
		return left;
	if (!left)
		return -ETIMEDOUT;
	return rc;
}

/**
 * smc_wr_tx_put() - give back a slot that was not posted
 * @lnk: the link
 * @slot: a slot from smc_wr_tx_get() that smc_wr_tx_post() did not take
 *
 * Context: any context.
 */
void smc_wr_tx_put(struct smc_link *lnk, struct smc_wr_tx_slot *slot)
{
	unsigned long flags;

	spin_lock_irqsave(&lnk->tx_lock, flags);
	if (WARN_ON_ONCE(test_bit(slot->index, &lnk->tx_inflight))) {
		/* posted: its completion frees it */
		spin_unlock_irqrestore(&lnk->tx_lock, flags);
		return;
	}
	__clear_bit(slot->index, &lnk->tx_used);
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	wake_up_all(&lnk->tx_wait);
}

/* Chain the writes in front of the slot's SEND; return the first WR. */
static struct ib_send_wr *smc_wr_tx_chain(struct smc_link *lnk,
					  struct smc_wr_tx_slot *slot,
					  const struct smc_wr_write *writes,
					  unsigned int nwrites)
{
	struct ib_send_wr *next = &slot->wr;
	u32 lkey = lnk->pd->local_dma_lkey;
	unsigned int i, j;

	slot->wr.next = NULL;
	for (i = nwrites; i-- > 0;) {
		const struct smc_wr_write *w = &writes[i];
		struct ib_rdma_wr *rw = &slot->writes[i];

		for (j = 0; j < w->nsge; j++) {
			slot->write_sges[i][j].addr = w->addr[j];
			slot->write_sges[i][j].length = w->len[j];
			slot->write_sges[i][j].lkey = lkey;
		}
		memset(rw, 0, sizeof(*rw));
		rw->wr.next = next;
		rw->wr.wr_cqe = &lnk->write_cqe;
		rw->wr.sg_list = slot->write_sges[i];
		rw->wr.num_sge = w->nsge;
		rw->wr.opcode = IB_WR_RDMA_WRITE;
		rw->wr.send_flags = 0;		/* unsignaled */
		rw->remote_addr = w->remote_addr;
		rw->rkey = w->rkey;
		next = &rw->wr;
	}
	return next;
}

/**
 * smc_wr_tx_post() - send a slot's message, after RDMA writes
 * @lnk: a link in RTS
 * @slot: a slot taken from @lnk with smc_wr_tx_get(), message filled in
 * @writes: RDMA writes to post before the message, or NULL
 * @nwrites: their number, up to %SMC_WR_MAX_WRITES
 *
 * Posts the writes (unsignaled) and the 44-byte SEND (signaled, solicited)
 * with one ib_post_send(); RC ordering makes the written data visible at
 * the peer before the message arrives. On success the link owns the slot
 * until the SEND completes: then @slot->done runs (if set) and the slot is
 * free again. On failure the slot stays with the caller, who gives it back
 * with smc_wr_tx_put() (some writes may have been posted).
 *
 * Context: any context but hard interrupts; never sleeps.
 * Return: 0; -ENOLINK if the link is broken; -EINVAL for a bad argument;
 * or the error of ib_post_send().
 */
int smc_wr_tx_post(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
		   const struct smc_wr_write *writes, unsigned int nwrites)
{
	struct ib_send_wr *first;
	unsigned long flags;
	unsigned int i;
	int rc;

	if (nwrites > SMC_WR_MAX_WRITES || (nwrites && !writes))
		return -EINVAL;
	for (i = 0; i < nwrites; i++)
		if (writes[i].nsge < 1 || writes[i].nsge > 2)
			return -EINVAL;
	first = smc_wr_tx_chain(lnk, slot, writes, nwrites);
	ib_dma_sync_single_for_device(smc_link_ibdev(lnk), slot->sge.addr,
				      SMC_WR_MSG_LEN, DMA_TO_DEVICE);

	spin_lock_irqsave(&lnk->tx_lock, flags);
	if (atomic_read(&lnk->broken)) {
		rc = -ENOLINK;
	} else if (WARN_ON_ONCE(!test_bit(slot->index, &lnk->tx_used) ||
				test_bit(slot->index, &lnk->tx_inflight))) {
		rc = -EINVAL;
	} else {
		/* the completion may run before ib_post_send() returns */
		__set_bit(slot->index, &lnk->tx_inflight);
		lnk->tx_posted++;
		rc = ib_post_send(lnk->qp, first, NULL);
		if (rc) {
			__clear_bit(slot->index, &lnk->tx_inflight);
			lnk->tx_posted--;
		}
	}
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	if (rc && rc != -ENOLINK && rc != -EINVAL)
		pr_warn_ratelimited("%s port %u link %u: send post failed: %d\n",
				    smc_link_name(lnk), lnk->sel.port,
				    lnk->link_id, rc);
	return rc;
}

/**
 * smc_wr_tx_send_long() - send one message longer than a send slot
 * @lnk: a link in RTS
 * @msg: the message (an SMC-Rv2 LLC message)
 * @len: its length, %SMC_WR_MSG_LEN up to %SMC_WR_LONG_MSG_LEN
 * @timeout: jiffies to wait for the SEND's completion
 *
 * The message is copied into the link's long message buffer and sent
 * (signaled, solicited) from there; the call returns when the SEND has
 * completed, so the buffer is free again. One long message is in flight at
 * a time per link: concurrent callers wait for each other. A completion
 * that does not come within @timeout marks the link failed (@lnk->failed
 * runs); the drain of smc_link_destroy() ends the SEND.
 *
 * Messages of up to %SMC_WR_MSG_LEN bytes go through the send slots
 * (smc_wr_tx_get(), smc_wr_tx_post()); this path is for the few LLC
 * messages that SMC-Rv2 lets grow (ADD LINK with its rkey extension,
 * REQUEST ADD LINK, DELETE RKEY).
 *
 * Context: process context; sleeps.
 * Return: 0; -EINVAL for a bad length; -ENOLINK if the link is broken or
 * the SEND was flushed; -ENOTCONN if the QP is not in RTS; -EBUSY if an
 * earlier long SEND never completed; -ETIMEDOUT; -EIO for a completion
 * error; or the error of the post.
 */
int smc_wr_tx_send_long(struct smc_link *lnk, const u8 *msg, u32 len,
			long timeout)
{
	struct ib_sge sge = {
		.addr = lnk->tx_long_dma,
		.length = len,
		.lkey = lnk->pd ? lnk->pd->local_dma_lkey : 0,
	};
	struct ib_send_wr wr = {
		.wr_cqe = &lnk->long_cqe,
		.sg_list = &sge,
		.num_sge = 1,
		.opcode = IB_WR_SEND,
		.send_flags = IB_SEND_SIGNALED | IB_SEND_SOLICITED,
	};
	unsigned long flags;
	int rc = 0;

	might_sleep();
	if (len < SMC_WR_MSG_LEN || len > SMC_WR_LONG_MSG_LEN)
		return -EINVAL;
	if (!lnk->tx_long)
		return -ENOLINK;

	mutex_lock(&lnk->long_mutex);
	spin_lock_irqsave(&lnk->tx_lock, flags);
	if (atomic_read(&lnk->broken))
		rc = -ENOLINK;
	else if (lnk->qp_state != IB_QPS_RTS)
		rc = -ENOTCONN;
	else if (lnk->long_posted)
		rc = -EBUSY;
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	if (rc)
		goto out;

	/* nothing has the buffer: no long SEND is posted */
	memcpy(lnk->tx_long, msg, len);
	ib_dma_sync_single_for_device(smc_link_ibdev(lnk), lnk->tx_long_dma,
				      len, DMA_TO_DEVICE);
	reinit_completion(&lnk->long_done);
	spin_lock_irqsave(&lnk->tx_lock, flags);
	if (atomic_read(&lnk->broken)) {
		rc = -ENOLINK;
	} else {
		lnk->long_posted = true;
		rc = ib_post_send(lnk->qp, &wr, NULL);
		if (rc)
			lnk->long_posted = false;
	}
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	if (rc)
		goto out;

	if (!wait_for_completion_timeout(&lnk->long_done, timeout)) {
		smc_link_fail(lnk, "long send timeout, ms",
			      jiffies_to_msecs(timeout));
		rc = -ETIMEDOUT;
		goto out;
	}
	if (lnk->long_status == IB_WC_WR_FLUSH_ERR)
		rc = -ENOLINK;
	else if (lnk->long_status != IB_WC_SUCCESS)
		rc = -EIO;
out:
	mutex_unlock(&lnk->long_mutex);
	return rc;
}

static bool smc_wr_tx_idle(struct smc_link *lnk)
{
	return !READ_ONCE(lnk->tx_posted);
}

/**
 * smc_wr_tx_wait_idle() - wait until no posted slot is outstanding
 * @lnk: a created link
 * @timeout: jiffies to wait at most
 *
 * On a broken link the outstanding slots complete only when the QP is
 * drained (smc_link_destroy()).
 *
 * Context: process context (the wait is not interruptible).
 * Return: 0 once idle, -ETIMEDOUT.
 */
int smc_wr_tx_wait_idle(struct smc_link *lnk, long timeout)
{
	if (!lnk->tx_bufs)
		return 0;
	if (!wait_event_timeout(lnk->tx_wait, smc_wr_tx_idle(lnk), timeout))
		return -ETIMEDOUT;
	return 0;
}

/* ------------------------------------------------------------------------
 * Buffer registration
 */

/* The buffer's pages: one entry for physically contiguous memory, one
 * per page for vmalloc() memory.
 */
static int smc_link_buf_sgt(struct sg_table *sgt, void *cpu_addr,
			    size_t len)
{
	unsigned int i, pages = len >> PAGE_SHIFT;
	struct scatterlist *sg;
	int rc;

	if (!is_vmalloc_addr(cpu_addr)) {
		rc = sg_alloc_table(sgt, 1, GFP_KERNEL);
		if (!rc)
			sg_set_buf(sgt->sgl, cpu_addr, len);
		return rc;
	}
	rc = sg_alloc_table(sgt, pages, GFP_KERNEL);
	if (rc)
		return rc;
	for_each_sg(sgt->sgl, sg, pages, i)
		sg_set_page(sg, vmalloc_to_page(cpu_addr + i * PAGE_SIZE),
			    PAGE_SIZE, 0);
	return 0;
}

/**
 * smc_link_map_buf() - map a buffer for a link's device
 * @lnk: a created link
 * @cpu_addr: the buffer, page aligned: physically contiguous (alloc_pages)
 *	or, for an RMB only, virtually contiguous (vmalloc)
 * @len: its length, a multiple of %PAGE_SIZE
 * @remote_write: the peer writes into it (an RMB): also allocate a
 *	fast-registration MR and map the buffer into it (one page per MR
 *	entry, so vmalloc() memory appears contiguous to the peer)
 * @reg: receives the mapping; zeroed or unmapped before the call
 *
 * The rkey and IOVA of an RMB are known when this returns, before the MR
 * is registered on the QP (smc_link_reg_mr()), so the CLC ACCEPT and
 * CONFIRM can carry them while the QP is not yet RTS.
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL for a bad buffer, -ENOMEM, -EIO if the mapping
 * failed, or the error of the MR allocation or mapping.
 */
int smc_link_map_buf(struct smc_link *lnk, void *cpu_addr, size_t len,
		     bool remote_write, struct smc_buf_reg *reg)
{
	struct ib_device *ibdev;
	struct ib_mr *mr;
	int nents, n, rc;

	might_sleep();
	/* local RDMA writes address a send buffer as one DMA range */
	if (!lnk->pd || reg->mapped || !len || !PAGE_ALIGNED(len) ||
	    !PAGE_ALIGNED(cpu_addr) ||
	    (is_vmalloc_addr(cpu_addr) && !remote_write))
		return -EINVAL;
	ibdev = smc_link_ibdev(lnk);
	memset(reg, 0, sizeof(*reg));
	rc = smc_link_buf_sgt(&reg->sgt, cpu_addr, len);
	if (rc)
		return rc;
	nents = ib_dma_map_sg(ibdev, reg->sgt.sgl, reg->sgt.orig_nents,
			      DMA_BIDIRECTIONAL);
	if (nents <= 0) {
		rc = -EIO;
		goto err_sgt;
	}
	reg->sgt.nents = nents;
	reg->dma_addr = sg_dma_address(reg->sgt.sgl);

	if (remote_write) {
		mr = ib_alloc_mr(lnk->pd, IB_MR_TYPE_MEM_REG,
				 len >> PAGE_SHIFT);
		if (IS_ERR(mr)) {
			rc = PTR_ERR(mr);
			goto err_unmap;
		}
		n = ib_map_mr_sg(mr, reg->sgt.sgl, nents, NULL, PAGE_SIZE);
		if (n != nents) {
			rc = n < 0 ? n : -EINVAL;
			ib_dereg_mr(mr);
			goto err_unmap;
		}
		reg->mr = mr;
		reg->rkey = mr->rkey;
		reg->iova = mr->iova;
	}
	reg->mapped = true;
	smc_obj_inc(SMC_OBJ_MR);
	return 0;

err_unmap:
	ib_dma_unmap_sg(ibdev, reg->sgt.sgl, reg->sgt.orig_nents,
			DMA_BIDIRECTIONAL);
err_sgt:
	sg_free_table(&reg->sgt);
	memset(reg, 0, sizeof(*reg));
	return rc;
}

/* Nothing posted on the send queue is waiting for its completion. */
static bool smc_wr_sq_empty_locked(const struct smc_link *lnk)
{
	return !lnk->tx_posted && !lnk->long_posted;
}

/* wait condition of smc_link_post_reg(), which checks again under tx_lock */
static bool smc_wr_sq_empty(struct smc_link *lnk)
{
	return (smc_wr_tx_idle(lnk) && !READ_ONCE(lnk->long_posted)) ||
	       atomic_read(&lnk->broken);
}

/* Post a REG_MR at the head of an empty send queue (reg_mutex held).
 *
 * A REG_MR must not sit behind a work request that may still be sent
 * again: rxe's requester, on a retry, starts over at the oldest work
 * request not yet completed and executes every local one it meets a
 * second time, and a second REG_MR of the same MR fails ("not free", in
 * 6.1 and 6.12). While @reg_hold is set no new slot is handed out, so
 * the queue empties as the peer acknowledges what is posted; work
 * requests posted after the REG_MR are harmless, as it completes at once.
 * If the queue does not empty within the REG_MR timeout, the peer
 * acknowledges nothing and the link is failed.
 */
static int smc_link_post_reg(struct smc_link *lnk, struct ib_send_wr *wr)
{
	unsigned long flags, end = jiffies + SMC_LINK_REG_TIMEOUT;
	long left;
	int rc;

	spin_lock_irqsave(&lnk->tx_lock, flags);
	lnk->reg_hold = true;
	for (;;) {
		if (atomic_read(&lnk->broken)) {
			rc = -ENOLINK;
			break;
		}
		if (lnk->qp_state != IB_QPS_RTS) {
			rc = -ENOTCONN;
			break;
		}
		if (smc_wr_sq_empty_locked(lnk)) {
			rc = ib_post_send(lnk->qp, wr, NULL);
			break;
		}
		spin_unlock_irqrestore(&lnk->tx_lock, flags);
		left = (long)(end - jiffies);
		if (left <= 0 ||
		    !wait_event_timeout(lnk->tx_wait, smc_wr_sq_empty(lnk),
					left)) {
			smc_link_fail(lnk, "REG_MR: send queue busy, ms",
				      jiffies_to_msecs(SMC_LINK_REG_TIMEOUT));
			spin_lock_irqsave(&lnk->tx_lock, flags);
			rc = -ETIMEDOUT;
			break;
		}
		spin_lock_irqsave(&lnk->tx_lock, flags);
	}
	lnk->reg_hold = false;
	spin_unlock_irqrestore(&lnk->tx_lock, flags);
	wake_up_all(&lnk->tx_wait);
	return rc;
}

/**
 * smc_link_reg_mr() - register a mapped RMB's MR on the link's QP
 * @lnk: a link in RTS
 * @reg: mapped with @remote_write by smc_link_map_buf() on @lnk
 *
 * Posts a REG_MR work request (local and remote write access) once every
 * send posted before it has completed (new sends wait meanwhile), and waits
 * up to 5 s for its completion; message traffic may flow then. If the
 * send queue does not empty or the completion does not come within 5 s
 * each, the link is marked failed (@lnk->failed runs).
 *
 * Context: process context; sleeps.
 * Return: 0 (also if @reg was registered already); -EINVAL without an MR;
 * -ENOTCONN if the QP is not in RTS; -ENOLINK if the link is broken;
 * -ETIMEDOUT; -EIO for a completion error; or the error of the post.
 */
int smc_link_reg_mr(struct smc_link *lnk, struct smc_buf_reg *reg)
{
	struct ib_reg_wr wr = {
		.wr = {
			.wr_cqe = &lnk->reg_cqe,
			.opcode = IB_WR_REG_MR,
			.send_flags = IB_SEND_SIGNALED,
		},
		.mr = reg->mr,
		.key = reg->rkey,
		.access = IB_ACCESS_LOCAL_WRITE | IB_ACCESS_REMOTE_WRITE,
	};
	int rc;

	might_sleep();
	if (!reg->mapped || !reg->mr)
		return -EINVAL;
	if (reg->registered)
		return 0;

	mutex_lock(&lnk->reg_mutex);
	reinit_completion(&lnk->reg_done);
	rc = smc_link_post_reg(lnk, &wr.wr);
	if (rc)
		goto out;

	if (!wait_for_completion_timeout(&lnk->reg_done,
					 SMC_LINK_REG_TIMEOUT)) {
		/* still posted: the drain in smc_link_destroy() ends it */
		smc_link_fail(lnk, "REG_MR timeout, ms",
			      jiffies_to_msecs(SMC_LINK_REG_TIMEOUT));
		rc = -ETIMEDOUT;
		goto out;
	}
	if (lnk->reg_status != IB_WC_SUCCESS) {
		rc = -EIO;
		goto out;
	}
	reg->registered = true;
out:
	mutex_unlock(&lnk->reg_mutex);
	return rc;
}

/**
 * smc_link_unmap_buf() - undo smc_link_map_buf()
 * @lnk: the link the buffer was mapped on, not yet destroyed
 * @reg: the mapping; nothing happens if it is not mapped
 *
 * Deregisters the MR (the peer can no longer write), unmaps the buffer and
 * frees its scatter list; @reg is zeroed.
 *
 * Context: process context; sleeps.
 */
void smc_link_unmap_buf(struct smc_link *lnk, struct smc_buf_reg *reg)
{
	if (!reg->mapped)
		return;
	if (reg->mr)
		ib_dereg_mr(reg->mr);
	ib_dma_unmap_sg(smc_link_ibdev(lnk), reg->sgt.sgl, reg->sgt.orig_nents,
			DMA_BIDIRECTIONAL);
	sg_free_table(&reg->sgt);
	memset(reg, 0, sizeof(*reg));
	smc_obj_dec(SMC_OBJ_MR);
}
