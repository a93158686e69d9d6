// SPDX-License-Identifier: GPL-2.0
/*
 * tcp2smc.c - net.smc.tcp2smc: while it is 1 in a network namespace, every
 * TCP socket that user space creates there is an IPPROTO_SMC socket.
 *
 * Stock kernels have no hook that lets a module choose the protocol of a
 * new socket. The least fragile place we found is the entry of
 * __sock_create(net, family, type, protocol, res, kern): it is exported,
 * every socket of every origin passes through it (socket(2), io_uring,
 * kernel users), and it takes family, type and protocol as plain integer
 * arguments before anything has looked at them (LSM hooks included). A
 * kprobe on its first instruction (an ftrace-based kprobe on kernels with
 * CONFIG_KPROBES_ON_FTRACE; ftrace_regs_caller and the int3 path both load
 * the argument registers back from pt_regs) rewrites the protocol argument
 * from 0 or IPPROTO_TCP to IPPROTO_SMC when
 *
 *   - kern is 0 (a user-space socket; kernel-internal sockets are never
 *     touched),
 *   - family is AF_INET or AF_INET6 and type is SOCK_STREAM (the syscall
 *     has stripped SOCK_NONBLOCK/SOCK_CLOEXEC before),
 *   - net.smc.tcp2smc is 1 in @net,
 *   - the caller is not af_smc itself (our clcsocks are user sockets too
 *     and must stay TCP; the caller is the return address on the stack at
 *     the probe).
 *
 * inet_create() then builds an SMC socket with inet_proto.c's protosw, so
 * the application still sees an AF_INET/AF_INET6 socket. Alternatives we
 * rejected: a kprobe on inet_create()/inet6_create() (two static functions
 * whose names and inlining may change, and LSMs would have seen TCP), a
 * kprobe on sock_create() (it can be inlined into the syscall), fmod_ret
 * BPF (__sock_create is not an error-injection point), LSM hooks (cannot
 * change the protocol), and patching the system call table (not possible
 * from a module on these kernels, and fragile).
 *
 * Limits: x86-64 only (the argument registers are rewritten by name);
 * needs CONFIG_KPROBES (Debian has it); getsockopt(SO_PROTOCOL) reports
 * IPPROTO_SMC; a socket created while the module is being removed may fail
 * with an error instead of becoming TCP. If the kprobe cannot be installed
 * at load time, the module still loads but writing 1 to the sysctl fails
 * with EOPNOTSUPP, so nobody believes tcp2smc is on when it is not; every
 * write of 1 also runs smc_tcp2smc_selftest(), which must see the probe
 * turn a TCP socket into an SMC socket, else the write fails the same way.
 * Unloading the module removes the probe first; sockets already created
 * keep the module loaded until they are closed, as any SMC socket does.
 *
 * The sysctl is a row of sysctl.c's net.smc table, whose write handler
 * (smc_tcp2smc_sysctl()) lives here; its value is struct smc_sysctl's
 * tcp2smc.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/in.h>
#include <linux/kprobes.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/nsproxy.h>
#include <linux/net.h>
#include <linux/socket.h>
#include <linux/sysctl.h>
#include <net/net_namespace.h>
#include <net/sock.h>

#include "inet_proto.h"
#include "netns.h"
#include "tcp2smc.h"

static bool smc_tcp2smc_armed __read_mostly;
/* the socket of smc_tcp2smc_selftest(), recognised by its address */
static struct socket *smc_tcp2smc_probe_sock;

#ifdef CONFIG_X86_64
static int smc_tcp2smc_pre(struct kprobe *kp, struct pt_regs *regs)
{
	struct net *net = (struct net *)regs->di;
	int family = (int)regs->si, type = (int)regs->dx;
	int protocol = (int)regs->cx, kern = (int)regs->r9;
	struct smc_net *sn;
	bool on;

	if ((struct socket **)regs->r8 == &smc_tcp2smc_probe_sock) {
		regs->cx = IPPROTO_SMC;		/* smc_tcp2smc_selftest() */
		return 0;
	}
	if (kern || type != SOCK_STREAM ||
	    (family != AF_INET && family != AF_INET6) ||
	    (protocol != 0 && protocol != IPPROTO_TCP))
		return 0;
	rcu_read_lock();
	sn = smc_net(net);
	on = sn && READ_ONCE(sn->sysctl.tcp2smc);
	rcu_read_unlock();
	if (!on)
		return 0;
	/* our own clcsocks are TCP */
	if (within_module(regs_get_kernel_stack_nth(regs, 0), THIS_MODULE))
		return 0;
	regs->cx = IPPROTO_SMC;
	return 0;
}

