/* SPDX-License-Identifier: GPL-2.0 */
/*
 * clc_wire.h - CLC handshake messages: host-order form and wire codec.
 *
 * CLC messages (PROPOSAL, ACCEPT, CONFIRM, DECLINE) travel over the internal
 * TCP connection before SMC takes over. The decoders validate a complete
 * message (header length == buffer length) and never read outside it; they
 * fill the output struct only on success. Reserved fields are written as
 * zero and ignored on receipt. SMC-D parts are parsed only as far as needed
 * to accept or skip them.
 *
 * Error convention of the decoders:
 *   -EBADMSG    framing: wrong length, eye catcher, offset or count that
 *               does not fit the message
 *   -EPROTO     field values: version, message type, SMC type, limits
 *   -EOPNOTSUPP well formed, but a mode this module does not implement
 * Where the protocol answers the problem with a DECLINE instead of dropping
 * the connection, the decoder also reports the SMC_CLC_DECL_* code to send.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CLC_WIRE_H
#define _AF_SMC_CLC_WIRE_H

#include "wire_types.h"
#include <uapi/linux/af_smc.h>

#define SMC_CLC_EYECATCHER_R	0xe2d4c3d9U	/* "SMCR" in EBCDIC */
#define SMC_CLC_EYECATCHER_D	0xe2d4c3c4U	/* "SMCD" in EBCDIC */

/**
 * enum smc_clc_msg_type - CLC message types (header byte 4)
 * @SMC_CLC_PROPOSAL: client offers SMC
 * @SMC_CLC_ACCEPT: server accepts and describes its side
 * @SMC_CLC_CONFIRM: client confirms and describes its side
 * @SMC_CLC_DECLINE: either side refuses; both fall back to TCP
 */
enum smc_clc_msg_type {
	SMC_CLC_PROPOSAL = 1,
	SMC_CLC_ACCEPT = 2,
	SMC_CLC_CONFIRM = 3,
	SMC_CLC_DECLINE = 4,
};

/* SMC types in the header's typev1/typev2 fields */
#define SMC_CLC_TYPE_R		0	/* SMC-R */
#define SMC_CLC_TYPE_D		1	/* SMC-D */
#define SMC_CLC_TYPE_N		2	/* none */
#define SMC_CLC_TYPE_B		3	/* both */

#define SMC_CLC_V1		1
#define SMC_CLC_V2		2

/* SMC release within version 2 (v2.0, v2.1) */
#define SMC_CLC_RELEASE_0	0
#define SMC_CLC_RELEASE_1	1

/* operating system types in the FCE and in a v2 DECLINE */
#define SMC_CLC_OS_ZOS		1
#define SMC_CLC_OS_LINUX	2
#define SMC_CLC_OS_AIX		3
#define SMC_CLC_OS_UNKNOWN	15

/* v2.1 feature mask bits */
#define SMC_CLC_FEAT_EMUL_ISM	0x0001

#define SMC_CLC_HDR_LEN		8
#define SMC_CLC_TRL_LEN		4
#define SMC_CLC_PEER_ID_LEN	8
#define SMC_CLC_GID_LEN		16
#define SMC_CLC_MAC_LEN		6
#define SMC_CLC_EID_LEN		32
#define SMC_CLC_HOSTNAME_LEN	32

#define SMC_CLC_MAX_V6_PREFIXES	8	/* IPv6 prefixes in a PROPOSAL */
#define SMC_CLC_MAX_UEIDS	8	/* user EIDs in a PROPOSAL */
#define SMC_CLC_MAX_ISM_GIDS	8	/* SMC-Dv2 GID/CHID entries */
#define SMC_CLC_MAX_GIDS	8	/* RoCEv2 GIDs in a CONFIRM */

/* message lengths */
#define SMC_CLC_ACCEPT_V1_LEN		68
#define SMC_CLC_ACCEPT_V2_LEN		108
#define SMC_CLC_ACCEPT_V2_FCE_LEN	160
#define SMC_CLC_CONFIRM_V2_FCE_LEN(k)	(164 + 16 * (k))
#define SMC_CLC_DECLINE_V1_LEN		28
#define SMC_CLC_DECLINE_V2_LEN		44
/* longest PROPOSAL with an IP area offset of at most 40 (all v2 ones) */
#define SMC_CLC_PROPOSAL_MAX_LEN	652
#define SMC_CLC_ACCEPT_MAX_LEN	SMC_CLC_CONFIRM_V2_FCE_LEN(SMC_CLC_MAX_GIDS)
#define SMC_CLC_DECLINE_MAX_LEN		SMC_CLC_DECLINE_V2_LEN

