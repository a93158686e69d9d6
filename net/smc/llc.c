// SPDX-License-Identifier: GPL-2.0
/*
 * llc.c - LLC messages of a link group.
 *
 * Receiving (softirq): a message that a local flow waits for (see
 * smc_llc_expect()) is handed to the waiter; any other request is copied
 * to a queue and answered in process context by the group's llc_work.
 * Unexpected responses are dropped. llc_work never takes the group's
 * conf_lock, so both peers may wait for each other's answers at once.
 *
 * Requests we answer: TEST LINK (echo), CONFIRM RKEY / DELETE RKEY (the
 * rtoken table), DELETE LINK (the group ends: it has one link), ADD LINK
 * and REQUEST ADD LINK (refused: this module runs one link per group so
 * far).
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
 * smc_llc_send() - send an LLC message on a link
 * @lnk: the link
 * @msg: the message; its version is set from the group
 *
 * Context: process context (waits up to %SMC_LLC_WAIT_TIME for a slot).
 * Return: 0 or a negative errno.
 */
int smc_llc_send(struct smc_link *lnk, struct smc_llc_msg *msg)
{
	struct smc_wr_tx_slot *slot;
	u8 buf[SMC_LLC_MSG_LEN];
	int len, rc;

	msg->version = smc_llc_version(smc_link_lgr(lnk));
	len = smc_llc_encode(msg, buf, sizeof(buf));
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
	spin_lock_bh(&lgr->llc_lock);
	lgr->llc_wait_type = type | (resp ? SMC_LLC_FLAG_RESP : 0);
	lgr->llc_resp_len = 0;
	reinit_completion(&lgr->llc_done);
	spin_unlock_bh(&lgr->llc_lock);
}

/**
 * smc_llc_wait() - wait for the message announced with smc_llc_expect()
 * @lgr: the group
 * @timeo: how long, in jiffies
 * @msg: output: the decoded message
 *
 * Return: 0; -ETIMEDOUT; -ENOLINK if the group is ending; -EPROTO if the
 * message did not decode.
 */
int smc_llc_wait(struct smc_lgr *lgr, long timeo, struct smc_llc_msg *msg)
{
	u8 buf[SMC_LLC_MSG_LEN];
	u32 decline, len;
	int rc = 0;

	if (!wait_for_completion_timeout(&lgr->llc_done, timeo))
		rc = -ETIMEDOUT;
	spin_lock_bh(&lgr->llc_lock);
	lgr->llc_wait_type = 0;
	len = lgr->llc_resp_len;
	memcpy(buf, lgr->llc_resp, sizeof(buf));
	spin_unlock_bh(&lgr->llc_lock);
	if (READ_ONCE(lgr->terminating))
		return -ENOLINK;
	if (rc)
		return rc;
	if (smc_llc_decode(buf, len, msg, &decline))
		return -EPROTO;
	return 0;
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
		net_dbg_ratelimited("af_smc: LLC message of %u bytes dropped\n",
				    len);
		return;
	}
	key = smc_llc_rx_key(msg);
	if (key == (SMC_LLC_TEST_LINK | SMC_LLC_FLAG_RESP)) {
		smc_testlink_answered(lnk);	/* our keep-alive's echo */
		return;
	}
	spin_lock(&lgr->llc_lock);
	if (lgr->llc_wait_type && lgr->llc_wait_type == key &&
	    !lgr->llc_resp_len) {
		memcpy(lgr->llc_resp, msg, SMC_LLC_MSG_LEN);
		lgr->llc_resp_len = SMC_LLC_MSG_LEN;
		spin_unlock(&lgr->llc_lock);
		complete(&lgr->llc_done);
		return;
	}
	spin_unlock(&lgr->llc_lock);
	if (key & SMC_LLC_FLAG_RESP) {
		net_dbg_ratelimited("af_smc: unexpected LLC response 0x%02x dropped\n",
				    msg[0]);
		return;
	}
	qe = kmalloc(struct_size(qe, msg, len), GFP_ATOMIC);
	if (!qe)
		return;		/* the peer's flow times out */
	qe->lnk = lnk;
	qe->len = len;
	memcpy(qe->msg, msg, len);
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

static void smc_llc_handle(struct smc_link *lnk, const u8 *buf, u32 len)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_msg m;
	u32 decline;

	if (smc_llc_decode(buf, len, &m, &decline)) {
		net_dbg_ratelimited("af_smc: malformed LLC request 0x%02x dropped\n",
				    buf[0]);
		return;
	}
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
	case SMC_LLC_ADD_LINK:
		/* one link per group so far: refuse the second */
		memset(&m.add_link, 0, sizeof(m.add_link));
		m.flags = SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ;
		m.add_link.reject_reason = SMC_LLC_REJ_RSN_NO_ALT_PATH;
		break;
	case SMC_LLC_REQ_ADD_LINK:
		m.flags = SMC_LLC_FLAG_RESP;
		m.req_add_link.gid_cnt = 0;
		m.req_add_link.gids = NULL;
		break;
	case SMC_LLC_DELETE_LINK:
		if (m.flags & SMC_LLC_FLAG_DEL_LINK_ALL) {
			/* a server answers ALL with ALL; then the group ends */
			if (lgr->role == SMC_LGR_SERVER)
				smc_llc_send(lnk, &m);
			smc_lgr_terminate(lgr, m.delete_link.reason, false);
			return;
		}
		m.flags = SMC_LLC_FLAG_RESP;
		m.delete_link.reason = 0;
		smc_llc_send(lnk, &m);
		smc_lgr_terminate(lgr, SMC_LLC_DEL_LOST_PATH, false);
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

/**
 * smc_llc_confirm_rkey() - announce a new RMB to the peer and wait
 * @lnk: the link the connection uses (the group's only link)
 * @rkey: the RMB's rkey on @lnk
 * @vaddr: its address on @lnk
 *
 * Context: process context, the group's conf_lock held.
 * Return: 0, or a negative errno (-EPROTO for a negative answer).
 */
int smc_llc_confirm_rkey(struct smc_link *lnk, u32 rkey, u64 vaddr)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);
	struct smc_llc_msg m = {
		.type = SMC_LLC_CONFIRM_RKEY,
		.confirm_rkey = { .rkey = rkey, .vaddr = vaddr },
	};
	int rc;

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
 * Sent on the first usable link, orderly; no answer is awaited beyond
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

		if (lnk->state != SMC_LNK_ACTIVE)
			continue;
		if (!smc_llc_send(lnk, &m))
			smc_wr_tx_wait_idle(lnk, SMC_LLC_WAIT_TIME);
		return;
	}
}

void smc_llc_init_lgr(struct smc_lgr *lgr)
{
	spin_lock_init(&lgr->llc_lock);
	init_completion(&lgr->llc_done);
	INIT_LIST_HEAD(&lgr->llc_queue);
	INIT_WORK(&lgr->llc_work, smc_llc_work);
}

void smc_llc_uninit_lgr(struct smc_lgr *lgr)
{
	struct smc_llc_qentry *qe, *tmp;

	cancel_work_sync(&lgr->llc_work);
	list_for_each_entry_safe(qe, tmp, &lgr->llc_queue, list) {
		list_del(&qe->list);
		kfree(qe);
	}
}
