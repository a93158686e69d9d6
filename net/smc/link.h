/* SPDX-License-Identifier: GPL-2.0 */
/*
 * link.h - an SMC-R link: one RC queue pair to the peer, with its protection
 * domain, completion queues, the ring of 44-byte message slots it sends
 * from, the receive buffers it posts, and the memory regions of the buffers
 * it lets the peer write into.
 *
 * The link layer knows nothing of link groups, LLC or CDC: it moves the QP
 * through its states, sends and receives small messages, posts RDMA writes
 * and registers buffers. Whoever owns the link (lgr.c) gives it a receive
 * handler and a failure handler.
 *
 * Contexts: smc_link_create(), smc_link_to_rtr(), smc_link_to_rts(),
 * smc_link_destroy(), smc_link_map_buf(), smc_link_reg_mr() and
 * smc_link_unmap_buf() sleep.
 * smc_wr_tx_send_long() sleeps.
 * smc_wr_tx_get() sleeps only with a non-zero timeout; smc_wr_tx_post() and
 * smc_wr_tx_put() never sleep. Completion handlers (@rx_handler, the slot's
 * @done) run in softirq context and must not sleep.
 *
 * The QP state is tracked here (@qp_state), never read back from the
 * device: Linux 6.1's rxe reports RESET from ib_query_qp() whatever the
 * state is.
 *
 * Rules of use beyond the prototypes (link.c has the details): buffers
 * mapped on a link are unmapped (smc_link_unmap_buf()) before
 * smc_link_destroy(); smc_link_reg_mr() needs the QP in RTS (-ENOTCONN
 * before); @failed is not called when the owner marked the link broken
 * first (smc_link_set_broken()). smc_link_selftest_init() and
 * smc_link_selftest_uninit() are the module's debugfs test interface
 * (link_selftest.c), not part of the link API.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_LINK_H
#define _AF_SMC_LINK_H

#include <linux/atomic.h>
#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/scatterlist.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <rdma/ib_verbs.h>

#include "ib.h"

/* values of smc_link.broken other than 0 (working) */
#define SMC_LINK_BROKEN		1
#define SMC_LINK_LEAVING	2	/* no sends; receives go on */

/* send slots per link (outstanding SENDs) and receive WRs per link */
#define SMC_WR_TX_SLOTS		16
#define SMC_WR_RX_BUFS		48
/* every message we send; the first receive SGE of each receive WR */
#define SMC_WR_MSG_LEN		44
/* the longest message (SMC-Rv2 LLC); a longer incoming message spills
 * into a buffer of this size less SMC_WR_MSG_LEN
 */
#define SMC_WR_LONG_MSG_LEN	8192
#define SMC_WR_RX_SPILL_LEN	(SMC_WR_LONG_MSG_LEN - SMC_WR_MSG_LEN)
/* RDMA writes that may precede one message */
#define SMC_WR_MAX_WRITES	2
/* links in one link group; a link's index in its group's array */
#define SMC_LINKS_PER_LGR	3

/* QP attributes both ends must agree on (protocol reference section 3) */
#define SMC_QP_MIN_RNR_TIMER	5
#define SMC_QP_TIMEOUT		15
#define SMC_QP_RETRY_CNT	7
#define SMC_QP_RNR_RETRY	7

struct smc_link;
struct smc_wr_tx_slot;

/**
 * typedef smc_wr_tx_done_fn - a posted message completed
 * @lnk: the link
 * @slot: its slot; valid until the handler returns, then reused
 * @status: IB_WC_SUCCESS, or the completion's error status
 *	(IB_WC_WR_FLUSH_ERR when the link went down)
 *
 * Runs in softirq context.
 */
typedef void (*smc_wr_tx_done_fn)(struct smc_link *lnk,
				  struct smc_wr_tx_slot *slot, int status);

/**
 * struct smc_wr_tx_slot - one of a link's send slots
 * @msg: the message to send, exactly %SMC_WR_MSG_LEN bytes, DMA mapped
 * @done: called when the SEND completes (success, error or flush), or
 *	NULL
 * @priv: the sender's data for @done (a CDC sender keeps its cursors here)
 * @index: the slot's index in the link's ring
 * @lnk: the link the slot belongs to
 * @cqe: completion entry of the SEND (internal)
 * @wr: the SEND work request (internal)
 * @sge: its SGE (internal)
 * @writes: RDMA writes posted in front of the SEND (internal)
 * @write_sges: their SGEs (internal)
 */
struct smc_wr_tx_slot {
	u8 *msg;
	smc_wr_tx_done_fn done;
	u8 priv[48];
	unsigned int index;
	struct smc_link *lnk;
	/* internal */
	struct ib_cqe cqe;
	struct ib_send_wr wr;
	struct ib_sge sge;
	struct ib_rdma_wr writes[SMC_WR_MAX_WRITES];
	struct ib_sge write_sges[SMC_WR_MAX_WRITES][2];
};

