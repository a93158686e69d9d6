/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * af_smc.h - user-space ABI of the af_smc module (AF_SMC sockets,
 * Shared Memory Communications over RDMA).
 *
 * Numbers that upstream Linux defines for AF_SMC are kept identical, so
 * programs and tools written for the upstream smc module work unchanged:
 * the address family, the socket protocols, SOL_SMC and the decline and
 * fallback reason codes (the values that travel in CLC DECLINE messages and
 * that smc_diag and the SMC_GEN_NETLINK statistics report), and the generic
 * netlink configuration interface (its own block at the end).
 */
#ifndef _UAPI_LINUX_AF_SMC_H
#define _UAPI_LINUX_AF_SMC_H

#ifndef AF_SMC
#define AF_SMC			43
#endif
#ifndef PF_SMC
#define PF_SMC			AF_SMC
#endif

/* socket(AF_SMC, SOCK_STREAM, protocol) */
#define SMCPROTO_SMC		0	/* IPv4 semantics, struct sockaddr_in */
#define SMCPROTO_SMC6		1	/* IPv6 semantics, sockaddr_in6 */

#ifndef SOL_SMC
#define SOL_SMC			286
#endif

/*
 * Decline and fallback reason codes. The high byte is the class:
 * 0x01 resources, 0x02 timeouts, 0x03 configuration or negotiation,
 * 0x04 synchronisation, 0x05 declined by the peer, 0x09 internal errors.
 */
#define SMC_CLC_DECL_MEM		0x01010000 /* insufficient memory */
#define SMC_CLC_DECL_TIMEOUT_CL		0x02010000 /* no CONFIRM LINK in time */
#define SMC_CLC_DECL_TIMEOUT_AL		0x02020000 /* no ADD LINK in time */
#define SMC_CLC_DECL_CNFERR		0x03000000 /* configuration error */
#define SMC_CLC_DECL_PEERNOSMC		0x03010000 /* peer sent no SMC option */
#define SMC_CLC_DECL_IPSEC		0x03020000 /* IPsec on the connection */
#define SMC_CLC_DECL_NOSMCDEV		0x03030000 /* no SMC device found */
#define SMC_CLC_DECL_NOSMCDDEV		0x03030001 /* no SMC-D device found */
#define SMC_CLC_DECL_NOSMCRDEV		0x03030002 /* no SMC-R device found */
#define SMC_CLC_DECL_NOISM2SUPP		0x03030003 /* no ISMv2 support */
#define SMC_CLC_DECL_NOV2EXT		0x03030004 /* no CLC v2 extension */
#define SMC_CLC_DECL_NOV2DEXT		0x03030005 /* no SMC-Dv2 extension */
#define SMC_CLC_DECL_NOSEID		0x03030006 /* peer sent no SEID */
#define SMC_CLC_DECL_NOSMCD2DEV		0x03030007 /* no SMC-Dv2 device */
#define SMC_CLC_DECL_NOUEID		0x03030008 /* no UEID in common */
#define SMC_CLC_DECL_RELEASEERR		0x03030009 /* release negotiation */
#define SMC_CLC_DECL_MAXCONNERR		0x0303000A /* max connections */
#define SMC_CLC_DECL_MAXLINKERR		0x0303000B /* max links */
#define SMC_CLC_DECL_MODEUNSUPP		0x03040000 /* modes do not match */
#define SMC_CLC_DECL_RMBE_EC		0x03050000 /* RMBE eyecatcher used */
#define SMC_CLC_DECL_OPTUNSUPP		0x03060000 /* socket option (TFO) */
#define SMC_CLC_DECL_DIFFPREFIX		0x03070000 /* IP prefix mismatch */
#define SMC_CLC_DECL_GETVLANERR		0x03080000 /* VLAN of IP device */
#define SMC_CLC_DECL_ISMVLANERR		0x03090000 /* VLAN on ISM device */
#define SMC_CLC_DECL_NOACTLINK		0x030A0000 /* no active link */
#define SMC_CLC_DECL_NOSRVLINK		0x030B0000 /* server link not found */
#define SMC_CLC_DECL_VERSMISMAT		0x030C0000 /* version mismatch */
#define SMC_CLC_DECL_MAX_DMB		0x030D0000 /* SMC-D DMB limit */
#define SMC_CLC_DECL_NOROUTE		0x030E0000 /* SMC-Rv2: no route */
#define SMC_CLC_DECL_NOINDIRECT		0x030F0000 /* SMC-Rv2: not indirect */
#define SMC_CLC_DECL_SYNCERR		0x04000000 /* link group out of sync */
#define SMC_CLC_DECL_PEERDECL		0x05000000 /* the peer declined */
#define SMC_CLC_DECL_INTERR		0x09990000 /* internal error */
#define SMC_CLC_DECL_ERR_RTOK		0x09990001 /* rtoken handling */
#define SMC_CLC_DECL_ERR_RDYLNK		0x09990002 /* link ready failed */
#define SMC_CLC_DECL_ERR_REGBUF		0x09990003 /* buffer registration */

