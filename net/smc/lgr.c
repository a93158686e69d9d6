// SPDX-License-Identifier: GPL-2.0
/*
 * lgr.c - SMC-R link groups: finding or creating the group a new
 * connection joins, its buffers, the peer's rtokens, the token registry
 * that routes CDC messages to connections, lingering and termination.
 *
 * A group is referenced by each of its connections and, while it may take
 * new connections, by smc_lgr_list. When the last connection goes, the
 * group lingers (SMC_LGR_LINGER_*) for later connections to the same peer;
 * then it is terminated, which drops the list's reference. The last
 * reference destroys the links and frees the buffers in a work item.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "smc.h"
#include "bufsize.h"
#include "cdc.h"
#include "close.h"
#include "lgr.h"
#include "llc.h"
#include "memacct.h"
#include "cdc_wire.h"
#include "clc_wire.h"
#include "objcount.h"
#include "sysctl.h"
#include "stats.h"
#include "smc_trace.h"

/* how long an idle group waits for a new connection (SMC-R.md 9) */
#define SMC_LGR_LINGER_SERVER	(600 * HZ)
#define SMC_LGR_LINGER_CLIENT	(610 * HZ)
/* the largest buffer we allocate: what every peer accepts (bufsize.h) */
#define SMC_BUF_MAX		(SMC_BUFSIZE_MIN << SMC_BUFSIZE_COMP_MAX_V1)

static LIST_HEAD(smc_lgr_list);
static DEFINE_MUTEX(smc_lgr_list_lock);
static atomic_t smc_lgr_next_id;
static atomic_t smc_lgr_count;
static DECLARE_WAIT_QUEUE_HEAD(smc_lgr_gone);
static struct workqueue_struct *smc_lgr_wq;

/**
 * smc_lgr_queue() - run a link group work item
 * @work: the work item
 *
 * Return: false if it was queued already.
 */
bool smc_lgr_queue(struct work_struct *work)
{
	return queue_work(smc_lgr_wq, work);
}

/**
 * smc_lgr_hide_link() - take a link out of the debugfs listing
 * @lnk: a link about to be destroyed; its group's conf_lock is held
 *
 * Sets the link's state to %SMC_LNK_UNUSED under the list lock, so that
 * smc_lgr_show() and the device event handler, which look at links of
 * other states, no longer touch it.
 */
void smc_lgr_hide_link(struct smc_link *lnk)
{
	mutex_lock(&smc_lgr_list_lock);
	lnk->state = SMC_LNK_UNUSED;
	mutex_unlock(&smc_lgr_list_lock);
}

/**
 * smc_lgr_link_up() - both sides confirmed a link: it carries traffic now
 * @lnk: the link; its group's conf_lock is held
 *
 * Marks it %SMC_LNK_ACTIVE, reports it (tracepoint smc_link_up) and starts
 * its TEST LINK keepalive.
 */
void smc_lgr_link_up(struct smc_link *lnk)
{
	struct smc_lgr *lgr = smc_link_lgr(lnk);

	lnk->state = SMC_LNK_ACTIVE;
	trace_smc_link_up(lgr->id, lnk->link_id,
			  dev_name(&lnk->sel.dev->ibdev->dev), lnk->sel.port);
	smc_testlink_start(lnk);
}

/**
 * smc_lgr_queue_delayed() - run a link group work item later
 * @dwork: the work item
 * @delay: in jiffies
 *
 * Return: false if it was queued already.
 */
bool smc_lgr_queue_delayed(struct delayed_work *dwork, unsigned long delay)
{
	return queue_delayed_work(smc_lgr_wq, dwork, delay);
}

/* The link of @lgr that serves @want. With @settling, a link still being
 * set up counts too: its connection holds the group's conf_lock, and the
 * caller waits for that before it looks again.
 */
static struct smc_link *smc_lgr_link_for(struct smc_lgr *lgr,
					 const struct smc_lgr_want *want,
					 bool settling)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *lnk = &lgr->links[i];

		if (lnk->state != SMC_LNK_ACTIVE &&
		    (!settling || lnk->state == SMC_LNK_UNUSED))
			continue;
		if (memcmp(lnk->peer_gid, want->peer_gid, SMC_IB_GID_LEN))
			continue;
		if (want->peer_qpn && lnk->peer_qpn != want->peer_qpn)
			continue;
		return lnk;
	}
	return NULL;
}

/* Server: the link a new connection of @lgr uses (conf_lock held): the
 * working symmetric link with the fewest connections (SMC-R.md 4.4: the
 * server balances; its ACCEPT names the link), else @dflt.
 */
static struct smc_link *smc_lgr_link_balanced(struct smc_lgr *lgr,
					      struct smc_link *dflt)
{
	unsigned int n[SMC_LINKS_PER_LGR] = {};
	struct smc_link *best = NULL, *l;
	struct smc_sock *smc;
	unsigned long token;
	int i;

