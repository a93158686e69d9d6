// SPDX-License-Identifier: GPL-2.0
/*
 * test_clc.c - CLC PROPOSAL / ACCEPT / CONFIRM / DECLINE codec.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "clc_wire.h"
#include "test_util.h"
#include "wire_eq.h"

#define BUF 2048

static const u8 PEER1[8] = { 0x12, 0x34, 2, 0, 0, 0, 0, 1 };
static const u8 PEER2[8] = { 0xaa, 0xbb, 2, 0, 0, 0, 0, 2 };
static const u8 GID1[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
			     2, 0, 0, 0xff, 0xfe, 0, 0, 1 };
static const u8 GID2[16] = { 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
			     2, 0, 0, 0xff, 0xfe, 0, 0, 2 };
static const u8 MAC1[6] = { 2, 0, 0, 0, 0, 1 };
static const u8 MAC2[6] = { 2, 0, 0, 0, 0, 2 };

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

static void pad32(u8 *dst, const char *s)
{
	memset(dst, ' ', 32);
	memcpy(dst, s, strlen(s));
}

/* ---------------------------------------------------------------------- */
/* generic decode wrappers and checks */

typedef int (*decoder_fn)(const u8 *buf, size_t len);

static int dec_prop(const u8 *buf, size_t len)
{
	struct smc_clc_proposal_info p, p2;
	u8 out[BUF];
	int rc, n;

	rc = smc_clc_proposal_decode(buf, len, &p, NULL);
	if (rc)
		return rc;
	/* anything accepted must re-encode to something that decodes alike */
	n = smc_clc_proposal_encode(&p, out, sizeof(out));
	if (n != (int)len || smc_clc_proposal_decode(out, (size_t)n, &p2, NULL) ||
	    !clc_proposal_eq(&p, &p2))
		return -1000;
	return 0;
}

static int dec_accept_type(const u8 *buf, size_t len, u8 type)
{
	struct smc_clc_accept_info a, a2;
	u8 out[BUF];
	int rc, n;

	rc = smc_clc_accept_decode(buf, len, type, &a, NULL);
	if (rc)
		return rc;
	n = smc_clc_accept_encode(&a, out, sizeof(out));
	if (n != (int)len ||
	    smc_clc_accept_decode(out, (size_t)n, type, &a2, NULL) ||
	    !clc_accept_eq(&a, &a2))
		return -1000;
	return 0;
}

static int dec_accept(const u8 *buf, size_t len)
{
	return dec_accept_type(buf, len, SMC_CLC_ACCEPT);
}

static int dec_confirm(const u8 *buf, size_t len)
{
	return dec_accept_type(buf, len, SMC_CLC_CONFIRM);
}

static int dec_decline(const u8 *buf, size_t len)
{
	struct smc_clc_decline_info d, d2;
	u8 out[BUF];
	int rc, n;

	rc = smc_clc_decline_decode(buf, len, &d);
	if (rc)
		return rc;
	n = smc_clc_decline_encode(&d, out, sizeof(out));
	if (n != (int)len || smc_clc_decline_decode(out, (size_t)n, &d2) ||
	    !clc_decline_eq(&d, &d2))
		return -1000;
	return 0;
}

/* decode a copy of exactly @len bytes (ASan catches any overread) */
static int run_exact(decoder_fn dec, const u8 *msg, size_t len)
{
	u8 *p = dup_exact(msg, len);
	int rc = dec(p, len);

	free(p);
	return rc;
}

/*
 * Every truncation, every truncation with a header and trailer that agree
 * with it, and trailing garbage must be rejected.
 */
static void check_framing(decoder_fn dec, const u8 *msg, size_t len)
{
	u8 buf[BUF];
	size_t n;

	ASSERT_EQ(run_exact(dec, msg, len), 0);
	for (n = 0; n < len; n++)
		EXPECT_EQ(run_exact(dec, msg, n), -EBADMSG);
	for (n = SMC_CLC_HDR_LEN + SMC_CLC_TRL_LEN; n < len; n++) {
		memcpy(buf, msg, n);
		smc_wire_put_be16(buf + 5, (u16)n);
		memcpy(buf + n - 4, msg + len - 4, 4);
		EXPECT_NE(run_exact(dec, buf, n), 0);
	}
	for (n = len + 1; n < len + 40; n++) {
		memcpy(buf, msg, len);
		memset(buf + len, 0x5a, n - len);
		/* the message as sent, followed by more bytes */
		EXPECT_EQ(run_exact(dec, buf, n), -EBADMSG);
		/* a header claiming the longer length, trailer at the end */
		smc_wire_put_be16(buf + 5, (u16)n);
		memcpy(buf + n - 4, msg + len - 4, 4);
		EXPECT_NE(run_exact(dec, buf, n), 0);
	}
}

/* change single bytes; the decoder must cope (and round-trip if it accepts) */
static void check_mutations(decoder_fn dec, const u8 *msg, size_t len)
{
	static const u8 vals[] = { 0x00, 0x01, 0x02, 0x08, 0x10, 0x28, 0x7f,
				   0x80, 0xff };
	u8 buf[BUF];
	size_t i, v;
	int rc;

	for (i = 0; i < len; i++) {
		for (v = 0; v < sizeof(vals) + 2; v++) {
			memcpy(buf, msg, len);
			if (v < sizeof(vals))
				buf[i] = vals[v];
			else
				buf[i] ^= v == sizeof(vals) ? 0x01 : 0x80;
			rc = run_exact(dec, buf, len);
			EXPECT_NE(rc, -1000);
			if (rc != 0 && rc != -EBADMSG && rc != -EPROTO &&
			    rc != -EOPNOTSUPP)
				EXPECT_EQ(rc, -EBADMSG);
		}
	}
}

static int load(const char *name, u8 *buf)
{
	return test_load_vector(name, buf, BUF);
}

/* ---------------------------------------------------------------------- */
/* header */

