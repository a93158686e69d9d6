// SPDX-License-Identifier: GPL-2.0
/*
 * nl_lgr.c - the SMC_GEN_NETLINK dumps of link groups, links and RDMA
 * devices, in upstream's message formats (the attribute sets
 * SMC_NLA_LGR_R_*, SMC_NLA_LINK_*, SMC_NLA_DEV_* of
 * include/uapi/linux/af_smc.h).
 *
 * Link groups and links are reported for the requester's network namespace
 * only (upstream lists those of every namespace, each with its namespace
 * cookie); devices are global, as RDMA devices are. SMC-D has no link
 * groups and no devices here: its dumps are empty, as upstream's are on a
 * machine without ISM devices.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/pci.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <rdma/ib_verbs.h>
#include <uapi/linux/af_smc.h>

#include "clc_wire.h"
#include "ib.h"
#include "lgr.h"
#include "llc.h"
#include "netlink.h"
#include "pnet.h"

/* upstream's enum smc_lgr_type, as its tools print it */
enum {
	SMC_NL_LGR_TYPE_NONE,		/* no usable link */
	SMC_NL_LGR_TYPE_SINGLE,		/* one link */
	SMC_NL_LGR_TYPE_SYMMETRIC,	/* two links, two devices each side */
	SMC_NL_LGR_TYPE_ASYM_PEER,	/* two links, one device at the peer */
	SMC_NL_LGR_TYPE_ASYM_LOCAL,	/* two links, one device of ours */
};

#define SMC_NL_GID_STR_LEN	41	/* 8 x "xxxx:" and a NUL */

/**
 * struct smc_nl_lgr_ctx - one part of a link group or link dump
 * @skb: the message buffer
 * @cb: the dump's state
 * @net: the requester's namespace
 * @links: also report each group's links (SMC_NETLINK_GET_LINK_SMCR)
 */
struct smc_nl_lgr_ctx {
	struct sk_buff *skb;
	struct netlink_callback *cb;
	struct net *net;
	bool links;
};

/* eight groups of four hex digits, as upstream prints a GID */
static void smc_nl_gid_str(char *out, const u8 *gid)
{
	snprintf(out, SMC_NL_GID_STR_LEN, "%pI6", gid);
}

/* a text attribute from a fixed-size field that need not end in a NUL */
static int smc_nl_put_field(struct sk_buff *skb, int type, const u8 *field,
			    size_t len)
{
	char buf[SMC_CLC_EID_LEN + 1];

	len = min(len, sizeof(buf) - 1);
	memcpy(buf, field, len);
	buf[len] = '\0';
	return nla_put_string(skb, type, buf);
}

static int smc_nl_lgr_v2(struct sk_buff *skb, const struct smc_lgr *lgr)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, SMC_NLA_LGR_R_V2_COMMON);
	if (!nest)
		return -EMSGSIZE;
	/* upstream numbers this set from 0, so VER is attribute type 0 */
	if (nla_put_u8(skb, SMC_NLA_LGR_V2_VER, lgr->version) ||
	    nla_put_u8(skb, SMC_NLA_LGR_V2_REL, lgr->peer_release) ||
	    nla_put_u8(skb, SMC_NLA_LGR_V2_OS, lgr->peer_os) ||
	    smc_nl_put_field(skb, SMC_NLA_LGR_V2_PEER_HOST,
			     lgr->peer_hostname, sizeof(lgr->peer_hostname)) ||
	    smc_nl_put_field(skb, SMC_NLA_LGR_V2_NEG_EID, lgr->eid,
			     sizeof(lgr->eid)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	nest = nla_nest_start(skb, SMC_NLA_LGR_R_V2);
	if (!nest)
		return -EMSGSIZE;
	/* af_smc's SMC-Rv2 links never go through a gateway */
	if (nla_put_u8(skb, SMC_NLA_LGR_R_V2_DIRECT, 1) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_V2_MAX_CONNS, lgr->max_conns) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_V2_MAX_LINKS, lgr->max_links))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* a link that carries or is about to carry traffic, as upstream lists */
static bool smc_nl_link_listed(const struct smc_link *lnk)
{
	u8 state = READ_ONCE(lnk->state);

	return (state == SMC_LNK_ACTIVATING || state == SMC_LNK_ACTIVE) &&
	       lnk->sel.dev;
}

/* what upstream calls the group's type, from its usable links */
static u8 smc_nl_lgr_type(const struct smc_lgr *lgr)
{
	const struct smc_link *seen[2];
	int i, n = 0;

	for (i = 0; i < SMC_LINKS_PER_LGR && n < 2; i++)
		if (smc_nl_link_listed(&lgr->links[i]))
			seen[n++] = &lgr->links[i];
	if (n < 2)
		return n ? SMC_NL_LGR_TYPE_SINGLE : SMC_NL_LGR_TYPE_NONE;
	if (seen[0]->sel.dev == seen[1]->sel.dev)
		return SMC_NL_LGR_TYPE_ASYM_LOCAL;
	if (!memcmp(seen[0]->peer_gid, seen[1]->peer_gid, SMC_IB_GID_LEN))
		return SMC_NL_LGR_TYPE_ASYM_PEER;
	return SMC_NL_LGR_TYPE_SYMMETRIC;
}

