// SPDX-License-Identifier: GPL-2.0
/*
 * link_selftest.c - <debugfs>/af_smc/link_selftest: the link layer
 * (link.c) against a real RDMA device, without a peer host.
 *
 * Writing "<RDMA device> <port>" (e.g. "rxe0 1") runs one test: two links A
 * and B on that port, joined to each other, use the first IPv4-mapped RoCE
 * v2 GID of the port (chosen through the same lookup as the handshake's,
 * smc_ib_find_v2(), so the port must be ACTIVE in af_smc's device cache).
 * The steps:
 *
 *	create A and B, RTR, RTS; map and register a 64 KiB RMB on B, map a
 *	64 KiB send buffer on A
 *	100 messages A->B and 100 B->A, each checked in order and intact
 *	one 3000-byte SEND A->B: the receive side reassembles the spill
 *	RDMA writes A->B, each followed by a message whose handler checks
 *	B's RMB: one write; a write that wraps (two writes); a write with two
 *	local pieces
 *	send slot exhaustion: 16 slots taken without waiting, the 17th fails
 *	with -EBUSY, a timed wait with -ETIMEDOUT
 *	16 messages posted on A and A destroyed at once: every slot's done
 *	handler has run when smc_link_destroy() returns
 *	B marked broken: smc_wr_tx_get() fails with -ENOLINK
 *
 * The write fails with EIO if the test fails, ENODEV/EINVAL for a bad
 * device or port. Reading the file gives the last result, one line:
 * "ok: ..." or "FAIL: <what>". One test runs at a time.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/gfp.h>
#include <linux/if_vlan.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/sizes.h>
#include <linux/uaccess.h>
#include <rdma/ib_cache.h>

#include "link.h"
#include "objcount.h"

#define SMC_LST_MSGS		100
#define SMC_LST_BUF_LEN		SZ_64K
#define SMC_LST_LONG_LEN	SMC_WR_LONG_MSG_LEN
#define SMC_LST_WAIT		(10 * HZ)

/* message types (byte 0) */
#define SMC_LST_MSG		'M'	/* numbered message */
#define SMC_LST_WRITE		'W'	/* check the data written before */
#define SMC_LST_LONG		'L'	/* long message */
#define SMC_LST_FLUSH		'F'	/* sent while the link goes away */

struct smc_lst;

/* one of the two links and what it has seen */
struct smc_lst_side {
	struct smc_lst *t;
	unsigned int id;		/* 0: A, 1: B */
	struct smc_link lnk;
	atomic_t rx_msgs;		/* SMC_LST_MSG received in order */
	atomic_t tx_ok;			/* SENDs completed successfully */
	atomic_t tx_flushed;		/* SENDs completed with a flush */
};

struct smc_lst {
	struct smc_lst_side side[2];
	wait_queue_head_t wq;
	atomic_t failed_calls;
	atomic_t writes_ok;
	atomic_t long_ok;
	u8 *rmb;			/* on B */
	u8 *sndbuf;			/* on A */
	struct smc_buf_reg rmb_reg;
	struct smc_buf_reg snd_reg;
	spinlock_t lock;		/* err */
	char err[128];
	char info[128];			/* summary of a successful run */
};

static DEFINE_MUTEX(smc_lst_lock);
static char smc_lst_result[256];		/* smc_lst_lock */
static struct dentry *smc_lst_file;

static __printf(2, 3) void smc_lst_error(struct smc_lst *t, const char *fmt,
					  ...)
{
	unsigned long flags;
	va_list ap;

	spin_lock_irqsave(&t->lock, flags);
	if (!t->err[0]) {
		va_start(ap, fmt);
		vsnprintf(t->err, sizeof(t->err), fmt, ap);
		va_end(ap);
	}
	spin_unlock_irqrestore(&t->lock, flags);
	wake_up_all(&t->wq);
}

static bool smc_lst_failed(struct smc_lst *t)
{
	unsigned long flags;
	bool failed;

	spin_lock_irqsave(&t->lock, flags);
	failed = t->err[0];
	spin_unlock_irqrestore(&t->lock, flags);
	return failed;
}

/* little-endian fields of the test messages */
static u32 smc_lst_get32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void smc_lst_put32(u32 v, u8 *p)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