TEST(clc_hdr_decode)
{
	struct smc_clc_hdr h;
	u8 b[BUF];
	int n;

	n = load("clc-proposal-v2-smcd", b);
	ASSERT_GT(n, 0);
	ASSERT_EQ(smc_clc_hdr_decode(b, 8, &h), 0);
	EXPECT_EQ(h.eyecatcher, SMC_CLC_EYECATCHER_R);
	EXPECT_EQ(h.type, SMC_CLC_PROPOSAL);
	EXPECT_EQ(h.length, 298);
	EXPECT_EQ(h.version, 2);
	EXPECT_EQ(h.typev2, SMC_CLC_TYPE_B);
	EXPECT_EQ(h.typev1, SMC_CLC_TYPE_B);
	/* the header alone may be checked from a short peek */
	EXPECT_EQ(smc_clc_hdr_decode(b, 7, &h), -EBADMSG);
	EXPECT_EQ(smc_clc_hdr_decode(b, 0, &h), -EBADMSG);

	n = load("clc-accept-v1-first", b);
	ASSERT_GT(n, 0);
	ASSERT_EQ(smc_clc_hdr_decode(b, (size_t)n, &h), 0);
	EXPECT_EQ(h.type, SMC_CLC_ACCEPT);
	EXPECT_EQ(h.version, 1);
	EXPECT_EQ(h.typev2, 2);		/* first contact */
	EXPECT_EQ(h.typev1, SMC_CLC_TYPE_R);

	b[3] = 0xc4;			/* SMCD is fine */
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), 0);
	EXPECT_EQ(h.eyecatcher, SMC_CLC_EYECATCHER_D);
	b[3] = 0xc5;
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EBADMSG);
	b[3] = 0xd9;
	b[0] = 0;
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EBADMSG);
	b[0] = 0xe2;
	b[4] = 0;
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EPROTO);
	b[4] = 5;
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EPROTO);
	b[4] = 2;
	b[7] = 0x08;			/* version 0 */
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EPROTO);
	b[7] = 0xf8;			/* version 15: accepted here */
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), 0);
	EXPECT_EQ(h.version, 15);
	smc_wire_put_be16(b + 5, 47);	/* shorter than any ACCEPT */
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EBADMSG);
	smc_wire_put_be16(b + 5, 48);
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), 0);
	b[4] = SMC_CLC_PROPOSAL;
	smc_wire_put_be16(b + 5, 51);
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EBADMSG);
	b[4] = SMC_CLC_DECLINE;
	smc_wire_put_be16(b + 5, 27);
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), -EBADMSG);
	smc_wire_put_be16(b + 5, 0xffff);
	EXPECT_EQ(smc_clc_hdr_decode(b, 8, &h), 0);
	EXPECT_EQ(h.length, 0xffff);
}

/* ---------------------------------------------------------------------- */
/* PROPOSAL known answers */

static void prop_common(struct smc_clc_proposal_info *p, u8 version,
			u8 typev1, u8 typev2)
{
	memset(p, 0, sizeof(*p));
	p->version = version;
	p->typev1 = typev1;
	p->typev2 = typev2;
	memcpy(p->peer_id, PEER1, 8);
	memcpy(p->gid, GID1, 16);
	memcpy(p->mac, MAC1, 6);
}

/* decode the vector, compare, encode back, then framing and mutations */
static void check_prop_vector(const char *name,
			      const struct smc_clc_proposal_info *want)
{
	struct smc_clc_proposal_info got;
	u8 vec[BUF], out[BUF];
	u32 decl = 99;
	int n, len;
	u8 *p;

	n = load(name, vec);
	ASSERT_GT(n, 0);
	p = dup_exact(vec, (size_t)n);
	EXPECT_EQ(smc_clc_proposal_decode(p, (size_t)n, &got, &decl), 0);
	free(p);
	EXPECT_EQ(decl, 0);
	EXPECT_TRUE(clc_proposal_eq(&got, want));
	len = smc_clc_proposal_encode(want, out, sizeof(out));
	ASSERT_EQ(len, n);
	/* we always send SMCR trailers */
	smc_wire_put_be32(vec + n - 4, SMC_CLC_EYECATCHER_R);
	EXPECT_MEMEQ(out, vec, (size_t)n);
	/* the exact buffer size is enough, one byte less is not */
	EXPECT_EQ(smc_clc_proposal_encode(want, out, (size_t)n), n);
	EXPECT_EQ(smc_clc_proposal_encode(want, out, (size_t)n - 1), -ENOSPC);
	check_framing(dec_prop, vec, (size_t)n);
	check_mutations(dec_prop, vec, (size_t)n);
}

