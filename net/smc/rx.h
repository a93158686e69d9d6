/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rx.h - the receiving side of SMC-R connections.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_RX_H
#define _AF_SMC_RX_H

#include <linux/poll.h>
#include <linux/types.h>

struct msghdr;
struct pipe_inode_info;
struct smc_conn;
struct smc_sock;

/**
 * enum smc_rx_urg_state - the peer's urgent byte (conn->rx_urg_state)
 * @SMC_RX_URG_NONE: no urgent mark ahead of the reader
 * @SMC_RX_URG_VALID: an urgent byte arrived and was not read out of band
 * @SMC_RX_URG_READ: it was read out of band; the mark is still ahead
 */
enum smc_rx_urg_state {
	SMC_RX_URG_NONE,
	SMC_RX_URG_VALID,
	SMC_RX_URG_READ,
};

int smc_rx_recvmsg(struct smc_sock *smc, struct msghdr *msg, size_t len,
		   int flags);
ssize_t smc_rx_splice_read(struct smc_sock *smc, struct pipe_inode_info *pipe,
			   size_t len, bool nonblock);
__poll_t smc_rx_poll(struct smc_sock *smc);
int smc_rx_ioctl(struct smc_sock *smc, unsigned int cmd, int __user *arg);
bool smc_rx_cons_update_needed_locked(const struct smc_conn *conn);
void smc_rx_urg_arrived_locked(struct smc_sock *smc);
u32 smc_rx_readable(const struct smc_conn *conn);

#endif /* _AF_SMC_RX_H */
