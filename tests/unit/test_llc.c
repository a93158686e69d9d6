// SPDX-License-Identifier: GPL-2.0
/*
 * test_llc.c - LLC message codec.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "llc_wire.h"
#include "test_util.h"
#include "wire_eq.h"

#define BUF (SMC_LLC_V2_MAX_LEN + 64)

static const u8 GID1[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
			     2, 0, 0, 0xff, 0xfe, 0, 0, 1 };
static const u8 MAC1[6] = { 2, 0, 0, 0, 0, 1 };

static void v4mapped(u8 *gid, u8 a, u8 b, u8 c, u8 d)
{
	memset(gid, 0, 16);
	gid[10] = 0xff;
	gid[11] = 0xff;
	gid[12] = a;
	gid[13] = b;
	gid[14] = c;
	gid[15] = d;
}

static void msg_init(struct smc_llc_msg *m, u8 type, u8 version, u8 flags,
		     u16 length)
{
	memset(m, 0, sizeof(*m));
	m->type = type;
	m->version = version;
	m->flags = flags;
	m->length = length;
}

/*
 * Decode a copy of exactly @len bytes; if accepted, the message must
 * re-encode to the same length and decode to an equal message.
 * Return: the decoder's result, or -1000 if the round trip broke.
 */
static int dec_llc(const u8 *msg, size_t len, u32 *decline)
{
	static u8 out[BUF];
	struct smc_llc_msg m, m2;
	u8 *p = dup_exact(msg, len);
	int rc, n;

	rc = smc_llc_decode(p, len, &m, decline);
	if (!rc) {
		n = smc_llc_encode(&m, out, sizeof(out));
		if (n != (int)len ||
		    smc_llc_decode(out, (size_t)n, &m2, NULL) ||
		    !llc_msg_eq(&m, &m2))
			rc = -1000;
	} else {
		static const struct smc_llc_msg zero;

		if (memcmp(&m, &zero, sizeof(m)))
			rc = -3000;
	}
	free(p);
	return rc;
}

static int load(const char *name, u8 *buf)
{
	return test_load_vector(name, buf, BUF);
}

static void check_llc_framing(const u8 *msg, size_t len)
{
	static u8 buf[BUF];
	size_t n;

	for (n = 0; n < len; n++)
		EXPECT_EQ(dec_llc(msg, n, NULL), -EBADMSG);
	for (n = len + 1; n < len + 40; n++) {
		memcpy(buf, msg, len);
		memset(buf + len, 0x5a, n - len);
		EXPECT_EQ(dec_llc(buf, n, NULL), -EBADMSG);
	}
}

static void check_llc_mutations(const u8 *msg, size_t len)
{
	static const u8 vals[] = { 0x00, 0x01, 0x02, 0x03, 0x09, 0x20, 0x2c,
				   0x80, 0xff };
	static u8 buf[BUF];
	size_t i, v;
	int rc;

	for (i = 0; i < len; i++) {
		for (v = 0; v < sizeof(vals) + 2; v++) {
			memcpy(buf, msg, len);
			if (v < sizeof(vals))
				buf[i] = vals[v];
			else
				buf[i] ^= v == sizeof(vals) ? 0x01 : 0x80;
			rc = dec_llc(buf, len, NULL);
			if (rc != 0 && rc != -EBADMSG && rc != -EPROTO &&
			    rc != -EOPNOTSUPP)
				EXPECT_EQ(rc, 0);
		}
	}
}

/* decode @name, compare with @want, encode @want back to @name_out */
static void check_llc_vector(const char *name, const char *name_out,
			     const struct smc_llc_msg *want)
{
	static u8 vec[BUF], ref[BUF], out[BUF];
	struct smc_llc_msg got;
	u32 decl = 99;
	int n, r, len;
	u8 *p;

	n = load(name, vec);
	ASSERT_GT(n, 0);
	r = name_out ? load(name_out, ref) : n;
	ASSERT_EQ(r, n);
	if (!name_out)
		memcpy(ref, vec, (size_t)n);
	p = dup_exact(vec, (size_t)n);
	EXPECT_EQ(smc_llc_decode(p, (size_t)n, &got, &decl), 0);
	EXPECT_EQ(decl, 0);
	EXPECT_TRUE(llc_msg_eq(&got, want));
	free(p);
	len = smc_llc_encode(want, out, sizeof(out));
	ASSERT_EQ(len, n);
	EXPECT_MEMEQ(out, ref, (size_t)n);
	EXPECT_EQ(smc_llc_encode(want, out, (size_t)n), n);
	EXPECT_EQ(smc_llc_encode(want, out, (size_t)n - 1), -ENOSPC);
	EXPECT_EQ(dec_llc(vec, (size_t)n, NULL), 0);
	check_llc_framing(vec, (size_t)n);
	check_llc_mutations(vec, (size_t)n);
}

