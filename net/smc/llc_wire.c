// SPDX-License-Identifier: GPL-2.0
/*
 * llc_wire.c - LLC link-management messages: encode and validate/decode.
 *
 * Common header: byte 0 = version << 4 | type; v1: byte 1 = 44, byte 2 low
 * nibble = ADD LINK reject reason; v2: bytes 1-2 = total length; byte 3 =
 * flags. Bodies (offsets from the start of the message):
 *
 *   CONFIRM LINK:  4 MAC, 10 GID, 26 QPN (3), 29 link, 30 link UID (4),
 *                  34 max links, 35 max connections
 *   ADD LINK:      4 MAC, 12 GID, 28 QPN (3), 31 link, 32 MTU (low nibble),
 *                  33 PSN (3); v2 extension: 44 flags (0x80 direct),
 *                  46 target GID, 70 rkey count (2), 72 pairs of 16 bytes
 *   ADD LINK CONT: 4 link, 5 count, 8 and 24 pairs of 16 bytes
 *   DELETE LINK:   4 link, 5 reason (4)
 *   REQ ADD LINK:  24 GID count, 28 GIDs of 16 bytes
 *   CONFIRM RKEY:  4 count, 5 rkey, 9 address (8), 17 and 30 entries of
 *                  13 bytes (link, rkey, address)
 *   CONFIRM RKEY CONT: 4 count, 5, 18 and 31 entries of 13 bytes
 *   DELETE RKEY:   4 count, 5 error mask/count, 8 rkeys of 4 bytes
 *   TEST LINK:     4 user data (16)
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "llc_wire.h"
#include <uapi/linux/af_smc.h>

#define LLC_OFF_LEN		1
#define LLC_OFF_REJ_RSN		2
#define LLC_OFF_FLAGS		3
#define LLC_OFF_BODY		4

#define CL_OFF_GID		10
#define CL_OFF_QPN		26
#define CL_OFF_LINK		29
#define CL_OFF_UID		30
#define CL_OFF_MAX_LINKS	34
#define CL_OFF_MAX_CONNS	35

#define AL_OFF_GID		12
#define AL_OFF_QPN		28
#define AL_OFF_LINK		31
#define AL_OFF_MTU		32
#define AL_OFF_PSN		33
#define AL_V2_OFF_FLAGS		44
#define AL_V2_OFF_TGID		46
#define AL_V2_OFF_COUNT		70
#define AL_V2_OFF_PAIRS		72
#define AL_V2_DIRECT		0x80

#define ALC_OFF_COUNT		5
#define ALC_OFF_PAIRS		8
#define PAIR_LEN		16

#define DL_OFF_REASON		5

#define RAL_OFF_COUNT		24
#define RAL_OFF_GIDS		28

#define CR_OFF_RKEY		5
#define CR_OFF_VADDR		9
#define CR_OFF_OTHERS		17
#define CRC_OFF_ENTRIES		5
#define RTOKEN_LEN		13

#define DR_OFF_ERR		5
#define DR_OFF_RKEYS		8

#define LLC_U24_MAX		0xffffffU

/* flag bits defined per message type; everything else is reserved */
static u8 llc_flag_mask(u8 type)
{
	switch (type) {
	case SMC_LLC_CONFIRM_LINK:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC;
	case SMC_LLC_ADD_LINK:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ;
	case SMC_LLC_DELETE_LINK:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_DEL_LINK_ALL |
		       SMC_LLC_FLAG_DEL_LINK_ORDERLY;
	case SMC_LLC_CONFIRM_RKEY:
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG |
		       SMC_LLC_FLAG_RKEY_RETRY;
	case SMC_LLC_DELETE_RKEY:
		return SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG;
	default:
		return SMC_LLC_FLAG_RESP;
	}
}