/**
 * struct smc_clc_hdr - the 8-byte header common to all CLC messages
 * @eyecatcher: leading eye catcher, %SMC_CLC_EYECATCHER_R or _D
 * @type: enum smc_clc_msg_type
 * @length: total message length including header and trailer
 * @version: SMC version (high nibble of byte 7), at least 1
 * @typev2: bits 3..2 of byte 7: the v2 SMC types of a v2 PROPOSAL; bit 3
 *	(value 2) is "first contact" in ACCEPT/CONFIRM and "out of sync" in
 *	DECLINE
 * @typev1: bits 1..0 of byte 7: the v1 SMC types of a PROPOSAL, the SMC
 *	type (R or D) of an ACCEPT/CONFIRM
 */
struct smc_clc_hdr {
	u32 eyecatcher;
	u8 type;
	u16 length;
	u8 version;
	u8 typev2;
	u8 typev1;
};

/**
 * struct smc_clc_ipv6_prefix - one IPv6 prefix of a PROPOSAL
 * @prefix: the prefix, network byte order as on the wire
 * @len: prefix length in bits, at most 128
 */
struct smc_clc_ipv6_prefix {
	u8 prefix[16];
	u8 len;
};

/**
 * struct smc_clc_ism_gid - one SMC-Dv2 device of a PROPOSAL
 * @gid: ISM GID
 * @chid: ISM channel ID
 */
struct smc_clc_ism_gid {
	u64 gid;
	u16 chid;
};

/**
 * struct smc_clc_proposal_info - a CLC PROPOSAL
 * @version: header version; 1 selects the v1 layout, 2 and above the v2 one
 * @typev1: SMC types offered for v1 (SMC_CLC_TYPE_*); never N in version 1
 * @typev2: SMC types offered for v2; always N in a version 1 message
 * @peer_id: client peer ID (instance ID + RoCE MAC)
 * @gid: client's preferred SMC-Rv1 (RoCE v1) GID
 * @mac: client's preferred RoCE MAC
 * @iparea_offset: distance from byte 40 to the IP prefix area. Free in
 *	version 1; in version 2 it is 40 when a prefix area is present and 0
 *	otherwise (the encoder computes it, the decoder reports it that way).
 * @ism_gid: native SMC-D GID from the area at byte 40; 0 when absent
 *	(a version 1 message has that area only if @iparea_offset >= 40)
 * @ism_chid: native SMC-D CHID (version 2)
 * @vendor_oui: vendor OUI (v2.1)
 * @vendor_exp: vendor experimental options (v2.1)
 * @ipv4_subnet: IPv4 subnet of the outgoing interface, host order; valid
 *	when @typev1 is not N, as are all prefix fields
 * @ipv4_prefix_len: IPv4 prefix length in bits, at most 32
 * @ipv6_cnt: number of entries in @ipv6
 * @ipv6: IPv6 prefixes
 * @release: SMC release (SMC_CLC_RELEASE_*); this and all fields up to
 *	@ueids are valid when @version >= 2 and @typev2 is not N (a v2
 *	extension is present)
 * @seid_flag: the client sent an SEID (SMC-D)
 * @roce_gid: client's RoCE v2 GID (IPv4-mapped)
 * @max_conns: v2.1: connections per link group the client wants
 * @max_links: v2.1: links per link group the client wants
 * @feature_mask: v2.1: SMC_CLC_FEAT_* bits
 * @eid_cnt: number of entries in @ueids
 * @ueids: user EIDs, 32 bytes each, blank padded
 * @seid: system EID; this and @ism_gid_cnt/@ism_gids are valid when
 *	@version >= 2 and @typev2 includes D
 * @ism_gid_cnt: number of entries in @ism_gids
 * @ism_gids: SMC-Dv2 devices
 */
struct smc_clc_proposal_info {
	u8 version;
	u8 typev1;
	u8 typev2;
	u8 peer_id[SMC_CLC_PEER_ID_LEN];
	u8 gid[SMC_CLC_GID_LEN];
	u8 mac[SMC_CLC_MAC_LEN];
	u16 iparea_offset;
	u64 ism_gid;
	u16 ism_chid;
	u8 vendor_oui[3];
	u8 vendor_exp[5];
	u32 ipv4_subnet;
	u8 ipv4_prefix_len;
	u8 ipv6_cnt;
	struct smc_clc_ipv6_prefix ipv6[SMC_CLC_MAX_V6_PREFIXES];
	u8 release;
	bool seid_flag;
	u8 roce_gid[SMC_CLC_GID_LEN];
	u8 max_conns;
	u8 max_links;
	u16 feature_mask;
	u8 eid_cnt;
	u8 ueids[SMC_CLC_MAX_UEIDS][SMC_CLC_EID_LEN];
	u8 seid[SMC_CLC_EID_LEN];
	u8 ism_gid_cnt;
	struct smc_clc_ism_gid ism_gids[SMC_CLC_MAX_ISM_GIDS];
};

