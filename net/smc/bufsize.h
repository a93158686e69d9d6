/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bufsize.h - the 4-bit compressed buffer size of CLC ACCEPT/CONFIRM.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_BUFSIZE_H
#define _AF_SMC_BUFSIZE_H

#include "wire_types.h"

/* Smallest RMB/send buffer: compressed value 0. */
#define SMC_BUFSIZE_MIN		16384U
/* Largest compressed value Linux >= 6.11 advertises (512 MiB). */
#define SMC_BUFSIZE_COMP_MAX	15
/* Largest value older peers (and the RFC text) accept (512 KiB). */
#define SMC_BUFSIZE_COMP_MAX_V1	5

u8 smc_bufsize_compress(u32 size, u8 max_comp);
u32 smc_bufsize_expand(u8 comp);

#endif /* _AF_SMC_BUFSIZE_H */