/* ---------------------------------------------------------------------- */
/* known answers */

TEST(llc_confirm_link_v1)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_CONFIRM_LINK, SMC_LLC_V1,
		 SMC_LLC_FLAG_NO_RMBE_EYEC, 44);
	memcpy(m.confirm_link.mac, MAC1, 6);
	memcpy(m.confirm_link.gid, GID1, 16);
	m.confirm_link.qpn = 0x123;
	m.confirm_link.link_num = 1;
	memcpy(m.confirm_link.link_uid, "\x00\x00\x01\x01", 4);
	m.confirm_link.max_links = 2;
	check_llc_vector("llc-confirm-link-v1", NULL, &m);
}

TEST(llc_confirm_link_v2)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_CONFIRM_LINK, SMC_LLC_V2,
		 SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC, 44);
	memcpy(m.confirm_link.mac, "\x02\x00\x00\x00\x00\x02", 6);
	v4mapped(m.confirm_link.gid, 10, 0, 0, 2);
	m.confirm_link.qpn = 0x11;
	m.confirm_link.link_num = 3;
	memcpy(m.confirm_link.link_uid, "\x12\x34\x56\x78", 4);
	m.confirm_link.max_links = 1;
	m.confirm_link.max_conns = 16;
	check_llc_vector("llc-confirm-link-v2", NULL, &m);
}

TEST(llc_add_link_v1_reject)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_ADD_LINK, SMC_LLC_V1,
		 SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ, 44);
	memcpy(m.add_link.mac, MAC1, 6);
	memcpy(m.add_link.gid, GID1, 16);
	m.add_link.link_num = 2;
	m.add_link.qp_mtu = 4;
	m.add_link.reject_reason = SMC_LLC_REJ_RSN_NO_ALT_PATH;
	check_llc_vector("llc-add-link-v1-reject", NULL, &m);
}

static const struct smc_llc_rkey_pair add_link_pairs[2] = {
	{ .rkey = 1, .rkey_new = 0x101, .vaddr_new = 0x10000000 },
	{ .rkey = 2, .rkey_new = 0x102, .vaddr_new = 0x20000000 },
};

static void add_link_v2_want(struct smc_llc_msg *m)
{
	msg_init(m, SMC_LLC_ADD_LINK, SMC_LLC_V2, 0, 104);
	memcpy(m->add_link.mac, "\x02\x00\x00\x00\x00\x03", 6);
	v4mapped(m->add_link.gid, 10, 0, 1, 2);
	m->add_link.qpn = 0x99;
	m->add_link.link_num = 2;
	m->add_link.qp_mtu = 5;
	m->add_link.psn = 0x123456;
	m->add_link.has_v2_ext = true;
	m->add_link.v2_direct = true;
	v4mapped(m->add_link.target_gid, 10, 0, 1, 2);
	m->add_link.num_rkeys = 2;
	m->add_link.rkeys = add_link_pairs;
}

TEST(llc_add_link_v2)
{
	struct smc_llc_msg m;

	add_link_v2_want(&m);
	check_llc_vector("llc-add-link-v2", NULL, &m);
}

TEST(llc_add_link_v2_big_endian)
{
	struct smc_llc_msg m;

	/* decoded alike, but we answer in little-endian form */
	add_link_v2_want(&m);
	check_llc_vector("llc-add-link-v2-be", "llc-add-link-v2", &m);
}

TEST(llc_add_link_v2_reject)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_ADD_LINK, SMC_LLC_V2,
		 SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_ADD_LNK_REJ, 44);
	memcpy(m.add_link.mac, "\x02\x00\x00\x00\x00\x03", 6);
	v4mapped(m.add_link.gid, 10, 0, 1, 2);
	m.add_link.link_num = 2;
	check_llc_vector("llc-add-link-v2-reject", NULL, &m);
}

TEST(llc_add_link_cont)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_ADD_LINK_CONT, SMC_LLC_V1, SMC_LLC_FLAG_RESP, 44);
	m.add_link_cont.link_num = 2;
	m.add_link_cont.num_rkeys = 3;
	m.add_link_cont.rkeys[0].rkey = 0x0a;
	m.add_link_cont.rkeys[0].rkey_new = 0x1a;
	m.add_link_cont.rkeys[0].vaddr_new = 0xa00000;
	m.add_link_cont.rkeys[1].rkey = 0x0b;
	m.add_link_cont.rkeys[1].rkey_new = 0x1b;
	m.add_link_cont.rkeys[1].vaddr_new = 0xb00000;
	check_llc_vector("llc-add-link-cont", NULL, &m);
}