	xa_lock_bh(&lgr->conns);
	xa_for_each(&lgr->conns, token, smc) {
		l = READ_ONCE(smc->conn.lnk);
		if (l)
			n[l->idx]++;
	}
	xa_unlock_bh(&lgr->conns);
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		l = &lgr->links[i];
		if (l->state != SMC_LNK_ACTIVE || atomic_read(&l->broken) ||
		    test_bit(i, &lgr->asym_mask))
			continue;
		if (!best || n[i] < n[best->idx])
			best = l;
	}
	return best ?: dflt;
}

/**
 * smc_lgr_find() - find a link group a new connection may join
 * @want: the connection's peer and role
 * @lnk: output: the link the connection is to use
 *
 * Context: process context; takes the group's @conf_lock on success.
 * Return: the group, referenced and with @conf_lock held (release both
 * after the connection is set up), or NULL.
 */
struct smc_lgr *smc_lgr_find(const struct smc_lgr_want *want,
			     struct smc_link **lnk)
{
	struct smc_lgr *lgr, *found = NULL;

	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		if (lgr->role != want->role || lgr->net != want->net ||
		    READ_ONCE(lgr->terminating) ||
		    memcmp(lgr->peer_id, want->peer_id, SMC_IB_PEER_ID_LEN))
			continue;
		/* the client follows the server's choice (its ACCEPT says
		 * whether to join), as upstream's does
		 */
		if (want->role == SMC_LGR_SERVER &&
		    READ_ONCE(lgr->conns_num) >= lgr->max_conns)
			continue;
		if (!smc_lgr_link_for(lgr, want, true))
			continue;
		refcount_inc(&lgr->refs);
		found = lgr;
		break;
	}
	mutex_unlock(&smc_lgr_list_lock);
	if (!found)
		return NULL;
	mutex_lock(&found->conf_lock);
	/* it may have changed while we waited for the lock; the group's
	 * connections are added under it, so the count is exact here
	 */
	*lnk = smc_lgr_link_for(found, want, false);
	if (!*lnk || READ_ONCE(found->terminating) ||
	    (want->role == SMC_LGR_SERVER &&
	     READ_ONCE(found->conns_num) >= found->max_conns)) {
		mutex_unlock(&found->conf_lock);
		smc_lgr_put(found);
		return NULL;
	}
	if (want->role == SMC_LGR_SERVER)
		*lnk = smc_lgr_link_balanced(found, *lnk);
	cancel_delayed_work(&found->free_work);
	return found;
}

static void smc_lgr_free_work(struct work_struct *work);
static void smc_lgr_term_work(struct work_struct *work);
static void smc_lgr_release_work(struct work_struct *work);

/* a link broke by itself (link.c): it goes, and the group with it if it
 * was the last one (lgr_link.c)
 */
static void smc_lgr_link_failed(struct smc_link *lnk)
{
	smc_lgr_link_down(lnk, SMC_LLC_DEL_LOST_PATH, true);
}

/**
 * smc_lgr_link_init() - prepare a free slot of a group for a new link
 * @lgr: the group
 * @lnk: &@lgr->links[@idx], state %SMC_LNK_UNUSED
 * @idx: its index
 *
 * Sets what the group owns of the link: the back pointer, the index and
 * the handlers. smc_link_create() does the rest.
 */
void smc_lgr_link_init(struct smc_lgr *lgr, struct smc_link *lnk, int idx)
{
	lnk->lgr = lgr;
	lnk->idx = idx;
	lnk->link_id = 0;
	lnk->rx_handler = smc_lgr_rx;
	lnk->failed = smc_lgr_link_failed;
}

/**
 * smc_lgr_create() - create a link group with its first link
 * @want: the connection's peer, role and local device
 * @lnk: output: the new link, its QP in INIT state
 *
 * Context: process context.
 * Return: the group, referenced for the caller and listed, with its
 * @conf_lock held; or an ERR_PTR.
 */
struct smc_lgr *smc_lgr_create(const struct smc_lgr_want *want,
			       struct smc_link **lnk)
{
	struct smc_lgr *lgr;
	int rc;

	lgr = kzalloc(sizeof(*lgr), GFP_KERNEL);
	if (!lgr)
		return ERR_PTR(-ENOMEM);
	refcount_set(&lgr->refs, 2);	/* the caller's and the list's */
	lgr->net = want->net;
	lgr->role = want->role;
	lgr->id = atomic_inc_return(&smc_lgr_next_id);
	lgr->version = SMC_CLC_V2;
	lgr->max_conns = SMC_LGR_MAX_CONNS;
	lgr->max_links = 1;
	memcpy(lgr->peer_id, want->peer_id, SMC_IB_PEER_ID_LEN);
	mutex_init(&lgr->conf_lock);
	xa_init_flags(&lgr->conns, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_BH);
	spin_lock_init(&lgr->rtokens_lock);
	INIT_LIST_HEAD(&lgr->rmbs);
	INIT_LIST_HEAD(&lgr->sndbufs);
	if (smc_llc_init_lgr(lgr)) {
		kfree(lgr);
		return ERR_PTR(-ENOMEM);
	}
	INIT_DELAYED_WORK(&lgr->free_work, smc_lgr_free_work);
	INIT_WORK(&lgr->term_work, smc_lgr_term_work);
	INIT_WORK(&lgr->release_work, smc_lgr_release_work);
	lgr->buf_type = smc_sysctl_buf_type(lgr->net);
	smc_testlink_init(lgr);

