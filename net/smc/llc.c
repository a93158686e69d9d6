// SPDX-License-Identifier: GPL-2.0
/*
 * llc.c - LLC messages of a link group.
 *
 * Receiving (softirq): a message that a local flow waits for (see
 * smc_llc_expect()) is handed to the waiter; any other request is copied
 * to one of two queues. Unexpected responses are dropped.
 *
 * llc_work answers, without the group's conf_lock: TEST LINK (echo),
 * CONFIRM RKEY / DELETE RKEY (the rtoken table) and DELETE LINK ALL (the
 * group ends). Because it never waits for conf_lock, both peers may wait
 * for each other's answers at once (a connection setup's CONFIRM RKEY on
 * each side).
 *
 * flow_work runs, in arrival order and each under conf_lock, the requests
 * that start an LLC flow: ADD LINK (the server's request: the client's
 * side of adding a link; a client's request to a server: an invitation),
 * REQUEST ADD LINK (a client asks the server to add a link) and DELETE
 * LINK of one link; then a local failback if one was asked for
 * (smc_llc_flow_local()). So every flow that changes the group's links is
 * serialized with connection setup and with the other flows of both
 * sides: only the server starts ADD LINK flows, so two of them never
 * cross, and a DELETE LINK for a link that is gone already is answered
 * NOLNK (nothing waits for DELETE LINK answers, so a crossing pair of
 * DELETE LINKs for one link ends with both sides having removed it).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/slab.h>

#include "smc.h"
#include "clc_wire.h"
#include "lgr.h"
#include "llc.h"
#include "testlink.h"

/**
 * struct smc_llc_qentry - a request waiting for llc_work
 * @list: entry in the group's llc_queue
 * @lnk: the link it arrived on
 * @len: its length
 * @msg: the message
 */
struct smc_llc_qentry {
	struct list_head list;
	struct smc_link *lnk;
	u32 len;
	u8 msg[];
};

static u8 smc_llc_version(const struct smc_lgr *lgr)
{
	return lgr->version >= SMC_CLC_V2 ? SMC_LLC_V2 : SMC_LLC_V1;
}

/**
 * smc_llc_link_uid() - the link user ID we send for a link
 * @lnk: the link
 * @uid: output, %SMC_LLC_LINK_UID_LEN bytes
 *
 * Opaque to the peer: the group's id and the link's number.
 */
void smc_llc_link_uid(const struct smc_link *lnk, u8 *uid)
{
	const struct smc_lgr *lgr = smc_link_lgr(lnk);

	uid[0] = (u8)(lgr->id >> 16);
	uid[1] = (u8)(lgr->id >> 8);
	uid[2] = (u8)lgr->id;
	uid[3] = lnk->link_id;
}

/**
 * smc_llc_confirm_link_msg() - a CONFIRM LINK for a link
 * @lnk: the link the message travels on and confirms
 * @m: output
 * @resp: the client's response rather than the server's request
 */
void smc_llc_confirm_link_msg(const struct smc_link *lnk, struct smc_llc_msg *m,
			      bool resp)
{
	const struct smc_lgr *lgr = smc_link_lgr(lnk);

	memset(m, 0, sizeof(*m));
	m->type = SMC_LLC_CONFIRM_LINK;
	m->flags = resp ? SMC_LLC_FLAG_RESP : 0;
	memcpy(m->confirm_link.mac, lnk->sel.mac, ETH_ALEN);
	memcpy(m->confirm_link.gid, lnk->sel.gid, SMC_IB_GID_LEN);
	m->confirm_link.qpn = lnk->qp->qp_num;
	m->confirm_link.link_num = lnk->link_id;
	smc_llc_link_uid(lnk, m->confirm_link.link_uid);
	m->confirm_link.max_links = lgr->max_links;
	m->confirm_link.max_conns = lgr->max_conns;
}

/**
 * smc_llc_send_delete_link() - ask the peer to delete one link
 * @lnk: the link the request travels on (not the one deleted, unless it is
 *	the only one that still works)
 * @link_num: the link to delete
 * @orderly: the link goes down orderly (link failure, device removal)
 *	rather than because setting it up failed
 * @reason: SMC_LLC_DEL_* reason
 *
 * The peer's response is not awaited (it is dropped when it comes).
 *
 * Context: process context.
 * Return: 0 or a negative errno.
 */