/* the type codes each version knows (Linux accepts exactly these) */
static bool llc_type_valid(u8 version, u8 type)
{
	switch (type) {
	case SMC_LLC_CONFIRM_LINK:
	case SMC_LLC_ADD_LINK:
	case SMC_LLC_DELETE_LINK:
	case SMC_LLC_CONFIRM_RKEY:
	case SMC_LLC_TEST_LINK:
	case SMC_LLC_DELETE_RKEY:
		return version == SMC_LLC_V1 || version == SMC_LLC_V2;
	case SMC_LLC_ADD_LINK_CONT:
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return version == SMC_LLC_V1;
	case SMC_LLC_REQ_ADD_LINK:
		return version == SMC_LLC_V2;
	default:
		return false;
	}
}

static size_t llc_max(size_t a, size_t b)
{
	return a > b ? a : b;
}

/**
 * smc_llc_add_link_rkey() - read one rkey pair of an ADD LINK v2 extension
 * @al: a decoded ADD LINK, or one prepared for encoding
 * @i: index, below @al->num_rkeys
 * @pair: output
 *
 * Return: 0, -ERANGE if @i is out of range, -ENOENT if @al has no list.
 */
int smc_llc_add_link_rkey(const struct smc_llc_add_link *al, unsigned int i,
			  struct smc_llc_rkey_pair *pair)
{
	const u8 *p;

	if (i >= al->num_rkeys)
		return -ERANGE;
	if (al->rkeys_wire) {
		p = al->rkeys_wire + (size_t)i * PAIR_LEN;
		pair->rkey = smc_wire_get_be32(p);
		pair->rkey_new = smc_wire_get_be32(p + 4);
		pair->vaddr_new = smc_wire_get_be64(p + 8);
		return 0;
	}
	if (al->rkeys) {
		*pair = al->rkeys[i];
		return 0;
	}
	return -ENOENT;
}

/**
 * smc_llc_delete_rkey_get() - read one rkey of a DELETE RKEY
 * @dr: a decoded DELETE RKEY, or one prepared for encoding
 * @i: index, below @dr->num_rkeys
 * @rkey: output
 *
 * Return: 0, -ERANGE if @i is out of range, -ENOENT if @dr has no list
 * (a v2 response that left it out).
 */
int smc_llc_delete_rkey_get(const struct smc_llc_delete_rkey *dr,
			    unsigned int i, u32 *rkey)
{
	if (i >= dr->num_rkeys)
		return -ERANGE;
	if (dr->rkeys_wire) {
		*rkey = smc_wire_get_be32(dr->rkeys_wire + 4 * (size_t)i);
		return 0;
	}
	if (dr->rkeys) {
		*rkey = dr->rkeys[i];
		return 0;
	}
	return -ENOENT;
}

/* v2 DELETE RKEY with every rkey in the message */
static size_t llc_del_rkey_v2_len(u8 num_rkeys)
{
	return llc_max(SMC_LLC_MSG_LEN, DR_OFF_RKEYS + 4 * (size_t)num_rkeys);
}

static size_t llc_req_add_link_len(u8 gid_cnt)
{
	return llc_max(SMC_LLC_MSG_LEN,
		       RAL_OFF_GIDS + SMC_LLC_GID_LEN * (size_t)gid_cnt);
}

/* length of the message @msg encodes to, or 0 if @msg is invalid */
static size_t llc_encoded_len(const struct smc_llc_msg *msg)
{
	const struct smc_llc_add_link *al = &msg->add_link;
	const struct smc_llc_delete_rkey *dr = &msg->delete_rkey;

	switch (msg->type) {
	case SMC_LLC_CONFIRM_LINK:
		if (msg->confirm_link.qpn > LLC_U24_MAX ||
		    !msg->confirm_link.link_num)
			return 0;
		break;
	case SMC_LLC_ADD_LINK:
		if (al->qpn > LLC_U24_MAX || al->psn > LLC_U24_MAX ||
		    al->qp_mtu > 15 || al->reject_reason > 15)
			return 0;
		if (msg->version == SMC_LLC_V1 || !al->has_v2_ext)
			break;
		if (al->num_rkeys > SMC_LLC_ADD_LINK_V2_MAX_RKEYS ||
		    (al->num_rkeys && !al->rkeys && !al->rkeys_wire))
			return 0;
		return SMC_LLC_ADD_LINK_V2_LEN((size_t)al->num_rkeys);
	case SMC_LLC_REQ_ADD_LINK:
		if (msg->req_add_link.gid_cnt && !msg->req_add_link.gids)
			return 0;
		return llc_req_add_link_len(msg->req_add_link.gid_cnt);
	case SMC_LLC_DELETE_RKEY:
		if (msg->version == SMC_LLC_V1) {
			if (dr->num_rkeys > SMC_LLC_DEL_RKEY_MAX)
				return 0;
			break;
		}
		if (dr->rkeys || dr->rkeys_wire)
			return llc_del_rkey_v2_len(dr->num_rkeys);
		/* the short form, only for responses or short lists */
		if (!(msg->flags & SMC_LLC_FLAG_RESP) &&
		    llc_del_rkey_v2_len(dr->num_rkeys) != SMC_LLC_MSG_LEN)
			return 0;
		break;
	default:
		break;
	}
	return SMC_LLC_MSG_LEN;
}

