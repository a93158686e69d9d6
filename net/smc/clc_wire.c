// SPDX-License-Identifier: GPL-2.0
/*
 * clc_wire.c - CLC handshake messages: encode and validate/decode.
 *
 * Layouts (offsets from the first byte of the message):
 *
 *   all:      0 eye catcher (4), 4 type, 5 length (2), 7 version << 4 |
 *             typev2/flag << 2 | typev1/path; trailer: last 4 bytes
 *   PROPOSAL: 8 peer ID, 16 GID, 32 MAC, 38 IP area offset N (2);
 *             40 optional area (ISM GID 8, CHID 2, v2 extension offset 2,
 *             OUI 3, experimental options 5, 20 reserved);
 *             40 + N IP prefix area (8 + 17 per IPv6 prefix);
 *             v2 extension at 52 + its offset (40 + 32 per UEID);
 *             SMC-Dv2 extension at v2 extension + 8 + its offset
 *             (48 + 10 per ISM device)
 *   ACCEPT/CONFIRM (SMC-R): 8 peer ID, 16 GID, 32 MAC, 38 QPN (3),
 *             41 rkey, 45 RMBE index, 46 alert token, 50 size << 4 | MTU,
 *             52 RMB address (8), 61 PSN (3); v2: 64 EID (32), 104 first
 *             contact extension (52), 156 CONFIRM only: GID list
 *   DECLINE:  8 peer ID, 16 diagnosis (4), 20 OS type << 4; v2: 24 four
 *             more diagnosis codes
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "clc_wire.h"

/* common to PROPOSAL and ACCEPT/CONFIRM */
#define CLC_OFF_PEER_ID		8
#define CLC_OFF_GID		16
#define CLC_OFF_MAC		32

/* PROPOSAL */
#define PROP_OFF_IPAREA		38
#define PROP_FIXED_LEN		40
#define PROP_AREA_LEN		40	/* the optional area at byte 40 */
#define PROP_AREA_OFF_CHID	8
#define PROP_AREA_OFF_V2EXT	10
#define PROP_AREA_OFF_OUI	12
#define PROP_AREA_OFF_EXP	15
#define PROP_V2EXT_BASE		52	/* base of the v2 extension offset */
#define PROP_V1_MIN_LEN		52	/* N = 0, no IPv6 prefix */
#define PFX_HDR_LEN		8
#define PFX_ENTRY_LEN		17
#define V2EXT_HDR_LEN		40
#define V2EXT_OFF_RELEASE	3
#define V2EXT_OFF_SMCD		6
#define V2EXT_SMCD_BASE		8	/* the SMC-Dv2 offset counts from */
#define V2EXT_OFF_ROCE_GID	8
#define V2EXT_OFF_MAX_CONNS	24
#define V2EXT_OFF_MAX_LINKS	25
#define V2EXT_OFF_FEATURES	26
#define SMCDV2_HDR_LEN		48
#define SMCDV2_ENTRY_LEN	10

/* ACCEPT/CONFIRM */
#define ACC_OFF_QPN		38
#define ACC_OFF_RKEY		41
#define ACC_OFF_RMBE_IDX	45
#define ACC_OFF_TOKEN		46
#define ACC_OFF_SIZE_MTU	50
#define ACC_OFF_VADDR		52
#define ACC_OFF_PSN		61
#define ACC_OFF_EID		64
#define ACC_OFF_FCE		104
#define ACC_OFF_GIDLIST		156
#define FCE_OFF_OS_REL		1
#define FCE_OFF_HOSTNAME	4
#define FCE_OFF_MAX_CONNS	36
#define FCE_OFF_MAX_LINKS	37
#define FCE_OFF_FEATURES	38
#define FCE_OFF_VENDOR		40
#define GIDLIST_HDR_LEN		4
#define SMCD_ACC_V1_LEN		48
#define SMCD_ACC_V2_LEN		78
#define SMCD_FCE_R0_LEN		36
#define SMCD_FCE_R1_LEN		52
#define CLC_QP_MTU_MIN		1	/* IB_MTU_256 */
#define CLC_QP_MTU_MAX		5	/* IB_MTU_4096 */

/* DECLINE */
#define DECL_OFF_DIAG		16
#define DECL_OFF_OS		20
#define DECL_OFF_DIAG_V2	24

#define CLC_FLAG_BIT		0x02	/* typev2: first contact, out of sync */
#define CLC_U24_MAX		0xffffffU

static bool clc_eyecatcher_valid(u32 ec)
{
	return ec == SMC_CLC_EYECATCHER_R || ec == SMC_CLC_EYECATCHER_D;
}

static bool clc_smcd_offered(u8 type)
{
	return type == SMC_CLC_TYPE_D || type == SMC_CLC_TYPE_B;
}

/* header and trailer; the caller has zeroed the @len bytes at @buf */
static void clc_put_frame(u8 *buf, u16 len, u8 type, u8 version, u8 typev2,
			  u8 typev1)
{
	smc_wire_put_be32(buf, SMC_CLC_EYECATCHER_R);
	buf[4] = type;
	smc_wire_put_be16(buf + 5, len);
	buf[7] = (u8)((version << 4) | ((typev2 & 3) << 2) | (typev1 & 3));
	smc_wire_put_be32(buf + len - SMC_CLC_TRL_LEN, SMC_CLC_EYECATCHER_R);
}

