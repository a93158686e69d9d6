/* SPDX-License-Identifier: GPL-2.0 */
/*
 * llc_wire.h - LLC link-management messages: host-order form and codec.
 *
 * LLC messages travel as RDMA SENDs on the links of a link group. In an
 * SMC-Rv1 link group every message is exactly 44 bytes. In an SMC-Rv2 link
 * group the type byte carries version 2 in its high nibble, bytes 1-2 hold
 * a 16-bit total length (44 .. 8192) and ADD LINK, REQUEST ADD LINK and
 * DELETE RKEY may be longer than 44 bytes.
 *
 * Linux writes two SMC-Rv2 fields in its CPU byte order instead of network
 * order: the length in bytes 1-2 and the rkey count of the ADD LINK v2
 * extension. The encoder writes both little-endian, which is what Linux on
 * x86 sends and expects; the decoder accepts either byte order as long as
 * the value matches the received length.
 *
 * The decoders check the complete message (no byte after its end, all
 * counts inside it), fill the output only on success and report only the
 * flag bits defined for the message type. Reserved fields are written as
 * zero and ignored on receipt. Long lists (v2 rkey lists, GID lists) are
 * not copied: the decoded struct points into the caller's buffer and the
 * accessors below read the entries.
 *
 * Error convention of smc_llc_decode(): -EBADMSG for framing (lengths,
 * counts that do not fit), -EPROTO for field values (unknown type or
 * version, limits), -EOPNOTSUPP for a well-formed message asking for
 * something this module does not implement.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_LLC_WIRE_H
#define _AF_SMC_LLC_WIRE_H

#include "wire_types.h"

#define SMC_LLC_MSG_LEN		44	/* every v1 message, most v2 ones */
#define SMC_LLC_V2_MAX_LEN	8192	/* largest v2 message */

/**
 * enum smc_llc_type - LLC message types (low nibble of byte 0)
 * @SMC_LLC_CONFIRM_LINK: server confirms a new link, client answers
 * @SMC_LLC_ADD_LINK: server offers a new link, client answers
 * @SMC_LLC_ADD_LINK_CONT: v1 rkey exchange for a new link
 * @SMC_LLC_DELETE_LINK: delete one link or the whole link group
 * @SMC_LLC_REQ_ADD_LINK: v2 client asks the server to add a link
 * @SMC_LLC_CONFIRM_RKEY: announce the rkeys of a new RMB
 * @SMC_LLC_TEST_LINK: keep-alive echo
 * @SMC_LLC_CONFIRM_RKEY_CONT: v1 continuation of CONFIRM RKEY
 * @SMC_LLC_DELETE_RKEY: an RMB is no longer in use
 */
enum smc_llc_type {
	SMC_LLC_CONFIRM_LINK = 0x01,
	SMC_LLC_ADD_LINK = 0x02,
	SMC_LLC_ADD_LINK_CONT = 0x03,
	SMC_LLC_DELETE_LINK = 0x04,
	SMC_LLC_REQ_ADD_LINK = 0x05,
	SMC_LLC_CONFIRM_RKEY = 0x06,
	SMC_LLC_TEST_LINK = 0x07,
	SMC_LLC_CONFIRM_RKEY_CONT = 0x08,
	SMC_LLC_DELETE_RKEY = 0x09,
};

#define SMC_LLC_V1		1	/* type byte high nibble 0 */
#define SMC_LLC_V2		2	/* type byte high nibble 2 */

/* flags (byte 3) */
#define SMC_LLC_FLAG_RESP		0x80	/* all: this is a response */
#define SMC_LLC_FLAG_NO_RMBE_EYEC	0x03	/* CONFIRM LINK, always set */
#define SMC_LLC_FLAG_ADD_LNK_REJ	0x40	/* ADD LINK resp.: rejected */
#define SMC_LLC_FLAG_DEL_LINK_ALL	0x40	/* DELETE LINK: whole group */
#define SMC_LLC_FLAG_DEL_LINK_ORDERLY	0x20	/* DELETE LINK: orderly */
#define SMC_LLC_FLAG_RKEY_NEG		0x20	/* *_RKEY: failed */
#define SMC_LLC_FLAG_RKEY_RETRY		0x10	/* CONFIRM RKEY: may retry */

/* ADD LINK reject reason (v1 only, byte 2) */
#define SMC_LLC_REJ_RSN_NO_ALT_PATH	1

/* DELETE LINK reason codes */
#define SMC_LLC_DEL_LOST_PATH		0x00010000
#define SMC_LLC_DEL_OP_INIT_TERM	0x00020000
#define SMC_LLC_DEL_PROG_INIT_TERM	0x00030000
#define SMC_LLC_DEL_PROT_VIOL		0x00040000
#define SMC_LLC_DEL_NO_ASYM_NEEDED	0x00050000
/* ... and in responses */
#define SMC_LLC_DEL_NOLNK		0x00100000	/* unknown link ID */
#define SMC_LLC_DEL_NOLGR		0x00200000	/* unknown link group */

