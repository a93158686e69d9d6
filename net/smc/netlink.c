// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the generic netlink families of af_smc, with upstream's
 * names, numbers, policies and error codes (include/uapi/linux/af_smc.h
 * describes the messages).
 *
 * SMC_GEN_NETLINK: system information and the user EID table (eid.c);
 * the dumps of link groups, links and devices (nl_lgr.c). The tables are
 * global, so changing them
 * needs CAP_NET_ADMIN in the initial user namespace (GENL_ADMIN_PERM).
 *
 * SMC_PNETID: the PNET table of the caller's network namespace (pnet.c).
 * Changes need CAP_NET_ADMIN over that namespace (GENL_UNS_ADMIN_PERM);
 * upstream asks for it in the initial user namespace, but the table only
 * affects its own namespace and RDMA entries, which affect all, can only be
 * made in the initial namespace.
 *
 * Both families parse strictly: unknown attributes, attributes of the wrong
 * size and strings that are too long or lack their NUL are rejected by the
 * netlink core (upstream parses SMC_PNETID leniently). Dumps are open to
 * every user. Handlers run under the genetlink mutex.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/if.h>
#include <linux/module.h>
#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>
#include <net/sock.h>
#include <rdma/ib_user_verbs.h>
#include <uapi/linux/af_smc.h>

#include "clc_wire.h"
#include "eid.h"
#include "netlink.h"
#include "pnet.h"

/* What SMC_NETLINK_GET_SYS_INFO reports: the highest SMC version and
 * release the CLC codecs speak, and whether the handshake offers SMC-Rv2.
 * It does (given a UEID and a RoCE v2 GID), so the last one is 1, as
 * upstream reports it.
 */
#define SMC_NL_SYS_VERSION	SMC_CLC_V2
#define SMC_NL_SYS_RELEASE	SMC_CLC_RELEASE_1
#define SMC_NL_SYS_SMCR_V2	1

static struct genl_family smc_nl_family;
static struct genl_family smc_pnet_nl_family;

/* ------------------------------------------------------------------------
 * SMC_GEN_NETLINK
 */

/* commands without attributes, including the dumps */
static const struct nla_policy smc_nl_policy[SMC_NLA_EID_TABLE_MAX + 1] = {
	[SMC_NLA_EID_TABLE_ENTRY] = { .type = NLA_REJECT },
};

static const struct nla_policy smc_nl_ueid_policy[SMC_NLA_EID_TABLE_MAX + 1] = {
	[SMC_NLA_EID_TABLE_ENTRY] = { .type = NLA_STRING,
				      .len = SMC_MAX_EID_LEN },
};

static void *smc_nl_dump_hdr(struct sk_buff *skb, struct netlink_callback *cb,
			     const struct genl_family *family, u8 cmd)
{
	return genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			   family, NLM_F_MULTI, cmd);
}

/**
 * smc_nl_msg_start() - start one message of an SMC_GEN_NETLINK dump
 * @skb: the dump's buffer
 * @cb: the dump's state
 * @cmd: the command the message answers
 *
 * Return: the generic netlink header, or NULL when @skb is full.
 */
void *smc_nl_msg_start(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd)
{
	return smc_nl_dump_hdr(skb, cb, &smc_nl_family, cmd);
}

static int smc_nl_sys_info_dump(struct sk_buff *skb,
				struct netlink_callback *cb)
{
	char host[SMC_MAX_HOSTNAME_LEN + 1];
	struct nlattr *nest;
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_dump_hdr(skb, cb, &smc_nl_family,
			      SMC_NETLINK_GET_SYS_INFO);
	if (!hdr)
		return -EMSGSIZE;
	nest = nla_nest_start(skb, SMC_GEN_SYS_INFO);
	if (!nest)
		goto cancel;
	smc_eid_hostname(host);
	host[SMC_MAX_HOSTNAME_LEN] = '\0';
	/* no SMC_NLA_SYS_SEID: there is no system EID without ISMv2 */
	if (nla_put_u8(skb, SMC_NLA_SYS_VER, SMC_NL_SYS_VERSION) ||
	    nla_put_u8(skb, SMC_NLA_SYS_REL, SMC_NL_SYS_RELEASE) ||
	    nla_put_u8(skb, SMC_NLA_SYS_IS_ISM_V2, 0) ||
	    nla_put_u8(skb, SMC_NLA_SYS_IS_SMCR_V2, SMC_NL_SYS_SMCR_V2) ||
	    nla_put_string(skb, SMC_NLA_SYS_LOCAL_HOST, host))
		goto cancel;
	nla_nest_end(skb, nest);
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;

cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int smc_nl_ueid_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	u8 eids[SMC_MAX_UEID][SMC_EID_LEN];
	char str[SMC_EID_LEN + 1];
	int i, n;