/**
 * struct smc_wr_write - one RDMA write in front of a message
 * @remote_addr: where in the peer's memory (its RMB address + offset)
 * @rkey: the peer's rkey of that memory on this link
 * @nsge: number of local pieces (1 or 2)
 * @addr: local DMA addresses (of the send buffer on this link)
 * @len: lengths of the local pieces
 *
 * The local pieces use the link's local DMA lkey.
 */
struct smc_wr_write {
	u64 remote_addr;
	u32 rkey;
	unsigned int nsge;
	u64 addr[2];
	u32 len[2];
};

/**
 * enum smc_link_state - where a link stands
 * @SMC_LNK_UNUSED: the slot in the link group holds no link
 * @SMC_LNK_INACTIVE: resources exist, not usable for traffic (yet or any
 *	more)
 * @SMC_LNK_ACTIVATING: QP set up, link confirmation (LLC) running
 * @SMC_LNK_ACTIVE: carries traffic
 */
enum smc_link_state {
	SMC_LNK_UNUSED,
	SMC_LNK_INACTIVE,
	SMC_LNK_ACTIVATING,
	SMC_LNK_ACTIVE,
};

/**
 * struct smc_link - one RC QP to the peer
 * @lgr: the owning link group (opaque here)
 * @idx: index in the link group's array of links
 * @link_id: link number in LLC messages (the server chooses it)
 * @state: enum smc_link_state, owned by lgr.c
 * @sel: local device, port, GID index, GID and MAC; holds a device
 *	reference until smc_link_destroy()
 * @rx_handler: called for every received message, in softirq context,
 *	with the message and its length (44 up to 8192)
 * @failed: called once, in softirq or process context, when the link
 *	breaks (a completion error other than a flush, a fatal async event,
 *	a REG_MR that does not complete), unless it was marked broken before
 * @pd: protection domain
 * @send_cq: completion queue of the sends
 * @recv_cq: completion queue of the receives
 * @qp: the RC queue pair
 * @qp_state: the QP's state as last set by us
 * @mtu: local port's active MTU when the link was created
 * @psn: our initial packet sequence number (24 random bits)
 * @peer_qpn: peer's QP number
 * @peer_psn: peer's initial PSN
 * @peer_mtu: peer's MTU; the path MTU is min(@mtu, @peer_mtu)
 * @peer_gid: peer's GID
 * @peer_mac: peer's MAC (destination MAC of the address vector)
 * @tx_bufs: the send slots' messages, one DMA mapped block
 * @tx_dma: its DMA address
 * @tx_slots: the send slots
 * @tx_used: bit N set: slot N is taken
 * @tx_lock: protects @tx_used, @tx_posted and @tx_inflight
 * @tx_wait: woken when a slot becomes free or the link goes down
 * @tx_posted: slots posted and not yet completed
 * @rx_bufs: receive buffers, %SMC_WR_MSG_LEN each, one DMA mapped block
 * @rx_dma: its DMA address
 * @rx_spill: the spill buffer for long v2 messages
 * @rx_spill_dma: its DMA address
 * @rx_cqes: completion entries of the receive WRs
 * @rx_wrs: receive work requests
 * @rx_sges: their SGEs (message part, spill part)
 * @rx_msg: where a long message is reassembled before @rx_handler sees it
 * @tx_long: the buffer of a long (SMC-Rv2, more than 44 bytes) message
 * @tx_long_dma: its DMA address
 * @broken: the link is down; sends fail with -ENOLINK. %SMC_LINK_LEAVING
 *	(smc_link_set_leaving()) is down for sends only: receives are still
 *	reposted, so the peer's sends on the link keep completing
 * @rx_cons_moves: CDCs received on the link that moved the peer's
 *	consumer cursor (it read data of ours), counted by smc_cdc_rx() in
 *	the receive completion handler (one at a time), read without a lock
 * @tx_inflight: bit N set: slot N is posted, its completion is pending
 *	(internal, @tx_lock)
 * @write_cqe: completion entry of the unsignaled RDMA writes; only errors
 *	and flushes reach it (internal)
 * @reg_mutex: serializes smc_link_reg_mr() (internal)
 * @reg_cqe: completion entry of the REG_MR work request (internal)
 * @reg_done: completed with the REG_MR completion (internal)
 * @reg_status: its status (internal)
 * @long_mutex: serializes smc_wr_tx_send_long() (internal)
 * @long_cqe: completion entry of the long SEND (internal)
 * @long_done: completed with the long SEND's completion (internal)
 * @long_status: its status (internal)
 * @long_posted: a long SEND is posted and has not completed (internal,
 *	@tx_lock)
 * @drained: smc_link_drain() ran: the QP is in ERR, nothing is outstanding
 *	(internal)
 * @counted: the link holds resources and is counted in the object counts
 *	(internal)
 */
