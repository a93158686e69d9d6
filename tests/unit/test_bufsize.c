// SPDX-License-Identifier: GPL-2.0
/*
 * test_bufsize.c - the 4-bit compressed buffer size.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "bufsize.h"

#define KB(x) ((u32)(x) * 1024)
#define MB(x) ((u32)(x) * 1024 * 1024)

TEST(bufsize_expand)
{
	EXPECT_EQ(smc_bufsize_expand(0), KB(16));
	EXPECT_EQ(smc_bufsize_expand(1), KB(32));
	EXPECT_EQ(smc_bufsize_expand(2), KB(64));
	EXPECT_EQ(smc_bufsize_expand(3), KB(128));
	EXPECT_EQ(smc_bufsize_expand(4), KB(256));
	EXPECT_EQ(smc_bufsize_expand(5), KB(512));
	EXPECT_EQ(smc_bufsize_expand(6), MB(1));
	EXPECT_EQ(smc_bufsize_expand(15), MB(512));
	EXPECT_EQ(smc_bufsize_expand(16), 0);
	EXPECT_EQ(smc_bufsize_expand(255), 0);
}

TEST(bufsize_compress_boundaries)
{
	EXPECT_EQ(smc_bufsize_compress(0, 15), 0);
	EXPECT_EQ(smc_bufsize_compress(1, 15), 0);
	EXPECT_EQ(smc_bufsize_compress(KB(16) - 1, 15), 0);
	EXPECT_EQ(smc_bufsize_compress(KB(16), 15), 0);
	EXPECT_EQ(smc_bufsize_compress(KB(16) + 1, 15), 1);
	EXPECT_EQ(smc_bufsize_compress(KB(32), 15), 1);
	EXPECT_EQ(smc_bufsize_compress(KB(32) + 1, 15), 2);
	EXPECT_EQ(smc_bufsize_compress(KB(64), 15), 2);
	EXPECT_EQ(smc_bufsize_compress(KB(65), 15), 3);
	EXPECT_EQ(smc_bufsize_compress(KB(512), 15), 5);
	EXPECT_EQ(smc_bufsize_compress(KB(512) + 1, 15), 6);
	EXPECT_EQ(smc_bufsize_compress(MB(256) + 1, 15), 15);
	EXPECT_EQ(smc_bufsize_compress(MB(512), 15), 15);
	/* capped */
	EXPECT_EQ(smc_bufsize_compress(MB(512) + 1, 15), 15);
	EXPECT_EQ(smc_bufsize_compress(0xffffffffU, 15), 15);
	EXPECT_EQ(smc_bufsize_compress(KB(512) + 1, SMC_BUFSIZE_COMP_MAX_V1),
		  5);
	EXPECT_EQ(smc_bufsize_compress(MB(1), 5), 5);
	EXPECT_EQ(smc_bufsize_compress(KB(512), 5), 5);
	EXPECT_EQ(smc_bufsize_compress(KB(64), 0), 0);
	/* a cap above 15 is treated as 15 */
	EXPECT_EQ(smc_bufsize_compress(0xffffffffU, 200), 15);
}

TEST(bufsize_every_class)
{
	unsigned int c;
	u32 size;

	for (c = 0; c <= SMC_BUFSIZE_COMP_MAX; c++) {
		size = smc_bufsize_expand((u8)c);
		/* exact sizes map to their class, one more byte to the next */
		EXPECT_EQ(smc_bufsize_compress(size, 15), c);
		if (c < SMC_BUFSIZE_COMP_MAX)
			EXPECT_EQ(smc_bufsize_compress(size + 1, 15), c + 1);
		if (c > 0)
			EXPECT_EQ(smc_bufsize_compress(size - 1, 15), c);
		/* never smaller than requested unless capped */
		EXPECT_GE(smc_bufsize_expand(smc_bufsize_compress(size, 15)),
			  size);
	}
}