TEST(llc_delete_link_all)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_DELETE_LINK, SMC_LLC_V1,
		 SMC_LLC_FLAG_DEL_LINK_ALL | SMC_LLC_FLAG_DEL_LINK_ORDERLY, 44);
	m.delete_link.reason = SMC_LLC_DEL_PROG_INIT_TERM;
	check_llc_vector("llc-delete-link-all", NULL, &m);
}

TEST(llc_delete_link_num)
{
	struct smc_llc_msg m;
	u8 buf[SMC_LLC_MSG_LEN];

	/* one link, request and response, both versions */
	msg_init(&m, SMC_LLC_DELETE_LINK, SMC_LLC_V2,
		 SMC_LLC_FLAG_DEL_LINK_ORDERLY, 44);
	m.delete_link.link_num = 3;
	m.delete_link.reason = SMC_LLC_DEL_OP_INIT_TERM;
	ASSERT_EQ(smc_llc_encode(&m, buf, sizeof(buf)), 44);
	EXPECT_EQ(smc_llc_delete_link_num(buf, sizeof(buf)), 3);
	m.version = SMC_LLC_V1;
	m.flags = SMC_LLC_FLAG_RESP;
	m.delete_link.link_num = 1;
	ASSERT_EQ(smc_llc_encode(&m, buf, sizeof(buf)), 44);
	EXPECT_EQ(smc_llc_delete_link_num(buf, sizeof(buf)), 1);
	EXPECT_EQ(smc_llc_delete_link_num(buf, 43), -1);
	/* the whole group names no link */
	m.flags = SMC_LLC_FLAG_DEL_LINK_ALL;
	ASSERT_EQ(smc_llc_encode(&m, buf, sizeof(buf)), 44);
	EXPECT_EQ(smc_llc_delete_link_num(buf, sizeof(buf)), -1);
	/* nor does another type with the same byte 4 */
	msg_init(&m, SMC_LLC_TEST_LINK, SMC_LLC_V1, 0, 44);
	ASSERT_EQ(smc_llc_encode(&m, buf, sizeof(buf)), 44);
	buf[4] = 1;
	EXPECT_EQ(smc_llc_delete_link_num(buf, sizeof(buf)), -1);
}

TEST(llc_req_add_link)
{
	struct smc_llc_msg m;
	u8 gids[2][16];

	v4mapped(gids[0], 10, 0, 0, 1);
	v4mapped(gids[1], 10, 0, 1, 1);
	msg_init(&m, SMC_LLC_REQ_ADD_LINK, SMC_LLC_V2, 0, 60);
	m.req_add_link.gid_cnt = 2;
	m.req_add_link.gids = &gids[0][0];
	check_llc_vector("llc-req-add-link", NULL, &m);
}

TEST(llc_confirm_rkey)
{
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_CONFIRM_RKEY, SMC_LLC_V1, 0, 44);
	m.confirm_rkey.num_rkeys = 2;
	m.confirm_rkey.rkey = 0xaa01;
	m.confirm_rkey.vaddr = 0x10000;
	m.confirm_rkey.others[0].link_num = 2;
	m.confirm_rkey.others[0].rkey = 0xbb02;
	m.confirm_rkey.others[0].vaddr = 0x20000;
	m.confirm_rkey.others[1].link_num = 3;
	m.confirm_rkey.others[1].rkey = 0xcc03;
	m.confirm_rkey.others[1].vaddr = 0x30000;
	check_llc_vector("llc-confirm-rkey", NULL, &m);
}

TEST(llc_confirm_rkey_cont)
{
	struct smc_llc_msg m;
	unsigned int i;

	msg_init(&m, SMC_LLC_CONFIRM_RKEY_CONT, SMC_LLC_V1, 0, 44);
	m.confirm_rkey_cont.num_rkeys = 3;
	for (i = 0; i < 3; i++) {
		m.confirm_rkey_cont.rtokens[i].link_num = (u8)(4 + i);
		m.confirm_rkey_cont.rtokens[i].rkey = 4 + i;
		m.confirm_rkey_cont.rtokens[i].vaddr = 4 + i;
	}
	check_llc_vector("llc-confirm-rkey-cont", NULL, &m);
}

TEST(llc_delete_rkey_v1)
{
	static const u32 rkeys[2] = { 0x1234, 0x5678 };
	struct smc_llc_msg m;

	msg_init(&m, SMC_LLC_DELETE_RKEY, SMC_LLC_V1,
		 SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG, 44);
	m.delete_rkey.num_rkeys = 2;
	m.delete_rkey.err = 0x40;
	m.delete_rkey.rkeys = rkeys;
	check_llc_vector("llc-delete-rkey-v1", NULL, &m);
}

