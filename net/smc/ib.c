// SPDX-License-Identifier: GPL-2.0
/*
 * ib.c - RDMA devices: the "af_smc" ib_client, cached port state, and the
 * lookups that choose the RoCE device, port and GID for an SMC-R link.
 *
 * The RDMA core calls smc_ib_add() for every RDMA device, present or
 * future; af_smc keeps the devices that have a RoCE port (struct
 * smc_ib_device, in smc_ib_devs). Port events (PORT_ACTIVE, PORT_ERR,
 * GID_CHANGE, DEVICE_FATAL) arrive in smc_ib_event(), which may run in
 * atomic context: it only marks the port and queues port_work, which
 * re-reads the port (state, MTU, RoCE GIDs and their netdevs) in process
 * context, logs state changes, tells the notifier chain and recomputes the
 * SMC peer ID. The GID cache only names candidates: a lookup re-reads each
 * candidate GID and its netdev from the RDMA core before it chooses it, and
 * never holds a GID attribute (which would pin the netdev) beyond the
 * lookup.
 *
 * A netdev's RoCE port is found through GID attributes (the netdev each
 * GID is bound to), never through ops.get_netdev, which Soft-RoCE lacks on
 * 6.1.
 *
 * Lock order (outer first; never the reverse):
 *	smc_ib_test_lock	debugfs "lookup" test interface
 *	smc_ib_devs_lock	device list, ->removing, the peer ID
 *	smc_ib_device.lock	one device's ports[] (state, GID cache)
 *	RCU read side, the RDMA core's GID table lock (inside
 *	rdma_get_gid_attr()) and the PNET table lock (inside the
 *	smc_pnet_id_of_*() lookups): leaves
 * Notifiers are called and port_work is cancelled with none of them held.
 * The RDMA core holds its own locks around smc_ib_add()/smc_ib_remove();
 * both take smc_ib_devs_lock, so nothing may call into the RDMA core's
 * client or device registration while holding an af_smc lock.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/build_bug.h>
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/inet.h>
#include <linux/inetdevice.h>
#include <linux/module.h>
#include <linux/nsproxy.h>
#include <linux/pci.h>
#include <linux/random.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <rdma/ib_addr.h>
#include <rdma/ib_cache.h>

#include "ib.h"
#include "clc_wire.h"
#include "objcount.h"
#include "pnet.h"

static_assert(SMC_IB_GID_LEN == SMC_CLC_GID_LEN);
static_assert(SMC_IB_PEER_ID_LEN == SMC_CLC_PEER_ID_LEN);
static_assert(ETH_ALEN == SMC_CLC_MAC_LEN);
static_assert(SMC_IB_MAX_PORTS <= BITS_PER_LONG);
static_assert(SMC_IB_PNETID_LEN == SMC_PNETID_LEN);

/* a device that is still referenced is named in dmesg this often */
#define SMC_IB_REMOVE_WARN_SECS	10

static LIST_HEAD(smc_ib_devs);
static DEFINE_MUTEX(smc_ib_devs_lock);
static struct workqueue_struct *smc_ib_wq;
static BLOCKING_NOTIFIER_HEAD(smc_ib_chain);

/* SMC peer ID (SMC-R.md 2.3): two random bytes and the MAC of a RoCE port */
static u8 smc_ib_peer_rand[2];
static struct {
	struct smc_ib_device *dev;	/* port that gave the MAC, or NULL */
	u8 port;
	u8 mac[ETH_ALEN];
} smc_ib_peer;				/* smc_ib_devs_lock */

static struct ib_client smc_ib_client;

static const char *smc_ib_name(const struct smc_ib_device *dev)
{
	return dev_name(&dev->ibdev->dev);
}

static const char *smc_ib_state_name(enum ib_port_state state)
{
	static const char * const names[] = {
		[IB_PORT_NOP]		= "NOP",
		[IB_PORT_DOWN]		= "DOWN",
		[IB_PORT_INIT]		= "INIT",
		[IB_PORT_ARMED]		= "ARMED",
		[IB_PORT_ACTIVE]	= "ACTIVE",
		[IB_PORT_ACTIVE_DEFER]	= "ACTIVE_DEFER",
	};

	if ((unsigned int)state < ARRAY_SIZE(names) && names[state])
		return names[state];
	return "?";
}

/**
 * smc_ib_dev_get() - take another reference on a device
 * @dev: a device the caller already holds a reference on
 *
 * Return: @dev.
 */
struct smc_ib_device *smc_ib_dev_get(struct smc_ib_device *dev)
{
	refcount_inc(&dev->refs);
	return dev;
}

/**
 * smc_ib_dev_put() - drop a reference on a device
 * @dev: the device
 *
 * The last reference lets a pending smc_ib_remove() finish; the device
 * must not be used after this call.
 */
void smc_ib_dev_put(struct smc_ib_device *dev)
{
	if (refcount_dec_and_test(&dev->refs))
		complete(&dev->released);
}

/* ------------------------------------------------------------------------
 * Port state and the GID cache
 */

static int smc_ib_roce_version(enum ib_gid_type type)
{
	switch (type) {
	case IB_GID_TYPE_ROCE:
		return 1;
	case IB_GID_TYPE_ROCE_UDP_ENCAP:
		return 2;
	default:
		return 0;
	}
}

static u16 smc_ib_vlan_id(const struct net_device *ndev)
{
	u16 vlan = rdma_vlan_dev_vlan_id(ndev);

	return vlan == 0xffff ? 0 : vlan;
}

static const struct net_device *smc_ib_real_ndev(const struct net_device *ndev)
{
	return rdma_vlan_dev_real_dev(ndev) ?: ndev;
}

/* what a port refresh reads outside the device lock */
struct smc_ib_port_read {
	struct ib_port_attr attr;
	u8 mac[ETH_ALEN];
	int ifindex;
	char ndev_name[IFNAMSIZ];
	unsigned int ngids;
	struct smc_ib_gid *gids;
};

