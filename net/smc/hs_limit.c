// SPDX-License-Identifier: GPL-2.0
/*
 * hs_limit.c - SMC_NETLINK_DUMP/ENABLE/DISABLE_HS_LIMITATION.
 *
 * The handshake limitation of a network namespace is one switch, the
 * sysctl net.smc.limit_smc_hs (sysctl.c); these commands read and set the
 * same value, as upstream's do. What it does to listeners is described
 * with the sysctl (Documentation/sysctl.rst).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <net/genetlink.h>
#include <net/sock.h>
#include <uapi/linux/af_smc.h>

#include "netlink.h"
#include "sysctl.h"

/* one message: SMC_NLA_HS_LIMITATION_ENABLED */
int smc_nl_hs_limit_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	void *hdr;

	if (cb->args[0])
		return 0;
	hdr = smc_nl_msg_start(skb, cb, SMC_NETLINK_DUMP_HS_LIMITATION);
	if (!hdr)
		return -EMSGSIZE;
	if (nla_put_u8(skb, SMC_NLA_HS_LIMITATION_ENABLED,
		       smc_sysctl_limit_hs(sock_net(skb->sk)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

int smc_nl_hs_limit_enable(struct sk_buff *skb, struct genl_info *info)
{
	smc_sysctl_set_limit_hs(genl_info_net(info), true);
	return 0;
}

int smc_nl_hs_limit_disable(struct sk_buff *skb, struct genl_info *info)
{
	smc_sysctl_set_limit_hs(genl_info_net(info), false);
	return 0;
}
