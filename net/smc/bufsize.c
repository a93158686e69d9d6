// SPDX-License-Identifier: GPL-2.0
/*
 * bufsize.c - the 4-bit compressed buffer size of CLC ACCEPT/CONFIRM.
 *
 * A compressed size c stands for SMC_BUFSIZE_MIN << c bytes.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include "bufsize.h"

/**
 * smc_bufsize_compress() - compressed size for a buffer of a given size
 * @size: requested size in bytes
 * @max_comp: largest compressed value the caller may use (at most
 *	%SMC_BUFSIZE_COMP_MAX; larger values are treated as that)
 *
 * Rounds @size up to the next size class: sizes up to %SMC_BUFSIZE_MIN give
 * 0, each doubling adds one. The result is capped at @max_comp.
 *
 * Return: the compressed size, 0 .. @max_comp.
 */
u8 smc_bufsize_compress(u32 size, u8 max_comp)
{
	u32 units;
	u8 comp = 0;

	if (max_comp > SMC_BUFSIZE_COMP_MAX)
		max_comp = SMC_BUFSIZE_COMP_MAX;
	if (size <= SMC_BUFSIZE_MIN)
		return 0;
	/* number of bits needed for the count of whole 16 KiB units below */
	units = (size - 1) / SMC_BUFSIZE_MIN;
	while (units) {
		comp++;
		units >>= 1;
	}
	return comp < max_comp ? comp : max_comp;
}

/**
 * smc_bufsize_expand() - buffer size for a compressed size
 * @comp: compressed size as received from the peer
 *
 * Return: the size in bytes, or 0 if @comp does not fit in 4 bits.
 */
u32 smc_bufsize_expand(u8 comp)
{
	if (comp > SMC_BUFSIZE_COMP_MAX)
		return 0;
	return SMC_BUFSIZE_MIN << comp;
}
