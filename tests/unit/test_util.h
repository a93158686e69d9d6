/* SPDX-License-Identifier: GPL-2.0 */
/*
 * test_util.h - helpers shared by the codec tests.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_TEST_UTIL_H
#define _AF_SMC_TEST_UTIL_H

#include <stdlib.h>
#include "wire_types.h"

/*
 * A heap copy of exactly @n bytes, so that AddressSanitizer reports any
 * read past the end (malloc(0) gives a block with no valid byte).
 */
static inline u8 *dup_exact(const void *p, size_t n)
{
	u8 *q = malloc(n);

	if (n)
		memcpy(q, p, n);
	return q;
}

/* deterministic pseudo-random numbers (xorshift64) */
static inline u64 rnd_next(u64 *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static inline u32 rnd_below(u64 *s, u32 n)
{
	return (u32)(rnd_next(s) % n);
}

static inline void rnd_fill(u64 *s, void *p, size_t n)
{
	u8 *b = p;

	while (n--)
		*b++ = (u8)rnd_next(s);
}

#endif /* _AF_SMC_TEST_UTIL_H */