TEST(clc_proposal_v1_ipv4)
{
	struct smc_clc_proposal_info p;

	prop_common(&p, 1, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	p.ipv4_subnet = 0x0a000000;
	p.ipv4_prefix_len = 24;
	check_prop_vector("clc-proposal-v1-ipv4", &p);
}

TEST(clc_proposal_v2_linux)
{
	struct smc_clc_proposal_info p;

	prop_common(&p, 2, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	p.iparea_offset = 40;
	p.ipv4_subnet = 0xc0a80100;
	p.ipv4_prefix_len = 24;
	check_prop_vector("clc-proposal-v2-linux", &p);
}

TEST(clc_proposal_v2_rv2)
{
	struct smc_clc_proposal_info p;

	prop_common(&p, 2, SMC_CLC_TYPE_R, SMC_CLC_TYPE_R);
	p.iparea_offset = 40;
	p.ipv4_subnet = 0x0a000000;
	p.ipv4_prefix_len = 24;
	p.release = 1;
	v4mapped(p.roce_gid, 10, 0, 0, 1);
	p.max_conns = 255;
	p.max_links = 2;
	p.eid_cnt = 1;
	pad32(p.ueids[0], "SMC-TEST-UEID");
	check_prop_vector("clc-proposal-v2-rv2", &p);
}

static void prop_smcd_want(struct smc_clc_proposal_info *p)
{
	static const u8 pfx1[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 1 };
	static const u8 pfx2[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 2 };

	prop_common(p, 2, SMC_CLC_TYPE_B, SMC_CLC_TYPE_B);
	p->iparea_offset = 40;
	p->ism_gid = 0x1122334455667788ULL;
	p->ism_chid = 5;
	memcpy(p->vendor_oui, "\xab\xcd\xef", 3);
	memcpy(p->vendor_exp, "\x01\x02\x03\x04\x05", 5);
	p->ipv6_cnt = 2;
	memcpy(p->ipv6[0].prefix, pfx1, 16);
	p->ipv6[0].len = 64;
	memcpy(p->ipv6[1].prefix, pfx2, 16);
	p->ipv6[1].len = 64;
	p->release = 1;
	p->seid_flag = true;
	v4mapped(p->roce_gid, 192, 168, 1, 2);
	p->max_conns = 16;
	p->max_links = 1;
	p->feature_mask = SMC_CLC_FEAT_EMUL_ISM;
	p->eid_cnt = 2;
	pad32(p->ueids[0], "UEID-ONE");
	pad32(p->ueids[1], "UEID-TWO");
	pad32(p->seid, "SYSTEM-EID");
	p->ism_gid_cnt = 2;
	p->ism_gids[0].gid = 0x1001;
	p->ism_gids[0].chid = 7;
	p->ism_gids[1].gid = 0x1002;
	p->ism_gids[1].chid = 7;
}

TEST(clc_proposal_v2_smcd)
{
	struct smc_clc_proposal_info p;

	prop_smcd_want(&p);
	check_prop_vector("clc-proposal-v2-smcd", &p);
}

/* ---------------------------------------------------------------------- */
/* PROPOSAL rejections */

static int prop_rc(const u8 *buf, size_t len)
{
	struct smc_clc_proposal_info p;
	u8 *q = dup_exact(buf, len);
	u32 decl = 99;
	int rc;

	rc = smc_clc_proposal_decode(q, len, &p, &decl);
	free(q);
	if (decl != 0)
		return -2000;
	if (rc) {
		/* nothing may be left in the output */
		static const struct smc_clc_proposal_info zero;

		if (memcmp(&p, &zero, sizeof(p)))
			return -3000;
	}
	return rc;
}

TEST(clc_proposal_v1_rejects)
{
	u8 v[BUF], b[BUF];
	int n;

	n = load("clc-proposal-v1-ipv4", v);
	ASSERT_EQ(n, 52);
	EXPECT_EQ(prop_rc(v, 52), 0);

	memcpy(b, v, 52);
	b[7] = 0x12;			/* typev1 none */
	EXPECT_EQ(prop_rc(b, 52), -EPROTO);
	b[7] = 0x13;			/* both: fine */
	EXPECT_EQ(prop_rc(b, 52), 0);
	b[7] = 0x1d;			/* bits 3..2 are ignored in v1 */
	EXPECT_EQ(prop_rc(b, 52), 0);

	memcpy(b, v, 52);
	b[4] = SMC_CLC_ACCEPT;
	EXPECT_EQ(prop_rc(b, 52), -EPROTO);

	memcpy(b, v, 52);
	b[44] = 33;			/* IPv4 prefix length */
	EXPECT_EQ(prop_rc(b, 52), -EPROTO);
	b[44] = 32;
	EXPECT_EQ(prop_rc(b, 52), 0);

	memcpy(b, v, 52);
	b[47] = 1;			/* one IPv6 prefix announced, none there */
	EXPECT_EQ(prop_rc(b, 52), -EBADMSG);
	b[47] = 9;			/* too many */
	EXPECT_EQ(prop_rc(b, 52), -EPROTO);
	b[47] = 255;
	EXPECT_EQ(prop_rc(b, 52), -EPROTO);

	memcpy(b, v, 52);
	b[39] = 1;			/* IP area offset 1: area does not fit */
	EXPECT_EQ(prop_rc(b, 52), -EBADMSG);
	b[38] = 0xff;
	b[39] = 0xff;
	EXPECT_EQ(prop_rc(b, 52), -EBADMSG);

	memcpy(b, v, 52);
	b[48] = 0;			/* trailer */
	EXPECT_EQ(prop_rc(b, 52), -EBADMSG);
	memcpy(b, v, 52);
	b[51] = 0xc4;			/* SMCD trailer: fine */
	EXPECT_EQ(prop_rc(b, 52), 0);
}

TEST(clc_proposal_v1_offset)
{
	struct smc_clc_proposal_info p, got;
	u8 b[BUF];
	int n;

	/* a v1 PROPOSAL with a 40-byte growth area carries the ISM GID */
	prop_common(&p, 1, SMC_CLC_TYPE_B, SMC_CLC_TYPE_N);
	p.iparea_offset = 40;
	p.ism_gid = 0xa1a2a3a4a5a6a7a8ULL;
	p.ipv4_subnet = 0xac100000;
	p.ipv4_prefix_len = 12;
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 40 + 40 + 8 + 4);
	EXPECT_EQ(smc_wire_get_be64(b + 40), p.ism_gid);
	EXPECT_EQ(prop_rc(b, (size_t)n), 0);
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_TRUE(clc_proposal_eq(&got, &p));
	check_framing(dec_prop, b, (size_t)n);

	/* any other offset is just skipped; below 40 there is no ISM GID */
	p.iparea_offset = 39;
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 40 + 39 + 8 + 4);
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_EQ(got.ism_gid, 0);
	EXPECT_EQ(got.iparea_offset, 39);
	p.iparea_offset = 400;
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 40 + 400 + 8 + 4);
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_TRUE(clc_proposal_eq(&got, &p));
	/* too long for the 16-bit length */
	p.iparea_offset = 0xffff;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
}

