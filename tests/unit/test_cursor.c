// SPDX-License-Identifier: GPL-2.0
/*
 * test_cursor.c - cursor and sequence number arithmetic.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "harness.h"
#include "cursor.h"
#include "test_util.h"

#define C(w, c) ((struct smc_cursor){ .wrap = (w), .count = (c) })

TEST(cursor_add_no_wrap)
{
	struct smc_cursor c = C(5, 10);

	smc_cursor_add(&c, 0, 100);
	EXPECT_EQ(c.wrap, 5);
	EXPECT_EQ(c.count, 10);
	smc_cursor_add(&c, 89, 100);
	EXPECT_EQ(c.wrap, 5);
	EXPECT_EQ(c.count, 99);
}

TEST(cursor_add_wrap)
{
	struct smc_cursor c = C(5, 10);

	smc_cursor_add(&c, 90, 100);	/* lands exactly on the end */
	EXPECT_EQ(c.wrap, 6);
	EXPECT_EQ(c.count, 0);
	c = C(5, 10);
	smc_cursor_add(&c, 95, 100);
	EXPECT_EQ(c.wrap, 6);
	EXPECT_EQ(c.count, 5);
	c = C(5, 10);
	smc_cursor_add(&c, 100, 100);	/* a full buffer */
	EXPECT_EQ(c.wrap, 6);
	EXPECT_EQ(c.count, 10);
	c = C(0xffff, 99);
	smc_cursor_add(&c, 1, 100);	/* wrap counter wraps */
	EXPECT_EQ(c.wrap, 0);
	EXPECT_EQ(c.count, 0);
	c = C(1, 0);
	smc_cursor_add(&c, 250, 100);	/* more than the size: clamped */
	EXPECT_EQ(c.wrap, 2);
	EXPECT_EQ(c.count, 0);
}

TEST(cursor_diff)
{
	struct smc_cursor a = C(3, 10), b;

	b = C(3, 10);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 0);	/* empty */
	b = C(3, 60);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 50);
	b = C(4, 0);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 90);
	b = C(4, 5);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 95);
	b = C(4, 10);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 100);	/* full */
	b = C(4, 11);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), -ERANGE); /* > 1 buffer */
	b = C(3, 9);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), -ERANGE); /* behind */
	b = C(2, 50);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), -ERANGE); /* behind */
	b = C(5, 0);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), -ERANGE); /* 2 wraps */
	a = C(0xffff, 90);
	b = C(0, 20);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 30);	/* wrap 0xffff -> 0 */
	b = C(0xffff, 95);
	EXPECT_EQ(smc_cursor_diff(100, &a, &b), 5);
	/* a 512 MiB buffer, completely full */
	a = C(7, 0);
	b = C(8, 0);
	EXPECT_EQ(smc_cursor_diff(512U << 20, &a, &b), 512 << 20);
}

TEST(cursor_cmp)
{
	struct smc_cursor a = C(3, 10), b;

	b = C(3, 10);
	EXPECT_EQ(smc_cursor_cmp(&a, &b), 0);
	b = C(3, 11);
	EXPECT_LT(smc_cursor_cmp(&a, &b), 0);
	EXPECT_GT(smc_cursor_cmp(&b, &a), 0);
	b = C(4, 0);
	EXPECT_LT(smc_cursor_cmp(&a, &b), 0);
	b = C(2, 99);
	EXPECT_GT(smc_cursor_cmp(&a, &b), 0);
	a = C(0xffff, 50);
	b = C(0, 1);
	EXPECT_LT(smc_cursor_cmp(&a, &b), 0);	/* 0 is after 0xffff */
	EXPECT_GT(smc_cursor_cmp(&b, &a), 0);
	a = C(0, 0);
	b = C(0x7fff, 0);
	EXPECT_LT(smc_cursor_cmp(&a, &b), 0);
	b = C(0x8001, 0);
	EXPECT_GT(smc_cursor_cmp(&a, &b), 0);	/* more than half: behind */
	/* exactly half: some order, but the same both ways (found by fuzzing) */
	a = C(0x0100, 6);
	b = C(0x8100, 0);
	EXPECT_EQ(smc_cursor_cmp(&a, &b), -smc_cursor_cmp(&b, &a));
	EXPECT_NE(smc_cursor_cmp(&a, &b), 0);
}