/**
 * smc_clc_hdr_decode() - validate and decode a CLC header
 * @buf: at least the first 8 bytes of a CLC message
 * @len: number of bytes at @buf (only 8 are read)
 * @hdr: output
 *
 * Checks what can be checked without the rest of the message: eye catcher,
 * message type, version and a length no shorter than the smallest message
 * of that type. Used to find the extent of a message in the TCP stream.
 *
 * Return: 0, -EBADMSG (short buffer, eye catcher, length) or -EPROTO
 * (type, version).
 */
int smc_clc_hdr_decode(const u8 *buf, size_t len, struct smc_clc_hdr *hdr)
{
	struct smc_clc_hdr h;
	u16 min_len;

	if (len < SMC_CLC_HDR_LEN)
		return -EBADMSG;
	h.eyecatcher = smc_wire_get_be32(buf);
	if (!clc_eyecatcher_valid(h.eyecatcher))
		return -EBADMSG;
	h.type = buf[4];
	h.length = smc_wire_get_be16(buf + 5);
	h.version = buf[7] >> 4;
	h.typev2 = (buf[7] >> 2) & 3;
	h.typev1 = buf[7] & 3;
	switch (h.type) {
	case SMC_CLC_PROPOSAL:
		min_len = PROP_V1_MIN_LEN;
		break;
	case SMC_CLC_ACCEPT:
	case SMC_CLC_CONFIRM:
		min_len = SMCD_ACC_V1_LEN;
		break;
	case SMC_CLC_DECLINE:
		min_len = SMC_CLC_DECLINE_V1_LEN;
		break;
	default:
		return -EPROTO;
	}
	if (h.version < SMC_CLC_V1)
		return -EPROTO;
	if (h.length < min_len)
		return -EBADMSG;
	*hdr = h;
	return 0;
}

/* header of the expected type, length == buffer length, valid trailer */
static int clc_msg_check(const u8 *buf, size_t len, u8 type,
			 struct smc_clc_hdr *hdr)
{
	int rc;

	rc = smc_clc_hdr_decode(buf, len, hdr);
	if (rc)
		return rc;
	if (hdr->type != type)
		return -EPROTO;
	if (hdr->length != len)
		return -EBADMSG;
	if (!clc_eyecatcher_valid(smc_wire_get_be32(buf + len -
						    SMC_CLC_TRL_LEN)))
		return -EBADMSG;
	return 0;
}

/* ---------------------------------------------------------------------- */
/* PROPOSAL */

static size_t clc_prefix_len(const struct smc_clc_proposal_info *p)
{
	return PFX_HDR_LEN + PFX_ENTRY_LEN * (size_t)p->ipv6_cnt;
}

static size_t clc_v2ext_len(const struct smc_clc_proposal_info *p)
{
	return V2EXT_HDR_LEN + SMC_CLC_EID_LEN * (size_t)p->eid_cnt;
}

static size_t clc_smcdv2_len(const struct smc_clc_proposal_info *p)
{
	return SMCDV2_HDR_LEN + SMCDV2_ENTRY_LEN * (size_t)p->ism_gid_cnt;
}

static bool clc_prefix_valid(const struct smc_clc_proposal_info *p)
{
	unsigned int i;

	if (p->ipv4_prefix_len > 32 || p->ipv6_cnt > SMC_CLC_MAX_V6_PREFIXES)
		return false;
	for (i = 0; i < p->ipv6_cnt; i++)
		if (p->ipv6[i].len > 128)
			return false;
	return true;
}

static void clc_prefix_put(const struct smc_clc_proposal_info *p, u8 *q)
{
	unsigned int i;

	smc_wire_put_be32(q, p->ipv4_subnet);
	q[4] = p->ipv4_prefix_len;
	q[7] = p->ipv6_cnt;
	q += PFX_HDR_LEN;
	for (i = 0; i < p->ipv6_cnt; i++, q += PFX_ENTRY_LEN) {
		memcpy(q, p->ipv6[i].prefix, sizeof(p->ipv6[i].prefix));
		q[16] = p->ipv6[i].len;
	}
}

/* Decode the prefix area that starts at @pos and must end by @end.
 * Return: its length, or a negative errno.
 */
static int clc_prefix_get(const u8 *buf, size_t pos, size_t end,
			  struct smc_clc_proposal_info *p)
{
	const u8 *q = buf + pos;
	unsigned int i;

	if (pos > end || end - pos < PFX_HDR_LEN)
		return -EBADMSG;
	p->ipv4_subnet = smc_wire_get_be32(q);
	p->ipv4_prefix_len = q[4];
	p->ipv6_cnt = q[7];
	if (p->ipv6_cnt > SMC_CLC_MAX_V6_PREFIXES)
		return -EPROTO;
	if (end - pos < clc_prefix_len(p))
		return -EBADMSG;
	q += PFX_HDR_LEN;
	for (i = 0; i < p->ipv6_cnt; i++, q += PFX_ENTRY_LEN) {
		memcpy(p->ipv6[i].prefix, q, sizeof(p->ipv6[i].prefix));
		p->ipv6[i].len = q[16];
	}
	if (!clc_prefix_valid(p))
		return -EPROTO;
	return (int)clc_prefix_len(p);
}