/* Fill @g from one GID attribute. Returns false if it is not a RoCE GID. */
static bool smc_ib_gid_read(const struct ib_gid_attr *attr,
			    struct smc_ib_gid *g, struct smc_ib_port_read *rd,
			    bool port_ndev)
{
	int version = smc_ib_roce_version(attr->gid_type);
	struct net_device *ndev;

	if (!version)
		return false;
	memcpy(g->raw, attr->gid.raw, SMC_IB_GID_LEN);
	g->index = attr->index;
	g->kind = smc_ib_gid_classify(version, g->raw);
	rcu_read_lock();
	ndev = rdma_read_gid_attr_ndev_rcu(attr);
	if (IS_ERR(ndev)) {
		strscpy(g->ndev_name, "-", sizeof(g->ndev_name));
	} else {
		g->ifindex = ndev->ifindex;
		g->vlan_id = smc_ib_vlan_id(ndev);
		strscpy(g->ndev_name, ndev->name, sizeof(g->ndev_name));
		if (port_ndev) {
			rd->ifindex = ndev->ifindex;
			strscpy(rd->ndev_name, ndev->name,
				sizeof(rd->ndev_name));
			if (ndev->addr_len == ETH_ALEN)
				ether_addr_copy(rd->mac, ndev->dev_addr);
		}
	}
	rcu_read_unlock();
	return true;
}

/* Read the RoCE GIDs of @port with an index up to SMC_IB_MAX_GID_INDEX.
 * The port's MAC and netdev are those of GID 0 (the default GID), or of the
 * first RoCE GID if there is no GID 0.
 */
static int smc_ib_gids_read(struct smc_ib_device *dev, u8 port,
			    struct smc_ib_port_read *rd)
{
	int max = min(rd->attr.gid_tbl_len, SMC_IB_MAX_GID_INDEX + 1);
	struct smc_ib_gid *tmp;
	int i;

	if (max <= 0)
		return 0;
	tmp = kcalloc(max, sizeof(*tmp), GFP_KERNEL);
	if (!tmp)
		return -ENOMEM;
	for (i = 0; i < max; i++) {
		const struct ib_gid_attr *attr;

		attr = rdma_get_gid_attr(dev->ibdev, port, i);
		if (IS_ERR(attr))
			continue;
		if (smc_ib_gid_read(attr, &tmp[rd->ngids], rd, !rd->ngids))
			rd->ngids++;
		rdma_put_gid_attr(attr);
	}
	if (rd->ngids)
		rd->gids = kmemdup(tmp, rd->ngids * sizeof(*tmp), GFP_KERNEL);
	kfree(tmp);
	if (rd->ngids && !rd->gids) {
		rd->ngids = 0;
		return -ENOMEM;
	}
	return 0;
}

static bool smc_ib_gids_equal(const struct smc_ib_port *p,
			      const struct smc_ib_port_read *rd)
{
	unsigned int i;

	if (p->ngids != rd->ngids)
		return false;
	for (i = 0; i < p->ngids; i++) {
		const struct smc_ib_gid *a = &p->gids[i], *b = &rd->gids[i];

		if (a->index != b->index || a->kind != b->kind ||
		    a->ifindex != b->ifindex || a->vlan_id != b->vlan_id ||
		    memcmp(a->raw, b->raw, SMC_IB_GID_LEN))
			return false;
	}
	return true;
}

static void smc_ib_notify(enum smc_ib_event ev, struct smc_ib_device *dev,
			  u8 port)
{
	struct smc_ib_event_info info = { .dev = dev, .port = port };

	blocking_notifier_call_chain(&smc_ib_chain, ev, &info);
}

static void smc_ib_port_log(struct smc_ib_device *dev, u8 port,
			    const struct smc_ib_port_read *rd)
{
	if (rd->attr.state == IB_PORT_ACTIVE)
		pr_info_ratelimited("%s port %u is ACTIVE: mtu %d, %u RoCE GID(s)\n",
				    smc_ib_name(dev), port,
				    ib_mtu_enum_to_int(rd->attr.active_mtu),
				    rd->ngids);
	else
		pr_info_ratelimited("%s port %u is %s: not usable\n",
				    smc_ib_name(dev), port,
				    smc_ib_state_name(rd->attr.state));
}

/* Re-read one port and publish the result; process context. */
static void smc_ib_port_refresh(struct smc_ib_device *dev, u8 port)
{
	struct smc_ib_port *p = &dev->ports[port - 1];
	struct smc_ib_port_read rd = { .ndev_name = "-" };
	bool was_known, was_active, active, gids_changed;
	struct smc_ib_gid *old_gids;
	int rc;

	if (!p->roce)
		return;
	rc = ib_query_port(dev->ibdev, port, &rd.attr);
	if (rc) {
		pr_warn_ratelimited("%s port %u: cannot query the port (%d)\n",
				    smc_ib_name(dev), port, rc);
		memset(&rd.attr, 0, sizeof(rd.attr));
		rd.attr.state = IB_PORT_DOWN;
	}
	rc = smc_ib_gids_read(dev, port, &rd);
	if (rc)
		pr_warn_ratelimited("%s port %u: cannot read the GID table (%d)\n",
				    smc_ib_name(dev), port, rc);

	mutex_lock(&dev->lock);
	was_known = p->known;
	was_active = p->known && p->state == IB_PORT_ACTIVE;
	gids_changed = !smc_ib_gids_equal(p, &rd);
	old_gids = p->gids;
	p->known = true;
	p->state = rd.attr.state;
	p->active_mtu = rd.attr.active_mtu;
	p->gid_tbl_len = rd.attr.gid_tbl_len;
	ether_addr_copy(p->mac, rd.mac);
	p->ifindex = rd.ifindex;
	strscpy(p->ndev_name, rd.ndev_name, sizeof(p->ndev_name));
	p->ngids = rd.ngids;
	p->gids = rd.gids;
	active = p->state == IB_PORT_ACTIVE;
	mutex_unlock(&dev->lock);
	kfree(old_gids);

	if (!was_known || was_active != active)
		smc_ib_port_log(dev, port, &rd);
	if (active && !was_active)
		smc_ib_notify(SMC_IB_EV_PORT_ACTIVE, dev, port);
	else if (!active && was_active)
		smc_ib_notify(SMC_IB_EV_PORT_DOWN, dev, port);
	if (was_known && gids_changed)
		smc_ib_notify(SMC_IB_EV_GID_CHANGE, dev, port);
}