#define SMC_LLC_GID_LEN			16
#define SMC_LLC_MAC_LEN			6
#define SMC_LLC_LINK_UID_LEN		4
#define SMC_LLC_TEST_DATA_LEN		16
#define SMC_LLC_ADD_LINK_CONT_RKEYS	2	/* entries per ADD LINK CONT */
#define SMC_LLC_CONFIRM_RKEY_OTHERS	2	/* other links, CONFIRM RKEY */
#define SMC_LLC_RKEY_CONT_ENTRIES	3	/* per CONFIRM RKEY CONT */
#define SMC_LLC_DEL_RKEY_MAX		8	/* rkeys in a v1 DELETE RKEY */
#define SMC_LLC_DEL_RKEY_MAX_V2		255	/* rkeys in a v2 DELETE RKEY */

#define SMC_LLC_ADD_LINK_V2_LEN(n)	(72 + 16 * (n))
#define SMC_LLC_ADD_LINK_V2_MAX_RKEYS	507	/* fills SMC_LLC_V2_MAX_LEN */

/**
 * struct smc_llc_confirm_link - CONFIRM LINK (v1, v2)
 * @mac: sender's RoCE MAC
 * @gid: sender's GID
 * @qpn: sender's QP number of the link the message travels on (24 bits)
 * @link_num: link number assigned by the server, not zero
 * @link_uid: sender's link user ID (opaque)
 * @max_links: links per link group
 * @max_conns: v2.1: connections per link group (0 otherwise)
 */
struct smc_llc_confirm_link {
	u8 mac[SMC_LLC_MAC_LEN];
	u8 gid[SMC_LLC_GID_LEN];
	u32 qpn;
	u8 link_num;
	u8 link_uid[SMC_LLC_LINK_UID_LEN];
	u8 max_links;
	u8 max_conns;
};

/**
 * struct smc_llc_rkey_pair - an RMB's rkey on an existing and a new link
 * @rkey: rkey on the link the message is sent over
 * @rkey_new: rkey of the same RMB on the new link
 * @vaddr_new: RMB address on the new link
 */
struct smc_llc_rkey_pair {
	u32 rkey;
	u32 rkey_new;
	u64 vaddr_new;
};

/**
 * struct smc_llc_add_link - ADD LINK (v1, v2)
 * @mac: sender's MAC for the new link
 * @gid: sender's GID for the new link
 * @qpn: sender's QP number on the new link (24 bits)
 * @link_num: link number of the new link (0 in a v1 client invitation)
 * @qp_mtu: QP MTU as an IB MTU enum value (4 bits)
 * @psn: initial PSN of the new QP (24 bits)
 * @reject_reason: v1 response with %SMC_LLC_FLAG_ADD_LNK_REJ: the reason
 *	(4 bits); always 0 in v2, where the length field takes its place
 * @has_v2_ext: v2 only: the rkey extension follows (a 44-byte v2 ADD LINK,
 *	as Linux sends for a rejection, has none)
 * @v2_direct: v2 extension: no gateway between the peers
 * @target_gid: v2 extension: "client target GID"
 * @num_rkeys: v2 extension: number of rkey pairs
 * @rkeys: encode: the @num_rkeys pairs to send (may be NULL if 0)
 * @rkeys_wire: decode: the pairs inside the decoded buffer; read them with
 *	smc_llc_add_link_rkey()
 */
struct smc_llc_add_link {
	u8 mac[SMC_LLC_MAC_LEN];
	u8 gid[SMC_LLC_GID_LEN];
	u32 qpn;
	u8 link_num;
	u8 qp_mtu;
	u32 psn;
	u8 reject_reason;
	bool has_v2_ext;
	bool v2_direct;
	u8 target_gid[SMC_LLC_GID_LEN];
	u16 num_rkeys;
	const struct smc_llc_rkey_pair *rkeys;
	const u8 *rkeys_wire;
};

/**
 * struct smc_llc_add_link_cont - ADD LINK CONTINUATION (v1 only)
 * @link_num: link number of the new link
 * @num_rkeys: pairs the sender still has to transfer, including the ones
 *	in this message; min(@num_rkeys, 2) entries of @rkeys are meaningful
 * @rkeys: rkey pairs
 */
struct smc_llc_add_link_cont {
	u8 link_num;
	u8 num_rkeys;
	struct smc_llc_rkey_pair rkeys[SMC_LLC_ADD_LINK_CONT_RKEYS];
};

/**
 * struct smc_llc_delete_link - DELETE LINK (v1, v2)
 * @link_num: link to delete (0 with %SMC_LLC_FLAG_DEL_LINK_ALL)
 * @reason: SMC_LLC_DEL_* code
 */
struct smc_llc_delete_link {
	u8 link_num;
	u32 reason;
};

/**
 * struct smc_llc_req_add_link - REQUEST ADD LINK (v2 only)
 * @gid_cnt: number of GIDs (0 in the "cannot add" response)
 * @gids: @gid_cnt GIDs of 16 bytes, the one in use first; encode: the
 *	caller's array (may be NULL if 0); decode: inside the decoded buffer
 */
