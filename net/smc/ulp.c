// SPDX-License-Identifier: GPL-2.0
/*
 * ulp.c - setsockopt(TCP_ULP, "smc") fails with EOPNOTSUPP.
 *
 * Older Linux kernels let an application turn an unconnected TCP socket
 * into an SMC socket with the TCP upper layer protocol "smc". That
 * mechanism swapped the file's socket under the running process and was
 * removed upstream as unfixable (CVE-2026-46330). We do not offer it:
 * while af_smc is loaded, the name "smc" is registered as a ULP whose init
 * refuses every socket, so the request fails cleanly with EOPNOTSUPP
 * instead of ENOENT or of the kernel loading another implementation for
 * it. IPPROTO_SMC (inet_proto.c), net.smc.tcp2smc (tcp2smc.c) and
 * smc_run are the ways to get SMC without changing the address family.
 * On AF_SMC sockets, TCP_ULP of any name fails with EOPNOTSUPP too
 * (smc_fback_setsockopt()).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/module.h>
#include <net/tcp.h>

#include "ulp.h"

static int smc_ulp_refuse(struct sock *sk)
{
	return -EOPNOTSUPP;
}

static struct tcp_ulp_ops smc_ulp_ops = {
	.name	= "smc",
	.owner	= THIS_MODULE,
	.init	= smc_ulp_refuse,
};

int smc_ulp_init(void)
{
	return tcp_register_ulp(&smc_ulp_ops);
}

void smc_ulp_uninit(void)
{
	tcp_unregister_ulp(&smc_ulp_ops);
}