static void llc_put_rtoken(u8 *p, const struct smc_llc_rtoken *rt)
{
	p[0] = rt->link_num;
	smc_wire_put_be32(p + 1, rt->rkey);
	smc_wire_put_be64(p + 5, rt->vaddr);
}

static void llc_get_rtoken(const u8 *p, struct smc_llc_rtoken *rt)
{
	rt->link_num = p[0];
	rt->rkey = smc_wire_get_be32(p + 1);
	rt->vaddr = smc_wire_get_be64(p + 5);
}

static void llc_put_pair(u8 *p, const struct smc_llc_rkey_pair *pair)
{
	smc_wire_put_be32(p, pair->rkey);
	smc_wire_put_be32(p + 4, pair->rkey_new);
	smc_wire_put_be64(p + 8, pair->vaddr_new);
}

static void llc_get_pair(const u8 *p, struct smc_llc_rkey_pair *pair)
{
	pair->rkey = smc_wire_get_be32(p);
	pair->rkey_new = smc_wire_get_be32(p + 4);
	pair->vaddr_new = smc_wire_get_be64(p + 8);
}

static void llc_put_add_link(const struct smc_llc_msg *msg, u8 *buf)
{
	const struct smc_llc_add_link *al = &msg->add_link;
	struct smc_llc_rkey_pair pair;
	unsigned int i;

	memcpy(buf + LLC_OFF_BODY, al->mac, sizeof(al->mac));
	memcpy(buf + AL_OFF_GID, al->gid, sizeof(al->gid));
	smc_wire_put_be24(buf + AL_OFF_QPN, al->qpn);
	buf[AL_OFF_LINK] = al->link_num;
	buf[AL_OFF_MTU] = al->qp_mtu;
	smc_wire_put_be24(buf + AL_OFF_PSN, al->psn);
	if (msg->version == SMC_LLC_V1) {
		buf[LLC_OFF_REJ_RSN] = al->reject_reason;
		return;
	}
	if (!al->has_v2_ext)
		return;
	buf[AL_V2_OFF_FLAGS] = al->v2_direct ? AL_V2_DIRECT : 0;
	memcpy(buf + AL_V2_OFF_TGID, al->target_gid, sizeof(al->target_gid));
	smc_wire_put_le16(buf + AL_V2_OFF_COUNT, al->num_rkeys);
	for (i = 0; i < al->num_rkeys; i++) {
		if (smc_llc_add_link_rkey(al, i, &pair))
			break;
		llc_put_pair(buf + AL_V2_OFF_PAIRS + i * PAIR_LEN, &pair);
	}
}