TEST(llc_delete_rkey_v2)
{
	struct smc_llc_msg m;
	unsigned int i;
	u32 rkeys[12];

	for (i = 0; i < 12; i++)
		rkeys[i] = i + 1;
	msg_init(&m, SMC_LLC_DELETE_RKEY, SMC_LLC_V2, 0, 56);
	m.delete_rkey.num_rkeys = 12;
	m.delete_rkey.rkeys = rkeys;
	check_llc_vector("llc-delete-rkey-v2", NULL, &m);
}

TEST(llc_delete_rkey_v2_short)
{
	struct smc_llc_msg m, got;
	u8 v[BUF];
	u32 rkey;
	int n;

	msg_init(&m, SMC_LLC_DELETE_RKEY, SMC_LLC_V2,
		 SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_RKEY_NEG, 44);
	m.delete_rkey.num_rkeys = 12;
	m.delete_rkey.err = 3;
	check_llc_vector("llc-delete-rkey-v2-short", NULL, &m);

	n = load("llc-delete-rkey-v2-short", v);
	ASSERT_EQ(n, 44);
	ASSERT_EQ(smc_llc_decode(v, 44, &got, NULL), 0);
	EXPECT_NULL(got.delete_rkey.rkeys_wire);
	EXPECT_EQ(smc_llc_delete_rkey_get(&got.delete_rkey, 0, &rkey),
		  -ENOENT);
	/* as a request the list may not be cut off */
	v[3] = 0;
	EXPECT_EQ(dec_llc(v, 44, NULL), -EBADMSG);
}

TEST(llc_test_link_v2)
{
	struct smc_llc_msg m;
	unsigned int i;

	msg_init(&m, SMC_LLC_TEST_LINK, SMC_LLC_V2, SMC_LLC_FLAG_RESP, 44);
	for (i = 0; i < 16; i++)
		m.test_link.user_data[i] = (u8)i;
	check_llc_vector("llc-test-link-v2", NULL, &m);
}

/* ---------------------------------------------------------------------- */
/* rejections */

TEST(llc_header_rejects)
{
	u8 v[BUF], b[BUF];
	u32 decl;
	unsigned int t;
	int n;

	n = load("llc-test-link-v2", v);
	ASSERT_EQ(n, 44);

	/* version nibbles other than 0 and 2 */
	for (t = 0; t < 16; t++) {
		if (t == 0 || t == 2)
			continue;
		memcpy(b, v, 44);
		b[0] = (u8)(t << 4 | SMC_LLC_TEST_LINK);
		EXPECT_EQ(dec_llc(b, 44, &decl), -EPROTO);
	}
	/* type codes each version does not know */
	memcpy(b, v, 44);
	for (t = 0; t < 16; t++) {
		b[0] = (u8)t;
		b[1] = 44;
		b[2] = 0;
		n = dec_llc(b, 44, NULL);
		if (t == 0 || t == 5 || t > 9)
			EXPECT_EQ(n, -EPROTO);
		else
			EXPECT_NE(n, -EPROTO);
		b[0] = (u8)(0x20 | t);
		n = dec_llc(b, 44, NULL);
		if (t == 0 || t == 3 || t == 8 || t > 9)
			EXPECT_EQ(n, -EPROTO);
		else
			EXPECT_NE(n, -EPROTO);
	}
	/* the CDC type is no LLC message */
	memcpy(b, v, 44);
	b[0] = 0xfe;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);

	/* v1: length byte must be 44 */
	n = load("llc-confirm-link-v1", v);
	ASSERT_EQ(n, 44);
	memcpy(b, v, 44);
	b[1] = 43;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EBADMSG);
	b[1] = 0;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EBADMSG);
	b[1] = 45;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EBADMSG);
	/* v1: byte 2 is reserved except for ADD LINK */
	memcpy(b, v, 44);
	b[2] = 0xff;
	EXPECT_EQ(dec_llc(b, 44, NULL), 0);

	/* v2: the length field must match the received length */
	n = load("llc-confirm-link-v2", v);
	ASSERT_EQ(n, 44);
	memcpy(b, v, 44);
	b[1] = 45;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EBADMSG);
	b[1] = 0;
	b[2] = 44;			/* big-endian 44: accepted */
	EXPECT_EQ(dec_llc(b, 44, NULL), 0);
	b[2] = 45;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EBADMSG);
	/* v2: fixed-size types are exactly 44 bytes */
	memcpy(b, v, 44);
	memset(b + 44, 0, 4);
	b[1] = 48;
	EXPECT_EQ(dec_llc(b, 48, NULL), -EBADMSG);
	/* v2: never longer than 8192 */
	memset(b, 0, sizeof(b));
	memcpy(b, v, 44);
	smc_wire_put_le16(b + 1, 8193);
	EXPECT_EQ(dec_llc(b, 8193, NULL), -EBADMSG);
}