/**
 * struct smc_clc_fce - first contact extension of a v2 ACCEPT/CONFIRM
 * @v2_direct: the peers are on the same IP subnet (no gateway)
 * @os_type: sender's operating system (SMC_CLC_OS_*)
 * @release: SMC release (SMC_CLC_RELEASE_*)
 * @hostname: sender's host name, ASCII, blank padded, not terminated
 * @max_conns: v2.1: negotiated connections per link group (0 in v2.0)
 * @max_links: v2.1: negotiated links per link group (0 in v2.0)
 * @feature_mask: v2.1: SMC_CLC_FEAT_* bits
 * @vendor_opts: v2.1: vendor experimental options
 */
struct smc_clc_fce {
	bool v2_direct;
	u8 os_type;
	u8 release;
	u8 hostname[SMC_CLC_HOSTNAME_LEN];
	u8 max_conns;
	u8 max_links;
	u16 feature_mask;
	u32 vendor_opts;
};

/**
 * struct smc_clc_accept_info - an SMC-R CLC ACCEPT or CONFIRM
 * @type: %SMC_CLC_ACCEPT or %SMC_CLC_CONFIRM
 * @version: header version; 1 selects the v1 layout, 2 and above the v2 one
 * @first_contact: the connection starts a new link group
 * @peer_id: sender's peer ID
 * @gid: sender's GID (RoCE v1 GID in version 1, IPv4-mapped v2 GID in 2)
 * @mac: sender's RoCE MAC
 * @qpn: sender's QP number (24 bits)
 * @rmb_rkey: rkey of the sender's RMB on the link of @qpn
 * @rmbe_idx: 1-based index of the RMBE within the RMB
 * @rmbe_alert_token: the sender's connection token
 * @rmbe_size: compressed RMBE size (see bufsize.h), 0..15
 * @qp_mtu: QP MTU as an IB MTU enum value, 1 (256) .. 5 (4096)
 * @rmb_vaddr: RMB address to use in RDMA writes on that link
 * @psn: sender's initial packet sequence number (24 bits)
 * @eid: version 2: negotiated EID
 * @fce: version 2 with @first_contact: first contact extension
 * @gid_cnt: version 2 CONFIRM with @first_contact: entries in @gids
 * @gids: the client's RoCE v2 GIDs, the one in use first
 */
struct smc_clc_accept_info {
	u8 type;
	u8 version;
	bool first_contact;
	u8 peer_id[SMC_CLC_PEER_ID_LEN];
	u8 gid[SMC_CLC_GID_LEN];
	u8 mac[SMC_CLC_MAC_LEN];
	u32 qpn;
	u32 rmb_rkey;
	u8 rmbe_idx;
	u32 rmbe_alert_token;
	u8 rmbe_size;
	u8 qp_mtu;
	u64 rmb_vaddr;
	u32 psn;
	u8 eid[SMC_CLC_EID_LEN];
	struct smc_clc_fce fce;
	u8 gid_cnt;
	u8 gids[SMC_CLC_MAX_GIDS][SMC_CLC_GID_LEN];
};

/**
 * struct smc_clc_decline_info - a CLC DECLINE
 * @version: header version; 1 gives the 28-byte form, 2 and above 44 bytes
 * @out_of_sync: the receiver must drop the link group it shares with the
 *	sender (only used with %SMC_CLC_DECL_SYNCERR)
 * @peer_id: sender's peer ID, zero if it has none
 * @diag: the reason, an SMC_CLC_DECL_* code
 * @os_type: version 2: sender's operating system (SMC_CLC_OS_*)
 * @diag_v2: version 2: additional diagnosis codes
 */
struct smc_clc_decline_info {
	u8 version;
	bool out_of_sync;
	u8 peer_id[SMC_CLC_PEER_ID_LEN];
	u32 diag;
	u8 os_type;
	u32 diag_v2[4];
};

int smc_clc_hdr_decode(const u8 *buf, size_t len, struct smc_clc_hdr *hdr);

int smc_clc_proposal_encode(const struct smc_clc_proposal_info *info,
			    u8 *buf, size_t buflen);
int smc_clc_proposal_decode(const u8 *buf, size_t len,
			    struct smc_clc_proposal_info *info, u32 *decline);

int smc_clc_accept_encode(const struct smc_clc_accept_info *info,
			  u8 *buf, size_t buflen);
int smc_clc_accept_decode(const u8 *buf, size_t len, u8 type,
			  struct smc_clc_accept_info *info, u32 *decline);

int smc_clc_decline_encode(const struct smc_clc_decline_info *info,
			   u8 *buf, size_t buflen);
int smc_clc_decline_decode(const u8 *buf, size_t len,
			   struct smc_clc_decline_info *info);

const char *smc_clc_decline_name(u32 code);

#endif /* _AF_SMC_CLC_WIRE_H */
