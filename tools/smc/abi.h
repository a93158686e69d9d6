/* SPDX-License-Identifier: GPL-2.0 */
/*
 * abi.h - the parts of upstream Linux's SMC user ABI that smc(8) reads and
 * that include/uapi/linux/af_smc.h does not (yet) define: the attributes
 * nested in the SMC_GEN_NETLINK dumps of link groups, links, devices and
 * statistics, and the smc_diag (NETLINK_SOCK_DIAG, family AF_SMC) messages.
 * The numbers and layouts are upstream's (SMC-R.md section 10); the names
 * carry an SMCT_ prefix so this header never clashes with a uapi header that
 * defines upstream's names.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef SMC_TOOL_ABI_H
#define SMC_TOOL_ABI_H

#include <stdint.h>

/* inside SMC_GEN_LGR_SMCR */
enum {
	SMCT_LGR_ID		= 1,	/* u32 */
	SMCT_LGR_ROLE		= 2,	/* u8: 0 client, 1 server */
	SMCT_LGR_TYPE		= 3,	/* u8, see lgr_type_name() */
	SMCT_LGR_PNETID		= 4,	/* string */
	SMCT_LGR_VLAN		= 5,	/* u8 */
	SMCT_LGR_CONNS		= 6,	/* u32 */
	SMCT_LGR_V2_COMMON	= 7,	/* nest, SMCT_V2_* */
	SMCT_LGR_V2		= 8,	/* nest, SMCT_LGR_V2_* */
	SMCT_LGR_NET_COOKIE	= 9,	/* u64 */
	SMCT_LGR_PAD		= 10,
	SMCT_LGR_BUF_TYPE	= 11,	/* u8 */
	SMCT_LGR_SNDBUF_ALLOC	= 12,	/* u32 or u64 */
	SMCT_LGR_RMB_ALLOC	= 13,	/* u32 or u64 */
	SMCT_LGR_MAX		= 13,
};

/* inside SMC_GEN_LGR_SMCD */
enum {
	SMCT_LGRD_ID		= 1,	/* u32 */
	SMCT_LGRD_GID		= 2,	/* u64 */
	SMCT_LGRD_PEER_GID	= 3,	/* u64 */
	SMCT_LGRD_VLAN		= 4,	/* u8 */
	SMCT_LGRD_CONNS		= 5,	/* u32 */
	SMCT_LGRD_PNETID	= 6,	/* string */
	SMCT_LGRD_CHID		= 7,	/* u16 (upstream writes a u32) */
	SMCT_LGRD_PAD		= 8,
	SMCT_LGRD_V2_COMMON	= 9,	/* nest, SMCT_V2_* */
	SMCT_LGRD_EXT_GID	= 10,	/* u64 */
	SMCT_LGRD_PEER_EXT_GID	= 11,	/* u64 */
	SMCT_LGRD_SNDBUF_ALLOC	= 12,	/* u32 or u64 */
	SMCT_LGRD_DMB_ALLOC	= 13,	/* u32 or u64 */
	SMCT_LGRD_MAX		= 13,
};

/* inside SMCT_LGR_V2_COMMON / SMCT_LGRD_V2_COMMON: numbered from 0 */
enum {
	SMCT_V2_VER		= 0,	/* u8 */
	SMCT_V2_REL		= 1,	/* u8 */
	SMCT_V2_OS		= 2,	/* u8 */
	SMCT_V2_NEG_EID		= 3,	/* string */
	SMCT_V2_PEER_HOST	= 4,	/* string */
	SMCT_V2_MAX		= 4,
};

/* inside SMCT_LGR_V2 */
enum {
	SMCT_LGR_V2_DIRECT	= 1,	/* u8 */
	SMCT_LGR_V2_MAX_CONNS	= 2,	/* u8 */
	SMCT_LGR_V2_MAX_LINKS	= 3,	/* u8 */
	SMCT_LGR_V2_MAX		= 3,
};

