// SPDX-License-Identifier: GPL-2.0
/*
 * lgr_link.c - links beyond the first: adding a second link to a link group
 * (LLC ADD LINK, SMC-Rv2 form: the rkeys travel in the ADD LINK extension,
 * there is no ADD LINK CONTINUATION) and taking one link down while the
 * group goes on (DELETE LINK).
 *
 * Adding (SMC-R.md 4.6), both sides holding the group's conf_lock:
 *   server                                  client
 *   new link: QP in INIT, buffers mapped
 *   ADD LINK request (old link) ------->    alternate device, new link,
 *                                           RTR, buffers mapped
 *                               <-------    ADD LINK response (old link)
 *   RTR, RTS, RMBs registered,
 *   the client's rkeys stored
 *   CONFIRM LINK request (new link) --->    RTS, RMBs registered,
 *                                           the server's rkeys stored
 *                               <-------    CONFIRM LINK response (new link)
 *   new link ACTIVE                         new link ACTIVE
 * The server adds the link at the end of a first contact (when both sides
 * negotiated more than one link); the client takes the ADD LINK request in
 * that handshake too (smcr_setup.c). Later (failback, smc_lgr_failback())
 * the flows run from the group's flow_work (llc.c), also under conf_lock,
 * so no LLC flow of this file runs outside conf_lock, and since only the
 * server starts them, both peers' flows cannot cross. A failure after the
 * response tells the peer with DELETE LINK (not orderly, lost path) over the
 * old link and removes the new link.
 *
 * Device choice: another RoCE device whose netdev has an IPv4 address in
 * the subnet of the group's CLC source address and the group's pnet ID
 * (smc_ib_find_alt_v2()); without one, the device of the existing link
 * (an asymmetric link, as upstream Linux does, so that a peer that
 * negotiated two links is not left waiting for an ADD LINK).
 *
 * Taking a link down: smc_lgr_link_down() (any context) marks it, and the
 * group's del_work removes it under conf_lock: it drains the link (every
 * CDC posted on it completes or is flushed), tells the peer, moves the
 * connections that used it to another working link (smc_tx_failover():
 * resend from the last completed CDC, validation CDC) and destroys it.
 * The last working link takes the whole group with it. A link whose QP
 * still works (device removal, an asymmetric link replaced) leaves
 * gracefully instead: it stops sending at once, its sends complete, the
 * peer is told and its connections move, and only after the peer's answer
 * (the peer's sends on the link have completed by then) is it drained.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/slab.h>

#include "smc.h"
#include "lgr.h"
#include "llc.h"
#include "tx.h"

/* ------------------------------------------------------------------------
 * Helpers
 */

/**
 * smc_lgr_links_active() - number of active links of a group
 * @lgr: the group
 *
 * Return: links in state %SMC_LNK_ACTIVE that have not failed.
 */
int smc_lgr_links_active(const struct smc_lgr *lgr)
{
	int i, n = 0;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state == SMC_LNK_ACTIVE &&
		    !atomic_read(&lgr->links[i].broken))
			n++;
	return n;
}

static int smc_lgr_links_used(const struct smc_lgr *lgr)
{
	int i, n = 0;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state != SMC_LNK_UNUSED)
			n++;
	return n;
}

static struct smc_link *smc_lgr_link_by_id(struct smc_lgr *lgr, u8 link_id)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state != SMC_LNK_UNUSED &&
		    lgr->links[i].link_id == link_id)
			return &lgr->links[i];
	return NULL;
}

/* a free slot, or NULL (conf_lock held) */
static struct smc_link *smc_lgr_free_slot(struct smc_lgr *lgr)
{
	int i;

	/* a third slot while an asymmetric link waits for its replacement */
	if (smc_lgr_links_used(lgr) >= lgr->max_links + !!lgr->asym_mask)
		return NULL;
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *lnk = &lgr->links[i];

		if (lnk->state == SMC_LNK_UNUSED && !lnk->counted &&
		    !test_bit(i, &lgr->del_mask)) {
			smc_lgr_link_init(lgr, lnk, i);
			return lnk;
		}
	}
	return NULL;
}

/* server: the next free link number (1..255, unique in the group) */
static u8 smc_lgr_next_link_id(struct smc_lgr *lgr)
{
	u8 id;

	do {
		id = lgr->next_link_id++;
	} while (!id || smc_lgr_link_by_id(lgr, id));
	return id;
}

/* Device, port and GID of a new link: an alternate device, else the one
 * of @lnk (asymmetric). Return: true if it is an alternate device.
 */
static bool smc_lgr_alt_sel(struct smc_lgr *lgr, struct smc_link *lnk,
			    struct smc_ib_sel *sel)
{
	const u8 *pnetid = lgr->pnetid[0] ? lgr->pnetid : NULL;

	if (!smc_ib_find_alt_v2(lgr->net, lgr->saddr, lgr->vlan_id, pnetid,
				lnk->sel.dev, sel))
		return true;
	*sel = lnk->sel;
	smc_ib_dev_get(sel->dev);
	return false;
}