TEST(clc_proposal_v2_rejects)
{
	u8 v[BUF], b[BUF];
	int n;

	n = load("clc-proposal-v2-smcd", v);
	ASSERT_EQ(n, 298);
	EXPECT_EQ(prop_rc(v, 298), 0);

	memcpy(b, v, 298);
	b[39] = 0;			/* IP area offset must be 40 in v2 */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[39] = 41;
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);

	memcpy(b, v, 298);
	b[51] = 0;			/* v2 extension offset missing */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[51] = 71;			/* or off by one */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[51] = 69;
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);

	memcpy(b, v, 298);
	b[87] = 3;			/* one more IPv6 prefix */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[87] = 9;
	EXPECT_EQ(prop_rc(b, 298), -EPROTO);

	memcpy(b, v, 298);
	b[104] = 129;			/* IPv6 prefix length */
	EXPECT_EQ(prop_rc(b, 298), -EPROTO);
	b[104] = 128;
	EXPECT_EQ(prop_rc(b, 298), 0);

	memcpy(b, v, 298);
	b[122] = 3;			/* EID count */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[122] = 9;
	EXPECT_EQ(prop_rc(b, 298), -EPROTO);

	memcpy(b, v, 298);
	b[123] = 3;			/* ISM device count */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[123] = 9;
	EXPECT_EQ(prop_rc(b, 298), -EPROTO);

	memcpy(b, v, 298);
	b[129] = 0x61;			/* SMC-Dv2 offset */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[128] = 0;
	b[129] = 0;
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);

	memcpy(b, v, 298);
	b[7] = 0x27;			/* typev2 D only: still consistent */
	EXPECT_EQ(prop_rc(b, 298), 0);
	b[7] = 0x23;			/* typev2 R: no SMC-Dv2 extension */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[7] = 0x2b;			/* typev2 N: no v2 extension */
	EXPECT_EQ(prop_rc(b, 298), -EBADMSG);
	b[7] = 0x37;			/* version 3 is parsed as version 2 */
	EXPECT_EQ(prop_rc(b, 298), 0);
	b[7] = 0x07;			/* version 0 */
	EXPECT_EQ(prop_rc(b, 298), -EPROTO);
}

TEST(clc_proposal_v2_variants)
{
	struct smc_clc_proposal_info p, got;
	u8 b[BUF];
	int n;

	/* nothing offered at all: well formed (the server declines) */
	prop_common(&p, 2, SMC_CLC_TYPE_N, SMC_CLC_TYPE_N);
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 84);
	EXPECT_EQ(b[7], 0x2a);
	EXPECT_EQ(prop_rc(b, 84), 0);
	check_framing(dec_prop, b, 84);

	/* SMC-Rv2 only: no prefix area, IP area offset 0 */
	prop_common(&p, 2, SMC_CLC_TYPE_N, SMC_CLC_TYPE_R);
	v4mapped(p.roce_gid, 10, 1, 2, 3);
	p.release = 1;
	p.eid_cnt = 8;
	memset(p.ueids, 'A', sizeof(p.ueids));
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 80 + 40 + 8 * 32 + 4);
	EXPECT_EQ(smc_wire_get_be16(b + 38), 0);
	EXPECT_EQ(smc_wire_get_be16(b + 50), 28);
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_TRUE(clc_proposal_eq(&got, &p));
	check_framing(dec_prop, b, (size_t)n);
	/* the IP area offset is not looked at without a prefix area */
	b[39] = 7;
	EXPECT_EQ(prop_rc(b, (size_t)n), 0);
	/* an ISM count is ignored when SMC-D is not offered for v2 */
	b[81] = 200;
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_EQ(got.ism_gid_cnt, 0);

	/* no UEID: well formed (the server declines NOUEID) */
	p.eid_cnt = 0;
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, 124);
	EXPECT_EQ(prop_rc(b, 124), 0);

	/* the largest PROPOSAL */
	prop_smcd_want(&p);
	p.ipv6_cnt = 8;
	p.eid_cnt = 8;
	p.ism_gid_cnt = 8;
	n = smc_clc_proposal_encode(&p, b, sizeof(b));
	ASSERT_EQ(n, SMC_CLC_PROPOSAL_MAX_LEN);
	ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
	EXPECT_TRUE(clc_proposal_eq(&got, &p));
	check_framing(dec_prop, b, (size_t)n);
}

TEST(clc_proposal_encode_invalid)
{
	struct smc_clc_proposal_info p;
	u8 b[BUF];

	prop_common(&p, 1, SMC_CLC_TYPE_N, SMC_CLC_TYPE_N);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 0, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 16, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 2, 4, SMC_CLC_TYPE_N);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 2, SMC_CLC_TYPE_R, 4);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 2, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	p.ipv6_cnt = 9;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	p.ipv6_cnt = 1;
	p.ipv6[0].len = 129;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	p.ipv6[0].len = 0;
	p.ipv4_prefix_len = 33;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 1, SMC_CLC_TYPE_R, SMC_CLC_TYPE_N);
	p.ipv6_cnt = 9;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 2, SMC_CLC_TYPE_N, SMC_CLC_TYPE_R);
	p.eid_cnt = 9;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	prop_common(&p, 2, SMC_CLC_TYPE_N, SMC_CLC_TYPE_D);
	p.ism_gid_cnt = 9;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), -EINVAL);
	/* fields of parts that are not sent are not checked */
	prop_common(&p, 2, SMC_CLC_TYPE_N, SMC_CLC_TYPE_N);
	p.ipv6_cnt = 200;
	p.eid_cnt = 200;
	p.ism_gid_cnt = 200;
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, sizeof(b)), 84);
	EXPECT_EQ(smc_clc_proposal_encode(&p, b, 0), -ENOSPC);
}

/* random well-formed PROPOSALs survive encode -> decode */
TEST(clc_proposal_random_round_trip)
{
	struct smc_clc_proposal_info p, got;
	u64 seed = 42;
	unsigned int i;
	u8 b[BUF];
	int n;

	for (i = 0; i < 5000; i++) {
		rnd_fill(&seed, &p, sizeof(p));
		p.version = (u8)(1 + rnd_below(&seed, 3));
		p.typev1 = (u8)rnd_below(&seed, 4);
		p.typev2 = (u8)rnd_below(&seed, 4);
		if (p.version == 1 && p.typev1 == SMC_CLC_TYPE_N)
			p.typev1 = SMC_CLC_TYPE_R;
		p.iparea_offset = (u16)rnd_below(&seed, 60);
		p.ipv4_prefix_len = (u8)rnd_below(&seed, 33);
		p.ipv6_cnt = (u8)rnd_below(&seed, 9);
		p.eid_cnt = (u8)rnd_below(&seed, 9);
		p.ism_gid_cnt = (u8)rnd_below(&seed, 9);
		p.release &= 0x0f;
		p.seid_flag = rnd_next(&seed) & 1;
		for (n = 0; n < SMC_CLC_MAX_V6_PREFIXES; n++)
			p.ipv6[n].len = (u8)rnd_below(&seed, 129);
		n = smc_clc_proposal_encode(&p, b, sizeof(b));
		ASSERT_GT(n, 0);
		ASSERT_EQ(run_exact(dec_prop, b, (size_t)n), 0);
		ASSERT_EQ(smc_clc_proposal_decode(b, (size_t)n, &got, NULL), 0);
		/* what the encoder does not send comes back as zero */
		ASSERT_EQ(got.version, p.version);
		ASSERT_EQ(got.typev1, p.typev1);
		ASSERT_EQ(memcmp(got.peer_id, p.peer_id, 8), 0);
		if (p.typev1 != SMC_CLC_TYPE_N) {
			ASSERT_EQ(got.ipv4_subnet, p.ipv4_subnet);
			ASSERT_EQ(got.ipv6_cnt, p.ipv6_cnt);
		}
		if (p.version > 1 && p.typev2 != SMC_CLC_TYPE_N) {
			ASSERT_EQ(got.eid_cnt, p.eid_cnt);
			ASSERT_EQ(memcmp(got.ueids, p.ueids,
					 32 * (size_t)p.eid_cnt), 0);
			ASSERT_EQ(got.max_conns, p.max_conns);
		}
		if (p.version > 1 && (p.typev2 & 1))
			ASSERT_EQ(got.ism_gid_cnt, p.ism_gid_cnt);
	}
}