static bool smc_ib_port_usable_locked(struct smc_ib_device *dev, u8 port)
{
	const struct smc_ib_port *p = &dev->ports[port - 1];

	lockdep_assert_held(&dev->lock);
	return p->roce && p->known && p->state == IB_PORT_ACTIVE;
}

/**
 * smc_ib_port_active() - is a port usable now?
 * @dev: a device the caller holds a reference on
 * @port: port number (1-based)
 *
 * Context: process context; takes the device's lock.
 * Return: true if @port is a RoCE port of @dev and was ACTIVE when last
 * read.
 */
bool smc_ib_port_active(struct smc_ib_device *dev, u8 port)
{
	bool active;

	if (!port || port > dev->nports)
		return false;
	mutex_lock(&dev->lock);
	active = smc_ib_port_usable_locked(dev, port);
	mutex_unlock(&dev->lock);
	return active;
}

/* ------------------------------------------------------------------------
 * SMC peer ID
 */

/* Choose the port whose MAC goes into the peer ID. The current one is kept
 * while it stays ACTIVE with the same non-zero MAC, so that the ID does not
 * change under existing link groups; otherwise the first ACTIVE RoCE port
 * (device list order, then port order) with a non-zero MAC wins, and only
 * if there is none a port with a zero MAC (Soft-RoCE on lo), which a port
 * with a real MAC replaces as soon as there is one.
 */
static void smc_ib_peer_id_update_locked(void)
{
	struct smc_ib_device *dev, *zero_dev = NULL, *new_dev = NULL;
	u8 port, zero_port = 0, new_port = 0;
	u8 mac[ETH_ALEN] = {};

	lockdep_assert_held(&smc_ib_devs_lock);
	dev = smc_ib_peer.dev;
	if (dev && !dev->removing) {
		bool keep;

		mutex_lock(&dev->lock);
		keep = smc_ib_port_usable_locked(dev, smc_ib_peer.port) &&
		       !is_zero_ether_addr(smc_ib_peer.mac) &&
		       ether_addr_equal(dev->ports[smc_ib_peer.port - 1].mac,
					smc_ib_peer.mac);
		mutex_unlock(&dev->lock);
		if (keep)
			return;
	}

	list_for_each_entry(dev, &smc_ib_devs, list) {
		if (dev->removing)
			continue;
		mutex_lock(&dev->lock);
		for (port = 1; port <= dev->nports && !new_dev; port++) {
			if (!smc_ib_port_usable_locked(dev, port))
				continue;
			if (!is_zero_ether_addr(dev->ports[port - 1].mac)) {
				new_dev = dev;
				new_port = port;
				ether_addr_copy(mac, dev->ports[port - 1].mac);
			} else if (!zero_dev) {
				zero_dev = dev;
				zero_port = port;
			}
		}
		mutex_unlock(&dev->lock);
		if (new_dev)
			break;
	}
	if (!new_dev) {
		new_dev = zero_dev;
		new_port = zero_port;
	}
	if (new_dev == smc_ib_peer.dev && new_port == smc_ib_peer.port &&
	    ether_addr_equal(mac, smc_ib_peer.mac))
		return;
	smc_ib_peer.dev = new_dev;
	smc_ib_peer.port = new_port;
	ether_addr_copy(smc_ib_peer.mac, mac);
	if (new_dev)
		pr_info_ratelimited("peer ID %*phN%*phN (MAC of %s port %u)\n",
				    (int)sizeof(smc_ib_peer_rand),
				    smc_ib_peer_rand, ETH_ALEN, mac,
				    smc_ib_name(new_dev), new_port);
	else
		pr_info_ratelimited("peer ID has no MAC: no ACTIVE RoCE port\n");
}

static void smc_ib_peer_id_update(void)
{
	mutex_lock(&smc_ib_devs_lock);
	smc_ib_peer_id_update_locked();
	mutex_unlock(&smc_ib_devs_lock);
}

static bool smc_ib_peer_id_locked(u8 id[SMC_IB_PEER_ID_LEN])
{
	lockdep_assert_held(&smc_ib_devs_lock);
	memcpy(id, smc_ib_peer_rand, sizeof(smc_ib_peer_rand));
	memcpy(id + sizeof(smc_ib_peer_rand), smc_ib_peer.mac, ETH_ALEN);
	return !!smc_ib_peer.dev;
}

/**
 * smc_ib_peer_id() - the SMC peer ID of this host (SMC-R.md 2.3)
 * @id: receives 8 bytes: 2 random bytes chosen at module load, then the
 *	MAC of an ACTIVE RoCE port (zero if there is none)
 *
 * The MAC is that of the first ACTIVE RoCE port with a non-zero MAC; it is
 * kept while that port stays ACTIVE and chosen again when devices or ports
 * come and go.
 *
 * Context: process context; takes smc_ib_devs_lock.
 * Return: true if an ACTIVE RoCE port supplied the MAC.
 */
bool smc_ib_peer_id(u8 id[SMC_IB_PEER_ID_LEN])
{
	bool valid;

	mutex_lock(&smc_ib_devs_lock);
	valid = smc_ib_peer_id_locked(id);
	mutex_unlock(&smc_ib_devs_lock);
	return valid;
}

/* ------------------------------------------------------------------------
 * Events
 */

static void smc_ib_port_work(struct work_struct *work)
{
	struct smc_ib_device *dev = container_of(work, struct smc_ib_device,
						 port_work);
	u8 i;

	for (i = 0; i < dev->nports; i++)
		if (test_and_clear_bit(i, &dev->port_events))
			smc_ib_port_refresh(dev, i + 1);
	smc_ib_peer_id_update();
}

