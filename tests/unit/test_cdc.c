// SPDX-License-Identifier: GPL-2.0
/*
 * test_cdc.c - CDC message codec.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "cdc_wire.h"
#include "test_util.h"
#include "wire_eq.h"

static int dec_cdc(const u8 *msg, size_t len, struct smc_cdc_msg *out)
{
	static const struct smc_cdc_msg zero;
	struct smc_cdc_msg m, m2;
	u8 *p = dup_exact(msg, len);
	u8 b[SMC_CDC_MSG_LEN];
	int rc;

	rc = smc_cdc_decode(p, len, &m);
	free(p);
	if (rc)
		return memcmp(&m, &zero, sizeof(m)) ? -3000 : rc;
	if (smc_cdc_encode(&m, b, sizeof(b)) != SMC_CDC_MSG_LEN ||
	    smc_cdc_decode(b, sizeof(b), &m2) || !cdc_msg_eq(&m, &m2))
		return -1000;
	if (out)
		*out = m;
	return 0;
}

TEST(cdc_vector)
{
	struct smc_cdc_msg want, got;
	u8 v[64], out[64];
	int n;

	n = test_load_vector("cdc-msg", v, sizeof(v));
	ASSERT_EQ(n, SMC_CDC_MSG_LEN);
	memset(&want, 0, sizeof(want));
	want.seqno = 7;
	want.token = 0x1001;
	want.prod.wrap = 3;
	want.prod.count = 0x100;
	want.cons.wrap = 0xfffe;
	want.cons.count = 0xff00;
	want.prod_flags = SMC_CDC_PROD_WRITE_BLOCKED;
	want.conn_flags = SMC_CDC_CONN_CLOSED;
	ASSERT_EQ(dec_cdc(v, 44, &got), 0);
	EXPECT_TRUE(cdc_msg_eq(&got, &want));
	ASSERT_EQ(smc_cdc_encode(&want, out, sizeof(out)), 44);
	EXPECT_MEMEQ(out, v, 44);
	EXPECT_EQ(smc_cdc_encode(&want, out, 44), 44);
	EXPECT_EQ(smc_cdc_encode(&want, out, 43), -ENOSPC);
}

TEST(cdc_rejects)
{
	u8 v[128], b[128];
	size_t n, i;
	int rc;

	ASSERT_EQ(test_load_vector("cdc-msg", v, sizeof(v)), 44);
	for (n = 0; n < 44; n++)
		EXPECT_EQ(dec_cdc(v, n, NULL), -EBADMSG);
	memset(v + 44, 0, 64);
	for (n = 45; n < 108; n++)
		EXPECT_EQ(dec_cdc(v, n, NULL), -EBADMSG);
	memcpy(b, v, 44);
	b[0] = 0xfd;
	EXPECT_EQ(dec_cdc(b, 44, NULL), -EPROTO);
	b[0] = 0x01;			/* an LLC message */
	EXPECT_EQ(dec_cdc(b, 44, NULL), -EPROTO);
	memcpy(b, v, 44);
	b[1] = 43;
	EXPECT_EQ(dec_cdc(b, 44, NULL), -EBADMSG);
	b[1] = 0;
	EXPECT_EQ(dec_cdc(b, 44, NULL), -EBADMSG);
	/* every other byte may hold anything */
	for (i = 2; i < 44; i++) {
		for (n = 0; n < 256; n += 17) {
			memcpy(b, v, 44);
			b[i] = (u8)n;
			rc = dec_cdc(b, 44, NULL);
			EXPECT_EQ(rc, 0);
		}
	}
}

TEST(cdc_reserved_ignored)
{
	struct smc_cdc_msg m;
	u8 v[64], b[64];

	ASSERT_EQ(test_load_vector("cdc-msg", v, sizeof(v)), 44);
	memcpy(b, v, 44);
	b[8] = 0xff;			/* reserved bytes of the cursors */
	b[9] = 0xff;
	b[16] = 0xff;
	b[17] = 0xff;
	memset(b + 26, 0xff, 18);
	b[24] |= 0x07;			/* undefined flag bits */
	b[25] |= 0x1f;
	ASSERT_EQ(dec_cdc(b, 44, &m), 0);
	EXPECT_EQ(m.prod.wrap, 3);
	EXPECT_EQ(m.cons.wrap, 0xfffe);
	EXPECT_EQ(m.prod_flags, SMC_CDC_PROD_WRITE_BLOCKED);
	EXPECT_EQ(m.conn_flags, SMC_CDC_CONN_CLOSED);
	/* and are sent as zero */
	m.prod_flags = 0xff;
	m.conn_flags = 0xff;
	ASSERT_EQ(smc_cdc_encode(&m, b, sizeof(b)), 44);
	EXPECT_EQ(b[24], SMC_CDC_PROD_FLAGS_MASK);
	EXPECT_EQ(b[25], SMC_CDC_CONN_FLAGS_MASK);
	EXPECT_EQ(b[8] | b[9] | b[16] | b[17], 0);
	for (int i = 26; i < 44; i++)
		EXPECT_EQ(b[i], 0);
}

TEST(cdc_random_round_trip)
{
	struct smc_cdc_msg m, got;
	u64 seed = 5;
	unsigned int i;
	u8 b[44];

	for (i = 0; i < 10000; i++) {
		rnd_fill(&seed, &m, sizeof(m));
		m.prod_flags &= SMC_CDC_PROD_FLAGS_MASK;
		m.conn_flags &= SMC_CDC_CONN_FLAGS_MASK;
		ASSERT_EQ(smc_cdc_encode(&m, b, sizeof(b)), 44);
		ASSERT_EQ(dec_cdc(b, 44, &got), 0);
		ASSERT_TRUE(cdc_msg_eq(&got, &m));
	}
}