TEST(llc_confirm_link_rejects)
{
	struct smc_llc_msg m;
	u8 v[BUF], b[BUF];
	u32 decl;
	int n;

	n = load("llc-confirm-link-v1", v);
	ASSERT_EQ(n, 44);

	/* no "no RMBE eye catcher" flag: refused with a decline code */
	memcpy(b, v, 44);
	b[3] = 0x00;
	EXPECT_EQ(dec_llc(b, 44, &decl), -EOPNOTSUPP);
	EXPECT_EQ(decl, SMC_CLC_DECL_RMBE_EC);
	b[3] = 0xfc;			/* other bits do not count */
	EXPECT_EQ(dec_llc(b, 44, &decl), -EOPNOTSUPP);
	EXPECT_EQ(decl, SMC_CLC_DECL_RMBE_EC);
	b[3] = 0x80;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EOPNOTSUPP);

	/* one of the two bits is enough; reported as both */
	b[3] = 0x01;
	ASSERT_EQ(smc_llc_decode(b, 44, &m, &decl), 0);
	EXPECT_EQ(decl, 0);
	EXPECT_EQ(m.flags, SMC_LLC_FLAG_NO_RMBE_EYEC);
	b[3] = 0x82;
	ASSERT_EQ(smc_llc_decode(b, 44, &m, NULL), 0);
	EXPECT_EQ(m.flags, SMC_LLC_FLAG_RESP | SMC_LLC_FLAG_NO_RMBE_EYEC);
	/* reserved flag bits are dropped */
	b[3] = 0x7f;
	ASSERT_EQ(smc_llc_decode(b, 44, &m, NULL), 0);
	EXPECT_EQ(m.flags, SMC_LLC_FLAG_NO_RMBE_EYEC);

	/* link number 0 is never assigned */
	memcpy(b, v, 44);
	b[29] = 0;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);
}

TEST(llc_add_link_v2_rejects)
{
	struct smc_llc_msg m;
	u8 v[BUF], b[BUF];
	int n;

	n = load("llc-add-link-v2", v);
	ASSERT_EQ(n, 104);

	/* count must match the length, in either byte order */
	memcpy(b, v, 104);
	b[70] = 3;
	EXPECT_EQ(dec_llc(b, 104, NULL), -EBADMSG);
	b[70] = 1;
	EXPECT_EQ(dec_llc(b, 104, NULL), -EBADMSG);
	b[70] = 2;
	b[71] = 2;
	EXPECT_EQ(dec_llc(b, 104, NULL), -EBADMSG);
	b[70] = 0;
	EXPECT_EQ(dec_llc(b, 104, NULL), 0);

	/* lengths between 44 and 72, or not a whole number of pairs */
	for (n = 45; n < 104; n++) {
		memcpy(b, v, (size_t)n);
		smc_wire_put_le16(b + 1, (u16)n);
		smc_wire_put_le16(b + 70, (u16)((n - 72) / 16));
		EXPECT_EQ(dec_llc(b, (size_t)n, NULL),
			  n == 72 || n == 88 ? 0 : -EBADMSG);
	}

	/* a 72-byte extension without pairs */
	memcpy(b, v, 72);
	smc_wire_put_le16(b + 1, 72);
	b[70] = 0;
	b[71] = 0;
	ASSERT_EQ(smc_llc_decode(b, 72, &m, NULL), 0);
	EXPECT_TRUE(m.add_link.has_v2_ext);
	EXPECT_EQ(m.add_link.num_rkeys, 0);

	/* direct flag: other bits of byte 44 are reserved */
	memcpy(b, v, 104);
	b[44] = 0x7f;
	ASSERT_EQ(smc_llc_decode(b, 104, &m, NULL), 0);
	EXPECT_FALSE(m.add_link.v2_direct);

	/* v1 ADD LINK has no extension and no length beyond 44 */
	memcpy(b, v, 104);
	b[0] = SMC_LLC_ADD_LINK;
	b[1] = 44;
	EXPECT_EQ(dec_llc(b, 104, NULL), -EBADMSG);
	EXPECT_EQ(dec_llc(b, 44, NULL), 0);
	/* an ADD LINK CONTINUATION or CONFIRM RKEY CONT. is v1 only */
	memcpy(b, v, 44);
	b[0] = 0x23;
	b[1] = 44;
	b[2] = 0;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);
	b[0] = 0x28;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);
}