/* the bytes of numbered messages and of written data */
static u8 smc_lst_msg_byte(unsigned int sender, u32 seq, unsigned int k)
{
	return (seq * 31 + k + sender * 101) & 0xff;
}

static u8 smc_lst_data_byte(u32 seed, u32 k)
{
	return (seed + k * 7 + (k >> 8)) & 0xff;
}

/* 'W' message: byte 1 number of ranges, 4..7 seed, 8.. (offset, length)
 * of each range in B's RMB; the written stream runs through them in order
 */
static void smc_lst_check_write(struct smc_lst *t, const u8 *msg)
{
	unsigned int i, n = msg[1];
	u32 seed = smc_lst_get32(msg + 4);
	u32 k = 0, off, len, j;

	for (i = 0; i < n && i < 2; i++) {
		off = smc_lst_get32(msg + 8 + i * 8);
		len = smc_lst_get32(msg + 12 + i * 8);
		if (off > SMC_LST_BUF_LEN || len > SMC_LST_BUF_LEN - off) {
			smc_lst_error(t, "write check: bad range %u+%u",
				      off, len);
			return;
		}
		for (j = 0; j < len; j++, k++) {
			u8 want = smc_lst_data_byte(seed, k);

			if (t->rmb[off + j] == want)
				continue;
			smc_lst_error(t, "write %u: RMB byte %u is %u, not %u",
				      seed, off + j, t->rmb[off + j], want);
			return;
		}
	}
	atomic_inc(&t->writes_ok);
}

static void smc_lst_check_long(struct smc_lst *t, const u8 *msg, u32 len)
{
	u32 k;

	if (len != SMC_LST_LONG_LEN) {
		smc_lst_error(t, "long message of %u bytes, expected %u",
			      len, SMC_LST_LONG_LEN);
		return;
	}
	for (k = 2; k < len; k++) {
		if (msg[k] != smc_lst_data_byte(0x5a, k)) {
			smc_lst_error(t, "long message: byte %u: %u, not %u",
				      k, msg[k], smc_lst_data_byte(0x5a, k));
			return;
		}
	}
	atomic_inc(&t->long_ok);
}

static void smc_lst_check_msg(struct smc_lst_side *s, const u8 *msg, u32 len)
{
	u32 seq = smc_lst_get32(msg + 2);
	u32 want = atomic_read(&s->rx_msgs);
	unsigned int k;

	if (len != SMC_WR_MSG_LEN || msg[1] != !s->id || seq != want) {
		smc_lst_error(s->t, "%c: message len %u from %u seq %u, not %u",
			      'A' + s->id, len, msg[1], seq, want);
		return;
	}
	for (k = 6; k < SMC_WR_MSG_LEN; k++) {
		if (msg[k] != smc_lst_msg_byte(msg[1], seq, k)) {
			smc_lst_error(s->t, "link %c: message %u byte %u is %u",
				      'A' + s->id, seq, k, msg[k]);
			return;
		}
	}
	atomic_inc(&s->rx_msgs);
}

static void smc_lst_rx(struct smc_link *lnk, const u8 *msg, u32 len)
{
	struct smc_lst_side *s = lnk->lgr;
	struct smc_lst *t = s->t;

	switch (msg[0]) {
	case SMC_LST_MSG:
		smc_lst_check_msg(s, msg, len);
		break;
	case SMC_LST_WRITE:
		if (s->id != 1)
			smc_lst_error(t, "write check arrived on A");
		else
			smc_lst_check_write(t, msg);
		break;
	case SMC_LST_LONG:
		smc_lst_check_long(t, msg, len);
		break;
	case SMC_LST_FLUSH:
		break;
	default:
		smc_lst_error(t, "link %c: unknown message type %u",
			      'A' + s->id, msg[0]);
		break;
	}
	wake_up_all(&t->wq);
}

static void smc_lst_link_failed(struct smc_link *lnk)
{
	struct smc_lst_side *s = lnk->lgr;

	atomic_inc(&s->t->failed_calls);
	smc_lst_error(s->t, "link %c failed", 'A' + s->id);
}

