/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lgr.h - SMC-R link groups: the links to one peer, the connections that
 * share them, the buffers those connections use, and the peer's buffers
 * (rtokens) they write into.
 *
 * Lifetime: a link group lives while connections or the linger timer hold
 * it (@refs). It is found for new connections in a global list
 * (smc_lgr_list_lock). Termination (peer's DELETE LINK ALL, the loss of
 * its last working link, module unload) aborts every connection and
 * destroys the links in a work item. With two links (lgr_link.c) one link
 * may go while the group goes on: @del_work moves its connections to the
 * other link and removes it.
 *
 * Lock order: @conf_lock (mutex, held while a connection is set up on the
 * group, including its LLC waits, by the LLC flows of @flow_work and by
 * @del_work) before smc_lgr_list_lock (mutex) before the @conns xarray lock,
 * @rtokens_lock and @llc_lock (spinlocks, taken in softirq context).
 * Incoming LLC requests that start a flow (ADD LINK, REQUEST ADD LINK,
 * DELETE LINK of one link) and local flows (failback) run in @flow_work
 * under @conf_lock, one at a time and in arrival order; the others (TEST
 * LINK, CONFIRM/DELETE RKEY, DELETE LINK ALL) are answered in @llc_work,
 * which never takes @conf_lock, so that both peers can wait for each
 * other's responses at the same time.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_LGR_H
#define _AF_SMC_LGR_H

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/refcount.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/xarray.h>

#include "ib.h"
#include "ib_select.h"
#include "link.h"
#include "testlink.h"

#define SMC_LGR_MAX_CONNS	255
#define SMC_LGR_MAX_RTOKENS	255
#define SMC_LGR_ID_LEN		4

/**
 * struct smc_buf - an RMB or send buffer of a link group
 * @list: entry in the link group's list of buffers of its kind
 * @cpu_addr: the memory: physically contiguous pages or, for an RMB of a
 *	group with smcr_buf_type 1 or 2, vmalloc() memory
 * @order: page order of the allocation (physically contiguous only)
 * @virt: @cpu_addr is vmalloc() memory
 * @len: usable length (a power of two, at least 16 KiB)
 * @comp_size: @len in the CLC's compressed form
 * @used: a connection uses the buffer
 * @rkey_confirmed: the peer knows the RMB's rkeys (CLC or CONFIRM RKEY)
 * @reg: the buffer's registration on each link of the group
 */
struct smc_buf {
	struct list_head list;
	void *cpu_addr;
	unsigned int order;
	bool virt;
	u32 len;
	u8 comp_size;
	bool used;
	bool rkey_confirmed;
	struct smc_buf_reg reg[SMC_LINKS_PER_LGR];
};

/**
 * struct smc_rtoken - a peer RMB's rkey and address on each link
 * @used: the slot holds an RMB
 * @rkey: per link index
 * @vaddr: per link index
 */
struct smc_rtoken {
	bool used;
	u32 rkey[SMC_LINKS_PER_LGR];
	u64 vaddr[SMC_LINKS_PER_LGR];
};

enum smc_lgr_role {
	SMC_LGR_CLIENT,
	SMC_LGR_SERVER,
};

struct smc_sock;