static void llc_put_body(const struct smc_llc_msg *msg, u8 *buf)
{
	const struct smc_llc_confirm_link *cl = &msg->confirm_link;
	const struct smc_llc_add_link_cont *alc = &msg->add_link_cont;
	const struct smc_llc_confirm_rkey *cr = &msg->confirm_rkey;
	const struct smc_llc_confirm_rkey_cont *crc = &msg->confirm_rkey_cont;
	const struct smc_llc_delete_rkey *dr = &msg->delete_rkey;
	u8 *body = buf + LLC_OFF_BODY;
	unsigned int i;
	u32 rkey;

	switch (msg->type) {
	case SMC_LLC_CONFIRM_LINK:
		memcpy(body, cl->mac, sizeof(cl->mac));
		memcpy(buf + CL_OFF_GID, cl->gid, sizeof(cl->gid));
		smc_wire_put_be24(buf + CL_OFF_QPN, cl->qpn);
		buf[CL_OFF_LINK] = cl->link_num;
		memcpy(buf + CL_OFF_UID, cl->link_uid, sizeof(cl->link_uid));
		buf[CL_OFF_MAX_LINKS] = cl->max_links;
		buf[CL_OFF_MAX_CONNS] = cl->max_conns;
		break;
	case SMC_LLC_ADD_LINK:
		llc_put_add_link(msg, buf);
		break;
	case SMC_LLC_ADD_LINK_CONT:
		body[0] = alc->link_num;
		buf[ALC_OFF_COUNT] = alc->num_rkeys;
		for (i = 0; i < SMC_LLC_ADD_LINK_CONT_RKEYS; i++)
			llc_put_pair(buf + ALC_OFF_PAIRS + i * PAIR_LEN,
				     &alc->rkeys[i]);
		break;
	case SMC_LLC_DELETE_LINK:
		body[0] = msg->delete_link.link_num;
		smc_wire_put_be32(buf + DL_OFF_REASON, msg->delete_link.reason);
		break;
	case SMC_LLC_REQ_ADD_LINK:
		buf[RAL_OFF_COUNT] = msg->req_add_link.gid_cnt;
		if (msg->req_add_link.gid_cnt)
			memcpy(buf + RAL_OFF_GIDS, msg->req_add_link.gids,
			       SMC_LLC_GID_LEN *
			       (size_t)msg->req_add_link.gid_cnt);
		break;
	case SMC_LLC_CONFIRM_RKEY:
		body[0] = cr->num_rkeys;
		smc_wire_put_be32(buf + CR_OFF_RKEY, cr->rkey);
		smc_wire_put_be64(buf + CR_OFF_VADDR, cr->vaddr);
		for (i = 0; i < SMC_LLC_CONFIRM_RKEY_OTHERS; i++)
			llc_put_rtoken(buf + CR_OFF_OTHERS + i * RTOKEN_LEN,
				       &cr->others[i]);
		break;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		body[0] = crc->num_rkeys;
		for (i = 0; i < SMC_LLC_RKEY_CONT_ENTRIES; i++)
			llc_put_rtoken(buf + CRC_OFF_ENTRIES + i * RTOKEN_LEN,
				       &crc->rtokens[i]);
		break;
	case SMC_LLC_DELETE_RKEY:
		body[0] = dr->num_rkeys;
		buf[DR_OFF_ERR] = dr->err;
		for (i = 0; i < dr->num_rkeys; i++) {
			if (smc_llc_delete_rkey_get(dr, i, &rkey))
				break;
			smc_wire_put_be32(buf + DR_OFF_RKEYS + 4 * i, rkey);
		}
		break;
	case SMC_LLC_TEST_LINK:
		memcpy(body, msg->test_link.user_data,
		       sizeof(msg->test_link.user_data));
		break;
	}
}

/**
 * smc_llc_encode() - build an LLC message
 * @msg: the message; @msg->length is ignored
 * @buf: output buffer
 * @buflen: size of @buf; %SMC_LLC_MSG_LEN suffices for every v1 message,
 *	%SMC_LLC_V2_MAX_LEN for every v2 one
 *
 * Flag bits not defined for the type are dropped; CONFIRM LINK always
 * carries %SMC_LLC_FLAG_NO_RMBE_EYEC (this module never uses RMBE eye
 * catchers).
 *
 * Return: the message length, -EINVAL if @msg has an unknown type/version
 * or out-of-range values, or -ENOSPC if @buf is too small.
 */
