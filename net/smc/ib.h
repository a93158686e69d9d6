/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ib.h - the RDMA devices af_smc can use: an ib_client that tracks RoCE
 * devices and their ports, and the lookups that choose the device, port and
 * GID for an SMC-R link.
 *
 * Lifetime: every struct smc_ib_device that a lookup returns comes with a
 * reference; drop it with smc_ib_sel_put() (or smc_ib_dev_put() for one
 * taken with smc_ib_dev_get()). When the RDMA core removes a device, its
 * remove callback tells the users (SMC_IB_EV_DEVICE_REMOVE through the
 * notifier chain) and waits until every reference is gone, so a holder may
 * use the device's ib_device until it drops its reference.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_IB_H
#define _AF_SMC_IB_H

#include <linux/completion.h>
#include <linux/etherdevice.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/notifier.h>
#include <linux/refcount.h>
#include <linux/workqueue.h>
#include <rdma/ib_verbs.h>

#include "ib_select.h"

/* ports per device that af_smc uses (upstream SMC: 2; pnet table: 1..2) */
#define SMC_IB_MAX_PORTS	2
#define SMC_IB_GID_LEN		16
#define SMC_IB_PEER_ID_LEN	8
/* GID indexes af_smc can use: an address handle carries 8 bits of it */
#define SMC_IB_MAX_GID_INDEX	255

/**
 * struct smc_ib_gid - a RoCE GID of a port, as last read from the RDMA core
 * @raw: the GID
 * @index: its index in the port's GID table
 * @kind: what SMC-R can do with it
 * @vlan_id: VLAN of its netdev, 0 if untagged
 * @ifindex: its netdev's ifindex (in the netdev's own namespace)
 * @ndev_name: its netdev's name when read
 */
struct smc_ib_gid {
	u8 raw[SMC_IB_GID_LEN];
	u16 index;
	enum smc_ib_gid_kind kind;
	u16 vlan_id;
	int ifindex;
	char ndev_name[IFNAMSIZ];
};

/**
 * struct smc_ib_port - cached state of one port
 * @roce: the port runs RoCE; other ports are never refreshed nor used
 * @known: refreshed at least once since the device was added
 * @state: port state (IB_PORT_ACTIVE means usable)
 * @active_mtu: active path MTU
 * @gid_tbl_len: size of the port's GID table
 * @mac: MAC of the port's netdev (the one of GID 0), zero if unknown
 * @ifindex: ifindex of that netdev, 0 if unknown
 * @ndev_name: name of that netdev when read, "-" if unknown
 * @ngids: entries in @gids
 * @gids: the port's RoCE GIDs with an index up to %SMC_IB_MAX_GID_INDEX
 *
 * Protected by the device's @lock.
 */
struct smc_ib_port {
	bool roce;
	bool known;
	enum ib_port_state state;
	enum ib_mtu active_mtu;
	int gid_tbl_len;
	u8 mac[ETH_ALEN];
	int ifindex;
	char ndev_name[IFNAMSIZ];
	unsigned int ngids;
	struct smc_ib_gid *gids;
};

/**
 * struct smc_ib_device - af_smc's view of one RDMA device
 * @ibdev: the RDMA core's device; valid while a reference is held
 * @list: entry in the device list (smc_ib_devs_lock)
 * @refs: references: one for being registered, one per holder
 * @released: completed when @refs drops to zero (remove waits for it)
 * @removing: the RDMA core is removing the device; lookups skip it
 *	(smc_ib_devs_lock)
 * @nports: number of entries in @ports (ports 1 to @nports)
 * @lock: protects @ports
 * @ports: cached port state, index 0 is port 1
 * @port_events: bit N set: port N + 1 must be refreshed
 * @port_work: refreshes the ports named in @port_events
 * @event_handler: receives the device's asynchronous events
 */
struct smc_ib_device {
	struct ib_device *ibdev;
	struct list_head list;
	refcount_t refs;
	struct completion released;
	bool removing;
	u8 nports;
	struct mutex lock;		/* protects ports[] */
	struct smc_ib_port ports[SMC_IB_MAX_PORTS];
	unsigned long port_events;
	struct work_struct port_work;
	struct ib_event_handler event_handler;
};