/*
 * Generic netlink configuration interface.
 *
 * The family names, versions, command and attribute numbers and limits below
 * are upstream Linux's (its <linux/smc.h>), so programs written for the
 * upstream smc module work with af_smc; do not include both headers in one
 * program. Attribute sets that belong to commands af_smc does not implement
 * yet are added together with those commands.
 *
 * Family SMC_GENL_FAMILY_NAME ("SMC_GEN_NETLINK"), version 1. Dumps are
 * allowed to every user; the other commands need CAP_NET_ADMIN in the
 * initial user namespace, because the tables they change are global.
 *
 *   SMC_NETLINK_GET_SYS_INFO     dump, one message:
 *     SMC_GEN_SYS_INFO           nest
 *       SMC_NLA_SYS_VER          u8, highest SMC version (2)
 *       SMC_NLA_SYS_REL          u8, release within that version
 *       SMC_NLA_SYS_IS_ISM_V2    u8, an SMC-Dv2 (ISM) device exists
 *       SMC_NLA_SYS_IS_SMCR_V2   u8, SMC-Rv2 can be offered
 *       SMC_NLA_SYS_LOCAL_HOST   string, host name sent in SMCv2 handshakes
 *                                (32 characters, blank padded)
 *       SMC_NLA_SYS_SEID         string, system EID; present only when the
 *                                system has one (s390 with ISMv2)
 *   SMC_NETLINK_DUMP_UEID        dump, one message per user EID:
 *     SMC_NLA_EID_TABLE_ENTRY    string, 32 characters + NUL
 *   SMC_NETLINK_ADD_UEID         do: SMC_NLA_EID_TABLE_ENTRY, exactly
 *   SMC_NETLINK_REMOVE_UEID      SMC_MAX_EID_LEN characters (blank padded)
 *                                + NUL
 *   SMC_NETLINK_FLUSH_UEID       do, no attribute
 *   SMC_NETLINK_DUMP_SEID        dump, one message, attributes only when
 *                                the system has a system EID:
 *     SMC_NLA_SEID_ENTRY         string, 32 characters + NUL
 *     SMC_NLA_SEID_ENABLED       u8
 *   SMC_NETLINK_ENABLE_SEID      do, no attribute (s390 only: EOPNOTSUPP
 *   SMC_NETLINK_DISABLE_SEID     elsewhere)
 *
 * A valid user EID has SMC_MAX_EID_LEN characters from A-Z, 0-9, '.' and
 * '-', starts with a letter or digit and is padded with blanks at the end;
 * at most SMC_MAX_UEID of them can be defined.
 *
 * Family SMCR_GENL_FAMILY_NAME ("SMC_PNETID"), version 1: the PNET table of
 * the caller's network namespace. Changes need CAP_NET_ADMIN in the user
 * namespace that owns the network namespace.
 *
 *   SMC_PNETID_GET     dump: every entry; do with SMC_PNETID_NAME: the
 *                      entries of that PNET ID. One message per entry:
 *                        SMC_PNETID_NAME     string, the PNET ID
 *                        SMC_PNETID_ETHNAME  string, netdev name or "n/a"
 *                        SMC_PNETID_IBNAME   string, RDMA device or "n/a"
 *                        SMC_PNETID_IBPORT   u8, port, 0xff for a netdev
 *   SMC_PNETID_ADD     do: SMC_PNETID_NAME and SMC_PNETID_ETHNAME and/or
 *                      SMC_PNETID_IBNAME [SMC_PNETID_IBPORT, default 1];
 *                      RDMA device entries exist in the initial network
 *                      namespace only
 *   SMC_PNETID_DEL     do: SMC_PNETID_NAME, removes all its entries
 *   SMC_PNETID_FLUSH   do, no attribute: removes every entry
 *
 * A PNET ID has 1 to 16 letters and digits; lower case is stored as upper
 * case.
 */
#define SMC_GENL_FAMILY_NAME		"SMC_GEN_NETLINK"
#define SMC_GENL_FAMILY_VERSION		1
#define SMCR_GENL_FAMILY_NAME		"SMC_PNETID"
#define SMCR_GENL_FAMILY_VERSION	1

#define SMC_PCI_ID_STR_LEN		16	/* PCI ID string of a device */
#define SMC_MAX_HOSTNAME_LEN		32	/* host name in SMCv2 */
#define SMC_MAX_UEID			4	/* user EIDs in the table */
#define SMC_MAX_EID_LEN			32	/* characters of an EID */