struct smc_link {
	void *lgr;
	u8 idx;
	u8 link_id;
	u8 state;
	struct smc_ib_sel sel;
	void (*rx_handler)(struct smc_link *lnk, const u8 *msg, u32 len);
	void (*failed)(struct smc_link *lnk);

	struct ib_pd *pd;
	struct ib_cq *send_cq;
	struct ib_cq *recv_cq;
	struct ib_qp *qp;
	enum ib_qp_state qp_state;
	enum ib_mtu mtu;
	u32 psn;
	u32 peer_qpn;
	u32 peer_psn;
	enum ib_mtu peer_mtu;
	u8 peer_gid[SMC_IB_GID_LEN];
	u8 peer_mac[ETH_ALEN];

	u8 *tx_bufs;
	u64 tx_dma;
	struct smc_wr_tx_slot tx_slots[SMC_WR_TX_SLOTS];
	unsigned long tx_used;
	/* tx_lock: tx_used, tx_posted, tx_inflight, reg_hold, long_posted */
	spinlock_t tx_lock;
	wait_queue_head_t tx_wait;
	unsigned int tx_posted;

	u8 *rx_bufs;
	u64 rx_dma;
	u8 *rx_spill;
	u64 rx_spill_dma;
	struct ib_cqe rx_cqes[SMC_WR_RX_BUFS];
	struct ib_recv_wr rx_wrs[SMC_WR_RX_BUFS];
	struct ib_sge rx_sges[SMC_WR_RX_BUFS][2];
	u8 *rx_msg;
	u8 *tx_long;
	u64 tx_long_dma;

	atomic_t broken;
	unsigned int rx_cons_moves;

	/* internal */
	unsigned long tx_inflight;
	struct ib_cqe write_cqe;
	struct mutex reg_mutex;		/* one REG_MR at a time */
	struct ib_cqe reg_cqe;
	struct completion reg_done;
	int reg_status;
	struct mutex long_mutex;	/* one long SEND at a time */
	struct ib_cqe long_cqe;
	struct completion long_done;
	int long_status;
	bool long_posted;
	bool reg_hold;		/* a REG_MR waits for an empty send queue */
	bool drained;
	bool counted;
};

/**
 * struct smc_buf_reg - a buffer's registration on one link
 * @mr: fast-registration memory region (RMBs only), or NULL
 * @sgt: the buffer's pages, DMA mapped for the link's device
 * @dma_addr: DMA address of the first byte (of the whole buffer when it is
 *	physically contiguous, as every send buffer is; an RMB in vmalloc()
 *	memory is one range only through @mr)
 * @rkey: @mr's rkey, valid when @mr is set (known after mapping, before
 *	the MR is registered on the QP)
 * @iova: the address the peer must use for the first byte (@mr's IOVA)
 * @mapped: @sgt is mapped
 * @registered: the REG_MR work request completed on the link
 */
struct smc_buf_reg {
	struct ib_mr *mr;
	struct sg_table sgt;
	u64 dma_addr;
	u32 rkey;
	u64 iova;
	bool mapped;
	bool registered;
};

int smc_link_create(struct smc_link *lnk, const struct smc_ib_sel *sel);
int smc_link_to_rtr(struct smc_link *lnk);
int smc_link_to_rts(struct smc_link *lnk);
void smc_link_destroy(struct smc_link *lnk);
void smc_link_set_broken(struct smc_link *lnk);
bool smc_link_set_leaving(struct smc_link *lnk);
void smc_link_drain(struct smc_link *lnk);

int smc_wr_tx_get(struct smc_link *lnk, long timeout,
		  struct smc_wr_tx_slot **slot);
int smc_wr_tx_post(struct smc_link *lnk, struct smc_wr_tx_slot *slot,
		   const struct smc_wr_write *writes, unsigned int nwrites);
void smc_wr_tx_put(struct smc_link *lnk, struct smc_wr_tx_slot *slot);
int smc_wr_tx_send_long(struct smc_link *lnk, const u8 *msg, u32 len,
			long timeout);
int smc_wr_tx_wait_idle(struct smc_link *lnk, long timeout);

int smc_link_map_buf(struct smc_link *lnk, void *cpu_addr, size_t len,
		     bool remote_write, struct smc_buf_reg *reg);
int smc_link_reg_mr(struct smc_link *lnk, struct smc_buf_reg *reg);
void smc_link_unmap_buf(struct smc_link *lnk, struct smc_buf_reg *reg);

/* <debugfs>/af_smc/link_selftest (link_selftest.c) */
void smc_link_selftest_init(void);
void smc_link_selftest_uninit(void);

#endif /* _AF_SMC_LINK_H */
