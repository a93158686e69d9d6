// SPDX-License-Identifier: GPL-2.0
/*
 * pnet.c - the per network namespace PNET table (see pnet.h).
 *
 * A netdev entry names its netdev and remembers the ifindex of the device
 * of that name while one is registered: adding an entry binds it to an
 * existing device, NETDEV_REGISTER binds a device that appears later and
 * NETDEV_UNREGISTER (also sent when a device leaves the namespace) unbinds
 * it. The entry itself stays, as upstream's does, so a device that comes
 * back under the same name has its PNET ID again; a renamed device keeps
 * it. Entries hold no reference on the device.
 *
 * <debugfs>/af_smc/pnet lists the entries of every namespace with their
 * binding.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/debugfs.h>
#include <linux/if.h>
#include <linux/netdevice.h>
#include <linux/netlink.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <net/net_namespace.h>
#include <rdma/ib_verbs.h>

#include "pnet.h"
#include "netns.h"
#include "objcount.h"

/**
 * struct smc_pnet_entry - one entry of a PNET table
 * @list: in struct smc_pnet_table.entries
 * @pnetid: the PNET ID, upper case, NUL padded
 * @name: netdev name (@ibport 0) or RDMA device name
 * @ibport: RDMA port of an RDMA entry, 0 for a netdev entry
 * @ifindex: netdev entry: ifindex of the registered device named @name,
 *	0 while there is none
 */
struct smc_pnet_entry {
	struct list_head list;
	char pnetid[SMC_PNETID_LEN + 1];
	char name[IB_DEVICE_NAME_MAX];
	u8 ibport;
	int ifindex;
};

static struct dentry *smc_pnet_debugfs;

static struct smc_pnet_table *smc_pnet_table(struct net *net)
{
	return &smc_net(net)->pnet;
}