TEST(llc_add_link_v2_max)
{
	static struct smc_llc_rkey_pair pairs[SMC_LLC_ADD_LINK_V2_MAX_RKEYS + 1];
	static u8 b[BUF];
	struct smc_llc_rkey_pair pair;
	struct smc_llc_msg m, got;
	unsigned int i;
	int n;

	for (i = 0; i < SMC_LLC_ADD_LINK_V2_MAX_RKEYS + 1; i++) {
		pairs[i].rkey = i;
		pairs[i].rkey_new = ~i;
		pairs[i].vaddr_new = (u64)i << 32 | i;
	}
	add_link_v2_want(&m);
	m.add_link.rkeys = pairs;
	m.add_link.num_rkeys = SMC_LLC_ADD_LINK_V2_MAX_RKEYS;
	n = smc_llc_encode(&m, b, sizeof(b));
	ASSERT_EQ(n, SMC_LLC_ADD_LINK_V2_LEN(SMC_LLC_ADD_LINK_V2_MAX_RKEYS));
	EXPECT_LE(n, SMC_LLC_V2_MAX_LEN);
	EXPECT_EQ(smc_wire_get_le16(b + 1), n);
	EXPECT_EQ(smc_wire_get_le16(b + 70), SMC_LLC_ADD_LINK_V2_MAX_RKEYS);
	EXPECT_EQ(dec_llc(b, (size_t)n, NULL), 0);
	ASSERT_EQ(smc_llc_decode(b, (size_t)n, &got, NULL), 0);
	ASSERT_EQ(got.add_link.num_rkeys, SMC_LLC_ADD_LINK_V2_MAX_RKEYS);
	for (i = 0; i < SMC_LLC_ADD_LINK_V2_MAX_RKEYS; i++) {
		ASSERT_EQ(smc_llc_add_link_rkey(&got.add_link, i, &pair), 0);
		ASSERT_EQ(pair.rkey, i);
		ASSERT_EQ(pair.rkey_new, ~i);
		ASSERT_EQ(pair.vaddr_new, (u64)i << 32 | i);
	}
	EXPECT_EQ(smc_llc_add_link_rkey(&got.add_link, i, &pair), -ERANGE);
	m.add_link.num_rkeys++;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	/* a pair list is needed */
	m.add_link.num_rkeys = 1;
	m.add_link.rkeys = NULL;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	EXPECT_EQ(smc_llc_add_link_rkey(&m.add_link, 0, &pair), -ENOENT);
	m.add_link.num_rkeys = 0;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 72);
	/* without the extension it is the 44-byte form */
	m.add_link.has_v2_ext = false;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	/* v1 ignores the extension fields */
	m.version = SMC_LLC_V1;
	m.add_link.has_v2_ext = true;
	m.add_link.num_rkeys = 9999;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
}

TEST(llc_req_add_link_rejects)
{
	static u8 gids[255][16];
	struct smc_llc_msg m, got;
	static u8 b[BUF];
	unsigned int k;
	int n;

	for (k = 0; k < 255; k++)
		memset(gids[k], (int)k, 16);
	/* every GID count encodes and decodes; length max(44, 28 + 16k) */
	for (k = 0; k <= 255; k++) {
		msg_init(&m, SMC_LLC_REQ_ADD_LINK, SMC_LLC_V2, 0, 0);
		m.req_add_link.gid_cnt = (u8)k;
		m.req_add_link.gids = k ? &gids[0][0] : NULL;
		n = smc_llc_encode(&m, b, sizeof(b));
		ASSERT_EQ(n, k < 1 ? 44 : 28 + 16 * (int)k);
		ASSERT_EQ(dec_llc(b, (size_t)n, NULL), 0);
		ASSERT_EQ(smc_llc_decode(b, (size_t)n, &got, NULL), 0);
		ASSERT_EQ(got.req_add_link.gid_cnt, k);
		if (k)
			ASSERT_EQ(memcmp(got.req_add_link.gids, gids, 16 * k),
				  0);
		else
			EXPECT_NULL(got.req_add_link.gids);
		/* one GID more announced than present */
		if (n > 44) {
			b[24]++;
			EXPECT_EQ(dec_llc(b, (size_t)n, NULL), -EBADMSG);
		}
	}
	m.req_add_link.gids = NULL;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	/* v2 only */
	m.version = SMC_LLC_V1;
	m.req_add_link.gid_cnt = 0;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
}