static int smc_nl_lgr_fill(struct sk_buff *skb, const struct smc_lgr *lgr)
{
	const struct smc_link *lnk0 = &lgr->links[0];
	u8 pnetid[SMC_IB_PNETID_LEN];
	struct nlattr *nest;

	memset(pnetid, 0, sizeof(pnetid));
	if (READ_ONCE(lnk0->state) != SMC_LNK_UNUSED && lnk0->sel.dev)
		smc_pnet_id_of_ibport(lnk0->sel.dev->ibdev, lnk0->sel.port,
				      pnetid);
	nest = nla_nest_start(skb, SMC_GEN_LGR_SMCR);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u32(skb, SMC_NLA_LGR_R_ID, lgr->id) ||
	    nla_put_u32(skb, SMC_NLA_LGR_R_CONNS_NUM,
			READ_ONCE(lgr->conns_num)) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_ROLE, lgr->role) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_TYPE, smc_nl_lgr_type(lgr)) ||
	    /* enum smc_buf_type has upstream's values */
	    nla_put_u8(skb, SMC_NLA_LGR_R_BUF_TYPE, lgr->buf_type) ||
	    nla_put_u8(skb, SMC_NLA_LGR_R_VLAN_ID, lnk0->sel.vlan_id) ||
	    nla_put_u64_64bit(skb, SMC_NLA_LGR_R_NET_COOKIE,
			      lgr->net->net_cookie, SMC_NLA_LGR_R_PAD) ||
	    smc_nl_put_field(skb, SMC_NLA_LGR_R_PNETID, pnetid,
			     sizeof(pnetid)) ||
	    smc_nla_put_uint(skb, SMC_NLA_LGR_R_SNDBUF_ALLOC,
			     READ_ONCE(lgr->alloc_sndbufs)) ||
	    smc_nla_put_uint(skb, SMC_NLA_LGR_R_RMB_ALLOC,
			     READ_ONCE(lgr->alloc_rmbs)))
		return -EMSGSIZE;
	if (lgr->version >= SMC_CLC_V2 && smc_nl_lgr_v2(skb, lgr))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int smc_nl_link_fill(struct sk_buff *skb, const struct smc_lgr *lgr,
			    const struct smc_link *lnk)
{
	char gid[SMC_NL_GID_STR_LEN];
	struct nlattr *nest;
	u8 uid[4];
	u32 uid32;

	smc_llc_link_uid(lnk, uid);
	memcpy(&uid32, uid, sizeof(uid32));
	nest = nla_nest_start(skb, SMC_GEN_LINK_SMCR);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_LINK_ID, lnk->link_id) ||
	    nla_put_u32(skb, SMC_NLA_LINK_STATE, READ_ONCE(lnk->state)) ||
	    nla_put_u32(skb, SMC_NLA_LINK_CONN_CNT,
			READ_ONCE(lgr->conns_num)) ||
	    nla_put_u8(skb, SMC_NLA_LINK_IB_PORT, lnk->sel.port) ||
	    nla_put_u32(skb, SMC_NLA_LINK_NET_DEV, lnk->sel.ifindex) ||
	    nla_put_string(skb, SMC_NLA_LINK_IB_DEV,
			   dev_name(&lnk->sel.dev->ibdev->dev)) ||
	    nla_put_u32(skb, SMC_NLA_LINK_UID, uid32) ||
	    /* the peer's link user ID is not kept */
	    nla_put_u32(skb, SMC_NLA_LINK_PEER_UID, 0))
		return -EMSGSIZE;
	smc_nl_gid_str(gid, lnk->sel.gid);
	if (nla_put_string(skb, SMC_NLA_LINK_GID, gid))
		return -EMSGSIZE;
	smc_nl_gid_str(gid, lnk->peer_gid);
	if (nla_put_string(skb, SMC_NLA_LINK_PEER_GID, gid))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* one group, and its links if asked: all its messages or none */
static int smc_nl_lgr_one(struct smc_lgr *lgr, void *arg)
{
	struct smc_nl_lgr_ctx *ctx = arg;
	struct sk_buff *skb = ctx->skb;
	int start = skb->len, i;
	void *hdr;

	if (!net_eq(lgr->net, ctx->net))
		return 0;
	hdr = smc_nl_msg_start(skb, ctx->cb, SMC_NETLINK_GET_LGR_SMCR);
	if (!hdr || smc_nl_lgr_fill(skb, lgr))
		goto trim;
	genlmsg_end(skb, hdr);
	for (i = 0; ctx->links && i < SMC_LINKS_PER_LGR; i++) {
		const struct smc_link *lnk = &lgr->links[i];

		if (!smc_nl_link_listed(lnk))
			continue;
		hdr = smc_nl_msg_start(skb, ctx->cb, SMC_NETLINK_GET_LINK_SMCR);
		if (!hdr || smc_nl_link_fill(skb, lgr, lnk))
			goto trim;
		genlmsg_end(skb, hdr);
	}
	return 0;

trim:
	nlmsg_trim(skb, skb_tail_pointer(skb) - (skb->len - start));
	return -EMSGSIZE;
}