	lgr->saddr = want->saddr;
	lgr->vlan_id = want->vlan_id;
	if (want->pnetid)
		memcpy(lgr->pnetid, want->pnetid, sizeof(lgr->pnetid));
	lgr->next_link_id = 1;
	INIT_WORK(&lgr->del_work, smc_lgr_del_work);
	INIT_DELAYED_WORK(&lgr->failback_retry, smc_lgr_failback_retry);

	*lnk = &lgr->links[0];
	smc_lgr_link_init(lgr, *lnk, 0);
	memcpy((*lnk)->peer_gid, want->peer_gid, SMC_IB_GID_LEN);
	rc = smc_link_create(*lnk, want->sel);
	if (rc) {
		smc_link_destroy(*lnk);
		smc_llc_uninit_lgr(lgr);
		kfree(lgr);
		return ERR_PTR(rc);
	}
	(*lnk)->state = SMC_LNK_INACTIVE;
	/* the server numbers the links */
	if (lgr->role == SMC_LGR_SERVER)
		(*lnk)->link_id = lgr->next_link_id++;
	atomic_inc(&smc_lgr_count);
	smc_obj_inc(SMC_OBJ_LGR);
	mutex_lock(&lgr->conf_lock);
	mutex_lock(&smc_lgr_list_lock);
	list_add_tail(&lgr->list, &smc_lgr_list);
	mutex_unlock(&smc_lgr_list_lock);
	trace_smc_lgr_create(lgr->id, lgr->role, lgr->net->ns.inum, 0);
	return lgr;
}

/**
 * smc_lgr_put() - drop a reference to a link group
 * @lgr: the group
 *
 * Context: any.
 */
void smc_lgr_put(struct smc_lgr *lgr)
{
	if (refcount_dec_and_test(&lgr->refs))
		queue_work(smc_lgr_wq, &lgr->release_work);
}

/* the last reference is gone: nothing uses the links or buffers */
static void smc_lgr_release_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(work, struct smc_lgr,
					   release_work);
	struct smc_buf *buf, *tmp;
	int i;

	smc_testlink_stop(lgr);
	trace_smc_lgr_free(lgr->id, lgr->role, lgr->net->ns.inum,
			   lgr->term_reason);
	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		struct smc_link *lnk = &lgr->links[i];

		if (lnk->state == SMC_LNK_UNUSED)
			continue;
		trace_smc_link_down(lgr->id, lnk->link_id,
				    dev_name(&lnk->sel.dev->ibdev->dev),
				    lnk->sel.port);
		/* nothing posted (a REG_MR, a write from a send buffer)
		 * still refers to the buffers freed below
		 */
		smc_link_drain(lnk);
	}
	/* memory regions first, while their protection domains exist */
	list_for_each_entry_safe(buf, tmp, &lgr->rmbs, list)
		smc_buf_put(lgr, buf);
	list_for_each_entry_safe(buf, tmp, &lgr->sndbufs, list)
		smc_buf_put(lgr, buf);
	/* after this no message arrives, so no LLC work is queued */
	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state != SMC_LNK_UNUSED)
			smc_link_destroy(&lgr->links[i]);
	smc_llc_uninit_lgr(lgr);
	WARN_ON_ONCE(!xa_empty(&lgr->conns));
	xa_destroy(&lgr->conns);
	kfree(lgr);
	smc_obj_dec(SMC_OBJ_LGR);
	if (atomic_dec_and_test(&smc_lgr_count))
		wake_up(&smc_lgr_gone);
}

/**
 * smc_lgr_next_conn() - walk the connections of a group
 * @lgr: the group
 * @token: the lowest token to look at; set to the token of the connection
 *	returned (the caller goes on from @token + 1)
 *
 * Tokens only grow along such a walk, so each connection is seen once.
 *
 * Return: the connection's socket with a reference (sock_put() it), or
 * NULL when there is none left.
 */
struct smc_sock *smc_lgr_next_conn(struct smc_lgr *lgr, unsigned long *token)
{
	struct smc_sock *smc;

	xa_lock_bh(&lgr->conns);
	smc = xa_find(&lgr->conns, token, ULONG_MAX, XA_PRESENT);
	if (smc)
		sock_hold(&smc->sk);
	xa_unlock_bh(&lgr->conns);
	return smc;
}

/**
 * smc_lgr_terminate() - end a link group
 * @lgr: the group
 * @reason: SMC_LLC_DEL_* reason, sent to the peer in DELETE LINK ALL
 * @tell_peer: send DELETE LINK ALL (not when the peer asked for it or the
 *	link is gone)
 *
 * Aborts every connection of the group and takes it off the list, in a
 * work item. Idempotent.
 *
 * Context: any.
 */