int smc_llc_send_delete_link(struct smc_link *lnk, u8 link_num, bool orderly,
			     u32 reason)
{
	struct smc_llc_msg m = {
		.type = SMC_LLC_DELETE_LINK,
		.flags = orderly ? SMC_LLC_FLAG_DEL_LINK_ORDERLY : 0,
		.delete_link = { .link_num = link_num, .reason = reason },
	};

	return smc_llc_send(lnk, &m);
}

/**
 * smc_llc_send() - send an LLC message on a link
 * @lnk: the link
 * @msg: the message; its version is set from the group
 *
 * A message of 44 bytes goes out through a send slot; a longer one (an
 * SMC-Rv2 ADD LINK with rkeys, REQUEST ADD LINK with GIDs, DELETE RKEY
 * with a long list) through the link's long message buffer, and the call
 * returns after its send completed.
 *
 * Context: process context (waits up to %SMC_LLC_WAIT_TIME for a slot or
 * the long send).
 * Return: 0 or a negative errno.
 */
int smc_llc_send(struct smc_link *lnk, struct smc_llc_msg *msg)
{
	struct smc_wr_tx_slot *slot;
	u8 buf[SMC_LLC_MSG_LEN];
	int len, rc;
	u8 *big;

	msg->version = smc_llc_version(smc_link_lgr(lnk));
	len = smc_llc_encode(msg, buf, sizeof(buf));
	if (len == -ENOSPC && msg->version == SMC_LLC_V2) {
		big = kmalloc(SMC_LLC_V2_MAX_LEN, GFP_KERNEL);
		if (!big)
			return -ENOMEM;
		len = smc_llc_encode(msg, big, SMC_LLC_V2_MAX_LEN);
		rc = len < 0 ? len : smc_wr_tx_send_long(lnk, big, len,
							 SMC_LLC_WAIT_TIME);
		kfree(big);
		return rc;
	}
	if (len < 0)
		return len;
	rc = smc_wr_tx_get(lnk, SMC_LLC_WAIT_TIME, &slot);
	if (rc)
		return rc;
	memcpy(slot->msg, buf, len);
	rc = smc_wr_tx_post(lnk, slot, NULL, 0);
	if (rc)
		smc_wr_tx_put(lnk, slot);
	return rc;
}

/* arm the response slot: @key as smc_llc_rx_key() encodes it; @del: any
 * DELETE LINK of link @link_num instead
 */
static void smc_llc_arm(struct smc_lgr *lgr, u8 key, bool del, u8 link_num)
{
	spin_lock_bh(&lgr->llc_lock);
	lgr->llc_wait_type = key;
	lgr->llc_wait_del = del;
	lgr->llc_wait_link = link_num;
	lgr->llc_resp_len = 0;
	reinit_completion(&lgr->llc_done);
	spin_unlock_bh(&lgr->llc_lock);
}

/**
 * smc_llc_expect() - announce the message a local flow will wait for
 * @lgr: the group; the caller holds its conf_lock
 * @type: the LLC type (enum smc_llc_type)
 * @resp: a response (else a request of the peer)
 *
 * Call before sending the request whose answer is awaited, so that a
 * quick answer is not lost.
 */
void smc_llc_expect(struct smc_lgr *lgr, u8 type, bool resp)
{
	smc_llc_arm(lgr, type | (resp ? SMC_LLC_FLAG_RESP : 0), false, 0);
}

/**
 * smc_llc_expect_delete() - announce that a local flow waits for the
 *	peer's DELETE LINK of one link
 * @lgr: the group; the caller holds its conf_lock
 * @link_num: the link
 *
 * Either a response or a request is taken: a peer answers our DELETE LINK
 * with a response, or (upstream Linux as server) by sending the request
 * back, which then wants our response. Wait with smc_llc_wait().
 */
void smc_llc_expect_delete(struct smc_lgr *lgr, u8 link_num)
{
	smc_llc_arm(lgr, SMC_LLC_DELETE_LINK, true, link_num);
}

/**
 * smc_llc_wait_long() - wait for the message announced with
 *	smc_llc_expect(), which may be longer than 44 bytes
 * @lgr: the group
 * @timeo: how long, in jiffies
 * @msg: output: the decoded message; its lists point into @buf
 * @buf: where the message is copied
 * @size: size of @buf; %SMC_LLC_V2_MAX_LEN takes any message
 *
 * Return: 0; -ETIMEDOUT; -ENOLINK if the group is ending; -EMSGSIZE if the
 * message does not fit @buf; -EPROTO if it did not decode.
 */
