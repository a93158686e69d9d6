/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fuzz_check.h - helpers shared by the fuzz targets.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_FUZZ_CHECK_H
#define _AF_SMC_FUZZ_CHECK_H

#include <stdio.h>
#include <stdlib.h>

/* a violated property is a crash, so that libFuzzer saves the input */
#define FUZZ_CHECK(cond)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			abort();					\
		}							\
	} while (0)

static inline int fuzz_all_zero(const void *p, size_t n)
{
	const unsigned char *b = p;

	while (n--)
		if (*b++)
			return 0;
	return 1;
}

#endif /* _AF_SMC_FUZZ_CHECK_H */