void smc_lgr_terminate(struct smc_lgr *lgr, u32 reason, bool tell_peer)
{
	if (xchg(&lgr->terminating, true))
		return;
	lgr->term_reason = reason;
	lgr->term_send = tell_peer;
	refcount_inc(&lgr->refs);
	if (!queue_work(smc_lgr_wq, &lgr->term_work))
		smc_lgr_put(lgr);
}

static void smc_lgr_term_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(work, struct smc_lgr, term_work);
	struct smc_sock *smc;
	unsigned long token;
	int i;

	mutex_lock(&smc_lgr_list_lock);
	list_del_init(&lgr->list);
	mutex_unlock(&smc_lgr_list_lock);
	cancel_delayed_work_sync(&lgr->free_work);

	if (lgr->term_send)
		smc_llc_send_delete_all(lgr, lgr->term_reason);
	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		if (lgr->links[i].state != SMC_LNK_UNUSED)
			smc_link_set_broken(&lgr->links[i]);
	/* wake everyone waiting for an LLC response */
	smc_llc_abort_wait(lgr);
	smc_testlink_stop(lgr);

	/* as TCP's connections when the peer is gone: reset */
	for (token = 0; (smc = smc_lgr_next_conn(lgr, &token)); token++) {
		smc_conn_abort(smc, ECONNRESET);
		sock_put(&smc->sk);
	}
	/* the list's reference, then the one smc_lgr_terminate() took */
	smc_lgr_put(lgr);
	smc_lgr_put(lgr);
}

static void smc_lgr_free_work(struct work_struct *work)
{
	struct smc_lgr *lgr = container_of(to_delayed_work(work),
					   struct smc_lgr, free_work);

	if (READ_ONCE(lgr->conns_num))
		return;
	smc_lgr_terminate(lgr, SMC_LLC_DEL_PROG_INIT_TERM, true);
}

/**
 * smc_lgr_rx() - a message arrived on a link of a group
 * @lnk: the link
 * @msg: the message
 * @len: its length
 *
 * Context: softirq.
 */
void smc_lgr_rx(struct smc_link *lnk, const u8 *msg, u32 len)
{
	smc_testlink_rx(lnk);
	if (msg[0] == SMC_CDC_MSG_TYPE)
		smc_cdc_rx(lnk, msg, len);
	else
		smc_llc_rx(lnk, msg, len);
}

/* --- the peer's buffers ------------------------------------------------ */

/**
 * smc_lgr_rtoken_add() - remember a peer RMB learned on a link
 * @lgr: the group
 * @lnk: the link the rkey belongs to
 * @rkey: the RMB's rkey on @lnk
 * @vaddr: its address on @lnk
 *
 * Return: the rtoken's index (an existing one if the peer reuses an RMB),
 * or -ENOSPC.
 */
int smc_lgr_rtoken_add(struct smc_lgr *lgr, const struct smc_link *lnk,
		       u32 rkey, u64 vaddr)
{
	int i, free = -1, rc = -ENOSPC;

	spin_lock_bh(&lgr->rtokens_lock);
	for (i = 0; i < SMC_LGR_MAX_RTOKENS; i++) {
		struct smc_rtoken *rt = &lgr->rtokens[i];

		if (!rt->used) {
			if (free < 0)
				free = i;
			continue;
		}
		if (rt->rkey[lnk->idx] == rkey &&
		    rt->vaddr[lnk->idx] == vaddr) {
			rc = i;
			goto out;
		}
	}
	if (free >= 0) {
		memset(&lgr->rtokens[free], 0, sizeof(lgr->rtokens[free]));
		lgr->rtokens[free].used = true;
		lgr->rtokens[free].rkey[lnk->idx] = rkey;
		lgr->rtokens[free].vaddr[lnk->idx] = vaddr;
		rc = free;
	}
out:
	spin_unlock_bh(&lgr->rtokens_lock);
	return rc;
}

/**
 * smc_lgr_rtoken_set() - add another link's rkey to an rtoken
 * @lgr: the group
 * @idx: the rtoken
 * @link_id: the link's number
 * @rkey: the RMB's rkey on that link
 * @vaddr: its address on that link
 *
 * Return: 0, or -ENOENT if the group has no such link.
 */
int smc_lgr_rtoken_set(struct smc_lgr *lgr, int idx, u8 link_id,
		       u32 rkey, u64 vaddr)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		if (lgr->links[i].state == SMC_LNK_UNUSED ||
		    lgr->links[i].link_id != link_id)
			continue;
		spin_lock_bh(&lgr->rtokens_lock);
		lgr->rtokens[idx].rkey[i] = rkey;
		lgr->rtokens[idx].vaddr[i] = vaddr;
		spin_unlock_bh(&lgr->rtokens_lock);
		return 0;
	}
	return -ENOENT;
}