int smc_llc_wait_long(struct smc_lgr *lgr, long timeo, struct smc_llc_msg *msg,
		      u8 *buf, u32 size)
{
	u32 decline, len;
	int rc = 0;

	if (!wait_for_completion_timeout(&lgr->llc_done, timeo))
		rc = -ETIMEDOUT;
	spin_lock_bh(&lgr->llc_lock);
	lgr->llc_wait_type = 0;
	lgr->llc_wait_del = false;
	len = lgr->llc_resp_len;
	if (len <= size)
		memcpy(buf, lgr->llc_resp, len);
	spin_unlock_bh(&lgr->llc_lock);
	if (READ_ONCE(lgr->terminating))
		return -ENOLINK;
	if (rc)
		return rc;
	if (len > size)
		return -EMSGSIZE;
	if (smc_llc_decode(buf, len, msg, &decline))
		return -EPROTO;
	return 0;
}

/**
 * smc_llc_wait() - wait for the message announced with smc_llc_expect()
 * @lgr: the group
 * @timeo: how long, in jiffies
 * @msg: output: the decoded message
 *
 * For messages of 44 bytes; see smc_llc_wait_long().
 *
 * Return: 0; -ETIMEDOUT; -ENOLINK if the group is ending; -EPROTO if the
 * message did not decode or was longer.
 */
int smc_llc_wait(struct smc_lgr *lgr, long timeo, struct smc_llc_msg *msg)
{
	u8 buf[SMC_LLC_MSG_LEN];
	int rc;

	rc = smc_llc_wait_long(lgr, timeo, msg, buf, sizeof(buf));
	return rc == -EMSGSIZE ? -EPROTO : rc;
}

/**
 * smc_llc_abort_wait() - wake a local flow: the group is ending
 * @lgr: the group, already marked terminating
 */
void smc_llc_abort_wait(struct smc_lgr *lgr)
{
	complete_all(&lgr->llc_done);
}

/* the type of a received message as smc_llc_expect() encodes it */
static u8 smc_llc_rx_key(const u8 *msg)
{
	return (msg[0] & 0x0f) | (msg[3] & SMC_LLC_FLAG_RESP);
}

/* a request that flow_work handles under conf_lock (see the file comment) */
static bool smc_llc_starts_flow(const u8 *msg)
{
	switch (msg[0] & 0x0f) {
	case SMC_LLC_ADD_LINK:
	case SMC_LLC_REQ_ADD_LINK:
		return true;
	case SMC_LLC_DELETE_LINK:
		return !(msg[3] & SMC_LLC_FLAG_DEL_LINK_ALL);
	default:
		return false;
	}
}

/* is @msg (@len bytes, its key @key) what a local flow waits for? llc_lock */
static bool smc_llc_awaited(const struct smc_lgr *lgr, const u8 *msg,
			    u32 len, u8 key)
{
	if (!lgr->llc_wait_type || lgr->llc_resp_len ||
	    len > SMC_LLC_V2_MAX_LEN)
		return false;
	if (lgr->llc_wait_del)
		return smc_llc_delete_link_num(msg, len) == lgr->llc_wait_link;
	return lgr->llc_wait_type == key;
}

/**
 * smc_llc_rx() - an LLC message arrived
 * @lnk: the link
 * @msg: the message
 * @len: its length
 *
 * Context: softirq.
 */
void smc_llc_rx(struct smc_link *lnk, const u8 *msg, u32 len)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_qentry *qe;
	u8 key;

	if (len < SMC_LLC_MSG_LEN) {
		net_dbg_ratelimited("LLC message of %u bytes dropped\n",
				    len);
		return;
	}
	key = smc_llc_rx_key(msg);
	if (key == (SMC_LLC_TEST_LINK | SMC_LLC_FLAG_RESP)) {
		smc_testlink_answered(lnk);	/* our keep-alive's echo */
		return;
	}
	spin_lock(&lgr->llc_lock);
	if (smc_llc_awaited(lgr, msg, len, key)) {
		memcpy(lgr->llc_resp, msg, len);
		lgr->llc_resp_len = len;
		spin_unlock(&lgr->llc_lock);
		complete(&lgr->llc_done);
		return;
	}
	spin_unlock(&lgr->llc_lock);
	if (key & SMC_LLC_FLAG_RESP) {
		net_dbg_ratelimited("unexpected LLC response 0x%02x dropped\n",
				    msg[0]);
		return;
	}
	qe = kmalloc(struct_size(qe, msg, len), GFP_ATOMIC);
	if (!qe)
		return;		/* the peer's flow times out */
	qe->lnk = lnk;
	qe->len = len;
	memcpy(qe->msg, msg, len);
	if (smc_llc_starts_flow(msg)) {
		/* the flow holds a group reference while it is queued */
		if (!refcount_inc_not_zero(&lgr->refs)) {
			kfree(qe);
			return;
		}
		spin_lock(&lgr->llc_lock);
		list_add_tail(&qe->list, &lgr->flow_queue);
		spin_unlock(&lgr->llc_lock);
		if (!smc_lgr_queue(&lgr->flow_work))
			smc_lgr_put(lgr);
		return;
	}
	spin_lock(&lgr->llc_lock);
	list_add_tail(&qe->list, &lgr->llc_queue);
	spin_unlock(&lgr->llc_lock);
	smc_lgr_queue(&lgr->llc_work);
}