TEST(llc_delete_rkey_rejects)
{
	static u32 rkeys[255];
	struct smc_llc_msg m, got;
	static u8 b[BUF];
	unsigned int k;
	u32 rkey;
	int n;

	for (k = 0; k < 255; k++)
		rkeys[k] = 0xabc00000 | k;
	/* v1: up to 8 rkeys */
	for (k = 0; k <= 9; k++) {
		msg_init(&m, SMC_LLC_DELETE_RKEY, SMC_LLC_V1, 0, 0);
		m.delete_rkey.num_rkeys = (u8)k;
		m.delete_rkey.rkeys = rkeys;
		n = smc_llc_encode(&m, b, sizeof(b));
		if (k > SMC_LLC_DEL_RKEY_MAX) {
			EXPECT_EQ(n, -EINVAL);
			continue;
		}
		ASSERT_EQ(n, 44);
		ASSERT_EQ(dec_llc(b, 44, NULL), 0);
		ASSERT_EQ(smc_llc_decode(b, 44, &got, NULL), 0);
		if (k) {
			EXPECT_EQ(smc_llc_delete_rkey_get(&got.delete_rkey,
							  k - 1, &rkey), 0);
			EXPECT_EQ(rkey, rkeys[k - 1]);
		}
		EXPECT_EQ(smc_llc_delete_rkey_get(&got.delete_rkey, k, &rkey),
			  -ERANGE);
	}
	b[4] = 9;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);
	b[4] = 0xff;
	EXPECT_EQ(dec_llc(b, 44, NULL), -EPROTO);
	/* without a list, v1 sends zeros */
	m.delete_rkey.num_rkeys = 3;
	m.delete_rkey.rkeys = NULL;
	ASSERT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(smc_wire_get_be32(b + 8), 0);

	/* v2: up to 255 rkeys, length max(44, 8 + 4n) */
	for (k = 0; k <= 255; k++) {
		msg_init(&m, SMC_LLC_DELETE_RKEY, SMC_LLC_V2, 0, 0);
		m.delete_rkey.num_rkeys = (u8)k;
		m.delete_rkey.rkeys = rkeys;
		n = smc_llc_encode(&m, b, sizeof(b));
		ASSERT_EQ(n, k <= 9 ? 44 : 8 + 4 * (int)k);
		ASSERT_EQ(dec_llc(b, (size_t)n, NULL), 0);
		ASSERT_EQ(smc_llc_decode(b, (size_t)n, &got, NULL), 0);
		if (k) {
			ASSERT_EQ(smc_llc_delete_rkey_get(&got.delete_rkey,
							  k - 1, &rkey), 0);
			ASSERT_EQ(rkey, rkeys[k - 1]);
		}
		if (k > 9) {
			/* a request must carry the whole list */
			b[4]++;
			EXPECT_EQ(dec_llc(b, (size_t)n, NULL), -EBADMSG);
			/* the short form is only for responses */
			m.delete_rkey.rkeys = NULL;
			EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
			m.flags = SMC_LLC_FLAG_RESP;
			EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
			EXPECT_EQ(dec_llc(b, 44, NULL), 0);
			/* a response is either complete or 44 bytes */
			n = 8 + 4 * (int)k == 48 ? 52 : 48;
			memset(b + 44, 0, 8);
			smc_wire_put_le16(b + 1, (u16)n);
			EXPECT_EQ(dec_llc(b, (size_t)n, NULL), -EBADMSG);
		}
	}
}

TEST(llc_flags_masked)
{
	static const struct {
		u8 type, version, defined;
	} cases[] = {
		{ SMC_LLC_ADD_LINK, SMC_LLC_V1, 0xc0 },
		{ SMC_LLC_ADD_LINK_CONT, SMC_LLC_V1, 0x80 },
		{ SMC_LLC_DELETE_LINK, SMC_LLC_V1, 0xe0 },
		{ SMC_LLC_REQ_ADD_LINK, SMC_LLC_V2, 0x80 },
		{ SMC_LLC_CONFIRM_RKEY, SMC_LLC_V1, 0xb0 },
		{ SMC_LLC_TEST_LINK, SMC_LLC_V2, 0x80 },
		{ SMC_LLC_CONFIRM_RKEY_CONT, SMC_LLC_V1, 0xb0 },
		{ SMC_LLC_DELETE_RKEY, SMC_LLC_V2, 0xa0 },
	};
	struct smc_llc_msg m, got;
	unsigned int i;
	u8 b[64];

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		msg_init(&m, cases[i].type, cases[i].version, 0xff, 0);
		ASSERT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
		EXPECT_EQ(b[3], cases[i].defined);
		b[3] = 0xff;
		ASSERT_EQ(smc_llc_decode(b, 44, &got, NULL), 0);
		EXPECT_EQ(got.flags, cases[i].defined);
	}
	/* CONFIRM LINK always carries the "no RMBE eye catcher" bits */
	msg_init(&m, SMC_LLC_CONFIRM_LINK, SMC_LLC_V1, 0, 0);
	m.confirm_link.link_num = 1;
	ASSERT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(b[3], SMC_LLC_FLAG_NO_RMBE_EYEC);
}