/* May be called in atomic context: mark the port(s), queue the work. */
static void smc_ib_event(struct ib_event_handler *handler,
			 struct ib_event *event)
{
	struct smc_ib_device *dev = container_of(handler, struct smc_ib_device,
						 event_handler);
	u32 port;
	u8 i;

	switch (event->event) {
	case IB_EVENT_DEVICE_FATAL:
		for (i = 0; i < dev->nports; i++)
			set_bit(i, &dev->port_events);
		break;
	case IB_EVENT_PORT_ACTIVE:
	case IB_EVENT_PORT_ERR:
	case IB_EVENT_GID_CHANGE:
		port = event->element.port_num;
		if (port < 1 || port > dev->nports)
			return;
		set_bit(port - 1, &dev->port_events);
		break;
	default:
		return;
	}
	queue_work(smc_ib_wq, &dev->port_work);
}

/* ------------------------------------------------------------------------
 * Lookups
 */

/* The pnet IDs (SMC-R.md 10.5) of the egress netdev (pnet.c asks the base
 * device below VLAN and bond devices first, as upstream does) and of an RDMA
 * port, from the PNET tables. They are read at lookup time, never cached;
 * smc_ib_pnet_allows() applies the rule. Without any configured ID a first
 * link uses the port whose GID netdev is the egress netdev.
 */
static void smc_ib_ndev_pnetid(const struct net_device *ndev,
			       u8 pnetid[SMC_IB_PNETID_LEN])
{
	smc_pnet_id_of_netdev(ndev, pnetid);	/* all NULs if none */
}

static void smc_ib_port_pnetid(const struct smc_ib_device *dev, u8 port,
			       u8 pnetid[SMC_IB_PNETID_LEN])
{
	smc_pnet_id_of_ibport(dev->ibdev, port, pnetid);
}

struct smc_ib_query {
	struct smc_ib_want want;
	struct net *net;
	__be32 saddr;
	const struct smc_ib_device *exclude;
};

/* the best candidate so far of one lookup */
struct smc_ib_best {
	int rank;			/* -1: none yet */
	struct smc_ib_sel sel;		/* ->dev without a reference */
};

/* Does @ndev have an IPv4 address in the subnet of @saddr, and where does
 * the GID's own address @gid4 lie (enum smc_ib_gid_addr)? RCU read side.
 */
static void smc_ib_addr_facts(struct net_device *ndev, __be32 saddr,
			      __be32 gid4, struct smc_ib_gid_facts *f)
{
	const struct in_ifaddr *ifa;
	struct in_device *in_dev;

	f->gid_addr = gid4 == saddr ? SMC_IB_GID_ADDR_SRC :
				      SMC_IB_GID_ADDR_OTHER;
	in_dev = __in_dev_get_rcu(ndev);
	if (!in_dev)
		return;
	in_dev_for_each_ifa_rcu(ifa, in_dev) {
		if (!inet_ifa_match(saddr, ifa))
			continue;
		f->subnet_match = true;
		if (f->gid_addr == SMC_IB_GID_ADDR_OTHER &&
		    inet_ifa_match(gid4, ifa))
			f->gid_addr = SMC_IB_GID_ADDR_SUBNET;
	}
}

static bool smc_ib_kind_wanted(const struct smc_ib_query *q,
			       enum smc_ib_gid_kind kind)
{
	if (q->want.kind == SMC_IB_WANT_V1)
		return kind == SMC_IB_GID_V1;
	return kind == SMC_IB_GID_V2_IPV4;
}

/* Judge one cached GID against the RDMA core's current GID table entry and
 * netdev; make it @best if it fits better than @best.
 */
static void smc_ib_try_gid(const struct smc_ib_query *q,
			   struct smc_ib_device *dev, u8 port, u16 index,
			   const u8 *port_pnetid, struct smc_ib_best *best)
{
	struct smc_ib_gid_facts f = { .port_pnetid = port_pnetid };
	struct smc_ib_sel *sel = &best->sel;
	const struct ib_gid_attr *attr;
	enum ib_port_state live;
	struct net_device *ndev;
	__be32 gid4;
	int rank;

	attr = rdma_get_gid_attr(dev->ibdev, port, index);
	if (IS_ERR(attr))
		return;
	f.kind = smc_ib_gid_classify(smc_ib_roce_version(attr->gid_type),
				     attr->gid.raw);
	f.port_active = !ib_get_cached_port_state(dev->ibdev, port, &live) &&
			live == IB_PORT_ACTIVE;

	rcu_read_lock();
	ndev = rdma_read_gid_attr_ndev_rcu(attr);
	if (IS_ERR(ndev))
		goto out;
	f.same_net = net_eq(dev_net(ndev), q->net);
	f.real_ndev = smc_ib_real_ndev(ndev);
	f.vlan_id = smc_ib_vlan_id(ndev);
	if (q->want.kind != SMC_IB_WANT_V1) {
		memcpy(&gid4, &attr->gid.raw[12], sizeof(gid4));
		smc_ib_addr_facts(ndev, q->saddr, gid4, &f);
	}
	rank = smc_ib_gid_rank(&q->want, &f);
	if (rank <= best->rank)
		goto out;
	best->rank = rank;
	sel->dev = dev;
	sel->port = port;
	sel->gid_index = attr->index;
	memcpy(sel->gid, attr->gid.raw, SMC_IB_GID_LEN);
	if (ndev->addr_len == ETH_ALEN)
		ether_addr_copy(sel->mac, ndev->dev_addr);
	else
		eth_zero_addr(sel->mac);
	sel->ifindex = ndev->ifindex;
	sel->vlan_id = f.vlan_id;
out:
	rcu_read_unlock();
	rdma_put_gid_attr(attr);
}

static void smc_ib_find_on_dev(const struct smc_ib_query *q,
			       struct smc_ib_device *dev,
			       struct smc_ib_best *best)
{
	unsigned int i;
	u8 port;

