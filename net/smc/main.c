// SPDX-License-Identifier: GPL-2.0
/*
 * main.c - af_smc module init and exit.
 *
 * Each subsystem has an _init/_uninit pair; exit undoes init in exactly the
 * reverse order.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/module.h>
#include <linux/net.h>
#include <net/protocol.h>
#include <linux/rcupdate.h>

#include "smc.h"
#include "diag.h"
#include "handshake.h"
#include "lgr.h"
#include "netns.h"
#include "ib.h"
#include "link.h"
#include "eid.h"
#include "netlink.h"
#include "objcount.h"
#include "pnet.h"
#include "stats.h"
#include "sysctl.h"
#include "inet_proto.h"
#include "tcp2smc.h"
#include "ulp.h"

/* the generic netlink families and AF_SMC have one owner each */
static void smc_mod_taken(void)
{
	pr_err("AF_SMC is already registered by another module (the distribution's smc?); unload it first\n");
}

static int __init smc_mod_init(void)
{
	int rc;

	rc = smc_debugfs_init();
	if (rc)
		return rc;
	rc = smc_proto_init();
	if (rc)
		goto err_debugfs;
	rc = smc_netns_init();
	if (rc)
		goto err_proto;
	rc = smc_stats_init();
	if (rc)
		goto err_netns;
	smc_eid_init();
	rc = smc_pnet_init();
	if (rc)
		goto err_stats;
	rc = smc_ib_init();
	if (rc)
		goto err_pnet;
	smc_link_selftest_init();
	rc = smc_lgr_init();
	if (rc)
		goto err_ib;
	rc = smc_hs_init();
	if (rc)
		goto err_lgr;
	rc = smc_nl_init();
	if (rc == -EEXIST)
		smc_mod_taken();
	if (rc)
		goto err_hs;
	rc = smc_diag_init();
	if (rc == -EBUSY)
		smc_mod_taken();
	if (rc)
		goto err_nl;
	rc = sock_register(&smc_family_ops);
	if (rc == -EEXIST)
		smc_mod_taken();
	if (rc)
		goto err_diag;
	rc = smc_sysctl_init();
	if (rc)
		goto err_sock;
	rc = smc_inet_init();
	if (rc)
		goto err_sysctl;
	rc = smc_ulp_init();
	if (rc)
		goto err_inet;
	rc = smc_tcp2smc_init();
	if (rc)
		goto err_ulp;
	pr_info("AF_SMC registered (SMCPROTO_SMC, SMCPROTO_SMC6), IPPROTO_SMC too\n");
	return 0;

err_ulp:
	smc_ulp_uninit();
err_inet:
	smc_inet_uninit();
err_sysctl:
	smc_sysctl_uninit();
err_sock:
	sock_unregister(PF_SMC);
err_diag:
	smc_diag_uninit();
err_nl:
	smc_nl_uninit();
err_hs:
	smc_hs_uninit();
err_lgr:
	smc_lgr_uninit();
err_ib:
	smc_link_selftest_uninit();
	smc_ib_uninit();
err_pnet:
	smc_pnet_uninit();
err_stats:
	smc_stats_uninit();
err_netns:
	smc_netns_uninit();
err_proto:
	smc_proto_uninit();
err_debugfs:
	smc_debugfs_uninit();
	return rc;
}

static void __exit smc_mod_exit(void)
{
	smc_tcp2smc_uninit();
	smc_ulp_uninit();
	smc_inet_uninit();
	smc_sysctl_uninit();
	sock_unregister(PF_SMC);
	smc_diag_uninit();
	smc_nl_uninit();
	smc_hs_uninit();
	smc_lgr_uninit();
	smc_link_selftest_uninit();
	smc_ib_uninit();
	smc_pnet_uninit();
	smc_stats_uninit();
	smc_netns_uninit();
	smc_proto_uninit();
	smc_debugfs_uninit();
	rcu_barrier();
	if (smc_obj_leak_check())
		pr_info("unloaded, no objects left\n");
}

module_init(smc_mod_init);
module_exit(smc_mod_exit);

MODULE_DESCRIPTION("AF_SMC sockets: Shared Memory Communications over RDMA");
MODULE_LICENSE("GPL");
MODULE_AUTHOR("The af_smc authors");
MODULE_ALIAS_NETPROTO(PF_SMC);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET, IPPROTO_SMC, SOCK_STREAM);
MODULE_ALIAS_NET_PF_PROTO_TYPE(PF_INET6, IPPROTO_SMC, SOCK_STREAM);