/* ---------------------------------------------------------------------- */
/* ACCEPT / CONFIRM known answers */

static void acc_common(struct smc_clc_accept_info *a, u8 type, u8 version,
		       bool first)
{
	memset(a, 0, sizeof(*a));
	a->type = type;
	a->version = version;
	a->first_contact = first;
	a->rmbe_idx = 1;
}

static void check_acc_vector(const char *name,
			     const struct smc_clc_accept_info *want)
{
	struct smc_clc_accept_info got;
	decoder_fn dec = want->type == SMC_CLC_ACCEPT ? dec_accept : dec_confirm;
	u8 vec[BUF], out[BUF];
	u32 decl = 99;
	int n, len;
	u8 *p;

	n = load(name, vec);
	ASSERT_GT(n, 0);
	p = dup_exact(vec, (size_t)n);
	EXPECT_EQ(smc_clc_accept_decode(p, (size_t)n, want->type, &got,
					&decl), 0);
	free(p);
	EXPECT_EQ(decl, 0);
	EXPECT_TRUE(clc_accept_eq(&got, want));
	len = smc_clc_accept_encode(want, out, sizeof(out));
	ASSERT_EQ(len, n);
	EXPECT_MEMEQ(out, vec, (size_t)n);
	EXPECT_EQ(smc_clc_accept_encode(want, out, (size_t)n), n);
	EXPECT_EQ(smc_clc_accept_encode(want, out, (size_t)n - 1), -ENOSPC);
	/* an ACCEPT is no CONFIRM and vice versa */
	EXPECT_EQ(smc_clc_accept_decode(vec, (size_t)n,
					want->type == SMC_CLC_ACCEPT ?
					SMC_CLC_CONFIRM : SMC_CLC_ACCEPT,
					&got, NULL), -EPROTO);
	check_framing(dec, vec, (size_t)n);
	check_mutations(dec, vec, (size_t)n);
}

TEST(clc_accept_v1_first)
{
	struct smc_clc_accept_info a;

	acc_common(&a, SMC_CLC_ACCEPT, 1, true);
	memcpy(a.peer_id, PEER2, 8);
	memcpy(a.gid, GID2, 16);
	memcpy(a.mac, MAC2, 6);
	a.qpn = 0x123;
	a.rmb_rkey = 0xabcd;
	a.rmbe_alert_token = 0x1001;
	a.rmbe_size = 2;
	a.qp_mtu = 3;
	a.rmb_vaddr = 0x123456000ULL;
	a.psn = 0xabcdef;
	check_acc_vector("clc-accept-v1-first", &a);
}

TEST(clc_confirm_v1)
{
	struct smc_clc_accept_info a;

	acc_common(&a, SMC_CLC_CONFIRM, 1, false);
	memcpy(a.peer_id, PEER1, 8);
	memcpy(a.gid, GID1, 16);
	memcpy(a.mac, MAC1, 6);
	a.qpn = 0x456;
	a.rmb_rkey = 0x12345678;
	a.rmbe_alert_token = 0x80000007;
	a.rmbe_size = 15;
	a.qp_mtu = 5;
	a.rmb_vaddr = 0xffeeddccbbaa9988ULL;
	a.psn = 1;
	check_acc_vector("clc-confirm-v1", &a);
}

TEST(clc_accept_v2_fce)
{
	struct smc_clc_accept_info a;

	acc_common(&a, SMC_CLC_ACCEPT, 2, true);
	memcpy(a.peer_id, PEER2, 8);
	v4mapped(a.gid, 10, 0, 0, 2);
	memcpy(a.mac, MAC2, 6);
	a.qpn = 0x11;
	a.rmb_rkey = 0x22;
	a.rmbe_alert_token = 0x33;
	a.rmbe_size = 1;
	a.qp_mtu = 4;
	a.rmb_vaddr = 0x00007f0000001000ULL;
	a.psn = 0x44;
	pad32(a.eid, "SMC-TEST-UEID");
	a.fce.v2_direct = true;
	a.fce.os_type = SMC_CLC_OS_LINUX;
	a.fce.release = SMC_CLC_RELEASE_1;
	pad32(a.fce.hostname, "server1");
	a.fce.max_conns = 255;
	a.fce.max_links = 2;
	check_acc_vector("clc-accept-v2-fce", &a);
}

static void confirm_v2_want(struct smc_clc_accept_info *a)
{
	acc_common(a, SMC_CLC_CONFIRM, 2, true);
	memcpy(a->peer_id, PEER1, 8);
	v4mapped(a->gid, 10, 0, 0, 1);
	memcpy(a->mac, MAC1, 6);
	a->qpn = 0x12;
	a->rmb_rkey = 0x100;
	a->rmbe_alert_token = 0x44;
	a->rmbe_size = 0;
	a->qp_mtu = 3;
	a->psn = 0xffffff;
	pad32(a->eid, "SMC-TEST-UEID");
	a->fce.os_type = SMC_CLC_OS_LINUX;
	a->fce.release = SMC_CLC_RELEASE_1;
	pad32(a->fce.hostname, "client");
	a->fce.max_conns = 255;
	a->fce.max_links = 2;
	a->gid_cnt = 2;
	v4mapped(a->gids[0], 10, 0, 0, 1);
	v4mapped(a->gids[1], 10, 0, 1, 1);
}

