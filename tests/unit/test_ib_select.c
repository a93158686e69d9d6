// SPDX-License-Identifier: GPL-2.0
/*
 * test_ib_select.c - the RoCE GID decision of the device lookups
 * (net/smc/ib_select.h), including the SMC-Rv1 and pnet branches that
 * Soft-RoCE cannot reach in a guest.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "ib_select.h"

/* stand-ins for netdevs: only their addresses matter */
static const int eth0, eth1;

static const u8 no_pnet[SMC_IB_PNETID_LEN];
static const u8 net1[SMC_IB_PNETID_LEN] = "NET1";
static const u8 net1_blank[SMC_IB_PNETID_LEN] = "NET1            ";
static const u8 net2[SMC_IB_PNETID_LEN] = "NET2";
static const u8 net12[SMC_IB_PNETID_LEN] = "NET12";
static const u8 blanks[SMC_IB_PNETID_LEN] = "                ";
static const u8 full16[SMC_IB_PNETID_LEN] = {
	'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H',
	'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P',
};

static const u8 gid_v4[16] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 10, 99, 0, 1
};
static const u8 gid_ll[16] = {
	0xfe, 0x80, 0, 0, 0, 0, 0, 0, 0x50, 0x54, 0, 0xff, 0xfe, 0x12, 0, 1
};
static const u8 gid_v4compat[16] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 99, 0, 1
};

/* an ACTIVE port, GID on eth0 untagged, in the netns, subnet matches */
static struct smc_ib_gid_facts facts(enum smc_ib_gid_kind kind)
{
	struct smc_ib_gid_facts f = {
		.kind = kind,
		.port_active = true,
		.same_net = true,
		.real_ndev = &eth0,
		.vlan_id = 0,
		.subnet_match = true,
		.port_pnetid = no_pnet,
	};
	return f;
}

static struct smc_ib_want want(enum smc_ib_want_kind kind)
{
	struct smc_ib_want w = {
		.kind = kind,
		.egress_real = &eth0,
		.vlan_id = 0,
		.ref_pnetid = no_pnet,
	};
	return w;
}

TEST(ib_select_classify)
{
	EXPECT_EQ(smc_ib_gid_classify(2, gid_v4), SMC_IB_GID_V2_IPV4);
	EXPECT_EQ(smc_ib_gid_classify(2, gid_ll), SMC_IB_GID_V2);
	EXPECT_EQ(smc_ib_gid_classify(2, gid_v4compat), SMC_IB_GID_V2);
	/* a v1 GID is v1 whatever its bytes */
	EXPECT_EQ(smc_ib_gid_classify(1, gid_v4), SMC_IB_GID_V1);
	EXPECT_EQ(smc_ib_gid_classify(1, gid_ll), SMC_IB_GID_V1);
	EXPECT_EQ(smc_ib_gid_classify(0, gid_v4), SMC_IB_GID_OTHER);
	EXPECT_EQ(smc_ib_gid_classify(3, gid_v4), SMC_IB_GID_OTHER);
}

TEST(ib_select_pnetid_compare)
{
	EXPECT_TRUE(smc_ib_pnetid_empty(no_pnet));
	EXPECT_TRUE(smc_ib_pnetid_empty(blanks));
	EXPECT_FALSE(smc_ib_pnetid_empty(net1));
	EXPECT_FALSE(smc_ib_pnetid_empty(full16));

	EXPECT_TRUE(smc_ib_pnetid_eq(net1, net1));
	EXPECT_TRUE(smc_ib_pnetid_eq(net1, net1_blank));
	EXPECT_TRUE(smc_ib_pnetid_eq(net1_blank, net1));
	EXPECT_TRUE(smc_ib_pnetid_eq(no_pnet, blanks));
	EXPECT_TRUE(smc_ib_pnetid_eq(full16, full16));
	EXPECT_FALSE(smc_ib_pnetid_eq(net1, net2));
	EXPECT_FALSE(smc_ib_pnetid_eq(net1, net12));
	EXPECT_FALSE(smc_ib_pnetid_eq(net12, net1));
	EXPECT_FALSE(smc_ib_pnetid_eq(net1, no_pnet));
	EXPECT_FALSE(smc_ib_pnetid_eq(no_pnet, net1));
	EXPECT_FALSE(smc_ib_pnetid_eq(full16, net1));
}