static bool smc_pnet_blank(char c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* smc_pnet_id_parse() - check a PNET ID as the user typed it and put it in
 * canonical form: blanks around it are dropped, 1 to SMC_PNETID_LEN ASCII
 * letters and digits must remain, lower case becomes upper case. @id has
 * SMC_PNETID_LEN + 1 bytes and is NUL padded. (Upstream's ctype checks also
 * let Latin-1 letters through.)
 */
static bool smc_pnet_id_parse(const char *raw, char *id)
{
	size_t len, i;

	while (smc_pnet_blank(*raw))
		raw++;
	len = strlen(raw);
	while (len && smc_pnet_blank(raw[len - 1]))
		len--;
	if (!len || len > SMC_PNETID_LEN)
		return false;
	memset(id, 0, SMC_PNETID_LEN + 1);
	for (i = 0; i < len; i++) {
		char c = raw[i];

		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		else if (!(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9'))
			return false;
		id[i] = c;
	}
	return true;
}

static struct smc_pnet_entry *smc_pnet_entry_new(const char *id)
{
	struct smc_pnet_entry *e;

	e = kzalloc(sizeof(*e), GFP_KERNEL_ACCOUNT);
	if (!e)
		return NULL;
	memcpy(e->pnetid, id, sizeof(e->pnetid));
	smc_obj_inc(SMC_OBJ_PNET);
	return e;
}

static void smc_pnet_entry_free(struct smc_pnet_entry *e)
{
	if (!e)
		return;
	kfree(e);
	smc_obj_dec(SMC_OBJ_PNET);
}

static void smc_pnet_free_list(struct list_head *list)
{
	struct smc_pnet_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, list, list) {
		list_del(&e->list);
		smc_pnet_entry_free(e);
	}
}

/* Does the table have an entry for the netdev or RDMA port of @new? */
static bool smc_pnet_dup(struct smc_pnet_table *t,
			 const struct smc_pnet_entry *new)
{
	struct smc_pnet_entry *e;

	lockdep_assert_held(&t->lock);
	list_for_each_entry(e, &t->entries, list)
		if (e->ibport == new->ibport && !strcmp(e->name, new->name))
			return true;
	return false;
}

/**
 * smc_pnet_add() - add netdev and/or RDMA port entries to a PNET table
 * @net: the network namespace whose table changes
 * @pnetid: the PNET ID as the user gave it (NUL terminated)
 * @ethname: netdev name, or NULL
 * @ibname: RDMA device name (blanks around it are dropped), or NULL;
 *	ignored outside the initial network namespace
 * @ibport: RDMA port, or NULL for port 1
 * @extack: receives the reason of a failure
 *
 * A netdev name or RDMA port has one entry at most; a PNET ID can have many.
 * Every argument is checked before the table changes. Error codes are
 * upstream's, including -EEXIST when there is nothing to add.
 *
 * Return: 0 if an entry was added; -EINVAL for an invalid PNET ID, port or
 * empty name; -EEXIST if every named device has an entry already, or none
 * was named; -ENOMEM.
 */
int smc_pnet_add(struct net *net, const char *pnetid, const char *ethname,
		 const char *ibname, const u8 *ibport,
		 struct netlink_ext_ack *extack)
{
	struct smc_pnet_table *t = smc_pnet_table(net);
	struct smc_pnet_entry *eth = NULL, *ib = NULL;
	char id[SMC_PNETID_LEN + 1];
	bool added = false;
	int rc = -ENOMEM;

	if (!smc_pnet_id_parse(pnetid, id)) {
		NL_SET_ERR_MSG(extack,
			       "a PNET ID has 1 to 16 letters and digits");
		return -EINVAL;
	}
	if (!net_eq(net, &init_net))
		ibname = NULL;
	if (ibname && ibport && (*ibport < 1 || *ibport > SMC_PNET_MAX_PORT)) {
		NL_SET_ERR_MSG(extack, "the RDMA port must be 1 or 2");
		return -EINVAL;
	}
	if (!ethname && !ibname) {
		if (net_eq(net, &init_net))
			NL_SET_ERR_MSG(extack,
				       "no netdev and no RDMA device given");
		else
			NL_SET_ERR_MSG(extack,
				       "no netdev given; RDMA devices are configured in the initial network namespace");
		return -EEXIST;
	}

	if (ethname) {
		eth = smc_pnet_entry_new(id);
		if (!eth)
			goto out;
		strscpy(eth->name, ethname, IFNAMSIZ);
	}
	if (ibname) {
		size_t len;

		ib = smc_pnet_entry_new(id);
		if (!ib)
			goto out;
		while (smc_pnet_blank(*ibname))
			ibname++;
		strscpy(ib->name, ibname, sizeof(ib->name));
		len = strlen(ib->name);
		while (len > 0 && smc_pnet_blank(ib->name[len - 1]))
			ib->name[--len] = '\0';
		ib->ibport = ibport ? *ibport : 1;
	}
	if ((eth && !eth->name[0]) || (ib && !ib->name[0])) {
		NL_SET_ERR_MSG(extack, "empty device name");
		rc = -EINVAL;
		goto out;
	}

	spin_lock_bh(&t->lock);
	if (eth && !smc_pnet_dup(t, eth)) {
		struct net_device *dev;

		rcu_read_lock();
		dev = dev_get_by_name_rcu(net, eth->name);
		if (dev)
			eth->ifindex = dev->ifindex;
		rcu_read_unlock();
		list_add_tail(&eth->list, &t->entries);
		eth = NULL;
		added = true;
	}
	if (ib && !smc_pnet_dup(t, ib)) {
		list_add_tail(&ib->list, &t->entries);
		ib = NULL;
		added = true;
	}
	spin_unlock_bh(&t->lock);

	rc = 0;
	if (!added) {
		NL_SET_ERR_MSG(extack,
			       "the device has a PNET table entry already");
		rc = -EEXIST;
	}
out:
	smc_pnet_entry_free(eth);
	smc_pnet_entry_free(ib);
	return rc;
}

/**
 * smc_pnet_del() - remove every entry of a PNET ID
 * @net: the network namespace whose table changes
 * @pnetid: the PNET ID as the user gave it; it is compared in canonical
 *	form (upstream compares the raw string, so it cannot delete an ID
 *	that was added in lower case)
 *
 * Return: 0, or -ENOENT if no entry has this PNET ID.
 */
int smc_pnet_del(struct net *net, const char *pnetid)
{
	struct smc_pnet_table *t = smc_pnet_table(net);
	struct smc_pnet_entry *e, *tmp;
	char id[SMC_PNETID_LEN + 1];
	LIST_HEAD(gone);

	if (!smc_pnet_id_parse(pnetid, id))
		return -ENOENT;
	spin_lock_bh(&t->lock);
	list_for_each_entry_safe(e, tmp, &t->entries, list)
		if (!strcmp(e->pnetid, id))
			list_move_tail(&e->list, &gone);
	spin_unlock_bh(&t->lock);
	if (list_empty(&gone))
		return -ENOENT;
	smc_pnet_free_list(&gone);
	return 0;
}

/**
 * smc_pnet_flush() - remove every entry of a network namespace's table
 * @net: the network namespace
 */
void smc_pnet_flush(struct net *net)
{
	struct smc_pnet_table *t = smc_pnet_table(net);
	LIST_HEAD(gone);

	spin_lock_bh(&t->lock);
	list_splice_init(&t->entries, &gone);
	spin_unlock_bh(&t->lock);
	smc_pnet_free_list(&gone);
}

/**
 * smc_pnet_walk() - call a function for entries of a PNET table
 * @net: the network namespace
 * @pnetid: only entries of this PNET ID (as the user gave it), or NULL
 * @skip: number of (matching) entries to pass over first
 * @fn: called for each entry under the table's spinlock with bottom halves
 *	disabled, so it must not sleep; a non-zero return stops the walk
 * @arg: passed to @fn
 *
 * Return: the number of matching entries passed over or shown to @fn
 * without stopping it: the @skip value that resumes the walk at the entry
 * where @fn stopped.
 */
int smc_pnet_walk(struct net *net, const char *pnetid, int skip,
		  int (*fn)(const struct smc_pnet_info *info, void *arg),
		  void *arg)
{
	struct smc_pnet_table *t = smc_pnet_table(net);
	char id[SMC_PNETID_LEN + 1];
	struct smc_pnet_entry *e;
	int idx = 0;

	if (pnetid && !smc_pnet_id_parse(pnetid, id))
		return 0;
	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->entries, list) {
		struct smc_pnet_info info = {
			.pnetid = e->pnetid,
			.ethname = e->ibport ? NULL : e->name,
			.ibname = e->ibport ? e->name : NULL,
			.ibport = e->ibport,
		};

		if (pnetid && strcmp(e->pnetid, id))
			continue;
		if (idx >= skip && fn(&info, arg))
			break;
		idx++;
	}
	spin_unlock_bh(&t->lock);
	return idx;
}

/* the PNET ID of the netdev entry bound to @ifindex in @net's table */
static int smc_pnet_lookup_ifindex(struct net *net, int ifindex,
				   u8 *pnetid)
{
	struct smc_pnet_table *t = smc_pnet_table(net);
	struct smc_pnet_entry *e;
	int rc = -ENOENT;

	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->entries, list) {
		if (!e->ibport && e->ifindex == ifindex) {
			memcpy(pnetid, e->pnetid, SMC_PNETID_LEN);
			rc = 0;
			break;
		}
	}
	spin_unlock_bh(&t->lock);
	return rc;
}