/* done handler: priv holds the sequence number the message carries */
static void smc_lst_tx_done(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
			    int status)
{
	struct smc_lst_side *s = lnk->lgr;

	if (status == IB_WC_WR_FLUSH_ERR) {
		atomic_inc(&s->tx_flushed);
	} else if (status != IB_WC_SUCCESS) {
		smc_lst_error(s->t, "link %c: send completion status %d",
			      'A' + s->id, status);
	} else if (memcmp(slot->priv, slot->msg + 2, 4)) {
		smc_lst_error(s->t, "%c: slot %u: priv does not match msg",
			      'A' + s->id, slot->index);
	} else {
		atomic_inc(&s->tx_ok);
	}
	wake_up_all(&s->t->wq);
}

/* Take a slot, fill in the message of type @type and @seq, post it. */
static int smc_lst_send(struct smc_lst_side *s, u8 type, u32 seq)
{
	struct smc_wr_tx_slot *slot;
	unsigned int k;
	int rc;

	rc = smc_wr_tx_get(&s->lnk, 5 * HZ, &slot);
	if (rc) {
		smc_lst_error(s->t, "link %c: smc_wr_tx_get: %d",
			      'A' + s->id, rc);
		return rc;
	}
	slot->msg[0] = type;
	slot->msg[1] = s->id;
	smc_lst_put32(seq, slot->msg + 2);
	for (k = 6; k < SMC_WR_MSG_LEN; k++)
		slot->msg[k] = smc_lst_msg_byte(s->id, seq, k);
	memcpy(slot->priv, slot->msg + 2, 4);
	slot->done = smc_lst_tx_done;
	rc = smc_wr_tx_post(&s->lnk, slot, NULL, 0);
	if (rc) {
		smc_wr_tx_put(&s->lnk, slot);
		smc_lst_error(s->t, "link %c: smc_wr_tx_post: %d",
			      'A' + s->id, rc);
	}
	return rc;
}

/* Wait until @cond or an error; false (and an error recorded) if neither
 * came in time.
 */
#define smc_lst_wait(t, cond, what)					\
	({								\
		bool __ok;						\
									\
		__ok = wait_event_timeout((t)->wq,			\
					  (cond) || smc_lst_failed(t),	\
					  SMC_LST_WAIT);		\
		if (!__ok)						\
			smc_lst_error(t, "timeout waiting for %s", what); \
		__ok && !smc_lst_failed(t);				\
	})

/* fill the local pieces of @w with the stream of @seed */
static void smc_lst_fill(struct smc_lst *t, const struct smc_wr_write *w,
			 unsigned int nw, u32 seed)
{
	unsigned int i, j;
	u32 k = 0, n, off;

	for (i = 0; i < nw; i++) {
		for (j = 0; j < w[i].nsge; j++) {
			off = w[i].addr[j] - t->snd_reg.dma_addr;
			for (n = 0; n < w[i].len[j]; n++, k++)
				t->sndbuf[off + n] = smc_lst_data_byte(seed, k);
		}
	}
}

static int smc_lst_post_write_msg(struct smc_lst *t, struct smc_wr_write *w,
				  unsigned int nw, const u32 (*ranges)[2],
				  unsigned int nr, u32 seed)
{
	struct smc_lst_side *a = &t->side[0];
	struct smc_wr_tx_slot *slot;
	unsigned int i;
	int rc;

	for (i = 0; i < nw; i++)
		w[i].rkey = t->rmb_reg.rkey;
	smc_lst_fill(t, w, nw, seed);

	rc = smc_wr_tx_get(&a->lnk, 5 * HZ, &slot);
	if (rc) {
		smc_lst_error(t, "A: smc_wr_tx_get: %d", rc);
		return rc;
	}
	slot->msg[0] = SMC_LST_WRITE;
	slot->msg[1] = nr;
	smc_lst_put32(seed, slot->msg + 4);
	for (i = 0; i < nr; i++) {
		smc_lst_put32(ranges[i][0], slot->msg + 8 + i * 8);
		smc_lst_put32(ranges[i][1], slot->msg + 12 + i * 8);
	}
	memcpy(slot->priv, slot->msg + 2, 4);
	slot->done = smc_lst_tx_done;
	rc = smc_wr_tx_post(&a->lnk, slot, w, nw);
	if (rc) {
		smc_wr_tx_put(&a->lnk, slot);
		smc_lst_error(t, "A: smc_wr_tx_post, %u writes: %d", nw, rc);
	}
	return rc;
}

