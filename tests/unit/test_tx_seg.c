// SPDX-License-Identifier: GPL-2.0
/*
 * test_tx_seg.c - splitting a transfer into RDMA writes.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <stdlib.h>

#include "harness.h"
#include "tx_seg.h"
#include "test_util.h"

TEST(tx_seg_nothing)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	EXPECT_EQ(smc_tx_segs(0, 100, 0, 100, 0, s), 0);
	EXPECT_EQ(smc_tx_segs(100, 100, 0, 100, 1, s), 0);	/* bad src */
	EXPECT_EQ(smc_tx_segs(0, 100, 100, 100, 1, s), 0);	/* bad dst */
	EXPECT_EQ(smc_tx_segs(0, 100, 0, 50, 51, s), 0);	/* > dst */
	EXPECT_EQ(smc_tx_segs(0, 50, 0, 100, 51, s), 0);	/* > src */
	EXPECT_EQ(smc_tx_segs(0, 0, 0, 100, 1, s), 0);
	EXPECT_EQ(smc_tx_segs(0, 100, 0, 0, 1, s), 0);
}

TEST(tx_seg_simple)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	ASSERT_EQ(smc_tx_segs(10, 100, 20, 200, 30, s), 1);
	EXPECT_EQ(s[0].dst_off, 20);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].src_off[0], 10);
	EXPECT_EQ(s[0].len[0], 30);
	/* ends exactly at both buffer ends: still one piece */
	ASSERT_EQ(smc_tx_segs(70, 100, 170, 200, 30, s), 1);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].len[0], 30);
}

TEST(tx_seg_src_wrap)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	ASSERT_EQ(smc_tx_segs(90, 100, 0, 200, 30, s), 1);
	EXPECT_EQ(s[0].dst_off, 0);
	ASSERT_EQ(s[0].nsge, 2);
	EXPECT_EQ(s[0].src_off[0], 90);
	EXPECT_EQ(s[0].len[0], 10);
	EXPECT_EQ(s[0].src_off[1], 0);
	EXPECT_EQ(s[0].len[1], 20);
}

TEST(tx_seg_dst_wrap)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	ASSERT_EQ(smc_tx_segs(0, 100, 190, 200, 30, s), 2);
	EXPECT_EQ(s[0].dst_off, 190);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].src_off[0], 0);
	EXPECT_EQ(s[0].len[0], 10);
	EXPECT_EQ(s[1].dst_off, 0);
	ASSERT_EQ(s[1].nsge, 1);
	EXPECT_EQ(s[1].src_off[0], 10);
	EXPECT_EQ(s[1].len[0], 20);
}

TEST(tx_seg_both_wrap)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	/* source wraps inside the first write */
	ASSERT_EQ(smc_tx_segs(95, 100, 180, 200, 50, s), 2);
	EXPECT_EQ(s[0].dst_off, 180);
	ASSERT_EQ(s[0].nsge, 2);
	EXPECT_EQ(s[0].src_off[0], 95);
	EXPECT_EQ(s[0].len[0], 5);
	EXPECT_EQ(s[0].src_off[1], 0);
	EXPECT_EQ(s[0].len[1], 15);
	EXPECT_EQ(s[1].dst_off, 0);
	ASSERT_EQ(s[1].nsge, 1);
	EXPECT_EQ(s[1].src_off[0], 15);
	EXPECT_EQ(s[1].len[0], 30);
	/* source wraps inside the second write */
	ASSERT_EQ(smc_tx_segs(60, 100, 190, 200, 50, s), 2);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].src_off[0], 60);
	EXPECT_EQ(s[0].len[0], 10);
	ASSERT_EQ(s[1].nsge, 2);
	EXPECT_EQ(s[1].src_off[0], 70);
	EXPECT_EQ(s[1].len[0], 30);
	EXPECT_EQ(s[1].src_off[1], 0);
	EXPECT_EQ(s[1].len[1], 10);
	/* both wrap at the same byte */
	ASSERT_EQ(smc_tx_segs(90, 100, 190, 200, 20, s), 2);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].len[0], 10);
	ASSERT_EQ(s[1].nsge, 1);
	EXPECT_EQ(s[1].src_off[0], 0);
	EXPECT_EQ(s[1].len[0], 10);
}

TEST(tx_seg_full_buffers)
{
	struct smc_tx_seg s[SMC_TX_SEG_MAX];

	/* a whole buffer at offset 0: one write, one piece */
	ASSERT_EQ(smc_tx_segs(0, 16384, 0, 16384, 16384, s), 1);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].len[0], 16384);
	/* a whole buffer from the middle of both */
	ASSERT_EQ(smc_tx_segs(100, 16384, 200, 16384, 16384, s), 2);
	EXPECT_EQ(s[0].dst_off, 200);
	ASSERT_EQ(s[0].nsge, 1);
	EXPECT_EQ(s[0].src_off[0], 100);
	EXPECT_EQ(s[0].len[0], 16184);
	EXPECT_EQ(s[1].dst_off, 0);
	ASSERT_EQ(s[1].nsge, 2);
	EXPECT_EQ(s[1].src_off[0], 16284);
	EXPECT_EQ(s[1].len[0], 100);
	EXPECT_EQ(s[1].src_off[1], 0);
	EXPECT_EQ(s[1].len[1], 100);
}

/* Every byte of a transfer must land where a byte-wise copy puts it. */
TEST(tx_seg_random)
{
	u64 rs = 0x5eed5eedULL;
	int iter;

	for (iter = 0; iter < 20000; iter++) {
		u32 ssize = 1 + rnd_below(&rs, 300);
		u32 dsize = 1 + rnd_below(&rs, 300);
		u32 soff = rnd_below(&rs, ssize), doff = rnd_below(&rs, dsize);
		u32 max = ssize < dsize ? ssize : dsize;
		u32 len = rnd_below(&rs, max + 1);
		struct smc_tx_seg s[SMC_TX_SEG_MAX];
		u32 i, k, total = 0, pos = 0;
		unsigned int n;

		n = smc_tx_segs(soff, ssize, doff, dsize, len, s);
		if (!len) {
			EXPECT_EQ(n, 0);
			continue;
		}
		ASSERT_GE(n, 1);
		ASSERT_LE(n, SMC_TX_SEG_MAX);
		for (i = 0; i < n; i++) {
			u32 d = s[i].dst_off;

			ASSERT_GE(s[i].nsge, 1);
			ASSERT_LE(s[i].nsge, SMC_TX_SEG_MAX_SGE);
			for (k = 0; k < s[i].nsge; k++) {
				ASSERT_GT(s[i].len[k], 0);
				/* piece k of write i is bytes pos.. */
				EXPECT_EQ(s[i].src_off[k], (soff + pos) % ssize);
				EXPECT_EQ(d, (doff + pos) % dsize);
				EXPECT_LE(s[i].src_off[k] + s[i].len[k], ssize);
				EXPECT_LE(d + s[i].len[k], dsize);
				d += s[i].len[k];
				pos += s[i].len[k];
				total += s[i].len[k];
			}
		}
		EXPECT_EQ(total, len);
	}
}