static bool clc_proposal_valid(const struct smc_clc_proposal_info *p)
{
	if (p->version < SMC_CLC_V1 || p->version > 15 ||
	    p->typev1 > SMC_CLC_TYPE_B || p->typev2 > SMC_CLC_TYPE_B)
		return false;
	if (p->version == SMC_CLC_V1)
		return p->typev1 != SMC_CLC_TYPE_N && clc_prefix_valid(p);
	if (p->typev1 != SMC_CLC_TYPE_N && !clc_prefix_valid(p))
		return false;
	if (p->typev2 != SMC_CLC_TYPE_N && p->eid_cnt > SMC_CLC_MAX_UEIDS)
		return false;
	if (clc_smcd_offered(p->typev2) &&
	    p->ism_gid_cnt > SMC_CLC_MAX_ISM_GIDS)
		return false;
	return true;
}

/* total length of the PROPOSAL described by a valid @p */
static size_t clc_proposal_len(const struct smc_clc_proposal_info *p)
{
	size_t len;

	if (p->version == SMC_CLC_V1)
		return PROP_FIXED_LEN + p->iparea_offset + clc_prefix_len(p) +
		       SMC_CLC_TRL_LEN;
	len = PROP_FIXED_LEN + PROP_AREA_LEN + SMC_CLC_TRL_LEN;
	if (p->typev1 != SMC_CLC_TYPE_N)
		len += clc_prefix_len(p);
	if (p->typev2 != SMC_CLC_TYPE_N)
		len += clc_v2ext_len(p);
	if (clc_smcd_offered(p->typev2))
		len += clc_smcdv2_len(p);
	return len;
}

/**
 * smc_clc_proposal_encode() - build a CLC PROPOSAL
 * @info: the message; see struct smc_clc_proposal_info for which fields
 *	are used with which version and SMC types
 * @buf: output buffer
 * @buflen: size of @buf; %SMC_CLC_PROPOSAL_MAX_LEN always suffices for
 *	version 2 and for version 1 with an IP area offset of at most 40
 *
 * In version 2 the IP area offset and the extension offsets are computed
 * (the extensions follow each other without gaps, as Linux sends them).
 *
 * Return: the message length, -EINVAL if @info has out-of-range values or
 * combinations, or -ENOSPC if @buf is too small.
 */
int smc_clc_proposal_encode(const struct smc_clc_proposal_info *info,
			    u8 *buf, size_t buflen)
{
	size_t len, pos;
	u8 *area, *x;
	unsigned int i;

	if (!clc_proposal_valid(info))
		return -EINVAL;
	len = clc_proposal_len(info);
	if (len > 0xffff)
		return -EINVAL;
	if (len > buflen)
		return -ENOSPC;
	memset(buf, 0, len);
	clc_put_frame(buf, (u16)len, SMC_CLC_PROPOSAL, info->version,
		      info->version == SMC_CLC_V1 ? 0 : info->typev2,
		      info->typev1);
	memcpy(buf + CLC_OFF_PEER_ID, info->peer_id, sizeof(info->peer_id));
	memcpy(buf + CLC_OFF_GID, info->gid, sizeof(info->gid));
	memcpy(buf + CLC_OFF_MAC, info->mac, sizeof(info->mac));
	area = buf + PROP_FIXED_LEN;

	if (info->version == SMC_CLC_V1) {
		smc_wire_put_be16(buf + PROP_OFF_IPAREA, info->iparea_offset);
		if (info->iparea_offset >= PROP_AREA_LEN)
			smc_wire_put_be64(area, info->ism_gid);
		clc_prefix_put(info, area + info->iparea_offset);
		return (int)len;
	}

	smc_wire_put_be64(area, info->ism_gid);
	smc_wire_put_be16(area + PROP_AREA_OFF_CHID, info->ism_chid);
	memcpy(area + PROP_AREA_OFF_OUI, info->vendor_oui,
	       sizeof(info->vendor_oui));
	memcpy(area + PROP_AREA_OFF_EXP, info->vendor_exp,
	       sizeof(info->vendor_exp));
	pos = PROP_FIXED_LEN + PROP_AREA_LEN;
	if (info->typev1 != SMC_CLC_TYPE_N) {
		smc_wire_put_be16(buf + PROP_OFF_IPAREA, PROP_AREA_LEN);
		clc_prefix_put(info, buf + pos);
		pos += clc_prefix_len(info);
	}
	if (info->typev2 == SMC_CLC_TYPE_N)
		return (int)len;

	smc_wire_put_be16(area + PROP_AREA_OFF_V2EXT,
			  (u16)(pos - PROP_V2EXT_BASE));
	x = buf + pos;
	x[0] = info->eid_cnt;
	x[V2EXT_OFF_RELEASE] = (u8)((info->release << 4) |
				    (info->seid_flag ? 1 : 0));
	memcpy(x + V2EXT_OFF_ROCE_GID, info->roce_gid, sizeof(info->roce_gid));
	x[V2EXT_OFF_MAX_CONNS] = info->max_conns;
	x[V2EXT_OFF_MAX_LINKS] = info->max_links;
	smc_wire_put_be16(x + V2EXT_OFF_FEATURES, info->feature_mask);
	memcpy(x + V2EXT_HDR_LEN, info->ueids,
	       (size_t)info->eid_cnt * SMC_CLC_EID_LEN);
	if (!clc_smcd_offered(info->typev2))
		return (int)len;

	x[1] = info->ism_gid_cnt;
	smc_wire_put_be16(x + V2EXT_OFF_SMCD,
			  (u16)(clc_v2ext_len(info) - V2EXT_SMCD_BASE));
	x += clc_v2ext_len(info);
	memcpy(x, info->seid, sizeof(info->seid));
	x += SMCDV2_HDR_LEN;
	for (i = 0; i < info->ism_gid_cnt; i++, x += SMCDV2_ENTRY_LEN) {
		smc_wire_put_be64(x, info->ism_gids[i].gid);
		smc_wire_put_be16(x + 8, info->ism_gids[i].chid);
	}
	return (int)len;
}