int smc_llc_encode(const struct smc_llc_msg *msg, u8 *buf, size_t buflen)
{
	size_t len;
	u8 flags;

	if (!llc_type_valid(msg->version, msg->type))
		return -EINVAL;
	len = llc_encoded_len(msg);
	if (!len)
		return -EINVAL;
	if (len > buflen)
		return -ENOSPC;
	memset(buf, 0, len);
	flags = msg->flags & llc_flag_mask(msg->type);
	if (msg->type == SMC_LLC_CONFIRM_LINK)
		flags |= SMC_LLC_FLAG_NO_RMBE_EYEC;
	if (msg->version == SMC_LLC_V1) {
		buf[0] = msg->type;
		buf[LLC_OFF_LEN] = SMC_LLC_MSG_LEN;
	} else {
		buf[0] = (u8)(0x20 | msg->type);
		smc_wire_put_le16(buf + LLC_OFF_LEN, (u16)len);
	}
	buf[LLC_OFF_FLAGS] = flags;
	llc_put_body(msg, buf);
	return (int)len;
}

/* a 16-bit count written by Linux in its CPU byte order */
static bool llc_count_matches(const u8 *p, size_t want)
{
	return smc_wire_get_le16(p) == want || smc_wire_get_be16(p) == want;
}

static int llc_get_add_link(const u8 *buf, size_t len, struct smc_llc_msg *msg)
{
	struct smc_llc_add_link *al = &msg->add_link;
	size_t n;

	memcpy(al->mac, buf + LLC_OFF_BODY, sizeof(al->mac));
	memcpy(al->gid, buf + AL_OFF_GID, sizeof(al->gid));
	al->qpn = smc_wire_get_be24(buf + AL_OFF_QPN);
	al->link_num = buf[AL_OFF_LINK];
	al->qp_mtu = buf[AL_OFF_MTU] & 0x0f;
	al->psn = smc_wire_get_be24(buf + AL_OFF_PSN);
	if (msg->version == SMC_LLC_V1) {
		al->reject_reason = buf[LLC_OFF_REJ_RSN] & 0x0f;
		return 0;
	}
	if (len == SMC_LLC_MSG_LEN)
		return 0;
	if (len < SMC_LLC_ADD_LINK_V2_LEN(0) ||
	    (len - SMC_LLC_ADD_LINK_V2_LEN(0)) % PAIR_LEN)
		return -EBADMSG;
	n = (len - SMC_LLC_ADD_LINK_V2_LEN(0)) / PAIR_LEN;
	if (!llc_count_matches(buf + AL_V2_OFF_COUNT, n))
		return -EBADMSG;
	al->has_v2_ext = true;
	al->v2_direct = buf[AL_V2_OFF_FLAGS] & AL_V2_DIRECT;
	memcpy(al->target_gid, buf + AL_V2_OFF_TGID, sizeof(al->target_gid));
	al->num_rkeys = (u16)n;
	al->rkeys_wire = buf + AL_V2_OFF_PAIRS;
	return 0;
}

static int llc_get_delete_rkey(const u8 *buf, size_t len,
			       struct smc_llc_msg *msg)
{
	struct smc_llc_delete_rkey *dr = &msg->delete_rkey;

	dr->num_rkeys = buf[LLC_OFF_BODY];
	dr->err = buf[DR_OFF_ERR];
	if (msg->version == SMC_LLC_V1) {
		if (dr->num_rkeys > SMC_LLC_DEL_RKEY_MAX)
			return -EPROTO;
		dr->rkeys_wire = buf + DR_OFF_RKEYS;
		return 0;
	}
	if (len == llc_del_rkey_v2_len(dr->num_rkeys)) {
		dr->rkeys_wire = buf + DR_OFF_RKEYS;
		return 0;
	}
	/* Linux answers with 44 bytes whatever the request's length was */
	if ((msg->flags & SMC_LLC_FLAG_RESP) && len == SMC_LLC_MSG_LEN)
		return 0;
	return -EBADMSG;
}