TEST(cursor_readable_free)
{
	struct smc_cursor cons = C(1, 100), prod = C(1, 100);
	const u32 size = 1000;

	EXPECT_EQ(smc_cursor_readable(size, &cons, &prod), 0);
	EXPECT_EQ(smc_cursor_free(size, &cons, &prod), 1000);
	smc_cursor_add(&prod, 950, size);
	EXPECT_EQ(prod.wrap, 2);
	EXPECT_EQ(prod.count, 50);
	EXPECT_EQ(smc_cursor_readable(size, &cons, &prod), 950);
	EXPECT_EQ(smc_cursor_free(size, &cons, &prod), 50);
	smc_cursor_add(&prod, 50, size);
	EXPECT_EQ(smc_cursor_readable(size, &cons, &prod), 1000);
	EXPECT_EQ(smc_cursor_free(size, &cons, &prod), 0);
	smc_cursor_add(&cons, 1000, size);
	EXPECT_EQ(smc_cursor_readable(size, &cons, &prod), 0);
	EXPECT_EQ(smc_cursor_free(size, &cons, &prod), 1000);
	prod = C(0, 0);	/* inconsistent: producer behind consumer */
	EXPECT_EQ(smc_cursor_readable(size, &cons, &prod), -ERANGE);
	EXPECT_EQ(smc_cursor_free(size, &cons, &prod), -ERANGE);
}

TEST(cursor_valid)
{
	struct smc_cursor c = C(9, 99);

	EXPECT_TRUE(smc_cursor_valid(&c, 100));
	c.count = 100;
	EXPECT_FALSE(smc_cursor_valid(&c, 100));
	c.count = 0;
	EXPECT_FALSE(smc_cursor_valid(&c, 0));
}

/* a producer/consumer pair driven through many wraps stays consistent */
TEST(cursor_model)
{
	struct smc_cursor cons = C(0xfff0, 0), prod = C(0xfff0, 0);
	u64 seed = 0x1234567;
	const u32 size = 4096;
	u32 fill = 0, n;
	unsigned int i;

	for (i = 0; i < 100000; i++) {
		if (rnd_next(&seed) & 1) {
			n = rnd_below(&seed, size - fill + 1);
			smc_cursor_add(&prod, n, size);
			fill += n;
		} else {
			n = rnd_below(&seed, fill + 1);
			smc_cursor_add(&cons, n, size);
			fill -= n;
		}
		ASSERT_TRUE(smc_cursor_valid(&prod, size));
		ASSERT_TRUE(smc_cursor_valid(&cons, size));
		ASSERT_EQ(smc_cursor_readable(size, &cons, &prod), fill);
		ASSERT_EQ(smc_cursor_free(size, &cons, &prod), size - fill);
		ASSERT_LE(smc_cursor_cmp(&cons, &prod), 0);
	}
	/* the wrap counters went through 0xffff -> 0 */
	EXPECT_LT(prod.wrap, 0xfff0);
}

TEST(seq_before)
{
	EXPECT_TRUE(smc_seq_before(1, 2));
	EXPECT_FALSE(smc_seq_before(2, 1));
	EXPECT_FALSE(smc_seq_before(5, 5));
	EXPECT_TRUE(smc_seq_before(0xffff, 0));
	EXPECT_FALSE(smc_seq_before(0, 0xffff));
	EXPECT_TRUE(smc_seq_before(0xfff0, 0x0010));
	EXPECT_TRUE(smc_seq_before(0, 0x7fff));
	EXPECT_FALSE(smc_seq_before(0, 0x8001));
	/* exactly half apart: exactly one is before the other */
	EXPECT_NE(smc_seq_before(0, 0x8000), smc_seq_before(0x8000, 0));
	EXPECT_NE(smc_seq_before(0x1234, 0x9234),
		  smc_seq_before(0x9234, 0x1234));
}