/* Long messages through smc_wr_tx_send_long(): two of the largest size,
 * each reassembled by B from its spill buffer; bad lengths are refused.
 * The second waits until B has taken the first: receive WRs share one
 * spill buffer, so a peer may have one long message in flight at a time
 * (LLC's request and response flows never have more).
 */
static int smc_lst_long(struct smc_lst *t)
{
	struct smc_link *a = &t->side[0].lnk;
	u8 *msg;
	u32 k;
	int rc = 0, i;

	if (smc_wr_tx_send_long(a, t->sndbuf, SMC_WR_MSG_LEN - 1, HZ) !=
	    -EINVAL ||
	    smc_wr_tx_send_long(a, t->sndbuf, SMC_WR_LONG_MSG_LEN + 1, HZ) !=
	    -EINVAL) {
		smc_lst_error(t, "A: a long send of a bad length was taken");
		return -EINVAL;
	}
	msg = kmalloc(SMC_LST_LONG_LEN, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	msg[0] = SMC_LST_LONG;
	msg[1] = 0;
	for (k = 2; k < SMC_LST_LONG_LEN; k++)
		msg[k] = smc_lst_data_byte(0x5a, k);
	for (i = 0; i < 2; i++) {
		rc = smc_wr_tx_send_long(a, msg, SMC_LST_LONG_LEN, 2 * HZ);
		if (rc) {
			smc_lst_error(t, "A: long send %d: %d", i, rc);
			break;
		}
		if (!smc_lst_wait(t, atomic_read(&t->long_ok) == i + 1,
				  "a long message")) {
			rc = -ETIMEDOUT;
			break;
		}
	}
	kfree(msg);
	return rc;
}

/* the three write cases; B's handler checks each */
static int smc_lst_writes(struct smc_lst *t)
{
	u64 base = t->snd_reg.dma_addr;
	u64 rbase = t->rmb_reg.iova;
	const u32 end = SMC_LST_BUF_LEN;
	/* one write: local 0..999 -> remote 100..1099 */
	struct smc_wr_write one[1] = {
		{ .remote_addr = rbase + 100, .nsge = 1,
		  .addr = { base }, .len = { 1000 } },
	};
	const u32 one_r[1][2] = { { 100, 1000 } };
	/* wrap: the end of the RMB, then its start (two writes) */
	struct smc_wr_write wrap[2] = {
		{ .remote_addr = rbase + end - 500, .nsge = 1,
		  .addr = { base + end - 500 }, .len = { 500 } },
		{ .remote_addr = rbase, .nsge = 1,
		  .addr = { base }, .len = { 700 } },
	};
	const u32 wrap_r[2][2] = { { end - 500, 500 }, { 0, 700 } };
	/* two local pieces (the send buffer wraps) into one remote range */
	struct smc_wr_write two[1] = {
		{ .remote_addr = rbase + 5000, .nsge = 2,
		  .addr = { base + end - 300, base }, .len = { 300, 400 } },
	};
	const u32 two_r[1][2] = { { 5000, 700 } };

	if (smc_lst_post_write_msg(t, one, 1, one_r, 1, 0x11) ||
	    !smc_lst_wait(t, atomic_read(&t->writes_ok) == 1, "write 1"))
		return -EIO;
	if (smc_lst_post_write_msg(t, wrap, 2, wrap_r, 2, 0x22) ||
	    !smc_lst_wait(t, atomic_read(&t->writes_ok) == 2, "write 2"))
		return -EIO;
	if (smc_lst_post_write_msg(t, two, 1, two_r, 1, 0x33) ||
	    !smc_lst_wait(t, atomic_read(&t->writes_ok) == 3, "write 3"))
		return -EIO;
	return 0;
}

/* all 16 slots without waiting; the 17th fails at once or after a wait */
static int smc_lst_slots(struct smc_lst *t)
{
	struct smc_link *a = &t->side[0].lnk;
	struct smc_wr_tx_slot *slots[SMC_WR_TX_SLOTS], *extra;
	unsigned int i, got;
	int rc = 0, rc2;

	if (smc_wr_tx_wait_idle(a, SMC_LST_WAIT)) {
		smc_lst_error(t, "A: send slots not idle");
		return -EIO;
	}
	for (got = 0; got < SMC_WR_TX_SLOTS; got++) {
		rc = smc_wr_tx_get(a, 0, &slots[got]);
		if (rc) {
			smc_lst_error(t, "A: slot %u of %u: %d", got + 1,
				      SMC_WR_TX_SLOTS, rc);
			goto out;
		}
	}
	rc = smc_wr_tx_get(a, 0, &extra);
	rc2 = smc_wr_tx_get(a, HZ / 10, &extra);
	if (rc != -EBUSY || rc2 != -ETIMEDOUT) {
		smc_lst_error(t, "A: slot %u: %d, %d, not -EBUSY, -ETIMEDOUT",
			      SMC_WR_TX_SLOTS + 1, rc, rc2);
		if (!rc)
			smc_wr_tx_put(a, extra);
		if (!rc2)
			smc_wr_tx_put(a, extra);
		rc = -EIO;
		goto out;
	}
	rc = 0;
out:
	for (i = 0; i < got; i++)
		smc_wr_tx_put(a, slots[i]);
	return rc;
}

/* 16 messages posted on A, then A destroyed: all done handlers ran */
static int smc_lst_destroy_busy(struct smc_lst *t)
{
	struct smc_lst_side *a = &t->side[0];
	int ok = atomic_read(&a->tx_ok);
	unsigned int i;
	int flushed;

	for (i = 0; i < SMC_WR_TX_SLOTS; i++)
		if (smc_lst_send(a, SMC_LST_FLUSH, 1000 + i))
			return -EIO;
	smc_link_unmap_buf(&a->lnk, &t->snd_reg);
	smc_link_destroy(&a->lnk);
	ok = atomic_read(&a->tx_ok) - ok;
	flushed = atomic_read(&a->tx_flushed);
	if (ok + flushed != SMC_WR_TX_SLOTS) {
		smc_lst_error(t, "A destroyed: %d sent and %d flushed of %u",
			      ok, flushed, SMC_WR_TX_SLOTS);
		return -EIO;
	}
	return flushed;
}

/* Choose the port's first IPv4-mapped RoCE v2 GID, through af_smc's own
 * lookup (which also takes the device reference).
 */
static int smc_lst_select(const char *name, u8 port, struct smc_ib_sel *sel)
{
	struct net_device *ndev = NULL;
	const struct ib_gid_attr *attr;
	struct ib_port_attr pattr;
	struct ib_device *ibdev;
	__be32 saddr = 0;
	int i, rc;

	ibdev = ib_device_get_by_name(name, RDMA_DRIVER_UNKNOWN);
	if (!ibdev)
		return -ENODEV;
	if (!rdma_is_port_valid(ibdev, port)) {
		rc = -EINVAL;
		goto out;
	}
	rc = ib_query_port(ibdev, port, &pattr);
	if (rc)
		goto out;
	for (i = 0; i < pattr.gid_tbl_len && !ndev; i++) {
		attr = rdma_get_gid_attr(ibdev, port, i);
		if (IS_ERR(attr))
			continue;
		if (attr->gid_type == IB_GID_TYPE_ROCE_UDP_ENCAP &&
		    smc_ib_gid_classify(2, attr->gid.raw) ==
		    SMC_IB_GID_V2_IPV4) {
			rcu_read_lock();
			ndev = rdma_read_gid_attr_ndev_rcu(attr);
			if (IS_ERR(ndev))
				ndev = NULL;
			else
				dev_hold(ndev);
			rcu_read_unlock();
			memcpy(&saddr, &attr->gid.raw[12], sizeof(saddr));
		}
		rdma_put_gid_attr(attr);
	}
	if (!ndev) {
		rc = -ENOENT;
		goto out;
	}
	rc = smc_ib_find_v2(dev_net(ndev), saddr, ndev,
			    is_vlan_dev(ndev) ? vlan_dev_vlan_id(ndev) : 0,
			    sel);
	dev_put(ndev);
	if (!rc && (sel->dev->ibdev != ibdev || sel->port != port)) {
		smc_ib_sel_put(sel);
		rc = -EXDEV;
	}
out:
	ib_device_put(ibdev);
	return rc;
}

static void smc_lst_wire(struct smc_link *lnk, const struct smc_link *peer)
{
	lnk->peer_qpn = peer->qp->qp_num;
	lnk->peer_psn = peer->psn;
	lnk->peer_mtu = peer->mtu;
	memcpy(lnk->peer_gid, peer->sel.gid, SMC_IB_GID_LEN);
	ether_addr_copy(lnk->peer_mac, peer->sel.mac);
}

static int smc_lst_run(struct smc_lst *t, const struct smc_ib_sel *sel)
{
	struct smc_lst_side *a = &t->side[0], *b = &t->side[1];
	unsigned int order = get_order(SMC_LST_BUF_LEN);
	struct smc_wr_tx_slot *slot;
	int i, rc, flushed;

	for (i = 0; i < 2; i++) {
		t->side[i].lnk.lgr = &t->side[i];
		t->side[i].lnk.link_id = i + 1;
		t->side[i].lnk.rx_handler = smc_lst_rx;
		t->side[i].lnk.failed = smc_lst_link_failed;
		rc = smc_link_create(&t->side[i].lnk, sel);
		if (rc) {
			smc_lst_error(t, "link %c: smc_link_create: %d",
				      'A' + i, rc);
			return rc;
		}
	}
	smc_lst_wire(&a->lnk, &b->lnk);
	smc_lst_wire(&b->lnk, &a->lnk);
	for (i = 0; i < 2; i++) {
		rc = smc_link_to_rtr(&t->side[i].lnk);
		if (!rc)
			rc = smc_link_to_rts(&t->side[i].lnk);
		if (rc) {
			smc_lst_error(t, "%c: to RTR/RTS: %d", 'A' + i, rc);
			return rc;
		}
	}

	t->rmb = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, order);
	t->sndbuf = (u8 *)__get_free_pages(GFP_KERNEL | __GFP_ZERO, order);
	if (!t->rmb || !t->sndbuf) {
		smc_lst_error(t, "no memory for the buffers");
		return -ENOMEM;
	}
	rc = smc_link_map_buf(&b->lnk, t->rmb, SMC_LST_BUF_LEN, true,
			      &t->rmb_reg);
	if (!rc)
		rc = smc_link_reg_mr(&b->lnk, &t->rmb_reg);
	if (rc || !t->rmb_reg.registered) {
		smc_lst_error(t, "B: RMB map/register: %d", rc);
		return rc ?: -EIO;
	}
	rc = smc_link_map_buf(&a->lnk, t->sndbuf, SMC_LST_BUF_LEN, false,
			      &t->snd_reg);
	if (rc) {
		smc_lst_error(t, "A: send buffer map: %d", rc);
		return rc;
	}
	if (smc_link_reg_mr(&a->lnk, &t->snd_reg) != -EINVAL) {
		smc_lst_error(t, "A: REG_MR of a buffer without MR accepted");
		return -EIO;
	}

	/* messages both ways, interleaved */
	for (i = 0; i < SMC_LST_MSGS; i++)
		if (smc_lst_send(a, SMC_LST_MSG, i) ||
		    smc_lst_send(b, SMC_LST_MSG, i))
			return -EIO;
	if (!smc_lst_wait(t, atomic_read(&a->rx_msgs) == SMC_LST_MSGS &&
			  atomic_read(&b->rx_msgs) == SMC_LST_MSGS &&
			  atomic_read(&a->tx_ok) == SMC_LST_MSGS &&
			  atomic_read(&b->tx_ok) == SMC_LST_MSGS,
			  "the messages"))
		return -ETIMEDOUT;

	rc = smc_lst_long(t);
	if (!rc)
		rc = smc_lst_writes(t);
	if (!rc)
		rc = smc_lst_slots(t);
	if (rc)
		return rc;
	flushed = smc_lst_destroy_busy(t);
	if (flushed < 0)
		return flushed;

	smc_link_set_broken(&b->lnk);
	rc = smc_wr_tx_get(&b->lnk, HZ, &slot);
	if (rc != -ENOLINK) {
		if (!rc)
			smc_wr_tx_put(&b->lnk, slot);
		smc_lst_error(t, "B broken: smc_wr_tx_get: %d, not -ENOLINK",
			      rc);
		return -EIO;
	}
	if (atomic_read(&t->failed_calls)) {
		smc_lst_error(t, "failed handler called");
		return -EIO;
	}
	snprintf(t->info, sizeof(t->info),
		 "mtu %d: %d+%d messages, 2 long, %d writes, %u slots, destroy with %u posted: %d flushed",
		 ib_mtu_enum_to_int(min(a->lnk.mtu, a->lnk.peer_mtu)),
		 atomic_read(&b->rx_msgs), atomic_read(&a->rx_msgs),
		 atomic_read(&t->writes_ok), SMC_WR_TX_SLOTS,
		 SMC_WR_TX_SLOTS, flushed);
	return 0;
}