/**
 * struct smc_lgr - a link group
 * @list: entry in smc_lgr_list
 * @refs: connections, the linger timer, running flows
 * @net: network namespace of the connections
 * @role: enum smc_lgr_role
 * @id: local identifier (link user IDs are built from it)
 * @version: SMC version of the group (2: SMC-Rv2)
 * @peer_id: the peer's peer ID
 * @peer_hostname: from the first contact extension
 * @peer_os: from the first contact extension
 * @peer_release: SMC release of the peer, from the first contact extension
 * @eid: the negotiated EID
 * @max_conns: negotiated connections per group
 * @max_links: negotiated links per group
 * @saddr: IPv4 source address of the CLC connection that created the
 *	group; an alternate link's device needs an address in its subnet
 * @vlan_id: VLAN of that connection, 0 if untagged
 * @pnetid: pnet ID of its egress netdev, all NULs if none
 * @next_link_id: server: the link number the next new link gets
 * @terminating: no new connections; termination is under way
 * @conf_lock: serializes connection setup and LLC flows of this group
 * @links: the links; @links[i].idx == i
 * @conns: token -> struct smc_sock of every connection; its lock (taken
 *	with _bh in process context) also protects @conns_num
 * @conns_num: connections in @conns
 * @next_token: where the cyclic token allocation continues
 * @rtokens_lock: protects @rtokens
 * @rmbs: our RMBs (struct smc_buf), used or free for reuse
 * @sndbufs: our send buffers
 * @alloc_rmbs: entries of @rmbs (read without the lock by netlink dumps)
 * @alloc_sndbufs: entries of @sndbufs (likewise)
 * @rtokens: the peer's RMBs
 * @llc_lock: protects the LLC response slot
 * @llc_wait_type: LLC type (without version) a local flow waits for, 0 if
 *	none
 * @llc_wait_link: with @llc_wait_del, the link number of the awaited
 *	DELETE LINK (smc_llc_expect_delete())
 * @llc_wait_del: the flow waits for the peer's DELETE LINK of
 *	@llc_wait_link, a request or a response
 * @llc_resp: the awaited message once it arrived (%SMC_LLC_V2_MAX_LEN
 *	bytes: an SMC-Rv2 ADD LINK may be that long)
 * @llc_resp_len: its length
 * @llc_done: completed when @llc_resp arrived
 * @llc_work: processes queued LLC requests in process context
 * @llc_queue: LLC requests received, waiting for @llc_work
 * @flow_work: runs the LLC flows of @flow_queue and a local failback under
 *	@conf_lock (llc.c, lgr_link.c); holds a group reference while queued
 * @flow_queue: LLC requests that start a flow, waiting for @flow_work
 * @flow_local: a local flow is pending: add a link if the group lacks one
 *	(a device or port became usable)
 * @free_work: the linger timer: frees the group when it stays idle
 * @term_work: terminates the group
 * @term_reason: DELETE LINK reason of the termination
 * @term_send: tell the peer (DELETE LINK ALL) when terminating
 * @release_work: destroys the links and frees the group after the last
 *	reference is gone
 * @buf_type: enum smc_buf_type of the group's RMBs (smcr_buf_type when the
 *	group was created; send buffers are always physically contiguous)
 * @testlink_time: receive silence (jiffies) before a link is tested with
 *	TEST LINK, 0: never (smcr_testlink_time when the group was created)
 * @testlink: the keep-alive state of each link (testlink.c)
 * @del_work: takes down the links named in @del_mask (lgr_link.c)
 * @del_mask: bit N: link N is down and must go (smc_lgr_link_down())
 * @del_tell: bit N: tell the peer with a DELETE LINK when link N goes
 * @del_reason: DELETE LINK reason for the links in @del_tell
 * @failback_retry: asks again for a link a while after a failback flow
 *	that did not bring one (the peer dropped our request or the flow
 *	failed); holds a group reference while pending
 * @failback_tries: such retries since the last device event
 * @failback_again: server: a client asked for a link while every free
 *	slot was still held by a link being destroyed; @del_work tries again
 *	once one is free
 * @asym_mask: bit N: link N is asymmetric (it shares its device with
 *	another link, on our side or the peer's); used for no new
 *	connection when another link works, deleted once a symmetric link
 *	replaced it (conf_lock)
 */
struct smc_lgr {
	struct list_head list;
	refcount_t refs;
	struct net *net;
	u8 role;
	u32 id;
	u8 version;
	u8 peer_id[SMC_IB_PEER_ID_LEN];
	u8 peer_hostname[32];
	u8 peer_os;
	u8 peer_release;
	u8 eid[32];
	u8 max_conns;
	u8 max_links;
	__be32 saddr;
	u16 vlan_id;
	u8 pnetid[SMC_IB_PNETID_LEN];
	u8 next_link_id;
	bool terminating;

	struct mutex conf_lock;		/* connection setup, LLC flows */
	struct smc_link links[SMC_LINKS_PER_LGR];

	struct xarray conns;
	unsigned int conns_num;
	u32 next_token;
	spinlock_t rtokens_lock;	/* rtokens */

	struct list_head rmbs;
	struct list_head sndbufs;
	unsigned int alloc_rmbs;
	unsigned int alloc_sndbufs;
	struct smc_rtoken rtokens[SMC_LGR_MAX_RTOKENS];

	spinlock_t llc_lock;		/* llc_wait_*, llc_resp */
	u8 llc_wait_type;
	u8 llc_wait_link;
	bool llc_wait_del;
	u8 *llc_resp;
	u32 llc_resp_len;
	struct completion llc_done;
	struct work_struct llc_work;
	struct list_head llc_queue;
	struct work_struct flow_work;
	struct list_head flow_queue;
	bool flow_local;

	struct delayed_work free_work;
	struct work_struct term_work;
	u32 term_reason;
	bool term_send;
	struct work_struct release_work;

	u8 buf_type;
	unsigned long testlink_time;
	struct smc_testlink testlink[SMC_LINKS_PER_LGR];
	struct work_struct del_work;
	unsigned long del_mask;
	unsigned long del_tell;
	u32 del_reason;
	struct delayed_work failback_retry;
	u8 failback_tries;
	bool failback_again;
	unsigned long asym_mask;
};