TEST(llc_encode_invalid)
{
	struct smc_llc_msg m;
	u8 b[BUF];

	msg_init(&m, 0, SMC_LLC_V1, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, 10, SMC_LLC_V1, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, SMC_LLC_TEST_LINK, 0, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, SMC_LLC_TEST_LINK, 3, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, SMC_LLC_ADD_LINK_CONT, SMC_LLC_V2, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, SMC_LLC_CONFIRM_RKEY_CONT, SMC_LLC_V2, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	msg_init(&m, SMC_LLC_CONFIRM_LINK, SMC_LLC_V1, 0, 0);
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);	/* link 0 */
	m.confirm_link.link_num = 1;
	m.confirm_link.qpn = 0x1000000;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	m.confirm_link.qpn = 0xffffff;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(smc_llc_encode(&m, b, 43), -ENOSPC);
	msg_init(&m, SMC_LLC_ADD_LINK, SMC_LLC_V1, 0, 0);
	m.add_link.psn = 0x1000000;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	m.add_link.psn = 0;
	m.add_link.qpn = 0x1000000;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	m.add_link.qpn = 0;
	m.add_link.qp_mtu = 16;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	m.add_link.qp_mtu = 0;
	m.add_link.reject_reason = 16;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), -EINVAL);
	m.add_link.reject_reason = 15;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(b[2], 15);
	/* v2 has no room for the reason */
	m.version = SMC_LLC_V2;
	EXPECT_EQ(smc_llc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(b[2], 0);
}

TEST(llc_type_names)
{
	unsigned int t;

	for (t = 1; t <= 9; t++)
		EXPECT_NE(strcmp(smc_llc_type_name((u8)t), "unknown"), 0);
	EXPECT_STREQ(smc_llc_type_name(SMC_LLC_DELETE_RKEY), "DELETE_RKEY");
	EXPECT_STREQ(smc_llc_type_name(0), "unknown");
	EXPECT_STREQ(smc_llc_type_name(0x21), "unknown");
	EXPECT_STREQ(smc_llc_type_name(0xfe), "unknown");
}

/* random messages of every type survive encode -> decode */
TEST(llc_random_round_trip)
{
	static const u8 types[] = { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
	static struct smc_llc_rkey_pair pairs[40];
	static u8 gids[40][16];
	static u32 rkeys[255];
	struct smc_llc_msg m, got;
	static u8 b[BUF];
	u64 seed = 99;
	unsigned int i;
	int n;

	rnd_fill(&seed, pairs, sizeof(pairs));
	rnd_fill(&seed, gids, sizeof(gids));
	rnd_fill(&seed, rkeys, sizeof(rkeys));
	for (i = 0; i < 20000; i++) {
		rnd_fill(&seed, &m, sizeof(m));
		m.type = types[rnd_below(&seed, sizeof(types))];
		m.version = (u8)(1 + rnd_below(&seed, 2));
		m.length = 0;
		switch (m.type) {
		case SMC_LLC_CONFIRM_LINK:
			m.confirm_link.qpn &= 0xffffff;
			m.confirm_link.link_num |= 1;
			break;
		case SMC_LLC_ADD_LINK:
			m.add_link.qpn &= 0xffffff;
			m.add_link.psn &= 0xffffff;
			m.add_link.qp_mtu &= 0x0f;
			m.add_link.reject_reason &= 0x0f;
			m.add_link.has_v2_ext = rnd_next(&seed) & 1;
			m.add_link.v2_direct = rnd_next(&seed) & 1;
			m.add_link.num_rkeys = (u16)rnd_below(&seed, 40);
			m.add_link.rkeys = pairs;
			m.add_link.rkeys_wire = NULL;
			break;
		case SMC_LLC_REQ_ADD_LINK:
			m.req_add_link.gid_cnt = (u8)rnd_below(&seed, 40);
			m.req_add_link.gids = &gids[0][0];
			break;
		case SMC_LLC_DELETE_RKEY:
			m.delete_rkey.num_rkeys = (u8)rnd_below(&seed, 256);
			if (m.version == SMC_LLC_V1)
				m.delete_rkey.num_rkeys %= 9;
			m.delete_rkey.rkeys = rkeys;
			m.delete_rkey.rkeys_wire = NULL;
			break;
		default:
			break;
		}
		if (!m.type || (m.version == SMC_LLC_V1 &&
				m.type == SMC_LLC_REQ_ADD_LINK) ||
		    (m.version == SMC_LLC_V2 &&
		     (m.type == SMC_LLC_ADD_LINK_CONT ||
		      m.type == SMC_LLC_CONFIRM_RKEY_CONT)))
			m.version ^= 3;
		n = smc_llc_encode(&m, b, sizeof(b));
		ASSERT_GE(n, 44);
		ASSERT_EQ(dec_llc(b, (size_t)n, NULL), 0);
		ASSERT_EQ(smc_llc_decode(b, (size_t)n, &got, NULL), 0);
		ASSERT_EQ(got.type, m.type);
		ASSERT_EQ(got.version, m.version);
		ASSERT_EQ(got.length, n);
	}
}