struct smc_llc_req_add_link {
	u8 gid_cnt;
	const u8 *gids;
};

/**
 * struct smc_llc_rtoken - an RMB's rkey and address on one link
 * @link_num: the link
 * @rkey: rkey on that link
 * @vaddr: RMB address on that link
 */
struct smc_llc_rtoken {
	u8 link_num;
	u32 rkey;
	u64 vaddr;
};

/**
 * struct smc_llc_confirm_rkey - CONFIRM RKEY (v1, v2)
 * @num_rkeys: number of entries in @others that are meaningful (the
 *	protocol allows 0..2; larger values are passed on so that the
 *	receiver can answer negatively)
 * @rkey: rkey of the new RMB on the link the message is sent over
 * @vaddr: its address on that link
 * @others: the same RMB on other links
 */
struct smc_llc_confirm_rkey {
	u8 num_rkeys;
	u32 rkey;
	u64 vaddr;
	struct smc_llc_rtoken others[SMC_LLC_CONFIRM_RKEY_OTHERS];
};

/**
 * struct smc_llc_confirm_rkey_cont - CONFIRM RKEY CONTINUATION (v1 only)
 * @num_rkeys: number of entries (meaningful: min(@num_rkeys, 3))
 * @rtokens: the entries
 */
struct smc_llc_confirm_rkey_cont {
	u8 num_rkeys;
	struct smc_llc_rtoken rtokens[SMC_LLC_RKEY_CONT_ENTRIES];
};

/**
 * struct smc_llc_delete_rkey - DELETE RKEY (v1, v2)
 * @num_rkeys: number of rkeys; at most 8 in v1, 255 in v2
 * @err: response: in v1 a mask with bit (0x80 >> i) set if rkey i was
 *	unknown; in v2 the number of unknown rkeys
 * @rkeys: encode: the rkeys (NULL sends zeros in v1, and in v2 the short
 *	44-byte response form that Linux uses, which may omit the list)
 * @rkeys_wire: decode: the rkeys inside the decoded buffer, or NULL if a v2
 *	response left them out; read them with smc_llc_delete_rkey_get()
 */
struct smc_llc_delete_rkey {
	u8 num_rkeys;
	u8 err;
	const u32 *rkeys;
	const u8 *rkeys_wire;
};

/**
 * struct smc_llc_test_link - TEST LINK (v1, v2)
 * @user_data: echoed back in the response
 */
struct smc_llc_test_link {
	u8 user_data[SMC_LLC_TEST_DATA_LEN];
};

/**
 * struct smc_llc_msg - any LLC message
 * @type: enum smc_llc_type
 * @version: %SMC_LLC_V1 or %SMC_LLC_V2
 * @flags: byte 3, only the bits defined for @type
 * @length: decode: total length on the wire; ignored by the encoder
 * @confirm_link: body for %SMC_LLC_CONFIRM_LINK
 * @add_link: body for %SMC_LLC_ADD_LINK
 * @add_link_cont: body for %SMC_LLC_ADD_LINK_CONT
 * @delete_link: body for %SMC_LLC_DELETE_LINK
 * @req_add_link: body for %SMC_LLC_REQ_ADD_LINK
 * @confirm_rkey: body for %SMC_LLC_CONFIRM_RKEY
 * @confirm_rkey_cont: body for %SMC_LLC_CONFIRM_RKEY_CONT
 * @delete_rkey: body for %SMC_LLC_DELETE_RKEY
 * @test_link: body for %SMC_LLC_TEST_LINK
 */
struct smc_llc_msg {
	u8 type;
	u8 version;
	u8 flags;
	u16 length;
	union {
		struct smc_llc_confirm_link confirm_link;
		struct smc_llc_add_link add_link;
		struct smc_llc_add_link_cont add_link_cont;
		struct smc_llc_delete_link delete_link;
		struct smc_llc_req_add_link req_add_link;
		struct smc_llc_confirm_rkey confirm_rkey;
		struct smc_llc_confirm_rkey_cont confirm_rkey_cont;
		struct smc_llc_delete_rkey delete_rkey;
		struct smc_llc_test_link test_link;
	};
};

int smc_llc_encode(const struct smc_llc_msg *msg, u8 *buf, size_t buflen);
int smc_llc_decode(const u8 *buf, size_t len, struct smc_llc_msg *msg,
		   u32 *decline);
int smc_llc_add_link_rkey(const struct smc_llc_add_link *al, unsigned int i,
			  struct smc_llc_rkey_pair *pair);
int smc_llc_delete_rkey_get(const struct smc_llc_delete_rkey *dr,
			    unsigned int i, u32 *rkey);
int smc_llc_delete_link_num(const u8 *buf, size_t len);
const char *smc_llc_type_name(u8 type);

#endif /* _AF_SMC_LLC_WIRE_H */