static int smc_nl_lgr_dump(struct sk_buff *skb, struct netlink_callback *cb,
			   bool links)
{
	struct smc_nl_lgr_ctx ctx = {
		.skb = skb,
		.cb = cb,
		.net = sock_net(skb->sk),
		.links = links,
	};

	cb->args[0] = smc_lgr_for_each(cb->args[0], smc_nl_lgr_one, &ctx);
	return skb->len;
}

int smc_nl_lgr_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return smc_nl_lgr_dump(skb, cb, false);
}

int smc_nl_link_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return smc_nl_lgr_dump(skb, cb, true);
}

/**
 * struct smc_nl_dev_links - links of one device, counted over link groups
 * @dev: the device (struct smc_ib_device), compared only
 * @per_port: links on each port
 * @critical: a group has its only usable link on this device
 */
struct smc_nl_dev_links {
	const void *dev;
	u32 per_port[SMC_IB_MAX_PORTS];
	bool critical;
};

static int smc_nl_dev_count(struct smc_lgr *lgr, void *arg)
{
	struct smc_nl_dev_links *dl = arg;
	int i, usable = 0, here = 0;

	for (i = 0; i < SMC_LINKS_PER_LGR; i++) {
		const struct smc_link *lnk = &lgr->links[i];

		if (!smc_nl_link_listed(lnk))
			continue;
		usable++;
		if (lnk->sel.dev != dl->dev)
			continue;
		here++;
		if (lnk->sel.port >= 1 && lnk->sel.port <= SMC_IB_MAX_PORTS)
			dl->per_port[lnk->sel.port - 1]++;
	}
	if (here && usable == here)
		dl->critical = true;
	return 0;
}

static int smc_nl_dev_port(struct sk_buff *skb,
			   const struct smc_ib_dev_info *info,
			   const struct smc_nl_dev_links *dl, int i)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, SMC_NLA_DEV_PORT + i);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_DEV_PORT_PNET_USR,
		       info->port_pnet_user[i]) ||
	    smc_nl_put_field(skb, SMC_NLA_DEV_PORT_PNETID,
			     info->port_pnetid[i], SMC_IB_PNETID_LEN) ||
	    nla_put_u32(skb, SMC_NLA_DEV_PORT_NETDEV, info->port_ifindex[i]) ||
	    nla_put_u8(skb, SMC_NLA_DEV_PORT_VALID, 1) ||
	    nla_put_u8(skb, SMC_NLA_DEV_PORT_STATE, info->port_active[i]) ||
	    nla_put_u32(skb, SMC_NLA_DEV_PORT_LNK_CNT, dl->per_port[i]))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int smc_nl_dev_fill(struct sk_buff *skb, struct netlink_callback *cb,
			   const struct smc_ib_dev_info *info)
{
	struct smc_nl_dev_links dl = { .dev = info->id };
	struct nlattr *nest;
	void *hdr;
	int i;

	smc_lgr_for_each(0, smc_nl_dev_count, &dl);
	hdr = smc_nl_msg_start(skb, cb, SMC_NETLINK_GET_DEV_SMCR);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SMC_GEN_DEV_SMCR);
	if (!nest)
		goto cancel;
	if (nla_put_u8(skb, SMC_NLA_DEV_IS_CRIT, dl.critical))
		goto cancel;
	/* no function ID nor channel ID outside s390: reported as 0 */
	if (info->pci &&
	    (nla_put_u32(skb, SMC_NLA_DEV_PCI_FID, 0) ||
	     nla_put_u16(skb, SMC_NLA_DEV_PCI_CHID, 0) ||
	     nla_put_u16(skb, SMC_NLA_DEV_PCI_VENDOR, info->pci_vendor) ||
	     nla_put_u16(skb, SMC_NLA_DEV_PCI_DEVICE, info->pci_device) ||
	     nla_put_string(skb, SMC_NLA_DEV_PCI_ID, info->pci_id)))
		goto cancel;
	if (nla_put_string(skb, SMC_NLA_DEV_IB_NAME, info->name))
		goto cancel;
	for (i = 0; i < info->nports && i < SMC_IB_MAX_PORTS; i++)
		if (smc_nl_dev_port(skb, info, &dl, i))
			goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	return 0;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

int smc_nl_dev_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_ib_dev_info *info;

	info = kmalloc(sizeof(*info), GFP_KERNEL);
	if (!info)
		return -ENOMEM;
	while (!smc_ib_dev_info(cb->args[0], info)) {
		if (smc_nl_dev_fill(skb, cb, info))
			break;
		cb->args[0]++;
	}
	kfree(info);
	return skb->len;
}

/* SMC-D link groups and devices: there are none */
int smc_nl_none_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	return 0;
}
