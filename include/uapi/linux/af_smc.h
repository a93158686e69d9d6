/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * af_smc.h - user-space ABI of the af_smc module (AF_SMC sockets,
 * Shared Memory Communications over RDMA).
 *
 * Numbers that upstream Linux defines for AF_SMC are kept identical, so
 * programs and tools written for the upstream smc module work unchanged:
 * the address family, the socket protocols, SOL_SMC and the decline and
 * fallback reason codes (the values that travel in CLC DECLINE messages and
 * that smc_diag and the SMC_GEN_NETLINK statistics report).
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

#endif /* _UAPI_LINUX_AF_SMC_H */