static int llc_get_body(const u8 *buf, size_t len, struct smc_llc_msg *msg,
			u32 *decline)
{
	struct smc_llc_confirm_link *cl = &msg->confirm_link;
	struct smc_llc_add_link_cont *alc = &msg->add_link_cont;
	struct smc_llc_confirm_rkey *cr = &msg->confirm_rkey;
	struct smc_llc_confirm_rkey_cont *crc = &msg->confirm_rkey_cont;
	const u8 *body = buf + LLC_OFF_BODY;
	unsigned int i;

	switch (msg->type) {
	case SMC_LLC_ADD_LINK:
		return llc_get_add_link(buf, len, msg);
	case SMC_LLC_REQ_ADD_LINK:
		msg->req_add_link.gid_cnt = buf[RAL_OFF_COUNT];
		if (len != llc_req_add_link_len(msg->req_add_link.gid_cnt))
			return -EBADMSG;
		if (msg->req_add_link.gid_cnt)
			msg->req_add_link.gids = buf + RAL_OFF_GIDS;
		return 0;
	case SMC_LLC_DELETE_RKEY:
		return llc_get_delete_rkey(buf, len, msg);
	}

	/* all others are exactly 44 bytes in both versions */
	if (len != SMC_LLC_MSG_LEN)
		return -EBADMSG;
	switch (msg->type) {
	case SMC_LLC_CONFIRM_LINK:
		if (!(msg->flags & SMC_LLC_FLAG_NO_RMBE_EYEC)) {
			if (decline)
				*decline = SMC_CLC_DECL_RMBE_EC;
			return -EOPNOTSUPP;
		}
		msg->flags |= SMC_LLC_FLAG_NO_RMBE_EYEC;
		memcpy(cl->mac, body, sizeof(cl->mac));
		memcpy(cl->gid, buf + CL_OFF_GID, sizeof(cl->gid));
		cl->qpn = smc_wire_get_be24(buf + CL_OFF_QPN);
		cl->link_num = buf[CL_OFF_LINK];
		memcpy(cl->link_uid, buf + CL_OFF_UID, sizeof(cl->link_uid));
		cl->max_links = buf[CL_OFF_MAX_LINKS];
		cl->max_conns = buf[CL_OFF_MAX_CONNS];
		if (!cl->link_num)
			return -EPROTO;
		break;
	case SMC_LLC_ADD_LINK_CONT:
		alc->link_num = body[0];
		alc->num_rkeys = buf[ALC_OFF_COUNT];
		for (i = 0; i < SMC_LLC_ADD_LINK_CONT_RKEYS; i++)
			llc_get_pair(buf + ALC_OFF_PAIRS + i * PAIR_LEN,
				     &alc->rkeys[i]);
		break;
	case SMC_LLC_DELETE_LINK:
		msg->delete_link.link_num = body[0];
		msg->delete_link.reason = smc_wire_get_be32(buf +
							    DL_OFF_REASON);
		break;
	case SMC_LLC_CONFIRM_RKEY:
		cr->num_rkeys = body[0];
		cr->rkey = smc_wire_get_be32(buf + CR_OFF_RKEY);
		cr->vaddr = smc_wire_get_be64(buf + CR_OFF_VADDR);
		for (i = 0; i < SMC_LLC_CONFIRM_RKEY_OTHERS; i++)
			llc_get_rtoken(buf + CR_OFF_OTHERS + i * RTOKEN_LEN,
				       &cr->others[i]);
		break;
	case SMC_LLC_CONFIRM_RKEY_CONT:
		crc->num_rkeys = body[0];
		for (i = 0; i < SMC_LLC_RKEY_CONT_ENTRIES; i++)
			llc_get_rtoken(buf + CRC_OFF_ENTRIES + i * RTOKEN_LEN,
				       &crc->rtokens[i]);
		break;
	case SMC_LLC_TEST_LINK:
		memcpy(msg->test_link.user_data, body,
		       sizeof(msg->test_link.user_data));
		break;
	}
	return 0;
}

