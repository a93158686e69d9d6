// SPDX-License-Identifier: GPL-2.0
/*
 * hs_limit.c - the handshake limitation switch of each network namespace:
 * SMC_NETLINK_DUMP/ENABLE/DISABLE_HS_LIMITATION.
 *
 * Upstream keeps one boolean per namespace (its sysctl limit_smc_hs), the
 * default of the SMC_LIMIT_HS socket option of new sockets: a limited
 * listener answers SYNs without the SMC option while its handshake queue
 * is congested. af_smc keeps the switch here with the same netlink
 * commands; the listener side that acts on it belongs with the net.smc
 * sysctls (limit_smc_hs), which read and write it through
 * smc_hs_limit()/smc_hs_limit_set().
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <net/genetlink.h>
#include <net/netns/generic.h>
#include <net/sock.h>
#include <uapi/linux/af_smc.h>

#include "hs_limit.h"
#include "netlink.h"

static unsigned int smc_hs_limit_id __read_mostly;

/**
 * smc_hs_limit() - is the handshake limitation on in a namespace?
 * @net: the namespace
 *
 * Return: the switch.
 */
bool smc_hs_limit(const struct net *net)
{
	bool *on = net_generic(net, smc_hs_limit_id);

	return READ_ONCE(*on);
}

/**
 * smc_hs_limit_set() - turn the handshake limitation on or off
 * @net: the namespace
 * @on: the new value
 */
void smc_hs_limit_set(const struct net *net, bool on)
{
	bool *p = net_generic(net, smc_hs_limit_id);

	WRITE_ONCE(*p, on);
}

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
		       smc_hs_limit(sock_net(skb->sk)))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	cb->args[0] = 1;
	return skb->len;
}

int smc_nl_hs_limit_enable(struct sk_buff *skb, struct genl_info *info)
{
	smc_hs_limit_set(genl_info_net(info), true);
	return 0;
}

int smc_nl_hs_limit_disable(struct sk_buff *skb, struct genl_info *info)
{
	smc_hs_limit_set(genl_info_net(info), false);
	return 0;
}

static struct pernet_operations smc_hs_limit_ops = {
	.id = &smc_hs_limit_id,
	.size = sizeof(bool),
};

int smc_hs_limit_init(void)
{
	return register_pernet_subsys(&smc_hs_limit_ops);
}

void smc_hs_limit_uninit(void)
{
	unregister_pernet_subsys(&smc_hs_limit_ops);
}
