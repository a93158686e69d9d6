/* SPDX-License-Identifier: GPL-2.0 */
/* clc.h - CLC messages on the internal TCP socket.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_CLC_H
#define _AF_SMC_CLC_H

#include <linux/jiffies.h>
#include "clc_wire.h"

struct socket;

/* how long a peer may take with its next CLC message */
#define SMC_CLC_WAIT_TIME	(6 * HZ)

int smc_clc_recv(struct socket *clc, u8 *buf, size_t buflen, u8 expected,
		 long timeo, struct smc_clc_hdr *hdr);
int smc_clc_send(struct socket *clc, const u8 *buf, size_t len);
int smc_clc_send_decline(struct socket *clc, u32 diag, u8 version);

#endif /* _AF_SMC_CLC_H */
