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
#include <linux/workqueue.h>
#include <net/inet_sock.h>
#include <net/sock.h>
#include <uapi/linux/af_smc.h>

#include "conn.h"

/* where an AF_SMC socket stands in setting up its connection */
enum smc_hs_state {
	SMC_HS_NONE,		/* no connection attempt yet */
	SMC_HS_CONNECTING,	/* TCP connect or CLC handshake in progress */
	SMC_HS_DONE,		/* decided: fallback (or, later, SMC-R) */
};

/**
 * struct smc_sock - an AF_SMC socket
 * @sk: the socket as the socket layer sees it; must stay first
 * @inet: room for the inet_sock that inet_create() fills in when the socket
 *	is made by socket(AF_INET or AF_INET6, SOCK_STREAM, IPPROTO_SMC)
 *	(inet_proto.c); unused by an AF_SMC socket
 * @clcsock: the internal kernel TCP socket of the same IP family. It carries
 *	the CLC handshake and, in fallback mode, all of the application's data.
 * @clc_hooks: SMC_CLC_HOOK_* callbacks installed on @clcsock (clcsock.c)
 * @clc_error_report: the TCP socket's own sk_error_report
 * @clc_state_change: the TCP socket's own sk_state_change
 * @clc_data_ready: the TCP socket's own sk_data_ready
 * @err_mirrored: the TCP error last copied into @sk's sk_err (see
 *	smc_fback_sync_err())
 * @hs_state: enum smc_hs_state; written under the sock lock, read anywhere
 * @hs_err: the error that ended the handshake, or 0
 * @hs_kicked: the connect handshake work has been queued
 * @hs_work: client: the CLC handshake after TCP connected; server child:
 *	the CLC handshake before accept() may hand it out
 * @use_fallback: the connection runs over plain TCP on @clcsock
 * @fallback_rsn: why (an SMC_CLC_DECL_* code), valid when @use_fallback
 * @peer_diagnosis: the code of a DECLINE received from the peer, or 0
 * @limit_hs: SOL_SMC/SMC_LIMIT_HS: listen() makes a listener that answers
 *	SYNs without the SMC option while handshakes are congested; starts
 *	as the namespace's net.smc.limit_smc_hs
 * @listen_work: listener: accepts TCP connections from @clcsock
 * @accept_q: listener: its children in TCP's accept order, handshaking or
 *	ready for accept()
 * @accept_q_len: listener: children in @accept_q whose handshake is done
 * @hs_pending: listener: children whose handshake is running
 * @listener: child: the listening socket, referenced until accept()
 * @accept_node: child: entry in the listener's @accept_q
 * @node: entry in the list of all AF_SMC sockets (af_smc.c)
 * @conn: SMC-R state; @conn.lgr is set once the handshake chose SMC-R
 *
 * Lock order: a listener's sock lock before a child's; our sock lock
 * before the clcsock's; see Documentation/architecture.rst. SMC-R: our
 * sock lock before @conn.lock before a link's tx_lock (conn.h).
 */
struct smc_sock {
	union {
		struct sock sk;
		struct inet_sock inet;
	};
	struct socket *clcsock;
	unsigned int clc_hooks;
	void (*clc_error_report)(struct sock *sk);
	void (*clc_state_change)(struct sock *sk);
	void (*clc_data_ready)(struct sock *sk);
	int err_mirrored;
	u8 hs_state;
	int hs_err;
	unsigned long hs_kicked;
	struct work_struct hs_work;
	bool use_fallback;
	u32 fallback_rsn;
	u32 peer_diagnosis;
	bool limit_hs;
	struct work_struct listen_work;
	struct list_head accept_q;
	unsigned int accept_q_len;
	unsigned int hs_pending;
	struct smc_sock *listener;
	struct list_head accept_node;
	struct list_head node;
	struct smc_conn conn;
};

static inline struct smc_sock *smc_sk(const struct sock *sk)
{
	return container_of(sk, struct smc_sock, sk);
}

/**
 * smc_sock_smcr() - does the socket run an SMC-R connection?
 * @smc: the socket
 *
 * True from smc_conn_start() on, once the handshake is marked done; stays
 * true after the connection closed, until the socket is freed.
 *
 * Return: true in SMC-R mode.
 */
static inline bool smc_sock_smcr(const struct smc_sock *smc)
{
	return READ_ONCE(smc->hs_state) == SMC_HS_DONE && !smc->use_fallback &&
	       smc->conn.started;
}

/* af_smc.c */
extern const struct net_proto_family smc_family_ops;
int smc_proto_init(void);
void smc_proto_uninit(void);
void smc_sock_seq_show(struct seq_file *m);
unsigned long smc_sock_for_each(unsigned long pos,
				int (*fn)(struct smc_sock *smc, void *arg),
				void *arg);
struct smc_sock *smc_sock_alloc(struct net *net, struct socket *sock,
				int protocol, bool kern);
struct smc_sock *smc_sock_alloc_child(const struct sock *lsk);
int smc_sock_inet_init(struct sock *sk);
void smc_sock_inet_destroy(struct sock *sk);
const struct proto_ops *smc_inet_sock_ops(int family);

/* inet_proto.c */
void smc_inet_sock_prepare(struct sock *sk);
void smc_sock_graft(struct smc_sock *smc, struct socket *sock);
void smc_sock_drop(struct smc_sock *smc, bool in_hs_work);
void smc_clcsock_adopt(struct smc_sock *smc, struct socket *clcsock);
void smc_clcsock_release(struct smc_sock *smc, bool in_hs_work);

#endif /* _AF_SMC_SMC_H */