TEST(clc_confirm_v2_fce)
{
	struct smc_clc_accept_info a;

	confirm_v2_want(&a);
	check_acc_vector("clc-confirm-v2-fce", &a);
}

TEST(clc_confirm_v2)
{
	struct smc_clc_accept_info a;

	acc_common(&a, SMC_CLC_CONFIRM, 2, false);
	memcpy(a.peer_id, PEER1, 8);
	v4mapped(a.gid, 10, 0, 0, 1);
	memcpy(a.mac, MAC1, 6);
	a.qpn = 0x12;
	a.rmb_rkey = 0x200;
	a.rmbe_idx = 2;
	a.rmbe_alert_token = 0x45;
	a.rmbe_size = 1;
	a.qp_mtu = 3;
	a.rmb_vaddr = 0x10000;
	a.psn = 2;
	pad32(a.eid, "SMC-TEST-UEID");
	check_acc_vector("clc-confirm-v2", &a);
}

/* ---------------------------------------------------------------------- */
/* ACCEPT / CONFIRM rejections */

static int acc_rc(const u8 *buf, size_t len, u8 type, u32 *decl)
{
	static const struct smc_clc_accept_info zero;
	struct smc_clc_accept_info a;
	u8 *q = dup_exact(buf, len);
	int rc;

	rc = smc_clc_accept_decode(q, len, type, &a, decl);
	free(q);
	if (rc && memcmp(&a, &zero, sizeof(a)))
		return -3000;
	return rc;
}

TEST(clc_accept_rejects)
{
	u8 v[BUF], b[BUF];
	u32 decl;
	int n;

	n = load("clc-accept-v1-first", v);
	ASSERT_EQ(n, 68);

	memcpy(b, v, 68);
	b[7] = 0x1a;			/* SMC type N */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	EXPECT_EQ(decl, 0);
	b[7] = 0x1b;			/* SMC type B */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	b[7] = 0x1c;			/* bit 2 is reserved: ignored */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), 0);
	b[7] = 0x08;			/* version 0 */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	b[7] = 0x28;			/* version 2 needs 160 bytes */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EBADMSG);

	memcpy(b, v, 68);
	b[45] = 0;			/* RMBE index 0 */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	b[45] = 0xff;
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), 0);

	memcpy(b, v, 68);
	b[50] = 0x20;			/* MTU 0 */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	b[50] = 0x26;			/* MTU 6 */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EPROTO);
	b[50] = 0xf1;
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), 0);

	memcpy(b, v, 68);
	b[64] = 0xe3;			/* trailer */
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), -EBADMSG);
	b[64] = 0xe2;
	b[67] = 0xc4;
	EXPECT_EQ(acc_rc(b, 68, SMC_CLC_ACCEPT, &decl), 0);

	EXPECT_EQ(acc_rc(v, 68, SMC_CLC_PROPOSAL, &decl), -EINVAL);
	EXPECT_EQ(acc_rc(v, 68, SMC_CLC_DECLINE, &decl), -EINVAL);
}

TEST(clc_accept_smcd)
{
	u8 b[BUF];
	u32 decl;
	size_t n;

	/* well-formed SMC-D messages are refused with a decline code */
	memset(b, 0, sizeof(b));
	smc_wire_put_be32(b, SMC_CLC_EYECATCHER_D);
	b[4] = SMC_CLC_ACCEPT;
	b[7] = 0x19;
	smc_wire_put_be16(b + 5, 48);
	smc_wire_put_be32(b + 44, SMC_CLC_EYECATCHER_D);
	EXPECT_EQ(acc_rc(b, 48, SMC_CLC_ACCEPT, &decl), -EOPNOTSUPP);
	EXPECT_EQ(decl, SMC_CLC_DECL_MODEUNSUPP);
	EXPECT_EQ(acc_rc(b, 48, SMC_CLC_ACCEPT, NULL), -EOPNOTSUPP);
	for (n = 0; n < 48; n++)
		EXPECT_EQ(acc_rc(b, n, SMC_CLC_ACCEPT, &decl), -EBADMSG);

	b[7] = 0x21;			/* v2, no first contact: 78 */
	smc_wire_put_be16(b + 5, 78);
	smc_wire_put_be32(b + 74, SMC_CLC_EYECATCHER_D);
	EXPECT_EQ(acc_rc(b, 78, SMC_CLC_ACCEPT, &decl), -EOPNOTSUPP);
	EXPECT_EQ(decl, SMC_CLC_DECL_MODEUNSUPP);
	b[7] = 0x29;			/* first contact: 78 + 36 or 78 + 52 */
	EXPECT_EQ(acc_rc(b, 78, SMC_CLC_ACCEPT, &decl), -EBADMSG);
	EXPECT_EQ(decl, 0);
	smc_wire_put_be16(b + 5, 114);
	smc_wire_put_be32(b + 110, SMC_CLC_EYECATCHER_D);
	EXPECT_EQ(acc_rc(b, 114, SMC_CLC_ACCEPT, &decl), -EOPNOTSUPP);
	smc_wire_put_be16(b + 5, 130);
	smc_wire_put_be32(b + 126, SMC_CLC_EYECATCHER_D);
	EXPECT_EQ(acc_rc(b, 130, SMC_CLC_ACCEPT, &decl), -EOPNOTSUPP);
	smc_wire_put_be16(b + 5, 131);
	smc_wire_put_be32(b + 127, SMC_CLC_EYECATCHER_D);
	EXPECT_EQ(acc_rc(b, 131, SMC_CLC_ACCEPT, &decl), -EBADMSG);
	EXPECT_EQ(decl, 0);
}