/* every buffer of the group on the new link (conf_lock held) */
static int smc_lgr_map_bufs(struct smc_lgr *lgr, struct smc_link *lnk)
{
	struct smc_buf *buf;
	int rc;

	list_for_each_entry(buf, &lgr->rmbs, list) {
		rc = smc_link_map_buf(lnk, buf->cpu_addr, buf->len, true,
				      &buf->reg[lnk->idx]);
		if (rc)
			return rc;
	}
	list_for_each_entry(buf, &lgr->sndbufs, list) {
		rc = smc_link_map_buf(lnk, buf->cpu_addr, buf->len, false,
				      &buf->reg[lnk->idx]);
		if (rc)
			return rc;
	}
	return 0;
}

/* every RMB's memory region registered on the link's QP (RTS) */
static int smc_lgr_reg_rmbs(struct smc_lgr *lgr, struct smc_link *lnk)
{
	struct smc_buf *buf;
	int rc;

	list_for_each_entry(buf, &lgr->rmbs, list) {
		rc = smc_link_reg_mr(lnk, &buf->reg[lnk->idx]);
		if (rc)
			return rc;
	}
	return 0;
}

/* The rkey pairs of our ADD LINK: each RMB the peer knows, its rkey on
 * @lnk and its rkey and address on @lnk_new. Return: the number, or a
 * negative errno; *pairs is kfree()d by the caller.
 */
static int smc_lgr_rkey_pairs(struct smc_lgr *lgr, struct smc_link *lnk,
			      struct smc_link *lnk_new,
			      struct smc_llc_rkey_pair **pairs)
{
	struct smc_llc_rkey_pair *p;
	struct smc_buf *buf;
	int n = 0;

	list_for_each_entry(buf, &lgr->rmbs, list)
		if (buf->rkey_confirmed)
			n++;
	n = min(n, SMC_LLC_ADD_LINK_V2_MAX_RKEYS);
	p = kcalloc(max(n, 1), sizeof(*p), GFP_KERNEL);
	if (!p)
		return -ENOMEM;
	n = 0;
	list_for_each_entry(buf, &lgr->rmbs, list) {
		if (!buf->rkey_confirmed ||
		    n >= SMC_LLC_ADD_LINK_V2_MAX_RKEYS)
			continue;
		p[n].rkey = buf->reg[lnk->idx].rkey;
		p[n].rkey_new = buf->reg[lnk_new->idx].rkey;
		p[n].vaddr_new = buf->reg[lnk_new->idx].iova;
		n++;
	}
	*pairs = p;
	return n;
}

/* the peer's rkey pairs of its ADD LINK, into the rtokens of @lnk_new */
static void smc_lgr_save_pairs(struct smc_lgr *lgr, struct smc_link *lnk,
			       struct smc_link *lnk_new,
			       const struct smc_llc_add_link *al)
{
	struct smc_llc_rkey_pair pair;
	unsigned int i;

	if (!al->has_v2_ext)
		return;
	for (i = 0; i < al->num_rkeys; i++) {
		if (smc_llc_add_link_rkey(al, i, &pair))
			break;
		/* an RMB we never heard of stays unknown on the new link */
		smc_lgr_rtoken_add_link(lgr, lnk, lnk_new, pair.rkey,
					pair.rkey_new, pair.vaddr_new);
	}
}

/* our ADD LINK request or response for @lnk_new (sent over @lnk) */
static int smc_lgr_send_add_link(struct smc_lgr *lgr, struct smc_link *lnk,
				 struct smc_link *lnk_new, bool resp)
{
	struct smc_llc_rkey_pair *pairs = NULL;
	struct smc_llc_msg m = {};
	struct smc_llc_add_link *al = &m.add_link;
	int n, rc;

	n = smc_lgr_rkey_pairs(lgr, lnk, lnk_new, &pairs);
	if (n < 0)
		return n;
	m.type = SMC_LLC_ADD_LINK;
	m.flags = resp ? SMC_LLC_FLAG_RESP : 0;
	memcpy(al->mac, lnk_new->sel.mac, ETH_ALEN);
	memcpy(al->gid, lnk_new->sel.gid, SMC_IB_GID_LEN);
	al->qpn = lnk_new->qp->qp_num;
	al->link_num = lnk_new->link_id;
	al->qp_mtu = resp ? min(lnk_new->mtu, lnk_new->peer_mtu) :
			    lnk_new->mtu;
	al->psn = lnk_new->psn;
	al->has_v2_ext = true;
	al->v2_direct = true;
	memcpy(al->target_gid, lnk_new->sel.gid, SMC_IB_GID_LEN);
	al->num_rkeys = n;
	al->rkeys = pairs;
	rc = smc_llc_send(lnk, &m);
	kfree(pairs);
	return rc;
}

/* the peer's QP of the new link, from its ADD LINK */
static void smc_lgr_save_peer(struct smc_link *lnk_new,
			      const struct smc_llc_add_link *al)
{
	lnk_new->peer_qpn = al->qpn;
	lnk_new->peer_psn = al->psn;
	lnk_new->peer_mtu = al->qp_mtu;
	memcpy(lnk_new->peer_gid, al->gid, SMC_IB_GID_LEN);
	memcpy(lnk_new->peer_mac, al->mac, ETH_ALEN);
}

/* ------------------------------------------------------------------------
 * Removing one link
 */