/* inside SMC_GEN_LINK_SMCR */
enum {
	SMCT_LINK_ID		= 1,	/* u8 */
	SMCT_LINK_IB_DEV	= 2,	/* string */
	SMCT_LINK_IB_PORT	= 3,	/* u8 */
	SMCT_LINK_GID		= 4,	/* string */
	SMCT_LINK_PEER_GID	= 5,	/* string */
	SMCT_LINK_CONN_CNT	= 6,	/* u32 */
	SMCT_LINK_NET_DEV	= 7,	/* u32, ifindex */
	SMCT_LINK_UID		= 8,	/* u32 */
	SMCT_LINK_PEER_UID	= 9,	/* u32 */
	SMCT_LINK_STATE		= 10,	/* u32 */
	SMCT_LINK_MAX		= 10,
};

/* inside SMC_GEN_DEV_SMCR / SMC_GEN_DEV_SMCD */
enum {
	SMCT_DEV_USE_CNT	= 1,	/* u32 */
	SMCT_DEV_IS_CRIT	= 2,	/* u8 */
	SMCT_DEV_PCI_FID	= 3,	/* u32 */
	SMCT_DEV_PCI_CHID	= 4,	/* u16 */
	SMCT_DEV_PCI_VENDOR	= 5,	/* u16 */
	SMCT_DEV_PCI_DEVICE	= 6,	/* u16 */
	SMCT_DEV_PCI_ID		= 7,	/* string */
	SMCT_DEV_PORT		= 8,	/* nest: port 1 */
	SMCT_DEV_PORT2		= 9,	/* nest: port 2 */
	SMCT_DEV_IB_NAME	= 10,	/* string */
	SMCT_DEV_MAX		= 10,
};

/* inside SMCT_DEV_PORT / SMCT_DEV_PORT2 */
enum {
	SMCT_PORT_PNET_USR	= 1,	/* u8: pnet ID set by the user */
	SMCT_PORT_PNETID	= 2,	/* string */
	SMCT_PORT_NETDEV	= 3,	/* u32, ifindex */
	SMCT_PORT_STATE		= 4,	/* u8: 1 active */
	SMCT_PORT_VALID		= 5,	/* u8 */
	SMCT_PORT_LNK_CNT	= 6,	/* u32 */
	SMCT_PORT_MAX		= 6,
};

/* inside SMC_GEN_STATS */
enum {
	SMCT_STATS_PAD		= 0,
	SMCT_STATS_SMCD_TECH	= 1,	/* nest, SMCT_T_* */
	SMCT_STATS_SMCR_TECH	= 2,	/* nest, SMCT_T_* */
	SMCT_STATS_CLNT_HS_ERR	= 3,	/* u64 */
	SMCT_STATS_SRV_HS_ERR	= 4,	/* u64 */
	SMCT_STATS_MAX		= 4,
};

/* inside SMCT_STATS_SMC?_TECH */
enum {
	SMCT_T_TX_RMB_SIZE	= 1,	/* nest, SMCT_PLOAD_* */
	SMCT_T_RX_RMB_SIZE	= 2,	/* nest, SMCT_PLOAD_* */
	SMCT_T_TXPLOAD_SIZE	= 3,	/* nest, SMCT_PLOAD_* */
	SMCT_T_RXPLOAD_SIZE	= 4,	/* nest, SMCT_PLOAD_* */
	SMCT_T_TX_RMB_STATS	= 5,	/* nest, SMCT_RMB_* */
	SMCT_T_RX_RMB_STATS	= 6,	/* nest, SMCT_RMB_* */
	SMCT_T_CLNT_V1_SUCC	= 7,	/* u64 */
	SMCT_T_CLNT_V2_SUCC	= 8,
	SMCT_T_SRV_V1_SUCC	= 9,
	SMCT_T_SRV_V2_SUCC	= 10,
	SMCT_T_SENDPAGE_CNT	= 11,
	SMCT_T_SPLICE_CNT	= 12,
	SMCT_T_CORK_CNT		= 13,
	SMCT_T_NDLY_CNT		= 14,
	SMCT_T_URG_DATA_CNT	= 15,
	SMCT_T_RX_BYTES		= 16,
	SMCT_T_TX_BYTES		= 17,
	SMCT_T_RX_CNT		= 18,
	SMCT_T_TX_CNT		= 19,
	SMCT_T_RX_RMB_USAGE	= 20,	/* u32 or u64 */
	SMCT_T_TX_RMB_USAGE	= 21,	/* u32 or u64 */
	SMCT_T_MAX		= 21,
};

