// SPDX-License-Identifier: GPL-2.0
/*
 * eid.c - the user EID table and the host name of SMCv2 handshakes.
 *
 * The table holds at most SMC_MAX_UEID entries in the order they were
 * added; it lives in static storage and is changed through netlink
 * (netlink.c) and read by the CLC handshake. smc_eid_lock is a leaf lock,
 * taken with bottom halves disabled so that the handshake may read the
 * table from any context but hard interrupts.
 *
 * Copyright (C) 2026 The af_smc authors
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/spinlock.h>
#include <linux/string.h>
#include <linux/utsname.h>

#include "eid.h"

static DEFINE_SPINLOCK(smc_eid_lock);
static u8 smc_eids[SMC_MAX_UEID][SMC_EID_LEN];	/* under smc_eid_lock */
static int smc_eid_cnt;				/* under smc_eid_lock */

/* written once at module init, read-only afterwards */
static u8 smc_hostname[SMC_MAX_HOSTNAME_LEN];

static bool smc_eid_alnum(u8 c)
{
	return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* A user EID: A-Z, 0-9, '.' and '-', the first character a letter or a
 * digit, blanks only as padding after the last other character, and not
 * all blanks. Upstream checks the same with the kernel's ctype functions,
 * which also take Latin-1 letters and trailing tabs; we do not.
 */
static bool smc_eid_valid(const u8 *eid)
{
	int len = SMC_EID_LEN, i;

	while (len > 0 && eid[len - 1] == ' ')
		len--;
	if (!len || !smc_eid_alnum(eid[0]))
		return false;
	for (i = 1; i < len; i++)
		if (!smc_eid_alnum(eid[i]) && eid[i] != '.' && eid[i] != '-')
			return false;
	return true;
}

/* the index of @eid in the table, or -1; caller holds smc_eid_lock */
static int smc_eid_find(const u8 *eid)
{
	int i;

	for (i = 0; i < smc_eid_cnt; i++)
		if (!memcmp(smc_eids[i], eid, SMC_EID_LEN))
			return i;
	return -1;
}

/**
 * smc_eid_add() - add a user EID to the table
 * @ueid: SMC_EID_LEN bytes, blank padded
 *
 * Return: 0; -EINVAL if @ueid is not a valid user EID, -ERANGE if the table
 * is full (SMC_MAX_UEID entries), -EEXIST if it is in the table already.
 * These are upstream's error codes.
 */
int smc_eid_add(const u8 *ueid)
{
	int rc = 0;

	if (!smc_eid_valid(ueid))
		return -EINVAL;
	spin_lock_bh(&smc_eid_lock);
	if (smc_eid_cnt >= SMC_MAX_UEID)
		rc = -ERANGE;
	else if (smc_eid_find(ueid) >= 0)
		rc = -EEXIST;
	else
		memcpy(smc_eids[smc_eid_cnt++], ueid, SMC_EID_LEN);
	spin_unlock_bh(&smc_eid_lock);
	return rc;
}

/**
 * smc_eid_del() - remove a user EID from the table
 * @ueid: SMC_EID_LEN bytes, blank padded
 *
 * The other entries keep their order.
 *
 * Return: 0, or -ENOENT if @ueid is not in the table.
 */
int smc_eid_del(const u8 *ueid)
{
	int i, rc = -ENOENT;

	spin_lock_bh(&smc_eid_lock);
	i = smc_eid_find(ueid);
	if (i >= 0) {
		smc_eid_cnt--;
		if (i < smc_eid_cnt)
			memmove(smc_eids[i], smc_eids[i + 1],
				(smc_eid_cnt - i) * SMC_EID_LEN);
		memset(smc_eids[smc_eid_cnt], 0, SMC_EID_LEN);
		rc = 0;
	}
	spin_unlock_bh(&smc_eid_lock);
	return rc;
}

/**
 * smc_eid_flush() - remove every user EID
 */
void smc_eid_flush(void)
{
	spin_lock_bh(&smc_eid_lock);
	memset(smc_eids, 0, sizeof(smc_eids));
	smc_eid_cnt = 0;
	spin_unlock_bh(&smc_eid_lock);
}

/**
 * smc_eid_list() - copy the user EID table, e.g. into a CLC proposal
 * @ueids: room for @max EIDs, @max * SMC_EID_LEN bytes
 * @max: capacity of @ueids in EIDs
 *
 * Copies the first @max entries in table order (the order of the adds).
 *
 * Return: the number of EIDs copied, 0 if the table is empty.
 */
int smc_eid_list(u8 *ueids, int max)
{
	int n;

	spin_lock_bh(&smc_eid_lock);
	n = clamp(smc_eid_cnt, 0, max);
	memcpy(ueids, smc_eids, n * SMC_EID_LEN);
	spin_unlock_bh(&smc_eid_lock);
	return n;
}

/**
 * smc_eid_match() - choose the EID of an SMCv2 connection (server side)
 * @ueids: the client's user EIDs, @cnt * SMC_EID_LEN bytes, in the order of
 *	its CLC proposal
 * @cnt: number of EIDs at @ueids (0 is allowed)
 * @out: SMC_EID_LEN bytes; receives the chosen EID
 *
 * The chosen EID is the first of the client's EIDs that is also in our
 * table, as upstream chooses. @out is left alone when there is none.
 *
 * Return: true if an EID was chosen.
 */
bool smc_eid_match(const u8 *ueids, int cnt, u8 *out)
{
	bool found = false;
	int i;

	spin_lock_bh(&smc_eid_lock);
	for (i = 0; i < cnt; i++) {
		const u8 *eid = ueids + i * SMC_EID_LEN;

		if (smc_eid_find(eid) >= 0) {
			memcpy(out, eid, SMC_EID_LEN);
			found = true;
			break;
		}
	}
	spin_unlock_bh(&smc_eid_lock);
	return found;
}

/**
 * smc_eid_hostname() - the host name an SMCv2 first-contact message carries
 * @out: SMC_MAX_HOSTNAME_LEN bytes; receives the name, blank padded, not
 *	NUL terminated
 *
 * It is the node name of the UTS namespace that loaded the module, as it was
 * at that time, cut to SMC_MAX_HOSTNAME_LEN characters (upstream does the
 * same).
 */
void smc_eid_hostname(u8 *out)
{
	memcpy(out, smc_hostname, SMC_MAX_HOSTNAME_LEN);
}

/**
 * smc_eid_init() - record the host name; the EID table starts empty
 */
void smc_eid_init(void)
{
	const char *node = utsname()->nodename;

	memset(smc_hostname, ' ', sizeof(smc_hostname));
	memcpy(smc_hostname, node,
	       min(strnlen(node, sizeof(utsname()->nodename)),
		   sizeof(smc_hostname)));
}
