/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smc.h - the AF_SMC socket.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_SMC_H
#define _AF_SMC_SMC_H

#include <linux/list.h>
#include <linux/seq_file.h>
#include <net/sock.h>
#include <uapi/linux/af_smc.h>

/**
 * struct smc_sock - an AF_SMC socket
 * @sk: the socket as the socket layer sees it; must stay first
 * @clcsock: the internal kernel TCP socket of the same IP family. It carries
 *	the CLC handshake and, in fallback mode, all of the application's data.
 * @clc_error_report: the TCP socket's sk_error_report before we hooked it
 * @err_mirrored: the TCP error last copied into @sk's sk_err (see
 *	smc_fback_sync_err())
 * @use_fallback: the connection runs over plain TCP on @clcsock
 * @fallback_rsn: why (an SMC_CLC_DECL_* code), valid when @use_fallback
 * @peer_diagnosis: the code of a DECLINE received from the peer, or 0
 * @node: entry in the owning namespace's socket list (struct smc_net)
 */
struct smc_sock {
	struct sock sk;
	struct socket *clcsock;
	void (*clc_error_report)(struct sock *sk);
	int err_mirrored;
	bool use_fallback;
	u32 fallback_rsn;
	u32 peer_diagnosis;
	struct list_head node;
};

static inline struct smc_sock *smc_sk(const struct sock *sk)
{
	return container_of(sk, struct smc_sock, sk);
}

/* af_smc.c */
extern const struct net_proto_family smc_family_ops;
int smc_proto_init(void);
void smc_proto_uninit(void);
void smc_sock_seq_show(struct seq_file *m);

#endif /* _AF_SMC_SMC_H */