/**
 * smc_lgr_rtoken_del() - forget a peer RMB (DELETE RKEY)
 * @lgr: the group
 * @lnk: the link the rkey belongs to
 * @rkey: the RMB's rkey on @lnk
 *
 * Return: 0, or -ENOENT if the rkey is unknown.
 */
int smc_lgr_rtoken_del(struct smc_lgr *lgr, const struct smc_link *lnk,
		       u32 rkey)
{
	int i, rc = -ENOENT;

	spin_lock_bh(&lgr->rtokens_lock);
	for (i = 0; i < SMC_LGR_MAX_RTOKENS; i++) {
		struct smc_rtoken *rt = &lgr->rtokens[i];

		if (rt->used && rt->rkey[lnk->idx] == rkey) {
			rt->used = false;
			rc = 0;
			break;
		}
	}
	spin_unlock_bh(&lgr->rtokens_lock);
	return rc;
}

/**
 * smc_lgr_rtoken() - a peer RMB's rkey and address on a link
 * @lgr: the group
 * @idx: the rtoken's index
 * @lnk: the link
 * @rkey: output
 * @vaddr: output
 *
 * Context: any.
 * Return: 0, or -ENOENT if the rtoken is gone or unknown on @lnk.
 */
int smc_lgr_rtoken(struct smc_lgr *lgr, int idx, const struct smc_link *lnk,
		   u32 *rkey, u64 *vaddr)
{
	int rc = -ENOENT;

	if (idx < 0 || idx >= SMC_LGR_MAX_RTOKENS)
		return rc;
	spin_lock_bh(&lgr->rtokens_lock);
	if (lgr->rtokens[idx].used && lgr->rtokens[idx].rkey[lnk->idx]) {
		*rkey = lgr->rtokens[idx].rkey[lnk->idx];
		*vaddr = lgr->rtokens[idx].vaddr[lnk->idx];
		rc = 0;
	}
	spin_unlock_bh(&lgr->rtokens_lock);
	return rc;
}

/**
 * smc_lgr_rtoken_add_link() - a peer RMB's rkey on a new link
 * @lgr: the group
 * @lnk: a link the peer's RMB is known on
 * @lnk_new: the new link
 * @rkey: the RMB's rkey on @lnk
 * @rkey_new: its rkey on @lnk_new
 * @vaddr_new: its address on @lnk_new
 *
 * For the rkey pairs of ADD LINK (SMC-R.md 4.6).
 *
 * Return: 0, or -ENOENT if no rtoken has @rkey on @lnk.
 */
int smc_lgr_rtoken_add_link(struct smc_lgr *lgr, const struct smc_link *lnk,
			    const struct smc_link *lnk_new, u32 rkey,
			    u32 rkey_new, u64 vaddr_new)
{
	int i, rc = -ENOENT;

	spin_lock_bh(&lgr->rtokens_lock);
	for (i = 0; i < SMC_LGR_MAX_RTOKENS; i++) {
		struct smc_rtoken *rt = &lgr->rtokens[i];

		if (!rt->used || rt->rkey[lnk->idx] != rkey)
			continue;
		rt->rkey[lnk_new->idx] = rkey_new;
		rt->vaddr[lnk_new->idx] = vaddr_new;
		rc = 0;
		break;
	}
	spin_unlock_bh(&lgr->rtokens_lock);
	return rc;
}

/**
 * smc_lgr_rtoken_clear_link() - forget every peer rkey of a link
 * @lgr: the group
 * @lnk: the link, going away
 */
void smc_lgr_rtoken_clear_link(struct smc_lgr *lgr, const struct smc_link *lnk)
{
	int i;

	spin_lock_bh(&lgr->rtokens_lock);
	for (i = 0; i < SMC_LGR_MAX_RTOKENS; i++) {
		lgr->rtokens[i].rkey[lnk->idx] = 0;
		lgr->rtokens[i].vaddr[lnk->idx] = 0;
	}
	spin_unlock_bh(&lgr->rtokens_lock);
}

/* --- our buffers ------------------------------------------------------- */

/* physically contiguous, or with @virt vmalloc() memory */
static struct smc_buf *smc_buf_alloc(u32 len, bool virt)
{
	struct smc_buf *buf;
	struct page *pages;

	buf = kzalloc(sizeof(*buf), GFP_KERNEL);
	if (!buf)
		return NULL;
	if (virt) {
		buf->virt = true;
		buf->cpu_addr = vzalloc(len);
	} else {
		buf->order = get_order(len);
		pages = alloc_pages(GFP_KERNEL | __GFP_NOWARN | __GFP_NORETRY |
				    __GFP_COMP | __GFP_ZERO, buf->order);
		buf->cpu_addr = pages ? page_address(pages) : NULL;
	}
	if (!buf->cpu_addr) {
		kfree(buf);
		return NULL;
	}
	buf->len = len;
	buf->comp_size = smc_bufsize_compress(len, SMC_BUFSIZE_COMP_MAX_V1);
	smc_obj_inc(SMC_OBJ_BUF);
	return buf;
}