	mutex_lock(&dev->lock);
	for (port = 1; port <= dev->nports; port++) {
		struct smc_ib_port *p = &dev->ports[port - 1];
		u8 pnetid[SMC_IB_PNETID_LEN];

		if (!smc_ib_port_usable_locked(dev, port))
			continue;
		smc_ib_port_pnetid(dev, port, pnetid);
		for (i = 0; i < p->ngids; i++) {
			if (!smc_ib_kind_wanted(q, p->gids[i].kind))
				continue;
			smc_ib_try_gid(q, dev, port, p->gids[i].index, pnetid,
				       best);
			if (best->rank >= SMC_IB_RANK_BEST)
				goto out;
		}
	}
out:
	mutex_unlock(&dev->lock);
}

/* Visit every candidate GID (devices in the order they were added, ports,
 * GID table order) and keep the best; the first of equally good ones wins.
 */
static int smc_ib_find(const struct smc_ib_query *q, struct smc_ib_sel *sel)
{
	struct smc_ib_best best = { .rank = -1 };
	struct smc_ib_device *dev;

	mutex_lock(&smc_ib_devs_lock);
	list_for_each_entry(dev, &smc_ib_devs, list) {
		if (dev->removing || dev == q->exclude ||
		    !rdma_dev_access_netns(dev->ibdev, q->net))
			continue;
		smc_ib_find_on_dev(q, dev, &best);
		if (best.rank >= SMC_IB_RANK_BEST)
			break;
	}
	if (best.rank >= 0)
		smc_ib_dev_get(best.sel.dev);
	mutex_unlock(&smc_ib_devs_lock);

	if (best.rank < 0) {
		memset(sel, 0, sizeof(*sel));
		return -ENODEV;
	}
	*sel = best.sel;
	return 0;
}

/**
 * smc_ib_find_v2() - choose the RoCE v2 GID for a first SMC-Rv2 link
 * @net: network namespace of the CLC socket
 * @saddr: IPv4 source address of the CLC socket
 * @egress: netdev the CLC socket's route leaves through (a VLAN device or
 *	the device below it); the caller holds it
 * @vlan_id: VLAN of the connection, 0 if untagged
 * @sel: receives the choice
 *
 * Finds an ACTIVE RoCE port with an IPv4-mapped RoCE v2 GID whose netdev
 * is on @vlan_id and has an IPv4 address in the same subnet as @saddr.
 * If @egress has a pnet ID (SMC-R.md 10.5), the port must have the same
 * one; if not, the GID's netdev must be @egress (below its VLAN device).
 * Of the GIDs that fit, the one for @saddr itself is
 * chosen, else one in its subnet, else the first (device, port and GID
 * table order).
 *
 * Context: process context; may sleep.
 * Return: 0 and @sel filled, holding a device reference that the caller
 * drops with smc_ib_sel_put(); -ENODEV if no port fits (@sel zeroed).
 */
int smc_ib_find_v2(struct net *net, __be32 saddr, struct net_device *egress,
		   u16 vlan_id, struct smc_ib_sel *sel)
{
	u8 pnetid[SMC_IB_PNETID_LEN];
	struct smc_ib_query q = {
		.want = {
			.kind = SMC_IB_WANT_V2,
			.egress_real = smc_ib_real_ndev(egress),
			.vlan_id = vlan_id,
			.ref_pnetid = pnetid,
		},
		.net = net,
		.saddr = saddr,
	};

	smc_ib_ndev_pnetid(egress, pnetid);
	return smc_ib_find(&q, sel);
}

/**
 * smc_ib_find_v1() - choose the RoCE v1 GID for a first SMC-Rv1 link
 * @net: network namespace of the CLC socket
 * @egress: netdev the CLC socket's route leaves through (a VLAN device or
 *	the device below it); the caller holds it
 * @vlan_id: VLAN of the connection, 0 if untagged
 * @sel: receives the choice
 *
 * Finds an ACTIVE RoCE port with a RoCE v1 GID whose netdev is on
 * @vlan_id. If @egress has a pnet ID, the port must have the same one; if
 * not, the GID's netdev must be @egress (below its VLAN device).
 * Soft-RoCE has no RoCE v1 GIDs, so this never succeeds on it; the
 * decision itself is unit-tested (smc_ib_gid_fits()).
 *
 * Context: process context; may sleep.
 * Return: 0 and @sel filled, holding a device reference that the caller
 * drops with smc_ib_sel_put(); -ENODEV if no port fits (@sel zeroed).
 */
int smc_ib_find_v1(struct net *net, struct net_device *egress, u16 vlan_id,
		   struct smc_ib_sel *sel)
{
	u8 pnetid[SMC_IB_PNETID_LEN];
	struct smc_ib_query q = {
		.want = {
			.kind = SMC_IB_WANT_V1,
			.egress_real = smc_ib_real_ndev(egress),
			.vlan_id = vlan_id,
			.ref_pnetid = pnetid,
		},
		.net = net,
	};

	smc_ib_ndev_pnetid(egress, pnetid);
	return smc_ib_find(&q, sel);
}

/**
 * smc_ib_find_alt_v2() - choose the RoCE v2 GID for an alternate link
 * @net: network namespace of the link group
 * @saddr: IPv4 source address of the link group's CLC connection
 * @vlan_id: VLAN of the link group, 0 if untagged
 * @lgr_pnetid: pnet ID of the link group (%SMC_IB_PNETID_LEN bytes), or
 *	NULL if it has none
 * @exclude: the device the link group already uses; never chosen
 * @sel: receives the choice
 *
 * Like smc_ib_find_v2(), but any port of another device may serve (its
 * GID's netdev need not be the egress netdev): an IPv4-mapped RoCE v2 GID
 * whose netdev has an address in the subnet of @saddr, preferably a GID in
 * that subnet. With a pnet ID the port must have the same one; without,
 * the port must have none.
 *
 * Context: process context; may sleep.
 * Return: 0 and @sel filled, holding a device reference that the caller
 * drops with smc_ib_sel_put(); -ENODEV if no port fits (@sel zeroed).
 */