static void smc_llc_answer_rkey(struct smc_link *lnk, struct smc_llc_msg *m)
{
	struct smc_llc_confirm_rkey *cr = &m->confirm_rkey;
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	int idx, i;

	m->flags = SMC_LLC_FLAG_RESP;
	if (cr->num_rkeys > SMC_LLC_CONFIRM_RKEY_OTHERS) {
		m->flags |= SMC_LLC_FLAG_RKEY_NEG | SMC_LLC_FLAG_RKEY_RETRY;
		return;
	}
	idx = smc_lgr_rtoken_add(lgr, lnk, cr->rkey, cr->vaddr);
	if (idx < 0) {
		m->flags |= SMC_LLC_FLAG_RKEY_NEG | SMC_LLC_FLAG_RKEY_RETRY;
		return;
	}
	for (i = 0; i < cr->num_rkeys; i++)
		smc_lgr_rtoken_set(lgr, idx, cr->others[i].link_num,
				   cr->others[i].rkey, cr->others[i].vaddr);
}

static void smc_llc_answer_del_rkey(struct smc_link *lnk,
				    struct smc_llc_msg *m)
{
	struct smc_llc_delete_rkey *dr = &m->delete_rkey;
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	u8 err = 0, bad = 0;
	unsigned int i;
	u32 rkey;

	for (i = 0; i < dr->num_rkeys; i++) {
		if (smc_llc_delete_rkey_get(dr, i, &rkey) ||
		    smc_lgr_rtoken_del(lgr, lnk, rkey)) {
			bad++;
			if (i < 8)
				err |= 0x80 >> i;
		}
	}
	m->flags = SMC_LLC_FLAG_RESP | (bad ? SMC_LLC_FLAG_RKEY_NEG : 0);
	dr->err = m->version == SMC_LLC_V2 ? bad : err;
	dr->rkeys = NULL;
	dr->rkeys_wire = NULL;
	if (m->version == SMC_LLC_V2)
		dr->num_rkeys = 0;
}

/* The peer deletes one link: answer (unknown link: reason NOLNK), then
 * take the link down; the group ends if it was the last one or carried
 * connections (lgr_link.c).
 */
static void smc_llc_delete_link(struct smc_link *lnk, struct smc_llc_msg *m)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_link *target = NULL, *via;
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state != SMC_LNK_UNUSED &&
		    lgr->links[i].link_id == m->delete_link.link_num)
			target = &lgr->links[i];
	m->flags = SMC_LLC_FLAG_RESP;
	m->delete_link.reason = target ? 0 : SMC_LLC_DEL_NOLNK;
	/* over a working link: the one it came on may have failed since */
	via = smc_lgr_usable_link(lgr, lnk);
	if (via)
		smc_llc_send(via, m);
	if (target)
		smc_lgr_link_down(target, SMC_LLC_DEL_LOST_PATH, false);
}

/* a request from the peer, decoded; a malformed one is dropped and logged */
static bool smc_llc_decode_req(const u8 *buf, u32 len, struct smc_llc_msg *m)
{
	u32 decline;

	if (!smc_llc_decode(buf, len, m, &decline))
		return true;
	net_dbg_ratelimited("malformed LLC request 0x%02x dropped\n",
			    buf[0]);
	return false;
}

