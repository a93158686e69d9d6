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

/* SOL_SMC options, an int each. SMC_LIMIT_HS: a listener answers SYNs
 * without the SMC option while handshakes queue up.
 */
#define SMC_LIMIT_HS		1

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

/* SMC_GEN_NETLINK commands */
enum {
	SMC_NETLINK_GET_SYS_INFO		= 1,
	SMC_NETLINK_GET_LGR_SMCR		= 2,
	SMC_NETLINK_GET_LINK_SMCR		= 3,
	SMC_NETLINK_GET_LGR_SMCD		= 4,
	SMC_NETLINK_GET_DEV_SMCD		= 5,
	SMC_NETLINK_GET_DEV_SMCR		= 6,
	SMC_NETLINK_GET_STATS			= 7,
	SMC_NETLINK_GET_FBACK_STATS		= 8,
	SMC_NETLINK_DUMP_UEID			= 9,
	SMC_NETLINK_ADD_UEID			= 10,
	SMC_NETLINK_REMOVE_UEID			= 11,
	SMC_NETLINK_FLUSH_UEID			= 12,
	SMC_NETLINK_DUMP_SEID			= 13,
	SMC_NETLINK_ENABLE_SEID			= 14,
	SMC_NETLINK_DISABLE_SEID		= 15,
	SMC_NETLINK_DUMP_HS_LIMITATION		= 16,
	SMC_NETLINK_ENABLE_HS_LIMITATION	= 17,
	SMC_NETLINK_DISABLE_HS_LIMITATION	= 18,
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

/*
 * SMC_NETLINK_GET_LGR_SMCR (dump): one message per SMC-R link group of the
 * requester's network namespace, a nest SMC_GEN_LGR_SMCR of:
 */
enum {
	SMC_NLA_LGR_R_UNSPEC		= 0,
	SMC_NLA_LGR_R_ID		= 1,	/* u32, local group ID */
	SMC_NLA_LGR_R_ROLE		= 2,	/* u8, 0 client, 1 server */
	SMC_NLA_LGR_R_TYPE		= 3,	/* u8, 1: single link */
	SMC_NLA_LGR_R_PNETID		= 4,	/* string */
	SMC_NLA_LGR_R_VLAN_ID		= 5,	/* u8 */
	SMC_NLA_LGR_R_CONNS_NUM		= 6,	/* u32, connections */
	SMC_NLA_LGR_R_V2_COMMON		= 7,	/* nest, SMC_NLA_LGR_V2_* */
	SMC_NLA_LGR_R_V2		= 8,	/* nest, SMC_NLA_LGR_R_V2_* */
	SMC_NLA_LGR_R_NET_COOKIE	= 9,	/* u64, network namespace */
	SMC_NLA_LGR_R_PAD		= 10,	/* alignment padding */
	SMC_NLA_LGR_R_BUF_TYPE		= 11,	/* u8, 0: physical memory */
	SMC_NLA_LGR_R_SNDBUF_ALLOC	= 12,	/* uint, send buffers */
	SMC_NLA_LGR_R_RMB_ALLOC		= 13,	/* uint, RMBs */
};

#define SMC_NLA_LGR_R_MAX	13

/* inside SMC_NLA_LGR_R_V2_COMMON; upstream numbers this set from 0 */
enum {
	SMC_NLA_LGR_V2_VER		= 0,	/* u8, SMC version */
	SMC_NLA_LGR_V2_REL		= 1,	/* u8, the peer's release */
	SMC_NLA_LGR_V2_OS		= 2,	/* u8, the peer's OS type */
	SMC_NLA_LGR_V2_NEG_EID		= 3,	/* string, negotiated EID */
	SMC_NLA_LGR_V2_PEER_HOST	= 4,	/* string, peer host name */
};

#define SMC_NLA_LGR_V2_MAX	4

/* inside SMC_NLA_LGR_R_V2 */
enum {
	SMC_NLA_LGR_R_V2_UNSPEC		= 0,
	SMC_NLA_LGR_R_V2_DIRECT		= 1,	/* u8, no gateway */
	SMC_NLA_LGR_R_V2_MAX_CONNS	= 2,	/* u8 */
	SMC_NLA_LGR_R_V2_MAX_LINKS	= 3,	/* u8 */
};

#define SMC_NLA_LGR_R_V2_MAX	3

/*
 * SMC_NETLINK_GET_LINK_SMCR (dump): per link group, its
 * SMC_NETLINK_GET_LGR_SMCR message followed by one message per link, a
 * nest SMC_GEN_LINK_SMCR of:
 */
enum {
	SMC_NLA_LINK_UNSPEC		= 0,
	SMC_NLA_LINK_ID			= 1,	/* u8 */
	SMC_NLA_LINK_IB_DEV		= 2,	/* string, RDMA device */
	SMC_NLA_LINK_IB_PORT		= 3,	/* u8 */
	SMC_NLA_LINK_GID		= 4,	/* string */
	SMC_NLA_LINK_PEER_GID		= 5,	/* string */
	SMC_NLA_LINK_CONN_CNT		= 6,	/* u32 */
	SMC_NLA_LINK_NET_DEV		= 7,	/* u32, ifindex */
	SMC_NLA_LINK_UID		= 8,	/* u32, link user ID */
	SMC_NLA_LINK_PEER_UID		= 9,	/* u32, 0 in af_smc */
	SMC_NLA_LINK_STATE		= 10,	/* u32, 0 unused .. 3 active */
};

#define SMC_NLA_LINK_MAX	10

/* SMC_NETLINK_GET_LGR_SMCD: SMC-D link groups (af_smc: none) */
enum {
	SMC_NLA_LGR_D_UNSPEC		= 0,
	SMC_NLA_LGR_D_ID		= 1,	/* u32 */
	SMC_NLA_LGR_D_GID		= 2,	/* u64 */
	SMC_NLA_LGR_D_PEER_GID		= 3,	/* u64 */
	SMC_NLA_LGR_D_VLAN_ID		= 4,	/* u8 */
	SMC_NLA_LGR_D_CONNS_NUM		= 5,	/* u32 */
	SMC_NLA_LGR_D_PNETID		= 6,	/* string */
	SMC_NLA_LGR_D_CHID		= 7,	/* u16 */
	SMC_NLA_LGR_D_PAD		= 8,	/* alignment padding */
	SMC_NLA_LGR_D_V2_COMMON		= 9,	/* nest */
	SMC_NLA_LGR_D_EXT_GID		= 10,	/* u64 */
	SMC_NLA_LGR_D_PEER_EXT_GID	= 11,	/* u64 */
	SMC_NLA_LGR_D_SNDBUF_ALLOC	= 12,	/* uint */
	SMC_NLA_LGR_D_DMB_ALLOC		= 13,	/* uint */
};

#define SMC_NLA_LGR_D_MAX	13

/*
 * SMC_NETLINK_GET_DEV_SMCR (dump): one message per RDMA device, a nest
 * SMC_GEN_DEV_SMCR of the attributes below, with one nest per port:
 * SMC_NLA_DEV_PORT for port 1, SMC_NLA_DEV_PORT2 for port 2.
 * SMC_NETLINK_GET_DEV_SMCD: ISM devices (af_smc: none).
 */
enum {
	SMC_NLA_DEV_UNSPEC		= 0,
	SMC_NLA_DEV_USE_CNT		= 1,	/* u32, SMC-D only */
	SMC_NLA_DEV_IS_CRIT		= 2,	/* u8, a group's only device */
	SMC_NLA_DEV_PCI_FID		= 3,	/* u32 */
	SMC_NLA_DEV_PCI_CHID		= 4,	/* u16 */
	SMC_NLA_DEV_PCI_VENDOR		= 5,	/* u16 */
	SMC_NLA_DEV_PCI_DEVICE		= 6,	/* u16 */
	SMC_NLA_DEV_PCI_ID		= 7,	/* string, PCI address */
	SMC_NLA_DEV_PORT		= 8,	/* nest, port 1 */
	SMC_NLA_DEV_PORT2		= 9,	/* nest, port 2 */
	SMC_NLA_DEV_IB_NAME		= 10,	/* string */
};

#define SMC_NLA_DEV_MAX		10

/* inside SMC_NLA_DEV_PORT and SMC_NLA_DEV_PORT2 */
enum {
	SMC_NLA_DEV_PORT_UNSPEC		= 0,
	SMC_NLA_DEV_PORT_PNET_USR	= 1,	/* u8, PNET ID from the table */
	SMC_NLA_DEV_PORT_PNETID		= 2,	/* string */
	SMC_NLA_DEV_PORT_NETDEV		= 3,	/* u32, ifindex */
	SMC_NLA_DEV_PORT_STATE		= 4,	/* u8, 1: active */
	SMC_NLA_DEV_PORT_VALID		= 5,	/* u8 */
	SMC_NLA_DEV_PORT_LNK_CNT	= 6,	/* u32, links on the port */
};

#define SMC_NLA_DEV_PORT_MAX	6

/*
 * SMC_NETLINK_GET_STATS (dump): one message, a nest SMC_GEN_STATS with the
 * counters of the requester's network namespace since it was created:
 * SMC_NLA_STATS_SMCD_TECH (always zero in af_smc) and
 * SMC_NLA_STATS_SMCR_TECH, each a nest of SMC_NLA_STATS_T_*.
 */
enum {
	SMC_NLA_STATS_PAD		= 0,
	SMC_NLA_STATS_SMCD_TECH		= 1,	/* nest */
	SMC_NLA_STATS_SMCR_TECH		= 2,	/* nest */
	SMC_NLA_STATS_CLNT_HS_ERR_CNT	= 3,	/* u64, failed connects */
	SMC_NLA_STATS_SRV_HS_ERR_CNT	= 4,	/* u64, dropped children */
};

#define SMC_NLA_STATS_MAX	4

enum {
	SMC_NLA_STATS_T_PAD		= 0,
	SMC_NLA_STATS_T_TX_RMB_SIZE	= 1,	/* nest: send buffers in use */
	SMC_NLA_STATS_T_RX_RMB_SIZE	= 2,	/* nest: RMBs in use */
	SMC_NLA_STATS_T_TXPLOAD_SIZE	= 3,	/* nest: sendmsg sizes */
	SMC_NLA_STATS_T_RXPLOAD_SIZE	= 4,	/* nest: recvmsg sizes */
	SMC_NLA_STATS_T_TX_RMB_STATS	= 5,	/* nest: send buffer events */
	SMC_NLA_STATS_T_RX_RMB_STATS	= 6,	/* nest: RMB events */
	SMC_NLA_STATS_T_CLNT_V1_SUCC	= 7,	/* u64 */
	SMC_NLA_STATS_T_CLNT_V2_SUCC	= 8,	/* u64 */
	SMC_NLA_STATS_T_SRV_V1_SUCC	= 9,	/* u64 */
	SMC_NLA_STATS_T_SRV_V2_SUCC	= 10,	/* u64 */
	SMC_NLA_STATS_T_SENDPAGE_CNT	= 11,	/* u64, always 0 */
	SMC_NLA_STATS_T_SPLICE_CNT	= 12,	/* u64 */
	SMC_NLA_STATS_T_CORK_CNT	= 13,	/* u64, TCP_CORK released */
	SMC_NLA_STATS_T_NDLY_CNT	= 14,	/* u64, TCP_NODELAY on */
	SMC_NLA_STATS_T_URG_DATA_CNT	= 15,	/* u64, MSG_OOB sent/read */
	SMC_NLA_STATS_T_RX_BYTES	= 16,	/* u64 */
	SMC_NLA_STATS_T_TX_BYTES	= 17,	/* u64 */
	SMC_NLA_STATS_T_RX_CNT		= 18,	/* u64, recvmsg calls */
	SMC_NLA_STATS_T_TX_CNT		= 19,	/* u64, sendmsg calls */
	SMC_NLA_STATS_T_RX_RMB_USAGE	= 20,	/* uint, bytes of RMBs used */
	SMC_NLA_STATS_T_TX_RMB_USAGE	= 21,	/* uint, bytes of sndbufs */
};

#define SMC_NLA_STATS_T_MAX	21

/* histograms: SMC_NLA_STATS_T_{TX,RX}_RMB_SIZE and _{TX,RX}PLOAD_SIZE */
enum {
	SMC_NLA_STATS_PLOAD_PAD		= 0,
	SMC_NLA_STATS_PLOAD_8K		= 1,	/* u64, up to 8 KiB */
	SMC_NLA_STATS_PLOAD_16K		= 2,	/* u64, up to 16 KiB ... */
	SMC_NLA_STATS_PLOAD_32K		= 3,
	SMC_NLA_STATS_PLOAD_64K		= 4,
	SMC_NLA_STATS_PLOAD_128K	= 5,
	SMC_NLA_STATS_PLOAD_256K	= 6,
	SMC_NLA_STATS_PLOAD_512K	= 7,
	SMC_NLA_STATS_PLOAD_1024K	= 8,
	SMC_NLA_STATS_PLOAD_G_1024K	= 9,	/* u64, more than 1 MiB */
};

#define SMC_NLA_STATS_PLOAD_MAX	9

/* SMC_NLA_STATS_T_{TX,RX}_RMB_STATS */
enum {
	SMC_NLA_STATS_RMB_PAD			= 0,
	SMC_NLA_STATS_RMB_SIZE_SM_PEER_CNT	= 1,	/* u64 */
	SMC_NLA_STATS_RMB_SIZE_SM_CNT		= 2,	/* u64 */
	SMC_NLA_STATS_RMB_FULL_PEER_CNT		= 3,	/* u64 */
	SMC_NLA_STATS_RMB_FULL_CNT		= 4,	/* u64 */
	SMC_NLA_STATS_RMB_REUSE_CNT		= 5,	/* u64 */
	SMC_NLA_STATS_RMB_ALLOC_CNT		= 6,	/* u64 */
	SMC_NLA_STATS_RMB_DGRADE_CNT		= 7,	/* u64 */
};

#define SMC_NLA_STATS_RMB_MAX	7

/*
 * SMC_NETLINK_GET_FBACK_STATS (dump): per fallback reason code counted in
 * the namespace, one message for the server side and one for the client
 * side (if counted), a nest SMC_GEN_FBACK_STATS of TYPE, RSN_CODE, RSN_CNT;
 * the first message also has SRV_CNT and CLNT_CNT (totals).
 */
enum {
	SMC_NLA_FBACK_STATS_PAD		= 0,
	SMC_NLA_FBACK_STATS_TYPE	= 1,	/* u8, 1 server, 0 client */
	SMC_NLA_FBACK_STATS_SRV_CNT	= 2,	/* u64 */
	SMC_NLA_FBACK_STATS_CLNT_CNT	= 3,	/* u64 */
	SMC_NLA_FBACK_STATS_RSN_CODE	= 4,	/* u32, SMC_CLC_DECL_* */
	SMC_NLA_FBACK_STATS_RSN_CNT	= 5,	/* u16 */
};

#define SMC_NLA_FBACK_STATS_MAX	5

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

/* SMC_NETLINK_DUMP_HS_LIMITATION: one message */
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
