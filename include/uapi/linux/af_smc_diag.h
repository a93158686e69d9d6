/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * af_smc_diag.h - sock_diag messages for AF_SMC sockets.
 *
 * A NETLINK_SOCK_DIAG dump request (SOCK_DIAG_BY_FAMILY, NLM_F_DUMP) with
 * sdiag_family AF_SMC lists the AF_SMC sockets of the requester's network
 * namespace. The layouts, attribute numbers and values are upstream
 * Linux's (its <linux/smc_diag.h>), so ss(8) and smc-tools read af_smc's
 * answers; do not include both headers in one program.
 *
 * Request: struct smc_diag_req. Only @diag_ext is looked at: bit
 * (1 << (SMC_DIAG_CONNINFO - 1)) asks for SMC_DIAG_CONNINFO, bit
 * (1 << (SMC_DIAG_LGRINFO - 1)) for SMC_DIAG_LGRINFO; both are given only
 * for a socket whose SMC-R connection exists. SMC_DIAG_SHUTDOWN and
 * SMC_DIAG_FALLBACK come with every socket.
 *
 * Reply: one struct smc_diag_msg per socket, then the attributes. The
 * addresses and ports are those of the socket's internal TCP connection
 * (zero once it is gone), the cookie is the AF_SMC socket's.
 */
#ifndef _UAPI_LINUX_AF_SMC_DIAG_H
#define _UAPI_LINUX_AF_SMC_DIAG_H

#include <linux/types.h>
#include <linux/inet_diag.h>

struct smc_diag_req {
	__u8	diag_family;
	__u8	pad[2];
	__u8	diag_ext;	/* 1 << (SMC_DIAG_x - 1): attributes wanted */
	struct inet_diag_sockid	id;
};

struct smc_diag_msg {
	__u8	diag_family;	/* AF_SMC */
	__u8	diag_state;	/* sk_state: TCP values, SMC close states */
	__u8	diag_mode;	/* SMC_DIAG_MODE_* */
	__u8	diag_shutdown;	/* SEND_SHUTDOWN | RCV_SHUTDOWN */
	struct inet_diag_sockid	id;
	__u32	diag_uid;
	__aligned_u64	diag_inode;
};

enum {
	SMC_DIAG_MODE_SMCR		= 0,
	SMC_DIAG_MODE_FALLBACK_TCP	= 1,
	SMC_DIAG_MODE_SMCD		= 2,	/* never: no SMC-D */
};

/* attributes */
enum {
	SMC_DIAG_NONE		= 0,
	SMC_DIAG_CONNINFO	= 1,	/* struct smc_diag_conninfo */
	SMC_DIAG_LGRINFO	= 2,	/* struct smc_diag_lgrinfo */
	SMC_DIAG_SHUTDOWN	= 3,	/* u8 */
	SMC_DIAG_DMBINFO	= 4,	/* SMC-D only: never */
	SMC_DIAG_FALLBACK	= 5,	/* struct smc_diag_fallback */
};

#define SMC_DIAG_MAX		5

/* a ring cursor, in host byte order */
struct smc_diag_cursor {
	__u16	reserved;
	__u16	wrap;
	__u32	count;
};

/*
 * rx_*: our receive buffer element, as the peer last reported its
 * producer cursor and as we last got its consumer cursor of our writes
 * (the latter tells how much of the peer's element is in use);
 * tx_prod/tx_cons: what we last sent; tx_prep/sent/fin: our send buffer.
 * The flag bytes are those of the CDC messages on the wire.
 */
struct smc_diag_conninfo {
	__u32	token;			/* our connection token */
	__u32	sndbuf_size;
	__u32	rmbe_size;
	__u32	peer_rmbe_size;
	struct smc_diag_cursor	rx_prod;
	struct smc_diag_cursor	rx_cons;
	struct smc_diag_cursor	tx_prod;
	struct smc_diag_cursor	tx_cons;
	__u8	rx_prod_flags;
	__u8	rx_conn_state_flags;
	__u8	tx_prod_flags;
	__u8	tx_conn_state_flags;
	struct smc_diag_cursor	tx_prep;
	struct smc_diag_cursor	tx_sent;
	struct smc_diag_cursor	tx_fin;
};

#define SMC_DIAG_IBNAME_LEN	64	/* IB_DEVICE_NAME_MAX */
#define SMC_DIAG_GID_LEN	40	/* 8 groups of 4 hex digits, ':' */

struct smc_diag_linkinfo {
	__u8	link_id;
	__u8	ibname[SMC_DIAG_IBNAME_LEN];
	__u8	ibport;
	__u8	gid[SMC_DIAG_GID_LEN];
	__u8	peer_gid[SMC_DIAG_GID_LEN];
};

struct smc_diag_lgrinfo {
	struct smc_diag_linkinfo	lnk[1];
	__u8	role;			/* 0 client, 1 server */
};

struct smc_diag_fallback {
	__u32	reason;			/* SMC_CLC_DECL_* why, 0 if SMC */
	__u32	peer_diagnosis;		/* code of the peer's DECLINE */
};

#endif /* _UAPI_LINUX_AF_SMC_DIAG_H */