int smc_ib_find_alt_v2(struct net *net, __be32 saddr, u16 vlan_id,
		       const u8 *lgr_pnetid,
		       const struct smc_ib_device *exclude,
		       struct smc_ib_sel *sel)
{
	static const u8 no_pnetid[SMC_IB_PNETID_LEN];
	struct smc_ib_query q = {
		.want = {
			.kind = SMC_IB_WANT_V2_ALT,
			.vlan_id = vlan_id,
			.ref_pnetid = lgr_pnetid ?: no_pnetid,
		},
		.net = net,
		.saddr = saddr,
		.exclude = exclude,
	};

	return smc_ib_find(&q, sel);
}

/**
 * smc_ib_sel_put() - drop the device reference of a lookup result
 * @sel: a result filled by one of the smc_ib_find_*() functions, or zeroed
 *
 * Safe to call twice; @sel->dev is NULL afterwards.
 */
void smc_ib_sel_put(struct smc_ib_sel *sel)
{
	if (sel->dev)
		smc_ib_dev_put(sel->dev);
	sel->dev = NULL;
}

/**
 * smc_ib_register_notifier() - be told about port and device changes
 * @nb: notifier; its callback gets an enum smc_ib_event and a struct
 *	smc_ib_event_info, in process context with no af_smc lock held
 *
 * A holder of device references must register and drop them on
 * %SMC_IB_EV_DEVICE_REMOVE, or the device's removal waits forever.
 *
 * Return: 0 (see blocking_notifier_chain_register()).
 */
int smc_ib_register_notifier(struct notifier_block *nb)
{
	return blocking_notifier_chain_register(&smc_ib_chain, nb);
}

/**
 * smc_ib_unregister_notifier() - stop the calls of smc_ib_register_notifier()
 * @nb: the notifier
 */
void smc_ib_unregister_notifier(struct notifier_block *nb)
{
	blocking_notifier_chain_unregister(&smc_ib_chain, nb);
}

/* ------------------------------------------------------------------------
 * The ib_client
 */

static int smc_ib_add(struct ib_device *ibdev)
{
	struct smc_ib_device *dev;
	unsigned int nroce = 0;
	u8 nports, i;

	if (ibdev->node_type != RDMA_NODE_IB_CA)
		return -EOPNOTSUPP;
	nports = min_t(u32, rdma_end_port(ibdev), SMC_IB_MAX_PORTS);
	for (i = 1; i <= nports; i++)
		if (rdma_protocol_roce(ibdev, i))
			nroce++;
	if (!nroce)
		return -EOPNOTSUPP;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->ibdev = ibdev;
	dev->nports = nports;
	refcount_set(&dev->refs, 1);
	init_completion(&dev->released);
	mutex_init(&dev->lock);
	INIT_WORK(&dev->port_work, smc_ib_port_work);
	for (i = 1; i <= nports; i++) {
		dev->ports[i - 1].roce = rdma_protocol_roce(ibdev, i);
		dev->ports[i - 1].state = IB_PORT_NOP;
		set_bit(i - 1, &dev->port_events);
	}
	smc_obj_inc(SMC_OBJ_IB_DEVICE);

	mutex_lock(&smc_ib_devs_lock);
	list_add_tail(&dev->list, &smc_ib_devs);
	mutex_unlock(&smc_ib_devs_lock);
	ib_set_client_data(ibdev, &smc_ib_client, dev);

	pr_info_ratelimited("RDMA device %s added: %u RoCE port(s)\n",
			    smc_ib_name(dev), nroce);
	INIT_IB_EVENT_HANDLER(&dev->event_handler, ibdev, smc_ib_event);
	ib_register_event_handler(&dev->event_handler);
	queue_work(smc_ib_wq, &dev->port_work);
	return 0;
}

static void smc_ib_remove(struct ib_device *ibdev, void *client_data)
{
	struct smc_ib_device *dev = client_data;
	unsigned int waited = 0;
	u8 i;

	/* no new lookup finds it, and the peer ID no longer names it */
	mutex_lock(&smc_ib_devs_lock);
	dev->removing = true;
	smc_ib_peer_id_update_locked();
	mutex_unlock(&smc_ib_devs_lock);

	ib_unregister_event_handler(&dev->event_handler);
	cancel_work_sync(&dev->port_work);
	smc_ib_notify(SMC_IB_EV_DEVICE_REMOVE, dev, 0);

	smc_ib_dev_put(dev);
	while (!wait_for_completion_timeout(&dev->released,
					    SMC_IB_REMOVE_WARN_SECS * HZ)) {
		waited += SMC_IB_REMOVE_WARN_SECS;
		pr_warn("%s: removal waits for %u reference(s) (%u s)\n",
			smc_ib_name(dev), refcount_read(&dev->refs), waited);
	}

	mutex_lock(&smc_ib_devs_lock);
	list_del(&dev->list);
	mutex_unlock(&smc_ib_devs_lock);
	pr_info_ratelimited("RDMA device %s removed\n", smc_ib_name(dev));

	for (i = 0; i < dev->nports; i++)
		kfree(dev->ports[i].gids);
	mutex_destroy(&dev->lock);
	kfree(dev);
	smc_obj_dec(SMC_OBJ_IB_DEVICE);
}

static struct ib_client smc_ib_client = {
	.name	= KBUILD_MODNAME,
	.add	= smc_ib_add,
	.remove	= smc_ib_remove,
};

/* ------------------------------------------------------------------------
 * debugfs
 *
 * <debugfs>/af_smc/devices  the peer ID, then per RoCE port one line
 *	"<dev> port <n> state <s> mtu <m> mac <mac> netdev <name>
 *	 pnet <pnet ID or -> gids <n> refs <n>[ removing]" followed by one
 *	line per RoCE GID
 *	"  gid <index> <gid> roce_v1|roce_v2 netdev <name> vlan <id> ipv4|-"
 * <debugfs>/af_smc/lookup   test interface of the lookups, see below
 */

static struct dentry *smc_ib_devices_file;
static struct dentry *smc_ib_lookup_file;