TEST(ib_select_v1_no_pnet)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V1);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V1);

	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	/* subnet does not matter for v1 */
	f.subnet_match = false;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));

	/* only v1 GIDs */
	f = facts(SMC_IB_GID_V2_IPV4);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V2);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_OTHER);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* the port must be ACTIVE, the netdev in the netns */
	f = facts(SMC_IB_GID_V1);
	f.port_active = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V1);
	f.same_net = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* without pnet IDs: only the egress netdev's port */
	f = facts(SMC_IB_GID_V1);
	f.real_ndev = &eth1;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f.real_ndev = NULL;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	/* ... even if the port has a pnet ID of its own */
	f = facts(SMC_IB_GID_V1);
	f.port_pnetid = net1;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.real_ndev = &eth1;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_v1_vlan)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V1);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V1);

	/* untagged connection: a GID on a VLAN device does not fit */
	f.vlan_id = 100;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* VLAN 100 over eth0: the GID of eth0.100 fits, eth0's does not */
	w.vlan_id = 100;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.vlan_id = 0;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f.vlan_id = 200;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	/* VLAN 100 over another device */
	f.vlan_id = 100;
	f.real_ndev = &eth1;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_v1_pnet)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V1);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V1);

	/* egress has a pnet ID: any port with the same one, any netdev */
	w.ref_pnetid = net1;
	f.port_pnetid = net1_blank;
	f.real_ndev = &eth1;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.real_ndev = &eth0;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	/* other or no pnet ID on the port: no, even on the egress netdev */
	f.port_pnetid = net2;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f.port_pnetid = no_pnet;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	/* the VLAN still has to match */
	f.port_pnetid = net1;
	f.vlan_id = 7;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	w.vlan_id = 7;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_v2)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V2);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V2_IPV4);

	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	/* the GID's netdev must have an address in the source's subnet */
	f.subnet_match = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* only IPv4-mapped RoCE v2 GIDs */
	f = facts(SMC_IB_GID_V2);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V1);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	f = facts(SMC_IB_GID_V2_IPV4);
	f.port_active = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V2_IPV4);
	f.same_net = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* no pnet IDs: the egress netdev's port only */
	f = facts(SMC_IB_GID_V2_IPV4);
	f.real_ndev = &eth1;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* VLAN */
	f = facts(SMC_IB_GID_V2_IPV4);
	f.vlan_id = 5;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	w.vlan_id = 5;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));

	/* pnet ID on the egress netdev */
	w = want(SMC_IB_WANT_V2);
	w.ref_pnetid = net1;
	f = facts(SMC_IB_GID_V2_IPV4);
	f.real_ndev = &eth1;
	f.port_pnetid = net1;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.port_pnetid = net2;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_v2_alt)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V2_ALT);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V2_IPV4);

	/* any netdev will do: the subnet decides */
	w.egress_real = NULL;
	f.real_ndev = &eth1;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.subnet_match = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* no pnet ID on the link group: ports with one are not used */
	f = facts(SMC_IB_GID_V2_IPV4);
	f.port_pnetid = net1;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f.port_pnetid = blanks;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));

	/* link group with a pnet ID: same pnet ID only */
	w.ref_pnetid = net1;
	f.port_pnetid = net1_blank;
	EXPECT_TRUE(smc_ib_gid_fits(&w, &f));
	f.port_pnetid = no_pnet;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));

	/* kind, state, netns and VLAN rules as for a first link */
	w = want(SMC_IB_WANT_V2_ALT);
	f = facts(SMC_IB_GID_V1);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V2_IPV4);
	f.port_active = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V2_IPV4);
	f.same_net = false;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V2_IPV4);
	f.vlan_id = 3;
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_unknown_want)
{
	struct smc_ib_want w = want((enum smc_ib_want_kind)42);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V2_IPV4);

	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
	f = facts(SMC_IB_GID_V1);
	EXPECT_FALSE(smc_ib_gid_fits(&w, &f));
}

TEST(ib_select_rank)
{
	struct smc_ib_want w = want(SMC_IB_WANT_V2);
	struct smc_ib_gid_facts f = facts(SMC_IB_GID_V2_IPV4);

	/* a v2 GID for the source address beats one in its subnet, which
	 * beats any other GID of a netdev in the subnet
	 */
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), 0);
	f.gid_addr = SMC_IB_GID_ADDR_SUBNET;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), 1);
	f.gid_addr = SMC_IB_GID_ADDR_SRC;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), SMC_IB_RANK_BEST);
	f.gid_addr = (enum smc_ib_gid_addr)9;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), 0);

	/* a GID that does not fit has no rank, however good its address */
	f.gid_addr = SMC_IB_GID_ADDR_SRC;
	f.port_active = false;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), -1);
	f = facts(SMC_IB_GID_V2_IPV4);
	f.gid_addr = SMC_IB_GID_ADDR_SRC;
	f.real_ndev = &eth1;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), -1);

	/* alternate links rank the same way */
	w = want(SMC_IB_WANT_V2_ALT);
	f = facts(SMC_IB_GID_V2_IPV4);
	f.real_ndev = &eth1;
	f.gid_addr = SMC_IB_GID_ADDR_SUBNET;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), 1);

	/* SMC-Rv1: the first fit wins, addresses do not matter */
	w = want(SMC_IB_WANT_V1);
	f = facts(SMC_IB_GID_V1);
	f.gid_addr = SMC_IB_GID_ADDR_SRC;
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), 0);
	f = facts(SMC_IB_GID_V2_IPV4);
	EXPECT_EQ(smc_ib_gid_rank(&w, &f), -1);
}