/* Everything of smc_lgr_link_clear() but the destruction of the verbs
 * resources: afterwards nothing of the group refers to the link, and its
 * slot stays taken (@lnk->counted) until smc_link_destroy().
 */
static void smc_lgr_link_detach(struct smc_lgr *lgr, struct smc_link *lnk)
{
	struct smc_buf *buf;

	smc_link_set_broken(lnk);
	smc_testlink_stop_link(lnk);
	/* debugfs readers see it gone before its device reference goes */
	smc_lgr_hide_link(lnk);
	list_for_each_entry(buf, &lgr->rmbs, list)
		smc_link_unmap_buf(lnk, &buf->reg[lnk->idx]);
	list_for_each_entry(buf, &lgr->sndbufs, list)
		smc_link_unmap_buf(lnk, &buf->reg[lnk->idx]);
	smc_lgr_rtoken_clear_link(lgr, lnk);
	clear_bit(lnk->idx, &lgr->del_mask);
	clear_bit(lnk->idx, &lgr->del_tell);
	clear_bit(lnk->idx, &lgr->asym_mask);
}

/**
 * smc_lgr_link_clear() - remove a link from a running group
 * @lgr: the group; its conf_lock is held
 * @lnk: the link; no connection uses it
 *
 * Drains the link, unmaps every buffer from it, forgets the peer's rkeys
 * on it and destroys it; the slot is free afterwards. The drain comes
 * first: a REG_MR that timed out may still wait in the send queue, and
 * rxe would register the MR after ib_dereg_mr() freed it.
 *
 * Context: process context.
 */
void smc_lgr_link_clear(struct smc_lgr *lgr, struct smc_link *lnk)
{
	if (lnk->state == SMC_LNK_UNUSED && !lnk->counted)
		return;
	smc_link_drain(lnk);
	smc_lgr_link_detach(lgr, lnk);
	smc_link_destroy(lnk);
}

/* does a connection of the group send on @lnk? */
static bool smc_lgr_link_has_conns(struct smc_lgr *lgr, struct smc_link *lnk)
{
	struct smc_sock *smc;
	unsigned long token;
	bool used = false;

	xa_lock_bh(&lgr->conns);
	xa_for_each(&lgr->conns, token, smc) {
		if (READ_ONCE(smc->conn.lnk) == lnk) {
			used = true;
			break;
		}
	}
	xa_unlock_bh(&lgr->conns);
	return used;
}

/* a working link other than @lnk, or NULL */
static struct smc_link *smc_lgr_other_link(struct smc_lgr *lgr,
					   struct smc_link *lnk)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *o = &lgr->links[i];

		if (o != lnk && o->state == SMC_LNK_ACTIVE &&
		    !atomic_read(&o->broken))
			return o;
	}
	return NULL;
}

/**
 * smc_lgr_usable_link() - a working link of a group
 * @lgr: the group
 * @prefer: the link to take if it works, or NULL
 *
 * Return: @prefer if it is ACTIVE and not broken, else a working
 * symmetric link, else any working link, else NULL.
 */
struct smc_link *smc_lgr_usable_link(struct smc_lgr *lgr,
				     struct smc_link *prefer)
{
	struct smc_link *any = NULL;
	int i;

	if (prefer && prefer->state == SMC_LNK_ACTIVE &&
	    !atomic_read(&prefer->broken))
		return prefer;
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *o = &lgr->links[i];

		if (o->state != SMC_LNK_ACTIVE || atomic_read(&o->broken))
			continue;
		if (!test_bit(i, &lgr->asym_mask))
			return o;
		any = any ?: o;
	}
	return any;
}

/**
 * smc_lgr_wants_link() - does a group lack a link?
 * @lgr: the group
 *
 * Without conf_lock the answer is a hint (smc_lgr_failback() asks again).
 *
 * Return: true if the group may have more working links than it has, or
 * has an asymmetric link that a symmetric one could replace.
 */
bool smc_lgr_wants_link(const struct smc_lgr *lgr)
{
	if (lgr->max_links < 2 || READ_ONCE(lgr->terminating))
		return false;
	return smc_lgr_links_active(lgr) < lgr->max_links ||
	       READ_ONCE(lgr->asym_mask);
}

/* DELETE LINK reasons for a link whose QP still works */
static bool smc_lgr_link_works(u32 reason)
{
	return reason == SMC_LLC_DEL_OP_INIT_TERM ||
	       reason == SMC_LLC_DEL_NO_ASYM_NEEDED;
}

/**
 * smc_lgr_link_down() - a link stops working
 * @lnk: the link
 * @reason: SMC_LLC_DEL_* reason for the peer
 * @tell_peer: send the peer a DELETE LINK for it (not when the peer asked)
 *
 * If the group has no other working link, the group ends
 * (smc_lgr_terminate(), which sends DELETE LINK ALL over this link if it
 * still works). Else the link is marked broken at once and the group's
 * del_work moves the connections that use it to another link and removes
 * it. A link that still works (@reason: its device is being removed, or it
 * is an asymmetric link no longer needed) and that the peer is told about
 * stops sending but goes on receiving (smc_link_set_leaving()) until its
 * own sends have completed and the peer's readers are done with what we
 * wrote, and as a client until the peer has answered (smc_lgr_del_work(),
 * smc_lgr_link_peer_read(), smc_lgr_leave_receiving()).
 *
 * Context: any context but hard interrupts.
 */