static void smc_lst_cleanup(struct smc_lst *t)
{
	unsigned int order = get_order(SMC_LST_BUF_LEN);

	if (t->side[0].lnk.counted)
		smc_link_unmap_buf(&t->side[0].lnk, &t->snd_reg);
	if (t->side[1].lnk.counted)
		smc_link_unmap_buf(&t->side[1].lnk, &t->rmb_reg);
	smc_link_destroy(&t->side[0].lnk);
	smc_link_destroy(&t->side[1].lnk);
	if (t->rmb)
		free_pages((unsigned long)t->rmb, order);
	if (t->sndbuf)
		free_pages((unsigned long)t->sndbuf, order);
}

static ssize_t smc_lst_write(struct file *file, const char __user *ubuf,
			     size_t len, loff_t *ppos)
{
	char cmd[64], name[IB_DEVICE_NAME_MAX];
	struct smc_ib_sel sel = {};
	struct smc_lst *t;
	u8 port;
	int rc;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	if (sscanf(cmd, "%63s %hhu", name, &port) != 2)
		return -EINVAL;

	mutex_lock(&smc_lst_lock);
	rc = smc_lst_select(name, port, &sel);
	if (rc) {
		snprintf(smc_lst_result, sizeof(smc_lst_result),
			 "FAIL: %s port %u: no usable IPv4 RoCE v2 GID: %d\n",
			 name, port, rc);
		goto out;
	}
	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t) {
		rc = -ENOMEM;
		goto out_sel;
	}
	init_waitqueue_head(&t->wq);
	spin_lock_init(&t->lock);
	t->side[0].t = t;
	t->side[1].t = t;
	t->side[1].id = 1;

	rc = smc_lst_run(t, &sel);
	smc_lst_cleanup(t);
	snprintf(smc_lst_result, sizeof(smc_lst_result),
		 "%s: %s port %u gid %pI6c: %s\n", rc ? "FAIL" : "ok", name,
		 port, sel.gid, rc ? t->err : t->info);
	kfree(t);
	if (rc)
		rc = -EIO;
