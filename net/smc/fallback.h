/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fallback.h - AF_SMC sockets that run over their internal TCP socket.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#ifndef _AF_SMC_FALLBACK_H
#define _AF_SMC_FALLBACK_H

#include <linux/net.h>
#include <linux/poll.h>

struct smc_sock;

void smc_fback_set_reason(struct smc_sock *smc, u32 reason);
void smc_fback_sync_opts(struct smc_sock *smc);
void smc_fback_inherit_opts(struct smc_sock *smc);
void smc_fback_release_cb(struct sock *sk);
void smc_fback_sync_err(struct smc_sock *smc);
void smc_fback_sync_state(struct smc_sock *smc);
struct socket *smc_fback_clc(struct socket *sock);

int smc_fback_bind(struct socket *sock, struct sockaddr *addr, int len);
int smc_fback_getname(struct socket *sock, struct sockaddr *addr, int peer);
__poll_t smc_fback_poll(struct file *file, struct socket *sock,
			poll_table *wait);
int smc_fback_ioctl(struct socket *sock, unsigned int cmd, unsigned long arg);
int smc_fback_compat_ioctl(struct socket *sock, unsigned int cmd,
			   unsigned long arg);
int smc_fback_gettstamp(struct socket *sock, void __user *userstamp,
			bool timeval, bool time32);
int smc_fback_shutdown(struct socket *sock, int how);
int smc_fback_setsockopt(struct socket *sock, int level, int optname,
			 sockptr_t optval, unsigned int optlen);
int smc_fback_getsockopt(struct socket *sock, int level, int optname,
			 char __user *optval, int __user *optlen);
int smc_fback_sendmsg(struct socket *sock, struct msghdr *msg, size_t len);
int smc_fback_recvmsg(struct socket *sock, struct msghdr *msg, size_t len,
		      int flags);
int smc_fback_mmap(struct file *file, struct socket *sock,
		   struct vm_area_struct *vma);
ssize_t smc_fback_splice_read(struct socket *sock, loff_t *ppos,
			      struct pipe_inode_info *pipe, size_t len,
			      unsigned int flags);
int smc_fback_set_rcvlowat(struct sock *sk, int val);
void smc_fback_keepalive(struct sock *sk, int valbool);
#ifdef COMPAT_HAVE_SENDPAGE
ssize_t smc_fback_sendpage(struct socket *sock, struct page *page,
			   int offset, size_t size, int flags);
#endif
#ifdef COMPAT_HAVE_SPLICE_EOF
void smc_fback_splice_eof(struct socket *sock);
#endif
int smc_fback_set_peek_off(struct sock *sk, int val);

#endif /* _AF_SMC_FALLBACK_H */