/**
 * smc_llc_decode() - validate and decode an LLC message
 * @buf: the received bytes
 * @len: number of bytes received
 * @msg: output; zeroed on failure. For some types it points into @buf
 *	(see struct smc_llc_add_link, smc_llc_req_add_link,
 *	smc_llc_delete_rkey), so @buf must outlive it.
 * @decline: if not NULL, set to the CLC DECLINE code that answers the
 *	problem during the first-link handshake, or 0
 *
 * A v1 message must be exactly 44 bytes with 44 in its length byte. A v2
 * message must carry its received length (44 .. 8192) in bytes 1-2, in
 * either byte order; ADD LINK is 44 bytes or 72 + 16 per rkey pair,
 * REQUEST ADD LINK max(44, 28 + 16 per GID), DELETE RKEY max(44, 8 + 4 per
 * rkey) or, as a response, 44; all other types are 44. A CONFIRM LINK
 * without the "no RMBE eye catcher" flags is refused with -EOPNOTSUPP and
 * %SMC_CLC_DECL_RMBE_EC.
 *
 * Return: 0, -EBADMSG, -EPROTO or -EOPNOTSUPP (see llc_wire.h).
 */
int smc_llc_decode(const u8 *buf, size_t len, struct smc_llc_msg *msg,
		   u32 *decline)
{
	u8 version, type;
	int rc;

	memset(msg, 0, sizeof(*msg));
	if (decline)
		*decline = 0;
	if (len < SMC_LLC_MSG_LEN)
		return -EBADMSG;
	switch (buf[0] >> 4) {
	case 0:
		version = SMC_LLC_V1;
		if (len != SMC_LLC_MSG_LEN || buf[LLC_OFF_LEN] != len)
			return -EBADMSG;
		break;
	case 2:
		version = SMC_LLC_V2;
		if (len > SMC_LLC_V2_MAX_LEN ||
		    !llc_count_matches(buf + LLC_OFF_LEN, len))
			return -EBADMSG;
		break;
	default:
		return -EPROTO;
	}
	type = buf[0] & 0x0f;
	if (!llc_type_valid(version, type))
		return -EPROTO;
	msg->version = version;
	msg->type = type;
	msg->length = (u16)len;
	msg->flags = buf[LLC_OFF_FLAGS] & llc_flag_mask(msg->type);
	rc = llc_get_body(buf, len, msg, decline);
	if (rc)
		memset(msg, 0, sizeof(*msg));
	return rc;
}

/**
 * smc_llc_delete_link_num() - the link a DELETE LINK names, undecoded
 * @buf: a received LLC message, either version, request or response
 * @len: its length
 *
 * For matching a message against an awaited one before it is decoded.
 *
 * Return: the link number of a DELETE LINK of one link; -1 for a DELETE
 * LINK of the whole group, any other type, or a short message.
 */
int smc_llc_delete_link_num(const u8 *buf, size_t len)
{
	if (len < SMC_LLC_MSG_LEN ||
	    (buf[0] & 0x0f) != SMC_LLC_DELETE_LINK ||
	    (buf[LLC_OFF_FLAGS] & SMC_LLC_FLAG_DEL_LINK_ALL))
		return -1;
	return buf[LLC_OFF_BODY];
}

/**
 * smc_llc_type_name() - name of an LLC message type
 * @type: enum smc_llc_type value (version nibble removed)
 *
 * Return: a static string; "unknown" for other values.
 */
const char *smc_llc_type_name(u8 type)
{
	switch (type) {
	case SMC_LLC_CONFIRM_LINK:
		return "CONFIRM_LINK";
	case SMC_LLC_ADD_LINK:
		return "ADD_LINK";
	case SMC_LLC_ADD_LINK_CONT:
		return "ADD_LINK_CONT";
	case SMC_LLC_DELETE_LINK:
		return "DELETE_LINK";
	case SMC_LLC_REQ_ADD_LINK:
		return "REQ_ADD_LINK";
	case SMC_LLC_CONFIRM_RKEY:
		return "CONFIRM_RKEY";
	case SMC_LLC_TEST_LINK:
		return "TEST_LINK";
	case SMC_LLC_CONFIRM_RKEY_CONT:
		return "CONFIRM_RKEY_CONT";
	case SMC_LLC_DELETE_RKEY:
		return "DELETE_RKEY";
	default:
		return "unknown";
	}
}