out_sel:
	smc_ib_sel_put(&sel);
out:
	mutex_unlock(&smc_lst_lock);
	return rc ?: len;
}

static ssize_t smc_lst_read(struct file *file, char __user *ubuf,
			    size_t len, loff_t *ppos)
{
	ssize_t rc;

	mutex_lock(&smc_lst_lock);
	rc = simple_read_from_buffer(ubuf, len, ppos, smc_lst_result,
				     strlen(smc_lst_result));
	mutex_unlock(&smc_lst_lock);
	return rc;
}

static const struct file_operations smc_lst_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= smc_lst_read,
	.write	= smc_lst_write,
	.llseek	= default_llseek,
};

/**
 * smc_link_selftest_init() - create <debugfs>/af_smc/link_selftest
 *
 * Call after smc_ib_init(); without debugfs nothing is created.
 */
void smc_link_selftest_init(void)
{
	smc_lst_file = debugfs_create_file("link_selftest", 0600,
					   smc_debugfs_root(), NULL,
					   &smc_lst_fops);
}

/**
 * smc_link_selftest_uninit() - remove the file; waits for a running test
 */
void smc_link_selftest_uninit(void)
{
	debugfs_remove(smc_lst_file);
	smc_lst_file = NULL;
	mutex_lock(&smc_lst_lock);
	smc_lst_result[0] = '\0';
	mutex_unlock(&smc_lst_lock);
}