static struct kprobe smc_tcp2smc_kp = {
	.symbol_name	= "__sock_create",
	.pre_handler	= smc_tcp2smc_pre,
};

static int smc_tcp2smc_arm(void)
{
	return register_kprobe(&smc_tcp2smc_kp);
}

static void smc_tcp2smc_disarm(void)
{
	unregister_kprobe(&smc_tcp2smc_kp);
}
#else
static int smc_tcp2smc_arm(void)
{
	return -EOPNOTSUPP;
}

static void smc_tcp2smc_disarm(void)
{
}
#endif

/* serialises the users of smc_tcp2smc_probe_sock */
static DEFINE_MUTEX(smc_tcp2smc_selftest_lock);

/**
 * smc_tcp2smc_selftest() - does the probe rewrite sockets right now?
 * @net: the namespace to create the test socket in
 *
 * Creates a kernel TCP socket that the probe recognises by its result
 * pointer and must turn into an IPPROTO_SMC socket. This catches a probe
 * that is registered but does not fire (kprobes disabled globally through
 * debugfs, an optimisation gone wrong) or whose register change does not
 * reach the function.
 *
 * Return: 0 if the socket came out as IPPROTO_SMC, else -EOPNOTSUPP.
 */
static int smc_tcp2smc_selftest(struct net *net)
{
	int rc, proto = -1;

	mutex_lock(&smc_tcp2smc_selftest_lock);
	rc = __sock_create(net, AF_INET, SOCK_STREAM, IPPROTO_TCP,
			   &smc_tcp2smc_probe_sock, 1);
	if (!rc) {
		proto = smc_tcp2smc_probe_sock->sk->sk_protocol;
		sock_release(smc_tcp2smc_probe_sock);
		smc_tcp2smc_probe_sock = NULL;
	}
	mutex_unlock(&smc_tcp2smc_selftest_lock);
	if (proto == IPPROTO_SMC)
		return 0;
	pr_warn_ratelimited("net.smc.tcp2smc: the __sock_create probe does not work (%d, protocol %d), cannot turn it on\n",
			    rc, proto);
	return -EOPNOTSUPP;
}

/**
 * smc_tcp2smc_sysctl() - write handler of net.smc.tcp2smc
 * @table: its row of the namespace's net.smc table
 * @write: a write, not a read
 * @buffer: the user's text
 * @lenp: its length
 * @ppos: the file position
 *
 * Takes 0 or 1 like proc_dointvec_minmax(); 1 only when the probe is
 * installed and smc_tcp2smc_selftest() sees it work, else EOPNOTSUPP.
 *
 * Return: 0 or a negative errno.
 */
int smc_tcp2smc_sysctl(SMC_CTL_TABLE_CONST struct ctl_table *table,
		       int write, void *buffer, size_t *lenp, loff_t *ppos)
{
	struct ctl_table tmp = *table;
	int val = READ_ONCE(*(int *)table->data);
	int rc;

	tmp.data = &val;
	rc = proc_dointvec_minmax(&tmp, write, buffer, lenp, ppos);
	if (rc || !write)
		return rc;
	if (val && !smc_tcp2smc_armed) {
		pr_warn_ratelimited("net.smc.tcp2smc: the __sock_create probe is not installed, cannot turn it on\n");
		return -EOPNOTSUPP;
	}
	if (val) {
		rc = smc_tcp2smc_selftest(current->nsproxy->net_ns);
		if (rc)
			return rc;
	}
	WRITE_ONCE(*(int *)table->data, val);
	return 0;
}

int smc_tcp2smc_init(void)
{
	int rc;

	rc = smc_tcp2smc_arm();
	if (rc)
		pr_warn("net.smc.tcp2smc unavailable: cannot probe __sock_create (%d)\n",
			rc);
	else
		smc_tcp2smc_armed = true;
	return 0;
}

void smc_tcp2smc_uninit(void)
{
	/* no socket is rewritten once this returns (it waits for handlers) */
	if (smc_tcp2smc_armed)
		smc_tcp2smc_disarm();
	smc_tcp2smc_armed = false;
}