/* version 1: the IP area offset is free, the message ends after the area */
static int clc_proposal_get_v1(const u8 *buf, size_t end,
			       struct smc_clc_proposal_info *p)
{
	size_t pos;
	int rc;

	p->typev2 = SMC_CLC_TYPE_N;
	if (p->typev1 == SMC_CLC_TYPE_N)
		return -EPROTO;
	p->iparea_offset = smc_wire_get_be16(buf + PROP_OFF_IPAREA);
	pos = PROP_FIXED_LEN + (size_t)p->iparea_offset;
	rc = clc_prefix_get(buf, pos, end, p);
	if (rc < 0)
		return rc;
	if (pos + (size_t)rc != end)
		return -EBADMSG;
	if (p->iparea_offset >= PROP_AREA_LEN)
		p->ism_gid = smc_wire_get_be64(buf + PROP_FIXED_LEN);
	return 0;
}

/* the v2 and SMC-Dv2 extensions, expected to start at @pos */
static int clc_proposal_get_v2ext(const u8 *buf, size_t pos, size_t end,
				  struct smc_clc_proposal_info *p)
{
	const u8 *area = buf + PROP_FIXED_LEN;
	const u8 *x = buf + pos;
	unsigned int i;

	if (smc_wire_get_be16(area + PROP_AREA_OFF_V2EXT) !=
	    pos - PROP_V2EXT_BASE)
		return -EBADMSG;
	if (end - pos < V2EXT_HDR_LEN)
		return -EBADMSG;
	p->eid_cnt = x[0];
	p->release = x[V2EXT_OFF_RELEASE] >> 4;
	p->seid_flag = x[V2EXT_OFF_RELEASE] & 1;
	memcpy(p->roce_gid, x + V2EXT_OFF_ROCE_GID, sizeof(p->roce_gid));
	p->max_conns = x[V2EXT_OFF_MAX_CONNS];
	p->max_links = x[V2EXT_OFF_MAX_LINKS];
	p->feature_mask = smc_wire_get_be16(x + V2EXT_OFF_FEATURES);
	if (p->eid_cnt > SMC_CLC_MAX_UEIDS)
		return -EPROTO;
	if (clc_smcd_offered(p->typev2)) {
		p->ism_gid_cnt = x[1];
		if (p->ism_gid_cnt > SMC_CLC_MAX_ISM_GIDS)
			return -EPROTO;
	}
	if (end - pos < clc_v2ext_len(p))
		return -EBADMSG;
	memcpy(p->ueids, x + V2EXT_HDR_LEN,
	       (size_t)p->eid_cnt * SMC_CLC_EID_LEN);
	if (!clc_smcd_offered(p->typev2))
		return pos + clc_v2ext_len(p) == end ? 0 : -EBADMSG;

	if (smc_wire_get_be16(x + V2EXT_OFF_SMCD) !=
	    clc_v2ext_len(p) - V2EXT_SMCD_BASE)
		return -EBADMSG;
	pos += clc_v2ext_len(p);
	if (end - pos != clc_smcdv2_len(p))
		return -EBADMSG;
	x = buf + pos;
	memcpy(p->seid, x, sizeof(p->seid));
	x += SMCDV2_HDR_LEN;
	for (i = 0; i < p->ism_gid_cnt; i++, x += SMCDV2_ENTRY_LEN) {
		p->ism_gids[i].gid = smc_wire_get_be64(x);
		p->ism_gids[i].chid = smc_wire_get_be16(x + 8);
	}
	return 0;
}

/* version 2: fixed area at 40, then prefix area, extensions back to back */
static int clc_proposal_get_v2(const u8 *buf, size_t end,
			       struct smc_clc_proposal_info *p)
{
	size_t pos = PROP_FIXED_LEN + PROP_AREA_LEN;
	const u8 *area = buf + PROP_FIXED_LEN;
	int rc;

