// SPDX-License-Identifier: GPL-2.0
/*
 * objcount.c - live object counters and the af_smc debugfs directory.
 *
 * <debugfs>/af_smc/objects  "<object> <live count>" per object type
 * <debugfs>/af_smc/sockets  one line per AF_SMC socket (smc_sock_seq_show())
 * Other files in the directory belong to the code that creates them
 * (smc_debugfs_root()).
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/atomic.h>
#include <linux/build_bug.h>
#include <linux/debugfs.h>
#include <linux/nsproxy.h>
#include <linux/seq_file.h>

#include "objcount.h"
#include "smc.h"
#include "netns.h"

static atomic_long_t smc_obj_live[SMC_OBJ_MAX];

static const char * const smc_obj_names[] = {
	[SMC_OBJ_SOCK]		= "smc_sock",
	[SMC_OBJ_CLCSOCK]	= "clcsock",
	[SMC_OBJ_PNET]		= "pnet_entry",
	[SMC_OBJ_IB_DEVICE]	= "smc_ib_device",
	[SMC_OBJ_LINK]		= "link",
	[SMC_OBJ_MR]		= "buf_reg",
	[SMC_OBJ_LGR]		= "link_group",
	[SMC_OBJ_CONN]		= "connection",
	[SMC_OBJ_BUF]		= "buffer",
	[SMC_OBJ_CHARGED_PAGE]	= "charged_page",
};

static_assert(ARRAY_SIZE(smc_obj_names) == SMC_OBJ_MAX);

static struct dentry *smc_debugfs_dir;

void smc_obj_inc(enum smc_obj obj)
{
	atomic_long_inc(&smc_obj_live[obj]);
}

void smc_obj_dec(enum smc_obj obj)
{
	WARN_ON_ONCE(atomic_long_dec_return(&smc_obj_live[obj]) < 0);
}

void smc_obj_add(enum smc_obj obj, long n)
{
	atomic_long_add(n, &smc_obj_live[obj]);
}

void smc_obj_sub(enum smc_obj obj, long n)
{
	WARN_ON_ONCE(atomic_long_sub_return(n, &smc_obj_live[obj]) < 0);
}

/**
 * smc_obj_leak_check() - report objects still alive at module unload
 *
 * Return: true if every counter is zero.
 */
bool smc_obj_leak_check(void)
{
	bool clean = true;
	int i;

	for (i = 0; i < SMC_OBJ_MAX; i++) {
		long n = atomic_long_read(&smc_obj_live[i]);

		if (n) {
			pr_err("leak: %ld %s object(s) still allocated\n",
			       n, smc_obj_names[i]);
			clean = false;
		}
	}
	return clean;
}

static int smc_objects_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < SMC_OBJ_MAX; i++)
		seq_printf(m, "%s %ld\n", smc_obj_names[i],
			   atomic_long_read(&smc_obj_live[i]));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_objects);

static int smc_sockets_show(struct seq_file *m, void *v)
{
	smc_sock_seq_show(m);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_sockets);

/* the counters of the reading process's network namespace */
static int smc_netstat_show(struct seq_file *m, void *v)
{
	smc_net_show(m, current->nsproxy->net_ns);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(smc_netstat);

int smc_debugfs_init(void)
{
	/* debugfs is optional: without it only the unload check remains */
	smc_debugfs_dir = debugfs_create_dir(KBUILD_MODNAME, NULL);
	debugfs_create_file("objects", 0444, smc_debugfs_dir, NULL,
			    &smc_objects_fops);
	debugfs_create_file("sockets", 0400, smc_debugfs_dir, NULL,
			    &smc_sockets_fops);
	debugfs_create_file("netstat", 0444, smc_debugfs_dir, NULL,
			    &smc_netstat_fops);
	return 0;
}

/**
 * smc_debugfs_root() - the af_smc debugfs directory, for other files in it
 *
 * Return: the directory's dentry (an error pointer without debugfs, which
 * debugfs_create_*() accept).
 */
struct dentry *smc_debugfs_root(void)
{
	return smc_debugfs_dir;
}

void smc_debugfs_uninit(void)
{
	debugfs_remove_recursive(smc_debugfs_dir);
	smc_debugfs_dir = NULL;
}