	n = smc_eid_list(&eids[0][0], SMC_MAX_UEID);
	for (i = cb->args[0]; i < n; i++) {
		void *hdr = smc_nl_dump_hdr(skb, cb, &smc_nl_family,
					    SMC_NETLINK_DUMP_UEID);

		if (!hdr)
			break;
		memcpy(str, eids[i], SMC_EID_LEN);
		str[SMC_EID_LEN] = '\0';
		if (nla_put_string(skb, SMC_NLA_EID_TABLE_ENTRY, str)) {
			genlmsg_cancel(skb, hdr);
			break;
		}
		genlmsg_end(skb, hdr);
	}
	cb->args[0] = i;
	return skb->len;
}

/* the UEID attribute of an add or remove: 32 characters and a NUL */
static const u8 *smc_nl_ueid_attr(struct genl_info *info)
{
	struct nlattr *attr = info->attrs[SMC_NLA_EID_TABLE_ENTRY];

	if (GENL_REQ_ATTR_CHECK(info, SMC_NLA_EID_TABLE_ENTRY))
		return NULL;
	if (nla_len(attr) != SMC_EID_LEN + 1) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "a UEID has exactly 32 characters, blank padded");
		return NULL;
	}
	return nla_data(attr);
}

static int smc_nl_ueid_add(struct sk_buff *skb, struct genl_info *info)
{
	const u8 *ueid = smc_nl_ueid_attr(info);
	int rc;

	if (!ueid)
		return -EINVAL;
	rc = smc_eid_add(ueid);
	switch (rc) {
	case -EINVAL:
		GENL_SET_ERR_MSG(info,
				 "a UEID has A-Z 0-9 . -, starts with a letter or digit, blanks only at the end");
		break;
	case -ERANGE:
		GENL_SET_ERR_MSG(info, "the UEID table is full");
		break;
	case -EEXIST:
		GENL_SET_ERR_MSG(info, "the UEID is in the table already");
		break;
	}
	return rc;
}

static int smc_nl_ueid_remove(struct sk_buff *skb, struct genl_info *info)
{
	const u8 *ueid = smc_nl_ueid_attr(info);
	int rc;

	if (!ueid)
		return -EINVAL;
	rc = smc_eid_del(ueid);
	if (rc == -ENOENT)
		GENL_SET_ERR_MSG(info, "the UEID is not in the table");
	return rc;
}

static int smc_nl_ueid_flush(struct sk_buff *skb, struct genl_info *info)
{
	smc_eid_flush();
	return 0;
}

/* One message without attributes: there is no system EID to report. */
static int smc_nl_seid_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_dump_hdr(skb, cb, &smc_nl_family, SMC_NETLINK_DUMP_SEID);
	if (!hdr)
		return -EMSGSIZE;
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

static int smc_nl_seid_set(struct sk_buff *skb, struct genl_info *info)
{
	GENL_SET_ERR_MSG(info, "no system EID: it exists on s390 only");
	return -EOPNOTSUPP;
}