	if (end < pos)
		return -EBADMSG;
	p->ism_gid = smc_wire_get_be64(area);
	p->ism_chid = smc_wire_get_be16(area + PROP_AREA_OFF_CHID);
	memcpy(p->vendor_oui, area + PROP_AREA_OFF_OUI, sizeof(p->vendor_oui));
	memcpy(p->vendor_exp, area + PROP_AREA_OFF_EXP, sizeof(p->vendor_exp));
	if (p->typev1 != SMC_CLC_TYPE_N) {
		if (smc_wire_get_be16(buf + PROP_OFF_IPAREA) != PROP_AREA_LEN)
			return -EBADMSG;
		p->iparea_offset = PROP_AREA_LEN;
		rc = clc_prefix_get(buf, pos, end, p);
		if (rc < 0)
			return rc;
		pos += (size_t)rc;
	}
	if (p->typev2 == SMC_CLC_TYPE_N)
		return pos == end ? 0 : -EBADMSG;
	return clc_proposal_get_v2ext(buf, pos, end, p);
}

/**
 * smc_clc_proposal_decode() - validate and decode a CLC PROPOSAL
 * @buf: the complete message
 * @len: its length; must equal the length in the header
 * @info: output; zeroed on failure
 * @decline: if not NULL, set to the DECLINE code to answer with, or to 0
 *	when the error ends the connection instead (always 0 for a PROPOSAL:
 *	a malformed one is a protocol error, as in Linux)
 *
 * Version 1: a v1 SMC type must be offered; the prefix area starts at the
 * IP area offset and the message ends right after it. Version 2 (or
 * later): the 40-byte area at byte 40 is present; the prefix area (if v1
 * types are offered, at offset 40), the v2 extension (if v2 types are
 * offered) and the SMC-Dv2 extension (if SMC-D is offered for v2) follow
 * each other without gaps and their offset fields must point exactly
 * there. Counts are limited to the protocol maxima, prefix lengths to the
 * address sizes.
 *
 * Return: 0, -EBADMSG or -EPROTO (see the top of clc_wire.h).
 */
int smc_clc_proposal_decode(const u8 *buf, size_t len,
			    struct smc_clc_proposal_info *info, u32 *decline)
{
	struct smc_clc_hdr hdr;
	size_t end;
	int rc;

	memset(info, 0, sizeof(*info));
	if (decline)
		*decline = 0;
	rc = clc_msg_check(buf, len, SMC_CLC_PROPOSAL, &hdr);
	if (rc)
		goto err;
	end = len - SMC_CLC_TRL_LEN;
	info->version = hdr.version;
	info->typev1 = hdr.typev1;
	info->typev2 = hdr.typev2;
	memcpy(info->peer_id, buf + CLC_OFF_PEER_ID, sizeof(info->peer_id));
	memcpy(info->gid, buf + CLC_OFF_GID, sizeof(info->gid));
	memcpy(info->mac, buf + CLC_OFF_MAC, sizeof(info->mac));
	if (hdr.version == SMC_CLC_V1)
		rc = clc_proposal_get_v1(buf, end, info);
	else
		rc = clc_proposal_get_v2(buf, end, info);
	if (!rc)
		return 0;
err:
	memset(info, 0, sizeof(*info));
	return rc;
}

/* ---------------------------------------------------------------------- */
/* ACCEPT / CONFIRM */

static bool clc_accept_valid(const struct smc_clc_accept_info *a)
{
	if (a->type != SMC_CLC_ACCEPT && a->type != SMC_CLC_CONFIRM)
		return false;
	if (a->version < SMC_CLC_V1 || a->version > 15)
		return false;
	if (a->qpn > CLC_U24_MAX || a->psn > CLC_U24_MAX || !a->rmbe_idx ||
	    a->rmbe_size > 15 || a->qp_mtu < CLC_QP_MTU_MIN ||
	    a->qp_mtu > CLC_QP_MTU_MAX)
		return false;
	if (a->version == SMC_CLC_V1 || !a->first_contact)
		return true;
	if (a->fce.os_type > 15 || a->fce.release > 15)
		return false;
	return a->type == SMC_CLC_ACCEPT || a->gid_cnt <= SMC_CLC_MAX_GIDS;
}

static size_t clc_accept_len(const struct smc_clc_accept_info *a)
{
	if (a->version == SMC_CLC_V1)
		return SMC_CLC_ACCEPT_V1_LEN;
	if (!a->first_contact)
		return SMC_CLC_ACCEPT_V2_LEN;
	if (a->type == SMC_CLC_ACCEPT)
		return SMC_CLC_ACCEPT_V2_FCE_LEN;
	return SMC_CLC_CONFIRM_V2_FCE_LEN((size_t)a->gid_cnt);
}

/**
 * smc_clc_accept_encode() - build an SMC-R CLC ACCEPT or CONFIRM
 * @info: the message; @info->type selects ACCEPT or CONFIRM
 * @buf: output buffer
 * @buflen: size of @buf; %SMC_CLC_ACCEPT_MAX_LEN always suffices
 *
 * Version 2 adds the EID; with first contact also the first contact
 * extension and, in a CONFIRM, the GID list.
 *
 * Return: the message length, -EINVAL if @info has out-of-range values,
 * or -ENOSPC if @buf is too small.
 */