void smc_lgr_link_down(struct smc_link *lnk, u32 reason, bool tell_peer)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);

	if (!smc_lgr_other_link(lgr, lnk)) {
		/* the last link: the group ends, and tells the peer over this
		 * link if it still works (a device being removed)
		 */
		smc_lgr_terminate(lgr, reason, tell_peer);
		return;
	}
	if (!tell_peer || !smc_lgr_link_works(reason) ||
	    !smc_link_set_leaving(lnk))
		smc_link_set_broken(lnk);
	if (READ_ONCE(lgr->terminating))
		return;
	if (tell_peer)
		set_bit(lnk->idx, &lgr->del_tell);
	WRITE_ONCE(lgr->del_reason, reason);
	set_bit(lnk->idx, &lgr->del_mask);
	refcount_inc(&lgr->refs);
	if (!smc_lgr_queue(&lgr->del_work))
		smc_lgr_put(lgr);
}

/* move every connection on @lnk to @via (SMC-R.md 5.6); conf_lock held */
static void smc_lgr_failover(struct smc_lgr *lgr, struct smc_link *lnk,
			     struct smc_link *via)
{
	struct smc_sock *smc;
	unsigned long token;
	unsigned int n = 0;

	for (token = 0; (smc = smc_lgr_next_conn(lgr, &token)); token++) {
		if (READ_ONCE(smc->conn.lnk) == lnk) {
			smc_tx_failover(smc, lnk, via);
			n++;
		}
		sock_put(&smc->sk);
	}
	pr_info_ratelimited("link group %u: %u connection(s) moved from link %u to link %u\n",
			    lgr->id, n, lnk->link_id, via->link_id);
}

/* A leaving link (smc_link_set_leaving()): wait a while for our sends on
 * it to complete. Return: true if they did and the link is still leaving.
 */
static bool smc_lgr_link_quiet(struct smc_link *lnk)
{
	if (atomic_read(&lnk->broken) != SMC_LINK_LEAVING)
		return false;
	return !smc_wr_tx_wait_idle(lnk, SMC_LLC_WAIT_TIME) &&
	       atomic_read(&lnk->broken) == SMC_LINK_LEAVING;
}

/* How long the peer's readers must have been silent on a leaving link,
 * and how long we wait for that at most (smc_lgr_link_peer_read()).
 */
#define SMC_LGR_PEER_READ_QUIET	(HZ / 10)
#define SMC_LGR_PEER_READ_MAX	(2 * HZ)

/* A leaving link whose sends completed: wait until the peer's readers are
 * done with what we wrote over it, that is until no CDC on the link has
 * moved the peer's consumer cursor for SMC_LGR_PEER_READ_QUIET. The link
 * still receives, so the consumer cursor updates the peer's readers send
 * arrive. Upstream Linux needs this: when our DELETE LINK arrives it marks
 * the link inactive before it moves its connections, and a consumer cursor
 * update its reader sends in between fails and is not sent again (it sends
 * one only after reading new data). If that was the peer's last read, both
 * ends wait for good: we for space in its RMB, it for data (measured:
 * multilink/30 server failover reverse, 3 stalls in 6 runs).
 * Our connections send nothing meanwhile: their link does not send.
 */
static void smc_lgr_link_peer_read(struct smc_link *lnk)
{
	unsigned long end = jiffies + SMC_LGR_PEER_READ_MAX;
	unsigned int seen = READ_ONCE(lnk->rx_cons_moves);
	unsigned int now;

	while (atomic_read(&lnk->broken) == SMC_LINK_LEAVING &&
	       time_before(jiffies, end)) {
		schedule_timeout_uninterruptible(SMC_LGR_PEER_READ_QUIET);
		now = READ_ONCE(lnk->rx_cons_moves);
		if (now == seen)
			return;
		seen = now;
	}
}

/* A leaving link whose sends completed: does it go on receiving after we
 * told the peer, until the peer's answer, or is it drained first? That
 * depends on what the peer does with its own sends on the link when our
 * DELETE LINK arrives (upstream Linux, the peer we must work with):
 *  - a server moves its connections and then waits, without a time limit,
 *    for those sends to complete before it answers. The link must go on
 *    receiving: on rxe (retry count 7 is "for ever") a send whose peer QP
 *    no longer answers never completes, and the server's worker hangs.
 *  - a client answers, moves its connections (it goes back to the last
 *    completed CDC and sends the rest again) and only then stops the
 *    link. A send of its that completes in between still frees its send
 *    buffer space, which the application refills before the data there
 *    was sent again: the stream ends up displaced by a send buffer length
 *    (measured: multilink/30 server failover, 64 KiB). A link that no
 *    longer receives when the DELETE LINK arrives completes none.
 * So the link keeps receiving only when we are the client.
 */
static bool smc_lgr_leave_receiving(const struct smc_lgr *lgr)
{
	return lgr->role == SMC_LGR_CLIENT;
}