static const struct genl_ops smc_nl_ops[] = {
	{
		.cmd = SMC_NETLINK_GET_SYS_INFO,
		.dumpit = smc_nl_sys_info_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_LGR_SMCR,
		.dumpit = smc_nl_lgr_smcr_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_LINK_SMCR,
		.dumpit = smc_nl_link_smcr_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_LGR_SMCD,
		.dumpit = smc_nl_none_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_DEV_SMCD,
		.dumpit = smc_nl_none_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_DEV_SMCR,
		.dumpit = smc_nl_dev_smcr_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_STATS,
		.dumpit = smc_nl_stats_dump,
	},
	{
		.cmd = SMC_NETLINK_GET_FBACK_STATS,
		.dumpit = smc_nl_fback_stats_dump,
	},
	{
		.cmd = SMC_NETLINK_DUMP_UEID,
		.dumpit = smc_nl_ueid_dump,
	},
	{
		.cmd = SMC_NETLINK_ADD_UEID,
		.flags = GENL_ADMIN_PERM,
		.doit = smc_nl_ueid_add,
		.policy = smc_nl_ueid_policy,
		.maxattr = SMC_NLA_EID_TABLE_MAX,
	},
	{
		.cmd = SMC_NETLINK_REMOVE_UEID,
		.flags = GENL_ADMIN_PERM,
		.doit = smc_nl_ueid_remove,
		.policy = smc_nl_ueid_policy,
		.maxattr = SMC_NLA_EID_TABLE_MAX,
	},
	{
		.cmd = SMC_NETLINK_FLUSH_UEID,
		.flags = GENL_ADMIN_PERM,
		.doit = smc_nl_ueid_flush,
	},
	{
		.cmd = SMC_NETLINK_DUMP_SEID,
		.dumpit = smc_nl_seid_dump,
	},
	{
		.cmd = SMC_NETLINK_ENABLE_SEID,
		.flags = GENL_ADMIN_PERM,
		.doit = smc_nl_seid_set,
	},
	{
		.cmd = SMC_NETLINK_DISABLE_SEID,
		.flags = GENL_ADMIN_PERM,
		.doit = smc_nl_seid_set,
	},
	/* the switch is per namespace: its own admin may change it */
	{
		.cmd = SMC_NETLINK_DUMP_HS_LIMITATION,
		.dumpit = smc_nl_hs_limit_dump,
	},
	{
		.cmd = SMC_NETLINK_ENABLE_HS_LIMITATION,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = smc_nl_hs_limit_enable,
	},
	{
		.cmd = SMC_NETLINK_DISABLE_HS_LIMITATION,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = smc_nl_hs_limit_disable,
	},
};

static struct genl_family smc_nl_family __ro_after_init = {
	.name = SMC_GENL_FAMILY_NAME,
	.version = SMC_GENL_FAMILY_VERSION,
	.maxattr = SMC_NLA_EID_TABLE_MAX,
	.policy = smc_nl_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = smc_nl_ops,
	.n_ops = ARRAY_SIZE(smc_nl_ops),
	/* upstream's value: its commands keep the old header checks */
	.resv_start_op = SMC_NETLINK_DISABLE_HS_LIMITATION + 1,
};

/* ------------------------------------------------------------------------
 * SMC_PNETID
 */

static const struct nla_policy smc_pnet_policy[SMC_PNETID_MAX + 1] = {
	[SMC_PNETID_NAME] = { .type = NLA_NUL_STRING, .len = SMC_PNETID_LEN },
	[SMC_PNETID_ETHNAME] = { .type = NLA_NUL_STRING, .len = IFNAMSIZ - 1 },
	[SMC_PNETID_IBNAME] = { .type = NLA_NUL_STRING,
				.len = IB_DEVICE_NAME_MAX - 1 },
	[SMC_PNETID_IBPORT] = { .type = NLA_U8 },
};

/**
 * struct smc_pnet_fill - where smc_pnet_nl_fill() puts entries
 * @skb: the message buffer
 * @portid: netlink port of the requester
 * @seq: sequence number of the request
 * @reserve: bytes to leave free after the last entry
 */
struct smc_pnet_fill {
	struct sk_buff *skb;
	u32 portid;
	u32 seq;
	int reserve;
};

/* one SMC_PNETID_GET message per entry, as upstream formats it */
static int smc_pnet_nl_fill(const struct smc_pnet_info *e, void *arg)
{
	struct smc_pnet_fill *f = arg;
	struct sk_buff *skb = f->skb;
	void *hdr;

	hdr = genlmsg_put(skb, f->portid, f->seq, &smc_pnet_nl_family,
			  NLM_F_MULTI, SMC_PNETID_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_string(skb, SMC_PNETID_NAME, e->pnetid) ||
	    nla_put_string(skb, SMC_PNETID_ETHNAME, e->ethname ?: "n/a") ||
	    nla_put_string(skb, SMC_PNETID_IBNAME, e->ibname ?: "n/a") ||
	    nla_put_u8(skb, SMC_PNETID_IBPORT, e->ibname ? e->ibport : 0xff))
		goto cancel;
	genlmsg_end(skb, hdr);
	if (skb_tailroom(skb) >= f->reserve)
		return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int smc_pnet_nl_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	struct smc_pnet_fill f = {
		.skb = skb,
		.portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq,
	};

	cb->args[0] = smc_pnet_walk(sock_net(skb->sk), NULL, cb->args[0],
				    smc_pnet_nl_fill, &f);
	return skb->len;
}

/* SMC_PNETID_GET without NLM_F_DUMP: the entries of one PNET ID and an
 * NLMSG_DONE, all in one reply, as upstream answers (smc_pnet -s NAME).
 */