static void smc_ib_show_gid(struct seq_file *m, const struct smc_ib_gid *g)
{
	seq_printf(m, "  gid %u %pI6c %s netdev %s vlan %u %s\n",
		   g->index, g->raw,
		   g->kind == SMC_IB_GID_V1 ? "roce_v1" : "roce_v2",
		   g->ndev_name, g->vlan_id,
		   g->kind == SMC_IB_GID_V2_IPV4 ? "ipv4" : "-");
}

/**
 * smc_ib_dev_info() - describe the device at position @pos of the list
 * @pos: 0 for the first device
 * @info: filled in
 *
 * For the netlink dump (nl_lgr.c), which must not hold our locks while it
 * looks at link groups. Devices being removed are skipped.
 *
 * Return: 0, or -ENOENT past the last device.
 */
int smc_ib_dev_info(unsigned long pos, struct smc_ib_dev_info *info)
{
	struct smc_ib_device *dev;
	struct device *parent;
	unsigned long i = 0;
	int rc = -ENOENT;
	u8 port;

	memset(info, 0, sizeof(*info));
	mutex_lock(&smc_ib_devs_lock);
	list_for_each_entry(dev, &smc_ib_devs, list) {
		if (dev->removing || i++ != pos)
			continue;
		info->id = dev;
		strscpy(info->name, smc_ib_name(dev), sizeof(info->name));
		parent = dev->ibdev->dev.parent;
		if (parent && dev_is_pci(parent)) {
			struct pci_dev *pdev = to_pci_dev(parent);

			info->pci = true;
			info->pci_vendor = pdev->vendor;
			info->pci_device = pdev->device;
			strscpy(info->pci_id, pci_name(pdev),
				sizeof(info->pci_id));
		}
		mutex_lock(&dev->lock);
		info->nports = dev->nports;
		for (port = 1; port <= dev->nports; port++) {
			const struct smc_ib_port *p = &dev->ports[port - 1];

			info->port_roce[port - 1] = p->roce;
			info->port_active[port - 1] = p->known &&
				p->state == IB_PORT_ACTIVE;
			info->port_ifindex[port - 1] = p->known ? p->ifindex : 0;
			smc_ib_port_pnetid(dev, port,
					   info->port_pnetid[port - 1]);
			info->port_pnet_user[port - 1] =
				!smc_ib_pnetid_empty(info->port_pnetid[port - 1]);
		}
		mutex_unlock(&dev->lock);
		rc = 0;
		break;
	}
	mutex_unlock(&smc_ib_devs_lock);
	return rc;
}

static void smc_ib_show_dev(struct seq_file *m, struct smc_ib_device *dev)
{
	u8 pnetid[SMC_IB_PNETID_LEN];
	unsigned int i;
	u8 port;

	mutex_lock(&dev->lock);
	for (port = 1; port <= dev->nports; port++) {
		struct smc_ib_port *p = &dev->ports[port - 1];

		if (!p->roce)
			continue;
		seq_printf(m, "%s port %u state %s mtu %d mac %pM netdev %s",
			   smc_ib_name(dev), port,
			   p->known ? smc_ib_state_name(p->state) : "unknown",
			   p->known ? ib_mtu_enum_to_int(p->active_mtu) : 0,
			   p->mac, p->known ? p->ndev_name : "-");
		smc_ib_port_pnetid(dev, port, pnetid);
		seq_printf(m, " pnet %.*s gids %u refs %u%s\n",
			   SMC_IB_PNETID_LEN,
			   smc_ib_pnetid_empty(pnetid) ? "-" :
							 (const char *)pnetid,
			   p->ngids, refcount_read(&dev->refs),
			   dev->removing ? " removing" : "");
		for (i = 0; i < p->ngids; i++)
			smc_ib_show_gid(m, &p->gids[i]);
	}
	mutex_unlock(&dev->lock);
}