/* We told the peer that the leaving @lnk goes (smc_llc_expect_delete()
 * before): wait for its answer, and answer a request (the peer deleted the
 * link at the same time). The connections on @lnk move only afterwards.
 * As a client the link still receives until then
 * (smc_lgr_leave_receiving()).
 */
static void smc_lgr_leave_answer(struct smc_lgr *lgr, struct smc_link *lnk,
				 struct smc_link *via)
{
	struct smc_llc_msg m;
	int rc;

	rc = smc_llc_wait(lgr, SMC_LLC_WAIT_TIME, &m);
	if (rc) {
		if (rc != -ENOLINK)
			pr_info_ratelimited("link group %u: no answer to DELETE LINK %u (%d), removing it\n",
					    lgr->id, lnk->link_id, rc);
		return;
	}
	if (m.flags & SMC_LLC_FLAG_RESP)
		return;
	m.flags = SMC_LLC_FLAG_RESP;
	m.delete_link.reason = 0;
	smc_llc_send(via, &m);
}

/**
 * smc_lgr_del_work() - remove the links smc_lgr_link_down() marked
 * @work: the group's del_work
 */
void smc_lgr_del_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(work, struct smc_lgr, del_work);
	struct smc_link *lnk, *via;
	unsigned long gone = 0;
	bool local = false;
	bool tell, quiet, receiving;
	int i;

	mutex_lock(&lgr->conf_lock);
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		if (!test_bit(i, &lgr->del_mask) || READ_ONCE(lgr->terminating))
			continue;
		lnk = &lgr->links[i];
		via = smc_lgr_other_link(lgr, lnk);
		if (lnk->state == SMC_LNK_UNUSED) {
			clear_bit(i, &lgr->del_mask);
			continue;
		}
		if (!via) {
			smc_lgr_terminate(lgr, READ_ONCE(lgr->del_reason),
					  true);
			break;
		}
		tell = test_bit(i, &lgr->del_tell);
		/* A link that still works (quiet: our sends on it have
		 * completed) is left in two steps. First the peer's readers
		 * finish with what we wrote (smc_lgr_link_peer_read()); then
		 * the peer is told and answers, and only then do our
		 * connections move. Until then they send nothing: a peer
		 * that moves its connections must not see new data on the
		 * way. A broken link's connections move at once; every CDC
		 * on it has completed or was flushed, so they know what
		 * arrived.
		 */
		quiet = tell && smc_lgr_link_quiet(lnk);
		if (quiet)
			smc_lgr_link_peer_read(lnk);
		receiving = quiet && smc_lgr_leave_receiving(lgr);
		if (!receiving)
			smc_link_drain(lnk);
		if (tell) {
			u32 reason = READ_ONCE(lgr->del_reason);

			if (quiet)
				smc_llc_expect_delete(lgr, lnk->link_id);
			if (smc_llc_send_delete_link(via, lnk->link_id, true,
						     reason) && quiet) {
				smc_llc_expect(lgr, 0, false);
				quiet = false;
			}
			local = true;
		}
		if (quiet)
			smc_lgr_leave_answer(lgr, lnk, via);
		if (smc_lgr_link_has_conns(lgr, lnk))
			smc_lgr_failover(lgr, lnk, via);
		smc_link_drain(lnk);
		pr_info_ratelimited("link group %u: link %u on %s removed, link %u remains\n",
				    lgr->id, lnk->link_id,
				    dev_name(&lnk->sel.dev->ibdev->dev),
				    via->link_id);
		smc_lgr_link_detach(lgr, lnk);
		__set_bit(i, &gone);
	}
	/* the one link left shares its device with nothing */
	if (smc_lgr_links_used(lgr) <= 1)
		lgr->asym_mask = 0;
	mutex_unlock(&lgr->conf_lock);
	/* Our own device or port failed: it may be back already (a port
	 * event that came while the link was still here found the group
	 * complete), so look again once the link is gone. A link the peer
	 * deleted is the peer's to replace: its device events ask for it.
	 */
	if (local && smc_lgr_wants_link(lgr)) {
		WRITE_ONCE(lgr->failback_tries, 0);
		smc_llc_flow_local(lgr);
	}
	/* Outside conf_lock: destroying a QP can take long. rxe waits up to
	 * 50 s for the QP's packets still queued on a netdev that went down.
	 * The slots stay taken (counted) until then.
	 */
	for_each_set_bit(i, &gone, SMC_LINKS_PER_LGR)
		smc_link_destroy(&lgr->links[i]);
	/* a slot is free again */
	if (gone && (local || READ_ONCE(lgr->failback_again)) &&
	    smc_lgr_wants_link(lgr))
		smc_llc_flow_local(lgr);
	smc_lgr_put(lgr);
}

/* ------------------------------------------------------------------------
 * Adding a link
 */

/* a new link that failed: tell the peer if it knows of it, remove it */
static void smc_lgr_add_failed(struct smc_lgr *lgr, struct smc_link *lnk,
			       struct smc_link *lnk_new, bool tell)
{
	if (tell)
		smc_llc_send_delete_link(lnk, lnk_new->link_id, false,
					 SMC_LLC_DEL_LOST_PATH);
	smc_lgr_link_clear(lgr, lnk_new);
}

