/* SPDX-License-Identifier: GPL-2.0 */
/*
 * netlink.h - the generic netlink families SMC_GEN_NETLINK and SMC_PNETID
 * (user ABI in include/uapi/linux/af_smc.h).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_NETLINK_H
#define _AF_SMC_NETLINK_H

#include <linux/netlink.h>
#include <net/genetlink.h>
#include <net/netlink.h>

/**
 * smc_nla_put_uint() - put an NLA_UINT attribute: 4 bytes when the value
 * fits, 8 otherwise (what nla_put_uint() of Linux 6.7 and later does)
 * @skb: the message
 * @type: attribute type
 * @value: the value
 *
 * Return: 0 or -EMSGSIZE.
 */
static inline int smc_nla_put_uint(struct sk_buff *skb, int type, u64 value)
{
	u32 v32 = value;

	if (value <= U32_MAX)
		return nla_put(skb, type, sizeof(v32), &v32);
	return nla_put(skb, type, sizeof(value), &value);
}

void *smc_nl_msg_start(struct sk_buff *skb, struct netlink_callback *cb,
		       u8 cmd);

/* nl_lgr.c: link groups, links and devices */
int smc_nl_lgr_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_link_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_dev_smcr_dump(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_none_dump(struct sk_buff *skb, struct netlink_callback *cb);

/* hs_limit.c */
int smc_nl_hs_limit_dump(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_hs_limit_enable(struct sk_buff *skb, struct genl_info *info);
int smc_nl_hs_limit_disable(struct sk_buff *skb, struct genl_info *info);

/* stats.c */
int smc_nl_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);
int smc_nl_fback_stats_dump(struct sk_buff *skb, struct netlink_callback *cb);

int smc_nl_init(void);
void smc_nl_uninit(void);

#endif /* _AF_SMC_NETLINK_H */