static int smc_ib_devices_show(struct seq_file *m, void *v)
{
	struct smc_ib_device *dev;
	u8 id[SMC_IB_PEER_ID_LEN];
	bool valid;

	mutex_lock(&smc_ib_devs_lock);
	valid = smc_ib_peer_id_locked(id);
	seq_printf(m, "peer_id %*phN", (int)sizeof(id), id);
	if (valid)
		seq_printf(m, " from %s port %u\n",
			   smc_ib_name(smc_ib_peer.dev), smc_ib_peer.port);
	else
		seq_puts(m, " from none\n");
	list_for_each_entry(dev, &smc_ib_devs, list)
		smc_ib_show_dev(m, dev);
	mutex_unlock(&smc_ib_devs_lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_ib_devices);

/* <debugfs>/af_smc/lookup is a test interface (tests/guest/30-ib-devices.sh)
 * that runs the lookups the CLC handshake uses. Write one query:
 *	v2 <IPv4 source address> <egress netdev>
 *	v1 <egress netdev> <vlan id>
 *	alt <IPv4 source address> <vlan id> <RDMA device to exclude | ->
 *	put
 * Netdev names are those of the writer's network namespace; v2 takes the
 * VLAN from the netdev. An unknown name fails the write with ENOENT, a
 * malformed query with EINVAL. The result, read back from the file, is one line
 *	<query>: <dev> port <n> gid_index <i> gid <gid> mac <mac> ifindex <n>
 *		 vlan <id>
 * or "<query>: none". Like a link, the result holds its device reference
 * until the next query or "put", so a test can show that removing the
 * device waits for it. One result exists for all users of the file.
 */
static DEFINE_MUTEX(smc_ib_test_lock);
static struct smc_ib_sel smc_ib_test_sel;	/* smc_ib_test_lock */
static char smc_ib_test_result[256];		/* smc_ib_test_lock */

static struct smc_ib_device *smc_ib_dev_by_name(const char *name)
{
	struct smc_ib_device *dev, *found = NULL;

	mutex_lock(&smc_ib_devs_lock);
	list_for_each_entry(dev, &smc_ib_devs, list) {
		if (!dev->removing && !strcmp(smc_ib_name(dev), name)) {
			found = smc_ib_dev_get(dev);
			break;
		}
	}
	mutex_unlock(&smc_ib_devs_lock);
	return found;
}

static int smc_ib_test_query(struct net *net, char *cmd)
{
	char a1[IB_DEVICE_NAME_MAX], a2[IB_DEVICE_NAME_MAX];
	char a3[IB_DEVICE_NAME_MAX], op[8];
	struct smc_ib_device *exclude = NULL;
	struct net_device *ndev = NULL;
	__be32 saddr;
	u16 vlan;
	int n, rc;

	n = sscanf(cmd, "%7s %63s %63s %63s", op, a1, a2, a3);
	if (n == 1 && !strcmp(op, "put"))
		return 1;
	if (n == 3 && !strcmp(op, "v2")) {
		if (!in4_pton(a1, -1, (u8 *)&saddr, -1, NULL))
			return -EINVAL;
		ndev = dev_get_by_name(net, a2);
		if (!ndev)
			return -ENOENT;
		rc = smc_ib_find_v2(net, saddr, ndev, smc_ib_vlan_id(ndev),
				    &smc_ib_test_sel);
	} else if (n == 3 && !strcmp(op, "v1")) {
		if (kstrtou16(a2, 0, &vlan))
			return -EINVAL;
		ndev = dev_get_by_name(net, a1);
		if (!ndev)
			return -ENOENT;
		rc = smc_ib_find_v1(net, ndev, vlan, &smc_ib_test_sel);
	} else if (n == 4 && !strcmp(op, "alt")) {
		if (!in4_pton(a1, -1, (u8 *)&saddr, -1, NULL) ||
		    kstrtou16(a2, 0, &vlan))
			return -EINVAL;
		if (strcmp(a3, "-")) {
			exclude = smc_ib_dev_by_name(a3);
			if (!exclude)
				return -ENOENT;
		}
		rc = smc_ib_find_alt_v2(net, saddr, vlan, NULL, exclude,
					&smc_ib_test_sel);
		if (exclude)
			smc_ib_dev_put(exclude);
	} else {
		return -EINVAL;
	}
	if (ndev)
		dev_put(ndev);
	return rc;
}

static ssize_t smc_ib_lookup_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	struct net *net = current->nsproxy->net_ns;
	struct smc_ib_sel *s = &smc_ib_test_sel;
	char cmd[128];
	int rc;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	strim(cmd);

	mutex_lock(&smc_ib_test_lock);
	smc_ib_sel_put(s);
	rc = smc_ib_test_query(net, cmd);
	if (rc == 1)
		snprintf(smc_ib_test_result, sizeof(smc_ib_test_result),
			 "%s: done\n", cmd);
	else if (rc == -ENODEV)
		snprintf(smc_ib_test_result, sizeof(smc_ib_test_result),
			 "%s: none\n", cmd);
	else if (!rc)
		snprintf(smc_ib_test_result, sizeof(smc_ib_test_result),
			 "%s: %s port %u gid_index %u gid %pI6c mac %pM ifindex %d vlan %u\n",
			 cmd, smc_ib_name(s->dev), s->port, s->gid_index,
			 s->gid, s->mac, s->ifindex, s->vlan_id);
	else
		snprintf(smc_ib_test_result, sizeof(smc_ib_test_result),
			 "%s: error %d\n", cmd, rc);
	mutex_unlock(&smc_ib_test_lock);
	return rc < 0 && rc != -ENODEV ? rc : len;
}

static ssize_t smc_ib_lookup_read(struct file *file, char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	ssize_t rc;

	mutex_lock(&smc_ib_test_lock);
	rc = simple_read_from_buffer(ubuf, len, ppos, smc_ib_test_result,
				     strlen(smc_ib_test_result));
	mutex_unlock(&smc_ib_test_lock);
	return rc;
}

static const struct file_operations smc_ib_lookup_fops = {
	.owner	= THIS_MODULE,
	.open	= simple_open,
	.read	= smc_ib_lookup_read,
	.write	= smc_ib_lookup_write,
	.llseek	= default_llseek,
};

static void smc_ib_debugfs_init(void)
{
	struct dentry *dir = debugfs_lookup(KBUILD_MODNAME, NULL);

	if (IS_ERR_OR_NULL(dir))
		return;		/* no debugfs: nothing to show */
	smc_ib_devices_file = debugfs_create_file("devices", 0444, dir, NULL,
						  &smc_ib_devices_fops);
	smc_ib_lookup_file = debugfs_create_file("lookup", 0600, dir, NULL,
						 &smc_ib_lookup_fops);
	dput(dir);
}

static void smc_ib_debugfs_uninit(void)
{
	/* waits until no reader or writer is inside the files */
	debugfs_remove(smc_ib_lookup_file);
	debugfs_remove(smc_ib_devices_file);
	smc_ib_lookup_file = NULL;
	smc_ib_devices_file = NULL;
	mutex_lock(&smc_ib_test_lock);
	smc_ib_sel_put(&smc_ib_test_sel);
	smc_ib_test_result[0] = '\0';
	mutex_unlock(&smc_ib_test_lock);
}

/* ------------------------------------------------------------------------
 * Init and exit
 */

int smc_ib_init(void)
{
	int rc;

	get_random_bytes(smc_ib_peer_rand, sizeof(smc_ib_peer_rand));
	smc_ib_wq = alloc_ordered_workqueue("af_smc_ib", 0);
	if (!smc_ib_wq)
		return -ENOMEM;
	/* calls smc_ib_add() for every RDMA device present */
	rc = ib_register_client(&smc_ib_client);
	if (rc) {
		destroy_workqueue(smc_ib_wq);
		return rc;
	}
	smc_ib_debugfs_init();
	return 0;
}

void smc_ib_uninit(void)
{
	smc_ib_debugfs_uninit();
	/* calls smc_ib_remove() for every device we added */
	ib_unregister_client(&smc_ib_client);
	destroy_workqueue(smc_ib_wq);
	WARN_ON_ONCE(!list_empty(&smc_ib_devs));
}