/* SMC_GEN_NETLINK commands; "(later)": not implemented by af_smc yet */
enum {
	SMC_NETLINK_GET_SYS_INFO		= 1,
	SMC_NETLINK_GET_LGR_SMCR		= 2,	/* (later) */
	SMC_NETLINK_GET_LINK_SMCR		= 3,	/* (later) */
	SMC_NETLINK_GET_LGR_SMCD		= 4,	/* (later) */
	SMC_NETLINK_GET_DEV_SMCD		= 5,	/* (later) */
	SMC_NETLINK_GET_DEV_SMCR		= 6,	/* (later) */
	SMC_NETLINK_GET_STATS			= 7,	/* (later) */
	SMC_NETLINK_GET_FBACK_STATS		= 8,	/* (later) */
	SMC_NETLINK_DUMP_UEID			= 9,
	SMC_NETLINK_ADD_UEID			= 10,
	SMC_NETLINK_REMOVE_UEID			= 11,
	SMC_NETLINK_FLUSH_UEID			= 12,
	SMC_NETLINK_DUMP_SEID			= 13,
	SMC_NETLINK_ENABLE_SEID			= 14,
	SMC_NETLINK_DISABLE_SEID		= 15,
	SMC_NETLINK_DUMP_HS_LIMITATION		= 16,	/* (later) */
	SMC_NETLINK_ENABLE_HS_LIMITATION	= 17,	/* (later) */
	SMC_NETLINK_DISABLE_HS_LIMITATION	= 18,	/* (later) */
};

/* SMC_GEN_NETLINK top-level attributes of dump messages, all nests */
enum {
	SMC_GEN_UNSPEC		= 0,
	SMC_GEN_SYS_INFO	= 1,
	SMC_GEN_LGR_SMCR	= 2,
	SMC_GEN_LINK_SMCR	= 3,
	SMC_GEN_LGR_SMCD	= 4,
	SMC_GEN_DEV_SMCD	= 5,
	SMC_GEN_DEV_SMCR	= 6,
	SMC_GEN_STATS		= 7,
	SMC_GEN_FBACK_STATS	= 8,
};

#define SMC_GEN_MAX		8

/* inside SMC_GEN_SYS_INFO */
enum {
	SMC_NLA_SYS_UNSPEC	= 0,
	SMC_NLA_SYS_VER		= 1,	/* u8 */
	SMC_NLA_SYS_REL		= 2,	/* u8 */
	SMC_NLA_SYS_IS_ISM_V2	= 3,	/* u8 */
	SMC_NLA_SYS_LOCAL_HOST	= 4,	/* string */
	SMC_NLA_SYS_SEID	= 5,	/* string */
	SMC_NLA_SYS_IS_SMCR_V2	= 6,	/* u8 */
};

#define SMC_NLA_SYS_MAX		6

/* SMC_NETLINK_*_UEID */
enum {
	SMC_NLA_EID_TABLE_UNSPEC	= 0,
	SMC_NLA_EID_TABLE_ENTRY		= 1,	/* string */
};

#define SMC_NLA_EID_TABLE_MAX	1

/* SMC_NETLINK_DUMP_SEID */
enum {
	SMC_NLA_SEID_UNSPEC	= 0,
	SMC_NLA_SEID_ENTRY	= 1,	/* string */
	SMC_NLA_SEID_ENABLED	= 2,	/* u8 */
};

#define SMC_NLA_SEID_TABLE_MAX	2

/* SMC_NETLINK_DUMP_HS_LIMITATION (later) */
enum {
	SMC_NLA_HS_LIMITATION_UNSPEC	= 0,
	SMC_NLA_HS_LIMITATION_ENABLED	= 1,	/* u8 */
};

#define SMC_NLA_HS_LIMITATION_MAX	1

/* SMC_PNETID commands */
enum {
	SMC_PNETID_GET		= 1,
	SMC_PNETID_ADD		= 2,
	SMC_PNETID_DEL		= 3,
	SMC_PNETID_FLUSH	= 4,
};

/* SMC_PNETID attributes */
enum {
	SMC_PNETID_UNSPEC	= 0,
	SMC_PNETID_NAME		= 1,	/* string, the PNET ID */
	SMC_PNETID_ETHNAME	= 2,	/* string, netdev name */
	SMC_PNETID_IBNAME	= 3,	/* string, RDMA device name */
	SMC_PNETID_IBPORT	= 4,	/* u8, RDMA port, 1 or 2 */
};

#define SMC_PNETID_MAX		4

#endif /* _UAPI_LINUX_AF_SMC_H */