/**
 * smc_pnet_id_of_netdev() - the PNET ID of the netdev a connection uses
 * @ndev: the netdev (e.g. the route's output device); the caller holds a
 *	reference on it or the RCU read lock
 * @pnetid: SMC_PNETID_LEN bytes; receives the PNET ID, upper case, NUL
 *	padded (no terminating NUL when it has 16 characters)
 *
 * Like upstream, the base device below stacked devices (VLAN, bond, macvlan;
 * the first lower device on each level) is asked first, in the table of its
 * own namespace, then @ndev in its namespace's table.
 *
 * Return: 0, or -ENOENT if neither device has an entry (then the RDMA port
 * of the netdev itself is the one to use); @pnetid is all NULs then.
 */
int smc_pnet_id_of_netdev(const struct net_device *ndev, u8 *pnetid)
{
	/* the walk only reads, but the core's iterator takes no const */
	struct net_device *base = (struct net_device *)ndev;
	int i, rc;

	memset(pnetid, 0, SMC_PNETID_LEN);
	rcu_read_lock();
	for (i = 0; i < MAX_NEST_DEV; i++) {
		struct list_head *iter = &base->adj_list.lower;
		struct net_device *lower;

		lower = netdev_next_lower_dev_rcu(base, &iter);
		if (!lower)
			break;
		base = lower;
	}
	rc = smc_pnet_lookup_ifindex(dev_net(base), base->ifindex, pnetid);
	if (rc && base != ndev)
		rc = smc_pnet_lookup_ifindex(dev_net(ndev), ndev->ifindex,
					     pnetid);
	rcu_read_unlock();
	return rc;
}

/**
 * smc_pnet_id_of_ibport() - the PNET ID configured for an RDMA port
 * @ibdev: the RDMA device; an entry names it by its device name or by the
 *	name of its parent device (e.g. the PCI address), as upstream allows
 * @port: the port, 1 or 2
 * @pnetid: SMC_PNETID_LEN bytes; receives the PNET ID, upper case, NUL
 *	padded (no terminating NUL when it has 16 characters)
 *
 * RDMA entries live in the initial network namespace's table and apply to
 * every namespace. The first matching entry wins.
 *
 * Return: 0, or -ENOENT if the port has no entry; @pnetid is all NULs then.
 */