int smc_clc_accept_encode(const struct smc_clc_accept_info *info,
			  u8 *buf, size_t buflen)
{
	size_t len;
	u8 *fce;

	if (!clc_accept_valid(info))
		return -EINVAL;
	len = clc_accept_len(info);
	if (len > buflen)
		return -ENOSPC;
	memset(buf, 0, len);
	clc_put_frame(buf, (u16)len, info->type, info->version,
		      info->first_contact ? CLC_FLAG_BIT : 0, SMC_CLC_TYPE_R);
	memcpy(buf + CLC_OFF_PEER_ID, info->peer_id, sizeof(info->peer_id));
	memcpy(buf + CLC_OFF_GID, info->gid, sizeof(info->gid));
	memcpy(buf + CLC_OFF_MAC, info->mac, sizeof(info->mac));
	smc_wire_put_be24(buf + ACC_OFF_QPN, info->qpn);
	smc_wire_put_be32(buf + ACC_OFF_RKEY, info->rmb_rkey);
	buf[ACC_OFF_RMBE_IDX] = info->rmbe_idx;
	smc_wire_put_be32(buf + ACC_OFF_TOKEN, info->rmbe_alert_token);
	buf[ACC_OFF_SIZE_MTU] = (u8)((info->rmbe_size << 4) | info->qp_mtu);
	smc_wire_put_be64(buf + ACC_OFF_VADDR, info->rmb_vaddr);
	smc_wire_put_be24(buf + ACC_OFF_PSN, info->psn);
	if (info->version == SMC_CLC_V1)
		return (int)len;

	memcpy(buf + ACC_OFF_EID, info->eid, sizeof(info->eid));
	if (!info->first_contact)
		return (int)len;

	fce = buf + ACC_OFF_FCE;
	fce[0] = info->fce.v2_direct ? 0x80 : 0;
	fce[FCE_OFF_OS_REL] = (u8)((info->fce.os_type << 4) |
				   info->fce.release);
	memcpy(fce + FCE_OFF_HOSTNAME, info->fce.hostname,
	       sizeof(info->fce.hostname));
	fce[FCE_OFF_MAX_CONNS] = info->fce.max_conns;
	fce[FCE_OFF_MAX_LINKS] = info->fce.max_links;
	smc_wire_put_be16(fce + FCE_OFF_FEATURES, info->fce.feature_mask);
	smc_wire_put_be32(fce + FCE_OFF_VENDOR, info->fce.vendor_opts);
	if (info->type == SMC_CLC_CONFIRM) {
		buf[ACC_OFF_GIDLIST] = info->gid_cnt;
		memcpy(buf + ACC_OFF_GIDLIST + GIDLIST_HDR_LEN, info->gids,
		       (size_t)info->gid_cnt * SMC_CLC_GID_LEN);
	}
	return (int)len;
}

/* an SMC-D ACCEPT/CONFIRM: only check that it is well formed */
static int clc_accept_smcd(const struct smc_clc_hdr *hdr, u32 *decline)
{
	bool ok;

	if (hdr->version == SMC_CLC_V1)
		ok = hdr->length == SMCD_ACC_V1_LEN;
	else if (hdr->typev2 & CLC_FLAG_BIT)
		ok = hdr->length == SMCD_ACC_V2_LEN + SMCD_FCE_R0_LEN ||
		     hdr->length == SMCD_ACC_V2_LEN + SMCD_FCE_R1_LEN;
	else
		ok = hdr->length == SMCD_ACC_V2_LEN;
	if (!ok)
		return -EBADMSG;
	if (decline)
		*decline = SMC_CLC_DECL_MODEUNSUPP;
	return -EOPNOTSUPP;
}

static int clc_accept_get(const u8 *buf, size_t len,
			  struct smc_clc_accept_info *a)
{
	const u8 *fce = buf + ACC_OFF_FCE;

	if (a->version > SMC_CLC_V1 && a->first_contact &&
	    a->type == SMC_CLC_CONFIRM) {
		/* the GID count decides the length */
		if (len < SMC_CLC_CONFIRM_V2_FCE_LEN(0))
			return -EBADMSG;
		a->gid_cnt = buf[ACC_OFF_GIDLIST];
		if (a->gid_cnt > SMC_CLC_MAX_GIDS)
			return -EPROTO;
	}
	if (len != clc_accept_len(a))
		return -EBADMSG;

	memcpy(a->peer_id, buf + CLC_OFF_PEER_ID, sizeof(a->peer_id));
	memcpy(a->gid, buf + CLC_OFF_GID, sizeof(a->gid));
	memcpy(a->mac, buf + CLC_OFF_MAC, sizeof(a->mac));
	a->qpn = smc_wire_get_be24(buf + ACC_OFF_QPN);
	a->rmb_rkey = smc_wire_get_be32(buf + ACC_OFF_RKEY);
	a->rmbe_idx = buf[ACC_OFF_RMBE_IDX];
	a->rmbe_alert_token = smc_wire_get_be32(buf + ACC_OFF_TOKEN);
	a->rmbe_size = buf[ACC_OFF_SIZE_MTU] >> 4;
	a->qp_mtu = buf[ACC_OFF_SIZE_MTU] & 0x0f;
	a->rmb_vaddr = smc_wire_get_be64(buf + ACC_OFF_VADDR);
	a->psn = smc_wire_get_be24(buf + ACC_OFF_PSN);
	if (!a->rmbe_idx || a->qp_mtu < CLC_QP_MTU_MIN ||
	    a->qp_mtu > CLC_QP_MTU_MAX)
		return -EPROTO;
	if (a->version == SMC_CLC_V1)
		return 0;