static int smc_lgr_new_link(struct smc_lgr *lgr, struct smc_link *lnk,
			    struct smc_link **out, bool *alt)
{
	struct smc_link *lnk_new;
	struct smc_ib_sel sel;
	int rc;

	lnk_new = smc_lgr_free_slot(lgr);
	if (!lnk_new)
		return -EMLINK;
	*alt = smc_lgr_alt_sel(lgr, lnk, &sel);
	rc = smc_link_create(lnk_new, &sel);
	smc_ib_sel_put(&sel);
	if (rc) {
		smc_link_destroy(lnk_new);
		return rc;
	}
	lnk_new->state = SMC_LNK_INACTIVE;
	rc = smc_lgr_map_bufs(lgr, lnk_new);
	if (rc) {
		smc_lgr_link_clear(lgr, lnk_new);
		return rc;
	}
	*out = lnk_new;
	return 0;
}

/* the end of both ADD LINK flows: the new link goes up */
static void smc_lgr_link_added(struct smc_lgr *lgr, struct smc_link *lnk_new,
			       bool alt)
{
	smc_lgr_link_up(lnk_new);
	pr_info_ratelimited("link group %u: link %u added on %s port %u%s\n",
			    lgr->id, lnk_new->link_id,
			    dev_name(&lnk_new->sel.dev->ibdev->dev),
			    lnk_new->sel.port, alt ? "" : " (asymmetric)");
}

/* the CONFIRM LINK response (server) or request (client) on the new link */
static bool smc_lgr_confirm_ok(const struct smc_llc_msg *m,
			       const struct smc_link *lnk_new)
{
	return (m->flags & SMC_LLC_FLAG_NO_RMBE_EYEC) ==
	       SMC_LLC_FLAG_NO_RMBE_EYEC &&
	       m->confirm_link.link_num == lnk_new->link_id;
}

/* Server, a link was added (conf_lock held): a symmetric one replaces the
 * asymmetric links (DELETE LINK, reason "asymmetric link no longer
 * needed", their connections fail over to it); an asymmetric one in the
 * extra slot is of no use and goes itself.
 */
static void smc_lgr_asym_update(struct smc_lgr *lgr, struct smc_link *lnk_new,
				bool asym)
{
	int i;

	if (asym) {
		if (lgr->asym_mask) {
			smc_lgr_link_down(lnk_new, SMC_LLC_DEL_NO_ASYM_NEEDED,
					  true);
			return;
		}
		set_bit(lnk_new->idx, &lgr->asym_mask);
		return;
	}
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *o = &lgr->links[i];

		if (o == lnk_new || !test_bit(i, &lgr->asym_mask) ||
		    o->state == SMC_LNK_UNUSED)
			continue;
		pr_info_ratelimited("link group %u: asymmetric link %u replaced by link %u\n",
				    lgr->id, o->link_id, lnk_new->link_id);
		smc_lgr_link_down(o, SMC_LLC_DEL_NO_ASYM_NEEDED, true);
	}
}

/**
 * smc_lgr_add_link_server() - add a link to a group, as its server
 * @lgr: the group; its conf_lock is held
 * @lnk: a working link of the group (the LLC flow runs on it)
 *
 * Runs the ADD LINK flow of the file comment. Nothing happens when the
 * group may not have another link.
 *
 * Context: process context.
 * Return: 0 when a link was added; -EMLINK when the group has all its
 * links; -ENOLINK when the client refused or the link failed to come up;
 * another negative errno.
 */