static inline struct smc_lgr *smc_link_lgr(const struct smc_link *lnk)
{
	return lnk->lgr;
}

/**
 * struct smc_lgr_want - what a new connection needs from a link group
 * @net: network namespace
 * @role: enum smc_lgr_role
 * @peer_id: the peer's peer ID
 * @peer_gid: the peer's GID of the link to use
 * @peer_qpn: client: the peer's QP number named in the ACCEPT (0: any)
 * @sel: our device, port and GID
 * @saddr: IPv4 source address of the CLC connection
 * @vlan_id: its VLAN, 0 if untagged
 * @pnetid: pnet ID of its egress netdev (%SMC_IB_PNETID_LEN bytes, all
 *	NULs if none)
 */
struct smc_lgr_want {
	struct net *net;
	u8 role;
	const u8 *peer_id;
	const u8 *peer_gid;
	u32 peer_qpn;
	const struct smc_ib_sel *sel;
	__be32 saddr;
	u16 vlan_id;
	const u8 *pnetid;
};

struct smc_lgr *smc_lgr_find(const struct smc_lgr_want *want,
			     struct smc_link **lnk);
struct smc_lgr *smc_lgr_create(const struct smc_lgr_want *want,
			       struct smc_link **lnk);
void smc_lgr_put(struct smc_lgr *lgr);
bool smc_lgr_queue(struct work_struct *work);
bool smc_lgr_queue_delayed(struct delayed_work *dwork, unsigned long delay);
void smc_lgr_hide_link(struct smc_link *lnk);
void smc_lgr_link_up(struct smc_link *lnk);
struct smc_sock *smc_lgr_next_conn(struct smc_lgr *lgr, unsigned long *token);
void smc_lgr_terminate(struct smc_lgr *lgr, u32 reason, bool tell_peer);
void smc_lgr_rx(struct smc_link *lnk, const u8 *msg, u32 len);

int smc_lgr_rtoken_add(struct smc_lgr *lgr, const struct smc_link *lnk,
		       u32 rkey, u64 vaddr);
int smc_lgr_rtoken_set(struct smc_lgr *lgr, int idx, u8 link_id,
		       u32 rkey, u64 vaddr);
int smc_lgr_rtoken_del(struct smc_lgr *lgr, const struct smc_link *lnk,
		       u32 rkey);
int smc_lgr_rtoken(struct smc_lgr *lgr, int idx, const struct smc_link *lnk,
		   u32 *rkey, u64 *vaddr);
int smc_lgr_rtoken_add_link(struct smc_lgr *lgr, const struct smc_link *lnk,
			    const struct smc_link *lnk_new, u32 rkey,
			    u32 rkey_new, u64 vaddr_new);
void smc_lgr_rtoken_clear_link(struct smc_lgr *lgr, const struct smc_link *lnk);

/* lgr_link.c: links beyond the first */
struct smc_llc_msg;
int smc_lgr_add_link_server(struct smc_lgr *lgr, struct smc_link *lnk);
int smc_lgr_add_link_client(struct smc_lgr *lgr, struct smc_link *lnk,
			    const struct smc_llc_msg *req);
void smc_lgr_link_down(struct smc_link *lnk, u32 reason, bool tell_peer);
void smc_lgr_link_clear(struct smc_lgr *lgr, struct smc_link *lnk);
int smc_lgr_links_active(const struct smc_lgr *lgr);
void smc_lgr_del_work(struct work_struct *work);
void smc_lgr_link_init(struct smc_lgr *lgr, struct smc_link *lnk, int idx);
struct smc_link *smc_lgr_usable_link(struct smc_lgr *lgr,
				     struct smc_link *prefer);
bool smc_lgr_wants_link(const struct smc_lgr *lgr);
bool smc_lgr_failback(struct smc_lgr *lgr, bool asked);
void smc_lgr_failback_retry(struct work_struct *work);

struct smc_buf *smc_buf_get(struct smc_lgr *lgr, bool is_rmb, u32 want);
void smc_buf_put(struct smc_lgr *lgr, struct smc_buf *buf);

int smc_conn_register(struct smc_lgr *lgr, struct smc_sock *smc);
struct smc_sock *smc_lgr_conn_get(struct smc_lgr *lgr, u32 token);
void smc_conn_free(struct smc_sock *smc);
void smc_lgr_show(struct seq_file *m);
unsigned long smc_lgr_for_each(unsigned long pos,
			       int (*fn)(struct smc_lgr *lgr, void *arg),
			       void *arg);

int smc_lgr_init(void);
void smc_lgr_uninit(void);

#endif /* _AF_SMC_LGR_H */