	memcpy(a->eid, buf + ACC_OFF_EID, sizeof(a->eid));
	if (!a->first_contact)
		return 0;
	a->fce.v2_direct = fce[0] & 0x80;
	a->fce.os_type = fce[FCE_OFF_OS_REL] >> 4;
	a->fce.release = fce[FCE_OFF_OS_REL] & 0x0f;
	memcpy(a->fce.hostname, fce + FCE_OFF_HOSTNAME,
	       sizeof(a->fce.hostname));
	a->fce.max_conns = fce[FCE_OFF_MAX_CONNS];
	a->fce.max_links = fce[FCE_OFF_MAX_LINKS];
	a->fce.feature_mask = smc_wire_get_be16(fce + FCE_OFF_FEATURES);
	a->fce.vendor_opts = smc_wire_get_be32(fce + FCE_OFF_VENDOR);
	if (a->type == SMC_CLC_CONFIRM)
		memcpy(a->gids, buf + ACC_OFF_GIDLIST + GIDLIST_HDR_LEN,
		       (size_t)a->gid_cnt * SMC_CLC_GID_LEN);
	return 0;
}

/**
 * smc_clc_accept_decode() - validate and decode a CLC ACCEPT or CONFIRM
 * @buf: the complete message
 * @len: its length; must equal the length in the header
 * @type: the expected type, %SMC_CLC_ACCEPT or %SMC_CLC_CONFIRM
 * @info: output; zeroed on failure
 * @decline: if not NULL, set to the DECLINE code to answer with, or to 0
 *	when the error ends the connection instead
 *
 * The SMC type must be R or D. A well-formed SMC-D message is rejected
 * with -EOPNOTSUPP and %SMC_CLC_DECL_MODEUNSUPP (this module never offers
 * SMC-D). SMC-R lengths are exact: 68 in version 1; in version 2, 108
 * without first contact, 160 for an ACCEPT with first contact and 164 +
 * 16 per GID for a CONFIRM with first contact (at most
 * %SMC_CLC_MAX_GIDS GIDs). The RMBE index must be at least 1 and the QP
 * MTU a valid IB MTU (1..5).
 *
 * Return: 0, -EINVAL (bad @type), -EBADMSG, -EPROTO or -EOPNOTSUPP.
 */
int smc_clc_accept_decode(const u8 *buf, size_t len, u8 type,
			  struct smc_clc_accept_info *info, u32 *decline)
{
	struct smc_clc_hdr hdr;
	int rc;

	memset(info, 0, sizeof(*info));
	if (decline)
		*decline = 0;
	if (type != SMC_CLC_ACCEPT && type != SMC_CLC_CONFIRM)
		return -EINVAL;
	rc = clc_msg_check(buf, len, type, &hdr);
	if (rc)
		return rc;
	if (hdr.typev1 == SMC_CLC_TYPE_D)
		return clc_accept_smcd(&hdr, decline);
	if (hdr.typev1 != SMC_CLC_TYPE_R)
		return -EPROTO;
	info->type = type;
	info->version = hdr.version;
	info->first_contact = hdr.typev2 & CLC_FLAG_BIT;
	rc = clc_accept_get(buf, len, info);
	if (rc)
		memset(info, 0, sizeof(*info));
	return rc;
}

/* ---------------------------------------------------------------------- */
/* DECLINE */

/**
 * smc_clc_decline_encode() - build a CLC DECLINE
 * @info: the message
 * @buf: output buffer
 * @buflen: size of @buf; %SMC_CLC_DECLINE_MAX_LEN always suffices
 *
 * Return: the message length (28 for version 1, 44 otherwise), -EINVAL if
 * @info has out-of-range values, or -ENOSPC if @buf is too small.
 */
int smc_clc_decline_encode(const struct smc_clc_decline_info *info,
			   u8 *buf, size_t buflen)
{
	unsigned int i;
	size_t len;

	if (info->version < SMC_CLC_V1 || info->version > 15 ||
	    info->os_type > 15)
		return -EINVAL;
	len = info->version == SMC_CLC_V1 ? SMC_CLC_DECLINE_V1_LEN :
					    SMC_CLC_DECLINE_V2_LEN;
	if (len > buflen)
		return -ENOSPC;
	memset(buf, 0, len);
	clc_put_frame(buf, (u16)len, SMC_CLC_DECLINE, info->version,
		      info->out_of_sync ? CLC_FLAG_BIT : 0, 0);
	memcpy(buf + CLC_OFF_PEER_ID, info->peer_id, sizeof(info->peer_id));
	smc_wire_put_be32(buf + DECL_OFF_DIAG, info->diag);
	if (info->version == SMC_CLC_V1)
		return (int)len;
	buf[DECL_OFF_OS] = (u8)(info->os_type << 4);
	for (i = 0; i < 4; i++)
		smc_wire_put_be32(buf + DECL_OFF_DIAG_V2 + 4 * i,
				  info->diag_v2[i]);
	return (int)len;
}

/**
 * smc_clc_decline_decode() - validate and decode a CLC DECLINE
 * @buf: the complete message
 * @len: its length; must equal the length in the header
 * @info: output; zeroed on failure
 *
 * The length must be exactly 28 for version 1 and 44 for later versions,
 * and the trailer must be a valid eye catcher.
 *
 * Return: 0, -EBADMSG or -EPROTO.
 */
