// SPDX-License-Identifier: GPL-2.0
/*
 * test_wire_types.c - byte-order load/store helpers.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "wire_types.h"

TEST(wire_get_be)
{
	const u8 b[] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xff };

	EXPECT_EQ(smc_wire_get_be16(b), 0x0123);
	EXPECT_EQ(smc_wire_get_be24(b), 0x012345);
	EXPECT_EQ(smc_wire_get_be32(b), 0x01234567);
	EXPECT_EQ(smc_wire_get_be64(b), 0x0123456789abcdefULL);
	EXPECT_EQ(smc_wire_get_le16(b), 0x2301);
	/* values with the top bit set must not sign-extend */
	EXPECT_EQ(smc_wire_get_be16(b + 7), 0xefff);
	EXPECT_EQ(smc_wire_get_be24(b + 6), 0xcdefff);
	EXPECT_EQ(smc_wire_get_be32(b + 5), 0xabcdefffU);
	EXPECT_EQ(smc_wire_get_be64(b + 1), 0x23456789abcdefffULL);
	EXPECT_EQ(smc_wire_get_le16(b + 7), 0xffef);
}

TEST(wire_put_be)
{
	const u8 want[] = { 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10 };
	u8 b[9];

	memset(b, 0xaa, sizeof(b));
	smc_wire_put_be64(b, 0xfedcba9876543210ULL);
	EXPECT_MEMEQ(b, want, 8);
	EXPECT_EQ(b[8], 0xaa);

	memset(b, 0xaa, sizeof(b));
	smc_wire_put_be32(b, 0xfedcba98U);
	EXPECT_MEMEQ(b, want, 4);
	EXPECT_EQ(b[4], 0xaa);

	memset(b, 0xaa, sizeof(b));
	smc_wire_put_be24(b, 0xfffedcbaU);	/* top byte is dropped */
	EXPECT_MEMEQ(b, want, 3);
	EXPECT_EQ(b[3], 0xaa);

	memset(b, 0xaa, sizeof(b));
	smc_wire_put_be16(b, 0xfedc);
	EXPECT_MEMEQ(b, want, 2);
	EXPECT_EQ(b[2], 0xaa);

	memset(b, 0xaa, sizeof(b));
	smc_wire_put_le16(b, 0xdcfe);
	EXPECT_MEMEQ(b, want, 2);
	EXPECT_EQ(b[2], 0xaa);
}

TEST(wire_round_trip)
{
	u64 v = 0x9e3779b97f4a7c15ULL;
	unsigned int i;
	u8 b[8];

	for (i = 0; i < 1000; i++) {
		v = v * 6364136223846793005ULL + 1442695040888963407ULL;
		smc_wire_put_be64(b, v);
		ASSERT_EQ(smc_wire_get_be64(b), v);
		smc_wire_put_be32(b, (u32)v);
		ASSERT_EQ(smc_wire_get_be32(b), (u32)v);
		smc_wire_put_be24(b, (u32)v);
		ASSERT_EQ(smc_wire_get_be24(b), (u32)v & 0xffffff);
		smc_wire_put_be16(b, (u16)v);
		ASSERT_EQ(smc_wire_get_be16(b), (u16)v);
		smc_wire_put_le16(b, (u16)v);
		ASSERT_EQ(smc_wire_get_le16(b), (u16)v);
	}
}