static void smc_buf_free(struct smc_lgr *lgr, struct smc_buf *buf)
{
	int i;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++)
		smc_link_unmap_buf(&lgr->links[i], &buf->reg[i]);
	if (buf->virt)
		vfree(buf->cpu_addr);
	else
		free_pages((unsigned long)buf->cpu_addr, buf->order);
	kfree(buf);
	smc_obj_dec(SMC_OBJ_BUF);
}

/**
 * smc_buf_get() - a buffer for a new connection
 * @lgr: the group; its @conf_lock is held
 * @is_rmb: an RMB (the peer writes into it) rather than a send buffer
 * @want: wanted size in bytes; rounded to a size class and limited to
 *	what every peer accepts; smaller classes are tried if memory is
 *	short
 *
 * Reuses a free buffer of the group, or allocates one and maps it on
 * every link that has resources (an RMB with a memory region whose rkey
 * is known at once; the region is registered on the QP by the caller).
 *
 * Context: process context.
 * Return: the buffer, zeroed, or NULL.
 */
struct smc_buf *smc_buf_get(struct smc_lgr *lgr, bool is_rmb, u32 want)
{
	struct list_head *head = is_rmb ? &lgr->rmbs : &lgr->sndbufs;
	struct smc_buf *buf;
	u32 len;
	int i;

	want = clamp_t(u32, want, SMC_BUFSIZE_MIN, SMC_BUF_MAX);
	want = roundup_pow_of_two(want);
	for (len = want; len >= SMC_BUFSIZE_MIN; len >>= 1) {
		list_for_each_entry(buf, head, list) {
			if (buf->used || buf->len != len)
				continue;
			buf->used = true;
			memset(buf->cpu_addr, 0, buf->len);
			smc_stats_buf_get(lgr->net, is_rmb, len, true,
					  len < want);
			return buf;
		}
		/* RMBs as the group's smcr_buf_type says; mixed: virtual
		 * when physically contiguous memory is short
		 */
		buf = smc_buf_alloc(len, is_rmb &&
				    lgr->buf_type == SMC_BUF_VIRT);
		if (!buf && is_rmb && lgr->buf_type == SMC_BUF_MIXED)
			buf = smc_buf_alloc(len, true);
		if (!buf)
			continue;
		for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
			if (lgr->links[i].state == SMC_LNK_UNUSED)
				continue;
			if (smc_link_map_buf(&lgr->links[i], buf->cpu_addr,
					     buf->len, is_rmb, &buf->reg[i]))
				break;
		}
		if (i < SMC_LINKS_PER_LGR) {
			smc_buf_free(lgr, buf);
			return NULL;
		}
		buf->used = true;
		list_add_tail(&buf->list, head);
		if (is_rmb)
			WRITE_ONCE(lgr->alloc_rmbs, lgr->alloc_rmbs + 1);
		else
			WRITE_ONCE(lgr->alloc_sndbufs, lgr->alloc_sndbufs + 1);
		smc_stats_buf_get(lgr->net, is_rmb, len, false, len < want);
		return buf;
	}
	return NULL;
}

/**
 * smc_buf_put() - free a buffer of a group
 * @lgr: the group
 * @buf: the buffer, on one of the group's lists
 *
 * Context: process context.
 */
void smc_buf_put(struct smc_lgr *lgr, struct smc_buf *buf)
{
	list_del(&buf->list);
	smc_buf_free(lgr, buf);
}

/* --- connections ------------------------------------------------------- */

/**
 * smc_conn_register() - give a connection its token in a group
 * @lgr: the group; the caller's reference passes to the connection
 * @smc: the socket; its @conn.lgr is set
 *
 * From now on CDC messages with the token reach the connection.
 *
 * Return: 0 or -ENOSPC/-ENOMEM.
 */
int smc_conn_register(struct smc_lgr *lgr, struct smc_sock *smc)
{
	u32 token;
	int rc;

	rc = xa_alloc_cyclic_bh(&lgr->conns, &token, smc,
				XA_LIMIT(1, U32_MAX), &lgr->next_token,
				GFP_KERNEL);
	if (rc < 0)
		return rc;
	xa_lock_bh(&lgr->conns);
	lgr->conns_num++;
	xa_unlock_bh(&lgr->conns);
	smc->conn.token = token;
	smc->conn.lgr = lgr;
	smc_obj_inc(SMC_OBJ_CONN);
	return 0;
}

/**
 * smc_lgr_conn_get() - the connection a CDC message is for
 * @lgr: the group the message arrived on
 * @token: the message's alert token
 *
 * Context: any (softirq).
 * Return: the socket with a reference (sock_put() it), or NULL.
 */
struct smc_sock *smc_lgr_conn_get(struct smc_lgr *lgr, u32 token)
{
	struct smc_sock *smc;
	unsigned long flags;

	xa_lock_irqsave(&lgr->conns, flags);
	smc = xa_load(&lgr->conns, token);
	if (smc)
		sock_hold(&smc->sk);
	xa_unlock_irqrestore(&lgr->conns, flags);
	return smc;
}