int smc_lgr_add_link_server(struct smc_lgr *lgr, struct smc_link *lnk)
{
	struct smc_link *lnk_new;
	struct smc_llc_msg m;
	bool alt;
	u8 *buf;
	int rc;

	if (lgr->max_links < 2)
		return -EMLINK;
	buf = kmalloc(SMC_LLC_V2_MAX_LEN, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	rc = smc_lgr_new_link(lgr, lnk, &lnk_new, &alt);
	if (rc)
		goto out;
	lnk_new->link_id = smc_lgr_next_link_id(lgr);

	smc_llc_expect(lgr, SMC_LLC_ADD_LINK, true);
	rc = smc_lgr_send_add_link(lgr, lnk, lnk_new, false);
	if (rc) {
		smc_llc_expect(lgr, 0, false);
		smc_lgr_add_failed(lgr, lnk, lnk_new, false);
		goto out;
	}
	rc = smc_llc_wait_long(lgr, SMC_LLC_WAIT_TIME, &m, buf,
			       SMC_LLC_V2_MAX_LEN);
	if (!rc && (m.flags & SMC_LLC_FLAG_ADD_LNK_REJ))
		rc = -ENOLINK;
	else if (!rc && (!m.add_link.qp_mtu || !m.add_link.qpn))
		rc = -EPROTO;
	if (rc) {
		/* refused, or no answer: the client has no such link */
		smc_lgr_add_failed(lgr, lnk, lnk_new, rc != -ENOLINK);
		goto out;
	}
	smc_lgr_save_peer(lnk_new, &m.add_link);
	rc = smc_link_to_rtr(lnk_new);
	if (!rc)
		rc = smc_link_to_rts(lnk_new);
	if (!rc)
		rc = smc_lgr_reg_rmbs(lgr, lnk_new);
	if (rc) {
		smc_lgr_add_failed(lgr, lnk, lnk_new, true);
		goto out;
	}
	smc_lgr_save_pairs(lgr, lnk, lnk_new, &m.add_link);

	lnk_new->state = SMC_LNK_ACTIVATING;
	smc_llc_expect(lgr, SMC_LLC_CONFIRM_LINK, true);
	smc_llc_confirm_link_msg(lnk_new, &m, false);
	rc = smc_llc_send(lnk_new, &m);
	if (!rc)
		rc = smc_llc_wait(lgr, SMC_LLC_WAIT_CONFIRM, &m);
	else
		smc_llc_expect(lgr, 0, false);
	if (!rc && !smc_lgr_confirm_ok(&m, lnk_new))
		rc = -EPROTO;
	if (rc) {
		smc_lgr_add_failed(lgr, lnk, lnk_new, true);
		goto out;
	}
	/* the client's side is on its device of @lnk: asymmetric too */
	if (!alt || !memcmp(lnk_new->peer_gid, lnk->peer_gid, SMC_IB_GID_LEN))
		alt = false;
	smc_lgr_link_added(lgr, lnk_new, alt);
	smc_lgr_asym_update(lgr, lnk_new, !alt);
out:
	kfree(buf);
	return rc;
}

/* client: ask the server for a link on our alternate device (REQUEST ADD
 * LINK, our GIDs, the one in use first, as upstream Linux lists them)
 */
static bool smc_lgr_ask_link(struct smc_lgr *lgr, struct smc_link *lnk)
{
	const u8 *pnetid = lgr->pnetid[0] ? lgr->pnetid : NULL;
	u8 gids[2][SMC_IB_GID_LEN];
	struct smc_llc_msg m = {};
	struct smc_ib_sel sel;
	int rc;

	if (smc_ib_find_alt_v2(lgr->net, lgr->saddr, lgr->vlan_id, pnetid,
			       lnk->sel.dev, &sel))
		return false;
	memcpy(gids[0], lnk->sel.gid, SMC_IB_GID_LEN);
	memcpy(gids[1], sel.gid, SMC_IB_GID_LEN);
	smc_ib_sel_put(&sel);
	m.type = SMC_LLC_REQ_ADD_LINK;
	m.req_add_link.gid_cnt = 2;
	m.req_add_link.gids = &gids[0][0];
	rc = smc_llc_send(lnk, &m);
	pr_info_ratelimited("link group %u: asked the server for a link (%d)\n",
			    lgr->id, rc);
	return !rc;
}

/* server: is there a device for a symmetric link besides @lnk's? */
static bool smc_lgr_alt_exists(struct smc_lgr *lgr, struct smc_link *lnk)
{
	const u8 *pnetid = lgr->pnetid[0] ? lgr->pnetid : NULL;
	struct smc_ib_sel sel;

	if (smc_ib_find_alt_v2(lgr->net, lgr->saddr, lgr->vlan_id, pnetid,
			       lnk->sel.dev, &sel))
		return false;
	smc_ib_sel_put(&sel);
	return true;
}

/* tries of a failback that brought no link, 5 s apart */
#define SMC_LGR_FAILBACK_TRIES	5
#define SMC_LGR_FAILBACK_DELAY	(5 * HZ)

/**
 * smc_lgr_failback_retry() - look again whether a group lacks a link
 * @work: the group's failback_retry
 */
void smc_lgr_failback_retry(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(to_delayed_work(work),
					   struct smc_lgr, failback_retry);

	if (smc_lgr_wants_link(lgr))
		smc_llc_flow_local(lgr);
	smc_lgr_put(lgr);
}

/* A failback flow may have brought nothing: the peer dropped our request
 * (upstream drops a REQUEST ADD LINK that comes while its own ADD LINK
 * flow runs), or the flow failed. Look again later, a few times.
 */
static void smc_lgr_failback_later(struct smc_lgr *lgr)
{
	if (lgr->failback_tries >= SMC_LGR_FAILBACK_TRIES ||
	    READ_ONCE(lgr->terminating))
		return;
	WRITE_ONCE(lgr->failback_tries, lgr->failback_tries + 1);
	refcount_inc(&lgr->refs);
	if (!smc_lgr_queue_delayed(&lgr->failback_retry,
				   SMC_LGR_FAILBACK_DELAY))
		smc_lgr_put(lgr);
}

/**
 * smc_lgr_failback() - add a link to a group that lacks one
 * @lgr: the group; its conf_lock is held
 * @asked: the peer asked (a client's REQUEST ADD LINK or invitation)
 *
 * Called from flow_work after a device or port became usable, after one
 * of our links went, and for a client's request. A server runs the ADD
 * LINK flow: on its own initiative only with an alternate device (another
 * link on the device in use would add nothing), when asked also on the
 * device in use (an asymmetric link, as upstream Linux does). A client
 * that has an alternate device asks the server with REQUEST ADD LINK; the
 * server's ADD LINK comes back as a request of its own.
 *
 * Context: process context.
 * Return: true if an ADD LINK flow ran or a request was sent.
 */
bool smc_lgr_failback(struct smc_lgr *lgr, bool asked)
{
	struct smc_link *lnk;
	int rc;

	WRITE_ONCE(lgr->failback_again, false);
	if (!smc_lgr_wants_link(lgr))
		return false;
	lnk = smc_lgr_usable_link(lgr, NULL);
	if (!lnk)
		return false;
	if (lgr->role == SMC_LGR_CLIENT) {
		if (!smc_lgr_ask_link(lgr, lnk))
			return false;
		/* the answer is the server's ADD LINK; if none comes */
		smc_lgr_failback_later(lgr);
		return true;
	}
	if (!asked && !smc_lgr_alt_exists(lgr, lnk))
		return false;
	rc = smc_lgr_add_link_server(lgr, lnk);
	/* the slots are held by links being destroyed: when one is free */
	if (rc == -EMLINK && asked)
		WRITE_ONCE(lgr->failback_again, true);
	if (rc && rc != -EMLINK) {
		pr_info_ratelimited("link group %u: adding a link failed (%d)\n",
				    lgr->id, rc);
		if (rc != -ENOLINK)
			smc_lgr_failback_later(lgr);
	}
	return rc != -EMLINK;
}

/* Refuse an ADD LINK request: echoed as a response with the reject flag,
 * 44 bytes (no extension), as upstream Linux sends it.
 */
static void smc_lgr_add_link_reject(struct smc_link *lnk,
				    const struct smc_llc_msg *req)
{
	struct smc_llc_msg m = {
		.type = SMC_LLC_ADD_LINK,
		.flags = SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ,
	};

	m.add_link = req->add_link;
	m.add_link.has_v2_ext = false;
	m.add_link.num_rkeys = 0;
	m.add_link.rkeys = NULL;
	m.add_link.rkeys_wire = NULL;
	m.add_link.reject_reason = SMC_LLC_REJ_RSN_NO_ALT_PATH;
	smc_llc_send(lnk, &m);
}

/**
 * smc_lgr_add_link_client() - answer the server's ADD LINK request
 * @lgr: the group; its conf_lock is held
 * @lnk: the link the request arrived on
 * @req: the decoded request (its rkey list still points into the
 *	caller's buffer)
 *
 * Creates the new link on an alternate device (or, if the server offers
 * another device of its own, on the device of @lnk), answers with our
 * rkeys and completes the flow of the file comment; or refuses.
 *
 * Context: process context.
 * Return: 0 when the link was added, else a negative errno (the request
 * was refused or the link removed again; the group goes on).
 */
int smc_lgr_add_link_client(struct smc_lgr *lgr, struct smc_link *lnk,
			    const struct smc_llc_msg *req)
{
	const struct smc_llc_add_link *al = &req->add_link;
	struct smc_link *lnk_new = NULL;
	struct smc_llc_msg m;
	bool alt;
	int rc;

	if (lgr->max_links < 2 || !al->qp_mtu || !al->link_num ||
	    !al->qpn || smc_lgr_link_by_id(lgr, al->link_num)) {
		rc = -EINVAL;
		goto reject;
	}
	rc = smc_lgr_new_link(lgr, lnk, &lnk_new, &alt);
	if (rc)
		goto reject;
	/* the server has one device: a second link must use another of ours */
	if (!alt && !memcmp(al->gid, lnk->peer_gid, SMC_IB_GID_LEN)) {
		smc_lgr_link_clear(lgr, lnk_new);
		rc = -ENODEV;
		goto reject;
	}
	lnk_new->link_id = al->link_num;
	smc_lgr_save_peer(lnk_new, al);
	rc = smc_link_to_rtr(lnk_new);
	if (rc) {
		smc_lgr_link_clear(lgr, lnk_new);
		goto reject;
	}
	/* armed before the response: the CONFIRM LINK may come quickly */
	smc_llc_expect(lgr, SMC_LLC_CONFIRM_LINK, false);
	rc = smc_lgr_send_add_link(lgr, lnk, lnk_new, true);
	if (rc) {
		smc_llc_expect(lgr, 0, false);
		smc_lgr_add_failed(lgr, lnk, lnk_new, true);
		return rc;
	}
	smc_lgr_save_pairs(lgr, lnk, lnk_new, al);

	lnk_new->state = SMC_LNK_ACTIVATING;
	rc = smc_llc_wait(lgr, SMC_LLC_WAIT_CONFIRM, &m);
	if (!rc && !smc_lgr_confirm_ok(&m, lnk_new))
		rc = -EPROTO;
	if (!rc)
		rc = smc_link_to_rts(lnk_new);
	if (!rc)
		rc = smc_lgr_reg_rmbs(lgr, lnk_new);
	if (!rc) {
		smc_llc_confirm_link_msg(lnk_new, &m, true);
		rc = smc_llc_send(lnk_new, &m);
	}
	if (rc) {
		smc_lgr_add_failed(lgr, lnk, lnk_new, true);
		return rc;
	}
	/* the server's side is on its device of @lnk: asymmetric too */
	if (!alt || !memcmp(al->gid, lnk->peer_gid, SMC_IB_GID_LEN))
		alt = false;
	if (!alt)
		set_bit(lnk_new->idx, &lgr->asym_mask);
	smc_lgr_link_added(lgr, lnk_new, alt);
	return 0;

reject:
	smc_lgr_add_link_reject(lnk, req);
	return rc;
}