TEST(clc_confirm_gid_list)
{
	struct smc_clc_accept_info a, got;
	u8 v[BUF], b[BUF];
	unsigned int k;
	int n;

	n = load("clc-confirm-v2-fce", v);
	ASSERT_EQ(n, 196);
	memcpy(b, v, 196);
	b[156] = 3;			/* count does not match the length */
	EXPECT_EQ(acc_rc(b, 196, SMC_CLC_CONFIRM, NULL), -EBADMSG);
	b[156] = 9;			/* above the limit */
	EXPECT_EQ(acc_rc(b, 196, SMC_CLC_CONFIRM, NULL), -EPROTO);
	b[156] = 0xff;
	EXPECT_EQ(acc_rc(b, 196, SMC_CLC_CONFIRM, NULL), -EPROTO);

	/* an ACCEPT with first contact has no GID list: exactly 160 */
	memcpy(b, v, 196);
	b[4] = SMC_CLC_ACCEPT;
	EXPECT_EQ(acc_rc(b, 196, SMC_CLC_ACCEPT, NULL), -EBADMSG);

	/* every GID count from 0 to the maximum */
	for (k = 0; k <= SMC_CLC_MAX_GIDS; k++) {
		confirm_v2_want(&a);
		a.gid_cnt = (u8)k;
		memset(a.gids, (int)k, sizeof(a.gids));
		n = smc_clc_accept_encode(&a, b, sizeof(b));
		ASSERT_EQ(n, SMC_CLC_CONFIRM_V2_FCE_LEN((int)k));
		ASSERT_EQ(smc_clc_accept_decode(b, (size_t)n, SMC_CLC_CONFIRM,
						&got, NULL), 0);
		EXPECT_EQ(got.gid_cnt, k);
		EXPECT_EQ(memcmp(got.gids, a.gids, 16 * k), 0);
		check_framing(dec_confirm, b, (size_t)n);
	}
	EXPECT_EQ(n, SMC_CLC_ACCEPT_MAX_LEN);
	a.gid_cnt = SMC_CLC_MAX_GIDS + 1;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	/* GIDs are not sent without first contact or in an ACCEPT */
	a.first_contact = false;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), 108);
	a.first_contact = true;
	a.type = SMC_CLC_ACCEPT;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), 160);
}

TEST(clc_accept_encode_invalid)
{
	struct smc_clc_accept_info a;
	u8 b[BUF];

	acc_common(&a, SMC_CLC_ACCEPT, 1, false);
	a.qp_mtu = 1;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), 68);
	a.type = SMC_CLC_DECLINE;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.type = SMC_CLC_CONFIRM;
	a.version = 0;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.version = 16;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.version = 1;
	a.qpn = 0x1000000;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.qpn = 0xffffff;
	a.psn = 0x1000000;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.psn = 0;
	a.rmbe_idx = 0;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.rmbe_idx = 1;
	a.rmbe_size = 16;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.rmbe_size = 15;
	a.qp_mtu = 0;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.qp_mtu = 6;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.qp_mtu = 5;
	a.version = 2;
	a.first_contact = true;
	a.fce.os_type = 16;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.fce.os_type = 15;
	a.fce.release = 16;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), -EINVAL);
	a.fce.release = 15;
	EXPECT_EQ(smc_clc_accept_encode(&a, b, sizeof(b)), 164);
	EXPECT_EQ(b[7], 0x28);
}

TEST(clc_accept_random_round_trip)
{
	struct smc_clc_accept_info a, got;
	u64 seed = 7;
	unsigned int i;
	u8 b[BUF];
	int n;

	for (i = 0; i < 5000; i++) {
		rnd_fill(&seed, &a, sizeof(a));
		a.type = (u8)(SMC_CLC_ACCEPT + rnd_below(&seed, 2));
		a.version = (u8)(1 + rnd_below(&seed, 15));
		a.first_contact = rnd_next(&seed) & 1;
		a.qpn &= 0xffffff;
		a.psn &= 0xffffff;
		a.rmbe_idx |= 1;
		a.rmbe_size &= 0x0f;
		a.qp_mtu = (u8)(1 + rnd_below(&seed, 5));
		a.fce.v2_direct = rnd_next(&seed) & 1;
		a.fce.os_type &= 0x0f;
		a.fce.release &= 0x0f;
		a.gid_cnt = (u8)rnd_below(&seed, SMC_CLC_MAX_GIDS + 1);
		n = smc_clc_accept_encode(&a, b, sizeof(b));
		ASSERT_GT(n, 0);
		ASSERT_EQ(smc_clc_accept_decode(b, (size_t)n, a.type, &got,
						NULL), 0);
		ASSERT_EQ(run_exact(a.type == SMC_CLC_ACCEPT ? dec_accept :
				    dec_confirm, b, (size_t)n), 0);
		ASSERT_EQ(got.qpn, a.qpn);
		ASSERT_EQ(got.rmb_vaddr, a.rmb_vaddr);
		ASSERT_EQ(got.first_contact, a.first_contact);
		if (a.version > 1 && a.first_contact) {
			ASSERT_EQ(memcmp(got.fce.hostname, a.fce.hostname, 32),
				  0);
			ASSERT_EQ(got.fce.vendor_opts, a.fce.vendor_opts);
		}
	}
}

/* ---------------------------------------------------------------------- */
/* DECLINE */

static void check_decl_vector(const char *name,
			      const struct smc_clc_decline_info *want)
{
	struct smc_clc_decline_info got;
	u8 vec[BUF], out[BUF];
	int n;

	n = load(name, vec);
	ASSERT_GT(n, 0);
	EXPECT_EQ(run_exact(dec_decline, vec, (size_t)n), 0);
	ASSERT_EQ(smc_clc_decline_decode(vec, (size_t)n, &got), 0);
	EXPECT_TRUE(clc_decline_eq(&got, want));
	ASSERT_EQ(smc_clc_decline_encode(want, out, sizeof(out)), n);
	smc_wire_put_be32(vec + n - 4, SMC_CLC_EYECATCHER_R);
	EXPECT_MEMEQ(out, vec, (size_t)n);
	EXPECT_EQ(smc_clc_decline_encode(want, out, (size_t)n - 1), -ENOSPC);
	check_framing(dec_decline, vec, (size_t)n);
	check_mutations(dec_decline, vec, (size_t)n);
}

TEST(clc_decline_v1)
{
	struct smc_clc_decline_info d;

	memset(&d, 0, sizeof(d));
	d.version = 1;
	memcpy(d.peer_id, PEER1, 8);
	d.diag = SMC_CLC_DECL_NOSMCDEV;
	check_decl_vector("clc-decline-v1", &d);
}

