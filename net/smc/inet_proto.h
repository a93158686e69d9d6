/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inet_proto.h - IPPROTO_SMC: SMC sockets under AF_INET and AF_INET6.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_INET_PROTO_H
#define _AF_SMC_INET_PROTO_H

#include <linux/in.h>

/* upstream's number (Linux 6.11 uapi); older headers lack it */
#ifndef IPPROTO_SMC
#define IPPROTO_SMC 256
#endif

int smc_inet_init(void);
void smc_inet_uninit(void);

#endif /* _AF_SMC_INET_PROTO_H */