/**
 * struct smc_ib_sel - a device, port and GID chosen for an SMC-R link
 * @dev: the device; the selection holds a reference (smc_ib_sel_put())
 * @port: port number (1-based)
 * @gid_index: index of @gid in the port's GID table
 * @gid: the local GID (for SMC-Rv2 an IPv4-mapped RoCE v2 GID)
 * @mac: MAC of the GID's netdev
 * @ifindex: ifindex of the GID's netdev
 * @vlan_id: VLAN of the GID's netdev, 0 if untagged
 */
struct smc_ib_sel {
	struct smc_ib_device *dev;
	u8 port;
	u8 gid_index;
	u8 gid[SMC_IB_GID_LEN];
	u8 mac[ETH_ALEN];
	int ifindex;
	u16 vlan_id;
};

/**
 * enum smc_ib_event - what the notifier chain reports
 * @SMC_IB_EV_PORT_ACTIVE: a port became ACTIVE
 * @SMC_IB_EV_PORT_DOWN: a port left the ACTIVE state
 * @SMC_IB_EV_GID_CHANGE: a port's RoCE GIDs changed
 * @SMC_IB_EV_DEVICE_REMOVE: the device is being removed: drop every
 *	reference to it (the removal waits for that)
 */
enum smc_ib_event {
	SMC_IB_EV_PORT_ACTIVE,
	SMC_IB_EV_PORT_DOWN,
	SMC_IB_EV_GID_CHANGE,
	SMC_IB_EV_DEVICE_REMOVE,
};

/**
 * struct smc_ib_event_info - the data of a notifier call
 * @dev: the device (a reference is held during the call)
 * @port: the port, 0 for %SMC_IB_EV_DEVICE_REMOVE
 */
struct smc_ib_event_info {
	struct smc_ib_device *dev;
	u8 port;
};

struct smc_ib_device *smc_ib_dev_get(struct smc_ib_device *dev);
void smc_ib_dev_put(struct smc_ib_device *dev);

int smc_ib_find_v2(struct net *net, __be32 saddr, struct net_device *egress,
		   u16 vlan_id, struct smc_ib_sel *sel);
int smc_ib_find_v1(struct net *net, struct net_device *egress, u16 vlan_id,
		   struct smc_ib_sel *sel);
int smc_ib_find_alt_v2(struct net *net, __be32 saddr, u16 vlan_id,
		       const u8 *lgr_pnetid,
		       const struct smc_ib_device *exclude,
		       struct smc_ib_sel *sel);
void smc_ib_sel_put(struct smc_ib_sel *sel);

bool smc_ib_port_active(struct smc_ib_device *dev, u8 port);
bool smc_ib_peer_id(u8 id[SMC_IB_PEER_ID_LEN]);

int smc_ib_register_notifier(struct notifier_block *nb);
void smc_ib_unregister_notifier(struct notifier_block *nb);

/**
 * struct smc_ib_dev_info - a device as the netlink dump reports it
 * @id: the struct smc_ib_device, to be compared with links' devices only
 * @name: the RDMA device's name
 * @nports: ports 1 to @nports exist
 * @port_roce: port is RoCE (usable by SMC-R)
 * @port_active: port is ACTIVE
 * @port_ifindex: the port's netdev, 0 if unknown
 * @port_pnetid: PNET ID of the port (NUL padded), empty if none
 * @port_pnet_user: @port_pnetid comes from the user's PNET table
 * @pci: the device is a PCI function; the @pci_* fields are valid
 * @pci_vendor: PCI vendor ID
 * @pci_device: PCI device ID
 * @pci_id: PCI address ("0000:00:02.0")
 */
struct smc_ib_dev_info {
	const void *id;
	char name[IB_DEVICE_NAME_MAX];
	u8 nports;
	bool port_roce[SMC_IB_MAX_PORTS];
	bool port_active[SMC_IB_MAX_PORTS];
	int port_ifindex[SMC_IB_MAX_PORTS];
	u8 port_pnetid[SMC_IB_MAX_PORTS][SMC_IB_PNETID_LEN];
	bool port_pnet_user[SMC_IB_MAX_PORTS];
	bool pci;
	u16 pci_vendor;
	u16 pci_device;
	char pci_id[16];
};

int smc_ib_dev_info(unsigned long pos, struct smc_ib_dev_info *info);

int smc_ib_init(void);
void smc_ib_uninit(void);

#endif /* _AF_SMC_IB_H */