/* histogram buckets: 8K, 16K, ... 1024K, >1024K (u64 each) */
enum {
	SMCT_PLOAD_8K		= 1,
	SMCT_PLOAD_G_1024K	= 9,
	SMCT_PLOAD_MAX		= 9,
};

/* inside SMCT_T_?X_RMB_STATS (u64 each) */
enum {
	SMCT_RMB_SIZE_SM_PEER_CNT	= 1,
	SMCT_RMB_SIZE_SM_CNT		= 2,
	SMCT_RMB_FULL_PEER_CNT		= 3,
	SMCT_RMB_FULL_CNT		= 4,
	SMCT_RMB_REUSE_CNT		= 5,
	SMCT_RMB_ALLOC_CNT		= 6,
	SMCT_RMB_DGRADE_CNT		= 7,
	SMCT_RMB_MAX			= 7,
};

/* inside SMC_GEN_FBACK_STATS */
enum {
	SMCT_FB_TYPE		= 1,	/* u8: 1 server list, 0 client list */
	SMCT_FB_SRV_CNT		= 2,	/* u64, first message only */
	SMCT_FB_CLNT_CNT	= 3,	/* u64, first message only */
	SMCT_FB_RSN_CODE	= 4,	/* u32 */
	SMCT_FB_RSN_CNT		= 5,	/* u16 */
	SMCT_FB_MAX		= 5,
};

/*
 * smc_diag: request and reply of a SOCK_DIAG_BY_FAMILY dump with
 * sdiag_family AF_SMC. The socket identity is inet_diag_sockid's layout
 * (ports and addresses in network byte order).
 */
struct smct_sockid {
	uint16_t sport;			/* big endian */
	uint16_t dport;			/* big endian */
	uint32_t src[4];
	uint32_t dst[4];
	uint32_t ifindex;
	uint32_t cookie[2];
};

struct smct_diag_req {
	uint8_t family;			/* AF_SMC */
	uint8_t pad[2];
	uint8_t ext;			/* 1 << (SMCT_DIAG_* - 1) */
	struct smct_sockid id;
};

struct smct_diag_msg {
	uint8_t family;
	uint8_t state;
	uint8_t mode;			/* SMCT_MODE_* */
	uint8_t shutdown;
	struct smct_sockid id;
	uint32_t uid;
	uint64_t inode;
};

enum {
	SMCT_MODE_SMCR		= 0,
	SMCT_MODE_FALLBACK	= 1,
	SMCT_MODE_SMCD		= 2,
};

/* reply attributes */
enum {
	SMCT_DIAG_CONNINFO	= 1,	/* struct smct_diag_conninfo */
	SMCT_DIAG_LGRINFO	= 2,	/* struct smct_diag_lgrinfo */
	SMCT_DIAG_SHUTDOWN	= 3,	/* u8 */
	SMCT_DIAG_DMBINFO	= 4,	/* SMC-D, not decoded */
	SMCT_DIAG_FALLBACK	= 5,	/* struct smct_diag_fallback */
	SMCT_DIAG_MAX		= 5,
};

struct smct_cursor {
	uint16_t reserved;
	uint16_t wrap;
	uint32_t count;
};

struct smct_diag_conninfo {
	uint32_t token;
	uint32_t sndbuf_size;
	uint32_t rmbe_size;
	uint32_t peer_rmbe_size;
	struct smct_cursor rx_prod, rx_cons, tx_prod, tx_cons;
	uint8_t rx_prod_flags, rx_conn_state_flags;
	uint8_t tx_prod_flags, tx_conn_state_flags;
	struct smct_cursor tx_prep, tx_sent, tx_fin;
};

#define SMCT_IB_NAME_LEN	64
#define SMCT_GID_TEXT_LEN	40

struct smct_diag_lgrinfo {
	uint8_t link_id;
	uint8_t ibname[SMCT_IB_NAME_LEN];
	uint8_t ibport;
	uint8_t gid[SMCT_GID_TEXT_LEN];
	uint8_t peer_gid[SMCT_GID_TEXT_LEN];
	uint8_t role;			/* 0 client, 1 server */
};

struct smct_diag_fallback {
	uint32_t reason;
	uint32_t peer_diagnosis;
};

#endif /* SMC_TOOL_ABI_H */