int smc_pnet_id_of_ibport(const struct ib_device *ibdev, u8 port,
			  u8 *pnetid)
{
	struct smc_pnet_table *t = smc_pnet_table(&init_net);
	const struct device *parent = ibdev->dev.parent;
	struct smc_pnet_entry *e;
	int rc = -ENOENT;

	memset(pnetid, 0, SMC_PNETID_LEN);
	if (!port)
		return -ENOENT;
	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->entries, list) {
		if (e->ibport != port)
			continue;
		if (!strcmp(e->name, ibdev->name) ||
		    (parent && !strcmp(e->name, dev_name(parent)))) {
			memcpy(pnetid, e->pnetid, SMC_PNETID_LEN);
			rc = 0;
			break;
		}
	}
	spin_unlock_bh(&t->lock);
	return rc;
}

static int smc_pnet_netdev_event(struct notifier_block *nb,
				 unsigned long event, void *ptr)
{
	struct net_device *dev = netdev_notifier_info_to_dev(ptr);
	struct smc_pnet_table *t;
	struct smc_pnet_entry *e;

	if (event != NETDEV_REGISTER && event != NETDEV_UNREGISTER)
		return NOTIFY_DONE;
	t = smc_pnet_table(dev_net(dev));
	spin_lock_bh(&t->lock);
	list_for_each_entry(e, &t->entries, list) {
		if (e->ibport)
			continue;
		if (event == NETDEV_UNREGISTER) {
			if (e->ifindex == dev->ifindex)
				e->ifindex = 0;
		} else if (!e->ifindex && !strcmp(e->name, dev->name)) {
			e->ifindex = dev->ifindex;
		}
	}
	spin_unlock_bh(&t->lock);
	return NOTIFY_OK;
}

static struct notifier_block smc_pnet_netdev_nb = {
	.notifier_call = smc_pnet_netdev_event,
};

static int smc_pnet_show(struct seq_file *m, void *v)
{
	struct net *net;

	seq_puts(m, "netns pnetid type name port ifindex\n");
	rcu_read_lock();
	for_each_net_rcu(net) {
		struct smc_pnet_table *t = smc_pnet_table(net);
		struct smc_pnet_entry *e;

		spin_lock_bh(&t->lock);
		list_for_each_entry(e, &t->entries, list) {
			if (e->ibport)
				seq_printf(m, "%u %s ib %s %u -\n",
					   net->ns.inum, e->pnetid, e->name,
					   e->ibport);
			else if (e->ifindex)
				seq_printf(m, "%u %s eth %s - %d\n",
					   net->ns.inum, e->pnetid, e->name,
					   e->ifindex);
			else
				seq_printf(m, "%u %s eth %s - -\n",
					   net->ns.inum, e->pnetid, e->name);
		}
		spin_unlock_bh(&t->lock);
	}
	rcu_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_pnet);

/**
 * smc_pnet_net_init() - set up the empty PNET table of a new namespace
 * @net: the network namespace
 */
void smc_pnet_net_init(struct net *net)
{
	struct smc_pnet_table *t = smc_pnet_table(net);

	spin_lock_init(&t->lock);
	INIT_LIST_HEAD(&t->entries);
}

/**
 * smc_pnet_net_exit() - free the entries of a namespace that goes away
 * @net: the network namespace
 */
void smc_pnet_net_exit(struct net *net)
{
	smc_pnet_flush(net);
}

/**
 * smc_pnet_init() - follow netdev registrations; create debugfs "pnet"
 *
 * Context: after smc_netns_init(), which creates the per-namespace tables.
 *
 * Return: 0 or a negative error code.
 */
int smc_pnet_init(void)
{
	int rc;

	rc = register_netdevice_notifier(&smc_pnet_netdev_nb);
	if (rc)
		return rc;
	smc_pnet_debugfs = debugfs_create_file("pnet", 0400,
					       smc_debugfs_root(), NULL,
					       &smc_pnet_fops);
	return 0;
}

/**
 * smc_pnet_uninit() - undo smc_pnet_init()
 */
void smc_pnet_uninit(void)
{
	debugfs_remove(smc_pnet_debugfs);
	smc_pnet_debugfs = NULL;
	unregister_netdevice_notifier(&smc_pnet_netdev_nb);
}
