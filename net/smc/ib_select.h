/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ib_select.h - may this RoCE GID serve this connection? The decision of the
 * device lookups in ib.c, kept free of kernel types so that the host unit
 * tests (tests/unit/test_ib_select.c) can run every branch, including the
 * SMC-Rv1 ones that Soft-RoCE (RoCE v2 only) cannot reach.
 *
 * ib.c gathers the facts about one GID of one port (struct smc_ib_gid_facts)
 * from the RDMA core and the GID's netdev, states the question (struct
 * smc_ib_want) and asks smc_ib_gid_fits(). The rules, from SMC-R.md 2.4, 3
 * and 10.5 (upstream's smc_pnet.c and smc_ib.c behave the same):
 *
 *  - the port must be ACTIVE and the GID's netdev in the CLC socket's
 *    network namespace;
 *  - the GID's netdev must be on the connection's VLAN (0: untagged);
 *  - SMC-Rv1 wants a RoCE v1 GID; SMC-Rv2 wants an IPv4-mapped RoCE v2 GID
 *    whose netdev has an IPv4 address in the subnet of the source address;
 *  - among the GIDs that fit, SMC-Rv2 prefers the one whose address is the
 *    source address, then one in the source's subnet, then the first; a
 *    netdev with several addresses has one GID per address, and the peer
 *    sends to the address in the GID (smc_ib_gid_rank());
 *  - pnet IDs: if the reference (the egress netdev; for an alternate link,
 *    the link group) has a pnet ID, the port must have the same one. If it
 *    has none, a first link must use the port whose GID netdev is the
 *    egress netdev (below its VLAN device), and an alternate link may use
 *    any port that has no pnet ID either.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_IB_SELECT_H
#define _AF_SMC_IB_SELECT_H

#include "wire_types.h"

/* pnet ID: up to 16 characters, padded with blanks or NULs */
#define SMC_IB_PNETID_LEN	16

/**
 * enum smc_ib_gid_kind - what SMC-R can do with a GID
 * @SMC_IB_GID_OTHER: nothing (not a RoCE GID)
 * @SMC_IB_GID_V1: a RoCE v1 GID, for SMC-Rv1
 * @SMC_IB_GID_V2: a RoCE v2 GID that is not IPv4-mapped (IPv6, link-local)
 * @SMC_IB_GID_V2_IPV4: an IPv4-mapped RoCE v2 GID (::ffff:a.b.c.d), for
 *	SMC-Rv2
 */
enum smc_ib_gid_kind {
	SMC_IB_GID_OTHER,
	SMC_IB_GID_V1,
	SMC_IB_GID_V2,
	SMC_IB_GID_V2_IPV4,
};

/**
 * enum smc_ib_gid_addr - the address of an IPv4-mapped GID, seen from the
 *	connection's source address
 * @SMC_IB_GID_ADDR_OTHER: neither of the below (or not IPv4-mapped)
 * @SMC_IB_GID_ADDR_SUBNET: in the subnet of the source address
 * @SMC_IB_GID_ADDR_SRC: the source address itself
 */
enum smc_ib_gid_addr {
	SMC_IB_GID_ADDR_OTHER,
	SMC_IB_GID_ADDR_SUBNET,
	SMC_IB_GID_ADDR_SRC,
};

/* the highest rank smc_ib_gid_rank() returns: no need to look further */
#define SMC_IB_RANK_BEST	SMC_IB_GID_ADDR_SRC

/**
 * enum smc_ib_want_kind - which lookup asks
 * @SMC_IB_WANT_V1: the SMC-Rv1 GID of a first link
 * @SMC_IB_WANT_V2: the SMC-Rv2 GID of a first link
 * @SMC_IB_WANT_V2_ALT: the SMC-Rv2 GID of an alternate link (failover)
 */
enum smc_ib_want_kind {
	SMC_IB_WANT_V1,
	SMC_IB_WANT_V2,
	SMC_IB_WANT_V2_ALT,
};

/**
 * struct smc_ib_want - the question
 * @kind: which lookup
 * @egress_real: identity of the CLC socket's egress netdev, below its VLAN
 *	device (not used by %SMC_IB_WANT_V2_ALT)
 * @vlan_id: VLAN of the connection, 0 if untagged
 * @ref_pnetid: pnet ID of the egress netdev (first links) or of the link
 *	group (alternate links), %SMC_IB_PNETID_LEN bytes; all blanks/NULs
 *	if it has none
 */
struct smc_ib_want {
	enum smc_ib_want_kind kind;
	const void *egress_real;
	u16 vlan_id;
	const u8 *ref_pnetid;
};

/**
 * struct smc_ib_gid_facts - what is known about one GID of one port
 * @kind: what the GID is (smc_ib_gid_classify())
 * @port_active: the port is ACTIVE
 * @same_net: the GID's netdev is in the CLC socket's network namespace
 * @real_ndev: identity of the GID's netdev, below its VLAN device
 * @vlan_id: VLAN of the GID's netdev, 0 if it is not a VLAN device
 * @subnet_match: the GID's netdev has an IPv4 address in the subnet of the
 *	connection's source address (only needed for the v2 lookups)
 * @gid_addr: where the GID's own address lies (only for the v2 lookups)
 * @port_pnetid: pnet ID of the port, %SMC_IB_PNETID_LEN bytes, all
 *	blanks/NULs if it has none
 */
struct smc_ib_gid_facts {
	enum smc_ib_gid_kind kind;
	bool port_active;
	bool same_net;
	const void *real_ndev;
	u16 vlan_id;
	bool subnet_match;
	enum smc_ib_gid_addr gid_addr;
	const u8 *port_pnetid;
};

/**
 * smc_ib_gid_classify() - what SMC-R can do with a GID
 * @roce_version: 1 for a RoCE v1 GID, 2 for a RoCE v2 GID, else 0
 * @gid: the 16 GID bytes
 *
 * Return: the kind of the GID.
 */
static inline enum smc_ib_gid_kind smc_ib_gid_classify(int roce_version,
						       const u8 *gid)
{
	static const u8 v4mapped[12] = {
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff
	};

	if (roce_version == 1)
		return SMC_IB_GID_V1;
	if (roce_version != 2)
		return SMC_IB_GID_OTHER;
	if (!memcmp(gid, v4mapped, sizeof(v4mapped)))
		return SMC_IB_GID_V2_IPV4;
	return SMC_IB_GID_V2;
}

/**
 * smc_ib_pnetid_empty() - does a pnet ID field name no pnet?
 * @id: %SMC_IB_PNETID_LEN bytes
 *
 * Return: true if @id starts with a blank or a NUL.
 */
static inline bool smc_ib_pnetid_empty(const u8 *id)
{
	return id[0] == 0 || id[0] == ' ';
}

/**
 * smc_ib_pnetid_eq() - compare two pnet IDs
 * @a: %SMC_IB_PNETID_LEN bytes
 * @b: %SMC_IB_PNETID_LEN bytes
 *
 * A pnet ID ends at its first blank or NUL or after %SMC_IB_PNETID_LEN
 * bytes, so "NET1" padded with blanks equals "NET1" padded with NULs.
 *
 * Return: true if both name the same pnet (two empty IDs are equal).
 */
static inline bool smc_ib_pnetid_eq(const u8 *a, const u8 *b)
{
	int i;

	for (i = 0; i < SMC_IB_PNETID_LEN; i++) {
		bool a_end = a[i] == 0 || a[i] == ' ';
		bool b_end = b[i] == 0 || b[i] == ' ';

		if (a_end || b_end)
			return a_end && b_end;
		if (a[i] != b[i])
			return false;
	}
	return true;
}

/**
 * smc_ib_pnet_allows() - the pnet rule of SMC-R.md 10.5
 * @w: the question
 * @g: the facts about the GID
 *
 * Return: true if the pnet IDs (or, without them, the netdevs) allow the
 * GID's port to serve the connection.
 */
static inline bool smc_ib_pnet_allows(const struct smc_ib_want *w,
				      const struct smc_ib_gid_facts *g)
{
	if (!smc_ib_pnetid_empty(w->ref_pnetid))
		return smc_ib_pnetid_eq(w->ref_pnetid, g->port_pnetid);
	if (w->kind == SMC_IB_WANT_V2_ALT)
		return smc_ib_pnetid_empty(g->port_pnetid);
	return g->real_ndev && g->real_ndev == w->egress_real;
}

/**
 * smc_ib_gid_fits() - may this GID serve the connection?
 * @w: the question
 * @g: the facts about one GID of one port
 *
 * Return: true if the GID satisfies every rule listed at the top of this
 * file for the lookup @w->kind.
 */
static inline bool smc_ib_gid_fits(const struct smc_ib_want *w,
				   const struct smc_ib_gid_facts *g)
{
	if (!g->port_active || !g->same_net || g->vlan_id != w->vlan_id)
		return false;
	switch (w->kind) {
	case SMC_IB_WANT_V1:
		if (g->kind != SMC_IB_GID_V1)
			return false;
		break;
	case SMC_IB_WANT_V2:
	case SMC_IB_WANT_V2_ALT:
		if (g->kind != SMC_IB_GID_V2_IPV4 || !g->subnet_match)
			return false;
		break;
	default:
		return false;
	}
	return smc_ib_pnet_allows(w, g);
}

/**
 * smc_ib_gid_rank() - how well a GID serves the connection
 * @w: the question
 * @g: the facts about one GID of one port
 *
 * Return: -1 if the GID does not fit (smc_ib_gid_fits()); else 0 for
 * SMC-Rv1 (the first fit wins) and the enum smc_ib_gid_addr value of
 * @g->gid_addr for SMC-Rv2: higher is better, %SMC_IB_RANK_BEST is best.
 */
static inline int smc_ib_gid_rank(const struct smc_ib_want *w,
				  const struct smc_ib_gid_facts *g)
{
	if (!smc_ib_gid_fits(w, g))
		return -1;
	if (w->kind == SMC_IB_WANT_V1)
		return 0;
	switch (g->gid_addr) {
	case SMC_IB_GID_ADDR_SRC:
	case SMC_IB_GID_ADDR_SUBNET:
		return g->gid_addr;
	default:
		return SMC_IB_GID_ADDR_OTHER;
	}
}

#endif /* _AF_SMC_IB_SELECT_H */