/* antisymmetry and totality over the whole 16-bit space */
TEST(seq_before_exhaustive)
{
	unsigned int a, d;
	u16 b;

	for (a = 0; a < 0x10000; a += 0x101) {
		for (d = 0; d < 0x10000; d++) {
			b = (u16)(a + d);
			if (d == 0)
				ASSERT_FALSE(smc_seq_before((u16)a, b));
			else
				ASSERT_NE(smc_seq_before((u16)a, b),
					  smc_seq_before(b, (u16)a));
			if (d && d < 0x8000)
				ASSERT_TRUE(smc_seq_before((u16)a, b));
		}
	}
}

#define TXC(s, f, p, pf) ((struct smc_tx_cursors){ .sent = (s), .fin = (f), \
						   .prod = (p), .prod_fin = (pf) })

static void expect_cur(const struct smc_cursor *c, u16 wrap, u32 count)
{
	EXPECT_EQ(c->wrap, wrap);
	EXPECT_EQ(c->count, count);
}

TEST(cursor_failover_rewind)
{
	/* 300 bytes sent after the last completed CDC: all of it again */
	struct smc_tx_cursors c = TXC(C(2, 500), C(2, 200), C(7, 900),
				      C(7, 600));
	struct smc_cursor cons = C(7, 100);

	smc_cursor_failover(&c, &cons, 1000, 1000);
	expect_cur(&c.sent, 2, 200);
	expect_cur(&c.fin, 2, 200);
	expect_cur(&c.prod, 7, 600);
	expect_cur(&c.prod_fin, 7, 600);
	/* the peer consumed exactly up to the last completed CDC */
	c = TXC(C(2, 500), C(2, 200), C(7, 900), C(7, 600));
	cons = C(7, 600);
	smc_cursor_failover(&c, &cons, 1000, 1000);
	expect_cur(&c.sent, 2, 200);
	expect_cur(&c.prod, 7, 600);
}

TEST(cursor_failover_peer_ahead)
{
	/* the peer consumed 150 bytes past the last completed CDC: it got a
	 * CDC whose completion was lost; those bytes are not sent again
	 */
	struct smc_tx_cursors c = TXC(C(2, 500), C(2, 200), C(7, 900),
				      C(7, 600));
	struct smc_cursor cons = C(7, 750);

	smc_cursor_failover(&c, &cons, 1000, 1000);
	expect_cur(&c.sent, 2, 350);
	expect_cur(&c.fin, 2, 350);
	expect_cur(&c.prod, 7, 750);
	expect_cur(&c.prod_fin, 7, 750);
}

TEST(cursor_failover_wraps)
{
	/* both rings wrap on the way; buffers of different sizes */
	struct smc_tx_cursors c = TXC(C(4, 100), C(3, 900), C(9, 50),
				      C(8, 1900));
	struct smc_cursor cons = C(9, 20);	/* 120 past prod_fin */

	smc_cursor_failover(&c, &cons, 1000, 2000);
	expect_cur(&c.sent, 4, 20);
	expect_cur(&c.fin, 4, 20);
	expect_cur(&c.prod, 9, 20);
	expect_cur(&c.prod_fin, 9, 20);
	/* a wrap counter that wraps */
	c = TXC(C(0, 100), C(0xffff, 950), C(0, 40), C(0xffff, 990));
	cons = C(0, 10);			/* 20 past prod_fin */
	smc_cursor_failover(&c, &cons, 1000, 1000);
	expect_cur(&c.sent, 0xffff, 970);
	expect_cur(&c.prod, 0, 10);
}

TEST(cursor_failover_no_peer_rmbe)
{
	/* no RMBE known yet: plain rewind, the consumer cursor is ignored */
	struct smc_tx_cursors c = TXC(C(0, 0), C(0, 0), C(0, 0), C(0, 0));
	struct smc_cursor cons = C(0, 5);

	smc_cursor_failover(&c, &cons, 1000, 0);
	expect_cur(&c.sent, 0, 0);
	expect_cur(&c.prod, 0, 0);
}