int smc_clc_decline_decode(const u8 *buf, size_t len,
			   struct smc_clc_decline_info *info)
{
	struct smc_clc_hdr hdr;
	unsigned int i;
	int rc;

	memset(info, 0, sizeof(*info));
	rc = clc_msg_check(buf, len, SMC_CLC_DECLINE, &hdr);
	if (rc)
		return rc;
	if (len != (hdr.version == SMC_CLC_V1 ? SMC_CLC_DECLINE_V1_LEN :
						SMC_CLC_DECLINE_V2_LEN))
		return -EBADMSG;
	info->version = hdr.version;
	info->out_of_sync = hdr.typev2 & CLC_FLAG_BIT;
	memcpy(info->peer_id, buf + CLC_OFF_PEER_ID, sizeof(info->peer_id));
	info->diag = smc_wire_get_be32(buf + DECL_OFF_DIAG);
	if (hdr.version == SMC_CLC_V1)
		return 0;
	info->os_type = buf[DECL_OFF_OS] >> 4;
	for (i = 0; i < 4; i++)
		info->diag_v2[i] = smc_wire_get_be32(buf + DECL_OFF_DIAG_V2 +
						     4 * i);
	return 0;
}

/* ---------------------------------------------------------------------- */
/* reason codes */

static const struct {
	u32 code;
	const char *name;
} clc_decline_names[] = {
	{ SMC_CLC_DECL_MEM,		"insufficient memory" },
	{ SMC_CLC_DECL_TIMEOUT_CL,	"timeout waiting for CONFIRM LINK" },
	{ SMC_CLC_DECL_TIMEOUT_AL,	"timeout waiting for ADD LINK" },
	{ SMC_CLC_DECL_CNFERR,		"configuration error" },
	{ SMC_CLC_DECL_PEERNOSMC,	"peer did not indicate SMC" },
	{ SMC_CLC_DECL_IPSEC,		"IPsec in use" },
	{ SMC_CLC_DECL_NOSMCDEV,	"no SMC device" },
	{ SMC_CLC_DECL_NOSMCDDEV,	"no SMC-D device" },
	{ SMC_CLC_DECL_NOSMCRDEV,	"no SMC-R device" },
	{ SMC_CLC_DECL_NOISM2SUPP,	"no ISMv2 support" },
	{ SMC_CLC_DECL_NOV2EXT,		"no CLC v2 extension" },
	{ SMC_CLC_DECL_NOV2DEXT,	"no SMC-Dv2 extension" },
	{ SMC_CLC_DECL_NOSEID,		"no system EID" },
	{ SMC_CLC_DECL_NOSMCD2DEV,	"no SMC-Dv2 device" },
	{ SMC_CLC_DECL_NOUEID,		"no common user EID" },
	{ SMC_CLC_DECL_RELEASEERR,	"release negotiation failed" },
	{ SMC_CLC_DECL_MAXCONNERR,	"connection limit negotiation failed" },
	{ SMC_CLC_DECL_MAXLINKERR,	"max links negotiation failed" },
	{ SMC_CLC_DECL_MODEUNSUPP,	"SMC modes do not match" },
	{ SMC_CLC_DECL_RMBE_EC,		"peer uses RMBE eye catchers" },
	{ SMC_CLC_DECL_OPTUNSUPP,	"socket option not supported" },
	{ SMC_CLC_DECL_DIFFPREFIX,	"IP prefix mismatch" },
	{ SMC_CLC_DECL_GETVLANERR,	"cannot determine VLAN" },
	{ SMC_CLC_DECL_ISMVLANERR,	"cannot register VLAN on ISM" },
	{ SMC_CLC_DECL_NOACTLINK,	"no active link" },
	{ SMC_CLC_DECL_NOSRVLINK,	"server link not found" },
	{ SMC_CLC_DECL_VERSMISMAT,	"SMC version mismatch" },
	{ SMC_CLC_DECL_MAX_DMB,		"SMC-D DMB limit exceeded" },
	{ SMC_CLC_DECL_NOROUTE,		"no route to peer" },
	{ SMC_CLC_DECL_NOINDIRECT,	"route is direct, peer said indirect" },
	{ SMC_CLC_DECL_SYNCERR,		"link group out of sync" },
	{ SMC_CLC_DECL_PEERDECL,	"declined by peer" },
	{ SMC_CLC_DECL_INTERR,		"internal error" },
	{ SMC_CLC_DECL_ERR_RTOK,	"rtoken handling failed" },
	{ SMC_CLC_DECL_ERR_RDYLNK,	"link setup failed" },
	{ SMC_CLC_DECL_ERR_REGBUF,	"buffer registration failed" },
	{ 0, NULL }
};

/**
 * smc_clc_decline_name() - short description of a decline/fallback code
 * @code: an SMC_CLC_DECL_* value
 *
 * Return: a static string; "unknown" for codes not in the table.
 */
const char *smc_clc_decline_name(u32 code)
{
	unsigned int i;

	for (i = 0; clc_decline_names[i].name; i++)
		if (clc_decline_names[i].code == code)
			return clc_decline_names[i].name;
	return "unknown";
}