static void smc_llc_handle(struct smc_link *lnk, const u8 *buf, u32 len)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_msg m;

	if (!smc_llc_decode_req(buf, len, &m))
		return;
	switch (m.type) {
	case SMC_LLC_TEST_LINK:
		m.flags = SMC_LLC_FLAG_RESP;
		break;
	case SMC_LLC_CONFIRM_RKEY:
		smc_llc_answer_rkey(lnk, &m);
		break;
	case SMC_LLC_DELETE_RKEY:
		smc_llc_answer_del_rkey(lnk, &m);
		break;
	case SMC_LLC_DELETE_LINK:
		if (m.flags & SMC_LLC_FLAG_DEL_LINK_ALL) {
			/* a server answers ALL with ALL; then the group ends */
			if (lgr->role == SMC_LGR_SERVER)
				smc_llc_send(lnk, &m);
			smc_lgr_terminate(lgr, m.delete_link.reason, false);
		}
		return;
	default:
		/* CONFIRM LINK outside a flow, continuations: nothing to do */
		return;
	}
	smc_llc_send(lnk, &m);
}

static void smc_llc_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(work, struct smc_lgr, llc_work);
	struct smc_llc_qentry *qe;

	for (;;) {
		spin_lock_bh(&lgr->llc_lock);
		qe = list_first_entry_or_null(&lgr->llc_queue,
					      struct smc_llc_qentry, list);
		if (qe)
			list_del(&qe->list);
		spin_unlock_bh(&lgr->llc_lock);
		if (!qe)
			break;
		if (!READ_ONCE(lgr->terminating))
			smc_llc_handle(qe->lnk, qe->msg, qe->len);
		kfree(qe);
	}
}

/* A request that starts a flow; the group's conf_lock is held. */
static void smc_llc_flow_handle(struct smc_lgr *lgr, struct smc_link *lnk,
				const u8 *buf, u32 len)
{
	struct smc_llc_msg m;

	if (!smc_llc_decode_req(buf, len, &m))
		return;
	switch (m.type) {
	case SMC_LLC_ADD_LINK:
		if (lgr->role == SMC_LGR_SERVER) {
			/* a client's invitation (its device came back) */
			smc_lgr_failback(lgr, true);
			return;
		}
		/* the server's request: its rkeys are those of @lnk */
		if (lnk->state != SMC_LNK_ACTIVE || atomic_read(&lnk->broken))
			return;		/* the server's flow times out */
		smc_lgr_add_link_client(lgr, lnk, &m);
		return;
	case SMC_LLC_REQ_ADD_LINK:
		if (lgr->role != SMC_LGR_SERVER)
			return;
		if (smc_lgr_failback(lgr, true))
			return;		/* the ADD LINK flow answered it */
		/* nothing to add: the empty response (SMC-R.md 4.3) */
		lnk = smc_lgr_usable_link(lgr, lnk);
		if (!lnk)
			return;
		m.flags = SMC_LLC_FLAG_RESP;
		m.req_add_link.gid_cnt = 0;
		m.req_add_link.gids = NULL;
		smc_llc_send(lnk, &m);
		return;
	case SMC_LLC_DELETE_LINK:
		smc_llc_delete_link(lnk, &m);
		return;
	default:
		return;
	}
}

static void smc_llc_flow_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(work, struct smc_lgr, flow_work);
	struct smc_llc_qentry *qe;
	bool local;

	for (;;) {
		spin_lock_bh(&lgr->llc_lock);
		qe = list_first_entry_or_null(&lgr->flow_queue,
					      struct smc_llc_qentry, list);
		if (qe)
			list_del(&qe->list);
		local = !qe && lgr->flow_local;
		if (local)
			lgr->flow_local = false;
		spin_unlock_bh(&lgr->llc_lock);
		if (!qe && !local)
			break;
		mutex_lock(&lgr->conf_lock);
		/* a group that ends runs no more flows */
		if (qe && !READ_ONCE(lgr->terminating))
			smc_llc_flow_handle(lgr, qe->lnk, qe->msg, qe->len);
		else if (!READ_ONCE(lgr->terminating))
			smc_lgr_failback(lgr, false);
		mutex_unlock(&lgr->conf_lock);
		kfree(qe);
	}
	/* the reference of the queueing */
	smc_lgr_put(lgr);
}

/**
 * smc_llc_flow_local() - ask for a local failback flow
 * @lgr: the group
 *
 * flow_work will add a link if the group lacks one and a device for it
 * exists (smc_lgr_failback()). Several calls before it runs ask once.
 *
 * Context: any but hard interrupts.
 */
void smc_llc_flow_local(struct smc_lgr *lgr)
{
	bool was;

	if (!refcount_inc_not_zero(&lgr->refs))
		return;
	spin_lock_bh(&lgr->llc_lock);
	was = lgr->flow_local;
	lgr->flow_local = true;
	spin_unlock_bh(&lgr->llc_lock);
	if (was || !smc_lgr_queue(&lgr->flow_work))
		smc_lgr_put(lgr);
}