/**
 * smc_conn_free() - a connection is finished with its link group
 * @smc: the socket
 *
 * Unregisters the token (no more CDC messages reach the socket), returns
 * the buffers to the group for reuse and drops the connection's reference
 * to the group; an idle group starts lingering. Safe on a socket that
 * never used SMC-R.
 *
 * Context: process context.
 */
void smc_conn_free(struct smc_sock *smc)
{
	struct smc_conn *conn = &smc->conn;
	struct smc_lgr *lgr = conn->lgr;
	unsigned int left;

	if (!lgr)
		return;
	xa_lock_bh(&lgr->conns);
	__xa_erase(&lgr->conns, conn->token);
	left = --lgr->conns_num;
	xa_unlock_bh(&lgr->conns);

	mutex_lock(&lgr->conf_lock);
	if (conn->rmb) {
		conn->rmb->used = false;
		smc_stats_buf_put(lgr->net, true, conn->rmb->len);
	}
	if (conn->sndbuf) {
		conn->sndbuf->used = false;
		smc_stats_buf_put(lgr->net, false, conn->sndbuf->len);
	}
	mutex_unlock(&lgr->conf_lock);
	conn->rmb = NULL;
	conn->sndbuf = NULL;
	smc_mem_uncharge(smc);
	conn->lgr = NULL;
	conn->lnk = NULL;
	smc_obj_dec(SMC_OBJ_CONN);
	if (!left && !READ_ONCE(lgr->terminating))
		mod_delayed_work(smc_lgr_wq, &lgr->free_work,
				 lgr->role == SMC_LGR_SERVER ?
				 SMC_LGR_LINGER_SERVER : SMC_LGR_LINGER_CLIENT);
	smc_lgr_put(lgr);
}

/**
 * smc_lgr_show() - list the link groups (debugfs "linkgroups")
 * @m: the seq_file
 *
 * One line per link: group id, role, connections, link id, state, device,
 * port, local QPN, peer QPN, taken send slots (bitmap), posted sends, the
 * group's negotiated connection and link limits.
 */
void smc_lgr_show(struct seq_file *m)
{
	struct smc_lgr *lgr;
	int i;

	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
			struct smc_link *lnk = &lgr->links[i];
			struct ib_device *ibdev;

			if (lnk->state == SMC_LNK_UNUSED)
				continue;
			ibdev = lnk->sel.dev->ibdev;
			seq_printf(m, "%u %s %u %u %u %s %u %u %u slots=%lx posted=%u max_conns=%u max_links=%u\n",
				   lgr->id,
				   lgr->role == SMC_LGR_SERVER ? "server" :
								 "client",
				   READ_ONCE(lgr->conns_num), lnk->link_id,
				   lnk->state, dev_name(&ibdev->dev),
				   lnk->sel.port, lnk->qp ? lnk->qp->qp_num : 0,
				   lnk->peer_qpn, READ_ONCE(lnk->tx_used),
				   READ_ONCE(lnk->tx_posted), lgr->max_conns,
				   lgr->max_links);
		}
	}
	mutex_unlock(&smc_lgr_list_lock);
}

/**
 * smc_lgr_for_each() - call @fn for the link groups from position @pos
 * @pos: how many groups of the list to skip (a dump's resume point)
 * @fn: called under smc_lgr_list_lock (a mutex: @fn may sleep but must
 *	not take @conf_lock); a negative return stops the walk before that
 *	group
 * @arg: passed to @fn
 *
 * Return: the position to resume from.
 */
unsigned long smc_lgr_for_each(unsigned long pos,
			       int (*fn)(struct smc_lgr *lgr, void *arg),
			       void *arg)
{
	struct smc_lgr *lgr;
	unsigned long i = 0;

	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		if (i >= pos && fn(lgr, arg) < 0)
			break;
		i++;
	}
	mutex_unlock(&smc_lgr_list_lock);
	return i;
}

/* debugfs "conns": one line per SMC-R connection: group, token, peer
 * token, state, send buffer cursors (prep sent fin), producer cursor in
 * the peer's RMBE, the peer's consumer cursor, our RMBE's producer and
 * consumer cursors, sequence numbers, flags, the sizes of our RMB, our
 * send buffer and the peer's RMB ("v": ours is vmalloc() memory). Cursors
 * print as wrap:count.
 */
