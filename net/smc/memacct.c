// SPDX-License-Identifier: GPL-2.0
/*
 * memacct.c - buffer memory of SMC-R connections, charged to their sockets.
 *
 * An SMC-R connection holds two buffers from its link group for as long as
 * it lives: the send buffer and the RMB element the peer writes into. They
 * are the socket's memory in the same sense as TCP's queues, so they are
 * charged the way the core charges socket memory: to the protocol's
 * counter (the "memory" column of /proc/net/protocols for SMC and SMC6,
 * in pages) and, when the socket belongs to a memory cgroup, to that
 * cgroup's "sock" memory. The charge is taken once the connection has its
 * buffers (smcr_setup.c) and dropped when it gives them back (lgr.c).
 *
 * Limits work as for TCP: above the hard limit (or when the cgroup refuses
 * the charge) a new connection does not get SMC-R; it declines with
 * SMC_CLC_DECL_MEM and runs over TCP. A connection that has its buffers
 * keeps them, whatever happens to the limits later.
 *
 * Free buffers a link group keeps for reuse belong to no socket and are
 * not charged; <debugfs>/af_smc/linkgroups lists them.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/memcontrol.h>
#include <linux/mm.h>
#include <linux/moduleparam.h>
#include <linux/swap.h>
#include <net/sock.h>

#include "memacct.h"
#include "objcount.h"
#include "smc.h"

atomic_long_t smc_memory_allocated;
DEFINE_PER_CPU(int, smc_memory_fw_alloc);
/* In pages, like tcp_mem: no pressure below [0], pressure above [1],
 * refusal above [2]. Global, as the protocol counter is; the per-CPU
 * reserve of the core lets the counter lag by up to 1 MiB per CPU.
 */
long smc_mem_limits[3];
module_param_array_named(mem_limits, smc_mem_limits, long, NULL, 0644);
MODULE_PARM_DESC(mem_limits,
		 "buffer memory of SMC-R sockets, in pages: low,pressure,high (default from RAM, as tcp_mem)");
/* The per-socket minimum the core grants even under pressure. SMC sockets
 * keep no skbs, so the minimum never applies; the values only have to exist.
 */
int smc_mem_rmem[3] = { 4096, 131072, 6291456 };
int smc_mem_wmem[3] = { 4096, 16384, 4194304 };

/**
 * smc_mem_init() - set the limits from the memory of the machine
 *
 * The same proportions as TCP's defaults: the hard limit is 3/32 of the
 * pages that may hold buffers, pressure starts at 2/3 of it. Limits given
 * at load time (mem_limits=) are kept.
 */
void smc_mem_init(void)
{
	unsigned long limit = nr_free_buffer_pages() / 16;

	if (smc_mem_limits[2])
		return;		/* given at load time */
	limit = max(limit, 128UL);
	smc_mem_limits[0] = limit / 4 * 3;
	smc_mem_limits[1] = limit;
	smc_mem_limits[2] = smc_mem_limits[0] * 2;
}

/**
 * smc_mem_charge() - charge a connection's buffers to its socket
 * @smc: the socket; its connection has no charge yet
 * @bytes: the send buffer's and the RMB element's size together
 *
 * Context: process context; the connection is being set up, so nothing
 * else touches the socket's forward allocation.
 * Return: 0, or -ENOBUFS if a limit refuses the charge.
 */
int smc_mem_charge(struct smc_sock *smc, u32 bytes)
{
	struct sock *sk = &smc->sk;
	int size = PAGE_ALIGN(bytes);

	if (WARN_ON_ONCE(smc->conn.mem_charged))
		return -EINVAL;
	/* the core adds the pages to the forward allocation ... */
	if (!__sk_mem_schedule(sk, size, SK_MEM_RECV))
		return -ENOBUFS;
	/* ... which the buffers use up at once */
	sk_forward_alloc_add(sk, -size);
	smc->conn.mem_charged = size;
	smc_obj_add(SMC_OBJ_CHARGED_PAGE, size >> PAGE_SHIFT);
	return 0;
}

/**
 * smc_mem_uncharge() - the connection gave its buffers back
 * @smc: the socket
 *
 * Safe on a connection that was never charged.
 */
void smc_mem_uncharge(struct smc_sock *smc)
{
	struct sock *sk = &smc->sk;
	int size = smc->conn.mem_charged;

	if (!size)
		return;
	smc->conn.mem_charged = 0;
	sk_forward_alloc_add(sk, size);
	__sk_mem_reclaim(sk, size);
	smc_obj_sub(SMC_OBJ_CHARGED_PAGE, size >> PAGE_SHIFT);
}

/**
 * smc_mem_inherit_memcg() - a passive socket belongs to its listener's cgroup
 * @child: the new socket of an incoming connection
 * @parent: the listening socket
 *
 * The child is allocated by a kernel worker, whose cgroup is the root, so
 * it starts without a memory cgroup. TCP associates its children with the
 * cgroup of the task that accepts them; ours may be set up before accept()
 * is called, so they take the cgroup of the task that created the listener.
 */
void smc_mem_inherit_memcg(struct sock *child, const struct sock *parent)
{
#ifdef CONFIG_MEMCG
	struct mem_cgroup *memcg = parent->sk_memcg;

	if (!mem_cgroup_sockets_enabled || !memcg || child->sk_memcg)
		return;
	css_get(&memcg->css);
	child->sk_memcg = memcg;
#endif
}