/**
 * smc_llc_confirm_rkey() - announce a new RMB to the peer and wait
 * @lnk: the link the connection uses; the message travels on it
 * @rmb: the RMB, registered on every active link of the group
 *
 * The message carries the RMB's rkey and address on @lnk and, as further
 * entries, on each other active link (SMC-R.md 4.7).
 *
 * Context: process context, the group's conf_lock held.
 * Return: 0, or a negative errno (-EPROTO for a negative answer).
 */
int smc_llc_confirm_rkey(struct smc_link *lnk, const struct smc_buf *rmb)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_msg m = {
		.type = SMC_LLC_CONFIRM_RKEY,
		.confirm_rkey = {
			.rkey = rmb->reg[lnk->idx].rkey,
			.vaddr = rmb->reg[lnk->idx].iova,
		},
	};
	struct smc_llc_confirm_rkey *cr = &m.confirm_rkey;
	int i, rc;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		const struct smc_link *o = &lgr->links[i];

		if (o == lnk || o->state != SMC_LNK_ACTIVE ||
		    !rmb->reg[i].registered ||
		    cr->num_rkeys >= SMC_LLC_CONFIRM_RKEY_OTHERS)
			continue;
		cr->others[cr->num_rkeys].link_num = o->link_id;
		cr->others[cr->num_rkeys].rkey = rmb->reg[i].rkey;
		cr->others[cr->num_rkeys].vaddr = rmb->reg[i].iova;
		cr->num_rkeys++;
	}
	smc_llc_expect(lgr, SMC_LLC_CONFIRM_RKEY, true);
	rc = smc_llc_send(lnk, &m);
	if (rc) {
		smc_llc_expect(lgr, 0, false);
		return rc;
	}
	rc = smc_llc_wait(lgr, SMC_LLC_WAIT_TIME, &m);
	if (rc)
		return rc;
	return m.flags & SMC_LLC_FLAG_RKEY_NEG ? -EPROTO : 0;
}

/**
 * smc_llc_send_delete_all() - tell the peer the group ends
 * @lgr: the group
 * @reason: SMC_LLC_DEL_* reason
 *
 * Sent on the first working link, orderly; no answer is awaited beyond
 * the send completion.
 */
void smc_llc_send_delete_all(struct smc_lgr *lgr, u32 reason)
{
	struct smc_llc_msg m = {
		.type = SMC_LLC_DELETE_LINK,
		.flags = SMC_LLC_FLAG_DEL_LINK_ALL |
			 SMC_LLC_FLAG_DEL_LINK_ORDERLY,
		.delete_link = { .reason = reason },
	};
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *lnk = &lgr->links[i];

		if (lnk->state != SMC_LNK_ACTIVE || atomic_read(&lnk->broken))
			continue;
		if (!smc_llc_send(lnk, &m))
			smc_wr_tx_wait_idle(lnk, SMC_LLC_WAIT_TIME);
		return;
	}
}

/**
 * smc_llc_init_lgr() - the LLC state of a new link group
 * @lgr: the group
 *
 * Return: 0 or -ENOMEM.
 */
int smc_llc_init_lgr(struct smc_lgr *lgr)
{
	lgr->llc_resp = kmalloc(SMC_LLC_V2_MAX_LEN, GFP_KERNEL);
	if (!lgr->llc_resp)
		return -ENOMEM;
	spin_lock_init(&lgr->llc_lock);
	init_completion(&lgr->llc_done);
	INIT_LIST_HEAD(&lgr->llc_queue);
	INIT_WORK(&lgr->llc_work, smc_llc_work);
	INIT_LIST_HEAD(&lgr->flow_queue);
	INIT_WORK(&lgr->flow_work, smc_llc_flow_work);
	return 0;
}

void smc_llc_uninit_lgr(struct smc_lgr *lgr)
{
	struct smc_llc_qentry *qe, *tmp;

	cancel_work_sync(&lgr->llc_work);
	/* flow_work holds a reference while queued: it is not pending */
	cancel_work_sync(&lgr->flow_work);
	list_for_each_entry_safe(qe, tmp, &lgr->llc_queue, list) {
		list_del(&qe->list);
		kfree(qe);
	}
	list_for_each_entry_safe(qe, tmp, &lgr->flow_queue, list) {
		list_del(&qe->list);
		kfree(qe);
	}
	kfree(lgr->llc_resp);
	lgr->llc_resp = NULL;
}