static int smc_lgr_conns_show(struct seq_file *m, void *v)
{
	struct smc_lgr *lgr;
	struct smc_sock *smc;
	unsigned long token;

	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		xa_lock_bh(&lgr->conns);
		xa_for_each(&lgr->conns, token, smc) {
			struct smc_conn *c = &smc->conn;

			spin_lock(&c->lock);
			seq_printf(m, "%u %lu %u st=%u tx=%u:%u/%u:%u/%u:%u prod=%u:%u pcons=%u:%u rx=%u:%u/%u:%u seq=%u/%u f=%02x/%02x/%02x rmb=%u%s sndbuf=%u peer_rmb=%u\n",
				   lgr->id, token, c->peer_token, c->state,
				   c->tx_prep.wrap, c->tx_prep.count,
				   c->tx_sent.wrap, c->tx_sent.count,
				   c->tx_fin.wrap, c->tx_fin.count,
				   c->tx_prod.wrap, c->tx_prod.count,
				   c->tx_peer_cons.wrap, c->tx_peer_cons.count,
				   c->rx_prod.wrap, c->rx_prod.count,
				   c->rx_cons.wrap, c->rx_cons.count,
				   c->tx_seq, c->rx_seq, c->tx_conn_flags,
				   c->rx_conn_flags, c->rx_prod_flags,
				   c->rmbe_size,
				   c->rmb && c->rmb->virt ? "v" : "",
				   c->sndbuf_size,
				   c->peer_rmbe_size);
			spin_unlock(&c->lock);
		}
		xa_unlock_bh(&lgr->conns);
	}
	mutex_unlock(&smc_lgr_list_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_lgr_conns);

static int smc_lgr_linkgroups_show(struct seq_file *m, void *v)
{
	smc_lgr_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_lgr_linkgroups);

/* Failback (issue 4): a port became ACTIVE (a new device's ports too) or
 * its RoCE GIDs changed (an address came to its netdev): every group that
 * lacks a link looks for a device for it, in its flow_work
 * (smc_lgr_failback(): a server adds a link, a client asks for one).
 */
static void smc_lgr_failback_all(void)
{
	struct smc_lgr *lgr;

	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		if (!smc_lgr_wants_link(lgr))
			continue;
		WRITE_ONCE(lgr->failback_tries, 0);
		smc_llc_flow_local(lgr);
	}
	mutex_unlock(&smc_lgr_list_lock);
}

/* A port went down or a device is being removed: each link there goes
 * down (smc_lgr_link_down(): a group without another link ends). Device
 * removal waits until the groups have dropped their device references.
 * A port that came up, or new GIDs, may let a group add a link again.
 */
static int smc_lgr_ib_event(struct notifier_block *nb, unsigned long event,
			    void *data)
{
	struct smc_ib_event_info *info = data;
	struct smc_lgr *lgr;
	u32 reason;
	int i;

	if (event == SMC_IB_EV_PORT_ACTIVE || event == SMC_IB_EV_GID_CHANGE) {
		smc_lgr_failback_all();
		return NOTIFY_OK;
	}
	if (event != SMC_IB_EV_PORT_DOWN && event != SMC_IB_EV_DEVICE_REMOVE)
		return NOTIFY_DONE;
	reason = event == SMC_IB_EV_DEVICE_REMOVE ? SMC_LLC_DEL_OP_INIT_TERM :
						    SMC_LLC_DEL_LOST_PATH;
	mutex_lock(&smc_lgr_list_lock);
	list_for_each_entry(lgr, &smc_lgr_list, list) {
		for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
			struct smc_link *lnk = &lgr->links[i];

			if (lnk->state == SMC_LNK_UNUSED ||
			    lnk->sel.dev != info->dev ||
			    (info->port && lnk->sel.port != info->port))
				continue;
			smc_lgr_link_down(lnk, reason, true);
		}
	}
	mutex_unlock(&smc_lgr_list_lock);
	return NOTIFY_OK;
}

static struct notifier_block smc_lgr_ib_nb = {
	.notifier_call = smc_lgr_ib_event,
};

int smc_lgr_init(void)
{
	int rc;

	smc_lgr_wq = alloc_workqueue("af_smc_lgr", 0, 0);
	if (!smc_lgr_wq)
		return -ENOMEM;
	rc = smc_ib_register_notifier(&smc_lgr_ib_nb);
	if (rc) {
		destroy_workqueue(smc_lgr_wq);
		return rc;
	}
	debugfs_create_file("linkgroups", 0400, smc_debugfs_root(), NULL,
			    &smc_lgr_linkgroups_fops);
	debugfs_create_file("conns", 0400, smc_debugfs_root(), NULL,
			    &smc_lgr_conns_fops);
	return 0;
}

/* Module unload: no socket is left; end every (lingering) group. */
void smc_lgr_uninit(void)
{
	struct smc_lgr *lgr;

	for (;;) {
		mutex_lock(&smc_lgr_list_lock);
		lgr = list_first_entry_or_null(&smc_lgr_list, struct smc_lgr,
					       list);
		if (lgr)
			list_del_init(&lgr->list);
		mutex_unlock(&smc_lgr_list_lock);
		if (!lgr)
			break;
		/* taken off the list here: term_work finds it unlisted */
		smc_lgr_terminate(lgr, SMC_LLC_DEL_OP_INIT_TERM, true);
	}
	wait_event(smc_lgr_gone, !atomic_read(&smc_lgr_count));
	smc_ib_unregister_notifier(&smc_lgr_ib_nb);
	destroy_workqueue(smc_lgr_wq);
}