static int smc_pnet_nl_get(struct sk_buff *skb, struct genl_info *info)
{
	struct smc_pnet_fill f = {
		.portid = info->snd_portid,
		.seq = info->snd_seq,
		.reserve = nlmsg_total_size(0),
	};
	struct nlmsghdr *done;

	if (GENL_REQ_ATTR_CHECK(info, SMC_PNETID_NAME))
		return -EINVAL;
	f.skb = nlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!f.skb)
		return -ENOMEM;
	smc_pnet_walk(genl_info_net(info),
		      nla_data(info->attrs[SMC_PNETID_NAME]), 0,
		      smc_pnet_nl_fill, &f);
	done = nlmsg_put(f.skb, info->snd_portid, info->snd_seq, NLMSG_DONE,
			 0, NLM_F_MULTI);
	if (!done) {
		nlmsg_free(f.skb);
		return -EMSGSIZE;
	}
	return genlmsg_reply(f.skb, info);
}

static int smc_pnet_nl_add(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	const u8 *ibport = NULL;

	if (GENL_REQ_ATTR_CHECK(info, SMC_PNETID_NAME))
		return -EINVAL;
	if (tb[SMC_PNETID_IBPORT])
		ibport = nla_data(tb[SMC_PNETID_IBPORT]);
	return smc_pnet_add(genl_info_net(info),
			    nla_data(tb[SMC_PNETID_NAME]),
			    tb[SMC_PNETID_ETHNAME] ?
			    nla_data(tb[SMC_PNETID_ETHNAME]) : NULL,
			    tb[SMC_PNETID_IBNAME] ?
			    nla_data(tb[SMC_PNETID_IBNAME]) : NULL,
			    ibport, info->extack);
}

static int smc_pnet_nl_del(struct sk_buff *skb, struct genl_info *info)
{
	int rc;

	if (GENL_REQ_ATTR_CHECK(info, SMC_PNETID_NAME))
		return -EINVAL;
	rc = smc_pnet_del(genl_info_net(info),
			  nla_data(info->attrs[SMC_PNETID_NAME]));
	if (rc == -ENOENT)
		GENL_SET_ERR_MSG(info, "no entry has this PNET ID");
	return rc;
}

static int smc_pnet_nl_flush(struct sk_buff *skb, struct genl_info *info)
{
	smc_pnet_flush(genl_info_net(info));
	return 0;
}

static const struct genl_ops smc_pnet_nl_ops[] = {
	{
		.cmd = SMC_PNETID_GET,
		.doit = smc_pnet_nl_get,
		.dumpit = smc_pnet_nl_dump,
	},
	{
		.cmd = SMC_PNETID_ADD,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = smc_pnet_nl_add,
	},
	{
		.cmd = SMC_PNETID_DEL,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = smc_pnet_nl_del,
	},
	{
		.cmd = SMC_PNETID_FLUSH,
		.flags = GENL_UNS_ADMIN_PERM,
		.doit = smc_pnet_nl_flush,
	},
};

static struct genl_family smc_pnet_nl_family __ro_after_init = {
	.name = SMCR_GENL_FAMILY_NAME,
	.version = SMCR_GENL_FAMILY_VERSION,
	.maxattr = SMC_PNETID_MAX,
	.policy = smc_pnet_policy,
	.netnsok = true,
	.module = THIS_MODULE,
	.ops = smc_pnet_nl_ops,
	.n_ops = ARRAY_SIZE(smc_pnet_nl_ops),
	.resv_start_op = SMC_PNETID_FLUSH + 1,
};

/**
 * smc_nl_init() - register both generic netlink families
 *
 * Return: 0; -EEXIST if another module (the distribution's smc) has
 * registered a family of the same name; another negative error code.
 */
int smc_nl_init(void)
{
	int rc;

	rc = genl_register_family(&smc_nl_family);
	if (rc)
		return rc;
	rc = genl_register_family(&smc_pnet_nl_family);
	if (rc)
		genl_unregister_family(&smc_nl_family);
	return rc;
}

/**
 * smc_nl_uninit() - unregister both families; waits for running handlers
 */
void smc_nl_uninit(void)
{
	genl_unregister_family(&smc_pnet_nl_family);
	genl_unregister_family(&smc_nl_family);
}

/* let genl requests for either family load the module, as upstream's do */
MODULE_ALIAS_GENL_FAMILY(SMC_GENL_FAMILY_NAME);
MODULE_ALIAS_GENL_FAMILY(SMCR_GENL_FAMILY_NAME);