TEST(clc_decline_v2_sync)
{
	struct smc_clc_decline_info d;

	memset(&d, 0, sizeof(d));
	d.version = 2;
	d.out_of_sync = true;
	d.diag = SMC_CLC_DECL_SYNCERR;
	d.os_type = SMC_CLC_OS_LINUX;
	d.diag_v2[0] = 1;
	d.diag_v2[1] = 2;
	d.diag_v2[2] = 3;
	d.diag_v2[3] = 4;
	check_decl_vector("clc-decline-v2-sync", &d);
}

TEST(clc_decline_rejects)
{
	struct smc_clc_decline_info d;
	u8 v[BUF], b[BUF];
	int n;

	n = load("clc-decline-v1", v);
	ASSERT_EQ(n, 28);
	/* version 2 needs 44 bytes */
	memcpy(b, v, 28);
	b[7] = 0x20;
	EXPECT_EQ(smc_clc_decline_decode(b, 28, &d), -EBADMSG);
	/* and version 1 exactly 28 */
	memset(b, 0, sizeof(b));
	memcpy(b, v, 24);
	smc_wire_put_be16(b + 5, 44);
	smc_wire_put_be32(b + 40, SMC_CLC_EYECATCHER_R);
	EXPECT_EQ(smc_clc_decline_decode(b, 44, &d), -EBADMSG);
	b[7] = 0x30;			/* version 3 uses the v2 length */
	EXPECT_EQ(smc_clc_decline_decode(b, 44, &d), 0);
	EXPECT_EQ(d.version, 3);
	/* reserved bits of byte 7 are ignored */
	memcpy(b, v, 28);
	b[7] = 0x17;
	EXPECT_EQ(smc_clc_decline_decode(b, 28, &d), 0);
	EXPECT_FALSE(d.out_of_sync);
	b[7] = 0x1f;
	EXPECT_EQ(smc_clc_decline_decode(b, 28, &d), 0);
	EXPECT_TRUE(d.out_of_sync);
	b[7] = 0x0f;
	EXPECT_EQ(smc_clc_decline_decode(b, 28, &d), -EPROTO);
	/* the trailer is checked */
	memcpy(b, v, 28);
	b[27] = 0;
	EXPECT_EQ(smc_clc_decline_decode(b, 28, &d), -EBADMSG);
	/* a DECLINE is not what the other decoders want */
	EXPECT_EQ(acc_rc(v, 28, SMC_CLC_ACCEPT, NULL), -EPROTO);
	EXPECT_EQ(prop_rc(v, 28), -EPROTO);

	memset(&d, 0, sizeof(d));
	EXPECT_EQ(smc_clc_decline_encode(&d, b, sizeof(b)), -EINVAL);
	d.version = 16;
	EXPECT_EQ(smc_clc_decline_encode(&d, b, sizeof(b)), -EINVAL);
	d.version = 2;
	d.os_type = 16;
	EXPECT_EQ(smc_clc_decline_encode(&d, b, sizeof(b)), -EINVAL);
	d.os_type = 15;
	EXPECT_EQ(smc_clc_decline_encode(&d, b, SMC_CLC_DECLINE_MAX_LEN), 44);
	d.version = 1;
	EXPECT_EQ(smc_clc_decline_encode(&d, b, 28), 28);
	EXPECT_EQ(b[20], 0);		/* no OS type in version 1 */
	EXPECT_EQ(smc_clc_decline_encode(&d, b, 27), -ENOSPC);
}

TEST(clc_decline_names)
{
	static const u32 codes[] = {
		SMC_CLC_DECL_MEM, SMC_CLC_DECL_TIMEOUT_CL,
		SMC_CLC_DECL_TIMEOUT_AL, SMC_CLC_DECL_CNFERR,
		SMC_CLC_DECL_PEERNOSMC, SMC_CLC_DECL_IPSEC,
		SMC_CLC_DECL_NOSMCDEV, SMC_CLC_DECL_NOSMCDDEV,
		SMC_CLC_DECL_NOSMCRDEV, SMC_CLC_DECL_NOISM2SUPP,
		SMC_CLC_DECL_NOV2EXT, SMC_CLC_DECL_NOV2DEXT,
		SMC_CLC_DECL_NOSEID, SMC_CLC_DECL_NOSMCD2DEV,
		SMC_CLC_DECL_NOUEID, SMC_CLC_DECL_RELEASEERR,
		SMC_CLC_DECL_MAXCONNERR, SMC_CLC_DECL_MAXLINKERR,
		SMC_CLC_DECL_MODEUNSUPP, SMC_CLC_DECL_RMBE_EC,
		SMC_CLC_DECL_OPTUNSUPP, SMC_CLC_DECL_DIFFPREFIX,
		SMC_CLC_DECL_GETVLANERR, SMC_CLC_DECL_ISMVLANERR,
		SMC_CLC_DECL_NOACTLINK, SMC_CLC_DECL_NOSRVLINK,
		SMC_CLC_DECL_VERSMISMAT, SMC_CLC_DECL_MAX_DMB,
		SMC_CLC_DECL_NOROUTE, SMC_CLC_DECL_NOINDIRECT,
		SMC_CLC_DECL_SYNCERR, SMC_CLC_DECL_PEERDECL,
		SMC_CLC_DECL_INTERR, SMC_CLC_DECL_ERR_RTOK,
		SMC_CLC_DECL_ERR_RDYLNK, SMC_CLC_DECL_ERR_REGBUF,
	};
	unsigned int i, j;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		EXPECT_NE(strcmp(smc_clc_decline_name(codes[i]), "unknown"),
			  0);
		/* names are distinct */
		for (j = 0; j < i; j++)
			EXPECT_NE(strcmp(smc_clc_decline_name(codes[i]),
					 smc_clc_decline_name(codes[j])), 0);
	}
	EXPECT_STREQ(smc_clc_decline_name(SMC_CLC_DECL_PEERDECL),
		     "declined by peer");
	EXPECT_STREQ(smc_clc_decline_name(SMC_CLC_DECL_SYNCERR),
		     "link group out of sync");
	EXPECT_STREQ(smc_clc_decline_name(0), "unknown");
	EXPECT_STREQ(smc_clc_decline_name(0x03030099), "unknown");
	EXPECT_STREQ(smc_clc_decline_name(0xffffffff), "unknown");
}
